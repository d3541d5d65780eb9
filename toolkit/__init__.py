"""Strategy proposal drafting toolkit."""

__version__ = "0.1.0"
