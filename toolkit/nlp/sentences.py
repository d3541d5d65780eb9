"""Sentence boundaries for notes: abbreviations and initials do not end a sentence.

Each note block (paragraph, list item, heading) is its own ``Doc``, so list items and
headings are never merged with their neighbours; inside a block this component splits on
terminal punctuation and caps run-on sentences (a pasted transcript with no full stops).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

from .arrays import FormColumn, form_column, token_arrays
from .batching import BatchedComponent

_ENDERS = frozenset(".!?…")
_ENDER_CHARS = "".join(sorted(_ENDERS))
_CLOSERS = frozenset("\"'»”’)]")
_SOFT_BREAKS = frozenset({",", ";", ":", "—", "–"})
_FULL_STOP = get_string_id(".")
_SENT_START = [SENT_START]
#: SENT_START -1 (inside a sentence) as the unsigned 64-bit value ``from_array`` reads
_INSIDE = 2**64 - 1


@Language.factory(
    "notes_sentencizer",
    default_config={"abbreviations": [], "max_tokens": 120},
    assigns=["token.is_sent_start", "doc.sents"],
)
def make_notes_sentencizer(
    nlp: Language, name: str, abbreviations: list[str], max_tokens: int
) -> NotesSentencizer:
    sentencizer = NotesSentencizer(name, abbreviations, max_tokens)
    sentencizer.column = form_column(nlp, _kind_of)  # the tokenizer works kinds out per form
    return sentencizer


class NotesSentencizer(BatchedComponent):
    """Rule-based sentence splitter configured by a list of abbreviations."""

    def __init__(self, name: str, abbreviations: list[str], max_tokens: int = 120) -> None:
        self.name = name
        self.set_abbreviations(abbreviations)
        self.max_tokens = max_tokens
        self.column: FormColumn | None = None

    def set_abbreviations(self, abbreviations: Iterable[str]) -> None:
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)
        self._abbreviated: dict[int, bool] = {}  # by ORTH hash: an abbreviation or initial

    def _ends_sentence(self, orths: list[int], strings: StringStore, i: int) -> bool:
        """Whether token ``i``, made of sentence-ending marks only, ends its sentence."""
        if orths[i] == _FULL_STOP and i > 0:
            abbreviated = self._abbreviated.get(orths[i - 1])
            if abbreviated is None:
                previous = strings[orths[i - 1]]
                abbreviated = previous.lower().rstrip(".") in self.abbreviations or (
                    len(previous) == 1 and previous.isalpha() and previous.isupper()
                )
                if len(self._abbreviated) < _MAX_KINDS:
                    self._abbreviated[orths[i - 1]] = abbreviated
            return not abbreviated
        return True

    def __call__(self, doc: Doc) -> Doc:
        length = len(doc)
        if length == 0:
            return doc
        arrays = token_arrays(doc)
        strings = doc.vocab.strings
        orths = arrays.orth
        flags = arrays.form(self.column)
        if flags is None:
            flags = list(map(_KINDS.get, orths))
            if None in flags:
                flags = [
                    _kind(strings[h], h) if f is None else f
                    for h, f in zip(orths, flags, strict=True)
                ]
        # spaCy's SENT_START: 1 starts a sentence, -1 (as the unsigned value from_array
        # reads) does not
        starts = [_INSIDE] * length
        starts[0] = 1
        if length < self.max_tokens:  # no run-on to cap: only the sentence-ending marks count
            self._split_at_ends(orths, strings, flags, starts)
        else:
            self._split(orths, strings, flags, starts)
        doc.from_array(_SENT_START, numpy.array(starts, dtype=numpy.uint64).reshape(-1, 1))
        arrays.set_sentence_starts(starts)
        return doc

    def _split(
        self, orths: list[int], strings: StringStore, flags: list[int], starts: list[int]
    ) -> None:
        """Mark in ``starts`` where sentences start: after an end, or in a long run-on."""
        length = len(flags)
        since = 0
        i = 0
        while i < length:
            since += 1
            flag = flags[i]
            # a token like "г." or "e.g." keeps its full stop inside: never an end
            if flag & _ENDER and self._ends_sentence(orths, strings, i):
                i, started = self._start_after(flags, starts, i)
                if started:
                    since = 0
                continue
            if (
                since >= self.max_tokens
                and i + 1 < length
                and (flag & _SOFT or since >= self.max_tokens * 2)
            ):
                starts[i + 1] = 1
                since = 0
            i += 1

    def _split_at_ends(
        self, orths: list[int], strings: StringStore, flags: list[int], starts: list[int]
    ) -> None:
        """:meth:`_split` for a doc shorter than ``max_tokens``: visits the ends only."""
        after = 0  # the ends before this were passed over with the marks after an end
        for i in [i for i, flag in enumerate(flags) if flag & _ENDER]:
            if i >= after and self._ends_sentence(orths, strings, i):
                after, _ = self._start_after(flags, starts, i)

    @staticmethod
    def _start_after(flags: list[int], starts: list[int], end: int) -> tuple[int, bool]:
        """Past the marks and closers after ``end``: a sentence starts there if the token
        looks like a start. The position after the marks, and whether one started."""
        j = end + 1
        length = len(flags)
        while j < length and flags[j] & (_CLOSER | _ENDER):
            j += 1
        started = j < length and bool(flags[j] & _STARTS)
        if started:
            starts[j] = 1
        return j, started

    def to_bytes(self, exclude: tuple = ()) -> bytes:
        import srsly

        return srsly.msgpack_dumps(
            {"abbreviations": sorted(self.abbreviations), "max_tokens": self.max_tokens}
        )

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> NotesSentencizer:
        import srsly

        cfg = srsly.msgpack_loads(data)
        self.set_abbreviations(cfg["abbreviations"])
        self.max_tokens = cfg["max_tokens"]
        return self

    def to_disk(self, path, exclude: tuple = ()) -> None:
        from pathlib import Path

        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path, exclude: tuple = ()) -> NotesSentencizer:
        from pathlib import Path

        return self.from_bytes(Path(path).read_bytes())


#: What a token's text can do here, as bits, by ORTH hash (worked out once per word form).
_ENDER, _CLOSER, _STARTS, _SOFT = 1, 2, 4, 8
_KINDS: dict[int, int] = {}
_MAX_KINDS = 200_000


def _kind(text: str, orth: int) -> int:
    kind = _kind_of(text)
    if len(_KINDS) < _MAX_KINDS:
        _KINDS[orth] = kind
    return kind


def _kind_of(text: str) -> int:
    """The bits of a word form, worked out once per new form (by the tokenizer, with its
    row): made of sentence-ending marks only (what stripping them leaves empty, in C: a set of
    its characters per form cost more), a closer, a sentence-like start, a soft break."""
    return (
        (_ENDER if text and not text.strip(_ENDER_CHARS) else 0)
        | (_CLOSER if text in _CLOSERS else 0)
        | (_STARTS if _starts_like_sentence(text) else 0)
        | (_SOFT if text in _SOFT_BREAKS else 0)
    )


def _starts_like_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in "«\"“'(—–-[*•"
