//! The tutorial's own nine strategies, reproduced as its code
//! (`tests/tutorial/tutorial_reference.py`) runs them, defects included, so the playground can show
//! the textbook's code next to the corrected strategies.
//!
//! Source: `tests/tutorial/tutorial_reference.py` (the tutorial's `LoadBalancer` subclasses) and the
//! defects its README lists in section 6. Each type here answers the same picks the Python class
//! would, for the same sequence of pool changes and loads: the bursty weighted round robin, round
//! robin's `IndexError`, `hash() % len(healthy)` with Python's per-process salt (emulated exactly
//! for CPython 3.11, see [`python_hash()`]), least response time's cold-start bias and blindness to
//! failures, and the consistent-hash ring keyed by a random request id, scanned linearly and left
//! stale by health changes. `tests/seed_python.rs` checks every deterministic one against the
//! Python code itself. These keep the seed's complexity (O(n) scans, an O(n·v) ring scan) so the
//! difference from the corrected strategies can be measured; they may allocate.
//!
//! Where the Python raises or hangs, a pick returns [`PickError::SeedFault`] instead: the seed's
//! failure becomes an event to show, never a panic. Picks record a [`Step::SeedDefect`] whenever a
//! defect shows on that pick.
//!
//! Eligibility follows the seed, not Fulcrum: a server is pickable when it is in the seed's
//! `healthy_servers` list ([`SeedHealthyList`]). The seed has no draining and never excludes
//! weight 0, so a draining or weight-0 server in that list is still picked (a `SeedDefect` says so);
//! the consistent-hash ring may even return a server that is no longer healthy.
//!
//! Where the seed is random, Fulcrum draws from `ctx.rng` (PCG-64), not Python's Mersenne Twister:
//! `random` is uniform over the healthy list like `random.choice`, and the consistent hash's
//! `uuid4()` request id is 16 bytes from `ctx.rng` shaped as a version-4 UUID. Those picks have the
//! seed's distribution, not its exact sequence.

use std::fmt::Write as _;

use rand::RngExt;

use super::hashing::HashFunction;
use super::hashing::ring::{NewPoint, sort_points};
use super::model::{KeySource, LoadEvent, Pool, PoolChange, RESPONSE_WINDOW, Status};
use super::strategy::{PickContext, PickError, Strategy, StrategyConfig, StrategyKind};
use super::trace::{Note, SeedDefect, Step};

pub use python_hash::{PythonHashSecret, python_hash};

/// CPython 3.11's `hash(str)`, bit for bit, for a given `PYTHONHASHSEED`.
///
/// CPython (Python/bootstrap_hash.c, Python/pyhash.c, Objects/unicodeobject.c):
/// * `PYTHONHASHSEED=N` (N ≠ 0) fills the 24-byte `_Py_HashSecret` with `lcg_urandom(N)`:
///   `x = x·214013 + 2531011` (32-bit), each byte `(x >> 16) & 0xff`; `N = 0` zeroes it.
/// * `hash(str)` is SipHash-1-3 keyed by the secret's first 16 bytes (k0, k1 little-endian) over
///   the string's PEP 393 storage: one byte per code point (Latin-1) when all are below 256, else
///   UCS-2, else UCS-4, little-endian as on every platform Fulcrum runs on.
/// * The empty string hashes to 0; a result of −1 (CPython's error value) becomes −2.
pub mod python_hash {
    use core::hash::Hasher as _;
    use siphasher::sip::SipHasher13;

    /// The SipHash key `_Py_HashSecret.siphash` that one `PYTHONHASHSEED` gives.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct PythonHashSecret {
        /// First half of the 128-bit SipHash key.
        pub k0: u64,
        /// Second half.
        pub k1: u64,
    }

    impl PythonHashSecret {
        /// The secret of a process started with `PYTHONHASHSEED=seed`.
        pub fn from_hash_seed(seed: u32) -> Self {
            let mut secret = [0u8; 24];
            if seed != 0 {
                // lcg_urandom in Python/bootstrap_hash.c.
                let mut x = seed;
                for byte in &mut secret {
                    x = x.wrapping_mul(214_013).wrapping_add(2_531_011);
                    *byte = ((x >> 16) & 0xff) as u8;
                }
            }
            let word = |at: usize| {
                let mut b = [0u8; 8];
                b.copy_from_slice(&secret[at..at + 8]);
                u64::from_le_bytes(b)
            };
            Self {
                k0: word(0),
                k1: word(8),
            }
        }

        /// `hash(s)` in that process.
        pub fn hash_str(&self, s: &str) -> i64 {
            if s.is_empty() {
                return 0;
            }
            let widest = s.chars().map(u32::from).max().unwrap_or(0);
            let mut h = SipHasher13::new_with_keys(self.k0, self.k1);
            // The streaming hasher gives the same result however the bytes are split.
            for c in s.chars().map(u32::from) {
                if widest < 0x100 {
                    h.write(&[c as u8]);
                } else if widest < 0x1_0000 {
                    h.write(&(c as u16).to_le_bytes());
                } else {
                    h.write(&c.to_le_bytes());
                }
            }
            from_siphash(h.finish())
        }
    }

    /// `_Py_HashBytes`' last step: the hash as a signed `Py_hash_t`, with −1 reserved for errors.
    pub fn from_siphash(raw: u64) -> i64 {
        match raw as i64 {
            -1 => -2,
            h => h,
        }
    }

    /// `hash(s)` in a CPython 3.11 process started with `PYTHONHASHSEED=seed`.
    pub fn python_hash(seed: u32, s: &str) -> i64 {
        PythonHashSecret::from_hash_seed(seed).hash_str(s)
    }
}

