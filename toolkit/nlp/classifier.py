"""``proposal_classifier``: a trained model re-scores every unit the rules judged.

What a proposal is: docs/proposals.md.

The rules (``proposal_detector``) are precise on tidy notes and blind to much of live
speech; this ``TrainablePipe`` learns from annotated real transcripts how far to trust them.
It reads the rules' verdicts from ``doc.spans["proposal_units"]``, scores each unit with a
sparse linear model over hashed features (:mod:`toolkit.nlp.features`) and writes the
final ``scores`` back into the group's attrs and the proposals into ``doc.spans["proposals"]``.
What the rules are sure of stays theirs: items under a proposals heading remain proposals,
and units the rules block as questions or meeting talk stay blocked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain as chained
from itertools import islice
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span, SpanGroup
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Logistic, Model, Optimizer, SparseLinear, chain
from thinc.types import Floats2d

from .arrays import Bounds, block_place, get_group, kept, set_group
from .cues import doc_cues
from .detector import MARKED_SCORE, PROPOSALS_KEY, UNITS_KEY
from .features import doc_unit_features

#: The reasons after which the rules' "no" is final, whatever the words suggest.
DEFAULT_BLOCKERS = ("question", "meeting talk")
BLOCKED_SCORE = 0.1


@registry.architectures("toolkit.UnitScorer.v1")
def build_unit_scorer(length: int = 2**18) -> Model[list[list[int]], Floats2d]:
    """Hashed feature keys of each unit → one probability: logistic regression."""
    return chain(_ragged_keys(), SparseLinear(nO=1, length=length), Logistic())


def _ragged_keys() -> Model:
    def forward(model: Model, units: list[list[int]], is_train: bool):
        lengths = numpy.asarray(list(map(len, units)), dtype="int32")
        flat = list(chained.from_iterable(units))
        keys = numpy.asarray(flat, dtype="uint64")
        values = numpy.ones(len(flat), dtype="float32")
        return (keys, values, lengths), lambda d: units

    return Model("ragged_keys", forward)


DEFAULT_MODEL = {"@architectures": "toolkit.UnitScorer.v1", "length": 2**18}


@Language.factory(
    "proposal_classifier",
    default_config={
        "model": DEFAULT_MODEL,
        "threshold": 0.5,
        "blockers": list(DEFAULT_BLOCKERS),
    },
    # verb-form features read token.morph where the language sets it (Russian); English
    # sets none and its units simply carry no verb-form keys, so morph is not required
    requires=["doc.spans", "token.lemma"],
    assigns=["doc.spans"],
)
def make_proposal_classifier(
    nlp: Language, name: str, model: Model, threshold: float, blockers: list[str]
) -> ProposalClassifier:
    return ProposalClassifier(nlp.vocab, model, name, threshold=threshold, blockers=blockers)


class ProposalClassifier(TrainablePipe):
    """Scores the units of ``doc.spans["proposal_units"]``; trained with :meth:`update`."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "proposal_classifier",
        *,
        threshold: float = 0.5,
        blockers: Iterable[str] = DEFAULT_BLOCKERS,
    ) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {"threshold": threshold, "blockers": list(blockers)}

    @property
    def threshold(self) -> float:
        return float(self.cfg["threshold"])

    # ------------------------------------------------------------------ features

    @staticmethod
    def units(doc: Doc) -> SpanGroup:
        """The units the rules judged in ``doc``, with their verdicts in ``attrs``."""
        return _units(doc)

    @staticmethod
    def features(doc: Doc) -> list[list[int]]:
        """Hashed features of every unit the rules judged in ``doc``."""
        group = _units(doc)
        return doc_unit_features(
            doc,
            _unit_bounds(doc, group),
            group.attrs["rule_scores"],
            group.attrs["reasons"],
            doc_cues(doc),
        )

    def score_features(self, units: list[list[int]]) -> list[float]:
        """Probabilities for units already featurised (training caches features)."""
        if not units:
            return []
        return self.model.predict(units)[:, 0].tolist()

    # ------------------------------------------------------------------ pipeline

    def predict(self, docs: Iterable[Doc]) -> list[list[float]]:
        """Every unit of the batch scored in one model call (a call per block cost more)."""
        featurised = [self.features(doc) for doc in docs]
        scores = iter(self.score_features(list(chained.from_iterable(featurised))))
        return [list(islice(scores, len(units))) for units in featurised]

    def set_annotations(self, docs: Iterable[Doc], scores: list[list[float]]) -> None:
        blockers = set(self.cfg["blockers"])
        threshold = self.threshold
        for doc, probabilities in zip(docs, scores, strict=True):
            group = _units(doc)
            section, kind, _, _ = block_place(doc)
            marked = section == "proposals" and kind == "item"
            final = []
            for probability, reasons in zip(probabilities, group.attrs["reasons"], strict=True):
                if marked:
                    final.append(max(probability, MARKED_SCORE))
                elif blockers.intersection(reasons):
                    final.append(min(probability, BLOCKED_SCORE))
                else:
                    final.append(round(probability, 4))
            group.attrs["scores"] = final
            group.attrs["threshold"] = threshold
            proposals = [
                Span(doc, start, end)
                for (start, end), score in zip(_unit_bounds(doc, group), final, strict=True)
                if score >= threshold
            ]
            set_group(doc, PROPOSALS_KEY, proposals)

    # ------------------------------------------------------------------ training

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        self.model.initialize()

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        """One step on examples whose reference docs mark gold units in ``spans["proposals"]``.

        The predicted docs must have run through the rules already (``proposal_units``).
        """
        units: list[list[int]] = []
        gold: list[float] = []
        for example in examples:
            truth = {
                (s.start_char, s.end_char) for s in example.reference.spans.get(PROPOSALS_KEY, [])
            }
            doc = example.predicted
            units.extend(self.features(doc))
            gold.extend(1.0 if (u.start_char, u.end_char) in truth else 0.0 for u in _units(doc))
        return self.update_features(units, gold, sgd=sgd, losses=losses)

    def update_features(
        self,
        units: list[list[int]],
        gold: list[float],
        *,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        """A gradient step on featurised units and their 0/1 labels (log loss)."""
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        if not units:
            return losses
        predicted, backprop = self.model.begin_update(units)
        truth = numpy.asarray(gold, dtype="float32").reshape(-1, 1)
        backprop((predicted - truth) / len(units))
        eps = 1e-7
        loss = -numpy.mean(
            truth * numpy.log(predicted + eps) + (1 - truth) * numpy.log(1 - predicted + eps)
        )
        losses[self.name] += float(loss)
        if sgd is not None:
            self.finish_update(sgd)
        return losses


def _unit_bounds(doc: Doc, group: SpanGroup) -> list[Bounds]:
    """Where each unit of ``group`` starts and ends, as the detector kept them if it did."""
    found = kept(doc, UNITS_KEY)
    return [(unit.start, unit.end) for unit in group] if found is None else found


def _units(doc: Doc) -> SpanGroup:
    group = get_group(doc, UNITS_KEY)
    if group is None:
        raise ValueError(
            "proposal_classifier needs the units of 'proposal_detector'; add it before this"
        )
    return group
