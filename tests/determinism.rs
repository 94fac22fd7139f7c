//! The engine's fingerprint natively equals the checked-in golden file (which the wasm test in
//! headless Chromium compares against too). Set FULCRUM_BLESS=1 to rewrite the file after an
//! intended change in behaviour.

mod common;

#[test]
fn native_fingerprint_matches_golden() {
    let got = common::determinism::fingerprint();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/determinism.json");
    if std::env::var_os("FULCRUM_BLESS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want =
        std::fs::read_to_string(path).expect("golden file exists (FULCRUM_BLESS=1 writes it)");
    assert!(
        got == want,
        "engine behaviour changed; diff tests/golden/determinism.json (FULCRUM_BLESS=1 to accept)"
    );
}
