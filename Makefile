# The two commands: `make run` (set up and run) and `make test` (set up and test).
PYTHON_SYSTEM ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# The django-stubs plugin imports the settings, which need these; any value does.
MYPY := SECRET_KEY=mypy DATABASE_URL=postgres://localhost/mypy $(PY) -m mypy

.PHONY: run test install lint bench messages clean-db

run: install
	$(PY) -m jobcenter_crm.launcher

test: install
	$(PY) -m ruff check .
	$(MYPY)
	$(PY) -m pytest -n auto

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

lint: install
	$(PY) -m ruff check .
	$(MYPY)
	$(PY) -m ruff format --check .

bench: install
	$(PY) -m devdata.bench

# Needs Debian's gettext (apt-get install gettext); the compiled catalogue is committed.
messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l da -l en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*'
	cd $(CURDIR) && $(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

# Forget the embedded databases (demo data is created again on the next `make run`).
clean-db:
	rm -rf var/pgdata var/test-pgdata var/redis var/test-redis var/celerybeat-schedule*
