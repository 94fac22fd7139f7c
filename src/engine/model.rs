//! The seed's formal model LB = (S, R, A, W, D) as data: servers (S) with their weights (W) and
//! health (D), requests (R), and the pool a strategy (A) picks from.
//!
//! A [`Pool`] owns the servers and a snapshot of the eligible ones. Live load (connections, the
//! response-time window, the peak EWMA) lives on each [`Server`], so rebuilding a strategy after a
//! membership or health change never resets it.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Nanoseconds of simulated (or request) time. The engine never reads a clock itself.
pub type Nanos = u64;

/// A server's health as the seed defines it (`ServerStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Takes requests.
    Healthy,
    /// Failed its health checks; takes nothing.
    Unhealthy,
    /// At its connection limit (the seed's status, set by the simulator); takes nothing.
    Overloaded,
    /// Taken out by an operator; takes nothing.
    Maintenance,
}

impl Status {
    /// Every status, in declaration order (for pickers and tables).
    pub const ALL: [Status; 4] = [
        Status::Healthy,
        Status::Unhealthy,
        Status::Overloaded,
        Status::Maintenance,
    ];

    /// The lower-case name used in JSON, links and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Healthy => "healthy",
            Status::Unhealthy => "unhealthy",
            Status::Overloaded => "overloaded",
            Status::Maintenance => "maintenance",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many response times a server remembers (the seed's `deque(maxlen=100)`).
pub const RESPONSE_WINDOW: usize = 100;

/// The last [`RESPONSE_WINDOW`] response times of a server, in milliseconds, and which of them
/// were failures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseWindow {
    samples: Vec<f64>,
    next: usize,
    /// Bit `i` set: `samples[i]` was a failure.
    #[serde(default)]
    failed: u128,
}

// One bit per slot of the window.
const _: () = assert!(RESPONSE_WINDOW <= 128);

impl Default for ResponseWindow {
    fn default() -> Self {
        Self {
            samples: Vec::with_capacity(RESPONSE_WINDOW),
            next: 0,
            failed: 0,
        }
    }
}

impl ResponseWindow {
    /// Record a successful response time.
    pub fn push(&mut self, ms: f64) {
        self.push_outcome(ms, true);
    }

    /// Record a response time and whether the request succeeded.
    pub fn push_outcome(&mut self, ms: f64, ok: bool) {
        let slot = if self.samples.len() < RESPONSE_WINDOW {
            self.samples.push(ms);
            self.samples.len() - 1
        } else {
            self.samples[self.next] = ms;
            self.next
        };
        if ok {
            self.failed &= !(1u128 << slot);
        } else {
            self.failed |= 1u128 << slot;
        }
        self.next = (self.next + 1) % RESPONSE_WINDOW;
    }

    /// How many samples of the window are failures.
    pub fn failures(&self) -> usize {
        self.failed.count_ones() as usize
    }

    /// `(ms, ok)` for every sample, in slot order (not arrival order): for aggregates.
    pub fn outcomes(&self) -> impl Iterator<Item = (f64, bool)> + '_ {
        self.samples
            .iter()
            .enumerate()
            .map(|(i, &ms)| (ms, (self.failed >> i) & 1 == 0))
    }

    /// Samples held, at most the window's size.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// No sample yet (a fresh server: the mean is undefined, not zero).
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The mean of the window; `None` when there is no sample (the seed says 0.0 there, which is
    /// exactly the cold-start bias its least-response-time strategy suffers from).
    pub fn mean(&self) -> Option<f64> {
        if self.samples.is_empty() {
            None
        } else {
            Some(self.samples.iter().sum::<f64>() / self.samples.len() as f64)
        }
    }

    /// Samples in arrival order, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let (newer, older) = if self.samples.len() < RESPONSE_WINDOW {
            (&self.samples[..], &self.samples[..0])
        } else {
            let (a, b) = self.samples.split_at(self.next);
            (a, b)
        };
        older.iter().chain(newer.iter()).copied()
    }
}

