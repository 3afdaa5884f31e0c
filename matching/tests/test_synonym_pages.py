"""The admin page for the jobcenter's own synonyms: added words reach the engine at once,
only admins reach the page, another jobcenter's synonym is a 404."""

import pytest
from django.urls import reverse

from matching.models import SynonymTerm
from matching.services import synonym_add

from .factories import make_candidate

pytestmark = pytest.mark.django_db

PAGE = reverse("matching:synonym-list")


def test_an_admin_adds_a_synonym_and_the_search_finds_by_it(
    admin_client_a, consultant_client, jobcenter_a
):
    make_candidate(
        jobcenter_a, name="Carl CNC", experience=[{"occupation": "CNC-operatør", "years": 5}]
    )
    search = reverse("matching:candidate-search")
    before = consultant_client.get(search, {"occupations": "Spåntager"})
    assert "Carl CNC" not in before.content.decode()

    response = admin_client_a.post(
        PAGE, {"kind": "occupation", "term": "CNC-operatør", "same_as": "Spåntager"}
    )
    assert response.status_code == 302
    synonym = SynonymTerm.objects.get()
    assert synonym.jobcenter == jobcenter_a
    page = admin_client_a.get(PAGE).content.decode()
    assert "CNC-operatør" in page and "Spåntager" in page

    after = consultant_client.get(search, {"occupations": "Spåntager"})
    assert "Carl CNC" in after.content.decode()


@pytest.mark.parametrize(
    ("term", "same_as", "field"),
    [
        ("Svejser", "svejsere", "same_as"),  # one word to the engine already (inflection)
        ("Smørrebrødsjomfru", "Smoerrebroedsjomfru", "same_as"),  # æøå spelling
        ("", "Smed", "term"),
        ("---", "Smed", "term"),
        ("Smed", "", "same_as"),
        ("x" * 201, "Smed", "term"),
    ],
)
def test_a_synonym_the_engine_cannot_use_is_refused_in_danish(admin_client_a, term, same_as, field):
    response = admin_client_a.post(PAGE, {"kind": "occupation", "term": term, "same_as": same_as})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert not SynonymTerm.objects.exists()


def test_the_same_synonym_twice_is_refused(admin_client_a, admin_user):
    synonym_add(user=admin_user, kind="skill", term="Truck", same_as="Gaffeltruck")
    response = admin_client_a.post(
        PAGE, {"kind": "skill", "term": "Truck", "same_as": "Gaffeltruck"}
    )
    assert response.status_code == 400
    assert "allerede" in response.content.decode()


def test_only_admins_reach_the_page_and_delete_is_scoped(
    consultant_client, outsider, jobcenter_b, admin_client_a, admin_user
):
    assert consultant_client.get(PAGE).status_code == 403
    theirs = synonym_add(user=outsider, kind="skill", term="Truck", same_as="Gaffeltruck")
    assert "Gaffeltruck" not in admin_client_a.get(PAGE).content.decode()
    delete = reverse("matching:synonym-delete", args=[theirs.code])
    assert admin_client_a.post(delete).status_code == 404
    ours = synonym_add(user=admin_user, kind="skill", term="Truck", same_as="Gaffeltruck")
    mine = reverse("matching:synonym-delete", args=[ours.code])
    assert admin_client_a.get(mine).status_code == 405
    assert admin_client_a.post(mine).status_code == 302
    assert list(SynonymTerm.objects.all()) == [theirs]


def test_the_synonym_page_is_in_the_administration_menu(admin_client_a):
    response = admin_client_a.get(PAGE)
    labels = [item["label"] for item in response.context["admin_items"] if item["current"]]
    assert [str(label) for label in labels] == ["Synonymer til matchning"]
