"""Samarbejdsgrad (issue 12, point 5): generated companies, workplaces and placements, the
expected figures counted here in Python, independently of the report's SQL."""

import random
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from companies.models import Company, Municipality, Workplace
from matching.services import job_order_create, placement_record
from matching.tests.factories import make_candidate
from tests.factories import CompanyFactory

from .builders import at

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}
QUALIFYING = {"internship", "wage_subsidy_private", "wage_subsidy_public", "flex_job"}
KINDS = [*sorted(QUALIFYING), "ordinary", "adult_apprentice", "upskilling_job"]
SERVED = ("0671", "0665")  # Struer, and Lemvig added below
BANDS = ["0", "", "1", "2-4", "10-19"]


@dataclass
class Hire:
    company: Company
    workplace: Workplace | None
    postal_code: str
    jobcenter: str  # "own" or "other"
    qualifying: bool
    in_period: bool
    hired: bool


@dataclass
class World:
    companies: list[Company] = field(default_factory=list)
    workplaces: list[Workplace] = field(default_factory=list)
    hires: list[Hire] = field(default_factory=list)


def _generate(seed: int, jobcenter_a, consultant, outsider) -> World:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not a secret
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[*SERVED, "0661"])}
    world = World()
    for number in range(30):
        seat = rng.choice(["0671", "0665", "0661"])
        elsewhere = rng.sample(["0671", "0665", "0661"], rng.randint(0, 2))
        company: Company = CompanyFactory(  # type: ignore[assignment]  # a factory makes one
            municipality=municipalities[seat],
            municipality_codes=sorted({seat, *elsewhere}),
            employee_band=rng.choice(BANDS),
            ceased_on=at(2025, 6, 1).date() if rng.random() < 0.1 else None,
        )
        world.companies.append(company)
        for index, code in enumerate(sorted({seat, *elsewhere})):
            world.workplaces.append(
                Workplace.objects.create(
                    company=company,
                    p_number=f"{1_000_000_000 + number * 10 + index}",
                    name=f"{company.name} {code}",
                    postal_code=rng.choice(["7600", "7620"]),
                    municipality=municipalities[code],
                    employee_band=rng.choice(BANDS),
                    ceased_on=at(2025, 6, 1).date() if rng.random() < 0.1 else None,
                )
            )
    for _ in range(40):
        company = rng.choice(world.companies)
        own = rng.random() < 0.6
        user = consultant if own else outsider
        options = [w for w in world.workplaces if w.company_id == company.pk]
        workplace = rng.choice([None, *options])
        postal_code = workplace.postal_code if workplace else rng.choice(["7600", "7620"])
        kind = rng.choice(KINDS)
        hired_at = at(2026, rng.choice([2, 3, 3, 3, 4]), rng.randint(1, 28), rng.randint(0, 23))
        order = job_order_create(
            user=user,
            company=company,
            workplace=workplace,
            title="Praktikant",
            occupation="Lagerarbejder",
            kind=kind,
            postal_code=postal_code,
            channel="email",
            received_at=at(2026, 1, 2),
        )
        status = rng.choice(["hired", "hired", "interview", "rejected"])
        placement_record(
            order=order,
            candidate=make_candidate(user.jobcenter),
            user=user,
            status=status,
            occurred_at=hired_at,
            reason="Passede ikke" if status == "rejected" else "",
        )
        world.hires.append(
            Hire(
                company=company,
                workplace=workplace,
                postal_code=postal_code,
                jobcenter="own" if own else "other",
                qualifying=kind in QUALIFYING,
                in_period=hired_at.month == 3,
                hired=status == "hired",
            )
        )
    return world


def _employing(band: str) -> bool:
    return band not in ("", "0")


def _company_base(world: World, codes: tuple[str, ...]) -> set[int]:
    return {
        c.pk
        for c in world.companies
        if c.ceased_on is None
        and _employing(c.employee_band)
        and set(codes) & set(c.municipality_codes)
    }


def _cooperating_companies(world: World, who: str) -> set[int]:
    return {
        h.company.pk
        for h in world.hires
        if h.hired and h.qualifying and h.in_period and h.jobcenter == who
    }


def _expected_companies(world: World, codes: tuple[str, ...]) -> tuple[int, int, int, int]:
    base = _company_base(world, codes)
    own = _cooperating_companies(world, "own") & base
    other = _cooperating_companies(world, "other") & base
    return len(base), len(own), len(other), len(own | other)


