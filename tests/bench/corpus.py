"""Scale corpora for the benchmarks, built from the repository's own articles.

``write_corpus(dest, n)`` cycles over ``seeds/*.txt`` and ``gold/dev/*/*.txt`` and
writes ``n`` files ``<stem>-<k>.txt`` (k = which pass over the sources), so every
article has its own id. Copies after the first pass have their numbers shifted (see
``vary_numbers``) so that no two copies are identical: the pipeline's per-sentence
caches (quantulum3, dateparser) then miss about as often as on real copy, and a
throughput figure is not flattered by repeated sentences.

Copies of one source share its names, so they fall into one story with each other:
a 10,000-article corpus is a few very large stories rather than many small ones.
That is harsher than real copy for story grouping and cross-article checks and does
not matter for extraction speed.

Also runnable: ``python tests/bench/corpus.py DEST N`` writes a corpus for a
``crosscheck run``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def source_files(root: Path = ROOT) -> list[Path]:
    """The articles a scale corpus is made of, in a fixed order."""
    files = sorted((root / "seeds").glob("*.txt")) + sorted(
        (root / "gold" / "dev").glob("*/*.txt")
    )
    if not files:
        raise FileNotFoundError(f"no seeds/*.txt or gold/dev/*/*.txt under {root}")
    return files


# A run of digits (with thousands separators or a decimal part) that is not part of
# an ISO date, a clock time, a score ("3-0"), a slash date or a word ("G20").
_NUMBER = re.compile(
    r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:/-]|[.,]\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _shift(match: re.Match, k: int) -> str:
    whole, decimals = match[1], match[2] or ""
    if _YEAR.fullmatch(whole) and not decimals:
        return match[0]  # years stay: periods and datelines must still line up
    grouped = "," in whole
    n = int(whole.replace(",", ""))
    if decimals:
        # 3.3 -> 3.4, 3.5, ... the integer part moves every ten copies
        digits = len(decimals) - 1
        scaled = n * 10**digits + int(decimals[1:]) + k
        n, frac = divmod(scaled, 10**digits)
        decimals = "." + str(frac).zfill(digits)
    elif n <= 31:
        # Could be a day of the month. Days stay, so datelines and the events they
        # report keep their order (moving them also crashed event_date_mismatch on
        # yearless dates before 7fa897c).
        pass
    elif n < 100:
        n = 32 + (n - 32 + k) % 68
    else:
        n += k
    text = f"{n:,}" if grouped else str(n)
    return text + decimals


def vary_numbers(text: str, k: int) -> str:
    """The text with its numbers (not its years, times or ISO dates) shifted by ``k``.

    ``k == 0`` leaves the text unchanged. Lengths of numbers may change, so offsets
    differ between copies; each copy is read on its own.
    """
    if k == 0:
        return text
    return _NUMBER.sub(lambda m: _shift(m, k), text)


def corpus_texts(
    n: int, *, vary: bool = True, root: Path = ROOT
) -> list[tuple[str, str]]:
    """``n`` (id, text) pairs cycling over the source articles."""
    sources = [(p.stem, p.read_text("utf-8")) for p in source_files(root)]
    out = []
    for i in range(n):
        k, j = divmod(i, len(sources))
        stem, text = sources[j]
        out.append((f"{stem}-{k}", vary_numbers(text, k) if vary else text))
    return out


def write_corpus(dest: Path, n: int, *, vary: bool = True, root: Path = ROOT) -> Path:
    """Write ``n`` articles as ``dest/<stem>-<k>.txt`` and return ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for article_id, text in corpus_texts(n, vary=vary, root=root):
        (dest / f"{article_id}.txt").write_text(text, encoding="utf-8")
    return dest


def build_corpus(n: int, *, vary: bool = True):
    """An in-memory ``Corpus`` of ``n`` articles (no files), as ``load_corpus`` would
    make it from ``write_corpus``'s folder."""
    from pipeline.corpus import Corpus, make_article

    return Corpus(
        articles=[make_article(i, f"{i}.txt", t) for i, t in corpus_texts(n, vary=vary)]
    )


def word_count(texts) -> int:
    """Words as ``crosscheck run`` counts them (whitespace-separated)."""
    return sum(len(t.split()) for t in texts)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tests/bench/corpus.py DEST N")
    out = write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{sys.argv[2]} articles in {out}")
