import datetime
import uuid

import pytest
from django.urls import reverse

from companies import services as company_services
from planning import services
from planning.models import Reminder
from planning.planner import PlannerFilter, plan_buckets, plan_items
from screening.models import SegmentRule
from servicepackages.models import Product, ServiceDemand

from .conftest import START, at

pytestmark = pytest.mark.django_db
TODAY = START.date()


def months_later(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def items_of(relationship, today=TODAY, kind=None):
    return plan_items(
        today=today, where=PlannerFilter(relationship_ids=(relationship.pk,)), kind=kind
    )


def open_reminders(relationship, kind=None):
    query = Reminder.objects.filter(relationship=relationship, closed_at__isnull=True)
    return list(query.filter(kind=kind) if kind else query)


def test_it_reminds_a_segment_3_company_screened_today_after_twelve_months_and_not_before(
    frozen, make_relationship, log_contact
):
    relationship = make_relationship(segment=3)
    log_contact(relationship, START)  # the screening call
    due = months_later(TODAY, 12)

    [item] = items_of(relationship)
    assert (item.kind, item.due_on) == ("contact", due)

    frozen.move_to(at(due - datetime.timedelta(days=1)))
    services.reminders_create()
    assert open_reminders(relationship) == []

    frozen.move_to(at(due))
    services.reminders_create()
    [reminder] = open_reminders(relationship)
    assert (reminder.kind, reminder.due_on, reminder.consultant) == (
        "contact",
        due,
        relationship.responsible,
    )


def test_it_makes_a_segment_1_companys_visits_fall_due_two_per_half_year(
    frozen, make_relationship, log_contact
):
    relationship = make_relationship(segment=1)
    # No visit yet: the relationship's creation counts for the missing ones.
    [visit] = items_of(relationship, kind="visit")
    assert visit.due_on == months_later(TODAY, 6)
    assert "2" in visit.rule and "6" in visit.rule

    log_contact(relationship, at(months_later(TODAY, 1)), channel="visit")
    [visit] = items_of(relationship, kind="visit")
    assert visit.due_on == months_later(TODAY, 6)  # still only one visit in the window

    log_contact(relationship, at(months_later(TODAY, 2)), channel="visit")
    [visit] = items_of(relationship, kind="visit")
    assert visit.due_on == months_later(TODAY, 7)  # the 2nd-latest visit + 6 months

    # Phone calls and cancelled visits are no visits.
    log_contact(relationship, at(months_later(TODAY, 3)), channel="phone")
    log_contact(relationship, at(months_later(TODAY, 3)), channel="visit", status="cancelled")
    [visit] = items_of(relationship, kind="visit")
    assert visit.due_on == months_later(TODAY, 7)


def test_it_asks_no_visits_of_campaign_only_segments(make_relationship):
    relationship = make_relationship(segment=3)
    assert [item.kind for item in items_of(relationship)] == ["contact"]


def test_it_makes_segment_1_2_service_demands_due_now_and_half_yearly(
    frozen, make_relationship, consultant
):
    relationship = make_relationship(segment=2)
    [item] = items_of(relationship, kind="demand_update")
    assert item.due_on == TODAY

    ServiceDemand.objects.create(
        jobcenter=relationship.jobcenter,
        relationship=relationship,
        product=Product.objects.filter(jobcenter=relationship.jobcenter).first(),
        updated_at=START,
        updated_by=consultant,
    )
    [item] = items_of(relationship, kind="demand_update")
    assert item.due_on == months_later(TODAY, 6)


def test_it_never_reminds_an_opted_out_or_ceased_company(frozen, make_relationship):
    opted_out = make_relationship(segment=1)
    opted_out.opted_out_on = TODAY
    opted_out.opt_out_reason = "Ønsker ikke at blive kontaktet"
    opted_out.save()
    ceased = make_relationship(segment=2, ceased_on=TODAY)

    frozen.move_to(at(months_later(TODAY, 60)))
    services.reminders_create()
    assert items_of(opted_out) == [] and items_of(ceased) == []
    assert Reminder.objects.count() == 0


def test_it_moves_the_due_dates_when_a_rule_changes(frozen, make_relationship, log_contact):
    relationship = make_relationship(segment=3)
    log_contact(relationship, START)
    rule = SegmentRule.objects.get(jobcenter=relationship.jobcenter, segment__number=3)
    services.segment_rule_update(
        rule=rule,
        min_visits=1,
        visit_period_months=4,
        max_contact_gap_months=6,
        demand_update_months=None,
        campaign_visits_only=False,
        rule_text="",
    )
    by_kind = {item.kind: item.due_on for item in items_of(relationship)}
    assert by_kind == {"contact": months_later(TODAY, 6), "visit": months_later(TODAY, 4)}

    # The all-companies rule applies when it is stricter than the segment's.
    services.contact_rule_update(
        jobcenter=relationship.jobcenter, max_contact_gap_months=3, rule_text=""
    )
    [contact] = items_of(relationship, kind="contact")
    assert contact.due_on == months_later(TODAY, 3)
    assert contact.rule_source == "all"


def test_a_rule_change_closes_reminders_no_longer_due(frozen, make_relationship):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 12)))
    services.reminders_create()
    assert len(open_reminders(relationship)) == 1

    services.contact_rule_update(
        jobcenter=relationship.jobcenter, max_contact_gap_months=24, rule_text=""
    )
    rule = SegmentRule.objects.get(jobcenter=relationship.jobcenter, segment__number=3)
    rule.max_contact_gap_months = 24
    rule.save()
    services.reminders_create()
    assert open_reminders(relationship) == []
    assert Reminder.objects.get().closed_reason == Reminder.ClosedReason.NO_LONGER_DUE


