"""Rendering a ``.docx`` template safely, and saying where a broken one is broken.

Templates are edited by people in Word, so they are untrusted input: they render in
Jinja2's sandbox with autoescape (a ``&`` or ``<`` in notes stays text) and
``StrictUndefined`` (a misspelt variable is an error, not a blank), under a time limit
checked on every loop step and call, in any thread. Errors name the template and the
paragraph, counted the way Word shows them: top to bottom, table cells included.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import marshal
import math
import re
import struct
import sys
import time
import zlib
from collections.abc import Iterator
from copy import deepcopy
from functools import cached_property, lru_cache
from pathlib import Path
from types import CodeType
from typing import Any
from zipfile import BadZipFile

import jinja2
from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError
from lxml import etree

from ..errors import DraftError
from ..usercache import cache_folder, keep

#: Seconds one document may take to render before it is stopped as an endless loop.
TIME_LIMIT = 30.0
#: Where a tag opens: ``{{``, ``{%`` or ``{#`` with its whitespace-control sign.
_OPENER = re.compile(r"(\{[{%#][-+]?)")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_BAR_WIDTH_MM = 52.0


class RenderTimeout(Exception):
    """Raised inside a render that ran past its deadline."""


class _GuardedCodeGenerator(CodeGenerator):
    """Compiles every ``{% for %}`` to iterate through :meth:`SafeEnvironment.guard`."""

    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        super().visit_Template(node, frame)


class SafeEnvironment(SandboxedEnvironment):
    """The sandbox, with autoescape, strict undefined, a deadline and bounded ``*`` / ``**``.

    docxtpl numbers template lines by ``<w:p>``; :meth:`from_string` also starts a new line
    inside every tag, so an error's line tells which tag failed (see :func:`locate`).
    """

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, seconds: float = TIME_LIMIT) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.seconds = seconds
        self.deadline = math.inf
        self.source = ""
        self.compiled: dict[str, Any] = {}

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderTimeout

    def guard(self, iterable: Any) -> Iterator[Any]:
        for value in iterable:
            self.check()
            yield value

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.check()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``item.number`` on a context's plain dict without the failed attribute lookup the
        sandbox tries first (an exception at each of a long draft's 24,000 lookups); what it
        gives is the sandbox's: a dict's own attributes (``items``, …) still come first."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("powers above 64 are not allowed in templates")
        sequence = isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))
        if operator == "*" and sequence:
            size = next((n for n in (left, right) if isinstance(n, int)), 0)
            if size > MAX_RANGE:
                raise SecurityError(
                    f"repeating text or a list more than {MAX_RANGE} times is not allowed"
                )
        return super().call_binop(context, operator, left, right)

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Compile a part once per process: every brief of a template has the same source
        (and a part compiled by an earlier run is read back: :func:`_kept_code`)."""
        if not isinstance(source, str) or args or kwargs:
            return super().from_string(source, *args, **kwargs)
        source = split_tags(source)
        self.source = source
        if source not in self.compiled:
            if len(self.compiled) >= _COMPILED:
                self.compiled.clear()
            code = _kept_code(self, source)
            self.compiled[source] = self.template_class.from_code(
                self, code, self.make_globals(None), None
            )
        return self.compiled[source]


#: What ``getattr`` finds on every plain dict.
_DICT_ATTRIBUTES = frozenset(dir(dict))
#: Compiled template parts kept per process (six templates, a few parts each).
_COMPILED = 64


@lru_cache(maxsize=1)
def _compiler_version() -> str:
    """What a part's compiled code depends on besides its source: this module (the sandbox's
    code generator), Jinja2 and Python (the bytecode)."""
    this = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{this}-{jinja2.__version__}-{sys.implementation.cache_tag}-{sys.version}"


def _kept_path(kind: str, source: str) -> Path:
    """Where what is worked out of a template part's ``source`` is kept between runs:
    ``templates/`` in the user's cache folder (``kind``: "code", "names")."""
    key = hashlib.sha256(f"{_compiler_version()}\n{kind}\n{source}".encode()).hexdigest()
    return cache_folder() / "templates" / f"{key}.{kind}"


def _kept_code(env: SafeEnvironment, source: str) -> CodeType:
    """The compiled code of a template part: read back if an earlier run compiled the same
    source, else compiled and kept. Compiling the six templates' parts took 40% of checking
    them, on the critical path of a rebuild whose notes come from the extraction cache."""
    path = _kept_path("code", source)
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # not kept yet, or damaged
        code = None
    if not isinstance(code, CodeType):
        code = env.compile(source)
        keep(path, marshal.dumps(code))
    return code


@lru_cache(maxsize=4)
def environment(seconds: float = TIME_LIMIT) -> SafeEnvironment:
    """The sandbox of this process for a time limit; :meth:`SafeEnvironment.start` per render."""
    return SafeEnvironment(seconds)


