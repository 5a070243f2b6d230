"""Building the crosscheck Language from the config shipped in the package."""

from __future__ import annotations

import importlib.resources
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import Config

from pipeline.errors import CrosscheckError, Errors

# Importing the modules registers the factories (they are also entry points).
from pipeline.nlp import claims, dates, quantities, ranks, segment  # noqa: F401
from pipeline.nlp._extensions import install_extensions

log = logging.getLogger(__name__)


def default_config() -> Config:
    text = (
        importlib.resources.files("pipeline.nlp")
        .joinpath("config.cfg")
        .read_text("utf-8")
    )
    return Config().from_str(text)


def model_candidates(name: str | None, config: Config) -> list[str]:
    if name:
        return [name]
    return [config["nlp"]["base_model"], *config["nlp"]["fallback_models"]]


def load_base_model(
    name: str | None = None, config: Config | None = None
) -> spacy.Language:
    """The base spaCy model: ``name`` if given, else en_core_web_sm or its PyPI twin."""
    config = config or default_config()
    errors = []
    for candidate in model_candidates(name, config):
        try:
            return spacy.load(candidate, exclude=["senter"])
        except (OSError, ImportError) as err:
            errors.append(f"{candidate}: {str(err).splitlines()[0]}")
    raise CrosscheckError(
        Errors.E012.format(
            name=name or config["nlp"]["base_model"], reason="; ".join(errors)
        )
    )


def build_nlp(model: str | None = None) -> Language:
    """The full pipeline, built once per process and model name."""
    return _build_nlp(model)  # one cache key whether called with None or nothing


@lru_cache(maxsize=4)
def _build_nlp(model: str | None) -> Language:
    install_extensions()
    config = default_config()
    nlp = load_base_model(model, config)
    for component in config["nlp"].get("before_parser", []):
        nlp.add_pipe(component, before="parser" if "parser" in nlp.pipe_names else None)
    for component in config["nlp"]["components"]:
        settings = dict(config["components"][component])
        factory = settings.pop("factory")
        nlp.add_pipe(factory, name=component, config=settings)
    return nlp
