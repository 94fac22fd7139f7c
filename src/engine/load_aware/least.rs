//! Least connections and least response time, over an index of the eligible
//! servers kept up to date by every load change, instead of the seed's scan of all of them.
//!
//! The index is a tournament tree (a segment tree of argmins): leaf `i` is the i-th eligible
//! server, each inner node holds the better of its two children, the root the best server. A load
//! change replays the matches on one leaf-to-root path, O(log n); reading the best server is
//! O(1). This is how the corrected strategies beat the seed's O(n) `min()` (the seed's code in
//! `least_conn`-style balancers such as nginx's is a scan too).
//!
//! **Ties.** The seed's `min()` takes the first server on ties, which, with no live load, sends
//! everything to server 1. Here ties go to the server with the lowest *fair-share tag*, as in
//! start-time fair queueing (Goyal, Vin and Cheng, SIGCOMM 1996): each pick advances the winner's
//! tag by one stride, from no earlier than the tag of the last winner (so a server that sat out
//! gains at most one tie, not a backlog of them). In an idle pool this is round robin. Equal tags
//! fall to pool order. Tags restart at every pool change.
//!
//! **least_connections** scores `connections`, whatever the weights.
//! **weighted_least_connections** is nginx's `least_conn`, rule for rule, in `nginx.rs`: an O(n)
//! scan whose ties go to nginx's smooth weighted round robin among the tied servers.
//!
//! **least_response_time** (the seed's "lowest mean of the window", corrected). The seed gives a
//! server without samples a mean of 0, so it takes every request until one returns, and never
//! records failures, so a server that fails fast looks fastest. Here a server's *time to
//! success* `T` is the time it spent on the requests of its window (the last 100) per success,
//! a failure costing at least what a success costs it:
//!
//! `T = (Σ success latencies + max(Σ failure latencies, failures × mean success latency)) / successes`
//!
//! which is the mean latency for a server that never fails, mean / success-ratio for one that
//! fails fast, and the real time per success for one that fails slowly (timeouts). The score of a
//! new request is `T × (in_flight + 1)`, as NGINX Plus's `least_time` weighs in active
//! connections: the time of the work queued ahead of it. A server with no success in its window
//! (new, or only failing) is scored as an average server penalised by its failures:
//! `T̄ × (failures + 1) × (in_flight + 1)`, `T̄` the mean `T` of the eligible servers that have
//! successes (1 ms when none has; then only the integer factors matter). So a new server gets
//! about an average share until it answers, not everything and not nothing, and a server that
//! only fails, fast or slow, drops out as failures fill its window, yet is still tried now and
//! then. `T` is floored at [`MIN_TIME_MS`] so the in-flight factor keeps its grip even on a
//! server that answers in zero time.
//!
//! Servers with and without successes sit in two tournament trees (ordered by `T × (in_flight+1)`
//! and by the integer `(failures+1)·(in_flight+1)`), and a sum tree keeps `Σ T` for `T̄` without
//! drift; a pick compares the two roots. Plain float arithmetic (no transcendental functions), so
//! scores are bit-identical natively and in wasm.
//!
//! Cost: O(log n) per pick (the root is read in O(1); the winner's tie tag is replayed up its
//! path, in the one tree it sits in); O(log n) per load change, plus O(window) to re-read the window when a request finishes
//! (least response time); O(n) per pool change.

use crate::engine::model::{LoadEvent, Pool, PoolChange, ResponseWindow};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// An empty leaf or node.
const NONE: u32 = u32::MAX;

/// A tournament tree over positions `0..n`: `node[1]` is the best present position, `node[k]`
/// the best of `node[2k]` and `node[2k+1]`, leaves at `size..2·size`.
#[derive(Clone, Debug, Default)]
struct Tournament {
    size: usize,
    node: Vec<u32>,
}

impl Tournament {
    /// A tree over `n` positions, `present(i)` saying which take part.
    fn new(n: usize, present: impl Fn(usize) -> bool, better: impl Fn(u32, u32) -> bool) -> Self {
        let size = n.next_power_of_two().max(1);
        let mut node = vec![NONE; 2 * size];
        for (i, leaf) in node[size..size + n].iter_mut().enumerate() {
            if present(i) {
                *leaf = i as u32;
            }
        }
        for k in (1..size).rev() {
            node[k] = Self::play(node[2 * k], node[2 * k + 1], &better);
        }
        Self { size, node }
    }

    #[inline(always)]
    fn play(a: u32, b: u32, better: &impl Fn(u32, u32) -> bool) -> u32 {
        if a == NONE || b == NONE {
            return a.min(b);
        }
        // A conditional move, not a branch: which side wins is what no predictor can guess.
        std::hint::select_unpredictable(better(b, a), b, a)
    }

    /// Position `pos` no longer takes part: replay its path.
    fn remove(&mut self, pos: usize, better: impl Fn(u32, u32) -> bool) {
        let mut k = self.size + pos;
        self.node[k] = NONE;
        k /= 2;
        while k >= 1 {
            self.node[k] = Self::play(self.node[2 * k], self.node[2 * k + 1], &better);
            k /= 2;
        }
    }

