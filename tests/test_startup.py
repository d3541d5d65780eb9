"""What `toolkit extract` does before it reads a note: imports, pipelines, the notes' files.

The speed itself is measured by ``make bench`` (cold start section); these tests check that
each shortcut gives what the long way gives and that nothing unused is imported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import spacy_cli, textio

#: Modules `toolkit extract` has no use for: spaCy's command line and what it imports, the
#: workbook and Word libraries (extract writes neither), the other commands' modules.
UNUSED_BY_EXTRACT = (
    "spacy.cli",
    "typer",
    "weasel",
    "requests",
    "httpx",
    "rich",
    "openpyxl",
    "docx",
    "docxtpl",
    "jinja2",
    *(f"toolkit.commands.{name}" for name in ("build", "draft", "evaluate", "notes", "review")),
    *(f"toolkit.commands.{name}" for name in ("train", "workspace")),
)

EXTRACT_PROBE = """\
import json, pathlib, sys
import toolkit.extract as extract
from toolkit.cli import cli

def unused():
    return sorted(m for m in sys.modules if m.split(".")[0] in {roots!r} or m in {names!r})

def extract_sessions(*args, **options):  # where the notes are extracted (a child, here)
    yield from real(*args, **options)
    pathlib.Path("extracting.json").write_text(json.dumps([unused(), "spacy" in sys.modules]))

real, extract.extract_sessions = extract.extract_sessions, extract_sessions
try:
    cli({args!r}, prog_name="toolkit")
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
print(unused())
print(json.loads(pathlib.Path("extracting.json").read_text()))
"""


def test_extract_imports_nothing_it_does_not_use(sample_workspace: Path) -> None:
    """The sample's first day (five sessions, both languages: every pipeline) is extracted."""
    for day in ("day-2", "day-3"):
        shutil.rmtree(sample_workspace / "session_notes" / day)
    roots = {name for name in UNUSED_BY_EXTRACT if "." not in name}
    args = ["-w", str(sample_workspace), "extract", "--quiet", "--no-cache", "-o", "r.jsonl"]
    probe = EXTRACT_PROBE.format(args=args, roots=roots, names=set(UNUSED_BY_EXTRACT))
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=sample_workspace,
    )
    assert result.returncode == 0, result.stderr
    # neither this process nor the one extracting (spaCy imported) loads them
    assert result.stdout.splitlines()[-2:] == ["[]", "[[], True]"]
    assert (sample_workspace / "r.jsonl").read_text(encoding="utf-8").count('"id": "P-') > 50


SPACY_PROBE = """\
import sys
import toolkit
import spacy
print("spacy.cli.info" in sys.modules, "typer" in sys.modules)
print(sorted(spacy.info(silent=True)))
import spacy.cli
print(hasattr(spacy.cli, "app"), type(sys.modules["spacy.cli.info"]).__name__)
"""


