"""The notes parser called directly: offsets, section roles, speaker turns, names, language.

Every case is a row in a table: a snippet of a note body and what the parser must make of it
(docs/notes-format.md).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.notes import read_note
from toolkit.notes.body import clean_text, escape_markup, looks_like_name
from toolkit.notes.model import Block, Note
from toolkit.notes.names import NameIndex, split_name
from toolkit.notes.parse import detect_language, parse_note
from toolkit.profile import default_profile

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = sorted((ROOT / "session_notes").rglob("*.md")) + sorted(
    (ROOT / "tests" / "data" / "dev" / "notes").rglob("*.md")
)

FRONT = """\
---
id: test-session
title: Test session
format: panel
date: 2024-11-21
moderator: Pavel Orlov
speakers:
  - name: Irina Volkova
    role: Minister of Culture
  - name: Ирина Волкова
  - name: Пётр Сидоров
---

"""
#: The line of the file where a body appended to FRONT starts.
BODY_LINE = FRONT.count("\n") + 1


@pytest.fixture(scope="module")
def profile():
    return default_profile()


def parse(body: str, profile, front: str = FRONT) -> Note:
    return parse_note(Path("note.md"), front + body, profile)


def content_blocks(note: Note) -> list[Block]:
    return [b for b in note.blocks if b.kind != "heading"]


def only_block(note: Note) -> Block:
    blocks = content_blocks(note)
    assert len(blocks) == 1, [b.text for b in blocks]
    return blocks[0]


def is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def assert_offsets(text: str, block: Block) -> None:
    """The file text at the block and at each mapped span agrees with the block."""
    assert 0 <= block.start < block.end <= len(text)
    # A block starts at the beginning of its line, and ``line`` is that line.
    assert block.start == 0 or text[block.start - 1] == "\n"
    assert text.count("\n", 0, block.start) + 1 == block.line
    assert not text[block.start : block.end].endswith(("\n", "\r"))
    if not block.text:  # an empty heading ("#")
        assert block.kind == "heading"
        return
    start, end = block.content.span(0, len(block.text))
    assert block.start <= start < end <= block.end
    for word in re.finditer(r"[^\W_]+", block.text):
        # A word (letters and digits) maps to a span that starts and ends with it; only markup
        # the clean text dropped ("**bold**ly") may stand between its letters.
        s, e = block.content.span(word.start(), word.end())
        source = text[s:e]
        assert source == word.group() or (
            source[0] == word.group()[0]
            and source[-1] == word.group()[-1]
            and is_subsequence(word.group(), source)
            and not re.search(r"\s", source)
        ), (block.text, word.group(), source)


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize("path", SAMPLE_NOTES, ids=lambda p: p.stem)
def test_offsets_of_every_block_in_the_sample_notes(path: Path, profile) -> None:
    note = read_note(path, profile)
    assert note.ok, [str(i) for i in note.issues]
    assert note.blocks
    for block in note.blocks:
        assert_offsets(note.text, block)


OFFSET_CASES = [
    # (body, [(clean text, source text of the clean span)])
    ("Plain paragraph.\n", [("Plain paragraph.", "Plain paragraph.")]),
    (
        "A **bold** word and _italic_ and `code`.\n",
        [("A bold word and italic and code.", "A **bold** word and _italic_ and `code`.")],
    ),
    (
        "See [the report](https://example.org/x) now.\n",
        [("See the report now.", "See [the report](https://example.org/x) now.")],
    ),
    (
        "First line\ncontinues here.\n",
        [("First line continues here.", "First line\ncontinues here.")],
    ),
    (
        "- item one\n  continued\n- item two\n",
        [("item one continued", "item one\n  continued"), ("item two", "item two")],
    ),
    ("1. first\n2) second\n", [("first", "first"), ("second", "second")]),
    ("> A quote.\n", [("A quote.", "A quote.")]),
    ("Irina Volkova: We propose a centre.\n", [("We propose a centre.", "We propose a centre.")]),
    ("**Volkova:** We  propose\ta centre.\n", [("We propose a centre.", "We  propose\ta centre.")]),
    ("- Create a fund (Volkova).\n", [("Create a fund", "Create a fund")]),
    (
        "| Region | Measure |\n|---|---|\n| Tomsk | Grants |\n",
        [("Region Measure", "Region | Measure"), ("Tomsk Grants", "Tomsk | Grants")],
    ),
    ("<!-- a comment\nstill comment -->\nText.\n", [("Text.", "Text.")]),
    (
        "```\nVerbatim: quote\n```\nAfter.\n",
        [("Verbatim: quote", "Verbatim: quote"), ("After.", "After.")],
    ),
]


@pytest.mark.parametrize(("body", "expected"), OFFSET_CASES)
def test_clean_text_maps_back_to_the_source(body: str, expected, profile) -> None:
    note = parse(body, profile)
    blocks = content_blocks(note)
    assert [b.text for b in blocks] == [clean for clean, _ in expected]
    for block, (_, source) in zip(blocks, expected, strict=True):
        start, end = block.content.span(0, len(block.text))
        assert note.text[start:end] == source
        assert_offsets(note.text, block)


#: Prose that only looks like markup: every character must reach the clean text (issue 7).
LITERAL_PROSE = [
    "Включить меры в стратегию <до 2030 года> и в госпрограмму.",
    "If a<b and c>d, the index grows.",
    "Поддержать мастеров края & Хакасии.",
    "Доля <= 5 % и выручка -> 10 млн; 2 > 1.",
    "Grants of 5 * 3 million and a snake_case id.",
    "Цитата [sic] и ссылка [1] остаются.",
    "A lone _ underscore, ** and ~~ stay.",
    "Около ~30 % и ~40 % участников.",
    "<b and c> is not a tag, nor is <Hello world>.",
    "Путь C:\\folder\\file остаётся.",
]
#: Real markup and what the clean text keeps of it.
MARKUP = [
    ('A <b>bold</b> and <span class="x">styled</span> word.', "A bold and styled word."),
    ("Line one<br>line two<br/>and<br />three.", "Line one line two and three."),
    (
        "Write to <https://example.org/a?b=1> or <a@b.ru>.",
        "Write to https://example.org/a?b=1 or a@b.ru.",
    ),
    ("An escaped \\*star\\* and \\<b\\> tag.", "An escaped *star* and <b> tag."),
    ("A *real* **emphasis** and _this_ and ~~that~~.", "A real emphasis and this and that."),
    ("A [link](https://x.org/a_(b)) and ![alt text](img.png).", "A link and alt text."),
    ("Code `a < b` and ``x ` y``.", "Code a < b and x ` y."),
    ("Hidden <!-- a comment --> text.", "Hidden text."),
]


@pytest.mark.parametrize("prose", LITERAL_PROSE)
@pytest.mark.parametrize("kind", ["paragraph", "item"])
def test_prose_that_looks_like_markup_is_kept(prose: str, kind: str, profile) -> None:
    note = parse(("- " if kind == "item" else "") + prose + "\n", profile)
    block = only_block(note)
    assert block.text == prose
    assert_offsets(note.text, block)


@pytest.mark.parametrize(("source", "clean"), MARKUP)
def test_real_markup_is_removed(source: str, clean: str, profile) -> None:
    note = parse(source + "\n", profile)
    block = only_block(note)
    assert block.text == clean
    assert_offsets(note.text, block)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]),
            st.sampled_from("<>&*_~`[]()!\\ ab"),
        ),
        max_size=60,
    )
)
def test_escaped_word_text_reads_back_as_written(text: str) -> None:
    """What the Word import writes for a paragraph reads back as the paragraph's text."""
    assert clean_text(escape_markup(text), 0).text == " ".join(text.split())


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_offsets_are_into_the_decoded_file(
    tmp_path: Path, profile, newline: str, bom: bytes
) -> None:
    body = "# Proposals\n\n- Открыть **центр** дизайна\n\nIrina Volkova: Fund the\nschools.\n"
    path = tmp_path / "note.md"
    path.write_bytes(bom + (FRONT + body).replace("\n", newline).encode("utf-8"))
    note = read_note(path, profile)
    assert note.ok, [str(i) for i in note.issues]
    assert note.text == (FRONT + body).replace("\n", newline)
    assert [(b.kind, b.line, b.text) for b in note.blocks] == [
        ("heading", BODY_LINE, "Proposals"),
        ("item", BODY_LINE + 2, "Открыть центр дизайна"),
        ("paragraph", BODY_LINE + 4, "Fund the schools."),
    ]
    for block in note.blocks:
        assert_offsets(note.text, block)
    start, end = note.blocks[1].content.span(0, len(note.blocks[1].text))
    assert note.text[start:end] == "Открыть **центр** дизайна"


