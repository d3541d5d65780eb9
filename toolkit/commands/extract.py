"""``toolkit extract``: the register, and the extraction ``eval`` shares."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExtractError
from ..workspace import OUTPUTS_DIR, REGISTER_NAME, Workspace
from . import Context, cache_option, model_option, pass_context


def notes_paths(ctx: Context, notes_dirs: tuple[Path, ...]) -> tuple[Workspace, list[Path]]:
    """The workspace (or default profile) and the note files to read."""
    from ..notes import find_note_files

    ws = ctx.workspace(required=False)
    return ws, find_note_files(notes_dirs or (ws.notes_dir,))


def run_extract(
    ws: Workspace,
    paths: list[Path],
    model: tuple[str, ...],
    quiet: bool = False,
    jobs: int | None = None,
    cache: bool = True,
):
    """Extraction with progress on stderr; warnings and errors printed as they are. Unless
    every note is in the extraction cache (nothing to extract: no spaCy) or there are
    enough to extract for a pool over sessions, spaCy is imported in a child while the
    notes are read here (``ahead``)."""
    from ..extract import (
        POOL_MIN_SESSIONS,
        Pipelines,
        extract,
        extraction_jobs,
        forum_year,
        model_languages,
    )
    from ..extract.cache import ExtractionCache
    from ..progress import Progress

    models = model_languages(model)
    pipelines = Pipelines(ws.profile, models, forum_year(ws.profile))
    jobs = extraction_jobs(jobs, len(paths))
    kept = ExtractionCache.for_pipelines(pipelines) if cache else None
    unheld = len(paths) if kept is None else kept.unheld(paths)
    with Progress(len(paths), "Extracting", quiet) as progress:
        result = extract(
            paths,
            ws.profile,
            pipelines=pipelines,
            on_note=progress,
            jobs=jobs,
            cache=kept,
            ahead=0 < unheld < POOL_MIN_SESSIONS,
        )
    for issue in result.issues:
        click.echo(str(issue), err=True)
    return result


@click.command("extract")
@click.argument("notes_dirs", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o",
    "--output",
    help=f"Register file: .jsonl or .csv (default: {OUTPUTS_DIR}/{REGISTER_NAME}, where "
    "`toolkit review` and `toolkit draft` read it); '-' for standard output.",
)
@model_option
@cache_option
@click.option("--quiet", is_flag=True, help="No progress bar and no summary table.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes extracting sessions (default: the cores from 50 notes on; below, "
    "a process per language, at most 2).",
)
@pass_context
def extract_command(
    ctx: Context,
    notes_dirs: tuple[Path, ...],
    output: str | None,
    model: tuple[str, ...],
    no_cache: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Find the proposals in the notes and write the register (docs/register.md).

    Writes outputs/register.jsonl unless -o says otherwise. Works on a bare folder of notes
    with the default profile. A note that cannot be read is reported as file:line: message,
    the others are still extracted, and the exit status is 1.

    Example: toolkit extract session_notes -o outputs/register.csv
    """
    from ..register import write_register

    ws, paths = notes_paths(ctx, notes_dirs)
    output = output or str(ws.register_path)
    target = None if output == "-" else register_target(output)  # before minutes of work
    result = run_extract(ws, paths, model, quiet, jobs, cache=not no_cache)
    write_register(result.proposals, sys.stdout if target is None else target)
    if not quiet:
        _print_summary(result.stats.rows(), ws.profile, err=output == "-")
        if output != "-":
            click.echo(f"{len(result.proposals)} proposals written to {output}")
    if result.failed:
        click.echo(f"{result.failed} note(s) could not be read; fix them and run again", err=True)
        sys.exit(1)


def register_target(output: str) -> Path:
    """Where ``-o`` may write: a .jsonl or .csv file, never a note, the profile or a workbook.

    Checked before extraction, so a wrong name costs a second, not the whole run.
    """
    from ..textio import check_writable

    target = Path(output)
    if target.suffix.lower() not in (".jsonl", ".csv"):
        raise ExtractError(
            f"{target}: the register is written as .jsonl or .csv; "
            "give -o a file name ending in one of them (or - for standard output)"
        )
    check_writable(target)
    return target


def _print_summary(rows: list[tuple[str, str, int, int, int]], profile, err: bool) -> None:
    """Sessions, sentences and proposals per language and track (by its title, shortened)."""

    def track(lang: str, track_id: str) -> str:
        if track_id not in profile.tracks:
            return track_id
        title = profile.label("tracks", track_id, lang)
        return title if len(title) <= 48 else title[:47].rstrip() + "…"

    header = ("language", "track", "sessions", "sentences", "proposals")
    lines = [header, *[(a, track(a, b), str(c), str(d), str(e)) for a, b, c, d, e in rows]]
    if rows:
        lines.append(("all", "", *(str(sum(r[i] for r in rows)) for i in (2, 3, 4))))
    widths = [max(len(row[i]) for row in lines) for i in range(5)]
    for row in lines:
        click.echo(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=False))
            ),
            err=err,
        )
