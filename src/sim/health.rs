//! Health: active checks and passive outlier ejection.
//!
//! Active checks are the seed's `HealthChecker` (probe every `interval`, `timeout`) with what it
//! lacks: HAProxy's `rise`/`fall` thresholds (a server changes state only after that many
//! consecutive passing or failing probes; the seed behaves as rise = fall = 1 and so flaps with a
//! flapping server) and optional jitter on the interval so probes of many servers spread out. A
//! passing probe only ever clears the checker's own verdict: maintenance is an operator's
//! decision and stays (the seed's checker turns a server in maintenance back to healthy).
//!
//! Passive ejection is Envoy's outlier detection: `consecutive_failures` failed requests in a row
//! eject a server for `base_ejection × times ejected` (capped at `max_ejection`), and never more
//! than `max_ejection_percent` of the servers at once, though always at least one.

use rand::RngExt;

use crate::engine::{Nanos, SimRng};
use crate::scenario::{HealthSpec, OutlierSpec};

fn ms_to_ns(ms: f64) -> Nanos {
    (ms * 1e6).round() as Nanos
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Streak {
    passes: u32,
    failures: u32,
}

/// The active checker's verdict per server.
#[derive(Clone, Debug)]
pub struct HealthChecker {
    /// Whether active checks run at all.
    pub enabled: bool,
    /// Time between two checks of a server.
    pub interval_ns: Nanos,
    /// How long a check waits for an answer before it counts as failed.
    pub timeout_ns: Nanos,
    rise: u32,
    fall: u32,
    jitter: f64,
    up: Vec<bool>,
    streaks: Vec<Streak>,
}

impl HealthChecker {
    /// A checker for `servers` servers, all starting healthy with no checks counted.
    pub fn new(spec: &HealthSpec, servers: usize) -> Self {
        Self {
            enabled: spec.enabled,
            interval_ns: ms_to_ns(spec.interval_ms).max(1),
            timeout_ns: ms_to_ns(spec.timeout_ms).max(1),
            rise: spec.rise.max(1),
            fall: spec.fall.max(1),
            jitter: spec.jitter,
            up: vec![true; servers],
            streaks: vec![Streak::default(); servers],
        }
    }

    /// Does the checker consider `server` up? (Servers start up, as in the seed.)
    pub fn is_up(&self, server: usize) -> bool {
        self.up[server]
    }

    /// Record a probe result; returns the new verdict when it changed.
    pub fn observe(&mut self, server: usize, pass: bool) -> Option<bool> {
        let streak = &mut self.streaks[server];
        if pass {
            streak.passes = streak.passes.saturating_add(1);
            streak.failures = 0;
        } else {
            streak.failures = streak.failures.saturating_add(1);
            streak.passes = 0;
        }
        let up = self.up[server];
        let flip = if up {
            streak.failures >= self.fall
        } else {
            streak.passes >= self.rise
        };
        if flip {
            self.up[server] = !up;
            Some(!up)
        } else {
            None
        }
    }

    /// Failing probes in a row of `server` so far, and how many it takes to mark it down.
    pub fn failing_streak(&self, server: usize) -> (u32, u32) {
        (self.streaks[server].failures, self.fall)
    }

    /// Passing probes in a row of `server` so far, and how many it takes to mark it up again.
    pub fn passing_streak(&self, server: usize) -> (u32, u32) {
        (self.streaks[server].passes, self.rise)
    }

    /// Time to the next probe of a server: the interval, stretched or shrunk by the jitter.
    pub fn next_interval(&self, rng: &mut SimRng) -> Nanos {
        if self.jitter <= 0.0 {
            return self.interval_ns;
        }
        let u: f64 = rng.random();
        let factor = 1.0 + self.jitter * (2.0 * u - 1.0);
        ((self.interval_ns as f64 * factor).round() as Nanos).max(1)
    }
}

/// A server's failure as its balancers may not yet know it: what a page shows so a crash is
/// never drawn as "healthy" (the simulator's truth) nor as "down" before a check or an ejection
/// found it (the balancers' truth).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detection {
    /// The server answers (or is not in the pool yet).
    Working,
    /// Down or hung since `since_ns`, and the balancers still send to it. `next_check_ns` is when
    /// the next active check starts (`None`: checks are off, only ejection can find it);
    /// `failed_checks` of `fall` failing checks in a row have been seen.
    Undetected {
        /// Down or hung.
        fault: FaultKind,
        /// When the fault began.
        since_ns: Nanos,
        /// When the next active check starts, if checks are on.
        next_check_ns: Option<Nanos>,
        /// Failing checks in a row so far.
        failed_checks: u32,
        /// Failing checks in a row that mark it unhealthy.
        fall: u32,
    },
    /// Answering again, and the balancers still keep it out: it needs `rise` passing checks in
    /// a row (`passed_checks` so far; the next at `next_check_ns`), or, when checks are off or
    /// it was ejected, the end of its ejection (`next_check_ns` is then `None`).
    Recovered {
        /// When the next active check starts, if one can bring it back.
        next_check_ns: Option<Nanos>,
        /// Passing checks in a row so far.
        passed_checks: u32,
        /// Passing checks in a row that mark it healthy.
        rise: u32,
    },
    /// Down or hung, and a check or an ejection marked it unhealthy at `at_ns`.
    Detected {
        /// Down or hung.
        fault: FaultKind,
        /// When it was marked unhealthy.
        at_ns: Nanos,
    },
}

/// What is wrong with a failing server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Refusing connections (crashed, or a flapping server in its down phase).
    Crashed,
    /// Accepting and never answering.
    Hung,
}

#[derive(Clone, Copy, Debug, Default)]
struct OutlierState {
    consecutive: u32,
    times_ejected: u32,
    ejected: bool,
    ejections: u64,
}

