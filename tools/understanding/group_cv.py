"""Grouping measured by folds: the shipped rule against a learned pair scorer.

Extracts the dev notes the way ``toolkit eval`` does (every note grouped together), matches
the proposals to ``tests/data/understanding/gold.jsonl`` and counts gold pairs per fold: a
fold is one dev set (``sample`` = ``session_notes``, ``dev`` … ``dev5``). The learned scorer
is a logistic regression (L2, fitted by Newton's method: deterministic, no seed) over features
of the pairs the blocking compares (``toolkit.group.link``), trained on the gold pairs of the
OTHER folds:
pairs inside a fold are scored by a model that never saw that fold, pairs across two folds
by one that saw neither. Its decision threshold is the one with the best pairwise F1 on the
training folds. Pairs across folds are one row, so each gold pair counts once.

    python tools/understanding/group_cv.py [--l2 1.0] [--json]

Never run it on a blind part: the gold file is fixed to the development gold.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit.evaluate import Counts, read_gold  # noqa: E402
from toolkit.group import (  # noqa: E402
    PAIR_FEATURES,
    Overlap,
    join_fragments,
    link,
    pair_features,
    rule_link,
    session_positions,
)
from toolkit.group_train import gold_groups, newton  # noqa: E402
from toolkit.register import Proposal  # noqa: E402

GOLD = ROOT / "tests/data/understanding/gold.jsonl"
#: Folds: one per dev set, so a fold's sessions are never trained on when it is scored.
FOLDS = {
    "sample": "session_notes",
    "dev": "tests/data/dev/notes",
    "dev2": "tests/data/dev2/notes",
    "dev3": "tests/data/dev3/notes",
    "dev4": "tests/data/dev4/notes",
    "dev5": "tests/data/dev5/notes",
}
#: Session 8's features: a selection of the shipped pair model's (toolkit.group.PAIR_FEATURES).
COLUMNS = (0, 1, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16)
FEATURES = tuple(PAIR_FEATURES[k] for k in COLUMNS)
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


@dataclass
class Corpus:
    """The extracted proposals with their keys, fold and gold group (``None``: unmatched)."""

    proposals: list[Proposal]
    overlap: Overlap
    folds: list[str]
    groups: list[str | None]


def load(gold_path: Path = GOLD, folds: dict[str, str] = FOLDS) -> Corpus:
    """Extract every fold's notes and match the gold lines to their proposals."""
    from toolkit.extract import extract_notes
    from toolkit.notes import find_note_files, iter_notes
    from toolkit.workspace import find_or_default

    fold_of_path = {}
    for fold, folder in folds.items():
        for path in find_note_files((ROOT / folder,)):
            fold_of_path[path] = fold
    ws = find_or_default(explicit=None)
    notes = list(iter_notes(list(fold_of_path), ws.profile))
    result = extract_notes(notes, ws.profile)
    session_fold = {
        note.session.id: fold_of_path[note.path] for note in notes if note.session is not None
    }
    proposals = result.proposals
    groups = gold_groups(proposals, read_gold(gold_path))
    overlap = Overlap([result.keys[p.id] for p in proposals], [p.language for p in proposals])
    return Corpus(proposals, overlap, [session_fold[p.session] for p in proposals], groups)


def features(corpus: Corpus, i: int, j: int) -> list[float]:
    """What two proposals share, in the order of :data:`FEATURES`."""
    row = pair_features(corpus.proposals, corpus.overlap, session_positions(corpus.proposals), i, j)
    return [row[k] for k in COLUMNS]


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression weights (last: the bias) by Newton's method; deterministic."""
    return newton(np.hstack([rows.reshape(len(rows), -1), np.ones((len(rows), 1))]), labels, l2)


def probability(w: np.ndarray, row: list[float]) -> float:
    return 1 / (1 + math.exp(-(float(np.dot(w[:-1], row)) + float(w[-1]))))