    /// Position `pos`, present, changed its key: replay its path carrying the key of the match's
    /// winner up in registers, so each level waits only on one comparison, not on loading the
    /// last winner's key (the siblings' keys load ahead). Matches are played as
    /// [`Self::play`] plays them, given an order that is total, as the ones here are (ties end
    /// in position order).
    #[inline]
    fn update_keyed<K: Copy>(
        &mut self,
        pos: usize,
        key: impl Fn(u32) -> K,
        better: impl Fn(&K, &K) -> bool,
    ) {
        let mut k = self.size + pos;
        let (mut winner, mut winner_key) = (pos as u32, key(pos as u32));
        self.node[k] = winner;
        while k > 1 {
            let sibling = self.node[k ^ 1];
            if sibling != NONE {
                let sibling_key = key(sibling);
                // Conditional moves, not branches: which side wins is what no predictor guesses.
                let wins = better(&sibling_key, &winner_key);
                winner = std::hint::select_unpredictable(wins, sibling, winner);
                winner_key = std::hint::select_unpredictable(wins, sibling_key, winner_key);
            }
            k /= 2;
            self.node[k] = winner;
        }
    }

    #[inline]
    fn winner(&self) -> Option<usize> {
        let w = self.node[1];
        (w != NONE).then_some(w as usize)
    }
}

/// A sum tree over positions: `Σ` and count of the present values, recomputed along one path per
/// update, so the total never accumulates rounding drift.
#[derive(Clone, Debug, Default)]
struct SumTree {
    size: usize,
    sum: Vec<f64>,
    count: Vec<u32>,
}

impl SumTree {
    fn new(n: usize) -> Self {
        let size = n.next_power_of_two().max(1);
        Self {
            size,
            sum: vec![0.0; 2 * size],
            count: vec![0; 2 * size],
        }
    }

    fn set(&mut self, pos: usize, value: Option<f64>) {
        let mut k = self.size + pos;
        self.sum[k] = value.unwrap_or(0.0);
        self.count[k] = u32::from(value.is_some());
        k /= 2;
        while k >= 1 {
            self.sum[k] = self.sum[2 * k] + self.sum[2 * k + 1];
            self.count[k] = self.count[2 * k] + self.count[2 * k + 1];
            k /= 2;
        }
    }

    /// Mean of the present values, if any.
    fn mean(&self) -> Option<f64> {
        (self.count[1] > 0).then(|| self.sum[1] / f64::from(self.count[1]))
    }
}

/// The unit of tie tags: a weight-1 server advances by this much per pick.
const TAG_UNIT: u64 = 1 << 40;

/// The tie rule every order here ends with: the lower tag, then the lower position. With `&` and
/// `|` on bools, so no branch guesses at tags.
#[inline(always)]
fn tie_before(tag_a: u128, a: u32, tag_b: u128, b: u32) -> bool {
    (tag_a < tag_b) | ((tag_a == tag_b) & (a < b))
}

/// Start-time fair-queueing tags that break ties (see the module doc).
#[derive(Clone, Debug, Default)]
struct TieTags {
    stride: Vec<u64>,
    tag: Vec<u128>,
    /// The start tag of the last winner: nobody restarts below it.
    now: u128,
}

impl TieTags {
    fn new(weights: impl Iterator<Item = u32>) -> Self {
        let stride: Vec<u64> = weights.map(|w| TAG_UNIT / u64::from(w.max(1))).collect();
        // Half a stride first, so heavy servers interleave with light ones from the start.
        let tag = stride.iter().map(|&s| u128::from(s / 2)).collect();
        Self {
            stride,
            tag,
            now: 0,
        }
    }

    fn picked(&mut self, pos: usize) {
        let start = self.tag[pos].max(self.now);
        self.now = start;
        self.tag[pos] = start + u128::from(self.stride[pos]);
    }

    /// `a` wins a tie with `b`.
    #[inline(always)]
    fn before(&self, a: u32, b: u32) -> bool {
        let (ta, tb) = (self.tag[a as usize], self.tag[b as usize]);
        tie_before(ta, a, tb, b)
    }
}

/// The eligible servers of a pool and where each pool index sits among them.
#[derive(Clone, Debug, Default)]
struct Positions {
    /// Position → pool index.
    servers: Vec<usize>,
    /// Pool index → position, or [`NONE`] when not eligible.
    position_of: Vec<u32>,
}

impl Positions {
    fn new(pool: &Pool) -> Self {
        let servers = pool.eligible().to_vec();
        let mut position_of = vec![NONE; pool.len()];
        for (p, &s) in servers.iter().enumerate() {
            position_of[s] = p as u32;
        }
        Self {
            servers,
            position_of,
        }
    }

    #[inline]
    fn of(&self, server: usize) -> Option<usize> {
        match self.position_of.get(server) {
            Some(&p) if p != NONE => Some(p as usize),
            _ => None,
        }
    }
}

