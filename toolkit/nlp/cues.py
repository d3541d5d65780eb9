"""``cue_ruler``: marks proposal cues and blocking markers as spans, from the cue lexicon.

Modelled on spaCy's ``span_ruler``: the factory builds an empty ruler; the patterns are the
cue lexicon (``data/cues_*.yaml``), given through ``set_lexicon`` or ``initialize`` and saved
with the pipeline (:class:`~toolkit.nlp.lexicon.LexiconComponent`). Phrases are matched with
``PhraseMatcher(attr="LEMMA")`` so one base form finds every inflection, and the result lands
in ``doc.spans["cues"]`` labelled by category (``directive``, ``obligation``, …) or marker
(``past_markers``, ``rule_markers``, …) for the detector to weigh; the components after it
read the same cues as :class:`Cue` tuples (:func:`doc_cues`).
"""

from __future__ import annotations

from functools import partial
from operator import itemgetter
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import ExtractError
from .arrays import filter_bounds, keep, kept, set_group, token_arrays
from .lexicon import Lexicon, LexiconComponent

CUES_KEY = "cues"
_BOUNDS = itemgetter(0, 1)


class Cue(NamedTuple):
    """A cue as the rules read it: a ``Span``'s ``start``, ``end`` and ``label_``."""

    start: int
    end: int
    label_: str


#: ``Cue(start, end, label)`` from a tuple of the three, without the named tuple's Python-level
#: ``__new__`` (a tenth of its cost)
_new_cue = partial(tuple.__new__, Cue)


def doc_cues(doc: Doc) -> tuple[Cue, ...]:
    """The ``cue_ruler``'s cues of ``doc`` (``doc.spans["cues"]``) as :class:`Cue` tuples."""
    found = kept(doc, CUES_KEY)
    if found is None:
        found = tuple(Cue(s.start, s.end, s.label_) for s in doc.spans.get(CUES_KEY, []))
    return found


@Language.factory(
    "cue_ruler",
    default_config={},
    requires=["token.lemma"],
    assigns=["doc.spans"],
)
def make_cue_ruler(nlp: Language, name: str) -> CueRuler:
    return CueRuler(nlp, name)


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


def require_lemmas(doc: Doc, name: str) -> None:
    """Our message instead of spaCy's E155 (or silence) when nothing before ``name`` lemmatises.

    The lemmas the lemmatisers hand on in the token arrays are read first: a lemma there is
    one they set on the doc (spaCy's ``has_annotation`` walks the tokens in a generator)."""
    if len(doc) and not any(token_arrays(doc).lemma) and not doc.has_annotation("LEMMA"):
        raise ExtractError(
            f"'{name}' matches cues by lemma, but no component before it sets lemmas; "
            "add 'ru_morph', 'en_lemma' or a trained lemmatizer before it"
        )


class CueRuler(LexiconComponent):
    """Finds every cue and marker of the lexicon in a ``Doc``."""

    def set_lexicon(self, lexicon: Lexicon, known: dict[str, list[str]] | None = None) -> None:
        """Index the lexicon's phrases; ``known`` holds lemmas worked out before (the shipped
        table, ``data/pattern_lemmas.json``), the others are lemmatised now."""
        self.lexicon = lexicon
        self.by_lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.by_text = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for label, phrases in lexicon.phrases.items():
            if phrases:
                self.by_lemma.add(label, self._lemma_docs(list(phrases), known or {}))
        for label, phrases in lexicon.exact.items():
            if phrases:
                self.by_text.add(label, [self.nlp.make_doc(p) for p in phrases])

    def _lemma_docs(self, phrases: list[str], known: dict[str, list[str]]) -> list[Doc]:
        missing = [p for p in phrases if p not in known]
        made = dict(zip(missing, lemmatize_phrases(self.nlp, missing, self.name), strict=True))
        if missing:
            require_lemmas(made[missing[0]], self.name)
        vocab = self.nlp.vocab
        return [
            made[p] if p in made else Doc(vocab, words=known[p], lemmas=known[p]) for p in phrases
        ]

    def __call__(self, doc: Doc) -> Doc:
        require_lemmas(doc, self.name)
        by_label: dict[int, list[tuple[int, int, int]]] = {}
        for matcher in (self.by_lemma, self.by_text):
            for key, start, end in matcher(doc):
                by_label.setdefault(key, []).append((start, end, key))
        # the longest phrase wins within one label ("there is a need" over "need")
        found = [span for spans in by_label.values() for span in filter_bounds(spans)]
        found.sort(key=_BOUNDS)
        strings = doc.vocab.strings
        group = set_group(doc, CUES_KEY, [Span(doc, s, e, label=key) for s, e, key in found])
        keep(doc, CUES_KEY, tuple([_new_cue((s, e, strings[key])) for s, e, key in found]), group)
        return doc
