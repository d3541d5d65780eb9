"""The Word documents: content read back with python-docx, bad templates and bad input, PDF."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from jinja2 import StrictUndefined

from toolkit.cli import cli
from toolkit.draft import check_template, draft_documents, new_template, pool
from toolkit.draft.context import safe_stem
from toolkit.draft.documents import sample_context
from toolkit.draft.pdf import bookmark_pages, convert
from toolkit.draft.render import Template, _opened, _parsed_in_document, render
from toolkit.draft.wordml import (
    _heading_styles,
    drop_after_contents,
    drop_links,
    remove_comments,
    with_toc_pages,
)
from toolkit.draft.words import count_form, words
from toolkit.errors import DraftError
from toolkit.notes import Note, Person, find_note_files, iter_notes
from toolkit.pool import in_order
from toolkit.profile import default_profile
from toolkit.register import DraftItem, Proposal, write_register
from toolkit.workspace import Workspace, default_templates_dir

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ["krasnoyarsk-krai", "novosibirsk-oblast", "khakassia"]


# ------------------------------------------------------------------ fixtures and helpers


def read_notes(ws: Workspace) -> list[Note]:
    return list(iter_notes(find_note_files([ws.notes_dir]), ws.profile))


def items_from_notes(ws: Workspace, notes: list[Note]) -> list[DraftItem]:
    """One accepted item per item under a proposals heading (extraction is tested elsewhere).

    Values, routes and regions rotate over the profile; every third item's route is inferred,
    every fifth has none (procedural); every fourth has a wording in the other language.
    """
    values, documents = list(ws.profile.values), list(ws.profile.documents)
    items = []
    for note in notes:
        for block in note.blocks:
            if block.role != "proposals" or block.kind != "item":
                continue
            n = len(items)
            pid = "P-" + hashlib.sha1(f"{note.session.id} {block.text}".encode()).hexdigest()[:10]
            route = documents[n % len(documents)] if n % 5 else None
            proposal = Proposal(
                pid,
                note.session.id,
                block.text,
                block.start,
                block.end,
                block.speaker,
                note.language,
                [values[n % len(values)]],
                [route] if route and n % 3 else [],
                [REGIONS[n % 3]] if n % 2 else [],
                marked=True,
                title=note.session.title,
            )
            other = "en" if note.language == "ru" else "ru"
            items.append(
                DraftItem(
                    pid,
                    proposal.text,
                    proposal.language,
                    {other: f"Translated wording {n}"} if n % 4 == 0 else {},
                    proposal.values,
                    proposal.targets,
                    proposal.regions,
                    [proposal],
                    "accepted",
                    route=route,
                    route_basis=None if route is None else ("inferred" if n % 3 == 0 else "named"),
                )
            )
    return items


def body_of(item: DraftItem, lang: str) -> str | None:
    """What a ``lang`` document shows for an item, or None when it awaits translation."""
    if item.wording.get(lang):
        return item.wording[lang]
    return item.text if item.language == lang else None


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


def numbered(document: docx.document.Document) -> dict[int, str]:
    """Item number → the paragraph's text, for paragraphs in the "Proposal" style."""
    found = {}
    for p in document.paragraphs:
        if p.style.name == "Proposal":
            number, _, text = p.text.partition(".")
            found[int(number)] = text.strip()
    return found


def links(paragraph) -> list[str]:
    return [h.get(qn("w:anchor")) for h in paragraph._p.iter(qn("w:hyperlink"))]


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
def test_consolidated_draft_shows_every_item_of_its_language_once(drafted, lang: str) -> None:
    ws, notes, items = drafted
    document = docx.Document(str(ws.outputs_dir / f"proposals-draft-{lang}.docx"))
    found = headings(document)
    assert found[0] == {"ru": "Введение", "en": "Introduction"}[lang]
    assert {
        "ru": "Приложение 1. Сессии деловой программы",
        "en": "Annex 1. Sessions of the business programme",
    }[lang] in found
    shown = [i for i in items if body_of(i, lang)]
    waiting = [i for i in items if not body_of(i, lang)]
    assert shown and waiting
    body = numbered(document)
    assert sorted(body) == list(range(1, len(shown) + 1)), "numbered 1…N in reading order"
    assert sorted(body.values()) == sorted(body_of(i, lang) for i in shown)
    assert len(document.comments) == len(shown)
    for item in shown:
        comment = comment_for(document, body_of(item, lang))
        assert item.id in comment and item.text in comment
        assert (
            next(n.session.title for n in notes if n.session.id == item.sources[0].session)
            in comment
        )
    # foreign sentences are not in the body: only in the annex awaiting translation
    annex = document.tables[-1]
    assert [row.cells[1].text for row in annex.rows[1:]] == [i.text for i in waiting]
    assert all(i.text not in body.values() for i in waiting)
    assert "⟦" not in "\n".join(texts(document))


@pytest.mark.parametrize(
    ("lang", "note", "value_chart", "document_chart"),
    [
        ("ru", "Одно предложение может", "Ценностный принцип", "Тип документа"),
        ("en", "A proposal may concern", "Value principle", "Document type"),
    ],
)
def test_the_several_values_note_stands_under_the_value_chart(
    drafted, lang: str, note: str, value_chart: str, document_chart: str
) -> None:
    """A proposal has one route, so the note belongs to the values chart, not the document one."""
    ws, _, _ = drafted
    document = docx.Document(str(ws.outputs_dir / f"proposals-draft-{lang}.docx"))
    order = []
    for element in document.element.body.iterchildren():
        text = "".join(element.itertext())
        order += [tag for tag in (note, value_chart, document_chart) if text.startswith(tag)]
    assert order == [value_chart, note, document_chart]


