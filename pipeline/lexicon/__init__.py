"""Word lists, patterns and tables that extraction (nlp/) and checks (checks/) share."""
