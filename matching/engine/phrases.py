"""How well one title matches another, in the levels an experienced consultant uses:
the same title (or a synonym) is a full match, a specialisation of the asked-for title is
nearly full ("maskiningeniør" for "ingeniør"), a related or more general title is partial
("ingeniør" for "maskiningeniør"), and a different trade with a shared head
("elektroingeniør" for "maskiningeniør") is weak. A different head is no match at all,
however much else two texts share ("designteknolog" for "maskiningeniør": seed 003)."""

import functools
from dataclasses import dataclass

from .text import STOPWORDS, split_compound, stem, tokens
from .vocabulary import Vocabulary

EXACT = 1.0
SPECIALISATION = 0.9
RELATED = 0.5
BROADER = 0.5
SAME_FAMILY = 0.3
WORD_OVERLAP = 0.6
TRAINEE = RELATED
# A trainee in a trade is not yet of it ("kokkeelev", "tømrerlærling"): a related title.
TRAINEE_SUFFIXES = ("studerende", "praktikant", "lærling", "elev")


@dataclass(frozen=True)
class Word:
    surface: str
    stem: str
    modifier: str
    head: str  # the compound's head stem, or the word's own stem


@dataclass(frozen=True)
class Phrase:
    text: str
    key: str
    words: tuple[Word, ...]

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(word.stem for word in self.words)

    @property
    def last(self) -> Word | None:
        return self.words[-1] if self.words else None


@functools.lru_cache(maxsize=200_000)
def _analyse(text: str, heads: frozenset[str]) -> Phrase:
    words = []
    for token in tokens(text):
        if token in STOPWORDS:
            continue
        split = split_compound(token, heads)
        word_stem = stem(token)
        if split is None:
            words.append(Word(token, word_stem, "", word_stem))
        else:
            words.append(Word(token, word_stem, split[0], split[1]))
    return Phrase(text, " ".join(word.stem for word in words), tuple(words))


def analyse(text: str, vocabulary: Vocabulary) -> Phrase:
    return _analyse(text, vocabulary.heads)


# Bound on the remembered answers of one vocabulary (the shipped one lives as long as the
# process).
LEVEL_CACHE_SIZE = 100_000


def match_level(asked: Phrase, held: Phrase, vocabulary: Vocabulary) -> float:
    """How well a held title (the candidate's) answers an asked one (the order's), 0-1."""
    cache = vocabulary.level_cache
    key = (asked.text, held.text)
    level = cache.get(key)
    if level is None:
        if len(cache) >= LEVEL_CACHE_SIZE:
            cache.clear()
        level = cache[key] = _match_level(asked, held, vocabulary)
    return level


def _match_level(asked: Phrase, held: Phrase, vocabulary: Vocabulary) -> float:
    if not asked.key or not held.key:
        return 0.0
    if asked.key == held.key:
        return EXACT
    asked_groups = vocabulary.groups_of(asked.key)
    held_groups = vocabulary.groups_of(held.key)
    if asked_groups & held_groups:
        return EXACT
    asked_last, held_last = asked.last, held.last
    assert asked_last is not None and held_last is not None
    # All the asked words appear in the held title, or the held title's last word is a
    # compound of the asked one ("maskiningeniør" for "ingeniør", "rørsvejser" for
    # "svejser"): a specialisation of what was asked.
    if asked.stems <= held.stems:
        return SPECIALISATION
    if len(asked.words) == 1 and held_last.modifier and held_last.head == asked_last.stem:
        return SPECIALISATION
    # A synonym of a specialisation ("mechanical engineer" for "ingeniør").
    if len(asked.words) == 1 and any(
        _title_head(vocabulary, group_id) == asked_last.stem for group_id in held_groups
    ):
        return SPECIALISATION
    # The asked compound split over two held words ("civilingeniør, maskin" for
    # "maskiningeniør"): the same head and the modifier as a word of its own.
    if (
        asked_last.modifier
        and any(word.head == asked_last.head for word in held.words)
        and any(
            word.surface.startswith(asked_last.modifier) and word is not held_last
            for word in held.words
        )
    ):
        return SPECIALISATION
    if len(asked.words) == 1 and _trainee_in(held_last.surface) == asked_last.stem:
        return TRAINEE
    related_level = 0.0
    for group_id in asked_groups:
        if vocabulary.groups[group_id].related & held_groups:
            related_level = RELATED
    # The held title is the asked compound's head alone ("ingeniør" for "maskiningeniør").
    if asked_last.modifier and not held_last.modifier and held_last.stem == asked_last.head:
        return max(related_level, BROADER)
    if related_level:
        return related_level
    # The same head, another modifier ("elektroingeniør" for "maskiningeniør").
    if asked_last.modifier and held_last.modifier and held_last.head == asked_last.head:
        return SAME_FAMILY
    # Multi-word titles sharing some words ("pluk og pak" / "pak og lager").
    if len(asked.words) > 1:
        shared = asked.stems & held.stems
        if shared:
            return WORD_OVERLAP * len(shared) / len(asked.stems)
    return 0.0


@functools.lru_cache(maxsize=65536)
def _trainee_in(token: str) -> str:
    """The stem of the trade a trainee's title names ("kokkeelev" -> "kok"), or ""."""
    for suffix in TRAINEE_SUFFIXES:
        trade = token.removesuffix(suffix)
        if trade != token and len(trade) >= 3:
            return stem(trade)
    return ""


def _title_head(vocabulary: Vocabulary, group_id: int) -> str:
    """The compound head of a group's title ("ingeniør" for "Maskiningeniør"), or ""."""
    last = analyse(vocabulary.groups[group_id].title, vocabulary).last
    return last.head if last is not None and last.modifier else ""


def best_match(
    asked: Phrase, held: list[Phrase], vocabulary: Vocabulary
) -> tuple[float, Phrase | None]:
    best_level, best_phrase = 0.0, None
    for phrase in held:
        level = match_level(asked, phrase, vocabulary)
        if level > best_level:
            best_level, best_phrase = level, phrase
            if level >= EXACT:
                break
    return best_level, best_phrase
