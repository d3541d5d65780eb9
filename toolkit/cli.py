"""The ``toolkit`` command line: thin commands over the library.

Each command parses options, calls one library function and prints. Heavy modules
(spaCy, python-docx, openpyxl) are imported inside the commands that use them, so
``toolkit --help`` and ``toolkit notes check`` start fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__
from .errors import NotesError, ToolkitError
from .workspace import Workspace, find_or_default, find_workspace, init_workspace

EPILOG_CHECK = "Example: toolkit notes check session_notes/day-1 --strict"


class Context:
    """What every command gets: the workspace option, resolved lazily."""

    def __init__(self, workspace: Path | None) -> None:
        self.workspace_option = workspace

    def workspace(self, required: bool = True) -> Workspace:
        if required:
            return find_workspace(explicit=self.workspace_option)
        return find_or_default(explicit=self.workspace_option)


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-w", "--workspace", type=click.Path(path_type=Path, file_okay=False),
              help="Workspace folder (default: the nearest folder with forum.yaml, upwards).")
@click.version_option(__version__, prog_name="toolkit")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """Turn forum session notes into proposals for regional strategic planning documents.

    \b
    Rapporteurs:  toolkit notes new | notes import FILE | notes check
    Analysts:     toolkit extract -o outputs/register.jsonl | review | eval --gold GOLD
    Officials:    toolkit draft | build   (Word documents in outputs/)

    Example: toolkit -w my-forum build --include-pending
    """
    ctx.obj = Context(workspace)


def main() -> None:
    """Console entry point."""
    cli(prog_name="toolkit")


@cli.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init_command(directory: Path) -> None:
    """Create a new workspace: forum.yaml, session_notes/, templates/, outputs/.

    Example: toolkit init krasnoyarsk-2025
    """
    from .profile import default_profile

    ws = init_workspace(directory, default_profile())
    click.echo(f"Created workspace {ws.root}")
    click.echo(f"Next: edit {ws.profile_path.name}, then `toolkit -w {directory} notes new`.")


# ---------------------------------------------------------------- notes


@cli.group("notes")
def notes_group() -> None:
    """Create, import, check and list session notes (session_notes/*.md).

    Example: toolkit notes check
    """


@notes_group.command("check", epilog=EPILOG_CHECK)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--strict", is_flag=True, help="Treat warnings (unknown keys, tracks, speakers) as errors.")
@pass_context
def notes_check(ctx: Context, paths: tuple[Path, ...], strict: bool) -> None:
    """Validate notes and print every problem as file:line: message.

    Checks the front matter (required keys, ISO dates, formats, unique ids, tracks),
    the body (empty notes, speaker turns naming nobody) and the encoding. Exits 1 if
    any error is found; warnings alone exit 0 unless --strict.
    """
    from .notes import check_notes, find_note_files

    ws = ctx.workspace(required=not paths)
    files = find_note_files(paths or [ws.notes_dir])
    notes, issues = check_notes(files, ws.profile, strict=strict)
    for warning in ws.profile.warnings:
        click.echo(("" if strict else "warning: ") + warning, err=True)
    for issue in issues:
        click.echo(str(issue), err=True)
    errors = sum(1 for i in issues if i.severity == "error") + (len(ws.profile.warnings) if strict else 0)
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
    from .notes import find_note_files, iter_notes

    ws = ctx.workspace(required=not paths)
    rows = [("id", "date", "format", "track", "lang", "speakers", "words")]
    broken = 0
    for note in iter_notes(find_note_files(paths or [ws.notes_dir]), ws.profile):
        if note.session is None:
            broken += 1
            continue
        s = note.session
        rows.append((s.id, str(s.date or ""), s.format or "", s.track or "", note.language,
                     str(len(s.people)), str(note.words)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if broken:
        click.echo(f"{broken} notes could not be read; run `toolkit notes check`", err=True)


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
@click.option("--speaker", "speakers", multiple=True,
              help="'Name, role, organization, region' (repeat for each speaker).")
@click.option("--rapporteur", help="Your name.")
@click.option("--id", "session_id", help="Session id (default: made from the title).")
@click.option("--no-input", is_flag=True, help="Never prompt; fail if a required value is missing.")
@pass_context
def notes_new(ctx: Context, title: str | None, fmt: str | None, date: dt.date | None, track: str | None,
              language: str | None, moderator: str | None, speakers: tuple[str, ...], rapporteur: str | None,
              session_id: str | None, no_input: bool) -> None:
    """Create a session note, asking for what the options do not give.

    Example: toolkit notes new --title "Design in small towns" --format panel --date 2024-11-21
    --track small-towns --language en --speaker "Irina Volkova, Minister, Government, Krasnoyarsk Krai"
    """
    from .notes import check_notes, find_note_files
    from .notes.new import NewNote, write_note
    from .profile import ID_RE

    ws = ctx.workspace()
    profile = ws.profile

    def ask(value, prompt, **kwargs):  # noqa: ANN001, ANN202
        if value is not None or no_input:
            return value
        return click.prompt(prompt, **kwargs)

    title = ask(title, "Title")
    fmt = ask(fmt, "Format", type=click.Choice(profile.formats), default="panel")
    date = ask(date, "Date (YYYY-MM-DD)", value_proc=lambda v: _parse_date(None, None, v),  # type: ignore[arg-type]
               default=str(profile.forum.get("dates", {}).get("start", dt.date.today())))
    if track is None and not no_input:
        track = click.prompt("Track", type=click.Choice(list(profile.tracks)), default=next(iter(profile.tracks)))
    if language is None and not no_input:
        language = click.prompt("Language", type=click.Choice(["ru", "en"]), default="ru")
    if moderator is None and not no_input:
        moderator = click.prompt("Moderator (empty for none)", default="", show_default=False) or None
    if not speakers and not no_input:
        found = []
        while name := click.prompt("Speaker 'Name, role, organization, region' (empty to finish)",
                                   default="", show_default=False):
            found.append(name)
        speakers = tuple(found)
    missing = [n for n, v in (("--title", title), ("--format", fmt), ("--date", date)) if not v]
    if missing:
        raise NotesError(f"missing {', '.join(missing)}; give them as options or answer the prompts")
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
    path = write_note(NewNote(title=title, format=fmt, date=date, track=track, language=language,
                              rapporteur=rapporteur, moderator=moderator, speakers=list(speakers),
                              id=session_id), ws.notes_dir, taken)
    click.echo(f"Created {path}")


@notes_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--to", "target", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the new notes (default: the workspace's session_notes/).")
@pass_context
def notes_import(ctx: Context, files: tuple[Path, ...], target: Path | None) -> None:
    """Convert .docx, .txt and .md files without front matter into session notes.

    Any encoding (UTF-8, UTF-16, cp1251, KOI8-R) is converted to UTF-8. What cannot be
    filled is marked TODO in the front matter. Existing notes are never overwritten.

    Example: toolkit notes import ~/Downloads/panel-design.docx transcript-cp1251.txt
    """
    from .notes import check_notes, find_note_files
    from .notes.importer import import_file

    ws = ctx.workspace(required=target is None)
    folder = target or ws.notes_dir
    existing, _ = check_notes(find_note_files([folder]) if folder.exists() else [], ws.profile)
    taken = {n.session.id for n in existing if n.session}
    failed = 0
    for path in files:
        try:
            created = import_file(path, folder, ws.profile, taken)
        except ToolkitError as exc:
            click.echo(exc.message, err=True)
            failed += 1
            continue
        click.echo(f"{path} -> {created}")
    if failed:
        sys.exit(1)
