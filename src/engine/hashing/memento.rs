//! `memento_hash`: MementoHash (Coluzzi, Brocco, Antonucci and Leidi, "MementoHash: A Stateful,
//! Minimal Memory, Best Performing Consistent Hash Algorithm", arXiv:2306.09783, 2023; IEEE/ACM
//! Transactions on Networking, 2024): jump consistent hash over a bucket array of size n, plus a
//! *memento*, the replacement set of the buckets removed, so that any bucket, not only the last,
//! can leave with minimal disruption and no tombstone is ever jumped onto twice.
//!
//! Written from the paper's pseudocode and the authors' reference engines
//! (`ch.supsi.dti.isin.consistenthash.memento.MementoEngine`, and its C++ port
//! `MementoWithBinomialEngine::getBucket`), with Fulcrum's hash functions:
//!
//! * Lookup: `b ← jump(XXH3-64(key), n)`. While b is removed, with `r` the size the working set
//!   fell to when b left: rehash the key into the first r buckets, `b ← XXH3-64(key, seed b) mod
//!   r`; if that bucket was itself removed after b (its own `r'` ≥ r), follow its replacer `r'`
//!   (a bucket number too) until one removed before b or working is reached; go round again with
//!   that bucket's r.
//! * Removing bucket b: if nothing is removed and b is the last bucket, the array shrinks
//!   (plain jump hash); otherwise b enters the memento with its replacer `w − 1` (w the working
//!   buckets before the removal) and the previous last removed bucket, a stack.
//! * Adding a bucket restores the last one removed (its keys come back), else appends bucket n.
//!
//! Removing a bucket moves exactly its keys; adding one moves keys only onto it (the paper's
//! Theorems 1 and 2; the tests check both). The memento here is two arrays over n buckets
//! rather than the paper's hash table: O(n) memory (8 bytes per bucket), O(1) reads.
//!
//! Fulcrum's pool on top, as in [`crate::engine::hashing::jump`]: a server of weight w owns w buckets (capped at
//! [`MAX_BUCKETS`] in all; at least one each), kept by server id across rebuilds. A server that
//! leaves the pool or stops being eligible (unhealthy, draining, weight 0) has its buckets
//! removed (a weight that shrank gives up its newest), in descending bucket number; new servers
//! and weights that grew (in pool order) add buckets, taking back the last removed ones first.
//! So the owners depend on the order servers joined and left ([`KeyMapping::OrderAndHistory`]).
//! When every bucket is gone the array starts afresh.
//!
//! Cost: about ln n + 1 jumps, then one rehash (and a short follow) per removed bucket met: the
//! paper bounds the expected rehashes by ln(n / w) + 1 with w of n buckets working, so O(log n).
//!
//! [`KeyMapping::OrderAndHistory`]: crate::engine::strategy::KeyMapping::OrderAndHistory

use crate::engine::hashing::jump::{
    MAX_BUCKETS, held_by_pool_index, jump_consistent_hash, members_of,
};
use crate::engine::hashing::key::RequestKey;
use crate::engine::hashing::{self, HashFunction};
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

pub(crate) const NONE: u32 = u32::MAX;

/// The memento: which buckets were removed, each with its replacer, as a stack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memento {
    /// n: the size of the bucket array jumped over.
    size: usize,
    /// Bucket → its replacer (the working set's size just after it left), [`NONE`] if working.
    replacer: Vec<u32>,
    /// Bucket → the bucket removed before it (the stack's next entry).
    previous: Vec<u32>,
    /// The bucket an addition takes: the last removed, or `size` when none is.
    last_removed: u32,
    removed: usize,
}

impl Memento {
    /// Buckets that take keys.
    pub fn working(&self) -> usize {
        self.size - self.removed
    }

    /// n, the size of the array jumped over.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Bucket `b`'s replacer, if it was removed.
    pub fn replacer(&self, b: usize) -> Option<usize> {
        match self.replacer.get(b) {
            Some(&r) if r != NONE => Some(r as usize),
            _ => None,
        }
    }

    /// Add a bucket: the last one removed comes back, else bucket n is appended.
    pub fn add(&mut self) -> usize {
        let b = self.last_removed as usize;
        if self.replacer(b).is_some() {
            self.last_removed = self.previous[b];
            self.replacer[b] = NONE;
            self.removed -= 1;
        } else {
            debug_assert_eq!(b, self.size);
            self.size += 1;
            self.replacer.push(NONE);
            self.previous.push(NONE);
            self.last_removed = self.size as u32;
        }
        b
    }

