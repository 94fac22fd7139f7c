//! `jump_hash`: jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash
//! Algorithm", 2014) over a stable list of buckets, so that any server, not only the last, can
//! leave with minimal disruption.
//!
//! [`jump_consistent_hash`] is the published loop, unchanged: a 64-bit linear congruential
//! generator (`key · 2862933555777941757 + 1`) and the floating-point division
//! `(b + 1) · (2³¹ / ((key >> 33) + 1))`. It maps a key to one of `n` buckets and moves only
//! 1/(n + 1) of the keys when bucket `n` is appended; but it can only shrink from the end, so on its
//! own a failure of server 3 of 10 would reshuffle everything behind it.
//!
//! Fulcrum therefore keeps a stable bucket list, as MementoHash (Coluzzi et al., "MementoHash: A
//! Stateful, Minimal Memory, Best Performing Consistent Hash Algorithm", 2023) and AnchorHash
//! (Mendelson et al., 2020) do:
//!
//! * A bucket keeps its server across rebuilds. A server that leaves the pool leaves tombstones;
//!   the next server added (or a server whose weight grows) takes the lowest tombstone before the
//!   list grows. A server that is only ineligible (unhealthy, draining, weight 0) keeps its
//!   buckets, so its keys come back to it when it recovers. Buckets are only handed out to
//!   eligible servers: a server added while unhealthy gets its buckets when it turns healthy.
//! * Lookup: attempt a = 0, 1, 2, … hashes the key with XXH3-64 seeded with a (seed 0 is plain
//!   [`hashing::key_hash`]) and jumps over all B buckets, tombstones included. The first attempt
//!   that lands on a bucket whose server is eligible wins.
//!
//! Whether a key lands on a bucket depends only on the key and B, never on which buckets are
//! alive, so a key whose bucket stays alive never moves: removing (or disabling) a server moves
//! exactly the keys it owned, and reviving a bucket or appending one moves keys only onto it.
//!
//! Cost: the jump loop makes about ln B + 1 iterations; with a fraction f of the buckets dead,
//! a lookup needs 1/(1 − f) attempts on average, so O(log n) while the pool is healthy. After
//! [`MAX_ATTEMPTS`] misses (probability f^64: never, unless nearly every bucket is dead) the key
//! goes to the live bucket with the highest XXH3-64(bucket number, seed = the last attempt's
//! hash), a rendezvous choice that is minimal in the same sense, in O(B).
//!
//! `jump_back_hash` is this same stable bucket list with Ertl's JumpBackHash loop
//! ([`crate::engine::hashing::jump_back`]) in place of Lamping and Veach's ([`JumpCore`]).
//!
//! Weights: jump hash is unweighted, so a server of weight w owns w buckets (weight 0 makes it
//! ineligible but keeps its buckets for its return). Growing a weight takes buckets (moving keys
//! only to that server), shrinking tombstones its newest buckets (moving only its keys). Buckets
//! are capped at [`MAX_BUCKETS`] in all: a server whose weight would exceed what is left gets what
//! is left, and at least one bucket. B stays at the pool's largest size so far, because dropping
//! a trailing tombstone would move keys that re-jumped past it.

use crate::engine::hashing::jump_back::jump_back_hash;
use crate::engine::hashing::key::RequestKey;
use crate::engine::hashing::{self, HashFunction};
use crate::engine::model::{IdIndex, Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig, StrategyKind};
use crate::engine::trace::{Note, Retry, Step, Unavailable};

/// Lookup attempts (jumps with a fresh seed) before the rendezvous fallback.
pub const MAX_ATTEMPTS: u64 = 64;
/// The most buckets the list may hold (4 MiB per table of bucket owners).
pub const MAX_BUCKETS: usize = 1 << 20;

const NONE: u32 = u32::MAX;

/// A stable slot list's first step on a rebuild (jump hash's buckets, rendezvous' skeleton
/// slots): what `members` (server id → what it holds) held for each server of `pool`, by pool
/// index, `empty` for a newcomer. What the servers that left the pool held is dropped: a slot
/// nobody holds is a tombstone.
pub(crate) fn held_by_pool_index<V: Clone>(
    pool: &Pool,
    members: &mut Vec<(String, V)>,
    empty: V,
) -> Vec<V> {
    let index = IdIndex::new(pool);
    let mut held = vec![empty; pool.len()];
    for (id, v) in members.drain(..) {
        if let Some(i) = index.get(&id) {
            held[i] = v;
        }
    }
    held
}

