#!/usr/bin/env bash
# Runs every test of Fulcrum on a brand-new machine: installs what is missing (skipping what is
# already there), then runs the native tests, the wasm build check and the nginx cross-check.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

step "toolchain"
ensure_wasm_target

step "nginx (tests/nginx_compat.rs checks the nginx ring against it)"
apt_install nginx

step "format"
cargo fmt --all -- --check

step "native tests (cargo test)"
cargo test --all-targets --locked

step "engine builds for wasm32"
cargo build --lib --target wasm32-unknown-unknown --locked

echo "all test stages passed"
