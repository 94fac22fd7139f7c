//! `multi_probe_hash`: multi-probe consistent hashing (Ben Appleton and Michael O'Reilly,
//! "Multi-probe consistent hashing", arXiv:1505.00062, 2015).
//!
//! A ring without virtual nodes: each server is one point on the circle (with weights, one
//! point per unit of weight; the paper's servers all have weight 1), and the *key* is hashed
//! k times instead. Each probe finds the first point clockwise of it, as a plain ring lookup
//! does; the probe whose point is nearest (the smallest clockwise distance, point − probe mod
//! 2⁶⁴) wins, and that point's server owns the key. The paper proves a peak-to-average load
//! ratio of 1 + ε with 1 + 1/ε probes per key (21 probes: 1.05), with n points on the circle
//! instead of the n·k a ring with k virtual nodes per server needs for the same balance; the
//! price is k searches per lookup instead of one.
//!
//! The probes are made as Damian Gryski's `go-mpchash` makes them (the paper leaves the k hash
//! functions open): two seeded hashes of the key,
//! h₁ = XXH3-64(key) and h₂ = XXH3-64(key, seed 1), and probe i at h₁ + i·h₂ (double hashing,
//! mod 2⁶⁴), i = 0 … k − 1. Ties of distance go to the earlier probe. The points are
//! XXH3-64(server id, seed j) for j = 0 … w − 1, of the eligible servers only, so the owner
//! is a function of the set of eligible servers (ids and weights): any order, any history,
//! the same owners; and removing a server (or it becoming ineligible) moves exactly its keys,
//! because the winning probe's point is still there and every other probe's nearest point can
//! only move further away. Past [`MAX_POINTS`] points in all, every server's count is scaled
//! down in proportion (at least one each), and that property then holds only approximately.
//!
//! Cost: O(k) per pick: each probe is one lookup in an index over the points' top bits (about
//! one point per bucket) and a binary search of that bucket, so O(1) expected per probe;
//! O(P log P) per pool change for P points.

use crate::engine::hashing::key::RequestKey;
use crate::engine::hashing::{self, HashFunction};
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::Step;

/// The most points the circle holds (12 bytes each).
pub const MAX_POINTS: usize = 1 << 22;

/// The probes' second hash is XXH3-64 of the key with this seed.
pub const PROBE_SEED: u64 = 1;

/// Multi-probe consistent hashing over the eligible servers.
#[derive(Clone, Debug, Default)]
pub struct MultiProbeHash {
    key: RequestKey,
    /// k: probes per key (at least 1).
    k: u32,
    /// Sorted point positions.
    positions: Vec<u64>,
    /// `owners[i]`: pool index of the server of point `i`.
    owners: Vec<u32>,
    /// Bucket `b` (a position's top bits) holds points `index[b]..index[b + 1]`.
    index: Vec<u32>,
    /// `position >> shift` is the bucket (64 with a single bucket: every position is bucket 0).
    shift: u32,
}

impl MultiProbeHash {
    fn reset(&mut self, pool: &Pool) {
        let eligible = pool.eligible();
        let total: u64 = eligible
            .iter()
            .map(|&i| u64::from(pool.server(i).weight))
            .sum();
        let max = MAX_POINTS as u64;
        let mut points: Vec<(u64, u32)> = Vec::new();
        for &i in eligible {
            let server = pool.server(i);
            let w = u64::from(server.weight);
            let count = if total <= max {
                w
            } else {
                (u128::from(w) * u128::from(max) / u128::from(total)).max(1) as u64
            };
            for j in 0..count {
                points.push((hashing::seeded_hash(server.id.as_bytes(), j), i as u32));
            }
        }
        // Sorted by position, then by server id, so even a collision of two points is decided
        // by the set of servers and not by their order.
        points.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                pool.server(a.1 as usize)
                    .id
                    .cmp(&pool.server(b.1 as usize).id)
            })
        });
        points.dedup_by_key(|p| p.0);
        self.positions = points.iter().map(|p| p.0).collect();
        self.owners = points.iter().map(|p| p.1).collect();
        let buckets = self.positions.len().next_power_of_two().max(1);
        let bits = buckets.trailing_zeros();
        self.shift = 64 - bits;
        self.index.clear();
        self.index.reserve(buckets + 1);
        let mut at = 0usize;
        for b in 0..buckets as u64 {
            while at < self.positions.len() && self.bucket_of(self.positions[at]) < b {
                at += 1;
            }
            self.index.push(at as u32);
        }
        self.index.push(self.positions.len() as u32);
    }

    #[inline]
    fn bucket_of(&self, position: u64) -> u64 {
        position.checked_shr(self.shift).unwrap_or(0)
    }

    /// The sorted index of the first point at or clockwise of `hash` (wrapping to point 0).
    #[inline]
    fn successor(&self, hash: u64) -> usize {
        let b = self.bucket_of(hash) as usize;
        let (lo, hi) = (self.index[b] as usize, self.index[b + 1] as usize);
        let at = lo + self.positions[lo..hi].partition_point(|&p| p < hash);
        if at == self.positions.len() { 0 } else { at }
    }

    /// k, the probes per key.
    pub fn probes(&self) -> u32 {
        self.k
    }

    /// The circle's points, sorted: (position, owner's pool index).
    pub fn points(&self) -> impl ExactSizeIterator<Item = (u64, usize)> + '_ {
        self.positions
            .iter()
            .zip(&self.owners)
            .map(|(&p, &o)| (p, o as usize))
    }

    /// The owner of a key whose two hashes are `h1` and `h2`, with the winning probe's number
    /// and distance; `on_probe` hears every probe as (probe, hash, point index, distance).
    #[inline]
    pub fn nearest(
        &self,
        h1: u64,
        h2: u64,
        mut on_probe: impl FnMut(u32, u64, usize, u64),
    ) -> Option<(usize, u32, u64)> {
        if self.positions.is_empty() {
            return None;
        }
        let mut best = (0usize, 0u32, u64::MAX);
        for i in 0..self.k {
            let hash = h1.wrapping_add(u64::from(i).wrapping_mul(h2));
            let at = self.successor(hash);
            let distance = self.positions[at].wrapping_sub(hash);
            if i == 0 || distance < best.2 {
                best = (at, i, distance);
            }
            on_probe(i, hash, at, distance);
        }
        Some((self.owners[best.0] as usize, best.1, best.2))
    }
}