/// Live load of one server as one balancer sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Load {
    /// Requests in flight through this balancer.
    pub connections: u32,
    /// Last response times (successes and, unlike the seed, failures too).
    pub window: ResponseWindow,
    /// Peak-EWMA round-trip estimate in ms (Finagle/Linkerd): jumps up to a slower sample at once,
    /// decays towards faster ones with time constant `tau`. `None` until the first sample.
    pub ewma_ms: Option<f64>,
    /// When `ewma_ms` was last updated.
    pub ewma_updated_ns: Nanos,
    /// Requests finished by this server through this balancer.
    pub requests: u64,
    /// Of those, the successful ones.
    pub successes: u64,
    /// Of those, the failed ones (errors and timeouts).
    pub failures: u64,
}

/// Default decay time of the peak EWMA (Finagle uses 10 s).
pub const DEFAULT_EWMA_TAU_NS: Nanos = 10_000_000_000;

impl Load {
    /// The peak-EWMA estimate decayed to `now` (no new sample): `est · e^(−Δt/τ)`.
    /// `libm::exp` keeps the value bit-identical natively and in wasm.
    pub fn ewma_at(&self, now: Nanos, tau_ns: Nanos) -> Option<f64> {
        self.ewma_ms.map(|est| {
            let dt = now.saturating_sub(self.ewma_updated_ns) as f64;
            est * libm::exp(-dt / tau_ns.max(1) as f64)
        })
    }

    /// Record a finished request's response time (ms) into the window and the peak EWMA.
    pub fn record(&mut self, ms: f64, ok: bool, now: Nanos, tau_ns: Nanos) {
        self.requests += 1;
        if ok {
            self.successes += 1;
        } else {
            self.failures += 1;
        }
        self.window.push_outcome(ms, ok);
        let next = match self.ewma_ms {
            None => ms,
            Some(est) if ms > est => ms,
            Some(est) => {
                let dt = now.saturating_sub(self.ewma_updated_ns) as f64;
                let w = libm::exp(-dt / tau_ns.max(1) as f64);
                est * w + ms * (1.0 - w)
            }
        };
        self.ewma_ms = Some(next);
        self.ewma_updated_ns = now;
    }
}

/// One server instance (the seed's `ServerInstance`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Server {
    /// Unique id; strategies that hash servers hash this string.
    pub id: String,
    /// Host name or IP address, as listed.
    pub host: String,
    /// TCP port, 1 to 65535.
    pub port: u16,
    /// Relative share of traffic, 0 to [`MAX_WEIGHT`]; 0 means never picked.
    pub weight: u32,
    /// Connection limit; the simulator marks a server overloaded when a balancer reaches it.
    pub max_connections: u32,
    /// Health; only `Healthy` servers are eligible.
    pub status: Status,
    /// Draining: finishes what it has, takes nothing new (not in the seed).
    #[serde(default)]
    pub draining: bool,
    #[serde(default, skip_serializing)]
    /// Live load through one balancer; runtime state, never written to files.
    pub load: Load,
}

/// The seed's default `max_connections`.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 1000;

impl Server {
    /// A healthy, non-draining server with the default connection limit and no load.
    pub fn new(id: impl Into<String>, host: impl Into<String>, port: u16, weight: u32) -> Self {
        Self {
            id: id.into(),
            host: host.into(),
            port,
            weight,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            status: Status::Healthy,
            draining: false,
            load: Load::default(),
        }
    }

    /// `host:port`.
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// May a strategy send a new request here? Healthy, not draining and weight above zero.
    pub fn is_eligible(&self) -> bool {
        self.status == Status::Healthy && !self.draining && self.weight > 0
    }

    /// `current / max`, as the seed computes it.
    pub fn connection_utilization(&self) -> f64 {
        if self.max_connections > 0 {
            self.load.connections as f64 / self.max_connections as f64
        } else {
            0.0
        }
    }
}

/// The methods a simulated request can carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    #[default]
    /// Read; the default.
    Get,
    /// Like GET, headers only.
    Head,
    /// Replace a resource.
    Put,
    /// Remove a resource.
    Delete,
    /// Create or submit; not idempotent, so never retried.
    Post,
    /// Partial update; not idempotent, so never retried.
    Patch,
}

