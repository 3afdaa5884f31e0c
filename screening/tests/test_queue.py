import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from companies.models import Contact
from screening.models import CampaignCompany
from screening.services import (
    CLAIM_DURATION,
    NO_ANSWER_RETRY,
    campaign_company_claim_next,
    campaign_company_record_outcome,
)

pytestmark = pytest.mark.django_db


def test_it_gives_due_call_backs_first_then_fewest_calls_then_name(
    make_campaign_company, consultant
):
    now = timezone.now()
    make_campaign_company(
        consultant, name="Aaa Tømrer ApS", attempts=2, status="no_answer", retry_at=now
    )
    fewest = make_campaign_company(consultant, name="Ccc Smed ApS")
    also_fewest = make_campaign_company(consultant, name="Bbb Bager ApS")
    call_back = make_campaign_company(
        consultant,
        name="Zzz VVS ApS",
        status="call_back",
        attempts=1,
        call_back_at=now - datetime.timedelta(minutes=5),
    )
    order = []
    for _ in range(4):
        campaign_company = campaign_company_claim_next(
            campaign=call_back.campaign, consultant=consultant
        )
        order.append(campaign_company)
        CampaignCompany.objects.filter(pk=campaign_company.pk).update(
            status="declined", claimed_by=None, claimed_until=None
        )
    assert order[:3] == [call_back, also_fewest, fewest]
    assert order[3].relationship.company.name == "Aaa Tømrer ApS"


def test_it_holds_the_company_for_the_consultant(campaign_company, consultant, colleague):
    now = timezone.now()
    claimed = campaign_company_claim_next(
        campaign=campaign_company.campaign, consultant=consultant, now=now
    )
    assert claimed == campaign_company
    assert claimed.claimed_by == consultant
    assert claimed.claimed_until == now + CLAIM_DURATION
    # Asking again gives the same company back; a colleague gets nothing.
    assert (
        campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
        == campaign_company
    )
    assert (
        campaign_company_claim_next(campaign=campaign_company.campaign, consultant=colleague)
        is None
    )
    # Once the claim has run out, the colleague may take it.
    later = now + CLAIM_DURATION + datetime.timedelta(seconds=1)
    assert (
        campaign_company_claim_next(
            campaign=campaign_company.campaign, consultant=colleague, now=later
        )
        == campaign_company
    )


def test_it_skips_calls_not_yet_due(make_campaign_company, consultant):
    later = timezone.now() + datetime.timedelta(hours=1)
    waiting = make_campaign_company(consultant, status="no_answer", retry_at=later)
    make_campaign_company(consultant, status="call_back", call_back_at=later)
    make_campaign_company(consultant, status="screened")
    assert campaign_company_claim_next(campaign=waiting.campaign, consultant=consultant) is None


def test_it_never_gives_an_opted_out_company(make_campaign_company, consultant):
    opted_out = make_campaign_company(consultant, name="Aaa Frabedt ApS")
    # Opted out after the list was built.
    opted_out.relationship.opted_out_on = timezone.localdate()
    opted_out.relationship.opt_out_reason = "Ønsker ikke opkald"
    opted_out.relationship.save()
    other = make_campaign_company(consultant, name="Bbb Smed ApS")
    assert campaign_company_claim_next(campaign=other.campaign, consultant=consultant) == other
    CampaignCompany.objects.filter(pk=other.pk).update(status="declined")
    assert campaign_company_claim_next(campaign=other.campaign, consultant=consultant) is None


