//! `power_of_d_choices`: draw `d` distinct eligible servers at random and send the request to the
//! least loaded of them, `d` a setting ([`StrategyConfig::d`], clamped to 1..=n at each pick).
//!
//! The family of [`crate::engine::load_aware::p2c`]: Azar, Broder, Karlin and Upfal ("Balanced allocations", SIAM J.
//! Computing 1999) proved that with d ≥ 2 random choices the maximum load of n balls in n bins
//! falls from Θ(log n / log log n) to ln ln n / ln d + Θ(1); Mitzenmacher ("The Power of Two
//! Choices in Randomized Load Balancing", IEEE TPDS 2001) showed the same for queues, and that
//! most of the gain comes with d = 2: each further choice buys less (1 / ln d) while costing one
//! more load read, and, with several balancers reading stale loads, more herding. The slider's
//! lesson is that curve: d = 1 is random, d = 2 is power of two choices, d = n is least
//! connections.
//!
//! The three ends are exact, not approximations (the tests check them pick for pick):
//! - d = 1 draws one server in proportion to weight, with the same alias table and the same
//!   draw as `weighted_random`, so it picks what `weighted_random` picks (and, with equal
//!   weights, a uniformly random server).
//! - d = 2 draws as [`crate::engine::load_aware::p2c::TwoChoices::draw`] does, so it picks what
//!   `power_of_two_choices` picks with the same generator.
//! - d ≥ n compares every eligible server, as least connections does: the winner always has the
//!   lowest `connections / weight`. Ties go to the first server in the order compared, which
//!   starts at a server drawn in proportion to weight and runs on in pool order, so an idle
//!   pool gets the weight shares instead of sending everything to the first server.
//!
//! Between the ends: the first candidate is drawn in proportion to weight; each next one too,
//! redrawn while it repeats an earlier one (at most [`MAX_REDRAWS`] times), then taken uniformly
//! from the servers not yet drawn. Load is `connections / weight`, compared exactly by
//! cross-multiplication; ties go to the earlier candidate, so a pool without live load gets the
//! weight shares exactly. Candidates already drawn sit at the front of a permutation of the
//! positions, so "not yet drawn" is one comparison and a uniform draw among the rest is one
//! index: no per-pick allocation.
//!
//! Cost: O(d) per pick for d < n (d table draws and d load reads); O(n) for d ≥ n; O(n) per pool
//! change to rebuild the table.

use rand::RngExt;

use crate::engine::load_aware::p2c::{MAX_REDRAWS, TwoChoices};
use crate::engine::model::{Pool, PoolChange};
use crate::engine::rng::SimRng;
#[cfg(test)]
use crate::engine::strategy::{ConfigError, MAX_D};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// The most candidates a pick's explanation lists one by one (the winner is always listed).
pub const MAX_SHOWN: usize = 16;

/// `d` random candidates, the lowest `connections / weight` wins.
#[derive(Clone, Debug, Default)]
pub struct PowerOfDChoices {
    choices: TwoChoices,
    /// The configured d (at least 1); a pick uses min(d, n).
    d: usize,
    /// A permutation of the positions `0..n`; during a pick, the k candidates drawn so far sit
    /// in `perm[..k]`.
    perm: Vec<u32>,
    /// Position → where it sits in `perm`.
    slot: Vec<u32>,
}

impl PowerOfDChoices {
    fn reset(&mut self, pool: &Pool) {
        self.choices = TwoChoices::new(pool);
        let n = self.choices.servers.len() as u32;
        self.perm = (0..n).collect();
        self.slot = (0..n).collect();
    }

    /// Put position `x` in `perm[k]`, keeping `slot` the inverse of `perm`.
    #[inline]
    fn place(&mut self, x: usize, k: usize) {
        let from = self.slot[x] as usize;
        let y = self.perm[k] as usize;
        self.perm.swap(k, from);
        self.slot[x] = k as u32;
        self.slot[y] = from as u32;
    }

