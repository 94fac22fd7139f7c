//! The [`Strategy`] trait, the registry of strategy names, their configuration, and
//! [`AnyStrategy`]: one enum over every strategy so the pick path is statically dispatched.
//!
//! A strategy is built from a pool's eligible snapshot off the pick path ([`Strategy::build`],
//! [`Strategy::rebuild`]) and then answers picks ([`Strategy::pick`]). Strategies that keep an
//! index over live load (least connections, least response time) hear of every load change
//! through [`Strategy::load_changed`], which keeps their picks O(log n) instead of a scan.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{
    DEFAULT_EWMA_TAU_NS, KeySource, LoadEvent, Nanos, Pool, PoolChange, Request, ServerReport,
};
use super::rng::SimRng;
use super::trace::{Explain, SeedDefect};

/// Everything a pick may look at. Time and randomness come in from outside, which is what makes
/// picks reproducible natively and in wasm.
pub struct PickContext<'a> {
    /// The request to route.
    pub request: &'a Request,
    /// The servers and their live load.
    pub pool: &'a Pool,
    /// The balancer's own random stream (random and choice strategies draw from it).
    pub rng: &'a mut SimRng,
    /// Simulated time of the pick (Peak EWMA decays with it).
    pub now: Nanos,
    /// Where to record the steps of the pick, or off.
    pub explain: Explain<'a>,
}

/// Why no server came out of a pick.
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "error")]
pub enum PickError {
    /// No eligible server: the proxy answers 503 "No available servers".
    #[error("No available servers")]
    NoEligibleServer,
    /// The seed's code would have raised here (e.g. round robin's `IndexError`).
    #[error("the tutorial's code fails here: {}", defect.python_exception().unwrap_or("`while True` never returns"))]
    SeedFault {
        /// Which defect of the seed struck.
        defect: SeedDefect,
    },
}

/// A load-balancing strategy: the assignment A: R → S of the seed's model.
pub trait Strategy {
    /// Build from `pool` (its eligible snapshot and weights) and `config`.
    fn build(config: &StrategyConfig, pool: &Pool) -> Self
    where
        Self: Sized;

    /// The pool changed (membership, weight, health or draining): bring internal state up to date.
    fn rebuild(&mut self, pool: &Pool, change: &PoolChange);

    /// Choose a server (an index into `ctx.pool.servers()`) for `ctx.request`.
    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError>;

    /// Server `server`'s live load changed; `pool` already shows the new load.
    fn load_changed(&mut self, _pool: &Pool, _server: usize, _event: LoadEvent) {}

    /// From now on the simulator delivers the servers' own reports ([`Strategy::report`]): a
    /// strategy that hears from servers stops deriving those reports from this balancer's view.
    fn reports_delivered(&mut self) {}

    /// Server `server` sent `report` (an idle report, a probe's answer).
    fn report(&mut self, _pool: &Pool, _server: usize, _report: ServerReport) {}

    /// The servers this strategy asked to probe since the last call, appended to `out` (pool
    /// indices); the simulator sends the probes and delivers their answers as reports.
    fn take_probes(&mut self, _out: &mut Vec<usize>) {}
}

/// Every strategy, by the name users type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    /// Each eligible server in turn.
    RoundRobin,
    /// Turns in proportion to weight (nginx's smooth weighted round robin).
    WeightedRoundRobin,
    /// The server with the fewest requests in flight.
    LeastConnections,
    /// The fewest requests in flight per unit of weight.
    WeightedLeastConnections,
    /// nginx's `ip_hash`: the client address hashed over the weights, so a client sticks.
    IpHash,
    /// Hash of the path, modulo the server count: a path sticks to a server.
    UrlHash,
    /// Uniformly random among eligible servers.
    Random,
    /// The lowest recent time per successful response, scaled by requests in flight.
    LeastResponseTime,
    /// A hash ring with virtual nodes (Karger et al.): few keys move when servers change.
    ConsistentHash,
    /// Random with probability proportional to weight.
    WeightedRandom,
    /// Two random servers, the less loaded one wins (Mitzenmacher).
    PowerOfTwoChoices,
    /// Two random servers scored by a peak-sensitive latency average (Finagle, Linkerd).
    PeakEwma,
    /// Google's Maglev lookup table: even shares, minimal disruption.
    Maglev,
    /// A ring that walks past servers over a load cap (Mirrokni et al.).
    BoundedLoadConsistentHash,
    /// Highest random weight (Thaler and Ravishankar): each key ranks every server.
    RendezvousHash,
    /// Rendezvous over a tree of virtual groups: O(log n) per pick.
    RendezvousSkeleton,
    /// Lamping and Veach's jump consistent hash: no memory, buckets only at the end.
    JumpHash,
    /// d random servers, the least loaded wins.
    PowerOfDChoices,
    /// Jump hash that remembers removed buckets (Coluzzi et al.), so any server may leave.
    MementoHash,
    /// JumpBackHash (Ertl): jump hash in O(1) expected time with one random stream.
    JumpBackHash,
    /// AnchorHash (Mendelson et al.): a fixed capacity of buckets, removals anywhere.
    AnchorHash,
    /// Multi-probe consistent hashing (Appleton and O'Reilly): k probes, the nearest point wins.
    MultiProbeHash,
    /// Join-Idle-Queue (Lu et al.): idle servers report to a queue; its head takes the request.
    JoinIdleQueue,
    /// Prequal (Wydrowski et al.): probed load and latency, the coldest fast server wins.
    Prequal,
    /// Envoy's LEAST_REQUEST: the least active of `choice_count` random servers with equal
    /// weights, else EDF over `weight / (active + 1)^bias`.
    EnvoyLeastRequest,
}

