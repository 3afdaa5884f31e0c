"""Typed access to a form's fields: `Form.fields` holds plain `Field`s as far as a type
checker knows, so setting a choice field's `choices` or `queryset` needs its real class."""

from typing import Any

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field
