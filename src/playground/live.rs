//! The running simulation, outside the page's render cycle (the front end's `use_playground`
//! keeps it in an `Rc<RefCell>`).
//!
//! [`Live`] owns a [`Simulation`] built from the user's [`Settings`] and a log of live actions
//! (crash, recover, drain, a weight or error-rate change: each a [`FaultSpec`] stamped with the
//! simulated time it was applied). Advancing it runs the simulator up to a simulated time and turns
//! the events it emits into moving parts ([`Motion`]); a [`Snapshot`] of everything else is taken
//! a few times a second and after every change.
//!
//! A setting that shapes the whole run (strategy, rate, latency, seed, a server added...) rebuilds
//! the simulation and replays it, with the same live actions at the same moments, up to the current
//! simulated time: the simulator is deterministic, so the picture is exactly what that run would
//! have been. Replays beyond [`REPLAY_BUDGET`] requests restart at 0 s instead, with a note.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::engine::{
    AnyStrategy, Method, Nanos, RingFlavor, Status, Step, StrategyConfig, StrategyKind, Variant,
};
use crate::scenario::{FaultAction, FaultSpec, ServerSpec};
use crate::share::permalink::{self as link, WEIGHT};
use crate::sim::events::SimEvent;
use crate::sim::{Outcome, Simulation, compare};

use super::decimal::push_all;
use super::motion::{Fate, FlowLayout, Frame, MAX_TOKENS, Motion, Pulse, TRAVEL_MS, Token, Trail};
use super::settings::{
    self, ERROR_RATE, Field, HEALTH_INTERVAL_MS, LATENCY_MS, MAX_SEED, Notice, RATE,
    SAMPLE_INTERVAL_MS, SPEED, Settings, VIRTUAL_NODES, parse_real, parse_whole,
};
use super::snapshot::{
    LastPick, LogEvent, LogLine, NoRing, RECENT_SAMPLES, RingKind, RingLabel, RingShape, SeenRow,
    Series, ServerLabel, ServerRow, Snapshot, Totals, keep_if_same, percentile,
};

/// Replays longer than this many requests restart the run instead.
pub const REPLAY_BUDGET: u64 = 300_000;
/// Ring ticks drawn at most (beyond it every k-th point is drawn).
pub const MAX_RING_TICKS: usize = 20_000;
/// Parts of a snapshot refreshed in turn while playing.
pub const SNAPSHOT_PARTS: usize = 7;
/// Columns of maglev's strip.
pub const MAGLEV_COLUMNS: usize = 720;
/// Requests a compare run simulates at most.
pub const COMPARE_REQUESTS: u64 = 20_000;
const LOG_LINES: usize = 8;

/// What the user asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    TogglePlay,
    Step,
    Reset,
    Preset(String),
    Strategy(String),
    Variant(Variant),
    Ring(RingFlavor),
    Seed(String),
    /// Slider positions on their ladders.
    Rate(usize),
    Latency(usize),
    ErrorRate(usize),
    HealthInterval(usize),
    VirtualNodes(usize),
    Speed(usize),
    AddServer,
    /// Start again from these settings (a lesson's).
    Load(Box<Settings>),
    /// The run as it was when this request was picked (replayed from the start).
    ReplayTo(u64),
    /// The run as it was one request earlier.
    StepBack,
    /// An edit of the server at this scenario position.
    Server(usize, ServerEdit),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ServerEdit {
    Action(FaultAction),
    Weight(String),
    Latency(String),
    ErrorRate(String),
    MaxConnections(String),
}

/// Latency percentiles per sample interval, from the requests that ended in it (the simulator's
/// own series counts requests but keeps no latencies).
#[derive(Debug, Default)]
struct LatencySeries {
    bucket: u64,
    values: Vec<f64>,
    points: VecDeque<(f64, f64, f64, f64)>,
}

impl LatencySeries {
    const MAX_VALUES: usize = 50_000;

    fn record(&mut self, t_ns: Nanos, ms: f64) {
        let interval = (SAMPLE_INTERVAL_MS * 1e6) as Nanos;
        let b = t_ns / interval;
        if b != self.bucket {
            self.flush();
            self.bucket = b;
        }
        if self.values.len() < Self::MAX_VALUES {
            self.values.push(ms);
        }
    }

