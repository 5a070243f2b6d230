"""Grouping articles into stories, so only figures about the same story are compared.

Two articles belong to the same story when they share enough specific names: each
shared entity scores by how specific it is (a person, an organisation or a multi-word
name counts fully; a one-word place or nationality, which unrelated stories share
easily, counts half), and stories are the connected components of article pairs
whose shared score reaches the threshold. Batch-internal IDF is not used: in a batch
that is all one story it would discount exactly the names that tie it together.
"""

from __future__ import annotations

from collections import Counter

# entity key -> label is kept by the extractor as "label:key"
WEAK_LABELS = {"GPE", "NORP", "LOC"}
DEFAULT_THRESHOLD = 1.0  # measured on gold/dev: same-story pairs >= 1.0, other pairs <= 1.5; merging errs safe


def entity_weight(entry: str) -> float:
    label, _, key = entry.partition(":")
    if len(key) < 3:
        return 0.0
    if label in WEAK_LABELS and " " not in key and "-" not in key:
        return 0.5
    return 1.0


def _name_words(keys) -> set[str]:
    return {w for k in keys for w in k.replace("-", " ").split() if len(w) > 3}


def shared_score(a: Counter, b: Counter) -> float:
    """Shared whole names score by specificity; words shared only inside different
    names ("Sancayo" and "Sancayo province") add a quarter each."""
    keys_a = {k.partition(":")[2]: k for k in a}
    keys_b = {k.partition(":")[2]: k for k in b}
    shared = keys_a.keys() & keys_b.keys()
    score = sum(max(entity_weight(keys_a[k]), entity_weight(keys_b[k])) for k in shared)
    words = _name_words(keys_a.keys() - shared) & _name_words(keys_b.keys() - shared)
    words -= _name_words(shared)
    return score + 0.25 * len(words)


def candidate_pairs(entities: dict[str, Counter], max_postings: int | None = None) -> set[tuple[str, str]]:
    """Article pairs that share at least one name or name word, from an inverted index.

    A name that appears in very many articles ("china" across a whole archive) says
    little about which story an article belongs to; its posting list is skipped for
    candidate generation (the pair still scores it if another name brings it in), which
    keeps the work near-linear in the number of articles instead of quadratic.
    """
    ids = sorted(entities)
    cap = max_postings if max_postings is not None else max(50, len(ids) // 100)
    postings: dict[str, list[str]] = {}
    for article in ids:
        keys = {k.partition(":")[2] for k in entities[article]}
        for token in keys | _name_words(keys):
            postings.setdefault(token, []).append(article)
    pairs: set[tuple[str, str]] = set()
    for members in postings.values():
        if len(members) < 2 or len(members) > cap:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def group_stories(entities: dict[str, Counter], threshold: float = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Map each article id to a story id (the smallest article id in its story)."""
    ids = sorted(entities)
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in sorted(candidate_pairs(entities)):
        if find(a) == find(b):
            continue
        if shared_score(entities[a], entities[b]) >= threshold:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in ids}


def similarity_matrix(entities: dict[str, Counter]) -> dict[tuple[str, str], float]:
    """Pairwise shared scores, for diagnostics."""
    ids = sorted(entities)
    return {(a, b): shared_score(entities[a], entities[b]) for i, a in enumerate(ids) for b in ids[i + 1 :]}