/// What a hashing strategy's owner of a key is a function of, besides the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyMapping {
    /// The set of eligible servers (ids, weights) alone: any order, any history, same owners.
    Set,
    /// The set, and the load of the moment (bounded loads walk past full servers).
    SetAndLoad,
    /// The order servers are listed in as well (the same servers in another order move keys).
    Order,
    /// The order servers joined in and the pool's history (slots or buckets kept for leavers).
    OrderAndHistory,
}

impl KeyMapping {
    /// As `fulcrum strategies` prints it.
    pub fn label(self) -> &'static str {
        match self {
            KeyMapping::Set => "set",
            KeyMapping::SetAndLoad => "set + load",
            KeyMapping::Order => "order",
            KeyMapping::OrderAndHistory => "order + history",
        }
    }
}

/// How a strategy's time per pick grows, as [`StrategyKind::info`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StrategyInfo {
    /// Name as written in scenarios, links and the CLI (`round_robin`).
    pub name: &'static str,
    /// One line for `fulcrum strategies` and the UI.
    pub summary: &'static str,
    /// In the seed's nine?
    pub in_seed: bool,
    /// Hashes a request key (and so has a lookup to step through)?
    pub hashing: bool,
    /// Cost per pick of Fulcrum's version, over n eligible servers.
    pub pick_cost: &'static str,
    /// Cost per pick of the seed's code, where the seed has this strategy.
    pub seed_pick_cost: Option<&'static str>,
    /// For a hashing strategy: what its owners depend on besides the key.
    pub mapping: Option<KeyMapping>,
}

impl StrategyKind {
    /// Every strategy, the tutorial's nine first, in the order lists show them.
    pub const ALL: [StrategyKind; 25] = [
        StrategyKind::RoundRobin,
        StrategyKind::WeightedRoundRobin,
        StrategyKind::LeastConnections,
        StrategyKind::WeightedLeastConnections,
        StrategyKind::IpHash,
        StrategyKind::UrlHash,
        StrategyKind::Random,
        StrategyKind::LeastResponseTime,
        StrategyKind::ConsistentHash,
        StrategyKind::WeightedRandom,
        StrategyKind::PowerOfTwoChoices,
        StrategyKind::PeakEwma,
        StrategyKind::Maglev,
        StrategyKind::BoundedLoadConsistentHash,
        StrategyKind::RendezvousHash,
        StrategyKind::RendezvousSkeleton,
        StrategyKind::JumpHash,
        StrategyKind::PowerOfDChoices,
        StrategyKind::MementoHash,
        StrategyKind::JumpBackHash,
        StrategyKind::AnchorHash,
        StrategyKind::MultiProbeHash,
        StrategyKind::JoinIdleQueue,
        StrategyKind::Prequal,
        StrategyKind::EnvoyLeastRequest,
    ];

