"""The default templates, generated so they stay consistent: ``python tools/templates.py``.

Six ``.docx`` files (consolidated, region, session × ru, en) in ``toolkit/data/templates/``
and the sample workspace's ``templates/``.
They are ordinary Word documents: built-in heading and list styles, a few named styles
for the rest (no direct formatting in the body), and docxtpl tags each typed in a single
run, so people can restyle and reword them in Word. Run this module after changing it and
commit the regenerated files.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from toolkit.draft.context import KINDS
from toolkit.draft.wordml import LOCALES, set_language
from toolkit.workspace import default_templates_dir

BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH = Cm(21 - 3 - 1.5)
SAMPLE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: Every piece of fixed text, per language (``{{ … }}`` and ``{% … %}`` are docxtpl tags).
TEXT: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "template_text.yaml").read_text(encoding="utf-8")
)

_TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1"
    w:styleId="ProposalTable">
  <w:name w:val="Proposal Table"/><w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
  <w:tblPr><w:tblBorders>
    <w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    <w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    <w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
    <w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>
  </w:tblBorders><w:tblCellMar>
    <w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
    <w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
  </w:tblCellMar></w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3A5F"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""


# ------------------------------------------------------------------ styles


def _paragraph_style(
    document: DocumentObject,
    name: str,
    base: str = "Normal",
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
    font: str | None = None,
    before: float | None = None,
    after: float | None = None,
    align: Any = None,
    indent: Any = None,
    keep_next: bool = False,
) -> Any:
    """Get or create a paragraph style and set what is given."""
    styles = document.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.base_style = styles[base] if name != base else style.base_style
    style.quick_style = True
    run, par = style.font, style.paragraph_format
    if font:
        run.name = font
        fonts = style.element.rPr.rFonts
        fonts.set(qn("w:cs"), font)
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(key), None)
    if size:
        run.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    if color is not None:
        run.color.rgb = color
    if before is not None:
        par.space_before = Pt(before)
    if after is not None:
        par.space_after = Pt(after)
    if align is not None:
        par.alignment = align
    if indent is not None:
        par.left_indent = indent
    if keep_next:
        par.keep_with_next = True
    return style


def _styles(document: DocumentObject, kind: str) -> None:
    """Fonts, headings, lists, the contents, tables: everything the body refers to by name."""
    _paragraph_style(document, "Normal", font=BODY_FONT, size=12, after=6)
    document.styles["Normal"].paragraph_format.line_spacing = 1.1
    for level, size in ((1, 16), (2, 13), (3, 12)):
        _paragraph_style(
            document,
            f"Heading {level}",
            font=HEADING_FONT,
            size=size,
            bold=True,
            color=ACCENT,
            before=18 if level == 1 else 12,
            after=6,
            keep_next=True,
        )
    document.styles["Heading 1"].paragraph_format.page_break_before = kind == "consolidated"
    title = _paragraph_style(
        document,
        "Title",
        font=HEADING_FONT,
        size=24 if kind == "consolidated" else 20,
        bold=True,
        color=ACCENT,
        before=12,
        after=12,
    )
    title.element.get_or_add_pPr().remove_all("w:pBdr")
    subtitle = _paragraph_style(
        document, "Subtitle", font=HEADING_FONT, size=13, color=GREY, after=12
    )
    subtitle.element.get_or_add_rPr().remove_all("w:spacing")
    _paragraph_style(
        document,
        "Cover Forum",
        font=HEADING_FONT,
        size=14,
        bold=True,
        color=ACCENT,
        before=120 if kind == "consolidated" else 0,
        after=4,
    )
    _paragraph_style(document, "Cover Meta", font=HEADING_FONT, size=11, color=GREY, after=4)
    _paragraph_style(
        document,
        "Cover Status",
        font=HEADING_FONT,
        size=12,
        bold=True,
        color=RGBColor(0xA6, 0x1B, 0x1B),
        before=36 if kind == "consolidated" else 6,
        after=4,
    )
    _paragraph_style(document, "Proposal Details", size=10, color=GREY, after=10, indent=Cm(1))
    _paragraph_style(
        document, "Table Text", size=10, before=0, after=0
    ).paragraph_format.line_spacing = 1.0
    _paragraph_style(
        document, "Chart Text", "Table Text", keep_next=True
    )  # a chart stays on one page
    _paragraph_style(document, "Note", size=10, italic=True, color=GREY, after=6)
    _paragraph_style(
        document,
        "Caption",
        font=HEADING_FONT,
        size=10,
        bold=True,
        color=ACCENT,
        before=12,
        after=4,
        keep_next=True,
    )
    contents = _paragraph_style(
        document,
        "TOC Heading",
        "Heading 1",
        font=HEADING_FONT,
        size=16,
        bold=True,
        color=ACCENT,
        before=0,
        after=12,
    )
    contents.paragraph_format.page_break_before = True
    contents.element.get_or_add_pPr().remove_all("w:outlineLvl")
    contents.element.pPr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    for level in (1, 2):
        toc = _paragraph_style(
            document,
            f"toc {level}",
            size=11,
            after=2 if level == 2 else 4,
            bold=level == 1,
            indent=Cm(0.6 * (level - 1)),
        )
        toc.paragraph_format.tab_stops.add_tab_stop(
            TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    header = _paragraph_style(
        document, "Header", font=HEADING_FONT, size=9, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    header.element.get_or_add_pPr().append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr>'
        )
    )
    _paragraph_style(
        document, "Footer", font=HEADING_FONT, size=9, color=GREY, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    document.styles.element.append(parse_xml(_TABLE_STYLE))
    proposal = _paragraph_style(document, "Proposal", after=2, indent=Cm(1), keep_next=True)
    proposal.paragraph_format.first_line_indent = Cm(-1)  # the number hangs in the margin
    proposal.paragraph_format.tab_stops.add_tab_stop(Cm(1))


# ------------------------------------------------------------------ building blocks


def _p(container: Any, text: str = "", style: str = "Normal") -> Any:
    """A paragraph whose text is one run (so every tag in it stays whole)."""
    return container.add_paragraph(text, style=style)


def _item(document: DocumentObject, line: str = "{{ item.details }}") -> None:
    """A proposal: its number (linked to the provenance annex), anchor and wording, then one
    compact line (left out when there is nothing to say)."""
    _p(document, "{{ item.ref }}{{ item.anchor }}{{ item.wording }}", "Proposal")
    if line == "{{ item.details }}":
        _p(document, "{%p if item.details %}")
        _p(document, line, "Proposal Details")
        _p(document, "{%p endif %}")
    else:
        _p(document, line, "Proposal Details")


def _table(
    document: DocumentObject,
    headers: Sequence[str],
    cells: Sequence[str],
    widths: Sequence[float],
    loop: str,
    style: str = "Table Text",
) -> None:
    """A table with a repeating header row and one row per element of ``loop``."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Proposal Table"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = parse_xml(f"<w:tblLook {nsdecls('w')}/>")
        table._tbl.tblPr.append(look)
    for key, value in (
        ("firstRow", "1"),
        ("lastRow", "0"),
        ("firstColumn", "0"),
        ("lastColumn", "0"),
        ("noHBand", "1"),
        ("noVBand", "1"),
        ("val", "0420"),
    ):
        look.set(qn(f"w:{key}"), value)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Cm(width)
    rows = table.rows
    rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    rows[1].cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    for column, (head, cell, width) in enumerate(zip(headers, cells, widths, strict=True)):
        for row in rows:
            row.cells[column].width = Cm(width)
            row.cells[column].paragraphs[0].style = document.styles[style]
        rows[0].cells[column].paragraphs[0].text = head
        rows[2].cells[column].paragraphs[0].text = cell
    for row in rows[1:]:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _header_footer(document: DocumentObject, kind: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = kind == "consolidated"
    section.header.paragraphs[0].text = "{{ forum.name }} · {{ forum.city }}, {{ forum.dates }}"
    section.header.paragraphs[0].style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


# ------------------------------------------------------------------ the three kinds


def _note_if(document: DocumentObject, condition: str, text: str) -> None:
    _p(document, f"{{%p if {condition} %}}")
    _p(document, text, "Note")
    _p(document, "{%p endif %}")


def _consolidated(document: DocumentObject, t: dict[str, str]) -> None:
    _p(document, "{{ forum.name }}", "Cover Forum")
    _p(document, "{{ forum.city }} · {{ forum.dates }}", "Cover Meta")
    _p(document, t["title"], "Title")
    _p(document, t["subtitle"], "Subtitle")
    _p(document, t["status"], "Cover Status")
    _p(document, t["generated"], "Cover Meta")
    _p(document, t["contents"], "TOC Heading")
    _p(document, "{{ toc }}")
    _p(document, t["intro"], "Heading 1")
    _p(document, t["intro_text"])
    _note_if(document, "status != 'final'", t["draft_note"])
    _note_if(document, "figures.awaiting", t["awaiting_note"])
    _p(document, t["figures"])
    for key in ("fig_sessions", "fig_speakers", "fig_proposals", "fig_regions"):
        _p(document, t[key], "List Bullet")
    _note_if(document, "not sections", t["no_items"])
    _p(document, "{%p if chart.by_principle or chart.by_document %}")
    _p(document, t["distribution"], "Heading 2")
    for key, head, loop in (
        ("chart_values", "principle", "by_principle"),
        ("chart_documents", "document", "by_document"),
    ):
        _p(document, f"{{%p if chart.{loop} %}}")
        _p(document, t[key], "Caption")
        _table(
            document,
            [t[head], t["count"], ""],
            ["{{ bar.label }}", "{{ bar.count }}", "{{ bar.bar }}"],
            [7.8, 2.7, 6.0],
            f"bar in chart.{loop}",
            "Chart Text",
        )
        if loop == "by_principle":  # a proposal has one route but may serve several values
            _p(document, t["chart_note"], "Note")
        _p(document, "{%p endif %}")
    _p(document, "{%p endif %}")
    _p(document, "{%p for section in sections %}")
    _p(document, "{{ section.label }}", "Heading 1")
    _note_if(document, "section.description", "{{ section.description }}")
    _p(document, "{%p if section.suggested and section.suggested == section.count %}")
    _p(document, t["suggested_all_note"], "Note")
    _p(document, "{%p elif section.suggested %}")
    _p(document, t["suggested_note"], "Note")
    _p(document, "{%p endif %}")
    _p(document, "{%p for group in section.groups %}")
    _p(document, "{%p if group.label %}")
    _p(document, "{{ group.label }}", "Heading 2")
    _p(document, "{%p endif %}")
    _p(document, "{%p for item in group.proposals %}")
    _item(document)
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _p(document, t["annex_sessions"], "Heading 1")
    _table(
        document,
        [t["date"], t["session"], t["format"], t["track"], t["moderator"]],
        ["{{ s.date }}", "{{ s.title }}", "{{ s.format }}", "{{ s.track }}", "{{ s.moderator }}"],
        [2.6, 5.6, 2.6, 3.2, 2.5],
        "s in sessions",
    )
    _p(document, t["annex_provenance"], "Heading 1")
    _p(document, t["provenance_text"])
    columns = ([t["number"], t["quote"], t["session"], t["speaker"], "ID"], ["target", "quote"])
    _rows_table(document, "provenance", columns, [1.0, 7.0, 3.4, 2.6, 2.5])
    _p(document, "{%p if awaiting %}")
    _p(document, t["annex_awaiting"], "Heading 1")
    _p(document, t["awaiting_text"])
    columns = ([t["language"], t["text"], t["session"], t["speaker"], "ID"], ["language", "text"])
    _rows_table(document, "awaiting", columns, [1.9, 6.6, 3.2, 2.3, 2.5])
    _p(document, "{%p endif %}")


def _rows_table(
    document: DocumentObject,
    rows: str,
    columns: tuple[list[str], list[str]],
    widths: list[float],
) -> None:
    """An annex table of ``rows``: the given first fields, then session, speaker and id."""
    headers, fields = columns
    names = [*fields, "session", "speaker", "id"]
    _table(document, headers, [f"{{{{ row.{n} }}}}" for n in names], widths, f"row in {rows}")


def _table_or_note(
    document: DocumentObject,
    rows: str,
    before: list[str],
    columns: tuple[list[str], list[str], list[float]],
    none: str,
) -> None:
    """The paragraphs ``before`` and a table of ``rows`` (headers, fields, widths), or a note."""
    headers, fields, widths = columns
    _p(document, f"{{%p if {rows} %}}")
    for text in before:
        _p(document, text)
    cells = [f"{{{{ row.{name} }}}}" for name in fields]
    _table(document, headers, cells, widths, f"row in {rows}")
    _p(document, "{%p else %}")
    _p(document, none, "Note")
    _p(document, "{%p endif %}")


def _region(document: DocumentObject, t: dict[str, str]) -> None:
    _p(document, "{{ forum.name }}", "Cover Forum")
    _p(document, t["region_title"], "Title")
    _p(document, t["region_subtitle"], "Subtitle")
    _p(document, t["brief_status"], "Cover Status")
    _p(document, t["summary"], "Heading 1")
    for key in ("fig_named", "fig_by_speakers", "fig_general", "fig_people"):
        _p(document, t[key], "List Bullet")
    _p(document, t["numbers_note"], "Note")
    for key in ("named", "by_speakers"):
        _p(document, t[key], "Heading 1")
        _p(document, f"{{%p for item in {key} %}}")
        _item(document)
        _p(document, "{%p endfor %}")
        _note_if(document, f"not {key}", t[f"none_{key}"])
    _note_if(document, "figures.awaiting", t["brief_awaiting"])
    _p(document, t["general"], "Heading 1")
    _table_or_note(
        document,
        "general",
        [t["general_text"]],
        ([t["document"], t["count"], t["numbers"]], ["label", "count", "numbers"], [7.5, 3.2, 5.8]),
        t["none_general"],
    )
    _p(document, t["people"], "Heading 1")
    _table_or_note(
        document,
        "speakers",
        [],
        (
            [t["name"], t["position"], t["session"]],
            ["name", "position", "session"],
            [4.0, 6.5, 6.0],
        ),
        t["none_people"],
    )


def _session(document: DocumentObject, t: dict[str, str]) -> None:
    _p(document, "{{ forum.name }}", "Cover Forum")
    _p(document, t["session_meta"], "Cover Meta")
    _p(document, "{{ session.title }}", "Title")
    _note_if(document, "session.foreign", t["foreign_note"])
    _p(document, t["participants"], "Heading 1")
    _p(document, "{%p if moderator %}")
    _p(document, t["moderator_line"])
    _p(document, "{%p endif %}")
    _p(document, "{%p if speakers %}")
    _p(document, t["speakers"])
    _p(document, "{%p for person in speakers %}")
    _p(document, t["speaker_line"], "List Bullet")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endif %}")
    for key in ("conclusions", "problems"):
        _p(document, f"{{%p if {key} %}}")
        _p(document, t[key], "Heading 1")
        _p(document, f"{{%p for text in {key} %}}")
        _p(document, "{{ text }}", "List Bullet")
        _p(document, "{%p endfor %}")
        _p(document, "{%p endif %}")
    _p(document, t["proposals"], "Heading 1")
    _p(document, "{%p if proposals %}")
    _p(document, t["numbers_note"], "Note")
    _p(document, "{%p endif %}")
    _p(document, "{%p for item in proposals %}")
    _item(document, t["attribution"])
    _p(document, "{%p endfor %}")
    _note_if(document, "awaiting", t["session_awaiting"])
    _note_if(document, "not proposals and not awaiting", t["none_proposals"])


