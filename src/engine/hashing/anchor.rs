//! `anchor_hash`: AnchorHash (Mendelson, Vargaftik, Barabash, Lorenz, Keslassy and Orda,
//! "AnchorHash: A Scalable Consistent Hash", arXiv:1812.09674, 2018; IEEE/ACM Transactions on
//! Networking 29(2), 2021): a fixed *anchor* of a buckets, of which the working ones take keys;
//! any bucket can leave, and exactly its keys move.
//!
//! Written from the paper's Algorithms 1 to 4 (the arrays A, K, W, L and the stack R, the
//! version its authors publish as `cpp-anchorhash`), with Fulcrum's hash functions:
//!
//! * `A[b]` is 0 for a working bucket, else the size the working set fell to when b left; `W`
//!   lists the working buckets first (`L` is where each bucket sits in it); `K[b]` is the bucket
//!   that took b's place in `W` when it left; `R` is the stack of removed buckets.
//! * Lookup: `b ← XXH3-64(key) mod a`; while b was removed: `h ← XXH3-64(key, seed b) mod A[b]`,
//!   and while h was removed after b (`A[h] ≥ A[b]`), `h ← K[h]`; `b ← h`.
//! * Removing b pushes it on R, shrinks the working set by one, moves the last working bucket
//!   into b's place in W and records it in `K[b]`; adding pops the last removed bucket.
//!
//! Fulcrum's pool on top, as for [`crate::engine::hashing::memento`]: a server of weight w owns w buckets, kept
//! by server id; the buckets of a server that leaves or stops being eligible are removed, in
//! descending bucket number, and new buckets (new servers, weights that grew, in pool order)
//! take back the last removed first, so a server that fails and recovers with nothing else
//! changed gets its keys back. The anchor's size a is fixed when it is built: the smallest power
//! of two at least twice the buckets needed, and at least [`MIN_ANCHOR`]. A pool that outgrows it
//! gets a new anchor twice the size it needs, which moves most keys (the price of AnchorHash's
//! fixed a; the paper sizes a for the largest cluster expected).
//!
//! Cost: the paper bounds the expected rehashes by ln(a / w) + 1 with w of a buckets working,
//! so with a at most 4·w (while the pool keeps its size) a lookup is O(1): about 1.7 rehashes at
//! a = 2·w, more once many buckets have left. Memory: five u32 per anchor bucket.

use crate::engine::hashing::jump::MAX_BUCKETS;
use crate::engine::hashing::key::RequestKey;
use crate::engine::hashing::memento::{BucketSet, MementoStep, NONE, sync_buckets};
use crate::engine::hashing::{self, HashFunction};
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// The smallest anchor Fulcrum builds.
pub const MIN_ANCHOR: usize = 64;

/// The anchor: a buckets, the working ones first in `w`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchor {
    /// `A`: 0 for a working bucket, else the working set's size just after it left.
    a: Vec<u32>,
    /// `K`: the bucket that took b's place in `W` when b left (b itself while working).
    k: Vec<u32>,
    /// `W`: the working buckets in `w[..n]`.
    w: Vec<u32>,
    /// `L`: where each bucket sits in `W`.
    l: Vec<u32>,
    /// `R`: the removed buckets, the last removed on top.
    r: Vec<u32>,
    /// Which buckets work (`A` alone cannot say for the last one to leave, whose A is 0).
    working: Vec<bool>,
    /// N: how many buckets work.
    n: usize,
}

impl Anchor {
    /// An anchor of `size` buckets, none working: additions take 0, 1, 2, … (the paper's
    /// `InitAnchor(a, 0)`).
    pub fn new(size: usize) -> Self {
        let ids: Vec<u32> = (0..size as u32).collect();
        Self {
            a: ids.clone(),
            k: ids.clone(),
            w: ids.clone(),
            l: ids.clone(),
            r: ids.into_iter().rev().collect(),
            working: vec![false; size],
            n: 0,
        }
    }

