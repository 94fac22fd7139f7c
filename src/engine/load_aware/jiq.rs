//! `join_idle_queue`: Join-Idle-Queue (Yi Lu, Qiaomin Xie, Gabriel Kliot, Alan Geller, James R.
//! Larus and Albert Greenberg, "Join-Idle-Queue: A novel load balancing algorithm for
//! dynamically scalable web services", Performance Evaluation 68(11), 2011).
//!
//! Load balancing in two halves that never talk at a request's arrival. Each balancer (the
//! paper's dispatcher) keeps an *I-queue* of servers that told it they are idle. A request goes
//! to the server at the head of the I-queue, which leaves the queue; when the queue is empty,
//! to a random server. The other half is the servers': a server that becomes idle reports to
//! the I-queue of one balancer (JIQ-Random: one chosen uniformly at random, the paper's first
//! variant). So with many balancers and many servers, a request almost always finds an idle
//! server without any balancer polling a load, and the paper shows the queueing delay falls by
//! a factor of about 30 against power of two choices at medium to high load.
//!
//! Who reports is not the balancer's business, so there are two sources of reports:
//! - the simulator ([`Strategy::reports_delivered`]): a server reports when its requests in
//!   service, from every balancer together, fall to zero, to one balancer drawn at random, and at
//!   the start (and when it joins) because it starts idle (`sim::feedback`);
//! - without a simulator (`fulcrum route`, the lookup of one pick), the balancer's own view
//!   stands in for the servers: a server whose requests in flight through this balancer fall to
//!   zero is idle, and reports in the order it became idle; at build every eligible server with
//!   nothing in flight reports, in pool order. One balancer then sees every request, so its view
//!   is the servers' truth.
//!
//! Fulcrum's choices where the paper is silent: the random fallback draws in proportion to
//! weight (the paper's servers are identical; with equal weights this is its uniform choice);
//! a server is listed at most once per I-queue (a second report while listed is dropped), and
//! never withdraws a report, so an entry can be stale (the server took a random request from
//! another balancer since): it is still dispatched to, as in the paper, which counts on such
//! entries being rare. An entry whose server is no longer eligible (down, draining, weight 0,
//! removed) is dropped when it reaches the head.
//!
//! Cost: O(1) amortized per pick and per report (each entry is pushed and popped once); O(n)
//! per pool change.

use std::collections::VecDeque;

use crate::engine::load_blind::random::WeightedRandom;
use crate::engine::model::{LoadEvent, Pool, PoolChange, ServerReport};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step, Unavailable};

/// Join-Idle-Queue: the head of the I-queue, else a random server.
#[derive(Clone, Debug, Default)]
pub struct JoinIdleQueue {
    /// The fallback when the I-queue is empty.
    random: WeightedRandom,
    /// Pool indices of the servers that reported idle, oldest first.
    queue: VecDeque<u32>,
    /// Per pool index: in the queue?
    listed: Vec<bool>,
    /// Reports come from the simulator, not from this balancer's view.
    delivered: bool,
}

impl JoinIdleQueue {
    /// The I-queue, head first (pool indices).
    pub fn queue(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.queue.iter().map(|&s| s as usize)
    }

    /// List `server` at the tail, unless it is listed already.
    fn join(&mut self, server: usize) {
        if let Some(listed) = self.listed.get_mut(server)
            && !*listed
        {
            *listed = true;
            self.queue.push_back(server as u32);
        }
    }

    /// Without a simulator: every eligible server with nothing in flight that is not listed
    /// reports, in pool order.
    fn report_idle_from_view(&mut self, pool: &Pool) {
        for i in 0..pool.eligible().len() {
            let s = pool.eligible()[i];
            if pool.server(s).load.connections == 0 {
                self.join(s);
            }
        }
    }
}

