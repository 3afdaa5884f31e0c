import csv
import datetime
import io
import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from companies.models import IndustrySection, Municipality, Workplace
from companies.views import lists
from screening.models import Segment
from tests.factories import CompanyFactory, ContactFactory, RelationshipFactory

LIST_URL = reverse("companies:company-list")
MAP_URL = reverse("companies:company-map")


def export_url(file_format: str) -> str:
    return reverse("companies:company-export", args=[file_format])


def listed(response) -> list[str]:
    return [company.name for company in response.context["page_obj"].object_list]


def segment(number: int) -> Segment:
    return Segment.objects.get(number=number)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def holstebro():
    return Municipality.objects.get(code="0661")


# The page, its access and its htmx fragment


def test_it_lists_the_companies_in_the_jobcenters_municipalities(consultant_client, holstebro):
    CompanyFactory(name="Struer Smedje")
    CompanyFactory(name="Holstebro Bageri", municipality=holstebro)

    response = consultant_client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == ["Struer Smedje"]
    assert response.templates[0].name == "companies/company_list.html"


def test_it_links_each_row_to_the_company_page(consultant_client):
    company = CompanyFactory()

    response = consultant_client.get(LIST_URL)

    assert f'href="{company.get_absolute_url()}"' in response.content.decode()


def test_it_refuses_other_methods(consultant_client):
    assert consultant_client.post(LIST_URL).status_code == 405
    assert consultant_client.post(MAP_URL).status_code == 405
    assert consultant_client.post(export_url("csv")).status_code == 405


def test_it_hides_companies_outside_the_outsiders_municipalities(outsider_client, holstebro):
    CompanyFactory(name="Struer Smedje")
    CompanyFactory(name="Holstebro Bageri", municipality=holstebro)

    response = outsider_client.get(LIST_URL, {"q": "Struer Smedje"})

    assert listed(response) == []
    assert listed(outsider_client.get(LIST_URL)) == ["Holstebro Bageri"]


def test_it_shows_the_outsider_a_company_elsewhere_it_is_related_to(outsider_client, jobcenter_b):
    company = CompanyFactory(name="Struer Smedje")
    RelationshipFactory(jobcenter=jobcenter_b, company=company)

    assert listed(outsider_client.get(LIST_URL)) == ["Struer Smedje"]


def test_it_shows_a_company_with_a_workplace_in_the_jobcenters_municipality(
    consultant_client, holstebro
):
    CompanyFactory(
        name="Holstebro Maskiner", municipality=holstebro, municipality_codes=["0661", "0671"]
    )

    assert listed(consultant_client.get(LIST_URL)) == ["Holstebro Maskiner"]


def test_it_answers_a_user_outside_any_jobcenter_with_404(client, db):
    operator = User.objects.create_superuser(username="drift", password="x", jobcenter=None)
    client.force_login(operator)

    assert client.get(LIST_URL).status_code == 404
    assert client.get(MAP_URL).status_code == 404
    assert client.get(export_url("csv")).status_code == 404


