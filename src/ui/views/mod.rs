//! The playground's views, one folder each, in the order a visitor meets them. Each view is a
//! component over parts of the playground's snapshot, so it can be shown alone (an embed's
//! `view=`), large, or beside the others.

pub mod balancer;
pub mod charts;
pub mod compare;
pub mod explain;
pub mod feedback;
pub mod flow;
pub mod import;
pub mod pool;
pub mod ring;
pub mod sweep;
pub mod tables;
