"""Finding companies by name, address or town, forgiving one slip per word (issue 13.5).

The query is folded like the stored search text (`identifiers.fold_for_search`: case,
accents, æ/ø/å, aa). Every word of the query must be found in the company's text, in
one of these ways, best first:

0. as a whole word ("smedje" in "Vest Smedje");
1. as the start of a word ("smedje" in "Smedjen Nord");
2. inside a word (Danish compounds: "smedie" in "Maskinsmedie");
3. with one slip, for words of four letters or more, where doubled letters count as one
   ("møler" for Møller, "smeddee" for Smede) and a slip is, most likely first,
   two letters swapped ("jesnen" for Jensen, "logisitk" for Logistik), a letter missing
   or extra, or one wrong letter.

Companies are ordered by the sum of their words' ranks, then by how much their text reads
like the query (trigram word similarity: the name comes first in the text), then by name,
so exact and prefix matches always come before corrected ones. Slips are corrected against
the dictionary of every word in the register (`SearchWord`, kept by a database trigger):
a slip costs one index lookup on that small table, and the company table is then searched
through its trigram index with plain LIKE patterns, which need no similarity recheck.
"""

import re
import string
from typing import TYPE_CHECKING

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import Combinable

from .identifiers import fold_for_search

if TYPE_CHECKING:
    from .models import CompanyQuerySet

SLIP_MIN_LENGTH = 4  # shorter words must be typed right: one slip in three letters is noise
MAX_CORRECTIONS = 10  # per word: the closest dictionary words, enough for any real slip
MAX_WORDS = 8  # a longer query is a pasted text, not a search
LETTERS = string.ascii_lowercase  # the folded text's letters (æøå and accents are folded)

# A word's rank by how it was found (see the module's docstring); a company's is the sum.
# Even numbers: a corrected word found only at the start of a longer word ranks one more.
WHOLE_WORD, WORD_START, INSIDE_WORD = 0, 2, 4
DOUBLED_LETTERS, SWAPPED, MISSING_OR_EXTRA, WRONG_LETTER = 6, 8, 10, 12


def collapse_repeats(word: str) -> str:
    """ "moller" → "moler": doubled letters as one (the database trigger does the same)."""
    return re.sub(r"(.)\1+", r"\1", word)


def _splits(word: str) -> list[tuple[str, str]]:
    return [(word[:index], word[index:]) for index in range(len(word) + 1)]


def swaps(word: str) -> set[str]:
    return {
        left + right[1] + right[0] + right[2:] for left, right in _splits(word) if len(right) > 1
    }


def deletions_and_insertions(word: str) -> set[str]:
    splits = _splits(word)
    return {left + right[1:] for left, right in splits if right} | {
        left + letter + right for left, right in splits for letter in LETTERS
    }


def substitutions(word: str) -> set[str]:
    return {
        left + letter + right[1:] for left, right in _splits(word) if right for letter in LETTERS
    }


def one_slip_variants(word: str) -> set[str]:
    """Every string one swap, deletion, insertion or substitution of a letter away."""
    return (swaps(word) | deletions_and_insertions(word) | substitutions(word)) - {word}


def _lookup_keys(typed: str) -> set[str]:
    """The collapsed forms of the dictionary words `typed` may be a slip of: a slip of the
    word as typed, or of the word with doubled letters as one."""
    collapsed = collapse_repeats(typed)
    raw = one_slip_variants(typed) | {typed}
    return (
        {collapse_repeats(variant) for variant in raw} | one_slip_variants(collapsed) | {collapsed}
    )


def slip_rank(typed: str, word: str) -> int | None:
    """How likely `word` is what `typed` meant (a rank of the module's docstring), or None
    when it is more than one slip away."""
    for left, right in ((typed, word), (collapse_repeats(typed), collapse_repeats(word))):
        if left == right:
            return DOUBLED_LETTERS
    for left, right in ((typed, word), (collapse_repeats(typed), collapse_repeats(word))):
        if right in swaps(left):
            return SWAPPED
    for left, right in ((typed, word), (collapse_repeats(typed), collapse_repeats(word))):
        if right in deletions_and_insertions(left):
            return MISSING_OR_EXTRA
    for left, right in ((typed, word), (collapse_repeats(typed), collapse_repeats(word))):
        if right in substitutions(left):
            return WRONG_LETTER
    # A slip of the typed word that only differs from `word` in doubled letters.
    if collapse_repeats(word) in {collapse_repeats(v) for v in one_slip_variants(typed)}:
        return WRONG_LETTER
    return None


