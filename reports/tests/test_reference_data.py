import pytest

from companies.models import IndustrySection, Municipality
from screening.models import Segment, SegmentRule
from servicepackages.models import Package, Product, Track

pytestmark = pytest.mark.django_db


def test_it_loads_the_98_municipalities_in_five_regions():
    assert Municipality.objects.count() == 98
    assert Municipality.objects.values("region_code").distinct().count() == 5
    # DANISH-DATA.md 3.1: Roskilde sits among the capital's codes but is in Sjælland.
    assert Municipality.objects.get(code="0265").region_name == "Region Sjælland"


def test_it_loads_the_21_db07_sections():
    assert IndustrySection.objects.count() == 21
    assert IndustrySection.objects.get(letter="F").name == "Bygge og anlæg"


def test_it_loads_the_four_struer_segments_and_four_tracks():
    assert list(Segment.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert set(Track.objects.values_list("code", flat=True)) == {
        "recruitment",
        "upskilling",
        "retention",
        "other",
    }


def test_it_gives_a_new_jobcenter_the_default_rules_and_catalogue(jobcenter_a, jobcenter_b):
    assert SegmentRule.objects.for_jobcenter(jobcenter_a).count() == 4
    rule_1 = SegmentRule.objects.for_jobcenter(jobcenter_a).get(segment__number=1)
    assert (rule_1.min_visits, rule_1.visit_period_months) == (2, 6)
    products_a = Product.objects.for_jobcenter(jobcenter_a)
    assert products_a.count() >= 30
    assert products_a.filter(level="extended").exists()
    assert Package.objects.for_jobcenter(jobcenter_a).count() >= 5
    # Each jobcenter's catalogue is its own copy.
    assert not products_a.filter(pk__in=Product.objects.for_jobcenter(jobcenter_b)).exists()
