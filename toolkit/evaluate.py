"""Measuring extraction against gold annotations (docs/evaluation.md).

A prediction matches a gold proposal when both are in the same session and their
whitespace-normalised texts overlap by at least half of the shorter one's characters
(the longest common substring). Pairs are matched greedily, best overlap first, each
gold and each prediction at most once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .errors import ExtractError
from .register import Proposal, normalise

#: Labels a gold line may carry (docs/classification.md), and ``group``: lines with the same
#: group are one idea.
LABELS = ("values", "targets", "route", "route_basis", "regions", "group")
ROUTE_BASES = ("named", "inferred")


@dataclass(frozen=True)
class Gold:
    session: str
    text: str
    speaker: str | None
    line: int
    #: the labels present on the line (an absent key is not measured; ``route: null`` is)
    labels: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Counts:
    """True positives, false positives, false negatives, and their ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        """Count ``other``'s cases too (a language's or the overall total)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Understanding:
    """How matched proposals are labelled (docs/classification.md).

    A line counts only for the labels it carries.
    """

    values: Counts = field(default_factory=Counts)  # micro-averaged over ids
    targets: Counts = field(default_factory=Counts)
    regions: Counts = field(default_factory=Counts)
    routes: Counter = field(default_factory=Counter)  # (gold basis or "procedural", right) -> n
    grouping: Counts = field(default_factory=Counts)  # over pairs of lines carrying a group
    errors: list[tuple[str, Gold, Proposal]] = field(default_factory=list)
    labelled: Counter = field(default_factory=Counter)  # label -> matched lines carrying it

    @property
    def measured(self) -> bool:
        return bool(self.labelled)

    def route_accuracy(self, basis: str | None = None) -> float:
        """Share of proposals routed right (to the gold route, or to none when procedural)."""
        kept = {k: n for k, n in self.routes.items() if basis is None or k[0] == basis}
        total = sum(kept.values())
        return sum(n for (_, right), n in kept.items() if right) / total if total else 1.0

    def as_dict(self) -> dict[str, Any]:
        bases = sorted({basis for basis, _ in self.routes})
        scores: dict[str, Any] = {
            kind: getattr(self, kind).as_dict()
            for kind in ("values", "targets", "regions", "grouping")
            if self.labelled[kind if kind != "grouping" else "group"]
        }
        if self.labelled["route"]:
            scores["route"] = {
                "accuracy": round(self.route_accuracy(), 4),
                "proposals": sum(self.routes.values()),
                **{
                    basis: {
                        "accuracy": round(self.route_accuracy(basis), 4),
                        "proposals": sum(n for (b, _), n in self.routes.items() if b == basis),
                    }
                    for basis in bases
                },
            }
        return {
            "labelled": dict(sorted(self.labelled.items())),
            **scores,
            "errors": [
                {
                    "kind": kind,
                    "session": g.session,
                    "text": g.text,
                    "gold": g.labels.get(kind),
                    "predicted": getattr(p, kind),
                }
                for kind, g, p in self.errors
            ],
        }

    def add(self, g: Gold, p: Proposal) -> None:
        """Count one matched pair."""
        self.labelled.update(k for k in g.labels if k != "route_basis")
        for kind, counts in (
            ("values", self.values),
            ("targets", self.targets),
            ("regions", self.regions),
        ):
            if kind in g.labels:
                gold_ids, found = set(g.labels[kind]), set(getattr(p, kind))
                counts.tp += len(gold_ids & found)
                counts.fp += len(found - gold_ids)
                counts.fn += len(gold_ids - found)
                if gold_ids != found:
                    self.errors.append((kind, g, p))
        if "route" in g.labels:
            right = g.labels["route"] == p.route
            self.routes[(g.labels.get("route_basis") or "procedural", right)] += 1
            if not right:
                self.errors.append(("route", g, p))

    def add_grouping(self, pairs: list[tuple[Gold, Proposal]]) -> None:
        """Pairwise precision and recall of the predicted clusters against the gold groups."""
        grouped = [(g.labels["group"], p.cluster) for g, p in pairs if "group" in g.labels]

        def same(counts: Counter) -> int:
            return sum(n * (n - 1) // 2 for n in counts.values())

        both = same(Counter(grouped))
        self.grouping.tp += both
        self.grouping.fp += same(Counter(c for _, c in grouped)) - both
        self.grouping.fn += same(Counter(g for g, _ in grouped)) - both


@dataclass
class Evaluation:
    """Scores overall, per language and per session, with the errors listed."""

    overall: Counts = field(default_factory=Counts)
    languages: dict[str, Counts] = field(default_factory=dict)
    sessions: dict[str, Counts] = field(default_factory=dict)
    speaker_pairs: int = 0
    speaker_correct: int = 0
    misses: list[Gold] = field(default_factory=list)
    false_alarms: list[Proposal] = field(default_factory=list)
    wrong_speakers: list[tuple[Gold, Proposal]] = field(default_factory=list)
    understanding: Understanding = field(default_factory=Understanding)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_pairs if self.speaker_pairs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "languages": {k: v.as_dict() for k, v in sorted(self.languages.items())},
            "sessions": {k: v.as_dict() for k, v in sorted(self.sessions.items())},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_pairs": self.speaker_pairs,
            "misses": [{"session": g.session, "text": g.text, "line": g.line} for g in self.misses],
            "false_alarms": [
                {"session": p.session, "text": p.text, "line": p.line, "score": p.score}
                for p in self.false_alarms
            ],
            "wrong_speakers": [
                {"session": g.session, "text": g.text, "gold": g.speaker, "predicted": p.speaker}
                for g, p in self.wrong_speakers
            ],
            **(
                {"understanding": self.understanding.as_dict()}
                if self.understanding.measured
                else {}
            ),
        }


def read_gold(path: Path) -> list[Gold]:
    """Read a gold file; a broken line is an error naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractError(
            f"{path}:1: cannot read the gold file ({exc}); give a UTF-8 JSON Lines file"
        ) from None
    gold: list[Gold] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExtractError(
                f"{path}:{number}: broken JSON ({exc.msg}); "
                'write one object per line like {"session": "…", "text": "…"}'
            ) from None
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("session"), str)
            or not isinstance(data.get("text"), str)
            or not data["text"].strip()
        ):
            raise ExtractError(
                f'{path}:{number}: each line needs "session" and "text" strings '
                "(see docs/evaluation.md)"
            )
        speaker = data.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise ExtractError(f'{path}:{number}: "speaker" must be a string or absent')
        problem = _label_problem(data)
        if problem:
            raise ExtractError(f"{path}:{number}: {problem} (docs/classification.md)")
        labels = {k: data[k] for k in LABELS if k in data}
        gold.append(Gold(data["session"], normalise(data["text"]), speaker, number, labels))
    if not gold:
        raise ExtractError(
            f"{path}:1: the gold file holds no proposals; add one JSON object per line"
        )
    return gold


