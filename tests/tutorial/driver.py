"""Replay a scripted run through the seed's own Python classes and report what they picked.

Used by tests/seed_python.rs to check Fulcrum's tutorial variants (src/engine/seed.rs) against
the tutorial's own code, tutorial_reference.py beside this file. Reads one JSON document on stdin:

    {"runs": [{"name", "strategy", "servers": [server...], "ops": [op...]}]}

server: {"id", "host", "port", "weight", "status"}; op, one of
    {"op": "pick", "id": request id, "path": url, "ip": client ip}
    {"op": "start", "server": id}                      increment_connections
    {"op": "finish", "server": id, "latency": s, "ok": bool}
                                                       decrement_connections; a success records its
                                                       response time, as LoadBalancerProxy does
    {"op": "status", "server": id, "status": name}     update_server_status
    {"op": "weight", "server": id, "weight": w}        the attribute, as the seed has no setter
    {"op": "add", "server": server}                    add_server
    {"op": "remove", "server": id}                     remove_server
    {"op": "ring"}                                     the consistent hash's sorted points

and prints {"name": [result per pick or ring op]}: a pick gives the chosen id, "none" for None,
or "error:<ExceptionType>"; a ring op gives [[point, owner id], ...]. Run it with PYTHONHASHSEED
set: hash() of a str depends on it.

The tutorial's code imports aiohttp for its proxy and health checker only; a stub module stands in for it.
Its factory raises TypeError for six of its nine strategies, so the classes are built
directly.
"""

import json
import logging
import os
import sys
import types


def load_seed():
    sys.modules.setdefault("aiohttp", types.ModuleType("aiohttp"))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tutorial_reference

    logging.disable(logging.CRITICAL)
    return tutorial_reference


def build(seed, strategy):
    S = seed.LoadBalancingStrategy
    classes = {
        "round_robin": lambda: seed.RoundRobinLoadBalancer(),
        "weighted_round_robin": lambda: seed.WeightedRoundRobinLoadBalancer(),
        "least_connections": lambda: seed.LeastConnectionsLoadBalancer(S.LEAST_CONNECTIONS),
        "weighted_least_connections": lambda: seed.WeightedLeastConnectionsLoadBalancer(
            S.WEIGHTED_LEAST_CONNECTIONS
        ),
        "ip_hash": lambda: seed.IPHashLoadBalancer(S.IP_HASH),
        "url_hash": lambda: seed.URLHashLoadBalancer(S.URL_HASH),
        "random": lambda: seed.RandomLoadBalancer(S.RANDOM),
        "least_response_time": lambda: seed.LeastResponseTimeLoadBalancer(S.LEAST_RESPONSE_TIME),
        "consistent_hash": lambda: seed.ConsistentHashLoadBalancer(),
    }
    return classes[strategy]()


def server(seed, spec):
    return seed.ServerInstance(
        spec["id"],
        spec["host"],
        spec["port"],
        weight=spec["weight"],
        status=seed.ServerStatus(spec["status"]),
    )


def run(seed, spec):
    lb = build(seed, spec["strategy"])
    for s in spec["servers"]:
        lb.add_server(server(seed, s))
    by_id = lambda i: next(s for s in lb.servers if s.id == i)
    out = []
    for op in spec["ops"]:
        kind = op["op"]
        if kind == "pick":
            request = seed.Request(op["id"], "GET", op["path"], client_ip=op["ip"])
            try:
                chosen = lb.select_server(request)
                out.append("none" if chosen is None else chosen.id)
            except Exception as e:  # the seed's faults are results to compare
                out.append(f"error:{type(e).__name__}")
        elif kind == "start":
            by_id(op["server"]).increment_connections()
        elif kind == "finish":
            s = by_id(op["server"])
            if op["ok"]:
                s.add_response_time(op["latency"])
            s.decrement_connections()
        elif kind == "status":
            lb.update_server_status(op["server"], seed.ServerStatus(op["status"]))
        elif kind == "weight":
            by_id(op["server"]).weight = op["weight"]
        elif kind == "add":
            lb.add_server(server(seed, op["server"]))
        elif kind == "remove":
            lb.remove_server(op["server"])
        elif kind == "ring":
            out.append([[k, lb.hash_ring[k].id] for k in lb.sorted_keys])
        else:
            raise ValueError(f"unknown op {kind!r}")
    return out


def main():
    if sys.version_info < (3, 11):
        sys.exit(f"driver.py needs CPython 3.11 or later (hash() is SipHash-1-3 from 3.11), not {sys.version}")
    job = json.load(sys.stdin)
    seed = load_seed()
    json.dump({r["name"]: run(seed, r) for r in job["runs"]}, sys.stdout)


if __name__ == "__main__":
    main()
