#!/usr/bin/env bash
# Builds the playground (release) and serves it on http://127.0.0.1:8080/ (PORT to change it),
# installing what is missing on a fresh machine first (the wasm32 target, wasm-bindgen-cli, Trunk,
# wasm-opt). It serves dist/ as it is, the very files that deploy: a plain static server on
# loopback (Python's http.server), not Trunk's dev server, whose reload script would go with them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
build_site
port=${PORT:-8080}
step "serving dist/ on http://127.0.0.1:$port/ (Ctrl-C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
