"""Shared fixtures: the golden sample workspace (the repository root) and fresh workspaces."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# A CI job runs the property tests on the same examples every time (a red job is a change's,
# never a new draw's); a developer's run keeps exploring new ones (and keeps what fails in
# .hypothesis/ to replay it)
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# No test is served by a warm worker, nor starts one (tests/test_warm.py switches it on for
# the workers it starts and stops): the toolkit processes the tests start inherit this
os.environ["TOOLKIT_WARM"] = "0"

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
_CACHES = itertools.count()  # the extraction caches' names, one per test
_PAGES = itertools.count()  # the kept contents' pages' folders, one per test


@pytest.fixture(scope="session")
def sample_root() -> Path:
    """The shipped sample workspace, read-only: copy it before writing."""
    return ROOT


@pytest.fixture
def sample_workspace(tmp_path: Path) -> Path:
    """A writable copy of the sample workspace (profile and notes)."""
    target = tmp_path / "forum"
    target.mkdir()
    shutil.copy(ROOT / "forum.yaml", target / "forum.yaml")
    shutil.copytree(ROOT / "session_notes", target / "session_notes")
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", target / "templates")
    (target / "outputs").mkdir()
    return target


@pytest.fixture(autouse=True)
def no_progress_lines(monkeypatch) -> None:
    """Every test is a short run: no progress lines on a loaded machine either.

    tests/test_progress.py lowers the thresholds again to see them.
    """
    monkeypatch.setattr("toolkit.progress.QUIET_SECONDS", float("inf"))
    monkeypatch.setattr("toolkit.progress.HEARTBEAT_SECONDS", float("inf"))


@pytest.fixture(autouse=True)
def own_extraction_cache(monkeypatch, tmp_path_factory) -> None:
    """Each test extracts into an extraction cache of its own: a test that patches the
    pipelines in this process must not be given what another test's extraction kept."""
    # a new name, made when the first entry is written (most tests never extract): mktemp for
    # every test listed a folder growing to thousands of entries each time
    folder = tmp_path_factory.getbasetemp() / "extract-caches" / str(next(_CACHES))
    monkeypatch.setattr("toolkit.extract.cache.default_folder", lambda: folder)


@pytest.fixture(autouse=True)
def own_page_cache(monkeypatch, tmp_path_factory) -> None:
    """Each test keeps the contents' pages LibreOffice finds in a folder of its own: a test
    that pages through LibreOffice must not be given what another test's build kept."""
    folder = tmp_path_factory.getbasetemp() / "page-caches" / str(next(_PAGES))
    monkeypatch.setattr("toolkit.draft.pagecache.default_folder", lambda: folder)


@pytest.fixture(scope="session")
def sample_extraction_cache(tmp_path_factory) -> Path:
    """An extraction cache holding every sample note, filled once per test process by
    ``toolkit extract`` on the sample (the same keys as a copy of it: the key is the text
    and what extraction depends on, never the path)."""
    from toolkit.cli import cli

    folder = tmp_path_factory.mktemp("sample-extract-cache")
    register = folder.parent / f"{folder.name}.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("toolkit.extract.cache.default_folder", lambda: folder)
        args = ["-w", str(ROOT), "extract", "--quiet", "-o", str(register)]
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("*.pickle"))) == len(list((ROOT / "session_notes").rglob("*.md")))
    return folder


@pytest.fixture
def warm_extraction_cache(monkeypatch, sample_extraction_cache: Path) -> Path:
    """For the tests of what the commands do with a register (its files, tables, scores,
    errors, training from the review), not of extraction: the sample's unchanged notes come
    from the cache, as in a rebuild; a note the test changed, or another profile or model,
    is extracted (the key differs). Extraction itself is tested on its own, cached and not
    (test_extract.py; test_extract_cache.py compares a cached sample register with an
    extracted one)."""
    monkeypatch.setattr("toolkit.extract.cache.default_folder", lambda: sample_extraction_cache)
    return sample_extraction_cache


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def ws(runner: CliRunner, tmp_path: Path) -> Path:
    """A fresh workspace made by ``toolkit init``."""
    from toolkit.cli import cli

    result = runner.invoke(cli, ["init", str(tmp_path / "forum")])
    assert result.exit_code == 0, result.output
    return (tmp_path / "forum").resolve()


@pytest.fixture
def new_note(runner: CliRunner, ws: Path):
    """``toolkit notes new`` in ``ws`` with a title, format panel and a date, never prompting."""
    from toolkit.cli import cli

    def make(title: str, *options: str):
        answers = ("--title", title, "--format", "panel", "--date", "2024-11-21")
        return runner.invoke(cli, ["-w", str(ws), "notes", "new", *answers, *options, "--no-input"])

    return make
