"""Understanding each proposal (SPEC §5): regions as people read them, the route to one planning
document, values by their codebook, near-duplicates across sessions and languages, and the two
pattern components as spaCy components that save what they use.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from toolkit.errors import ProfileError
from toolkit.extract import Pipelines, extract, extract_notes, forum_year, proposal_id
from toolkit.group import concept_keys, concepts, group_and_rank, read_concepts
from toolkit.nlp import build_pipeline
from toolkit.nlp.detector import note_doc
from toolkit.nlp.morphology import best_parse, quick_parse
from toolkit.nlp.route import CUES_KEY, NONE, ROUTES_KEY
from toolkit.notes import find_note_files
from toolkit.profile import default_profile, load_profile
from toolkit.register import Proposal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp() -> dict[str, Language]:
    return {lang: build_pipeline(lang) for lang in ("ru", "en")}


@functools.cache
def default_pipelines() -> Pipelines:
    """The pipelines ``extract`` builds for the default profile, built once in this process
    for the tests that only run notes through them (a build per case cost a quarter second);
    without the route model: these tests pin the router's rules (the model's routes are
    tests/test_route_model.py's)."""
    profile = default_profile()
    return Pipelines(profile, forum_year=forum_year(profile), routes=False)


def extract_default(path: Path) -> list[Proposal]:
    """The register of one note file, as ``extract([path], default_profile())`` gives it."""
    return extract([path], default_profile(), pipelines=default_pipelines()).proposals


def only_proposal(tmp_path: Path, note: str) -> Proposal:
    """The one proposal extracted from ``note`` (a note's text with one proposal)."""
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    (proposal,) = extract_default(path)
    return proposal


def tagged(nlp: Language, text: str, key: str) -> list[str]:
    doc = nlp(note_doc(nlp, text, section=None, block_kind="paragraph", year=2024))
    return [span.label_ for span in doc.spans[key]]


# ---------------------------------------------------------------- regions


@pytest.mark.parametrize(
    ("lang", "text", "regions"),
    [
        (
            "ru",
            "Рекомендовать органам власти Иркутской, Омской, Кемеровской областей и "
            "Красноярского края предусмотреть меры поддержки.",
            ["irkutsk-oblast", "omsk-oblast", "kemerovo-oblast", "krasnoyarsk-krai"],
        ),
        (
            "ru",
            "В Иркутской и Омской областях нужны центры дизайна.",
            ["irkutsk-oblast", "omsk-oblast"],
        ),
        ("ru", "Помочь Красноярскому и Алтайскому краям.", ["krasnoyarsk-krai", "altai-krai"]),
        ("ru", "Гастроли по республикам Хакасия и Тыва.", ["khakassia", "tuva"]),
        (
            "en",
            "Irkutsk, Omsk and Kemerovo oblasts should share one fund.",
            ["irkutsk-oblast", "omsk-oblast", "kemerovo-oblast"],
        ),
        ("en", "The Republics of Khakassia and Tyva need a joint route.", ["khakassia", "tuva"]),
        ("en", "Open a design centre in Norilsk.", ["krasnoyarsk-krai"]),
        ("ru", "Открыть школу в Новокузнецке.", ["kemerovo-oblast"]),
        # the towns of Siberian regions and their people name their regions
        ("ru", "Открыть центр ремёсел в Чадане и в Кош-Агаче.", ["tuva", "altai-republic"]),
        ("ru", "Барнаульцам и якутянам нужен общий фестиваль.", ["altai-krai", "sakha-yakutia"]),
        ("ru", "Мастерская на Ольхоне и в Камне-на-Оби.", ["irkutsk-oblast", "altai-krai"]),
        ("en", "A craft school in Nerchinsk and Kolpashevo.", ["zabaykalsky-krai", "tomsk-oblast"]),
        ("en", "A hub in Nizhny Novgorod.", ["nizhny-novgorod-oblast"]),  # not Novgorod Oblast
        ("en", "Vologda and Novgorod should share a stand.", ["vologda-oblast", "novgorod-oblast"]),
        (
            "ru",
            "Центр в Новгороде и в Нижнем Новгороде.",
            ["novgorod-oblast", "nizhny-novgorod-oblast"],
        ),
        # a republic's people word names it before "government", not alone
        ("en", "She asked the Chuvash government to fund an archive.", ["chuvashia"]),
        ("en", "Play Tatar and Chuvash songs on the radio.", []),
        ("en", "The federal government should help.", []),
        # forms pymorphy3 ranks oddly: «Тверской» as the street, «округу» as «округа»; the
        # halves of a hyphenated city lemmatised apart
        (
            "ru",
            "Тверской, Ярославской и Костромской областям объединить маршруты.",
            ["tver-oblast", "yaroslavl-oblast", "kostroma-oblast"],
        ),
        ("ru", "Ненецкому автономному округу нужен фонд.", ["nenets-autonomous-okrug"]),
        ("ru", "Фестиваль в Йошкар-Оле и в Нарьян-Маре.", ["mari-el", "nenets-autonomous-okrug"]),
        ("en", "Every region of Siberia and the Far East needs one.", []),  # no expansion
        ("ru", "Создать центр в каждом федеральном округе и в Сибири.", []),
        # an origin or a comparison is not a region the proposal concerns
        ("en", "A participant from Achinsk proposed a media festival.", []),
        ("en", "A media festival in Achinsk.", ["krasnoyarsk-krai"]),
        ("en", "Casters in Kansk, since talent leaves for Moscow or Omsk.", ["krasnoyarsk-krai"]),
        # … though the people of a region name it («томичи»: Tomsk Oblast)
        (
            "ru",
            "Привлекать томичей, уехавших в Москву и Петербург, к проектам.",
            ["tomsk-oblast"],
        ),
        ("ru", "Стажировки для иркутян и красноярцев.", ["irkutsk-oblast", "krasnoyarsk-krai"]),
        ("ru", "Открыть офисы в Москве и Петербурге.", ["moscow", "saint-petersburg"]),
        # an oblast's or krai's adjective alone names it, save the ones that mostly do not
        (
            "ru",
            "Кружок вологодского кружева в псковских школах.",
            ["vologda-oblast", "pskov-oblast"],
        ),
        (
            "ru",
            "Области — и Вологодская, и Архангельская — могли бы оплачивать пошлины.",
            ["vologda-oblast", "arkhangelsk-oblast"],
        ),
        ("ru", "Заказывать музыку у местных композиторов, а не у московских агентств.", []),
        ("ru", "Открыть ярмарку на приморском бульваре.", []),
        ("ru", "И Ненецкий округ включите в это кольцо.", ["nenets-autonomous-okrug"]),
        (
            "en",
            "Video tours of the Kola Peninsula for schools in Kem and Totma.",
            ["murmansk-oblast", "karelia", "vologda-oblast"],
        ),
        # the towns and places of every region, in both languages and every case form
        (
            "en",
            "A low-cost testing laboratory for small fishermen in Korsakov",
            ["sakhalin-oblast"],
        ),
        (
            "en",
            "The regions should make a list of such port buildings in every port town of the Far "
            "East — Korsakov, Kholmsk, Sovetskaya Gavan, Nikolayevsk, Nakhodka — and offer them "
            "as one package to investors and creative teams.",
            [
                "sakhalin-oblast",
                "sakhalin-oblast",
                "khabarovsk-krai",
                "khabarovsk-krai",
                "primorsky-krai",
            ],
        ),
        (
            "en",
            "Year-round subsidised flights between Magadan, Petropavlovsk and Anadyr",
            ["magadan-oblast", "kamchatka-krai", "chukotka-autonomous-okrug"],
        ),
        (
            "ru",
            "Она призвала федеральные власти включить реконструкцию причалов на Курилах и в "
            "бухте Провидения в федеральную программу.",
            ["sakhalin-oblast", "chukotka-autonomous-okrug"],
        ),
        ("ru", "Резидентам нужно оплачивать проезд до Зеи.", ["amur-oblast"]),
        (
            "ru",
            "Прошу органы прокуратуры такую работу развернуть на освобождённых территориях: и в "
            "Судже, и в других населённых пунктах.",
            ["kursk-oblast"],
        ),
        # oblique forms pymorphy3 reads as another word («Самару» as «самар»)
        (
            "ru",
            "Направлять туристический сбор в Териберке на благоустройство самого посёлка",
            ["murmansk-oblast"],
        ),
        (
            "ru",
            "Возить туристов в Самару, в Муром и на Соловки.",
            ["samara-oblast", "vladimir-oblast", "arkhangelsk-oblast"],
        ),
        ("en", "Music by Rimsky-Korsakov for every school.", []),  # a person, not Korsakov
        # where a person comes from, or people are brought from, is not what they propose
        (
            "en",
            "Andrei Polyakov, a developer from Perm, argued that public money should go not into "
            "buildings but into the first three years of running costs.",
            [],
        ),
        (
            "ru",
            "Студентка из Петропавловска-Камчатского попросила организовать летние стажировки для "
            "студентов, которые хотят стать гидами.",
            [],
        ),
        (
            "en",
            "From the floor (a volunteer from Vladivostok): Please pay volunteers at least for "
            "food and transport.",
            [],
        ),
        (
            "en",
            "Without help with flights between the regions, a festival like ours can't bring "
            "anyone from Yakutsk or Khabarovsk, so we need a flight subsidy for touring musicians.",
            [],
        ),
        (
            "ru",
            "Республике стоит открыть курс звукорежиссёров и осветителей, потому что их сейчас "
            "привозят из Новосибирска.",
            [],
        ),
        (
            "en",
            "Festival shuttle buses from Krasnoyarsk to Minusinsk on festival weekends",
            ["krasnoyarsk-krai", "krasnoyarsk-krai"],
        ),
        (
            "ru",
            "Я прошу коллег из Калининграда брать нас на свой стенд.",
            ["kaliningrad-oblast"],
        ),
        # a comparison; a plural region word with one name before it is no region
        (
            "ru",
            "И налоговую ставку для малых студий область могла бы снизить, как это уже сделали "
            "в Якутии.",
            [],
        ),
        (
            "en",
            "He proposed that the museums of the Amur regions agree on one standard for metadata.",
            [],
        ),
        ("en", "Grants for the Omsk and Tomsk regions.", ["omsk-oblast", "tomsk-oblast"]),
        # a person addressed by name is not the city of that name
        ("ru", "Да, Владимир Владимирович, так точно, именно так и сделаем.", []),
        ("ru", "Курск и Владимир готовы.", ["kursk-oblast", "vladimir-oblast"]),
        (
            "en",
            "Vladimir Putin asked the Government to open design centres in Kursk.",
            ["kursk-oblast"],
        ),
    ],
)
def test_regions_as_people_read_them(nlp, lang: str, text: str, regions: list[str]) -> None:
    assert tagged(nlp[lang], text, "regions") == regions


