# Two commands for a fresh machine; each does all of its own set-up.
#   make demo   virtual environment + install + `insights analyze` on data/sample/
#   make test   the same set-up plus dev tools, then the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# constraints.txt pins the versions CI and developers run (torch 2.13.0 CPU among them).
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test install install-dev evaluate screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) --upgrade pip setuptools wheel
	$(PIP_INSTALL) torch
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[dev,dask]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/insights analyze data/sample/comments.csv --out out/sample

test: install-dev
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

evaluate: install-dev
	$(BIN)/python scripts/evaluate_all.py

clean:
	rm -rf out .pytest_cache
