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
