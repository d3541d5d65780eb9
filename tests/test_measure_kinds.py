"""Kinds of measure: the consolidated draft groups proposals no value principle groups by what
they do (money, a centre, an event, a rule) instead of one long "Other proposals" list."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest
from test_draft import items_from_notes, make_workspace, read_notes  # the sample's items

from toolkit.draft import draft_documents
from toolkit.draft.measures import measure_kinds, parse_kinds
from toolkit.errors import ProfileError
from toolkit.yamlio import load_yaml


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("Компенсировать малым производителям половину стоимости дизайн-проекта.", "ru", "funding"),
        ("Создать в Новосибирской области швейный технопарк.", "ru", "institutions"),
        ("Ежегодный питчинг анимационных проектов в Сибири.", "ru", "events"),
        ("Утвердить региональный перечень видов деятельности.", "ru", "rules"),
        ("Оценивать бренд по числу компаний-пользователей.", "ru", "evaluation"),
        ("Сохранить льготную аренду для резидентов.", "ru", "funding"),  # the first stem wins
        ("A methodology for measuring the economic impact of festivals.", "en", "evaluation"),
        ("Unified regional rules for temporary event sites.", "en", "rules"),
        ("Provide small grants for first albums.", "en", "funding"),
        ("Обеспечить, чтобы это было без назидательности.", "ru", ""),
        ("Do not copy Western fashion to be accepted abroad.", "en", ""),
    ],
)
def test_a_proposal_takes_the_kind_its_wording_names_first(text: str, lang: str, kind: str) -> None:
    assert measure_kinds().kind_of(text, lang) == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kinds: []\n", "'kinds' must be a list"),
        ("kinds:\n  - id: Money\n", ":2: each kind needs a new 'id'"),
        (
            "kinds:\n  - id: money\n    label: {ru: деньги}\n"
            "    stems: {ru: [грант], en: [grant]}\n",
            ":2: kind 'money' needs a 'label' in ru and en",
        ),
        (
            "kinds:\n  - id: money\n    label: {ru: деньги, en: money}\n"
            "    stems: {ru: [гр], en: [grant]}\n",
            "stem 'гр' is too short",
        ),
    ],
)
def test_a_broken_kinds_file_is_reported_at_its_line(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_kinds(load_yaml(text), "measure_kinds.yaml")


def test_unvalued_proposals_are_grouped_by_kind_in_the_draft(tmp_path: Path) -> None:
    """The sample's Russian proposal items, none with a value, all routed to the state
    programme: kinds head two items or more, and far fewer are left in "Прочие предложения"."""
    ws = make_workspace(tmp_path / "forum")
    notes = read_notes(ws)
    items = [
        replace(item, wording={}, values=[], route="state-programme", route_basis="named")
        for item in items_from_notes(ws, notes)
        if item.language == "ru"
    ]
    draft_documents(ws, items, notes, langs=["ru"], pages=False)
    document = docx.Document(str(ws.outputs_dir / "proposals-draft-ru.docx"))
    labels = {measure_kinds().labels[k]["ru"].capitalize(): k for k in measure_kinds().labels}
    groups: dict[str, list[str]] = {}
    group = None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            group = ""
        elif paragraph.style.name == "Heading 2":
            group = paragraph.text
        elif paragraph.style.name == "Proposal" and group is not None:
            groups.setdefault(group, []).append(paragraph.text.partition(".")[2].strip())
    assert sum(map(len, groups.values())) == len(items)
    kinds = {g: found for g, found in groups.items() if g in labels}
    assert len(kinds) >= 3
    for label, found in kinds.items():
        assert len(found) >= 2
        assert all(measure_kinds().kind_of(text, "ru") == labels[label] for text in found)
    assert len(groups.get("Прочие предложения", [])) <= 0.25 * len(items)
