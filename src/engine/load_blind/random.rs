//! Uniform and weighted random choice.
//!
//! [`UniformRandom`] draws one eligible server uniformly (the seed's `random.choice`, minus its
//! disregard for weights, which `weighted_random` adds). [`WeightedRandom`] draws a server with
//! probability exactly proportional to its weight in O(1) with Vose's alias method (M. D. Vose,
//! "A linear algorithm for generating random numbers with a given distribution", IEEE TSE 1991;
//! Walker 1977), built in integers so the probabilities are exact rationals, not rounded floats:
//! `rand_distr`'s `WeightedAliasIndex` would do too, but a dozen lines of integer code spare a
//! dependency and make the table the same on every platform by construction.
//!
//! Every draw is a `u64` range, never `usize`, so wasm32 and 64-bit hosts consume the generator
//! identically and pick the same servers.

use rand::RngExt;

use crate::engine::model::{Pool, PoolChange};
use crate::engine::rng::SimRng;
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// A uniformly random eligible server: O(1).
#[derive(Clone, Debug, Default)]
pub struct UniformRandom;

impl Strategy for UniformRandom {
    fn build(_config: &StrategyConfig, _pool: &Pool) -> Self {
        Self
    }

    fn rebuild(&mut self, _pool: &Pool, _change: &PoolChange) {}

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let eligible = ctx.pool.eligible();
        if eligible.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let range = eligible.len() as u64;
        let index = ctx.rng.random_range(0..range);
        ctx.explain.step(|| Step::Random { range, index });
        Ok(eligible[index as usize])
    }
}

/// Vose's alias table over `n` columns with integer weights. Column `c` keeps itself when a
/// uniform draw `u ∈ [0, total)` falls below `keep[c]`, and goes to `alias[c]` otherwise; with
/// every weight scaled by `n`, each column holds exactly `total` units, so item `i` comes out
/// with probability exactly `wᵢ / total`.
#[derive(Clone, Debug, Default)]
pub struct AliasTable {
    keep: Vec<u64>,
    alias: Vec<u32>,
    /// Sum of the weights.
    total: u64,
    /// `n · total`, when it fits a `u64`: one draw then gives both the column and `u`.
    span: Option<u64>,
}

/// One alias-table draw, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasDraw {
    /// The column drawn uniformly, a position among the eligible servers.
    pub column: usize,
    /// The uniform draw within the column, in `0..total`.
    pub within: u64,
    /// The item drawn: the column itself or its alias.
    pub item: usize,
}

impl AliasTable {
    /// Build in O(n). Zero weights are fine (never drawn) as long as one weight is positive;
    /// with none positive the table is empty.
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Self {
        Self::from_weights(weights.into_iter().collect())
    }

    /// [`Self::new`]'s body, apart from the generic iterator it is given.
    fn from_weights(weights: Vec<u64>) -> Self {
        let n = weights.len();
        let total: u64 = weights.iter().sum();
        if n == 0 || total == 0 {
            return Self::default();
        }
        // Scaled weights wᵢ·n in u128: at most 10⁶ · n², no overflow for any pool we accept.
        let full = u128::from(total);
        let mut scaled: Vec<u128> = weights.iter().map(|&w| u128::from(w) * n as u128).collect();
        let mut keep = vec![total; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < full);
        // Pop from the ends; the order is fixed by the input, so the table is too.
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            keep[s] = scaled[s] as u64; // < total
            alias[s] = l as u32;
            // The large item gives away what fills column s.
            scaled[l] -= full - scaled[s];
            if scaled[l] < full {
                large.pop();
                small.push(l);
            }
        }
        // In exact arithmetic both lists empty together; what remains is full (keep = total).
        let span = (n as u64).checked_mul(total);
        Self {
            keep,
            alias,
            total,
            span,
        }
    }

    /// No column: no eligible server with weight.
    pub fn is_empty(&self) -> bool {
        self.keep.is_empty()
    }

    /// Columns, one per eligible server.
    pub fn len(&self) -> usize {
        self.keep.len()
    }

    /// Draw an item in O(1): one `u64` draw (two for enormous tables).
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> Option<AliasDraw> {
        if self.keep.is_empty() {
            return None;
        }
        let (column, within) = match self.span {
            Some(span) => {
                let r = rng.random_range(0..span);
                ((r / self.total) as usize, r % self.total)
            }
            None => (
                rng.random_range(0..self.keep.len() as u64) as usize,
                rng.random_range(0..self.total),
            ),
        };
        let item = if within < self.keep[column] {
            column
        } else {
            self.alias[column] as usize
        };
        Some(AliasDraw {
            column,
            within,
            item,
        })
    }

    /// The range of the single draw [`AliasTable::sample`] makes (for [`Step::Random`]).
    pub fn span(&self) -> u64 {
        self.span.unwrap_or(self.total)
    }

    /// Probability of item `i` in units of `1 / (n · total)`: for tests.
    #[cfg(test)]
    fn mass(&self, i: usize) -> u128 {
        let mut m = 0u128;
        for c in 0..self.keep.len() {
            if c == i {
                m += u128::from(self.keep[c]);
            }
            if self.alias[c] as usize == i {
                m += u128::from(self.total - self.keep[c]);
            }
        }
        m
    }
}

/// A random eligible server with probability proportional to its weight: O(1) per pick over an
/// alias table built in O(n) at every pool change.
#[derive(Clone, Debug, Default)]
pub struct WeightedRandom {
    /// Eligible servers (pool indices), in pool order; column `i` of the table is `servers[i]`.
    servers: Vec<usize>,
    table: AliasTable,
}

