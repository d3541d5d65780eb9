"""First builds served by a warm worker, this checkout against another one's worker, in
alternating runs: wall, the CPU of the whole process tree and of the critical path.

    python benchmarks/warm_path.py --base-source /tmp/main-worktree --runs 6

A served build runs in a child of the worker, which the caller's process tree does not
hold: the tree followed here (:mod:`.timeline`) is the command, the worker's new children
and the LibreOffice a worker keeps (``draft.pdf.keep_office``: only the CPU it uses during
the build counts). The critical path is :func:`.timeline.build_path` of the worker's child.
Each side has its own user cache folder; the kept pages are dropped before each build and
every note is extracted (``--no-cache``), as in a forum's first build.
"""

from __future__ import annotations

import compileall
import os
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
from benchmarks.build_time import copy_workspace, no_cache  # noqa: E402
from benchmarks.timeline import BuildPath, Process, _command, _stat, build_path  # noqa: E402


def _environment(source: Path, root: Path, name: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(source), "XDG_CACHE_HOME": str(root / f"cache-{name}")}
    env |= {"XDG_RUNTIME_DIR": str(root / "run"), "TOOLKIT_WARM": "1"}
    env.pop("CI", None)
    return env


def _toolkit(env: dict[str, str], cwd: Path, *args: str) -> str:
    command = [sys.executable, "-m", "toolkit", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True).stdout


def _trace(
    command: list[str], cwd: Path, env: dict[str, str], worker: int, kept: set[int]
) -> tuple[dict[int, Process], float]:
    """The timeline of ``command``, the worker's new children and the ``kept`` processes."""
    start = time.perf_counter()
    before = {int(entry) for entry in os.listdir("/proc") if entry.isdigit()}
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    tree: dict[int, Process] = {}
    gone: set[int] = set()
    while True:
        now = time.perf_counter() - start
        for entry in os.listdir("/proc"):
            pid = int(entry) if entry.isdigit() else 0
            if not pid or pid in tree or (pid in before and pid not in kept):
                continue
            stat = _stat(pid)
            if stat and (pid in kept or stat[0] in tree or stat[0] in (worker, child.pid)):
                tree[pid] = Process(pid, stat[0], stat[1], command=_command(pid))
        for process in tree.values():
            stat = None if process.pid in gone else _stat(process.pid)
            if stat is None:
                gone.add(process.pid)
                continue
            process.name = stat[1]
            process.samples.append((now, stat[2]))
        if child.poll() is not None:
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    if child.returncode:
        raise click.ClickException(f"{env['PYTHONPATH']}: the build failed")
    for pid in kept & tree.keys():  # only what it used during the build
        first = tree[pid].samples[0][1]
        tree[pid].samples = [(moment, cpu - first) for moment, cpu in tree[pid].samples]
    return {pid: p for pid, p in tree.items() if p.samples}, wall


@click.command()
@click.option("--runs", default=5, show_default=True, help="Builds per side.")
@click.option(
    "--base-source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="Source tree of the version to alternate with (e.g. a git worktree of main).",
)
def main(runs: int, base_source: Path) -> None:
    """Alternate served first builds of the sample; medians and paired ratios."""
    sides = {"base": base_source.resolve(), "this": ROOT}
    for source in sides.values():
        compileall.compile_dir(source / "toolkit", quiet=1)
    root = Path(tempfile.mkdtemp(prefix="warm-path-"))
    (root / "run").mkdir(mode=0o700)
    workspace = root / "workspace"
    copy_workspace(ROOT, workspace)
    workers: dict[str, int] = {}
    got: dict[str, list[tuple[float, float, BuildPath]]] = {name: [] for name in sides}
    try:
        for name, source in sides.items():
            env = _environment(source, root, name)
            _toolkit(env, workspace, "warm", "start")
            workers[name] = int(_toolkit(env, workspace, "warm", "status").split()[2])
        for run in range(runs + 1):  # the first round warms both sides up, not counted
            for name, source in sides.items():
                env = _environment(source, root, name)
                shutil.rmtree(root / f"cache-{name}" / "proposal-toolkit" / "pages", True)
                found = subprocess.run(
                    ["pgrep", "-f", f"soffice.bin.*{root}/cache-{name}/.*libreoffice-kept"],
                    capture_output=True,
                    text=True,
                ).stdout.split()
                with tempfile.TemporaryDirectory(dir=root) as tmp:
                    copy = Path(tmp) / "workspace"
                    copy_workspace(ROOT, copy)
                    command = [sys.executable, "-m", "toolkit", "build", "--include-pending"]
                    command += no_cache(source)
                    tree, wall = _trace(command, copy, env, workers[name], set(map(int, found)))
                served = [p for p in tree.values() if p.parent == workers[name]]
                path = build_path(tree, min(served, key=lambda p: p.start).pid)
                cpu = sum(p.cpu for p in tree.values())
                if run:
                    got[name].append((wall, cpu, path))
                    click.echo(f"run {run} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {path}")
    finally:
        for name, source in sides.items():
            _toolkit(_environment(source, root, name), workspace, "warm", "stop")
        time.sleep(2)
        shutil.rmtree(root, True)
    median = statistics.median
    for name, rows in got.items():
        click.echo(
            f"{name}: wall {median(r[0] for r in rows):.2f} s, tree CPU "
            f"{median(r[1] for r in rows):.2f} s, critical path CPU "
            f"{median(r[2].total for r in rows):.2f} s"
        )
    measures = (("wall", 0), ("tree CPU", 1))
    for label, index in measures:
        pairs = zip(got["this"], got["base"], strict=True)
        click.echo(f"this / base, {label}: {median(a[index] / b[index] for a, b in pairs):.2f}×")
    pairs = zip(got["this"], got["base"], strict=True)
    click.echo(
        f"this / base, critical path CPU: {median(a[2].total / b[2].total for a, b in pairs):.2f}×"
    )


if __name__ == "__main__":
    main()