impl Method {
    /// RFC 9110 §9.2.2: GET, HEAD, PUT and DELETE may be retried safely.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Head | Method::Put | Method::Delete
        )
    }

    /// The upper-case method name as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// One request (the seed's `Request`, minus the body).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Sequence number, unique in a run; the seed's consistent hash keys on it.
    pub id: u64,
    /// HTTP method.
    pub method: Method,
    /// The seed calls this `url`; it is the path and query.
    pub path: String,
    #[serde(default)]
    /// Header name and value pairs, in order; a header key reads them.
    pub headers: Vec<(String, String)>,
    /// Client address, dotted IPv4 or IPv6 text.
    pub client_ip: String,
    /// Simulated arrival time.
    pub timestamp_ns: Nanos,
}

impl Request {
    /// A GET with no headers, at time 0.
    pub fn get(id: u64, path: impl Into<String>, client_ip: impl Into<String>) -> Self {
        Self {
            id,
            method: Method::Get,
            path: path.into(),
            headers: Vec::new(),
            client_ip: client_ip.into(),
            timestamp_ns: 0,
        }
    }

    /// Header value by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Which request attribute a hashing strategy hashes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "name")]
pub enum KeySource {
    /// The client's address (nginx `ip_hash`, the seed's IP hash).
    ClientIp,
    #[default]
    /// The path and query (the seed's URL hash); the default.
    Path,
    /// The value of the named header (empty when absent).
    Header(String),
    /// The request id: what the seed's consistent hash keys on (no affinity at all).
    RequestId,
}

impl KeySource {
    /// The key of `request`: borrowed from the request where it is one of its strings, else (the
    /// request id) written into `buf`, which is reused so the pick path allocates nothing.
    pub fn key_into<'a>(&self, request: &'a Request, buf: &'a mut String) -> &'a str {
        use std::fmt::Write;
        match self {
            KeySource::ClientIp => &request.client_ip,
            KeySource::Path => &request.path,
            KeySource::Header(name) => request.header(name).unwrap_or(""),
            KeySource::RequestId => {
                buf.clear();
                let _ = write!(buf, "{}", request.id);
                buf.as_str()
            }
        }
    }

    /// The source in words, for tables and explanations ("client IP").
    pub fn describe(&self) -> String {
        match self {
            KeySource::ClientIp => "client IP".into(),
            KeySource::Path => "path".into(),
            KeySource::Header(h) => format!("header {h}"),
            KeySource::RequestId => "request id".into(),
        }
    }
}

/// A change in one server's live load, as strategies hear of it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum LoadEvent {
    /// A request was sent to the server (connections + 1).
    Started,
    /// A request finished (connections − 1) after `latency_ms`, successfully or not.
    Finished {
        /// Time from start to finish, in milliseconds.
        latency_ms: f64,
        /// Whether it succeeded; failures count against the server.
        ok: bool,
    },
}

/// A message a server sends its balancers of its own accord, not as a request's answer: what
/// Join-Idle-Queue and Prequal hear. The simulator delivers them ([`Balancer::server_report`]);
/// without one, those strategies derive them from the balancer's own view (each says how).
///
/// [`Balancer::server_report`]: super::balancer::Balancer::server_report
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "report")]
pub enum ServerReport {
    /// Join-Idle-Queue: the server has no request in service.
    Idle,
    /// Prequal: a probe's answer, sent at `sent_ns`: the server's requests in flight (RIF) and
    /// its latency estimate, in milliseconds.
    Probe {
        /// Requests in flight at the server when it answered.
        rif: u32,
        /// Its latency estimate at that load, in milliseconds.
        latency_ms: f64,
        /// When the probe was sent, in simulated ns (probes age from then).
        sent_ns: Nanos,
    },
}