    fn flush(&mut self) {
        if self.values.is_empty() {
            return;
        }
        self.values.sort_by(f64::total_cmp);
        let n = self.values.len();
        let at = |q: f64| self.values[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
        let t = (self.bucket + 1) as f64 * SAMPLE_INTERVAL_MS / 1000.0;
        if self.points.len() == settings::MAX_SAMPLES as usize {
            self.points.pop_front();
        }
        self.points.push_back((t, at(0.5), at(0.95), at(0.99)));
        self.values.clear();
    }
}

/// When each request in flight arrived, by request number (numbers arrive in order, and the
/// oldest requests end first often enough that the deque stays short).
#[derive(Debug, Default)]
struct Arrivals {
    first: u64,
    at: VecDeque<Option<Nanos>>,
}

impl Arrivals {
    const MAX: usize = 1 << 17;

    fn insert(&mut self, id: u64, t: Nanos) {
        if self.at.is_empty() {
            self.first = id;
        }
        if id < self.first {
            return;
        }
        while self.first + (self.at.len() as u64) < id {
            self.at.push_back(None);
        }
        if self.first + self.at.len() as u64 == id {
            self.at.push_back(Some(t));
        }
        // A request that never ends (the seed's code raised: no event says so) must not pin
        // the deque: beyond this many, the oldest are forgotten.
        while self.at.len() > Self::MAX {
            self.at.pop_front();
            self.first += 1;
        }
    }

    fn remove(&mut self, id: u64) -> Option<Nanos> {
        let i = usize::try_from(id.checked_sub(self.first)?).ok()?;
        let t = self.at.get_mut(i)?.take();
        while self.at.front().is_some_and(Option::is_none) {
            self.at.pop_front();
            self.first += 1;
        }
        t
    }

    fn clear(&mut self) {
        self.at.clear();
    }
}

/// Where the simulator's events land (its callback sink fills this).
#[derive(Debug, Default)]
struct Inbox {
    events: Vec<SimEvent>,
    /// Keep events (off during a replay: only latencies are kept then).
    collect: bool,
    /// Picks and 503s seen (Step runs until this grows).
    picks: u64,
    /// Requests sent so far (they are numbered from 0 in order).
    sent: u64,
    /// The highest request number picked (or answered 503) so far.
    last_picked: Option<u64>,
    arrivals: Arrivals,
    latency: LatencySeries,
}

fn sink(inbox: &Rc<RefCell<Inbox>>) -> impl FnMut(SimEvent) + 'static {
    let inbox = inbox.clone();
    move |e| {
        let mut i = inbox.borrow_mut();
        match &e {
            SimEvent::RequestSent { t_ns, request, .. } => {
                i.arrivals.insert(*request, *t_ns);
                i.sent = i.sent.max(request + 1);
            }
            SimEvent::Finished {
                t_ns,
                request,
                last: true,
                ..
            } => {
                if let Some(at) = i.arrivals.remove(*request) {
                    i.latency.record(*t_ns, (t_ns - at) as f64 / 1e6);
                }
            }
            SimEvent::NoServer { request, .. } | SimEvent::SeedFault { request, .. } => {
                i.arrivals.remove(*request);
                i.picks += 1;
                i.last_picked = i.last_picked.max(Some(*request));
            }
            SimEvent::Picked { request, .. } => {
                i.picks += 1;
                i.last_picked = i.last_picked.max(Some(*request));
            }
            _ => {}
        }
        if i.collect {
            i.events.push(e);
        }
    }
}

/// The last pick as it arrived, turned into a [`LastPick`] only when a snapshot is taken.
#[derive(Clone, Debug)]
struct RawPick {
    serial: u64,
    t_ns: Nanos,
    request: u64,
    attempt: u32,
    server: Option<u32>,
    steps: Vec<Step>,
    /// What the seed's code raised, when it did (then `server` is none).
    fault: Option<String>,
}

/// How hash values map onto the circle.
#[derive(Clone, Copy, Debug, PartialEq)]
enum HashSpace {
    Bits64,
    Bits32,
    /// The seed's ring of signed Python hashes.
    Signed64,
}

impl HashSpace {
    fn fraction(self, v: u64) -> f64 {
        match self {
            HashSpace::Bits64 => v as f64 / 18_446_744_073_709_551_616.0,
            HashSpace::Bits32 => (v & 0xffff_ffff) as f64 / 4_294_967_296.0,
            HashSpace::Signed64 => (v ^ (1 << 63)) as f64 / 18_446_744_073_709_551_616.0,
        }
    }

    fn bits(self) -> u32 {
        match self {
            HashSpace::Bits32 => 32,
            _ => 64,
        }
    }
}

