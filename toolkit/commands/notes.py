"""``toolkit notes``: create, import, check and list session notes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import NotesError, ToolkitError
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
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date; write it as YYYY-MM-DD") from None


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
    from ..notes import check_notes, find_note_files
    from ..notes.new import NewNote, write_note
    from ..profile import ID_RE

    ws = ctx.workspace()
    profile = ws.profile

    def ask(value, prompt, **kwargs):
        if value is not None or no_input:
            return value
        return click.prompt(prompt, **kwargs)

    title = ask(title, "Title")
    fmt = ask(fmt, "Format", type=click.Choice(profile.formats), default="panel")
    date = ask(
        date,
        "Date (YYYY-MM-DD)",
        value_proc=lambda v: _parse_date(None, None, v),  # type: ignore[arg-type]
        default=str(profile.forum.get("dates", {}).get("start", dt.date.today())),
    )
    if track is None and not no_input:
        track = click.prompt(
            "Track", type=click.Choice(list(profile.tracks)), default=next(iter(profile.tracks))
        )
    if language is None and not no_input:
        language = click.prompt("Language", type=click.Choice(["ru", "en"]), default="ru")
    if rapporteur is None and not no_input:
        rapporteur = (
            click.prompt("Rapporteur, your name (empty for none)", default="", show_default=False)
            or None
        )
    if moderator is None and not no_input:
        moderator = (
            click.prompt("Moderator (empty for none)", default="", show_default=False) or None
        )
    if not speakers and not no_input:
        found = []
        while name := click.prompt(
            "Speaker 'Name, role, organization, region' (empty to finish)",
            default="",
            show_default=False,
        ):
            found.append(name)
        speakers = tuple(found)
    title = title.strip() if title else title
    speakers = tuple(s for s in speakers if s.strip(" ,"))  # "", ",,," name nobody
    missing = [n for n, v in (("--title", title), ("--format", fmt), ("--date", date)) if not v]
    if missing:
        raise NotesError(
            f"missing {', '.join(missing)}; give them as options or answer the prompts"
        )
    if fmt not in profile.formats:
        raise NotesError(f"unknown format '{fmt}'; use one of: {', '.join(profile.formats)}")
    if track and track not in profile.tracks:
        raise NotesError(f"unknown track '{track}'; use one of: {', '.join(profile.tracks)}")
    if session_id and not ID_RE.match(session_id):
        raise NotesError(f"id '{session_id}' may use only a-z, 0-9 and '-'")
    existing, _ = check_notes(find_note_files([ws.notes_dir]), profile)
    taken = {n.session.id for n in existing if n.session}
    if session_id in taken:
        raise NotesError(f"id '{session_id}' is already used; choose another")
    path = write_note(
        NewNote(
            title=title,
            format=fmt,
            date=date,
            track=track,
            language=language,
            rapporteur=rapporteur,
            moderator=moderator,
            speakers=list(speakers),
            id=session_id,
        ),
        ws.notes_dir,
        taken,
    )
    click.echo(f"Created {path}")


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
