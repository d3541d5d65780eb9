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
KEYS = ("session", "text", "speaker", "values", "targets", "route", "route_basis", "regions", "group")


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
        rest = front[moderator.end():]
        name = re.search(r"^  name:\s*(.+)$", rest, flags=re.M)
        if name:
            meta["names"].append(name.group(1).strip())
    meta["names"] += [n.strip() for n in re.findall(r"^  - name:\s*(.+)$", front, flags=re.M)]
    return meta, body


def main() -> int:
    values, documents, regions = ids("values.yaml"), ids("documents.yaml"), ids("regions.yaml")
    notes = {}
    for path in sorted((HERE / "notes").glob("*.md")):
        meta, body = read_note(path)
        if meta["id"] != path.stem:
            print(f"{path.name}: id {meta['id']!r} is not the file name")
            return 1
        notes[path.stem] = (meta, body, norm(body))
    problems = 0
    lines = []
    for number, raw in enumerate((HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):

        def bad(message: str) -> None:
            nonlocal problems
            problems += 1
            print(f"gold.jsonl:{number}: {message}")

        g = json.loads(raw)
        lines.append(g)
        missing = [k for k in KEYS if k not in g]
        if missing:
            bad(f"missing {missing}")
            continue
        if g["session"] not in notes:
            bad(f"no note {g['session']!r}")
            continue
        meta, _, body = notes[g["session"]]
        found = body.count(norm(g["text"]))
        if found != 1:
            bad(f"text occurs {found} times in its note: {g['text'][:70]}")
        if g["speaker"] is not None and g["speaker"] not in meta["names"]:
            bad(f"speaker {g['speaker']!r} is not in the front matter")
        if len(g["values"]) > 3 or len(set(g["values"])) != len(g["values"]):
            bad("values: at most 3, no repeats")
        for key, known in (("values", values), ("targets", documents), ("regions", regions)):
            for item in g[key]:
                if item not in known:
                    bad(f"{key}: unknown id {item!r}")
        route, basis = g["route"], g["route_basis"]
        if route is not None and route not in documents:
            bad(f"route: unknown id {route!r}")
        expected = None if route is None else ("named" if route in g["targets"] else "inferred")
        if basis != expected:
            bad(f"route_basis {basis!r}, expected {expected!r}")
        if route is None and g["targets"]:
            bad("a procedural line (no route) names no target")
        if not re.fullmatch(r"[gs][\w-]+", str(g["group"])):
            bad(f"group {g['group']!r} must start with g or s")
    sizes = Counter(g["group"] for g in lines)
    for group, size in sorted(sizes.items()):
        if group.startswith("g") and size < 2:
            problems += 1
            print(f"gold.jsonl: group {group} holds one line; give it an s id")
        if group.startswith("s") and size > 1:
            problems += 1
            print(f"gold.jsonl: single id {group} is used {size} times")

    language = {sid: meta["language"] for sid, (meta, _, _) in notes.items()}
    words = Counter()
    for sid, (meta, body, _) in notes.items():
        words[meta["language"]] += len(body.split())
    per_lang = Counter(language[g["session"]] for g in lines)
    members = defaultdict(list)
    for g in lines:
        if g["group"].startswith("g"):
            members[g["group"]].append(g)
    print(f"{'session':34} lang words proposals")
    per_session = Counter(g["session"] for g in lines)
    for sid, (meta, body, _) in notes.items():
        print(f"{sid:34} {meta['language']:4} {len(body.split()):5} {per_session[sid]:9}")
    for lang in sorted(words):
        notes_n = sum(1 for m in language.values() if m == lang)
        groups_n = len({g["group"] for g in lines if language[g["session"]] == lang and g["group"].startswith("g")})
        print(f"{lang}: notes {notes_n}, body words {words[lang]}, proposals {per_lang[lang]}, groups touched {groups_n}")
    across_sessions = [k for k, v in members.items() if len({g["session"] for g in v}) > 1]
    across_languages = [k for k, v in members.items() if len({language[g["session"]] for g in v}) > 1]
    grouped = sum(len(v) for v in members.values())
    pairs = sum(len(v) * (len(v) - 1) // 2 for v in members.values())
    print(
        f"total: {len(lines)} proposals; {len(members)} groups holding {grouped} lines ({pairs} gold pairs), "
        f"{len(across_sessions)} across sessions, {len(across_languages)} across languages; "
        f"{sizes.__len__() - len(members)} single lines"
    )
    print(f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
