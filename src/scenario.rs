//! Scenarios: everything a simulation run needs, as data (JSON or TOML), and the named presets.
//!
//! A scenario describes the servers (the seed's `ServerInstance` plus a latency model, capacity,
//! errors, a cache), the traffic (arrivals, client IPs, paths with Zipf popularity, methods), the
//! proxy (the seed's `LoadBalancerProxy`: timeout, retries), the health checker (the seed's
//! `HealthChecker`, with HAProxy-style rise/fall thresholds), passive outlier ejection (Envoy's
//! outlier detection), scheduled faults and the strategies to compare. Every field has a default,
//! so a file names only what differs; unknown fields are errors. A bad value gets a message that
//! names the field and what was expected ("servers\[2\].weight: expected a whole number from 0 to
//! 1000000, got -3"), both when a file is read and when code builds a scenario by hand
//! ([`Scenario::validate`]); the same bounds serve both.
//!
//! Times are milliseconds (`*_ms`, fractional allowed); rates are per second.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::model::{MAX_WEIGHT, Method};
use crate::engine::strategy::{StrategyConfig, StrategyKind};

/// A scenario that cannot be run: `path` names the field (`servers[2].weight`), `message` says
/// what was expected and what was found.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{path}: {message}")]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Numeric bounds shared by the file readers and [`Scenario::validate`].
pub mod bounds {
    use std::fmt;

    /// A number as a file wrote it, before it is checked. (Whole numbers are kept as `u64` or
    /// `i64` rather than one `i128`, whose formatting the browser build would have to carry.)
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub enum Num {
        /// A whole number ≥ 0.
        Whole(u64),
        /// A whole number < 0.
        Negative(i64),
        Float(f64),
    }

    impl Num {
        /// A whole number a reader gave, as the variant that holds it (one beyond both `u64`
        /// and `i64` is out of every range, and kept as its nearest float).
        pub fn whole(v: i128) -> Num {
            if let Ok(u) = u64::try_from(v) {
                Num::Whole(u)
            } else if let Ok(i) = i64::try_from(v) {
                Num::Negative(i)
            } else {
                Num::Float(v as f64)
            }
        }
    }

    impl fmt::Display for Num {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Num::Whole(u) => write!(f, "{u}"),
                Num::Negative(i) => write!(f, "{i}"),
                Num::Float(x) if x.is_nan() => f.write_str("NaN"),
                Num::Float(x) => write!(f, "{x}"),
            }
        }
    }

    /// A whole number in `min..=max`.
    #[derive(Clone, Copy, Debug)]
    pub struct Whole {
        pub min: u64,
        pub max: u64,
    }

    impl Whole {
        pub fn check(self, n: Num) -> Result<u64, String> {
            let ok = match n {
                Num::Whole(u) => (self.min..=self.max).contains(&u).then_some(u),
                Num::Negative(_) => None,
                Num::Float(x) => (x.is_finite()
                    && x.fract() == 0.0
                    && x >= self.min as f64
                    && x <= self.max as f64)
                    .then_some(x as u64),
            };
            ok.ok_or_else(|| {
                format!(
                    "expected a whole number from {} to {}, got {n}",
                    self.min, self.max
                )
            })
        }
    }

    /// A finite number in `min..=max` (or `min < x` when `exclusive_min`).
    #[derive(Clone, Copy, Debug)]
    pub struct Real {
        pub min: f64,
        pub max: f64,
        pub exclusive_min: bool,
    }

    impl Real {
        pub fn check(self, n: Num) -> Result<f64, String> {
            let x = match n {
                Num::Whole(u) => u as f64,
                Num::Negative(i) => i as f64,
                Num::Float(x) => x,
            };
            let low_ok = if self.exclusive_min {
                x > self.min
            } else {
                x >= self.min
            };
            if x.is_finite() && low_ok && x <= self.max {
                Ok(x)
            } else if self.exclusive_min {
                Err(format!(
                    "expected a number above {} and at most {}, got {n}",
                    self.min, self.max
                ))
            } else {
                Err(format!(
                    "expected a number from {} to {}, got {n}",
                    self.min, self.max
                ))
            }
        }
    }

    const fn whole(min: u64, max: u64) -> Whole {
        Whole { min, max }
    }
    const fn real(min: f64, max: f64) -> Real {
        Real {
            min,
            max,
            exclusive_min: false,
        }
    }
    const fn positive(max: f64) -> Real {
        Real {
            min: 0.0,
            max,
            exclusive_min: true,
        }
    }

    /// Longest simulated time anywhere in a scenario: about 115 days.
    pub const MAX_MS: f64 = 1e10;
    pub const TIME_MS: Real = real(0.0, MAX_MS);
    pub const POSITIVE_MS: Real = positive(MAX_MS);
    pub const SEED: Whole = whole(0, u64::MAX);
    pub const REQUESTS: Whole = whole(0, 10_000_000_000);
    pub const BALANCERS: Whole = whole(1, 1000);
    pub const PORT: Whole = whole(0, 65_535);
    pub const WEIGHT: Whole = whole(0, super::MAX_WEIGHT as u64);
    pub const MAX_CONNECTIONS: Whole = whole(1, 100_000_000);
    pub const JITTER: Real = real(0.0, 4.0);
    pub const CAPACITY: Whole = whole(0, 100_000);
    pub const PROBABILITY: Real = real(0.0, 1.0);
    pub const CACHE_SIZE: Whole = whole(0, 1_000_000);
    pub const RATE: Real = positive(1e9);
    pub const BURST_REQUESTS: Whole = whole(1, 10_000_000);
    pub const CLIENTS: Whole = whole(1, 16_777_216);
    pub const PATHS: Whole = whole(1, 1_000_000);
    pub const ZIPF: Real = real(0.0, 10.0);
    pub const SHARE: Real = real(0.0, 1e9);
    pub const RETRIES: Whole = whole(0, 10);
    pub const RETRY_MIN: Whole = whole(0, 1_000_000_000);
    pub const RISE_FALL: Whole = whole(1, 100);
    pub const CONSECUTIVE: Whole = whole(1, 1000);
    pub const PERCENT: Real = real(0.0, 100.0);
    pub const SLOW_FACTOR: Real = real(1.0, 1e6);
    pub const MAX_SAMPLES: Whole = whole(0, 100_000);
    pub const FIRST_REQUESTS: Whole = whole(0, 10_000);
}

