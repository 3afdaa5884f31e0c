import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.submissions import SubmitTokenField
from jobcenter_crm.lib.dates import BoundedDateField, BoundedDateTimeField
from jobcenter_crm.lib.forms import PlainForm, model_choice_field
from screening.models import segment_cooperation_conflict

from .identifiers import PHONE_PATTERN, normalise_cvr, normalise_phone, validate_cvr
from .models import Agreement, Company, Contact, ContactPerson, Municipality

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# A planned contact a few minutes ago is "now", not a date in the past worth a question.
PAST_TOLERANCE = datetime.timedelta(minutes=15)
# A done contact a few minutes ahead is a clock that runs fast, not a planned one.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)

DEADLINE_IN_THE_PAST = _(
    "The deadline lies in the past. Choose a later date, or tick the box below if the "
    "date is right."
)


class ContactLogForm(PlainForm):
    """One form for logging or planning a contact, with an optional agreement."""

    submit_token = SubmitTokenField()

    asks_to_confirm_past = False

    channel = forms.ChoiceField(label=_("Channel"), choices=Contact.Channel.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Contact.Direction.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Contact.Status.DONE, _("Done")),
            (Contact.Status.PLANNED, _("Planned")),
        ],
    )
    occurred_at = BoundedDateTimeField(label=_("When"), widget=DATETIME_INPUT)
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"), queryset=ContactPerson.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    agreement_description = forms.CharField(
        label=_("Agreement (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What was agreed, e.g. 'Send three CVs for the warehouse job'."),
    )
    agreement_deadline = BoundedDateField(
        label=_("Agreement deadline"), widget=DATE_INPUT, required=False
    )
    agreement_responsible_side = forms.ChoiceField(
        label=_("Who is responsible"),
        choices=Agreement.Side.choices,
        initial=Agreement.Side.JOBCENTER,
        required=False,
    )
    # Shown only when the form questions a planned time or a deadline in the past.
    confirm_past = forms.BooleanField(label=_("Yes, the date in the past is right"), required=False)

    def __init__(
        self, *args: Any, contact_persons: QuerySet[ContactPerson] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if contact_persons is not None:
            model_choice_field(self, "contact_person").queryset = contact_persons
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        occurred_at = cleaned.get("occurred_at")
        status = cleaned.get("status")
        if (
            isinstance(occurred_at, datetime.datetime)
            and status == Contact.Status.DONE
            and occurred_at > timezone.now() + FUTURE_TOLERANCE
        ):
            self.add_error(
                "occurred_at",
                _("A contact that is done cannot lie in the future. Choose 'Planned' instead."),
            )
        if cleaned.get("agreement_description") and not cleaned.get("agreement_deadline"):
            self.add_error(
                "agreement_deadline", _("An agreement needs a deadline (seed 004: always).")
            )
        if cleaned.get("agreement_deadline") and not cleaned.get("agreement_description"):
            self.add_error("agreement_description", _("Describe what was agreed."))
        self._question_the_past(cleaned)
        return cleaned

    def _question_the_past(self, cleaned: dict[str, object]) -> None:
        """A planned contact or a deadline in the past is most often a typo (issue 8.18):
        ask once; the consultant confirms with `confirm_past`."""
        if cleaned.get("confirm_past"):
            return
        occurred_at = cleaned.get("occurred_at")
        if (
            cleaned.get("status") == Contact.Status.PLANNED
            and isinstance(occurred_at, datetime.datetime)
            and occurred_at < timezone.now() - PAST_TOLERANCE
        ):
            self.add_error(
                "occurred_at",
                _(
                    "The planned contact lies in the past. Choose a later time, or tick "
                    "the box below if the time is right."
                ),
            )
            self.asks_to_confirm_past = True
        deadline = cleaned.get("agreement_deadline")
        if isinstance(deadline, datetime.date) and deadline < timezone.localdate():
            self.add_error("agreement_deadline", DEADLINE_IN_THE_PAST)
            self.asks_to_confirm_past = True


class RelationshipForm(PlainForm):
    is_known = forms.BooleanField(
        label=_("The jobcenter cooperates with the company today"), required=False
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible consultant"), queryset=User.objects.none(), required=False
    )
    opted_out = forms.BooleanField(label=_("The company has refused contact"), required=False)
    opt_out_reason = forms.CharField(
        label=_("Reason for refusing contact"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        consultants: QuerySet[User] | None = None,
        segment_number: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The relationship's current segment, which the flag must not contradict.
        self.segment_number = segment_number
        if consultants is not None:
            model_choice_field(self, "responsible").queryset = consultants

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("opted_out") and not (cleaned.get("opt_out_reason") or "").strip():
            self.add_error("opt_out_reason", _("Write why the company refused contact."))
        conflict = segment_cooperation_conflict(self.segment_number, bool(cleaned.get("is_known")))
        if conflict:
            self.add_error("is_known", conflict)
        return cleaned


class ContactPersonForm(PlainForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class ContactCorrectionForm(PlainForm):
    """Its author's correction of a done contact (the version before is kept)."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Contact.Channel.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Contact.Direction.choices)
    occurred_at = BoundedDateTimeField(label=_("When"), widget=DATETIME_INPUT)
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"), queryset=ContactPerson.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(
        self, *args: Any, contact_persons: QuerySet[ContactPerson] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if contact_persons is not None:
            model_choice_field(self, "contact_person").queryset = contact_persons

    def clean_occurred_at(self) -> datetime.datetime:
        occurred_at: datetime.datetime = self.cleaned_data["occurred_at"]
        # The field shows minutes: the same minute as before is the time unchanged.
        before = self.initial.get("occurred_at")
        if isinstance(before, datetime.datetime) and occurred_at == before.replace(
            second=0, microsecond=0
        ):
            return before
        if occurred_at > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(
                _("A contact that is done cannot lie in the future."), code="future"
            )
        return occurred_at


class AgreementDeadlineForm(PlainForm):
    """A new deadline for an open agreement, questioned once if it lies in the past."""

    asks_to_confirm_past = False

    deadline = BoundedDateField(label=_("New deadline"), widget=DATE_INPUT)
    confirm_past = forms.BooleanField(label=_("Yes, the date in the past is right"), required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        deadline = cleaned.get("deadline")
        if (
            isinstance(deadline, datetime.date)
            and deadline < timezone.localdate()
            and not cleaned.get("confirm_past")
        ):
            self.add_error("deadline", DEADLINE_IN_THE_PAST)
            self.asks_to_confirm_past = True
        return cleaned


class ContactDetailsForm(forms.Form):
    """A consultant's correction of a company's or workplace's phone and e-mail."""

    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone and not PHONE_PATTERN.fullmatch(phone):
            raise forms.ValidationError(
                _("Write a phone number of 8 digits, or with a country code such as +46."),
                code="phone",
            )
        return phone


class CompanyCreateForm(forms.Form):
    existing_company: Company | None = None

    submit_token = SubmitTokenField()
    name = forms.CharField(label=_("Name"), max_length=300)
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=14,
        required=False,
        help_text=_("Leave empty if the company has no CVR number (yet)."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("A postal code has 4 digits.")},
    )
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked the similar companies: this is a different company"),
        required=False,
    )

    def clean_cvr(self) -> str:
        cvr = normalise_cvr(self.cleaned_data.get("cvr") or "")
        if cvr:
            validate_cvr(cvr)
            existing = Company.objects.filter(cvr=cvr).first()
            if existing is not None:
                # The page links to it: open it, or take it in if it lies elsewhere.
                self.existing_company = existing
                raise forms.ValidationError(
                    _("The register already has CVR %(cvr)s: %(name)s."),
                    params={"cvr": cvr, "name": existing.name},
                )
        return cvr


class RegisterSearchForm(PlainForm):
    q = forms.CharField(
        label=_("CVR number or name"),
        max_length=200,
        required=False,
        help_text=_("Searches the whole CVR register, also outside your area."),
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class CompanyTakeInForm(PlainForm):
    """The explicit yes to taking a company of the register in as a relationship."""

    confirm = forms.BooleanField(
        label=_("Yes, our jobcenter works with this company from now on"),
        required=True,
        error_messages={"required": _("Tick the box to take the company in.")},
    )
    responsible = forms.BooleanField(
        label=_("Make me the responsible consultant"), required=False, initial=True
    )

    def __init__(self, *args: Any, may_be_responsible: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_be_responsible:
            del self.fields["responsible"]


class CompanyMergeForm(forms.Form):
    keep = forms.UUIDField(label=_("The record to keep"))
    confirm = forms.BooleanField(
        label=_("Move every jobcenter's contacts, contact persons and agreements to it"),
        required=True,
    )