    /// Position `p`'s load: (connections, weight).
    #[inline]
    fn load(&self, pool: &Pool, p: usize) -> (u64, u64) {
        let server = self.choices.servers[p];
        (
            u64::from(pool.server(server).load.connections),
            u64::from(self.choices.weights[p]),
        )
    }

    /// Draw candidate number `k` (k ≥ 1), distinct from the `k` drawn before, and place it.
    #[inline]
    fn draw_next(&mut self, k: usize, rng: &mut SimRng) -> usize {
        for _ in 0..MAX_REDRAWS {
            if let Some(x) = self.choices.draw_one(rng)
                && self.slot[x] as usize >= k
            {
                self.place(x, k);
                return x;
            }
        }
        let n = self.perm.len();
        let j = rng.random_range(0..(n - k) as u64) as usize;
        // The second candidate falls back exactly as power of two choices does (the j-th
        // position other than the first), so d = 2 is that strategy pick for pick.
        let x = if k == 1 {
            let a = self.perm[0] as usize;
            if j >= a { j + 1 } else { j }
        } else {
            self.perm[k + j] as usize
        };
        self.place(x, k);
        x
    }
}

/// A load as (connections, weight), shown as their quotient.
fn score((c, w): (u64, u64)) -> f64 {
    c as f64 / w as f64
}

/// `b` is strictly less loaded than `a`, exactly: `c_b / w_b < c_a / w_a` in integers.
#[inline]
fn lower((ca, wa): (u64, u64), (cb, wb): (u64, u64)) -> bool {
    cb * wa < ca * wb
}

