"""The catalogue's small pieces of markup and the visit checklist's product lines, drawn
in Python.

The checklist has a line per product of the catalogue (seventy in the default one), each
with five fields, badges and facts: drawn with template includes and Django's widget
rendering that was four fifths of the page's time (issue 13). Here a line costs a few
string joins. The templates draw the same pieces through the tags of
`templatetags/servicepackages_html.py`, so each piece of markup has one source.

The widgets are drawn exactly as Django draws them (`draw_widget`; the tests compare the
two for every kind of field on the checklist), with the same escaping as `format_html`.
"""

from collections.abc import Callable
from html import escape as _escape
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from jobcenter_crm.lib.dates import short_date

if TYPE_CHECKING:
    from .forms import ChecklistLine
    from .models import Product, ServiceDemand


def _e(value: Any) -> str:
    """Escaped as `conditional_escape` does, without its wrapping (hot path)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: True is a bare attribute, False is left out.
    return "".join(
        f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: forms.Widget, name: str, value: Any, attrs: dict[str, Any]) -> str:
    if isinstance(widget, forms.CheckboxInput) and widget.check_test(value):
        attrs = {**attrs, "checked": True}
    shown = widget.format_value(value)
    value_attr = "" if shown is None else f' value="{_e(shown)}"'
    input_type = widget.input_type  # type: ignore[attr-defined]  # every Input has one
    return f'<input type="{_e(input_type)}" name="{_e(name)}"{value_attr}{_attrs(attrs)}>'


def _textarea(widget: forms.Widget, name: str, value: Any, attrs: dict[str, Any]) -> str:
    shown = widget.format_value(value)
    return f'<textarea name="{_e(name)}"{_attrs(attrs)}>\n{_e(shown) if shown else ""}</textarea>'


def _options(widget: forms.Select) -> list[tuple[str, str]] | None:
    """The select's choices as (value, escaped label); None for option groups."""
    choices = list(widget.choices)
    if any(isinstance(label, list | tuple) for _, label in choices):
        return None
    return [("" if value is None else str(value), _e(label)) for value, label in choices]


def _select(
    widget: forms.Widget,
    name: str,
    value: Any,
    attrs: dict[str, Any],
    options: list[tuple[str, str]] | None = None,
) -> str | None:
    assert isinstance(widget, forms.Select)
    if options is None:
        options = _options(widget)
        if options is None:
            return None  # option groups: Django's own drawing
    wanted = widget.format_value(value)
    drawn = []
    chosen = False
    for text, label in options:
        # As ChoiceWidget.optgroups: only the first option with the value is selected.
        selected = not chosen and text in wanted
        chosen = chosen or selected
        drawn.append(
            f'\n  <option value="{_e(text)}"{" selected" if selected else ""}>{label}</option>'
        )
    return f'<select name="{_e(name)}"{_attrs(attrs)}>{"".join(drawn)}\n</select>'


def _drawn_once(form: forms.BaseForm, owner: Any, part: Any, draw: Callable[[], Any]) -> Any:
    """`draw()` of `part` of `owner` (a field or widget), kept on the form for the page:
    the checklist's lines share their fields, so their labels and options are the same
    on every line. The form is drawn for one request, so in one language."""
    cache: dict[int, tuple[Any, Any, Any]] = form.__dict__.setdefault("_drawn_once", {})
    kept = cache.get(id(owner))
    if kept is None or kept[0] is not owner or kept[1] is not part:
        kept = cache[id(owner)] = (owner, part, draw())
    return kept[2]


# Exactly these classes: a subclass may draw itself otherwise.
_DRAW: dict[type, Callable[[forms.Widget, str, Any, dict[str, Any]], str | None]] = {
    forms.CheckboxInput: _input,
    forms.DateInput: _input,
    forms.TextInput: _input,
    forms.Textarea: _textarea,
    forms.Select: _select,
}


def draw_widget(bound: forms.BoundField) -> str:
    """`str(bound)` (BoundField.as_widget with Django's widget templates), faster."""
    widget = bound.field.widget
    draw = _DRAW.get(type(widget))
    if draw is None or bound.field.localize or widget.is_localized:
        return str(bound)
    # As BoundField.as_widget and Widget.get_context.
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    if draw is _select:
        assert isinstance(widget, forms.Select)
        options = _drawn_once(bound.form, widget, widget.choices, lambda: _options(widget))
        if options is None:
            return str(bound)
        return _select(widget, bound.html_name, bound.value(), final_attrs, options) or ""
    html = draw(widget, bound.html_name, bound.value(), final_attrs)
    return str(bound) if html is None else html


def checklist_field(bound: forms.BoundField, hidden_name: str = "") -> SafeString:
    """A checklist field laid out by hand: label (with `hidden_name`, the product the
    field belongs to, read to screen readers after it), widget, help text and errors."""
    auto_id = _e(bound.auto_id)
    label = _drawn_once(bound.form, bound.field, bound.label, lambda: _e(bound.label))
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
