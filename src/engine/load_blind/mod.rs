//! Strategies that never look at load or at the request: they take turns ([`round_robin`],
//! smooth weighted round robin among them) or draw at random ([`random`], uniform or by weight).

pub mod random;
pub mod round_robin;
