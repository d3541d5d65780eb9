"""The LibreOffice a warm worker keeps for the builds it serves (toolkit/draft/pdf.py:
``keep_office``, ``borrow_office``) and the pager's guard that ends LibreOffice when the
process that started it is killed (toolkit/draft/unopages.py). LibreOffice and its pager
are stood in for by small programs, so these run in a fraction of a second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.draft import pdf
from toolkit.draft.pdf import borrow_office, end_kept_office, keep_office, page_contents
from toolkit.errors import DraftError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

#: A pager that answers each path with page N of heading ``_Toc1`` for a file ``dN.docx``
#: (an error for any other name) and, as the real one, ends at an empty line.
PAGER = """#!{python}
import json, re, sys
for line in iter(sys.stdin.readline, "\\n"):
    path = line.strip()
    found = re.search(r"d(\\d+)\\.docx$", path)
    answer = {{"path": path, "pages": {{"_Toc1": int(found.group(1))}}}} if found else (
        {{"path": path, "error": "IOException"}})
    print(json.dumps(answer), flush=True)
"""


def _gone(pid: int, seconds: float = 5.0) -> bool:
    """Whether process ``pid`` has ended (or is a zombie) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in (b"Z", b"X"):
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pdf.Office]:
    """A kept office whose "LibreOffice" sleeps and whose pager answers as above."""
    office = tmp_path / "soffice"
    office.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    pager = tmp_path / "python"
    pager.write_text(PAGER.format(python=sys.executable), encoding="utf-8")
    for program in (office, pager):
        program.chmod(0o755)
    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    monkeypatch.setattr(pdf, "soffice", lambda: str(office))
    monkeypatch.setattr(pdf, "uno_python", lambda program: str(pager))
    monkeypatch.setattr(pdf, "_kept_since", -pdf.RESTART_SECONDS)
    keep_office()
    assert pdf._KEPT is not None
    yield pdf._KEPT
    end_kept_office()


def _documents(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")
    return [folder / name for name in names]


def test_one_build_after_another_pages_in_the_kept_office(kept: pdf.Office, tmp_path) -> None:
    """A build borrows the kept office (no other can meanwhile), pages there and gives it
    back running; the next build pages in the same one; it ends with the worker."""
    first = borrow_office()
    assert first is not None and first.lent
    assert borrow_office() is None, "lent to one build at a time"
    files = _documents(tmp_path / "one", "d3.docx", "d7.docx")
    paging = page_contents(files, tmp_path / "out", [first])
    assert paging.wait() == {files[0]: {"_Toc1": 3}, files[1]: {"_Toc1": 7}}
    first.close()
    assert kept.alive() and not first.alive()
    second = borrow_office()
    assert second is not None
    files = _documents(tmp_path / "two", "d2.docx")
    assert page_contents(files, tmp_path / "out", [second]).wait() == {files[0]: {"_Toc1": 2}}
    second.close()
    processes = (kept.process.pid, kept.pager.pid)
    end_kept_office()
    assert all(_gone(pid) for pid in processes)
    assert pdf._KEPT is None and borrow_office() is None


def test_answers_left_by_an_interrupted_build_are_passed_over(kept: pdf.Office, tmp_path) -> None:
    """A build interrupted while it paged leaves its answers in the pager's pipe: the next
    build reads past them to its own."""
    interrupted = borrow_office()
    assert interrupted is not None
    page_contents(_documents(tmp_path / "old", "d9.docx"), tmp_path / "out", [interrupted])
    interrupted.close()  # as a cancelled paging gives it back, unread
    later = borrow_office()
    assert later is not None
    files = _documents(tmp_path / "new", "d4.docx")
    assert page_contents(files, tmp_path / "out", [later]).wait() == {files[0]: {"_Toc1": 4}}
    later.close()


def test_a_kept_office_that_failed_is_ended_and_started_again(
    kept: pdf.Office, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document the kept office could not page is converted instead, and the office is
    ended (it may be broken); the worker starts another between commands."""
    borrowed = borrow_office()
    assert borrowed is not None
    paging = page_contents(_documents(tmp_path, "bad.docx"), tmp_path / "out", [borrowed])
    monkeypatch.setattr(pdf, "TIMEOUT", 0.05)  # the conversion's "LibreOffice" only sleeps
    with pytest.raises(DraftError, match="LibreOffice took more than"):
        paging.wait()
    assert _gone(kept.process.pid) and _gone(kept.pager.pid)
    keep_office()
    assert pdf._KEPT is kept, "not started again within a minute of its start"
    monkeypatch.setattr(pdf, "_kept_since", -pdf.RESTART_SECONDS)
    keep_office()
    assert pdf._KEPT is not kept and pdf._KEPT.alive()


GUARDED = textwrap.dedent(
    """
    import importlib.util, os, subprocess, sys, time
    office = subprocess.Popen(["sleep", "60"], start_new_session=True)
    if os.fork() == 0:  # the pager, guarding the office for this process
        spec = importlib.util.spec_from_file_location("unopages", sys.argv[1])
        pager = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(pager)
        pager.guard(office.pid, os.getppid(), every=0.02)
        print(office.pid, flush=True)
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
    """
)


def test_the_pager_ends_libreoffice_when_its_starter_is_killed(tmp_path) -> None:
    """LibreOffice runs in a session of its own: killed outright, the process that started
    it cannot end it; the pager it also started does."""
    starter = subprocess.Popen(
        [sys.executable, "-c", GUARDED, str(pdf.PAGER)], stdout=subprocess.PIPE, text=True
    )
    office = int(starter.stdout.readline())  # once the guard watches
    try:
        assert not _gone(office, 0.1)
        starter.kill()
        starter.wait()
        assert _gone(office), "the guard ended LibreOffice"
    finally:
        starter.stdout.close()
        if not _gone(office, 0):
            os.killpg(office, signal.SIGKILL)
