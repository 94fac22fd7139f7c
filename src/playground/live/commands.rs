//! What the user asks for, applied: play and step, settings that rebuild the run and replay it
//! to the same moment (live actions included), the live actions themselves, and going back to a
//! request by replaying from the start.

use super::*;

impl Live {
    /// Apply a user's command at real time `now` (ms); returns notes to show.
    pub fn apply(&mut self, cmd: Command, now: f64) -> Vec<Notice> {
        let mut notes = Vec::new();
        match cmd {
            Command::Play => self.playing = true,
            Command::Pause => self.playing = false,
            Command::TogglePlay => self.playing = !self.playing,
            Command::Step => {
                self.playing = false;
                if !self.step_request(now) {
                    notes.push(Notice::NothingLeft);
                }
            }
            Command::Reset => {
                self.actions.clear();
                self.log.clear();
                notes.extend(self.rebuild(false));
            }
            Command::Preset(name) => {
                // A preset sets the strategy it is about (the herding preset is about least
                // connections, not whatever was picked before).
                let name = settings::preset_name(&name);
                self.settings = Settings::for_preset(
                    name,
                    settings::preset_strategy(name),
                    self.settings.variant,
                    self.settings.seed,
                );
                self.actions.clear();
                self.log.clear();
                notes.extend(self.rebuild(false));
            }
            Command::Strategy(name) => match name.parse::<StrategyKind>() {
                Ok(kind) => {
                    self.settings.kind = kind;
                    if !kind.has_seed_variant() {
                        self.settings.variant = Variant::Corrected;
                    }
                    notes.extend(self.rebuild(true));
                }
                Err(e) => notes.push(Notice::Refused {
                    error: e.to_string(),
                }),
            },
            Command::Variant(v) => {
                if v == Variant::Seed && !self.settings.kind.has_seed_variant() {
                    notes.push(Notice::NoSeedCode {
                        strategy: self.settings.kind.to_string(),
                    });
                } else {
                    self.settings.variant = v;
                    notes.extend(self.rebuild(true));
                }
            }
            Command::Ring(r) => {
                self.settings.ring = r;
                notes.extend(self.rebuild(true));
            }
            Command::Seed(text) => {
                let (seed, note) = parse_whole(Field::Seed, &text, 0, MAX_SEED, self.settings.seed);
                notes.extend(note);
                if seed != self.settings.seed {
                    self.settings.seed = seed;
                    notes.extend(self.rebuild(true));
                }
            }
            Command::Rate(p) => {
                self.settings.rate = RATE.value(p);
                notes.extend(self.rebuild(true));
            }
            Command::Latency(p) => {
                self.settings.set_latency(LATENCY_MS.value(p));
                notes.extend(self.rebuild(true));
            }
            Command::HealthInterval(p) => {
                self.settings.health_interval_ms = HEALTH_INTERVAL_MS.value(p);
                notes.extend(self.rebuild(true));
            }
            Command::VirtualNodes(p) => {
                self.settings.virtual_nodes = VIRTUAL_NODES.value(p) as u32;
                notes.extend(self.rebuild(true));
            }
            Command::Probes(p) => {
                self.settings.k = settings::PROBES.value(p) as u32;
                notes.extend(self.rebuild(true));
            }
            Command::Choices(p) => {
                self.settings.d = settings::CHOICES.value(p) as u32;
                notes.extend(self.rebuild(true));
            }
            Command::ActiveRequestBias(p) => {
                self.settings.active_request_bias = p
                    .filter(|b| !b.is_nan())
                    .map(|b| link::ACTIVE_REQUEST_BIAS.clamp(b));
                notes.extend(self.rebuild(true));
            }
            Command::Prequal(knob, p) => {
                knob.set(
                    &mut self.settings.prequal,
                    settings::prequal_ladder(knob).value(p),
                );
                crate::share::knobs::clamp_prequal(&mut self.settings.prequal);
                notes.extend(self.rebuild(true));
            }
            Command::CostSpread(p) => {
                self.settings.cost_spread = settings::COST_SPREAD.value(p);
                notes.extend(self.rebuild(true));
            }
            Command::QueueLimit(q) => {
                let q = q.map(|q| q.min(link::QUEUE_LIMIT.max as u32));
                if q != self.settings.queue_limit {
                    self.settings.set_queue_limit(q);
                    notes.extend(self.rebuild(true));
                }
            }
            Command::Balancers(n) => {
                let n = n.clamp(1, link::MAX_BALANCERS);
                if n != self.settings.balancers {
                    self.settings.balancers = n;
                    notes.extend(self.rebuild(true));
                }
            }
            Command::Speed(p) => {
                self.settings.speed = SPEED.value(p);
                self.update_sampling();
            }
            Command::ErrorRate(p) => {
                let e = ERROR_RATE.value(p);
                self.settings.error_rate = e;
                let ids: Vec<String> = self.settings.servers.iter().map(|s| s.id.clone()).collect();
                for id in ids {
                    if let Err(n) = self.act(&id, FaultAction::SetErrorRate, None, Some(e)) {
                        notes.push(n);
                    }
                }
            }
            Command::AddServer => {
                let at = self.now_ms();
                match self.settings.add_server(at) {
                    Ok(id) => {
                        self.push_log(at / 1000.0, LogEvent::Added(id));
                        notes.extend(self.rebuild(true));
                    }
                    Err(n) => notes.push(n),
                }
            }
            Command::Load(settings) => {
                self.settings = *settings;
                self.playing = false;
                self.actions.clear();
                self.log.clear();
                notes.extend(self.rebuild(false));
            }
            Command::ReplayTo(request) => notes.extend(self.replay_to(request, now)),
            Command::StepBack => {
                let last = self.inbox.borrow().last_picked;
                if let Some(request) = last.and_then(|r| r.checked_sub(1)) {
                    notes.extend(self.replay_to(request, now));
                }
            }
            Command::Server(i, edit) => notes.extend(self.edit_server(i, edit)),
        }
        self.take_snapshot();
        notes
    }

