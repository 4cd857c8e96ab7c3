# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test index serve bench clean

run: install index serve

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,corpus]"

index:
	$(BIN)/cresi-index update --corpus corpus

serve:
	$(BIN)/cresi-web --corpus corpus --host $(HOST) --port $(PORT)

clean:
	rm -rf var build dist *.egg-info .pytest_cache
