//! `prequal`: Prequal, Probing to Reduce Queuing and Latency (Bartek Wydrowski, Robert
//! Kleinberg, Stephen M. Rumble and Aaron Archer, "Load is not what you should balance:
//! Introducing Prequal", NSDI 2024), Google's balancer for YouTube and other services.
//!
//! Prequal balances neither CPU nor connections: it picks by each server's requests in flight
//! (RIF) and latency, learnt from asynchronous probes. Each request sends r probes to servers
//! drawn at random; a probe's answer (the server's RIF and its latency estimate) joins a small
//! *probe pool*. A pick reads only the pool, never waits for a probe, and applies the
//! hot-cold lexicographic rule:
//! - a probe is *hot* if its RIF is above the Q_RIF quantile of the RIFs recently answered, else
//!   *cold*;
//! - if any probe is cold, the cold probe with the lowest latency wins (the fastest server that
//!   is not too busy);
//! - else (every probe hot) the probe with the lowest RIF wins.
//!
//! Probes are a budget: each may be used at most b times (a server picked from a probe has one
//! more request in flight, so Fulcrum adds one to the probe's RIF at each use, as the request
//! just sent is there), ages out after a maximum age, and a full pool drops its oldest probe to
//! take a new one (a newer answer from a server already in the pool replaces its probe). With
//! no probe left, a pick goes to a random server, in proportion to weight.
//!
//! Where the probes' answers come from:
//! - the simulator ([`Strategy::reports_delivered`], `sim::feedback`): a pick hands the servers to
//!   probe over ([`Strategy::take_probes`]); each probe costs the server a little work and its
//!   answer, the server's own RIF (every balancer's requests) and latency estimate, arrives a
//!   round trip later, so the pool always holds slightly stale news, as Prequal's does;
//! - without a simulator (`fulcrum route`, one explained pick), a deterministic probe model: the
//!   r probes of a pick go to servers drawn with the pick's generator and are answered at once
//!   from this balancer's view (its requests in flight to that server; its mean response time
//!   over the last 100 responses, 0 before any), before the pick reads the pool.
//!
//! Fulcrum's simplifications, said where they matter: the RIF quantile is taken over the last
//! [`RIF_WINDOW`] answers (the paper estimates the RIF distribution from recent probes); the
//! paper's probing of idle servers when no request comes, and its periodic removal of the worst
//! probe, are left out; latency is the server's mean over recent requests rather than the
//! paper's per-RIF latency estimate. The settings ([`PrequalSettings`]) are Fulcrum's defaults:
//! the paper tunes them per service.
//!
//! Cost: O(p + w) per pick for a pool of p probes and a window of w answers (p = 16, w = 64): a
//! scan of the pool, and a selection of the quantile when answers arrived since the last pick;
//! plus r probes drawn; O(n) per pool change.

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::engine::load_blind::random::WeightedRandom;
use crate::engine::model::{Nanos, Pool, PoolChange, ServerReport};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// How many of the last probe answers the RIF quantile is taken over.
pub const RIF_WINDOW: usize = 64;

/// The largest probe pool.
pub const MAX_POOL: u32 = 256;

/// Prequal's knobs. Every field has a default, so a scenario names only what differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrequalSettings {
    /// The most probes the pool holds (1 to [`MAX_POOL`]).
    pub pool: u32,
    /// Q_RIF: a probe is hot when its RIF is above this quantile of the recent answers (0 to 1).
    pub q_rif: f64,
    /// r: probes sent per request (0 to the pool's size).
    pub probes_per_request: u32,
    /// b: how many picks one probe may serve (at least 1).
    pub reuse: u32,
    /// A probe older than this is dropped, in milliseconds (above 0).
    pub max_age_ms: f64,
}

impl Default for PrequalSettings {
    fn default() -> Self {
        Self {
            pool: 16,
            q_rif: 0.84,
            probes_per_request: 2,
            reuse: 3,
            max_age_ms: 1_000.0,
        }
    }
}

