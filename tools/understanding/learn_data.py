"""The labelled sets of values and routes as rows for the learned labeller, by fold.

Each fold's notes are extracted the way ``toolkit eval`` does (only the sessions its gold
labels), its gold lines matched to the proposals (``toolkit.evaluate.match``) and, for each
matched proposal, the labeller's features (:func:`learn_model.unit_features`), the
rules' values and route and the gold's are kept:

    python tools/understanding/learn_data.py -o /tmp/learn_rows.json

Folds: ``devA`` (the sample workspace, dev … dev3), ``devB`` (dev4, dev5), ``blind2``,
``blind3``, ``blind4``, ``blind5``; never ``tests/data/understanding/blind.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_model import unit_cues, unit_features  # noqa: E402
from spacy.tokens import Span  # noqa: E402

U = "tests/data/understanding"
#: fold -> (gold files, note folders); each fold keeps only the sessions its gold labels.
SETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "devA": (
        (f"{U}/gold.jsonl",),
        ("session_notes", "tests/data/dev/notes", "tests/data/dev2/notes", "tests/data/dev3/notes"),
    ),
    "devB": ((f"{U}/gold.jsonl",), ("tests/data/dev4/notes", "tests/data/dev5/notes")),
    "blind2": ((f"{U}/blind2_ru.jsonl", f"{U}/blind2_en.jsonl"), ("tests/data/real/blind2/notes",)),
    "blind3": (
        (f"{U}/blind3_ru.jsonl", f"{U}/blind3_en.jsonl"),
        ("tests/data/real/ru/notes", "tests/data/real/en/notes"),
    ),
    "blind4": (("tests/data/blind4/gold.jsonl",), ("tests/data/blind4/notes",)),
    "blind5": (("tests/data/blind5/gold.jsonl",), ("tests/data/blind5/notes",)),
}


def fold_rows(fold: str) -> list[dict]:
    """The matched proposals of one fold with features, rule labels and gold labels."""
    from toolkit import extract
    from toolkit.evaluate import match, read_gold
    from toolkit.extract import note as one_note
    from toolkit.notes import find_note_files, iter_notes
    from toolkit.workspace import find_or_default

    golds, folders = SETS[fold]
    gold = [g for path in golds for g in read_gold(ROOT / path)]
    ws = find_or_default(explicit=None)
    paths = find_note_files(tuple(ROOT / f for f in folders))
    notes = [
        n
        for n in iter_notes(paths, ws.profile)
        if n.session is not None and n.session.id in {g.session for g in gold}
    ]
    sink: dict[str, list[str]] = {}

    def hook(key: str, sent: Span, lang: str, read: dict) -> None:
        sink[key] = unit_features(sent, lang, read, unit_cues(sent))

    one_note.UNIT_HOOK = hook
    try:
        result = extract.extract_notes(notes, ws.profile)  # in this process: jobs=1
    finally:
        one_note.UNIT_HOOK = None
    by_session: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for g in gold:
        if g.session in result.languages:
            by_session[g.session][0].append(g)
    for p in result.proposals:
        by_session[p.session][1].append(p)
    rows = []
    for golds_, preds in by_session.values():
        for gi, pi in match(golds_, preds):
            g, p = golds_[gi], preds[pi]
            if "route" not in g.labels:
                continue
            rows.append(
                {
                    "fold": fold,
                    "lang": p.language,
                    "session": p.session,
                    "text": p.text,
                    "features": sink[p.id],
                    "rule_values": p.values,
                    "rule_route": p.route,
                    "rule_basis": p.route_basis,
                    "gold_values": g.labels.get("values", []),
                    "gold_route": g.labels.get("route"),
                    "gold_basis": g.labels.get("route_basis"),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("folds", nargs="*", default=list(SETS))
    args = parser.parse_args(argv)
    rows = []
    for fold in args.folds:
        found = fold_rows(fold)
        print(f"{fold}: {len(found)} matched", file=sys.stderr)
        rows.extend(found)
    args.output.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
