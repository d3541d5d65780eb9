"""The fresh blind sets of sessions 10 and 11 (tests/data/blind4/, blind5/, blind6/: fictional
forum notes) are
consistent: their notes pass `toolkit notes check --strict`, their own checkers pass, and every
gold line carries the understanding labels. Consistency only: nothing here extracts from them
(each is measured once, by the lead, and then spent like the other blind sets)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import cli

DATA = Path(__file__).resolve().parent / "data"
SETS = ("blind4", "blind5", "blind6")
LABELS = ("values", "targets", "route", "route_basis", "regions", "group")
#: Gold proposals each set holds at least, per language.
SIZES = {"blind4": 110, "blind5": 210, "blind6": 210}


@pytest.mark.parametrize("name", SETS)
def test_blind_notes_pass_the_strict_check(runner, name: str) -> None:
    result = runner.invoke(cli, ["notes", "check", "--strict", str(DATA / name / "notes")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", SETS)
def test_blind_set_checker_passes(name: str) -> None:
    checker = DATA / name / "check_gold.py"
    done = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", SETS)
def test_every_gold_line_is_labelled_in_both_languages(name: str) -> None:
    text = (DATA / name / "gold.jsonl").read_text("utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert all(set(LABELS) <= set(line) for line in lines)
    by_language = {lang: [x for x in lines if f"-{lang}-" in x["session"]] for lang in ("ru", "en")}
    assert all(len(found) >= SIZES[name] for found in by_language.values())
