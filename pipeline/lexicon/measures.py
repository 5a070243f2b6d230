"""What figures measure, in the news sense: near-synonyms that name one measure, and
the titles that stand before a person's name.

Groups are of nouns a reporter uses for the same figure of the same story ("the
storm" / "the hurricane", "profit" / "net income", "sales" / "turnover"). They are
evidence for aligning two claims, never enough alone: the subject, the period and
the words around the values must agree too.
"""

from __future__ import annotations

MEASURE_SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"storm", "hurricane", "typhoon", "cyclone", "tempest"},
        {"quake", "earthquake", "tremor", "temblor"},
        {"profit", "net profit", "net income", "earning", "net earning", "income"},
        {"sale", "turnover", "revenue", "takings"},
        {"death", "dead", "death toll", "toll", "fatality", "killed", "victim", "life"},
        {"injury", "injured", "wounded", "casualty"},
        {"passenger", "traveller", "traveler", "flyer"},
        {"job", "position", "post", "worker", "employee", "staff"},
        {"vote", "ballot"},
        {"price", "cost"},
        {"visitor", "tourist", "arrival"},
        {"people", "person", "resident", "individual", "inhabitant"},
        {"loss", "net loss", "deficit"},
        {"fine", "penalty"},
        {"home", "house", "dwelling", "flat", "apartment"},
        {"soldier", "troop"},
        {"student", "pupil"},
        {"car", "vehicle"},
        {"share", "stake"},
    )
)

# Words before a name that are not part of it ("Chancellor Gordon Brown", "Mr Brown").
PERSON_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof",
     "professor", "president", "chancellor", "minister", "prime", "secretary",
     "senator", "sen", "rep", "governor", "gov", "mayor", "chief", "executive",
     "chairman", "chairwoman", "chair", "director", "general", "gen", "king",
     "queen", "prince", "princess", "judge", "justice", "coach", "manager",
     "captain", "leader", "spokesman", "spokeswoman", "officer", "inspector",
     "sergeant", "colonel", "major", "st", "saint"}
)  # fmt: skip

# Demonym endings: "Kenyan" names Kenya, "Brazilian" Brazil, "Japanese" Japan.
DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "i", "n")

# Verbs that say what an amount of money is when no noun does: "the house cost
# $2m", "was sold for $9.4bn", "fetched £300" are what something cost (lemmas).
PRICE_VERBS = frozenset({"cost", "sell", "buy", "fetch"})

# Nouns that say how large a value is, not what it measures ("a record $946
# million", "an all-time high of 42 dollars", "a peak of 3,000"): the measure is
# what the clause says the value is of.
VALUE_SIZE_WORDS = frozenset({"record", "high", "low", "peak", "tally", "sum"})

# Nouns that name a movement or a figure, not what moved ("an increase of 9.3
# percent", "the figure"): as a measure they say nothing about which fact it is.
GENERIC_MEASURE_HEADS = frozenset(
    {"increase", "rise", "growth", "gain", "jump", "decrease", "decline", "drop",
     "fall", "reduction", "cut", "change", "figure", "number", "total", "amount",
     # a currency or a scale named where the measure should be ("25bn rupees
     # ($250m)": the bracketed dollars are not a figure of "rupees")
     "dollar", "euro", "pound", "sterling", "yen", "yuan", "rupee", "peso", "rand",
     "franc", "rouble", "ruble", "won", "sol", "naira", "unit", "m", "bn", "mn",
     "million", "billion", "cent", "penny", "pence"}
) | VALUE_SIZE_WORDS  # fmt: skip

# Figures of a moment rather than of a period (a market quote, an exchange rate): two
# articles give the same one only when they say for when.
MOMENT_HEADS = frozenset(
    {"price", "rate", "yield", "index", "quote", "quotation", "share", "stock"}
)  # "shares were up over 5% by noon", "closed up 4.75%": a quote moves by the hour

# Words of a running toll: the counts of an event's dead, hurt, missing, arrested or
# displaced, which are revised as reports come in (lemmas, as in a claim's context).
RUNNING_TOLL_WORDS = frozenset(
    {"kill", "die", "dead", "death", "toll", "injure", "wound", "hurt", "injury",
     "missing", "arrest", "detain", "evacuate", "rescue", "infect", "infection",
     "hospitalise", "hospitalize", "drown", "casualty", "victim", "survivor",
     "displace", "homeless", "fatality"}
)  # fmt: skip
# Measures that are tolls by their name only: "cases" of a disease, not "in the case
# of" nearby.
RUNNING_TOLL_MEASURES = frozenset({"case", "death", "casualty", "fatality"})
