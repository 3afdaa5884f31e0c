"""The shared register: municipalities, industries, companies and their workplaces, the
search dictionary, and a jobcenter's corrections of a company's contact details."""

import datetime
import re
import uuid
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

from ..identifiers import company_search_text, validate_cvr, validate_p_number

if TYPE_CHECKING:
    from accounts.models import Jobcenter, User


class Municipality(models.Model):
    """One of the 98 Danish municipalities (reference data, loaded by a migration).

    The code is kept in the 4-character zero-padded form of DAGI/DAR ("0101"); CVR's
    integer form is normalised on import (DANISH-DATA.md 3.1)."""

    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=100)
    region_code = models.CharField(_("region code"), max_length=4)
    region_name = models.CharField(_("region"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndustrySection(models.Model):
    """A DB07 section (A-U), derived from the first two digits of an industry code."""

    letter = models.CharField(_("section"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=200)
    division_from = models.PositiveSmallIntegerField(_("first division"))
    division_to = models.PositiveSmallIntegerField(_("last division"))
    group10 = models.PositiveSmallIntegerField(_("DST 10-grouping"))

    class Meta:
        verbose_name = _("industry section")
        verbose_name_plural = _("industry sections")
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter} {self.name}"


class EqualsAny(models.Func):
    """`column = ANY(ARRAY(subquery))`. Unlike `IN (subquery)`, PostgreSQL can OR this
    with another indexed condition (a BitmapOr), so the visible-companies filter uses the
    GIN index on municipality_codes instead of scanning the whole register."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = models.BooleanField()


# The sorts a company list offers. segment_number and last_contact_at are the jobcenter's
# own, annotated by companies.selectors.company_list_rows.
COMPANY_ORDERINGS: dict[str, tuple[models.OrderBy, ...]] = {
    "name": (models.F("name").asc(),),
    "cvr": (models.F("cvr").asc(nulls_last=True),),
    "municipality": (models.F("municipality__name").asc(nulls_last=True),),
    "segment": (models.F("segment_number").asc(nulls_last=True),),
    "last_contact": (models.F("last_contact_at").asc(nulls_first=True),),
}


class CompanyQuerySet(models.QuerySet["Company"]):
    def active(self) -> "CompanyQuerySet":
        return self.filter(ceased_on__isnull=True, merged_into__isnull=True)

    def visible_to(self, jobcenter: "Jobcenter") -> "CompanyQuerySet":
        """Companies in the jobcenter's municipalities (by seat or any workplace) and
        companies it has a relationship with anywhere."""
        from .relationships import CompanyRelationship  # that module imports this one

        codes = list(jobcenter.served_municipalities.values_list("code", flat=True))
        # Only the few related companies outside the area: a short array keeps the
        # per-row `= ANY` cheap wherever the planner evaluates it row by row. The area test
        # reads the relationship's copy of the company's codes (an index-only scan of the
        # jobcenter's relationships), not every related company's row.
        related_elsewhere = ArraySubquery(
            CompanyRelationship.objects.filter(jobcenter=jobcenter)
            .exclude(company_municipality_codes__overlap=codes)
            .values("company_id")
        )
        return self.filter(
            models.Q(municipality_codes__overlap=codes)
            | models.Q(EqualsAny(models.F("pk"), related_elsewhere)),
            merged_into__isnull=True,
        )

    def search(self, query: str) -> "CompanyQuerySet":
        """8 digits find the CVR number, 10 digits the P-number of a workplace; anything
        else is a search by words that forgives one slip per word (`companies.search`),
        best match first."""
        digits = re.sub(r"[\s-]", "", query).upper().removeprefix("DK")
        if re.fullmatch(r"\d{8}", digits):
            return self.filter(cvr=digits)
        if re.fullmatch(r"\d{10}", digits):
            return self.filter(pk__in=Workplace.objects.filter(p_number=digits).values("company"))
        from ..search import company_search

        return company_search(self, query)

    def not_contacted_since(
        self, *, jobcenter: "Jobcenter", since: datetime.date
    ) -> "CompanyQuerySet":
        """Companies with no done contact by `jobcenter` on or after the start of `since`
        in Danish time, including those never contacted (NOT EXISTS on the contact_timeline
        index through the jobcenter's one relationship with the company)."""
        from .relationships import Contact  # that module imports this one

        start = datetime.datetime.combine(
            since, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        recent = Contact.objects.filter(
            relationship__jobcenter=jobcenter,
            relationship__company=models.OuterRef("pk"),
            status=Contact.Status.DONE,
            occurred_at__gte=start,
        )
        return self.filter(~models.Exists(recent))

    def ordered_by(self, sort: str) -> "CompanyQuerySet":
        """Order by a key of COMPANY_ORDERINGS, "-key" for descending; an unknown key
        leaves the order alone. Name and pk break ties so that pages are stable."""
        key = sort.removeprefix("-")
        if key not in COMPANY_ORDERINGS:
            return self
        chosen = [ordering.copy() for ordering in COMPANY_ORDERINGS[key]]
        if sort.startswith("-"):
            for ordering in chosen:
                ordering.reverse_ordering()
        return self.order_by(*chosen, "name", "pk")

    def get_visible_or_404(self, user: "User", **lookup: object) -> "Company":
        """One company the user's jobcenter sees, in one query (the served municipalities
        are a subquery here, not a list fetched first as in visible_to); 404 otherwise."""
        from .relationships import CompanyRelationship  # that module imports this one

        if not user.is_authenticated or user.jobcenter_id is None:
            raise Http404
        served = ArraySubquery(
            # Unordered: the overlap test needs the codes, not their order.
            Municipality.objects.filter(jobcenters=user.jobcenter_id).order_by().values("code")
        )
        related: models.Q | models.Exists
        if self._own_relationship_jobcenter_id() == user.jobcenter_id:
            # `own` is the jobcenter's one relationship with the company, already joined:
            # whether it is there answers the test without a subquery of its own.
            related = models.Q(own_id__isnull=False)
        else:
            related = models.Exists(
                CompanyRelationship.objects.filter(
                    jobcenter=user.jobcenter_id, company=models.OuterRef("pk")
                )
            )
        try:
            return self.filter(
                models.Q(municipality_codes__overlap=served) | related,
                merged_into__isnull=True,
            ).get(**lookup)
        except Company.DoesNotExist as missing:
            raise Http404 from missing

    def with_own_relationship_id(self, user: "User") -> "CompanyQuerySet":
        """Each company with `own_id`: the key of the user's jobcenter's relationship with
        it, or None (a join on the one-relationship-per-jobcenter key, no other columns)."""
        own = models.FilteredRelation(
            "relationships", condition=models.Q(relationships__jobcenter=user.jobcenter_id)
        )
        return self.annotate(own=own).annotate(own_id=models.F("own__id"))

    def _own_relationship_jobcenter_id(self) -> int | None:
        """The jobcenter whose relationship with_own_relationship_id joined as `own`
        (read back from the join's own condition), or None without that join."""
        own = self.query._filtered_relations.get("own")  # type: ignore[attr-defined]  # not in the stubs
        if own is None or "own_id" not in self.query.annotations:
            return None
        match own.condition.children:
            # Django relabels the condition's path to the alias when it adds the join.
            case [(("own__jobcenter" | "relationships__jobcenter"), int(jobcenter_id))] if (
                own.relation_name == "relationships" and not own.condition.negated
            ):
                return jobcenter_id
        return None

    def with_own_open_reminders(self) -> "CompanyQuerySet":
        """After with_own_relationship_id: `own_has_open_reminders`, whether that
        relationship has an open reminder (planning's). Logging a contact closes reminders
        only then, so most contacts skip the planner's query (one probe of the partial
        open-reminder index instead)."""
        # By name: planning builds on companies, so its models are not imported here.
        reminder = apps.get_model("planning", "Reminder")
        open_reminder = reminder.objects.filter(
            relationship=models.OuterRef("own_id"), closed_at__isnull=True
        )
        return self.annotate(own_has_open_reminders=models.Exists(open_reminder))

    def with_own_relationship(self, user: "User") -> "CompanyQuerySet":
        """Each company with the user's jobcenter's relationship (its segment and
        responsible consultant) joined as `own`, one query for both. `own_id` is None
        for a company without one (then `own` is not set; see company_page)."""
        return self.with_own_relationship_id(user).select_related(  # type: ignore[misc]  # a FilteredRelation alias the plugin cannot see
            "own__segment", "own__responsible"
        )


class Company(models.Model):
    """A legal unit in the shared national register, keyed by CVR number.

    Shared by all jobcenters: only register facts live here; everything a jobcenter
    knows or does with the company lives on its CompanyRelationship."""

    class EmployeeBand(models.TextChoices):
        # CVR's ANTAL_<low>_<high> bands (DANISH-DATA.md 1.4).
        NONE = "0", "0"
        ONE = "1", "1"
        B2_4 = "2-4", "2-4"
        B5_9 = "5-9", "5-9"
        B10_19 = "10-19", "10-19"
        B20_49 = "20-49", "20-49"
        B50_99 = "50-99", "50-99"
        B100_199 = "100-199", "100-199"
        B200_499 = "200-499", "200-499"
        B500_999 = "500-999", "500-999"
        B1000 = "1000+", "1000+"

    class Source(models.TextChoices):
        CVR = "cvr", _("CVR register")
        MANUAL = "manual", _("Created by hand")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_cvr],
    )
    name = models.CharField(_("name"), max_length=300)
    other_names = ArrayField(
        models.CharField(max_length=300), verbose_name=_("other names"), default=list, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
    )
    # The seat's and every workplace's municipality: what makes a company appear to
    # each of those jobcenters (GIN-indexed overlap filter).
    municipality_codes = ArrayField(models.CharField(max_length=4), default=list, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    industry_code = models.CharField(_("industry code (DB07)"), max_length=6, blank=True)
    industry_text = models.CharField(_("industry"), max_length=300, blank=True)
    industry_section = models.ForeignKey(
        IndustrySection,
        verbose_name=_("industry section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    employee_band = models.CharField(
        _("employees"), max_length=10, choices=EmployeeBand.choices, blank=True
    )
    company_form = models.CharField(_("company form"), max_length=100, blank=True)
    ceased_on = models.DateField(_("ceased"), null=True, blank=True)
    advertising_protected = models.BooleanField(_("advertising protected"), default=False)
    # Contact data from CVR. A number CVR marks secret (hemmelig) is never stored: only
    # the fact that there is one, so nobody hunts for it elsewhere.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_secret = models.BooleanField(_("secret phone number"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CVR)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    # Folded name, other names, CVR and address: what the trigram index searches.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["municipality_codes"], name="company_municipalities_gin"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="company_search_trgm"),
            # Carries what Company.objects.visible_to tests, so that a page of the list
            # finds its companies by an index-only scan (companies.listing).
            models.Index(
                fields=["name", "id"],
                include=["municipality_codes", "merged_into"],
                name="company_name_order",
            ),
            models.Index(fields=["industry_section", "employee_band"], name="company_industry"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:company-detail", args=[self.code])

    @property
    def is_active(self) -> bool:
        return self.ceased_on is None

    def refresh_search_text(self) -> None:
        self.search_text = company_search_text(
            name=self.name,
            other_names=self.other_names,
            cvr=self.cvr or "",
            address=self.address,
            city=self.city,
        )


class SearchWord(models.Model):
    """A word of the companies' search text (three letters or more, no digits): the
    dictionary a search corrects a slip against (`companies.search`). Kept by a database
    trigger on every insert and update of companies, however they are written (ORM, the
    CVR import, the generator's COPY); words a renamed company no longer has stay, and
    only cost a search condition that finds nothing."""

    word = models.TextField(primary_key=True)
    # The word with doubled letters as one ("moller" → "moler"), where slips are looked up.
    collapsed = models.TextField(db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class Workplace(models.Model):
    """A production unit (P-number): one address where the company has activity."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workplaces")
    p_number = models.CharField(
        _("P-number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_p_number],
    )
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    industry_code = models.CharField(_("industry code (DB07)"), max_length=6, blank=True)
    employee_band = models.CharField(
        _("employees"), max_length=10, choices=Company.EmployeeBand.choices, blank=True
    )
    is_main = models.BooleanField(_("main workplace"), default=False)
    ceased_on = models.DateField(_("ceased"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_secret = models.BooleanField(_("secret phone number"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    advertising_protected = models.BooleanField(_("advertising protected"), default=False)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["-is_main", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.p_number or '-'})"


class ContactDetailsCorrectionQuerySet(JobcenterOwnedQuerySet["ContactDetailsCorrection"]):
    pass


class ContactDetailsCorrection(models.Model):
    """A jobcenter's correction of a company's or workplace's phone and e-mail. Kept
    apart from the register's CVR values: another jobcenter's data and the next CVR
    import leave it alone, and the CVR value stays visible beside it."""

    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(
        "Company", on_delete=models.CASCADE, related_name="contact_corrections"
    )
    # Empty: the company's own phone and e-mail.
    workplace = models.ForeignKey(
        "Workplace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_corrections",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    corrected_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now=True)

    objects = ContactDetailsCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("corrected phone and e-mail")
        verbose_name_plural = _("corrected phones and e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "company", "workplace"],
                nulls_distinct=False,
                name="one_contact_correction_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phone} {self.email}".strip()
