"""Form fields every participation process shares: its areas, SDG goals and languages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area

SDG_CHOICES = [(n, _("Goal %(n)s") % {"n": n}) for n in range(1, 18)]


def areas_field() -> forms.ModelMultipleChoiceField:
    """The organisation's areas; the form narrows the queryset to them."""
    return forms.ModelMultipleChoiceField(
        label=_("Areas concerned"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def sdg_goals_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def languages_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
