"""Number the units (sentences) of a blind14 note, standard library only.

Our own splitter, not the toolkit's: the set is blind, so no toolkit code runs on it.
Usage: python3 units.py NOTE.md            -> N<TAB>speaker<TAB>text
       python3 units.py NOTE.md --gold LABELS.txt  -> gold JSON lines for the labelled units
"""

import json
import re
import sys
from pathlib import Path

EN_LABEL = re.compile(r"^\*\*(?P<label>[^*]+?):\*\*\s*")
RU_LABEL = re.compile(r"^(?P<label>[А-ЯЁ][а-яё-]+(?:-[А-ЯЁ][а-яё]+)? [А-ЯЁ]\.(?:[А-ЯЁ]\.)?):\s+")
UNNAMED = re.compile(r"^(Remark|Реплика|Вопрос|Question):\s")
ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "vs",
    "etc",
    "jr",
    "prof",
    "gen",
    "lt",
    "col",
    "sen",
    "г",
    "гг",
    "т",
    "д",
    "им",
    "ул",
    "пр",
    "др",
    "см",
    "стр",
    "млн",
    "млрд",
    "тыс",
    "руб",
    "н",
    "э",
    "ст",
    "п",
    "чел",
    "коп",
    "кв",
    "км",
    "обл",
    "р",
    "т.е",
    "т.д",
    "т.п",
    "e.g",
    "i.e",
}
BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”’)]*\s+(?=[«\"“(\[—–-]?\s*[A-ZА-ЯЁ0-9<])")


def front_matter(text: str) -> tuple[dict, str]:
    """Return (speaker names, body) from a note; front matter parsed by hand (no YAML lib)."""
    _, fm, body = text.split("---\n", 2)
    names = re.findall(r"^\s*- name:\s*['\"]?(.+?)['\"]?\s*$", fm, flags=re.M)
    return {"names": names, "fm": fm}, body


def owner(label: str, names: list[str]) -> str | None:
    """Map a body label to its front-matter name (Russian 'Фамилия И.' by surname + initial)."""
    if label in names:
        return label
    m = re.match(r"([А-ЯЁ][\w-]+) ([А-ЯЁ])\.", label)
    if m:
        hits = [n for n in names if n.split()[-1] == m.group(1) and n.split()[0][0] == m.group(2)]
        if len(hits) == 1:
            return hits[0]
    raise SystemExit(f"label {label!r} names no front-matter speaker")


def split(par: str) -> list[str]:
    """Split one paragraph into sentences, keeping initials and abbreviations together."""
    out, start = [], 0
    for m in BOUNDARY.finditer(par):
        head = par[start : m.start()].rstrip('»"”’)')
        last = re.search(r"(\S+)$", head)
        word = last.group(1).rstrip(".").lower() if last else ""
        if re.fullmatch(r"[A-ZА-ЯЁ]\.?", last.group(1) if last else "") or word in ABBREV:
            continue
        if re.search(r"\b[A-ZА-ЯЁ]\.[A-ZА-ЯЁ]?\.?$", head):
            continue
        out.append(par[start : m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    out.append(par[start:].strip())
    return [s for s in out if s]


def units(path: Path) -> list[tuple[int, str | None, str]]:
    """All units of a note, numbered from 1, with the owner of the turn."""
    meta, body = front_matter(path.read_text(encoding="utf-8"))
    names = meta["names"]
    rows, speaker, n = [], None, 0
    for par in re.split(r"\n\s*\n", body.strip()):
        par = " ".join(par.split())
        if par in ("<…>", "* * *") or par.startswith("#"):
            continue
        m = EN_LABEL.match(par) or RU_LABEL.match(par)
        full = re.match(r"^(?P<label>[^:]{3,80}):\s+", par)
        if m:
            speaker = owner(m.group("label"), names)
            par = par[m.end() :]
        elif full and full.group("label") in names:
            speaker = full.group("label")
            par = par[full.end() :]
        elif UNNAMED.match(par):
            speaker = None  # an unnamed voice: the label stays in the unit, as in tests/data/real
        for s in split(par):
            n += 1
            rows.append((n, speaker, s))
    return rows


def read_labels(path: Path) -> list[int]:
    """Unit numbers of a labels file: 'N' or 'N  # reason' per line; an empty file = no proposal."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [int(line.split("#")[0].split()[0]) for line in lines if line.split("#")[0].strip()]


def main() -> None:
    path = Path(sys.argv[1])
    rows = units(path)
    if "--gold" not in sys.argv:
        for n, sp, s in rows:
            print(f"{n}\t{sp}\t{s}")
        return
    picked = read_labels(Path(sys.argv[sys.argv.index("--gold") + 1]))
    session = path.stem
    for n, sp, s in rows:
        if n in picked:
            print(json.dumps({"session": session, "text": s, "speaker": sp}, ensure_ascii=False))


if __name__ == "__main__":
    main()
