"""The pre-normalised term arrays stored on a candidate (GIN-indexed), and the same recipe
for what an order or a search asks for, so that SQL can narrow 150,000 candidates to the
few hundred worth scoring."""

from collections.abc import Iterable

from .text import STOPWORDS, phrase_key, split_compound, stem, tokens
from .vocabulary import Vocabulary

# Danish driving-licence classes and the smaller classes each one includes
# (Færdselsstyrelsen: a C licence requires B; CE includes C, C1E, BE, ...).
LICENCE_INCLUDES: dict[str, set[str]] = {
    "B": set(),
    "BE": {"B"},
    "C1": {"B"},
    "C1E": {"C1", "BE", "B"},
    "C": {"C1", "B"},
    "CE": {"C", "C1", "C1E", "BE", "B"},
    "D1": {"B"},
    "D1E": {"D1", "BE", "B"},
    "D": {"D1", "B"},
    "DE": {"D", "D1", "D1E", "BE", "B"},
    "A": {"A2", "A1", "AM"},
    "A2": {"A1", "AM"},
    "A1": {"AM"},
    "AM": set(),
    "T": set(),
}


def phrase_terms(texts: Iterable[str], vocabulary: Vocabulary) -> set[str]:
    """Whole-title keys, word stems and compound heads of each text."""
    terms: set[str] = set()
    for text in texts:
        words = [token for token in tokens(text) if token not in STOPWORDS]
        if not words:
            continue
        key = " ".join(stem(word) for word in words)
        terms.add(key)
        # A synonym is indexed under its group's title too, and that title's head, so that
        # "Mechanical engineer" is found by a search for "maskiningeniør" or "ingeniør".
        for group_id in vocabulary.groups_of(key):
            title_words = [
                t for t in tokens(vocabulary.groups[group_id].title) if t not in STOPWORDS
            ]
            if title_words:
                terms.add(" ".join(stem(word) for word in title_words))
                split = split_compound(title_words[-1], vocabulary.heads)
                if split is not None:
                    terms.add(split[1])
        for word in words:
            terms.add(stem(word))
            split = split_compound(word, vocabulary.heads)
            if split is not None:
                terms.add(split[1])
    return terms


def licence_classes(texts: Iterable[str]) -> set[str]:
    """ "Kørekort B", "b-kørekort", "CE" -> the classes held, the included ones added."""
    held: set[str] = set()
    for text in texts:
        for token in tokens(text):
            upper = token.upper()
            for name in (upper, upper.removesuffix("KØREKORT"), upper.removeprefix("KØREKORT")):
                if name in LICENCE_INCLUDES:
                    held |= {name, *LICENCE_INCLUDES[name]}
    return held


def keys(texts: Iterable[str]) -> set[str]:
    return {key for key in (phrase_key(text) for text in texts) if key}
