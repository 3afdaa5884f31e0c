"""Forms are bound with `posted(request)` (issue 10.5): a POST whose fields are all empty
is a bound form that says what is missing, never a silently blank page."""

import pytest
from django.urls import reverse

from accounts.models import User
from companies.models import Company
from servicepackages.models import Package

pytestmark = pytest.mark.django_db

# (URL name, client fixture, model that must stay untouched)
EMPTY_POSTS = [
    ("accounts:user-create", "admin_client_a", User),
    ("companies:company-create", "consultant_client", Company),
    ("servicepackages:package-create", "admin_client_a", Package),
]


@pytest.mark.parametrize(("name", "client_fixture", "model"), EMPTY_POSTS)
def test_an_empty_post_is_bound_and_names_the_missing_fields(request, name, client_fixture, model):
    client = request.getfixturevalue(client_fixture)
    before = model.objects.count()
    response = client.post(reverse(name), {})
    assert response.status_code in (200, 400)
    form = response.context["form"]
    assert form.is_bound
    assert form.errors
    assert "Feltet skal udfyldes." in response.content.decode()
    assert model.objects.count() == before
