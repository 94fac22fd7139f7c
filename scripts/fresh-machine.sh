#!/usr/bin/env bash
# The fresh-machine check (docs/ARCHITECTURE.md): run both README commands as a new contributor's
# machine would, each in its own clone of the committed HEAD with an empty cargo cache (CARGO_HOME
# pointing at a new empty folder; tools already installed stay on PATH). Prints the time of the
# first serve (until the page answers on loopback) and of the first full test run.
# Usage: scripts/fresh-machine.sh [serve|test|both] [--keep]   (--keep leaves the folders)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-both}
keep=${2:-}
repo=$PWD
export PATH="$PATH:$HOME/.cargo/bin"
port=${PORT:-18080}
work=$(mktemp -d /tmp/fulcrum-fresh.XXXXXX)
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  pkill -f "http.server $port" 2>/dev/null || true
  [ "$keep" = --keep ] || rm -rf "$work"
}
trap cleanup EXIT

# fresh NAME: a new clone in $work/NAME with its own empty CARGO_HOME; cd into it.
fresh() {
  git clone -q "$repo" "$work/$1"
  export CARGO_HOME="$work/$1-cargo-home"
  mkdir -p "$CARGO_HOME"
  cd "$work/$1"
}

if [ "$what" != test ]; then
  (
    fresh serve
    start=$SECONDS
    PORT=$port scripts/serve.sh >"$work/serve.log" 2>&1 &
    server=$!
    until curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; do
      if ! kill -0 "$server" 2>/dev/null; then
        tail -n 40 "$work/serve.log"
        echo "fresh-machine check: scripts/serve.sh stopped before serving the page" >&2
        exit 1
      fi
      sleep 2
    done
    echo "fresh-machine check: first serve from an empty cargo cache: $((SECONDS - start)) s"
    kill "$server"
    pkill -f "http.server $port" || true
  )
fi
if [ "$what" != serve ]; then
  (
    fresh test
    start=$SECONDS
    scripts/test.sh
    echo "fresh-machine check: first full test run from an empty cargo cache: $((SECONDS - start)) s"
  )
fi