def split_tags(source: str) -> str:
    """Start a new line inside every tag: Jinja reads it as whitespace, errors get a tag's line."""
    return _OPENER.sub(lambda m: m.group(1) + "\n", source)


def solid_png(rgb: tuple[int, int, int]) -> bytes:
    """A one-pixel PNG of one colour: stretched, it draws a bar of the chart."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + bytes(rgb)))
        + chunk(b"IEND", b"")
    )


BAR_PNG = solid_png((0x2E, 0x5C, 0x8A))


# ------------------------------------------------------------------ where a problem is


def paragraph_texts(element: Any) -> list[str]:
    """The text of every paragraph under ``element``, in document order (table cells included)."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def _tag_paragraphs(texts: list[str]) -> list[int]:
    """For each tag opener in the part, in order, the 1-based number of its paragraph."""
    return [number for number, text in enumerate(texts, 1) for _ in _OPENER.finditer(text)]


def locate(source: str, line: int | None, texts: list[str]) -> tuple[int | None, str]:
    """The paragraph (number, text) holding the tag on ``line`` of a :func:`split_tags` source."""
    if not line:
        return None, ""
    before = "\n".join(source.split("\n")[: line - 1])
    ordinal = len(_OPENER.findall(before))
    owners = _tag_paragraphs(texts)
    if not owners:
        return None, ""
    number = owners[min(max(ordinal, 1), len(owners)) - 1]
    return number, texts[number - 1]


def _template_line(exc: BaseException) -> int | None:
    """The template line an exception was raised on (Jinja rewrites tracebacks to show it)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def describe(exc: BaseException, seconds: float) -> str:
    """A one-line explanation of a render failure, with what to do."""
    if isinstance(exc, RenderTimeout):
        return f"rendering took longer than {seconds:g} s and was stopped; look for an endless loop"
    if isinstance(exc, TemplateSyntaxError):
        return f"syntax error: {exc.message}; check the tag's braces and spelling"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, UndefinedError):
        return f"unknown variable: {exc.message}"
    if isinstance(exc, OverflowError):
        return f"loop too long: {exc}"
    return f"cannot render ({type(exc).__name__}: {exc})"


def _message(path: Path, part: str, number: int | None, text: str, message: str) -> str:
    """``template.docx: paragraph N: message (in «text»)``."""
    if number is None:
        return f"{path.name}: {message}"
    shown = " ".join(html.unescape(text).split())
    snippet = f" (in «{shown[:60]}{'…' if len(shown) > 60 else ''}»)" if shown else ""
    return f"{path.name}: {part}paragraph {number}: {message}{snippet}"


# ------------------------------------------------------------------ rendering

_LISTING = re.compile(r"[\t\a\n\f]")
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")
_PARAGRAPH_END = "</w:p>"


def _listing_paragraphs(xml: str) -> Iterator[tuple[int, int]]:
    """Where each paragraph holding a tab or line break is, in order: the spans
    ``<w:p(?: [^>]*)?>.*?</w:p>`` finds, one after the other, that hold one. Found from those
    characters (a few, in a chart's drawing) outwards with ``str.find`` instead of matching
    that expression over every character of a long draft (a tenth of the time).

    A match ends at a ``</w:p>``; it starts at the first opening tag after the ``</w:p>``
    before that one (a ``</w:p>`` with no opening tag since the one before ends no match).
    """
    hits = []
    for character in "\t\a\n\f":
        at = xml.find(character)
        while at >= 0:
            hits.append(at)
            at = xml.find(character, at + 1)
    end = 0
    for at in sorted(hits):
        if at < end:  # in the paragraph just found
            continue
        closing = xml.find(_PARAGRAPH_END, at)
        if closing < 0:
            return
        after = xml.rfind(_PARAGRAPH_END, 0, at)
        opening = _PARAGRAPH_START.search(xml, after + len(_PARAGRAPH_END) if after >= 0 else 0)
        if opening and opening.start() <= at and opening.end() <= closing:
            end = closing + len(_PARAGRAPH_END)
            yield opening.start(), end


class Template(DocxTemplate):
    """docxtpl, with its two whole-document passes done only where they can change anything.

    ``resolve_listing`` (tabs and line breaks in text) looks only at paragraphs holding such a
    character, and ``fix_tables`` (column loops, ``{%tc %}``) runs only for a template that
    has one: on a 2,000-item draft they took longer than rendering itself. ``patch_xml``
    (joining tags Word split over runs) depends on the template alone, so it runs once per
    part and process, not once per document.
    """

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        """docxtpl's, with its paragraph substitutions (a line per ``<w:p>`` for Jinja, taken
        out again after rendering) done by ``str.replace``: a regular expression expanding its
        replacement at each of a long draft's tens of thousands of paragraphs took a tenth of
        rendering. Errors are located by :func:`render` (docxtpl's ``docx_context`` is unused)."""
        if jinja_env is None:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        self.current_rendering_part = part
        source = src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
        xml = jinja_env.from_string(source).render(context)
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, tag)
        return self.resolve_listing(xml)

    def resolve_listing(self, xml: str) -> str:
        resolve = super().resolve_listing
        done, pieces = 0, []
        for start, end in _listing_paragraphs(xml):
            pieces += [xml[done:start], resolve(xml[start:end])]
            done = end
        return "".join([*pieces, xml[done:]]) if pieces else xml

    def fix_tables(self, xml: str) -> Any:
        if self.column_loops:
            return super().fix_tables(xml)
        body = _parsed_in_document(self.docx.element, xml)
        if body is None:  # namespaces declared as lxml would change them: moved by map_tree
            body = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        return body

    def fix_docpr_ids(self, tree: Any) -> None:
        """docxtpl's renumbering of the drawings' ids, in the body alone (python-docx's
        elements take no ``namespaces`` in their ``xpath``)."""
        for drawing in _DRAWINGS(tree):
            self.docx_ids_index += 1
            drawing.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        """The body parsed in its document (see :meth:`fix_tables`) takes the whole document's
        place; a body parsed alone (column loops) is moved into the template's document."""
        root = tree.getparent()
        if root is None:
            return super().map_tree(tree)
        self.docx._element = self.docx.part._element = root
        self.docx._Document__body = None
        return None

    @cached_property
    def column_loops(self) -> bool:
        return bool(re.search(r"\{%-?\s*tc\b", self.get_xml()))


