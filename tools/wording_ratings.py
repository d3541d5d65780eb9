"""Shares of suggested wordings rated usable / needs a touch / wrong (tests/data/wording/).

    python tools/wording_ratings.py            # the shares of every rating pass, per language
    python tools/wording_ratings.py --changed  # also: how many suggestions differ today
    python tools/wording_ratings.py --draw     # write blind2.jsonl, an unrated sheet (see README)

A rating sheet is JSON Lines; a pass is a ``rating…`` field (``rating_first``,
``rating_second`` or ``rating``) with U (usable as is), T (needs a touch) or W (wrong), or
empty while nobody has rated the row yet: such rows are counted as "unrated".
``proposal`` is false where the rater judged the extracted sentence not a proposal at all.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEETS = ROOT / "tests" / "data" / "wording"
RATINGS = ("U", "T", "W")

#: Gold proposals never rated and never looked at while the rules were written, for the
#: second blind sheet: the blind part of the real-speech corpus, the held-out notes' gold
#: (less what blind.jsonl rated), and the first invented dev set (no sheet rated it).
#: Only the project's own data: the shared real-dev transcripts must not be copied in.
DRAW_SOURCES = {
    "real-blind": ROOT / "tests" / "data" / "real" / "blind" / "gold.jsonl",
    "heldout": ROOT / "tests" / "data" / "heldout" / "gold.jsonl",
    "dev": ROOT / "tests" / "data" / "dev" / "gold.jsonl",
}
DRAW_SEED = 20261130
DRAW_SIZE = 220  # per language: at least 200 rated rows even if a few are set aside


def read_sheet(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for number, row in enumerate(rows, 1):
        for key, value in row.items():
            if key.startswith("rating") and value not in (*RATINGS, "", None):
                raise SystemExit(f"{path}:{number}: {key} is {value!r}; use U, T or W")
    return rows


def shares(rows: list[dict], key: str) -> dict[str, str]:
    """``{"ru": "220: U 157, T 31, W 32 → 85.5% usable or a touch", …}``; rows not rated
    yet are left out of the shares and counted apart."""
    out = {}
    for lang in ("ru", "en"):
        mine = [row for row in rows if row["language"] == lang]
        counts = Counter(row[key] for row in mine if row.get(key))
        unrated = len(mine) - sum(counts.values())
        total = sum(counts.values())
        if total:
            good = 100 * (counts["U"] + counts["T"]) / total
            parts = ", ".join(f"{r} {counts[r]}" for r in RATINGS)
            out[lang] = f"{total}: {parts} → {good:.1f}% usable or a touch"
            out[lang] += f" ({unrated} unrated)" if unrated else ""
        elif mine:
            out[lang] = f"unrated ({len(mine)} rows)"
    return out


def report(changed: bool = False) -> list[str]:
    """The lines to print: every sheet, every pass, all rows and true proposals only."""
    lines = []
    for path in sorted(SHEETS.glob("*.jsonl")):
        rows = read_sheet(path)
        for key in sorted(k for k in rows[0] if k.startswith("rating")):
            for label, subset in (
                ("all rated", rows),
                ("true proposals", [r for r in rows if r.get("proposal") is not False]),
            ):
                for lang, text in shares(subset, key).items():
                    if text.startswith("unrated") and label != "all rated":
                        continue
                    lines.append(f"{path.name} {key} {lang} ({label}) {text}")
        if changed:
            lines.append(f"{path.name}: {_changed(rows)} suggestions differ from today's rules")
    return lines


def _changed(rows: list[dict]) -> int:
    from toolkit.nlp.wording import suggest_wording

    key = "suggestion_second" if "suggestion_second" in rows[0] else "suggestion"
    return sum(suggest_wording(r["text"], r["language"]) != r[key] for r in rows)


def draw(path: Path = SHEETS / "blind2.jsonl") -> list[str]:
    """Write an unrated sheet: :data:`DRAW_SIZE` gold proposals per language, drawn with
    :data:`DRAW_SEED` from :data:`DRAW_SOURCES`, none already in a rating sheet, each with
    today's suggested wording. Returns what was drawn from where."""
    from toolkit.evaluate import overlap
    from toolkit.extract import proposal_id
    from toolkit.nlp.wording import suggest_wording
    from toolkit.register import normalise
    from toolkit.textio import write_text_atomic

    rated: dict[str, list[str]] = {}
    for sheet in SHEETS.glob("*.jsonl"):
        if sheet != path:
            for row in read_sheet(sheet):
                rated.setdefault(row["session"], []).append(normalise(row["text"]))
    pool: dict[str, list[dict]] = {"ru": [], "en": []}
    for name, source in DRAW_SOURCES.items():
        for line in source.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            text = normalise(gold["text"])
            if any(overlap(text, seen) >= 0.5 for seen in rated.get(gold["session"], ())):
                continue  # rated before (the held-out notes' extracted proposals)
            lang = "ru" if re.search("[а-яё]", text, re.IGNORECASE) else "en"
            pool[lang].append({"set": name, "session": gold["session"], "text": gold["text"]})
    rows, lines = [], []
    for lang, found in pool.items():
        chosen = random.Random(f"{DRAW_SEED}-{lang}").sample(found, min(DRAW_SIZE, len(found)))
        counts = Counter(row["set"] for row in chosen)
        lines.append(f"{lang}: {len(chosen)} of {len(found)} ({dict(sorted(counts.items()))})")
        for row in chosen:
            rows.append(
                {
                    **row,
                    "id": proposal_id(row["session"], row["text"]),
                    "language": lang,
                    "proposal": True,
                    "suggestion": suggest_wording(row["text"], lang),
                    "rating": "",
                    "note": "",
                }
            )
    order = ("set", "session", "id", "language", "text", "proposal", "suggestion", "rating")
    text = "".join(
        json.dumps({k: row[k] for k in (*order, "note")}, ensure_ascii=False) + "\n" for row in rows
    )
    write_text_atomic(path, text)
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--draw" in args:
        for line in draw():
            print(line)
        return 0
    for line in report(changed="--changed" in args):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