NOTE = """---
id: our-region
title: Our region
format: panel
date: 2024-11-21
language: {lang}
speakers:
  - name: {speaker}
    region: {region}
---

{speaker}: {text}
"""


@pytest.mark.parametrize(
    ("lang", "region", "text", "expected"),
    [
        ("ru", "Красноярский край", "Краю нужно принять закон о креативных индустриях.", True),
        ("ru", "Иркутская область", "Краю нужно принять закон о креативных индустриях.", False),
        ("ru", "Норильск", "Нашему краю нужен центр ремёсел.", True),
        ("ru", "Иркутская область", "Нашему региону нужна школа дизайна.", True),
        ("en", "Tomsk Oblast", "Our region should fund a design school.", True),
        ("en", "Tomsk Oblast", "The region should fund a design school.", False),
        ("en", "Krasnoyarsk Krai", "The krai should fund a design school.", True),
        # «область» and «округ» of the speaker's kind of region; not a plural, not a field
        ("ru", "Иркутская область", "Правительству области следует открыть школу.", True),
        ("ru", "Иркутская область", "Стратегии области нужны показатели по дизайну.", True),
        ("ru", "Иркутская область", "Я думаю, области должны давать субсидию.", False),
        ("ru", "Иркутская область", "Соседние области должны договориться.", False),
        ("ru", "Иркутская область", "Нужна программа в области дизайна.", False),
        ("ru", "Иркутская область", "В нашей области компенсации нужно расширить.", True),
        (
            "ru",
            "Ямало-Ненецкий автономный округ",
            "Нашему округу нужно создать фонд поддержки мастериц.",
            True,
        ),
        ("ru", "Ямало-Ненецкий автономный округ", "Бюджету округа надо платить мастерицам.", True),
        ("ru", "Ямало-Ненецкий автономный округ", "Федеральный округ должен помочь.", False),
        ("ru", "Красноярский край", "Выделить в краевых конкурсах квоту малым городам.", True),
        ("en", "Yamalo-Nenets Autonomous Okrug", "The okrug should pay craftswomen.", True),
        ("en", "Tatarstan", "The republics should share one archive.", False),
        ("en", "Tatarstan", "Hold a school in a different republic each year.", False),
        # a full adjective after the region word opens the next noun phrase: one republic
        (
            "ru",
            "Республика Саха (Якутия)",
            "Предлагаю ввести в республике трёхлетние гранты для независимых студий.",
            True,
        ),
        # "Altai" is the Altai Republic or the Altai Krai: the speaker's when it is one of them
        (
            "en",
            "Altai Republic",
            "I think the regions should co-finance one shared scouring and grading line, say in "
            "Altai or Khakassia.",
            True,
        ),
        (
            "en",
            "Tomsk Oblast",
            "I think the regions should co-finance one shared scouring and grading line, say in "
            "Altai.",
            False,
        ),
        # «каждый край» is any krai, not the speaker's
        (
            "ru",
            "Хабаровский край",
            "Нужна общая программа с единым оператором, чтобы не каждый край сам по себе "
            "договаривался с авиакомпанией.",
            False,
        ),
    ],
)
def test_our_region_is_the_speakers_region_and_flagged(
    tmp_path: Path, lang: str, region: str, text: str, expected: bool
) -> None:
    speaker = "Ирина Волкова" if lang == "ru" else "Irina Volkova"
    proposal = only_proposal(
        tmp_path, NOTE.format(lang=lang, speaker=speaker, region=region, text=text)
    )
    home = {
        "Красноярский край": "krasnoyarsk-krai",
        "Норильск": "krasnoyarsk-krai",
        "Иркутская область": "irkutsk-oblast",
        "Tomsk Oblast": "tomsk-oblast",
        "Ямало-Ненецкий автономный округ": "yamalo-nenets-autonomous-okrug",
        "Yamalo-Nenets Autonomous Okrug": "yamalo-nenets-autonomous-okrug",
        "Tatarstan": "tatarstan",
        "Республика Саха (Якутия)": "sakha-yakutia",
        "Хабаровский край": "khabarovsk-krai",
        "Altai Republic": "altai-republic",
    }.get(region, "krasnoyarsk-krai")
    assert proposal.our_region == (home if expected else None)
    assert (home in proposal.regions) == expected


# ---------------------------------------------------------------- route