impl WeightedRandom {
    fn reset(&mut self, pool: &Pool) {
        self.servers = pool.eligible().to_vec();
        self.table = AliasTable::new(
            self.servers
                .iter()
                .map(|&i| u64::from(pool.server(i).weight)),
        );
    }
}

impl Strategy for WeightedRandom {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self::default();
        s.reset(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let draw = self
            .table
            .sample(ctx.rng)
            .ok_or(PickError::NoEligibleServer)?;
        let span = self.table.span();
        let table = &self.table;
        ctx.explain.step(|| Step::Random {
            range: span,
            index: draw.column as u64 * table.total + draw.within,
        });
        ctx.explain.step(|| {
            Step::Note(Note::AliasDraw {
                column: draw.column,
                keep: table.keep[draw.column],
                total: table.total,
                drew: draw.within,
                alias: (draw.item != draw.column).then_some(draw.item),
            })
        });
        Ok(self.servers[draw.item])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::testing::demo_request;
    use crate::engine::testing::picks;
    use proptest::prelude::*;

    #[test]
    fn alias_table_masses_are_exactly_the_weights() {
        let weights = [5u64, 1, 0, 7, 3, 3];
        let t = AliasTable::new(weights);
        let n = weights.len() as u128;
        for (i, &w) in weights.iter().enumerate() {
            assert_eq!(t.mass(i), u128::from(w) * n, "item {i}");
        }
        assert!(AliasTable::new([0u64, 0]).is_empty());
        assert!(AliasTable::new([]).is_empty());
    }

    #[test]
    fn weighted_random_shares_converge_to_weight_shares() {
        let spec = "a:1=5,b:1=1,c:1=3,d:1=0,e:1=1";
        let got = picks(StrategyKind::WeightedRandom, spec, 100_000);
        let weights = [("a", 5.0), ("b", 1.0), ("c", 3.0), ("d", 0.0), ("e", 1.0)];
        for (host, w) in weights {
            let share = got.iter().filter(|id| id.starts_with(host)).count() as f64 / 1e5;
            // 100,000 draws: the standard error of a share is below 0.0016.
            assert!((share - w / 10.0).abs() < 0.006, "{host}: {share}");
        }
    }

    #[test]
    fn uniform_random_is_uniform_over_eligible_only() {
        let mut b = Balancer::new(
            StrategyConfig::new(StrategyKind::Random),
            parse_servers("a:1,b:1=0,c:1,d:1").unwrap(),
        )
        .unwrap();
        b.set_status(3, Status::Unhealthy).unwrap();
        let mut rng = seeded(9);
        let mut counts = [0u32; 4];
        for i in 0..30_000 {
            counts[b.pick(&demo_request(i), &mut rng, 0).unwrap()] += 1;
        }
        assert_eq!((counts[1], counts[3]), (0, 0));
        assert!((14_000..16_000).contains(&counts[0]), "{counts:?}");
    }

    #[test]
    fn explained_picks_show_the_draw() {
        let mut b = Balancer::new(
            StrategyConfig::new(StrategyKind::WeightedRandom),
            parse_servers("a:1=3,b:1=1").unwrap(),
        )
        .unwrap();
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        let server = got.unwrap();
        assert!(matches!(steps[0], Step::Random { range: 8, index } if index < 8));
        assert_eq!(steps.last(), Some(&Step::Chosen { server }));
    }

    proptest! {
        #[test]
        fn alias_tables_are_exact_for_any_weights(
            weights in proptest::collection::vec(0u64..1_000_001, 1..40),
        ) {
            let t = AliasTable::new(weights.iter().copied());
            let total: u64 = weights.iter().sum();
            prop_assert_eq!(t.is_empty(), total == 0);
            if total > 0 {
                for (i, &w) in weights.iter().enumerate() {
                    prop_assert_eq!(t.mass(i), u128::from(w) * weights.len() as u128);
                }
            }
        }

        #[test]
        fn random_strategies_pick_only_eligible_and_repeat_with_the_seed(
            weights in proptest::collection::vec(0u32..5, 1..12),
            down in proptest::collection::vec(any::<bool>(), 12),
            seed in any::<u64>(),
            weighted in any::<bool>(),
        ) {
            let spec: Vec<String> =
                weights.iter().enumerate().map(|(i, w)| format!("s{i}:1={w}")).collect();
            let kind = if weighted { StrategyKind::WeightedRandom } else { StrategyKind::Random };
            let mut b = Balancer::new(StrategyConfig::new(kind), parse_servers(&spec.join(",")).unwrap()).unwrap();
            for (i, d) in down.iter().take(weights.len()).enumerate() {
                if *d {
                    b.set_status(i, Status::Unhealthy).unwrap();
                }
            }
            let run = |b: &mut Balancer| {
                let mut rng = seeded(seed);
                (0..50).map(|i| b.pick(&demo_request(i), &mut rng, 0)).collect::<Vec<_>>()
            };
            let first = run(&mut b);
            prop_assert_eq!(&first, &run(&mut b));
            for got in first {
                match got {
                    Ok(s) => prop_assert!(b.pool().server(s).is_eligible()),
                    Err(e) => {
                        prop_assert_eq!(e, PickError::NoEligibleServer);
                        prop_assert!(b.pool().eligible().is_empty());
                    }
                }
            }
        }
    }
}
