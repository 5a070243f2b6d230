"""Sentence starts at line breaks: headlines, captions, datelines and paragraphs are
separate sentences in news copy, but the parser happily runs them together."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp._extensions import text_of


def mark_line_starts(doc: Doc) -> Doc:
    dateline = doc._.cc_dateline if Doc.has_extension("cc_dateline") else None
    if dateline:
        # the words after "LONDON, 3 May (Reuters) -" start the story's first sentence
        after = doc.char_span(
            dateline["end"], len(text_of(doc)), alignment_mode="expand"
        )
        if after is not None and len(after):
            first = next((t for t in after if not t.is_space), None)
            if first is not None and first.i > 0:
                first.is_sent_start = True
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
