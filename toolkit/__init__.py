"""Strategy proposal drafting toolkit."""

from . import spacy_cli

__version__ = "0.1.0"

spacy_cli.install()  # spaCy's command line is never run here: importing it is a third of spaCy's
