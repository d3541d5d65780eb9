"""The forum profile: shipped defaults, validation of forum.yaml, extending and replacing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from toolkit.cli import cli
from toolkit.errors import ProfileError
from toolkit.profile import default_profile, load_profile

TRACKS = [
    "siberia-centre",
    "gastronomy",
    "strategy",
    "support-measures",
    "local-identity",
    "fashion",
    "small-towns",
    "personnel",
    "industrial-design",
    "fashion-retail",
    "animation",
]

#: Decree No. 809 of 9 November 2022, in the decree's order.
DECREE_809 = [
    ("life", "Жизнь"),
    ("dignity", "Достоинство"),
    ("human-rights", "Права и свободы человека"),
    ("patriotism", "Патриотизм"),
    ("citizenship", "Гражданственность"),
    ("service-to-fatherland", "Служение Отечеству"),
    ("moral-ideals", "Высокие нравственные идеалы"),
    ("strong-family", "Крепкая семья"),
    ("creative-labour", "Созидательный труд"),
    ("spiritual-over-material", "Приоритет духовного над материальным"),
    ("humanism", "Гуманизм"),
    ("mercy", "Милосердие"),
    ("justice", "Справедливость"),
    ("collectivism", "Коллективизм"),
    ("mutual-assistance", "Взаимопомощь и взаимоуважение"),
    ("historical-memory", "Историческая память и преемственность поколений"),
    ("unity-of-peoples", "Единство народов России"),
]

CREATIVE_ECONOMY = [
    "local-identity",
    "cultural-heritage",
    "creative-freedom",
    "human-capital",
    "accessibility",
    "sustainability",
    "intellectual-property",
    "partnership",
]

DOCUMENTS = [
    "regional-strategy",
    "strategy-action-plan",
    "state-programme",
    "socio-economic-forecast",
    "territorial-planning",
    "regional-law",
    "municipal-strategy",
    "federal-level",
]


@pytest.fixture(scope="module")
def profile():
    return default_profile()


# ---------------------------------------------------------------- defaults


def test_default_forum(profile) -> None:
    assert profile.forum["name"] == {
        "ru": "Российская креативная неделя — Сибирь",
        "en": "Russian Creativity Week — Siberia",
    }
    assert profile.forum["city"]["en"] == "Krasnoyarsk"
    assert profile.forum["dates"] == {"start": dt.date(2024, 11, 20), "end": dt.date(2024, 11, 22)}
    assert profile.formats == (
        "plenary",
        "panel",
        "roundtable",
        "lecture",
        "master-class",
        "presentation",
        "premiere",
        "other",
    )


@pytest.mark.parametrize(
    ("track", "words"),
    [
        ("siberia-centre", "emerging centre of creative industries"),
        ("gastronomy", "driver of regional development"),
        ("strategy", "strategy for the development of creative industries"),
        ("support-measures", "measures to support creative industries"),
        ("local-identity", "local identity for entering new markets"),
        ("fashion", "fashion centre"),
        ("small-towns", "small towns"),
        ("personnel", "training personnel for creative industries"),
        ("industrial-design", "industrial design"),
        ("fashion-retail", "international retail"),
        ("animation", "animation"),
    ],
)
def test_default_tracks(profile, track: str, words: str) -> None:
    assert list(profile.tracks) == TRACKS
    name = profile.tracks[track].name
    assert words in name["en"].lower()
    assert name["ru"] and name["ru"] != name["en"]


def test_value_codebook_holds_decree_809_and_creative_economy(profile) -> None:
    assert list(profile.values) == [v for v, _ in DECREE_809] + CREATIVE_ECONOMY
    for value_id, ru in DECREE_809:
        value = profile.values[value_id]
        assert value.group == "traditional"
        assert value.label["ru"].startswith(ru)
    for value_id in CREATIVE_ECONOMY:
        assert profile.values[value_id].group == "creative-economy"
    for value in profile.values.values():
        assert value.label["en"] and value.label["ru"]
        assert value.description.get("en") and value.description.get("ru")
        assert value.cues["ru"] and value.cues["en"], value.id


def test_document_types(profile) -> None:
    assert list(profile.documents) == DOCUMENTS
    assert (
        profile.label("documents", "regional-strategy", "en")
        == "Regional socio-economic development strategy"
    )
    assert (
        profile.label("documents", "state-programme", "ru")
        == "Государственная программа субъекта РФ"
    )
    for document in profile.documents.values():
        assert document.label["en"] and document.label["ru"]
        assert document.cues["ru"] and document.cues["en"], document.id


def test_all_89_regions(profile) -> None:
    regions = profile.regions
    assert len(regions) == 89
    assert sorted(r.code for r in regions.values()) == sorted({r.code for r in regions.values()})
    for region in regions.values():
        assert region.name["ru"] and region.name["en"], region.id
        assert region.federal_district in {
            "central",
            "northwestern",
            "southern",
            "north-caucasian",
            "volga",
            "ural",
            "siberian",
            "far-eastern",
        }
    for region_id in (
        "moscow",
        "saint-petersburg",
        "sevastopol",
        "crimea",
        "donetsk-peoples-republic",
        "luhansk-peoples-republic",
        "zaporozhye-oblast",
        "kherson-oblast",
        "chukotka",
    ):
        assert any(r.startswith(region_id) for r in regions), region_id


def test_krasnoyarsk_krai(profile) -> None:
    region = profile.regions["krasnoyarsk-krai"]
    assert region.name == {"ru": "Красноярский край", "en": "Krasnoyarsk Krai"}
    assert region.code == 24
    assert region.federal_district == "siberian"
    assert "Krasnoyarsk region" in region.phrases("en")
    assert "Krasnoyarsk Territory" in region.phrases("en")
    assert region.phrases("ru")[0] == "Красноярский край"
    assert profile.label("regions", "krasnoyarsk-krai", "ru") == "Красноярский край"


def test_missing_profile_gives_the_defaults(tmp_path: Path, profile) -> None:
    assert load_profile(None) is profile
    assert load_profile(tmp_path / "forum.yaml") is profile


def test_sample_workspace_profile_loads(sample_root: Path) -> None:
    loaded = load_profile(sample_root / "forum.yaml")
    assert loaded.warnings == []
    assert list(loaded.tracks) == TRACKS
    assert len(loaded.regions) == 89


# ---------------------------------------------------------------- validation


def write_profile(tmp_path: Path, text: str):
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


INVALID = [
    # (forum.yaml, the exact messages after "forum.yaml:")
    ("tracks:\n  - id: x\n", ["2: 'tracks[x].name' is missing; give it as {ru: …, en: …}"]),
    ("tracks: 5\n", ["1: 'tracks' must be a list of entries, each with an 'id'"]),
    ("tracks:\n  - just-a-string\n", ["1: 'tracks[1]' must be a mapping with an 'id'"]),
    ("tracks:\n  - name: X\n", ["2: 'tracks[1].id' must use a-z, 0-9 and '-' only (got None)"]),
    (
        "tracks:\n  - id: x\n    name: X\n  - id: x\n    name: Y\n",
        ["4: 'tracks' lists id 'x' twice; keep one"],
    ),
    (
        "values:\n  - id: Bad_Id\n    label: B\n",
        ["2: 'values[1].id' must use a-z, 0-9 and '-' only (got 'Bad_Id')"],
    ),
    (
        "values:\n  - id: v\n    label: {ru: a, de: b}\n",
        ["3: 'values[v].label' has unknown language 'de'; use ru or en"],
    ),
    (
        "values:\n  - id: v\n    label: {ru: '', en: b}\n",
        ["3: 'values[v].label.ru' must be non-empty text"],
    ),
    (
        "values:\n  - id: v\n    label: V\n    cues:\n      en: word\n",
        ["5: 'values[v].cues.en' must be a list of non-empty phrases"],
    ),
    ("documents:\n  - id: d\n", ["2: 'documents[d].label' is missing; give it as {ru: …, en: …}"]),
    (
        "documents:\n  - id: d\n    label: D\n    audiences:\n      ru: губернатор\n",
        ["5: 'documents[d].audiences.ru' must be a list of non-empty phrases"],
    ),
    (
        "documents:\n  - id: d\n    label: D\n    owners:\n      en: city budget\n",
        ["5: 'documents[d].owners.en' must be a list of non-empty phrases"],
    ),
    (
        "regions:\n  - id: r\n    name: R\n    code: abc\n",
        ["4: 'regions[r].code' must be a whole number"],
    ),
    (
        "forum:\n  dates:\n    start: 20.11.2024\n    end: 2024-11-22\n",
        ["3: 'forum.dates.start' must be an ISO date like 2024-11-20"],
    ),
    (
        "forum:\n  dates:\n    start: 2024-11-20\n    end: 2024-11-31\n",
        ["4: 'forum.dates.end' must be an ISO date like 2024-11-20"],
    ),
    ("forum:\n  languages: [de]\n", ["2: 'forum.languages' must be a list of ru and/or en"]),
    ("forum: Krasnoyarsk\n", ["1: 'forum' must be a mapping of keys to values"]),
    ("formats: panel\n", ["1: 'formats' must be a non-empty list of ids like 'panel'"]),
    ("formats: []\n", ["1: 'formats' must be a non-empty list of ids like 'panel'"]),
    (
        "forum:\n  dates:\n    start: 2024-11-22\n    end: 2024-11-20\n",
        ["4: 'forum.dates.end' comes before 'start'; swap them"],
    ),
    (
        "replace: [sessions]\n",
        ["1: 'replace' must list sections among: tracks, values, documents, regions"],
    ),
    (
        "forum:\n  name: [a\n",
        ["3: invalid YAML (expected ',' or ']', but got '<stream end>'); fix the syntax"],
    ),
    ("- a\n- b\n", ["1: the profile must be a mapping of sections (forum, tracks, …)"]),
    (
        # PyYAML would keep the second silently and lose the first
        "forum:\n  city: Krasnoyarsk\n  name: F\n  city: Omsk\n",
        ["4: invalid YAML ('city' is written twice; keep one); fix the syntax"],
    ),
    (
        # Every problem is reported at once.
        "tracks:\n  - id: x\n  - id: y\n    name: {en: Y, fr: Z}\nregions: {}\n",
        [
            "2: 'tracks[x].name' is missing; give it as {ru: …, en: …}",
            "4: 'tracks[y].name' has unknown language 'fr'; use ru or en",
            "5: 'regions' must be a list of entries, each with an 'id'",
        ],
    ),
]


@pytest.mark.parametrize(("text", "messages"), INVALID)
def test_invalid_profile_names_file_and_line(
    tmp_path: Path, text: str, messages: list[str]
) -> None:
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.message.splitlines() == [f"{path}:{m}" for m in messages]


def test_profile_in_another_encoding_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "forum.yaml"
    path.write_bytes("forum:\n  city: Красноярск\n".encode("cp1251"))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.message.startswith(f"{path}:1: cannot read the profile")
    assert caught.value.message.endswith("save it as UTF-8 YAML")


@pytest.mark.parametrize(
    ("text", "warnings"),
    [
        ("forum: {}\n\nsessions: []\n", ["3: unknown key 'sessions' is ignored"]),
        (
            "forum:\n  edition: '2025'\ncolour: red\nvenue: x\n",
            ["3: unknown key 'colour' is ignored", "4: unknown key 'venue' is ignored"],
        ),
        ("", []),
        ("# only a comment\n", []),
    ],
)
def test_unknown_sections_warn(tmp_path: Path, text: str, warnings: list[str]) -> None:
    loaded = write_profile(tmp_path, text)
    assert loaded.warnings == [f"{tmp_path / 'forum.yaml'}:{w}" for w in warnings]
    assert list(loaded.tracks) == TRACKS


def test_unknown_section_is_a_warning_in_check_and_an_error_with_strict(
    runner, tmp_path: Path
) -> None:
    (tmp_path / "forum.yaml").write_text(
        "forum:\n  edition: '2025'\nsessions: []\n", encoding="utf-8"
    )
    (tmp_path / "session_notes").mkdir()
    result = runner.invoke(cli, ["-w", str(tmp_path), "notes", "check"])
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {tmp_path / 'forum.yaml'}:3: unknown key 'sessions' is ignored" in result.output
    )
    result = runner.invoke(cli, ["-w", str(tmp_path), "notes", "check", "--strict"])
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'forum.yaml'}:3: unknown key 'sessions' is ignored"
        in result.output.splitlines()
    )


@pytest.mark.parametrize(
    "command", [["notes", "check"], ["notes", "list"], ["notes", "new", "--no-input"]]
)
def test_broken_profile_stops_commands_with_one_line(
    runner, tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "forum.yaml").write_text(
        "tracks:\n  - id: x\n    name: X\n  - id: x\n    name: Y\n", encoding="utf-8"
    )
    (tmp_path / "session_notes").mkdir()
    result = runner.invoke(cli, ["-w", str(tmp_path), *command])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output == f"{tmp_path / 'forum.yaml'}:4: 'tracks' lists id 'x' twice; keep one\n"


# ---------------------------------------------------------------- extending and replacing


def test_forum_yaml_extends_the_defaults(tmp_path: Path) -> None:
    loaded = write_profile(
        tmp_path,
        """\
