"""Search across processes, proposals, statements, documents and meetings.

One query for a page of hits (a UNION of one SELECT per kind of thing, ordered by rank)
and one to count them. On PostgreSQL the text is matched with full-text search in the
reader's language (``SearchVector``/``SearchQuery``/``SearchRank``, computed on the fly:
the texts are short and few enough; a GIN index would need a stored vector per language)
and, where the language has no configuration of its own (``simple``, which does not split
Chinese words apart), also by substring. Elsewhere (SQLite) every word must appear as a substring.

Only what everyone may see is searched: no draft process of any organisation, no
withdrawn proposal, no statement that is pending, hidden or reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from budgeting.models import Item, ItemStatus, Phase, Round
from participation.models import (
    Consultation,
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationStatus,
    ContentStatus,
    Dialogue,
    DialoguePhase,
    Meeting,
    Statement,
)

MAX_QUERY = 200

#: PostgreSQL text search configurations by language; 'simple' where there is none.
CONFIGS = {"en": "english"}

KIND_LABELS: dict[str, Promise] = {
    "consultation": _("Consultation"),
    "dialogue": _("Open dialogue"),
    "round": _("Participatory budget"),
    "item": _("Proposal"),
    "statement": _("Statement"),
    "document": _("Draft text"),
    "meeting": _("Meeting"),
}


def search_config(language: str) -> str:
    return CONFIGS.get(language.split("-")[0].lower(), "simple")


def clean_query(text: str) -> str:
    """Whitespace collapsed, NUL characters (which PostgreSQL refuses) dropped, capped."""
    return " ".join(text.replace("\x00", " ").split())[:MAX_QUERY]


@dataclass(frozen=True)
class Source:
    kind: str
    queryset: QuerySet[Any]
    title: str
    body: tuple[str, ...]
    parent: Any  # an expression: what the hit's address needs besides its id


def _latest_version() -> Subquery:
    return Subquery(
        ConsultationDraftVersion.objects.filter(consultation=OuterRef("version__consultation"))
        .order_by("-number")
        .values("number")[:1]
    )


def sources() -> list[Source]:
    """What is searched, already limited to what is public."""
    empty = Value("", output_field=CharField())
    return [
        Source(
            "consultation",
            Consultation.objects.exclude(status=ConsultationStatus.DRAFT),
            "title",
            ("summary", "body"),
            empty,
        ),
        Source(
            "dialogue",
            Dialogue.objects.exclude(phase=DialoguePhase.DRAFT),
            "question",
            ("framing",),
            empty,
        ),
        Source(
            "round",
            Round.objects.exclude(phase=Phase.DRAFT),
            "title",
            ("description",),
            F("slug"),
        ),
        Source(
            "item",
            Item.objects.exclude(round__phase=Phase.DRAFT).filter(status=ItemStatus.SUBMITTED),
            "title",
            ("description",),
            F("round__slug"),
        ),
        Source(
            "statement",
            Statement.objects.exclude(dialogue__phase=DialoguePhase.DRAFT).filter(
                status=ContentStatus.PUBLISHED
            ),
            "text",
            (),
            Cast("dialogue_id", CharField()),
        ),
        Source(
            "document",
            ConsultationParagraph.objects.exclude(
                version__consultation__status=ConsultationStatus.DRAFT
            ).filter(version__number=_latest_version()),
            "version__title",
            ("section", "text"),
            Cast("version__consultation_id", CharField()),
        ),
        Source(
            "meeting",
            # Community meetings are public; those of a dialogue still in preparation
            # are left out with the dialogue.
            Meeting.objects.exclude(dialogue__phase=DialoguePhase.DRAFT),
            "title",
            ("description", "place"),
            empty,
        ),
    ]


def _words(query: str) -> list[str]:
    return [w for w in re.split(r"\s+", query) if w][:10]


def _contains_all(source: Source, words: Iterable[str]) -> Q:
    fields = (source.title, *source.body)
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _body(source: Source) -> Any:
    if not source.body:
        return Value("", output_field=TextField())
    if len(source.body) == 1:
        return Cast(source.body[0], TextField())
    from django.db.models.functions import Concat

    parts: list[Any] = []
    for name in source.body:
        if parts:
            parts.append(Value("\n"))
        parts.append(F(name))
    return Concat(*parts, output_field=TextField())


def _select(source: Source, rank: Any) -> QuerySet[Any]:
    return (
        source.queryset.annotate(
            hit_kind=Value(source.kind, output_field=CharField()),
            hit_id=Cast("pk", IntegerField()),
            hit_parent=source.parent,
            hit_title=Cast(source.title, TextField()),
            hit_body=_body(source),
            hit_rank=rank,
        )
        .values_list("hit_kind", "hit_id", "hit_parent", "hit_title", "hit_body", "hit_rank")
        .order_by()
    )


def _title_bonus(source: Source, query: str) -> Case:
    return Case(
        When(**{f"{source.title}__icontains": query}, then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )


class Results(Sequence[Any]):
    """Ranked hits to paginate: pages come from the ranked UNION, the count from a lighter
    one (the same matches, without computing ranks and texts)."""

    def __init__(self, ranked: QuerySet[Any], matched: QuerySet[Any]) -> None:
        self.ranked = ranked
        self.matched = matched

    def count(self, value: object = None) -> int:
        """How many hits (``value`` is the Sequence protocol's, unused)."""
        return self.matched.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: Any) -> Any:
        return self.ranked[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.ranked)


