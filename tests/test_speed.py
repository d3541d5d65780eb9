"""The shortcuts taken for speed give exactly what the slow, plain ways give."""

from __future__ import annotations

import functools
import itertools
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit import yamlio
from toolkit.yamlio import LineDict, load_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_YAML = sorted(Path(str(resources.files("toolkit") / "data")).rglob("*.yaml"))
NOTES = [
    path
    for path in sorted((ROOT / "session_notes").rglob("*.md")) + sorted(DATA.rglob("*.md"))
    if path.read_text(encoding="utf-8").startswith("---\n")
]


def _front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---", 1)[0].removeprefix("---\n")


def _shape(value: Any) -> Any:
    """The value with every mapping's own line and its keys' lines, for comparing loaders."""
    if isinstance(value, LineDict):
        items = {key: (value.line_of(key), _shape(item)) for key, item in value.items()}
        return ("mapping", value.line, items)
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in SHIPPED_YAML] + [_front_matter(p) for p in NOTES],
    ids=[p.name for p in SHIPPED_YAML] + [p.name for p in NOTES],
)
def test_c_loader_gives_the_values_and_lines_of_the_python_loader(text: str) -> None:
    slow = yaml.load(text, Loader=yamlio._LineLoader)  # the pure-Python parser
    assert _shape(load_yaml(text)) == _shape(slow)


def test_a_data_file_parsed_once_is_read_back_as_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every shipped YAML file and the sample's forum.yaml (dates): what the user's cache keeps
    is read back with the parser's values and lines, without parsing again; a damaged kept
    file, or one naming a class a parse never holds, is parsed again and written anew."""
    import pickle

    from toolkit.yamlio import read_data_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = tmp_path / "proposal-toolkit" / "yaml"
    files = [*SHIPPED_YAML, ROOT / "forum.yaml"]
    parsed = {path: _shape(load_yaml(path.read_text(encoding="utf-8"))) for path in files}
    assert [_shape(read_data_file(path, "data file")) for path in files] == list(parsed.values())
    assert len(list(kept.glob("*.pickle"))) == len({p.read_bytes() for p in files})

    def no_parse(text: str) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patched:
        patched.setattr(yamlio, "load_yaml", no_parse)
        assert [_shape(read_data_file(p, "data file")) for p in files] == list(parsed.values())
    for number, path in enumerate(sorted(kept.glob("*.pickle"))):
        foreign = pickle.dumps(Path("x"))  # a class no parse holds: refused, not loaded
        path.write_bytes(b"damaged" if number % 2 else foreign)
    assert [_shape(read_data_file(path, "data file")) for path in files] == list(parsed.values())
    with monkeypatch.context() as patched:
        patched.setattr(yamlio, "load_yaml", no_parse)
        assert [_shape(read_data_file(p, "data file")) for p in files] == list(parsed.values())


def test_a_data_file_is_parsed_when_the_cache_cannot_keep_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be written (here a file stands where it would be) costs a
    parse each run, never an error; a YAML error is still the one-line error naming the line."""
    from toolkit.errors import ProfileError
    from toolkit.yamlio import read_data_file

    (tmp_path / "proposal-toolkit").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = ROOT / "forum.yaml"
    expected = _shape(load_yaml(path.read_text(encoding="utf-8")))
    assert _shape(read_data_file(path, "data file")) == expected
    assert _shape(read_data_file(path, "data file")) == expected
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\nb: [1, 2\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"broken\.yaml:\d+: invalid YAML"):
        read_data_file(broken, "data file")


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2\nc: 3\n",
        "a: 1\n  b: 2\n",
        "key: 'open\n",
        "a:\n\t- x\n",
        "? [1, 2]\n: x\n",
        "when: 2024-13-45\n",
    ],
)
def test_a_broken_document_fails_as_with_the_python_loader(text: str) -> None:
    try:
        expected: Any = _shape(yaml.load(text, Loader=yamlio._LineLoader))
    except yaml.YAMLError as exc:
        expected = yamlio.yaml_error_line(exc)
    try:
        found: Any = _shape(load_yaml(text))
    except yaml.YAMLError as exc:
        found = yamlio.yaml_error_line(exc)
    assert found == expected


def test_shipped_pattern_lemmas_are_fresh() -> None:
    """The table is what ``python tools/pattern_lemmas.py`` computes now; rerun it if not."""
    from toolkit.nlp.known_lemmas import TABLE, known_lemmas
    from tools.pattern_lemmas import compute_table, table_text

    stale = TABLE.read_text(encoding="utf-8") != table_text(compute_table())
    assert not stale, f"{TABLE} is stale: run python tools/pattern_lemmas.py and commit it"
    assert known_lemmas("ru")["ценность жизни"] == ["ценность", "жизнь"]


def _cues(doc) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.label_) for c in doc.spans["cues"]]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pipelines_match_the_same_with_and_without_the_table(monkeypatch, lang: str) -> None:
    """The profile's patterns and the cues found in the sample notes are the same when every
    phrase is lemmatised at start-up."""
    from toolkit.nlp import build_pipeline, known_lemmas

    with_table = build_pipeline(lang, classifier=False)
    monkeypatch.setattr(known_lemmas, "known_lemmas", lambda lang: {})
    without = build_pipeline(lang, classifier=False)
    for name in ("profile_matcher", "planning_router"):
        assert with_table.get_pipe(name).patterns == without.get_pipe(name).patterns
    texts = _note_texts(lang)
    found = [[_cues(nlp(text)) for text in texts] for nlp in (with_table, without)]
    assert sum(map(len, found[0])) > 100
    assert found[0] == found[1]