    pub(super) fn edit_server(&mut self, i: usize, edit: ServerEdit) -> Vec<Notice> {
        let mut notes = Vec::new();
        let Some(spec) = self.settings.servers.get(i).cloned() else {
            return vec![Notice::NoSuchServer { number: i + 1 }];
        };
        let id = spec.id.clone();
        match edit {
            ServerEdit::Action(a) => {
                if let Err(n) = self.act(&id, a, None, None) {
                    notes.push(n);
                }
            }
            ServerEdit::Weight(text) => {
                let current = self.weight_of(&id).unwrap_or(spec.weight);
                let (w, note) = parse_whole(
                    Field::Weight(id.clone()),
                    &text,
                    WEIGHT.min as u64,
                    WEIGHT.max as u64,
                    current.into(),
                );
                notes.extend(note);
                if let Err(n) = self.act(&id, FaultAction::SetWeight, Some(w as u32), None) {
                    notes.push(n);
                }
            }
            ServerEdit::ErrorRate(text) => {
                let current = self.error_rate_of(i) * 100.0;
                let (pct, note) = parse_real(
                    Field::ErrorRate(id.clone()),
                    &text,
                    100.0 * link::ERROR_RATE.min,
                    100.0 * link::ERROR_RATE.max,
                    current,
                );
                notes.extend(note);
                if let Err(n) = self.act(&id, FaultAction::SetErrorRate, None, Some(pct / 100.0)) {
                    notes.push(n);
                }
            }
            ServerEdit::Latency(text) => {
                let (ms, note) = parse_real(
                    Field::Latency(id.clone()),
                    &text,
                    link::LATENCY.min,
                    link::LATENCY.max,
                    spec.latency_ms,
                );
                notes.extend(note);
                if ms != spec.latency_ms {
                    self.settings.servers[i].latency_ms = ms;
                    notes.extend(self.rebuild(true));
                }
            }
            ServerEdit::MaxConnections(text) => {
                let (m, note) = parse_whole(
                    Field::MaxConnections(id.clone()),
                    &text,
                    link::MAX_CONNECTIONS.min as u64,
                    link::MAX_CONNECTIONS.max as u64,
                    spec.max_connections.into(),
                );
                notes.extend(note);
                if m as u32 != spec.max_connections {
                    self.settings.servers[i].max_connections = m as u32;
                    notes.extend(self.rebuild(true));
                }
            }
        }
        notes
    }

    /// Apply a live action now and log it for replays.
    pub(super) fn act(
        &mut self,
        id: &str,
        action: FaultAction,
        weight: Option<u32>,
        error_rate: Option<f64>,
    ) -> Result<(), Notice> {
        let at_ms = self.now_ms();
        let fault = FaultSpec {
            at_ms,
            server: id.to_string(),
            action,
            weight,
            error_rate,
            ..FaultSpec::default()
        };
        self.sim.inject(&fault).map_err(|e| Notice::Refused {
            error: e.to_string(),
        })?;
        // The same action on the same server at the same moment replaces the previous one.
        if let Some(last) = self
            .actions
            .iter_mut()
            .rev()
            .find(|f| f.at_ms == at_ms && f.server == fault.server && f.action == fault.action)
        {
            *last = fault;
        } else {
            self.actions.push(fault);
        }
        self.push_log(
            at_ms / 1000.0,
            LogEvent::Action {
                server: id.to_string(),
                action,
                weight: weight.unwrap_or(0),
                error_rate: error_rate.unwrap_or(0.0),
            },
        );
        self.ring_dirty = true;
        Ok(())
    }