impl PrequalSettings {
    /// What is wrong with these settings, if anything (the message names the field).
    pub fn problem(&self) -> Option<String> {
        if !(1..=MAX_POOL).contains(&self.pool) {
            return Some(format!(
                "prequal.pool must be from 1 to {MAX_POOL}, not {}",
                self.pool
            ));
        }
        if !(self.q_rif.is_finite() && (0.0..=1.0).contains(&self.q_rif)) {
            return Some(format!(
                "prequal.q_rif must be from 0 to 1, not {}",
                self.q_rif
            ));
        }
        if self.probes_per_request > self.pool {
            return Some(format!(
                "prequal.probes_per_request must be from 0 to the pool's size {}, not {}",
                self.pool, self.probes_per_request
            ));
        }
        if !(1..=1_000_000).contains(&self.reuse) {
            return Some(format!(
                "prequal.reuse must be from 1 to 1000000, not {}",
                self.reuse
            ));
        }
        if !(self.max_age_ms.is_finite() && self.max_age_ms > 0.0 && self.max_age_ms <= 1e10) {
            return Some(format!(
                "prequal.max_age_ms must be above 0 and at most 1e10, not {}",
                self.max_age_ms
            ));
        }
        None
    }
}

/// One probe's answer in the pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Probe {
    /// Pool index of the server that answered.
    pub server: usize,
    /// Its requests in flight, plus one for each pick this probe served.
    pub rif: u32,
    /// Its latency estimate, in milliseconds.
    pub latency_ms: f64,
    /// When the probe was sent.
    pub sent_ns: Nanos,
    /// Picks it served.
    pub uses: u32,
}

/// Prequal over the pool's eligible servers.
#[derive(Clone, Debug, Default)]
pub struct Prequal {
    settings: PrequalSettings,
    max_age_ns: Nanos,
    /// The fallback with an empty pool, and the eligible servers to probe.
    random: WeightedRandom,
    eligible: Vec<usize>,
    pool: Vec<Probe>,
    /// The RIFs of the last answers (a ring of [`RIF_WINDOW`]).
    recent: Vec<u32>,
    next_recent: usize,
    /// Servers to probe, waiting for the simulator (pool indices).
    pending: Vec<usize>,
    /// Answers come from the simulator.
    delivered: bool,
    /// Scratch for the quantile.
    sorted: Vec<u32>,
    /// The quantile of the window as it stands, until an answer changes it.
    threshold: Option<u32>,
}

impl Prequal {
    /// The probe pool, oldest first.
    pub fn probes(&self) -> &[Probe] {
        &self.pool
    }

    /// A probe's answer arrives: into the pool and the window.
    fn receive(&mut self, probe: Probe) {
        if self.recent.len() < RIF_WINDOW {
            self.recent.push(probe.rif);
        } else {
            self.recent[self.next_recent] = probe.rif;
        }
        self.next_recent = (self.next_recent + 1) % RIF_WINDOW;
        self.threshold = None;
        if let Some(at) = self.pool.iter().position(|p| p.server == probe.server) {
            self.pool.remove(at);
        } else if self.pool.len() >= self.settings.pool as usize {
            self.pool.remove(0);
        }
        self.pool.push(probe);
    }

    /// The Q_RIF quantile of the recent answers: a probe above it is hot. Computed again only
    /// after an answer arrived, by selection (O(w)), not a sort.
    fn threshold(&mut self) -> u32 {
        if let Some(t) = self.threshold {
            return t;
        }
        self.sorted.clear();
        self.sorted.extend_from_slice(&self.recent);
        let n = self.sorted.len();
        if n == 0 {
            return u32::MAX;
        }
        let at = ((self.settings.q_rif * n as f64).ceil() as usize).clamp(1, n) - 1;
        let t = *self.sorted.select_nth_unstable(at).1;
        self.threshold = Some(t);
        t
    }

    /// Draw the r servers this pick probes, distinct while there are enough, into `pending`.
    fn draw_probes(&mut self, ctx: &mut PickContext<'_>) {
        let n = self.eligible.len();
        let r = (self.settings.probes_per_request as usize).min(n);
        let start = self.pending.len();
        for _ in 0..r {
            // Uniform without replacement: redraw a repeat (r ≤ n, so this ends).
            loop {
                let s = self.eligible[ctx.rng.random_range(0..n as u64) as usize];
                if !self.pending[start..].contains(&s) {
                    self.pending.push(s);
                    break;
                }
            }
        }
    }
}

