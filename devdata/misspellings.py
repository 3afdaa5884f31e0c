"""Misspelled searches with the company each should find first (issue 13.5): the test
table of `devdata/tests/test_misspellings.py` and the hit rate `make bench` prints.

A slip is what a hurried hand does to one word of four letters or more: two neighbouring
letters swapped, a letter missing, a letter typed twice or a neighbouring key, or one wrong
letter. Positions and letters come from a seeded random generator, so the table is the
same on every run and covers every kind of slip at every part of a word.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from companies.identifiers import fold_for_search

SLIP_KINDS = ("swap", "missing", "extra", "wrong")
LENGTH_CHANGE = {"swap": 0, "missing": -1, "extra": 1, "wrong": 0}
SLIP_MIN_LENGTH = 4
# æ is stored as "ae" (two letters), so a typed æ would be two slips: left out here.
LETTERS = "abcdefghijklmnopqrstuvwxyzøå"

# A small register of realistic names with look-alikes next to each other (Jensen and
# Jessen, Møller and Mølgaard, Smede and Smedie, Logistik and Logisk).
REGISTER = [
    "Jensen & Søn ApS",
    "Jessen Maskinfabrik A/S",
    "Jensens Bageri",
    "Møller Logistik A/S",
    "Mølgaard Transport ApS",
    "Logisk Rådgivning ApS",
    "Aarhus Smede ApS",
    "Struer Smedie",
    "Vestjysk Tømrerforretning ApS",
    "Nørgaard El-service",
    "Bager Kristensen",
    "Thygesen Rengøring I/S",
    "Holstebro Maskinstation",
    "Lemvig Fiskeri A/S",
    "Skive Autoværksted",
    "Kirkegaard Vognmandsforretning",
    "Østergaard Frisørsalon",
    "Bjerregaard Revision",
    "Sønderborg Plastindustri",
    "Thyborøn Havnegrill",
    "Ringkøbing Byggemarked",
    "Herning Rengøringsservice",
    "Vinderup Tandklinik",
    "Overgaard Anlægsgartneri",
    "Frederiksen Ejendomsadministration",
    "Mikkelsen Reklamebureau",
    "Lauridsen Bemanding ApS",
    "Hjerm Mejeri",
    "Nordjysk Vindenergi A/S",
    "Bruun Pizzeria",
    "Damgaard Kursuscenter",
    "Winther Software ApS",
]

# Examples named in the issue: (query, the name that must come first).
NAMED_EXAMPLES = [
    ("jesnen", "Jensen & Søn ApS"),
    ("logisitk", "Møller Logistik A/S"),
    ("aarhsu", "Aarhus Smede ApS"),
    ("smeddee", "Aarhus Smede ApS"),
    ("møler", "Møller Logistik A/S"),
]


@dataclass(frozen=True)
class Misspelling:
    query: str
    expected: str  # the company name that must be the first hit
    kind: str


def slip(word: str, kind: str, position: int, letter: str = "") -> str:
    """`word` with one slip of `kind` at `position` (0-based, kept inside the word)."""
    position = max(0, min(position, len(word) - 1))
    if kind == "swap":
        position = min(position, len(word) - 2)
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if kind == "missing":
        return word[:position] + word[position + 1 :]
    if kind == "extra":
        return word[:position] + (letter or word[position]) + word[position:]
    if kind == "wrong":
        replacement = letter if letter and letter != word[position].lower() else "x"
        if replacement == word[position].lower():
            replacement = "q"
        return word[:position] + replacement + word[position + 1 :]
    raise ValueError(kind)


def slip_words(name: str) -> list[int]:
    """The positions of the name's words that may carry a slip (letters only, 4+)."""
    return [
        index
        for index, word in enumerate(name.split())
        if len(word) >= SLIP_MIN_LENGTH and word.isalpha()
    ]


def _safe_positions(word: str) -> list[int]:
    """Positions away from an æ or an old "aa", which the stored text holds as two letters
    and one: a slip there would be two slips, or none, in what is searched."""
    lower = word.lower()
    unsafe: set[int] = set()
    for index, char in enumerate(lower):
        if char == "æ":
            unsafe |= {index - 1, index, index + 1}
        if lower[index : index + 2] == "aa":
            unsafe |= {index - 1, index, index + 1, index + 2}
    return [position for position in range(1, len(word) - 1) if position not in unsafe]


def misspell(name: str, rng: random.Random, *, every_word: bool = False) -> tuple[str, str]:
    """The name with one slip in one word (or in every word that may carry one), and the
    kind of the (last) slip; the name unchanged when no word may carry one."""
    words = name.split()
    candidates = slip_words(name)
    if not candidates:
        return name, ""
    chosen = candidates if every_word else [rng.choice(candidates)]
    kind = ""
    for index in chosen:
        word = words[index]
        positions = _safe_positions(word)
        if not positions:
            continue
        for _ in range(10):
            kind = rng.choice(SLIP_KINDS)
            # Not the first letter: people rarely miss it, and it anchors the reading.
            slipped = slip(word, kind, rng.choice(positions), rng.choice(LETTERS))
            # One slip as typed must stay one slip in the folded text (no new "aa").
            if len(fold_for_search(slipped)) == len(fold_for_search(word)) + LENGTH_CHANGE[kind]:
                words[index] = slipped
                break
        else:
            kind = ""
    return " ".join(words), kind


def misspellings(names: list[str], *, per_name: int, seed: int = 13) -> Iterator[Misspelling]:
    """`per_name` misspelled queries for every name: one slip in one word, and (every
    third) one slip in every word."""
    rng = random.Random(seed)  # noqa: S311  # test data, reproducible by seed
    for name in names:
        for number in range(per_name):
            query, kind = misspell(name, rng, every_word=number % 3 == 2)
            if kind:
                yield Misspelling(query=query, expected=name, kind=kind)
