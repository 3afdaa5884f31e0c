"""One Danish date style on every page (issue 8.16): "30. okt.", lower case with a full
stop, the year only when it is not this year."""

import datetime
import re
import subprocess
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter_crm.lib.dates import short_date, short_datetime
from screening.models import Segment
from tests.factories import AgreementFactory, CompanyFactory, ContactFactory, RelationshipFactory

ROOT = Path(__file__).parents[2]
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# Formats a template may still give Django's `date` filter: for machines (ISO dates in
# `<time datetime>`, URL parameters), a month heading ("oktober 2026") and a weekday
# written before the one style ("mandag 30. okt.").
MACHINE_OR_NOT_A_DATE = {"c", "Y-m-d", "Y-m", "F Y", "l"}
# The other styles the pages used to mix: 30.10.2026, 30. oktober 2026, 30. okt 2026.
OTHER_STYLES = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{1,2}\. (oktober|okt) \d{4}\b")


def test_a_date_of_this_year_is_day_and_short_month():
    year = timezone.localdate().year
    with translation.override("da"):
        assert short_date(datetime.date(year, 10, 30)) == "30. okt."
        assert short_date(datetime.date(year, 3, 4)) == "4. marts"
        assert short_date(datetime.date(year, 5, 1)) == "1. maj"


def test_a_date_of_another_year_carries_the_year():
    year = timezone.localdate().year
    with translation.override("da"):
        assert short_date(datetime.date(year - 1, 10, 30)) == f"30. okt. {year - 1}"
        assert short_date(datetime.date(year + 1, 1, 2)) == f"2. jan. {year + 1}"
        assert short_date(datetime.date(year, 10, 30), with_year=True) == f"30. okt. {year}"
        assert short_date(None) == ""


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_lower_case_and_shortened_with_a_full_stop(month):
    with translation.override("da"):
        text = short_date(datetime.date(2020, month, 1))
    day, name, year = text.split(" ")
    assert (day, year) == ("1.", "2020")
    assert name == name.lower()
    # Danish shortens only the long names; marts, april, maj, juni and juli stay whole.
    assert name.endswith(".") or name in {"marts", "april", "maj", "juni", "juli"}


def test_a_time_is_shown_in_copenhagen_after_the_date():
    # 23:30 UTC on 30 October 2026 is 00:30 the next day in Copenhagen (winter time).
    moment = datetime.datetime(2026, 10, 30, 23, 30, tzinfo=datetime.UTC)
    with translation.override("da"):
        assert short_datetime(moment, with_year=True) == "31. okt. 2026 00:30"
        assert short_datetime(None) == ""


def test_the_filters_need_no_load_in_any_template():
    year = timezone.localdate().year
    moment = datetime.datetime(year, 10, 30, 14, 5, tzinfo=COPENHAGEN)
    template = Template("{{ day|short_date }} · {{ moment|short_datetime }}")
    with translation.override("da"):
        text = template.render(Context({"day": moment.date(), "moment": moment}))
    assert text == "30. okt. · 30. okt. 14:05"


def _page_templates() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "*.html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in names if "/email/" not in name]


def test_no_page_template_writes_a_date_in_another_style():
    found = []
    for path in _page_templates():
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
            if fmt not in MACHINE_OR_NOT_A_DATE:
                found.append(f"{path.relative_to(ROOT)}: {fmt}")
        if re.search(r"\|date\s*(\}\}|\||\s)", path.read_text()):
            found.append(f"{path.relative_to(ROOT)}: date without a format")
    assert found == []


@pytest.mark.django_db
def test_the_company_page_shows_its_dates_in_the_one_style(consultant_client, jobcenter_a):
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a,
        company=CompanyFactory(name="Struer Maskinfabrik ApS"),
        segment=Segment.objects.get(number=2),
    )
    year = timezone.localdate().year
    logged = datetime.datetime(year - 1, 10, 30, 10, 15, tzinfo=COPENHAGEN)
    ContactFactory(relationship=relationship, occurred_at=logged)
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    AgreementFactory(relationship=relationship, deadline=deadline)
    page = consultant_client.get(relationship.company.get_absolute_url()).content.decode()
    assert f"30. okt. {year - 1} 10:15" in page
    with translation.override("da"):
        assert short_date(deadline) in page
    assert OTHER_STYLES.findall(page) == []


@pytest.mark.django_db
def test_the_company_list_shows_the_last_contact_in_the_one_style(consultant_client, jobcenter_a):
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory())
    year = timezone.localdate().year
    ContactFactory(
        relationship=relationship,
        occurred_at=datetime.datetime(year - 1, 3, 4, 9, 0, tzinfo=COPENHAGEN),
    )
    page = consultant_client.get(reverse("companies:company-list")).content.decode()
    assert f"4. marts {year - 1}" in page
    assert OTHER_STYLES.findall(page) == []


# The window's constraint validates in Python: full_clean costs no query for it.

OUTSIDE_TIMES = [
    datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(1999, 12, 31, 22, 59, tzinfo=datetime.UTC),
    datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
]
INSIDE_TIMES = [
    datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC),
    datetime.datetime(2099, 12, 31, 23, 59, tzinfo=datetime.UTC),
]


@pytest.mark.django_db
@pytest.mark.parametrize("when", OUTSIDE_TIMES + INSIDE_TIMES)
def test_the_window_is_checked_without_a_query(when, django_assert_num_queries):
    from django.core.exceptions import ValidationError

    from companies.models import Contact

    contact = ContactFactory()
    contact.occurred_at = when
    (window,) = Contact._meta.constraints
    with django_assert_num_queries(0):
        if when in OUTSIDE_TIMES:
            with pytest.raises(ValidationError):
                window.validate(Contact, contact)
        else:
            window.validate(Contact, contact)
    # Migrations see the plain constraint, so no schema change follows from it.
    assert window.deconstruct()[0] == "django.db.models.CheckConstraint"
