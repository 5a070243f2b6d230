"""Sentence starts at line breaks: headlines, captions, datelines and paragraphs are
separate sentences in news copy, but the parser happily runs them together."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_line_starts(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            nxt.is_sent_start = True
    return doc


@Language.component("cc_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    return mark_line_starts(doc)
