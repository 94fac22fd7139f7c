//! Tests that run in headless Chromium (wasm-bindgen-test): the wasm build gives byte-for-byte
//! the fingerprints the native build gives (tests/golden/determinism.json for the engine,
//! tests/golden/sim_determinism.json for the simulator): same scenario and seed, same results.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_engine_matches_native_golden() {
    let got = common::determinism::fingerprint();
    let want = include_str!("golden/determinism.json");
    assert!(
        got == want,
        "wasm engine differs from the native golden fingerprint"
    );
}

#[wasm_bindgen_test]
fn wasm_simulation_matches_native_golden() {
    let got = common::determinism::sim_fingerprint();
    let want = include_str!("golden/sim_determinism.json");
    assert!(
        got == want,
        "wasm simulator differs from the native golden fingerprint"
    );
}

/// A benchmark, not a test: simulate 1,000,000 requests of round_robin over 10 servers in the
/// browser and print the time the Performance API measured. `scripts/bench.sh` runs it with
/// `--include-ignored` and copies the figure into BENCHMARKS.md.
#[wasm_bindgen_test]
#[ignore = "a benchmark: run by scripts/bench.sh"]
fn bench_one_million_requests_in_the_browser() {
    use fulcrum::engine::{StrategyConfig, StrategyKind};
    use fulcrum::sim::Simulation;
    let performance = web_sys::window().unwrap().performance().unwrap();
    let scenario = common::speed::speed_scenario(1_000_000);
    let start = performance.now();
    let mut sim =
        Simulation::with_strategy(&scenario, &StrategyConfig::new(StrategyKind::RoundRobin), 1)
            .unwrap();
    let report = sim.run();
    let ms = performance.now() - start;
    assert_eq!(report.stats.total_requests, 1_000_000);
    wasm_bindgen_test::console_log!(
        "BENCH wasm_sim_1m_round_robin {ms:.1} ms ({:.2} M requests/s)",
        1_000.0 / ms
    );
}
