"""What ``profile_matcher`` and ``planning_router`` share: phrase patterns as data.

Modelled on spaCy's ``span_ruler``: a component starts empty, gets ``{"kind", "label",
"pattern"}`` records through :meth:`PatternComponent.add_patterns` (or spaCy's ``initialize``),
lemmatises each phrase once with the components before it, and saves the records with their
lemmas (``patterns.jsonl`` in ``nlp.to_disk``), so a loaded pipeline needs neither the profile
nor a second lemmatisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language

from .batching import BatchedComponent

PATTERNS_FILE = "patterns.jsonl"


class PatternComponent(BatchedComponent):
    """A pipeline component whose only state is its list of phrase patterns."""

    #: the ``kind`` values a subclass understands
    KINDS: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.clear()

    def clear(self) -> None:
        """Forget every pattern (an empty component tags nothing)."""
        self.patterns: list[dict[str, Any]] = []

    def _add(self, pattern: dict[str, Any], words: LemmaKeys) -> None:
        """Index one lemmatised pattern (``words``: its lemmas, see :func:`lemma_keys`)."""
        raise NotImplementedError

    def _added(self) -> None:
        """Called after each batch of patterns: derive what depends on all of them."""

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add ``{"kind", "label", "pattern"}`` records; lemmas are computed when missing."""
        patterns = [dict(p) for p in patterns]
        for number, pattern in enumerate(patterns, 1):
            if pattern.get("kind") not in self.KINDS or not pattern.get("label"):
                raise ValueError(
                    f"{self.name} pattern {number}: needs a 'label' and a 'kind' among "
                    f"{', '.join(self.KINDS)}"
                )
        missing = [p for p in patterns if not p.get("lemmas")]
        lemmas = phrase_lemmas(self.nlp, self.name, [p["pattern"] for p in missing])
        for pattern, found in zip(missing, lemmas, strict=True):
            pattern["lemmas"] = found
        for pattern in patterns:
            if pattern["lemmas"]:
                self._add(pattern, lemma_keys(self.nlp, pattern["lemmas"]))
                self.patterns.append(pattern)
        self._added()

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: Iterable[dict[str, Any]] | None = None,
    ) -> None:
        """spaCy's ``[initialize.components]`` hook: replace the patterns."""
        self.clear()
        self.add_patterns(patterns or [])

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self.patterns)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> PatternComponent:
        self.clear()
        self.add_patterns(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / PATTERNS_FILE, self.patterns)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PatternComponent:
        self.clear()
        self.add_patterns(srsly.read_jsonl(Path(path) / PATTERNS_FILE))
        return self


#: A pattern as ``PhraseMatcher(attr="LEMMA")`` keeps it: the hash of each word's lemma.
LemmaKeys = tuple[int, ...]


def lemma_keys(nlp: Language, lemmas: list[str]) -> LemmaKeys:
    """What a ``PhraseMatcher(attr="LEMMA")`` keeps of a ``Doc`` whose words are ``lemmas``,
    each its own lemma: the lemmas' hashes, which ``PhraseMatcher.add`` takes in place of the
    ``Doc`` (as spaCy itself does when it unpickles a matcher).

    A pipeline adds a few thousand patterns as it starts; a ``Doc`` for each, lemmas set,
    took a quarter of building a pipeline.
    """
    add = nlp.vocab.strings.add
    return tuple(add(lemma) for lemma in lemmas)


def phrase_lemmas(nlp: Language, name: str, phrases: list[str]) -> list[list[str]]:
    """Lemmas of each phrase, as the components before ``name`` in ``nlp`` lemmatise text.

    Only the components up to the one that sets lemmas run: detectors have nothing to say
    about a codebook phrase.
    """
    before = []
    for component, proc in nlp.pipeline:
        if component == name:
            break
        before.append(proc)
    found = []
    for phrase in phrases:
        doc = nlp.make_doc(phrase.strip())
        for proc in before:
            if doc.has_annotation("LEMMA"):
                break
            doc = proc(doc)
        found.append([token.lemma_ or token.lower_ for token in doc])
    return found
