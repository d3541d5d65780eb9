"""The words of a sentence being reworded, matching phrases in them, and the finished text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .rules import Phrases, norm

_END = re.compile(r"[\s,;:—–-]+$")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?»)])")
_SPACE_AFTER = re.compile(r"([«(])\s+")
_OPENING = frozenset('.!?…«"“„(—–-:;')  # what a sentence or a quotation may open after


@dataclass(frozen=True)
class Word:
    """A word of the sentence: its text, the space after it, its lemma (lower case), and
    where it stood in the sentence (``at``; -1 for a word the resolution adds), so a check
    can tell what a rewrite kept, moved or cut."""

    text: str
    space: str = " "
    lemma: str = ""
    at: int = field(default=-1, compare=False)
    #: whether the word opens the sentence or a quotation, so a capital there says nothing
    #: of a name («Тюменская» after «Пусть» is a name's; «Результаты» first is not)
    initial: bool = field(default=True, compare=False)
    norm: str = field(init=False, compare=False)
    is_punct: bool = field(init=False, compare=False)  # no letter or digit in it

    def __post_init__(self) -> None:
        object.__setattr__(self, "norm", norm(self.text))
        object.__setattr__(self, "is_punct", not any(c.isalnum() for c in self.text))


def words_of(tokens: Iterable[Any]) -> list[Word]:
    """spaCy tokens as words, hyphenated parts joined again («арт-резиденции», "one-off"), and
    so are parts an en dash binds with no space on either side ("Altai–Sayan",
    "master–apprentice"): a compound, not a dash before a remark to cut off."""
    words: list[Word] = []
    for token in tokens:
        last = words[-1] if words else None
        joins = last is not None and not last.space and any(c.isalpha() for c in last.text)
        binding = token.text == "-" or (token.text == "–" and not token.whitespace_)
        if joins and (binding or last.text.endswith(("-", "–"))):
            words[-1] = Word(
                last.text + token.text,
                token.whitespace_,
                last.lemma + norm(token.lemma_),
                last.at,
                last.initial,
            )
        else:
            opens = not last or last.text[-1:] in _OPENING or last.text.isdigit()
            words.append(Word(token.text, token.whitespace_, norm(token.lemma_), len(words), opens))
    return words


def added(text: str) -> list[Word]:
    """Words the resolution puts in ("Recommend that", «Рекомендовать»)."""
    return [Word(part, " ", norm(part)) for part in text.split()]


def starts(words: Sequence[Word], phrases: Phrases, at: int = 0) -> int:
    """Length of the longest phrase at ``at``; 0 when none is there."""
    if at >= len(words):
        return 0
    for phrase in phrases.by_first.get(words[at].norm, ()):
        size = len(phrase)
        if size <= len(words) - at and all(words[at + k].norm == phrase[k] for k in range(1, size)):
            return size
    return 0


def find(words: Sequence[Word], phrases: Phrases, start: int = 0) -> tuple[int, int]:
    """Position and length of the first phrase from ``start``; ``(-1, 0)`` when none."""
    firsts = phrases.by_first
    for at in range(start, len(words)):
        if words[at].norm in firsts:  # the cheap test first: most words open no phrase
            size = starts(words, phrases, at)
            if size:
                return at, size
    return -1, 0


def is_only(words: Sequence[Word], phrases: Phrases) -> bool:
    """Whether the words are one of the phrases, nothing more ("we", «нам»)."""
    return bool(words) and starts(words, phrases) == len(words)


def _balanced_quotes(text: str) -> str:
    """Drop a quote mark or a closing bracket left without its pair when a frame or a tail
    was cut off."""
    if text.count('"') % 2:
        index = text.rfind('"') if text.rstrip(".").endswith('"') else text.find('"')
        text = text[:index] + text[index + 1 :]
    if ("«" in text) != ("»" in text):
        text = text.replace("«", "").replace("»", "")
    if text.rstrip(".").endswith(")") and text.count(")") > text.count("("):
        index = text.rfind(")")  # "… such projects.)" with its "(" cut off
        text = text[:index] + text[index + 1 :]
    return " ".join(text.split())


def finish(words: Sequence[Word]) -> str:
    """The item as text: a capital first letter, no dangling punctuation, a full stop."""
    text = "".join(w.text + w.space for w in words)
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(text.split())))
    text = _END.sub("", _balanced_quotes(text)).strip(" \"'")
    if not text:
        return ""
    first = next((i for i, c in enumerate(text) if c.isalnum()), 0)
    text = text[:first] + text[first].upper() + text[first + 1 :]
    closed = text[-1] in '»")”’' and text[-2:-1] in (".", "!", "?")
    return text if text[-1] in ".!?…" or closed else text + "."
