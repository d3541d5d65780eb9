"""Each spaCy component on small ``Doc`` objects: morphology, sentences, cues, detection, profile.

The pipelines are built once per test session (as spaCy's own tests do). Every detector case is
a row in a table of clear cases from docs/proposals.md.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import asdict
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_model_from_config

from toolkit.errors import ExtractError, ProfileError
from toolkit.extract import Pipelines, extract_notes, forum_year
from toolkit.nlp import build_pipeline, morphology
from toolkit.nlp import lexicon as lexicon_module
from toolkit.nlp.cues import CueRuler
from toolkit.nlp.detector import note_doc
from toolkit.nlp.lexicon import Lexicon, default_lexicon, read_lexicon
from toolkit.nlp.sentences import NotesSentencizer
from toolkit.notes import find_note_files, iter_notes
from toolkit.profile import load_profile


@pytest.fixture(scope="session")
def nlp_ru() -> Language:
    return build_pipeline("ru", classifier=False)  # the rules alone: the cases below are theirs


@pytest.fixture(scope="session")
def nlp_en() -> Language:
    return build_pipeline("en", classifier=False)


@pytest.fixture(scope="session")
def pipelines(nlp_ru: Language, nlp_en: Language) -> dict[str, Language]:
    return {"ru": nlp_ru, "en": nlp_en}


def run(
    nlp: Language,
    text: str,
    *,
    section: str | None = None,
    kind: str = "paragraph",
    year: int | None = 2024,
) -> Doc:
    """Run the pipeline the way extraction does: block context set on the Doc first."""
    return nlp(note_doc(nlp, text, section=section, block_kind=kind, year=year))


def unit_scores(doc: Doc) -> list[tuple[int, int, float]]:
    """Every judged unit with its final score, from the units group the detector writes."""
    group = doc.spans["proposal_units"]
    return [(s.start, s.end, score) for s, score in zip(group, group.attrs["scores"], strict=True)]


def proposals(doc: Doc) -> list[str]:
    return [span.text for span in doc.spans["proposals"]]


def sentences(doc: Doc) -> list[str]:
    return [sent.text for sent in doc.sents]


# ---------------------------------------------------------------- the pipeline


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_blank_pipeline_has_the_project_components(pipelines, lang: str) -> None:
    morphology = "ru_morph" if lang == "ru" else "en_lemma"
    assert pipelines[lang].pipe_names == [
        morphology,
        "notes_sentencizer",
        "cue_ruler",
        "proposal_detector",
        "profile_matcher",
        "planning_router",
    ]


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [
        ("It's important to act.", ["it", "be", "important", "to", "act", "."]),
        ("There's a need, it's been said.", ["there", "be", "a", "need", ",", "it", "have", "be"]),
        # elsewhere the lookup table's lemma of the form ("have"), as before
        ("The minister's plan.", ["the", "minister", "have", "plan", "."]),
        ("Let's go.", ["let", "have", "go", "."]),
    ],
)
def test_english_clitic_s_is_a_verb_only_after_its_hosts(pipelines, text, lemmas) -> None:
    """data/lemmas_en.yaml: "it's" is "it is" (the cue phrases say "it be important to"); a
    possessive and "let's" keep the lookup table's lemma."""
    doc = pipelines["en"](text)
    assert [t.lemma_ for t in doc][: len(lemmas)] == lemmas


@pytest.mark.parametrize(
    ("reader", "key", "broken"),
    [
        (morphology.adjective_lemmas, "prefer_adjective", "prefer_adjective: малое"),
        (morphology.preferred_lemmas, "prefer_lemma", "prefer_lemma: [округа, округ]"),
        (morphology.preferred_lemmas, "prefer_lemma", "prefer_lemma: {округа: [округ]}"),
        (morphology.clitic_lemmas, "clitic_hosts", 'clitic_forms: ["\'s"]\nclitic_hosts: it'),
    ],
)
def test_a_broken_lemma_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader, key: str, broken: str
) -> None:
    """data/lemmas_ru.yaml, lemmas_en.yaml: an entry of the wrong shape names the file and key."""
    path = tmp_path / "lemmas.yaml"
    path.write_text(broken + "\n", encoding="utf-8")
    monkeypatch.setattr(morphology, "shipped_data", lambda name: path)
    reader.cache_clear()
    try:
        with pytest.raises(ProfileError, match=f"lemmas.yaml:1: needs '{key}'"):
            reader()
    finally:
        reader.cache_clear()  # the next call reads the shipped file again


