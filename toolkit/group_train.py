"""Training grouping's pair model (``toolkit train --part grouping``).

Why (docs/classification.md, "Session 15: grouping"): rule edits moved grouping on fresh sets
by a point or less for several sessions; a logistic regression over what two proposals share,
trained on the gold groups of every labelled set and measured by leaving one set out, carried
over better. Reads top to bottom: each fold of the manifest (the value manifest's format) is
extracted as ``toolkit eval`` extracts it and matched to its gold groups → the pairs grouping
would score get their :func:`toolkit.group.pair_features` → for each fold, a model fitted on the
other folds groups it (the rule's figures beside) → the threshold with the best mean held-out
pairwise F1 is chosen → the model fitted on every fold is written. Newton's method from zeros:
the same data give the same weights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from . import group
from .errors import ExtractError
from .evaluate import Counts, Gold, matched_by_session, read_gold
from .extract import Pipelines, extract_notes, forum_year
from .notes import find_note_files, iter_notes
from .profile import Profile
from .register import Proposal
from .train import ValueFold

#: Thresholds tried (the model's score at which two groups are one idea).
THRESHOLDS = tuple(round(0.15 + 0.05 * k, 2) for k in range(8))  # 0.15 … 0.5
L2 = 1.0


@dataclass
class PairSet:
    """One fold grouped as ``toolkit eval`` groups it: its proposals, their keys' overlap,
    each one's gold group (``None``: unmatched), the candidate pairs with their features and
    gold labels (1 one idea, 0 not, -1 unlabelled)."""

    name: str
    proposals: list[Proposal]
    overlap: group.Overlap
    groups: list[str | None]
    pairs: list[tuple[int, int]]
    rows: numpy.ndarray
    labels: numpy.ndarray


@dataclass
class GroupingReport:
    """What ``toolkit train`` prints: the threshold and each fold's pairwise counts when it
    was left out (the rule's, the model's)."""

    threshold: float = 0.0
    pairs: int = 0
    folds: dict[str, tuple[Counts, Counts]] = field(default_factory=dict)


def gold_groups(proposals: list[Proposal], gold: list[Gold]) -> list[str | None]:
    """Each proposal's gold group, matched as ``toolkit eval`` matches (``None``: unmatched
    or unlabelled)."""
    groups: list[str | None] = [None] * len(proposals)
    for g, index in matched_by_session(gold, proposals):
        if "group" in g.labels:
            groups[index] = str(g.labels["group"])
    return groups


def pair_set(
    name: str, proposals: list[Proposal], keys: list[frozenset[str]], groups: list[str | None]
) -> PairSet:
    """A fold's candidate pairs with their features and gold labels."""
    overlap = group.Overlap(keys, [p.language for p in proposals])
    pairs = group.candidate_pairs(proposals, overlap)
    places = group.session_positions(proposals)
    rows = [group.pair_features(proposals, overlap, places, i, j) for i, j in pairs]
    labels = [
        -1.0 if groups[i] is None or groups[j] is None else float(groups[i] == groups[j])
        for i, j in pairs
    ]
    width = len(group.PAIR_FEATURES)
    return PairSet(
        name,
        proposals,
        overlap,
        groups,
        pairs,
        numpy.array(rows, dtype=float).reshape(len(pairs), width),
        numpy.array(labels),
    )


def fold_pairs(fold: ValueFold, profile: Profile, pipelines: Pipelines) -> PairSet:
    """A fold's notes extracted (every proposal: grouping weighs words by the whole set) and
    matched to its gold."""
    notes = list(iter_notes(find_note_files(fold.notes), profile))
    with group.rule_only():  # the model being replaced is not read
        result = extract_notes(notes, profile, pipelines=pipelines)
    proposals = result.proposals
    gold = [g for path in fold.gold for g in read_gold(path)]
    keys = [result.keys[p.id] for p in proposals]
    return pair_set(fold.name, proposals, keys, gold_groups(proposals, gold))


def fit_pairs(sets: Iterable[PairSet], l2: float = L2) -> tuple[numpy.ndarray, float]:
    """Logistic regression weights and bias over the labelled pairs, fitted on standardised
    features by Newton's method and returned for the raw features."""
    chosen = [(s.rows[s.labels >= 0], s.labels[s.labels >= 0]) for s in sets]
    rows = numpy.vstack([r for r, _ in chosen])
    labels = numpy.concatenate([y for _, y in chosen])
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    x = numpy.hstack([(rows - mean) / scale, numpy.ones((len(rows), 1))])
    w = newton(x, labels, l2)
    weights = w[:-1] / scale
    return weights, float(w[-1] - weights @ mean)


