//! Proxy configurations read as data: the load-balancing part of an nginx `upstream` block, a
//! HAProxy `backend` section or an Envoy cluster, parsed into one typed model ([`Backend`]: its
//! servers with address, weight and flags, the balancing policy with its parameters, and where a
//! request's key comes from), so that Fulcrum can predict, key for key, where that proxy sends
//! each request ([`predict`]).
//!
//! A configuration is input from a user: every reader is total (no panic, no hang on any bytes),
//! bounded ([`MAX_CONFIG_BYTES`], [`MAX_SERVERS`], [`MAX_BACKENDS`]), reports each directive it
//! does not model as a [`Note`] with its line, and refuses what it cannot read with a
//! [`ConfigError`] naming the line and what was expected. Pure Rust, no I/O: the browser uses the
//! same code.

#![warn(missing_docs)]
// The house keeps functions under ~150 lines; clippy (its default, 100 lines of code) holds the
// readers and the predictor to it, so a proxy's rule grows in its own function.
#![warn(clippy::too_many_lines)]

pub mod change;
pub mod envoy;
pub mod haproxy;
pub mod nginx;
pub mod predict;

use std::fmt;

/// The largest configuration read, in bytes.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;
/// The most servers one backend may list.
pub const MAX_SERVERS: usize = 1000;
/// The most backends (upstreams, sections, clusters) one file may hold.
pub const MAX_BACKENDS: usize = 1000;
/// The largest server weight accepted by any reader (nginx and HAProxy accept less; Envoy more).
pub const MAX_WEIGHT: u32 = 1_000_000;

/// Which proxy wrote the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proxy {
    /// An nginx `upstream` block.
    Nginx,
    /// A HAProxy `backend` section.
    Haproxy,
    /// An Envoy cluster (YAML or JSON).
    Envoy,
}

impl Proxy {
    /// The proxy's name as messages write it ("HAProxy").
    pub fn name(self) -> &'static str {
        match self {
            Proxy::Nginx => "nginx",
            Proxy::Haproxy => "HAProxy",
            Proxy::Envoy => "Envoy",
        }
    }
}

/// Where the proxy takes a request's key from; `fulcrum route --keys` gives that value per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// No key: the policy does not hash.
    None,
    /// The request URI (nginx `$request_uri`, HAProxy `balance uri`).
    Uri,
    /// The client address (nginx `ip_hash`, `$remote_addr`, HAProxy `balance source`).
    ClientAddress,
    /// A request header's value.
    Header(String),
    /// A URL query parameter's value (HAProxy `balance url_param`).
    UrlParam(String),
    /// Any other nginx expression (e.g. `$cookie_user`, `$arg_id$uri`): the evaluated string.
    Expression(String),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::None => write!(f, "none"),
            KeySource::Uri => write!(f, "the request URI"),
            KeySource::ClientAddress => write!(f, "the client address"),
            KeySource::Header(h) => write!(f, "the value of header {h}"),
            KeySource::UrlParam(p) => write!(f, "the value of URL parameter {p}"),
            KeySource::Expression(e) => write!(f, "the value of {e}"),
        }
    }
}

/// nginx's balancing directives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NginxPolicy {
    /// No directive: smooth weighted round robin.
    RoundRobin,
    /// `hash KEY [consistent]`.
    Hash {
        /// The key expression as written (`$request_uri`).
        key: String,
        /// `consistent`: ketama's ring rather than hash modulo the weights.
        consistent: bool,
    },
    /// `ip_hash`: the client address's first three octets.
    IpHash,
    /// `least_conn`: the fewest connections per weight.
    LeastConn,
    /// `random [two [least_conn]]`.
    Random {
        /// `two`: two random servers, the one with fewer connections chosen.
        two: bool,
        /// `least_conn` written after `two` (the method nginx uses there anyway).
        least_conn: bool,
    },
}