def test_control_characters_keep_offsets(profile) -> None:
    text = FRONT + "Line one\x0bline two and a\x00nul.\n\nNext paragraph.\n"
    note = parse_note(Path("note.md"), text, profile)
    assert len(note.text) == len(text)
    assert [b.text for b in note.blocks] == ["Line one line two and a nul.", "Next paragraph."]
    for block in note.blocks:
        assert_offsets(note.text, block)
    assert [str(i) for i in note.issues] == [
        f"note.md:{BODY_LINE}: warning: control character U+000B (pasted from Word?) "
        "is read as a space or line break"
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1e"])
def test_only_newline_breaks_lines(separator: str, profile) -> None:
    """Unicode line separators pasted from other programs do not shift line numbers."""
    note = parse(f"First{separator}part.\n\nAnna Smirnova: Hi.\n", profile)
    assert [(b.line, b.text, b.speaker) for b in note.blocks] == [
        (BODY_LINE, "First part.", None),
        (BODY_LINE + 2, "Hi.", "Anna Smirnova"),
    ]
    messages = [str(i) for i in note.issues if "Anna Smirnova" in i.message]
    assert messages == [
        f"note.md:{BODY_LINE + 2}: warning: speaker 'Anna Smirnova' is not in the front matter; "
        "add them to speakers (or fix the spelling)"
    ]
    for block in note.blocks:
        assert_offsets(note.text, block)


# ---------------------------------------------------------------- section roles

ROLE_HEADINGS = [
    ("Proposals", "proposals"),
    ("Recommendations", "proposals"),
    ("Calls to action", "proposals"),
    ("Решения", "proposals"),
    ("Предложения", "proposals"),
    ("Рекомендации", "proposals"),
    ("Key conclusions", "conclusions"),
    ("Key takeaways", "conclusions"),
    ("Conclusions", "conclusions"),
    ("Ключевые выводы", "conclusions"),
    ("Выводы", "conclusions"),
    ("Итоги", "conclusions"),
    ("Problems", "problems"),
    ("Challenges", "problems"),
    ("Issues", "problems"),
    ("Проблемы", "problems"),
    ("Вызовы", "problems"),
]


@pytest.mark.parametrize("level", range(1, 7))
@pytest.mark.parametrize(("heading", "role"), ROLE_HEADINGS)
def test_section_headings_give_roles_at_any_level(
    heading: str, role: str, level: int, profile
) -> None:
    note = parse(
        f"{'#' * level} {heading}\n\n- A regional design centre in every federal district\n",
        profile,
    )
    assert [(b.kind, b.role) for b in note.blocks] == [("heading", role), ("item", role)]
    assert note.blocks[1].text == "A regional design centre in every federal district"


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("## PROPOSALS", "proposals"),
        ("## proposals:", "proposals"),
        ("## Proposals ##", "proposals"),
        ("## Ключевые Выводы", "conclusions"),
        ("## Ключевые выводы:", "conclusions"),
        ("**Proposals**", "proposals"),
        ("**Предложения:**", "proposals"),
        ("**Проблемы**:", "problems"),
        ("Proposals:", "proposals"),
        ("Итоги:", "conclusions"),
        ("__Рекомендации__", "proposals"),
    ],
)
def test_section_headings_are_case_insensitive_and_may_be_bold_or_colon_lines(
    heading: str, role: str, profile
) -> None:
    note = parse(f"{heading}\n\n- Create a fund\n", profile)
    assert [(b.kind, b.role) for b in note.blocks] == [("heading", role), ("item", role)]
    assert note.blocks[-1].text == "Create a fund"


