"""Word lists, patterns and tables as data, shared by extraction (nlp/) and checks."""
