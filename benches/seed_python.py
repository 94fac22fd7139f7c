"""Time the seed's own Python select_server, per strategy and pool size, for BENCHMARKS.md.

Imports the tutorial's code, tests/tutorial/tutorial_reference.py, with a stub aiohttp (only its
network parts need it) and prints JSON: {"strategy": {"n": nanoseconds_per_pick}}.
The factory is broken for six strategies (TypeError), so classes are built directly.
"""
import json
import os
import sys
import time
import types

here = os.path.dirname(os.path.abspath(__file__))
seed_dir = os.path.join(here, "..", "tests", "tutorial")
sys.modules.setdefault("aiohttp", types.ModuleType("aiohttp"))
sys.path.insert(0, seed_dir)
import logging  # noqa: E402

import tutorial_reference as s  # noqa: E402

logging.disable(logging.CRITICAL)

CLASSES = {
    "round_robin": s.RoundRobinLoadBalancer,
    "weighted_round_robin": s.WeightedRoundRobinLoadBalancer,
    "least_connections": s.LeastConnectionsLoadBalancer,
    "weighted_least_connections": s.WeightedLeastConnectionsLoadBalancer,
    "ip_hash": s.IPHashLoadBalancer,
    "url_hash": s.URLHashLoadBalancer,
    "random": s.RandomLoadBalancer,
    "least_response_time": s.LeastResponseTimeLoadBalancer,
    "consistent_hash": s.ConsistentHashLoadBalancer,
}


def build(name, n):
    cls = CLASSES[name]
    try:
        lb = cls()
    except TypeError:
        # The seed's subclasses call the base constructor without a strategy: supply it.
        lb = cls.__new__(cls)
        s.LoadBalancer.__init__(lb, s.LoadBalancingStrategy(name))
    for i in range(n):
        lb.add_server(s.ServerInstance(f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}:80",
                                       f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}", 80))
    return lb


def time_picks(lb, budget_s=0.25):
    reqs = [s.Request(id=str(i), method="GET", url=f"/api/data/{i}",
                      client_ip=f"192.168.{i // 256}.{i % 256}") for i in range(4096)]
    picks = 0
    start = time.perf_counter()
    while True:
        for r in reqs[: 64]:
            lb.select_server(r)
        picks += 64
        elapsed = time.perf_counter() - start
        if elapsed >= budget_s:
            return elapsed * 1e9 / picks


def main():
    sizes = [int(x) for x in os.environ.get("SEED_SIZES", "10,100,1000").split(",")]
    out = {}
    for name in CLASSES:
        out[name] = {}
        for n in sizes:
            out[name][str(n)] = round(time_picks(build(name, n)), 1)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
