"""A per-process CPU timeline of one command's process tree (Linux ``/proc``).

    python benchmarks/timeline.py -- python -m toolkit -w WORKSPACE build --include-pending

Every few milliseconds the tree's processes are read from ``/proc``: when each was first and
last seen, and the CPU (user + system, every thread) it had used by then. On a machine shared
with other work the wall times stretch with the load, but the CPU a process uses between two
moments does not much: what the critical path of a build costs in CPU is what it would take
on an idle machine (an estimate: caches and frequency differ). ``build_time.py`` traces
every build with it to print its critical path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

TICK = os.sysconf("SC_CLK_TCK")
#: The cores of the machine the critical path is estimated for.
CORES = 2


@dataclass
class Process:
    """One process of the tree: its CPU (s) as sampled at each moment (s since the start)."""

    pid: int
    parent: int
    name: str
    samples: list[tuple[float, float]] = field(default_factory=list)
    command: str = ""  # its command line, read again when it runs another program

    @property
    def pager(self) -> bool:
        """LibreOffice's pager (``toolkit/draft/unopages.py``, a Python of LibreOffice's),
        which the build starts beside each LibreOffice: neither an extraction nor a renderer."""
        return "unopages" in self.command

    @property
    def start(self) -> float:
        return self.samples[0][0]

    @property
    def end(self) -> float:
        return self.samples[-1][0]

    @property
    def cpu(self) -> float:
        return self.samples[-1][1]

    def cpu_until(self, moment: float) -> float:
        """CPU used by ``moment`` (the last sample at or before it)."""
        used = 0.0
        for when, cpu in self.samples:
            if when > moment:
                break
            used = cpu
        return used

    def cpu_between(self, start: float, end: float) -> float:
        return self.cpu_until(end) - self.cpu_until(start)

    def cpu_after(self, moment: float) -> float:
        return self.cpu - self.cpu_until(moment)

    def busy_since(self, moment: float, gap: float = 0.05) -> float:
        """The start of the busy stretch the process is in at ``moment``: the end of the
        last stretch of at least ``gap`` s before it in which it used no CPU."""
        since = flat_from = self.start
        previous: tuple[float, float] | None = None
        for when, cpu in self.samples:
            if when > moment:
                break
            if previous is not None and cpu > previous[1]:
                if previous[0] - flat_from >= gap:
                    since = previous[0]
                flat_from = when
            previous = (when, cpu)
        return since

    def busy_from(self, moment: float) -> float:
        """When the process first used CPU after ``moment`` (an idle LibreOffice given work)."""
        idle = self.cpu_until(moment)
        return next((when for when, cpu in self.samples if when > moment and cpu > idle), self.end)


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, name, CPU s) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    name_end = text.rfind(")")
    name = text[text.find("(") + 1 : name_end]
    fields = text[name_end + 2 :].split()
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICK


def _command(pid: int) -> str:
    """A process's command line, its arguments joined by spaces ("" if it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


