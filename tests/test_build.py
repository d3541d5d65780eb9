"""`toolkit build` end to end: the whole chain on the sample workspace, and where it stops."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from toolkit.cli import cli
from toolkit.errors import ExtractError, NotesError
from toolkit.notes import Note
from toolkit.pool import Apart, Handover, Result


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


# ------------------------------------------------------------------ extraction in a child


def apart(
    work: Callable[[Callable[[object], None]], Result],
    heard: Callable[[object], None],
    meanwhile: Callable[[], None] | None = None,
    abandon: tuple[type[Exception], ...] = (),
) -> Result:
    """The child's result, every message relayed to ``heard`` (:class:`Apart` run to its end)."""
    child = Apart(work, meanwhile, abandon)
    try:
        return child.result(heard)
    finally:
        child.close()


def test_apart_relays_messages_in_order_and_returns_the_result() -> None:
    heard: list[object] = []

    def work(send) -> int:
        send(Path("a.md"))
        send("extracted")
        return os.getpid()

    assert apart(work, heard.append) != os.getpid()
    assert heard == [Path("a.md"), "extracted"]


@pytest.mark.parametrize(
    ("failure", "raised", "message"),
    [
        (
            lambda: (_ for _ in ()).throw(NotesError("x.md:3: bad date")),
            NotesError,
            "x.md:3: bad date",
        ),
        (lambda: os._exit(3), ExtractError, "stopped unexpectedly (exit status 3)"),
    ],
    ids=["a toolkit error comes back as it is", "a child that dies"],
)
def test_apart_raises_what_went_wrong_in_the_child(failure, raised, message) -> None:
    with pytest.raises(raised, match=re.escape(message)):
        apart(lambda send: failure(), lambda _: None)


def test_apart_raises_the_child_error_before_the_meanwhile_error() -> None:
    def work(send) -> None:
        raise NotesError("x.md:3: bad date")

    def meanwhile() -> None:
        raise ExtractError("template broken")

    with pytest.raises(NotesError, match="bad date"):
        apart(work, lambda _: None, meanwhile)
    with pytest.raises(ExtractError, match="template broken"):
        apart(lambda send: 1, lambda _: None, meanwhile)