def test_spacy_imported_after_the_toolkit_still_has_its_command_line_on_demand() -> None:
    """No stand-in is left once spaCy is imported; ``spacy.info`` and ``spacy.cli`` work.

    Fails if a spaCy release stops importing ``spacy.cli.info`` for ``info`` (then the
    stand-in would linger unused: drop :mod:`toolkit.spacy_cli`)."""
    result = subprocess.run(
        [sys.executable, "-c", SPACY_PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "False False"
    assert "spacy_version" in lines[1]
    assert lines[2] == "True module"


def test_the_stand_in_gives_the_real_module_for_anything_but_info(monkeypatch) -> None:
    """Asked for ``info`` it is used up; asked for anything else it imports the module it
    stands for (tried on a small standard module, as importing spaCy's twice would not do)."""
    stand_in = spacy_cli._CliInfoStandIn(spacy_cli.CLI_INFO)
    monkeypatch.setitem(sys.modules, spacy_cli.CLI_INFO, stand_in)
    assert stand_in.info is spacy_cli.info
    assert spacy_cli.CLI_INFO not in sys.modules
    stand_in = spacy_cli._CliInfoStandIn("colorsys")
    monkeypatch.setitem(sys.modules, "colorsys", stand_in)
    with pytest.raises(AttributeError):
        stand_in.__path__  # noqa: B018  (the import system must not take it for a package)
    assert sys.modules["colorsys"] is stand_in
    assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert sys.modules["colorsys"] is not stand_in
    assert stand_in.hsv_to_rgb is sys.modules["colorsys"].hsv_to_rgb


def test_a_small_forum_in_two_languages_builds_one_pipeline_here(sample_root: Path) -> None:
    """The Russian notes (the most) are extracted here, the English ones in a worker: this
    process never builds the English pipeline, and the register is the one-process one."""
    from toolkit.extract import Pipelines, extract, forum_year
    from toolkit.notes import find_note_files
    from toolkit.profile import load_profile

    profile = load_profile(sample_root / "forum.yaml")
    paths = find_note_files([sample_root / "session_notes"])
    apart = Pipelines(profile, forum_year=forum_year(profile))
    together = Pipelines(profile, forum_year=forum_year(profile))
    registers = [
        extract(paths, profile, pipelines=apart, jobs=2).proposals,
        extract(paths, profile, pipelines=together, jobs=1).proposals,
    ]
    assert set(apart._built) == {"ru"}
    assert set(together._built) == {"ru", "en"}
    assert {p.language for p in registers[0]} == {"ru", "en"}
    assert registers[0] == registers[1]


def test_control_characters_are_found_as_one_by_one() -> None:
    """The regular expressions find exactly the characters the definitions name."""
    for code in range(0x10000):
        char = chr(code)
        assert textio.has_control(f"a{char}b") == (code in textio._CONTROL), hex(code)
        binary = code < 32 and char not in "\t\n\r\x0b\x0c"
        assert textio._looks_binary(char * 9) == binary, hex(code)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pattern_lemma_keys_match_what_spacys_lemma_docs_match(
    lang: str, sample_root: Path
) -> None:
    """Every shipped pattern added to a lemma ``PhraseMatcher`` as its lemmas' hashes
    (:func:`lemma_keys`) matches where spaCy's ``Doc(words, lemmas)`` of it matches, on every
    block of the sample notes."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from toolkit.nlp import build_pipeline, classify, route
    from toolkit.nlp.known_lemmas import known_lemmas
    from toolkit.nlp.patterns import lemma_keys
    from toolkit.notes import iter_notes
    from toolkit.profile import default_profile

    nlp = build_pipeline(lang, classifier=False)
    profile = default_profile()
    phrases = [
        p["pattern"]
        for p in classify.profile_patterns(profile, lang) + route.routing_patterns(profile, lang)
    ]
    table = known_lemmas(lang)
    lemmas = [table[p] for p in phrases if table.get(p)]
    assert len(lemmas) > 1000
    by_keys = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_docs = PhraseMatcher(nlp.vocab, attr="LEMMA")
    for number, words in enumerate(lemmas):
        by_keys.add(str(number), [lemma_keys(nlp, words)])
        by_docs.add(str(number), [Doc(nlp.vocab, words=words, lemmas=words)])
    notes = iter_notes(sorted((sample_root / "session_notes").rglob("*.md")), profile)
    texts = [b.text for note in notes if note.language == lang for b in note.blocks]
    found = 0
    for doc in nlp.pipe(texts):
        matches = by_keys(doc)
        assert matches == by_docs(doc), doc.text
        found += len(matches)
    assert found > 100


AFFIX_PROBES = [
    "«Привет»,",
    "т.е.",
    "(2024)",
    "слово-слово",
    "...",
    "10%",
    "a/b",
    "U.S.-based",
    "don't",
    "$5.00!",
    "https://example.org/x?y=1",
    "—",
    "3–5",
]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_blank_tokenizer_is_the_one_spacy_builds(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The toolkit builds spaCy's tokenizer itself (its affix expressions from the cache):
    the same expressions, flags, special cases and matches as ``spacy.Tokenizer.v1``'s, on a
    cold cache and a warm one. A spaCy release that builds its tokenizer otherwise fails here."""
    import spacy

    from toolkit.nlp.affixes import affix_tokenizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stock = spacy.blank(lang).tokenizer
    for _ in ("cold", "warm"):
        ours = affix_tokenizer(spacy.blank(lang))
        for attr in ("prefix_search", "suffix_search", "infix_finditer"):
            mine, theirs = getattr(ours, attr).__self__, getattr(stock, attr).__self__
            assert (mine.pattern, mine.flags, mine.groups, mine.groupindex) == (
                theirs.pattern,
                theirs.flags,
                theirs.groups,
                theirs.groupindex,
            )
            for text in AFFIX_PROBES:
                found = getattr(ours, attr)(text)
                expected = getattr(stock, attr)(text)
                if attr == "infix_finditer":
                    assert [m.span() for m in found] == [m.span() for m in expected], text
                else:
                    assert (found and found.span()) == (expected and expected.span()), text
        assert ours.rules == stock.rules
        assert (ours.token_match, ours.url_match) == (stock.token_match, stock.url_match)
        assert [t.text for t in ours(" ".join(AFFIX_PROBES))] == [
            t.text for t in stock(" ".join(AFFIX_PROBES))
        ]
    assert len(list((tmp_path / "proposal-toolkit" / "regex").glob("*.json"))) == 3


def test_compiled_expressions_are_kept_and_a_damaged_file_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from toolkit.nlp import affixes

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "proposal-toolkit" / "regex"
    pattern = r"(?P<word>[А-Яа-яЁё]+)-(?:\d{2,4}|[«»]+)$"
    first = affixes.compiled(pattern)
    (written,) = folder.glob("*.json")
    assert first.pattern == pattern and first.groupindex == {"word": 1}

    real_parts = affixes._parts
    monkeypatch.setattr(affixes, "_parts", lambda *a: pytest.fail("compiled again"))
    hit = affixes.compiled(pattern)  # read from the file, not compiled
    assert hit.match("Красноярск-2024").group("word") == "Красноярск"
    assert hit.match("Красноярск-1") is None
    monkeypatch.setattr(affixes, "_parts", real_parts)

    changed = affixes.compiled(pattern + "|x")  # another expression: another file
    assert changed.match("x") and len(list(folder.glob("*.json"))) == 2

    good = written.read_text(encoding="utf-8")
    damaged = good.replace('"code": [', '"code": [9999, ', 1)
    for broken in ("{cut short", "[]", '{"flags": 32}', damaged, ""):
        written.write_text(broken, encoding="utf-8")
        again = affixes.compiled(pattern)  # no exception: compiled the usual way
        assert (again.pattern, again.groupindex) == (pattern, {"word": 1})
        assert again.match("Омск-»»") and not again.match("Омск-x")
        assert written.read_text(encoding="utf-8") == good, "written again"
    assert affixes.compiled(pattern, re.IGNORECASE).match("омск-99")

    (tmp_path / "proposal-toolkit").rename(tmp_path / "elsewhere")
    (tmp_path / "proposal-toolkit").write_text("a file where the folder should be")
    assert affixes.compiled(pattern).match("Омск-2024"), "an unwritable cache costs time only"


@pytest.mark.parametrize("missing", ["compiler layout", "Python 3.10"])
def test_without_pythons_compiler_expressions_are_compiled_the_usual_way(
    missing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from toolkit.nlp import affixes

    def broken(*args: object) -> None:
        raise AttributeError("no _code in this Python's re._compiler")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if missing == "Python 3.10":
        monkeypatch.setattr(affixes, "_sre", None)
    else:
        monkeypatch.setattr(affixes, "_parts", broken)
    pattern = r"(?P<word>[А-Яа-яЁё]+)-(?:\d{2,4}|[«»]+)$"
    found = affixes.compiled(pattern, re.IGNORECASE)
    usual = re.compile(pattern, re.IGNORECASE)
    assert (found.pattern, found.flags, found.groupindex) == (
        usual.pattern,
        usual.flags,
        usual.groupindex,
    )
    assert found.match("омск-2024").group("word") == "омск"
    assert not (tmp_path / "proposal-toolkit" / "regex").exists(), "nothing kept"


# ------------------------------------------------- what is done once: a worker, the run's end


PREPARED_PROBE = """\
import spacy.pipeline.factories as factories, spacy.registrations as registrations
from toolkit.nlp import build_pipeline, prepare_spacy
assert not registrations.REGISTRY_POPULATED and not factories.FACTORIES_REGISTERED
prepare_spacy()
assert registrations.REGISTRY_POPULATED and factories.FACTORIES_REGISTERED
def again():
    raise AssertionError("done twice")
registrations.populate_registry = again
print(build_pipeline("en", classifier=False).pipe_names[-1])
"""


def test_a_worker_forked_after_prepare_spacy_builds_without_setting_spacy_up_again() -> None:
    """What a process's first pipeline sets up in spaCy (registries, built-in factories) is
    done by :func:`~toolkit.nlp.prepare_spacy`, before the language worker forks."""
    result = subprocess.run(
        [sys.executable, "-c", PREPARED_PROBE], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["planning_router"]


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (["--version"], 0, "toolkit, version"),
        (["extract"], 1, "session_notes: no such notes folder; create it"),
    ],
    ids=["a run that ends well", "an error: one line, exit status 1"],
)
def test_the_entry_point_freezes_the_collector_at_the_end(
    tmp_path: Path, monkeypatch, capsys, args: list[str], status: int, said: str
) -> None:
    """What the run made is left to the process's end, not walked by a last collection;
    the exit status and the one-line error are what they were."""
    import gc

    from toolkit.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["toolkit", *args])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert (ended.value.code or 0) == status
    out = capsys.readouterr()
    lines = (out.out + out.err).strip().splitlines()
    assert len(lines) == 1 and said in lines[0]


def test_grouped_entry_points_select_what_catalogue_selects(monkeypatch) -> None:
    """catalogue's look-ups of a group give the very entry points its snapshot gives, each
    group's selected once; other selections and attributes are the snapshot's."""
    import catalogue

    from toolkit.nlp import _GroupedEntryPoints, group_entry_points

    snapshot = catalogue.AVAILABLE_ENTRY_POINTS
    if isinstance(snapshot, _GroupedEntryPoints):  # a pipeline was built in this process
        snapshot = snapshot.points
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", snapshot)
    group_entry_points()
    grouped = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(grouped, _GroupedEntryPoints) and grouped.points is snapshot
    group_entry_points()  # once: not grouped again
    assert catalogue.AVAILABLE_ENTRY_POINTS is grouped
    groups = ["spacy_factories", "spacy_languages", "spacy_architectures", "no_such_group"]
    groups += sorted(snapshot.groups)
    for group in groups:
        assert list(grouped.select(group=group)) == list(snapshot.select(group=group)), group
        assert grouped.select(group=group) is grouped.select(group=group)
    some = next((p for g in sorted(snapshot.groups) for p in snapshot.select(group=g)), None)
    if some is not None:
        wanted = {"group": some.group, "name": some.name}
        assert list(grouped.select(**wanted)) == list(snapshot.select(**wanted))
    assert grouped.groups == snapshot.groups
    registry = catalogue.create("toolkit_test_grouped", entry_points=True)
    assert registry.get_entry_points() == {}


def test_the_russian_dictionary_is_the_one_pymorphy3_finds(monkeypatch) -> None:
    """pymorphy3's analyser gets its dictionary named, the one it finds itself through the
    entry points; where its environment variable names one, pymorphy3 is left to read it."""
    import pymorphy3

    from toolkit.notes import names

    variable = pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE
    monkeypatch.delenv(variable, raising=False)
    found = pymorphy3.MorphAnalyzer.choose_dictionary_path(lang="ru")
    assert names._dictionary_path(variable) == found
    assert names.morph().lang == "ru"
    assert str(names.morph().parse("стали")[0].normal_form) == "стать"
    monkeypatch.setenv(variable, found)
    assert names._dictionary_path(variable) is None
