from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlySummarySent(models.Model):
    """The monthly summary e-mailed to one team lead for one month: the claim that keeps
    a retried or doubled task from sending it twice."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # the first day of the month summarised
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly summary sent")
        verbose_name_plural = _("monthly summaries sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_summary_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="summary_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"


class ActivityDay(models.Model):
    """Pre-computed tally sheet (issue 12, point 4): what one consultant did on one day,
    per activity figure and the company facts the report splits by. Summing days answers
    any period in one small query however many contacts the log holds; rebuilt from the
    log by `services.activity_days_refresh` (Celery, and on demand from the page)."""

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    consultant = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=20)
    # The company's facts the split filters by, as the company list filters them.
    industry = models.CharField(max_length=1, blank=True)
    employee_band = models.CharField(max_length=20, blank=True)
    municipality_codes = ArrayField(models.CharField(max_length=4), default=list)
    total = models.PositiveIntegerField()
    # False: the day's totals per consultant and figure over all companies (the company
    # facts left empty), which the sheet without a company filter sums: about a third of
    # the rows, as most detailed rows are one company's.
    detailed = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("activity of a day")
        verbose_name_plural = _("activity by day")
        indexes = [
            models.Index(fields=["jobcenter", "detailed", "day"], name="activity_day_period")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.total}"


class _CompanyFacts(models.Model):
    """The company facts a report splits by, as the company list filters them (its
    responsible consultant is the jobcenter's relationship's)."""

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.CASCADE, related_name="+")
    responsible = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, related_name="+"
    )
    industry = models.CharField(max_length=1, blank=True)
    employee_band = models.CharField(max_length=20, blank=True)
    municipality_codes = ArrayField(models.CharField(max_length=4), default=list)
    # The jobcenter's own segment for the company (None: not screened).
    segment_number = models.PositiveSmallIntegerField(null=True)

    class Meta:
        abstract = True


class CompanyTally(_CompanyFacts):
    """Pre-computed segment dashboard (issue 12, speed at 500,000 companies): the active
    companies a jobcenter sees, counted by its segment for them, whether they are on its
    net list, and the facts the reports split by. Summing a few thousand rows answers the
    segment, split and coverage tables however many companies there are; rebuilt by
    `services.dashboard_refresh` with the company list's own definitions."""

    on_net_list = models.BooleanField()
    total = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("companies by segment")
        verbose_name_plural = _("companies by segment")
        indexes = [models.Index(fields=["jobcenter"], name="company_tally_jobcenter")]

    def __str__(self) -> str:
        return f"{self.segment_number} {self.total}"


class ServiceStatus(_CompanyFacts):
    """Pre-computed service against the rules: each relationship's contact or visit
    rule as the planner saw it on the day of the refresh, due in time or overdue. The
    service table sums these rows and its numbers drill down to exactly them."""

    relationship = models.ForeignKey(
        "companies.CompanyRelationship", on_delete=models.CASCADE, related_name="+"
    )
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # the planner's 'contact' or 'visit'
    overdue = models.BooleanField()

    class Meta:
        verbose_name = _("service status")
        verbose_name_plural = _("service statuses")
        indexes = [
            models.Index(
                fields=["jobcenter", "kind", "segment_number", "overdue"],
                name="service_status_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.segment_number} {self.overdue}"


class ServiceMonth(_CompanyFacts):
    """Pre-computed trend of the service: per month (of the last SERVICE_MONTHS), the
    relationships by today's segment and how many had their latest contact before the
    month's end within their contact rule."""

    month = models.DateField()
    total = models.PositiveIntegerField()
    in_time = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("service of a month")
        verbose_name_plural = _("service by month")
        indexes = [models.Index(fields=["jobcenter", "month"], name="service_month_period")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.segment_number} {self.in_time}/{self.total}"


class FiguresRefreshed(models.Model):
    """When a jobcenter's pre-computed figures were last rebuilt, shown on the page as
    'sidst opdateret'."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        DASHBOARD = "dashboard", _("Segments and service")

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("figures refreshed")
        verbose_name_plural = _("figures refreshed")
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "kind"], name="figures_refreshed_once")
        ]

    def __str__(self) -> str:
        return f"{self.jobcenter} {self.kind} {self.refreshed_at:%Y-%m-%d %H:%M}"
