"""The extraction cache: an unchanged note is taken from it, anything changed is extracted."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.cli import cli
from toolkit.extract import ExtractResult, Pipelines, extract, forum_year
from toolkit.extract.cache import KEEP_DAYS, ExtractionCache, fingerprint
from toolkit.notes import find_note_files
from toolkit.profile import Profile, load_profile
from toolkit.register import read_register

ROOT = Path(__file__).resolve().parent.parent
#: Two sessions of the sample, one per language: enough to see every path, quick to extract.
NOTES = ("fashion-retail-international.md", "small-towns-panel.md")


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(ROOT / "forum.yaml")


@pytest.fixture(scope="module")
def pipelines(profile: Profile) -> Pipelines:
    return Pipelines(profile, forum_year=forum_year(profile))


@pytest.fixture
def notes(tmp_path: Path) -> list[Path]:
    paths = {path.name: path for path in find_note_files([ROOT / "session_notes"])}
    folder = tmp_path / "notes"
    folder.mkdir()
    return [Path(shutil.copy(paths[name], folder / name)) for name in NOTES]


def _rows(result: ExtractResult) -> list[dict]:
    return [p.to_json() for p in result.proposals]


def _run(paths: list[Path], profile: Profile, pipelines: Pipelines, cache: ExtractionCache):
    return extract(paths, profile, pipelines=pipelines, cache=cache)


def test_the_names_of_the_shipped_notes_used_here_exist() -> None:
    names = {path.name for path in find_note_files([ROOT / "session_notes"])}
    assert set(NOTES) <= names


def test_a_second_run_takes_every_note_from_the_cache_and_gives_the_same_register(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    plain = extract(notes, profile, pipelines=pipelines)
    first = ExtractionCache.for_pipelines(pipelines, tmp_path / "cache")
    extracted = _run(notes, profile, pipelines, first)
    assert (first.hits, first.written) == (0, len(notes))
    again = ExtractionCache.for_pipelines(pipelines, tmp_path / "cache")
    cached = _run(notes, profile, pipelines, again)
    assert (again.hits, again.written) == (len(notes), 0)
    assert _rows(plain) == _rows(extracted) == _rows(cached)
    assert cached.stats == plain.stats and cached.keys == plain.keys


def test_a_changed_note_alone_is_extracted_again(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    _run(notes, profile, pipelines, ExtractionCache.for_pipelines(pipelines, tmp_path / "c"))
    changed = notes[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nWe propose to open a fashion incubator in Omsk.\n",
        encoding="utf-8",
    )
    cache = ExtractionCache.for_pipelines(pipelines, tmp_path / "c")
    result = _run(notes, profile, pipelines, cache)
    assert (cache.hits, cache.written) == (1, 1)
    assert any("fashion incubator in Omsk" in p.text for p in result.proposals)
    assert _rows(result) == _rows(extract(notes, profile, pipelines=pipelines))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p, pr: Pipelines(pr, forum_year=2019), id="forum year"),
        pytest.param(lambda p, pr: Pipelines(pr, classifier=False), id="rules alone"),
        pytest.param(
            lambda p, pr: Pipelines(pr, {"ru": "ru_core_news_sm"}, forum_year(pr)), id="--model"
        ),
        pytest.param(
            lambda p, pr: Pipelines(
                Profile(**{**pr.__dict__, "forum": {**pr.forum, "edition": "2031"}})
            ),
            id="profile",
        ),
    ],
)
def test_what_extraction_depends_on_changes_the_fingerprint(
    change, profile: Profile, pipelines: Pipelines
) -> None:
    assert fingerprint(change(pipelines, profile)) != fingerprint(pipelines)
    assert fingerprint(Pipelines(profile, forum_year=forum_year(profile))) == fingerprint(pipelines)


def test_a_changed_file_of_the_toolkit_changes_the_fingerprint(
    pipelines: Pipelines, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "toolkit"
    (package / "data").mkdir(parents=True)
    rules = package / "data" / "cues_en.yaml"
    rules.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr("toolkit.extract.cache.PACKAGE", package)
    before = fingerprint(pipelines)
    rules.write_text("a: 22\n", encoding="utf-8")
    assert fingerprint(pipelines) != before


def test_a_damaged_entry_is_extracted_again_and_written_anew(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    cache = ExtractionCache.for_pipelines(pipelines, tmp_path / "c")
    expected = _rows(_run(notes, profile, pipelines, cache))
    entries = sorted((tmp_path / "c").glob("*.pickle"))
    assert len(entries) == len(notes)
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(pickle.dumps("the wrong shape"))
    again = ExtractionCache.for_pipelines(pipelines, tmp_path / "c")
    assert _rows(_run(notes, profile, pipelines, again)) == expected
    assert (again.hits, again.written) == (0, len(notes))


def test_a_cache_that_cannot_be_written_only_costs_time(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the cache's folder should be
    cache = ExtractionCache.for_pipelines(pipelines, blocked)
    result = _run(notes, profile, pipelines, cache)
    assert cache.written == 0 and result.proposals


def test_entries_unused_for_the_keeping_time_go_after_a_run_that_wrote(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    folder = tmp_path / "c"
    _run(notes[:1], profile, pipelines, ExtractionCache.for_pipelines(pipelines, folder))
    (old,) = folder.glob("*.pickle")
    stale = time.time() - (KEEP_DAYS + 1) * 86400
    os.utime(old, (stale, stale))
    cache = ExtractionCache.for_pipelines(pipelines, folder)
    _run(notes[1:], profile, pipelines, cache)  # writes the other note's entry
    assert not old.exists() and len(list(folder.glob("*.pickle"))) == 1
    used = next(folder.glob("*.pickle"))
    os.utime(used, (stale, stale))
    _run(notes[1:], profile, pipelines, ExtractionCache.for_pipelines(pipelines, folder))
    assert used.exists() and used.stat().st_mtime > stale  # a hit keeps it


def test_holds_tells_whether_every_note_file_has_an_entry(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    cache = ExtractionCache.for_pipelines(pipelines, tmp_path / "c")
    assert not cache.holds(notes)
    _run(notes[:1], profile, pipelines, cache)
    assert cache.holds(notes[:1]) and not cache.holds(notes)
    assert not cache.holds([tmp_path / "missing.md"])


def test_unheld_counts_the_note_files_without_an_entry(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    cache = ExtractionCache.for_pipelines(pipelines, tmp_path / "c")
    assert cache.unheld(notes) == len(notes)
    _run(notes[:1], profile, pipelines, cache)
    assert cache.unheld(notes) == len(notes) - 1
    assert cache.unheld([*notes[:1], tmp_path / "missing.md"]) == 1


def test_extraction_ahead_gives_the_register_and_builds_no_pipeline_here(
    notes: list[Path], profile: Profile, pipelines: Pipelines, tmp_path: Path
) -> None:
    """``ahead``: a child imports spaCy while the notes are read here and the cache gives
    what it holds, then extracts the rest; this process keeps what it found."""
    plain = extract(notes, profile, pipelines=pipelines)
    _run(notes[:1], profile, pipelines, ExtractionCache.for_pipelines(pipelines, tmp_path / "c"))
    here = Pipelines(profile, forum_year=forum_year(profile))
    cache = ExtractionCache.for_pipelines(here, tmp_path / "c")
    ahead = extract(notes, profile, pipelines=here, cache=cache, ahead=True)
    assert (cache.hits, cache.written) == (1, len(notes) - 1)
    assert not here._built  # built in the child only
    assert _rows(ahead) == _rows(plain) and ahead.stats == plain.stats
    assert ahead.keys == plain.keys
    assert cache.unheld(notes) == 0


def test_a_rapporteurs_edit_is_extracted_ahead_as_without_the_cache(
    runner, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``toolkit extract`` after one note was edited: that note is extracted (in the child
    forked ahead), the other from the cache; the register is the one of ``--no-cache``."""
    for note in (sample_workspace / "session_notes").rglob("*.md"):
        if note.name not in NOTES:
            note.unlink()
    monkeypatch.chdir(sample_workspace)
    assert runner.invoke(cli, ["extract", "--quiet", "-o", "before.jsonl"]).exit_code == 0
    (edited,) = (sample_workspace / "session_notes").rglob(NOTES[0])
    sentence = "We propose to open a fashion incubator in Omsk."
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    for name, options in (("after", []), ("plain", ["--no-cache"])):
        result = runner.invoke(cli, ["extract", "--quiet", "-o", f"{name}.jsonl", *options])
        assert result.exit_code == 0, result.output
    after, plain = read_register(Path("after.jsonl")), read_register(Path("plain.jsonl"))
    assert [p.to_json() for p in after] == [p.to_json() for p in plain]
    assert any(sentence in p.text for p in after)


