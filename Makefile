# Every target that needs the package creates .venv and installs it first, so a fresh
# clone needs nothing but Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-quality lint fuzz clean browser-deps review perturb screenshots

# The seeds' report and its review database (make run writes them, make review serves them).
REPORTS := reports
REVIEW_DB := $(REPORTS)/review.sqlite3

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# Checks the seeds and ends with the top findings, the report's path and how to
# review them. crosscheck lives in the virtual environment: $(BIN)/crosscheck, or
# plain crosscheck after '. $(BIN)/activate'.
run: $(STAMP)
	$(BIN)/crosscheck run seeds/ --out $(REPORTS)/ --db $(REVIEW_DB)
	@echo ""
	@echo "Or: make review (the same app on http://127.0.0.1:8765/; Ctrl+C stops it)."
	@echo "Every other command: $(BIN)/crosscheck --help, or '. $(BIN)/activate' once and then plain crosscheck."

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

# Review the seeds' findings in the browser (http://127.0.0.1:8765/; the report at
# /report). The run first brings the report up to date with the decisions so far.
review: $(STAMP)
	$(BIN)/crosscheck run seeds/ --out $(REPORTS)/ --db $(REVIEW_DB) --quiet
	$(BIN)/crosscheck review --report $(REPORTS) --db $(REVIEW_DB)

# 1,200 labelled errors injected into the seeds and the dev stories, then measured.
perturb: $(STAMP)
	$(BIN)/crosscheck perturb seeds gold/dev --out reports/perturbed --articles 288 --errors 1200 --seed 13 --force --measure

# Quality on data too large for make test: dates against TempEval-3 platinum and
# AQUAINT (../shared/benchmarks/te3-platinum, aquaint), quantities against NewsQuant's development
# half (../shared/benchmarks/newsquant-dev), the 2,225 real BBC articles of
# gold/real-news (reports/real-news/eval.*; its slice runs in make test), and the
# numeric contradictions of the RTE development sets (../shared/benchmarks/
# rte-numeric-dev, reports/rte.json). Each step runs even when an earlier one falls
# below its targets.
bench-quality: $(STAMP)
	mkdir -p reports
	status=0; \
	$(BIN)/python -m pipeline.quality.te3 --json reports/te3.json || status=1; \
	$(BIN)/python -m pipeline.quality.timeml aquaint --json reports/aquaint.json || status=1; \
	$(BIN)/python -m pipeline.quality.newsquant --json reports/newsquant.json || status=1; \
	$(BIN)/crosscheck eval --gold gold --set real-news --out reports/real-news --workers 2 > /dev/null || status=1; \
	$(BIN)/python -m pipeline.quality.rte --json reports/rte.json || status=1; \
	exit $$status

bench: $(STAMP)
	$(BIN)/python -m pytest tests/bench --benchmark-enable --benchmark-only -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

# Browser tests drive Debian's Chromium (Playwright's own browser download does not
# work here); install it when missing and we are root (CI is).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser tests will fail" >&2; fi; }

# Fresh pictures for the README: report.html, the queue and a finding page of each kind.
screenshots: $(STAMP) browser-deps
	$(BIN)/python -m tests.browser.screenshots docs

# Hypothesis with 10,000 examples per property (make test runs the "ci" profile).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider --hypothesis-show-statistics

clean:
	rm -rf $(VENV) reports build *.egg-info
