"""``toolkit build``: the whole chain."""

from __future__ import annotations

from typing import Any

import click

from . import Context, cache_option, draft_options, drafting, model_option, pass_context


@click.command("build")
@draft_options
@model_option
@cache_option
@pass_context
def build_command(ctx: Context, model: tuple[str, ...], no_cache: bool, **options: Any) -> None:
    """Run the whole chain: check notes, extract, update review.xlsx, draft the documents.

    Notes with errors stop the build before anything is written. The analysts' decisions
    in outputs/review.xlsx are kept and decide which proposals the documents show.

    Example: toolkit build --include-pending --lang ru --pdf
    """
    from ..build import build
    from ..notes import find_note_files
    from ..progress import Progress

    ws = ctx.workspace()
    models = None
    if model:  # checked before anything runs; else spaCy is left to extraction's process
        from ..extract import model_languages

        models = model_languages(model)
    with Progress(len(find_note_files([ws.notes_dir])), "Extracting") as progress:
        report = build(
            ws,
            models=models,
            cache=not no_cache,
            on_note=progress,
            on_extracted=progress.finish,
            **drafting(options),
        )
    for issue in report.warnings:
        click.echo(str(issue), err=True)
    click.echo(f"{report.proposals} proposals in {report.register}")
    click.echo(report.review)
    for line in report.review_problems:
        click.echo(line, err=True)
    for line in report.messages:
        click.echo(line, err=True)
    click.echo(report.draft)
