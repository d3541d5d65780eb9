"""LibreOffice (toolkit/draft/pdf.py): the toolkit records the installed version in its
profiles, so LibreOffice skips its graphics self-tests at start; the pages of the contents'
headings, read through a pager or from a PDF."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from toolkit.draft import pdf
from toolkit.draft.pagecache import PageCache
from toolkit.draft.pdf import (
    EMPTY_SETTINGS,
    LAST_VERSION,
    SETTINGS,
    convert,
    installed_version,
    office_ahead,
    page_contents,
)
from toolkit.errors import DraftError

OTHER_ITEM = (
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">'
    "<value>en-US</value></prop></item>"
)
END = "</oor:items>\n"


@pytest.fixture
def program(tmp_path: Path) -> str:
    """A LibreOffice installation laid out as on Linux, whose settings say version 7.4."""
    home = tmp_path / "libreoffice"
    (home / "program").mkdir(parents=True)
    (home / "share" / "registry").mkdir(parents=True)
    (home / "share" / "registry" / "main.xcd").write_text(
        '<oor:component-data oor:name="Setup"><node oor:name="Product">\n'
        '<prop oor:name="ooSetupVersion" oor:type="xs:string" oor:nillable="false">\n'
        "<value/></prop>\n"
        '<prop oor:name="ooSetupVersion">\n        <value>7.4</value>\n</prop>\n',
        encoding="utf-8",
    )
    soffice = home / "program" / "soffice"
    soffice.write_text("#!/bin/sh\n", encoding="utf-8")
    return str(soffice)


def test_the_version_is_read_from_the_installation(program: str, tmp_path: Path) -> None:
    installed_version.cache_clear()
    assert installed_version(program) == "7.4"
    assert installed_version(str(tmp_path / "elsewhere" / "program" / "soffice")) is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END)),
        (
            EMPTY_SETTINGS.replace(END, OTHER_ITEM + "\n" + END),
            EMPTY_SETTINGS.replace(
                END, OTHER_ITEM + "\n" + LAST_VERSION.format("7.4") + "\n" + END
            ),
        ),
        (  # LibreOffice was upgraded since: the older version is replaced, not repeated
            EMPTY_SETTINGS.replace(
                END, LAST_VERSION.format("7.3") + "\n" + OTHER_ITEM + "\n" + END
            ),
            EMPTY_SETTINGS.replace(
                END, OTHER_ITEM + "\n" + LAST_VERSION.format("7.4") + "\n" + END
            ),
        ),
        (  # already recorded: left as it is
            EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END),
            EMPTY_SETTINGS.replace(END, LAST_VERSION.format("7.4") + "\n" + END),
        ),
        ("<oor:items><item cut short", "<oor:items><item cut short"),  # not ours to repair
    ],
)
def test_a_profile_records_the_installed_version(
    program: str, tmp_path: Path, before: str | None, after: str
) -> None:
    installed_version.cache_clear()
    profile = tmp_path / "profile"
    settings = profile / SETTINGS
    if before is not None:
        settings.parent.mkdir(parents=True)
        settings.write_text(before, encoding="utf-8")
    pdf._record_version(profile, program)
    assert settings.read_text(encoding="utf-8") == after


def test_unreadable_settings_are_left_alone(program: str, tmp_path: Path) -> None:
    installed_version.cache_clear()
    settings = tmp_path / "profile" / SETTINGS
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b"\xff\xfe\x00garbage")
    pdf._record_version(tmp_path / "profile", program)  # no exception
    assert settings.read_bytes() == b"\xff\xfe\x00garbage"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_skips_its_self_tests_in_the_toolkits_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins what the toolkit relies on: LibreOffice runs its graphics self-tests (and logs
    them in the profile) in a profile without the version, and not in the toolkit's."""
    document = docx.Document()
    document.add_paragraph("Page one.")
    source = tmp_path / "one.docx"
    document.save(str(source))
    bare = tmp_path / "bare-profile"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={bare.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "bare"),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert (bare / "user" / "GraphicsRenderTests.log").is_file(), "LibreOffice's self-tests ran"

    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    written = convert([source], tmp_path / "out", processes=1).wait()
    assert written == [tmp_path / "out" / "one.pdf"]
    kept = tmp_path / "cache" / "libreoffice-0" / "profile"
    assert LAST_VERSION.format(installed_version(shutil.which("soffice") or "")) in (
        kept / SETTINGS
    ).read_text(encoding="utf-8")
    assert not (kept / "user" / "GraphicsRenderTests.log").exists(), "no self-tests"


