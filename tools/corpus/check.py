"""Check a corpus part before anyone measures on it: every gold line must point at its note.

For each gold line: the session is a note of the folder, the text is one of the units the
toolkit judges in that note (whitespace-normalised; a line that only overlaps a unit by half of
the shorter text, the matching rule of docs/evaluation.md, is reported apart), and the speaker
is a front-matter name or null. Nothing is extracted or scored, so it is safe on a blind part.

    python tools/corpus/check.py tests/data/real/blind2/notes tests/data/real/blind2/gold_en.jsonl
"""

from __future__ import annotations

import json
import sys
from difflib import SequenceMatcher
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sentences import units


def _norm(text: str) -> str:
    return " ".join(text.split())


def _overlaps(a: str, b: str) -> bool:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size * 2 >= min(len(a), len(b))


@click.command()
@click.argument("notes", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def main(notes: Path, gold: Path) -> None:
    from toolkit.notes import iter_notes
    from toolkit.profile import default_profile

    paths = sorted(notes.glob("*.md"))
    speakers: dict[str, set[str]] = {}
    for note in iter_notes(paths, default_profile()):
        if note.session is not None:
            people = [*note.session.speakers, note.session.moderator]
            speakers[note.session.id] = {p.name for p in people if p is not None}
    texts = {path.stem: [_norm(u["text"]) for u in units(path)] for path in paths}
    exact = overlap = 0
    problems: list[str] = []
    for number, raw in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        line = json.loads(raw)
        where = f"{gold}:{number}"
        found = texts.get(line["session"])
        if found is None:
            problems.append(f"{where}: no note {line['session']!r} in {notes}")
            continue
        text = _norm(line["text"])
        if text in found:
            exact += 1
        elif any(_overlaps(text, unit) for unit in found):
            overlap += 1
        else:
            problems.append(f"{where}: text not found in {line['session']}.md")
        if line.get("speaker") is not None and line["speaker"] not in speakers[line["session"]]:
            problems.append(f"{where}: speaker {line['speaker']!r} is not in the front matter")
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(
        f"{gold}: {exact + overlap} lines match their notes ({overlap} by overlap only), "
        f"{len(problems)} problems; {sum(map(len, texts.values()))} units in {len(paths)} notes"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
