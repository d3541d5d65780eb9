"""Extraction speed before and after a change, measured in one run.

    python tools/understanding/speed.py [BASE_REF] [--runs N]

Exports BASE_REF (default: main) with ``git archive`` into a temporary folder and times, in
alternating fresh processes, extraction of the sample workspace's notes and of
tests/data/dev/notes with the base code and with the working tree: the seconds to build the
pipelines and the seconds to extract once they are built. Prints the medians and the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = [ROOT / "session_notes", ROOT / "tests" / "data" / "dev" / "notes"]
PROBE = """
import json, sys, time
from pathlib import Path
from toolkit.extract import Pipelines, extract, forum_year
from toolkit.notes import find_note_files
from toolkit.profile import load_profile
profile = load_profile(Path(sys.argv[1]))
paths = find_note_files([Path(p) for p in sys.argv[2:]])
pipelines = Pipelines(profile, None, forum_year(profile))
start = time.perf_counter()
pipelines["ru"], pipelines["en"]
built = time.perf_counter()
result = extract(paths, profile, pipelines=pipelines)
done = time.perf_counter()
print(json.dumps({"build": built - start, "extract": done - built,
                  "proposals": len(result.proposals)}))
"""


def export(ref: str, target: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def probe(tree: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "forum.yaml"), *map(str, NOTES)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="main")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        export(args.base, base)
        runs: dict[str, list[dict]] = {"base": [], "now": []}
        for _ in range(args.runs):
            for name, tree in (("base", base), ("now", ROOT)):
                runs[name].append(probe(tree))
    medians = {
        name: {key: statistics.median(r[key] for r in found) for key in ("build", "extract")}
        for name, found in runs.items()
    }
    for name in ("base", "now"):
        m = medians[name]
        print(
            f"{name:5} build {m['build']:.2f} s  extract {m['extract']:.2f} s  "
            f"({runs[name][0]['proposals']} proposals; medians of {args.runs})"
        )
    for key in ("build", "extract"):
        print(f"{key} time now / base: {medians['now'][key] / medians['base'][key]:.2f}")


if __name__ == "__main__":
    main()