def test_sections_follow_the_route_and_values_need_two_items(drafted) -> None:
    ws, _, items = drafted
    document = docx.Document(str(ws.outputs_dir / "proposals-draft-en.docx"))
    order = [
        p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Proposal")
    ]
    shown = {body_of(i, "en"): i for i in items if body_of(i, "en")}
    labels = {ws.profile.label("documents", d, "en"): d for d in ws.profile.documents}
    values = {ws.profile.label("values", v, "en"): v for v in ws.profile.values}
    section = group = None
    group_sizes: dict[tuple, int] = {}
    for p in order:
        if p.style.name == "Heading 1":
            section, group = p.text, None
        elif p.style.name == "Heading 2":
            group = p.text
        else:
            item = shown[p.text.partition(".")[2].strip()]
            expected = item.route and ws.profile.label("documents", item.route, "en")
            assert section == (expected or "Proposals on the work of the forum")
            if group in values:
                assert values[group] in item.values
            group_sizes[(section, group)] = group_sizes.get((section, group), 0) + 1
    assert all(size >= 2 for (_, group), size in group_sizes.items() if group in values)
    assert any(group == "Other proposals" for _, group in group_sizes)
    assert set(labels) & {s for s, _ in group_sizes}
    details = [p.text for p in document.paragraphs if p.style.name == "Proposal Details"]
    assert not any("all regions" in d or "Sessions that raised it" in d for d in details)
    # an inferred type is marked per item, or once for a section where all are inferred
    by_section: dict[str, list[tuple[DraftItem, str]]] = {}
    paragraphs = document.paragraphs
    for n, p in enumerate(paragraphs):
        if p.style.name == "Heading 1":
            section = p.text
        elif p.style.name == "Proposal":
            line = (
                paragraphs[n + 1].text if paragraphs[n + 1].style.name == "Proposal Details" else ""
            )
            by_section.setdefault(section, []).append(
                (shown[p.text.partition(".")[2].strip()], line)
            )
    notes = [p.text for p in paragraphs if p.style.name == "Note"]
    for entries in by_section.values():
        inferred = [i.route_basis == "inferred" for i, _ in entries]
        marked = ["document type suggested" in line for _, line in entries]
        assert marked == ([False] * len(entries) if all(inferred) else inferred)
    assert any(
        n.startswith("The type of document of the proposals in this section") for n in notes
    ) == any(all(i.route_basis == "inferred" for i, _ in e) for e in by_section.values())


def test_item_numbers_lead_to_the_provenance_annex_and_back(drafted) -> None:
    ws, _, _ = drafted
    document = docx.Document(str(ws.outputs_dir / "proposals-draft-ru.docx"))
    body = [p for p in document.paragraphs if p.style.name == "Proposal"]
    for number, paragraph in enumerate(body, 1):
        assert links(paragraph) == [f"_Src{number}"]
        assert f"_Item{number}" in [
            b.get(qn("w:name")) for b in paragraph._p.iter(qn("w:bookmarkStart"))
        ]
    provenance = document.tables[-2]
    assert provenance.rows[0].cells[0].text == "№"
    first = provenance.rows[1].cells[0].paragraphs[0]
    assert first.text == "1" and links(first) == ["_Item1"]
    marks = {b.get(qn("w:name")) for b in provenance._tbl.iter(qn("w:bookmarkStart"))}
    assert marks == {f"_Src{n}" for n in range(1, len(body) + 1)}


def test_consolidated_draft_is_word_native(drafted) -> None:
    ws, _, _ = drafted
    document = docx.Document(str(ws.outputs_dir / "proposals-draft-ru.docx"))
    body = document.element.body
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    toc = [p.text for p in document.paragraphs if p.style.name.lower() == "toc 1"]
    assert toc[0].startswith("Введение") and len(toc) >= 3
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true", "Word fills the pages"
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


def test_region_briefs_hold_their_region_and_a_pointer(drafted) -> None:
    ws, notes, items = drafted
    consolidated = docx.Document(str(ws.outputs_dir / "proposals-draft-ru.docx"))
    plan_numbers = {text: n for n, text in numbered(consolidated).items()}
    written = sorted(p.name for p in (ws.outputs_dir / "regions").glob("*-ru.docx"))
    for region in REGIONS:
        document = docx.Document(str(ws.outputs_dir / "regions" / f"{region}-ru.docx"))
        assert ws.profile.label("regions", region, "ru") in document.paragraphs[1].text
        body = numbered(document)
        mine = [body_of(i, "ru") for i in items if region in i.regions and body_of(i, "ru")]
        assert set(mine) <= set(body.values())
        names = {ws.profile.label("regions", region, lang) for lang in ("ru", "en")}
        people = {p.name for n in notes for p in n.session.speakers if p.region in names}
        theirs = [body_of(i, "ru") for i in items if i.sources[0].speaker in people]
        assert set(body.values()) <= {*mine, *theirs}, "no general list repeated"
        pointer = document.tables[0]
        assert pointer.rows[0].cells[0].text == "Тип документа"
        assert len(pointer.rows) > 1
        for number, text in body.items():
            assert plan_numbers[text] == number, "the consolidated draft's numbers"
        by_text = {body_of(i, "ru"): i for i in items if body_of(i, "ru")}
        paragraphs = document.paragraphs
        for n, p in enumerate(paragraphs[:-1]):
            item = (
                by_text.get(p.text.partition(".")[2].strip())
                if p.style.name == "Proposal"
                else None
            )
            if (
                item and item.route
            ):  # a brief names the document type the consolidated draft files it under
                label = ws.profile.label("documents", item.route, "ru")
                suffix = " (тип документа предложен)" if item.route_basis == "inferred" else ""
                assert paragraphs[n + 1].text.startswith(label + suffix)
    speakers = {p.region for n in notes for p in n.session.speakers}
    assert "Алтайский край" in speakers
    assert "altai-krai-ru.docx" in written or not any(i for i in items if "altai-krai" in i.regions)


def test_regions_with_nothing_of_their_own_get_a_brief_only_when_asked(small: Workspace) -> None:
    notes = read_notes(small)
    represented = {
        p.region
        for n in notes
        for p in (n.session.moderator, *n.session.speakers)
        if p and p.region
    }
    assert represented
    report = draft_documents(small, [], notes, langs=["en"])
    assert not [p for p in report.documents if p.parent.name == "regions"]
    report = draft_documents(small, [], notes, langs=["en"], all_regions=True)
    assert len([p for p in report.documents if p.parent.name == "regions"]) >= len(represented)


