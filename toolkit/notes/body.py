"""The body of a note: blocks with offsets, section roles and speaker turns (SPEC.md §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .model import Block, Role, Session, TextMap
from .names import NameIndex, is_name_word, split_name

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")  # "## Proposals ##"
_ITEM = re.compile(r"^([ \t]*)([-*+•]|\d{1,3}[.)])[ \t\u00a0]+")  # NBSP: pasted from Word
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_PLAIN_HEADING_LINE = re.compile(r"^\s*([^\W\d][\w ]{2,40}?)\s*:\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# Turn labels: "**Name:** …", "**Name**: …", "Name: …" (SPEC.md §1).
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
# Markup dropped from clean text: emphasis, code ticks, link targets, escapes, HTML tags.
_MARKUP = re.compile(
    r"\]\([^)]*\)|!\[|\[|\]|\*+|`+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])|<[^>\n]{1,80}>"
    r"|(?<=\n)[ \t]*(?:>[ \t]?)+|~~"  # quote markers on continuation lines, strikethrough
)
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


@cache
def conventions() -> Conventions:
    path = resources.files("toolkit") / "data" / "notes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    headings = {
        _norm(text): role for role, texts in data["section_headings"].items() for text in texts
    }
    return Conventions(
        headings=headings,
        moderator_labels=frozenset(_norm(x) for x in data["moderator_labels"]),
        not_names=frozenset(_norm(x) for x in data["not_names"]),
        speaker_labels=frozenset(_norm(x) for x in data.get("speaker_labels", [])),
    )


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.strip().strip(":").strip()).lower().replace("ё", "е")


def clean_text(source: str, base: int) -> TextMap:
    """Drop Markdown markup and collapse whitespace, keeping the way back to file offsets."""
    parts: list[str] = []
    segments: list[tuple[int, int]] = []
    length = 0
    previous_end: int | None = None
    pos = 0
    chunks = []
    for match in _MARKUP.finditer(source):
        chunks.append((pos, match.start()))
        pos = match.end()
    chunks.append((pos, len(source)))
    for chunk_start, chunk_end in chunks:
        for run in _WORDS.finditer(source, chunk_start, chunk_end):
            if previous_end is not None and _SPACE.search(source, previous_end, run.start()):
                parts.append(" ")
                length += 1
            segments.append((length, base + run.start()))
            parts.append(run.group())
            length += len(run.group())
            previous_end = run.end()
    return TextMap("".join(parts), tuple(segments) or ((0, base),))


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
    """Two or three capitalised name words, or a surname with initials (SPEC.md §1)."""
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