@pytest.mark.parametrize(
    "heading", ["## Proposals for the future of towns", "## Discussion", "## Итоги года в цифрах"]
)
def test_other_headings_give_no_role(heading: str, profile) -> None:
    note = parse(f"{heading}\n\n- Create a fund\n", profile)
    assert [b.role for b in note.blocks] == [None, None]


def test_role_lasts_until_a_heading_of_the_same_or_higher_level(profile) -> None:
    body = (
        "## Proposals\n\n- one\n\n### Culture\n\n- two\n\nPlain paragraph.\n\n"
        "## Discussion\n\n- three\n\n# Problems\n\n- four\n\n## Speakers\n\n- five\n"
    )
    note = parse(body, profile)
    assert [(b.text, b.role) for b in content_blocks(note)] == [
        ("one", "proposals"),
        ("two", "proposals"),
        ("Plain paragraph.", "proposals"),
        ("three", None),
        ("four", "problems"),
        ("five", "problems"),
    ]


# ---------------------------------------------------------------- speaker turns

TURNS = [
    # (paragraph, speaker, clean text)
    ("Irina Volkova: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("**Irina Volkova:** We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("**Irina Volkova**: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("**Volkova**: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("__Volkova:__ We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("Volkova: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("I. Volkova: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("Volkova I.: We propose a centre.", "Irina Volkova", "We propose a centre."),
    ("Волкова И.: Предлагаю создать центр.", "Ирина Волкова", "Предлагаю создать центр."),
    ("И. Волкова: Предлагаю создать центр.", "Ирина Волкова", "Предлагаю создать центр."),
    ("**Ирина Волкова:** Предлагаю создать центр.", "Ирина Волкова", "Предлагаю создать центр."),
    ("Сидоров П.: Нужно поддержать мастеров.", "Пётр Сидоров", "Нужно поддержать мастеров."),
    ("Петр Сидоров: Нужно поддержать мастеров.", "Пётр Сидоров", "Нужно поддержать мастеров."),
    ("Moderator: Welcome.", "Pavel Orlov", "Welcome."),
    ("Модератор: Добро пожаловать.", "Pavel Orlov", "Добро пожаловать."),
    ("Orlov: Welcome.", "Pavel Orlov", "Welcome."),
]


@pytest.mark.parametrize(("paragraph", "speaker", "text"), TURNS)
def test_speaker_turn_forms(paragraph: str, speaker: str, text: str, profile) -> None:
    note = parse(paragraph + "\n", profile)
    block = only_block(note)
    assert (block.speaker, block.text) == (speaker, text)
    assert not note.issues
    assert_offsets(note.text, block)


NOT_TURNS = [
    "Suggested: a design school in every town.",
    "Need for practitioners: universities lack them.",
    "Question from the floor: who pays?",
    "Question From The Floor: who pays?",
    "Нехватка кадров: мастеров не хватает.",
    "Ключевой Вопрос: кто платит?",
    "Key Point: money matters.",
    "Note: this was recorded.",
    "Date: 21 November.",
    "Time: 10:00.",
    "In 2024: ten festivals.",
]


@pytest.mark.parametrize("paragraph", NOT_TURNS)
def test_labels_that_open_no_turn(paragraph: str, profile) -> None:
    note = parse(paragraph + "\n", profile)
    block = only_block(note)
    assert (block.speaker, block.text) == (None, paragraph)
    assert not note.issues


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ("Anna Smirnova: I agree.", "Anna Smirnova"),
        ("**Anna Smirnova:** I agree.", "Anna Smirnova"),
        ("A. Smirnova: I agree.", "A. Smirnova"),
        ("Смирнова А.В.: Согласна.", "Смирнова А.В."),
        ("Анна Викторовна Смирнова: Согласна.", "Анна Викторовна Смирнова"),
    ],
)
def test_unknown_person_opens_a_turn_with_a_warning(paragraph: str, speaker: str, profile) -> None:
    note = parse(paragraph + "\n\nNext paragraph.\n", profile)
    assert [b.speaker for b in note.blocks] == [speaker, speaker]
    assert [str(i) for i in note.issues] == [
        f"note.md:{BODY_LINE}: warning: speaker '{speaker}' is not in the front matter; "
        "add them to speakers (or fix the spelling)"
    ]


def test_a_turn_lasts_until_the_next_turn_or_heading(profile) -> None:
    body = (
        "Irina Volkova: First.\n\nShe went on.\n\n- a point of hers\n\nSuggested: still hers.\n\n"
        "Orlov: Thank you.\n\nHe went on.\n\n## Discussion\n\nNobody's.\n"
    )
    note = parse(body, profile)
    assert [(b.text, b.speaker) for b in content_blocks(note)] == [
        ("First.", "Irina Volkova"),
        ("She went on.", "Irina Volkova"),
        ("a point of hers", "Irina Volkova"),
        ("Suggested: still hers.", "Irina Volkova"),
        ("Thank you.", "Pavel Orlov"),
        ("He went on.", "Pavel Orlov"),
        ("Nobody's.", None),
    ]


def test_a_label_on_a_proposal_item_names_only_that_item(profile) -> None:
    body = "## Proposals\n\n- Volkova: Create a fund.\n- Train designers.\n"
    note = parse(body, profile)
    assert [(b.text, b.speaker) for b in content_blocks(note)] == [
        ("Create a fund.", "Irina Volkova"),
        ("Train designers.", None),
    ]


def test_without_front_matter_people_names_still_open_turns(profile) -> None:
    front = "---\nid: s\ntitle: S\nformat: panel\ndate: 2024-11-21\n---\n\n"
    note = parse("Irina Volkova: Hello.\n\nVolkova: Again.\n", profile, front=front)
    assert [(b.text, b.speaker) for b in note.blocks] == [
        ("Hello.", "Irina Volkova"),
        ("Volkova: Again.", "Irina Volkova"),
    ]


# ---------------------------------------------------------------- names

RUSSIAN_FORMS = [
    ("Волкова", "Ирина Волкова"),
    ("Волковой", "Ирина Волкова"),
    ("Ирины Волковой", "Ирина Волкова"),
    ("Ирине Волковой", "Ирина Волкова"),
    ("Ириной Волковой", "Ирина Волкова"),
    ("И. Волковой", "Ирина Волкова"),
    ("Волковой И.", "Ирина Волкова"),
    ("Волковой И. А.", "Ирина Волкова"),
    ("Сидоров", "Пётр Сидоров"),
    ("Сидорова", "Пётр Сидоров"),
    ("Сидорову", "Пётр Сидоров"),
    ("Сидоровым", "Пётр Сидоров"),
    ("Петра Сидорова", "Пётр Сидоров"),
    ("Петром Сидоровым", "Пётр Сидоров"),
    ("П. Сидорову", "Пётр Сидоров"),
    ("Сидорове", "Пётр Сидоров"),
]


@pytest.mark.parametrize(("written", "name"), RUSSIAN_FORMS)
def test_russian_names_match_in_any_case(written: str, name: str) -> None:
    index = NameIndex(["Ирина Волкова", "Пётр Сидоров", "Irina Volkova"])
    assert index.resolve(written) == name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Volkova", None),  # two people share the surname: ambiguous
        ("I. Volkova", "Irina Volkova"),
        ("A. Volkova", "Anna Volkova"),
        ("Irina Volkova", "Irina Volkova"),
        ("Volkov", None),
        ("P. Volkova", None),  # initials that fit nobody
        ("Sidorov", None),
        ("", None),
    ],
)
def test_english_names_and_ambiguity(written: str, name: str | None) -> None:
    index = NameIndex(["Irina Volkova", "Anna Volkova"])
    assert index.resolve(written) == name


