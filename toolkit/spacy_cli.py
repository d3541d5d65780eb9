"""spaCy without its command line: ``import spacy`` a third faster.

spaCy's ``__init__`` runs ``from .cli.info import info`` only to offer ``spacy.info``; that
imports spaCy's whole command line (typer, weasel, requests, httpx, rich: about 0.3 s of
CPU, a third of spaCy's import). The toolkit never runs spaCy's command line, so when
``spacy`` is first imported, :class:`DeferSpacyCli` puts a stand-in for ``spacy.cli.info``
in ``sys.modules``. Asked for ``info`` (by spaCy's ``__init__``), the stand-in removes
itself and gives a function that imports the real ``spacy.cli.info`` when called; asked
for anything else, it removes itself and imports the real module, as spaCy always did.
After ``import spacy`` nothing of this remains: ``import spacy.cli`` gets spaCy's own
package. Nothing of spaCy is patched; ``tests/test_startup.py`` checks that the stand-in
is used up and that ``spacy.info`` and ``spacy.cli`` still work.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

CLI_INFO = "spacy.cli.info"


class _CliInfoStandIn(ModuleType):
    """``spacy.cli.info`` until spaCy's ``__init__`` takes ``info`` from it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system looking for __path__ and the like
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        if name == "info":
            return info
        return getattr(importlib.import_module(self.__name__), name)


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported when it is called."""
    from spacy.cli.info import info as spacy_info

    return spacy_info(*args, **kwargs)


class DeferSpacyCli:
    """A finder on ``sys.meta_path`` that finds nothing: seeing ``spacy`` about to be
    imported, it puts the stand-in in place, then leaves ``sys.meta_path``."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "spacy":
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            if CLI_INFO not in sys.modules:
                sys.modules[CLI_INFO] = _CliInfoStandIn(CLI_INFO)
        return None


def install() -> None:
    """Defer spaCy's command line if spaCy is not imported yet (once per process)."""
    if "spacy" not in sys.modules and not any(
        isinstance(finder, DeferSpacyCli) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, DeferSpacyCli())
