//! Fulcrum: a load-balancing playground.
//!
//! The crate has one direction of data: [`engine`] holds the strategies (pure, no I/O, no clock,
//! no global randomness); the simulator drives them; the browser front end and the native
//! `fulcrum` CLI only draw or print what the engine decided and why.

pub mod engine;
pub mod scenario;
pub mod sim;
