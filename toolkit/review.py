"""The review workbook: where analysts decide what the documents say, and keep it.

``toolkit review`` writes ``outputs/review.xlsx`` from the register. Analysts fill the
yellow columns (decision, merge_into, wordings, overrides, comment) in Excel or
LibreOffice; re-running after the notes change rewrites the register columns and carries
every analyst cell over: by id, by text similarity when a rapporteur edited the sentence
(the id changes with the text), and into the ``orphaned`` sheet when the proposal is gone.
Nothing an analyst typed is ever dropped, and the previous file is backed up first.

:func:`read_decisions` turns the sheet back into :class:`Decision` objects, reporting
every bad cell as ``review.xlsx:proposals!N12: message``; :func:`draft_items` decides what
the Word documents contain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ReviewError
from .register import Decision, DraftItem, Proposal, read_register
from .textio import atomic_write, clean_control

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .profile import Profile
    from .workspace import Workspace

REVIEW_NAME = "review.xlsx"
REGISTER_NAME = "register.jsonl"
BACKUPS_DIR = "backups"
PROPOSALS_SHEET = "proposals"
HELP_SHEET = "help"
ORPHANED_SHEET = "orphaned"

#: Columns rewritten from the register on every update.
REGISTER_COLUMNS = (
    "id",
    "session",
    "track",
    "format",
    "speaker",
    "organisation",
    "text",
    "values",
    "targets",
    "regions",
    "cluster",
    "support",
    "score",
)
#: Columns the analysts fill; carried over on every update.
ANALYST_COLUMNS = (
    "decision",
    "merge_into",
    "wording_ru",
    "wording_en",
    "values_override",
    "targets_override",
    "comment",
)
COLUMNS = REGISTER_COLUMNS + ANALYST_COLUMNS
#: Extra columns of the orphaned sheet, in front of the proposal's own.
ORPHAN_COLUMNS = ("orphaned_on", "reason")
DECISIONS = ("pending", "accepted", "rejected", "merged")
#: A row whose text is at least this similar (difflib ratio, same session) is the same proposal.
SIMILARITY = 0.8
FLAG_PREFIX = "text changed in notes: was"
#: Only the proposals sharing most words with an old row are compared character by character.
_CANDIDATES = 5

_WIDTHS = {
    "id": 15, "session": 22, "track": 14, "format": 12, "speaker": 20, "organisation": 24,
    "text": 60, "values": 20, "targets": 20, "regions": 16, "cluster": 15, "support": 8,
    "score": 7, "decision": 11, "merge_into": 15, "wording_ru": 45, "wording_en": 45,
    "values_override": 20, "targets_override": 20, "comment": 32, "orphaned_on": 12, "reason": 30,
}  # fmt: skip
_WRAPPED = {"organisation", "text", "wording_ru", "wording_en", "comment", "reason"}
_HEADER_FILL = "D9D9D9"
_ANALYST_HEADER_FILL = "FFD966"
_ANALYST_FILL = "FFF2CC"
_FLAG_FILL = "F8CBAD"

_HELP: dict[str, tuple[str, str]] = {
    "id": (
        "Идентификатор предложения (P- и 10 шестнадцатеричных цифр). По нему решения "
        "сохраняются при обновлении. Не изменяйте.",
        "Proposal id (P- and 10 hex digits). Decisions are kept across updates by it. Do not edit.",
    ),
    "session": (
        "Идентификатор сессии, где прозвучало предложение.",
        "Id of the session where the proposal was made.",
    ),
    "track": ("Трек форума.", "Forum track."),
    "format": (
        "Формат сессии: пленарное заседание, панельная дискуссия и т. п.",
        "Session format: plenary, panel, roundtable, …",
    ),
    "speaker": (
        "Кто внёс предложение; пусто, если определить не удалось.",
        "Who made the proposal; empty when nobody can be told.",
    ),
    "organisation": ("Организация выступающего.", "The speaker's organisation."),
    "text": (
        "Текст предложения так, как он записан в заметках.",
        "The proposal as written in the session notes.",
    ),
    "values": (
        "Ценностные принципы, найденные автоматически (идентификаторы через «; », список ниже).",
        "Value principles found automatically (ids separated by '; ', listed below).",
    ),
    "targets": (
        "Типы документов стратегического планирования, найденные автоматически "
        "(идентификаторы, список ниже).",
        "Strategic planning document types found automatically (ids, listed below).",
    ),
    "regions": ("Регионы, названные в тексте.", "Regions named in the text."),
    "cluster": (
        "Группа похожих предложений из разных сессий; её строки стоят рядом.",
        "Group of near-duplicate proposals across sessions; its rows are kept together.",
    ),
    "support": (
        "Сколько разных сессий выдвинули это предложение.",
        "How many distinct sessions raised it.",
    ),
    "score": (
        "Уверенность автоматического извлечения, от 0 до 1.",
        "How sure the extractor is, from 0 to 1.",
    ),
    "decision": (
        "Ваше решение: pending — не рассмотрено, accepted — принять, rejected — отклонить, "
        "merged — объединить с другим предложением (заполните merge_into).",
        "Your decision: pending (not reviewed yet), accepted, rejected, or merged (folded "
        "into another proposal: fill merge_into).",
    ),
    "merge_into": (
        "Для merged: id предложения, с которым объединить это; в документе их источники "
        "объединяются.",
        "For merged: the id of the proposal this one joins; the documents combine their sources.",
    ),
    "wording_ru": (
        "Итоговая формулировка для документов на русском; пусто — текст из заметок.",
        "Final wording for Russian documents; empty means the text from the notes.",
    ),
    "wording_en": (
        "Итоговая формулировка для документов на английском; пусто — текст из заметок.",
        "Final wording for English documents; empty means the text from the notes.",
    ),
    "values_override": (
        "Заменяет values: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces values: ids separated by ';' or ','; '-' for none.",
    ),
    "targets_override": (
        "Заменяет targets: идентификаторы через «;» или «,»; «-» — ни одного.",
        "Replaces targets: ids separated by ';' or ','; '-' for none.",
    ),
    "comment": (
        "Ваш комментарий. Сюда же toolkit дописывает пометку, если текст предложения в "
        "заметках изменился: проверьте решение и удалите пометку.",
        "Your comment. toolkit also writes a note here when the proposal's text changed in "
        "the notes: check the decision, then delete the note.",
    ),
}


@dataclass
class ReviewReport:
    """What an update did, so the command can tell the analysts what to look at."""

    path: Path
    rows: int = 0
    new: int = 0
    kept: int = 0
    rematched: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id), flagged
    orphaned: int = 0
    restored: int = 0
    backup: Path | None = None
    problems: list[str] = field(default_factory=list)  # bad analyst input, for drafting
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{self.path}: {self.rows} proposals, {self.new} new, {self.kept} decisions kept",
        ]
        if self.rematched:
            lines.append(
                f"{len(self.rematched)} proposals changed in the notes were matched to their old "
                "rows and flagged in 'comment': check them"
            )
        if self.restored:
            lines.append(f"{self.restored} decisions restored from the 'orphaned' sheet")
        if self.orphaned:
            lines.append(
                f"{self.orphaned} decisions whose proposal disappeared moved to the "
                "'orphaned' sheet"
            )
        if self.backup:
            lines.append(f"previous workbook backed up to {self.backup}")
        return "\n".join(lines)


# ------------------------------------------------------------------ the workbook file


def _lock_files(path: Path) -> list[Path]:
    """Owner files LibreOffice and Excel leave next to a workbook they have open."""
    names = {f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}"}
    return [path.with_name(n) for n in sorted(names)]


def _check_not_locked(path: Path) -> None:
    for lock in _lock_files(path):
        if lock.exists():
            raise ReviewError(
                f"{path}: the workbook is open in another program (lock file {lock.name}); "
                "save and close it there, then run again (delete the lock file if nothing has "
                "it open); the workbook was left untouched"
            )


def _open_workbook(path: Path) -> Workbook:
    """Load an existing workbook; a damaged or unreadable one is a one-line error."""
    from openpyxl import load_workbook

    advice = (
        f"restore the latest copy from {path.parent / BACKUPS_DIR} or move the file away "
        "to start afresh; it was left untouched"
    )
    try:
        is_zip = zipfile.is_zipfile(path)
    except PermissionError:
        raise ReviewError(
            f"{path}: permission denied; close the workbook in Excel or LibreOffice and "
            "check the file's permissions"
        ) from None
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read the workbook ({exc.strerror}); {advice}") from None
    if not is_zip:
        raise ReviewError(f"{path}: damaged, not an Excel .xlsx workbook; {advice}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops
            return load_workbook(path)
    except PermissionError:
        raise ReviewError(
            f"{path}: permission denied; close the workbook in Excel or LibreOffice and "
            "check the file's permissions"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise ReviewError(
            f"{path}: damaged workbook ({type(exc).__name__}: {exc}); {advice}"
        ) from None


def _text(value: Any) -> str:
    """A cell's value as stripped text, whatever type Excel stored it as."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class _Row:
    """One data row of an existing sheet, keyed by header name."""

    number: int
    cells: dict[str, Any]

    def get(self, name: str) -> str:
        return _text(self.cells.get(name))

    @property
    def has_input(self) -> bool:
        """Whether an analyst typed anything worth keeping (a plain 'pending' is not)."""
        for name, value in self.cells.items():
            if name in REGISTER_COLUMNS or name in ORPHAN_COLUMNS:
                continue
            text = _text(value)
            if text and not (name == "decision" and text.lower() == "pending"):
                return True
        return False