def test_logging_the_contact_closes_the_reminder(
    frozen, make_relationship, consultant, django_capture_on_commit_callbacks
):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 13)))
    services.reminders_create()
    [reminder] = open_reminders(relationship)
    assert reminder.due_on == months_later(TODAY, 12)  # the rule's date, not the run's

    # contact_log closes the reminder itself once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        company_services.contact_log(
            user=consultant,
            company=relationship.company,
            channel="phone",
            occurred_at=at(months_later(TODAY, 13), hour=9),
        )
    reminder.refresh_from_db()
    assert reminder.closed_at is not None
    assert reminder.closed_reason == Reminder.ClosedReason.NO_LONGER_DUE


def test_logging_on_the_company_page_closes_an_open_reminder_and_skips_the_planner_without_one(
    frozen, make_relationship, client, consultant, django_capture_on_commit_callbacks
):
    with_reminder, without = make_relationship(segment=3), make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 13)))
    client.force_login(consultant)  # after the move: a session from before has expired
    services.reminders_create()
    Reminder.objects.filter(relationship=without).delete()
    [reminder] = open_reminders(with_reminder)

    def log_on_the_page(relationship):
        data = {
            "channel": "phone",
            "direction": "outbound",
            "status": "done",
            "occurred_at": f"{months_later(TODAY, 13).isoformat()} 09:00",
            "summary": "Ringede op",
            "submit_token": str(uuid.uuid4()),
        }
        url = reverse("companies:contact-log", args=[relationship.company.code])
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(url, data)
        assert response["Location"].endswith("#timeline")
        return callbacks

    assert len(log_on_the_page(with_reminder)) == 1
    reminder.refresh_from_db()
    assert reminder.closed_reason == Reminder.ClosedReason.NO_LONGER_DUE
    # No open reminder: the company's read said so, and the planner's query is not run.
    assert log_on_the_page(without) == []
    assert Reminder.objects.filter(relationship=without).count() == 0


def test_opting_out_closes_open_reminders(frozen, make_relationship):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 12)))
    services.reminders_create()
    relationship.opted_out_on = months_later(TODAY, 12)
    relationship.opt_out_reason = "Frabedt sig kontakt"
    relationship.save()
    assert services.reminders_close_satisfied() == 1
    assert Reminder.objects.get().closed_reason == Reminder.ClosedReason.EXCLUDED


def test_opting_out_on_the_company_page_closes_the_reminder_at_once(
    frozen, make_relationship, django_capture_on_commit_callbacks
):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 12)))
    services.reminders_create()
    with django_capture_on_commit_callbacks(execute=True):
        company_services.relationship_update(
            relationship=relationship,
            is_known=False,
            responsible=None,
            opted_out_on=months_later(TODAY, 12),
            opt_out_reason="Ønsker ingen opkald",
        )
    assert open_reminders(relationship) == []
    assert Reminder.objects.get().closed_reason == Reminder.ClosedReason.EXCLUDED


