"""The Word documents: content read back with python-docx, bad templates and bad input, PDF."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from toolkit.cli import cli
from toolkit.draft import check_template, draft_documents, new_template
from toolkit.draft.context import safe_stem
from toolkit.errors import DraftError
from toolkit.notes import Note, Person, find_note_files, iter_notes
from toolkit.register import DraftItem, Proposal, write_register
from toolkit.workspace import Workspace, default_templates_dir

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ["krasnoyarsk-krai", "novosibirsk-oblast", "khakassia"]


# ------------------------------------------------------------------ fixtures and helpers


def read_notes(ws: Workspace) -> list[Note]:
    return list(iter_notes(find_note_files([ws.notes_dir]), ws.profile))


def items_from_notes(ws: Workspace, notes: list[Note]) -> list[DraftItem]:
    """One accepted item per item under a proposals heading (extraction is tested elsewhere)."""
    values, documents = list(ws.profile.values), list(ws.profile.documents)
    items = []
    for note in notes:
        for block in note.blocks:
            if block.role != "proposals" or block.kind != "item":
                continue
            n = len(items)
            pid = "P-" + hashlib.sha1(f"{note.session.id} {block.text}".encode()).hexdigest()[:10]
            proposal = Proposal(
                pid,
                note.session.id,
                block.text,
                block.start,
                block.end,
                block.speaker,
                note.language,
                [values[n % len(values)]],
                [documents[n % len(documents)]] if n % 5 else [],
                [REGIONS[n % 3]] if n % 2 else [],
                marked=True,
                title=note.session.title,
            )
            items.append(
                DraftItem(
                    pid,
                    proposal.text,
                    proposal.language,
                    {},
                    proposal.values,
                    proposal.targets,
                    proposal.regions,
                    [proposal],
                    "accepted",
                )
            )
    return items


def make_workspace(root: Path, notes: int | None = None) -> Workspace:
    """A copy of the sample workspace (all its notes, or the first ``notes`` of them)."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "forum.yaml", root / "forum.yaml")
    files = find_note_files([ROOT / "session_notes"])
    for path in files[:notes]:
        target = root / "session_notes" / path.relative_to(ROOT / "session_notes")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (root / "outputs").mkdir()
    return Workspace(root)


def texts(document: docx.document.Document) -> list[str]:
    """Every paragraph's text, tables included, in order."""
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in document.element.body.iter(qn("w:p"))
    ]


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def comment_for(document: docx.document.Document, wording: str) -> str:
    """The text of the comment anchored on the paragraph that shows ``wording``."""
    for p in document.element.body.iter(qn("w:p")):
        if wording in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            starts = p.findall(qn("w:commentRangeStart"))
            if starts:
                return document.comments.get(int(starts[0].get(qn("w:id")))).text
    raise AssertionError(f"no commented paragraph shows {wording!r}")


def template(path: Path, *paragraphs: str | list[str]) -> Path:
    """A tiny template; a list stands for one paragraph made of several runs."""
    document = docx.Document()
    for paragraph in paragraphs:
        runs = [paragraph] if isinstance(paragraph, str) else paragraph
        p = document.add_paragraph()
        for run in runs:
            p.add_run(run)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def drafted(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Workspace, list[Note], list[DraftItem]]:
    """The sample workspace drafted once in both languages."""
    ws = make_workspace(tmp_path_factory.mktemp("drafted") / "forum")
    notes = read_notes(ws)
    items = items_from_notes(ws, notes)
    report = draft_documents(ws, items, notes)
    assert report.comments > len(items)
    return ws, notes, items


@pytest.fixture
def small(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "forum", notes=3)


