//! Where a read configuration sends each request, key for key: a [`Backend`] mapped onto the
//! engine's proxy-exact code. nginx's smooth weighted round robin, `ip_hash`, `least_conn` and
//! `hash … consistent` run through the engine's [`Balancer`] (`weighted_round_robin`, `ip_hash`,
//! `weighted_least_connections`, `consistent_hash` with nginx's ring); nginx's plain `hash`
//! through [`crate::engine::proxies::nginx_hash`]; HAProxy's `roundrobin`, `static-rr` and map-based or
//! consistent hashing through [`crate::engine::proxies::haproxy`]. A change (`remove`, `add`) edits the server list
//! and builds again, as the proxy's reload does (HAProxy renumbers server ids then).
//!
//! Envoy's RING_HASH and MAGLEV go through [`crate::engine::proxies::envoy`], a key hashed with xxHash64
//! (seed 0) as Envoy's header and source-IP hash policies hash it.
//!
//! HAProxy's `first` (lb_fas.c: the lowest server id takes every request while it has room) and
//! `leastconn` with one request at a time (HAProxy 2.6's lb_fwlc.c: idle servers all have key 0
//! and rotate in declaration order, weights aside) are picked as HAProxy picks them;
//! `tests/config_compat.rs` compares both with a real HAProxy.
//!
//! The random policies are run by the proxy's own rule, drawing from Fulcrum's seeded generator
//! instead of the proxy's: the sequence of picks is not the proxy's (its generator's state is
//! its own), the distribution is. nginx `random` (ngx_http_upstream_random_module.c) draws
//! `x mod total weight` and finds its range by binary search, drawing again on a down server (at
//! most 20 tries, then round robin); `random two` draws two distinct servers and keeps the one
//! with fewer connections per weight, the second on a tie, so with one request at a time it
//! keeps the second draw, which favours light servers less than weights say. HAProxy 2.6's
//! `random(N)` (backend.c `get_server_rnd`, N draws, 2 by default) draws 32-bit keys and takes
//! the closest point of the consistent-hash tree (lb_chash.c), keeping the last draw unless an
//! earlier one serves fewer requests per weight: a server's share is its arcs' share of the
//! tree, near its weight's share but not equal to it ([`haproxy_random_shares`]). Envoy's RANDOM
//! (random_lb.cc) is `hosts[random % n]`, weights aside; ROUND_ROBIN is a rotation with equal
//! weights, else Envoy's EDF scheduler over the weights ([`EdfScheduler`], load_balancer_impl.cc
//! `EdfLoadBalancerBase`), started at a random point as Envoy starts each worker's: the
//! proportions are Envoy's, the starting point is not. LEAST_REQUEST runs the engine's
//! `envoy_least_request` (Envoy's rule under load too), here one request at a time, where every
//! draw ties and every effective weight is the weight.
//!
//! [`Predictor::explain`] returns the lookup as typed steps ([`LookupStep`]): the engine's own
//! where an engine strategy is the proxy's rule, else [`ProxyStep`]s, which the proxy rules'
//! code here records; [`Predictor::words`] words both in either language (`share::steps`).

use std::net::IpAddr;

use super::{
    Backend, ConfigError, EnvoyHashFunction, EnvoyLbPolicy, HaproxyBalance, HaproxyHashFunction,
    HaproxyHashType, NginxPolicy, Policy, Proxy, ServerEntry,
};
use crate::engine::analyze::{Router, keyed_request};
use crate::engine::model::Server;
use crate::engine::proxies::envoy::{self, EnvoyMaglev, EnvoyRing};
use crate::engine::proxies::envoy_least::EdfScheduler;
use crate::engine::proxies::haproxy::{self, ChashTree, Fwrr, HaServer, HashFn, ServerMap};
use crate::engine::proxies::nginx_hash;
use crate::engine::proxies::trace::ProxyStep;
use crate::engine::trace::Step;
use crate::engine::{
    Balancer, KeySource as EngineKey, RingFlavor, SimRng, Status, StrategyConfig, StrategyKind,
    seeded,
};
use crate::share::i18n::Lang;
use crate::share::steps::proxy::proxy_step_text;
use crate::share::steps::{note_text, step_text};
use rand::RngExt;

/// The proxy's picker: the engine's balancer where an engine strategy is the proxy's rule, else
/// the proxy's own rule, one enum per proxy.
enum Engine {
    Balancer(Box<Balancer>, Router),
    Nginx(NginxEngine),
    Haproxy(HaproxyEngine),
    Envoy(EnvoyEngine),
}

/// nginx's rules the engine's strategies do not run as they are.
enum NginxEngine {
    /// Plain `hash`: the modulo with rehash, round robin after 20 tries.
    Hash { rr: Box<Balancer> },
    /// nginx `random [two]`: each server's range start (cumulative weights) and whether it is
    /// down, the total weight; round robin after 20 draws of down servers.
    Random {
        ranges: Vec<u64>,
        down: Vec<bool>,
        total: u64,
        two: bool,
        rr: Box<Balancer>,
    },
}

/// HAProxy's `balance` algorithms.
enum HaproxyEngine {
    /// HAProxy's map of weights: by hash (`hash-type map-based`), or in turn (`static-rr`, the
    /// flag set).
    Map(ServerMap, bool),
    Chash(ChashTree),
    RoundRobin(Fwrr),
    /// `balance first` (lb_fas.c): servers by id; with no `maxconn` the lowest id takes all.
    First(Option<usize>),
    /// `balance leastconn` with one request at a time (HAProxy 2.6's lb_fwlc.c): every idle
    /// server has key 0, duplicates keep insertion order, and a server whose request ended is
    /// inserted again after the others: a rotation in declaration order, weights aside.
    LeastConn(std::collections::VecDeque<usize>),
    /// HAProxy `balance random(N)`: N random keys on the consistent-hash tree.
    Random {
        tree: ChashTree,
        draws: u32,
    },
}

/// Envoy's `lb_policy`s but LEAST_REQUEST (the engine's `envoy_least_request`).
enum EnvoyEngine {
    Ring(EnvoyRing),
    Maglev(EnvoyMaglev),
    /// Envoy RANDOM (random_lb.cc): `hosts[random % n]`, weights aside.
    Random,
    /// Envoy ROUND_ROBIN (round_robin_lb.cc): a rotation with equal weights, else Envoy's EDF
    /// scheduler over the weights.
    RoundRobin(EnvoyRoundRobin),
}