@pytest.mark.parametrize("model", ["ru_no_such_model", "en_no_such_model"])
def test_unknown_model_is_a_clear_error(model: str) -> None:
    with pytest.raises(ExtractError) as raised:
        build_pipeline(model[:2], model=model)
    assert model in raised.value.message
    assert "not installed" in raised.value.message


def test_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ExtractError, match="'de' is not supported"):
        build_pipeline("de")


# ---------------------------------------------------------------- morphology


@pytest.mark.parametrize(
    ("word", "lemma", "pos", "features"),
    [
        (
            "предложила",
            "предложить",
            "VERB",
            {"Tense": ["Past"], "Gender": ["Fem"], "Mood": ["Ind"]},
        ),
        ("Создать", "создать", "VERB", {"VerbForm": ["Inf"]}),
        ("Создайте", "создать", "VERB", {"Mood": ["Imp"], "Number": ["Plur"]}),
        ("создадим", "создать", "VERB", {"Person": ["1"], "Tense": ["Fut"]}),
        ("крае", "край", "NOUN", {"Case": ["Loc"]}),
        ("Красноярском", "красноярский", "ADJ", {"Case": ["Loc"]}),
        ("центров", "центр", "NOUN", {"Case": ["Gen"], "Number": ["Plur"]}),
        ("ещё", "еще", "ADV", {}),  # ё is folded, as the cue files are written
    ],
)
def test_russian_lemmas_pos_and_morphology(
    nlp_ru: Language, word: str, lemma: str, pos: str, features: dict[str, list[str]]
) -> None:
    token = run(nlp_ru, f"Они {word} .")[1]
    assert token.lemma_ == lemma
    assert token.pos_ == pos
    for key, value in features.items():
        assert token.morph.get(key) == value, token.morph


def test_russian_morphology_caches_each_form_with_the_same_result(nlp_ru: Language) -> None:
    first = [
        (t.lemma_, t.pos_, str(t.morph)) for t in run(nlp_ru, "Регионы предложили создать центры.")
    ]
    again = [
        (t.lemma_, t.pos_, str(t.morph)) for t in run(nlp_ru, "Регионы предложили создать центры.")
    ]
    assert first == again
    # each form parsed once (the tokenizer keeps the packed row with the form's own row)
    assert nlp_ru.get_pipe("ru_morph")._lower


def test_non_cyrillic_tokens_in_russian_get_lower_case_lemmas(nlp_ru: Language) -> None:
    doc = run(nlp_ru, "Бренд Krasnoyarsk 2024 🎨")
    assert [t.lemma_ for t in doc[1:]] == ["krasnoyarsk", "2024", "🎨"]


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Proposals", "proposal"),  # capitalised: the table is case-sensitive, the fallback is not
        ("Regions", "region"),
        ("CREATED", "create"),
        ("centres", "centre"),
        ("went", "go"),
        ("Krasnoyarsk", "krasnoyarsk"),
    ],
)
def test_english_lemmas(nlp_en: Language, word: str, lemma: str) -> None:
    assert run(nlp_en, word)[0].lemma_ == lemma


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "ru",
            "Нужны кадры, т. е. дизайнеры и инженеры. Их не хватает.",
            ["Нужны кадры, т. е. дизайнеры и инженеры.", "Их не хватает."],
        ),
        (
            "ru",
            "В 2023 г. регион открыл центр. Необходимо создать ещё один.",
            ["В 2023 г. регион открыл центр.", "Необходимо создать ещё один."],
        ),
        (
            "ru",
            "Как сказала И. Волкова, нужно создать центр. Это важно.",
            ["Как сказала И. Волкова, нужно создать центр.", "Это важно."],
        ),
        (
            "ru",
            "Выступила И. И. Волкова. Она предложила создать фонд.",
            ["Выступила И. И. Волкова.", "Она предложила создать фонд."],
        ),
        (
            "ru",
            "Центры, музеи и т. д. работают. Кадров не хватает.",
            ["Центры, музеи и т. д. работают.", "Кадров не хватает."],
        ),
        (
            "ru",
            "Необходимо создать центр! Нужно ли это? Да.",
            ["Необходимо создать центр!", "Нужно ли это?", "Да."],
        ),
        (
            "ru",
            "Он сказал: «Создать центр». Потом ушёл.",
            ["Он сказал: «Создать центр».", "Потом ушёл."],
        ),
        (
            "en",
            "Small towns, e.g. Yeniseysk, need help. Regions should act.",
            ["Small towns, e.g. Yeniseysk, need help.", "Regions should act."],
        ),
        (
            "en",
            "Prof. Smith and Dr. Jones spoke. I. Volkova disagreed.",
            ["Prof. Smith and Dr. Jones spoke.", "I. Volkova disagreed."],
        ),
        (
            "en",
            "We did it. Then we left! Why? Because.",
            ["We did it.", "Then we left!", "Why?", "Because."],
        ),
        (
            "en",
            "Funding rose 5.5 percent in 2023. It was not enough.",
            ["Funding rose 5.5 percent in 2023.", "It was not enough."],
        ),
    ],
)
def test_sentence_boundaries(pipelines, lang: str, text: str, expected: list[str]) -> None:
    assert sentences(run(pipelines[lang], text)) == expected