@pytest.mark.parametrize(
    ("lang", "text", "route", "basis"),
    [
        ("ru", "Закрепить статус кластера в региональном законе.", "regional-law", "named"),
        ("en", "Include design in the regional strategy.", "regional-strategy", "named"),
        ("en", "Add animation to the state programme.", "state-programme", "named"),
        ("ru", "Выделить гранты на фестивали в малых городах.", "state-programme", "inferred"),
        ("en", "Create a register of creative companies.", "regional-law", "inferred"),
        ("en", "Regions should agree on common indicators.", "regional-strategy", "inferred"),
        ("en", "Municipalities should give studios premises.", "municipal-strategy", "inferred"),
        ("ru", "Попросить Минкультуры России упростить правила.", "federal-level", "inferred"),
        ("ru", "Утвердить дизайн-код исторического центра.", "territorial-planning", "inferred"),
        # a measure word inside the name of who acts is part of the name
        (
            "ru",
            "Создать городской фонд софинансирования ремонта фасадов деревянных домов.",
            "municipal-strategy",
            "inferred",
        ),
        ("en", "We need a clear word from the Ministry of Finance.", "federal-level", "inferred"),
        # a council attached to the governor is a council, not a request to the governor
        (
            "ru",
            "Целесообразно создать при губернаторе совет по креативным индустриям.",
            "regional-law",
            "inferred",
        ),
        # a business named as a beneficiary says nothing of the document; as the addressee it
        # is asked to change a practice, which goes to the strategy
        (
            "en",
            "A design centre in Krasnoyarsk for small companies that cannot afford designers.",
            "state-programme",
            "inferred",
        ),
        (
            "ru",
            "Открыть в Красноярске центр дизайна для небольших предприятий и студий.",
            "state-programme",
            "inferred",
        ),
        (
            "en",
            "Studios should publish lead times and stick to them.",
            "regional-strategy",
            "inferred",
        ),
        (
            "en",
            "Cities: install textile containers in every district.",
            "municipal-strategy",
            "inferred",
        ),
        # the head of the proposal (the requested action and its object) outweighs a measure
        # named in passing, and who is asked stands right before the request
        (
            "en",
            "Let us build an interregional festival calendar for Siberia.",
            "regional-strategy",
            "inferred",
        ),
        ("en", "Set up a licensing desk for local studios.", "state-programme", "inferred"),
        (
            "en",
            "One-semester factory placements for every design student.",
            "state-programme",
            "inferred",
        ),
        (
            "ru",
            "По её мнению, городам следует закрепить фасады за медиаинсталляциями.",
            "municipal-strategy",
            "inferred",
        ),
        # a directive to a federal body is federal; a regional ministry is only who acts
        (
            "en",
            "I ask the Finance Ministry not to create additional problems for the regions.",
            "federal-level",
            "inferred",
        ),
        (
            "en",
            "Regional governments should shift funding from one-off events towards permanent "
            "infrastructure: studios, workshops, coworking spaces and educational programmes.",
            "state-programme",
            "inferred",
        ),
        (
            "ru",
            "Но я попрошу Министерство внутренних дел, они проработают вместе с вами и увеличат "
            "количество таких пунктов.",
            "federal-level",
            "inferred",
        ),
        (
            "ru",
            "А я бы ещё попросил региональное министерство культуры не объявлять конкурсы, на "
            "которые заявку надо подать за десять дней.",
            "state-programme",
            "inferred",
        ),
        # the country, its citizenship and legislation are federal; a federal district is not
        (
            "ru",
            "Остаётся определить механизм, который позволит фактически начать предоставление "
            "двойного гражданства – российского гражданства – гражданам Республики Абхазия.",
            "federal-level",
            "inferred",
        ),
        (
            "en",
            "Obviously, to implement the plan we will have to make certain amendments to current "
            "legislation.",
            "federal-level",
            "inferred",
        ),
        (
            "en",
            "Our country has an opportunity to emerge from this situation as the world leader, "
            "but to achieve this we must act rather than wait, keep ahead of others.",
            "federal-level",
            "inferred",
        ),
        (
            "ru",
            "Давайте масштабируем такие программы на весь Сибирский федеральный округ.",
            "state-programme",
            "inferred",
        ),
        # a task or a goal is a priority: the strategy
        (
            "ru",
            "Наша задача – раскрыть потенциал всех субъектов Федерации.",
            "regional-strategy",
            "inferred",
        ),
        (
            "en",
            "Our goal is to ensure the competitiveness of young athletes, of Russian sport as a "
            "whole, to maintain leading positions in many areas.",
            "regional-strategy",
            "inferred",
        ),
        # "rule out" is no rule; a rule still is
        (
            "en",
            "I would not rule out such support.",
            "state-programme",
            "inferred",
        ),
        ("en", "We need simpler rules here.", "regional-law", "inferred"),
        # "of course" is no course and "you're right" no rights; a course and a right still are
        (
            "en",
            "Of course, this is the number one task, and we all must work to implement this plan "
            "and achieve this main goal.",
            "regional-strategy",
            "inferred",
        ),
        (
            "en",
            "Colleges of applied arts should add a course on online sales and pricing",
            "state-programme",
            "inferred",
        ),
        (
            "en",
            "But you're absolutely right; there is more that we need to do to address this "
            "particular agenda of attainment.",
            "state-programme",  # no cue left: the default
            "inferred",
        ),
        (
            "en",
            "Give museum directors the right to sign such deals themselves.",
            "regional-law",
            "inferred",
        ),
        # session 8, live federal speech: prosecutors, law enforcement, the Duma, the federal
        # budget and a request to the President act at the federal level, and so do criminal
        # and administrative liability; a regional assembly or a regional budget does not
        (
            "ru",
            "Прошу прокуроров строго следить за тем, чтобы положенные средства люди получали "
            "своевременно.",
            "federal-level",
            "inferred",
        ),
        (
            "ru",
            "Необходимо увеличить срок давности по административным правонарушениям.",
            "federal-level",
            "inferred",
        ),
        (
            "ru",
            "Прошу областную думу строго следить за тем, чтобы положенные средства люди "
            "получали своевременно.",
            "state-programme",
            "inferred",
        ),
        (
            "ru",
            "Необходимо увеличить срок аренды по льготной ставке.",
            "regional-law",
            "inferred",
        ),
        (
            "en",
            "And we are asking the Duma to facilitate this process.",
            "federal-level",
            "inferred",
        ),
        (
            "en",
            "Mr President, I would like to ask you to issue instructions to this effect.",
            "federal-level",
            "inferred",
        ),
        ("en", "Let us put them into the forum resolution.", None, None),
        # the meeting's own next steps are procedural too; a meeting proposed as a measure is not
        (
            "en",
            "I ask Mr Medvedev to report on this issue at one of our regular meetings.",
            None,
            None,
        ),
        ("ru", "Вернёмся к этому вопросу на следующем заседании.", None, None),
        (
            "en",
            "We should hold regular meetings with entrepreneurs.",
            "state-programme",
            "inferred",
        ),
        ("ru", "Провести следующую сессию форума в Дудинке.", None, None),
        # the forum's own people and papers: its secretary, organisers, rapporteur, a draft
        ("ru", "Прошу секретаря собрать предложения и разослать участникам.", None, None),
        ("ru", "Попрошу оргкомитет передать эти пункты в редакционную комиссию.", None, None),
        ("en", "I'll ask the rapporteur to send these notes to the other panel.", None, None),
        ("en", "He asked the working group to prepare a draft resolution.", None, None),
        # the forum's own work stays procedural when it names a document
        ("ru", "Организаторам форума — доклад о стратегиях регионов.", None, None),
        # a law named by its region, a district asked or deciding, a federal agency
        ("ru", "Нужно законом области запретить езду вне трасс.", "regional-law", "named"),
        ("ru", "Району надо содержать причалы и тропы.", "municipal-strategy", "inferred"),
        ("ru", "Школьные автобусы по выходным — решение района.", "municipal-strategy", "inferred"),
        ("en", "Each town should choose one story.", "municipal-strategy", "inferred"),
        ("ru", "Росрыболовству выделять квоты рыбакам.", "federal-level", "inferred"),
        ("en", "Protect Karelian birch as a geographical indication.", "regional-law", "inferred"),
        ("ru", "Ежегодно составлять прогноз потребности.", "regional-strategy", "inferred"),
        # the forum's own event named as "this" one is its next step, whatever its format
        ("ru", "Хотелось бы, чтобы этот мастер-класс прошёл в трёх городах.", None, None),
        ("en", "Let us repeat this round table in Abakan next spring.", None, None),
        ("ru", "Провести мастер-класс по керамике для школьников.", "state-programme", "inferred"),
        # the forum passing on its own work is procedural; sending people or money is not
        ("ru", "Направить итоговую записку панели в правительства регионов.", None, None),
        ("ru", "Прошу отправить запись круглого стола в министерства культуры.", None, None),
        ("en", "Send the plenary's recommendations to the regional governments.", None, None),
        ("en", "Please send these to the export centres.", None, None),
        ("ru", "Направить средства на ремонт домов культуры.", "state-programme", "inferred"),
        (
            "en",
            "Universities should send students to measure these buildings.",
            "state-programme",
            "inferred",
        ),
    ],
)
def test_every_sentence_gets_one_route(
    nlp, lang: str, text: str, route: str | None, basis: str | None
) -> None:
    doc = nlp[lang](note_doc(nlp[lang], text, section=None, block_kind="paragraph", year=2024))
    (decision,) = doc.spans[ROUTES_KEY]
    assert (decision.label_, decision.id_ or None) == (route or NONE, basis)


