"""The benchmark scripts outside the package (``python -m benchmarks``): they run and are seeded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.corpus import SEED, Vocabulary, generate_corpus, make_generator
from benchmarks.scale import write_workspace
from toolkit.notes import check_notes, find_note_files
from toolkit.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
POOLS = {  # a tiny vocabulary, so the test does not load the dictionaries
    "N": ["centre", "studio", "festival", "museum", "region", "grant"],
    "A": ["creative", "regional", "small", "digital"],
    "I": ["create", "support", "fund", "open"],
    "D": ["quickly", "together", "also"],
    "V": ["creates", "supported", "funds", "opened"],
    "M": ["create", "support", "open"],
}


def test_generated_corpus_is_seeded_and_has_proposals() -> None:
    vocabulary = Vocabulary("en", POOLS)
    first = generate_corpus(make_generator(vocabulary, SEED), 3_000)
    again = generate_corpus(make_generator(Vocabulary("en", POOLS), SEED), 3_000)
    other = generate_corpus(make_generator(vocabulary, SEED + 1), 3_000)
    assert first.blocks == again.blocks, "the same seed gives the same text"
    assert first.blocks != other.blocks
    assert first.words >= 3_000 and first.forms > len(POOLS["N"])
    assert {b.kind for b in first.blocks} == {"paragraph", "item"}
    assert any(b.section == "proposals" for b in first.blocks)


def test_benchmarks_run_from_the_checkout(tmp_path: Path) -> None:
    """The SemEval section end to end on a small file in the task's format."""
    (tmp_path / "forum_test.csv").write_text(
        '1,"Please add an option to upload several files at once.",1\n'
        '2,"This would enable live traffic aware apps.",0\n'
        '3,"I suggest you allow a zip file with numbered pages.",1\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "semeval", "--semeval-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (row,) = [line.split() for line in done.stdout.splitlines() if "forum_test.csv" in line]
    assert row[1:3] == ["3", "2"], "rows and gold positives read from the file"
    assert "hotel_trial.csv  missing" in done.stdout, "an absent file is said, not an error"


def test_cold_start_section_names_import_times_per_module(capsys) -> None:
    """Import times per module, then fresh runs on a copy of the sample (one each here, on
    its first two notes: the figures' shape is what is checked)."""
    from benchmarks.run import bench_coldstart

    bench_coldstart(1, notes=2)
    out = capsys.readouterr().out
    assert "imports of toolkit.cli, toolkit.extract, toolkit.nlp: median" in out
    assert "spacy " in out and "modules, own time" in out
    assert re.search(r"own time \d+ ms in all: toolkit\.\S+ \d+\.\d ms", out)
    assert "spaCy's command line: not imported" in out
    assert "a copy of the sample workspace (2 notes), 1 fresh runs each" in out
    (extract,) = [line for line in out.splitlines() if "toolkit extract " in line]
    assert " s wall (min " in extract and "CPU " in extract and "exit status" not in extract
    assert re.search(r"main process \d+\.\d\d s; target <= 1\.5 s", extract)
    (first,) = [line for line in out.splitlines() if "first run, empty user cache" in line]
    assert re.search(r"main process \d+\.\d\d s$", first), "the first run's figures apart"
    (cached,) = [line for line in out.splitlines() if "every note in the extraction cache" in line]
    assert re.search(r"median \d+\.\d\d s wall .* main process \d+\.\d\d s$", cached)
    (edited,) = [line for line in out.splitlines() if "one note edited (" in line]
    assert re.search(r"median \d+\.\d\d s wall .* main process \d+\.\d\d s$", edited)
    targets = [line for line in out.splitlines() if line.startswith("  issue 12, `toolkit extract")]
    assert [line.split(":")[0].split(", ")[-1] for line in targets] == [
        "first run",
        "one note edited",
    ]


def test_scale_workspaces_are_varied_valid_notes(tmp_path: Path) -> None:
    """Sample notes, real excerpts and generated notes, each with a new id, title and people."""
    made = write_workspace(tmp_path / "ws", 40, lambda lang: Vocabulary(lang, POOLS))
    assert (made["sample"], made["real"], made["generated"]) == (20, 10, 10)
    paths = find_note_files([tmp_path / "ws" / "session_notes"])
    notes, issues = check_notes(paths, load_profile(tmp_path / "ws" / "forum.yaml"))
    assert len(notes) == 40 and not [i for i in issues if i.severity == "error"]
    sessions = [n.session for n in notes if n.session]
    assert len({s.id for s in sessions}) == len({s.title for s in sessions}) == 40
    sample = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "session_notes").rglob("*.md")}
    copies = [n for n in notes if n.path.name.split("-", 1)[1] in sample]
    assert len(copies) == 20
    for note in copies:
        original = sample[note.path.name.split("-", 1)[1]]
        assert note.path.read_text(encoding="utf-8") != original
        names = {p.name for p in note.session.speakers}
        before = {line.split("name:")[-1].strip() for line in original.splitlines()}
        assert names - before, "the speakers have new surnames"
    bodies = {"\n".join(b.text for b in n.blocks) for n in notes}
    assert len(bodies) == 40, "no two notes say the same"


