"""Values, route, regions and grouping on two halves of the dev gold, from one extraction.

A change to the classifiers is decided on one half and kept only if it holds on the other
(docs/classification.md, session 10): ``A`` is the sample workspace with ``dev`` … ``dev3``,
``B`` is ``dev4`` and ``dev5``. The notes are extracted together (grouping sees every
session, as ``toolkit eval`` does); each half is then scored on its own gold lines, grouping
on the pairs inside the half.

    python tools/understanding/parts.py [--errors FILE.json]

Never run it on a blind part: the gold file is fixed to the development gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# group_cv also puts the repository on the path, for ``toolkit``
from group_cv import FOLDS, GOLD, ROOT

from toolkit.evaluate import Evaluation, evaluate, read_gold

#: The halves, by the folds of ``group_cv``: develop on one, confirm on the other.
PARTS = {"A": ("sample", "dev", "dev2", "dev3"), "B": ("dev4", "dev5")}


def measure(gold_path: Path = GOLD) -> dict[str, Evaluation]:
    """Extract every part's notes once and evaluate each part (and ``all``) on its gold."""
    from toolkit.extract import extract_notes
    from toolkit.notes import find_note_files, iter_notes
    from toolkit.workspace import find_or_default

    part_of_path = {
        path: part
        for part, folds in PARTS.items()
        for fold in folds
        for path in find_note_files((ROOT / FOLDS[fold],))
    }
    ws = find_or_default(explicit=None)
    notes = list(iter_notes(list(part_of_path), ws.profile))
    result = extract_notes(notes, ws.profile)
    part_of = {n.session.id: part_of_path[n.path] for n in notes if n.session is not None}
    languages = result.languages
    gold = read_gold(gold_path)
    gold_sessions = {g.session for g in gold}
    scored = {}
    for part in (*PARTS, "all"):

        def inside(session: str, part: str = part) -> bool:
            return session in gold_sessions and part in ("all", part_of.get(session))

        scored[part] = evaluate(
            [g for g in gold if inside(g.session)],
            [p for p in result.proposals if inside(p.session)],
            {s: lang for s, lang in languages.items() if inside(s)},
        )
    return scored


def summary(ev: Evaluation) -> str:
    """The four understanding figures of one part, on one line."""
    u = ev.understanding
    return (
        f"values {u.values.f1:.3f}  route {u.route_accuracy():.3f} "
        f"({sum(u.routes.values())})  regions {u.regions.f1:.3f}  "
        f"grouping {u.grouping.f1:.3f} (P {u.grouping.precision:.3f} R {u.grouping.recall:.3f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--errors", type=Path, help="write every part's errors here (JSON)")
    args = parser.parse_args(argv)
    scored = measure()
    for part, ev in scored.items():
        print(f"{part:>3}: {summary(ev)}")
    if args.errors:
        errors = {part: ev.understanding.as_dict()["errors"] for part, ev in scored.items()}
        args.errors.write_text(json.dumps(errors, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