# Who is asked and what for, read beyond single words: (language, sentence, inferred route).
INFERRED_ROUTES = [
    # a business named late in the sentence is a beneficiary: it weighs nothing, and a
    # sentence with nothing else gets the default route, not the business's document
    ("ru", "Дом ремёсел в Дудинке с магазином и мастерской.", "state-programme"),
    ("en", "Connect craft cooperatives to the big platforms.", "state-programme"),
    ("en", "Platforms should list craft cooperatives.", "regional-strategy"),
    # whose property or money a measure uses decides: the owner, whatever the measure
    ("ru", "Льготная аренда муниципальных помещений для книжных магазинов.", "municipal-strategy"),
    ("ru", "Разрешить труппам репетировать в муниципальных ДК.", "municipal-strategy"),
    ("en", "Any space funded from the city budget needs an acoustic review.", "municipal-strategy"),
    ("ru", "Льготная аренда помещений для книжных магазинов.", "regional-law"),
    # the conditions of funding go with the funding; a rule alone, or funding named before
    # the rule, stays with regional law
    ("en", "Stable rules for industrial grants for at least three years.", "state-programme"),
    ("en", "Accessibility should be a requirement in programmes funded by us.", "state-programme"),
    ("ru", "Включить квоту в требования к компаниям, получающим господдержку.", "state-programme"),
    ("en", "Stable rules for industrial parks.", "regional-law"),
    ("en", "Grant holders should follow the published rules.", "regional-law"),
    # public colleges and universities asked to act run what the region funds; "and" joins
    # who is asked; a partner in the instrumental case is not who is asked
    ("en", "Universities and companies should design curricula together.", "state-programme"),
    ("ru", "Вузам и предприятиям следует договариваться о программах.", "state-programme"),
    ("ru", "Вузу не стоит подстраивать программы под одну компанию.", "state-programme"),
    ("ru", "Органам статистики с вузами стоит разработать методику.", "regional-strategy"),
    ("en", "Companies should open their archives.", "regional-strategy"),
    # a cue in every form the tagger lemmatises differently («марка» → «марк», «марку» →
    # «марка»), and none that a verb shares («данные» → «дать»: giving is no data)
    ("ru", "Краю стоит дать на это субсидию на три года.", "state-programme"),
    ("ru", "Публиковать сводку данных о посетителях каждый год.", "regional-strategy"),
    ("ru", "Ввести общую марку для изделий мастеров.", "regional-law"),
    # a measure verb's reflexive (passive) form is its own lemma in Russian: listed too
    ("ru", "Практика должна засчитываться студентам.", "regional-law"),
    ("ru", "Такие проекты должны финансироваться долго, а не разово.", "state-programme"),
    # an opener before a speech verb is not the request's: who is asked stands before the
    # next one (the city, not the speaker)
    ("en", "She went on to argue that each city should map its sounds.", "municipal-strategy"),
    ("en", "She went on to a sound map that each city should develop.", "state-programme"),
    # the rules of a matter only federal law decides are federal; its funding is not a rule
    ("en", "A simplified veterinary certification for small batches of fish.", "federal-level"),
    ("ru", "Снять требование учёной степени для преподавателей-совместителей.", "federal-level"),
    ("en", "Simplify fire safety rules for small guesthouses.", "federal-level"),
    ("en", "A simplified certification for small batches of fish.", "regional-law"),
    ("ru", "Выделить гранты ветеринарным лабораториям малых городов.", "state-programme"),
    # fees are set by rule: regional law
    (
        "en",
        "Tourist fees should stay, in part, in the villages that receive the visitors.",
        "regional-law",
    ),
    ("en", "Tickets must stay affordable, with capped prices.", "regional-law"),
    # a language or a macro-region named "Russian" is no federal actor
    ("en", "Every product page should say who made it, in Russian and English.", "state-programme"),
    ("en", "A code of conduct for cruises in the Russian Far East.", "state-programme"),
]


@pytest.mark.parametrize(("lang", "text", "route"), INFERRED_ROUTES)
def test_who_is_asked_and_what_for_route_a_sentence(nlp, lang: str, text: str, route: str) -> None:
    doc = nlp[lang](note_doc(nlp[lang], text, section=None, block_kind="paragraph", year=2024))
    (decision,) = doc.spans[ROUTES_KEY]
    assert (decision.label_, decision.id_) == (route, "inferred")


SPEAKER_NOTE = """---
id: speaker-level
title: Speaker level
format: panel
date: 2025-03-21
language: {lang}
speakers:
  - name: {speaker}
    role: {role}
---

{speaker}: {text}
"""


@pytest.mark.parametrize(
    ("lang", "role", "text", "route"),
    [
        # what a federal official asks for with no actor, document or measure named is federal
        (
            "en",
            "President of Russia",
            "We should put an end to this if we really want to create effective anti-doping "
            "propaganda.",
            "federal-level",
        ),
        (
            "en",
            "Governor of Tomsk Oblast",
            "We should put an end to this if we really want to create effective anti-doping "
            "propaganda.",
            "state-programme",
        ),
        (
            "ru",
            "Президент Российской Федерации",
            "Нужно диспозитивные меры туда больше внедрять.",
            "federal-level",
        ),
        ("ru", "губернатор", "Нужно диспозитивные меры туда больше внедрять.", "state-programme"),
        # a kind of measure still decides for a federal speaker
        (
            "ru",
            "Президент Российской Федерации",
            "Нужно открыть центр дизайна в каждом районе.",
            "state-programme",
        ),
        # a federal role written with the country's name or its abbreviation
        ("ru", "Министр финансов Российской Федерации", "Нужно это внедрять.", "federal-level"),
        (
            "ru",
            "Министр финансов РФ",
            "Нужно диспозитивные меры туда больше внедрять.",
            "federal-level",
        ),
        # a federal speaker addressing the regions' heads: the measure decides, else the strategy
        (
            "en",
            "President of Russia",
            "The regional heads must pay more attention to such things.",
            "regional-strategy",
        ),
        (
            "en",
            "President of Russia",
            "I ask the governors to take this under personal control.",
            "regional-strategy",
        ),
        (
            "ru",
            "Президент Российской Федерации",
            "Главам регионов нужно уделить этому особое внимание.",
            "regional-strategy",
        ),
        (
            "ru",
            "Президент Российской Федерации",
            "В субъектах Федерации эту работу нужно продолжать.",
            "regional-strategy",
        ),
        # help asked for is support, the state programme's
        ("ru", "Президент Российской Федерации", "Нужно им тоже помогать.", "state-programme"),
        # money asked of the regions is the state programme's
        ("ru", "Президент Российской Федерации", "Нужно найти деньги.", "state-programme"),
        (
            "ru",
            "Президент Российской Федерации",
            "Губернаторам нужно выделить на это деньги.",
            "state-programme",
        ),
        (
            "en",
            "President of Russia",
            "Please allocate resources for this soon.",
            "state-programme",
        ),
    ],
)
def test_a_federal_speakers_uncued_proposal_is_federal(
    tmp_path: Path, lang: str, role: str, text: str, route: str
) -> None:
    note = SPEAKER_NOTE.format(lang=lang, speaker="Pavel Orlov", role=role, text=text)
    proposal = only_proposal(tmp_path, note)
    assert (proposal.route, proposal.route_basis) == (route, "inferred")


@pytest.mark.parametrize(
    ("lang", "second", "route"),
    [
        # a fragment with no cue of its own that refers back continues the proposal before it
        ("ru", "Предлагаю сделать то же в Карелии.", "regional-strategy"),
        ("en", "Karelia should do the same.", "regional-strategy"),
        ("en", "We should do this in Karelia too.", "regional-strategy"),
        # one that does not refer back keeps the default route
        ("ru", "Прошу не забывать Карелию.", "state-programme"),
        ("en", "Please remember Karelia.", "state-programme"),
    ],
)
def test_a_fragment_referring_back_takes_the_route_before_it(
    tmp_path: Path, lang: str, second: str, route: str
) -> None:
    first = {
        "ru": "Нужно записать в стратегию региона приоритет для малых городов.",
        "en": "The regional strategy should set a priority for small towns.",
    }[lang]
    note = SPEAKER_NOTE.format(
        lang=lang, speaker="Anna Lee", role="Curator", text=f"{first} {second}"
    )
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    proposals = extract_default(path)
    assert [(p.text, p.route, p.route_basis) for p in proposals] == [
        (first, "regional-strategy", "named"),
        (second, route, "inferred"),
    ]


