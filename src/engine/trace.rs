//! Explanations of picks: the steps a strategy took, recorded by the very code that picked.
//!
//! A pick records steps only when asked ([`Explain::on`]); [`Explain::step`] takes a closure, so
//! the plain pick path builds nothing and allocates nothing. The UI's step-through views and the
//! live narration read these steps; they never recompute a pick.

use serde::Serialize;

use super::hashing::HashFunction;
use super::model::{KeySource, Server, Status};

/// Which way a binary-search probe sent the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The point at `mid` is below the key: continue right of it.
    Right,
    /// The point at `mid` is at or above the key: it is a candidate, continue left.
    Left,
}

/// One step of one pick. Server numbers are indices into the pool's servers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum Step {
    /// The request attribute used as the key, and its value.
    Key { source: KeySource, key: String },
    /// A fixed hash function applied to `input`.
    Hash {
        function: HashFunction,
        input: String,
        value: u64,
    },
    /// `input` hashed with XXH3-64 seeded with `seed` (a stable slot list's retry number).
    SeededHash {
        input: String,
        seed: u64,
        value: u64,
    },
    /// `hash mod n` picks position `index` of the eligible list (`ip_hash`, `url_hash`).
    Modulo { hash: u64, n: usize, index: usize },
    /// Round robin: the cursor before the pick and where it moves to.
    Cursor {
        position: usize,
        of: usize,
        next: usize,
    },
    /// Smooth weighted round robin: every eligible server's current weight before and after the
    /// pick (`servers[i]` has `before[i]`, `after[i]`), and the total weight subtracted.
    SmoothWeights {
        servers: Vec<usize>,
        weights: Vec<i64>,
        before: Vec<i64>,
        after: Vec<i64>,
        total: i64,
    },
    /// A random draw: `index` in `0..range`.
    Random { range: u64, index: u64 },
    /// A load score considered (least connections, least response time, EWMA cost).
    Score { server: usize, score: f64 },
    /// Power of two choices: the two candidates and their scores (lower wins).
    Candidates {
        servers: [usize; 2],
        scores: [f64; 2],
    },
    /// Ring: the search was narrowed to sorted points `lo..hi` (an index over the hash's top
    /// bits, or the whole ring).
    RingRange { lo: usize, hi: usize, of: usize },
    /// Ring: one probe of the binary search.
    RingProbe {
        lo: usize,
        hi: usize,
        mid: usize,
        point: u64,
        went: Direction,
    },
    /// Ring: the first point clockwise of the key, and its owner.
    RingPoint {
        index: usize,
        point: u64,
        owner: usize,
        wrapped: bool,
    },
    /// Ring walk: the point's owner was passed over because it may not take new requests
    /// (nginx keeps the points of `down` servers on its ring and walks past them). `reason`
    /// is the server's state.
    RingSkip {
        index: usize,
        owner: usize,
        reason: Unavailable,
    },
    /// Bounded loads: a server passed over because it is at capacity `⌈c·(m+1)·wᵢ/W⌉`.
    AtCapacity {
        server: usize,
        load: u64,
        capacity: u64,
    },
    /// Maglev: the key's slot in the lookup table and its owner.
    MaglevSlot {
        slot: usize,
        table_size: usize,
        owner: usize,
    },
    /// Rendezvous: one server's score for this key (the highest wins).
    RendezvousScore { server: usize, score: f64 },
    /// Skeleton-based rendezvous (more than 16 slots): node `node` of tree level `level` (1: its
    /// children are slots, which servers hold; higher: its children are nodes of the level
    /// below) scored its children `first, first + 1, …` by weighted HRW with their fixed weights
    /// (the sums of their slots' weights, tombstones and ineligible servers included);
    /// `scores[i]` is child `first + i`'s, and `chosen` (a child's number at the level below) has
    /// the highest. `attempt` counts descents from the root: one that ends on a dead slot starts
    /// again.
    RendezvousNode {
        attempt: u64,
        level: u32,
        node: usize,
        first: usize,
        weights: Vec<u64>,
        scores: Vec<f64>,
        chosen: usize,
    },
    /// Jump consistent hash: one jump of the loop, from bucket `from` to candidate `to`.
    Jump { from: i64, to: i64 },
    /// JumpBackHash: a candidate bucket of the range `[low, 2·low)` (the key's chain jumps into
    /// that range); it is the bucket if it is below B, else the range draws again. `low` = 0:
    /// no range is left, bucket 0.
    JumpBack { low: u64, candidate: u64 },
    /// Multi-probe consistent hashing: probe `probe` (0-based) of the key, at `hash` = h₁ +
    /// probe · h₂, found sorted point `index` at `point`, of server `owner`, `distance` = point −
    /// hash (mod 2⁶⁴) clockwise; `nearest`: no earlier probe came as near (the winner so far).
    MultiProbe {
        probe: u32,
        hash: u64,
        index: usize,
        point: u64,
        owner: usize,
        distance: u64,
        nearest: bool,
    },
    /// Prequal: a probe in the pool, `age_ns` old: `server` answered `rif` requests in flight
    /// (plus one per pick it served, `uses`) and a latency of `latency_ms`; `hot` when its RIF
    /// is above the pool's quantile.
    PrequalProbe {
        server: usize,
        rif: u32,
        latency_ms: f64,
        age_ns: u64,
        uses: u32,
        hot: bool,
    },
    /// Something the seed's code does wrong happened on this pick.
    SeedDefect(SeedDefect),
    /// Anything else worth saying.
    Note(Note),
    /// The server chosen.
    Chosen { server: usize },
}