/// What changed in a pool, so a strategy can rebuild what it must (and the seed's variants can
/// reproduce what the seed forgets to rebuild).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum PoolChange {
    /// The pool was built from scratch.
    Initial,
    /// Appended at the end of the pool.
    Added {
        /// Its index: the pool's new last one.
        index: usize,
    },
    /// Removed; indices above `index` shifted down by one.
    Removed {
        /// Where it was.
        index: usize,
        /// Its id, for strategies that keep state by id.
        id: String,
    },
    /// A server's health changed.
    StatusChanged {
        /// The server.
        index: usize,
        /// Status before.
        from: Status,
        /// Status after.
        to: Status,
    },
    /// A server's weight changed.
    WeightChanged {
        /// The server.
        index: usize,
        /// Weight before.
        from: u32,
        /// Weight after.
        to: u32,
    },
    /// A server started or stopped draining.
    DrainingChanged {
        /// The server.
        index: usize,
        /// Whether it now drains.
        draining: bool,
    },
}

/// Why a pool operation was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PoolError {
    #[error("duplicate server id '{0}'")]
    /// An added server's id is already in the pool.
    DuplicateId(String),
    #[error("no server with id '{0}'")]
    /// A removal named an id not in the pool.
    UnknownId(String),
    #[error("server index {0} is out of range")]
    /// An index past the end of the pool.
    BadIndex(usize),
}

/// The servers one balancer knows, and the snapshot of those it may pick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pool {
    servers: Vec<Server>,
    eligible: Vec<usize>,
    eligible_weight: u64,
}

impl Pool {
    /// A pool of these servers, in this order; ids must be unique.
    pub fn new(servers: Vec<Server>) -> Result<Self, PoolError> {
        let ids: Vec<&str> = servers.iter().map(|s| s.id.as_str()).collect();
        if let Some((_, later)) = first_duplicate(&ids) {
            return Err(PoolError::DuplicateId(servers[later].id.clone()));
        }
        let mut pool = Self {
            servers,
            eligible: Vec::new(),
            eligible_weight: 0,
        };
        pool.refresh();
        Ok(pool)
    }

    fn refresh(&mut self) {
        self.eligible.clear();
        self.eligible_weight = 0;
        for (i, s) in self.servers.iter().enumerate() {
            if s.is_eligible() {
                self.eligible.push(i);
                self.eligible_weight += u64::from(s.weight);
            }
        }
    }

    /// Every server, in pool order.
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    /// Servers in the pool, whatever their status.
    pub fn len(&self) -> usize {
        self.servers.len()
    }

    /// No servers at all.
    pub fn is_empty(&self) -> bool {
        self.servers.is_empty()
    }

    /// The server at `index`; panics past the end (indices come from the pool itself).
    pub fn server(&self, index: usize) -> &Server {
        &self.servers[index]
    }

    /// Indices (into [`Pool::servers`]) of the servers a strategy may pick, in pool order.
    pub fn eligible(&self) -> &[usize] {
        &self.eligible
    }

    /// Sum of the weights of the eligible servers.
    pub fn eligible_weight(&self) -> u64 {
        self.eligible_weight
    }

