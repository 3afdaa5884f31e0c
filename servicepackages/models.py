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
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.BASIC)
    packages = models.ManyToManyField(
        Package, verbose_name=_("packages"), related_name="products", blank=True
    )
    counter_demands = models.TextField(_("counter-demands"), blank=True)
    response_hours = models.PositiveIntegerField(_("response time (hours)"), null=True, blank=True)
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
        ]

    def __str__(self) -> str:
        return self.name
