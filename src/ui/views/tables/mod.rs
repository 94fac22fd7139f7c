//! The "Distribution and statistics" view: the distribution table and the seed's statistics.

pub mod distribution;
pub mod stats;
