"""Page forms for consultations. Answers are checked by the same module as the API
(``participation.services.consultation_validation``); these forms only parse input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation
from participation.forms.process_fields import areas_field, languages_field, sdg_goals_field
from participation.models import (
    Audience,
    ConsultationAnswerItem,
    ConsultationParagraphRating,
    ConsultationQuestion,
    QuestionKind,
    ResultsVisibility,
)


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, *italic*, lists, links. Other markup is removed."),
    )
    areas = areas_field()
    sdg_goals = sdg_goals_field()
    languages = languages_field()
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=DateTimeLocal())
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=DateTimeLocal())
    audience = forms.ChoiceField(
        label=_("Who may respond"), choices=Audience.choices, widget=forms.RadioSelect
    )
    audience_areas = forms.ModelMultipleChoiceField(
        label=_("Residents of these areas (if chosen above)"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    anonymous = forms.BooleanField(label=_("Anonymous responses"), required=False)
    allow_edit = forms.BooleanField(
        label=_("People may change their response until the consultation closes"),
        required=False,
        initial=True,
    )
    results_visibility = forms.ChoiceField(
        label=_("Show results"), choices=ResultsVisibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
        areas = Area.objects.filter(organisation_id__in=scope).order_by("path")
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["audience_areas"].queryset = areas  # type: ignore[attr-defined]


QUESTION_SETTINGS = (
    "options", "rows", "min", "max", "min_label", "max_label", "integer", "max_length",
    "total", "must_spend_all", "unit", "max_ranked",
)  # fmt: skip


class QuestionForm(forms.Form):
    """Question editor: options are given one per line; keys are kept by position."""

    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choice, ranking, matrix (the scale) and budget questions."),
    )
    rows = forms.CharField(
        label=_("Matrix rows (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    min = forms.CharField(label=_("Minimum"), required=False)
    max = forms.CharField(label=_("Maximum"), required=False)
    min_label = forms.CharField(label=_("Label of the lowest value"), required=False)
    max_label = forms.CharField(label=_("Label of the highest value"), required=False)
    integer = forms.BooleanField(label=_("Whole numbers only"), required=False, initial=True)
    max_length = forms.IntegerField(label=_("Length limit"), required=False)
    total = forms.IntegerField(label=_("Amount to spread (budget)"), required=False)
    must_spend_all = forms.BooleanField(label=_("The whole amount must be spread"), required=False)
    unit = forms.CharField(label=_("Unit (budget)"), required=False, max_length=20)
    max_ranked = forms.IntegerField(label=_("Rank at most (empty: all)"), required=False)
    condition = forms.ChoiceField(label=_("Show only if"), required=False)

    def __init__(
        self, *args: Any, earlier: Sequence[ConsultationQuestion] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", str(_("Always show this question")))]
        for q in earlier:
            if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                for option in q.config.get("options", []):
                    choices.append(
                        (f"{q.pk}:{option['key']}", f"{q.position}. {q.text} = {option['label']}")
                    )
        self.fields["condition"].choices = choices  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(question: ConsultationQuestion) -> dict[str, Any]:
        config = question.config
        initial: dict[str, Any] = {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(o["label"] for o in config.get("options", [])),
            "rows": "\n".join(o["label"] for o in config.get("rows", [])),
        }
        for name in QUESTION_SETTINGS[2:]:
            if config.get(name) is not None:
                initial[name] = config[name]
        if question.condition_question_id and question.condition_values:
            initial["condition"] = (
                f"{question.condition_question_id}:{question.condition_values[0]}"
            )
        return initial

    def config(self, existing: ConsultationQuestion | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        config: dict[str, Any] = {}
        for listing, prefix in (("options", "o"), ("rows", "r")):
            labels = [line.strip() for line in data[listing].splitlines() if line.strip()]
            if not labels:
                continue
            old = existing.config.get(listing, []) if existing else []
            config[listing] = [
                {"key": old[i]["key"] if i < len(old) else f"{prefix}{i + 1}", "label": label}
                for i, label in enumerate(labels)
            ]
        for name in QUESTION_SETTINGS[2:]:
            value = data.get(name)
            if value not in (None, ""):
                config[name] = value
        config["integer"] = bool(data.get("integer"))
        config["must_spend_all"] = bool(data.get("must_spend_all"))
        return config

    def condition_parts(self) -> tuple[int | None, list[str]]:
        value = self.cleaned_data.get("condition") or ""
        if not value:
            return None, []
        question_id, key = value.split(":", 1)
        return int(question_id), [key]


def _options(question: ConsultationQuestion, listing: str = "options") -> list[tuple[str, str]]:
    return [(o["key"], o["label"]) for o in question.config.get(listing, [])]


class ResponseForm(forms.Form):
    """Fields named ``q<id>`` (``q<id>__<row or option>`` for grouped answers).

    Every field is optional here: what is required, and every other rule, is decided by
    ``answers_clean`` (called by the service), whose errors map back to these fields.
    """

    def __init__(
        self, *args: Any, questions: Sequence[ConsultationQuestion], answers: dict[str, Any],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.groups: dict[int, list[str]] = {}
        for q in self.questions:
            self.groups[q.pk] = self._add_fields(q, answers.get(q.field_name))

    def _add(self, name: str, field: forms.Field, initial: Any) -> str:
        field.required = False
        self.fields[name] = field
        if initial not in (None, ""):
            self.initial[name] = initial
        return name

    def _add_fields(self, q: ConsultationQuestion, value: Any) -> list[str]:
        name, kind = q.field_name, q.kind
        text = q.text
        if kind == QuestionKind.SINGLE:
            return [
                self._add(
                    name,
                    forms.ChoiceField(label=text, choices=_options(q), widget=forms.RadioSelect),
                    value,
                )
            ]
        if kind == QuestionKind.MULTIPLE:
            return [
                self._add(
                    name,
                    forms.MultipleChoiceField(
                        label=text, choices=_options(q), widget=forms.CheckboxSelectMultiple
                    ),
                    value,
                )
            ]
        if kind == QuestionKind.RATING:
            low, high = q.config.get("min", 1), q.config.get("max", 5)
            labels = {low: q.config.get("min_label", ""), high: q.config.get("max_label", "")}
            choices = [
                (str(v), f"{v} ({labels[v]})" if labels.get(v) else str(v))
                for v in range(low, high + 1)
            ]
            return [
                self._add(
                    name,
                    forms.ChoiceField(
                        label=text,
                        choices=choices,
                        widget=forms.RadioSelect(attrs={"class": "scale"}),
                    ),
                    str(value) if value is not None else None,
                )
            ]
        if kind == QuestionKind.NUMBER:
            return [
                self._add(
                    name,
                    forms.CharField(
                        label=text, widget=forms.TextInput(attrs={"inputmode": "decimal"})
                    ),
                    value,
                )
            ]
        if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            limit = q.config.get("max_length", 200)
            widget = (
                forms.Textarea(attrs={"rows": 5})
                if kind == QuestionKind.LONG_TEXT
                else forms.TextInput()
            )
            widget.attrs["maxlength"] = str(limit)
            return [self._add(name, forms.CharField(label=text, widget=widget, strip=True), value)]
        names: list[str] = []
        if kind == QuestionKind.RANKING:
            places = [("", "—")] + [(str(i), str(i)) for i in range(1, len(_options(q)) + 1)]
            ranked = list(value or [])
            for key, label in _options(q):
                place = str(ranked.index(key) + 1) if key in ranked else None
                names.append(
                    self._add(
                        f"{name}__{key}", forms.ChoiceField(label=label, choices=places), place
                    )
                )
        elif kind == QuestionKind.MATRIX:
            for key, label in _options(q, "rows"):
                names.append(
                    self._add(
                        f"{name}__{key}",
                        forms.ChoiceField(
                            label=label, choices=_options(q), widget=forms.RadioSelect
                        ),
                        (value or {}).get(key),
                    )
                )
        elif kind == QuestionKind.BUDGET:
            unit = q.config.get("unit", "")
            for key, label in _options(q):
                names.append(
                    self._add(
                        f"{name}__{key}",
                        forms.CharField(
                            label=f"{label} ({unit})" if unit else label,
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                        ),
                        (value or {}).get(key),
                    )
                )
        return names

    def answers(self) -> dict[str, Any]:
        """The raw answers, shaped like the API's payload."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for q in self.questions:
            name = q.field_name
            if q.kind == QuestionKind.RANKING:
                places = {key: data.get(f"{name}__{key}") for key, _l in _options(q)}
                chosen = sorted((int(p), key) for key, p in places.items() if p)
                numbers = [p for p, _k in chosen]
                if len(set(numbers)) != len(numbers):
                    out[name] = [key for _p, key in chosen] + [chosen[0][1]]  # duplicate: refused
                else:
                    out[name] = [key for _p, key in chosen]
            elif q.kind == QuestionKind.MATRIX:
                out[name] = {
                    k: data.get(f"{name}__{k}")
                    for k, _l in _options(q, "rows")
                    if data.get(f"{name}__{k}")
                }
            elif q.kind == QuestionKind.BUDGET:
                out[name] = {
                    k: data.get(f"{name}__{k}") for k, _l in _options(q) if data.get(f"{name}__{k}")
                }
            else:
                out[name] = data.get(name)
        return out

    def add_answer_errors(self, errors: dict[str, list[str]]) -> None:
        """Put ``answers.q3`` / ``answers.q3.row`` errors on the matching fields."""
        for key, messages in errors.items():
            parts = key.split(".")
            field: str | None = None
            if len(parts) >= 2 and parts[0] == "answers":
                candidate = parts[1] if len(parts) == 2 else f"{parts[1]}__{parts[2]}"
                if candidate in self.fields:
                    field = candidate
                else:
                    group = next(
                        (g for q_id, g in self.groups.items() if f"q{q_id}" == parts[1]), []
                    )
                    field = group[0] if group else None
            for message in messages:
                self.add_error(field, message)

    def question_rows(self) -> list[dict[str, Any]]:
        """For the template: each question with its bound fields and its errors."""
        rows = []
        for q in self.questions:
            bound = [self[name] for name in self.groups[q.pk]]
            errors = [e for b in bound for e in b.errors]
            condition = None
            if q.condition_question_id:
                earlier = next((e for e in self.questions if e.pk == q.condition_question_id), None)
                if earlier is not None:
                    labels = [
                        label for key, label in _options(earlier) if key in q.condition_values
                    ]
                    condition = {"position": earlier.position, "labels": labels}
            rows.append(
                {
                    "question": q,
                    "fields": bound,
                    "errors": errors,
                    "condition": condition,
                    "grouped": q.kind
                    in (
                        QuestionKind.RANKING,
                        QuestionKind.MATRIX,
                        QuestionKind.BUDGET,
                        QuestionKind.SINGLE,
                        QuestionKind.MULTIPLE,
                        QuestionKind.RATING,
                    ),
                }
            )
        return rows


class DraftVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    change_note = forms.CharField(label=_("What changed"), max_length=500, required=False)
    source = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Separate paragraphs with a blank line; a line starting with # starts a section."
        ),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Your view"), coerce=int, choices=ConsultationParagraphRating.Value.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Response document"), widget=forms.Textarea(attrs={"rows": 10}))


class AnswerItemForm(forms.Form):
    you_said = forms.CharField(label=_("You said"), widget=forms.Textarea(attrs={"rows": 2}))
    we_did = forms.CharField(label=_("We did"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ConsultationAnswerItem.Outcome.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    link = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args: Any, links: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [("", str(_("The consultation as a whole"))), *links]  # type: ignore[attr-defined]


class ModerationForm(forms.Form):
    hidden = forms.BooleanField(label=_("Hide"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, images, text or office files up to 10 MB.")
    )
