"""``manage.py import_pb FILE --organisation SLUG --area CODE``: a .pb file as a closed round."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budgeting.services.pabulib_io import PabulibImportError, decode_upload, pabulib_import
from budgeting.services.results import result_publish
from civic.places.models import Area, Organisation


class Command(BaseCommand):
    help = "Import a pabulib .pb (or .pb.gz) file as a closed round; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--area", required=True, help="area code within the organisation")
        parser.add_argument("--title", default="")
        parser.add_argument("--publish", action="store_true", help="publish the result")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['organisation']!r}")
        area = Area.objects.filter(organisation=organisation, code=options["area"]).first()
        if area is None:
            raise CommandError(f"no area {options['area']!r} in {organisation.slug}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            round_ = pabulib_import(
                actor=None,
                organisation=organisation,
                area=area,
                text=decode_upload(path.read_bytes()),
                title=options["title"],
            )
        except PabulibImportError as error:
            raise CommandError(f"{path.name}: {error.message}") from None
        budget = round_.budgets.get()
        if options["publish"]:
            result_publish(actor=None, budget=budget)
        self.stdout.write(
            f"Imported {round_.title!r} ({round_.slug}): {budget.items.count()} projects, "
            f"{budget.ballots.count()} ballots."
        )
