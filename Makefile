# `make demo` and `make test` do all set-up on a fresh machine: they create .venv and install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint evaluate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	scripts/demo.sh

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest
	$(BIN)/phongtrao evaluate corpora/gold --check

evaluate: $(STAMP)
	$(BIN)/phongtrao evaluate corpora/gold --ner-baseline

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_crawl.py

clean:
	rm -rf $(VENV) build *.egg-info
