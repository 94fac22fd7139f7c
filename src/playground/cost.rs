//! Time per pick measured in the browser, for the explanation's "as measured" column: the
//! corrected strategy and the seed's code (where there is one) at 10, 100 and 1,000 servers, each
//! timed with `performance.now()` over as many picks as fit in a few milliseconds. The timer is
//! coarse (Chromium rounds it to 0.1 ms), so each figure covers thousands of picks.

#![warn(missing_docs)]

use crate::engine::{Balancer, Request, Server, StrategyConfig, StrategyKind, Variant, seeded};

/// The pool sizes timed.
pub const SIZES: [usize; 3] = [10, 100, 1000];
const BUDGET_MS: f64 = 12.0;
const WARM_UP_MS: f64 = 4.0;
const KEYS: usize = 256;

#[derive(Clone, Debug, PartialEq)]
/// Time per pick at one pool size.
pub struct CostRow {
    /// Servers in the pool.
    pub servers: usize,
    /// Nanoseconds per pick of the corrected strategy (None when it cannot be built).
    pub corrected_ns: Option<f64>,
    /// Nanoseconds per pick of the seed's code, where there is one.
    pub seed_ns: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
/// Time per pick of one strategy at every size in [`SIZES`].
pub struct CostTable {
    /// The strategy timed.
    pub strategy: StrategyKind,
    /// One row per size.
    pub rows: Vec<CostRow>,
}

fn pool(n: usize) -> Vec<Server> {
    (0..n)
        .map(|i| {
            let host = format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
            Server::new(format!("{host}:80"), host, 80, 1)
        })
        .collect()
}

/// Nanoseconds per pick, or None when the strategy cannot be built.
fn time_picks(config: &StrategyConfig, n: usize, clock: &dyn Fn() -> f64) -> Option<f64> {
    let mut balancer = Balancer::new(config.clone(), pool(n)).ok()?;
    let requests: Vec<Request> = (0..KEYS as u64)
        .map(|i| {
            Request::get(
                i,
                format!("/api/data/{i}"),
                format!("192.168.{}.{}", i >> 8, i & 255),
            )
        })
        .collect();
    let mut rng = seeded(7);
    let mut run = |budget_ms: f64| {
        let start = clock();
        let mut picks = 0u64;
        loop {
            for i in 0..64 {
                let r = &requests[(picks as usize + i) % KEYS];
                let _ = balancer.pick(r, &mut rng, 0);
            }
            picks += 64;
            let elapsed = clock() - start;
            if elapsed >= budget_ms || picks >= 4_000_000 {
                return elapsed * 1e6 / picks as f64;
            }
        }
    };
    // Warm up first: the browser compiles hot wasm code a second time, optimised.
    run(WARM_UP_MS);
    Some(run(BUDGET_MS))
}

/// Measure `kind` (and its seed code) at every size in [`SIZES`].
pub fn measure(kind: StrategyKind, clock: &dyn Fn() -> f64) -> CostTable {
    let corrected = StrategyConfig::new(kind);
    let seed = kind.has_seed_variant().then(|| StrategyConfig {
        variant: Variant::Seed,
        ..StrategyConfig::new(kind)
    });
    CostTable {
        strategy: kind,
        rows: SIZES
            .iter()
            .map(|&n| CostRow {
                servers: n,
                corrected_ns: time_picks(&corrected, n, clock),
                seed_ns: seed.as_ref().and_then(|c| time_picks(c, n, clock)),
            })
            .collect(),
    }
}
