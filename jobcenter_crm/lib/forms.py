"""Small things every app's forms need: typed access to a form's fields (`Form.fields`
holds plain `Field`s as far as a type checker knows, so setting a choice field's `choices`
or `queryset` needs its real class), the data to bind a form to, and a quick <select>."""

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString, mark_safe

from .widgets import (
    attrs_html,
    draw_widget,
    escape_html,
    flat_options,
    input_html,
    select_html,
    textarea_html,
)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


# Plain form rendering (templates/includes/field.html): Bootstrap's classes are put on the
# widget here, so a template writes `{{ field }}` and no crispy layout is drawn per field.
_WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "nullbooleanselect": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "",
    "checkboxselectmultiple": "",
}


def _input_html(widget: dict[str, Any]) -> str:
    return input_html(widget["type"], widget["name"], widget["value"], widget["attrs"])


def _textarea_html(widget: dict[str, Any]) -> str:
    return textarea_html(widget["name"], widget["value"], widget["attrs"])


def _select_html(widget: dict[str, Any]) -> str:
    """From the widget's context, whose options Django has chosen (and grouped) already."""
    parts = [f'<select name="{escape_html(widget["name"])}"', attrs_html(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape_html(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape_html(option["value"])}"'
                f"{attrs_html(option['attrs'])}>{escape_html(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}
_PYTHON_WIDGETS = {
    **dict.fromkeys(_INPUT_TEMPLATES, _input_html),
    "django/forms/widgets/textarea.html": _textarea_html,
    "django/forms/widgets/select.html": _select_html,
}


class PlainRenderer(DjangoTemplates):
    """Draws the common widgets (inputs, textareas, selects) in Python, exactly as Django's
    widget templates do, and everything else through those templates. A select of 50
    consultants costs one call instead of a hundred template includes. (A PlainForm's
    `{{ field }}` skips even the widget's context: jobcenter_crm.lib.widgets.draw_widget.)"""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        draw = _PYTHON_WIDGETS.get(template_name)
        if draw is not None and "widget" in context:
            return draw(context["widget"])
        return super().render(template_name, context, request)


PLAIN_RENDERER = PlainRenderer()


class PlainBoundField(forms.BoundField):
    def __str__(self) -> SafeString:
        if self.field.show_hidden_initial:
            return super().__str__()
        return draw_widget(self)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [
            widget.attrs.get("class", ""),
            _WIDGET_CLASSES.get(self.widget_type, "form-control"),
        ]
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(css for css in classes if css)
        return attrs


class PlainForm(forms.Form):
    """A form drawn by templates/includes/field.html (label, widget, help, errors)."""

    bound_field_class = PlainBoundField
    default_renderer = PLAIN_RENDERER


def preload_choices(form: forms.BaseForm, name: str, objects: list[Any]) -> None:
    """Draw a model choice field's options from objects the page has loaded already, so
    rendering runs no query; validation still checks the field's queryset."""
    field = model_choice_field(form, name)
    choices: list[tuple[Any, Any]] = []
    if field.empty_label is not None:
        choices.append(("", field.empty_label))
    choices += [
        (ModelChoiceIteratorValue(field.prepare_value(obj), obj), field.label_from_instance(obj))
        for obj in objects
    ]
    field.widget.choices = choices


def posted(request: HttpRequest) -> "QueryDict | None":
    """The data to bind a form to: the POST data on a POST, else None (an unbound form).

    `request.POST or None` is wrong for a POST whose fields are all empty (an empty
    QueryDict is false): the form would be unbound and not say what is missing."""
    return request.POST if request.method == "POST" else None


class QuickSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option: the same HTML
    as Django's Select for flat choices, at a fraction of the cost on lists with a hundred
    options (municipalities, colleagues) on pages that are drawn on every keystroke."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        options = flat_options(self.choices)
        if options is None:
            return super().render(name, value, attrs, renderer)  # option groups
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        html = select_html(
            name,
            final_attrs,
            options,
            self.format_value(value),
            multiple=self.allow_multiple_selected,
        )
        return mark_safe(html)  # noqa: S308  # escaped by select_html
