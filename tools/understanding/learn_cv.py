"""Leave-one-set-out: the learned value and route models against the rules, per fold.

Rows come from ``learn_data.py`` (run it first). For each fold, a model is trained on every
other fold and scores the held-out one; the rules' figures are on the same rows. Values: the
shipped method (:func:`toolkit.train.value_folds`: the rules' values plus the model's above a
threshold chosen on the other folds' held-out figures). Route: one-vs-rest logistic
regressions over the document types (the same :func:`toolkit.nlp.learned.fit_linear`) for
the proposals the rules route by inference; named routes and procedural items stay the
rules'; ``--margin``: the model replaces the rules' route only when that much more probable.

    python tools/understanding/learn_data.py -o /tmp/learn_rows.json
    python tools/understanding/learn_cv.py /tmp/learn_rows.json
    python tools/understanding/learn_cv.py /tmp/learn_rows.json --part route \
        --apply /tmp/heldback_rows.json         # fitted on every fold, the held-back figure only
    python tools/understanding/learn_cv.py /tmp/learn_rows.json --part route --margin 0.1 \
        --apply /tmp/learn_rows.json            # the shipped model on its own folds, per fold
    python tools/understanding/learn_cv.py /tmp/learn_rows.json --part values \
        --folds devA,devB,blind2,blind3,blind4,blind5,blind6,blind12,blind13   # session 14's folds
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit.evaluate import Counts  # noqa: E402
from toolkit.nlp.route_model import chosen, train_routes  # noqa: E402
from toolkit.nlp.route_model import free as route_free  # noqa: E402
from toolkit.train import (  # noqa: E402
    LabelledUnit,
    best_value_threshold,
    model_values,
    value_counts,
    value_curves,
    value_folds,
)

#: the folds written by fresh hands (not the rules' author): pooled apart as "fresh"
FRESH = ("blind4", "blind5", "blind6", "blind12", "blind13", "blind14", "blind15", "blind16")


def f1(counts: list[int]) -> str:
    tp, fp, fn = counts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"{2 * tp / (2 * tp + fp + fn) if tp else 0.0:.3f} ({p:.2f}/{r:.2f})"


def values_table(rows: list[dict], drop: tuple[str, ...], fixed: float | None) -> None:
    units = [
        LabelledUnit(
            r["fold"],
            r["lang"],
            [f for f in r["features"] if not f.startswith(drop)],
            r["rule_values"],
            r["gold_values"],
            r["rule_route"] is None,
        )
        for r in rows
    ]
    held = value_folds(units)
    curves = value_curves(held) if fixed is None else {}
    print("values micro-F1 (P/R): rules -> rules + model, each fold left out")
    pooled: dict[str, list[list[int]]] = {}
    fresh: dict[str, list[list[int]]] = {}
    for fold, (test, (model, probs)) in held.items():
        threshold = fixed if fixed is not None else best_value_threshold(curves, skip=fold)
        sums: dict[str, list[list[int]]] = {}
        for unit, p in zip(test, probs, strict=True):
            found = model_values(unit, model, p, threshold)
            for key in (unit.language, "all"):
                for s in (sums, pooled, fresh) if fold in FRESH else (sums, pooled):
                    pair = s.setdefault(key, [[0, 0, 0], [0, 0, 0]])
                    for total, add in zip(
                        pair,
                        (value_counts(unit.gold, unit.rules), value_counts(unit.gold, found)),
                        strict=True,
                    ):
                        total[:] = [a + b for a, b in zip(total, _triple(add), strict=True)]
        print(
            f"  {fold:8} t={threshold:.2f} "
            + "  ".join(f"{k} {f1(r)} -> {f1(m)}" for k, (r, m) in sorted(sums.items()))
        )
    for name, sums in (("pooled", pooled), ("fresh", fresh)):
        print(
            f"  {name:10} "
            + "  ".join(f"{k} {f1(r)} -> {f1(m)}" for k, (r, m) in sorted(sums.items()))
        )


def _triple(counts: Counts) -> tuple[int, int, int]:
    return counts.tp, counts.fp, counts.fn


def free(row: dict) -> bool:
    """A proposal the rules route by inference: the route model's to decide."""
    return route_free(row["rule_route"], row["rule_basis"])


