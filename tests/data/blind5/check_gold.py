"""Independent sanity check of the blind5 gold (standard library only; does not use the toolkit).

Checks, printing one line per problem and exiting 1 if there is any:

- every gold line has `session`, `text`, `speaker`, and its session is the `id` of a note;
- every `text` occurs exactly once in its note's body, starts at a unit boundary (line start,
  list marker, speaker label or the end of the previous sentence) and ends at one (line end,
  the next sentence, or an item attribution);
- every `speaker` is null or a front-matter name (moderator or speakers[].name);
- label fields, when present, use ids of toolkit/data/values.yaml, documents.yaml, regions.yaml,
  and `group` ids look like `g-b5-NN` (two or three digits) or `s-b5-NNN`; either every line is
  labelled or none is.

Prints per-language counts. Run: python3 tests/data/blind5/check_gold.py. Given another blind
set's folder (`python3 tests/data/blind5/check_gold.py tests/data/blind6`), it checks that one,
its group ids named after the folder (`g-b6-NN`).
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent).resolve()
DATA = HERE.parents[2] / "toolkit" / "data"
BEFORE = re.compile(r"(?:^|^\s*[-*]\s+|:\*\*\s+|:\s+|[.!?…»\"”)]\s+)$")
AFTER = re.compile(r"^(?:\s*$|\s+[«\"“(—A-ZА-ЯЁ]|\s+\()")
SET = HERE.name.replace("blind", "b")  # blind5 → b5
GROUP = re.compile(rf"^(?:g-{SET}-\d{{2,3}}|s-{SET}-\d{{3}})$")


def front_matter(text: str) -> tuple[dict, str]:
    """Return (id, language, names) from the front matter and the body, without a YAML library."""
    _, fm, body = text.split("---", 2)
    sid = re.search(r"^id:\s*(\S+)", fm, re.M).group(1)
    lang = re.search(r"^language:\s*(\S+)", fm, re.M).group(1)
    names = {
        n.strip().strip('"') for n in re.findall(r"^(?:moderator|\s*-\s*name):\s*(.+)$", fm, re.M)
    }
    return {"id": sid, "language": lang, "names": names}, body


def ids(name: str) -> set[str]:
    """The `- id:` entries of a codebook file."""
    path = DATA / name
    return (
        set(re.findall(r"^\s*-\s*id:\s*(\S+)", path.read_text(encoding="utf-8"), re.M))
        if path.exists()
        else set()
    )


def main() -> int:
    notes = {}
    for path in sorted((HERE / "notes").glob("*.md")):
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        notes[meta["id"]] = (meta, body, path.name)
    values, docs, regions = ids("values.yaml"), ids("documents.yaml"), ids("regions.yaml")
    problems, count, groups = [], Counter(), Counter()
    lines = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        where = f"gold.jsonl:{n}"
        row = json.loads(line)
        if not {"session", "text", "speaker"} <= row.keys():
            problems.append(f"{where}: needs session, text and speaker")
            continue
        if row["session"] not in notes:
            problems.append(f"{where}: unknown session {row['session']!r}")
            continue
        meta, body, fname = notes[row["session"]]
        text = row["text"]
        hits = [m.start() for m in re.finditer(re.escape(text), body)]
        if len(hits) != 1:
            problems.append(f"{where}: text occurs {len(hits)} times in {fname}: {text[:50]!r}")
        else:
            start = hits[0]
            line_start = body.rfind("\n", 0, start) + 1
            line_end = body.find("\n", start)
            if not BEFORE.search(body[line_start:start]):
                problems.append(f"{where}: text does not start a unit in {fname}: {text[:50]!r}")
            if not AFTER.match(body[start + len(text) : line_end if line_end >= 0 else None]):
                problems.append(f"{where}: text does not end a unit in {fname}: {text[:50]!r}")
        if row["speaker"] is not None and row["speaker"] not in meta["names"]:
            problems.append(
                f"{where}: speaker {row['speaker']!r} is not a front-matter name of {fname}"
            )
        for key, known in (("values", values), ("targets", docs), ("regions", regions)):
            for value in row.get(key, []) or []:
                if known and value not in known:
                    problems.append(f"{where}: unknown {key} id {value!r}")
        if "route" in row and row["route"] is not None and docs and row["route"] not in docs:
            problems.append(f"{where}: unknown route {row['route']!r}")
        if "route_basis" in row and row["route_basis"] not in (None, "named", "inferred"):
            problems.append(f"{where}: route_basis must be named, inferred or null")
        if "route" in row and (row["route"] is None) != (row.get("route_basis") is None):
            problems.append(f"{where}: route and route_basis must be both null or both set")
        if row.get("route_basis") == "named" and row["route"] not in row.get("targets", []):
            problems.append(f"{where}: a named route must be among targets")
        if "group" in row:
            if not GROUP.match(row["group"]):
                problems.append(f"{where}: bad group id {row['group']!r}")
            groups[row["group"]] += 1
        count[meta["language"]] += 1
    labelled = sum(groups.values())
    if 0 < labelled < len(lines):
        problems.append(
            f"gold.jsonl: only {labelled} of {len(lines)} lines carry understanding labels"
        )
    for gid, k in groups.items():
        if gid.startswith("s-") and k > 1:
            problems.append(f"gold.jsonl: single group {gid} used {k} times")
    per_note = Counter(json.loads(x)["session"] for x in lines)
    for sid, (_meta, _, fname) in notes.items():
        if per_note[sid] == 0:
            problems.append(f"{fname}: no gold lines")
    for p in problems:
        print(p)
    print(
        f"{len(notes)} notes, {len(lines)} gold lines: "
        + ", ".join(f"{k} {v}" for k, v in sorted(count.items()))
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
