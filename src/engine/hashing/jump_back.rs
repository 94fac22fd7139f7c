//! `jump_back_hash`: JumpBackHash (Otmar Ertl, "JumpBackHash: Say Goodbye to the Modulo
//! Operation to Distribute Keys Uniformly to Buckets", arXiv:2403.18682, 2024; Software:
//! Practice and Experience, 2025) over the stable bucket list of [`crate::engine::hashing::jump`].
//!
//! [`jump_back_hash`] follows the reference implementation in Dynatrace's hash4j
//! (`AbstractConsistentJumpBackBucketHasher.getBucket`, with its SplitMix64 generator,
//! `ConsistentJumpBackBucketHasherSplitMix64`): integer arithmetic only, where Lamping and
//! Veach's loop divides in floating point. Jump hash walks *forward* from bucket 0 through the
//! buckets a key would move to as buckets are appended, and stops at the last one below n;
//! JumpBackHash walks *backward*: the bits of one random number say, for each power-of-two range
//! `[2^k, 2^(k+1))`, whether the key's chain has a jump into that range, and where, so it starts
//! at the highest range below n, takes the range's candidate if it is below n, draws again
//! within that range while the candidate is at or past n (from further random numbers, until
//! one falls below 2^k: no jump in range), and else moves back to the next lower range with a
//! set bit. Expected O(1) random numbers per lookup, whatever n.
//!
//! Appending bucket n moves keys only onto it, exactly 1/(n + 1) of them (the tests check the
//! monotonicity for every n up to 2,000 and the uniformity). Like jump hash it can only shrink
//! from the end, so Fulcrum runs it over the stable bucket list of `jump_hash` (w buckets per
//! unit of weight, tombstones for leavers, a fresh seed per attempt): any server can leave and
//! exactly its keys move.
//!
//! Cost: O(1) expected per attempt (jump hash's is O(log B)); 1/(1 − f) attempts with a
//! fraction f of the buckets dead.

use crate::engine::hashing::jump::JumpHash;
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};

/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), hash4j's default generator for JumpBackHash:
/// the state advances by the golden gamma and each output is the state, mixed.
#[derive(Clone, Copy, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed` (JumpBackHash seeds it with the key's hash).
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    #[inline]
    /// The next 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The bucket in `0..n` for a key hashed to `hash` (0 when n ≤ 1). `on_candidate(low,
/// candidate)` hears each candidate considered, `low` being the lowest bucket of its range
/// `[low, 2·low)` (0 and 0 for the final fall back to bucket 0).
#[inline]
pub fn jump_back_hash(hash: u64, n: u32, mut on_candidate: impl FnMut(u64, u64)) -> u32 {
    if n <= 1 {
        return 0;
    }
    let mut rng = SplitMix64::new(hash);
    let r0 = rng.next_u64();
    // One bit per range [2^k, 2^(k+1)) below n: does the key's chain jump into it?
    let mut ranges = ((r0 ^ (r0 >> 32)) as u32) & (u32::MAX >> (n - 1).leading_zeros());
    loop {
        if ranges == 0 {
            on_candidate(0, 0);
            return 0;
        }
        let low = 1u32 << (31 - ranges.leading_zeros());
        // The range's first candidate comes from r0's upper or lower half, by the parity of
        // the ranges left (hash4j shifts a long by 32 · popcount, which Java takes mod 64).
        let shift = (ranges.count_ones() << 5) & 63;
        let candidate = low + ((r0 >> shift) as u32 & (low - 1));
        on_candidate(u64::from(low), u64::from(candidate));
        if candidate < n {
            return candidate;
        }
        let mask = (low << 1) - 1;
        'range: loop {
            let r1 = rng.next_u64();
            for half in [r1 as u32, (r1 >> 32) as u32] {
                let candidate = half & mask;
                if candidate < low {
                    break 'range;
                }
                on_candidate(u64::from(low), u64::from(candidate));
                if candidate < n {
                    return candidate;
                }
            }
        }
        ranges ^= low;
    }
}

/// JumpBackHash over jump hash's stable bucket list.
#[derive(Clone, Debug, Default)]
pub struct JumpBackHash {
    /// The bucket list, shared with jump hash so both keep the same buckets.
    pub buckets: JumpHash,
}

impl JumpBackHash {
    /// The stable bucket list (shared with `jump_hash`).
    pub fn buckets(&self) -> &JumpHash {
        &self.buckets
    }
}

