"""``toolkit train``: the proposal classifier, the value and route models and grouping's pair
model."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from . import Context, pass_context


def _manifest_option(flag: str, dest: str, default: str, what: str):
    """A training manifest (a YAML file of gold sets), with the source checkout's default."""
    return click.option(
        flag,
        dest,
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path(default),
        show_default=True,
        help=what,
    )


@click.command("train")
@_manifest_option(
    "--data",
    "manifest",
    "tests/data/training.yaml",
    "Training manifest: the gold sets to train on and to validate with.",
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
@_manifest_option(
    "--values-data",
    "values_manifest",
    "tests/data/values_training.yaml",
    "Value and route models' manifest: the labelled sets, one fold each.",
)
@_manifest_option(
    "--grouping-data",
    "grouping_manifest",
    "tests/data/grouping_training.yaml",
    "Grouping's pair model manifest: the sets with gold groups, one fold each.",
)
@click.option(
    "--part",
    type=click.Choice(["all", "proposals", "values", "route", "grouping"]),
    help="Which model to rebuild: the proposal classifier, the value model, the route model, "
    "grouping's pair model or all (default: all; with --data alone, the proposal classifier).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--epochs", type=click.IntRange(1, 100), help="Passes over the data.")
@pass_context
def train_command(
    ctx: Context,
    manifest: Path,
    values_manifest: Path,
    grouping_manifest: Path,
    part: str | None,
    from_review: bool,
    output: Path | None,
    seed: int,
    epochs: int | None,
) -> None:
    """Train the proposal classifier, the value and route models and grouping's pair model, or
    refine the first by review.

    Without options it rebuilds the shipped models from the manifests' gold sets (in a source
    checkout): the proposal classifier, with its validation scores, then the value model, the
    route model and grouping's pair model (which reads the routes), with each labelled set's
    figures when it was left out of training. With
    --from-review, accepted, rejected and merged rows of review.xlsx count as proposals and
    'not a proposal' rows as not; the model is saved in the workspace and used once
    forum.yaml names it (proposal_model).

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
    target = output or shipped_models()
    if part is None:  # a manifest of one's own gold sets is about the proposal classifier
        source = click.get_current_context().get_parameter_source("manifest")
        part = "proposals" if source is not ParameterSource.DEFAULT else "all"
    if part in ("all", "proposals"):
        sets = training.read_manifest(manifest)
        report = training.train(
            sets, ws.profile, target, seed=seed, epochs=epochs or training.DEFAULT_EPOCHS
        )
        _print_training(report)
        click.echo(f"model written to {target}")
    # the proposals the later models learn from are those the detector just written finds
    detector = target if (target / "ru" / "model").is_file() else True
    if part in ("all", "values"):
        folds = training.read_value_manifest(values_manifest)
        values = training.train_value_model(folds, ws.profile, target / "values", detector)
        _print_values(values)
        click.echo(f"value model written to {target / 'values'}")
    if part in ("all", "route"):
        folds = training.read_value_manifest(values_manifest)
        routes = training.train_route_model(folds, ws.profile, target / "route", detector)
        _print_routes(routes)
        click.echo(f"route model written to {target / 'route'}")
    if part in ("all", "grouping"):
        from ..group_train import train_grouping_model

        folds = training.read_value_manifest(grouping_manifest)
        grouping = train_grouping_model(
            folds,
            ws.profile,
            target / "grouping",
            detector,
            values=_written(target / "values"),
            routes=_written(target / "route"),
        )
        _print_grouping(grouping)
        click.echo(f"grouping model written to {target / 'grouping'}")


def _written(folder: Path) -> Path | bool:
    """A model folder of the output (written by this run or an earlier one), else ``True``: the
    shipped model. Grouping's pairs read values and routes, so it learns from those this run
    trained, not from whatever is installed (else a second run would give another model)."""
    from ..nlp.learned import ValueLearner  # the route model's file is named the same

    return folder if (folder / ValueLearner.FILE).is_file() else True


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())


def _figures(counts) -> str:
    return f"{counts.f1:.3f} (P {counts.precision:.2f} R {counts.recall:.2f})"


def _print_values(report) -> None:
    """Each fold left out: values micro-F1 of the rules and of rules + model, per language."""
    from ..evaluate import Counts

    f1 = _figures
    click.echo(
        f"values: {report.units} matched proposals, threshold {report.threshold:.2f}; "
        "each fold left out (rules -> rules + model):"
    )
    pooled: dict[str, tuple[Counts, Counts]] = {}
    for fold, languages in report.folds.items():
        for lang, (rules, learned) in languages.items():
            click.echo(f"  {fold:<10} {lang}  {f1(rules)} -> {f1(learned)}")
            for key in (lang, "all"):
                total_rules, total_learned = pooled.setdefault(key, (Counts(), Counts()))
                total_rules.add(rules)
                total_learned.add(learned)
    for key, (rules, learned) in sorted(pooled.items()):
        click.echo(f"  pooled     {key:<3} {f1(rules)} -> {f1(learned)}")


def _print_routes(report) -> None:
    """Each fold left out: route right by the rules and by the rules and the model."""
    click.echo(
        f"route: {report.units} matched proposals, margin {report.margin:.2f}; "
        "each fold left out, route right (rules -> rules + model):"
    )
    pooled: dict[str, list[int]] = {}
    for fold, languages in report.folds.items():
        for lang, (n, rules, model) in languages.items():
            click.echo(f"  {fold:<10} {lang}  {rules / n:.3f} -> {model / n:.3f} ({n})")
            for key in (lang, "all"):
                total = pooled.setdefault(key, [0, 0, 0])
                total[:] = [a + b for a, b in zip(total, (n, rules, model), strict=True)]
    for key, (n, rules, model) in sorted(pooled.items()):
        click.echo(f"  pooled     {key:<3} {rules / n:.3f} -> {model / n:.3f} ({n})")


def _print_grouping(report) -> None:
    """Each fold left out: pairwise P / R / F1 of the rule and of the pair model."""
    from ..evaluate import Counts

    f1 = _figures
    click.echo(
        f"grouping: {report.pairs} labelled pairs, threshold {report.threshold:.2f}; "
        "each fold left out (rule -> pair model):"
    )
    pooled = (Counts(), Counts())
    for fold, (rule, model) in report.folds.items():
        click.echo(f"  {fold:<10} {f1(rule)} -> {f1(model)}")
        pooled[0].add(rule)
        pooled[1].add(model)
    click.echo(f"  pooled     {f1(pooled[0])} -> {f1(pooled[1])}")


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
