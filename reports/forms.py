"""The report pages' filters: a period and the split (consultant, industry section,
municipality, employee band). The split's values are passed to the company list's own
filters, so a drill-down applies exactly the filters the figure was counted with."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Jobcenter, User
from companies.models import Company, IndustrySection, Municipality
from jobcenter_crm.lib.dates import BoundedDateField

SPLITS = [
    ("", _("No split")),
    ("responsible", _("Consultant")),
    ("industry", _("Industry section")),
    ("municipality", _("Municipality")),
    ("employees", _("Employees")),
]


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The three months before the current one, and the current one so far."""
    month = today.month - 3
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1), today


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """GET form of every team report. Always valid after `clean`: a bad value is shown
    with its Danish error and the report falls back to the default for that field."""

    start = BoundedDateField(label=_("From"), required=False, widget=_DateInput())
    end = BoundedDateField(label=_("To"), required=False, widget=_DateInput())
    responsible = forms.ModelChoiceField(
        label=_("Consultant"),
        queryset=User.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    industry = forms.ModelChoiceField(
        label=_("Industry section"),
        queryset=IndustrySection.objects.all(),
        to_field_name="letter",
        required=False,
        empty_label=_("All"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    employees = forms.ChoiceField(
        label=_("Employees"),
        choices=[("", _("All")), *Company.EmployeeBand.choices],
        required=False,
    )
    split = forms.ChoiceField(label=_("Split by"), choices=SPLITS, required=False)

    def __init__(self, data: Any, *, jobcenter: Jobcenter, today: datetime.date) -> None:
        super().__init__(data)
        self.jobcenter = jobcenter
        self.today = today
        self.fields["responsible"].queryset = User.objects.for_jobcenter(jobcenter).active()  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = jobcenter.served_municipalities.order_by("name")  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_start, default_end = default_period(self.today)
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        # The period's dates are held to the product's window by their fields.
        if start > end:
            self.add_error("end", _("The period must end on or after its first day."))
        if self.errors:
            start, end = default_start, default_end
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


class ReportFilters:
    """The values a report is computed for (the form's, or the defaults)."""

    def __init__(self, form: ReportFilterForm) -> None:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        default_start, default_end = default_period(form.today)
        self.form = form
        self.jobcenter = form.jobcenter
        self.start: datetime.date = data.get("start") or default_start
        self.end: datetime.date = data.get("end") or default_end
        self.responsible: User | None = data.get("responsible")
        self.industry: IndustrySection | None = data.get("industry")
        self.municipality: Municipality | None = data.get("municipality")
        self.employees: str = data.get("employees") or ""
        self.split: str = data.get("split") or ""

    @property
    def start_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The first moment after the period (its last day is included)."""
        return _local_midnight(self.end + datetime.timedelta(days=1))

    def list_params(self) -> dict[str, str]:
        """The company list's own filter parameters for this split."""
        params = {
            "responsible": str(self.responsible.code) if self.responsible else "",
            "industry": self.industry.letter if self.industry else "",
            "municipality": self.municipality.code if self.municipality else "",
            "employees": self.employees,
        }
        return {key: value for key, value in params.items() if value}

    def period_params(self) -> dict[str, str]:
        return {"period_start": self.start.isoformat(), "period_end": self.end.isoformat()}

    def query_params(self) -> dict[str, str]:
        """This report's own query string (for exports and links between reports)."""
        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        params.update(self.list_params())
        if self.split:
            params["split"] = self.split
        return params

    def described(self) -> list[tuple[str, str]]:
        """The filters in words, for the head of an export file."""
        everyone = str(_("All"))
        return [
            (str(_("Jobcenter")), str(self.jobcenter)),
            (
                str(_("Period")),
                f"{date_format(self.start, 'j. F Y')} – {date_format(self.end, 'j. F Y')}",
            ),
            (str(_("Consultant")), str(self.responsible) if self.responsible else everyone),
            (str(_("Industry section")), str(self.industry) if self.industry else everyone),
            (str(_("Municipality")), str(self.municipality) if self.municipality else everyone),
            (str(_("Employees")), self.employees or everyone),
        ]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
