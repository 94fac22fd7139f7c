//! Power of two choices.
//!
//! STUB: a placeholder that picks the first eligible server, until the real strategy lands.

use super::model::{Pool, PoolChange};
use super::strategy::{PickContext, PickError, Strategy, StrategyConfig};

#[derive(Clone, Debug, Default)]
pub struct PowerOfTwoChoices;

impl Strategy for PowerOfTwoChoices {
    fn build(_config: &StrategyConfig, _pool: &Pool) -> Self {
        Self
    }

    fn rebuild(&mut self, _pool: &Pool, _change: &PoolChange) {}

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        ctx.pool
            .eligible()
            .first()
            .copied()
            .ok_or(PickError::NoEligibleServer)
    }
}
