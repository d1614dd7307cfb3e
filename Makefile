# lawbridge — the two README commands (`make run`, `make test`) bootstrap everything with the
# standard library only: python3 -m venv, upgrade pip, pip install -e '.[dev]'. The stamp file
# re-installs only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEEDUPS := $(VENV)/.speedups
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres test-browser check lint typecheck imports catalogs demo clean audit

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The compiled modules (C via Cython: the names engine's scorer, the signals engine's Hamming
# search), rebuilt when a source changes. Without a C compiler it warns and the engines' Python
# references serve: the same results, slower.
$(SPEEDUPS): $(STAMP) src/lawbridge/engines/names/_speedups.pyx src/lawbridge/engines/signals/_hamming.pyx genscripts/build_speedups.py
	$(BIN)/python genscripts/build_speedups.py $(if $(CI),--strict,)
	touch $(SPEEDUPS)

venv: $(SPEEDUPS)

run: $(SPEEDUPS)
	mkdir -p var
	$(BIN)/lawbridge db upgrade
	$(BIN)/lawbridge demo
	$(BIN)/lawbridge serve --host $(HOST) --port $(PORT)

# The whole suite. PostgreSQL tests use LAWBRIDGE_TEST_DATABASE_URL (default: this machine's
# server); without a server they skip with the reason, and under CI=true a skip is a failure.
test: $(SPEEDUPS)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(SPEEDUPS) lint typecheck imports

lint: $(SPEEDUPS)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(SPEEDUPS)
	$(BIN)/mypy --strict src/lawbridge

imports: $(SPEEDUPS)
	$(BIN)/lint-imports

# Re-extract the web UI's messages, merge them into each catalogue and compile the .mo files.
# Edit locale/zh_Hans/LC_MESSAGES/messages.po between runs; tests fail when any of the three is stale.
LOCALE_DIR := src/lawbridge/server/web/locale
catalogs: $(SPEEDUPS)
	$(BIN)/pybabel extract -F babel.cfg --project=lawbridge --add-location=file --sort-by-file \
		-o $(LOCALE_DIR)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR) -l zh_Hans \
		--init-missing --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE_DIR) --statistics

# Static security checks of our code (bandit; skipped tests justified in pyproject's [tool.bandit]).
# Not part of `make test`. Dependency vulnerabilities: `$(BIN)/pip-audit` needs the PyPI advisory
# API, which this project's machines cannot reach (see docs/trust.md).
audit: $(SPEEDUPS)
	$(BIN)/bandit -c pyproject.toml -r src/lawbridge -q

clean:
	rm -f src/lawbridge/engines/names/_speedups*.so
	rm -rf $(VENV) var/*.db var/*.db-* .pytest_cache .mypy_cache .ruff_cache
