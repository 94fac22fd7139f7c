//! nginx's own `ip_hash` and `least_conn`, rule for rule, so that `ip_hash` and
//! `weighted_least_connections` keep the promise of their names (nginx's
//! `src/http/modules/ngx_http_upstream_ip_hash_module.c` and
//! `ngx_http_upstream_least_conn_module.c`; `tests/nginx_compat.rs` checks both against a real
//! nginx on loopback).
//!
//! Fulcrum's pool is nginx's `upstream` block: servers in configuration order, a server that is
//! not eligible (unhealthy, in maintenance, overloaded, draining) is nginx's `down`, and a server
//! of weight 0 (which nginx does not accept) is one with no share. nginx's `max_fails`,
//! `max_conns`, backup servers and the per-request "tried" set (its retries) are not modelled:
//! Fulcrum's picks are single tries, and its health is the simulator's. `effective_weight`, which
//! nginx lowers after failures and raises back by one per selection, therefore always equals the
//! weight.
//!
//! **`ip_hash`** ([`NginxIpHash`]). The address bytes are the first three octets of an IPv4
//! address (so a /24 goes to one server), the sixteen bytes of an IPv6 address, or, for anything
//! else (a Unix socket, or here a key that is not an IP address), three zero bytes. From
//! `hash = 89`, each byte b gives `hash = (hash · 113 + b) mod 6271`; then `w = hash mod W`, W the
//! total weight of every configured server (down ones included), and the server is the one whose
//! run of weight, in configuration order, holds w. If that server is down, the bytes are hashed
//! again into the same running hash, up to 20 times; after that, or when fewer than two servers
//! are configured, nginx falls back to its smooth weighted round robin over the servers up, with
//! `current_weight` kept across requests. Shares follow weights only as far as 6,271 hash values
//! spread over W; a membership or weight change moves most keys, a server going down moves only
//! its own. nginx walks the runs of weight one server after another; here a binary search over
//! their running sums finds the same server, O(log n), with O(1) expected re-hashes.
//!
//! **`least_conn`** ([`NginxLeastConn`]). The server up with the lowest `conns / weight`,
//! compared as `conns_a · w_b < conns_b · w_a`; the first such server in configuration order
//! unless another ties with it. On a tie, the tied servers (from the first one on) run one round
//! of smooth weighted round robin among themselves: each tied server's `current_weight` grows by
//! its weight, the largest wins (the earliest on equal values), and the winner loses the sum of
//! the tied weights; servers not tied keep their current weights. Idle, weights 5, 1, 1 give
//! `a a b a c a a`. O(n) per pick, as nginx: a scan of every server (over arrays of weights and
//! connections kept up to date by load changes, not over the servers themselves).
//!
//! Current weights restart from zero when membership or a weight changes (nginx's reload) and
//! survive health and draining changes (nginx marks peers down without a reload).

use std::net::{IpAddr, Ipv4Addr};

use crate::engine::hashing::HashFunction;
use crate::engine::hashing::key::RequestKey;
use crate::engine::model::{LoadEvent, Pool, PoolChange};
use crate::engine::strategy::{PickContext, PickError, Strategy, StrategyConfig};
use crate::engine::trace::{Note, Step};

/// nginx's starting value of the ip_hash.
pub const IP_HASH_START: u64 = 89;
/// nginx re-hashes at most this many times before its round-robin fallback.
pub const IP_HASH_TRIES: u32 = 20;

/// The bytes nginx hashes for a client address: three octets of IPv4, sixteen of IPv6, three
/// zeros otherwise. Returns the bytes and how many of them count.
pub fn ip_hash_bytes(key: &str) -> ([u8; 16], usize) {
    let mut out = [0u8; 16];
    match key.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            out[..3].copy_from_slice(&v4.octets()[..3]);
            (out, 3)
        }
        Ok(IpAddr::V6(v6)) => (v6.octets(), 16),
        Err(_) => (out, 3),
    }
}

