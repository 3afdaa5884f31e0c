import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


class Jobcenter(models.Model):
    """A jobcenter (or, after the 2025 reform, a municipality's company entrance) owns
    its relationships, contacts and catalogue. It may serve more than one municipality."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        "companies.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    served_municipalities = models.ManyToManyField(
        "companies.Municipality",
        verbose_name=_("municipalities served"),
        related_name="jobcenters",
        blank=True,
    )
    contact_collision_days = models.PositiveSmallIntegerField(
        _("warn about a colleague's contact within (days)"), default=14
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jobcenter")
        verbose_name_plural = _("jobcenters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(JobcenterOwnedQuerySet["User"]):
    def active(self) -> "UserQuerySet":
        return self.filter(is_active=True)

    def consultants(self) -> "UserQuerySet":
        return self.filter(role__in=[User.Role.CONSULTANT, User.Role.TEAM_LEAD])


# Inline: a manager class assigned to a name first was, depending on the order mypy
# analysed the modules in, "not valid as a type" for the django-stubs plugin.
class CrmUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Company consultant")
        TEAM_LEAD = "team_lead", _("Team lead")
        ADMIN = "admin", _("Administrator")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        Jobcenter,
        verbose_name=_("jobcenter"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONSULTANT)
    wants_digest_email = models.BooleanField(_("morning e-mail with reminders"), default=False)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    # Shown with the work e-mail to other jobcenters on a company they share (seed 003:
    # "who to call there"); never a private number.
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)

    objects: ClassVar[CrmUserManager] = CrmUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            # Only a superuser created from the command line may stand outside a jobcenter.
            models.CheckConstraint(
                condition=models.Q(jobcenter__isnull=False) | models.Q(is_superuser=True),
                name="user_belongs_to_a_jobcenter",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_team_lead(self) -> bool:
        return self.role in (self.Role.TEAM_LEAD, self.Role.ADMIN)

    @property
    def is_jobcenter_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class FormSubmission(models.Model):
    """A form's one-time token, claimed when the form is first acted on (issue 9.4): a
    double click or a resent form finds the claim and is shown the first result instead
    of acting twice. The unique constraint is what holds under concurrent submits."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token"),
        ]
        indexes = [models.Index(fields=["created_at"], name="form_submission_created")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.token}"
