"""Copy the annotators' work into tests/data/real/: notes and gold by language, a blind part.

The blind part is chosen by the note id alone (sha1 of the id, remainder 0 of 5), a rule
fixed before any error on the corpus was studied, so no one picks which notes are hard.

    python tools/corpus/assemble.py /work/corpus ru-a ru-b en-a en-b
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[2] / "tests" / "data" / "real"


def is_blind(session: str) -> bool:
    return int(hashlib.sha1(session.encode()).hexdigest(), 16) % 5 == 0


def main(source: Path, names: list[str]) -> None:
    gold: dict[str, list[str]] = {"ru": [], "en": [], "blind": []}
    for name in names:
        folder = source / name
        lines = [line for line in (folder / "gold.jsonl").read_text().splitlines() if line.strip()]
        by_session: dict[str, list[str]] = {}
        for line in lines:
            by_session.setdefault(json.loads(line)["session"], []).append(line)
        for note in sorted((folder / "notes").glob("*.md")):
            if not (folder / "labels" / f"{note.stem}.txt").exists():
                continue  # not labelled completely: left out
            lang = "ru" if note.stem.startswith("r-ru-") else "en"
            part = "blind" if is_blind(note.stem) else lang
            dest = TARGET / part / "notes"
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy(note, dest / note.name)
            gold[part].extend(by_session.get(note.stem, []))
        keep = TARGET / "annotators" / name
        keep.mkdir(parents=True, exist_ok=True)
        for doc in ("SOURCES.md", "DECISIONS.md"):
            if (folder / doc).exists():
                shutil.copy(folder / doc, keep / doc)
        if (folder / "labels").is_dir():
            shutil.copytree(folder / "labels", keep / "labels", dirs_exist_ok=True)
    for part, lines in gold.items():
        if lines:
            (TARGET / part / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
