//! The steps of a real proxy's own lookup, as `config::predict` makes it through the proxies'
//! rules in this engine (`nginx_hash`, `haproxy`, `envoy`): typed data carrying the numbers and
//! the servers, never words, like [`crate::engine::Step`] for the engine's strategies. `share::steps`
//! words them in either language; nothing reads words back.
//!
//! Servers are indices into the configuration's server list (`config::Backend::servers`), not
//! into a pool: a proxy's rule numbers every server the file lists.

use crate::engine::proxies::haproxy::HashFn;

/// One step of a proxy's lookup of one request.
#[derive(Clone, Debug, PartialEq)]
pub enum ProxyStep {
    /// nginx's plain `hash` (ngx_http_upstream_hash_module.c): try `attempt` hashed
    /// `crc32(attempt as text + key)` (the key alone on try 0), added its 15 bits to the running
    /// sum, and the sum modulo the total weight fell in `server`'s run of weights.
    NginxHashTry {
        /// The try's number, from 0.
        attempt: u32,
        /// The key as nginx evaluated it.
        key: String,
        /// The 15 bits this try added (`(crc32 >> 16) & 0x7fff`).
        bits: u32,
        /// The running sum.
        sum: u64,
        /// The total weight of the upstream's servers.
        total: u64,
        /// `sum mod total`.
        point: u64,
        /// The server whose weight run holds the point.
        server: usize,
        /// It is down: nginx hashes again.
        down: bool,
    },
    /// nginx's `hash` gave up (`tries` tries, 20 at most, all on down servers) or never hashed
    /// (`tries` 0: one server or an empty key): its weighted round robin picked `server`.
    NginxHashRoundRobin {
        /// Tries made before giving up.
        tries: u32,
        /// The server round robin picked.
        server: usize,
    },
    /// nginx `random`: `draws` random numbers modulo the total weight, the last one usable, fell
    /// in `server`'s range (drawn with Fulcrum's seeded generator, not nginx's).
    NginxRandomDraw {
        /// Numbers drawn.
        draws: u32,
        /// The total weight.
        total: u64,
        /// The server drawn.
        server: usize,
    },
    /// nginx `random two`: the second server drawn; with nothing in flight neither has fewer
    /// connections per weight, and nginx keeps the second.
    NginxRandomSecond {
        /// The second server, kept.
        server: usize,
    },
    /// nginx `random`: every draw of 20 fell on a down server; round robin picked `server`.
    NginxRandomRoundRobin {
        /// Vain draws.
        tries: u32,
        /// The server round robin picked.
        server: usize,
    },
    /// HAProxy's hash of the request's key (backend.c): `function` over the key's bytes, or,
    /// for `balance source` (`function` `None`), the client address's own hash.
    HaproxyHash {
        /// What was hashed (the URI part, the parameter's or header's value, the address).
        input: String,
        /// The `hash-type` function; `None` for `balance source`.
        function: Option<HashFn>,
        /// The hash.
        value: u32,
    },
    /// HAProxy's `avalanche` modifier: `full_hash` of the hash.
    HaproxyAvalanche {
        /// The hash after mixing.
        value: u32,
    },
    /// HAProxy's map of weights (`hash-type map-based`, lb_map.c): the hash modulo the slots, or,
    /// for `static-rr` (`rotation`), the next slot in turn.
    HaproxyMapSlot {
        /// The slot.
        slot: usize,
        /// Slots in the map (the sum of the usable weights).
        slots: usize,
        /// `static-rr`: the slot after the last one served, not a hash's.
        rotation: bool,
        /// The slot's server.
        server: usize,
    },
    /// HAProxy's consistent-hash tree (lb_chash.c): the point closest to the key.
    HaproxyTreePoint {
        /// Points in the tree.
        points: usize,
        /// The closest point's position on the 32-bit circle.
        point: u32,
        /// The server id (`puid`) that owns it.
        id: u32,
        /// That server.
        server: usize,
    },
    /// HAProxy `random(N)`: `draws` random 32-bit keys (Fulcrum's seeded generator, not
    /// HAProxy's); with nothing in flight the last is kept, and looked up in the tree.
    HaproxyRandomKeys {
        /// Keys drawn.
        draws: u32,
        /// The key kept.
        key: u32,
    },
    /// HAProxy `roundrobin` (lb_fwrr.c): the server first in position.
    HaproxyRoundRobin {
        /// That server.
        server: usize,
    },
    /// HAProxy `first` (lb_fas.c): the usable server with the lowest id.
    HaproxyFirst {
        /// Its id.
        id: u32,
        /// That server.
        server: usize,
    },
    /// HAProxy `leastconn` with one request at a time (lb_fwlc.c): every server idle, the one
    /// first in the tree (idle longest).
    HaproxyLeastConnIdle {
        /// That server.
        server: usize,
    },
    /// Envoy's hash of the request's key: xxHash64, seed 0 (the header and source-IP hash
    /// policies).
    EnvoyHash {
        /// The value hashed.
        input: String,
        /// The hash.
        value: u64,
    },
    /// Envoy RING_HASH (ring_hash_lb.cc): the first ring entry at or above the hash, wrapping.
    EnvoyRingEntry {
        /// Entries on the ring.
        entries: usize,
        /// The entry's index among them.
        index: usize,
        /// Its hash.
        point: u64,
        /// Its endpoint.
        server: usize,
    },
    /// Envoy MAGLEV (maglev_lb.cc): slot `hash mod size` of the table.
    EnvoyMaglevSlot {
        /// The key's hash.
        hash: u64,
        /// The table's size (a prime).
        size: usize,
        /// `hash mod size`.
        slot: usize,
        /// The slot's endpoint.
        server: usize,
    },
    /// Envoy RANDOM (random_lb.cc): `random % n`, weights aside (Fulcrum's seeded generator).
    EnvoyRandom {
        /// Endpoints.
        n: usize,
        /// The endpoint drawn.
        server: usize,
    },
    /// Envoy ROUND_ROBIN with equal weights: the next endpoint of the rotation, which Envoy
    /// starts at a random point on each worker.
    EnvoyRotation {
        /// That endpoint.
        server: usize,
    },
    /// Envoy ROUND_ROBIN with unequal weights: the earliest deadline of its EDF scheduler over
    /// the weights (edf_scheduler.h), started after a random number of picks.
    EnvoyEdf {
        /// The endpoint with the earliest deadline.
        server: usize,
        /// Its deadline.
        deadline: f64,
        /// Its weight: it goes back one period, 1 / weight, later.
        weight: f64,
    },
}

impl ProxyStep {
    /// The server the step ends on, if it names one the request may go to.
    pub fn owner(&self) -> Option<usize> {
        match *self {
            ProxyStep::NginxHashTry {
                server,
                down: false,
                ..
            }
            | ProxyStep::NginxHashRoundRobin { server, .. }
            | ProxyStep::NginxRandomDraw { server, .. }
            | ProxyStep::NginxRandomSecond { server }
            | ProxyStep::NginxRandomRoundRobin { server, .. }
            | ProxyStep::HaproxyMapSlot { server, .. }
            | ProxyStep::HaproxyTreePoint { server, .. }
            | ProxyStep::HaproxyRoundRobin { server }
            | ProxyStep::HaproxyFirst { server, .. }
            | ProxyStep::HaproxyLeastConnIdle { server }
            | ProxyStep::EnvoyRingEntry { server, .. }
            | ProxyStep::EnvoyMaglevSlot { server, .. }
            | ProxyStep::EnvoyRandom { server, .. }
            | ProxyStep::EnvoyRotation { server }
            | ProxyStep::EnvoyEdf { server, .. } => Some(server),
            _ => None,
        }
    }
}