use bounds::{Num, Real, Whole};

/// Deserializers that accept any number and apply [`bounds`], so a file gets the same message
/// as [`Scenario::validate`] instead of serde's "expected u32".
mod de {
    use serde::Deserializer;
    use serde::de::{self, Visitor};
    use std::fmt;

    use super::bounds::{self, Num};

    struct NumVisitor;

    impl Visitor<'_> for NumVisitor {
        type Value = Num;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
            Ok(Num::whole(v.into()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
            Ok(Num::Whole(v))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Num, E> {
            Ok(Num::whole(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
            Ok(Num::Float(v))
        }
    }

    fn num<'de, D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        d.deserialize_any(NumVisitor)
    }

    macro_rules! whole {
        ($($name:ident: $ty:ty = $bound:ident;)*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                bounds::$bound.check(num(d)?).map(|v| v as $ty).map_err(de::Error::custom)
            }
        )*};
    }

    macro_rules! real {
        ($($name:ident = $bound:ident;)*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
                bounds::$bound.check(num(d)?).map_err(de::Error::custom)
            }
        )*};
    }

    whole! {
        seed: u64 = SEED;
        requests: u64 = REQUESTS;
        balancers: u32 = BALANCERS;
        port: u16 = PORT;
        weight: u32 = WEIGHT;
        max_connections: u32 = MAX_CONNECTIONS;
        capacity: u32 = CAPACITY;
        cache_size: u32 = CACHE_SIZE;
        burst_requests: u64 = BURST_REQUESTS;
        clients: u32 = CLIENTS;
        paths: u32 = PATHS;
        retries: u32 = RETRIES;
        retry_min: u64 = RETRY_MIN;
        rise_fall: u32 = RISE_FALL;
        consecutive: u32 = CONSECUTIVE;
        max_samples: u32 = MAX_SAMPLES;
        first_requests: u32 = FIRST_REQUESTS;
    }

    real! {
        time_ms = TIME_MS;
        positive_ms = POSITIVE_MS;
        jitter = JITTER;
        probability = PROBABILITY;
        rate = RATE;
        zipf = ZIPF;
        share = SHARE;
        percent = PERCENT;
        slow_factor = SLOW_FACTOR;
    }

    pub fn opt_time_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        time_ms(d).map(Some)
    }

    pub fn opt_positive_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        positive_ms(d).map(Some)
    }

    pub fn opt_weight<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        weight(d).map(Some)
    }

    pub fn opt_probability<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        probability(d).map(Some)
    }
}

/// A whole run: servers, traffic, proxy, health, faults and the strategies to compare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The seed of every random stream (the CLI's `--seed` overrides it).
    #[serde(deserialize_with = "de::seed")]
    pub seed: u64,
    /// Requests of the steady arrival process (bursts come on top).
    #[serde(deserialize_with = "de::requests")]
    pub requests: u64,
    /// Stop the steady arrivals at this time even if `requests` are not all sent.
    #[serde(
        deserialize_with = "de::opt_positive_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration_ms: Option<f64>,
    /// The strategies to run, each on the very same arrivals (compare mode when more than one).
    pub strategies: Vec<StrategyConfig>,
    /// Independent balancer instances over the same servers, each with its own view of load;
    /// clients are spread over them by client number.
    #[serde(deserialize_with = "de::balancers")]
    pub balancers: u32,
    /// When set, balancers also hear of each other's requests (load reports, as a mesh's control
    /// plane shares them), delivered in batches every `shared_load_ms` (0: at once). Between
    /// batches every balancer acts on the same stale picture, which is what makes least
    /// connections herd (Mitzenmacher, "How useful is old information?", 2000). Unset: each
    /// balancer sees only its own requests.
    #[serde(
        deserialize_with = "de::opt_time_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_load_ms: Option<f64>,
    pub servers: Vec<ServerSpec>,
    pub arrivals: ArrivalSpec,
    pub clients: ClientSpec,
    pub paths: PathSpec,
    pub methods: Vec<MethodShare>,
    pub proxy: ProxySpec,
    pub health: HealthSpec,
    pub outlier: OutlierSpec,
    pub faults: Vec<FaultSpec>,
    pub report: ReportSpec,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            seed: 1,
            requests: 10_000,
            duration_ms: None,
            strategies: vec![StrategyConfig::new(StrategyKind::RoundRobin)],
            balancers: 1,
            shared_load_ms: None,
            servers: seed_servers(),
            arrivals: ArrivalSpec::default(),
            clients: ClientSpec::default(),
            paths: PathSpec::default(),
            methods: vec![MethodShare {
                method: Method::Get,
                share: 1.0,
            }],
            proxy: ProxySpec::default(),
            health: HealthSpec::default(),
            outlier: OutlierSpec::default(),
            faults: Vec::new(),
            report: ReportSpec::default(),
        }
    }
}

/// The seed demo's servers: server1..server4 on localhost:8001..8004 with weights 1, 2, 1, 3.
pub fn seed_servers() -> Vec<ServerSpec> {
    [1, 2, 1, 3]
        .into_iter()
        .enumerate()
        .map(|(i, w)| ServerSpec {
            id: format!("server{}", i + 1),
            port: 8001 + i as u16,
            weight: w,
            ..ServerSpec::default()
        })
        .collect()
}

/// What a server does once it has more requests than `capacity`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overload {
    /// `capacity` workers serve requests first come, first served; the rest wait (M/G/c).
    #[default]
    Queue,
    /// Every request slows down by (in service + 1) / capacity (processor sharing).
    SlowDown,
}

