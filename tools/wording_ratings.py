r"""Shares of suggested wordings rated usable / needs a touch / wrong (tests/data/wording/).

    python tools/wording_ratings.py            # the shares of every rating pass, per language
    python tools/wording_ratings.py --changed  # also: how many suggestions differ today
    python tools/wording_ratings.py --list-changed  # those rows, each with its last mark
    python tools/wording_ratings.py --draw --out blind3.jsonl \
        --gold blind2=tests/data/real/blind2/gold_ru.jsonl \
        --gold blind2=tests/data/real/blind2/gold_en.jsonl  # a new unrated sheet (README)

A rating sheet is JSON Lines; a pass is a ``rating…`` field (``rating_first``,
``rating_second``, ``rating_before`` / ``rating_after`` or ``rating``) with U (usable as is),
T (needs a touch) or W (wrong), or
empty while nobody has rated the row yet: such rows are counted as "unrated".
``proposal`` is false where the rater judged the extracted sentence not a proposal at all.

``--draw`` takes gold proposals (``--gold [SET=]FILE``, repeatable; without it the sources
the second blind sheet was drawn from) that no sheet in tests/data/wording holds, samples
``--size`` per language (220) with the fixed seed, adds today's suggested wording and writes
``--out`` (a new file name in tests/data/wording; an existing sheet is never overwritten).
"""

from __future__ import annotations

import argparse
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


def last_mark(row: dict) -> tuple[str, str, str]:
    """The row's last mark, its note and the suggestion it rated: the last ``rating…`` field
    filled in (``rating_s13_dev`` rated ``suggestion_s13``, ``rating_after`` and a second
    rater's ``rating_after_rater2`` rated ``suggestion_after``)."""
    key = [k for k in row if k.startswith("rating") and row[k]][-1]
    suffix = key[len("rating") :]
    shared = re.sub(r"_(dev|rater\d+)$", "", suffix)  # the same suggestion, another pass
    rated = row.get("suggestion" + suffix, row.get("suggestion" + shared))
    return row[key], row.get("note" + suffix, ""), rated or ""


def changed_rows() -> list[str]:
    """Every rated row whose suggestion today differs from the one its last mark rated, with
    that mark, so a change of the rules can be read row by row (session 15)."""
    from toolkit.nlp.wording import suggest_wording

    lines = []
    for path in sorted(SHEETS.glob("*.jsonl")):
        for number, row in enumerate(read_sheet(path), 1):
            if not any(row.get(k) for k in row if k.startswith("rating")):
                continue
            mark, note, rated = last_mark(row)
            today = suggest_wording(row["text"], row["language"])
            if today != rated:
                lines += [f"{path.stem}:{number} {row['language']} {mark} {row['text']}"]
                lines += [f"  rated: {rated}", f"  today: {today}", f"  note:  {note}"]
    return lines


def _changed(rows: list[dict]) -> int:
    from toolkit.nlp.wording import suggest_wording

    latest = ("suggestion_after", "suggestion_second", "suggestion")
    key = next(k for k in latest if k in rows[0])  # the suggestion the last pass rated
    return sum(suggest_wording(r["text"], r["language"]) != r[key] for r in rows)


def draw(
    path: Path,
    sources: dict[str, list[Path]] | None = None,
    size: int = DRAW_SIZE,
) -> list[str]:
    """Write an unrated sheet at ``path``: ``size`` gold proposals per language, drawn with
    :data:`DRAW_SEED` from ``sources`` (set name → gold files; :data:`DRAW_SOURCES` when
    None), none already in a rating sheet, each with today's suggested wording. Returns what
    was drawn from where. Refuses (``SystemExit`` with one line) to overwrite a sheet or to
    read a gold file that is missing or not JSON Lines."""
    from toolkit.evaluate import overlap
    from toolkit.extract import proposal_id
    from toolkit.nlp.wording import suggest_wording
    from toolkit.register import normalise
    from toolkit.textio import write_text_atomic

    if path.exists():
        raise SystemExit(f"{path}: the sheet exists already; give a new name with --out")
    if sources is None:
        sources = {name: [source] for name, source in DRAW_SOURCES.items()}
    rated: dict[str, list[str]] = {}
    for sheet in SHEETS.glob("*.jsonl"):
        for row in read_sheet(sheet):
            rated.setdefault(row["session"], []).append(normalise(row["text"]))
    pool: dict[str, list[dict]] = {"ru": [], "en": []}
    for name, files in sources.items():
        for source in files:
            for gold in _read_gold(source):
                text = normalise(gold["text"])
                if any(overlap(text, seen) >= 0.5 for seen in rated.get(gold["session"], ())):
                    continue  # rated before (the held-out notes' extracted proposals)
                lang = "ru" if re.search("[а-яё]", text, re.IGNORECASE) else "en"
                pool[lang].append({"set": name, "session": gold["session"], "text": gold["text"]})
    rows, lines = [], []
    for lang, found in pool.items():
        chosen = random.Random(f"{DRAW_SEED}-{lang}").sample(found, min(size, len(found)))
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


def _read_gold(path: Path) -> list[dict]:
    """A gold file's proposals (``session`` and ``text`` of each line), or one clear line."""
    if not path.is_file():
        raise SystemExit(f"{path}: no such gold file; check the path given to --gold")
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
        except json.JSONDecodeError:
            gold = None
        if not isinstance(gold, dict) or not {"session", "text"} <= set(gold):
            raise SystemExit(f"{path}:{number}: not a gold line (JSON with session and text)")
        found.append(gold)
    return found


def _gold_sources(values: list[str]) -> dict[str, list[Path]]:
    """``--gold blind2=path`` (or a bare path, its folder's name as the set) by set name."""
    sources: dict[str, list[Path]] = {}
    for value in values:
        name, _, file = value.rpartition("=")
        path = Path(file)
        sources.setdefault(name or path.parent.name, []).append(path)
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changed", action="store_true", help="count stale suggestions too")
    parser.add_argument(
        "--list-changed", action="store_true", help="list the rows whose suggestion changed"
    )
    parser.add_argument("--draw", action="store_true", help="write a new unrated sheet")
    parser.add_argument("--gold", action="append", default=[], metavar="[SET=]FILE")
    parser.add_argument("--out", default="blind3.jsonl", help="the new sheet's file name")
    parser.add_argument("--size", type=int, default=DRAW_SIZE, help="rows per language")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.draw:
        sources = _gold_sources(args.gold) if args.gold else None
        for line in draw(SHEETS / Path(args.out).name, sources, args.size):
            print(line)
        return 0
    if args.list_changed:
        for line in changed_rows():
            print(line)
        return 0
    for line in report(changed=args.changed):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