/// Python's `statistics.mean` of floats: the exact rational mean, rounded once to the nearest
/// float (ties to even), which is what the seed's `average_response_time` computes. A plain
/// `sum / n` can differ in the last bit (mean of 0.1, 0.2, 0.3 is 0.2, not 0.20000000000000004),
/// and a last bit decides ties in `min()`. Non-finite samples fall back to `sum / n`.
pub fn python_mean(samples: &[f64]) -> f64 {
    // Every finite f64 is an integer multiple of 2^-1074 below 2^2098; 36 limbs hold the sum of
    // far more than 100 of them, as a two's-complement fixed-point number.
    const LIMBS: usize = 36;
    let n = samples.len() as u64;
    if n == 0 {
        return 0.0;
    }
    if samples.iter().any(|x| !x.is_finite()) {
        return samples.iter().sum::<f64>() / n as f64;
    }
    let mut acc = [0u64; LIMBS];
    for &x in samples {
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as usize;
        let fraction = bits & ((1 << 52) - 1);
        let (mantissa, shift) = if exponent == 0 {
            (fraction, 0)
        } else {
            (fraction | (1 << 52), exponent - 1)
        };
        // mantissa << shift as limbs, added or subtracted.
        let mut term = [0u64; LIMBS];
        let (limb, bit) = (shift / 64, shift % 64);
        term[limb] = mantissa << bit;
        if bit > 0 && limb + 1 < LIMBS {
            term[limb + 1] = mantissa >> (64 - bit);
        }
        if x.is_sign_negative() {
            negate(&mut term);
        }
        let mut carry = false;
        for (a, t) in acc.iter_mut().zip(term) {
            let (s1, c1) = a.overflowing_add(t);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *a = s2;
            carry = c1 || c2;
        }
    }
    let negative = acc[LIMBS - 1] >> 63 == 1;
    if negative {
        negate(&mut acc);
    }
    // Long division by n, most significant limb first.
    let mut remainder: u128 = 0;
    for limb in acc.iter_mut().rev() {
        let cur = (remainder << 64) | u128::from(*limb);
        *limb = (cur / u128::from(n)) as u64;
        remainder = cur % u128::from(n);
    }
    let bit = |i: usize| (acc[i / 64] >> (i % 64)) & 1 == 1;
    let top = (0..LIMBS * 64).rev().find(|&i| bit(i));
    // Keep 53 significant bits; below 2^53 units the spacing is one unit (subnormals included).
    let shift = top.map_or(0, |t| t.saturating_sub(52));
    let mut mantissa: u64 = 0;
    for i in (shift..shift + 53).rev() {
        mantissa = (mantissa << 1) | u64::from(i < LIMBS * 64 && bit(i));
    }
    let twice_remainder = 2 * remainder;
    let (half, above_half) = if shift == 0 {
        (
            twice_remainder >= u128::from(n),
            twice_remainder > u128::from(n),
        )
    } else {
        (bit(shift - 1), remainder != 0 || (0..shift - 1).any(bit))
    };
    if half && (above_half || mantissa & 1 == 1) {
        mantissa += 1;
    }
    let magnitude = libm::scalbn(mantissa as f64, shift as i32 - 1074);
    if negative { -magnitude } else { magnitude }
}

fn negate(limbs: &mut [u64]) {
    let mut carry = true;
    for l in limbs {
        let (v, c) = (!*l).overflowing_add(u64::from(carry));
        *l = v;
        carry = c;
    }
}

/// The seed's `LoadBalancer.healthy_servers`: pool indices in the seed's order.
///
/// Built in add order from the servers whose status is healthy; a server whose status turns
/// healthy is appended at the end (if absent), one whose status turns anything else is removed,
/// and a removed server is filtered out (`PoolChange` events drive it exactly like the seed's
/// `add_server`, `update_server_status` and `remove_server`). Weight and draining changes leave it
/// alone: the seed has neither notion in its eligibility. The Python list holds server objects;
/// this one holds pool indices and shifts them when the pool removes a server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedHealthyList {
    order: Vec<usize>,
}

impl SeedHealthyList {
    /// The list the seed would hold right after adding the pool's servers in order.
    pub fn from_pool(pool: &Pool) -> Self {
        Self {
            order: (0..pool.len())
                .filter(|&i| pool.server(i).status == Status::Healthy)
                .collect(),
        }
    }

    /// The list, as pool indices.
    pub fn as_slice(&self) -> &[usize] {
        &self.order
    }

    /// Follow a pool change the way the seed's list would.
    pub fn apply(&mut self, pool: &Pool, change: &PoolChange) {
        match *change {
            PoolChange::Initial => *self = Self::from_pool(pool),
            PoolChange::Added { index } => {
                if pool.servers().get(index).map(|s| s.status) == Some(Status::Healthy) {
                    self.order.push(index);
                }
            }
            PoolChange::Removed { index, .. } => {
                self.order.retain(|&i| i != index);
                for i in &mut self.order {
                    if *i > index {
                        *i -= 1;
                    }
                }
            }
            PoolChange::StatusChanged { index, to, .. } => {
                let position = self.order.iter().position(|&i| i == index);
                match (to == Status::Healthy, position) {
                    (true, None) => self.order.push(index),
                    (false, Some(p)) => {
                        self.order.remove(p);
                    }
                    _ => {}
                }
            }
            PoolChange::WeightChanged { .. } | PoolChange::DrainingChanged { .. } => {}
        }
    }
}

/// Say so when the seed picks a server Fulcrum would never pick: draining, weight 0, or (the ring's
/// stale owners) no longer healthy.
fn explain_blind_spots(ctx: &mut PickContext<'_>, server: usize) {
    if !ctx.explain.is_on() {
        return;
    }
    let s = ctx.pool.server(server);
    let (status, draining, weight) = (s.status, s.draining, s.weight);
    if status != Status::Healthy {
        ctx.explain
            .step(|| Step::SeedDefect(SeedDefect::StaleRing { server, status }));
    }
    if draining {
        ctx.explain
            .step(|| Step::SeedDefect(SeedDefect::IgnoresDraining { server }));
    }
    if weight == 0 {
        ctx.explain
            .step(|| Step::SeedDefect(SeedDefect::IgnoresWeightZero { server }));
    }
}

/// Record a seed fault as a step and return it as the pick's error.
fn seed_fault(ctx: &mut PickContext<'_>, defect: SeedDefect) -> PickError {
    let shown = defect.clone();
    ctx.explain.step(|| Step::SeedDefect(shown));
    PickError::SeedFault { defect }
}

/// `RoundRobinLoadBalancer`: `healthy_servers[current_index]`, then `current_index = (i + 1) % len`.
///
/// The cursor survives list changes, so after a server leaves it can point past the end: the
/// seed raises `IndexError`, and keeps raising until the list grows back. O(1) per pick.
#[derive(Clone, Debug, Default)]
pub struct SeedRoundRobin {
    healthy: SeedHealthyList,
    current_index: usize,
}

