"""A learned pair scorer for grouping, measured by leaving one labelled set out.

Reads the sets tagged by ``group_pairs.py`` (its cache), takes the pairs grouping compares
(the blocking of ``toolkit.group.link``, plus the few proposals just before each one in its
session), describes each pair by features, fits a logistic regression on the gold pairs of
every set but one and groups the left-out set with it; the threshold and linkage are chosen on
the training sets only. Prints, per set, the shipped rule's pairwise figures and the model's.

    python tools/understanding/group_pairs.py --cache /tmp/group15 --fresh   # tag once
    python tools/understanding/group_learn.py --cache /tmp/group15

Never give it the held-back ``understanding/blind.jsonl``: only the spent sets of group_pairs.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit import group  # noqa: E402
from toolkit.evaluate import Counts  # noqa: E402
from tools.understanding.group_pairs import SETS, Tagged, load  # noqa: E402

NEIGHBOURS = 3  # proposals before each one in its session always compared
RARE = 3
ANAPHORA = {
    "it", "this", "that", "these", "those", "such", "them", "also", "too", "same",
    "его", "ее", "её", "их", "это", "этот", "эта", "эти", "такой", "такая", "такие",
    "такое", "также", "тоже", "тот", "той", "том", "него", "нее", "неё", "них",
}  # fmt: skip


@dataclass
class SetData:
    name: str
    proposals: list
    overlap: group.Overlap
    groups: list[str | None]
    forms: list
    pairs: list[tuple[int, int]]  # (later, earlier)
    rows: np.ndarray
    labels: np.ndarray  # 1 same gold group, 0 not, -1 unlabelled


def candidates(proposals: list, overlap: group.Overlap, neighbours: int) -> list[tuple[int, int]]:
    """The blocking's pairs plus each proposal's ``neighbours`` predecessors in its session."""
    seen: set[tuple[int, int]] = set()

    def record(i: int, j: int) -> float:
        seen.add((i, j))
        return -1.0

    group.link(overlap, record)
    for i in range(len(proposals)):
        for d in range(1, neighbours + 1):
            j = i - d
            if j < 0 or proposals[j].session != proposals[i].session:
                break
            seen.add((i, j))
    return sorted(seen)


def anaphoric(forms: list) -> bool:
    return any(lower in ANAPHORA for _, lower, _, _ in forms)


def features(d: SetData, i: int, j: int, position: dict[int, int]) -> list[float]:
    overlap, a, b = d.overlap, d.proposals[i], d.proposals[j]
    shared, cosine, containment = overlap.parts(i, j)
    sim = overlap.similarity(i, j)
    values = (set(a.values), set(b.values))
    regions = (set(a.regions), set(b.regions))
    sizes = sorted((len(overlap.keys[i]) or 1, len(overlap.keys[j]) or 1))
    same_session = a.session == b.session
    distance = abs(position[i] - position[j]) if same_session else 0
    adjacent = float(same_session and distance == 1)
    same_speaker = float(same_session and a.speaker is not None and a.speaker == b.speaker)
    fragment = float(len(overlap.keys[i]) <= 3)
    rare = sum(overlap.frequency[k] <= RARE for k in shared)
    idf_shared = sum(overlap.idf[k] for k in shared)
    return [
        cosine,
        containment,
        sim,
        sim - group.threshold(a, b),
        math.log1p(len(shared)),
        math.log1p(rare),
        math.log1p(sum(":" not in k for k in shared)),
        idf_shared / 10,
        float(len(shared) >= group.MIN_SHARED),
        float(same_session),
        float(a.language == b.language),
        len(values[0] & values[1]) / len(values[0] | values[1]) if any(values) else 0.0,
        float(a.route is not None and a.route == b.route),
        float(bool(regions[0] & regions[1])),
        float(all(regions) and not regions[0] & regions[1]),
        same_speaker,
        sizes[0] / sizes[1],
        len(shared) / sizes[0],
        adjacent,
        1 / (1 + distance) if same_session else 0.0,
        fragment,
        adjacent * same_speaker,
        adjacent * same_speaker * fragment,
        adjacent * float(anaphoric(d.forms[i])),
        float(a.marked) + float(b.marked),
        float(same_session and a.section == b.section),
    ]


FEATURES = 26


def prepare(tagged: Tagged, name: str, neighbours: int) -> SetData:
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    proposals = tagged.proposals
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    overlap = group.Overlap(keys, [p.language for p in proposals])
    pairs = candidates(proposals, overlap, neighbours)
    position = {}
    counter: dict[str, int] = defaultdict(int)
    for i, p in enumerate(proposals):
        position[i] = counter[p.session]
        counter[p.session] += 1
    d = SetData(name, proposals, overlap, tagged.groups, tagged.forms, pairs, np.zeros(0), np.zeros(0))
    d.rows = np.array([features(d, i, j, position) for i, j in pairs]).reshape(len(pairs), -1)
    g = tagged.groups
    d.labels = np.array(
        [-1.0 if g[i] is None or g[j] is None else float(g[i] == g[j]) for i, j in pairs]
    )
    return d


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standardised logistic regression by Newton's method: (weights, mean, scale)."""
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    x = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 1e-6
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ w))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, x.T @ (p - labels) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w, mean, scale


def predict(model, rows: np.ndarray) -> np.ndarray:
    w, mean, scale = model
    x = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    return 1 / (1 + np.exp(-x @ w))