    /// Remove working bucket `b`.
    pub fn remove(&mut self, b: usize) {
        debug_assert!(b < self.size && self.replacer(b).is_none());
        if self.working() == 1 {
            *self = Self::default();
        } else if self.removed == 0 && b + 1 == self.size {
            self.size -= 1;
            self.replacer.pop();
            self.previous.pop();
            self.last_removed = b as u32;
        } else {
            self.replacer[b] = (self.working() - 1) as u32;
            self.previous[b] = self.last_removed;
            self.last_removed = b as u32;
            self.removed += 1;
        }
    }

    /// The working bucket of a key whose hash is `hash`; `rehash(b)` is the key's hash seeded
    /// with bucket b. `on_step` hears every step of the lookup. None when no bucket works.
    #[inline]
    pub fn lookup(
        &self,
        hash: u64,
        mut rehash: impl FnMut(usize) -> u64,
        mut on_step: impl FnMut(MementoStep),
    ) -> Option<usize> {
        if self.working() == 0 {
            return None;
        }
        let mut b = jump_consistent_hash(hash, self.size as i64, |from, to| {
            on_step(MementoStep::Jump { from, to })
        }) as usize;
        let mut r = self.replacer(b);
        while let Some(left) = r {
            let h = rehash(b);
            let next = (h % left as u64) as usize;
            on_step(MementoStep::Rehash {
                bucket: b,
                working: left,
                seed: b as u64,
                hash: h,
                to: next,
            });
            b = next;
            r = self.replacer(b);
            while let Some(later) = r.filter(|&x| x >= left) {
                on_step(MementoStep::Follow {
                    bucket: b,
                    to: later,
                });
                b = later;
                r = self.replacer(b);
            }
        }
        Some(b)
    }
}

/// A set of buckets that any bucket can leave and that gives a bucket to each addition (the
/// memento's, AnchorHash's): what [`sync_buckets`] keeps in step with a pool.
pub(crate) trait BucketSet {
    /// Bucket numbers are below this.
    fn slots(&self) -> usize;
    fn is_working(&self, b: usize) -> bool;
    fn working(&self) -> usize;
    /// Add a bucket; which one is the set's rule.
    fn add(&mut self) -> usize;
    fn remove(&mut self, b: usize);
}

impl BucketSet for Memento {
    fn slots(&self) -> usize {
        self.size
    }
    fn is_working(&self, b: usize) -> bool {
        b < self.size && self.replacer(b).is_none()
    }
    fn working(&self) -> usize {
        Memento::working(self)
    }
    fn add(&mut self) -> usize {
        Memento::add(self)
    }
    fn remove(&mut self, b: usize) {
        Memento::remove(self, b)
    }
}

/// Bring `set` in step with `pool`, `members` (server id → its buckets, oldest first) being
/// what the last call left: the buckets of servers gone from the pool or not eligible, and the
/// newest buckets of a weight that shrank, leave, in descending bucket number; then new servers
/// and weights that grew, in pool order, add buckets (at most `max` working in all, at least
/// one per eligible server). `owner` becomes bucket → pool index ([`NONE`] if not working).
pub(crate) fn sync_buckets<S: BucketSet>(
    pool: &Pool,
    members: &mut Vec<(String, Vec<u32>)>,
    set: &mut S,
    max: usize,
    owner: &mut Vec<u32>,
) {
    let mut held = held_by_pool_index(pool, members, Vec::new());
    let mut kept = vec![false; set.slots()];
    for (i, buckets) in held.iter_mut().enumerate() {
        let s = pool.server(i);
        let keep = if s.is_eligible() {
            s.weight as usize
        } else {
            0
        };
        buckets.truncate(keep);
        for &b in buckets.iter() {
            kept[b as usize] = true;
        }
    }
    let leaving: Vec<usize> = (0..set.slots())
        .rev()
        .filter(|&b| !kept[b] && set.is_working(b))
        .collect();
    for b in leaving {
        set.remove(b);
    }
    for &i in pool.eligible() {
        let buckets = &mut held[i];
        while buckets.len() < pool.server(i).weight as usize {
            if set.working() >= max && !buckets.is_empty() {
                break;
            }
            buckets.push(set.add() as u32);
        }
    }
    owner.clear();
    owner.resize(set.slots(), NONE);
    for (i, buckets) in held.iter().enumerate() {
        for &b in buckets {
            owner[b as usize] = i as u32;
        }
    }
    *members = members_of(pool, held, |buckets| !buckets.is_empty());
}

/// One step of a memento lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MementoStep {
    /// Jump hash moved the key from bucket `from` to candidate `to`.
    Jump {
        /// Bucket before the jump.
        from: i64,
        /// Candidate after it.
        to: i64,
    },
    /// `bucket` was removed when `working` buckets were left: the key rehashed with seed `seed`
    /// to `hash`, `hash mod working` = `to`.
    Rehash {
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
    /// `bucket` was removed after the one being replaced: go on to its replacer `to`.
    Follow {
        /// The removed bucket.
        bucket: usize,
        /// Its replacer.
        to: usize,
    },
}

