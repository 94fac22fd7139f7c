//! Simulated requests per second natively: round_robin over 10 servers (the target is
//! ≥ 5 million per second on this 2-core machine) and every other strategy on the same scenario,
//! a whole run each (set-up included, no event sink). The same scenario runs in headless
//! Chromium in tests/wasm.rs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fulcrum::engine::{StrategyConfig, StrategyKind};
use fulcrum::sim::Simulation;

#[path = "../tests/common/speed.rs"]
mod speed;

const REQUESTS: u64 = 200_000;

fn simulate(c: &mut Criterion) {
    let scenario = speed::speed_scenario(REQUESTS);
    let mut g = c.benchmark_group("simulate");
    g.throughput(Throughput::Elements(REQUESTS));
    for kind in StrategyKind::ALL {
        let config = StrategyConfig::new(kind);
        g.bench_function(BenchmarkId::new(kind.name(), REQUESTS), |b| {
            b.iter(|| {
                let mut sim = Simulation::with_strategy(&scenario, &config, 1).unwrap();
                black_box(sim.run().stats.total_requests)
            })
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(10)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = simulate
}
criterion_main!(benches);