    /// The snake_case name (see [`StrategyInfo::name`]).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    // Inlined, so each caller keeps only the fields it reads: the site's wasm then carries
    // neither the summaries nor the costs it never shows (its text is in the catalogs).
    #[inline(always)]
    /// Name, summary and costs of this strategy.
    pub fn info(self) -> StrategyInfo {
        use StrategyKind::*;
        let (name, summary, in_seed, hashing, pick_cost, seed_pick_cost) = match self {
            RoundRobin => (
                "round_robin",
                "each eligible server in turn",
                true,
                false,
                "O(1)",
                Some("O(1)"),
            ),
            WeightedRoundRobin => (
                "weighted_round_robin",
                "smooth weighted round robin (nginx): shares follow weights, interleaved",
                true,
                false,
                "O(1) from one precomputed period of W/gcd picks; O(n) when that period is too long or too costly to build",
                Some("O(1)"),
            ),
            LeastConnections => (
                "least_connections",
                "the server with the fewest requests in flight",
                true,
                false,
                "O(log n) per pick and per load change",
                Some("O(n)"),
            ),
            WeightedLeastConnections => (
                "weighted_least_connections",
                "nginx's least_conn: the lowest connections / weight, ties by nginx's smooth weighted round robin among the tied",
                true,
                false,
                "O(n), as nginx: a scan of every server",
                Some("O(n)"),
            ),
            IpHash => (
                "ip_hash",
                "nginx's ip_hash: the first three octets of an IPv4 client (the whole IPv6 address) hashed over the servers' weights; a server down re-hashes",
                true,
                true,
                "O(log n): nginx's walk over the runs of weight as a binary search (O(1) expected re-hashes)",
                Some("O(1)"),
            ),
            UrlHash => (
                "url_hash",
                "hash of the path modulo the eligible servers",
                true,
                true,
                "O(1)",
                Some("O(1)"),
            ),
            Random => (
                "random",
                "a uniformly random eligible server",
                true,
                false,
                "O(1)",
                Some("O(1)"),
            ),
            LeastResponseTime => (
                "least_response_time",
                "the lowest recent time per successful response × (in flight + 1), failures counted, untried servers scored as average",
                true,
                false,
                "O(log n) per pick and per load change (+ the 100-sample window when a request finishes)",
                Some("O(n)"),
            ),
            ConsistentHash => (
                "consistent_hash",
                "a hash ring with virtual nodes (Karger et al.), optionally nginx's ketama ring",
                true,
                true,
                "O(1) expected, O(log n) worst (nginx ring's round-robin fallback: O(n))",
                Some("O(n·v)"),
            ),
            WeightedRandom => (
                "weighted_random",
                "a random server with probability proportional to weight",
                false,
                false,
                "O(1)",
                None,
            ),
            PowerOfTwoChoices => (
                "power_of_two_choices",
                "two random servers, the less loaded wins (Mitzenmacher; Azar et al.)",
                false,
                false,
                "O(1)",
                None,
            ),
            PeakEwma => (
                "peak_ewma",
                "a weight class drawn by weight, then two random servers of it, the lower peak-EWMA latency × (in flight + 1) wins (Finagle/Linkerd)",
                false,
                false,
                "O(1)",
                None,
            ),
            Maglev => (
                "maglev",
                "Google's Maglev lookup table: O(1) lookups, near-perfect balance",
                false,
                true,
                "O(1)",
                None,
            ),
            BoundedLoadConsistentHash => (
                "bounded_load_consistent_hash",
                "a hash ring that skips servers at capacity ⌈c · (m + 1) · wᵢ / W⌉ for m requests in flight (Mirrokni, Thorup, Zadimoghaddam)",
                false,
                true,
                "O(1) expected for c > 1 when loads are low; the walk can pass the whole ring",
                None,
            ),
            RendezvousHash => (
                "rendezvous_hash",
                "highest random weight (Thaler and Ravishankar): every eligible server scores the key, the highest −w / ln u wins; the owner depends on the server set only",
                false,
                true,
                "O(n): one score per eligible server (one multiplication each, one logarithm per distinct weight)",
                None,
            ),
            RendezvousSkeleton => (
                "rendezvous_skeleton",
                "rendezvous hashing over a virtual tree of 16-way choices (skeleton-based highest-random-weight hashing, Yao, Ravishankar and Tripathi); faster, but the owner depends on the order servers joined",
                false,
                true,
                "O(n) up to 16 slots; O(log n) beyond (3 tree levels at 1,000); 1/(1 − f) descents with a fraction f of the weight dead, O(n) after 64",
                None,
            ),
            JumpHash => (
                "jump_hash",
                "Lamping and Veach's jump consistent hash over stable buckets; a departed server's buckets are tombstones, skipped by rehashing",
                false,
                true,
                "O(log B) per attempt; a few attempts when many buckets are dead",
                None,
            ),
            PowerOfDChoices => (
                "power_of_d_choices",
                "d random servers, the least loaded wins (Azar et al.; Mitzenmacher): d = 1 is random, d = 2 power of two choices, d = n least connections",
                false,
                false,
                "O(d) per pick; O(n) when d ≥ n",
                None,
            ),
            MementoHash => (
                "memento_hash",
                "Coluzzi et al.'s MementoHash: jump consistent hash plus a memento of the removed buckets, each rehashed into the buckets left when it went; any server can leave, exactly its keys move",
                false,
                true,
                "O(log n): the jumps, then about ln(n / w) + 1 rehashes with w of n buckets working",
                None,
            ),
            JumpBackHash => (
                "jump_back_hash",
                "Ertl's JumpBackHash: jump hash's chain walked backward, in integers only, over jump_hash's stable buckets; a departed server's buckets are tombstones, skipped by rehashing",
                false,
                true,
                "O(1) expected per attempt; a few attempts when many buckets are dead",
                None,
            ),
            AnchorHash => (
                "anchor_hash",
                "Mendelson et al.'s AnchorHash: a fixed anchor of buckets, the working ones take keys; a key on a removed bucket is rehashed into the buckets working when it left; any server can leave, exactly its keys move",
                false,
                true,
                "O(1) expected: about ln(a / w) + 1 rehashes with w of the anchor's a buckets working",
                None,
            ),
            MultiProbeHash => (
                "multi_probe_hash",
                "Appleton and O'Reilly's multi-probe consistent hashing: one point per server (per unit of weight), the key hashed k times, the probe nearest to a point (clockwise) wins; the owner depends on the server set only",
                false,
                true,
                "O(k): k probes, each O(1) expected through an index over the points",
                None,
            ),
            JoinIdleQueue => (
                "join_idle_queue",
                "Lu et al.'s Join-Idle-Queue: idle servers report to a balancer's idle queue; a request goes to the head of the queue, or to a random server when it is empty",
                false,
                false,
                "O(1) amortized",
                None,
            ),
            Prequal => (
                "prequal",
                "Google's Prequal (Wydrowski et al.): asynchronous probes fill a small pool with servers' requests in flight and latency; the cold probe with the lowest latency wins, else the lowest requests in flight",
                false,
                false,
                "O(p + w): a scan of the probe pool (p = 16) and the quantile of the last w = 64 answers, plus r probes drawn",
                None,
            ),
            EnvoyLeastRequest => (
                "envoy_least_request",
                "Envoy's LEAST_REQUEST: the least busy of d random servers with equal weights, else earliest deadline first over weight / (active + 1)^bias",
                false,
                false,
                "O(d) with equal weights; O(log n) with unequal weights",
                None,
            ),
        };
        let mapping = match self {
            // nginx's weight walk runs in configuration order; the modulo indexes the list.
            IpHash | UrlHash | Maglev => Some(KeyMapping::Order),
            ConsistentHash | RendezvousHash | MultiProbeHash => Some(KeyMapping::Set),
            BoundedLoadConsistentHash => Some(KeyMapping::SetAndLoad),
            RendezvousSkeleton | JumpHash | MementoHash | JumpBackHash | AnchorHash => {
                Some(KeyMapping::OrderAndHistory)
            }
            _ => None,
        };
        StrategyInfo {
            name,
            summary,
            in_seed,
            hashing,
            pick_cost,
            seed_pick_cost,
            mapping,
        }
    }

