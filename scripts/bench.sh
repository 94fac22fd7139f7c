#!/usr/bin/env bash
# Runs the benchmarks and writes BENCHMARKS.md: criterion (benches/, Fulcrum and pingora side by
# side), the seed's own Python select_server, and the simulator's and browser's figures when
# their benchmarks exist. Run it on a quiet machine: it takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

# pingora-core builds zlib-ng with cmake.
apt_install cmake

step "criterion (cargo bench -p fulcrum-benches)"
cargo bench -p fulcrum-benches --locked -- "${@}"

step "the simulator in headless Chromium (1,000,000 requests, Performance API)"
ensure_wasm_bindgen
ensure_browser
mkdir -p target/bench-extra
line=$(cargo test --release --target wasm32-unknown-unknown --no-default-features --test wasm --locked \
  -- --include-ignored --nocapture 2>&1 | grep '^BENCH wasm_sim_1m_round_robin ' || true)
{
  echo "## Simulator in the browser"
  echo
  echo "\`cargo test --release --target wasm32-unknown-unknown --no-default-features --test wasm -- --include-ignored --nocapture\`"
  echo "(headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), round_robin over 10 servers, timed with performance.now()):"
  echo
  echo "- 1,000,000 simulated requests: ${line#BENCH wasm_sim_1m_round_robin }"
  echo
} > target/bench-extra/10-wasm-sim.md

step "simulator speed and peak heap (examples/sim_speed.rs, 10,000,000 requests)"
{
  echo "## Simulator: speed and memory over a 10,000,000-request run"
  echo
  echo "\`cargo run --release --example sim_speed\` (a counting allocator records the peak heap):"
  echo
  echo '```'
  cargo run --release --locked --example sim_speed 2>/dev/null
  echo '```'
  echo
} > target/bench-extra/20-sim-speed.md

step "the playground in headless Chromium (e2e/bench/frames.js: frame time, first render)"
build_site
node e2e/bench/frames.js

step "the seed's Python select_server"
python3 benches/seed_python.py > target/seed_python.json

step "BENCHMARKS.md"
python3 scripts/benchmarks_md.py > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
