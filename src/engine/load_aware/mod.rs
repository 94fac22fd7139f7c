//! Strategies that look at the servers' load: how many requests each holds, how fast it has
//! answered, or whether it said it is idle.
//!
//! [`least`] scans an index of the load (least connections, least response time); [`p2c`] and
//! [`d_choices`] sample two or d servers and keep the less loaded; [`ewma`] samples two over a
//! latency-aware cost (Peak EWMA); [`jiq`] sends to a server that reported itself idle
//! (Join-Idle-Queue); [`prequal`] probes servers ahead of time and picks by requests in flight
//! and latency (Prequal).

pub mod d_choices;
pub mod ewma;
pub mod jiq;
pub mod least;
pub mod p2c;
pub mod prequal;
