"""The checklist's markup drawn in Python (servicepackages.html) is the markup Django
draws: every widget the same, whatever the field holds, and the pieces that replaced the
templates keep their labels, translations and escaping."""

import datetime
import itertools

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter_crm.lib.forms import PLAIN_RENDERER
from jobcenter_crm.lib.widgets import draw_widget
from screening.models import Segment
from servicepackages import html, selectors
from servicepackages.forms import VisitChecklistForm
from servicepackages.models import Package, Product, ServiceDemand
from servicepackages.services import DemandInput, visit_checklist_record

pytestmark = pytest.mark.django_db

# What a consultant (or a hostile post) can put in a field: markup, quotes, entities,
# Danish letters, line breaks, blanks, text where a date or a choice belongs.
TRICKY = [
    "",
    " ",
    "Send to CV'er",
    'Aftale "med" <b>fed</b> & <script>alert(1)</script>',
    "Ærø, Øster Å &amp; co.",
    "første linje\nanden linje",
    "ikke en dato",
    "2001-01-01",
    "9999-12-31",
    "bogus",
]


def _form(visit, consultant, data=None):
    products = selectors.catalogue_products(consultant)
    demands = list(
        selectors.demands_for_relationship(user=consultant, relationship=visit.relationship)
    )
    return VisitChecklistForm(
        data,
        visit=visit,
        products=products,
        demands=demands,
        segments=list(Segment.objects.order_by("number")),
    )


def _posts(form):
    """Bound data for the checklist: each line's fields given the tricky values in turn
    (and some left out), so every kind of field is drawn valid, invalid and empty."""
    values = itertools.cycle(TRICKY)
    names = [name for name in form.fields if name.startswith(("product-", "other-"))]
    for offset in range(len(TRICKY)):
        data = {}
        for index, name in enumerate(names):
            if (index + offset) % 4 == 0:
                continue  # left out of the post, as a browser leaves an unticked box
            value = next(values)
            if name.endswith("-status") and index % 3 == 0:
                value = "agreed"
            if name.endswith("-side") and index % 2 == 0:
                value = "company"
            if name.endswith("-deadline") and index % 5 == 0:
                value = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
            data[name] = value
        data.update(other_text=next(values), segment="4", segment_reason="")
        yield data


def test_every_checklist_widget_is_drawn_as_django_draws_it(visit, consultant, practice):
    visit_checklist_record(
        visit=visit,
        user=consultant,
        demands=[
            DemandInput(product=practice, status="agreed"),
            DemandInput(other_text="Hjælp til <en> jobmesse", status="wanted"),
        ],
        complete_visit=False,
    )
    unbound = _form(visit, consultant)
    forms_drawn = [unbound, *(_form(visit, consultant, data) for data in _posts(unbound))]
    kinds = set()
    for form in forms_drawn:
        form.is_valid()
        for name in form.fields:
            bound = form[name]
            assert draw_widget(bound) == str(bound), name
            kinds.add((type(bound.field.widget), bool(bound.errors)))
    # Each kind of widget on the line was drawn both valid and marked invalid.
    for widget in (forms.CheckboxInput, forms.Select, forms.Textarea, forms.DateInput):
        assert (widget, False) in kinds
    for widget in (forms.Select, forms.Textarea, forms.DateInput):
        assert (widget, True) in kinds


class _Widgets(forms.Form):
    default_renderer = PLAIN_RENDERER

    text = forms.CharField(help_text="Hjælp <her>", max_length=20)
    number_as_text = forms.CharField(required=False, widget=forms.TextInput(attrs={"size": 3}))
    flag = forms.BooleanField(required=True)
    optional = forms.ChoiceField(
        choices=[(None, "—"), ("1", "Én"), ("1", "Én igen"), ("<2>", "To & tre")],
        required=False,
    )
    grouped = forms.ChoiceField(choices=[("Gruppe", [("a", "A"), ("b", "B")])], required=False)
    locked = forms.CharField(disabled=True, required=False, initial="fast")
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    radio = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect, required=False)


@pytest.mark.parametrize("value", TRICKY)
def test_any_plain_widget_is_drawn_as_django_draws_it(value):
    """Beyond the checklist: required, disabled, help text, a blank choice, a value
    twice among the choices, option groups and radios (the last two drawn by Django)."""
    data = dict.fromkeys(
        ("text", "number_as_text", "flag", "optional", "grouped", "when", "notes", "radio"),
        value,
    )
    for form in (_Widgets(), _Widgets(data), _Widgets({**data, "optional": "1"})):
        form.is_valid()
        for name in form.fields:
            assert draw_widget(form[name]) == str(form[name]), (name, value)


