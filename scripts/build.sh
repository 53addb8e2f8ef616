#!/usr/bin/env bash
# The main job: set up, check every work of corpus/, then build the consolidated
# versions and the HTML site into site/ (open site/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/amend validate corpus
.venv/bin/amend build corpus -o site