/// Least connections.
#[derive(Clone, Debug, Default)]
pub struct LeastConnections {
    at: Positions,
    connections: Vec<u32>,
    /// Weights in the order's sense: all 1 (least connections ignores server weights); the
    /// order and the tie tags are written for any weights.
    weights: Vec<u32>,
    ties: TieTags,
    tree: Tournament,
}

/// The full order of least connections: `connections / weight`, then the tie tag.
#[derive(Clone, Copy)]
struct ConnectionOrder<'a> {
    connections: &'a [u32],
    weights: &'a [u32],
    ties: &'a TieTags,
}

/// What the order of least connections reads of a position, loaded once per match.
#[derive(Clone, Copy)]
struct ConnectionKey {
    connections: u32,
    weight: u32,
    tag: u128,
    position: u32,
}

impl ConnectionKey {
    /// `a` before `b`: fewer connections per weight (`cₐ·w_b < c_b·wₐ`), then the lower tie tag,
    /// then pool order. With `&` and `|` on bools, so no branch guesses at tie tags.
    #[inline(always)]
    fn before(a: &Self, b: &Self) -> bool {
        let lhs = u64::from(a.connections) * u64::from(b.weight);
        let rhs = u64::from(b.connections) * u64::from(a.weight);
        (lhs < rhs) | ((lhs == rhs) & tie_before(a.tag, a.position, b.tag, b.position))
    }
}

impl ConnectionOrder<'_> {
    #[inline(always)]
    fn key(self, p: u32) -> ConnectionKey {
        let i = p as usize;
        ConnectionKey {
            connections: self.connections[i],
            weight: self.weights[i],
            tag: self.ties.tag[i],
            position: p,
        }
    }

    #[inline]
    fn better(self, a: u32, b: u32) -> bool {
        ConnectionKey::before(&self.key(a), &self.key(b))
    }

    fn score(self, p: usize) -> f64 {
        f64::from(self.connections[p]) / f64::from(self.weights[p])
    }
}

impl LeastConnections {
    fn order(&self) -> ConnectionOrder<'_> {
        ConnectionOrder {
            connections: &self.connections,
            weights: &self.weights,
            ties: &self.ties,
        }
    }

    /// Position `p`'s key changed: replay its path, O(log n).
    fn replay(&mut self, p: usize) {
        let order = ConnectionOrder {
            connections: &self.connections,
            weights: &self.weights,
            ties: &self.ties,
        };
        self.tree
            .update_keyed(p, |q| order.key(q), ConnectionKey::before);
    }

    fn reset(&mut self, pool: &Pool) {
        self.at = Positions::new(pool);
        self.connections = self
            .at
            .servers
            .iter()
            .map(|&s| pool.server(s).load.connections)
            .collect();
        self.weights = vec![1; self.at.servers.len()];
        self.ties = TieTags::new(self.weights.iter().copied());
        let order = self.order();
        self.tree = Tournament::new(self.at.servers.len(), |_| true, |a, b| order.better(a, b));
    }

    /// The tree agrees with a scan of the pool: for tests.
    #[cfg(test)]
    fn check(&self, pool: &Pool) {
        assert_eq!(self.at.servers, pool.eligible());
        for (p, &s) in self.at.servers.iter().enumerate() {
            assert_eq!(self.connections[p], pool.server(s).load.connections);
        }
        let order = self.order();
        let scan =
            (0..self.at.servers.len() as u32).reduce(|a, b| if order.better(b, a) { b } else { a });
        assert_eq!(self.tree.winner(), scan.map(|p| p as usize));
    }
}

impl Strategy for LeastConnections {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self::default();
        s.reset(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let winner = self.tree.winner().ok_or(PickError::NoEligibleServer)?;
        if ctx.explain.is_on() {
            // Every eligible server is considered (the tree holds them all): each one's score,
            // in pool order, so the explanation never reads like two random candidates.
            let order = self.order();
            for (p, &server) in self.at.servers.iter().enumerate() {
                ctx.explain.step(|| Step::Score {
                    server,
                    score: order.score(p),
                });
            }
            let best = order.score(winner);
            if (0..self.at.servers.len()).any(|p| p != winner && order.score(p) == best) {
                ctx.explain.step(|| Step::Note(Note::TieByFairShare));
            }
        }
        self.ties.picked(winner);
        self.replay(winner);
        Ok(self.at.servers[winner])
    }

    fn load_changed(&mut self, pool: &Pool, server: usize, _event: LoadEvent) {
        let Some(p) = self.at.of(server) else {
            return;
        };
        self.connections[p] = pool.server(server).load.connections;
        self.replay(p);
    }
}

/// The least time to success a server is credited with, in ms (1 µs).
pub const MIN_TIME_MS: f64 = 0.001;

/// `T̄` when no eligible server has a success: any positive constant orders the same.
const NEUTRAL_TIME_MS: f64 = 1.0;