@pytest.mark.parametrize(("text", "units"), [("", []), (" ", [0.0]), ("\n\n", [0.0])])
def test_blocks_with_no_words_are_judged_without_error(
    pipelines, text: str, units: list[float]
) -> None:
    for nlp in pipelines.values():
        assert [score for *_, score in unit_scores(run(nlp, text))] == units


def test_run_on_text_is_capped_into_sentences(nlp_en: Language) -> None:
    text = " ".join(f"word{i}" for i in range(1000))
    doc = run(nlp_en, text)
    lengths = [len(sent) for sent in doc.sents]
    assert sum(lengths) == 1000
    assert max(lengths) <= 2 * nlp_en.get_pipe("notes_sentencizer").max_tokens


def test_sentencizer_is_linear_in_the_length_of_a_block(nlp_en: Language) -> None:
    """A pasted transcript with no punctuation is one long block; splitting it must stay fast.

    20,000 tokens take about a hundredth of a second when each boundary costs O(1).
    """
    sentencizer = nlp_en.get_pipe("notes_sentencizer")
    doc = nlp_en.make_doc(" ".join(f"word{i % 997}" for i in range(20_000)))
    started = time.perf_counter()
    sentencizer(doc)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{len(doc)} tokens took {elapsed:.1f}s: quadratic in the block length"


# ---------------------------------------------------------------- cues


@pytest.mark.parametrize(
    ("lang", "text", "cue", "label"),
    [
        ("ru", "Необходимо создать центр.", "Необходимо", "obligation"),
        ("ru", "Регионам следует включить меры в стратегию.", "следует", "obligation"),
        ("ru", "Волкова предложила создать центр.", "предложила", "directive"),  # any inflection
        ("ru", "Давайте объединим усилия.", "Давайте", "hortative"),
        ("ru", "Ранее предлагалось создать фонд.", "Ранее", "past_markers"),
        ("en", "There is a need for a regional law.", "There is a need", "obligation"),
        ("en", "I call on universities to open design programmes.", "call on", "directive"),
        ("en", "The moderator proposed creating a council.", "proposed", "directive"),
        ("en", "Let us build a network of hubs.", "Let us", "hortative"),
        ("en", "Last year the region opened a cluster.", "Last year", "past_markers"),
    ],
)
def test_cue_ruler_marks_cues_by_lemma(
    pipelines, lang: str, text: str, cue: str, label: str
) -> None:
    doc = run(pipelines[lang], text)
    assert (cue, label) in [(span.text, span.label_) for span in doc.spans["cues"]]


def test_cue_ruler_keeps_the_longest_phrase_within_a_label(nlp_en: Language) -> None:
    doc = run(nlp_en, "There is a need for a regional law.")
    cues = [(s.text, s.label_) for s in doc.spans["cues"]]
    assert ("There is a need", "obligation") in cues
    assert len([c for c in cues if c[1] == "obligation"]) == 1


@pytest.mark.parametrize(
    ("lang", "text"), [("ru", "Кадров не хватает."), ("en", "Creative industries grow.")]
)
def test_cue_ruler_finds_nothing_in_plain_statements(pipelines, lang: str, text: str) -> None:
    doc = run(pipelines[lang], text)
    labels = {s.label_ for s in doc.spans["cues"]}
    assert not labels & set(default_lexicon(lang).weights)


