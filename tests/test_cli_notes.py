"""End-to-end checks of the notes commands on the sample workspace."""

from __future__ import annotations

from pathlib import Path

from toolkit.cli import cli


def test_sample_notes_are_clean(runner, sample_root: Path) -> None:
    result = runner.invoke(cli, ["-w", str(sample_root), "notes", "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_bad_date_is_reported_with_file_and_line(runner, sample_workspace: Path) -> None:
    note = next((sample_workspace / "session_notes").rglob("*.md"))
    text = note.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[index] = "date: 21.11.2024"
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "notes", "check"])
    assert result.exit_code == 1
    assert f"{note.name}:{index + 1}:" in result.output
    assert "2024-11-21" in result.output
