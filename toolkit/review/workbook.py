"""The review workbook as a file: opening it safely, reading its rows, writing and styling it.

Everything here is about cells and sheets, not about what the analysts' input means
(``decisions.py``) or how rows follow their proposals (``carry.py``). A workbook that is
open elsewhere or damaged is reported in one line and never touched.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import sys
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReviewError
from ..textio import atomic_write, clean_control
from .columns import (
    ANALYST_COLUMNS,
    ANALYST_FILL,
    ANALYST_HEADER_FILL,
    BACKUPS_DIR,
    COLUMNS,
    DECISIONS,
    FLAG_FILL,
    HEADER_FILL,
    HELP,
    ORPHAN_COLUMNS,
    ORPHANED_SHEET,
    PROCEDURAL,
    REGISTER_COLUMNS,
    SUGGESTION_COLOUR,
    SUGGESTION_COLUMNS,
    SUGGESTIONS,
    TRANSLATION_SHEET,
    WIDTHS,
    WRAPPED,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..profile import Profile

_NOT_INPUT = {*REGISTER_COLUMNS, *ORPHAN_COLUMNS, *SUGGESTION_COLUMNS}
#: Parts of an .xlsx that differ on every save whatever the cells hold (creation and save times).
_VOLATILE_PARTS = {"docProps/core.xml"}


def _lock_files(path: Path) -> list[Path]:
    """Owner files LibreOffice and Excel leave next to a workbook they have open."""
    names = {f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}"}
    return [path.with_name(n) for n in sorted(names)]


def check_not_locked(path: Path) -> None:
    for lock in _lock_files(path):
        if lock.exists():
            raise ReviewError(
                f"{path}: the workbook is open in another program (lock file {lock.name}); "
                "save and close it there, then run again (delete the lock file if nothing has "
                "it open); the workbook was left untouched"
            )


def import_openpyxl() -> None:
    """Import openpyxl, without numpy unless it is imported already.

    openpyxl imports numpy only to accept numpy's number types in cells, which the toolkit
    never writes; numpy costs 0.15 s of CPU, on the critical path of a rebuild whose notes
    all come from the extraction cache (spaCy, which imports numpy anyway, is not imported
    then). ``import numpy`` works as before once openpyxl is in.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment] # import numpy: ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """Load an existing workbook; a damaged or unreadable one is a one-line error.

    ``read_only`` streams the cells instead of building every one as an object: for reading
    decisions, several times faster and lighter on a workbook of thousands of rows.
    """
    import_openpyxl()
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
            return load_workbook(path, read_only=read_only)
    except PermissionError:
        raise ReviewError(
            f"{path}: permission denied; close the workbook in Excel or LibreOffice and "
            "check the file's permissions"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise ReviewError(
            f"{path}: damaged workbook ({type(exc).__name__}: {exc}); {advice}"
        ) from None


def cell_text(value: Any) -> str:
    """A cell's value as stripped text, whatever type Excel stored it as."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class Row:
    """One data row of an existing sheet, keyed by header name."""

    number: int
    cells: dict[str, Any]

    def get(self, name: str) -> str:
        return cell_text(self.cells.get(name))

    def untouched(self, name: str) -> bool:
        """Whether the cell still holds what the toolkit suggested for it (or nothing)."""
        text = self.get(name)
        return not text or (name in SUGGESTIONS and text == self.get(SUGGESTIONS[name]))

    @property
    def has_input(self) -> bool:
        """Whether an analyst typed anything worth keeping (a plain 'pending' is not)."""
        for name, value in self.cells.items():
            if name in _NOT_INPUT or self.untouched(name):
                continue
            if not (name == "decision" and cell_text(value).lower() == "pending"):
                return True
        return False


def _header(sheet: Worksheet) -> list[str]:
    """Header names; ours are matched case-insensitively, an analyst's own are kept as typed."""
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    ours = {*COLUMNS, *ORPHAN_COLUMNS}
    return [cell_text(v).lower() if cell_text(v).lower() in ours else cell_text(v) for v in first]