# ------------------------------------------------------------------ the documents


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_consolidated_draft_shows_every_item_with_its_provenance(drafted, lang: str) -> None:
    ws, notes, items = drafted
    document = docx.Document(str(ws.outputs_dir / f"proposals-draft-{lang}.docx"))
    found = headings(document)
    assert found[0] == {"ru": "Введение", "en": "Introduction"}[lang]
    assert {
        "ru": "Приложение 1. Сессии деловой программы",
        "en": "Annex 1. Sessions of the business programme",
    }[lang] in found
    assert ws.profile.label("documents", items[1].targets[0], lang) in found
    assert len(document.comments) == len(items)
    for item in items:
        comment = comment_for(document, item.text)
        assert item.id in comment and item.text in comment
        assert (
            next(n.session.title for n in notes if n.session.id == item.sources[0].session)
            in comment
        )
        if item.sources[0].speaker:
            assert item.sources[0].speaker in comment
    body = "\n".join(texts(document))
    assert "⟦" not in body
    assert f"{len(items)};" in body or f"{len(items)}." in body or f": {len(items)}" in body
    provenance = document.tables[-1]
    assert len(provenance.rows) == len(items) + 1
    assert provenance.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_consolidated_draft_is_word_native(drafted) -> None:
    ws, _, items = drafted
    document = docx.Document(str(ws.outputs_dir / "proposals-draft-ru.docx"))
    body = document.element.body
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    toc = [p.text for p in document.paragraphs if p.style.name.lower() == "toc 1"]
    assert toc[0] == "Введение" and len(toc) >= 3
    assert sum(p.style.name == "List Number" for p in document.paragraphs) == len(items)
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert lang.get(qn("w:val")) == "ru-RU"
    core = document.core_properties
    assert (
        core.title.startswith("Предложения")
        and core.subject == "Российская креативная неделя — Сибирь"
    )
    assert core.author and core.keywords and core.language == "ru-RU"
    section = document.sections[0]
    assert "Российская креативная неделя — Сибирь" in section.header.paragraphs[0].text
    assert "PAGE" in section.footer._element.xml
    assert document.inline_shapes, "the chart's bars"


def test_region_briefs_cover_every_region_named_or_represented(drafted) -> None:
    ws, notes, items = drafted
    general = [i for i in items if not i.regions]
    for region in REGIONS:
        for lang in ("ru", "en"):
            document = docx.Document(str(ws.outputs_dir / "regions" / f"{region}-{lang}.docx"))
            body = "\n".join(texts(document))
            assert ws.profile.label("regions", region, lang) in document.paragraphs[1].text
            for item in items:
                if region in item.regions or item in general:
                    assert item.text in body
                    assert item.id in comment_for(document, item.text)
    speakers = {p.region for n in notes for p in n.session.speakers}
    assert "Алтайский край" in speakers
    brief = docx.Document(str(ws.outputs_dir / "regions" / "altai-krai-ru.docx"))
    assert "Степан Юрьев" in "\n".join(texts(brief))


def test_session_summaries_follow_the_notes(drafted) -> None:
    ws, notes, items = drafted
    for note in notes:
        session = note.session
        document = docx.Document(str(ws.outputs_dir / "sessions" / f"{session.id}-en.docx"))
        body = "\n".join(texts(document))
        assert document.paragraphs[2].text == session.title
        if session.moderator:
            assert f"Moderator: {session.moderator.name}" in body
        for person in session.speakers:
            assert person.name in body
            assert not person.organization or person.organization in body
        for block in note.blocks:
            if block.role in ("conclusions", "problems") and block.kind == "item":
                assert block.text in body
        for item in items:
            if item.sources[0].session == session.id:
                assert item.text in body
                assert item.id in comment_for(document, item.text)
    plenary = docx.Document(str(ws.outputs_dir / "sessions" / "plenary-values-ru.docx"))
    assert headings(plenary) == ["Участники", "Ключевые выводы", "Предложения"]


