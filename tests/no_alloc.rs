//! The plain pick path allocates nothing: after a warm-up, thousands of picks (with load changes
//! for the load-aware strategies) through every corrected strategy make no heap allocation.
//! A counting global allocator checks it. It counts only on the thread that asked: the test
//! harness's own thread allocates now and then while a test runs (4 stray allocations showed up
//! once in a few runs when every thread was counted).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use fulcrum::engine::{
    Balancer, Request, RingFlavor, Server, StrategyConfig, StrategyKind, seeded,
};

struct Counting;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    // A const initializer: reading it never allocates, even from inside the allocator.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn counting() -> bool {
    COUNTING.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if counting() {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn servers() -> Vec<Server> {
    (0..50)
        .map(|i| {
            let host = format!("10.0.1.{i}");
            Server::new(format!("{host}:80"), host, 80, 1 + (i % 4) as u32)
        })
        .collect()
}

#[test]
fn plain_picks_allocate_nothing() {
    let requests: Vec<Request> = (0..512u64)
        .map(|i| {
            Request::get(
                i,
                format!("/api/data/{i}"),
                format!("192.168.0.{}", i % 200),
            )
        })
        .collect();
    let mut configs: Vec<StrategyConfig> = StrategyKind::ALL
        .into_iter()
        .map(StrategyConfig::new)
        .collect();
    let mut nginx = StrategyConfig::new(StrategyKind::ConsistentHash);
    nginx.ring = RingFlavor::Nginx;
    configs.push(nginx);
    for config in configs {
        let label = format!("{} {:?}", config.kind, config.ring);
        let mut b = Balancer::new(config, servers()).unwrap();
        let mut rng = seeded(3);
        let mut in_flight = Vec::with_capacity(64);
        let mut run = |b: &mut Balancer, rounds: u64| {
            for i in 0..rounds {
                let s = b.pick(&requests[(i % 512) as usize], &mut rng, i).unwrap();
                b.request_started(s);
                in_flight.push(s);
                if in_flight.len() == 32 {
                    for s in in_flight.drain(..) {
                        b.request_finished(s, (i % 17) as f64 + 1.0, i % 11 != 0, i);
                    }
                }
            }
        };
        // Warm-up: the first picks may size reusable buffers (a key buffer, scratch space).
        run(&mut b, 2_000);
        ALLOCATIONS.store(0, Relaxed);
        COUNTING.with(|c| c.set(true));
        run(&mut b, 5_000);
        COUNTING.with(|c| c.set(false));
        let n = ALLOCATIONS.load(Relaxed);
        assert_eq!(n, 0, "{label}: {n} allocations in 5,000 picks");
    }
}
