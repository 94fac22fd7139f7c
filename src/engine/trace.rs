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
    Key {
        /// Which request attribute.
        source: KeySource,
        /// Its value, the bytes hashed.
        key: String,
    },
    /// A fixed hash function applied to `input`.
    Hash {
        /// Which function.
        function: HashFunction,
        /// The bytes hashed, as text.
        input: String,
        /// The hash.
        value: u64,
    },
    /// `input` hashed with XXH3-64 seeded with `seed` (a stable slot list's retry number).
    SeededHash {
        /// The bytes hashed, as text.
        input: String,
        /// The seed: 0 for the first try, then the retry number.
        seed: u64,
        /// The hash.
        value: u64,
    },
    /// `hash mod n` picks position `index` of the eligible list (`ip_hash`, `url_hash`).
    Modulo {
        /// The key's hash.
        hash: u64,
        /// Eligible servers.
        n: usize,
        /// `hash mod n`, a position in the eligible list.
        index: usize,
    },
    /// Round robin: the cursor before the pick and where it moves to.
    Cursor {
        /// The cursor before the pick.
        position: usize,
        /// Servers the cursor runs over.
        of: usize,
        /// The cursor after the pick.
        next: usize,
    },
    /// Smooth weighted round robin: every eligible server's current weight before and after the
    /// pick (`servers[i]` has `before[i]`, `after[i]`), and the total weight subtracted.
    SmoothWeights {
        /// Pool indices of the eligible servers.
        servers: Vec<usize>,
        /// Their effective weights.
        weights: Vec<i64>,
        /// Current weights before the pick, plus each server's weight.
        before: Vec<i64>,
        /// Current weights after the winner lost `total`.
        after: Vec<i64>,
        /// Sum of the effective weights.
        total: i64,
    },
    /// A random draw: `index` in `0..range`.
    Random {
        /// Size of the range drawn from.
        range: u64,
        /// The draw.
        index: u64,
    },
    /// A load score considered (least connections, least response time, EWMA cost).
    Score {
        /// Pool index.
        server: usize,
        /// Its score; lower is better.
        score: f64,
    },
    /// Power of two choices: the two candidates and their scores (lower wins).
    Candidates {
        /// Pool indices of the two candidates.
        servers: [usize; 2],
        /// Their scores, in the same order.
        scores: [f64; 2],
    },
    /// Ring: the search was narrowed to sorted points `lo..hi` (an index over the hash's top
    /// bits, or the whole ring).
    RingRange {
        /// First sorted point searched.
        lo: usize,
        /// One past the last point searched.
        hi: usize,
        /// Points on the ring.
        of: usize,
    },
    /// Ring: one probe of the binary search.
    RingProbe {
        /// Lower bound of the search, a point index.
        lo: usize,
        /// Upper bound (exclusive).
        hi: usize,
        /// The point probed.
        mid: usize,
        /// Its hash value.
        point: u64,
        /// Which half the search kept.
        went: Direction,
    },
    /// Ring: the first point clockwise of the key, and its owner.
    RingPoint {
        /// The point's index among the sorted points.
        index: usize,
        /// Its hash value.
        point: u64,
        /// Pool index of the server that owns it.
        owner: usize,
        /// The key hashed past the last point and wrapped to the first.
        wrapped: bool,
    },
    /// Ring walk: the point's owner was passed over because it may not take new requests
    /// (nginx keeps the points of `down` servers on its ring and walks past them). `reason`
    /// is the server's state.
    RingSkip {
        /// The point's index among the sorted points.
        index: usize,
        /// Pool index of its owner.
        owner: usize,
        /// Why the owner may not take the request.
        reason: Unavailable,
    },
    /// Bounded loads: a server passed over because it is at capacity `⌈c·(m+1)·wᵢ/W⌉`.
    AtCapacity {
        /// Pool index.
        server: usize,
        /// Its requests in flight.
        load: u64,
        /// Its cap.
        capacity: u64,
    },
    /// Maglev: the key's slot in the lookup table and its owner.
    MaglevSlot {
        /// The key's slot, `hash mod table_size`.
        slot: usize,
        /// Slots in the table (a prime).
        table_size: usize,
        /// Pool index of the slot's server.
        owner: usize,
    },
    /// Rendezvous: one server's score for this key (the highest wins).
    RendezvousScore {
        /// Pool index.
        server: usize,
        /// Its weighted score for this key.
        score: f64,
    },
    /// Skeleton-based rendezvous (more than 16 slots): node `node` of tree level `level` (1: its
    /// children are slots, which servers hold; higher: its children are nodes of the level
    /// below) scored its children `first, first + 1, …` by weighted HRW with their fixed weights
    /// (the sums of their slots' weights, tombstones and ineligible servers included);
    /// `scores[i]` is child `first + i`'s, and `chosen` (a child's number at the level below) has
    /// the highest. `attempt` counts descents from the root: one that ends on a dead slot starts
    /// again.
    RendezvousNode {
        /// Descents from the root so far, from 0.
        attempt: u64,
        /// Tree level, 1 just above the slots.
        level: u32,
        /// The node's index within its level.
        node: usize,
        /// Index of its first child.
        first: usize,
        /// Each child's weight (live slots under it).
        weights: Vec<u64>,
        /// Each child's score for this key.
        scores: Vec<f64>,
        /// The child with the highest score.
        chosen: usize,
    },
    /// Jump consistent hash: one jump of the loop, from bucket `from` to candidate `to`.
    Jump {
        /// Bucket before the jump.
        from: i64,
        /// Candidate after it (the loop ends once it reaches the bucket count).
        to: i64,
    },
    /// JumpBackHash: a candidate bucket of the range `[low, 2·low)` (the key's chain jumps into
    /// that range); it is the bucket if it is below B, else the range draws again. `low` = 0:
    /// no range is left, bucket 0.
    JumpBack {
        /// Start of the range `[low, 2·low)`.
        low: u64,
        /// The bucket drawn in it.
        candidate: u64,
    },
    /// Multi-probe consistent hashing: probe `probe` (0-based) of the key, at `hash` = h₁ +
    /// probe · h₂, found sorted point `index` at `point`, of server `owner`, `distance` = point −
    /// hash (mod 2⁶⁴) clockwise; `nearest`: no earlier probe came as near (the winner so far).
    MultiProbe {
        /// Which probe (from 0).
        probe: u32,
        /// The probe's hash, h₁ + probe · h₂.
        hash: u64,
        /// The sorted point found clockwise from the probe.
        index: usize,
        /// That point's position on the circle.
        point: u64,
        /// The point's server (pool index).
        owner: usize,
        /// Clockwise distance from the probe to the point (mod 2⁶⁴).
        distance: u64,
        /// Whether no earlier probe came as near.
        nearest: bool,
    },
    /// Prequal: a probe in the pool, `age_ns` old: `server` answered `rif` requests in flight
    /// (plus one per pick it served, `uses`) and a latency of `latency_ms`; `hot` when its RIF
    /// is above the pool's quantile.
    PrequalProbe {
        /// The probed server (pool index).
        server: usize,
        /// Its requests in flight when it answered.
        rif: u32,
        /// Its latency at that load, in milliseconds.
        latency_ms: f64,
        /// How long ago it answered, in simulated ns.
        age_ns: u64,
        /// Picks this probe has served.
        uses: u32,
        /// Whether its RIF is above the pool's quantile.
        hot: bool,
    },
    /// Envoy's least request, equal weights: one of the `choice_count` uniform draws, and
    /// whether it became the candidate (the first draw, or strictly fewer requests active than
    /// the candidate so far).
    LeastRequestChoice {
        /// Pool index drawn.
        server: usize,
        /// Its requests in flight.
        active: u64,
        /// It is the candidate now.
        kept: bool,
    },
    /// Envoy's EDF schedule: `server` had the earliest deadline, and goes back one period,
    /// `1 / effective`, later, with `effective = weight / (active + 1)^bias`.
    EdfPick {
        /// Pool index.
        server: usize,
        /// Its deadline, the schedule's time now.
        deadline: f64,
        /// Its configured weight.
        weight: u32,
        /// Its requests in flight.
        active: u64,
        /// `active_request_bias`.
        bias: f64,
        /// Its effective weight.
        effective: f64,
    },
    /// Envoy's slow start: `server` came up `elapsed_ms` ago, within the `window_ms` window, so
    /// its effective weight was multiplied by `factor`, giving `weight`.
    SlowStart {
        /// Pool index.
        server: usize,
        /// Milliseconds since it came up.
        elapsed_ms: u64,
        /// `slow_start_window` in milliseconds.
        window_ms: u64,
        /// `max((elapsed / window)^(1 / aggression), min_weight_percent)`.
        factor: f64,
        /// Its effective weight with the factor: the weight it was scheduled with.
        weight: f64,
    },
    /// Something the seed's code does wrong happened on this pick.
    SeedDefect(SeedDefect),
    /// Anything else worth saying.
    Note(Note),
    /// The server chosen.
    Chosen {
        /// Pool index.
        server: usize,
    },
}

