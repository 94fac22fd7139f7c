//! `envoy_least_request`: Envoy's LEAST_REQUEST load balancer, rule for rule
//! (`source/extensions/load_balancing_policies/least_request/least_request_lb.cc` and
//! `EdfLoadBalancerBase` in `load_balancing_policies/common/load_balancer_impl.cc`), over the
//! eligible servers (Envoy's healthy hosts), their weights and their requests in flight (Envoy's
//! `rq_active`).
//!
//! - **Equal weights** (and no `active_request_bias` configured): `choice_count` hosts drawn
//!   uniformly, with replacement (`random() % n` each), the one with the fewest active requests
//!   wins; a later draw replaces the candidate only with strictly fewer, so ties stay with the
//!   earlier draw. With `choice_count` 2 this is power of two choices, uniform rather than
//!   weighted, and unlike [`crate::engine::load_aware::p2c`] the two draws may be the same host.
//! - **Unequal weights**, or `active_request_bias` configured (Envoy's
//!   `least_request_lb_active_request_bias_forces_weighted`, on by default since it came): the
//!   earliest deadline of Envoy's EDF scheduler ([`EdfScheduler`], `edf_scheduler.h`). The
//!   picked host goes back one period later, its period `1 / weight` with the effective weight
//!   `weight / (active + 1)^bias` taken at that moment (`active` not counting the request being
//!   routed, which Envoy counts only once it is sent). Only the picked host's weight is
//!   recomputed: the others keep the deadline they were given, so a loaded host is avoided only
//!   once it comes round, and never drained entirely. Bias 0 is weighted round robin; bias 1
//!   (the default) divides the weight by the requests in flight plus one.
//!
//! The schedule is rebuilt whenever the pool changes (Envoy's `refresh` on a host set update),
//! every host at `now + 1 / effective weight` in pool order, and then advanced by a random
//! number of picks (Envoy's `createWithPicks`, with up to 429M; here fewer than n, drawn from
//! the balancer's own generator at the first pick after the rebuild): so several balancers do
//! not all start on the same host. A change of load alone does not rebuild it, as in Envoy.
//!
//! Not modelled: slow start (`slow_start_config`, which scales a new host's weight up over a
//! window), pending requests (`rq_pending_active`, counted under a runtime flag) and
//! `FULL_SCAN` selection; `config::envoy` says so in a note when a file sets them.
//!
//! Cost: O(choice_count) per pick with equal weights; O(log n) per pick with unequal weights
//! (a binary heap), O(n log n) per pool change.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::RngExt;

use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::Step;

/// One entry of the schedule: a deadline, the order it was added in (FIFO on equal deadlines),
/// and the item.
#[derive(Clone, Copy, Debug)]
struct Entry {
    deadline: f64,
    order: u64,
    item: usize,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// Reversed, so `BinaryHeap`'s greatest is the earliest deadline, the earliest added on a tie.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .deadline
            .total_cmp(&self.deadline)
            .then(other.order.cmp(&self.order))
    }
}

/// Envoy's earliest-deadline-first scheduler (`edf_scheduler.h`): weighted round robin with
/// floating-point weights. An item added with weight w is due at `now + 1 / w`; a pick takes the
/// earliest deadline (the earliest added on a tie), moves `now` to it, and adds the item back
/// with the weight it has then.
#[derive(Clone, Debug, Default)]
pub struct EdfScheduler {
    queue: BinaryHeap<Entry>,
    now: f64,
    order: u64,
}

impl EdfScheduler {
    /// Add `item`, due one period (`1 / weight`) from now. A weight of 0 (an effective weight
    /// that underflowed) is due at infinity: after every other.
    pub fn add(&mut self, weight: f64, item: usize) {
        self.queue.push(Entry {
            deadline: self.now + 1.0 / weight,
            order: self.order,
            item,
        });
        self.order += 1;
    }

    /// The item with the earliest deadline and that deadline, added back with the weight
    /// `weight(item)` gives now (`pickAndAdd`); `None` when empty.
    pub fn pick_and_add(&mut self, weight: impl FnOnce(usize) -> f64) -> Option<(usize, f64)> {
        let Entry { deadline, item, .. } = self.queue.pop()?;
        self.now = deadline;
        self.add(weight(item), item);
        Some((item, deadline))
    }

