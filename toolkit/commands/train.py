"""``toolkit train``: the proposal classifier."""

from __future__ import annotations

from pathlib import Path

import click

from . import Context, pass_context


@click.command("train")
@click.option(
    "--data",
    "manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("tests/data/training.yaml"),
    show_default=True,
    help="Training manifest: the gold sets to train on and to validate with.",
)
@click.option(
    "--from-review",
    is_flag=True,
    help="Refine the model with this workspace's review decisions (outputs/review.xlsx).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Model folder (default: the shipped model; with --from-review the workspace's "
    "models/proposals).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--epochs", type=click.IntRange(1, 100), help="Passes over the data.")
@pass_context
def train_command(
    ctx: Context,
    manifest: Path,
    from_review: bool,
    output: Path | None,
    seed: int,
    epochs: int | None,
) -> None:
    """Train the proposal classifier: from the gold sets, or refined by review decisions.

    Without options it rebuilds the shipped model from the manifest's gold sets (in a source
    checkout) and prints the validation scores. With --from-review, accepted, rejected and
    merged rows of review.xlsx count as proposals and 'not a proposal' rows as not; the
    model is saved in the workspace and used once forum.yaml names it (proposal_model).

    Example: toolkit train --from-review
    """
    from .. import train as training
    from ..nlp import shipped_models

    if from_review:
        ws = ctx.workspace()
        target = output or ws.root / "models" / "proposals"
        report = training.train_workspace(
            ws, target, seed=seed, epochs=epochs or training.REVIEW_EPOCHS
        )
        _print_training(report)
        click.echo(f"model written to {target}")
        if ws.profile.proposal_model_dir != target.resolve():
            click.echo(
                f"to use it, add to {ws.profile_path.name}: proposal_model: "
                f"{_relative(target, ws.root)}"
            )
        return
    ws = ctx.workspace(required=False)
    sets = training.read_manifest(manifest)
    target = output or shipped_models()
    report = training.train(
        sets, ws.profile, target, seed=seed, epochs=epochs or training.DEFAULT_EPOCHS
    )
    _print_training(report)
    click.echo(f"model written to {target}")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())


def _print_training(report) -> None:
    for lang in sorted(report.units):
        threshold = report.thresholds.get(lang)
        click.echo(
            f"trained {lang}: {report.units[lang]} units, {report.positives[lang]} proposals"
            + (f", threshold {threshold:.2f}" if threshold is not None else "")
        )
    for name, scores in report.scores.items():
        figures = "  ".join(
            f"{lang} P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
            for lang, c in sorted(scores.languages.items())
        )
        click.echo(f"validate {name:<12} {figures}")