/// The tombstones of a stable slot list of `slots` slots, lowest first: the slots not `held`.
pub(crate) fn tombstones<'a>(
    slots: usize,
    held: impl IntoIterator<Item = &'a u32>,
) -> std::vec::IntoIter<u32> {
    let mut taken = vec![false; slots];
    for &slot in held {
        taken[slot as usize] = true;
    }
    let free: Vec<u32> = (0..slots as u32).filter(|&s| !taken[s as usize]).collect();
    free.into_iter()
}

/// A stable slot list's last step on a rebuild: the members to keep, each server of `pool` that
/// holds something (`holds`) with what it holds, in pool order.
pub(crate) fn members_of<V>(
    pool: &Pool,
    held: Vec<V>,
    holds: impl Fn(&V) -> bool,
) -> Vec<(String, V)> {
    pool.servers()
        .iter()
        .zip(held)
        .filter(|(_, v)| holds(v))
        .map(|(s, v)| (s.id.clone(), v))
        .collect()
}

/// A stable slot list's lookup attempt `attempt` hashing `key` to `hash`, explained: the plain
/// XXH3-64 first, then seeded with the attempt number (shared by jump hash and rendezvous).
pub(crate) fn attempt_hash_step(key: &str, attempt: u64, hash: u64) -> Step {
    let input = key.to_string();
    if attempt == 0 {
        Step::Hash {
            function: HashFunction::Xxh3,
            input,
            value: hash,
        }
    } else {
        Step::SeededHash {
            input,
            seed: attempt,
            value: hash,
        }
    }
}

/// Why a stable slot list (jump hash's buckets, rendezvous' skeleton slots) sends a key round
/// again: `index` is a tombstone (`owner` is [`NONE`]) or its server is not eligible.
pub(crate) fn dead_slot_note(
    pool: &Pool,
    retry: Retry,
    index: usize,
    owner: u32,
    attempt: u64,
) -> Note {
    let seed = attempt + 1;
    if owner == NONE {
        return Note::DeadSlot {
            retry,
            index,
            owner: None,
            why: Unavailable::Left,
            seed,
        };
    }
    let s = pool.server(owner as usize);
    let why = if s.weight == 0 {
        Unavailable::WeightZero
    } else if s.draining {
        Unavailable::Draining
    } else {
        Unavailable::of(s)
    };
    Note::DeadSlot {
        retry,
        index,
        owner: Some(owner as usize),
        why,
        seed,
    }
}

/// Lamping and Veach's jump consistent hash, exactly as published: the bucket in
/// `0..num_buckets` for `key` (−1 when `num_buckets` ≤ 0). `on_jump(from, to)` hears every
/// iteration of the loop, the last one being the jump past the end.
#[inline]
pub fn jump_consistent_hash(
    mut key: u64,
    num_buckets: i64,
    mut on_jump: impl FnMut(i64, i64),
) -> i64 {
    let mut b: i64 = -1;
    let mut j: i64 = 0;
    while j < num_buckets {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
        on_jump(b, j);
    }
    b
}

/// What a bucket holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// Its server left the pool; a lookup landing here jumps again.
    Tombstone,
    /// Owned by a server (pool index) that is eligible: lookups landing here stop.
    Live(usize),
    /// Owned by a server (pool index) that is not eligible now: lookups jump again.
    Unavailable(usize),
}

/// Which loop maps a hash to one of B buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JumpCore {
    /// Lamping and Veach's [`jump_consistent_hash`].
    #[default]
    LampingVeach,
    /// Ertl's [`crate::engine::hashing::jump_back::jump_back_hash`] (`jump_back_hash`).
    JumpBack,
}

