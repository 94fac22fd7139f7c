//! The seed's own strategies, defects included.
//!
//! STUB: a placeholder that picks the first eligible server, until the real strategy lands.

use super::model::{Pool, PoolChange};
use super::strategy::{PickContext, PickError, Strategy, StrategyConfig};

#[derive(Clone, Debug, Default)]
pub struct SeedRoundRobin;

impl Strategy for SeedRoundRobin {
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

#[derive(Clone, Debug, Default)]
pub struct SeedWeightedRoundRobin;

impl Strategy for SeedWeightedRoundRobin {
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

#[derive(Clone, Debug, Default)]
pub struct SeedLeastConnections;

impl Strategy for SeedLeastConnections {
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

#[derive(Clone, Debug, Default)]
pub struct SeedModuloHash;

impl Strategy for SeedModuloHash {
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

#[derive(Clone, Debug, Default)]
pub struct SeedRandom;

impl Strategy for SeedRandom {
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

#[derive(Clone, Debug, Default)]
pub struct SeedLeastResponseTime;

impl Strategy for SeedLeastResponseTime {
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

#[derive(Clone, Debug, Default)]
pub struct SeedConsistentHash;

impl Strategy for SeedConsistentHash {
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
