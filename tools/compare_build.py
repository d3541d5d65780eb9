"""Prove a refactor changes nothing: build the sample workspace twice and compare the outputs.

Each side runs ``toolkit build --include-pending`` in a fresh copy of a workspace
(``forum.yaml``, ``session_notes/``, ``templates/``) and is reduced to what users see: the
register's records, every workbook cell value and drop-down, and the text of every paragraph
of every Word document (body, comments, headers and footers, document properties).
File bytes are not compared: a .docx or .xlsx holds timestamps.

    python tools/compare_build.py --base main              # this checkout against a git ref
    python tools/compare_build.py --save before.json       # keep a snapshot of this checkout
    python tools/compare_build.py --against before.json    # compare this checkout with it
    python tools/compare_build.py --base main --source ../other-checkout

Both sides run with this interpreter (the same installed dependencies), each importing
``toolkit`` from its own source tree. Exit status 0 when identical, 1 when anything differs.
Documents print the build date, so do not run the two sides across midnight.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import click

ROOT = Path(__file__).resolve().parent.parent
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE = ("title", "subject", "creator", "keywords", "description", "language", "category")
#: How many differences to print per output before summing up the rest.
_SHOWN = 5

Snapshot = dict[str, Any]


def copy_workspace(workspace: Path, target: Path) -> None:
    target.mkdir()
    shutil.copy(workspace / "forum.yaml", target / "forum.yaml")
    for folder in ("session_notes", "templates"):
        if (workspace / folder).is_dir():
            shutil.copytree(workspace / folder, target / folder)
    (target / "outputs").mkdir()


def _docx_text(path: Path) -> dict[str, list[str]]:
    """Paragraph texts of every Word part, and the document properties that are not dates."""
    parts: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                tree = ElementTree.fromstring(package.read(name))
                paragraphs = [
                    "".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tree.iter(f"{_W}p")
                ]
                if paragraphs:
                    parts[name] = paragraphs
            elif name == "docProps/core.xml":
                tree = ElementTree.fromstring(package.read(name))
                parts[name] = [
                    f"{el.tag.rsplit('}', 1)[-1]}={el.text or ''}"
                    for el in tree
                    if el.tag.rsplit("}", 1)[-1] in _CORE
                ]
    return parts


def _workbook_cells(path: Path) -> dict[str, Any]:
    """Every sheet's cell values row by row, and its drop-downs."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    found: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        found[sheet.title] = {
            "rows": [
                [None if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ],
            "validations": sorted(
                f"{v.sqref}: {v.formula1}" for v in sheet.data_validations.dataValidation
            ),
            "hidden columns": sorted(
                key for key, dim in sheet.column_dimensions.items() if dim.hidden
            ),
        }
    return found


def snapshot(source: Path, workspace: Path) -> Snapshot:
    """Build ``workspace`` with the toolkit of ``source``; reduce the outputs to their content."""
    with tempfile.TemporaryDirectory(prefix="compare-build-") as tmp:
        copy = Path(tmp) / "workspace"
        copy_workspace(workspace, copy)
        env = {**os.environ, "PYTHONPATH": str(source)}
        command = [sys.executable, "-m", "toolkit", "-w", str(copy), "build", "--include-pending"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp)
        if done.returncode != 0:
            raise click.ClickException(f"{source}: build failed:\n{done.stdout}{done.stderr}")
        outputs = copy / "outputs"
        register = outputs / "register.jsonl"
        return {
            "register": [json.loads(line) for line in register.read_text("utf-8").splitlines()],
            "workbook": _workbook_cells(outputs / "review.xlsx"),
            "documents": {
                str(p.relative_to(outputs)): _docx_text(p) for p in sorted(outputs.rglob("*.docx"))
            },
        }


def _export(ref: str, target: Path) -> Path:
    """The tree of git ``ref`` unpacked into ``target`` (the repository is left as it is)."""
    archive = target / "source.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target / "source", filter="data")
    return target / "source"


def _differences(before: Any, after: Any, where: str) -> list[str]:
    """Paths where two JSON-like values differ, each with both sides shortened."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            if key not in after:
                found.append(f"{where}/{key}: only before")
            elif key not in before:
                found.append(f"{where}/{key}: only after")
            else:
                found += _differences(before[key], after[key], f"{where}/{key}")
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = [
            d
            for i, (b, a) in enumerate(zip(before, after, strict=False))
            for d in _differences(b, a, f"{where}[{i}]")
        ]
        if len(before) != len(after):
            found.append(f"{where}: {len(before)} entries before, {len(after)} after")
        return found
    if before != after:
        return [f"{where}: {_clip(str(before), str(after))}"]
    return []


def _clip(before: str, after: str, width: int = 60) -> str:
    """Both sides from a little before the first character where they differ."""
    start = next(
        (i for i, (b, a) in enumerate(zip(before, after, strict=False)) if b != a),
        min(len(before), len(after)),
    )
    start = max(0, start - 20)
    dots = "…" if start else ""
    return f"{dots}{before[start : start + width]!r} → {dots}{after[start : start + width]!r}"


def compare(before: Snapshot, after: Snapshot) -> tuple[list[str], bool]:
    """A report per output (register, workbook, documents) and whether everything is identical."""
    lines = []
    same = True
    sizes = {
        "register": lambda s: f"{len(s)} records",
        "workbook": lambda s: f"{sum(len(v['rows']) for v in s.values())} rows in {len(s)} sheets",
        "documents": lambda s: (
            f"{len(s)} documents, {sum(len(p) for d in s.values() for p in d.values())} paragraphs"
        ),
    }
    for name, size in sizes.items():
        diffs = _differences(before[name], after[name], name)
        if diffs:
            same = False
            lines.append(f"{name}: {len(diffs)} differences")
            lines += [f"  {d}" for d in diffs[:_SHOWN]]
            if len(diffs) > _SHOWN:
                lines.append(f"  … and {len(diffs) - _SHOWN} more")
        else:
            lines.append(f"{name}: identical ({size(after[name])})")
    return lines, same


def _folder_option(name: str, text: str) -> Any:
    """An existing folder, this checkout by default."""
    return click.option(
        name,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=ROOT,
        show_default=True,
        help=text,
    )


@click.command()
@click.option("--base", help="Git ref to compare against (its tree is exported, not checked out).")
@click.option("--against", type=click.Path(exists=True, path_type=Path), help="A saved snapshot.")
@click.option("--save", type=click.Path(path_type=Path), help="Write this side's snapshot here.")
@_folder_option("--source", "Source tree of the side under test.")
@_folder_option("--workspace", "Workspace to build (forum.yaml, session_notes/, templates/).")
def main(
    base: str | None, against: Path | None, save: Path | None, source: Path, workspace: Path
) -> None:
    """Build the sample workspace with two versions of the toolkit and compare the outputs."""
    if base and against:
        raise click.UsageError("give --base or --against, not both")
    after = snapshot(source.resolve(), workspace.resolve())
    if save:
        save.write_text(json.dumps(after, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"snapshot of {source} written to {save}")
    if against:
        before = json.loads(against.read_text(encoding="utf-8"))
    elif base:
        with tempfile.TemporaryDirectory(prefix="compare-base-") as tmp:
            before = snapshot(_export(base, Path(tmp)), workspace.resolve())
    else:
        return
    lines, same = compare(before, after)
    click.echo("\n".join(lines))
    click.echo("identical" if same else "DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
