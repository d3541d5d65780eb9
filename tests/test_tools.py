"""Developer tools outside the package: the template builder and the drafting benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.draft import main as bench_main
from toolkit.workspace import default_templates_dir
from tools.templates import main as build_templates

ROOT = Path(__file__).resolve().parent.parent


def test_default_templates_are_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The committed templates are what ``python tools/templates.py`` builds."""
    assert build_templates([str(tmp_path)]) == 0
    built = sorted(tmp_path.glob("*.docx"))
    assert len(built) == 6
    for path in built:
        assert path.read_bytes() == (default_templates_dir() / path.name).read_bytes(), path.name
        assert path.read_bytes() == (ROOT / "templates" / path.name).read_bytes(), path.name


def test_draft_benchmark_prints_its_figures(capsys: pytest.CaptureFixture) -> None:
    bench_main(["40", "1"])
    out = capsys.readouterr().out
    assert "draft: 40 proposals into the consolidated document: median" in out


def test_wording_ratings_cover_200_proposals_per_language() -> None:
    from tools.wording_ratings import SHEETS, read_sheet, report

    rows = read_sheet(SHEETS / "ratings.jsonl")
    for lang in ("ru", "en"):
        assert sum(r["language"] == lang for r in rows) >= 200
    lines = report()
    assert any(line.startswith("ratings.jsonl rating_first ru (all rated) 220:") for line in lines)
    assert any(line.startswith("blind.jsonl rating en (all rated) 45:") for line in lines)


CUE_RATES_NOTE = """---
id: cue-rates
title: Museum support
format: other
date: 2024-05-14
track: local-identity
language: en
speakers:
  - name: Anna Petrova
    role: museum director
---

**Anna Petrova:** The region should fund a scanner for the museum. The museum opened in 1990.
It should have a niche of its own, which it has. Our volunteers restore old photographs every week.
"""


def test_cue_rates_count_each_cue_among_proposals_and_non_proposals(tmp_path: Path) -> None:
    """tools/corpus/cue_rates.py: a rule false alarm counts per non-proposal, not per proposal."""
    from tools.corpus.cue_rates import judged_units, report

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "cue-rates.md").write_text(CUE_RATES_NOTE, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    line = {"session": "cue-rates", "text": "The region should fund a scanner for the museum."}
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    units = judged_units(notes, gold, "en")
    assert [(u.gold, u.cue) for u in units] == [
        (True, "obligation"),
        (False, ""),
        (False, "obligation"),
        (False, ""),
    ]
    lines = report("all", units)
    assert lines[0] == "all: 4 units, 1 proposals (0.250)"
    assert lines[1].startswith("  rules  P 0.500  R 1.000  false alarms per non-proposal 0.333")
    assert lines[1].endswith("proposals without a clear cue 0.000")
    assert (
        "obligation           1 proposals (1.000)    1 non-proposals (0.333)  ratio   3.0"
        in lines[3]
    )
    assert judged_units(notes, gold, "ru") == []


def test_learning_curve_shares_are_nested_and_fixed_by_the_note_ids() -> None:
    """Each share of the corpus holds the smaller ones, whatever order the notes come in."""
    from tools.learning_curve import FOLDS, fold_of, share

    notes = {f"r-ru-note-{i}" for i in range(39)}
    shares = {p: share(notes, p) for p in (0, 25, 50, 75, 100)}
    assert [len(shares[p]) for p in (0, 25, 50, 75, 100)] == [0, 10, 20, 29, 39]
    assert shares[25] < shares[50] < shares[75] < shares[100] == notes
    assert share(set(sorted(notes, reverse=True)), 50) == shares[50]
    folds = {fold_of(n) for n in notes}
    assert folds == set(range(FOLDS))
