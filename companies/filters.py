"""The company list's search, filters and sort (issue 3, point 6), shared by the list,
its export and the map so all three always show the same companies."""

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Jobcenter, User
from jobcenter_crm.lib.dates import BoundedDateField
from jobcenter_crm.lib.forms import QuickSelect
from screening.models import Segment

from .models import Company, CompanyQuerySet, IndustrySection, Municipality
from .selectors import company_list_rows

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class BoundedDateFilter(django_filters.DateFilter):
    """A date filter held to the product's date window (jobcenter_crm.lib.dates)."""

    field_class = BoundedDateField


# (sort key, column label): the keys of models.COMPANY_ORDERINGS, in column order.
SORT_COLUMNS = [
    ("name", _("Name")),
    ("cvr", _("CVR number")),
    ("municipality", _("Municipality")),
    ("segment", _("Segment")),
    ("last_contact", _("Last contact")),
]


# Filters over reference data loaded by migrations (segments, DB07 sections, the 98
# municipalities): their options are read once per process, not on every keystroke.
# Validation still looks the chosen value up in the database.
REFERENCE_FIELDS = {"segment", "industry", "municipality"}
_REFERENCE_CHOICES: dict[str, list[Any]] = {}


class CompanyFilterForm(forms.Form):
    """Gives every widget its Bootstrap class, and every select the quick widget: the form
    is drawn again on every keystroke in the search field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:
                quick = QuickSelect(attrs=field.widget.attrs)
                choices: Any = _REFERENCE_CHOICES.get(name)
                if choices is None:
                    choices = getattr(field, "choices", field.widget.choices)
                    if name in REFERENCE_FIELDS:
                        choices = _REFERENCE_CHOICES[name] = [c for c in choices]  # noqa: C416
                quick.choices = choices
                field.widget = quick
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


def _sort_choices() -> list[tuple[str, str]]:
    choices = []
    for key, label in SORT_COLUMNS:
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
    return choices


class CompanyFilterSet(django_filters.FilterSet):
    """Filters over the companies a jobcenter sees; segment, responsible, cooperation,
    contact and opt-out are read from that jobcenter's own relationship only (the
    annotations of company_list_rows, never another jobcenter's)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("Name, CVR, P-number or address"),
            }
        ),
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"),
        queryset=Segment.objects.all(),
        to_field_name="number",
        empty_label=_("All"),
        null_label=_("Not screened"),
        null_value="none",
        method="filter_segment",
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"),
        field_name="industry_section",
        queryset=IndustrySection.objects.all(),
        to_field_name="letter",
        empty_label=_("All"),
        method="filter_industry",
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
        method="filter_municipality",
    )
    employees = django_filters.ChoiceFilter(
        label=_("Employees"),
        field_name="employee_band",
        choices=Company.EmployeeBand.choices,
        empty_label=_("All"),
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible consultant"),
        queryset=User.objects.none(),  # the jobcenter's users, set in __init__
        to_field_name="code",
        empty_label=_("All"),
        method="filter_responsible",
    )
    known = django_filters.ChoiceFilter(
        label=_("Cooperates with us today"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_known",
    )
    not_contacted_since = BoundedDateFilter(
        label=_("Not contacted since"),
        method="filter_not_contacted_since",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    opted_out = django_filters.ChoiceFilter(
        label=_("Refused contact"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_opted_out",
    )
    # Drill-down from the reports: the companies behind one figure (reports.figures), with
    # the period it was counted over. Hidden: set by the report's link, not by hand.
    figure = django_filters.CharFilter(method="filter_figure", widget=forms.HiddenInput)
    period_start = BoundedDateFilter(method="filter_period", widget=forms.HiddenInput)
    period_end = BoundedDateFilter(method="filter_period", widget=forms.HiddenInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=_sort_choices,
        empty_label=_("Best match, then name"),
        method="filter_sort",
    )

    class Meta:
        form = CompanyFilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: CompanyQuerySet | None = None,
        *,
        jobcenter: Jobcenter,
        **kwargs: Any,
    ) -> None:
        if queryset is None:
            queryset = company_list_rows(jobcenter=jobcenter)
        super().__init__(data, queryset, **kwargs)
        self.jobcenter = jobcenter
        self.filters["responsible"].queryset = User.objects.for_jobcenter(jobcenter).active()

    def filter_search(self, queryset: CompanyQuerySet, name: str, value: str) -> CompanyQuerySet:
        return queryset.search(value)

    def filter_segment(
        self, queryset: CompanyQuerySet, name: str, value: Segment | str
    ) -> CompanyQuerySet:
        # Here and in the filters below: names company_list_rows annotates, which the
        # django-stubs plugin cannot see through the CompanyQuerySet type.
        if value == "none":
            return queryset.filter(segment_number__isnull=True)  # type: ignore[misc]
        assert isinstance(value, Segment)  # the field's choices are segments and "none"
        return queryset.filter(own_segment_id=value.pk)  # type: ignore[misc]

    def filter_industry(
        self, queryset: CompanyQuerySet, name: str, value: IndustrySection
    ) -> CompanyQuerySet:
        queryset = queryset.filter(industry_section=value)
        if self._only_own_relationships():
            # The same section on the relationship's copy (kept by triggers), which the
            # index of the jobcenter's relationships by segment carries: the database then
            # reads only the relationships of that section, not every one's company row.
            queryset = queryset.filter(own_industry_section_id=value.pk)  # type: ignore[misc]
        return queryset

    def _only_own_relationships(self) -> bool:
        """Whether another filter keeps only companies the jobcenter has a relationship
        with: a segment, a responsible consultant, cooperation or a refusal."""
        data = self.form.cleaned_data
        return (
            isinstance(data.get("segment"), Segment)
            or data.get("responsible") is not None
            or data.get("known") == "yes"
            or data.get("opted_out") == "yes"
        )

    def filter_municipality(
        self, queryset: CompanyQuerySet, name: str, value: Municipality
    ) -> CompanyQuerySet:
        # Seat or any workplace, as in Company.objects.visible_to.
        return queryset.filter(municipality_codes__contains=[value.code])

    def filter_responsible(
        self, queryset: CompanyQuerySet, name: str, value: User
    ) -> CompanyQuerySet:
        return queryset.filter(own__responsible=value)  # type: ignore[misc]

    def filter_known(self, queryset: CompanyQuerySet, name: str, value: str) -> CompanyQuerySet:
        return queryset.filter(is_known=(value == "yes"))  # type: ignore[misc]

    def filter_not_contacted_since(
        self, queryset: CompanyQuerySet, name: str, value: Any
    ) -> CompanyQuerySet:
        return queryset.not_contacted_since(jobcenter=self.jobcenter, since=value)

    def filter_opted_out(self, queryset: CompanyQuerySet, name: str, value: str) -> CompanyQuerySet:
        return queryset.filter(opted_out_on__isnull=(value == "no"))  # type: ignore[misc]

    def filter_figure(self, queryset: CompanyQuerySet, name: str, value: str) -> CompanyQuerySet:
        from reports.figures import companies_behind

        data = self.form.cleaned_data
        return companies_behind(
            queryset,
            jobcenter=self.jobcenter,
            figure=value,
            start=data.get("period_start"),
            end=data.get("period_end"),
        )

    def filter_period(self, queryset: CompanyQuerySet, name: str, value: Any) -> CompanyQuerySet:
        return queryset  # read by filter_figure

    def filter_sort(self, queryset: CompanyQuerySet, name: str, value: str) -> CompanyQuerySet:
        return queryset.ordered_by(value)

    @property
    def is_narrowed(self) -> bool:
        """Whether a filter besides the search is set (the phone layout then shows them)."""
        return any(self.data.get(name) for name in self.filters if name not in ("q", "sort"))

    def count_key(self) -> str | None:
        """The list's filters in one canonical form ("" for the whole list), under which
        a large list's count may be kept (companies.listing); None when the list must be
        counted each time: a search (what it finds is the point), a report's drill-down
        (whose count is the report's figure) or a filter the form refuses."""
        if self.data.get("q") or self.data.get("figure") or not self.form.is_valid():
            return None
        return urlencode(
            sorted(
                (name, str(self.data[name]))
                for name in self.filters
                if name != "sort" and self.data.get(name)
            )
        )

    @property
    def current_sort(self) -> str:
        if self.form.is_valid():
            return self.form.cleaned_data.get("sort") or ""
        return ""

    def sort_columns(self) -> list[dict[str, "StrOrPromise"]]:
        """The sortable columns in order, each with the sort its header link sets
        (ascending first, then the reverse), what that link does, and its aria-sort."""
        current = self.current_sort
        columns: list[dict[str, StrOrPromise]] = []
        for key, label in SORT_COLUMNS:
            if current == key:
                state, next_sort = "ascending", f"-{key}"
            elif current == f"-{key}":
                state, next_sort = "descending", key
            else:
                state, next_sort = "none", key
            action = _("sort descending") if next_sort.startswith("-") else _("sort ascending")
            columns.append(
                {"key": key, "label": label, "state": state, "next": next_sort, "action": action}
            )
        return columns