    /// Items in the schedule.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether the schedule is empty.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// Envoy's effective weight of a host: `weight / (active + 1)^bias` (`hostWeight`).
pub fn effective_weight(weight: u32, active: u64, bias: f64) -> f64 {
    let w = f64::from(weight);
    let a = active.saturating_add(1) as f64;
    if bias == 0.0 {
        w
    } else if bias == 1.0 {
        w / a
    } else {
        w / libm::pow(a, bias)
    }
}

/// Envoy's least request: `choice_count` uniform draws with equal weights, else the EDF
/// schedule over `weight / (active + 1)^bias`.
#[derive(Clone, Debug, Default)]
pub struct EnvoyLeastRequest {
    /// `choice_count`, at least 1.
    choices: u32,
    /// `active_request_bias` (1 unless configured).
    bias: f64,
    /// The bias was configured: the schedule is used even with equal weights.
    forced: bool,
    /// Eligible servers (pool indices), in pool order.
    servers: Vec<usize>,
    /// The schedule over positions in `servers`, when weighted.
    edf: Option<EdfScheduler>,
    /// The schedule was just rebuilt: advance it by a random number of picks first.
    fresh: bool,
}

impl EnvoyLeastRequest {
    fn refresh(&mut self, pool: &Pool) {
        self.servers = pool.eligible().to_vec();
        let weights = || self.servers.iter().map(|&s| pool.server(s).weight);
        let first = weights().next();
        let equal = weights().all(|w| Some(w) == first);
        self.edf = (self.forced || !equal).then(|| {
            let mut edf = EdfScheduler::default();
            for (pos, &s) in self.servers.iter().enumerate() {
                edf.add(self.weight_of(pool, s), pos);
            }
            edf
        });
        self.fresh = true;
    }

