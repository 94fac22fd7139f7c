//! A quick, criterion-free check of simulator speed and memory, run by hand:
//! `cargo run --release --example sim_speed -- [REQUESTS] [STRATEGY]...`
//! (default 10,000,000 requests of round_robin over 10 servers).
//!
//! Speed: requests per second of wall time for a whole run (set-up included), no event sink.
//! Memory: a counting global allocator records the peak of live heap bytes; the run is repeated
//! with 100,000 requests to show that the peak does not grow with run length.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use fulcrum::engine::{StrategyConfig, StrategyKind};
use fulcrum::scenario::{Scenario, ServerSpec};
use fulcrum::sim::Simulation;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Ten equal servers, 1 ms each, Poisson arrivals at 100,000/s (about 100 requests in flight).
fn bench_scenario(requests: u64) -> Scenario {
    Scenario {
        name: "speed".into(),
        requests,
        servers: (0..10)
            .map(|_| ServerSpec {
                latency_ms: 1.0,
                ..ServerSpec::default()
            })
            .collect(),
        arrivals: fulcrum::scenario::ArrivalSpec {
            rate_per_s: 100_000.0,
            ..Default::default()
        },
        ..Scenario::default()
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux), so a busy shared machine does not count
/// the time we waited for a core.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// (requests per wall second, per CPU second, peak heap bytes above what was live before).
fn run(requests: u64, kind: StrategyKind) -> (f64, Option<f64>, usize) {
    let scenario = bench_scenario(requests);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let cpu_start = cpu_ns();
    let start = Instant::now();
    let mut sim = Simulation::with_strategy(&scenario, &StrategyConfig::new(kind), 1).unwrap();
    let report = sim.run();
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_start
        .zip(cpu_ns())
        .map(|(a, b)| requests as f64 / ((b - a) as f64 / 1e9));
    assert_eq!(report.stats.total_requests, requests);
    (requests as f64 / secs, cpu, PEAK.load(Relaxed) - base)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let requests: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let kinds: Vec<StrategyKind> = args.filter_map(|a| a.parse().ok()).collect();
    let kinds = if kinds.is_empty() {
        vec![StrategyKind::RoundRobin]
    } else {
        kinds
    };
    for kind in kinds {
        let (_, _, small_peak) = run(100_000, kind);
        let (rate, cpu_rate, peak) = run(requests, kind);
        println!(
            "{kind:<30} {:>5.2} M requests/s wall, {:>5.2} M/s of CPU time, over {requests} requests; peak heap {peak} B ({:+} B against a 100k-request run)",
            rate / 1e6,
            cpu_rate.unwrap_or(f64::NAN) / 1e6,
            peak as i64 - small_peak as i64
        );
    }
}
