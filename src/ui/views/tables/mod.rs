//! The "Distribution and statistics" view: the distribution table, the latency by server
//! (successes and failures apart) and the seed's statistics.

pub mod distribution;
pub mod latency;
pub mod stats;
