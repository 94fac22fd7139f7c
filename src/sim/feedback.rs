//! What servers tell balancers of their own accord, for the strategies that listen: Join-Idle-
//! Queue's idle reports and Prequal's probes (`engine::load_aware::jiq`, `engine::load_aware::prequal`).
//!
//! The engine keeps the I-queue and the probe pool; the simulator delivers what servers say,
//! from the servers' own state (every balancer's requests together), which one balancer's view
//! cannot know. With such a strategy every balancer is told at the start
//! ([`crate::engine::Balancer::reports_delivered`]) to stop deriving reports from its own view.
//!
//! - Idle reports (JIQ-Random): a server whose requests in service fall to zero reports to one
//!   balancer drawn uniformly at random, at once (the report's own delay is not modelled, as in
//!   the paper's analysis); every server starts idle and reports at time 0, a joining server when
//!   it joins. A server that is down or hung does not report.
//! - Probes (Prequal): after each pick a balancer hands over the servers its strategy wants
//!   probed; each probe reads the server's requests in service (RIF) and its latency estimate at
//!   that RIF (as Prequal's servers estimate latency per RIF; here an average of the requests
//!   that ended while that many were in service, the nearest RIF it knows when it has none) when
//!   it is sent, and its answer arrives [`PROBE_RTT_NS`] later (a probe is as stale as the
//!   network makes it). A probe costs the server [`PROBE_COST_NS`] of work: its next request
//!   waits that much longer per probe answered since (`Feedback::probe_cost`). A server
//!   that is down or hung never answers.
//!
//! Its randomness is its own stream, so a strategy that does not listen runs exactly as before.

use crate::engine::{Nanos, ServerReport, SimRng, StrategyConfig, StrategyKind};
use crate::scenario::RunSize;

use super::{Ev, Simulation};

/// The random stream of the idle reports' balancer draws.
pub(super) const FEEDBACK: u64 = 5;

/// A probe's round trip: sent, read at the server, answered.
pub const PROBE_RTT_NS: Nanos = 200_000;

/// The work a probe costs the server that answers it: added to its next request's service time.
pub const PROBE_COST_NS: Nanos = 20_000;

/// The events a run's probes add at most (an answer for every probe of every attempt), for the
/// event ceiling of `fulcrum simulate`, which counts eight per attempt for everything else.
pub fn probe_events(config: &StrategyConfig, size: &RunSize) -> u64 {
    if config.kind != StrategyKind::Prequal {
        return 0;
    }
    let per_attempt = f64::from(config.prequal.probes_per_request);
    (size.arrivals as f64 * f64::from(size.attempts) * per_attempt).min(u64::MAX as f64) as u64
}

/// Which reports this run delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Listens {
    /// The strategy hears nothing from servers.
    Nothing,
    /// Join-Idle-Queue: idle reports.
    Idle,
    /// Prequal: probes.
    Probes,
}

/// The simulator's side of the servers' reports.
#[derive(Debug)]
pub(super) struct Feedback {
    pub(super) listens: Listens,
    rng: SimRng,
    /// Scratch for the servers a pick asked to probe (pool indices).
    probes: Vec<usize>,
    /// Per scenario server × requests in service (up to [`RIF_BUCKETS`] − 1): the latency of
    /// the attempts that ended there at that load (an EWMA), in ms; 0 before any.
    latency_ms: Vec<[f64; RIF_BUCKETS]>,
    /// Per scenario server: probes answered and not yet paid for by a request.
    unpaid: Vec<u32>,
    /// Probes sent over the run.
    pub(super) probes_sent: u64,
}

/// How much of a new latency sample the server's estimate takes.
const LATENCY_EWMA: f64 = 0.2;

/// A server keeps a latency estimate per number of requests in service, up to this many (the
/// last holds every higher load).
pub const RIF_BUCKETS: usize = 32;

impl Feedback {
    pub(super) fn new(kind: StrategyKind, rng: SimRng, servers: usize) -> Self {
        let listens = match kind {
            StrategyKind::JoinIdleQueue => Listens::Idle,
            StrategyKind::Prequal => Listens::Probes,
            _ => Listens::Nothing,
        };
        Self {
            listens,
            rng,
            probes: Vec::new(),
            latency_ms: vec![[0.0; RIF_BUCKETS]; servers],
            unpaid: vec![0; servers],
            probes_sent: 0,
        }
    }

