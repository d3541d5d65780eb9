"""Matching the names people write to the names in the front matter.

Rapporteurs write "Volkova", "I. Volkova", "Волкова И.", "Ирины Волковой" for the same
person. Russian name forms are reduced to their dictionary forms with pymorphy3 (which
knows first names, patronymics and the surname paradigms), so any grammatical case matches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache, lru_cache

_NAME_TAGS = ("Name", "Surn", "Patr")
_INITIAL_RE = re.compile(r"^([A-ZА-ЯЁ])\.$")
_WORD_RE = re.compile(r"[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’-]*\.?")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@cache
def morph():  # pymorphy3 has no type stubs
    """The shared pymorphy3 analyser (loads in ~50 ms; imported lazily).

    Its Russian dictionary is the one pymorphy3 would find, named directly: left to find it,
    pymorphy3 reads the entry points of every installed package (about 10 ms at each start).
    """
    import pymorphy3

    analyser = pymorphy3.MorphAnalyzer
    return analyser(path=_dictionary_path(analyser.DICT_PATH_ENV_VARIABLE), lang="ru")


def _dictionary_path(variable: str) -> str | None:
    """pymorphy3's Russian dictionary, or ``None`` where pymorphy3 must look for it itself
    (its environment ``variable`` names one, or its dictionary package is another)."""
    if variable in os.environ:
        return None
    try:
        import pymorphy3_dicts_ru  # what pymorphy3's "ru" entry point loads
    except ImportError:
        return None
    return pymorphy3_dicts_ru.get_path()


@lru_cache(maxsize=65536)
def name_keys(word: str) -> frozenset[str]:
    """Case-free keys of a name word: equal keys mean the same name in another case."""
    low = word.lower().replace("ё", "е").rstrip(".")
    low = re.sub(r"['’]s$", "", low)
    keys = {low}
    if _CYRILLIC.search(low):
        parses = morph().parse(low)
        named = [p for p in parses if any(t in p.tag for t in _NAME_TAGS)]
        for parse in named or parses[:2]:
            keys.add(parse.normal_form.replace("ё", "е"))
        # Feminine surnames: the lemma is masculine ("волков"), keep the nominative too.
        for parse in named:
            if "Surn" in parse.tag and "femn" in parse.tag:
                nomn = parse.inflect({"nomn"})
                if nomn:
                    keys.add(nomn.word.replace("ё", "е"))
    return frozenset(keys)


@lru_cache(maxsize=65536)
def is_name_word(word: str) -> bool:
    """Tell whether a capitalised word could be part of a person's name."""
    if not _CYRILLIC.search(word):
        return True
    parses = morph().parse(word.lower())
    return any(any(t in p.tag for t in _NAME_TAGS) for p in parses) or not morph().word_is_known(
        word.lower()
    )


def split_name(text: str) -> tuple[list[str], list[str]]:
    """Split a written name into full words and initials (``"И. Волкова"`` → words, initials)."""
    words, initials = [], []
    for token in _WORD_RE.findall(text.replace("\u00a0", " ")):
        # "И.А." written together: two initials
        if re.fullmatch(r"(?:[A-ZА-ЯЁ]\.){2,3}", token + ("" if token.endswith(".") else ".")):
            initials.extend(token.rstrip(".").split("."))
            continue
        match = _INITIAL_RE.match(token) or (
            len(token) == 1 and token.isupper() and re.match(r"(.)", token)
        )
        if match:
            initials.append(match.group(1))
        else:
            words.append(token.rstrip("."))
    return words, initials


class NameIndex:
    """Resolve written names to the front-matter names of a session's people."""

    def __init__(self, names: Iterable[str]) -> None:
        self.people: list[tuple[str, list[frozenset[str]]]] = []
        for name in dict.fromkeys(n for n in names if n):
            words, _ = split_name(name)
            self.people.append((name, [name_keys(w) for w in words]))

    def _score(
        self, words: list[str], initials: list[str], parts: list[frozenset[str]], name: str
    ) -> int:
        used: set[int] = set()
        for word in words:
            keys = name_keys(word)
            hit = next((i for i, part in enumerate(parts) if i not in used and keys & part), None)
            if hit is None:
                return 0
            used.add(hit)
        full_words, _ = split_name(name)
        free = [w for i, w in enumerate(full_words) if i not in used]
        for number, initial in enumerate(initials):
            hit = next((w for w in free if w[:1].upper() == initial.upper()), None)
            if hit is None:
                # "Волкова И.А." for "Ирина Волкова": a patronymic the front matter does not give.
                if number and not free:
                    continue
                return 0
            free.remove(hit)
        return len(used) * 2 + len(initials)

    def resolve(self, written: str) -> str | None:
        """The front-matter name ``written`` refers to; ``None`` if nobody or ambiguous."""
        words, initials = split_name(written)
        if not words:
            return None
        scored = sorted(
            ((self._score(words, initials, parts, name), name) for name, parts in self.people),
            reverse=True,
        )
        scored = [s for s in scored if s[0] > 0]
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return scored[0][1]

    def surnames(self) -> dict[str, str]:
        """Each key of each person's name words → that person (for finding mentions in text)."""
        found: dict[str, str] = {}
        ambiguous: set[str] = set()
        for name, parts in self.people:
            for part in parts:
                for key in part:
                    if key in found and found[key] != name:
                        ambiguous.add(key)
                    found[key] = name
        return {k: v for k, v in found.items() if k not in ambiguous}
