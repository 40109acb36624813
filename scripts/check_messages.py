"""Fail if a translation catalogue (.po) is newer than its compiled .mo or does not compile."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    problems = []
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        catalogue = polib.pofile(str(po_path))
        if not mo_path.exists():
            problems.append(f"{mo_path.relative_to(ROOT)} is missing (run `make messages`)")
            continue
        with tempfile.NamedTemporaryFile(suffix=".mo") as fresh:
            catalogue.save_as_mofile(fresh.name)
            compiled = polib.mofile(str(mo_path))
            expected = polib.mofile(fresh.name)
            if {e.msgid: e.msgstr for e in compiled} != {e.msgid: e.msgstr for e in expected}:
                problems.append(f"{mo_path.relative_to(ROOT)} is out of date (run `make messages`)")
        print(f"{po_path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