impl Strategy for PowerOfDChoices {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            d: config.d.max(1) as usize,
            ..Self::default()
        };
        s.reset(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let n = self.choices.servers.len();
        let first = self
            .choices
            .draw_one(ctx.rng)
            .ok_or(PickError::NoEligibleServer)?;
        if n == 1 {
            ctx.explain.step(|| Step::Note(Note::OneEligible));
            return Ok(self.choices.servers[first]);
        }
        let d = self.d.min(n);
        self.place(first, 0);
        if d == 2 {
            let second = self.draw_next(1, ctx.rng);
            let (la, lb) = (self.load(ctx.pool, first), self.load(ctx.pool, second));
            let winner = if lower(la, lb) { second } else { first };
            let servers = &self.choices.servers;
            ctx.explain.step(|| Step::Candidates {
                servers: [servers[first], servers[second]],
                scores: [score(la), score(lb)],
            });
            return Ok(servers[winner]);
        }
        ctx.explain.step(|| Step::Note(Note::Choices { d, of: n }));
        // (position, load, rank in the order compared)
        let mut best = (first, self.load(ctx.pool, first), 0);
        for k in 0..d {
            let p = match k {
                0 => first,
                // Every server, starting at the one drawn and on in pool order.
                _ if d == n => (first + k) % n,
                _ => self.draw_next(k, ctx.rng),
            };
            let l = self.load(ctx.pool, p);
            if lower(best.1, l) {
                best = (p, l, k);
            }
            if k < MAX_SHOWN {
                let server = self.choices.servers[p];
                ctx.explain.step(|| Step::Score {
                    server,
                    score: score(l),
                });
            }
        }
        let (winner, l, rank) = best;
        let server = self.choices.servers[winner];
        if rank >= MAX_SHOWN {
            ctx.explain.step(|| Step::Score {
                server,
                score: score(l),
            });
        }
        Ok(server)
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
    use proptest::prelude::*;

    fn with_d(d: u32, spec: &str) -> Balancer {
        let config = StrategyConfig {
            d,
            ..StrategyConfig::new(StrategyKind::PowerOfDChoices)
        };
        Balancer::new(config, parse_servers(spec).unwrap()).unwrap()
    }

    fn of_kind(kind: StrategyKind, spec: &str) -> Balancer {
        Balancer::new(StrategyConfig::new(kind), parse_servers(spec).unwrap()).unwrap()
    }

    fn spec(weights: &[u32]) -> String {
        let s: Vec<String> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| format!("s{i}:1={w}"))
            .collect();
        s.join(",")
    }

    /// Drive `a` and `b` with the same requests and generator seeds, starting each pick's
    /// request (and finishing the oldest now and then) on both, and compare every pick.
    fn same_picks(mut a: Balancer, mut b: Balancer, seed: u64, picks: u64) -> Result<(), String> {
        let (mut ra, mut rb) = (seeded(seed), seeded(seed));
        let mut started = Vec::new();
        for i in 0..picks {
            let (pa, pb) = (
                a.pick(&demo_request(i), &mut ra, 0),
                b.pick(&demo_request(i), &mut rb, 0),
            );
            if pa != pb {
                return Err(format!("pick {i}: {pa:?} vs {pb:?}"));
            }
            let Ok(s) = pa else { continue };
            a.request_started(s);
            b.request_started(s);
            started.push(s);
            if i % 3 == 2 {
                let s = started.remove(0);
                a.request_finished(s, 1.0, true, 0);
                b.request_finished(s, 1.0, true, 0);
            }
        }
        Ok(())
    }

    /// Requests that never finish: the spread of connections after `m` picks.
    fn spread(mut b: Balancer, m: u64, seed: u64) -> u32 {
        let mut rng = seeded(seed);
        for i in 0..m {
            let s = b.pick(&demo_request(i), &mut rng, 0).unwrap();
            b.request_started(s);
        }
        let loads = b.pool().servers().iter().map(|s| s.load.connections);
        loads.clone().max().unwrap() - loads.min().unwrap()
    }

    #[test]
    fn d_one_is_weighted_random_pick_for_pick() {
        for weights in [vec![1, 1, 1, 1], vec![3, 1, 2, 5, 1]] {
            let s = spec(&weights);
            let got = same_picks(
                with_d(1, &s),
                of_kind(StrategyKind::WeightedRandom, &s),
                9,
                2_000,
            );
            assert_eq!(got, Ok(()), "{weights:?}");
        }
    }

    #[test]
    fn d_two_is_power_of_two_choices_pick_for_pick() {
        // Skewed weights make the uniform fallback of the second draw happen too.
        for weights in [vec![1; 8], vec![3, 1, 2, 5, 1], vec![1000, 1, 1]] {
            let s = spec(&weights);
            let got = same_picks(
                with_d(2, &s),
                of_kind(StrategyKind::PowerOfTwoChoices, &s),
                4,
                3_000,
            );
            assert_eq!(got, Ok(()), "{weights:?}");
        }
    }

    #[test]
    fn d_n_keeps_loads_as_even_as_least_connections() {
        // Least connections never lets two servers differ by more than one request in flight
        // when nothing finishes; d = n (and any larger d, clamped) does the same; d = 2 does not.
        let s = spec(&[1; 12]);
        assert_eq!(
            spread(of_kind(StrategyKind::LeastConnections, &s), 1_000, 1),
            1
        );
        assert_eq!(spread(with_d(12, &s), 1_000, 1), 1);
        assert_eq!(spread(with_d(1_000, &s), 1_000, 1), 1);
        assert!(spread(with_d(2, &s), 1_000, 1) > 1);
    }

    #[test]
    fn a_larger_d_than_the_pool_is_d_equal_to_the_pool() {
        let s = spec(&[2, 1, 3, 1, 1]);
        assert_eq!(same_picks(with_d(5, &s), with_d(99, &s), 3, 2_000), Ok(()));
    }

    #[test]
    fn more_choices_flatten_the_spread() {
        // Balls into bins: 20 servers, 4,000 requests that never finish, averaged over seeds.
        let s = spec(&[1; 20]);
        let mean = |d: u32| {
            (0..8)
                .map(|seed| spread(with_d(d, &s), 4_000, seed))
                .sum::<u32>()
        };
        let (one, two, three) = (mean(1), mean(2), mean(3));
        assert!(one > 3 * two && two > three, "{one} {two} {three}");
    }

    #[test]
    fn explains_the_candidates_and_the_winner() {
        let mut b = with_d(3, &spec(&[1; 10]));
        for s in [0, 0, 1, 4, 4, 4] {
            b.request_started(s);
        }
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(2), 0);
        let server = got.unwrap();
        assert_eq!(steps[0], Step::Note(Note::Choices { d: 3, of: 10 }));
        let scored: Vec<(usize, f64)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Score { server, score } => Some((*server, *score)),
                _ => None,
            })
            .collect();
        assert_eq!(scored.len(), 3);
        let best = scored.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
        assert!(scored.contains(&(server, best)), "{scored:?} {server}");
        let chosen = steps.iter().filter(|s| matches!(s, Step::Chosen { .. }));
        assert_eq!(chosen.collect::<Vec<_>>(), [&Step::Chosen { server }]);
        // d = n over many servers lists the first 16 compared, and the winner.
        let mut b = with_d(100, &spec(&[1; 40]));
        for s in 0..39 {
            b.request_started(s);
        }
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(2), 0);
        assert_eq!(got, Ok(39));
        let shown = steps
            .iter()
            .filter(|s| matches!(s, Step::Score { .. }))
            .count();
        assert!((16..=17).contains(&shown), "{shown}");
        assert!(steps.contains(&Step::Score {
            server: 39,
            score: 0.0
        }));
    }

    #[test]
    fn one_or_no_eligible_server() {
        let mut b = with_d(3, "a:1,b:1");
        b.set_status(0, Status::Unhealthy).unwrap();
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert_eq!(steps[0], Step::Note(Note::OneEligible));
        b.set_status(1, Status::Maintenance).unwrap();
        assert_eq!(
            b.pick(&demo_request(0), &mut seeded(1), 0),
            Err(PickError::NoEligibleServer)
        );
    }

    #[test]
    fn d_zero_and_beyond_the_ceiling_are_refused() {
        for d in [0, MAX_D + 1] {
            let config = StrategyConfig {
                d,
                ..StrategyConfig::new(StrategyKind::PowerOfDChoices)
            };
            assert_eq!(config.validate(), Err(ConfigError::D(d)));
        }
    }

    proptest! {
        /// Whatever d, weights and load: the winner is eligible, the candidates are distinct,
        /// none of them is less loaded than the winner, and the same seed replays the same picks.
        #[test]
        fn never_picks_a_more_loaded_candidate(
            weights in proptest::collection::vec(0u32..4, 1..12),
            d in 1u32..14,
            ops in proptest::collection::vec((any::<bool>(), 0usize..12), 1..100),
            seed in any::<u64>(),
        ) {
            let mut b = with_d(d, &spec(&weights));
            let mut replay = b.clone();
            let (mut rng, mut rng2) = (seeded(seed), seeded(seed));
            for (i, (start, finish)) in ops.into_iter().enumerate() {
                let r = demo_request(i as u64);
                let (got, steps) = b.pick_explained(&r, &mut rng, 0);
                prop_assert_eq!(&got, &replay.pick(&r, &mut rng2, 0));
                let Ok(s) = got else {
                    prop_assert!(b.pool().eligible().is_empty());
                    continue;
                };
                prop_assert!(b.pool().server(s).is_eligible());
                let load = |x: usize| {
                    let srv = b.pool().server(x);
                    (u64::from(srv.load.connections), u64::from(srv.weight))
                };
                let mut seen = Vec::new();
                for step in &steps {
                    let others: Vec<usize> = match step {
                        Step::Score { server, .. } => vec![*server],
                        Step::Candidates { servers, .. } => servers.to_vec(),
                        _ => continue,
                    };
                    for o in others {
                        prop_assert!(!lower(load(s), load(o)), "{} beats {}", o, s);
                        seen.push(o);
                    }
                }
                let n = b.pool().eligible().len();
                if n > 1 && (d as usize) <= MAX_SHOWN {
                    let want = (d as usize).min(n);
                    prop_assert_eq!(seen.len(), want);
                    seen.sort_unstable();
                    seen.dedup();
                    prop_assert_eq!(seen.len(), want, "candidates repeat");
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