impl SeedRoundRobin {
    /// The seed's `current_index`.
    pub fn cursor(&self) -> usize {
        self.current_index
    }
}

fn index_error(cursor: usize, len: usize) -> SeedDefect {
    SeedDefect::IndexError {
        cursor,
        healthy: len,
    }
}

impl Strategy for SeedRoundRobin {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            healthy: SeedHealthyList::from_pool(pool),
            current_index: 0,
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        if let PoolChange::Initial = change {
            *self = Self::build(&StrategyConfig::default(), pool);
        } else {
            self.healthy.apply(pool, change);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let len = self.healthy.as_slice().len();
        if len == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let position = self.current_index;
        if position >= len {
            return Err(seed_fault(ctx, index_error(position, len)));
        }
        let server = self.healthy.as_slice()[position];
        self.current_index = (position + 1) % len;
        let next = self.current_index;
        ctx.explain.step(|| Step::Cursor {
            position,
            of: len,
            next,
        });
        explain_blind_spots(ctx, server);
        Ok(server)
    }
}

/// `WeightedRoundRobinLoadBalancer`: each server in turn gets its whole weight in a row
/// (weights 1,2,1,3 give `1 2 2 3 4 4 4`) where nginx's smooth version interleaves.
///
/// `current_weight` and `current_index` survive list changes like round robin's cursor (so the
/// same `IndexError` can happen); a weight-0 server at the cursor makes the seed's `while True`
/// spin forever, reported here as a [`PickError::SeedFault`]. O(1) per pick.
#[derive(Clone, Debug, Default)]
pub struct SeedWeightedRoundRobin {
    healthy: SeedHealthyList,
    current_weight: u64,
    current_index: usize,
}

impl Strategy for SeedWeightedRoundRobin {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            healthy: SeedHealthyList::from_pool(pool),
            current_weight: 0,
            current_index: 0,
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        if let PoolChange::Initial = change {
            *self = Self::build(&StrategyConfig::default(), pool);
        } else {
            self.healthy.apply(pool, change);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let len = self.healthy.as_slice().len();
        if len == 0 {
            return Err(PickError::NoEligibleServer);
        }
        // One turn of the seed's `while True`: it either returns or changes nothing, so a second
        // turn would repeat the first forever.
        let position = self.current_index;
        if position >= len {
            return Err(seed_fault(ctx, index_error(position, len)));
        }
        let server = self.healthy.as_slice()[position];
        let weight = u64::from(ctx.pool.server(server).weight);
        let before = self.current_weight;
        let mut current = before;
        if current == 0 {
            current = weight;
        }
        if current == 0 {
            return Err(seed_fault(
                ctx,
                SeedDefect::InfiniteLoop {
                    server,
                    cursor: position,
                },
            ));
        }
        current -= 1;
        if current == 0 {
            self.current_index = (position + 1) % len;
        }
        self.current_weight = current;
        let next = self.current_index;
        ctx.explain.step(|| Step::Cursor {
            position,
            of: len,
            next,
        });
        ctx.explain.step(|| {
            Step::Note(Note::SeedCurrentWeight {
                before,
                after: current,
                weight,
            })
        });
        if before > 0 && len > 1 {
            ctx.explain.step(|| {
                Step::SeedDefect(SeedDefect::Bursty {
                    server,
                    weight,
                    pick: weight.saturating_sub(current),
                })
            });
        }
        explain_blind_spots(ctx, server);
        Ok(server)
    }
}

/// `LeastConnectionsLoadBalancer` and `WeightedLeastConnectionsLoadBalancer` (by `config.kind`):
/// Python's `min()` over the healthy list, so the first server with the lowest score, by an O(n)
/// scan. The weighted score is `connections / weight`, infinite for weight 0.
#[derive(Clone, Debug, Default)]
pub struct SeedLeastConnections {
    healthy: SeedHealthyList,
    weighted: bool,
}

impl SeedLeastConnections {
    fn score(&self, pool: &Pool, server: usize) -> f64 {
        let s = pool.server(server);
        let connections = f64::from(s.load.connections);
        if !self.weighted {
            connections
        } else if s.weight > 0 {
            connections / f64::from(s.weight)
        } else {
            f64::INFINITY
        }
    }
}

impl Strategy for SeedLeastConnections {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            healthy: SeedHealthyList::from_pool(pool),
            weighted: config.kind == StrategyKind::WeightedLeastConnections,
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.healthy.apply(pool, change);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let mut best: Option<(usize, f64)> = None;
        for &server in self.healthy.as_slice() {
            let score = self.score(ctx.pool, server);
            ctx.explain.step(|| Step::Score { server, score });
            // min() keeps the first of equal keys: replace only on strictly less.
            if best.is_none_or(|(_, b)| score < b) {
                best = Some((server, score));
            }
        }
        let (server, _) = best.ok_or(PickError::NoEligibleServer)?;
        explain_blind_spots(ctx, server);
        Ok(server)
    }
}

/// Which request attribute the seed's modulo hash reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum SeedHashKey {
    /// `request.client_ip or "unknown"` (ip_hash).
    #[default]
    ClientIp,
    /// `request.url`, Fulcrum's `Request::path` (url_hash).
    Url,
}

/// `IPHashLoadBalancer` and `URLHashLoadBalancer` (by `config.kind`): `hash(key) % len(healthy)`
/// with Python's salted string hash (emulated for `config.python_hash_seed`) and Python's floor
/// modulo. The key is fixed as in the seed (`config.key` is not consulted). O(1) per pick plus
/// hashing the key; almost every key moves when the list changes length.
#[derive(Clone, Debug)]
pub struct SeedModuloHash {
    healthy: SeedHealthyList,
    key: SeedHashKey,
    hash_seed: u32,
    secret: PythonHashSecret,
}