/// Envoy's ROUND_ROBIN: with equal weights `rr_index++ % n`, else the earliest deadline of its
/// EDF schedule over the static weights (the engine's [`EdfScheduler`], as Envoy's least request
/// uses it); either started at a random point, as Envoy starts each worker's.
struct EnvoyRoundRobin {
    weights: Vec<u32>,
    /// Unequal weights: the schedule; equal weights: `None`, and `next` turns.
    edf: Option<EdfScheduler>,
    next: usize,
}

impl EnvoyRoundRobin {
    fn new(weights: &[u32], rng: &mut SimRng) -> Self {
        let n = weights.len().max(1);
        let equal = weights.windows(2).all(|w| w[0] == w[1]);
        let weight = |i: usize| f64::from(weights[i]);
        let edf = (!equal).then(|| {
            let mut edf = EdfScheduler::default();
            for i in 0..weights.len() {
                edf.add(weight(i), i);
            }
            // A random number of picks first, as `EdfScheduler::createWithPicks` does.
            for _ in 0..rng.random_range(0..n) {
                edf.pick_and_add(weight);
            }
            edf
        });
        Self {
            weights: weights.to_vec(),
            edf,
            next: rng.random_range(0..n),
        }
    }

    /// The next endpoint, and the step that says why.
    fn pick(&mut self) -> Option<(usize, ProxyStep)> {
        let n = self.weights.len();
        if n == 0 {
            return None;
        }
        let weights = &self.weights;
        match self.edf.as_mut() {
            Some(edf) => {
                let (server, deadline) = edf.pick_and_add(|i| f64::from(weights[i]))?;
                let weight = f64::from(weights[server]);
                Some((
                    server,
                    ProxyStep::EnvoyEdf {
                        server,
                        deadline,
                        weight,
                    },
                ))
            }
            None => {
                let server = self.next % n;
                self.next = (server + 1) % n;
                Some((server, ProxyStep::EnvoyRotation { server }))
            }
        }
    }
}

/// nginx random's most draws of a down server before it falls back to round robin.
const NGINX_RANDOM_TRIES: u32 = 20;

/// The largest Envoy ring Fulcrum builds (Envoy allows 8M entries; a browser tab needs less).
pub const MAX_ENVOY_RING: f64 = 2_097_152.0;

/// One step of a configuration's lookup: the engine's own (its servers are positions in the
/// engine's pool, which leaves out nginx's backups) or a proxy rule's (its servers are indices
/// into the backend's servers). [`Predictor::words`] words both.
#[derive(Clone, Debug, PartialEq)]
pub enum LookupStep {
    /// A step of the engine's strategy, where it is the proxy's rule.
    Engine(Step),
    /// A step of the proxy's own rule.
    Proxy(ProxyStep),
}

/// A lookup explained: the server (an index into `backend().servers`) and the steps to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// The server picked.
    pub server: usize,
    /// How, step by step.
    pub steps: Vec<LookupStep>,
}

/// A backend ready to route requests.
pub struct Predictor {
    backend: Backend,
    /// Indices into `backend.servers` of the servers in the engine's pool, in its order.
    pool: Vec<usize>,
    engine: Engine,
    rng: SimRng,
    /// HAProxy server ids (puid), per `backend.servers` entry.
    ids: Vec<u32>,
}

/// host and port of an address as written (`[v6]:port`, `host:port`, or a host alone: port 80).
fn host_port(addr: &str) -> (String, u16) {
    if let Some((h, p)) = addr.rsplit_once(':')
        && let Ok(p) = p.parse::<u16>()
        && !h.is_empty()
    {
        return (h.trim_matches(['[', ']']).to_string(), p);
    }
    (addr.to_string(), 80)
}

impl Predictor {
    /// The engine's model of `backend`; fails when it has no server it would route to.
    pub fn new(backend: &Backend) -> Result<Self, ConfigError> {
        let backend = backend.clone();
        let mut ids = Vec::new();
        let (pool, engine) = match &backend.policy {
            Policy::Nginx(p) => nginx_engine(&backend, p)?,
            Policy::Haproxy {
                balance, hash_type, ..
            } => {
                let (pool, engine, assigned) = haproxy_engine(&backend, balance, *hash_type)?;
                ids = assigned;
                (pool, engine)
            }
            Policy::Envoy {
                policy,
                min_ring_size,
                max_ring_size,
                hash_function,
                table_size,
                use_hostname_for_hashing,
                ..
            } => envoy_engine(
                &backend,
                *policy,
                (*min_ring_size, *max_ring_size),
                *hash_function,
                *table_size,
                *use_hostname_for_hashing,
            )?,
        };
        Ok(Self {
            backend,
            pool,
            engine,
            rng: seeded(1),
            ids,
        })
    }

    /// The backend as read.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// HAProxy's server ids (empty for other proxies).
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// For a policy whose sequence the proxy's own generator decides (nginx and HAProxy
    /// `random`, Envoy RANDOM, and Envoy ROUND_ROBIN and LEAST_REQUEST, which start at a random
    /// point), the share of requests each server (by index into `backend().servers`) gets with
    /// one request at a time, by the proxy's rule: what Fulcrum matches. `None` for the others.
    pub fn expected_shares(&self) -> Option<Vec<f64>> {
        let mut shares = vec![0.0; self.backend.servers.len()];
        match &self.engine {
            Engine::Nginx(NginxEngine::Random {
                ranges,
                down,
                total,
                two,
                ..
            }) => {
                let n = ranges.len();
                let w = |i: usize| ranges.get(i + 1).copied().unwrap_or(*total) - ranges[i];
                let by_pool =
                    nginx_random_shares(&(0..n).map(|i| (w(i), down[i])).collect::<Vec<_>>(), *two);
                for (j, share) in by_pool.into_iter().enumerate() {
                    shares[self.pool[j]] = share;
                }
            }
            Engine::Haproxy(HaproxyEngine::Random { tree, .. }) => {
                shares = haproxy_random_shares(tree, shares.len());
            }
            // Uniform, weights aside.
            Engine::Envoy(EnvoyEngine::Random) => {
                shares = vec![1.0 / shares.len() as f64; shares.len()]
            }
            // The weights' shares (equal weights: uniform), from a random starting point; least
            // request's effective weights are the weights with nothing in flight, and its
            // uniform choices all tie.
            Engine::Envoy(EnvoyEngine::RoundRobin(_)) | Engine::Balancer(..)
                if matches!(self.backend.policy, Policy::Envoy { .. }) =>
            {
                let weights = self.backend.servers.iter().map(|s| f64::from(s.weight));
                let total: f64 = weights.clone().sum();
                shares = weights.map(|w| w / total).collect();
            }
            _ => return None,
        }
        Some(shares)
    }
}

