"""Leave-one-set-out: the learned labeller against the rules, values and route, per fold.

Rows come from ``learn_data.py`` (run it first). For each fold, the labeller is trained on
every other fold and scores the held-out one; the rules' figures are on the same rows.

    python tools/understanding/learn_data.py -o /tmp/learn_rows.json
    python tools/understanding/learn_cv.py /tmp/learn_rows.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_model import fit_linear, linear_scores  # noqa: E402

FOLDS = ("devA", "devB", "blind2", "blind3", "blind4", "blind5")


def values_f1(gold: list[list[str]], found: list[list[str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, found, strict=True):
        g, p = set(g), set(p)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def vocabulary(rows: list[dict], min_count: int) -> dict[str, int]:
    counts = Counter(f for r in rows for f in r["features"])
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: i for i, f in enumerate(kept)}


def matrix(rows: list[dict], vocab: dict[str, int]) -> list[list[int]]:
    return [[vocab[f] for f in r["features"] if f in vocab] for r in rows]


def predict_fold(train: list[dict], test: list[dict], opt: argparse.Namespace) -> list[dict]:
    vocab = vocabulary(train, opt.min_count)
    xtr, xte = matrix(train, vocab), matrix(test, vocab)
    # values: one-vs-rest over the principles seen at least 3 times
    names = sorted(
        n for n, c in Counter(v for r in train for v in r["gold_values"]).items() if c >= 3
    )
    y = numpy.array([[v in r["gold_values"] for v in names] for r in train], dtype=float)
    w = fit_linear(xtr, len(vocab), y, softmax=False, l2=opt.l2, steps=opt.steps, rate=opt.rate)
    pv = 1 / (1 + numpy.exp(-linear_scores(xte, w)))
    # routes: a softmax over the types (and "-", procedural) of rows the rules did not name
    free = [r for r in train if r["rule_basis"] != "named"]
    classes = sorted({r["gold_route"] or "-" for r in free})
    xf = matrix(free, vocab)
    yr = numpy.array([[(r["gold_route"] or "-") == c for c in classes] for r in free], dtype=float)
    wr = fit_linear(xf, len(vocab), yr, softmax=True, l2=opt.l2r, steps=opt.steps, rate=opt.rate)
    pr = linear_scores(xte, wr)
    out = []
    for i, r in enumerate(test):
        route = r["rule_route"]
        if r["rule_basis"] != "named" and (not opt.only or opt.only in r["features"]):
            probs = numpy.exp(pr[i] - pr[i].max())
            probs /= probs.sum()
            c = classes[int(probs.argmax())]
            ruled = r["rule_route"] or "-"
            held = probs[classes.index(ruled)] if ruled in classes else 0.0
            if probs.max() - held >= opt.margin:
                route = None if c == "-" else c
        order = numpy.argsort(-pv[i], kind="stable")
        p_of = dict(zip(names, pv[i], strict=True))
        kept = [v for v in r["rule_values"] if p_of.get(v, 1.0) >= opt.keep]
        added = [names[j] for j in order if pv[i, j] >= opt.threshold]
        values = list(dict.fromkeys([*kept, *added] if opt.union else added))[:3]
        if route is None:
            values = []
        out.append({"values": values, "route": route})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--l2r", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--union", action="store_true")
    parser.add_argument(
        "--keep", type=float, default=0.0, help="with --union: a rule value's least p"
    )
    parser.add_argument("--margin", type=float, default=0.0, help="route: how far above the rule's")
    parser.add_argument("--only", default="", help="route: learn only units with this feature")
    parser.add_argument("--drop", default="", help="feature prefixes to leave out, comma-separated")
    opt = parser.parse_args(argv)
    rows = json.loads(opt.rows.read_text("utf-8"))
    drop = tuple(p for p in opt.drop.split(",") if p)
    if drop:
        for r in rows:
            r["features"] = [f for f in r["features"] if not f.startswith(drop)]
    print(f"{'fold':7} {'n':>4}  values rules → learned        route rules → learned")
    sums = numpy.zeros(4)
    for fold in FOLDS:
        test = [r for r in rows if r["fold"] == fold]
        train = [r for r in rows if r["fold"] != fold]
        found = predict_fold(train, test, opt)
        gold = [r["gold_values"] for r in test]
        rv = values_f1(gold, [r["rule_values"] for r in test])
        lv = values_f1(gold, [f["values"] for f in found])
        rr = sum(r["gold_route"] == r["rule_route"] for r in test) / len(test)
        lr = sum(r["gold_route"] == f["route"] for r, f in zip(test, found, strict=True)) / len(
            test
        )
        sums += (rv[0], lv[0], rr, lr)
        print(
            f"{fold:7} {len(test):4}  {rv[0]:.3f} → {lv[0]:.3f} (P {lv[1]:.2f} R {lv[2]:.2f})"
            f"   {rr:.3f} → {lr:.3f}"
        )
    m = sums / len(FOLDS)
    print(f"{'mean':7} {'':4}  {m[0]:.3f} → {m[1]:.3f}                {m[2]:.3f} → {m[3]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
