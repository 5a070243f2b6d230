"""End-to-end throughput against bare spaCy, on the same corpus in the same run.

Figures (issue 6): words and articles a second for ``process()`` with one worker and
with two, for bare ``nlp.pipe`` of the full base model (one and two processes) and,
for reference, of its NER alone; and the ratios between them. Each side is measured
once per session (``bench_figures.once``), so a ratio test run on its own still
measures both of its sides.

Ratios are given twice: by wall clock and by CPU time. On a shared machine the wall
clock of a single-process run stretches with everyone else's load while its CPU time
does not, so the CPU ratio is the one to compare against the target of 0.7 when the
load column says the machine was busy. The two-worker speed-up is measured by wall
clock and asserted only when the machine had a spare core; beside it is the speed-up
projected from CPU times (one worker's CPU over the parent's own CPU plus half the
workers'), which other jobs hardly change: it says what two free cores would give
when the parent's work does not overlap the workers'.
"""

from __future__ import annotations

import os

import pytest
from corpus import build_corpus, word_count

from pipeline.run import RunOptions, process

N_ARTICLES = int(os.environ.get("CC_BENCH_ARTICLES", "200"))
BATCH_SIZE = 16  # crosscheck's default --batch-size; bare spaCy gets the same

# Floors from the measured runs (README: "Throughput"), with room for noise. They
# guard against a collapse, not the targets, which are printed beside them.
MIN_CPU_RATIO_TO_BARE = (
    0.55  # measured 0.71-0.74 this session (0.53-0.59 at 9e049b2); target 0.7
)
MIN_TWO_WORKER_SPEEDUP = 1.2  # measured 1.48-1.58 at load 2, 2.0 projected; target 1.4


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(N_ARTICLES)


@pytest.fixture(scope="module")
def texts(corpus):
    return [a.text for a in corpus.articles]


@pytest.fixture(scope="module")
def words(texts):
    return word_count(texts)


@pytest.fixture(scope="module")
def base_nlp(texts):
    from pipeline.nlp.pipeline import load_base_model

    nlp = load_base_model()
    for _ in nlp.pipe(texts[:8]):  # first calls allocate; not part of the figure
        pass
    return nlp


@pytest.fixture(scope="module")
def warm_pipeline(corpus):
    """The pipeline as ``process()`` gets it, warmed on copies that are not in the
    measured corpus (so no sentence of it is in the caches beforehand)."""
    from corpus import vary_numbers

    from pipeline.nlp.pipeline import build_nlp

    # process() calls build_nlp(options.model): build_nlp() would be another cache
    # entry (lru_cache keys f() and f(None) apart) and load a second model
    nlp = build_nlp(None)
    for article in corpus.articles[:4]:
        nlp(vary_numbers(article.text, 9999))
    return nlp


def _bare(nlp, texts, n_process=1, disable=()):
    with nlp.select_pipes(disable=list(disable)):
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process):
            pass


def _rates(timing, words, articles) -> dict:
    return {
        "wall_s": round(timing.wall, 2),
        "cpu_s": round(timing.cpu, 2),
        "load": round(timing.load, 2),
        "words_per_s": round(words / timing.wall),
        "articles_per_s": round(articles / timing.wall, 2),
        "words_per_cpu_s": round(words / timing.cpu) if timing.cpu else None,
    }


def _line(figures: dict) -> str:
    return (
        f"{figures['words_per_s']:>6} words/s "
        f"{figures['articles_per_s']:>6} articles/s "
        f"(wall {figures['wall_s']} s, cpu {figures['cpu_s']} s, "
        f"{figures['words_per_cpu_s']} words/cpu-s, load {figures['load']})"
    )


def _bare_timing(bench_figures, base_nlp, texts, n_process=1, disable=()):
    key = f"bare:{n_process}:{','.join(disable)}"
    return bench_figures.once(
        key, lambda: bench_figures.timed(_bare, base_nlp, texts, n_process, disable)
    )[1]


