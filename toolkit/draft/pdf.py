"""PDF copies through LibreOffice, and the page each heading landed on.

LibreOffice is optional: without it ``--pdf`` says so in one line and the Word documents
are still written. Each conversion uses a throw-away LibreOffice profile, so it works
while the user has LibreOffice open and never touches their settings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from ..errors import DraftError

#: PDF export that also turns Word bookmarks into named destinations (LibreOffice ≥ 7.4).
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
TIMEOUT = 600
NO_SOFFICE = (
    "PDF not written: LibreOffice (soffice) is not installed; "
    "install it (e.g. apt-get install libreoffice-writer-nogui) or open the .docx files in Word"
)
_DEST = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(?:.*?)(Toc\d+)"\s*$')


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(files: list[Path], outdir: Path | None = None) -> list[Path]:
    """Convert ``.docx`` files to PDF next to them (or into ``outdir``); return the PDFs.

    Files are converted in one LibreOffice run per folder and moved into place only
    when the conversion succeeded, so a failure leaves no half-written PDF.
    """
    program = soffice()
    if program is None:
        raise DraftError(NO_SOFFICE)
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        by_folder[path.parent].append(path)
    written = []
    for folder, group in by_folder.items():
        target = outdir or folder
        with tempfile.TemporaryDirectory(prefix="toolkit-pdf-") as tmp:
            work = Path(tmp)
            command = [
                program,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                PDF_FILTER,
                "--outdir",
                str(work / "out"),
                *map(str, group),
            ]
            try:
                result = subprocess.run(
                    command, capture_output=True, text=True, timeout=TIMEOUT, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise DraftError(
                    f"{folder}: LibreOffice could not convert the documents to PDF ({exc})"
                ) from exc
            for path in group:
                produced = work / "out" / f"{path.stem}.pdf"
                if not produced.is_file():
                    detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [
                        "no output"
                    ]
                    raise DraftError(
                        f"{path}: LibreOffice did not write a PDF ({detail[0]}); "
                        "open the document in Word to check it"
                    )
                target.mkdir(parents=True, exist_ok=True)
                final = target / produced.name
                shutil.move(str(produced), str(final.with_suffix(".pdf.tmp")))
                os.replace(final.with_suffix(".pdf.tmp"), final)
                written.append(final)
    return written


def bookmark_pages(pdf: Path) -> dict[str, int]:
    """The page of each ``_Toc…`` bookmark in a PDF written by :func:`to_pdf` (needs pdfinfo)."""
    program = shutil.which("pdfinfo")
    if program is None:
        return {}
    try:
        result = subprocess.run(
            [program, "-dests", str(pdf)], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    pages = {}
    for line in result.stdout.splitlines():
        match = _DEST.match(line)
        if match:
            pages[f"_{match.group(2)}"] = int(match.group(1))
    return pages