/// HAProxy's `balance` algorithms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HaproxyBalance {
    /// `roundrobin`: weighted, dynamic weights.
    RoundRobin,
    /// `static-rr`: weighted round robin with fixed weights.
    StaticRr,
    /// `leastconn`: the fewest connections.
    LeastConn,
    /// `first`: the first server with a free slot.
    First,
    /// `source`: a hash of the client address.
    Source,
    /// `uri [whole] [len N] [depth N]` (0: no limit).
    Uri {
        /// `whole`: hash the query string too.
        whole: bool,
        /// `len N`: hash only the first N characters.
        len: u32,
        /// `depth N`: hash only the first N directories.
        depth: u32,
    },
    /// `url_param(NAME)`: a hash of the named query parameter.
    UrlParam(String),
    /// `hdr(NAME)`.
    Header(String),
    /// `random[(N)]`: N draws, 2 by default.
    Random(u32),
}

/// HAProxy's `hash-type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaproxyHashType {
    /// `map-based`: hash modulo the total weight (the default).
    MapBased,
    /// `consistent`: a tree of points on a ring.
    Consistent,
}

/// HAProxy's hash functions (`hash-type … FUNCTION`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaproxyHashFunction {
    /// `sdbm` (the default).
    Sdbm,
    /// `djb2`.
    Djb2,
    /// `wt6`.
    Wt6,
    /// `crc32`.
    Crc32,
}

/// Envoy's `lb_policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvoyLbPolicy {
    /// `ROUND_ROBIN` (the default).
    RoundRobin,
    /// `LEAST_REQUEST`: the fewest active requests among `choice_count` random hosts.
    LeastRequest,
    /// `RANDOM`.
    Random,
    /// `RING_HASH`: a ketama-style ring.
    RingHash,
    /// `MAGLEV`: Google's lookup table.
    Maglev,
}

/// Envoy's ring hash function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvoyHashFunction {
    /// `XX_HASH` (the default).
    XxHash,
    /// `MURMUR_HASH_2`.
    MurmurHash2,
}

/// A balancing policy and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Policy {
    /// An nginx directive.
    Nginx(NginxPolicy),
    /// A HAProxy `balance` with its hashing options.
    Haproxy {
        /// The algorithm.
        balance: HaproxyBalance,
        /// `hash-type`: map-based or consistent.
        hash_type: HaproxyHashType,
        /// The hash function.
        function: HaproxyHashFunction,
        /// `avalanche`: the hash is mixed once more before use.
        avalanche: bool,
    },
    /// An Envoy `lb_policy` with its settings.
    Envoy {
        /// The policy.
        policy: EnvoyLbPolicy,
        /// `ring_hash_lb_config.minimum_ring_size` (Envoy's default 1024).
        min_ring_size: u64,
        /// `ring_hash_lb_config.maximum_ring_size` (Envoy's default 8M).
        max_ring_size: u64,
        /// `ring_hash_lb_config.hash_function`.
        hash_function: EnvoyHashFunction,
        /// `maglev_lb_config.table_size` (Envoy's default 65537).
        table_size: u64,
        /// `consistent_hashing_lb_config.use_hostname_for_hashing`: endpoints hashed by hostname
        /// rather than address.
        use_hostname_for_hashing: bool,
        /// `least_request_lb_config.choice_count` (default 2).
        choice_count: u32,
        /// `least_request_lb_config.active_request_bias`; `None` when not set (Envoy's 1.0, and
        /// equal weights keep the random choices).
        active_request_bias: Option<f64>,
        /// `least_request_lb_config.slow_start_config`, with a window; `None` when not set.
        slow_start: Option<crate::engine::proxies::envoy_least::SlowStart>,
    },
}

/// One server line (nginx `server`, HAProxy `server`, an Envoy endpoint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerEntry {
    /// HAProxy's server name; nginx and Envoy have none (the address stands for it).
    pub name: Option<String>,
    /// The address as the configuration writes it (`host:port`, or a host alone for nginx).
    pub address: String,
    /// `weight` (1 unless written).
    pub weight: u32,
    /// HAProxy's `id N`.
    pub id: Option<u32>,
    /// nginx `down`, HAProxy `disabled`.
    pub down: bool,
    /// `backup`: used only when no other server is up.
    pub backup: bool,
    /// Envoy's endpoint `hostname`.
    pub hostname: Option<String>,
    /// 1-based line of the server in the file.
    pub line: usize,
}

impl ServerEntry {
    /// A server at `address` with `weight`, read at `line`, with no flags.
    pub fn new(address: impl Into<String>, weight: u32, line: usize) -> Self {
        Self {
            name: None,
            address: address.into(),
            weight,
            id: None,
            down: false,
            backup: false,
            hostname: None,
            line,
        }
    }

