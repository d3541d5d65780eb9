"""Check the blind4 gold against its notes and the toolkit's codebooks (standard library only).

It does not use the toolkit, so it can be run without reading or running the extractor:

    python3 tests/data/blind4/check_gold.py

What it checks (exit status 1 on any problem, each printed as ``gold.jsonl:LINE: message``):

- every line is a JSON object with ``session``, ``text`` and ``speaker`` and the
  understanding labels ``values``, ``targets``, ``route``, ``route_basis``, ``regions``,
  ``group`` (SPEC §4, §5);
- the session is a note of ``notes/``; the text, whitespace-normalised, occurs exactly once in
  that note's body with Markdown emphasis markers removed;
- the speaker is the note's moderator or one of its speakers (full front-matter name) or null;
- ``values`` (at most 3, no repeats) are ids of ``toolkit/data/values.yaml``, ``targets`` and
  ``route`` of ``documents.yaml``, ``regions`` of ``regions.yaml``;
- ``route_basis`` is ``named`` exactly when the route is among the targets, ``inferred`` when
  there is a route and no target, null exactly when the route is null;
- a ``g…`` group holds at least two lines and an ``s…`` id only one.

It then prints the counts the README quotes: notes, body words, proposals and groups per
language, groups that span sessions and languages.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2] / "toolkit" / "data"
KEYS = (
    "session",
    "text",
    "speaker",
    "values",
    "targets",
    "route",
    "route_basis",
    "regions",
    "group",
)


def ids(name: str) -> set[str]:
    """Top-level entry ids of a codebook (lines ``  - id: x``), read without a YAML parser."""
    text = (DATA / name).read_text(encoding="utf-8")
    return set(re.findall(r"^  - id: ([a-z0-9-]+)\s*$", text, flags=re.M))


def norm(text: str) -> str:
    """Whitespace collapsed, emphasis markers removed (what the register keeps of markup)."""
    text = re.sub(r"\*\*|__", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read_note(path: Path) -> tuple[dict, str]:
    """Front matter fields this check needs (id, language, people) and the body."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta: dict = {"names": []}
    for key in ("id", "language"):
        found = re.search(rf"^{key}:\s*(\S+)\s*$", front, flags=re.M)
        meta[key] = found.group(1) if found else None
    moderator = re.search(r"^moderator:[ \t]*(\S.*)?$", front, flags=re.M)
    if moderator and moderator.group(1):
        meta["names"].append(moderator.group(1).strip())
    elif moderator:
        rest = front[moderator.end() :]
        name = re.search(r"^  name:\s*(.+)$", rest, flags=re.M)
        if name:
            meta["names"].append(name.group(1).strip())
    meta["names"] += [n.strip() for n in re.findall(r"^  - name:\s*(.+)$", front, flags=re.M)]
    return meta, body


def check_line(g: dict, notes: dict, known: dict[str, set[str]]) -> list[str]:
    """What is wrong with one gold line (empty when nothing is)."""
    missing = [k for k in KEYS if k not in g]
    if missing:
        return [f"missing {missing}"]
    if g["session"] not in notes:
        return [f"no note {g['session']!r}"]
    out = []
    meta, _, body = notes[g["session"]]
    found = body.count(norm(g["text"]))
    if found != 1:
        out.append(f"text occurs {found} times in its note: {g['text'][:70]}")
    if g["speaker"] is not None and g["speaker"] not in meta["names"]:
        out.append(f"speaker {g['speaker']!r} is not in the front matter")
    if len(g["values"]) > 3 or len(set(g["values"])) != len(g["values"]):
        out.append("values: at most 3, no repeats")
    for key, book in (("values", "values"), ("targets", "documents"), ("regions", "regions")):
        out += [f"{key}: unknown id {item!r}" for item in g[key] if item not in known[book]]
    route, basis = g["route"], g["route_basis"]
    if route is not None and route not in known["documents"]:
        out.append(f"route: unknown id {route!r}")
    expected = None if route is None else ("named" if route in g["targets"] else "inferred")
    if basis != expected:
        out.append(f"route_basis {basis!r}, expected {expected!r}")
    if route is None and g["targets"]:
        out.append("a procedural line (no route) names no target")
    if not re.fullmatch(r"[gs][\w-]+", str(g["group"])):
        out.append(f"group {g['group']!r} must start with g or s")
    return out


def report(lines: list[dict], notes: dict) -> None:
    """Print the counts the README quotes."""
    language = {sid: meta["language"] for sid, (meta, _, _) in notes.items()}
    per_session = Counter(g["session"] for g in lines)
    print(f"{'session':34} lang words proposals")
    for sid, (meta, body, _) in notes.items():
        print(f"{sid:34} {meta['language']:4} {len(body.split()):5} {per_session[sid]:9}")
    members = defaultdict(list)
    for g in lines:
        if g["group"].startswith("g"):
            members[g["group"]].append(g)
    for lang in sorted(set(language.values())):
        sessions = [sid for sid, code in language.items() if code == lang]
        words = sum(len(notes[sid][1].split()) for sid in sessions)
        mine = [g for g in lines if language[g["session"]] == lang]
        groups = {g["group"] for g in mine if g["group"].startswith("g")}
        print(
            f"{lang}: notes {len(sessions)}, body words {words}, proposals {len(mine)}, "
            f"groups touched {len(groups)}"
        )
    spans = {k: {g["session"] for g in v} for k, v in members.items()}
    across_sessions = [k for k, s in spans.items() if len(s) > 1]
    across_languages = [k for k, s in spans.items() if len({language[x] for x in s}) > 1]
    grouped = sum(len(v) for v in members.values())
    pairs = sum(len(v) * (len(v) - 1) // 2 for v in members.values())
    print(
        f"total: {len(lines)} proposals; {len(members)} groups holding {grouped} lines "
        f"({pairs} gold pairs), {len(across_sessions)} across sessions, "
        f"{len(across_languages)} across languages; {len(lines) - grouped} single lines"
    )


def main() -> int:
    known = {name: ids(f"{name}.yaml") for name in ("values", "documents", "regions")}
    notes = {}
    for path in sorted((HERE / "notes").glob("*.md")):
        meta, body = read_note(path)
        if meta["id"] != path.stem:
            print(f"{path.name}: id {meta['id']!r} is not the file name")
            return 1
        notes[path.stem] = (meta, body, norm(body))
    problems = 0
    lines = []
    text = (HERE / "gold.jsonl").read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        g = json.loads(raw)
        lines.append(g)
        for message in check_line(g, notes, known):
            problems += 1
            print(f"gold.jsonl:{number}: {message}")
    sizes = Counter(str(g.get("group")) for g in lines)
    for group, size in sorted(sizes.items()):
        if group.startswith("g") and size < 2:
            problems += 1
            print(f"gold.jsonl: group {group} holds one line; give it an s id")
        if group.startswith("s") and size > 1:
            problems += 1
            print(f"gold.jsonl: single id {group} is used {size} times")
    if not problems:
        report(lines, notes)
    print(f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