/// nginx's plain `hash` over the pool (`pool[i]` indexes `servers`), said try by try; when it
/// gives up, `round_robin` picks (a position in the pool).
fn nginx_hash_lookup(
    servers: &[ServerEntry],
    pool: &[usize],
    key: &str,
    said: &mut Said,
    round_robin: impl FnOnce() -> Result<usize, String>,
) -> Result<usize, String> {
    let weights: Vec<(u32, bool)> = pool
        .iter()
        .map(|&p| (servers[p].weight, servers[p].down))
        .collect();
    let tries = nginx_hash::tries(key.as_bytes(), &weights);
    let total: u64 = weights.iter().map(|w| u64::from(w.0)).sum();
    for (t, x) in tries.iter().enumerate() {
        let server = pool[x.server];
        said.say(ProxyStep::NginxHashTry {
            attempt: t as u32,
            key: key.to_string(),
            bits: x.bits,
            sum: x.sum,
            total,
            point: x.point,
            server,
            down: servers[server].down,
        });
    }
    if let Some(p) = nginx_hash::pick(key.as_bytes(), &weights) {
        return Ok(pool[p]);
    }
    let server = pool[round_robin()?];
    said.say(ProxyStep::NginxHashRoundRobin {
        tries: tries.len() as u32,
        server,
    });
    Ok(server)
}

/// The servers HAProxy's `balance first` and `leastconn` draw from: the usable active ones, else
/// the usable backups (HAProxy's first backup, without `option allbackups`, is the first of them).
fn haproxy_candidates(ha: &[HaServer]) -> Vec<usize> {
    let usable = |backup: bool| -> Vec<usize> {
        (0..ha.len())
            .filter(|&i| ha[i].usable && ha[i].backup == backup)
            .collect()
    };
    let active = usable(false);
    if active.is_empty() {
        usable(true).into_iter().take(1).collect()
    } else {
        active
    }
}

/// `balance first`: the candidate with the lowest id (lb_fas.c keys its tree by `puid`).
fn haproxy_first(ha: &[HaServer]) -> Option<usize> {
    haproxy_candidates(ha).into_iter().min_by_key(|&i| ha[i].id)
}

/// `balance leastconn`'s idle servers in the order its tree returns them: declaration order.
fn haproxy_idle_order(ha: &[HaServer]) -> std::collections::VecDeque<usize> {
    haproxy_candidates(ha).into()
}

/// The steps of one lookup, kept only when explaining (proxy steps are cheap to build).
struct Said {
    on: bool,
    steps: Vec<LookupStep>,
}

impl Said {
    fn say(&mut self, step: ProxyStep) {
        if self.on {
            self.steps.push(LookupStep::Proxy(step));
        }
    }
}

/// The server of the tree's point closest to `hash` (HAProxy's ids in `ids`), said.
fn tree_owner(tree: &ChashTree, hash: u32, ids: &[u32], said: &mut Said) -> Result<usize, String> {
    let p = tree.closest(hash).ok_or("no usable server")?;
    let (point, server) = tree.points[p];
    said.say(ProxyStep::HaproxyTreePoint {
        points: tree.points.len(),
        point,
        id: ids[server],
        server,
    });
    Ok(server)
}

/// The 32-bit hash HAProxy's `balance` takes from `key`, modifier applied, said step by step.
fn ha_hash(policy: &Policy, key: &str, said: &mut Said) -> Result<u32, String> {
    let Policy::Haproxy {
        balance,
        function,
        avalanche,
        ..
    } = policy
    else {
        return Err("not a HAProxy backend".into());
    };
    let f = match function {
        HaproxyHashFunction::Sdbm => HashFn::Sdbm,
        HaproxyHashFunction::Djb2 => HashFn::Djb2,
        HaproxyHashFunction::Wt6 => HashFn::Wt6,
        HaproxyHashFunction::Crc32 => HashFn::Crc32,
    };
    let (h, input, function) = match balance {
        HaproxyBalance::Source => {
            let addr: IpAddr = key.trim().parse().map_err(|_| {
                format!("expected a client IP address for `balance source`, found '{key}'")
            })?;
            (haproxy::source_hash(addr), addr.to_string(), None)
        }
        HaproxyBalance::Uri { whole, len, depth } => {
            let part = haproxy::uri_part(key.as_bytes(), *whole, *len, *depth);
            (
                f.hash(part),
                String::from_utf8_lossy(part).into_owned(),
                Some(f),
            )
        }
        HaproxyBalance::UrlParam(_) | HaproxyBalance::Header(_) => {
            if key.is_empty() {
                return Err("an empty or missing value: HAProxy falls back to round robin".into());
            }
            (f.hash(key.as_bytes()), key.to_string(), Some(f))
        }
        _ => (0, String::new(), Some(f)),
    };
    said.say(ProxyStep::HaproxyHash {
        input,
        function,
        value: h,
    });
    if *avalanche {
        let value = haproxy::full_hash(h);
        said.say(ProxyStep::HaproxyAvalanche { value });
        Ok(value)
    } else {
        Ok(h)
    }
}

