//! Tests that run in headless Chromium (wasm-bindgen-test): the wasm build of the engine gives
//! byte-for-byte the fingerprint the native build gives (tests/golden/determinism.json).
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_fingerprint_matches_native_golden() {
    let got = common::determinism::fingerprint();
    let want = include_str!("golden/determinism.json");
    assert!(
        got == want,
        "wasm engine differs from the native golden fingerprint"
    );
}
