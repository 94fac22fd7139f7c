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
//! **Slow start** (`slow_start_config`, [`SlowStart`]; `EdfLoadBalancerBase` in
//! load_balancer_impl.cc): a host that comes up (every host at the start, as Envoy's first
//! `refresh` stamps them all, then each host that becomes eligible again) gets the time it came
//! up; while any host came up less than `slow_start_window` ago (`noHostsAreInSlowStart` false)
//! the schedule is used even with equal weights, and a host within its window has its effective
//! weight multiplied by `max((t / window)^(1 / aggression), min_weight_percent)`, t in whole
//! milliseconds and at least 1 (`applySlowStartFactor`). As in Envoy the factor is applied when a
//! host is added to the schedule (at a rebuild, and each time it is picked), so a ramping host's
//! weight grows each time it comes round. Envoy stamps a host when its health check passes or
//! the host set changes; the engine, which learns of a change without a clock, stamps it with
//! the time of the balancer's latest pick (the simulator's next pick follows the change).
//!
//! Not modelled: pending requests (`rq_pending_active`, counted under a runtime flag) and
//! `FULL_SCAN` selection; `config::envoy` says so in a note when a file sets them.
//!
//! Cost: O(choice_count) per pick with equal weights; O(log n) per pick with unequal weights
//! (a binary heap), O(n log n) per pool change.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::engine::model::{Nanos, Pool, PoolChange};
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

/// Envoy's `slow_start_config` (`SlowStartConfig`): for `window_ms` after a host comes up its
/// weight is multiplied by [`SlowStart::factor`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlowStart {
    /// `slow_start_window` in milliseconds (Envoy's unit: `durationToMilliseconds`); 0 turns
    /// slow start off, as in Envoy (`isSlowStartEnabled`).
    pub window_ms: u64,
    /// `aggression`: 1 ramps linearly, more ramps faster at first.
    pub aggression: f64,
    /// `min_weight_percent`: the factor's floor, 0 to 100 (Envoy's default 10).
    pub min_weight_percent: f64,
}

impl Default for SlowStart {
    fn default() -> Self {
        Self {
            window_ms: 0,
            aggression: 1.0,
            min_weight_percent: 10.0,
        }
    }
}

/// The longest slow start window the engine takes: a day.
pub const MAX_SLOW_START_WINDOW_MS: u64 = 86_400_000;

impl SlowStart {
    /// What is out of range, if anything: a window over a day, a non-finite aggression, a
    /// minimum weight outside 0–100.
    pub fn problem(&self) -> Option<&'static str> {
        if self.window_ms > MAX_SLOW_START_WINDOW_MS {
            Some("slow_start_window must be at most a day")
        } else if !self.aggression.is_finite() {
            Some("aggression must be a finite number")
        } else if !(0.0..=100.0).contains(&self.min_weight_percent) {
            Some("min_weight_percent must be 0 to 100")
        } else {
            None
        }
    }

    /// The factor a host's weight is multiplied by `elapsed_ms` after it came up, within the
    /// window (Envoy's `applySlowStartFactor` and `applyAggressionFactor`, load_balancer_impl.cc):
    /// `time_factor = max(1, elapsed_ms) / window_ms`, raised to `1 / aggression` (unless either
    /// is 1), floored at `min_weight_percent / 100`. An aggression of 0 or less is taken as 1, as
    /// Envoy takes it (it logs an error).
    pub fn factor(&self, elapsed_ms: u64) -> f64 {
        let aggression = if self.aggression > 0.0 {
            self.aggression
        } else {
            1.0
        };
        let time_factor = elapsed_ms.max(1) as f64 / self.window_ms.max(1) as f64;
        let ramped = if aggression == 1.0 || time_factor == 1.0 {
            time_factor
        } else {
            libm::pow(time_factor, 1.0 / aggression)
        };
        ramped.max(self.min_weight_percent / 100.0)
    }
}

/// Envoy's least request: `choice_count` uniform draws with equal weights, else the EDF
/// schedule over `weight / (active + 1)^bias`, times the slow start factor while it applies.
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
    /// Slow start, when configured with a window.
    slow_start: Option<SlowStart>,
    /// When each eligible server (by id) came up, under slow start (a list: pools are small,
    /// and a map's code would cost the page's first load more than the scans cost a pick).
    up_since: Vec<(String, Nanos)>,
    /// The latest of those times (Envoy's `latest_host_added_time_`).
    latest_up: Option<Nanos>,
    /// The time of the latest pick: the balancer's clock between picks.
    clock: Nanos,
}

