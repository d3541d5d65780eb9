"""Finishing a rendered document with python-docx: what Jinja tags cannot express.

Provenance comments in the margin, item numbers that link to their row of the provenance
annex (and back), a table of contents that already lists its entries (Word, LibreOffice
and a PDF show them without updating fields; Word is asked to update the page numbers on
open, and the build fills them in where LibreOffice is installed), the document language
for spell-checking, and the core properties. Comment anchors, links, link targets and the
contents' place reach this module as markers rendered from the context (see ``context.py``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from copy import deepcopy
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from .context import ANCHOR_RE, LINK_RE, TARGET_RE, TOC_MARK

LOCALES = {"ru": "ru-RU", "en": "en-US"}
_PROPERTIES = qn("w:rPr")
TOC_LEVELS = 2


@lru_cache(maxsize=128)
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """A prefixed tag's Clark name and namespace map (python-docx parses them on every call)."""
    prefix = tag.partition(":")[0]
    return qn(tag), {prefix: nsmap[prefix]}


class _Attributes(dict[str, str]):
    """``key`` → the Clark name of ``w:key``, worked out on first use."""

    def __missing__(self, key: str) -> str:
        self[key] = name = qn(f"w:{key}")
        return name


class _Prototypes(dict[str, Any]):
    """``tag`` → an empty element of it, made on first use and never changed: copying it
    costs less than making one."""

    def __missing__(self, tag: str) -> Any:
        name, namespaces = _tag(tag)
        self[tag] = element = oxml_parser.makeelement(name, nsmap=namespaces)
        return element


_ATTRIBUTES = _Attributes()
_PROTOTYPES = _Prototypes()
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _element(tag: str, text: str | None = None, **attrs: str) -> Any:
    """A python-docx element (tens of thousands per long draft: copied from an empty one of
    its tag, without python-docx's tag parsing nor the ``copy`` module's dispatch)."""
    node = _PROTOTYPES[tag].__copy__()
    for key, value in attrs.items():
        node.set(_ATTRIBUTES[key], value)
    if text is not None:
        _set_text(node, text)
    return node


#: Small pieces made together, each copied in one go (a copy of a piece costs about what a
#: copy of one element does): text runs, with a tab before the text, and a linked run.
_PIECES = {
    "run": "<w:r><w:t/></w:r>",
    "tab run": "<w:r><w:tab/><w:t/></w:r>",
    "link": '<w:hyperlink w:anchor="" w:history="1"><w:r><w:t/></w:r></w:hyperlink>',
    "comment reference": '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
    '<w:commentReference w:id=""/></w:r>',
}


@lru_cache(maxsize=len(_PIECES))
def _piece(kind: str) -> Any:
    """The piece ``kind`` of :data:`_PIECES`, never changed (see :func:`_copy_of`)."""
    tag, rest = _PIECES[kind].split(">", 1)
    return parse_xml(f"{tag} {nsdecls('w')}>{rest}")


def _copy_of(kind: str) -> Any:
    return _piece(kind).__deepcopy__(None)


def _set_text(node: Any, text: str) -> None:
    """``node``'s text, its spaces kept where it starts or ends with one (as :func:`_element`)."""
    node.text = text
    if text != text.strip():
        node.set(_SPACE, "preserve")


def _text_run(text: str, properties: Any = None, tab: bool = False) -> Any:
    """``<w:r>[properties][<w:tab/>]<w:t>text</w:t></w:r>`` (``properties`` copied)."""
    run = _copy_of("tab run" if tab else "run")
    _set_text(run[-1], text)
    if properties is not None:
        run.insert(0, deepcopy(properties))
    return run


def _run(*children: Any) -> Any:
    run = _element("w:r")
    run.extend(children)
    return run


def _field_runs(instruction: str, result: str | None = None) -> list[Any]:
    """The runs of a complex field; without ``result`` the field is left open (no end)."""
    runs = [
        _run(_element("w:fldChar", fldCharType="begin")),
        _run(_element("w:instrText", f" {instruction} ")),
        _run(_element("w:fldChar", fldCharType="separate")),
    ]
    if result is not None:
        runs += [_run(_element("w:t", result)), _run(_element("w:fldChar", fldCharType="end"))]
    return runs


