import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import months_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

if TYPE_CHECKING:
    from accounts.models import User


class JobcenterContactRule(models.Model):
    """The rule for all companies of a jobcenter (seed 000: every company is contacted at
    least once a year unless it refused contact). Created lazily with the defaults; the
    planner reads a missing row as the defaults."""

    DEFAULT_MAX_CONTACT_GAP_MONTHS = 12

    jobcenter = models.OneToOneField(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="contact_rule"
    )
    max_contact_gap_months = models.PositiveSmallIntegerField(
        _("longest gap between contacts (months)"), default=DEFAULT_MAX_CONTACT_GAP_MONTHS
    )
    rule_text = models.TextField(_("rule in words"), blank=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact rule for all companies")
        verbose_name_plural = _("contact rules for all companies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_contact_gap_months__gte=1),
                name="all_companies_gap_positive",
            ),
            months_bounds_check("max_contact_gap_months", name="all_companies_gap_in_window"),
        ]

    def __str__(self) -> str:
        return f"{self.jobcenter}: {self.max_contact_gap_months}"


class ReminderQuerySet(JobcenterOwnedQuerySet["Reminder"]):
    def open(self) -> "ReminderQuerySet":
        return self.filter(closed_at__isnull=True)

    def for_recipient(self, user: "User") -> "ReminderQuerySet":
        """The reminders a user is reminded of: their own, and for a team lead also the
        jobcenter's reminders of companies without a responsible consultant."""
        mine = models.Q(consultant=user)
        if user.is_team_lead:
            mine |= models.Q(consultant__isnull=True)
        return self.for_user(user).filter(mine)


class Reminder(models.Model):
    """One reminder that an item of the plan fell due. Exactly one exists per
    (relationship, kind, due date), and at most one per (relationship, kind) is open;
    both are unique constraints, so a task run twice or on two workers cannot double it."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CONTACT = "contact", _("Contact")
        DEMAND_UPDATE = "demand_update", _("Update of service demands")

    class ClosedReason(models.TextChoices):
        NO_LONGER_DUE = "no_longer_due", _("No longer due (contact logged or rule changed)")
        EXCLUDED = "excluded", _("The company refused contact or ceased")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey(
        "companies.CompanyRelationship", on_delete=models.CASCADE, related_name="reminders"
    )
    # The responsible consultant when the reminder was made (moved along when a team lead
    # reassigns the company). None: nobody is responsible, so the team leads are reminded.
    consultant = models.ForeignKey(
        "accounts.User",
        verbose_name=_("consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(
        _("why closed"), max_length=20, choices=ClosedReason.choices, blank=True
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "kind", "due_on"], name="one_reminder_per_due_date"
            ),
            models.UniqueConstraint(
                fields=["relationship", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_reminder_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True, closed_reason="")
                | models.Q(closed_at__isnull=False) & ~models.Q(closed_reason=""),
                name="reminder_closed_with_reason",
            ),
        ]
        indexes = [
            # The navigation badge counts a user's open reminders on every page.
            models.Index(
                fields=["jobcenter", "consultant", "due_on"],
                condition=models.Q(closed_at__isnull=True),
                name="reminder_open_by_consultant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship}: {self.get_kind_display()} {self.due_on}"


class DigestSent(models.Model):
    """The morning digest sent to one user on one day: the claim that keeps a retried or
    doubled task from sending it twice."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    reminder_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"
