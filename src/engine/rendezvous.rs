//! `rendezvous_hash`: highest random weight hashing (Thaler and Ravishankar, "Using name-based
//! mappings to increase hit rates", IEEE/ACM ToN 1998), weighted as Schindelhauer and Schomaker
//! ("Weighted distributed hash tables", SPAA 2005) show.
//!
//! Every eligible server scores the key and the highest score wins:
//!
//! * seedᵢ = XXH3-64(server id) (seed 0), computed once per rebuild;
//! * uᵢ = [`hashing::unit_interval`]`(XXH3-64(key, seed = seedᵢ))`, uniform in (0, 1);
//! * scoreᵢ = −wᵢ / ln(uᵢ) (`libm::log`, bit-identical natively and in wasm).
//!
//! −ln(uᵢ)/wᵢ is exponentially distributed with rate wᵢ, so server i wins with probability
//! exactly wᵢ / Σw. A server's score depends only on the key and that server, never on the rest of
//! the pool: removing a server (or it becoming ineligible) moves exactly the keys it owned, adding
//! one moves only keys onto it, and a weight change moves keys only to or from that server. Ties
//! (practically impossible with 52-bit uniforms) go to the first server in pool order.
//!
//! The price is cost: a pick hashes the key once per eligible server, O(n). That is the nature of
//! the algorithm, and why Maglev and jump hash exist; Fulcrum keeps it as the simplest strategy
//! with exact minimal disruption and exact weighted shares.

use super::hashing;
use super::key::RequestKey;
use super::model::{Pool, PoolChange};
use super::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use super::trace::Step;

/// Highest random weight over the eligible servers.
#[derive(Clone, Debug, Default)]
pub struct RendezvousHash {
    key: RequestKey,
    /// Eligible servers (pool indices) in pool order, with their hash seeds and weights.
    servers: Vec<usize>,
    seeds: Vec<u64>,
    weights: Vec<f64>,
}

impl RendezvousHash {
    fn reset(&mut self, pool: &Pool) {
        self.servers = pool.eligible().to_vec();
        self.seeds = self
            .servers
            .iter()
            .map(|&i| server_seed(&pool.server(i).id))
            .collect();
        self.weights = self
            .servers
            .iter()
            .map(|&i| f64::from(pool.server(i).weight))
            .collect();
    }

    /// The eligible servers (pool indices) in the order they are scored.
    pub fn servers(&self) -> &[usize] {
        &self.servers
    }
}

/// The per-server seed: XXH3-64 of the server id.
pub fn server_seed(id: &str) -> u64 {
    hashing::key_hash(id.as_bytes())
}

/// Server `seed`'s score for `key` at `weight`: −w / ln(u), u = unit_interval(XXH3-64(key, seed)).
#[inline]
pub fn score(key: &[u8], seed: u64, weight: f64) -> f64 {
    let u = hashing::unit_interval(hashing::seeded_hash(key, seed));
    -weight / libm::log(u)
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

    fn rebuild(&mut self, pool: &Pool, _change: &PoolChange) {
        self.reset(pool);
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.servers.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let key = self.key.read(ctx.request, &mut ctx.explain);
        let mut best = 0;
        let mut best_score = f64::NEG_INFINITY;
        for (i, (&seed, &weight)) in self.seeds.iter().zip(&self.weights).enumerate() {
            let s = score(key.as_bytes(), seed, weight);
            let server = self.servers[i];
            ctx.explain
                .step(|| Step::RendezvousScore { server, score: s });
            // Strictly greater: on a tie the earlier server in pool order keeps the key.
            if s > best_score {
                best = i;
                best_score = s;
            }
        }
        Ok(self.servers[best])
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::hash::churn::{
        arb_pool, balancer, check_eligible_and_stable, keys, owners, request, servers,
    };
    use super::*;
    use crate::engine::model::{Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;

    const KIND: StrategyKind = StrategyKind::RendezvousHash;

    #[test]
    fn explains_every_score_and_picks_the_highest() {
        let mut b = balancer(KIND, servers(5));
        b.set_status(2, Status::Unhealthy).unwrap();
        let mut rng = seeded(1);
        let (picked, steps) = b.pick_explained(&request("/img/1.png"), &mut rng, 0);
        let scores: Vec<(usize, f64)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::RendezvousScore { server, score } => Some((*server, *score)),
                _ => None,
            })
            .collect();
        assert_eq!(
            scores.iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![0, 1, 3, 4]
        );
        // The documented formula, computed here from the definitions.
        for &(server, s) in &scores {
            let seed = hashing::key_hash(format!("s{server}:80").as_bytes());
            let u = hashing::unit_interval(hashing::seeded_hash(b"/img/1.png", seed));
            assert_eq!(s, -1.0 / libm::log(u));
            assert!(s > 0.0 && s.is_finite());
        }
        let best = scores
            .iter()
            .fold(scores[0], |a, &b| if b.1 > a.1 { b } else { a });
        assert_eq!(picked, Ok(best.0));
        assert!(matches!(steps[0], Step::Key { .. }));
        assert_eq!(steps.last(), Some(&Step::Chosen { server: best.0 }));
    }

    #[test]
    fn shares_follow_weights() {
        let pool: Vec<Server> = (0..4)
            .map(|i| Server::new(format!("w{i}:80"), format!("w{i}"), 80, i + 1))
            .collect();
        let mut b = balancer(KIND, pool);
        let ks = keys(40_000);
        let got = owners(&mut b, &ks);
        for i in 0..4u32 {
            let count = got
                .iter()
                .filter(|o| o.as_deref() == Some(format!("w{i}:80").as_str()))
                .count();
            let share = count as f64 / ks.len() as f64;
            let want = f64::from(i + 1) / 10.0;
            assert!((share - want).abs() < 0.01, "w{i}: {share} vs {want}");
        }
    }

    #[test]
    fn equal_weights_balance_within_a_few_percent() {
        let mut b = balancer(KIND, servers(10));
        let ks = keys(100_000);
        let got = owners(&mut b, &ks);
        let mut counts = [0usize; 10];
        for o in got.iter().flatten() {
            counts[o[1..o.len() - 3].parse::<usize>().unwrap()] += 1;
        }
        let max = *counts.iter().max().unwrap() as f64;
        assert!(max / 10_000.0 < 1.04, "max/mean {}", max / 10_000.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn picks_only_eligible_servers_and_are_stable(pool in arb_pool(), key in "[a-z/]{0,12}") {
            let mut b = balancer(KIND, pool.clone());
            let mut fresh = balancer(KIND, pool);
            check_eligible_and_stable(&mut b, &mut fresh, &key)?;
        }

        /// Removing a server, or it leaving the eligible set, moves exactly the keys it owned.
        #[test]
        fn removal_moves_exactly_the_removed_servers_keys(pool in arb_pool(), victim in any::<prop::sample::Index>(), remove in any::<bool>()) {
            let ks = keys(300);
            let mut b = balancer(KIND, pool);
            let before = owners(&mut b, &ks);
            let index = victim.index(b.pool().len());
            let gone = b.pool().server(index).id.clone();
            if remove {
                b.remove_server(&gone).unwrap();
            } else {
                b.set_status(index, Status::Unhealthy).unwrap();
            }
            let after = owners(&mut b, &ks);
            for (old, new) in before.iter().zip(&after) {
                if old.as_deref() == Some(gone.as_str()) {
                    prop_assert_ne!(new, old);
                } else {
                    prop_assert_eq!(new, old);
                }
            }
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
