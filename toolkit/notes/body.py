"""The body of a note: blocks with offsets, section roles and speaker turns.

The conventions are those of docs/notes-format.md.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..yamlio import load_plain_yaml
from .model import Block, Role, Session, TextMap
from .names import NameIndex, is_name_word, split_name

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")  # "## Proposals ##"
_ITEM = re.compile(r"^([ \t]*)([-*+•]|\d{1,3}[.)])[ \t\u00a0]+")  # NBSP: pasted from Word
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_PLAIN_HEADING_LINE = re.compile(r"^\s*([^\W\d][\w ]{2,40}?)\s*:\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# Turn labels: "**Name:** …", "**Name**: …", "Name: …" (docs/notes-format.md).
_LABELS = (
    re.compile(r"^(\*\*|__)(?P<label>[^*_:\n]{1,60}?)\s*:\s*\1\s*"),
    re.compile(r"^(\*\*|__)(?P<label>[^*_:\n]{1,60}?)\1\s*:\s*"),
    re.compile(r"^(?P<label>[^*_:\n]{1,60}?)\s*:\s+"),
)
_ATTRIBUTION = re.compile(
    r"\s*(?:\(\s*(?P<paren>[^()]{2,60}?)\s*\)|\s[—–-]{1,2}\s*(?P<dash>[^—–()]{2,60}?))\s*[.;]?\s*$"
)
_INITIALS_NAME = re.compile(
    r"^(?:[A-ZА-ЯЁ]\.\s?){1,2}[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?$"
    r"|^[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?\s(?:[A-ZА-ЯЁ]\.\s?){1,2}$"
)
_CAP_WORD = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё']+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?$")
_SPACE = re.compile(r"\s+")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_WORDS = re.compile(r"\S+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_SETEXT = re.compile(r"^(?:=+|-{2,})$")


@dataclass(frozen=True)
class Conventions:
    """The reading conventions from ``data/notes.yaml``."""

    headings: dict[str, Role]
    moderator_labels: frozenset[str]
    not_names: frozenset[str]
    speaker_labels: frozenset[str] = frozenset()
    html_tags: frozenset[str] = frozenset()
    breaking_tags: frozenset[str] = frozenset()


@cache
def conventions() -> Conventions:
    path = resources.files("toolkit") / "data" / "notes.yaml"
    data = load_plain_yaml(path.read_text(encoding="utf-8"))
    headings = {
        _norm(text): role for role, texts in data["section_headings"].items() for text in texts
    }
    return Conventions(
        headings=headings,
        moderator_labels=frozenset(_norm(x) for x in data["moderator_labels"]),
        not_names=frozenset(_norm(x) for x in data["not_names"]),
        speaker_labels=frozenset(_norm(x) for x in data.get("speaker_labels", [])),
        html_tags=frozenset(
            _norm(x) for x in data["html_tags"]["inline"] + data["html_tags"]["breaking"]
        ),
        breaking_tags=frozenset(_norm(x) for x in data["html_tags"]["breaking"]),
    )


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.strip().strip(":").strip()).lower().replace("ё", "е")


# ---------------------------------------------------------------- markup

# Only real Markdown and HTML markup leaves the clean text; anything else that merely looks
# like it ("<до 2030 года>", "a<b and c>d", "5 * 3", "[sic]") is the rapporteur's prose.
# An HTML tag is a known element (``html_tags`` in data/notes.yaml) with ``name="value"``
# attributes only, so "<b and c>" stays text.
_ATTRIBUTE = r"""\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'=<>`]+)"""
_HTML_TAG = re.compile(
    rf"<(?P<name>[A-Za-z][A-Za-z0-9]*)(?:{_ATTRIBUTE})*\s*/?>|</(?P<end>[A-Za-z][A-Za-z0-9]*)\s*>"
)
_COMMENT = re.compile(r"<!--[\s\S]{0,2000}?-->")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*"
    r"|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_LINK = re.compile(
    r"\[[^\[\]]{0,300}(?P<close>\]\()[ \t]*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
)
_QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)+")  # "> " opening a continuation line
_SPECIAL = re.compile(r"[\\`<\[\]*_~\n]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


@dataclass
class _Delimiter:
    """A run of ``*``, ``_`` or ``~~`` that may open or close emphasis (CommonMark flanking)."""

    char: str
    start: int
    end: int
    opens: bool
    closes: bool


def _delimiter(source: str, start: int, end: int) -> _Delimiter:
    before = source[start - 1] if start else " "
    after = source[end] if end < len(source) else " "
    left = not after.isspace() and (
        not _punctuation(after) or before.isspace() or _punctuation(before)
    )
    right = not before.isspace() and (
        not _punctuation(before) or after.isspace() or _punctuation(after)
    )
    char = source[start]
    if char == "_":  # "snake_case" and "а_б" are words, not emphasis
        return _Delimiter(
            char,
            start,
            end,
            left and (not right or _punctuation(before)),
            right and (not left or _punctuation(after)),
        )
    return _Delimiter(char, start, end, left, right)


class _Backticks:
    """Backtick runs by length, so a code span finds its closing run without rescanning."""

    def __init__(self, source: str) -> None:
        self.starts: dict[int, list[int]] = {}
        for run in re.finditer(r"`+", source):
            self.starts.setdefault(len(run.group()), []).append(run.start())

    def closing(self, length: int, after: int) -> int | None:
        starts = self.starts.get(length, [])
        index = bisect_right(starts, after - 1)
        return starts[index] if index < len(starts) else None


def markup_spans(source: str) -> list[tuple[int, int, bool]]:
    """``(start, end, breaks)`` of every piece of real markup in ``source``, in order.

    Real markup is what a Markdown viewer would not show as text: emphasis delimiters that
    pair up, code-span backticks, link brackets and targets, backslashes of escapes, HTML
    tags of known elements and comments, the angle brackets of autolinks, and quote markers
    on continuation lines. ``breaks`` is true when the markup stands for a line break.
    """
    spans: list[tuple[int, int, bool]] = []
    delimiters: list[_Delimiter] = []
    link_targets: dict[int, int] = {}  # where a link's "](" starts -> end of its ")"
    backticks: _Backticks | None = None
    pos = 0
    while special := _SPECIAL.search(source, pos):
        i = pos = special.start()
        char = source[i]
        pos += 1
        if char == "\\":
            if source[i + 1 : i + 2] in _ASCII_PUNCTUATION:
                spans.append((i, i + 1, False))
                pos = i + 2  # the escaped character is text
        elif char == "`":
            end = i + len(source[i:]) - len(source[i:].lstrip("`"))
            backticks = backticks or _Backticks(source)
            closing = backticks.closing(end - i, end)
            pos = end
            if closing is not None:
                spans += [(i, end, False), (closing, closing + end - i, False)]
                pos = closing + end - i  # the code between is text, as written
        elif char == "<":
            if match := _COMMENT.match(source, i):
                spans.append((i, match.end(), False))
                pos = match.end()
            elif (match := _HTML_TAG.match(source, i)) and (
                name := (match.group("name") or match.group("end")).lower()
            ) in conventions().html_tags:
                spans.append((i, match.end(), name in conventions().breaking_tags))
                pos = match.end()
            elif match := _AUTOLINK.match(source, i):
                spans += [(i, i + 1, False), (match.end() - 1, match.end(), False)]
                pos = match.end()
        elif char == "[":
            if link := _LINK.match(source, i):
                image = i > 0 and source[i - 1] == "!" and (not spans or spans[-1][1] < i)
                spans.append((i - image, i + 1, False))
                link_targets[link.start("close")] = link.end()
        elif char == "]":
            if i in link_targets:
                spans.append((i, link_targets[i], False))
                pos = link_targets[i]
        elif char == "\n":
            if (marks := _QUOTE_MARKS.match(source, pos)) and ">" in marks.group():
                spans.append((pos, marks.end(), False))
                pos = marks.end()
        else:  # "*", "_", "~"
            end = i + len(source[i:]) - len(source[i:].lstrip(char))
            pos = end
            if char != "~" or end - i == 2:
                delimiters.append(_delimiter(source, i, end))
    openers: dict[str, list[_Delimiter]] = {"*": [], "_": [], "~": []}
    for delimiter in delimiters:
        waiting = openers[delimiter.char]
        if delimiter.closes and waiting:
            opener = waiting.pop()
            spans += [(opener.start, opener.end, False), (delimiter.start, delimiter.end, False)]
        elif delimiter.opens:
            waiting.append(delimiter)
    return sorted(spans)


def clean_text(source: str, base: int) -> TextMap:
    """Drop Markdown markup and collapse whitespace, keeping the way back to file offsets."""
    parts: list[str] = []
    segments: list[tuple[int, int]] = []
    length = 0
    previous_end: int | None = None
    pos = 0
    chunks: list[tuple[int, int, bool]] = []  # (start, end, a break stands before it)
    broken = False
    for start, end, breaks in markup_spans(source):
        chunks.append((pos, start, broken))
        broken = breaks or (broken and pos == start)
        pos = max(pos, end)
    chunks.append((pos, len(source), broken))
    for chunk_start, chunk_end, after_break in chunks:
        gap = after_break
        for run in _WORDS.finditer(source, chunk_start, chunk_end):
            if previous_end is not None and (
                gap or _SPACE.search(source, previous_end, run.start())
            ):
                parts.append(" ")
                length += 1
            gap = False
            segments.append((length, base + run.start()))
            parts.append(run.group())
            length += len(run.group())
            previous_end = run.end()
    return TextMap("".join(parts), tuple(segments) or ((0, base),))


_ESCAPABLE = "\\`*_[]<>~"


def escape_markup(text: str) -> str:
    """Literal text (a Word paragraph) as Markdown that reads back as exactly that text.

    Only what :func:`markup_spans` would drop gets a backslash; when that is not enough
    (an escape next to an escape), every markup character is escaped.
    """
    spans = markup_spans(text)
    if not spans:
        return text
    starts = {start + (text[start] == "!") for start, _, _ in spans}  # "![": escape the "["
    escaped = "".join(
        "\\" + char if index in starts and char in _ESCAPABLE else char
        for index, char in enumerate(text)
    )
    if clean_text(escaped, 0).text == _SPACE.sub(" ", text).strip():
        return escaped
    return "".join("\\" + char if char in _ESCAPABLE else char for char in text)


class Speakers:
    """Decides whether a label opens a speaker turn, and whose."""

    def __init__(self, session: Session | None) -> None:
        self.session = session
        people = session.people if session else []
        self.index = NameIndex(p.name for p in people)
        self.moderator = session.moderator.name if session and session.moderator else None

    def resolve(self, label: str) -> str | None:
        """The speaker a turn label or attribution names, or ``None`` if it is no person."""
        label = _SPACE.sub(" ", label.strip().strip("*_ ")).strip()
        if not label or len(label) > 60:
            return None
        if _norm(label) in conventions().moderator_labels:
            return self.moderator
        known = self.index.resolve(label)
        if known:
            return known
        return label if looks_like_name(label) else None


def looks_like_name(label: str) -> bool:
    """Two or three capitalised name words, or a surname with initials (docs/notes-format.md)."""
    if _INITIALS_NAME.match(label):
        words, _ = split_name(label)
        return all(_norm(w) not in conventions().not_names and is_name_word(w) for w in words)
    words = label.split()
    if not 2 <= len(words) <= 3 or not all(_CAP_WORD.match(w) for w in words):
        return False
    return all(_norm(w) not in conventions().not_names and is_name_word(w) for w in words)


@dataclass
class _Raw:
    kind: str
    line: int
    start: int
    end: int
    content_start: int
    level: int = 0


def _raw_blocks(text: str, body_start: int) -> list[_Raw]:
    """Split the body into headings, paragraphs and list items (with continuation lines)."""
    blocks: list[_Raw] = []
    current: _Raw | None = None
    offset = body_start
    line_no = text.count("\n", 0, body_start) + 1
    in_comment = in_fence = False
    for line in _LINES.findall(text, body_start):  # not splitlines(): U+2028 is no line break
        stripped = line.strip()
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        this_line = line_no
        line_no += 1
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            current = None
            continue
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            current = None
            continue
        if not stripped or (_TABLE_RULE.match(stripped) and set(stripped) <= set("|-: ")):
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        heading = _HEADING.match(line.rstrip("\r\n"))
        if heading and not in_fence:
            blocks.append(
                _Raw(
                    "heading",
                    this_line,
                    start,
                    end,
                    start + heading.start(2),
                    len(heading.group(1)),
                )
            )
            current = None
            continue
        quote = _QUOTE.match(line)
        inner = quote.end() if quote else 0  # "> - item" is an item inside a quote
        underline = _SETEXT.match(stripped)
        if (
            underline
            and current is not None
            and current.kind == "paragraph"
            and current.line == this_line - 1
        ):
            current.kind, current.level = "heading", 1 if stripped[0] == "=" else 2
            current = None  # "Proposals" underlined with === is a heading (Setext)
            continue
        item = _ITEM.match(line[inner:])
        if item and not in_fence:
            current = _Raw(
                "item", this_line, start, end, start + inner + item.end(), len(item.group(1))
            )
            blocks.append(current)
            continue
        content = start + (inner or indent)
        if stripped.startswith("|"):
            blocks.append(_Raw("paragraph", this_line, start, end, content))
            current = None
            continue
        if current is not None:
            current.end = end
            continue
        current = _Raw("paragraph", this_line, start, end, content)
        blocks.append(current)
    return blocks


def _heading_role(text: str) -> Role | None:
    return conventions().headings.get(_norm(text))


def parse_body(text: str, body_start: int, session: Session | None) -> list[Block]:
    """Read the body into :class:`Block` objects with roles and speakers."""
    speakers = Speakers(session)
    blocks: list[Block] = []
    role: Role | None = None
    role_level = 0
    speaker: str | None = None
    for raw in _raw_blocks(text, body_start):
        source = text[raw.content_start : raw.end]
        if raw.kind == "heading":
            source = _CLOSING_HASHES.sub("", source)
        if raw.kind == "paragraph" and source.lstrip().startswith("|"):
            source = source.replace("|", " ")
        bold = _BOLD_LINE.match(source) or (
            raw.kind == "paragraph" and _PLAIN_HEADING_LINE.match(source)
        )
        if raw.kind == "paragraph" and bold and _heading_role(bold.group(bold.lastindex or 1)):
            raw.kind, raw.level = "heading", 6
        if raw.kind == "heading":
            content = clean_text(source, raw.content_start)
            heading_role = _heading_role(content.text)
            if heading_role or raw.level <= role_level or role is None:
                role, role_level = heading_role, raw.level if heading_role else 0
            speaker = None
            blocks.append(
                Block("heading", raw.line, raw.start, raw.end, content, role, None, raw.level)
            )
            continue
        label = next((m for m in (p.match(source) for p in _LABELS) if m), None)
        content_start = raw.content_start
        block_speaker = speaker
        own = False
        if label:
            named = speakers.resolve(label.group("label"))
            if named:
                content_start += label.end()
                block_speaker, own = named, True
                if raw.kind == "paragraph" or role is None:
                    speaker = named
        body = text[content_start : raw.end]
        attribution = _ATTRIBUTION.search(body)
        if attribution:
            named = speakers.resolve(attribution.group("paren") or attribution.group("dash"))
            if named:
                body = body[: attribution.start()]
                block_speaker, own = named, True
        content = clean_text(
            body.replace("|", " ") if body.lstrip().startswith("|") else body, content_start
        )
        if not content.text:
            continue
        blocks.append(
            Block(raw.kind, raw.line, raw.start, raw.end, content, role, block_speaker, turn=own)
        )
    return blocks