_DRAWINGS = etree.XPath(".//wp:docPr", namespaces=nsmap)


@lru_cache(maxsize=1)
def _recovering_parser() -> etree.XMLParser:
    """docxtpl's parser of a rendered body, making python-docx's element classes."""
    parser = etree.XMLParser(recover=True)
    parser.set_element_class_lookup(element_class_lookup)
    return parser


@lru_cache(maxsize=16)
def _around_body(document: str) -> tuple[str, str]:
    """A template's main part (as text) up to its body's content, and after it."""
    start = document.index(">", document.index("<w:body")) + 1
    end = document.rindex("</w:body>") + len("</w:body>")
    return document[:start], document[end:]


#: A start tag declaring a namespace, and each declaration in it.
_DECLARING = re.compile(r"<[A-Za-z][^<>]*\sxmlns[^<>]*>")
_DECLARATION = re.compile(r"\sxmlns(?::([^\s=]+))?\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _parsed_in_document(root: Any, xml: str) -> Any:
    """The rendered body ``xml`` parsed within a copy of the template's main part ``root``
    (its new body), or ``None`` where that would not give what docxtpl's way gives.

    docxtpl parses the body alone and moves it into the template's document, which takes
    lxml a walk over every element (a sixth of a long draft's rendering). Moving drops each
    namespace declaration the document's root already makes; here they are left out of the
    text before it is parsed: ``None`` when one would be renamed or shadowed instead.
    """
    declared = root.nsmap
    start = xml.index(">", xml.index("<w:body")) + 1
    content, kept, done = xml[start:], [], 0
    for tag in _DECLARING.finditer(content) if "xmlns" in content else ():
        kept.append(content[done : tag.start()])
        text = tag.group(0)
        for declaration in reversed(list(_DECLARATION.finditer(text))):
            prefix, uri = declaration.group(1), declaration.group(2) or declaration.group(3) or ""
            if prefix is not None and declared.get(prefix) == uri:
                text = text[: declaration.start()] + text[declaration.end() :]
            elif prefix is None or prefix in declared or uri in declared.values():
                return None
        kept.append(text)
        done = tag.end()
    head, tail = _around_body(etree.tostring(root, encoding="unicode"))
    parsed = etree.fromstring(
        "".join([head, *kept, content[done:], tail]), parser=_recovering_parser()
    )
    return parsed.find(qn("w:body"))


@lru_cache(maxsize=16)
def _patched(src_xml: str) -> str:
    """docxtpl's clean-up of a template part's XML (a pure function of the text)."""
    return DocxTemplate.patch_xml(None, src_xml)


@lru_cache(maxsize=8)
def _opened(source: bytes) -> DocumentObject:
    """A template's package as python-docx reads it from ``source``, kept per process: each
    document renders into a copy (copying the parsed parts takes half the time of reading
    them again, for each of a forum's documents)."""
    return Document(io.BytesIO(source))


def open_template(path: Path, source: bytes | None = None) -> Template:
    """Open a template (from ``source`` when its bytes are at hand), or say why it is not one."""
    try:
        template = Template(io.BytesIO(source) if source is not None else path)
        if source is not None:
            template.docx = deepcopy(_opened(source))
        template.init_docx()
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DraftError(
            f"{path}: not a Word .docx template ({exc}); save it from Word as .docx"
        ) from exc
    return template


def _part_texts(path: Path, template: DocxTemplate, part: Any) -> tuple[str, list[str]]:
    """Which part failed (body, header or footer) and the text of its paragraphs."""
    if part is None or part is template.docx.part:
        return "", paragraph_texts(Document(str(path)).element.body)
    return ("header " if "header" in str(part.partname) else "footer "), paragraph_texts(
        parse_xml(part.blob)
    )


def render(
    path: Path, context: dict[str, Any], seconds: float = TIME_LIMIT, source: bytes | None = None
) -> DocumentObject:
    """Render ``path`` (or its bytes, ``source``) with ``context``; return the document unsaved."""
    template = open_template(path, source)
    context = dict(context)
    if "chart" in context:
        context["chart"] = {
            key: [
                {
                    **bar,
                    "bar": InlineImage(
                        template,
                        io.BytesIO(BAR_PNG),
                        width=Mm(max(1.0, _BAR_WIDTH_MM * bar["share"])),
                        height=Mm(4),
                    ),
                }
                for bar in bars
            ]
            for key, bars in context["chart"].items()
        }
    env = environment(seconds)
    env.start()
    try:
        template.render(context, jinja_env=env, autoescape=True)
    except (
        TemplateError,
        RenderTimeout,
        OverflowError,
        TypeError,
        ValueError,
        ArithmeticError,
        RecursionError,
        AttributeError,
        LookupError,
    ) as exc:
        part, texts = _part_texts(path, template, getattr(template, "current_rendering_part", None))
        number, text = locate(env.source, _template_line(exc), texts)
        raise DraftError(_message(path, part, number, text, describe(exc, seconds))) from None
    return template.docx


# ------------------------------------------------------------------ checking


def split_tag_problems(path: Path, document: DocumentObject) -> list[str]:
    """Tags whose characters are spread over several Word runs, or never closed."""
    problems = []
    for number, p in enumerate(document.element.body.iter(qn("w:p")), 1):
        runs = [("".join(t.text or "" for t in r.iter(qn("w:t")))) for r in p.iter(qn("w:r"))]
        text = "".join(runs)
        if "{" not in text:
            continue
        bounds, total = [], 0
        for run in runs:
            total += len(run)
            bounds.append(total)
        for match in _TAG.finditer(text):
            first = next(i for i, end in enumerate(bounds) if end > match.start())
            last = next(i for i, end in enumerate(bounds) if end >= match.end())
            if first != last:
                problems.append(
                    f"{path.name}: paragraph {number}: tag «{match.group(0)}» is split across "
                    "Word runs (its formatting changes inside); select it and retype it in one go"
                )
        rest = _TAG.sub("", text)
        opener = re.search(r"\{[{%#]", rest)
        if opener:
            problems.append(
                f"{path.name}: paragraph {number}: tag «{rest[opener.start() :][:30]}» is not "
                "closed in this paragraph; close it with }} or %}"
            )
    return problems


def template_problems(path: Path, sample: dict[str, Any], seconds: float = TIME_LIMIT) -> list[str]:
    """Syntax errors, unknown variables and render failures with a sample ``context``."""
    template = open_template(path)
    texts = paragraph_texts(template.docx.element.body)
    source = split_tags(template.patch_xml(template.get_xml()))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    env = SafeEnvironment(seconds)
    kept = _kept_path("names", source)
    try:  # the names an earlier run found in the same source (which parsed then)
        undeclared = set(json.loads(kept.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        try:
            parsed = env.parse(source)
            # compiles: unknown filters fail here
            undeclared = meta.find_undeclared_variables(parsed)
        except TemplateSyntaxError as exc:
            number, text = locate(source, exc.lineno, texts)
            return [_message(path, "", number, text, describe(exc, seconds))]
        keep(kept, json.dumps(sorted(undeclared)).encode())
    problems = []
    for name in sorted(undeclared - set(sample) - set(env.globals)):
        pattern = re.compile(rf"\{{[{{%][^}}]*\b{re.escape(name)}\b")
        number = next((n for n, t in enumerate(texts, 1) if pattern.search(t)), None)
        problems.append(
            _message(
                path,
                "",
                number,
                texts[number - 1] if number else "",
                f"unknown variable '{name}'; known: {', '.join(sorted(sample))}",
            )
        )
    if problems:
        return problems
    try:
        render(path, sample, seconds)
    except DraftError as exc:
        problems.append(exc.message)
    return problems
