"""The ``toolkit`` command line: thin commands over the library.

Each command parses options, calls one library function and prints. Heavy modules
(spaCy, python-docx, openpyxl) are imported inside the commands that use them, so
``toolkit --help`` and ``toolkit notes check`` start fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import ExtractError, NotesError, ToolkitError
from .workspace import (
    OUTPUTS_DIR,
    REGISTER_NAME,
    Workspace,
    find_or_default,
    find_workspace,
    init_workspace,
)

EPILOG_CHECK = "Example: toolkit notes check session_notes/day-1 --strict"
_DOCS = Path(__file__).resolve().parent.parent / "docs" / "README.md"
#: Where the user documentation is: the file when the toolkit runs from its repository.
DOCS = str(_DOCS) if _DOCS.is_file() else "docs/README.md in the toolkit's repository"
EPILOG_DOCS = (
    f"Documentation: {DOCS} (notes format, what a proposal is, register fields, review "
    "workbook, forum.yaml, template variables)."
)


class Context:
    """What every command gets: the workspace option, resolved lazily."""

    def __init__(self, workspace: Path | None) -> None:
        self.workspace_option = workspace

    def workspace(self, required: bool = True) -> Workspace:
        if required:
            return find_workspace(explicit=self.workspace_option)
        return find_or_default(explicit=self.workspace_option)


pass_context = click.make_pass_decorator(Context)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG_DOCS,
)
@click.option(
    "-w",
    "--workspace",
    type=click.Path(path_type=Path, file_okay=False),
    help="Workspace folder (default: the nearest folder with forum.yaml, upwards).",
)
@click.version_option(__version__, prog_name="toolkit")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """Turn forum session notes into proposals for regional strategic planning documents.

    \b
    Rapporteurs:  toolkit notes new | notes import FILE | notes check
    Analysts:     toolkit extract | review | eval --gold GOLD   (outputs/register.jsonl)
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
    from .notes import check_notes, find_note_files

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
    from .notes import find_note_files, iter_notes

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
    from .notes import check_notes, find_note_files
    from .notes.new import NewNote, write_note
    from .profile import ID_RE

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
    from .notes import check_notes, find_note_files
    from .notes.importer import import_file, imported_sources

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


# ---------------------------------------------------------------- review


@cli.command("review")
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
    from .review import review_workspace

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


# ---------------------------------------------------------------- extraction

model_option = click.option(
    "--model",
    multiple=True,
    help="Use an installed trained spaCy pipeline as the base, e.g. ru_core_news_sm.",
)


def draft_options(command: Callable) -> Callable:
    """--include-pending, --lang, --pdf, --all-regions, --jobs: what `draft` and `build` share."""
    for option in reversed(
        (
            click.option(
                "--include-pending",
                is_flag=True,
                help="Draft every proposal not rejected or merged away "
                "(the documents say 'draft').",
            ),
            click.option(
                "--lang",
                type=click.Choice(["ru", "en", "all"]),
                default="all",
                show_default=True,
                help="Language of the documents (all: the forum's languages).",
            ),
            click.option(
                "--pdf", is_flag=True, help="Also write PDFs through LibreOffice (needs it)."
            ),
            click.option(
                "--all-regions",
                is_flag=True,
                help="A brief for every region named or represented, even with no proposal "
                "of its own.",
            ),
            click.option(
                "--jobs",
                type=click.IntRange(min=1),
                help="Worker processes rendering documents, and in `build` extracting "
                "sessions (default: the cores; extraction of under 50 sessions uses one).",
            ),
        )
    ):
        command = option(command)
    return command


def drafting(options: dict[str, Any]) -> dict[str, Any]:
    """The shared drafting options as the library takes them (``--lang all``: the forum's)."""
    lang = options.pop("lang")
    return {**options, "langs": None if lang == "all" else [lang]}


def _notes_paths(ctx: Context, notes_dirs: tuple[Path, ...]) -> tuple[Workspace, list[Path]]:
    """The workspace (or default profile) and the note files to read."""
    from .notes import find_note_files

    ws = ctx.workspace(required=False)
    return ws, find_note_files(notes_dirs or (ws.notes_dir,))


def _run_extract(
    ws: Workspace,
    paths: list[Path],
    model: tuple[str, ...],
    quiet: bool = False,
    jobs: int | None = None,
):
    """Extraction with progress on stderr; warnings and errors printed as they are."""
    from .extract import Pipelines, extract, extraction_jobs, forum_year, model_languages
    from .progress import Progress

    models = model_languages(model)
    pipelines = Pipelines(ws.profile, models, forum_year(ws.profile))
    jobs = extraction_jobs(jobs, len(paths))
    with Progress(len(paths), "Extracting", quiet) as progress:
        result = extract(paths, ws.profile, pipelines=pipelines, on_note=progress, jobs=jobs)
    for issue in result.issues:
        click.echo(str(issue), err=True)
    return result


