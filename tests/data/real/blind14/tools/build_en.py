"""Build an English blind14 note from an en.kremlin.ru page (standard library only).

python3 build_en.py SPEC.json  -> writes ../en/notes/<id>.md
SPEC: {"id", "event", "title", "format", "date", "track", "speakers": [{"name", "role", ...}],
       "keep": [[from, to], ...] (1-based source paragraphs, inclusive), "fix": [[old, new], ...],
       "label_at": {"<paragraph>": "Full Name"} for a kept range that starts inside someone's turn}
The source labels "<role> <Full Name>:" become "**Full Name:**"; a gap between kept ranges is "<…>".
"""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

GIT = "/work/.mirror/iandennismiller+valdai-transcripts/repo"
COMMIT = "d365d811cb40d792621e10c96f38729f6150cb21"
# a site name card flattened into the text: "Sergei Kiriyenko Kiriyenko SergeiFirst Deputy ... ,"
NAME_CARD = re.compile(
    r"(\b([A-Z][\w'-]+) ([A-Z][\w'-]+)) \3 \2(?:(?=[A-Z(])[^,;:]*?(?:\([^)]*\))?)?\s([,.;:])"
)
RESERVED = {"54172", "55376", "56511", "56827", "57050"}


def paragraphs(event: str) -> list[str]:
    """The article-body paragraphs of one page, HTML removed."""
    if event in RESERVED:
        raise SystemExit(f"event {event} is reserved: never open it")
    path = f"{COMMIT}:var/extract/en.kremlin.ru/events/president/news/{event}.html"
    page = subprocess.run(
        ["git", f"--git-dir={GIT}", "show", path], capture_output=True, check=True
    ).stdout.decode()
    body = page.split('itemprop="articleBody"', 1)[1]
    body = re.split(
        r'<div class="read__bottommeta|<div class="read__tags|itemprop="keywords"', body
    )[0]
    out = []
    for raw in re.findall(r"<p[^>]*>(.*?)</p>", body, flags=re.S):
        raw = re.sub(r"<br\s*/?>", " ", raw)
        text = html.unescape(re.sub("<[^>]+>", "", raw)).replace("\xa0", " ")
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            out.append(text)
    return out


def yaml_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'" if re.search(r"[:#'\"]|^\W", value) else value


def build(spec: dict) -> str:
    pars = paragraphs(spec["event"])
    names = [s["name"] for s in spec["speakers"]]
    lines = [
        "---",
        f"id: {spec['id']}",
        f"title: {yaml_str(spec['title'])}",
        f"format: {spec['format']}",
        f"date: {spec['date']}",
        f"track: {spec['track']}",
        "language: en",
        "speakers:",
    ]
    for s in spec["speakers"]:
        lines.append(f"  - name: {s['name']}")
        for key in ("role", "organization", "region"):
            if s.get(key):
                lines.append(f"    {key}: {yaml_str(s[key])}")
    lines += ["---", ""]
    prev = None
    for a, b in spec["keep"]:
        if prev is not None and a != prev + 1:
            lines += ["<…>", ""]
        for i in range(a, b + 1):
            text = pars[i - 1]
            if text == "* * *":
                continue
            for old, new in spec.get("fix", []):
                text = text.replace(old, new)
            text = NAME_CARD.sub(r"\1\4", text)
            if str(i) in spec.get("label_at", {}):  # a kept range that starts inside a turn
                text = f"**{spec['label_at'][str(i)]}:** " + text
            m = re.match(r"^([^:]{3,160}):\s+", text)
            if m:
                label = m.group(1)
                hit = [n for n in names if label.endswith(n)]
                if hit:
                    text = f"**{hit[0]}:** " + text[m.end() :]
                elif re.search(r"[A-Z][a-z]+ [A-Z][a-z]+$", label) and len(label.split()) <= 12:
                    print(f"warning: unmatched label {label!r} in paragraph {i}", file=sys.stderr)
            lines += [text, ""]
        prev = b
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(__file__).resolve().parent.parent / "en" / "notes" / f"{spec['id']}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build(spec), encoding="utf-8")
    print(out, len(out.read_text(encoding="utf-8").split()), "words")