def test_a_product_line_names_its_product_to_screen_readers_and_marks_errors(
    consultant_client, visit, job_rotation
):
    job_rotation.name = "Jobrotation <ny> & 'bedre'"
    job_rotation.save()
    url = reverse("servicepackages:visit-checklist", args=[visit.code])
    response = consultant_client.post(
        url, {"product-jobrotation-agreement": "Find en vikar", "product-jobrotation-side": "x"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    escaped = "Jobrotation &lt;ny&gt; &amp; &#x27;bedre&#x27;"
    start = content.index('id="line-jobrotation"')
    line = content[content.rindex("<li", 0, start) : content.index("</li>", start)]
    assert "border-danger" in line
    assert "<details open>" in line
    assert f'fw-semibold" for="id_product-jobrotation-ticked">{escaped}</label>' in line
    for name in ("status", "agreement", "deadline", "side"):
        assert f'for="id_product-jobrotation-{name}"' in line
        assert f'id="id_product-jobrotation-{name}"' in line
    # Each label and the agreement's summary end with the product's name, for screen readers.
    assert line.count(f'<span class="visually-hidden">: {escaped}</span>') == 5
    for name in ("deadline", "side"):
        error_id = f"id_product-jobrotation-{name}_error"
        assert f'aria-describedby="{error_id}"' in line
        assert f'<div class="invalid-feedback d-block" id="{error_id}">' in line
    assert "En aftale skal have en frist." in line
    # A line without errors or an agreement stays closed.
    start = content.index('id="line-virksomhedspraktik"')
    line = content[content.rindex("<li", 0, start) : content.index("</li>", start)]
    assert "border-danger" not in line
    assert "<details>" in line
    # The lines share their fields: the marks are the erring line's own.
    assert "is-invalid" not in line
    assert "aria-invalid" not in line
    assert content.count('aria-invalid="true"') == 2


def test_each_line_starts_from_its_own_demand(visit, consultant, practice, job_rotation):
    visit_checklist_record(
        visit=visit,
        user=consultant,
        demands=[DemandInput(product=practice, status="agreed")],
        complete_visit=False,
    )
    form = _form(visit, consultant)
    assert form["product-virksomhedspraktik-ticked"].value() is True
    assert form["product-virksomhedspraktik-status"].value() == "agreed"
    assert form["product-jobrotation-ticked"].value() is False
    assert form["product-jobrotation-status"].value() == "wanted"
    assert 'value="agreed" selected' in draw_widget(form["product-virksomhedspraktik-status"])
    assert 'value="wanted" selected' in draw_widget(form["product-jobrotation-status"])
    assert " checked" in draw_widget(form["product-virksomhedspraktik-ticked"])
    assert " checked" not in draw_widget(form["product-jobrotation-ticked"])


def test_the_facts_and_badges_are_translated_and_escaped(jobcenter_a, practice, visit, consultant):
    second = Package.objects.create(
        jobcenter=jobcenter_a, code="to", name="Pakke <to> & tre", order=99
    )
    practice.packages.add(second)
    practice.counter_demands = "Virksomheden <skal> stille en mentor"
    practice.delivery_standard = ""
    practice.response_hours = 1
    practice.save()
    product = next(
        product for product in selectors.catalogue_products(consultant) if product == practice
    )
    with translation.override("da"):
        facts = html.product_facts(product)
        assert "Pakke &lt;to&gt; &amp; tre" in facts
        assert "Pakker:" in facts
        assert "Virksomheden &lt;skal&gt; stille en mentor" in facts
        assert '<dd class="d-inline">1 time</dd>' in facts
        assert "Leveringsstandard" not in facts
        product.response_hours = 24
        assert '<dd class="d-inline">24 timer</dd>' in html.product_facts(product)
        badge = html.level_badge(product)
        assert badge == '<span class="badge text-bg-secondary">Grundservice</span>'
        product.level = Product.Level.EXTENDED
        assert 'text-bg-warning">Udvidet service</span>' in html.level_badge(product)
        demand = ServiceDemand(status="agreed", updated_at=timezone.now())
        badge = html.demand_status_badge(demand)
        assert 'demand-status text-bg-warning">Aftalt</span>' in badge
        assert "ajourført " in badge
        assert html.demand_status_badge(None) == ""
    with translation.override("en"):
        assert '<dd class="d-inline">24 hours</dd>' in html.product_facts(product)
    # A product with none of the facts has no list at all.
    practice.packages.set([second])
    Product.objects.filter(pk=practice.pk).update(counter_demands="", response_hours=None)
    bare = next(p for p in selectors.catalogue_products(consultant) if p == practice)
    assert html.product_facts(bare) == ""
