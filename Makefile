# Rete Sportelli. On a fresh machine with Python 3.11 and make:
#   make run    the whole platform (embedded PostgreSQL, web, worker, beat, demo data)
#   make test   the whole test suite
# python3.11 if it is on the PATH, else python3 (checked to be 3.11 or 3.12 below).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3.11)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export RETE_ENV ?= development

.PHONY: run test bench install lint clean-data fuzz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] not in {(3, 11), (3, 12)})' 2>/dev/null \
		|| { echo "Serve Python 3.11 ($(PYTHON) non trovato o di altra versione)"; exit 1; }
	@mkdir -p .local/logs
	@echo "Installazione delle dipendenze in $(VENV)/ (dettagli in .local/logs/install.log)..."
	@{ test -x $(PY) || $(PYTHON) -m venv $(VENV); } > .local/logs/install.log 2>&1 \
		&& $(PY) -m pip install --quiet --upgrade pip >> .local/logs/install.log 2>&1 \
		&& $(PY) -m pip install --quiet -e ".[dev]" >> .local/logs/install.log 2>&1 \
		|| { tail -n 40 .local/logs/install.log; echo "Installazione non riuscita: vedere .local/logs/install.log"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(PY) manage.py run_platform

test: $(STAMP)
	RETE_ENV=test $(PY) -m pytest

# Deeper API fuzzing than `make test` runs: FUZZ_EXAMPLES per operation and role,
# FUZZ_SEED to explore other inputs (schemathesis over each site's OpenAPI document).
fuzz: $(STAMP)
	RETE_ENV=test RETE_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} RETE_FUZZ_SEED=$${FUZZ_SEED:-20261201} \
		$(PY) -m pytest tests/api/test_fuzz.py -p no:randomly -q

bench: $(STAMP)
	RETE_ENV=test $(PY) bench/tenancy.py --tenants $${TENANTS:-1000}
	RETE_ENV=test $(PY) bench/casework.py --people $${PEOPLE:-100000}
	RETE_ENV=test $(PY) bench/matching.py --candidates $${CANDIDATES:-100000}
	RETE_ENV=test $(PY) bench/feeds.py --payloads $${PAYLOADS:-2000} \
		--drain $${DRAIN:-2000} --messages $${MESSAGES:-10000} --tenants $${FEED_TENANTS:-20}

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean-data:
	rm -rf .local
