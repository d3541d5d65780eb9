"""Reading text in whatever encoding users have, and writing outputs atomically.

Rapporteurs paste notes from Word and old Windows machines: cp1251, KOI8-R and UTF-16 are
as real as UTF-8. Everything the toolkit writes goes to a temporary file first and is then
renamed, so a crash or a full disk never leaves a half-written document behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import NotesError, OutputError

#: Characters that XML 1.0 (and so .docx and .xlsx) cannot hold, and that Word pastes anyway.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)}
_CONTROL.update({0x7F: None, 0xFFFE: None, 0xFFFF: None})
#: Vertical tab and form feed are Word's line and page breaks: keep them as a line break.
_CONTROL[0x0B] = "\n"
_CONTROL[0x0C] = "\n"


def clean_control(text: str) -> str:
    """Remove control characters that no document format can hold."""
    return text.translate(_CONTROL)


_BLANK = {c: " " for c in _CONTROL}
_BLANK.update({0x0B: "\n", 0x0C: "\n"})


def blank_control(text: str) -> str:
    """Replace control characters one for one, so offsets into the text stay true."""
    return text.translate(_BLANK)


_CONTROL_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CONTROL)) + "]")


def has_control(text: str) -> bool:
    """Tell whether :func:`clean_control` would change ``text``."""
    return _CONTROL_CHAR.search(text) is not None


_BINARY = "{path}:1: this is a binary file, not text; save it as .md, .txt or .docx"


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise :class:`NotesError` if binary.

    UTF-8 (with or without BOM) and UTF-16 (with BOM, or told by its zero bytes) are
    recognised exactly; anything else is handed to charset-normalizer, which tells cp1251
    from KOI8-R reliably on Russian text. A few control characters pasted from Word do not
    make a file binary: they are read, and the notes checker warns about them.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif utf16 := _utf16_without_bom(data):
        text, encoding = data.decode(utf16, errors="replace"), utf16
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _looks_binary(data[:65536].decode("latin-1")):
                raise NotesError(_BINARY.format(path=path)) from None
            from charset_normalizer import from_bytes

            candidates = ["cp1251", "koi8_r", "utf_8", "cp1252", "mac_cyrillic"]
            best = from_bytes(data[:200_000], cp_isolation=candidates).best()
            if best is None:
                raise NotesError(
                    f"{path}:1: cannot tell the text encoding; save the file as UTF-8 and try again"
                ) from None
            text, encoding = data.decode(best.encoding, errors="replace"), best.encoding
    if _looks_binary(text[:65536]):
        raise NotesError(_BINARY.format(path=path))
    return text, encoding


#: Control characters other than tab, line breaks, vertical tab and form feed.
_BINARY_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(sample: str) -> bool:
    """More control characters than a note pasted from Word ever holds."""
    bad = len(_BINARY_CHAR.findall(sample))
    return bad > max(8, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when zero bytes sit on one side only (Latin and Cyrillic text)."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros > max(4, len(head) // 40) and others * 10 < zeros:
            return encoding
    return None


def read_text(path: Path) -> tuple[str, str]:
    """Read a text file in any common encoding; return ``(text, encoding)``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotesError(
            f"{path}: cannot read the file ({exc.strerror}); check that it exists"
        ) from exc
    return decode_bytes(data, path)


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file next to ``path`` and rename it over ``path`` on success.

    Nothing is left half-written: on any failure the temporary file goes and ``path`` keeps
    its old content; a failure of the file system becomes a one-line :class:`OutputError`.
    """
    if path.is_symlink():
        path = path.resolve()  # write what the link points to; keep the link
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: not a regular file; choose another name for the output")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.chmod(tmp, _mode_for(path))
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    binary = "b" in mode
    try:
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else ""
        ) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(_cannot_write(path, exc)) from None
        raise


def check_writable(path: Path) -> None:
    """Refuse, before any long work, an output that could not be written.

    The checks :func:`atomic_write` makes at the end, made at the start: a regular file (not
    a device such as /dev/null, nor a folder), in a folder that exists or can be created and
    that the user may write to.
    """
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise OutputError(f"{path}: not a regular file; choose another name for the output")
    folder = target.parent
    while not folder.exists():  # atomic_write creates the missing folders
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(_cannot_write(path, NotADirectoryError(errno.ENOTDIR, "Not a directory")))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(_cannot_write(path, PermissionError(errno.EACCES, "Permission denied")))


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what the umask gives a new file (not mkstemp's 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _cannot_write(path: Path, exc: OSError) -> str:
    return (
        f"{path}: cannot write ({exc.strerror or exc}); "
        "choose a folder that exists and that you may write to"
    )


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_write(path) as handle:
        handle.write(text)


def write_new_text(path: Path, text: str) -> None:
    """Write a file that must not exist yet; never overwrites what a user wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.link(tmp, path)  # fails if path exists: no race with another writer
    except FileExistsError as exc:
        raise NotesError(f"{path}: already exists; choose another id or move the old file") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A temporary folder next to ``path`` that replaces ``path`` whole on success.

    A model folder is read as a set of files: a half-written one must never be loaded.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        os.chmod(tmp, 0o777 & _mode_for(path.parent / ".new") | 0o111)  # not mkdtemp's 0700
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    try:
        yield tmp
        old = path.with_name(f".{path.name}.old")
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(_cannot_write(path, exc)) from None
        raise