/// One server: the seed's `ServerInstance` and how it behaves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSpec {
    /// Unique id; empty means `server{n}` (n counting from 1).
    pub id: String,
    pub host: String,
    /// 0 means 8001 + position, as in the seed's demo.
    #[serde(deserialize_with = "de::port")]
    pub port: u16,
    #[serde(deserialize_with = "de::weight")]
    pub weight: u32,
    /// The seed's `max_connections`: a balancer marks the server `overloaded` when its own
    /// connections reach it.
    #[serde(deserialize_with = "de::max_connections")]
    pub max_connections: u32,
    /// Median service time.
    #[serde(deserialize_with = "de::time_ms")]
    pub latency_ms: f64,
    /// σ of the log-normal jitter around the median (0: every request takes `latency_ms`).
    #[serde(deserialize_with = "de::jitter")]
    pub jitter: f64,
    /// Requests served at full speed at once; 0 means unlimited.
    #[serde(deserialize_with = "de::capacity")]
    pub capacity: u32,
    pub overload: Overload,
    /// Probability that a request ends in a 500 after being served.
    #[serde(deserialize_with = "de::probability")]
    pub error_rate: f64,
    /// Paths the server keeps hot (0: no cache).
    #[serde(deserialize_with = "de::cache_size")]
    pub cache_size: u32,
    /// Service time of a cache hit relative to a miss.
    #[serde(deserialize_with = "de::probability")]
    pub cache_hit_factor: f64,
    /// After recovering or joining, the weight ramps up over this time (nginx's `slow_start`).
    #[serde(deserialize_with = "de::time_ms")]
    pub slow_start_ms: f64,
    /// The server is not in the pool until this time (scale-out).
    #[serde(
        deserialize_with = "de::opt_time_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub join_at_ms: Option<f64>,
}

impl Default for ServerSpec {
    fn default() -> Self {
        Self {
            id: String::new(),
            host: "localhost".into(),
            port: 0,
            weight: 1,
            max_connections: crate::engine::model::DEFAULT_MAX_CONNECTIONS,
            latency_ms: 20.0,
            jitter: 0.0,
            capacity: 0,
            overload: Overload::Queue,
            error_rate: 0.0,
            cache_size: 0,
            cache_hit_factor: 0.2,
            slow_start_ms: 0.0,
            join_at_ms: None,
        }
    }
}

impl ServerSpec {
    /// The id in force for the server at `position`.
    pub fn id_at(&self, position: usize) -> String {
        if self.id.is_empty() {
            format!("server{}", position + 1)
        } else {
            self.id.clone()
        }
    }

    /// The port in force for the server at `position`.
    pub fn port_at(&self, position: usize) -> u16 {
        if self.port == 0 {
            8001u16.saturating_add(position.min(u16::MAX as usize) as u16)
        } else {
            self.port
        }
    }
}

/// How the steady arrivals are spaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Process {
    /// Exponential gaps: a Poisson process at `rate_per_s`.
    #[default]
    Poisson,
    /// One request every 1 / `rate_per_s` seconds.
    Fixed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArrivalSpec {
    pub process: Process,
    #[serde(deserialize_with = "de::rate")]
    pub rate_per_s: f64,
    pub bursts: Vec<Burst>,
}

impl Default for ArrivalSpec {
    fn default() -> Self {
        Self {
            process: Process::Poisson,
            rate_per_s: 1000.0,
            bursts: Vec::new(),
        }
    }
}

/// Extra requests sent evenly over `over_ms` from `at_ms` (all at once when `over_ms` is 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Burst {
    #[serde(deserialize_with = "de::time_ms")]
    pub at_ms: f64,
    #[serde(deserialize_with = "de::burst_requests")]
    pub requests: u64,
    #[serde(deserialize_with = "de::time_ms")]
    pub over_ms: f64,
}

impl Default for Burst {
    fn default() -> Self {
        Self {
            at_ms: 0.0,
            requests: 100,
            over_ms: 0.0,
        }
    }
}

/// How a request picks from a pool of clients or paths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// At random (paths: Zipf with exponent `zipf`).
    #[default]
    Random,
    /// Request n takes entry n mod count, as the seed's demo does.
    Cycle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientSpec {
    /// Number of distinct clients (client IPs).
    #[serde(deserialize_with = "de::clients")]
    pub count: u32,
    /// The client IP, `{i}` standing for the client number; empty means `10.a.b.c` from it.
    pub ip_template: String,
    pub order: Order,
}

impl Default for ClientSpec {
    fn default() -> Self {
        Self {
            count: 100,
            ip_template: String::new(),
            order: Order::Random,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathSpec {
    /// Number of distinct paths (keys).
    #[serde(deserialize_with = "de::paths")]
    pub count: u32,
    /// The path, `{i}` standing for the path number (0 is the most popular).
    pub template: String,
    pub order: Order,
    /// Zipf exponent s of the popularity of path k ∝ 1 / (k + 1)^s; 0 is uniform.
    #[serde(deserialize_with = "de::zipf")]
    pub zipf: f64,
}

impl Default for PathSpec {
    fn default() -> Self {
        Self {
            count: 1000,
            template: "/item/{i}".into(),
            order: Order::Random,
            zipf: 1.0,
        }
    }
}

/// A method and its relative share of requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MethodShare {
    pub method: Method,
    #[serde(deserialize_with = "de::share")]
    pub share: f64,
}

impl Default for MethodShare {
    fn default() -> Self {
        Self {
            method: Method::Get,
            share: 1.0,
        }
    }
}

/// The proxy in front of the servers (the seed's `LoadBalancerProxy`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProxySpec {
    /// Per-attempt timeout (the seed: 30 s).
    #[serde(deserialize_with = "de::positive_ms")]
    pub timeout_ms: f64,
    /// Extra attempts on another server for idempotent requests (the seed: none).
    #[serde(deserialize_with = "de::retries")]
    pub retries: u32,
    /// Retries may be at most this fraction of requests (plus `retry_budget_min`), so retries
    /// cannot multiply an overload (Finagle's retry budget).
    #[serde(deserialize_with = "de::probability")]
    pub retry_budget: f64,
    #[serde(deserialize_with = "de::retry_min")]
    pub retry_budget_min: u64,
    /// Retry a 500 from the server too, not only refused, reset and timed-out attempts.
    pub retry_on_error: bool,
    /// How long a refused connection takes to fail.
    #[serde(deserialize_with = "de::time_ms")]
    pub connect_ms: f64,
}

impl Default for ProxySpec {
    fn default() -> Self {
        Self {
            timeout_ms: 30_000.0,
            retries: 0,
            retry_budget: 0.2,
            retry_budget_min: 10,
            retry_on_error: true,
            connect_ms: 1.0,
        }
    }
}

/// Active health checks (the seed's `HealthChecker`, with thresholds it lacks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthSpec {
    pub enabled: bool,
    #[serde(deserialize_with = "de::positive_ms")]
    pub interval_ms: f64,
    #[serde(deserialize_with = "de::positive_ms")]
    pub timeout_ms: f64,
    /// Consecutive passing probes that bring a server back (the seed: 1; HAProxy: 2).
    #[serde(deserialize_with = "de::rise_fall")]
    pub rise: u32,
    /// Consecutive failing probes that take a server out (the seed: 1; HAProxy: 3).
    #[serde(deserialize_with = "de::rise_fall")]
    pub fall: u32,
    /// Each interval is stretched or shrunk by up to this fraction, at random.
    #[serde(deserialize_with = "de::probability")]
    pub jitter: f64,
}

