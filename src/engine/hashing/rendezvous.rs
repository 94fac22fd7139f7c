//! `rendezvous_hash`: textbook highest random weight hashing (Thaler and Ravishankar, "Using
//! name-based mappings to increase hit rates", IEEE/ACM ToN 1998), weighted by the logarithmic
//! method of Schindelhauer and Schomaker ("Weighted distributed hash tables", SPAA 2005).
//!
//! Every eligible server scores the key and the highest score wins:
//!
//! * h = XXH3-64(key), once per pick;
//! * seedᵢ = XXH3-64(server id), once per rebuild;
//! * uᵢ = [`hashing::unit_interval`]`(`[`hashing::mix64`]`(h ⊕ seedᵢ))`, uniform in (0, 1);
//! * scoreᵢ = −wᵢ / ln(uᵢ) (`libm::log`, bit-identical natively and in wasm).
//!
//! −ln(uᵢ)/wᵢ is exponentially distributed with rate wᵢ, so server i wins with probability
//! wᵢ / Σw. Ties (equal f64 scores) go to the higher uᵢ, then to the smaller id (byte order):
//! never to a position in the pool. That is the property the algorithm exists for: the owner
//! is a function of the key and the *set* of eligible servers (ids and weights) alone, so
//! independent clients that list the same servers in any order agree without coordinating, a
//! fresh list without one server gives exactly what removing it gives, and removing a server (or
//! it becoming ineligible) moves exactly the keys it owned.
//!
//! The price is O(n) per pick: n score evaluations, with no index that could skip servers. The
//! constant is kept small without changing the result: h is hashed once and each server costs
//! one multiplication ([`hashing::mix64`]); the servers are grouped by weight at rebuild, and
//! within a group the highest u has the highest score, so a group's winner is an integer maximum
//! over the hashes' top 52 bits, and a logarithm is taken once per distinct weight, not once per
//! server. Groups are sorted by id, so the strict maximum keeps the smaller id on equal u.
//! `rendezvous_skeleton` (`skeleton.rs`) is the O(log n) variant, which gives the set-only
//! property up.

use crate::engine::hashing;
use crate::engine::hashing::key::RequestKey;
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::Step;

/// The per-server seed: XXH3-64 of the server id.
pub fn server_seed(id: &str) -> u64 {
    hashing::key_hash(id.as_bytes())
}

/// The uniform a server of seed `seed` draws for key hash `h`.
#[inline]
pub fn server_u(h: u64, seed: u64) -> f64 {
    hashing::unit_interval(hashing::mix64(h ^ seed))
}

/// The weighted HRW score of a uniform `u` at `weight`: −w / ln(u).
#[inline]
pub fn score_of(u: f64, weight: f64) -> f64 {
    -weight / libm::log(u)
}

/// A position's offset within a chunk, packed into the 12 low bits u does not use.
const OFFSET_MASK: u64 = (1 << 12) - 1;

/// Of `seeds`, the position whose `mix64(h ⊕ seed)` has the highest top 52 bits, the earliest
/// on equal bits, and those bits. Within a chunk of 4,096 the reversed offset replaces the 12
/// low bits, so one integer maximum decides, the earliest winning ties, and four running maxima
/// keep the comparisons from waiting on one another; chunks are compared strictly, so an
/// earlier chunk keeps a tie too.
#[inline]
fn highest_bits(seeds: &[u64], h: u64) -> (u64, usize) {
    let (mut top, mut at) = (0u64, 0usize);
    for (c, chunk) in seeds.chunks(OFFSET_MASK as usize + 1).enumerate() {
        let mut acc = [0u64; 4];
        let mut fours = chunk.chunks_exact(4);
        let mut j = 0u64;
        for four in &mut fours {
            for (k, &seed) in four.iter().enumerate() {
                let packed =
                    (hashing::mix64(h ^ seed) & !OFFSET_MASK) | (OFFSET_MASK - (j + k as u64));
                acc[k] = acc[k].max(packed);
            }
            j += 4;
        }
        for &seed in fours.remainder() {
            let packed = (hashing::mix64(h ^ seed) & !OFFSET_MASK) | (OFFSET_MASK - j);
            acc[0] = acc[0].max(packed);
            j += 1;
        }
        let best = acc[0].max(acc[1]).max(acc[2].max(acc[3]));
        let bits = best >> 12;
        // Strict: on equal bits the earlier chunk (the smaller ids) keeps the lead.
        if c == 0 || bits > top {
            top = bits;
            at = c * (OFFSET_MASK as usize + 1) + (OFFSET_MASK - (best & OFFSET_MASK)) as usize;
        }
    }
    (top, at)
}

