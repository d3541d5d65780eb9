"""Check blind14 (standard library only): notes, labels and gold agree.

python3 tools/check.py [--toolkit PATH/TO/toolkit]   (run from anywhere)
- front matter: id = file name, ISO date, a SPEC format, language = folder;
- every body speaker label names a front-matter speaker (units.py refuses otherwise);
- every gold line: session is a note of its language, `text` occurs exactly once in that note,
  `speaker` is a front-matter name or null;
- the gold lines are exactly the labelled units, in note order (labels/<id>.txt, numbers
  within the note);
- with --toolkit: `toolkit notes check --strict` passes on both folders (it does not extract).
Exit status 1 with one line per problem.
"""

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import units

HERE = Path(__file__).resolve().parent.parent
FORMATS = {
    "plenary",
    "panel",
    "roundtable",
    "lecture",
    "master-class",
    "presentation",
    "premiere",
    "other",
}
problems: list[str] = []

for lang, annotator in (("ru", "rb14-ru"), ("en", "rb14-en")):
    notes = {p.stem: p for p in sorted((HERE / lang / "notes").glob("*.md"))}
    names: dict[str, list[str]] = {}
    for stem, path in notes.items():
        text = path.read_text(encoding="utf-8")
        meta, _ = units.front_matter(text)
        fm = meta["fm"]
        field = dict(re.findall(r"^(id|format|date|language): *(.+)$", fm, flags=re.M))
        if field.get("id") != stem:
            problems.append(f"{path}: id {field.get('id')!r} is not the file name")
        if field.get("format") not in FORMATS:
            problems.append(f"{path}: format {field.get('format')!r} not in SPEC's list")
        if field.get("language") != lang:
            problems.append(f"{path}: language {field.get('language')!r}, folder {lang}")
        try:
            datetime.date.fromisoformat(field.get("date", ""))
        except ValueError:
            problems.append(f"{path}: date {field.get('date')!r} is not ISO")
        try:
            rows = units.units(path)
        except SystemExit as err:
            problems.append(f"{path}: {err}")
            continue
        names[stem] = meta["names"]
        labels = HERE / "annotators" / annotator / "labels" / f"{stem}.txt"
        if not labels.exists():
            problems.append(f"{labels}: missing")
            continue
        picked = units.read_labels(labels)
        if any(n < 1 or n > len(rows) for n in picked) or len(set(picked)) != len(picked):
            problems.append(f"{labels}: a unit number is out of 1..{len(rows)} or repeated")
    gold = [
        json.loads(line)
        for line in (HERE / lang / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for k, g in enumerate(gold, 1):
        where = f"{lang}/gold.jsonl:{k}"
        if g.get("session") not in notes:
            problems.append(f"{where}: session {g.get('session')!r} is not a note in {lang}/notes")
            continue
        body = notes[g["session"]].read_text(encoding="utf-8")
        if body.count(g["text"]) != 1:
            problems.append(
                f"{where}: text occurs {body.count(g['text'])} times in its note, must be once"
            )
        if g.get("speaker") is not None and g["speaker"] not in names.get(g["session"], []):
            problems.append(f"{where}: speaker {g['speaker']!r} is not a front-matter name")
    labelled = []
    for stem, path in notes.items():
        labels = HERE / "annotators" / annotator / "labels" / f"{stem}.txt"
        if stem not in names or not labels.exists():
            continue
        picked = set(units.read_labels(labels))
        labelled += [
            {"session": stem, "text": t, "speaker": sp}
            for n, sp, t in units.units(path)
            if n in picked
        ]
    if labelled != gold:
        problems.append(
            f"{lang}/gold.jsonl: not the labelled units ({len(gold)} lines, "
            f"{len(labelled)} labelled); run tools/make_gold.py"
        )

if "--toolkit" in sys.argv:
    tk = sys.argv[sys.argv.index("--toolkit") + 1]
    for lang in ("ru", "en"):
        run = subprocess.run(
            [tk, "notes", "check", "--strict", str(HERE / lang / "notes")],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            problems.append(
                f"toolkit notes check --strict {lang}/notes: "
                f"{run.stdout.strip()} {run.stderr.strip()}"
            )

for p in problems:
    print(p)
print(f"{len(problems)} problems")
sys.exit(1 if problems else 0)