def _label_problem(data: dict[str, Any]) -> str:
    """What is wrong with a line's docs/classification.md labels, or ``""``."""
    for key in ("values", "targets", "regions"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f'"{key}" must be a list of ids'
    route, basis = data.get("route"), data.get("route_basis")
    if route is not None and not isinstance(route, str):
        return '"route" must be a document type id or null'
    if (route is None) != (basis is None) or (basis is not None and basis not in ROUTE_BASES):
        return '"route_basis" must be named or inferred with a route, and null without one'
    if "group" in data and not isinstance(data["group"], (str, int)):
        return '"group" must be a string or a number'
    return ""


def overlap(a: str, b: str) -> float:
    """Longest common substring of two texts as a share of the shorter one."""
    shorter = min(len(a), len(b))
    if not shorter:
        return 0.0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / shorter


def match(golds: list[Gold], preds: list[Proposal]) -> Iterator[tuple[int, int]]:
    """One session's gold lines paired with its proposals (indices), best overlap first;
    each at most once, none below half the shorter text."""
    pairs = sorted(
        (
            (overlap(normalise(g.text), normalise(p.text)), gi, pi)
            for gi, g in enumerate(golds)
            for pi, p in enumerate(preds)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for score, gi, pi in pairs:
        if score < 0.5:
            break
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        yield gi, pi


def matched_by_session(gold: list[Gold], proposals: list[Proposal]) -> list[tuple[Gold, int]]:
    """Each gold line with the index of the proposal it matches, session by session (in the
    order of the session ids) as :func:`evaluate` matches them: what training reads its
    labels from."""
    golds: dict[str, list[Gold]] = {}
    found: dict[str, list[int]] = {}
    for g in gold:
        golds.setdefault(g.session, []).append(g)
    for index, p in enumerate(proposals):
        found.setdefault(p.session, []).append(index)
    return [
        (golds[session][gi], found[session][pi])
        for session in sorted(golds)
        if session in found
        for gi, pi in match(golds[session], [proposals[i] for i in found[session]])
    ]


def evaluate(
    gold: list[Gold],
    predicted: list[Proposal],
    languages: dict[str, str],
    gold_path: Path | None = None,
) -> Evaluation:
    """Match predictions to gold and count.

    ``languages`` maps every extracted session to its language.
    """
    unknown = next((g for g in gold if g.session not in languages), None)
    if unknown is not None:
        raise ExtractError(
            f"{gold_path or 'gold'}:{unknown.line}: session '{unknown.session}' is not among "
            "the notes evaluated; check the id or the notes folder"
        )
    result = Evaluation()
    matched: list[tuple[Gold, Proposal]] = []
    by_session: dict[str, tuple[list[Gold], list[Proposal]]] = {s: ([], []) for s in languages}
    for g in gold:
        by_session[g.session][0].append(g)
    for p in predicted:
        by_session.setdefault(p.session, ([], []))[1].append(p)
    for session, (golds, preds) in by_session.items():
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        for gi, pi in match(golds, preds):
            used_gold.add(gi)
            used_pred.add(pi)
            g, p = golds[gi], preds[pi]
            matched.append((g, p))
            result.understanding.add(g, p)
            if g.speaker is not None:
                result.speaker_pairs += 1
                if g.speaker == p.speaker:
                    result.speaker_correct += 1
                else:
                    result.wrong_speakers.append((g, p))
        counts = Counts(len(used_gold), len(preds) - len(used_pred), len(golds) - len(used_gold))
        result.sessions[session] = counts
        lang = result.languages.setdefault(languages.get(session, "?"), Counts())
        lang.add(counts)
        result.overall.add(counts)
        result.misses.extend(g for i, g in enumerate(golds) if i not in used_gold)
        result.false_alarms.extend(p for i, p in enumerate(preds) if i not in used_pred)
    result.understanding.add_grouping(matched)
    return result
