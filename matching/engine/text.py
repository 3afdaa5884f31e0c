"""Danish text normalisation for matching: the same recipe for what candidates hold and what
orders and searches ask for, so that both sides meet on equal terms.

- case, accents and the old spellings: "Maskiningeniør", "MASKININGENIOER" and
  "maskiningeniør" are one word (aa/oe/ae are read as å/ø/æ on both sides);
- inflections: Snowball's Danish stemmer ("svejser", "svejsere", "svejseren" -> "svejs"),
  plus the verbal noun in -ning that Snowball leaves alone ("svejsning" -> "svejs");
- compounds: a word ending in a known head is also that head ("maskiningeniør" is an
  "ingeniør"); the modifier ("maskin") is kept so that the head alone is never taken for
  the whole ("ingeniør" is not a "maskiningeniør", and "designteknolog" is neither).
"""

import functools
import re
import unicodedata
from typing import Any

import snowballstemmer

_TOKEN = re.compile(r"[0-9a-zæøå]+")
# The old spellings, read as the letters they stand for; applied to both sides alike, so a
# rare false reading ("israel" -> "isræl") still compares equal to itself.
_DIGRAPHS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))
# Foreign letters folded onto the Danish ones before the accents are dropped.
_LETTERS = str.maketrans({"ö": "ø", "ä": "æ", "ǿ": "ø", "ß": "ss"})
# A compound's modifier must be a word of its own, not a stray syllable ("bil|led").
MIN_MODIFIER = 3
MIN_HEAD = 4


@functools.cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("danish")


def fold(text: str) -> str:
    """Lower case, Danish letters kept, other accents dropped, aa/oe/ae read as å/ø/æ."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for char in decomposed:
        # The ring of å is a combining mark after NFD; keep it, drop the others.
        if unicodedata.combining(char) and char != "\u030a":
            continue
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text


def tokens(text: str) -> list[str]:
    """The folded words of a text; hyphens and punctuation split ("MIG-svejsning")."""
    return _TOKEN.findall(fold(text))


@functools.lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The stem of one folded word."""
    stemmed: str = _stemmer().stemWord(token)
    # Snowball keeps the verbal noun whole; "svejsning" is the work of a "svejser".
    for suffix in ("ningerne", "ningen", "ninger", "ning"):
        if stemmed.endswith(suffix) and len(stemmed) - len(suffix) >= MIN_HEAD:
            return stemmed[: -len(suffix)]
    return stemmed


def stems(text: str) -> list[str]:
    return [stem(token) for token in tokens(text)]


# Little words that carry no meaning in a title ("pluk og pak", "ingeniør i maskinteknik").
STOPWORDS = frozenset(
    {"og", "i", "med", "for", "af", "til", "en", "et", "den", "det", "på", "the", "of", "and", "in"}
)


def phrase_key(text: str) -> str:
    """One key for a whole title: its stems, little words left out, joined by a space
    ("Svejsere" -> "svejs", "Pluk og pak" -> "pluk pak")."""
    return " ".join(stem(token) for token in tokens(text) if token not in STOPWORDS)


# Inflection endings a head may carry inside a compound ("maskin|ingeniør|er").
_ENDINGS = ("", "e", "en", "er", "ere", "erne", "erens", "ers", "es", "ne", "n", "s", "ens", "et")


@functools.lru_cache(maxsize=200_000)
def split_compound(token: str, heads: frozenset[str]) -> tuple[str, str] | None:
    """(modifier, head stem) for the longest known head (a folded, uninflected word) that
    ends the folded word `token` before an inflection ending, or None.

    Matching the surface form rather than the stem keeps the head's stem the same as the
    word's own ("sikkerhedsvagt" -> "vagt", where Snowball would stem the compound to
    "sikkerhedsvag")."""
    best: tuple[str, str] | None = None
    for head in heads:
        if len(head) < MIN_HEAD and head not in SHORT_HEADS:
            continue
        for ending in _ENDINGS:
            whole = head + ending
            if token.endswith(whole) and len(token) - len(whole) >= MIN_MODIFIER:
                if best is None or len(head) > len(best[1]):
                    best = (token[: -len(whole)], head)
                break
    if best is None:
        return None
    return best[0], stem(best[1])


# Heads shorter than MIN_HEAD that are trades of their own ("hovedkok", "grovsmed").
SHORT_HEADS = frozenset({"kok", "smed"})
