"""Shares of suggested wordings rated usable / needs a touch / wrong (tests/data/wording/).

    python tools/wording_ratings.py            # the shares of every rating pass, per language
    python tools/wording_ratings.py --changed  # also: how many suggestions differ today

A rating sheet is JSON Lines; a pass is a ``rating…`` field (``rating_first``,
``rating_second`` or ``rating``) with U (usable as is), T (needs a touch) or W (wrong).
``proposal`` is false where the rater judged the extracted sentence not a proposal at all.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

SHEETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "wording"
RATINGS = ("U", "T", "W")


def read_sheet(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for number, row in enumerate(rows, 1):
        for key, value in row.items():
            if key.startswith("rating") and value not in RATINGS:
                raise SystemExit(f"{path}:{number}: {key} is {value!r}; use U, T or W")
    return rows


def shares(rows: list[dict], key: str) -> dict[str, str]:
    """``{"ru": "220: U 157, T 31, W 32 → 85.5% usable or a touch", …}``."""
    out = {}
    for lang in ("ru", "en"):
        counts = Counter(row[key] for row in rows if row["language"] == lang)
        total = sum(counts.values())
        if total:
            good = 100 * (counts["U"] + counts["T"]) / total
            parts = ", ".join(f"{r} {counts[r]}" for r in RATINGS)
            out[lang] = f"{total}: {parts} → {good:.1f}% usable or a touch"
    return out


def report(changed: bool = False) -> list[str]:
    """The lines to print: every sheet, every pass, all rows and true proposals only."""
    lines = []
    for path in sorted(SHEETS.glob("*.jsonl")):
        rows = read_sheet(path)
        for key in sorted(k for k in rows[0] if k.startswith("rating")):
            for label, subset in (
                ("all rated", rows),
                ("true proposals", [r for r in rows if r["proposal"]]),
            ):
                for lang, text in shares(subset, key).items():
                    lines.append(f"{path.name} {key} {lang} ({label}) {text}")
        if changed:
            lines.append(f"{path.name}: {_changed(rows)} suggestions differ from today's rules")
    return lines


def _changed(rows: list[dict]) -> int:
    from toolkit.nlp.wording import suggest_wording

    key = "suggestion_second" if "suggestion_second" in rows[0] else "suggestion"
    return sum(suggest_wording(r["text"], r["language"]) != r[key] for r in rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for line in report(changed="--changed" in args):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