def route_tally(
    train: list[dict], test: list[dict], margin: float, drop: tuple[str, ...], min_count: int
) -> Counter:
    """Route right on ``test`` by the rules and by a model fitted on ``train``'s inferred
    routes (the shipped method, :func:`toolkit.nlp.route_model.train_routes`), per language
    and in all."""
    train = [r for r in train if free(r) and r["gold_route"]]
    model = train_routes(
        [[f for f in r["features"] if not f.startswith(drop)] for r in train],
        [r["gold_route"] for r in train],
        margin,
        min_count=min_count,
    )
    probs = model.probabilities([r["features"] for r in test])
    tally = Counter()
    for r, p in zip(test, probs, strict=True):
        route = chosen(model, p, r["rule_route"]) if free(r) else r["rule_route"]
        for key in (r["lang"], "all"):
            tally[key, "n"] += 1
            tally[key, "rules"] += r["rule_route"] == r["gold_route"]
            tally[key, "model"] += route == r["gold_route"]
    return tally


def with_context(rows: list[dict]) -> list[dict]:
    """The route model reads extraction's own reading of the meeting besides the unit."""
    return [{**r, "features": [*r["features"], *r.get("context", [])]} for r in rows]


def route_table(rows: list[dict], margin: float, drop: tuple[str, ...], min_count: int) -> None:
    print(f"route right: rules -> model (margin {margin})")
    rows = with_context(rows)
    pooled = Counter()
    fresh = Counter()
    for fold in dict.fromkeys(r["fold"] for r in rows):
        train = [r for r in rows if r["fold"] != fold]
        test = [r for r in rows if r["fold"] == fold]
        tally = route_tally(train, test, margin, drop, min_count)
        pooled.update(tally)
        if fold in FRESH:
            fresh.update(tally)
        print(f"  {fold:8} " + "  ".join(_acc(tally, k) for k in ("en", "ru", "all")))
    print("  pooled   " + "  ".join(_acc(pooled, k) for k in ("en", "ru", "all")))
    print("  fresh    " + "  ".join(_acc(fresh, k) for k in ("en", "ru", "all")))


def _acc(tally: Counter, key: str) -> str:
    n = tally[key, "n"]
    if not n:
        return f"{key} -"
    return f"{key} {tally[key, 'rules'] / n:.3f} -> {tally[key, 'model'] / n:.3f} ({n})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--part", choices=["values", "route", "both"], default="both")
    parser.add_argument("--threshold", type=float, help="values: a fixed threshold")
    parser.add_argument("--margin", type=float, default=0.0, help="route: how far above the rule's")
    parser.add_argument("--min-count", type=int, default=2, help="route: least feature count")
    parser.add_argument("--drop", default="", help="feature prefixes to leave out, comma-separated")
    parser.add_argument("--folds", default="", help="only these folds, comma-separated")
    parser.add_argument(
        "--apply",
        type=Path,
        help="route: fit on every fold, score these rows (the held-back set's) and print "
        "only the figure",
    )
    opt = parser.parse_args(argv)
    rows = json.loads(opt.rows.read_text("utf-8"))
    if opt.folds:
        rows = [r for r in rows if r["fold"] in opt.folds.split(",")]
    drop = tuple(p for p in opt.drop.split(",") if p)
    if opt.part in ("values", "both"):
        values_table(rows, drop, opt.threshold)
    if opt.apply:
        test = with_context(json.loads(opt.apply.read_text("utf-8")))
        tally = route_tally(with_context(rows), test, opt.margin, drop, opt.min_count)
        folds = list(dict.fromkeys(r["fold"] for r in test))
        for fold in folds if len(folds) > 1 else ():  # each fold of the scored rows, then all
            mine = [r for r in test if r["fold"] == fold]
            part = route_tally(with_context(rows), mine, opt.margin, drop, opt.min_count)
            print(f"  {fold:8} " + _acc(part, "all"))
        print(f"route right on {opt.apply.name}: " + _acc(tally, "all"))
    elif opt.part in ("route", "both"):
        route_table(rows, opt.margin, drop, opt.min_count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