def _pipeline_run(bench_figures, corpus, workers):
    options = RunOptions(workers=workers, batch_size=BATCH_SIZE, cache_path=None)
    return bench_figures.once(
        f"process:{workers}",
        lambda: bench_figures.timed(process, corpus, options=options),
    )


def _measure(benchmark, bench_figures, key, fn):
    """Run ``fn`` under the benchmark fixture once; later callers get the same run."""
    if key not in bench_figures.cache:
        bench_figures.cache[key] = benchmark.pedantic(
            bench_figures.timed, args=(fn,), rounds=1, iterations=1
        )
    return bench_figures.cache[key]


def test_bare_spacy_one_process(benchmark, bench_figures, base_nlp, texts, words):
    _, timing = _measure(
        benchmark, bench_figures, "bare:1:", lambda: _bare(base_nlp, texts)
    )
    figures = _rates(timing, words, len(texts))
    benchmark.extra_info.update(figures, articles=len(texts), words=words)
    bench_figures.add("bare nlp.pipe, 1 process", _line(figures))
    print(figures)


def test_bare_spacy_ner_only(benchmark, bench_figures, base_nlp, texts, words):
    others = [p for p in base_nlp.pipe_names if p != "ner"]
    key = f"bare:1:{','.join(others)}"
    _, timing = _measure(
        benchmark, bench_figures, key, lambda: _bare(base_nlp, texts, 1, others)
    )
    figures = _rates(timing, words, len(texts))
    benchmark.extra_info.update(figures, articles=len(texts), words=words)
    bench_figures.add("bare nlp.pipe, NER only", _line(figures))
    print(figures)


def test_bare_spacy_two_processes_against_one(
    benchmark, bench_figures, base_nlp, texts, words
):
    one = _bare_timing(bench_figures, base_nlp, texts)
    _, two = _measure(
        benchmark, bench_figures, "bare:2:", lambda: _bare(base_nlp, texts, 2)
    )
    figures = _rates(two, words, len(texts))
    speedup = one.wall / two.wall
    projected = one.cpu / (two.own_cpu + (two.cpu - two.own_cpu) / 2)
    benchmark.extra_info.update(
        figures,
        speedup_vs_one=round(speedup, 2),
        projected_speedup_from_cpu=round(projected, 2),
    )
    bench_figures.add("bare nlp.pipe, 2 processes", _line(figures))
    bench_figures.add(
        "bare 2 processes / 1",
        f"{speedup:.2f}x (reference: 1.6x); {projected:.2f}x projected from CPU",
    )
    print(figures, speedup)


def test_pipeline_one_process_against_bare_spacy(
    benchmark, bench_figures, corpus, warm_pipeline, base_nlp, texts, words
):
    bare = _bare_timing(bench_figures, base_nlp, texts)
    options = RunOptions(workers=1, batch_size=BATCH_SIZE, cache_path=None)
    result, timing = _measure(
        benchmark, bench_figures, "process:1", lambda: process(corpus, options=options)
    )
    assert len(result.articles) == len(corpus.articles) and result.words == words
    figures = _rates(timing, words, len(texts))
    wall_ratio = bare.wall / timing.wall
    cpu_ratio = bare.cpu / timing.cpu
    figures.update(
        ratio_to_bare_wall=round(wall_ratio, 3),
        ratio_to_bare_cpu=round(cpu_ratio, 3),
        extract_s=round(result.extract_seconds, 2),
        stories_and_check_s=round(result.seconds - result.extract_seconds, 2),
        check_s=round(result.check_seconds, 3),
        claims=len(result.claims),
        findings=len(result.findings),
    )
    benchmark.extra_info.update(figures)
    bench_figures.add("crosscheck, 1 worker", _line(figures))
    bench_figures.add(
        "crosscheck 1 worker / bare",
        f"{wall_ratio:.2f} by wall clock, {cpu_ratio:.2f} by CPU time (target >= 0.7); "
        f"extract {figures['extract_s']} s, "
        f"stories+checks {figures['stories_and_check_s']} s, "
        f"{len(result.claims)} claims",
    )
    print(figures)
    assert cpu_ratio >= MIN_CPU_RATIO_TO_BARE, figures