impl From<MementoStep> for Step {
    fn from(step: MementoStep) -> Step {
        match step {
            MementoStep::Jump { from, to } => Step::Jump { from, to },
            MementoStep::Rehash {
                bucket,
                working,
                seed,
                hash,
                to,
            } => Step::Note(Note::MementoRehash {
                bucket,
                working,
                seed,
                hash,
                to,
            }),
            MementoStep::Follow { bucket, to } => Step::Note(Note::MementoFollow { bucket, to }),
        }
    }
}

/// MementoHash over the pool's servers, w buckets per unit of weight.
#[derive(Clone, Debug, Default)]
pub struct MementoHash {
    key: RequestKey,
    memento: Memento,
    /// Server id → its working buckets, oldest first, in pool order as of the last rebuild.
    members: Vec<(String, Vec<u32>)>,
    /// Working bucket → pool index of its server ([`NONE`] for a removed bucket).
    owner: Vec<u32>,
}

impl MementoHash {
    fn reset(&mut self, pool: &Pool) {
        sync_buckets(
            pool,
            &mut self.members,
            &mut self.memento,
            MAX_BUCKETS,
            &mut self.owner,
        );
    }

    /// The memento, for the views and tests.
    pub fn memento(&self) -> &Memento {
        &self.memento
    }
}

