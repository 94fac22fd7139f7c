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

# Build the release site into dist/ with the stable toolchain, the same one as every other build
# (the site's std is the prebuilt one: no nightly, no build-std, nothing beyond what rustup already
# has). Trunk.toml's `offline = true` keeps Trunk from downloading tools, and it also runs cargo
# offline, so every crate the build needs is fetched first: on a new machine the cache is empty.
build_site() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_deps
  ensure_trunk
  cargo fetch --locked
  trunk build --release
}
