//! A failing server as the page tells it: what the simulator knows (the server crashed or hung)
//! apart from what the balancers know (a health check or an ejection found it). Between the two a
//! crashed server still gets requests; the pool says so, with the time to the next check, rather
//! than drawing "healthy" until the checks catch up. The mirror case too: a server that is back
//! gets nothing until enough checks pass, and the pool says "recovered — not yet detected".
//!
//! Also the latency a server card shows: over successful responses only, with the failures
//! counted beside, so a server that fails fast never looks fast.

use crate::engine::Nanos;
use crate::share::i18n::{Lang, Text};
use crate::sim::stats::RecentLatency;
use crate::sim::{Detection, FaultKind};

/// A server's failure, times in simulated seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Failure {
    #[default]
    /// Working, or not in the pool yet.
    None,
    /// Down or hung since `since_s`; the balancers still send to it.
    Undetected {
        /// Hung (accepts, never answers) rather than down (refuses).
        hung: bool,
        /// Seconds of simulated time since the fault began.
        since_s: f64,
        /// Seconds to the next health check (`None`: checks are off).
        next_check_in_s: Option<f64>,
        /// Failing checks in a row so far, and how many mark it down.
        failed_checks: u32,
        /// Failing checks in a row that mark it down.
        fall: u32,
    },
    /// Answering again, and the balancers still send it nothing until enough checks pass (or
    /// its ejection ends).
    Recovered {
        /// Seconds to the next health check (`None`: only the end of an ejection brings it back).
        next_check_in_s: Option<f64>,
        /// Passing checks in a row so far.
        passed_checks: u32,
        /// Passing checks in a row that mark it healthy.
        rise: u32,
    },
    /// Found at `at_s` by a failing check or an ejection: the balancers send it nothing.
    Detected {
        /// Hung rather than down.
        hung: bool,
        /// Simulated seconds when it was found.
        at_s: f64,
    },
}

fn secs(ns: Nanos) -> f64 {
    ns as f64 / 1e9
}

impl Failure {
    /// The simulator's detection at `now`.
    pub fn of(detection: Detection, now: Nanos) -> Self {
        match detection {
            Detection::Working => Self::None,
            Detection::Undetected {
                fault,
                since_ns,
                next_check_ns,
                failed_checks,
                fall,
            } => Self::Undetected {
                hung: fault == FaultKind::Hung,
                since_s: secs(since_ns),
                next_check_in_s: next_check_ns.map(|t| secs(t.saturating_sub(now))),
                failed_checks,
                fall,
            },
            Detection::Recovered {
                next_check_ns,
                passed_checks,
                rise,
            } => Self::Recovered {
                next_check_in_s: next_check_ns.map(|t| secs(t.saturating_sub(now))),
                passed_checks,
                rise,
            },
            Detection::Detected { fault, at_ns } => Self::Detected {
                hung: fault == FaultKind::Hung,
                at_s: secs(at_ns),
            },
        }
    }

    /// The same failure without what changes as time passes (the countdown, the checks so far),
    /// for views that only name the state.
    pub fn coarse(self) -> Self {
        match self {
            Self::Undetected { hung, since_s, .. } => Self::Undetected {
                hung,
                since_s,
                next_check_in_s: Some(0.0),
                failed_checks: 0,
                fall: 0,
            },
            Self::Recovered { .. } => Self::Recovered {
                next_check_in_s: Some(0.0),
                passed_checks: 0,
                rise: 0,
            },
            other => other,
        }
    }

    /// Failing, whether or not it was found yet.
    pub fn is_failing(self) -> bool {
        matches!(self, Self::Undetected { .. } | Self::Detected { .. })
    }

    /// The balancers do not know yet: failing and still sent requests, or recovered and still
    /// kept out.
    pub fn is_undetected(self) -> bool {
        matches!(self, Self::Undetected { .. } | Self::Recovered { .. })
    }

    /// The status in words, when failing ("crashed — not yet detected", "down (detected at
    /// 12.8 s)"); `None` when the balancers' status says it all.
    pub fn status(self, lang: Lang) -> Option<String> {
        Some(match self {
            Self::None => return None,
            Self::Undetected { hung: false, .. } => Text::FailCrashedUndetected.get(lang).into(),
            Self::Undetected { hung: true, .. } => Text::FailHungUndetected.get(lang).into(),
            Self::Recovered { .. } => Text::FailRecoveredUndetected.get(lang).into(),
            Self::Detected { hung, at_s } => {
                let text = if hung {
                    Text::FailHungDetected
                } else {
                    Text::FailDownDetected
                };
                text.fill(lang, &["time"], &[&format!("{at_s:.1}")])
            }
        })
    }

