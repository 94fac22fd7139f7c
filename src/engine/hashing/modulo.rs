//! `url_hash`: a fixed hash of the request key modulo the number of eligible servers. (`ip_hash`
//! is nginx's own, in `nginx.rs`.)
//!
//! This is the seed's `hash(x) % len(healthy)` with its salt removed: the key (the path, or
//! whatever [`StrategyConfig::key`] names) is hashed with
//! XXH3-64 ([`hashing::key_hash`]), the same value natively, in wasm and after every restart, and
//! reduced with a plain `%` over the eligible servers in pool order. The plain modulo is kept on
//! purpose (and shown as [`Step::Modulo`]): when the number of eligible servers changes from n to
//! n ± 1, a key keeps its server only if `h mod n = h mod (n ± 1)`, so about (n − 1)/n of all keys
//! move. That is the lesson the consistent strategies (`consistent_hash`, `maglev`,
//! `rendezvous_hash`, `jump_hash`) answer. Weights do not scale shares here (as in the seed);
//! weight 0 only makes a server ineligible. O(1) per pick.

use crate::engine::hashing::key::RequestKey;
use crate::engine::hashing::{self, HashFunction};
use crate::engine::model::{Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::Step;

/// `key_hash(key) % eligible.len()`, over the eligible servers in pool order.
#[derive(Clone, Debug, Default)]
pub struct ModuloHash {
    key: RequestKey,
}

impl Strategy for ModuloHash {
    fn build(config: &StrategyConfig, _pool: &Pool) -> Self {
        Self {
            key: RequestKey::new(config.key_source()),
        }
    }

    /// Nothing to rebuild: the modulus is read from the pool's eligible snapshot at every pick.
    fn rebuild(&mut self, _pool: &Pool, _change: &PoolChange) {}

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let eligible = ctx.pool.eligible();
        if eligible.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let (_, hash) = self.key.read_hashed(
            ctx.request,
            &mut ctx.explain,
            HashFunction::Xxh3,
            hashing::key_hash,
        );
        let n = eligible.len();
        let index = (hash % n as u64) as usize;
        ctx.explain.step(|| Step::Modulo { hash, n, index });
        Ok(eligible[index])
    }
}

/// Helpers shared by the tests of the hashing strategies (this file, maglev, rendezvous, jump).
#[cfg(test)]
pub(crate) mod churn {
    use proptest::prelude::*;

    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Request, Server, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{StrategyConfig, StrategyKind};

