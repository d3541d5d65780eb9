"""Measuring extraction (docs/evaluation.md): the matching rules on hand-made tables, the ``eval``
command on the sample workspace and the dev set, and broken gold files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.cli import cli
from toolkit.errors import ExtractError
from toolkit.evaluate import Gold, evaluate, overlap, read_gold
from toolkit.extract import extract, proposal_id
from toolkit.notes import find_note_files
from toolkit.profile import default_profile, load_profile
from toolkit.register import Proposal

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_GOLD = DATA / "sample_gold.jsonl"
DEV_NOTES = DATA / "dev" / "notes"
DEV_GOLD = DATA / "dev" / "gold.jsonl"
TARGET_F1 = 0.90


def gold(session: str, text: str, speaker: str | None = None, line: int = 1) -> Gold:
    return Gold(session, text, speaker, line)


def predicted(
    session: str, text: str, speaker: str | None = None, language: str = "en"
) -> Proposal:
    return Proposal(
        id=proposal_id(session, text),
        session=session,
        text=text,
        start=0,
        end=len(text),
        speaker=speaker,
        language=language,
    )


# ---------------------------------------------------------------- overlap

CENTRE = "Regions should create a design centre in every district."


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (CENTRE, CENTRE, 1.0),
        ("abcdef", "xxabcdefyy", 1.0),  # the shorter text inside the longer one
        ("abcdef", "abcxyz", 0.5),  # exactly half of the shorter one
        ("abcdef", "abxdef", 0.5),  # the longest common run counts, not scattered characters
        ("abcdef", "uvwxyz", 0.0),
        ("", CENTRE, 0.0),
    ],
)
def test_overlap_is_the_longest_common_run_over_the_shorter_text(
    a: str, b: str, expected: float
) -> None:
    assert overlap(a, b) == pytest.approx(expected)
    assert overlap(b, a) == pytest.approx(expected)


# ---------------------------------------------------------------- matching rules

MATCHING_CASES = [
    # (gold, predictions, (tp, fp, fn))
    pytest.param([gold("s", CENTRE)], [predicted("s", CENTRE)], (1, 0, 0), id="same-text"),
    pytest.param(
        [gold("s", CENTRE)],
        [predicted("s", "Regions  should create\na design centre in every district.")],
        (1, 0, 0),
        id="whitespace-normalised",
    ),
    pytest.param(
        [gold("s", "Create a fund")],
        [predicted("s", "Create a fund (Volkova said), and soon.")],
        (1, 0, 0),
        id="gold-inside-prediction",
    ),
    pytest.param(
        [gold("s", "Create a regional fund for crafts, said Volkova")],
        [predicted("s", "Create a regional fund")],
        (1, 0, 0),
        id="prediction-inside-gold",
    ),
    pytest.param(
        [gold("s", "aaaabbbb")], [predicted("s", "aaaaxxxx")], (1, 0, 0), id="exactly-half"
    ),
    pytest.param([gold("s", "aaaabbbb")], [predicted("s", "aaaxxxxx")], (0, 1, 1), id="under-half"),
    pytest.param([gold("s", CENTRE)], [predicted("t", CENTRE)], (0, 1, 1), id="other-session"),
    pytest.param(
        [gold("s", CENTRE)],
        [predicted("s", CENTRE), predicted("s", CENTRE + " Now.")],
        (1, 1, 0),
        id="gold-matched-once",
    ),
    pytest.param(
        [gold("s", CENTRE), gold("s", CENTRE[:40])],
        [predicted("s", CENTRE)],
        (1, 0, 1),
        id="prediction-matched-once",
    ),
    pytest.param(
        [gold("s", "Create a fund for crafts"), gold("s", "Open a school of design")],
        [predicted("s", "Open a school of design"), predicted("s", "Create a fund for crafts")],
        (2, 0, 0),
        id="order-does-not-matter",
    ),
    pytest.param([], [predicted("s", CENTRE)], (0, 1, 0), id="false-alarm"),
    pytest.param([gold("s", CENTRE)], [], (0, 0, 1), id="miss"),
]


@pytest.mark.parametrize(("golds", "predictions", "counts"), MATCHING_CASES)
def test_matching_rules(
    golds: list[Gold], predictions: list[Proposal], counts: tuple[int, int, int]
) -> None:
    result = evaluate(golds, predictions, {"s": "en", "t": "en"})
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == counts
    assert len(result.misses) == counts[2]
    assert len(result.false_alarms) == counts[1]


def test_best_overlap_is_matched_first() -> None:
    """A prediction that overlaps two gold lines goes to the one it overlaps more, not the first."""
    golds = [
        gold("s", "Open a design school in Tomsk"),
        gold("s", "Open a design school and a crafts museum"),
    ]
    predictions = [predicted("s", "Open a design school and a crafts museum")]
    assert overlap(golds[0].text, predictions[0].text) >= 0.5
    result = evaluate(golds, predictions, {"s": "en"})
    assert [g.text for g in result.misses] == ["Open a design school in Tomsk"]


def test_precision_recall_f1_per_language_and_session() -> None:
    golds = [
        gold("a", "Create a fund for crafts"),
        gold("a", "Open a school of design"),
        gold("b", "Создать центр дизайна"),
        gold("b", "Открыть школу ремёсел"),
    ]
    predictions = [
        predicted("a", "Create a fund for crafts"),
        predicted("a", "Studios lack staff"),
        predicted("b", "Создать центр дизайна", language="ru"),
        predicted("b", "Открыть школу ремёсел", language="ru"),
    ]
    result = evaluate(golds, predictions, {"a": "en", "b": "ru", "c": "en"})
    en, ru = result.languages["en"], result.languages["ru"]
    assert (en.tp, en.fp, en.fn) == (1, 1, 1)
    assert (en.precision, en.recall, en.f1) == (0.5, 0.5, 0.5)
    assert (ru.precision, ru.recall, ru.f1) == (1.0, 1.0, 1.0)
    assert result.overall.f1 == pytest.approx(2 * 0.75 * 0.75 / 1.5)
    assert set(result.sessions) == {"a", "b", "c"}  # a session with nothing to find still counts
    assert (result.sessions["c"].tp, result.sessions["c"].fp, result.sessions["c"].fn) == (0, 0, 0)


def test_speaker_accuracy_counts_matched_pairs_with_a_gold_speaker() -> None:
    golds = [
        gold("s", "Create a fund for crafts", "Irina Volkova"),
        gold("s", "Open a school of design", "Petr Sidorov"),
        gold("s", "Build a hub for games"),
    ]
    predictions = [
        predicted("s", "Create a fund for crafts", "Irina Volkova"),
        predicted("s", "Open a school of design", None),
        predicted("s", "Build a hub for games", "X"),
    ]
    result = evaluate(golds, predictions, {"s": "en"})
    assert (result.speaker_pairs, result.speaker_correct) == (2, 1)
    assert result.speaker_accuracy == 0.5
    assert [(g.speaker, p.speaker) for g, p in result.wrong_speakers] == [("Petr Sidorov", None)]


def test_gold_session_that_was_not_extracted_is_an_error() -> None:
    with pytest.raises(ExtractError) as raised:
        evaluate(
            [gold("s", CENTRE), gold("nowhere", CENTRE, line=2)], [], {"s": "en"}, Path("g.jsonl")
        )
    assert raised.value.message.startswith("g.jsonl:2: session 'nowhere'")


# ---------------------------------------------------------------- reading gold files


def test_read_gold_normalises_text_and_counts_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"session": "s", "text": "Create  a\\nfund", "speaker": "Irina Volkova"}\n\n'
        '{"session": "s", "text": "Open a school"}\n',
        encoding="utf-8",
    )
    assert read_gold(path) == [
        Gold("s", "Create a fund", "Irina Volkova", 1),
        Gold("s", "Open a school", None, 3),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"session": "s", "text": "Open a school"', "broken JSON"),
        ("not json at all", "broken JSON"),
        ('["s", "Open a school"]', 'needs "session" and "text"'),
        ('{"session": "s"}', 'needs "session" and "text"'),
        ('{"session": "s", "text": "  "}', 'needs "session" and "text"'),
        ('{"session": "s", "text": "Open", "speaker": 3}', '"speaker" must be a string'),
    ],
)
def test_broken_gold_line_names_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"session": "s", "text": "Create a fund"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ExtractError) as raised:
        read_gold(path)
    assert raised.value.message.startswith(f"{path}:2: ")
    assert message in raised.value.message


# ---------------------------------------------------------------- eval on the sample workspace


def run_eval(runner, *args: str, workspace: Path = ROOT):
    return runner.invoke(cli, ["-w", str(workspace), "eval", *args])


@pytest.fixture(scope="module")
def sample_scores(sample_extraction_cache: Path) -> dict:
    """The sample's scores, its register from the extraction cache (conftest.py)."""
    from click.testing import CliRunner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("toolkit.extract.cache.default_folder", lambda: sample_extraction_cache)
        result = run_eval(CliRunner(), "--gold", str(SAMPLE_GOLD), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_eval_json_has_scores_overall_per_language_and_session(sample_scores: dict) -> None:
    assert set(sample_scores) >= {
        "overall",
        "languages",
        "sessions",
        "speaker_accuracy",
        "misses",
        "false_alarms",
    }
    assert set(sample_scores["languages"]) == {"en", "ru"}
    assert len(sample_scores["sessions"]) == 16
    for counts in (sample_scores["overall"], *sample_scores["languages"].values()):
        assert set(counts) == {"tp", "fp", "fn", "precision", "recall", "f1"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sample_f1_per_language_reaches_the_target(sample_scores: dict, lang: str) -> None:
    counts = sample_scores["languages"][lang]
    assert counts["f1"] >= TARGET_F1, counts


@pytest.mark.usefixtures("warm_extraction_cache")
def test_eval_prints_a_table_and_the_errors(runner) -> None:
    result = run_eval(runner, "--gold", str(SAMPLE_GOLD))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("overall") and "F1" in lines[0]
    assert any(line.startswith("language ru") for line in lines)
    assert any(line.startswith("speaker accuracy") for line in lines)


@pytest.mark.usefixtures("warm_extraction_cache")
def test_min_f1_above_the_score_exits_1(runner) -> None:
    result = run_eval(runner, "--gold", str(SAMPLE_GOLD), "--min-f1", "0.99999", "--no-errors")
    assert result.exit_code == 1
    assert "is below --min-f1 0.99999" in result.stderr
    assert (
        run_eval(runner, "--gold", str(SAMPLE_GOLD), "--min-f1", "0.5", "--no-errors").exit_code
        == 0
    )


def _write_gold(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_LINE = json.dumps(
    {
        "session": "plenary-values",
        "text": "Предлагаю сделать Новосибирскую область пилотной площадкой для такой модели.",
    },
    ensure_ascii=False,
)


@pytest.mark.usefixtures("warm_extraction_cache")
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            '{"session": "no-such-session", "text": "Create a fund"}',
            "session 'no-such-session' is not among",
        ),
        ('{"session": "plenary-values", "text": "Create', "broken JSON"),
    ],
    ids=["unknown-session", "broken-json"],
)
def test_bad_gold_file_is_a_one_line_error(runner, tmp_path: Path, bad: str, message: str) -> None:
    path = _write_gold(tmp_path, [GOOD_LINE, GOOD_LINE, bad, GOOD_LINE])
    result = run_eval(runner, "--gold", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:3: ")
    assert message in lines[0]


# ---------------------------------------------------------------- the dev set


@pytest.fixture(scope="module")
def dev_scores():
    if not DEV_GOLD.exists() or not any(DEV_NOTES.glob("*.md")):
        pytest.skip("no dev gold set")
    profile = (
        load_profile(ROOT / "forum.yaml") if (ROOT / "forum.yaml").exists() else default_profile()
    )
    result = extract(find_note_files([DEV_NOTES]), profile)
    assert result.failed == 0, [str(i) for i in result.issues]
    return evaluate(read_gold(DEV_GOLD), result.proposals, result.languages, DEV_GOLD)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_dev_f1_per_language_reaches_the_target(dev_scores, lang: str) -> None:
    counts = dev_scores.languages[lang]
    assert counts.f1 >= TARGET_F1, counts.as_dict()


def test_evaluation_does_not_load_spacy() -> None:
    """Scoring a register against gold needs no pipeline: spaCy takes seconds to import."""
    import subprocess
    import sys

    code = "import sys, toolkit.evaluate; print([m for m in sys.modules if m.startswith('spacy')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- understanding (SPEC §5)


def labelled(text: str, session: str = "s", **labels) -> Gold:
    return Gold(session, text, None, 1, labels)


def tagged(text: str, session: str = "s", **fields) -> Proposal:
    proposal = predicted(session, text)
    for name, value in fields.items():
        setattr(proposal, name, value)
    return proposal


def test_values_regions_and_targets_are_micro_averaged_over_ids() -> None:
    golds = [
        labelled("Create a fund for crafts", values=["creative-labour", "cultural-heritage"]),
        labelled("Open a school of design", values=[], regions=["tomsk-oblast"]),
    ]
    found = [
        tagged("Create a fund for crafts", values=["creative-labour", "local-identity"]),
        tagged("Open a school of design", values=["human-capital"], regions=["tomsk-oblast"]),
    ]
    understanding = evaluate(golds, found, {"s": "en"}).understanding
    assert (understanding.values.tp, understanding.values.fp, understanding.values.fn) == (1, 2, 1)
    assert (understanding.regions.tp, understanding.regions.fp) == (1, 0)
    assert understanding.labelled == {"values": 2, "regions": 1}
    assert [kind for kind, _, _ in understanding.errors] == ["values", "values"]


@pytest.mark.parametrize(
    ("gold_route", "basis", "predicted_route", "right"),
    [
        ("state-programme", "inferred", "state-programme", True),
        ("regional-law", "named", "state-programme", False),
        (None, None, None, True),  # procedural, and none given
        (None, None, "regional-strategy", False),  # procedural, but routed
        ("regional-strategy", "inferred", None, False),
    ],
)
def test_route_is_right_when_it_is_the_gold_one_or_both_are_none(
    gold_route, basis, predicted_route, right: bool
) -> None:
    golds = [labelled("Create a fund", route=gold_route, route_basis=basis)]
    found = [tagged("Create a fund", route=predicted_route)]
    understanding = evaluate(golds, found, {"s": "en"}).understanding
    assert understanding.route_accuracy() == (1.0 if right else 0.0)
    assert understanding.routes == {(basis or "procedural", right): 1}


def test_unmatched_gold_lines_are_not_scored_for_labels() -> None:
    golds = [
        labelled("Create a fund", values=["partnership"]),
        labelled("Another thing", values=[]),
    ]
    understanding = evaluate(golds, [tagged("Create a fund")], {"s": "en"}).understanding
    assert understanding.labelled == {"values": 1}
    assert understanding.values.fn == 1


def test_grouping_counts_pairs_of_gold_grouped_lines() -> None:
    texts = ["one idea here", "the same idea", "the idea once more", "something else", "ungrouped"]
    golds = [
        labelled(texts[0], group="a"),
        labelled(texts[1], group="a"),
        labelled(texts[2], group="a"),
        labelled(texts[3], group="b"),
        labelled(texts[4]),
    ]
    clusters = ["C-1", "C-1", "C-2", "C-2", "C-2"]
    found = [tagged(t, cluster=c) for t, c in zip(texts, clusters, strict=True)]
    grouping = evaluate(golds, found, {"s": "en"}).understanding.grouping
    # gold pairs: 3 within "a"; predicted pairs among grouped lines: (0,1) and (2,3)
    assert (grouping.tp, grouping.fp, grouping.fn) == (1, 1, 2)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"session": "s", "text": "t", "values": "partnership"}', '"values" must be a list'),
        ('{"session": "s", "text": "t", "route": "regional-law"}', '"route_basis" must be'),
        (
            '{"session": "s", "text": "t", "route": null, "route_basis": "named"}',
            '"route_basis" must be',
        ),
        (
            '{"session": "s", "text": "t", "route": "x", "route_basis": "guessed"}',
            '"route_basis" must be',
        ),
        ('{"session": "s", "text": "t", "group": [1]}', '"group" must be'),
    ],
)
def test_bad_labels_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write_gold(tmp_path, [GOOD_LINE, line])
    with pytest.raises(ExtractError, match=f"{path}:2: .*{message}"):
        read_gold(path)


@pytest.mark.usefixtures("warm_extraction_cache")
def test_eval_prints_understanding_figures_for_a_labelled_gold_of_some_sessions(
    runner, tmp_path: Path
) -> None:
    lines = [
        json.loads(line)
        for line in (DATA / "understanding" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    part = [line for line in lines if line["session"] == "plenary-values"]
    path = _write_gold(tmp_path, [json.dumps(line, ensure_ascii=False) for line in part])
    result = run_eval(runner, "--gold", str(path), "--gold-sessions-only", "--json")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert list(scores["sessions"]) == ["plenary-values"]
    assert scores["overall"]["fp"] <= 2  # other sessions' proposals are not false alarms
    understanding = scores["understanding"]
    assert understanding["labelled"]["route"] == scores["overall"]["tp"]
    assert {"values", "targets", "regions", "route"} <= set(understanding)
    table = run_eval(runner, "--gold", str(path), "--gold-sessions-only", "--no-errors")
    assert "route accuracy" in table.stdout and "regions (micro, matched)" in table.stdout
