"""Word tables as data (calendar words, ...), shared by nlp/, checks/ and the rest."""
