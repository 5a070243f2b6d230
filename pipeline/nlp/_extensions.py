"""Every Doc extension crosscheck uses, declared in one place.

Values are plain lists of dicts so that Docs pickle and serialise (msgpack) across
processes; the claim builder turns them into frozen dataclasses afterwards.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = {
    "cc_article_id": None,  # str
    "cc_base_date": None,  # ISO date the article's relative dates resolve against
    "cc_base_nominal": False,  # True when no year is known: base is a stand-in year
    "cc_body_start": 0,  # offset where the header ends
    "cc_dateline": None,  # dict: start, end, date, date_start, date_end
    "cc_skip": None,  # list of [start, end] regions holding no claims (non-English text)
    "cc_dates": None,  # list of date mentions
    "cc_quantities": None,  # list of number / money / percent / quantity mentions
    "cc_ranks": None,  # list of rank / list / streak mentions
    "cc_claims": None,  # list of claim dicts (Claim.to_dict)
    "cc_failures": None,  # list of "component: error" lines for this doc
}


def text_of(doc: Doc) -> str:
    """The Doc's text, built once: ``Doc.text`` joins every token on each access,
    which made claim building quadratic in the article's length."""
    cached = doc.user_data.get("cc_text")
    if cached is None:
        cached = doc.user_data["cc_text"] = doc.text
    return cached


def record_failure(doc: Doc, component: str, err: BaseException) -> None:
    """A component that fails on one article costs that component's output for that
    article, not the run: the failure is recorded on the Doc and reported."""
    failures = list(doc._.cc_failures or [])
    failures.append(f"{component}: {type(err).__name__}: {err}"[:300])
    doc._.cc_failures = failures


def record_lines(doc: Doc, component: str, lines: list[str]) -> None:
    """Failures of guarded library calls (dateparser, quantulum3) made for this Doc."""
    if lines:
        doc._.cc_failures = [
            *(doc._.cc_failures or []),
            *(f"{component}: {line}"[:300] for line in lines),
        ]


def install_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