    /// `n` distinct keys.
    pub fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("/key/{i}")).collect()
    }

    /// A request whose path and client IP are both `key`, so every key source sees it.
    pub fn request(key: &str) -> Request {
        Request::get(0, key, key)
    }

    /// `n` healthy servers `s0:80`, `s1:80`, ... of weight 1.
    pub fn servers(n: usize) -> Vec<Server> {
        (0..n)
            .map(|i| Server::new(format!("s{i}:80"), format!("s{i}"), 80, 1))
            .collect()
    }

    pub fn balancer(kind: StrategyKind, servers: Vec<Server>) -> Balancer {
        Balancer::new(StrategyConfig::new(kind), servers).unwrap()
    }

    /// A hashing strategy's basic contract for one key: it picks an eligible server (or says
    /// none is eligible), the same one twice in a row and the same one as a fresh build of the
    /// same pool.
    pub fn check_eligible_and_stable(
        b: &mut Balancer,
        fresh: &mut Balancer,
        key: &str,
    ) -> Result<(), TestCaseError> {
        use crate::engine::strategy::PickError;
        let mut rng = seeded(1);
        let first = b.pick(&request(key), &mut rng, 0);
        prop_assert_eq!(&first, &b.pick(&request(key), &mut rng, 0));
        prop_assert_eq!(&first, &fresh.pick(&request(key), &mut rng, 0));
        match first {
            Ok(s) => prop_assert!(b.pool().server(s).is_eligible()),
            Err(e) => {
                prop_assert_eq!(e, PickError::NoEligibleServer);
                prop_assert!(b.pool().eligible().is_empty());
            }
        }
        Ok(())
    }

    /// Four servers `w0:80` … `w3:80` of weights 1, 2, 3, 4.
    pub fn weighted_servers() -> Vec<Server> {
        (0..4)
            .map(|i| Server::new(format!("w{i}:80"), format!("w{i}"), 80, i + 1))
            .collect()
    }

    /// Over 40,000 keys, each of [`weighted_servers`] owns its weight's share within 0.01.
    pub fn assert_shares_follow_weights(b: &mut Balancer) {
        let ks = keys(40_000);
        let got = owners(b, &ks);
        for i in 0..4u32 {
            let share = got
                .iter()
                .filter(|o| o.as_deref() == Some(format!("w{i}:80").as_str()))
                .count() as f64
                / ks.len() as f64;
            let want = f64::from(i + 1) / 10.0;
            assert!((share - want).abs() < 0.01, "w{i}: {share} vs {want}");
        }
    }

    /// How many of `keys` record a note that `is_note` accepts in their explained pick.
    pub fn keys_with_note(
        b: &mut Balancer,
        keys: &[String],
        is_note: impl Fn(&crate::engine::trace::Note) -> bool,
    ) -> usize {
        use crate::engine::trace::Step;
        let mut rng = seeded(1);
        keys.iter()
            .filter(|k| {
                let (_, steps) = b.pick_explained(&request(k), &mut rng, 0);
                steps
                    .iter()
                    .any(|s| matches!(s, Step::Note(n) if is_note(n)))
            })
            .count()
    }

    /// After everything but `s1:80` was dead and `s0:80` comes back, the keys go to those two
    /// only, and some to `s0:80`.
    pub fn assert_back_to_s0_and_s1(b: &mut Balancer, keys: &[String]) {
        let two = owners(b, keys);
        assert!(
            two.iter()
                .all(|o| matches!(o.as_deref(), Some("s0:80" | "s1:80")))
        );
        assert!(two.iter().any(|o| o.as_deref() == Some("s0:80")));
    }

    /// The id of the server each key goes to (`None` where the pick fails).
    pub fn owners(b: &mut Balancer, keys: &[String]) -> Vec<Option<String>> {
        let mut rng = seeded(1);
        keys.iter()
            .map(|k| {
                b.pick(&request(k), &mut rng, 0)
                    .ok()
                    .map(|s| b.pool().server(s).id.clone())
            })
            .collect()
    }

    /// Take server `index` away in one of four ways (`how`: 0 removed, 1 unhealthy, 2 draining,
    /// 3 weight 0): exactly the keys it owned move; undoing a health, drain or weight change
    /// brings every key back.
    pub fn check_only_its_keys_move(
        b: &mut Balancer,
        keys: &[String],
        index: usize,
        how: usize,
    ) -> Result<(), TestCaseError> {
        let before = owners(b, keys);
        let gone = b.pool().server(index).id.clone();
        let old = b.pool().server(index).clone();
        match how {
            0 => b.remove_server(&gone).unwrap(),
            1 => b.set_status(index, Status::Unhealthy).unwrap(),
            2 => b.set_draining(index, true).unwrap(),
            _ => b.set_weight(index, 0).unwrap(),
        }
        let after = owners(b, keys);
        for (old, new) in before.iter().zip(&after) {
            if old.as_deref() == Some(gone.as_str()) {
                prop_assert_ne!(new, old);
            } else {
                prop_assert_eq!(new, old);
            }
        }
        if how > 0 {
            b.set_status(index, old.status).unwrap();
            b.set_draining(index, old.draining).unwrap();
            b.set_weight(index, old.weight).unwrap();
            prop_assert_eq!(owners(b, keys), before);
        }
        Ok(())
    }

    /// How many keys changed owner between `before` and `after`.
    pub fn moved(before: &[Option<String>], after: &[Option<String>]) -> usize {
        before.iter().zip(after).filter(|(a, b)| a != b).count()
    }

    /// A pool of 1 to 12 servers with random weights (0 to 4), statuses and draining flags.
    pub fn arb_pool() -> impl Strategy<Value = Vec<Server>> {
        arb_pool_of(1..12, 0..5, 6, 2)
    }

    /// A pool of `len` servers with weights in `weight`: status draws at or past
    /// `Status::ALL.len()` (of `0..status_draws`) are healthy, so healthy comes more often than
    /// not; a server may be draining when its status draw is a multiple of `drain_every`.
    pub fn arb_pool_of(
        len: std::ops::Range<usize>,
        weight: std::ops::Range<u32>,
        status_draws: usize,
        drain_every: usize,
    ) -> impl Strategy<Value = Vec<Server>> {
        prop::collection::vec((weight, 0..status_draws, any::<bool>()), len).prop_map(
            move |specs| {
                specs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (weight, status, draining))| {
                        let mut s = Server::new(format!("s{i}:80"), format!("s{i}"), 80, weight);
                        s.status = Status::ALL.get(status).copied().unwrap_or(Status::Healthy);
                        s.draining = draining && status % drain_every == 0;
                        s
                    })
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::churn::{arb_pool, balancer, keys, moved, owners, request, servers};
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{KeySource, Request, Status};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{StrategyConfig, StrategyKind};

    #[test]
    fn url_hash_is_key_hash_mod_n_and_explains_it() {
        let mut b = balancer(StrategyKind::UrlHash, servers(3));
        let mut rng = seeded(1);
        let (picked, steps) = b.pick_explained(&request("/a/b"), &mut rng, 0);
        let hash = hashing::key_hash(b"/a/b");
        let index = (hash % 3) as usize;
        assert_eq!(picked, Ok(index));
        assert_eq!(
            steps,
            vec![
                Step::Key {
                    source: KeySource::Path,
                    key: "/a/b".into()
                },
                Step::Hash {
                    function: HashFunction::Xxh3,
                    input: "/a/b".into(),
                    value: hash
                },
                Step::Modulo { hash, n: 3, index },
                Step::Chosen { server: index },
            ]
        );
    }

    #[test]
    fn url_hash_keyed_on_the_client_ip_reads_only_it() {
        let mut config = StrategyConfig::new(StrategyKind::UrlHash);
        config.key = Some(KeySource::ClientIp);
        let mut b = Balancer::new(config, servers(5)).unwrap();
        let mut rng = seeded(1);
        let want = (hashing::key_hash(b"10.0.0.7") % 5) as usize;
        for path in ["/x", "/y", "/z/1"] {
            let r = Request::get(9, path, "10.0.0.7");
            assert_eq!(b.pick(&r, &mut rng, 0), Ok(want));
        }
    }

    #[test]
    fn modulo_skips_ineligible_servers_and_fails_cleanly_when_none_is_left() {
        let mut b = balancer(StrategyKind::UrlHash, servers(4));
        b.set_status(1, Status::Unhealthy).unwrap();
        b.set_weight(2, 0).unwrap();
        let ks = keys(200);
        let got = owners(&mut b, &ks);
        assert!(
            got.iter()
                .all(|o| matches!(o.as_deref(), Some("s0:80" | "s3:80")))
        );
        assert!(got.iter().any(|o| o.as_deref() == Some("s0:80")));
        assert!(got.iter().any(|o| o.as_deref() == Some("s3:80")));
        b.set_status(0, Status::Maintenance).unwrap();
        b.set_draining(3, true).unwrap();
        let mut rng = seeded(1);
        assert_eq!(
            b.pick(&request("/k"), &mut rng, 0),
            Err(PickError::NoEligibleServer)
        );
    }

    /// The contrast the playground teaches: one server fewer moves about (n − 1)/n of all keys
    /// under `hash % n`, where a consistent strategy moves about 1/n.
    #[test]
    fn modulo_remaps_almost_every_key_when_n_changes() {
        let ks = keys(20_000);
        let mut b = balancer(StrategyKind::UrlHash, servers(10));
        let before = owners(&mut b, &ks);
        b.remove_server("s9:80").unwrap();
        let after = owners(&mut b, &ks);
        let fraction = moved(&before, &after) as f64 / ks.len() as f64;
        // Expected 1 − 1/10 · (keys that stay: h mod 10 = h mod 9 ⇔ h mod 90 < 9) = 0.9.
        assert!((0.88..0.92).contains(&fraction), "moved {fraction}");

        let mut ring = balancer(StrategyKind::RendezvousHash, servers(10));
        let before = owners(&mut ring, &ks);
        ring.remove_server("s9:80").unwrap();
        let after = owners(&mut ring, &ks);
        let consistent = moved(&before, &after) as f64 / ks.len() as f64;
        assert!(consistent < 0.12, "rendezvous moved {consistent}");
    }

    proptest! {
        #[test]
        fn picks_only_eligible_servers_and_are_stable(pool in arb_pool(), key in "[a-z/]{0,12}") {
            let mut b = balancer(StrategyKind::UrlHash, pool);
            let mut rng = seeded(1);
            let first = b.pick(&request(&key), &mut rng, 0);
            let again = b.pick(&request(&key), &mut rng, 0);
            prop_assert_eq!(&first, &again);
            match first {
                Ok(s) => prop_assert!(b.pool().server(s).is_eligible()),
                Err(e) => {
                    prop_assert_eq!(e, PickError::NoEligibleServer);
                    prop_assert!(b.pool().eligible().is_empty());
                }
            }
        }
    }
}
