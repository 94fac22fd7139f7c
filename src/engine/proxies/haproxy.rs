//! HAProxy's server selection, rule for rule, for the `balance` algorithms whose picks are a
//! function of the configuration and the request (HAProxy 2.6, the version Debian packages and
//! `tests/haproxy_compat.rs` runs):
//!
//! * **Request hashes** (`src/backend.c`, `gen_hash`, `get_server_uh`, `get_server_sh`,
//!   `get_server_hh`, `get_server_ph`): sdbm by default (`src/hash.c`, `hash_sdbm`: `h = c +
//!   (h << 6) + (h << 16) − h`), or djb2, wt6, crc32; the `avalanche` modifier applies
//!   [`full_hash`]. `balance uri` hashes the URI up to `?` (unless `whole`), `balance source`
//!   XORs the address's 32-bit big-endian words (no string hash at all). With one usable server
//!   the hash is 0.
//! * **Map-based** (`src/lb_map.c`, `init_server_map`, `recalc_server_map`,
//!   `map_get_server_hash`, `map_get_server_rr`): weights are divided by their greatest common
//!   divisor; a table of `tot_weight` slots is filled in slot order, each slot going to the
//!   usable server with the highest `(wscore + tot) / tot` after every server's `wscore` grew by
//!   its weight (the first declared on ties), which then loses `tot`. A hash picks slot
//!   `hash mod tot_weight`; `static-rr` walks the slots in order from slot 0.
//! * **Consistent** (`src/lb_chash.c`, `chash_init_server_tree`, `chash_get_server_hash`): server
//!   `puid` gets `weight × 16` points at `full_hash(puid × 4096 + j)`; a hash goes to the
//!   **closest** point, before or after it (the previous one on equal distances), not to the next
//!   point as in the textbook ring. Server ids (`puid`) are the `id` keyword's, or the first unused
//!   number counting from the server's position (`src/cfgparse.c`, "assign automatic UIDs"): delete
//!   a server line and every later server without an `id` is renumbered, so its points move.
//!
//! * **`roundrobin`** (`src/lb_fwrr.c`): see [`Fwrr`]; weights × 16, servers ordered by their
//!   next position in a window of the total weight, not nginx's smooth weighted round robin.
//!
//! Backup servers serve only when no active server is usable, and then only the first usable
//! backup (HAProxy's `fbck`, without `option allbackups`).

use std::net::IpAddr;

use crate::engine::hashing::crc32;

/// `BE_WEIGHT_SCALE`: consistent hashing's points per unit of weight.
pub const WEIGHT_SCALE: u32 = 16;
/// `SRV_EWGHT_RANGE`: the id stride of a server's point keys (256 × 16).
pub const EWGHT_RANGE: u32 = 256 * WEIGHT_SCALE;

/// HAProxy's hash functions (`src/hash.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashFn {
    /// `hash-type sdbm`.
    Sdbm,
    /// `hash-type djb2`.
    Djb2,
    /// `hash-type wt6`.
    Wt6,
    /// `hash-type crc32`.
    Crc32,
}

/// `hash_sdbm`.
pub fn sdbm(key: &[u8]) -> u32 {
    key.iter().fold(0u32, |h, &c| {
        u32::from(c)
            .wrapping_add(h << 6)
            .wrapping_add(h << 16)
            .wrapping_sub(h)
    })
}

/// `hash_djb2`.
pub fn djb2(key: &[u8]) -> u32 {
    key.iter().fold(5381u32, |h, &c| {
        (h << 5).wrapping_add(h).wrapping_add(u32::from(c))
    })
}

/// `hash_wt6`.
pub fn wt6(key: &[u8]) -> u32 {
    let (mut h0, mut h1) = (0xa53c_965au32, 0x5ca6_953au32);
    let (mut s0, mut s1) = (6u32, 18u32);
    for &c in key {
        let t = u32::from(c);
        h0 = !(h0 ^ t);
        h1 = !(h1.wrapping_add(t));
        let t = h1.rotate_left(s0);
        h1 = h0.rotate_left(s1);
        h0 = t;
        let t = ((h0 >> 16) ^ h1) & 0xffff;
        s0 = t & 0x1f;
        s1 = t >> 11;
    }
    h0 ^ h1
}

impl HashFn {
    /// The 32-bit hash of `key`, as HAProxy computes it.
    pub fn hash(self, key: &[u8]) -> u32 {
        match self {
            HashFn::Sdbm => sdbm(key),
            HashFn::Djb2 => djb2(key),
            HashFn::Wt6 => wt6(key),
            HashFn::Crc32 => crc32(key),
        }
    }
}