    /// The label a user types for `--remove`: HAProxy's name, else the address.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.address)
    }
}

/// Something read but not modelled, shown to the user: what it is, as data, at its line.
/// `share::config_notes` words it in either language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// 1-based line, 0 when the note is about the file as a whole.
    pub line: usize,
    /// What it is and what Fulcrum does about it.
    pub kind: NoteKind,
}

/// What a [`Note`] says, with the words of the file it quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// A directive, field or parameter Fulcrum does not model, as written.
    NotModelled {
        /// The directive, field or parameter.
        what: String,
    },
    /// HAProxy: words after a section's name (`backend NAME …`).
    ArgumentsAfterName {
        /// The section's keyword.
        keyword: String,
    },
    /// HAProxy: a server's `check` or `no-check`; servers are taken to be up.
    HealthChecks {
        /// `check` or `no-check`.
        parameter: String,
    },
    /// A note about one server (HAProxy names it).
    OfServer {
        /// The server's name.
        server: String,
        /// What the note says of it.
        note: Box<NoteKind>,
    },
    /// nginx: a directive of an `upstream` that changes no pick of a healthy upstream.
    NoPickChange {
        /// The directive.
        directive: String,
    },
    /// nginx: a block inside an `upstream`.
    Block {
        /// The block's words before `{`.
        words: String,
    },
    /// nginx: a second balancing method; nginx keeps the last.
    MethodRedefined {
        /// The line of the one before.
        earlier: usize,
    },
    /// nginx Plus's `random two least_time=…`, read as `least_conn`.
    LeastTimeAsLeastConn {
        /// `least_time=header` or `least_time=last_byte`.
        method: String,
    },
    /// nginx refuses `backup` with hash, ip_hash and random: the backups are left out.
    NginxBackupRefused,
    /// nginx backups take requests only when every primary fails: left out.
    NginxBackupLeftOut,
    /// nginx: a server parameter that acts only on failures, limits or name resolution.
    FailureOnlyParameter {
        /// The server's address.
        server: String,
        /// The parameter as written.
        parameter: String,
    },
    /// HAProxy backups take requests only when no active server is usable: left out.
    HaproxyBackupLeftOut,
    /// Envoy's `slow_start_config` is not modelled.
    EnvoySlowStart,
    /// Envoy's `selection_method: FULL_SCAN` is not modelled.
    EnvoyFullScan,
    /// Envoy's `locality_weighted_lb_config` is not modelled.
    EnvoyLocalityWeighted,
    /// Envoy locality weights without `locality_weighted_lb_config`: ignored, as Envoy does.
    EnvoyLocalityWeightsIgnored,
    /// Envoy endpoints of priority > 0: left out.
    EnvoyPriorityLeftOut,
}

impl Note {
    /// A note of `kind` at `line` (0: the whole file).
    pub fn new(line: usize, kind: NoteKind) -> Self {
        Self { line, kind }
    }
}

/// A configuration that cannot be read: the line and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based line, 0 when the error is about the file as a whole.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// An error at `line` (0: the whole file).
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// One balanced group: an nginx upstream, a HAProxy backend, an Envoy cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    /// The proxy that wrote it.
    pub proxy: Proxy,
    /// Its name (`upstream NAME`, `backend NAME`, the cluster's `name`).
    pub name: String,
    /// 1-based line where the backend starts.
    pub line: usize,
    /// Its servers, in file order.
    pub servers: Vec<ServerEntry>,
    /// The balancing policy.
    pub policy: Policy,
    /// Where the policy takes a request's key from.
    pub key: KeySource,
    /// What was read but not modelled.
    pub notes: Vec<Note>,
}