def test_merged_sources_are_folded_into_one_item(small: Workspace) -> None:
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    a = items[0]
    b = next(i for i in items if i.sources[0].session != a.sources[0].session)
    merged = DraftItem(
        a.id,
        a.text,
        a.language,
        {"ru": "Единая формулировка", "en": "One wording"},
        a.values,
        a.targets,
        a.regions,
        [*a.sources, *b.sources],
        "accepted",
    )
    draft_documents(small, [merged], notes)
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    comment = comment_for(document, "One wording")
    assert a.text in comment and b.text in comment and a.id in comment and b.id in comment
    assert "Sessions that raised it: 2" in "\n".join(texts(document))


# ------------------------------------------------------------------ bad input


NASTY_NOTE = """---
id: nasty-characters
title: "R&D <w:p> and design"
format: panel
date: 2024-11-21
language: en
moderator: Anna Lee
speakers:
  - name: Ivan Petrov
    role: Head & founder
    organization: "<w:p> Studio"
    region: Krasnoyarsk Krai
---

## Key conclusions

- Budgets & grants <w:p> matter\x0b a lot ⟦1⟧ ⟦TOC⟧

## Proposals

- Create an R&D fund for <b>studios</b>\x01 (Petrov)
"""


def test_text_xml_cannot_hold_is_escaped_or_cleaned(small: Workspace) -> None:
    (small.notes_dir / "nasty.md").write_text(NASTY_NOTE, encoding="utf-8")
    notes = read_notes(small)
    items = [
        i for i in items_from_notes(small, notes) if i.sources[0].session == "nasty-characters"
    ]
    item = DraftItem(
        items[0].id,
        items[0].text,
        "en",
        {"ru": "Фонд R&D <w:p/>\x0b сейчас"},
        [],
        [],
        [],
        items[0].sources,
        "accepted",
    )
    draft_documents(small, [item], notes)
    summary = "\n".join(
        texts(docx.Document(str(small.outputs_dir / "sessions" / "nasty-characters-en.docx")))
    )
    assert "R&D <w:p> and design" in summary
    # "<w:p>" is no HTML tag: the notes keep it as text, and the document escapes it
    assert "Budgets & grants <w:p> matter a lot [1] [TOC]" in summary
    assert "Ivan Petrov — Head & founder, <w:p> Studio (Krasnoyarsk Krai)" in summary
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    assert "«Create an R&D fund for studios»" in comment_for(document, "Create an R&D fund")
    ru = docx.Document(str(small.outputs_dir / "proposals-draft-ru.docx"))
    assert "Фонд R&D <w:p/>\n сейчас" in [p.text for p in ru.paragraphs]  # \x0b: a line break


def test_an_empty_register_still_gives_documents(small: Workspace) -> None:
    notes = read_notes(small)
    report = draft_documents(small, [], notes, langs=["ru"])
    document = docx.Document(str(small.outputs_dir / "proposals-draft-ru.docx"))
    assert "Предложения для включения в документ пока не отобраны." in texts(document)
    assert len(document.comments) == 0
    assert len([p for p in report.documents if p.parent.name == "sessions"]) == 3
    assert "ПРОЕКТ" in texts(document)


def test_region_names_become_safe_file_names(small: Workspace) -> None:
    notes = read_notes(small)
    notes[0].session.speakers[0] = Person("Ivan Escape", "role", "org", "../../Край/Область ..")
    report = draft_documents(small, [], notes, langs=["en"])
    names = [p.name for p in report.documents if p.parent.name == "regions"]
    assert "Край-Область-en.docx" in names
    assert all(p.resolve().is_relative_to(small.outputs_dir.resolve()) for p in report.documents)
    assert safe_stem("..") == "unnamed" and safe_stem("a/b\\c") == "a-b-c"


