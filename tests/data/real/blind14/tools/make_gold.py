"""Write ru/gold.jsonl and en/gold.jsonl from annotators/*/labels (standard library only).

python3 tools/make_gold.py   (run from tests/data/real/blind14)
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
for lang, annotator in (("ru", "rb14-ru"), ("en", "rb14-en")):
    lines = []
    for note in sorted((HERE / lang / "notes").glob("*.md")):
        labels = HERE / "annotators" / annotator / "labels" / f"{note.stem}.txt"
        if not labels.exists():
            raise SystemExit(f"{labels}: missing (every note is labelled completely or not at all)")
        out = subprocess.run(
            [sys.executable, str(HERE / "tools" / "units.py"), str(note), "--gold", str(labels)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines += out.splitlines()
    (HERE / lang / "gold.jsonl").write_text(
        "".join(line + "\n" for line in lines), encoding="utf-8"
    )
    print(lang, len(lines), "gold lines")
