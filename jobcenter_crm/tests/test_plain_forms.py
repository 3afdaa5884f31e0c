"""The plain form renderer draws inputs, textareas and selects in Python: each must be
the HTML Django's own widget templates give, for every value (escaping included)."""

import datetime
import itertools
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from jobcenter_crm.lib.forms import PLAIN_RENDERER, PlainForm

NASTY = ["", "Bager & Søn", '<script>alert("x")</script>', "a'b\"c", "  spaces  ", "æøå ÆØÅ"]


def _both(widget: forms.Widget, value: object, attrs: dict[str, object]) -> tuple[str, str]:
    django = widget.render("field", value, attrs=dict(attrs), renderer=DjangoTemplates())
    plain = widget.render("field", value, attrs=dict(attrs), renderer=PLAIN_RENDERER)
    return django, plain


ATTRS = [{}, {"id": "id_x", "class": "form-control"}, {"required": True, "aria-invalid": "true"}]


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (widget, value, attrs)
        for widget, value, attrs in itertools.product(
            [
                forms.TextInput(),
                forms.EmailInput(),
                forms.NumberInput(),
                forms.HiddenInput(),
                forms.Textarea(attrs={"rows": 3}),
                forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            ],
            [
                None,
                *NASTY,
                12,
                datetime.date(1, 1, 1),
                datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
            ],
            ATTRS,
        )
    ],
)
def test_inputs_and_textareas_match_djangos_templates(widget, value, attrs):
    django, plain = _both(widget, value, attrs)
    assert parse_html(plain) == parse_html(django)


@pytest.mark.parametrize("checked", [True, False, None, "on", ""])
@pytest.mark.parametrize("attrs", ATTRS)
def test_checkboxes_match_djangos_templates(checked, attrs):
    django, plain = _both(forms.CheckboxInput(), checked, attrs)
    assert parse_html(plain) == parse_html(django)


FLAT_CHOICES = [("", "---------"), ("a", "Alfa"), ("b", "Bager & <Søn>")]
GROUPED_CHOICES = [("Gruppe 1", [("1", "En"), ("2", "To")]), ("3", 'Tre "citeret"')]
CHOICES: list[list[Any]] = [FLAT_CHOICES, GROUPED_CHOICES]


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("value", [None, "", "a", "b", "2", "3", "missing", ["a", "b"]])
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple])
def test_selects_match_djangos_templates(choices, value, attrs, widget_class):
    django, plain = _both(widget_class(choices=choices), value, attrs)
    assert parse_html(plain) == parse_html(django)


def test_other_widgets_still_use_djangos_templates():
    widget = forms.RadioSelect(choices=[("a", "Alfa"), ("b", "Beta")])
    django, plain = _both(widget, "a", {"id": "id_r"})
    assert parse_html(plain) == parse_html(django)


class _Form(PlainForm):
    name = forms.CharField(label="Navn", help_text="Hele navnet")
    kind = forms.ChoiceField(label="Art", choices=[("x", "X"), ("y", "Y")])
    agree = forms.BooleanField(label="Enig", required=False)


def test_a_plain_form_puts_bootstraps_classes_and_the_error_state_on_its_widgets():
    form = _Form(data={"name": "", "kind": "z"})
    assert not form.is_valid()
    html = str(form["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'class="form-select is-invalid"' in str(form["kind"])
    assert 'class="form-check-input"' in str(form["agree"])
    valid = _Form(data={"name": "Karen", "kind": "x"})
    assert valid.is_valid()
    assert "is-invalid" not in str(valid["name"]) and 'class="form-control"' in str(valid["name"])


class _EveryWidget(PlainForm):
    """Each widget `{{ field }}` draws in Python (jobcenter_crm.lib.widgets.draw_widget),
    and some it leaves to Django's templates."""

    text = forms.CharField(help_text="Hjælp <her>", max_length=20)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=1)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    moment = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        required=False,
    )
    clock = forms.TimeField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=FLAT_CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED_CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=FLAT_CHOICES[1:], required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    locked = forms.CharField(disabled=True, required=False, initial="fast")
    localized = forms.DecimalField(localize=True, required=False)
    changed = forms.CharField(show_hidden_initial=True, required=False, initial="før")


@pytest.mark.parametrize("value", [*NASTY, "a", "2", "12", "2025-03-01", "2025-03-01T10:30"])
def test_a_plain_forms_fields_are_drawn_as_djangos_templates_draw_them(value):
    data = {name: value for name in _EveryWidget.base_fields if name != "several"}
    for bound_data in (None, data):
        plain = _EveryWidget(bound_data)
        django = _EveryWidget(bound_data, renderer=DjangoTemplates())
        if bound_data:  # validated: the errors are drawn too
            assert plain.is_valid() == django.is_valid()
        for name in _EveryWidget.base_fields:
            # Django's own BoundField.__str__ (as_widget, and the hidden initial value).
            expected = forms.BoundField.__str__(django[name])
            assert parse_html(str(plain[name])) == parse_html(expected), (name, value)
