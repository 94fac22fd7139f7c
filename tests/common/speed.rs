//! The simulator's speed scenario, shared by the native criterion benchmark (benches/) and the
//! in-browser benchmark (tests/wasm.rs, ignored unless asked for): ten equal servers at 1 ms,
//! Poisson arrivals at 100,000 per second (about 100 requests in flight), no event sink.

use fulcrum::scenario::{ArrivalSpec, Scenario, ServerSpec};

pub fn speed_scenario(requests: u64) -> Scenario {
    Scenario {
        name: "speed".into(),
        requests,
        servers: (0..10)
            .map(|_| ServerSpec {
                latency_ms: 1.0,
                ..ServerSpec::default()
            })
            .collect(),
        arrivals: ArrivalSpec {
            rate_per_s: 100_000.0,
            ..Default::default()
        },
        ..Scenario::default()
    }
}