/// The eligible servers of one weight, sorted by id.
#[derive(Clone, Debug, Default)]
struct Group {
    weight: f64,
    /// Range into [`RendezvousHash::seeds`] and [`RendezvousHash::servers`].
    start: usize,
    end: usize,
}

/// Weighted highest random weight over every eligible server.
#[derive(Clone, Debug, Default)]
pub struct RendezvousHash {
    key: RequestKey,
    /// Seeds of the eligible servers, grouped by weight (ascending), each group sorted by id.
    seeds: Vec<u64>,
    /// Pool index of each seed's server.
    servers: Vec<usize>,
    groups: Vec<Group>,
}

impl RendezvousHash {
    fn reset(&mut self, pool: &Pool) {
        let mut order: Vec<usize> = pool.eligible().to_vec();
        // By weight, then id: a function of the set, whatever the pool's order.
        order.sort_by(|&a, &b| {
            let (sa, sb) = (pool.server(a), pool.server(b));
            sa.weight.cmp(&sb.weight).then_with(|| sa.id.cmp(&sb.id))
        });
        self.seeds = order
            .iter()
            .map(|&i| server_seed(&pool.server(i).id))
            .collect();
        self.groups.clear();
        for (k, &i) in order.iter().enumerate() {
            let weight = f64::from(pool.server(i).weight);
            match self.groups.last_mut() {
                Some(g) if g.weight == weight => g.end = k + 1,
                _ => self.groups.push(Group {
                    weight,
                    start: k,
                    end: k + 1,
                }),
            }
        }
        self.servers = order;
    }

    /// The owner (pool index) of key hash `h`: the highest score, then the highest u, then the
    /// smallest id.
    #[inline]
    fn owner(&self, pool: &Pool, h: u64) -> usize {
        // (score, u's 52 bits, position in `servers`) of the best so far.
        let mut best: Option<(f64, u64, usize)> = None;
        for g in &self.groups {
            let seeds = &self.seeds[g.start..g.end];
            let (top, at) = highest_bits(seeds, h);
            let u = (top as i64 as f64 + 0.5) / (1u64 << 52) as f64;
            let score = score_of(u, g.weight);
            let here = g.start + at;
            best = match best {
                Some((s, b, k))
                    if s > score
                        || (s == score
                            && (b > top
                                || (b == top
                                    && pool.server(self.servers[k]).id
                                        < pool.server(self.servers[here]).id))) =>
                {
                    Some((s, b, k))
                }
                _ => Some((score, top, here)),
            };
        }
        best.map_or(0, |(_, _, k)| self.servers[k])
    }
}

