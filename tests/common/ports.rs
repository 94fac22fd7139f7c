//! Loopback ports for the real proxies the fidelity tests start.
//!
//! A port from `bind(0)` comes from the kernel's ephemeral range, the range every outgoing
//! connection also takes its local port from. Between the test's check and the proxy's own bind,
//! a client connection of a test running alongside could take that port, and the proxy then exits
//! with "Address already in use" (it happened in CI to HAProxy). So the ports come from below the
//! ephemeral range, from one counter the tests of a process share, skipping any port that
//! something holds now.

use std::net::{Ipv4Addr, TcpListener};
use std::sync::atomic::{AtomicU32, Ordering};

/// The lowest port handed out: above the well-known and most registered services' ports.
const LOWEST: u32 = 10_000;

/// The first port of the kernel's ephemeral range (Linux's default when it cannot be read).
fn ephemeral_start() -> u32 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(32_768)
}

/// How far past `LOWEST` the next port is; 0 until the first call places it.
static NEXT: AtomicU32 = AtomicU32::new(0);

/// `n` distinct loopback ports free right now, for a proxy to bind, none of them handed out before
/// in this process.
pub fn proxy_ports(n: usize) -> Vec<u16> {
    // Should the ephemeral range start low, fall back on a span that may overlap it.
    let span = ephemeral_start().saturating_sub(LOWEST).max(2_000);
    // Start where this process's id says, so two test runs side by side rarely meet.
    let _ = NEXT.compare_exchange(
        0,
        1 + std::process::id().wrapping_mul(7_919) % span,
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    let mut ports = Vec::with_capacity(n);
    for _ in 0..span {
        if ports.len() == n {
            break;
        }
        let port = (LOWEST + NEXT.fetch_add(1, Ordering::Relaxed) % span) as u16;
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            ports.push(port);
        }
    }
    assert_eq!(
        ports.len(),
        n,
        "fewer than {n} free loopback ports from {LOWEST}"
    );
    ports
}
