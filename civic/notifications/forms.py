"""The preferences form: a channel per kind, mute, quiet hours, areas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.notifications.kinds import Channel, kinds
from civic.places.models import Area


class PreferencesForm(forms.Form):
    muted = forms.BooleanField(
        label=_("Mute all email"),
        required=False,
        help_text=_("Notifications stay on the site; no email at all."),
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Immediate emails wait until the quiet hours end (city time)."),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Tell me about everything new in these areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.select_related("organisation").order_by(  # type: ignore[attr-defined]
            "organisation__name", "path"
        )
        for kind in kinds():
            self.fields[f"kind:{kind.kind}"] = forms.ChoiceField(
                label=str(kind.label), choices=Channel.choices, initial=kind.default_channel
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return data

    def channels(self) -> dict[str, str]:
        return {
            name.removeprefix("kind:"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind:")
        }


class AnnouncementForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
