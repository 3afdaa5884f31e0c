import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.submissions import SubmitTokenField
from companies.models import Agreement, Contact
from jobcenter_crm.lib.dates import BoundedDateField
from jobcenter_crm.lib.forms import PLAIN_RENDERER, choice_field, model_choice_field
from screening.models import Segment

from .models import Package, Product, ServiceDemand, Track
from .selectors import PackageGroup, TrackGroup
from .services import DemandInput, ProductAgreementInput

WANTED = ServiceDemand.Status.WANTED
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PackageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    order = forms.IntegerField(
        label=_("Order number"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Lower numbers come first. Leave empty to put it last."),
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    track = forms.ModelChoiceField(label=_("Service track"), queryset=Track.objects.all())
    level = forms.ChoiceField(label=_("Level"), choices=Product.Level.choices)
    packages = forms.ModelMultipleChoiceField(
        label=_("Packages"),
        queryset=Package.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    counter_demands = forms.CharField(
        label=_("Counter-demands (modkrav)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What the company must do or meet to get the service."),
    )
    response_hours = forms.IntegerField(
        label=_("Response time (hours)"),
        min_value=1,
        max_value=24 * 365,
        required=False,
        help_text=_("The longest time before the company gets an answer, e.g. 24."),
    )
    delivery_standard = forms.CharField(
        label=_("Delivery standard"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What the company can expect, e.g. '3-5 relevant candidates within a week'."),
    )
    order = forms.IntegerField(
        label=_("Order number"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Lower numbers come first within the track. Leave empty to put it last."),
    )

    def __init__(self, *args: Any, packages: QuerySet[Package], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "packages").queryset = packages


@dataclass
class ChecklistLine:
    """One line of the checklist: a product (or an 'other service' demand) with its
    current demand and the bound fields the template lays out."""

    prefix: str
    product: Product | None
    demand: ServiceDemand | None
    ticked: forms.BoundField
    status: forms.BoundField
    agreement: forms.BoundField | None = None
    deadline: forms.BoundField | None = None
    side: forms.BoundField | None = None

    @property
    def has_errors(self) -> bool:
        return any(
            bound is not None and bound.errors
            for bound in (self.ticked, self.status, self.agreement, self.deadline, self.side)
        )


class ChecklistBoundField(forms.BoundField):
    """Marks an invalid field for Bootstrap and for screen readers (the message's id is
    "<field id>_error"; the template lays the fields out by hand). On the bound field,
    not the widget: the checklist's lines share their fields."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self.auto_id}_error"
        return attrs


class VisitChecklistForm(forms.Form):
    """The visit's checklist: one line per current product (tick, status, an optional
    agreement with deadline), the company's earlier 'other service' wishes, a new one in
    free text, an optional segment re-assessment, and whether the visit is done."""

    # Five fields per product of the catalogue: hundreds of widgets, drawn in Python with
    # the same HTML as Django's widget templates, which were most of the page's time.
    default_renderer = PLAIN_RENDERER
    bound_field_class = ChecklistBoundField
    submit_token = SubmitTokenField()

    other_text = forms.CharField(
        label=_("Other service (free text)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    other_status = forms.ChoiceField(
        label=_("Status of the other service"),
        choices=ServiceDemand.Status.choices,
        initial=ServiceDemand.Status.WANTED,
        required=False,
    )
    segment = forms.ChoiceField(
        label=_("Re-assess the segment"), widget=forms.RadioSelect, required=False
    )
    segment_reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for segment 4: why the company does not want cooperation."),
    )
    # Never ticked in advance: completing the visit is the consultant's own statement.
    complete_visit = forms.BooleanField(
        label=_("The visit has taken place: mark it as done"), required=False, initial=False
    )
    summary = forms.CharField(
        label=_("Summary of the visit"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args: Any,
        visit: Contact,
        products: list[Product],
        demands: list[ServiceDemand],
        segments: list[Segment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.segments = {str(segment.number): segment for segment in segments}
        choice_field(self, "segment").choices = [
            ("", _("No change")),
            *((number, str(segment)) for number, segment in self.segments.items()),
        ]
        self.initial.setdefault("segment", "")
        # A held visit is done already; a visit whose time has not come cannot be done yet.
        self.visit_is_due = (
            visit.status == Contact.Status.PLANNED and visit.occurred_at <= timezone.now()
        )
        if not self.visit_is_due:
            del self.fields["complete_visit"]
            del self.fields["summary"]
        # Every line's tick, status, agreement, deadline and side are the same five fields
        # (a field only cleans; a line's own initial value is in self.initial): three
        # hundred and fifty fields built and collected on every request cost more than
        # the rest of the page.
        self.line_fields = _line_fields()
        by_product = {demand.product_id: demand for demand in demands if demand.product_id}
        self.product_lines: dict[int, ChecklistLine] = {}
        for product in products:
            demand = by_product.get(product.pk)
            prefix = f"product-{product.code}-"
            self._add_line_fields(prefix, demand, with_agreement=True)
            self.product_lines[product.pk] = self._line(prefix, product, demand)
        self.other_lines: list[ChecklistLine] = []
        for demand in demands:
            if demand.product_id is None and demand.status != ServiceDemand.Status.DECLINED:
                prefix = f"other-{demand.code}-"
                self._add_line_fields(prefix, demand, with_agreement=False)
                self.other_lines.append(self._line(prefix, None, demand))
        for field in {id(field): field for field in self.fields.values()}.values():
            _style(field)

    def _add_line_fields(
        self, prefix: str, demand: ServiceDemand | None, *, with_agreement: bool
    ) -> None:
        current = demand is not None and demand.status != ServiceDemand.Status.DECLINED
        shared = self.line_fields
        self.fields[f"{prefix}ticked"] = shared["ticked"]
        self.initial[f"{prefix}ticked"] = current
        self.fields[f"{prefix}status"] = shared["status"]
        self.initial[f"{prefix}status"] = (
            demand.status if demand is not None and current else WANTED
        )
        if with_agreement:
            for name in ("agreement", "deadline", "side"):
                self.fields[f"{prefix}{name}"] = shared[name]

    def _line(
        self, prefix: str, product: Product | None, demand: ServiceDemand | None
    ) -> ChecklistLine:
        return ChecklistLine(
            prefix=prefix,
            product=product,
            demand=demand,
            ticked=self[f"{prefix}ticked"],
            status=self[f"{prefix}status"],
            agreement=self[f"{prefix}agreement"] if product else None,
            deadline=self[f"{prefix}deadline"] if product else None,
            side=self[f"{prefix}side"] if product else None,
        )

    def grouped_lines(self, tracks: list[TrackGroup]) -> list[TrackGroup]:
        """The catalogue's track and package groups with checklist lines for products."""
        return [
            TrackGroup(
                track=group.track,
                packages=[
                    PackageGroup(
                        package=package_group.package,
                        products=[
                            self.product_lines[product.pk] for product in package_group.products
                        ],
                    )
                    for package_group in group.packages
                ],
            )
            for group in tracks
        ]

    def track_rows(self, tracks: list[TrackGroup]) -> list[dict[str, Any]]:
        """Each track's checklist lines with how many are ticked; a track opens by itself
        only when a line needs correcting, so the summary and save stay in reach."""
        rows = []
        for group in self.grouped_lines(tracks):
            lines = [line for package in group.packages for line in package.products]
            rows.append(
                {
                    "group": group,
                    "ticked": sum(1 for line in lines if line.ticked.value()),
                    "open": any(line.has_errors for line in lines),
                }
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for line in self.product_lines.values():
            description = cleaned.get(f"{line.prefix}agreement", "")
            deadline = cleaned.get(f"{line.prefix}deadline")
            if description and not deadline and f"{line.prefix}deadline" not in self.errors:
                # Seed 004: a deadline is always agreed for each delivery.
                self.add_error(f"{line.prefix}deadline", _("An agreement needs a deadline."))
            elif deadline and not description:
                self.add_error(f"{line.prefix}agreement", _("Describe what was agreed."))
            elif isinstance(deadline, datetime.date) and deadline < today:
                self.add_error(f"{line.prefix}deadline", _("The deadline cannot be in the past."))
            if description and not cleaned.get(f"{line.prefix}ticked"):
                # An agreement about a product means the company wants it.
                cleaned[f"{line.prefix}ticked"] = True
        if cleaned.get("segment") == "4" and not cleaned.get("segment_reason", "").strip():
            # Seed 000: the reason must be recorded for segment 4.
            self.add_error("segment_reason", _("Write why the company does not want cooperation."))
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a refusal of the service (e.g. a visit not due yet) on the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned form as the keyword arguments of visit_checklist_record."""
        data = self.cleaned_data
        demands: list[DemandInput] = []
        agreements: list[ProductAgreementInput] = []
        for line in self.product_lines.values():
            assert line.product is not None
            if data[f"{line.prefix}ticked"]:
                demands.append(
                    DemandInput(product=line.product, status=data[f"{line.prefix}status"] or WANTED)
                )
            if data[f"{line.prefix}agreement"]:
                agreements.append(
                    ProductAgreementInput(
                        product=line.product,
                        description=data[f"{line.prefix}agreement"],
                        deadline=data[f"{line.prefix}deadline"],
                        responsible_side=data[f"{line.prefix}side"] or Agreement.Side.JOBCENTER,
                    )
                )
        for line in self.other_lines:
            if data[f"{line.prefix}ticked"]:
                demands.append(
                    DemandInput(demand=line.demand, status=data[f"{line.prefix}status"] or WANTED)
                )
        if data["other_text"].strip():
            demands.append(
                DemandInput(other_text=data["other_text"], status=data["other_status"] or WANTED)
            )
        return {
            "demands": demands,
            "agreements": agreements,
            "segment": self.segments.get(data["segment"]) if data["segment"] else None,
            "segment_reason": data["segment_reason"],
            "complete_visit": data.get("complete_visit", False),
            "summary": data.get("summary", ""),
        }


def _line_fields() -> dict[str, forms.Field]:
    """The fields of a checklist line, shared by all lines of one form."""
    return {
        "ticked": forms.BooleanField(required=False),
        # Not required: a line left out of the post keeps its default, never an error.
        "status": forms.ChoiceField(
            label=_("Status"), choices=ServiceDemand.Status.choices, required=False
        ),
        "agreement": forms.CharField(
            label=_("Agreement"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            max_length=2000,
        ),
        "deadline": BoundedDateField(label=_("Deadline"), widget=DATE_INPUT, required=False),
        "side": forms.ChoiceField(
            label=_("Who is responsible"),
            choices=Agreement.Side.choices,
            initial=Agreement.Side.JOBCENTER,
            required=False,
        ),
    }


def _style(field: forms.Field) -> None:
    """Bootstrap classes for the fields the checklist template lays out by hand."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        widget.attrs.setdefault("class", "form-check-input")
    elif isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "form-select form-select-sm")
    else:
        widget.attrs.setdefault("class", "form-control")


class VisitOutcomeForm(forms.Form):
    """The short form after a visit: it took place, and what came of it (issue 8.12)."""

    summary = forms.CharField(
        label=_("Summary of the visit"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        required=False,
        max_length=10000,
        help_text=_("What was talked about and what happens next."),
    )
