"""``toolkit review``: the review workbook."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..workspace import OUTPUTS_DIR, REGISTER_NAME
from . import Context, pass_context


@click.command("review")
@click.option(
    "--register",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=f"Register to review (default: {OUTPUTS_DIR}/{REGISTER_NAME}).",
)
@pass_context
def review_command(ctx: Context, register: Path | None) -> None:
    """Write or update outputs/review.xlsx, where analysts accept, reject, merge and reword.

    Every decision survives a re-run: rows are matched by id, proposals edited in the
    notes by similar text (and flagged in 'comment'), and decisions whose proposal
    disappeared move to the 'orphaned' sheet. When anything changed, the previous workbook
    is copied to outputs/backups/ first. Every column and decision: docs/review-workbook.md.

    Example: toolkit review --register outputs/register.jsonl
    """
    from ..review import review_workspace

    report = review_workspace(ctx.workspace(), register)
    click.echo(report.summary())
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.problems:
        click.echo(line, err=True)
    if report.problems:
        click.echo(
            f"{len(report.problems)} problems in the analysts' columns; fix them before "
            "`toolkit draft`",
            err=True,
        )
        sys.exit(1)
