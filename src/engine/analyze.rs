//! The measurements behind `fulcrum analyze` and the churn summary of `fulcrum route`, without a
//! clock: load imbalance over many keys and the fraction of keys that move on one membership
//! change. The seed (sections 4 and 5 of its README) only claims uniformity and stability; these
//! functions measure them. Time per pick is measured by the CLI itself, because the engine never
//! reads a clock.
//!
//! Everything here drives a [`Balancer`], the same path the simulator and the UI use, so a figure
//! is about the very code that picks. Ideals follow the consistent-hashing literature: one change
//! among n servers should move about 1/n of the keys (Karger et al., STOC 1997).
//!
//! Load model: with `in_flight = 0` every request finishes the moment it is picked, so load-aware
//! strategies (least connections, least response time, power of two choices, peak EWMA, bounded
//! loads) see an idle pool. With `in_flight = c > 0` a [`Router`] keeps the last c picked requests
//! in flight while each new one is picked (so every pick after the first c sees exactly c earlier
//! requests in flight), finishing the oldest (after 1 ms of simulated time, successfully) as a
//! newer one arrives; requests arrive 1 ms apart. All requests in flight finish before a membership change.

use std::collections::VecDeque;
use std::fmt::Write;

use serde::Serialize;

use super::balancer::{Balancer, EngineError};
use super::model::{IdIndex, Nanos, Pool, Request, Server};
use super::rng::{SimRng, seeded};
use super::strategy::{PickError, StrategyConfig};
use super::trace::Step;

/// Simulated time between two requests, and each request's latency, under the load model.
pub const REQUEST_SPACING_NS: Nanos = 1_000_000;
/// The latency every finished request reports under the load model, in milliseconds.
pub const REQUEST_LATENCY_MS: f64 = 1.0;

/// The seed demo's i-th request: `GET /api/data/{i}` from `192.168.1.{i % 10}`.
pub fn demo_request(i: u64) -> Request {
    Request::get(i, format!("/api/data/{i}"), format!("192.168.1.{}", i % 10))
}

/// A request for an arbitrary key: the key is its path and its client IP (and the value of
/// header `header`, when given), so whichever attribute a strategy hashes, it hashes the key.
pub fn keyed_request(id: u64, key: &str, header: Option<&str>) -> Request {
    let mut request = Request::get(id, key, key);
    if let Some(name) = header {
        request.headers.push((name.to_string(), key.to_string()));
    }
    request
}

/// Rewrite `request` in place to carry path `/api/data/{i}`, client IP [`analysis_ip`]`(i)` and
/// id `i`, without allocating once its strings have grown.
fn set_analysis_key(request: &mut Request, i: u64) {
    request.id = i;
    request.path.clear();
    let _ = write!(request.path, "/api/data/{i}");
    request.client_ip.clear();
    analysis_ip(&mut request.client_ip, i);
}

/// Client `i`'s IPv4 address, `a.b.c.1` with a = 1 + i mod 223, b = ⌊i / 223⌋ mod 256, c =
/// ⌊i / 57,088⌋ mod 256: a distinct /24 for each of the first 14.6 million clients, since nginx's
/// `ip_hash` reads only the first three octets (a path is no address: it would hash as one).
pub fn analysis_ip(out: &mut String, i: u64) {
    let _ = write!(
        out,
        "{}.{}.{}.1",
        1 + i % 223,
        (i / 223) % 256,
        (i / (223 * 256)) % 256
    );
}

/// How server weights are set in a generated pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    /// Every server has weight 1.
    Equal,
    /// Weights 1, 2, 3, 4, 1, 2, … in pool order.
    Cycle1To4,
}

impl Weights {
    /// The weight of the `index`-th server of a generated pool.
    pub fn weight(self, index: usize) -> u32 {
        match self {
            Weights::Equal => 1,
            Weights::Cycle1To4 => 1 + (index % 4) as u32,
        }
    }

    /// The rule in words, for report headers ("all 1").
    pub fn describe(self) -> &'static str {
        match self {
            Weights::Equal => "all 1",
            Weights::Cycle1To4 => "1, 2, 3, 4 cycling",
        }
    }
}

/// The `index`-th server of a generated pool: `10.0.{index / 200}.{index % 200 + 1}:8080`.
pub fn generated_server(index: usize, weight: u32) -> Server {
    let host = format!("10.0.{}.{}", index / 200, index % 200 + 1);
    Server::new(format!("{host}:8080"), host, 8080, weight)
}

