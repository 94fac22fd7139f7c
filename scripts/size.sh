#!/usr/bin/env bash
# Where the site's wasm bytes go, for size work (the budget: e2e/tests/size.test.js).
# Builds the wasm exactly as the release site does (the `web` profile; wasm-bindgen; wasm-opt -Oz
# --converge --low-memory-unused), then prints its size
# gzipped as the size test counts (node zlib, level 9; GNU gzip -9 gives ~1% less) and, when
# twiggy is installed, raw bytes per fulcrum module and the N largest functions matching REGEX.
# Usage: scripts/size.sh [REGEX] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/tools.sh >/dev/null
ensure_wasm_target
ensure_wasm_bindgen
ensure_node_deps
cargo build -q --profile web --target wasm32-unknown-unknown --bin playground --no-default-features --locked
out=$root/target/size-out
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --keep-debug --target web --out-dir "$out" "$root/target/wasm32-unknown-unknown/web/playground.wasm"
wasm-opt -Oz --converge --low-memory-unused --strip-debug "$out/playground_bg.wasm" -o "$out/site.wasm"
node -e "const b=require('fs').readFileSync('$out/site.wasm');console.log('wasm', b.length, 'B raw,', require('zlib').gzipSync(b,{level:9}).length, 'B gzipped (as the size test counts)')"
command -v twiggy >/dev/null || { echo "(install twiggy for the breakdown: cargo install twiggy)"; exit 0; }
wasm-opt -Oz --converge --low-memory-unused -g "$out/playground_bg.wasm" -o "$out/named.wasm"
twiggy top -n 100000 -f csv "$out/named.wasm" > "$out/top.csv"
python3 - "$out/top.csv" "${1:-}" "${2:-30}" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
pattern, n = sys.argv[2], int(sys.argv[3])
modules = {}
for r in rows:
    name = re.sub(r'\[[0-9a-f]{16}\]', '', r['Name'])
    m = re.search(r'fulcrum::(\w+::\w+)', name)
    if m and not name.startswith('"'):
        modules[m.group(1)] = modules.get(m.group(1), 0) + int(r['ShallowSize'])
print(' '.join(f'{k}={v}' for k, v in sorted(modules.items(), key=lambda x: -x[1]) if v > 2000))
if pattern:
    shown = 0
    for r in rows:
        name = re.sub(r'\[[0-9a-f]{16}\]', '', r['Name'])
        if name.startswith('"') or not re.search(pattern, name):
            continue
        print(r['ShallowSize'], name[:200])
        shown += 1
        if shown >= n:
            break
PY