impl Backend {
    /// The policy as the configuration writes it (`nginx hash $request_uri consistent`,
    /// `HAProxy balance uri, hash-type consistent`, `Envoy lb_policy MAGLEV`): the import
    /// panel's words and the CLI's `explain` header.
    pub fn policy_words(&self) -> String {
        match &self.policy {
            Policy::Nginx(p) => match p {
                NginxPolicy::RoundRobin => "nginx (round robin)".into(),
                NginxPolicy::Hash { key, consistent } => format!(
                    "nginx hash {key}{}",
                    if *consistent { " consistent" } else { "" }
                ),
                NginxPolicy::IpHash => "nginx ip_hash".into(),
                NginxPolicy::LeastConn => "nginx least_conn".into(),
                NginxPolicy::Random { two, least_conn } => format!(
                    "nginx random{}{}",
                    if *two { " two" } else { "" },
                    if *least_conn { " least_conn" } else { "" }
                ),
            },
            Policy::Haproxy {
                balance, hash_type, ..
            } => {
                let words = match balance {
                    HaproxyBalance::RoundRobin => "roundrobin".to_string(),
                    HaproxyBalance::StaticRr => "static-rr".into(),
                    HaproxyBalance::LeastConn => "leastconn".into(),
                    HaproxyBalance::First => "first".into(),
                    HaproxyBalance::Source => "source".into(),
                    HaproxyBalance::Uri { whole, .. } => {
                        format!("uri{}", if *whole { " whole" } else { "" })
                    }
                    HaproxyBalance::UrlParam(p) => format!("url_param {p}"),
                    HaproxyBalance::Header(h) => format!("hdr({h})"),
                    HaproxyBalance::Random(2) => "random".into(),
                    HaproxyBalance::Random(n) => format!("random({n})"),
                };
                // The hash-type matters only to a balance that hashes a key.
                let hashes = matches!(
                    balance,
                    HaproxyBalance::Source
                        | HaproxyBalance::Uri { .. }
                        | HaproxyBalance::UrlParam(_)
                        | HaproxyBalance::Header(_)
                );
                let hash = match hash_type {
                    HaproxyHashType::MapBased => "map-based",
                    HaproxyHashType::Consistent => "consistent",
                };
                if hashes {
                    format!("HAProxy balance {words}, hash-type {hash}")
                } else {
                    format!("HAProxy balance {words}")
                }
            }
            Policy::Envoy { policy, .. } => {
                let name = match policy {
                    EnvoyLbPolicy::RoundRobin => "ROUND_ROBIN",
                    EnvoyLbPolicy::LeastRequest => "LEAST_REQUEST",
                    EnvoyLbPolicy::Random => "RANDOM",
                    EnvoyLbPolicy::RingHash => "RING_HASH",
                    EnvoyLbPolicy::Maglev => "MAGLEV",
                };
                format!("Envoy lb_policy {name}")
            }
        }
    }
}

/// A file's backends, and notes about the file outside them.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The proxy that wrote it.
    pub proxy: Proxy,
    /// Every backend, in file order.
    pub backends: Vec<Backend>,
    /// Notes about the file outside any backend.
    pub notes: Vec<Note>,
}

