# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= examples.db

.PHONY: install run shell lint check test bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)  ## .venv with babelwire installed (idempotent)

run: install  ## ingest and cluster the bundled sample corpus, then show what came of it
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/babelwire ingest examples/corpus --db $(DB)
	$(BIN)/babelwire stories --db $(DB) --sort size

shell: install  ## an interactive shell with .venv active: `babelwire` is on PATH (exit to leave)
	@echo "babelwire is on PATH in this shell; type exit to leave"
	@PATH="$(CURDIR)/$(BIN):$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)" exec $${SHELL:-/bin/sh} -i

lint: install  ## ruff and mypy (their settings are in pyproject.toml)
	$(BIN)/ruff check babelwire tests benchmarks
	$(BIN)/mypy

check: install  ## the edit loop: ruff, then every test not marked slow (a few minutes)
	$(BIN)/ruff check babelwire tests benchmarks
	$(BIN)/python -m pytest -q -m "not slow"

test: install lint  ## everything: ruff, mypy and the whole test suite
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