def _expected_workplaces(world: World, codes: tuple[str, ...]) -> tuple[int, int, int, int]:
    companies = {c.pk: c for c in world.companies}
    base = {
        w.pk
        for w in world.workplaces
        if w.ceased_on is None
        and companies[w.company_id].ceased_on is None
        and _employing(w.employee_band)
        and w.municipality is not None
        and w.municipality.code in codes
    }

    def cooperating(who: str) -> set[int]:
        found = set()
        for hire in world.hires:
            if not (hire.hired and hire.qualifying and hire.in_period and hire.jobcenter == who):
                continue
            for w in world.workplaces:
                if hire.workplace is not None:
                    if w.pk == hire.workplace.pk:
                        found.add(w.pk)
                elif w.company_id == hire.company.pk and w.postal_code == hire.postal_code:
                    found.add(w.pk)
        return found & base

    own, other = cooperating("own"), cooperating("other")
    return len(base), len(own), len(other), len(own | other)


def _counts(row) -> tuple[int, int, int, int]:
    values = [cell.value for cell in row.cells]
    return values[0], values[1], values[3], values[5]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_samarbejdsgrad_counts_what_was_generated(
    seed, team_lead_client, jobcenter_a, consultant, outsider
):
    jobcenter_a.served_municipalities.add(Municipality.objects.get(code="0665"))
    world = _generate(seed, jobcenter_a, consultant, outsider)

    response = team_lead_client.get(reverse("reports:cooperation"), PERIOD)
    [table] = response.context["tables"]
    rows = {row.label: row for row in table.rows}
    assert _counts(rows["Struer"]) == _expected_companies(world, ("0671",))
    assert _counts(rows["Lemvig"]) == _expected_companies(world, ("0665",))
    everyone = rows["Alle jobcenterets kommuner"]
    expected = _expected_companies(world, SERVED)
    assert _counts(everyone) == expected
    # The shares are of the base; a company in both municipalities is once in all of them.
    assert everyone.cells[2].value == (
        round(100 * expected[1] / expected[0], 1) if expected[0] else None
    )
    assert expected[3] <= expected[1] + expected[2]
    # The own jobcenter's cooperating companies are listed, exactly those counted; the other
    # jobcenters' are only a number.
    for row in table.rows:
        listed = team_lead_client.get(row.cells[1].url)
        assert listed.context["page_obj"].paginator.count == row.cells[1].value
        assert not row.cells[3].url and not row.cells[5].url
    own_listed = {c.pk for c in team_lead_client.get(everyone.cells[1].url).context["page_obj"]}
    assert own_listed == _cooperating_companies(world, "own") & _company_base(world, SERVED)

    by_workplace = team_lead_client.get(
        reverse("reports:cooperation"), {**PERIOD, "unit": "workplace"}
    )
    rows = {row.label: row for row in by_workplace.context["tables"][0].rows}
    assert _counts(rows["Struer"]) == _expected_workplaces(world, ("0671",))
    assert _counts(rows["Lemvig"]) == _expected_workplaces(world, ("0665",))
    assert _counts(rows["Alle jobcenterets kommuner"]) == _expected_workplaces(world, SERVED)


def test_a_company_hired_from_twice_counts_once(team_lead_client, jobcenter_a, consultant):
    company = CompanyFactory(employee_band="5-9")
    for kind, day in (("internship", 3), ("flex_job", 20)):
        order = job_order_create(
            user=consultant,
            company=company,
            title="Praktik",
            occupation="Lager",
            kind=kind,
            postal_code="7600",
            channel="email",
            received_at=at(2026, 3, 1),
        )
        placement_record(
            order=order,
            candidate=make_candidate(jobcenter_a),
            user=consultant,
            status="hired",
            occurred_at=at(2026, 3, day),
        )
    CompanyFactory(employee_band="1")  # in the base, not cooperating
    [table] = team_lead_client.get(reverse("reports:cooperation"), PERIOD).context["tables"]
    [row] = table.rows
    assert [c.value for c in row.cells] == [2, 1, 50.0, None, None, 1, 50.0]


def test_samarbejdsgrad_says_placements_are_missing_rather_than_zero(team_lead_client, jobcenter_a):
    company_in = CompanyFactory
    company_in(employee_band="10-19")
    company_in(employee_band="1")
    company_in(employee_band="0")  # no employee: not in the base
    company_in(employee_band="")  # unknown: not in the base
    company_in(ceased_on=at(2025, 1, 1).date())
    # Seated in Holstebro with a workplace in Struer: a company in Struer's base.
    CompanyFactory(municipality_codes=["0661", "0671"], employee_band="5-9")
    response = team_lead_client.get(reverse("reports:cooperation"))
    [table] = response.context["tables"]
    [row] = table.rows
    assert [c.value for c in row.cells] == [3, None, None, None, None, None, None]
    listed = team_lead_client.get(row.cells[0].url)
    assert listed.context["page_obj"].paginator.count == 3
    page = response.content.decode()
    assert "Hvor der endnu ikke er registreret forløb" in page
    # Not counted is shown as not counted ('–'), never as a share of 0 %.
    assert "0,0 %" not in page
    assert page.count('<td class="text-end">–</td>') == 6
    workplaces = team_lead_client.get(reverse("reports:cooperation"), {"unit": "workplace"})
    assert workplaces.context["tables"][0].rows[0].cells[0].value == 0