impl Default for HealthSpec {
    fn default() -> Self {
        Self {
            enabled: true,
            interval_ms: 30_000.0,
            timeout_ms: 5_000.0,
            rise: 2,
            fall: 3,
            jitter: 0.0,
        }
    }
}

/// Passive outlier ejection (Envoy): consecutive failed requests eject a server for a back-off
/// that grows with each ejection, never more than `max_ejection_percent` of the servers at once
/// (but always at least one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutlierSpec {
    pub enabled: bool,
    #[serde(deserialize_with = "de::consecutive")]
    pub consecutive_failures: u32,
    #[serde(deserialize_with = "de::positive_ms")]
    pub base_ejection_ms: f64,
    #[serde(deserialize_with = "de::positive_ms")]
    pub max_ejection_ms: f64,
    #[serde(deserialize_with = "de::percent")]
    pub max_ejection_percent: f64,
}

impl Default for OutlierSpec {
    fn default() -> Self {
        Self {
            enabled: false,
            consecutive_failures: 5,
            base_ejection_ms: 30_000.0,
            max_ejection_ms: 300_000.0,
            max_ejection_percent: 10.0,
        }
    }
}

/// What happens to a server (scheduled in a scenario, or triggered live).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultAction {
    /// The process dies: requests in flight are reset, new connections refused.
    Crash,
    /// The server accepts its next request and dies halfway through serving it.
    CrashAfterAccept,
    /// The server accepts requests and never answers: they time out.
    Hang,
    /// Service times are multiplied by `factor`.
    Slow,
    /// Alternately down for `down_ms` and up for `up_ms`.
    Flapping,
    /// Back to normal (crash, hang, slow and flapping end; slow start begins).
    Recover,
    /// An operator takes the server out; passing health checks do not bring it back.
    Maintenance,
    EndMaintenance,
    /// Take no new requests, finish those in flight.
    Drain,
    Undrain,
    SetWeight,
    SetErrorRate,
}

impl FaultAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FaultAction::Crash => "crash",
            FaultAction::CrashAfterAccept => "crash_after_accept",
            FaultAction::Hang => "hang",
            FaultAction::Slow => "slow",
            FaultAction::Flapping => "flapping",
            FaultAction::Recover => "recover",
            FaultAction::Maintenance => "maintenance",
            FaultAction::EndMaintenance => "end_maintenance",
            FaultAction::Drain => "drain",
            FaultAction::Undrain => "undrain",
            FaultAction::SetWeight => "set_weight",
            FaultAction::SetErrorRate => "set_error_rate",
        }
    }
}

impl fmt::Display for FaultAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A fault at a time: `action` on `server`, with the parameters the action needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(deserialize_with = "de::time_ms")]
    pub at_ms: f64,
    /// The server's id.
    pub server: String,
    pub action: FaultAction,
    /// `slow`: the slow-down factor.
    #[serde(deserialize_with = "de::slow_factor")]
    pub factor: f64,
    /// `flapping`: time down, then time up, repeated.
    #[serde(deserialize_with = "de::positive_ms")]
    pub down_ms: f64,
    #[serde(deserialize_with = "de::positive_ms")]
    pub up_ms: f64,
    /// `set_weight`: the new weight.
    #[serde(
        deserialize_with = "de::opt_weight",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<u32>,
    /// `set_error_rate`: the new error rate.
    #[serde(
        deserialize_with = "de::opt_probability",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_rate: Option<f64>,
}

impl Default for FaultSpec {
    fn default() -> Self {
        Self {
            at_ms: 0.0,
            server: String::new(),
            action: FaultAction::Crash,
            factor: 10.0,
            down_ms: 1000.0,
            up_ms: 1000.0,
            weight: None,
            error_rate: None,
        }
    }
}

impl FaultSpec {
    /// Check the parameters the action needs (`prefix` names the fault in messages); whether
    /// `server` names a server is the scenario's check.
    pub fn validate_params(&self, prefix: &str) -> Result<(), ScenarioError> {
        use bounds::*;
        let f = |name: &'static str| move || format!("{prefix}.{name}");
        check_real(&f("at_ms"), TIME_MS, self.at_ms)?;
        check_real(&f("factor"), SLOW_FACTOR, self.factor)?;
        check_real(&f("down_ms"), POSITIVE_MS, self.down_ms)?;
        check_real(&f("up_ms"), POSITIVE_MS, self.up_ms)?;
        match (self.action, self.weight, self.error_rate) {
            (FaultAction::SetWeight, None, _) => {
                return Err(ScenarioError::new(
                    f("weight")(),
                    "expected a weight for set_weight, got none",
                ));
            }
            (FaultAction::SetErrorRate, _, None) => {
                return Err(ScenarioError::new(
                    f("error_rate")(),
                    "expected an error rate for set_error_rate, got none",
                ));
            }
            _ => {}
        }
        if let Some(w) = self.weight {
            check_whole(&f("weight"), WEIGHT, w.into())?;
        }
        if let Some(e) = self.error_rate {
            check_real(&f("error_rate"), PROBABILITY, e)?;
        }
        Ok(())
    }
}

