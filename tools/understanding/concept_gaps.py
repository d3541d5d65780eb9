"""Which words of the missed gold pairs in two languages the bilingual dictionary lacks.

A pair in two languages is weighed over its concepts alone (``toolkit/group.py``), so a
content word without a concept can never help such a pair. For each labelled set of
``group_pairs.py`` (tagged once, read from its cache) this lists the gold pairs in two
languages that grouping misses, with the concepts they share and each side's words that have
none, then counts those words over every missed pair, per language (what kinds of words the
dictionary lacks; add them by field, as a dictionary would, not pair by pair):

    python tools/understanding/group_pairs.py --cache /tmp/group_pairs --fresh   # tag once
    python tools/understanding/concept_gaps.py --cache /tmp/group_pairs          # every set
    python tools/understanding/concept_gaps.py --sets blind13 --pairs            # the pairs too
    git show main:toolkit/data/concepts.yaml > /tmp/main_concepts.yaml
    python tools/understanding/concept_gaps.py --base /tmp/main_concepts.yaml    # what changed

``--base`` lists instead the gold-labelled pairs whose outcome differs between another concepts
file and the shipped one, with the keys they share now: a concept that makes wrong pairs shows
here, to be narrowed or removed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit import group  # noqa: E402
from tools.understanding.group_pairs import SETS, Tagged, load, measure  # noqa: E402


def unlisted(keys: frozenset[str]) -> list[str]:
    """The lemmas of a proposal's keys that have no concept."""
    return sorted(k.split(":", 1)[1] for k in keys if not group.bilingual(k))


def gaps(tagged: Tagged, counts: dict[str, Counter], pairs: bool) -> list[str]:
    """The missed pairs in two languages of one set (with ``pairs``), counting their
    unlisted words into ``counts``."""
    figures = measure(tagged)
    proposals = tagged.proposals
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    lines = []
    seen: set[int] = set()
    for i, j in figures.pairs.get("missed-cross", []):
        for k in {i, j} - seen:  # a proposal's words count once per set
            counts[proposals[k].language].update(unlisted(keys[k]))
        seen |= {i, j}
        if pairs:
            shared = sorted(keys[i] & keys[j])
            lines += [
                f"-- {tagged.groups[i]}  shared {shared}",
                f"   [{proposals[i].language}] {proposals[i].text}",
                f"       no concept: {' '.join(unlisted(keys[i]))}",
                f"   [{proposals[j].language}] {proposals[j].text}",
                f"       no concept: {' '.join(unlisted(keys[j]))}",
            ]
    missed = len(figures.pairs.get("missed-cross", []))
    return [*lines, f"{missed} missed pairs in two languages, {len(seen)} proposals"]


def changed(tagged: Tagged, base: Path) -> list[str]:
    """The labelled pairs grouped differently with the ``base`` concepts and the shipped ones."""
    shipped = group.concepts
    group.concepts = cache(lambda: group.read_concepts(base))
    try:
        before = measure(tagged).pairs
    finally:
        group.concepts = shipped
    after = measure(tagged).pairs
    proposals = tagged.proposals
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    lines = []
    for outcome in sorted(set(before) | set(after)):
        was, now = set(before.get(outcome, ())), set(after.get(outcome, ()))
        for sign, pairs in (("+", now - was), ("-", was - now)):
            for i, j in sorted(pairs):
                lines += [
                    f"{sign} {outcome} {tagged.groups[i]} / {tagged.groups[j]}  "
                    f"shared {sorted(keys[i] & keys[j])}",
                    f"   [{proposals[i].session}] {proposals[i].text}",
                    f"   [{proposals[j].session}] {proposals[j].text}",
                ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/group_pairs"))
    parser.add_argument("--pairs", action="store_true", help="list every missed pair")
    parser.add_argument("--base", type=Path, help="list the pairs changed from these concepts")
    parser.add_argument("--top", type=int, default=80, help="unlisted words shown per language")
    args = parser.parse_args(argv)
    counts: dict[str, Counter] = {"ru": Counter(), "en": Counter()}
    if args.base:
        for name in args.sets:
            lines = changed(load(name, args.cache, fresh=False), args.base)
            print("\n".join(f"{name}: {line}" if line[0] in "+-" else line for line in lines))
        return 0
    for name in args.sets:
        lines = gaps(load(name, args.cache, fresh=False), counts, args.pairs)
        print("\n".join(f"{name}: {line}" if not line.startswith(" ") else line for line in lines))
    for lang, c in counts.items():
        words = ", ".join(f"{w} {n}" for w, n in c.most_common(args.top))
        print(f"{lang} unlisted in missed pairs: {words}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