impl EnvoyLeastRequest {
    fn refresh(&mut self, pool: &Pool) {
        self.servers = pool.eligible().to_vec();
        if self.slow_start.is_some() {
            // Envoy's recalculateHostsInSlowStart: a host newly eligible comes up now; one no
            // longer eligible will come up anew.
            let ids: Vec<&String> = self.servers.iter().map(|&s| &pool.server(s).id).collect();
            self.up_since.retain(|(id, _)| ids.contains(&id));
            for id in ids {
                if !self.up_since.iter().any(|(x, _)| x == id) {
                    self.up_since.push((id.clone(), self.clock));
                    self.latest_up = Some(self.latest_up.map_or(self.clock, |t| t.max(self.clock)));
                }
            }
        }
        let weights = || self.servers.iter().map(|&s| pool.server(s).weight);
        let first = weights().next();
        let equal = weights().all(|w| Some(w) == first);
        let ramping = self.any_in_slow_start(self.clock);
        self.edf = (self.forced || !equal || ramping).then(|| {
            let mut edf = EdfScheduler::default();
            for (pos, &s) in self.servers.iter().enumerate() {
                edf.add(self.weight_of(pool, s, self.clock), pos);
            }
            edf
        });
        self.fresh = true;
    }

    /// Whether some host came up within the window (Envoy's `!noHostsAreInSlowStart()`).
    fn any_in_slow_start(&self, now: Nanos) -> bool {
        match (self.slow_start, self.latest_up) {
            (Some(s), Some(t)) => now.saturating_sub(t) / 1_000_000 <= s.window_ms,
            _ => false,
        }
    }

    /// Milliseconds since `server` came up and its slow start factor, while in its window.
    fn slow_factor(&self, pool: &Pool, server: usize, now: Nanos) -> Option<(u64, f64)> {
        let s = self.slow_start?;
        if !self.any_in_slow_start(now) {
            return None;
        }
        let id = &pool.server(server).id;
        let since = self.up_since.iter().find(|(x, _)| x == id)?.1;
        let elapsed_ms = now.saturating_sub(since) / 1_000_000;
        (elapsed_ms < s.window_ms).then(|| (elapsed_ms, s.factor(elapsed_ms)))
    }

    /// Envoy's `hostWeight`: the effective weight, times the slow start factor while it applies.
    fn weight_of(&self, pool: &Pool, server: usize, now: Nanos) -> f64 {
        let s = pool.server(server);
        let w = effective_weight(s.weight, u64::from(s.load.connections), self.bias);
        self.slow_factor(pool, server, now)
            .map_or(w, |(_, f)| w * f)
    }
}

