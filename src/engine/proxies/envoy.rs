//! Envoy's two consistent-hashing load balancers, rule for rule, checked against the vectors
//! Envoy's own unit tests publish (`tests/envoy_vectors.rs`, data in `tests/envoy/vectors.json`).
//!
//! **Ring hash** (`source/extensions/load_balancing_policies/ring_hash/ring_hash_lb.cc`,
//! `RingHashLoadBalancer::Ring::Ring` and `chooseHost`). Weights are normalised to sum 1; the ring
//! holds `ceil(scale)` entries with `scale = min(ceil(min_w · minimum_ring_size) / min_w,
//! maximum_ring_size)`, so the lightest host gets a whole number of entries. Hosts are walked in
//! order with running sums: host h adds `scale · w_h` to a target and emits entries while the
//! count is below it (so a host may get one more or one fewer than its exact share). Entry i of a
//! host is the hash of `KEY + "_" + i`, KEY its `address:port` (or its hostname with
//! `use_hostname_for_hashing`), hashed with xxHash64 seed 0 or 64-bit MurmurHash2 (libstdc++'s
//! `_Hash_bytes`, seed 0xc70f6907). A request's 64-bit hash goes to the first entry at or above
//! it, wrapping to the first (ketama's binary search).
//!
//! **Maglev** (`maglev/maglev_lb.cc`, `MaglevTable::constructMaglevTableInternal`,
//! `OriginalMaglevTable::constructImplementationInternals`). Hosts are sorted by KEY; each has
//! `offset = xxHash64(KEY, 0) mod M`, `skip = xxHash64(KEY, 1) mod (M − 1) + 1`. Rounds
//! `iteration = 1, 2, …` visit the hosts in that order; a host takes a turn only when
//! `iteration · w ≥ target` (target starts at 0 and grows by the largest normalised weight per
//! turn), and then claims its next free slot of the permutation `(offset + skip · next) mod M`.
//! A request's hash picks slot `hash mod M`. Unlike Google's paper, weights enter by skipping
//! turns, and hosts are ordered by key, so the table does not depend on the endpoints' order.

use xxhash_rust::xxh64::xxh64;

/// `MurmurHash::STD_HASH_SEED`.
pub const MURMUR_SEED: u64 = 0xc70f_6907;

/// Envoy's `MurmurHash::murmurHash2` (64-bit, from libstdc++'s `_Hash_bytes`).
pub fn murmur2(key: &[u8], seed: u64) -> u64 {
    const MUL: u64 = 0xc6a4_a793_5bd1_e995;
    let shift_mix = |v: u64| v ^ (v >> 47);
    let len = key.len() as u64;
    let mut hash = seed ^ len.wrapping_mul(MUL);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let data = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        hash ^= shift_mix(data.wrapping_mul(MUL)).wrapping_mul(MUL);
        hash = hash.wrapping_mul(MUL);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let data = rest
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        hash ^= data;
        hash = hash.wrapping_mul(MUL);
    }
    hash = shift_mix(hash).wrapping_mul(MUL);
    shift_mix(hash)
}

/// `HashUtil::xxHash64(key)`: xxHash64 with seed 0, the hash of a request's hash policy value.
pub fn request_hash(key: &[u8]) -> u64 {
    xxh64(key, 0)
}

/// Weights normalised to sum 1, with their minimum and maximum (`normalizeHostWeights`).
fn normalise(weights: &[u32]) -> (Vec<f64>, f64, f64) {
    let sum: f64 = weights.iter().map(|&w| f64::from(w)).sum();
    let w: Vec<f64> = weights.iter().map(|&x| f64::from(x) / sum).collect();
    let min = w.iter().copied().fold(f64::INFINITY, f64::min);
    let max = w.iter().copied().fold(0.0, f64::max);
    (w, min, max)
}

/// Envoy's ring: `(hash, host index)` sorted by hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvoyRing {
    /// `(hash, host index)` pairs, ascending by hash.
    pub entries: Vec<(u64, usize)>,
}

