# Two commands on a fresh machine with python3 and make:  make demo  /  make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-test

.PHONY: demo test install bench lab clean help

help:
	@echo "make demo   - set up .venv (first time only) and run the end-to-end demo"
	@echo "make test   - set up .venv (first time only) and run the whole test suite"
	@echo "make bench  - run the benchmarks in benchmarks/ (needs ../shared/corpora)"
	@echo "make lab    - start JupyterLab on the notebooks with the project's kernel ($(KERNEL))"

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
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_keywords.py
	$(PY) benchmarks/bench_topics.py

# JupyterLab with the project's kernel: the venv's interpreter registered inside .venv (not in
# ~/.local) under the name the notebooks' metadata use. LAB_ARGS passes options, e.g.
#   make lab LAB_ARGS="--port 8899 --no-browser"   (--allow-root is added when run as root)
KERNEL   := khitab
LAB_ARGS ?=
lab: $(STAMP)
	$(PY) -m ipykernel install --prefix $(VENV) --name $(KERNEL) --display-name "Python 3 (khitab .venv)"
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
