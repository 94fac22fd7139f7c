//! A deterministic discrete-event simulation of the seed's proxy, health checker and statistics
//! over the engine's balancers.
//!
//! Time is simulated ([`Nanos`]); nothing reads a clock. Events wait in a binary heap ordered by
//! time, ties broken by the order they were scheduled (a sequence number), so a run is a pure
//! function of the scenario and the seed. Randomness comes from separate [`SimRng`] streams
//! derived from the seed (SplitMix64-mixed): arrivals and what they ask for; per-request server
//! behaviour (jitter, errors), drawn at arrival; retries; health-check jitter; and one stream per
//! balancer for its strategy's picks. So the strategy under test cannot perturb the arrivals, and
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
//! and the CLI's `simulate` command).

pub mod clients;
pub mod events;
pub mod health;
pub mod proxy;
pub mod report;
pub mod servers;
pub mod stats;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use thiserror::Error;

use crate::engine::{Balancer, Nanos, Request, Server, SimRng, Status, StrategyConfig, seeded};
use crate::scenario::{FaultAction, FaultSpec, Scenario, ScenarioError};

use clients::Traffic;
use events::{RingSink, SimEvent, Sink};
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
    Scenario(#[from] ScenarioError),
    #[error("{0}")]
    Engine(String),
    #[error("unknown preset '{0}' (known: {known})", known = crate::scenario::PRESETS.join(", "))]
    UnknownPreset(String),
    #[error("{0}")]
    UnknownStrategy(String),
    #[error("no server with id '{0}'")]
    UnknownServer(String),
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error("unknown format '{0}' (known: table, json)")]
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
}