def set_language(document: DocumentObject, lang: str) -> None:
    """Make ``lang`` the language of every style, so Word checks spelling in it."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _element("w:docDefaults")
        styles.insert(0, defaults)
    holder = defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = _element("w:rPrDefault")
        defaults.insert(0, holder)
    props = holder.find(qn("w:rPr"))
    if props is None:
        props = _element("w:rPr")
        holder.append(props)
    lang_element = props.find(qn("w:lang"))
    if lang_element is None:
        lang_element = _element("w:lang")
        props.append(lang_element)
    lang_element.set(qn("w:val"), LOCALES[lang])
    for style_lang in styles.iter(qn("w:lang")):
        if style_lang is not lang_element:
            style_lang.set(qn("w:val"), LOCALES[lang])
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LOCALES[lang])


def _comment_xml(number: int, text: str, author: str, initials: str, date: str) -> str:
    paragraphs = []
    for index, line in enumerate(text.split("\n")):
        mark = (
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            if index == 0
            else ""
        )
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{mark}'
            f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        )
    return (
        f'<w:comment w:id="{number}" w:author={quoteattr(author)} w:initials={quoteattr(initials)} '
        f'w:date="{date}">{"".join(paragraphs)}</w:comment>'
    )


def _mark_comment(first: Any, last: Any, number: int) -> None:
    """The comment's range from run ``first`` to run ``last``, and its reference mark."""
    first.addprevious(_element("w:commentRangeStart", id=str(number)))
    end = _element("w:commentRangeEnd", id=str(number))
    last.addnext(end)
    reference = _copy_of("comment reference")
    reference[1].set(_ATTRIBUTES["id"], str(number))
    end.addnext(reference)


def marked_texts(document: DocumentObject) -> list[Any]:
    """The body's texts (``w:t``) holding a marker, in document order: looked for once and
    handed to :func:`add_comments`, :func:`link_items` and :func:`insert_toc` (a long draft
    has tens of thousands of texts, a few thousand of them marked)."""
    return [t for t in document.element.body.iter(qn("w:t")) if t.text and "⟦" in t.text]