/// Results of one compare run.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareResult {
    pub requests: u64,
    pub elapsed_ms: f64,
    pub servers: Vec<String>,
    pub rows: Vec<CompareRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    pub strategy: String,
    pub availability: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub jain: f64,
    pub retries: u64,
    pub peak_connections: u32,
    pub cache_hit_rate: Option<f64>,
    /// Per server: share of attempts and share by weight.
    pub shares: Vec<(f64, f64)>,
}

/// The running simulation and everything drawn from it.
pub struct Live {
    pub settings: Settings,
    actions: Vec<FaultSpec>,
    sim: Simulation,
    inbox: Rc<RefCell<Inbox>>,
    pub motion: Motion,
    pub playing: bool,
    pub layout: FlowLayout,
    last: Option<RawPick>,
    /// Picks seen so far, over every run: the serial number of the next one.
    picks: u64,
    recent: VecDeque<(u64, Method, String, String)>,
    log: VecDeque<LogLine>,
    sample_every: u64,
    sampled_at: f64,
    ring_dirty: bool,
    snapshot: Rc<Snapshot>,
    spare: Vec<SimEvent>,
}

fn build_sim(
    settings: &Settings,
    actions: &[FaultSpec],
) -> Result<(Simulation, Rc<RefCell<Inbox>>), String> {
    let scenario = settings.scenario(actions);
    let mut sim = Simulation::new(&scenario, settings.seed).map_err(|e| e.to_string())?;
    let inbox = Rc::new(RefCell::new(Inbox::default()));
    sim.on_event(sink(&inbox), false);
    Ok((sim, inbox))
}

impl Live {
    pub fn new(settings: Settings) -> Self {
        let (sim, inbox, settings) = match build_sim(&settings, &[]) {
            Ok((s, i)) => (s, i, settings),
            Err(_) => {
                let d = Settings::default();
                let (s, i) = build_sim(&d, &[]).expect("the default settings make a valid run");
                (s, i, d)
            }
        };
        let mut live = Self {
            layout: FlowLayout::new(settings.servers.len(), false),
            settings,
            actions: Vec::new(),
            sim,
            inbox,
            motion: Motion::default(),
            playing: false,
            last: None,
            picks: 0,
            recent: VecDeque::new(),
            log: VecDeque::new(),
            sample_every: 1,
            sampled_at: 0.0,
            ring_dirty: true,
            snapshot: Rc::new(Snapshot::default()),
            spare: Vec::new(),
        };
        live.start_collecting();
        live.update_sampling();
        live.take_snapshot();
        live
    }

    fn start_collecting(&mut self) {
        self.inbox.borrow_mut().collect = true;
        self.sim.on_event(sink(&self.inbox), true);
    }

    /// Simulated time now, ms.
    pub fn now_ms(&self) -> f64 {
        self.sim.now() as f64 / 1e6
    }

    pub fn snapshot(&self) -> Rc<Snapshot> {
        self.snapshot.clone()
    }

    /// Draw one request in `sample_every` so the flow never holds much more than
    /// [`MAX_TOKENS`].
    fn update_sampling(&mut self) {
        let s = &self.settings;
        let latency = s.servers.iter().map(|x| x.latency_ms).fold(0.0, f64::max);
        let visible = s.rate * (3.0 * TRAVEL_MS * s.speed + latency) / 1000.0;
        self.sample_every = (visible / MAX_TOKENS as f64).ceil().max(1.0) as u64;
    }

    /// Follow what is really drawn (latencies and caches make the estimate above rough): at
    /// most once a second, move the sampling towards [`MAX_TOKENS`] drawn.
    fn adapt_sampling(&mut self, now: f64) {
        if now - self.sampled_at < 1000.0 {
            return;
        }
        self.sampled_at = now;
        let all = self.motion.tokens.len() as f64 * self.sample_every as f64;
        let want = (all / MAX_TOKENS as f64).ceil().max(1.0) as u64;
        self.sample_every = want.clamp(self.sample_every.div_ceil(2).max(1), self.sample_every * 2);
    }

    fn drawn(&self, request: u64) -> bool {
        request.is_multiple_of(self.sample_every)
    }

