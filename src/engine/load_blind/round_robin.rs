//! Round robin and smooth weighted round robin: the turn-taking family.
//!
//! [`SmoothWeightedRoundRobin`] is the algorithm nginx uses for weighted upstreams
//! (`ngx_http_upstream_get_peer`, 2012): every pick, each server's current weight grows by its
//! weight, the largest is chosen and loses the total. Weights 5,1,1 give `a a b a c a a`, where
//! the seed's version gives `a a a a a b c`. After t picks the current weight of server i is
//! exactly `t·wᵢ − W·cᵢ(t)` (W the total weight, cᵢ its picks so far), so the sequence repeats every
//! W/g picks (g the weights' greatest common divisor: scaling every weight by g scales every
//! current weight by g and changes no choice). Fulcrum precomputes one period and picks in O(1)
//! when building it is cheap, and derives the current weights from the pick counts when asked to
//! explain; otherwise it runs nginx's O(n) loop.

use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::Step;

/// Each eligible server in turn. The cursor is reduced modulo the eligible count at every pick,
/// so a server leaving can never push it out of range (the seed's `IndexError`).
#[derive(Clone, Debug, Default)]
pub struct RoundRobin {
    cursor: usize,
}

impl Strategy for RoundRobin {
    fn build(_config: &StrategyConfig, _pool: &Pool) -> Self {
        Self::default()
    }

    fn rebuild(&mut self, _pool: &Pool, _change: &PoolChange) {}

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let eligible = ctx.pool.eligible();
        if eligible.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let position = self.cursor % eligible.len();
        self.cursor = (position + 1) % eligible.len();
        let next = self.cursor;
        ctx.explain.step(|| Step::Cursor {
            position,
            of: eligible.len(),
            next,
        });
        Ok(eligible[position])
    }
}

/// Periods longer than this are not precomputed (memory: 4 bytes a pick); picks then take the
/// O(n) loop.
pub const MAX_SCHEDULE: u64 = 1 << 20;

/// Building a period costs n·(W/g) steps, paid at every pool change (a health flip included).
/// Beyond this many steps (a few milliseconds) picks take the O(n) loop instead, unless all
/// weights are equal: that period is plain round robin and costs n to build.
pub const MAX_SCHEDULE_WORK: u64 = 1 << 24;

/// nginx's smooth weighted round robin.
#[derive(Clone, Debug, Default)]
pub struct SmoothWeightedRoundRobin {
    /// Eligible servers (pool indices) and their weights, in pool order.
    servers: Vec<usize>,
    weights: Vec<i64>,
    total: i64,
    /// One period of picks (positions in `servers`), when the period fits [`MAX_SCHEDULE`].
    schedule: Vec<u32>,
    /// Picks made in the current period.
    step: u64,
    /// Picks per server in the current period (cᵢ).
    picks: Vec<i64>,
    /// Current weights, kept only when there is no schedule.
    current: Vec<i64>,
}

impl SmoothWeightedRoundRobin {
    fn reset(&mut self, pool: &Pool) {
        self.servers = pool.eligible().to_vec();
        self.weights = self
            .servers
            .iter()
            .map(|&i| i64::from(pool.server(i).weight))
            .collect();
        self.total = self.weights.iter().sum();
        self.step = 0;
        self.picks = vec![0; self.servers.len()];
        self.current = vec![0; self.servers.len()];
        self.schedule.clear();
        let g = self.weights.iter().fold(0, |g, &w| gcd(g, w));
        if g == 0 {
            return;
        }
        let reduced: Vec<i64> = self.weights.iter().map(|w| w / g).collect();
        let period = (self.total / g) as u64;
        let n = self.servers.len() as u64;
        if period > MAX_SCHEDULE {
            return;
        }
        if reduced.iter().all(|&w| w == 1) {
            self.schedule.extend(0..n as u32);
        } else if n.saturating_mul(period) <= MAX_SCHEDULE_WORK {
            self.schedule.reserve(period as usize);
            let mut current = vec![0; reduced.len()];
            for _ in 0..period {
                let chosen = Self::advance(&reduced, period as i64, &mut current);
                self.schedule.push(chosen as u32);
            }
            // After one whole period every current weight is back to zero.
            debug_assert!(current.iter().all(|&c| c == 0));
        }
    }

