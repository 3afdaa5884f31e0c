"""One pagination and one segment badge (issue 10.5), written once in templates/includes/
and included by every list and page that shows them."""

import subprocess
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(__file__).parents[2]


def _templates_containing(text: str) -> list[str]:
    names = subprocess.run(
        ["git", "ls-files", "*.html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return sorted(name for name in names if text in (ROOT / name).read_text())


def _includes_of(name: str) -> int:
    include = f'{{% include "includes/{name}.html"'
    return sum((ROOT / path).read_text().count(include) for path in _templates_containing(include))


def test_the_pagination_markup_exists_once():
    assert _templates_containing('class="pagination') == ["templates/includes/pagination.html"]
    assert _includes_of("pagination") >= 6


def test_the_segment_badge_markup_exists_once():
    assert _templates_containing("segment-badge-") == ["templates/includes/segment_badge.html"]
    assert _includes_of("segment_badge") >= 9


def _pagination(page_number: int, query: str = "", **context: object) -> str:
    request = RequestFactory().get(f"/liste/?{query}")
    page_obj = Paginator(range(120), 50).get_page(page_number)
    with translation.override("da"):
        return render_to_string(
            "includes/pagination.html", {"page_obj": page_obj, **context}, request=request
        )


def test_a_middle_page_links_everywhere_and_keeps_the_filters():
    html = _pagination(2, "status=open&page=2")
    assert "Side 2 af 3" in html
    for page in (1, 3):
        assert f'href="?status=open&amp;page={page}"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert "hx-get" not in html


def test_the_first_page_has_no_way_back_and_htmx_lists_are_swapped_in_place():
    html = _pagination(1, url="/virksomheder/", hx_target="#company-table", label="Sider")
    assert 'rel="prev"' not in html
    assert 'aria-label="Sider"' in html
    assert 'hx-get="/virksomheder/?page=2" hx-target="#company-table"' in html


def test_a_single_page_draws_no_pagination():
    request = RequestFactory().get("/")
    page_obj = Paginator(range(10), 50).get_page(1)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert html.strip() == ""


def test_the_segment_badge_in_its_three_forms():
    with translation.override("da"):
        plain = render_to_string("includes/segment_badge.html", {"number": 2})
        named = render_to_string(
            "includes/segment_badge.html", {"number": 2, "name": "Uformelt samarbejde"}
        )
        short = render_to_string("includes/segment_badge.html", {"number": 2, "number_only": True})
    assert '<span class="badge segment-badge-2">Segment 2</span>' in plain
    assert '<span class="badge segment-badge-2">2. Uformelt samarbejde</span>' in named
    assert '<span class="badge segment-badge-2">2</span>' in short
