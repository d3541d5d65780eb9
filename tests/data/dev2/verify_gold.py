"""Self-check of the held-out set (stdlib only; not part of the toolkit).

    python3 tests/data/dev2/verify_gold.py [--list]

1. every gold text occurs, whitespace-normalised and with Markdown markup stripped, in its note;
2. every gold speaker is a front-matter name (speakers or moderator) of that note;
3. splits each note body into judged units (list items; sentences of other paragraphs;
   headings are not units) and counts decisions and proposals per language.
   --list prints every unit, '+' for a gold proposal.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTES = HERE / "notes"


def norm(s):
    s = re.sub(r"\*\*|__|`", "", s)
    return re.sub(r"\s+", " ", s).strip()


def split_note(path):
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = {}
    names = set()
    for line in fm.splitlines():
        m = re.match(r"^(\w+):\s*(.*)$", line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
        m = re.match(r"^\s+- name:\s*(.+)$", line)
        if m:
            names.add(m.group(1).strip())
    if meta.get("moderator"):
        names.add(meta["moderator"])
    return meta, names, body


NAME = r"[A-ZА-ЯЁ][\w.\-]*"
LABEL = re.compile(
    r"^(\*\*[^*\n]{2,40}:\*\*|\*\*[^*\n]{2,40}\*\*:|" + NAME + r"(?: " + NAME + r"){0,2}:)\s+"
)
SENT = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][»\"]))\s+(?=[«\"A-ZА-ЯЁ0-9])")


def units(body):
    out = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block:
            continue
        lines = block.splitlines()
        if all(re.match(r"^\s*(?:[-*]|\d+\.)\s+", line) for line in lines):
            for line in lines:
                out.append(("item", norm(re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line))))
            continue
        if block.startswith("#"):
            continue
        para = norm(block)
        para = LABEL.sub("", para, count=1)
        for s in SENT.split(para):
            out.append(("sent", s))
    return out


def main():
    listing = "--list" in sys.argv
    raw = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in raw if line.strip()]
    by_session = {}
    for g in gold:
        by_session.setdefault(g["session"], []).append(g)
    errors = 0
    dec, prop = Counter(), Counter()
    for path in sorted(NOTES.glob("*.md")):
        meta, names, body = split_note(path)
        sid, lang = meta["id"], meta["language"]
        assert sid == path.stem, path
        nb = norm(body)
        us = units(body)
        gl = by_session.pop(sid, [])
        for g in gl:
            t = norm(g["text"])
            if t not in nb:
                print(f"NOT FOUND {sid}: {t}")
                errors += 1
            if "speaker" in g and g["speaker"] not in names:
                print(f"BAD SPEAKER {sid}: {g['speaker']}")
                errors += 1
            hits = [u for u in us if t in u[1]]
            if len(hits) != 1:
                print(f"UNIT MISMATCH ({len(hits)}) {sid}: {t}")
                errors += 1
        gold_texts = [norm(g["text"]) for g in gl]
        dec[lang] += len(us)
        prop[lang] += len(gl)
        if listing:
            print(f"\n=== {sid} ({lang}) units={len(us)} gold={len(gl)}")
            for kind, u in us:
                mark = "+" if any(t in u for t in gold_texts) else " "
                print(f" {mark} [{kind}] {u}")
    for sid in by_session:
        print(f"GOLD FOR UNKNOWN SESSION {sid}")
        errors += 1
    for lang in sorted(dec):
        print(f"{lang}: decisions={dec[lang]} proposals={prop[lang]}")
    print(f"total: decisions={sum(dec.values())} proposals={sum(prop.values())} errors={errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