impl Strategy for SeedModuloHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            healthy: SeedHealthyList::from_pool(pool),
            key: if config.kind == StrategyKind::UrlHash {
                SeedHashKey::Url
            } else {
                SeedHashKey::ClientIp
            },
            hash_seed: config.python_hash_seed,
            secret: PythonHashSecret::from_hash_seed(config.python_hash_seed),
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.healthy.apply(pool, change);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let list = self.healthy.as_slice();
        if list.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let request = ctx.request;
        let (source, key) = match self.key {
            SeedHashKey::ClientIp if request.client_ip.is_empty() => {
                (KeySource::ClientIp, "unknown")
            }
            SeedHashKey::ClientIp => (KeySource::ClientIp, request.client_ip.as_str()),
            SeedHashKey::Url => (KeySource::Path, request.path.as_str()),
        };
        let hash = self.secret.hash_str(key);
        let n = list.len();
        // Python's % takes the sign of the divisor: floor modulo, never negative here.
        let index = hash.rem_euclid(n as i64) as usize;
        let server = list[index];
        if ctx.explain.is_on() {
            let hash_seed = self.hash_seed;
            ctx.explain.step(|| Step::Key {
                source,
                key: key.to_string(),
            });
            ctx.explain.step(|| Step::Hash {
                function: HashFunction::PythonSipHash13,
                input: key.to_string(),
                value: hash as u64,
            });
            ctx.explain.step(|| Step::Modulo {
                hash: hash as u64,
                n,
                index,
            });
            ctx.explain.step(|| {
                Step::Note(Note::PythonHash {
                    key_repr: python_repr(key),
                    hash,
                    n,
                    index,
                })
            });
            ctx.explain
                .step(|| Step::SeedDefect(SeedDefect::SaltedHash { hash_seed, n }));
        }
        explain_blind_spots(ctx, server);
        Ok(server)
    }
}

/// A str as Python's `repr` writes it (`'user-1'`, `"it's"`), for explanations that quote the
/// seed's Python. Written out rather than through `{:?}`: Rust's quoting differs, and the site is
/// built without `Debug` formatting.
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str("\\x");
                out.push(char::from_digit(c as u32 >> 4, 16).unwrap_or('0'));
                out.push(char::from_digit(c as u32 & 15, 16).unwrap_or('0'));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `RandomLoadBalancer`: `random.choice(healthy_servers)`, uniform and unweighted, drawn from
/// `ctx.rng` (not Python's Mersenne Twister). O(1) per pick.
#[derive(Clone, Debug, Default)]
pub struct SeedRandom {
    healthy: SeedHealthyList,
}

impl Strategy for SeedRandom {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            healthy: SeedHealthyList::from_pool(pool),
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.healthy.apply(pool, change);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let list = self.healthy.as_slice();
        if list.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let index = ctx.rng.random_range(0..list.len());
        let server = list[index];
        ctx.explain.step(|| Step::Random {
            range: list.len() as u64,
            index: index as u64,
        });
        explain_blind_spots(ctx, server);
        Ok(server)
    }
}

/// One server's response times as the seed keeps them: successes only, the last 100.
#[derive(Clone, Debug, Default, PartialEq)]
struct SuccessWindow {
    samples: std::collections::VecDeque<f64>,
    /// `average_response_time`: [`python_mean`] of the samples, 0.0 without any.
    mean: f64,
    /// Failures the seed never recorded.
    unrecorded_failures: u64,
}

impl SuccessWindow {
    fn record(&mut self, latency_ms: f64, ok: bool) {
        if !ok {
            self.unrecorded_failures += 1;
            return;
        }
        if self.samples.len() == RESPONSE_WINDOW {
            self.samples.pop_front();
        }
        self.samples.push_back(latency_ms);
        self.mean = python_mean(self.samples.make_contiguous());
    }
}

/// `LeastResponseTimeLoadBalancer`: `min()` of `average_response_time` over the healthy list, by an
/// O(n) scan. The average is over the last 100 successful responses and 0.0 without any, so a
/// server with no samples yet always wins (cold start) and a server that fails fast looks fast:
/// the seed's proxy records response times of successes only. This strategy keeps its own
/// success-only windows, fed by [`Strategy::load_changed`]; they start empty when it is built.
#[derive(Clone, Debug, Default)]
pub struct SeedLeastResponseTime {
    healthy: SeedHealthyList,
    /// Indexed like the pool's servers.
    windows: Vec<SuccessWindow>,
}

impl SeedLeastResponseTime {
    /// The seed's `average_response_time` of pool server `server` (0.0 without samples).
    pub fn average_response_time(&self, server: usize) -> f64 {
        self.windows.get(server).map_or(0.0, |w| w.mean)
    }
}

impl Strategy for SeedLeastResponseTime {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut windows = Vec::new();
        windows.resize_with(pool.len(), SuccessWindow::default);
        Self {
            healthy: SeedHealthyList::from_pool(pool),
            windows,
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        match *change {
            PoolChange::Initial => *self = Self::build(&StrategyConfig::default(), pool),
            PoolChange::Removed { index, .. } if index < self.windows.len() => {
                self.windows.remove(index);
            }
            _ => {}
        }
        self.windows.resize_with(pool.len(), SuccessWindow::default);
        self.healthy.apply(pool, change);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let mut best: Option<(usize, f64)> = None;
        for &server in self.healthy.as_slice() {
            let score = self.average_response_time(server);
            ctx.explain.step(|| Step::Score { server, score });
            if best.is_none_or(|(_, b)| score < b) {
                best = Some((server, score));
            }
        }
        let (server, _) = best.ok_or(PickError::NoEligibleServer)?;
        if ctx.explain.is_on() {
            let window = &self.windows[server];
            let others_measured = self
                .healthy
                .as_slice()
                .iter()
                .any(|&s| s != server && !self.windows[s].samples.is_empty());
            if window.samples.is_empty() && others_measured {
                ctx.explain
                    .step(|| Step::SeedDefect(SeedDefect::ColdStart { server }));
            }
            if window.unrecorded_failures > 0 {
                let failures = window.unrecorded_failures;
                ctx.explain
                    .step(|| Step::SeedDefect(SeedDefect::UnrecordedFailures { failures, server }));
            }
        }
        explain_blind_spots(ctx, server);
        Ok(server)
    }

    fn load_changed(&mut self, _pool: &Pool, server: usize, event: LoadEvent) {
        if let LoadEvent::Finished { latency_ms, ok } = event
            && let Some(window) = self.windows.get_mut(server)
        {
            window.record(latency_ms, ok);
        }
    }
}