impl Strategy for Prequal {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let settings = config.prequal.clone();
        let mut s = Self {
            max_age_ns: (settings.max_age_ms * 1e6) as Nanos,
            random: WeightedRandom::build(config, pool),
            eligible: pool.eligible().to_vec(),
            pool: Vec::with_capacity(settings.pool as usize),
            recent: Vec::with_capacity(RIF_WINDOW),
            pending: Vec::with_capacity(settings.probes_per_request as usize),
            sorted: Vec::with_capacity(RIF_WINDOW),
            settings,
            ..Self::default()
        };
        s.eligible.shrink_to_fit();
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.random.rebuild(pool, change);
        self.eligible = pool.eligible().to_vec();
        if let PoolChange::Removed { index, .. } = change {
            let gone = *index;
            self.pool.retain(|p| p.server != gone);
            self.pending.retain(|&s| s != gone);
            for p in &mut self.pool {
                if p.server > gone {
                    p.server -= 1;
                }
            }
            for s in &mut self.pending {
                if *s > gone {
                    *s -= 1;
                }
            }
        }
        // A probe of a server that may no longer take requests is of no use.
        self.pool.retain(|p| pool.server(p.server).is_eligible());
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.eligible.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let first = self.pending.len();
        self.draw_probes(ctx);
        let sent = self.pending.len() - first;
        ctx.explain
            .step(|| Step::Note(Note::ProbesSent { count: sent }));
        if !self.delivered {
            // No simulator: the probes are answered at once from this balancer's view.
            for i in first..self.pending.len() {
                let s = self.pending[i];
                let load = &ctx.pool.server(s).load;
                self.receive(Probe {
                    server: s,
                    rif: load.connections,
                    latency_ms: load.window.mean().unwrap_or(0.0),
                    sent_ns: ctx.now,
                    uses: 0,
                });
            }
            self.pending.truncate(first);
        }
        let max_age = self.max_age_ns;
        let now = ctx.now;
        self.pool
            .retain(|p| now.saturating_sub(p.sent_ns) <= max_age);
        if self.pool.is_empty() {
            ctx.explain.step(|| Step::Note(Note::ProbePoolEmpty));
            return self.random.pick(ctx);
        }
        let threshold = self.threshold();
        let q = self.settings.q_rif;
        let size = self.pool.len();
        ctx.explain.step(|| {
            Step::Note(Note::ProbePool {
                probes: size,
                quantile: q,
                threshold,
            })
        });
        // (position, cold, latency, rif): cold first, then the lowest latency among cold or
        // the lowest RIF among hot; ties to the newest probe.
        let mut best: Option<(usize, bool)> = None;
        for (i, p) in self.pool.iter().enumerate() {
            let cold = p.rif <= threshold;
            ctx.explain.step(|| Step::PrequalProbe {
                server: p.server,
                rif: p.rif,
                latency_ms: p.latency_ms,
                age_ns: now.saturating_sub(p.sent_ns),
                uses: p.uses,
                hot: !cold,
            });
            let better = match best {
                None => true,
                Some((b, b_cold)) => {
                    let q = &self.pool[b];
                    match (cold, b_cold) {
                        (true, false) => true,
                        (false, true) => false,
                        (true, true) => p.latency_ms <= q.latency_ms,
                        (false, false) => p.rif <= q.rif,
                    }
                }
            };
            if better {
                best = Some((i, cold));
            }
        }
        let (at, cold) = best.expect("the pool is not empty");
        let winner = &mut self.pool[at];
        let server = winner.server;
        winner.uses += 1;
        winner.rif = winner.rif.saturating_add(1);
        let uses = winner.uses;
        if uses >= self.settings.reuse {
            self.pool.remove(at);
        }
        let reuse = self.settings.reuse;
        ctx.explain.step(|| {
            Step::Note(if cold {
                Note::ColdProbeWins {
                    server,
                    uses,
                    reuse,
                }
            } else {
                Note::AllProbesHot {
                    server,
                    uses,
                    reuse,
                }
            })
        });
        Ok(server)
    }

    fn reports_delivered(&mut self) {
        self.delivered = true;
        self.pool.clear();
        self.recent.clear();
        self.next_recent = 0;
        self.threshold = None;
    }

    fn report(&mut self, pool: &Pool, server: usize, report: ServerReport) {
        if let ServerReport::Probe {
            rif,
            latency_ms,
            sent_ns,
        } = report
            && pool.server(server).is_eligible()
        {
            self.receive(Probe {
                server,
                rif,
                latency_ms,
                sent_ns,
                uses: 0,
            });
        }
    }

    fn take_probes(&mut self, out: &mut Vec<usize>) {
        out.append(&mut self.pending);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{AnyStrategy, StrategyKind};
    use crate::engine::testing::demo_request;

    fn prequal(spec: &str, settings: PrequalSettings) -> Balancer {
        let config = StrategyConfig {
            prequal: settings,
            ..StrategyConfig::new(StrategyKind::Prequal)
        };
        Balancer::new(config, parse_servers(spec).unwrap()).unwrap()
    }

    fn state(b: &Balancer) -> &Prequal {
        match b.strategy() {
            AnyStrategy::Prequal(p) => p,
            other => panic!("not prequal: {}", other.type_name()),
        }
    }

    fn answer(b: &mut Balancer, server: usize, rif: u32, latency_ms: f64) {
        b.server_report(
            server,
            ServerReport::Probe {
                rif,
                latency_ms,
                sent_ns: 0,
            },
        );
    }

    /// A balancer whose probes come from outside, none sent by picks.
    fn delivered(spec: &str) -> Balancer {
        let mut b = prequal(
            spec,
            PrequalSettings {
                probes_per_request: 0,
                reuse: 100,
                ..PrequalSettings::default()
            },
        );
        b.reports_delivered();
        b
    }

    #[test]
    fn the_fastest_cold_server_wins_not_the_least_loaded() {
        let mut b = delivered("a:1,b:1,c:1,d:1");
        // The window holds many answers of RIF 3: 9 is hot, 3 is not.
        for _ in 0..10 {
            answer(&mut b, 3, 3, 50.0);
        }
        answer(&mut b, 0, 2, 40.0); // cold, slowish
        answer(&mut b, 1, 3, 5.0); // cold, the fastest
        answer(&mut b, 2, 9, 1.0); // hot though fastest of all
        answer(&mut b, 3, 0, 80.0); // least loaded, slow
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1), "{steps:?}");
        assert!(steps.iter().any(|s| matches!(
            s,
            Step::PrequalProbe {
                server: 2,
                hot: true,
                ..
            }
        )));
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::Note(Note::ColdProbeWins { server: 1, .. })))
        );
    }

    #[test]
    fn when_every_probe_is_hot_the_lowest_rif_wins() {
        let mut b = delivered("a:1,b:1,c:1");
        for _ in 0..60 {
            answer(&mut b, 0, 1, 1.0);
        }
        // The pool's probes: a (1) is replaced below; the window says RIF 1 is typical.
        answer(&mut b, 0, 7, 1.0);
        answer(&mut b, 1, 5, 9.0);
        answer(&mut b, 2, 6, 2.0);
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::Note(Note::AllProbesHot { server: 1, .. })))
        );
    }

    #[test]
    fn probes_are_reused_at_most_b_times_and_age_out() {
        let mut b = prequal(
            "a:1,b:1",
            PrequalSettings {
                probes_per_request: 0,
                reuse: 2,
                max_age_ms: 10.0,
                ..PrequalSettings::default()
            },
        );
        b.reports_delivered();
        answer(&mut b, 0, 0, 1.0);
        let mut rng = seeded(1);
        assert_eq!(b.pick(&demo_request(0), &mut rng, 0), Ok(0));
        assert_eq!(
            state(&b).probes()[0].rif,
            1,
            "a use counts the request sent"
        );
        assert_eq!(b.pick(&demo_request(0), &mut rng, 0), Ok(0));
        assert!(state(&b).probes().is_empty(), "used twice: gone");
        answer(&mut b, 1, 0, 1.0);
        let (_, steps) = b.pick_explained(&demo_request(0), &mut rng, 11_000_000);
        assert!(
            steps.contains(&Step::Note(Note::ProbePoolEmpty)),
            "aged out"
        );
    }

    #[test]
    fn without_a_simulator_a_pick_probes_its_own_view() {
        let mut b = prequal("a:1,b:1,c:1,d:1,e:1", PrequalSettings::default());
        let mut rng = seeded(4);
        for s in [0, 0, 0, 1, 1, 2] {
            b.request_started(s);
        }
        let (got, steps) = b.pick_explained(&demo_request(0), &mut rng, 0);
        let got = got.unwrap();
        assert_eq!(steps[0], Step::Note(Note::ProbesSent { count: 2 }));
        // The winner is one of the probed servers, and none of them has fewer in flight.
        let probed: Vec<(usize, u32)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::PrequalProbe { server, rif, .. } => Some((*server, *rif)),
                _ => None,
            })
            .collect();
        assert!(probed.iter().any(|p| p.0 == got), "{probed:?}");
        assert!(state(&b).pending.is_empty());
        // Delivered: the pick hands its probes over instead.
        b.reports_delivered();
        b.pick(&demo_request(0), &mut rng, 0).unwrap();
        let mut out = Vec::new();
        b.take_probes(&mut out);
        assert_eq!(out.len(), 2);
        assert_ne!(out[0], out[1]);
    }

    #[test]
    fn probes_follow_the_pool() {
        let mut b = delivered("a:1,b:1,c:1");
        answer(&mut b, 0, 0, 1.0);
        answer(&mut b, 2, 0, 1.0);
        b.remove_server("a:1").unwrap();
        assert_eq!(
            state(&b)
                .probes()
                .iter()
                .map(|p| p.server)
                .collect::<Vec<_>>(),
            [1]
        );
        b.set_status(1, Status::Unhealthy).unwrap();
        assert!(state(&b).probes().is_empty());
    }

    #[test]
    fn settings_are_checked() {
        for bad in [
            PrequalSettings {
                pool: 0,
                ..PrequalSettings::default()
            },
            PrequalSettings {
                q_rif: 1.5,
                ..PrequalSettings::default()
            },
            PrequalSettings {
                probes_per_request: 17,
                ..PrequalSettings::default()
            },
            PrequalSettings {
                reuse: 0,
                ..PrequalSettings::default()
            },
            PrequalSettings {
                max_age_ms: f64::NAN,
                ..PrequalSettings::default()
            },
        ] {
            assert!(bad.problem().is_some(), "{bad:?}");
        }
        assert_eq!(PrequalSettings::default().problem(), None);
    }

    proptest! {
        /// Whatever the answers: the pick is an eligible server from the pool (the cold probe
        /// with the lowest latency when there is a cold one), and the pool never outgrows its size.
        #[test]
        fn the_pick_follows_the_hot_cold_rule(
            answers in prop::collection::vec((0usize..6, 0u32..20, 0u32..100), 1..80),
            pool in 1u32..20,
        ) {
            let mut b = prequal(
                "a:1,b:1,c:1,d:1,e:1,f:1",
                PrequalSettings { pool, probes_per_request: 0, reuse: 1, ..PrequalSettings::default() },
            );
            b.reports_delivered();
            for (s, rif, ms) in answers {
                answer(&mut b, s, rif, f64::from(ms));
                prop_assert!(state(&b).probes().len() <= pool as usize);
            }
            let before = state(&b).clone();
            let threshold = before.clone().threshold();
            let got = b.pick(&demo_request(0), &mut seeded(1), 0).unwrap();
            let cold: Vec<&Probe> = before.probes().iter().filter(|p| p.rif <= threshold).collect();
            if let Some(fastest) = cold.iter().map(|p| p.latency_ms).reduce(f64::min) {
                prop_assert!(cold.iter().any(|p| p.server == got && p.latency_ms == fastest));
            } else {
                let least = before.probes().iter().map(|p| p.rif).min().unwrap();
                prop_assert!(before.probes().iter().any(|p| p.server == got && p.rif == least));
            }
        }
    }
}
