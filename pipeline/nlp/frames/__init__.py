"""The claim builder's parts: a claim frame (whose figure, of what, for when, in which
role) is assembled by small resolvers, each tried in a stated order.

- ``parse``: reading spaCy's parse (the value's token, its clause, noun phrases);
- ``subjects``: whose a value is (``SubjectResolver``);
- ``measures``: what it measures;
- ``periods``: when it holds;
- ``roles``: where it stands (body, title, caption, dateline), its tense and
  qualifiers (plan, update, previous, current, first time);
- ``build``: the claims of one Doc, from its typed mentions.

Word lists and patterns live in ``pipeline.lexicon.frames``.
"""
