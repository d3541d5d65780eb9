"""Self-check of the held-out set, independent of the toolkit.

Checks that every gold text occurs (markup stripped, whitespace collapsed) in its
note, that it coincides with one judged unit (sentence or list item, without the
leading speaker label and trailing attribution), that speakers are front-matter
names, and prints per-language counts of judged units and proposals.

Run: python3 tests/data/dev3/verify_gold.py
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ABBREV = {"г", "тыс", "руб", "млн", "ch", "dr", "mr", "mrs", "st", "e.g", "i.e"}
LABEL = re.compile(
    r"^(?:[A-ZА-ЯЁ][\w.]*\.?\s){0,2}[A-ZА-ЯЁ][\w-]+(?:\s[A-ZА-ЯЁ]\.\s?[A-ZА-ЯЁ]?\.?)?"
    r"(?:\s(?:с места))?:\s+"
)
ATTRIB = re.compile(
    r"\s*(?:\((?:[A-ZА-ЯЁ][\w-]+(?:,\s*)?)+\)|[—–]\s+(?:[A-ZА-ЯЁ][\w-]+\s?){1,2})\.?$"
)


def norm(text):
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def front_matter(text):
    head, body = text.split("\n---\n", 1)
    names = re.findall(r"^\s*(?:-\s+)?name:\s*(.+)$", head, re.M)
    mod = re.search(r"^moderator:\s*(\S.*)$", head, re.M)
    if mod:
        names.append(mod.group(1).strip())
    lang = re.search(r"^language:\s*(\w+)", head, re.M).group(1)
    return names, lang, body


def sentences(par):
    parts, start = [], 0
    for m in re.finditer(r"[.!?…][»\"]?(?=\s+[«\"A-ZА-ЯЁ])", par):
        before = par[start : m.start()].split()
        last = before[-1].lower().strip('(«"') if before else ""
        if m.group(0).startswith(".") and (len(last) == 1 or last in ABBREV):
            continue
        parts.append(par[start : m.end()])
        start = m.end()
    parts.append(par[start:])
    return [norm(p) for p in parts if norm(p)]


def units(body):
    out, para = [], []

    def flush():
        if para:
            out.extend(sentences(" ".join(para)))
            para.clear()

    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            flush()
        elif re.match(r"^\s*(?:[-*]|\d+\.)\s+", line):
            flush()
            out.append(norm(re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)))
        else:
            para.append(line)
    flush()
    return out


def strip_unit(unit):
    unit = LABEL.sub("", unit, count=1)
    return ATTRIB.sub("", unit).strip()


def main():
    gold = [json.loads(line) for line in (HERE / "gold.jsonl").open(encoding="utf-8")]
    notes = {p.stem: p for p in (HERE / "notes").glob("*.md")}
    problems = 0
    per_lang = Counter()
    per_session = Counter(g["session"] for g in gold)
    parsed = {}
    for sid, path in sorted(notes.items()):
        names, lang, body = front_matter(path.read_text(encoding="utf-8"))
        us = units(body)
        parsed[sid] = (names, lang, body, us)
        per_lang[lang, "notes"] += 1
        per_lang[lang, "decisions"] += len(us)
        per_lang[lang, "proposals"] += per_session[sid]
    seen = set()
    for g in gold:
        sid, text = g["session"], norm(g["text"])
        if sid not in parsed:
            print("unknown session", sid)
            problems += 1
            continue
        names, _, body, us = parsed[sid]
        if (sid, text) in seen:
            print("duplicate", sid, text)
            problems += 1
        seen.add((sid, text))
        if text not in norm(body):
            print("NOT IN NOTE", sid, text)
            problems += 1
        if not any(text == strip_unit(u) or text == u for u in us):
            print("not a whole unit (check by eye):", sid, text)
        if "speaker" in g and g["speaker"] not in names:
            print("speaker not in front matter", sid, g["speaker"])
            problems += 1
    for lang in sorted({k[0] for k in per_lang}):
        print(
            lang,
            "notes",
            per_lang[lang, "notes"],
            "decisions",
            per_lang[lang, "decisions"],
            "proposals",
            per_lang[lang, "proposals"],
        )
    if "-v" in sys.argv:
        for sid, (_, _, _, us) in sorted(parsed.items()):
            texts = {norm(g["text"]) for g in gold if g["session"] == sid}
            for u in us:
                mark = "P" if strip_unit(u) in texts or u in texts else " "
                print(mark, sid, "|", u)
    print("problems:", problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
