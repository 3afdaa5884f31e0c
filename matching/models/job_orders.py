"""Job orders (jobordrer): a company's vacancy the jobcenter helps fill, its response clock,
and each jobcenter's order-watch settings.

The requirement and wish lists are stored exactly as the REST API's body names them
(`requirements.education`, `wishes.skills`, ...) so that the API maps 1:1 onto the model.
"""

import datetime
import uuid
from typing import Any, Self

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import date_bounds_check, datetime_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

# Seed 004: 24 hours is the front-runners' response standard; seed 001 (Skive): a concrete
# candidate within 3 hours of a call to the company hotline.
DEFAULT_RESPONSE_HOURS = 24
DEFAULT_HOTLINE_RESPONSE_HOURS = 3
# Seed 004: "typically 3-5 suitable candidates" are offered per opening.
CANDIDATES_PER_OPENING = (3, 5)

validate_postal_code = RegexValidator(
    r"^[0-9]{4}$", _("Enter a Danish postal code of four digits.")
)


def _term_list(verbose_name: Any) -> ArrayField:
    return ArrayField(
        models.CharField(max_length=200), verbose_name=verbose_name, default=list, blank=True
    )


class JobOrderSettings(models.Model):
    """A jobcenter's order watch (ordrevagt): its response standards and who is on duty.

    One row per jobcenter, created on first use with the seeds' defaults."""

    jobcenter = models.OneToOneField(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="job_order_settings"
    )
    response_hours = models.PositiveSmallIntegerField(
        _("standard response time (hours)"),
        default=DEFAULT_RESPONSE_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    hotline_response_hours = models.PositiveSmallIntegerField(
        _("hotline response time (hours)"),
        default=DEFAULT_HOTLINE_RESPONSE_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    on_duty = models.ManyToManyField(
        "accounts.User", verbose_name=_("on duty"), related_name="+", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order watch settings")
        verbose_name_plural = _("order watch settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response_hours__gte=1, hotline_response_hours__gte=1),
                name="job_order_response_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.jobcenter)

    def hours_for(self, standard: str) -> int:
        if standard == JobOrder.ResponseStandard.HOTLINE:
            return self.hotline_response_hours
        return self.response_hours


class JobOrderQuerySet(JobcenterOwnedQuerySet["JobOrder"]):
    def open(self) -> Self:
        return self.filter(status=JobOrder.Status.OPEN)

    def active(self) -> Self:
        """Open or paused: not yet closed with an outcome."""
        return self.filter(status__in=JobOrder.ACTIVE_STATUSES)

    def awaiting_response(self) -> Self:
        return self.open().filter(responded_at__isnull=True)

    def overdue(self, *, now: datetime.datetime) -> Self:
        return self.awaiting_response().filter(respond_by__lt=now)

    def for_watch(self) -> Self:
        """The order watch: open orders, those still waiting for a response first by their
        deadline (so overdue ones lead), then the answered ones, oldest first."""
        return self.open().order_by(
            models.F("responded_at").asc(nulls_first=True), "respond_by", "received_at", "pk"
        )


class JobOrder(models.Model):
    """A vacancy a company has asked the jobcenter to help fill (seeds 001, 003, 004)."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary job")
        INTERNSHIP = "internship", _("Company internship (virksomhedspraktik)")
        WAGE_SUBSIDY_PRIVATE = "wage_subsidy_private", _("Wage subsidy, private (løntilskud)")
        WAGE_SUBSIDY_PUBLIC = "wage_subsidy_public", _("Wage subsidy, public (løntilskud)")
        FLEX_JOB = "flex_job", _("Flex job (fleksjob)")
        ADULT_APPRENTICE = "adult_apprentice", _("Adult apprentice (voksenlærling)")
        UPSKILLING_JOB = "upskilling_job", _("Upskilling job (opkvalificeringsjob)")

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("Hotline")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        JOBNET = "jobnet", _("Jobnet")
        # Orders a case system posts through the REST API.
        API = "api", _("Case system")

    class ResponseStandard(models.TextChoices):
        STANDARD = "standard", _("Standard")
        HOTLINE = "hotline", _("Hotline")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused (enough candidates referred)")
        FILLED = "filled", _("Filled")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE_STATUSES = (Status.OPEN, Status.PAUSED)
    CLOSED_STATUSES = (Status.FILLED, Status.EXPIRED, Status.WITHDRAWN)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.PROTECT, related_name="job_orders"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="job_orders",
    )
    workplace = models.ForeignKey(
        "companies.Workplace",
        verbose_name=_("workplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_orders",
    )
    title = models.CharField(_("job title"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.ORDINARY)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), default=37, validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    openings = models.PositiveSmallIntegerField(
        _("openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    postal_code = models.CharField(
        _("postal code of the workplace"), max_length=4, validators=[validate_postal_code]
    )
    # Empty means as soon as possible.
    start_date = models.DateField(_("start"), null=True, blank=True)

    required_education = _term_list(_("required education"))
    required_skills = _term_list(_("required skills"))
    required_certificates = _term_list(_("required certificates"))
    required_driving_licences = _term_list(_("required driving licences"))
    required_languages = _term_list(_("required languages"))
    wished_skills = _term_list(_("wished skills"))
    wished_experience_years = models.PositiveSmallIntegerField(
        _("wished years of experience"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )

    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    response_standard = models.CharField(
        _("response standard"),
        max_length=10,
        choices=ResponseStandard.choices,
        default=ResponseStandard.STANDARD,
    )
    # Fixed when the order is received: a later change of the jobcenter's standard does
    # not move the deadline of orders already taken.
    respond_by = models.DateTimeField(_("respond by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responsible = models.ForeignKey(
        "accounts.User",
        verbose_name=_("responsible consultant"),
        on_delete=models.PROTECT,
        related_name="job_orders",
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("job order")
        verbose_name_plural = _("job orders")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=1, hours_per_week__lte=80),
                name="job_order_hours_per_week_range",
            ),
            models.CheckConstraint(
                condition=models.Q(openings__gte=1), name="job_order_at_least_one_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(respond_by__gt=models.F("received_at")),
                name="job_order_respond_by_after_received",
            ),
            # Closed orders carry when and by whom; open and paused ones carry neither.
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["open", "paused"], closed_at__isnull=True)
                    | models.Q(
                        status__in=["filled", "expired", "withdrawn"], closed_at__isnull=False
                    )
                ),
                name="job_order_closed_iff_closed_status",
            ),
            # Issue 9.1: the date window, as for every other date.
            date_bounds_check("start_date", name="job_order_start_date_in_window"),
            datetime_bounds_check("received_at", name="job_order_received_at_in_window"),
            datetime_bounds_check("respond_by", name="job_order_respond_by_in_window"),
            datetime_bounds_check("responded_at", name="job_order_responded_at_in_window"),
            datetime_bounds_check("closed_at", name="job_order_closed_at_in_window"),
        ]
        indexes = [
            # The order watch and the navigation count: open orders of one jobcenter by
            # deadline.
            models.Index(
                fields=["jobcenter", "respond_by"],
                name="job_order_watch",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["jobcenter", "status", "-received_at"], name="job_order_list"),
            models.Index(fields=["company", "-received_at"], name="job_order_company"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:joborder-detail", args=[self.code])

    @property
    def requirements(self) -> dict[str, list[str]]:
        """The API's `requirements` object."""
        return {
            "education": list(self.required_education),
            "skills": list(self.required_skills),
            "certificates": list(self.required_certificates),
            "driving_licences": list(self.required_driving_licences),
            "languages": list(self.required_languages),
        }

    @property
    def wishes(self) -> dict[str, Any]:
        """The API's `wishes` object."""
        return {
            "skills": list(self.wished_skills),
            "experience_years": self.wished_experience_years,
        }

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def awaits_response(self) -> bool:
        return self.status == self.Status.OPEN and self.responded_at is None

    def time_left(self, *, now: datetime.datetime) -> datetime.timedelta | None:
        """Time left to respond, negative when overdue; None once answered or not open."""
        if not self.awaits_response:
            return None
        return self.respond_by - now

    def is_overdue(self, *, now: datetime.datetime) -> bool:
        left = self.time_left(now=now)
        return left is not None and left < datetime.timedelta(0)

    @property
    def candidate_target(self) -> tuple[int, int]:
        low, high = CANDIDATES_PER_OPENING
        return low * self.openings, high * self.openings