/// Jump consistent hash over a stable bucket list.
#[derive(Clone, Debug, Default)]
pub struct JumpHash {
    key: RequestKey,
    core: JumpCore,
    /// Server id → its buckets, oldest first, in pool order as of the last rebuild. Survives
    /// rebuilds: this is the stable state. The buckets nobody holds are the tombstones.
    members: Vec<(String, Vec<u32>)>,
    /// B, tombstones included.
    bucket_count: usize,
    /// Bucket → pool index of its owner, or [`NONE`] for a tombstone. Derived on every rebuild.
    owner: Vec<u32>,
    /// Bucket → pool index when its owner is eligible, else [`NONE`]. Derived on every rebuild.
    live: Vec<u32>,
    live_count: usize,
}

impl JumpHash {
    fn reset(&mut self, pool: &Pool) {
        // Servers that left: their buckets become tombstones.
        let mut held = held_by_pool_index(pool, &mut self.members, Vec::new());
        // Weights that shrank give up their newest buckets first, so growth below can reuse them.
        for (buckets, s) in held.iter_mut().zip(pool.servers()) {
            if s.weight > 0 {
                buckets.truncate(s.weight as usize);
            }
        }
        // New servers and weights that grew, in pool order: lowest tombstone first, then append.
        // Only eligible servers grow: a bucket must be born live, since a dead bucket appended
        // to B would send keys that land on it to a re-jump that differs from their old chain.
        let mut free = tombstones(self.bucket_count, held.iter().flatten());
        for &i in pool.eligible() {
            let buckets = &mut held[i];
            while buckets.len() < pool.server(i).weight as usize {
                let occupied = self.bucket_count - free.len();
                if occupied >= MAX_BUCKETS && !buckets.is_empty() {
                    break;
                }
                let b = free.next().unwrap_or_else(|| {
                    self.bucket_count += 1;
                    (self.bucket_count - 1) as u32
                });
                buckets.push(b);
            }
        }
        // A pool with no member left starts afresh (no key is mapped anywhere to keep).
        if held.iter().all(Vec::is_empty) {
            self.bucket_count = 0;
        }
        self.owner.clear();
        self.owner.resize(self.bucket_count, NONE);
        self.live.clear();
        self.live.resize(self.bucket_count, NONE);
        self.live_count = 0;
        for (i, buckets) in held.iter().enumerate() {
            let eligible = pool.server(i).is_eligible();
            for &b in buckets {
                self.owner[b as usize] = i as u32;
                if eligible {
                    self.live[b as usize] = i as u32;
                    self.live_count += 1;
                }
            }
        }
        self.members = members_of(pool, held, |buckets| !buckets.is_empty());
    }

    /// B: the number of buckets jumped over, tombstones included.
    pub fn bucket_count(&self) -> usize {
        self.bucket_count
    }

    /// What bucket `b` holds (a tombstone when out of range).
    pub fn bucket(&self, b: usize) -> Bucket {
        match (self.owner.get(b), self.live.get(b)) {
            (Some(&owner), Some(&live)) if owner != NONE => {
                if live != NONE {
                    Bucket::Live(owner as usize)
                } else {
                    Bucket::Unavailable(owner as usize)
                }
            }
            _ => Bucket::Tombstone,
        }
    }

    /// The rendezvous fallback: the live bucket with the highest XXH3-64(b as 4 LE bytes, seed).
    fn fallback(&self, seed: u64) -> Option<usize> {
        let mut best: Option<(u64, usize)> = None;
        for (b, &server) in self.live.iter().enumerate() {
            if server == NONE {
                continue;
            }
            let score = hashing::seeded_hash(&(b as u32).to_le_bytes(), seed);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, b));
            }
        }
        best.map(|(_, b)| b)
    }
}

