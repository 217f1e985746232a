# Conversation-habits toolkit. `make help` lists the targets.
# Every target creates .venv and installs what it needs when missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export TZ := UTC
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help demo test lab bench lint figures sample clean

help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP) ## build the HTML report from the committed sample data into reports/
	$(VENV)/bin/toolkit report data/sample --accounts data/sample/accounts.toml \
		--title "Do they talk with people? A fictional Senate race and two recruiters" \
		-o reports/sample-report.html

test: $(STAMP) ## run the whole test suite (incl. notebooks and headless-Chromium checks)
	$(PY) -m pytest -n 2 --dist loadgroup tests

lab: $(STAMP) ## make the notebooks' .ipynb twins and start JupyterLab
	$(VENV)/bin/jupytext --to ipynb --set-kernel python3 notebooks/[0-9]*.py
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## time loaders, metrics and the report on large generated data (see benchmarks/)
	$(PY) benchmarks/run.py

figures: $(STAMP) ## render every chart of the sample to PNG under reports/figures/
	$(PY) -m toolkit.charts.figures data/sample reports/figures

lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check toolkit tests benchmarks notebooks
	$(VENV)/bin/ruff format --check toolkit tests benchmarks notebooks

sample: $(STAMP) ## regenerate data/sample/ from the generator (seeded, deterministic)
	$(VENV)/bin/toolkit sample -o data/sample

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