def test_completing_a_planned_contact_closes_the_reminder(
    frozen, make_relationship, log_contact, django_capture_on_commit_callbacks
):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 13)))
    services.reminders_create()
    planned = log_contact(relationship, at(months_later(TODAY, 13), hour=8), status="planned")
    with django_capture_on_commit_callbacks(execute=True):
        assert company_services.contact_complete(contact=planned)
    assert open_reminders(relationship) == []


def test_a_planned_contact_counts_as_planned_not_overdue(frozen, make_relationship, log_contact):
    relationship = make_relationship(segment=3)
    frozen.move_to(at(months_later(TODAY, 13)))
    today = months_later(TODAY, 13)
    planned = log_contact(relationship, at(today + datetime.timedelta(days=2)), status="planned")

    buckets = plan_buckets(today=today, where=PlannerFilter(relationship_ids=(relationship.pk,)))
    assert buckets["overdue"].items == []
    [item] = buckets["planned"].items
    assert item.planned_at == planned.occurred_at
    services.reminders_create()
    assert open_reminders(relationship) == []  # nothing to remind of: it is planned

    # A planned visit covers a visit; a planned phone call does not.
    visits = make_relationship(segment=1)
    log_contact(visits, at(today), channel="phone", status="planned")
    by_kind = {item.kind: item for item in items_of(visits, today=today)}
    assert by_kind["visit"].planned_at is None
    assert by_kind["contact"].planned_at is not None


def test_running_twice_or_catching_up_makes_each_reminder_once(frozen, make_relationship):
    relationship = make_relationship(segment=1)
    frozen.move_to(at(months_later(TODAY, 7)))  # beat was down for a month
    first = services.reminders_create()
    assert first.created == 2  # the visit and the demand update; the contact is due at 12
    services.reminders_create()
    for day in range(1, 5):
        frozen.move_to(at(months_later(TODAY, 7) + datetime.timedelta(days=day)))
        services.reminders_create()
    rows = Reminder.objects.filter(relationship=relationship).order_by("kind")
    assert [(r.kind, r.due_on) for r in rows] == [
        ("demand_update", TODAY),
        ("visit", months_later(TODAY, 6)),
    ]


def test_a_run_that_dies_half_way_leaves_nothing_and_the_retry_makes_all(
    frozen, make_relationship, jobcenter_b, monkeypatch
):
    ours = make_relationship(segment=2)
    from tests.factories import CompanyFactory, RelationshipFactory

    theirs = RelationshipFactory(jobcenter=jobcenter_b, company=CompanyFactory())
    frozen.move_to(at(months_later(TODAY, 13)))
    real_insert = services._insert_due_reminders
    calls = []

    def dying_insert(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ConnectionError("the worker died")
        return real_insert(**kwargs)

    monkeypatch.setattr(services, "_insert_due_reminders", dying_insert)
    with pytest.raises(ConnectionError):
        services.reminders_create()
    assert Reminder.objects.count() == 0  # the first jobcenter's inserts rolled back

    monkeypatch.setattr(services, "_insert_due_reminders", real_insert)
    services.reminders_create()
    assert Reminder.objects.filter(relationship=ours).count() == 3
    assert Reminder.objects.filter(relationship=theirs).count() == 1


def test_the_database_refuses_a_second_open_reminder_of_a_kind(make_relationship):
    from django.db import IntegrityError, transaction

    relationship = make_relationship(segment=3)
    fields = {"jobcenter": relationship.jobcenter, "relationship": relationship, "kind": "contact"}
    Reminder.objects.create(due_on=TODAY, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(due_on=TODAY + datetime.timedelta(days=1), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(due_on=TODAY, closed_at=START, closed_reason="excluded", **fields)


def test_the_reminder_run_works_in_sql_not_per_company(
    frozen, make_relationship, django_assert_max_num_queries
):
    for _ in range(30):
        make_relationship(segment=1)
    frozen.move_to(at(months_later(TODAY, 13)))
    with django_assert_max_num_queries(6):
        run = services.reminders_create()
    assert run.created == 90