REPLY_NOTE = """---
id: replies
title: Replies
format: panel
date: 2025-03-21
language: {lang}
speakers:
  - name: Anna Lee
  - name: Boris Orlov
---

Anna Lee: {first}

Boris Orlov: {second}
"""


@pytest.mark.parametrize(
    ("lang", "first", "second", "route"),
    [
        # a short reply that refers back agrees to the proposal before it, in another turn
        (
            "ru",
            "Нужно записать в стратегию региона приоритет для малых городов.",
            "Да, давайте так и сделаем.",
            "regional-strategy",
        ),
        (
            "en",
            "The regional strategy should set a priority for small towns.",
            "Yes, let's do it next year.",
            "regional-strategy",
        ),
        # a longer turn is a proposal of its own, even when it mentions "it"
        (
            "en",
            "The regional strategy should set a priority for small towns.",
            "Yes, and I really think we should all do it properly and without any hurry at all.",
            "state-programme",
        ),
    ],
)
def test_a_short_reply_referring_back_takes_the_route_before_it(
    tmp_path: Path, lang: str, first: str, second: str, route: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(REPLY_NOTE.format(lang=lang, first=first, second=second), encoding="utf-8")
    proposals = extract_default(path)
    assert [(p.text, p.route) for p in proposals] == [
        (first, "regional-strategy"),
        (second, route),
    ]


MEETING_NOTE = """---
id: meeting
title: {title}
format: other
date: 2025-03-21
language: {lang}
speakers:
{speakers}
---

{speaker}: {text}
"""
PRESIDENT = {"ru": "Президент Российской Федерации", "en": "President of Russia"}


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    """The pipelines the meeting tests share: each builds in about half a second; the rules'
    routes, without the route model."""
    return Pipelines(default_profile(), routes=False)


def meeting_proposal(
    pipelines: Pipelines,
    tmp_path: Path,
    lang: str,
    title: str,
    roles: list[str],
    text: str,
    speaker: int = 0,
) -> Proposal:
    """The one proposal of a meeting titled ``title`` whose speakers have ``roles`` (the first
    chairs), said by the ``speaker``-th of them."""
    names = [f"Person{chr(65 + i)} Orlov" for i in range(len(roles))]
    people = "".join(
        f"  - name: {name}\n    role: {role}\n" for name, role in zip(names, roles, strict=True)
    )
    note = MEETING_NOTE.format(
        title=title, lang=lang, speakers=people.rstrip("\n"), speaker=names[speaker], text=text
    )
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    (proposal,) = extract([path], default_profile(), pipelines=pipelines).proposals
    return proposal


@pytest.mark.parametrize(
    ("lang", "title", "roles", "speaker", "text", "route"),
    [
        # a meeting with one region's head: what is asked with no cue of its own is his region's
        (
            "ru",
            "Встреча с губернатором Томской области Иваном Петровым",
            [PRESIDENT["ru"], "губернатор"],
            0,
            "Вопросы непростые, нужно над этим работать.",
            "state-programme",
        ),
        # a region named in the title reads as «регион»: «глава Бурятии» is «глава региона»
        (
            "ru",
            "Встреча с главой Бурятии",
            [PRESIDENT["ru"], "глава"],
            0,
            "Нужно над этим работать.",
            "state-programme",
        ),
        (
            "en",
            "Working meeting with Head of Tatarstan",
            [PRESIDENT["en"], "Head"],
            0,
            "This is a big job but it must be done.",
            "state-programme",
        ),
        # a two-person meeting with no cue in its title: the other speaker's role says it
        (
            "ru",
            "Рабочая встреча",
            [PRESIDENT["ru"], "временно исполняющий обязанности губернатора"],
            0,
            "Нужно над этим работать.",
            "state-programme",
        ),
        # all regions' heads: a general task for the strategy
        (
            "en",
            "State Council Presidium meeting on passenger transport",
            [PRESIDENT["en"], "Governor"],
            0,
            "We should make gradual steps towards it.",
            "regional-strategy",
        ),
        # what is asked of the audience, even with a measure in it, is the audience's
        (
            "ru",
            "Встреча с членами Совета законодателей",
            [PRESIDENT["ru"], "председатель"],
            0,
            "Прошу вас и дальше вести эту работу, совместно с фондом.",
            "regional-law",
        ),
        (
            "ru",
            "Расширенное заседание коллегии Генеральной прокуратуры",
            [PRESIDENT["ru"], "Генеральный прокурор Российской Федерации"],
            0,
            "Требуйте от владельцев таких предприятий строгого соблюдения требований.",
            "federal-level",
        ),
        (
            "ru",
            "Расширенное заседание коллегии Генеральной прокуратуры",
            [PRESIDENT["ru"], "Генеральный прокурор Российской Федерации"],
            0,
            "Проконтролируйте полноту предоставления выплат ветеранам.",
            "federal-level",
        ),
        (
            "en",
            "State Council Presidium meeting",
            [PRESIDENT["en"], "Governor"],
            0,
            "You must not squander this money.",
            "regional-strategy",
        ),
        # a non-federal participant of the Government's meeting: still federal work
        (
            "ru",
            "Совещание с членами Правительства",
            [PRESIDENT["ru"], "руководитель исполнительного комитета", "министр"],
            1,
            "Нужно это внедрять.",
            "federal-level",
        ),
        # at a federal body's meeting the federal level is the setting of a measure named too
        (
            "ru",
            "Совещание с членами Правительства",
            [PRESIDENT["ru"], "руководитель исполнительного комитета", "министр"],
            1,
            "Нужно ввести обязательство банков уведомлять родителей подростков.",
            "federal-level",
        ),
        (
            "ru",
            "Расширенное заседание коллегии Генеральной прокуратуры",
            [PRESIDENT["ru"], "Генеральный прокурор Российской Федерации"],
            0,
            "Участники специальной военной операции должны быть заблаговременно включены в "
            "списки на получение выплат.",
            "federal-level",
        ),
        # what a participant puts to the federal official chairing the meeting is federal work
        (
            "en",
            "Meeting of the Council for Strategic Development",
            [PRESIDENT["en"], "Director of a children's clinic", "Surgeon"],
            1,
            "Professional standards should relate to specific employment conditions.",
            "federal-level",
        ),
        (
            "en",
            "Meeting of the Council for Strategic Development",
            [PRESIDENT["en"], "Director of a children's clinic", "Surgeon"],
            1,
            "I would like to ask you to ease the crippling administrative burden.",
            "federal-level",
        ),
    ],
)
def test_the_meetings_audience_routes_what_is_asked_of_it(
    pipelines: Pipelines,
    tmp_path: Path,
    lang: str,
    title: str,
    roles: list[str],
    speaker: int,
    text: str,
    route: str,
) -> None:
    proposal = meeting_proposal(pipelines, tmp_path, lang, title, roles, text, speaker)
    assert (proposal.route, proposal.route_basis) == (route, "inferred")


@pytest.mark.parametrize(
    ("lang", "title", "roles", "text", "route", "basis"),
    [
        # no audience in the title, three speakers: the federal speaker's own level
        (
            "ru",
            "Рабочая встреча",
            [PRESIDENT["ru"], "губернатор", "министр"],
            "Нужно над этим работать.",
            "federal-level",
            "inferred",
        ),
        # a role that only mentions a governor is not one
        (
            "ru",
            "Рабочая встреча",
            [PRESIDENT["ru"], "советник губернатора"],
            "Нужно над этим работать.",
            "federal-level",
            "inferred",
        ),
        # a forum session about the government gathers no members of it
        (
            "ru",
            "Роль правительства в развитии креативных индустрий",
            ["директор", "министр"],
            "Нужно ввести обязательство банков уведомлять родителей подростков.",
            "regional-law",
            "inferred",
        ),
        # a forum session named after a region gathers no governor
        (
            "ru",
            "Креативная экономика Бурятии",
            [PRESIDENT["ru"], "директор"],
            "Нужно над этим работать.",
            "federal-level",
            "inferred",
        ),
        # the kind of measure still decides what the audience is not asked
        (
            "ru",
            "Встреча с губернатором Томской области",
            [PRESIDENT["ru"], "губернатор"],
            "Нужно договориться о едином календаре событий.",
            "regional-strategy",
            "inferred",
        ),
        # «давайте» asks everyone, not the audience
        (
            "ru",
            "Встреча с губернатором Томской области",
            [PRESIDENT["ru"], "губернатор"],
            "Давайте введём обязательную маркировку.",
            "regional-law",
            "inferred",
        ),
        # who is named as asked, and a named document, win over the audience
        (
            "en",
            "State Council Presidium meeting",
            [PRESIDENT["en"], "Governor"],
            "I ask the Ministry of Finance to develop a method for assessing benefits.",
            "federal-level",
            "inferred",
        ),
        (
            "ru",
            "Совещание с членами Правительства",
            [PRESIDENT["ru"], "министр"],
            "Прошу включить эти меры в региональную программу.",
            "state-programme",
            "named",
        ),
        # the federal official chairing a meeting with no audience named: the measure decides
        (
            "en",
            "Meeting of the Council for Strategic Development",
            [PRESIDENT["en"], "Director of a children's clinic", "Surgeon"],
            "Professional standards should relate to specific employment conditions.",
            "regional-law",
            "inferred",
        ),
        # a federal university is no federal body: its researcher chairs no federal meeting
        (
            "ru",
            "Экспорт народных промыслов",
            ["исследователь, Сибирский федеральный университет", "директор", "мастер"],
            "Нам нужен понятный перечень документов для каждого вида промысла.",
            "regional-law",
            "inferred",
        ),
        # "I ask you" with no federal official present and no audience: the measure decides
        (
            "en",
            "Meeting with healthcare workers",
            ["Surgeon", "Director of a clinic"],
            "I would like to ask you to open a training centre.",
            "state-programme",
            "inferred",
        ),
    ],
)
def test_the_audience_leaves_alone_what_has_its_own_cue(
    pipelines: Pipelines,
    tmp_path: Path,
    lang: str,
    title: str,
    roles: list[str],
    text: str,
    route: str,
    basis: str,
) -> None:
    proposal = meeting_proposal(pipelines, tmp_path, lang, title, roles, text)
    assert (proposal.route, proposal.route_basis) == (route, basis)


@pytest.mark.parametrize(
    ("lang", "title", "audience"),
    [
        ("ru", "Оперативное совещание с постоянными членами Совета Безопасности", "federal-level"),
        ("en", "Meeting with Government members", "federal-level"),
        ("en", "Meeting with Prime Minister Mikhail Mishustin", "federal-level"),
        # the longest phrase wins: the Central Bank's governor is no region's
        ("en", "Meeting with Central Bank Governor Elvira Nabiullina", "federal-level"),
        ("ru", "Встреча с губернатором Тульской области Алексеем Дюминым", "state-programme"),
        ("ru", "Встреча с Главой Чеченской Республики", "state-programme"),
        ("ru", "Встреча с мэром Москвы", "state-programme"),  # Moscow is a region
        ("en", "Meeting with Mayor of Moscow Sergei Sobyanin", "state-programme"),
        ("en", "State Council meeting", "regional-strategy"),
        ("en", "Meeting with Council of Legislators", "regional-law"),
        # a topic, a regional ministry's board, a minister every region also has: nobody
        ("ru", "Роль правительства края в развитии креативных индустрий", None),
        ("ru", "Заседание коллегии министерства культуры Красноярского края", None),
        ("ru", "Встреча с Министром здравоохранения", None),
        ("en", "Meeting on economic issues", None),
        ("en", "The Economics of Regional Creativity: What the Numbers Say", None),
    ],
)
def test_a_titles_audience(nlp, lang: str, title: str, audience: str | None) -> None:
    from toolkit.extract.note import HomeRegions
    from toolkit.notes.model import Session

    home = HomeRegions.of_pipeline(nlp[lang])
    assert home.audience(Session(id="meeting", title=title)) == audience


def test_sample_workspace_proposals_all_have_a_route_or_are_procedural(nlp) -> None:
    result = extract(find_note_files([ROOT / "session_notes"]), load_profile(ROOT / "forum.yaml"))
    assert result.proposals
    for proposal in result.proposals:
        if proposal.route is None:
            doc = nlp[proposal.language](proposal.text)
            assert "procedural:procedural" in [c.label_ for c in doc.spans[CUES_KEY]], proposal
        else:
            assert proposal.route_basis in ("named", "inferred")
            assert proposal.route in default_profile().documents


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Провести выездную сессию форума в малых городах края.", []),  # the forum's next step
        ("Открыть кинозалы в малых городах края.", ["accessibility"]),
    ],
)
def test_a_procedural_item_serves_no_principle(
    tmp_path: Path, text: str, values: list[str]
) -> None:
    proposal = only_proposal(
        tmp_path,
        NOTE.format(lang="ru", speaker="Ирина Волкова", region="Красноярский край", text=text),
    )
    assert proposal.values == values


