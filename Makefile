# Civic Square: `make run` serves the demo, `make test` runs lint, types and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.txt package-lock.json | cksum | cut -d' ' -f1)

.PHONY: install run test lint types pytest bench messages lock check-deploy clean

$(STAMP): requirements/dev.txt package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	  else echo "npm not found: browser accessibility tests (axe-core) will not run"; fi
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

# the tally engine's compiled kernel: rebuilt when its source changed (a no-op otherwise)
install: $(STAMP)
	@$(BIN)/python scripts/build_kernel.py

run: install
	$(BIN)/python scripts/run_dev.py

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .

types: install
	$(BIN)/mypy .

bench: install
	@set -e; for script in benchmarks/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script; done

messages: install
	$(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=benchmarks --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock:
	$(BIN)/uv lock
	$(BIN)/uv export --frozen --extra dev --no-emit-project --format requirements-txt -o requirements/dev.txt -q
	$(BIN)/uv export --frozen --no-emit-project --format requirements-txt -o requirements/base.txt -q

check-deploy: install
	CIVIC_ENV=production SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
	CENSUS_HASH_KEY=x BALLOT_KEY=y RESPONSE_KEY=z ALLOWED_HOSTS=civic.example \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache build budgeting/tally/_mes_kernel.c budgeting/tally/_mes_kernel.*.so
