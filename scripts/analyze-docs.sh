#!/usr/bin/env bash
# Fills the measured tables of docs/ALGORITHMS.md: builds the release binary, runs
# `fulcrum analyze --format markdown` and replaces everything between the
# `<!-- analyze:begin -->` and `<!-- analyze:end -->` markers with its output.
# Extra arguments go to `fulcrum analyze` (e.g. --quick for a dry run).
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/ALGORITHMS.md
grep -q '^<!-- analyze:begin -->$' "$doc" && grep -q '^<!-- analyze:end -->$' "$doc" || {
    echo "analyze-docs: $doc lacks the analyze:begin/end markers" >&2
    exit 1
}
cargo build --release --locked --bin fulcrum
tables=$(mktemp)
trap 'rm -f "$tables" "$tables.doc"' EXIT
{
    echo "*Measured $(date -u +%Y-%m-%d) by \`fulcrum analyze --format markdown${*:+ $*}\` (release build) on"
    echo "$(uname -m), $(nproc) cores, $(rustc --version | cut -d' ' -f1-2).*"
    echo
    target/release/fulcrum analyze --format markdown "$@"
} >"$tables"
awk -v tables="$tables" '
    /^<!-- analyze:begin -->$/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
    /^<!-- analyze:end -->$/ { skip = 0 }
    !skip { print }
' "$doc" >"$tables.doc"
mv "$tables.doc" "$doc"
echo "analyze-docs: updated $doc"
