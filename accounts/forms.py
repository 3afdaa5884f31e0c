from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.identifiers import PHONE_PATTERN, normalise_phone

from .models import User


def clean_work_phone(value: str) -> str:
    phone = normalise_phone(value)
    if phone and not PHONE_PATTERN.fullmatch(phone):
        raise forms.ValidationError(
            _("Write a phone number of 8 digits, or with a country code such as +46."),
            code="phone",
        )
    return phone


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use only letters, digits and @ . + - _")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    # The invitation and the forgotten-password link go to this address.
    email = forms.EmailField(label=_("E-mail"))
    work_phone = forms.CharField(
        label=_("Work phone"),
        max_length=40,
        required=False,
        help_text=_(
            "Other jobcenters see it with the e-mail on companies you are responsible for."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None:
            self.fields["username"].disabled = True

    def clean_work_phone(self) -> str:
        return clean_work_phone(self.cleaned_data["work_phone"])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username)
        if self.editing is not None:
            taken = taken.exclude(pk=self.editing.pk)
        if taken.exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username


class ProfileForm(forms.Form):
    """What a user keeps up to date about themself."""

    work_phone = forms.CharField(
        label=_("Work phone"),
        max_length=40,
        required=False,
        help_text=_(
            "Other jobcenters see it with your work e-mail on the companies you are "
            "responsible for, so they know whom to call."
        ),
    )

    def clean_work_phone(self) -> str:
        return clean_work_phone(self.cleaned_data["work_phone"])


class PasswordForgottenForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