def test_scale_section_runs_quick(tmp_path: Path) -> None:
    """``--only scale --quick``: two small builds, with time, memory and stages printed.

    LibreOffice is hidden (a PATH without ``soffice``, as ``build_time.py --no-office`` does):
    the section measures whatever the build runs, and paging by LibreOffice is tested with
    the drafts (test_draft.py, test_office.py); here it took two fifths of the CPU."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "scale", "--quick"],
        cwd=ROOT,
        env={**os.environ, "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    lines = [line for line in out.splitlines() if "sessions (" in line and "peak Pss" in line]
    assert len(lines) == 2 and "exit status" not in out, out
    assert "1 -> 2 sessions (2x): time" in out
    assert "where the time goes at 2 sessions: extract" in out and "drafting" in out


def test_build_time_times_the_build_of_a_fresh_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``benchmarks/build_time.py``: a build of a copy (the workspace stays as it is), without
    LibreOffice when asked, and its median is printed (the alternation with a base is the
    same as ``--only build``'s, tested below). Its ``main`` is run here (a new interpreter
    would only import the toolkit again); the uncounted warm-up build and the counted one
    build the same copy the same way, so that build is run once and stands for both."""
    import benchmarks.build_time

    timed_build = benchmarks.build_time.timed_build
    done: list[tuple[float, float, object]] = []
    calls: list[tuple] = []

    def once(*args: object) -> tuple[float, float, object]:
        calls.append(args)
        if not done:
            done.append(timed_build(*args))
        return done[0]

    monkeypatch.setattr(benchmarks.build_time, "timed_build", once)
    workspace = tmp_path / "forum"
    (workspace / "session_notes").mkdir(parents=True)
    (workspace / "forum.yaml").write_bytes((ROOT / "forum.yaml").read_bytes())
    for note in sorted((ROOT / "session_notes").rglob("*.md"))[:1]:
        (workspace / "session_notes" / note.name).write_bytes(note.read_bytes())
    command = ["--runs", "1", "--no-office", "--workspace", str(workspace)]
    result = CliRunner().invoke(benchmarks.build_time.main, command)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and calls[0][:3] == calls[1][:3] == (ROOT, workspace, False)
    lines = result.output.splitlines()
    assert lines[0].startswith("run 1 this: ") and "critical path CPU" in lines[0]
    assert "without LibreOffice, every note extracted): median" in lines[1]
    assert not any(line.startswith("this / base") for line in lines)
    assert sorted(p.name for p in workspace.iterdir()) == ["forum.yaml", "session_notes"]