def add_comments(
    document: DocumentObject,
    comments: dict[int, str],
    author: str,
    texts: list[Any] | None = None,
) -> int:
    """Attach each anchored paragraph's comment and remove the anchors; return how many.

    ``texts``: :func:`marked_texts` of the document, if at hand. The comment bodies are
    written in one batch: python-docx's ``add_comment`` looks up the next free id among all
    comments each time, which takes minutes for thousands of them.
    """
    hits = [t for t in _marked(document, texts) if "⟦" in t.text]
    if not hits:
        return 0
    _ = document.comments  # python-docx adds the comments part on first access
    root = document.part.part_related_by(RT.COMMENTS).element
    next_id = max((int(i) for i in root.xpath("./w:comment/@w:id")), default=-1) + 1
    initials = "".join(word[0] for word in author.split())[:2].upper()
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    bodies = []
    for text in hits:
        numbers = [int(n) for n in ANCHOR_RE.findall(text.text)]
        if not numbers:  # an item number or annex marker only (two in three of them)
            continue
        text.text = ANCHOR_RE.sub("", text.text)
        paragraph = next(text.iterancestors(qn("w:p")))
        runs = [r for r in paragraph.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        for number in numbers:
            if number in comments and runs:
                _mark_comment(runs[0], runs[-1], next_id)
                bodies.append(_comment_xml(next_id, comments[number], author, initials, date))
                next_id += 1
    if bodies:
        root.extend(parse_xml(f"<w:comments {nsdecls('w')}>{''.join(bodies)}</w:comments>"))
    return len(bodies)


def remove_comments(document: DocumentObject) -> None:
    """Take out the comments (their ranges, marks and bodies): for the copy LibreOffice lays
    out to page the contents, since comments move no page and cost a fifth of its time."""
    body = document.element.body
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for mark in list(body.iter(qn(tag))):
            mark.getparent().remove(mark)
    for reference in list(body.iter(qn("w:commentReference"))):
        run = reference.getparent()
        run.getparent().remove(run)
    for key, relationship in list(document.part.rels.items()):
        if relationship.reltype == RT.COMMENTS:
            document.part.drop_rel(key)


def drop_links(document: DocumentObject) -> int:
    """Unwrap the hyperlinks (their runs stay, formatted as they were) and take out every
    bookmark but the contents' (``_Toc…``): for the copy LibreOffice lays out to page the
    contents, since neither moves a page and LibreOffice reads the copy a tenth faster
    without them. Returns how many hyperlinks were unwrapped."""
    body = document.element.body
    links = list(body.iter(qn("w:hyperlink")))
    for link in links:
        parent = link.getparent()
        at = parent.index(link)
        parent[at : at + 1] = list(link)
    dropped = set()
    for mark in list(body.iter(qn("w:bookmarkStart"))):
        if not (mark.get(qn("w:name")) or "").startswith("_Toc"):
            dropped.add(mark.get(qn("w:id")))
            mark.getparent().remove(mark)
    for end in list(body.iter(qn("w:bookmarkEnd"))):
        if end.get(qn("w:id")) in dropped:
            end.getparent().remove(end)
    return len(links)


def _keeps_with_next(paragraph: Any, styles: dict[str, Any]) -> bool:
    """Whether a paragraph is kept on one page with the next (its own ``keepNext`` or its
    style's, along the ``basedOn`` chain): dropping what follows would move it."""
    properties = paragraph.find(qn("w:pPr"))
    keep = properties.find(qn("w:keepNext")) if properties is not None else None
    style = properties.find(qn("w:pStyle")) if properties is not None else None
    style_id = style.get(qn("w:val")) if style is not None else None
    seen: set[str] = set()
    while keep is None and style_id in styles and style_id not in seen:
        seen.add(style_id)
        keep = styles[style_id].find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        based = styles[style_id].find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return keep is not None and keep.get(qn("w:val"), "true") not in ("0", "false", "off")


def drop_after_contents(document: DocumentObject) -> int:
    """Take out what follows the last heading the contents list (and the paragraph it is kept
    with), keeping the page setup: for the copy LibreOffice lays out to page the contents,
    since nothing after the last heading moves a page before it, and the annexes' tables
    there cost LibreOffice as much to read as the headings' pages. Returns what was dropped
    (top-level paragraphs and tables)."""
    body = document.element.body
    children = list(body)
    toc = [
        index
        for index, child in enumerate(children)
        if any(
            (mark.get(qn("w:name")) or "").startswith("_Toc")
            for mark in child.iter(qn("w:bookmarkStart"))
        )
    ]
    if not toc:
        return 0
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}
    last = toc[-1] + 1  # the heading is kept, and what follows it as long as it keeps with next
    while (
        last + 1 < len(children)
        and children[last].tag == qn("w:p")
        and _keeps_with_next(children[last], styles)
    ):
        last += 1
    dropped = [child for child in children[last + 1 :] if child.tag != qn("w:sectPr")]
    for child in dropped:
        body.remove(child)
    return len(dropped)


#: The main document part of a package python-docx writes.
MAIN_PART = "word/document.xml"
#: Parts python-docx, opening a package it wrote and saving it again, writes differently
#: (an empty core property, written ``<dc:identifier></dc:identifier>`` by the render, closes
#: itself once parsed again): parsed and written again by :func:`with_toc_pages` too.
REWRITTEN_PARTS = ("docProps/core.xml",)


def with_toc_pages(package: bytes, pages: dict[str, int]) -> bytes | None:
    """A saved document (``package``, as python-docx wrote it) with page numbers (bookmark →
    page, as found in a PDF) in its contents' entries, or ``None`` if no entry got one.

    The parts are the same, byte for byte, as python-docx opening the package, filling the
    pages in and saving it again gives, in a third of the time: only the main part (and
    :data:`REWRITTEN_PARTS`) is parsed and written again, the others are copied in their
    order under the same names. The build does this to both consolidated drafts once
    LibreOffice has paged them, on its critical path.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        root = parse_xml(source.read(MAIN_PART))
        if not _fill_toc(root, pages):
            return None
        written = io.BytesIO()
        with zipfile.ZipFile(written, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for name in source.namelist():
                if name == MAIN_PART:
                    blob = serialize_part_xml(root)
                elif name in REWRITTEN_PARTS:
                    blob = serialize_part_xml(parse_xml(source.read(name)))
                else:
                    blob = source.read(name)
                target.writestr(name, blob)  # as python-docx writes each part
    return written.getvalue()


def _fill_toc(element: Any, pages: dict[str, int]) -> int:
    """Add each contents entry's page under ``element`` as a PAGEREF field (Word keeps it
    right when the document changes); how many entries got one."""
    filled = 0
    for link in element.iter(qn("w:hyperlink")):
        bookmark = link.get(qn("w:anchor")) or ""
        if bookmark.startswith("_Toc") and bookmark in pages:
            link.extend(
                [
                    _run(_element("w:tab")),
                    *_field_runs(f"PAGEREF {bookmark} \\h", str(pages[bookmark])),
                ]
            )
            filled += 1
    return filled


def ask_to_update_fields(document: DocumentObject) -> None:
    """Word updates the contents' page numbers when the document is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    settings.append(_element("w:updateFields", val="true"))