    /// The index of the server with this id (a linear scan; see [`IdIndex`] for many).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.servers.iter().position(|s| s.id == id)
    }

    fn check(&self, index: usize) -> Result<(), PoolError> {
        if index < self.servers.len() {
            Ok(())
        } else {
            Err(PoolError::BadIndex(index))
        }
    }

    /// Append a server; fails when its id is taken.
    pub fn add(&mut self, server: Server) -> Result<PoolChange, PoolError> {
        if self.index_of(&server.id).is_some() {
            return Err(PoolError::DuplicateId(server.id));
        }
        self.servers.push(server);
        self.refresh();
        Ok(PoolChange::Added {
            index: self.servers.len() - 1,
        })
    }

    /// Remove the server with this id; later indices shift down one.
    pub fn remove(&mut self, id: &str) -> Result<PoolChange, PoolError> {
        let index = self
            .index_of(id)
            .ok_or_else(|| PoolError::UnknownId(id.to_string()))?;
        let removed = self.servers.remove(index);
        self.refresh();
        Ok(PoolChange::Removed {
            index,
            id: removed.id,
        })
    }

    /// Set a server's status and say what changed.
    pub fn set_status(&mut self, index: usize, to: Status) -> Result<PoolChange, PoolError> {
        self.check(index)?;
        let from = std::mem::replace(&mut self.servers[index].status, to);
        self.refresh();
        Ok(PoolChange::StatusChanged { index, from, to })
    }

    /// Set a server's weight and say what changed.
    pub fn set_weight(&mut self, index: usize, to: u32) -> Result<PoolChange, PoolError> {
        self.check(index)?;
        let from = std::mem::replace(&mut self.servers[index].weight, to);
        self.refresh();
        Ok(PoolChange::WeightChanged { index, from, to })
    }

    /// Start or stop draining a server and say what changed.
    pub fn set_draining(&mut self, index: usize, draining: bool) -> Result<PoolChange, PoolError> {
        self.check(index)?;
        self.servers[index].draining = draining;
        self.refresh();
        Ok(PoolChange::DrainingChanged { index, draining })
    }

    /// Mutable access to live load only: status, weight and membership go through the methods
    /// above so the eligible snapshot stays true.
    pub fn load_mut(&mut self, index: usize) -> &mut Load {
        &mut self.servers[index].load
    }

    /// Change `max_connections` (does not affect eligibility by itself).
    pub fn set_max_connections(&mut self, index: usize, max: u32) -> Result<(), PoolError> {
        self.check(index)?;
        self.servers[index].max_connections = max;
        Ok(())
    }
}

/// A pool's server indices sorted by id, to find many servers by id in O(log n) each
/// ([`Pool::index_of`] scans the pool). Ids are unique within a pool.
pub struct IdIndex<'p> {
    pool: &'p Pool,
    sorted: Vec<usize>,
}

impl<'p> IdIndex<'p> {
    /// Sort the pool's indices by id once.
    pub fn new(pool: &'p Pool) -> Self {
        let mut sorted: Vec<usize> = (0..pool.len()).collect();
        sorted.sort_unstable_by_key(|&i| pool.servers[i].id.as_str());
        Self { pool, sorted }
    }

    /// The index in the pool of the server with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        let servers = &self.pool.servers;
        let at = self
            .sorted
            .binary_search_by(|&i| servers[i].id.as_str().cmp(id))
            .ok()?;
        Some(self.sorted[at])
    }
}

/// The first id that repeats an earlier one, as (earlier, later) positions: the smallest `later`
/// whose id appears before it, and the first position of that id. Sorting makes this
/// O(n log n) (a pairwise scan took 5·10⁹ comparisons at 100,000 servers); a hash set would be
/// linear but brings hash-map code into the browser build, which has none.
pub fn first_duplicate(ids: &[&str]) -> Option<(usize, usize)> {
    let mut sorted: Vec<usize> = (0..ids.len()).collect();
    // Equal ids in position order (the unstable sort the engine already carries, not a stable
    // one more in the browser's wasm).
    sorted.sort_unstable_by_key(|&i| (ids[i], i));
    let mut best: Option<(usize, usize)> = None;
    let mut first = 0;
    for k in 1..sorted.len() {
        if ids[sorted[k]] != ids[sorted[k - 1]] {
            first = k;
        } else if k == first + 1 && best.is_none_or(|(_, later)| sorted[k] < later) {
            best = Some((sorted[first], sorted[k]));
        }
    }
    best
}

/// Why a server list written as text was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SpecError {
    #[error("the server list is empty")]
    /// No server at all.
    Empty,
    #[error("server '{0}' is not host:port, host:port=N, host:port*N or host:port weight=N")]
    /// A server that is not `host:port` with an optional weight.
    Malformed(String),
    #[error("server '{spec}': '{word}' is not weight=N (the only parameter a server takes here)")]
    /// A parameter other than `weight=N`.
    Parameter {
        /// The server as written.
        spec: String,
        /// The parameter not understood.
        word: String,
    },
    #[error("server '{spec}': port '{port}' is not a number from 1 to 65535")]
    /// A port that is not 1 to 65535.
    BadPort {
        /// The server as written.
        spec: String,
        /// The port as written.
        port: String,
    },
    #[error("server '{spec}': weight '{weight}' is not a whole number from 0 to 1000000")]
    /// A weight that is not a whole number from 0 to 1000000.
    BadWeight {
        /// The server as written.
        spec: String,
        /// The weight as written.
        weight: String,
    },
    #[error("duplicate server id '{0}'")]
    /// Two servers with the same id (`host:port`).
    Duplicate(String),
}

