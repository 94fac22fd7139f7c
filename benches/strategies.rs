//! Time per pick of every strategy at n = 10, 100, 1,000 and 10,000 servers, of the seed's
//! variants, and of pingora's selection algorithms on the strategies both have, in one run.
//!
//! Run with `scripts/bench.sh` (which also times the seed's Python and writes BENCHMARKS.md), or
//! `cargo bench -p fulcrum-benches` for the raw criterion output.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fulcrum::engine::{
    Balancer, RingFlavor, StrategyConfig, StrategyKind, Variant, seeded, strategy::AnyStrategy,
};
use fulcrum_benches::{address, requests, servers};
use pingora_load_balancing::Backend;
use pingora_load_balancing::selection::{
    BackendIter, BackendSelection, Consistent, FNVHash, Random, RoundRobin,
};

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
const SEED_SIZES: [usize; 3] = [10, 100, 1_000];

fn balancer(config: StrategyConfig, n: usize) -> Balancer {
    Balancer::new(config, servers(n, |_| 1)).expect("benchmark pool builds")
}

/// Benchmark `b.pick` over the shared request mix.
fn bench_picks(c: &mut Criterion, group: &str, config: &StrategyConfig, sizes: &[usize]) {
    let reqs = requests();
    let mut g = c.benchmark_group(group);
    for &n in sizes {
        let mut b = balancer(config.clone(), n);
        let mut rng = seeded(1);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new(config.kind.name(), n), |bench| {
            bench.iter(|| {
                i = i.wrapping_add(1);
                black_box(b.pick(black_box(&reqs[i & 4095]), &mut rng, 0).ok())
            })
        });
    }
    g.finish();
}

fn corrected(c: &mut Criterion) {
    for kind in StrategyKind::ALL {
        bench_picks(c, "pick", &StrategyConfig::new(kind), &SIZES);
    }
    let mut nginx = StrategyConfig::new(StrategyKind::ConsistentHash);
    nginx.ring = RingFlavor::Nginx;
    bench_picks(c, "pick_nginx_ring", &nginx, &SIZES);
}

/// Power of d choices at n = 1,000, pick + start + finish, for the d of the lesson's curve and
/// for d = n (a scan).
fn d_choices(c: &mut Criterion) {
    let reqs = requests();
    let mut g = c.benchmark_group("pick_d_choices");
    let n = 1_000;
    for d in [1u32, 2, 3, 4, 8, 16, 1_000] {
        let config = StrategyConfig {
            d,
            ..StrategyConfig::new(StrategyKind::PowerOfDChoices)
        };
        let mut b = balancer(config, n);
        let mut rng = seeded(1);
        let mut i = 0u64;
        g.bench_function(BenchmarkId::new(format!("d={d}"), n), |bench| {
            bench.iter(|| {
                i += 1;
                if let Ok(s) = b.pick(&reqs[(i & 4095) as usize], &mut rng, i) {
                    b.request_started(s);
                    b.request_finished(s, 1.0, true, i);
                }
            })
        });
    }
    g.finish();
}

/// Multi-probe consistent hashing at n = 1,000 for the k of the paper's curve: a pick is k
/// probes, so its time grows with k, not with n.
fn multi_probe(c: &mut Criterion) {
    for k in [1u32, 5, 11, 21, 41] {
        let config = StrategyConfig {
            k,
            ..StrategyConfig::new(StrategyKind::MultiProbeHash)
        };
        bench_picks(c, &format!("pick_multi_probe/k={k}"), &config, &[1_000]);
    }
}

/// Load-aware strategies pay on every load change: time a pick with its start and finish.
fn pick_and_complete(c: &mut Criterion) {
    let reqs = requests();
    let mut g = c.benchmark_group("pick_start_finish");
    for kind in [
        StrategyKind::LeastConnections,
        StrategyKind::WeightedLeastConnections,
        StrategyKind::LeastResponseTime,
        StrategyKind::PowerOfTwoChoices,
        StrategyKind::PeakEwma,
        StrategyKind::BoundedLoadConsistentHash,
        StrategyKind::PowerOfDChoices,
        StrategyKind::JoinIdleQueue,
        StrategyKind::Prequal,
    ] {
        for n in SIZES {
            let mut b = balancer(StrategyConfig::new(kind), n);
            let mut rng = seeded(1);
            let mut i = 0u64;
            g.bench_function(BenchmarkId::new(kind.name(), n), |bench| {
                bench.iter(|| {
                    i += 1;
                    if let Ok(s) = b.pick(&reqs[(i & 4095) as usize], &mut rng, i) {
                        b.request_started(s);
                        b.request_finished(s, (i % 7) as f64, i % 13 != 0, i);
                    }
                })
            });
        }
    }
    g.finish();
}

