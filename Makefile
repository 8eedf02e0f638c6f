# Order Service — `make run` serves the demo, `make test` runs every suite. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo-data run dev test lint format worker frontend clean-var schema

$(INSTALLED): requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

frontend:
	@if [ -f frontend/package.json ]; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	fi

demo-data: install frontend
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data

# gunicorn (config/gunicorn.conf.py: WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT); WhiteNoise serves
# the collected static files and the SPA. `kill -HUP $$(cat var/gunicorn.pid)` reloads gracefully.
run: demo-data
	$(PY) manage.py collectstatic --noinput --verbosity 0
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.conf.py

# Django's autoreloading development server, for working on the code.
dev: demo-data
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm test; fi

# The committed OpenAPI schema; config/tests/test_openapi_committed.py fails when it is stale.
schema: install
	$(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml

worker: install
	$(BIN)/celery -A config worker --loglevel=info

clean-var:
	rm -rf var

# Import benchmark (not part of `make test`): flushes the database it is given, so it gets one of its own.
N ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/os_imports_bench
.PHONY: bench-import
bench-import: install
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false SECRET_KEY=benchmark-only $(PY) -m benchmarks.end_to_end --offers $(N)
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false SECRET_KEY=benchmark-only $(PY) -m benchmarks.run_import --offers $(N)

# Parser benchmark (not part of `make test`): the same N offers as Yandex Market YML and as nested YAML, each
# parsed in a fresh process (CPU s, peak RSS); no database.
.PHONY: bench-parse
bench-parse: install
	$(PY) -m benchmarks.generate --offers $(N) --format yml --out var/bench/parse.xml
	$(PY) -m benchmarks.generate --offers $(N) --format nested --out var/bench/parse.yaml
	$(PY) -m benchmarks.parse_only var/bench/parse.xml var/bench/parse.yaml

# Load benchmark (not part of `make test`): gunicorn over PostgreSQL and a private redis-server, 20 and 50
# clients for 60 s each, catalogue cache on and off. The database gets the demo catalogue and bench customers.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/os_load_bench
.PHONY: bench-load
bench-load: install
	DATABASE_URL=$(LOAD_DATABASE_URL) DEBUG=false SECRET_KEY=load-benchmark-only-never-a-real-secret-key ALLOWED_HOSTS=127.0.0.1 \
		SECURE_SSL_REDIRECT=0 $(PY) -m benchmarks.load

# Checkout benchmark (not part of `make test`): adds its own rows to a migrated database of its own.
ROUNDS ?= 50
BENCH_CHECKOUT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/os_checkout_bench
.PHONY: bench-checkout
bench-checkout: install
	DATABASE_URL=$(BENCH_CHECKOUT_DATABASE_URL) DEBUG=false SECRET_KEY=benchmark-only $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_CHECKOUT_DATABASE_URL) DEBUG=false SECRET_KEY=benchmark-only $(PY) -m benchmarks.checkout --rounds $(ROUNDS)

# Catalogue benchmark (not part of `make test`): generates 200,000 products × 5 offers into its own database
# (kept between runs), then load-tests gunicorn; see benchmarks/RESULTS.md.
BENCH_CATALOGUE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/os_catalogue_bench
.PHONY: bench-catalogue
bench-catalogue: install
	BENCH_CATALOGUE_DATABASE_URL=$(BENCH_CATALOGUE_DATABASE_URL) $(PY) -m benchmarks.run_catalogue