    // ----- commands -------------------------------------------------------------------------

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
                let name = settings::preset_name(&name);
                self.settings = Settings::for_preset(
                    name,
                    self.settings.kind,
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

    fn edit_server(&mut self, i: usize, edit: ServerEdit) -> Vec<Notice> {
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
    fn act(
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

    fn push_log(&mut self, t_s: f64, event: LogEvent) {
        let line = LogLine { t_s, event };
        if self.log.len() == LOG_LINES {
            self.log.pop_front();
        }
        self.log.push_back(line);
    }

    fn weight_of(&self, id: &str) -> Option<u32> {
        let pool = self.sim.balancers()[0].pool();
        pool.index_of(id).map(|p| pool.server(p).weight)
    }

    /// The error rate in force for server `i`: its setting, then the live actions in order.
    fn error_rate_of(&self, i: usize) -> f64 {
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
    fn rebuild(&mut self, keep_time: bool) -> Vec<Notice> {
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
        // At 0 nothing has happened yet: stand before the first events rather than run them.
        if to > 0 {
            sim.run_until(to);
        }
        self.adopt(sim, inbox);
        self.layout = FlowLayout::new(self.settings.servers.len(), self.layout.width < 640.0);
        notes
    }

    /// Take a rebuilt simulation and draw it afresh: nothing in motion, no last pick.
    fn adopt(&mut self, sim: Simulation, inbox: Rc<RefCell<Inbox>>) {
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
    fn replay_to(&mut self, request: u64, now: f64) -> Vec<Notice> {
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

    // ----- time -----------------------------------------------------------------------------

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
    fn drain(&mut self, real: impl Fn(Nanos) -> f64) {
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
    fn request_event(
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
                ..
            } => {
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    t.server = Some(server);
                    if let Some(trail) = space.and_then(|sp| trail_of(&steps, sp, real(t_ns))) {
                        self.motion.trail(Trail {
                            owner: server as usize,
                            ..trail
                        });
                    }
                }
                self.picks += 1;
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
            SimEvent::NoServer { t_ns, request, .. }
            | SimEvent::SeedFault { t_ns, request, .. } => {
                let (fate, steps, fault) = match e {
                    SimEvent::SeedFault { defect, steps, .. } => {
                        (Fate::Failed, steps, Some(defect))
                    }
                    _ => (Fate::NoServer, Vec::new(), None),
                };
                if let Some(t) = self.motion.tokens.get_mut(request) {
                    t.fate = fate;
                    t.done = Some(real(t_ns));
                }
                self.picks += 1;
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
                    // Back to the balancer, which picks again.
                    t.retried = true;
                    t.server = None;
                    t.t0 = real(t_ns) - TRAVEL_MS;
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
    fn pool_event(&mut self, e: SimEvent) {
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

    fn server_id(&self, index: u32) -> String {
        self.settings
            .servers
            .get(index as usize)
            .map_or_else(|| format!("server #{index}"), |s| s.id.clone())
    }

    /// Draw the flow for a narrow screen or a wide one.
    pub fn set_narrow(&mut self, narrow: bool) {
        self.layout = FlowLayout::new(self.settings.servers.len(), narrow);
    }

    /// The current frame of the moving parts.
    pub fn frame(&mut self, now: f64, reduced: bool) -> Frame {
        let travel = if reduced { 0.0 } else { TRAVEL_MS };
        self.motion.frame(now, travel, &self.layout)
    }

    // ----- reading the strategy -------------------------------------------------------------

    fn strategy(&self) -> &AnyStrategy {
        self.sim.balancers()[0].strategy()
    }

    fn hash_space(&self) -> Option<HashSpace> {
        match self.strategy() {
            AnyStrategy::HashRing(r) => Some(bits_space(r.hash_bits())),
            AnyStrategy::BoundedLoadHashRing(b) => Some(bits_space(b.ring().hash_bits())),
            AnyStrategy::SeedConsistentHash(_) => Some(HashSpace::Signed64),
            AnyStrategy::Maglev(_) => Some(HashSpace::Bits64),
            _ => None,
        }
    }

    /// Pool position → (scenario position, id).
    fn pool_map(&self) -> Vec<(usize, String)> {
        let pool = self.sim.balancers()[0].pool();
        pool.servers()
            .iter()
            .map(|s| {
                let i = self
                    .settings
                    .servers
                    .iter()
                    .position(|x| x.id == s.id)
                    .unwrap_or(0);
                (i, s.id.clone())
            })
            .collect()
    }

    fn ring_shape(&self) -> RingShape {
        let map = self.pool_map();
        let owner = |p: usize| map.get(p).map_or(p, |x| x.0);
        let n = self.settings.servers.len().max(map.len()) + 1;
        let ticks = |points: &mut dyn Iterator<Item = (f64, usize)>, len: usize| {
            let every = len.div_ceil(MAX_RING_TICKS).max(1);
            let mut paths: Vec<String> = vec![String::new(); n];
            // Per owner: points, and the arc (as a fraction of the circle) its points close.
            let mut owned: Vec<(usize, f64)> = vec![(0, 0.0); n];
            let mut first: Option<(f64, usize)> = None;
            let mut prev = 0.0;
            for (k, (frac, o)) in points.enumerate() {
                let o = owner(o).min(n - 1);
                let e = &mut owned[o];
                e.0 += 1;
                if first.is_none() {
                    first = Some((frac, o));
                } else {
                    e.1 += frac - prev;
                }
                prev = frac;
                if k % every != 0 {
                    continue;
                }
                let a = frac * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
                let (s, c) = (libm::sin(a), libm::cos(a));
                let d = &mut paths[o];
                d.push('M');
                push_all(d, &[120.0 + 92.0 * c, 120.0 + 92.0 * s]);
                d.push('L');
                push_all(d, &[120.0 + 104.0 * c, 120.0 + 104.0 * s]);
            }
            // The first point closes the arc that wraps around from the last.
            if let Some((f, o)) = first {
                owned[o].1 += 1.0 - prev + f;
            }
            let owned = owned
                .into_iter()
                .enumerate()
                .filter(|(_, (n, _))| *n > 0)
                .map(|(o, (n, arc))| (o, n, (arc * 10_000.0).round() as u32))
                .collect();
            (drawn(paths), owned, every)
        };
        match self.strategy() {
            AnyStrategy::HashRing(_)
            | AnyStrategy::BoundedLoadHashRing(_)
            | AnyStrategy::SeedConsistentHash(_) => {
                let (mut label, len, mut points): (
                    RingLabel,
                    usize,
                    Box<dyn Iterator<Item = (f64, usize)>>,
                ) = match self.strategy() {
                    AnyStrategy::HashRing(r) => (ring_label(r), r.len(), ring_points(r)),
                    AnyStrategy::BoundedLoadHashRing(b) => {
                        let mut label = ring_label(b.ring());
                        label.load_factor = Some(b.load_factor().to_string());
                        (label, b.ring().len(), ring_points(b.ring()))
                    }
                    AnyStrategy::SeedConsistentHash(s) => {
                        let len = s.ring().count();
                        (
                            RingLabel {
                                kind: RingKind::Seed,
                                points: len,
                                load_factor: None,
                                every: 1,
                            },
                            len,
                            Box::new(
                                s.ring()
                                    .map(|(p, o)| (HashSpace::Signed64.fraction(p as u64), o)),
                            ),
                        )
                    }
                    _ => unreachable!(),
                };
                let (paths, owned, every) = ticks(&mut points, len);
                label.every = every;
                RingShape::Ring {
                    label,
                    points: len,
                    paths,
                    owned,
                }
            }
            AnyStrategy::Maglev(m) => {
                let table = m.table();
                let size = table.len();
                let mut paths: Vec<String> = vec![String::new(); n];
                let mut counts: Vec<usize> = vec![0; n];
                for &o in table {
                    counts[owner(o as usize).min(n - 1)] += 1;
                }
                let owned = counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, c)| *c > 0)
                    .map(|(o, c)| {
                        (
                            o,
                            c,
                            (c as f64 * 10_000.0 / size.max(1) as f64).round() as u32,
                        )
                    })
                    .collect();
                if size > 0 {
                    for c in 0..MAGLEV_COLUMNS {
                        let slot = c * size / MAGLEV_COLUMNS;
                        let o = owner(table[slot] as usize).min(n - 1);
                        let _ = write!(paths[o], "M{}.5 0v1", c);
                    }
                }
                RingShape::Maglev {
                    table_size: m.table_size(),
                    columns: MAGLEV_COLUMNS,
                    paths: drawn(paths),
                    owned,
                }
            }
            _ => {
                let kind = self.settings.kind;
                let reason = match kind {
                    StrategyKind::RendezvousHash | StrategyKind::RendezvousSkeleton => {
                        NoRing::Rendezvous
                    }
                    StrategyKind::JumpHash => NoRing::Jump,
                    StrategyKind::JumpBackHash
                    | StrategyKind::MementoHash
                    | StrategyKind::AnchorHash => NoRing::Buckets(kind.to_string()),
                    StrategyKind::IpHash | StrategyKind::UrlHash => {
                        NoRing::Modulo(kind.to_string())
                    }
                    _ => NoRing::NotHashing(kind.to_string()),
                };
                RingShape::None { reason }
            }
        }
    }

    // ----- snapshots ------------------------------------------------------------------------

    /// Take a fresh snapshot of everything (parts that did not change keep their old `Rc`).
    pub fn take_snapshot(&mut self) -> Rc<Snapshot> {
        self.take_snapshot_part(None)
    }

    /// Refresh one part of the snapshot (or all with `None`): while playing, the app refreshes
    /// one part per tick in turn, so no single frame re-renders many views. Parts: 0 the pool's
    /// rows, 1 the totals, 2 the time series, 3 the balancer's view of each server, 4 the
    /// distribution table (the rows part 0 took), 5 get_stats()' server_details, 6 the last pick.
    /// The ring follows every change at once.
    pub fn take_snapshot_part(&mut self, part: Option<usize>) -> Rc<Snapshot> {
        let prev = self.snapshot.clone();
        let want = |k: usize| part.is_none_or(|p| p % SNAPSHOT_PARTS == k);
        let now = self.sim.now();
        let report = (want(0) || want(1) || want(2) || want(5)).then(|| self.sim.report());
        let mut next = (*prev).clone();
        next.t_ms = now as f64 / 1e6;
        next.strategy = crate::sim::strategy_label(&self.settings.strategy_config());
        next.sample_every = self.sample_every;
        if let Some(report) = &report {
            if want(0) {
                let n_samples = report.series.len();
                let recent = &report.series[n_samples.saturating_sub(RECENT_SAMPLES)..];
                let recent_total: u64 = recent.iter().map(|s| s.requests.iter().sum::<u64>()).sum();
                let servers: Vec<ServerRow> = self
                    .settings
                    .servers
                    .iter()
                    .enumerate()
                    .map(|(i, spec)| self.server_row(i, spec, report, recent, recent_total))
                    .collect();
                next.labels = keep_if_same(
                    Some(&prev.labels),
                    servers.iter().map(ServerLabel::from).collect(),
                );
                next.servers = keep_if_same(Some(&prev.servers), servers);
                next.log = keep_if_same(Some(&prev.log), self.log.iter().cloned().collect());
            }
            if want(1) {
                next.totals = keep_if_same(Some(&prev.totals), self.totals(report));
            }
            if want(5) {
                next.details =
                    keep_if_same(Some(&prev.details), report.stats.server_details.clone());
            }
            if part.is_none() {
                next.table = next.servers.clone();
            }
            if want(2) {
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
        if want(3) {
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
        }
        if want(6) {
            let last = self.last.as_ref().map(|raw| self.last_pick(raw, &map));
            next.last = match (last, prev.last.as_ref()) {
                (Some(l), p) => Some(keep_if_same(p, l)),
                (None, _) => None,
            };
        }
        if part.is_some_and(|p| p % SNAPSHOT_PARTS == 4) {
            next.table = next.servers.clone();
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

    fn totals(&self, report: &crate::sim::stats::RunReport) -> Totals {
        let st = &report.stats;
        let o = &report.outcomes;
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
            p50: report.latency_ms.p50,
            p95: report.latency_ms.p95,
            p99: report.latency_ms.p99,
            max: report.latency_ms.max,
            attempts: report.attempts,
            retries: report.retries,
            in_flight: self.sim.in_flight(),
            jain: report.balance.jain_fairness,
            request_spread: report.balance.request_spread,
            balancers: report.balancers,
        }
    }

    fn server_row(
        &self,
        i: usize,
        spec: &ServerSpec,
        report: &crate::sim::stats::RunReport,
        recent: &[crate::sim::stats::Sample],
        recent_total: u64,
    ) -> ServerRow {
        let balancers = self.sim.balancers();
        let pool = balancers[0].pool();
        let p = pool.index_of(&spec.id);
        let detail = report.stats.server_details.iter().find(|d| d.id == spec.id);
        let r = report.servers.get(i);
        let window: Vec<f64> = p
            .map(|p| pool.server(p).load.window.iter().collect())
            .unwrap_or_default();
        let avg = (!window.is_empty()).then(|| window.iter().sum::<f64>() / window.len() as f64);
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
            avg_ms: avg,
            p95_ms: percentile(window.iter().copied(), 0.95),
            requests: r.map_or(0, |r| r.requests),
            ok: r.map_or(0, |r| r.ok),
            failed: r.map_or(0, |r| r.failed),
            share: r.map_or(0.0, |r| r.share),
            expected_share: r.map_or(0.0, |r| r.weight_share),
            recent_share: (recent_total > 0).then(|| {
                recent
                    .iter()
                    .map(|s| s.requests.get(i).copied().unwrap_or(0))
                    .sum::<u64>() as f64
                    / recent_total as f64
            }),
            latency_ms: spec.latency_ms,
            error_rate: self.error_rate_of(i),
        }
    }

    fn last_pick(&self, raw: &RawPick, map: &[(usize, String)]) -> LastPick {
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

    // ----- compare --------------------------------------------------------------------------

    /// Run `strategies` on the very same requests (the current settings and live actions, the
    /// preset's length capped at [`COMPARE_REQUESTS`]).
    pub fn compare(
        &self,
        strategies: Vec<StrategyConfig>,
        clock: impl Fn() -> f64,
    ) -> Result<CompareResult, Notice> {
        if !(2..=4).contains(&strategies.len()) {
            return Err(Notice::CompareCount);
        }
        let mut s = self.settings.scenario(&self.actions);
        let preset_requests = settings::preset_scenario(self.settings.preset).requests;
        s.requests = preset_requests.clamp(20, COMPARE_REQUESTS);
        s.strategies = strategies;
        let t0 = clock();
        let reports = compare(&s, self.settings.seed).map_err(|e| Notice::Refused {
            error: e.to_string(),
        })?;
        let elapsed_ms = clock() - t0;
        Ok(CompareResult {
            requests: s.requests,
            elapsed_ms,
            servers: self.settings.servers.iter().map(|x| x.id.clone()).collect(),
            rows: reports
                .iter()
                .map(|r| CompareRow {
                    strategy: r.strategy.clone(),
                    availability: r.availability,
                    p50: r.latency_ms.p50,
                    p95: r.latency_ms.p95,
                    p99: r.latency_ms.p99,
                    jain: r.balance.jain_fairness,
                    retries: r.retries,
                    peak_connections: r.balance.peak_connections,
                    cache_hit_rate: r.cache_hit_rate,
                    shares: r
                        .servers
                        .iter()
                        .map(|x| (x.share, x.weight_share))
                        .collect(),
                })
                .collect(),
        })
    }
}

/// The paths with something drawn, with their owner.
fn drawn(paths: Vec<String>) -> Vec<(usize, String)> {
    paths
        .into_iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .collect()
}

fn bits_space(bits: u32) -> HashSpace {
    if bits == 32 {
        HashSpace::Bits32
    } else {
        HashSpace::Bits64
    }
}

fn ring_label(r: &crate::engine::ring::HashRing) -> RingLabel {
    RingLabel {
        kind: match r.flavor() {
            RingFlavor::Fulcrum => RingKind::Fulcrum,
            RingFlavor::Nginx => RingKind::Nginx,
        },
        points: r.len(),
        load_factor: None,
        every: 1,
    }
}

fn ring_points(r: &crate::engine::ring::HashRing) -> Box<dyn Iterator<Item = (f64, usize)> + '_> {
    Box::new(r.points().map(move |(p, o)| (r.fraction(p), o)))
}

/// The lookup a pick's steps describe, as a trail (owner filled in by the caller).
fn trail_of(steps: &[Step], space: HashSpace, t: f64) -> Option<Trail> {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::share::i18n::Lang;

    /// A model played for `steps` frames of `dt` ms each, from real time 0.
    fn play(live: &mut Live, now: &mut f64, steps: usize, dt: f64) {
        for _ in 0..steps {
            *now += dt;
            live.advance(*now, dt);
        }
    }

    #[test]
    fn the_live_model_steps_one_request_and_explains_it() {
        let mut live = Live::new(Settings::default());
        live.apply(Command::Step, 0.0);
        let snap = live.take_snapshot();
        let last = snap.last.clone().expect("a pick");
        assert_eq!(last.request, 0);
        assert_eq!(
            last.narration(Lang::En),
            "request 0: GET /api/data/0 from 192.168.1.0 → cursor 0 of 4 → server1"
        );
        let mut other = Live::new(Settings::default());
        other.apply(Command::Step, 0.0);
        for _ in 0..5 {
            live.apply(Command::Step, 0.0);
            other.apply(Command::Step, 0.0);
        }
        let words = |l: &mut Live| l.take_snapshot().last.as_ref().unwrap().narration(Lang::En);
        assert_eq!(words(&mut live), words(&mut other));
        let notes = live.apply(Command::Strategy("fastest".into()), 0.0);
        assert!(
            notes[0]
                .message(Lang::En)
                .contains("unknown strategy 'fastest'")
        );
        let notes = live.apply(Command::Strategy(StrategyKind::Maglev.name().into()), 0.0);
        assert!(notes.is_empty());
        assert!(matches!(
            *live.take_snapshot().ring,
            RingShape::Maglev { .. }
        ));
    }

    #[test]
    fn a_snapshot_keeps_every_part_that_did_not_change() {
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 20, 16.0);
        let a = live.take_snapshot();
        let b = live.take_snapshot();
        assert!(Rc::ptr_eq(&a.servers, &b.servers));
        assert!(Rc::ptr_eq(&a.totals, &b.totals));
        assert!(Rc::ptr_eq(&a.series, &b.series));
        assert!(Rc::ptr_eq(&a.ring, &b.ring));
        assert!(Rc::ptr_eq(&a.labels, &b.labels));
        assert!(Rc::ptr_eq(&a.details, &b.details));
        assert!(Rc::ptr_eq(&a.log, &b.log));
        // Time moves on: the totals change, the ring (same pool) does not.
        play(&mut live, &mut now, 20, 16.0);
        let c = live.take_snapshot();
        assert!(!Rc::ptr_eq(&b.totals, &c.totals));
        assert_ne!(*b.totals, *c.totals);
        assert!(Rc::ptr_eq(&b.ring, &c.ring));
        // One part refreshed at a time: the others keep their pointers.
        play(&mut live, &mut now, 20, 16.0);
        let d = live.take_snapshot_part(Some(1));
        assert!(!Rc::ptr_eq(&c.totals, &d.totals));
        assert!(Rc::ptr_eq(&c.servers, &d.servers));
        assert!(Rc::ptr_eq(&c.series, &d.series));
    }

    #[test]
    fn a_live_action_is_kept_by_a_rebuild() {
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 30, 16.0);
        let notes = live.apply(
            Command::Server(1, ServerEdit::Action(FaultAction::Maintenance)),
            now,
        );
        assert!(notes.is_empty());
        play(&mut live, &mut now, 30, 16.0);
        let before = live.take_snapshot();
        assert_eq!(before.servers[1].status, Status::Maintenance);
        assert!(!before.log.is_empty(), "the action is logged");
        let t = live.now_ms();
        live.apply(Command::Seed("1".into()), now);
        live.apply(Command::Ring(RingFlavor::Nginx), now);
        assert_eq!(live.now_ms(), t, "a rebuild replays to the same moment");
        let after = live.take_snapshot();
        assert_eq!(after.servers[1].status, Status::Maintenance);
        assert_eq!(after.log, before.log, "the log is kept");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// A rebuilt run is replayed from its settings and live actions to the same simulated
        /// moment; changing a setting and changing it back gives the same figures as changing
        /// it back straight away (a replay depends on the settings and actions only).
        ///
        /// (A run that was never rebuilt can differ from its replay by the order of events at
        /// the action's exact moment: the live action lands after the events already run at
        /// that time, the replayed fault before them.)
        #[test]
        fn a_setting_changed_and_back_replays_to_the_same_moment(
            before in 1usize..40,
            after in 0usize..40,
            server in 0usize..4,
            action in prop_oneof![
                Just(FaultAction::Crash),
                Just(FaultAction::Hang),
                Just(FaultAction::Maintenance),
            ],
            strategy in prop_oneof![
                Just(StrategyKind::LeastConnections),
                Just(StrategyKind::ConsistentHash),
                Just(StrategyKind::Maglev),
            ],
        ) {
            let run = |toggle: bool| {
                let mut live = Live::new(Settings::default());
                let mut now = 0.0;
                play(&mut live, &mut now, before, 20.0);
                live.apply(Command::Server(server, ServerEdit::Action(action)), now);
                play(&mut live, &mut now, after, 20.0);
                let t = live.now_ms();
                if toggle {
                    live.apply(Command::Strategy(strategy.name().into()), now);
                    assert_eq!(live.now_ms(), t);
                }
                live.apply(Command::Strategy(StrategyKind::RoundRobin.name().into()), now);
                assert_eq!(live.now_ms(), t);
                let snap = live.take_snapshot();
                (live.now_ms(), (*snap.servers).clone(), (*snap.totals).clone())
            };
            let (t0, servers0, totals0) = run(false);
            let (t1, servers1, totals1) = run(true);
            prop_assert_eq!(t0, t1);
            prop_assert_eq!(servers0, servers1);
            prop_assert_eq!(totals0, totals1);
        }
    }
}
