"""Write BENCHMARKS.md from criterion's results (target/criterion) and the seed's Python timings
(target/seed_python.json). Called by scripts/bench.sh; prints Markdown to stdout."""
import json
import os
import platform
import subprocess
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRIT = os.path.join(ROOT, "target", "criterion")


def load_criterion():
    """{group: {function: {param: ns}}} from every benchmark.json + estimates.json pair."""
    out = defaultdict(lambda: defaultdict(dict))
    for dirpath, _, files in os.walk(CRIT):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            meta = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        ns = est["median"]["point_estimate"]
        out[meta["group_id"]][meta["function_id"]][meta.get("value_str") or ""] = ns
    return out


def fmt(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def ratio(a, b):
    return "–" if not a or not b else f"{a / b:.2f}×"


def machine():
    cpu = platform.processor()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores, {rustc}, {platform.platform()}"


def main():
    c = load_criterion()
    seed_py = {}
    p = os.path.join(ROOT, "target", "seed_python.json")
    if os.path.exists(p):
        seed_py = json.load(open(p))
    sizes = ["10", "100", "1000", "10000"]
    print("# Benchmarks\n")
    print("Produced by `scripts/bench.sh` (criterion, `cargo bench -p fulcrum-benches`, medians; and")
    print("`python3 benches/seed_python.py` for the seed's own code), in one run on:\n")
    print(f"> {machine()}\n")
    print("Figures are wall-clock medians on a shared 2-core machine: compare ratios within one run.\n")

    print("## Time per pick, corrected strategies\n")
    print("| strategy | n = 10 | 100 | 1,000 | 10,000 | 10,000 vs 10 |")
    print("|---|---|---|---|---|---|")
    for group in ("pick", "pick_nginx_ring"):
        for name, row in sorted(c.get(group, {}).items()):
            label = name + (" (nginx ring)" if group == "pick_nginx_ring" else "")
            cells = [fmt(row.get(s)) for s in sizes]
            print(f"| `{label}` | " + " | ".join(cells) + f" | {ratio(row.get('10000'), row.get('10'))} |")
    print()

    if "pick_start_finish" in c:
        print("## A pick with its request's start and finish (load-aware strategies)\n")
        print("| strategy | n = 10 | 100 | 1,000 | 10,000 |")
        print("|---|---|---|---|---|")
        for name, row in sorted(c["pick_start_finish"].items()):
            print(f"| `{name}` | " + " | ".join(fmt(row.get(s)) for s in sizes) + " |")
        print()

    print("## The seed's code: its Python, its logic in Rust, and the corrected strategy\n")
    print("| strategy | n | seed, Python | seed, Rust | corrected, Rust | seed Rust / corrected |")
    print("|---|---|---|---|---|---|")
    for name, row in sorted(c.get("seed_pick", {}).items()):
        for s in ("10", "100", "1000"):
            py = seed_py.get(name, {}).get(s)
            corr = c.get("pick", {}).get(name, {}).get(s)
            print(f"| `{name}` | {s} | {fmt(py)} | {fmt(row.get(s))} | {fmt(corr)} | {ratio(row.get(s), corr)} |")
    print()

    print("## Side by side with pingora-load-balancing\n")
    print("| algorithm | n | Fulcrum | pingora | pingora / Fulcrum |")
    print("|---|---|---|---|---|")
    for group in sorted(g for g in c if g.startswith("vs_pingora/")):
        for s in sizes:
            ours = c[group].get("fulcrum", {}).get(s)
            theirs = c[group].get("pingora", {}).get(s)
            print(f"| {group.split('/', 1)[1]} | {s} | {fmt(ours)} | {fmt(theirs)} | {ratio(theirs, ours)} |")
    print()
    if "ring_lookup" in c:
        print("## Ring lookup: Fulcrum's nginx-compatible ring vs pingora-ketama (160 points per server)\n")
        print("Both rings are checked to agree on 512 keys before they are timed.\n")
        print("| n (points) | Fulcrum | pingora-ketama | Fulcrum / pingora-ketama |")
        print("|---|---|---|---|")
        for s in sizes:
            ours = c["ring_lookup"].get("fulcrum", {}).get(s)
            theirs = c["ring_lookup"].get("pingora_ketama", {}).get(s)
            print(f"| {s} ({int(s) * 160:,}) | {fmt(ours)} | {fmt(theirs)} | {ratio(ours, theirs)} |")
        print()
    if "simulate" in c:
        print("## Simulator: simulated requests per second natively\n")
        print("A whole run of the speed scenario (tests/common/speed.rs: 10 equal servers at 1 ms,")
        print("Poisson arrivals at 100,000/s), set-up included, no event sink.\n")
        print("| strategy | requests | time | requests/s |")
        print("|---|---|---|---|")
        rows = []
        for name, row in c["simulate"].items():
            for n, ns in row.items():
                rows.append((int(n) / (ns / 1e9), name, n, ns))
        for rate, name, n, ns in sorted(rows, reverse=True):
            print(f"| `{name}` | {int(n):,} | {fmt(ns)} | {rate / 1e6:.2f} M |")
        print()
    extras = [os.path.join(ROOT, "target", "benchmarks-extra.md")]
    extra_dir = os.path.join(ROOT, "target", "bench-extra")
    if os.path.isdir(extra_dir):
        extras += [os.path.join(extra_dir, f) for f in sorted(os.listdir(extra_dir))]
    for extra in extras:
        if os.path.exists(extra):
            print(open(extra).read())


if __name__ == "__main__":
    main()
