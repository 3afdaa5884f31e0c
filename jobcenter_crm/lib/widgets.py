"""Form widgets drawn in Python, exactly as Django's widget templates draw them.

Drawing a widget through Django's templates costs a template include per attribute list
and per option; on the hot pages (the company page's forms, the visit checklist's seventy
lines) that was most of the page's time (issue 13). Every drawer of the project uses these
pieces: `draw_widget` for a bound field (PlainBoundField and the checklist), the plain
renderer for a widget's template context (jobcenter_crm.lib.forms) and QuickSelect.
The tests compare each with Django's own drawing (jobcenter_crm/tests/test_plain_forms.py,
servicepackages/tests/test_html.py). Escaping is `conditional_escape`'s.
"""

from collections.abc import Callable, Collection, Iterable
from html import escape as _escape
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe


def escape_html(value: Any) -> str:
    """As `conditional_escape`, without its SafeString wrapping (hot path)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape(str(value))


def attrs_html(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: True is a bare attribute, False is left out.
    return "".join(
        f" {escape_html(name)}" if value is True else f' {escape_html(name)}="{escape_html(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(input_type: str, name: str, shown: Any, attrs: dict[str, Any]) -> str:
    """`shown`: the widget's formatted value (None: no value attribute)."""
    value = "" if shown is None else f' value="{escape_html(shown)}"'
    kind, named = escape_html(input_type), escape_html(name)
    return f'<input type="{kind}" name="{named}"{value}{attrs_html(attrs)}>'


def textarea_html(name: str, shown: Any, attrs: dict[str, Any]) -> str:
    text = escape_html(shown) if shown else ""
    return f'<textarea name="{escape_html(name)}"{attrs_html(attrs)}>\n{text}</textarea>'


def flat_options(choices: Iterable[tuple[Any, Any]]) -> list[tuple[str, str]] | None:
    """A select's choices as (value, escaped label); None when there are option groups
    (drawn by Django's templates). Iterated, not list()ed: list() asks a model field's
    iterator for its length first, a COUNT query."""
    options = [choice for choice in choices]  # noqa: C416
    if any(isinstance(label, list | tuple) for _, label in options):
        return None
    return [("" if value is None else str(value), escape_html(label)) for value, label in options]


def select_html(
    name: str,
    attrs: dict[str, Any],
    options: list[tuple[str, str]],
    wanted: Collection[str],
    *,
    multiple: bool = False,
) -> str:
    """`options` from flat_options; `wanted`: the widget's formatted value."""
    drawn = []
    chosen = False
    for text, label in options:
        # As ChoiceWidget.optgroups: only the first option with the value is selected,
        # unless the select takes several.
        selected = (multiple or not chosen) and text in wanted
        chosen = chosen or selected
        mark = " selected" if selected else ""
        drawn.append(f'\n  <option value="{escape_html(text)}"{mark}>{label}</option>')
    return f'<select name="{escape_html(name)}"{attrs_html(attrs)}>{"".join(drawn)}\n</select>'


def drawn_once(form: forms.BaseForm, owner: Any, part: Any, draw: Callable[[], Any]) -> Any:
    """`draw()` of `part` of `owner` (a field or widget), kept on the form for the page:
    the checklist's lines share their fields, so their labels and options are the same
    on every line. The form is drawn for one request, so in one language."""
    cache: dict[int, tuple[Any, Any, Any]] = form.__dict__.setdefault("_drawn_once", {})
    kept = cache.get(id(owner))
    if kept is None or kept[0] is not owner or kept[1] is not part:
        kept = cache[id(owner)] = (owner, part, draw())
    return kept[2]


# Exactly these classes: a subclass may draw itself otherwise. (Not PasswordInput: it
# leaves out its value; not the multiple or grouped choices: Django's templates.)
_INPUTS = (
    forms.CheckboxInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.EmailInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.TextInput,
    forms.TimeInput,
    forms.URLInput,
)


def draw_widget(bound: forms.BoundField) -> SafeString:
    """`bound.as_widget()` (Django's widget templates), faster; the same HTML."""
    widget = bound.field.widget
    kind = type(widget)
    if (
        bound.field.localize
        or widget.is_localized
        or not (kind in _INPUTS or kind is forms.Textarea or kind is forms.Select)
    ):
        return bound.as_widget()
    # As BoundField.as_widget and Widget.get_context.
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    value = bound.value()
    if kind is forms.Select:
        assert isinstance(widget, forms.Select)
        options = drawn_once(
            bound.form, widget, widget.choices, lambda: flat_options(widget.choices)
        )
        if options is None:
            return bound.as_widget()
        html = select_html(bound.html_name, final_attrs, options, widget.format_value(value))
    elif kind is forms.Textarea:
        html = textarea_html(bound.html_name, widget.format_value(value), final_attrs)
    else:
        if isinstance(widget, forms.CheckboxInput) and widget.check_test(value):
            final_attrs = {**final_attrs, "checked": True}
        input_type = widget.input_type
        html = input_html(input_type, bound.html_name, widget.format_value(value), final_attrs)
    return mark_safe(html)  # noqa: S308  # every value escaped by the drawers