def test_it_returns_only_the_table_to_htmx(consultant_client):
    CompanyFactory(name="Struer Smedje")

    response = consultant_client.get(LIST_URL, {"q": "smedje"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert [template.name for template in response.templates][0] == (
        "companies/partials/company_table.html"
    )
    assert "<html" not in content
    assert "Struer Smedje" in content
    assert "HX-Request" in response["Vary"]


def test_it_keeps_the_sort_field_in_step_after_a_sort_link_but_not_while_typing(
    consultant_client,
):
    CompanyFactory()
    from_link = consultant_client.get(LIST_URL, {"sort": "-name"}, headers={"HX-Request": "true"})
    from_form = consultant_client.get(
        LIST_URL, {"sort": "-name"}, headers={"HX-Request": "true", "HX-Trigger": "company-filter"}
    )

    assert 'hx-swap-oob="true"' in from_link.content.decode()
    assert 'hx-swap-oob="true"' not in from_form.content.decode()


def test_it_returns_the_whole_page_when_htmx_restores_history(consultant_client):
    response = consultant_client.get(
        LIST_URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_it_offers_import_to_admins_only(consultant_client, admin_client_a):
    import_url = reverse("companies:company-import")
    create_url = reverse("companies:company-create")

    as_consultant = consultant_client.get(LIST_URL).content.decode()
    as_admin = admin_client_a.get(LIST_URL).content.decode()

    assert f'href="{create_url}"' in as_consultant
    assert f'href="{import_url}"' not in as_consultant
    assert f'href="{import_url}"' in as_admin


def test_it_links_to_the_export_and_map_with_the_current_filters(consultant_client):
    CompanyFactory()

    content = consultant_client.get(LIST_URL, {"q": "smedje", "page": "1"}).content.decode()

    assert f'href="{export_url("csv")}?q=smedje"' in content
    assert f'href="{export_url("xlsx")}?q=smedje"' in content
    assert f'href="{MAP_URL}?q=smedje"' in content


# Search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sonderborg", "Sønderborg Smedje"),
        ("sønderborg smedje", "Sønderborg Smedje"),
        ("Aabenraa", "Åbenrå Tømrer"),
        ("Vestjysk Tømrerforetning", "Vestjysk Tømrerforretning ApS"),
        ("Tomrerforretning", "Vestjysk Tømrerforretning ApS"),
    ],
)
def test_it_finds_companies_despite_typos_and_danish_letters(consultant_client, query, expected):
    for name in ["Sønderborg Smedje", "Åbenrå Tømrer", "Vestjysk Tømrerforretning ApS"]:
        CompanyFactory(name=name)
    CompanyFactory(name="Struer Bageri")

    assert listed(consultant_client.get(LIST_URL, {"q": query}))[0] == expected
    assert "Struer Bageri" not in listed(consultant_client.get(LIST_URL, {"q": query}))


def test_it_finds_a_company_by_its_address(consultant_client):
    CompanyFactory(name="Smedjen", address="Fabriksvej 12")
    CompanyFactory(name="Bageriet", address="Østergade 1")

    assert listed(consultant_client.get(LIST_URL, {"q": "fabriksvej"})) == ["Smedjen"]


def test_it_puts_the_closest_match_first(consultant_client):
    CompanyFactory(name="Smedjen Nord")
    CompanyFactory(name="Vest Smedje")

    assert listed(consultant_client.get(LIST_URL, {"q": "smedje"})) == [
        "Vest Smedje",
        "Smedjen Nord",
    ]


def test_it_finds_a_company_by_its_cvr_number(consultant_client):
    wanted = CompanyFactory(name="Wanted")
    CompanyFactory(name="Other")

    assert listed(consultant_client.get(LIST_URL, {"q": wanted.cvr})) == ["Wanted"]
    assert listed(consultant_client.get(LIST_URL, {"q": f"DK {wanted.cvr}"})) == ["Wanted"]


def test_it_finds_a_company_by_a_workplaces_p_number(consultant_client):
    wanted = CompanyFactory(name="Wanted")
    Workplace.objects.create(company=wanted, p_number="1012345678", name="Wanted, Struer")
    Workplace.objects.create(company=CompanyFactory(), p_number="1012345679", name="Other")

    assert listed(consultant_client.get(LIST_URL, {"q": "1012345678"})) == ["Wanted"]


# Filters: segment, responsible, cooperation, contact and opt-out are this jobcenter's own


def test_it_filters_by_this_jobcenters_segment(consultant_client, jobcenter_a, jobcenter_b):
    two = CompanyFactory(name="Segment two")
    RelationshipFactory(jobcenter=jobcenter_a, company=two, segment=segment(2))
    elsewhere = CompanyFactory(name="Screened by Holstebro only")
    RelationshipFactory(jobcenter=jobcenter_b, company=elsewhere, segment=segment(1))
    unscreened = CompanyFactory(name="Related, not screened")
    RelationshipFactory(jobcenter=jobcenter_a, company=unscreened)

    assert listed(consultant_client.get(LIST_URL, {"segment": "2"})) == ["Segment two"]
    assert listed(consultant_client.get(LIST_URL, {"segment": "1"})) == []
    assert listed(consultant_client.get(LIST_URL, {"segment": "none"})) == [
        "Related, not screened",
        "Screened by Holstebro only",
    ]


def test_it_filters_by_industry_section(consultant_client):
    construction = IndustrySection.objects.get(letter="F")
    CompanyFactory(name="Builder", industry_section=construction)
    CompanyFactory(name="No section")

    assert listed(consultant_client.get(LIST_URL, {"industry": "F"})) == ["Builder"]


def test_it_filters_by_municipality_of_seat_or_workplace(consultant_client, holstebro):
    CompanyFactory(name="Seat in Struer")
    CompanyFactory(
        name="Workplace in Struer", municipality=holstebro, municipality_codes=["0661", "0671"]
    )

    assert listed(consultant_client.get(LIST_URL, {"municipality": "0661"})) == [
        "Workplace in Struer"
    ]
    assert len(listed(consultant_client.get(LIST_URL, {"municipality": "0671"}))) == 2


def test_it_filters_by_employee_band(consultant_client):
    CompanyFactory(name="Small", employee_band="2-4")
    CompanyFactory(name="Large", employee_band="200-499")

    assert listed(consultant_client.get(LIST_URL, {"employees": "200-499"})) == ["Large"]


def test_it_filters_by_responsible_consultant(consultant_client, consultant, jobcenter_a):
    mine = CompanyFactory(name="Mine")
    RelationshipFactory(jobcenter=jobcenter_a, company=mine, responsible=consultant)
    CompanyFactory(name="Nobody's")

    response = consultant_client.get(LIST_URL, {"responsible": str(consultant.code)})

    assert listed(response) == ["Mine"]


def test_it_offers_only_colleagues_as_responsible(consultant_client, consultant, outsider):
    response = consultant_client.get(LIST_URL, {"responsible": str(outsider.code)})

    assert "responsible" in response.context["filter"].form.errors
    content = response.content.decode()
    assert f'value="{consultant.code}"' in content
    assert f'value="{outsider.code}"' not in content


def test_it_filters_by_cooperation(consultant_client, jobcenter_a, jobcenter_b):
    known = CompanyFactory(name="Known")
    RelationshipFactory(jobcenter=jobcenter_a, company=known, is_known=True)
    known_elsewhere = CompanyFactory(name="Known by Holstebro")
    RelationshipFactory(jobcenter=jobcenter_b, company=known_elsewhere, is_known=True)

    assert listed(consultant_client.get(LIST_URL, {"known": "yes"})) == ["Known"]
    assert listed(consultant_client.get(LIST_URL, {"known": "no"})) == ["Known by Holstebro"]


def test_it_filters_by_no_contact_since_a_date(
    consultant_client, consultant, jobcenter_a, outsider
):
    recent = RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory(name="Recent"))
    ContactFactory(relationship=recent, consultant=consultant, occurred_at=days_ago(5))
    old = RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory(name="Old"))
    ContactFactory(relationship=old, consultant=consultant, occurred_at=days_ago(200))
    planned = RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory(name="Planned"))
    ContactFactory(
        relationship=planned, consultant=consultant, status="planned", occurred_at=days_ago(1)
    )
    CompanyFactory(name="Never")
    by_holstebro = RelationshipFactory(
        jobcenter=outsider.jobcenter, company=CompanyFactory(name="Holstebro's contact")
    )
    ContactFactory(relationship=by_holstebro, consultant=outsider, occurred_at=days_ago(1))
    since = timezone.localdate() - datetime.timedelta(days=30)

    response = consultant_client.get(LIST_URL, {"not_contacted_since": since.isoformat()})

    assert listed(response) == ["Holstebro's contact", "Never", "Old", "Planned"]


