//! Consistent hashing with bounded loads (`bounded_load_consistent_hash`): Mirrokni, Thorup and
//! Zadimoghaddam, "Consistent Hashing with Bounded Loads", SODA 2018.
//!
//! The key is placed on a [`HashRing`] (either flavour, same hashes and same explained search);
//! the walk then goes clockwise from the key's point and takes the first server whose requests in
//! flight are below its capacity `⌈c · (m + 1) · wᵢ / W⌉`, where `m` is the number of requests in
//! flight over the eligible servers (the `+ 1` is the request being placed), `c` is
//! `config.load_factor` (≥ 1), `wᵢ` the server's weight and `W` the eligible servers' total weight.
//! With equal weights this is the paper's `⌈c · m / n⌉`. Every server passed is explained with an
//! `AtCapacity` step (or a `RingSkip` step on the nginx ring, which keeps the points of servers that
//! are down). Since the capacities add up to at least `c · (m + 1) > m`, some server is always
//! below its capacity and the walk always ends.
//!
//! Cost: locating the key costs what the ring's search costs (O(1) expected, O(log n) worst);
//! the walk visits one point when nothing is near capacity, and the paper bounds the expected
//! number of servers visited by O(1/ε²) for `c = 1 + ε`; in the worst case it goes round the whole
//! ring (O(points)). `m` is kept in O(1) per load change from [`Strategy::load_changed`] and
//! recounted in O(n) on every pool change. Over the nginx ring the walk uses nginx's points but
//! neither its 21-point limit nor its round-robin fallback (nginx has no bounded loads).

