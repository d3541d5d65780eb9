"""``planning_router``: the ONE planning document type each sentence belongs in.

docs/classification.md describes the conventions.

The rule, in order:

1. a document type the sentence names (``doc.spans["targets"]`` from ``profile_matcher``) is
   its route, ``named`` (several named: the last, where the content is usually put; a strategy
   named together with a municipal actor is the municipal strategy);
2. a procedural item (the forum's own next steps, ``procedural`` in ``classify_<lang>.yaml``)
   has none;
3. otherwise the route is ``inferred``: each document type scores its ``actors`` (who acts:
   municipalities, federal bodies; worth :data:`ACTOR_WEIGHT` near the start of the sentence,
   where the addressee stands, :data:`FAR_ACTOR_WEIGHT` elsewhere), its ``addressees`` (who is
   asked to act only when they open the sentence: "Studios should …"; elsewhere a business is
   a beneficiary and says nothing of the document) and its ``measures`` (kinds of measure, one
   each); the highest score wins, ties going to the earlier type of :data:`PREFERENCE`; a
   sentence with no cue at all gets :data:`DEFAULT_ROUTE`, where most measures go.

Cues land in ``doc.spans["tk_route_cues"]`` (labels ``actor:<id>``, ``addressee:<id>``,
``measure:<id>``, ``procedural``); decisions in ``doc.spans["tk_routes"]``: one span per
sentence, and one over
the whole block when it has several sentences (a rapporteur's list item is one proposal),
labelled with the route id (``-`` for none) and with ``named``/``inferred`` in ``span.id_``.
Patterns travel with the pipeline like ``profile_matcher``'s.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..profile import Profile
from .classify import classify_words
from .patterns import PatternComponent

CUES_KEY = "tk_route_cues"
ROUTES_KEY = "tk_routes"
NONE = "-"
PATTERN_KINDS = ("actor", "addressee", "measure", "procedural")
#: An actor among the first tokens of the sentence is its addressee ("Municipalities should").
NEAR_START = 4
ACTOR_WEIGHT = 2.0
FAR_ACTOR_WEIGHT = 0.75
MEASURE_WEIGHT = 1.0
ACTOR_KINDS = ("actor", "addressee")
DEFAULT_ROUTE = "state-programme"
#: Ties go to the more specific document: who acts first, then rules before money.
PREFERENCE = (
    "federal-level",
    "municipal-strategy",
    "territorial-planning",
    "regional-law",
    "state-programme",
    "strategy-action-plan",
    "socio-economic-forecast",
    "regional-strategy",
)


@Language.factory(
    "planning_router",
    requires=["token.lemma", "doc.spans"],
    assigns=["doc.spans"],
    default_config={},
)
def make_planning_router(nlp: Language, name: str) -> PlanningRouter:
    return PlanningRouter(nlp, name)


def route_of(named: list[str], cues: list[tuple[str, str, int]]) -> tuple[str | None, str | None]:
    """``(route, basis)`` from the named types (in order) and ``(kind, label, offset)`` cues."""
    actors = {label for kind, label, offset in cues if kind in ACTOR_KINDS and offset < NEAR_START}
    if named:
        route = named[-1]
        if route == "regional-strategy" and "municipal-strategy" in actors:
            route = "municipal-strategy"
        return route, "named"
    if any(kind == "procedural" for kind, _, _ in cues):
        return None, None
    scores: Counter = Counter()
    for kind, label, offset in cues:
        if kind in ACTOR_KINDS:
            far = FAR_ACTOR_WEIGHT if kind == "actor" else 0.0
            scores[label] += ACTOR_WEIGHT if offset < NEAR_START else far
        else:
            scores[label] += MEASURE_WEIGHT
    if not scores:
        return DEFAULT_ROUTE, "inferred"
    rank = {route: i for i, route in enumerate(PREFERENCE)}
    return max(scores, key=lambda r: (scores[r], -rank.get(r, len(rank)))), "inferred"


class PlanningRouter(PatternComponent):
    """Routes each sentence of a ``Doc`` to one planning document type, or none."""

    KINDS = PATTERN_KINDS

    def clear(self) -> None:
        super().clear()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")

    def _add(self, pattern: dict[str, Any], words: Doc) -> None:
        self.matcher.add(f"{pattern['kind']}:{pattern['label']}", [words])

    def __call__(self, doc: Doc) -> Doc:
        cues = sorted(
            (Span(doc, s, e, label=key) for key, s, e in self.matcher(doc)),
            key=lambda span: (span.start, span.end),
        )
        doc.spans[CUES_KEY] = cues
        targets = sorted((s.start, s.label_) for s in doc.spans.get("targets", []))
        units = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        if len(units) > 1:
            units.append(doc[:])
        routes = []
        for unit in units:
            named = [label for start, label in targets if unit.start <= start < unit.end]
            found = [
                (*cue.label_.split(":", 1), cue.start - unit.start)
                for cue in cues
                if unit.start <= cue.start and cue.end <= unit.end
            ]
            route, basis = route_of(named, [(k, label, off) for k, label, off in found])
            span = Span(doc, unit.start, unit.end, label=route or NONE)
            span.id_ = basis or ""
            routes.append(span)
        doc.spans[ROUTES_KEY] = routes
        return doc


def routing_patterns(profile: Profile, lang: str) -> list[dict[str, Any]]:
    """The router's patterns for ``lang``: documents' actors, addressees and measures,
    procedural phrases."""
    patterns = []
    for document in profile.documents.values():
        for kind in ("actors", "addressees", "measures"):
            for phrase in dict.fromkeys(getattr(document, kind).get(lang, ())):
                patterns.append({"kind": kind[:-1], "label": document.id, "pattern": phrase})
    for phrase in dict.fromkeys(classify_words(lang)["procedural"]):
        patterns.append({"kind": "procedural", "label": "procedural", "pattern": phrase})
    return patterns