impl Strategy for JoinIdleQueue {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            random: WeightedRandom::build(config, pool),
            listed: vec![false; pool.len()],
            ..Self::default()
        };
        s.report_idle_from_view(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.random.rebuild(pool, change);
        match change {
            PoolChange::Removed { index, .. } => {
                let gone = *index as u32;
                self.queue.retain(|&s| s != gone);
                for s in &mut self.queue {
                    if *s > gone {
                        *s -= 1;
                    }
                }
                if *index < self.listed.len() {
                    self.listed.remove(*index);
                }
            }
            PoolChange::Initial => {
                self.queue.clear();
                self.listed.clear();
            }
            _ => {}
        }
        self.listed.resize(pool.len(), false);
        if !self.delivered {
            self.report_idle_from_view(pool);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        while let Some(head) = self.queue.pop_front() {
            let s = head as usize;
            self.listed[s] = false;
            let server = ctx.pool.server(s);
            if server.is_eligible() {
                let waiting = self.queue.len();
                ctx.explain
                    .step(|| Step::Note(Note::IdleQueueHead { server: s, waiting }));
                return Ok(s);
            }
            ctx.explain.step(|| {
                Step::Note(Note::IdleQueueDropped {
                    server: s,
                    why: Unavailable::of(server),
                })
            });
        }
        ctx.explain.step(|| Step::Note(Note::IdleQueueEmpty));
        self.random.pick(ctx)
    }

    fn load_changed(&mut self, pool: &Pool, server: usize, event: LoadEvent) {
        if !self.delivered
            && matches!(event, LoadEvent::Finished { .. })
            && pool.server(server).load.connections == 0
            && pool.server(server).is_eligible()
        {
            self.join(server);
        }
    }

    fn reports_delivered(&mut self) {
        self.delivered = true;
        self.queue.clear();
        self.listed.fill(false);
    }

    fn report(&mut self, _pool: &Pool, server: usize, report: ServerReport) {
        if report == ServerReport::Idle {
            self.join(server);
        }
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

    fn jiq(spec: &str) -> Balancer {
        Balancer::new(
            StrategyConfig::new(StrategyKind::JoinIdleQueue),
            parse_servers(spec).unwrap(),
        )
        .unwrap()
    }

    fn queue(b: &Balancer) -> Vec<usize> {
        match b.strategy() {
            AnyStrategy::JoinIdleQueue(j) => j.queue().collect(),
            other => panic!("not JIQ: {}", other.type_name()),
        }
    }

    #[test]
    fn idle_servers_first_in_the_order_they_became_idle_then_random() {
        let mut b = jiq("a:1,b:1,c:1");
        let mut rng = seeded(1);
        assert_eq!(
            queue(&b),
            [0, 1, 2],
            "every server starts idle, in pool order"
        );
        for want in [0, 1, 2] {
            let (got, steps) = b.pick_explained(&demo_request(0), &mut rng, 0);
            assert_eq!(got, Ok(want));
            assert!(
                matches!(steps[0], Step::Note(Note::IdleQueueHead { server, .. }) if server == want)
            );
            b.request_started(want);
        }
        // Nobody idle: a random server, said so.
        let (got, steps) = b.pick_explained(&demo_request(0), &mut rng, 0);
        assert!(got.is_ok());
        assert_eq!(steps[0], Step::Note(Note::IdleQueueEmpty));
        // c then a become idle: they are dispatched to in that order.
        b.request_finished(2, 1.0, true, 1);
        b.request_finished(0, 1.0, true, 2);
        assert_eq!(queue(&b), [2, 0]);
        assert_eq!(b.pick(&demo_request(0), &mut rng, 3), Ok(2));
        assert_eq!(b.pick(&demo_request(0), &mut rng, 3), Ok(0));
    }

    #[test]
    fn delivered_reports_replace_the_view() {
        let mut b = jiq("a:1,b:1,c:1");
        b.reports_delivered();
        assert!(queue(&b).is_empty());
        b.server_report(2, ServerReport::Idle);
        b.server_report(2, ServerReport::Idle);
        assert_eq!(queue(&b), [2], "listed once");
        let mut rng = seeded(1);
        assert_eq!(b.pick(&demo_request(0), &mut rng, 0), Ok(2));
        b.request_started(2);
        b.request_finished(2, 1.0, true, 1);
        assert!(queue(&b).is_empty(), "the view no longer reports");
    }

    #[test]
    fn entries_follow_removals_and_ineligible_heads_are_dropped() {
        let mut b = jiq("a:1,b:1,c:1,d:1");
        b.remove_server("b:1").unwrap();
        assert_eq!(queue(&b), [0, 1, 2], "c and d shifted down");
        b.set_status(0, Status::Unhealthy).unwrap();
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert!(matches!(
            steps[0],
            Step::Note(Note::IdleQueueDropped {
                server: 0,
                why: Unavailable::Unhealthy
            })
        ));
    }

    proptest! {
        /// Whatever the history: a pick is of an eligible server, the head of the queue when
        /// an eligible server is listed, and no server is listed twice.
        #[test]
        fn the_head_wins_and_nobody_is_listed_twice(
            ops in prop::collection::vec((0u8..4, 0usize..6), 1..200),
        ) {
            let mut b = jiq("a:1,b:2,c:1,d:3,e:1,f:1");
            let mut rng = seeded(7);
            for (op, s) in ops {
                match op {
                    0 => {
                        let listed = queue(&b);
                        let head = listed.iter().copied().find(|&i| b.pool().server(i).is_eligible());
                        let got = b.pick(&demo_request(0), &mut rng, 0);
                        if let Some(h) = head {
                            prop_assert_eq!(&got, &Ok(h));
                        }
                        if let Ok(p) = got {
                            prop_assert!(b.pool().server(p).is_eligible());
                            b.request_started(p);
                        }
                    }
                    1 if b.pool().server(s).load.connections > 0 => {
                        b.request_finished(s, 1.0, true, 0);
                    }
                    2 => {
                        let to = if b.pool().server(s).status == Status::Healthy {
                            Status::Unhealthy
                        } else {
                            Status::Healthy
                        };
                        b.set_status(s, to).unwrap();
                    }
                    _ => {}
                }
                let mut listed = queue(&b);
                let len = listed.len();
                listed.sort_unstable();
                listed.dedup();
                prop_assert_eq!(listed.len(), len);
            }
        }
    }
}