/// Why a server may not take a new request (a ring walk's skip, a dead slot or bucket).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unavailable {
    /// The server left the pool: its slot or bucket is a tombstone.
    Left,
    Unhealthy,
    Overloaded,
    Maintenance,
    Draining,
    WeightZero,
    /// Not eligible for another reason (e.g. ejected by outlier detection).
    NotEligible,
}

impl Unavailable {
    /// Why `server` may not take a request: its status first, then draining, then weight 0.
    pub fn of(server: &Server) -> Self {
        if server.status != Status::Healthy {
            match server.status {
                Status::Overloaded => Unavailable::Overloaded,
                Status::Maintenance => Unavailable::Maintenance,
                _ => Unavailable::Unhealthy,
            }
        } else if server.draining {
            Unavailable::Draining
        } else if server.weight == 0 {
            Unavailable::WeightZero
        } else {
            Unavailable::NotEligible
        }
    }
}

/// Which structure a dead-slot note is about, and what the pick does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// Jump consistent hash: the bucket is dead, jump again with the next seed.
    JumpBucket,
    /// Skeleton rendezvous: the slot is dead, descend again with the next seed.
    DescendSlot,
}

/// A note: something worth saying about a pick that no other step says. Server numbers are
/// indices into the pool's servers; the words are the UI's (`share::steps`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "note")]
pub enum Note {
    /// Bounded loads: every server is at capacity (unreachable while `m` is right), so the
    /// key's own server takes it.
    AllAtCapacity,
    /// Least connections: the two best scores are equal; the fair-share tie tag decides.
    TieByFairShare,
    /// Least response time: the winner has no success in its window yet, so it is scored as
    /// the mean time to success `mean_ms` × (failures + 1) × (in flight + 1).
    ScoredAsMean { mean_ms: f64 },
    /// Power of two choices: one eligible server, no choice to make.
    OneEligible,
    /// Power of d choices: `d` of the `of` eligible servers are compared (all of them when
    /// `d` = `of`), the lowest connections / weight wins.
    Choices { d: usize, of: usize },
    /// Join-Idle-Queue: `server` is at the head of the I-queue (it reported idle); `waiting`
    /// more idle servers are listed behind it.
    IdleQueueHead { server: usize, waiting: usize },
    /// Join-Idle-Queue: `server` was at the head of the I-queue but may no longer take
    /// requests (`why`): its entry is dropped.
    IdleQueueDropped { server: usize, why: Unavailable },
    /// Join-Idle-Queue: no idle server is listed: a random server, in proportion to weight.
    IdleQueueEmpty,
    /// Prequal: this pick sent `count` probes (answered later, or at once without a simulator).
    ProbesSent { count: usize },
    /// Prequal: no probe in the pool: a random server, in proportion to weight.
    ProbePoolEmpty,
    /// Prequal: `probes` probes in the pool; hot above RIF `threshold`, the `quantile` quantile
    /// of the recent answers.
    ProbePool {
        probes: usize,
        quantile: f64,
        threshold: u32,
    },
    /// Prequal: the cold probe with the lowest latency wins: `server`'s, used `uses` of `reuse`
    /// times.
    ColdProbeWins {
        server: usize,
        uses: u32,
        reuse: u32,
    },
    /// Prequal: every probe is hot: the lowest RIF wins, `server`'s, used `uses` of `reuse` times.
    AllProbesHot {
        server: usize,
        uses: u32,
        reuse: u32,
    },
    /// MementoHash and AnchorHash: `bucket` was removed when `working` buckets were left, so the
    /// key, hashed with seed `seed` to `hash`, goes to bucket `hash mod working` = `to`.
    MementoRehash {
        bucket: usize,
        working: usize,
        seed: u64,
        hash: u64,
        to: usize,
    },
    /// MementoHash and AnchorHash: `bucket` was removed after the bucket being replaced; its
    /// replacer `to` stands in for it.
    MementoFollow { bucket: usize, to: usize },
    /// AnchorHash: the key's hash `hash` mod the anchor's size `anchor` is `bucket`, where the
    /// lookup starts.
    AnchorBucket {
        hash: u64,
        anchor: usize,
        bucket: usize,
    },
    /// nginx's ip_hash: `hash mod total` = `point` falls in `server`'s run of weight; `up`: it
    /// may take the request (else nginx hashes again).
    IpHashPoint {
        point: u64,
        total: u64,
        server: usize,
        up: bool,
    },
    /// nginx's smooth weighted round robin instead of the hash: fewer than two servers
    /// configured (`tries` = 0), or 21 hashes found no server up.
    NginxRoundRobin { tries: u32 },
    /// Peak EWMA: the server drawn is the only one of its weight class, so no second candidate.
    WeightClassOfOne { weight: u32 },
    /// nginx's ring is not used for an empty key or a single server: its weighted round robin.
    NginxNoRing,
    /// nginx walked `points` points without an eligible owner: its weighted round robin.
    NginxFallback { points: usize },
    /// Jump: bucket `bucket` of `buckets` is live and belongs to `server`.
    BucketOwner {
        bucket: usize,
        buckets: usize,
        server: usize,
    },
    /// Skeleton rendezvous: slot `slot` belongs to `server`.
    SlotOwner { slot: usize, server: usize },
    /// Jump or skeleton rendezvous: `index` (a bucket or a slot, by `retry`) is dead because
    /// `why` (its owner `owner`, none for a tombstone); try again with seed `seed`.
    DeadSlot {
        retry: Retry,
        index: usize,
        owner: Option<usize>,
        why: Unavailable,
        seed: u64,
    },
    /// Jump: `attempts` jumps hit no live bucket; the live bucket with the highest
    /// XXH3-64(bucket, seed `seed`) wins: `bucket`, of `server`.
    JumpFallback {
        attempts: u64,
        seed: u64,
        bucket: usize,
        server: usize,
    },
    /// Skeleton rendezvous: `slots` slots, more than `fanout`, so the key descends a virtual tree
    /// of `levels` levels.
    SkeletonTree {
        slots: usize,
        fanout: usize,
        levels: usize,
    },
    /// Skeleton rendezvous: `attempts` descents ended on dead slots; the flat choice over the
    /// eligible servers is `server`.
    RendezvousFallback { attempts: u64, server: usize },
    /// Weighted random's alias table: column `column` keeps `keep` of `total` units; the draw
    /// `drew` within it gives the column itself, or its alias `alias`.
    AliasDraw {
        column: usize,
        keep: u64,
        total: u64,
        drew: u64,
        alias: Option<usize>,
    },
    /// The seed's weighted round robin: its `current_weight` went from `before` to `after`.
    SeedCurrentWeight {
        before: u64,
        after: u64,
        weight: u64,
    },
    /// The seed's IP hash in Python: `hash(key_repr) = hash`, `hash % n = index`.
    PythonHash {
        key_repr: String,
        hash: i64,
        n: usize,
        index: usize,
    },
    /// The seed's ring: a linear scan compared `scanned` of `total` sorted points; a binary
    /// search needs about `binary`.
    LinearScan {
        scanned: usize,
        total: usize,
        binary: u32,
    },
}

