# Verbind — two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test soak setup db translations extract-messages update-messages lint format bench clean

run: setup db
	$(FLASK) demo load --if-empty
	$(BIN)/python wsgi.py

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

# The live-room soak (minutes; needs TEST_DATABASE_URL and TEST_REDIS_URL). CI runs it too.
soak: setup
	$(BIN)/pytest -m soak tests/soak $(PYTEST_ARGS)

setup: $(STAMP) translations

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Compiled catalogues (.mo) are build output; the .po files are the source.
translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d community/translations

db: setup
	$(FLASK) db upgrade

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o community/translations/messages.pot --no-location --sort-output --omit-header .

update-messages: extract-messages
	$(BIN)/pybabel update -i community/translations/messages.pot -d community/translations --omit-header --ignore-obsolete --no-fuzzy-matching

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print tables; BENCH_DATABASE_URL adds PostgreSQL to the search benchmark.
bench: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