/// An `i64`'s sign bit.
const SIGN: u64 = 1 << 63;

/// The seed's ring size: 150 virtual nodes per server, whatever its weight.
pub const SEED_VIRTUAL_NODES: u32 = 150;

/// `ConsistentHashLoadBalancer`: 150 points per server at `hash(f"{server.id}:{i}")` (Python's
/// salted hash; a colliding point overwrites, as in a dict), rebuilt from the healthy list only
/// when a server is added or removed, never on a health change, so it goes on routing to servers
/// that turned unhealthy. The key is the request's id, a fresh `uuid4()` in the seed, so no two
/// requests share a key and there is no affinity at all. The lookup scans the sorted points
/// linearly for the first `>= hash` (O(n·v) per pick, not the O(log n) the tutorial claims) and
/// wraps to the first point.
#[derive(Clone, Debug)]
pub struct SeedConsistentHash {
    healthy: SeedHealthyList,
    secret: PythonHashSecret,
    hash_seed: u32,
    /// The ring's `sorted_keys` and the owner (pool index) of each.
    points: Vec<i64>,
    owners: Vec<usize>,
}

impl SeedConsistentHash {
    /// `_update_hash_ring`, from the healthy list as it is now.
    fn update_hash_ring(&mut self, pool: &Pool) {
        // Points as (hash with its sign bit flipped, so unsigned order is signed order; the
        // healthy list's position and i counted down), sorted: of points that collide, the one
        // inserted last comes first and is the one kept, as a dict's overwrite keeps it.
        let healthy = self.healthy.as_slice();
        let mut ring: Vec<NewPoint> =
            Vec::with_capacity(healthy.len() * SEED_VIRTUAL_NODES as usize);
        let mut key = String::new();
        for (k, &server) in healthy.iter().enumerate() {
            for i in 0..SEED_VIRTUAL_NODES {
                key.clear();
                let _ = write!(key, "{}:{i}", pool.server(server).id);
                let hash = self.secret.hash_str(&key) as u64 ^ SIGN;
                ring.push((hash, !(k as u32), !i));
            }
        }
        sort_points(&mut ring);
        self.points = ring.iter().map(|p| (p.0 ^ SIGN) as i64).collect();
        self.owners = ring.iter().map(|p| healthy[!p.1 as usize]).collect();
    }

    /// The ring: each point (`sorted_keys`, ascending) and its owner (a pool index).
    pub fn ring(&self) -> impl Iterator<Item = (i64, usize)> + '_ {
        self.points.iter().copied().zip(self.owners.iter().copied())
    }
}

/// A version-4 UUID from `rng`, as `str(uuid.uuid4())` prints one.
fn uuid4(rng: &mut super::rng::SimRng) -> [u8; 36] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&rng.random::<u64>().to_be_bytes());
    bytes[8..].copy_from_slice(&rng.random::<u64>().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = [b'-'; 36];
    let mut at = 0;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1;
        }
        text[at] = HEX[usize::from(b >> 4)];
        text[at + 1] = HEX[usize::from(b & 0xf)];
        at += 2;
    }
    text
}

