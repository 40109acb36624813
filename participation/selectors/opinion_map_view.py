"""The latest opinion map snapshot, ready for a page: SVG coordinates, group colours, the
viewer's own position, representative statements with a plain-language sentence each,
common ground, divisive statements and the same data as table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from participation.models import OpinionMapSnapshot, Statement

# Colour-blind-safe palette (Okabe-Ito), with a distinct marker shape per group.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
SHAPES = ["circle", "square", "diamond", "triangle", "cross"]
SIZE = 320
PAD = 16


@dataclass
class MapPoint:
    x: float
    y: float
    colour: str
    group: str


@dataclass
class MapStatement:
    statement_id: int
    text: str
    sentence: str
    direction: str = ""


@dataclass
class MapGroup:
    label: int
    name: str
    colour: str
    shape: str
    size: int
    share_percent: int
    representative: list[MapStatement] = field(default_factory=list)


@dataclass
class OpinionMapView:
    snapshot: OpinionMapSnapshot
    groups_published: bool
    points: list[MapPoint]
    me: MapPoint | None
    my_group: str | None
    groups: list[MapGroup]
    common_ground: list[MapStatement]
    divisive: list[MapStatement]
    table: list[dict[str, Any]]
    explanation: str
    size: int = SIZE
    # Raked to census margins (area, age band): the table shows a weighted column too.
    weighted: bool = False
    weighting_note: str = ""


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        return low - 1.0, high + 1.0
    return low, high


def _pct(value: float | None) -> int:
    return round(100 * value) if value is not None else 0


def _group_cells(figure: dict[str, Any] | None, groups: list[dict[str, Any]]) -> list[str]:
    by_label = {f["group"]: f for f in (figure or {}).get("groups", [])}
    return [
        f"{_pct(by_label[g['label']]['pa'])}%" if g["label"] in by_label else "-" for g in groups
    ]


def opinion_map_view(
    *,
    snapshot: OpinionMapSnapshot,
    statements: dict[int, Statement],
    participant_id: int | None = None,
) -> OpinionMapView:
    data = snapshot.data
    people = data["participants"]
    published = data["publication"]["status"] == "groups"
    hidden = set(data["publication"].get("hidden_groups", []))
    groups_raw = [g for g in data["groups"] if g["label"] not in hidden] if published else []
    colour_of = {g["label"]: COLOURS[i % len(COLOURS)] for i, g in enumerate(groups_raw)}
    name_of = {g["label"]: g["name"] for g in groups_raw}
    xs, ys = people["x"], people["y"]
    x_low, x_high = _scale(xs)
    y_low, y_high = _scale(ys)

    def place(x: float, y: float) -> tuple[float, float]:
        span = SIZE - 2 * PAD
        return (
            round(PAD + (x - x_low) / (x_high - x_low) * span, 1),
            round(PAD + (y_high - y) / (y_high - y_low) * span, 1),
        )

    points: list[MapPoint] = []
    me: MapPoint | None = None
    my_group: str | None = None
    for pid, x, y, group in zip(people["ids"], xs, ys, people["nearest_group"], strict=True):
        px, py = place(x, y)
        colour = colour_of.get(group, "#6b6b6b") if group is not None else "#6b6b6b"
        point = MapPoint(px, py, colour, name_of.get(group, ""))
        if participant_id is not None and pid == participant_id:
            me = point
            my_group = name_of.get(group)
        else:
            points.append(point)

    def text(pk: Any) -> str:
        statement = statements.get(int(pk))
        return statement.text if statement is not None else _("(statement no longer shown)")

    groups: list[MapGroup] = []
    for index, raw in enumerate(groups_raw):
        group = MapGroup(
            label=raw["label"],
            name=raw["name"],
            colour=colour_of[raw["label"]],
            shape=SHAPES[index % len(SHAPES)],
            size=raw["size"],
            share_percent=_pct(raw["share"]),
        )
        for pick in raw["representative"]:
            if int(pick["statement_id"]) not in statements:
                continue
            share_in, share_out = _pct(pick["share_in"]), _pct(pick["share_out"])
            verb = _("agreed") if pick["direction"] == "agree" else _("disagreed")
            group.representative.append(
                MapStatement(
                    statement_id=int(pick["statement_id"]),
                    text=text(pick["statement_id"]),
                    direction=pick["direction"],
                    sentence=_(
                        "%(in)d%% of group %(g)s %(verb)s, against %(out)d%% of everyone else."
                    )
                    % {"in": share_in, "g": raw["name"], "verb": verb, "out": share_out},
                )
            )
        groups.append(group)

    figures = {int(s["statement_id"]): s for s in data["statements"]}

    def listed(ids: list[Any], kind: str) -> list[MapStatement]:
        found: list[MapStatement] = []
        for pk in ids:
            if int(pk) not in statements:
                continue
            s = figures[int(pk)]
            per_group = ", ".join(
                _("group %(g)s %(p)d%%") % {"g": name_of[f["group"]], "p": _pct(f["pa"])}
                for f in s["groups"]
                if f["group"] in name_of
            )
            if kind == "common":
                sentence = _("%(p)d%% of voters agreed, across every group (%(groups)s).") % {
                    "p": _pct(s["agree_share"]),
                    "groups": per_group,
                }
            else:
                sentence = _("Groups differ most here: agreement %(groups)s.") % {
                    "groups": per_group
                }
            found.append(MapStatement(int(pk), text(pk), sentence))
        return found

    table = [
        {
            "statement_id": pk,
            "text": statement.text,
            "agree": figures[pk]["n_agree"] if pk in figures else 0,
            "disagree": figures[pk]["n_disagree"] if pk in figures else 0,
            "pass": figures[pk]["n_pass"] if pk in figures else 0,
            "groups": _group_cells(figures.get(pk), groups_raw),
            "agree_percent": _pct(figures[pk]["agree_share"]) if pk in figures else None,
            "weighted_percent": (
                _pct(figures[pk]["weighted_agree_share"])
                if pk in figures and figures[pk].get("weighted_agree_share") is not None
                else None
            ),
        }
        for pk, statement in sorted(statements.items())
    ]
    weighting = data.get("weighting") or None
    weighting_note = ""
    if weighting:
        names = {"area": _("area"), "age": _("age band")}
        weighting_note = _(
            "Weighted: each voter counts so that the voters together match the population by "
            "%(dimensions)s (from the city's census and area figures; %(n)d verified voters "
            "place it). Unweighted and weighted shares are shown side by side."
        ) % {
            "dimensions": _(" and ").join(
                str(names.get(d, d)) for d in sorted(weighting["dimensions"])
            ),
            "n": weighting.get("participants_with_attributes", 0),
        }
    if published:
        explanation = _(
            "Each dot is one participant. People who voted alike sit close together. The map "
            "found %(k)d groups of people who tend to vote the same way; the statements under "
            "each group are the ones that set it apart from the others. Common ground lists "
            "statements that a majority of every group agrees with."
        ) % {"k": len(groups)}
    else:
        explanation = _(
            "Each dot is one participant; people who voted alike sit close together. There are "
            "no clear opinion groups yet (too few votes, or views that do not split into "
            "groups), so only what most people share is shown."
        )
    return OpinionMapView(
        snapshot=snapshot,
        groups_published=published,
        points=points,
        me=me,
        my_group=my_group,
        groups=groups,
        common_ground=listed(data.get("common_ground", []), "common"),
        divisive=listed(data.get("divisive", []) if published else [], "divisive"),
        table=table,
        explanation=explanation,
        weighted=bool(weighting),
        weighting_note=weighting_note,
    )
