#!/usr/bin/env bash
# The main job: set up, check every work of corpus/, then build the consolidated
# versions and the HTML site into site/ (open site/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "check: every work of corpus/ against the official OASIS AKN 3.0 XSD and the amend profile" >&2
.venv/bin/amend validate corpus
echo "build: consolidated versions, DOCX, text and the HTML site into site/" >&2
.venv/bin/amend build corpus -o site
