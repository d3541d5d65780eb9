"""spaCy's tokenizer for a blank pipeline, its affix expressions compiled once per machine.

spaCy's prefix, suffix and infix expressions are tens of thousands of characters of letter
classes, and Python compiles regular expressions in pure Python: 60 ms for Russian, 35 ms
for English at every start, a twentieth of ``toolkit extract``. :func:`compiled` keeps what
Python's compiler makes of an expression (its code, a list of numbers) in the user's cache
(``regex/`` in :func:`~toolkit.usercache.cache_folder`), a JSON file named by the hash of
the expression, its flags and Python's regular expression engine version, and gives it to
the engine directly the next time (1 ms). The engine checks the code it is given, so a
damaged file is an error caught here: the expression is compiled as usual and the file
written again. Files are written atomically, so runs side by side at most both write the
same file. Deleting the folder is safe. Where Python's compiler is not laid out as this
expects (another Python), expressions are compiled as usual; ``tests/test_startup.py``
checks on this Python that a cached expression is the very one ``re.compile`` makes.

:func:`affix_tokenizer` builds the tokenizer exactly as spaCy's ``spacy.Tokenizer.v1``
does, with the expressions from :func:`compiled` (the same test compares them).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer

from ..usercache import cache_folder, keep

try:  # Python's own compiler, in pure Python (3.11 on: re._parser, re._compiler)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    _sre = None  # type: ignore[assignment]

#: The engine's version, part of every file's name: another engine never reads the file.
ENGINE = f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}"


def compiled(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the user's cache when it was compiled before."""
    if _sre is None:
        return re.compile(pattern, flags)
    key = hashlib.sha256(f"{ENGINE}\n{flags}\n{pattern}".encode()).hexdigest()
    path = cache_folder() / "regex" / f"{key}.json"
    try:
        return _from_parts(pattern, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        pass  # not compiled yet, unreadable or damaged: compile it and write it again
    try:
        parts = _parts(pattern, flags)
        found = _from_parts(pattern, parts)
    except Exception:  # Python's compiler is not laid out as expected: the usual way
        return re.compile(pattern, flags)
    keep(path, json.dumps(parts).encode())  # a cache not written costs the next run 60 ms
    return found


def _parts(pattern: str, flags: int) -> dict[str, Any]:
    """What ``re._compiler.compile`` gives the engine for ``pattern``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    state = parsed.state
    index_group = [None] * state.groups
    for name, index in state.groupdict.items():
        index_group[index] = name
    return {
        "flags": flags | state.flags,
        "code": code,
        "groups": state.groups - 1,
        "groupindex": state.groupdict,
        "indexgroup": index_group,
    }


def _from_parts(pattern: str, parts: dict[str, Any]) -> re.Pattern:
    """The compiled expression from :func:`_parts` (the engine validates the code)."""
    return _sre.compile(
        pattern,
        int(parts["flags"]),
        [int(op) for op in parts["code"]],
        int(parts["groups"]),
        {str(name): int(index) for name, index in parts["groupindex"].items()},
        tuple(parts["indexgroup"]),
    )


def affix_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's ``spacy.Tokenizer.v1`` for ``nlp``'s language, its expressions from the cache
    (joined as ``spacy.util.compile_prefix_regex`` and its two siblings join them)."""
    defaults = nlp.Defaults

    def expression(pieces: Any, before: str = "", after: str = "") -> re.Pattern | None:
        kept = [before + piece + after for piece in pieces or () if piece.strip()]
        return compiled("|".join(kept)) if pieces else None

    prefixes = expression(defaults.prefixes, before="^")
    suffixes = expression(defaults.suffixes, after="$")
    infixes = expression(defaults.infixes)
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=prefixes.search if prefixes else None,
        suffix_search=suffixes.search if suffixes else None,
        infix_finditer=infixes.finditer if infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