def compared_pairs(corpus: Corpus) -> dict[tuple[int, int], list[float]]:
    """The features of every pair the blocking compares, by (later, earlier) index."""
    table: dict[tuple[int, int], list[float]] = {}

    def record(i: int, j: int) -> float:
        table[(i, j)] = features(corpus, i, j)
        return -1.0

    link(corpus.overlap, record)
    return table


def pair_counts(corpus: Corpus, roots: list[int], keep: Callable[[str, str], bool]) -> Counts:
    """Pairwise counts over the matched proposals whose folds ``keep`` accepts."""
    counts = Counts()
    matched = [i for i, g in enumerate(corpus.groups) if g is not None]
    for x, i in enumerate(matched):
        for j in matched[x + 1 :]:
            if not keep(corpus.folds[i], corpus.folds[j]):
                continue
            gold, found = corpus.groups[i] == corpus.groups[j], roots[i] == roots[j]
            counts.tp += gold and found
            counts.fp += found and not gold
            counts.fn += gold and not found
    return counts


def rule_roots(corpus: Corpus) -> list[int]:
    """The shipped grouping (:func:`toolkit.group.group_and_rank`'s rule, fragments joined)."""
    roots = rule_link(corpus.proposals, corpus.overlap)[0]
    return join_fragments(corpus.proposals, corpus.overlap.keys, roots)[0]


def model_roots(corpus: Corpus, table: dict, w: np.ndarray, cut: float) -> list[int]:
    return link(corpus.overlap, lambda i, j: probability(w, table[(i, j)]) - cut)[0]


def train(
    corpus: Corpus, table: dict, train_folds: set[str], l2: float
) -> tuple[np.ndarray, float]:
    """Weights from the gold pairs inside ``train_folds`` and the threshold best there."""
    pairs = [
        (i, j)
        for i, j in table
        if corpus.groups[i] is not None
        and corpus.groups[j] is not None
        and corpus.folds[i] in train_folds
        and corpus.folds[j] in train_folds
    ]
    rows = np.array([table[pair] for pair in pairs])
    labels = np.array([float(corpus.groups[i] == corpus.groups[j]) for i, j in pairs])
    w = fit(rows, labels, l2)
    inside = lambda a, b: a in train_folds and b in train_folds  # noqa: E731
    best = max(
        THRESHOLDS,
        key=lambda cut: (pair_counts(corpus, model_roots(corpus, table, w, cut), inside).f1, cut),
    )
    return w, best


def cross_validate(corpus: Corpus, l2: float = 1.0) -> dict[str, dict[str, Counts]]:
    """``{row: {"rule": counts, "model": counts}}``: each fold, ``across folds``, ``all``."""
    table = compared_pairs(corpus)
    names = sorted(set(corpus.folds))
    rule = rule_roots(corpus)
    rows: dict[str, dict[str, Counts]] = {}
    for x, a in enumerate(names):
        for b in names[x:]:
            keep = lambda f, g, a=a, b=b: {f, g} == {a, b}  # noqa: E731
            before = pair_counts(corpus, rule, keep)
            if not before.tp + before.fp + before.fn:
                continue
            w, cut = train(corpus, table, set(names) - {a, b}, l2)
            after = pair_counts(corpus, model_roots(corpus, table, w, cut), keep)
            row = rows.setdefault(a if a == b else "across folds", {})
            for kind, counts in (("rule", before), ("model", after)):
                row.setdefault(kind, Counts()).add(counts)
    total = rows.setdefault("all", {})
    for name, row in list(rows.items()):
        if name != "all":
            for kind, counts in row.items():
                total.setdefault(kind, Counts()).add(counts)
    return rows


def report(rows: dict[str, dict[str, Counts]]) -> Iterable[str]:
    for name, row in rows.items():
        line = f"{name:14}"
        for kind in ("rule", "model"):
            c = row[kind]
            line += (
                f"  {kind} P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
                f" (tp {c.tp} fp {c.fp} fn {c.fn})"
            )
        yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the regression")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    rows = cross_validate(load(), args.l2)
    if args.json:
        print(json.dumps({n: {k: c.as_dict() for k, c in r.items()} for n, r in rows.items()}))
    else:
        print("\n".join(report(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
