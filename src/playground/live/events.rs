//! Time: advancing the run at the chosen speed and turning the events it emits into moving
//! parts (tokens, probe pulses, lookup trails) and the log.

use super::*;

/// The last pick as it arrived, turned into a [`LastPick`] only when a snapshot is taken.
#[derive(Clone, Debug)]
pub(super) struct RawPick {
    pub(super) serial: u64,
    pub(super) t_ns: Nanos,
    pub(super) request: u64,
    pub(super) attempt: u32,
    pub(super) server: Option<u32>,
    pub(super) steps: Vec<Step>,
    /// What the seed's code raised, when it did (then `server` is none).
    pub(super) fault: Option<String>,
}

impl Live {
    /// Advance by `dt` real ms at the chosen speed (the frame's time is `now`).
    pub fn advance(&mut self, now: f64, dt: f64) {
        let dt = dt.clamp(0.0, 100.0);
        let from = self.sim.now();
        let per_ms = self.settings.speed * 1e6;
        let to = from + (dt * per_ms) as Nanos;
        self.sim.run_until(to);
        let start = now - dt;
        self.drain(|t| start + t.saturating_sub(from) as f64 / per_ms);
        self.adapt_sampling(now);
    }

    /// Run until the next request is picked (or answered 503); its events happen at `now`.
    pub fn step_request(&mut self, now: f64) -> bool {
        let before = self.inbox.borrow().picks;
        let mut moved = false;
        for _ in 0..1_000_000 {
            if !self.sim.step() {
                break;
            }
            moved = true;
            if self.inbox.borrow().picks > before {
                break;
            }
        }
        self.drain(|_| now);
        moved
    }

    /// Turn the collected events into moving parts; `real` maps simulated to real time.
    pub(super) fn drain(&mut self, real: impl Fn(Nanos) -> f64) {
        let mut events = std::mem::take(&mut self.spare);
        std::mem::swap(&mut events, &mut self.inbox.borrow_mut().events);
        let space = self.hash_space();
        for e in events.drain(..) {
            self.request_event(e, &real, space);
        }
        // A drawn request that got neither a server nor a 503 ended in the seed's code raising
        // (the simulator reports that as the request's outcome, without a pick event).
        for t in self.motion.tokens.values_mut() {
            if t.server.is_none() && t.done.is_none() {
                t.fate = Fate::Failed;
                t.done = Some(t.t0 + TRAVEL_MS);
            }
        }
        self.spare = events;
    }

