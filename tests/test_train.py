"""The trained proposal classifier: training, saving and loading, and its place in extraction."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from toolkit.cli import cli
from toolkit.extract import Pipelines, extract, forum_year
from toolkit.nlp import build_pipeline, load_classifier
from toolkit.nlp.classifier import ProposalClassifier
from toolkit.nlp.cues import CUES_KEY
from toolkit.nlp.detector import note_doc
from toolkit.nlp.features import turn_places
from toolkit.notes import find_note_files, iter_notes
from toolkit.profile import default_profile
from toolkit.train import gold_units, label_units, read_manifest

DATA = Path(__file__).resolve().parent / "data"

TINY = (
    f"sets:\n  - {{name: dev2, notes: {DATA / 'dev2' / 'notes'}, "
    f"gold: {DATA / 'dev2' / 'gold.jsonl'}, role: train}}\n"
)

#: Two sessions of the sample (day 3), one per language: what a workspace's model extracts.
ONE_PER_LANGUAGE = ("small-towns-panel.md", "fashion-retail-international.md")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A model trained on one small gold set (a few seconds), shared by the tests below."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("tiny")
    manifest = folder / "training.yaml"
    manifest.write_text(TINY, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["train", "--data", str(manifest), "-o", str(folder / "model"), "--epochs", "3"]
    )
    assert result.exit_code == 0, result.output
    return folder / "model"


def digest(folder: Path) -> str:
    return hashlib.sha1(
        b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
    ).hexdigest()


def test_training_twice_gives_the_same_weights(tiny_model: Path, tmp_path: Path, runner) -> None:
    manifest = tmp_path / "training.yaml"
    manifest.write_text(TINY, encoding="utf-8")
    result = runner.invoke(
        cli, ["train", "--data", str(manifest), "-o", str(tmp_path / "again"), "--epochs", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "trained ru:" in result.output and "trained en:" in result.output
    assert digest(tmp_path / "again") == digest(tiny_model)


def test_saved_weights_restore_into_an_untrained_pipeline(tiny_model: Path) -> None:
    text = (
        "Я думаю, надо подумать об этом. Мы это обязательно посмотрим. Прошу Правительство помочь."
    )
    trained = build_pipeline("ru", classifier=tiny_model / "ru")
    untrained = build_pipeline("ru", classifier=False)
    untrained.add_pipe("proposal_classifier").initialize(lambda: [])

    def scores(nlp) -> list[float]:
        return nlp(note_doc(nlp, text)).spans["proposal_units"].attrs["scores"]

    assert scores(trained) != scores(untrained)  # a no-op save/load would leave them equal
    restored = build_pipeline("ru", classifier=False)
    load_classifier(restored, tiny_model / "ru")
    assert scores(restored) == scores(trained)


def test_a_pipeline_saved_to_disk_gives_the_same_register_elsewhere(
    tiny_model: Path, tmp_path: Path, monkeypatch
) -> None:
    nlp = build_pipeline("en", classifier=tiny_model / "en")
    nlp.to_disk(tmp_path / "pipeline")
    monkeypatch.chdir(tmp_path)
    restored = spacy.load(tmp_path / "pipeline")
    text = "We should think about it. Let us start. Please support the new law on mentorship."
    group = lambda d: list(d.spans["proposal_units"].attrs["scores"])  # noqa: E731
    assert group(restored(note_doc(restored, text))) == group(nlp(note_doc(nlp, text)))


def test_analyze_pipes_shows_what_each_component_needs_and_sets(tiny_model: Path) -> None:
    nlp = build_pipeline("ru", classifier=tiny_model / "ru")
    summary = nlp.analyze_pipes()["summary"]
    assert summary["proposal_classifier"]["requires"]
    assert "doc.spans" in summary["proposal_classifier"]["assigns"]
    assert "doc.spans" in summary["proposal_detector"]["assigns"]


def test_questions_and_marked_items_keep_the_rules_verdict(tiny_model: Path) -> None:
    nlp = build_pipeline("en", classifier=tiny_model / "en")
    asked = nlp(note_doc(nlp, "Should the region fund a design centre?"))
    assert asked.spans["proposal_units"].attrs["scores"][0] <= 0.1
    item = nlp(
        note_doc(nlp, "Studios lack access to finance", section="proposals", block_kind="item")
    )
    assert item.spans["proposal_units"].attrs["scores"][0] >= 0.9


@pytest.mark.parametrize(
    ("texts", "gold", "expected"),
    [
        (["A.", "Create a fund.", "B."], ["Create a fund."], [0, 1, 0]),
        (["Hello.", "Create a fund now."], ["Create a fund now, please"], [0, 1]),
        (["Yes.", "Yes."], ["Yes."], [1, 0]),  # each gold claims one unit
        (
            ["Fine.", "Create a regional design centre in Omsk."],
            ["Create a regional design centre in Omsk and Tomsk."],
            [0, 1],
        ),
    ],
)
def test_gold_texts_label_their_best_unit(texts, gold, expected) -> None:
    assert label_units(texts, gold) == expected


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("sets: []\n", "needs a 'sets' list"),
        ("sets:\n  - {name: a, notes: n, gold: g, role: testing}\n", "role 'testing' of set a"),
        ("sets:\n  - {name: a, notes: n}\n", "each set needs name, notes, gold and role"),
        ("sets: [\n", "broken YAML"),
        (
            "sets:\n  - {name: a, notes: n, gold: g, language: de, role: train}\n",
            "language 'de' of set a; use ru or en",
        ),
    ],
)
def test_a_broken_manifest_is_one_line_with_exit_1(
    tmp_path: Path, runner, manifest, message
) -> None:
    path = tmp_path / "training.yaml"
    path.write_text(manifest, encoding="utf-8")
    result = runner.invoke(cli, ["train", "--data", str(path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert message in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("damage", ["garbage", "missing"])
def test_a_workspace_model_that_is_broken_or_missing_stops_extraction(
    sample_workspace: Path, tiny_model: Path, runner, damage: str
) -> None:
    models = sample_workspace / "models" / "proposals"
    shutil.copytree(tiny_model, models)
    if damage == "garbage":
        (models / "ru" / "model").write_bytes(b"not a model")
    else:
        shutil.rmtree(sample_workspace / "models")
    with (sample_workspace / "forum.yaml").open("a", encoding="utf-8") as handle:
        handle.write("proposal_model: models/proposals\n")
    result = runner.invoke(cli, ["-w", str(sample_workspace), "extract", "-o", "-", "--quiet"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = "cannot be read" if damage == "garbage" else "does not exist"
    assert expected in result.output and "toolkit train" in result.output


def test_a_workspace_model_is_used_by_extraction(sample_workspace: Path, tiny_model: Path) -> None:
    shutil.copytree(tiny_model, sample_workspace / "models" / "proposals")
    with (sample_workspace / "forum.yaml").open("a", encoding="utf-8") as handle:
        handle.write("proposal_model: models/proposals\n")
    from toolkit.profile import load_profile

    profile = load_profile(sample_workspace / "forum.yaml")
    paths = [sample_workspace / "session_notes" / "day-3" / name for name in ONE_PER_LANGUAGE]
    own = extract(paths, profile).proposals
    shipped = extract(
        paths,
        default_profile(),
        pipelines=Pipelines(default_profile(), forum_year=forum_year(profile)),
    ).proposals
    assert [p.score for p in own] != [p.score for p in shipped]


def test_the_shipped_manifest_names_sets_that_exist() -> None:
    for gold_set in read_manifest(DATA / "training.yaml"):
        if gold_set.role == "train":
            assert gold_set.notes.is_dir(), gold_set
            assert gold_set.gold.is_file(), gold_set
            json.loads(gold_set.gold.read_text(encoding="utf-8").splitlines()[0])


def test_a_set_that_names_its_language_trains_on_that_languages_notes_only(
    tmp_path: Path,
) -> None:
    """real/blind2 keeps both languages' notes in one folder and one gold file per language:
    without ``language`` the other language's notes would count as notes without proposals."""
    blind2 = DATA / "real" / "blind2"
    manifest = tmp_path / "training.yaml"
    manifest.write_text(
        f"sets:\n  - {{name: b-en, notes: {blind2 / 'notes'}, "
        f"gold: {blind2 / 'gold_en.jsonl'}, language: en, role: train}}\n",
        encoding="utf-8",
    )
    profile = default_profile()
    (gold_set,) = read_manifest(manifest)
    units = gold_units([gold_set], profile, Pipelines(profile, classifier=False))
    gold = blind2.joinpath("gold_en.jsonl").read_text(encoding="utf-8").splitlines()
    assert {u.language for u in units} == {"en"}
    assert {u.session for u in units} == {json.loads(line)["session"] for line in gold}
    assert sum(u.label for u in units) == len(gold)


