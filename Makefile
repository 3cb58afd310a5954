# The README's two commands, `make demo` and `make test`, and their parts.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/warta
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install test-deps services test-sqlite test-postgres lint format bench bench-search bench-sitemaps bench-invalidation bench-edge cluster messages clean

demo: install
	$(BIN)/warta demo --addr $(ADDR)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Warta needs Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

test-deps: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml package.json package-lock.json
	$(BIN)/pip install -q -e '.[test]'
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's nodejs and npm for the validators"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@command -v java >/dev/null || { \
	  echo "Installing Debian's Java runtime for the Nu Html Checker"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	# The validators (vnu-jar, lighthouse, axe-core, sitemap's XSD); --ignore-scripts skips
	# vnu-jar's download of its own Java, since the machine's is used.
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@[ -x /usr/sbin/nginx ] && [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || { \
	  echo "Installing Debian's nginx for the edge tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static; }
	@command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@touch $@

# Start the local PostgreSQL and Redis when they are installed but not running.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1 && \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start && sleep 2; } || true
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432 and could not be started"; exit 1; }
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { \
	  command -v redis-server >/dev/null && $(SUDO) redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no && sleep 1; } || true
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { echo "Redis is not running on 127.0.0.1:6379 and could not be started"; exit 1; }

test: test-deps services
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	WARTA_REQUIRE_ALL=1 WARTA_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest

test-postgres:
	WARTA_REQUIRE_ALL=1 WARTA_DATA_DIR=$(CURDIR)/var/test WARTA_DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not cluster"

lint:
	$(BIN)/ruff check warta tests bench deploy
	$(BIN)/ruff format --check warta tests bench deploy
	$(BIN)/mypy warta

format:
	$(BIN)/ruff format warta tests bench deploy
	$(BIN)/ruff check --fix warta tests bench deploy

bench: install
	$(BIN)/python bench/page_render.py

bench-search: test-deps services
	$(BIN)/python bench/search.py

bench-sitemaps: install
	$(BIN)/python bench/sitemap_memory.py

bench-invalidation: install
	$(BIN)/python bench/invalidation.py

# Warta behind its nginx edge against nginx serving the same bytes from a file (needs wrk).
bench-edge: test-deps
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/edge.py

# PostgreSQL, Redis, an S3-compatible store, three app servers, two workers and nginx on this
# machine, with the demo newsroom (docs/operations.md); Ctrl+C stops it.
cluster: test-deps services
	$(BIN)/python deploy/cluster.py

messages:
	cd warta && ../$(BIN)/warta makemessages -l id --no-obsolete && ../$(BIN)/warta compilemessages -l id

clean:
	rm -rf $(VENV) var/test
