"""A jobcenter's own work with a company: the relationship, contact persons, the contact
log with its revisions, and agreements."""

import datetime
import uuid
from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import date_bounds_check, datetime_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

if TYPE_CHECKING:
    from accounts.models import User


from .register import Company, IndustrySection


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The translated label of `value`, or the value itself when it is not a choice (as
    Django's get_FOO_display does)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class CompanyRelationshipQuerySet(JobcenterOwnedQuerySet["CompanyRelationship"]):
    def contactable(self) -> "CompanyRelationshipQuerySet":
        return self.filter(opted_out_on__isnull=True, company__ceased_on__isnull=True)


class CompanyRelationship(models.Model):
    """One jobcenter's relationship with one company: private to that jobcenter, except
    what other jobcenters may see (segment, responsible consultant, last contact)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.PROTECT, related_name="relationships"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="relationships")
    # The company's municipality_codes, copied by database triggers (migration
    # 0011_relationship_company_municipalities) whenever the relationship is written or
    # the company's codes change: whether the company is outside the jobcenter's area is
    # then known from the relationship alone (visible_to). Whatever Django writes here is
    # replaced by the trigger.
    company_municipality_codes = ArrayField(
        models.CharField(max_length=4), default=list, editable=False
    )
    # The company's industry section, copied by the same triggers (migration
    # 0014_relationship_company_section): the list narrowed to the jobcenter's own
    # relationships (a segment, say) and a section finds its companies by one index of the
    # relationships instead of reading every related company's row (companies.filters).
    company_industry_section = models.ForeignKey(
        IndustrySection,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        db_index=False,
        related_name="+",
    )
    is_known = models.BooleanField(
        _("cooperates with us today"),
        default=False,
        help_text=_("Known company (kendt virksomhed): the jobcenter cooperates with it today."),
    )
    segment = models.ForeignKey(
        "screening.Segment",
        verbose_name=_("segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    responsible = models.ForeignKey(
        "accounts.User",
        verbose_name=_("responsible consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
    )
    opted_out_on = models.DateField(_("refused contact on"), null=True, blank=True)
    opt_out_reason = models.TextField(_("reason for refusing contact"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyRelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "company"], name="one_relationship_per_jobcenter"
            ),
            models.CheckConstraint(
                condition=models.Q(opted_out_on__isnull=True) | ~models.Q(opt_out_reason=""),
                name="opt_out_has_reason",
            ),
        ]
        indexes = [
            # The company list narrowed to a segment (and a section) counts and pages
            # from this index alone: it carries every column of the relationship the
            # list's query reads, the responsible consultant's key among them.
            models.Index(
                fields=["jobcenter", "segment", "company_industry_section"],
                include=["company", "responsible"],
                name="relationship_segment_section",
            ),
            models.Index(fields=["jobcenter", "responsible"], name="relationship_responsible"),
            models.Index(
                fields=["jobcenter"],
                include=["company", "company_municipality_codes"],
                name="relationship_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobcenter}: {self.company}"

    def clean(self) -> None:
        from screening.models import segment_cooperation_conflict

        if self.segment is not None:
            conflict = segment_cooperation_conflict(self.segment.number, self.is_known)
            if conflict:
                raise ValidationError({"is_known": conflict})

    @property
    def is_opted_out(self) -> bool:
        return self.opted_out_on is not None


class ContactPersonQuerySet(JobcenterOwnedQuerySet["ContactPerson"]):
    def active_at(self, company: "Company") -> "ContactPersonQuerySet":
        """The company's current contact persons (with for_user: the own jobcenter's)."""
        return self.filter(relationship__company=company, is_active=True)


class ContactPerson(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        CompanyRelationship, on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.position}" if self.position else self.name


class ContactQuerySet(JobcenterOwnedQuerySet["Contact"]):
    def done(self) -> "ContactQuerySet":
        return self.filter(status=Contact.Status.DONE)

    def planned(self) -> "ContactQuerySet":
        return self.filter(status=Contact.Status.PLANNED)


class Contact(models.Model):
    """One entry in the contact log: a call, visit, e-mail or meeting, planned or done."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("We contacted the company")
        INBOUND = "inbound", _("The company contacted us")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    # No index of its own: contact_timeline_all and contact_timeline start with it. A
    # third one made the planner, which expects a few entries per relationship, read a
    # long log through it and sort, instead of reading the latest in the timeline's order.
    relationship = models.ForeignKey(
        CompanyRelationship, on_delete=models.PROTECT, related_name="contacts", db_index=False
    )
    consultant = models.ForeignKey(
        "accounts.User",
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    contact_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    occurred_at = models.DateTimeField(_("when"))
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The latest correction by its author; the versions before it are ContactRevisions.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at"]
        constraints = [datetime_bounds_check("occurred_at", name="contact_occurred_at_in_window")]
        indexes = [
            models.Index(
                fields=["relationship", "status", "-occurred_at"], name="contact_timeline"
            ),
            # The company page's log, latest first in pages of ten, whatever the status:
            # read in index order instead of sorting every entry of a long relationship.
            models.Index(
                fields=["relationship", "-occurred_at", "-id"], name="contact_timeline_all"
            ),
            models.Index(
                fields=["consultant", "status", "occurred_at"], name="contact_consultant_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    # The log shows these for every entry: looked up in the choices' enum, not in the dict
    # of every choice that Django's generated get_FOO_display builds on each call.
    def get_channel_display(self) -> str:  # type: ignore[no-redef]  # the stubs declare Django's
        return _choice_label(self.Channel, self.channel)

    def get_direction_display(self) -> str:  # type: ignore[no-redef]  # the stubs declare Django's
        return _choice_label(self.Direction, self.direction)

    def get_status_display(self) -> str:  # type: ignore[no-redef]  # the stubs declare Django's
        return _choice_label(self.Status, self.status)

    @property
    def visit_code(self) -> uuid.UUID:
        """The code a visit's pages (checklist, outcome) are reached by: its booking's
        (screening's Visit, with the confirmation) when it was booked, its own when it was
        only written in the log. Lists that link to visits select_related("visit")."""
        try:
            return self.visit.code
        except ObjectDoesNotExist:
            return self.code


class ContactRevisionQuerySet(JobcenterOwnedQuerySet["ContactRevision"]):
    pass


class ContactRevision(models.Model):
    """A logged contact as it read before its author corrected it (issue 8.8): the log is
    a record of what was done, so a correction never overwrites what was there."""

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="revisions")
    channel = models.CharField(_("channel"), max_length=10, choices=Contact.Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Contact.Direction.choices)
    occurred_at = models.DateTimeField(_("when"))
    summary = models.TextField(_("summary"), blank=True)
    contact_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who replaced this version, and when.
    corrected_by = models.ForeignKey(
        "accounts.User", verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected"))

    objects = ContactRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("earlier version of a contact")
        verbose_name_plural = _("earlier versions of contacts")
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contact} ({self.corrected_at:%Y-%m-%d %H:%M})"


class AgreementQuerySet(JobcenterOwnedQuerySet["Agreement"]):
    def open(self) -> "AgreementQuerySet":
        return self.filter(status=Agreement.Status.OPEN)

    def overdue(self, *, today: datetime.date) -> "AgreementQuerySet":
        return self.open().filter(deadline__lt=today)

    def followed_by(self, user: "User") -> "AgreementQuerySet":
        """The agreements `user` follows up: those the user is responsible for, and those
        the company owes at a company the user is the responsible consultant of (they
        have no responsible user, so nobody would see them otherwise)."""
        return self.filter(
            models.Q(responsible_user=user)
            | models.Q(
                responsible_side=Agreement.Side.COMPANY,
                responsible_user__isnull=True,
                relationship__responsible=user,
            )
        )


class Agreement(models.Model):
    """An agreement (aftale): who does what by when, on either side (seed 004)."""

    class Side(models.TextChoices):
        JOBCENTER = "jobcenter", _("Jobcenter")
        COMPANY = "company", _("Company")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        CompanyRelationship, on_delete=models.PROTECT, related_name="agreements"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("made at contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    description = models.TextField(_("what"))
    service_product = models.ForeignKey(
        "servicepackages.Product",
        verbose_name=_("service product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    responsible_side = models.CharField(
        _("responsible side"), max_length=10, choices=Side.choices, default=Side.JOBCENTER
    )
    responsible_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("responsible at the jobcenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    responsible_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("responsible at the company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["deadline"]
        constraints = [date_bounds_check("deadline", name="agreement_deadline_in_window")]
        indexes = [
            models.Index(fields=["relationship", "status", "deadline"], name="agreement_company"),
            models.Index(
                fields=["responsible_user", "status", "deadline"], name="agreement_responsible"
            ),
            # The activity figures: agreements made and kept in a period (reports.figures).
            models.Index(fields=["jobcenter", "created_at"], name="agreement_made"),
            models.Index(
                fields=["responsible_user", "status", "completed_at"], name="agreement_kept"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]