# ---------------------------------------------------------------- detection (docs/proposals.md)

RU_POSITIVE = [
    "Необходимо создать центр дизайна в каждом районе края.",  # modal
    "Предлагаю создать региональный фонд поддержки креативных индустрий.",  # directive
    "Регионам следует включить креативные индустрии в стратегию развития.",  # modal
    "Нужно открыть программы обучения для продюсеров.",
    "Мы рекомендуем органам власти упростить доступ к грантам.",
    "Рекомендовать органам власти края разработать закон о креативных индустриях.",
    "Давайте объединим усилия сибирских регионов.",  # hortative
    "Создать реестр креативных компаний края.",  # infinitive resolution item
    "Разработать программу поддержки малых городов до 2026 года.",
    "Было предложено создать региональный фонд.",  # reported proposal
    "По мнению Волковой, необходимо создать центр компетенций.",
    "Волкова предложила открыть креативные кварталы в малых городах.",
    "Призываю университеты открыть программы по дизайну.",
    "Целесообразно создать единый реестр площадок.",
    "Важно сохранить народные промыслы и поддержать мастеров.",
    "Регионы должны перестать финансировать разовые фестивали.",  # a call to refrain
]
RU_NEGATIVE = [
    "Нужно ли регионам субсидировать фестивали?",  # question
    "Следует ли создавать новый фонд?",
    "Ранее предлагалось создать единую лабораторию, но идея не была реализована.",  # past proposal
    "В 2023 году в крае создан креативный кластер.",  # what happened
    "В 2022 году министерство рекомендовало муниципалитетам передать здания, и это сработало.",
    "Кадров не хватает.",  # problem
    "Креативные индустрии являются драйвером роста.",  # opinion
    "Следует отметить, что отрасль растёт.",  # discourse
    "Нам не нужен ещё один реестр.",  # negation without an alternative
    "Участники обсудили опыт Татарстана.",
]
EN_POSITIVE = [
    "We propose creating a regional design centre.",  # directive
    "Regions should create design centres in every district.",  # modal
    "It is necessary to train more producers.",
    "There is a need for a regional creative industries law.",
    "Let us build a network of creative hubs.",  # hortative
    "I call on universities to open design programmes.",
    "The participants recommended a single register of venues.",
    "The moderator proposed creating a regional design council.",  # reported proposal
    "We need to simplify access to grants for small studios.",
    "Regions must publish their cultural statistics every year.",
    "Regions should stop funding one-off festivals.",  # a call to refrain is a proposal
    "I suggest that municipalities lease empty buildings to studios.",
]
EN_NEGATIVE = [
    "Should regions fund festivals?",  # question
    "Do regions need another festival?",
    "In 2022 the ministry recommended a new grant scheme, and it worked.",  # past proposal
    "Last year the region opened a creative cluster.",  # what happened
    "Creative industries are a driver of growth.",  # opinion
    "Small studios lack access to finance.",  # problem
    "We do not need another agency.",  # negation without an alternative
    "It should be noted that the sector is growing.",  # discourse
    "The panel discussed the experience of Tatarstan.",
]


def _cases(rows: list[str], lang: str, expected: bool) -> list:
    return [
        pytest.param(lang, text, expected, id=f"{lang}-{'pos' if expected else 'neg'}-{i}")
        for i, text in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    _cases(RU_POSITIVE, "ru", True)
    + _cases(RU_NEGATIVE, "ru", False)
    + _cases(EN_POSITIVE, "en", True)
    + _cases(EN_NEGATIVE, "en", False),
)
def test_detector_on_clear_cases(pipelines, lang: str, text: str, expected: bool) -> None:
    doc = run(pipelines[lang], text)
    scores = unit_scores(doc)
    assert len(scores) == 1, sentences(doc)
    assert (proposals(doc) == [text]) is expected, scores


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_detector_scores_every_sentence_between_0_and_1(pipelines, lang: str) -> None:
    text = {
        "ru": "Кадров не хватает. Необходимо открыть колледж. Нужно ли это?",
        "en": "Studios lack staff. Regions should open a college. Should they?",
    }[lang]
    doc = run(pipelines[lang], text)
    scores = unit_scores(doc)
    assert [(s, e) for s, e, _ in scores] == [(sent.start, sent.end) for sent in doc.sents]
    assert all(0 <= score <= 1 for _, _, score in scores)
    assert proposals(doc) == [sentences(doc)[1]]
    threshold = pipelines[lang].get_pipe("proposal_detector").threshold
    assert [score >= threshold for *_, score in scores] == [False, True, False]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "A regional design centre in every federal district"),
        ("en", "Multi-year funding agreements for festivals"),
        ("en", "Studios lack access to finance"),
        ("ru", "Региональный центр дизайна в каждом федеральном округе"),
        ("ru", "Кадров не хватает"),
        ("ru", "Грантовая линия для малых городов. Отдельно для сёл."),
    ],
)
def test_items_under_a_proposals_heading_are_always_proposals(
    pipelines, lang: str, text: str
) -> None:
    doc = run(pipelines[lang], text, section="proposals", kind="item")
    assert proposals(doc) == sentences(doc)
    assert all(score >= 0.9 for *_, score in unit_scores(doc))