# ------------------------------------------------------------------ paging the contents


def _paged_document(path: Path, breaks: list[int]) -> dict[str, int]:
    """A document with a heading bookmarked ``_TocN`` after each number of page breaks in
    ``breaks`` (cumulative); the page each heading is on."""
    document = docx.Document()
    expected, page = {}, 1
    for number, count in enumerate(breaks):
        for _ in range(count):
            document.add_paragraph("Text.").add_run().add_break(WD_BREAK.PAGE)
        page += count
        heading = document.add_heading(f"Heading {number}", level=1)
        name = f"_Toc{number:08d}"
        start = heading._p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): str(number)})
        start.set(qn("w:name"), name)
        heading._p.insert(0, start)
        heading._p.append(heading._p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): str(number)}))
        expected[name] = page
    document.add_paragraph("The end.")
    document.save(str(path))
    return expected


def _uno_python() -> bool:
    """Whether the Python the pager runs with has LibreOffice's ``uno``."""
    program = shutil.which("soffice")
    python = pdf.uno_python(program) if program else None
    if python is None:
        return False
    return subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture
def two_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[Path, dict[str, int]]:
    """Two documents to page (with the pages of their headings), LibreOffice's kept
    profiles in a cache folder of the test's own."""
    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    (tmp_path / "in").mkdir()
    return {
        tmp_path / "in" / "first.docx": _paged_document(tmp_path / "in" / "first.docx", [0, 2, 1]),
        tmp_path / "in" / "second.docx": _paged_document(tmp_path / "in" / "second.docx", [1, 0]),
    }


#: Tests that page through LibreOffice's pager.
needs_pager = pytest.mark.skipif(
    shutil.which("soffice") is None or not _uno_python(),
    reason="LibreOffice, or a Python with its uno module, not installed",
)


@needs_pager
def test_the_pager_reads_each_headings_page_without_a_pdf(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path
) -> None:
    """One LibreOffice started ahead pages both documents through its pager: the pages of
    the ``_Toc`` bookmarks, as a PDF of them would give, and no PDF is written."""
    files = list(two_documents)
    with office_ahead(True, 1) as offices:
        paging = page_contents(files, tmp_path / "out", offices)
        assert paging.conversion is None and paging.asked, "through the pager"
        assert paging.wait() == two_documents
    assert not (tmp_path / "out").exists()


#: A toolkit process that started LibreOffice ahead, then is killed with its pager (its
#: LibreOffice, in a session of its own, lives on); it prints LibreOffice's process group and
#: the pager's process once started.
KILLED_TOOLKIT = (
    "import shutil, sys, time\n"
    "from pathlib import Path\n"
    "from toolkit.draft import pdf\n"
    "pdf._CACHE = Path(sys.argv[1])\n"
    "office = pdf.Office(shutil.which('soffice'))\n"
    "print(office.process.pid, office.pager.pid, flush=True)\n"
    "time.sleep(60)\n"
)