@cli.command("extract")
@click.argument("notes_dirs", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o",
    "--output",
    help=f"Register file: .jsonl or .csv (default: {OUTPUTS_DIR}/{REGISTER_NAME}, where "
    "`toolkit review` and `toolkit draft` read it); '-' for standard output.",
)
@model_option
@click.option("--quiet", is_flag=True, help="No progress bar and no summary table.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes extracting sessions (default: the cores from 50 notes on, else 1).",
)
@pass_context
def extract_command(
    ctx: Context,
    notes_dirs: tuple[Path, ...],
    output: str | None,
    model: tuple[str, ...],
    quiet: bool,
    jobs: int | None,
) -> None:
    """Find the proposals in the notes and write the register (docs/register.md).

    Writes outputs/register.jsonl unless -o says otherwise. Works on a bare folder of notes
    with the default profile. A note that cannot be read is reported as file:line: message,
    the others are still extracted, and the exit status is 1.

    Example: toolkit extract session_notes -o outputs/register.csv
    """
    from .register import write_register

    ws, paths = _notes_paths(ctx, notes_dirs)
    output = output or str(ws.register_path)
    target = None if output == "-" else register_target(output)  # before minutes of work
    result = _run_extract(ws, paths, model, quiet, jobs)
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
    from .textio import check_writable

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


@cli.command("eval")
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
) -> None:
    """Measure extraction against gold annotations: precision, recall, F1, speaker accuracy,
    and, when the gold lines carry them (docs/classification.md), values, route, regions and
    grouping.

    Example: toolkit eval --gold tests/data/dev/gold.jsonl tests/data/dev/notes --min-f1 0.9
    """
    import json

    from .evaluate import evaluate, read_gold

    gold = read_gold(gold_path)
    ws, paths = _notes_paths(ctx, notes_dirs)
    result = _run_extract(ws, paths, model, quiet=True)
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


@cli.command("train")
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
    from . import train as training
    from .nlp import shipped_classifier, shipped_models

    if from_review:
        from .notes import check_notes, find_note_files
        from .review import labels as review_labels
        from .review import review_path

        ws = ctx.workspace()
        target = output or ws.root / "models" / "proposals"
        notes, issues = check_notes(find_note_files([ws.notes_dir]), ws.profile)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise NotesError("\n".join(str(i) for i in errors) + "\nfix the notes, then train")
        decisions = [
            (row.session, row.text, row.is_proposal) for row in review_labels(review_path(ws))
        ]
        current = ws.profile.proposal_model_dir

        def start(lang: str) -> Path | None:
            mine = current / lang if current else None
            return mine if mine and (mine / "model").is_file() else shipped_classifier(lang)

        report = training.train_from_review(
            notes,
            decisions,
            ws.profile,
            target,
            start=start,
            seed=seed,
            epochs=epochs or training.REVIEW_EPOCHS,
        )
        if not report.units:
            raise ExtractError(
                f"{review_path(ws)}: no decided rows match the notes; "
                "decide some rows (accepted, rejected, merged, not a proposal) first"
            )
        _print_training(report)
        click.echo(f"model written to {target}")
        if current != target.resolve():
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


# ---------------------------------------------------------------- drafting


@cli.command("draft")
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
    from .draft import draft_workspace

    report = draft_workspace(ctx.workspace(), register, **drafting(options))
    for line in report.messages:
        click.echo(line, err=True)
    click.echo(report.summary())


@cli.group("templates")
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
    from .draft import check_template, template_files

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
    from .draft import new_template

    path = new_template(ctx.workspace(), kind, lang)
    click.echo(f"Created {path}; edit it in Word, then run `toolkit templates check`")


# ---------------------------------------------------------------- the whole chain


@cli.command("build")
@draft_options
@model_option
@pass_context
def build_command(ctx: Context, model: tuple[str, ...], **options: Any) -> None:
    """Run the whole chain: check notes, extract, update review.xlsx, draft the documents.

    Notes with errors stop the build before anything is written. The analysts' decisions
    in outputs/review.xlsx are kept and decide which proposals the documents show.

    Example: toolkit build --include-pending --lang ru --pdf
    """
    from .build import build
    from .extract import model_languages
    from .notes import find_note_files
    from .progress import Progress

    ws = ctx.workspace()
    models = model_languages(model)
    with Progress(len(find_note_files([ws.notes_dir])), "Extracting") as progress:
        report = build(
            ws,
            models=models,
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