    /// Whether the share of requests this strategy promises a server follows its weight. Round
    /// robin, least connections, least response time, random and url_hash read no weight but 0
    /// (not eligible), and Prequal only when its probe pool is empty: they promise every
    /// eligible server the same share, whatever its weight. The tutorial's code reads weights
    /// only in its two weighted strategies.
    pub fn shares_follow_weights(self, variant: Variant) -> bool {
        use StrategyKind::*;
        if variant == Variant::Seed && self.has_seed_variant() {
            return matches!(self, WeightedRoundRobin | WeightedLeastConnections);
        }
        !matches!(
            self,
            RoundRobin | LeastConnections | LeastResponseTime | Random | UrlHash | Prequal
        )
    }

    /// The seed's nine have a variant that reproduces the seed's code, defects included.
    pub fn has_seed_variant(self) -> bool {
        self.info().in_seed
    }

    /// The request attribute hashed when the configuration names none.
    pub fn default_key(self) -> KeySource {
        match self {
            StrategyKind::IpHash => KeySource::ClientIp,
            _ => KeySource::Path,
        }
    }
}

impl fmt::Display for StrategyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown strategy name; the message lists the known ones.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("unknown strategy '{0}' (known: {known})", known = StrategyKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "))]
pub struct UnknownStrategy(pub String);

impl FromStr for StrategyKind {
    type Err = UnknownStrategy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StrategyKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| UnknownStrategy(s.to_string()))
    }
}

/// Fulcrum's corrected code, or the tutorial's code with its defects (`Seed`: the tutorial the
/// project grew from was once called "the seed"; outside the code it is "the tutorial").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    /// Fixed where the seed has a defect; the default.
    Corrected,
    /// Written `tutorial`; the older `seed` is still read, so old files, links and scripts work.
    #[serde(rename = "tutorial", alias = "seed")]
    Seed,
}

