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

step "the seed's Python select_server"
python3 benches/seed_python.py > target/seed_python.json

step "BENCHMARKS.md"
python3 scripts/benchmarks_md.py > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
