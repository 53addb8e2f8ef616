#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "setup: Python packages (amend and its test extras) into .venv" >&2
bash scripts/setup.sh test
# Debian packages: Chromium for the browser tests (Playwright drives it by path), LibreOffice Writer and
# poppler-utils to print the DOCX to PDF and look at its pages.
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
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
mkdir -p test-output
.venv/bin/python -m pytest "$@"
