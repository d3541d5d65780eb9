"""The linguistic knowledge the rules use outside the cues, as data: grammar words, pronouns of
reported speech, abbreviations, and where the year that makes "in 2019" the past comes from."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from spacy.language import Language

from toolkit.errors import ProfileError
from toolkit.extract import Pipelines, extract, forum_year
from toolkit.nlp import build_pipeline
from toolkit.nlp.detector import note_doc
from toolkit.nlp.lexicon import WORD_LISTS, Lexicon, default_lexicon, read_lexicon
from toolkit.profile import default_profile


@pytest.fixture(scope="module")
def nlp_en() -> Language:
    return build_pipeline("en", classifier=False)


def proposals(nlp: Language, text: str, year: int | None) -> list[str]:
    doc = nlp(note_doc(nlp, text, year=year))
    return [span.text for span in doc.spans["proposals"]]


# ---------------------------------------------------------------- the year


@pytest.mark.parametrize(
    ("forum", "year"),
    [
        ({"dates": {"start": dt.date(2025, 10, 14)}, "edition": "2030"}, 2025),
        ({"edition": "2023"}, 2023),
        ({"edition": "Siberia"}, None),
        ({}, None),
    ],
)
def test_the_forum_year_comes_from_the_profile(forum: dict, year: int | None) -> None:
    assert forum_year(dataclasses.replace(default_profile(), forum=forum)) == year


PAST = "In 2019 the ministry recommended a new grant scheme."


def test_with_no_year_known_no_year_is_the_past(nlp_en: Language) -> None:
    assert proposals(nlp_en, PAST, year=None) == [PAST]
    assert proposals(nlp_en, PAST, year=2024) == []


def test_the_forum_year_stands_in_for_a_note_without_a_date() -> None:
    nlp = build_pipeline("en", classifier=False, forum_year=2024)
    assert proposals(nlp, PAST, year=None) == []
    assert proposals(nlp, PAST, year=2018) == [PAST]  # the note's own date wins


# ---------------------------------------------------------------- word lists from the cue files


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sentencizer_takes_its_abbreviations_from_the_cue_file(lang: str) -> None:
    nlp = build_pipeline(lang, classifier=False)
    abbreviations = default_lexicon(lang).words["abbreviations"]
    assert {"e.g", "dr"} <= abbreviations if lang == "en" else {"т.е", "г"} <= abbreviations
    assert nlp.get_pipe("notes_sentencizer").abbreviations == abbreviations


def test_a_new_abbreviation_in_the_lexicon_keeps_the_sentence_whole() -> None:
    text = "Open a centre in the Emelyanovo distr. Sosnovy Bor needs it. Fund it."
    shipped = build_pipeline("en", classifier=False)
    assert len(list(shipped(text).sents)) == 3
    lexicon = default_lexicon("en")
    words = {**lexicon.words, "abbreviations": lexicon.words["abbreviations"] | {"distr"}}
    mine = build_pipeline("en", classifier=False, lexicon=dataclasses.replace(lexicon, words=words))
    assert len(list(mine(text).sents)) == 2


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_word_list_is_in_the_shipped_cue_file(lang: str) -> None:
    """Each list is written out (empty where a language has no use for it), so an expert
    editing the file sees every one; none is left over from removed rules."""
    path = Path(__file__).resolve().parent.parent / "toolkit" / "data" / f"cues_{lang}.yaml"
    keys = set(re.findall(r"^([a-z_]+):", path.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(WORD_LISTS) <= keys
    assert not keys & {"alternatives", "question_openers"}


def test_an_empty_lexicon_has_every_list() -> None:
    assert set(Lexicon.empty("ru").words) == set(WORD_LISTS)


RU_NOTE = """---
id: pronouns
title: Pronouns
format: panel
date: 2024-11-21
language: ru
speakers:
  - name: Ирина Волкова
  - name: Павел Орлов
---

Ирина Волкова руководит центром дизайна в Красноярске. {sentence}
"""


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("По ее словам, регионам следует создать фонд дизайна.", "Ирина Волкова"),
        ("Она добавила, что регионам следует создать фонд дизайна.", "Ирина Волкова"),
        ("По словам коллег, регионам следует создать фонд дизайна.", None),
    ],
)
def test_a_pronoun_of_reported_speech_refers_to_the_last_person_named(
    tmp_path: Path, sentence: str, speaker: str | None
) -> None:
    path = tmp_path / "pronouns.md"
    path.write_text(RU_NOTE.format(sentence=sentence), encoding="utf-8")
    profile = default_profile()
    result = extract([path], profile, pipelines=Pipelines(profile, classifier=False))
    assert [(p.text, p.speaker) for p in result.proposals] == [(sentence, speaker)]


@pytest.mark.parametrize("name", ["reason_connectives", "clause_breaks", "cleft_copulas"])
def test_a_mistyped_session_13_list_names_its_file_and_line(tmp_path: Path, name: str) -> None:
    """The lists added in session 13 are validated like every other: a bare word instead of a
    list stops loading with the file and the line to fix."""
    shipped = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "cues_en.yaml"
    lines = shipped.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith(f"{name}:"))
    lines[line - 1] = f"{name}: why"
    path = tmp_path / "cues_en.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=rf"cues_en\.yaml:{line}: '{name}' must be a list"):
        read_lexicon(path)
