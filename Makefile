# Victim Care Hub: `make run` starts the hub with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/victimcare
# The PostgreSQL leg runs as production does, with Redis as the cache (database 15: tests only).
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# Local commands run with the developer's .env (SECRET_KEY); DEBUG only where named below.
MANAGE := $(BIN)/python manage.py

.PHONY: image image-start image-wait drill drill-demo lint-migrations run test deps assets messages lint types deploy-check test-sqlite test-postgres test-browser services lock clean test-scale

$(VENV)/.installed: requirements/dev.txt pyproject.toml
	bash scripts/ensure-system-libs.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build/static/.built: node_modules/.installed scripts/build-assets.mjs $(shell find assets -type f)
	npm run --silent build
	touch $@

.env: | $(VENV)/.installed
	$(BIN)/python -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@

deps: $(VENV)/.installed node_modules/.installed
assets: build/static/.built

run: deps assets .env
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput
	DJANGO_DEBUG=true VCH_DEMO_SKIP_TWO_FACTOR=true $(MANAGE) seed_demo
	@echo
	@echo "Victim Care Hub is starting at http://$(HOST):$(PORT)/staff/ (public portal: http://$(HOST):$(PORT)/)"
	@echo "Sign in with one of the demo users above. Press Ctrl+C to stop the web server, the task worker and the scheduler."
	@DJANGO_DEBUG=true VCH_DEMO_SKIP_TWO_FACTOR=true VCH_PUBLIC_URL="$${VCH_PUBLIC_URL:-http://$(HOST):$(PORT)}" bash -c 'trap "kill 0" EXIT; $(MANAGE) worker & $(MANAGE) scheduler & $(MANAGE) runserver $(HOST):$(PORT)'

services:
	bash scripts/ensure-services.sh

# lint-imports holds one direction of dependency between the apps: the contracts in
# pyproject.toml [tool.importlinter] (docs/architecture.md); src first, as the tests import it.
lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

types: deps
	$(BIN)/mypy

test-sqlite: deps assets
	SECRET_KEY=test-only DJANGO_SETTINGS_MODULE=victimcare.config.settings.test $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=sqlite:///var/test-sqlite.sqlite3 EXPECTED_DB_VENDOR=sqlite $(BIN)/pytest -m "not browser"

test-postgres: deps assets services
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) EXPECTED_DB_VENDOR=postgresql $(BIN)/pytest -m "not browser"

test-browser: deps assets services
	DATABASE_URL=$(PG_URL) EXPECTED_DB_VENDOR=postgresql REQUIRE_BROWSER=1 $(BIN)/pytest -m browser

# Production settings must pass Django's deployment checks with no warning at all.
deploy-check: deps assets
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))") \
	ALLOWED_HOSTS=hub.example.org $(MANAGE) check --deploy --fail-level WARNING

# ---- Operations (issue 20; owner: ops): the image, the restore drill, the migration linter ----
# The production image (Containerfile), built with podman from Debian's packages, and its
# smoke test from the image's file system: check --deploy, migrate into a scratch PostgreSQL
# database, scheduler and worker, gunicorn with /health/live, /health/ready and /metrics.
# `make test` runs it in the background beside the test legs (image-start ... image-wait).
IMAGE_SMOKE_DATABASE_URL ?= $(PG_URL)_image
IMAGE_SMOKE_REDIS_URL ?= redis://127.0.0.1:6379/13
export IMAGE_SMOKE_DATABASE_URL IMAGE_SMOKE_REDIS_URL

image: assets services
	bash scripts/build-image.sh

image-start: assets services
	bash scripts/image-job.sh start

image-wait:
	bash scripts/image-job.sh wait

# The restore drill against the PostgreSQL database in PG_URL: dump, restore into a scratch
# database, counts, decryption with the configured keys, append-only logs (docs/operations.md).
drill: deps services
	DATABASE_URL=$(PG_URL) $(MANAGE) restore_drill

# The same drill over a scratch database seeded with the demo (PG_URL's name + _drill).
drill-demo: deps services
	bash scripts/restore-drill-demo.sh $(PG_URL)

# A migration that would break the release still running during a rolling deploy fails
# (scripts/lint_migrations.py: django-migration-linter on PostgreSQL's SQL; reviewed list).
# It only reads: it connects to the server's maintenance database `postgres`.
lint-migrations: deps services
	DATABASE_URL=$(dir $(PG_URL))postgres LOG_LEVEL=WARNING $(BIN)/python scripts/lint_migrations.py
# ---- end of operations ----

# The image build starts first, in the background, and is checked last (image-wait).
test: image-start lint types deploy-check lint-migrations drill-demo test-sqlite test-postgres test-browser test-scale image-wait
	@echo "All checks passed: lint, types, deployment checks, migration linter, restore drill, tests on SQLite and PostgreSQL, browser tests, the replica and two-of-everything tests, the image and its smoke test."

# Portal translations: refresh the Welsh catalogue after changing portal text, translate the
# new entries in src/victimcare/locale/cy/LC_MESSAGES/django.po, then compile (both committed).
messages: deps
	cd src/victimcare && ../../$(BIN)/django-admin makemessages -l cy --ignore="tests/*" --no-obsolete --no-wrap
	cd src/victimcare && ../../$(BIN)/django-admin compilemessages -l cy

lock: deps
	$(BIN)/pip-compile --quiet --strip-extras -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --extra dev -o requirements/dev.txt pyproject.toml
	sed -i '/^--extra-index-url/d;/^--find-links/d;s/^#    pip-compile.*/#    make lock/' requirements/*.txt

clean:
	rm -rf $(VENV) node_modules build var .pytest_cache .mypy_cache .ruff_cache

# --- Scale (issue 21): a real streaming replica and two of every process ------------------
# Starts a PostgreSQL streaming replica of the primary on 127.0.0.1:$(REPLICA_PORT)
# (scripts/replica.sh, pg_basebackup), then runs tests/scale/: reports on the replica and
# what they do when it lags or stops (ADR 0045), two workers and two web processes sharing
# PostgreSQL and Redis with one killed (ADR 0046). Redis database 14: tests only.
REPLICA_PORT ?= 5433
REPLICA_TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
test-scale: deps assets services
	REPLICA_PORT=$(REPLICA_PORT) bash scripts/replica.sh start
	VCH_SCALE_TESTS=1 DATABASE_URL=$(PG_URL) REDIS_URL=$(REPLICA_TEST_REDIS_URL) \
	DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$(REPLICA_PORT)/$(notdir $(PG_URL)) \
	EXPECTED_DB_VENDOR=postgresql $(BIN)/pytest -m scale tests/scale
