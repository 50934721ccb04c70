# socorg — two commands: `make run` (set up and serve) and `make test` (run every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run setup venv deps assets db demo test test-setup browser lint bench clean-var messages

# The demo signs officers in with a password alone (SOCORG_REQUIRE_STAFF_2FA=0); production leaves two-factor on.
run: setup
	@echo "socorg: http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	SOCORG_REQUIRE_STAFF_2FA=$${SOCORG_REQUIRE_STAFF_2FA:-0} $(BIN)/gunicorn socorg.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

## setup: everything but serving. Safe to run again.
setup: deps assets db demo

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python

# Reinstalls only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

deps: $(VENV)/.installed

# JS/CSS from npm, copied beside our own static files: pages never load anything from a CDN.
static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js static/vendor/
	touch $@

assets: static/vendor/.installed

db: deps
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) load_divisions
	$(MANAGE) load_holidays
	$(MANAGE) collectstatic --no-input -v 0

demo: db
	$(MANAGE) load_demo
	$(MANAGE) load_demo_supervision
	$(MANAGE) load_demo_credit
	$(MANAGE) load_demo_charity
	$(MANAGE) load_demo_engagement
	$(MANAGE) load_demo_exchange

## Browser tests need Debian's Chromium and CJK fonts; installed here so a new machine gets them.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
	  echo "installing chromium and fonts-noto-cjk (apt)"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test-setup: deps assets browser

test: test-setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python scripts/audit_dependencies.py
	SOCORG_REQUIRE_BROWSER=1 $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: deps
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Run from the project root (running manage.py inside an app folder shadows packages such as `rules`); strings
# land in the locale/ directory of the app that holds them. Needs GNU gettext (Debian package gettext).
messages: deps
	$(MANAGE) makemessages -l zh_Hans --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' \
	  --ignore 'bench/*' --ignore '*/tests/*' --ignore 'conftest.py'
	$(MANAGE) compilemessages -l zh_Hans --ignore '.venv/*' --ignore 'node_modules/*'

bench: deps
	$(BIN)/python -m bench --help

clean-var:
	rm -rf var
