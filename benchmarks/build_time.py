"""Wall and CPU time of ``toolkit build --include-pending`` on the sample workspace, in runs
alternating with another version of the toolkit, so both sides share the machine's load.

    python benchmarks/build_time.py --base-source /tmp/old --runs 5   # this checkout vs /tmp/old
    python benchmarks/build_time.py --runs 5 --no-office              # LibreOffice hidden
    python benchmarks/build_time.py --base-source /tmp/old --cached   # notes from the cache
    python benchmarks/build_time.py --base-source /tmp/old --edited   # one note edited
    python benchmarks/build_time.py --base-source /tmp/old --pdf      # build --pdf
    git worktree add --detach /tmp/old main                           # a base to compare with

Each run builds a fresh copy of the workspace (``forum.yaml``, ``session_notes/``,
``templates/``) in a new process, with the sources' ``.pyc`` compiled first (else the first
run measures compilation). ``--no-office`` runs with a PATH that has no ``soffice``: the
build then leaves the contents' page numbers to Word. CPU is the user and system time of the
build's whole process tree (LibreOffice included); the load average is printed with each run.
Each build's processes are followed through ``/proc`` (``timeline.py``): the CPU of its critical
path (start, extraction, the consolidated drafts rendered, LibreOffice paging them, the end) is
what the build would take on an idle machine of two cores, an estimate the load does not
inflate as it does the wall time.
Each side has a cache folder of its own (``XDG_CACHE_HOME``: LibreOffice's kept profiles,
and the extraction cache), warmed by one build that is not counted, as a user's is after the
first build. Every note is extracted in each build and the drafts are paged, as in a forum's
first one, unless ``--cached``: then the notes come from the extraction cache and the
contents' pages from the pages kept, as in a rebuild with nothing changed; ``--edited``: one
note is edited before each build (that note extracted, the drafts paged again).
"""

from __future__ import annotations

import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.timeline import BuildPath, build_path, trace  # noqa: E402
from tools.compare_build import copy_workspace  # noqa: E402 - the same copy as compare_build


def no_cache(source: Path) -> list[str]:
    """``--no-cache`` where the toolkit of ``source`` has an extraction cache: a build or an
    extraction that extracts every note, as a forum's first one does."""
    return ["--no-cache"] if (source / "toolkit" / "extract" / "cache.py").exists() else []


#: The proposal a rapporteur's edit adds (:func:`edit_note`), by the note's language.
EDITED = {
    "ru": "\n\nПредлагаем открыть креативный кластер в районе номер {number}.\n",
    "en": "\n\nWe propose to open a creative cluster in district number {number}.\n",
}


def edit_note(path: Path) -> None:
    """Edit a note as a rapporteur would: its last paragraph is a proposal with a number no
    earlier edit gave (one edit replaces the last). The note's extraction cache entry is
    stale, the other notes' are not; the register and the drafts change."""
    text = path.read_text(encoding="utf-8")
    russian = "\nlanguage: ru" in text.split("\n---", 1)[0]
    template = EDITED["ru" if russian else "en"]
    for earlier in EDITED.values():
        text = text.split(earlier.split("{")[0])[0]
    path.write_text(
        text.rstrip("\n") + template.format(number=time.time_ns() % 10**9), encoding="utf-8"
    )