def trace(
    command: list[str], interval: float = 0.01, **run: object
) -> tuple[dict[int, Process], float, int]:
    """Run ``command``; its process tree's timeline, its wall time and exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(command, **run)  # type: ignore[call-overload]
    tree: dict[int, Process] = {}
    seen: set[int] = set()
    gone: set[int] = set()
    while True:
        now = time.perf_counter() - start
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            if pid in tree:
                continue
            if pid in seen and pid != child.pid:
                continue
            seen.add(pid)
            stat = _stat(pid)
            if stat and (pid == child.pid or stat[0] in tree):
                tree[pid] = Process(pid, stat[0], stat[1], command=_command(pid))
        for process in tree.values():
            if process.pid in gone:
                continue
            stat = _stat(process.pid)
            if stat is None:  # ended (not "unsampled for a while": under load, this loop
                gone.add(process.pid)  # may itself wait longer than that between samples)
            if stat is not None and not (process.samples and process.samples[-1][1] > stat[2]):
                if stat[1] != process.name:  # it runs another program now (the pager's Python)
                    process.command = _command(process.pid)
                process.name = stat[1]
                process.samples.append((now, stat[2]))
        if child.poll() is not None:
            break
        time.sleep(interval)
    wall = time.perf_counter() - start
    for process in list(tree.values()):
        if not process.samples:
            del tree[process.pid]
    return tree, wall, child.returncode


@dataclass
class BuildPath:
    """The CPU of a build's critical path, step by step (s): this process until the
    extraction's child forks; the child until drafting starts (and what its worker for the
    other language ran beyond the child's own CPU meanwhile); this process planning the
    drafts and the renderers up to LibreOffice's first work; LibreOffice paging the drafts
    (the busiest of its processes, from drafting's start), or half the CPU the whole tree
    used meanwhile if more (``crowded``: two cores cannot do it faster, as when two
    LibreOffices, a renderer and the workbook share them); this process after it ends."""

    start: float
    extraction: float
    to_layout: float
    layout: float
    finish: float
    crowded: float = 0.0

    @property
    def total(self) -> float:
        paging = max(self.layout, self.crowded)
        return self.start + self.extraction + self.to_layout + paging + self.finish

    def __str__(self) -> str:
        return (
            f"critical path CPU {self.total:.2f} s (start {self.start:.2f}, extraction "
            f"{self.extraction:.2f}, to layout {self.to_layout:.2f}, layout {self.layout:.2f} "
            f"[tree meanwhile / 2: {self.crowded:.2f}], finish {self.finish:.2f})"
        )


def build_path(tree: dict[int, Process], root: int) -> BuildPath:
    """The critical path of ``toolkit build`` in the timeline of its process tree.

    Drafting starts when the first renderer forks: the extraction's child is on the path
    until then (what it does after, the review workbook, runs beside drafting), this
    process from the start of its busy stretch before it (planning the drafts).
    """
    main = tree[root]
    # python processes that did work (a process forked to start another program is "python"
    # until it runs it)
    pythons = [
        p for p in tree.values() if p.name.startswith("python") and p.cpu > 0.05 and not p.pager
    ]
    children = [p for p in pythons if p.parent == root]
    # the extraction's, forked first (with its notes in the extraction cache, a renderer
    # may use more CPU than it)
    child = min(children, key=lambda p: p.start)
    others = [p for p in pythons if p.parent == child.pid]
    beyond = max((w.cpu - child.cpu_between(w.start, w.end) for w in others), default=0.0)
    renderers = [p for p in children if p.start > child.start]
    drafting = min((r.start for r in renderers), default=child.end)
    offices = [p for p in tree.values() if p.name == "soffice.bin" and p.cpu_after(drafting) > 0]
    if offices:
        begun = min(o.busy_from(drafting) for o in offices)
        ended = max(o.end for o in offices)
        layout = max(o.cpu_after(drafting) for o in offices)
    else:
        begun = ended = drafting
        layout = 0.0
    rendering = max((r.cpu_between(drafting, begun) for r in renderers), default=0.0)
    return BuildPath(
        start=main.cpu_until(child.start),
        extraction=child.cpu_until(drafting) + max(0.0, beyond),
        to_layout=main.cpu_between(main.busy_since(drafting), begun) + rendering,
        layout=layout,
        finish=main.cpu_between(ended, main.end),
        crowded=sum(p.cpu_between(begun, ended) for p in tree.values()) / CORES,
    )


@dataclass
class ExtractPath:
    """The CPU of ``toolkit extract``'s critical path (s): this process until the worker for
    the other language forks (interpreter, imports, profile, notes, spaCy), then the longer of
    this process and the worker while both run, then this process after the worker ends
    (grouping, the register). Without a worker, this process's CPU. On two idle cores the run
    takes about this long; a loaded machine stretches the wall, not this."""

    start: float
    apart: float
    finish: float

    @property
    def total(self) -> float:
        return self.start + self.apart + self.finish

    def __str__(self) -> str:
        return (
            f"critical path CPU {self.total:.2f} s (start {self.start:.2f}, languages apart "
            f"{self.apart:.2f}, finish {self.finish:.2f})"
        )


def extract_path(tree: dict[int, Process], root: int) -> ExtractPath:
    """The critical path of ``toolkit extract`` in the timeline of its process tree: a
    worker's share is its own critical path, so an extraction child that forks the worker
    for the other language counts as the longer of its two processes once they part."""
    main = tree[root]
    workers = _workers(tree, main)
    if not workers:
        return ExtractPath(main.cpu, 0.0, 0.0)
    first, last = min(p.start for p in workers), max(p.end for p in workers)
    chains = (extract_path(tree, w.pid).total for w in workers)
    longest = max(max(chains), main.cpu_between(first, last))
    return ExtractPath(main.cpu_until(first), longest, main.cpu_after(last))


def _workers(tree: dict[int, Process], parent: Process) -> list[Process]:
    return [p for p in tree.values() if p.parent == parent.pid and p.cpu > 0.02]


def show(tree: dict[int, Process]) -> str:
    """One line per process: name, parent, when it ran, its CPU."""
    lines = []
    for process in sorted(tree.values(), key=lambda p: p.start):
        lines.append(
            f"  {process.pid:>7} {process.name[:15]:<15} parent {process.parent:>7} "
            f"{process.start:6.2f} → {process.end:6.2f} s  CPU {process.cpu:5.2f} s"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    found, took, status = trace(arguments, stdout=subprocess.DEVNULL)
    print(show(found))
    print(f"wall {took:.2f} s, CPU {sum(p.cpu for p in found.values()):.2f} s, exit {status}")
