"""crosscheck: flags conflicting facts within and between news articles."""

__version__ = "0.1.0"
