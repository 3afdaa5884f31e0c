import datetime
import re
import uuid
from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.dates import date_bounds_check, datetime_bounds_check
from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet

from .identifiers import company_search_text, validate_cvr, validate_p_number

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
        from .search import company_search

        return company_search(self, query)

    def not_contacted_since(
        self, *, jobcenter: "Jobcenter", since: datetime.date
    ) -> "CompanyQuerySet":
        """Companies with no done contact by `jobcenter` on or after the start of `since`
        in Danish time, including those never contacted (NOT EXISTS on the contact_timeline
        index through the jobcenter's one relationship with the company)."""
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
        if not user.is_authenticated or user.jobcenter_id is None:
            raise Http404
        served = ArraySubquery(
            Municipality.objects.filter(jobcenters=user.jobcenter_id).values("code")
        )
        related = CompanyRelationship.objects.filter(
            jobcenter=user.jobcenter_id, company=models.OuterRef("pk")
        )
        try:
            return self.filter(
                models.Q(municipality_codes__overlap=served) | models.Exists(related),
                merged_into__isnull=True,
            ).get(**lookup)
        except Company.DoesNotExist as missing:
            raise Http404 from missing

    def with_own_relationship(self, user: "User") -> "CompanyQuerySet":
        """Each company with the user's jobcenter's relationship (its segment and
        responsible consultant) joined as `own`, one query for both. `own_id` is None
        for a company without one (then `own` is not set; see company_page)."""
        own = models.FilteredRelation(
            "relationships", condition=models.Q(relationships__jobcenter=user.jobcenter_id)
        )
        return (
            self.annotate(own=own)
            .annotate(own_id=models.F("own__id"))
            .select_related("own__segment", "own__responsible")  # type: ignore[misc]  # a FilteredRelation alias the plugin cannot see
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
            models.Index(fields=["name", "id"], name="company_name_order"),
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
    # 0010_relationship_company_municipalities) whenever the relationship is written or
    # the company's codes change: whether the company is outside the jobcenter's area is
    # then known from the relationship alone (visible_to). Whatever Django writes here is
    # replaced by the trigger.
    company_municipality_codes = ArrayField(
        models.CharField(max_length=4), default=list, editable=False
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
            models.Index(fields=["jobcenter", "segment"], name="relationship_segment"),
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
    relationship = models.ForeignKey(
        CompanyRelationship, on_delete=models.PROTECT, related_name="contacts"
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
            models.Index(
                fields=["consultant", "status", "occurred_at"], name="contact_consultant_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

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
        ]

    def __str__(self) -> str:
        return self.description[:60]


class CompanyMerge(models.Model):
    """The record of two company records merged into one (nothing is deleted)."""

    kept = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="merges_merged")
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("company merge")
        verbose_name_plural = _("company merges")

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"


class MergeRequestQuerySet(JobcenterOwnedQuerySet["MergeRequest"]):
    def open(self) -> "MergeRequestQuerySet":
        return self.filter(status=MergeRequest.Status.OPEN)


class MergeRequest(models.Model):
    """A jobcenter's request that the operator merge two records: asked for when the
    merge would touch another jobcenter's relationship, which no jobcenter may change."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the operator")
        DONE = "done", _("Merged")
        REJECTED = "rejected", _("Rejected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(
        Company, verbose_name=_("record to keep"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        Company, verbose_name=_("duplicate"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # Why it went to the operator: the other jobcenters involved, in Danish.
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    merge = models.ForeignKey(CompanyMerge, on_delete=models.PROTECT, null=True, blank=True)

    objects = MergeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("merge request")
        verbose_name_plural = _("merge requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kept", "merged"],
                condition=models.Q(status="open"),
                name="one_open_merge_request_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"


class DateRepair(models.Model):
    """A value outside the date window (jobcenter_crm.lib.dates) that a migration moved to
    the nearest bound before the database began to refuse such values: what it was, so
    nothing is silently lost."""

    table_name = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    column_name = models.CharField(max_length=100)
    original = models.TextField()
    repaired_to = models.TextField()
    repaired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repaired date")
        verbose_name_plural = _("repaired dates")

    def __str__(self) -> str:
        return f"{self.table_name}.{self.column_name} #{self.row_id}: {self.original}"
