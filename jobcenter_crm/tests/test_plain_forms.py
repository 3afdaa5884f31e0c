"""The plain form renderer draws inputs, textareas and selects in Python: each must be
the HTML Django's own widget templates give, for every value (escaping included)."""

import datetime
import itertools

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


CHOICES = [
    [("", "---------"), ("a", "Alfa"), ("b", "Bager & <Søn>")],
    [("Gruppe 1", [("1", "En"), ("2", "To")]), ("3", 'Tre "citeret"')],
]


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