def read_rows(sheet: Worksheet) -> tuple[list[str], list[Row]]:
    """Header names and non-empty data rows; columns are found by name, so order is free."""
    header = _header(sheet)
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        cells = {
            name: value
            for name, value in zip(header, values, strict=False)
            if name and value is not None and cell_text(value) != ""
        }
        if cells:
            rows.append(Row(number, cells))
    return header, rows


def extra_columns(headers: Iterable[list[str]], known: Iterable[str]) -> list[str]:
    """Columns analysts added themselves, kept in the order they first appear."""
    skip = set(known)
    return list(dict.fromkeys(n for h in headers for n in h if n and n not in skip))


def backup(path: Path, now: dt.datetime) -> Path:
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


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file's content, not yet written anywhere."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def same_content(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds the same workbook as ``data``, save times aside."""
    try:
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(io.BytesIO(data)) as new:
            names = set(new.namelist()) - _VOLATILE_PARTS
            if set(old.namelist()) - _VOLATILE_PARTS != names:
                return False
            return all(old.read(name) == new.read(name) for name in names)
    except (OSError, zipfile.BadZipFile):
        return False


def save(data: bytes, path: Path) -> None:
    """Replace the workbook at ``path`` with ``data`` atomically."""
    try:
        with atomic_write(path, "wb") as handle:
            handle.write(data)
    except PermissionError:
        raise ReviewError(
            f"{path}: permission denied while saving; close the workbook in Excel or LibreOffice "
            "and run again; the workbook was left untouched"
        ) from None
    except OSError as exc:
        raise ReviewError(
            f"{path}: cannot write the workbook ({exc.strerror}); check the disk"
        ) from None


#: The longest text a cell holds (openpyxl cuts longer ones as it writes them).
CELL_TEXT = 32767


def kept_value(value: Any) -> Any:
    """A value as the workbook file keeps it: text without control characters, cut to
    what a cell holds; what :func:`set_cell` stores and reading the file back gives."""
    return clean_control(value)[:CELL_TEXT] if isinstance(value, str) else value


def set_cell(cell: Any, value: Any) -> None:
    """Store a value; text is cleaned and never becomes a formula."""
    value = kept_value(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def fill_sheet(sheet: Worksheet, columns: list[str], rows: list[dict[str, Any]]) -> None:
    sheet.append(list(columns))
    for r, cells in enumerate(rows, 2):
        for c, name in enumerate(columns, 1):
            value = cells.get(name)
            if value is not None and value != "":
                set_cell(sheet.cell(row=r, column=c), value)


class CellStyles:
    """Sets one style attribute of many cells, each distinct result worked out once.

    openpyxl looks a style up by hashing it on every assignment, which made styling a sheet
    of thousands of rows take longer than filling it; a cell that already has the same style
    gets a copy of the result instead. The values set must stay alive as long as this object.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[tuple[int, ...], str, int], Any] = {}

    def set(self, cell: Any, attribute: str, value: Any) -> None:
        key = (tuple(cell._style or ()), attribute, id(value))
        made = self._made.get(key)
        if made is None:
            setattr(cell, attribute, value)
            self._made[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(made)


def style_plain(sheet: Worksheet, columns: list[str], count: int) -> None:
    """Bold header, frozen, filtered, with widths and wrapping: what every sheet gets."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    styles = CellStyles()
    for c, name in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=c)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)
        if name in WRAPPED:
            for r in range(2, count + 2):
                styles.set(sheet.cell(row=r, column=c), "alignment", wrap)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def style_proposals(
    sheet: Worksheet,
    columns: list[str],
    flagged: list[bool],
    suggested: list[set[str]],
    route_choices: str,
) -> None:
    """Analyst columns in yellow with drop-downs; changed texts highlighted; suggestions grey.

    ``flagged`` and ``suggested`` go row by row: whether the text changed in the notes, and
    which cells hold an untouched suggestion. ``route_choices`` is the cell range listing
    the routes (on the help sheet: an inline list is limited to 255 characters).
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    count = len(flagged)
    style_plain(sheet, columns, count)
    header_fill = PatternFill("solid", fgColor=ANALYST_HEADER_FILL)
    fill = PatternFill("solid", fgColor=ANALYST_FILL)
    styles = CellStyles()
    for name in ANALYST_COLUMNS:
        c = columns.index(name) + 1
        sheet.cell(row=1, column=c).fill = header_fill
        for r in range(2, count + 2):
            styles.set(sheet.cell(row=r, column=c), "fill", fill)
    text_column = columns.index("text") + 1
    flag_fill = PatternFill("solid", fgColor=FLAG_FILL)
    suggestion = Font(italic=True, color=SUGGESTION_COLOUR)
    for r, (is_flagged, names) in enumerate(zip(flagged, suggested, strict=True), 2):
        if is_flagged:
            styles.set(sheet.cell(row=r, column=text_column), "fill", flag_fill)
        for name in names:
            styles.set(sheet.cell(row=r, column=columns.index(name) + 1), "font", suggestion)
    for name in SUGGESTION_COLUMNS:
        sheet.column_dimensions[get_column_letter(columns.index(name) + 1)].hidden = True
    last = max(count + 1, 2)
    _drop_down(
        sheet,
        columns,
        "decision",
        '"' + ",".join(DECISIONS) + '"',
        ", ".join(DECISIONS),
        " / ".join(DECISIONS) + " (merged: fill merge_into)",
        last,
    )
    _drop_down(
        sheet,
        columns,
        "route",
        route_choices,
        f"a planning document type from the help sheet, or {PROCEDURAL}",
        f"planning document type, or {PROCEDURAL}; clear to bring back the one found",
        last,
    )


def _drop_down(
    sheet: Worksheet,
    columns: list[str],
    name: str,
    choices: str,
    error: str,
    prompt: str,
    last: int,
) -> None:
    """A list to pick from in column ``name``, rows 2 to ``last``."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(columns.index(name) + 1)
    validation = DataValidation(
        type="list",
        formula1=choices,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=name,
        error=error,
        promptTitle=name,
        prompt=prompt,
        showInputMessage=True,
    )
    validation.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(validation)


