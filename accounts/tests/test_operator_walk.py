"""An operator (a superuser outside any jobcenter) walks every named URL of the product:
no page answers 500, and every page that works on a jobcenter's data answers 404."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from accounts.models import User

pytestmark = pytest.mark.django_db

# Pages that need no jobcenter: signing in and out, the own password, the start page
# (where an operator lands after login), language, health and Django's admin site (the
# operator's own tool).
WITHOUT_JOBCENTER = {
    "reports:home",
    "healthz",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password-change",
    "accounts:password-change-done",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:invitation-accept",
}
WITHOUT_JOBCENTER_NAMESPACES = {"admin"}


def _sample(converter: Any) -> Any:
    if isinstance(converter, UUIDConverter):
        return uuid.uuid4()
    if isinstance(converter, IntConverter):
        return 1
    return "x"


def _named_urls(
    patterns: list[Any], namespace: str = "", converters: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(namespaced name, keyword arguments with made-up values) of every named URL."""
    converters = converters or {}
    for entry in patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            groups = entry.pattern.regex.groupindex
            yield f"{namespace}{entry.name}", {name: _sample(found.get(name)) for name in groups}


def _reverse(name: str, kwargs: dict[str, Any]) -> str:
    # A regular-expression group (the admin's app_label) may not accept the plain sample.
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name, kwargs=dict.fromkeys(kwargs, "accounts"))


def _urls() -> list[tuple[str, str]]:
    urls = []
    for name, kwargs in _named_urls(get_resolver().url_patterns):
        urls.append((name, _reverse(name, kwargs)))
    return sorted(set(urls))


def _needs_jobcenter(name: str) -> bool:
    return name not in WITHOUT_JOBCENTER and name.split(":")[0] not in WITHOUT_JOBCENTER_NAMESPACES


@pytest.fixture
def operator_client():
    operator = User.objects.create_superuser("operator", "operator@example.org", "x" * 20)
    assert operator.jobcenter is None
    client = Client(raise_request_exception=False)
    client.force_login(operator)
    return client


def test_the_walk_covers_the_product_pages():
    names = {name for name, _url in _urls()}
    # The walk reaches into every app and through the parameters (UUID codes, formats).
    for expected in (
        "companies:company-list",
        "companies:company-detail",
        "screening:segment-proposal",
        "planning:plan",
        "servicepackages:catalogue",
        "accounts:user-list",
        "reports:overview",
    ):
        assert expected in names


def test_an_operator_gets_404_on_every_page_that_needs_a_jobcenter(operator_client):
    wrong = {}
    for name, url in _urls():
        if not _needs_jobcenter(name):
            continue
        status = operator_client.get(url).status_code
        if status != 404:
            wrong[name] = status
    # A view working on the jobcenter's data takes @jobcenter_required (accounts.access).
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))


def test_no_page_answers_an_operator_with_500(operator_client):
    failing = {}
    for name, url in _urls():
        status = operator_client.get(url).status_code
        if status >= 500:
            failing[name] = status
    assert failing == {}


def test_no_post_answers_an_operator_with_500(operator_client):
    failing = {}
    for name, url in _urls():
        # Signing out would end the walk; the admin site is Django's own.
        if name in ("accounts:logout", "set_language") or name.startswith("admin:"):
            continue
        status = operator_client.post(url, {}).status_code
        if status >= 500:
            failing[name] = status
    assert failing == {}
