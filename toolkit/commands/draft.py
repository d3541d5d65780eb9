"""``toolkit draft`` and ``toolkit templates``: the Word documents and their templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..workspace import OUTPUTS_DIR, REGISTER_NAME
from . import Context, draft_options, drafting, pass_context


@click.command("draft")
@draft_options
@click.option(
    "--register",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=f"Register to draft from (default: {OUTPUTS_DIR}/{REGISTER_NAME}).",
)
@pass_context
def draft_command(ctx: Context, register: Path | None, **options: Any) -> None:
    """Write Word documents into outputs/: consolidated draft, region briefs, session summaries.

    Once analysts have decided anything in outputs/review.xlsx, only accepted proposals
    appear, with merged ones folded into their target. Templates come from the
    workspace's templates/ first, then the toolkit's defaults.

    Example: toolkit draft --include-pending --lang ru --pdf
    """
    from ..draft import draft_workspace

    report = draft_workspace(ctx.workspace(), register, **drafting(options))
    for line in report.messages:
        click.echo(line, err=True)
    click.echo(report.summary())


@click.group("templates")
def templates_group() -> None:
    """Check and customise the Word templates of the documents (templates/*.docx).

    Example: toolkit templates new region --lang ru
    """


@templates_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@pass_context
def templates_check(ctx: Context, paths: tuple[Path, ...]) -> None:
    """Report broken tags as template.docx: paragraph N: message; exit 1 if any.

    Finds tags split across Word runs, unclosed tags, Jinja2 syntax errors, unknown
    variables and anything that fails on sample data. Without PATHS, checks the
    workspace's templates/ (or the defaults when it has none).

    Example: toolkit templates check templates/region-ru.docx
    """
    from ..draft import check_template, template_files

    ws = ctx.workspace(required=not paths)
    files = list(paths) or template_files(ws)
    problems = [problem for path in files for problem in check_template(path, ws.profile)]
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(files)} templates checked: {len(problems)} problems")
    if problems:
        sys.exit(1)


@templates_group.command("new")
@click.argument("kind", type=click.Choice(["consolidated", "region", "session"]))
@click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the template.",
)
@pass_context
def templates_new(ctx: Context, kind: str, lang: str) -> None:
    """Copy a default template into templates/ to customise in Word; never overwrites.

    Example: toolkit templates new region --lang ru
    """
    from ..draft import new_template

    path = new_template(ctx.workspace(), kind, lang)
    click.echo(f"Created {path}; edit it in Word, then run `toolkit templates check`")