def test_apart_without_fork_runs_meanwhile_then_the_work_here(monkeypatch) -> None:
    """Meanwhile prepares what the work takes: the notes, through a :class:`Handover`."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    order: list[object] = []
    notes = Handover()

    def work(send) -> int:
        send(notes.receive())
        return os.getpid()

    def meanwhile() -> None:
        order.append("meanwhile")
        notes.give(["a.md"])

    assert apart(work, order.append, meanwhile) == os.getpid()
    assert order == ["meanwhile", ["a.md"]]


def test_apart_ends_the_child_at_once_on_an_error_it_abandons(tmp_path: Path) -> None:
    """Broken notes are reported as soon as they are checked, not once the child has
    imported spaCy (it has been given nothing to write)."""
    finished = tmp_path / "finished"

    def work(send) -> None:
        time.sleep(3)
        finished.write_text("the child ran to its end", encoding="utf-8")

    def meanwhile() -> None:
        raise NotesError("x.md:3: bad date")

    with pytest.raises(NotesError, match="bad date"):
        apart(work, lambda _: None, meanwhile, abandon=(NotesError,))
    assert not finished.exists()


@pytest.mark.parametrize("given", [True, False], ids=["given", "closed without a value"])
def test_a_forked_child_waits_for_what_the_parent_hands_over(given: bool) -> None:
    notes = Handover()

    def work(send) -> object:
        return notes.receive()

    def meanwhile() -> None:
        try:
            if given:
                notes.give(["a.md", "b.md"])
        finally:
            notes.close()

    assert apart(work, lambda _: None, meanwhile) == (["a.md", "b.md"] if given else None)


class _TwoPartError(Exception):
    """Pickles, but cannot be rebuilt from its ``args`` (one joined message)."""

    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what} in {where}")


def test_apart_names_a_child_error_the_parent_cannot_rebuild() -> None:
    def work(send) -> None:
        raise _TwoPartError("bad cell", "review.xlsx")

    with pytest.raises(RuntimeError, match=re.escape("_TwoPartError: bad cell in review.xlsx")):
        apart(work, lambda _: None)


def test_the_build_process_never_loads_the_pipelines(sample_workspace: Path) -> None:
    """Extraction runs in a child process: what spaCy took ends with it, and drafting's
    workers start from a process without it."""
    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[2:]:
        note.unlink()
    script = (
        "import sys\n"
        "from toolkit.cli import cli\n"
        f"cli.main(['-w', {str(sample_workspace)!r}, 'build', '--lang', 'en'],"
        " standalone_mode=False)\n"
        "print('spacy loaded:', 'spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "spacy loaded: False"
    assert "proposals in" in result.stdout and (sample_workspace / "outputs/review.xlsx").is_file()


@pytest.mark.usefixtures("warm_extraction_cache")
def test_a_broken_template_stops_the_build_before_any_document(
    runner, sample_workspace: Path
) -> None:
    """Templates are checked while the notes are extracted; a broken one is reported once
    the register and the workbook are written, and no document is."""
    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[2:]:
        note.unlink()
    template = sample_workspace / "templates" / "session-en.docx"
    template.parent.mkdir(exist_ok=True)
    document = docx.Document()
    document.add_paragraph("{{ session.title ")
    document.save(str(template))
    result = runner.invoke(cli, ["-w", str(sample_workspace), "build", "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("session-en.docx: paragraph 1: ")
    outputs = sample_workspace / "outputs"
    assert (outputs / "register.jsonl").is_file() and (outputs / "review.xlsx").is_file()
    assert not list(outputs.rglob("*.docx"))


def test_a_failing_import_while_extracting_ends_the_build_instead_of_hanging(
    runner, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What this process does while the child extracts starts with drafting's imports; if
    one fails, the child (waiting for the notes) is told there are none, and the error is
    the build's, instead of both processes waiting for each other."""
    import signal

    import toolkit.draft.pdf

    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[2:]:
        note.unlink()
    monkeypatch.delattr(toolkit.draft.pdf, "office_ahead")

    def stuck(*_: object) -> None:
        raise TimeoutError("the build hangs")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(120)
    try:
        result = runner.invoke(cli, ["-w", str(sample_workspace), "build", "--lang", "en"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(result.exception, ImportError), result.exception
    assert "office_ahead" in str(result.exception)
    assert not list((sample_workspace / "outputs").rglob("*.docx"))


@pytest.mark.usefixtures("warm_extraction_cache")
@pytest.mark.parametrize(
    "handed_over", [40, 0], ids=["sent as the child imports", "read first and shared"]
)
def test_drafting_starts_without_the_notes_in_memory(
    runner, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch, handed_over: int
) -> None:
    """The build's process keeps the sessions drafting needs, not the notes' text and
    blocks (1,600 notes took 195 MB): the cost of drafting does not grow with that text."""
    import toolkit.draft

    monkeypatch.setattr("toolkit.build.HANDED_OVER_SESSIONS", handed_over)

    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[3:]:
        note.unlink()
    alive: list[int] = []
    draft_workspace = toolkit.draft.draft_workspace

    def counting(*args, **kwargs):
        gc.collect()
        ours = [o for o in gc.get_objects() if isinstance(o, Note)]
        alive.append(sum(sample_workspace in o.path.parents for o in ours))
        return draft_workspace(*args, **kwargs)

    monkeypatch.setattr(toolkit.draft, "draft_workspace", counting)
    result = runner.invoke(cli, ["-w", str(sample_workspace), "build", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert alive == [0]
    assert len(list((sample_workspace / "outputs" / "sessions").glob("*-en.docx"))) == 3


@pytest.mark.usefixtures("warm_extraction_cache")
def test_drafting_takes_the_decisions_the_review_has_just_read(
    runner, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extraction's child process hands drafting the register and the decisions it read
    back from review.xlsx: the build reads neither file twice, and what an analyst typed
    still decides what the documents say."""
    import toolkit.draft

    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[3:]:
        note.unlink()
    command = ["-w", str(sample_workspace), "build", "--lang", "en"]
    assert runner.invoke(cli, command).exit_code == 0
    outputs = sample_workspace / "outputs"
    first = json.loads((outputs / "register.jsonl").read_text("utf-8").splitlines()[0])
    workbook = load_workbook(outputs / "review.xlsx")
    sheet = workbook["proposals"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == first["id"])
    sheet.cell(row, header.index("decision") + 1).value = "accepted"
    wording = "Open a standing fund for the region's music festivals"
    sheet.cell(row, header.index("wording_en") + 1).value = wording
    workbook.save(outputs / "review.xlsx")

    def read_again(*args, **kwargs):
        raise AssertionError("drafting read the register or the workbook again")

    monkeypatch.setattr(toolkit.draft, "read_register", read_again)
    monkeypatch.setattr(toolkit.draft, "workspace_decisions", read_again)
    result = runner.invoke(cli, command)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(outputs / "proposals-draft-en.docx"))
    assert any(wording in p.text for p in document.paragraphs)


def test_the_build_loads_russian_morphology_once(sample_workspace: Path, tmp_path: Path) -> None:
    """pymorphy3's dictionaries are loaded before the extraction's child forks: the notes'
    names here and the Russian pipeline there share one analyser."""
    notes = sorted((sample_workspace / "session_notes").rglob("*.md"))
    russian = [n for n in notes if "language: ru" in n.read_text(encoding="utf-8")]
    for note in set(notes) - set(russian[:2]):
        note.unlink()
    log = tmp_path / "analysers.txt"
    script = (
        "import os, pymorphy3\n"
        "from toolkit.cli import cli\n"
        "made = pymorphy3.MorphAnalyzer.__init__\n"
        "def counted(self, *args, **kwargs):\n"
        f"    with open({str(log)!r}, 'a') as log:\n"
        "        log.write(f'{os.getpid()}\\n')\n"
        "    made(self, *args, **kwargs)\n"
        "pymorphy3.MorphAnalyzer.__init__ = counted\n"
        f"cli.main(['-w', {str(sample_workspace)!r}, 'build', '--lang', 'ru'],"
        " standalone_mode=False)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "proposals in" in result.stdout
    assert len(log.read_text(encoding="utf-8").split()) == 1


def _hold_the_workbook(
    monkeypatch: pytest.MonkeyPatch, flag: Path, log: Path, outputs: Path, fail: bool
) -> None:
    """In the extraction's child: before review.xlsx is saved, wait until this process has
    rendered a consolidated draft (``flag``), log what is in ``outputs``, then save (or fail
    as a workbook open in Excel does)."""
    import toolkit.draft.pool as pool
    import toolkit.review.update as update
    from toolkit.errors import ReviewError

    run_task, save = pool.run_task, update.save

    def flagging(task):
        done = run_task(task)
        if task.draft.kind == "consolidated":
            flag.touch()
        return done

    def held(data: bytes, path: Path) -> None:
        deadline = time.monotonic() + 120
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        documents = sorted(p.name for p in outputs.rglob("*.docx"))
        log.write_text(json.dumps({"rendered": flag.exists(), "documents": documents}))
        if fail:
            raise ReviewError(f"{path}: permission denied while saving; close the workbook")
        save(data, path)

    monkeypatch.setattr(pool, "run_task", flagging)
    monkeypatch.setattr(update, "save", held)


@pytest.mark.usefixtures("warm_extraction_cache")
@pytest.mark.parametrize("fail", [False, True], ids=["written", "cannot be written"])
def test_the_consolidated_drafts_render_as_the_workbook_is_written(
    runner, sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: bool
) -> None:
    """Drafting starts from the decisions the review hands over before it writes review.xlsx;
    no document reaches outputs/ before the workbook is written, and none if it cannot be."""
    for note in sorted((sample_workspace / "session_notes").rglob("*.md"))[3:]:
        note.unlink()
    outputs = sample_workspace / "outputs"
    flag, log = tmp_path / "rendered", tmp_path / "log.json"
    _hold_the_workbook(monkeypatch, flag, log, outputs, fail)
    command = ["-w", str(sample_workspace), "build", "--lang", "en", "--jobs", "1"]
    result = runner.invoke(cli, command)
    assert json.loads(log.read_text(encoding="utf-8")) == {"rendered": True, "documents": []}
    documents = sorted(p.name for p in outputs.rglob("*.docx"))
    if fail:
        assert result.exit_code == 1
        last = result.output.strip().splitlines()[-1]
        assert (
            last == f"{outputs / 'review.xlsx'}: permission denied while saving; close the workbook"
        )
        assert documents == [] and not (outputs / "review.xlsx").exists()
        assert not [p for p in outputs.rglob("*") if p.suffix in (".tmp", ".pdf")]
    else:
        assert result.exit_code == 0, result.output
        assert "proposals-draft-en.docx" in documents and len(documents) > 3
        assert (outputs / "review.xlsx").is_file()