def query_words(query: str) -> list[str]:
    return fold_for_search(query).split()[:MAX_WORDS]


class _Corrections(dict[str, list[tuple[str, int]]]):
    """Corrections by typed word; `known` holds the typed words that are register words."""

    known: set[str]


def corrections(words: list[str]) -> dict[str, list[tuple[str, int]]]:
    """For each word of SLIP_MIN_LENGTH letters or more, the register's words it may be a
    slip of, most likely first, with their rank (one query for all words)."""
    from .models import SearchWord

    # A word typed with three letters may be a four-letter one missing a letter ("hld"
    # for Hald): corrections are words of SLIP_MIN_LENGTH letters or more either way.
    keys = {
        word: _lookup_keys(word)
        for word in words
        if len(word) >= SLIP_MIN_LENGTH - 1 and word.isalpha()
    }
    if not keys:
        return _Corrections()
    found = SearchWord.objects.filter(collapsed__in=sorted(set().union(*keys.values())))
    dictionary = [
        (word, collapsed)
        for word, collapsed in found.values_list("word", "collapsed")
        if len(word) >= SLIP_MIN_LENGTH
    ]
    result = _Corrections()
    result.known = {word for word, _ in dictionary}
    for typed, wanted in keys.items():
        ranked = []
        for word, collapsed in dictionary:
            # A word containing the typed one is found by the typed word itself already.
            if collapsed in wanted and typed not in word:
                if len(typed) < SLIP_MIN_LENGTH and word not in deletions_and_insertions(typed):
                    continue  # three letters: only the four-letter word missing one
                rank = slip_rank(typed, word)
                if rank is not None:
                    ranked.append((rank, abs(len(word) - len(typed)), word))
        result[typed] = [(word, rank) for rank, _, word in sorted(ranked)[:MAX_CORRECTIONS]]
    return result


def _word_pattern(word: str) -> str:
    """A PostgreSQL regular expression for the word (folded words hold \\w characters)."""
    return re.sub(r"(\W)", r"\\\1", word)


def _likely_query(words: list[str], fixes: dict[str, list[tuple[str, int]]]) -> str:
    """The query as most likely meant: a word that is no word of the register is followed
    by its most likely correction (the text of the company meant reads like that)."""
    parts = []
    for word in words:
        parts.append(word)
        if fixes.get(word) and word not in _known_words(fixes):
            parts.append(fixes[word][0][0])
    return " ".join(parts)


def _known_words(fixes: dict[str, list[tuple[str, int]]]) -> set[str]:
    return getattr(fixes, "known", set())


def company_search(queryset: "CompanyQuerySet", query: str) -> "CompanyQuerySet":
    """The companies matching every word of `query`, annotated with `search_rank` (lower
    is better) and ordered by it, then by name (see the module's docstring)."""
    words = query_words(query)
    if not words:
        return queryset
    fixes = corrections(words)
    condition = Q()
    rank: Combinable = Value(0)
    for word in words:
        pattern = _word_pattern(word)
        found = Q(search_text__contains=word)
        ways = [
            When(search_text__regex=rf"\m{pattern}\M", then=Value(WHOLE_WORD)),
            When(search_text__regex=rf"\m{pattern}", then=Value(WORD_START)),
            When(search_text__contains=word, then=Value(INSIDE_WORD)),
        ]
        at_start = []
        for fix, fix_rank in fixes.get(word, []):
            fix_pattern = _word_pattern(fix)
            # Also at the start of a word: "jensen" in "Jensens Tømrerforretning".
            fixed = Q(search_text__contains=fix, search_text__regex=rf"\m{fix_pattern}")
            found |= fixed
            ways.append(When(search_text__regex=rf"\m{fix_pattern}\M", then=Value(fix_rank)))
            at_start.append(When(fixed, then=Value(fix_rank + 1)))
        ways += at_start
        condition &= found
        rank = rank + Case(*ways, default=Value(WRONG_LETTER + 1), output_field=IntegerField())
    # Within a rank, the company whose text reads most like the query (its name comes
    # first in the text) before one that only has the words somewhere (its address).
    return (
        queryset.filter(condition)
        .annotate(
            search_rank=rank,
            search_likeness=TrigramWordSimilarity(_likely_query(words, fixes), "search_text"),
        )
        .order_by("search_rank", "-search_likeness", "name", "pk")
    )
