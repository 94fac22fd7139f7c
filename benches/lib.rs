//! Shared set-up for Fulcrum's benchmarks: pools of n servers and request mixes that every
//! benchmark (ours and pingora's) uses, so the comparisons run on the same inputs.

use fulcrum::engine::{Request, Server};

/// `n` servers on distinct loopback-range addresses (`10.a.b.c:80`), ids `host:port`, weight
/// `weight(i)`.
pub fn servers(n: usize, weight: impl Fn(usize) -> u32) -> Vec<Server> {
    (0..n)
        .map(|i| {
            let host = address(i);
            Server::new(format!("{host}:80"), host, 80, weight(i))
        })
        .collect()
}

/// The address of server `i`.
pub fn address(i: usize) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff)
}

/// 4096 distinct requests (paths and client IPs), cycled through by every pick benchmark so a
/// hashing strategy cannot be measured on one cached key.
pub fn requests() -> Vec<Request> {
    (0..4096u64)
        .map(|i| {
            Request::get(
                i,
                format!("/api/data/{i}"),
                format!("192.168.{}.{}", i / 256, i % 256),
            )
        })
        .collect()
}