def test_stale_briefs_are_removed_but_never_a_users_file(small: Workspace) -> None:
    folder = small.outputs_dir / "regions"
    folder.mkdir(parents=True)
    stale = folder / "atlantis-ru.docx"  # written by an earlier run, listed in its manifest
    stale.write_bytes(b"old")
    (folder / ".written-by-toolkit").write_text("atlantis-ru.docx\n", encoding="utf-8")
    mine = folder / "my-annotated-copy-ru.docx"  # an official's own file
    mine.write_bytes(b"notes in the margin")
    report = draft_documents(small, [], read_notes(small), langs=["ru"])
    assert stale in report.removed and not stale.exists()
    assert mine.read_bytes() == b"notes in the margin"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Intro", "{{ forum.name }"], "consolidated-ru.docx: paragraph 2: syntax error"),
        (
            ["{{ forum.name }}", "{{ speaker_count }}"],
            "paragraph 2: unknown variable 'speaker_count'",
        ),
        (
            ["{{ forum.nickname }}"],
            "paragraph 1: unknown variable: 'dict object' has no attribute 'nickname'",
        ),
        (
            ["{{ ''.__class__ }}"],
            "paragraph 1: not allowed in a template: access to attribute '__class__'",
        ),
        (["{{ forum.name.__class__.__mro__ }}"], "paragraph 1: not allowed in a template"),
        (["a", "{% for i in range(10**12) %}{{ i }}{% endfor %}"], "paragraph 2: loop too long"),
        (["{{ 'x' * 10**9 }}"], "paragraph 1: not allowed in a template: repeating text"),
        (["{% for g in groups %}", "text"], "syntax error: Unexpected end of template"),
        (["{{ forum.name | nosuchfilter }}"], "paragraph 1: syntax error: No filter named"),
    ],
)
def test_bad_templates_are_reported_with_their_paragraph(
    tmp_path: Path, paragraphs, expected: str
) -> None:
    path = template(tmp_path / "consolidated-ru.docx", *paragraphs)
    problems = check_template(path)
    assert any(expected in problem for problem in problems), problems


def test_an_endless_loop_is_stopped(tmp_path: Path, small: Workspace) -> None:
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template(small.templates_dir / "session-ru.docx", "{{ session.title }}", loop)
    with pytest.raises(
        DraftError, match=r"session-ru.docx: paragraph 2: rendering took longer than 0.5 s"
    ):
        draft_documents(small, [], read_notes(small), langs=["ru"], seconds=0.5)
    assert not list(small.outputs_dir.rglob("*.docx")), (
        "nothing is written when a template is broken"
    )


def test_split_runs_and_unclosed_tags_are_reported(tmp_path: Path) -> None:
    path = template(tmp_path / "region-en.docx", ["{{ region.", "name }}"], "{{ forum.name", "ok")
    problems = check_template(path)
    assert (
        "region-en.docx: paragraph 1: tag «{{ region.name }}» is split across Word runs"
        in problems[0]
    )
    assert "paragraph 2: tag «{{ forum.name" in problems[1] and "not closed" in problems[1]


def test_a_template_needs_a_kind_in_its_name(tmp_path: Path) -> None:
    problems = check_template(template(tmp_path / "my-letter.docx", "hello"))
    assert "name it KIND-LANG.docx" in problems[0]


def test_default_templates_are_clean() -> None:
    paths = sorted(default_templates_dir().glob("*.docx"))
    assert len(paths) == 6
    for path in paths:
        assert check_template(path) == []


def test_workspace_templates_come_first(small: Workspace) -> None:
    path = new_template(small, "session", "en")
    document = docx.Document(str(path))
    document.add_paragraph("Prepared by the Krasnoyarsk team")
    document.save(str(path))
    draft_documents(small, [], read_notes(small), langs=["en"])
    summary = next((small.outputs_dir / "sessions").glob("*-en.docx"))
    assert "Prepared by the Krasnoyarsk team" in texts(docx.Document(str(summary)))
    with pytest.raises(DraftError, match="already exists"):
        new_template(small, "session", "en")


