//! A deterministic discrete-event simulation of the seed's proxy, health checker and statistics
//! over the engine's balancers.
//!
//! Time is simulated ([`Nanos`]); nothing reads a clock. Events wait in a binary heap ordered by
//! time, ties broken by the order they were scheduled (a sequence number), so a run is a pure
//! function of the scenario and the seed. Randomness comes from separate [`SimRng`] streams
//! derived from the seed (SplitMix64-mixed): arrivals and what they ask for; per-request server
//! behaviour (jitter, errors), drawn at arrival; health-check jitter; and one stream per balancer
//! for its strategy's picks. So the strategy under test cannot perturb the arrivals, and
//! compare mode ([`compare`]) runs every strategy on the very same requests.
//!
//! Strategies are driven only through [`Balancer`] (pick / pick_explained / request_started /
//! request_finished / set_status / add_server / set_weight / set_draining). Several balancers
//! ([`Scenario::balancers`]) each keep their own view of connections and latency over the same
//! servers; clients are spread over them by client number.
//!
//! Modules: [`clients`] (arrivals, IPs, paths, methods), [`servers`] (latency, capacity, cache,
//! faults), [`health`] (active checks, outlier ejection), [`proxy`] (the request lifecycle),
//! [`stats`] (what is measured), [`events`] (the stream the UI draws), [`report`] (tables, JSON,
//! and the CLI's `simulate` command), [`feedback`] (what servers tell the strategies that listen:
//! Join-Idle-Queue's idle reports, Prequal's probes).

#![warn(missing_docs)]

pub mod clients;
pub mod cost;
pub mod events;
pub mod feedback;
pub mod health;
pub mod proxy;
pub mod report;
pub mod servers;
pub mod stats;
pub mod sweep;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use thiserror::Error;

use crate::engine::{
    Balancer, Nanos, Request, Server, SimRng, Status, StrategyConfig, StrategyKind, seeded,
};
use crate::scenario::{FaultAction, FaultSpec, Scenario, ScenarioError};

use clients::Traffic;
use cost::CostModel;
use events::{RingSink, SimEvent, Sink};
pub use health::{Detection, FaultKind};
use health::{HealthChecker, OutlierDetector};
pub use proxy::Outcome;
use proxy::{ProxySettings, Slab};
use servers::ServerSim;
use stats::{
    Balance, Collector, HotPath, OutcomeCounts, Percentiles, RunReport, SeedStats, ServerReport,
};

pub use report::{OutputFormat, SimSource, simulate_command};

