"""``route_learner``: a trained model re-routes the proposals the rules route by inference.

Why (docs/classification.md, "Session 17" and "Session 18: the route model"): the router's
rules were read off the sets of one annotator and carry over to sets written by other hands at
0.60–0.72 route right; one-vs-rest logistic regressions over the document types, trained on
every labelled set and measured by leaving one set out, gain +0.01 … +0.07 on every fresh
hand's set. A route the proposal names, and a procedural item's (none), stay the rules'.

The model reads what the value model reads of a unit (:func:`toolkit.nlp.learned.unit_features`:
its content words, the rules' values, the router's decision and cues, the meeting's addressee
and setting) and what only extraction knows (:func:`context_features`: the route after the
meeting's audience and the speaker's level, and those two). The first part is scored here in
the pipeline, a batch per call; :mod:`toolkit.extract.note` adds the second once it knows the
speaker (:meth:`RouteLearner.route`). The model replaces the rules' route only when its best
type is at least the model's ``threshold`` (the margin, chosen by leaving one set out) more
probable than the rules' route.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .learned import (
    MEETING,
    RULE_ROUTE,
    UNIT_COLUMNS_KEY,
    DocSignals,
    LinearModel,
    ValueLearner,
    fit_linear,
)
from .learned import proposal_units as _proposal_units
from .route import route_decisions

#: ``doc.user_data`` key of each free unit's raw scores from its own features (bias included).
SCORES_KEY = "tk_route_scores"
#: The basis of a route the rules inferred: the only ones the model may change.
INFERRED = "inferred"
#: The prefix of extraction's final route among the features (``r:final:state-programme``).
FINAL = RULE_ROUTE + "final:"
#: The margins ``toolkit train`` chooses from, on the leave-one-set-out figures.
MARGINS = (0.0, 0.1, 0.2, 0.3)


def free(route: str | None, basis: str | None) -> bool:
    """A unit the rules route by inference: the model's to decide."""
    return basis == INFERRED and route is not None


def context_features(
    route: str | None, basis: str | None, audience: str | None, level: str | None
) -> list[str]:
    """What the model reads beyond the unit: the rules' final route and its basis (after the
    meeting's audience and the speaker's level), the audience and the speaker's level."""
    found = [f"{FINAL}{route or '-'}", f"{FINAL}{basis}"]
    found += [f"{MEETING}audience:{audience}"] if audience else []
    found += [f"{MEETING}level:{level}"] if level else []
    return found


def train_routes(
    units: Sequence[Sequence[str]], gold: Sequence[str], margin: float, *, min_count: int = 2
) -> LinearModel:
    """A route model fitted on featurised free units (their own and :func:`context_features`)
    and their gold routes: features seen in at least ``min_count`` units, one output per
    document type the gold gives; ``margin`` is kept as the model's ``threshold``."""
    counts = Counter(f for unit in units for f in set(unit))
    features = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(features)}
    outputs = sorted(set(gold))
    y = numpy.array([[g == o for o in outputs] for g in gold], dtype=float)
    rows = [[index[f] for f in unit if f in index] for unit in units]
    weights, bias = fit_linear(rows, len(features), y.reshape(len(gold), len(outputs)))
    return LinearModel(features, outputs, weights, bias, margin)


def chosen(model: LinearModel, probabilities: Sequence[float], route: str) -> str:
    """The model's best type when it beats the rules' ``route`` by the margin, else ``route``
    (ties: the first type)."""
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    outputs = model.outputs
    held = probabilities[outputs.index(route)] if route in outputs else 0.0
    return outputs[best] if probabilities[best] - held >= model.threshold else route


@Language.factory(
    "route_learner",
    requires=["doc.spans", "token.lemma"],
    assigns=[],
    default_config={},
)
def make_route_learner(nlp: Language, name: str) -> RouteLearner:
    return RouteLearner(nlp, name)


