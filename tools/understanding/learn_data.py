"""The labelled sets of values and routes as rows for the learned models, by fold.

Each fold's notes are extracted the way ``toolkit eval`` does (only the sessions its gold
labels), with the cue rules' values alone (no value model), its gold lines matched to the
proposals (``toolkit.evaluate.match``) and, for each matched proposal, the value model's
features (:func:`toolkit.nlp.learned.unit_features`) with what extraction alone knows of the
meeting (``context``, :func:`context_features`; the route study reads both), the rules'
values and route and the gold's:

    python tools/understanding/learn_data.py -o /tmp/learn_rows.json

Folds: those of ``tests/data/values_training.yaml`` (the sample workspace and dev … dev3,
dev4 and dev5, blind2 … blind13); never ``tests/data/understanding/blind.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spacy.tokens import Span  # noqa: E402

from toolkit.nlp.learned import unit_features  # noqa: E402
from toolkit.nlp.route_model import context_features as route_context  # noqa: E402
from toolkit.train import ValueFold, read_value_manifest  # noqa: E402

MANIFEST = ROOT / "tests/data/values_training.yaml"


def context_features(read: dict) -> list[str]:
    """What the route model reads beyond the unit (``UNIT_HOOK``'s ``read``): the rules' final
    route and basis, the meeting's audience and the speaker's level."""
    _, _, audience, level = read["meeting"]
    return route_context(read["route"], read["basis"], audience, level)


def fold_rows(fold: ValueFold, routes: bool = False) -> list[dict]:
    """The matched proposals of one fold with features, rule labels and gold labels; with
    ``routes``, ``rule_route`` is the shipped route model's (the features stay the rules')."""
    from toolkit.extract import Pipelines, forum_year
    from toolkit.train import matched_proposals
    from toolkit.workspace import find_or_default

    ws = find_or_default(explicit=None)
    pipelines = Pipelines(
        ws.profile, forum_year=forum_year(ws.profile), values=False, routes=routes
    )

    def featurise(sent: Span, lang: str, read: dict) -> list[str]:  # the model's, then context
        return [*unit_features(sent, lang), "|", *context_features(read)]

    return [
        {
            "fold": fold.name,
            "lang": p.language,
            "session": p.session,
            "text": p.text,
            "features": features[: features.index("|")],  # the shipped value model's
            "context": features[features.index("|") + 1 :],  # the route model's besides
            "rule_values": p.values,
            "rule_route": p.route,
            "rule_basis": p.route_basis,
            "gold_values": g.labels.get("values", []),
            "gold_route": g.labels.get("route"),
            "gold_basis": g.labels.get("route_basis"),
        }
        for g, p, features in matched_proposals(fold, ws.profile, pipelines, featurise)
        if "route" in g.labels
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument(
        "--shipped-routes",
        action="store_true",
        help="extract with the shipped route model (rule_route is then the pipeline's route)",
    )
    parser.add_argument("folds", nargs="*", help="fold names (default: all)")
    args = parser.parse_args(argv)
    rows = []
    for fold in read_value_manifest(args.manifest):
        if args.folds and fold.name not in args.folds:
            continue
        found = fold_rows(fold, args.shipped_routes)
        print(f"{fold.name}: {len(found)} matched", file=sys.stderr)
        rows.extend(found)
    args.output.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
