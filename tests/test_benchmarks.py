"""The benchmark scripts outside the package (``python -m benchmarks``): they run and are seeded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import SEED, Vocabulary, generate_corpus, make_generator

ROOT = Path(__file__).resolve().parent.parent
POOLS = {  # a tiny vocabulary, so the test does not load the dictionaries
    "N": ["centre", "studio", "festival", "museum", "region", "grant"],
    "A": ["creative", "regional", "small", "digital"],
    "I": ["create", "support", "fund", "open"],
    "D": ["quickly", "together", "also"],
    "V": ["creates", "supported", "funds", "opened"],
    "M": ["create", "support", "open"],
}


def test_generated_corpus_is_seeded_and_has_proposals() -> None:
    vocabulary = Vocabulary("en", POOLS)
    first = generate_corpus(make_generator(vocabulary, SEED), 3_000)
    again = generate_corpus(make_generator(Vocabulary("en", POOLS), SEED), 3_000)
    other = generate_corpus(make_generator(vocabulary, SEED + 1), 3_000)
    assert first.blocks == again.blocks, "the same seed gives the same text"
    assert first.blocks != other.blocks
    assert first.words >= 3_000 and first.forms > len(POOLS["N"])
    assert {b.kind for b in first.blocks} == {"paragraph", "item"}
    assert any(b.section == "proposals" for b in first.blocks)


def test_benchmarks_run_from_the_checkout(tmp_path: Path) -> None:
    """The SemEval section end to end on a small file in the task's format."""
    (tmp_path / "forum_test.csv").write_text(
        '1,"Please add an option to upload several files at once.",1\n'
        '2,"This would enable live traffic aware apps.",0\n'
        '3,"I suggest you allow a zip file with numbered pages.",1\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "semeval", "--semeval-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (row,) = [line.split() for line in done.stdout.splitlines() if "forum_test.csv" in line]
    assert row[1:3] == ["3", "2"], "rows and gold positives read from the file"
    assert "hotel_trial.csv  missing" in done.stdout, "an absent file is said, not an error"


def test_cold_start_section_names_import_times_per_module(capsys) -> None:
    from benchmarks.run import bench_imports

    bench_imports(1)
    out = capsys.readouterr().out
    assert "imports of toolkit.cli, toolkit.extract, toolkit.nlp: median" in out
    assert "spacy " in out and "toolkit, own time: toolkit." in out
