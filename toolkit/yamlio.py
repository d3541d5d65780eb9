"""YAML loading that remembers where each key was written.

Error messages must name the line a user has to fix, so mappings are loaded as
:class:`LineDict`, which keeps the 1-based line of every key. libyaml's C parser reads
the YAML (ten times faster than PyYAML's pure-Python one, which dominated start-up); a
document it rejects is parsed again by the pure-Python loader, so the error a user reads
(its reason and line) is the one it always was. A data file parsed once is kept, pickled, in
the user's cache folder (``yaml/``, named by a hash of its text and of this parser): the
shipped codebooks, cue files and wording rules then load in a tenth of the time.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import pickle
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .usercache import cache_folder, keep


class LineDict(dict):
    """A dict that knows the line of each of its keys (``lines``) and its own (``line``)."""

    line: int = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line where ``key`` was written, or the mapping's own line."""
        return self.lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds :class:`LineDict` mappings."""


#: PyYAML's libyaml binding, when the wheel has it; the pure-Python loader otherwise
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLineLoader(_FAST_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """:class:`_LineLoader` on the C parser: the same constructors, the same marks."""


def _construct_mapping(loader: yaml.BaseLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    own_keys: set[Any] = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if _written_here(node, key_node):
            if key in own_keys:
                # PyYAML keeps the last value silently: what the user wrote first would be lost
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' is written twice; keep one", key_node.start_mark
                )
            own_keys.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _written_here(mapping: yaml.MappingNode, key_node: yaml.Node) -> bool:
    """Whether a key is the mapping's own, not one merged in from an anchor (``<<: *base``)."""
    return mapping.start_mark.index <= key_node.start_mark.index <= mapping.end_mark.index


def _construct_timestamp(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Any:
    """A date; one that looks like a date but is none (``2024-13-45``) stays text."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely, mappings as :class:`LineDict`.

    Raises :class:`yaml.YAMLError`; callers turn it into a located message with
    :func:`yaml_error_line`.
    """
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # a SafeLoader subclass
    except yaml.YAMLError:
        # the pure-Python parser words errors (and places a few) as users have always read them
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass


def load_plain_yaml(text: str) -> Any:
    """Parse one shipped YAML document safely into plain dicts, on the C parser if present."""
    return yaml.load(text, Loader=_FAST_SAFE_LOADER)  # a SafeLoader


def shipped_data(name: str) -> Path:
    """A file or folder of the package's ``data/`` (codebooks, cue files, models, templates)."""
    return Path(str(resources.files("toolkit") / "data" / name))


def read_data_file(path: Path, what: str) -> Any:
    """A shipped or expert-edited YAML data file (``what``: "cue file", …), parsed.

    Unreadable files and YAML errors become one :class:`ProfileError` naming the line. A text
    parsed before comes from the user's cache folder (:func:`_kept_path`).
    """
    from .errors import ProfileError

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(
            f"{path}:1: cannot read the {what} ({exc}); save it as UTF-8 YAML"
        ) from exc
    kept = _kept_path(text)
    with contextlib.suppress(Exception), kept.open("rb") as handle:  # not kept yet, or damaged:
        return _KeptUnpickler(handle).load()  # parse it
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        line, reason = yaml_error_line(exc)
        raise ProfileError(f"{path}:{line}: invalid YAML ({reason}); fix the syntax") from exc
    keep(kept, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))  # else parsed next run
    return data


@cache
def _parser_version() -> str:
    """What the parse of a text depends on besides the text: this module, PyYAML, Python."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{source}-{yaml.__version__}-{sys.implementation.cache_tag}"


def _kept_path(text: str) -> Path:
    """Where the parse of ``text`` is kept: ``yaml/`` in the user's cache folder."""
    key = hashlib.sha256(f"{_parser_version()}\n{text}".encode()).hexdigest()
    return cache_folder() / "yaml" / f"{key}.pickle"


#: The classes a kept parse may hold (YAML's safe loader makes no others)
_KEPT_CLASSES = {
    ("toolkit.yamlio", "LineDict"): LineDict,
    ("datetime", "date"): datetime.date,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
}


class _KeptUnpickler(pickle.Unpickler):
    """Reads back what :func:`read_data_file` kept: plain values, :class:`LineDict` and dates;
    a file naming any other class is refused (and the text parsed again)."""

    def find_class(self, module: str, name: str) -> Any:
        found = _KEPT_CLASSES.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not kept data")
        return found


def yaml_error_line(exc: yaml.YAMLError) -> tuple[int, str]:
    """Return ``(1-based line, short reason)`` for a YAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return line, reason