/// What the report keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSpec {
    /// Time series sampling interval.
    #[serde(deserialize_with = "de::positive_ms")]
    pub sample_interval_ms: f64,
    /// Samples kept (the oldest are dropped beyond this).
    #[serde(deserialize_with = "de::max_samples")]
    pub max_samples: u32,
    /// List the first n requests (where each went and how it ended), as the seed's demo prints.
    #[serde(deserialize_with = "de::first_requests")]
    pub first_requests: u32,
}

impl Default for ReportSpec {
    fn default() -> Self {
        Self {
            sample_interval_ms: 1000.0,
            max_samples: 600,
            first_requests: 0,
        }
    }
}

fn check_whole(path: &dyn Fn() -> String, bound: Whole, v: u64) -> Result<(), ScenarioError> {
    bound
        .check(Num::Whole(v))
        .map(|_| ())
        .map_err(|m| ScenarioError::new(path(), m))
}

fn check_real(path: &dyn Fn() -> String, bound: Real, v: f64) -> Result<(), ScenarioError> {
    bound
        .check(Num::Float(v))
        .map(|_| ())
        .map_err(|m| ScenarioError::new(path(), m))
}

/// [`check_whole`] for a field whose path is fixed.
#[inline(never)]
fn check_whole_at(path: &'static str, bound: Whole, v: u64) -> Result<(), ScenarioError> {
    check_whole(&|| path.to_string(), bound, v)
}

/// [`check_real`] for a field whose path is fixed.
#[inline(never)]
fn check_real_at(path: &'static str, bound: Real, v: f64) -> Result<(), ScenarioError> {
    check_real(&|| path.to_string(), bound, v)
}

impl Scenario {
    /// Check everything a file reader checks, plus what spans fields (unique ids, faults naming
    /// servers, at least one server and one strategy). Never panics.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        use bounds::*;
        check_whole_at("seed", SEED, self.seed)?;
        check_whole_at("requests", REQUESTS, self.requests)?;
        if let Some(d) = self.duration_ms {
            check_real_at("duration_ms", POSITIVE_MS, d)?;
        }
        if self.strategies.is_empty() {
            return Err(ScenarioError::new(
                "strategies",
                "expected at least one strategy, got none",
            ));
        }
        for (i, s) in self.strategies.iter().enumerate() {
            s.validate()
                .map_err(|e| ScenarioError::new(format!("strategies[{i}]"), e.to_string()))?;
        }
        check_whole_at("balancers", BALANCERS, self.balancers.into())?;
        if let Some(t) = self.shared_load_ms {
            check_real_at("shared_load_ms", TIME_MS, t)?;
        }
        if self.servers.is_empty() {
            return Err(ScenarioError::new(
                "servers",
                "expected at least one server, got none",
            ));
        }
        for (i, s) in self.servers.iter().enumerate() {
            let f = |name: &'static str| move || format!("servers[{i}].{name}");
            let id = s.id_at(i);
            if let Some(j) = self.servers[..i]
                .iter()
                .enumerate()
                .position(|(j, o)| o.id_at(j) == id)
            {
                return Err(ScenarioError::new(
                    f("id")(),
                    format!("expected a unique id, got '{id}' (already servers[{j}])"),
                ));
            }
            check_whole(&f("port"), PORT, s.port.into())?;
            check_whole(&f("weight"), WEIGHT, s.weight.into())?;
            check_whole(
                &f("max_connections"),
                MAX_CONNECTIONS,
                s.max_connections.into(),
            )?;
            check_real(&f("latency_ms"), TIME_MS, s.latency_ms)?;
            check_real(&f("jitter"), JITTER, s.jitter)?;
            check_whole(&f("capacity"), CAPACITY, s.capacity.into())?;
            check_real(&f("error_rate"), PROBABILITY, s.error_rate)?;
            check_whole(&f("cache_size"), CACHE_SIZE, s.cache_size.into())?;
            check_real(&f("cache_hit_factor"), PROBABILITY, s.cache_hit_factor)?;
            check_real(&f("slow_start_ms"), TIME_MS, s.slow_start_ms)?;
            if let Some(t) = s.join_at_ms {
                check_real(&f("join_at_ms"), TIME_MS, t)?;
            }
        }
        check_real_at("arrivals.rate_per_s", RATE, self.arrivals.rate_per_s)?;
        for (i, b) in self.arrivals.bursts.iter().enumerate() {
            let f = |name: &'static str| move || format!("arrivals.bursts[{i}].{name}");
            check_real(&f("at_ms"), TIME_MS, b.at_ms)?;
            check_whole(&f("requests"), BURST_REQUESTS, b.requests)?;
            check_real(&f("over_ms"), TIME_MS, b.over_ms)?;
        }
        check_whole_at("clients.count", CLIENTS, self.clients.count.into())?;
        check_whole_at("paths.count", PATHS, self.paths.count.into())?;
        check_real_at("paths.zipf", ZIPF, self.paths.zipf)?;
        if self.methods.is_empty() {
            return Err(ScenarioError::new(
                "methods",
                "expected at least one method, got none",
            ));
        }
        for (i, m) in self.methods.iter().enumerate() {
            check_real(&|| format!("methods[{i}].share"), SHARE, m.share)?;
        }
        if self.methods.iter().map(|m| m.share).sum::<f64>() <= 0.0 {
            return Err(ScenarioError::new(
                "methods",
                "expected shares that add up to more than 0, got 0",
            ));
        }
        let x = &self.proxy;
        check_real_at("proxy.timeout_ms", POSITIVE_MS, x.timeout_ms)?;
        check_whole_at("proxy.retries", RETRIES, x.retries.into())?;
        check_real_at("proxy.retry_budget", PROBABILITY, x.retry_budget)?;
        check_whole_at("proxy.retry_budget_min", RETRY_MIN, x.retry_budget_min)?;
        check_real_at("proxy.connect_ms", TIME_MS, x.connect_ms)?;
        let h = &self.health;
        check_real_at("health.interval_ms", POSITIVE_MS, h.interval_ms)?;
        check_real_at("health.timeout_ms", POSITIVE_MS, h.timeout_ms)?;
        check_whole_at("health.rise", RISE_FALL, h.rise.into())?;
        check_whole_at("health.fall", RISE_FALL, h.fall.into())?;
        check_real_at("health.jitter", PROBABILITY, h.jitter)?;
        let o = &self.outlier;
        check_whole_at(
            "outlier.consecutive_failures",
            CONSECUTIVE,
            o.consecutive_failures.into(),
        )?;
        check_real_at("outlier.base_ejection_ms", POSITIVE_MS, o.base_ejection_ms)?;
        check_real_at("outlier.max_ejection_ms", POSITIVE_MS, o.max_ejection_ms)?;
        check_real_at(
            "outlier.max_ejection_percent",
            PERCENT,
            o.max_ejection_percent,
        )?;
        for (i, fault) in self.faults.iter().enumerate() {
            let f = |name: &'static str| move || format!("faults[{i}].{name}");
            check_real(&f("at_ms"), TIME_MS, fault.at_ms)?;
            if self.server_position(&fault.server).is_none() {
                let known: Vec<String> = self
                    .servers
                    .iter()
                    .enumerate()
                    .map(|(j, s)| s.id_at(j))
                    .collect();
                return Err(ScenarioError::new(
                    f("server")(),
                    format!(
                        "expected the id of a server ({}), got '{}'",
                        known.join(", "),
                        fault.server
                    ),
                ));
            }
            fault.validate_params(&format!("faults[{i}]"))?;
        }
        check_real_at(
            "report.sample_interval_ms",
            POSITIVE_MS,
            self.report.sample_interval_ms,
        )?;
        check_whole_at(
            "report.max_samples",
            MAX_SAMPLES,
            self.report.max_samples.into(),
        )?;
        check_whole_at(
            "report.first_requests",
            FIRST_REQUESTS,
            self.report.first_requests.into(),
        )?;
        Ok(())
    }

    /// Position of the server with this id.
    pub fn server_position(&self, id: &str) -> Option<usize> {
        self.servers
            .iter()
            .enumerate()
            .position(|(i, s)| s.id_at(i) == id)
    }

    /// Read a scenario from JSON and validate it.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let inner = e.inner();
            let mut message = inner.to_string();
            // serde_json appends " at line L column C"; put the position after the path instead.
            if let Some(at) = message.rfind(" at line ") {
                message.truncate(at);
            }
            let message = format!(
                "{message} (line {}, column {})",
                inner.line(),
                inner.column()
            );
            ScenarioError::new(path_or_top(e.path()), message)
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Read a scenario from TOML and validate it.
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        let de = toml::Deserializer::parse(text)
            .map_err(|e| ScenarioError::new("(file)", toml_message(text, &e)))?;
        let scenario: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            ScenarioError::new(path_or_top(e.path()), toml_message(text, e.inner()))
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Read JSON or TOML: JSON when the text starts with `{`, TOML otherwise.
    pub fn parse(text: &str) -> Result<Self, ScenarioError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(self).map_err(|e| e.to_string())
    }
}