impl Strategy for SeedConsistentHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            healthy: SeedHealthyList::from_pool(pool),
            secret: PythonHashSecret::from_hash_seed(config.python_hash_seed),
            hash_seed: config.python_hash_seed,
            points: Vec::new(),
            owners: Vec::new(),
        };
        s.update_hash_ring(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.healthy.apply(pool, change);
        // The seed overrides add_server and remove_server only.
        if matches!(
            change,
            PoolChange::Initial | PoolChange::Added { .. } | PoolChange::Removed { .. }
        ) {
            self.update_hash_ring(pool);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.healthy.as_slice().is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let uuid = uuid4(ctx.rng);
        let key = std::str::from_utf8(&uuid).unwrap_or_default();
        let hash = self.secret.hash_str(key);
        let found = self.points.iter().position(|&p| p >= hash);
        let total = self.points.len();
        if ctx.explain.is_on() {
            let hash_seed = self.hash_seed;
            ctx.explain.step(|| Step::Key {
                source: KeySource::RequestId,
                key: key.to_string(),
            });
            ctx.explain.step(|| Step::Hash {
                function: HashFunction::PythonSipHash13,
                input: key.to_string(),
                value: hash as u64,
            });
            ctx.explain
                .step(|| Step::SeedDefect(SeedDefect::NoAffinity { hash, hash_seed }));
            let scanned = found.map_or(total, |i| i + 1);
            ctx.explain.step(|| {
                Step::Note(Note::LinearScan {
                    scanned,
                    total,
                    binary: usize::BITS - total.leading_zeros(),
                })
            });
        }
        let (index, wrapped) = match found {
            Some(i) => (i, false),
            None if total > 0 => (0, true),
            None => {
                ctx.explain.step(|| Step::SeedDefect(SeedDefect::EmptyRing));
                return Err(PickError::NoEligibleServer);
            }
        };
        let (point, owner) = (self.points[index], self.owners[index]);
        ctx.explain.step(|| Step::RingPoint {
            index,
            point: point as u64,
            owner,
            wrapped,
        });
        explain_blind_spots(ctx, owner);
        Ok(owner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Request, Server};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::Variant;
    use proptest::prelude::*;

    #[test]
    fn python_repr_quotes_as_python_does() {
        // Each right-hand side is what python3 prints for `repr(left)`.
        for (text, repr) in [
            ("user-1", "'user-1'"),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("it's \"x\"", "'it\\'s \"x\"'"),
            ("a\\b\tc\n\u{1}\u{7f}", "'a\\\\b\\tc\\n\\x01\\x7f'"),
            ("负载", "'负载'"),
        ] {
            assert_eq!(python_repr(text), repr, "{text}");
        }
    }

    /// Values printed by CPython 3.11.7: `PYTHONHASHSEED=S python3 -c 'print(hash(K))'`.
    const PYTHON_HASHES: &[(u32, &str, i64)] = &[
        (0, "", 0),
        (0, "a", 4644417185603328019),
        (0, "192.168.1.3", -2938040753726411847),
        (0, "unknown", 1812747506516733638),
        (0, "/api/data/7", 8789689517421955091),
        (0, "server1:0", -1943251354657904474),
        (0, "é", 6047309291227476195),
        (0, "café", 137524001917817222),
        (0, "€", -5529981157763016009),
        (0, "a€z", -6837429834151971087),
        (0, "😀", -3536540696076613844),
        (0, "x😀€é", -9064495479807296178),
        (1, "", 0),
        (1, "a", -3012895188637184397),
        (1, "192.168.1.3", 8646899757768086647),
        (1, "server1:0", 29241318915394624),
        (1, "€", 4443362316794630049),
        (1, "😀", 7663130467274561019),
        (7, "a", 6412522626967419924),
        (7, "192.168.1.3", -537571728571502846),
        (7, "unknown", 8755793212043344986),
        (7, "/api/data/7", -8933522525406109225),
        (7, "server1:0", -6504132309659843354),
        (7, "é", 3889576429266854164),
        (7, "café", 7517275267905255813),
        (7, "€", -6075961147770932304),
        (7, "a€z", -8437392690281980957),
        (7, "😀", 3508578047555940),
        (7, "x😀€é", -5979691683562351499),
        (42, "a", -123207753977932514),
        (42, "192.168.1.3", -4374483602599642737),
        (42, "x😀€é", 4301272542649678472),
        (4294967295, "a", -5989683813037840249),
        (4294967295, "192.168.1.3", 6727327025404685375),
        (4294967295, "café", -8755507911872275758),
        (4294967295, "€", 1723250505947338019),
        (4294967295, "😀", -5273353973323107289),
        (4294967295, "x😀€é", -80476275514238033),
    ];

    #[test]
    fn python_hash_matches_cpython_3_11() {
        for &(seed, key, want) in PYTHON_HASHES {
            assert_eq!(
                python_hash(seed, key),
                want,
                "PYTHONHASHSEED={seed} {key:?}"
            );
        }
    }

    #[test]
    fn python_hash_reserves_minus_one() {
        assert_eq!(python_hash::from_siphash(u64::MAX), -2);
        assert_eq!(python_hash::from_siphash(u64::MAX - 1), -2);
        assert_eq!(python_hash::from_siphash(5), 5);
        assert_eq!(
            PythonHashSecret::from_hash_seed(0),
            PythonHashSecret { k0: 0, k1: 0 }
        );
    }

    #[test]
    fn python_mean_is_statistics_mean() {
        // `statistics.mean(xs)` in CPython 3.11.7, next to the naive sum / n where they differ.
        let cases: &[(&[f64], f64)] = &[
            (&[0.1, 0.2, 0.3], 0.2), // naive: 0.20000000000000004
            (&[0.1; 10], 0.1),       // naive: 0.09999999999999999
            (&[1e300, 1e300, -1e300], 3.3333333333333335e299),
            (&[5e-324, 5e-324, 5e-324], 5e-324),
            (&[5e-324, 0.0], 0.0), // exactly half the smallest subnormal: ties to even
            (&[1.0, 8.673617379884035e-19], 0.5),
            (&[1e-320, 3.0], 1.5),
            (&[0.7, 0.1, 0.2, 0.9, 0.35], 0.45),
            (&[-0.1, -0.2, -0.3], -0.2),
        ];
        for &(xs, want) in cases {
            assert_eq!(python_mean(xs), want, "{xs:?}");
        }
        assert_eq!(python_mean(&[]), 0.0);
        assert!(python_mean(&[1.0, f64::INFINITY]).is_infinite());
    }

    proptest! {
        #[test]
        fn python_mean_rounds_the_exact_mean(xs in proptest::collection::vec(0f64..1e6, 1..100)) {
            let m = python_mean(&xs);
            // Within half an ulp of a high-precision reference (compensated sum).
            let mut sum = 0.0f64;
            let mut c = 0.0f64;
            for &x in &xs {
                let t = sum + x;
                c += if sum.abs() >= x.abs() { (sum - t) + x } else { (x - t) + sum };
                sum = t;
            }
            let reference = (sum + c) / xs.len() as f64;
            prop_assert!((m - reference).abs() <= 2.0 * f64::EPSILON * reference.abs().max(1e-300));
            // Equal samples average to themselves.
            prop_assert_eq!(python_mean(&vec![xs[0]; xs.len()]), xs[0]);
        }
    }

    fn demo_servers() -> Vec<Server> {
        [1, 2, 1, 3]
            .iter()
            .enumerate()
            .map(|(i, &w)| Server::new(format!("server{}", i + 1), "localhost", 8001 + i as u16, w))
            .collect()
    }

    fn seed_balancer(kind: StrategyKind) -> Balancer {
        let mut config = StrategyConfig::new(kind);
        config.variant = Variant::Seed;
        config.python_hash_seed = 7;
        Balancer::new(config, demo_servers()).unwrap()
    }

    fn request(i: u64) -> Request {
        Request::get(i, format!("/api/data/{i}"), format!("192.168.1.{}", i % 10))
    }

    fn pick_ids(b: &mut Balancer, n: u64) -> Vec<String> {
        let mut rng = seeded(42);
        (0..n)
            .map(|i| match b.pick(&request(i), &mut rng, 0) {
                Ok(s) => b.pool().server(s).id.clone(),
                Err(e) => format!("{e}"),
            })
            .collect()
    }

    #[test]
    fn weighted_round_robin_is_bursty() {
        let mut b = seed_balancer(StrategyKind::WeightedRoundRobin);
        let got = pick_ids(&mut b, 14).join(" ").replace("server", "");
        assert_eq!(got, "1 2 2 3 4 4 4 1 2 2 3 4 4 4");
        // server1, then the first of server2's two: no burst yet; the second of them is one.
        for _ in 0..2 {
            let (_, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
            assert!(!steps.iter().any(|s| matches!(s, Step::SeedDefect { .. })));
        }
        let (_, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::SeedDefect(SeedDefect::Bursty { server: 1, .. })))
        );
    }

    #[test]
    fn weight_zero_makes_weighted_round_robin_spin_and_is_reported() {
        let mut b = seed_balancer(StrategyKind::WeightedRoundRobin);
        b.set_weight(0, 0).unwrap();
        let (got, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
        let Err(PickError::SeedFault { defect }) = got else {
            panic!("{got:?}")
        };
        assert!(
            matches!(defect, SeedDefect::InfiniteLoop { .. }),
            "{defect:?}"
        );
        assert!(matches!(&steps[..], [Step::SeedDefect { .. }]));
        // Nothing moved: the next pick fails the same way until the weight changes.
        assert!(b.pick(&request(1), &mut seeded(1), 0).is_err());
        b.set_weight(0, 1).unwrap();
        assert_eq!(pick_ids(&mut b, 2), ["server1", "server2"]);
    }

    #[test]
    fn round_robin_raises_index_error_after_a_server_leaves_and_recovers_on_append() {
        let mut b = seed_balancer(StrategyKind::RoundRobin);
        assert_eq!(pick_ids(&mut b, 3), ["server1", "server2", "server3"]);
        b.set_status(1, Status::Unhealthy).unwrap();
        let err = b.pick(&request(0), &mut seeded(1), 0).unwrap_err();
        assert_eq!(
            err,
            PickError::SeedFault {
                defect: SeedDefect::IndexError {
                    cursor: 3,
                    healthy: 3
                }
            }
        );
        assert!(b.pick(&request(0), &mut seeded(1), 0).is_err());
        // Healthy again: appended at the end, so the list is server1, server3, server4, server2.
        b.set_status(1, Status::Healthy).unwrap();
        assert_eq!(
            pick_ids(&mut b, 5),
            ["server2", "server1", "server3", "server4", "server2"]
        );
        assert_eq!(b.stats().total_requests, 8);
    }

    #[test]
    fn healthy_list_follows_the_seed() {
        let mut pool = Pool::new(demo_servers()).unwrap();
        let mut list = SeedHealthyList::from_pool(&pool);
        let mut apply = |pool: &mut Pool, change: PoolChange| list.apply(pool, &change);
        let c = pool.set_status(0, Status::Maintenance).unwrap();
        apply(&mut pool, c);
        let c = pool.set_status(0, Status::Healthy).unwrap();
        apply(&mut pool, c);
        let c = pool.set_draining(2, true).unwrap();
        apply(&mut pool, c);
        let c = pool.set_weight(3, 0).unwrap();
        apply(&mut pool, c);
        let c = pool.remove("server2").unwrap();
        apply(&mut pool, c);
        let mut unhealthy = Server::new("server5", "localhost", 8005, 1);
        unhealthy.status = Status::Unhealthy;
        let c = pool.add(unhealthy).unwrap();
        apply(&mut pool, c);
        let c = pool
            .add(Server::new("server6", "localhost", 8006, 1))
            .unwrap();
        apply(&mut pool, c);
        let ids: Vec<&str> = list
            .as_slice()
            .iter()
            .map(|&i| pool.server(i).id.as_str())
            .collect();
        assert_eq!(ids, ["server3", "server4", "server1", "server6"]);
    }

    #[test]
    fn least_connections_takes_the_first_minimum_and_weights_zero_as_infinite() {
        let mut b = seed_balancer(StrategyKind::WeightedLeastConnections);
        for s in [0, 1, 1, 3, 3, 3] {
            b.request_started(s);
        }
        // Scores 1, 1, 0, 1: server3.
        assert_eq!(pick_ids(&mut b, 1), ["server3"]);
        b.request_started(2);
        // 1, 1, 1, 1: the first.
        assert_eq!(pick_ids(&mut b, 1), ["server1"]);
        b.set_weight(0, 0).unwrap();
        assert_eq!(pick_ids(&mut b, 1), ["server2"]);
        let mut b = seed_balancer(StrategyKind::LeastConnections);
        b.request_started(0);
        assert_eq!(pick_ids(&mut b, 1), ["server2"]);
    }

    #[test]
    fn modulo_hash_is_python_hash_floor_mod_len() {
        let mut b = seed_balancer(StrategyKind::IpHash);
        // hash("192.168.1.3") = -537571728571502846 under PYTHONHASHSEED=7; Python: % 4 == 2.
        assert_eq!((-537571728571502846i64).rem_euclid(4), 2);
        let (got, steps) = b.pick_explained(&request(3), &mut seeded(1), 0);
        assert_eq!(got, Ok(2));
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::SeedDefect(SeedDefect::SaltedHash { .. })))
        );
        // No client IP: the seed hashes "unknown".
        let mut anonymous = request(3);
        anonymous.client_ip.clear();
        let want = 8755793212043344986i64.rem_euclid(4) as usize;
        assert_eq!(b.pick(&anonymous, &mut seeded(1), 0), Ok(want));
        let mut b = seed_balancer(StrategyKind::UrlHash);
        let want = (-8933522525406109225i64).rem_euclid(4) as usize;
        assert_eq!(b.pick(&request(7), &mut seeded(1), 0), Ok(want));
    }

    #[test]
    fn least_response_time_prefers_the_unmeasured_and_ignores_failures() {
        let mut b = seed_balancer(StrategyKind::LeastResponseTime);
        b.request_started(0);
        b.request_finished(0, 50.0, true, 0);
        // server2 has no samples: 0.0 wins.
        let (got, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::SeedDefect(SeedDefect::ColdStart { .. })))
        );
        for s in 1..4 {
            b.request_started(s);
            b.request_finished(s, 80.0, true, 0);
        }
        assert_eq!(pick_ids(&mut b, 1), ["server1"]);
        // server4 fails fast, over and over: never recorded, it keeps its 80 ms average.
        for _ in 0..5 {
            b.request_started(3);
            b.request_finished(3, 1.0, false, 0);
        }
        b.request_started(0);
        b.request_finished(0, 500.0, true, 0);
        // server1 now averages 275; servers 2..4 80: the first of them, server2.
        assert_eq!(pick_ids(&mut b, 1), ["server2"]);
        b.set_status(1, Status::Unhealthy).unwrap();
        b.set_status(2, Status::Unhealthy).unwrap();
        let (got, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
        assert_eq!(got, Ok(3));
        assert!(steps.iter().any(|s| matches!(
            s,
            Step::SeedDefect(SeedDefect::UnrecordedFailures { failures: 5, .. })
        )));
        // Windows follow the pool when a server is removed.
        b.remove_server("server1").unwrap();
        let crate::engine::AnyStrategy::SeedLeastResponseTime(s) = b.strategy() else {
            panic!("{}", b.strategy().type_name())
        };
        assert_eq!(s.average_response_time(0), 80.0);
    }

    fn ring_of(b: &Balancer) -> Vec<(i64, usize)> {
        match b.strategy() {
            crate::engine::AnyStrategy::SeedConsistentHash(s) => s.ring().collect(),
            other => panic!("{}", other.type_name()),
        }
    }

    #[test]
    fn consistent_hash_ring_goes_stale_on_health_changes_only() {
        let mut b = seed_balancer(StrategyKind::ConsistentHash);
        let ring = ring_of(&b);
        assert_eq!(ring.len(), 600);
        assert!(ring.windows(2).all(|w| w[0].0 < w[1].0));
        // The point of "server1:0" belongs to server1.
        let p = python_hash(7, "server1:0");
        assert_eq!(ring.iter().find(|(k, _)| *k == p).map(|(_, o)| *o), Some(0));
        b.set_status(3, Status::Unhealthy).unwrap();
        assert_eq!(
            ring_of(&b),
            ring,
            "a health change does not rebuild the ring"
        );
        let mut rng = seeded(3);
        let mut stale = 0;
        for i in 0..200 {
            let (got, steps) = b.pick_explained(&request(i), &mut rng, 0);
            if got == Ok(3) {
                stale += 1;
                assert!(
                    steps
                        .iter()
                        .any(|s| matches!(s, Step::SeedDefect(SeedDefect::StaleRing { .. })))
                );
            }
        }
        assert!(stale > 20, "server4 still owns most of its arcs: {stale}");
        // Removing a server rebuilds from the healthy list, which no longer has server4.
        b.remove_server("server1").unwrap();
        let ring = ring_of(&b);
        assert_eq!(ring.len(), 300);
        assert!(ring.iter().all(|&(_, o)| o == 0 || o == 1));
    }

    #[test]
    fn consistent_hash_empty_ring_is_no_server() {
        let mut b = seed_balancer(StrategyKind::ConsistentHash);
        for i in 0..4 {
            b.set_status(i, Status::Unhealthy).unwrap();
        }
        b.add_server(Server::new("x", "localhost", 9000, 1))
            .unwrap();
        b.set_status(4, Status::Unhealthy).unwrap();
        assert_eq!(
            b.pick(&request(0), &mut seeded(1), 0),
            Err(PickError::NoEligibleServer)
        );
        // Healthy again, but the ring was last built with server x only... then x left the list.
        b.set_status(0, Status::Healthy).unwrap();
        assert_eq!(b.pick(&request(0), &mut seeded(1), 0), Ok(4));
        b.remove_server("x").unwrap();
        b.set_status(0, Status::Unhealthy).unwrap();
        b.add_server({
            let mut s = Server::new("y", "localhost", 9001, 1);
            s.status = Status::Unhealthy;
            s
        })
        .unwrap();
        b.set_status(4, Status::Healthy).unwrap();
        let (got, steps) = b.pick_explained(&request(0), &mut seeded(1), 0);
        assert_eq!(got, Err(PickError::NoEligibleServer));
        assert!(
            steps
                .iter()
                .any(|s| matches!(s, Step::SeedDefect(SeedDefect::EmptyRing)))
        );
    }

    #[test]
    fn uuid4_looks_like_python_str_uuid4() {
        let mut rng = seeded(9);
        for _ in 0..50 {
            let u = uuid4(&mut rng);
            let s = std::str::from_utf8(&u).unwrap();
            let parts: Vec<&str> = s.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'));
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"));
            assert!(s.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()));
            assert_eq!(s, s.to_ascii_lowercase());
        }
    }

    #[test]
    fn random_is_uniform_over_the_healthy_list_and_sees_draining_servers() {
        let mut b = seed_balancer(StrategyKind::Random);
        b.set_draining(0, true).unwrap();
        b.set_status(1, Status::Unhealthy).unwrap();
        let mut counts = [0u32; 4];
        let mut rng = seeded(5);
        for i in 0..3000 {
            counts[b.pick(&request(i), &mut rng, 0).unwrap()] += 1;
        }
        assert_eq!(counts[1], 0);
        for c in [counts[0], counts[2], counts[3]] {
            assert!((900..1100).contains(&c), "{counts:?}");
        }
        let mut rng = seeded(5);
        let defect = (0..20).find_map(|i| {
            let (got, steps) = b.pick_explained(&request(i), &mut rng, 0);
            (got == Ok(0)).then_some(steps)
        });
        assert!(
            defect
                .unwrap()
                .iter()
                .any(|s| matches!(s, Step::SeedDefect(SeedDefect::IgnoresDraining { .. })))
        );
    }

    proptest! {
        /// Any sequence of pool changes: seed variants never panic, and every server they pick
        /// exists; all but the ring pick only servers in the seed's healthy list.
        #[test]
        fn seed_variants_never_panic(ops in proptest::collection::vec((0u8..6, 0usize..6, 0u32..4), 0..40)) {
            for kind in StrategyKind::ALL.into_iter().filter(|k| k.has_seed_variant()) {
                let mut b = seed_balancer(kind);
                let mut rng = seeded(11);
                let mut next_port = 9000u16;
                for (i, &(op, at, w)) in ops.iter().enumerate() {
                    let n = b.pool().len();
                    match op {
                        0 if n > 0 => {
                            let status = Status::ALL[(w as usize) % 4];
                            b.set_status(at % n, status).unwrap();
                        }
                        1 if n > 0 => b.set_weight(at % n, w).unwrap(),
                        2 if n > 0 => {
                            let id = b.pool().server(at % n).id.clone();
                            b.remove_server(&id).unwrap();
                        }
                        3 => {
                            next_port += 1;
                            b.add_server(Server::new(format!("s{next_port}"), "h", next_port, w)).unwrap();
                        }
                        4 if n > 0 => {
                            b.request_started(at % n);
                            b.request_finished(at % n, f64::from(w) * 1.5, w != 0, 0);
                        }
                        _ => {}
                    }
                    let (got, _) = b.pick_explained(&request(i as u64), &mut rng, 0);
                    if let Ok(s) = got {
                        prop_assert!(s < b.pool().len());
                        if kind != StrategyKind::ConsistentHash {
                            prop_assert_eq!(b.pool().server(s).status, Status::Healthy);
                        }
                    }
                }
            }
        }
    }
}
