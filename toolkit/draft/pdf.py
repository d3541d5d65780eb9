"""PDF copies through LibreOffice, and the page each heading landed on.

LibreOffice is optional: without it the Word documents are written as usual and ``--pdf``
stops before anything is written. Conversions run in the background in two LibreOffice
processes, each with a profile of its own that the toolkit keeps in the user's cache folder
(never the user's LibreOffice settings; so they run side by side and while LibreOffice is
open); the PDFs are moved into place only once every one of them exists, so a failure leaves
no half-written output. Starting LibreOffice costs as much as laying out both consolidated
drafts, so the build starts one ahead (:class:`Office`) while it extracts the notes.

The contents' page numbers come from that LibreOffice through its pager
(:mod:`.unopages`, run by a Python that has LibreOffice's ``uno`` module): it reads the page
of each heading's bookmark from LibreOffice's layout, with no PDF exported
(:func:`page_contents`). Where no such Python is found, or the pager fails, the drafts are
converted to PDF with their bookmarks, and ``pdfinfo`` reads the pages back.

Every profile the toolkit gives LibreOffice records the version of LibreOffice last set up
(:func:`_record_version`): a profile that does not makes LibreOffice run its graphics
self-tests at start (about a second of CPU, a gigabyte of memory cleared), and a headless
conversion never records it, so without this every run would pay for them.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

from ..errors import DraftError, OutputError
from ..textio import write_text_atomic
from ..usercache import cache_folder
from .pagecache import PageCache

PDF = "pdf:writer_pdf_Export"
#: Also turns Word bookmarks into named destinations (LibreOffice ≥ 7.4): for contents pages.
PDF_WITH_BOOKMARKS = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
TIMEOUT = 600
PROCESSES = 2
#: LibreOffice processes paging the consolidated drafts' contents, started ahead: one lays
#: out both drafts, one after the other (the second costs it a third less than the first,
#: and a second LibreOffice's start is saved: 1.6 s of LibreOffice's CPU for both drafts
#: against 2.1 s in two side by side), while the other documents render on the other core.
PAGING_PROCESSES = 1
NO_SOFFICE = (
    "PDF not written: LibreOffice (soffice) is not installed; install it "
    "(e.g. apt-get install libreoffice-writer-nogui) or leave out --pdf (nothing was written)"
)
_DEST = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(?:.*?)(Toc\d+)"\s*$')


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _groups(files: list[Path], processes: int) -> list[list[Path]]:
    """Files shared out between LibreOffice runs, largest first onto the lightest run.

    Two files with one name (``regions/x-ru.docx``, ``sessions/x-ru.docx``) never share a run,
    since a run writes its PDFs into one folder.
    """
    runs: list[list[Path]] = [[] for _ in range(max(1, min(processes, len(files))))]
    sizes = [0] * len(runs)
    for path in sorted(files, key=lambda p: -p.stat().st_size):
        free = [i for i, run in enumerate(runs) if all(p.stem != path.stem for p in run)]
        if not free:
            runs.append([])
            sizes.append(0)
            free = [len(runs) - 1]
        target = min(free, key=lambda i: sizes[i])
        runs[target].append(path)
        sizes[target] += path.stat().st_size
    return [run for run in runs if run]


@dataclass
class Conversion:
    """LibreOffice runs converting documents to PDF in the background; :meth:`wait` ends them."""

    outdir: Path | None
    work: tempfile.TemporaryDirectory
    runs: list[tuple[subprocess.Popen, list[Path], Path]] = field(default_factory=list)
    locks: list[IO[str]] = field(default_factory=list)  # the kept profiles this one uses

    def running(self) -> bool:
        """Whether a LibreOffice run is still converting."""
        return any(process.poll() is None for process, _, _ in self.runs)

    def cancel(self) -> None:
        """Stop every run still converting and give back what they held (nothing is moved
        into place)."""
        for process, _, _ in self.runs:
            if process.poll() is None:
                process.kill()
                process.wait()
        for lock in self.locks:
            lock.close()
        self.work.cleanup()

    def wait(self) -> list[Path]:
        """Wait for every run; move each PDF next to its document (or into ``outdir``).

        Nothing is moved unless every run wrote every PDF.
        """
        produced: list[tuple[Path, Path]] = []
        try:
            for process, files, out in self.runs:
                try:
                    _, errors = process.communicate(timeout=TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    raise DraftError(
                        f"{files[0].parent}: LibreOffice took more than {TIMEOUT} s to convert "
                        "the documents to PDF and was stopped"
                    ) from None
                detail = (errors or "").strip().splitlines()[-1:] or ["no output"]
                if process.returncode:
                    raise DraftError(
                        f"{soffice()}: LibreOffice failed (exit status {process.returncode}: "
                        f"{detail[0]}); check that 'soffice --headless --version' runs"
                    )
                for path in files:
                    if not (out / f"{path.stem}.pdf").is_file():
                        raise DraftError(
                            f"{path}: LibreOffice did not write a PDF ({detail[0]}); "
                            "open the document in Word to check it"
                        )
                    produced.append((out / f"{path.stem}.pdf", path))
            return [self._move(pdf, document) for pdf, document in produced]
        finally:
            self.cancel()  # what is still running (after a failure), and what they held

    def _move(self, pdf: Path, document: Path) -> Path:
        target = (self.outdir or document.parent) / pdf.name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".pdf.tmp")
        shutil.move(str(pdf), str(temporary))
        os.replace(temporary, target)
        return target


def _profile(slot: int, work: Path, locks: list[IO[str]], program: str) -> Path:
    """A LibreOffice profile for one run: the toolkit's own, kept between runs (LibreOffice
    starts twice as fast with a warm one), or a throw-away one when it is busy or unwritable;
    either records the installed version (:func:`_record_version`)."""
    try:
        import fcntl

        folder = _CACHE / f"libreoffice-{slot}"
        folder.mkdir(parents=True, exist_ok=True)
        lock = (folder / ".lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise
        locks.append(lock)
        profile = folder / "profile"
    except (ImportError, OSError):  # not on Linux/macOS, another run has it, or read-only
        profile = work / f"profile-{slot}"
    _record_version(profile, program)
    return profile


#: The profile's own settings (LibreOffice keeps them in this file, one item per line).
SETTINGS = Path("user") / "registrymodifications.xcu"
EMPTY_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n'
)
LAST_VERSION = (
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
    'oor:op="fuse"><value>{}</value></prop></item>'
)
_LAST_VERSION_ITEM = re.compile(
    r'<item oor:path="/org.openoffice.Setup/Product">'
    r'<prop oor:name="ooSetupLastVersion".*?</item>\n?'
)


def _record_version(profile: Path, program: str) -> None:
    """Write into ``profile`` that LibreOffice ``program``'s version is set up.

    LibreOffice runs its graphics self-tests whenever its version is newer than the one
    the profile last recorded, and only its window (never a conversion) records it. A
    profile whose settings cannot be read or have no end tag is left to LibreOffice.
    """
    version = installed_version(program)
    if version is None:
        return
    path = profile / SETTINGS
    item = LAST_VERSION.format(version)
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else EMPTY_SETTINGS
    except (OSError, UnicodeDecodeError):
        return
    if item in text:
        return
    text = _LAST_VERSION_ITEM.sub("", text)
    end = text.rfind("</oor:items>")
    if end < 0:
        return
    with suppress(OutputError):  # LibreOffice then runs its tests, as before
        write_text_atomic(path, f"{text[:end]}{item}\n{text[end:]}")


_VERSION = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')


@cache
def installed_version(program: str) -> str | None:
    """LibreOffice's "major.minor" version as its installation's settings give it, if found
    (``share/registry/main.xcd`` on Linux, ``Resources/registry`` on macOS)."""
    home = Path(os.path.realpath(program)).parent.parent
    for settings in (home / "share" / "registry", home / "Resources" / "registry"):
        try:
            found = _VERSION.search((settings / "main.xcd").read_bytes())
        except OSError:
            continue
        if found:
            return found.group(1).decode("ascii")
    return None


_CACHE = cache_folder()


class Office:
    """One LibreOffice started ahead of the documents it is to lay out or convert.

    It listens on a pipe of its own, and a pager (:mod:`.unopages`, run by a Python that
    has LibreOffice's ``uno`` module) connects to it as it starts, to read the pages of the
    contents' headings when asked (:func:`page_contents`). A later :func:`convert` given this
    office runs one of its conversions with the same profile, and LibreOffice's
    single-instance pipe hands that conversion to this process, already started; LibreOffice
    ends once it is done. :meth:`close` ends it (and the pager) if still running.
    ``slot``: which of the toolkit's kept profiles it takes (one per process at a time).

    A warm worker keeps one running between the builds it serves (:func:`keep_office`); a
    build forked from it borrows it (:func:`borrow_office`): it pages there with no
    LibreOffice to start, and :meth:`close` gives it back, still running.
    """

    def __init__(self, program: str, slot: int | str = 0) -> None:
        self.owner = os.getpid()  # the process that started it (a warm worker keeps it)
        self.lent = False  # a command's handle on a warm worker's office (borrow_office)
        self.lease: IO[str] | None = None  # … held until it is given back
        self.heard = b""  # a borrowed office's answers read, not yet a whole line
        self.answers: dict[Path, dict[str, int] | None] = {}  # … and read: None, an error
        self.work = tempfile.TemporaryDirectory(prefix="toolkit-office-")
        self.locks: list[IO[str]] = []
        self.profile = _profile(slot, Path(self.work.name), self.locks, program)
        pipe = f"toolkit-{os.getpid()}-{slot}-{secrets.token_hex(4)}"
        command = [program, f"-env:UserInstallation={self.profile.as_uri()}", "--headless"]
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                [*command, "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, to end it with its helper
                # it holds its profile's lock too: killed with the toolkit, a LibreOffice
                # left running keeps the profile from the next run, which would hand its
                # work to that LibreOffice (and find it gone at once)
                pass_fds=[lock.fileno() for lock in self.locks],
            )
        except OSError:  # the conversion starts LibreOffice itself, and reports why it cannot
            self.process = None
        self.pager: subprocess.Popen | None = None
        try:
            warm = Path(self.work.name) / "warm-up.docx"
            if self.process is not None:
                self.pager = _pager(program, pipe, warm, self.process.pid)
        except BaseException:  # interrupted while starting (Ctrl-C): LibreOffice runs in a
            self.close()  # session of its own, which no signal to the toolkit reaches
            raise

    def running(self) -> bool:
        """Whether LibreOffice still runs (its pager may have ended)."""
        return self.process is not None and self._runs(self.process)

    def alive(self) -> bool:
        """Whether LibreOffice still runs and its pager waits for documents."""
        return (
            self.process is not None
            and self._runs(self.process)
            and self.pager is not None
            and self._runs(self.pager)
        )

    def _runs(self, process: subprocess.Popen) -> bool:
        """Whether ``process`` runs: asked of the kernel in a command forked from the worker
        that started it (``poll`` there would take it for ended: it is not its child)."""
        if self.owner == os.getpid():
            return process.poll() is None
        try:
            with open(f"/proc/{process.pid}/stat", "rb") as handle:
                return handle.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
        except (OSError, IndexError):
            return False

    def close(self, broken: bool = False) -> None:
        """End LibreOffice and the pager if they still run; give the profile back (once:
        later calls pass). A borrowed office is given back running unless ``broken`` (its
        pager failed or hung: it ends, and the worker starts another)."""
        if self.lent:  # nothing of the worker's is this command's to end, unless broken
            if self.lease is not None:
                self.lease.close()  # the next build of the worker may borrow it
                self.lease = None
            if broken and self.process is not None and self.pager is not None:
                for pid, kill in ((self.pager.pid, os.kill), (self.process.pid, os.killpg)):
                    with suppress(OSError):
                        kill(pid, signal.SIGKILL)
            self.process = self.pager = None  # this command is done with it
            return
        if self.pager is not None and self.pager.poll() is None:
            self.pager.kill()
        if self.pager is not None:
            self.pager.wait()
            for stream in (self.pager.stdin, self.pager.stdout):
                if stream is not None:
                    stream.close()
        self.pager = None
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except (AttributeError, OSError):  # no process groups (Windows), or it just ended
                self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        for lock in self.locks:
            lock.close()
        self.locks.clear()
        self.work.cleanup()

    def listen(self, files: list[Path], seconds: float) -> bool:
        """A borrowed office: read its pager's answers for up to ``seconds``; whether each
        of ``files`` is answered (or the pager ended: the rest never will be). Answers to
        an earlier build's paths (one interrupted while it paged) are read and left."""
        wanted = {path.resolve() for path in files}
        deadline = time.monotonic() + seconds
        while not wanted <= self.answers.keys():
            if self.pager is None or self.pager.stdout is None or not self.alive():
                return True
            source = self.pager.stdout.fileno()
            ready, _, _ = select.select([source], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return False
            data = os.read(source, 1 << 16)
            if not data:
                return True
            *lines, self.heard = (self.heard + data).split(b"\n")
            for line in lines:
                path, pages = _answer(line)
                if path is not None:
                    self.answers[path] = pages
        return True


#: The pager LibreOffice's Python runs (a file of this package, never imported here).
PAGER = Path(__file__).with_name("unopages.py")


def uno_python(program: str) -> str | None:
    """A Python that may have LibreOffice's ``uno`` module: LibreOffice's own (its Windows
    and macOS builds carry one), else the system's (Debian's ``python3-uno``), else the
    ``python3`` on PATH. The pager says if it has none (exit status 3)."""
    home = Path(os.path.realpath(program)).parent
    for candidate in (home / "python", home / "python.exe", Path("/usr/bin/python3")):
        if candidate.is_file():
            return str(candidate)
    return shutil.which("python3")


#: The smallest Word document: what LibreOffice opens to warm up (:func:`_pager`).
WARM_UP = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>LibreOffice warms up.</w:t></w:r></w:p></w:body></w:document>",
}


def write_warm_up(path: Path) -> bool:
    """Write :data:`WARM_UP` at ``path``; whether it could."""
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
            for name, text in WARM_UP.items():
                package.writestr(name, text)
    except OSError:
        return False
    return True


def _pager(program: str, pipe: str, warm: Path, group: int) -> subprocess.Popen | None:
    """The pager, started now: it connects to LibreOffice as LibreOffice starts, and has it
    open a one-line document written at ``warm`` (LibreOffice's first Word document costs it
    0.3 s of CPU more than the next: spent ahead, not while the build waits for it). The
    document is the smallest there is, written without python-docx: it warms LibreOffice up
    as well as python-docx's blank document, for 0.14 s less of its CPU, and LibreOffice
    starts before the build imports drafting's libraries. It ends LibreOffice's process
    ``group`` if this process dies without doing so (:func:`.unopages.guard`)."""
    python = uno_python(program)
    if python is None:
        return None
    if not write_warm_up(warm):
        warm = Path()
    # the toolkit's own Python settings (PYTHONPATH) are not the pager's: LibreOffice's
    # Python sets its own
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    warm_up = [str(warm)] if warm.name else []
    try:
        return subprocess.Popen(
            [python, str(PAGER), pipe, "--guard", str(group), str(os.getpid()), *warm_up],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
    except OSError:
        return None


@contextmanager
def office_ahead(
    wanted: bool = True, processes: int = 1, borrow: bool = False
) -> Iterator[list[Office]]:
    """``processes`` :class:`Office` started now, if ``wanted`` and LibreOffice is installed
    (else none); ended after. With ``borrow`` (the contents are paged, no PDFs follow), the
    first is the warm worker's, if this command runs in one and it is free
    (:func:`borrow_office`)."""
    program = soffice() if wanted else None
    offices: list[Office] = []
    try:  # each one started is ended, even if the build is interrupted while the next starts
        kept = borrow_office() if program is not None and borrow else None
        offices += [kept] if kept is not None else []
        if program is not None:
            for slot in range(len(offices), processes):
                offices.append(Office(program, slot))
        yield offices
    finally:
        for office in offices:
            office.close()


#: The profile of the LibreOffice a warm worker keeps running (:func:`keep_office`).
KEPT_SLOT = "kept"
#: That LibreOffice, in the worker and the commands it forks (``None`` elsewhere).
_KEPT: Office | None = None
#: The least seconds between two starts of it (one that cannot start, or breaks at once,
#: would otherwise cost the worker a LibreOffice's start at every look).
RESTART_SECONDS = 60.0
_kept_since = -RESTART_SECONDS


def keep_office() -> None:
    """In a warm worker (``toolkit/warm.py``), between commands: start the LibreOffice it
    keeps for the builds it serves, or start it again if it ended (a build found its pager
    broken). Its start and its first document (1–2 s of CPU) are then no build's. It ends
    with the worker (:func:`end_kept_office`), or, killed outright, through its pager's
    guard."""
    global _KEPT, _kept_since
    if _KEPT is not None and _KEPT.alive():
        return
    if time.monotonic() - _kept_since < RESTART_SECONDS:
        return
    end_kept_office()
    _kept_since = time.monotonic()
    program = soffice()
    if program is None or uno_python(program) is None:
        return
    _KEPT = Office(program, KEPT_SLOT)
    if not _KEPT.locks:  # another worker keeps one in this profile: none kept here
        end_kept_office()


def end_kept_office() -> None:
    """End the LibreOffice :func:`keep_office` started, if any."""
    global _KEPT
    if _KEPT is not None:
        _KEPT.close(broken=True)
    _KEPT = None


def borrow_office() -> Office | None:
    """In a command forked from a warm worker: the LibreOffice it keeps, if it runs and no
    other command has it (a lock held until :meth:`Office.close` or the command's end), else
    ``None`` (the command starts its own, as without a worker)."""
    office = _KEPT
    if office is None or not office.alive():
        return None
    try:
        import fcntl

        # beside the kept profile (the office's temporary folder would be removed by the
        # first command that runs the exit functions it inherited)
        lease = (office.profile.parent / "borrowed").open("w")
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lease.close()
        return None
    handle = copy.copy(office)  # what this command sees of it
    handle.lent, handle.lease, handle.heard, handle.answers = True, lease, b"", {}
    return handle


def convert(
    files: list[Path],
    outdir: Path | None = None,
    bookmarks: bool = False,
    processes: int = PROCESSES,
    offices: Sequence[Office] = (),
) -> Conversion:
    """Start converting ``files`` to PDF in up to ``processes`` LibreOffice runs.

    The first runs go to the ``offices`` started ahead, one each, as far as they go.
    """
    program = soffice()
    if program is None:
        raise DraftError(NO_SOFFICE)
    work = tempfile.TemporaryDirectory(prefix="toolkit-pdf-")
    conversion = Conversion(outdir, work)
    for number, group in enumerate(_groups(files, processes)):
        base = Path(work.name) / str(number)
        if number < len(offices):
            profile = offices[number].profile
        else:
            profile = _profile(number, Path(work.name), conversion.locks, program)
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            PDF_WITH_BOOKMARKS if bookmarks else PDF,
            "--outdir",
            str(base / "out"),
            *map(str, group),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                pass_fds=[lock.fileno() for lock in conversion.locks],  # as Office's
            )
        except OSError as exc:
            conversion.wait()
            raise DraftError(f"{program}: LibreOffice could not be started ({exc})") from exc
        conversion.runs.append((process, group, base / "out"))
    return conversion


def bookmark_pages(pdf: Path) -> dict[str, int]:
    """The page of each ``_Toc…`` bookmark in a PDF written with bookmarks (needs pdfinfo)."""
    program = shutil.which("pdfinfo")
    if program is None:
        return {}
    try:
        result = subprocess.run(
            [program, "-dests", str(pdf)], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    pages = {}
    for line in result.stdout.splitlines():
        match = _DEST.match(line)
        if match:
            pages[f"_{match.group(2)}"] = int(match.group(1))
    return pages


@dataclass
class Paging:
    """LibreOffice finding the page of each contents heading of some documents, in the
    background: through the pagers of the offices started ahead (:class:`Office`), else by
    converting the documents to PDF with their bookmarks and reading those back (the route
    when no Python with ``uno`` is at hand, and after a pager fails). With ``keep``, an
    office whose pager paged all it was given keeps running once done: the PDFs that follow
    are converted in it (:func:`convert`), without starting LibreOffice again. ``known``: the
    pages of copies the ``cache`` kept (not paged again); the pages found are kept in it."""

    files: list[Path]
    outdir: Path
    asked: list[tuple[Office, list[Path]]] = field(default_factory=list)
    conversion: Conversion | None = None
    keep: bool = False
    known: dict[Path, dict[str, int]] = field(default_factory=dict)
    cache: PageCache | None = None
    keys: dict[Path, str | None] = field(default_factory=dict)

    def running(self) -> bool:
        """Whether LibreOffice is still at it."""
        if self.conversion is not None:
            return self.conversion.running()
        return any(
            not o.listen(files, 0) if o.lent else o.pager.poll() is None
            for o, files in self.asked
            if o.pager is not None
        )

    def cancel(self) -> None:
        """Stop LibreOffice's work (nothing is written)."""
        for office, _ in self.asked:
            office.close()
        if self.conversion is not None:
            self.conversion.cancel()

    def wait(self) -> dict[Path, dict[str, int]]:
        """The pages of each document's ``_Toc…`` bookmarks (a document LibreOffice found
        none in has none); a :class:`DraftError` if LibreOffice failed."""
        found = self._found()
        if self.cache is not None:
            for path in self.files:
                if path in found:
                    self.cache.put(self.keys.get(path), found[path])
        return found | self.known

    def _found(self) -> dict[Path, dict[str, int]]:
        found: dict[Path, dict[str, int]] = {}
        failed: list[Path] = []
        for office, files in self.asked:
            answers = _answers(office, files)
            missing = [path for path in files if path.resolve() not in answers]
            found.update((path, answers[path.resolve()]) for path in files if path not in missing)
            failed += missing
            if missing or not self.keep:
                office.close(broken=bool(missing))  # its profile is free for a conversion
        if failed:  # the pager failed: convert what it did not page
            self.conversion = convert(failed, self.outdir, bookmarks=True, processes=len(failed))
        if self.conversion is not None:
            self.conversion.wait()
            done = [path for path in self.files if path not in found]
            pdfs = [self.outdir / f"{path.stem}.pdf" for path in done]
            # the documents side by side: pdfinfo is a process
            with ThreadPoolExecutor(max(1, len(done))) as threads:
                found.update(zip(done, threads.map(bookmark_pages, pdfs), strict=True))
        return found


def _answers(office: Office, files: list[Path]) -> dict[Path, dict[str, int]]:
    """What the office's pager answered (a document it could not page is left out), once it
    ends (a borrowed office's: once it answered each of ``files``); it is stopped if
    LibreOffice ends first, and a :class:`DraftError` if LibreOffice takes longer than
    :data:`TIMEOUT` (converting the drafts instead would hang as long)."""
    pager, found = office.pager, {}
    if pager is None:
        return {}
    deadline = time.monotonic() + TIMEOUT
    while True:
        if office.lent:
            if office.listen(files, 0.05):
                answers = office.answers
                return {path: pages for path, pages in answers.items() if pages is not None}
        else:
            try:
                out, _ = pager.communicate(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                if office.process is None or office.process.poll() is not None:
                    pager.kill()
                    out, _ = pager.communicate()
                    break
        if time.monotonic() > deadline:
            office.close(broken=True)
            raise DraftError(
                f"{files[0].parent}: LibreOffice took more than {TIMEOUT} s to lay out the "
                "drafts and was stopped"
            ) from None
    for line in (out or "").splitlines():
        path, pages = _answer(line.encode())
        if path is not None and pages is not None:
            found[path] = pages
    return found


def _answer(line: bytes) -> tuple[Path | None, dict[str, int] | None]:
    """The path a pager's line answers, with its pages (``None``: LibreOffice could not
    page it); no path if the line is no answer (cut short)."""
    try:
        answer = json.loads(line)
        path = Path(answer["path"])
    except (ValueError, KeyError, TypeError):
        return None, None
    try:
        return path, {str(k): int(v) for k, v in answer["pages"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):  # an error
        return path, None


def page_contents(
    files: list[Path],
    outdir: Path,
    offices: Sequence[Office] = (),
    keep: bool = False,
    cache: PageCache | None = None,
) -> Paging:
    """Start finding the pages of the contents' headings of ``files`` (copies laid out for
    it): one per office started ahead whose LibreOffice and pager run, else by converting
    them all to PDF in ``outdir`` (in the ``offices``, as :func:`convert` does). ``keep``:
    the offices that page keep running for PDFs (see :class:`Paging`). A copy whose pages
    the ``cache`` holds is not paged; with none left, the offices close (unless ``keep``)."""
    keys = {path: cache.key(path) for path in files} if cache is not None else {}
    known = {}
    for path, key in keys.items():
        pages = cache.get(key) if cache is not None else None
        if pages is not None:
            known[path] = pages
    files = [path for path in files if path not in known]
    paging = Paging(files, outdir, keep=keep, known=known, cache=cache, keys=keys)
    if known and not files:
        if not keep:
            for office in offices:
                office.close()
        return paging
    ready = [office for office in offices if office.alive()]
    if files and ready:
        for number, office in enumerate(ready):
            given = files[number :: len(ready)]  # laid out side by side, one after the other
            if not given:
                office.close()
                continue
            assert office.pager is not None and office.pager.stdin is not None
            asked = "".join(f"{path.resolve()}\n" for path in given)
            try:
                if office.lent:  # it stays for the worker's next build
                    office.pager.stdin.write(asked)
                    office.pager.stdin.flush()
                else:  # an empty line ends the list: the pager ends once it has answered
                    office.pager.stdin.write(asked + "\n")
                    office.pager.stdin.close()
            except OSError:  # it just ended: its documents are converted instead
                pass
            if not office.lent:
                office.pager.stdin = None  # closed: nothing for communicate() to flush
            paging.asked.append((office, given))
    else:  # in the offices started ahead (no other LibreOffice to start), else side by side
        processes = len(offices) or len(files)
        paging.conversion = convert(
            paging.files, outdir, bookmarks=True, processes=processes, offices=offices
        )
    return paging