def newton(x: numpy.ndarray, labels: numpy.ndarray, l2: float) -> numpy.ndarray:
    """Logistic regression weights over ``x`` (its last column all ones: the bias) by Newton's
    method from zeros, L2-penalised; deterministic."""
    penalty = l2 * numpy.eye(x.shape[1])
    penalty[-1, -1] = 1e-6  # the bias nearly free, but finite when one class is missing
    w = numpy.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + numpy.exp(-x @ w))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = numpy.linalg.solve(hessian, x.T @ (p - labels) + penalty @ w)
        w -= step
        if numpy.abs(step).max() < 1e-9:
            break
    return w


def pair_counts(groups: list[str | None], roots: list[int]) -> Counts:
    """Pairwise counts over the labelled proposals (as ``toolkit eval``), from the sizes of
    the found groups, the gold groups and their intersections."""
    cells: Counter = Counter()
    found: Counter = Counter()
    gold: Counter = Counter()
    for g, r in zip(groups, roots, strict=True):
        if g is not None:
            cells[(g, r)] += 1
            found[r] += 1
            gold[g] += 1

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    tp = pairs(cells)
    return Counts(tp, pairs(found) - tp, pairs(gold) - tp)


def model_counts(s: PairSet, model: group.PairModel) -> Counts:
    """A fold grouped by ``model`` (its threshold), counted against the gold."""
    z = numpy.clip(s.rows @ numpy.array(model.weights) + model.bias, -30.0, 30.0)
    scores = (1 / (1 + numpy.exp(-z))).tolist()
    roots = group.average_link(len(s.proposals), s.pairs, scores, model.threshold)
    return pair_counts(s.groups, roots)


def rule_counts(s: PairSet) -> Counts:
    """A fold grouped by the rule (no model), counted against the gold."""
    roots = group.rule_link(s.proposals, s.overlap)[0]
    roots = group.join_fragments(s.proposals, s.overlap.keys, roots)[0]
    return pair_counts(s.groups, roots)


def _with(weights: numpy.ndarray, bias: float, threshold: float) -> group.PairModel:
    return group.PairModel(tuple(float(w) for w in weights), bias, threshold)


def best_threshold(held: dict[str, tuple[PairSet, numpy.ndarray, float]], skip: str = "") -> float:
    """The threshold with the best mean pairwise F1 over the held-out folds (but ``skip``):
    each set counts alike, so the largest does not decide."""

    def mean_f1(cut: float) -> float:
        f1 = [
            model_counts(s, _with(w, b, cut)).f1 for name, (s, w, b) in held.items() if name != skip
        ]
        return sum(f1) / len(f1)

    return max(THRESHOLDS, key=lambda cut: (mean_f1(cut), cut))


def train_grouping_model(
    folds: list[ValueFold],
    profile: Profile,
    output: Path,
    detector: Path | bool = True,
    values: Path | bool = True,
    routes: Path | bool = True,
) -> GroupingReport:
    """Fit the pair model on every fold and write it to ``output`` (``model.json``); the
    report holds each fold's figures when it was left out, its threshold chosen on the other
    folds' held-out figures. The pairs' features read the values and routes of ``values`` and
    ``routes`` (model folders, ``True`` for the shipped ones): the models a training run has
    just written, so that one run gives what it ships."""
    pipelines = Pipelines(
        profile, forum_year=forum_year(profile), classifier=detector, values=values, routes=routes
    )
    sets = [fold_pairs(fold, profile, pipelines) for fold in folds]
    if not any((s.labels >= 0).any() for s in sets):
        raise ExtractError("no gold group of the grouping manifest matched; check its paths")
    report = cross_validate(sets)
    weights, bias = fit_pairs(sets)
    group.write_pair_model(_with(weights, bias, report.threshold), output / "model.json")
    return report


def cross_validate(sets: list[PairSet]) -> GroupingReport:
    """Each set grouped by a model fitted on the others, its threshold chosen on the others'
    held-out figures; the report's threshold is the best on all held-out figures."""
    held = {}
    for s in sets:
        weights, bias = fit_pairs(t for t in sets if t is not s)
        held[s.name] = (s, weights, bias)
    report = GroupingReport(best_threshold(held), sum(int((s.labels >= 0).sum()) for s in sets))
    for name, (s, weights, bias) in held.items():
        cut = best_threshold(held, skip=name)
        report.folds[name] = (rule_counts(s), model_counts(s, _with(weights, bias, cut)))
    return report
