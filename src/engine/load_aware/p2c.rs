//! Power of two choices: draw two distinct eligible servers at random and send the request to
//! the less loaded one.
//!
//! Azar, Broder, Karlin and Upfal ("Balanced allocations", SIAM J. Computing 1999) and
//! Mitzenmacher ("The Power of Two Choices in Randomized Load Balancing", IEEE TPDS 2001) showed
//! that two random choices instead of one cut the maximum load from Θ(log n / log log n) to
//! Θ(log log n). Unlike least connections it needs no global order, so several balancers with
//! stale views do not all herd onto the same "least loaded" server.
//!
//! Choices made here where the papers are silent:
//! - Load is `connections / weight`, compared exactly by cross-multiplication (`cₐ·w_b` vs
//!   `c_b·wₐ`, in integers), so a weight-3 server counts as less loaded than a weight-1 server
//!   with the same connections.
//! - Candidates are drawn with probability proportional to weight (the alias table of
//!   [`crate::engine::load_blind::random`]); the second is redrawn while it equals the first, at most
//!   [`MAX_REDRAWS`] times, then taken uniformly from the others, so a server holding nearly all
//!   the weight cannot stall the pick. With equal weights this is the papers' uniform choice.
//! - Equal loads go to the first candidate drawn. As that one is drawn in proportion to weight,
//!   a pool without live load (e.g. `fulcrum route`) gets exactly the weight shares.
//!
//! Cost: O(1) per pick (two or a few table draws); O(n) per pool change to rebuild the table.

use rand::RngExt;

use crate::engine::load_blind::random::AliasTable;
use crate::engine::model::{Pool, PoolChange};
use crate::engine::rng::SimRng;
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// How often the second candidate is redrawn (weighted) before it is taken uniformly from the
/// servers other than the first.
pub const MAX_REDRAWS: u32 = 4;

/// The eligible servers and a weighted sampler over them, shared by the two-choice strategies
/// ([`PowerOfTwoChoices`], [`crate::engine::load_aware::ewma::PeakEwma`]).
#[derive(Clone, Debug, Default)]
pub struct TwoChoices {
    /// Eligible servers (pool indices), in pool order.
    pub servers: Vec<usize>,
    /// Their weights.
    pub weights: Vec<u32>,
    table: AliasTable,
}

/// What a draw of candidates gave: positions in [`TwoChoices::servers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawn {
    /// No eligible server.
    None,
    /// Only one: no choice to make.
    One(usize),
    /// Two distinct candidates.
    Two(usize, usize),
}

impl TwoChoices {
    /// The eligible servers of `pool` and their weights.
    pub fn new(pool: &Pool) -> Self {
        let servers = pool.eligible().to_vec();
        let weights: Vec<u32> = servers.iter().map(|&i| pool.server(i).weight).collect();
        let table = AliasTable::new(weights.iter().map(|&w| u64::from(w)));
        Self {
            servers,
            weights,
            table,
        }
    }

    /// One position, drawn in proportion to weight.
    #[inline]
    pub fn draw_one(&self, rng: &mut SimRng) -> Option<usize> {
        self.table.sample(rng).map(|d| d.item)
    }

    /// Two distinct positions, the first drawn in proportion to weight, the second too unless
    /// [`MAX_REDRAWS`] draws all repeat the first.
    #[inline]
    pub fn draw(&self, rng: &mut SimRng) -> Drawn {
        let n = self.servers.len();
        let Some(first) = self.table.sample(rng) else {
            return Drawn::None;
        };
        let a = first.item;
        if n == 1 {
            return Drawn::One(a);
        }
        for _ in 0..MAX_REDRAWS {
            if let Some(d) = self.table.sample(rng)
                && d.item != a
            {
                return Drawn::Two(a, d.item);
            }
        }
        let j = rng.random_range(0..(n - 1) as u64) as usize;
        Drawn::Two(a, if j >= a { j + 1 } else { j })
    }

    /// The two candidates of a pick, as (pool index, weight) pairs; or, when there is no choice
    /// to make (no eligible server, or one), the pick itself, explained.
    #[inline]
    pub fn candidates(
        &self,
        ctx: &mut PickContext<'_>,
    ) -> Result<[(usize, u32); 2], Result<usize, PickError>> {
        match self.draw(ctx.rng) {
            Drawn::None => Err(Err(PickError::NoEligibleServer)),
            Drawn::One(a) => {
                ctx.explain.step(|| Step::Note(Note::OneEligible));
                Err(Ok(self.servers[a]))
            }
            Drawn::Two(a, b) => Ok([
                (self.servers[a], self.weights[a]),
                (self.servers[b], self.weights[b]),
            ]),
        }
    }
}

/// Two random candidates, the lower `connections / weight` wins.
#[derive(Clone, Debug, Default)]
pub struct PowerOfTwoChoices {
    choices: TwoChoices,
}