@pytest.mark.parametrize(
    ("written", "words", "initials"),
    [
        ("И. Волкова", ["Волкова"], ["И"]),
        ("Волкова И.А.", ["Волкова"], ["И", "А"]),
        ("Volkova I. A.", ["Volkova"], ["I", "A"]),
        ("Irina Volkova", ["Irina", "Volkova"], []),
    ],
)
def test_split_name(written: str, words: list[str], initials: list[str]) -> None:
    assert split_name(written) == (words, initials)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Anna Smirnova", True),
        ("Анна Смирнова", True),
        ("Анна Викторовна Смирнова", True),
        ("A. Smirnova", True),
        ("Смирнова А. В.", True),
        ("Smirnova", False),
        ("Suggested", False),
        ("Need for practitioners", False),
        ("Question From The Floor", False),
        ("Нехватка кадров", False),
        ("Нехватка Кадров", False),
        ("Key Point", False),
        ("Anna Maria Luisa Smirnova", False),
    ],
)
def test_looks_like_name(label: str, expected: bool) -> None:
    assert looks_like_name(label) is expected


# ---------------------------------------------------------------- attributions

ATTRIBUTIONS = [
    ("- Create a fund (Volkova)", "Irina Volkova", "Create a fund"),
    ("- Create a fund (Volkova).", "Irina Volkova", "Create a fund"),
    ("- Create a fund (I. Volkova)", "Irina Volkova", "Create a fund"),
    ("- Create a fund — Irina Volkova", "Irina Volkova", "Create a fund"),
    ("- Create a fund -- Volkova", "Irina Volkova", "Create a fund"),
    ("- Создать фонд – Волкова", "Ирина Волкова", "Создать фонд"),
    ("- Создать фонд (Сидоров П.)", "Пётр Сидоров", "Создать фонд"),
    ("- Создать фонд — Петра Сидорова", "Пётр Сидоров", "Создать фонд"),
    ("- Create a fund (moderator)", "Pavel Orlov", "Create a fund"),
    ("Create a fund (Volkova).", "Irina Volkova", "Create a fund"),
    # Not a person: the text is kept whole.
    ("- Create a fund (see the annex)", None, "Create a fund (see the annex)"),
    ("- Create a fund (2025)", None, "Create a fund (2025)"),
    ("- Create a fund — a new approach", None, "Create a fund — a new approach"),
    ("- Create a fund (RCW)", None, "Create a fund (RCW)"),
]