_SHEET_HELP = (
    (
        ORPHANED_SHEET,
        "Лист orphaned: решения по предложениям, исчезнувшим из заметок. Ничего не удаляется; "
        "перенесите нужное в proposals вручную.",
        "Sheet orphaned: decisions whose proposal disappeared from the notes. Nothing is "
        "deleted; copy what you need back into proposals.",
    ),
    (
        TRANSLATION_SHEET,
        "Лист needs translation: принятые предложения без формулировки на одном из языков "
        "документов (столбец missing). Заполните wording_ru / wording_en на листе proposals; "
        "лист обновляется при каждом `toolkit review`.",
        "Sheet needs translation: accepted proposals with no wording in one of the documents' "
        "languages (column missing). Fill wording_ru / wording_en in the proposals sheet; the "
        "sheet is rewritten on every `toolkit review`.",
    ),
)


def write_help(sheet: Worksheet, profile: Profile) -> str:
    """Every column explained in Russian and English, then the ids the overrides accept.

    Returns the range of the route choices (document type ids and ``procedural``), for the
    route drop-down.
    """
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
        ru, en = HELP[name]
        who = "analyst" if name in ANALYST_COLUMNS else "toolkit"
        sheet.append([name, who, ru, en])
    for name, ru, en in _SHEET_HELP:
        sheet.append([name, "toolkit", ru, en])
    for kind, title, column in (
        ("values", "Value principles / Ценностные принципы", "values, values_override"),
        (
            "documents",
            "Planning document types / Типы документов",
            "targets, targets_override, route",
        ),
    ):
        sheet.append([])
        sheet.append([title, column])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        first = sheet.max_row + 1
        for item_id in getattr(profile, kind):
            sheet.append(
                [
                    item_id,
                    "",
                    profile.label(kind, item_id, "ru"),
                    profile.label(kind, item_id, "en"),
                ]
            )
    sheet.append(
        [
            PROCEDURAL,
            "route",
            "Процедурный пункт: ни в какой документ.",
            "A procedural item: no planning document.",
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
    return f"'{sheet.title}'!$A${first}:$A${sheet.max_row}"
