"""Check the dev gold set and count judged decisions, without using the toolkit.

Run from the repository root:  .venv/bin/python tests/data/dev/check_gold.py

A *decision* is one judged unit: a sentence of running text or one list item
(headings and front matter are not judged). The splitter here is deliberately
simple and independent of the extraction code; it is used only for counting.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

DEV = Path(__file__).resolve().parent
ROOT = DEV.parents[2]
SAMPLE = ROOT / "session_notes"

FRONT = re.compile(r"^---\n(.*?)\n---\n", re.S)
ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^#{1,6}\s")
BOUNDARY = re.compile(r"[.!?…]+[»\"”')]*\s+(?=[«\"“(—–-]?\s?[A-ZА-ЯЁ0-9])")
ABBREV = re.compile(r"(?:^|[\s(«\"])(?:[A-ZА-ЯЁ]|т\.\s?е|т\.\s?д|г|гг|см|др|e\.g|i\.e|Mr|Dr|St)\.$")


def read_note(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    match = FRONT.match(raw)
    return yaml.safe_load(match.group(1)), raw[match.end() :]


def strip_markup(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for match in BOUNDARY.finditer(paragraph):
        chunk = paragraph[start : match.start() + len(match.group(0).rstrip())]
        if ABBREV.search(chunk.rstrip("»\"”')")):
            continue
        out.append(chunk.strip())
        start = match.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def units(body: str) -> list[str]:
    """Sentences of running text and list items, in file order."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in body.split("\n"):
        if HEADING.match(line) or not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif ITEM.match(line):
            if current:
                blocks.append(current)
            current = ["item", line]
        elif current:
            current.append(line)
        else:
            current = ["para", line]
    if current:
        blocks.append(current)
    result = []
    for kind, *lines in blocks:
        text = strip_markup(" ".join(lines))
        if kind == "item":
            result.append(ITEM.sub("", text))
        else:
            result.extend(sentences(text))
    return result


def language(front: dict, body: str) -> str:
    if front.get("language") in ("en", "ru"):
        return front["language"]
    cyrillic = len(re.findall(r"[А-Яа-яЁё]", body))
    latin = len(re.findall(r"[A-Za-z]", body))
    return "ru" if cyrillic > latin else "en"


def normalised_body(body: str) -> str:
    body = re.sub(r"\*\*(.+?)\*\*", r"\1", body)
    body = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", body, flags=re.M)
    body = re.sub(r"^#+\s*", "", body, flags=re.M)
    return re.sub(r"\s+", " ", body)


def main() -> int:
    errors: list[str] = []
    notes = {}
    for path in sorted((DEV / "notes").glob("*.md")):
        front, body = read_note(path)
        if front["id"] != path.stem:
            errors.append(f"{path.name}: id {front['id']!r} differs from the file name")
        names = [front.get("moderator")] + [s["name"] for s in front.get("speakers") or []]
        notes[front["id"]] = (front, body, normalised_body(body), names)

    proposals = {"en": 0, "ru": 0}
    positions = []
    gold_lines = (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(gold_lines, 1):
        row = json.loads(line)
        if row["session"] not in notes:
            errors.append(f"gold.jsonl:{number}: unknown session {row['session']!r}")
            continue
        front, body, flat, names = notes[row["session"]]
        position = flat.find(row["text"])
        if position < 0:
            errors.append(f"gold.jsonl:{number}: text not in the note: {row['text'][:60]}")
        if "speaker" in row and row["speaker"] not in names:
            errors.append(f"gold.jsonl:{number}: speaker {row['speaker']!r} not in front matter")
        positions.append((row["session"], position))
        proposals[language(front, body)] += 1
    if positions != sorted(positions):
        errors.append("gold.jsonl: not ordered by session, then position")

    dev = {"en": 0, "ru": 0}
    for front, body, _, _ in notes.values():
        dev[language(front, body)] += len(units(body))
    sample = {"en": 0, "ru": 0}
    for path in sorted(SAMPLE.rglob("*.md")):
        front, body = read_note(path)
        sample[language(front, body)] += len(units(body))

    print(f"dev notes: {len(notes)}; gold proposals: {len(gold_lines)}")
    for lang in ("ru", "en"):
        total = dev[lang] + sample[lang]
        print(
            f"{lang}: dev decisions {dev[lang]}, dev proposals {proposals[lang]}, "
            f"sample decisions {sample[lang]}, dev + sample decisions {total}"
        )
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