/// Something the seed's code does wrong, as it happened on a pick. Server numbers are indices
/// into the pool's servers; the words are the UI's (`share::steps`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "defect")]
pub enum SeedDefect {
    /// The seed's ring still routes to `server`, whose status is `status`: it rebuilds only on
    /// add/remove.
    StaleRing { server: usize, status: Status },
    /// `server` is draining, but the seed has no draining.
    IgnoresDraining { server: usize },
    /// `server` has weight 0, but the seed never excludes weight 0.
    IgnoresWeightZero { server: usize },
    /// Round robin's cursor `cursor` is past the end of its `healthy` servers: `IndexError`.
    IndexError { cursor: usize, healthy: usize },
    /// Weighted round robin: `server` at cursor `cursor` has weight 0, so `while True` never
    /// returns.
    InfiniteLoop { server: usize, cursor: usize },
    /// Weighted round robin: `server` gets its whole weight `weight` in a row (this is pick
    /// `pick` of them).
    Bursty {
        server: usize,
        weight: u64,
        pick: u64,
    },
    /// IP hash: Python salts `hash()` of a str per process (`hash_seed`), and `hash % n` moves
    /// almost every key when the list changes length.
    SaltedHash { hash_seed: u32, n: usize },
    /// Least response time: `server` has no successful response yet, so the seed scores it 0.0.
    ColdStart { server: usize },
    /// Least response time: `failures` failed requests to `server` were never recorded.
    UnrecordedFailures { failures: u64, server: usize },
    /// Consistent hash: the ring is keyed on the request's random uuid4 id (its hash `hash`,
    /// `PYTHONHASHSEED=hash_seed`).
    NoAffinity { hash: i64, hash_seed: u32 },
    /// Consistent hash: the ring was built with no healthy server and never rebuilt: `None`.
    EmptyRing,
}

impl SeedDefect {
    /// The exception the seed's Python raises for this defect, if it raises one.
    pub fn python_exception(&self) -> Option<&'static str> {
        match self {
            SeedDefect::IndexError { .. } => Some("IndexError"),
            _ => None,
        }
    }
}

/// Where a pick writes its steps, if anywhere.
pub struct Explain<'a> {
    steps: Option<&'a mut Vec<Step>>,
}

impl<'a> Explain<'a> {
    /// Record nothing (the fast path).
    pub fn off() -> Self {
        Self { steps: None }
    }

    /// Record every step into `steps`.
    pub fn on(steps: &'a mut Vec<Step>) -> Self {
        Self { steps: Some(steps) }
    }

    pub fn is_on(&self) -> bool {
        self.steps.is_some()
    }

    /// Record a step; `make` runs only when explaining.
    #[inline]
    pub fn step(&mut self, make: impl FnOnce() -> Step) {
        if let Some(steps) = self.steps.as_deref_mut() {
            steps.push(make());
        }
    }
}
