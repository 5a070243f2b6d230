"""Grouping articles into stories, so only figures about the same story are compared.

Two signals link a pair of articles, and linked pairs merge their groups only when
enough of the pairs between the groups are linked (average linkage, never a chain):
- the articles' content words (nouns and verbs), as TF-IDF vectors with a smoothed IDF
  that never reaches zero (in a batch that is all one story, plain batch IDF would
  discount exactly the words that tie it together);
- the specific names they share: a person, an organisation or another named thing
  counts fully, a place or nationality half, and places alone never make a story.
Articles published months apart need twice the evidence.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePath

# How stories are given: "auto" groups every article the input gives no story;
# "folders" makes each folder that holds article files directly one story.
STORY_MODES = ("auto", "folders")


def given_stories(articles: Iterable, mode: str = "auto") -> dict[str, str]:
    """article id -> story id for the articles whose story the input gives: a JSONL
    record's ``story`` field, and under ``mode="folders"`` the folder holding the
    article's file (any depth); the field wins over the folder."""
    if mode not in STORY_MODES:
        raise ValueError(f"unknown story mode {mode!r}: use {', '.join(STORY_MODES)}")
    out = {}
    for a in articles:
        if a.story is not None:
            out[a.id] = a.story
        elif mode == "folders":
            out[a.id] = str(PurePath(a.path).parent)
    return out


def combine_stories(
    auto: dict[str, str], given: dict[str, str]
) -> tuple[dict[str, str], set[str]]:
    """One map of article -> story from the automatic grouping and the given stories
    (given wins), and the ids of the given stories. A given story named like an
    automatic story's id is renamed, so two different groups never share an id."""
    taken = set(auto.values())
    rename = {g: g if g not in taken else f"story:{g}" for g in set(given.values())}
    stories = dict(auto)
    for article, story in given.items():
        stories[article] = rename[story]
    return stories, set(rename.values())


# entity key -> label is kept by the extractor as "label:key"
WEAK_LABELS = {"GPE", "NORP", "LOC"}
DEFAULT_THRESHOLD = 1.0  # measured on gold/dev: same-story pairs >= 1.0, other pairs <= 1.5; merging errs safe


def entity_weight(entry: str) -> float:
    label, _, key = entry.partition(":")
    if len(key) < 3 or label == "TERM":
        return 0.0
    if label in WEAK_LABELS:
        return 0.5  # places and nationalities: unrelated stories share them easily
    return 1.0


def _name_words(keys) -> set[str]:
    return {w for k in keys for w in k.replace("-", " ").split() if len(w) > 3}