@pytest.mark.parametrize("pool_from", [2, 50], ids=["sessions over a pool", "a language apart"])
def test_extraction_in_worker_processes_writes_the_same_register(
    runner, sample_workspace: Path, monkeypatch, pool_from: int, warm_extraction_cache: Path
) -> None:
    """Sessions over a pool of two (from ``pool_from`` sessions on), or the English sessions
    in a worker while the Russian ones are extracted here, grouped afterwards: the same file
    and the same messages as in one process. The sample's first day (five sessions, both
    languages) is the workspace: every path, a third of the time. The run in one process
    takes its notes from the sample's extraction cache (``toolkit extract`` in one process
    filled it); the run in workers extracts every note (``--no-cache``: from a cache, no
    worker starts)."""
    from toolkit import extract
    from toolkit.cli import cli

    monkeypatch.setattr(extract, "POOL_MIN_SESSIONS", pool_from)

    notes = sample_workspace / "session_notes"
    for day in ("day-2", "day-3"):
        shutil.rmtree(notes / day)
    first = sorted(notes.rglob("*.md"))[0]
    (notes / "copy.md").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (notes / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        target = sample_workspace / f"r{jobs}.jsonl"
        command = ["--workspace", str(sample_workspace), "extract", "-o", str(target)]
        uncached = ["--no-cache"] if jobs == "2" else []
        result = runner.invoke(cli, [*command, "--jobs", jobs, *uncached])
        assert result.exit_code == 1, result.output
        outputs[jobs] = (result.output.replace(target.name, ""), target.read_bytes())
    assert outputs["1"] == outputs["2"]
    assert "broken.md:3: invalid YAML" in outputs["2"][0]
    assert "is already used by" in outputs["2"][0]
    assert outputs["2"][1].count(b'"id": "P-') > 50


@pytest.mark.parametrize(
    "text",
    [
        "пять",
        "Пять",
        "-пять",
        "+ПЯТЬ%",
        "двадцатью",
        "1,5",
        "3/4",
        "x/4",
        "слово",
        "",
        "%",
        "½",
        "xiv",
    ],
)
def test_russian_like_num_is_spacys(text: str) -> None:
    from spacy.lang.ru import lex_attrs

    from toolkit.nlp.lexemes import russian_like_num

    assert russian_like_num()(text) == lex_attrs.like_num(text)


def test_every_russian_number_word_still_looks_like_a_number() -> None:
    from spacy.lang.ru import lex_attrs

    from toolkit.nlp.lexemes import russian_like_num

    assert all(russian_like_num()(word) for word in lex_attrs._num_words)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_cached_lemmas_are_the_analysers_on_every_pass(lang: str) -> None:
    """First pass fills the caches, the second reads them: the same lemmas, POS, morphology."""
    from spacy.attrs import LEMMA, MORPH, POS

    from toolkit.nlp import build_pipeline
    from toolkit.nlp.morphology import best_parse, english_lemmas
    from toolkit.notes import iter_notes
    from toolkit.profile import default_profile

    nlp = build_pipeline(lang, classifier=False)
    notes = iter_notes(sorted((ROOT / "session_notes").rglob("*.md")), default_profile())
    texts = [b.text for note in notes if note.language == lang for b in note.blocks]
    first = [nlp(text) for text in texts]
    again = [nlp(text) for text in texts]
    for one, two in zip(first, again, strict=True):
        assert (one.to_array([LEMMA, POS, MORPH]) == two.to_array([LEMMA, POS, MORPH])).all()
    words = [t for doc in first for t in doc if t.is_alpha]
    for token in words:
        if lang == "ru" and not token.text.isascii():
            expected = best_parse(token.lower_).normal_form.replace("ё", "е")
        else:
            table = english_lemmas() if lang == "en" else {}
            expected = (table.get(token.text) or table.get(token.lower_) or token.lower_).lower()
        assert token.lemma_ == expected, token.text
    assert len(words) > 1000


@pytest.mark.parametrize(
    ("requested", "sessions", "expected"),
    [
        (None, 16, "two"),
        (None, 49, "two"),
        (None, 50, "cores"),
        (4, 2, 2),
        (2, 100, 2),
        (1, 500, 1),
    ],
)
def test_small_forums_take_a_process_per_language_at_most(
    requested: int | None, sessions: int, expected: int | str
) -> None:
    from toolkit.extract import extraction_jobs
    from toolkit.pool import default_jobs

    cores = default_jobs()
    wanted = {"cores": cores, "two": min(2, cores)}.get(expected, expected)
    assert extraction_jobs(requested, sessions) == wanted


# ---------------------------------------------------------------- the cached tokenizer

#: Strings spaCy's affix rules and special cases treat specially, in both languages.
TRICKY_TEXTS = [
    "",
    " ",
    "  a  b\n\nc \t d ",
    "\n",
    " start",
    "end ",
    "end  ",
    "x\xa0y",
    "a\u2009b\u3000c",
    "в т.ч. школы и т.д.",
    "(в т.ч.)",
    "т.е. так, напр., д-р биол. наук Иванов",
    "гл. науч. сотр. и зав. кафедрой",
    "don't (e.g.) U.S.A. 3.5% $10 can't Mr. Smith's",
    "cannot gonna won't y'all",
    "«Привет» — сказал он… «Да»!",
    '"Quoted," she said — and left...',
    "http://ex.com/a?b=1 и www.site.ru/путь email@x.ru",
    "😀 ok!!! ... 👍🏽",
    "2024–2030 гг., 1,5 млн руб., 12:30, №5, 50%-й рост",
    "северо-западный, из-за, кое-кто, web-сайт",
    "IT-кластер; SMM/PR — 3D-печать",
    "Н. В. Гоголь и А.С. Пушкин",
    "Ч.1 ст. 15 ФЗ-131",
    "co-op e-mail state-of-the-art",
    "(1) [2] {3} <4>",
    "- пункт\n- ещё пункт\r\n* третий",
    "word\u00adsoft hyphen",
    "Mr. Smith, USA. aB. A. St. No. vs. etc., Dr.? Jan.: i.e.; ok! Ok? OK.",
    "слово. Слово, г. тыс. руб.: ок! т.е.; ул.? Им. СССР. аБ.",
    "Σοφία. naïve, Straße; ĳssel. ǅemal! ﬁne.",
]


def _tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


def _note_texts(lang: str) -> list[str]:
    """Every block of the sample and dev notes in ``lang`` (a new list each call)."""
    return [text for language, text in _all_note_texts() if language == lang]


@functools.cache
def _all_note_texts() -> tuple[tuple[str, str], ...]:
    """The sample and dev notes parsed once per process: some twenty tests read them."""
    from toolkit.notes import iter_notes
    from toolkit.profile import default_profile

    paths = sorted((ROOT / "session_notes").rglob("*.md")) + sorted((DATA / "dev").rglob("*.md"))
    notes = iter_notes(paths, default_profile())
    return tuple((note.language, b.text) for note in notes if note.ok for b in note.blocks)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_cached_tokenizer_gives_spacys_tokens(lang: str) -> None:
    """Each tricky string alone, all of them in one text, and every block of the sample and
    dev notes: the same tokens and spaces as spaCy's tokenizer, learning and from the cache."""
    import spacy

    from toolkit.nlp.tokenizer import CachedTokenizer

    stock = spacy.blank(lang).tokenizer
    cached = CachedTokenizer(spacy.blank(lang).tokenizer)
    texts = [*TRICKY_TEXTS, " ".join(TRICKY_TEXTS), "\n".join(TRICKY_TEXTS), *_note_texts(lang)]
    assert len(texts) > 200
    for _ in range(2):  # the second pass reads every run from the cache
        for text in texts:
            doc = cached(text)
            assert _tokens(doc) == _tokens(stock(text)), text
            assert doc.text == text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_full_cache_still_gives_spacys_tokens(lang: str) -> None:
    """A cache too small for the text's runs (it fills while a doc's runs are learnt, then
    holds none of the later ones): the same tokens and spaces as spaCy's tokenizer, the same
    arrays as the doc holds, and the cache never grows past its size."""
    import spacy
    from spacy.attrs import LOWER, ORTH

    from toolkit.nlp.arrays import token_arrays
    from toolkit.nlp.tokenizer import CachedTokenizer

    stock = spacy.blank(lang).tokenizer
    cached = CachedTokenizer(spacy.blank(lang).tokenizer, cache_size=50)
    texts = [*TRICKY_TEXTS, " ".join(TRICKY_TEXTS), *_note_texts(lang)[:80]]
    for _ in range(2):
        for text in texts:
            doc = cached(text)
            assert _tokens(doc) == _tokens(stock(text)), text
            assert len(cached._runs) <= 50
            arrays = token_arrays(doc)
            assert [list(arrays.orth), list(arrays.lower)] == doc.to_array([ORTH, LOWER]).T.tolist()
    assert len(cached._runs) == 50


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_word_of_letters_is_one_token_for_spacy(lang: str) -> None:
    """What the cached tokenizer relies on for a new word of letters: no affix rule splits it."""
    import spacy

    from toolkit.notes.names import morph

    tokenizer = spacy.blank(lang).tokenizer
    if lang == "ru":
        words = list(itertools.islice(morph().dictionary.words.iterkeys(), 0, 400_000, 200))
    else:
        from toolkit.nlp.morphology import english_lemmas

        words = sorted(english_lemmas())[::20]
    words = [w for w in words if w.isalpha()]
    words += [w.capitalize() for w in words] + [w.upper() for w in words[::10]]
    words = [w for w in words if w not in tokenizer.rules]
    assert len(words) > 2000
    assert [w for w in words if len(tokenizer(w)) != 1] == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_word_and_a_mark_are_the_tokens_spacy_gives(lang: str) -> None:
    """What the cached tokenizer works out itself for a new word followed by a comma, full
    stop, colon …: spaCy's tokens, on thousands of dictionary forms in three casings."""
    import spacy

    from toolkit.nlp.tokenizer import _MARKS, CachedTokenizer
    from toolkit.notes.names import morph

    stock = spacy.blank(lang).tokenizer
    cached = CachedTokenizer(spacy.blank(lang).tokenizer)
    if lang == "ru":
        words = list(itertools.islice(morph().dictionary.words.iterkeys(), 0, 400_000, 400))
    else:
        from toolkit.nlp.morphology import english_lemmas

        words = sorted(english_lemmas())[::40]
    words = [w for w in words if w.isalpha()]
    words += [w.capitalize() for w in words[::2]] + [w.upper() for w in words[::5]]
    words += ["A", "B", "Я", "a", "aB", "USA", "Mr", "Dr", "etc", "vs", "г", "тыс", "ул", "ǅ"]
    runs = [word + mark for word in words for mark in sorted(_MARKS)]
    assert len(runs) > 10_000
    split = [run for run in runs if cached._word_and_mark(run)]
    assert len(split) > len(runs) * 0.9
    assert [r for r in split if [t.text for t in stock(r)] != [r[:-1], r[-1]]] == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_number_and_a_number_with_a_mark_are_the_tokens_spacy_gives(lang: str) -> None:
    """What the cached tokenizer works out itself for a new run of ASCII digits (a year, a
    count), alone or with a comma, full stop …: spaCy's tokens, on thousands of numbers."""
    import random

    import spacy

    from toolkit.nlp.tokenizer import _MARKS, CachedTokenizer, _is_number

    stock = spacy.blank(lang).tokenizer
    cached = CachedTokenizer(spacy.blank(lang).tokenizer)
    rng = random.Random(15)
    numbers = [str(i) for i in range(0, 2100, 3)] + ["0" * k for k in range(1, 8)]
    numbers += [str(rng.getrandbits(rng.randint(8, 64))) for _ in range(300)]
    runs = numbers + [n + mark for n in numbers[::4] for mark in sorted(_MARKS)]
    assert [r for r in runs if [t.text for t in cached(r)] != [t.text for t in stock(r)]] == []
    assert [r for r in runs if cached(f"{r} {r}").text != f"{r} {r}"] == []
    assert not _is_number("²") and not _is_number("٣") and _is_number("2031")


def test_the_pipelines_compute_only_the_lexical_attributes_read(monkeypatch) -> None:
    """The register of the sample notes is the same when spaCy computes every lexical
    attribute: nothing reads the ones left out (a component that starts to must add its
    attribute to READ_ATTRIBUTES)."""
    from toolkit.extract import Pipelines, extract
    from toolkit.nlp import lexemes
    from toolkit.profile import default_profile

    paths = sorted((ROOT / "session_notes").rglob("*.md"))
    profile = default_profile()
    kept = Pipelines(profile, forum_year=2024)
    assert set(kept["ru"].vocab.lex_attr_getters) == lexemes.READ_ATTRIBUTES
    monkeypatch.setattr("toolkit.nlp.tokenizer.keep_read_attributes", lambda nlp: None)
    every = Pipelines(profile, forum_year=2024)
    assert len(every["ru"].vocab.lex_attr_getters) > 20
    registers = [extract(paths, profile, pipelines=p).proposals for p in (kept, every)]
    assert len(registers[0]) > 150
    assert registers[0] == registers[1]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_builtin_lexical_getters_give_spacys_values(lang: str) -> None:
    """The ``str`` methods that stand in for spaCy's ``lower``, ``is_alpha`` and ``is_space``
    give their values on a table of odd strings, and a built pipeline's vocabulary uses them
    (new lexemes: the same attributes as with spaCy's getters)."""
    import spacy

    from toolkit.nlp import build_pipeline
    from toolkit.nlp.lexemes import builtin_getters

    texts = [
        *TRICKY_TEXTS,
        "İstanbul",
        "ǅemal",
        "ΣΑΣ",
        "Straße",
        "ﬁne",
        "12",
        "\u00a0",
        "\u2028",
        "ё",
        "Ё",
    ]
    assert len(builtin_getters()) == 3
    for spacy_getter, method in builtin_getters().items():
        assert [method(t) for t in texts] == [spacy_getter(t) for t in texts]
    nlp = build_pipeline(lang, classifier=False)
    used = set(nlp.vocab.lex_attr_getters.values())
    assert set(builtin_getters().values()) <= used and not used & set(builtin_getters())
    stock = spacy.blank(lang)
    for text in texts:
        for word in text.split() or [text]:
            ours, theirs = nlp.vocab[word], stock.vocab[word]
            assert (ours.lower_, ours.is_alpha, ours.is_space) == (
                theirs.lower_,
                theirs.is_alpha,
                theirs.is_space,
            )


def _plain_sentence_starts(doc, abbreviations: frozenset[str], max_tokens: int) -> list[int]:
    """The notes sentencizer's rules the plain way: token by token, on the token texts."""
    enders, closers = frozenset(".!?…"), frozenset("\"'»”’)]")
    soft = frozenset({",", ";", ":", "—", "–"})
    texts = [t.text for t in doc]

    def ends(i: int) -> bool:
        if not set(texts[i]) <= enders:
            return False
        if texts[i] == "." and i > 0:
            previous = texts[i - 1]
            if previous.lower().rstrip(".") in abbreviations or (
                len(previous) == 1 and previous.isalpha() and previous.isupper()
            ):
                return False
        return True

    def starts_like(text: str) -> bool:
        return text[:1].isupper() or text[:1].isdigit() or text[:1] in "«\"“'(—–-[*•"

    starts, since, i = [0], 0, 0
    while i < len(texts):
        since += 1
        if ends(i):
            j = i + 1
            while j < len(texts) and (texts[j] in closers or set(texts[j]) <= enders):
                j += 1
            if j < len(texts) and starts_like(texts[j]):
                starts.append(j)
                since = 0
            i = j
            continue
        if (
            since >= max_tokens
            and i + 1 < len(texts)
            and (texts[i] in soft or since >= 2 * max_tokens)
        ):
            starts.append(i + 1)
            since = 0
        i += 1
    return starts


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_notes_sentencizer_splits_as_its_rules_say(lang: str) -> None:
    """Sample and dev notes, the tricky strings and long run-on texts: the sentences the
    rules give when applied token by token."""
    from toolkit.nlp import build_pipeline

    nlp = build_pipeline(lang, classifier=False)
    sentencizer = nlp.get_pipe("notes_sentencizer")
    run_on = " ".join(["слово, слово и слово"] * 120 + ["г. Томск. Конец"] * 3)
    texts = [*TRICKY_TEXTS, run_on, run_on.replace(",", ""), *_note_texts(lang)]
    for text in texts:
        doc = nlp.get_pipe("ru_morph" if lang == "ru" else "en_lemma")(nlp.make_doc(text))
        doc = sentencizer(doc)
        expected = _plain_sentence_starts(doc, sentencizer.abbreviations, sentencizer.max_tokens)
        assert [s.start for s in doc.sents] == (expected if len(doc) else []), text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_sentence_bounds_are_the_docs_sentences(lang: str) -> None:
    """Read from one array, the sentences ``doc.sents`` gives (or the whole doc when none are
    set), on the tricky strings and every sample and dev block, with and without sentences."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import sentence_bounds

    nlp = build_pipeline(lang, classifier=False)
    texts = ["", "Один.", *TRICKY_TEXTS, *_note_texts(lang)]
    for text in texts:
        for doc in (nlp.make_doc(text), nlp.get_pipe("notes_sentencizer")(nlp.make_doc(text))):
            plain = (
                [(s.start, s.end) for s in doc.sents]
                if doc.has_annotation("SENT_START")
                else [(0, len(doc))]
            )
            assert sentence_bounds(doc) == plain, text


def _token_head_roles(
    sent, marks: dict[str, set[int]], tagged: bool, joins: set[int]
) -> tuple[set, set]:
    """The router's head and subject of a sentence read the plain way, through ``Token``
    objects (what ``route.head_roles`` reads from the shared token arrays)."""
    openers, skip, ends = (marks[kind] for kind in ("head_openers", "head_skip", "head_ends"))
    start, stop = sent.start, min(sent.end, sent.start + 14)
    near = [i for i in range(start, stop) if i in openers]
    doc = sent.doc

    def free(i: int) -> bool:
        return i not in skip and i not in openers

    def breaks(token) -> bool:
        glued = token.i > 0 and not token.whitespace_ and not doc[token.i - 1].whitespace_
        return token.is_punct and not (token.text == "-" and glued)

    if tagged:
        verb = next((t.i for t in sent if t.pos_ == "VERB" and free(t.i)), None)
        if verb is not None:
            noun = next((t.i for t in doc[verb + 1 : sent.end] if t.pos_ == "NOUN"), None)
            head = {verb} if noun is None else {verb, noun}
            anchor = min([i for i in near if verb - 3 < i < verb] + [verb])
        else:
            cases = (["Nom"], ["Acc"])
            noun = next(
                (t.i for t in sent if t.pos_ == "NOUN" and t.morph.get("Case")[:1] in cases),
                None,
            )
            head = set() if noun is None else {noun}
            anchor = None
    else:
        after = doc[(max(near) + 1) if near else start : sent.end]
        words = itertools.dropwhile(lambda t: t.i in skip or t.i in openers, after)
        phrase = list(itertools.takewhile(lambda t: t.i not in ends and not breaks(t), words))
        head = {phrase[0].i, phrase[-1].i} if phrase else set()

        def speech(i: int) -> bool:  # "went on *to* argue that …": not the request's opener
            while i < sent.end and i in openers:
                i += 1
            return i + 1 < sent.end and i in skip and (i + 1 in ends or doc[i + 1].is_punct)

        anchor = next((i for i in near if not speech(i)), None)
    before = reversed(doc[max(start, anchor - 4) : anchor]) if anchor is not None else []

    def stops(t) -> bool:
        joined = t.i in marks["head_joins"] or t.lemma in joins
        return t.is_punct or ((t.i in ends or t.i in skip) and not joined)

    def aside(t) -> bool:  # a partner or a place («с университетами»), not who is asked
        return tagged and t.morph.get("Case")[:1] in (["Ins"], ["Loc"])

    asked = itertools.takewhile(lambda t: not stops(t), before)
    return head, {t.i for t in asked if not aside(t)}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_router_labels_cues_as_with_head_roles_in_every_sentence(lang: str) -> None:
    """The router parses the head and the subject only of sentences holding a measure or an
    actor, from the shared token arrays: the cue labels are those of parsing every sentence
    through its tokens, on every sample and dev block; and each sentence's head and subject
    read from the arrays are those read from the tokens, with and without parts of speech."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import token_arrays
    from toolkit.nlp.route import (
        CUES_KEY,
        FEDERAL_MATTERS,
        MARK_KINDS,
        _role,
        counted_cues,
        federal_matters,
        forum_sends,
        funding_conditions,
        head_roles,
    )

    nlp = build_pipeline(lang, classifier=False)
    router = nlp.get_pipe("planning_router")
    roled = 0
    for doc in nlp.pipe([*TRICKY_TEXTS, *_note_texts(lang)]):
        found = sorted((s, e, doc.vocab.strings[k]) for k, s, e in router.matches(doc))
        marks = {kind: set() for kind in MARK_KINDS}
        for s, e, key in found:
            if key.split(":", 1)[0] in marks:
                marks[key.split(":", 1)[0]].update(range(s, e))
        head: set[int] = set()
        subject: set[int] = set()
        for sent in doc.sents:
            sent_head, sent_subject = _token_head_roles(
                sent, marks, doc.has_annotation("POS"), router.joins
            )
            head |= sent_head
            subject |= sent_subject
            for tagged in {False, doc.has_annotation("POS")}:
                arrays = token_arrays(doc)
                assert head_roles(arrays, sent.start, sent.end, marks, tagged, router.joins) == (
                    _token_head_roles(sent, marks, tagged, router.joins)
                ), sent.text
        plain = [
            (s, e, _role(key, range(s, e), head, subject))
            for s, e, key in counted_cues(found, marks)
        ]
        sentences = [(s.start, s.end) for s in doc.sents]
        if marks["conditions"] and marks["funded"]:  # the conditions of funding go with it
            plain = funding_conditions(plain, marks, sentences)
        if marks[FEDERAL_MATTERS]:  # the rules of a federal matter are federal
            plain = federal_matters(plain, marks[FEDERAL_MATTERS], sentences)
        if marks["sends"] and marks["outputs"]:  # the forum passing on its work
            plain = sorted(plain + forum_sends(marks, sentences))
        assert [(c.start, c.end, c.label_) for c in doc.spans[CUES_KEY]] == plain, doc.text
        roled += sum(label.startswith(("head:", "subject:")) for _, _, label in plain)
    assert roled > 20


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_shared_token_arrays_are_the_tokens_attributes(lang: str) -> None:
    """The arrays the components share after a block ran through the pipeline hold each
    token's attributes and the doc's sentences, on the tricky strings and every sample and
    dev block; a component that sets attributes afterwards makes them be read again."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import token_arrays

    nlp = build_pipeline(lang)
    strings = nlp.vocab.strings
    for doc in nlp.pipe([*TRICKY_TEXTS, *_note_texts(lang)]):
        arrays = token_arrays(doc)
        assert arrays is token_arrays(doc)
        columns = {
            "orth": [t.text for t in doc],
            "lower": [t.lower_ for t in doc],
            "lemma": [t.lemma_ for t in doc],
            "morph": [str(t.morph) for t in doc],
        }
        for name, expected in columns.items():
            found = [strings[x] if x else "" for x in getattr(arrays, name)]
            assert found == expected, (name, doc.text)
        flags = [(t.is_alpha, t.is_punct, t.is_space, t.pos_) for t in doc]
        read = [
            (bool(a), bool(p), bool(s), strings[x])
            for a, p, s, x in zip(
                arrays.alpha, arrays.punct, arrays.is_space, arrays.pos, strict=True
            )
        ]
        assert read == flags, doc.text
        assert arrays.sentences() == [(s.start, s.end) for s in doc.sents], doc.text
    doc = nlp.make_doc("Школы строят." if lang == "ru" else "Schools were built.")
    before = token_arrays(doc).lemma
    nlp.get_pipe("ru_morph" if lang == "ru" else "en_lemma")(doc)
    assert list(token_arrays(doc).lemma) == [t.lemma for t in doc] != list(before)


def _annotations(doc) -> dict:
    """What the pipeline leaves on a doc: the token attributes it sets and every span group
    with its spans' bounds, labels and ids and the group's attributes."""
    from spacy.attrs import LEMMA, MORPH, POS, SENT_START

    groups = {
        key: ([(s.start, s.end, s.label_, s.id_) for s in group], dict(group.attrs))
        for key, group in doc.spans.items()
    }
    return {"tokens": doc.to_array([LEMMA, POS, MORPH, SENT_START]).tolist(), "spans": groups}


def _block_docs(nlp, texts: list[str]) -> list:
    """Docs of ``texts`` made as extraction makes them, every third an item under a proposals
    heading (which the detector and the classifier treat apart)."""
    from toolkit.nlp.detector import note_doc

    return [
        note_doc(
            nlp,
            text,
            section="proposals" if i % 3 == 0 else "discussion",
            block_kind="item" if i % 2 else "paragraph",
            year=2024,
        )
        for i, text in enumerate(texts)
    ]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_components_fed_in_batches_annotate_as_block_by_block(lang: str) -> None:
    """``nlp.pipe`` runs each component over a batch of blocks before the next component,
    and the components hand on plain tuples: every token attribute and span group is what
    running the whole pipeline on one block at a time gives, on the tricky strings and every
    sample and dev block."""
    from toolkit.nlp import build_pipeline

    nlp = build_pipeline(lang)
    texts = [*TRICKY_TEXTS, *_note_texts(lang)]
    batched = [_annotations(doc) for doc in nlp.pipe(_block_docs(nlp, texts), batch_size=64)]
    alone = []
    for doc in _block_docs(nlp, texts):
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        alone.append(_annotations(doc))
    assert len(batched) == len(texts) > 200
    for text, found, expected in zip(texts, batched, alone, strict=True):
        assert found == expected, text
    assert sum(bool(a["spans"]["proposals"][0]) for a in batched) > 50


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_new_docs_arrays_are_what_the_doc_holds(lang: str) -> None:
    """The arrays the tokenizer hands on with each doc it makes (from its words, spaces and
    each form's remembered lexical row) are those read from the doc itself, column by column,
    for every tricky string and sample and dev block, learning and from the cache, and
    whatever the doc's sentences; a doc tokenised by spaCy whole comes with none."""
    from toolkit.nlp import arrays, build_pipeline

    nlp = build_pipeline(lang, classifier=False)
    texts = [*TRICKY_TEXTS, " ".join(TRICKY_TEXTS), *_note_texts(lang)]
    columns = ("orth", "lower", "lemma", "alpha", "punct", "is_space", "pos", "morph", "space")
    tokenizer = nlp.tokenizer
    made = 0
    for _ in range(2):  # the second pass reads every run and lexical row from the cache
        for text in texts:
            doc = nlp.make_doc(text)
            handed = arrays._shared(doc)
            whole = bool(tokenizer._spanning) and tokenizer._spans_runs(text)  # «в т.ч.»
            assert (handed is not None) == (len(doc) > 0 and not whole), text
            if handed is None:
                continue
            made += 1
            read = arrays.TokenArrays(doc)
            for name in columns:
                assert list(getattr(handed, name)) == getattr(read, name), (name, text)
            assert handed.sentences() == read.sentences() == [(0, len(doc))], text
    assert made > 400


def test_the_router_reads_the_meeting_where_doc_extensions_keep_it() -> None:
    """The router reads a block's meeting from where ``doc._`` keeps it: set either way, the
    same routes; unset, the default (no addressee, no setting)."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.route import _MEETING_KEY, _NO_MEETING, MEETING_ATTR, ROUTES_KEY

    nlp = build_pipeline("en", classifier=False)
    text = "I ask you to open a clinic in every district."
    plain = nlp.make_doc(text)
    assert plain.user_data.get(_MEETING_KEY, _NO_MEETING) == plain._.get(MEETING_ATTR)
    routes = {}
    for way in ("extension", "user_data", "unset"):
        doc = nlp.make_doc(text)
        if way == "extension":
            doc._.set(MEETING_ATTR, ("federal", "regional"))
        elif way == "user_data":
            doc.user_data[_MEETING_KEY] = ("federal", "regional")
        assert doc.user_data.get(_MEETING_KEY, _NO_MEETING) == doc._.get(MEETING_ATTR)
        doc = nlp(doc)
        routes[way] = [(s.start, s.end, s.label_, s.id_) for s in doc.spans[ROUTES_KEY]]
    assert routes["extension"] == routes["user_data"] != routes["unset"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_plain_spans_handed_on_are_the_span_groups(lang: str) -> None:
    """The cues, targets and units the components hand on as tuples are their span groups:
    once a group is replaced, :func:`kept` gives nothing and the readers read the group,
    with the same cues, targets and classifier features."""
    from spacy.tokens import SpanGroup

    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import kept
    from toolkit.nlp.classifier import ProposalClassifier
    from toolkit.nlp.classify import doc_targets
    from toolkit.nlp.cues import CUES_KEY, doc_cues
    from toolkit.nlp.detector import UNITS_KEY

    nlp = build_pipeline(lang)
    handed = 0
    for doc in nlp.pipe(_block_docs(nlp, [*TRICKY_TEXTS, *_note_texts(lang)])):
        plain = (doc_cues(doc), doc_targets(doc), ProposalClassifier.features(doc))
        keys = (CUES_KEY, "targets", UNITS_KEY)
        assert all(kept(doc, key) is not None for key in keys), doc.text
        handed += len(plain[0]) + len(plain[1])
        for key in keys:
            group = doc.spans[key]
            doc.spans[key] = SpanGroup(doc, name=key, attrs=dict(group.attrs), spans=list(group))
            assert kept(doc, key) is None
        assert (doc_cues(doc), doc_targets(doc), ProposalClassifier.features(doc)) == plain
    assert handed > 200


def test_filter_bounds_keeps_the_spans_spacys_filter_spans_keeps() -> None:
    """The tuples' filter is spaCy's ``filter_spans``: random overlapping spans, ties too."""
    import random

    import spacy
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from toolkit.nlp.arrays import filter_bounds

    doc = spacy.blank("en")(" ".join(["word"] * 30))
    rng = random.Random(0)
    for _ in range(2000):
        bounds = []
        for number in range(rng.randint(0, 8)):
            start = rng.randint(0, 29)
            bounds.append((start, rng.randint(start + 1, min(30, start + 5)), number))
        spans = [Span(doc, s, e, label=str(n)) for s, e, n in bounds]
        expected = [(s.start, s.end, int(s.label_)) for s in filter_spans(spans)]
        assert filter_bounds(bounds) == expected, bounds


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_what_the_components_hand_on_lets_each_doc_go(lang: str) -> None:
    """Nothing the shared arrays keep refers to its doc: once the caller drops a processed
    doc it is freed at once (no collection needed), with its arrays."""
    import gc
    import weakref

    from toolkit.nlp import arrays, build_pipeline

    nlp = build_pipeline(lang)
    texts = _note_texts(lang)[:200]
    gc.disable()
    try:
        refs, handed = [], 0
        for doc in nlp.pipe(_block_docs(nlp, texts)):
            refs.append(weakref.ref(doc))
            handed += len(arrays.token_arrays(doc).kept)  # the doc's groups, kept in plain
        del doc
        assert handed >= 3 * len(texts)
        assert [ref for ref in refs if ref() is not None] == []
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("source", "stride"),
    [("dictionary", 1021), ("benchmark vocabulary", 50), ("notes", 3)],
)
def test_quick_parse_is_pymorphy3s_best_parse(source: str, stride: int) -> None:
    """The shortcut past pymorphy3's ``parse`` gives its first reading's tag and normal form
    (hence lemma, POS and morphology) on thousands of forms, ties and adjectives included."""
    import re

    from benchmarks.corpus import russian_pools
    from toolkit.nlp.morphology import best_parse, quick_parse
    from toolkit.notes.names import morph

    if source == "dictionary":
        forms = itertools.islice(morph().dictionary.words.iterkeys(), 0, None, stride)
    elif source == "benchmark vocabulary":
        pools = russian_pools(stride=20 * stride).values()  # a part of the benchmark's (20)
        forms = sorted({w.lower() for words in pools for w in words})
    else:
        notes = [*(ROOT / "session_notes").rglob("*.md"), *(ROOT / "tests/data").rglob("*.md")]
        text = " ".join(p.read_text("utf-8") for p in notes)
        found = {w.lower() for w in re.findall(r"[а-яё]+(?:-[а-яё]+)*", text, re.I)}
        forms = sorted(found)[::stride]
    forms = list(forms)
    assert len(forms) > 3000
    for form in forms:
        parse = best_parse(form)
        assert quick_parse(form) == (parse.tag, parse.normal_form), form


@pytest.mark.parametrize(
    ("section", "kind", "year", "turn"),
    [
        (None, "paragraph", None, (0, False)),
        ("proposals", "item", 2024, (2, True)),
        ("problems", "quote", 1999, (1, False)),
    ],
)
def test_a_blocks_place_is_what_its_doc_extensions_hold(section, kind, year, turn) -> None:
    """``note_doc`` writes a block's place where ``doc._`` keeps it, and the components read
    from there what ``doc._`` reads: set either way, read either way; unset, the defaults."""
    import spacy

    from toolkit.nlp.arrays import block_place
    from toolkit.nlp.detector import note_doc

    nlp = spacy.blank("en")
    doc = note_doc(nlp, "Create a fund.", section=section, block_kind=kind, year=year, turn=turn)
    place = doc._
    read = (place.toolkit_section, place.toolkit_block_kind, place.toolkit_year)
    assert (*read, place.toolkit_turn) == (section, kind, year, turn)
    assert block_place(doc) == (section, kind, year, turn)
    plain = nlp.make_doc("Create a fund.")
    plain._.toolkit_section, plain._.toolkit_block_kind = section, kind
    plain._.toolkit_year, plain._.toolkit_turn = year, turn
    assert block_place(plain) == (section, kind, year, turn)
    assert block_place(nlp.make_doc("Create a fund.")) == (None, "paragraph", None, (0, False))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_unit_is_routed_as_route_of_its_cues_and_types(lang: str) -> None:
    """Blocks with no cue and no named document type skip the walk over their units: each
    unit's route, basis and "uncued" mark are still what ``route_of`` gives for the cues
    and types inside it, on the tricky strings and every sample and dev block."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import sentence_bounds
    from toolkit.nlp.route import CUES_KEY, MEETING_ATTR, NONE, ROUTES_KEY, UNCUED, route_of

    nlp = build_pipeline(lang, classifier=False)
    bare = 0
    for doc in nlp.pipe(_block_docs(nlp, [*TRICKY_TEXTS, *_note_texts(lang)])):
        sentences = sentence_bounds(doc)
        units = [*sentences, (0, len(doc))] if len(sentences) > 1 else sentences
        cues = [(c.start, c.end, *c.label_.split(":", 1)) for c in doc.spans[CUES_KEY]]
        targets = [(t.start, t.end, t.label_) for t in doc.spans["targets"]]
        routes, uncued = [], []
        for start, end in units:
            named = [label for s, e, label in sorted(targets) if start <= s and e <= end]
            inside = [(k, label, s - start) for s, e, k, label in cues if start <= s and e <= end]
            setting = doc._.get(MEETING_ATTR)[1]
            route, basis = route_of(
                named, [*inside, ("setting", setting, 0)] if inside and setting else inside
            )
            routes.append((start, end, route or NONE, basis or ""))
            if not named and not inside:
                uncued.append((start, end))
        group = doc.spans[ROUTES_KEY]
        assert [(s.start, s.end, s.label_, s.id_) for s in group] == routes, doc.text
        assert group.attrs[UNCUED] == uncued, doc.text
        bare += not cues and not targets and bool(units)
    assert bare > 50


def test_a_sentencizer_loaded_again_forgets_the_abbreviations_it_knew() -> None:
    """The sentencizer remembers per word form whether it is an abbreviation; loading other
    abbreviations (``from_bytes``) starts afresh."""
    import spacy

    from toolkit.nlp.sentences import NotesSentencizer

    nlp = spacy.blank("en")
    text = "We met Sq. Smith today. He agreed."
    knows = NotesSentencizer("notes_sentencizer", ["Sq."])
    assert len(list(knows(nlp.make_doc(text)).sents)) == 2
    forgot = NotesSentencizer("notes_sentencizer", [])
    assert len(list(forgot(nlp.make_doc(text)).sents)) == 3
    knows.from_bytes(forgot.to_bytes())
    assert len(list(knows(nlp.make_doc(text)).sents)) == 3
    forgot.from_bytes(NotesSentencizer("notes_sentencizer", ["Sq."]).to_bytes())
    assert len(list(forgot(nlp.make_doc(text)).sents)) == 2


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_texts_read_from_the_arrays_are_the_docs(lang: str) -> None:
    """The text of tokens read from the shared arrays is the span's text for every stretch of
    the tricky strings and every sentence of the sample and dev blocks, and a word's LOWER
    is its text in lower case (what the detector reads for a one-word cue)."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import token_arrays

    nlp = build_pipeline(lang, classifier=False)
    for doc in nlp.pipe(TRICKY_TEXTS):
        arrays = token_arrays(doc)
        for start, end in itertools.combinations_with_replacement(range(len(doc) + 1), 2):
            assert arrays.text_of(start, end) == doc[start:end].text, doc.text
    for doc in nlp.pipe(_note_texts(lang)):
        arrays = token_arrays(doc)
        assert [arrays.text_of(s.start, s.end) for s in doc.sents] == [s.text for s in doc.sents]
        assert [arrays.strings[x] for x in arrays.lower] == [t.text.lower() for t in doc]


SPACING_CASES = [
    *TRICKY_TEXTS,
    "a b c",
    "a",
    "a b ",
    " a b",
    "a  b",
    "a\tb",
    "a\u00a0b",
    "a\u2028b",
    "a\x1cb",
    "a\x85b",
    "a\u200bb",  # a zero-width space is no whitespace to str.split
    "a\ufeffb",
    "a b\n",
    "word, word. Word!",
]


@pytest.mark.parametrize("text", SPACING_CASES)
def test_single_spaced_text_is_told_by_one_scan_as_by_splitting_twice(text: str) -> None:
    """The tokenizer's quick test for words between single spaces says what comparing
    ``text.split(" ")`` with ``text.split()`` said, whitespace of every kind and characters
    that are neither printable nor whitespace included."""
    from toolkit.nlp.tokenizer import _single_spaced

    assert _single_spaced(text) == (text.split(" ") == text.split())


def test_the_single_space_test_agrees_on_random_strings_of_every_whitespace() -> None:
    """The same on 50,000 random short strings of letters, marks and every whitespace
    character Python knows (``str.isspace``), and some that are not whitespace."""
    import random
    import sys

    from toolkit.nlp.tokenizer import _single_spaced

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    alphabet = [*spaces, " ", " ", "  ", "a", "b", ".", "\u200b", "\ufeff", "\xad", "é", "\x00"]
    rng = random.Random(12)
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert _single_spaced(text) == (text.split(" ") == text.split()), repr(text)


@pytest.mark.parametrize(
    "sizes", [[1], [2], [1, 1], [1, 2, 1], [3, 1, 1, 2], [1] * 40, [5, 5, 5], [2, 1]]
)
def test_spaces_of_runs_are_the_runs_trailing_spaces(sizes: list[int]) -> None:
    """Each run's last token has a space after it but the text's last; the others none
    (what the tokenizer's loop over the runs gave)."""
    from toolkit.nlp.tokenizer import _spaces_of

    expected: list[bool] = []
    for number, size in enumerate(sizes):
        expected.extend([False] * size)
        expected[-1] = number < len(sizes) - 1
    assert _spaces_of(sizes) == tuple(expected)
    assert _spaces_of(list(sizes)) == tuple(expected)  # the shared tuples are left alone


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_span_groups_stored_behind_the_proxy_read_as_spacys(lang: str) -> None:
    """A group written by ``set_group`` is what ``doc.spans`` gives (spans, labels, ids,
    attrs, order of the keys), a replaced one too, and the doc serialises and reloads with it
    as with groups written through spaCy's own ``doc.spans[key] = …``."""
    from spacy.tokens import Doc, Span

    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import get_group, set_group

    nlp = build_pipeline(lang, classifier=False)
    for text in _note_texts(lang)[:60]:
        ours, theirs = nlp.make_doc(text), nlp.make_doc(text)
        length = len(ours)
        bounds = [(0, length), (0, min(2, length)), (length - 1, length)] if length else []
        for doc, write in ((ours, set_group), (theirs, None)):
            for key, label in (("a", "x"), ("b", ""), ("a", "y")):  # "a" is replaced
                spans = [Span(doc, s, e, label=label, span_id="id") for s, e in bounds]
                if write:
                    write(doc, key, spans, {"n": len(spans)})
                else:
                    doc.spans[key] = spans
                    doc.spans[key].attrs["n"] = len(spans)
            assert get_group(doc, "a") is doc.spans["a"] and get_group(doc, "c") is None

        def shown(doc: Doc) -> list:
            return [
                (
                    key,
                    group.name,
                    dict(group.attrs),
                    [(s.start, s.end, s.label_, s.id_) for s in group],
                )
                for key, group in doc.spans.items()
            ]

        assert shown(ours) == shown(theirs)
        reloaded = Doc(nlp.vocab).from_bytes(ours.to_bytes())
        assert shown(reloaded) == shown(theirs)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_units_word_count_is_its_words_flags(lang: str) -> None:
    """The classifier's word count of a stretch (summed punctuation and whitespace flags) is
    the count of tokens that are neither, for every sentence and whole block of the notes."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import sentence_bounds
    from toolkit.nlp.features import _Block

    nlp = build_pipeline(lang)
    checked = 0
    for doc in nlp.pipe(_block_docs(nlp, [*TRICKY_TEXTS, *_note_texts(lang)])):
        block = _Block(doc)
        for start, end in [*sentence_bounds(doc), (0, len(doc))]:
            expected = sum(not (t.is_punct or t.is_space) for t in doc[start:end])
            assert block.words(start, end) == expected, doc.text
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_docs_arrays_stay_with_it_and_not_with_its_copy(lang: str) -> None:
    """The arrays a doc is given live on its own span-group proxy: a copy of the doc (a proxy
    of its own) reads its arrays from itself, equal to the original's; ``forget`` makes the
    doc read them again, the same columns."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.arrays import forget, token_arrays

    nlp = build_pipeline(lang)

    def columns(arrays) -> tuple:
        return tuple(
            list(getattr(arrays, name))
            for name in ("orth", "lower", "lemma", "alpha", "punct", "is_space", "space")
        )

    for doc in nlp.pipe(_block_docs(nlp, _note_texts(lang)[:40])):
        arrays = token_arrays(doc)
        assert token_arrays(doc) is arrays
        copy = doc.copy()
        assert token_arrays(copy) is not arrays
        assert columns(token_arrays(copy)) == columns(arrays)
        forget(doc)
        again = token_arrays(doc)
        assert again is not arrays and columns(again) == columns(arrays)


QUESTION_ENDINGS = [
    "Should we open a centre?",
    "Should we open a centre?»",
    "Should we open a centre ?",
    'He asked: "Should we?" ',
    "Should we (really)?)",
    "Open a centre (why?).",
    "Open a centre?!",
    "Open a centre*?*",
    "Open a centre? \n",
    "»”)]*",
    "Open it? ”",
]


def _stretches(nlp, crafted: list[str], lang: str):
    """``(arrays, start, end, text)`` of every stretch of tokens of the ``crafted`` texts and
    of every sentence of the sample and dev notes in ``lang``."""
    from toolkit.nlp.arrays import token_arrays

    for doc in nlp.pipe(crafted):
        t = token_arrays(doc)
        for s, e in itertools.combinations(range(len(doc) + 1), 2):
            yield t, s, e, doc.text
    for doc in nlp.pipe(_note_texts(lang)):
        t = token_arrays(doc)
        for s, e in t.sentences():
            yield t, s, e, doc[s:e].text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_question_mark_read_from_the_last_words_is_the_texts(lang: str) -> None:
    """The detector's question test read from a sentence's last words gives what stripping
    its whole text does, for every stretch of crafted endings and every sentence of the
    notes."""
    from toolkit.nlp import build_pipeline
    from toolkit.nlp.detector import _CLOSERS, _ends_in_question

    nlp = build_pipeline(lang, classifier=False)
    checked = 0
    for t, s, e, text in _stretches(nlp, [*QUESTION_ENDINGS, *TRICKY_TEXTS], lang):
        expected = t.text_of(s, e).rstrip(_CLOSERS).endswith("?")
        assert _ends_in_question(t, s, e) == expected, (text, s, e)
        checked += expected
    assert checked > 20


PAST_YEARS = [
    "In 2019 we opened a centre.",
    "Since 1999, in 2031 and in 2020 we should build it.",
    "We should build it in 2025.",
    "In 1899 and in ١٩٩٩ we built it.",
    "In ²⁰²⁰ we built it.",
    "In 2019-2020 we built it.",
    "In $2019 we built it.",
    "with 2019 in 2019x we built it.",
    "В 2019 году мы открыли центр.",
    "С 2001 г. нужно строить.",
    "Это было в 1990-х.",
]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_past_year_read_from_the_year_tokens_is_the_texts(lang: str) -> None:
    """The detector's past-year test, reading only tokens that can hold a digit and the text
    only for a year found, gives what matching the text first did (the old code, below) on
    every stretch of crafted sentences and every sentence of the notes."""
    import re

    from toolkit.nlp import build_pipeline

    nlp = build_pipeline(lang, classifier=False)
    detector = nlp.get_pipe("proposal_detector")
    prepositions = detector.ids["year_prepositions"]
    year_pattern = re.compile(r"\b(?:19|20)\d\d\b")

    def by_text(t, s: int, e: int, year: int) -> bool:
        if not year_pattern.search(t.text_of(s, e)):
            return False
        for i in range(s, e):
            word = t.word(i)
            if (
                len(word) == 4
                and word.isdecimal()
                and 1900 <= int(word) < year
                and any(t.lower[j] in prepositions for j in range(max(s, i - 2), i))
            ):
                return True
        return False

    found = 0
    for t, s, e, text in _stretches(nlp, [*PAST_YEARS, *TRICKY_TEXTS], lang):
        for year in (2020, 2026):
            expected = by_text(t, s, e, year)
            assert detector._past_year(t, s, e, year) == expected, (text, s, e)
            found += expected
        assert not detector._past_year(t, s, e, None)
    assert found > 5
