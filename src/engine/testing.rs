//! Helpers for the engine's unit tests: build a balancer from a spec and route the seed demo's
//! requests through it.

use super::balancer::Balancer;
use super::model::{Pool, Request, parse_servers};
use super::rng::seeded;
use super::strategy::{PickContext, Strategy, StrategyConfig, StrategyKind};
use super::trace::Explain;

/// The seed demo's i-th request: `GET /api/data/{i}` from `192.168.1.{i % 10}`.
pub fn demo_request(i: u64) -> Request {
    Request::get(i, format!("/api/data/{i}"), format!("192.168.1.{}", i % 10))
}

/// Ids of the servers `kind` picks for `n` demo requests over `spec` (seed 42).
pub fn picks(kind: StrategyKind, spec: &str, n: u64) -> Vec<String> {
    picks_with(StrategyConfig::new(kind), spec, n)
}

pub fn picks_with(config: StrategyConfig, spec: &str, n: u64) -> Vec<String> {
    let mut b = Balancer::new(config, parse_servers(spec).unwrap()).unwrap();
    let mut rng = seeded(42);
    (0..n)
        .map(|i| {
            let s = b.pick(&demo_request(i), &mut rng, 0).unwrap();
            b.pool().server(s).id.clone()
        })
        .collect()
}

/// Each server's requests in flight, in pool order.
pub fn loads(b: &Balancer) -> Vec<u32> {
    b.pool()
        .servers()
        .iter()
        .map(|s| s.load.connections)
        .collect()
}

/// `n` demo requests picked (generator seeded with `seed`) and never finished: the loads they
/// leave.
pub fn held_loads(b: &mut Balancer, n: u64, seed: u64) -> Vec<u32> {
    let mut rng = seeded(seed);
    for i in 0..n {
        let s = b.pick(&demo_request(i), &mut rng, 0).unwrap();
        b.request_started(s);
    }
    loads(b)
}

/// Hosts of `ids` joined by spaces ("a:1 b:1" → "a b").
pub fn ids(ids: &[String]) -> String {
    ids.iter()
        .map(|id| id.split(':').next().unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One pick straight from a strategy, with request 0 and no explanation.
pub fn pick_once<S: Strategy>(s: &mut S, pool: &Pool) -> usize {
    let mut rng = seeded(1);
    let request = demo_request(0);
    let mut ctx = PickContext {
        request: &request,
        pool,
        rng: &mut rng,
        now: 0,
        explain: Explain::off(),
    };
    s.pick(&mut ctx).unwrap()
}
