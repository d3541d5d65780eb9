"""``toolkit eval``: extraction measured against gold annotations."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import Context, cache_option, model_option, pass_context
from .extract import notes_paths, run_extract


@click.command("eval")
@click.argument("notes_dirs", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Gold annotations, JSON Lines (docs/evaluation.md).",
)
@click.option(
    "--min-f1",
    type=click.FloatRange(0, 1),
    help="Exit with status 1 when overall F1 is below this.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores and errors as JSON.")
@click.option(
    "--errors/--no-errors",
    default=True,
    show_default=True,
    help="List misses, false alarms, wrong speakers and wrong labels.",
)
@click.option(
    "--gold-sessions-only",
    is_flag=True,
    help="Score only the sessions the gold names (a gold file covering part of the notes); "
    "every note is still extracted and grouped.",
)
@model_option
@cache_option
@pass_context
def eval_command(
    ctx: Context,
    notes_dirs: tuple[Path, ...],
    gold_path: Path,
    min_f1: float | None,
    as_json: bool,
    errors: bool,
    gold_sessions_only: bool,
    model: tuple[str, ...],
    no_cache: bool,
) -> None:
    """Measure extraction against gold annotations: precision, recall, F1, speaker accuracy,
    and, when the gold lines carry them (docs/classification.md), values, route, regions and
    grouping.

    Example: toolkit eval --gold tests/data/dev/gold.jsonl tests/data/dev/notes --min-f1 0.9
    """
    import json

    from ..evaluate import evaluate, read_gold

    gold = read_gold(gold_path)
    ws, paths = notes_paths(ctx, notes_dirs)
    result = run_extract(ws, paths, model, quiet=True, cache=not no_cache)
    proposals, languages = result.proposals, result.languages
    if gold_sessions_only:
        named = {g.session for g in gold}
        proposals = [p for p in proposals if p.session in named]
        languages = {s: lang for s, lang in languages.items() if s in named}
    scores = evaluate(gold, proposals, languages, gold_path)
    if as_json:
        click.echo(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_evaluation(scores, errors)
    if min_f1 is not None and scores.overall.f1 < min_f1:
        click.echo(f"F1 {scores.overall.f1:.3f} is below --min-f1 {min_f1}", err=True)
        sys.exit(1)


def _print_evaluation(scores, errors: bool) -> None:
    def line(name: str, c) -> str:
        return (
            f"{name:<40} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
            f"(tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )

    click.echo(line("overall", scores.overall))
    for lang, counts in sorted(scores.languages.items()):
        click.echo(line(f"language {lang}", counts))
    for session, counts in sorted(scores.sessions.items()):
        click.echo(line(f"  {session}", counts))
    click.echo(
        f"speaker accuracy {scores.speaker_accuracy:.3f} on {scores.speaker_pairs} matched pairs"
    )
    understanding = scores.understanding
    if understanding.measured:
        for name in ("values", "targets", "regions"):
            if understanding.labelled[name]:
                click.echo(line(f"{name} (micro, matched)", getattr(understanding, name)))
        if understanding.labelled["route"]:
            bases = sorted({basis for basis, _ in understanding.routes})
            click.echo(
                f"route accuracy {understanding.route_accuracy():.3f} on "
                f"{sum(understanding.routes.values())} matched proposals ("
                + ", ".join(f"{b} {understanding.route_accuracy(b):.3f}" for b in bases)
                + ")"
            )
        if understanding.labelled["group"]:
            click.echo(line("grouping (pairs, matched)", understanding.grouping))
    if errors:
        for g in scores.misses:
            click.echo(f"miss        {g.session}: {g.text}")
        for p in scores.false_alarms:
            click.echo(f"false alarm {p.session}:{p.line} ({p.score:.2f}): {p.text}")
        for g, p in scores.wrong_speakers:
            click.echo(
                f"speaker     {g.session}: gold {g.speaker!r}, got {p.speaker!r}: {g.text[:70]}"
            )
        for kind, g, p in understanding.errors:
            click.echo(
                f"{kind:<11} {g.session}: gold {g.labels.get(kind)!r}, "
                f"got {getattr(p, kind)!r}: {g.text[:70]}"
            )