/// The largest weight a server may have; keeps ring and table sizes bounded.
pub const MAX_WEIGHT: u32 = 1_000_000;

/// One server entry's address and weight text, in any of the forms a server list takes:
/// `ADDR`, `ADDR=N`, `ADDR*N` and nginx's `ADDR weight=N` (words split by whitespace). The
/// playground's link reads its ids' weights through this too, so every list takes the same forms.
pub fn split_weight(item: &str) -> Result<(&str, Option<&str>), SpecError> {
    let mut words = item.split_whitespace();
    let first = words.next().unwrap_or("");
    let (addr, mut weight) = match first.split_once(['=', '*']) {
        Some((a, w)) => (a, Some(w)),
        None => (first, None),
    };
    for word in words {
        match word.strip_prefix("weight=") {
            Some(w) if weight.is_none() => weight = Some(w),
            // A space inside what should be one host:port.
            _ if !word.contains('=') => {
                return Err(SpecError::Malformed(item.escape_debug().to_string()));
            }
            _ => {
                return Err(SpecError::Parameter {
                    spec: item.escape_debug().to_string(),
                    word: word.escape_debug().to_string(),
                });
            }
        }
    }
    Ok((addr, weight))
}

/// Parse a comma-separated server list, each entry `host:port`, `host:port=N`, `host:port*N` or
/// `host:port weight=N` (see [`split_weight`]); a server's id is its `host:port`.
pub fn parse_servers(spec: &str) -> Result<Vec<Server>, SpecError> {
    let mut servers: Vec<Server> = Vec::new();
    for item in spec.split(',').map(str::trim) {
        if item.is_empty() {
            if spec.trim().is_empty() {
                return Err(SpecError::Empty);
            }
            return Err(SpecError::Malformed(item.to_string()));
        }
        let (addr, weight) = split_weight(item)?;
        let (host, port) = addr
            .rsplit_once(':')
            .filter(|(h, _)| !h.is_empty())
            .ok_or_else(|| SpecError::Malformed(item.escape_debug().to_string()))?;
        let port: u16 = port
            .parse()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| SpecError::BadPort {
                spec: item.to_string(),
                port: port.to_string(),
            })?;
        let weight = match weight {
            None => 1,
            Some(w) => w
                .parse::<u32>()
                .ok()
                .filter(|w| *w <= MAX_WEIGHT)
                .ok_or_else(|| SpecError::BadWeight {
                    spec: item.to_string(),
                    weight: w.to_string(),
                })?,
        };
        // DNS names (IDN labels too), IPv4, and IPv6 in brackets with a zone: ids are printed
        // one a line and in comma-separated lists, so a host with spaces, control or bidi
        // characters is malformed (and quoted escaped).
        if !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':' | '%'))
        {
            return Err(SpecError::Malformed(item.escape_debug().to_string()));
        }
        let id = format!("{host}:{port}");
        servers.push(Server::new(id, host, port, weight));
    }
    if servers.is_empty() {
        return Err(SpecError::Empty);
    }
    let ids: Vec<&str> = servers.iter().map(|s| s.id.as_str()).collect();
    if let Some((_, later)) = first_duplicate(&ids) {
        return Err(SpecError::Duplicate(servers[later].id.clone()));
    }
    Ok(servers)
}

