//! The engine's and the simulator's fingerprints natively equal the checked-in golden files,
//! which the wasm test in headless Chromium compares against too. Set FULCRUM_BLESS=1 to rewrite
//! them after an intended change in behaviour.

mod common;

fn check(got: String, path: &str) {
    if std::env::var_os("FULCRUM_BLESS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want =
        std::fs::read_to_string(path).expect("golden file exists (FULCRUM_BLESS=1 writes it)");
    assert!(
        got == want,
        "behaviour changed; diff {path} (FULCRUM_BLESS=1 to accept)"
    );
}

#[test]
fn native_engine_fingerprint_matches_golden() {
    check(
        common::determinism::fingerprint(),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/determinism.json"),
    );
}

#[test]
fn native_simulator_fingerprint_matches_golden() {
    check(
        common::determinism::sim_fingerprint(),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/sim_determinism.json"
        ),
    );
}