def test_it_counts_a_contact_on_the_date_itself(consultant_client, consultant, jobcenter_a):
    relationship = RelationshipFactory(jobcenter=jobcenter_a, company=CompanyFactory())
    ContactFactory(relationship=relationship, consultant=consultant, occurred_at=days_ago(0))

    response = consultant_client.get(
        LIST_URL, {"not_contacted_since": timezone.localdate().isoformat()}
    )

    assert listed(response) == []


def test_it_filters_by_opt_out(consultant_client, jobcenter_a):
    RelationshipFactory(
        jobcenter=jobcenter_a,
        company=CompanyFactory(name="Refused"),
        opted_out_on=timezone.localdate(),
        opt_out_reason="Ønsker ikke at blive ringet op",
    )
    CompanyFactory(name="Open")

    assert listed(consultant_client.get(LIST_URL, {"opted_out": "yes"})) == ["Refused"]
    assert listed(consultant_client.get(LIST_URL, {"opted_out": "no"})) == ["Open"]


def test_it_ignores_an_invalid_filter_value_and_shows_the_error(consultant_client):
    CompanyFactory(name="Still listed")

    response = consultant_client.get(LIST_URL, {"segment": "9", "sort": "password"})

    assert listed(response) == ["Still listed"]
    assert set(response.context["filter"].form.errors) == {"segment", "sort"}