#: Bookmarks of item numbers: in the body (``_Item12``) and in the provenance annex (``_Src12``).
ITEM_BOOKMARK = "_Item{}"
SOURCE_BOOKMARK = "_Src{}"


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """A bookmark around a whole paragraph (its id kept apart from other bookmarks' ids)."""
    properties = paragraph.find(qn("w:pPr"))
    start = _element("w:bookmarkStart", id=str(900000 + number), name=name)
    paragraph.insert(paragraph.index(properties) + 1 if properties is not None else 0, start)
    paragraph.append(_element("w:bookmarkEnd", id=str(900000 + number)))


def _split_marker(text: Any, match: Any, tab: bool = False) -> tuple[Any, Any]:
    """Cut a marker out of a ``w:t``: the run before it keeps its text, a copy holds the rest
    (after a tab, with ``tab``)."""
    run = text.getparent()
    before, after = text.text[: match.start()], text.text[match.end() :]
    text.text = before
    if before != before.strip():
        text.set(_SPACE, "preserve")
    rest = _text_run(after, run.find(_PROPERTIES), tab)
    for following in list(text.itersiblings()):  # line breaks and text after the marker
        rest.append(following)
    run.addnext(rest)
    return run, rest


def _marked(document: DocumentObject, texts: list[Any] | None) -> list[Any]:
    """``texts`` (:func:`marked_texts`, handed on) or the document's own, that still have text."""
    return [t for t in (marked_texts(document) if texts is None else texts) if t.text]


def link_items(document: DocumentObject, texts: list[Any] | None = None) -> int:
    """Turn item-number markers into "12." linked to the annex row, and annex markers into
    "12" linked back to the item; a number with nothing to link to stays plain text.

    ``texts``: :func:`marked_texts` of the document, if at hand. Returns how many item
    numbers were linked.
    """
    marked = _marked(document, texts)
    targets = {
        int(m.group(1)) for t in marked if "⟦@" in t.text for m in TARGET_RE.finditer(t.text)
    }
    linked, seen = 0, set()
    for text in [t for t in marked if "⟦#" in t.text or "⟦@" in t.text]:
        paragraph = next(text.iterancestors(qn("w:p")))
        match = LINK_RE.search(text.text) or TARGET_RE.search(text.text)
        number = int(match.group(1))
        is_link = match.group(0).startswith("⟦#")
        run, _ = _split_marker(text, match, tab=is_link)
        if is_link:
            shown = f"{number}."
            if number in targets:
                _bookmark(paragraph, ITEM_BOOKMARK.format(number), number)
                anchor = SOURCE_BOOKMARK.format(number)
            else:
                anchor = None
        else:
            shown = str(number)
            anchor = ITEM_BOOKMARK.format(number)
            if number not in seen:
                _bookmark(paragraph, SOURCE_BOOKMARK.format(number), 200000 + number)
                seen.add(number)
        properties = run.find(_PROPERTIES)
        if anchor:
            link = _copy_of("link")
            link.set(_ATTRIBUTES["anchor"], anchor)
            _set_text(link[0][0], shown)
            if properties is not None:
                link[0].insert(0, deepcopy(properties))
            run.addnext(link)
            linked += is_link
        else:
            run.addnext(_text_run(shown, properties))
    return linked


