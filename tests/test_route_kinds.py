"""Kinds of proposal that the fresh sets' writers route alike and the router's data missed
(docs/measurements.md, "Session 19: route19"): the forum passing its work to the ministries,
federal codes and bodies and the federal level's own rules, the city or district as who
decides, shared calendars and tourist levies. Each kind has a sentence the data must route
and, where the words are shared, one it must not.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from toolkit.nlp import build_pipeline
from toolkit.nlp.detector import note_doc
from toolkit.nlp.route import NONE, ROUTES_KEY


@pytest.fixture(scope="module")
def nlp() -> dict[str, Language]:
    return {lang: build_pipeline(lang) for lang in ("ru", "en")}


def route(nlp: dict[str, Language], lang: str, text: str) -> tuple[str, str | None]:
    """The router's ``(route, basis)`` of a one-sentence paragraph (``-`` and ``None``: none)."""
    doc = nlp[lang](note_doc(nlp[lang], text, section=None, block_kind="paragraph", year=2024))
    (decision,) = doc.spans[ROUTES_KEY]
    return decision.label_, decision.id_ or None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # the forum's work passed to the bodies it reports to, its outputs named or not
        ("en", "Please send it to the ministries of culture of the three oblasts."),
        ("en", "Could you pass our points to the regional governments by May."),
        ("en", "I'd ask the secretary to forward the recommendations to every government."),
        ("ru", "Прошу собрать всё сказанное и направить в правительства всех пяти регионов."),
        ("ru", "Материалы сессии будут направлены в министерства культуры областей."),
        ("ru", "Итоговый документ панели предлагаю отправить в министерства туризма."),
        # its next meetings and its own products
        ("en", "And let's hold the next panel of this kind in Omsk next spring."),
        ("en", "Hold a follow-up meeting of the museum directors in Tomsk in 2027."),
        ("ru", "Давайте следующую пленарку проведём в Иркутске."),
        ("ru", "Предлагаю подготовить от форума памятку для сельских клубов."),
    ],
)
def test_the_forums_own_next_steps_have_no_route(nlp, lang: str, text: str) -> None:
    assert route(nlp, lang, text) == (NONE, None)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # sending money or a building is a measure, not the forum's work
        ("en", "Send more money to the village clubs.", "state-programme"),
        ("ru", "Направить средства на ремонт сельских клубов.", "state-programme"),
    ],
)
def test_sending_money_is_no_procedure(nlp, lang: str, text: str, expected: str) -> None:
    assert route(nlp, lang, text) == (expected, "inferred")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a federal code is a federal law named
        (
            "en",
            "The Civil Code should let libraries publish orphan works.",
            ("federal-level", "named"),
        ),
        ("ru", "Изменить Налоговый кодекс ради малых студий.", ("federal-level", "named")),
        # federal bodies asked to act
        (
            "en",
            "The emergencies ministry should put rescue posts on the trails.",
            ("federal-level", "inferred"),
        ),
        (
            "en",
            "The Cinema Fund should accept films with subtitles.",
            ("federal-level", "inferred"),
        ),
        (
            "ru",
            "Росимущество должно передать пустующие здания краю.",
            ("federal-level", "inferred"),
        ),
        # the federal level's own rules, requirements and grant competitions
        (
            "en",
            "The federal rules on timber should give carvers a small quota.",
            ("federal-level", "inferred"),
        ),
        (
            "en",
            "Create a federal grant competition for films in native languages.",
            ("federal-level", "inferred"),
        ),
        (
            "ru",
            "Упростить федеральные требования к малым сыроварням.",
            ("federal-level", "inferred"),
        ),
        # a region's own requirements stay regional law
        ("ru", "Упростить требования к малым сыроварням.", ("regional-law", "inferred")),
        ("en", "Simple rules on timber for carvers.", ("regional-law", "inferred")),
    ],
)
def test_federal_laws_bodies_and_rules_route_to_the_federal_level(
    nlp, lang: str, text: str, expected: tuple[str, str]
) -> None:
    assert route(nlp, lang, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the city or district as who decides, in reported speech (Russian: «чтобы город …»)
        (
            "ru",
            "Он предложил, чтобы город сам передавал пустые помещения командам в пользование.",
            "municipal-strategy",
        ),
        (
            "ru",
            "Надо, чтобы район мог выдавать мастерам справку о ручной работе.",
            "municipal-strategy",
        ),
        # small towns as those who need something are beneficiaries, not who decides
        ("ru", "Малым городам нужны постоянные команды и площадки.", "state-programme"),
        # shared festival and touring calendars are a priority for the strategy
        ("en", "A shared calendar of the region's music festivals.", "regional-strategy"),
        (
            "en",
            "Let's build an interregional festival calendar so that events do not overlap.",
            "regional-strategy",
        ),
        ("ru", "Согласовать даты фестивалей четырёх республик.", "regional-strategy"),
        # a tourist levy is set by law
        ("ru", "Ввести туристический сбор и тратить его на тропы.", "regional-law"),
    ],
)
def test_who_decides_calendars_and_levies(nlp, lang: str, text: str, expected: str) -> None:
    assert route(nlp, lang, text) == (expected, "inferred")
