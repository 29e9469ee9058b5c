# 充值指南 · Top-up Guides. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make serve` runs with production settings on this machine: plain HTTP on localhost.
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve-varnish: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve-varnish: export DJANGO_SECURE_SSL_REDIRECT ?= 0
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements

run: export DJANGO_DEBUG ?= 1
run: $(STAMP) ## Install, migrate, load the demo content and serve on 127.0.0.1:$(PORT)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_demo_editor
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

serve: $(STAMP) .secret_key ## Serve like production: DEBUG off, collected static files, gunicorn
	$(WITH_KEY) $(BIN)/python manage.py migrate --no-input
	$(WITH_KEY) $(BIN)/python manage.py load_demo_content
	$(WITH_KEY) $(BIN)/python manage.py collectstatic --no-input -v0
	$(WITH_KEY) GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

serve-varnish: $(STAMP) .secret_key ## Like serve, with Varnish on $(PORT) in front of gunicorn on $(PORT)+1
	@command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || $(APT_INSTALL) varnish varnish-modules
	$(WITH_KEY) $(BIN)/python manage.py migrate --no-input
	$(WITH_KEY) $(BIN)/python manage.py load_demo_content
	$(WITH_KEY) $(BIN)/python manage.py collectstatic --no-input -v0
	$(WITH_KEY) $(BIN)/python scripts/serve_varnish.py --port $(PORT)

# A random secret key for `make serve` on this machine; production sets DJANGO_SECRET_KEY itself.
WITH_KEY = DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}
.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The browser tests' checkers (axe-core, the Nu Html Checker) from the npm registry, pinned.
BROWSER_TOOLS := tests/browser/node_modules/.installed
$(BROWSER_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

test: $(STAMP) $(BROWSER_TOOLS) ## Install and run the whole test suite (browser tests need Chromium)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

screenshots: $(STAMP) $(BROWSER_TOOLS) ## Refresh the README's screenshots in docs/screenshots
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser -k "screenshot or journey or admin_layout"

# Debian packages the measuring targets need, installed when missing (apt-get needs root).
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

bench: $(STAMP) ## Benchmark with gunicorn, Varnish and wrk (BENCH_ARGS="--bulk" adds 20,000 guides, "--lighthouse" Lighthouse)
	@command -v wrk >/dev/null || $(APT_INSTALL) wrk
	@command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || $(APT_INSTALL) varnish varnish-modules
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

callgrind: $(STAMP) ## Instructions per request, counted by valgrind (CALLGRIND_ARGS="--bulk")
	@command -v valgrind >/dev/null || $(APT_INSTALL) valgrind
	$(BIN)/python scripts/callgrind.py $(CALLGRIND_ARGS)

sql-timings: $(STAMP) ## Queries per page and their time (SQL_ARGS="--bulk"; prepared or not on PostgreSQL)
	$(BIN)/python scripts/sql_timings.py $(SQL_ARGS)

search-quality: $(STAMP) ## Share of the public readers' queries with an expected guide in the top 3
	$(BIN)/python scripts/search_quality.py $(SEARCH_QUALITY_ARGS)

lint: $(STAMP) ## Check lint, formatting and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP) ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP) ## Update locale/*.po from the code and templates, and compile them to .mo
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete --add-location file --ignore=.venv --ignore=staticfiles --ignore=tests
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=tests

clean: ## Remove the virtual environment and collected static files
	rm -rf $(VENV) staticfiles .secret_key

.PHONY: help install run serve serve-varnish test screenshots bench callgrind sql-timings search-quality lint format messages clean