    pub(super) fn push_log(&mut self, t_s: f64, event: LogEvent) {
        let line = LogLine { t_s, event };
        if self.log.len() == LOG_LINES {
            self.log.pop_front();
        }
        self.log.push_back(line);
    }

    pub(super) fn weight_of(&self, id: &str) -> Option<u32> {
        let pool = self.sim.balancers()[0].pool();
        pool.index_of(id).map(|p| pool.server(p).weight)
    }

    /// The error rate in force for server `i`: its setting, then the live actions in order.
    pub(super) fn error_rate_of(&self, i: usize) -> f64 {
        let spec = &self.settings.servers[i];
        self.actions
            .iter()
            .rev()
            .find(|f| f.server == spec.id && f.action == FaultAction::SetErrorRate)
            .and_then(|f| f.error_rate)
            .unwrap_or(spec.error_rate)
    }

    /// Rebuild the simulation from the settings and the action log; with `keep_time`, replay it
    /// to the current simulated time.
    pub(super) fn rebuild(&mut self, keep_time: bool) -> Vec<Notice> {
        let mut notes = Vec::new();
        let mut to = if keep_time { self.sim.now() } else { 0 };
        let estimate = (self.settings.rate * to as f64 / 1e9) as u64;
        let done = self.sim.finished_requests() + self.sim.in_flight();
        if estimate.max(done) > REPLAY_BUDGET {
            notes.push(Notice::ReplayRestarted {
                requests: estimate.max(done),
                seconds: format!("{:.0}", to as f64 / 1e9),
            });
            to = 0;
            self.actions.clear();
        }
        let (mut sim, inbox) = match build_sim(&self.settings, &self.actions) {
            Ok(x) => x,
            Err(e) => {
                notes.push(Notice::InvalidRun {
                    error: e.to_string(),
                });
                return notes;
            }
        };
        // Silently up to just before the last pick shown, then the rest as the page runs it, so
        // the views keep a last pick (after a switch of strategy they said "No pick yet" until
        // the next request). At 0 nothing has happened yet: stand before the first events.
        let shown = self
            .last
            .as_ref()
            .map(|l| l.t_ns)
            .filter(|&t| t > 0 && t <= to);
        if to > 0 {
            sim.run_until(shown.map_or(to, |t| t - 1));
        }
        self.adopt(sim, inbox);
        if shown.is_some() {
            self.sim.run_until(to);
            self.drain(|_| 0.0);
            // Nothing in motion after a rebuild, as before.
            self.motion.clear();
        }
        self.layout = FlowLayout::new(self.settings.servers.len(), self.layout.width < 640.0)
            .with_balancers(self.settings.balancers);
        notes
    }

    /// Take a rebuilt simulation and draw it afresh: nothing in motion, no last pick.
    pub(super) fn adopt(&mut self, sim: Simulation, inbox: Rc<RefCell<Inbox>>) {
        self.sim = sim;
        self.inbox = inbox;
        self.inbox.borrow_mut().arrivals.clear();
        self.start_collecting();
        self.motion.clear();
        self.last = None;
        self.recent.clear();
        self.ring_dirty = true;
        self.update_sampling();
    }

    /// The run so far, replayed with every event recorded (without explanations): the newest
    /// `capacity` events, oldest first, and how many older ones were let go.
    pub fn trace(&self, capacity: usize) -> (Vec<SimEvent>, u64) {
        let scenario = self.settings.scenario(&self.actions);
        let Ok(mut sim) = Simulation::new(&scenario, self.settings.seed) else {
            return (Vec::new(), 0);
        };
        sim.record_events(capacity, false);
        sim.run_until(self.sim.now());
        let dropped = sim.dropped_events();
        (sim.take_events(), dropped)
    }

    /// Requests sent so far in this run.
    pub fn requests_sent(&self) -> u64 {
        self.inbox.borrow().sent
    }

    /// Replay the run (settings and live actions, deterministically) from the start to the
    /// moment `request` is picked, which is then shown and explained as a Step would.
    pub(super) fn replay_to(&mut self, request: u64, now: f64) -> Vec<Notice> {
        self.playing = false;
        if request > REPLAY_BUDGET {
            return vec![Notice::ReplayTooFar {
                request,
                max: REPLAY_BUDGET,
            }];
        }
        let (mut sim, inbox) = match build_sim(&self.settings, &self.actions) {
            Ok(x) => x,
            Err(e) => {
                return vec![Notice::InvalidRun {
                    error: e.to_string(),
                }];
            }
        };
        // Silently up to the request before it.
        while request > 0
            && inbox.borrow().last_picked.is_none_or(|r| r + 1 < request)
            && sim.step()
        {}
        self.adopt(sim, inbox);
        // Then as a Step, shown and explained, until that request's pick (a retry of an earlier
        // request may come first).
        while self.inbox.borrow().last_picked.is_none_or(|r| r < request) && self.step_request(now)
        {
        }
        Vec::new()
    }
}