def value_examples() -> list[tuple[str, str, str]]:
    return [
        (value.id, lang, example)
        for value in default_profile().values.values()
        for lang, examples in value.examples.items()
        for example in examples
    ]


def test_the_codebook_gives_examples_for_the_principles_proposals_concern() -> None:
    assert len({value for value, _, _ in value_examples()}) >= 15


@pytest.mark.parametrize(("value", "lang", "example"), value_examples())
def test_each_codebook_example_is_tagged_with_its_value(
    nlp, value: str, lang: str, example: str
) -> None:
    assert value in tagged(nlp[lang], example, "values")


@pytest.mark.parametrize(
    ("lang", "text", "absent"),
    [
        ("ru", "Провести мастер-класс по керамике.", "creative-labour"),  # «мастер» with no craft
        ("ru", "Открыть мастерскую в библиотеке.", "creative-labour"),  # a room, not its makers
        ("en", "Build workshops in every school.", "creative-labour"),
        ("en", "School libraries should stay open longer.", "human-capital"),
        ("en", "Support the fashion industry with soft loans.", None),  # no principle at all
        # a municipal formation («муниципальное образование») is no education
        (
            "ru",
            "Раздел о креативных индустриях в стратегиях муниципальных образований.",
            "human-capital",
        ),
        # a train is no training
        ("en", "A kitchen car in the tourist train fleet by 2026.", "human-capital"),
        ("en", "Start with one pilot weekend gastro-train in summer.", "human-capital"),
        ("en", "Bring the food to the train.", "human-capital"),
    ],
)
def test_a_word_alone_is_not_a_principle(nlp, lang: str, text: str, absent: str | None) -> None:
    found = tagged(nlp[lang], text, "values")
    assert (absent not in found) if absent else found == []