impl Variant {
    /// The name links, files and the CLI write: `corrected` or `tutorial`.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Corrected => "corrected",
            Variant::Seed => "tutorial",
        }
    }

    /// A variant by name: `corrected`, `tutorial`, or the older alias `seed`.
    pub fn from_name(name: &str) -> Option<Variant> {
        match name {
            "corrected" => Some(Variant::Corrected),
            "tutorial" | "seed" => Some(Variant::Seed),
            _ => None,
        }
    }

    /// A strategy written as `tutorial:NAME` (or the older `seed:NAME`): the tutorial's code of
    /// NAME; anything else is NAME in the corrected code. Returns the variant and the name.
    pub fn split_prefix(text: &str) -> (Variant, &str) {
        match text
            .strip_prefix("tutorial:")
            .or_else(|| text.strip_prefix("seed:"))
        {
            Some(name) => (Variant::Seed, name),
            None => (Variant::Corrected, text),
        }
    }
}

/// Which ring `consistent_hash` builds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RingFlavor {
    /// Fulcrum's ring: XXH3 points, `points_per_weight` per unit of weight.
    #[default]
    Fulcrum,
    /// The ring nginx builds for `hash $key consistent`: ketama CRC-32 points, 160 per unit of
    /// weight, derived from the server's host and port.
    Nginx,
}

/// How to build a strategy. Every field has a default, so scenario files name only what differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StrategyConfig {
    /// Which strategy.
    pub kind: StrategyKind,
    /// Corrected, or the tutorial's code with its defects.
    pub variant: Variant,
    /// The request attribute hashing strategies hash; `None` means [`StrategyKind::default_key`].
    pub key: Option<KeySource>,
    /// Ring points per unit of weight (virtual nodes). nginx uses 160; the seed 150 per server.
    pub points_per_weight: u32,
    /// Which ring hashing strategies build: this crate's own or nginx's.
    pub ring: RingFlavor,
    /// Bounded loads: `c`; no server takes more than ⌈c · (m + 1) · wᵢ / W⌉ of the m requests in
    /// flight (⌈c · m / n⌉ in the paper, with equal weights). At least 1.
    pub load_factor: f64,
    /// Maglev lookup table size M: a prime well above the number of servers.
    pub maglev_table_size: u32,
    /// Peak EWMA decay time, in nanoseconds.
    pub ewma_tau_ns: Nanos,
    /// The `PYTHONHASHSEED` whose salt the seed's variants emulate (`hash()` is salted per process).
    pub python_hash_seed: u32,
    /// Power of d choices: how many random servers a pick compares, from 1 to [`MAX_D`]; a pick
    /// over n eligible servers compares min(d, n). Envoy's least request: its `choice_count`,
    /// draws with replacement.
    pub d: u32,
    /// Multi-probe consistent hashing: k, the probes per key, from 1 to [`MAX_K`] (the paper's
    /// 21 gives a peak-to-average load of 1.05).
    pub k: u32,
    /// Prequal's probe pool, RIF quantile, probes per request, reuse and maximum age.
    pub prequal: PrequalSettings,
    /// Envoy's least request: `active_request_bias`, a finite number ≥ 0; `None` when not
    /// configured (Envoy's 1.0, and equal weights keep the random choices).
    pub active_request_bias: Option<f64>,
    /// Envoy's least request: `slow_start_config`; `None` when not configured.
    pub slow_start: Option<super::proxies::envoy_least::SlowStart>,
}

impl Default for StrategyConfig {
    fn default() -> Self {
        Self {
            kind: StrategyKind::RoundRobin,
            variant: Variant::Corrected,
            key: None,
            points_per_weight: 160,
            ring: RingFlavor::Fulcrum,
            load_factor: 1.25,
            maglev_table_size: 65_537,
            ewma_tau_ns: DEFAULT_EWMA_TAU_NS,
            python_hash_seed: 1,
            d: 2,
            k: 21,
            prequal: PrequalSettings::default(),
            active_request_bias: None,
            slow_start: None,
        }
    }
}

/// Limits that keep every structure a strategy builds small enough for a browser tab.
pub const MAX_POINTS_PER_WEIGHT: u32 = 10_000;
/// The largest Maglev table: a prime just over a million entries.
pub const MAX_MAGLEV_TABLE: u32 = 1_000_003;
/// The largest d of power of d choices: the most servers a scenario may list.
pub const MAX_D: u32 = 100_000;
/// The most probes multi-probe consistent hashing makes per key.
pub const MAX_K: u32 = 1_000;