fn path_or_top(path: &serde_path_to_error::Path) -> String {
    let s = path.to_string();
    if s == "." || s == "?" {
        "(scenario)".into()
    } else {
        s
    }
}

fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let mut message = e.message().trim().to_string();
    if let Some(span) = e.span() {
        let start = span.start.min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        message.push_str(&format!(" (line {line})"));
    }
    message
}

/// A named scenario, possibly in several runs (the seed's demo: the strategies, then the
/// health-check run; flapping: without and with thresholds).
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub runs: Vec<Scenario>,
}

/// The preset names, in the order `fulcrum simulate --help` lists them.
pub const PRESETS: [&str; 9] = [
    "seed-demo",
    "slow-server",
    "server-crash",
    "crash-mid-request",
    "hot-key",
    "heterogeneous",
    "flapping",
    "scale-out",
    "herding",
];

fn strategies(kinds: &[StrategyKind]) -> Vec<StrategyConfig> {
    kinds.iter().map(|&k| StrategyConfig::new(k)).collect()
}

fn servers(n: usize, f: impl Fn(usize, &mut ServerSpec)) -> Vec<ServerSpec> {
    (0..n)
        .map(|i| {
            let mut s = ServerSpec::default();
            f(i, &mut s);
            s
        })
        .collect()
}

fn fault(at_ms: f64, server: &str, action: FaultAction) -> FaultSpec {
    FaultSpec {
        at_ms,
        server: server.into(),
        action,
        ..FaultSpec::default()
    }
}

