"""What the company-list count tests share: the addresses, and reading the listed names
and the status line (their fixtures are in this folder's conftest.py)."""

import re

from django.urls import reverse

LIST_URL = reverse("companies:company-list")
COUNT_URL = reverse("companies:company-count")


def listed(response) -> list[str]:
    return [company.name for company in response.context["page_obj"].object_list]


def count_line(response) -> str:
    """The list's status line (its count, or that it is being counted)."""
    match = re.search(
        r'<p class="mb-0" id="company-count" role="status"[^>]*>(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert match is not None
    return match.group(1)
