"""Issue 8.11: another jobcenter's relationship shows whom to call there (seed 003) near
the top of the company page: the responsible consultant's name, work phone and e-mail."""

import pytest

from screening.models import Segment
from tests.factories import CompanyFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(jobcenter_a, consultant):
    consultant.email = "karen@struer.dk"
    consultant.work_phone = "+4597851200"
    consultant.save()
    company = CompanyFactory(name="Fælles Maskiner ApS", municipality_codes=["0671", "0661"])
    return RelationshipFactory(
        jobcenter=jobcenter_a,
        company=company,
        responsible=consultant,
        segment=Segment.objects.get(number=2),
        is_known=True,
    )


def test_it_shows_whom_to_call_at_the_other_jobcenter_near_the_top(outsider_client, shared):
    content = outsider_client.get(shared.company.get_absolute_url()).content.decode()
    card = content.index('id="other-jobcenters"')
    # Before the page's panels: the log form and the facts.
    assert card < content.index('id="log"')
    assert card < content.index('id="facts"')
    section = content[card : content.index("</section>", card)]
    assert "Jobcenter Struer" in section
    assert "Karen" in section
    assert 'href="tel:+4597851200"' in section
    assert 'href="mailto:karen@struer.dk"' in section
    assert "Hvem skal man ringe til" in section


def test_it_leaves_out_the_details_of_a_consultant_no_longer_active(
    outsider_client, shared, consultant
):
    consultant.is_active = False
    consultant.save()
    content = outsider_client.get(shared.company.get_absolute_url()).content.decode()
    assert "karen@struer.dk" not in content
    assert "+4597851200" not in content


def test_it_shows_the_own_jobcenter_no_card_of_its_own(consultant_client, shared):
    content = consultant_client.get(shared.company.get_absolute_url()).content.decode()
    assert 'id="other-jobcenters"' not in content


def test_each_other_jobcenter_has_its_own_line(outsider_client, shared):
    from tests.factories import JobcenterFactory

    third = JobcenterFactory(name="Jobcenter Lemvig", municipality_code="0665")
    lemvig = UserFactory(jobcenter=third, first_name="Lars", email="lars@lemvig.dk")
    RelationshipFactory(jobcenter=third, company=shared.company, responsible=lemvig)
    content = outsider_client.get(shared.company.get_absolute_url()).content.decode()
    assert content.count('class="mb-1 other-jobcenter"') == 2
    assert 'href="mailto:lars@lemvig.dk"' in content