/// A preset by name, or `None` (the message for that lists [`PRESETS`]).
pub fn preset(name: &str) -> Option<Preset> {
    use StrategyKind as K;
    let base = |name: &str, description: &str| Scenario {
        name: name.into(),
        description: description.into(),
        ..Scenario::default()
    };
    Some(match name {
        "seed-demo" => {
            // Part 1: the seed's demo loop. It only calls select_server (nothing is forwarded),
            // so requests are spaced far enough apart that each ends before the next: the
            // balancer sees no connections, as in the seed.
            let mut demo = base(
                "seed-demo",
                "the seed's demo: 20 requests GET /api/data/{i} from 192.168.1.{i % 10} over server1-4 (weights 1,2,1,3)",
            );
            demo.strategies = strategies(&[
                K::RoundRobin,
                K::WeightedRoundRobin,
                K::LeastConnections,
                K::Random,
                K::ConsistentHash,
            ]);
            demo.requests = 20;
            demo.arrivals = ArrivalSpec {
                process: Process::Fixed,
                rate_per_s: 10.0,
                bursts: Vec::new(),
            };
            demo.servers.iter_mut().for_each(|s| s.latency_ms = 10.0);
            demo.clients = ClientSpec {
                count: 10,
                ip_template: "192.168.1.{i}".into(),
                order: Order::Cycle,
            };
            demo.paths = PathSpec {
                count: 20,
                template: "/api/data/{i}".into(),
                order: Order::Cycle,
                zipf: 0.0,
            };
            demo.health.enabled = false;
            demo.report.first_requests = 20;
            // Part 2: the health-check demo: a round-robin proxy with the seed's checker
            // (every 30 s, timeout 5 s, no thresholds) forwards 5 requests.
            let mut health = demo.clone();
            health.name = "seed-demo/health-check".into();
            health.description =
                "the seed's health-check demo: a round-robin proxy forwards 5 requests GET /api/health/{i} from 192.168.1.1".into();
            health.strategies = strategies(&[K::RoundRobin]);
            health.requests = 5;
            health.clients = ClientSpec {
                count: 1,
                ip_template: "192.168.1.1".into(),
                order: Order::Cycle,
            };
            health.paths = PathSpec {
                count: 5,
                template: "/api/health/{i}".into(),
                order: Order::Cycle,
                zipf: 0.0,
            };
            health.health = HealthSpec {
                enabled: true,
                interval_ms: 30_000.0,
                timeout_ms: 5_000.0,
                rise: 1,
                fall: 1,
                jitter: 0.0,
            };
            health.report.first_requests = 5;
            Preset {
                name: "seed-demo",
                summary: "the seed's demo exactly: five strategies on 20 requests, then the health-check run",
                runs: vec![demo, health],
            }
        }
        "slow-server" => {
            let mut s = base(
                "slow-server",
                "server3 turns 10x slower at 5 s: latency-aware strategies move traffic off it",
            );
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::LeastResponseTime,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 20_000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.3;
                s.capacity = 40;
            });
            s.arrivals.rate_per_s = 1000.0;
            s.health.interval_ms = 2000.0;
            s.health.timeout_ms = 1000.0;
            s.faults = vec![fault(5000.0, "server3", FaultAction::Slow)];
            Preset {
                name: "slow-server",
                summary: "one server slows down 10x; who keeps sending it traffic?",
                runs: vec![s],
            }
        }
        "server-crash" => {
            let mut s = base(
                "server-crash",
                "server2 crashes at 10 s; health checks (every 2 s, fall 3) take it out, retries hide the gap",
            );
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::ConsistentHash,
                K::PowerOfTwoChoices,
            ]);
            s.requests = 20_000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.2;
            });
            s.arrivals.rate_per_s = 500.0;
            s.health.interval_ms = 2000.0;
            s.health.timeout_ms = 1000.0;
            s.proxy.retries = 1;
            s.faults = vec![fault(10_000.0, "server2", FaultAction::Crash)];
            Preset {
                name: "server-crash",
                summary: "a server crashes; its share falls to 0 once health checks notice",
                runs: vec![s],
            }
        }
        "crash-mid-request" => {
            let mut s = base(
                "crash-mid-request",
                "server1 dies halfway through a request at 5 s with long requests in flight: idempotent ones are retried elsewhere, POSTs fail",
            );
            s.strategies = strategies(&[K::RoundRobin, K::LeastConnections, K::PowerOfTwoChoices]);
            s.requests = 4000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 500.0;
                s.jitter = 0.3;
            });
            s.arrivals.rate_per_s = 200.0;
            s.methods = vec![
                MethodShare {
                    method: Method::Get,
                    share: 0.8,
                },
                MethodShare {
                    method: Method::Post,
                    share: 0.2,
                },
            ];
            s.proxy.retries = 2;
            s.health.interval_ms = 1000.0;
            s.health.timeout_ms = 500.0;
            s.faults = vec![fault(5000.0, "server1", FaultAction::CrashAfterAccept)];
            Preset {
                name: "crash-mid-request",
                summary: "a server dies with requests in flight; retries save the idempotent ones",
                runs: vec![s],
            }
        }
        "hot-key" => {
            let mut s = base(
                "hot-key",
                "Zipf-popular paths (s = 1.1) and a 100-path cache per server: hashing on the path wins cache hits and puts the hot path on one server",
            );
            s.strategies = strategies(&[
                K::RoundRobin,
                K::Random,
                K::UrlHash,
                K::ConsistentHash,
                K::Maglev,
                K::BoundedLoadConsistentHash,
            ]);
            s.requests = 20_000;
            s.servers = servers(5, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.2;
                s.cache_size = 100;
                s.cache_hit_factor = 0.1;
            });
            s.arrivals.rate_per_s = 2000.0;
            s.paths.zipf = 1.1;
            s.paths.count = 1000;
            Preset {
                name: "hot-key",
                summary: "hot paths: hashing buys cache hits and a hot spot",
                runs: vec![s],
            }
        }
        "heterogeneous" => {
            let mut s = base(
                "heterogeneous",
                "three servers of capacity 40, 20 and 10 with matching weights 4, 2, 1: ignoring weights overloads the small one",
            );
            s.strategies = strategies(&[
                K::RoundRobin,
                K::WeightedRoundRobin,
                K::LeastConnections,
                K::WeightedLeastConnections,
                K::WeightedRandom,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 20_000;
            s.servers = [(4u32, 40u32), (2, 20), (1, 10)]
                .iter()
                .enumerate()
                .map(|(i, &(w, c))| ServerSpec {
                    id: ["big", "medium", "small"][i].into(),
                    port: 8001 + i as u16,
                    weight: w,
                    capacity: c,
                    latency_ms: 20.0,
                    jitter: 0.3,
                    ..ServerSpec::default()
                })
                .collect();
            s.arrivals.rate_per_s = 2500.0;
            Preset {
                name: "heterogeneous",
                summary: "servers of different sizes: weights matter",
                runs: vec![s],
            }
        }
        "flapping" => {
            let mut seed_like = base(
                "flapping/rise=fall=1",
                "server2 is down 1.5 s, up 1.5 s, over and over; probes every second with the seed's rise = fall = 1 flip the pool each time",
            );
            seed_like.requests = 15_000;
            seed_like.servers = servers(4, |_, s| s.latency_ms = 20.0);
            seed_like.arrivals.rate_per_s = 500.0;
            seed_like.proxy.retries = 1;
            seed_like.health = HealthSpec {
                enabled: true,
                interval_ms: 1000.0,
                timeout_ms: 500.0,
                rise: 1,
                fall: 1,
                jitter: 0.0,
            };
            seed_like.faults = vec![FaultSpec {
                down_ms: 1500.0,
                up_ms: 1500.0,
                ..fault(2000.0, "server2", FaultAction::Flapping)
            }];
            let mut damped = seed_like.clone();
            damped.name = "flapping/rise=2,fall=3".into();
            damped.description =
                "the same flapping server with HAProxy's rise 2 / fall 3: the pool holds still"
                    .into();
            damped.health.rise = 2;
            damped.health.fall = 3;
            Preset {
                name: "flapping",
                summary: "a flapping server with and without rise/fall thresholds",
                runs: vec![seed_like, damped],
            }
        }
        "scale-out" => {
            let mut s = base(
                "scale-out",
                "three busy servers; server4 and server5 join at 10 s with a 5 s slow start",
            );
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::ConsistentHash,
                K::Maglev,
                K::PowerOfTwoChoices,
            ]);
            s.requests = 30_000;
            s.servers = servers(5, |i, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.3;
                s.capacity = 20;
                s.weight = 4;
                if i >= 3 {
                    s.join_at_ms = Some(10_000.0);
                    s.slow_start_ms = 5000.0;
                }
            });
            s.arrivals.rate_per_s = 1500.0;
            Preset {
                name: "scale-out",
                summary: "servers join a busy pool",
                runs: vec![s],
            }
        }
        "herding" => {
            let mut s = base(
                "herding",
                "10 balancers over 10 servers share load reports every 250 ms: between reports least connections sends everyone to the same least-loaded servers, power of two choices does not",
            );
            s.strategies = strategies(&[
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::RoundRobin,
                K::Random,
            ]);
            s.balancers = 10;
            s.shared_load_ms = Some(250.0);
            s.requests = 30_000;
            s.servers = servers(10, |_, s| {
                s.latency_ms = 50.0;
                s.jitter = 0.5;
            });
            s.arrivals.rate_per_s = 2000.0;
            s.clients.count = 1000;
            s.report.sample_interval_ms = 100.0;
            Preset {
                name: "herding",
                summary: "many balancers, one stale picture of load: who herds?",
                runs: vec![s],
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_every_preset_validates() {
        Scenario::default().validate().unwrap();
        for name in PRESETS {
            let p = preset(name).unwrap_or_else(|| panic!("preset {name}"));
            assert_eq!(p.name, name);
            for run in &p.runs {
                run.validate()
                    .unwrap_or_else(|e| panic!("preset {name}: {e}"));
            }
        }
        assert!(preset("nope").is_none());
    }

    #[test]
    fn a_bad_weight_names_the_field_and_the_range() {
        let json = r#"{"servers": [{}, {}, {"weight": -3}]}"#;
        let e = Scenario::from_json(json).unwrap_err();
        assert_eq!(e.path, "servers[2].weight");
        assert!(
            e.message
                .starts_with("expected a whole number from 0 to 1000000, got -3"),
            "{e}"
        );
        let toml = "[[servers]]\n[[servers]]\n[[servers]]\nweight = -3\n";
        let e = Scenario::from_toml(toml).unwrap_err();
        assert_eq!(e.path, "servers[2].weight");
        assert!(
            e.message
                .starts_with("expected a whole number from 0 to 1000000, got -3"),
            "{e}"
        );
        // The same message when code builds the scenario.
        let mut s = Scenario::default();
        s.servers[2].weight = 2_000_000;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "servers[2].weight: expected a whole number from 0 to 1000000, got 2000000"
        );
    }

    #[test]
    fn impossible_values_are_errors_not_panics() {
        let cases = [
            (r#"{"servers": []}"#, "servers"),
            (r#"{"arrivals": {"rate_per_s": -5}}"#, "arrivals.rate_per_s"),
            (r#"{"arrivals": {"rate_per_s": 0}}"#, "arrivals.rate_per_s"),
            (
                r#"{"servers": [{"latency_ms": -1}]}"#,
                "servers[0].latency_ms",
            ),
            (r#"{"servers": [{"weight": 2.5}]}"#, "servers[0].weight"),
            (r#"{"servers": [{"weight": "heavy"}]}"#, "servers[0].weight"),
            (r#"{"servers": [{"wieght": 2}]}"#, "servers[0]"),
            (
                r#"{"servers": [{"id": "a"}, {"id": "a"}]}"#,
                "servers[1].id",
            ),
            (r#"{"health": {"rise": 0}}"#, "health.rise"),
            (r#"{"strategies": []}"#, "strategies"),
            (
                r#"{"strategies": [{"kind": "fastest"}]}"#,
                "strategies[0].kind",
            ),
            (
                r#"{"faults": [{"server": "server9", "action": "crash"}]}"#,
                "faults[0].server",
            ),
            (
                r#"{"faults": [{"server": "server1", "action": "set_weight"}]}"#,
                "faults[0].weight",
            ),
            (r#"{"balancers": 0}"#, "balancers"),
            (r#"{"methods": [{"method": "GET", "share": 0}]}"#, "methods"),
            (r#"{"proxy": {"timeout_ms": 0}}"#, "proxy.timeout_ms"),
        ];
        for (json, path) in cases {
            let e = Scenario::from_json(json).unwrap_err();
            assert!(e.path.starts_with(path), "{json}: {e}");
        }
        let e = Scenario::from_toml("[arrivals]\nrate_per_s = nan\n").unwrap_err();
        assert_eq!(e.path, "arrivals.rate_per_s");
        assert!(e.message.contains("got NaN"), "{e}");
        let mut s = Scenario::default();
        s.servers[0].jitter = f64::INFINITY;
        assert_eq!(s.validate().unwrap_err().path, "servers[0].jitter");
        assert!(Scenario::parse("this is = = not toml").is_err());
        assert!(Scenario::parse("{ not json").is_err());
    }

    #[test]
    fn scenarios_round_trip_through_json_and_toml() {
        for name in PRESETS {
            for run in preset(name).unwrap().runs {
                assert_eq!(Scenario::from_json(&run.to_json()).unwrap(), run, "{name}");
                let toml = run.to_toml().unwrap();
                assert_eq!(Scenario::from_toml(&toml).unwrap(), run, "{name}:\n{toml}");
            }
        }
        let s = Scenario::parse("requests = 7\n[clients]\ncount = 3\n").unwrap();
        assert_eq!((s.requests, s.clients.count), (7, 3));
        assert_eq!(s.servers, seed_servers());
    }
}