def _header(sheet: Worksheet) -> list[str]:
    """Header names; ours are matched case-insensitively, an analyst's own are kept as typed."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    ours = {*COLUMNS, *ORPHAN_COLUMNS}
    return [_text(v).lower() if _text(v).lower() in ours else _text(v) for v in first]


def _rows(sheet: Worksheet) -> tuple[list[str], list[_Row]]:
    """Header names and non-empty data rows; columns are found by name, so order is free."""
    header = _header(sheet)
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        cells = {
            name: value
            for name, value in zip(header, values, strict=False)
            if name and value is not None and _text(value) != ""
        }
        if cells:
            rows.append(_Row(number, cells))
    return header, rows


def _extra_columns(headers: Iterable[list[str]], known: Iterable[str]) -> list[str]:
    """Columns analysts added themselves, kept in the order they first appear."""
    skip = set(known)
    return list(dict.fromkeys(n for h in headers for n in h if n and n not in skip))


# ------------------------------------------------------------------ updating


def _ordered(proposals: list[Proposal]) -> list[Proposal]:
    """Register order, with each cluster's rows together at its first member's place."""
    first: dict[str, int] = {}
    for index, proposal in enumerate(proposals):
        first.setdefault(proposal.cluster or proposal.id, index)
    keyed = sorted(enumerate(proposals), key=lambda ip: (first[ip[1].cluster or ip[1].id], ip[0]))
    return [p for _, p in keyed]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _rematch(old: list[_Row], new: list[Proposal]) -> list[tuple[_Row, Proposal]]:
    """Pair old rows with edited proposals of the same session, most similar first.

    The same text under a new id (the id scheme changed) pairs at once; otherwise the
    difflib ratio decides, computed only for pairs sharing enough words to be worth it.
    """
    by_session: dict[str, list[int]] = {}
    texts = [_normal(p.text) for p in new]
    exact: dict[tuple[str, str], list[int]] = {}
    for j, proposal in enumerate(new):
        by_session.setdefault(proposal.session, []).append(j)
        exact.setdefault((proposal.session, texts[j]), []).append(j)
    words = [set(t.split()) for t in texts]
    used_new: set[int] = set()
    found: list[tuple[_Row, Proposal]] = []
    rest: list[int] = []
    for i, row in enumerate(old):
        same = [
            j
            for j in exact.get((row.get("session"), _normal(row.get("text"))), [])
            if j not in used_new
        ]
        if same:
            used_new.add(same[0])
            found.append((row, new[same[0]]))
        else:
            rest.append(i)
    pairs: list[tuple[float, int, int]] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i in rest:
        old_text = _normal(old[i].get("text"))
        old_words = set(old_text.split())
        matcher.set_seq2(old_text)
        overlap = sorted(
            (-2 * len(old_words & words[j]) / (len(old_words) + len(words[j]) or 1), j)
            for j in by_session.get(old[i].get("session"), [])
            if j not in used_new
        )
        for dice, j in overlap[:_CANDIDATES]:
            if -dice < 0.5:
                break
            matcher.set_seq1(texts[j])
            if (
                matcher.real_quick_ratio() >= SIMILARITY
                and matcher.quick_ratio() >= SIMILARITY
                and (ratio := matcher.ratio()) >= SIMILARITY
            ):
                pairs.append((ratio, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    for _, i, j in pairs:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            found.append((old[i], new[j]))
    return found


def _register_cells(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "session": proposal.session,
        "track": proposal.track or "",
        "format": proposal.format,
        "speaker": proposal.speaker or "",
        "organisation": proposal.organisation,
        "text": proposal.text,
        "values": "; ".join(proposal.values),
        "targets": "; ".join(proposal.targets),
        "regions": "; ".join(proposal.regions),
        "cluster": proposal.cluster,
        "support": proposal.support,
        "score": round(proposal.score, 3),
    }


def _backup(path: Path, now: dt.datetime) -> Path:
    """Copy the workbook to ``backups/`` under a timestamped name, unless the last copy matches."""
    folder = path.parent / BACKUPS_DIR
    data = path.read_bytes()
    previous = sorted(folder.glob(f"{path.stem}-*{path.suffix}")) if folder.is_dir() else []
    if previous and previous[-1].read_bytes() == data:
        return previous[-1]
    stamp = now.strftime("%Y-%m-%dT%H-%M-%S")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}-{stamp}-{counter}{path.suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    return target


def update_workbook(
    path: Path, proposals: list[Proposal], profile: Profile, today: dt.date | None = None
) -> ReviewReport:
    """Write or update the review workbook at ``path``, keeping every analyst's decision.

    The file is checked (lock files, damage) before anything is written; the previous
    version is copied to ``backups/`` and the new one replaces it atomically.
    """
    from openpyxl import Workbook

    report = ReviewReport(path=path)
    old_rows: list[_Row] = []
    orphans: list[_Row] = []
    headers: list[list[str]] = []
    if path.exists():
        _check_not_locked(path)
        workbook = _open_workbook(path)
        if PROPOSALS_SHEET not in workbook.sheetnames:
            raise ReviewError(
                f"{path}: there is no '{PROPOSALS_SHEET}' sheet; rename it back, or move the file "
                "away to start afresh; the workbook was left untouched"
            )
        header, old_rows = _rows(workbook[PROPOSALS_SHEET])
        if "id" not in header:
            raise ReviewError(
                f"{path}: the '{PROPOSALS_SHEET}' sheet has no 'id' column in row 1; restore "
                "the header row; the workbook was left untouched"
            )
        lost = [c for c in ANALYST_COLUMNS if c not in header]
        if lost and old_rows:  # rewriting now would drop what analysts typed under them
            raise ReviewError(
                f"{path.name}:{PROPOSALS_SHEET}!1: column {', '.join(repr(c) for c in lost)} is "
                "missing from the header row; restore it (see the help sheet); the workbook "
                "was left untouched"
            )
        headers.append(header)
        if ORPHANED_SHEET in workbook.sheetnames:
            orphan_header, orphans = _rows(workbook[ORPHANED_SHEET])
            headers.append(orphan_header)
        for name in (PROPOSALS_SHEET, HELP_SHEET, ORPHANED_SHEET):
            if name in workbook.sheetnames:
                del workbook[name]
    else:
        workbook = Workbook()
        workbook.remove(workbook.active)
    extras = _extra_columns(headers, (*COLUMNS, *ORPHAN_COLUMNS))
    date_text = f"{today or dt.date.today():%Y-%m-%d}"

    # Match old rows to proposals: by id, then by similar text; the rest are orphaned.
    by_id: dict[str, _Row] = {}
    leftover: list[_Row] = []
    for row in old_rows:
        row_id = row.get("id")
        if row_id and row_id in by_id and row.has_input and not by_id[row_id].has_input:
            row, by_id[row_id] = by_id[row_id], row  # keep the copy an analyst filled in
        if row_id and row_id not in by_id:
            by_id[row_id] = row
        elif row.has_input:
            leftover.append(row)  # a duplicate or id-less row an analyst typed in
    carried: dict[str, dict[str, Any]] = {}
    ids = {p.id for p in proposals}
    unmatched_new = []
    for proposal in proposals:
        row = by_id.pop(proposal.id, None)
        if row is None:
            unmatched_new.append(proposal)
        elif row.has_input:
            carried[proposal.id] = row.cells
            report.kept += 1
    unmatched_old = [r for r in by_id.values() if r.has_input]
    renamed: dict[str, str] = {}
    for row, proposal in _rematch(unmatched_old, unmatched_new):
        cells = dict(row.cells)
        old_id, old_text = row.get("id"), row.get("text")
        carried[proposal.id] = cells
        renamed[old_id] = proposal.id
        if _normal(old_text) == _normal(proposal.text):  # only the id changed
            report.kept += 1
            continue
        flag = f"{FLAG_PREFIX} «{old_text}» ({old_id})"
        cells["comment"] = f"{flag} | {_text(cells['comment'])}" if cells.get("comment") else flag
        report.rematched.append((old_id, proposal.id))
    matched_old = set(renamed)
    for row in unmatched_old:
        if row.get("id") not in matched_old:
            leftover.append(row)
    # Proposals that came back get their orphaned decision again.
    kept_orphans: list[_Row] = []
    for row in orphans:
        row_id = row.get("id")
        if row_id in ids and row_id not in carried and row.has_input:
            carried[row_id] = {k: v for k, v in row.cells.items() if k not in ORPHAN_COLUMNS}
            report.restored += 1
        else:
            kept_orphans.append(row)
    for row in leftover:
        reason = (
            "proposal no longer in the register"
            if row.get("id")
            else "row without an id in the proposals sheet"
        )
        if row.get("id") and row.get("id") in carried:
            reason = "second row for the same id in the proposals sheet"
        cells = {"orphaned_on": date_text, "reason": reason, **row.cells}
        kept_orphans.append(_Row(0, cells))
        report.orphaned += 1
    for cells in carried.values():  # a merge into an edited proposal follows its new id
        target = _text(cells.get("merge_into"))
        if target in renamed:
            cells["merge_into"] = renamed[target]

    ordered = _ordered(proposals)
    columns = [*COLUMNS, *extras]
    sheet = workbook.create_sheet(PROPOSALS_SHEET, 0)
    flagged = {new for _, new in report.rematched}
    data = []
    for proposal in ordered:
        cells = {"decision": "pending", **carried.get(proposal.id, {}), **_register_cells(proposal)}
        data.append(cells)
    _fill_sheet(sheet, columns, data)
    _style_proposals(sheet, columns, len(data), [p.id in flagged for p in ordered])
    _write_help(workbook.create_sheet(HELP_SHEET, 1), profile)
    orphan_columns = [*ORPHAN_COLUMNS, *COLUMNS, *extras]
    orphan_sheet = workbook.create_sheet(ORPHANED_SHEET, 2)
    _fill_sheet(orphan_sheet, orphan_columns, [r.cells for r in kept_orphans])
    _style_plain(orphan_sheet, orphan_columns, len(kept_orphans))
    workbook.active = 0
    for index, ws in enumerate(workbook.worksheets):
        ws.sheet_view.tabSelected = index == 0

    report.rows = len(ordered)
    report.new = sum(1 for p in unmatched_new if p.id not in carried)
    if path.exists():
        try:
            report.backup = _backup(
                path, today if isinstance(today, dt.datetime) else dt.datetime.now()
            )
        except OSError as exc:
            raise ReviewError(
                f"{path}: cannot back up the workbook ({exc}); check that "
                f"{path.parent / BACKUPS_DIR} is writable; the workbook was left untouched"
            ) from None
    _save(workbook, path)
    return report


def _save(workbook: Workbook, path: Path) -> None:
    try:
        with atomic_write(path, "wb") as handle:
            workbook.save(handle)
    except PermissionError:
        raise ReviewError(
            f"{path}: permission denied while saving; close the workbook in Excel or LibreOffice "
            "and run again; the workbook was left untouched"
        ) from None
    except OSError as exc:
        raise ReviewError(
            f"{path}: cannot write the workbook ({exc.strerror}); check the disk"
        ) from None


def _set(cell: Any, value: Any) -> None:
    """Store a value; text is cleaned and never becomes a formula."""
    if isinstance(value, str):
        value = clean_control(value)
        cell.value = value
        if value.startswith("="):
            cell.data_type = "s"
    else:
        cell.value = value


def _fill_sheet(sheet: Worksheet, columns: list[str], rows: list[dict[str, Any]]) -> None:
    sheet.append(list(columns))
    for r, cells in enumerate(rows, 2):
        for c, name in enumerate(columns, 1):
            value = cells.get(name)
            if value is not None and value != "":
                _set(sheet.cell(row=r, column=c), value)


def _style_plain(sheet: Worksheet, columns: list[str], count: int) -> None:
    """Bold header, frozen, filtered, with widths and wrapping: what every sheet gets."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for c, name in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=c)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 16)
        if name in _WRAPPED:
            wrap = Alignment(wrap_text=True, vertical="top")
            for r in range(2, count + 2):
                sheet.cell(row=r, column=c).alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _style_proposals(sheet: Worksheet, columns: list[str], count: int, flagged: list[bool]) -> None:
    """Analyst columns in yellow with a drop-down for the decision; changed texts highlighted."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _style_plain(sheet, columns, count)
    header_fill = PatternFill("solid", fgColor=_ANALYST_HEADER_FILL)
    fill = PatternFill("solid", fgColor=_ANALYST_FILL)
    for name in ANALYST_COLUMNS:
        c = columns.index(name) + 1
        sheet.cell(row=1, column=c).fill = header_fill
        for r in range(2, count + 2):
            sheet.cell(row=r, column=c).fill = fill
    text_column = columns.index("text") + 1
    flag_fill = PatternFill("solid", fgColor=_FLAG_FILL)
    for r, is_flagged in enumerate(flagged, 2):
        if is_flagged:
            sheet.cell(row=r, column=text_column).fill = flag_fill
    letter = get_column_letter(columns.index("decision") + 1)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(DECISIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="decision",
        error="pending, accepted, rejected or merged",
        promptTitle="decision",
        prompt="pending / accepted / rejected / merged (fill merge_into)",
        showInputMessage=True,
    )
    validation.add(f"{letter}2:{letter}{max(count + 1, 2)}")
    sheet.add_data_validation(validation)


def _write_help(sheet: Worksheet, profile: Profile) -> None:
    """Every column explained in Russian and English, then the ids the overrides accept."""
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.append(["column", "filled by", "Русский", "English"])
    sheet.append(
        [
            "",
            "",
            "Заполняйте жёлтые столбцы листа proposals. Остальные столбцы перезаписываются из "
            "заметок при каждом запуске `toolkit review`; ваши решения сохраняются.",
            "Fill the yellow columns of the proposals sheet. The other columns are rewritten from "
            "the notes on every `toolkit review`; your decisions are kept.",
        ]
    )
    for name in COLUMNS:
        ru, en = _HELP[name]
        who = "analyst" if name in ANALYST_COLUMNS else "toolkit"
        sheet.append([name, who, ru, en])
    sheet.append(
        [
            ORPHANED_SHEET,
            "toolkit",
            "Лист orphaned: решения по предложениям, исчезнувшим из заметок. Ничего не удаляется; "
            "перенесите нужное в proposals вручную.",
            "Sheet orphaned: decisions whose proposal disappeared from the notes. Nothing is "
            "deleted; copy what you need back into proposals.",
        ]
    )
    for kind, title, column in (
        ("values", "Value principles / Ценностные принципы", "values, values_override"),
        ("documents", "Planning document types / Типы документов", "targets, targets_override"),
    ):
        sheet.append([])
        sheet.append([title, column])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for item_id in getattr(profile, kind):
            sheet.append(
                [
                    item_id,
                    "",
                    profile.label(kind, item_id, "ru"),
                    profile.label(kind, item_id, "en"),
                ]
            )
    for cell in sheet[1]:
        cell.font = bold
    for letter, width in (("A", 26), ("B", 22), ("C", 70), ("D", 70)):
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"


# ------------------------------------------------------------------ reading decisions


_SPLIT = re.compile(r"[;,]")


def _lookup(profile: Profile, kind: str) -> dict[str, str]:
    """Ids and labels (any language, case-insensitive) to ids, so 'Creativity' works too."""
    found: dict[str, str] = {}
    for item_id, item in getattr(profile, kind).items():
        for label in item.label.values():
            found.setdefault(label.casefold(), item_id)
    for item_id in getattr(profile, kind):
        found[item_id.casefold()] = item_id
    return found


def read_decisions(
    path: Path, profile: Profile, ids: set[str] | None = None
) -> tuple[dict[str, Decision], list[str]]:
    """Read the analysts' columns back; return decisions by id and warnings.

    Every bad cell is collected and reported at once as ``review.xlsx:proposals!N12:
    message`` in a :class:`ReviewError`. No workbook means no decisions yet. ``ids`` are
    the register's ids: rows for other ids are stale and only warned about.
    """
    from openpyxl.utils import get_column_letter

    if not path.exists():
        return {}, []
    workbook = _open_workbook(path)
    name = path.name
    if PROPOSALS_SHEET not in workbook.sheetnames:
        raise ReviewError(f"{path}: there is no '{PROPOSALS_SHEET}' sheet; rename it back")
    sheet = workbook[PROPOSALS_SHEET]
    header, rows = _rows(sheet)
    orphan_count = (
        len(_rows(workbook[ORPHANED_SHEET])[1]) if ORPHANED_SHEET in workbook.sheetnames else 0
    )
    workbook.close()
    missing = [c for c in ("id", "decision") if c not in header]
    if missing:
        raise ReviewError(
            f"{name}:{PROPOSALS_SHEET}!1: column {', '.join(repr(m) for m in missing)} is missing "
            "from the header row; restore it (see the help sheet)"
        )
    problems: list[tuple[int, int, str]] = []
    notes: list[str] = []

    def where(row: _Row, column: str) -> tuple[int, int, str]:
        index = header.index(column) + 1
        return row.number, index, f"{name}:{PROPOSALS_SHEET}!{get_column_letter(index)}{row.number}"

    def error(row: _Row, column: str, message: str) -> None:
        number, index, cell = where(row, column)
        problems.append((number, index, f"{cell}: {message}"))

    known_ids = ids if ids is not None else {r.get("id") for r in rows if r.get("id")}
    lookups = {"values": _lookup(profile, "values"), "targets": _lookup(profile, "documents")}
    decisions: dict[str, Decision] = {}
    rows_by_id: dict[str, _Row] = {}
    for row in rows:
        row_id = row.get("id")
        if not row_id:
            if row.has_input:
                error(row, "id", "a row with analyst input has no id; fill the id or clear the row")
            continue
        if row_id in rows_by_id:
            error(
                row,
                "id",
                f"id {row_id} is also on row {rows_by_id[row_id].number}; "
                "keep one row per proposal",
            )
            continue
        rows_by_id[row_id] = row
        if ids is not None and row_id not in ids:
            if row.has_input:
                notes.append(
                    f"{where(row, 'id')[2]}: {row_id} is not in the register; run `toolkit "
                    "review` to update the workbook (its decision is then kept in 'orphaned')"
                )
            continue
        formulas = [c for c in ANALYST_COLUMNS if c in header and row.get(c).startswith("=")]
        for column in formulas:
            error(row, column, "formulas are not evaluated here; type the value itself")
        if formulas:
            continue
        decision = Decision()
        raw = row.get("decision").lower() or "pending"
        if raw not in DECISIONS:
            error(
                row,
                "decision",
                f"unknown decision '{row.get('decision')}'; use "
                "pending, accepted, rejected or merged",
            )
        else:
            decision.decision = raw
        target = row.get("merge_into")
        if raw not in DECISIONS:
            pass
        elif "merge_into" in header:
            if raw == "merged" and not target:
                error(
                    row,
                    "merge_into",
                    "decision is 'merged' but merge_into is empty; give the "
                    "id of the proposal this one joins",
                )
            elif target and raw != "merged":
                error(
                    row,
                    "merge_into",
                    f"merge_into is {target} but decision is '{raw}'; set "
                    "decision to merged or clear merge_into",
                )
            elif target and target not in known_ids:
                error(
                    row,
                    "merge_into",
                    f"merge_into {target} is not the id of a proposal in "
                    "the register; copy the id from the id column",
                )
            elif target == row_id:
                error(row, "merge_into", "a proposal cannot be merged into itself")
            elif target:
                decision.merge_into = target
        elif raw == "merged":
            error(
                row,
                "decision",
                "decision is 'merged' but there is no merge_into column; "
                "restore it (see the help sheet)",
            )
        decision.wording_ru = row.get("wording_ru")
        decision.wording_en = row.get("wording_en")
        decision.comment = row.get("comment")
        for column, kind, label in (
            ("values_override", "values", "value principle"),
            ("targets_override", "targets", "planning document type"),
        ):
            text = row.get(column)
            if not text:
                continue
            chosen: list[str] = []
            for part in (p.strip() for p in _SPLIT.split(text)):
                if not part or part == "-":
                    continue
                found = lookups[kind].get(part.casefold())
                if found is None:
                    error(
                        row,
                        column,
                        f"unknown {label} '{part}'; use ids from the help sheet, separated by ';'",
                    )
                else:
                    chosen.append(found)
            setattr(decision, column, list(dict.fromkeys(chosen)))
        if decision != Decision():
            decisions[row_id] = decision

    # Merge chains must end at a proposal that is not merged itself.
    reported: set[str] = set()
    for start, decision in decisions.items():
        chain = [start]
        current = decision.merge_into
        while current is not None and current in decisions and decisions[current].merge_into:
            if current in chain:
                cycle = [*chain[chain.index(current) :], current]
                if not reported & set(cycle):
                    error(
                        rows_by_id[current],
                        "merge_into",
                        f"merge_into forms a cycle: {' → '.join(cycle)}; make one of them accepted",
                    )
                reported.update(cycle)
                break
            chain.append(current)
            current = decisions[current].merge_into
        else:
            if current is not None and start not in reported:
                final = decisions.get(current, Decision()).decision
                if final == "rejected":
                    error(
                        rows_by_id[start],
                        "merge_into",
                        f"merged into {current}, which is "
                        "rejected; merge into an accepted proposal or reject this one too",
                    )
                elif final == "pending":
                    notes.append(
                        f"{where(rows_by_id[start], 'merge_into')[2]}: merged into "
                        f"{current}, which is still pending"
                    )
    if orphan_count:
        notes.append(
            f"{name}:{ORPHANED_SHEET}: {orphan_count} decisions whose proposal disappeared are "
            "not used; copy what still applies into the proposals sheet"
        )
    if problems:
        problems.sort()
        raise ReviewError("\n".join(message for _, _, message in problems))
    return decisions, notes


# ------------------------------------------------------------------ what the documents contain


def _cluster_representatives(
    proposals: list[Proposal], decisions: dict[str, Decision]
) -> dict[str, str]:
    """For undecided proposals: id → the cluster member that stands for them all.

    The rapporteur's marked item is preferred (it is usually the concise wording), then
    the highest-ranked. Decided proposals are the analysts' to fold, never folded here.
    """
    clusters: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.cluster and decisions.get(proposal.id, Decision()).decision == "pending":
            clusters.setdefault(proposal.cluster, []).append(proposal)
    chosen: dict[str, str] = {}
    for members in clusters.values():
        best = max(members, key=lambda p: (p.marked, p.rank))
        chosen.update((p.id, best.id) for p in members)
    return chosen


def _root(proposal_id: str, decisions: dict[str, Decision]) -> str:
    """Follow merge_into to the proposal that absorbs this one."""
    seen = [proposal_id]
    current = proposal_id
    while (decision := decisions.get(current)) and decision.decision == "merged":
        if not decision.merge_into:
            raise ReviewError(f"{current}: decision is 'merged' but merge_into is empty")
        current = decision.merge_into
        if current in seen:
            raise ReviewError(f"merge_into forms a cycle: {' → '.join([*seen, current])}")
        seen.append(current)
    return current


def draft_items(
    proposals: list[Proposal], decisions: dict[str, Decision], include_pending: bool = False
) -> list[DraftItem]:
    """The proposals the documents show, in register order, with merged ones folded in.

    Once any decision other than pending exists only accepted proposals appear; before
    that (or with ``include_pending``) everything not rejected or merged away appears, and
    undecided near-duplicates (one extraction cluster) fold into one item, so the draft
    shows each proposal once with every session that raised it.
    """
    reviewed = any(d.decision != "pending" for d in decisions.values())
    shown = {"accepted"} if reviewed and not include_pending else {"accepted", "pending"}
    by_id = {p.id: p for p in proposals}
    folded: dict[str, list[Proposal]] = {}
    representative = _cluster_representatives(proposals, decisions)
    for proposal in proposals:
        root = _root(proposal.id, decisions)
        if root != proposal.id and root not in by_id:
            raise ReviewError(f"{proposal.id}: merged into {root}, which is not in the register")
        root = representative.get(root, root)
        folded.setdefault(root, []).append(proposal)
    items = []
    for proposal in proposals:
        decision = decisions.get(proposal.id, Decision())
        if (
            decision.decision not in shown
            or representative.get(proposal.id, proposal.id) != proposal.id
        ):
            continue
        sources = [proposal] + [p for p in folded.get(proposal.id, []) if p.id != proposal.id]
        wording = {
            lang: text
            for lang, text in (("ru", decision.wording_ru), ("en", decision.wording_en))
            if text
        }
        items.append(
            DraftItem(
                id=proposal.id,
                text=proposal.text,
                language=proposal.language,
                wording=wording,
                values=list(
                    dict.fromkeys(v for p in sources for v in p.values)
                    if decision.values_override is None
                    else decision.values_override
                ),
                targets=list(
                    dict.fromkeys(t for p in sources for t in p.targets)
                    if decision.targets_override is None
                    else decision.targets_override
                ),
                regions=list(dict.fromkeys(r for p in sources for r in p.regions)),
                sources=sources,
                status=decision.decision,
                rank=proposal.rank,
            )
        )
    return items


# ------------------------------------------------------------------ workspace entry points


def review_path(workspace: Workspace) -> Path:
    return workspace.outputs_dir / REVIEW_NAME


def review_workspace(
    workspace: Workspace, register: Path | None = None, today: dt.date | None = None
) -> ReviewReport:
    """Update the workspace's review workbook from its register: what ``toolkit review`` runs."""
    register = register or workspace.outputs_dir / REGISTER_NAME
    if not register.exists():
        raise ReviewError(
            f"{register}: no register yet; run `toolkit extract -o outputs/{REGISTER_NAME}` first"
        )
    proposals = read_register(register)
    report = update_workbook(review_path(workspace), proposals, workspace.profile, today)
    try:  # tell the analysts now what drafting would refuse
        _, report.warnings = workspace_decisions(workspace, proposals)
    except ReviewError as exc:
        report.problems = exc.message.splitlines()
    return report


def workspace_decisions(
    workspace: Workspace, proposals: list[Proposal]
) -> tuple[dict[str, Decision], list[str]]:
    """The analysts' decisions for ``proposals``, validated: what ``toolkit draft`` reads."""
    return read_decisions(review_path(workspace), workspace.profile, {p.id for p in proposals})