def cluster(n: int, pairs, scores, cut: float, linkage: str) -> list[int]:
    """Groups (root per proposal) from scored pairs."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if linkage == "single":
        for (i, j), s in zip(pairs, scores):
            if s >= cut:
                parent[root(i)] = root(j)
        return [root(i) for i in range(n)]
    if linkage == "best":  # the shipped rule's: best earlier match, group cohesion on average
        by_later: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for (i, j), s in zip(pairs, scores):
            by_later[i].append((s - cut, j))
        for i in range(n):
            margins = by_later.get(i)
            if not margins:
                continue
            best = max(margins, key=lambda m: (m[0], -m[1]))
            if best[0] >= 0:
                g = root(best[1])
                kin = [m for m, j in margins if root(j) == g]
                if sum(kin) / len(kin) >= 0:
                    parent[root(i)] = g
        return [root(i) for i in range(n)]
    # average / complete link over compared pairs, greedy by descending score
    sums: dict[tuple[int, int], list[float]] = {}
    members = {i: [i] for i in range(n)}
    links: dict[int, dict[int, list[float]]] = defaultdict(dict)
    for (i, j), s in zip(pairs, scores):
        links[i][j] = [s, 1, s]
        links[j][i] = links[i][j]
    order = sorted(
        ((s, i, j) for (i, j), s in zip(pairs, scores) if s >= cut), key=lambda t: -t[0]
    )
    for _, i, j in order:
        a, b = root(i), root(j)
        if a == b:
            continue
        total, count, low = links[a].get(b, [0, 0, 1])
        size = len(members[a]) * len(members[b])
        if linkage == "average" and total / count < cut:  # over compared pairs
            continue
        if linkage == "average-all" and total / size < cut:  # uncompared pairs count 0
            continue
        if linkage == "complete" and (low < cut or count < size):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        parent[b] = a
        members[a] += members.pop(b)
        for c, (t, k, m) in list(links[b].items()):
            if c == a:
                continue
            links[c].pop(b, None)
            old = links[a].get(c, [0, 0, 1])
            merged = [old[0] + t, old[1] + k, min(old[2], m)]
            links[a][c] = merged
            links[c][a] = merged
        links.pop(b, None)
        links[a].pop(b, None)
    return [root(i) for i in range(n)]


def counts(groups: list[str | None], roots: list[int]) -> Counts:
    """Pairwise counts over the labelled proposals, from the cells' sizes (linear)."""
    cells: Counter = Counter()
    found: Counter = Counter()
    gold: Counter = Counter()
    for g, r in zip(groups, roots, strict=True):
        if g is not None:
            cells[(g, r)] += 1
            found[r] += 1
            gold[g] += 1
    pairs = lambda c: sum(n * (n - 1) // 2 for n in c.values())  # noqa: E731
    tp = pairs(cells)
    return Counts(tp, pairs(found) - tp, pairs(gold) - tp)


def rule_counts(tagged: Tagged) -> Counts:
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    proposals = [replace(p) for p in tagged.proposals]
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    group.group_and_rank(proposals, keys)
    ids = {c: n for n, c in enumerate(dict.fromkeys(p.cluster for p in proposals))}
    return counts(tagged.groups, [ids[p.cluster] for p in proposals])


CUTS = tuple(round(0.15 + 0.05 * k, 2) for k in range(8))
LINKAGES = ("best", "single", "average", "average-all", "complete")


def choose(train: list[SetData], model, linkages=LINKAGES) -> tuple[float, str]:
    scored = [(d, predict(model, d.rows)) for d in train]
    best = None
    for linkage in linkages:
        for cut in CUTS:
            f1 = [
                counts(d.groups, cluster(len(d.proposals), d.pairs, s, cut, linkage)).f1
                for d, s in scored
            ]
            key = (sum(f1) / len(f1), cut)  # each set alike: the largest does not decide
            if best is None or key > best[0]:
                best = (key, cut, linkage)
    return best[1], best[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/group_pairs"))
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--neighbours", type=int, default=NEIGHBOURS)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--linkage", choices=LINKAGES, nargs="+", default=list(LINKAGES))
    parser.add_argument("--drop", type=int, nargs="*", default=[], help="feature columns out")
    args = parser.parse_args(argv)
    tagged = {name: load(name, args.cache, False) for name in args.sets}
    data = {name: prepare(t, name, args.neighbours) for name, t in tagged.items()}
    keep = [k for k in range(FEATURES) if k not in args.drop]
    for d in data.values():
        d.rows = d.rows[:, keep]
    before, after = Counts(), Counts()
    for name, d in data.items():
        train = [e for n, e in data.items() if n != name]
        rows = np.vstack([e.rows[e.labels >= 0] for e in train])
        labels = np.concatenate([e.labels[e.labels >= 0] for e in train])
        model = fit(rows, labels, args.l2)
        cut, linkage = choose(train, model, args.linkage)
        roots = cluster(len(d.proposals), d.pairs, predict(model, d.rows), cut, linkage)
        rule, learned = rule_counts(tagged[name]), counts(d.groups, roots)
        before.add(rule)
        after.add(learned)
        reach = sum(d.labels == 1)
        print(
            f"{name:12} rule P {rule.precision:.3f} R {rule.recall:.3f} F1 {rule.f1:.3f}"
            f" -> model P {learned.precision:.3f} R {learned.recall:.3f} F1 {learned.f1:.3f}"
            f"  ({linkage} {cut}; gold pairs {rule.tp + rule.fn}, candidates right {reach})",
            flush=True,
        )
    print(
        f"{'pooled':12} rule P {before.precision:.3f} R {before.recall:.3f} F1 {before.f1:.3f}"
        f" -> model P {after.precision:.3f} R {after.recall:.3f} F1 {after.f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