/// Why a server may not take a new request (a ring walk's skip, a dead slot or bucket).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unavailable {
    /// The server left the pool: its slot or bucket is a tombstone.
    Left,
    /// Failed its health checks.
    Unhealthy,
    /// At its connection limit.
    Overloaded,
    /// Taken out by an operator.
    Maintenance,
    /// Finishing its requests, taking no new ones.
    Draining,
    /// Weight 0: in the pool, never picked.
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
    ScoredAsMean {
        /// The mean time to success, in milliseconds.
        mean_ms: f64,
    },
    /// Power of two choices: one eligible server, no choice to make.
    OneEligible,
    /// Power of d choices: `d` of the `of` eligible servers are compared (all of them when
    /// `d` = `of`), the lowest connections / weight wins.
    Choices {
        /// Candidates compared.
        d: usize,
        /// Eligible servers.
        of: usize,
    },
    /// Join-Idle-Queue: `server` is at the head of the I-queue (it reported idle); `waiting`
    /// more idle servers are listed behind it.
    IdleQueueHead {
        /// The server at the head (pool index).
        server: usize,
        /// Idle servers listed behind it.
        waiting: usize,
    },
    /// Join-Idle-Queue: `server` was at the head of the I-queue but may no longer take
    /// requests (`why`): its entry is dropped.
    IdleQueueDropped {
        /// The server dropped (pool index).
        server: usize,
        /// Why it may not take the request.
        why: Unavailable,
    },
    /// Join-Idle-Queue: no idle server is listed: a random server, in proportion to weight.
    IdleQueueEmpty,
    /// Prequal: this pick sent `count` probes (answered later, or at once without a simulator).
    ProbesSent {
        /// Probes sent.
        count: usize,
    },
    /// Prequal: no probe in the pool: a random server, in proportion to weight.
    ProbePoolEmpty,
    /// Prequal: `probes` probes in the pool; hot above RIF `threshold`, the `quantile` quantile
    /// of the recent answers.
    ProbePool {
        /// Probes in the pool.
        probes: usize,
        /// The quantile of recent RIFs that splits hot from cold.
        quantile: f64,
        /// The RIF at that quantile.
        threshold: u32,
    },
    /// Prequal: the cold probe with the lowest latency wins: `server`'s, used `uses` of `reuse`
    /// times.
    ColdProbeWins {
        /// The winner (pool index).
        server: usize,
        /// Picks its probe has served, this one included.
        uses: u32,
        /// The most picks a probe may serve.
        reuse: u32,
    },
    /// Prequal: every probe is hot: the lowest RIF wins, `server`'s, used `uses` of `reuse` times.
    AllProbesHot {
        /// The winner (pool index).
        server: usize,
        /// Picks its probe has served, this one included.
        uses: u32,
        /// The most picks a probe may serve.
        reuse: u32,
    },
    /// MementoHash and AnchorHash: `bucket` was removed when `working` buckets were left, so the
    /// key, hashed with seed `seed` to `hash`, goes to bucket `hash mod working` = `to`.
    MementoRehash {
        /// The removed bucket the key landed on.
        bucket: usize,
        /// Buckets still working when it was removed.
        working: usize,
        /// Seed of the rehash.
        seed: u64,
        /// The key's hash with that seed.
        hash: u64,
        /// `hash mod working`: the next bucket tried.
        to: usize,
    },
    /// MementoHash and AnchorHash: `bucket` was removed after the bucket being replaced; its
    /// replacer `to` stands in for it.
    MementoFollow {
        /// The removed bucket.
        bucket: usize,
        /// Its replacer.
        to: usize,
    },
    /// AnchorHash: the key's hash `hash` mod the anchor's size `anchor` is `bucket`, where the
    /// lookup starts.
    AnchorBucket {
        /// The key's hash.
        hash: u64,
        /// The anchor's size: buckets ever available.
        anchor: usize,
        /// `hash mod anchor`.
        bucket: usize,
    },
    /// nginx's ip_hash: `hash mod total` = `point` falls in `server`'s run of weight; `up`: it
    /// may take the request (else nginx hashes again).
    IpHashPoint {
        /// `hash mod total`.
        point: u64,
        /// Sum of the weights.
        total: u64,
        /// Pool index of the server whose run holds `point`.
        server: usize,
        /// Whether it may take the request.
        up: bool,
    },
    /// nginx's smooth weighted round robin instead of the hash: fewer than two servers
    /// configured (`tries` = 0), or 21 hashes found no server up.
    NginxRoundRobin {
        /// Hashes tried before giving up.
        tries: u32,
    },
    /// Peak EWMA: the server drawn is the only one of its weight class, so no second candidate.
    WeightClassOfOne {
        /// The weight of the class.
        weight: u32,
    },
    /// nginx's ring is not used for an empty key or a single server: its weighted round robin.
    NginxNoRing,
    /// nginx walked `points` points without an eligible owner: its weighted round robin.
    NginxFallback {
        /// Points walked.
        points: usize,
    },
    /// Jump: bucket `bucket` of `buckets` is live and belongs to `server`.
    BucketOwner {
        /// The bucket.
        bucket: usize,
        /// Buckets in all, removed ones included.
        buckets: usize,
        /// Pool index of its server.
        server: usize,
    },
    /// Skeleton rendezvous: slot `slot` belongs to `server`.
    SlotOwner {
        /// The slot.
        slot: usize,
        /// Pool index of its server.
        server: usize,
    },
    /// Jump or skeleton rendezvous: `index` (a bucket or a slot, by `retry`) is dead because
    /// `why` (its owner `owner`, none for a tombstone); try again with seed `seed`.
    DeadSlot {
        /// Whether `index` is a bucket or a slot.
        retry: Retry,
        /// The dead bucket or slot.
        index: usize,
        /// Pool index of its owner; `None` for a tombstone.
        owner: Option<usize>,
        /// Why it is dead.
        why: Unavailable,
        /// Seed of the next try.
        seed: u64,
    },
    /// Jump: `attempts` jumps hit no live bucket; the live bucket with the highest
    /// XXH3-64(bucket, seed `seed`) wins: `bucket`, of `server`.
    JumpFallback {
        /// Jumps tried.
        attempts: u64,
        /// Seed of the fallback's scores.
        seed: u64,
        /// The winning live bucket.
        bucket: usize,
        /// Pool index of its server.
        server: usize,
    },
    /// Skeleton rendezvous: `slots` slots, more than `fanout`, so the key descends a virtual tree
    /// of `levels` levels.
    SkeletonTree {
        /// Slots, live and dead.
        slots: usize,
        /// Children per tree node.
        fanout: usize,
        /// Levels of nodes above the slots.
        levels: usize,
    },
    /// Skeleton rendezvous: `attempts` descents ended on dead slots; the flat choice over the
    /// eligible servers is `server`.
    RendezvousFallback {
        /// Descents tried.
        attempts: u64,
        /// Pool index of the flat choice.
        server: usize,
    },
    /// Weighted random's alias table: column `column` keeps `keep` of `total` units; the draw
    /// `drew` within it gives the column itself, or its alias `alias`.
    AliasDraw {
        /// The column drawn uniformly.
        column: usize,
        /// Units of the column that stay with it.
        keep: u64,
        /// Units per column.
        total: u64,
        /// The second draw, in `0..total`; below `keep` keeps the column.
        drew: u64,
        /// The column's alias (pool index), if it has one.
        alias: Option<usize>,
    },
    /// The seed's weighted round robin: its `current_weight` went from `before` to `after`.
    SeedCurrentWeight {
        /// `current_weight` before the pick.
        before: u64,
        /// `current_weight` after.
        after: u64,
        /// The server's weight.
        weight: u64,
    },
    /// The seed's IP hash in Python: `hash(key_repr) = hash`, `hash % n = index`.
    PythonHash {
        /// The key as Python's `repr` writes it.
        key_repr: String,
        /// Python's salted `hash()` of it.
        hash: i64,
        /// Healthy servers.
        n: usize,
        /// `hash % n` (Python's modulo, never negative).
        index: usize,
    },
    /// The seed's ring: a linear scan compared `scanned` of `total` sorted points; a binary
    /// search needs about `binary`.
    LinearScan {
        /// Points compared.
        scanned: usize,
        /// Points on the ring.
        total: usize,
        /// Comparisons a binary search would need, ⌈log₂(total + 1)⌉.
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
    StaleRing {
        /// Pool index.
        server: usize,
        /// Its status now.
        status: Status,
    },
    /// `server` is draining, but the seed has no draining.
    IgnoresDraining {
        /// Pool index.
        server: usize,
    },
    /// `server` has weight 0, but the seed never excludes weight 0.
    IgnoresWeightZero {
        /// Pool index.
        server: usize,
    },
    /// Round robin's cursor `cursor` is past the end of its `healthy` servers: `IndexError`.
    IndexError {
        /// The cursor.
        cursor: usize,
        /// Healthy servers.
        healthy: usize,
    },
    /// Weighted round robin: `server` at cursor `cursor` has weight 0, so `while True` never
    /// returns.
    InfiniteLoop {
        /// Pool index.
        server: usize,
        /// The cursor.
        cursor: usize,
    },
    /// Weighted round robin: `server` gets its whole weight `weight` in a row (this is pick
    /// `pick` of them).
    Bursty {
        /// Pool index.
        server: usize,
        /// Its weight.
        weight: u64,
        /// Which pick of the burst, from 1.
        pick: u64,
    },
    /// IP hash: Python salts `hash()` of a str per process (`hash_seed`), and `hash % n` moves
    /// almost every key when the list changes length.
    SaltedHash {
        /// The emulated `PYTHONHASHSEED`.
        hash_seed: u32,
        /// Healthy servers.
        n: usize,
    },
    /// Least response time: `server` has no successful response yet, so the seed scores it 0.0.
    ColdStart {
        /// Pool index.
        server: usize,
    },
    /// Least response time: `failures` failed requests to `server` were never recorded.
    UnrecordedFailures {
        /// Failures not recorded.
        failures: u64,
        /// Pool index.
        server: usize,
    },
    /// Consistent hash: the ring is keyed on the request's random uuid4 id (its hash `hash`,
    /// `PYTHONHASHSEED=hash_seed`).
    NoAffinity {
        /// The id's salted hash.
        hash: i64,
        /// The emulated `PYTHONHASHSEED`.
        hash_seed: u32,
    },
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

    /// Whether steps are being recorded (so callers can skip building them).
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
