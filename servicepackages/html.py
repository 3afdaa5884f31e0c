"""The catalogue's small pieces of markup and the visit checklist's product lines, drawn
in Python.

The checklist has a line per product of the catalogue (seventy in the default one), each
with five fields, badges and facts: drawn with template includes and Django's widget
rendering that was four fifths of the page's time (issue 13). Here a line costs a few
string joins. The templates draw the same pieces through the tags of
`templatetags/servicepackages_html.py`, so each piece of markup has one source.

The widgets are drawn by `jobcenter_crm.lib.widgets.draw_widget`, exactly as Django draws
them (the tests compare the two for every kind of field on the checklist), with the same
escaping as `format_html`.
"""

from typing import TYPE_CHECKING

from django import forms
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from jobcenter_crm.lib.dates import short_date
from jobcenter_crm.lib.widgets import draw_widget, drawn_once
from jobcenter_crm.lib.widgets import escape_html as _e  # short: every value of the markup

if TYPE_CHECKING:
    from .forms import ChecklistLine
    from .models import Product, ServiceDemand


def checklist_field(bound: forms.BoundField, hidden_name: str = "") -> SafeString:
    """A checklist field laid out by hand: label (with `hidden_name`, the product the
    field belongs to, read to screen readers after it), widget, help text and errors."""
    auto_id = _e(bound.auto_id)
    label = drawn_once(bound.form, bound.field, bound.label, lambda: _e(bound.label))
    hidden = f'<span class="visually-hidden">: {_e(hidden_name)}</span>' if hidden_name else ""
    help_text = (
        f'\n  <div class="form-text" id="{auto_id}_helptext">{_e(bound.help_text)}</div>'
        if bound.help_text
        else ""
    )
    errors = "".join(
        f'\n  <div class="invalid-feedback d-block" id="{auto_id}_error">{_e(error)}</div>'
        for error in bound.errors
    )
    return mark_safe(  # noqa: S308  # every value escaped above
        f'<div class="mb-2">\n  <label class="form-label small mb-1" for="{auto_id}">'
        f"{label}{hidden}</label>\n  {draw_widget(bound)}{help_text}{errors}\n</div>"
    )


def level_badge(product: "Product") -> SafeString:
    style = "text-bg-warning" if product.level == "extended" else "text-bg-secondary"
    return mark_safe(  # noqa: S308  # escaped
        f'<span class="badge {style}">{_e(product.get_level_display())}</span>'
    )


_DEMAND_STYLES = {
    "wanted": "text-bg-primary",
    "agreed": "text-bg-warning",
    "delivered": "text-bg-success",
}


def demand_status_badge(demand: "ServiceDemand | None") -> SafeString:
    """The demand's status and when it was last brought up to date ("" for none)."""
    if not demand:
        return mark_safe("")
    style = _DEMAND_STYLES.get(demand.status, "text-bg-secondary")
    updated = gettext("updated %(date)s") % {"date": short_date(demand.updated_at)}
    return mark_safe(  # noqa: S308  # escaped
        f'<span class="badge demand-status {style}">{_e(demand.get_status_display())}</span> '
        f'<span class="small text-body-secondary">{_e(updated)}</span>'
    )


def product_facts(product: "Product") -> SafeString:
    """The product's other packages, counter-demands, response time and delivery
    standard, those it has (the packages from `packages.all()`, prefetched by callers)."""
    packages = list(product.packages.all())
    facts = []
    if len(packages) > 1:
        facts.append((gettext("Packages:"), ", ".join(_e(package) for package in packages)))
    if product.counter_demands:
        facts.append((gettext("Counter-demands:"), _e(product.counter_demands)))
    if product.response_hours:
        hours = ngettext("%(hours)s hour", "%(hours)s hours", product.response_hours) % {
            "hours": formats.localize(product.response_hours)
        }
        facts.append((gettext("Response time:"), _e(hours)))
    if product.delivery_standard:
        facts.append((gettext("Delivery standard:"), _e(product.delivery_standard)))
    if not facts:
        return mark_safe("")
    items = "".join(
        f'\n  <div><dt class="d-inline">{_e(term)}</dt> <dd class="d-inline">{text}</dd></div>'
        for term, text in facts
    )
    return mark_safe(  # noqa: S308  # escaped above
        f'<dl class="small text-body-secondary mb-0 product-facts">{items}\n</dl>'
    )


def checklist_line(line: "ChecklistLine") -> SafeString:
    """One product's line of the checklist: tick with the product's name, level and
    current demand, facts, status, and an agreement with a deadline (open when it holds
    something or an error)."""
    product = line.product
    assert product is not None
    assert line.agreement is not None and line.deadline is not None and line.side is not None
    name = product.name
    has_errors = line.has_errors
    is_open = line.agreement.value() or line.deadline.value() or has_errors
    # Outside the f-string, where makemessages finds it.
    add_agreement = gettext("Add an agreement with a deadline")
    return mark_safe(  # noqa: S308  # every value escaped by the functions called
        f'<li class="list-group-item checklist-line{" border-danger" if has_errors else ""}"'
        f' id="line-{_e(product.code)}">\n'
        f'  <div class="form-check mb-1">\n'
        f"    {draw_widget(line.ticked)}\n"
        f'    <label class="form-check-label fw-semibold" for="{_e(line.ticked.auto_id)}">'
        f"{_e(name)}</label>\n"
        f"    {level_badge(product)}\n"
        f"    {demand_status_badge(line.demand)}\n"
        f"  </div>\n"
        f"  {product_facts(product)}\n"
        f'  <div class="row g-2 mt-1">\n'
        f'    <div class="col-12 col-sm-6">{checklist_field(line.status, name)}</div>\n'
        f"  </div>\n"
        f"  <details{' open' if is_open else ''}>\n"
        f'    <summary class="small">{_e(add_agreement)}'
        f'<span class="visually-hidden">: {_e(name)}</span></summary>\n'
        f'    <div class="row g-2 mt-1">\n'
        f'      <div class="col-12">{checklist_field(line.agreement, name)}</div>\n'
        f'      <div class="col-6">{checklist_field(line.deadline, name)}</div>\n'
        f'      <div class="col-6">{checklist_field(line.side, name)}</div>\n'
        f"    </div>\n"
        f"  </details>\n"
        f"</li>"
    )
