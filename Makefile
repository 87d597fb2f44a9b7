# make run: set up and start the widget. make test: set up and run every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup run dev serve bench bench-production bench-loader bench-bundle bench-search screenshots check-content lint format test \
	test-unit test-e2e test-e2e-production test-network bench-smoke mutation lock clean

help:
	@echo "make run            set up and start the widget on http://localhost:3000"
	@echo "make test           set up, lint, run the unit and end-to-end tests"
	@echo "make dev            the widget with hot reload (Reflex's development server)"
	@echo "make serve          production: workers on Redis and PostgreSQL (README, Production)"
	@echo "make bench          the widget against its static baseline: bench/RESULTS.md"
	@echo "make bench-production  500 sessions on Redis, PostgreSQL and 3 workers"
	@echo "make bench-loader   print the loaders' compressed sizes against their budgets (3 KB inline, 3.5 KB with the launcher)"
	@echo "make bench-bundle   the JavaScript once touched, module by module (docs/performance.md)"
	@echo "make bench-search   the help search's top-1 / top-3 accuracy on customers' phrasings"
	@echo "make screenshots    retake the screen tests' references and the README's pictures"
	@echo "make check-content  validate the content files under alma_widget/content/"
	@echo "make format         format the code with ruff"
	@echo "make mutation       mutation testing of every module (hours; a part: MUTANTS='alma_widget.web.*')"
	@echo "make lock           rewrite requirements/*.txt after a dependency change (UPGRADE=1: newest)"

setup:
	@scripts/setup.sh

run: setup
	@scripts/run.sh

dev: setup
	@scripts/run.sh dev

# Production installs requirements/serve.txt: the widget's packages, no test tools.
serve:
	@scripts/setup.sh serve
	@scripts/serve.sh

# scripts/env.sh: the project's bun and Reflex's offline settings, as for every command.
bench: setup
	@scripts/servers.sh && source scripts/env.sh && ALMA_TEST_CHROMIUM="$$(scripts/browser.sh)" python -m bench

bench-production: setup
	@scripts/servers.sh && source scripts/env.sh && ALMA_TEST_CHROMIUM="$$(scripts/browser.sh)" python -m bench --production --sessions 500

bench-loader: setup
	@.venv/bin/python -m bench.loader

# source-map-explorer, pinned, into .tools/ beside bun (only this report needs it).
bench-bundle: setup
	@source scripts/env.sh && [ -x .tools/node_modules/.bin/source-map-explorer ] || \
		npm install --prefix .tools --no-audit --no-fund --silent --save-exact source-map-explorer@2.5.3
	@source scripts/env.sh && python -m bench.bundle

bench-search: setup
	@.venv/bin/python -m bench.search

# The screen tests' references (tests/e2e/screens/), taken anew on purpose, and the README's
# pictures among them.
README_SHOTS := fr-1280x800-2-help fr-360x740-3-form en-1280x800-4-errors fr-360x740-launcher-panel
screenshots: setup
	@ALMA_SCREENSHOTS_RENEW=1 scripts/test.sh e2e tests/e2e/test_screens.py -q
	@mkdir -p docs/screenshots
	@for shot in $(README_SHOTS); do cp test-results/screenshots/$$shot.png docs/screenshots/; done
	@echo "tests/e2e/screens/ (the screen tests' references) and docs/screenshots/ updated"

check-content: setup
	@.venv/bin/alma-widget-check-content

# The lock files (requirements/*.txt, with hashes) from pyproject.toml's ranges; pins kept
# unless UPGRADE=1. Run after changing a dependency: tests/unit/test_lock_files.py says so.
lock: setup
	@scripts/lock.sh $(if $(UPGRADE),--upgrade)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

test-unit: setup
	@scripts/test.sh unit

test-e2e: setup
	@scripts/test.sh e2e

# The same suite on Redis, PostgreSQL and three workers (servers started by the tests).
test-e2e-production: setup
	@scripts/test.sh e2e-production

# Customers on a 300 ms connection (harness/proxy.py): a build of its own, so a run of its own.
test-network: setup
	@scripts/test.sh network

# Every measure of `make bench` and `make bench-production`, a few times each: the benches
# keep working (their figures go to test-results/, not to bench/RESULTS.md).
bench-smoke: setup
	@scripts/servers.sh && source scripts/env.sh && export ALMA_TEST_CHROMIUM="$$(scripts/browser.sh)" && \
		python -m bench --smoke && python -m bench --production --smoke

# Mutation testing of every module of alma_widget/ ([tool.mutmut] in pyproject.toml), in parts:
# MUTANTS='alma_widget.web.*' (a package: 5 to 65 minutes on two cores; all of it, about five
# hours). Not in CI; docs/testing.md has the scores. Prints the surviving mutants.
mutation: setup
	@scripts/servers.sh && source scripts/env.sh && export ALMA_TEST_DATABASES=sqlite && rm -rf mutants && \
		set -f && mutmut run --max-children 2 $(MUTANTS); mutmut results

# Separate pytest runs: async unit tests after sync Playwright tests in one process fail.
test: lint test-unit test-e2e test-e2e-production test-network bench-smoke

clean:
	rm -rf .web .states .venv .tools data
