# openbook: `make run` and `make test` each do all of their own set-up on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OPENBOOK := $(BIN)/openbook

.PHONY: setup run demo test lint format bench clean-venv assets browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job on the embedded default: build the Dorset demonstration system and show it.
run: setup
	$(OPENBOOK) init
	$(OPENBOOK) demo
	$(OPENBOOK) position --system QVV --year 2017/18 --month 12

## Front-end assets (NHS.UK frontend, vega-embed) from npm, served locally: filled in by the web app.
assets:

## Debian's chromium for the browser tests (never a browser download): filled in by the web app.
browser:

## Lint (ruff + mypy strict) and the whole test suite.
test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

## Benchmarks: each compares openbook with a named peer and writes bench/results/*.json.
bench: setup
	$(BIN)/python bench/run_all.py

clean-venv:
	rm -rf $(VENV)