# Sorting and pagination


@pytest.fixture
def sortable(jobcenter_a, consultant, holstebro):
    """Three companies that each sort differently by every column."""
    struer = Municipality.objects.get(code="0671")
    rows = [
        ("Beta", "0671", 3, 100),
        ("Alfa", "0661", None, 10),
        ("Gamma", "0671", 1, None),
    ]
    for name, code, number, contact_days in rows:
        company = CompanyFactory(
            name=name,
            municipality=holstebro if code == "0661" else struer,
            municipality_codes=[code, "0671"],
        )
        relationship = RelationshipFactory(
            jobcenter=jobcenter_a, company=company, segment=segment(number) if number else None
        )
        if contact_days is not None:
            ContactFactory(
                relationship=relationship, consultant=consultant, occurred_at=days_ago(contact_days)
            )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Alfa", "Beta", "Gamma"]),
        ("name", ["Alfa", "Beta", "Gamma"]),
        ("-name", ["Gamma", "Beta", "Alfa"]),
        ("municipality", ["Alfa", "Beta", "Gamma"]),
        ("-municipality", ["Beta", "Gamma", "Alfa"]),
        ("segment", ["Gamma", "Beta", "Alfa"]),
        ("-segment", ["Alfa", "Beta", "Gamma"]),
        ("last_contact", ["Gamma", "Beta", "Alfa"]),
        ("-last_contact", ["Alfa", "Beta", "Gamma"]),
    ],
)
def test_it_sorts_by_the_chosen_column(consultant_client, sortable, sort, expected):
    assert listed(consultant_client.get(LIST_URL, {"sort": sort})) == expected


def test_it_sorts_by_cvr_number(consultant_client):
    companies = [CompanyFactory(name=name) for name in ["Alfa", "Beta", "Gamma"]]
    by_cvr = [company.name for company in sorted(companies, key=lambda company: company.cvr)]

    assert listed(consultant_client.get(LIST_URL, {"sort": "cvr"})) == by_cvr
    assert listed(consultant_client.get(LIST_URL, {"sort": "-cvr"})) == by_cvr[::-1]


def test_it_marks_the_sorted_column_and_links_to_the_reverse_order(consultant_client):
    CompanyFactory()

    content = consultant_client.get(LIST_URL, {"sort": "name", "q": "test"}).content.decode()

    assert 'aria-sort="ascending"' in content
    assert f'href="{LIST_URL}?sort=-name&amp;q=test"' in content


def test_it_pages_by_fifty(consultant_client):
    for number in range(53):
        CompanyFactory(name=f"Company {number:02}")

    first = consultant_client.get(LIST_URL)
    second = consultant_client.get(LIST_URL, {"page": "2"})

    assert len(listed(first)) == 50
    assert listed(second) == ["Company 50", "Company 51", "Company 52"]
    assert first.context["page_obj"].paginator.count == 53
    assert 'aria-label="' in first.content.decode().split("<nav")[-1]