/// A configuration that cannot be built; the message names the field.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ConfigError {
    #[error("strategy '{0}' has no tutorial variant (the tutorial has only its nine)")]
    /// The tutorial variant of a strategy the tutorial does not have.
    NoSeedVariant(StrategyKind),
    #[error("points_per_weight must be from 1 to {MAX_POINTS_PER_WEIGHT}, not {0}")]
    /// Virtual nodes per weight out of range.
    PointsPerWeight(u32),
    #[error("load_factor must be a number of at least 1, not {0}")]
    /// A bounded-load factor below 1 (or not a number).
    LoadFactor(f64),
    #[error("maglev_table_size must be a prime from 3 to {MAX_MAGLEV_TABLE}, not {0}")]
    /// A Maglev table size that is not a prime in range.
    MaglevTableSize(u32),
    #[error("ewma_tau_ns must be above 0")]
    /// A Peak EWMA time constant of zero.
    EwmaTau,
    #[error("the nginx ring is only for consistent_hash and bounded_load_consistent_hash")]
    /// The nginx ring asked of a strategy without a ring.
    NginxRing,
    #[error("d must be from 1 to {MAX_D}, not {0}")]
    /// A d out of range.
    D(u32),
    #[error("k (probes per key) must be from 1 to {MAX_K}, not {0}")]
    /// A k (probes per key) out of range.
    K(u32),
    #[error("{0}")]
    /// Prequal's settings out of range, in words.
    Prequal(String),
    #[error("slow_start_config: {0}")]
    /// A slow start window, aggression or minimum weight out of range.
    SlowStart(&'static str),
    #[error("active_request_bias must be a number of at least 0, not {0}")]
    /// A negative or non-finite active request bias.
    ActiveRequestBias(f64),
}

fn is_prime(n: u32) -> bool {
    n >= 2
        && (2..)
            .take_while(|d: &u32| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

impl StrategyConfig {
    /// The strategy's defaults: corrected variant, its default key and parameters.
    pub fn new(kind: StrategyKind) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    /// The key source in force.
    pub fn key_source(&self) -> KeySource {
        self.key.clone().unwrap_or_else(|| self.kind.default_key())
    }

    /// Check every parameter against its bounds, naming the first out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.variant == Variant::Seed && !self.kind.has_seed_variant() {
            return Err(ConfigError::NoSeedVariant(self.kind));
        }
        if !(1..=MAX_POINTS_PER_WEIGHT).contains(&self.points_per_weight) {
            return Err(ConfigError::PointsPerWeight(self.points_per_weight));
        }
        if !(self.load_factor.is_finite() && self.load_factor >= 1.0) {
            return Err(ConfigError::LoadFactor(self.load_factor));
        }
        if !(3..=MAX_MAGLEV_TABLE).contains(&self.maglev_table_size)
            || !is_prime(self.maglev_table_size)
        {
            return Err(ConfigError::MaglevTableSize(self.maglev_table_size));
        }
        if self.ewma_tau_ns == 0 {
            return Err(ConfigError::EwmaTau);
        }
        if !(1..=MAX_D).contains(&self.d) {
            return Err(ConfigError::D(self.d));
        }
        if !(1..=MAX_K).contains(&self.k) {
            return Err(ConfigError::K(self.k));
        }
        if let Some(problem) = self.prequal.problem() {
            return Err(ConfigError::Prequal(problem));
        }
        if let Some(b) = self.active_request_bias
            && !(b.is_finite() && b >= 0.0)
        {
            return Err(ConfigError::ActiveRequestBias(b));
        }
        if let Some(s) = &self.slow_start
            && let Some(problem) = s.problem()
        {
            return Err(ConfigError::SlowStart(problem));
        }
        if self.ring == RingFlavor::Nginx
            && !matches!(
                self.kind,
                StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
            )
        {
            return Err(ConfigError::NginxRing);
        }
        Ok(())
    }
}

use super::hashing::anchor::AnchorHash;
use super::hashing::bounded::BoundedLoadHashRing;
use super::hashing::jump::JumpHash;
use super::hashing::jump_back::JumpBackHash;
use super::hashing::maglev::Maglev;
use super::hashing::memento::MementoHash;
use super::hashing::modulo::ModuloHash;
use super::hashing::multi_probe::MultiProbeHash;
use super::hashing::rendezvous::RendezvousHash;
use super::hashing::ring::HashRing;
use super::hashing::skeleton::RendezvousSkeleton;
use super::load_aware::d_choices::PowerOfDChoices;
use super::load_aware::ewma::PeakEwma;
use super::load_aware::jiq::JoinIdleQueue;
use super::load_aware::least::{LeastConnections, LeastResponseTime};
use super::load_aware::p2c::PowerOfTwoChoices;
use super::load_aware::prequal::{Prequal, PrequalSettings};
use super::load_blind::random::{UniformRandom, WeightedRandom};
use super::load_blind::round_robin::{RoundRobin, SmoothWeightedRoundRobin};
use super::proxies::envoy_least::EnvoyLeastRequest;
use super::proxies::nginx::{NginxIpHash, NginxLeastConn};
use super::seed::{
    SeedConsistentHash, SeedLeastConnections, SeedLeastResponseTime, SeedModuloHash, SeedRandom,
    SeedRoundRobin, SeedWeightedRoundRobin,
};

