"""Candidates (unemployed citizens) as matching needs them, the log of who saw them, the
postal-code table that turns a postal code into a point, and the synonyms admins add.

Candidate data is personal data (GDPR): only the fields matching uses are kept, every view
is logged in `CandidateAccessLog`, and candidates not updated for the retention period are
deleted (`services.candidates_delete_stale`)."""

import datetime
import uuid
from typing import TYPE_CHECKING, Self

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import date_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

validate_candidate_postal_code = RegexValidator(
    r"^[0-9]{4}$", _("Enter a Danish postal code of four digits.")
)


def _text_list(verbose_name: "StrOrPromise") -> ArrayField:
    return ArrayField(
        models.CharField(max_length=200), verbose_name=verbose_name, default=list, blank=True
    )


def _term_array() -> ArrayField:
    # Pre-normalised by matching.engine.terms; never edited by hand.
    return ArrayField(models.CharField(max_length=200), default=list, blank=True, editable=False)


class PostalCode(models.Model):
    """A Danish postal code with an approximate centre (matching/data/postal_codes.csv)."""

    code = models.CharField(_("postal code"), max_length=4, primary_key=True)
    name = models.CharField(_("town"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CandidateQuerySet(JobcenterOwnedQuerySet["Candidate"]):
    def not_updated_since(self, moment: datetime.datetime) -> Self:
        return self.filter(updated_at__lt=moment)

    def unemployed_on_or_before(self, day: datetime.date) -> Self:
        """Unemployed at least since `day` (index candidate_unemployed)."""
        return self.filter(unemployed_since__lte=day)


class Candidate(models.Model):
    """An unemployed citizen as the case system describes them to matching (issue 11.3)."""

    class Readiness(models.TextChoices):
        JOB_READY = "job_ready", _("Job-ready (jobparat)")
        ACTIVITY_READY = "activity_ready", _("Activity-ready (aktivitetsparat)")

    class TargetGroup(models.TextChoices):
        # DOMAIN.md: the benefit groups (ydelsesgrupper) the seeds name.
        UNEMPLOYMENT_INSURANCE = "a_dagpenge", _("Unemployment insurance (a-dagpenge)")
        CASH_BENEFIT = "kontanthjaelp", _("Cash benefit (kontanthjælp)")
        EDUCATION_BENEFIT = "uddannelseshjaelp", _("Education benefit (uddannelseshjælp)")
        SICKNESS_BENEFIT = "sygedagpenge", _("Sickness benefit (sygedagpenge)")
        RESOURCE_COURSE = "ressourceforloeb", _("Resource course (ressourceforløb)")
        FLEX_JOB_WAITING = "ledighedsydelse", _("Flex-job waiting benefit (ledighedsydelse)")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.PROTECT, related_name="candidates"
    )
    # The case system's id; the API addresses candidates by it.
    external_id = models.CharField(_("case-system id"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    postal_code = models.CharField(
        _("postal code"), max_length=4, validators=[validate_candidate_postal_code]
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    max_commute_km = models.PositiveSmallIntegerField(
        _("maximum commute (km)"), default=30, validators=[MaxValueValidator(500)]
    )
    readiness = models.CharField(
        _("readiness"), max_length=20, choices=Readiness.choices, default=Readiness.JOB_READY
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    education = _text_list(_("education"))
    # Courses the case system records (seed 003: shown beside the unemployment period).
    courses = _text_list(_("courses"))
    # [{"occupation": str, "years": number}], as the API's body.
    experience = models.JSONField(_("experience"), default=list, blank=True)
    wanted_occupations = _text_list(_("wanted occupations"))
    skills = _text_list(_("skills"))
    certificates = _text_list(_("certificates"))
    driving_licences = _text_list(_("driving licences"))
    languages = _text_list(_("languages"))
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("maximum hours per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    # Empty means available now.
    available_from = models.DateField(_("available from"), null=True, blank=True)

    occupation_terms = _term_array()
    skill_terms = _term_array()
    certificate_terms = _term_array()
    licence_classes = _term_array()
    language_terms = _term_array()

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "external_id"], name="candidate_external_id_per_jobcenter"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="candidate_coordinates_both_or_none",
            ),
            date_bounds_check("unemployed_since", name="candidate_unemployed_since_in_window"),
            date_bounds_check("available_from", name="candidate_available_from_in_window"),
        ]
        indexes = [
            GinIndex(fields=["occupation_terms"], name="candidate_occupation_gin"),
            GinIndex(fields=["skill_terms"], name="candidate_skill_gin"),
            models.Index(fields=["jobcenter", "updated_at"], name="candidate_updated"),
            models.Index(fields=["jobcenter", "unemployed_since"], name="candidate_unemployed"),
            # A search's radius as a box (matching.engine.ranking.candidate_pool).
            models.Index(fields=["jobcenter", "latitude", "longitude"], name="candidate_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:candidate-detail", args=[self.code])

    @property
    def experience_entries(self) -> list[tuple[str, float]]:
        entries = []
        for item in self.experience or []:
            if isinstance(item, dict) and item.get("occupation"):
                entries.append((str(item["occupation"]), float(item.get("years") or 0)))
        return entries


class CandidateAccessLog(models.Model):
    """One view of candidate data: a candidate's page, a match list, a search result, an
    export or an API read. One row per view with the ids shown, written in one INSERT, so
    that logging costs the same for 1 or 20 candidates (GDPR Art. 30 accountability)."""

    class Kind(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate page")
        MATCHES = "matches", _("Match list for an order")
        SEARCH = "search", _("Search result")
        EXPORT = "export", _("Export of personal data")
        API = "api", _("Read through the API")
        POOL = "pool", _("Talent pool")
        BOOKMARKS = "bookmarks", _("Bookmarks")
        ORDERS = "orders", _("Orders that fit the candidate")

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="candidate_views"
    )
    viewed_at = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    candidate_ids = ArrayField(models.BigIntegerField(), default=list)
    # The order a match list was for; a code, not a key, so the log outlives the order.
    order_code = models.UUIDField(null=True, blank=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate access")
        verbose_name_plural = _("candidate accesses")
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            GinIndex(fields=["candidate_ids"], name="candidate_access_ids_gin"),
            models.Index(fields=["jobcenter", "-viewed_at"], name="candidate_access_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.viewed_at:%Y-%m-%d %H:%M} {self.kind}"


class SynonymTerm(models.Model):
    """A synonym a jobcenter's admin adds to the shipped list (matching/data/synonyms.json):
    the term is read as meaning the same as `same_as` in that jobcenter's matching."""

    class Kind(models.TextChoices):
        OCCUPATION = "occupation", _("Occupation or education")
        SKILL = "skill", _("Skill")
        CERTIFICATE = "certificate", _("Certificate")
        LANGUAGE = "language", _("Language")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="synonym_terms"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    term = models.CharField(_("term"), max_length=200)
    same_as = models.CharField(_("means the same as"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "kind", "term", "same_as"], name="synonym_once_per_jobcenter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} = {self.same_as}"