impl Strategy for JumpHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            key: RequestKey::new(config.key_source()),
            core: match config.kind {
                StrategyKind::JumpBackHash => JumpCore::JumpBack,
                _ => JumpCore::LampingVeach,
            },
            ..Self::default()
        };
        s.reset(pool);
        s
    }

    /// Any change is diffed by server id against the stable bucket list.
    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.live_count == 0 {
            return Err(PickError::NoEligibleServer);
        }
        let key = self.key.read(ctx.request, &mut ctx.explain);
        let buckets = self.bucket_count as i64;
        let mut hash = 0;
        for attempt in 0..MAX_ATTEMPTS {
            // Seed 0 is XXH3-64's default, so attempt 0 is the plain key hash.
            hash = hashing::seeded_hash(key.as_bytes(), attempt);
            ctx.explain.step(|| attempt_hash_step(key, attempt, hash));
            let explain = &mut ctx.explain;
            let b = match self.core {
                JumpCore::LampingVeach => jump_consistent_hash(hash, buckets, |from, to| {
                    explain.step(|| Step::Jump { from, to });
                }) as usize,
                JumpCore::JumpBack => jump_back_hash(hash, buckets as u32, |low, candidate| {
                    explain.step(|| Step::JumpBack { low, candidate });
                }) as usize,
            };
            let server = self.live[b];
            if server != NONE {
                ctx.explain.step(|| {
                    Step::Note(Note::BucketOwner {
                        bucket: b,
                        buckets: buckets as usize,
                        server: server as usize,
                    })
                });
                return Ok(server as usize);
            }
            let owner = self.owner[b];
            ctx.explain.step(|| {
                Step::Note(dead_slot_note(
                    ctx.pool,
                    Retry::JumpBucket,
                    b,
                    owner,
                    attempt,
                ))
            });
        }
        let b = self.fallback(hash).ok_or(PickError::NoEligibleServer)?;
        let server = self.live[b] as usize;
        ctx.explain.step(|| {
            Step::Note(Note::JumpFallback {
                attempts: MAX_ATTEMPTS,
                seed: hash,
                bucket: b,
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
    use crate::engine::balancer::Balancer;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, assert_back_to_s0_and_s1, assert_shares_follow_weights, balancer,
        check_eligible_and_stable, check_only_its_keys_move, keys, keys_with_note, moved, owners,
        request, servers, weighted_servers,
    };
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{AnyStrategy, StrategyKind};

    const KIND: StrategyKind = StrategyKind::JumpHash;

    fn jump(key: u64, n: i64) -> i64 {
        jump_consistent_hash(key, n, |_, _| {})
    }

    fn state(b: &Balancer) -> &JumpHash {
        match b.strategy() {
            AnyStrategy::JumpHash(j) => j,
            other => panic!("not jump hash: {}", other.type_name()),
        }
    }

    #[test]
    fn published_test_vectors() {
        // Guava's HashingTest ("compatible with the c++ implementation").
        for (key, want) in [(1, 55), (2, 62), (3, 8), (4, 45), (5, 59)] {
            assert_eq!(jump(key, 100), want, "key {key}");
        }
        // ClickHouse's jumpConsistentHash test (00580_consistent_hashing_functions).
        assert_eq!(jump(1, 1), 0);
        assert_eq!(jump(42, 57), 43);
        assert_eq!(jump(256, 1024), 520);
        assert_eq!(jump(3_735_883_980, 1), 0);
        assert_eq!(jump(3_735_883_980, 666), 361);
        assert_eq!(jump(16_045_690_984_833_335_023, 255), 237);
        assert_eq!(jump(5, 0), -1);
    }

    #[test]
    fn a_fresh_pool_of_equal_servers_is_plain_jump_hash() {
        let mut b = balancer(KIND, servers(7));
        let mut rng = seeded(1);
        for k in keys(500) {
            let want = jump(hashing::key_hash(k.as_bytes()), 7) as usize;
            assert_eq!(b.pick(&request(&k), &mut rng, 0), Ok(want));
        }
        assert_eq!(hashing::seeded_hash(b"abc", 0), hashing::key_hash(b"abc"));
    }

    #[test]
    fn explains_every_jump() {
        let mut b = balancer(KIND, servers(1000));
        let mut rng = seeded(1);
        let (picked, steps) = b.pick_explained(&request("/k/1"), &mut rng, 0);
        let hash = hashing::key_hash(b"/k/1");
        assert_eq!(
            steps[1],
            Step::Hash {
                function: HashFunction::Xxh3,
                input: "/k/1".into(),
                value: hash
            }
        );
        let jumps: Vec<(i64, i64)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Jump { from, to } => Some((*from, *to)),
                _ => None,
            })
            .collect();
        assert!(jumps.len() >= 2, "{jumps:?}");
        assert_eq!(jumps[0].0, 0);
        for w in jumps.windows(2) {
            assert_eq!(w[0].1, w[1].0, "each jump starts where the last one landed");
        }
        let last = jumps.last().unwrap();
        assert!(last.1 >= 1000 && last.0 < 1000);
        assert_eq!(picked, Ok(last.0 as usize));
    }

    #[test]
    fn a_removed_servers_keys_rejump_and_the_explanation_says_so() {
        let ks = keys(2000);
        let mut b = balancer(KIND, servers(10));
        let before = owners(&mut b, &ks);
        b.remove_server("s3:80").unwrap();
        assert_eq!(state(&b).bucket(3), Bucket::Tombstone);
        assert_eq!(state(&b).bucket_count(), 10);
        let k = &ks[before
            .iter()
            .position(|o| o.as_deref() == Some("s3:80"))
            .unwrap()];
        let mut rng = seeded(1);
        let (picked, steps) = b.pick_explained(&request(k), &mut rng, 0);
        assert!(picked.is_ok());
        assert!(steps.iter().any(|s| matches!(
            s,
            Step::Note(Note::DeadSlot {
                retry: Retry::JumpBucket,
                index: 3,
                owner: None,
                why: Unavailable::Left,
                seed: 1
            })
        )));
        assert!(steps.iter().any(|s| matches!(s, Step::SeededHash {
            seed: 1, value, ..
        } if *value == hashing::seeded_hash(k.as_bytes(), 1))));
        let after = owners(&mut b, &ks);
        let own = before
            .iter()
            .filter(|o| o.as_deref() == Some("s3:80"))
            .count();
        assert_eq!(moved(&before, &after), own);
    }

    /// A server added after a removal takes the tombstone, and with it exactly the keys the
    /// removed server had.
    #[test]
    fn a_new_server_reuses_the_tombstone_and_inherits_its_keys() {
        let ks = keys(3000);
        let mut b = balancer(KIND, servers(6));
        let before = owners(&mut b, &ks);
        b.remove_server("s2:80").unwrap();
        b.add_server(Server::new("n:80", "n", 80, 1)).unwrap();
        assert_eq!(state(&b).bucket_count(), 6);
        let n = b.pool().index_of("n:80").unwrap();
        assert_eq!(state(&b).bucket(2), Bucket::Live(n));
        let after = owners(&mut b, &ks);
        for (old, new) in before.iter().zip(&after) {
            if old.as_deref() == Some("s2:80") {
                assert_eq!(new.as_deref(), Some("n:80"));
            } else {
                assert_eq!(new, old);
            }
        }
    }

    #[test]
    fn shares_follow_weights() {
        let mut b = balancer(KIND, weighted_servers());
        assert_eq!(state(&b).bucket_count(), 10);
        assert_shares_follow_weights(&mut b);
    }

    #[test]
    fn equal_servers_balance() {
        let mut b = balancer(KIND, servers(100));
        let ks = keys(200_000);
        let got = owners(&mut b, &ks);
        let mut counts = vec![0usize; 100];
        for o in got.iter().flatten() {
            counts[o[1..o.len() - 3].parse::<usize>().unwrap()] += 1;
        }
        let max = *counts.iter().max().unwrap() as f64;
        assert!(max / 2000.0 < 1.1, "max/mean {}", max / 2000.0);
    }

    /// With nearly every bucket dead most keys exhaust their attempts and take the rendezvous
    /// fallback, which still moves only the keys it must.
    #[test]
    fn the_fallback_is_minimal_too() {
        let ks = keys(400);
        let mut b = balancer(KIND, servers(300));
        for i in 2..300 {
            b.set_status(i, Status::Unhealthy).unwrap();
        }
        b.set_status(0, Status::Unhealthy).unwrap();
        let only_one = owners(&mut b, &ks);
        assert!(only_one.iter().all(|o| o.as_deref() == Some("s1:80")));
        let fallbacks = keys_with_note(&mut b, &ks, |n| matches!(n, Note::JumpFallback { .. }));
        assert!(fallbacks > 100, "only {fallbacks} fallbacks");
        b.set_status(0, Status::Healthy).unwrap();
        assert_back_to_s0_and_s1(&mut b, &ks);
        b.set_status(0, Status::Unhealthy).unwrap();
        assert_eq!(owners(&mut b, &ks), only_one);
    }

    #[test]
    fn weight_zero_keeps_the_buckets_for_the_servers_return() {
        let ks = keys(1000);
        let mut b = balancer(KIND, servers(5));
        let before = owners(&mut b, &ks);
        b.set_weight(1, 0).unwrap();
        assert_eq!(state(&b).bucket(1), Bucket::Unavailable(1));
        assert!(
            owners(&mut b, &ks)
                .iter()
                .all(|o| o.as_deref() != Some("s1:80"))
        );
        b.set_weight(1, 1).unwrap();
        assert_eq!(owners(&mut b, &ks), before);
    }

    #[test]
    fn huge_weights_stay_within_the_bucket_budget() {
        let pool: Vec<Server> = (0..3)
            .map(|i| Server::new(format!("h{i}:80"), format!("h{i}"), 80, 1_000_000))
            .collect();
        let mut b = balancer(KIND, pool);
        let j = state(&b);
        assert_eq!(
            j.bucket_count(),
            MAX_BUCKETS + 1,
            "the last server still gets one bucket"
        );
        assert_eq!(j.bucket(MAX_BUCKETS), Bucket::Live(2));
        let got = owners(&mut b, &keys(100));
        assert!(got.iter().all(|o| o.is_some()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Appending bucket n moves a key only onto bucket n (the published property).
        #[test]
        fn growing_by_one_bucket_moves_keys_only_onto_it(key in any::<u64>(), n in 1i64..5000) {
            let a = jump(key, n);
            let b = jump(key, n + 1);
            prop_assert!((0..n).contains(&a));
            prop_assert!(b == a || b == n);
        }

        #[test]
        fn picks_only_eligible_servers_and_are_stable(pool in arb_pool(), key in "[a-z/]{0,12}") {
            let mut b = balancer(KIND, pool.clone());
            let mut fresh = balancer(KIND, pool);
            check_eligible_and_stable(&mut b, &mut fresh, &key)?;
        }

        /// Removing any server, or it leaving the eligible set, moves exactly the keys it owned;
        /// its recovery brings exactly those keys back.
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

        /// The bucket list carries history; whatever the history, each change moves keys only to
        /// or from the server it touches.
        #[test]
        fn every_change_in_a_long_history_moves_only_the_touched_servers_keys(
            pool in arb_pool(),
            ops in prop::collection::vec((0usize..5, any::<prop::sample::Index>(), 0u32..4), 1..10),
        ) {
            let ks = keys(200);
            let mut b = balancer(KIND, pool);
            let mut added = 0;
            for (op, target, weight) in ops {
                let before = owners(&mut b, &ks);
                let touched = if op == 4 || b.pool().is_empty() {
                    added += 1;
                    let id = format!("added{added}:80");
                    b.add_server(Server::new(id.clone(), format!("added{added}"), 80, weight)).unwrap();
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
                        2 => {
                            let draining = b.pool().server(index).draining;
                            b.set_draining(index, !draining).unwrap();
                        }
                        _ => b.set_weight(index, weight).unwrap(),
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
                let live = state(&b).live.iter().filter(|&&s| s != NONE).count();
                prop_assert!(after.iter().all(|o| o.is_some() == (live > 0)));
            }
        }

        /// Adding a server or changing one's weight moves keys only to or from that server.
        #[test]
        fn add_and_reweight_move_only_that_servers_keys(
            pool in arb_pool(),
            target in any::<prop::sample::Index>(),
            weight in 0u32..6,
        ) {
            let ks = keys(300);
            let mut b = balancer(KIND, pool);
            let before = owners(&mut b, &ks);
            b.add_server(Server::new("new:80", "new", 80, weight)).unwrap();
            let added = owners(&mut b, &ks);
            for (old, new) in before.iter().zip(&added) {
                prop_assert!(new == old || new.as_deref() == Some("new:80"));
            }
            let index = target.index(b.pool().len());
            let id = b.pool().server(index).id.clone();
            b.set_weight(index, weight).unwrap();
            let reweighted = owners(&mut b, &ks);
            for (old, new) in added.iter().zip(&reweighted) {
                prop_assert!(
                    new == old
                        || old.as_deref() == Some(id.as_str())
                        || new.as_deref() == Some(id.as_str())
                );
            }
        }
    }
}