def search_fallback(query: str) -> Results:
    """Every word as a substring of the title or text (databases without full-text
    search); hits whose title holds the whole query come first."""
    words = _words(query)
    ranked, matched = [], []
    for source in sources():
        condition = _contains_all(source, words)
        ranked.append(_select(source, _title_bonus(source, query)).filter(condition))
        matched.append(source.queryset.filter(condition).values_list("pk").order_by())
    return Results(_combine(ranked), _union(matched))


def search_vector(source: Source, config: str) -> Any:
    """The title weighted A, the texts B (the migration's GIN indexes match this)."""
    vector: Any = SearchVector(source.title, weight="A", config=config)
    if source.body:
        vector = vector + SearchVector(*source.body, weight="B", config=config)
    return vector


def search_postgres(query: str, *, language: str) -> Results:
    config = search_config(language)
    search = SearchQuery(query, search_type="websearch", config=config)
    ranked, matched = [], []
    for source in sources():
        vector = search_vector(source, config)
        match = Q(hit_document=search)
        if config == "simple":  # no word splitting for Chinese: substrings too
            match |= _contains_all(source, _words(query))
        found = source.queryset.annotate(hit_document=vector).filter(match)
        matched.append(found.values_list("pk").order_by())
        rank = SearchRank(vector, search) + _title_bonus(source, query)
        ranked.append(
            found.annotate(
                hit_kind=Value(source.kind, output_field=CharField()),
                hit_id=Cast("pk", IntegerField()),
                hit_parent=source.parent,
                hit_title=Cast(source.title, TextField()),
                hit_body=_body(source),
                hit_rank=Cast(rank, FloatField()),
            )
            .values_list("hit_kind", "hit_id", "hit_parent", "hit_title", "hit_body", "hit_rank")
            .order_by()
        )
    return Results(_combine(ranked), _union(matched))


def _union(parts: list[QuerySet[Any]]) -> QuerySet[Any]:
    first, *rest = parts
    return first.union(*rest, all=True)


def _combine(parts: list[QuerySet[Any]]) -> QuerySet[Any]:
    return _union(parts).order_by("-hit_rank", "hit_kind", "hit_id")


def search(query: str, *, language: str = "en") -> Results:
    """Rows (kind, id, parent, title, body, rank), best first; see ``Hit.of``."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        return search_postgres(query, language=language)
    return search_fallback(query)


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    snippet: str
    url: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @classmethod
    def of(cls, row: tuple[Any, ...], query: str) -> Hit:
        kind, pk, parent, title, body, _rank = row
        return cls(kind, pk, title, snippet(body or "", query), hit_url(kind, pk, parent))


def hit_url(kind: str, pk: int, parent: str) -> str:
    if kind == "consultation":
        return reverse("consultation-detail", args=[pk])
    if kind == "dialogue":
        return reverse("dialogue-detail", args=[pk])
    if kind == "round":
        return reverse("budgeting:round", args=[parent])
    if kind == "item":
        return reverse("budgeting:item", args=[parent, pk])
    if kind == "statement":
        return reverse("dialogue-detail", args=[int(parent)]) + f"#statement-{pk}"
    if kind == "meeting":
        return reverse("meeting-detail", args=[pk])
    return reverse("consultation-detail", args=[int(parent)]) + f"#paragraph-{pk}"


def snippet(text: str, query: str, width: int = 200) -> str:
    """About ``width`` characters of ``text`` around the first word of the query found."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    lower = flat.lower()
    found = [lower.find(w.lower()) for w in _words(query)]
    at = min((i for i in found if i >= 0), default=0)
    start = max(0, at - width // 3)
    end = min(len(flat), start + width)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")
