"""How long drafting 2,000 proposals into the consolidated document takes (target: under 5 s).

``python benchmarks/draft.py [N] [RUNS]`` prints the median of a few runs. The
proposals are synthetic, spread over the profile's values, documents and regions, with
two sources each, so rendering, comments, the contents and saving all do full work.
"""

from __future__ import annotations

import io
import statistics
import sys
import time

from toolkit.draft import build_document
from toolkit.draft.context import Builder, SessionInfo
from toolkit.profile import default_profile
from toolkit.register import DraftItem, Proposal
from toolkit.workspace import default_templates_dir

TARGET_SECONDS = 5.0


def synthetic_items(count: int) -> tuple[list[DraftItem], dict[str, SessionInfo]]:
    """``count`` proposals over 40 sessions, classified round-robin over the default profile."""
    profile = default_profile()
    values, documents, regions = (
        list(profile.values),
        list(profile.documents),
        list(profile.regions),
    )
    sessions = {
        f"session-{n:02d}": SessionInfo(
            f"session-{n:02d}", f"Session number {n} on creative industries"
        )
        for n in range(40)
    }
    ids = list(sessions)
    items = []
    for n in range(count):
        sources = [
            Proposal(
                f"P-{n * 2 + k:010x}",
                ids[(n + k * 7) % len(ids)],
                f"Proposal {n}: regions should fund creative clusters & residencies <in towns> {k}",
                0,
                80,
                f"Speaker {n % 97}",
                "en" if n % 3 else "ru",
            )
            for k in range(2)
        ]
        items.append(
            DraftItem(
                sources[0].id,
                sources[0].text,
                sources[0].language,
                {"ru": f"Предложение {n}"},
                [values[n % len(values)]],
                [documents[n % len(documents)]],
                [regions[n % len(regions)]] if n % 4 else [],
                sources,
                "accepted",
            )
        )
    return items, sessions


def draft_once(items: list[DraftItem], sessions: dict[str, SessionInfo], lang: str = "ru") -> float:
    """Seconds to build, render, finish and save the consolidated document once."""
    started = time.perf_counter()
    draft = Builder(default_profile(), items, sessions, "final").consolidated(lang)
    document, _, _ = build_document(default_templates_dir() / f"consolidated-{lang}.docx", draft)
    document.save(io.BytesIO())
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Print the median time of a few runs; exit 1 when it misses the target."""
    args = argv if argv is not None else sys.argv[1:]
    count = int(args[0]) if args else 2000
    runs = int(args[1]) if len(args) > 1 else 3
    items, sessions = synthetic_items(count)
    times = [draft_once(items, sessions) for _ in range(runs)]
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_SECONDS else f"SLOWER than the {TARGET_SECONDS:g} s target"
    print(
        f"draft: {count} proposals into the consolidated document: median {median:.2f} s "
        f"over {runs} runs ({verdict})"
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
