"""Sentence boundaries for notes: abbreviations and initials do not end a sentence.

Each note block (paragraph, list item, heading) is its own ``Doc``, so list items and
headings are never merged with their neighbours; inside a block this component splits on
terminal punctuation and caps run-on sentences (a pasted transcript with no full stops).
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset(".!?…")
_CLOSERS = frozenset("\"'»”’)]")
_SOFT_BREAKS = frozenset({",", ";", ":", "—", "–"})


@Language.factory(
    "notes_sentencizer",
    default_config={"abbreviations": [], "max_tokens": 120},
    assigns=["token.is_sent_start", "doc.sents"],
)
def make_notes_sentencizer(
    nlp: Language, name: str, abbreviations: list[str], max_tokens: int
) -> NotesSentencizer:
    return NotesSentencizer(name, abbreviations, max_tokens)


class NotesSentencizer:
    """Rule-based sentence splitter configured by a list of abbreviations."""

    def __init__(self, name: str, abbreviations: list[str], max_tokens: int = 120) -> None:
        self.name = name
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)
        self.max_tokens = max_tokens

    def _ends_sentence(self, texts: list[str], i: int) -> bool:
        text = texts[i]
        if not text or not set(text) <= _ENDERS:
            # a token like "г." or "e.g." keeps its full stop inside: never an end
            return False
        if text == "." and i > 0:
            previous = texts[i - 1]
            stem = previous.lower().rstrip(".")
            if stem in self.abbreviations or (
                len(previous) == 1 and previous.isalpha() and previous.isupper()
            ):
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        length = len(doc)
        if length == 0:
            return doc
        strings = doc.vocab.strings
        texts = [strings[h] for h in doc.to_array(ORTH).tolist()]
        starts = [-1] * length  # spaCy's SENT_START: 1 starts a sentence, -1 does not
        starts[0] = 1
        since = 0
        i = 0
        while i < length:
            since += 1
            if self._ends_sentence(texts, i):
                j = i + 1
                while j < length and (texts[j] in _CLOSERS or set(texts[j]) <= _ENDERS):
                    j += 1
                if j < length and _starts_like_sentence(texts[j]):
                    starts[j] = 1
                    since = 0
                i = j
                continue
            if (
                since >= self.max_tokens
                and i + 1 < length
                and (texts[i] in _SOFT_BREAKS or since >= self.max_tokens * 2)
            ):
                starts[i + 1] = 1
                since = 0
            i += 1
        doc.from_array(
            [SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1)
        )
        return doc

    def to_bytes(self, exclude: tuple = ()) -> bytes:
        import srsly

        return srsly.msgpack_dumps(
            {"abbreviations": sorted(self.abbreviations), "max_tokens": self.max_tokens}
        )

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> NotesSentencizer:
        import srsly

        cfg = srsly.msgpack_loads(data)
        self.abbreviations = frozenset(cfg["abbreviations"])
        self.max_tokens = cfg["max_tokens"]
        return self

    def to_disk(self, path, exclude: tuple = ()) -> None:
        from pathlib import Path

        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path, exclude: tuple = ()) -> NotesSentencizer:
        from pathlib import Path

        return self.from_bytes(Path(path).read_bytes())


def _starts_like_sentence(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in "«\"“'(—–-[*•"
