# Two entry points (see README): `make demo` and `make test`.
# Each creates the virtual environment on first use, then runs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench docs

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch first, pinned to the pre-staged CPU build (see constraints.txt).
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,dask]"
	touch $(STAMP)

# The demo runs on the full hourly record when ../shared/data holds it (one
# year, the bundled default, is too little for a learned 24 h forecast).
JENA ?= $(wildcard ../shared/data/jena_climate_2009_2016_hourly.csv.gz)

demo: $(STAMP)
	$(PY) -m sktseq $(if $(JENA),--data $(JENA))

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

docs: $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e ".[docs]"
	$(PY) -m sphinx -W -b html docs docs/_build/html
