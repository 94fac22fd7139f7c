#!/usr/bin/env bash
# Builds the playground (release) and serves it on http://127.0.0.1:8080/ — installing what is
# missing on a fresh machine first (the wasm32 target, wasm-bindgen-cli, Trunk, wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
build_site
web_env
exec trunk serve --release --port "${PORT:-8080}"