def test_session_summaries_follow_the_notes(drafted) -> None:
    ws, notes, items = drafted
    for note in notes:
        session = note.session
        document = docx.Document(str(ws.outputs_dir / "sessions" / f"{session.id}-en.docx"))
        body = "\n".join(texts(document))
        assert document.paragraphs[2].text == session.title
        foreign = note.language != "en"
        assert ("The session was held in Russian." in body) == foreign
        if session.moderator:
            assert f"Moderator: {session.moderator.name}" in body
        for person in session.speakers:
            assert person.name in body
        for block in note.blocks:
            if block.role in ("conclusions", "problems") and block.kind == "item":
                assert (block.text in body) != foreign, "the notes' own text only in its language"
        for item in items:
            if item.sources[0].session == session.id:
                text = body_of(item, "en")
                assert (text in body) if text else item.text not in body
                if text:
                    assert item.id in comment_for(document, text)
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
    assert "raised at 2 sessions" in "\n".join(texts(document))


def merged_item(parts: list[DraftItem], wording: str) -> DraftItem:
    """One accepted item whose sources are those of ``parts``, worded in both languages."""
    first = parts[0]
    return DraftItem(
        first.id,
        first.text,
        first.language,
        {"ru": f"{wording} (ru)", "en": f"{wording} (en)"},
        first.values,
        first.targets,
        first.regions,
        [source for part in parts for source in part.sources],
        "accepted",
    )


@pytest.fixture(scope="module")
def summarised(tmp_path_factory: pytest.TempPathFactory):
    """The sample drafted with three items: one raised at three sessions (twice at the
    first), one at seven, one at a single session."""
    ws = make_workspace(tmp_path_factory.mktemp("summarised") / "forum")
    notes = read_notes(ws)
    by_session: dict[str, list[DraftItem]] = {}
    for item in items_from_notes(ws, notes):
        by_session.setdefault(item.sources[0].session, []).append(item)
    order = [s for s, found in by_session.items() if len(found) >= 2]
    assert len(order) >= 11, "the sample has enough sessions with proposals"
    three = [*by_session[order[0]][:2], by_session[order[1]][0], by_session[order[2]][0]]
    seven = [by_session[s][0] for s in order[3:10]]
    lone = [by_session[order[10]][0]]
    items = [
        merged_item(three, "Three sessions"),
        merged_item(seven, "Seven sessions"),
        merged_item(lone, "One session"),
    ]
    draft_documents(ws, items, notes)
    titles = {n.session.id: n.session.title for n in notes}
    return ws, titles, {"Three sessions": three, "Seven sessions": seven, "One session": lone}


def summary_comments(ws: Workspace, session: str, lang: str) -> list[str]:
    document = docx.Document(str(ws.outputs_dir / "sessions" / f"{session}-{lang}.docx"))
    return [comment.text for comment in document.comments]