def _decide(workbook: Path, decisions: dict[int, str]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book["proposals"]
    column = [c.value for c in sheet[1]].index("decision") + 1
    for row, decision in decisions.items():
        sheet.cell(row, column).value = decision
    book.save(workbook)


@pytest.mark.usefixtures("warm_extraction_cache")
def test_from_review_learns_the_forums_decisions(sample_workspace: Path, runner) -> None:
    # the review's workbook is what is read; one language's documents are enough to draft
    build = ["-w", str(sample_workspace), "build", "--lang", "en"]
    assert runner.invoke(cli, build).exit_code == 0
    workbook = sample_workspace / "outputs" / "review.xlsx"
    _decide(workbook, {2: "accepted", 3: "not a proposal", 4: "rejected", 5: "not a proposal"})
    result = runner.invoke(cli, ["-w", str(sample_workspace), "train", "--from-review"])
    assert result.exit_code == 0, result.output
    assert "trained" in result.output and "proposal_model: models/proposals" in result.output
    model = sample_workspace / "models" / "proposals"
    assert any((model / lang / "model").is_file() for lang in ("ru", "en"))
    with (sample_workspace / "forum.yaml").open("a", encoding="utf-8") as handle:
        handle.write("proposal_model: models/proposals\n")
    # the model extracts (a note per language: its own where trained, the shipped one where
    # not); that extraction follows the workspace's model is test_a_workspace_model_...'s
    notes = [sample_workspace / "session_notes" / "day-3" / name for name in ONE_PER_LANGUAGE]
    command = ["-w", str(sample_workspace), "extract", *map(str, notes), "-o", "-", "--quiet"]
    extracted = runner.invoke(cli, command)
    assert extracted.exit_code == 0, extracted.output
    assert {json.loads(line)["language"] for line in extracted.stdout.splitlines()} == {"ru", "en"}


@pytest.mark.usefixtures("warm_extraction_cache")
def test_from_review_with_nothing_decided_says_so(sample_workspace: Path, runner) -> None:
    build = ["-w", str(sample_workspace), "build", "--lang", "en"]
    assert runner.invoke(cli, build).exit_code == 0
    result = runner.invoke(cli, ["-w", str(sample_workspace), "train", "--from-review"])
    assert result.exit_code == 1
    assert "review.xlsx" in result.output and "decide some rows" in result.output
    assert not (sample_workspace / "models").exists()


def test_from_review_without_a_workbook_is_one_line(sample_workspace: Path, runner) -> None:
    result = runner.invoke(cli, ["-w", str(sample_workspace), "train", "--from-review"])
    assert result.exit_code == 1
    assert "review.xlsx" in result.output and "Traceback" not in result.output


def verb_forms(token: Token) -> list[str]:
    morph = token.morph
    forms = ["imp"] * ("Imp" in morph.get("Mood")) + ["inf"] * ("Inf" in morph.get("VerbForm"))
    if morph.get("Tense"):
        person, number = "".join(morph.get("Person")), "".join(morph.get("Number"))
        forms.append(morph.get("Tense")[0] + person + number)
    return forms


def ending(unit: Span) -> str:
    last = unit[-1].text if len(unit) else ""
    return last if last in {"?", "!", ".", "…", ":", ";"} else "word"


def reference_features(doc: Doc) -> list[list[int]]:
    """The classifier's features spelt out token by token, as docs/training.md lists them."""
    group = doc.spans["proposal_units"]
    units = list(group)
    cues = list(doc.spans.get(CUES_KEY, []))
    featurised = []
    for i, (unit, score, reasons) in enumerate(
        zip(units, group.attrs["rule_scores"], group.attrs["reasons"], strict=True)
    ):
        rule = str(min(int(score * 10), 9))
        words = [t for t in unit if not (t.is_punct or t.is_space)]
        leading = [t for t in unit if t.is_alpha][:3]
        features = ["bias", f"end={ending(unit)}", f"len={min(len(words) // 5, 8)}"]
        features += ["has_question_mark"] * any(t.text == "?" for t in unit)
        features += [f"m={form}" for t in unit for form in verb_forms(t)]
        features += [f"m{n}={form}" for n, t in enumerate(leading) for form in verb_forms(t)]
        features += [f"rule={rule}"]
        features += [f"reason={r}{tail}" for r in reasons for tail in ("", f"|rule={rule}")]
        for cue in cues:
            if unit.start <= cue.start and cue.end <= unit.end:
                word = (cue[0].lemma_ or cue[0].lower_).lower()
                features += [f"cue={cue.label_}", f"cue={cue.label_}:{word}"]
        place = ["first", "middle", "last"][(i > 0) + (i == len(units) - 1)]
        previous = units[i - 1] if i else None
        into_turn, answers = doc._.toolkit_turn
        features += [
            f"section={doc._.toolkit_section}",
            f"kind={doc._.toolkit_block_kind}",
            f"turn_index={min(into_turn, 3)}",
            f"prevq={answers}|ti={min(into_turn, 1)}",
            f"place={'only' if len(units) == 1 else place}",
            f"pos={min(i, 4)}",
            f"block_n={min(len(units) // 3, 5)}",
            f"prev_end={ending(previous) if previous else 'none'}",
            "prev_rule="
            + (str(min(int(group.attrs["rule_scores"][i - 1] * 10), 9)) if i else "none"),
        ]
        featurised.append(sorted(get_string_id(f) for f in features))
    return featurised


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_features_and_scores_of_the_sample_notes_match_a_unit_by_unit_computation(
    sample_root: Path, lang: str
) -> None:
    """The fast featuriser and the batched scoring change nothing the shipped weights see."""
    nlp = build_pipeline(lang)
    classifier = nlp.get_pipe("proposal_classifier")
    profile = default_profile()
    docs = []
    for note in iter_notes(find_note_files([sample_root / "session_notes"]), profile):
        blocks = [block for block in note.blocks if block.kind != "heading"]
        for block, turn in zip(blocks, turn_places(blocks), strict=True):
            if note.language == lang:
                doc = note_doc(nlp, block.text, section=block.role, block_kind=block.kind)
                doc._.toolkit_turn = turn
                docs.append(doc)
    assert any(doc._.toolkit_turn[1] for doc in docs)  # some blocks answer a question
    docs = list(nlp.pipe(docs, batch_size=64))
    units = 0
    for doc, batched in zip(docs, classifier.predict(docs), strict=True):
        expected = reference_features(doc)
        assert ProposalClassifier.features(doc) == expected, doc.text
        assert batched == [classifier.model.predict([keys])[0, 0] for keys in expected]
        units += len(expected)
    assert units > 100


def test_from_review_with_a_broken_note_names_it(sample_workspace: Path, runner) -> None:
    note = sample_workspace / "session_notes" / "day-1" / "plenary-values.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("format: ", "format: webinar-", 1), encoding="utf-8")
    line = text[: text.index("format: ")].count("\n") + 1
    result = runner.invoke(cli, ["-w", str(sample_workspace), "train", "--from-review"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"{note}:{line}: unknown format 'webinar-")
    assert result.output.splitlines()[-1] == "fix the notes, then train"
    assert not (sample_workspace / "models").exists()


def test_turn_places_follow_speakers_and_questions(tmp_path: Path) -> None:
    """Each block knows how far into its speaker's turn it is and whether it answers a question."""
    note = tmp_path / "turns.md"
    note.write_text(
        "---\nid: turns\ntitle: Turns\nformat: panel\ndate: 2025-03-01\ntrack: strategy\n"
        "language: en\nspeakers:\n  - name: Anna Lee\n  - name: Boris Kim\n---\n\n"
        "**Anna Lee:** Welcome. What do you propose?\n\n"
        "**Boris Kim:** A regional fund.\n\nIt should cover small towns.\n\n"
        "**Anna Lee:** Thank you. Next?\n\nOr anything else?\n",
        encoding="utf-8",
    )
    (parsed,) = iter_notes([note], default_profile())
    blocks = [block for block in parsed.blocks if block.kind != "heading"]
    assert [block.speaker for block in blocks] == ["Anna Lee", "Boris Kim", "Boris Kim"] + [
        "Anna Lee"
    ] * 2
    assert turn_places(blocks) == [(0, False), (0, True), (1, False), (0, False), (1, True)]