class RouteLearner(ValueLearner):
    """Scores each free proposal unit's own features (``doc.user_data["tk_route_scores"]``);
    :meth:`route` adds extraction's reading of the meeting and decides. Loaded like the value
    model (``from_disk``: one line naming the file when it is missing or broken)."""

    WHAT = "route model"
    #: the value model's column -> this model's (-1: none), when following it (:meth:`follow`)
    translate: numpy.ndarray | None = None

    def __init__(self, nlp: Language, name: str = "route_learner") -> None:
        super().__init__(nlp, name)
        #: the summed weights of each reading of the meeting met (:meth:`route`)
        self.contexts: dict[tuple[str, ...], list[float]] = {}

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> RouteLearner:
        super().from_disk(path, exclude)
        self.contexts = {}
        self.translate = None  # columns translated for the old model's features: its own again
        return self

    def _label(self, docs: list[Doc]) -> list[Doc]:
        model = self.model
        if model is None:
            return docs
        found: list[tuple[Doc, list[tuple[int, int]]]] = []
        rows: list[list[int]] = []
        translate = self.translate
        for doc in docs:
            if translate is not None:  # the value learner's columns of each unit, translated
                kept = doc.user_data.pop(UNIT_COLUMNS_KEY, None) or {}
                routes = route_decisions(doc) if kept else {}
                units = [u for u in kept if free(*routes.get(u, (None, None)))]
                for unit in units:
                    columns = translate[kept[unit]]
                    rows.append(columns[columns >= 0].tolist())
            else:
                units = _proposal_units(doc)
                if units:  # most blocks hold no proposal: nothing more to read there
                    signals = DocSignals(doc)
                    routes = signals.routes
                    units = [u for u in units if free(*routes.get(u, (None, None)))]
                    rows.extend(self._columns(doc, start, end, signals) for start, end in units)
            found.append((doc, units))
        if rows:  # the units' sums of their columns' weights, one call for the batch
            starts = list(accumulate(map(len, rows[:-1]), initial=0))
            cols = numpy.fromiter(chain.from_iterable(rows), dtype=numpy.int64)
            scores = iter(numpy.add.reduceat(model.table[cols], starts, axis=0).tolist())
        for doc, units in found:
            doc.user_data[SCORES_KEY] = {unit: next(scores) for unit in units}
        return docs

    def follow(self, values: ValueLearner) -> None:
        """Read each unit's columns off the pipeline's value learner, which has just worked
        them out for its own model (``values.keep_columns``), when every feature of a unit
        this model knows is one the value model knows too: the same columns then, translated
        (``self.translate``), at a fraction of the work. Otherwise the model's own."""
        self.translate = None
        values.keep_columns = False
        mine, theirs = self.model, values.model
        if mine is None or theirs is None:
            return
        context = (FINAL, f"{MEETING}audience:", f"{MEETING}level:")
        own = [f for f in mine.features if not f.startswith(context)]
        if not all(f in theirs.index for f in own):
            return
        translate = numpy.full(len(theirs.features) + 1, -1, dtype=numpy.int64)
        for i, feature in enumerate(theirs.features):
            translate[i] = mine.index.get(feature, -1)
        translate[-1] = len(mine.features)  # the bias
        self.translate = translate
        values.keep_columns = True

    def route(self, doc: Doc, bounds: tuple[int, int], route: str, context: list[str]) -> str:
        """The route of the free unit ``bounds`` of ``doc`` whose rules' final route is
        ``route`` and extraction's reading :func:`context_features` ``context``. Plain floats:
        for six types numpy's calls cost more than the sums."""
        model = self.model
        z = doc.user_data.get(SCORES_KEY, {}).get(bounds)
        if model is None or z is None:
            return route
        key = tuple(context)
        added = self.contexts.get(key)
        if added is None:
            columns = [model.index[f] for f in context if f in model.index]
            added = self.contexts[key] = model.table[columns].sum(axis=0).tolist()
        probabilities = [1.0 / (1.0 + math.exp(-(a + b))) for a, b in zip(z, added, strict=True)]
        return chosen(model, probabilities, route)


def route_learner(nlp: Language) -> RouteLearner | None:
    """The pipeline's ``route_learner``, if it has one with a model."""
    if "route_learner" not in nlp.pipe_names:
        return None
    learner = nlp.get_pipe("route_learner")
    return learner if learner.model is not None else None


def load_route_learner(nlp: Language, folder: Path) -> RouteLearner:
    """Add the ``route_learner`` with the model of ``folder`` to ``nlp``."""
    learner = nlp.add_pipe("route_learner")
    learner.from_disk(folder)
    if "value_learner" in nlp.pipe_names:
        learner.follow(nlp.get_pipe("value_learner"))
    return learner
