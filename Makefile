# Two commands on a fresh machine with python3 and make:  make demo  /  make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-test

.PHONY: demo test install bench clean help

help:
	@echo "make demo   - set up .venv (first time only) and run the end-to-end demo"
	@echo "make test   - set up .venv (first time only) and run the whole test suite"
	@echo "make bench  - run the benchmarks in benchmarks/ (needs ../shared/corpora)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/toolkit demo

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,bench]"
	$(PY) benchmarks/bench_loading.py
	$(PY) benchmarks/bench_dedup.py
	$(PY) benchmarks/bench_text.py
	$(PY) benchmarks/bench_frames.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
