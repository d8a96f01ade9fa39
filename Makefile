# ciskg — run `make help` for the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install build serve test lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## create .venv and install ciskg with its dev tools

build: install ## build the graph from data/reports into build/ and var/store
	$(BIN)/ciskg build

serve: build ## install, build the graph, and serve it on http://$(HOST):$(PORT)
	$(BIN)/ciskg serve --host $(HOST) --port $(PORT)

lint: install ## ruff check and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: install ## lint, then the whole test suite
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest

bench: install ## benchmarks against peers (not run by CI)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/ciskg build
	$(BIN)/python bench/endpoint.py
	$(BIN)/python bench/backends.py
	$(BIN)/python bench/shacl.py
	$(BIN)/python bench/load.py
	cd bench && ../$(BIN)/python build.py

clean: ## remove build outputs (not the virtualenv)
	rm -rf build var .pytest_cache