@pytest.mark.parametrize(
    ("lang", "text", "value", "expected"),
    [
        # live speech: a phrase that only looks like a cue ("of course", "a big job", "for life")
        (
            "en",
            "Please analyse the reasons behind it in each case and suggest an efficient method "
            "for reducing these debts as well as for reducing your debt to commercial banks, of "
            "course.",
            "human-capital",
            False,
        ),
        (
            "en",
            "Colleges of applied arts should add a course on online sales.",
            "human-capital",
            True,
        ),
        ("en", "This is a big job but it must be done.", "creative-labour", False),
        ("en", "Regions should create jobs for young designers.", "creative-labour", True),
        ("en", "Regions should train young designers.", "human-capital", True),
        # small batches and local producers are small producers (SPEC §5)
        ("en", "Simplify certification for small batches sold to cafés.", "creative-labour", True),
        ("en", "Local producers on the menu of station cafés.", "creative-labour", True),
        ("ru", "Упростить продажу малых партий в кафе.", "creative-labour", True),
        ("ru", "Поддержать местных производителей сыра.", "creative-labour", True),
        ("ru", "Создать общую марку «Сибирская керамика».", "local-identity", True),
        (
            "en",
            "A person that was disqualified in the past for violating rules will be restricted or "
            "barred for life from holding such positions.",
            "life",
            False,
        ),
        (
            "en",
            "For their part, the regions should update their lists of the core sporting events.",
            "cultural-heritage",
            False,
        ),
        ("en", "Restore listed buildings in the historic centre.", "cultural-heritage", True),
        # and what the speech means without the codebook's words
        (
            "en",
            "The priority is to bring up a healthy young generation that will share the values of "
            "active lifestyle and physical culture.",
            "life",
            True,
        ),
        (
            "en",
            "The priority is to bring up a healthy young generation that will share the values of "
            "active lifestyle and physical culture.",
            "collectivism",
            False,
        ),
        (
            "en",
            "I think it's an anachronism and it's something we should—. And I think Wales has been "
            "very strong on children's rights.",
            "human-rights",
            True,
        ),
        (
            "ru",
            "Мы гордимся подвигом наших отцов, дедов и прадедов и должны быть достойны этого "
            "подвига.",
            "patriotism",
            True,
        ),
        ("ru", "Теперь надо, чтобы семьи рожали.", "strong-family", True),
        # «малого», «малым» are forms of the adjective «малый», not of the noun «малое»
        ("ru", "Нужна поддержка малого бизнеса в районах.", "creative-labour", True),
        ("ru", "И малым городам.", "accessibility", True),
        # school subjects and stages are education, whatever the sentence's wording
        (
            "ru",
            "Плюс нам нужно ещё усиление по таким дисциплинам, как математика, физика, химия.",
            "human-capital",
            True,
        ),
        (
            "en",
            "A strong focus on early years and key stage 3 should negate the need for catch-up.",
            "human-capital",
            True,
        ),
    ],
)
def test_values_in_live_speech(nlp, lang: str, text: str, value: str, expected: bool) -> None:
    assert (value in tagged(nlp[lang], text, "values")) == expected


# ---------------------------------------------------------------- grouping


def proposal(session: str, text: str, language: str) -> Proposal:
    return Proposal(proposal_id(session, text), session, text, 0, len(text), None, language)


def test_the_same_idea_is_grouped_across_sessions_and_languages(nlp) -> None:
    texts = [
        ("a", "Сформировать региональный центр дизайна для малых производителей.", "ru"),
        ("b", "Create a regional design centre for small producers.", "en"),
        ("c", "Simplify the rules for temporary festival sites.", "en"),
    ]
    proposals = [proposal(*t) for t in texts]
    keys = [concept_keys(nlp[lang](text)[:], lang) for _, text, lang in texts]
    group_and_rank(proposals, keys)
    assert proposals[0].cluster == proposals[1].cluster != proposals[2].cluster
    assert proposals[0].support == 2 and proposals[2].support == 1


@pytest.mark.parametrize(
    ("keys", "clusters"),
    [
        (["grant term", "grant term dance"], [0, 1]),  # two shared words: a topic
        (["grant term festival", "grant term festival dance"], [0, 0]),
        # the third resembles the second but not the first it was also compared with: no chain
        (
            [
                "craft fair north",
                "craft fair north delivery subsidy",
                "delivery subsidy airport craft",
            ],
            [0, 0, 2],
        ),
        # close to the second, but on average short of the threshold with the pair: alone
        (
            [
                "craft fair north",
                "craft fair north delivery subsidy",
                "fair delivery subsidy craft",
            ],
            [0, 0, 2],
        ),
    ],
)
def test_by_the_rule_an_idea_needs_three_shared_words_and_resembles_its_group(
    keys: list[str], clusters: list[int]
) -> None:
    # the rule groups when no pair model ships (and is the baseline the model is measured by)
    proposals = [proposal(f"s{i}", f"idea {i}", "en") for i in range(len(keys))]
    group_and_rank(proposals, [frozenset(k.split()) for k in keys], learned=False)
    together = [[a.cluster == b.cluster for b in proposals] for a in proposals]
    assert together == [[x == y for y in clusters] for x in clusters]


