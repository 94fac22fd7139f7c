//! Memory stays flat over run length: what grows with load (the event heap and the table of
//! requests in flight) is sized by the requests in flight, not by the requests run, and every
//! buffer kept for reports is capped: a 2,000,000-request run reserves no more than a
//! 100,000-request run beyond the capped buffers. `examples/sim_speed.rs` measures the whole heap
//! with a counting allocator (10 million against 100,000 requests).

use fulcrum::scenario::{ArrivalSpec, Scenario, ServerSpec};
use fulcrum::sim::Simulation;

fn scenario(requests: u64) -> Scenario {
    Scenario {
        requests,
        servers: (0..10)
            .map(|_| ServerSpec {
                latency_ms: 1.0,
                jitter: 0.5,
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

#[test]
fn a_long_run_reserves_no_more_than_a_short_one() {
    let mut short = Simulation::new(&scenario(100_000), 1).unwrap();
    short.record_events(1000, true);
    let short_report = short.run();
    let mut long = Simulation::new(&scenario(2_000_000), 1).unwrap();
    long.record_events(1000, true);
    let long_report = long.run();
    assert_eq!(long_report.stats.total_requests, 2_000_000);
    let (a, b) = (short.reserved_bytes(), long.reserved_bytes());
    assert!(b <= a + 100_000, "short run {a} B, long run {b} B");
    assert!(long_report.series.len() <= 600);
    assert_eq!(long.take_events().len(), 1000);
    assert!(short_report.series.len() < long_report.series.len());
}