def timed_build(
    source: Path,
    workspace: Path,
    office: bool,
    cache: Path,
    pdf: bool = False,
    extracted: bool = False,
    edited: bool = False,
) -> tuple[float, float, BuildPath]:
    """Build a fresh copy of ``workspace`` with the toolkit of ``source`` and the user cache
    folder ``cache`` (with ``pdf``, the PDFs too): wall and CPU (s) of the process tree, and
    its critical path. Every note is extracted and the drafts paged by LibreOffice, as in a
    forum's first build (the contents' pages kept in ``cache`` are dropped first), unless
    ``extracted``: then the extraction cache of ``cache`` gives the notes an earlier build
    extracted and the kept pages are used, as in a rebuild. ``edited``: one note of the copy
    is edited first (:func:`edit_note`), as a rapporteur's fix: that note is extracted, the
    drafts change, the others come from the cache."""
    if not extracted and not edited:
        shutil.rmtree(cache / "proposal-toolkit" / "pages", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="build-time-") as tmp:
        copy = Path(tmp) / "workspace"
        copy_workspace(workspace, copy)
        if edited:
            edit_note(sorted((copy / "session_notes").rglob("*.md"))[0])
            extracted = True
        env = {**os.environ, "PYTHONPATH": str(source), "XDG_CACHE_HOME": str(cache)}
        env["TOOLKIT_WARM"] = "0"  # a fresh process each build (benchmarks/warm.py: a worker's)
        if not office:
            env["PATH"] = str(Path(sys.executable).parent)
        command = [sys.executable, "-m", "toolkit", "-w", str(copy), "build", "--include-pending"]
        command += ["--pdf"] if pdf else []
        command += [] if extracted else no_cache(source)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        output = Path(tmp) / "output.txt"
        with output.open("w", encoding="utf-8") as handle:
            tree, wall, status = trace(
                command, env=env, cwd=tmp, stdout=handle, stderr=subprocess.STDOUT
            )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if status != 0:
            text = output.read_text(encoding="utf-8")
            raise click.ClickException(f"{source}: build failed:\n{text}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        root = min(tree.values(), key=lambda p: p.start).pid
        return wall, cpu, build_path(tree, root)


@click.command()
@click.option("--runs", default=5, show_default=True, help="Builds per side.")
@click.option(
    "--base-source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Source tree of the version to alternate with (e.g. a git worktree of main).",
)
@click.option("--no-office", is_flag=True, help="Hide LibreOffice (no soffice on PATH).")
@click.option("--cached", is_flag=True, help="Take the notes from the extraction cache.")
@click.option(
    "--edited", is_flag=True, help="Edit one note before each build (the others from the cache)."
)
@click.option("--pdf", is_flag=True, help="Build with --pdf (every document's PDF too).")
@click.option(
    "--workspace",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=ROOT,
    show_default=True,
    help="Workspace to build (forum.yaml, session_notes/, templates/).",
)
def main(
    runs: int,
    base_source: Path | None,
    no_office: bool,
    cached: bool,
    edited: bool,
    pdf: bool,
    workspace: Path,
) -> None:
    """Time the build of the sample workspace, alternating with a base version if given."""
    sides = {"this": ROOT} | ({"base": base_source.resolve()} if base_source else {})
    caches = tempfile.TemporaryDirectory(prefix="build-time-cache-")
    cache = {name: Path(caches.name) / name for name in sides}
    for name, source in sides.items():
        compileall.compile_dir(source / "toolkit", quiet=1)
        timed_build(source, workspace.resolve(), not no_office, cache[name], pdf, cached)
    times: dict[str, list[tuple[float, float, BuildPath]]] = {name: [] for name in sides}
    for run in range(1, runs + 1):
        for name, source in sides.items():
            load = os.getloadavg()[0]
            wall, cpu, path = timed_build(
                source, workspace.resolve(), not no_office, cache[name], pdf, cached, edited
            )
            times[name].append((wall, cpu, path))
            click.echo(
                f"run {run} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {path} (load {load:.1f})"
            )
    caches.cleanup()
    median = statistics.median
    office = "without LibreOffice" if no_office else "LibreOffice on PATH"
    office += (
        ", one note edited"
        if edited
        else ", notes from the extraction cache"
        if cached
        else ", every note extracted"
    )
    office += ", with --pdf" if pdf else ""
    for name, got in times.items():
        click.echo(
            f"{name} ({sides[name]}, {office}): median {median(w for w, _, _ in got):.2f} s wall, "
            f"{median(c for _, c, _ in got):.2f} s CPU, critical path CPU "
            f"{median(p.total for _, _, p in got):.2f} s"
        )
    if base_source:
        for label, index in (("wall", 0), ("CPU", 1)):
            ratios = [
                t[index] / b[index] for t, b in zip(times["this"], times["base"], strict=True)
            ]
            click.echo(f"this / base, {label}: median of {runs} paired runs {median(ratios):.2f}×")
        ratios = [
            t[2].total / b[2].total for t, b in zip(times["this"], times["base"], strict=True)
        ]
        click.echo(f"this / base, critical path CPU: median {median(ratios):.2f}×")
    click.echo(
        "On an idle machine of two cores the build takes about its critical path's CPU, if the "
        "other processes fit on the other core (an estimate, not a measurement)"
    )


if __name__ == "__main__":
    main()