/// nginx `random`'s pick with no request in flight (`ngx_http_upstream_get_random_peer`,
/// `…_random2_peer`): the first usable draw, and with `two` a second usable draw of another
/// server (kept: `peer->conns * prev->weight > prev->conns * peer->weight` is false when both
/// have no connections), and the number of draws; `None` after 20 draws of down servers.
fn nginx_random_pick(
    ranges: &[u64],
    down: &[bool],
    total: u64,
    two: bool,
    rng: &mut SimRng,
) -> Option<(usize, Option<usize>, u32)> {
    if total == 0 || ranges.len() < 2 {
        // nginx takes round robin for a single server (`peers->number < 2`).
        return None;
    }
    let mut prev = None;
    let mut draws = 0;
    // `rp->tries` counts every draw that was not kept, across both picks of `two`.
    let mut tries = 0;
    loop {
        draws += 1;
        let x = rng.random_range(0..total);
        // `ngx_http_upstream_peek_random_peer`: the last range starting at or below x.
        let i = ranges.partition_point(|&r| r <= x) - 1;
        let usable = !down[i] && prev != Some(i);
        if usable {
            match prev {
                None if two => prev = Some(i),
                None => return Some((i, None, draws)),
                Some(p) => return Some((p, Some(i), draws)),
            }
            continue;
        }
        tries += 1;
        if tries > NGINX_RANDOM_TRIES {
            return None;
        }
    }
}

/// nginx `random [two]`'s share of each server (weight, down) with one request at a time, exact
/// to the 20 draws it allows: a draw falls on a server with probability weight / total weight;
/// a down server (or, for `two`'s second draw, the first server again) counts a try, and the
/// 21st try falls back to round robin (shares by weight among the usable servers).
fn nginx_random_shares(servers: &[(u64, bool)], two: bool) -> Vec<f64> {
    let n = servers.len();
    let total: u64 = servers.iter().map(|s| s.0).sum();
    let usable: u64 = servers.iter().filter(|s| !s.1).map(|s| s.0).sum();
    let mut shares = vec![0.0; n];
    if total == 0 || usable == 0 {
        return shares;
    }
    let q: Vec<f64> = servers.iter().map(|s| s.0 as f64 / total as f64).collect();
    let down_q: f64 = (0..n).filter(|&i| servers[i].1).map(|i| q[i]).sum();
    let tries = NGINX_RANDOM_TRIES as usize;
    // The chance of reaching round robin.
    let mut fallback = if n < 2 { 1.0 } else { 0.0 };
    // first[t]: no server kept yet after t vain draws; second[t][i]: `two` kept i first.
    let mut first = vec![0.0; tries + 1];
    let mut second = vec![vec![0.0; n]; tries + 1];
    first[0] = if n < 2 { 0.0 } else { 1.0 };
    for t in 0..=tries {
        let mass = first[t];
        for i in (0..n).filter(|&i| !servers[i].1) {
            if two {
                second[t][i] += mass * q[i];
            } else {
                shares[i] += mass * q[i];
            }
        }
        if t < tries {
            first[t + 1] += mass * down_q;
        } else {
            fallback += mass * down_q;
        }
    }
    if two {
        for t in 0..=tries {
            for prev in 0..n {
                let mass = second[t][prev];
                for j in (0..n).filter(|&j| j != prev && !servers[j].1) {
                    shares[j] += mass * q[j];
                }
                let vain = mass * (down_q + q[prev]);
                if t < tries {
                    second[t + 1][prev] += vain;
                } else {
                    fallback += vain;
                }
            }
        }
    }
    for i in (0..n).filter(|&i| !servers[i].1) {
        shares[i] += fallback * servers[i].0 as f64 / usable as f64;
    }
    shares
}

/// HAProxy `balance random`'s share of each server (by index into the tree's servers) with one
/// request at a time: the fraction of 32-bit keys whose closest tree point is one of its points.
pub fn haproxy_random_shares(tree: &ChashTree, servers: usize) -> Vec<f64> {
    let mut shares = vec![0.0; servers];
    let n = tree.points.len();
    if n == 0 {
        return shares;
    }
    // Each key goes to the closer of the points around it, the earlier one on a tie
    // (`ChashTree::closest`): of the `gap` keys from point a up to the next point b, a takes
    // its own and those up to gap / 2 past it, b the rest.
    for k in 0..n {
        let (a, sa) = tree.points[k];
        let (b, sb) = tree.points[(k + 1) % n];
        let gap = match u64::from(b.wrapping_sub(a)) {
            0 if n == 1 => 1 << 32,
            g => g,
        };
        if gap == 0 {
            continue;
        }
        let to_a = 1 + gap / 2;
        shares[sa] += to_a as f64;
        shares[sb] += (gap - to_a) as f64;
    }
    let total: f64 = shares.iter().sum();
    shares.iter_mut().for_each(|s| *s /= total);
    shares
}

impl Predictor {
    /// The server (an index into `backend().servers`) the proxy sends request `i` with `key` to.
    pub fn pick(&mut self, i: u64, key: &str) -> Result<usize, String> {
        self.lookup(i, key, false).map(|(server, _)| server)
    }

    /// [`Predictor::pick`] with the steps of the lookup, as typed data: the engine's own steps
    /// where the engine's strategy is the proxy's rule, else the proxy rule's steps.
    pub fn explain(&mut self, i: u64, key: &str) -> Result<Lookup, String> {
        self.lookup(i, key, true)
            .map(|(server, steps)| Lookup { server, steps })
    }

    /// The server a step ends on (an index into `backend().servers`), if it names one.
    pub fn owner(&self, step: &LookupStep) -> Option<usize> {
        match step {
            LookupStep::Engine(Step::Chosen { server }) => self.pool.get(*server).copied(),
            LookupStep::Engine(_) => None,
            LookupStep::Proxy(p) => p.owner(),
        }
    }

    /// The steps in words in `lang` (`share::steps`), servers named by their addresses as the
    /// configuration writes them; the engine's closing "chosen" step is left to the caller,
    /// which names the server itself.
    pub fn words(&self, steps: &[LookupStep], lang: Lang) -> Vec<String> {
        // nginx's ketama ring hashes with CRC-32; its other rules have no ring.
        let hash_bits = match self.backend.policy {
            Policy::Nginx(NginxPolicy::Hash {
                consistent: true, ..
            }) => 32,
            _ => 0,
        };
        let servers = &self.backend.servers;
        let address = |i: usize| {
            servers
                .get(i)
                .map_or_else(|| i.to_string(), |s| s.address.clone())
        };
        let in_pool = |i: usize| {
            self.pool
                .get(i)
                .map_or_else(|| i.to_string(), |&p| address(p))
        };
        steps
            .iter()
            .filter_map(|step| match step {
                LookupStep::Engine(Step::Chosen { .. }) => None,
                LookupStep::Engine(Step::Note(n)) => Some(note_text(n, lang, &in_pool)),
                LookupStep::Engine(s) => Some(step_text(s, hash_bits, &in_pool, lang)),
                LookupStep::Proxy(p) => Some(proxy_step_text(p, &address, lang)),
            })
            .collect()
    }