impl Strategy for PowerOfTwoChoices {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            choices: TwoChoices::new(pool),
        }
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.choices = TwoChoices::new(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let [(sa, wa), (sb, wb)] = match self.choices.candidates(ctx) {
            Ok(pair) => pair,
            Err(decided) => return decided,
        };
        let conns = |s: usize| u64::from(ctx.pool.server(s).load.connections);
        let (ca, cb) = (conns(sa), conns(sb));
        let (wa, wb) = (u64::from(wa), u64::from(wb));
        // cb/wb < ca/wa, exactly; ties stay with the first candidate.
        let winner = if cb * wa < ca * wb { sb } else { sa };
        ctx.explain.step(|| Step::Candidates {
            servers: [sa, sb],
            scores: [ca as f64 / wa as f64, cb as f64 / wb as f64],
        });
        Ok(winner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::testing::{demo_request, held_loads, picks};
    use proptest::prelude::*;

    fn balancer(spec: &str) -> Balancer {
        Balancer::new(
            StrategyConfig::new(StrategyKind::PowerOfTwoChoices),
            parse_servers(spec).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn candidates_are_distinct_even_when_one_server_holds_almost_all_weight() {
        let pool = Pool::new(parse_servers("a:1=1000000,b:1=1,c:1=1").unwrap()).unwrap();
        let c = TwoChoices::new(&pool);
        let mut rng = seeded(3);
        for _ in 0..1000 {
            match c.draw(&mut rng) {
                Drawn::Two(a, b) => assert_ne!(a, b),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn idle_pool_gets_the_weight_shares() {
        let got = picks(StrategyKind::PowerOfTwoChoices, "a:1=3,b:1=1", 40_000);
        let a = got.iter().filter(|id| id.starts_with('a')).count() as f64 / 40_000.0;
        assert!((a - 0.75).abs() < 0.01, "{a}");
    }

    #[test]
    fn keeps_loads_within_a_few_of_each_other() {
        // Requests that never finish: two choices keep the spread small where one random choice
        // lets it grow with √(requests).
        let mut b = balancer(
            &(0..20)
                .map(|i| format!("s{i}:1"))
                .collect::<Vec<_>>()
                .join(","),
        );
        let loads = held_loads(&mut b, 2_000, 5);
        let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
        assert!(max - min <= 6, "{loads:?}");
    }

    #[test]
    fn one_eligible_server_is_picked_without_a_comparison() {
        let mut b = balancer("a:1,b:1");
        b.set_status(0, Status::Unhealthy).unwrap();
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert!(matches!(steps[0], Step::Note { .. }));
        b.set_status(1, Status::Maintenance).unwrap();
        assert_eq!(
            b.pick(&demo_request(0), &mut seeded(1), 0),
            Err(PickError::NoEligibleServer)
        );
    }

    proptest! {
        /// Whatever the load, the winner is never the more loaded of the two candidates it shows,
        /// and is always eligible; the same seed replays the same picks.
        #[test]
        fn never_picks_the_more_loaded_candidate(
            weights in proptest::collection::vec(0u32..4, 1..10),
            ops in proptest::collection::vec((any::<bool>(), 0usize..10), 1..120),
            seed in any::<u64>(),
        ) {
            let spec: Vec<String> =
                weights.iter().enumerate().map(|(i, w)| format!("s{i}:1={w}")).collect();
            let mut b = balancer(&spec.join(","));
            let mut replay = b.clone();
            let mut rng = seeded(seed);
            let mut rng2 = seeded(seed);
            for (i, (start, finish)) in ops.into_iter().enumerate() {
                let (got, steps) = b.pick_explained(&demo_request(i as u64), &mut rng, 0);
                prop_assert_eq!(&got, &replay.pick(&demo_request(i as u64), &mut rng2, 0));
                let Ok(s) = got else {
                    prop_assert!(b.pool().eligible().is_empty());
                    continue;
                };
                prop_assert!(b.pool().server(s).is_eligible());
                if let Some(Step::Candidates { servers, .. }) = steps.first() {
                    let load = |x: usize| {
                        let srv = b.pool().server(x);
                        (u64::from(srv.load.connections), u64::from(srv.weight))
                    };
                    let other = if servers[0] == s { servers[1] } else { servers[0] };
                    prop_assert!(servers.contains(&s) && other != s);
                    let ((cs, ws), (co, wo)) = (load(s), load(other));
                    prop_assert!(cs * wo <= co * ws, "picked {}/{} over {}/{}", cs, ws, co, wo);
                }
                if start {
                    b.request_started(s);
                    replay.request_started(s);
                } else if finish < b.pool().len() && b.pool().server(finish).load.connections > 0 {
                    b.request_finished(finish, 1.0, true, 0);
                    replay.request_finished(finish, 1.0, true, 0);
                }
            }
        }
    }
}
