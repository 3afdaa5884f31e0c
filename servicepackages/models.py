import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobcenter_crm.lib.tenancy import JobcenterOwnedQuerySet


class Track(models.Model):
    """A service track (servicespor): recruitment, upskilling, retention, other."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service track")
        verbose_name_plural = _("service tracks")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Package(models.Model):
    """A named bundle of products in one jobcenter's catalogue (e.g. gold/silver/bronze)."""

    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="service_packages"
    )
    # `code` is the slug shared with the default catalogue; `public_code` is the UUID the
    # administration pages put in their URLs.
    public_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = JobcenterOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service package")
        verbose_name_plural = _("service packages")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "code"], name="package_code_per_jobcenter"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductQuerySet(JobcenterOwnedQuerySet["Product"]):
    def current(self) -> "ProductQuerySet":
        return self.filter(retired_at__isnull=True)


class Product(models.Model):
    """A service product in one jobcenter's catalogue. Retiring keeps its history."""

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic service")
        EXTENDED = "extended", _("Extended service")

    jobcenter = models.ForeignKey(
        "accounts.Jobcenter", on_delete=models.CASCADE, related_name="service_products"
    )
    public_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.BASIC)
    packages = models.ManyToManyField(
        Package, verbose_name=_("packages"), related_name="products", blank=True
    )
    counter_demands = models.TextField(_("counter-demands"), blank=True)
    # Seeds 001 and 004: a response within 24 hours at most (Skive: 3 hours).
    response_hours = models.PositiveIntegerField(_("response time (hours)"), null=True, blank=True)
    delivery_standard = models.TextField(_("delivery standard"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=100, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("service product")
        verbose_name_plural = _("service products")
        ordering = ["track__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "code"], name="product_code_per_jobcenter"
            ),
            models.CheckConstraint(
                condition=models.Q(response_hours__isnull=True) | models.Q(response_hours__gte=1),
                name="product_response_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ServiceDemandQuerySet(JobcenterOwnedQuerySet["ServiceDemand"]):
    def current(self) -> "ServiceDemandQuerySet":
        return self.exclude(status=ServiceDemand.Status.DECLINED)


class ServiceDemand(models.Model):
    """What a company wants of one service product (or 'other service' in free text),
    as the jobcenter last brought it up to date. Changes are kept in ServiceDemandChange."""

    class Status(models.TextChoices):
        WANTED = "wanted", _("Wanted")
        AGREED = "agreed", _("Agreed")
        DELIVERED = "delivered", _("Delivered")
        DECLINED = "declined", _("Declined")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jobcenter = models.ForeignKey("accounts.Jobcenter", on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        "companies.CompanyRelationship", on_delete=models.CASCADE, related_name="service_demands"
    )
    # PROTECT: a retired product keeps its demands and their history readable.
    product = models.ForeignKey(
        Product,
        verbose_name=_("service product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
    )
    other_text = models.TextField(_("other service"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WANTED
    )
    updated_at = models.DateTimeField(_("brought up to date"))
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "companies.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ServiceDemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("service demand")
        verbose_name_plural = _("service demands")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "product"],
                condition=models.Q(product__isnull=False),
                name="one_demand_per_product",
            ),
            models.CheckConstraint(
                condition=models.Q(product__isnull=False) | ~models.Q(other_text=""),
                name="demand_names_a_product_or_other",
            ),
        ]
        indexes = [models.Index(fields=["relationship", "-updated_at"], name="demand_latest")]

    def __str__(self) -> str:
        return str(self.product) if self.product_id else self.other_text[:60]


class ServiceDemandChange(models.Model):
    """Append-only history of a service demand."""

    demand = models.ForeignKey(ServiceDemand, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=ServiceDemand.Status.choices)
    other_text = models.TextField(blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "companies.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.demand}: {self.status}"