@needs_pager
def test_a_libreoffice_left_by_a_killed_run_does_not_take_the_next_runs_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LibreOffice outliving its toolkit holds its kept profile's lock, so the next run
    starts its own LibreOffice in a throw-away profile instead of handing its work to that
    one through the profile's single-instance pipe (its LibreOffice would end at once)."""
    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    run = [sys.executable, "-c", KILLED_TOOLKIT, str(tmp_path / "cache")]
    killed = subprocess.Popen(run, stdout=subprocess.PIPE, text=True)
    group, pager = map(int, killed.stdout.readline().split())
    try:
        time.sleep(2)  # LibreOffice is up and listening
        os.kill(pager, signal.SIGKILL)  # else it would end LibreOffice (its guard)
        killed.kill()
        killed.wait()
        with office_ahead(True, 1) as offices:
            time.sleep(2)
            assert offices[0].alive(), "its own LibreOffice, running"
            assert tmp_path / "cache" not in offices[0].profile.parents
    finally:
        killed.stdout.close()
        os.killpg(group, signal.SIGKILL)


#: Pagers that fail while LibreOffice runs: a Python without ``uno`` (it ends at once with
#: status 3), and one whose every answer is an error (LibreOffice could not open a file).
FAILING_PAGERS = {
    "no uno": "#!/bin/sh\nexit 3\n",
    "errors": (
        "#!{python}\nimport json, sys\n"
        "for line in iter(sys.stdin.readline, '\\n'):\n"
        "    print(json.dumps({{'path': line.strip(), 'error': 'IOException'}}), flush=True)\n"
    ),
}


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils not installed",
)
@pytest.mark.parametrize("pager", list(FAILING_PAGERS))
def test_a_failing_pager_leaves_the_paging_to_a_pdf(
    two_documents: dict[Path, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pager: str,
) -> None:
    """Where the pager cannot page, LibreOffice converts the documents to PDF and their
    bookmarks give the same pages."""
    fake = tmp_path / "python"
    fake.write_text(FAILING_PAGERS[pager].format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "uno_python", lambda program: str(fake))
    files = list(two_documents)
    with office_ahead(True, 1) as offices:
        if pager == "no uno":
            offices[0].pager.wait(timeout=30)  # it has ended before the drafts are ready
        paging = page_contents(files, tmp_path / "out", offices)
        assert (paging.conversion is None) == (pager == "errors")
        assert paging.wait() == two_documents
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.pdf", "second.pdf"]


def test_a_libreoffice_that_hangs_is_stopped_and_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LibreOffice that never finishes laying out is stopped after the time limit, with
    one error (the build turns it into a warning); no conversion is tried after it."""
    monkeypatch.setattr(pdf, "_CACHE", tmp_path / "cache")
    monkeypatch.setattr(pdf, "TIMEOUT", 1)
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    waiting = tmp_path / "python"
    waiting.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    for fake in (hanging, waiting):
        fake.chmod(0o755)
    monkeypatch.setattr(pdf, "uno_python", lambda program: str(waiting))
    monkeypatch.setattr(pdf, "convert", lambda *args, **kwargs: pytest.fail("converted"))
    document = tmp_path / "draft.docx"
    docx.Document().save(str(document))
    office = pdf.Office(str(hanging))
    try:
        paging = page_contents([document], tmp_path / "out", [office])
        with pytest.raises(DraftError, match=r"LibreOffice took more than 1 s to lay out"):
            paging.wait()
        assert office.process is None and office.pager is None, "both stopped"
    finally:
        office.close()


def test_the_warm_up_document_is_a_word_document(tmp_path: Path) -> None:
    """What LibreOffice opens as it starts (written without python-docx) reads as a Word
    document of one paragraph; a folder that cannot be written is no error."""
    path = tmp_path / "warm-up.docx"
    assert pdf.write_warm_up(path)
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["LibreOffice warms up."]
    assert not pdf.write_warm_up(tmp_path / "missing" / "warm-up.docx")


WORD_LIBRARIES = ("docx", "docxtpl", "jinja2", "lxml")


def test_libreoffice_starts_before_the_word_libraries_are_imported() -> None:
    """The build starts LibreOffice from the drafting package before it imports python-docx,
    docxtpl and Jinja2 (0.3 s of CPU, which LibreOffice's start then overlaps); the names
    the package gives from their modules are there when asked for."""
    probe = (
        "import sys\nimport toolkit.draft as draft\nfrom toolkit.draft.pdf import office_ahead\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WORD_LIBRARIES!r}))\n"
        "print(draft.build_document.__module__, draft.template_path.__module__)\n"
    )
    printed = subprocess.check_output([sys.executable, "-c", probe], text=True, timeout=120)
    assert printed.splitlines() == ["[]", "toolkit.draft.pool toolkit.draft.templates"]


def _redated(source: Path, target: Path, stamp: str) -> Path:
    """A copy of a Word document whose core properties carry other dates (as each build's)."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as copy:
        for name in package.namelist():
            data = package.read(name)
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<3>",
                    data,
                )
            copy.writestr(name, data)
    return target


class _Office:
    """What page_contents asks of an office started ahead, when it has nothing to page."""

    def __init__(self) -> None:
        self.closed = False

    def alive(self) -> bool:
        return not self.closed

    def close(self) -> None:
        self.closed = True


def test_a_copys_key_ignores_the_dates_and_follows_everything_else(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path
) -> None:
    first, second = list(two_documents)
    cache = PageCache("soffice", tmp_path / "pages")
    dated = [_redated(first, tmp_path / f"{stamp}.docx", stamp) for stamp in ("2020", "2031")]
    assert cache.key(dated[0]) == cache.key(dated[1]) == cache.key(first) != cache.key(second)
    assert cache.key(tmp_path / "missing.docx") is None
    assert PageCache(str(tmp_path / "other" / "soffice"), tmp_path / "pages").key(first) != (
        cache.key(first)
    ), "another LibreOffice"


@pytest.mark.parametrize("keep", [False, True])
def test_kept_pages_are_given_without_laying_a_copy_out(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path, keep: bool
) -> None:
    """Every copy's pages kept: nothing is asked of LibreOffice, and the office started
    ahead closes at once (unless it is kept for the PDFs that follow)."""
    cache = PageCache("soffice", tmp_path / "pages")
    for path, pages in two_documents.items():
        cache.put(cache.key(path), pages)
    office = _Office()
    paging = page_contents(list(two_documents), tmp_path / "out", [office], keep, cache)  # type: ignore[list-item]
    assert not paging.asked and paging.conversion is None and not paging.running()
    assert office.closed is not keep
    assert paging.wait() == two_documents


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"_Toc1": "x"}'])
def test_a_damaged_kept_file_is_a_miss(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path, damage: bytes
) -> None:
    cache = PageCache("soffice", tmp_path / "pages")
    path, pages = next(iter(two_documents.items()))
    key = cache.key(path)
    cache.put(key, pages)
    assert cache.get(key) == pages
    (tmp_path / "pages" / f"{key}.json").write_bytes(damage)
    assert cache.get(key) is None
    cache.put(key, pages)
    assert cache.get(key) == pages


def test_pages_that_cannot_be_kept_only_cost_the_paging(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    cache = PageCache("soffice", tmp_path / "file" / "pages")  # a file where a folder goes
    path, pages = next(iter(two_documents.items()))
    cache.put(cache.key(path), pages)
    assert cache.get(cache.key(path)) is None


@needs_pager
def test_pages_found_by_libreoffice_are_kept_for_the_next_build(
    two_documents: dict[Path, dict[str, int]], tmp_path: Path
) -> None:
    files = list(two_documents)
    cache = PageCache(shutil.which("soffice") or "soffice", tmp_path / "pages")
    with office_ahead(True, 1) as offices:
        paging = page_contents(files[:1], tmp_path / "out", offices, cache=cache)
        assert paging.asked and paging.wait() == {files[0]: two_documents[files[0]]}
    assert cache.get(cache.key(files[0])) == two_documents[files[0]]
    with office_ahead(True, 1) as offices:
        paging = page_contents(files, tmp_path / "out", offices, cache=cache)
        assert [given for _, given in paging.asked] == [files[1:]], "only the new copy"
        assert paging.wait() == two_documents