def content_vectors(entities: dict[str, Counter]) -> dict[str, dict[str, float]]:
    """Unit TF-IDF vectors of each article's content words (TERM: entries), with a
    smoothed IDF that never reaches zero (a batch that is all one story keeps its
    shared vocabulary)."""
    n = len(entities)
    df: Counter = Counter()
    for counts in entities.values():
        df.update(k for k in counts if k.startswith("TERM:"))
    vectors = {}
    for article, counts in entities.items():
        vec = {
            k: (1 + math.log(c)) * (math.log((n + 1) / df[k]) + 1)
            for k, c in counts.items()
            if k.startswith("TERM:")
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[article] = {k: v / norm for k, v in vec.items()}
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def names_of(counts: Counter) -> dict[str, str]:
    """An article's names: name -> its "LABEL:name" entry."""
    return {k.partition(":")[2]: k for k in counts if not k.startswith("TERM:")}


def shared_score(a: Counter, b: Counter) -> float:
    """Shared whole names score by specificity; words shared only inside different
    names ("Sancayo" and "Sancayo province") add a quarter each. Places alone never
    make a story: without a shared person, organisation or other specific name, the
    places shared count at most 0.9."""
    return names_score(names_of(a), names_of(b))


def names_score(keys_a: dict[str, str], keys_b: dict[str, str]) -> float:
    """shared_score on the articles' names (``names_of``), computed once each."""
    shared = keys_a.keys() & keys_b.keys()
    # a name tagged as a place on either side counts as a place
    weights = [min(entity_weight(keys_a[k]), entity_weight(keys_b[k])) for k in shared]
    # words inside the names of people and organisations only: place names share
    # words ("Hong Kong", "Kong") too easily to count
    strong_a = {k for k, entry in keys_a.items() if entity_weight(entry) >= 1.0}
    strong_b = {k for k, entry in keys_b.items() if entity_weight(entry) >= 1.0}
    words = _name_words(strong_a - shared) & _name_words(strong_b - shared)
    words -= _name_words(shared)
    score = sum(weights) + 0.25 * len(words)
    if not any(w >= 1.0 for w in weights) and not words:
        score = min(score, 0.9)
    return score


def candidate_pairs(
    entities: dict[str, Counter], max_postings: int | None = None
) -> set[tuple[str, str]]:
    """Article pairs that share at least one name or name word, from an inverted index.

    A name that appears in very many articles ("china" across a whole archive) says
    little about which story an article belongs to; its posting list is skipped for
    candidate generation (the pair still scores it if another name brings it in), which
    keeps the work near-linear in the number of articles instead of quadratic.
    """
    return {
        pair
        for members in _postings(entities, max_postings)
        for i, a in enumerate(members)
        for pair in ((a, b) for b in members[i + 1 :])
    }


def _postings(
    entities: dict[str, Counter], max_postings: int | None = None
) -> list[list[str]]:
    """The inverted index's posting lists (sorted article ids) that make candidate
    pairs: those of two articles or more, and not of too many (see candidate_pairs)."""
    ids = sorted(entities)
    cap = max_postings if max_postings is not None else max(50, len(ids) // 100)
    postings: dict[str, list[str]] = {}
    for article in ids:
        keys = {
            k.partition(":")[2] for k in entities[article] if not k.startswith("TERM:")
        }
        terms = {k for k in entities[article] if k.startswith("TERM:")}
        for token in keys | _name_words(keys) | terms:
            postings.setdefault(token, []).append(article)
    return [
        members for _, members in sorted(postings.items()) if 2 <= len(members) <= cap
    ]


# Articles published further apart than this need twice the evidence to join.
FAR_APART_DAYS = 60
# Content-word cosine: measured on the seeds and gold/dev (same-story pairs 0.225 and
# up, pairs from different stories 0.143 and below). With a shared specific name (a
# person or organisation) a little common vocabulary is enough: short items about
# one company or person rarely share many words.
CONTENT_ALONE = 0.20
CONTENT_WITH_NAMES = 0.05


def same_story(
    content: float, names: float, far_apart: bool, threshold: float = DEFAULT_THRESHOLD
) -> bool:
    """Two articles tell one story when their vocabularies are close, or fairly close
    and they share specific names; months apart, they need twice as much of each."""
    k = 2.0 if far_apart else 1.0
    return content >= CONTENT_ALONE * k or (
        content >= CONTENT_WITH_NAMES and names >= threshold * k
    )


# Each article is scored against at most this many partners: those sharing the most
# (and the rarest) names and words with it. Bounds the work at n * PARTNERS pairs.
PARTNERS = 25
# Two groups merge only when at least this share of the pairs between them are
# linked: an article joins a story when it is linked to enough of the story's
# articles, not to one of them (single links chained 2,198 of the 2,225 BBC articles
# into one story).
LINK_SHARE = 0.75
# Articles this close in content are copies or versions of one story.
NEAR_DUPLICATE = 0.8


def partners(
    entities: dict[str, Counter], max_postings: int | None = None
) -> dict[str, list[str]]:
    """For each article, the articles that share the most with it: names and words
    from the inverted index, each shared key weighted by how few articles hold it."""
    shared: dict[str, Counter] = {a: Counter() for a in entities}
    for members in _postings(entities, max_postings):
        weight = 1.0 / math.log(len(members) + 1)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[a][b] += weight
                shared[b][a] += weight
    return {
        a: [b for b, _ in counts.most_common(PARTNERS)] for a, counts in shared.items()
    }


def linked_pairs(
    entities: dict[str, Counter],
    threshold: float = DEFAULT_THRESHOLD,
    dates: dict[str, dt.date | None] | None = None,
) -> list[tuple[float, str, str]]:
    """(content cosine, a, b) of every linked pair among the articles' partners,
    strongest first."""
    dates = dates or {}
    vectors = content_vectors(entities)
    names = {a: names_of(entities[a]) for a in entities}
    out = []
    seen: set[tuple[str, str]] = set()
    for a, others in partners(entities).items():
        for b in others:
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            da, db = dates.get(a), dates.get(b)
            far = bool(da and db and abs((da - db).days) > FAR_APART_DAYS)
            content = cosine(vectors[a], vectors[b])
            if same_story(content, names_score(names[a], names[b]), far, threshold):
                out.append((content, *pair))
    out.sort(key=lambda e: (-e[0], e[1], e[2]))
    return out


def group_stories(
    entities: dict[str, Counter],
    threshold: float = DEFAULT_THRESHOLD,
    dates: dict[str, dt.date | None] | None = None,
) -> dict[str, str]:
    """Map each article id to a story id (the smallest article id in its story).

    ``entities`` holds each article's names ("LABEL:name") and content words
    ("TERM:lemma"); ``dates`` its publication date where known. Linked pairs merge
    their groups strongest first, and only when at least LINK_SHARE of the pairs
    between the two groups are linked (average linkage), so one shared link never
    chains two stories together.
    """
    ids = sorted(entities)
    members: dict[str, list[str]] = {a: [a] for a in ids}
    group = {a: a for a in ids}
    links: dict[str, set[str]] = {a: set() for a in ids}
    edges = linked_pairs(entities, threshold, dates)
    for _, a, b in edges:
        links[a].add(b)
        links[b].add(a)
    for _, a, b in edges:
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        small, large = sorted((members[ga], members[gb]), key=len)
        large_set = set(large)
        between = sum(len(links[m] & large_set) for m in small)
        if between < LINK_SHARE * len(small) * len(large):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for m in members[gone]:
            group[m] = keep
        members[keep].extend(members.pop(gone))
    return {a: min(members[group[a]]) for a in ids}


def similarity_matrix(
    entities: dict[str, Counter],
) -> dict[tuple[str, str], tuple[float, float]]:
    """Pairwise (content cosine, shared-name score), for diagnostics."""
    ids = sorted(entities)
    vectors = content_vectors(entities)
    return {
        (a, b): (cosine(vectors[a], vectors[b]), shared_score(entities[a], entities[b]))
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