/// Envoy-style passive outlier detection, shared by every balancer.
#[derive(Clone, Debug)]
pub struct OutlierDetector {
    enabled: bool,
    threshold: u32,
    base_ns: Nanos,
    max_ns: Nanos,
    max_percent: f64,
    states: Vec<OutlierState>,
    /// Bumped on each ejection so a stale un-ejection is ignored.
    pub generation: Vec<u32>,
}

impl OutlierDetector {
    /// A detector for `servers` servers, none ejected.
    pub fn new(spec: &OutlierSpec, servers: usize) -> Self {
        Self {
            enabled: spec.enabled,
            threshold: spec.consecutive_failures.max(1),
            base_ns: ms_to_ns(spec.base_ejection_ms).max(1),
            max_ns: ms_to_ns(spec.max_ejection_ms).max(1),
            max_percent: spec.max_ejection_percent,
            states: vec![OutlierState::default(); servers],
            generation: vec![0; servers],
        }
    }

    /// Whether `server` is ejected now.
    pub fn is_ejected(&self, server: usize) -> bool {
        self.states[server].ejected
    }

    /// How often `server` has been ejected (each ejection lasts longer).
    pub fn ejections(&self, server: usize) -> u64 {
        self.states[server].ejections
    }

    fn ejected_now(&self) -> usize {
        self.states.iter().filter(|s| s.ejected).count()
    }

    /// Record a request's result on `server` (`present`: servers in the pool now). Returns how
    /// long to eject it for when this failure ejects it.
    pub fn record(&mut self, server: usize, ok: bool, present: usize) -> Option<Nanos> {
        if !self.enabled {
            return None;
        }
        let state = &mut self.states[server];
        if ok {
            state.consecutive = 0;
            return None;
        }
        state.consecutive = state.consecutive.saturating_add(1);
        if state.ejected || state.consecutive < self.threshold {
            return None;
        }
        let allowed = ((present as f64 * self.max_percent / 100.0).floor() as usize).max(1);
        if self.ejected_now() >= allowed {
            return None;
        }
        let state = &mut self.states[server];
        state.times_ejected = state.times_ejected.saturating_add(1);
        state.ejected = true;
        state.ejections += 1;
        state.consecutive = 0;
        self.generation[server] = self.generation[server].wrapping_add(1);
        let duration = self
            .base_ns
            .saturating_mul(u64::from(state.times_ejected))
            .min(self.max_ns);
        Some(duration)
    }

    /// The ejection of `server` ran out.
    pub fn uneject(&mut self, server: usize) {
        let state = &mut self.states[server];
        state.ejected = false;
        state.consecutive = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::seeded;

    fn checker(rise: u32, fall: u32) -> HealthChecker {
        HealthChecker::new(
            &HealthSpec {
                rise,
                fall,
                ..HealthSpec::default()
            },
            1,
        )
    }

    #[test]
    fn rise_and_fall_need_consecutive_results() {
        let mut h = checker(2, 3);
        assert_eq!(h.observe(0, false), None);
        assert_eq!(h.observe(0, false), None);
        assert_eq!(h.observe(0, true), None, "a pass resets the failures");
        assert_eq!(h.observe(0, false), None);
        assert_eq!(h.observe(0, false), None);
        assert_eq!(h.observe(0, false), Some(false));
        assert!(!h.is_up(0));
        assert_eq!(h.observe(0, true), None);
        assert_eq!(h.observe(0, true), Some(true));
        // The seed's behaviour: every probe decides.
        let mut seed = checker(1, 1);
        assert_eq!(seed.observe(0, false), Some(false));
        assert_eq!(seed.observe(0, true), Some(true));
    }

    #[test]
    fn jitter_stays_within_its_fraction() {
        let h = HealthChecker::new(
            &HealthSpec {
                interval_ms: 1000.0,
                jitter: 0.2,
                ..HealthSpec::default()
            },
            1,
        );
        let mut rng = seeded(1);
        let gaps: Vec<Nanos> = (0..1000).map(|_| h.next_interval(&mut rng)).collect();
        assert!(
            gaps.iter()
                .all(|&g| (800_000_000..=1_200_000_000).contains(&g))
        );
        assert!(gaps.iter().any(|&g| g != gaps[0]));
    }

    #[test]
    fn ejection_backs_off_and_respects_the_cap() {
        let spec = OutlierSpec {
            enabled: true,
            consecutive_failures: 2,
            base_ejection_ms: 1000.0,
            max_ejection_ms: 2500.0,
            max_ejection_percent: 10.0,
        };
        let mut o = OutlierDetector::new(&spec, 4);
        assert_eq!(o.record(0, false, 4), None);
        assert_eq!(o.record(0, false, 4), Some(1_000_000_000));
        assert!(o.is_ejected(0));
        // 10 % of 4 servers rounds to 0, but one may always be ejected; a second may not.
        o.record(1, false, 4);
        assert_eq!(o.record(1, false, 4), None);
        o.uneject(0);
        o.record(0, false, 4);
        assert_eq!(o.record(0, false, 4), Some(2_000_000_000), "grows");
        o.uneject(0);
        o.record(0, false, 4);
        assert_eq!(o.record(0, false, 4), Some(2_500_000_000), "capped");
        assert_eq!(o.ejections(0), 3);
        o.uneject(0);
        o.record(0, false, 4);
        assert_eq!(o.record(0, true, 4), None);
        assert_eq!(o.record(0, false, 4), None, "a success resets the count");
        let mut off = OutlierDetector::new(&OutlierSpec::default(), 1);
        assert!((0..100).all(|_| off.record(0, false, 1).is_none()));
    }
}