def test_it_shows_the_last_page_for_a_page_number_too_high(consultant_client):
    CompanyFactory(name="Only")

    assert listed(consultant_client.get(LIST_URL, {"page": "7"})) == ["Only"]


# Constant queries


def make_companies(count: int, *, jobcenter, consultant) -> None:
    for number in range(count):
        relationship = RelationshipFactory(
            jobcenter=jobcenter,
            company=CompanyFactory(),
            segment=segment(number % 4 + 1),
            responsible=consultant,
            is_known=bool(number % 2),
        )
        ContactFactory(relationship=relationship, consultant=consultant)


# Session, user, jobcenter, its municipalities, count, page; and the form's choices of
# colleagues (those of segments, industry sections and municipalities, reference data, are
# read by the first request of the process: the tests warm it up first); the order-watch
# badge.
LIST_PAGE_QUERIES = 9


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_the_same_queries_for_any_number_of_rows(
    consultant_client, consultant, jobcenter_a, django_assert_num_queries, count
):
    make_companies(count, jobcenter=jobcenter_a, consultant=consultant)
    consultant_client.get(LIST_URL)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = consultant_client.get(LIST_URL, {"sort": "last_contact"})

    assert len(listed(response)) == count


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_the_same_queries_for_any_number_of_rows_filtered(
    consultant_client, consultant, jobcenter_a, django_assert_num_queries, count
):
    make_companies(count, jobcenter=jobcenter_a, consultant=consultant)
    filters = {
        "q": "testvirksomhed",
        "segment": "2",
        "responsible": str(consultant.code),
        "known": "yes",
        "not_contacted_since": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "municipality": "0671",
    }

    consultant_client.get(LIST_URL)

    # The same, plus one query for each chosen object (segment, consultant, municipality)
    # and one in the dictionary of search words for the search's slips.
    with django_assert_num_queries(LIST_PAGE_QUERIES + 3 + 1):
        response = consultant_client.get(LIST_URL, filters)

    # Companies 1, 5, 9, ... are in segment 2, known, and contacted before tomorrow.
    assert len(listed(response)) == len(range(1, count, 4))


# Export


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_it_exports_the_filtered_companies_as_csv(consultant_client, consultant, jobcenter_a):
    wanted = CompanyFactory(name="Struer Smedje")
    relationship = RelationshipFactory(
        jobcenter=jobcenter_a, company=wanted, segment=segment(2), responsible=consultant
    )
    ContactFactory(relationship=relationship, consultant=consultant)
    CompanyFactory(name="Struer Bageri")

    response = consultant_client.get(export_url("csv"), {"q": "smedje"})

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="virksomheder-{today}.csv"'
    header, *rows = csv_rows(response)
    assert len(header) == 14
    assert len(rows) == 1
    assert rows[0][:2] == [wanted.cvr, "Struer Smedje"]
    assert rows[0][9] == "2"
    assert rows[0][10] == str(consultant)
    assert rows[0][13] == today


def test_it_neutralises_formulas_in_the_csv(consultant_client):
    CompanyFactory(name='=HYPERLINK("http://evil.example","Klik")', address="+45 1234")

    (row,) = csv_rows(consultant_client.get(export_url("csv")))[1:]

    assert row[1] == '\'=HYPERLINK("http://evil.example","Klik")'
    assert row[2] == "'+45 1234"


def test_it_exports_the_filtered_companies_as_xlsx(consultant_client):
    CompanyFactory(name='=HYPERLINK("http://evil.example","Klik")')
    CompanyFactory(name="Struer Smedje")
    CompanyFactory(name="Struer Bageri")

    response = consultant_client.get(export_url("xlsx"), {"q": "struer smedje"})

    today = timezone.localdate().isoformat()
    assert f'filename="virksomheder-{today}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Struer Smedje"]