@pytest.mark.parametrize(
    ("lang", "text", "section", "kind"),
    [
        ("en", "A regional design centre in every federal district", None, "item"),
        ("en", "Studios lack access to finance", "conclusions", "item"),
        ("en", "Creative industries are a driver of growth.", "proposals", "paragraph"),
        ("ru", "Кадров не хватает", "problems", "item"),
    ],
)
def test_only_items_under_a_proposals_heading_are_marked(
    pipelines, lang: str, text: str, section: str | None, kind: str
) -> None:
    assert proposals(run(pipelines[lang], text, section=section, kind=kind)) == []


def test_the_year_of_the_session_decides_what_is_past(nlp_en: Language) -> None:
    text = "In 2025 the ministry recommended a new grant scheme."
    assert proposals(run(nlp_en, text, year=2026)) == []


# ---------------------------------------------------------------- profile matcher


@pytest.mark.parametrize(
    ("lang", "text", "kind", "span", "label"),
    [
        (
            "ru",
            "Нужно открыть центр в Красноярском крае.",
            "regions",
            "Красноярском крае",
            "krasnoyarsk-krai",
        ),
        ("ru", "Опыт Республики Хакасия полезен.", "regions", "Республики Хакасия", "khakassia"),
        (
            "ru",
            "Включить меры в государственные программы.",
            "targets",
            "государственные программы",
            "state-programme",
        ),
        (
            "ru",
            "Регионам следует включить креативные индустрии в стратегию "
            "социально-экономического развития.",
            "targets",
            "стратегию социально-экономического развития",
            "regional-strategy",
        ),
        (
            "ru",
            "Поддержать проекты, укрепляющие семейные ценности.",
            "values",
            "семейные ценности",
            "strong-family",
        ),
        (
            "en",
            "Add the measures to state programmes.",
            "targets",
            "state programmes",
            "state-programme",
        ),
        (
            "en",
            "Studios in Krasnoyarsk Krai need space.",
            "regions",
            "Krasnoyarsk Krai",
            "krasnoyarsk-krai",
        ),
        ("en", "Programmes should improve public health.", "values", "public health", "life"),
    ],
)
def test_profile_matcher(pipelines, lang: str, text: str, kind: str, span: str, label: str) -> None:
    doc = run(pipelines[lang], text)
    assert (span, label) in [(s.text, s.label_) for s in doc.spans[kind]]


def test_profile_matcher_leaves_unrelated_text_untagged(nlp_en: Language) -> None:
    doc = run(nlp_en, "The weather was fine.")
    assert [len(doc.spans[kind]) for kind in ("values", "targets", "regions")] == [0, 0, 0]


# ---------------------------------------------------------------- serialisation

ROUND_TRIP_TEXT = {
    "ru": "Необходимо создать центр дизайна в Красноярском крае, т. е. в Сибири. Кадров мало.",
    "en": "Regions should add design centres to state programmes, e.g. in Krasnoyarsk. It grows",
}


def annotations(doc: Doc) -> tuple:
    return (
        [(t.lemma_, t.pos_, str(t.morph), t.is_sent_start) for t in doc],
        unit_scores(doc),
        {
            key: [(s.start, s.end, s.label_) for s in doc.spans[key]]
            for key in ("cues", "proposals", "values", "targets", "regions")
        },
    )