impl Config {
    /// The backend named `name`, or the only one when `name` is `None`.
    pub fn backend(&self, name: Option<&str>) -> Result<&Backend, ConfigError> {
        let names = || {
            self.backends
                .iter()
                .map(|b| b.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match name {
            Some(n) => self.backends.iter().find(|b| b.name == n).ok_or_else(|| {
                ConfigError::new(
                    0,
                    format!(
                        "no {} backend named '{n}' (the file has: {})",
                        self.proxy.name(),
                        names()
                    ),
                )
            }),
            None => match self.backends.as_slice() {
                [one] => Ok(one),
                [] => Err(ConfigError::new(
                    0,
                    format!("the file has no {} backend", self.proxy.name()),
                )),
                _ => Err(ConfigError::new(
                    0,
                    format!("the file has several backends: name one ({})", names()),
                )),
            },
        }
    }
}

/// Guess the proxy from the text: an `upstream NAME {` block is nginx, a `backend NAME` section
/// HAProxy, a YAML document with `clusters:` or `lb_policy:`/`load_assignment:` Envoy.
pub fn detect(text: &str) -> Option<Proxy> {
    let mut envoy = envoy::looks_like_json(text);
    for line in text.lines().take(100_000) {
        let t = line.trim_start();
        if t.starts_with("upstream ") || t.starts_with("upstream\t") {
            return Some(Proxy::Nginx);
        }
        if t.starts_with("backend ") || t.starts_with("backend\t") || t.starts_with("listen ") {
            return Some(Proxy::Haproxy);
        }
        if t.starts_with("clusters:")
            || t.starts_with("- name:")
            || t.starts_with("lb_policy:")
            || t.starts_with("load_assignment:")
        {
            envoy = true;
        }
    }
    envoy.then_some(Proxy::Envoy)
}

/// Read `text` as `proxy`'s configuration, or as the proxy [`detect`] recognises.
pub fn parse(text: &str, proxy: Option<Proxy>) -> Result<Config, ConfigError> {
    if text.len() > MAX_CONFIG_BYTES {
        return Err(ConfigError::new(
            0,
            format!(
                "the configuration is {} bytes; at most {MAX_CONFIG_BYTES} are read",
                text.len()
            ),
        ));
    }
    let proxy = match proxy.or_else(|| detect(text)) {
        Some(p) => p,
        None => {
            return Err(ConfigError::new(
                0,
                "expected an nginx `upstream NAME { ... }` block, a HAProxy `backend NAME` \
                 section or an Envoy cluster in YAML",
            ));
        }
    };
    match proxy {
        Proxy::Nginx => nginx::parse(text),
        Proxy::Haproxy => haproxy::parse(text),
        Proxy::Envoy => envoy::parse(text),
    }
}

/// A weight written as text, within `1..=max`, or what was expected.
pub(crate) fn parse_weight(text: &str, max: u32, line: usize) -> Result<u32, ConfigError> {
    match text.parse::<u32>() {
        Ok(w) if (1..=max).contains(&w) => Ok(w),
        _ => Err(ConfigError::new(
            line,
            format!("expected a weight from 1 to {max}, found '{text}'"),
        )),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::share::i18n::Lang;
    use proptest::prelude::*;

    /// Words each grammar knows, so that generated files get past the first token often.
    const WORDS: &[&str] = &[
        "upstream",
        "u",
        "{",
        "}",
        ";",
        "server",
        "127.0.0.1:80",
        "weight=2",
        "weight=0",
        "down",
        "backup",
        "hash",
        "$request_uri",
        "consistent",
        "ip_hash",
        "least_conn",
        "random",
        "two",
        "backend",
        "b",
        "listen",
        "defaults",
        "balance",
        "uri",
        "whole",
        "source",
        "static-rr",
        "hdr(X)",
        "hash-type",
        "map-based",
        "sdbm",
        "avalanche",
        "weight",
        "2",
        "id",
        "disabled",
        "\n",
        "\n",
        "#",
        "\"",
        "'",
        "\\",
        "clusters:",
        "- name: c",
        "lb_policy: MAGLEV",
        "load_assignment:",
        "endpoints:",
        "- lb_endpoints:",
        "- endpoint:",
        "address:",
        "socket_address: {address: a, port_value: 1}",
        "  ",
        "[",
        "]",
        ":",
        "&a",
        "*a",
        "!!str",
    ];

    fn every_reader(text: &str) {
        for proxy in [
            None,
            Some(Proxy::Nginx),
            Some(Proxy::Haproxy),
            Some(Proxy::Envoy),
        ] {
            if let Ok(c) = parse(text, proxy) {
                assert!(!c.backends.is_empty());
                for b in &c.backends {
                    assert!(!b.servers.is_empty() && b.servers.len() <= MAX_SERVERS);
                    // Building the prediction must not panic either.
                    if let Ok(mut p) = predict::Predictor::new(b) {
                        if let Ok(l) = p.explain(0, "/k") {
                            let _ = p.words(&l.steps, Lang::Zh);
                        }
                        let _ = p.pick(1, "10.1.2.3");
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn no_reader_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            every_reader(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn no_reader_panics_on_near_configs(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..80)) {
            every_reader(&words.join(" "));
        }
    }

    #[test]
    fn oversized_configs_are_refused_with_the_limit() {
        let big = "#".repeat(MAX_CONFIG_BYTES + 1);
        let e = parse(&big, None).unwrap_err();
        assert!(e.message.contains("at most"), "{e}");
    }

    #[test]
    fn detect_tells_the_three_apart() {
        assert_eq!(detect("http {\n upstream a {"), Some(Proxy::Nginx));
        assert_eq!(detect("global\nbackend app\n"), Some(Proxy::Haproxy));
        assert_eq!(
            detect("static_resources:\n  clusters:\n"),
            Some(Proxy::Envoy)
        );
        assert_eq!(detect("hello"), None);
    }
}