/// What least response time reads from a window: `T` if there is a success, and the failures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WindowSummary {
    /// Time to success, ms (see the module doc); `None` without a success in the window.
    pub time_to_success: Option<f64>,
    /// Failed requests in the window.
    pub failures: u32,
}

/// Summarise a response window. Negative or NaN latencies (never produced by the simulator) are
/// read as 0 so that no input can poison the order.
pub fn summarise(window: &ResponseWindow) -> WindowSummary {
    let (mut ok_sum, mut ok_n, mut fail_sum, mut fail_n) = (0.0f64, 0u32, 0.0f64, 0u32);
    for (ms, ok) in window.outcomes() {
        let ms = if ms >= 0.0 { ms } else { 0.0 };
        if ok {
            ok_sum += ms;
            ok_n += 1;
        } else {
            fail_sum += ms;
            fail_n += 1;
        }
    }
    let time_to_success = (ok_n > 0).then(|| {
        let successes = f64::from(ok_n);
        let mean_ok = ok_sum / successes;
        let failure_cost = fail_sum.max(f64::from(fail_n) * mean_ok);
        ((ok_sum + failure_cost) / successes).max(MIN_TIME_MS)
    });
    WindowSummary {
        time_to_success,
        failures: fail_n,
    }
}

/// Per eligible server: what the order of least response time reads.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct TimeLeaf {
    summary: WindowSummary,
    /// `T × (in_flight + 1)`, for servers with a success.
    score: f64,
    /// `(failures + 1) × (in_flight + 1)`, for servers without.
    penalty: u64,
}

impl TimeLeaf {
    fn new(in_flight: u32, summary: WindowSummary) -> Self {
        let factor = u64::from(in_flight) + 1;
        Self {
            summary,
            score: summary.time_to_success.unwrap_or(0.0) * factor as f64,
            penalty: (u64::from(summary.failures) + 1) * factor,
        }
    }

    fn answered(&self) -> bool {
        self.summary.time_to_success.is_some()
    }
}

/// Least response time, corrected (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct LeastResponseTime {
    at: Positions,
    leaves: Vec<TimeLeaf>,
    ties: TieTags,
    /// Servers with a success in their window, by `score`.
    answered: Tournament,
    /// Servers without, by `penalty`.
    unanswered: Tournament,
    times: SumTree,
}

#[derive(Clone, Copy)]
struct TimeOrder<'a> {
    leaves: &'a [TimeLeaf],
    ties: &'a TieTags,
}

/// What either tree of least response time compares, loaded once per match: a score as an
/// integer in the score's order, then the tie tag, then pool order.
#[derive(Clone, Copy)]
struct TimeKey {
    score: u64,
    tag: u128,
    position: u32,
}

impl TimeKey {
    /// `a` before `b`, with `&` and `|` on bools, so no branch guesses at tie tags.
    #[inline(always)]
    fn before(a: &Self, b: &Self) -> bool {
        (a.score < b.score)
            | ((a.score == b.score) & tie_before(a.tag, a.position, b.tag, b.position))
    }
}

/// `x`'s bits mapped so that unsigned order is [`f64::total_cmp`]'s order.
#[inline(always)]
fn total_order_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    bits ^ ((((bits as i64) >> 63) as u64) | (1 << 63))
}

impl TimeOrder<'_> {
    #[inline(always)]
    fn key(self, p: u32, score: u64) -> TimeKey {
        TimeKey {
            score,
            tag: self.ties.tag[p as usize],
            position: p,
        }
    }

    /// The answered tree's key: `T × (in_flight + 1)`.
    #[inline(always)]
    fn score_key(self, p: u32) -> TimeKey {
        self.key(p, total_order_bits(self.leaves[p as usize].score))
    }

    /// The unanswered tree's key: `(failures + 1) × (in_flight + 1)`.
    #[inline(always)]
    fn penalty_key(self, p: u32) -> TimeKey {
        self.key(p, self.leaves[p as usize].penalty)
    }

    #[inline]
    fn by_score(self, a: u32, b: u32) -> bool {
        TimeKey::before(&self.score_key(a), &self.score_key(b))
    }

    #[inline]
    fn by_penalty(self, a: u32, b: u32) -> bool {
        TimeKey::before(&self.penalty_key(a), &self.penalty_key(b))
    }
}

impl LeastResponseTime {
    fn reset(&mut self, pool: &Pool) {
        self.at = Positions::new(pool);
        let n = self.at.servers.len();
        self.leaves = self
            .at
            .servers
            .iter()
            .map(|&s| {
                let load = &pool.server(s).load;
                TimeLeaf::new(load.connections, summarise(&load.window))
            })
            .collect();
        self.ties = TieTags::new(std::iter::repeat_n(1, n));
        self.times = SumTree::new(n);
        for (p, leaf) in self.leaves.iter().enumerate() {
            self.times.set(p, leaf.summary.time_to_success);
        }
        let order = TimeOrder {
            leaves: &self.leaves,
            ties: &self.ties,
        };
        let leaves = &self.leaves;
        self.answered = Tournament::new(n, |p| leaves[p].answered(), |a, b| order.by_score(a, b));
        self.unanswered =
            Tournament::new(n, |p| !leaves[p].answered(), |a, b| order.by_penalty(a, b));
    }