impl Strategy for JumpBackHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        Self {
            buckets: JumpHash::build(config, pool),
        }
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.buckets.rebuild(pool, change);
    }

    #[inline]
    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        self.buckets.pick(ctx)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::hashing;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, assert_shares_follow_weights, balancer, check_only_its_keys_move, keys, owners,
        request, servers, weighted_servers,
    };
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;
    use crate::engine::trace::{Note, Step};

    const KIND: StrategyKind = StrategyKind::JumpBackHash;

    fn jb(hash: u64, n: u32) -> u32 {
        jump_back_hash(hash, n, |_, _| {})
    }

    #[test]
    fn splitmix64_is_the_published_generator() {
        // The reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c; the first is
        // also java.util.SplittableRandom's with the golden gamma).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(r.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn appending_a_bucket_moves_keys_only_onto_it() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..200 {
            let h = rng.next_u64();
            let mut last = jb(h, 1);
            assert_eq!(last, 0);
            for n in 2..2_000u32 {
                let b = jb(h, n);
                assert!(b < n);
                assert!(
                    b == last || b == n - 1,
                    "{h:#x}: n {n} gave {b} after {last}"
                );
                last = b;
            }
        }
    }

    #[test]
    fn spreads_keys_evenly() {
        let mut rng = SplitMix64::new(11);
        for n in [3u32, 7, 100, 1_000] {
            let draws = 200 * n as usize;
            let mut counts = vec![0u32; n as usize];
            for _ in 0..draws {
                counts[jb(rng.next_u64(), n) as usize] += 1;
            }
            // Each bucket expects 200 keys, σ ≈ 14: within 6σ.
            assert!(
                counts.iter().all(|&c| (115..=285).contains(&c)),
                "{n}: {counts:?}"
            );
            // Chi-squared over n − 1 degrees of freedom, well within its spread.
            let chi: f64 = counts
                .iter()
                .map(|&c| (f64::from(c) - 200.0).powi(2) / 200.0)
                .sum();
            let dof = f64::from(n - 1);
            assert!(chi < dof + 6.0 * (2.0 * dof).sqrt(), "{n}: χ² {chi}");
        }
    }

    #[test]
    fn a_fresh_pool_of_equal_servers_is_plain_jump_back_hash() {
        let mut b = balancer(KIND, servers(13));
        let mut rng = seeded(1);
        for k in keys(500) {
            let want = jb(hashing::key_hash(k.as_bytes()), 13) as usize;
            assert_eq!(b.pick(&request(&k), &mut rng, 0), Ok(want));
        }
    }

    #[test]
    fn explains_each_candidate_and_the_bucket() {
        let mut b = balancer(KIND, servers(1000));
        let (got, steps) = b.pick_explained(&request("/k/1"), &mut seeded(1), 0);
        let server = got.unwrap();
        let candidates: Vec<(u64, u64)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::JumpBack { low, candidate } => Some((*low, *candidate)),
                _ => None,
            })
            .collect();
        let (low, last) = *candidates.last().unwrap();
        assert!(last < 1000 && (low == 0 || (low..2 * low).contains(&last)));
        assert!(
            candidates[..candidates.len() - 1]
                .iter()
                .all(|c| c.1 >= 1000)
        );
        assert!(steps.contains(&Step::Note(Note::BucketOwner {
            bucket: last as usize,
            buckets: 1000,
            server,
        })));
    }

    #[test]
    fn shares_follow_weights() {
        assert_shares_follow_weights(&mut balancer(KIND, weighted_servers()));
    }

    proptest! {
        /// Whatever the pool, taking one server away (removed, unhealthy, draining, weight
        /// 0) moves exactly its keys, and undoing it brings every key back.
        #[test]
        fn removal_moves_exactly_the_removed_servers_keys(
            pool in arb_pool(),
            victim in any::<prop::sample::Index>(),
            how in 0usize..4,
        ) {
            let ks = keys(300);
            let mut b = balancer(KIND, pool);
            let index = victim.index(b.pool().len());
            check_only_its_keys_move(&mut b, &ks, index, how)?;
        }

        /// Arbitrary removals one after another: each moves only the removed server's keys.
        #[test]
        fn arbitrary_removals_move_only_the_removed_servers_keys(
            n in 2usize..30,
            order in prop::collection::vec(any::<prop::sample::Index>(), 1..10),
        ) {
            let ks = keys(300);
            let pool: Vec<Server> = (0..n)
                .map(|i| Server::new(format!("s{i}:80"), format!("s{i}"), 80, 1 + (i % 3) as u32))
                .collect();
            let mut b = balancer(KIND, pool);
            for pick in order {
                if b.pool().len() == 1 {
                    break;
                }
                let before = owners(&mut b, &ks);
                let id = b.pool().server(pick.index(b.pool().len())).id.clone();
                if pick.index(2) == 0 {
                    b.remove_server(&id).unwrap();
                } else {
                    let i = b.pool().index_of(&id).unwrap();
                    b.set_status(i, Status::Unhealthy).unwrap();
                }
                for (old, new) in before.iter().zip(owners(&mut b, &ks)) {
                    if old.as_deref() == Some(id.as_str()) {
                        prop_assert_ne!(&new, old);
                    } else {
                        prop_assert_eq!(&new, old);
                    }
                }
            }
        }
    }
}