impl Strategy for MultiProbeHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            key: RequestKey::new(config.key_source()),
            k: config.k.max(1),
            ..Self::default()
        };
        s.reset(pool);
        s
    }

    /// The circle holds the eligible servers only: any change rebuilds it.
    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.positions.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let (key, h1) = self.key.read_hashed(
            ctx.request,
            &mut ctx.explain,
            HashFunction::Xxh3,
            hashing::key_hash,
        );
        let h2 = hashing::seeded_hash(key.as_bytes(), PROBE_SEED);
        ctx.explain.step(|| Step::SeededHash {
            input: key.to_string(),
            seed: PROBE_SEED,
            value: h2,
        });
        let explain = &mut ctx.explain;
        let mut nearest = u64::MAX;
        let (positions, owners) = (&self.positions, &self.owners);
        let found = self.nearest(h1, h2, |probe, hash, index, distance| {
            let best = probe == 0 || distance < nearest;
            if best {
                nearest = distance;
            }
            explain.step(|| Step::MultiProbe {
                probe,
                hash,
                index,
                point: positions[index],
                owner: owners[index] as usize,
                distance,
                nearest: best,
            });
        });
        found
            .map(|(server, _, _)| server)
            .ok_or(PickError::NoEligibleServer)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, balancer, check_eligible_and_stable, check_only_its_keys_move, keys, owners,
        request, servers,
    };
    use crate::engine::model::Server;
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{AnyStrategy, StrategyKind};

    const KIND: StrategyKind = StrategyKind::MultiProbeHash;

    fn with_k(k: u32, servers: Vec<Server>) -> Balancer {
        let config = StrategyConfig {
            k,
            ..StrategyConfig::new(KIND)
        };
        Balancer::new(config, servers).unwrap()
    }

    fn state(b: &Balancer) -> &MultiProbeHash {
        match b.strategy() {
            AnyStrategy::MultiProbeHash(m) => m,
            other => panic!("not multi-probe: {}", other.type_name()),
        }
    }

    /// Max / mean of the keys per server over `n` servers of weight 1.
    fn peak_to_mean(k: u32, n: usize, key_count: usize) -> f64 {
        let mut b = with_k(k, servers(n));
        let got = owners(&mut b, &keys(key_count));
        let mut counts = std::collections::HashMap::new();
        for o in got.into_iter().flatten() {
            *counts.entry(o).or_insert(0usize) += 1;
        }
        let max = counts.values().copied().max().unwrap_or(0) as f64;
        max / (key_count as f64 / n as f64)
    }

    #[test]
    fn the_nearest_probe_wins_by_brute_force() {
        // Against a plain scan of every point for every probe.
        let mut b = with_k(21, servers(30));
        let m = state(&b).clone();
        let points: Vec<(u64, usize)> = m.points().collect();
        let mut rng = seeded(1);
        for k in keys(500) {
            let h1 = hashing::key_hash(k.as_bytes());
            let h2 = hashing::seeded_hash(k.as_bytes(), PROBE_SEED);
            let mut best = (u64::MAX, usize::MAX);
            for i in 0..21u64 {
                let h = h1.wrapping_add(i.wrapping_mul(h2));
                let (d, owner) = points
                    .iter()
                    .map(|&(p, o)| (p.wrapping_sub(h), o))
                    .min()
                    .unwrap();
                if d < best.0 {
                    best = (d, owner);
                }
            }
            assert_eq!(b.pick(&request(&k), &mut rng, 0), Ok(best.1), "{k}");
        }
    }

    #[test]
    fn more_probes_flatten_the_load() {
        // The paper's figure: the peak-to-mean ratio falls as k grows (1.05 near k = 21 over
        // many keys). 50 servers, 100,000 keys: the noise of the count itself is about 1.07.
        let one = peak_to_mean(1, 50, 100_000);
        let five = peak_to_mean(5, 50, 100_000);
        let many = peak_to_mean(21, 50, 100_000);
        assert!(one > 2.0, "{one}");
        assert!(one > five && five > many, "{one} {five} {many}");
        assert!(many < 1.2, "{many}");
    }

    #[test]
    fn explains_every_probe_and_marks_the_nearest() {
        let mut b = with_k(7, servers(10));
        let (got, steps) = b.pick_explained(&request("/key/3"), &mut seeded(1), 0);
        let server = got.unwrap();
        let probes: Vec<(u64, usize, bool)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::MultiProbe {
                    distance,
                    owner,
                    nearest,
                    ..
                } => Some((*distance, *owner, *nearest)),
                _ => None,
            })
            .collect();
        assert_eq!(probes.len(), 7);
        assert!(probes[0].2, "the first probe is the nearest so far");
        let min = probes.iter().map(|p| p.0).min().unwrap();
        let last_best = probes.iter().rev().find(|p| p.2).unwrap();
        assert_eq!((last_best.0, last_best.1), (min, server));
        assert!(matches!(steps[2], Step::SeededHash { seed: 1, .. }));
    }

    #[test]
    fn weights_are_points() {
        let pool = vec![
            Server::new("a:80", "a", 80, 1),
            Server::new("b:80", "b", 80, 3),
        ];
        let b = balancer(KIND, pool);
        let m = state(&b);
        assert_eq!(m.points().len(), 4);
        assert_eq!(m.points().filter(|p| p.1 == 1).count(), 3);
        assert_eq!(m.probes(), 21);
    }

    #[test]
    fn weight_classes_get_their_shares_over_many_servers() {
        // 40 servers of weights 1 to 4 (ten of each): each class owns its weight's share of
        // 40,000 keys. With two or three servers one server can own far less than its share
        // (a point just after another's has a short arc, which k = 21 probes rarely hit), so
        // the balance is a property of many points, as in the paper.
        let pool: Vec<Server> = (0..40)
            .map(|i| Server::new(format!("w{i}:80"), format!("w{i}"), 80, 1 + i % 4))
            .collect();
        let mut b = balancer(KIND, pool);
        let got = owners(&mut b, &keys(40_000));
        for class in 0..4u32 {
            let share = got
                .iter()
                .flatten()
                .filter(|id| {
                    let i: u32 = id[1..id.len() - 3].parse().unwrap();
                    i % 4 == class
                })
                .count() as f64
                / 40_000.0;
            let want = f64::from(class + 1) / 10.0;
            assert!((share - want).abs() < 0.02, "weight {}: {share}", class + 1);
        }
    }

    #[test]
    fn no_eligible_server() {
        let mut b = balancer(KIND, servers(2));
        b.set_weight(0, 0).unwrap();
        b.set_weight(1, 0).unwrap();
        assert_eq!(
            b.pick(&request("/x"), &mut seeded(1), 0),
            Err(PickError::NoEligibleServer)
        );
    }

    proptest! {
        /// Taking one server away (removed, unhealthy, draining, weight 0) moves exactly its
        /// keys, and undoing it brings every key back.
        #[test]
        fn removal_moves_exactly_the_removed_servers_keys(
            pool in arb_pool(),
            victim in any::<prop::sample::Index>(),
            how in 0usize..4,
            k in 1u32..40,
        ) {
            let ks = keys(300);
            let mut b = with_k(k, pool);
            let index = victim.index(b.pool().len());
            check_only_its_keys_move(&mut b, &ks, index, how)?;
        }

        /// The owner is a function of the set: the same servers in reverse order agree, and
        /// every pick is of an eligible server, stable, and what a fresh build picks.
        #[test]
        fn the_owner_depends_on_the_set_only(pool in arb_pool(), key in 0usize..1000) {
            let mut reversed = pool.clone();
            reversed.reverse();
            let ks = keys(200);
            let mut a = balancer(KIND, pool.clone());
            let mut r = balancer(KIND, reversed);
            prop_assert_eq!(owners(&mut a, &ks), owners(&mut r, &ks));
            let mut fresh = balancer(KIND, pool);
            check_eligible_and_stable(&mut a, &mut fresh, &format!("/key/{key}"))?;
        }
    }
}
