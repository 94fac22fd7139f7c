//! Fulcrum: a load-balancing playground.
//!
//! The crate has one direction of data: [`engine`] holds the strategies (pure, no I/O, no clock,
//! no global randomness); [`sim`] drives them through a deterministic discrete-event simulation
//! described by a [`scenario`]; the browser front end and the native `fulcrum` CLI only draw or
//! print what the engine decided and why.

pub mod config;
pub mod engine;
pub mod playground;
pub mod scenario;
pub mod share;
pub mod sim;

// The Yew front end: wasm only (its own docs open ui/mod.rs).
#[cfg(target_arch = "wasm32")]
pub mod ui;