use crate::engine::hashing::ring::{HashRing, Verdict, ineligible_reason};
use crate::engine::model::{LoadEvent, Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// A hash ring that passes over servers at capacity.
#[derive(Clone, Debug)]
pub struct BoundedLoadHashRing {
    ring: HashRing,
    /// `c`.
    load_factor: f64,
    /// `m`: requests in flight over the eligible servers.
    in_flight: u64,
    /// Per pool server: its connections when last heard of, so `m` follows exactly.
    known: Vec<u32>,
    /// `W`: the eligible servers' total weight.
    eligible_weight: u64,
}

impl BoundedLoadHashRing {
    /// The ring underneath (for the UI and churn tools).
    pub fn ring(&self) -> &HashRing {
        &self.ring
    }

    /// `m`: requests in flight over the eligible servers.
    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    /// `c`.
    pub fn load_factor(&self) -> f64 {
        self.load_factor
    }

    /// Capacity of a server of weight `weight` for the next request: `⌈c · (m + 1) · w / W⌉`.
    pub fn capacity(&self, weight: u32) -> u64 {
        if self.eligible_weight == 0 {
            return 0;
        }
        let share = (self.in_flight + 1) as f64 * f64::from(weight) / self.eligible_weight as f64;
        // Only IEEE-exact operations (×, /, ceil): the same value natively and in wasm.
        (self.load_factor * share).ceil() as u64
    }

    fn recount(&mut self, pool: &Pool) {
        self.known.clear();
        self.known
            .extend(pool.servers().iter().map(|s| s.load.connections));
        self.in_flight = pool
            .eligible()
            .iter()
            .map(|&i| u64::from(pool.server(i).load.connections))
            .sum();
        self.eligible_weight = pool.eligible_weight();
    }
}

impl Strategy for BoundedLoadHashRing {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            ring: HashRing::build(config, pool),
            load_factor: config.load_factor.max(1.0),
            in_flight: 0,
            known: Vec::new(),
            eligible_weight: 0,
        };
        s.recount(pool);
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.ring.rebuild(pool, change);
        self.recount(pool);
    }

    /// O(1) expected to locate the key, then O(1/ε²) expected servers walked (see the module).
    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if self.known.len() != ctx.pool.len() {
            // Built over another pool: catch up rather than index out of range.
            self.rebuild(ctx.pool, &PoolChange::Initial);
        }
        if ctx.pool.eligible().is_empty() || self.ring.is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let located = self.ring.locate(ctx);
        let pool = ctx.pool;
        let mut first_eligible = None;
        let found = self.ring.walk(
            located.start,
            self.ring.len(),
            &mut ctx.explain,
            |index, owner, explain| {
                if !self.ring.is_eligible(owner) {
                    explain.step(|| Step::RingSkip {
                        index,
                        owner,
                        reason: ineligible_reason(pool.server(owner)),
                    });
                    return Verdict::Pass;
                }
                first_eligible.get_or_insert(owner);
                let server = pool.server(owner);
                let load = u64::from(server.load.connections);
                let capacity = self.capacity(server.weight);
                if load < capacity {
                    Verdict::Take
                } else {
                    explain.step(|| Step::AtCapacity {
                        server: owner,
                        load,
                        capacity,
                    });
                    Verdict::Pass
                }
            },
        );
        match (found, first_eligible) {
            (Some(owner), _) => Ok(owner),
            // Unreachable while `m` is right (capacities sum above m); never fail a request for it.
            (None, Some(owner)) => {
                ctx.explain.step(|| Step::Note(Note::AllAtCapacity));
                Ok(owner)
            }
            (None, None) => Err(PickError::NoEligibleServer),
        }
    }

    /// Keep `m` exact in O(1): add the change in this server's connections if it is eligible.
    fn load_changed(&mut self, pool: &Pool, server: usize, _event: LoadEvent) {
        let (Some(known), Some(now)) = (
            self.known.get_mut(server),
            pool.servers().get(server).map(|s| s.load.connections),
        ) else {
            return;
        };
        let before = std::mem::replace(known, now);
        if self.ring.is_eligible(server) {
            self.in_flight = (self.in_flight + u64::from(now)).saturating_sub(u64::from(before));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::AnyStrategy;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Request, Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::{RingFlavor, StrategyKind};
    use crate::engine::testing::loads;
    use proptest::prelude::{ProptestConfig, prop, prop_assert, prop_assert_eq, proptest};

    fn balancer(spec: &str, flavor: RingFlavor, c: f64) -> Balancer {
        let mut config = StrategyConfig::new(StrategyKind::BoundedLoadConsistentHash);
        config.ring = flavor;
        config.load_factor = c;
        config.points_per_weight = 40;
        Balancer::new(config, parse_servers(spec).unwrap()).unwrap()
    }

    fn bounded(b: &Balancer) -> &BoundedLoadHashRing {
        match b.strategy() {
            AnyStrategy::BoundedLoadHashRing(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn idle_servers_get_the_rings_owner() {
        let mut b = balancer("a:1,b:2=2,c:3", RingFlavor::Fulcrum, 1.25);
        let mut rng = seeded(1);
        for i in 0..100 {
            let r = Request::get(i, format!("/x/{i}"), "");
            let owner = bounded(&b).ring().owner_of_key(&r.path);
            assert_eq!(b.pick(&r, &mut rng, 0).ok(), owner);
        }
    }

    #[test]
    fn a_hot_key_spills_past_its_full_server_and_says_so() {
        let mut b = balancer("a:1,b:2,c:3,d:4", RingFlavor::Fulcrum, 1.25);
        let mut rng = seeded(1);
        let hot = Request::get(0, "/hot", "");
        let home = b.pick(&hot, &mut rng, 0).unwrap();
        let mut spilled = false;
        for _ in 0..40 {
            let (pick, steps) = b.pick_explained(&hot, &mut rng, 0);
            let pick = pick.unwrap();
            if pick != home {
                spilled = true;
                let Some(Step::AtCapacity {
                    server,
                    load,
                    capacity,
                }) = steps
                    .iter()
                    .find(|s| matches!(s, Step::AtCapacity { .. }))
                    .cloned()
                else {
                    panic!("{steps:?}")
                };
                assert_eq!(server, home);
                assert!(load >= capacity);
            }
            b.request_started(pick);
        }
        assert!(spilled);
        // m follows started requests and the capacity grows with it: ⌈1.25 · 41 / 4⌉ = 13.
        assert_eq!(bounded(&b).in_flight(), 40);
        assert_eq!(bounded(&b).capacity(1), 13);
        let loads = loads(&b);
        assert!(loads.iter().all(|&l| l <= 13), "{loads:?}");
        // Finishing requests brings m back down; an ineligible server's requests do not count.
        b.request_finished(home, 1.0, true, 0);
        assert_eq!(bounded(&b).in_flight(), 39);
        let before = b.pool().server(home).load.connections;
        b.set_status(home, Status::Unhealthy).unwrap();
        assert_eq!(bounded(&b).in_flight(), 39 - u64::from(before));
        b.request_finished(home, 1.0, false, 0);
        assert_eq!(bounded(&b).in_flight(), 39 - u64::from(before));
    }

    #[test]
    fn the_nginx_ring_walks_past_down_servers_too() {
        let mut b = balancer("a:1,b:2=3,c:3", RingFlavor::Nginx, 1.0);
        b.set_status(1, Status::Maintenance).unwrap();
        let mut rng = seeded(1);
        let mut skipped = false;
        for i in 0..100 {
            let r = Request::get(i, format!("/n/{i}"), "");
            let (pick, steps) = b.pick_explained(&r, &mut rng, 0);
            assert_ne!(pick.unwrap(), 1);
            skipped |= steps.iter().any(|s| {
                matches!(
                    s,
                    Step::RingSkip {
                        owner: 1,
                        reason: crate::engine::Unavailable::Maintenance,
                        ..
                    }
                )
            });
        }
        assert!(skipped);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Start requests and never finish them: no server ever goes above its capacity, and m
        /// is the number in flight.
        #[test]
        fn no_server_goes_above_capacity(
            weights in prop::collection::vec(0..4u32, 1..8),
            down in prop::collection::vec(prop::bool::weighted(0.2), 8),
            c in prop::sample::select(vec![1.0, 1.1, 1.25, 2.0]),
            nginx in proptest::bool::ANY,
            requests in 1..200u64,
            hot_keys in 1..20u64,
        ) {
            let spec: Vec<String> = weights.iter().enumerate().map(|(i, w)| format!("10.0.0.{i}:80={w}")).collect();
            let flavor = if nginx { RingFlavor::Nginx } else { RingFlavor::Fulcrum };
            let mut b = balancer(&spec.join(","), flavor, c);
            for (i, &d) in down.iter().enumerate().take(weights.len()) {
                if d {
                    b.set_status(i, Status::Unhealthy).unwrap();
                }
            }
            let mut rng = seeded(7);
            for i in 0..requests {
                let r = Request::get(i, format!("/hot/{}", i % hot_keys), "");
                let pick = b.pick(&r, &mut rng, 0);
                if b.pool().eligible().is_empty() {
                    prop_assert!(pick.is_err());
                    return Ok(());
                }
                let s = pick.unwrap();
                let server = b.pool().server(s);
                prop_assert!(server.is_eligible());
                prop_assert!(u64::from(server.load.connections) < bounded(&b).capacity(server.weight));
                b.request_started(s);
            }
            prop_assert_eq!(bounded(&b).in_flight(), requests);
            let total_weight = b.pool().eligible_weight() as f64;
            for server in b.pool().servers() {
                // The capacity of the last request placed, computed as `capacity` does.
                let cap = (c * (requests as f64 * f64::from(server.weight) / total_weight)).ceil() as u32;
                prop_assert!(server.load.connections <= cap, "{} > {cap}", server.load.connections);
            }
        }
    }
}
