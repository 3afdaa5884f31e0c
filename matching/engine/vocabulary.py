"""The synonyms the engine reads as one title: the shipped file (`matching/data/synonyms.json`,
occupation titles by DISCO-08 with Danish and English spellings, skills, certificates,
languages) plus what a jobcenter's admins add in the product (`SynonymTerm`)."""

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .text import phrase_key, stem, tokens

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


@dataclass
class Group:
    """Titles that mean the same (one DISCO-08 occupation, one certificate, ...)."""

    id: int
    kind: str
    title: str
    disco: str
    keys: set[str] = field(default_factory=set)
    related_titles: list[str] = field(default_factory=list)
    related: set[int] = field(default_factory=set)


@dataclass
class Vocabulary:
    groups: list[Group]
    by_key: dict[str, set[int]]
    # Folded, uninflected words a compound may end in ("ingeniør", "svejser").
    heads: frozenset[str]
    # Head stems too common to widen a search by ("medarbejd").
    generic_heads: frozenset[str] = frozenset()
    # match_level's answers by (asked text, held text): titles repeat across candidates.
    level_cache: dict[tuple[str, str], float] = field(
        default_factory=dict, repr=False, compare=False
    )

    def groups_of(self, key: str) -> set[int]:
        return self.by_key.get(key, set())

    def same_keys(self, key: str) -> set[str]:
        """Every key meaning the same as `key` (itself included)."""
        found = {key}
        for group_id in self.groups_of(key):
            found |= self.groups[group_id].keys
        return found

    def related_keys(self, key: str) -> set[str]:
        found: set[str] = set()
        for group_id in self.groups_of(key):
            for related_id in self.groups[group_id].related:
                found |= self.groups[related_id].keys
        return found

    def title_of(self, key: str) -> str | None:
        for group_id in sorted(self.groups_of(key)):
            return self.groups[group_id].title
        return None

    def disco_of(self, key: str) -> str:
        for group_id in sorted(self.groups_of(key)):
            if self.groups[group_id].disco:
                return self.groups[group_id].disco
        return ""

    def extended(self, extra: Iterable[tuple[str, str, str]]) -> "Vocabulary":
        """A copy with (kind, term, same_as) pairs added: the term joins same_as's group, or
        the two form a new group when same_as is unknown too."""
        groups = [
            Group(g.id, g.kind, g.title, g.disco, set(g.keys), g.related_titles, set(g.related))
            for g in self.groups
        ]
        by_key = {key: set(ids) for key, ids in self.by_key.items()}
        for kind, term, same_as in extra:
            term_key, same_key = phrase_key(term), phrase_key(same_as)
            if not term_key or not same_key:
                continue
            targets = by_key.get(same_key) or by_key.get(term_key)
            if not targets:
                group = Group(len(groups), kind, same_as, "")
                group.keys.add(same_key)
                groups.append(group)
                targets = {group.id}
            for group_id in targets:
                groups[group_id].keys |= {term_key, same_key}
                by_key.setdefault(term_key, set()).add(group_id)
                by_key.setdefault(same_key, set()).add(group_id)
        return Vocabulary(
            groups=groups, by_key=by_key, heads=self.heads, generic_heads=self.generic_heads
        )


@functools.cache
def shipped() -> Vocabulary:
    """The vocabulary of the shipped file (read once per process)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    groups: list[Group] = []
    by_key: dict[str, set[int]] = {}
    heads = {token for head in data["heads"] for token in tokens(head)}
    for number, item in enumerate(data["groups"]):
        group = Group(number, item["kind"], item["title"], item.get("disco", ""))
        group.related_titles = list(item.get("related", []))
        for text in [item["title"], *item["synonyms"]]:
            key = phrase_key(text)
            if key:
                group.keys.add(key)
                by_key.setdefault(key, set()).add(number)
        if item["kind"] == "occupation":
            # A one-word title is itself a head ("svejser" in "rørsvejser").
            title_tokens = tokens(item["title"])
            if len(title_tokens) == 1:
                heads.add(title_tokens[0])
        groups.append(group)
    for group in groups:
        for title in group.related_titles:
            group.related |= by_key.get(phrase_key(title), set())
    generic = frozenset(stem(token) for head in data["generic_heads"] for token in tokens(head))
    return Vocabulary(groups=groups, by_key=by_key, heads=frozenset(heads), generic_heads=generic)