    /// `T̄`: the mean time to success of the eligible servers that have one.
    fn mean_time(&self) -> f64 {
        self.times.mean().unwrap_or(NEUTRAL_TIME_MS)
    }

    /// The score of position `p` as the pick compares it.
    fn score(&self, p: usize, mean_time: f64) -> f64 {
        let leaf = &self.leaves[p];
        if leaf.answered() {
            leaf.score
        } else {
            mean_time * leaf.penalty as f64
        }
    }

    /// `a` beats `b` across the two trees.
    fn better(&self, a: usize, b: usize, mean_time: f64) -> bool {
        match self
            .score(a, mean_time)
            .total_cmp(&self.score(b, mean_time))
        {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => self.ties.before(a as u32, b as u32),
        }
    }

    fn best_of(&self, a: Option<usize>, b: Option<usize>, mean_time: f64) -> Option<usize> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if self.better(b, a, mean_time) { b } else { a }),
            (a, None) => a,
            (None, b) => b,
        }
    }

    /// Replay position `p` after a change to its leaf or its tie tag. Only a new window summary
    /// (`summary_changed`) can change `T` (the sum tree) or move `p` from one tree to the other;
    /// otherwise `p` stays in the tree it is in and only that tree's path is replayed, which is
    /// what keeps a pick to one O(log n) path (the other tree and the sum tree would replay to
    /// the very values they hold).
    fn replay(&mut self, p: usize, summary_changed: bool) {
        let answered = self.leaves[p].answered();
        if summary_changed {
            self.times.set(p, self.leaves[p].summary.time_to_success);
        }
        let order = TimeOrder {
            leaves: &self.leaves,
            ties: &self.ties,
        };
        // The tree `p` is in replays carrying keys; the one it may have left, the plain way.
        if answered {
            self.answered
                .update_keyed(p, |q| order.score_key(q), TimeKey::before);
        } else if summary_changed {
            self.answered.remove(p, |a, b| order.by_score(a, b));
        }
        if !answered {
            self.unanswered
                .update_keyed(p, |q| order.penalty_key(q), TimeKey::before);
        } else if summary_changed {
            self.unanswered.remove(p, |a, b| order.by_penalty(a, b));
        }
    }

    /// The trees agree with a scan of the pool: for tests. Returns the scan's best score.
    #[cfg(test)]
    fn check(&self, pool: &Pool) -> Option<f64> {
        assert_eq!(self.at.servers, pool.eligible());
        let mut sum = 0.0;
        let mut count = 0;
        for (p, &s) in self.at.servers.iter().enumerate() {
            let load = &pool.server(s).load;
            let want = summarise(&load.window);
            assert_eq!(self.leaves[p], TimeLeaf::new(load.connections, want));
            if let Some(t) = want.time_to_success {
                sum += t;
                count += 1;
            }
        }
        let mean = if count > 0 {
            sum / count as f64
        } else {
            NEUTRAL_TIME_MS
        };
        let scan = self.at.servers.iter().map(|&s| {
            let load = &pool.server(s).load;
            let want = summarise(&load.window);
            let factor = f64::from(load.connections) + 1.0;
            match want.time_to_success {
                Some(t) => t * factor,
                None => mean * (f64::from(want.failures) + 1.0) * factor,
            }
        });
        scan.reduce(f64::min)
    }
}

impl Strategy for LeastResponseTime {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self::default();
        s.reset(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let mean_time = self.mean_time();
        let winner = self
            .best_of(self.answered.winner(), self.unanswered.winner(), mean_time)
            .ok_or(PickError::NoEligibleServer)?;
        if ctx.explain.is_on() {
            let servers = &self.at.servers;
            if !self.leaves[winner].answered() {
                ctx.explain
                    .step(|| Step::Note(Note::ScoredAsMean { mean_ms: mean_time }));
            }
            // Every eligible server is considered: each one's score, in pool order.
            for (p, &server) in servers.iter().enumerate() {
                ctx.explain.step(|| Step::Score {
                    server,
                    score: self.score(p, mean_time),
                });
            }
        }
        self.ties.picked(winner);
        self.replay(winner, false);
        Ok(self.at.servers[winner])
    }

