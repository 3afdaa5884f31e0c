import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Jobcenter, User
from accounts.submissions import SubmitTokenField
from companies.models import Company, Contact, ContactPerson, IndustrySection
from jobcenter_crm.lib.dates import BoundedDateField, BoundedDateTimeField
from jobcenter_crm.lib.forms import choice_field, model_choice_field

from .models import Campaign, CampaignCompany, ScreeningQuestionSet, Segment
from .pilot import PILOT_QUESTIONS
from .services import (
    CALL_OUTCOMES,
    NewContactPerson,
    ScreeningAnswers,
    SegmentProposal,
    VisitBooking,
    segment_propose,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def company_place(company: Company) -> str:
    """The company's address as a visit's place: what "Book a visit" starts from."""
    town = f"{company.postal_code} {company.city}".strip()
    return ", ".join(part for part in (company.address.strip(), town) if part)


class ScreeningQuestionsForm(forms.Form):
    question_1 = forms.CharField(
        label=_("Question 1 (yes or no)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_1_yes = forms.CharField(label=_("Answer 'yes' (segments 1-2)"), max_length=200)
    answer_1_no = forms.CharField(label=_("Answer 'no' (segments 3-4)"), max_length=200)
    question_2 = forms.CharField(
        label=_("Question 2 (the wanted cooperation)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_binding_agreement = forms.CharField(
        label=_("Answer pointing to segment 1"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_regular_contact = forms.CharField(
        label=_("Answer pointing to segment 2"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_company_calls = forms.CharField(
        label=_("Answer pointing to segment 3"), widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_no_cooperation = forms.CharField(
        label=_("Answer pointing to segment 4"), widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_from(cls, question_set: ScreeningQuestionSet) -> dict[str, str]:
        return {name: getattr(question_set, name) for name in cls.base_fields}


class NetListForm(forms.Form):
    """The net list's filters (seed 000). Bound from GET for the live count and from POST
    when the campaign is saved; `filters()` is the JSON kept on the campaign."""

    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all the municipalities the jobcenter serves."),
    )
    exclude_one_person = forms.BooleanField(
        label=_("Leave out one-person companies (0-1 employees)"), required=False, initial=True
    )
    exclude_known = forms.BooleanField(
        label=_("Leave out companies we cooperate with already"), required=False, initial=True
    )
    exclude_in_campaign = forms.BooleanField(
        label=_("Leave out companies on a campaign that has not ended"),
        required=False,
        initial=True,
    )
    exclude_segmented = forms.BooleanField(
        label=_("Leave out companies that already have a segment (screened, or partners)"),
        required=False,
        initial=True,
        help_text=_("Untick to screen them again."),
    )
    industry_sections = forms.MultipleChoiceField(
        label=_("Industries"), widget=forms.CheckboxSelectMultiple, required=False
    )
    employee_bands = forms.MultipleChoiceField(
        label=_("Number of employees"),
        widget=forms.CheckboxSelectMultiple,
        choices=Company.EmployeeBand.choices,
        required=False,
    )
    not_contacted_since = BoundedDateField(
        label=_("Not contacted since"), widget=DATE_INPUT, required=False
    )

    def __init__(self, *args: Any, jobcenter: Jobcenter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "municipalities").choices = [
            (municipality.code, municipality.name)
            for municipality in jobcenter.served_municipalities.order_by("name")
        ]
        choice_field(self, "industry_sections").choices = [
            (section.letter, str(section)) for section in IndustrySection.objects.order_by("letter")
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        since = data.get("not_contacted_since")
        return {
            "municipalities": sorted(data.get("municipalities") or []),
            "exclude_one_person": bool(data.get("exclude_one_person")),
            "exclude_known": bool(data.get("exclude_known")),
            "exclude_in_campaign": bool(data.get("exclude_in_campaign")),
            "exclude_segmented": bool(data.get("exclude_segmented")),
            "industry_sections": sorted(data.get("industry_sections") or []),
            "employee_bands": list(data.get("employee_bands") or []),
            "not_contacted_since": since.isoformat() if since else None,
        }

    def initial_filters(self) -> dict[str, Any]:
        """The filters of the unbound form (what the page shows before any change)."""
        return {
            "municipalities": [],
            "exclude_one_person": True,
            "exclude_known": True,
            "exclude_in_campaign": True,
            "exclude_segmented": True,
            "industry_sections": [],
            "employee_bands": [],
            "not_contacted_since": None,
        }


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=200)
    starts_on = BoundedDateField(label=_("Starts"), widget=DATE_INPUT)
    ends_on = BoundedDateField(label=_("Ends"), widget=DATE_INPUT)
    target = forms.IntegerField(
        label=_("Target: companies screened"),
        min_value=1,
        initial=350,
        help_text=_("Struer planned 350 companies screened in six months."),
    )
    is_pilot = forms.BooleanField(
        label=_("Pilot (the consultants evaluate the questions afterwards)"), required=False
    )
    consultants = forms.ModelMultipleChoiceField(
        label=_("Consultants who call"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    distribution = forms.ChoiceField(
        label=_("Divide the companies"),
        choices=Campaign.Distribution.choices,
        widget=forms.RadioSelect,
        initial=Campaign.Distribution.EVEN,
    )

    def __init__(self, *args: Any, consultants: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "consultants").queryset = consultants
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("ends_on", today + datetime.timedelta(days=182))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return cleaned


class CampaignCompaniesMoveForm(forms.Form):
    campaign_companies = forms.ModelMultipleChoiceField(
        label=_("Companies"),
        queryset=CampaignCompany.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the companies to move.")},
    )
    consultant = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=User.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self,
        *args: Any,
        campaign_companies: QuerySet[CampaignCompany],
        consultants: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "campaign_companies").queryset = campaign_companies
        model_choice_field(self, "consultant").queryset = consultants


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(status.value, status.label) for status in CALL_OUTCOMES],
        widget=forms.RadioSelect,
    )
    call_back_at = BoundedDateTimeField(
        label=_("Call back at"), widget=DATETIME_INPUT, required=False
    )
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == CampaignCompany.Status.CALL_BACK:
            when = cleaned.get("call_back_at")
            if when is None:
                self.add_error("call_back_at", _("Choose when to call back."))
            elif when <= timezone.now():
                self.add_error("call_back_at", _("Choose a time in the future."))
        return cleaned


class ScreeningForm(forms.Form):
    """The two questions of seed 000 in the jobcenter's words, the segment the consultant
    chooses, the contact person and an optional visit."""

    # A visit booked here sends the company an e-mail: a double click must not book twice.
    submit_token = SubmitTokenField()

    answer_1 = forms.ChoiceField(widget=forms.RadioSelect)
    answer_2 = forms.ChoiceField(widget=forms.RadioSelect)
    segment = forms.TypedChoiceField(
        label=_("The company is placed in segment"), coerce=int, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for segment 4: why does the company not want cooperation?"),
    )
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("New contact person (fill in below)"),
    )
    new_person_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_person_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    new_person_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    new_person_email = forms.EmailField(label=_("E-mail"), required=False)
    book_visit = forms.BooleanField(label=_("A visit was agreed"), required=False)
    visit_date = BoundedDateField(label=_("Date"), widget=DATE_INPUT, required=False)
    visit_time = forms.TimeField(label=_("Time"), widget=TIME_INPUT, required=False)
    visit_place = forms.CharField(label=_("Place"), max_length=300, required=False)
    visit_wishes = forms.CharField(
        label=_("The company's wishes for the meeting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        question_set: ScreeningQuestionSet,
        contact_persons: QuerySet[ContactPerson],
        segments: list[Segment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        answer_1 = choice_field(self, "answer_1")
        answer_1.label = question_set.question_1
        answer_1.choices = [
            ("yes", question_set.answer_1_yes),
            ("no", question_set.answer_1_no),
        ]
        answer_2 = choice_field(self, "answer_2")
        answer_2.label = question_set.question_2
        answer_2.choices = question_set.answer_2_choices()
        choice_field(self, "segment").choices = [
            (segment.number, str(segment)) for segment in segments
        ]
        model_choice_field(self, "contact_person").queryset = contact_persons
        # The proposal is pre-selected only when both answers point to it: when they
        # disagree the consultant chooses, so nothing is chosen for them.
        proposal = self.proposal()
        if (
            proposal is not None
            and not proposal.answers_disagree
            and not self.data.get(self.add_prefix("segment"))
        ):
            self.initial["segment"] = proposal.segment

    def proposal(self) -> SegmentProposal | None:
        """The segment the answers point to, from the submitted (or live) answers."""
        source = self.data if self.is_bound else self.initial
        answer_1 = source.get(self.add_prefix("answer_1"))
        answer_2 = source.get(self.add_prefix("answer_2"))
        # The stubs type ChoiceField.choices as whatever may be assigned; read, it is a list.
        choices_2 = self.fields["answer_2"].choices  # type: ignore[attr-defined]
        valid_2 = {value for value, _label in choices_2}
        if answer_1 not in ("yes", "no") or answer_2 not in valid_2:
            return None
        assert answer_2 is not None  # one of the field's choices
        return segment_propose(answer_1=answer_1 == "yes", answer_2=answer_2)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("segment") == 4 and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Write why the company does not want cooperation."))
        person = cleaned.get("contact_person")
        new_name = (cleaned.get("new_person_name") or "").strip()
        if person is None and not new_name:
            self.add_error(
                "contact_person", _("Choose the contact person or write the name of a new one.")
            )
        if cleaned.get("book_visit"):
            for name in ("visit_date", "visit_time", "visit_place"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Fill this in to book the visit."))
            starts_at = self.visit_starts_at()
            if starts_at is not None and starts_at <= timezone.now():
                self.add_error("visit_date", _("A visit is booked for a time in the future."))
        return cleaned

    def visit_starts_at(self) -> datetime.datetime | None:
        date, time = self.cleaned_data.get("visit_date"), self.cleaned_data.get("visit_time")
        if not date or not time:
            return None
        return timezone.make_aware(datetime.datetime.combine(date, time))

    def answers(self) -> ScreeningAnswers:
        data = self.cleaned_data
        return ScreeningAnswers(
            answer_1=data["answer_1"] == "yes",
            answer_2=data["answer_2"],
            segment=Segment.objects.get(number=data["segment"]),
            reason=data["reason"],
        )

    def new_contact_person(self) -> NewContactPerson | None:
        data = self.cleaned_data
        if data["contact_person"] is not None:
            return None
        return NewContactPerson(
            name=data["new_person_name"].strip(),
            position=data["new_person_position"],
            phone=data["new_person_phone"],
            email=data["new_person_email"],
        )

    def visit_booking(self) -> VisitBooking | None:
        starts_at = self.visit_starts_at()
        if not self.cleaned_data["book_visit"] or starts_at is None:
            return None
        data = self.cleaned_data
        return VisitBooking(
            starts_at=starts_at, place=data["visit_place"], wishes=data["visit_wishes"]
        )


class CompanyScreeningForm(ScreeningForm):
    """The screening form on a company's own page: the same questions, proposal and
    choices, and how the consultant spoke with the company."""

    channel = forms.ChoiceField(
        label=_("How did you speak with the company?"),
        choices=[
            (channel.value, channel.label)
            for channel in (
                Contact.Channel.PHONE,
                Contact.Channel.VISIT,
                Contact.Channel.MEETING,
                Contact.Channel.EMAIL,
            )
        ],
        initial=Contact.Channel.PHONE,
    )


class VisitBookForm(forms.Form):
    """Book a visit outside a campaign, e.g. at a known company (seed 000: known companies
    are screened at their next visit)."""

    submit_token = SubmitTokenField()

    contact_person = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=ContactPerson.objects.none(),
        help_text=_("Without an e-mail address the visit is booked, but no confirmation is sent."),
    )
    starts_at = BoundedDateTimeField(label=_("Time"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=300)
    wishes = forms.CharField(
        label=_("The company's wishes for the meeting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, contact_persons: QuerySet[ContactPerson], **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "contact_person").queryset = contact_persons

    def clean_starts_at(self) -> datetime.datetime:
        starts_at: datetime.datetime = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("A visit is booked for a time in the future."))
        return starts_at


class VisitMoveForm(forms.Form):
    starts_at = BoundedDateTimeField(label=_("New time"), widget=DATETIME_INPUT)

    def clean_starts_at(self) -> datetime.datetime:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("A visit is booked for a time in the future."))
        return starts_at


class PilotFeedbackForm(forms.Form):
    """Seed 000's evaluation questions: a free-text answer and an optional 1-5 rating each."""

    RATING_CHOICES = [("", _("No rating")), *[(str(n), str(n)) for n in range(1, 6)]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in PILOT_QUESTIONS:
            self.fields[f"{question.key}_answer"] = forms.CharField(
                label=question.text, widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.fields[f"{question.key}_rating"] = forms.TypedChoiceField(
                label=_("Rating (1 = not at all, 5 = fully)"),
                choices=self.RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def groups(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        """(group heading, [(answer field, rating field), ...]) in the seed's order."""
        grouped: dict[str, list[tuple[Any, Any]]] = {}
        for question in PILOT_QUESTIONS:
            grouped.setdefault(question.group, []).append(
                (self[f"{question.key}_answer"], self[f"{question.key}_rating"])
            )
        return list(grouped.items())

    def answers(self) -> dict[str, tuple[str, int | None]]:
        return {
            question.key: (
                self.cleaned_data.get(f"{question.key}_answer") or "",
                self.cleaned_data.get(f"{question.key}_rating"),
            )
            for question in PILOT_QUESTIONS
        }
