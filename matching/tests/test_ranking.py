"""Ranking for an order: every hard filter, the per-criterion explanation, the seed-003
case, tenancy, the access log and constant queries."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.engine import WEIGHTS, rank_for_order
from matching.models import CandidateAccessLog
from matching.tests.factories import make_candidate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)


def order(**fields: Any) -> SimpleNamespace:
    """An object with JobOrder's field names (the engine reads nothing else)."""
    values: dict[str, Any] = {
        "code": None,
        "title": "Maskiningeniør",
        "occupation": "Maskiningeniør",
        "kind": "ordinary",
        "postal_code": "7600",
        "hours_per_week": 37,
        "start_date": None,
        "required_education": [],
        "required_skills": [],
        "required_certificates": [],
        "required_driving_licences": [],
        "required_languages": [],
        "wished_skills": [],
        "wished_experience_years": None,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def names(matches) -> list[str]:
    return [match.candidate.name for match in matches]


def test_seed_003_mechanical_engineers_rank_above_design_technologists(jobcenter_a, consultant):
    # The design technologist shares everything else with the order: CAD skills, the
    # same town, wants to work as a mechanical engineer, is free today.
    make_candidate(
        jobcenter_a,
        name="Dorthe Designteknolog",
        education=["Designteknolog"],
        experience=[{"occupation": "Designteknolog", "years": 8}],
        wanted_occupations=["Maskiningeniør"],
        skills=["AutoCAD", "SolidWorks", "Inventor", "Projektledelse"],
    )
    make_candidate(
        jobcenter_a,
        name="Mads Maskiningeniør",
        postal_code="7500",
        education=["Maskiningeniør"],
        skills=[],
    )
    make_candidate(
        jobcenter_a,
        name="Mikkel Mechanical",
        postal_code="7500",
        education=["Mechanical Engineer"],
        skills=["CAD"],
    )
    matches = rank_for_order(
        order(wished_skills=["CAD", "SolidWorks", "Inventor"]), user=consultant, today=TODAY
    )
    ranked = names(matches)
    assert ranked.index("Mads Maskiningeniør") < ranked.index("Dorthe Designteknolog")
    assert ranked.index("Mikkel Mechanical") < ranked.index("Dorthe Designteknolog")


def test_each_criterion_is_explained_with_its_contribution_and_matched_terms(
    jobcenter_a, consultant
):
    make_candidate(
        jobcenter_a,
        name="Svend Svejser",
        experience=[{"occupation": "Svejsere", "years": 4}],
        skills=["MIG/MAG-svejsning", "Truckkort"],
        certificates=["Svejsecertifikat"],
        driving_licences=["B"],
        languages=["Dansk", "Polsk"],
    )
    [match] = rank_for_order(
        order(
            title="Svejser til stålkonstruktioner",
            occupation="Svejser",
            required_skills=["MIG-svejsning"],
            required_certificates=["Svejsecertifikat"],
            required_driving_licences=["B"],
            required_languages=["Dansk"],
            wished_experience_years=3,
        ),
        user=consultant,
        today=TODAY,
    )
    by_name = {criterion.name: criterion for criterion in match.criteria}
    assert list(by_name) == list(WEIGHTS)
    assert abs(sum(criterion.weight for criterion in match.criteria) - 100) < 0.5
    assert match.score == round(sum(c.weight * c.level for c in match.criteria))
    assert "Svejsere" in by_name["occupation_education"].matched
    assert "MIG/MAG-svejsning" in by_name["skills"].matched
    assert "4 " in by_name["experience"].explanation
    assert by_name["experience"].level == 1.0
    assert by_name["distance"].level == 1.0 and "0 km" in by_name["distance"].explanation
    assert match.score >= 95


def test_a_criterion_not_asked_for_gives_no_weight(jobcenter_a, consultant):
    make_candidate(jobcenter_a, education=["Maskiningeniør"])
    [match] = rank_for_order(order(), user=consultant, today=TODAY)
    by_name = {criterion.name: criterion for criterion in match.criteria}
    assert by_name["skills"].weight == 0 and by_name["languages"].weight == 0
    assert by_name["occupation_education"].weight > WEIGHTS["occupation_education"]


@pytest.mark.parametrize(
    ("order_fields", "dropped", "kept"),
    [
        # required certificate missing (a synonym counts as held)
        (
            {"required_certificates": ["Truckcertifikat"]},
            {"certificates": ["Kranbevis"]},
            {"skills": ["truckkort"]},
        ),
        # required driving licence missing (CE includes C)
        (
            {"required_driving_licences": ["C"]},
            {"driving_licences": ["B"]},
            {"driving_licences": ["CE"]},
        ),
        # not available by the start date
        (
            {"start_date": datetime.date(2026, 12, 1)},
            {"available_from": datetime.date(2027, 1, 15)},
            {"available_from": datetime.date(2026, 11, 20)},
        ),
        # as soon as possible: free within two weeks
        (
            {"start_date": None},
            {"available_from": datetime.date(2026, 12, 20)},
            {"available_from": datetime.date(2026, 11, 10)},
        ),
        # beyond the candidate's own maximum commute (Struer - Holstebro is about 15 km)
        (
            {"postal_code": "7600"},
            {"postal_code": "7500", "max_commute_km": 10},
            {"postal_code": "7500", "max_commute_km": 25},
        ),
        # wants fewer hours than a full-time order
        ({"hours_per_week": 37}, {"max_hours_per_week": 25}, {"max_hours_per_week": 37}),
        # an ordinary job needs a job-ready candidate
        (
            {"kind": "ordinary"},
            {"readiness": "activity_ready"},
            {"readiness": "job_ready"},
        ),
    ],
)
def test_hard_filters_drop_who_cannot_take_the_job(
    jobcenter_a, consultant, order_fields, dropped, kept
):
    make_candidate(jobcenter_a, name="Ude", education=["Maskiningeniør"], **dropped)
    make_candidate(jobcenter_a, name="Inde", education=["Maskiningeniør"], **kept)
    assert names(rank_for_order(order(**order_fields), user=consultant, today=TODAY)) == ["Inde"]


def test_an_internship_admits_activity_ready_candidates(jobcenter_a, consultant):
    make_candidate(jobcenter_a, education=["Maskiningeniør"], readiness="activity_ready")
    assert len(rank_for_order(order(kind="internship"), user=consultant, today=TODAY)) == 1


def test_nearer_candidates_rank_higher_when_all_else_is_equal(jobcenter_a, consultant):
    make_candidate(jobcenter_a, name="Langt", postal_code="7500", education=["Svejser"])
    make_candidate(jobcenter_a, name="Nær", postal_code="7600", education=["Svejser"])
    ranked = names(rank_for_order(order(occupation="Svejser", title="Svejser"), user=consultant))
    assert ranked == ["Nær", "Langt"]


def test_another_jobcenters_candidates_never_enter(jobcenter_a, jobcenter_b, consultant):
    make_candidate(jobcenter_b, name="Holstebro", education=["Maskiningeniør"])
    make_candidate(jobcenter_a, name="Struer", education=["Maskiningeniør"])
    assert names(rank_for_order(order(), user=consultant, today=TODAY)) == ["Struer"]


def test_the_match_list_view_is_logged_with_order_and_candidates(jobcenter_a, consultant):
    ids = [make_candidate(jobcenter_a, education=["Maskiningeniør"]).pk for _ in range(3)]
    code = "1d5e0a3c-8f7b-4c55-9d8e-2b1f0a6c7d11"
    rank_for_order(order(code=code), user=consultant, today=TODAY)
    entry = CandidateAccessLog.objects.get()
    assert sorted(entry.candidate_ids) == sorted(ids)
    assert str(entry.order_code) == code and entry.user == consultant and entry.kind == "matches"


def test_queries_do_not_grow_with_the_number_of_candidates(jobcenter_a, consultant):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rank_for_order(order(wished_skills=["CAD"]), user=consultant, today=TODAY)
        return len(queries)

    make_candidate(jobcenter_a, education=["Maskiningeniør"], skills=["CAD"])
    few = count()
    for n in range(25):
        make_candidate(jobcenter_a, education=["Maskiningeniør"], skills=["CAD", f"x{n}"])
    assert count() == few <= 4


def test_the_right_trade_without_wished_skills_ranks_above_a_related_trade_with_them(
    jobcenter_a, consultant
):
    make_candidate(
        jobcenter_a,
        name="Snedker med lift",
        education=["Snedker"],
        experience=[{"occupation": "Snedker", "years": 8}],
        skills=["Liftcertifikat"],
    )
    make_candidate(
        jobcenter_a,
        name="Tømrer uden lift",
        education=["Tømrer"],
        experience=[{"occupation": "Tømrer", "years": 5}],
    )
    matches = rank_for_order(
        order(title="Tømrer", occupation="Tømrer", wished_skills=["Liftcertifikat"]),
        user=consultant,
        today=TODAY,
    )
    assert names(matches) == ["Tømrer uden lift", "Snedker med lift"]
    # Wished skills weigh half of required ones.
    skills = {c.name: c for c in matches[0].criteria}["skills"]
    required = rank_for_order(
        order(title="Tømrer", occupation="Tømrer", required_skills=["Liftcertifikat"]),
        user=consultant,
        today=TODAY,
    )
    assert skills.weight < {c.name: c for c in required[0].criteria}["skills"].weight


def test_a_required_language_leaves_out_those_recorded_without_it(jobcenter_a, consultant):
    make_candidate(jobcenter_a, name="Dansk", education=["Maskiningeniør"], languages=["Danish"])
    make_candidate(
        jobcenter_a, name="Uden dansk", education=["Maskiningeniør"], languages=["Polsk"]
    )
    # Languages not recorded are unknown: kept, with no points for the language.
    make_candidate(jobcenter_a, name="Ukendt", education=["Maskiningeniør"], languages=[])
    matches = rank_for_order(order(required_languages=["Dansk"]), user=consultant, today=TODAY)
    assert names(matches) == ["Dansk", "Ukendt"]
    assert {c.name: c for c in matches[1].criteria}["languages"].level == 0