    fn lookup(
        &mut self,
        i: u64,
        key: &str,
        explain: bool,
    ) -> Result<(usize, Vec<LookupStep>), String> {
        let mut said = Said {
            on: explain,
            steps: Vec::new(),
        };
        let mut at = At {
            servers: &self.backend.servers,
            pool: &self.pool,
            policy: &self.backend.policy,
            ids: &self.ids,
            rng: &mut self.rng,
            said: &mut said,
        };
        let server = match &mut self.engine {
            Engine::Balancer(b, router) => {
                let request = keyed_request(i, key, None);
                let picked = if explain {
                    let (p, s) = router.route_explained(b, &request, at.rng);
                    at.said.steps.extend(s.into_iter().map(LookupStep::Engine));
                    p
                } else {
                    router.route(b, &request, at.rng)
                };
                at.pool[picked.map_err(|e| e.to_string())?]
            }
            Engine::Nginx(e) => nginx_lookup(e, i, key, &mut at)?,
            Engine::Haproxy(e) => haproxy_lookup(e, key, &mut at)?,
            Engine::Envoy(e) => envoy_lookup(e, key, &mut at)?,
        };
        Ok((server, said.steps))
    }

    /// The backend with the server labelled `label` (HAProxy name or address) deleted.
    pub fn without(&self, label: &str) -> Result<Backend, ConfigError> {
        let mut b = self.backend.clone();
        let i = b
            .servers
            .iter()
            .position(|s| s.label() == label || s.address == label)
            .ok_or_else(|| ConfigError::new(0, format!("no server '{label}' in {}", b.name)))?;
        b.servers.remove(i);
        if b.servers.is_empty() {
            return Err(ConfigError::new(0, "that was the last server"));
        }
        Ok(b)
    }

    /// The backend with a server `host:port[=weight]` appended (HAProxy: named after its address).
    pub fn with(&self, spec: &str) -> Result<Backend, ConfigError> {
        let mut b = self.backend.clone();
        let (addr, weight) = match spec.split_once('=') {
            Some((a, w)) => (a, super::parse_weight(w, super::MAX_WEIGHT, 0)?),
            None => (spec, 1),
        };
        if addr.is_empty() || b.servers.iter().any(|s| s.address == addr) {
            return Err(ConfigError::new(
                0,
                format!("expected a new host:port, found '{addr}'"),
            ));
        }
        let mut s = ServerEntry::new(addr, weight, 0);
        if b.proxy == Proxy::Haproxy {
            s.name = Some(addr.to_string());
        }
        b.servers.push(s);
        Ok(b)
    }
}

/// What one lookup reads and writes beside its proxy's engine: the servers as read, the pool's
/// indices into them, the policy, HAProxy's ids, the generator and the steps said.
struct At<'a> {
    servers: &'a [ServerEntry],
    pool: &'a [usize],
    policy: &'a Policy,
    ids: &'a [u32],
    rng: &'a mut SimRng,
    said: &'a mut Said,
}

/// nginx's plain `hash` and `random [two]`: the server (an index into `servers`).
fn nginx_lookup(e: &mut NginxEngine, i: u64, key: &str, at: &mut At) -> Result<usize, String> {
    let pool = at.pool;
    match e {
        NginxEngine::Hash { rr } => {
            let request = keyed_request(i, key, None);
            let rng = &mut *at.rng;
            nginx_hash_lookup(at.servers, pool, key, at.said, || {
                rr.pick(&request, rng, 0).map_err(|e| e.to_string())
            })
        }
        NginxEngine::Random {
            ranges,
            down,
            total,
            two,
            rr,
        } => match nginx_random_pick(ranges, down, *total, *two, at.rng) {
            Some((first, second, draws)) => {
                at.said.say(ProxyStep::NginxRandomDraw {
                    draws,
                    total: *total,
                    server: pool[first],
                });
                if let Some(s) = second {
                    at.said
                        .say(ProxyStep::NginxRandomSecond { server: pool[s] });
                }
                Ok(pool[second.unwrap_or(first)])
            }
            None => {
                let request = keyed_request(i, key, None);
                let server = pool[rr.pick(&request, at.rng, 0).map_err(|e| e.to_string())?];
                at.said.say(ProxyStep::NginxRandomRoundRobin {
                    tries: NGINX_RANDOM_TRIES,
                    server,
                });
                Ok(server)
            }
        },
    }
}

/// HAProxy's `balance`: the server (an index into `servers`).
fn haproxy_lookup(e: &mut HaproxyEngine, key: &str, at: &mut At) -> Result<usize, String> {
    Ok(match e {
        HaproxyEngine::Map(map, rotation) => {
            let rotation = *rotation;
            let (slot, server) = if rotation {
                map.next_rr().ok_or("no usable server")?
            } else {
                let h = ha_hash(at.policy, key, at.said)?;
                map.by_hash(h).ok_or("no usable server")?
            };
            at.said.say(ProxyStep::HaproxyMapSlot {
                slot,
                slots: map.slots.len(),
                rotation,
                server,
            });
            server
        }
        HaproxyEngine::Chash(tree) => {
            let h = ha_hash(at.policy, key, at.said)?;
            tree_owner(tree, h, at.ids, at.said)?
        }
        HaproxyEngine::RoundRobin(rr) => {
            let server = rr.next_server().ok_or("no usable server")?;
            at.said.say(ProxyStep::HaproxyRoundRobin { server });
            server
        }
        HaproxyEngine::First(first) => {
            let server = first.ok_or("no usable server")?;
            at.said.say(ProxyStep::HaproxyFirst {
                id: at.ids[server],
                server,
            });
            server
        }
        HaproxyEngine::LeastConn(idle) => {
            let server = idle.pop_front().ok_or("no usable server")?;
            // The request ends before the next one: the server goes back, after the others.
            idle.push_back(server);
            at.said.say(ProxyStep::HaproxyLeastConnIdle { server });
            server
        }
        HaproxyEngine::Random { tree, draws } => {
            // With nothing in flight no earlier draw serves fewer requests: the last is kept.
            let mut key = 0;
            for _ in 0..*draws {
                key = at.rng.random();
            }
            at.said
                .say(ProxyStep::HaproxyRandomKeys { draws: *draws, key });
            tree_owner(tree, key, at.ids, at.said)?
        }
    })
}

