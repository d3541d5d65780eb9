"""`toolkit build` end to end: the whole chain on the sample workspace, and where it stops."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from openpyxl import load_workbook

from toolkit.cli import cli


def test_build_writes_register_workbook_and_documents(runner, sample_workspace: Path) -> None:
    result = runner.invoke(
        cli, ["-w", str(sample_workspace), "build", "--include-pending", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    outputs = sample_workspace / "outputs"
    register = [json.loads(line) for line in (outputs / "register.jsonl").open(encoding="utf-8")]
    assert f"{len(register)} proposals in {outputs / 'register.jsonl'}" in result.output
    ids = [row[0].value for row in load_workbook(outputs / "review.xlsx")["proposals"].iter_rows(2)]
    assert sorted(ids) == sorted(r["id"] for r in register)
    draft = docx.Document(outputs / "proposals-draft-en.docx")
    text = "\n".join(p.text for p in draft.paragraphs)
    assert any(r["text"] in text for r in register if r["language"] == "en")
    assert len(list((outputs / "sessions").glob("*-en.docx"))) == 16
    assert not list(outputs.glob("*-ru.docx"))
    again = runner.invoke(cli, ["-w", str(sample_workspace), "review"])
    assert again.exit_code == 0 and "backed up" not in again.output
    assert not (outputs / "backups").exists(), "nothing changed, so nothing is backed up"


def test_build_stops_on_broken_notes_and_writes_nothing(runner, sample_workspace: Path) -> None:
    note = next((sample_workspace / "session_notes").rglob("*.md"))
    text = note.read_text(encoding="utf-8").replace("\ndate:", "\ndate: 21.11.2024\nxdate:", 1)
    note.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "build"])
    assert result.exit_code == 1
    assert f"{note}:" in result.output
    assert "fix them, then build again (nothing was written)" in result.output
    assert list((sample_workspace / "outputs").iterdir()) == []


def test_build_refuses_an_unknown_track(runner, sample_workspace: Path) -> None:
    note = sample_workspace / "session_notes" / "day-3" / "small-towns-panel.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("track: small-towns", "track: smal-towns"), encoding="utf-8")
    line = text.splitlines().index("track: small-towns") + 1
    result = runner.invoke(cli, ["-w", str(sample_workspace), "build"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"{note}:{line}: unknown track 'smal-towns'; use one of: "
    )
    assert list((sample_workspace / "outputs").iterdir()) == []
