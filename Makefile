# The kit's commands. Each target sets up .venv when it is missing or older than
# requirements.txt, requirements-dev.txt or pyproject.toml, so a fresh clone needs only `make`.
# requirements.txt is what the labs need (Binder installs only that); requirements-dev.txt adds
# the site build and the tests on top of it; `make` installs both.
#   make book    build the course site into _build/html
#   make test    every test: lint, both site builds (every lab executed), unit + doctests,
#                exercises, grading, hub, browser and accessibility tests on both sites
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help wheel lab book serve test test-unit test-notebooks test-site test-sites test-built-sites sites student student-book bench datasets lint clean

help:
	@echo "make book     set up .venv, execute the labs and build the site into _build/html"
	@echo "make test     set up .venv and run every test (lint, unit, exercises, notebooks, book, browser)"
	@echo "make lab      JupyterLab on the labs"
	@echo "make serve    serve _build/html on http://$(HOST):$(PORT)"
	@echo "make student  student editions (no solutions) in _build/student/notebooks"
	@echo "make student-book  the student site (built from the student editions) in _build/student-site"
	@echo "make bench    run the benchmarks and rewrite benchmarks/results.md"
	@echo "make datasets regenerate the shipped datasets (seed 1991)"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	@touch $(STAMP)

# JupyterLab on the repository root (so each lab's "Read first" link to its chapter in book/
# resolves), opening the labs' folder. Extra options through LAB_ARGS, e.g.
#   make lab LAB_ARGS="--port 8899 --ip 0.0.0.0 --no-browser"
# --allow-root is added when run as root (containers).
LAB_ARGS ?=
ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(ROOT_ARG) $(LAB_ARGS)

# imlib's wheel (with the case data) for the JupyterLite site's pypi/ folder
# (book/_lite/jupyter_lite_config.json); hatchling from .venv, no build isolation, no download.
wheel: $(STAMP)
	rm -rf _build/wheel
	$(BIN)/python -m hatchling build -t wheel -d _build/wheel

# ipykernel 7 warns once per executed page that its local TCP connection is unencrypted (the
# build's kernels run on this machine only); that line is dropped, everything else is kept.
QUIET := { grep --line-buffered -v 'Kernel is running over TCP without encryption' || true; }

book: wheel
	rm -rf _build/html  # Sphinx 7 keeps stale copies of changed static files
	$(BIN)/jupyter-book build . -W -n --keep-going 2>&1 | $(QUIET)
	@echo ""
	@echo "Site built: _build/html/index.html"
	@echo "View it:    make serve   (then open http://$(HOST):$(PORT)/ ; PORT=... to change)"

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(PYTHON) -m http.server --directory _build/html --bind $(HOST) $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check imlib tests benchmarks conftest.py notebooks book/_ext scripts
	$(BIN)/ruff format --check imlib tests benchmarks conftest.py notebooks book/_ext scripts

# Unit, doctest, exercise, grading and hub tests, spread over the cores (pytest-xdist; one
# file a worker, so module fixtures are built once). PYTHONHASHSEED keeps parametrize ids the
# same in every worker. The student-site leak test runs in test-sites, on the site built there.
test-unit: $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m pytest imlib tests --ignore=tests/site \
		--ignore=tests/test_classroom_site.py -q -n auto --dist loadfile

# The labs under nbval in this environment (each runs in a fresh kernel and must not raise).
# `make test` does not run it: its two site builds already execute every lab in a fresh kernel
# (a cell error fails the build) and tests/site/test_lab_exercises.py reads their results.
test-notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/ -q

# axe-core (the accessibility engine of tests/site), pinned by tests/site/package-lock.json,
# installed from npm into .venv/axe; the browser test injects this local copy, never a CDN.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/site/package.json tests/site/package-lock.json
	mkdir -p $(VENV)/axe
	cp tests/site/package.json tests/site/package-lock.json $(VENV)/axe/
	cd $(VENV)/axe && npm ci --silent --no-audit --no-fund
	@touch $@

test-site: $(STAMP) $(AXE)
	@test -n "$${KIT_CHROMIUM:-}" || test -x /usr/bin/chromium || bash scripts/install_browser.sh
	PYTHONHASHSEED=0 $(BIN)/python -m pytest tests/site -q -n auto --dist loadgroup

# The site tests on both sites (the accessibility, browser and exercise tests cover the student
# site too), and the search of the student site for answers.
test-sites: student-book
	$(MAKE) --no-print-directory test-built-sites

test-built-sites: $(STAMP) $(AXE)
	KIT_REQUIRE_STUDENT_SITE=1 $(MAKE) --no-print-directory test-site
	KIT_STUDENT_SITE_BUILT=1 $(BIN)/python -m pytest tests/test_classroom_site.py -q

# Both sites from the current tree, side by side: each build runs its labs one kernel at a
# time, so two builds keep both cores busy. Each build's output is printed when it ends.
sites:
	$(MAKE) --no-print-directory -j2 --output-sync=target book student-book

# Every lab is executed by the two builds (instructor notebooks and student editions); the unit
# tests and the site tests then run on what was built.
test: lint
	$(MAKE) --no-print-directory sites
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory test-built-sites
	@echo "All tests passed."

student: $(STAMP)
	$(BIN)/python -m imlib student --out _build/student/notebooks --force

# The student site is built from the student editions (not with sphinx-exercise's
# hide_solutions, which crashes on gated solutions in sphinx-exercise 1.2.1).
# STUDENT_LAUNCH, the ONE setting for where the student editions are published, so that the
# student site's Binder / Colab / JupyterHub buttons open them (never the instructor
# notebooks): branch:NAME (the same paths on branch NAME) or folder:PATH (PATH/notebooks/
# on the book's branch). See imlib/classroom/site.py.
# It is built from inside its copy: jupyterlite-sphinx removes ".jupyterlite.doit.db" from the
# build's working folder when it ends, which from the repository root would be the course
# site's (built beside it by `make sites`) while that build is still writing it.
STUDENT_LAUNCH ?= branch:student
student-book: student wheel
	rm -rf _build/student-src && mkdir -p _build/student-src/notebooks _build/student-src/_build
	cp -r _toc.yml book _build/student-src/
	$(BIN)/python -m imlib.classroom.site _config.yml _build/student-src/_config.yml \
		"$(STUDENT_LAUNCH)"
	cp -r _build/wheel _build/student-src/_build/wheel
	cp _build/student/notebooks/*.ipynb _build/student-src/notebooks/
	cd _build/student-src && $(abspath $(BIN))/jupyter-book build . -W -n --keep-going \
		--path-output ../student-site 2>&1 | $(QUIET)
	@echo "Student site built: _build/student-site/_build/html/index.html"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

datasets: $(STAMP)
	$(BIN)/python -m imlib datasets --seed 1991 --out datasets --force

clean:
	rm -rf _build
