"""Forms for account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civic.accounts.models import User
from civic.places.models import Area, CensusImport, Organisation


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown next to what you write. You can leave it empty."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data.get("display_name", "")
        user.preferred_language = self.cleaned_data.get(
            "preferred_language", settings.LANGUAGE_CODE
        )
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "gender"]


class CensusVerificationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("City"),
        queryset=Organisation.objects.filter(parent__isnull=True),
        empty_label=None,
    )
    identifier = forms.CharField(
        label=_("Identifier on your residence document"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1880, max_value=2200)


class InPersonVerificationForm(forms.Form):
    email = forms.EmailField(label=_("Resident's email address"))
    area = forms.ModelChoiceField(label=_("Area of residence"), queryset=Area.objects.none())
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1880, max_value=2200)
    note = forms.CharField(
        label=_("Document checked"),
        max_length=200,
        required=False,
        help_text=_("For example: 'residence permit'. Do not write document numbers."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class CensusUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Census file (CSV)"),
        help_text=_("UTF-8 CSV with the columns identifier, birth_year and area (the area code)."),
    )
    mode = forms.ChoiceField(
        label=_("What to do with the rows"),
        choices=CensusImport.Mode.choices,
        initial="merge",
        widget=forms.RadioSelect,
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account is deleted for good. What I wrote stays, without my name."
        )
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
