//! The strategy engine: pure Rust with no web dependency, no I/O, no clock and no global
//! randomness. Everything else in Fulcrum (the simulator, the CLI, the browser) calls it and
//! explains its traces; nothing re-implements a strategy.
//!
//! Layout: [`model`] is the seed's LB = (S, R, A, W, D); [`strategy`] the trait, names and
//! configuration; one file per strategy family; [`seed`] the seed's own code, defects included;
//! [`balancer`] ties a pool to a strategy and keeps the seed's statistics.

#![warn(missing_docs)]

pub mod analyze;
pub mod balancer;
pub mod hashing;
pub mod key;
pub mod model;
pub mod rng;
pub mod strategy;
pub mod trace;

pub mod anchor;
pub mod bounded;
pub mod churn;
pub mod d_choices;
pub mod envoy;
pub mod envoy_least;
pub mod ewma;
pub mod haproxy;
pub mod hash;
pub mod jiq;
pub mod jump;
pub mod jump_back;
pub mod least;
pub mod maglev;
pub mod memento;
pub mod multi_probe;
pub mod nginx;
pub mod nginx_hash;
pub mod p2c;
pub mod prequal;
pub mod proxy_trace;
pub mod random;
pub mod rendezvous;
pub mod ring;
pub mod round_robin;
pub mod seed;
pub mod skeleton;

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