/// Declares [`AnyStrategy`] and its statically dispatched methods.
macro_rules! any_strategy {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Every strategy behind one enum: static dispatch, no boxed trait object per request.
        #[derive(Clone, Debug)]
        pub enum AnyStrategy {
            $(
                #[doc = concat!("The `", stringify!($ty), "` strategy.")]
                $variant($ty)
            ),*
        }

        impl AnyStrategy {
            /// Bring the strategy's structures up to date after a pool change.
            pub fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
                match self { $(Self::$variant(s) => s.rebuild(pool, change)),* }
            }

            #[inline]
            /// Pick a server index for the request.
            pub fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
                match self { $(Self::$variant(s) => s.pick(ctx)),* }
            }

            #[inline]
            /// Tell load-aware strategies a request started or finished on `server`.
            pub fn load_changed(&mut self, pool: &Pool, server: usize, event: LoadEvent) {
                match self { $(Self::$variant(s) => s.load_changed(pool, server, event)),* }
            }

            /// See [`Strategy::reports_delivered`].
            pub fn reports_delivered(&mut self) {
                match self { $(Self::$variant(s) => s.reports_delivered()),* }
            }

            /// See [`Strategy::report`].
            pub fn report(&mut self, pool: &Pool, server: usize, report: ServerReport) {
                match self { $(Self::$variant(s) => s.report(pool, server, report)),* }
            }

            /// See [`Strategy::take_probes`].
            #[inline]
            pub fn take_probes(&mut self, out: &mut Vec<usize>) {
                match self { $(Self::$variant(s) => s.take_probes(out)),* }
            }

            /// The Rust type behind this strategy, for traces and the UI ("SmoothWeightedRoundRobin").
            pub fn type_name(&self) -> &'static str {
                match self { $(Self::$variant(_) => stringify!($ty)),* }
            }
        }
    };
}

any_strategy! {
    RoundRobin(RoundRobin),
    SmoothWeightedRoundRobin(SmoothWeightedRoundRobin),
    LeastConnections(LeastConnections),
    LeastResponseTime(LeastResponseTime),
    ModuloHash(ModuloHash),
    NginxIpHash(NginxIpHash),
    NginxLeastConn(NginxLeastConn),
    UniformRandom(UniformRandom),
    WeightedRandom(WeightedRandom),
    HashRing(HashRing),
    BoundedLoadHashRing(BoundedLoadHashRing),
    PowerOfTwoChoices(PowerOfTwoChoices),
    PeakEwma(PeakEwma),
    Maglev(Maglev),
    RendezvousHash(RendezvousHash),
    RendezvousSkeleton(RendezvousSkeleton),
    JumpHash(JumpHash),
    PowerOfDChoices(PowerOfDChoices),
    EnvoyLeastRequest(EnvoyLeastRequest),
    MementoHash(MementoHash),
    JumpBackHash(JumpBackHash),
    AnchorHash(AnchorHash),
    MultiProbeHash(MultiProbeHash),
    JoinIdleQueue(JoinIdleQueue),
    Prequal(Prequal),
    SeedRoundRobin(SeedRoundRobin),
    SeedWeightedRoundRobin(SeedWeightedRoundRobin),
    SeedLeastConnections(SeedLeastConnections),
    SeedModuloHash(SeedModuloHash),
    SeedRandom(SeedRandom),
    SeedLeastResponseTime(SeedLeastResponseTime),
    SeedConsistentHash(SeedConsistentHash),
}

