"""CPU of parts of extraction, this checkout against another, in alternating fresh processes.

    git worktree add --detach /tmp/old main    # a base to compare with
    python benchmarks/parts.py --base-source /tmp/old --runs 4
    python benchmarks/parts.py --base-source /tmp/old --part tokenizer:en --part tokenizer:ru

- **build**: ``build_pipeline(lang)`` in a fresh process (pymorphy3 and spaCy loaded first),
  the first build (as ``toolkit extract`` does it) and the least of three more;
- **ru_morph**: the Russian morphology component over the speed section's 100,000-word corpus,
  its blocks tokenised first: a fresh component (every form new to it, as in the speed
  section), then the same component again (every form known);
- **tokenizer**: the blank pipeline's tokenizer over the same corpus's blocks (of either
  language): a fresh pipeline (every run of characters new to it, as in the speed section),
  then the same blocks again (every run known); the least of three pipelines, under the
  collector's thresholds every ``toolkit`` command sets;
- **components**: the speed section's corpus through a fresh pipeline after its warm-up, one
  stage at a time: the tokenizer (every form new to it), then each component over all the docs
  in batches, then freeing the docs; the least of two pipelines. Where a language's time goes,
  and which stage a change moved.

Each run is a new process of the side's own code (``PYTHONPATH``), the sides alternating, so
both share the machine's load; CPU time (``time.process_time``) is what the load changes least.
Nothing is asserted: the script prints medians and this/base ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent


def child_build(lang: str) -> dict[str, float]:
    from toolkit.nlp import build_pipeline
    from toolkit.notes.names import morph

    morph()
    times = []
    for _ in range(4):
        start = time.process_time()
        build_pipeline(lang)
        times.append(time.process_time() - start)
    return {"first": times[0], "again": min(times[1:])}


def child_morph() -> dict[str, float]:
    import benchmarks.run as bench
    from benchmarks.corpus import generate_corpus, load_vocabulary, make_generator
    from toolkit.nlp import arrays, build_pipeline
    from toolkit.nlp.morphology import RussianMorphology

    nlp = build_pipeline("ru")
    corpus = generate_corpus(make_generator(load_vocabulary("ru"), bench.SEED), 100_000)
    docs = [bench._note_doc(nlp, block) for block in corpus.blocks]  # tokenised only
    new, known = [], []
    for _ in range(3):
        component = RussianMorphology(nlp)
        for into in (new, known):
            for doc in docs:  # what the component finds made, as in the pipeline
                arrays.forget(doc)
                arrays.token_arrays(doc)
            start = time.process_time()
            for doc in docs:
                component(doc)
            into.append(time.process_time() - start)
    return {"new forms": min(new), "known forms": min(known)}


def child_tokenizer(lang: str) -> dict[str, float]:
    import gc

    import benchmarks.run as bench
    from benchmarks.corpus import generate_corpus, load_vocabulary, make_generator
    from toolkit.cli import GC_THRESHOLDS
    from toolkit.nlp import build_pipeline

    gc.set_threshold(*GC_THRESHOLDS)  # as every toolkit command runs

    corpus = generate_corpus(make_generator(load_vocabulary(lang), bench.SEED), 100_000)
    texts = [block.text for block in corpus.blocks]
    new, known = [], []
    for _ in range(3):
        tokenizer = build_pipeline(lang, classifier=False).tokenizer
        for into in (new, known):
            start = time.process_time()
            for text in texts:
                tokenizer(text)
            into.append(time.process_time() - start)
    return {"new runs": min(new), "known runs": min(known)}


def child_components(lang: str) -> dict[str, float]:
    import gc

    import benchmarks.run as bench
    from benchmarks.corpus import generate_corpus, load_vocabulary, make_generator
    from toolkit.cli import GC_THRESHOLDS
    from toolkit.nlp import build_pipeline

    gc.set_threshold(*GC_THRESHOLDS)  # as every toolkit command runs
    vocabulary = load_vocabulary(lang)
    corpus = generate_corpus(make_generator(vocabulary, bench.SEED), 100_000)
    warmup = generate_corpus(make_generator(vocabulary, bench.SEED + 1), 2_000)
    found: dict[str, list[float]] = {}
    for _ in range(2):  # a fresh pipeline each time: every form new to it, as in the speed section
        nlp = build_pipeline(lang)
        bench.run_ours(nlp, warmup.blocks)
        start = time.process_time()
        docs = [bench._note_doc(nlp, block) for block in corpus.blocks]
        found.setdefault("tokenizer", []).append(time.process_time() - start)
        for name, proc in nlp.pipeline:  # in batches, as nlp.pipe runs them
            start = time.process_time()
            docs = list(proc.pipe(docs, batch_size=64))
            found.setdefault(name, []).append(time.process_time() - start)
        start = time.process_time()
        docs.clear()
        found.setdefault("freeing the docs", []).append(time.process_time() - start)
    return {name: min(times) for name, times in found.items()}


CHILDREN = {"build": child_build, "tokenizer": child_tokenizer, "components": child_components}
PARTS = (
    *("build:ru", "build:en", "morph", "tokenizer:en", "tokenizer:ru"),
    *("components:en", "components:ru"),
)


def run_child(source: Path, part: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", part],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


@click.command()
@click.option("--base-source", type=click.Path(path_type=Path, exists=True), required=False)
@click.option("--runs", type=int, default=4, show_default=True)
@click.option(
    "--part", "parts", multiple=True, type=click.Choice(PARTS), help="Only these (repeatable)."
)
@click.option("--child", hidden=True)
def main(base_source: Path | None, runs: int, parts: tuple[str, ...], child: str | None) -> None:
    if child:
        kind, _, lang = child.partition(":")
        print(json.dumps(CHILDREN[kind](lang) if kind in CHILDREN else child_morph()))
        return
    sides = {"this": ROOT, **({"base": base_source.resolve()} if base_source else {})}
    for part in parts or PARTS:
        found: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for _ in range(runs):
            for name, source in sides.items():
                found[name].append(run_child(source, part))
        for measure in found["this"][0]:
            medians = {
                name: statistics.median(r[measure] for r in results)
                for name, results in found.items()
            }
            line = ", ".join(f"{name} {seconds:.3f} s" for name, seconds in medians.items())
            ratio = f" ({medians['this'] / medians['base']:.2f}×)" if "base" in medians else ""
            print(f"{part} {measure}: CPU median of {runs}: {line}{ratio}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()  # a child imports the toolkit of its side's PYTHONPATH
