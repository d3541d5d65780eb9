"""The toolkit's folder in the user's cache: what it keeps between runs to start faster.

``$XDG_CACHE_HOME/proposal-toolkit`` (by default ``~/.cache/proposal-toolkit``) holds
LibreOffice's profiles (``libreoffice-N/``, :mod:`toolkit.draft.pdf`), the compiled
affix expressions of the tokenizers (``regex/``, :mod:`toolkit.nlp.affixes`), the parsed
YAML data files (``yaml/``, :func:`toolkit.yamlio.read_data_file`), the compiled parts of
the Word templates (``templates/``, :mod:`toolkit.draft.render`), the contents' pages
LibreOffice found for each layout copy (``pages/``, :mod:`toolkit.draft.pagecache`) and what
each note's extraction gave (``extract/``, :mod:`toolkit.extract.cache`). Nothing in it
is a user's work: deleting the folder is always safe, the next run rebuilds what it needs
(docs/README.md, "Files the toolkit keeps").
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from pathlib import Path


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/proposal-toolkit``, or ``~/.cache/proposal-toolkit``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "proposal-toolkit"


def keep(path: Path, data: bytes) -> bool:
    """Write ``data`` at ``path`` in the cache, atomically; whether it was written. A cache
    that cannot be written (read-only, full) only costs the next run the work again."""
    from .errors import OutputError
    from .textio import atomic_write

    try:
        with atomic_write(path, "wb", encoding=None) as handle:
            handle.write(data)
    except (OSError, OutputError):
        return False
    return True


def files_signature(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under ``folder`` (compiled bytecode aside) by name, size and change time."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            with contextlib.suppress(OSError):
                info = os.stat(os.path.join(root, name))
                found.append((os.path.join(root, name), info.st_size, info.st_mtime_ns))
    return found


def installed_distributions() -> list[str]:
    """The installed distributions and their versions where spaCy is installed (their
    ``*.dist-info`` folders' names), so an upgraded spaCy, pymorphy3 or dictionary counts."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.origin:
        return []
    site = Path(spec.origin).parent.parent
    with contextlib.suppress(OSError):
        return sorted(name for name in os.listdir(site) if name.endswith(".dist-info"))
    return []