/// `full_hash` (`include/haproxy/intops.h`): one of Bob Jenkins' full-avalanche integer hashes,
/// then a multiplication by 3221225473 to spread values round the 32-bit circle.
pub fn full_hash(mut a: u32) -> u32 {
    a = a.wrapping_add(0x7ed5_5d16).wrapping_add(a << 12);
    a = (a ^ 0xc761_c23c) ^ (a >> 19);
    a = a.wrapping_add(0x1656_67b1).wrapping_add(a << 5);
    a = a.wrapping_add(0xd3a2_646c) ^ (a << 9);
    a = a.wrapping_add(0xfd70_46c5).wrapping_add(a << 3);
    a = (a ^ 0xb55a_4f09) ^ (a >> 16);
    a.wrapping_mul(3_221_225_473)
}

/// `get_server_sh`'s hash of a client address: the XOR of its 32-bit big-endian words.
pub fn source_hash(addr: IpAddr) -> u32 {
    match addr {
        IpAddr::V4(v4) => u32::from_be_bytes(v4.octets()),
        IpAddr::V6(v6) => v6
            .octets()
            .chunks(4)
            .fold(0, |h, w| h ^ u32::from_be_bytes([w[0], w[1], w[2], w[3]])),
    }
}

/// The part of a URI `balance uri` hashes (`get_server_uh`): up to `?` unless `whole`, at most
/// `len` bytes (0: all), stopping before the `depth + 1`-th `/` (depth 0: no limit).
pub fn uri_part(uri: &[u8], whole: bool, len: u32, depth: u32) -> &[u8] {
    let mut n = uri.len();
    if len > 0 {
        n = n.min(len as usize);
    }
    let mut slashes = 0;
    let mut end = 0;
    while end < n {
        let c = uri[end];
        if c == b'/' {
            slashes += 1;
            if depth > 0 && slashes == depth + 1 {
                break;
            }
        } else if c == b'?' && !whole {
            break;
        }
        end += 1;
    }
    &uri[..end]
}

/// One server as HAProxy's load balancer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HaServer {
    /// `puid`.
    pub id: u32,
    /// Configured weight (`weight`, 0 to 256).
    pub weight: u32,
    /// Usable (not `disabled`, weight above 0).
    pub usable: bool,
    /// A `backup` server: used only when no active server is usable.
    pub backup: bool,
}

/// Assign `puid`s as HAProxy does: explicit ids kept; the others, in order, get the first unused
/// id at or after their position counter (which starts at 1 and advances once per server).
pub fn assign_ids(explicit: &[Option<u32>]) -> Vec<u32> {
    let mut used: Vec<u32> = explicit.iter().flatten().copied().collect();
    let mut next = 1u32;
    let mut out = Vec::with_capacity(explicit.len());
    for e in explicit {
        let id = match e {
            Some(id) => *id,
            None => {
                while used.contains(&next) {
                    next += 1;
                }
                used.push(next);
                next
            }
        };
        out.push(id);
        next += 1;
    }
    out
}

/// The servers that take requests: the usable active ones, or else the first usable backup.
fn serving(servers: &[HaServer]) -> Vec<usize> {
    let active: Vec<usize> = (0..servers.len())
        .filter(|&i| servers[i].usable && !servers[i].backup)
        .collect();
    if !active.is_empty() {
        return active;
    }
    (0..servers.len())
        .find(|&i| servers[i].usable && servers[i].backup)
        .into_iter()
        .collect()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// HAProxy's server map (`lb_map.c`): slot → server index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerMap {
    /// Server index per slot; each server fills weight / gcd slots.
    pub slots: Vec<usize>,
    rr_idx: usize,
}

impl ServerMap {
    /// The map of the usable active servers (the first usable backup when there is none).
    pub fn build(servers: &[HaServer]) -> Self {
        // init_server_map: the gcd over every configured server's weight (zero weights skipped).
        let g = servers
            .iter()
            .map(|s| s.weight)
            .filter(|&w| w > 0)
            .fold(0, gcd)
            .max(1);
        let eweight: Vec<u64> = servers.iter().map(|s| u64::from(s.weight / g)).collect();
        let serving = serving(servers);
        let tot: u64 = serving.iter().map(|&i| eweight[i]).sum();
        let mut wscore = vec![0i64; servers.len()];
        let mut slots = Vec::with_capacity(tot as usize);
        let tot_i = tot as i64;
        for _ in 0..tot {
            let mut best: Option<(usize, i64)> = None;
            for &i in &serving {
                if tot == 1 {
                    best = Some((i, 0));
                    break;
                }
                wscore[i] += eweight[i] as i64;
                let v = (wscore[i] + tot_i) / tot_i;
                if best.is_none_or(|(_, max)| v > max) {
                    best = Some((i, v));
                }
            }
            if let Some((b, _)) = best {
                slots.push(b);
                wscore[b] -= tot_i;
            }
        }
        Self { slots, rr_idx: 0 }
    }

