//! Code shared by the integration tests (native and wasm).
#![allow(dead_code)]

pub mod determinism;
#[cfg(not(target_arch = "wasm32"))]
pub mod ports;
pub mod speed;
