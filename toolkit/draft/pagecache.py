"""The contents' pages LibreOffice found for a layout copy, kept between builds.

Paging the two consolidated drafts is most of a rebuild (1.5–2 s of LibreOffice's CPU on
the sample). A build whose drafts did not change (``make demo`` again, a build after a
change that does not reach them) asks LibreOffice for the same pages of the same copies:
they are kept under ``pages/`` of :func:`~toolkit.usercache.cache_folder`, one small JSON
file per copy, found by a key that hashes what the layout depends on (:func:`copy_key`):
every part of the copy (the core properties' dates aside: they change each build), the
LibreOffice program, the installed fonts (fontconfig's caches), the paging code and
:data:`FORMAT`. Anything else changed gives another key, so kept pages are never used for
what they were not found for; at worst LibreOffice pages again. A damaged or unreadable
file is a miss; one that cannot be written only costs the next build the paging.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..usercache import cache_folder, keep

#: Bumped when what a kept file holds, or what the key covers, changes.
FORMAT = "1"
#: The code that pages: a change to it may change the pages found.
PAGING_CODE = tuple(Path(__file__).resolve().parent / name for name in ("pdf.py", "unopages.py"))
#: Where fontconfig keeps what it found of the installed fonts (a font added or removed
#: changes them, and may change where a line breaks).
FONT_CACHES = (Path("/var/cache/fontconfig"), Path("/usr/lib/fontconfig/cache"))
#: The core properties' dates, which change with every build and do not reach the layout.
_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def default_folder() -> Path:
    """Where the pages are kept: ``pages/`` of the user's cache folder."""
    return cache_folder() / "pages"


class PageCache:
    """Kept pages, looked up and written under one fingerprint of LibreOffice and fonts."""

    def __init__(self, program: str, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()
        self.fingerprint = _fingerprint(program)

    def key(self, copy: Path) -> str | None:
        """The key of a layout copy (``None`` if it cannot be read: it is paged)."""
        digest = hashlib.sha256(self.fingerprint.encode())
        try:
            with zipfile.ZipFile(copy) as package:
                for name in sorted(package.namelist()):
                    data = package.read(name)
                    if name == "docProps/core.xml":
                        data = _DATES.sub(b"", data)
                    digest.update(f"\0{name}\0{len(data)}\0".encode())
                    digest.update(data)
        except (OSError, zipfile.BadZipFile, ValueError):
            return None
        return digest.hexdigest()

    def get(self, key: str | None) -> dict[str, int] | None:
        """The pages kept under ``key`` (``{bookmark: page}``), if any and readable."""
        if key is None:
            return None
        try:
            pages = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if not isinstance(pages, dict):
                return None
            return {str(name): int(page) for name, page in pages.items()}
        except (OSError, ValueError, TypeError):  # missing or damaged: page it again
            return None

    def put(self, key: str | None, pages: dict[str, int]) -> None:
        """Keep the pages found for the copy of ``key``."""
        if key is not None:
            keep(self.folder / f"{key}.json", json.dumps(pages, sort_keys=True).encode())


def _fingerprint(program: str) -> str:
    """What the pages depend on besides the copy: LibreOffice, the fonts, the paging code."""
    parts: list[object] = [FORMAT]
    real = Path(os.path.realpath(shutil.which(program) or program))
    parts += [str(real), _stat(real), _stat(real.parent / "soffice.bin")]
    parts += [path.read_bytes() if path.is_file() else b"" for path in PAGING_CODE]
    parts += list(_font_caches())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _stat(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return str(path), info.st_size, info.st_mtime_ns


def _font_caches() -> Iterator[tuple[str, int, int] | None]:
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fontconfig"
    for folder in (*FONT_CACHES, user):
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(folder)):
                yield _stat(folder / name)
