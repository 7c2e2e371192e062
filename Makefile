# Verbind — two commands: `make run` and `make test`. Everything else is set up by them.
# Each installs only what it needs, at the versions of constraints.txt: `make run` the runtime
# (requirements.txt), `make test` also the test tools, `make bench` the benchmark tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PIP_INSTALL := $(BIN)/pip install --quiet -c constraints.txt

.PHONY: run test soak screenshots setup db translations extract-messages update-messages lint format bench clean

run: $(VENV)/.installed-run translations db
	$(FLASK) demo load --if-empty
	@# The mail worker runs beside the server and stops with it.
	$(FLASK) mail work & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(BIN)/python wsgi.py

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

# The live-room soak (minutes; needs TEST_DATABASE_URL and TEST_REDIS_URL). CI runs it too.
soak: setup
	$(BIN)/pytest -m soak tests/soak $(PYTEST_ARGS)

# Renew docs/screenshots from the demo data (needs Chromium); `make test` writes them elsewhere.
screenshots: setup
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/browser/test_screenshots.py $(PYTEST_ARGS)

setup: $(VENV)/.installed-test translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: requirements-bench.txt requirements.txt constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-bench.txt
	touch $@ $(VENV)/.installed-run

# Compiled catalogues (.mo) are build output; the .po files are the source.
translations: $(VENV)/.installed-run
	$(BIN)/pybabel compile --use-fuzzy -d community/translations

db: $(VENV)/.installed-run
	$(FLASK) db upgrade

extract-messages: $(VENV)/.installed-run
	$(BIN)/pybabel extract -F babel.cfg -k _l -o community/translations/messages.pot --no-location --sort-output --omit-header .

update-messages: extract-messages
	$(BIN)/pybabel update -i community/translations/messages.pot -d community/translations --omit-header --ignore-obsolete --no-fuzzy-matching

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print tables; BENCH_DATABASE_URL adds PostgreSQL to the search benchmark.
bench: $(VENV)/.installed-bench translations
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