BUILDERS = {"consolidated": _consolidated, "region": _region, "session": _session}


def build(kind: str, lang: str) -> DocumentObject:
    """One default template as a python-docx document."""
    document = docx.Document()
    _styles(document, kind)
    _header_footer(document, kind)
    set_language(document, lang)
    t = TEXT[lang]
    BUILDERS[kind](document, t)
    core = document.core_properties
    core.title, core.subject, core.keywords = (
        f"{kind}-{lang}",
        "toolkit draft template",
        t["keywords"],
    )
    core.author = core.last_modified_by = "toolkit"
    core.language = LOCALES[lang]
    _slim(document)
    return document


#: Styles every document keeps besides those its body names: what the toolkit adds while
#: drafting (contents entries, comments, links) and Word's own defaults.
KEPT_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "toc 1",
    "toc 2",
    "annotation text",
    "annotation reference",
    "Hyperlink",
}
#: Parts python-docx's blank document carries that no template needs (Word 2010 style
#: effects, a thumbnail, custom XML): each document would read and write them again.
DROPPED_PARTS = ("stylesWithEffects", "customXml", "thumbnail")


def _slim(document: DocumentObject) -> None:
    """Only the styles the template uses, no latent-style list, no unneeded parts.

    python-docx's blank document holds 800 KB of style definitions; every drafted document
    would parse and compress them again (about half of a brief's drafting time).
    """
    styles = document.styles.element
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    xml = (
        "".join(
            part.blob.decode("utf-8") if hasattr(part, "blob") else ""
            for part in (document.part, *document.part.related_parts.values())
            if part.partname.endswith(("document.xml", "header1.xml", "footer1.xml"))
        )
        + document.element.xml
    )
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    names = {s_id: s.find(qn("w:name")).get(qn("w:val")) for s_id, s in by_id.items()}
    wanted = {s_id for s_id, name in names.items() if name in KEPT_STYLES or f'"{s_id}"' in xml}
    for s_id in list(wanted):  # and what they are based on or linked to
        current = by_id.get(s_id)
        while current is not None:
            wanted.add(current.get(qn("w:styleId")))
            base = current.find(qn("w:basedOn"))
            linked = current.find(qn("w:link"))
            if linked is not None:
                wanted.add(linked.get(qn("w:val")))
            current = by_id.get(base.get(qn("w:val"))) if base is not None else None
    for s_id, style in by_id.items():
        if s_id not in wanted:
            styles.remove(style)
    for source in (document.part, document.part.package):
        for r_id, rel in list(source.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROPPED_PARTS:
                source.rels.pop(r_id)


def main(argv: list[str] | None = None) -> int:
    """Rebuild the six default templates into ``toolkit/data/templates/`` and the sample
    workspace's ``templates/`` (or into one given folder)."""
    args = sys.argv[1:] if argv is None else argv
    targets = [Path(args[0])] if args else [default_templates_dir(), SAMPLE_TEMPLATES]
    for target in targets:
        target.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            for lang in TEXT:
                path = target / f"{kind}-{lang}.docx"
                buffer = io.BytesIO()
                build(kind, lang).save(buffer)
                path.write_bytes(_reproducible(buffer.getvalue()))
                print(path)
    return 0


def _reproducible(data: bytes) -> bytes:
    """The same .docx with fixed zip timestamps, so regenerating changes no committed byte."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in source.infolist():
            copy.writestr(
                zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)),
                source.read(info),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