def fresh_copy(nlp: Language) -> Language:
    """The same pipeline made from its config alone: every component as its factory makes it,
    with no lexicon and no patterns, so only a working ``from_bytes``/``from_disk`` fills it."""
    return load_model_from_config(nlp.config, auto_fill=True)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pipeline_bytes_round_trip(pipelines, lang: str) -> None:
    nlp = pipelines[lang]
    text = ROUND_TRIP_TEXT[lang]
    empty = fresh_copy(nlp)
    assert annotations(run(empty, text)) != annotations(run(nlp, text))  # nothing to carry over
    restored = fresh_copy(nlp).from_bytes(nlp.to_bytes())
    assert restored.pipe_names == nlp.pipe_names
    assert annotations(run(restored, text)) == annotations(run(nlp, text))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pipeline_disk_round_trip(pipelines, lang: str, tmp_path, monkeypatch) -> None:
    nlp = pipelines[lang]
    nlp.to_disk(tmp_path / "pipeline")
    monkeypatch.chdir(tmp_path)
    restored = spacy.load(tmp_path / "pipeline")
    text = ROUND_TRIP_TEXT[lang]
    assert annotations(run(restored, text)) == annotations(run(nlp, text))


def test_saved_pipelines_reproduce_the_register_in_a_clean_folder(
    sample_root: Path, tmp_path: Path, monkeypatch
) -> None:
    """Saved with ``nlp.to_disk`` and loaded where there is no workspace, no forum.yaml and no
    cue file: the sample notes give the same register as the pipelines built from the data."""
    profile = load_profile(sample_root / "forum.yaml")
    day = sample_root / "session_notes" / "day-1"  # five sessions, both languages
    notes = list(iter_notes(find_note_files([day]), profile))
    built = Pipelines(profile, forum_year=forum_year(profile))
    expected = extract_notes(notes, profile, pipelines=built).proposals
    assert {p.language for p in expected} == {"en", "ru"} and len(expected) > 40
    for lang in ("en", "ru"):
        built[lang].to_disk(tmp_path / lang)
    clean = tmp_path / "elsewhere"
    clean.mkdir()
    monkeypatch.chdir(clean)
    monkeypatch.setattr(lexicon_module, "default_lexicon", None)  # no shipped cue file either
    loaded = {lang: spacy.load(tmp_path / lang) for lang in ("en", "ru")}
    found = extract_notes(notes, profile, pipelines=loaded).proposals  # type: ignore[arg-type]
    assert [asdict(p) for p in found] == [asdict(p) for p in expected]