forum:
  name: {ru: Креативная неделя — Томск, en: Creativity Week — Tomsk}
  edition: "2025"
  dates: {start: 2025-10-01, end: 2025-10-03}
formats: [panel, hackathon]
tracks:
  - id: games
    name: {ru: Игры, en: Games}
  - id: gastronomy
    name: Food
values:
  - id: playfulness
    label: {ru: Игра, en: Play}
    cues: {en: [play, game], ru: [игра]}
documents:
  - id: city-budget
    label: {ru: Бюджет города, en: City budget}
regions:
  - id: krasnoyarsk-krai
    name: {ru: Красноярский край, en: Krasnoyarsk Krai}
    aliases: {en: [Krasnoyarsk land]}
""",
    )
    assert loaded.forum["name"]["en"] == "Creativity Week — Tomsk"
    assert loaded.forum["city"]["en"] == "Krasnoyarsk"  # not given: kept from the defaults
    assert loaded.forum["dates"]["start"] == dt.date(2025, 10, 1)
    assert loaded.formats == ("panel", "hackathon")
    assert list(loaded.tracks) == [*TRACKS, "games"]
    assert loaded.tracks["gastronomy"].name == {"ru": "Food", "en": "Food"}  # same id replaces
    assert list(loaded.values)[-1] == "playfulness"
    assert len(loaded.values) == 26
    assert loaded.values["playfulness"].cues == {"en": ("play", "game"), "ru": ("игра",)}
    assert list(loaded.documents) == [*DOCUMENTS, "city-budget"]
    assert len(loaded.regions) == 89
    assert loaded.regions["krasnoyarsk-krai"].phrases("en") == (
        "Krasnoyarsk Krai",
        "Krasnoyarsk land",
    )
    assert loaded.path == tmp_path / "forum.yaml"
    # The cached defaults are untouched.
    assert list(default_profile().tracks) == TRACKS
    assert (
        default_profile().tracks["gastronomy"].name["en"]
        == "Gastronomy as a driver of regional development"
    )


def test_forum_yaml_replaces_sections(tmp_path: Path) -> None:
    loaded = write_profile(
        tmp_path,
        """\
