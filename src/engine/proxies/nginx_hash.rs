//! nginx's `hash KEY;` without `consistent` (`src/http/modules/ngx_http_upstream_hash_module.c`,
//! `ngx_http_upstream_get_hash_peer`): a modulo over the weights, compatible with
//! Cache::Memcached. Try t (from 0) computes `crc32([t as decimal, when t > 0] KEY)`, keeps bits
//! 16..30 (`(crc >> 16) & 0x7fff`) and adds them to a running sum; the server is the one whose run
//! of weight, in configuration order, holds `sum mod W` (W the total weight of every non-backup
//! server, down ones included). A down server is skipped by hashing again; after 20 tries, or
//! with a single server or an empty key, nginx falls back to its smooth weighted round robin.
//!
//! Any change of the server list or its weights changes W, and so most keys' owners; a server
//! going down moves only its own keys (they rehash).

use crate::engine::hashing::crc32;

/// nginx gives up rehashing after this many tries.
pub const TRIES: u32 = 20;

/// One try of the lookup, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Try {
    /// The 15 bits this try added.
    pub bits: u32,
    /// The running sum.
    pub sum: u64,
    /// `sum mod W`.
    pub point: u64,
    /// The server whose weight run holds the point.
    pub server: usize,
}

/// The tries nginx makes for `key` over servers `(weight, down)`, in order; the last one's server
/// is the pick unless it is down (then the round-robin fallback picks). Empty when nginx goes
/// straight to round robin (one server, empty key, or no weight).
pub fn tries(key: &[u8], servers: &[(u32, bool)]) -> Vec<Try> {
    let total: u64 = servers.iter().map(|s| u64::from(s.0)).sum();
    let mut out = Vec::new();
    if servers.len() < 2 || key.is_empty() || total == 0 {
        return out;
    }
    let mut sum = 0u64;
    let mut buf = Vec::with_capacity(key.len() + 4);
    for rehash in 0..=TRIES {
        buf.clear();
        if rehash > 0 {
            buf.extend_from_slice(rehash.to_string().as_bytes());
        }
        buf.extend_from_slice(key);
        let bits = (crc32(&buf) >> 16) & 0x7fff;
        sum += u64::from(bits);
        let point = sum % total;
        let mut w = point;
        let mut server = 0;
        while w >= u64::from(servers[server].0) {
            w -= u64::from(servers[server].0);
            server += 1;
        }
        out.push(Try {
            bits,
            sum,
            point,
            server,
        });
        if !servers[server].1 {
            break;
        }
    }
    out
}

/// The server nginx hashes `key` to, or `None` when it falls back to round robin.
pub fn pick(key: &[u8], servers: &[(u32, bool)]) -> Option<usize> {
    tries(key, servers)
        .last()
        .map(|t| t.server)
        .filter(|&s| !servers[s].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_down_server_sends_its_keys_to_a_rehash_only() {
        let up = [(1, false), (2, false), (1, false)];
        let down = [(1, false), (2, true), (1, false)];
        for i in 0..500 {
            let key = format!("/k/{i}");
            let a = pick(key.as_bytes(), &up).unwrap();
            let b = pick(key.as_bytes(), &down);
            if a != 1 {
                assert_eq!(b, Some(a), "{key}");
            } else {
                assert_ne!(b, Some(1), "{key}");
            }
        }
    }

    #[test]
    fn first_try_is_the_memcached_hash() {
        let key = b"/index.html";
        let t = &tries(key, &[(1, false), (1, false), (1, false)])[0];
        assert_eq!(t.bits, (crc32(key) >> 16) & 0x7fff);
        assert_eq!(t.server as u64, t.bits as u64 % 3);
    }
}
