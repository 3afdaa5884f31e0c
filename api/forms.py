from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ApiTokenForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none())
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, e.g. the case system's name."),
    )

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.for_user(admin).active().order_by("username")
