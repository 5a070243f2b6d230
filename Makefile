# Every target that needs the package creates .venv and installs it first, so a fresh
# clone needs nothing but Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-quality lint fuzz clean browser-deps review perturb

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/crosscheck run seeds/ --out reports/

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

# Review the seeds' findings in the browser (http://127.0.0.1:8765).
review: $(STAMP)
	$(BIN)/crosscheck run seeds/ --out reports/ --db reports/review.sqlite3
	$(BIN)/crosscheck review --report reports --db reports/review.sqlite3

# 1,200 labelled errors injected into the seeds and the dev stories, then measured.
perturb: $(STAMP)
	$(BIN)/crosscheck perturb seeds gold/dev --out reports/perturbed --articles 288 --errors 1200 --seed 13 --force --measure

# Dates against TempEval-3 platinum and AQUAINT (../shared/benchmarks/): TimeML harness.
bench-quality: $(STAMP)
	mkdir -p reports
	$(BIN)/python -m pipeline.quality.te3 --json reports/te3.json
	$(BIN)/python -m pipeline.quality.timeml aquaint --json reports/aquaint.json

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

# Hypothesis with 10,000 examples per property (make test runs the "ci" profile).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider --hypothesis-show-statistics

clean:
	rm -rf $(VENV) reports build *.egg-info
