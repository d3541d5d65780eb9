"""Progress on long work: lines in logs every few sessions, a heartbeat on a slow session."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from toolkit import progress
from toolkit.cli import cli
from toolkit.progress import Progress


@pytest.fixture
def prompt(monkeypatch) -> None:
    """Thresholds of a long run, so a short test shows what a long run prints."""
    monkeypatch.setattr(progress, "QUIET_SECONDS", 0.0)
    monkeypatch.setattr(progress, "EVERY_SESSIONS", 2)


def test_a_line_every_few_sessions_when_not_on_a_terminal(prompt) -> None:
    log = io.StringIO()
    with Progress(5, "Extracting", stream=log) as seen:
        for number in range(5):
            seen(Path(f"note-{number}.md"))
    assert log.getvalue().splitlines() == [
        "Extracting: 1/5 sessions, 0 s",
        "Extracting: 2/5 sessions, 0 s",
        "Extracting: 4/5 sessions, 0 s",
        "Extracting: done, 5 sessions in 0 s",
    ]


def test_a_short_run_prints_nothing() -> None:
    log = io.StringIO()
    with Progress(5, "Extracting", stream=log) as seen:
        for number in range(5):
            seen(Path(f"note-{number}.md"))
    assert log.getvalue() == ""


def test_quiet_prints_nothing(prompt) -> None:
    log = io.StringIO()
    with Progress(3, "Extracting", quiet=True, stream=log) as seen:
        for number in range(3):
            seen(Path(f"note-{number}.md"))
    assert log.getvalue() == ""


def test_a_slow_session_is_named_by_a_heartbeat(prompt, monkeypatch) -> None:
    monkeypatch.setattr(progress, "HEARTBEAT_SECONDS", 0.05)
    log = io.StringIO()
    with Progress(2, "Extracting", stream=log) as seen:
        seen(Path("huge.md"))
        deadline = time.monotonic() + 20
        while "still reading" not in log.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)  # a 5 MB paragraph being read
    assert "Extracting: 0/2 sessions, 0 s; still reading huge.md" in log.getvalue().splitlines()


def write_sessions(ws: Path, count: int) -> None:
    for number in range(1, count + 1):
        (ws / "session_notes" / f"s{number}.md").write_text(
            f"---\nid: s{number}\ntitle: Session {number}\nformat: panel\ndate: 2024-11-21\n"
            "language: en\n---\n\nRegions should create design centres in small towns.\n",
            encoding="utf-8",
        )


def test_extract_reports_progress_in_a_log(prompt, runner, ws: Path) -> None:
    write_sessions(ws, 3)
    result = runner.invoke(cli, ["-w", str(ws), "extract", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    lines = [line.split(",")[0] for line in result.stderr.splitlines() if "Extracting: " in line]
    assert lines == ["Extracting: 1/3 sessions", "Extracting: 2/3 sessions", "Extracting: done"]


def test_finish_ends_the_count_before_later_stages(prompt, monkeypatch) -> None:
    """`toolkit build` finishes the count when extraction ends, before review and drafting."""
    monkeypatch.setattr(progress, "HEARTBEAT_SECONDS", 0.05)
    log = io.StringIO()
    with Progress(1, "Extracting", stream=log) as seen:
        seen(Path("only.md"))
        seen.finish()
        finished = log.getvalue()
        time.sleep(0.5)  # drafting: no heartbeat naming a session read long ago
    assert finished.splitlines()[-1].startswith("Extracting: done, 1 sessions in ")
    assert log.getvalue() == finished


def test_build_reports_progress_of_extraction_only(prompt, runner, ws: Path) -> None:
    write_sessions(ws, 2)
    result = runner.invoke(cli, ["-w", str(ws), "build", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Extracting: ")]
    assert lines[-1].startswith("Extracting: done, 2 sessions in ")
    assert result.output.index("Extracting: done") < result.output.index("proposals in ")