struct Scheduled {
    at: Nanos,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
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
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
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
const RETRIES: u64 = 3;
const HEALTH: u64 = 4;
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
    next_arrival: Option<(Nanos, u64)>,
    seq: u64,
    balancers: Vec<Balancer>,
    balancer_count: u32,
    pick_rngs: Vec<SimRng>,
    arrival_rng: SimRng,
    behaviour_rng: SimRng,
    #[allow(dead_code)] // reserved: retries draw nothing yet (no randomised back-off)
    retry_rng: SimRng,
    health_rng: SimRng,
    traffic: Traffic,
    servers: Vec<ServerSim>,
    spec_to_pool: Vec<Option<u32>>,
    pool_to_spec: Vec<u32>,
    health: HealthChecker,
    outlier: OutlierDetector,
    maintenance: Vec<bool>,
    /// Per balancer × server: marked overloaded by that balancer.
    overloaded: Vec<bool>,
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

/// A strategy's name as reports show it ("round_robin", or "round_robin (seed)" for the seed's code).
pub fn strategy_label(config: &StrategyConfig) -> String {
    match config.variant {
        crate::engine::Variant::Corrected => config.kind.name().to_string(),
        crate::engine::Variant::Seed => format!("{} (seed)", config.kind.name()),
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
        let balancers = (0..balancer_count)
            .map(|_| Balancer::new(strategy.clone(), pool_servers.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SimError::Engine(e.to_string()))?;
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
            retry_rng: stream(seed, RETRIES),
            health_rng: stream(seed, HEALTH),
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
            outlier: OutlierDetector::new(&scenario.outlier, n),
            maintenance: vec![false; n],
            overloaded: vec![false; n * balancer_count as usize],
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
            steady_until: scenario.duration_ms.map(ms_to_ns),
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
        };
        sim.schedule_start();
        Ok(sim)
    }

    fn schedule_start(&mut self) {
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
        self.schedule(self.sample_ns, Ev::Sample);
    }

    #[inline]
    fn schedule(&mut self, at: Nanos, ev: Ev) {
        self.seq += 1;
        let at = at.max(self.now);
        if let Ev::Arrival = ev {
            self.next_arrival = Some((at, self.seq));
        } else {
            self.queue.push(Scheduled {
                at,
                seq: self.seq,
                ev,
            });
        }
    }

    /// Take the earliest event by (time, sequence).
    #[inline]
    fn pop_next(&mut self) -> Option<(Nanos, Ev)> {
        let heap = self.queue.peek().map(|s| (s.at, s.seq));
        match (self.next_arrival, heap) {
            (Some(arrival), Some(top)) if arrival < top => {
                self.next_arrival = None;
                Some((arrival.0, Ev::Arrival))
            }
            (Some(arrival), None) => {
                self.next_arrival = None;
                Some((arrival.0, Ev::Arrival))
            }
            _ => self.queue.pop().map(|s| (s.at, s.ev)),
        }
    }

    /// Time of the earliest event.
    fn next_time(&self) -> Option<Nanos> {
        let heap = self.queue.peek().map(|s| s.at);
        match (self.next_arrival.map(|a| a.0), heap) {
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

    pub fn now(&self) -> Nanos {
        self.now
    }

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
            FaultAction::Hang => self.servers[s].hung = true,
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
        let present: Vec<usize> = self.pool_to_spec.iter().map(|&s| s as usize).collect();
        let weight_of = |s: usize| {
            self.spec_to_pool[s].map_or(0, |p| self.balancers[0].pool().server(p as usize).weight)
        };
        let total_weight: u64 = present.iter().map(|&s| u64::from(weight_of(s))).sum();
        let server_details = present
            .iter()
            .map(|&s| {
                let server = &self.servers[s];
                let p = self.spec_to_pool[s].map_or(0, |p| p as usize);
                let connections: u32 = self
                    .balancers
                    .iter()
                    .map(|b| b.pool().server(p).load.connections)
                    .sum();
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
        let stats = SeedStats {
            total_requests: total,
            successful_requests: outcomes.ok,
            failed_requests: total - outcomes.ok,
            average_response_time: if outcomes.ok == 0 {
                0.0
            } else {
                c.ok_seconds / outcomes.ok as f64
            },
            total_servers: present.len(),
            healthy_servers,
            server_details,
        };
        let attempts = c.attempts.max(1) as f64;
        let servers: Vec<ServerReport> = (0..self.servers.len())
            .map(|s| {
                let k = &c.servers[s];
                let lookups = k.cache_hits + k.cache_misses;
                let w = weight_of(s);
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
                }
            })
            .collect();
        let weighted: Vec<&ServerReport> = servers.iter().filter(|s| s.weight > 0).collect();
        let request_spread = match (
            weighted.iter().map(|s| s.requests).max(),
            weighted.iter().map(|s| s.requests).min(),
        ) {
            (Some(hi), Some(lo)) => hi - lo,
            _ => 0,
        };
        let per_weight: Vec<f64> = weighted
            .iter()
            .map(|s| s.requests as f64 / f64::from(s.weight))
            .collect();
        let balance = Balance {
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
            jain_fairness: stats::jain(&per_weight),
        };
        let (hits, lookups) = c.servers.iter().fold((0, 0), |(h, l), k| {
            (h + k.cache_hits, l + k.cache_hits + k.cache_misses)
        });
        let cache_hit_rate = (self.servers.iter().any(ServerSim::has_cache) && lookups > 0)
            .then(|| hits as f64 / lookups as f64);
        let hot_requests: u64 = c.servers.iter().map(|k| k.hot_path).sum();
        let hot_path = (hot_requests > 0).then(|| {
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
        });
        let mut first_requests = c.first_requests.clone();
        first_requests.sort_by_key(|r| r.request);
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
            stats,
            outcomes,
            balance,
            cache_hit_rate,
            hot_path,
            servers,
            first_requests,
            series: c.series.samples().cloned().collect(),
        }
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
    scenario.validate()?;
    scenario
        .strategies
        .iter()
        .map(|s| Simulation::with_strategy(scenario, s, seed).map(|mut sim| sim.run()))
        .collect()
}
