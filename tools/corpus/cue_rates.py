"""How the rules' cues fare against a gold set: is a corpus labelled like another one?

Precision alone cannot tell: it falls with the share of proposals even when two sets are
labelled alike. So this prints, per set (and per group of sessions), the share of units
that are proposals, how often the rules fire on a non-proposal (false alarms per
non-proposal unit), how many proposals carry no clear cue, and for each cue category
(the strongest reason of a unit the rules pass) its share among proposals, among
non-proposals and their ratio. A stricter annotation shows as more false alarms per
non-proposal and lower ratios, not as lower precision. It extracts and scores, so never
run it on a blind part.

    python tools/corpus/cue_rates.py tests/data/real/en/notes tests/data/real/en/gold.jsonl \
        --language en --group senedd
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import click

#: The rules pass a unit at this score (proposal_detector's default threshold).
RULES_PASS = 0.5


@dataclass
class Judged:
    """One unit: its gold label, the rules' and the model's scores, the cue that passed it."""

    session: str
    gold: bool
    rule: float
    model: float
    threshold: float
    cue: str  # the strongest reason when the rules pass, else ""


def judged_units(notes: Path, gold: Path, language: str | None) -> list[Judged]:
    """Every unmarked unit of the notes with its gold label and both verdicts."""
    from toolkit.evaluate import read_gold
    from toolkit.extract import Pipelines, forum_year
    from toolkit.extract.note import block_docs
    from toolkit.nlp.detector import UNITS_KEY
    from toolkit.notes import find_note_files, iter_notes
    from toolkit.profile import default_profile
    from toolkit.register import normalise
    from toolkit.train import label_units

    by_session: dict[str, list[str]] = defaultdict(list)
    for line in read_gold(gold):
        by_session[line.session].append(line.text)
    profile = default_profile()
    pipelines = Pipelines(profile, forum_year=forum_year(profile))
    out: list[Judged] = []
    for note in iter_notes(find_note_files([notes]), profile):
        if not note.ok or note.session is None:
            raise SystemExit(f"{note.path}: the note does not read; run toolkit notes check")
        if language and note.language != language:
            continue
        rows = []
        for block, doc in block_docs(note, pipelines[note.language]):
            if doc._.toolkit_section == "proposals" and block.kind == "item":
                continue
            group = doc.spans[UNITS_KEY]
            attrs = group.attrs
            for unit, rule, reasons, score in zip(
                group, attrs["rule_scores"], attrs["reasons"], attrs["scores"], strict=True
            ):
                cue = reasons[0] if rule >= RULES_PASS and reasons else ""
                rows.append((normalise(unit.text), rule, score, attrs["threshold"], cue))
        labels = label_units([r[0] for r in rows], by_session.get(note.session.id, []))
        out.extend(
            Judged(note.session.id, bool(y), rule, score, threshold, cue)
            for (_, rule, score, threshold, cue), y in zip(rows, labels, strict=True)
        )
    return out


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _verdict(label: str, passed: list[Judged], proposals: int, non_proposals: int) -> str:
    """Precision, recall and false alarms per non-proposal of the units one verdict passed."""
    hits = sum(u.gold for u in passed)
    return (
        f"  {label:6s} P {_rate(hits, len(passed)):.3f}  R {_rate(hits, proposals):.3f}"
        f"  false alarms per non-proposal {_rate(len(passed) - hits, non_proposals):.3f}"
    )


def report(name: str, units: list[Judged]) -> list[str]:
    """The lines for one group of units."""
    pos = [u for u in units if u.gold]
    neg = [u for u in units if not u.gold]
    without_cue = _rate(sum(u.rule < RULES_PASS for u in pos), len(pos))
    lines = [
        f"{name}: {len(units)} units, {len(pos)} proposals ({_rate(len(pos), len(units)):.3f})",
        _verdict("rules", [u for u in units if u.rule >= RULES_PASS], len(pos), len(neg))
        + f"  proposals without a clear cue {without_cue:.3f}",
        _verdict("model", [u for u in units if u.model >= u.threshold], len(pos), len(neg)),
    ]
    in_pos, in_neg = Counter(u.cue for u in pos), Counter(u.cue for u in neg)
    cues = sorted((in_pos + in_neg).keys() - {""}, key=lambda c: (-in_pos[c] - in_neg[c], c))
    for cue in cues:  # the most frequent first
        share_pos, share_neg = _rate(in_pos[cue], len(pos)), _rate(in_neg[cue], len(neg))
        ratio = f"{share_pos / share_neg:5.1f}" if share_neg else "    -"
        lines.append(
            f"    {cue:17s} {in_pos[cue]:4d} proposals ({share_pos:.3f})"
            f" {in_neg[cue]:4d} non-proposals ({share_neg:.3f})  ratio {ratio}"
        )
    return lines


@click.command()
@click.argument("notes", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", type=click.Choice(["en", "ru"]), help="Only notes in this language.")
@click.option("--group", "groups", multiple=True, help="Also report sessions whose id has this.")
def main(notes: Path, gold: Path, language: str | None, groups: tuple[str, ...]) -> None:
    units = judged_units(notes, gold, language)
    for group in groups:
        for line in report(group, [u for u in units if group in u.session]):
            click.echo(line)
        for line in report(f"not {group}", [u for u in units if group not in u.session]):
            click.echo(line)
    for line in report("all", units):
        click.echo(line)


if __name__ == "__main__":
    main()
