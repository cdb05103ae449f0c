# Rete Sportelli. On a fresh machine with Python 3.11 and make:
#   make run    the whole platform (embedded PostgreSQL, web, worker, beat, demo data)
#   make test   the whole test suite
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export RETE_ENV ?= development

.PHONY: run test bench install lint clean-data

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Serve Python 3.11 ($(PYTHON) non trovato)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py run_platform

test: $(STAMP)
	RETE_ENV=test $(PY) -m pytest

bench: $(STAMP)
	RETE_ENV=test $(PY) bench/tenancy.py --tenants $${TENANTS:-1000}
	RETE_ENV=test $(PY) bench/casework.py --people $${PEOPLE:-100000}

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean-data:
	rm -rf .local