impl Strategy for RendezvousHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            key: RequestKey::new(config.key_source()),
            ..Self::default()
        };
        s.reset(pool);
        s
    }

    /// Seeds and groups are recomputed from the eligible set: O(n log n), no history kept.
    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.servers.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let (_, h) = self.key.read_hashed(
            ctx.request,
            &mut ctx.explain,
            hashing::HashFunction::Xxh3,
            hashing::key_hash,
        );
        if ctx.explain.is_on() {
            // Every eligible server's score, in pool order, as the reader lists them.
            let pool = ctx.pool;
            for &server in pool.eligible() {
                let s = pool.server(server);
                let score = score_of(server_u(h, server_seed(&s.id)), f64::from(s.weight));
                ctx.explain.step(|| Step::RendezvousScore { server, score });
            }
        }
        Ok(self.owner(ctx.pool, h))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::hashing::modulo::churn::{
        arb_pool, arb_pool_of, assert_shares_follow_weights, balancer, check_eligible_and_stable,
        check_only_its_keys_move, keys, moved, owners, request, servers, weighted_servers,
    };
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;

    const KIND: StrategyKind = StrategyKind::RendezvousHash;

    /// The documented definition, computed from scratch: the highest −w / ln u, u =
    /// unit_interval(mix64(XXH3-64(key) ⊕ XXH3-64(id))) with mix64 spelled out; on equal scores
    /// the higher u, then the smaller id.
    fn documented_owner(servers: &[Server], key: &str) -> Option<String> {
        let h = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
        servers
            .iter()
            .filter(|s| s.is_eligible())
            .map(|s| {
                let p = u128::from(h ^ xxhash_rust::xxh3::xxh3_64(s.id.as_bytes()))
                    * 0x9e37_79b9_7f4a_7c15;
                let x = (p as u64) ^ ((p >> 64) as u64);
                let u = ((x >> 12) as f64 + 0.5) / 4_503_599_627_370_496.0;
                (-f64::from(s.weight) / libm::log(u), x >> 12, s.id.clone())
            })
            .max_by(|a, b| {
                a.0.partial_cmp(&b.0)
                    .unwrap()
                    .then(a.1.cmp(&b.1))
                    .then(b.2.cmp(&a.2))
            })
            .map(|t| t.2)
    }

    /// `n` servers `w0:80`, … with weights 1, 2, 3, 4, 1, 2, …
    fn weighted(n: usize) -> Vec<Server> {
        (0..n)
            .map(|i| Server::new(format!("w{i}:80"), format!("w{i}"), 80, 1 + (i % 4) as u32))
            .collect()
    }

    #[test]
    fn picks_are_the_documented_argmax_and_every_score_is_explained() {
        let mut pool = weighted(40);
        pool[3].status = Status::Unhealthy;
        let mut b = balancer(KIND, pool.clone());
        let mut rng = seeded(1);
        for key in keys(500) {
            let got = owners(&mut b, std::slice::from_ref(&key));
            assert_eq!(got[0], documented_owner(&pool, &key), "{key}");
        }
        let (picked, steps) = b.pick_explained(&request("/img/1.png"), &mut rng, 0);
        let scores: Vec<(usize, f64)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::RendezvousScore { server, score } => Some((*server, *score)),
                _ => None,
            })
            .collect();
        assert_eq!(scores.len(), 39);
        assert!(scores.iter().all(|&(s, _)| s != 3));
        let best = scores
            .iter()
            .fold(scores[0], |a, &b| if b.1 > a.1 { b } else { a });
        assert_eq!(picked, Ok(best.0));
        assert_eq!(steps.last(), Some(&Step::Chosen { server: best.0 }));
    }

    /// The chunked maximum is the plain one: the highest top 52 bits, the earliest on a tie, also
    /// across chunks of 4,096 and with equal hashes.
    #[test]
    fn the_highest_bits_are_the_plain_argmax() {
        let seeds: Vec<u64> = (0..9_000u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        for h in [0u64, 1, 42, u64::MAX, 0x1234_5678_9abc_def0] {
            for n in [1usize, 3, 4, 5, 4_096, 4_097, 9_000] {
                let plain = seeds[..n]
                    .iter()
                    .enumerate()
                    .map(|(j, &s)| (hashing::mix64(h ^ s) >> 12, j))
                    .fold(
                        (0, 0),
                        |best, (b, j)| if b > best.0 || j == 0 { (b, j) } else { best },
                    );
                assert_eq!(highest_bits(&seeds[..n], h), plain, "h {h}, n {n}");
            }
        }
        // Equal seeds: equal bits everywhere, so the first position wins, in any chunk.
        let same = vec![7u64; 5_000];
        assert_eq!(highest_bits(&same, 3).1, 0);
    }

    /// The figures: over 50 servers and 5,000 keys, another order and a fresh list
    /// without one server move nothing, or only the removed server's keys.
    #[test]
    fn order_and_history_do_not_matter() {
        let ks = keys(5_000);
        let pool = weighted(50);
        let base = owners(&mut balancer(KIND, pool.clone()), &ks);
        let mut reversed = pool.clone();
        reversed.reverse();
        assert_eq!(owners(&mut balancer(KIND, reversed), &ks), base);
        let mut rotated = pool.clone();
        rotated.rotate_left(17);
        assert_eq!(owners(&mut balancer(KIND, rotated), &ks), base);
        let mut fresh = pool.clone();
        let gone = fresh.remove(20).id;
        let fresh_owners = owners(&mut balancer(KIND, fresh), &ks);
        let mut b = balancer(KIND, pool);
        b.remove_server(&gone).unwrap();
        assert_eq!(owners(&mut b, &ks), fresh_owners);
        let removed = base.iter().filter(|o| o.as_deref() == Some(&gone)).count();
        assert_eq!(moved(&base, &fresh_owners), removed);
        assert!(removed > 0);
    }

    #[test]
    fn shares_follow_weights() {
        assert_shares_follow_weights(&mut balancer(KIND, weighted_servers()));
    }

    #[test]
    fn equal_weights_balance_within_a_few_percent() {
        for n in [10usize, 100] {
            let mut b = balancer(KIND, servers(n));
            let ks = keys(200_000);
            let got = owners(&mut b, &ks);
            let mut counts = vec![0usize; n];
            for o in got.iter().flatten() {
                counts[o[1..o.len() - 3].parse::<usize>().unwrap()] += 1;
            }
            let mean = ks.len() as f64 / n as f64;
            let max = *counts.iter().max().unwrap() as f64 / mean;
            let min = *counts.iter().min().unwrap() as f64 / mean;
            // At 100 servers a bucket of 2,000 keys has a standard deviation of 2.2 %.
            assert!(max < 1.1 && min > 0.9, "n = {n}: max {max}, min {min}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn picks_only_eligible_servers_and_are_stable(pool in arb_pool(), key in "[a-z/]{0,12}") {
            let mut b = balancer(KIND, pool.clone());
            let mut fresh = balancer(KIND, pool);
            check_eligible_and_stable(&mut b, &mut fresh, &key)?;
        }

        /// Any permutation of the same servers gives the same owners.
        #[test]
        fn any_order_of_the_same_servers_gives_the_same_owners(
            pool in arb_pool_of(1..40, 0..5, 6, 2),
            shuffle in any::<u64>(),
        ) {
            let ks = keys(200);
            let mut shuffled = pool.clone();
            let mut rng = seeded(shuffle);
            rand::seq::SliceRandom::shuffle(shuffled.as_mut_slice(), &mut rng);
            prop_assert_eq!(
                owners(&mut balancer(KIND, pool), &ks),
                owners(&mut balancer(KIND, shuffled), &ks)
            );
        }

        /// A fresh list without one server equals removing it, after any history.
        #[test]
        fn a_fresh_list_without_a_server_equals_removing_it(
            pool in arb_pool_of(2..40, 0..5, 6, 2),
            victim in any::<prop::sample::Index>(),
            weight in 1u32..5,
        ) {
            let ks = keys(200);
            let mut b = balancer(KIND, pool.clone());
            // Some history first: a server added, reweighted, and the victim removed.
            b.add_server(Server::new("late:80", "late", 80, weight)).unwrap();
            b.set_weight(0, weight).unwrap();
            let gone = b.pool().server(victim.index(b.pool().len())).id.clone();
            b.remove_server(&gone).unwrap();
            let fresh = balancer(KIND, b.pool().servers().to_vec());
            let mut fresh = fresh;
            prop_assert_eq!(owners(&mut b, &ks), owners(&mut fresh, &ks));
        }

        /// Removing a server, or it leaving the eligible set in any way, moves exactly its keys.
        #[test]
        fn removal_moves_exactly_the_removed_servers_keys(
            pool in arb_pool_of(1..40, 0..5, 6, 2),
            victim in any::<prop::sample::Index>(),
            how in 0usize..4,
        ) {
            let ks = keys(300);
            let mut b = balancer(KIND, pool);
            let index = victim.index(b.pool().len());
            check_only_its_keys_move(&mut b, &ks, index, how)?;
        }

        /// Adding a server or changing one's weight moves keys only to or from that server.
        #[test]
        fn add_and_reweight_move_only_that_servers_keys(pool in arb_pool(), target in any::<prop::sample::Index>(), weight in 0u32..6) {
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
                prop_assert!(new == old || old.as_deref() == Some(id.as_str()) || new.as_deref() == Some(id.as_str()));
            }
        }
    }
}