@pytest.mark.parametrize("name", ["cue_ruler", "proposal_detector"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_lexicon_components_save_the_lexicon(pipelines, lang: str, name: str, tmp_path) -> None:
    nlp = pipelines[lang]
    component = nlp.get_pipe(name)
    assert component.lexicon == default_lexicon(lang)
    for restore in ("bytes", "disk"):
        empty = type(component)(nlp, name)
        assert empty.lexicon == Lexicon.empty(lang)
        if restore == "bytes":
            empty.from_bytes(component.to_bytes())
        else:
            component.to_disk(tmp_path / restore)
            empty.from_disk(tmp_path / restore)
        assert empty.lexicon == component.lexicon


def test_cue_ruler_restored_finds_the_same_cues(nlp_en: Language) -> None:
    ruler = nlp_en.get_pipe("cue_ruler")
    blank = CueRuler(nlp_en, "cue_ruler")
    text = "There is a need for a regional law; we propose a fund."
    doc = run(nlp_en, text)
    expected = [(s.start, s.end, s.label_) for s in doc.spans["cues"]]
    assert expected
    assert list(blank(doc).spans["cues"]) == []
    blank.from_bytes(ruler.to_bytes())
    assert [(s.start, s.end, s.label_) for s in blank(doc).spans["cues"]] == expected


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_detector_restored_gives_the_same_scores(pipelines, lang: str) -> None:
    nlp = pipelines[lang]
    detector = nlp.get_pipe("proposal_detector")
    copy = type(detector)(nlp, "proposal_detector")
    doc = run(nlp, ROUND_TRIP_TEXT[lang])
    expected = unit_scores(doc)
    assert any(score for *_, score in expected)
    assert all(score == 0 for *_, score in unit_scores(copy(doc)))
    copy.from_bytes(detector.to_bytes())
    assert unit_scores(copy(doc)) == expected


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_initialize_gives_the_lexicon(pipelines, lang: str) -> None:
    """spaCy's ``initialize`` hook: a lexicon's data from a config, else the shipped one."""
    nlp = pipelines[lang]
    ruler = CueRuler(nlp, "cue_ruler")
    ruler.initialize(lambda: [], nlp=nlp, lexicon=default_lexicon(lang).to_dict())
    assert ruler.lexicon == default_lexicon(lang)
    ruler.set_lexicon(Lexicon.empty(lang))
    ruler.initialize(lambda: [], nlp=nlp)
    assert ruler.lexicon == default_lexicon(lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_analyze_pipes_reports_what_each_component_needs(pipelines, lang: str) -> None:
    analysis = pipelines[lang].analyze_pipes(pretty=False)
    assert all(problems == [] for problems in analysis["problems"].values())
    summary = analysis["summary"]
    assert all(summary[name]["assigns"] for name in pipelines[lang].pipe_names)
    assert summary["cue_ruler"]["requires"] == ["token.lemma"]
    assert "doc.sents" in summary["proposal_detector"]["requires"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_shipped_pipelines_with_the_classifier_have_no_unmet_requirement(lang: str) -> None:
    analysis = build_pipeline(lang).analyze_pipes(pretty=False)
    assert "proposal_classifier" in analysis["summary"]
    assert all(problems == [] for problems in analysis["problems"].values())


@pytest.mark.parametrize("with_lexicon", [True, False])
def test_cue_ruler_without_lemmas_says_what_to_add(with_lexicon: bool) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("cue_ruler")
    message = re.escape(
        "'cue_ruler' matches cues by lemma, but no component before it sets lemmas; "
        "add 'ru_morph', 'en_lemma' or a trained lemmatizer before it"
    )
    with pytest.raises(ExtractError, match=message):
        if with_lexicon:
            ruler.set_lexicon(default_lexicon("en"))
        else:
            nlp("We propose a regional fund.")


def test_sentencizer_from_bytes_keeps_abbreviations(nlp_ru: Language) -> None:
    sentencizer = nlp_ru.get_pipe("notes_sentencizer")
    copy = NotesSentencizer("notes_sentencizer", [], max_tokens=5).from_bytes(
        sentencizer.to_bytes()
    )
    assert (copy.abbreviations, copy.max_tokens) == (
        sentencizer.abbreviations,
        sentencizer.max_tokens,
    )


# ---------------------------------------------------------------- the cue files as data


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_shipped_cue_files_load_every_list(lang: str) -> None:
    lexicon = default_lexicon(lang)
    assert lexicon.not_imperatives and lexicon.imperative_weight > 0
    if lang == "en":  # a YAML `off` or `no` read as a boolean would empty a list
        assert {"off", "the"} <= lexicon.object_starters and "create" in lexicon.imperative_verbs


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        ("imperative:\n  weight: 2\n", 5, "'weight' must be a number between 0 and 1"),
        ("imperative:\n  verbs: [create, off]\n", 5, "'verbs' must be a list of non-empty"),
        ("need_weight: yes\n", 4, "'need_weight' must be a number between 0 and 1"),
        ("reporter_pronouns: she\n", 4, "'reporter_pronouns' must be a list of non-empty"),
        ("abbreviations: [e.g, '']\n", 4, "'abbreviations' must be a list of non-empty"),
        ("copulas:\n  be: 1\n", 4, "'copulas' must be a list of non-empty"),
    ],
)
def test_cue_file_errors_name_the_line(
    tmp_path: Path, yaml_text: str, line: int, message: str
) -> None:
    path = tmp_path / "cues.yaml"
    head = "language: en\ncategories: {directive: 0.9}\ncues: {directive: [propose]}\n"
    path.write_text(head + yaml_text, encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(f"{path}:{line}: {message}")):
        read_lexicon(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"language: ru\ncues: {directive: [\xff\xfe]}\n", ":1: cannot read the cue file"),
        (b"language: ru\ncues: [unclosed\n", ":3: invalid YAML"),
        (None, ":1: cannot read the cue file"),  # the file is missing
    ],
)
def test_an_unreadable_cue_file_stops_extract_with_one_line(
    runner, sample_workspace: Path, monkeypatch, content: bytes | None, message: str
) -> None:
    """The expert's broken or missing cue file: one line naming it, exit 1, no register."""
    from toolkit import yamlio
    from toolkit.cli import cli
    from toolkit.nlp import lexicon as lexicon_module

    for note in (sample_workspace / "session_notes").rglob("*.md"):
        if note.name != "plenary-values.md":  # one Russian note: the pipeline that breaks
            note.unlink()
    broken = sample_workspace / "data"
    broken.mkdir()
    if content is not None:
        (broken / "cues_ru.yaml").write_bytes(content)
    shipped = yamlio.shipped_data

    def data(name: str) -> Path:
        return broken / name if name == "cues_ru.yaml" else shipped(name)

    monkeypatch.setattr(lexicon_module, "shipped_data", data)
    lexicon_module.default_lexicon.cache_clear()
    try:
        result = runner.invoke(cli, ["--workspace", str(sample_workspace), "extract"])
    finally:
        lexicon_module.default_lexicon.cache_clear()
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if str(broken / "cues_ru.yaml") in line]
    assert len(lines) == 1 and message in lines[0], result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert not (sample_workspace / "outputs" / "register.jsonl").exists()


