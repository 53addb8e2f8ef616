#!/usr/bin/env bash
# The main job: set up, then check every work of corpus/ and list the catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/amend validate corpus
.venv/bin/amend corpus list