    /// The extra service time a request to scenario server `s` carries for the probes the
    /// server answered since its last request, which it now pays for.
    /// Scenario server `s`'s latency estimate at `rif` requests in service: its estimate at that
    /// load, else at the nearest load it has one for (0 before any request ended there).
    fn latency_at(&self, s: usize, rif: u32) -> f64 {
        let row = &self.latency_ms[s];
        let at = (rif as usize).min(RIF_BUCKETS - 1);
        (0..RIF_BUCKETS)
            .flat_map(|d| [at.checked_sub(d), Some(at + d)])
            .flatten()
            .filter(|&i| i < RIF_BUCKETS)
            .map(|i| row[i])
            .find(|&ms| ms > 0.0)
            .unwrap_or(0.0)
    }

    pub(super) fn probe_cost(&mut self, s: usize) -> Nanos {
        match self.unpaid.get_mut(s) {
            Some(n) if *n > 0 => Nanos::from(std::mem::take(n)) * PROBE_COST_NS,
            _ => 0,
        }
    }
}

impl Simulation {
    /// At the start: tell every balancer that reports come from here, and let the servers up
    /// at time 0 report idle.
    pub(super) fn start_feedback(&mut self) {
        if self.feedback.listens == Listens::Nothing {
            return;
        }
        for b in &mut self.balancers {
            b.reports_delivered();
        }
        for s in 0..self.servers.len() {
            self.report_if_idle(s);
        }
    }