impl Strategy for EnvoyLeastRequest {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            choices: config.d.max(1),
            bias: config.active_request_bias.unwrap_or(1.0),
            forced: config.active_request_bias.is_some(),
            slow_start: config.slow_start.filter(|s| s.window_ms > 0),
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
        let now = ctx.now;
        self.clock = now;
        let active = |s: usize| u64::from(pool.server(s).load.connections);
        if let Some(mut edf) = self.edf.take() {
            if std::mem::take(&mut self.fresh) {
                for _ in 0..ctx.rng.random_range(0..n) {
                    edf.pick_and_add(|pos| self.weight_of(pool, self.servers[pos], now));
                }
            }
            let picked = edf.pick_and_add(|pos| self.weight_of(pool, self.servers[pos], now));
            self.edf = Some(edf);
            let (pos, deadline) = picked.ok_or(PickError::NoEligibleServer)?;
            let server = self.servers[pos];
            let weight = pool.server(server).weight;
            ctx.explain.step(|| Step::EdfPick {
                server,
                deadline,
                weight,
                active: active(server),
                bias: self.bias,
                effective: effective_weight(weight, active(server), self.bias),
            });
            if let Some((elapsed_ms, factor)) = self.slow_factor(pool, server, now) {
                ctx.explain.step(|| Step::SlowStart {
                    server,
                    elapsed_ms,
                    window_ms: self.slow_start.map_or(0, |s| s.window_ms),
                    factor,
                    weight: self.weight_of(pool, server, now),
                });
            }
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

    const MS: Nanos = 1_000_000;

    fn slow(window_ms: u64, aggression: f64, min_weight_percent: f64) -> SlowStart {
        SlowStart {
            window_ms,
            aggression,
            min_weight_percent,
        }
    }

    /// The factor is Envoy's, term for term (load_balancer_impl.cc, `applySlowStartFactor` and
    /// `applyAggressionFactor`): `max(applyAggressionFactor(max(1 ms, t) / window), min)`, with
    /// `pow(time_factor, 1 / aggression)` unless either is 1, and aggression ≤ 0 taken as 1.
    #[test]
    fn the_slow_start_factor_is_envoy_s_formula() {
        let linear = slow(10_000, 1.0, 10.0);
        assert_eq!(linear.factor(0), 0.1); // 1 ms / 10 s = 0.0001, floored at 10 %
        assert_eq!(linear.factor(999), 0.1);
        assert_eq!(linear.factor(5_000), 0.5);
        assert_eq!(linear.factor(9_999), 0.9999);
        assert_eq!(slow(10_000, 1.0, 0.0).factor(0), 0.0001);
        // Aggression 2: the square root of the time factor; 0.5: its square.
        assert_eq!(slow(10_000, 2.0, 0.0).factor(2_500), 0.5);
        assert_eq!(slow(10_000, 0.5, 0.0).factor(5_000), 0.25);
        assert_eq!(
            slow(10_000, 3.0, 0.0).factor(1_000),
            libm::pow(0.1, 1.0 / 3.0)
        );
        // Aggression 0 or less: Envoy logs an error and uses 1.
        assert_eq!(slow(10_000, 0.0, 0.0).factor(2_500), 0.25);
        assert_eq!(slow(10_000, -2.0, 0.0).factor(2_500), 0.25);
        assert!(slow(86_400_001, 1.0, 10.0).problem().is_some());
        assert!(slow(1, f64::NAN, 10.0).problem().is_some());
        assert!(slow(1, 1.0, 101.0).problem().is_some());
        assert_eq!(slow(30_000, 1.0, 10.0).problem(), None);
    }

    /// Two servers of equal weight; b fails and comes back at 20 s, well after the start's own
    /// window. Picked every millisecond with nothing in flight, b's share over each second of its
    /// window is the EDF share of weights 1 and f(t), f(t)/(1 + f(t)), with f Envoy's factor;
    /// after the window the shares are equal again.
    #[test]
    fn a_server_that_comes_back_ramps_up_by_the_slow_start_factor() {
        let ramp = slow(10_000, 1.0, 10.0);
        let config = StrategyConfig {
            slow_start: Some(ramp),
            ..StrategyConfig::new(StrategyKind::EnvoyLeastRequest)
        };
        let mut b = Balancer::new(config, parse_servers("a:1,b:1").unwrap()).unwrap();
        let mut rng = seeded(3);
        let mut pick = |b: &mut Balancer, t: Nanos| b.pick(&demo_request(0), &mut rng, t).unwrap();
        pick(&mut b, 0);
        b.set_status(1, crate::engine::model::Status::Unhealthy)
            .unwrap();
        for t in 1..20_000 {
            assert_eq!(pick(&mut b, t * MS), 0);
        }
        b.set_status(1, crate::engine::model::Status::Healthy)
            .unwrap();
        for second in 0..12u64 {
            let mut to_b = 0u32;
            for ms in 0..1_000 {
                let t = 20_000 + second * 1_000 + ms;
                to_b += u32::from(pick(&mut b, t * MS) == 1);
            }
            let share = f64::from(to_b) / 1000.0;
            let want = if second < 10 {
                // The mean over the second of f/(1+f), f at each millisecond.
                (0..1_000)
                    .map(|ms| {
                        let f = ramp.factor(second * 1_000 + ms);
                        f / (1.0 + f)
                    })
                    .sum::<f64>()
                    / 1000.0
            } else {
                0.5
            };
            assert!(
                (share - want).abs() < 0.02,
                "second {second}: b took {share}, Envoy's factor gives {want}"
            );
        }
    }

    /// Without slow start, or once its window has passed, nothing changes: equal weights keep
    /// the random choices.
    #[test]
    fn slow_start_off_or_over_leaves_the_random_choices() {
        let config = |slow_start| StrategyConfig {
            slow_start,
            ..StrategyConfig::new(StrategyKind::EnvoyLeastRequest)
        };
        let servers = || parse_servers("a:1,b:1,c:1").unwrap();
        for ss in [None, Some(slow(0, 1.0, 10.0))] {
            let b = Balancer::new(config(ss), servers()).unwrap();
            let mut b2 = b.clone();
            let mut rng = seeded(5);
            let (_, steps) = b2.pick_explained(&demo_request(0), &mut rng, 0);
            assert!(
                steps
                    .iter()
                    .any(|s| matches!(s, Step::LeastRequestChoice { .. })),
                "{steps:?}"
            );
        }
        // With a window, at the start every host ramps: the schedule, with the factor said.
        let mut b = Balancer::new(config(Some(slow(1_000, 1.0, 10.0))), servers()).unwrap();
        let mut rng = seeded(5);
        let (_, steps) = b.pick_explained(&demo_request(0), &mut rng, 500 * MS);
        assert!(
            steps.iter().any(|s| matches!(
                s,
                Step::SlowStart { elapsed_ms: 500, window_ms: 1_000, factor, .. } if *factor == 0.5
            )),
            "{steps:?}"
        );
    }
}
