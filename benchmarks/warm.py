"""The warm worker's benefit (``toolkit/warm.py``): the sample's ``toolkit extract`` and
``toolkit build --include-pending`` run three ways, alternating in the same minutes:

- **base**: another checkout (``--base-source``, e.g. a git worktree of main), no worker;
- **cold**: this checkout with ``TOOLKIT_WARM=0`` (as in CI and the tests);
- **warm**: this checkout with a worker started beforehand (``toolkit warm start``), as after
  the first command of a working session;
- **base-warm**: the other checkout with a worker of its own started beforehand (what the
  worker itself gained between the two versions).

    python -m benchmarks --only warm --base-source /tmp/main-worktree

Each is run as a user runs it (``python -m toolkit``, a new process), wall time only: a run
served by the worker does its work in the worker's child, which the caller's CPU counters and
process tree do not see. Kinds: a first ``extract`` (a new empty user cache folder each run:
nothing kept), ``extract`` after one note was edited (the rest from the extraction cache), a
first ``build`` (every note extracted, the contents paged by LibreOffice if installed) and a
``build`` after one note was edited. The worker has its own socket folder
(``XDG_RUNTIME_DIR``) and is stopped at the end.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build_time import copy_workspace, edit_note, no_cache

ROOT = Path(__file__).resolve().parent.parent


def _environment(source: Path, cache: Path, runtime: Path, warm: bool) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(source), "XDG_CACHE_HOME": str(cache)}
    env |= {"XDG_RUNTIME_DIR": str(runtime), "TOOLKIT_WARM": "1" if warm else "0"}
    env.pop("CI", None)
    return env


def _timed(source: Path, folder: Path, env: dict[str, str], *args: str) -> float:
    """Wall seconds of ``toolkit ARGS`` run as a user runs it, in ``folder``."""
    command = [sys.executable, "-m", "toolkit", *args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{source}: {args[0]} failed: {done.stderr.decode()[-500:]}")
    return wall


def _extract(source: Path, workspace: Path, env: dict[str, str]) -> float:
    return _timed(source, workspace, env, "extract", "--quiet")


def _build(source: Path, env: dict[str, str], first: bool) -> float:
    """A build of a fresh copy of the sample: ``first``, every note extracted and the drafts
    paged again (the kept pages dropped), as a forum's first build; else one note edited, the
    others from the extraction cache."""
    import shutil

    if first:
        shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "proposal-toolkit" / "pages", True)
    with tempfile.TemporaryDirectory(prefix="build-warm-") as tmp:
        copy = Path(tmp) / "workspace"
        copy_workspace(ROOT, copy)
        if not first:
            edit_note(sorted((copy / "session_notes").rglob("*.md"))[0])
        options = no_cache(source) if first else []
        return _timed(source, copy, env, "build", "--include-pending", *options)


def bench_warm(runs: int, base: Path | None = None) -> None:
    """Medians of ``runs`` alternating runs of each side; paired ratios to base (and of warm to
    base-warm)."""
    import compileall
    import shutil

    from .run import copy_sample

    sides = {"cold": ROOT, "warm": ROOT}
    if base:
        sides |= {"base": base.resolve(), "base-warm": base.resolve()}
    for source in {*sides.values()}:
        compileall.compile_dir(source / "toolkit", quiet=1)
    got: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-warm-") as tmp:
        root = Path(tmp)
        runtime = root / "run"
        runtime.mkdir(mode=0o700)
        workspace = {name: copy_sample(root / f"workspace-{name}") for name in sides}
        for name, source in sides.items():
            if not name.endswith("warm"):
                continue
            started = subprocess.run(
                [sys.executable, "-m", "toolkit", "warm", "start"],
                cwd=workspace[name],
                env=_environment(source, root / f"cache-{name}", runtime, True),
                capture_output=True,
                text=True,
                check=False,
            )
            if started.returncode:
                print(f"  the worker did not start: {started.stderr.strip()}")
                return
        try:
            for _ in range(runs):
                for name, source in sides.items():
                    warm = name.endswith("warm")
                    times = got.setdefault(name, {})
                    # one cache folder per side: it is in the worker's key, so a fresh folder
                    # per run would never be served; the first extract empties its extractions
                    shared = root / f"cache-{name}"
                    env = _environment(source, shared, runtime, warm)
                    shutil.rmtree(shared / "proposal-toolkit" / "extract", True)
                    times.setdefault("first extract", []).append(
                        _extract(source, workspace[name], env)
                    )
                    edit_note(sorted((workspace[name] / "session_notes").rglob("*.md"))[0])
                    times.setdefault("extract, one note edited", []).append(
                        _extract(source, workspace[name], env)
                    )
                    times.setdefault("first build", []).append(_build(source, env, first=True))
                    times.setdefault("build, one note edited", []).append(
                        _build(source, env, first=False)
                    )
        finally:
            for name, source in sides.items():
                if name.endswith("warm"):
                    subprocess.run(
                        [sys.executable, "-m", "toolkit", "warm", "stop"],
                        cwd=workspace[name],
                        env=_environment(source, root / f"cache-{name}", runtime, True),
                        capture_output=True,
                        check=False,
                    )
    median = statistics.median
    print(f"  the sample workspace, {runs} alternating runs per side, wall seconds (median)")
    for kind in got["cold"]:
        line = ", ".join(f"{name} {median(got[name][kind]):.2f} s" for name in got)
        if "base" in got:
            ratios = []
            for name, other in (("cold", "base"), ("warm", "base"), ("warm", "base-warm")):
                pairs = zip(got[name][kind], got[other][kind], strict=True)
                ratios.append(f"{name}/{other} {median(a / b for a, b in pairs):.2f}×")
            line += "; " + ", ".join(ratios)
        print(f"  {kind}: {line}")
    print(f"  load average {os.getloadavg()[0]:.1f} (wall times count only on an idle machine)")
    print("    (python -m benchmarks --only warm [--base-source DIR])")