    fn weight_of(&self, pool: &Pool, server: usize) -> f64 {
        let s = pool.server(server);
        effective_weight(s.weight, u64::from(s.load.connections), self.bias)
    }
}

impl Strategy for EnvoyLeastRequest {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            choices: config.d.max(1),
            bias: config.active_request_bias.unwrap_or(1.0),
            forced: config.active_request_bias.is_some(),
            ..Self::default()
        };
        s.refresh(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.refresh(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let n = self.servers.len();
        if n == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let pool = ctx.pool;
        let active = |s: usize| u64::from(pool.server(s).load.connections);
        if let Some(mut edf) = self.edf.take() {
            if std::mem::take(&mut self.fresh) {
                for _ in 0..ctx.rng.random_range(0..n) {
                    edf.pick_and_add(|pos| self.weight_of(pool, self.servers[pos]));
                }
            }
            let picked = edf.pick_and_add(|pos| self.weight_of(pool, self.servers[pos]));
            self.edf = Some(edf);
            let (pos, deadline) = picked.ok_or(PickError::NoEligibleServer)?;
            let server = self.servers[pos];
            ctx.explain.step(|| Step::EdfPick {
                server,
                deadline,
                weight: pool.server(server).weight,
                active: active(server),
                bias: self.bias,
                effective: self.weight_of(pool, server),
            });
            return Ok(server);
        }
        let mut best: Option<usize> = None;
        for _ in 0..self.choices {
            let s = self.servers[ctx.rng.random_range(0..n)];
            let kept = best.is_none_or(|b| active(s) < active(b));
            if kept {
                best = Some(s);
            }
            ctx.explain.step(|| Step::LeastRequestChoice {
                server: s,
                active: active(s),
                kept,
            });
        }
        best.ok_or(PickError::NoEligibleServer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::parse_servers;
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::testing::{demo_request, held_loads};
    use proptest::prelude::*;

    fn balancer(spec: &str, choices: u32, bias: Option<f64>) -> Balancer {
        let config = StrategyConfig {
            d: choices,
            active_request_bias: bias,
            ..StrategyConfig::new(StrategyKind::EnvoyLeastRequest)
        };
        Balancer::new(config, parse_servers(spec).unwrap()).unwrap()
    }

    #[test]
    fn effective_weight_is_weight_over_active_plus_one_to_the_bias() {
        assert_eq!(effective_weight(4, 0, 1.0), 4.0);
        assert_eq!(effective_weight(4, 3, 1.0), 1.0);
        assert_eq!(effective_weight(4, 3, 0.0), 4.0);
        assert_eq!(effective_weight(9, 8, 0.5), 3.0);
        assert_eq!(effective_weight(8, 1, 3.0), 1.0);
    }

    #[test]
    fn the_schedule_serves_weights_in_proportion_and_ties_in_insertion_order() {
        let mut edf = EdfScheduler::default();
        for (i, w) in [1.0, 2.0, 1.0].into_iter().enumerate() {
            edf.add(w, i);
        }
        let picks: Vec<usize> = (0..8)
            .map(|_| edf.pick_and_add(|i| [1.0, 2.0, 1.0][i]).unwrap().0)
            .collect();
        // Deadlines 1, 0.5, 1: item 1 first, back at 1; then 0, 2 and 1 tie at 1 and go in the
        // order they were added (1 last, added back after the others); 1 again at 1.5.
        assert_eq!(picks, [1, 0, 2, 1, 1, 0, 2, 1]);
    }

    /// Requests that never finish, equal weights: each pick is the least loaded of the
    /// `choice_count` draws, so with every server drawn (many choices) it is least request.
    #[test]
    fn equal_weights_pick_the_least_active_of_the_draws() {
        let mut b = balancer("a:1,b:1,c:1,d:1", 64, None);
        assert_eq!(held_loads(&mut b, 400, 5), [100, 100, 100, 100]);
    }

    /// The weighted schedule under load: a server holding requests comes round less often, by
    /// exactly `(active + 1)^bias` once all have come round.
    #[test]
    fn unequal_weights_slow_a_loaded_server_by_active_plus_one_to_the_bias() {
        for bias in [0.0, 1.0, 2.0] {
            let mut b = balancer("a:1=2,b:1=2,c:1=1", 2, Some(bias));
            // Three requests that stay in flight on a.
            for _ in 0..3 {
                b.request_started(0);
            }
            let mut rng = seeded(1);
            let mut counts = [0u32; 3];
            for i in 0..6000 {
                counts[b.pick(&demo_request(i), &mut rng, 0).unwrap()] += 1;
            }
            let slow = libm::pow(4.0, bias);
            let want_a_over_b = 1.0 / slow;
            let got = f64::from(counts[0]) / f64::from(counts[1]);
            assert!(
                (got - want_a_over_b).abs() < 0.02,
                "bias {bias}: {counts:?}"
            );
        }
    }

    #[test]
    fn a_configured_bias_schedules_even_equal_weights() {
        let mut b = balancer("a:1,b:1", 2, Some(1.0));
        b.request_started(0);
        let mut rng = seeded(2);
        let mut counts = [0u32; 2];
        for i in 0..3000 {
            counts[b.pick(&demo_request(i), &mut rng, 0).unwrap()] += 1;
        }
        // a's period is 2, b's 1: b twice as often. Without the bias, draws: a few a's only
        // when both draws fall on a.
        assert!(
            (f64::from(counts[1]) / f64::from(counts[0]) - 2.0).abs() < 0.01,
            "{counts:?}"
        );
        let mut unbiased = balancer("a:1,b:1", 2, None);
        unbiased.request_started(0);
        let mut counts = [0u32; 2];
        for i in 0..4000 {
            counts[unbiased.pick(&demo_request(i), &mut rng, 0).unwrap()] += 1;
        }
        let a = f64::from(counts[0]) / 4000.0;
        assert!((a - 0.25).abs() < 0.03, "{counts:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Equal weights: every pick has no more requests in flight than any server drawn; and
        /// the draws are uniform, so with one request at a time each server gets 1/n.
        #[test]
        fn the_winner_is_never_busier_than_a_draw(
            n in 2usize..7,
            choices in 1u32..5,
            held in proptest::collection::vec(0u32..6, 7),
            seed in any::<u64>(),
        ) {
            let spec: Vec<String> = (0..n).map(|i| format!("s{i}:1")).collect();
            let mut b = balancer(&spec.join(","), choices, None);
            for (i, &h) in held.iter().take(n).enumerate() {
                for _ in 0..h {
                    b.request_started(i);
                }
            }
            let mut rng = seeded(seed);
            for i in 0..50 {
                let (picked, steps) = b.pick_explained(&demo_request(i), &mut rng, 0);
                let picked = picked.unwrap();
                let loads = |s: usize| b.pool().server(s).load.connections;
                let drawn: Vec<usize> = steps
                    .iter()
                    .filter_map(|s| match s {
                        Step::LeastRequestChoice { server, .. } => Some(*server),
                        _ => None,
                    })
                    .collect();
                prop_assert_eq!(drawn.len(), choices as usize);
                prop_assert!(drawn.contains(&picked));
                prop_assert!(drawn.iter().all(|&d| loads(picked) <= loads(d)));
                // Ties stay with the earliest draw of the least loaded.
                let first_least = drawn.iter().copied().find(|&d| loads(d) == loads(picked));
                prop_assert_eq!(first_least, Some(picked));
            }
        }

        /// Unequal weights, nothing in flight: the schedule is weighted round robin, each
        /// server's picks within one of its weight's share over any whole number of rounds; with
        /// requests held, a loaded server never gets more than its unloaded share.
        #[test]
        fn unequal_weights_follow_the_effective_weights(
            weights in proptest::collection::vec(1u32..6, 2..6),
            bias in 0.0f64..3.0,
            rounds in 1u64..5,
            seed in any::<u64>(),
        ) {
            prop_assume!(weights.windows(2).any(|w| w[0] != w[1]));
            let spec: Vec<String> =
                weights.iter().enumerate().map(|(i, w)| format!("s{i}:1={w}")).collect();
            let mut b = balancer(&spec.join(","), 2, Some(bias));
            let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
            let mut rng = seeded(seed);
            let mut counts = vec![0u64; weights.len()];
            for i in 0..rounds * total {
                counts[b.pick(&demo_request(i), &mut rng, 0).unwrap()] += 1;
            }
            for (c, &w) in counts.iter().zip(&weights) {
                let want = rounds * u64::from(w);
                prop_assert!(c.abs_diff(want) <= 1, "{:?} for {:?}", counts, weights);
            }
        }
    }
}