    fn load_changed(&mut self, pool: &Pool, server: usize, event: LoadEvent) {
        let Some(p) = self.at.of(server) else {
            return;
        };
        let load = &pool.server(server).load;
        // Only a finished request changes the window.
        let finished = matches!(event, LoadEvent::Finished { .. });
        let summary = if finished {
            summarise(&load.window)
        } else {
            self.leaves[p].summary
        };
        self.leaves[p] = TimeLeaf::new(load.connections, summary);
        self.replay(p, finished);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Server, Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::testing::{demo_request, ids, picks};
    use proptest::prelude::*;
    use proptest::strategy::Strategy as PropStrategy;

    fn balancer(kind: StrategyKind, spec: &str) -> Balancer {
        Balancer::new(StrategyConfig::new(kind), parse_servers(spec).unwrap()).unwrap()
    }

    fn least_connections(b: &Balancer) -> &LeastConnections {
        match b.strategy() {
            crate::engine::strategy::AnyStrategy::LeastConnections(s) => s,
            other => panic!("{}", other.type_name()),
        }
    }

    fn least_time(b: &Balancer) -> &LeastResponseTime {
        match b.strategy() {
            crate::engine::strategy::AnyStrategy::LeastResponseTime(s) => s,
            other => panic!("{}", other.type_name()),
        }
    }

    #[test]
    fn idle_pools_take_turns_by_weight() {
        let got = picks(StrategyKind::LeastConnections, "a:1=5,b:1,c:1", 6);
        assert_eq!(ids(&got), "a b c a b c");
        let got = picks(StrategyKind::LeastResponseTime, "a:1,b:1,c:1", 6);
        assert_eq!(ids(&got), "a b c a b c");
    }

    #[test]
    fn least_connections_follows_live_load() {
        let mut b = balancer(StrategyKind::LeastConnections, "a:1,b:1,c:1");
        let mut rng = seeded(1);
        for s in [0, 0, 1] {
            b.request_started(s);
        }
        assert_eq!(b.pick(&demo_request(0), &mut rng, 0), Ok(2));
        b.request_started(2);
        b.request_started(2);
        b.request_finished(0, 5.0, true, 0);
        b.request_finished(0, 5.0, true, 0);
        assert_eq!(b.pick(&demo_request(1), &mut rng, 0), Ok(0));
    }

    #[test]
    fn a_server_back_from_an_outage_wins_one_tie_not_a_backlog() {
        let mut b = balancer(StrategyKind::LeastConnections, "a:1,b:1");
        let mut rng = seeded(1);
        // b is busy while a takes 50 requests that finish at once.
        b.request_started(1);
        for i in 0..50 {
            let s = b.pick(&demo_request(i), &mut rng, 0).unwrap();
            assert_eq!(s, 0);
        }
        b.request_finished(1, 1.0, true, 0);
        let next: Vec<usize> = (0..4)
            .map(|i| b.pick(&demo_request(i), &mut rng, 0).unwrap())
            .collect();
        assert_eq!(next, [1, 0, 1, 0]);
    }

    /// Drive `ticks` closed-loop requests (each finishes before the next) with per-server
    /// latency and outcome.
    fn closed_loop(
        b: &mut Balancer,
        ticks: u64,
        answer: impl Fn(usize, u64) -> (f64, bool),
    ) -> Vec<u32> {
        let mut rng = seeded(3);
        let mut counts = vec![0; b.pool().len()];
        for i in 0..ticks {
            let s = b.pick(&demo_request(i), &mut rng, i).unwrap();
            counts[s] += 1;
            b.request_started(s);
            let (ms, ok) = answer(s, i);
            b.request_finished(s, ms, ok, i);
        }
        counts
    }

    #[test]
    fn a_fail_fast_server_loses_to_a_slower_reliable_one() {
        let mut b = balancer(StrategyKind::LeastResponseTime, "slow:1,broken:1");
        let counts = closed_loop(&mut b, 1_000, |s, _| {
            if s == 0 { (100.0, true) } else { (1.0, false) }
        });
        assert!(counts[1] <= 2, "{counts:?}");
        // Even when it answers every other request (in 60 ms), each 1 ms failure costs it a whole
        // success: 120 ms per success, worse than 100 ms.
        let mut b = balancer(StrategyKind::LeastResponseTime, "slow:1,flaky:1");
        let flaky_calls = std::cell::Cell::new(0u32);
        let counts = closed_loop(&mut b, 1_000, |s, _| {
            if s == 0 {
                return (100.0, true);
            }
            flaky_calls.set(flaky_calls.get() + 1);
            if flaky_calls.get() % 2 == 1 {
                (60.0, true)
            } else {
                (1.0, false)
            }
        });
        assert!(counts[1] < 50, "{counts:?}");
    }

    #[test]
    fn failures_that_time_out_count_their_full_time() {
        let mut b = balancer(StrategyKind::LeastResponseTime, "steady:1,spiky:1");
        // spiky answers in 10 ms but one in ten requests times out after 1 s: 1,090 ms of work
        // per 9 successes, 121 ms per success, worse than steady's 100 ms.
        let counts = closed_loop(&mut b, 2_000, |s, i| match s {
            0 => (100.0, true),
            _ if i % 10 == 0 => (1_000.0, false),
            _ => (10.0, true),
        });
        assert!(counts[0] > counts[1], "{counts:?}");
    }

    #[test]
    fn an_unsampled_server_is_not_flooded() {
        let mut b = balancer(StrategyKind::LeastResponseTime, "a:1,b:1");
        let mut rng = seeded(1);
        // a has a history of 50 ms answers; b joins (no sample) while requests pile up unanswered.
        for i in 0..10 {
            b.request_started(0);
            b.request_finished(0, 50.0, true, i);
        }
        b.add_server(Server::new("c:1", "c", 1, 1)).unwrap();
        let mut counts = [0u32; 3];
        for i in 0..90 {
            let s = b.pick(&demo_request(i), &mut rng, 0).unwrap();
            counts[s] += 1;
            b.request_started(s);
        }
        // The seed would send all 90 to the new servers (mean 0); here each gets about a third.
        assert!(counts.iter().all(|&c| (25..=35).contains(&c)), "{counts:?}");
    }

    #[test]
    fn the_faster_server_gets_more_under_concurrency() {
        let mut b = balancer(StrategyKind::LeastResponseTime, "fast:1,slow:1");
        let mut rng = seeded(8);
        let mut counts = [0u32; 2];
        // Open loop: 4 requests in flight; the oldest finishes each tick.
        let mut in_flight = std::collections::VecDeque::new();
        for i in 0..2_000u64 {
            let s = b.pick(&demo_request(i), &mut rng, i).unwrap();
            counts[s] += 1;
            b.request_started(s);
            in_flight.push_back(s);
            if in_flight.len() > 4 {
                let f = in_flight.pop_front().unwrap();
                b.request_finished(f, if f == 0 { 10.0 } else { 40.0 }, true, i);
            }
        }
        assert!(
            counts[0] > 3 * counts[1] / 2 && counts[1] > 100,
            "{counts:?}"
        );
    }

    #[test]
    fn explanations_score_every_server_considered() {
        let mut b = balancer(StrategyKind::LeastResponseTime, "a:1,b:1,c:1");
        for (s, ms) in [(0, 30.0), (1, 10.0), (2, 20.0)] {
            b.request_started(s);
            b.request_finished(s, ms, true, 0);
        }
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        let score = |server, score| Step::Score { server, score };
        assert_eq!(
            steps,
            [
                score(0, 30.0),
                score(1, 10.0),
                score(2, 20.0),
                Step::Chosen { server: 1 }
            ]
        );
        // Least connections considers every server too, not two (that is power of two choices);
        // a server that may not take requests is not considered.
        let mut b = balancer(StrategyKind::LeastConnections, "a:1,b:1,c:1,d:1");
        b.set_weight(3, 0).unwrap();
        for s in [0, 0, 1, 2, 2, 2] {
            b.request_started(s);
        }
        let (got, steps) = b.pick_explained(&demo_request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert_eq!(
            steps,
            [
                score(0, 2.0),
                score(1, 1.0),
                score(2, 3.0),
                Step::Chosen { server: 1 }
            ]
        );
    }

    #[test]
    fn summaries_follow_the_documented_formula() {
        let mut w = ResponseWindow::default();
        assert_eq!(
            summarise(&w),
            WindowSummary {
                time_to_success: None,
                failures: 0
            }
        );
        w.push_outcome(10.0, true);
        w.push_outcome(30.0, true);
        assert_eq!(summarise(&w).time_to_success, Some(20.0));
        // Two fast failures cost a success each: (40 + max(2, 2·20)) / 2 = 40.
        w.push_outcome(1.0, false);
        w.push_outcome(1.0, false);
        assert_eq!(summarise(&w).time_to_success, Some(40.0));
        // A slow failure costs its time: (40 + 2 + 500) / 2.
        w.push_outcome(500.0, false);
        assert_eq!(summarise(&w).time_to_success, Some(271.0));
        assert_eq!(summarise(&w).failures, 3);
        let mut z = ResponseWindow::default();
        z.push_outcome(f64::NAN, true);
        z.push_outcome(-4.0, true);
        assert_eq!(summarise(&z).time_to_success, Some(MIN_TIME_MS));
    }

    #[test]
    fn empty_pools_give_no_eligible_server() {
        for kind in [
            StrategyKind::LeastConnections,
            StrategyKind::LeastResponseTime,
        ] {
            let mut b = balancer(kind, "a:1=0");
            assert_eq!(
                b.pick(&demo_request(0), &mut seeded(1), 0),
                Err(PickError::NoEligibleServer)
            );
            b.request_started(0);
            b.request_finished(0, 1.0, true, 0);
        }
    }

    /// One step of a random workload.
    #[derive(Clone, Debug)]
    enum Op {
        Pick,
        Finish(usize, f64, bool),
        Status(usize, Status),
        Weight(usize, u32),
        Drain(usize, bool),
        Add(u32),
        Remove(usize),
    }

    fn op() -> impl PropStrategy<Value = Op> {
        prop_oneof![
            6 => Just(Op::Pick),
            4 => (0usize..12, 0.0f64..200.0, proptest::bool::weighted(0.8))
                .prop_map(|(s, ms, ok)| Op::Finish(s, ms, ok)),
            1 => (0usize..12, proptest::sample::select(Status::ALL.to_vec()))
                .prop_map(|(s, st)| Op::Status(s, st)),
            1 => (0usize..12, 0u32..4).prop_map(|(s, w)| Op::Weight(s, w)),
            1 => (0usize..12, any::<bool>()).prop_map(|(s, d)| Op::Drain(s, d)),
            1 => (0u32..4).prop_map(Op::Add),
            1 => (0usize..12).prop_map(Op::Remove),
        ]
    }

    /// Apply `op`; picks start a request. Returns the server picked, if any.
    fn apply(
        b: &mut Balancer,
        op: &Op,
        i: u64,
        next_id: &mut u32,
    ) -> Option<Result<usize, PickError>> {
        let n = b.pool().len();
        match *op {
            Op::Pick => {
                let got = b.pick(&demo_request(i), &mut seeded(i), i);
                if let Ok(s) = got {
                    b.request_started(s);
                }
                return Some(got);
            }
            Op::Finish(s, ms, ok) if n > 0 => {
                let s = s % n;
                if b.pool().server(s).load.connections > 0 {
                    b.request_finished(s, ms, ok, i);
                }
            }
            Op::Status(s, st) if n > 0 => b.set_status(s % n, st).unwrap(),
            Op::Weight(s, w) if n > 0 => b.set_weight(s % n, w).unwrap(),
            Op::Drain(s, d) if n > 0 => b.set_draining(s % n, d).unwrap(),
            Op::Add(w) => {
                *next_id += 1;
                b.add_server(Server::new(
                    format!("n{next_id}:1"),
                    format!("n{next_id}"),
                    1,
                    w,
                ))
                .unwrap();
            }
            Op::Remove(s) if n > 0 => {
                let id = b.pool().server(s % n).id.clone();
                b.remove_server(&id).unwrap();
            }
            _ => {}
        }
        None
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The key property: after any sequence of load events and pool changes, the index holds
        /// exactly the pool's load and its pick is the scan's minimum of connections(/weight).
        #[test]
        fn least_connections_index_agrees_with_a_scan(
            weights in proptest::collection::vec(0u32..4, 1..8),
            ops in proptest::collection::vec(op(), 1..150),
        ) {
            let kind = StrategyKind::LeastConnections;
            let spec: Vec<String> =
                weights.iter().enumerate().map(|(i, w)| format!("s{i}:1={w}")).collect();
            let mut b = balancer(kind, &spec.join(","));
            let mut next_id = 0;
            for (i, op) in ops.iter().enumerate() {
                least_connections(&b).check(b.pool());
                let score = |b: &Balancer, s: usize| {
                    let srv = b.pool().server(s);
                    (u64::from(srv.load.connections), 1)
                };
                let before: Vec<(u64, u64)> =
                    b.pool().eligible().iter().map(|&s| score(&b, s)).collect();
                match apply(&mut b, op, i as u64, &mut next_id) {
                    Some(Ok(s)) => {
                        prop_assert!(b.pool().server(s).is_eligible());
                        // Its score before the request started is the minimum.
                        let (c, w) = score(&b, s);
                        let c = c - 1;
                        for &(co, wo) in &before {
                            prop_assert!(c * wo <= co * w);
                        }
                    }
                    Some(Err(e)) => {
                        prop_assert_eq!(e, PickError::NoEligibleServer);
                        prop_assert!(before.is_empty());
                    }
                    None => {}
                }
            }
            least_connections(&b).check(b.pool());
        }

        /// Least response time's trees agree with a scan of the pool after any workload, and its
        /// pick has the scan's lowest score.
        #[test]
        fn least_response_time_index_agrees_with_a_scan(
            weights in proptest::collection::vec(0u32..4, 1..8),
            ops in proptest::collection::vec(op(), 1..150),
        ) {
            let spec: Vec<String> =
                weights.iter().enumerate().map(|(i, w)| format!("s{i}:1={w}")).collect();
            let mut b = balancer(StrategyKind::LeastResponseTime, &spec.join(","));
            let mut next_id = 0;
            for (i, op) in ops.iter().enumerate() {
                let best = least_time(&b).check(b.pool());
                let mut probe = b.clone();
                let (got, steps) = probe.pick_explained(&demo_request(i as u64), &mut seeded(i as u64), i as u64);
                if let (Ok(chosen), Some(best)) = (&got, best) {
                    // Every eligible server is scored; the chosen one has the lowest score.
                    let scored = steps.iter().filter(|s| matches!(s, Step::Score { .. })).count();
                    prop_assert_eq!(scored, b.pool().eligible().len());
                    let Some(Step::Score { score, .. }) = steps
                        .iter()
                        .find(|s| matches!(s, Step::Score { server, .. } if server == chosen))
                    else {
                        panic!("{steps:?}")
                    };
                    prop_assert!(*score <= best * (1.0 + 1e-12), "{} > {}", score, best);
                } else {
                    prop_assert_eq!(got.is_err(), best.is_none());
                }
                if let Some(Ok(s)) = apply(&mut b, op, i as u64, &mut next_id) {
                    prop_assert!(b.pool().server(s).is_eligible());
                }
            }
            least_time(&b).check(b.pool());
        }
    }
}
