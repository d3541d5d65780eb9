"""One Doc's token attributes as plain lists, read once: what the rules walk instead of Tokens.

Building a ``Token`` per token and look-up cost the detector a third of its time; one
``Doc.to_array`` per doc gives the same attributes as string ids. Each ``to_array`` call costs
more than reading a short block's tokens, so the components after the sentencizer (none of
which changes a token) share one read per doc: :func:`token_arrays`. The components that set
token attributes call :func:`forget` first.
"""

from __future__ import annotations

import weakref

from spacy.attrs import (
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    SPACY,
)
from spacy.tokens import Doc

#: The token attributes the rules read, one ``Doc.to_array`` per doc instead of a ``Token``
#: object per token and look-up (``doc.text`` and ``doc.sents`` walk every token too).
_COLUMNS = [ORTH, LOWER, LEMMA, IS_ALPHA, IS_PUNCT, IS_SPACE, POS, MORPH, SPACY, SENT_START]
#: Morphological features by ``MORPH`` hash: ``{"Case": "Dat", …}``, shared by every doc.
_FEATURES: dict[int, dict[str, str]] = {}


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` of each of ``doc.sents``, or of the whole doc when no sentences are
    set, read from one array instead of a ``Span`` per sentence (an empty doc has none)."""
    shared = _shared(doc)
    if shared is not None:
        return shared.sentences()
    length = len(doc)
    if length < 2:
        return [(0, length)] if length else []
    flags = doc.to_array(SENT_START).tolist()  # a few dozen tokens: lists beat numpy here
    starts = [0, *(i for i in range(1, length) if flags[i] == 1)]
    return list(zip(starts, [*starts[1:], length], strict=True))


class TokenArrays:
    """One Doc's token attributes as lists of string ids, read once with ``Doc.to_array``,
    and where its sentences start (``doc.sents`` walks every token in Python)."""

    __slots__ = (
        *("alpha", "is_space", "lemma", "length", "lower", "morph", "orth", "pos", "punct"),
        *("sentence_starts", "space", "strings"),
    )

    def __init__(self, doc: Doc) -> None:
        self.strings = doc.vocab.strings
        self.length = len(doc)
        if not self.length:
            self.sentence_starts: list[int] = []
            self.orth = self.lower = self.lemma = self.alpha = self.punct = self.is_space = []
            self.pos = self.morph = self.space = []
            return
        columns = doc.to_array(_COLUMNS).T.tolist()
        self.orth, self.lower, self.lemma, self.alpha, self.punct, self.is_space = columns[:6]
        self.pos, self.morph, self.space, flags = columns[6:]
        self.sentence_starts = [0, *(i for i in range(1, self.length) if flags[i] == 1)]

    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` token positions of each sentence."""
        starts = self.sentence_starts
        return list(zip(starts, [*starts[1:], self.length][: len(starts)], strict=True))

    def text_of(self, start: int, end: int) -> str:
        """The text of tokens ``start``..``end``, without the last one's trailing space."""
        strings, orth, space = self.strings, self.orth, self.space
        last = end - 1
        return "".join(
            strings[orth[i]] + " " if space[i] and i < last else strings[orth[i]]
            for i in range(start, end)
        )

    def word(self, i: int) -> str:
        return self.strings[self.orth[i]]

    def feature(self, i: int, name: str) -> str | None:
        """The value of morphological feature ``name`` of token ``i`` ("Dat" for ``Case``)."""
        key = self.morph[i]
        features = _FEATURES.get(key)
        if features is None:
            text = self.strings[key] if key else ""
            features = dict(f.split("=", 1) for f in text.split("|") if "=" in f)
            _FEATURES[key] = features
        return features.get(name)


#: Each doc's arrays once read, by the doc's ``id``, for as long as the doc lives (a batch of
#: docs waits for the trained classifier after the other components ran); a weak reference
#: with a callback drops them with the doc, so a later doc with the same ``id`` finds none.
_SHARED: dict[int, tuple[TokenArrays, weakref.ref]] = {}


def _shared(doc: Doc) -> TokenArrays | None:
    found = _SHARED.get(id(doc))
    if found is None or found[1]() is not doc or found[0].length != len(doc):
        return None
    return found[0]


def token_arrays(doc: Doc) -> TokenArrays:
    """``doc``'s :class:`TokenArrays`, read once and shared until :func:`forget`."""
    arrays = _shared(doc)
    if arrays is None:
        key = id(doc)
        arrays = TokenArrays(doc)
        _SHARED[key] = (arrays, weakref.ref(doc, lambda _: _SHARED.pop(key, None)))
    return arrays


def forget(doc: Doc) -> None:
    """Drop ``doc``'s shared arrays: a component is about to change its tokens' attributes."""
    _SHARED.pop(id(doc), None)