impl AnyStrategy {
    /// Build the strategy `config` names over `pool`.
    pub fn build(config: &StrategyConfig, pool: &Pool) -> Result<Self, ConfigError> {
        use StrategyKind as K;
        config.validate()?;
        let c = config;
        Ok(match (config.variant, config.kind) {
            (Variant::Corrected, K::RoundRobin) => Self::RoundRobin(RoundRobin::build(c, pool)),
            (Variant::Corrected, K::WeightedRoundRobin) => {
                Self::SmoothWeightedRoundRobin(SmoothWeightedRoundRobin::build(c, pool))
            }
            (Variant::Corrected, K::LeastConnections) => {
                Self::LeastConnections(LeastConnections::build(c, pool))
            }
            (Variant::Corrected, K::WeightedLeastConnections) => {
                Self::NginxLeastConn(NginxLeastConn::build(c, pool))
            }
            (Variant::Corrected, K::LeastResponseTime) => {
                Self::LeastResponseTime(LeastResponseTime::build(c, pool))
            }
            (Variant::Corrected, K::IpHash) => Self::NginxIpHash(NginxIpHash::build(c, pool)),
            (Variant::Corrected, K::UrlHash) => Self::ModuloHash(ModuloHash::build(c, pool)),
            (Variant::Corrected, K::Random) => Self::UniformRandom(UniformRandom::build(c, pool)),
            (Variant::Corrected, K::WeightedRandom) => {
                Self::WeightedRandom(WeightedRandom::build(c, pool))
            }
            (Variant::Corrected, K::ConsistentHash) => Self::HashRing(HashRing::build(c, pool)),
            (Variant::Corrected, K::BoundedLoadConsistentHash) => {
                Self::BoundedLoadHashRing(BoundedLoadHashRing::build(c, pool))
            }
            (Variant::Corrected, K::PowerOfTwoChoices) => {
                Self::PowerOfTwoChoices(PowerOfTwoChoices::build(c, pool))
            }
            (Variant::Corrected, K::PeakEwma) => Self::PeakEwma(PeakEwma::build(c, pool)),
            (Variant::Corrected, K::Maglev) => Self::Maglev(Maglev::build(c, pool)),
            (Variant::Corrected, K::RendezvousHash) => {
                Self::RendezvousHash(RendezvousHash::build(c, pool))
            }
            (Variant::Corrected, K::RendezvousSkeleton) => {
                Self::RendezvousSkeleton(RendezvousSkeleton::build(c, pool))
            }
            (Variant::Corrected, K::JumpHash) => Self::JumpHash(JumpHash::build(c, pool)),
            (Variant::Corrected, K::PowerOfDChoices) => {
                Self::PowerOfDChoices(PowerOfDChoices::build(c, pool))
            }
            (Variant::Corrected, K::EnvoyLeastRequest) => {
                Self::EnvoyLeastRequest(EnvoyLeastRequest::build(c, pool))
            }
            (Variant::Corrected, K::MementoHash) => Self::MementoHash(MementoHash::build(c, pool)),
            (Variant::Corrected, K::JumpBackHash) => {
                Self::JumpBackHash(JumpBackHash::build(c, pool))
            }
            (Variant::Corrected, K::AnchorHash) => Self::AnchorHash(AnchorHash::build(c, pool)),
            (Variant::Corrected, K::MultiProbeHash) => {
                Self::MultiProbeHash(MultiProbeHash::build(c, pool))
            }
            (Variant::Corrected, K::JoinIdleQueue) => {
                Self::JoinIdleQueue(JoinIdleQueue::build(c, pool))
            }
            (Variant::Corrected, K::Prequal) => Self::Prequal(Prequal::build(c, pool)),
            (Variant::Seed, K::RoundRobin) => Self::SeedRoundRobin(SeedRoundRobin::build(c, pool)),
            (Variant::Seed, K::WeightedRoundRobin) => {
                Self::SeedWeightedRoundRobin(SeedWeightedRoundRobin::build(c, pool))
            }
            (Variant::Seed, K::LeastConnections | K::WeightedLeastConnections) => {
                Self::SeedLeastConnections(SeedLeastConnections::build(c, pool))
            }
            (Variant::Seed, K::IpHash | K::UrlHash) => {
                Self::SeedModuloHash(SeedModuloHash::build(c, pool))
            }
            (Variant::Seed, K::Random) => Self::SeedRandom(SeedRandom::build(c, pool)),
            (Variant::Seed, K::LeastResponseTime) => {
                Self::SeedLeastResponseTime(SeedLeastResponseTime::build(c, pool))
            }
            (Variant::Seed, K::ConsistentHash) => {
                Self::SeedConsistentHash(SeedConsistentHash::build(c, pool))
            }
            (Variant::Seed, kind) => return Err(ConfigError::NoSeedVariant(kind)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_known() {
        for k in StrategyKind::ALL {
            assert_eq!(k.name().parse::<StrategyKind>(), Ok(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.name()));
        }
        let err = "fastest".parse::<StrategyKind>().unwrap_err().to_string();
        assert!(err.contains("unknown strategy 'fastest'") && err.contains("jump_hash"));
        assert_eq!(
            StrategyKind::ALL
                .iter()
                .filter(|k| k.has_seed_variant())
                .count(),
            9
        );
    }

    #[test]
    fn validation_names_the_field() {
        let mut c = StrategyConfig::new(StrategyKind::Maglev);
        c.maglev_table_size = 65_536;
        assert_eq!(c.validate(), Err(ConfigError::MaglevTableSize(65_536)));
        let mut c = StrategyConfig::new(StrategyKind::Maglev);
        c.variant = Variant::Seed;
        assert!(matches!(c.validate(), Err(ConfigError::NoSeedVariant(_))));
        let mut c = StrategyConfig::new(StrategyKind::BoundedLoadConsistentHash);
        c.load_factor = f64::NAN;
        assert!(matches!(c.validate(), Err(ConfigError::LoadFactor(_))));
        assert!(is_prime(65_537) && !is_prime(1) && is_prime(2));
    }
}