@pytest.mark.parametrize(("line", "speaker", "text"), ATTRIBUTIONS)
def test_attribution_suffixes(line: str, speaker: str | None, text: str, profile) -> None:
    note = parse("## Proposals\n\n" + line + "\n", profile)
    block = only_block(note)
    assert (block.speaker, block.text, block.role) == (speaker, text, "proposals")
    assert_offsets(note.text, block)


def test_attribution_overrides_the_current_turn(profile) -> None:
    note = parse(
        "Orlov: Let us hear ideas.\n\n- Create a fund (Volkova)\n- Train designers\n", profile
    )
    assert [(b.text, b.speaker) for b in note.blocks] == [
        ("Let us hear ideas.", "Pavel Orlov"),
        ("Create a fund", "Irina Volkova"),
        ("Train designers", "Pavel Orlov"),
    ]


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Предлагаем создать центр дизайна в каждом городе.", "ru"),
        ("We propose a design centre in every town.", "en"),
        ("Центр дизайна (design centre) в каждом городе.", "ru"),
        ("The Красноярский край should open a design centre in every town.", "en"),
        ("", "en"),
        ("12345 — 2024", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


RU_BODY = "Предлагаем создать центр дизайна в каждом малом городе края и поддержать мастеров. " * 4
EN_BODY = (
    "We propose to open a design centre in every small town of the region and support makers. " * 4
)


@pytest.mark.parametrize(
    ("declared", "body", "language", "warned"),
    [
        (None, RU_BODY, "ru", False),
        (None, EN_BODY, "en", False),
        ("ru", RU_BODY, "ru", False),
        ("en", EN_BODY, "en", False),
        ("en", RU_BODY, "ru", True),
        ("ru", EN_BODY, "en", True),
        ("ru", "Short English.", "ru", False),  # too little text to overrule the rapporteur
    ],
)
def test_note_language(declared, body: str, language: str, warned: bool, profile) -> None:
    front = "---\nid: s\ntitle: S\nformat: panel\ndate: 2024-11-21\n"
    front += f"language: {declared}\n" if declared else ""
    front += "---\n\n"
    note = parse(body + "\n", profile, front=front)
    assert note.language == language
    messages = [str(i) for i in note.issues]
    if warned:
        assert messages == [
            f"note.md:6: warning: language says '{declared}' but the text reads as '{language}'; "
            f"using '{language}' (fix the language key)"
        ]
    else:
        assert messages == []


# ---------------------------------------------------------------- tables and other markup


def test_tables_become_one_block_per_row(profile) -> None:
    body = (
        "## Proposals\n\n"
        "| Measure | Who |\n"
        "|:--------|----:|\n"
        "| A design **fund** | Volkova |\n"
        "| Grants for towns | Orlov |\n"
    )
    note = parse(body, profile)
    blocks = content_blocks(note)
    assert [(b.kind, b.text, b.role, b.line) for b in blocks] == [
        ("paragraph", "Measure Who", "proposals", BODY_LINE + 2),
        ("paragraph", "A design fund Volkova", "proposals", BODY_LINE + 4),
        ("paragraph", "Grants for towns Orlov", "proposals", BODY_LINE + 5),
    ]
    for block in blocks:
        assert_offsets(note.text, block)


def test_comments_are_not_text_and_fences_hold_no_headings_or_items(profile) -> None:
    body = (
        "<!-- Fictional people. -->\n\nText one.\n\n"
        "~~~\n# not a heading\n- not an item\n~~~\n\n## Proposals ##\n\n- Text two.\n"
    )
    note = parse(body, profile)
    assert [(b.kind, b.text, b.role) for b in note.blocks] == [
        ("paragraph", "Text one.", None),
        ("paragraph", "# not a heading - not an item", None),
        ("heading", "Proposals", "proposals"),
        ("item", "Text two.", "proposals"),
    ]


def test_heading_levels_and_lines(profile) -> None:
    note = parse("# One\n\n### Three ###\n\nText\n", profile)
    assert [(b.kind, b.level, b.text, b.line) for b in note.blocks] == [
        ("heading", 1, "One", BODY_LINE),
        ("heading", 3, "Three", BODY_LINE + 2),
        ("paragraph", 0, "Text", BODY_LINE + 4),
    ]


def test_word_count_and_people(profile) -> None:
    note = parse("Irina Volkova: One two three.\n\n- four five\n", profile)
    assert note.words == 5
    assert [p.name for p in note.session.people] == [
        "Pavel Orlov",
        "Irina Volkova",
        "Ирина Волкова",
        "Пётр Сидоров",
    ]
    assert note.session.person("Irina Volkova").role == "Minister of Culture"


# ---------------------------------------------------------------- any text at all

LINE_PARTS = st.sampled_from(
    [
        "# ",
        "## Proposals",
        "### Итоги",
        "- ",
        "1. ",
        "  ",
        "> ",
        "| ",
        " | ",
        "|---|---|",
        "**",
        "__",
        "_",
        "`",
        "[",
        "](http://x)",
        "(",
        ")",
        " — ",
        " – ",
        ": ",
        "Irina Volkova",
        "Volkova",
        "И.",
        "Волковой",
        "Suggested",
        "Moderator",
        "centre",
        "город",
        "2024",
        ".",
        ",",
        "\t",
        "<!--",
        "-->",
        "```",
        "\\",
        "<b>",
        "ё",
    ]
)
LINES = st.lists(st.one_of(LINE_PARTS, st.text(max_size=6)), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12))
def test_any_body_parses_and_maps_back(body_lines: list[str]) -> None:
    """No body breaks the parser, and every block maps back to its source text."""
    note = parse("\n".join(body_lines) + "\n", default_profile())
    for block in note.blocks:
        assert block.text == block.text.strip()
        assert "\n" not in block.text
        assert_offsets(note.text, block)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_file_text_gives_issues_not_exceptions(text: str) -> None:
    note = parse_note(Path("note.md"), text, default_profile())
    assert note.session is not None or any(i.severity == "error" for i in note.issues)
    for issue in note.issues:
        assert 1 <= issue.line <= text.count("\n") + 1 + text.count("\x0b") + text.count("\x0c")


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"---\nid: x\n---\n"]),
)
def test_any_bytes_give_issues_not_exceptions(data: bytes, prefix: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_bytes(prefix + data)
        note = read_note(path, default_profile())
    assert note.session is not None or any(i.severity == "error" for i in note.issues)
    assert all(str(i).startswith(f"{path}:") for i in note.issues)
