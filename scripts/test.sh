#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "setup: Python packages (amend and its test extras) into .venv" >&2
bash scripts/setup.sh test
# Debian packages: Chromium for the browser tests (Playwright drives it by path), LibreOffice Writer (DOCX to PDF,
# and .doc/.rtf/.odt to DOCX), poppler-utils (PDF pages as images), Tesseract with its Vietnamese data (OCR).
# Each install says what it installs.
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# Tesseract with its Vietnamese data, for scanned documents (OCR)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata \
    >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
if command -v apt-get >/dev/null 2>&1; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: Debian package chromium (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: Debian packages ${need[*]} (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") >/dev/null
  fi
fi
# axe-core (npm) for the accessibility checks, run offline inside the browser tests; npm from Debian if missing
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "setup: Debian package npm (apt-get), to install axe-core" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm) >/dev/null
fi
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  echo "setup: npm package axe-core into .cache/axe" >&2
  npm install --prefix .cache/axe axe-core@4 --no-audit --no-fund --silent >/dev/null
fi
mkdir -p test-output
.venv/bin/python -m pytest "$@"