    /// `map_get_server_hash`.
    pub fn by_hash(&self, hash: u32) -> Option<(usize, usize)> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = hash as usize % self.slots.len();
        Some((slot, self.slots[slot]))
    }

    /// `map_get_server_rr` without connection limits: the slot after the last one used.
    pub fn next_rr(&mut self) -> Option<(usize, usize)> {
        if self.slots.is_empty() {
            return None;
        }
        if self.rr_idx >= self.slots.len() {
            self.rr_idx = 0;
        }
        let slot = self.rr_idx;
        self.rr_idx += 1;
        Some((slot, self.slots[slot]))
    }
}

/// HAProxy's consistent-hash tree (`lb_chash.c`), as a sorted list of (key, server index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChashTree {
    /// `(point key, server index)`, ascending by key.
    pub points: Vec<(u32, usize)>,
}

impl ChashTree {
    /// The tree of the usable active servers' points (the first usable backup's if none).
    pub fn build(servers: &[HaServer]) -> Self {
        let mut points = Vec::new();
        for i in serving(servers) {
            let s = &servers[i];
            for j in 0..s.weight * WEIGHT_SCALE {
                let key = full_hash(s.id.wrapping_mul(EWGHT_RANGE).wrapping_add(j));
                points.push((key, i));
            }
        }
        // eb32 trees keep duplicates in insertion order (stable sort).
        points.sort_by_key(|p| p.0);
        Self { points }
    }

    /// `chash_get_server_hash`: the closest point, the previous one on a tie. Returns the point's
    /// position in [`Self::points`].
    pub fn closest(&self, hash: u32) -> Option<usize> {
        let n = self.points.len();
        if n == 0 {
            return None;
        }
        let ge = self.points.partition_point(|p| p.0 < hash);
        let next = if ge == n { 0 } else { ge };
        let prev = if next == 0 { n - 1 } else { next - 1 };
        let dp = hash.wrapping_sub(self.points[prev].0);
        let dn = self.points[next].0.wrapping_sub(hash);
        Some(if dp <= dn { prev } else { next })
    }
}

/// `SRV_EWGHT_MAX`: 256 × 16.
const EWGHT_MAX: u32 = 256 * WEIGHT_SCALE;

/// One of fwrr's trees: an eb32 tree keeps equal keys in insertion order, so entries are
/// ordered by (key, insertion number).
#[derive(Clone, Debug, Default)]
struct Tree(Vec<(u32, u64, usize)>);

impl Tree {
    fn first(&self) -> Option<usize> {
        self.0.iter().min_by_key(|e| (e.0, e.1)).map(|e| e.2)
    }
}

#[derive(Clone, Debug, Default)]
struct FwrrServer {
    eweight: u32,
    npos: u32,
    rweight: u32,
    /// Which tree holds it: 0 curr, 1 t0, 2 t1, none when dequeued.
    tree: Option<u8>,
}

/// HAProxy's `balance roundrobin` (`src/lb_fwrr.c`, `fwrr_init_server_groups`,
/// `fwrr_get_next_server`, `fwrr_get_server_from_group`, `fwrr_update_position`,
/// `fwrr_queue_srv`), for the active group with no connection limits: servers wait in an
/// "init" tree by weight, then in the "current" tree by their next position (`npos`, advanced by
/// `total / weight` per pick with the remainder carried), moving to the "next" tree when their
/// position falls beyond the window; when the current window empties, the trees switch.
#[derive(Clone, Debug)]
pub struct Fwrr {
    servers: Vec<FwrrServer>,
    curr: Tree,
    t: [Tree; 2],
    /// Index into `t` of the init tree (the other is "next").
    init: usize,
    curr_pos: u32,
    curr_weight: u32,
    next_weight: u32,
    seq: u64,
}

impl Fwrr {
    /// The weighted round-robin scheduler over the usable active servers (or the first backup).
    pub fn build(servers: &[HaServer]) -> Self {
        let serving = serving(servers);
        let mut s: Vec<FwrrServer> = servers
            .iter()
            .map(|x| FwrrServer {
                eweight: x.weight * WEIGHT_SCALE,
                ..FwrrServer::default()
            })
            .collect();
        let tot: u32 = serving.iter().map(|&i| s[i].eweight).sum();
        let mut f = Self {
            servers: Vec::new(),
            curr: Tree::default(),
            t: [Tree::default(), Tree::default()],
            init: 0,
            curr_pos: tot,
            curr_weight: tot,
            next_weight: tot,
            seq: 0,
        };
        for &i in &serving {
            let key = EWGHT_MAX - s[i].eweight;
            f.t[0].0.push((key, f.seq, i));
            f.seq += 1;
            s[i].tree = Some(1);
        }
        f.servers = s;
        f
    }

