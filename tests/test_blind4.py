"""The fresh blind set of session 10 (tests/data/blind4/) is consistent: its notes pass
`toolkit notes check --strict`, its own checker passes, and every gold line carries the
understanding labels. Consistency only: nothing here extracts from it (it is measured once, by
the lead, and then spent like the other blind sets)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from toolkit.cli import cli

BLIND4 = Path(__file__).resolve().parent / "data" / "blind4"
LABELS = ("values", "targets", "route", "route_basis", "regions", "group")


def test_blind4_notes_pass_the_strict_check(runner) -> None:
    result = runner.invoke(cli, ["notes", "check", "--strict", str(BLIND4 / "notes")])
    assert result.exit_code == 0, result.output


def test_blind4_checker_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(BLIND4 / "check_gold.py")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_blind4_gold_line_is_labelled_in_both_languages() -> None:
    lines = [json.loads(line) for line in (BLIND4 / "gold.jsonl").read_text("utf-8").splitlines()]
    assert all(set(LABELS) <= set(line) for line in lines)
    by_language = {lang: [x for x in lines if f"-{lang}-" in x["session"]] for lang in ("ru", "en")}
    assert all(len(found) >= 110 for found in by_language.values())
