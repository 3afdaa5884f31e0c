"""Search forgives one slip per word (issue 13.5): the issue's examples and a generated
table of misspellings with the company each must find first."""

import pytest

from companies.identifiers import fold_for_search
from companies.models import Company, SearchWord
from companies.search import (
    DOUBLED_LETTERS,
    MISSING_OR_EXTRA,
    SWAPPED,
    WRONG_LETTER,
    collapse_repeats,
    slip_rank,
)
from devdata.misspellings import NAMED_EXAMPLES, REGISTER, misspellings, slip
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    return [CompanyFactory(name=name) for name in REGISTER]


def first_hits(query: str, count: int = 1) -> list[str]:
    return list(Company.objects.search(query).values_list("name", flat=True)[:count])


@pytest.mark.parametrize(("query", "expected"), NAMED_EXAMPLES)
def test_the_issues_examples_find_their_company_first(register, query, expected):
    assert first_hits(query) == [expected]


def test_exact_and_prefix_matches_come_before_corrected_ones(register):
    hits = list(Company.objects.search("jensen").values_list("name", flat=True))
    # Whole word, then the start of a word; the one-slip look-alike (Jessen) only after.
    assert hits[:2] == ["Jensen & Søn ApS", "Jensens Bageri"]
    assert hits.index("Jessen Maskinfabrik A/S") > 1


def test_a_doubled_letter_beats_a_different_name(register):
    hits = list(Company.objects.search("møler").values_list("name", flat=True))
    assert hits[0] == "Møller Logistik A/S"
    assert "Mølgaard Transport ApS" not in hits[:1]


def test_short_words_must_be_typed_right(db):
    CompanyFactory(name="Bak Auto")
    assert first_hits("bka auto") == []
    assert first_hits("bak auto") == ["Bak Auto"]


def test_a_word_with_two_slips_is_not_a_match(register):
    assert first_hits("jsneen") == []  # Jensen with two letters moved


def test_every_word_must_be_found(register):
    assert first_hits("holstebro maskinfabrik") == []  # each word is in another company
    assert first_hits("jesen maskinfabrik") == ["Jessen Maskinfabrik A/S"]


def _distance(left: str, right: str) -> int:
    """Optimal string alignment distance (swaps count one), written out here so that the
    table's ambiguity check does not lean on the code it tests."""
    rows = [list(range(len(right) + 1))]
    for i, left_char in enumerate(left, 1):
        row = [i]
        for j, right_char in enumerate(right, 1):
            cost = left_char != right_char
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost))
            if i > 1 and j > 1 and left_char == right[j - 2] and left[i - 2] == right_char:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _could_match(query: str, name: str) -> bool:
    """Whether every query word is near a word of the name (two slips or less): a name the
    generous way, so that only queries with one clear answer enter the table."""
    words = fold_for_search(name).split()
    return all(
        any(
            typed in word
            or _distance(typed, word) <= 2
            or _distance(collapse_repeats(typed), collapse_repeats(word)) <= 2
            for word in words
        )
        for typed in fold_for_search(query).split()
    )


def test_the_generated_misspellings_find_their_company_first(register):
    table = [
        case
        for case in misspellings(REGISTER, per_name=12)
        if not any(_could_match(case.query, other) for other in REGISTER if other != case.expected)
    ]
    misses = [
        (case.query, case.expected, case.kind, first_hits(case.query))
        for case in table
        if first_hits(case.query) != [case.expected]
    ]
    assert len(table) > 250
    assert {case.kind for case in table} == {"swap", "missing", "extra", "wrong"}
    assert misses == []


def test_the_slip_generator_makes_one_slip_of_each_kind():
    assert slip("jensen", "swap", 2) == "jesnen"
    assert slip("logistik", "missing", 3) == "logstik"
    assert slip("smede", "extra", 3, "d") == "smedde"
    assert slip("aarhus", "wrong", 4, "x") == "aarhxs"


@pytest.mark.parametrize(
    ("typed", "word", "rank"),
    [
        ("moler", "moller", DOUBLED_LETTERS),
        ("smeddee", "smede", DOUBLED_LETTERS),
        ("jesnen", "jensen", SWAPPED),
        ("logisitk", "logistik", SWAPPED),
        ("arhsu", "arhus", SWAPPED),
        ("logstik", "logistik", MISSING_OR_EXTRA),
        ("tomrr", "tomrer", MISSING_OR_EXTRA),
        ("jebsen", "jensen", WRONG_LETTER),
        ("jsneen", "jensen", None),
        ("moler", "molgard", None),
    ],
)
def test_slips_are_ranked_by_how_likely_they_are(typed, word, rank):
    assert slip_rank(typed, word) == rank


def test_the_dictionary_keeps_every_word_however_companies_are_written(db):
    company = CompanyFactory(name="Vestjysk Tømrerforretning ApS", address="Fabriksvej 12")
    Company.objects.bulk_create(
        [Company(name="Hjerm Mejeri", search_text=fold_for_search("Hjerm Mejeri 7560"))]
    )
    company.name = "Vestjysk Snedkeri ApS"
    company.refresh_search_text()
    company.save()

    words = dict(SearchWord.objects.values_list("word", "collapsed"))
    for word in ["vestjysk", "tomrerforretning", "snedkeri", "fabriksvej", "hjerm", "mejeri"]:
        assert words[word] == collapse_repeats(word)
    # Numbers (CVR, house numbers, postal codes) and two-letter words are no words to correct.
    assert not [word for word in words if any(char.isdigit() for char in word)]
    assert not [word for word in words if len(word) < 3]


def test_the_database_collapses_doubled_letters_as_the_search_does(db):
    names = ["Kjærgaard Mølle", "Bøssemagerens Hammerslag", "Aaagaard Smeddee"]
    for name in names:
        CompanyFactory(name=name)
    for word, collapsed in SearchWord.objects.values_list("word", "collapsed"):
        assert collapsed == collapse_repeats(word)
