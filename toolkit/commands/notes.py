"""``toolkit notes``: create, import, check and list session notes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import NotesError, ToolkitError
from ..profile import Profile
from . import Context, pass_context

EPILOG_CHECK = "Example: toolkit notes check session_notes/day-1 --strict"


@click.group("notes")
def notes_group() -> None:
    """Create, import, check and list session notes (session_notes/*.md; docs/notes-format.md).

    Example: toolkit notes check
    """


@notes_group.command("check", epilog=EPILOG_CHECK)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (unknown keys, tracks, speakers) as errors."
)
@pass_context
def notes_check(ctx: Context, paths: tuple[Path, ...], strict: bool) -> None:
    """Validate notes and print every problem as file:line: message.

    Checks the front matter (required keys, ISO dates, formats, unique ids, tracks),
    the body (empty notes, speaker turns naming nobody) and the encoding. Exits 1 if
    any error is found; warnings alone exit 0 unless --strict.
    """
    from ..notes import check_notes, find_note_files

    ws = ctx.workspace(required=not paths)
    files = find_note_files(paths or [ws.notes_dir])
    notes, issues = check_notes(files, ws.profile, strict=strict)
    for warning in ws.profile.warnings:
        click.echo(("" if strict else "warning: ") + warning, err=True)
    for issue in issues:
        click.echo(str(issue), err=True)
    errors = sum(1 for i in issues if i.severity == "error") + (
        len(ws.profile.warnings) if strict else 0
    )
    warnings = len(issues) - sum(1 for i in issues if i.severity == "error")
    click.echo(f"{len(notes)} notes checked: {errors} errors, {warnings} warnings")
    if errors:
        sys.exit(1)


@notes_group.command("list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@pass_context
def notes_list(ctx: Context, paths: tuple[Path, ...]) -> None:
    """Show a table of the sessions: id, date, format, track, language, speakers, words.

    Example: toolkit notes list
    """
    from ..notes import find_note_files, iter_notes

    ws = ctx.workspace(required=not paths)
    rows = [("id", "date", "format", "track", "lang", "speakers", "words")]
    broken = 0
    for note in iter_notes(find_note_files(paths or [ws.notes_dir]), ws.profile):
        if note.session is None:
            broken += 1
            continue
        s = note.session
        rows.append(
            (
                s.id,
                str(s.date or ""),
                s.format or "",
                s.track or "",
                note.language,
                str(len(s.people)),
                str(note.words),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip())
    if broken:
        click.echo(f"{broken} notes could not be read; run `toolkit notes check`", err=True)
        sys.exit(1)


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """``--date`` as `notes check` reads ``date:``, with the same message when it is wrong."""
    from ..notes.parse import note_date

    if value is None:
        return None
    try:
        return note_date(value)
    except ValueError as problem:
        raise click.BadParameter(str(problem)) from None


@notes_group.command("new")
@click.option("--title", help="Session title.")
@click.option("--format", "fmt", help="plenary, panel, roundtable, lecture, master-class, …")
@click.option("--date", callback=_parse_date, help="Date as YYYY-MM-DD.")
@click.option("--track", help="Track id from the forum profile.")
@click.option("--language", type=click.Choice(["ru", "en"]), help="Language of the notes.")
@click.option("--moderator", help="Moderator's name.")
@click.option(
    "--speaker",
    "speakers",
    multiple=True,
    help="'Name, role, organization, region' (repeat for each speaker). Parts between the "
    "role and the last one are the organization, commas and all; or separate fields with ';'.",
)
@click.option("--rapporteur", help="Your name.")
@click.option("--id", "session_id", help="Session id (default: made from the title).")
@click.option("--no-input", is_flag=True, help="Never prompt; fail if a required value is missing.")
@pass_context
def notes_new(
    ctx: Context,
    title: str | None,
    fmt: str | None,
    date: dt.date | None,
    track: str | None,
    language: str | None,
    moderator: str | None,
    speakers: tuple[str, ...],
    rapporteur: str | None,
    session_id: str | None,
    no_input: bool,
) -> None:
    """Create a session note, asking for what the options do not give.

    Example: toolkit notes new --title "Design in small towns" --format panel --date 2024-11-21
    --track small-towns --language en --speaker "Irina Volkova, Minister, Government, Tomsk Oblast"
    """
    from ..notes.new import NewNote, create_note

    ws = ctx.workspace()
    profile = ws.profile  # a broken forum.yaml stops the command before any question
    answers: dict[str, Any] = {
        "title": title,
        "format": fmt,
        "date": date,
        "track": track,
        "language": language,
        "rapporteur": rapporteur,
        "moderator": moderator,
        "speakers": list(speakers),
    }
    if not no_input:
        _ask_missing(answers, profile)
    answers["title"] = answers["title"].strip() if answers["title"] else answers["title"]
    missing = [f"--{key}" for key in ("title", "format", "date") if not answers[key]]
    if missing:
        raise NotesError(
            f"missing {', '.join(missing)}; give them as options or answer the prompts"
        )
    note = NewNote(**answers, id=session_id)
    click.echo(f"Created {create_note(note, ws.notes_dir, profile)}")


def _ask_missing(answers: dict[str, Any], profile: Profile) -> None:
    """Prompt for each answer the options did not give, in the order of the front matter."""

    def ask(key: str, prompt: str, **kwargs: Any) -> None:
        if answers[key] is None:
            answers[key] = click.prompt(prompt, **kwargs)

    ask("title", "Title")
    ask("format", "Format", type=click.Choice(profile.formats), default="panel")
    ask(
        "date",
        "Date (YYYY-MM-DD)",
        value_proc=lambda v: _parse_date(None, None, v),  # type: ignore[arg-type]
        default=str(profile.forum.get("dates", {}).get("start", dt.date.today())),
    )
    ask(
        "track",
        "Track",
        type=click.Choice(list(profile.tracks)),
        default=next(iter(profile.tracks)),
    )
    ask("language", "Language", type=click.Choice(["ru", "en"]), default="ru")
    ask("rapporteur", "Rapporteur, your name (empty for none)", default="", show_default=False)
    ask("moderator", "Moderator (empty for none)", default="", show_default=False)
    answers["rapporteur"] = answers["rapporteur"] or None
    answers["moderator"] = answers["moderator"] or None
    if not answers["speakers"]:
        found = []
        while name := click.prompt(
            "Speaker 'Name, role, organization, region' (empty to finish)",
            default="",
            show_default=False,
        ):
            found.append(name)
        answers["speakers"] = found


@notes_group.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the new notes (default: the workspace's session_notes/).",
)
@pass_context
def notes_import(ctx: Context, files: tuple[Path, ...], target: Path | None) -> None:
    """Convert .docx, .txt and .md files without front matter into session notes.

    Any encoding (UTF-8, UTF-16, cp1251, KOI8-R) is converted to UTF-8. What cannot be
    filled is marked TODO in the front matter. Existing notes are never overwritten, and a
    file whose content was imported before (source_sha256 in a note) is refused.

    Example: toolkit notes import ~/Downloads/panel-design.docx transcript-cp1251.txt
    """
    from ..notes import check_notes, find_note_files
    from ..notes.importer import import_file, imported_sources

    ws = ctx.workspace(required=target is None)
    folder = target or ws.notes_dir
    folders = [f for f in dict.fromkeys(p.resolve() for p in (folder, ws.notes_dir)) if f.exists()]
    existing, _ = check_notes(find_note_files(folders), ws.profile)  # ids and sources in use
    taken = {n.session.id for n in existing if n.session}
    imported = imported_sources(existing)
    failed = 0
    for path in files:
        try:
            created = import_file(path, folder, ws.profile, taken, imported)
        except ToolkitError as exc:
            click.echo(exc.message, err=True)
            failed += 1
            continue
        click.echo(f"{path} -> {created}")
    if failed:
        sys.exit(1)
