"""``cue_ruler``: marks proposal cues and blocking markers as spans, from the cue lexicon.

Modelled on spaCy's ``span_ruler``: the patterns are data (``data/cues_*.yaml``), matched
with ``PhraseMatcher(attr="LEMMA")`` so one base form finds every inflection, and the
result lands in ``doc.spans["cues"]`` labelled by category (``directive``, ``obligation``,
…) or marker (``past_markers``, ``rule_markers``, …) for the detector to weigh.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import Lexicon, default_lexicon, read_lexicon

CUES_KEY = "cues"


@Language.factory("cue_ruler", default_config={"lexicon_path": None})
def make_cue_ruler(nlp: Language, name: str, lexicon_path: str | None) -> CueRuler:
    lexicon = read_lexicon(Path(lexicon_path)) if lexicon_path else default_lexicon(nlp.lang)
    return CueRuler(nlp, name, lexicon)


def lemmatize_phrases(nlp: Language, phrases: list[str], until: str | None = None) -> list[Doc]:
    """Run the components before ``until`` over phrases, so patterns get the text's lemmas.

    Only what comes before the matcher may run: a later component (the trained classifier)
    may not be loaded yet when a saved pipeline restores its patterns.
    """
    docs = [nlp.make_doc(p) for p in phrases]
    for name, proc in nlp.pipeline:
        if name == until:
            break
        docs = [proc(doc) for doc in docs]
    return docs


class CueRuler:
    """Finds every cue and marker of the lexicon in a ``Doc``."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.nlp = nlp
        self.set_lexicon(lexicon)

    def set_lexicon(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.by_lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.by_text = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for label, phrases in lexicon.phrases.items():
            if phrases:
                self.by_lemma.add(label, lemmatize_phrases(self.nlp, list(phrases), self.name))
        for label, phrases in lexicon.exact.items():
            if phrases:
                self.by_text.add(label, [self.nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            Span(doc, start, end, label=key)
            for matcher in (self.by_lemma, self.by_text)
            for key, start, end in matcher(doc)
        ]
        # the longest phrase wins within one label ("there is a need" over "need")
        kept: list[Span] = []
        for label in {s.label_ for s in spans}:
            kept.extend(filter_spans([s for s in spans if s.label_ == label]))
        doc.spans[CUES_KEY] = sorted(kept, key=lambda s: (s.start, s.end))
        return doc

    def to_bytes(self, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps(self.lexicon.to_dict())

    def from_bytes(self, data: bytes, exclude: tuple = ()) -> CueRuler:
        self.set_lexicon(Lexicon.from_dict(srsly.msgpack_loads(data)))
        return self

    def to_disk(self, path: Any, exclude: tuple = ()) -> None:
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: Any, exclude: tuple = ()) -> CueRuler:
        return self.from_bytes(Path(path).read_bytes())
