"""Independent sanity check of the held-out gold (does not use the toolkit).

- every gold text occurs (whitespace-normalised, Markdown markup stripped) in its note;
- every speaker is a front-matter name (moderator or speakers[].name);
- every gold text is one whole judged unit (sentence or list item) of the note;
- prints per-language counts of judged units ("decisions") and proposals.
Run: python3 tests/data/dev5/check_gold.py
"""
import json, re, sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).parent
LABEL = re.compile(r"^(?:\*\*[^*\n]{1,60}?:\*\*|\*\*[^*\n]{1,60}?\*\*:|(?:[A-ZА-ЯЁ][\w\-]*\.?\s?){1,4}:)\s+")
ATTR = re.compile(r"\s*(?:\((?:[A-ZА-ЯЁ][\w\-]+)\)\.?|[—–]\s+[A-ZА-ЯЁ][\w\-]+(?: [A-ZА-ЯЁ][\w\-]+)?)\s*$")
SENT = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][»\"”)]))\s+(?=[«\"“(—A-ZА-ЯЁ])")
INITIAL = re.compile(r"(?:^|\s)[A-ZА-ЯЁ]\.$")


def sentences(p):
    out = []
    for x in SENT.split(p):
        if out and INITIAL.search(out[-1]):
            out[-1] += " " + x
        else:
            out.append(x)
    return [x for x in out if x]


def norm(s):
    s = re.sub(r"\*\*|__|(?<!\w)_|_(?!\w)|`", "", s)
    return re.sub(r"\s+", " ", s).strip()


def parse(path):
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---", 2)
    meta = yaml.safe_load(fm)
    return meta, body


def units(body):
    """Judged units: list items whole, paragraphs split into sentences; labels and attributions cut."""
    out = []
    for block in re.split(r"\n\s*\n", body):
        lines = [l for l in block.strip().splitlines() if l.strip()]
        para = []
        for l in lines:
            if l.lstrip().startswith("#"):
                continue
            m = re.match(r"^\s*(?:[-*]|\d+\.)\s+(.*)$", l)
            if m:
                item = norm(m.group(1))
                item = LABEL.sub("", item, count=1) if re.match(r"^[^:]{1,40}:\s", item) and not re.search(r"[—–]", item.split(":")[0]) and len(item.split(":")[0].split()) <= 3 else item
                out.append(ATTR.sub("", item))
            else:
                para.append(l)
        if para:
            p = norm(" ".join(para))
            p = LABEL.sub("", p, count=1)
            out.extend(sentences(p))
    return out


def main():
    gold = [json.loads(l) for l in (HERE / "gold.jsonl").open(encoding="utf-8")]
    notes = {p.stem: parse(p) for p in sorted((HERE / "notes").glob("*.md"))}
    bad = 0
    dec, props = Counter(), Counter()
    for sid, (meta, body) in notes.items():
        assert meta["id"] == sid, sid
        dec[meta["language"]] += len(units(body))
    for g in gold:
        meta, body = notes[g["session"]]
        nb, nt = norm(body), norm(g["text"])
        if nt not in nb:
            print("NOT FOUND:", g); bad += 1
        us = [norm(u) for u in units(body)]
        if not any(nt.strip('—– ') == u.strip('—– ').rstrip() or nt == u for u in us):
            if not any(u.endswith(nt) or u.startswith(nt) for u in us):
                print("NOT A WHOLE UNIT:", g["session"], nt)
        names = [meta.get("moderator")] + [s["name"] for s in meta.get("speakers", [])]
        if "speaker" in g and g["speaker"] not in names:
            print("BAD SPEAKER:", g); bad += 1
        props[meta["language"]] += 1
    per_session = Counter(g["session"] for g in gold)
    for sid in notes:
        print(f"{sid:34} {notes[sid][0]['language']}  units={len(units(notes[sid][1])):3}  proposals={per_session[sid]}")
    for lang in sorted(dec):
        print(f"{lang}: decisions={dec[lang]} proposals={props[lang]}")
    print("total:", sum(dec.values()), sum(props.values()))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