impl Strategy for MementoHash {
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
        if self.memento.working() == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let key = self.key.read(ctx.request, &mut ctx.explain);
        let hash = hashing::key_hash(key.as_bytes());
        ctx.explain.step(|| Step::Hash {
            function: HashFunction::Xxh3,
            input: key.to_string(),
            value: hash,
        });
        let explain = &mut ctx.explain;
        let b = self
            .memento
            .lookup(
                hash,
                |b| hashing::seeded_hash(key.as_bytes(), b as u64),
                |step| explain.step(|| step.into()),
            )
            .ok_or(PickError::NoEligibleServer)?;
        let server = self.owner[b] as usize;
        ctx.explain.step(|| {
            Step::Note(Note::BucketOwner {
                bucket: b,
                buckets: self.memento.size(),
                server,
            })
        });
        Ok(server)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, assert_shares_follow_weights, balancer, check_only_its_keys_move, keys, owners,
        request, servers, weighted_servers,
    };
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;

    const KIND: StrategyKind = StrategyKind::MementoHash;

    /// Each key's bucket, looked up in `m` (keys hashed as the strategy hashes them).
    fn buckets(m: &Memento, keys: &[String]) -> Vec<Option<usize>> {
        keys.iter()
            .map(|k| {
                m.lookup(
                    hashing::key_hash(k.as_bytes()),
                    |b| hashing::seeded_hash(k.as_bytes(), b as u64),
                    |_| {},
                )
            })
            .collect()
    }

    fn memento(n: usize) -> Memento {
        let mut m = Memento::default();
        for _ in 0..n {
            m.add();
        }
        m
    }

    #[test]
    fn without_removals_it_is_plain_jump_hash() {
        let mut b = balancer(KIND, servers(9));
        let mut rng = seeded(1);
        for k in keys(500) {
            let want = jump_consistent_hash(hashing::key_hash(k.as_bytes()), 9, |_, _| {});
            assert_eq!(b.pick(&request(&k), &mut rng, 0), Ok(want as usize));
        }
    }

    #[test]
    fn removals_and_additions_keep_the_stack() {
        let mut m = memento(6);
        m.remove(5); // the last bucket with nothing removed: the array shrinks
        assert_eq!((m.size(), m.working()), (5, 5));
        m.remove(1);
        m.remove(3);
        assert_eq!((m.size(), m.working()), (5, 3));
        assert_eq!((m.replacer(1), m.replacer(3)), (Some(4), Some(3)));
        // Additions take back the last removed first, then append.
        assert_eq!([m.add(), m.add(), m.add(), m.add()], [3, 1, 5, 6]);
        assert_eq!(m.working(), 7);
        m.remove(0);
        m.remove(2);
        for b in [1, 3, 4, 5, 6] {
            m.remove(b);
        }
        assert_eq!(m, Memento::default(), "the last bucket gone: afresh");
    }

    #[test]
    fn explains_the_rehash_and_the_follow() {
        let mut b = balancer(KIND, servers(8));
        b.remove_server("s2:80").unwrap();
        b.remove_server("s5:80").unwrap();
        let mut rng = seeded(1);
        let mut rehashes = 0;
        for k in keys(300) {
            let (got, steps) = b.pick_explained(&request(&k), &mut rng, 0);
            let server = got.unwrap();
            rehashes += steps
                .iter()
                .filter(|s| matches!(s, Step::Note(Note::MementoRehash { .. })))
                .count();
            let owner = steps.iter().rev().find_map(|s| match s {
                Step::Note(Note::BucketOwner { server, .. }) => Some(*server),
                _ => None,
            });
            assert_eq!(owner, Some(server));
        }
        // Two of eight buckets removed: about a quarter of the keys land on one and rehash.
        assert!((40..120).contains(&rehashes), "{rehashes}");
    }

    #[test]
    fn shares_follow_weights() {
        let mut b = balancer(KIND, weighted_servers());
        assert_shares_follow_weights(&mut b);
    }

    #[test]
    fn an_ineligible_server_loses_its_buckets_and_gets_buckets_back() {
        let mut b = balancer(KIND, servers(4));
        let ks = keys(2_000);
        let before = owners(&mut b, &ks);
        b.set_status(1, Status::Unhealthy).unwrap();
        assert_eq!(state(&b).memento().working(), 3);
        assert!(
            owners(&mut b, &ks)
                .iter()
                .all(|o| o.as_deref() != Some("s1:80"))
        );
        b.set_status(1, Status::Healthy).unwrap();
        assert_eq!(owners(&mut b, &ks), before);
    }

    fn state(b: &crate::engine::balancer::Balancer) -> &MementoHash {
        match b.strategy() {
            crate::engine::strategy::AnyStrategy::MementoHash(m) => m,
            other => panic!("not memento: {}", other.type_name()),
        }
    }

    proptest! {
        /// Any removals in any order, then additions: a removal moves exactly the removed
        /// bucket's keys, an addition moves keys only onto the added bucket, and every key
        /// lands on a working bucket.
        #[test]
        fn arbitrary_removals_move_only_the_removed_buckets_keys(
            n in 1usize..40,
            ops in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..40),
        ) {
            let ks = keys(400);
            let mut m = memento(n);
            for (add, pick) in ops {
                let before = buckets(&m, &ks);
                let working: Vec<usize> =
                    (0..m.size()).filter(|&b| m.replacer(b).is_none()).collect();
                if add || working.len() <= 1 {
                    let b = m.add();
                    let after = buckets(&m, &ks);
                    for (old, new) in before.iter().zip(&after) {
                        prop_assert!(new == old || *new == Some(b), "{:?} → {:?}", old, new);
                    }
                } else {
                    let b = working[pick.index(working.len())];
                    m.remove(b);
                    let after = buckets(&m, &ks);
                    for (old, new) in before.iter().zip(&after) {
                        if *old == Some(b) {
                            prop_assert_ne!(new, old);
                        } else {
                            prop_assert_eq!(new, old);
                        }
                    }
                }
                for got in buckets(&m, &ks) {
                    let b = got.unwrap();
                    prop_assert!(b < m.size() && m.replacer(b).is_none());
                }
            }
        }

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

        /// Whatever the history, each change moves keys only to or from the server it
        /// touches, and the same history replays to the same owners.
        #[test]
        fn every_change_moves_only_the_touched_servers_keys(
            pool in arb_pool(),
            ops in prop::collection::vec((0usize..4, any::<prop::sample::Index>(), 0u32..4), 1..10),
        ) {
            let ks = keys(200);
            let mut b = balancer(KIND, pool);
            let mut replay = b.clone();
            let mut added = 0;
            for (op, target, weight) in ops {
                let before = owners(&mut b, &ks);
                let touched = if op == 3 || b.pool().is_empty() {
                    added += 1;
                    let id = format!("added{added}:80");
                    let s = Server::new(id.clone(), format!("added{added}"), 80, weight);
                    b.add_server(s.clone()).unwrap();
                    replay.add_server(s).unwrap();
                    id
                } else {
                    let index = target.index(b.pool().len());
                    let id = b.pool().server(index).id.clone();
                    match op {
                        0 => {
                            b.remove_server(&id).unwrap();
                            replay.remove_server(&id).unwrap();
                        }
                        1 => {
                            let healthy = b.pool().server(index).status == Status::Healthy;
                            let to = if healthy { Status::Unhealthy } else { Status::Healthy };
                            b.set_status(index, to).unwrap();
                            replay.set_status(index, to).unwrap();
                        }
                        _ => {
                            b.set_weight(index, weight).unwrap();
                            replay.set_weight(index, weight).unwrap();
                        }
                    }
                    id
                };
                let after = owners(&mut b, &ks);
                for (old, new) in before.iter().zip(&after) {
                    prop_assert!(
                        new == old
                            || old.as_deref() == Some(touched.as_str())
                            || new.as_deref() == Some(touched.as_str()),
                        "{:?} → {:?} though only {} changed", old, new, touched
                    );
                }
                prop_assert_eq!(&after, &owners(&mut replay, &ks));
                let live = !b.pool().eligible().is_empty();
                prop_assert!(after.iter().all(|o| o.is_some() == live));
            }
        }
    }
}