impl EnvoyRing {
    /// Hosts given by their hash keys and weights (all above 0); `murmur` picks MURMUR_HASH_2.
    pub fn build(
        keys: &[&str],
        weights: &[u32],
        min_size: u64,
        max_size: u64,
        murmur: bool,
    ) -> Self {
        if keys.is_empty() {
            return Self {
                entries: Vec::new(),
            };
        }
        let (w, min_w, _) = normalise(weights);
        let scale = ((min_w * min_size as f64).ceil() / min_w).min(max_size as f64);
        let mut entries = Vec::with_capacity(scale.ceil() as usize);
        let (mut current, mut target) = (0.0f64, 0.0f64);
        let mut buf = Vec::new();
        for (h, key) in keys.iter().enumerate() {
            target += scale * w[h];
            let mut i = 0u64;
            while current < target {
                buf.clear();
                buf.extend_from_slice(key.as_bytes());
                buf.push(b'_');
                buf.extend_from_slice(i.to_string().as_bytes());
                let hash = if murmur {
                    murmur2(&buf, MURMUR_SEED)
                } else {
                    xxh64(&buf, 0)
                };
                entries.push((hash, h));
                i += 1;
                current += 1.0;
            }
        }
        // std::sort by hash: equal hashes (never seen in practice) keep no defined order.
        entries.sort_by_key(|e| e.0);
        Self { entries }
    }

    /// `chooseHost`: the entry at or above `hash`, wrapping; its position in `entries`.
    pub fn lookup(&self, hash: u64) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let i = self.entries.partition_point(|e| e.0 < hash);
        Some(if i == self.entries.len() { 0 } else { i })
    }
}

/// Envoy's Maglev table: slot → host index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvoyMaglev {
    /// Host index per slot.
    pub table: Vec<usize>,
}

impl EnvoyMaglev {
    /// Hosts given by their hash keys and weights (all above 0); `size` a prime M ≥ 2.
    pub fn build(keys: &[&str], weights: &[u32], size: u64) -> Self {
        if keys.is_empty() || size < 2 {
            return Self { table: Vec::new() };
        }
        let (w, _, max_w) = normalise(weights);
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(keys[b]));
        struct Entry {
            host: usize,
            offset: u64,
            skip: u64,
            weight: f64,
            target: f64,
            next: u64,
        }
        let mut entries: Vec<Entry> = order
            .iter()
            .map(|&h| Entry {
                host: h,
                offset: xxh64(keys[h].as_bytes(), 0) % size,
                skip: xxh64(keys[h].as_bytes(), 1) % (size - 1) + 1,
                weight: w[h],
                target: 0.0,
                next: 0,
            })
            .collect();
        let mut table: Vec<Option<usize>> = vec![None; size as usize];
        let mut filled = 0u64;
        let mut iteration = 1u64;
        while filled < size {
            for e in entries.iter_mut() {
                if filled >= size {
                    break;
                }
                if (iteration as f64) * e.weight < e.target {
                    continue;
                }
                e.target += max_w;
                let mut c = (e.offset + e.skip * e.next) % size;
                while table[c as usize].is_some() {
                    e.next += 1;
                    c = (e.offset + e.skip.wrapping_mul(e.next)) % size;
                }
                table[c as usize] = Some(e.host);
                e.next += 1;
                filled += 1;
            }
            iteration += 1;
        }
        Self {
            table: table.into_iter().map(|s| s.unwrap_or(0)).collect(),
        }
    }

    /// `chooseHost`: slot `hash mod M`; returns (slot, host).
    pub fn lookup(&self, hash: u64) -> Option<(usize, usize)> {
        if self.table.is_empty() {
            return None;
        }
        let slot = (hash % self.table.len() as u64) as usize;
        Some((slot, self.table[slot]))
    }
}

/// Whether `n` is prime (Envoy refuses a Maglev table size that is not).
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2u64;
    while d.saturating_mul(d) <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_size_is_shared_so_a_newcomer_shortens_every_host() {
        let count = |ring: &EnvoyRing, h: usize| ring.entries.iter().filter(|e| e.1 == h).count();
        let four = EnvoyRing::build(&["a:1", "b:1", "c:1", "d:1"], &[1; 4], 1024, 8 << 20, false);
        let five = EnvoyRing::build(
            &["a:1", "b:1", "c:1", "d:1", "e:1"],
            &[1; 5],
            1024,
            8 << 20,
            false,
        );
        assert_eq!((count(&four, 0), count(&five, 0)), (256, 205));
        // Host a keeps its first 205 entries: every one of them is in the four-host ring.
        let kept = five.entries.iter().filter(|e| e.1 == 0);
        assert!(kept.clone().all(|e| four.entries.contains(e)));
    }

    #[test]
    fn murmur2_of_the_empty_key_is_the_mixed_seed() {
        // len 0: hash = seed, then two shift-mixes around one multiplication.
        let mul = 0xc6a4_a793_5bd1_e995u64;
        let h = (MURMUR_SEED ^ (MURMUR_SEED >> 47)).wrapping_mul(mul);
        assert_eq!(murmur2(b"", MURMUR_SEED), h ^ (h >> 47));
    }
}