/// Envoy's RING_HASH, MAGLEV, RANDOM and ROUND_ROBIN: the server (an index into `servers`).
fn envoy_lookup(e: &mut EnvoyEngine, key: &str, at: &mut At) -> Result<usize, String> {
    Ok(match e {
        EnvoyEngine::Random => {
            let n = at.servers.len();
            if n == 0 {
                return Err("no endpoint".into());
            }
            let server = at.rng.random_range(0..n);
            at.said.say(ProxyStep::EnvoyRandom { n, server });
            server
        }
        EnvoyEngine::RoundRobin(rr) => {
            let (server, step) = rr.pick().ok_or("no endpoint")?;
            at.said.say(step);
            server
        }
        EnvoyEngine::Ring(ring) => {
            let hash = envoy::request_hash(key.as_bytes());
            let index = ring.lookup(hash).ok_or("no endpoint")?;
            let (point, server) = ring.entries[index];
            at.said.say(ProxyStep::EnvoyHash {
                input: key.to_string(),
                value: hash,
            });
            at.said.say(ProxyStep::EnvoyRingEntry {
                entries: ring.entries.len(),
                index,
                point,
                server,
            });
            server
        }
        EnvoyEngine::Maglev(table) => {
            let hash = envoy::request_hash(key.as_bytes());
            let (slot, server) = table.lookup(hash).ok_or("no endpoint")?;
            at.said.say(ProxyStep::EnvoyHash {
                input: key.to_string(),
                value: hash,
            });
            at.said.say(ProxyStep::EnvoyMaglevSlot {
                hash,
                size: table.table.len(),
                slot,
                server,
            });
            server
        }
    })
}

/// nginx's method through the engine's nginx-exact strategies: the servers it picks from (no
/// backups) and the engine.
fn nginx_engine(backend: &Backend, p: &NginxPolicy) -> Result<(Vec<usize>, Engine), ConfigError> {
    let pool: Vec<usize> = (0..backend.servers.len())
        .filter(|&i| !backend.servers[i].backup)
        .collect();
    if pool.is_empty() {
        return Err(ConfigError::new(backend.line, "every server is a backup"));
    }
    let (kind, key) = match p {
        NginxPolicy::RoundRobin => (StrategyKind::WeightedRoundRobin, None),
        NginxPolicy::IpHash => (StrategyKind::IpHash, Some(EngineKey::ClientIp)),
        NginxPolicy::LeastConn => (StrategyKind::WeightedLeastConnections, None),
        NginxPolicy::Hash {
            consistent: true, ..
        } => (StrategyKind::ConsistentHash, Some(EngineKey::Path)),
        NginxPolicy::Hash {
            consistent: false, ..
        } => (StrategyKind::WeightedRoundRobin, None),
        // Random's fallback after 20 draws of down servers.
        NginxPolicy::Random { .. } => (StrategyKind::WeightedRoundRobin, None),
    };
    let mut config = StrategyConfig::new(kind);
    if kind == StrategyKind::ConsistentHash {
        config.ring = RingFlavor::Nginx;
    }
    config.key = key;
    let servers: Vec<Server> = pool
        .iter()
        .map(|&i| {
            let s = &backend.servers[i];
            let (host, port) = host_port(&s.address);
            let mut server = Server::new(s.address.clone(), host, port, s.weight);
            if s.down {
                server.status = Status::Unhealthy;
            }
            server
        })
        .collect();
    let balancer = Balancer::new(config, servers)
        .map_err(|e| ConfigError::new(backend.line, e.to_string()))?;
    let engine = if matches!(
        p,
        NginxPolicy::Hash {
            consistent: false,
            ..
        }
    ) {
        Engine::Nginx(NginxEngine::Hash {
            rr: Box::new(balancer),
        })
    } else if let NginxPolicy::Random { two, .. } = p {
        let weights: Vec<u32> = pool.iter().map(|&i| backend.servers[i].weight).collect();
        let ranges: Vec<u64> = weights
            .iter()
            .scan(0u64, |sum, &w| {
                let start = *sum;
                *sum += u64::from(w);
                Some(start)
            })
            .collect();
        Engine::Nginx(NginxEngine::Random {
            total: weights.iter().map(|&w| u64::from(w)).sum(),
            down: pool.iter().map(|&i| backend.servers[i].down).collect(),
            ranges,
            // One server: nginx goes straight to round robin, which picks it.
            two: *two && pool.len() > 1,
            rr: Box::new(balancer),
        })
    } else {
        Engine::Balancer(Box::new(balancer), Router::new(0))
    };
    Ok((pool, engine))
}

/// HAProxy's `balance` and `hash-type` through its own map, tree or weighted round robin: every
/// server, the engine, and the ids HAProxy gives the servers.
fn haproxy_engine(
    backend: &Backend,
    balance: &HaproxyBalance,
    hash_type: HaproxyHashType,
) -> Result<(Vec<usize>, Engine, Vec<u32>), ConfigError> {
    let ids = haproxy::assign_ids(&backend.servers.iter().map(|s| s.id).collect::<Vec<_>>());
    let ha: Vec<HaServer> = backend
        .servers
        .iter()
        .zip(&ids)
        .map(|(s, &id)| HaServer {
            id,
            weight: s.weight,
            usable: !s.down && s.weight > 0,
            backup: s.backup,
        })
        .collect();
    let pool = (0..backend.servers.len()).collect();
    let engine = Engine::Haproxy(match (balance, hash_type) {
        (HaproxyBalance::StaticRr, _) => HaproxyEngine::Map(ServerMap::build(&ha), true),
        (HaproxyBalance::RoundRobin, _) => HaproxyEngine::RoundRobin(Fwrr::build(&ha)),
        (
            HaproxyBalance::Source
            | HaproxyBalance::Uri { .. }
            | HaproxyBalance::UrlParam(_)
            | HaproxyBalance::Header(_),
            HaproxyHashType::MapBased,
        ) => HaproxyEngine::Map(ServerMap::build(&ha), false),
        (
            HaproxyBalance::Source
            | HaproxyBalance::Uri { .. }
            | HaproxyBalance::UrlParam(_)
            | HaproxyBalance::Header(_),
            HaproxyHashType::Consistent,
        ) => HaproxyEngine::Chash(ChashTree::build(&ha)),
        (HaproxyBalance::First, _) => HaproxyEngine::First(haproxy_first(&ha)),
        (HaproxyBalance::LeastConn, _) => HaproxyEngine::LeastConn(haproxy_idle_order(&ha)),
        // `random` always uses the consistent-hash tree, whatever `hash-type` says.
        (HaproxyBalance::Random(draws), _) => HaproxyEngine::Random {
            tree: ChashTree::build(&ha),
            draws: *draws,
        },
    });
    Ok((pool, engine, ids))
}

