# Verbinding — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VAR := var
export VERBINDING_VAR_DIR ?= $(CURDIR)/$(VAR)
# The app's DEBUG is off unless turned on. make is the developer's and the demo's tool, so its
# targets (demo, test, check, messages) run with DEBUG on; production runs from deploy/ (DEBUG=false).
export DEBUG ?= true

.PHONY: demo demo-fresh test check lint typecheck migrations-check install install-test messages clean serve bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install; the stamp changes when pyproject.toml changes.
# Deduce's lookup structures are built once per install (1-5 minutes), not on the first request.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m verbinding.privacy.redaction
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m verbinding.privacy.redaction
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m verbinding.privacy.redaction
	touch $(VENV)/.installed $(VENV)/.installed-test $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make demo: set up, migrate, load the demo association (first time only) and serve it on :8000
demo: install
	@mkdir -p $(VAR)
	$(BIN)/verbinding migrate --noinput
	$(BIN)/verbinding demo_setup
	$(BIN)/verbinding serve --port 8000

## make demo-fresh: throw the demo database away and start again
demo-fresh:
	rm -f $(VAR)/verbinding.sqlite3 $(VAR)/verbinding.sqlite3-*
	$(MAKE) demo

## make test: set up with the test extras and run the whole test suite
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; exit $$rc

## make check: lint, types and migrations, as CI runs them
check: install-test lint typecheck migrations-check

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy verbinding

migrations-check: install-test
	$(BIN)/verbinding makemigrations --check --dry-run

## make messages: refresh and compile the Dutch translations of every app
messages: install
	$(BIN)/python scripts/messages.py

## make bench: every benchmark at a small size (BENCH_ARGS="--households 10000 --database-url postgres://…")
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