    /// What comes next, for an undetected failure: the countdown to the next check.
    pub fn countdown(self, lang: Lang) -> Option<String> {
        match self {
            Self::Undetected {
                next_check_in_s: Some(s),
                failed_checks,
                fall,
                ..
            } => Some(Text::FailNextCheck.fill(
                lang,
                &["seconds", "failed", "fall"],
                &[&format!("{s:.1}"), &failed_checks, &fall],
            )),
            Self::Undetected {
                next_check_in_s: None,
                ..
            } => Some(Text::FailNoChecks.get(lang).into()),
            Self::Recovered {
                next_check_in_s: Some(s),
                passed_checks,
                rise,
            } => Some(Text::FailNextCheckRecovery.fill(
                lang,
                &["seconds", "passed", "rise"],
                &[&format!("{s:.1}"), &passed_checks, &rise],
            )),
            Self::Recovered {
                next_check_in_s: None,
                ..
            } => Some(Text::FailBackAfterEjection.get(lang).into()),
            _ => None,
        }
    }

    /// The mark drawn beside the status words (never colour alone).
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Undetected { .. } => Some("⚠"),
            Self::Recovered { .. } => Some("↻"),
            Self::Detected { .. } => Some("✕"),
        }
    }
}

/// A server's latency as the pool and tables show it (ms).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerLatency {
    /// Mean, p50, p95, p99 of its last successful responses; `None` before the first.
    pub ok: Option<[f64; 4]>,
    /// Failures among its last attempts, and how many attempts that window holds.
    pub recent_failures: usize,
    /// Attempts in that window.
    pub recent_attempts: usize,
}

impl From<RecentLatency> for ServerLatency {
    fn from(r: RecentLatency) -> Self {
        Self {
            ok: r.ok,
            recent_failures: r.failures,
            recent_attempts: r.attempts,
        }
    }
}

impl ServerLatency {
    /// Mean of its last successful responses.
    pub fn mean(&self) -> Option<f64> {
        self.ok.map(|v| v[0])
    }
    /// Median of them.
    pub fn p50(&self) -> Option<f64> {
        self.ok.map(|v| v[1])
    }
    /// 95th percentile of them.
    pub fn p95(&self) -> Option<f64> {
        self.ok.map(|v| v[2])
    }
    /// 99th percentile of them.
    pub fn p99(&self) -> Option<f64> {
        self.ok.map(|v| v[3])
    }

    /// Failures among the recent attempts (0 before any).
    pub fn error_rate(&self) -> f64 {
        if self.recent_attempts == 0 {
            0.0
        } else {
            self.recent_failures as f64 / self.recent_attempts as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Nanos = 1_000_000_000;

    #[test]
    fn an_undetected_crash_says_so_with_the_time_to_the_next_check() {
        let f = Failure::of(
            Detection::Undetected {
                fault: FaultKind::Crashed,
                since_ns: 10 * S,
                next_check_ns: Some(12 * S),
                failed_checks: 1,
                fall: 3,
            },
            10 * S + S / 2,
        );
        assert!(f.is_undetected());
        assert_eq!(f.status(Lang::En).unwrap(), "crashed — not yet detected");
        assert_eq!(
            f.countdown(Lang::En).unwrap(),
            "next check in 1.5 s · 1 of 3 failed"
        );
        assert_eq!(f.mark(), Some("⚠"));
        let found = Failure::of(
            Detection::Detected {
                fault: FaultKind::Crashed,
                at_ns: 14 * S + S / 10,
            },
            15 * S,
        );
        assert_eq!(found.status(Lang::En).unwrap(), "down (detected at 14.1 s)");
        assert_eq!(found.countdown(Lang::En), None);
        assert_eq!(Failure::of(Detection::Working, 0).status(Lang::En), None);
        for lang in [Lang::En, Lang::Zh] {
            assert!(found.status(lang).unwrap().contains("14.1"));
            assert!(f.countdown(lang).unwrap().contains("1.5"));
        }
    }
}
