//! Snapshots: what the views draw, taken part by part, each part kept by pointer while its
//! content is the same.

use super::*;

impl Live {
    /// Take a fresh snapshot of everything (parts that did not change keep their old `Rc`).
    pub fn take_snapshot(&mut self) -> Rc<Snapshot> {
        self.take_snapshot_part(None)
    }

    /// Refresh one part of the snapshot (or all with `None`): while playing, the app refreshes
    /// one part per tick in turn, so no single frame re-renders many views. The even parts take
    /// the pool's rows a [`POOL_SLICES`]th at a time (servers 0, 6, 12… on part 0, servers 1, 7,
    /// 13… on part 2…): a tick redraws a sixth of a large pool's cards; a pool of at most
    /// [`WHOLE_POOL_SERVERS`] is refreshed whole. The odd parts are
    /// [`part`]'s. The ring follows every change at once.
    pub fn take_snapshot_part(&mut self, part: Option<usize>) -> Rc<Snapshot> {
        let prev = self.snapshot.clone();
        let want = |k: usize| part.is_none_or(|p| p % SNAPSHOT_PARTS == k);
        // The pool's rows this part refreshes: all, one slice, or none.
        let pool_slice = match part.map(|p| p % SNAPSHOT_PARTS) {
            None => Some(None),
            Some(p) if p % 2 == 0 => Some(Some(p / 2 % POOL_SLICES)),
            Some(_) => None,
        };
        let at = |k: usize| part.is_some_and(|p| p % SNAPSHOT_PARTS == k);
        let now = self.sim.now();
        let report = (pool_slice.is_some()
            || want(part::TOTALS)
            || want(part::DETAILS)
            || at(part::TABLE)
            || at(part::LATENCY))
        .then(|| self.sim.report());
        let mut next = (*prev).clone();
        next.t_ms = now as f64 / 1e6;
        next.strategy = crate::sim::strategy_label(&self.settings.strategy_config());
        next.sample_every = self.sample_every;
        if let Some(report) = &report {
            // Every row as it is now: a table takes them all at once, so its shares are of one
            // moment and add up; the pool's cards take their slice.
            let rows_now = (pool_slice.is_some() || at(part::TABLE) || at(part::LATENCY))
                .then(|| self.rows_now(report));
            if let (Some(slice), Some(rows)) = (pool_slice, &rows_now) {
                // A small pool is one slice: every part refreshes it whole.
                let slice = slice.filter(|_| rows.len() > WHOLE_POOL_SERVERS);
                let servers: Vec<ServerRow> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| match prev.servers.get(i) {
                        // Another slice's row, of the same server: it waits for its own part.
                        Some(old)
                            if slice.is_some_and(|k| i % POOL_SLICES != k) && old.id == row.id =>
                        {
                            old.clone()
                        }
                        _ => row.clone(),
                    })
                    .collect();
                next.labels = keep_if_same(
                    Some(&prev.labels),
                    servers.iter().map(ServerLabel::from).collect(),
                );
                next.servers = keep_if_same(Some(&prev.servers), servers);
                next.log = keep_if_same(Some(&prev.log), self.log.iter().cloned().collect());
            }
            if want(part::TOTALS) {
                next.totals = keep_if_same(Some(&prev.totals), self.totals(report));
            }
            if want(part::DETAILS) {
                next.details =
                    keep_if_same(Some(&prev.details), report.stats.server_details.clone());
            }
            if let (true, Some(rows)) = (at(part::TABLE), &rows_now) {
                next.table = keep_if_same(Some(&prev.table), rows.clone());
            }
            if let (true, Some(rows)) = (at(part::LATENCY), &rows_now) {
                next.latency_table = keep_if_same(Some(&prev.latency_table), rows.clone());
            }
            if part.is_none() {
                next.table = next.servers.clone();
                next.latency_table = next.servers.clone();
            }
            if want(part::TOTALS) {
                let interval_s = SAMPLE_INTERVAL_MS / 1000.0;
                let series = Series {
                    throughput: report
                        .series
                        .iter()
                        .map(|s| {
                            (
                                s.t_ms / 1000.0,
                                s.ok as f64 / interval_s,
                                s.failed as f64 / interval_s,
                            )
                        })
                        .collect(),
                    latency: self.inbox.borrow().latency.points.iter().copied().collect(),
                };
                next.series = keep_if_same(Some(&prev.series), series);
            }
        }
        let map = self.pool_map();
        if want(part::SEEN) {
            let tau = self.settings.strategy_config().ewma_tau_ns;
            let pool = self.sim.balancers()[0].pool();
            let seen: Vec<SeenRow> = pool
                .servers()
                .iter()
                .enumerate()
                .map(|(p, s)| SeenRow {
                    index: map.get(p).map_or(p, |x| x.0),
                    id: s.id.clone(),
                    weight: s.weight,
                    eligible: s.is_eligible(),
                    connections: s.load.connections,
                    ewma_ms: s.load.ewma_at(now, tau),
                    window_ms: s.load.window.mean(),
                    window_len: s.load.window.len(),
                    failures: s.load.window.failures(),
                })
                .collect();
            next.seen = keep_if_same(Some(&prev.seen), seen);
            next.idle = keep_if_same(Some(&prev.idle), self.idle_queues(&map));
        }
        if want(part::LAST) {
            next.sent = self.requests_sent();
            let last = self.last.as_ref().map(|raw| self.last_pick(raw, &map));
            next.last = match (last, prev.last.as_ref()) {
                (Some(l), p) => Some(keep_if_same(p, l)),
                (None, _) => None,
            };
        }
        if self.ring_dirty
            || matches!(
                *prev.ring,
                RingShape::None {
                    reason: NoRing::Empty
                }
            )
        {
            self.ring_dirty = false;
            next.ring = keep_if_same(Some(&prev.ring), self.ring_shape());
        }
        self.snapshot = Rc::new(next);
        self.snapshot.clone()
    }

    /// Join-Idle-Queue's I-queue at each balancer, head first, servers named through `map`
    /// (pool position to scenario index and id); empty for another strategy.
    pub fn idle_queues(&self, map: &[(usize, String)]) -> Vec<Vec<(usize, String)>> {
        self.sim
            .balancers()
            .iter()
            .filter_map(|b| match b.strategy() {
                AnyStrategy::JoinIdleQueue(j) => {
                    Some(j.queue().filter_map(|p| map.get(p).cloned()).collect())
                }
                _ => None,
            })
            .collect()
    }

    pub(super) fn totals(&self, report: &crate::sim::stats::RunReport) -> Totals {
        let st = &report.stats;
        let o = &report.outcomes;
        // Successful requests only: refusals answer in a millisecond and would pull these down.
        let ok_latency = self.sim.success_latency();
        Totals {
            t_ms: self.sim.now() as f64 / 1e6,
            total_requests: st.total_requests,
            successful_requests: st.successful_requests,
            failed_requests: st.failed_requests,
            average_response_time: st.average_response_time,
            total_servers: st.total_servers,
            healthy_servers: st.healthy_servers,
            availability: report.availability,
            outcomes: [
                o.ok,
                o.error,
                o.refused,
                o.reset,
                o.timeout,
                o.no_server,
                o.seed_fault,
            ],
            p50: ok_latency.p50,
            p95: ok_latency.p95,
            p99: ok_latency.p99,
            max: ok_latency.max,
            attempts: report.attempts,
            retries: report.retries,
            in_flight: self.sim.in_flight(),
            jain: report.balance.jain_fairness,
            request_spread: report.balance.request_spread,
            balancers: report.balancers,
        }
    }

    /// What a strategy that reads no weight promises each server: an equal share of the
    /// servers with a weight (`None` for a strategy whose shares follow weights).
    pub(super) fn equal_share(&self, report: &crate::sim::stats::RunReport) -> Option<f64> {
        let config = self.settings.strategy_config();
        (!config.kind.shares_follow_weights(config.variant)).then(|| {
            let n = report
                .servers
                .iter()
                .filter(|r| r.weight_share > 0.0)
                .count();
            1.0 / n.max(1) as f64
        })
    }

    /// Every server's row as it is now.
    fn rows_now(&self, report: &crate::sim::stats::RunReport) -> Vec<ServerRow> {
        let n_samples = report.series.len();
        let recent = &report.series[n_samples.saturating_sub(RECENT_SAMPLES)..];
        let recent_total: u64 = recent.iter().map(|s| s.requests.iter().sum::<u64>()).sum();
        let equal = self.equal_share(report);
        self.settings
            .servers
            .iter()
            .enumerate()
            .map(|(i, spec)| self.server_row(i, spec, (report, equal), recent, recent_total))
            .collect()
    }

    pub(super) fn server_row(
        &self,
        i: usize,
        spec: &ServerSpec,
        (report, equal): (&crate::sim::stats::RunReport, Option<f64>),
        recent: &[crate::sim::stats::Sample],
        recent_total: u64,
    ) -> ServerRow {
        let balancers = self.sim.balancers();
        let pool = balancers[0].pool();
        let p = pool.index_of(&spec.id);
        let detail = report.stats.server_details.iter().find(|d| d.id == spec.id);
        let r = report.servers.get(i);
        ServerRow {
            index: i,
            id: spec.id.clone(),
            endpoint: format!("{}:{}", spec.host, spec.port),
            in_pool: p.is_some(),
            status: detail.map_or(Status::Healthy, |d| d.status),
            draining: p.is_some_and(|p| pool.server(p).draining),
            eligible: p.is_some_and(|p| balancers.iter().all(|b| b.pool().server(p).is_eligible())),
            weight: p.map_or(spec.weight, |p| pool.server(p).weight),
            connections: detail.map_or(0, |d| d.current_connections),
            max_connections: spec.max_connections,
            capacity: spec.capacity,
            latency: self.sim.server_counters(i).recent_latency().into(),
            failure: Failure::of(self.sim.detection(i), self.sim.now()),
            requests: r.map_or(0, |r| r.requests),
            ok: r.map_or(0, |r| r.ok),
            failed: r.map_or(0, |r| r.failed),
            share: r.map_or(0.0, |r| r.share),
            expected_share: r.map_or(0.0, |r| match equal {
                Some(e) if r.weight_share > 0.0 => e,
                Some(_) => 0.0,
                None => r.weight_share,
            }),
            by_weight: equal.is_none(),
            recent_share: (recent_total > 0).then(|| {
                recent
                    .iter()
                    .map(|s| s.requests.get(i).copied().unwrap_or(0))
                    .sum::<u64>() as f64
                    / recent_total as f64
            }),
            latency_ms: spec.latency_ms,
            slower: self.sim.slowdown(i).round().max(1.0) as u32,
            error_rate: self.error_rate_of(i),
        }
    }

    pub(super) fn last_pick(&self, raw: &RawPick, map: &[(usize, String)]) -> LastPick {
        let (method, path, ip) = self
            .recent
            .iter()
            .rev()
            .find(|r| r.0 == raw.request)
            .map(|r| (r.1, r.2.clone(), r.3.clone()))
            .unwrap_or((Method::Get, String::new(), String::new()));
        let server = raw.server.map(|s| (s as usize, self.server_id(s)));
        let space = self.hash_space();
        // The replica each ring point the pick landed on is (the narration's "s2#17").
        let ring = match self.strategy() {
            AnyStrategy::HashRing(r) => Some(r),
            AnyStrategy::BoundedLoadHashRing(b) => Some(b.ring()),
            _ => None,
        };
        let replicas = raw
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::RingPoint { index, .. } => Some((*index, ring?.replica(*index)?)),
                _ => None,
            })
            .collect();
        LastPick {
            serial: raw.serial,
            request: raw.request,
            attempt: raw.attempt,
            t_ms: raw.t_ns as f64 / 1e6,
            method,
            path,
            client_ip: ip,
            server,
            steps: raw.steps.clone(),
            fault: raw.fault.clone(),
            pool: map.to_vec(),
            hash_bits: space.map_or(0, HashSpace::bits),
            replicas,
        }
    }
}
