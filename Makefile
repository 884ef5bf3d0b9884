# Gongjiang: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

EDGE_PORT ?= 6081
EDGE_ADMIN_PORT ?= 6082

.PHONY: install install-dev test-tools run demo edge test lint bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate requirements.txt
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Debian's chromium (browser tests), redis-server (Redis cache tests) and varnish with
# varnish-modules (edge tests, xkey); installed only as root.
test-tools:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/redis-server ] && [ -x /usr/sbin/varnishd ] \
		&& ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk redis-server varnish varnish-modules >/dev/null) \
		|| echo "Could not install chromium, redis-server and varnish: their tests will be skipped."; \
	else echo "Not root: tests that need chromium, redis-server or varnish skip without them (apt-get install chromium redis-server varnish varnish-modules)."; fi

# DEBUG is off unless asked for (config/settings.py); the demo, the dev server and the
# tests ask for it here, explicitly. A DJANGO_DEBUG already in the environment wins.
demo run edge test: export DJANGO_DEBUG ?= 1

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The demo through Varnish (deploy/varnish/): readers on EDGE_PORT, gunicorn on PORT.
edge: demo
	deploy/varnish/local $(HOST) $(PORT) $(EDGE_PORT) $(EDGE_ADMIN_PORT)

test: install-dev test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

bench: install-dev
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles test-artifacts
