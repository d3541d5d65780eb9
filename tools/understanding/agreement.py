"""Agreement between two labellings of the same proposals (SPEC §5 fields).

    python tools/understanding/agreement.py tests/data/understanding/gold.jsonl \
        tests/data/understanding/agreement_second.jsonl

Lines are paired by session and whitespace-normalised text; only lines in both files count.
Prints values micro-F1 (the first file as reference), route agreement and Cohen's kappa,
regions micro-F1, and the disagreements.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def read(path: Path) -> dict[tuple[str, str], dict]:
    lines = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {(d["session"], " ".join(d["text"].split())): d for d in lines}


def f1(pairs: list[tuple[set, set]]) -> tuple[float, float, float]:
    tp = sum(len(a & b) for a, b in pairs)
    fp = sum(len(b - a) for a, b in pairs)
    fn = sum(len(a - b) for a, b in pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def kappa(first: list, second: list) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    a, b = Counter(first), Counter(second)
    expected = sum(a[k] * b[k] for k in a) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(first_path: str, second_path: str) -> None:
    first, second = read(Path(first_path)), read(Path(second_path))
    keys = [k for k in second if k in first]
    print(f"{len(keys)} proposals labelled twice")
    for field in ("values", "regions", "targets"):
        p, r, f = f1([(set(first[k][field]), set(second[k][field])) for k in keys])
        print(f"{field:8} micro P {p:.3f} R {r:.3f} F1 {f:.3f}")
    routes = [(first[k]["route"], second[k]["route"]) for k in keys]
    same = sum(a == b for a, b in routes) / len(routes)
    print(f"route    agreement {same:.3f}, Cohen's kappa {kappa(*zip(*routes, strict=True)):.3f}")
    for k in keys:
        a, b = first[k], second[k]
        for field in ("values", "route", "regions"):
            if (set(a[field]) if field != "route" else a[field]) != (
                set(b[field]) if field != "route" else b[field]
            ):
                print(f"  {field:7} {a[field]} / {b[field]}: {k[1][:80]}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