def test_it_lets_a_consultant_help_with_a_colleagues_companies_but_not_call_backs(
    make_campaign_company, consultant, colleague
):
    now = timezone.now()
    make_campaign_company(
        consultant, status="call_back", call_back_at=now - datetime.timedelta(minutes=1)
    )
    own = make_campaign_company(colleague, name="Bbb Egen ApS")
    colleagues = make_campaign_company(consultant, name="Aaa Kollegas ApS")
    assert campaign_company_claim_next(campaign=own.campaign, consultant=colleague) == own
    CampaignCompany.objects.filter(pk=own.pk).update(
        status="declined", claimed_by=None, claimed_until=None
    )
    assert campaign_company_claim_next(campaign=own.campaign, consultant=colleague) == colleagues
    CampaignCompany.objects.filter(pk=colleagues.pk).update(
        status="declined", claimed_by=None, claimed_until=None
    )
    assert campaign_company_claim_next(campaign=own.campaign, consultant=colleague) is None


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("no_answer", "no_answer"), ("wrong_number", "wrong_number"), ("declined", "declined")],
)
def test_it_records_an_outcome_in_the_contact_log(campaign_company, consultant, outcome, status):
    now = timezone.now()
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant, now=now)
    contact = campaign_company_record_outcome(
        campaign_company=campaign_company, user=consultant, outcome=outcome, now=now
    )
    campaign_company.refresh_from_db()
    assert (
        campaign_company.status,
        campaign_company.attempts,
        campaign_company.claimed_by,
        campaign_company.claimed_until,
    ) == (
        status,
        1,
        None,
        None,
    )
    assert campaign_company.retry_at == (now + NO_ANSWER_RETRY if outcome == "no_answer" else None)
    assert (contact.channel, contact.status, contact.consultant) == ("phone", "done", consultant)
    assert contact.relationship == campaign_company.relationship
    assert campaign_company.campaign.name in contact.summary


def test_it_records_a_call_back_time(campaign_company, consultant):
    when = timezone.now() + datetime.timedelta(days=1)
    campaign_company_record_outcome(
        campaign_company=campaign_company, user=consultant, outcome="call_back", call_back_at=when
    )
    campaign_company.refresh_from_db()
    assert (campaign_company.status, campaign_company.call_back_at) == ("call_back", when)


def test_a_call_back_needs_a_future_time(campaign_company, consultant):
    with pytest.raises(ValidationError):
        campaign_company_record_outcome(
            campaign_company=campaign_company,
            user=consultant,
            outcome="call_back",
            call_back_at=None,
        )
    assert not Contact.objects.exists()


def test_it_refuses_an_outcome_on_a_company_a_colleague_holds(
    campaign_company, consultant, colleague
):
    campaign_company_claim_next(campaign=campaign_company.campaign, consultant=consultant)
    with pytest.raises(ValidationError):
        campaign_company_record_outcome(
            campaign_company=campaign_company, user=colleague, outcome="declined"
        )
    campaign_company.refresh_from_db()
    assert campaign_company.status == "queued"


@pytest.mark.django_db(transaction=True)
def test_two_consultants_asking_at_the_same_moment_get_different_companies(
    reference_data, make_campaign_company, consultant, colleague
):
    # reference_data: a transactional test starts from a flushed database.
    # Both companies are the consultant's; the colleague helps. Without SKIP LOCKED both
    # would pick the first by name.
    first = make_campaign_company(consultant, name="Aaa Første ApS")
    second = make_campaign_company(consultant, name="Bbb Anden ApS")
    campaign = first.campaign
    barrier = threading.Barrier(2)
    # Neither transaction commits before both have claimed, so the two claims truly
    # overlap (without SKIP LOCKED the second would block here until the barrier breaks).
    both_claimed = threading.Barrier(2)
    results: dict[str, CampaignCompany | None] = {}
    errors: list[BaseException] = []

    def claim(name, user):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results[name] = campaign_company_claim_next(campaign=campaign, consultant=user)
                both_claimed.wait(timeout=5)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=claim, args=("consultant", consultant)),
        threading.Thread(target=claim, args=("colleague", colleague)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert results["consultant"] is not None and results["colleague"] is not None
    assert {results["consultant"].pk, results["colleague"].pk} == {first.pk, second.pk}
    claims = dict(CampaignCompany.objects.values_list("pk", "claimed_by_id"))
    assert claims[results["consultant"].pk] == consultant.pk
    assert claims[results["colleague"].pk] == colleague.pk