replace: [tracks, regions]
tracks:
  - id: games
    name: {ru: Игры, en: Games}
""",
    )
    assert list(loaded.tracks) == ["games"]
    assert loaded.regions == {}
    assert len(loaded.values) == 25
    assert list(loaded.documents) == DOCUMENTS


def test_init_profile_keeps_the_default_tracks(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    loaded = load_profile(tmp_path / "ws" / "forum.yaml")
    assert loaded.warnings == []
    assert list(loaded.tracks) == TRACKS
    assert loaded.forum["name"]["ru"] == "Российская креативная неделя — Сибирь"


@pytest.mark.parametrize(
    "text",
    ["forum:\n  languages: [{a: 1}]\n", "replace: [{a: 1}]\n"],
    ids=["languages", "replace"],
)
def test_a_mapping_where_a_word_belongs_is_reported(runner, tmp_path: Path, text: str) -> None:
    (tmp_path / "forum.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "session_notes").mkdir()
    result = runner.invoke(cli, ["-w", str(tmp_path), "notes", "check"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'forum.yaml'}:" in result.output
    assert "Traceback" not in result.output


def test_a_key_merged_from_an_anchor_may_be_overridden_but_not_written_twice() -> None:
    from toolkit.yamlio import load_yaml

    merged = load_yaml("base: &b {city: Omsk, name: F}\nforum:\n  <<: *b\n  city: Tomsk\n")
    assert merged["forum"] == {"city": "Tomsk", "name": "F"}
    with pytest.raises(yaml.YAMLError, match="'city' is written twice"):
        load_yaml("forum:\n  <<: {name: F}\n  city: Tomsk\n  city: Omsk\n")