    /// One event of a request's way (sent, picked, started, finished, retried) or a probe: the
    /// moving parts follow it; the others go to [`Self::pool_event`].
    pub(super) fn request_event(
        &mut self,
        e: SimEvent,
        real: &dyn Fn(Nanos) -> f64,
        space: Option<HashSpace>,
    ) {
        let speed = self.settings.speed;
        match e {
            SimEvent::RequestSent {
                t_ns,
                request,
                method,
                path,
                client_ip,
                ..
            } => {
                if self.drawn(request) {
                    self.motion.tokens.insert(request, Token::new(real(t_ns)));
                }
                if self.recent.len() == 64 {
                    self.recent.pop_front();
                }
                self.recent.push_back((request, method, path, client_ip));
            }
            SimEvent::Picked {
                t_ns,
                request,
                attempt,
                server,
                steps,
                balancer,
                ..
            } => {
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    t.server = Some(server);
                    t.balancer = balancer;
                    if let Some(trail) = space.and_then(|sp| trail_of(&steps, sp, real(t_ns))) {
                        self.motion.trail(Trail {
                            owner: server as usize,
                            ..trail
                        });
                    }
                }
                self.picks += 1;
                self.feed_pick(t_ns, request, attempt, Some(server));
                self.last = Some(RawPick {
                    serial: self.picks,
                    t_ns,
                    request,
                    attempt,
                    server: Some(server),
                    steps,
                    fault: None,
                });
            }
            // A request that ends at the balancer: no eligible server (503) or the seed's
            // code raising (500).
            SimEvent::NoServer {
                t_ns,
                request,
                balancer,
            }
            | SimEvent::SeedFault {
                t_ns,
                request,
                balancer,
                ..
            } => {
                let (fate, steps, fault) = match e {
                    SimEvent::SeedFault { defect, steps, .. } => {
                        (Fate::Failed, steps, Some(defect))
                    }
                    _ => (Fate::NoServer, Vec::new(), None),
                };
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    t.fate = fate;
                    t.done = Some(real(t_ns));
                    t.balancer = balancer;
                }
                self.picks += 1;
                self.feed_pick(t_ns, request, 0, None);
                self.last = Some(RawPick {
                    serial: self.picks,
                    t_ns,
                    request,
                    attempt: 0,
                    server: None,
                    steps,
                    fault,
                });
            }
            SimEvent::Started {
                t_ns,
                request,
                server,
                ..
            } => {
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    let latency = self
                        .settings
                        .servers
                        .get(server as usize)
                        .map_or(0.0, |s| s.latency_ms);
                    // It reaches the server after two hops; service starts then at the
                    // earliest.
                    t.started = real(t_ns).max(t.t0 + 2.0 * TRAVEL_MS);
                    t.expected = latency / speed;
                }
            }
            SimEvent::Finished {
                t_ns,
                request,
                outcome,
                last,
                ..
            } => {
                if last && let Some(t) = self.motion.tokens.get_mut(request) {
                    t.done = Some(real(t_ns));
                    t.fate = match outcome {
                        Outcome::Ok => Fate::Ok,
                        Outcome::Timeout => Fate::Timeout,
                        Outcome::NoServer => Fate::NoServer,
                        _ => Fate::Failed,
                    };
                }
            }
            SimEvent::Retried { t_ns, request, .. } => {
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    // Back to the balancer, which picks again; the server that failed the
                    // attempt is marked.
                    t.retried = true;
                    let failed_at = t.server.take();
                    t.t0 = real(t_ns) - TRAVEL_MS;
                    if let Some(server) = failed_at {
                        self.motion.refused(Refusal {
                            t: real(t_ns),
                            server,
                        });
                    }
                }
            }
            SimEvent::Probe {
                t_ns, server, pass, ..
            } => self.motion.pulse(Pulse {
                t: real(t_ns),
                server,
                pass,
            }),
            SimEvent::StatusChange { .. }
            | SimEvent::Ejected { .. }
            | SimEvent::Joined { .. }
            | SimEvent::WeightChanged { .. }
            | SimEvent::Fault { .. } => self.pool_event(e),
        }
    }

    /// A change of the pool (a status, an ejection, a server joining, a weight or a fault): the
    /// ring is redrawn and the log says what happened.
    pub(super) fn pool_event(&mut self, e: SimEvent) {
        match e {
            SimEvent::StatusChange {
                t_ns,
                server,
                balancer,
                from,
                to,
                reason,
            } => {
                self.ring_dirty = true;
                if balancer == 0 {
                    let id = self.server_id(server);
                    self.push_log(
                        t_ns as f64 / 1e9,
                        LogEvent::Status {
                            server: id,
                            from,
                            to,
                            reason,
                        },
                    );
                }
            }
            SimEvent::Ejected {
                t_ns,
                server,
                until_ns,
            } => {
                let id = self.server_id(server);
                self.push_log(
                    t_ns as f64 / 1e9,
                    LogEvent::Ejected {
                        server: id,
                        until_s: until_ns as f64 / 1e9,
                    },
                );
            }
            SimEvent::Joined { t_ns, server } => {
                self.ring_dirty = true;
                let id = self.server_id(server);
                self.push_log(t_ns as f64 / 1e9, LogEvent::Joined(id));
            }
            SimEvent::WeightChanged { .. } | SimEvent::Fault { .. } => self.ring_dirty = true,
            _ => {}
        }
    }

    /// The run's statistics for the page around an embed, every figure taken now (the
    /// snapshot's parts are refreshed in turn, so they may be of different moments).
    pub fn host_stats(&self) -> Stats {
        let report = self.sim.report();
        let equal = self.equal_share(&report);
        let servers: Vec<ServerRow> = self
            .settings
            .servers
            .iter()
            .enumerate()
            .map(|(i, spec)| self.server_row(i, spec, (&report, equal), &[], 0))
            .collect();
        Stats::new(
            self.now_ms(),
            crate::sim::strategy_label(&self.settings.strategy_config()),
            &self.totals(&report),
            &servers,
        )
    }

    /// A pick for the page around an embed, if it listens.
    fn feed_pick(&mut self, t_ns: Nanos, request: u64, attempt: u32, server: Option<u32>) {
        if self.pick_feed.is_none() {
            return;
        }
        let pick = PickEvent {
            request,
            attempt,
            server: server.map(|s| self.server_id(s)),
            strategy: crate::sim::strategy_label(&self.settings.strategy_config()),
            t_ms: t_ns as f64 / 1e6,
            missed: 0,
        };
        if let Some(feed) = &mut self.pick_feed {
            feed.push(pick);
        }
    }

    pub(super) fn server_id(&self, index: u32) -> String {
        self.settings
            .servers
            .get(index as usize)
            .map_or_else(|| format!("server #{index}"), |s| s.id.clone())
    }

    /// Draw the flow for a narrow screen or a wide one.
    pub fn set_narrow(&mut self, narrow: bool) {
        self.layout = FlowLayout::new(self.settings.servers.len(), narrow)
            .with_balancers(self.settings.balancers);
    }

    /// The current frame of the moving parts.
    pub fn frame(&mut self, now: f64, reduced: bool) -> Frame {
        let travel = if reduced { 0.0 } else { TRAVEL_MS };
        self.motion.frame(now, travel, &self.layout)
    }
}

/// The lookup a pick's steps describe, as a trail (owner filled in by the caller).
pub(super) fn trail_of(steps: &[Step], space: HashSpace, t: f64) -> Option<Trail> {
    let mut key = None;
    for s in steps {
        match s {
            Step::Hash { value, .. } | Step::SeededHash { value, .. } if key.is_none() => {
                key = Some(space.fraction(*value))
            }
            Step::RingPoint { point, .. } => {
                return Some(Trail {
                    t,
                    key: key?,
                    point: space.fraction(*point),
                    owner: 0,
                    maglev: false,
                });
            }
            Step::MaglevSlot {
                slot, table_size, ..
            } => {
                let f = *slot as f64 / (*table_size).max(1) as f64;
                return Some(Trail {
                    t,
                    key: f,
                    point: f,
                    owner: 0,
                    maglev: true,
                });
            }
            _ => {}
        }
    }
    None
}
