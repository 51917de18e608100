# Two commands do all the set-up on a fresh machine:
#   make run   install, validate the case library, build the index, start the UI (offline unless OPENAI_API_KEY is set)
#   make test  install, then run the whole test suite (browser tests need Debian's chromium: make browser)
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench browser clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

HOST ?= 127.0.0.1
PORT ?= 7860

run: install
	$(BIN)/storyworld cases validate
	$(BIN)/storyworld index build
	$(BIN)/storyworld ui --host $(HOST) --port $(PORT)

# Debian's Chromium and CJK fonts for the browser tests and screenshots (root or sudo needed).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) vectorstore/index .cache .pytest_cache