/// Why a simulation could not be set up or changed.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum SimError {
    #[error(transparent)]
    /// The scenario failed validation.
    Scenario(#[from] ScenarioError),
    #[error("{0}")]
    /// A balancer could not be built from the scenario (the engine's message).
    Engine(String),
    #[error("unknown preset '{0}' (known: {known})", known = crate::scenario::PRESETS.join(", "))]
    /// A preset name not in [`crate::scenario::PRESETS`].
    UnknownPreset(String),
    #[error("{0}")]
    /// A strategy name not known, with the message that says so.
    UnknownStrategy(String),
    #[error("no server with id '{0}'")]
    /// A server id not in the scenario.
    UnknownServer(String),
    #[error("cannot read {path}: {message}")]
    /// A scenario file could not be read.
    Io {
        /// The file.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    #[error("unknown format '{0}' (known: table, json)")]
    /// An output format other than `table` or `json`.
    UnknownFormat(String),
}

/// Something scheduled to happen.
#[derive(Clone, Copy, Debug)]
enum Ev {
    /// The next steady arrival.
    Arrival,
    /// Arrival `k` of burst `burst`.
    Burst {
        burst: u32,
        k: u64,
    },
    /// An attempt ends as planned (answer, refusal or timeout), unless it is stale.
    AttemptEnd {
        slot: u32,
        generation: u32,
    },
    /// A server armed to crash after accepting dies now.
    Crash {
        server: u32,
    },
    Probe {
        server: u32,
    },
    ProbeResult {
        server: u32,
        pass: bool,
        latency: Nanos,
    },
    Fault {
        index: u32,
    },
    Flap {
        server: u32,
        generation: u32,
    },
    SlowStart {
        server: u32,
        generation: u32,
        step: u32,
    },
    Uneject {
        server: u32,
        generation: u32,
    },
    Join {
        server: u32,
    },
    Sample,
    /// Deliver the load reports balancers owe each other.
    Sync,
    /// A Prequal probe's answer reaches balancer `balancer`: scenario server `server` had `rif`
    /// requests in service and a latency estimate of `latency_us` when the probe was `sent`.
    ProbeAnswer {
        balancer: u32,
        server: u32,
        rif: u32,
        latency_us: u32,
        sent: Nanos,
    },
}

/// An event and its place in time: `key` = time × 2⁶⁴ + sequence number, so one integer
/// comparison orders by time and breaks ties by scheduling order.
struct Scheduled {
    key: u128,
    ev: Ev,
}

impl Scheduled {
    fn key(at: Nanos, seq: u64) -> u128 {
        (u128::from(at) << 64) | u128::from(seq)
    }

    fn at(&self) -> Nanos {
        (self.key >> 64) as Nanos
    }
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    /// Reversed, so the max-heap pops the earliest (time, sequence) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// Load reports on one server not yet delivered to one balancer.
#[derive(Clone, Copy, Debug, Default)]
struct PendingReport {
    started: u32,
    ok: u32,
    failed: u32,
    ok_ms: f64,
    failed_ms: f64,
}

/// Balancers that hear of each other's requests ([`Scenario::shared_load_ms`]).
#[derive(Clone, Debug)]
struct SharedLoad {
    /// 0: every report is delivered at once.
    sync_ns: Nanos,
    /// Per balancer × scenario server.
    pending: Vec<PendingReport>,
}

/// SplitMix64's finaliser: a well-mixed seed for each stream.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream number `stream` of a run seeded `seed`.
pub fn stream(seed: u64, stream: u64) -> SimRng {
    seeded(mix(seed ^ mix(stream)))
}

const ARRIVALS: u64 = 1;
const BEHAVIOUR: u64 = 2;
const HEALTH: u64 = 4;
const COST: u64 = 5;
const PICKS: u64 = 1000;

fn ms_to_ns(ms: f64) -> Nanos {
    (ms * 1e6).round() as Nanos
}

/// One run of one strategy over a scenario.
pub struct Simulation {
    name: String,
    strategy: StrategyConfig,
    seed: u64,
    now: Nanos,
    queue: BinaryHeap<Scheduled>,
    /// The next steady arrival (time, sequence) waits beside the heap: it is half the traffic,
    /// and ordering it by the same (time, sequence) key keeps the run identical.
    next_arrival: Option<u128>,
    seq: u64,
    balancers: Vec<Balancer>,
    balancer_count: u32,
    pick_rngs: Vec<SimRng>,
    arrival_rng: SimRng,
    behaviour_rng: SimRng,
    health_rng: SimRng,
    /// Request costs: their own stream, so switching them on changes no other draw.
    cost_rng: SimRng,
    cost: CostModel,
    traffic: Traffic,
    servers: Vec<ServerSim>,
    spec_to_pool: Vec<Option<u32>>,
    pool_to_spec: Vec<u32>,
    health: HealthChecker,
    /// When each server's next active check starts (none before the first is scheduled).
    next_probe_ns: Vec<Option<Nanos>>,
    /// When each server was last marked unhealthy (by checks or ejection), while it is.
    unhealthy_at_ns: Vec<Option<Nanos>>,
    outlier: OutlierDetector,
    maintenance: Vec<bool>,
    /// Per balancer × server: marked overloaded by that balancer.
    overloaded: Vec<bool>,
    shared: Option<SharedLoad>,
    /// Status apart from overload: maintenance, unhealthy (checks or ejection) or healthy.
    global: Vec<Status>,
    slow_start_generation: Vec<u32>,
    faults: Vec<FaultSpec>,
    flights: Slab,
    request: Request,
    /// Does the strategy read the request's strings (it hashes a request attribute)?
    reads_request: bool,
    proxy: ProxySettings,
    stats: Collector,
    sink: Sink,
    steady_total: u64,
    steady_sent: u64,
    steady_until: Option<Nanos>,
    steady_done: bool,
    bursts: Vec<(Nanos, u64, f64)>,
    bursts_open: usize,
    arrivals: u64,
    finished: u64,
    end_ns: Nanos,
    jitter_draws: bool,
    error_draws: bool,
    sample_ns: Nanos,
    first_requests: u32,
    hot_path: String,
    scratch: Vec<u32>,
    /// What servers tell the strategies that listen (idle reports, probes).
    feedback: feedback::Feedback,
}

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation")
            .field("scenario", &self.name)
            .field("strategy", &self.strategy.kind)
            .field("now", &self.now)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// A strategy's name as reports show it ("round_robin", or "round_robin (tutorial)" for the
/// tutorial's code).
pub fn strategy_label(config: &StrategyConfig) -> String {
    match config.variant {
        crate::engine::Variant::Seed => format!("{} (tutorial)", config.kind.name()),
        // d is what tells one power-of-d run from another in a comparison (and one Envoy least
        // request from another, with its bias when set).
        _ if config.kind == StrategyKind::PowerOfDChoices => {
            format!("{} (d={})", config.kind.name(), config.d)
        }
        _ if config.kind == StrategyKind::MultiProbeHash => {
            format!("{} (k={})", config.kind.name(), config.k)
        }
        _ if config.kind == StrategyKind::EnvoyLeastRequest => match config.active_request_bias {
            Some(b) => format!("{} (d={}, bias={b})", config.kind.name(), config.d),
            None => format!("{} (d={})", config.kind.name(), config.d),
        },
        crate::engine::Variant::Corrected => config.kind.name().to_string(),
    }
}

impl Simulation {
    /// A run of the scenario's first strategy.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Self, SimError> {
        scenario.validate()?;
        Self::with_strategy(scenario, &scenario.strategies[0], seed)
    }

    /// A run of `strategy` over the scenario.
    pub fn with_strategy(
        scenario: &Scenario,
        strategy: &StrategyConfig,
        seed: u64,
    ) -> Result<Self, SimError> {
        scenario.validate()?;
        strategy
            .validate()
            .map_err(|e| ScenarioError::new("strategy", e.to_string()))?;
        let n = scenario.servers.len();
        let servers: Vec<ServerSim> = scenario
            .servers
            .iter()
            .enumerate()
            .map(|(i, s)| ServerSim::new(s, i))
            .collect();
        let initial: Vec<usize> = (0..n)
            .filter(|&i| servers[i].join_at_ns.is_none())
            .collect();
        let mut spec_to_pool = vec![None; n];
        for (p, &s) in initial.iter().enumerate() {
            spec_to_pool[s] = Some(p as u32);
        }
        let pool_servers: Vec<Server> = initial
            .iter()
            .map(|&s| engine_server(&servers[s]))
            .collect();
        let balancer_count = scenario.balancers.max(1);
        let mut balancers = Vec::with_capacity(balancer_count as usize);
        for _ in 0..balancer_count {
            balancers.push(
                Balancer::new(strategy.clone(), pool_servers.clone())
                    .map_err(|e| SimError::Engine(e.to_string()))?,
            );
        }
        let proxy = ProxySettings {
            timeout_ns: ms_to_ns(scenario.proxy.timeout_ms).max(1),
            connect_ns: ms_to_ns(scenario.proxy.connect_ms),
            retries: scenario.proxy.retries,
            retry_budget: scenario.proxy.retry_budget,
            retry_budget_min: scenario.proxy.retry_budget_min,
            retry_on_error: scenario.proxy.retry_on_error,
        };
        let mut hot_path = String::new();
        let traffic = Traffic::new(scenario);
        traffic.render_path(0, &mut hot_path);
        let mut sim = Self {
            name: scenario.name.clone(),
            strategy: strategy.clone(),
            seed,
            now: 0,
            queue: BinaryHeap::new(),
            next_arrival: None,
            seq: 0,
            balancers,
            balancer_count,
            pick_rngs: (0..u64::from(balancer_count))
                .map(|b| stream(seed, PICKS + b))
                .collect(),
            arrival_rng: stream(seed, ARRIVALS),
            behaviour_rng: stream(seed, BEHAVIOUR),
            health_rng: stream(seed, HEALTH),
            cost_rng: stream(seed, COST),
            cost: CostModel::new(&scenario.cost),
            traffic,
            jitter_draws: servers.iter().any(ServerSim::has_jitter),
            error_draws: servers.iter().any(|s| s.error_rate > 0.0)
                || scenario
                    .faults
                    .iter()
                    .any(|f| f.action == FaultAction::SetErrorRate),
            servers,
            spec_to_pool,
            pool_to_spec: initial.iter().map(|&s| s as u32).collect(),
            health: HealthChecker::new(&scenario.health, n),
            next_probe_ns: vec![None; n],
            unhealthy_at_ns: vec![None; n],
            outlier: OutlierDetector::new(&scenario.outlier, n),
            maintenance: vec![false; n],
            overloaded: vec![false; n * balancer_count as usize],
            shared: scenario.shared_load_ms.map(|ms| SharedLoad {
                sync_ns: ms_to_ns(ms),
                pending: vec![PendingReport::default(); n * balancer_count as usize],
            }),
            global: vec![Status::Healthy; n],
            slow_start_generation: vec![0; n],
            faults: scenario.faults.clone(),
            flights: Slab::default(),
            request: Request::default(),
            reads_request: strategy.kind.info().hashing,
            proxy,
            stats: Collector::new(n, scenario.report.max_samples as usize),
            sink: Sink::Off,
            steady_total: scenario.requests,
            steady_sent: 0,
            // Steady arrivals end at the longest simulated time a scenario may name even without
            // a duration, so a rate of 1e-300 per second ends the run instead of pushing the
            // clock past what a `Nanos` holds (where adding a period wrapped it around).
            steady_until: Some(ms_to_ns(
                scenario
                    .duration_ms
                    .unwrap_or(crate::scenario::bounds::MAX_MS),
            )),
            steady_done: scenario.requests == 0,
            bursts: scenario
                .arrivals
                .bursts
                .iter()
                .map(|b| {
                    let step = if b.requests > 1 {
                        b.over_ms * 1e6 / b.requests as f64
                    } else {
                        0.0
                    };
                    (ms_to_ns(b.at_ms), b.requests, step)
                })
                .collect(),
            bursts_open: scenario.arrivals.bursts.len(),
            arrivals: 0,
            finished: 0,
            end_ns: 0,
            sample_ns: ms_to_ns(scenario.report.sample_interval_ms).max(1),
            first_requests: scenario.report.first_requests,
            hot_path,
            scratch: Vec::new(),
            feedback: feedback::Feedback::new(strategy.kind, stream(seed, feedback::FEEDBACK), n),
        };
        sim.schedule_start();
        sim.start_feedback();
        Ok(sim)
    }

    fn schedule_start(&mut self) {
        for i in 0..self.faults.len() {
            let at = ms_to_ns(self.faults[i].at_ms);
            self.schedule(at, Ev::Fault { index: i as u32 });
        }
        for s in 0..self.servers.len() {
            match self.servers[s].join_at_ns {
                Some(at) => self.schedule(at, Ev::Join { server: s as u32 }),
                None if self.health.enabled => self.schedule(0, Ev::Probe { server: s as u32 }),
                None => {}
            }
        }
        // Requests come after faults, joins and probes scheduled for the same instant.
        if !self.steady_done {
            let t = self.traffic.next_arrival(&mut self.arrival_rng);
            if self.steady_until.is_some_and(|end| t > end) {
                self.steady_done = true;
            } else {
                self.schedule(t, Ev::Arrival);
            }
        }
        for i in 0..self.bursts.len() {
            let at = self.bursts[i].0;
            self.schedule(
                at,
                Ev::Burst {
                    burst: i as u32,
                    k: 0,
                },
            );
        }
        self.schedule(self.sample_ns, Ev::Sample);
        if let Some(sync) = self.shared.as_ref().map(|x| x.sync_ns).filter(|&t| t > 0) {
            self.schedule(sync, Ev::Sync);
        }
    }

    #[inline]
    fn schedule(&mut self, at: Nanos, ev: Ev) {
        self.seq += 1;
        let at = at.max(self.now);
        let key = Scheduled::key(at, self.seq);
        if let Ev::Arrival = ev {
            self.next_arrival = Some(key);
        } else {
            self.queue.push(Scheduled { key, ev });
        }
    }

    /// Take the earliest event by (time, sequence).
    #[inline]
    fn pop_next(&mut self) -> Option<(Nanos, Ev)> {
        if let Some(arrival) = self.next_arrival
            && self.queue.peek().is_none_or(|top| arrival < top.key)
        {
            self.next_arrival = None;
            return Some(((arrival >> 64) as Nanos, Ev::Arrival));
        }
        self.queue.pop().map(|s| (s.at(), s.ev))
    }

    /// Time of the earliest event.
    fn next_time(&self) -> Option<Nanos> {
        let heap = self.queue.peek().map(Scheduled::at);
        let arrival = self.next_arrival.map(|a| (a >> 64) as Nanos);
        match (arrival, heap) {
            (Some(a), Some(h)) => Some(a.min(h)),
            (a, h) => a.or(h),
        }
    }

    /// Keep the newest `capacity` events (with the engine's explanations when `explain`);
    /// collect them with [`Simulation::take_events`].
    pub fn record_events(&mut self, capacity: usize, explain: bool) {
        self.sink = Sink::Ring {
            ring: RingSink::new(capacity),
            explain,
        };
    }

    /// Events the buffer of [`Simulation::record_events`] let go (the oldest); 0 otherwise.
    pub fn dropped_events(&self) -> u64 {
        match &self.sink {
            Sink::Ring { ring, .. } => ring.dropped(),
            _ => 0,
        }
    }

    /// Hand every event to `callback` as it happens.
    pub fn on_event(&mut self, callback: impl FnMut(SimEvent) + 'static, explain: bool) {
        self.sink = Sink::Callback {
            callback: Box::new(callback),
            explain,
        };
    }

    /// The buffered events, oldest first (empty unless [`Simulation::record_events`]).
    pub fn take_events(&mut self) -> Vec<SimEvent> {
        match &mut self.sink {
            Sink::Ring { ring, .. } => ring.drain(),
            _ => Vec::new(),
        }
    }

    /// Simulated time of the last event handled.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Every balancer, in scenario order, with its own view of the servers.
    pub fn balancers(&self) -> &[Balancer] {
        &self.balancers
    }

    /// Requests that have ended so far.
    pub fn finished_requests(&self) -> u64 {
        self.finished
    }

    /// Requests in flight now.
    pub fn in_flight(&self) -> u64 {
        self.flights.live()
    }

    /// When the next active health check of scenario server `s` starts (`None`: checks are off).
    fn next_check_ns(&self, s: usize) -> Option<Nanos> {
        self.next_probe_ns
            .get(s)
            .copied()
            .flatten()
            .filter(|_| self.health.enabled)
    }

    /// How many times slower than its latency says server `s` serves now: a slow fault's
    /// factor over its speed (1 when neither slows it).
    pub fn slowdown(&self, s: usize) -> f64 {
        self.servers
            .get(s)
            .map_or(1.0, |x| x.slow_factor / x.speed())
    }

    /// Whether scenario server `s` is failing, and whether its balancers know it yet.
    pub fn detection(&self, s: usize) -> Detection {
        let server = &self.servers[s];
        let Some(since_ns) = server.failing_since() else {
            // Back, while the balancers still keep it out (only checks and ejection do that).
            if self.spec_to_pool[s].is_some() && self.global[s] == Status::Unhealthy {
                let (passed_checks, rise) = self.health.passing_streak(s);
                return Detection::Recovered {
                    // An ejected server waits for its ejection to end, whatever checks say.
                    next_check_ns: self
                        .next_check_ns(s)
                        .filter(|_| !self.outlier.is_ejected(s)),
                    passed_checks,
                    rise,
                };
            }
            return Detection::Working;
        };
        if self.spec_to_pool[s].is_none() {
            return Detection::Working;
        }
        let fault = if server.is_down() {
            FaultKind::Crashed
        } else {
            FaultKind::Hung
        };
        match self.unhealthy_at_ns[s] {
            // Marked unhealthy before it failed (an earlier crash not yet seen to recover) still
            // counts: the balancers do not send to it.
            Some(at_ns) => Detection::Detected { fault, at_ns },
            None => {
                let (failed_checks, fall) = self.health.failing_streak(s);
                Detection::Undetected {
                    fault,
                    since_ns,
                    next_check_ns: self.next_check_ns(s),
                    failed_checks,
                    fall,
                }
            }
        }
    }

    /// What the run counted for scenario server `s` (its latency windows among them).
    pub fn server_counters(&self, s: usize) -> &stats::ServerCounters {
        &self.stats.servers[s]
    }

    /// Percentiles of the end-to-end latency of successful requests only.
    pub fn success_latency(&self) -> Percentiles {
        Percentiles::of(&self.stats.ok_latency)
    }

    /// Server ids in scenario order.
    pub fn server_ids(&self) -> Vec<&str> {
        self.servers.iter().map(|s| s.id.as_str()).collect()
    }

    /// Every request sent and ended (periodic health checks and samples do not count).
    pub fn is_finished(&self) -> bool {
        self.steady_done && self.bursts_open == 0 && self.flights.live() == 0
    }

    /// Handle the next event; false when the run is over.
    pub fn step(&mut self) -> bool {
        if self.is_finished() {
            return false;
        }
        let Some((at, ev)) = self.pop_next() else {
            return false;
        };
        self.now = at;
        self.handle(ev);
        true
    }

    /// Handle every event up to time `t`, then stand at `t`.
    pub fn run_until(&mut self, t: Nanos) {
        while self
            .next_time()
            .is_some_and(|next| next <= t && !self.is_finished())
        {
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Run until `n` more requests have ended (or the run is over).
    pub fn run_requests(&mut self, n: u64) {
        let target = self.finished.saturating_add(n);
        while self.finished < target && self.step() {}
    }

    /// Run to the end.
    pub fn run(&mut self) -> RunReport {
        while self.step() {}
        self.report()
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Arrival => {
                self.steady_sent += 1;
                self.arrive();
                if self.steady_sent < self.steady_total {
                    let t = self.traffic.next_arrival(&mut self.arrival_rng);
                    if self.steady_until.is_some_and(|end| t > end) {
                        self.steady_done = true;
                    } else {
                        self.schedule(t, Ev::Arrival);
                    }
                } else {
                    self.steady_done = true;
                }
            }
            Ev::Burst { burst, k } => {
                self.arrive();
                let (at, count, step) = self.bursts[burst as usize];
                if k + 1 < count {
                    let t = at + ((k + 1) as f64 * step).round() as Nanos;
                    self.schedule(t, Ev::Burst { burst, k: k + 1 });
                } else {
                    self.bursts_open -= 1;
                }
            }
            Ev::AttemptEnd { slot, generation } => {
                if self.flights.current(slot, generation) {
                    let planned = self.flights.get(slot).planned;
                    self.end_attempt(slot, planned);
                }
            }
            Ev::Crash { server } => {
                let s = server as usize;
                if !self.servers[s].crashed {
                    self.servers[s].crash(self.now);
                    self.reset_attempts_on(s);
                }
            }
            Ev::Probe { server } => self.probe(server as usize),
            Ev::ProbeResult {
                server,
                pass,
                latency,
            } => self.probe_result(server as usize, pass, latency),
            Ev::Fault { index } => {
                let fault = self.faults[index as usize].clone();
                if let Some(s) = self.servers.iter().position(|x| x.id == fault.server) {
                    self.apply_fault(s, &fault);
                }
            }
            Ev::Flap { server, generation } => {
                let s = server as usize;
                if self.servers[s].flap_gen == generation
                    && let Some((down, up)) = self.servers[s].flapping
                {
                    if self.servers[s].flap_down {
                        self.servers[s].flap_down = false;
                        self.schedule(self.now + up, Ev::Flap { server, generation });
                    } else {
                        self.go_down_flapping(s);
                        self.schedule(self.now + down, Ev::Flap { server, generation });
                    }
                }
            }
            Ev::SlowStart {
                server,
                generation,
                step,
            } => {
                let s = server as usize;
                if self.slow_start_generation[s] == generation {
                    self.slow_start_step(s, step);
                }
            }
            Ev::Uneject { server, generation } => {
                let s = server as usize;
                if self.outlier.generation[s] == generation {
                    self.outlier.uneject(s);
                    self.apply_status(s, "ejection over");
                }
            }
            Ev::Join { server } => self.join(server as usize),
            Ev::Sample => {
                self.sample();
                self.schedule(self.now + self.sample_ns, Ev::Sample);
            }
            Ev::ProbeAnswer {
                balancer,
                server,
                rif,
                latency_us,
                sent,
            } => self.probe_answered(balancer as usize, server as usize, rif, latency_us, sent),
            Ev::Sync => {
                self.deliver_reports();
                if let Some(sync) = self.shared.as_ref().map(|x| x.sync_ns) {
                    self.schedule(self.now + sync, Ev::Sync);
                }
            }
        }
    }

    /// Balancer `b` marks scenario server `s` overloaded when its view reaches max_connections,
    /// and clears the mark below 90 % of it.
    #[inline]
    fn check_overload(&mut self, b: usize, s: usize) {
        let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
            return;
        };
        let connections = u64::from(self.balancers[b].pool().server(p).load.connections);
        let max = u64::from(self.servers[s].max_connections);
        let at = b * self.servers.len() + s;
        if !self.overloaded[at] && connections < max {
            return;
        }
        self.change_overload(at, s, connections, max);
    }

    #[cold]
    fn change_overload(&mut self, at: usize, s: usize, connections: u64, max: u64) {
        if !self.overloaded[at] && connections >= max {
            self.overloaded[at] = true;
            self.apply_status(s, "max_connections reached");
        } else if self.overloaded[at] && connections * 10 <= max * 9 {
            self.overloaded[at] = false;
            self.apply_status(s, "below max_connections");
        }
    }

    /// Balancer `from` sent a request to scenario server `s`: the others hear of it.
    fn share_started(&mut self, from: usize, s: usize) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let n = self.servers.len();
        if shared.sync_ns > 0 {
            for (b, pending) in shared.pending.chunks_mut(n).enumerate() {
                if b != from {
                    pending[s].started += 1;
                }
            }
            return;
        }
        let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
            return;
        };
        for b in (0..self.balancers.len()).filter(|&b| b != from) {
            self.balancers[b].request_started(p);
            self.check_overload(b, s);
        }
    }

    /// A request balancer `from` sent to scenario server `s` ended: the others hear of it.
    fn share_finished(&mut self, from: usize, s: usize, ms: f64, ok: bool) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let n = self.servers.len();
        if shared.sync_ns > 0 {
            for (b, pending) in shared.pending.chunks_mut(n).enumerate() {
                if b != from {
                    let r = &mut pending[s];
                    if ok {
                        r.ok += 1;
                        r.ok_ms += ms;
                    } else {
                        r.failed += 1;
                        r.failed_ms += ms;
                    }
                }
            }
            return;
        }
        let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
            return;
        };
        let now = self.now;
        for b in (0..self.balancers.len()).filter(|&b| b != from) {
            self.balancers[b].request_finished(p, ms, ok, now);
            self.check_overload(b, s);
        }
    }

    /// Deliver every batched report: starts first, so a view never counts below zero; finished
    /// requests of a batch are told with the batch's mean latency.
    fn deliver_reports(&mut self) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let mut pending = std::mem::take(&mut shared.pending);
        let n = self.servers.len();
        let now = self.now;
        for (b, reports) in pending.chunks_mut(n).enumerate() {
            for (s, report) in reports.iter_mut().enumerate() {
                let r = std::mem::take(report);
                if r.started + r.ok + r.failed == 0 {
                    continue;
                }
                let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
                    continue;
                };
                let balancer = &mut self.balancers[b];
                for _ in 0..r.started {
                    balancer.request_started(p);
                }
                for _ in 0..r.ok {
                    balancer.request_finished(p, r.ok_ms / f64::from(r.ok), true, now);
                }
                for _ in 0..r.failed {
                    balancer.request_finished(p, r.failed_ms / f64::from(r.failed), false, now);
                }
                self.check_overload(b, s);
            }
        }
        if let Some(shared) = &mut self.shared {
            shared.pending = pending;
        }
    }

    /// Apply a fault now, as a user would trigger it live; `fault.at_ms` is ignored.
    pub fn inject(&mut self, fault: &FaultSpec) -> Result<(), SimError> {
        let s = self
            .servers
            .iter()
            .position(|x| x.id == fault.server)
            .ok_or_else(|| SimError::UnknownServer(fault.server.clone()))?;
        fault.validate_params("fault")?;
        if fault.action == FaultAction::SetErrorRate {
            self.error_draws = true;
        }
        self.apply_fault(s, fault);
        Ok(())
    }

    fn apply_fault(&mut self, s: usize, fault: &FaultSpec) {
        let now = self.now;
        self.sink.emit(|| SimEvent::Fault {
            t_ns: now,
            server: s as u32,
            action: fault.action,
        });
        let pool = self.spec_to_pool[s].map(|p| p as usize);
        match fault.action {
            FaultAction::Crash => {
                self.servers[s].flapping = None;
                self.servers[s].flap_down = false;
                self.servers[s].crash(now);
                self.reset_attempts_on(s);
            }
            FaultAction::CrashAfterAccept => self.servers[s].crash_armed = true,
            FaultAction::Hang => {
                self.servers[s].mark_failing(now);
                self.servers[s].hung = true;
            }
            FaultAction::Slow => self.servers[s].slow_factor = fault.factor,
            FaultAction::Flapping => {
                let server = &mut self.servers[s];
                server.flapping = Some((ms_to_ns(fault.down_ms), ms_to_ns(fault.up_ms)));
                server.flap_gen = server.flap_gen.wrapping_add(1);
                let generation = server.flap_gen;
                self.go_down_flapping(s);
                self.schedule(
                    now + ms_to_ns(fault.down_ms),
                    Ev::Flap {
                        server: s as u32,
                        generation,
                    },
                );
            }
            FaultAction::Recover => self.servers[s].recover(),
            FaultAction::Maintenance | FaultAction::EndMaintenance => {
                self.maintenance[s] = fault.action == FaultAction::Maintenance;
                self.apply_status(s, fault.action.as_str());
            }
            FaultAction::Drain | FaultAction::Undrain => {
                if let Some(p) = pool {
                    let draining = fault.action == FaultAction::Drain;
                    for b in &mut self.balancers {
                        let _ = b.set_draining(p, draining);
                    }
                }
            }
            FaultAction::SetWeight => {
                if let Some(w) = fault.weight {
                    self.servers[s].weight = w;
                    self.slow_start_generation[s] = self.slow_start_generation[s].wrapping_add(1);
                    self.set_weight_everywhere(s, w);
                }
            }
            FaultAction::SetErrorRate => {
                if let Some(e) = fault.error_rate {
                    self.servers[s].error_rate = e;
                }
            }
        }
    }

    fn go_down_flapping(&mut self, s: usize) {
        let now = self.now;
        self.servers[s].mark_failing(now);
        self.servers[s].flap_down = true;
        self.servers[s].reset_state(now);
        self.reset_attempts_on(s);
    }

    fn set_weight_everywhere(&mut self, s: usize, weight: u32) {
        if let Some(p) = self.spec_to_pool[s] {
            for b in &mut self.balancers {
                let _ = b.set_weight(p as usize, weight);
            }
            let now = self.now;
            self.sink.emit(|| SimEvent::WeightChanged {
                t_ns: now,
                server: s as u32,
                weight,
            });
        }
    }

    /// nginx's slow start: the weight climbs from a tenth to the full weight in ten steps.
    fn start_slow_start(&mut self, s: usize) {
        let server = &self.servers[s];
        if server.slow_start_ns == 0 || server.weight <= 1 {
            return;
        }
        self.slow_start_generation[s] = self.slow_start_generation[s].wrapping_add(1);
        self.slow_start_step(s, 1);
    }

    fn slow_start_step(&mut self, s: usize, step: u32) {
        let full = self.servers[s].weight;
        let weight = ((u64::from(full) * u64::from(step) / 10) as u32).max(1);
        self.set_weight_everywhere(s, weight);
        if step < 10 {
            let generation = self.slow_start_generation[s];
            let at = self.now + self.servers[s].slow_start_ns / 10;
            self.schedule(
                at,
                Ev::SlowStart {
                    server: s as u32,
                    generation,
                    step: step + 1,
                },
            );
        }
    }

    fn join(&mut self, s: usize) {
        if self.spec_to_pool[s].is_some() {
            return;
        }
        let server = engine_server(&self.servers[s]);
        for b in &mut self.balancers {
            if b.add_server(server.clone()).is_err() {
                return;
            }
        }
        self.spec_to_pool[s] = Some(self.pool_to_spec.len() as u32);
        self.pool_to_spec.push(s as u32);
        let now = self.now;
        self.sink.emit(|| SimEvent::Joined {
            t_ns: now,
            server: s as u32,
        });
        if self.health.enabled {
            self.schedule(now, Ev::Probe { server: s as u32 });
        }
        self.apply_status(s, "joined");
        self.start_slow_start(s);
        self.report_if_idle(s);
    }

    fn probe(&mut self, s: usize) {
        if !self.health.enabled || self.spec_to_pool[s].is_none() {
            return;
        }
        let answer = self.servers[s].probe(self.proxy.connect_ns, self.health.timeout_ns);
        self.schedule(
            self.now + answer.after_ns,
            Ev::ProbeResult {
                server: s as u32,
                pass: answer.pass,
                latency: answer.after_ns,
            },
        );
        let next = self.health.next_interval(&mut self.health_rng);
        self.next_probe_ns[s] = Some(self.now + next);
        self.schedule(self.now + next, Ev::Probe { server: s as u32 });
    }

    fn probe_result(&mut self, s: usize, pass: bool, latency: Nanos) {
        let now = self.now;
        self.sink.emit(|| SimEvent::Probe {
            t_ns: now,
            server: s as u32,
            pass,
            latency_ms: latency as f64 / 1e6,
        });
        if let Some(up) = self.health.observe(s, pass) {
            self.apply_status(
                s,
                if up {
                    "health checks pass"
                } else {
                    "health checks fail"
                },
            );
            if up {
                self.start_slow_start(s);
            }
        }
    }

    /// Bring every balancer's view of server `s` in line with maintenance, health, ejection and
    /// that balancer's overload mark. A passing check never lifts maintenance.
    fn apply_status(&mut self, s: usize, reason: &'static str) {
        let global = if self.maintenance[s] {
            Status::Maintenance
        } else if !self.health.is_up(s) || self.outlier.is_ejected(s) {
            Status::Unhealthy
        } else {
            Status::Healthy
        };
        if global != self.global[s] {
            self.unhealthy_at_ns[s] = (global == Status::Unhealthy).then_some(self.now);
            self.global[s] = global;
            self.stats.servers[s].status_changes += 1;
        }
        let Some(p) = self.spec_to_pool[s].map(|p| p as usize) else {
            return;
        };
        let n = self.servers.len();
        let now = self.now;
        for b in 0..self.balancers.len() {
            let want = if global == Status::Healthy && self.overloaded[b * n + s] {
                Status::Overloaded
            } else {
                global
            };
            let from = self.balancers[b].pool().server(p).status;
            if from != want && self.balancers[b].set_status(p, want).is_ok() {
                self.sink.emit(|| SimEvent::StatusChange {
                    t_ns: now,
                    server: s as u32,
                    balancer: b as u32,
                    from,
                    to: want,
                    reason,
                });
            }
        }
    }

    fn sample(&mut self) {
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        for &s in &self.pool_to_spec {
            let c = self.servers[s as usize].in_service;
            lo = lo.min(c);
            hi = hi.max(c);
        }
        if lo <= hi {
            let spread = hi - lo;
            self.stats.spread_sum += f64::from(spread);
            self.stats.spread_samples += 1;
            self.stats.spread_max = self.stats.spread_max.max(spread);
        }
        let interval = std::mem::take(&mut self.stats.interval);
        let retries = std::mem::take(&mut self.stats.interval_retries);
        let in_flight = self.flights.live();
        let t_ms = self.now as f64 / 1e6;
        let Collector {
            series, servers, ..
        } = &mut self.stats;
        if let Some(sample) = series.slot() {
            sample.t_ms = t_ms;
            sample.finished = interval.total();
            sample.ok = interval.ok;
            sample.failed = interval.total() - interval.ok;
            sample.retries = retries;
            sample.in_flight = in_flight;
            sample.connections.clear();
            sample.requests.clear();
            sample.healthy.clear();
            for (s, (server, counters)) in self.servers.iter().zip(servers.iter()).enumerate() {
                sample.connections.push(server.in_service);
                sample.requests.push(counters.interval_requests);
                let pickable = self.spec_to_pool[s].is_some_and(|p| {
                    self.balancers
                        .iter()
                        .all(|b| b.pool().server(p as usize).is_eligible())
                });
                sample.healthy.push(pickable);
            }
        }
        for c in servers.iter_mut() {
            c.interval_requests = 0;
        }
    }

    /// What the run measured so far.
    pub fn report(&self) -> RunReport {
        let c = &self.stats;
        let outcomes: OutcomeCounts = c.outcomes.clone();
        let total = outcomes.total();
        let servers = self.server_reports();
        let (hits, lookups) = c.servers.iter().fold((0, 0), |(h, l), k| {
            (h + k.cache_hits, l + k.cache_hits + k.cache_misses)
        });
        let cache_hit_rate = (self.servers.iter().any(ServerSim::has_cache) && lookups > 0)
            .then(|| hits as f64 / lookups as f64);
        let mut first_requests = c.first_requests.clone();
        // Request ids are unique (a request finishes once): an unstable sort is the same order.
        first_requests.sort_unstable_by_key(|r| r.request);
        RunReport {
            scenario: self.name.clone(),
            strategy: strategy_label(&self.strategy),
            seed: self.seed,
            balancers: self.balancer_count,
            simulated_ms: self.end_ns as f64 / 1e6,
            availability: if total == 0 {
                1.0
            } else {
                outcomes.ok as f64 / total as f64
            },
            latency_ms: Percentiles::of(&c.latency),
            attempts: c.attempts,
            retries: c.retries,
            ejections: (0..self.servers.len())
                .map(|s| self.outlier.ejections(s))
                .sum(),
            status_changes: c.servers.iter().map(|k| k.status_changes).sum(),
            stats: self.seed_stats(&outcomes),
            balance: self.balance(&servers),
            outcomes,
            cache_hit_rate,
            hot_path: self.hot_path_report(),
            servers,
            first_requests,
            series: c.series.samples().cloned().collect(),
        }
    }

    /// Server `s`'s weight in the first balancer's pool (0 when it is not in the pool).
    fn weight_of(&self, s: usize) -> u32 {
        self.spec_to_pool[s].map_or(0, |p| self.balancers[0].pool().server(p as usize).weight)
    }

    /// The seed's `get_stats()`: totals and each server in the pool as the seed describes it.
    fn seed_stats(&self, outcomes: &OutcomeCounts) -> SeedStats {
        let c = &self.stats;
        let total = outcomes.total();
        let present: Vec<usize> = self.pool_to_spec.iter().map(|&s| s as usize).collect();
        let in_flight = self.flights.attempts_per_server(self.servers.len());
        let server_details = present
            .iter()
            .map(|&s| {
                let server = &self.servers[s];
                // Requests really in flight to the server (balancers' views may overlap or lag).
                let connections = in_flight[s];
                let overloaded =
                    (0..self.balancers.len()).any(|b| self.overloaded[b * self.servers.len() + s]);
                let status = if self.global[s] == Status::Healthy && overloaded {
                    Status::Overloaded
                } else {
                    self.global[s]
                };
                crate::engine::ServerDetail {
                    id: server.id.clone(),
                    endpoint: server.endpoint(),
                    status,
                    current_connections: connections,
                    average_response_time: c.servers[s].window.mean().unwrap_or(0.0) / 1000.0,
                    connection_utilization: f64::from(connections)
                        / f64::from(server.max_connections.max(1)),
                }
            })
            .collect::<Vec<_>>();
        let healthy_servers = server_details
            .iter()
            .filter(|d| d.status == Status::Healthy)
            .count();
        SeedStats {
            total_requests: total,
            successful_requests: outcomes.ok,
            failed_requests: total - outcomes.ok,
            average_response_time: if outcomes.ok == 0 {
                0.0
            } else {
                c.ok_ns as f64 / outcomes.ok as f64 / 1e9
            },
            total_servers: present.len(),
            healthy_servers,
            server_details,
        }
    }

    /// Each server of the scenario, in or out of the pool: its requests, share and events.
    fn server_reports(&self) -> Vec<ServerReport> {
        let c = &self.stats;
        let total_weight: u64 = self
            .pool_to_spec
            .iter()
            .map(|&s| u64::from(self.weight_of(s as usize)))
            .sum();
        let attempts = c.attempts.max(1) as f64;
        (0..self.servers.len())
            .map(|s| {
                let k = &c.servers[s];
                let lookups = k.cache_hits + k.cache_misses;
                let w = self.weight_of(s);
                ServerReport {
                    id: self.servers[s].id.clone(),
                    endpoint: self.servers[s].endpoint(),
                    weight: w,
                    requests: k.requests,
                    ok: k.ok,
                    failed: k.failed,
                    share: k.requests as f64 / attempts,
                    weight_share: if total_weight == 0 {
                        0.0
                    } else {
                        f64::from(w) / total_weight as f64
                    },
                    cache_hit_rate: (self.servers[s].has_cache() && lookups > 0)
                        .then(|| k.cache_hits as f64 / lookups as f64),
                    peak_connections: self.servers[s].peak_in_service,
                    ejections: self.outlier.ejections(s),
                    status_changes: k.status_changes,
                    dropped: k.dropped,
                }
            })
            .collect()
    }

    /// How evenly the weighted servers shared the requests and the connections.
    fn balance(&self, servers: &[ServerReport]) -> Balance {
        let c = &self.stats;
        let weighted: Vec<&ServerReport> = servers.iter().filter(|s| s.weight > 0).collect();
        let request_spread = match (
            weighted.iter().map(|s| s.requests).max(),
            weighted.iter().map(|s| s.requests).min(),
        ) {
            (Some(hi), Some(lo)) => hi - lo,
            _ => 0,
        };
        // Measured against the share the strategy promises: in proportion to weight where its
        // shares follow weights, else an equal one (round robin on weights 1, 2, 1, 3 that sends
        // a quarter to each is perfectly fair to its promise, not 0.85).
        let by_weight = self
            .strategy
            .kind
            .shares_follow_weights(self.strategy.variant);
        let per_promise: Vec<f64> = weighted
            .iter()
            .map(|s| {
                if by_weight {
                    s.requests as f64 / f64::from(s.weight)
                } else {
                    s.requests as f64
                }
            })
            .collect();
        Balance {
            request_spread,
            connection_spread_mean: if c.spread_samples == 0 {
                0.0
            } else {
                c.spread_sum / c.spread_samples as f64
            },
            connection_spread_max: c.spread_max,
            peak_connections: servers
                .iter()
                .map(|s| s.peak_connections)
                .max()
                .unwrap_or(0),
            jain_fairness: stats::jain(&per_promise),
        }
    }

    /// The hot path's requests and the server that took most of them, if there was one.
    fn hot_path_report(&self) -> Option<HotPath> {
        let c = &self.stats;
        let hot_requests: u64 = c.servers.iter().map(|k| k.hot_path).sum();
        (hot_requests > 0).then(|| {
            let (top, k) = c
                .servers
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.hot_path.cmp(&b.1.hot_path).then(b.0.cmp(&a.0)))
                .map(|(i, k)| (i, k.hot_path))
                .unwrap_or((0, 0));
            HotPath {
                path: self.hot_path.clone(),
                requests: hot_requests,
                top_server: self.servers[top].endpoint(),
                top_share: k as f64 / hot_requests as f64,
            }
        })
    }

    /// Bytes reserved by the structures that grow with load (for the memory check).
    pub fn reserved_bytes(&self) -> usize {
        self.queue.capacity() * std::mem::size_of::<Scheduled>()
            + self.flights.capacity() * std::mem::size_of::<proxy::Flight>()
    }
}

