# The few targets people use. Each creates its own virtual environment on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
TOOLKIT := $(VENV)/bin/toolkit
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench pictures clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: check the sample notes and build every output into outputs/
demo: $(STAMP)
	$(TOOLKIT) notes check
	$(TOOLKIT) build --include-pending

## test: run the whole test suite, over the machine's cores (pytest-xdist); bytecode is
## written even where PYTHONDONTWRITEBYTECODE is set, so the many `toolkit` processes the tests
## start and pytest's rewritten test modules are compiled once, not in every process; a worker
## that runs out of tests takes some of the other's (worksteal): with xdist's default split one
## worker ran the last fifth of the run alone (docs/measurements.md, session 15)
test: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n auto --dist worksteal

## lint: ruff lint and format check
lint: $(STAMP)
	$(VENV)/bin/ruff check toolkit tests benchmarks tools
	$(VENV)/bin/ruff format --check toolkit tests benchmarks tools

## bench: print speed, memory and quality figures
bench: $(STAMP)
	$(PY) -m benchmarks

## pictures: render the first pages of the consolidated draft for the README (needs LibreOffice)
pictures: $(STAMP)
	$(TOOLKIT) build --include-pending --lang en --pdf
	mkdir -p outputs/preview
	pdftoppm -png -r 45 -f 1 -l 4 outputs/proposals-draft-en.pdf outputs/preview/draft-page
	@ls outputs/preview/draft-page-*.png

clean:
	rm -rf $(VENV) outputs/*.docx outputs/*.xlsx outputs/regions outputs/sessions