# ------------------------------------------------------------------ PDF


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_pdf_shows_the_contents_and_the_proposals(small: Workspace) -> None:
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    report = draft_documents(small, items, notes, langs=["ru"], pdf=True)
    pdf = small.outputs_dir / "proposals-draft-ru.pdf"
    assert pdf in report.pdfs and len(report.pdfs) == len(report.documents)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Российская креативная неделя — Сибирь" in text
    contents = text[text.index("Содержание") :]
    assert re.search(r"^Введение[ .]+\d+$", contents, re.MULTILINE), (
        "the contents shows page numbers"
    )
    for item in items:
        assert " ".join(item.text.split()[:4]) in " ".join(text.split())


# ------------------------------------------------------------------ the command line


def test_draft_command(runner, small: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = read_notes(small)
    write_register(
        [s for i in items_from_notes(small, notes) for s in i.sources],
        small.outputs_dir / "register.jsonl",
    )
    monkeypatch.setattr("toolkit.draft.soffice", lambda: None)
    result = runner.invoke(
        cli, ["-w", str(small.root), "draft", "--include-pending", "--lang", "en", "--pdf"]
    )
    assert result.exit_code == 0, result.output
    assert "PDF not written: LibreOffice (soffice) is not installed" in result.output
    assert "consolidated drafts 1" in result.output
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    assert "DRAFT" in texts(document)


def test_draft_command_follows_the_analysts_decisions(runner, small: Workspace) -> None:
    import openpyxl

    proposals = [s for i in items_from_notes(small, read_notes(small)) for s in i.sources]
    write_register(proposals, small.outputs_dir / "register.jsonl")
    assert runner.invoke(cli, ["-w", str(small.root), "review"]).exit_code == 0
    path = small.outputs_dir / "review.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["proposals"]
    column = {cell.value: cell.column for cell in sheet[1]}
    row = {sheet.cell(r, column["id"]).value: r for r in range(2, sheet.max_row + 1)}
    accepted, rejected, merged = proposals[0], proposals[1], proposals[-1]
    sheet.cell(row[accepted.id], column["decision"], "accepted")
    sheet.cell(row[accepted.id], column["wording_ru"], "Согласованная формулировка & <уточнение>")
    sheet.cell(row[rejected.id], column["decision"], "rejected")
    sheet.cell(row[merged.id], column["decision"], "merged")
    sheet.cell(row[merged.id], column["merge_into"], accepted.id)
    workbook.save(path)
    result = runner.invoke(cli, ["-w", str(small.root), "draft", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(small.outputs_dir / "proposals-draft-ru.docx"))
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered == ["Согласованная формулировка & <уточнение>"]
    comment = comment_for(document, "Согласованная формулировка")
    assert accepted.text in comment and merged.text in comment and rejected.text not in comment
    assert "ПРОЕКТ" in texts(document), "other proposals are still pending"


def test_draft_command_without_register(runner, small: Workspace) -> None:
    result = runner.invoke(cli, ["-w", str(small.root), "draft"])
    assert result.exit_code == 1
    assert "no register yet; run `toolkit extract" in result.output


def test_templates_commands(runner, small: Workspace) -> None:
    result = runner.invoke(
        cli, ["-w", str(small.root), "templates", "new", "region", "--lang", "ru"]
    )
    assert result.exit_code == 0, result.output
    assert (small.templates_dir / "region-ru.docx").is_file()
    again = runner.invoke(
        cli, ["-w", str(small.root), "templates", "new", "region", "--lang", "ru"]
    )
    assert again.exit_code == 1 and "already exists" in again.output
    ok = runner.invoke(cli, ["-w", str(small.root), "templates", "check"])
    assert ok.exit_code == 0 and "1 templates checked: 0 problems" in ok.output
    template(small.templates_dir / "session-en.docx", "{{ session.title }}", "{% if %}")
    bad = runner.invoke(cli, ["-w", str(small.root), "templates", "check"])
    assert bad.exit_code == 1
    assert "session-en.docx: paragraph 2: syntax error" in bad.output


@pytest.mark.parametrize(
    "command", [["draft"], ["templates"], ["templates", "check"], ["templates", "new"]]
)
def test_help_has_an_example(runner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Example: toolkit " in result.output
