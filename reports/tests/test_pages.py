import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_catalogue_of_the_users_jobcenter(
    consultant_client, django_assert_num_queries
):
    with django_assert_num_queries(7):
        response = consultant_client.get(reverse("servicepackages:catalogue"))
    assert response.status_code == 200
    assert "Virksomhedspraktik" in response.content.decode()


def test_it_shows_the_segments_with_the_jobcenters_rules(consultant_client):
    response = consultant_client.get(reverse("screening:overview"))
    assert response.status_code == 200
    assert "Formaliseret samarbejde" in response.content.decode()
    assert len(response.context["rules"]) == 4