/// One round of nginx's address hash: `hash = (hash · 113 + b) mod 6271` for each byte.
pub fn ip_hash_round(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash = (hash * 113 + u64::from(b)) % 6271;
    }
    hash
}

/// The bytes as the explanation shows them: dotted octets for IPv4, hex pairs for IPv6.
fn bytes_text(bytes: &[u8]) -> String {
    if bytes.len() == 3 {
        let v4 = Ipv4Addr::new(bytes[0], bytes[1], bytes[2], 0).octets();
        format!("{}.{}.{}", v4[0], v4[1], v4[2])
    } else {
        bytes
            .chunks(2)
            .map(|c| format!("{:02x}{:02x}", c[0], c[1]))
            .collect::<Vec<_>>()
            .join(":")
    }
}

/// nginx's smooth weighted round robin (`ngx_http_upstream_get_peer`) over the eligible servers,
/// `current` holding each pool server's current weight. O(n).
fn round_robin(pool: &Pool, current: &mut [i64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut total = 0i64;
    for &i in pool.eligible() {
        let weight = i64::from(pool.server(i).weight);
        current[i] += weight;
        total += weight;
        if best.is_none_or(|b| current[i] > current[b]) {
            best = Some(i);
        }
    }
    if let Some(b) = best {
        current[b] -= total;
    }
    best
}

/// Whether `change` is one nginx only sees through a reload (which resets current weights).
fn is_reload(change: &PoolChange) -> bool {
    matches!(
        change,
        PoolChange::Initial
            | PoolChange::Added { .. }
            | PoolChange::Removed { .. }
            | PoolChange::WeightChanged { .. }
    )
}

/// nginx's `ip_hash`.
#[derive(Clone, Debug, Default)]
pub struct NginxIpHash {
    key: RequestKey,
    /// W: the total weight of every configured server, down or not.
    total_weight: u64,
    /// Per pool server: the end of its run of weight (the running sum of weights in pool order),
    /// so nginx's walk to w is a binary search for the first end above w.
    ends: Vec<u64>,
    /// Servers with a weight (nginx's peers); fewer than two: round robin.
    peers: usize,
    /// Per pool server: nginx's round-robin current weight, for the fallback.
    current: Vec<i64>,
}

impl NginxIpHash {
    /// The pool server whose run of weight holds `w` (< W), in configuration order: where
    /// nginx's walk (`while (w >= peer->weight) w -= peer->weight, next`) stops.
    fn walk(&self, w: u64) -> usize {
        self.ends.partition_point(|&end| end <= w)
    }
}

impl Strategy for NginxIpHash {
    fn build(config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self {
            key: RequestKey::new(config.key_source()),
            ..Self::default()
        };
        s.rebuild(pool, &PoolChange::Initial);
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        self.ends = pool
            .servers()
            .iter()
            .scan(0u64, |sum, s| {
                *sum += u64::from(s.weight);
                Some(*sum)
            })
            .collect();
        self.total_weight = self.ends.last().copied().unwrap_or(0);
        self.peers = pool.servers().iter().filter(|s| s.weight > 0).count();
        if is_reload(change) || self.current.len() != pool.len() {
            self.current.clear();
            self.current.resize(pool.len(), 0);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        if ctx.pool.eligible().is_empty() {
            return Err(PickError::NoEligibleServer);
        }
        let key = self.key.read(ctx.request, &mut ctx.explain);
        let mut tries = 0;
        if self.peers >= 2 {
            let (bytes, len) = ip_hash_bytes(key);
            let bytes = &bytes[..len];
            let mut hash = IP_HASH_START;
            loop {
                hash = ip_hash_round(hash, bytes);
                ctx.explain.step(|| Step::Hash {
                    function: HashFunction::NginxIpHash,
                    input: bytes_text(bytes),
                    value: hash,
                });
                let point = hash % self.total_weight;
                let server = self.walk(point);
                let up = ctx.pool.server(server).is_eligible();
                ctx.explain.step(|| {
                    Step::Note(Note::IpHashPoint {
                        point,
                        total: self.total_weight,
                        server,
                        up,
                    })
                });
                if up {
                    return Ok(server);
                }
                tries += 1;
                if tries > IP_HASH_TRIES {
                    break;
                }
            }
        }
        ctx.explain
            .step(|| Step::Note(Note::NginxRoundRobin { tries }));
        round_robin(ctx.pool, &mut self.current).ok_or(PickError::NoEligibleServer)
    }
}

/// nginx's `least_conn`.
#[derive(Clone, Debug, Default)]
pub struct NginxLeastConn {
    /// Per pool server: nginx's current weight, moved only by ties.
    current: Vec<i64>,
    /// The eligible servers (pool indices) in pool order, with their weights and connections
    /// side by side, so the scan reads three small arrays rather than every `Server`.
    servers: Vec<usize>,
    weights: Vec<u64>,
    conns: Vec<u64>,
    /// Per pool server: its position in `servers`, or `u32::MAX` when not eligible.
    position: Vec<u32>,
}

impl Strategy for NginxLeastConn {
    fn build(_config: &StrategyConfig, pool: &Pool) -> Self {
        let mut s = Self::default();
        s.rebuild(pool, &PoolChange::Initial);
        s
    }

    fn rebuild(&mut self, pool: &Pool, change: &PoolChange) {
        if is_reload(change) || self.current.len() != pool.len() {
            self.current.clear();
            self.current.resize(pool.len(), 0);
        }
        self.servers = pool.eligible().to_vec();
        self.weights = self
            .servers
            .iter()
            .map(|&i| u64::from(pool.server(i).weight))
            .collect();
        self.conns = self
            .servers
            .iter()
            .map(|&i| u64::from(pool.server(i).load.connections))
            .collect();
        self.position = vec![u32::MAX; pool.len()];
        for (p, &i) in self.servers.iter().enumerate() {
            self.position[i] = p as u32;
        }
    }

    fn load_changed(&mut self, pool: &Pool, server: usize, _event: LoadEvent) {
        if let Some(&p) = self.position.get(server)
            && p != u32::MAX
        {
            self.conns[p as usize] = u64::from(pool.server(server).load.connections);
        }
    }

    fn pick(&mut self, ctx: &mut PickContext<'_>) -> Result<usize, PickError> {
        let (conns, weights) = (&self.conns, &self.weights);
        // The first position of the lowest conns / weight, and whether a later one ties with it.
        let mut best: Option<usize> = None;
        let mut many = false;
        for p in 0..conns.len() {
            let server = self.servers[p];
            ctx.explain.step(|| Step::Score {
                server,
                score: conns[p] as f64 / weights[p] as f64,
            });
            match best {
                Some(b) if conns[p] * weights[b] > conns[b] * weights[p] => {}
                Some(b) if conns[p] * weights[b] == conns[b] * weights[p] => many = true,
                _ => {
                    best = Some(p);
                    many = false;
                }
            }
        }
        let Some(first) = best else {
            return Err(PickError::NoEligibleServer);
        };
        if !many {
            return Ok(self.servers[first]);
        }
        // One round of smooth weighted round robin among the tied positions, from the first on;
        // the tied are found again rather than collected, so a plain pick allocates nothing.
        let is_tied = |p: usize| conns[p] * weights[first] == conns[first] * weights[p];
        let tied = || (first..conns.len()).filter(move |&p| is_tied(p));
        let current = &mut self.current;
        let servers = &self.servers;
        let before: Vec<i64> = if ctx.explain.is_on() {
            tied().map(|p| current[servers[p]]).collect()
        } else {
            Vec::new()
        };
        let mut winner = servers[first];
        let mut total = 0i64;
        for p in tied() {
            let (i, w) = (servers[p], weights[p] as i64);
            current[i] += w;
            total += w;
            if current[i] > current[winner] {
                winner = i;
            }
        }
        current[winner] -= total;
        ctx.explain.step(|| Step::SmoothWeights {
            servers: tied().map(|p| servers[p]).collect(),
            weights: tied().map(|p| weights[p] as i64).collect(),
            after: tied().map(|p| current[servers[p]]).collect(),
            before,
            total,
        });
        Ok(winner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::balancer::Balancer;
    use crate::engine::model::{Request, Status, parse_servers};
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;

    fn balancer(kind: StrategyKind, spec: &str) -> Balancer {
        Balancer::new(StrategyConfig::new(kind), parse_servers(spec).unwrap()).unwrap()
    }

    fn names(b: &Balancer, picks: &[usize]) -> String {
        picks
            .iter()
            .map(|&i| b.pool().server(i).id.split(':').next().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// nginx's loop computed by hand for 192.168.1.x: 89 → (89·113 + 192) mod 6271 = 3978 →
    /// (3978·113 + 168) mod 6271 = 4441 → (4441·113 + 1) mod 6271 = 154.
    #[test]
    fn the_hash_is_nginxs_over_three_octets() {
        assert_eq!(ip_hash_round(IP_HASH_START, &[192, 168, 1]), 154);
        assert_eq!(ip_hash_bytes("192.168.1.77").1, 3);
        assert_eq!(&ip_hash_bytes("192.168.1.77").0[..3], &[192, 168, 1]);
        assert_eq!(ip_hash_bytes("2001:db8::1").1, 16);
        assert_eq!(ip_hash_bytes("not an ip"), ([0; 16], 3));
        // Weights 1, 2, 3 (W = 6): 154 mod 6 = 4 falls in c's run (3..6).
        let mut b = balancer(StrategyKind::IpHash, "a:1=1,b:1=2,c:1=3");
        let mut rng = seeded(1);
        for last in [1, 2, 254] {
            let r = Request::get(0, "/", format!("192.168.1.{last}"));
            assert_eq!(b.pick(&r, &mut rng, 0), Ok(2));
        }
    }

    #[test]
    fn a_down_server_rehashes_and_only_its_clients_move() {
        let mut b = balancer(StrategyKind::IpHash, "a:1,b:1,c:1,d:1");
        let mut rng = seeded(1);
        let ips: Vec<String> = (0..600)
            .map(|i| format!("10.{}.{}.9", i / 200, i % 200))
            .collect();
        let owners = |b: &mut Balancer, rng: &mut _| -> Vec<usize> {
            ips.iter()
                .map(|ip| b.pick(&Request::get(0, "/", ip.as_str()), rng, 0).unwrap())
                .collect()
        };
        let before = owners(&mut b, &mut rng);
        b.set_status(1, Status::Unhealthy).unwrap();
        let after = owners(&mut b, &mut rng);
        for (x, y) in before.iter().zip(&after) {
            assert!(x == y || *x == 1, "{x} → {y}");
            assert_ne!(*y, 1);
        }
        assert!(before.contains(&1));
        // Every server down but a: 20 re-hashes find nothing for most clients, then round robin.
        for i in 1..4 {
            b.set_status(i, Status::Unhealthy).unwrap();
        }
        assert!(owners(&mut b, &mut rng).iter().all(|&s| s == 0));
    }

    #[test]
    fn weights_set_the_shares_of_the_hash_values() {
        let mut b = balancer(StrategyKind::IpHash, "a:1=1,b:1=3");
        let mut rng = seeded(1);
        let mut counts = [0u32; 2];
        for x in 0..256 {
            for y in 0..64 {
                let r = Request::get(0, "/", format!("{x}.{y}.7.1"));
                counts[b.pick(&r, &mut rng, 0).unwrap()] += 1;
            }
        }
        let share = f64::from(counts[1]) / f64::from(counts[0] + counts[1]);
        assert!((share - 0.75).abs() < 0.03, "{counts:?}");
    }

    #[test]
    fn one_configured_server_is_round_robin() {
        let mut b = balancer(StrategyKind::IpHash, "a:1,b:1=0");
        let (got, steps) = b.pick_explained(&Request::get(0, "/", "1.2.3.4"), &mut seeded(1), 0);
        assert_eq!(got, Ok(0));
        assert!(steps.contains(&Step::Note(Note::NginxRoundRobin { tries: 0 })));
    }

    /// The sequence: nginx interleaves ties by smooth weighted round robin.
    #[test]
    fn idle_ties_are_nginxs_smooth_weighted_round_robin() {
        let mut b = balancer(StrategyKind::WeightedLeastConnections, "a:1=5,b:1=1,c:1=1");
        let mut rng = seeded(1);
        let picks: Vec<usize> = (0..14)
            .map(|i| {
                b.pick(&Request::get(i, "/", "1.1.1.1"), &mut rng, 0)
                    .unwrap()
            })
            .collect();
        assert_eq!(names(&b, &picks), "a a b a c a a a a b a c a a");
    }

    /// Only tied servers' current weights move; a lone least-loaded server leaves them alone.
    #[test]
    fn only_ties_move_current_weights() {
        let mut b = balancer(StrategyKind::WeightedLeastConnections, "a:1=1,b:1=1,c:1=2");
        let mut rng = seeded(1);
        let mut pick = |b: &mut Balancer| b.pick(&Request::get(0, "/", "x"), &mut rng, 0).unwrap();
        // Idle: c (weight 2) first, as smooth weighted round robin over all three.
        assert_eq!(pick(&mut b), 2);
        b.request_started(2);
        // c has 1/2, a and b 0: a and b tie; a's and b's current weights are 1, 1 → a.
        assert_eq!(pick(&mut b), 0);
        b.request_started(0);
        // a 1/1, b 0/1, c 1/2: b alone.
        assert_eq!(pick(&mut b), 1);
        b.request_started(1);
        // a 1, b 1, c 1/2: c alone.
        assert_eq!(pick(&mut b), 2);
        b.request_started(2);
        // a 1/1, b 1/1, c 2/2: all tie, current weights a 0, b 2, c −2 before the round.
        let (got, steps) = b.pick_explained(&Request::get(0, "/", "x"), &mut seeded(1), 0);
        assert_eq!(got, Ok(1));
        let Some(Step::SmoothWeights {
            before,
            after,
            total,
            ..
        }) = steps
            .iter()
            .find(|s| matches!(s, Step::SmoothWeights { .. }))
        else {
            panic!("{steps:?}")
        };
        assert_eq!(
            (before.clone(), after.clone(), *total),
            (vec![0, 2, -2], vec![1, -1, 0], 4)
        );
    }

    #[test]
    fn least_conn_skips_servers_down_and_weighs_connections() {
        let mut b = balancer(StrategyKind::WeightedLeastConnections, "a:1=1,b:1=3,c:1=1");
        for _ in 0..2 {
            b.request_started(1);
        }
        b.request_started(0);
        // a 1/1, b 2/3, c 0/1 → c; with c down, b (2/3 < 1).
        let mut rng = seeded(1);
        assert_eq!(b.pick(&Request::get(0, "/", "x"), &mut rng, 0), Ok(2));
        b.set_status(2, Status::Unhealthy).unwrap();
        assert_eq!(b.pick(&Request::get(0, "/", "x"), &mut rng, 0), Ok(1));
        b.set_status(0, Status::Unhealthy).unwrap();
        b.set_status(1, Status::Unhealthy).unwrap();
        assert_eq!(
            b.pick(&Request::get(0, "/", "x"), &mut rng, 0),
            Err(PickError::NoEligibleServer)
        );
    }
}
