# Shared helpers for scripts/: install what a stage needs only when it is missing.
# shellcheck shell=bash

step() { printf '\n==> %s\n' "$*"; }

have() { command -v "$1" >/dev/null 2>&1; }

apt_ready=""
apt_install() {
  # apt_install PACKAGE... : install the Debian packages that are not installed yet.
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -z "$apt_ready" ]; then
    $sudo apt-get update -qq
    apt_ready=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}

# The wasm-bindgen CLI must match the pinned wasm-bindgen crate exactly.
WASM_BINDGEN_VERSION=0.2.130

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    # Not --locked: its lockfile names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

ensure_browser() {
  apt_install chromium chromium-driver
  export CHROMEDRIVER=/usr/bin/chromedriver
}

TRUNK_VERSION=0.21.14

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    # Trunk 0.22 needs a newer rustc than this machine's; 0.21.14 builds here (about 15 minutes).
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

# npm packages for the web build and the end-to-end tests (binaryen's wasm-opt, playwright-core),
# installed from e2e/package-lock.json into e2e/node_modules.
ensure_node_deps() {
  local e2e="$PWD/e2e"
  if [ ! -x "$e2e/node_modules/.bin/wasm-opt" ] || [ ! -d "$e2e/node_modules/playwright-core" ] \
    || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
    have npm || apt_install nodejs npm
    npm ci --prefix "$e2e" --no-audit --no-fund --loglevel=error
  fi
  export PATH="$e2e/node_modules/.bin:$PATH"
}

# The site's wasm is built with the standard library rebuilt for size (nightly's build-std with
# `optimize_for_size`), no panic locations or messages (`panic = immediate-abort`: a panic traps
# at once, as it would abort anyway) and no `{:?}` output (`-Zfmt-debug=none`; nothing the site
# shows goes through Debug): about 11% smaller gzipped than the prebuilt std, which the 300 KB
# budget needs. The wasm tests keep panic messages: they build with the ordinary profile.
# The engine and its tests stay on stable; the determinism tests compare
# the two. The nightly already on the machine is used; a missing one is installed at this date.
WEB_NIGHTLY_FALLBACK=nightly-2026-05-19

web_env() {
  local tc=""
  if rustup run nightly rustc --version >/dev/null 2>&1; then
    tc=nightly
  elif rustup toolchain install "$WEB_NIGHTLY_FALLBACK" --profile minimal >/dev/null 2>&1; then
    tc=$WEB_NIGHTLY_FALLBACK
  fi
  if [ -n "$tc" ]; then
    rustup component list --toolchain "$tc" --installed | grep -q '^rust-src' \
      || rustup component add rust-src --toolchain "$tc" || tc=""
  fi
  if [ -n "$tc" ]; then
    rustup target list --toolchain "$tc" --installed | grep -qx wasm32-unknown-unknown \
      || rustup target add wasm32-unknown-unknown --toolchain "$tc" || tc=""
  fi
  if [ -z "$tc" ]; then
    echo "warning: no nightly with rust-src: building the site with stable's std (larger)" >&2
    return 0
  fi
  export RUSTUP_TOOLCHAIN="$tc"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
  # Its own target directory, so stable builds of the same crate are not invalidated.
  export CARGO_TARGET_DIR="$PWD/target/web-nightly"
}

# Build the release site into dist/.
build_site() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_deps
  ensure_trunk
  (web_env && trunk build --release)
}