fn seed_variants(c: &mut Criterion) {
    for kind in StrategyKind::ALL
        .into_iter()
        .filter(|k| k.has_seed_variant())
    {
        let mut config = StrategyConfig::new(kind);
        config.variant = Variant::Seed;
        bench_picks(c, "seed_pick", &config, &SEED_SIZES);
    }
}

fn backends(n: usize) -> BTreeSet<Backend> {
    (0..n)
        .map(|i| Backend::new(&format!("{}:80", address(i))).expect("valid address"))
        .collect()
}

/// One pingora selection algorithm against the Fulcrum strategy that does the same job.
fn pingora_pair<S>(
    c: &mut Criterion,
    label: &str,
    ours: StrategyConfig,
    key_of: fn(&fulcrum::engine::Request) -> &[u8],
) where
    S: BackendSelection + Send + Sync,
    S::Iter: BackendIter,
{
    let reqs = requests();
    let mut g = c.benchmark_group(format!("vs_pingora/{label}"));
    for n in SIZES {
        let mut b = balancer(ours.clone(), n);
        let mut rng = seeded(1);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("fulcrum", n), |bench| {
            bench.iter(|| {
                i = i.wrapping_add(1);
                black_box(b.pick(black_box(&reqs[i & 4095]), &mut rng, 0).ok())
            })
        });
        let selection = Arc::new(S::build(&backends(n)));
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("pingora", n), |bench| {
            bench.iter(|| {
                i = i.wrapping_add(1);
                let mut it = selection.iter(black_box(key_of(&reqs[i & 4095])));
                black_box(it.next().map(|b| b.weight))
            })
        });
    }
    g.finish();
}

fn path(r: &fulcrum::engine::Request) -> &[u8] {
    r.path.as_bytes()
}

fn versus_pingora(c: &mut Criterion) {
    pingora_pair::<RoundRobin>(
        c,
        "round_robin",
        StrategyConfig::new(StrategyKind::RoundRobin),
        path,
    );
    pingora_pair::<Random>(c, "random", StrategyConfig::new(StrategyKind::Random), path);
    pingora_pair::<FNVHash>(
        c,
        "url_hash",
        StrategyConfig::new(StrategyKind::UrlHash),
        path,
    );
    let mut nginx = StrategyConfig::new(StrategyKind::ConsistentHash);
    nginx.ring = RingFlavor::Nginx;
    pingora_pair::<Consistent>(c, "consistent_hash", nginx.clone(), path);

    // The ring lookup alone: Fulcrum's nginx-compatible ring against pingora-ketama's Continuum.
    let reqs = requests();
    let mut g = c.benchmark_group("ring_lookup");
    for n in SIZES {
        let b = balancer(nginx.clone(), n);
        let AnyStrategy::HashRing(ring) = b.strategy() else {
            panic!("consistent_hash builds a HashRing")
        };
        let ring = ring.clone();
        let buckets: Vec<_> = (0..n)
            .map(|i| {
                let addr = format!("{}:80", address(i)).parse().expect("valid address");
                pingora_ketama::Bucket::new(addr, 1)
            })
            .collect();
        let continuum = pingora_ketama::Continuum::new(&buckets);
        // Both rings must agree before their speed is worth comparing.
        for r in reqs.iter().take(512) {
            let ours = ring
                .owner_of_key(&r.path)
                .map(|s| b.pool().server(s).id.clone());
            let theirs = continuum.node(r.path.as_bytes()).map(|a| a.to_string());
            assert_eq!(
                ours, theirs,
                "nginx ring and pingora-ketama disagree on {}",
                r.path
            );
        }
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("fulcrum", n), |bench| {
            bench.iter(|| {
                i = i.wrapping_add(1);
                black_box(ring.owner_of_key(black_box(&reqs[i & 4095].path)))
            })
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("pingora_ketama", n), |bench| {
            bench.iter(|| {
                i = i.wrapping_add(1);
                black_box(continuum.node_idx(black_box(reqs[i & 4095].path.as_bytes())))
            })
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(900))
        .sample_size(20)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = corrected, pick_and_complete, d_choices, multi_probe, seed_variants, versus_pingora
}
criterion_main!(benches);