/// A generated pool of `n` servers.
pub fn generated_servers(n: usize, weights: Weights) -> Vec<Server> {
    (0..n)
        .map(|i| generated_server(i, weights.weight(i)))
        .collect()
}

/// Routes requests through a balancer under the load model described in the module docs.
#[derive(Clone, Debug)]
pub struct Router {
    in_flight: usize,
    /// Servers of the requests in flight, oldest first.
    queue: VecDeque<usize>,
    now: Nanos,
}

impl Router {
    /// Keep up to `in_flight` earlier requests in flight at each pick (0: each finishes at once,
    /// untracked).
    pub fn new(in_flight: usize) -> Self {
        Self {
            in_flight,
            // Capped: the queue grows as needed, a huge `in_flight` must not reserve memory up front.
            queue: VecDeque::with_capacity(in_flight.min(1 << 16)),
            now: 0,
        }
    }

    /// Route one request.
    pub fn route(
        &mut self,
        balancer: &mut Balancer,
        request: &Request,
        rng: &mut SimRng,
    ) -> Result<usize, PickError> {
        self.tick(balancer);
        let picked = balancer.pick(request, rng, self.now);
        self.started(balancer, &picked);
        picked
    }

    /// Route one request and return the steps that led to its pick.
    pub fn route_explained(
        &mut self,
        balancer: &mut Balancer,
        request: &Request,
        rng: &mut SimRng,
    ) -> (Result<usize, PickError>, Vec<Step>) {
        self.tick(balancer);
        let (picked, steps) = balancer.pick_explained(request, rng, self.now);
        self.started(balancer, &picked);
        (picked, steps)
    }

    /// Advance the clock and finish the oldest request if more than `in_flight` are in flight,
    /// so the pick that follows sees at most `in_flight` earlier requests (not one fewer).
    fn tick(&mut self, balancer: &mut Balancer) {
        self.now += REQUEST_SPACING_NS;
        if self.in_flight > 0
            && self.queue.len() > self.in_flight
            && let Some(server) = self.queue.pop_front()
        {
            balancer.request_finished(server, REQUEST_LATENCY_MS, true, self.now);
        }
    }

    fn started(&mut self, balancer: &mut Balancer, picked: &Result<usize, PickError>) {
        if let (Ok(server), true) = (picked, self.in_flight > 0) {
            balancer.request_started(*server);
            self.queue.push_back(*server);
        }
    }

    /// Finish every request in flight (before a membership change shifts server indices).
    pub fn finish_all(&mut self, balancer: &mut Balancer) {
        while let Some(server) = self.queue.pop_front() {
            balancer.request_finished(server, REQUEST_LATENCY_MS, true, self.now);
        }
    }
}

/// One membership change.
#[derive(Clone, Debug, PartialEq)]
pub enum Membership {
    /// Remove the server with this id.
    Remove(String),
    /// Add this server.
    Add(Server),
}

impl Membership {
    /// Apply the change to `balancer` (which rebuilds its strategy).
    pub fn apply(&self, balancer: &mut Balancer) -> Result<(), EngineError> {
        match self {
            Membership::Remove(id) => balancer.remove_server(id),
            Membership::Add(server) => balancer.add_server(server.clone()),
        }
    }

    /// The id of the server removed or added.
    pub fn id(&self) -> &str {
        match self {
            Membership::Remove(id) => id,
            Membership::Add(server) => &server.id,
        }
    }
}

/// How evenly picks spread over the eligible servers, relative to each one's fair share
/// `picks · wᵢ / W` (with equal weights: the mean).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Imbalance {
    /// Requests routed.
    pub keys: u64,
    /// Eligible servers.
    pub servers: usize,
    /// Picks that failed (the seed's faults); they count for no server.
    pub failed: u64,
    /// The most loaded server's picks over its fair share (1 is perfect; with equal weights this
    /// is max/mean).
    pub max_over_mean: f64,
    /// The least loaded server's picks over its fair share.
    pub min_over_mean: f64,
    /// Root mean square of (picks / fair share − 1) over the servers: with equal weights, the
    /// coefficient of variation of the per-server counts.
    pub cv: f64,
}

/// Imbalance of per-server pick counts `counts` against `weights` (same order).
pub fn imbalance_of(counts: &[u64], weights: &[u32], failed: u64) -> Imbalance {
    let picks: u64 = counts.iter().sum();
    let total_weight: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut max = 0.0f64;
    let mut min = f64::INFINITY;
    let mut squares = 0.0;
    let mut servers = 0;
    for (&count, &weight) in counts.iter().zip(weights) {
        if weight == 0 || total_weight == 0 || picks == 0 {
            continue;
        }
        let fair = picks as f64 * f64::from(weight) / total_weight as f64;
        let ratio = count as f64 / fair;
        max = max.max(ratio);
        min = min.min(ratio);
        squares += (ratio - 1.0) * (ratio - 1.0);
        servers += 1;
    }
    Imbalance {
        keys: picks + failed,
        servers,
        failed,
        max_over_mean: if servers > 0 { max } else { 0.0 },
        min_over_mean: if servers > 0 { min } else { 0.0 },
        cv: if servers > 0 {
            (squares / servers as f64).sqrt()
        } else {
            0.0
        },
    }
}

/// Route `keys` requests (keys `/api/data/0`, `/api/data/1`, …) through a fresh balancer over
/// `servers` and measure how evenly they spread.
pub fn imbalance(
    config: &StrategyConfig,
    servers: Vec<Server>,
    keys: u64,
    in_flight: usize,
    seed: u64,
) -> Result<Imbalance, EngineError> {
    let mut balancer = Balancer::new(config.clone(), servers)?;
    let mut router = Router::new(in_flight);
    let mut rng = seeded(seed);
    let mut counts = vec![0u64; balancer.pool().len()];
    let mut failed = 0;
    let mut request = Request::default();
    for i in 0..keys {
        set_analysis_key(&mut request, i);
        match router.route(&mut balancer, &request, &mut rng) {
            Ok(server) => counts[server] += 1,
            Err(_) => failed += 1,
        }
    }
    let pool = balancer.pool();
    let weights: Vec<u32> = pool
        .servers()
        .iter()
        .map(|s| if s.is_eligible() { s.weight } else { 0 })
        .collect();
    Ok(imbalance_of(&counts, &weights, failed))
}

/// A server that took over moved keys, and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Absorbed {
    /// The absorbing server's id.
    pub server: String,
    /// Moved keys it now owns.
    pub keys: u64,
}

/// What one membership change did to the owners of a set of keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Churn {
    /// Keys looked up, before and after the change alike.
    pub keys: u64,
    /// Keys whose owner differs after the change (a failed pick counts as an owner of its own).
    pub moved: u64,
    /// Moved keys that had no need to move: between two servers that both stayed, neither the
    /// one removed nor the one added.
    pub needless: u64,
    /// Keys whose pick failed before the change (no eligible owner).
    pub failed_before: u64,
    /// Keys whose pick failed after the change.
    pub failed_after: u64,
    /// `moved / keys`.
    pub moved_fraction: f64,
    /// Eligible servers the ideal is counted over: before a removal, after an addition.
    pub n: usize,
    /// The ideal fraction, 1/n.
    pub ideal: f64,
    /// The changed server's share of the eligible weight (the least that must move when weights
    /// differ; after a change of weight, `churn::edit_churn` sets it to the share that changed).
    pub weight_share: f64,
    /// New owners of the moved keys, in pool order, those with at least one key.
    pub absorbed: Vec<Absorbed>,
}

/// Compare owners (indices into `before` and `after`'s servers; `None` for a failed pick) of the
/// same keys before and after `change`.
pub fn compare_owners(
    before: &Pool,
    owners_before: &[Option<usize>],
    after: &Pool,
    owners_after: &[Option<usize>],
    change: &Membership,
) -> Churn {
    // Map each server of the old pool to its index in the new pool, by id.
    let new_index = IdIndex::new(after);
    let translate: Vec<Option<usize>> = before
        .servers()
        .iter()
        .map(|s| new_index.get(&s.id))
        .collect();
    let changed = change.id();
    let mut absorbed = vec![0u64; after.len()];
    let (mut moved, mut needless, mut failed_before, mut failed_after) = (0, 0, 0, 0);
    for (old, new) in owners_before.iter().zip(owners_after) {
        failed_before += u64::from(old.is_none());
        failed_after += u64::from(new.is_none());
        let old_in_new = old.map(|o| translate[o]);
        let same = match (old_in_new, new) {
            (Some(Some(o)), Some(n)) => o == *n,
            (None, None) => true,
            _ => false,
        };
        if same {
            continue;
        }
        moved += 1;
        if let Some(n) = new {
            absorbed[*n] += 1;
        }
        let necessary = match change {
            Membership::Remove(_) => old.is_some_and(|o| before.server(o).id == changed),
            Membership::Add(_) => new.is_some_and(|n| after.server(n).id == changed),
        };
        if !necessary && old.is_some() && new.is_some() {
            needless += 1;
        }
    }
    let keys = owners_before.len().min(owners_after.len()) as u64;
    let (reference, n) = match change {
        Membership::Remove(_) => (before, before.eligible().len()),
        Membership::Add(_) => (after, after.eligible().len()),
    };
    let changed_weight = reference
        .index_of(changed)
        .filter(|&i| reference.server(i).is_eligible())
        .map_or(0, |i| reference.server(i).weight);
    Churn {
        keys,
        moved,
        needless,
        failed_before,
        failed_after,
        moved_fraction: if keys > 0 {
            moved as f64 / keys as f64
        } else {
            0.0
        },
        n,
        ideal: if n > 0 { 1.0 / n as f64 } else { 0.0 },
        weight_share: if reference.eligible_weight() > 0 {
            f64::from(changed_weight) / reference.eligible_weight() as f64
        } else {
            0.0
        },
        absorbed: absorbed
            .iter()
            .enumerate()
            .filter(|(_, k)| **k > 0)
            .map(|(i, &k)| Absorbed {
                server: after.server(i).id.clone(),
                keys: k,
            })
            .collect(),
    }
}

/// Route `keys` requests (keys `/api/data/0`, …) through a balancer over `servers`, apply
/// `change`, route the same keys again on the same balancer, and compare the owners.
pub fn churn(
    config: &StrategyConfig,
    servers: Vec<Server>,
    change: &Membership,
    keys: u64,
    in_flight: usize,
    seed: u64,
) -> Result<Churn, EngineError> {
    let mut balancer = Balancer::new(config.clone(), servers)?;
    let mut router = Router::new(in_flight);
    let mut rng = seeded(seed);
    let mut request = Request::default();
    let mut pass = |balancer: &mut Balancer, router: &mut Router| -> Vec<Option<usize>> {
        let owners = (0..keys)
            .map(|i| {
                set_analysis_key(&mut request, i);
                router.route(balancer, &request, &mut rng).ok()
            })
            .collect();
        router.finish_all(balancer);
        owners
    };
    let owners_before = pass(&mut balancer, &mut router);
    let before = balancer.pool().clone();
    change.apply(&mut balancer)?;
    let owners_after = pass(&mut balancer, &mut router);
    Ok(compare_owners(
        &before,
        &owners_before,
        balancer.pool(),
        &owners_after,
        change,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::parse_servers;
    use crate::engine::strategy::StrategyKind;

    fn pool(spec: &str) -> Pool {
        Pool::new(parse_servers(spec).unwrap()).unwrap()
    }

    #[test]
    fn round_robin_is_perfectly_even_and_smooth_wrr_follows_weights() {
        let rr = StrategyConfig::new(StrategyKind::RoundRobin);
        let i = imbalance(&rr, generated_servers(10, Weights::Equal), 1000, 0, 1).unwrap();
        assert_eq!((i.max_over_mean, i.min_over_mean, i.cv), (1.0, 1.0, 0.0));
        assert_eq!((i.keys, i.servers, i.failed), (1000, 10, 0));
        // Round robin ignores weights: with weights 1..4 the weight-1 servers get 2.5× their share.
        let i = imbalance(&rr, generated_servers(4, Weights::Cycle1To4), 1000, 0, 1).unwrap();
        assert_eq!(i.max_over_mean, 2.5);
        let wrr = StrategyConfig::new(StrategyKind::WeightedRoundRobin);
        let i = imbalance(&wrr, generated_servers(8, Weights::Cycle1To4), 2000, 0, 1).unwrap();
        assert!(
            (i.max_over_mean - 1.0).abs() < 1e-12 && i.cv < 1e-12,
            "{i:?}"
        );
    }

    #[test]
    fn an_idle_pool_gets_the_weight_shares_exactly_when_the_strategy_says_its_shares_follow_weights()
     {
        use crate::engine::strategy::Variant;
        for kind in StrategyKind::ALL {
            for variant in [Variant::Corrected, Variant::Seed] {
                if variant == Variant::Seed && !kind.has_seed_variant() {
                    continue;
                }
                let mut config = StrategyConfig::new(kind);
                config.variant = variant;
                // Weights 1, 2, 3, 4: an even spread gives the weight-1 server 2.5× its share by
                // weight, a spread by weight about 1×.
                let i = imbalance(
                    &config,
                    generated_servers(4, Weights::Cycle1To4),
                    20_000,
                    0,
                    1,
                )
                .unwrap();
                if i.min_over_mean == 0.0 {
                    // The tutorial's least-* code sends every tie to its first server.
                    continue;
                }
                let follows = kind.shares_follow_weights(variant);
                assert!(
                    if follows {
                        i.max_over_mean < 1.3
                    } else {
                        i.max_over_mean > 2.0
                    },
                    "{kind:?} {variant:?}: follows weights {follows}, {i:?}"
                );
            }
        }
    }

    #[test]
    fn imbalance_of_names_the_worst_server_against_its_share() {
        let i = imbalance_of(&[30, 10, 0], &[1, 1, 0], 5);
        assert_eq!((i.keys, i.servers, i.failed), (45, 2, 5));
        assert_eq!((i.max_over_mean, i.min_over_mean), (1.5, 0.5));
        assert_eq!(i.cv, 0.5);
        let i = imbalance_of(&[0, 0], &[1, 1], 3);
        assert_eq!((i.max_over_mean, i.cv, i.servers), (0.0, 0.0, 0));
    }

    #[test]
    fn compare_owners_counts_moves_needless_moves_and_absorbers() {
        let before = pool("a:1,b:1,c:1,d:1");
        let after = pool("a:1,c:1,d:1");
        let change = Membership::Remove("b:1".into());
        // Keys owned by a, b, b, c, d, failed; after: a, c, d, d, d, a.
        let old = [Some(0), Some(1), Some(1), Some(2), Some(3), None];
        let new = [Some(0), Some(1), Some(2), Some(2), Some(2), Some(0)];
        let c = compare_owners(&before, &old, &after, &new, &change);
        assert_eq!((c.keys, c.moved, c.needless), (6, 4, 1));
        assert_eq!((c.failed_before, c.failed_after), (1, 0));
        assert_eq!((c.n, c.ideal, c.weight_share), (4, 0.25, 0.25));
        assert_eq!(
            c.absorbed,
            [
                Absorbed {
                    server: "a:1".into(),
                    keys: 1
                },
                Absorbed {
                    server: "c:1".into(),
                    keys: 1
                },
                Absorbed {
                    server: "d:1".into(),
                    keys: 2
                }
            ]
        );

        let after = pool("a:1,b:1,c:1,d:1,e:1=3");
        let change = Membership::Add(parse_servers("e:1=3").unwrap().remove(0));
        let old = [Some(0), Some(1), Some(2)];
        let new = [Some(4), Some(1), Some(0)];
        let c = compare_owners(&before, &old, &after, &new, &change);
        assert_eq!((c.moved, c.needless, c.n), (2, 1, 5));
        assert_eq!(c.weight_share, 3.0 / 7.0);
    }

    #[test]
    fn churn_drives_one_balancer_across_the_change() {
        // Round robin keeps no affinity: after removing one of 4 servers most keys move.
        let rr = StrategyConfig::new(StrategyKind::RoundRobin);
        let servers = generated_servers(4, Weights::Equal);
        let removed = Membership::Remove(servers[1].id.clone());
        let c = churn(&rr, servers.clone(), &removed, 12, 0, 1).unwrap();
        // Before: 0 1 2 3 ×3; after (3 servers): 0 2 3 ×4.
        assert_eq!((c.keys, c.moved, c.n), (12, 9, 4));
        let added = Membership::Add(generated_server(4, 1));
        let c = churn(&rr, servers, &added, 20, 0, 1).unwrap();
        assert_eq!((c.n, c.ideal), (5, 0.2));
        assert!(c.absorbed.iter().any(|a| a.server == "10.0.0.5:8080"));
        let unknown = Membership::Remove("nope:1".into());
        assert!(churn(&rr, generated_servers(2, Weights::Equal), &unknown, 1, 0, 1).is_err());
    }

    /// `in_flight = 1` keeps one earlier request in flight at each pick (it used to behave as
    /// 0): once the first request is in, every pick finds one request in flight besides its own.
    #[test]
    fn one_in_flight_is_seen_by_the_next_pick() {
        let config = StrategyConfig::new(StrategyKind::LeastConnections);
        let mut b = Balancer::new(config, generated_servers(2, Weights::Equal)).unwrap();
        let mut router = Router::new(1);
        let mut rng = seeded(1);
        for i in 0..20 {
            router.route(&mut b, &demo_request(i), &mut rng).unwrap();
            let now: u32 = b.pool().servers().iter().map(|s| s.load.connections).sum();
            assert_eq!(now, if i == 0 { 1 } else { 2 }, "after request {i}");
        }
    }

    #[test]
    fn the_router_keeps_requests_in_flight_and_finishes_them_all() {
        let config = StrategyConfig::new(StrategyKind::RoundRobin);
        let mut b = Balancer::new(config, generated_servers(3, Weights::Equal)).unwrap();
        let mut router = Router::new(2);
        let mut rng = seeded(1);
        for i in 0..5 {
            router.route(&mut b, &demo_request(i), &mut rng).unwrap();
        }
        let connections =
            |b: &Balancer| -> u32 { b.pool().servers().iter().map(|s| s.load.connections).sum() };
        // Two earlier requests in flight at the fifth pick, plus the fifth itself.
        assert_eq!(connections(&b), 3);
        assert_eq!(b.stats().successful_requests, 2);
        router.finish_all(&mut b);
        assert_eq!(connections(&b), 0);
        let mut idle = Router::new(0);
        idle.route(&mut b, &demo_request(0), &mut rng).unwrap();
        assert_eq!(connections(&b), 0);
    }

    #[test]
    fn requests_carry_their_key_everywhere_a_strategy_may_look() {
        let r = keyed_request(7, "user-42", Some("X-User"));
        assert_eq!(
            (r.path.as_str(), r.client_ip.as_str()),
            ("user-42", "user-42")
        );
        assert_eq!(r.header("x-user"), Some("user-42"));
        let d = demo_request(13);
        assert_eq!(
            (d.path.as_str(), d.client_ip.as_str()),
            ("/api/data/13", "192.168.1.3")
        );
        let mut r = Request::default();
        set_analysis_key(&mut r, 5);
        assert_eq!(
            (r.id, r.path.as_str(), r.client_ip.as_str()),
            (5, "/api/data/5", "6.0.0.1")
        );
        assert_eq!(
            generated_servers(201, Weights::Cycle1To4)[200].id,
            "10.0.1.1:8080"
        );
        assert_eq!(Weights::Cycle1To4.weight(5), 2);
    }

    proptest::proptest! {
        /// Whatever the owners, the counts agree with a key-by-key comparison by id.
        #[test]
        fn compare_owners_agrees_with_a_plain_comparison(
            old in proptest::collection::vec(proptest::option::of(0usize..5), 0..60),
            new in proptest::collection::vec(proptest::option::of(0usize..4), 0..60),
            removed in 0usize..5,
        ) {
            let before = pool("a:1,b:1,c:1,d:1,e:1");
            let mut after = before.clone();
            let id = before.server(removed).id.clone();
            after.remove(&id).unwrap();
            let c = compare_owners(&before, &old, &after, &new, &Membership::Remove(id.clone()));
            let name = |p: &Pool, o: &Option<usize>| o.map(|i| p.server(i).id.clone());
            let pairs: Vec<_> = old.iter().zip(&new).map(|(o, n)| (name(&before, o), name(&after, n))).collect();
            let moved = pairs.iter().filter(|(o, n)| o != n).count() as u64;
            let needless = pairs
                .iter()
                .filter(|(o, n)| o != n && o.is_some() && n.is_some() && o.as_deref() != Some(id.as_str()))
                .count() as u64;
            proptest::prop_assert_eq!(c.keys, pairs.len() as u64);
            proptest::prop_assert_eq!(c.moved, moved);
            proptest::prop_assert_eq!(c.needless, needless);
            let absorbed: u64 = c.absorbed.iter().map(|a| a.keys).sum();
            let moved_to_failure = pairs.iter().filter(|(o, n)| o != n && n.is_none()).count() as u64;
            proptest::prop_assert_eq!(absorbed + moved_to_failure, moved);
        }
    }
}
