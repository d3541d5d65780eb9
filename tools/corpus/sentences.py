"""Number the units a note is judged by (docs/proposals.md), so annotators label by number.

The units are exactly the toolkit's: each sentence of running text, each whole list item
under a proposals heading. Annotating by number keeps gold texts identical to what the
extractor sees, so the matching of docs/evaluation.md never fails on a sentence boundary.

    python tools/corpus/sentences.py NOTE.md                 # N<TAB>speaker<TAB>text
    python tools/corpus/sentences.py NOTE.md --gold 3,7,12   # gold.jsonl lines for those numbers
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def units(path: Path) -> list[dict]:
    """Every judged unit of the note: session, text, speaker, offsets, the rules' score."""
    from toolkit.extract import Pipelines, forum_year
    from toolkit.extract.note import extract_note
    from toolkit.notes import iter_notes
    from toolkit.profile import default_profile

    profile = default_profile()
    pipelines = Pipelines(profile, forum_year=forum_year(profile))
    out: list[dict] = []
    for note in iter_notes([path], profile):
        for issue in note.issues:
            click.echo(f"{issue}", err=True)
        if not note.ok:
            raise SystemExit(1)
        nlp = pipelines[note.language]
        nlp.get_pipe("proposal_detector").threshold = -1.0  # every unit, not only proposals
        if "proposal_classifier" in nlp.pipe_names:  # the trained classifier cuts last
            nlp.get_pipe("proposal_classifier").cfg["threshold"] = -1.0
        for proposal, _ in extract_note(note, nlp):
            if proposal is not None:
                out.append(
                    {
                        "session": proposal.session,
                        "text": proposal.text,
                        "speaker": proposal.speaker,
                        "start": proposal.start,
                        "end": proposal.end,
                        "score": proposal.score,
                        "marked": proposal.marked,
                    }
                )
    return out


@click.command()
@click.argument("note", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gold", "numbers", help="Comma-separated unit numbers: print their gold lines.")
def main(note: Path, numbers: str | None) -> None:
    found = units(note)
    if numbers is None:
        for n, unit in enumerate(found, 1):
            click.echo(f"{n}\t{unit['speaker'] or '-'}\t{unit['text']}")
        return
    for raw in numbers.replace(" ", "").split(","):
        if not raw:
            continue
        n = int(raw)
        if not 1 <= n <= len(found):
            sys.exit(f"{note}: no unit {n}; the note has {len(found)}")
        unit = found[n - 1]
        line = {"session": unit["session"], "text": unit["text"], "speaker": unit["speaker"]}
        click.echo(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
