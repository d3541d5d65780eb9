"""Build a Russian blind14 note from a kremlin.ru row of the kremlin-scraper CSV (stdlib only).

python3 build_ru.py SPEC.json  -> writes ../ru/notes/<id>.md
SPEC: {"id", "event", "title", "format", "date", "track", "speakers": [{"name", "role", ...}],
       "start": text where the kept part begins, "end": text where it ends (exclusive),
       "fix": [[old, new], ...] (name cards, sidebar inserts),
       "labels": {"В.Путин": "Путин В.", ...},
       "cut": [[from_text, to_text], ...] parts left out inside the kept span (replaced by <…>)}
The CSV has lost paragraph breaks: every turn becomes one paragraph, a lead before the first
turn is its own paragraph.
"""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

GIT = "/work/.mirror/gabrielkmbo+kremlin-scraper/repo"
COMMIT = "0e25ac4ef80c66740f9b01831bf1554f8cb57520"
RESERVED = {"76525", "76685", "76738"}
# a site name card flattened into the text: "Сергей Лавров Лавров Сергей Викторович Министр … ,"
NAME_CARD = re.compile(
    r"(([А-ЯЁ][а-яё-]+) ([А-ЯЁ][а-яё-]+)) \3 \2 "
    r"[А-ЯЁ][а-яё]+(?:вич|вна|ична|ич|оглы|кызы)\b.{0,160}? (?=[,.;:)])"
)


# site inserts inside the text: "Смотрите также <title> <date> года", "Дополнительно …"
SIDEBAR = re.compile(
    r"(?: Смотрите также| Дополнительно)(?: [^.!?]*? \d{1,2} [а-яё]+ 20\d\d года)+"
)
TAIL = re.compile(
    r" (?:Смотрите также Все новости|Смотрите также Новости|География |Темы |Статус материала )"
)


def row_text(event: str) -> tuple[int, str]:
    """(row index, concatenated article text) of one event; reserved rows are skipped unread."""
    if event in RESERVED:
        raise SystemExit(f"event {event} is reserved: never open it")
    raw = subprocess.run(
        ["git", f"--git-dir={GIT}", "show", f"{COMMIT}:kremlin_articles_ru_enhanced.csv"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8-sig")
    csv.field_size_limit(10**9)
    for i, row in enumerate(csv.DictReader(raw.splitlines(keepends=True))):
        m = re.search(r"/(\d{5})", row["url"])
        if not m or m.group(1) in RESERVED or m.group(1) != event:
            continue
        return i, "".join(row.get(f"article_full_text_{k}", "") or "" for k in range(1, 11))
    raise SystemExit(f"event {event} not in the CSV")


def yaml_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'" if re.search(r"[:#'\"«]|^\W", value) else value


def build(spec: dict) -> str:
    _, text = row_text(spec["event"])
    text = text.replace("\xa0", " ")
    start = text.index(spec["start"])
    if spec.get("end"):
        end = text.index(spec["end"], start)
    else:
        tail = TAIL.search(text, start)
        end = tail.start() if tail else len(text)
    body = SIDEBAR.sub("", NAME_CARD.sub(r"\1", text[start:end]))
    for old, new in spec.get("fix", []):
        if old not in body:
            raise SystemExit(f"fix not found: {old!r}")
        body = body.replace(old, new)
    body = body.replace(" <…>", " \x00 ")  # the source's own cut marks become <…> paragraphs
    for a, b in spec.get("cut", []):
        i = body.index(a)
        j = body.index(b, i)
        body = body[:i] + " \x00 " + body[j:]
    labels = spec.get("labels", {})
    pattern = "|".join(re.escape(k) + r"\s?:" for k in sorted(labels, key=len, reverse=True))
    parts = re.split(f"({pattern})", body) if pattern else [body]
    paras = []
    lead = parts[0].strip()
    if lead:
        paras.append(lead)
    for k in range(1, len(parts), 2):
        src = parts[k].rstrip(":").strip()
        paras.append(f"{labels[src]}: {parts[k + 1].strip()}")
    out = []
    for p in paras:
        p = re.sub(r"\s+", " ", p).strip()
        for piece in p.split("\x00"):
            piece = piece.strip()
            if piece:
                out.append(piece)
            out.append("<…>")
        out.pop()
    lines = [
        "---",
        f"id: {spec['id']}",
        f"title: {yaml_str(spec['title'])}",
        f"format: {spec['format']}",
        f"date: {spec['date']}",
        f"track: {spec['track']}",
        "language: ru",
        "speakers:",
    ]
    for s in spec["speakers"]:
        lines.append(f"  - name: {s['name']}")
        for key in ("role", "organization", "region"):
            if s.get(key):
                lines.append(f"    {key}: {yaml_str(s[key])}")
    lines += ["---", ""]
    for p in out:
        lines += [p, ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(__file__).resolve().parent.parent / "ru" / "notes" / f"{spec['id']}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build(spec), encoding="utf-8")
    print(out, len(out.read_text(encoding="utf-8").split()), "words")