/// Parse a server list file: the entries of [`parse_servers`] separated by commas or line
/// breaks, blank lines skipped, `#` starting a comment to the end of its line.
pub fn parse_server_lines(text: &str) -> Result<Vec<Server>, SpecError> {
    if !text.contains(['\n', '#']) {
        return parse_servers(text);
    }
    let list = text
        .lines()
        .map(|line| {
            line.split_once('#')
                .map_or(line, |(before, _)| before)
                .trim()
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    parse_servers(&list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs_and_names_bad_parts() {
        let s = parse_servers("a:1=5, b:2,c:3=0").unwrap();
        assert_eq!(
            s.iter().map(|s| (&s.id[..], s.weight)).collect::<Vec<_>>(),
            [("a:1", 5), ("b:2", 1), ("c:3", 0)]
        );
        assert_eq!(parse_servers(""), Err(SpecError::Empty));
        assert!(matches!(parse_servers("a"), Err(SpecError::Malformed(_))));
        assert!(matches!(
            parse_servers("a:x"),
            Err(SpecError::BadPort { .. })
        ));
        assert!(matches!(
            parse_servers("a:0"),
            Err(SpecError::BadPort { .. })
        ));
        assert!(matches!(
            parse_servers("a:1=-1"),
            Err(SpecError::BadWeight { .. })
        ));
        assert!(matches!(
            parse_servers("a:1,a:1"),
            Err(SpecError::Duplicate(_))
        ));
        assert!(matches!(
            parse_servers("a:1,,b:2"),
            Err(SpecError::Malformed(_))
        ));
        for host in ["a b", "a\nb", "\u{1b}[2J", "a\u{202e}b", "a/b"] {
            assert!(
                matches!(
                    parse_servers(&format!("{host}:80")),
                    Err(SpecError::Malformed(_))
                ),
                "{host:?}"
            );
        }
        let ok = parse_servers("[::1]:80,[fe80::1%eth0]:81,例え.jp:82,10.0.0.1:83").unwrap();
        assert_eq!(ok[0].id, "[::1]:80");
        let listed = parse_server_lines("# pool\na:1=2, b:2\n\n c:3 # new\r\n").unwrap();
        assert_eq!(
            listed
                .iter()
                .map(|s| (&s.id[..], s.weight))
                .collect::<Vec<_>>(),
            [("a:1", 2), ("b:2", 1), ("c:3", 1)]
        );
        assert_eq!(parse_server_lines("# nothing\n\n"), Err(SpecError::Empty));
        assert_eq!(first_duplicate(&["a", "b", "c"]), None);
        assert_eq!(first_duplicate(&["c", "b", "a", "b", "c"]), Some((1, 3)));
        assert_eq!(first_duplicate(&["x", "y", "x", "x"]), Some((0, 2)));
        // IPv6 in brackets keeps its colons in the host.
        assert_eq!(parse_servers("[::1]:80").unwrap()[0].host, "[::1]");
    }

    /// (id, weight) of each server parsed.
    fn listed(spec: &str) -> Result<Vec<(String, u32)>, SpecError> {
        parse_servers(spec).map(|s| s.into_iter().map(|s| (s.id, s.weight)).collect())
    }

    #[test]
    fn every_weight_form_gives_the_same_servers() {
        let want = vec![("10.0.0.1:80".to_string(), 3), ("b:81".to_string(), 1)];
        for spec in [
            "10.0.0.1:80=3, b:81",
            "10.0.0.1:80*3,b:81=1",
            "10.0.0.1:80 weight=3, b:81 weight=1",
            "  10.0.0.1:80\tweight=3 ,b:81*1",
        ] {
            assert_eq!(listed(spec), Ok(want.clone()), "{spec:?}");
        }
        assert_eq!(
            listed("[::1]:80 weight=2").unwrap()[0],
            ("[::1]:80".into(), 2)
        );
        // What is refused says why.
        assert!(matches!(listed(":80*2"), Err(SpecError::Malformed(_))));
        assert!(matches!(
            listed("a:80 max_fails=3"),
            Err(SpecError::Parameter { word, .. }) if word == "max_fails=3"
        ));
        assert!(matches!(
            listed("a:80=2 weight=3"),
            Err(SpecError::Parameter { .. })
        ));
        assert!(matches!(
            listed("a:80 weight=x"),
            Err(SpecError::BadWeight { weight, .. }) if weight == "x"
        ));
        assert!(matches!(listed("a:80*"), Err(SpecError::BadWeight { .. })));
        assert!(matches!(listed("a:80 b:81"), Err(SpecError::Malformed(_))));
        assert_eq!(
            parse_server_lines("a:1 weight=2\nb:2*3 # nginx and ours\n")
                .map(|s| s.iter().map(|s| s.weight).collect::<Vec<_>>()),
            Ok(vec![2, 3])
        );
    }

    proptest::proptest! {
        /// Any text gives servers or a reason, never a panic; a list written in any mix of the
        /// forms gives the same servers as the plain `=` form.
        #[test]
        fn any_text_gives_servers_or_a_reason(text in "[a-z0-9:=*, .\\[\\]\\twe-ight]{0,40}") {
            match parse_servers(&text) {
                Ok(servers) => proptest::prop_assert!(!servers.is_empty()),
                Err(e) => proptest::prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn every_form_parses_alike(
            list in proptest::collection::vec((1u16..=65535, 0u32..=MAX_WEIGHT, 0usize..4), 1..8)
        ) {
            let mut plain = Vec::new();
            let mut mixed = Vec::new();
            for (i, (port, weight, form)) in list.iter().enumerate() {
                let addr = format!("h{i}.example:{port}");
                plain.push(format!("{addr}={weight}"));
                mixed.push(match form {
                    0 => format!("{addr}*{weight}"),
                    1 => format!("{addr} weight={weight}"),
                    2 if *weight == 1 => addr,
                    _ => format!(" {addr}={weight} "),
                });
            }
            let want = listed(&plain.join(",")).unwrap();
            proptest::prop_assert_eq!(listed(&mixed.join(",")).unwrap(), want);
        }
    }

    #[test]
    fn eligibility_follows_status_drain_and_weight() {
        let mut pool = Pool::new(parse_servers("a:1,b:2=0,c:3").unwrap()).unwrap();
        assert_eq!(pool.eligible(), &[0, 2]);
        pool.set_status(0, Status::Maintenance).unwrap();
        assert_eq!(pool.eligible(), &[2]);
        pool.set_draining(2, true).unwrap();
        assert!(pool.eligible().is_empty());
        pool.set_weight(1, 3).unwrap();
        assert_eq!(pool.eligible(), &[1]);
        assert_eq!(pool.eligible_weight(), 3);
    }

    #[test]
    fn response_window_keeps_the_last_hundred() {
        let mut w = ResponseWindow::default();
        for i in 0..150 {
            w.push(i as f64);
        }
        assert_eq!(w.len(), 100);
        assert_eq!(w.mean(), Some((50..150).sum::<i32>() as f64 / 100.0));
        assert_eq!(w.iter().next(), Some(50.0));
        assert_eq!(w.iter().last(), Some(149.0));
    }

    #[test]
    fn response_window_remembers_which_samples_failed() {
        let mut w = ResponseWindow::default();
        for i in 0..150 {
            w.push_outcome(i as f64, i % 3 != 0);
        }
        // Of 50..150, the multiples of 3 (51, 54, ..., 147) failed.
        assert_eq!(w.failures(), 33);
        assert!(w.outcomes().all(|(ms, ok)| ok == (ms as i32 % 3 != 0)));
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(serde_json::from_str::<ResponseWindow>(&json).unwrap(), w);
        let mut l = Load::default();
        l.record(5.0, false, 0, DEFAULT_EWMA_TAU_NS);
        assert_eq!(l.window.failures(), 1);
    }

    #[test]
    fn peak_ewma_jumps_up_and_decays_down() {
        let mut l = Load::default();
        l.record(10.0, true, 0, DEFAULT_EWMA_TAU_NS);
        l.record(100.0, true, 1, DEFAULT_EWMA_TAU_NS);
        assert_eq!(l.ewma_ms, Some(100.0));
        l.record(10.0, true, DEFAULT_EWMA_TAU_NS + 1, DEFAULT_EWMA_TAU_NS);
        let e = l.ewma_ms.unwrap();
        assert!(e > 10.0 && e < 100.0, "{e}");
        assert!(
            l.ewma_at(100 * DEFAULT_EWMA_TAU_NS, DEFAULT_EWMA_TAU_NS)
                .unwrap()
                < 1e-9
        );
    }
}