    /// Scenario server `s` may have just become idle (a request left it, or it joined): under
    /// JIQ it reports to one balancer drawn at random.
    pub(super) fn report_if_idle(&mut self, s: usize) {
        if self.feedback.listens != Listens::Idle {
            return;
        }
        let server = &self.servers[s];
        if server.in_service > 0 || server.is_down() || server.hung {
            return;
        }
        let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
            return;
        };
        let b = if self.balancers.len() > 1 {
            rand::RngExt::random_range(&mut self.feedback.rng, 0..self.balancers.len())
        } else {
            0
        };
        self.balancers[b].server_report(p, ServerReport::Idle);
    }

    /// An attempt on scenario server `s` ended after `ms`: its latency estimate learns it, and
    /// the server may now be idle.
    pub(super) fn feedback_attempt_ended(&mut self, s: usize, ms: f64) {
        match self.feedback.listens {
            Listens::Nothing => {}
            Listens::Idle => self.report_if_idle(s),
            Listens::Probes => {
                // The load the request met: those still in service, and itself.
                let rif = self.servers[s].in_service as usize + 1;
                let est = &mut self.feedback.latency_ms[s][rif.min(RIF_BUCKETS - 1)];
                *est = if *est == 0.0 {
                    ms
                } else {
                    *est + LATENCY_EWMA * (ms - *est)
                };
            }
        }
    }

    /// After balancer `b` picked: send the probes its strategy asked for.
    #[inline]
    pub(super) fn send_probes(&mut self, b: usize) {
        if self.feedback.listens != Listens::Probes {
            return;
        }
        let mut probes = std::mem::take(&mut self.feedback.probes);
        probes.clear();
        self.balancers[b].take_probes(&mut probes);
        for &p in &probes {
            let Some(&s) = self.pool_to_spec.get(p) else {
                continue;
            };
            let s = s as usize;
            self.feedback.probes_sent += 1;
            let server = &self.servers[s];
            if server.is_down() || server.hung {
                continue;
            }
            self.feedback.unpaid[s] += 1;
            let answer = Ev::ProbeAnswer {
                balancer: b as u32,
                server: s as u32,
                rif: server.in_service,
                latency_us: (self.feedback.latency_at(s, server.in_service) * 1e3) as u32,
                sent: self.now,
            };
            self.schedule(self.now + PROBE_RTT_NS, answer);
        }
        self.feedback.probes = probes;
    }

    /// A probe's answer reached balancer `b`.
    pub(super) fn probe_answered(
        &mut self,
        b: usize,
        s: usize,
        rif: u32,
        latency_us: u32,
        sent: Nanos,
    ) {
        if let Some(p) = self.spec_to_pool[s].map(|p| p as usize) {
            self.balancers[b].server_report(
                p,
                ServerReport::Probe {
                    rif,
                    latency_ms: f64::from(latency_us) / 1e3,
                    sent_ns: sent,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{AnyStrategy, StrategyConfig};
    use crate::scenario::{Overload, Scenario, ServerSpec};

    /// Ten one-worker servers of 10 ms at 70 % load, `balancers` balancers.
    fn queueing(balancers: u32, requests: u64) -> Scenario {
        let mut s = Scenario {
            requests,
            balancers,
            ..Scenario::default()
        };
        s.arrivals.rate_per_s = 700.0;
        s.health.enabled = false;
        s.servers = (0..10)
            .map(|i| ServerSpec {
                id: format!("s{i}"),
                port: 8000 + i as u16,
                latency_ms: 10.0,
                jitter: 0.5,
                capacity: 1,
                overload: Overload::Queue,
                ..ServerSpec::default()
            })
            .collect();
        s
    }

    fn listed(sim: &Simulation) -> Vec<usize> {
        sim.balancers()
            .iter()
            .map(|b| match b.strategy() {
                AnyStrategy::JoinIdleQueue(j) => j.queue().len(),
                other => panic!("not JIQ: {}", other.type_name()),
            })
            .collect()
    }

    #[test]
    fn every_server_starts_idle_and_reports_to_one_balancer() {
        let config = StrategyConfig::new(StrategyKind::JoinIdleQueue);
        let sim = Simulation::with_strategy(&queueing(4, 100), &config, 3).unwrap();
        let counts = listed(&sim);
        assert_eq!(counts.iter().sum::<usize>(), 10, "{counts:?}");
        assert!(counts.iter().filter(|&&c| c > 0).count() > 1, "{counts:?}");
    }

    #[test]
    fn idle_reports_beat_random() {
        // With two balancers, each sees half the requests: its own view would call a server
        // idle that the other keeps busy. The servers' reports make JIQ far better than random.
        let mean = |kind| {
            let config = StrategyConfig::new(kind);
            let mut sim = Simulation::with_strategy(&queueing(2, 6_000), &config, 1).unwrap();
            sim.run().latency_ms.mean
        };
        let (jiq, random) = (
            mean(StrategyKind::JoinIdleQueue),
            mean(StrategyKind::Random),
        );
        assert!(jiq < 0.6 * random, "JIQ {jiq} ms, random {random} ms");
    }

    #[test]
    fn prequal_probes_and_avoids_the_slow_half() {
        // Half the servers take 20 ms, half 5 ms, two workers each: Prequal's probes find the
        // fast ones that are not too busy; power of two choices only counts connections.
        let mut s = queueing(2, 6_000);
        for (i, server) in s.servers.iter_mut().enumerate() {
            server.latency_ms = if i < 5 { 5.0 } else { 20.0 };
            server.capacity = 2;
        }
        let run = |kind| {
            let config = StrategyConfig::new(kind);
            let mut sim = Simulation::with_strategy(&s, &config, 1).unwrap();
            let mean = sim.run().latency_ms.mean;
            (mean, sim.feedback.probes_sent)
        };
        let (prequal, probes) = run(StrategyKind::Prequal);
        let (p2c, none) = run(StrategyKind::PowerOfTwoChoices);
        assert!(prequal < 0.8 * p2c, "prequal {prequal} ms, p2c {p2c} ms");
        // Two probes a pick (retries pick again), none for a strategy that does not probe.
        assert!((12_000..13_000).contains(&probes), "{probes}");
        assert_eq!(none, 0);
    }

    #[test]
    fn a_server_estimates_latency_at_its_load() {
        let mut f = Feedback::new(StrategyKind::Prequal, crate::engine::seeded(1), 1);
        assert_eq!(f.latency_at(0, 3), 0.0);
        f.latency_ms[0][2] = 10.0;
        f.latency_ms[0][6] = 40.0;
        assert_eq!(f.latency_at(0, 2), 10.0);
        assert_eq!(f.latency_at(0, 3), 10.0, "nearest below first");
        assert_eq!(f.latency_at(0, 5), 40.0);
        assert_eq!(f.latency_at(0, 500), 40.0);
        assert_eq!(f.probe_cost(0), 0);
        f.unpaid[0] = 3;
        assert_eq!(f.probe_cost(0), 3 * PROBE_COST_NS);
        assert_eq!(f.probe_cost(0), 0, "paid once");
    }

    #[test]
    fn prequal_runs_get_room_for_their_probes() {
        let size = queueing(2, 1_000).run_size();
        let none = StrategyConfig::new(StrategyKind::RoundRobin);
        assert_eq!(probe_events(&none, &size), 0);
        let prequal = StrategyConfig::new(StrategyKind::Prequal);
        let want = size.arrivals * u64::from(size.attempts) * 2;
        assert_eq!(probe_events(&prequal, &size), want);
    }

    #[test]
    fn a_strategy_that_does_not_listen_hears_nothing() {
        let config = StrategyConfig::new(StrategyKind::RoundRobin);
        let mut sim = Simulation::with_strategy(&queueing(2, 500), &config, 1).unwrap();
        sim.run();
        assert_eq!(sim.feedback.listens, Listens::Nothing);
        assert_eq!(sim.feedback.probes_sent, 0);
    }
}
