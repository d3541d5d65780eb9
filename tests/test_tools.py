"""Developer tools outside the package: the template builder and the drafting benchmark."""

from __future__ import annotations

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
