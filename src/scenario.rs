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

#![warn(missing_docs)]

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
    /// Where, as a field path (`servers[2].weight`).
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl ScenarioError {
    /// An error at `path` saying `message`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Text from users (ids, names, descriptions, keys, paths), made safe to print and checked
/// where it must stay one token.
///
/// A terminal obeys escape sequences (C0 and C1 controls) and a bidi-aware viewer reorders text
/// around embedding, override and isolate marks, so a scenario name could retitle the terminal
/// or an id could print as another. Every output format prints such characters escaped: as
/// `\u{1b}` in text, as `\u001b` in JSON (the same string to a JSON reader; serde_json itself
/// escapes only C0). Ids must stay one token of "one id per line" and of comma-separated
/// lists, so they may hold none of these, no white space and no comma.
pub mod text {
    use std::borrow::Cow;
    use std::fmt::Write as _;

    /// Does `c` steer a terminal or a bidi-aware viewer: a control character (C0, DEL, C1), a
    /// bidi mark, embedding, override or isolate, a zero-width character, a line or paragraph
    /// separator, or the byte-order mark?
    pub fn is_unsafe(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{061C}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{2028}'..='\u{202E}'
                    | '\u{2060}'..='\u{2069}'
                    | '\u{FEFF}'
            )
    }

    /// `s` with every unsafe character written `\u{hex}`; borrowed when there is none.
    pub fn escaped(s: &str) -> Cow<'_, str> {
        if !s.chars().any(is_unsafe) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len() + 16);
        for c in s.chars() {
            if is_unsafe(c) {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// JSON text (as serde_json writes it) with every unsafe character left raw written as a
    /// `\uXXXX` escape: the same document to any JSON reader. Outside strings JSON is ASCII,
    /// and serde_json already escapes C0, so what is left is C1, DEL and the marks, all in the
    /// Basic Multilingual Plane (one escape each).
    pub fn json_escaped(json: String) -> String {
        if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
            return json;
        }
        let mut out = String::with_capacity(json.len() + 16);
        for c in json.chars() {
            if c != '\n' && is_unsafe(c) {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Why `id` cannot name a server (None when it can): at most [`super::bounds::MAX_ID_BYTES`]
    /// bytes, no white space, comma or unsafe character.
    pub fn id_problem(id: &str) -> Option<String> {
        let max = super::bounds::MAX_ID_BYTES;
        if id.len() > max {
            return Some(format!(
                "expected at most {max} bytes, got {} bytes",
                id.len()
            ));
        }
        if id.is_empty() {
            return Some("expected an id, got an empty one".into());
        }
        if id
            .chars()
            .any(|c| is_unsafe(c) || c.is_whitespace() || c == ',')
        {
            return Some(format!(
                "expected an id without spaces, commas or control characters, got '{}'",
                escaped(id)
            ));
        }
        None
    }

    /// Why free text (a name, a description, a template) cannot be used: longer than `max`
    /// bytes, or (`controls_ok` false) holding a control character.
    pub fn text_problem(s: &str, max: usize, controls_ok: bool) -> Option<String> {
        if s.len() > max {
            Some(format!(
                "expected at most {max} bytes, got {} bytes",
                s.len()
            ))
        } else if !controls_ok && s.chars().any(char::is_control) {
            Some(format!(
                "expected text without control characters, got '{}'",
                escaped(s)
            ))
        } else {
            None
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
        /// A number with a fraction or an exponent.
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
                // 1e-300 as 1e-300, not three hundred zeros.
                Num::Float(x) if *x != 0.0 && !(1e-6..1e16).contains(&x.abs()) => {
                    write!(f, "{x:e}")
                }
                Num::Float(x) => write!(f, "{x}"),
            }
        }
    }

    /// A whole number in `min..=max`.
    #[derive(Clone, Copy, Debug)]
    pub struct Whole {
        /// Smallest value allowed.
        pub min: u64,
        /// Largest value allowed.
        pub max: u64,
    }

    impl Whole {
        /// The number if it is whole and in range, else what was expected and what was got.
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
        /// Smallest value allowed (or the bound above which values must lie).
        pub min: f64,
        /// Largest value allowed.
        pub max: f64,
        /// `min` itself is not allowed.
        pub exclusive_min: bool,
    }

    impl Real {
        /// The number if it is finite and in range, else what was expected and what was got.
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
    /// A time in ms, 0 allowed.
    pub const TIME_MS: Real = real(0.0, MAX_MS);
    /// A time in ms above 0 (timeouts, ejection times).
    pub const POSITIVE_MS: Real = positive(MAX_MS);
    /// The random seed: any `u64`.
    pub const SEED: Whole = whole(0, u64::MAX);
    /// A request count.
    pub const REQUESTS: Whole = whole(0, 10_000_000_000);
    /// Balancers in front of the servers.
    pub const BALANCERS: Whole = whole(1, 1000);
    /// A port; 0 means 8001 + position.
    pub const PORT: Whole = whole(0, 65_535);
    /// A server's weight.
    pub const WEIGHT: Whole = whole(0, super::MAX_WEIGHT as u64);
    /// A server's connection limit.
    pub const MAX_CONNECTIONS: Whole = whole(1, 100_000_000);
    /// Latency jitter: the standard deviation relative to the mean.
    pub const JITTER: Real = real(0.0, 4.0);
    /// Workers per server; 0 is unlimited.
    pub const CAPACITY: Whole = whole(0, 100_000);
    /// A probability, 0 to 1.
    pub const PROBABILITY: Real = real(0.0, 1.0);
    /// Paths a server's cache holds.
    pub const CACHE_SIZE: Whole = whole(0, 1_000_000);
    /// Arrivals per second, above 0.
    pub const RATE: Real = positive(1e9);
    /// Requests in one burst.
    pub const BURST_REQUESTS: Whole = whole(1, 10_000_000);
    /// Distinct clients (a /8 of addresses).
    pub const CLIENTS: Whole = whole(1, 16_777_216);
    /// Distinct paths.
    pub const PATHS: Whole = whole(1, 1_000_000);
    /// The Zipf exponent of path popularity.
    pub const ZIPF: Real = real(0.0, 10.0);
    /// A method's relative share of requests.
    pub const SHARE: Real = real(0.0, 1e9);
    /// Retries per request.
    pub const RETRIES: Whole = whole(0, 10);
    /// Retries always allowed by the retry budget.
    pub const RETRY_MIN: Whole = whole(0, 1_000_000_000);
    /// Health checks in a row that bring a server back or take it out.
    pub const RISE_FALL: Whole = whole(1, 100);
    /// Failed requests in a row that eject a server.
    pub const CONSECUTIVE: Whole = whole(1, 1000);
    /// A percentage, 0 to 100.
    pub const PERCENT: Real = real(0.0, 100.0);
    /// A slow-down factor: 1 is normal speed.
    pub const SLOW_FACTOR: Real = real(1.0, 1e6);
    /// Time-series samples kept.
    pub const MAX_SAMPLES: Whole = whole(0, 100_000);
    /// Requests logged seed-style at the start of a run.
    pub const FIRST_REQUESTS: Whole = whole(0, 10_000);

    /// Shortest period of anything that repeats (health checks, report samples, flapping
    /// phases, load reports): 1 µs, so each repeat moves simulated time forward by at least
    /// 1,000 ns (shorter periods rounded to 0 ns and froze the clock).
    pub const MIN_PERIOD_MS: f64 = 0.001;
    /// A period: at least [`MIN_PERIOD_MS`].
    pub const PERIOD_MS: Real = real(MIN_PERIOD_MS, MAX_MS);

    /// List sizes. Each balancer keeps its own copy of the pool, hence the product's ceiling.
    pub const MAX_SERVERS: usize = 100_000;
    /// Balancers × servers: the pool copies all balancers keep together.
    pub const MAX_BALANCER_SERVERS: u64 = 1_000_000;
    /// Strategies compared in one scenario.
    pub const MAX_STRATEGIES: usize = 64;
    /// Scheduled faults.
    pub const MAX_FAULTS: usize = 100_000;
    /// Bursts of arrivals.
    pub const MAX_BURSTS: usize = 10_000;
    /// Entries of the method mix.
    pub const MAX_METHODS: usize = 64;
    /// Text sizes, in bytes: ids and hosts, the scenario's name, descriptions and templates.
    pub const MAX_ID_BYTES: usize = 256;
    /// The scenario's name.
    pub const MAX_NAME_BYTES: usize = 256;
    /// Descriptions and templates.
    pub const MAX_TEXT_BYTES: usize = 4096;
    /// A TOML scenario is parsed whole before it is read; JSON streams (up to the CLI's 64 MiB).
    pub const MAX_TOML_BYTES: usize = 4 << 20;

    /// The ceiling of a run's size that [`super::Scenario::check_run_size`] holds a scenario to:
    /// arrivals (steady and bursts) and the events that repeat over its expected length
    /// (samples, health checks, flapping, load reports).
    pub const MAX_ARRIVALS: u64 = 10_000_000_000;
    /// Repeating events over a run's expected length.
    pub const MAX_PERIODIC_EVENTS: f64 = 1e8;
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
        period_ms = PERIOD_MS;
        jitter = JITTER;
        probability = PROBABILITY;
        rate = RATE;
        zipf = ZIPF;
        share = SHARE;
        percent = PERCENT;
        slow_factor = SLOW_FACTOR;
    }

    /// A list read no further than `max` entries: a file of millions of `{}` is refused at
    /// the first entry past the ceiling instead of being built in memory.
    struct List<T> {
        max: usize,
        entries: std::marker::PhantomData<T>,
    }

    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for List<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a list of at most {} entries", self.max)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(entry) = seq.next_element()? {
                if out.len() == self.max {
                    return Err(de::Error::custom(format!(
                        "expected at most {} entries, got more",
                        self.max
                    )));
                }
                out.push(entry);
            }
            Ok(out)
        }
    }

    fn list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
        d: D,
        max: usize,
    ) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(List {
            max,
            entries: std::marker::PhantomData,
        })
    }

    macro_rules! lists {
        ($($name:ident: $ty:ty = $max:ident;)*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<$ty>, D::Error> {
                list(d, bounds::$max)
            }
        )*};
    }

    lists! {
        servers: super::ServerSpec = MAX_SERVERS;
        strategies: crate::engine::StrategyConfig = MAX_STRATEGIES;
        methods: super::MethodShare = MAX_METHODS;
        faults: super::FaultSpec = MAX_FAULTS;
        bursts: super::Burst = MAX_BURSTS;
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
    /// Shown in reports; empty for an unnamed scenario.
    pub name: String,
    /// What the scenario shows, in a sentence or two.
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
    #[serde(deserialize_with = "de::strategies")]
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
    #[serde(deserialize_with = "de::servers")]
    /// The servers, in pool order (at most [`bounds::MAX_SERVERS`]).
    pub servers: Vec<ServerSpec>,
    /// When requests arrive.
    pub arrivals: ArrivalSpec,
    /// Who sends them.
    pub clients: ClientSpec,
    /// What they ask for.
    pub paths: PathSpec,
    #[serde(deserialize_with = "de::methods")]
    /// The mix of HTTP methods, by share (at least one; default all GET).
    pub methods: Vec<MethodShare>,
    /// Timeouts and retries.
    pub proxy: ProxySpec,
    /// Active health checks.
    pub health: HealthSpec,
    /// Passive outlier ejection.
    pub outlier: OutlierSpec,
    #[serde(deserialize_with = "de::faults")]
    /// Scheduled faults, in any order.
    pub faults: Vec<FaultSpec>,
    /// What the report keeps.
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
    /// Host name or address (default `localhost`, as in the seed's demo).
    pub host: String,
    /// 0 means 8001 + position, as in the seed's demo.
    #[serde(deserialize_with = "de::port")]
    pub port: u16,
    #[serde(deserialize_with = "de::weight")]
    /// Relative share of traffic; 0 takes no requests.
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
    /// What happens when more requests than `capacity` are in service.
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
/// When requests arrive: a steady process plus bursts.
pub struct ArrivalSpec {
    /// Poisson or evenly spaced.
    pub process: Process,
    #[serde(deserialize_with = "de::rate")]
    /// Mean arrivals per second.
    pub rate_per_s: f64,
    #[serde(deserialize_with = "de::bursts")]
    /// Extra requests at given times.
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
    /// When the burst starts.
    pub at_ms: f64,
    #[serde(deserialize_with = "de::burst_requests")]
    /// Requests in the burst.
    pub requests: u64,
    #[serde(deserialize_with = "de::time_ms")]
    /// Time they are spread over; 0 sends them at once.
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
/// Who sends the requests: how many clients, their addresses, and which sends each request.
pub struct ClientSpec {
    /// Number of distinct clients (client IPs).
    #[serde(deserialize_with = "de::clients")]
    pub count: u32,
    /// The client IP, `{i}` standing for the client number; empty means `10.a.b.c` from it.
    pub ip_template: String,
    /// Which client sends each request.
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
/// What requests ask for: how many paths, their text and popularity.
pub struct PathSpec {
    /// Number of distinct paths (keys).
    #[serde(deserialize_with = "de::paths")]
    pub count: u32,
    /// The path, `{i}` standing for the path number (0 is the most popular).
    pub template: String,
    /// Which path each request asks for.
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
    /// The method.
    pub method: Method,
    #[serde(deserialize_with = "de::share")]
    /// Its relative share (shares need not add up to 1).
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
    /// Retries always allowed on top of the fraction.
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
    /// Whether active checks run.
    pub enabled: bool,
    #[serde(deserialize_with = "de::period_ms")]
    /// Time between two checks of a server (the seed: 30 s).
    pub interval_ms: f64,
    #[serde(deserialize_with = "de::positive_ms")]
    /// How long a check waits before it counts as failed.
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
    /// Whether ejection runs (off by default, as the seed has none).
    pub enabled: bool,
    #[serde(deserialize_with = "de::consecutive")]
    /// Failed requests in a row that eject a server.
    pub consecutive_failures: u32,
    #[serde(deserialize_with = "de::positive_ms")]
    /// An ejection lasts this long times the server's ejections so far.
    pub base_ejection_ms: f64,
    #[serde(deserialize_with = "de::positive_ms")]
    /// The longest an ejection lasts.
    pub max_ejection_ms: f64,
    #[serde(deserialize_with = "de::percent")]
    /// The most servers ejected at once, as a percentage of the pool.
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
    /// Back into service after `maintenance`.
    EndMaintenance,
    /// Take no new requests, finish those in flight.
    Drain,
    /// Take new requests again after `drain`.
    Undrain,
    /// Change the weight to `weight`.
    SetWeight,
    /// Change the error rate to `error_rate`.
    SetErrorRate,
}

impl FaultAction {
    /// The snake_case name used in files and the CLI.
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
    /// When it happens.
    pub at_ms: f64,
    /// The server's id.
    pub server: String,
    /// What happens.
    pub action: FaultAction,
    /// `slow`: the slow-down factor.
    #[serde(deserialize_with = "de::slow_factor")]
    pub factor: f64,
    /// `flapping`: time down, then time up, repeated.
    #[serde(deserialize_with = "de::period_ms")]
    pub down_ms: f64,
    #[serde(deserialize_with = "de::period_ms")]
    /// See `down_ms`.
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
        check_real(&f("down_ms"), PERIOD_MS, self.down_ms)?;
        check_real(&f("up_ms"), PERIOD_MS, self.up_ms)?;
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
    #[serde(deserialize_with = "de::period_ms")]
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
fn check_whole_at(path: &'static str, bound: Whole, v: u64) -> Result<(), ScenarioError> {
    check_whole(&|| path.to_string(), bound, v)
}

/// [`check_real`] for a field whose path is fixed.
fn check_real_at(path: &'static str, bound: Real, v: f64) -> Result<(), ScenarioError> {
    check_real(&|| path.to_string(), bound, v)
}

/// How big a run gets ([`Scenario::run_size`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSize {
    /// Expected simulated length: the steady arrivals' expected span (or the duration, if
    /// shorter) or the end of the last burst, plus the longest the last request can take (every
    /// attempt timing out).
    pub length_ms: f64,
    /// Steady requests plus every burst's.
    pub arrivals: u64,
    /// Events that repeat over `length_ms`: report samples, health checks, load reports, flaps.
    pub periodic_events: f64,
    /// Attempts a request may make (1 + retries).
    pub attempts: u32,
}

impl RunSize {
    /// The most events a run of this size may handle before it is stopped: eight for each
    /// attempt a request may make (arrival, attempt end, crash, status changes and load
    /// reports around them), eight times the periodic events expected, and a million more for
    /// what the expectation misses (a Poisson process that runs late, probes after the end).
    /// A run within its expected size never comes near it; `fulcrum simulate` stops there and
    /// says so.
    pub fn event_ceiling(&self) -> u64 {
        let requests = self.arrivals as f64 * 8.0 * f64::from(self.attempts);
        (requests + 8.0 * self.periodic_events + 1e6).min(u64::MAX as f64) as u64
    }
}

/// One thing that repeats, for [`Scenario::check_run_size`]'s message.
struct Periodic {
    path: String,
    period_ms: f64,
    events: f64,
    what: &'static str,
}

/// `x` rounded up to four significant digits, so a suggested minimum is enough.
fn round_up(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 3);
    // Less a hair, so that 0.001 (1000.0000000000001 scaled) stays 0.001.
    ((x / scale) * (1.0 - 1e-12)).ceil() * scale
}

/// A number for a message: at most four significant digits, no trailing zeros.
fn short(x: f64) -> String {
    if x != 0.0 && !(1e-3..1e12).contains(&x.abs()) {
        return format!("{x:.3e}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A list longer than its ceiling.
fn check_len(path: &'static str, len: usize, max: usize) -> Result<(), ScenarioError> {
    if len > max {
        return Err(ScenarioError::new(
            path,
            format!("expected at most {max} entries, got {len}"),
        ));
    }
    Ok(())
}

/// Maglev gives each server at least one slot only when the table has a slot per server; with
/// fewer, the servers past the table's size would get no traffic at all, and nothing would say so.
pub fn maglev_too_small(table: u32, servers: usize) -> String {
    let left = servers - table as usize;
    format!(
        "expected a table of at least {servers} slots, one per server (Maglev's paper uses more than 100 per server), got {table}: {left} server{} would own no slot",
        if left == 1 { "" } else { "s" }
    )
}

/// A Maglev table with fewer than 100 slots a server works (Envoy and the paper accept it) but
/// its shares drift apart: each server owns M/n slots give or take one.
pub fn maglev_thin(table: u32, servers: usize) -> Option<String> {
    let per_server = f64::from(table) / servers.max(1) as f64;
    (per_server < 100.0).then(|| {
        format!(
            "{table} slots for {servers} servers is {} a server, below the 100 Maglev's paper uses: shares may differ by one slot in {}",
            short(per_server),
            short(per_server)
        )
    })
}

/// The message for a fault naming no server: the first few ids, and how many more.
fn unknown_server(id: &str, scenario: &Scenario) -> String {
    let n = scenario.servers.len();
    let mut known: Vec<String> = scenario
        .servers
        .iter()
        .take(5)
        .enumerate()
        .map(|(j, s)| s.id_at(j))
        .collect();
    if n > 5 {
        known.push(format!("and {} more", n - 5));
    }
    format!(
        "expected the id of a server ({}), got '{}'",
        known.join(", "),
        text::escaped(id)
    )
}

impl Scenario {
    /// Check everything a file reader checks, plus what spans fields (unique ids, faults naming
    /// servers, at least one server and one strategy). Never panics.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_run()?;
        let ids = self.validate_servers()?;
        self.validate_traffic()?;
        self.validate_proxy()?;
        self.validate_faults(&ids)?;
        self.validate_report()
    }

    /// The run as a whole: its name, size, strategies and balancers.
    fn validate_run(&self) -> Result<(), ScenarioError> {
        use bounds::*;
        if let Some(problem) = text::text_problem(&self.name, MAX_NAME_BYTES, false) {
            return Err(ScenarioError::new("name", problem));
        }
        if let Some(problem) = text::text_problem(&self.description, MAX_TEXT_BYTES, true) {
            return Err(ScenarioError::new("description", problem));
        }
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
        check_len("strategies", self.strategies.len(), MAX_STRATEGIES)?;
        for (i, s) in self.strategies.iter().enumerate() {
            s.validate()
                .map_err(|e| ScenarioError::new(format!("strategies[{i}]"), e.to_string()))?;
        }
        check_whole_at("balancers", BALANCERS, self.balancers.into())?;
        if let Some(t) = self.shared_load_ms {
            check_real_at("shared_load_ms", TIME_MS, t)?;
            // 0 delivers reports at once; a period must move the clock (see MIN_PERIOD_MS).
            if t > 0.0 && t < MIN_PERIOD_MS {
                return Err(ScenarioError::new(
                    "shared_load_ms",
                    format!(
                        "expected 0 or a number from {MIN_PERIOD_MS} to {MAX_MS}, got {}",
                        Num::Float(t)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The servers, each field in its bounds and each id unique; returns the ids, sorted.
    fn validate_servers(&self) -> Result<Vec<String>, ScenarioError> {
        use bounds::*;
        if self.servers.is_empty() {
            return Err(ScenarioError::new(
                "servers",
                "expected at least one server, got none",
            ));
        }
        check_len("servers", self.servers.len(), MAX_SERVERS)?;
        let cells = u64::from(self.balancers) * self.servers.len() as u64;
        if cells > MAX_BALANCER_SERVERS {
            return Err(ScenarioError::new(
                "balancers",
                format!(
                    "expected at most {} balancers over {} servers (balancers × servers at most {MAX_BALANCER_SERVERS}), got {}",
                    MAX_BALANCER_SERVERS / self.servers.len() as u64,
                    self.servers.len(),
                    self.balancers
                ),
            ));
        }
        for (i, s) in self.strategies.iter().enumerate() {
            if s.kind == StrategyKind::Maglev && (s.maglev_table_size as usize) < self.servers.len()
            {
                return Err(ScenarioError::new(
                    format!("strategies[{i}].maglev_table_size"),
                    maglev_too_small(s.maglev_table_size, self.servers.len()),
                ));
            }
        }
        // Ids by sorting, O(n log n): comparing each id with every earlier one took 1.9 s at
        // 5,000 servers (see engine::model::first_duplicate).
        let ids: Vec<String> = self
            .servers
            .iter()
            .enumerate()
            .map(|(i, s)| s.id_at(i))
            .collect();
        let by_id: Vec<&str> = ids.iter().map(String::as_str).collect();
        let duplicate = crate::engine::model::first_duplicate(&by_id);
        for (i, s) in self.servers.iter().enumerate() {
            let f = |name: &'static str| move || format!("servers[{i}].{name}");
            if !s.id.is_empty()
                && let Some(problem) = text::id_problem(&s.id)
            {
                return Err(ScenarioError::new(f("id")(), problem));
            }
            if let Some((j, later)) = duplicate
                && later == i
            {
                return Err(ScenarioError::new(
                    f("id")(),
                    format!(
                        "expected a unique id, got '{}' (already servers[{j}])",
                        text::escaped(&ids[i])
                    ),
                ));
            }
            if let Some(problem) = text::id_problem(&s.host) {
                return Err(ScenarioError::new(f("host")(), problem));
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
        let mut ids = ids;
        ids.sort_unstable();
        Ok(ids)
    }

    /// The requests: arrivals, bursts, clients, paths and methods.
    fn validate_traffic(&self) -> Result<(), ScenarioError> {
        use bounds::*;
        check_real_at("arrivals.rate_per_s", RATE, self.arrivals.rate_per_s)?;
        check_len("arrivals.bursts", self.arrivals.bursts.len(), MAX_BURSTS)?;
        for (i, b) in self.arrivals.bursts.iter().enumerate() {
            let f = |name: &'static str| move || format!("arrivals.bursts[{i}].{name}");
            check_real(&f("at_ms"), TIME_MS, b.at_ms)?;
            check_whole(&f("requests"), BURST_REQUESTS, b.requests)?;
            check_real(&f("over_ms"), TIME_MS, b.over_ms)?;
        }
        check_whole_at("clients.count", CLIENTS, self.clients.count.into())?;
        check_whole_at("paths.count", PATHS, self.paths.count.into())?;
        check_real_at("paths.zipf", ZIPF, self.paths.zipf)?;
        if let Some(problem) = text::text_problem(&self.clients.ip_template, MAX_TEXT_BYTES, false)
        {
            return Err(ScenarioError::new("clients.ip_template", problem));
        }
        if let Some(problem) = text::text_problem(&self.paths.template, MAX_TEXT_BYTES, false) {
            return Err(ScenarioError::new("paths.template", problem));
        }
        check_len("methods", self.methods.len(), MAX_METHODS)?;
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
        Ok(())
    }

    /// The proxy, its health checks and its outlier detection.
    fn validate_proxy(&self) -> Result<(), ScenarioError> {
        use bounds::*;
        let x = &self.proxy;
        check_real_at("proxy.timeout_ms", POSITIVE_MS, x.timeout_ms)?;
        check_whole_at("proxy.retries", RETRIES, x.retries.into())?;
        check_real_at("proxy.retry_budget", PROBABILITY, x.retry_budget)?;
        check_whole_at("proxy.retry_budget_min", RETRY_MIN, x.retry_budget_min)?;
        check_real_at("proxy.connect_ms", TIME_MS, x.connect_ms)?;
        let h = &self.health;
        check_real_at("health.interval_ms", PERIOD_MS, h.interval_ms)?;
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
        Ok(())
    }

    /// The faults, each naming a server among `ids` (sorted).
    fn validate_faults(&self, ids: &[String]) -> Result<(), ScenarioError> {
        use bounds::*;
        check_len("faults", self.faults.len(), MAX_FAULTS)?;
        for (i, fault) in self.faults.iter().enumerate() {
            let f = |name: &'static str| move || format!("faults[{i}].{name}");
            check_real(&f("at_ms"), TIME_MS, fault.at_ms)?;
            if ids.binary_search(&fault.server).is_err() {
                return Err(ScenarioError::new(
                    f("server")(),
                    unknown_server(&fault.server, self),
                ));
            }
            fault.validate_params(&format!("faults[{i}]"))?;
        }
        Ok(())
    }

    /// What the report keeps.
    fn validate_report(&self) -> Result<(), ScenarioError> {
        use bounds::*;
        check_real_at(
            "report.sample_interval_ms",
            PERIOD_MS,
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

    /// How big a run of this scenario gets, from its fields alone (nothing is simulated).
    pub fn run_size(&self) -> RunSize {
        let arrivals = self
            .arrivals
            .bursts
            .iter()
            .fold(self.requests, |n, b| n.saturating_add(b.requests));
        let steady_ms = self.requests as f64 * 1000.0 / self.arrivals.rate_per_s;
        let steady_ms = self.duration_ms.map_or(steady_ms, |d| d.min(steady_ms));
        let bursts_ms = self
            .arrivals
            .bursts
            .iter()
            .map(|b| b.at_ms + b.over_ms)
            .fold(0.0, f64::max);
        // A run ends when its last request does; each attempt ends by its timeout at the latest.
        let tail_ms =
            f64::from(self.proxy.retries + 1) * (self.proxy.timeout_ms + self.proxy.connect_ms);
        let length_ms = steady_ms.max(bursts_ms) + tail_ms;
        let periodic = self.periodic_sources(length_ms);
        RunSize {
            length_ms,
            arrivals,
            periodic_events: periodic.iter().map(|p| p.events).sum(),
            attempts: self.proxy.retries + 1,
        }
    }

    /// Each thing that repeats over `length_ms`, and how many events it makes.
    fn periodic_sources(&self, length_ms: f64) -> Vec<Periodic> {
        let mut sources = vec![Periodic {
            path: "report.sample_interval_ms".into(),
            period_ms: self.report.sample_interval_ms,
            events: length_ms / self.report.sample_interval_ms,
            what: "report samples",
        }];
        if self.health.enabled {
            // A probe and its result, for every server.
            let per_period = 2.0 * self.servers.len() as f64;
            sources.push(Periodic {
                path: "health.interval_ms".into(),
                period_ms: self.health.interval_ms,
                events: per_period * length_ms / self.health.interval_ms,
                what: "health-check events (a probe and its result per server)",
            });
        }
        if let Some(t) = self.shared_load_ms.filter(|&t| t > 0.0) {
            sources.push(Periodic {
                path: "shared_load_ms".into(),
                period_ms: t,
                events: length_ms / t,
                what: "load-report deliveries",
            });
        }
        for (i, f) in self.faults.iter().enumerate() {
            if f.action == FaultAction::Flapping {
                let cycle = f.down_ms + f.up_ms;
                sources.push(Periodic {
                    path: format!("faults[{i}].down_ms + up_ms"),
                    period_ms: cycle,
                    events: 2.0 * (length_ms - f.at_ms).max(0.0) / cycle,
                    what: "flaps (down, then up)",
                });
            }
        }
        sources
    }

    /// Hold a run to the ceilings of [`bounds::MAX_ARRIVALS`] arrivals and
    /// [`bounds::MAX_PERIODIC_EVENTS`] repeating events over its expected length, and its steady
    /// arrivals to the longest simulated time ([`bounds::MAX_MS`]). The CLI checks this before a
    /// run; the browser's endless live run does not (it advances by the frame).
    pub fn check_run_size(&self) -> Result<RunSize, ScenarioError> {
        use bounds::*;
        self.validate()?;
        let size = self.run_size();
        if size.arrivals > MAX_ARRIVALS {
            return Err(ScenarioError::new(
                "requests",
                format!(
                    "expected at most {MAX_ARRIVALS} requests with the bursts' included, got {}",
                    size.arrivals
                ),
            ));
        }
        let steady_ms = self.requests as f64 * 1000.0 / self.arrivals.rate_per_s;
        if self.duration_ms.is_none() && steady_ms > MAX_MS {
            return Err(ScenarioError::new(
                "arrivals.rate_per_s",
                format!(
                    "expected at least {} per second, so that {} requests end within {MAX_MS} ms (or set duration_ms), got {}",
                    short(round_up(self.requests as f64 * 1000.0 / MAX_MS)),
                    self.requests,
                    Num::Float(self.arrivals.rate_per_s)
                ),
            ));
        }
        let sources = self.periodic_sources(size.length_ms);
        if size.periodic_events > MAX_PERIODIC_EVENTS
            && let Some(worst) = sources.iter().max_by(|a, b| a.events.total_cmp(&b.events))
        {
            let others = size.periodic_events - worst.events;
            let room = (MAX_PERIODIC_EVENTS - others).max(1.0);
            return Err(ScenarioError::new(
                worst.path.clone(),
                format!(
                    "expected at least {} ms: every {} ms over a run of about {} ms makes {} {}, and a run may repeat at most {MAX_PERIODIC_EVENTS:e} events; got {}",
                    short(round_up(worst.period_ms * worst.events / room)),
                    short(worst.period_ms),
                    short(size.length_ms),
                    short(worst.events),
                    worst.what,
                    short(worst.period_ms)
                ),
            ));
        }
        Ok(size)
    }

    /// What a valid scenario would quietly not do, as warnings naming the field: a server that
    /// joins or a fault that strikes after the run's expected end (so never), a Maglev table of
    /// fewer than 100 slots a server (real proxies accept it; the shares grow uneven).
    pub fn warnings(&self) -> Vec<ScenarioError> {
        let end = self.run_size().length_ms;
        let mut out = Vec::new();
        let late = |t: f64, what: &str| {
            format!(
                "{} ms is after the run's expected end (about {} ms): {what}",
                short(t),
                short(end)
            )
        };
        for (i, s) in self.servers.iter().enumerate() {
            if let Some(t) = s.join_at_ms.filter(|&t| t > end) {
                out.push(ScenarioError::new(
                    format!("servers[{i}].join_at_ms"),
                    late(t, "the server would never join"),
                ));
            }
        }
        for (i, f) in self.faults.iter().enumerate() {
            if f.at_ms > end {
                out.push(ScenarioError::new(
                    format!("faults[{i}].at_ms"),
                    late(f.at_ms, "the fault would never happen"),
                ));
            }
        }
        for (i, s) in self.strategies.iter().enumerate() {
            if s.kind == StrategyKind::Maglev
                && let Some(w) = maglev_thin(s.maglev_table_size, self.servers.len())
            {
                out.push(ScenarioError::new(
                    format!("strategies[{i}].maglev_table_size"),
                    w,
                ));
            }
        }
        out
    }

    /// Position of the server with this id.
    pub fn server_position(&self, id: &str) -> Option<usize> {
        self.servers
            .iter()
            .enumerate()
            .position(|(i, s)| s.id_at(i) == id)
    }

    /// Read a scenario from JSON and validate it. A leading byte-order mark is skipped.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let text = without_bom(text);
        // A scenario and each of its sections are objects: say so before serde reads one from
        // an array (see `Shape`). Syntax errors are the typed reader's to report.
        let template = shape_template();
        let mut track = serde_path_to_error::Track::new();
        let shape = serde::de::DeserializeSeed::deserialize(
            Shape {
                template: Some(&template),
                object: "an object",
            },
            serde_path_to_error::Deserializer::new(
                &mut serde_json::Deserializer::from_str(text),
                &mut track,
            ),
        );
        if let Err(e) = shape
            && e.to_string().contains("of named fields, got an array")
        {
            let message = e.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |at| &message[..at]);
            return Err(ScenarioError::new(path_or_top(&track.path()), message));
        }
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

    /// Read a scenario from TOML and validate it. A leading byte-order mark is skipped.
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        let text = without_bom(text);
        // The toml crate builds the whole document before it is read (about 300 bytes an item),
        // so TOML gets a smaller ceiling than JSON, which is read as it streams.
        if text.len() > bounds::MAX_TOML_BYTES {
            return Err(ScenarioError::new(
                "(file)",
                format!(
                    "expected a TOML scenario of at most {} bytes, got {} bytes (JSON may hold more)",
                    bounds::MAX_TOML_BYTES,
                    text.len()
                ),
            ));
        }
        let template = shape_template();
        if let Ok(de) = toml::Deserializer::parse(text) {
            let mut track = serde_path_to_error::Track::new();
            let shape = serde::de::DeserializeSeed::deserialize(
                Shape {
                    template: Some(&template),
                    object: "a table",
                },
                serde_path_to_error::Deserializer::new(de, &mut track),
            );
            if let Err(e) = shape
                && e.message().contains("of named fields, got an array")
            {
                return Err(ScenarioError::new(
                    path_or_top(&track.path()),
                    e.message().to_string(),
                ));
            }
        }
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
        let text = without_bom(text);
        let first = text.trim_start().chars().next();
        if first == Some('[') && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            return Err(ScenarioError::new(
                "(scenario)",
                "expected a JSON object {...} or TOML, got a JSON array",
            ));
        }
        if first == Some('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// The scenario as pretty-printed JSON, every field written.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario as TOML, every field written.
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(self).map_err(|e| e.to_string())
    }
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// A scenario with one entry in each list, as a JSON value: where it has an object, a file must
/// have one (a table, in TOML).
fn shape_template() -> serde_json::Value {
    let mut s = Scenario::default();
    s.faults.push(FaultSpec::default());
    s.arrivals.bursts.push(Burst::default());
    serde_json::to_value(&s).unwrap_or_default()
}

/// Walks a document beside [`shape_template`] without building it, refusing an array where the
/// template has an object: serde reads a struct from an array too, field by field in declaration
/// order, and a scenario and each of its sections are objects. Only shapes are checked; fields
/// are the typed reader's business. Memory is the document's depth.
struct Shape<'t> {
    template: Option<&'t serde_json::Value>,
    object: &'static str,
}

impl<'de> serde::de::DeserializeSeed<'de> for Shape<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Shape<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(serde_json::Value::Object(_)) = self.template {
            return Err(serde::de::Error::custom(format!(
                "expected {} of named fields, got an array",
                self.object
            )));
        }
        let entry = match self.template {
            Some(serde_json::Value::Array(t)) => t.first(),
            _ => None,
        };
        let mut n = 0;
        while seq
            .next_element_seed(Shape {
                template: entry,
                object: self.object,
            })?
            .is_some()
        {
            n += 1;
            if n > bounds::MAX_SERVERS.max(bounds::MAX_FAULTS) {
                // Longer than any list may be: the typed reader names the list and its ceiling.
                return Err(serde::de::Error::custom("too long"));
            }
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = match self.template {
            Some(serde_json::Value::Object(fields)) => Some(fields),
            _ => None,
        };
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(Shape {
                template: fields.and_then(|f| f.get(&key)),
                object: self.object,
            })?;
        }
        Ok(())
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
    /// The name the CLI and links use (`seed-demo`).
    pub name: &'static str,
    /// What it shows, in a line.
    pub summary: &'static str,
    /// Its runs, in order; most presets have one.
    pub runs: Vec<Scenario>,
}

/// The preset names, in the order `fulcrum simulate --help` lists them.
pub const PRESETS: [&str; 9] = [
    "tutorial-demo",
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

/// Older names presets are still found by, so old links and scripts keep working:
/// (old name, name now).
pub const PRESET_ALIASES: [(&str, &str); 1] = [("seed-demo", "tutorial-demo")];

/// The preset's name as [`PRESETS`] lists it, for a name now or an older alias; `None` if there is
/// no such preset.
pub fn preset_name(name: &str) -> Option<&'static str> {
    PRESETS.iter().copied().find(|p| *p == name).or_else(|| {
        PRESET_ALIASES
            .iter()
            .find(|(old, _)| *old == name)
            .map(|(_, now)| *now)
    })
}

/// A preset by name (or an older alias, [`PRESET_ALIASES`]), or `None` (the message for that
/// lists [`PRESETS`]).
pub fn preset(name: &str) -> Option<Preset> {
    let name = preset_name(name)?;
    Some(match name {
        "tutorial-demo" => preset_tutorial_demo(),
        "slow-server" => preset_slow_server(),
        "server-crash" => preset_server_crash(),
        "crash-mid-request" => preset_crash_mid_request(),
        "hot-key" => preset_hot_key(),
        "heterogeneous" => preset_heterogeneous(),
        "flapping" => preset_flapping(),
        "scale-out" => preset_scale_out(),
        "herding" => preset_herding(),
        _ => return None,
    })
}

/// A scenario with the defaults, named and described.
fn base_scenario(name: &str, description: &str) -> Scenario {
    Scenario {
        name: name.into(),
        description: description.into(),
        ..Scenario::default()
    }
}

/// The `tutorial-demo` preset (once `seed-demo`, still found by that name).
fn preset_tutorial_demo() -> Preset {
    use StrategyKind as K;
    // Part 1: the seed's demo loop. It only calls select_server (nothing is forwarded),
    // so requests are spaced far enough apart that each ends before the next: the
    // balancer sees no connections, as in the seed.
    let mut demo = base_scenario(
        "tutorial-demo",
        "the tutorial's demo: 20 requests GET /api/data/{i} from 192.168.1.{i % 10} over server1-4 (weights 1,2,1,3)",
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
    health.name = "tutorial-demo/health-check".into();
    health.description =
        "the tutorial's health-check demo: a round-robin proxy forwards 5 requests GET /api/health/{i} from 192.168.1.1".into();
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
        name: "tutorial-demo",
        summary: "the tutorial's own demo: 20 requests over its four servers, then its health-check run; the tutorial ran it under five strategies, here it plays the one chosen (Compare runs the others beside it)",
        runs: vec![demo, health],
    }
}

/// The `slow-server` preset.
fn preset_slow_server() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `server-crash` preset.
fn preset_server_crash() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `crash-mid-request` preset.
fn preset_crash_mid_request() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `hot-key` preset.
fn preset_hot_key() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `heterogeneous` preset.
fn preset_heterogeneous() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `flapping` preset.
fn preset_flapping() -> Preset {
    let mut seed_like = base_scenario(
        "flapping/rise=fall=1",
        "server2 is down 1.5 s, up 1.5 s, over and over; probes every second with the tutorial's rise = fall = 1 flip the pool each time",
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
        "the same flapping server with HAProxy's rise 2 / fall 3: the pool holds still".into();
    damped.health.rise = 2;
    damped.health.fall = 3;
    Preset {
        name: "flapping",
        summary: "a flapping server with and without rise/fall thresholds",
        runs: vec![seed_like, damped],
    }
}

/// The `scale-out` preset.
fn preset_scale_out() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
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

/// The `herding` preset.
fn preset_herding() -> Preset {
    use StrategyKind as K;
    let mut s = base_scenario(
        "herding",
        "10 balancers over 10 servers (16 requests at once each, then a queue) share load reports every 250 ms: between reports least connections sends everyone to the same least-loaded servers, which queue, and its p99 is more than twice power of two choices'; round robin, blind to load, herds least of all",
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
    // 2,000 requests a second of 50 ms keep 10 per server in service on average; a
    // capacity of 16 leaves room for chance but not for a herd, so herding costs latency.
    s.servers = servers(10, |_, s| {
        s.latency_ms = 50.0;
        s.jitter = 0.5;
        s.capacity = 16;
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
    fn older_preset_names_and_variants_are_aliases() {
        for (old, now) in PRESET_ALIASES {
            assert!(PRESETS.contains(&now), "{now}");
            assert!(!PRESETS.contains(&old), "{old}");
            assert_eq!(preset_name(old), Some(now));
            assert_eq!(preset(old), preset(now));
        }
        assert_eq!(preset_name("seed-demo"), Some("tutorial-demo"));
        assert_eq!(preset_name("nope"), None);
        // A scenario file written with `"variant": "seed"` still reads; it is written `tutorial`.
        let old: StrategyConfig =
            serde_json::from_str(r#"{"kind": "round_robin", "variant": "seed"}"#).unwrap();
        let now: StrategyConfig =
            serde_json::from_str(r#"{"kind": "round_robin", "variant": "tutorial"}"#).unwrap();
        assert_eq!(old, now);
        assert_eq!(old.variant, crate::engine::Variant::Seed);
        assert!(
            serde_json::to_string(&old)
                .unwrap()
                .contains(r#""variant":"tutorial""#)
        );
        for v in [
            crate::engine::Variant::Corrected,
            crate::engine::Variant::Seed,
        ] {
            assert_eq!(crate::engine::Variant::from_name(v.name()), Some(v));
        }
        assert_eq!(
            crate::engine::Variant::split_prefix("seed:maglev"),
            crate::engine::Variant::split_prefix("tutorial:maglev")
        );
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

    #[test]
    fn validation_is_linear_in_the_servers() {
        // Sorting finds duplicates in O(n log n): 100,000 servers with the duplicate last take
        // about 1.7·10⁶ comparisons, where comparing each id with every earlier one took 5·10⁹.
        let mut s = Scenario {
            servers: (0..bounds::MAX_SERVERS)
                .map(|i| ServerSpec {
                    id: format!("s{i}"),
                    ..ServerSpec::default()
                })
                .collect(),
            faults: vec![fault(1.0, "s99999", FaultAction::Crash); 1000],
            ..Scenario::default()
        };
        s.validate().unwrap();
        s.servers.last_mut().unwrap().id = "s0".into();
        let e = s.validate().unwrap_err();
        assert_eq!(e.path, "servers[99999].id");
        assert!(e.message.contains("already servers[0]"), "{e}");
        // One more server than the ceiling is refused, naming the count.
        s.servers.push(ServerSpec::default());
        let e = s.validate().unwrap_err();
        assert_eq!(
            e.to_string(),
            "servers: expected at most 100000 entries, got 100001"
        );
        // A fault naming no server lists a few ids, not all of them.
        let s = Scenario {
            servers: servers(1000, |_, _| {}),
            faults: vec![fault(1.0, "nope", FaultAction::Crash)],
            ..Scenario::default()
        };
        let e = s.validate().unwrap_err();
        assert_eq!(
            e.message,
            "expected the id of a server (server1, server2, server3, server4, server5, and 995 more), got 'nope'"
        );
    }

    #[test]
    fn periods_that_would_freeze_the_clock_are_refused() {
        let cases = [
            (r#"{"health": {"interval_ms": 1e-9}}"#, "health.interval_ms"),
            (
                r#"{"report": {"sample_interval_ms": 1e-9}}"#,
                "report.sample_interval_ms",
            ),
            (
                r#"{"faults": [{"server": "server1", "action": "flapping", "down_ms": 1e-9}]}"#,
                "faults[0].down_ms",
            ),
            (
                r#"{"faults": [{"server": "server1", "action": "flapping", "up_ms": 0.0004}]}"#,
                "faults[0].up_ms",
            ),
        ];
        for (json, path) in cases {
            let e = Scenario::from_json(json).unwrap_err();
            assert_eq!(e.path, path, "{json}: {e}");
            assert!(
                e.message
                    .starts_with("expected a number from 0.001 to 10000000000"),
                "{e}"
            );
        }
        let e = Scenario::from_json(r#"{"shared_load_ms": 1e-9}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "shared_load_ms: expected 0 or a number from 0.001 to 10000000000, got 1e-9"
        );
        // The same bound when code builds the fault (the browser's live actions do).
        let mut f = fault(0.0, "server1", FaultAction::Flapping);
        f.down_ms = 1e-9;
        assert_eq!(
            f.validate_params("fault").unwrap_err().path,
            "fault.down_ms"
        );
    }

    #[test]
    fn a_run_too_long_or_too_busy_is_refused_with_the_value_that_fits() {
        for name in PRESETS {
            for run in preset(name).unwrap().runs {
                run.check_run_size()
                    .unwrap_or_else(|e| panic!("preset {name}: {e}"));
            }
        }
        let mut s = Scenario::default();
        s.arrivals.rate_per_s = 1e-300;
        let e = s.check_run_size().unwrap_err();
        assert_eq!(e.path, "arrivals.rate_per_s");
        assert!(
            e.message.starts_with(
                "expected at least 0.001 per second, so that 10000 requests end within 10000000000 ms"
            ),
            "{e}"
        );
        // With a duration the same rate is a short, quiet run.
        s.duration_ms = Some(1000.0);
        s.check_run_size().unwrap();

        // Samples every µs over a 10 s run: 10⁷ is fine, 10⁸ too many.
        let mut s = Scenario::default();
        s.health.enabled = false;
        s.report.sample_interval_ms = bounds::MIN_PERIOD_MS;
        s.check_run_size().unwrap();
        s.requests = 100_000;
        let e = s.check_run_size().unwrap_err();
        assert_eq!(e.path, "report.sample_interval_ms");
        assert!(e.message.starts_with("expected at least 0.001"), "{e}");
        // The suggested period is enough.
        let suggested: f64 = e.message["expected at least ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        s.report.sample_interval_ms = suggested;
        s.check_run_size().unwrap();

        // Health checks count per server.
        let mut s = Scenario::default();
        s.health.interval_ms = 0.001;
        let e = s.check_run_size().unwrap_err();
        assert_eq!(e.path, "health.interval_ms");
        let mut s = Scenario::default();
        s.arrivals.bursts = vec![Burst {
            requests: bounds::BURST_REQUESTS.max,
            ..Burst::default()
        }];
        s.requests = bounds::REQUESTS.max;
        s.duration_ms = Some(1.0);
        assert_eq!(s.check_run_size().unwrap_err().path, "requests");
    }

    #[test]
    fn a_scenario_and_its_sections_are_objects() {
        let e = Scenario::from_json("[1, \"x\", 10]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "(scenario): expected an object of named fields, got an array"
        );
        let e = Scenario::parse("  [1, 2]").unwrap_err();
        assert_eq!(e.path, "(scenario)");
        let e = Scenario::from_json(r#"{"proxy": [1000, 2]}"#).unwrap_err();
        assert_eq!(e.path, "proxy");
        let e = Scenario::from_json(r#"{"servers": [{}, [1, 2]]}"#).unwrap_err();
        assert_eq!(e.path, "servers[1]");
        let e = Scenario::from_toml("proxy = [1000, 2]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "proxy: expected a table of named fields, got an array"
        );
        // TOML's own tables still read.
        assert_eq!(
            Scenario::parse("[proxy]\nretries = 2\n")
                .unwrap()
                .proxy
                .retries,
            2
        );
    }

    #[test]
    fn what_a_run_would_never_do_is_a_warning() {
        let mut s = Scenario::default();
        assert!(s.warnings().is_empty());
        // 10,000 requests at 1,000/s and at most 30 s for the last: a fault at 100 s never comes.
        s.faults = vec![fault(100_000.0, "server1", FaultAction::Crash)];
        s.servers[2].join_at_ms = Some(5_000.0);
        s.servers[3].join_at_ms = Some(1e9);
        let w = s.warnings();
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(
            w[0].to_string(),
            "servers[3].join_at_ms: 1000000000 ms is after the run's expected end (about 40001 ms): the server would never join"
        );
        assert_eq!(w[1].path, "faults[0].at_ms");
        assert!(w[1].message.ends_with("the fault would never happen"));
        for name in PRESETS {
            for run in preset(name).unwrap().runs {
                assert!(run.warnings().is_empty(), "{name}: {:?}", run.warnings());
            }
        }
    }

    #[test]
    fn lists_are_read_no_further_than_their_ceiling() {
        // 100,001 servers: refused by the reader at the entry past the ceiling.
        let json = format!(
            "{{\"servers\": [{}{{}}]}}",
            "{},".repeat(bounds::MAX_SERVERS)
        );
        let e = Scenario::from_json(&json).unwrap_err();
        assert_eq!(e.path, "servers");
        assert!(
            e.message
                .starts_with("expected at most 100000 entries, got more"),
            "{e}"
        );
        let json = format!("{{\"methods\": [{}{{}}]}}", "{}, ".repeat(64));
        let e = Scenario::from_json(&json).unwrap_err();
        assert_eq!(
            e.to_string(),
            "methods: expected at most 64 entries, got more (line 1, column 272)"
        );
        // TOML is parsed whole first, so it has its own, smaller ceiling.
        let toml = "# padding\n".repeat(bounds::MAX_TOML_BYTES / 10 + 1);
        let e = Scenario::from_toml(&toml).unwrap_err();
        assert_eq!(e.path, "(file)");
        assert!(
            e.message
                .starts_with("expected a TOML scenario of at most 4194304 bytes"),
            "{e}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let s = Scenario::parse("\u{FEFF}{\"requests\": 7}").unwrap();
        assert_eq!(s.requests, 7);
        let s = Scenario::parse("\u{FEFF}requests = 8\n").unwrap();
        assert_eq!(s.requests, 8);
    }

    #[test]
    fn ids_stay_one_token_and_text_is_bounded() {
        for bad in [
            "a\nb",
            "a b",
            "a,b",
            "\u{1b}]0;pwned\u{7}",
            "evil\u{202e}txt",
            "",
        ] {
            let mut s = Scenario::default();
            s.servers[1].id = bad.into();
            if bad.is_empty() {
                s.validate().unwrap(); // empty means server2
                continue;
            }
            let e = s.validate().unwrap_err();
            assert_eq!(e.path, "servers[1].id", "{bad:?}");
            assert!(!e.message.chars().any(text::is_unsafe), "{e}");
        }
        let mut s = Scenario::default();
        s.servers[0].host = "local\nhost".into();
        assert_eq!(s.validate().unwrap_err().path, "servers[0].host");
        s.servers[0].id = "x".repeat(257);
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "servers[0].id: expected at most 256 bytes, got 257 bytes"
        );
        let mut s = Scenario {
            name: "\u{1b}]0;title\u{7}".into(),
            ..Scenario::default()
        };
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "name: expected text without control characters, got '\\u{1b}]0;title\\u{7}'"
        );
        s.name = String::new();
        s.description = "two\nlines are fine".into();
        s.validate().unwrap();
        s.paths.template = "/a\r\n{i}".into();
        assert_eq!(s.validate().unwrap_err().path, "paths.template");
    }

    #[test]
    fn text_is_escaped_for_terminals_and_json() {
        assert!(matches!(
            text::escaped("plain 名字"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            text::escaped("a\u{1b}[31mb\u{202e}c\u{9b}"),
            "a\\u{1b}[31mb\\u{202e}c\\u{9b}"
        );
        let json = serde_json::to_string_pretty(&["\u{1b}x\u{202e}\u{85}"]).unwrap();
        let safe = text::json_escaped(json);
        assert!(
            !safe.chars().any(|c| c != '\n' && text::is_unsafe(c)),
            "{safe}"
        );
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["\u{1b}x\u{202e}\u{85}"]);
    }

    #[test]
    fn a_maglev_table_smaller_than_the_pool_is_refused() {
        let mut s = Scenario {
            servers: servers(1000, |_, _| {}),
            ..Scenario::default()
        };
        let mut maglev = StrategyConfig::new(StrategyKind::Maglev);
        maglev.maglev_table_size = 3;
        s.strategies = vec![StrategyConfig::new(StrategyKind::RoundRobin), maglev];
        let e = s.validate().unwrap_err();
        assert_eq!(e.path, "strategies[1].maglev_table_size");
        assert!(
            e.message
                .starts_with("expected a table of at least 1000 slots"),
            "{e}"
        );
        assert!(
            e.message.ends_with("got 3: 997 servers would own no slot"),
            "{e}"
        );
        s.strategies[1].maglev_table_size = 1009;
        s.validate().unwrap();
        // Accepted, but said: about one slot a server makes shares uneven.
        let w = s.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].path, "strategies[1].maglev_table_size");
        assert!(
            w[0].message
                .starts_with("1009 slots for 1000 servers is 1.009 a server, below the 100"),
            "{}",
            w[0]
        );
        s.servers = servers(2000, |_, _| {});
        s.strategies[1].maglev_table_size = 2003;
        s.balancers = 501;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "balancers: expected at most 500 balancers over 2000 servers (balancers × servers at most 1000000), got 501"
        );
    }
}
