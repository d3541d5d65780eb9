"""Grouping's pair model measured by leaving one labelled set out, from group_pairs' cache.

``toolkit train --part grouping`` extracts its manifest's sets (minutes) and prints the same
figures; this reads the sets ``group_pairs.py`` tagged and cached, so a change of the pair
features (``toolkit.group.pair_features``) or of the threshold is measured again in about a
minute (docs/classification.md, "Session 15: grouping"):

    python tools/understanding/group_pairs.py --cache /tmp/group15 --fresh   # tag once
    python tools/understanding/group_learn.py --cache /tmp/group15

Its sets are group_pairs' spent ones; never add the held-back ``understanding/blind.jsonl``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit import group  # noqa: E402
from toolkit.evaluate import Counts  # noqa: E402
from toolkit.group_train import PairSet, cross_validate, pair_set  # noqa: E402
from tools.understanding.group_pairs import SETS, Tagged, load  # noqa: E402

# group_pairs run as a script pickles its sets as ``__main__.Tagged``: read them here too
setattr(sys.modules["__main__"], "Tagged", Tagged)  # noqa: B010


def cached_set(name: str, cache: Path) -> PairSet:
    """A set tagged by group_pairs, with its candidate pairs and their features."""
    tagged = load(name, cache, False)
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    keys = [
        group.keys_of(f, p.language) for f, p in zip(tagged.forms, tagged.proposals, strict=True)
    ]
    return pair_set(name, tagged.proposals, keys, tagged.groups)


def report(sets: list[PairSet]) -> list[str]:
    result = cross_validate(sets)
    lines = [f"threshold {result.threshold:.2f} (best over all held-out sets)"]
    pooled = (Counts(), Counts())
    for name, (rule, model) in [*result.folds.items(), ("pooled", pooled)]:
        if name != "pooled":
            pooled[0].add(rule)
            pooled[1].add(model)
        lines.append(
            f"{name:12} rule P {rule.precision:.3f} R {rule.recall:.3f} F1 {rule.f1:.3f}"
            f" -> model P {model.precision:.3f} R {model.recall:.3f} F1 {model.f1:.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/group_pairs"))
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    args = parser.parse_args(argv)
    print("\n".join(report([cached_set(name, args.cache) for name in args.sets])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
