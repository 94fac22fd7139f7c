//! What the servers told the strategies that listen to them, as the page draws it: Prequal's
//! probe pool as the last pick read it, and Join-Idle-Queue's I-queue at each balancer.
//!
//! Both come from the engine, never from a guess of the page's: the probe pool from the last
//! pick's own steps (`Step::PrequalProbe` for each probe the rule looked at, with its RIF,
//! latency, age, uses and hot or cold mark as the engine judged it, and the note that says which
//! won and why), the I-queues from each balancer's `JoinIdleQueue::queue` when the snapshot is
//! taken (`Live::idle_queues`).

use crate::engine::{Note, Step};

/// One probe in the pool, as the last pick's rule read it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeRow {
    /// The position of the step that lists it in the pick's steps (for its words,
    /// `share::steps::step_text`).
    pub step: usize,
    /// The server that answered (pool index at the pick).
    pub server: usize,
    /// Its requests in flight, as the pool held them.
    pub rif: u32,
    /// Its latency, in ms.
    pub latency_ms: f64,
    /// Above the RIF quantile.
    pub hot: bool,
    /// The pick went to this probe's server.
    pub picked: bool,
}

/// Prequal's probe pool at the last pick.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbePool {
    /// The probes, oldest first (the pool's order).
    pub rows: Vec<ProbeRow>,
    /// The position of the engine's note of the pool (its size, the quantile and the RIF
    /// threshold) in the pick's steps, if the pool held any probe.
    pub pool: Option<usize>,
    /// The position of the engine's note of the outcome: the cold probe with the lowest latency
    /// won, every probe was hot and the lowest RIF won, or the pool was empty and a random
    /// server was drawn.
    pub why: Option<usize>,
}

impl ProbePool {
    /// The pool the last pick read, from its steps; `None` when they are not a Prequal pick's.
    pub fn from_steps(steps: &[Step]) -> Option<ProbePool> {
        if !steps
            .iter()
            .any(|s| matches!(s, Step::Note(Note::ProbesSent { .. })))
        {
            return None;
        }
        let mut out = ProbePool {
            rows: Vec::new(),
            pool: None,
            why: None,
        };
        let mut winner = None;
        for (at, step) in steps.iter().enumerate() {
            match step {
                Step::PrequalProbe {
                    server,
                    rif,
                    latency_ms,
                    hot,
                    ..
                } => out.rows.push(ProbeRow {
                    step: at,
                    server: *server,
                    rif: *rif,
                    latency_ms: *latency_ms,
                    hot: *hot,
                    picked: false,
                }),
                Step::Note(Note::ProbePool { .. }) => out.pool = Some(at),
                Step::Note(
                    Note::ColdProbeWins { server, .. } | Note::AllProbesHot { server, .. },
                ) => {
                    winner = Some(*server);
                    out.why = Some(at);
                }
                Step::Note(Note::ProbePoolEmpty) => out.why = Some(at),
                _ => {}
            }
        }
        for row in &mut out.rows {
            row.picked = Some(row.server) == winner;
        }
        Some(out)
    }

    /// The longest latency among the probes (what the bars are drawn against; at least 1 ms).
    pub fn longest_ms(&self) -> f64 {
        self.rows.iter().map(|r| r.latency_ms).fold(1.0, f64::max)
    }
}

/// Join-Idle-Queue's note at the last pick: the head of the I-queue it took, or that the queue
/// was empty (a random server), with any entries dropped on the way.
pub fn idle_queue_notes(steps: &[Step]) -> impl Iterator<Item = &Step> {
    steps.iter().filter(|s| {
        matches!(
            s,
            Step::Note(
                Note::IdleQueueHead { .. } | Note::IdleQueueEmpty | Note::IdleQueueDropped { .. }
            )
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::parse_servers;
    use crate::engine::testing::demo_request;
    use crate::engine::{Balancer, ServerReport, StrategyConfig, StrategyKind, seeded};

    #[test]
    fn the_pool_is_read_from_the_picks_own_steps_with_the_winner_and_why() {
        let mut b = Balancer::new(
            StrategyConfig {
                prequal: crate::engine::load_aware::prequal::PrequalSettings {
                    probes_per_request: 0,
                    q_rif: 0.5,
                    ..Default::default()
                },
                ..StrategyConfig::new(StrategyKind::Prequal)
            },
            parse_servers("a:1,b:1,c:1,d:1").unwrap(),
        )
        .unwrap();
        b.reports_delivered();
        // a and b: busy but fast; c: idle and slow; d: nearly idle and fast. The median of the
        // RIFs 9, 4, 0, 1 is 1: a and b are hot.
        for (server, rif, latency_ms) in [(0, 9, 1.0), (1, 4, 2.0), (2, 0, 30.0), (3, 1, 5.0)] {
            b.server_report(
                server,
                ServerReport::Probe {
                    rif,
                    latency_ms,
                    sent_ns: 0,
                },
            );
        }
        let mut rng = seeded(3);
        // r = 0: the pick reads the four answers only, none sent now.
        let (picked, steps) = b.pick_explained(&demo_request(0), &mut rng, 0);
        let picked = picked.unwrap();
        let pool = ProbePool::from_steps(&steps).unwrap();
        assert_eq!(pool.rows.len(), 4);
        let servers: Vec<usize> = pool.rows.iter().map(|r| r.server).collect();
        assert_eq!(servers, [0, 1, 2, 3]);
        let hot: Vec<bool> = pool.rows.iter().map(|r| r.hot).collect();
        assert_eq!(hot, [true, true, false, false], "{pool:?}");
        // The cold probe with the lowest latency wins: d's (5 ms), not a's or b's (faster, hot).
        assert_eq!(picked, 3);
        let marked: Vec<usize> = pool
            .rows
            .iter()
            .filter(|r| r.picked)
            .map(|r| r.server)
            .collect();
        assert_eq!(marked, [3]);
        assert!(matches!(
            steps[pool.why.unwrap()],
            Step::Note(Note::ColdProbeWins { server: 3, .. })
        ));
        assert!(matches!(
            steps[pool.pool.unwrap()],
            Step::Note(Note::ProbePool { probes: 4, .. })
        ));
        for row in &pool.rows {
            assert!(
                matches!(steps[row.step], Step::PrequalProbe { server, .. } if server == row.server)
            );
        }
        assert_eq!(pool.longest_ms(), 30.0);
        // Another strategy's steps are no probe pool.
        assert_eq!(ProbePool::from_steps(&[Step::Chosen { server: 0 }]), None);
    }
}