@pytest.mark.parametrize(
    "command", [["extract", "--quiet"], ["build", "--include-pending", "--lang", "en"]]
)
def test_no_cache_extracts_everything_and_writes_no_entry(
    runner, sample_workspace: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for note in (sample_workspace / "session_notes").rglob("*.md"):
        if note.name not in NOTES:
            note.unlink()  # one note per language: every path, a quarter of the time
    monkeypatch.chdir(sample_workspace)
    from toolkit.extract.cache import default_folder

    result = runner.invoke(cli, [*command, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not list(default_folder().glob("*.pickle"))
    result = runner.invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert len(list(default_folder().glob("*.pickle"))) == len(NOTES)


def test_a_run_with_every_note_cached_does_not_import_spacy(
    tmp_path: Path, sample_workspace: Path
) -> None:
    """The point of the cache for a command's start: no spaCy, no pipelines, in this process
    or in a child (the first run imports it in the child it forks ahead). One note per
    language: the same paths as the whole sample, a fraction of the extraction."""
    for note in (sample_workspace / "session_notes").rglob("*.md"):
        if note.name not in NOTES:
            note.unlink()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    script = (
        "import sys, pathlib\nfrom toolkit.cli import main\nimport toolkit.extract as ex\n"
        "real, marker = ex.prepare_extraction, pathlib.Path(sys.argv[2])\n"
        "def marked():\n    marker.touch()\n    real()\n"
        "ex.prepare_extraction = marked\n"
        "sys.argv = ['toolkit', 'extract', '--quiet', '-o', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('spacy' in sys.modules or marker.exists())\n"
    )
    outputs = []
    for number in (1, 2):
        register = tmp_path / f"register{number}.jsonl"
        done = subprocess.run(
            [sys.executable, "-c", script, str(register), str(tmp_path / f"spacy{number}")],
            cwd=sample_workspace,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append((done.stdout.strip(), read_register(register)))
    (first, extracted), (second, cached) = outputs
    assert (first, second) == ("True", "False")
    assert [p.to_json() for p in cached] == [p.to_json() for p in extracted]