def synthetic(count: int, seed: int = 7) -> tuple[list[Proposal], list[frozenset[str]]]:
    """Proposals with Zipf-distributed vocabulary, a tenth of them near-copies of another."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20 * count)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    keys: list[frozenset[str]] = []
    for i in range(count):
        if keys and i % 10 == 0:
            base = set(rng.choice(keys))
            keys.append(frozenset([*sorted(base)[:-1], rng.choice(vocabulary)]))
        else:
            keys.append(frozenset(rng.choices(vocabulary, cum_weights=cumulative, k=8)))
    sessions = [f"s{i % max(count // 10, 1)}" for i in range(count)]
    return [proposal(s, f"p{i}", "en") for i, s in enumerate(sessions)], keys


def test_grouping_cost_grows_linearly() -> None:
    small, large = synthetic(300), synthetic(3000)
    compared = [group_and_rank(*data).compared for data in (small, large)]
    assert compared[1] < 3000 * 2999 / 2 / 20  # far fewer than all pairs
    assert compared[1] <= 12 * compared[0], compared  # ten times the proposals, ~ten times the work


@pytest.mark.parametrize(
    ("rows", "clusters"),
    [
        # a short reply by the same speaker continues the idea before it
        ([("Ann", "register guest night month report"), ("Ann", "quarterly obligation")], [0, 0]),
        # another speaker's short remark is another idea
        ([("Ann", "register guest night month report"), ("Bob", "quarterly obligation")], [0, 1]),
        # four keys of its own: a measure of its own, not a fragment
        (
            [("Ann", "register guest night report"), ("Ann", "museum library archive budget")],
            [0, 1],
        ),
        # no speaker named (a rapporteur's list): nothing tells that the item continues
        ([(None, "register guest night month report"), (None, "quarterly obligation")], [0, 1]),
        # a fragment that words already joined stays where they put it
        (
            [
                ("Ann", "grant festival term"),
                ("Ann", "museum library archive budget"),
                ("Ann", "grant festival term"),
            ],
            [0, 1, 0],
        ),
    ],
)
def test_a_speakers_short_fragment_joins_the_idea_before_it(
    rows: list[tuple[str | None, str]], clusters: list[int]
) -> None:
    proposals = [
        Proposal(f"P-{i}", "s", f"text {i}", i, i + 1, speaker, "en")
        for i, (speaker, _) in enumerate(rows)
    ]
    group_and_rank(proposals, [frozenset(keys.split()) for _, keys in rows])
    together = [[a.cluster == b.cluster for b in proposals] for a in proposals]
    assert together == [[x == y for y in clusters] for x in clusters]
    assert {p.support for p in proposals} == {1}  # one session: support never grows


def test_the_draft_shows_the_idea_not_the_fragment_that_continues_it() -> None:
    from toolkit.draft.items import draft_items

    idea = "Regions should require every registered accommodation to report guest nights monthly."
    fragment = "Quarterly, then, but it has to be mandatory."
    proposals = [
        Proposal("P-1", "s", idea, 0, 1, "Ann", "en", score=0.6),
        Proposal("P-2", "s", fragment, 2, 3, "Ann", "en", score=0.95),  # surer, shorter
    ]
    keys = ["register accommodation guest night month report", "quarterly obligation"]
    group_and_rank(proposals, [frozenset(k.split()) for k in keys])
    assert proposals[0].cluster == proposals[1].cluster
    assert proposals[1].rank <= proposals[0].rank
    (item,) = draft_items(proposals, {})
    assert item.text == idea and [p.text for p in item.sources] == [idea, fragment]


def test_support_counts_distinct_sessions() -> None:
    proposals = [proposal(session, f"shared idea {i}", "en") for i, session in enumerate("aab")]
    keys = [frozenset({"shared", "idea", "words"})] * 3
    group_and_rank(proposals, keys)
    assert {p.support for p in proposals} == {2}


# ---------------------------------------------------------------- the components


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_components_declare_what_they_require_and_assign(nlp, lang: str) -> None:
    analysis = nlp[lang].analyze_pipes(pretty=False)["summary"]
    assert analysis["profile_matcher"]["assigns"] == ["doc.spans"]
    assert "token.lemma" in analysis["profile_matcher"]["requires"]
    assert analysis["planning_router"]["assigns"] == ["doc.spans"]


ROUND_TRIP = {
    "ru": "Рекомендовать Иркутской и Омской областям включить гранты для малых городов в "
    "региональную программу. Нашему краю нужен реестр мастеров.",
    "en": "Irkutsk and Omsk oblasts should fund craft schools in small towns. "
    "Municipalities should give studios free premises.",
}
KEYS = ("values", "targets", "regions", "tk_region_refs", CUES_KEY, ROUTES_KEY)


def spans(nlp: Language, text: str) -> dict[str, list[tuple]]:
    doc = nlp(note_doc(nlp, text, section=None, block_kind="paragraph", year=2024))
    return {key: [(s.start, s.end, s.label_, s.id_) for s in doc.spans[key]] for key in KEYS}


def empty_pipeline(lang: str) -> Language:
    """Our pipeline with no codebook at all: it must tag nothing until patterns are loaded."""
    profile = default_profile()
    empty = type(profile)(profile.forum, profile.formats, profile.tracks, {}, {}, {})
    return build_pipeline(lang, profile=empty)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_saved_pipeline_tags_the_same_in_a_pipeline_built_without_codebooks(
    nlp, lang: str, tmp_path: Path
) -> None:
    expected = spans(nlp[lang], ROUND_TRIP[lang])
    assert all(expected[key] for key in ("values", "regions", ROUTES_KEY))
    restored = empty_pipeline(lang)
    assert not spans(restored, ROUND_TRIP[lang])["regions"]
    for name in ("profile_matcher", "planning_router"):
        nlp[lang].get_pipe(name).to_disk(tmp_path / name)
        restored.get_pipe(name).from_disk(tmp_path / name)
    assert spans(restored, ROUND_TRIP[lang]) == expected
    copy = empty_pipeline(lang)
    for name in ("profile_matcher", "planning_router"):
        copy.get_pipe(name).from_bytes(nlp[lang].get_pipe(name).to_bytes())
    assert spans(copy, ROUND_TRIP[lang]) == expected


def test_a_whole_pipeline_loads_in_a_clean_folder_and_gives_the_same_register(
    tmp_path: Path, monkeypatch
) -> None:
    notes = find_note_files([ROOT / "session_notes"])[:3]
    profile = default_profile()
    expected = extract(notes, profile).proposals
    nlp = build_pipeline("ru")
    nlp.to_disk(tmp_path / "ru")
    english = build_pipeline("en")
    english.to_disk(tmp_path / "en")
    clean = tmp_path / "elsewhere"
    clean.mkdir()
    monkeypatch.chdir(clean)

    class Loaded(dict):
        def __missing__(self, lang: str) -> Language:
            self[lang] = spacy.load(tmp_path / lang)
            return self[lang]

    from toolkit.notes import iter_notes

    result = extract_notes(iter_notes(notes, profile), profile, pipelines=Loaded())
    assert [p.to_json() for p in result.proposals] == [p.to_json() for p in expected]


def test_bad_context_cues_in_the_codebook_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "forum.yaml"
    path.write_text(
        "values:\n  - id: crafts\n    label: Crafts\n    context:\n      - cues: {en: [maker]}\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match=r"forum.yaml:5: .*needs exactly 'cues' and 'with'"):
        load_profile(path)


def test_the_shipped_concepts_file_reads_both_languages() -> None:
    book = concepts()
    assert book.words["ru"] and book.words["en"]
    assert set(book.words["ru"].values()) & set(book.words["en"].values())


@pytest.mark.parametrize(
    ("first", "second", "shared", "apart"),
    [
        # the same concept in both languages, whatever the word's form
        (
            ("ru", "Принять закон о креативных индустриях."),
            ("en", "Adopt a creative industry law."),
            {"industries", "law", "adopt", "creative"},
            set(),
        ),
        # «малым» and «малых» are one adjective (pymorphy3 reads «малым» as the noun «малое»)
        (
            ("ru", "Тиражировать в малых городах."),
            ("ru", "И малым городам."),
            {"small", "town"},
            set(),
        ),
        # a speech verb is no measure («считает» is not "count"), a plain word no simplification
        (
            ("ru", "Иванов считает, что урок простой."),
            ("ru", "Упростить учёт затрат."),
            set(),
            {"measure", "simplify"},
        ),
    ],
)
def test_concepts_see_through_language_and_leave_out_speech(
    nlp, first: tuple[str, str], second: tuple[str, str], shared: set[str], apart: set[str]
) -> None:
    a, b = (concept_keys(nlp[lang](text)[:], lang) for lang, text in (first, second))
    assert shared <= a & b
    assert not apart & a & b


BROKEN_CONCEPTS = [
    # (file text, the one line of the error after the path)
    ("concepts: []\nignore: {ru: [], en: []}\n", "1: needs 'concepts'"),
    ("concepts:\n  design: {ru: [дизайн], en: [design]}\n", "1: needs 'concepts'"),
    (
        "concepts:\n  design: {ru: [дизайн], en: [design]}\n  centre: {ru: центр}\n"
        "ignore: {ru: [], en: []}\n",
        "3: 'centre' must give word lists for ru and en",
    ),
    ("concepts:\n  design: {ru: [дизайн\n", "invalid YAML"),
    # words are looked up one by one: a phrase would never match
    (
        "concepts:\n  design: {ru: [дизайн], en: [design]}\n"
        "  free: {ru: [бесплатный], en: [free, free of charge]}\nignore: {ru: [], en: []}\n",
        "3: 'free of charge' is several words; list single words",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN_CONCEPTS)
def test_a_broken_concepts_file_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "concepts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_concepts(path)
    assert caught.value.message.startswith(f"{path}:")
    assert message in caught.value.message
    assert len(caught.value.message.splitlines()) == 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("region_word: регион", "region_word: ''", "'region_word' must be the word a region"),
        ("addresses: [просить,", "addresses: просить\nx: [", "'addresses' must list phrases"),
        ("conditions: [правило,", "conditions: правило\nx: [", "'conditions' must list phrases"),
        ("head_joins: [и,", "head_joins: и\nx: [", "'head_joins' must list phrases"),
        ("sends: [направить,", "sends: направить\nx: [", "'sends' must list phrases"),
        ("outputs: [записка,", "outputs: записка\nx: [", "'outputs' must list phrases"),
        ("refers_back: [то же,", "refers_back: то же\nx: [", "'refers_back' must list phrases"),
        (
            "federal_matters: [ветеринарный,",
            "federal_matters: ветеринарный\nx: [",
            "'federal_matters' must list phrases",
        ),
        (
            "lone_adjectives: [oblast,",
            "lone_adjectives: oblast\nx: [",
            "'lone_adjectives' must list phrases",
        ),
    ],
)
def test_a_broken_classification_file_names_its_line(
    tmp_path: Path, monkeypatch, old: str, new: str, message: str
) -> None:
    from toolkit.nlp import classify

    shipped = classify.shipped_data("classify_ru.yaml").read_text(encoding="utf-8")
    assert old in shipped
    path = tmp_path / "classify_ru.yaml"
    path.write_text(shipped.replace(old, new), encoding="utf-8")
    line = shipped[: shipped.index(old)].count("\n") + 1
    monkeypatch.setattr(classify, "shipped_data", lambda name: path)
    classify.classify_words.cache_clear()
    try:
        with pytest.raises(ProfileError, match=re.escape(f"{path}:{line}: {message}")):
            classify.classify_words("ru")
    finally:
        classify.classify_words.cache_clear()


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("малого", "малый"),  # prefer_adjective
        ("тверской", "тверской"),  # prefer_adjective: not the street «Тверская»
        ("округу", "округ"),  # prefer_lemma: not the rare «округа»
        ("округа", "округ"),
        ("окраине", "окраина"),  # a form outside both lists keeps pymorphy3's first parse
    ],
)
def test_lemmas_of_lemmas_ru_yaml_win_over_pymorphy3s_first_parse(form: str, lemma: str) -> None:
    assert quick_parse(form)[1] == lemma
    assert best_parse(form).normal_form == lemma
