"""How long drafting takes, and how it grows with the forum.

    python benchmarks/draft.py            # 2,000 proposals into the consolidated draft (< 2 s),
                                          # then whole forums of 16 and 160 sessions
    python benchmarks/draft.py 500 1      # N proposals, RUNS runs (the consolidated draft only)

The proposals are synthetic, spread over the profile's values, planning document types and
regions, with two sources each, in both languages (half of them with a wording in the other
language), so planning, rendering, comments, links, the contents and saving all do full
work. A whole forum is drafted the way ``toolkit draft`` does it (every brief and summary),
in this process (``--jobs 1``) and in a pool of worker processes; time per document should
stay flat as the forum grows.

Everything runs under the garbage collector's thresholds the ``toolkit`` command sets
(:data:`toolkit.cli.GC_THRESHOLDS`, read from there, and inherited by the forked drafting
workers), so the figures are drafting as users run it, not under Python's defaults.
"""

from __future__ import annotations

import contextlib
import gc
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from toolkit.cli import GC_THRESHOLDS
from toolkit.draft import draft_documents
from toolkit.draft.documents import Builder
from toolkit.draft.pool import build_document, default_jobs
from toolkit.notes import Session
from toolkit.profile import default_profile
from toolkit.register import DraftItem, Proposal
from toolkit.workspace import Workspace, default_templates_dir

TARGET_SECONDS = 2.0
PROPOSALS_PER_SESSION = 12


def synthetic_items(count: int, sessions: int = 40) -> tuple[list[DraftItem], dict[str, Session]]:
    """``count`` proposals over ``sessions`` sessions, classified round-robin."""
    profile = default_profile()
    values, documents, regions = (
        list(profile.values),
        list(profile.documents),
        list(profile.regions),
    )
    infos = {
        f"session-{n:04d}": Session(
            id=f"session-{n:04d}",
            title=f"Session number {n} on creative industries",
            language="en",
        )
        for n in range(sessions)
    }
    ids = list(infos)
    items = []
    for n in range(count):
        language = "en" if n % 3 else "ru"
        sources = [
            Proposal(
                f"P-{n * 2 + k:010x}",
                ids[(n + k * 7) % len(ids)],
                f"Proposal {n}: regions should fund creative clusters & residencies <in towns> {k}",
                0,
                80,
                f"Speaker {n % 97}",
                language,
                wording=f"Recommend that regions fund creative clusters {n}",
            )
            for k in range(2)
        ]
        other = "ru" if language == "en" else "en"
        items.append(
            DraftItem(
                sources[0].id,
                sources[0].text,
                language,
                {other: f"Предложение {n}"} if n % 2 else {},
                [values[n % len(values)]],
                [],
                [regions[n % len(regions)]] if n % 4 else [],
                sources,
                "accepted",
                route=documents[n % len(documents)] if n % 9 else None,
                route_basis="inferred" if n % 9 else None,
            )
        )
    return items, infos


def draft_once(items: list[DraftItem], sessions: dict[str, Session], lang: str = "ru") -> float:
    """Seconds to plan, build, render, finish and save the consolidated draft once."""
    started = time.perf_counter()
    draft = Builder(default_profile(), items, sessions, "final").consolidated(lang)
    document, _, _ = build_document(default_templates_dir() / f"consolidated-{lang}.docx", draft)
    document.save(io.BytesIO())
    return time.perf_counter() - started


def forum_once(sessions: int, jobs: int) -> tuple[int, float]:
    """Documents written and seconds for drafting a whole synthetic forum of ``sessions``."""
    items, _ = synthetic_items(sessions * PROPOSALS_PER_SESSION, sessions)
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        workspace = Workspace(Path(tmp))
        (workspace.root / "outputs").mkdir()
        started = time.perf_counter()
        report = draft_documents(workspace, items, [], jobs=jobs, pages=False)
        return len(report.documents), time.perf_counter() - started


@contextlib.contextmanager
def toolkit_collector() -> Iterator[None]:
    """The collector's thresholds as the ``toolkit`` entry point sets them, for the block."""
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 when the consolidated draft misses its target."""
    with toolkit_collector():
        return _figures(argv if argv is not None else sys.argv[1:])


def _figures(args: list[str]) -> int:
    count = int(args[0]) if args else 2000
    runs = int(args[1]) if len(args) > 1 else 3
    items, sessions = synthetic_items(count)
    times = [draft_once(items, sessions) for _ in range(runs)]
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_SECONDS else f"SLOWER than the {TARGET_SECONDS:g} s target"
    print(
        f"draft: {count} proposals into the consolidated document: median {median:.2f} s "
        f"over {runs} runs ({verdict}; collector thresholds {GC_THRESHOLDS} as toolkit sets them)"
    )
    if not args:
        jobs = default_jobs()
        for size in (16, 160):
            for workers in dict.fromkeys((1, jobs)):
                documents, seconds = forum_once(size, workers)
                print(
                    f"draft: forum of {size} sessions ({size * PROPOSALS_PER_SESSION} proposals),"
                    f" --jobs {workers}: {documents} documents in {seconds:.1f} s, "
                    f"{1000 * seconds / documents:.0f} ms per document"
                )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