    /// a: the anchor's size.
    pub fn size(&self) -> usize {
        self.a.len()
    }

    /// The working set's size when `b` left, if it did.
    pub fn removed_at(&self, b: usize) -> Option<usize> {
        (!self.working[b]).then_some(self.a[b] as usize)
    }

    /// The working bucket of a key whose hash is `hash`; `rehash(b)` is the key's hash seeded
    /// with bucket b; `on_step` hears each rehash and follow. None when no bucket works.
    #[inline]
    pub fn lookup(
        &self,
        hash: u64,
        mut rehash: impl FnMut(usize) -> u64,
        mut on_step: impl FnMut(MementoStep),
    ) -> Option<usize> {
        if self.n == 0 {
            return None;
        }
        let mut b = (hash % self.a.len() as u64) as usize;
        while !self.working[b] {
            let left = self.a[b];
            let h = rehash(b);
            let mut next = (h % u64::from(left)) as usize;
            on_step(MementoStep::Rehash {
                bucket: b,
                working: left as usize,
                seed: b as u64,
                hash: h,
                to: next,
            });
            while !self.working[next] && self.a[next] >= left {
                let to = self.k[next] as usize;
                on_step(MementoStep::Follow { bucket: next, to });
                next = to;
            }
            b = next;
        }
        Some(b)
    }
}

impl BucketSet for Anchor {
    fn slots(&self) -> usize {
        self.a.len()
    }
    fn is_working(&self, b: usize) -> bool {
        self.working[b]
    }
    fn working(&self) -> usize {
        self.n
    }
    /// The paper's `AddBucket`: the last removed bucket comes back.
    fn add(&mut self) -> usize {
        let b = self.r.pop().expect("the pool is kept within the anchor") as usize;
        let n = self.n;
        self.a[b] = 0;
        self.l[self.w[n] as usize] = n as u32;
        self.w[self.l[b] as usize] = b as u32;
        self.k[b] = b as u32;
        self.working[b] = true;
        self.n += 1;
        b
    }
    /// The paper's `RemoveBucket`.
    fn remove(&mut self, b: usize) {
        self.r.push(b as u32);
        self.n -= 1;
        let n = self.n;
        self.a[b] = n as u32;
        let last = self.w[n];
        self.w[self.l[b] as usize] = last;
        self.l[last as usize] = self.l[b];
        self.k[b] = last;
        self.working[b] = false;
    }
}

/// AnchorHash over the pool's servers, w buckets per unit of weight.
#[derive(Clone, Debug, Default)]
pub struct AnchorHash {
    key: RequestKey,
    anchor: Anchor,
    members: Vec<(String, Vec<u32>)>,
    /// Bucket → pool index of its server ([`NONE`] if not working).
    owner: Vec<u32>,
}

impl AnchorHash {
    fn reset(&mut self, pool: &Pool) {
        let needed: usize = pool
            .eligible()
            .iter()
            .map(|&i| (pool.server(i).weight as usize).max(1))
            .sum::<usize>()
            .min(MAX_BUCKETS);
        if needed > self.anchor.size() {
            let size = (2 * needed).next_power_of_two().max(MIN_ANCHOR);
            self.anchor = Anchor::new(size);
            self.members.clear();
        }
        sync_buckets(
            pool,
            &mut self.members,
            &mut self.anchor,
            MAX_BUCKETS,
            &mut self.owner,
        );
    }

    /// The anchor, for the views and tests.
    pub fn anchor(&self) -> &Anchor {
        &self.anchor
    }
}

