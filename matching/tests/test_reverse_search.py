"""Reverse search: the open orders that fit a candidate, best first, each explained; the
Python hard filter agrees with the SQL one for generated candidates and orders."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.engine import admits, ask_for_order, vocabulary_for
from matching.engine.ranking import hard_filters
from matching.models import Candidate, CandidateAccessLog
from matching.services import job_order_close
from tests.factories import CompanyFactory

from .factories import make_candidate
from .orders import take_job_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def welder(jobcenter_a):
    return make_candidate(
        jobcenter_a,
        name="Søren Svejser",
        postal_code="7600",
        max_commute_km=30,
        education=["Svejser"],
        certificates=["Svejsecertifikat"],
        driving_licences=["B"],
    )


def _order(user, **fields):
    values = {"requirements": {}, "wishes": {}}
    values.update(fields)
    return take_job_order(user=user, company=CompanyFactory(), **values)


def test_it_lists_the_open_orders_the_candidate_can_take_best_first(
    consultant_client, consultant, outsider, welder
):
    best = _order(consultant, title="Svejser", occupation="Svejser", postal_code="7600")
    other = _order(consultant, title="Bager", occupation="Bager", postal_code="7600")
    far = _order(consultant, title="Svejser i København", occupation="Svejser", postal_code="2100")
    needs_ce = _order(
        consultant,
        title="Svejser med lastbil",
        occupation="Svejser",
        postal_code="7600",
        requirements={"driving_licences": ["CE"]},
    )
    closed = _order(consultant, title="Svejser, lukket", occupation="Svejser", postal_code="7600")
    job_order_close(order=closed, user=consultant, status="withdrawn", outcome_note="Trukket")
    theirs = _order(outsider, title="Svejser i Holstebro", occupation="Svejser", postal_code="7600")

    response = consultant_client.get(reverse("matching:candidate-orders", args=[welder.code]))
    assert response.status_code == 200
    orders = [fit.order for fit in response.context["fits"]]
    assert orders[0] == best
    assert other in orders
    for left_out in (far, needs_ce, closed, theirs):
        assert left_out not in orders
    assert "<mark>Svejser</mark>" in response.content.decode()
    log = CandidateAccessLog.objects.get(user=consultant)
    assert log.kind == "orders" and log.candidate_ids == [welder.pk]


def test_outsiders_get_404_and_the_wrong_method_405(outsider_client, consultant_client, welder):
    url = reverse("matching:candidate-orders", args=[welder.code])
    assert outsider_client.get(url).status_code == 404
    assert consultant_client.post(url).status_code == 405


def test_the_reverse_search_asks_the_same_number_of_queries_for_2_or_20_orders(
    consultant_client, consultant, welder
):
    url = reverse("matching:candidate-orders", args=[welder.code])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert consultant_client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        _order(consultant, occupation="Svejser", postal_code="7600")
    few = count()
    for _ in range(18):
        _order(consultant, occupation="Svejser", postal_code="7620")
    assert count() == few


def _random_candidate(rng, jobcenter, number):
    return make_candidate(
        jobcenter,
        external_id=f"R{number}",
        postal_code=rng.choice(["7600", "2100", "8000"]),
        readiness=rng.choice(["job_ready", "activity_ready"]),
        certificates=rng.sample(
            ["Svejsecertifikat", "Truckcertifikat", "Førstehjælp"], k=rng.randint(0, 2)
        ),
        skills=rng.sample(["Gaffeltruck", "MIG", "Kran"], k=rng.randint(0, 2)),
        driving_licences=rng.sample(["B", "C", "CE", "D"], k=rng.randint(0, 2)),
        languages=rng.sample(["Dansk", "Danish", "Polsk", "Engelsk"], k=rng.randint(0, 2)),
        max_hours_per_week=rng.choice([None, 20, 37]),
        available_from=rng.choice(
            [None, timezone.localdate() + datetime.timedelta(days=rng.randint(-30, 90))]
        ),
    )


def test_the_python_hard_filter_agrees_with_the_sql_one(consultant, jobcenter_a):
    rng = random.Random(11)  # noqa: S311 - test data
    for number in range(40):
        _random_candidate(rng, jobcenter_a, number)
    vocabulary = vocabulary_for(jobcenter_a.pk)
    today = timezone.localdate()
    for _ in range(25):
        order = _order(
            consultant,
            kind=rng.choice(["ordinary", "internship", "flex_job"]),
            hours_per_week=rng.choice([15, 30, 37]),
            start_date=rng.choice([None, today + datetime.timedelta(days=rng.randint(0, 60))]),
            requirements={
                "certificates": rng.sample(
                    ["Svejsecertifikat", "Truckcertifikat"], k=rng.randint(0, 1)
                ),
                "driving_licences": rng.sample(["B", "C"], k=rng.randint(0, 1)),
                "languages": rng.sample(["Dansk", "Engelsk"], k=rng.randint(0, 1)),
            },
        )
        ask = ask_for_order(order)
        in_sql = set(
            Candidate.objects.for_jobcenter(jobcenter_a)
            .filter(hard_filters(ask, vocabulary, today=today))
            .values_list("pk", flat=True)
        )
        in_python = {
            candidate.pk
            for candidate in Candidate.objects.for_jobcenter(jobcenter_a)
            if admits(ask, candidate, vocabulary, today=today)
        }
        assert in_python == in_sql


def _related_company(jobcenter, *, section="C", postal_code="7600", segment=None, **fields):
    from companies.models import IndustrySection
    from tests.factories import RelationshipFactory

    company = CompanyFactory(
        industry_section=IndustrySection.objects.get(letter=section) if section else None,
        postal_code=postal_code,
        **fields,
    )
    return RelationshipFactory(jobcenter=jobcenter, company=company, segment=segment)


def _asks_for(relationship, user, product_code, status="wanted"):
    from servicepackages.models import Product, ServiceDemand

    return ServiceDemand.objects.create(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        product=Product.objects.get(jobcenter=relationship.jobcenter, code=product_code),
        status=status,
        updated_at=timezone.now(),
        updated_by=user,
    )


def test_it_lists_the_companies_that_fit_best_first_with_reasons(
    consultant_client, consultant, outsider, jobcenter_a, jobcenter_b, welder
):
    from screening.models import Segment

    segment_1 = Segment.objects.get(number=1)
    best = _related_company(jobcenter_a, name="Struer Stål A/S", segment=segment_1)
    _asks_for(best, consultant, "virksomhedspraktik")
    industry_only = _related_company(jobcenter_a, name="Lemvig Metal ApS", postal_code="7620")
    # Health care does not employ welders, but the company wants a wage-subsidy job filled.
    checklist_only = _related_company(jobcenter_a, section="Q", name="Plejecenter Ly")
    _asks_for(checklist_only, consultant, "loentilskud")
    unrelated = _related_company(jobcenter_a, section="Q", name="Tandlægen")
    _asks_for(unrelated, consultant, "jobnet-opslag")
    declined = _related_company(jobcenter_a, section="Q", name="Afvist Praktik")
    _asks_for(declined, consultant, "virksomhedspraktik", status="declined")
    too_far = _related_company(jobcenter_a, postal_code="2100", name="København Stål")
    opted_out = _related_company(jobcenter_a, name="Ingen Kontakt A/S")
    opted_out.opted_out_on = timezone.localdate()
    opted_out.opt_out_reason = "Frabedt sig kontakt"
    opted_out.save()
    theirs = _related_company(jobcenter_b, name="Holstebro Svejs")
    _asks_for(theirs, outsider, "virksomhedspraktik")

    response = consultant_client.get(reverse("matching:candidate-orders", args=[welder.code]))
    assert response.status_code == 200
    fits = response.context["companies"]
    shown = [fit.relationship for fit in fits]
    assert shown[0] == best
    assert set(shown) == {best, industry_only, checklist_only}
    for left_out in (unrelated, declined, too_far, opted_out, theirs):
        assert left_out not in shown
    assert [fit.score for fit in fits] == sorted((fit.score for fit in fits), reverse=True)
    reasons = {reason.name: reason for reason in fits[0].reasons}
    assert reasons["industry"].level == 1.0 and "Svejser" in reasons["industry"].explanation
    assert "Virksomhedspraktik" in reasons["checklist"].explanation
    assert reasons["segment"].level == 1.0
    assert reasons["distance"].level == 1.0
    page = response.content.decode()
    assert "Struer Stål A/S" in page and "Virksomhedspraktik" in page
    assert "Tandlægen" not in page


def test_companies_fit_by_the_head_of_an_unknown_compound(jobcenter_a):
    from matching.selectors.company_fit import candidate_industries

    candidate = make_candidate(jobcenter_a, experience=[{"occupation": "Rørsvejsere", "years": 3}])
    assert "C" in candidate_industries(candidate, vocabulary_for(jobcenter_a.pk))
    nurse = make_candidate(jobcenter_a, education=["Sygeplejerske"])
    assert set(candidate_industries(nurse, vocabulary_for(jobcenter_a.pk))) == {"Q"}


def test_the_companies_cost_the_same_queries_for_2_or_20_companies(
    consultant_client, consultant, jobcenter_a, welder
):
    url = reverse("matching:candidate-orders", args=[welder.code])

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = consultant_client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["companies"])

    for _ in range(2):
        _asks_for(_related_company(jobcenter_a), consultant, "virksomhedspraktik")
    few, shown_few = count()
    for number in range(18):
        relationship = _related_company(jobcenter_a, section="Q" if number % 2 else "C")
        _asks_for(relationship, consultant, "loentilskud")
        _asks_for(relationship, consultant, "virksomhedspraktik")
    many, shown_many = count()
    assert shown_few == 2 and shown_many == 10
    assert many == few