fn engine_server(s: &ServerSim) -> Server {
    let mut server = Server::new(s.id.clone(), s.host.clone(), s.port, s.weight);
    server.max_connections = s.max_connections;
    server
}

/// Run every strategy of the scenario on the very same arrivals (compare mode).
pub fn compare(scenario: &Scenario, seed: u64) -> Result<Vec<RunReport>, SimError> {
    Ok(compare_runs(scenario, seed)?
        .into_iter()
        .map(|r| r.report)
        .collect())
}

/// One strategy's run in compare mode, with the latencies of its successful requests whole
/// (for a histogram).
#[derive(Clone, Debug)]
pub struct CompareRun {
    /// The run's report, as `simulate` gives it.
    pub report: RunReport,
    /// Every successful request's latency, binned.
    pub ok_latency: stats::Histogram,
}

/// [`compare`], keeping each run's histogram of successful latencies.
pub fn compare_runs(scenario: &Scenario, seed: u64) -> Result<Vec<CompareRun>, SimError> {
    scenario.validate()?;
    let mut runs = Vec::with_capacity(scenario.strategies.len());
    for s in &scenario.strategies {
        let mut sim = Simulation::with_strategy(scenario, s, seed)?;
        let report = sim.run();
        runs.push(CompareRun {
            report,
            ok_latency: sim.stats.ok_latency.clone(),
        });
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Method, StrategyKind};
    use crate::scenario::{Burst, MethodShare, ServerSpec};
    use proptest::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    const MS: Nanos = 1_000_000;

    /// Four equal servers, 10 ms each, 1000 requests/s.
    fn small(requests: u64) -> Scenario {
        Scenario {
            name: "test".into(),
            requests,
            servers: (0..4)
                .map(|_| ServerSpec {
                    latency_ms: 10.0,
                    ..ServerSpec::default()
                })
                .collect(),
            ..Scenario::default()
        }
    }

    fn fault(at_ms: f64, server: &str, action: FaultAction) -> FaultSpec {
        FaultSpec {
            at_ms,
            server: server.into(),
            action,
            ..FaultSpec::default()
        }
    }

    fn run(s: &Scenario) -> RunReport {
        Simulation::new(s, s.seed).unwrap().run()
    }

    /// Every event of a run.
    fn events(s: &Scenario, kind: StrategyKind, explain: bool) -> (RunReport, Vec<SimEvent>) {
        let mut sim = Simulation::with_strategy(s, &StrategyConfig::new(kind), s.seed).unwrap();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        sim.on_event(move |e| sink.borrow_mut().push(e), explain);
        let report = sim.run();
        drop(sim);
        let events = Rc::try_unwrap(seen).unwrap().into_inner();
        (report, events)
    }

    #[test]
    fn jain_measures_against_the_share_the_strategy_promises() {
        // The tutorial's weights, 1, 2, 1, 3: round robin promises each a quarter and keeps it;
        // weighted round robin promises 1/7, 2/7, 1/7, 3/7 and keeps it. Both are perfectly fair
        // to their promise (per weight, round robin's quarters scored 0.85).
        let mut s = small(700);
        for (server, w) in s.servers.iter_mut().zip([1, 2, 1, 3]) {
            server.weight = w;
        }
        let jain = |kind| events(&s, kind, false).0.balance.jain_fairness;
        let rr = jain(StrategyKind::RoundRobin);
        assert!((rr - 1.0).abs() < 1e-9, "round robin: {rr}");
        let wrr = jain(StrategyKind::WeightedRoundRobin);
        assert!((wrr - 1.0).abs() < 1e-9, "weighted round robin: {wrr}");
        // Against the other promise each is unfair: the same quarters per weight.
        let quarters = [175.0, 87.5, 175.0, 175.0 / 3.0];
        assert!((stats::jain(&quarters) - 0.85).abs() < 1e-9);
        // The page's ticks: the shares each promises.
        let r = events(&s, StrategyKind::RoundRobin, false).0;
        assert_eq!(stats::promised_shares(false, &r.servers), [0.25; 4]);
        assert_eq!(
            stats::promised_shares(true, &r.servers),
            [1.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0, 3.0 / 7.0]
        );
    }

    #[test]
    fn the_same_seed_gives_identical_json_and_another_seed_differs() {
        let mut s = small(2000);
        s.servers[1].jitter = 0.5;
        s.servers[2].error_rate = 0.1;
        s.proxy.retries = 1;
        s.faults = vec![fault(500.0, "server3", FaultAction::Crash)];
        s.health.interval_ms = 100.0;
        let json = |seed| serde_json::to_string(&Simulation::new(&s, seed).unwrap().run()).unwrap();
        assert_eq!(json(7), json(7));
        assert_ne!(json(7), json(8));
    }

    #[test]
    fn a_full_queue_answers_503_counts_it_and_a_retry_may_find_room() {
        let mut s = small(2000);
        s.servers.truncate(2);
        for server in &mut s.servers {
            server.capacity = 1;
            server.queue_limit = Some(1);
        }
        s.arrivals.rate_per_s = 400.0; // twice what two 10 ms workers finish
        s.health.enabled = false;
        s.report.first_requests = 2000;
        let r = run(&s);
        assert!(r.outcomes.dropped > 200, "{:?}", r.outcomes);
        assert_eq!(r.outcomes.total(), 2000);
        let per_server: u64 = r.servers.iter().map(|x| x.dropped).sum();
        assert_eq!(
            per_server, r.outcomes.dropped,
            "no retries: one drop per request"
        );
        assert!(r.balance.peak_connections <= 2, "capacity + queue");
        let dropped = r
            .first_requests
            .iter()
            .filter(|q| q.outcome == Outcome::Dropped);
        assert!(
            dropped
                .clone()
                .all(|q| q.status == 503 && q.server.is_some())
        );
        assert!(dropped.count() > 200);
        // One retry on the other server saves some of them.
        s.proxy.retries = 1;
        s.proxy.retry_budget = 1.0;
        let retried = run(&s);
        assert!(retried.outcomes.dropped < r.outcomes.dropped);
        assert!(retried.servers.iter().map(|x| x.dropped).sum::<u64>() > retried.outcomes.dropped);
        // Without a limit nothing is dropped and the JSON keeps its old fields.
        s.servers.iter_mut().for_each(|x| x.queue_limit = None);
        let unlimited = run(&s);
        assert_eq!(unlimited.outcomes.dropped, 0);
        assert!(
            !serde_json::to_string(&unlimited)
                .unwrap()
                .contains("dropped")
        );
    }

    #[test]
    fn request_costs_draw_from_their_own_stream() {
        let mut s = small(3000);
        s.servers[1].jitter = 0.5;
        s.servers[2].error_rate = 0.1;
        s.report.first_requests = 50;
        let plain = run(&s);
        // A zero spread is no cost at all, bit for bit.
        s.cost.distribution = crate::scenario::CostDistribution::Pareto;
        s.cost.spread = 0.0;
        assert_eq!(run(&s), plain);
        // Costs on: the same requests arrive at the same times and fail alike.
        s.cost.spread = 1.5;
        let costly = run(&s);
        let who = |r: &RunReport| {
            r.first_requests
                .iter()
                .map(|q| (q.path.clone(), q.client_ip.clone(), q.server.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(who(&costly), who(&plain));
        assert_eq!(costly.outcomes.error, plain.outcomes.error);
        assert!(costly.latency_ms.max > 2.0 * plain.latency_ms.max);
    }

    #[test]
    fn every_strategy_sees_the_same_arrivals() {
        let mut s = small(500);
        s.servers[0].jitter = 0.4;
        s.servers[0].error_rate = 0.2;
        s.proxy.retries = 2;
        let sent = |kind| {
            events(&s, kind, false)
                .1
                .into_iter()
                .filter(|e| matches!(e, SimEvent::RequestSent { .. }))
                .collect::<Vec<_>>()
        };
        let rr = sent(StrategyKind::RoundRobin);
        assert_eq!(rr.len(), 500);
        for kind in [
            StrategyKind::Random,
            StrategyKind::WeightedRoundRobin,
            StrategyKind::IpHash,
        ] {
            assert_eq!(sent(kind), rr, "{kind}");
        }
    }

    #[test]
    fn no_eligible_server_is_a_503_and_maintenance_survives_passing_checks() {
        let mut s = small(100);
        s.health.interval_ms = 10.0;
        s.health.rise = 1;
        s.faults = ["server1", "server2", "server3", "server4"]
            .iter()
            .map(|id| fault(0.0, id, FaultAction::Maintenance))
            .collect();
        let r = run(&s);
        assert_eq!(r.outcomes.no_server, 100);
        assert_eq!(r.stats.failed_requests, 100);
        assert_eq!(r.availability, 0.0);
        assert_eq!(r.stats.healthy_servers, 0);
        assert!(
            r.stats
                .server_details
                .iter()
                .all(|d| d.status == Status::Maintenance)
        );
        assert_eq!(r.latency_ms.count, 0, "503s have no latency");
        // Ending maintenance brings the server back.
        s.faults
            .push(fault(50.0, "server2", FaultAction::EndMaintenance));
        let r = run(&s);
        assert!(r.outcomes.ok > 0 && r.servers[1].requests == r.outcomes.ok);
    }

    #[test]
    fn a_hung_server_times_out_and_retries_move_on() {
        let mut s = small(400);
        s.proxy.timeout_ms = 200.0;
        s.health.enabled = false;
        s.faults = vec![fault(0.0, "server1", FaultAction::Hang)];
        let r = run(&s);
        assert_eq!(
            r.outcomes.timeout, 100,
            "round robin sends every 4th request to server1"
        );
        assert_eq!(r.latency_ms.max, 200.0);
        s.proxy.retries = 1;
        let r = run(&s);
        // The default budget (20 % of requests + 10) runs out: 25 % of requests need a retry.
        // (Retries take round-robin turns too, so server1 sees a few more first attempts.)
        assert!(r.outcomes.timeout > 0);
        assert_eq!(r.outcomes.timeout + r.retries, r.servers[0].requests);
        s.proxy.retry_budget = 1.0;
        let r = run(&s);
        assert_eq!((r.outcomes.timeout, r.outcomes.ok), (0, 400));
        assert_eq!(
            r.retries, r.servers[0].requests,
            "every attempt on server1 retried"
        );
        // POST is not idempotent: never retried.
        s.methods = vec![MethodShare {
            method: Method::Post,
            share: 1.0,
        }];
        let r = run(&s);
        assert_eq!((r.outcomes.timeout, r.retries), (100, 0));
    }

    #[test]
    fn the_retry_budget_caps_retries() {
        let mut s = small(1000);
        s.health.enabled = false;
        s.proxy.retries = 3;
        s.proxy.retry_budget = 0.05;
        s.proxy.retry_budget_min = 0;
        s.faults = vec![fault(0.0, "server1", FaultAction::Crash)];
        let r = run(&s);
        assert!(r.retries <= 50 && r.retries >= 45, "{}", r.retries);
        assert!(r.outcomes.refused > 0);
    }

    #[test]
    fn a_crash_resets_requests_in_flight_and_refuses_new_ones() {
        let mut s = small(2000);
        s.servers.iter_mut().for_each(|x| x.latency_ms = 100.0);
        s.health.enabled = false;
        s.faults = vec![fault(1000.0, "server2", FaultAction::Crash)];
        let r = run(&s);
        // ~100 ms of server2's share in flight at the crash: 1000/s × 0.1 s / 4 ≈ 25.
        assert!((20..=30).contains(&r.outcomes.reset), "{:?}", r.outcomes);
        assert!(r.outcomes.refused > 200, "{:?}", r.outcomes);
        let after: u64 = r.servers[1].ok;
        assert!(after < 260, "server2 answered nothing after 1 s");
        // Crash after accepting: the next request accepted kills it mid-request.
        s.faults = vec![fault(1000.0, "server2", FaultAction::CrashAfterAccept)];
        let r2 = run(&s);
        assert!(r2.outcomes.reset >= 20, "{:?}", r2.outcomes);
    }

    #[test]
    fn a_crash_is_undetected_until_the_checks_fail_enough_times() {
        let mut s = small(3000);
        s.health.interval_ms = 100.0;
        s.health.timeout_ms = 50.0;
        s.health.fall = 3;
        s.faults = vec![fault(550.0, "server1", FaultAction::Crash)];
        let mut sim = Simulation::new(&s, s.seed).unwrap();
        sim.run_until(540 * MS);
        assert_eq!(sim.detection(0), Detection::Working);
        sim.run_until(560 * MS);
        let undetected = |next_ms: Nanos, failed_checks: u32| Detection::Undetected {
            fault: FaultKind::Crashed,
            since_ns: 550 * MS,
            next_check_ns: Some(next_ms * MS),
            failed_checks,
            fall: 3,
        };
        assert_eq!(sim.detection(0), undetected(600, 0));
        assert_eq!(sim.balancers()[0].pool().server(0).status, Status::Healthy);
        sim.run_until(650 * MS);
        assert_eq!(sim.detection(0), undetected(700, 1));
        sim.run_until(790 * MS);
        assert_eq!(sim.detection(0), undetected(800, 2));
        // The third failing check answers 1 ms (the connect time) after it starts.
        sim.run_until(810 * MS);
        assert_eq!(
            sim.detection(0),
            Detection::Detected {
                fault: FaultKind::Crashed,
                at_ns: 801 * MS
            }
        );
        assert_eq!(
            sim.balancers()[0].pool().server(0).status,
            Status::Unhealthy
        );
        // Without checks nothing finds it: no countdown.
        s.health.enabled = false;
        let mut off = Simulation::new(&s, s.seed).unwrap();
        off.run_until(2000 * MS);
        assert!(matches!(
            off.detection(0),
            Detection::Undetected {
                next_check_ns: None,
                ..
            }
        ));
    }

    #[test]
    fn a_crashed_servers_fast_failures_do_not_lower_its_success_latency() {
        let mut s = small(4000);
        s.health.enabled = false;
        s.faults = vec![fault(1000.0, "server1", FaultAction::Crash)];
        let mut sim = Simulation::new(&s, s.seed).unwrap();
        sim.run_until(990 * MS);
        let before = sim.server_counters(0).recent_latency();
        let ok_before = before.ok.expect("it answered before the crash");
        assert_eq!(before.failures, 0);
        sim.run_until(3000 * MS);
        let after = sim.server_counters(0).recent_latency();
        assert_eq!(after.ok, Some(ok_before), "no success since: unchanged");
        assert!(after.failures > 50, "{after:?}");
        // The seed's window, failures included, is the figure that fell.
        let seed_mean = sim.server_counters(0).window.mean().unwrap();
        assert!(
            seed_mean < ok_before[0] / 2.0,
            "{seed_mean} vs {ok_before:?}"
        );
        // Run-wide, the successes' mean stays at a server's latency while the mean of all
        // requests (refusals included) falls.
        let (ok, all) = (sim.success_latency(), sim.report().latency_ms);
        assert!(ok.mean > 9.0 && all.mean < 8.5, "{ok:?} vs {all:?}");
    }

    #[test]
    fn health_checks_take_a_crashed_server_out_and_bring_it_back() {
        let mut s = small(3000);
        s.health.interval_ms = 100.0;
        s.health.timeout_ms = 50.0;
        s.health.rise = 2;
        s.health.fall = 3;
        s.faults = vec![
            fault(500.0, "server1", FaultAction::Crash),
            fault(1500.0, "server1", FaultAction::Recover),
        ];
        let (r, events) = events(&s, StrategyKind::RoundRobin, false);
        let changes: Vec<(Nanos, Status)> = events
            .iter()
            .filter_map(|e| match e {
                SimEvent::StatusChange {
                    t_ns,
                    server: 0,
                    to,
                    ..
                } => Some((*t_ns, *to)),
                _ => None,
            })
            .collect();
        assert_eq!(changes.len(), 2, "{changes:?}");
        // Down after the third failing probe (probes at 0, 100, ...: 500, 600, 700 fail).
        assert_eq!(changes[0], (700 * MS + MS, Status::Unhealthy));
        // Up after two passing probes (1500, 1600).
        assert_eq!(changes[1], (1600 * MS + 10 * MS, Status::Healthy));
        assert_eq!(r.servers[0].status_changes, 2);
        let probes = events
            .iter()
            .filter(|e| matches!(e, SimEvent::Probe { server: 0, .. }))
            .count();
        assert!(probes >= 25);
    }

    #[test]
    fn max_connections_marks_a_server_overloaded() {
        let mut s = small(2000);
        s.health.enabled = false;
        s.servers[0].max_connections = 3;
        s.servers[0].latency_ms = 100.0;
        let (r, events) = events(&s, StrategyKind::RoundRobin, false);
        assert!(
            r.servers[0].peak_connections <= 3,
            "{}",
            r.servers[0].peak_connections
        );
        assert!(events.iter().any(|e| matches!(
            e,
            SimEvent::StatusChange {
                server: 0,
                to: Status::Overloaded,
                ..
            }
        )));
        assert!(events.iter().any(|e| matches!(
            e,
            SimEvent::StatusChange {
                server: 0,
                from: Status::Overloaded,
                to: Status::Healthy,
                ..
            }
        )));
        assert_eq!(r.outcomes.ok, 2000);
    }

    #[test]
    fn outlier_detection_ejects_a_failing_server() {
        let mut s = small(4000);
        s.health.enabled = false;
        s.servers[3].error_rate = 1.0;
        s.outlier.enabled = true;
        s.outlier.consecutive_failures = 3;
        s.outlier.base_ejection_ms = 1000.0;
        let r = run(&s);
        assert!(r.ejections >= 1);
        assert!(r.servers[3].requests < 700, "{}", r.servers[3].requests);
        s.outlier.enabled = false;
        assert_eq!(run(&s).servers[3].requests, 1000);
    }

    #[test]
    fn joins_ramp_up_drains_stop_and_bursts_add() {
        let mut s = small(3000);
        s.health.enabled = false;
        s.servers.push(ServerSpec {
            id: "late".into(),
            weight: 10,
            join_at_ms: Some(1000.0),
            slow_start_ms: 1000.0,
            ..ServerSpec::default()
        });
        s.faults = vec![fault(2000.0, "server1", FaultAction::Drain)];
        s.arrivals.bursts = vec![Burst {
            at_ms: 500.0,
            requests: 50,
            over_ms: 10.0,
        }];
        s.report.sample_interval_ms = 250.0;
        s.strategies = vec![StrategyConfig::new(StrategyKind::WeightedRoundRobin)];
        let (r, events) = events(&s, StrategyKind::WeightedRoundRobin, false);
        assert_eq!(r.stats.total_requests, 3050);
        let weights: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                SimEvent::WeightChanged {
                    server: 4, weight, ..
                } => Some(*weight),
                _ => None,
            })
            .collect();
        assert_eq!(weights, (1..=10).collect::<Vec<_>>());
        for sample in &r.series {
            if sample.t_ms <= 1000.0 {
                assert_eq!(sample.requests[4], 0);
            }
            if sample.t_ms > 2000.0 {
                assert_eq!(sample.requests[0], 0, "drained at {}", sample.t_ms);
            }
        }
        assert!(r.servers[4].requests > 1000);
    }

    /// Envoy's slow start where the simulator brings a server up: a server joining at 1 s,
    /// after the first hosts' own 800 ms window has passed, takes a ramping share of
    /// envoy_least_request's picks with slow start, its full share without; past its own window
    /// the shares even out again.
    #[test]
    fn envoy_slow_start_ramps_a_server_the_simulator_brings_up() {
        let mut s = small(6000);
        s.health.enabled = false;
        s.servers.push(ServerSpec {
            id: "late".into(),
            latency_ms: 10.0,
            join_at_ms: Some(1000.0),
            ..ServerSpec::default()
        });
        s.report.sample_interval_ms = 100.0;
        let share_of_late = |slow_start, from_ms: f64, to_ms: f64| {
            let config = StrategyConfig {
                slow_start,
                ..StrategyConfig::new(StrategyKind::EnvoyLeastRequest)
            };
            let r = Simulation::with_strategy(&s, &config, s.seed)
                .unwrap()
                .run();
            let within = r
                .series
                .iter()
                .filter(|x| x.t_ms > from_ms && x.t_ms <= to_ms);
            let (late, all) = within.fold((0, 0), |(l, a), x| {
                (l + x.requests[4], a + x.requests.iter().sum::<u64>())
            });
            assert!(all > 100, "{all} requests from {from_ms} to {to_ms} ms");
            late as f64 / all as f64
        };
        let ramp = Some(crate::engine::proxies::envoy_least::SlowStart {
            window_ms: 800,
            ..Default::default()
        });
        let (with, without) = (
            share_of_late(ramp, 1000.0, 1300.0),
            share_of_late(None, 1000.0, 1300.0),
        );
        assert!(
            with < 0.6 * without,
            "with slow start {with}, without {without}"
        );
        let after = share_of_late(ramp, 2000.0, 3000.0);
        assert!((after - 0.2).abs() < 0.05, "after the window: {after}");
    }

    #[test]
    fn explained_picks_carry_the_engines_steps_and_the_ring_stays_bounded() {
        let s = small(20);
        let (_, events) = events(&s, StrategyKind::RoundRobin, true);
        let steps: Vec<&Vec<crate::engine::Step>> = events
            .iter()
            .filter_map(|e| match e {
                SimEvent::Picked { steps, .. } => Some(steps),
                _ => None,
            })
            .collect();
        assert_eq!(steps.len(), 20);
        assert!(
            steps
                .iter()
                .all(|s| matches!(s.last(), Some(crate::engine::Step::Chosen { .. })))
        );
        let mut sim = Simulation::new(&small(1000), 1).unwrap();
        sim.record_events(64, false);
        sim.run();
        assert_eq!(sim.take_events().len(), 64);
        assert!(sim.take_events().is_empty());
    }

    #[test]
    fn stepping_running_until_and_injecting_live() {
        let mut sim = Simulation::new(&small(1000), 1).unwrap();
        sim.run_until(100 * MS);
        assert_eq!(sim.now(), 100 * MS);
        let done = sim.finished_requests();
        assert!((85..=100).contains(&done), "{done}");
        sim.run_requests(10);
        assert_eq!(sim.finished_requests(), done + 10);
        sim.inject(&fault(0.0, "server2", FaultAction::Crash))
            .unwrap();
        assert!(sim.inject(&fault(0.0, "nope", FaultAction::Crash)).is_err());
        let bad = FaultSpec {
            factor: 0.5,
            ..fault(0.0, "server1", FaultAction::Slow)
        };
        assert!(sim.inject(&bad).is_err());
        let r = sim.run();
        assert!(r.outcomes.refused > 0);
        assert!(sim.is_finished() && !sim.step());
        assert_eq!(r.stats.total_requests, 1000);
    }

    #[test]
    fn simulated_time_advances_at_the_shortest_periods() {
        // Everything that repeats at its shortest period (1 µs): samples, health checks,
        // flapping. Time must move at least one period for every few events; a period that
        // rounded to 0 ns kept the clock at 0 for ever.
        let mut s = small(1000);
        s.arrivals.rate_per_s = 1.0;
        let min = crate::scenario::bounds::MIN_PERIOD_MS;
        s.report.sample_interval_ms = min;
        s.health.interval_ms = min;
        s.faults = vec![FaultSpec {
            down_ms: min,
            up_ms: min,
            ..fault(0.0, "server1", FaultAction::Flapping)
        }];
        let mut sim = Simulation::new(&s, 1).unwrap();
        let steps = 20_000;
        for _ in 0..steps {
            assert!(sim.step());
        }
        // Per µs: 1 sample, 1 flap, and a probe and its result per server (4): 10 events.
        assert!(sim.now() >= steps / 10 * 1000 / 2, "now = {} ns", sim.now());
    }

    #[test]
    fn a_vanishing_rate_ends_the_run_instead_of_the_clock() {
        // The first request arrives at 0, the second would come after 10³⁰⁰ s; steady arrivals
        // end at the longest time a scenario may name, so the run is over after the first.
        let mut s = small(10);
        s.arrivals.rate_per_s = 1e-300;
        let mut sim = Simulation::new(&s, 1).unwrap();
        let mut steps = 0;
        while sim.step() {
            steps += 1;
        }
        assert_eq!(sim.finished_requests(), 1);
        assert!(
            steps < 50 && sim.now() < 1000 * MS,
            "{steps} steps, now {}",
            sim.now()
        );
    }

    #[test]
    fn duration_stops_the_steady_arrivals() {
        let mut s = small(1_000_000);
        s.duration_ms = Some(500.0);
        let r = run(&s);
        assert!(
            (480..=520).contains(&r.stats.total_requests),
            "{}",
            r.stats.total_requests
        );
    }

    #[test]
    fn several_balancers_keep_their_own_views() {
        let mut s = small(400);
        s.balancers = 4;
        s.clients.count = 8;
        s.arrivals.process = crate::scenario::Process::Fixed;
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.run();
        let picks: Vec<u64> = sim
            .balancers()
            .iter()
            .map(|b| b.pool().servers().iter().map(|x| x.load.requests).sum())
            .collect();
        assert_eq!(picks.iter().sum::<u64>(), 400);
        assert!(picks.iter().all(|&p| p > 50), "{picks:?}");
    }

    #[test]
    fn shared_load_reports_reach_every_balancer_in_batches() {
        let mut s = small(3000);
        s.balancers = 3;
        s.shared_load_ms = Some(100.0);
        s.health.enabled = false;
        let mut sim = Simulation::new(&s, 1).unwrap();
        let mut checked = 0;
        while sim.step() {
            // Right after a delivery every view holds every request started before it.
            if sim.now.is_multiple_of(100 * MS) && sim.next_time() != Some(sim.now) {
                let n = sim.servers.len();
                let mut started_before = vec![0u32; n];
                let mut slot = 0;
                while let Some(f) = sim.flights.slot(slot) {
                    if f.in_attempt && f.started < sim.now {
                        started_before[f.server as usize] += 1;
                    }
                    slot += 1;
                }
                for b in sim.balancers() {
                    for (p, server) in b.pool().servers().iter().enumerate() {
                        let s = sim.pool_to_spec[p] as usize;
                        assert!(server.load.connections >= started_before[s]);
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked}");
        let r = sim.report();
        assert!(
            r.stats
                .server_details
                .iter()
                .all(|d| d.current_connections == 0)
        );
        let heard: u64 = sim.balancers()[0]
            .pool()
            .servers()
            .iter()
            .map(|x| x.load.requests)
            .sum();
        assert!(
            heard > 2900,
            "balancer 0 heard of (nearly) every request: {heard}"
        );
    }

    /// Check, between events, that each balancer's connection count for each server equals the
    /// attempts it has in flight there, and each server's in-service count its held attempts.
    fn check_connections(sim: &Simulation) {
        let n = sim.servers.len();
        let mut expected = vec![0u32; sim.balancers.len() * n];
        let mut held = vec![0u32; n];
        let mut slot = 0u32;
        while let Some(f) = sim.flights.slot(slot) {
            if f.in_attempt {
                expected[f.balancer as usize * n + f.server as usize] += 1;
                if f.holding {
                    held[f.server as usize] += 1;
                }
            }
            slot += 1;
        }
        for (b, balancer) in sim.balancers.iter().enumerate() {
            for (p, server) in balancer.pool().servers().iter().enumerate() {
                let s = sim.pool_to_spec[p] as usize;
                assert_eq!(
                    server.load.connections,
                    expected[b * n + s],
                    "balancer {b} server {s}"
                );
            }
        }
        for (s, (server, &held)) in sim.servers.iter().zip(&held).enumerate() {
            assert_eq!(server.in_service, held, "server {s} in service");
        }
    }

    fn arb_scenario() -> impl Strategy<Value = (Scenario, StrategyConfig)> {
        let kinds = prop::sample::select(vec![
            StrategyKind::RoundRobin,
            StrategyKind::WeightedRoundRobin,
            StrategyKind::Random,
            StrategyKind::LeastConnections,
            StrategyKind::ConsistentHash,
            StrategyKind::PowerOfTwoChoices,
        ])
        .prop_flat_map(|kind| (Just(kind), any::<bool>()))
        .prop_map(|(kind, seed_code)| {
            // The seed's code too, so its faults (round robin's IndexError) are exercised.
            let mut config = StrategyConfig::new(kind);
            if seed_code && kind.has_seed_variant() {
                config.variant = crate::engine::Variant::Seed;
            }
            config
        });
        let actions = prop::sample::select(vec![
            FaultAction::Crash,
            FaultAction::CrashAfterAccept,
            FaultAction::Hang,
            FaultAction::Slow,
            FaultAction::Flapping,
            FaultAction::Recover,
            FaultAction::Maintenance,
            FaultAction::EndMaintenance,
            FaultAction::Drain,
            FaultAction::Undrain,
        ]);
        (
            1usize..5,
            prop::collection::vec((0u32..4, 0.0f64..0.3, 0u32..4, 1u32..6, 0.0f64..1.0), 5),
            prop::collection::vec((0.0f64..400.0, 0usize..5, actions), 0..6),
            (
                0u32..3,
                1u32..3,
                any::<bool>(),
                any::<bool>(),
                20u64..300,
                any::<u64>(),
            ),
            kinds,
        )
            .prop_map(
                |(n, specs, faults, (retries, balancers, outlier, post, requests, seed), kind)| {
                    let servers: Vec<ServerSpec> = specs[..n]
                        .iter()
                        .enumerate()
                        .map(|(i, &(w, err, cap, maxc, jit))| ServerSpec {
                            weight: if i == 0 { w.max(1) } else { w },
                            error_rate: err,
                            capacity: cap,
                            max_connections: maxc,
                            jitter: jit,
                            latency_ms: 5.0 + 10.0 * i as f64,
                            join_at_ms: (i == 3).then_some(100.0),
                            slow_start_ms: 50.0,
                            ..ServerSpec::default()
                        })
                        .collect();
                    let mut s = Scenario {
                        seed,
                        requests,
                        balancers,
                        servers,
                        ..Scenario::default()
                    };
                    s.arrivals.rate_per_s = 2000.0;
                    s.arrivals.bursts = vec![Burst {
                        at_ms: 50.0,
                        requests: 20,
                        over_ms: 0.0,
                    }];
                    s.proxy.retries = retries;
                    s.proxy.timeout_ms = 80.0;
                    s.health.interval_ms = 20.0;
                    s.health.timeout_ms = 10.0;
                    s.outlier.enabled = outlier;
                    s.outlier.consecutive_failures = 2;
                    s.outlier.base_ejection_ms = 30.0;
                    if post {
                        s.methods.push(MethodShare {
                            method: Method::Post,
                            share: 0.5,
                        });
                    }
                    s.faults = faults
                        .into_iter()
                        .map(|(at, server, action)| FaultSpec {
                            at_ms: at,
                            server: format!("server{}", server % n + 1),
                            action,
                            down_ms: 30.0,
                            up_ms: 30.0,
                            ..FaultSpec::default()
                        })
                        .collect();
                    (s, kind)
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn every_request_ends_once_and_connections_balance((s, config) in arb_scenario()) {
            let mut sim = Simulation::with_strategy(&s, &config, s.seed).unwrap();
            let seen = Rc::new(RefCell::new(Vec::new()));
            let sink = seen.clone();
            sim.on_event(move |e| sink.borrow_mut().push(e), false);
            let mut steps = 0u64;
            while sim.step() {
                steps += 1;
                if steps.is_multiple_of(7) {
                    check_connections(&sim);
                }
                prop_assert!(steps < 5_000_000, "runaway");
            }
            check_connections(&sim);
            let r = sim.report();
            let arrivals = s.requests + 20;
            prop_assert_eq!(r.stats.total_requests, arrivals);
            prop_assert_eq!(r.outcomes.total(), arrivals);
            prop_assert_eq!(r.stats.successful_requests + r.stats.failed_requests, arrivals);
            prop_assert!((0.0..=1.0).contains(&r.availability));
            prop_assert!(r.stats.server_details.iter().all(|d| d.current_connections == 0));
            prop_assert_eq!(
                r.attempts,
                r.servers.iter().map(|x| x.requests).sum::<u64>()
            );
            prop_assert_eq!(r.attempts, r.servers.iter().map(|x| x.ok + x.failed).sum::<u64>());
            drop(sim);
            let events = Rc::try_unwrap(seen).unwrap().into_inner();
            let mut ends = vec![0u32; arrivals as usize];
            let mut started = 0u64;
            let mut finished = 0u64;
            for e in &events {
                match e {
                    SimEvent::Finished { request, last, .. } => {
                        finished += 1;
                        if *last {
                            ends[*request as usize] += 1;
                        }
                    }
                    SimEvent::NoServer { request, .. } | SimEvent::SeedFault { request, .. } => {
                        ends[*request as usize] += 1
                    }
                    SimEvent::Started { .. } => started += 1,
                    _ => {}
                }
            }
            prop_assert_eq!(started, finished);
            prop_assert_eq!(started, r.attempts);
            // Every request ends exactly once in the event stream, the seed's faults included.
            let faults = events.iter().filter(|e| matches!(e, SimEvent::SeedFault { .. })).count();
            prop_assert_eq!(faults as u64, r.outcomes.seed_fault);
            prop_assert!(ends.iter().all(|&c| c == 1), "{:?}", ends);
        }
    }
}
