import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from companies.models import CompanyRelationship
from planning import services
from planning.models import JobcenterContactRule, Reminder
from planning.schedule import TASK_NAMES
from screening.models import SegmentRule

from .conftest import START, at

pytestmark = pytest.mark.django_db

# Each navigation badge in base.html (reminders, order watch) costs every page one COUNT.
BADGE = sum(
    int(
        processor in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
        and variable in (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    )
    for processor, variable in [
        ("planning.context_processors.reminder_count", "reminder_count"),
        ("matching.context_processors.job_order_watch_count", "job_order_watch"),
    ]
)


def overdue_relationships(make_relationship, count, **kwargs):
    """Segment 3 companies created 13 months ago: their yearly contact is a month late.
    (Backdated rather than moving the clock, which would expire the test sessions.)"""
    relationships = [make_relationship(segment=3, **kwargs) for _ in range(count)]
    CompanyRelationship.objects.filter(pk__in=[r.pk for r in relationships]).update(
        created_at=START - datetime.timedelta(days=400)
    )
    return relationships


class TestPlan:
    url = reverse("planning:plan")

    def test_it_shows_the_consultants_overdue_items_with_a_link_to_the_log_form(
        self, frozen, consultant_client, make_relationship
    ):
        [relationship] = overdue_relationships(make_relationship, 1)
        response = consultant_client.get(self.url)
        assert response.status_code == 200
        buckets = {bucket.key: bucket for bucket in response.context["buckets"]}
        [item] = buckets["overdue"].items
        assert item.company_name == relationship.company.name
        assert f'href="{relationship.company.get_absolute_url()}#log"' in response.text

    def test_its_query_count_does_not_grow_with_the_rows(
        self, frozen, consultant_client, make_relationship, django_assert_num_queries
    ):
        overdue_relationships(make_relationship, 2)
        with django_assert_num_queries(4 + BADGE):
            consultant_client.get(self.url)
        overdue_relationships(make_relationship, 30)
        with django_assert_num_queries(4 + BADGE):
            response = consultant_client.get(self.url)
        overdue = {b.key: b for b in response.context["buckets"]}["overdue"]
        assert (overdue.total, len(overdue.items)) == (32, 25)

    def test_it_pages_one_bucket(self, frozen, consultant_client, make_relationship):
        overdue_relationships(make_relationship, 27)
        response = consultant_client.get(self.url, {"bucket": "overdue", "page": 2})
        [overdue] = response.context["buckets"]
        assert len(overdue.items) == 2 and overdue.total == 27

    def test_it_shows_only_the_users_own_companies(
        self, frozen, consultant_client, make_relationship, team_lead
    ):
        overdue_relationships(make_relationship, 1, responsible=team_lead)
        response = consultant_client.get(self.url)
        assert all(bucket.total == 0 for bucket in response.context["buckets"])

    def test_a_team_lead_sees_a_consultants_plan_and_the_teams(
        self, frozen, team_lead_client, consultant, team_lead, make_relationship
    ):
        overdue_relationships(make_relationship, 2)
        overdue_relationships(make_relationship, 1, responsible=None)

        def overdue(**query):
            response = team_lead_client.get(self.url, query)
            assert response.status_code == 200
            return {b.key: b for b in response.context["buckets"]}["overdue"].total

        assert overdue(consultant=str(consultant.code)) == 2
        assert overdue(consultant="team") == 3
        assert overdue(consultant="unassigned") == 1
        assert overdue() == 0

    def test_a_consultant_cannot_open_a_colleagues_plan(self, consultant_client, team_lead):
        response = consultant_client.get(self.url, {"consultant": str(team_lead.code)})
        assert response.status_code == 404

    def test_the_outsider_gets_404_for_our_consultant(self, consultant, jobcenter_b):
        from tests.factories import UserFactory

        from .test_views import _client

        lead_b = UserFactory(jobcenter=jobcenter_b, role="team_lead")
        response = _client(lead_b).get(self.url, {"consultant": str(consultant.code)})
        assert response.status_code == 404
        response = _client(lead_b).get(self.url, {"consultant": "not-a-code"})
        assert response.status_code == 404

    def test_it_refuses_post(self, consultant_client):
        assert consultant_client.post(self.url).status_code == 405


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


class TestCalendar:
    url = reverse("planning:calendar")

    def test_it_lists_the_months_planned_visits_in_constant_queries(
        self, frozen, consultant_client, make_relationship, log_contact, django_assert_num_queries
    ):
        relationship = make_relationship(segment=1)
        day = START.date() + datetime.timedelta(days=3)
        log_contact(relationship, at(day), "visit", "planned")
        log_contact(relationship, at(day), "phone", "planned")
        log_contact(relationship, at(day + datetime.timedelta(days=37)), "visit", "planned")
        with django_assert_num_queries(4 + BADGE):
            response = consultant_client.get(self.url, {"month": "2025-03"})
        [(shown_day, visits)] = response.context["days"]
        assert shown_day == day and len(visits) == 1
        for _ in range(5):
            log_contact(relationship, at(START.date()), "visit", "planned")
        with django_assert_num_queries(4 + BADGE):
            consultant_client.get(self.url, {"month": "2025-03"})

    def test_the_outsider_sees_none_of_ours_and_gets_404_for_our_consultant(
        self, outsider_client, consultant, make_relationship, log_contact
    ):
        relationship = make_relationship(segment=1)
        log_contact(relationship, at(START.date()), "visit", "planned")
        response = outsider_client.get(self.url, {"month": START.strftime("%Y-%m")})
        assert response.context["days"] == []
        response = outsider_client.get(self.url, {"consultant": str(consultant.code)})
        assert response.status_code == 404

    def test_it_refuses_post(self, consultant_client):
        assert consultant_client.post(self.url).status_code == 405


class TestReminderList:
    url = reverse("planning:reminder-list")

    def test_it_lists_open_reminders_linking_to_the_log_form(
        self, frozen, consultant_client, make_relationship, django_assert_num_queries
    ):
        relationships = overdue_relationships(make_relationship, 2)
        services.reminders_create()
        with django_assert_num_queries(5 + BADGE):
            response = consultant_client.get(self.url)
        assert response.context["page_obj"].paginator.count == 2
        assert f'{relationships[0].company.get_absolute_url()}#log"' in response.text
        overdue_relationships(make_relationship, 5)
        services.reminders_create()
        with django_assert_num_queries(5 + BADGE):
            consultant_client.get(self.url)

    def test_a_team_lead_also_gets_companies_without_a_responsible(
        self, frozen, team_lead_client, consultant_client, make_relationship
    ):
        overdue_relationships(make_relationship, 1, responsible=None)
        services.reminders_create()
        assert team_lead_client.get(self.url).context["page_obj"].paginator.count == 1
        assert consultant_client.get(self.url).context["page_obj"].paginator.count == 0

    def test_the_outsider_sees_none_of_ours(self, frozen, outsider_client, make_relationship):
        overdue_relationships(make_relationship, 1, responsible=None)
        services.reminders_create()
        assert outsider_client.get(self.url).context["page_obj"].paginator.count == 0

    def test_it_refuses_post(self, consultant_client):
        assert consultant_client.post(self.url).status_code == 405


class TestReminderCount:
    def test_it_counts_with_one_query(
        self, frozen, rf, consultant, make_relationship, django_assert_num_queries
    ):
        from planning.context_processors import reminder_count

        overdue_relationships(make_relationship, 3)
        services.reminders_create()
        request = rf.get("/")
        request.user = consultant
        context = reminder_count(request)
        with django_assert_num_queries(1):
            assert str(context["reminder_count"]) == "3"

    def test_it_shows_nothing_to_anonymous_users(self, rf):
        from django.contrib.auth.models import AnonymousUser

        from planning.context_processors import reminder_count

        request = rf.get("/")
        request.user = AnonymousUser()
        assert reminder_count(request) == {}


class TestReassign:
    url = reverse("planning:reassign")

    def test_a_team_lead_moves_companies_and_their_open_reminders(
        self, frozen, team_lead_client, consultant, team_lead, make_relationship
    ):
        moved, kept = overdue_relationships(make_relationship, 2)
        services.reminders_create()
        response = team_lead_client.post(
            self.url + f"?consultant={consultant.code}",
            {"relationships": [str(moved.code)], "responsible": team_lead.pk},
        )
        assert response.status_code == 302
        moved.refresh_from_db()
        kept.refresh_from_db()
        assert (moved.responsible, kept.responsible) == (team_lead, consultant)
        assert Reminder.objects.get(relationship=moved).consultant == team_lead

    def test_it_lists_a_consultants_companies_in_constant_queries(
        self, team_lead_client, consultant, make_relationship, django_assert_num_queries
    ):
        overdue_relationships(make_relationship, 2)
        with django_assert_num_queries(8 + BADGE):
            response = team_lead_client.get(self.url, {"consultant": str(consultant.code)})
        assert response.context["page_obj"].paginator.count == 2
        overdue_relationships(make_relationship, 10)
        with django_assert_num_queries(8 + BADGE):
            team_lead_client.get(self.url, {"consultant": str(consultant.code)})

    def test_it_rerenders_with_a_message_when_nothing_is_ticked(self, team_lead_client, consultant):
        response = team_lead_client.post(
            self.url + f"?consultant={consultant.code}", {"responsible": consultant.pk}
        )
        assert response.status_code == 400
        assert "relationships" in response.context["form"].errors

    def test_it_refuses_a_consultant_of_another_jobcenter(
        self, team_lead_client, outsider, make_relationship
    ):
        [relationship] = overdue_relationships(make_relationship, 1)
        response = team_lead_client.post(
            self.url, {"relationships": [str(relationship.code)], "responsible": outsider.pk}
        )
        assert response.status_code == 400
        assert "responsible" in response.context["form"].errors

    def test_another_jobcenters_team_lead_moves_none_of_ours(
        self, consultant, jobcenter_b, make_relationship
    ):
        from tests.factories import UserFactory

        [relationship] = overdue_relationships(make_relationship, 1)
        lead_b = UserFactory(jobcenter=jobcenter_b, role="team_lead")
        response = _client(lead_b).post(
            self.url, {"relationships": [str(relationship.code)], "responsible": lead_b.pk}
        )
        assert response.status_code == 302
        assert CompanyRelationship.objects.get(pk=relationship.pk).responsible == consultant
        response = _client(lead_b).get(self.url, {"consultant": str(consultant.code)})
        assert response.status_code == 404

    def test_a_consultant_may_not(self, consultant_client):
        assert consultant_client.get(self.url).status_code == 403

    def test_it_refuses_put(self, team_lead_client):
        assert team_lead_client.put(self.url).status_code == 405


class TestRules:
    def test_an_admin_sees_the_rules(self, admin_client_a, django_assert_num_queries):
        with django_assert_num_queries(5 + BADGE):
            response = admin_client_a.get(reverse("planning:rule-list"))
        assert response.status_code == 200
        assert "Formaliseret samarbejde" in response.text  # segment names are data

    def test_an_admin_edits_a_segment_rule(self, admin_client_a, jobcenter_a):
        url = reverse("planning:rule-edit", args=[1])
        assert admin_client_a.get(url).status_code == 200
        response = admin_client_a.post(
            url,
            {
                "min_visits": 3,
                "visit_period_months": 6,
                "max_contact_gap_months": 4,
                "demand_update_months": "",
                "campaign_visits_only": "",
                "rule_text": "Tre besøg",
            },
        )
        assert response.status_code == 302
        rule = SegmentRule.objects.get(jobcenter=jobcenter_a, segment__number=1)
        assert (rule.min_visits, rule.max_contact_gap_months, rule.demand_update_months) == (
            3,
            4,
            None,
        )

    def test_it_rerenders_an_invalid_rule_with_the_input(self, admin_client_a, jobcenter_a):
        response = admin_client_a.post(
            reverse("planning:rule-edit", args=[2]),
            {"min_visits": 1, "visit_period_months": 0, "max_contact_gap_months": 12},
        )
        assert response.status_code == 400
        assert "visit_period_months" in response.context["form"].errors
        assert response.context["form"]["min_visits"].value() == "1"
        assert SegmentRule.objects.get(jobcenter=jobcenter_a, segment__number=2).min_visits == 1

    def test_an_admin_edits_the_all_companies_rule(self, admin_client_a, jobcenter_a):
        url = reverse("planning:contact-rule-edit")
        assert admin_client_a.get(url).status_code == 200
        response = admin_client_a.post(url, {"max_contact_gap_months": 9, "rule_text": ""})
        assert response.status_code == 302
        assert JobcenterContactRule.objects.get(jobcenter=jobcenter_a).max_contact_gap_months == 9

    def test_another_jobcenters_admin_edits_only_their_own(self, jobcenter_a, jobcenter_b):
        from tests.factories import UserFactory

        admin_b = UserFactory(jobcenter=jobcenter_b, role="admin")
        _client(admin_b).post(
            reverse("planning:rule-edit", args=[1]),
            {"min_visits": 7, "visit_period_months": 6, "max_contact_gap_months": 12},
        )
        assert SegmentRule.objects.get(jobcenter=jobcenter_b, segment__number=1).min_visits == 7
        assert SegmentRule.objects.get(jobcenter=jobcenter_a, segment__number=1).min_visits == 2

    def test_an_unknown_segment_is_404(self, admin_client_a):
        assert admin_client_a.get(reverse("planning:rule-edit", args=[9])).status_code == 404

    def test_consultants_and_team_leads_may_not(self, consultant_client, team_lead_client):
        for client in (consultant_client, team_lead_client):
            assert client.get(reverse("planning:rule-list")).status_code == 403
            assert client.get(reverse("planning:rule-edit", args=[1])).status_code == 403
            assert client.get(reverse("planning:contact-rule-edit")).status_code == 403

    def test_the_list_refuses_post(self, admin_client_a):
        assert admin_client_a.post(reverse("planning:rule-list")).status_code == 405


class TestSchedule:
    url = reverse("planning:schedule")

    def test_an_admin_sees_when_the_jobs_run(self, admin_client_a):
        response = admin_client_a.get(self.url)
        assert response.status_code == 200
        tasks = {row.task: row for row in response.context["rows"]}
        assert "planning.tasks.reminders_create" in tasks
        assert "planning.tasks.reminder_digests_send" in tasks
        assert "06:30" in tasks["planning.tasks.reminder_digests_send"].when
        assert "5" in tasks["planning.tasks.reminders_create"].when

    def test_the_jobs_are_named_in_danish_never_by_code_path(self, admin_client_a, settings):
        page = admin_client_a.get(self.url).content.decode()
        assert "Morgenmail med påmindelser" in page
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            # Each scheduled task has a Danish name; its code path is not shown.
            assert entry["task"] in TASK_NAMES, entry["task"]
            assert f">{entry['task']}<" not in page
            assert str(TASK_NAMES[entry["task"]]) in page

    def test_others_may_not(self, consultant_client, team_lead_client):
        assert consultant_client.get(self.url).status_code == 403
        assert team_lead_client.get(self.url).status_code == 403

    def test_it_refuses_post(self, admin_client_a):
        assert admin_client_a.post(self.url).status_code == 405


class TestDigestSettings:
    url = reverse("planning:settings")

    def test_a_user_switches_the_morning_email_on_and_off(self, consultant_client, consultant):
        assert consultant_client.get(self.url).status_code == 200
        assert consultant_client.post(self.url, {"wants_digest_email": "on"}).status_code == 302
        consultant.refresh_from_db()
        assert consultant.wants_digest_email
        consultant_client.post(self.url, {})
        consultant.refresh_from_db()
        assert not consultant.wants_digest_email

    def test_the_outsiders_switch_is_their_own(self, outsider_client, outsider, consultant):
        outsider_client.post(self.url, {"wants_digest_email": "on"})
        outsider.refresh_from_db()
        consultant.refresh_from_db()
        assert outsider.wants_digest_email and not consultant.wants_digest_email

    def test_it_refuses_put(self, consultant_client):
        assert consultant_client.put(self.url).status_code == 405
