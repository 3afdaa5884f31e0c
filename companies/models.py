from django.db import models
from django.utils.translation import gettext_lazy as _


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
