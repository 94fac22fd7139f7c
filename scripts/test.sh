#!/usr/bin/env bash
# Runs every test of Fulcrum on a brand-new machine: installs what is missing (skipping what is
# already there), then runs the native tests (with nginx for the nginx-ring cross-check), the
# wasm tests in headless Chromium, and the end-to-end tests on the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

step "toolchain and tools"
ensure_wasm_target
ensure_wasm_bindgen
ensure_browser
# tests/nginx_compat.rs checks the nginx-compatible ring against a real nginx on loopback.
apt_install nginx haproxy

step "format"
cargo fmt --all -- --check

step "lints and docs (clippy and rustdoc, warnings are errors; natively and for the browser)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --target wasm32-unknown-unknown --locked

step "native tests (cargo test)"
cargo test --all-targets --locked

step "engine builds for wasm32"
cargo build --lib --target wasm32-unknown-unknown --locked

step "wasm tests in headless Chromium (wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown --no-default-features --test wasm --locked

step "web build (trunk build --release)"
build_site

step "end-to-end tests (playwright-core + Chromium, node --test)"
(cd e2e && node --test --test-concurrency=1 tests/)

echo "all test stages passed"
