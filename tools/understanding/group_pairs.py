"""Grouping's pairwise figures per labelled set, split into pairs in one language and in two.

``toolkit eval`` gives one grouping figure per gold file; this gives, for the same matched
gold lines, the pairs whose two proposals are in one language and those in two (the
bilingual dictionary, ``toolkit/data/concepts.yaml``, is what links the latter). The notes
are tagged once and their words cached (``--cache``), so a change to the dictionary or to the
thresholds of ``toolkit/group.py`` is measured again in seconds:

    python tools/understanding/group_pairs.py                # every set, from the cache
    python tools/understanding/group_pairs.py --fresh        # tag the notes again
    python tools/understanding/group_pairs.py --sets dev --show missed-cross
    python tools/understanding/group_pairs.py --lemmas 300   # frequent unlisted lemmas
    python tools/understanding/group_pairs.py --rule         # the rule, not the pair model

``dev`` is ``tests/data/understanding/gold.jsonl`` over the sample and dev notes (every note
grouped, gold sessions scored, as ``toolkit eval --gold-sessions-only``); ``blind4`` …
``blind16`` are spent blind sets, ``real-blind2`` and ``real-blind3`` the real transcripts'
spent gold (``tests/data/understanding/blind2_*``, ``blind3_*``). ``--lemmas`` counts the
content lemmas of the proposals of the development corpora only (the sample, dev, real
transcripts), none of a blind set.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spacy.tokens import Span  # noqa: E402

from toolkit import group  # noqa: E402
from toolkit.evaluate import Counts, read_gold  # noqa: E402
from toolkit.group_train import gold_groups  # noqa: E402
from toolkit.register import Proposal  # noqa: E402

DEV_NOTES = (
    "session_notes",
    "tests/data/dev/notes",
    "tests/data/dev2/notes",
    "tests/data/dev3/notes",
    "tests/data/dev4/notes",
    "tests/data/dev5/notes",
)
#: set name -> (gold files, space-separated; notes folders)
SETS = {
    "dev": ("tests/data/understanding/gold.jsonl", DEV_NOTES),
    "blind4": ("tests/data/blind4/gold.jsonl", ("tests/data/blind4/notes",)),
    "blind5": ("tests/data/blind5/gold.jsonl", ("tests/data/blind5/notes",)),
    "blind6": ("tests/data/blind6/gold.jsonl", ("tests/data/blind6/notes",)),
    "blind12": ("tests/data/blind12/gold.jsonl", ("tests/data/blind12/notes",)),
    "blind13": ("tests/data/blind13/gold.jsonl", ("tests/data/blind13/notes",)),
    "blind14": ("tests/data/blind14/gold.jsonl", ("tests/data/blind14/notes",)),
    "blind15": ("tests/data/blind15/gold.jsonl", ("tests/data/blind15/notes",)),
    "blind16": ("tests/data/blind16/gold.jsonl", ("tests/data/blind16/notes",)),
    # the real transcripts, both languages (gold sessions scored)
    "real-blind2": (
        "tests/data/understanding/blind2_ru.jsonl tests/data/understanding/blind2_en.jsonl",
        ("tests/data/real/blind2/notes",),
    ),
    "real-blind3": (
        "tests/data/understanding/blind3_ru.jsonl tests/data/understanding/blind3_en.jsonl",
        ("tests/data/real/ru/notes", "tests/data/real/en/notes"),
    ),
}
#: development corpora whose proposals' lemmas ``--lemmas`` counts (no blind set)
CORPORA = (*DEV_NOTES, "tests/data/real/ru/notes", "tests/data/real/en/notes")
#: kinds of pairs: in one session, in two sessions of one language, in two languages
#: Group by the shipped pair model (False: by the rule, ``--rule``).
LEARNED = True
KINDS = ("all", "one session", "two sessions", "two languages")
SHORT = {"one session": "session", "two sessions": "same", "two languages": "cross"}


@dataclass
class Tagged:
    """A set's proposals with their words (:func:`toolkit.group.word_forms`) and the gold
    group of each matched one (``None``: unmatched or unlabelled)."""

    proposals: list[Proposal]
    forms: list[list[group.WordForm]]
    groups: list[str | None]


@dataclass
class Figures:
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    compared: int = 0
    pairs: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))


class _Recorded(frozenset):
    """Keys that also remember the words they came from."""

    forms: list[group.WordForm]


def extract(folders: tuple[str, ...]) -> tuple[list[Proposal], list[list[group.WordForm]]]:
    """Every proposal of the notes with its words, extracted as ``toolkit eval`` does."""
    from toolkit import extract as extraction
    from toolkit.extract import note  # noqa: F401  (imported lazily by extraction: patch it too)
    from toolkit.notes import find_note_files, iter_notes
    from toolkit.workspace import find_or_default

    def recording(span: Span, lang: str) -> frozenset[str]:
        forms = group.word_forms(span)
        keys = _Recorded(group.keys_of(forms, lang))
        keys.forms = forms
        return keys

    # every module of extraction that imported concept_keys calls the recording one
    callers = [
        module
        for module in list(sys.modules.values())
        if module is not group and vars(module).get("concept_keys") is group.concept_keys
    ]
    for module in callers:
        module.concept_keys = recording
    try:
        ws = find_or_default(explicit=None)
        paths = find_note_files(tuple(ROOT / f for f in folders))
        result = extraction.extract_notes(iter_notes(paths, ws.profile), ws.profile)
    finally:
        for module in callers:
            module.concept_keys = group.concept_keys
    return result.proposals, [result.keys[p.id].forms for p in result.proposals]


def load(name: str, cache: Path, fresh: bool) -> Tagged:
    """A set tagged and matched to its gold, from the cache unless ``fresh``."""
    path = cache / f"{name}.pickle"
    if path.exists() and not fresh:
        return pickle.loads(path.read_bytes())
    gold_path, folders = SETS[name]
    proposals, forms = extract(folders)
    gold = [line for path in gold_path.split() for line in read_gold(ROOT / path)]
    groups = gold_groups(proposals, gold)
    tagged = Tagged(proposals, forms, groups)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(tagged))
    return tagged


def measure(tagged: Tagged) -> Figures:
    """Group with the dictionary and rule as they are now and count the gold pairs."""
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    proposals = [replace(p) for p in tagged.proposals]
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    figures = Figures(compared=group.group_and_rank(proposals, keys, LEARNED).compared)
    labelled = [i for i, g in enumerate(tagged.groups) if g is not None]
    for x, i in enumerate(labelled):
        for j in labelled[x + 1 :]:
            a, b = proposals[i], proposals[j]
            gold = tagged.groups[i] == tagged.groups[j]
            found = a.cluster == b.cluster
            if not gold and not found:
                continue
            kind = (
                "one session"
                if a.session == b.session
                else "two sessions"
                if a.language == b.language
                else "two languages"
            )
            outcome = "found" if gold and found else "wrong" if found else "missed"
            figures.pairs[f"{outcome}-{SHORT[kind]}"].append((i, j))
            for counts in (figures.counts["all"], figures.counts[kind]):
                counts.tp += gold and found
                counts.fp += found and not gold
                counts.fn += gold and not found
    return figures


def report(name: str, figures: Figures) -> list[str]:
    rows = []
    for kind in KINDS:
        c = figures.counts[kind]
        rows.append(
            f"{name:7} {kind:14} P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
            f"  (tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )
    rows.append(f"{name:7} comparisons    {figures.compared}")
    return rows


def show(tagged: Tagged, figures: Figures, which: str) -> list[str]:
    """The pairs of one outcome with the keys they share and those only one has."""
    proposals = tagged.proposals
    keys = [group.keys_of(f, p.language) for f, p in zip(tagged.forms, proposals, strict=True)]
    overlap = group.Overlap(keys, [p.language for p in proposals])
    lines = []
    for i, j in figures.pairs.get(which, []):
        shared, cosine, containment = overlap.parts(i, j)
        lines += [
            f"-- {which} {tagged.groups[i]} / {tagged.groups[j]}  cos {cosine:.2f} "
            f"cont {containment:.2f}  shared {sorted(shared)}",
            f"   [{proposals[i].session}] {proposals[i].text}",
            f"   [{proposals[j].session}] {proposals[j].text}",
            f"   only a: {sorted(keys[i] - keys[j])}",
            f"   only b: {sorted(keys[j] - keys[i])}",
        ]
    return lines


def lemmas(cache: Path, fresh: bool, top: int) -> list[str]:
    """The most frequent content lemmas of the development corpora's proposals that the
    dictionary does not list, per language (what to add next)."""
    path = cache / "corpora.pickle"
    if path.exists() and not fresh:
        proposals, forms = pickle.loads(path.read_bytes())
    else:
        proposals, forms = extract(CORPORA)
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((proposals, forms)))
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    counts: dict[str, Counter] = {"ru": Counter(), "en": Counter()}
    for p, words in zip(proposals, forms, strict=True):
        for key in group.keys_of(words, p.language):
            if key.startswith(f"{p.language}:"):
                counts[p.language][key.split(":", 1)[1]] += 1
    return [
        f"{lang} {n:4} {lemma}" for lang, c in counts.items() for lemma, n in c.most_common(top)
    ]


def cost(cache: Path, sessions: int, runs: int = 3) -> str:
    """Grouping's cost on ``sessions`` sessions made of the development corpora's proposals
    (cycled, each copy a new session: near-duplicates everywhere, the worst case)."""
    import time

    proposals, forms = pickle.loads((cache / "corpora.pickle").read_bytes())
    by_session: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(proposals):
        by_session[p.session].append(i)
    order = list(by_session.values())
    made, words = [], []
    for n in range(sessions):
        for i in order[n % len(order)]:
            p = proposals[i]
            made.append(replace(p, id=f"P-{len(made)}", session=f"s{n}"))
            words.append(forms[i])
    group.concepts.cache_clear()
    group.word_key.cache_clear()
    best, grouping = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        keys = [group.keys_of(f, p.language) for f, p in zip(words, made, strict=True)]
        grouping = group.group_and_rank(made, keys, LEARNED)
        best = min(best, time.process_time() - start)
    assert grouping is not None
    return (
        f"{sessions} sessions, {len(made)} proposals: {grouping.compared} comparisons, "
        f"{grouping.groups} groups, {best:.2f} s CPU (best of {runs})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/group_pairs"))
    parser.add_argument("--fresh", action="store_true", help="tag the notes again")
    parser.add_argument(
        "--show",
        choices=[f"{o}-{k}" for o in ("found", "wrong", "missed") for k in SHORT.values()],
        help="list the pairs of one outcome",
    )
    parser.add_argument("--lemmas", type=int, metavar="N", help="N frequent unlisted lemmas")
    parser.add_argument("--cost", type=int, metavar="SESSIONS", help="time grouping alone")
    parser.add_argument("--concepts", type=Path, help="another concepts file (e.g. main's)")
    parser.add_argument("--rule", action="store_true", help="group by the rule, not the model")
    args = parser.parse_args(argv)
    global LEARNED
    LEARNED = not args.rule
    if args.concepts:
        group.concepts = cache(lambda: group.read_concepts(args.concepts))
    if args.cost:
        if not (args.cache / "corpora.pickle").exists():
            lemmas(args.cache, False, 1)
        print(cost(args.cache, args.cost))
        return 0
    if args.lemmas:
        print("\n".join(lemmas(args.cache, args.fresh, args.lemmas)))
        return 0
    for name in args.sets:
        tagged = load(name, args.cache, args.fresh)
        figures = measure(tagged)
        print("\n".join(report(name, figures)))
        if args.show:
            print("\n".join(show(tagged, figures, args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
