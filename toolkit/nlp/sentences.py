"""Sentence boundaries for notes: abbreviations and initials do not end a sentence.

Each note block (paragraph, list item, heading) is its own ``Doc``, so list items and
headings are never merged with their neighbours; inside a block this component splits on
terminal punctuation and caps run-on sentences (a pasted transcript with no full stops).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset(".!?…")
_CLOSERS = frozenset("\"'»”’)]")
_SOFT_BREAKS = frozenset({",", ";", ":", "—", "–"})


@Language.factory(
    "notes_sentencizer",
    default_config={"abbreviations": [], "max_tokens": 120},
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

    def _ends_sentence(self, doc: Doc, i: int) -> bool:
        text = doc[i].text
        if not text or not set(text) <= _ENDERS:
            # a token like "г." or "e.g." keeps its full stop inside: never an end
            return False
        if text == "." and i > 0:
            previous = doc[i - 1].text
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
        starts = [False] * length
        starts[0] = True
        since = 0
        i = 0
        while i < length:
            since += 1
            if self._ends_sentence(doc, i):
                j = i + 1
                while j < length and (doc[j].text in _CLOSERS or set(doc[j].text) <= _ENDERS):
                    j += 1
                if j < length and _starts_like_sentence(doc[j].text):
                    starts[j] = True
                    since = 0
                i = j
                continue
            if (
                since >= self.max_tokens
                and i + 1 < length
                and (doc[i].text in _SOFT_BREAKS or since >= self.max_tokens * 2)
            ):
                starts[i + 1] = True
                since = 0
            i += 1
        for token, start in zip(doc, starts, strict=False):
            token.is_sent_start = start
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
