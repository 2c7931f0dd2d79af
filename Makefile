# openbook: `make run` and `make test` each do all of their own set-up on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OPENBOOK := $(BIN)/openbook

.PHONY: setup lock audit-deps run demo test lint format bench clean-venv assets browser pdf java screenshots

## The Python dependencies exactly as locked (with hashes), then openbook itself. Re-runs only
## when pyproject.toml or requirements.lock changes.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

## Regenerate requirements.lock from pyproject.toml (runtime and dev), with every file's hash,
## against PyPI itself whatever index the machine's pip is configured with. Commit both.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--index-url https://pypi.org/simple --no-header --quiet -o requirements.lock

## Known vulnerabilities in the locked packages (pip-audit, PyPI's advisory data). Needs
## network access to PyPI's JSON API; --strict makes a package it cannot look up an error
## (exit 1), never a silent "No known vulnerabilities found" (docs/security.md).
audit-deps: setup
	$(BIN)/pip-audit --requirement requirements.lock --require-hashes --disable-pip --strict \
		--progress-spinner off

VENDOR := src/openbook/web/static/vendor
ASSETS_STAMP := $(VENDOR)/.built

## The main job on the embedded default: build the Dorset demonstration system (once) and
## serve the dashboard on http://127.0.0.1:8000.
run: setup assets pdf
	$(OPENBOOK) init
	$(OPENBOOK) demo
	$(OPENBOOK) users demo
	$(OPENBOOK) position --system QVV --year 2017/18 --month 12
	$(OPENBOOK) serve --host 127.0.0.1 --port 8000

## Front-end assets (NHS.UK frontend, vega-embed, axe-core) from npm, served locally.
$(ASSETS_STAMP): package.json package-lock.json $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m openbook.web.assets node_modules $(VENDOR)
	touch $@

assets: $(ASSETS_STAMP)

## Debian's chromium for the browser tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## Pango, the text layout library WeasyPrint draws board-pack PDFs with (Debian's package).
pdf:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation; }

## Java 17+ for Apache Spark (`activity cube --engine spark`): Debian's default JRE.
java:
	@java -version >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		default-jre-headless; }

## Lint (ruff + mypy strict) and the whole test suite, in TEST_WORKERS processes (pytest-xdist;
## each process has stores of its own, so they never share a database).
TEST_WORKERS ?= 2
test: setup assets browser pdf java lint
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

## Benchmarks: each compares openbook with a named peer and writes bench/results/*.json.
bench: setup assets
	$(BIN)/python bench/run_all.py

clean-venv:
	rm -rf $(VENV)

## Screenshots for the user guide (docs/images/3*.png) from a fresh demonstration store, in
## Debian's chromium (make browser); see docs/images/capture.py.
screenshots: setup assets
	$(BIN)/python docs/images/capture.py --out docs/images