/// Envoy's ring hash or Maglev, built as Envoy builds them: every endpoint and the engine.
fn envoy_engine(
    backend: &Backend,
    policy: EnvoyLbPolicy,
    (min_ring_size, max_ring_size): (u64, u64),
    hash_function: EnvoyHashFunction,
    table_size: u64,
    use_hostname_for_hashing: bool,
) -> Result<(Vec<usize>, Engine), ConfigError> {
    let keys: Vec<&str> = backend
        .servers
        .iter()
        .map(|s| {
            if use_hostname_for_hashing {
                s.hostname.as_deref().unwrap_or(&s.address)
            } else {
                s.address.as_str()
            }
        })
        .collect();
    let weights: Vec<u32> = backend.servers.iter().map(|s| s.weight).collect();
    let engine = match policy {
        EnvoyLbPolicy::RingHash => {
            // The ring's size, as RingHashLoadBalancer::Ring computes it.
            let sum: f64 = weights.iter().map(|&w| f64::from(w)).sum();
            let min_w = weights
                .iter()
                .map(|&w| f64::from(w) / sum)
                .fold(1.0, f64::min);
            let size = ((min_w * min_ring_size as f64).ceil() / min_w)
                .min(max_ring_size as f64)
                .ceil();
            if size > MAX_ENVOY_RING {
                return Err(ConfigError::new(
                    backend.line,
                    format!(
                        "this ring would hold {size} entries; Fulcrum builds rings of \
                     at most {MAX_ENVOY_RING} (lower maximum_ring_size or the weights' spread)"
                    ),
                ));
            }
            Engine::Envoy(EnvoyEngine::Ring(EnvoyRing::build(
                &keys,
                &weights,
                min_ring_size,
                max_ring_size,
                hash_function == EnvoyHashFunction::MurmurHash2,
            )))
        }
        EnvoyLbPolicy::Maglev => {
            if !envoy::is_prime(table_size) {
                return Err(ConfigError::new(
                    backend.line,
                    format!(
                        "maglev_lb_config.table_size {table_size} is not prime (Envoy refuses it too)"
                    ),
                ));
            }
            Engine::Envoy(EnvoyEngine::Maglev(EnvoyMaglev::build(
                &keys, &weights, table_size,
            )))
        }
        EnvoyLbPolicy::Random => Engine::Envoy(EnvoyEngine::Random),
        EnvoyLbPolicy::RoundRobin => Engine::Envoy(EnvoyEngine::RoundRobin(EnvoyRoundRobin::new(
            &weights,
            &mut seeded(1),
        ))),
        EnvoyLbPolicy::LeastRequest => {
            let Policy::Envoy {
                choice_count,
                active_request_bias,
                ..
            } = backend.policy
            else {
                unreachable!("an Envoy policy")
            };
            // No slow start: a prediction is of a settled cluster, every endpoint up for longer
            // than its window (the page's simulation ramps the endpoints it brings up).
            let config = StrategyConfig {
                d: choice_count,
                active_request_bias,
                ..StrategyConfig::new(StrategyKind::EnvoyLeastRequest)
            };
            let servers = backend
                .servers
                .iter()
                .map(|s| {
                    let (host, port) = host_port(&s.address);
                    Server::new(s.address.clone(), host, port, s.weight)
                })
                .collect();
            let balancer = Balancer::new(config, servers)
                .map_err(|e| ConfigError::new(backend.line, e.to_string()))?;
            Engine::Balancer(Box::new(balancer), Router::new(0))
        }
    };
    Ok(((0..backend.servers.len()).collect(), engine))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Picks per server of `n` requests one at a time, as fractions.
    fn sampled(p: &mut Predictor, n: u64) -> Vec<f64> {
        let mut counts = vec![0.0; p.backend().servers.len()];
        for i in 0..n {
            counts[p.pick(i, "").unwrap()] += 1.0;
        }
        counts.iter().map(|c| c / n as f64).collect()
    }

    fn backend(text: &str) -> Backend {
        crate::config::parse(text, None).unwrap().backends[0].clone()
    }

    /// One line per server: `line(i, weight, down)`.
    fn lines(weights: &[u32], down: &[bool], line: impl Fn(usize, u32, bool) -> String) -> String {
        weights
            .iter()
            .zip(down)
            .enumerate()
            .map(|(i, (&w, &d))| line(i, w, d))
            .collect()
    }

    fn nginx(method: &str, weights: &[u32], down: &[bool]) -> String {
        let servers = lines(weights, down, |i, w, d| {
            let down = if d { " down" } else { "" };
            format!("  server 10.0.0.{i}:80 weight={w}{down};\n")
        });
        format!("upstream u {{\n  {method};\n{servers}}}\n")
    }

    fn envoy(policy: &str, weights: &[u32]) -> String {
        let endpoints: String = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    "      - endpoint:\n          address:\n            socket_address:\n              \
                     address: 10.0.0.{i}\n              port_value: 80\n        \
                     load_balancing_weight: {w}\n"
                )
            })
            .collect();
        format!(
            "clusters:\n- name: svc\n  lb_policy: {policy}\n  load_assignment:\n    \
             cluster_name: svc\n    endpoints:\n    - lb_endpoints:\n{endpoints}"
        )
    }

    fn haproxy(balance: &str, weights: &[u32], down: &[bool]) -> String {
        let servers = lines(weights, down, |i, w, d| {
            let down = if d { " disabled" } else { "" };
            format!("  server s{i} 10.0.0.{i}:80 weight {w}{down}\n")
        });
        format!("backend b\n  balance {balance}\n{servers}")
    }

    /// Every policy of every proxy: the lookup's last step names the server the prediction
    /// picked, explaining picks what picking alone picks, the hashes the steps show are the
    /// proxy's, and every step is worded in both languages.
    #[test]
    fn the_steps_are_the_lookup_the_prediction_made() {
        let w = [1, 3, 2, 1];
        let down = [false, false, true, false];
        let configs = [
            nginx("hash $request_uri", &w, &down),
            nginx("hash $request_uri", &[1], &[false]),
            nginx("hash $request_uri consistent", &w, &down),
            nginx("ip_hash", &w, &down),
            nginx("least_conn", &w, &down),
            nginx("random two", &w, &down),
            nginx("random", &w, &[true, true, true, false]),
            nginx("#", &w, &down),
            haproxy("uri\n  hash-type map-based", &w, &down),
            haproxy(
                "uri whole\n  hash-type consistent sdbm avalanche",
                &w,
                &down,
            ),
            haproxy("hdr(X-User)\n  hash-type map-based djb2", &w, &down),
            haproxy("static-rr", &w, &down),
            haproxy("roundrobin", &w, &down),
            haproxy("first", &w, &down),
            haproxy("leastconn", &w, &down),
            haproxy("random(3)", &w, &down),
            envoy("RING_HASH", &w),
            envoy("MAGLEV", &w),
            envoy("RANDOM", &w),
            envoy("ROUND_ROBIN", &w),
            envoy("ROUND_ROBIN", &[2, 2, 2]),
            envoy("LEAST_REQUEST", &w),
            envoy("LEAST_REQUEST", &[1, 1, 1]),
        ];
        for text in &configs {
            let b = backend(text);
            let (mut explained, mut plain) =
                (Predictor::new(&b).unwrap(), Predictor::new(&b).unwrap());
            for k in 0..200 {
                let key = if matches!(b.key, crate::config::KeySource::ClientAddress) {
                    format!("10.{}.{}.{}", k % 7, k / 3, k % 250)
                } else {
                    format!("/api/item/{k}")
                };
                let lookup = explained.explain(k, &key).unwrap();
                assert_eq!(lookup.server, plain.pick(k, &key).unwrap(), "{text}");
                let last = lookup.steps.last().expect("at least one step");
                assert_eq!(explained.owner(last), Some(lookup.server), "{text} {key}");
                for step in &lookup.steps {
                    match step {
                        LookupStep::Proxy(ProxyStep::EnvoyHash { input, value }) => {
                            assert_eq!(*value, envoy::request_hash(input.as_bytes()));
                        }
                        LookupStep::Proxy(ProxyStep::EnvoyMaglevSlot {
                            hash, size, slot, ..
                        }) => assert_eq!(*hash % *size as u64, *slot as u64),
                        LookupStep::Proxy(ProxyStep::HaproxyMapSlot {
                            slot,
                            slots,
                            rotation: false,
                            ..
                        }) => assert!(slot < slots),
                        _ => {}
                    }
                }
                let address = &b.servers[lookup.server].address;
                for lang in [Lang::En, Lang::Zh] {
                    let words = explained.words(&lookup.steps, lang);
                    assert!(!words.is_empty(), "{text}");
                    assert!(
                        words.iter().any(|w| w.contains(address.as_str())),
                        "{text}: {words:?}"
                    );
                    for w in &words {
                        assert!(!w.contains('{') && !w.trim().is_empty(), "{w}");
                    }
                }
            }
        }
    }

    #[test]
    fn nginx_random_two_keeps_the_second_draw_which_favours_heavy_servers_less() {
        let weights = [1, 4];
        let p = Predictor::new(&backend(&nginx("random two", &weights, &[false; 2]))).unwrap();
        let shares = p.expected_shares().unwrap();
        // Two servers, two distinct draws: the second is the other one, so the light server
        // gets about 0.8 (0.79: now and then 20 vain draws fall back to round robin).
        assert!(
            (shares[0] - 0.794).abs() < 1e-3 && (shares[1] - 0.206).abs() < 1e-3,
            "{shares:?}"
        );
        let one = Predictor::new(&backend(&nginx("random", &weights, &[false; 2]))).unwrap();
        assert_eq!(one.expected_shares().unwrap(), vec![0.2, 0.8]);
    }

    #[test]
    fn haproxy_random_shares_are_the_tree_s_arcs_and_sum_to_one() {
        let p = Predictor::new(&backend(&haproxy("random", &[1, 2, 1, 3], &[false; 4]))).unwrap();
        let shares = p.expected_shares().unwrap();
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // Near the weights' shares, not equal to them.
        for (s, w) in shares.iter().zip([1.0, 2.0, 1.0, 3.0]) {
            assert!((s - w / 7.0).abs() < 0.05, "{shares:?}");
        }
        assert!(
            Predictor::new(&backend(&haproxy("roundrobin", &[1, 2], &[false; 2])))
                .unwrap()
                .expected_shares()
                .is_none()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// nginx `random [two]`, HAProxy `random(N)`, Envoy RANDOM, ROUND_ROBIN and
        /// LEAST_REQUEST: never a down or disabled server, and the picks follow the proxy's
        /// distribution.
        #[test]
        fn random_policies_follow_the_proxy_s_distribution(
            weights in proptest::collection::vec(1u32..8, 2..6),
            down_at in 0usize..8,
            kind in 0usize..8,
            equal in any::<bool>(),
        ) {
            let mut down = vec![false; weights.len()];
            if down_at < weights.len() && kind < 4 {
                down[down_at] = true;
            }
            let weights = if equal && kind >= 4 { vec![3; weights.len()] } else { weights };
            let text = match kind {
                0 => nginx("random", &weights, &down),
                1 => nginx("random two least_conn", &weights, &down),
                2 => haproxy("random", &weights, &down),
                3 => haproxy("random(3)", &weights, &down),
                4 => envoy("RANDOM", &weights),
                5 => envoy("ROUND_ROBIN", &weights),
                _ => envoy("LEAST_REQUEST", &weights),
            };
            let mut p = Predictor::new(&backend(&text)).unwrap();
            let want = p.expected_shares().unwrap();
            let got = sampled(&mut p, 20_000);
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                if down[i] {
                    prop_assert_eq!(*g, 0.0);
                    prop_assert_eq!(*w, 0.0);
                }
                prop_assert!((g - w).abs() < 0.02, "server {}: {:?} vs {:?}", i, got, want);
            }
        }
    }
}
