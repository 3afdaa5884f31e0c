"""Forms of the matching app. They validate input only; the services write."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.models import Workplace
from jobcenter_crm.lib.dates import BoundedDateField, BoundedDateTimeField
from jobcenter_crm.lib.forms import choice_field, model_choice_field

from .models import (
    Candidate,
    CompanyInstrument,
    JobOrder,
    JobOrderSettings,
    Placement,
    SynonymTerm,
)

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A search near a postal code looks this far unless the consultant says otherwise.
DEFAULT_SEARCH_RADIUS_KM = 25


class TermListField(forms.CharField):
    """A list of terms typed on one line, separated by commas or semicolons (or one per
    line): "Svejser, smed; klejnsmed" → ["Svejser", "smed", "klejnsmed"]."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", _("Separate with commas."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [term.strip() for term in re.split(r"[,;\n]", text) if term.strip()]


# The form's list fields and where they go in the service's `requirements`/`wishes`.
REQUIREMENT_INPUTS = {
    "required_education": "education",
    "required_skills": "skills",
    "required_certificates": "certificates",
    "required_driving_licences": "driving_licences",
    "required_languages": "languages",
}


class JobOrderForm(forms.Form):
    """The whole order in one form, as a consultant takes it on the phone: what, where,
    when, who is wanted, and how it came in."""

    title = forms.CharField(label=_("Job title"), max_length=200)
    occupation = forms.CharField(
        label=_("Occupation"),
        max_length=200,
        help_text=_("The occupation as candidates name it, e.g. 'Svejser'. Used for matching."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=JobOrder.Kind.choices)
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=80, initial=37
    )
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=999, initial=1)
    postal_code = forms.CharField(
        label=_("Postal code of the workplace"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Workplace.objects.none(), required=False
    )
    start_date = BoundedDateField(
        label=_("Start"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty for as soon as possible."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    required_education = TermListField(label=_("Required education"))
    required_skills = TermListField(label=_("Required skills"))
    required_certificates = TermListField(label=_("Required certificates"))
    required_driving_licences = TermListField(
        label=_("Required driving licences"), help_text=_("E.g. B, C, CE.")
    )
    required_languages = TermListField(label=_("Required languages"))
    wished_skills = TermListField(label=_("Wished skills"))
    wished_experience_years = forms.IntegerField(
        label=_("Wished years of experience"), min_value=0, max_value=60, required=False
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in JobOrder.Channel.choices if c[0] != JobOrder.Channel.API],
    )
    received_at = BoundedDateTimeField(label=_("Received at"), widget=DATETIME_INPUT)
    response_standard = forms.ChoiceField(
        label=_("Response standard"),
        choices=JobOrder.ResponseStandard.choices,
        required=False,
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible consultant"), queryset=User.objects.none()
    )

    def __init__(
        self,
        *args: Any,
        workplaces: QuerySet[Workplace],
        consultants: QuerySet[User],
        settings: JobOrderSettings,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "workplace").queryset = workplaces
        model_choice_field(self, "responsible").queryset = consultants
        choice_field(self, "response_standard").choices = [
            ("", _("By channel: hotline orders get the hotline standard")),
            (
                JobOrder.ResponseStandard.STANDARD,
                _("Standard (%(hours)s hours)") % {"hours": settings.response_hours},
            ),
            (
                JobOrder.ResponseStandard.HOTLINE,
                _("Hotline (%(hours)s hours)") % {"hours": settings.hotline_response_hours},
            ),
        ]
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as `job_order_create`/`job_order_update` take it."""
        data = dict(self.cleaned_data)
        requirements = {key: data.pop(field) for field, key in REQUIREMENT_INPUTS.items()}
        wishes = {
            "skills": data.pop("wished_skills"),
            "experience_years": data.pop("wished_experience_years"),
        }
        data["response_standard"] = data["response_standard"] or None
        return {**data, "requirements": requirements, "wishes": wishes}

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors beside the fields they name."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    @staticmethod
    def initial_from(order: JobOrder) -> dict[str, Any]:
        initial = {
            field: getattr(order, field)
            for field in (
                "title",
                "occupation",
                "kind",
                "hours_per_week",
                "openings",
                "postal_code",
                "start_date",
                "description",
                "channel",
                "response_standard",
                "wished_skills",
                "wished_experience_years",
                *REQUIREMENT_INPUTS,
            )
        }
        initial["workplace"] = order.workplace_id
        initial["responsible"] = order.responsible_id
        initial["received_at"] = timezone.localtime(order.received_at).replace(second=0)
        return initial


class JobOrderCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (s, label) for s, label in JobOrder.Status.choices if s in JobOrder.CLOSED_STATUSES
        ],
        widget=forms.RadioSelect,
    )
    outcome_note = forms.CharField(
        label=_("Note on the outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the order ends without a hire."),
    )


class JobOrderSettingsForm(forms.Form):
    response_hours = forms.IntegerField(
        label=_("Standard response time (hours)"), min_value=1, max_value=24 * 14
    )
    hotline_response_hours = forms.IntegerField(
        label=_("Hotline response time (hours)"), min_value=1, max_value=24 * 14
    )
    on_duty = forms.ModelMultipleChoiceField(
        label=_("On order watch"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["on_duty"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = users


class PlacementProposeForm(forms.Form):
    candidate = forms.UUIDField(widget=forms.HiddenInput)


class PlacementStepForm(forms.Form):
    """The next step of a candidate on an order."""

    status = forms.ChoiceField(label=_("Step"), choices=Placement.Status.choices)
    occurred_at = BoundedDateTimeField(
        label=_("When"),
        widget=DATETIME_INPUT,
        required=False,
        help_text=_("Leave empty for now."),
    )
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=500, required=False)


class CandidateSearchForm(forms.Form):
    """The candidate search (seed 003, koncept 3): terms combined with the case system's
    facts and a place. Bound to the query string, so a search is a link and a template."""

    occupations = TermListField(
        label=_("Occupation or education"),
        max_length=500,
        help_text=_("E.g. “Maskiningeniør, ingeniør”. Separate with commas."),
    )
    qualifications = TermListField(
        label=_("Skills and certificates"),
        max_length=500,
        help_text=_("E.g. “CAD, truckcertifikat”. Separate with commas."),
    )
    unemployed_months = forms.IntegerField(
        label=_("Unemployed for at least (months)"), min_value=0, max_value=600, required=False
    )
    readiness = forms.ChoiceField(
        label=_("Readiness"),
        choices=[("", _("Any")), *Candidate.Readiness.choices],
        required=False,
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("Any")), *Candidate.TargetGroup.choices],
        required=False,
    )
    postal_code = forms.RegexField(
        label=_("Near postal code"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("Enter a Danish postal code of four digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    radius_km = forms.IntegerField(
        label=_("Within (km)"),
        min_value=1,
        max_value=300,
        required=False,
        initial=DEFAULT_SEARCH_RADIUS_KM,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    available_by = BoundedDateField(
        label=_("Can start no later than"), widget=DATE_INPUT, required=False
    )

    # The fields that make a search: without any of them there is nothing to rank by.
    CRITERIA = (
        "occupations",
        "qualifications",
        "unemployed_months",
        "readiness",
        "target_group",
        "postal_code",
        "available_by",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not any(
            data.get(name) not in (None, "", []) for name in self.CRITERIA
        ):
            raise ValidationError(_("Fill in at least one field to search."))
        return data

    def query_values(self) -> dict[str, str]:
        """The submitted values worth keeping in a saved search (strings, as in a URL)."""
        return {
            name: str(self.data[name]).strip()
            for name in self.fields
            if name in self.data and str(self.data[name]).strip()
        }


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=120)


class TalentPoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TalentPoolAddForm(forms.Form):
    pool = forms.UUIDField()
    candidate = forms.UUIDField()


class SynonymForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SynonymTerm.Kind.choices)
    term = forms.CharField(label=_("Term"), max_length=200)
    same_as = forms.CharField(
        label=_("Means the same as"),
        max_length=200,
        help_text=_("E.g. term “CNC-operatør” means the same as “Maskinarbejder”."),
    )


class InstrumentEndForm(forms.Form):
    """The day a running instrument ended (or will end). Drawn in its row of the list
    (matching/company_instruments.html), today proposed."""

    ended_on = BoundedDateField(label=_("Ended on"), widget=DATE_INPUT)


class InstrumentForm(forms.Form):
    """Skånejob, mentor or jobrotation registered for a company: what, where and when."""

    kind = forms.ChoiceField(label=_("Instrument"), choices=CompanyInstrument.Kind.choices)
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Workplace.objects.none(), required=False
    )
    started_on = BoundedDateField(label=_("Started"), widget=DATE_INPUT)
    ended_on = BoundedDateField(
        label=_("Ended"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty while it is running."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, workplaces: "QuerySet[Workplace]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = workplaces  # type: ignore[attr-defined]
        # A company with workplaces (P-units) names the one, so the figure by workplace
        # can count it; one without any has nothing to choose.
        self.fields["workplace"].required = workplaces.exists()
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return cleaned

    @staticmethod
    def initial_from(instrument: CompanyInstrument) -> dict[str, Any]:
        """The registration as it reads now, for the correction page (every field of the
        form is one of the model's)."""
        return model_to_dict(instrument, fields=list(InstrumentForm.base_fields))
