//! The strategy engine: pure Rust with no web dependency, no I/O, no clock and no global
//! randomness. Everything else in Fulcrum (the simulator, the CLI, the browser) calls it and
//! explains its traces; nothing re-implements a strategy.
//!
//! Layout: [`model`] is the tutorial's LB = (S, R, A, W, D); [`strategy`] the trait, names and
//! configuration; [`balancer`] ties a pool to a strategy and keeps the tutorial's statistics;
//! [`trace`] the steps a pick records. The strategies sit in a folder per family, a file per
//! strategy or close kin: [`load_blind`] (turns and random draws), [`load_aware`] (least load,
//! sampled choices, latency, idle reports, probes), [`hashing`] (hash functions and the
//! strategies that hash a key) and [`proxies`] (nginx's, HAProxy's and Envoy's own rules).
//! [`seed`] is the tutorial's own code, defects included; [`analyze`] and [`churn`] measure
//! spread and movement without a clock.

#![warn(missing_docs)]

pub mod analyze;
pub mod balancer;
pub mod churn;
pub mod model;
pub mod rng;
pub mod seed;
pub mod strategy;
pub mod trace;

pub mod hashing;
pub mod load_aware;
pub mod load_blind;
pub mod proxies;

#[cfg(test)]
pub(crate) mod testing;

pub use balancer::{Balancer, EngineError, ServerDetail, Stats};
pub use model::{
    KeySource, LoadEvent, Method, Nanos, Pool, PoolChange, Request, Server, ServerReport, Status,
};
pub use rng::{SimRng, seeded};
pub use strategy::{
    AnyStrategy, ConfigError, KeyMapping, PickContext, PickError, RingFlavor, Strategy,
    StrategyConfig, StrategyKind, Variant,
};
pub use trace::{Explain, Note, SeedDefect, Step, Unavailable};
