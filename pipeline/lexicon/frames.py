"""What the claim builder reads in the words around a value: the lexicon of claim
frames (subjects, measures, periods, roles, qualifiers).

Everything here is data: word sets, dependency-label sets and compiled patterns. The
resolvers in ``pipeline.nlp.frames`` are the algorithm; they read these tables and
nothing else decides which words count.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------- parse labels

# spaCy (ClearNLP) dependency labels, named once (textacy's style).
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLAUSE_SUBJECT_DEPS = NOMINAL_SUBJECT_DEPS | {"expl"}
# A clause whose subject is its head's: the climb goes on through these.
DEPENDENT_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "acl", "conj", "ccomp", "relcl"})
AUXILIARY_DEPS = frozenset({"aux", "auxpass"})
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
NAME_PART_DEPS = frozenset({"compound", "flat", "amod", "nmod", "punct"})
NUMBER_ATTACHMENT_DEPS = frozenset({"nummod", "quantmod", "compound"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})

# Entity labels a subject can carry.
ENTITY_LABELS = frozenset(
    {"GPE", "ORG", "PERSON", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"}
)
# Entities that may own a figure when the clause names no subject.
OWNER_ENTITY_LABELS = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC"})

# --------------------------------------------------------------------- subjects

PRONOUNS = frozenset(
    {"it", "they", "its", "their", "he", "she", "his", "her", "we", "our", "this",
     "which", "that"}
)  # fmt: skip
# Pronouns that stand for a person; any other stands for a place, an organisation or a
# named noun phrase.
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
PERSON_LABELS = frozenset({"PERSON"})
THING_LABELS = frozenset({"GPE", "ORG", "NP"})  # "NP": a proper-noun phrase

PLACE_LABELS = frozenset({"GPE", "LOC"})
ORGANISATION_LABELS = frozenset({"ORG"})

# Generic heads ("the country", "the company"): nouns that stand for a named thing of
# the story. The one table of them, each with the entity labels it may stand for
# (empty: only an earlier noun phrase with the same head resolves it).
GENERIC_HEAD_LABELS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("country", "nation", "state", "economy", "capital", "city", "province",
         "region", "county"),
        PLACE_LABELS,
    ),
    **dict.fromkeys(
        ("company", "firm", "group", "bank", "carrier", "airline", "automaker", "brand",
         "agency", "organization", "organisation", "team", "club", "side", "party",
         "university", "school"),
        ORGANISATION_LABELS,
    ),
    **dict.fromkeys(
        ("government", "cluster", "airport", "league", "district"), frozenset()
    ),
}  # fmt: skip
GENERIC_HEADS = frozenset(GENERIC_HEAD_LABELS)

# How far back (characters) a pronoun or generic head looks for what it stands for.
ANTECEDENT_WINDOW = 1500
# A lead sentence shorter than this is a headline or a standfirst, not the lead.
LEAD_MIN_CHARS = 40

# Verbs whose subject is the source of what follows, not whose figure it is ("police
# said 27 people were injured": about people injured, said by the police).
REPORTING_VERBS = frozenset(
    {"say", "tell", "add", "claim", "state", "warn", "insist", "suggest", "believe",
     "estimate", "think", "reckon", "predict", "acknowledge", "admit", "confirm"}
)  # fmt: skip

# --------------------------------------------------------------------- measures

# "the number of passengers", "a total of 52 deaths": the measure is the complement.
AGGREGATE_HEADS = frozenset(
    {"number", "total", "amount", "count", "share", "value", "level", "volume", "sum",
     "figure", "tally", "toll"}
)  # fmt: skip
# Measures whose values are scores, not counts of things.
SCORE_HEADS = frozenset(
    {"index", "score", "rating", "ratio", "rate", "magnitude", "reading",
     "temperature", "level", "value", "points", "point", "average", "mark", "grade",
     "price"}
)  # fmt: skip
# Words naming what a number measures when written before it ("magnitude 7.1").
# (The quantity extractor finds these; listed here for reference by the builder.)

# Period words inside a measure ("third-quarter net profit", "annual inflation") say
# when, not what: they leave the measure and may set the period.
PERIOD_MODIFIER = re.compile(
    r"\b(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter|q[1-4]|quarterly|"
    r"(?:first|second)[- ]half|half[- ]year(?:ly)?|full[- ]year|annual|annualised|annualized|"
    r"yearly|monthly|weekly|daily|year-on-year|year-over-year)\b",
    re.I,
)
QUARTER_WORD = re.compile(
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\bQ(?P<q>[1-4])\b"
    r"|\b(?P<m1>January(?=[-–]March)|April(?=[-–]June)|July(?=[-–]September)"
    r"|October(?=[-–]December))[-–]\w+ (?:quarter|period)\b",
    re.I,
)
QUARTER_OF = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4, "january": 1, "april": 2, "july": 3, "october": 4,
}  # fmt: skip

# "2,303 per 1 million inhabitants", "4.1 per capita", "301 divorces per 1000
# marriages": a rate, its unit after "per" (a number of anything, or a head word;
# not "per a statement", which is "according to").
RATE_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,5}?per\s+("
    r"(?:1|one|a)\s+(?:million|thousand|hundred)\s*[\w]*"
    r"|(?:\d[\d,]*|one)\s+(?:million\s+|thousand\s+|hundred\s+)?[A-Za-z][\w-]*"
    r"|(?:million|thousand|hundred|capita|person|head|km|square)\s*[\w]*)"
)
RATE_AFTER_WINDOW = 80

# --------------------------------------------------------------------- rankings

RANKING_NAME = re.compile(
    r"(?:[A-Z][\w&'’-]*\s+){1,6}(?:Index|Ranking|Rankings|League|Table|List|Report|"
    r"Standings|Survey|Awards?)\b"
)
# Verbs that make a comma-delimited phrase a clause, not an apposition.
APPOSITION_VERBS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|ranked|ranks|finished|came|placed|rose|fell)\b"
)
APPOSITION_MAX_WORDS = 6

# --------------------------------------------------------------------- roles, tense

CAPTION_CREDIT = re.compile(
    r"\((?:[A-Z][\w .'-]*/[^)]*|(?:AP |Reuters |AFP |Getty )?Photo[^)]*|Photo by[^)]*)\)\s*$"
)
CAPTION_WORDS = re.compile(r"\b(?:is|are) pictured\b|\bpictured\b|^Photo\b|^Image\b")
# A title line: the first line of the body, short and without a sentence's end.
TITLE_MAX_CHARS = 150
TITLE_ENDINGS = (".", '"', "”")
# A byline timestamp: a short line holding little but a date and time.
META_MAX_CHARS = 80
META_MAX_WORDS = 3

FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "'s", "'ve"})

# --------------------------------------------------------------------- qualifiers

PLAN_WORDS = re.compile(
    r"\b(target(?:s|ed)?|aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|goal|expect(?:s|ed)?|"
    r"forecast(?:s)?|project(?:ed|ion)s?|estimate[sd]? to|"
    r"intends?|pledge[sd]?|promise[sd]?|seek(?:s|ing)?|hopes?|after the extension|"
    r"set to|due to|scheduled|upcoming|next|needs?|needed|requires?|required|"
    r"proposed)\b",
    re.I,
)
# A value introduced as the point of comparison: "up from 14", "against 3.1% in July".
PREVIOUS_VALUE = re.compile(
    r"\b(?:from|compared with|compared to|against|versus|vs\.?|than|previously|before)\s+"
    r"(?:a\s+|an\s+|the\s+)?$",
    re.I,
)
# Between a figure and its restatement in another unit: "$794 million, or 61 cents a
# share", "£5m ($9m)". The restatement is of the same time as the figure.
RESTATEMENT_GAP = re.compile(r"\s*(?:,\s*or|\(|or)\s*(?:about\s+|around\s+)?", re.I)
# Modal verbs in lower case only: "May" is a month.
MODALS = re.compile(r"\b(?:will|would|could|may|might|shall)\b")
UPDATE_WORDS = re.compile(
    r"\b(rose|risen|climbed|increased|grew|jumped|reached|hit|now|updated|revised|"
    r"raised|has risen|had risen|stood at|stands at|fell|dropped|declined)\s+(?:to|at)?\b",
    re.I,
)
FIRST_TIME = re.compile(r"\bfor the first time\b", re.I)
# "had been" says a value was so before ("the toll had been 12"), not when it opens a
# past progressive ("had been turning the mill into 210 flats": what was under way).
PREVIOUS_WORDS = re.compile(
    r"\b(previously|earlier|formerly|used to|had been(?!\s+\w+ing\b)|before)\b", re.I
)
CURRENT_WORDS = re.compile(r"\b(now|currently|latest|this time|so far|to date)\b", re.I)
# How far before a value (characters, within its sentence) its qualifiers are read,
# and how far its comparison cue ("up from").
QUALIFIER_WINDOW = 60
PREVIOUS_CUE_WINDOW = 25

# --------------------------------------------------------------------- periods

# Characters either side of a value that its period may stand in (a run-on text
# without sentence breaks still keeps periods near their figures).
PERIOD_WINDOW = 400
# A description set off by commas or brackets that dates a noun's origin ("the mill,
# built in 1887, was turned into 120 flats", "the firm (founded in 1990) employs
# 500"): its date is the noun's, not the period of the clause's figures. The words
# between the comma or bracket and the date; the date is then followed by the
# closing comma or bracket.
ORIGIN_DESCRIPTION = re.compile(
    r"[,(]\s*(?:first\s+|originally\s+|only\s+)?(?:built|founded|established|opened"
    r"|formed|launched|created|erected|constructed|completed|born|set\s+up|started"
    r"|introduced|designed|made|painted|written|published|released|discovered)"
    r"\s+(?:in|on|around|about|circa|c\.)?\s*$",
    re.I,
)
ORIGIN_DESCRIPTION_END = re.compile(r"\s*[,)]")
# Clause breaks between a value and a date: the date is another clause's.
CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while|which)\b")
# A date after its value is a little further than one before it ("in 2023, sales
# were 5" against "sales were 5 in 2023, ...").
PERIOD_AFTER_PENALTY = 15
BY_THE_END_OF = re.compile(r"\bby the end of\b")
# A date introduced as the point of comparison ("than a year earlier", "compared with
# 2023", "from the year before") is the compared value's period, never the period of
# a value written before the comparison word.
COMPARISON_BEFORE = re.compile(
    r"\b(?:than|compared (?:with|to)|versus|vs\.?|against|since)\s+(?:the\s+)?$",
    re.I,
)  # "since 1997" starts a span: it is not the period of a figure either
# "from" starts a period as often as it compares ("from April"): it compares only a
# date that is itself relative to another ("from a year earlier", "from the year
# before", "from a month ago").
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
RELATIVE_TO_ANOTHER = re.compile(r"\b(?:earlier|ago|before|previous|prior)\b", re.I)
# "(about $1.6 billion)": a bracketed conversion does not own the date beside it.
BRACKETED_CONVERSION = re.compile(r"\(\s*(?:about|around|some|roughly)?\s*$")

# The base a rate or change is measured against ("rose 3.3% in the year to August",
# "0.2% on the month"): two rates on different bases are different figures.
CHANGE_BASES = (
    ("year", re.compile(
        r"year[- ](?:on|over)[- ]year|\bannual(?:ly|i[sz]ed)?\b|in the year to\b|"
        r"from a year (?:earlier|ago|before)|\bon the year\b|\by/y\b|\byoy\b|"
        r"(?:than|with) a year (?:earlier|ago|before)|12[- ]month", re.I)),
    ("month", re.compile(
        r"month[- ](?:on|over)[- ]month|\bmonthly\b|\bon the month\b|"
        r"from the (?:previous|prior) month|\bm/m\b", re.I)),
    ("quarter", re.compile(
        r"quarter[- ](?:on|over)[- ]quarter|\bon the quarter\b|\bq/q\b|"
        r"from the (?:previous|prior) quarter", re.I)),
)  # fmt: skip