def test_build_section_alternates_builds_and_prints_the_targets(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--only build``: builds of fresh copies alternating with a base checkout, medians,
    the paired ratios and the 3 s target; without LibreOffice no --pdf build is tried.

    The base here is this same checkout, so its builds and this side's uncounted warm-up
    repeat this side's first build: that build is run once and its figures stand for the
    four (``timed_build`` itself is tested above); the order of the builds is checked, and
    the two with the extraction cache (filling it, then the rebuild from it) are run."""
    import benchmarks.build_time
    from benchmarks.run import bench_build

    timed_build = benchmarks.build_time.timed_build
    calls: list[tuple[Path, str, str]] = []
    first: list[tuple[float, float, object]] = []

    def once(source: Path, workspace: Path, office: bool, cache: Path, **options):
        kind = next((name for name in ("extracted", "edited") if options.get(name)), "")
        calls.append((source, cache.name, kind))
        if kind:
            return timed_build(source, workspace, office, cache, **options)
        if not first:
            first.append(timed_build(source, workspace, office, cache, **options))
        return first[0]

    monkeypatch.setattr(benchmarks.build_time, "timed_build", once)
    workspace = tmp_path / "forum"
    (workspace / "session_notes").mkdir(parents=True)
    (workspace / "forum.yaml").write_bytes((ROOT / "forum.yaml").read_bytes())
    for note in sorted((ROOT / "session_notes").rglob("*.md"))[:1]:
        (workspace / "session_notes" / note.name).write_bytes(note.read_bytes())
    bench_build(1, base=ROOT, workspace=workspace, office=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  toolkit build --include-pending (this: ")
    assert lines[1].startswith("  toolkit build --include-pending (base: ")
    for line in lines[:2]:
        assert "no LibreOffice: contents unpaged), 1 builds: median " in line
        assert re.search(r"critical path CPU \d+\.\d\d s; target <= 3 s on an idle machine: ", line)
    assert [line.split(":")[0] for line in lines[2:5]] == [
        "  this / base, wall",
        "  this / base, CPU",
        "  this / base, critical path CPU",
    ]
    assert lines[5].startswith("  the same, every note in the extraction cache and nothing")
    assert lines[6].startswith("  the same, one note edited (that note extracted, the drafts")
    assert re.search(r"critical path CPU \d+\.\d\d s$", lines[6])
    assert lines[7] == "  toolkit build --include-pending --pdf: not run (no LibreOffice)"
    sides = [(ROOT, "cache-this", ""), (ROOT, "cache-base", "")]
    cached = [(ROOT, "cache-this", "extracted")] * 2
    assert calls == [*sides, *sides, *cached, (ROOT, "cache-this", "edited")]
    assert sorted(p.name for p in workspace.iterdir()) == ["forum.yaml", "session_notes"]


def _process(pid: int, parent: int, name: str, *samples: tuple[float, float]):
    from benchmarks.timeline import Process

    return Process(pid, parent, name, list(samples))


def test_the_critical_path_of_a_build_follows_its_processes() -> None:
    """``benchmarks/timeline.py``: the build's process until the child forks, the child until
    drafting starts (its review workbook after that runs beside it), the planning and the
    renderers until LibreOffice starts laying out, LibreOffice, then the build's end."""
    from benchmarks.timeline import build_path

    main = _process(1, 0, "python", (0, 0), (0.3, 0.3), (1.9, 0.3), (2.0, 0.35), (2.1, 0.4))
    main.samples += [(3.5, 0.4), (3.7, 0.6)]  # idle while LibreOffice lays out, then the end
    tree = {
        p.pid: p
        for p in (
            main,
            _process(2, 1, "python", (0.3, 0), (1.0, 0.7), (1.5, 1.2), (1.8, 1.5), (2.2, 1.7)),
            _process(3, 2, "python", (1.0, 0), (1.5, 0.6)),  # English: 0.1 beyond the child's
            _process(4, 1, "soffice.bin", (0.4, 0), (0.6, 0.2), (2.2, 0.2), (2.3, 0.3), (3.5, 1.1)),
            _process(5, 1, "python", (2.1, 0), (2.2, 0.1), (3.6, 0.5)),  # a renderer
            _process(6, 1, "python3", (0.4, 0), (0.5, 0.1), (3.5, 0.12)),  # LibreOffice's pager
        )
    }
    tree[6].command = "/usr/bin/python3 toolkit/draft/unopages.py toolkit-1-0"
    path = build_path(tree, 1)
    steps = (path.start, path.extraction, path.to_layout, path.layout, path.finish)
    # planning 0.1 (from 1.9 s) and rendering 0.1 before LibreOffice starts at 2.3 s
    assert [round(step, 3) for step in steps] == [0.3, 1.6, 0.2, 0.9, 0.2]
    # LibreOffice 0.8 and the pager 0.02 on two cores: LibreOffice's own CPU is the path
    assert round(path.crowded, 3) == 0.41 and round(path.total, 3) == 3.2
    # a second LibreOffice and a busier renderer beside the first: two cores take longer
    tree[7] = _process(7, 1, "soffice.bin", (0.4, 0), (2.3, 0.1), (3.5, 0.8))
    tree[5].samples[-1] = (3.5, 1.3)
    path = build_path(tree, 1)
    assert round(path.layout, 3) == 0.9 and round(path.crowded, 3) == 1.36  # (0.8+0.7+1.2+0.02)/2
    assert round(path.total, 3) == 3.66


def test_the_critical_path_of_extract_follows_a_child_and_its_worker() -> None:
    """``toolkit extract``: this process until the extraction's child forks, then the longer
    of this process and the child's own path (the child until it forks the worker for the
    other language, then the longer of the two), then this process to its end."""
    from benchmarks.timeline import extract_path

    main = _process(1, 0, "python", (0, 0), (0.3, 0.3), (0.6, 0.5), (2.0, 0.5), (2.1, 0.6))
    child = _process(2, 1, "python", (0.3, 0), (1.2, 0.9), (1.6, 1.3), (2.0, 1.4))
    tree = {p.pid: p for p in (main, child)}
    path = extract_path(tree, 1)
    assert [round(x, 3) for x in (path.start, path.apart, path.finish)] == [0.3, 1.4, 0.1]
    tree[3] = _process(3, 2, "python", (1.2, 0), (1.9, 0.8))  # English, longer than the child
    path = extract_path(tree, 1)
    assert round(path.apart, 3) == 1.8 and round(path.total, 3) == 2.2  # 0.9 + 0.8 + 0.1


def test_the_timeline_follows_processes_while_its_own_loop_is_slow(monkeypatch) -> None:
    """On a loaded machine the tracing loop may wait longer between two looks than a
    process's gaps: it still follows every process to its end (it once took them all for
    ended after one slow look, and a build's critical path came out as 0.5 s)."""
    import time

    from benchmarks import timeline

    sleep = time.sleep
    monkeypatch.setattr(timeline.time, "sleep", lambda _: sleep(0.2))  # 20 intervals
    busy = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass"
    tree, _, status = timeline.trace([sys.executable, "-c", busy], interval=0.01)
    assert status == 0
    assert max(p.cpu for p in tree.values()) >= 0.5