impl Strategy for AnchorHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            key: RequestKey::new(config.key_source()),
            ..Self::default()
        };
        s.reset(pool);
        s
    }

    /// Any change is diffed by server id against the buckets each server holds.
    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.anchor.working() == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let key = self.key.read(ctx.request, &mut ctx.explain);
        let hash = hashing::key_hash(key.as_bytes());
        ctx.explain.step(|| Step::Hash {
            function: HashFunction::Xxh3,
            input: key.to_string(),
            value: hash,
        });
        let size = self.anchor.size();
        ctx.explain.step(|| {
            Step::Note(Note::AnchorBucket {
                hash,
                anchor: size,
                bucket: (hash % size as u64) as usize,
            })
        });
        let explain = &mut ctx.explain;
        let b = self
            .anchor
            .lookup(
                hash,
                |b| hashing::seeded_hash(key.as_bytes(), b as u64),
                |step| explain.step(|| step.into()),
            )
            .ok_or(PickError::NoEligibleServer)?;
        let server = self.owner[b];
        debug_assert_ne!(server, NONE);
        ctx.explain.step(|| {
            Step::Note(Note::BucketOwner {
                bucket: b,
                buckets: size,
                server: server as usize,
            })
        });
        Ok(server as usize)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, assert_shares_follow_weights, balancer, check_only_its_keys_move, keys, owners,
        request, servers, weighted_servers,
    };
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{AnyStrategy, StrategyKind};

    const KIND: StrategyKind = StrategyKind::AnchorHash;

    fn buckets(a: &Anchor, keys: &[String]) -> Vec<Option<usize>> {
        keys.iter()
            .map(|k| {
                a.lookup(
                    hashing::key_hash(k.as_bytes()),
                    |b| hashing::seeded_hash(k.as_bytes(), b as u64),
                    |_| {},
                )
            })
            .collect()
    }

    fn state(b: &Balancer) -> &AnchorHash {
        match b.strategy() {
            AnyStrategy::AnchorHash(a) => a,
            other => panic!("not anchor: {}", other.type_name()),
        }
    }

    #[test]
    fn a_full_anchor_is_the_modulo_and_additions_take_the_last_removed() {
        let mut a = Anchor::new(8);
        for want in 0..8 {
            assert_eq!(a.add(), want);
        }
        let ks = keys(200);
        let all = buckets(&a, &ks);
        for (k, got) in ks.iter().zip(&all) {
            assert_eq!(*got, Some((hashing::key_hash(k.as_bytes()) % 8) as usize));
        }
        a.remove(3);
        a.remove(6);
        assert_eq!((a.removed_at(3), a.removed_at(6)), (Some(7), Some(6)));
        assert_eq!(a.add(), 6);
        assert_eq!(a.add(), 3);
        assert_eq!(buckets(&a, &ks), all);
    }

    #[test]
    fn explains_the_start_the_rehashes_and_the_owner() {
        let mut b = balancer(KIND, servers(10));
        assert_eq!(state(&b).anchor().size(), MIN_ANCHOR);
        b.remove_server("s4:80").unwrap();
        let mut rng = seeded(1);
        for k in keys(100) {
            let (got, steps) = b.pick_explained(&request(&k), &mut rng, 0);
            let server = got.unwrap();
            assert!(
                steps
                    .iter()
                    .any(|s| matches!(s, Step::Note(Note::AnchorBucket { anchor: 64, .. })))
            );
            // 9 of 64 buckets work: most keys start on a removed one and rehash.
            let owner = steps.iter().rev().find_map(|s| match s {
                Step::Note(Note::BucketOwner { server, .. }) => Some(*server),
                _ => None,
            });
            assert_eq!(owner, Some(server));
        }
    }

    #[test]
    fn shares_follow_weights() {
        assert_shares_follow_weights(&mut balancer(KIND, weighted_servers()));
    }

    #[test]
    fn a_pool_that_outgrows_the_anchor_gets_a_larger_one() {
        let mut b = balancer(KIND, servers(20));
        assert_eq!(state(&b).anchor().size(), 64);
        for i in 0..22 {
            b.add_server(Server::new(format!("n{i}:80"), format!("n{i}"), 80, 2))
                .unwrap();
        }
        // 64 buckets work; one more server needs 66: a new anchor of 2 · 66 → 256.
        assert_eq!(state(&b).anchor().size(), 64);
        b.add_server(Server::new("n22:80", "n22", 80, 2)).unwrap();
        assert_eq!(state(&b).anchor().size(), 256);
        let got = owners(&mut b, &keys(2_000));
        assert!(got.iter().all(Option::is_some));
        assert!(got.iter().any(|o| o.as_deref() == Some("n22:80")));
    }

    proptest! {
        /// Arbitrary removals and additions on the anchor: a removal moves exactly the removed
        /// bucket's keys, an addition moves keys only onto the added bucket.
        #[test]
        fn arbitrary_removals_move_only_the_removed_buckets_keys(
            size in 1usize..64,
            start in 1usize..64,
            ops in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..40),
        ) {
            let ks = keys(300);
            let mut a = Anchor::new(size);
            for _ in 0..start.min(size) {
                a.add();
            }
            for (add, pick) in ops {
                let before = buckets(&a, &ks);
                let working: Vec<usize> = (0..size).filter(|&b| a.is_working(b)).collect();
                if (add || working.len() <= 1) && working.len() < size {
                    let b = a.add();
                    for (old, new) in before.iter().zip(buckets(&a, &ks)) {
                        prop_assert!(new == *old || new == Some(b), "{:?} → {:?}", old, new);
                    }
                } else if working.len() > 1 {
                    let b = working[pick.index(working.len())];
                    a.remove(b);
                    for (old, new) in before.iter().zip(buckets(&a, &ks)) {
                        if *old == Some(b) {
                            prop_assert_ne!(new, *old);
                        } else {
                            prop_assert_eq!(new, *old);
                        }
                    }
                }
                for got in buckets(&a, &ks) {
                    prop_assert!(a.is_working(got.unwrap()));
                }
            }
        }

        /// Taking one server away (removed, unhealthy, draining, weight 0) moves exactly its
        /// keys, and undoing it brings every key back.
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

        /// Whatever the history (within the anchor), each change moves keys only to or from
        /// the server it touches.
        #[test]
        fn every_change_moves_only_the_touched_servers_keys(
            pool in arb_pool(),
            ops in prop::collection::vec((0usize..4, any::<prop::sample::Index>(), 0u32..4), 1..10),
        ) {
            let ks = keys(200);
            let mut b = balancer(KIND, pool);
            let mut added = 0;
            for (op, target, weight) in ops {
                let before = owners(&mut b, &ks);
                let size = state(&b).anchor().size();
                let touched = if op == 3 || b.pool().is_empty() {
                    added += 1;
                    let id = format!("added{added}:80");
                    b.add_server(Server::new(id.clone(), format!("added{added}"), 80, weight))
                        .unwrap();
                    id
                } else {
                    let index = target.index(b.pool().len());
                    let id = b.pool().server(index).id.clone();
                    match op {
                        0 => b.remove_server(&id).unwrap(),
                        1 => {
                            let healthy = b.pool().server(index).status == Status::Healthy;
                            let to = if healthy { Status::Unhealthy } else { Status::Healthy };
                            b.set_status(index, to).unwrap();
                        }
                        _ => b.set_weight(index, weight).unwrap(),
                    }
                    id
                };
                let after = owners(&mut b, &ks);
                if state(&b).anchor().size() == size {
                    for (old, new) in before.iter().zip(&after) {
                        prop_assert!(
                            new == old
                                || old.as_deref() == Some(touched.as_str())
                                || new.as_deref() == Some(touched.as_str()),
                            "{:?} → {:?} though only {} changed", old, new, touched
                        );
                    }
                }
                let live = !b.pool().eligible().is_empty();
                prop_assert!(after.iter().all(|o| o.is_some() == live));
            }
        }
    }
}