    /// nginx's loop: add each weight, take the largest (first on ties), subtract the total.
    fn advance(weights: &[i64], total: i64, current: &mut [i64]) -> usize {
        let mut best = 0;
        for i in 0..weights.len() {
            current[i] += weights[i];
            if current[i] > current[best] {
                best = i;
            }
        }
        current[best] -= total;
        best
    }

    /// Current weights after `t` picks of this period: `t·wᵢ − W·cᵢ` (in the unreduced weights
    /// the user set, so an explanation shows nginx's numbers).
    fn current_weights(&self, t: i64) -> Vec<i64> {
        if self.schedule.is_empty() {
            return self.current.clone();
        }
        self.weights
            .iter()
            .zip(&self.picks)
            .map(|(w, c)| t * w - self.total * c)
            .collect()
    }
}

impl Strategy for SmoothWeightedRoundRobin {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self::default();
        s.reset(pool);
        s
    }

    /// Like nginx on reload, any change starts a fresh period.
    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.servers.is_empty() || self.total == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let before = ctx
            .explain
            .is_on()
            .then(|| self.current_weights(self.step as i64));
        let chosen = if self.schedule.is_empty() {
            Self::advance(&self.weights, self.total, &mut self.current)
        } else {
            let chosen = self.schedule[self.step as usize] as usize;
            self.picks[chosen] += 1;
            self.step += 1;
            chosen
        };
        if let Some(before) = before {
            let after = self.current_weights(self.step as i64);
            ctx.explain.step(|| Step::SmoothWeights {
                servers: self.servers.clone(),
                weights: self.weights.clone(),
                before,
                after,
                total: self.total,
            });
        }
        if self.step as usize == self.schedule.len() && !self.schedule.is_empty() {
            self.step = 0;
            self.picks.iter_mut().for_each(|c| *c = 0);
        }
        Ok(self.servers[chosen])
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::testing::{ids, picks};

    #[test]
    fn smooth_wrr_interleaves_like_nginx() {
        let got = picks(StrategyKind::WeightedRoundRobin, "a:1=5,b:1=1,c:1=1", 7);
        assert_eq!(ids(&got), "a a b a c a a");
        let got = picks(StrategyKind::WeightedRoundRobin, "a:1=5,b:1=1,c:1=1", 14);
        assert_eq!(ids(&got), "a a b a c a a a a b a c a a");
    }

    #[test]
    fn smooth_wrr_without_a_schedule_matches_the_schedule() {
        let pool =
            Pool::new(crate::engine::model::parse_servers("a:1=5,b:1=3,c:1=2").unwrap()).unwrap();
        let mut s = SmoothWeightedRoundRobin::build(&StrategyConfig::default(), &pool);
        let mut current = vec![0; 3];
        for _ in 0..25 {
            let want = SmoothWeightedRoundRobin::advance(&s.weights, s.total, &mut current);
            let got = crate::engine::testing::pick_once(&mut s, &pool);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn smooth_wrr_schedules_agree_with_nginx_loop_for_every_shape() {
        // gcd-reduced (6,2,2), all equal (3,3,3) and a period too costly to precompute.
        let mut big = String::new();
        for i in 0..300 {
            big.push_str(&format!("s{i}:1={},", 1000 + i));
        }
        big.pop();
        for spec in ["a:1=6,b:1=2,c:1=2", "a:1=3,b:1=3,c:1=3", big.as_str()] {
            let pool = Pool::new(crate::engine::model::parse_servers(spec).unwrap()).unwrap();
            let mut s = SmoothWeightedRoundRobin::build(&StrategyConfig::default(), &pool);
            assert_eq!(s.schedule.is_empty(), spec == big, "{spec}");
            let mut current = vec![0; s.weights.len()];
            for _ in 0..2 * s.weights.len() + 7 {
                let want = SmoothWeightedRoundRobin::advance(&s.weights, s.total, &mut current);
                let explained = s.current_weights(s.step as i64);
                if !s.schedule.is_empty() {
                    let mut before = current.clone();
                    before[want] += s.total;
                    for (b, w) in before.iter_mut().zip(&s.weights) {
                        *b -= w;
                    }
                    assert_eq!(explained, before, "{spec}");
                }
                let got = crate::engine::testing::pick_once(&mut s, &pool);
                assert_eq!(got, want, "{spec}");
            }
        }
    }

    #[test]
    fn round_robin_survives_servers_leaving() {
        let got = picks(StrategyKind::RoundRobin, "a:1,b:1,c:1", 4);
        assert_eq!(ids(&got), "a b c a");
    }
}
