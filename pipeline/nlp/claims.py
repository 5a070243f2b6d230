"""The claim builder component: turns a Doc's mentions into claim frames (subject,
measure, period, tense, role, qualifiers).

The algorithm lives in ``pipeline.nlp.frames`` (one small resolver per question,
tried in a stated order) and its word lists in ``pipeline.lexicon.frames``; nothing
there knows any article's names.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.keys import canonical_phrase, measure_key, singular
from pipeline.lexicon.frames import ENTITY_LABELS
from pipeline.nlp._extensions import install_extensions, record_failure
from pipeline.nlp.frames.build import build_claims

__all__ = [
    "ENTITY_LABELS",
    "ClaimBuilder",
    "build_claims",
    "canonical_phrase",
    "make_claim_builder",
    "measure_key",
    "singular",
]


class ClaimBuilder:
    """Writes ``doc._.cc_claims``."""

    def __init__(self, nlp: Language, name: str):
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.cc_claims = build_claims(doc)
        except Exception as err:  # one article's failure must not stop the batch
            doc._.cc_claims = []
            record_failure(doc, self.name, err)
        return doc


@Language.factory(
    "cc_claims",
    requires=[
        "doc._.cc_dates",
        "doc._.cc_ranks",
        "doc._.cc_quantities",
        "token.dep",
        "doc.ents",
    ],
    assigns=["doc._.cc_claims"],
)
def make_claim_builder(nlp: Language, name: str) -> ClaimBuilder:
    return ClaimBuilder(nlp, name)