def test_it_neutralises_formulas_in_the_xlsx(consultant_client):
    CompanyFactory(name='=HYPERLINK("http://evil.example","Klik")')

    response = consultant_client.get(export_url("xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=2)
    # Text, shown as it was written, and kept text when edited (quote prefix).
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","Klik")'
    assert cell.quotePrefix


def test_it_exports_only_what_the_outsider_sees(outsider_client, holstebro):
    CompanyFactory(name="Struer Smedje")
    CompanyFactory(name="Holstebro Bageri", municipality=holstebro)

    rows = csv_rows(outsider_client.get(export_url("csv")))[1:]

    assert [row[1] for row in rows] == ["Holstebro Bageri"]


def test_it_refuses_an_export_over_the_row_limit(consultant_client, monkeypatch):
    monkeypatch.setattr(lists, "EXPORT_ROW_LIMIT", 1)
    CompanyFactory.create_batch(2)

    response = consultant_client.get(export_url("xlsx"), {"employees": "10-19"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?employees=10-19"
    assert len(list(response.wsgi_request._messages)) == 1


def test_it_answers_an_unknown_export_format_with_404(consultant_client):
    assert consultant_client.get(export_url("pdf")).status_code == 404


# Map


def map_markers(response) -> list[dict]:
    found = re.search(
        r'<script id="company-map-markers" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert found
    return json.loads(found.group(1))


@override_settings(
    MAP_TILE_URL="https://tiles.example.test/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="Test tiles"
)
def test_it_puts_filtered_companies_with_coordinates_on_the_map(consultant_client, jobcenter_a):
    located = CompanyFactory(name="Located", latitude=56.49, longitude=8.59)
    RelationshipFactory(jobcenter=jobcenter_a, company=located, segment=segment(1))
    CompanyFactory(name="Filtered away", latitude=56.5, longitude=8.6, employee_band="1")
    CompanyFactory(name="No coordinates")

    response = consultant_client.get(MAP_URL, {"employees": "10-19"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "https://tiles.example.test/{z}/{x}/{y}.png" in content
    assert map_markers(response) == [
        {
            "name": "Located",
            "url": located.get_absolute_url(),
            "lat": 56.49,
            "lng": 8.59,
            "segment": 1,
        }
    ]
    # The accessible list below the map works without tiles or JavaScript.
    assert f'<a href="{located.get_absolute_url()}">Located</a>' in content
    assert "Filtered away" not in content
    assert "No coordinates" not in content


def test_it_caps_the_map(consultant_client, monkeypatch):
    monkeypatch.setattr(lists, "MAP_LIMIT", 2)
    for number in range(3):
        CompanyFactory(name=f"Company {number}", latitude=56.0, longitude=8.0)

    response = consultant_client.get(MAP_URL)

    assert [marker["name"] for marker in map_markers(response)] == ["Company 0", "Company 1"]
    assert response.context["truncated"] is True


def test_it_keeps_other_jobcenters_companies_off_the_outsiders_map(outsider_client):
    CompanyFactory(name="Struer Smedje", latitude=56.49, longitude=8.59)

    assert map_markers(outsider_client.get(MAP_URL)) == []


def test_it_shows_only_this_jobcenters_relationship_and_contacts(
    consultant_client, jobcenter_b, outsider
):
    company = CompanyFactory(name="Shared")
    theirs = RelationshipFactory(
        jobcenter=jobcenter_b, company=company, segment=segment(1), is_known=True
    )
    ContactFactory(relationship=theirs, consultant=outsider)

    (row,) = consultant_client.get(LIST_URL).context["page_obj"].object_list

    assert (row.segment_number, row.is_known, row.last_contact_at) == (None, False, None)


def test_it_unfolds_the_filters_on_phones_when_one_is_in_use(consultant_client):
    folded = consultant_client.get(LIST_URL, {"q": "smedje"}).content.decode()
    unfolded = consultant_client.get(LIST_URL, {"employees": "1"}).content.decode()

    assert 'class="collapse d-md-block show"' not in folded
    assert 'class="collapse d-md-block show"' in unfolded