ELSEWHERE = {
    "en": ("Also raised at {n} other sessions: {titles}", "{titles} and {k} more"),
    "ru": ("Также прозвучало на {n} других сессиях: {titles}", "{titles} и ещё {k}"),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(
    ("wording", "at", "others", "more"),
    [
        ("Three sessions", 0, [1, 2], 0),  # two sources from this session, two sessions more
        ("Three sessions", 2, [0, 1], 0),
        ("Seven sessions", 0, [1, 2, 3, 4, 5], 1),  # five titles, then "and 1 more"
        ("Seven sessions", 6, [0, 1, 2, 3, 4], 1),
        ("One session", 0, [], 0),  # no other session: no line
    ],
)
def test_a_session_summary_comment_holds_this_sessions_sources_and_counts_the_others(
    summarised, lang: str, wording: str, at: int, others: list[int], more: int
) -> None:
    ws, titles, parts = summarised
    sessions = list(dict.fromkeys(p.sources[0].session for p in parts[wording]))
    here = sessions[at]
    comments = summary_comments(ws, here, lang)
    assert len(comments) == 1, "one proposal of the three is this session's"
    comment = comments[0]
    for part in parts[wording]:
        source = part.sources[0]
        mine = source.session == here
        assert (source.text in comment, source.id in comment) == (mine, mine)
    assert sum(p.sources[0].session == here for p in parts[wording]) == comment.count("ID: ")
    lines = comment.split("\n")
    line, tail = ELSEWHERE[lang]
    if not others:
        assert not [x for x in lines if x.startswith(line.split("{n}")[0])]
        return
    shown = "; ".join(titles[sessions[i]] for i in others)
    shown = tail.format(titles=shown, k=more) if more else shown
    n = len(sessions) - 1
    assert lines[-1] == line.format(n=n, titles=shown)
    # the consolidated draft keeps every source
    draft = docx.Document(str(ws.outputs_dir / f"proposals-draft-{lang}.docx"))
    full = comment_for(draft, f"{wording} ({lang})")
    assert all(p.sources[0].id in full for p in parts[wording])


@pytest.mark.parametrize(
    ("n", "lang", "line"),
    [
        (1, "ru", "Также прозвучало на 1 другой сессии: A"),
        (2, "ru", "Также прозвучало на 2 других сессиях: A"),
        (11, "ru", "Также прозвучало на 11 других сессиях: A"),
        (21, "ru", "Также прозвучало на 21 другой сессии: A"),
        (1, "en", "Also raised at 1 other session: A"),
        (21, "en", "Also raised at 21 other sessions: A"),
    ],
)
def test_the_other_sessions_line_agrees_with_its_number(n: int, lang: str, line: str) -> None:
    form = words()[lang]["comment"][f"elsewhere_{count_form(n, lang)}"]
    assert form.format(n=n, sessions="A") == line


def test_untranslated_items_are_reported(small: Workspace) -> None:
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    report = draft_documents(small, items, notes)
    for lang in ("ru", "en"):
        assert report.awaiting[lang] == [
            i.id for i in sorted(items, key=lambda i: (-i.support, -i.rank)) if not body_of(i, lang)
        ]
    assert report.awaiting["ru"] and not report.awaiting["en"], "the three notes are English"
    assert f"{len(report.awaiting['ru'])} proposals have no Russian wording yet" in report.summary()
    assert report.awaiting["ru"][0] in report.summary()


def test_rendering_in_worker_processes_gives_the_same_documents(small: Workspace) -> None:
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    one = draft_documents(small, items, notes, jobs=1)
    first = {p: texts(docx.Document(str(p))) for p in one.documents}
    two = draft_documents(small, items, notes, jobs=2)
    assert two.documents == one.documents
    assert {p: texts(docx.Document(str(p))) for p in two.documents} == first


def test_in_order_takes_items_as_the_window_lets_it() -> None:
    """The window is asked before each item: one item at a time while LibreOffice pages the
    drafts (one core left to it), then several ahead again; results stay in order."""
    events: list[str] = []

    def items() -> Iterator[int]:
        for number in range(6):
            events.append(f"take {number}")
            yield number

    def window() -> int:
        return 1 if sum(e.startswith("result") for e in events) < 2 else 3

    with ThreadPoolExecutor(3) as threads:
        for item, result in in_order(threads, lambda n: n * n, items(), window):
            events.append(f"result {item}={result}")
    assert events == [
        *("take 0", "result 0=0", "take 1", "result 1=1"),
        *("take 2", "take 3", "take 4", "result 2=4", "take 5"),
        *("result 3=9", "result 4=16", "result 5=25"),
    ]


RENDERED_BY = "TOOLKIT_TEST_RENDERED_BY"


def _recording_run_task(task):
    """``run_task`` that also notes which process rendered which document."""
    with open(os.environ[RENDERED_BY], "a", encoding="utf-8") as log:
        log.write(f"{task.path.name} {os.getpid()}\n")
    return _RUN_TASK(task)


_RUN_TASK = pool.run_task


def test_large_drafts_render_each_in_a_process_of_its_own(
    small: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large draft's memory ends with its process instead of staying with a pool worker;
    the documents are the same as rendered in this process, in the same order."""
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    monkeypatch.setattr("toolkit.draft.PAGED_ITEMS", 1)  # both consolidated drafts are large
    one = draft_documents(small, items, notes, jobs=1, pages=False)
    first = {p: texts(docx.Document(str(p))) for p in one.documents}
    log = tmp_path / "rendered-by.txt"
    monkeypatch.setenv(RENDERED_BY, str(log))
    monkeypatch.setattr(pool, "run_task", _recording_run_task)
    two = draft_documents(small, items, notes, jobs=2, pages=False)
    assert two.documents == one.documents
    assert {p: texts(docx.Document(str(p))) for p in two.documents} == first
    by = dict(line.split() for line in log.read_text(encoding="utf-8").splitlines())
    large = {by.pop(f"proposals-draft-{lang}.docx") for lang in ("ru", "en")}
    assert len(large) == 2 and not large & set(by.values()), "a process for each large draft"
    assert len(set(by.values())) <= 2 and str(os.getpid()) not in {*large, *by.values()}


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
    assert numbered(ru) == {1: "Фонд R&D <w:p/>\n сейчас"}  # \x0b: a line break


def test_comments_are_searched_for_what_clean_control_takes_out() -> None:
    """A comment is translated only where the search finds a character ``clean_control``
    changes: the search's characters are exactly those."""
    from toolkit.draft.context import _UNCLEAN_CONTROL
    from toolkit.textio import clean_control

    changed = {c for c in range(0x10000) if clean_control(f"a{chr(c)}b") != f"a{chr(c)}b"}
    assert {c for c in range(0x10000) if _UNCLEAN_CONTROL.search(chr(c))} == changed


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
    report = draft_documents(small, [], notes, langs=["en"], all_regions=True)
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


def _parts(document: docx.document.Document) -> dict[str, bytes]:
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("kind", ["consolidated", "region", "session"])
def test_documents_render_into_copies_of_the_template_read_once(kind: str) -> None:
    """A worker reads each template once and renders every document into a copy of it: each
    document is what rendering the template file itself gives, whatever came before it."""
    path = default_templates_dir() / f"{kind}-ru.docx"
    source = path.read_bytes()
    profile = default_profile()
    first, second = sample_context(kind, "ru", profile), sample_context(kind, "ru", profile)
    second["forum"] = {**second["forum"], "name": "Другой форум"}
    for context in (first, second, first):
        assert _parts(render(path, context, source=source)) == _parts(render(path, context))
    assert _parts(render(path, second, source=source)) != _parts(render(path, first))
    kept = _opened(source).element.body
    assert "{{" in "".join(kept.itertext()), "the copy kept is the template, never rendered"


_RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'


@pytest.mark.parametrize(
    "xml",
    [
        "<w:body><w:p>" + _RUN.format("no listing") + "</w:p></w:body>",
        "<w:body><w:p><w:pPr><w:jc/></w:pPr>" + _RUN.format("a\tb\nc") + "</w:p></w:body>",
        "<w:p>" + _RUN.format("x") + "</w:p><w:p w:rsidR='1'>" + _RUN.format("a\fb") + "</w:p>",
        "<w:p>" + _RUN.format("a\ab") + "</w:p>\n<w:p>" + _RUN.format("c\td") + "</w:p>",
        "<w:tbl>\n</w:tbl><w:p/><w:p>" + _RUN.format("after\nan empty one") + "</w:p>",
        "<w:p><w:p>" + _RUN.format("inner\n") + "</w:p>" + _RUN.format("outer\t") + "</w:p>",
        "<w:p>" + _RUN.format("never closed\n"),
        "<w:pPr>\n</w:pPr></w:p><w:p>" + _RUN.format("\n\n") + "</w:p>",
    ],
)
def test_tabs_and_line_breaks_resolve_as_docxtpl_resolves_them(xml: str) -> None:
    """Only the paragraphs holding a tab or break are handed to docxtpl, found by ``str.find``:
    the text is what docxtpl's own pass over every paragraph gives."""
    ours = Template.__new__(Template).resolve_listing(xml)
    assert ours == super(Template, Template.__new__(Template)).resolve_listing(xml)
    assert (ours == xml) == (not re.search(r"<w:p[ >].*[\t\a\n\f].*</w:p>", xml, re.DOTALL))


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("kind", ["consolidated", "region", "session"])
def test_rendering_gives_what_docxtpls_own_steps_give(
    kind: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rendered body is parsed within the template's main part instead of alone and then
    moved in, and the parts' paragraph lines are put in and taken out by ``str.replace``:
    every part is what docxtpl's own steps give, byte for byte."""
    from docxtpl import DocxTemplate

    from toolkit.draft import render as rendering

    path = default_templates_dir() / f"{kind}-{lang}.docx"
    context = sample_context(kind, lang, default_profile())
    taken = []
    monkeypatch.setattr(
        rendering,
        "_parsed_in_document",
        lambda *args: taken.append(_parsed_in_document(*args)) or taken[-1],
    )
    ours = _parts(render(path, context))
    assert taken and taken[-1] is not None
    monkeypatch.setattr(rendering, "_parsed_in_document", lambda *args: None)
    monkeypatch.setattr(Template, "render_xml_part", DocxTemplate.render_xml_part)
    assert ours == _parts(render(path, context))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT = f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body><w:p/></w:body></w:document>'


@pytest.mark.parametrize(
    ("inner", "same"),
    [
        (f'<w:p><w:r xmlns:r="{_R}" xmlns:a="A" r:id="1"><a:g/></w:r></w:p>', True),
        (f"<w:p><w:r xmlns:r='{_R}'/><w:r xmlns:u=\"U\"/></w:p>", True),
        (f'<w:p><x:r xmlns:x="{_R}"/></w:p>', False),  # a known URI under another prefix
        (f'<w:p xmlns:r="R2"><w:r xmlns:r="{_R}"/></w:p>', False),  # a known prefix shadowed
        (f'<w:p><r xmlns="{_W}"/></w:p>', False),  # a default namespace
    ],
)
def test_namespaces_the_document_declares_are_left_out_as_lxml_drops_them(
    inner: str, same: bool
) -> None:
    from lxml import etree

    root = etree.fromstring(_ROOT)
    rendered = f'<w:body xmlns:w="{_W}" xmlns:r="{_R}">{inner}</w:body>'
    body = _parsed_in_document(root, rendered)
    moved = etree.fromstring(_ROOT)
    moved.replace(moved[0], etree.fromstring(rendered))
    if same:
        assert etree.tostring(body.getparent()) == etree.tostring(moved)
    else:
        assert body is None


def _styled(style: str, inner: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{inner}<w:r><w:t>x</w:t></w:r></w:p>'


_PLACE = "<w:p><w:r><w:t>PLACE</w:t></w:r></w:p>"


@pytest.mark.parametrize(
    "body",
    [
        _styled("H1") + _PLACE + _styled("H1") + _styled("Body") + _styled("H2"),
        f"<w:tbl><w:tr><w:tc>{_styled('H1')}{_PLACE}</w:tc><w:tc>{_styled('H2')}</w:tc></w:tr></w:tbl>"
        + _styled("H1"),
        _PLACE.replace("<w:r>", _styled("H1") + "<w:r>", 1) + _styled("H2"),  # one inside
        _styled("H1", _PLACE) + _styled("H2"),  # the place inside a heading
        _PLACE + '<w:p><w:pStyle w:val="H1"/></w:p><w:p><w:pPr><w:pStyle/></w:pPr></w:p>',
        _PLACE,
        _styled("H2") + _PLACE,
    ],
)
@pytest.mark.parametrize("ids", [("H1", "H2"), ("H2",), ()])
def test_the_contents_take_the_headings_that_follow_their_place(body: str, ids: tuple) -> None:
    """The headings are found by one walk down the body: the styles lxml's ``following``
    axis gives from the contents' paragraph, in the same order."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    root = parse_xml(f"<w:body {nsdecls('w')}>{body}</w:body>")
    place = next(t for t in root.iter(qn("w:t")) if t.text == "PLACE").getparent().getparent()
    following = place.xpath("following::w:p/w:pPr/w:pStyle")
    expected = [s for s in following if s.get(qn("w:val")) in ids]
    assert _heading_styles(place, root, ids) == expected


class _Row(dict):
    number = "an attribute"


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ({"number": 12}, "number"),
        ({"items": [1, 2]}, "items"),  # a dict's own attribute comes first
        ({"get": "x"}, "get"),
        ({}, "missing"),
        ({"__class__": 1}, "__class__"),
        (_Row(number=3), "number"),
        ({"wording": "<b>"}, "wording"),
    ],
)
def test_templates_look_attributes_up_as_the_sandbox_does(value: dict, name: str) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from toolkit.draft.render import SafeEnvironment

    ours = SafeEnvironment().getattr(value, name)
    theirs = SandboxedEnvironment(undefined=StrictUndefined).getattr(value, name)
    assert type(ours) is type(theirs)
    if not isinstance(ours, StrictUndefined):
        assert ours == theirs


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


def _drafted_texts(ws: Workspace, notes: list[Note]) -> dict[str, list[str]]:
    """Check the templates and draft the English documents in this process; their texts."""
    from toolkit.draft import checked_templates
    from toolkit.draft.render import environment

    environment.cache_clear()  # nothing compiled in this process before
    checked_templates(ws, ["en"])
    draft_documents(ws, items_from_notes(ws, notes), notes, ["en"], jobs=1, pages=False)
    return {
        str(path.relative_to(ws.outputs_dir)): texts(docx.Document(str(path)))
        for path in sorted(ws.outputs_dir.rglob("*.docx"))
    }


def test_compiled_template_parts_are_kept_between_runs(
    small: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What checking a template works out of its parts (the compiled code, the variables it
    uses) is kept in the user's cache folder: a later run renders the same documents without
    parsing or compiling a template again; a damaged entry is worked out again."""
    from toolkit.draft import render as render_module
    from toolkit.draft.render import SafeEnvironment

    monkeypatch.setattr(render_module, "cache_folder", lambda: tmp_path / "cache")
    notes = read_notes(small)
    first = _drafted_texts(small, notes)
    kept = sorted((tmp_path / "cache" / "templates").iterdir())
    assert {p.suffix for p in kept} == {".code", ".names"}

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed or compiled again")

    with monkeypatch.context() as patched:
        for name in ("parse", "compile"):
            patched.setattr(SafeEnvironment, name, never)
        assert _drafted_texts(small, notes) == first
    for path in kept:
        path.write_bytes(b"\x00damaged")
    assert _drafted_texts(small, notes) == first
    assert all(path.read_bytes() != b"\x00damaged" for path in kept), "worked out again"


# ------------------------------------------------------------------ PDF


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_pdf_shows_the_contents_and_the_proposals(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDFs start in the LibreOffice that paged the draft's contents (no second start)."""
    import toolkit.draft

    given = []

    def converting(files, *args, offices=(), **kwargs):
        given.append([office.running() for office in offices])
        return convert(files, *args, offices=offices, **kwargs)

    monkeypatch.setattr(toolkit.draft, "convert", converting)
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    report = draft_documents(small, items, notes, langs=["ru"], pdf=True)
    assert given == [[True]], "the office that paged, still running"
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
    assert report.paged == 1, "filled in while drafting, not only for the PDF"
    for item in items:
        if body_of(item, "ru"):
            assert " ".join(body_of(item, "ru").split()[:4]) in " ".join(text.split())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_contents_get_page_numbers_without_pdf(small: Workspace) -> None:
    notes = read_notes(small)
    report = draft_documents(small, items_from_notes(small, notes), notes, langs=["en"])
    assert report.paged == 1 and not report.pdfs
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    pages = [p.text.rsplit("\t", 1)[-1] for p in entries]
    assert entries and all(page.isdigit() for page in pages), pages
    assert [int(p) for p in pages] == sorted(int(p) for p in pages)
    fields = [i.text for i in document.element.body.iter(qn("w:instrText"))]
    assert sum("PAGEREF _Toc" in f for f in fields) == len(entries)


def test_page_numbers_are_filled_into_the_saved_draft_as_python_docx_would(
    small: Workspace, tmp_path: Path
) -> None:
    """The build fills the pages LibreOffice found into the saved draft part by part: the
    entries get their PAGEREF fields and numbers, the other parts are copied, and the result
    is what python-docx opening it and saving it again writes, byte for byte."""
    notes = read_notes(small)
    draft_documents(small, items_from_notes(small, notes), notes, langs=["ru"], pages=False)
    saved = (small.outputs_dir / "proposals-draft-ru.docx").read_bytes()
    anchors = [
        link.get(qn("w:anchor"))
        for link in docx.Document(io.BytesIO(saved)).element.body.iter(qn("w:hyperlink"))
        if (link.get(qn("w:anchor")) or "").startswith("_Toc")
    ]
    assert len(anchors) > 3
    pages = {anchor: 10 + number for number, anchor in enumerate(anchors)}
    filled = with_toc_pages(saved, pages)
    assert filled is not None
    document = docx.Document(io.BytesIO(filled))
    entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    assert [p.text.rsplit("\t", 1)[-1] for p in entries] == [
        str(10 + n) for n in range(len(anchors))
    ]
    fields = [i.text.strip() for i in document.element.body.iter(qn("w:instrText"))]
    assert [f for f in fields if f.startswith("PAGEREF")] == [f"PAGEREF {a} \\h" for a in anchors]
    again = io.BytesIO()
    document.save(again)
    with zipfile.ZipFile(io.BytesIO(filled)) as ours, zipfile.ZipFile(again) as theirs:
        assert ours.namelist() == theirs.namelist()
        assert [ours.read(n) for n in ours.namelist()] == [theirs.read(n) for n in ours.namelist()]
    with zipfile.ZipFile(io.BytesIO(filled)) as ours, zipfile.ZipFile(io.BytesIO(saved)) as before:
        changed = [n for n in before.namelist() if ours.read(n) != before.read(n)]
    assert sorted(changed) == ["docProps/core.xml", "word/document.xml"]
    assert with_toc_pages(saved, {"_Toc_elsewhere": 3}) is None, "no entry: nothing to write"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_large_draft_keeps_its_contents_for_word_to_page(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above PAGED_ITEMS numbered proposals LibreOffice is not asked to lay the draft out."""
    notes = read_notes(small)
    items = items_from_notes(small, notes)
    monkeypatch.setattr("toolkit.draft.PAGED_ITEMS", 1)
    report = draft_documents(small, items, notes, langs=["en"])
    assert report.paged == 0
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    assert entries and not any(p.text.rsplit("\t", 1)[-1].isdigit() for p in entries)
    assert document.settings.element.find(qn("w:updateFields")) is not None, "Word pages it"


# ------------------------------------------------------------------ the command line


def test_draft_command(runner, small: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = read_notes(small)
    write_register(
        [s for i in items_from_notes(small, notes) for s in i.sources],
        small.outputs_dir / "register.jsonl",
    )
    monkeypatch.setattr("toolkit.draft.soffice", lambda: None)
    monkeypatch.setattr("toolkit.draft.pdf.soffice", lambda: None)
    command = ["-w", str(small.root), "draft", "--include-pending", "--lang", "en"]
    result = runner.invoke(cli, [*command, "--pdf"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "PDF not written: LibreOffice (soffice) is not installed; install it (e.g. apt-get "
        "install libreoffice-writer-nogui) or leave out --pdf (nothing was written)"
    ]
    assert not list(small.outputs_dir.rglob("*.docx"))
    result = runner.invoke(cli, [*command, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "consolidated drafts 1" in result.output
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    assert "DRAFT" in texts(document)


def test_build_with_pdf_needs_libreoffice(
    runner, small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.draft.pdf.soffice", lambda: None)
    result = runner.invoke(cli, ["-w", str(small.root), "build", "--pdf"])
    assert result.exit_code == 1
    assert result.output.startswith("PDF not written: LibreOffice (soffice) is not installed")
    assert list(small.outputs_dir.iterdir()) == [], "stopped before extracting anything"


#: A LibreOffice that fails: it logs how it was called, keeps a copy of the last file it is
#: given (``converted-NAME`` next to the log) and writes its PDF (with ``--convert-to``),
#: then says why it fails and exits with status 1.
FAILING_SOFFICE = """#!{python}
import json, pathlib, shutil, sys
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\\n")
if "--convert-to" in args:
    out = pathlib.Path(args[args.index("--outdir") + 1])
    out.mkdir(parents=True, exist_ok=True)
    first = pathlib.Path(args[-1])
    shutil.copy(first, pathlib.Path({log!r}).with_name("converted-" + first.name))
    (out / (first.stem + ".pdf")).write_bytes(b"%PDF-1.4 cut short")
print("soffice.bin: cannot open shared object file", file=sys.stderr)
sys.exit(1)
"""


@pytest.fixture
def failing_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A failing ``soffice`` first on PATH; the file it logs its calls in."""
    folder, log = tmp_path / "bin", tmp_path / "soffice-calls.jsonl"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text(FAILING_SOFFICE.format(python=sys.executable, log=str(log)), "utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.mark.usefixtures("warm_extraction_cache")  # of drafting, not extraction
def test_libreoffice_failing_during_build_leaves_complete_documents_and_a_warning(
    runner, small: Workspace, failing_soffice: Path
) -> None:
    result = runner.invoke(
        cli, ["-w", str(small.root), "build", "--include-pending", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    program = failing_soffice.parent / "bin" / "soffice"
    assert warnings == [
        f"warning: the contents have no page numbers ({program}: "
        "LibreOffice failed (exit status 1: soffice.bin: cannot open shared object file); check "
        "that 'soffice --headless --version' runs); Word fills them in when the document is opened"
    ]
    document = docx.Document(str(small.outputs_dir / "proposals-draft-en.docx"))
    entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    assert entries and not any(p.text.rsplit("\t", 1)[-1].isdigit() for p in entries)
    assert document.settings.element.find(qn("w:updateFields")) is not None, "Word pages it"
    assert not [p for p in small.outputs_dir.rglob("*") if p.suffix in (".pdf", ".tmp")]
    calls = [json.loads(line) for line in failing_soffice.read_text("utf-8").splitlines()]
    started, conversion = calls
    assert started[1:4] == ["--headless", "--norestore", "--nologo"], "started ahead"
    assert re.fullmatch(r"--accept=pipe,name=toolkit-\d+-0-\w+;urp;", started[4]), "for the pager"
    assert conversion[0] == started[0], "the conversion goes to the one started ahead"
    assert conversion[-1].endswith("proposals-draft-en.docx")


@pytest.mark.usefixtures("warm_extraction_cache")  # of drafting, not extraction
def test_libreoffice_failing_for_both_drafts_leaves_them_complete_and_one_warning(
    runner, small: Workspace, failing_soffice: Path
) -> None:
    """One LibreOffice is started ahead to lay out both drafts; when its pager cannot (it
    failed here), it converts both, and no other LibreOffice is started."""
    result = runner.invoke(cli, ["-w", str(small.root), "build", "--include-pending"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "the contents have no page numbers" in warnings[0]
    calls = [json.loads(line) for line in failing_soffice.read_text("utf-8").splitlines()]
    started = [c for c in calls if "--convert-to" not in c]
    (converted,) = [c for c in calls if "--convert-to" in c]
    assert len(started) == 1, "one started ahead"
    assert converted[1] == started[0][1], "in the profile of the one started ahead"
    assert sorted(Path(name).name for name in converted[-2:]) == [
        "proposals-draft-en.docx",
        "proposals-draft-ru.docx",
    ]
    for lang in ("ru", "en"):
        document = docx.Document(str(small.outputs_dir / f"proposals-draft-{lang}.docx"))
        entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
        assert entries and not any(p.text.rsplit("\t", 1)[-1].isdigit() for p in entries)


def comment_parts(path: Path) -> tuple[int, int]:
    """How many comments a document holds, and how many marks its body has for them."""
    document = docx.Document(str(path))
    body = document.element.body
    marks = sum(
        1
        for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference")
        for _ in body.iter(qn(tag))
    )
    return len(list(document.comments)), marks


@pytest.mark.usefixtures("warm_extraction_cache")  # of drafting, not extraction
def test_libreoffice_lays_out_a_copy_without_the_comments(
    runner, small: Workspace, failing_soffice: Path
) -> None:
    """Comments move no page, and LibreOffice reads a fifth faster without them: it gets a
    copy without them to page the contents, the document keeps them; the copy also ends
    with the paragraph after the last heading (the last annex's table goes), and without
    hyperlinks or bookmarks other than the contents' targets."""
    result = runner.invoke(
        cli, ["-w", str(small.root), "build", "--include-pending", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    written = small.outputs_dir / "proposals-draft-en.docx"
    laid_out = failing_soffice.with_name(f"converted-{written.name}")
    comments, marks = comment_parts(written)
    assert comments > 0 and marks == 3 * comments
    assert comment_parts(laid_out) == (0, 0)
    copied, whole = texts(docx.Document(str(laid_out))), texts(docx.Document(str(written)))
    assert copied == whole[: len(copied)] and len(copied) < len(whole)
    assert headings(docx.Document(str(written)))[-1] in copied, "the last heading stays"
    marks = [
        b.get(qn("w:name"))
        for b in docx.Document(str(laid_out)).element.body.iter(qn("w:bookmarkStart"))
    ]
    assert any(name.startswith("_Toc") for name in marks), "the contents' targets stay"
    assert all(name.startswith("_Toc") for name in marks), "no other bookmark"
    body = docx.Document(str(laid_out)).element.body
    assert not list(body.iter(qn("w:hyperlink")))
    assert list(docx.Document(str(written)).element.body.iter(qn("w:hyperlink")))


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_the_copy_laid_out_has_every_heading_on_the_same_page(
    small: Workspace, tmp_path: Path
) -> None:
    """What LibreOffice lays out to page the contents: without comments (every bookmark on the
    same page), and then without what follows the last heading nor hyperlinks and other
    bookmarks (every contents target on the same page, in a shorter document)."""
    notes = read_notes(small)
    draft_documents(small, items_from_notes(small, notes), notes, langs=["ru"], pages=False)
    written = small.outputs_dir / "proposals-draft-ru.docx"
    document = docx.Document(str(written))
    remove_comments(document)
    copy, cut = tmp_path / "copy" / written.name, tmp_path / "cut" / written.name
    copy.parent.mkdir()
    document.save(str(copy))
    assert drop_after_contents(document) > 0
    assert drop_links(document) > 0
    cut.parent.mkdir()
    document.save(str(cut))
    assert comment_parts(copy) == (0, 0) and comment_parts(written)[0] > 0
    pages = {}
    for path in (written, copy, cut):
        convert([path], tmp_path / path.parent.name, bookmarks=True, processes=1).wait()
        pages[path] = bookmark_pages(tmp_path / path.parent.name / f"{path.stem}.pdf")
    assert len(pages[written]) > 3 and max(pages[written].values()) > 5
    assert pages[copy] == pages[written]
    contents = {name: page for name, page in pages[written].items() if name.startswith("_Toc")}
    assert len(contents) > 3
    assert {name: pages[cut][name] for name in contents} == contents


FIRST_SECOND = [("first", None, False), ("second", None, False)]


def _body(*paragraphs: tuple[str, str | None, bool]) -> docx.document.Document:
    """A document of (text, style, keep with next) paragraphs; text starting with '#' gets a
    contents bookmark."""
    document = docx.Document()
    for text, style, keep in paragraphs:
        paragraph = document.add_paragraph(text.lstrip("#"), style=style)
        paragraph.paragraph_format.keep_with_next = keep or None
        if text.startswith("#"):
            mark = paragraph._p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): "1"})
            mark.set(qn("w:name"), f"_Toc{len(text)}")
            paragraph._p.insert(0, mark)
    return document


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        (  # the heading and the paragraph after it stay
            [("#Annex 3", "Heading 1", False), ("intro", None, False), ("table", None, False)],
            ["Annex 3", "intro"],
        ),
        (  # a paragraph kept with the next one keeps it too
            [("#Annex 3", "Heading 1", False), ("caption", None, True), *FIRST_SECOND],
            ["Annex 3", "caption", "first"],
        ),
        (  # a heading style keeps with next by itself (Heading 3 is not in the contents)
            [("#Annex", "Heading 1", False), ("Part", "Heading 3", False), *FIRST_SECOND],
            ["Annex", "Part", "first"],
        ),
        ([("no contents", None, False), ("at all", None, False)], ["no contents", "at all"]),
    ],
    ids=["after the heading", "keep with next", "style keeps with next", "no contents"],
)
def test_the_copy_laid_out_keeps_what_the_last_heading_stays_with(paragraphs, kept) -> None:
    document = _body(("Title", None, False), *paragraphs)
    drop_after_contents(document)
    assert [p.text for p in document.paragraphs] == ["Title", *kept]
    assert document.element.body[-1].tag == qn("w:sectPr"), "the page setup stays"


@pytest.mark.usefixtures("warm_extraction_cache")  # of drafting, not extraction
def test_libreoffice_failing_with_pdf_is_one_line_and_leaves_no_pdf(
    runner, small: Workspace, failing_soffice: Path
) -> None:
    command = ["-w", str(small.root), "build", "--include-pending", "--lang", "en", "--pdf"]
    result = runner.invoke(cli, command)
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"{failing_soffice.parent / 'bin' / 'soffice'}: LibreOffice failed")
    assert "Traceback" not in result.output
    assert len(list(small.outputs_dir.rglob("*.docx"))) > 1, "the documents are complete"
    assert not [p for p in small.outputs_dir.rglob("*") if p.suffix in (".pdf", ".tmp")], (
        "one PDF of a run that failed is not moved into place"
    )


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
    assert numbered(document) == {1: "Согласованная формулировка & <уточнение>"}
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


_BOLD = "<w:rPr><w:b/></w:rPr>"


@pytest.mark.parametrize("handed", [True, False])
def test_markers_become_comments_links_and_bookmarks(handed: bool) -> None:
    """Runs keep their properties and what follows the marker (a break, more text), spaces at
    either end are kept, a number with no annex row stays plain, an annex number links back
    each time and is bookmarked once: the XML as the drafts have always had it."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    from toolkit.draft.wordml import add_comments, link_items, marked_texts

    document = docx.Document()
    body = document.element.body
    for paragraph in (
        '<w:pPr><w:pStyle w:val="Proposal"/></w:pPr><w:r>'
        + _BOLD
        + '<w:t xml:space="preserve">⟦#1⟧⟦1⟧ Fund clusters </w:t><w:br/><w:t>more</w:t></w:r>',
        "<w:r><w:t>⟦#2⟧Plain</w:t></w:r>",
        f"<w:r>{_BOLD}<w:t>⟦@1⟧</w:t></w:r><w:r><w:t>quote ⟦@1⟧ again</w:t></w:r>",
    ):
        body.insert(len(body) - 1, parse_xml(f"<w:p {nsdecls('w')}>{paragraph}</w:p>"))
    texts = marked_texts(document) if handed else None
    assert add_comments(document, {1: "A comment\nsecond line"}, "Ann Bee", texts) == 1
    assert link_items(document, texts) == 1
    shown = [
        re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(p, encoding="unicode"))
        for p in body.iter(qn("w:p"))
    ]
    assert shown == [
        '<w:p><w:pPr><w:pStyle w:val="Proposal"/></w:pPr><w:bookmarkStart w:id="900001" '
        'w:name="_Item1"/><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/></w:rPr>'
        '<w:t xml:space="preserve"></w:t></w:r><w:hyperlink w:anchor="_Src1" w:history="1">'
        "<w:r><w:rPr><w:b/></w:rPr><w:t>1.</w:t></w:r></w:hyperlink><w:r><w:rPr><w:b/>"
        '</w:rPr><w:tab/><w:t xml:space="preserve"> Fund clusters </w:t><w:br/><w:t>more</w:t>'
        '</w:r><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
        '</w:rPr><w:commentReference w:id="0"/></w:r><w:bookmarkEnd w:id="900001"/></w:p>',
        "<w:p><w:r><w:t></w:t></w:r><w:r><w:t>2.</w:t></w:r><w:r><w:tab/><w:t>Plain</w:t>"
        "</w:r></w:p>",
        '<w:p><w:bookmarkStart w:id="1100001" w:name="_Src1"/><w:r><w:rPr><w:b/></w:rPr>'
        '<w:t></w:t></w:r><w:hyperlink w:anchor="_Item1" w:history="1"><w:r><w:rPr><w:b/>'
        "</w:rPr><w:t>1</w:t></w:r></w:hyperlink><w:r><w:rPr><w:b/></w:rPr><w:t></w:t></w:r>"
        '<w:r><w:t xml:space="preserve">quote </w:t></w:r><w:hyperlink w:anchor="_Item1" '
        'w:history="1"><w:r><w:t>1</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> '
        'again</w:t></w:r><w:bookmarkEnd w:id="1100001"/></w:p>',
    ]
