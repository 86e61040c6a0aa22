# Vidensassistent — see README.md for what each target does.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.10
# pyenv installs python3.10 behind a shim that only works when 3.10 is selected;
# fall back to the interpreter pyenv keeps on disk.
PYTHON_BIN := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.10.*/bin/python3.10 2>/dev/null | tail -n 1)
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
# `-m` keeps this checkout first on sys.path (before the editable install's finder)
PYTEST := $(BIN)/python -m pytest
MODEL := models/vidensassistent.tar.gz
SPACY_MODEL := build/spacy-da
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055

# Everything the trained model depends on: retrain when any of it is newer.
# data/about.yml (the "Om" page, retention) is not training data.
MODEL_INPUTS := config.yml domain.yml $(filter-out data/about.yml,$(shell find data vidensassistent/components -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null))

export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa sends usage telemetry by default; a municipal installation must not.
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install train validate lint test-actions test-stories test-e2e test run shell bench lock clean

help:
	@echo "make run    – installer, træn og start assistenten (REST + socket.io)"
	@echo "make shell  – chat med assistenten i terminalen"
	@echo "make test   – validering, lint, action-tests, træning, test-stories, held-out-tjek"
	@echo "make bench  – mål træfsikkerhed, latenstid, træningstid og hukommelse"

$(BIN)/activate:
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.10 blev ikke fundet (sæt PYTHON=...)"; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt constraints.txt pyproject.toml
	$(BIN)/pip install --quiet --upgrade "pip==24.0"
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	# the project itself, editable: `actions` and `vidensassistent` importable from anywhere
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(SPACY_MODEL)/meta.json: $(VENV)/.installed vidensassistent/cli/build_spacy.py vidensassistent/components/compact_lemmatizer.py
	$(BIN)/python -m vidensassistent.cli.build_spacy $(SPACY_MODEL)

install: $(VENV)/.installed $(SPACY_MODEL)/meta.json

$(MODEL): $(VENV)/.installed $(SPACY_MODEL)/meta.json $(MODEL_INPUTS)
	$(RASA) train --fixed-model-name vidensassistent --out models
	@touch $@

train: $(MODEL)

validate: install
	$(RASA) data validate

lint: install
	$(BIN)/ruff check actions vidensassistent tests benchmarks
	$(BIN)/ruff format --check actions vidensassistent tests benchmarks

# tests/actions: names and hooks shared by the features; tests/faq: the knowledge answers
# (the other features' unit tests run in their own targets: mk/referral.mk, trainer.mk, report.mk)
test-actions: install
	$(PYTEST) -q tests/actions tests/faq tests/data

# --e2e: every typed `user:` text goes through the trained NLU, whose intent (for faq the
# base intent) and entities (type, value, span) must be the story's; then every next action
# the dialogue policies predict must be the story's. Custom actions are not executed here
# (their replies are checked against the real servers in tests/e2e and the feature tests);
# tests/data/test_story_texts.py checks that no story text is a training line.
test-stories: $(MODEL)
	$(RASA) test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out build/results

test-e2e: $(MODEL)
	$(PYTEST) -q tests/e2e tests/speed

# Steps of `make test`, in CI order; feature makefiles in mk/ append their own.
TEST_STEPS := system-packages validate lint test-actions train test-stories test-e2e
-include mk/*.mk

test: $(TEST_STEPS)

run: $(MODEL)
	RASA_PORT=$(RASA_PORT) ACTIONS_PORT=$(ACTIONS_PORT) scripts/run.sh

shell: $(MODEL)
	ACTIONS_PORT=$(ACTIONS_PORT) scripts/run.sh shell

# BENCH_ARGS="--reuse-default" reuses the default pipeline's model while its inputs are unchanged
bench: $(MODEL)
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

# Re-pin transitive dependencies after changing requirements.txt.
lock: $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf models build .pytest_cache
