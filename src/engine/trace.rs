//! Explanations of picks: the steps a strategy took, recorded by the very code that picked.
//!
//! A pick records steps only when asked ([`Explain::on`]); [`Explain::step`] takes a closure, so
//! the plain pick path builds nothing and allocates nothing. The UI's step-through views and the
//! live narration read these steps; they never recompute a pick.

use serde::Serialize;

use super::hashing::HashFunction;
use super::model::KeySource;

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
    /// names the server's state ("unhealthy", "maintenance", "draining", ...).
    RingSkip {
        index: usize,
        owner: usize,
        reason: String,
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
    /// Something the seed's code does wrong happened on this pick.
    SeedDefect { defect: String },
    /// Free text for anything else worth saying.
    Note { text: String },
    /// The server chosen.
    Chosen { server: usize },
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
