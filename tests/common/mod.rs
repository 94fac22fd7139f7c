//! Code shared by the integration tests (native and wasm).
#![allow(dead_code)]

pub mod determinism;
pub mod speed;