def _styles_by_name(document: DocumentObject) -> dict[str, str]:
    """Lower-case style name → style id (Word localises the ids, never the built-in names)."""
    found = {}
    for style in document.styles.element.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            found[name.get(qn("w:val")).lower()] = style.get(qn("w:styleId"))
    return found


@lru_cache(maxsize=4)
def _styled(count: int) -> Any:
    """Paragraphs' styles (``w:p/w:pPr/w:pStyle``) of one of ``count`` ids, and a paragraph."""
    either = " or ".join(f"@w:val = $id{n}" for n in range(count)) or "false()"
    return etree.XPath(
        f"descendant::w:pStyle[({either}) and parent::w:pPr/parent::w:p] | $place",
        namespaces={"w": nsmap["w"]},
    )


def _heading_styles(place: Any, body: Any, ids: Iterable[str]) -> list[Any]:
    """What ``place.xpath("following::w:p/w:pPr/w:pStyle")`` gives with one of the style
    ``ids``, in document order: found by one walk down the body (lxml's ``following`` axis
    took twice as long for a long draft: tens of thousands of paragraphs, few headings)."""
    wanted = {f"id{n}": style_id for n, style_id in enumerate(ids)}
    found = _styled(len(wanted))(body, place=place, **wanted)
    return [
        style
        for style in found[found.index(place) + 1 :]
        if place not in style.iterancestors()
        and style.getparent().getparent() not in place.iterancestors()
    ]


def insert_toc(document: DocumentObject, texts: list[Any] | None = None) -> int:
    """Replace the contents marker with a TOC field pre-filled with the headings after it.

    ``texts``: :func:`marked_texts` of the document, if at hand (the marker is looked for in
    the whole body where none of them holds it still). Returns the number of entries; a
    template without ``{{ toc }}`` gets no contents (0).
    """
    body = document.element.body
    marker = next((t for t in texts or () if t.text and TOC_MARK in t.text), None)
    if marker is None:
        marker = next((t for t in body.iter(qn("w:t")) if t.text and TOC_MARK in t.text), None)
    if marker is None:
        return 0
    place = next(a for a in marker.iterancestors(qn("w:p")))
    names = _styles_by_name(document)
    levels = {names[f"heading {n}"]: n for n in range(1, TOC_LEVELS + 1) if f"heading {n}" in names}
    headings = []
    for style in _heading_styles(place, body, levels):
        p = style.getparent().getparent()
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if text:
            headings.append((levels[style.get(qn("w:val"))], text, p))
    taken = [int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))]
    next_id = max(taken, default=0) + 1
    paragraphs = []
    for number, (level, text, heading) in enumerate(headings):
        bookmark = f"_Toc{next_id + number:08d}"
        start = _element("w:bookmarkStart", id=str(next_id + number), name=bookmark)
        properties = heading.find(qn("w:pPr"))
        heading.insert(heading.index(properties) + 1 if properties is not None else 0, start)
        heading.append(_element("w:bookmarkEnd", id=str(next_id + number)))
        entry = _element("w:p")
        if f"toc {level}" in names:
            entry.append(_element("w:pPr"))
            entry[0].append(_element("w:pStyle", val=names[f"toc {level}"]))
        link = _element("w:hyperlink", anchor=bookmark, history="1")
        link.append(_run(_element("w:t", text)))
        entry.append(link)
        paragraphs.append(entry)
    if not paragraphs:
        paragraphs = [_element("w:p")]
    first, last = paragraphs[0], paragraphs[-1]
    insert_at = 1 if first.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(_field_runs(f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')):
        first.insert(insert_at + offset, run)
    last.append(_run(_element("w:fldChar", fldCharType="end")))
    for paragraph in paragraphs:
        place.addprevious(paragraph)
    place.getparent().remove(place)
    return len(headings)


def set_properties(document: DocumentObject, properties: dict[str, str], lang: str) -> None:
    """Title, subject, author, keywords and language, so the file is findable and well labelled."""
    core = document.core_properties
    core.title = properties["title"]
    core.subject = properties["subject"]
    core.author = properties["author"]
    core.keywords = properties["keywords"]
    core.language = LOCALES[lang]
    core.last_modified_by = properties["author"]
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    core.created = core.modified = now
    core.revision = 1
