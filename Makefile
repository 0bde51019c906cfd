# Rightdesk: `make run` serves the desk with demo data, `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export RIGHTDESK_DATA_DIR ?= $(CURDIR)/var

.PHONY: setup setup-dev run test test-sqlite test-postgres lint messages docs bench-core bench-processes clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rightdesk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-stamp: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev-stamp: $(VENV)/.runtime-stamp requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# Compiled catalogs are built from the .po files with pure Python (no gettext needed).
setup: $(VENV)/.runtime-stamp
	@$(BIN)/rightdesk compilemessages

setup-dev: setup $(VENV)/.dev-stamp

run: setup
	$(BIN)/rightdesk migrate
	$(BIN)/rightdesk demo
	@$(BIN)/rightdesk demo --logins
	@echo "Rightdesk is at http://127.0.0.1:$(PORT)/"
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	  $(BIN)/rightdesk worker --beat & \
	  $(BIN)/rightdesk serve --port $(PORT)

lint: setup-dev
	$(BIN)/ruff check rightdesk tests $(wildcard bench)
	$(BIN)/mypy rightdesk
	$(BIN)/lint-imports

test-sqlite: setup-dev
	DATABASE_URL= $(BIN)/python -m pytest -n 2 -q

test-postgres: setup-dev
	$(BIN)/python -m tests.dbserver $(BIN)/python -m pytest -n 2 -q

test: lint test-sqlite test-postgres

messages: setup-dev
	$(BIN)/rightdesk makemessages

docs: setup
	$(BIN)/python -c 'from rightdesk.core.permissions import permissions_markdown as m; print(m(), end="")' > docs/permissions.md

bench-core: setup-dev
	$(BIN)/python -m bench.core

bench-processes: setup-dev
	$(BIN)/python -m bench.processes

clean:
	rm -rf $(VENV) var
