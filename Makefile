# Two commands on a fresh machine (Python >= 3.11 and make):
#   make report   set up the environment if needed, run the default case, print the report path
#   make test     set up the environment if needed, run the test suite
#
# The environment is the active virtualenv or conda env when there is one,
# otherwise .venv/ here. Set-up runs again only when pyproject.toml changes.

SHELL := /bin/bash
PYTHON ?= python3
PARAMS ?= params/pharma.yaml
ARGS ?=
PYTEST_ARGS ?=
KERNEL := tiering-kit

ifneq ($(strip $(VIRTUAL_ENV)),)
  ENV_DIR := $(VIRTUAL_ENV)
else ifneq ($(strip $(CONDA_PREFIX)),)
  ENV_DIR := $(CONDA_PREFIX)
else
  ENV_DIR := $(CURDIR)/.venv
endif
PY := $(ENV_DIR)/bin/python
STAMP := .make/env$(subst /,_,$(ENV_DIR)).stamp

.PHONY: report test bench setup lab clean-env help FORCE
.DEFAULT_GOAL := help

help:
	@echo "make report   run the default case ($(PARAMS)); ARGS='--set period.months=6' to override"
	@echo "make test     run the tests"
	@echo "make bench    run the benchmarks (slow; not part of make test)"
	@echo "make lab      open the notebooks in JupyterLab"
	@echo "environment:  $(ENV_DIR)"

setup: $(STAMP)

# set up again when pyproject.toml changes, or when the environment's python has gone
$(STAMP): pyproject.toml $(if $(wildcard $(PY)),,FORCE)
	@if [ ! -x "$(PY)" ]; then \
	  $(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tiering kit needs Python >= 3.11, but $(PYTHON) is " + sys.version.split()[0] + "; run make PYTHON=python3.11 ...")' && \
	  echo "Creating the virtual environment $(ENV_DIR)" && \
	  $(PYTHON) -m venv "$(ENV_DIR)" || { echo "Could not create $(ENV_DIR): on Debian/Ubuntu install python3-venv first"; exit 1; }; \
	fi
	@echo "Installing the kit and its dependencies into $(ENV_DIR) (the first time takes a few minutes)"
	@mkdir -p .make
	@# the build backend's notes (editable installs) go to a log, shown when the install fails
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip > .make/pip.log 2>&1 || { cat .make/pip.log; exit 1; }
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" > .make/pip.log 2>&1 || { cat .make/pip.log; exit 1; }
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	@mkdir -p .make && touch "$(STAMP)"

report: $(STAMP)
	@$(PY) -m kit run $(PARAMS) $(ARGS)

test: $(STAMP)
	@$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]" > .make/pip.log 2>&1 || { cat .make/pip.log; exit 1; }
	@$(PY) -m benchmarks $(ARGS)

lab: $(STAMP)
	@cd notebooks && $(PY) -m jupyterlab

clean-env:
	rm -rf .venv .make

FORCE:
