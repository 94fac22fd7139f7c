//! What moves when a pool changes, how evenly a ring spreads load, and what hot keys do: the
//! computations behind the playground's lookup debugger and churn view (issue 5), without a clock.
//!
//! Everything drives a [`Balancer`] through [`analyze`](super::analyze)'s `Router` and compares
//! owners with its [`compare_owners`], so every figure is about the very code that picks (one
//! source of truth; nothing here re-implements a strategy). On top of `analyze` it adds:
//!
//! * [`PoolEdit`]: the four changes the churn view offers (add, remove, a weight change, a failure,
//!   and a recovery), replayed on one balancer in order ([`replay`]), because a strategy's state
//!   can depend on history (jump hash's stable bucket list keeps tombstones, as `fulcrum route
//!   --remove` does on its one balancer).
//! * [`lookup`]: one key's pick with the engine's explanation, after requests in flight.
//! * [`edit_churn`]: the owners of a list of keys before and after the last edit, with the ideal
//!   fraction for that edit (the changed server's weight share; Karger et al., STOC 1997).
//! * [`churn_matrix`]: the same change under every hashing strategy at once.
//! * [`ring_spread`]: each server's share of the ring's circle (the exact expected load of
//!   uniformly hashed keys), from the ring's own points, as max/mean and standard deviation.
//! * [`hot_keys`]: Zipf traffic (Zipf 1949; Breslau et al., INFOCOM 1999) through a plain ring and
//!   through bounded loads (Mirrokni, Thorup and Zadimoghaddam, SODA 2018): consistent hashing
//!   balances keys, not requests, and the bound caps the hot server.

use super::analyze::{Churn, Membership, Router, compare_owners, keyed_request};
use super::balancer::{Balancer, EngineError};
use super::hashing::ring::HashRing;
use super::load_blind::random::AliasTable;
use super::model::{PoolError, Server, Status};
use super::rng::seeded;
use super::strategy::{AnyStrategy, PickError, RingFlavor, StrategyConfig, StrategyKind};
use super::trace::Step;

/// The hashing strategies a key can be looked up with, as the lookup debugger offers them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum HashStrategy {
    /// `url_hash`: XXH3-64 of the path mod n.
    UrlHash,
    /// `ip_hash`: nginx's hash of the client address over the servers' weights.
    IpHash,
    /// `consistent_hash` on Fulcrum's ring.
    Ring,
    /// `consistent_hash` on nginx's ketama ring.
    NginxRing,
    /// `maglev`: Google's lookup table.
    Maglev,
    /// `rendezvous_hash`: highest random weight.
    Rendezvous,
    /// `rendezvous_skeleton`: rendezvous over a virtual tree of slots.
    RendezvousSkeleton,
    /// `jump_hash`: Lamping and Veach's jump consistent hash.
    Jump,
    /// `memento_hash`: jump hash plus the memento of removed buckets.
    Memento,
    /// `jump_back_hash`: JumpBackHash over jump hash's stable buckets.
    JumpBack,
    /// `anchor_hash`: AnchorHash's fixed anchor of buckets.
    Anchor,
    /// `multi_probe_hash`: one point per server, k probes of the key.
    MultiProbe,
    /// `bounded_load_consistent_hash` on Fulcrum's ring.
    BoundedLoad,
}

/// The knobs of the hashing strategies that the views expose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knobs {
    /// Ring points per unit of weight (Fulcrum's ring and bounded loads).
    pub points_per_weight: u32,
    /// Bounded loads' c.
    pub load_factor: f64,
    /// Maglev's M (a prime).
    pub maglev_table_size: u32,
    /// Multi-probe consistent hashing's k, the probes per key.
    pub probes: u32,
}

impl Default for Knobs {
    fn default() -> Self {
        let d = StrategyConfig::default();
        Self {
            points_per_weight: d.points_per_weight,
            load_factor: d.load_factor,
            maglev_table_size: d.maglev_table_size,
            probes: d.k,
        }
    }
}

impl HashStrategy {
    /// In the order the debugger lists them: the consistent ones, then the modulo for contrast.
    pub const ALL: [HashStrategy; 13] = [
        HashStrategy::Ring,
        HashStrategy::NginxRing,
        HashStrategy::MultiProbe,
        HashStrategy::Maglev,
        HashStrategy::Rendezvous,
        HashStrategy::RendezvousSkeleton,
        HashStrategy::Jump,
        HashStrategy::Memento,
        HashStrategy::JumpBack,
        HashStrategy::Anchor,
        HashStrategy::BoundedLoad,
        HashStrategy::IpHash,
        HashStrategy::UrlHash,
    ];

    /// The rows of the churn matrix: every hashing strategy that hashes any key (`ip_hash` reads
    /// an address, which the matrix's path keys are not; nginx would hash them all as one).
    pub const MATRIX: [HashStrategy; 12] = [
        HashStrategy::UrlHash,
        HashStrategy::Ring,
        HashStrategy::NginxRing,
        HashStrategy::MultiProbe,
        HashStrategy::Maglev,
        HashStrategy::Rendezvous,
        HashStrategy::RendezvousSkeleton,
        HashStrategy::Jump,
        HashStrategy::Memento,
        HashStrategy::JumpBack,
        HashStrategy::Anchor,
        HashStrategy::BoundedLoad,
    ];

    /// The one that is `kind` (on `ring`, for consistent hashing), if `kind` hashes a key.
    pub fn of(kind: StrategyKind, ring: RingFlavor) -> Option<Self> {
        Self::ALL.into_iter().find(|h| {
            h.kind() == kind && (kind != StrategyKind::ConsistentHash || h.ring() == ring)
        })
    }

    /// The strategy this one builds.
    pub fn kind(self) -> StrategyKind {
        match self {
            HashStrategy::UrlHash => StrategyKind::UrlHash,
            HashStrategy::IpHash => StrategyKind::IpHash,
            HashStrategy::Ring | HashStrategy::NginxRing => StrategyKind::ConsistentHash,
            HashStrategy::Maglev => StrategyKind::Maglev,
            HashStrategy::Rendezvous => StrategyKind::RendezvousHash,
            HashStrategy::RendezvousSkeleton => StrategyKind::RendezvousSkeleton,
            HashStrategy::Jump => StrategyKind::JumpHash,
            HashStrategy::Memento => StrategyKind::MementoHash,
            HashStrategy::JumpBack => StrategyKind::JumpBackHash,
            HashStrategy::Anchor => StrategyKind::AnchorHash,
            HashStrategy::MultiProbe => StrategyKind::MultiProbeHash,
            HashStrategy::BoundedLoad => StrategyKind::BoundedLoadConsistentHash,
        }
    }

    /// The ring flavour it builds with (nginx's for `NginxRing`).
    pub fn ring(self) -> RingFlavor {
        match self {
            HashStrategy::NginxRing => RingFlavor::Nginx,
            _ => RingFlavor::Fulcrum,
        }
    }

    /// A stable short name (for form values and tests).
    pub fn slug(self) -> &'static str {
        match self {
            HashStrategy::UrlHash => "url_hash",
            HashStrategy::IpHash => "ip_hash",
            HashStrategy::Ring => "consistent_hash",
            HashStrategy::NginxRing => "consistent_hash_nginx",
            HashStrategy::Maglev => "maglev",
            HashStrategy::Rendezvous => "rendezvous_hash",
            HashStrategy::RendezvousSkeleton => "rendezvous_skeleton",
            HashStrategy::Jump => "jump_hash",
            HashStrategy::Memento => "memento_hash",
            HashStrategy::JumpBack => "jump_back_hash",
            HashStrategy::Anchor => "anchor_hash",
            HashStrategy::MultiProbe => "multi_probe_hash",
            HashStrategy::BoundedLoad => "bounded_load_consistent_hash",
        }
    }

    /// The strategy named by its slug, as links and the CLI write it.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// What a person reads. Inlined: a caller that names some strategies itself (the page, in
    /// its language) then carries only the labels it can reach.
    #[inline(always)]
    pub fn label(self) -> &'static str {
        match self {
            HashStrategy::UrlHash => "url_hash (modulo)",
            HashStrategy::IpHash => "ip_hash (nginx)",
            HashStrategy::Ring => "consistent_hash (Fulcrum ring)",
            HashStrategy::NginxRing => "consistent_hash (nginx ring)",
            HashStrategy::Maglev => "maglev",
            HashStrategy::Rendezvous => "rendezvous_hash",
            HashStrategy::RendezvousSkeleton => "rendezvous_skeleton",
            HashStrategy::Jump => "jump_hash",
            HashStrategy::Memento => "memento_hash",
            HashStrategy::JumpBack => "jump_back_hash",
            HashStrategy::Anchor => "anchor_hash",
            HashStrategy::MultiProbe => "multi_probe_hash",
            HashStrategy::BoundedLoad => "bounded_load_consistent_hash",
        }
    }

    /// The configuration that builds this strategy with `knobs`.
    pub fn config(self, knobs: &Knobs) -> StrategyConfig {
        StrategyConfig {
            ring: self.ring(),
            points_per_weight: knobs.points_per_weight,
            load_factor: knobs.load_factor,
            maglev_table_size: knobs.maglev_table_size,
            k: knobs.probes,
            ..StrategyConfig::new(self.kind())
        }
    }
}

/// One change to a pool, by server id.
#[derive(Clone, Debug, PartialEq)]
pub enum PoolEdit {
    /// Add this server at the end of the pool.
    Add(Server),
    /// Remove the server with this id.
    Remove(String),
    /// Change a server's weight.
    SetWeight {
        /// The server's id.
        id: String,
        /// Its new weight.
        weight: u32,
    },
    /// The server fails (status unhealthy): it stays in the pool but takes no requests.
    Fail(String),
    /// The server is healthy again.
    Recover(String),
}

impl PoolEdit {
    /// The server changed.
    pub fn id(&self) -> &str {
        match self {
            PoolEdit::Add(server) => &server.id,
            PoolEdit::Remove(id)
            | PoolEdit::SetWeight { id, .. }
            | PoolEdit::Fail(id)
            | PoolEdit::Recover(id) => id,
        }
    }

    /// Apply to `balancer`, which rebuilds its strategy.
    pub fn apply(&self, balancer: &mut Balancer) -> Result<(), EngineError> {
        let index = |b: &Balancer, id: &str| {
            b.pool()
                .index_of(id)
                .ok_or_else(|| EngineError::Pool(PoolError::UnknownId(id.to_string())))
        };
        match self {
            PoolEdit::Add(server) => balancer.add_server(server.clone()),
            PoolEdit::Remove(id) => balancer.remove_server(id),
            PoolEdit::SetWeight { id, weight } => {
                let i = index(balancer, id)?;
                balancer.set_weight(i, *weight)
            }
            PoolEdit::Fail(id) => {
                let i = index(balancer, id)?;
                balancer.set_status(i, Status::Unhealthy)
            }
            PoolEdit::Recover(id) => {
                let i = index(balancer, id)?;
                balancer.set_status(i, Status::Healthy)
            }
        }
    }
}

/// A balancer over `base` with `edits` applied in order.
pub fn replay(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
) -> Result<Balancer, EngineError> {
    let mut balancer = Balancer::new(config.clone(), base.to_vec())?;
    for edit in edits {
        edit.apply(&mut balancer)?;
    }
    Ok(balancer)
}

/// Route `keys` (each as path, client IP and id = its position) through `balancer` with `router`,
/// then finish every request still in flight. Returns each key's owner id (`None`: no server).
pub fn route_keys(
    balancer: &mut Balancer,
    router: &mut Router,
    keys: &[String],
    seed: u64,
) -> Vec<Option<String>> {
    let mut rng = seeded(seed);
    let owners = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let request = keyed_request(i as u64, key, None);
            router
                .route(balancer, &request, &mut rng)
                .ok()
                .map(|s| balancer.pool().server(s).id.clone())
        })
        .collect();
    router.finish_all(balancer);
    owners
}

/// The owner of each key after `edits`, every request finishing at once (as `fulcrum route`).
pub fn owners(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
    keys: &[String],
) -> Result<Vec<Option<String>>, EngineError> {
    let mut balancer = replay(config, base, edits)?;
    Ok(route_keys(&mut balancer, &mut Router::new(0), keys, 1))
}

/// What the last of a list of edits did to the owners of some keys.
#[derive(Clone, Debug, PartialEq)]
pub struct EditChurn {
    /// Owner ids before and after the last edit, key by key.
    pub before: Vec<Option<String>>,
    /// Owner ids after the last edit (`None`: the pick failed).
    pub after: Vec<Option<String>>,
    /// Counts, 1/n and who absorbed the moved keys (from `analyze::compare_owners`); its
    /// `weight_share` is [`EditChurn::ideal`].
    pub churn: Churn,
    /// The fraction that had to move: the changed server's share of the eligible weight that
    /// joined or left (with equal weights, 1/n).
    pub ideal: f64,
}

/// Eligible weight share of server `id` in `balancer`'s pool (0 when absent or ineligible).
fn weight_share(balancer: &Balancer, id: &str) -> f64 {
    let pool = balancer.pool();
    let total = pool.eligible_weight();
    match pool.index_of(id).map(|i| pool.server(i)) {
        Some(s) if s.is_eligible() && total > 0 => f64::from(s.weight) / total as f64,
        _ => 0.0,
    }
}

/// Build a balancer over `base`, apply all but the last of `edits`, route `keys`, apply the last
/// edit to the same balancer, route the same keys again, and compare. `in_flight` follows
/// `analyze::Router` (0: every request finishes at once). `None` when there is no edit.
pub fn edit_churn(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
    keys: &[String],
    in_flight: usize,
) -> Result<Option<EditChurn>, EngineError> {
    let Some((last, earlier)) = edits.split_last() else {
        return Ok(None);
    };
    let mut balancer = replay(config, base, earlier)?;
    let mut router = Router::new(in_flight);
    let before = route_keys(&mut balancer, &mut router, keys, 1);
    let pool_before = balancer.pool().clone();
    let share_before = weight_share(&balancer, last.id());
    last.apply(&mut balancer)?;
    let share_after = weight_share(&balancer, last.id());
    let after = route_keys(&mut balancer, &mut router, keys, 1);
    let index = |owners: &[Option<String>], pool: &super::model::Pool| -> Vec<Option<usize>> {
        owners
            .iter()
            .map(|o| o.as_deref().and_then(|id| pool.index_of(id)))
            .collect()
    };
    // compare_owners counts "necessary" moves as those off a removed server or onto an added
    // one; a failure and a shrinking weight are removal-like, a recovery and a growing weight
    // addition-like.
    let grows = match last {
        PoolEdit::Add(_) | PoolEdit::Recover(_) => true,
        PoolEdit::Remove(_) | PoolEdit::Fail(_) => false,
        PoolEdit::SetWeight { .. } => share_after > share_before,
    };
    let membership = if grows {
        let server = balancer
            .pool()
            .index_of(last.id())
            .map(|i| balancer.pool().server(i).clone())
            .unwrap_or_else(|| Server::new(last.id(), last.id(), 0, 1));
        Membership::Add(server)
    } else {
        Membership::Remove(last.id().to_string())
    };
    let mut churn = compare_owners(
        &pool_before,
        &index(&before, &pool_before),
        balancer.pool(),
        &index(&after, balancer.pool()),
        &membership,
    );
    let ideal = match last {
        PoolEdit::SetWeight { .. } => (share_after - share_before).abs(),
        _ => churn.weight_share,
    };
    // The share of the weight that changed hands, for a change of weight too (the churn
    // matrix's rows carry only the churn).
    churn.weight_share = ideal;
    Ok(Some(EditChurn {
        before,
        after,
        churn,
        ideal,
    }))
}

/// One key looked up step by step, and the balancer it was looked up on (for its accessors:
/// the ring's points, maglev's permutations and table, jump hash's buckets).
#[derive(Clone, Debug)]
pub struct Lookup {
    /// The balancer that answered, with its structures for drawing.
    pub balancer: Balancer,
    /// The engine's explanation of the pick, ending with `Chosen` when it succeeded.
    pub steps: Vec<Step>,
    /// The pool index of the owner, or why there is none.
    pub owner: Result<usize, PickError>,
    /// m: requests in flight over the eligible servers when the key was picked.
    pub in_flight_before: u64,
}

/// Look `key` up on a balancer over `base` after `edits`, after `earlier` requests for the same
/// key were sent and are still in flight (so bounded loads have load to walk past; other hashing
/// strategies ignore it). The same as `fulcrum route --in-flight N --keys -` with the key on
/// `earlier + 1` lines (N ≥ `earlier`): its last line is this owner.
pub fn lookup(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
    key: &str,
    earlier: usize,
) -> Result<Lookup, EngineError> {
    let mut balancer = replay(config, base, edits)?;
    let mut router = Router::new(earlier);
    let mut rng = seeded(1);
    for i in 0..earlier {
        let _ = router.route(&mut balancer, &keyed_request(i as u64, key, None), &mut rng);
    }
    let pool = balancer.pool();
    let in_flight_before = pool
        .eligible()
        .iter()
        .map(|&i| u64::from(pool.server(i).load.connections))
        .sum();
    let request = keyed_request(earlier as u64, key, None);
    let (owner, steps) = router.route_explained(&mut balancer, &request, &mut rng);
    Ok(Lookup {
        balancer,
        steps,
        owner,
        in_flight_before,
    })
}

/// One row of the churn matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The strategy of this row.
    pub strategy: HashStrategy,
    /// The churn (`None` without an edit), or why the strategy could not be built or changed.
    pub churn: Result<Option<Churn>, EngineError>,
    /// What order and history do: see [`order_churn`].
    pub order: Result<OrderChurn, EngineError>,
}

/// Whether a strategy's owners depend on the order of the servers or on the pool's history, not
/// only on the set of servers (their ids, weights and states): the fraction of keys whose owner
/// differs between two balancers that should agree if the mapping were a function of the set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderChurn {
    /// A fresh balancer over the servers (after the edits) against one over the same servers in
    /// reverse order.
    pub reordered: f64,
    /// The balancer the edits were replayed on against a fresh one over the same servers, in
    /// the same order: what history (tombstones, slots, buckets) changes.
    pub history: f64,
}

/// [`OrderChurn`] of `config` over `base` after `edits`, routing `keys` with `in_flight`
/// requests in flight (as the churn matrix does).
pub fn order_churn(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
    keys: &[String],
    in_flight: usize,
) -> Result<OrderChurn, EngineError> {
    let mut replayed = replay(config, base, edits)?;
    let servers = replayed.pool().servers().to_vec();
    let mut reversed = servers.clone();
    reversed.reverse();
    let route = |b: &mut Balancer| route_keys(b, &mut Router::new(in_flight), keys, 1);
    let history_owners = route(&mut replayed);
    let fresh = route(&mut Balancer::new(config.clone(), servers)?);
    let reordered = route(&mut Balancer::new(config.clone(), reversed)?);
    let differ = |a: &[Option<String>], b: &[Option<String>]| {
        let moved = a.iter().zip(b).filter(|(x, y)| x != y).count();
        moved as f64 / keys.len().max(1) as f64
    };
    Ok(OrderChurn {
        reordered: differ(&fresh, &reordered),
        history: differ(&history_owners, &fresh),
    })
}

/// The last of `edits` under every strategy of [`HashStrategy::MATRIX`], over the same keys.
/// Maglev uses `knobs.maglev_table_size`; bounded loads keep `in_flight` requests in flight
/// (as `fulcrum analyze` does), the others are unaffected by it.
pub fn churn_matrix(
    knobs: &Knobs,
    base: &[Server],
    edits: &[PoolEdit],
    keys: &[String],
    in_flight: usize,
) -> Vec<MatrixRow> {
    HashStrategy::MATRIX
        .iter()
        .map(|&strategy| MatrixRow {
            strategy,
            churn: edit_churn(&strategy.config(knobs), base, edits, keys, in_flight)
                .map(|c| c.map(|c| c.churn)),
            order: order_churn(&strategy.config(knobs), base, edits, keys, in_flight),
        })
        .collect()
}

/// How evenly a ring's circle is divided.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// Points on the ring.
    pub points: usize,
    /// Per pool server: its share of the circle (0 for servers without points).
    pub shares: Vec<f64>,
    /// Per pool server: the share its weight deserves (0 when not eligible).
    pub fair: Vec<f64>,
    /// Largest share / fair share over servers with a fair share (1 is perfect).
    pub max_over_mean: f64,
    /// Smallest share / fair share (1 is perfect).
    pub min_over_mean: f64,
    /// Standard deviation of share / fair share (with equal weights: of the load, relative to
    /// the mean).
    pub std_dev: f64,
}

/// Each server's share of the circle of `ring` (pool indices, `servers` long). The keys hashed
/// into the arc after one point up to and including the next go wherever a key hashed exactly at
/// that next point goes, so each arc is credited to [`HashRing::owner_of_hash`] of its end (the
/// ring's own walk: on nginx's ring, past servers that are down).
pub fn arc_shares(ring: &HashRing, servers: usize) -> Vec<f64> {
    let mut shares = vec![0.0; servers];
    let bits = ring.hash_bits();
    let circle = (1u128 << bits) as f64;
    let Some((last, _)) = ring.points().last() else {
        return shares;
    };
    let mut previous = last;
    for (i, (position, _)) in ring.points().enumerate() {
        // The first arc wraps round from the last point (a single point owns the whole circle).
        let arc = if i == 0 {
            u128::from(position) + (1u128 << bits) - u128::from(previous)
        } else {
            u128::from(position - previous)
        };
        if let Some(s) = ring.owner_of_hash(position).and_then(|o| shares.get_mut(o)) {
            *s += arc as f64 / circle;
        }
        previous = position;
    }
    shares
}

/// The spread of a ring over `servers` with `points_per_weight` (Fulcrum's ring; nginx's when
/// `flavor` says so, whose points are fixed at 160 per weight).
pub fn ring_spread(
    servers: &[Server],
    points_per_weight: u32,
    flavor: RingFlavor,
) -> Result<Spread, EngineError> {
    let config = StrategyConfig {
        ring: flavor,
        points_per_weight,
        ..StrategyConfig::new(StrategyKind::ConsistentHash)
    };
    let balancer = Balancer::new(config, servers.to_vec())?;
    let AnyStrategy::HashRing(ring) = balancer.strategy() else {
        unreachable!("consistent_hash builds a HashRing");
    };
    let pool = balancer.pool();
    let shares = arc_shares(ring, pool.len());
    // nginx keeps the points of servers that are down; their arcs are walked past, so count
    // only the servers that may take keys.
    let total = pool.eligible_weight() as f64;
    let fair: Vec<f64> = pool
        .servers()
        .iter()
        .map(|s| {
            if s.is_eligible() && total > 0.0 {
                f64::from(s.weight) / total
            } else {
                0.0
            }
        })
        .collect();
    let ratios: Vec<f64> = shares
        .iter()
        .zip(&fair)
        .filter(|(_, f)| **f > 0.0)
        .map(|(s, f)| s / f)
        .collect();
    let (mut max_over_mean, mut min_over_mean, mut std_dev) = (0.0, 0.0, 0.0);
    if !ratios.is_empty() {
        let n = ratios.len() as f64;
        let mean = ratios.iter().sum::<f64>() / n;
        if mean > 0.0 {
            let variance = ratios.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / n;
            max_over_mean = ratios.iter().copied().fold(f64::MIN, f64::max) / mean;
            min_over_mean = ratios.iter().copied().fold(f64::MAX, f64::min) / mean;
            std_dev = variance.sqrt() / mean;
        }
    }
    Ok(Spread {
        points: ring.len(),
        shares,
        fair,
        max_over_mean,
        min_over_mean,
        std_dev,
    })
}

/// Zipf traffic over `keys` distinct keys through a plain ring and through bounded loads.
#[derive(Clone, Debug, PartialEq)]
pub struct HotKeys {
    /// The keys, hottest first (`/item/0`, `/item/1`, …).
    pub keys: Vec<String>,
    /// Requests per key (same order).
    pub key_requests: Vec<u64>,
    /// Pool server ids.
    pub servers: Vec<String>,
    /// Per server: distinct keys the plain ring maps to it.
    pub keys_owned: Vec<u64>,
    /// Per server: requests under the plain ring and under bounded loads.
    pub ring_requests: Vec<u64>,
    /// Per server: requests under bounded loads.
    pub bounded_requests: Vec<u64>,
    /// Per server: the most requests it held in flight at once.
    pub ring_peak: Vec<u32>,
    /// Per server: the most it held in flight under bounded loads.
    pub bounded_peak: Vec<u32>,
    /// Per server: bounded loads' capacity `⌈c · (m + 1) · wᵢ / W⌉` once the window is full
    /// (m = `in_flight` earlier requests), for comparison with the peaks.
    pub capacity: Vec<u64>,
    /// Requests sent.
    pub requests: u64,
    /// Earlier requests still in flight when each one arrives (`m` in the capacity).
    pub in_flight: usize,
    /// Bounded loads' `c`.
    pub load_factor: f64,
    /// Pool index of the plain ring's owner of the hottest key.
    pub hot_server: Option<usize>,
}

/// Route `requests` requests whose keys `/item/k` (k < `keys`) follow a Zipf law with exponent
/// `zipf` (P(k) ∝ 1/(k + 1)^s) through `consistent_hash` and `bounded_load_consistent_hash` on
/// the same ring, keeping `in_flight` requests in flight; the same key sequence for both.
pub fn hot_keys(
    knobs: &Knobs,
    servers: &[Server],
    keys: usize,
    zipf: f64,
    requests: u64,
    in_flight: usize,
    seed: u64,
) -> Result<HotKeys, EngineError> {
    let keys = keys.max(1);
    let names: Vec<String> = (0..keys).map(|k| format!("/item/{k}")).collect();
    // Integer weights for the exact alias table: 2^40 / (k + 1)^s, at least 1.
    let scale = (1u64 << 40) as f64;
    let table = AliasTable::new(
        (0..keys).map(|k| (scale * libm::pow(k as f64 + 1.0, -zipf.max(0.0))).max(1.0) as u64),
    );
    let mut rng = seeded(seed);
    let sequence: Vec<usize> = (0..requests)
        .map(|_| table.sample(&mut rng).map_or(0, |d| d.item))
        .collect();
    let mut key_requests = vec![0u64; keys];
    for &k in &sequence {
        key_requests[k] += 1;
    }
    let run = |strategy: HashStrategy| -> Result<(Vec<u64>, Vec<u32>, Balancer), EngineError> {
        let mut balancer = Balancer::new(strategy.config(knobs), servers.to_vec())?;
        let mut router = Router::new(in_flight);
        let mut rng = seeded(seed);
        let n = balancer.pool().len();
        let (mut count, mut peak) = (vec![0u64; n], vec![0u32; n]);
        for (i, &k) in sequence.iter().enumerate() {
            let request = keyed_request(i as u64, &names[k], None);
            if let Ok(s) = router.route(&mut balancer, &request, &mut rng) {
                count[s] += 1;
                peak[s] = peak[s].max(balancer.pool().server(s).load.connections);
            }
        }
        router.finish_all(&mut balancer);
        Ok((count, peak, balancer))
    };
    let (ring_requests, ring_peak, mut ring) = run(HashStrategy::Ring)?;
    let (bounded_requests, bounded_peak, bounded) = run(HashStrategy::BoundedLoad)?;
    let owners = route_keys(&mut ring, &mut Router::new(0), &names, seed);
    let pool = ring.pool();
    let mut keys_owned = vec![0u64; pool.len()];
    for owner in owners.iter().flatten() {
        if let Some(i) = pool.index_of(owner) {
            keys_owned[i] += 1;
        }
    }
    let hot_server = owners[0].as_deref().and_then(|id| pool.index_of(id));
    let capacity = pool
        .servers()
        .iter()
        .map(|s| match bounded.strategy() {
            AnyStrategy::BoundedLoadHashRing(b) if s.is_eligible() => {
                let total = pool.eligible_weight().max(1) as f64;
                // m = `in_flight` earlier requests at each pick, + 1 for the one placed.
                let share = (in_flight + 1) as f64 * f64::from(s.weight) / total;
                (b.load_factor() * share).ceil() as u64
            }
            _ => 0,
        })
        .collect();
    Ok(HotKeys {
        keys: names,
        key_requests,
        servers: pool.servers().iter().map(|s| s.id.clone()).collect(),
        keys_owned,
        ring_requests,
        bounded_requests,
        ring_peak,
        bounded_peak,
        capacity,
        requests,
        in_flight,
        load_factor: knobs.load_factor.max(1.0),
        hot_server,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::engine::analyze::{Weights, generated_server, generated_servers};
    use crate::engine::model::parse_servers;

    fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("/k/{i}")).collect()
    }

    fn knobs() -> Knobs {
        Knobs {
            maglev_table_size: 251,
            ..Knobs::default()
        }
    }

    /// Keys that moved, and how many of them the changed server owned before (or after).
    fn check_only_its_keys_move(strategy: HashStrategy, servers: &[Server], edit: PoolEdit) {
        let config = strategy.config(&knobs());
        let keys = keys(400);
        let c = edit_churn(&config, servers, std::slice::from_ref(&edit), &keys, 0)
            .unwrap()
            .unwrap();
        let id = edit.id();
        for ((key, old), new) in keys.iter().zip(&c.before).zip(&c.after) {
            let had = old.as_deref() == Some(id);
            let gets = new.as_deref() == Some(id);
            let must_move = match edit {
                PoolEdit::Remove(_) | PoolEdit::Fail(_) => had,
                _ => gets && !had,
            };
            assert_eq!(
                old != new,
                must_move,
                "{strategy:?} {edit:?}: {key} went {old:?} → {new:?}"
            );
        }
        assert_eq!(c.churn.needless, 0, "{strategy:?} {edit:?}");
    }

    #[test]
    fn each_hash_strategy_is_found_from_its_kind_and_ring() {
        for h in HashStrategy::ALL {
            assert_eq!(HashStrategy::of(h.kind(), h.ring()), Some(h), "{h:?}");
        }
        assert_eq!(
            HashStrategy::of(StrategyKind::ConsistentHash, RingFlavor::Nginx),
            Some(HashStrategy::NginxRing)
        );
        assert_eq!(
            HashStrategy::of(StrategyKind::RoundRobin, RingFlavor::Fulcrum),
            None
        );
    }

    #[test]
    fn strategies_round_trip_their_slugs_and_build() {
        for s in HashStrategy::ALL {
            assert_eq!(HashStrategy::from_slug(s.slug()), Some(s));
            let config = s.config(&knobs());
            assert_eq!(config.validate(), Ok(()), "{s:?}");
            assert!(config.kind.info().hashing);
        }
        assert_eq!(HashStrategy::from_slug("round_robin"), None);
        assert_eq!(
            HashStrategy::NginxRing.config(&knobs()).ring,
            RingFlavor::Nginx
        );
    }

    #[test]
    fn edits_apply_by_id_and_name_unknown_servers() {
        let servers = parse_servers("a:1,b:1,c:1").unwrap();
        let config = HashStrategy::Ring.config(&knobs());
        let edits = [
            PoolEdit::Add(generated_server(0, 2)),
            PoolEdit::SetWeight {
                id: "a:1".into(),
                weight: 3,
            },
            PoolEdit::Fail("b:1".into()),
            PoolEdit::Remove("c:1".into()),
        ];
        let b = replay(&config, &servers, &edits).unwrap();
        let pool = b.pool();
        assert_eq!(pool.len(), 3);
        assert_eq!(pool.server(0).weight, 3);
        assert_eq!(pool.server(1).status, Status::Unhealthy);
        assert_eq!(pool.eligible().len(), 2);
        let b = replay(&config, &servers, &[PoolEdit::Recover("b:1".into())]).unwrap();
        assert_eq!(b.pool().eligible().len(), 3);
        for bad in [
            PoolEdit::Fail("z:9".into()),
            PoolEdit::Remove("z:9".into()),
            PoolEdit::Add(servers[0].clone()),
        ] {
            assert!(replay(&config, &servers, &[bad]).is_err());
        }
        assert_eq!(edits[0].id(), "10.0.0.1:8080");
    }

    #[test]
    fn removal_and_failure_move_exactly_the_keys_of_that_server() {
        let servers = generated_servers(6, Weights::Cycle1To4);
        for strategy in [
            HashStrategy::Ring,
            HashStrategy::Rendezvous,
            HashStrategy::Jump,
        ] {
            for i in [0, 2, 5] {
                let id = servers[i].id.clone();
                check_only_its_keys_move(strategy, &servers, PoolEdit::Remove(id.clone()));
                check_only_its_keys_move(strategy, &servers, PoolEdit::Fail(id));
            }
            check_only_its_keys_move(strategy, &servers, PoolEdit::Add(generated_server(9, 2)));
        }
        // A weight change moves keys only to (or from) that server under rendezvous and jump.
        for strategy in [HashStrategy::Rendezvous, HashStrategy::Jump] {
            let grow = PoolEdit::SetWeight {
                id: servers[1].id.clone(),
                weight: 5,
            };
            check_only_its_keys_move(strategy, &servers, grow);
        }
    }

    #[test]
    fn the_ideal_is_the_changed_weight_share() {
        let servers = generated_servers(4, Weights::Equal);
        let config = HashStrategy::Rendezvous.config(&knobs());
        let keys = keys(2000);
        let c = edit_churn(
            &config,
            &servers,
            &[PoolEdit::Remove(servers[3].id.clone())],
            &keys,
            0,
        )
        .unwrap()
        .unwrap();
        assert_eq!((c.ideal, c.churn.ideal, c.churn.n), (0.25, 0.25, 4));
        assert!(
            (c.churn.moved_fraction - 0.25).abs() < 0.04,
            "{:?}",
            c.churn
        );
        let grow = PoolEdit::SetWeight {
            id: servers[0].id.clone(),
            weight: 4,
        };
        let c = edit_churn(&config, &servers, std::slice::from_ref(&grow), &keys, 0)
            .unwrap()
            .unwrap();
        // From 1/4 of the weight to 4/7: the least that must move is the difference, also in
        // the matrix's row, while 1/n is 1/4.
        assert!((c.ideal - (4.0 / 7.0 - 0.25)).abs() < 1e-12);
        assert_eq!((c.churn.weight_share, c.churn.ideal), (c.ideal, 0.25));
        let rows = churn_matrix(&knobs(), &servers, std::slice::from_ref(&grow), &keys, 0);
        for r in &rows {
            let churn = r.churn.as_ref().unwrap().as_ref().unwrap();
            assert_eq!(churn.weight_share, c.ideal, "{:?}", r.strategy);
        }
        assert!((c.churn.moved_fraction - c.ideal).abs() < 0.04, "{c:?}");
        assert_eq!(c.churn.absorbed.len(), 1);
        assert_eq!(c.churn.absorbed[0].server, servers[0].id);
        assert_eq!(edit_churn(&config, &servers, &[], &keys, 0), Ok(None));
    }

    #[test]
    fn modulo_moves_most_keys_and_the_matrix_has_every_strategy() {
        let servers = generated_servers(10, Weights::Equal);
        let edits = [PoolEdit::Remove(servers[4].id.clone())];
        let rows = churn_matrix(&knobs(), &servers, &edits, &keys(2000), 0);
        let names: Vec<_> = rows.iter().map(|r| r.strategy).collect();
        assert_eq!(names, HashStrategy::MATRIX);
        let moved = |s: HashStrategy| {
            rows.iter()
                .find(|r| r.strategy == s)
                .and_then(|r| r.churn.clone().ok().flatten())
                .unwrap()
                .moved_fraction
        };
        assert!(moved(HashStrategy::UrlHash) > 0.8);
        for s in [
            HashStrategy::Ring,
            HashStrategy::NginxRing,
            HashStrategy::Maglev,
            HashStrategy::Rendezvous,
            HashStrategy::Jump,
        ] {
            assert!(moved(s) < 0.2, "{s:?}: {}", moved(s));
        }
        // With nothing in flight bounded loads never pass a server: the same as the ring.
        assert_eq!(moved(HashStrategy::BoundedLoad), moved(HashStrategy::Ring));
        let rows = churn_matrix(&knobs(), &servers, &[], &keys(10), 0);
        assert!(rows.iter().all(|r| r.churn == Ok(None)));
    }

    /// The matrix's order columns hold what `StrategyKind::info().mapping` says: a strategy of
    /// the set alone moves nothing under another order or after a history, the others do.
    #[test]
    fn order_and_history_columns_follow_the_documented_mapping() {
        use crate::engine::strategy::KeyMapping;
        let servers = generated_servers(40, Weights::Cycle1To4);
        let edits = [
            PoolEdit::Remove(servers[7].id.clone()),
            PoolEdit::Add(generated_server(50, 3)),
            PoolEdit::Fail(servers[11].id.clone()),
        ];
        let rows = churn_matrix(&knobs(), &servers, &edits, &keys(3000), 0);
        for r in &rows {
            let o = r.order.clone().unwrap();
            let mapping = r.strategy.kind().info().mapping.unwrap();
            let label = r.strategy.slug();
            match mapping {
                KeyMapping::Set | KeyMapping::SetAndLoad => {
                    assert_eq!((o.reordered, o.history), (0.0, 0.0), "{label}")
                }
                KeyMapping::Order => {
                    assert!(o.reordered > 0.05, "{label}: {o:?}");
                    assert_eq!(o.history, 0.0, "{label}");
                }
                KeyMapping::OrderAndHistory => {
                    assert!(o.reordered > 0.05 && o.history > 0.0, "{label}: {o:?}")
                }
            }
        }
        let kind = |s: HashStrategy| s.kind().info().mapping.unwrap();
        assert_eq!(kind(HashStrategy::Rendezvous), KeyMapping::Set);
        assert_eq!(kind(HashStrategy::Maglev), KeyMapping::Order);
        assert_eq!(kind(HashStrategy::Jump), KeyMapping::OrderAndHistory);
    }

    #[test]
    fn lookups_explain_the_pick_and_bounded_loads_walk_past_full_servers() {
        let servers = generated_servers(4, Weights::Equal);
        let ring = HashStrategy::Ring.config(&knobs());
        let l = lookup(&ring, &servers, &[], "/api/data/7", 0).unwrap();
        let owner = l.owner.clone().unwrap();
        assert_eq!(l.steps.last(), Some(&Step::Chosen { server: owner }));
        assert!(l.steps.iter().any(|s| matches!(s, Step::RingProbe { .. })));
        assert_eq!(l.in_flight_before, 0);
        let bounded = HashStrategy::BoundedLoad.config(&knobs());
        let l = lookup(&bounded, &servers, &[], "/api/data/7", 7).unwrap();
        assert_eq!(l.in_flight_before, 7);
        // The 7 earlier requests filled the key's server to 3 (capacities grow with m); now
        // ⌈1.25 · 8 / 4⌉ = 3 per server: the key's own server is full, the walk passes it.
        let passed: Vec<_> = l
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::AtCapacity {
                    server, capacity, ..
                } => Some((*server, *capacity)),
                _ => None,
            })
            .collect();
        assert_eq!(passed.first(), Some(&(owner, 3)));
        assert_ne!(l.owner, Ok(owner));
        let fails = lookup(&ring, &servers, &[PoolEdit::Remove("nope".into())], "k", 0);
        assert!(fails.is_err());
    }

    #[test]
    fn owners_match_a_plain_balancer() {
        let servers = generated_servers(5, Weights::Equal);
        let config = HashStrategy::Maglev.config(&knobs());
        let keys = keys(50);
        let got = owners(&config, &servers, &[], &keys).unwrap();
        let mut b = Balancer::new(config, servers).unwrap();
        let mut rng = seeded(1);
        for (i, key) in keys.iter().enumerate() {
            let s = b
                .pick(&keyed_request(i as u64, key, None), &mut rng, 0)
                .unwrap();
            assert_eq!(got[i].as_deref(), Some(b.pool().server(s).id.as_str()));
        }
    }

    #[test]
    fn more_points_narrow_the_spread() {
        let servers = generated_servers(10, Weights::Equal);
        let few = ring_spread(&servers, 1, RingFlavor::Fulcrum).unwrap();
        let many = ring_spread(&servers, 1000, RingFlavor::Fulcrum).unwrap();
        assert_eq!((few.points, many.points), (10, 10_000));
        assert!(few.std_dev > 3.0 * many.std_dev, "{few:?} {many:?}");
        assert!(many.max_over_mean < 1.15 && few.max_over_mean > many.max_over_mean);
        let one = ring_spread(&servers[..1], 3, RingFlavor::Fulcrum).unwrap();
        assert_eq!(
            (one.shares.clone(), one.max_over_mean, one.std_dev),
            (vec![1.0], 1.0, 0.0)
        );
        // nginx's ring walks past a server that is down: its arcs go to the next one up.
        let mut down = servers.clone();
        down[3].status = Status::Unhealthy;
        let nginx = ring_spread(&down, 1, RingFlavor::Nginx).unwrap();
        assert_eq!(nginx.points, 1600);
        assert_eq!(nginx.shares[3], 0.0);
        assert!((nginx.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn hot_keys_balance_keys_not_requests_and_bounded_loads_cap_the_hot_server() {
        let servers = generated_servers(5, Weights::Equal);
        let knobs = Knobs {
            load_factor: 1.25,
            ..knobs()
        };
        let h = hot_keys(&knobs, &servers, 200, 1.1, 20_000, 20, 7).unwrap();
        assert_eq!(h.keys_owned.iter().sum::<u64>(), 200);
        assert_eq!(h.key_requests.iter().sum::<u64>(), 20_000);
        assert_eq!(h.ring_requests.iter().sum::<u64>(), 20_000);
        assert_eq!(h.bounded_requests.iter().sum::<u64>(), 20_000);
        assert!(h.key_requests[0] > h.key_requests[10] && h.key_requests[0] > 2_000);
        let hot = h.hot_server.unwrap();
        let key_share = h.keys_owned[hot] as f64 / 200.0;
        let request_share = h.ring_requests[hot] as f64 / 20_000.0;
        assert!(request_share > key_share + 0.1, "{h:?}");
        assert!(h.bounded_requests[hot] < h.ring_requests[hot]);
        // ⌈1.25 · (20 + 1) / 5⌉ = 6.
        assert_eq!(h.capacity, vec![6; 5]);
        assert!(h.ring_peak[hot] > 6);
        assert!(
            h.bounded_peak.iter().all(|&p| p <= 6),
            "{:?}",
            h.bounded_peak
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Ring, jump and rendezvous: any removal or failure moves exactly that server's keys.
        #[test]
        fn only_the_changed_servers_keys_move(
            weights in prop::collection::vec(1u32..4, 2..7),
            pick in 0usize..7,
            fail in any::<bool>(),
            strategy in prop::sample::select(vec![
                HashStrategy::Ring, HashStrategy::Rendezvous, HashStrategy::Jump,
            ]),
        ) {
            let servers: Vec<Server> = weights
                .iter()
                .enumerate()
                .map(|(i, &w)| generated_server(i, w))
                .collect();
            let id = servers[pick % servers.len()].id.clone();
            let edit = if fail { PoolEdit::Fail(id) } else { PoolEdit::Remove(id) };
            check_only_its_keys_move(strategy, &servers, edit);
        }

        /// The circle is shared out exactly, whatever the points and weights.
        #[test]
        fn arc_shares_add_up_to_the_circle(
            weights in prop::collection::vec(0u32..4, 1..6),
            points in 1u32..50,
            nginx in any::<bool>(),
        ) {
            let servers: Vec<Server> = weights
                .iter()
                .enumerate()
                .map(|(i, &w)| generated_server(i, w))
                .collect();
            let flavor = if nginx { RingFlavor::Nginx } else { RingFlavor::Fulcrum };
            let s = ring_spread(&servers, points, flavor).unwrap();
            let total: f64 = s.shares.iter().sum();
            if weights.iter().any(|&w| w > 0) {
                prop_assert!((total - 1.0).abs() < 1e-9, "{total}");
                prop_assert!(s.max_over_mean >= 1.0 - 1e-12 && s.min_over_mean <= 1.0 + 1e-12);
            } else {
                prop_assert_eq!(total, 0.0);
            }
            for (share, w) in s.shares.iter().zip(&weights) {
                if *w == 0 {
                    prop_assert_eq!(*share, 0.0);
                }
            }
        }

        /// Bounded loads never hold more than their capacity, and every request is counted.
        #[test]
        fn bounded_loads_stay_within_capacity(
            n in 2usize..6,
            c in 1.0f64..2.0,
            zipf in 0.0f64..1.5,
            in_flight in 1usize..40,
            seed in 0u64..1000,
        ) {
            let servers = generated_servers(n, Weights::Cycle1To4);
            let knobs = Knobs { load_factor: c, ..Knobs::default() };
            let h = hot_keys(&knobs, &servers, 50, zipf, 600, in_flight, seed).unwrap();
            prop_assert_eq!(h.bounded_requests.iter().sum::<u64>(), 600);
            prop_assert_eq!(h.ring_requests.iter().sum::<u64>(), 600);
            for (peak, cap) in h.bounded_peak.iter().zip(&h.capacity) {
                prop_assert!(u64::from(*peak) <= *cap, "{:?} {:?}", h.bounded_peak, h.capacity);
            }
        }
    }
}
