//! Strategies that pick by hashing the request's key, and the fixed, documented hash functions
//! they all use.
//!
//! [`key`] reads the key a request is hashed by. [`modulo`] is the plain hash-modulo baseline
//! (`url_hash`), which moves most keys when the pool changes; the rest are consistent hashes,
//! which move only the keys they must: the ring ([`ring`], with [`bounded`] loads), rendezvous
//! ([`rendezvous`], and [`skeleton`] for large pools), the bucket hashes ([`jump`],
//! [`jump_back`], [`memento`], [`anchor`]), [`maglev`]'s table and [`multi_probe`].
//!
//! ## The hash functions
//!
//! The seed hashes with Python's `hash()`, which is salted per process: the same key lands on a
//! different server after a restart. Fulcrum's corrected strategies use functions that give the
//! same value on every platform and every run, so a reader can reproduce any lookup by hand:
//!
//! * [`key_hash`]: XXH3-64 (seed 0) of the key's UTF-8 bytes. Used for request keys and, with
//!   [`seeded_hash`], for server-derived values (ring points, maglev offsets, rendezvous scores).
//! * [`crc32`]: CRC-32 (IEEE), as nginx's `ngx_crc32_long`; only the nginx-compatible ring uses it.
//! * [`mix64`]: a folded multiply, one multiplication that turns a key hash xored with a seed
//!   into a fresh 64-bit hash; rendezvous's tree scores each node's children with it.
//! * The seed's own variants emulate Python's salted SipHash-1-3 (see `seed.rs`).

pub mod anchor;
pub mod bounded;
pub mod jump;
pub mod jump_back;
pub mod key;
pub mod maglev;
pub mod memento;
pub mod modulo;
pub mod multi_probe;
pub mod rendezvous;
pub mod ring;
pub mod skeleton;

use serde::Serialize;

/// Names of the hash functions, as traces report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashFunction {
    /// XXH3-64 with seed 0.
    Xxh3,
    /// XXH3-64 with a seed (the seed is given in the step's input description).
    Xxh3Seeded,
    /// CRC-32 (IEEE) as nginx computes it.
    Crc32,
    /// Python 3's `hash(str)`: SipHash-1-3 keyed by the per-process salt.
    PythonSipHash13,
    /// nginx's ip_hash: from the previous value (89 at first), `(h · 113 + byte) mod 6271` per
    /// address byte.
    NginxIpHash,
}

impl HashFunction {
    // Inlined: a caller that names some functions itself (the page, in its language) then
    // carries only the labels it can reach.
    #[inline(always)]
    /// The function's usual name ("XXH3-64"), for explanations.
    pub fn label(self) -> &'static str {
        match self {
            HashFunction::Xxh3 => "XXH3-64",
            HashFunction::Xxh3Seeded => "XXH3-64 (seeded)",
            HashFunction::Crc32 => "CRC-32",
            HashFunction::PythonSipHash13 => "Python hash() (SipHash-1-3, salted)",
            HashFunction::NginxIpHash => "nginx ip_hash ((h · 113 + b) mod 6271)",
        }
    }
}

/// XXH3-64 (seed 0) of `bytes`. XXH3-64 with seed 0 is the unseeded XXH3-64 (the spec's, and
/// `xxh3_64`'s), so this shares [`seeded_hash`]'s code rather than bringing a second copy.
#[inline]
pub fn key_hash(bytes: &[u8]) -> u64 {
    seeded_hash(bytes, 0)
}

/// XXH3-64 of `bytes` with `seed`.
#[inline]
pub fn seeded_hash(bytes: &[u8], seed: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, seed)
}

/// CRC-32 (IEEE) of `bytes`, nginx's `ngx_crc32_long`. Natively the `crc32fast` crate computes
/// it; in the browser, [`crc32_bytewise`] does (the crate's slice-by-16 tables would be 16 KB of
/// incompressible data in the site's wasm). Both are the same function: a test compares them.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// CRC-32 (IEEE) of `bytes`: see the native version.
#[cfg(target_arch = "wasm32")]
#[inline]
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_bytewise(bytes)
}

/// CRC-32 (IEEE) with one lookup in a 1 KB table per byte, as nginx's `ngx_crc32_long` does it.
#[inline]
pub fn crc32_bytewise(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        CRC32_TABLE[usize::from((crc as u8) ^ b)] ^ (crc >> 8)
    })
}

/// The 128-bit product of `z` and 0x9E3779B97F4A7C15 (2⁶⁴ over the golden ratio) with its high and
/// low halves xored: the "folded multiply" of aHash and wyhash. The multiplication carries every
/// input bit into the high half, and folding brings them down into all 64 bits, which is enough
/// to turn an XXH3 hash xored with a random seed into a fresh one.
#[inline]
pub fn mix64(z: u64) -> u64 {
    let p = u128::from(z) * 0x9e37_79b9_7f4a_7c15;
    (p as u64) ^ ((p >> 64) as u64)
}

/// The reflected CRC-32 table of the IEEE polynomial 0xEDB88320, built at compile time.
static CRC32_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// A 64-bit hash as a uniform float in `(0, 1)`: the 52 high bits plus one half, so never
/// exactly 0 or 1 (which matters where a strategy takes its logarithm).
#[inline]
pub fn unit_interval(hash: u64) -> f64 {
    // Through i64, exact below 2⁵², because a signed conversion is one instruction on x86-64.
    ((hash >> 12) as i64 as f64 + 0.5) / (1u64 << 52) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_the_documented_functions() {
        // Published test vectors: XXH3-64("") and CRC-32("123456789").
        assert_eq!(key_hash(b""), 0x2D06_8005_38D3_94C2);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32_bytewise(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    /// 300 scrambled bytes: every length up to 300 takes XXH3's short, mid-size and long
    /// (> 240 bytes) paths and both CRC-32 paths.
    fn test_bytes() -> Vec<u8> {
        (0..300u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect()
    }

    #[test]
    fn the_key_hash_is_unseeded_xxh3() {
        // Every length up to 300 bytes: XXH3's short, mid-size and long (> 240 bytes) paths.
        let data = test_bytes();
        for len in 0..=data.len() {
            assert_eq!(
                key_hash(&data[..len]),
                xxhash_rust::xxh3::xxh3_64(&data[..len])
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_bytewise_crc32_is_the_crc32fast_crate() {
        // Every length up to 300 bytes, so both the per-byte path and the crate's wide paths
        // are compared.
        let data = test_bytes();
        for len in 0..=data.len() {
            assert_eq!(
                crc32_bytewise(&data[..len]),
                crc32fast::hash(&data[..len]),
                "length {len}"
            );
        }
    }

    #[test]
    fn mix64_is_the_folded_multiply() {
        assert_eq!(mix64(0), 0);
        assert_eq!(mix64(1), 0x9e37_79b9_7f4a_7c15);
        // 2⁶³ · K: the low half keeps K's lowest bit at the top, the high half is K >> 1.
        assert_eq!(mix64(1 << 63), (1 << 63) ^ 0x4f1b_bcdc_bfa5_3e0a);
    }

    #[test]
    fn unit_interval_is_open() {
        let u = unit_interval(0);
        assert!(u > 0.0 && unit_interval(u64::MAX) < 1.0);
    }
}