    fn dequeue(&mut self, i: usize) {
        match self.servers[i].tree.take() {
            Some(0) => self.curr.0.retain(|e| e.2 != i),
            Some(t) => self.t[usize::from(t - 1)].0.retain(|e| e.2 != i),
            None => {}
        }
    }

    fn server_from_group(&mut self) -> Option<usize> {
        let s1 = self.curr.first();
        if let Some(a) = s1 {
            let s = &self.servers[a];
            if s.eweight > 0 && s.npos <= self.curr_pos {
                return Some(a);
            }
        }
        if let Some(b) = self.t[self.init].first()
            && self.servers[b].eweight > 0
        {
            self.servers[b].npos = 0;
            self.servers[b].rweight = 0;
            return Some(b);
        }
        s1
    }

    /// The next server, as `fwrr_get_next_server` picks it.
    pub fn next_server(&mut self) -> Option<usize> {
        if self.curr_weight == 0 {
            self.curr_pos = self.next_weight;
            self.curr_weight = self.next_weight;
        }
        let mut switched = false;
        let srv = loop {
            if let Some(s) = self.server_from_group() {
                break s;
            }
            if switched {
                return None;
            }
            switched = true;
            self.init = 1 - self.init;
            self.curr_weight = self.next_weight;
            self.curr_pos = self.curr_weight;
        };
        // fwrr_update_position
        let next_weight = self.next_weight;
        let s = &mut self.servers[srv];
        if let Some(steps) = next_weight.checked_div(s.eweight) {
            if s.npos == 0 {
                s.npos = self.curr_pos;
            }
            s.npos += steps;
            s.rweight += next_weight % s.eweight;
            if s.rweight >= s.eweight {
                s.rweight -= s.eweight;
                s.npos += 1;
            }
        }
        self.dequeue(srv);
        self.curr_pos += 1;
        // fwrr_queue_srv
        let (cw, nw) = (self.curr_weight, self.next_weight);
        let s = &mut self.servers[srv];
        let seq = self.seq;
        self.seq += 1;
        if s.eweight == 0 || s.npos >= 2 * cw || s.npos >= cw + nw {
            s.npos = s.npos.wrapping_sub(cw);
            let next = 1 - self.init;
            self.t[next].0.push((EWGHT_MAX - s.eweight, seq, srv));
            s.tree = Some(next as u8 + 1);
        } else {
            let key = 256 * s.npos + (EWGHT_MAX + s.rweight - s.eweight) / WEIGHT_SCALE;
            self.curr.0.push((key, seq, srv));
            s.tree = Some(0);
        }
        Some(srv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdbm_and_djb2_follow_their_definitions() {
        assert_eq!(sdbm(b""), 0);
        assert_eq!(sdbm(b"a"), 97);
        // h = 'b' + (97 << 6) + (97 << 16) - 97
        assert_eq!(sdbm(b"ab"), 98 + (97 << 6) + (97 << 16) - 97);
        assert_eq!(djb2(b"a"), 5381 * 33 + 97);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn ids_fill_gaps_from_the_position() {
        assert_eq!(assign_ids(&[None, None, None]), vec![1, 2, 3]);
        // The counter advances from each id given: 2, then (explicit 1), then 4.
        assert_eq!(assign_ids(&[None, Some(1), None]), vec![2, 1, 4]);
        assert_eq!(assign_ids(&[Some(10), None, None]), vec![10, 2, 3]);
    }

    #[test]
    fn map_spreads_slots_by_weight_first_declared_first() {
        let s = |w| HaServer {
            id: 1,
            weight: w,
            usable: true,
            backup: false,
        };
        let m = ServerMap::build(&[s(2), s(4), s(2)]);
        // gcd 2: weights 1, 2, 1 → 4 slots; every score ties at slot 0, so the first declared.
        assert_eq!(m.slots, vec![0, 1, 1, 2]);
    }

    #[test]
    fn uri_part_stops_at_the_query_unless_whole() {
        assert_eq!(uri_part(b"/a/b?x=1", false, 0, 0), b"/a/b");
        assert_eq!(uri_part(b"/a/b?x=1", true, 0, 0), b"/a/b?x=1");
        assert_eq!(uri_part(b"/a/b/c", false, 0, 1), b"/a");
        assert_eq!(uri_part(b"/abcdef", false, 3, 0), b"/ab");
    }
}