_FORM_TEXTS = {
    "en": [
        "It's been said: we should build a school!  Mr. Smith agreed… (Really?) «Yes.»",
        "The regions' plans, 2031. US$ 5 bn; e.g. roads — and it's done.",
    ],
    "ru": [
        "Нужно построить школу, т.е. для детей! Д-р Иванов согласился… «Да.»",
        "Регионы предложили: создать центры (2031 г.) — и другие, т.д.",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_form_columns_give_what_the_components_tables_give(
    pipelines: dict[str, Language], lang: str
) -> None:
    """The lemmas, morphology and sentence starts set from the tokenizer's form columns are
    what the components work out per form for a doc no such tokenizer made (spaCy's own
    tokens of the same words, a copy of the doc)."""
    from spacy.attrs import LEMMA, MORPH, POS, SENT_START
    from spacy.tokens import Doc

    from toolkit.nlp.arrays import token_arrays

    nlp = pipelines[lang]
    morph, sentencizer = nlp.get_pipe(nlp.pipe_names[0]), nlp.get_pipe("notes_sentencizer")
    attrs = [LEMMA, POS, MORPH, SENT_START]
    for text in _FORM_TEXTS[lang]:
        made = nlp.make_doc(text)
        assert token_arrays(made).forms_by is nlp.tokenizer
        words = [t.text for t in made]
        others = [
            Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in made]),
            made.copy(),
        ]
        for doc in (made, *others):
            sentencizer(morph(doc))
        for other in others:
            assert token_arrays(other).forms_by is None
            assert other.to_array(attrs).tolist() == made.to_array(attrs).tolist(), text


def test_a_tokenizer_read_again_keeps_the_form_columns(nlp_en: Language) -> None:
    """Loading the tokenizer's rules again (``from_bytes`` and ``from_disk``, as loading a
    saved pipeline does, then reset what it learnt) forgets the runs learnt, not the columns
    the components asked for (spaCy's rules are not read again here: a second)."""
    from toolkit.nlp.arrays import token_arrays

    tokenizer = nlp_en.tokenizer
    columns = len(tokenizer._forms)
    assert columns == 2  # the lemma, the sentence kind
    tokenizer._reset()
    assert not tokenizer._runs
    arrays = token_arrays(nlp_en.make_doc("We propose a new school."))
    assert arrays.forms_by is tokenizer and len(arrays.forms) == columns


def test_a_forms_sentence_kind_is_the_set_rules() -> None:
    """The sentencizer's kind of a form (made of ending marks only: stripped, not a set of its
    characters) on every string of up to three of these characters."""
    from toolkit.nlp import sentences

    def by_sets(text: str) -> int:
        return (
            (sentences._ENDER if text and set(text) <= sentences._ENDERS else 0)
            | (sentences._CLOSER if text in sentences._CLOSERS else 0)
            | (sentences._STARTS if sentences._starts_like_sentence(text) else 0)
            | (sentences._SOFT if text in sentences._SOFT_BREAKS else 0)
        )

    alphabet = ".!?…»)\"',;:—–aZ1 ("
    texts = [
        "".join(chars) for size in range(4) for chars in itertools.product(alphabet, repeat=size)
    ]
    assert all(sentences._kind_of(text) == by_sets(text) for text in texts)