def test_pipeline_two_workers_against_one(
    benchmark, bench_figures, corpus, warm_pipeline, texts, words
):
    one_result, one = _pipeline_run(bench_figures, corpus, 1)
    options = RunOptions(workers=2, batch_size=BATCH_SIZE, cache_path=None)
    result, two = _measure(
        benchmark, bench_figures, "process:2", lambda: process(corpus, options=options)
    )
    assert len(result.claims) == len(one_result.claims)
    figures = _rates(two, words, len(texts))
    speedup = one.wall / two.wall
    extract_speedup = one_result.extract_seconds / result.extract_seconds
    # What two free cores would give, from CPU times alone (no overlap assumed
    # between the parent's own work and the workers'): robust to other jobs.
    projected = one.cpu / (two.own_cpu + (two.cpu - two.own_cpu) / 2)
    figures.update(
        speedup_vs_one=round(speedup, 2),
        extract_speedup_vs_one=round(extract_speedup, 2),
        projected_speedup_from_cpu=round(projected, 2),
        parent_cpu_s=round(two.own_cpu, 2),
    )
    benchmark.extra_info.update(figures)
    bench_figures.add("crosscheck, 2 workers", _line(figures))
    bench_figures.add(
        "crosscheck 2 workers / 1",
        f"{speedup:.2f}x overall, {extract_speedup:.2f}x extraction "
        f"(target >= 1.4x, stretch 1.5x); {projected:.2f}x projected from CPU "
        f"(parent {two.own_cpu:.1f} s, workers {two.cpu - two.own_cpu:.1f} s)"
        + ("  [machine busy: not asserted]" if one.busy or two.busy else ""),
    )
    print(figures)
    if not (one.busy or two.busy) and (os.cpu_count() or 1) >= 2:
        assert speedup >= MIN_TWO_WORKER_SPEEDUP, figures


# Runs of some kinds of checks run only the components those read (``--checks``,
# extract.plan_for). Every kind that reads claims needs the model's tags, parse and
# entities (the claim builder reads them all), so only the placeholder check, which
# reads the text alone, skips spaCy; date checks leave out crosscheck's ranks and
# quantities (every other kind needs all of crosscheck's components: see
# extract._COMPONENTS_FOR). Issue 6's target for these runs: above 1.0 of bare spaCy.
ONLY = ("date", "placeholder")


@pytest.mark.parametrize("kind", ONLY)
def test_pipeline_with_only_the_components_a_run_needs(
    benchmark, bench_figures, corpus, warm_pipeline, base_nlp, texts, words, kind
):
    bare = _bare_timing(bench_figures, base_nlp, texts)
    options = RunOptions(
        workers=1, batch_size=BATCH_SIZE, cache_path=None, checks=(kind,)
    )
    result, timing = _measure(
        benchmark,
        bench_figures,
        f"process:1:{kind}",
        lambda: process(corpus, options=options),
    )
    assert len(result.articles) == len(corpus.articles)
    figures = _rates(timing, words, len(texts))
    cpu_ratio = bare.cpu / timing.cpu
    figures.update(
        ratio_to_bare_cpu=round(cpu_ratio, 3),
        claims=len(result.claims),
        findings=len(result.findings),
    )
    benchmark.extra_info.update(figures)
    bench_figures.add(f"crosscheck --checks {kind}", _line(figures))
    bench_figures.add(
        f"crosscheck --checks {kind} / bare",
        f"{cpu_ratio:.2f} by CPU time (target > 1.0); {len(result.claims)} claims, "
        f"{len(result.findings)} findings",
    )
    print(figures)
    assert result.findings, "the corpus has findings of every kind"
