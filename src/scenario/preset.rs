//! The named presets: scenarios that each show one idea at its best or its worst, the same data
//! for `fulcrum simulate --preset`, `fulcrum sweep` and the page's preset picker (whose words are
//! `share::i18n`'s rows, in English the summary and description here).

use super::{
    ArrivalSpec, ClientSpec, CostDistribution, CostSpec, FaultAction, FaultSpec, HealthSpec,
    MethodShare, Order, Overload, PathSpec, Process, Scenario, ServerSpec,
};
use crate::engine::model::Method;
use crate::engine::strategy::{StrategyConfig, StrategyKind};

/// A named scenario, possibly in several runs (the seed's demo: the strategies, then the
/// health-check run; flapping: without and with thresholds).
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// The name the CLI and links use (`seed-demo`).
    pub name: &'static str,
    /// What it shows, in a line.
    pub summary: &'static str,
    /// Its runs, in order; most presets have one.
    pub runs: Vec<Scenario>,
}

/// The preset names, in the order `fulcrum simulate --help` lists them.
pub const PRESETS: [&str; 14] = [
    "tutorial-demo",
    "slow-server",
    "server-crash",
    "crash-mid-request",
    "hot-key",
    "heterogeneous",
    "flapping",
    "scale-out",
    "herding",
    "heavy-tail",
    "fast-but-small",
    "idle-servers",
    "mixed-speeds",
    "key-spread",
];

fn strategies(kinds: &[StrategyKind]) -> Vec<StrategyConfig> {
    kinds.iter().map(|&k| StrategyConfig::new(k)).collect()
}

pub(super) fn servers(n: usize, f: impl Fn(usize, &mut ServerSpec)) -> Vec<ServerSpec> {
    (0..n)
        .map(|i| {
            let mut s = ServerSpec::default();
            f(i, &mut s);
            s
        })
        .collect()
}

pub(super) fn fault(at_ms: f64, server: &str, action: FaultAction) -> FaultSpec {
    FaultSpec {
        at_ms,
        server: server.into(),
        action,
        ..FaultSpec::default()
    }
}

/// Older names presets are still found by, so old links and scripts keep working:
/// (old name, name now).
pub const PRESET_ALIASES: [(&str, &str); 1] = [("seed-demo", "tutorial-demo")];

/// The preset's name as [`PRESETS`] lists it, for a name now or an older alias; `None` if there is
/// no such preset.
pub fn preset_name(name: &str) -> Option<&'static str> {
    PRESETS.iter().copied().find(|p| *p == name).or_else(|| {
        PRESET_ALIASES
            .iter()
            .find(|(old, _)| *old == name)
            .map(|(_, now)| *now)
    })
}

/// A preset by name (or an older alias, [`PRESET_ALIASES`]), or `None` (the message for that
/// lists [`PRESETS`]).
pub fn preset(name: &str) -> Option<Preset> {
    let name = preset_name(name)?;
    Some(match name {
        "tutorial-demo" => preset_tutorial_demo(),
        "slow-server" => preset_slow_server(),
        "server-crash" => preset_server_crash(),
        "crash-mid-request" => preset_crash_mid_request(),
        "hot-key" => preset_hot_key(),
        "heterogeneous" => preset_heterogeneous(),
        "flapping" => preset_flapping(),
        "scale-out" => preset_scale_out(),
        "herding" => preset_herding(),
        "heavy-tail" => preset_heavy_tail(),
        "fast-but-small" => preset_fast_but_small(),
        "idle-servers" => preset_idle_servers(),
        "mixed-speeds" => preset_mixed_speeds(),
        "key-spread" => preset_key_spread(),
        _ => return None,
    })
}

/// A scenario with the defaults, named and described.
fn base_scenario(name: &str, description: &str) -> Scenario {
    Scenario {
        name: name.into(),
        description: description.into(),
        ..Scenario::default()
    }
}

/// A preset of one run: `build` sets what differs from the defaults.
fn single(
    name: &'static str,
    summary: &'static str,
    description: &str,
    build: impl FnOnce(&mut Scenario),
) -> Preset {
    let mut s = base_scenario(name, description);
    build(&mut s);
    Preset {
        name,
        summary,
        runs: vec![s],
    }
}

/// The `tutorial-demo` preset (once `seed-demo`, still found by that name).
fn preset_tutorial_demo() -> Preset {
    use StrategyKind as K;
    // Part 1: the seed's demo loop. It only calls select_server (nothing is forwarded),
    // so requests are spaced far enough apart that each ends before the next: the
    // balancer sees no connections, as in the seed.
    let mut demo = base_scenario(
        "tutorial-demo",
        "the tutorial's demo: 20 requests GET /api/data/{i} from 192.168.1.{i % 10} over server1-4 (weights 1,2,1,3)",
    );
    demo.strategies = strategies(&[
        K::RoundRobin,
        K::WeightedRoundRobin,
        K::LeastConnections,
        K::Random,
        K::ConsistentHash,
    ]);
    demo.requests = 20;
    demo.arrivals = ArrivalSpec {
        process: Process::Fixed,
        rate_per_s: 10.0,
        bursts: Vec::new(),
    };
    demo.servers.iter_mut().for_each(|s| s.latency_ms = 10.0);
    demo.clients = ClientSpec {
        count: 10,
        ip_template: "192.168.1.{i}".into(),
        order: Order::Cycle,
    };
    demo.paths = PathSpec {
        count: 20,
        template: "/api/data/{i}".into(),
        order: Order::Cycle,
        zipf: 0.0,
    };
    demo.health.enabled = false;
    demo.report.first_requests = 20;
    // Part 2: the health-check demo: a round-robin proxy with the seed's checker
    // (every 30 s, timeout 5 s, no thresholds) forwards 5 requests.
    let mut health = demo.clone();
    health.name = "tutorial-demo/health-check".into();
    health.description =
        "the tutorial's health-check demo: a round-robin proxy forwards 5 requests GET /api/health/{i} from 192.168.1.1".into();
    health.strategies = strategies(&[K::RoundRobin]);
    health.requests = 5;
    health.clients = ClientSpec {
        count: 1,
        ip_template: "192.168.1.1".into(),
        order: Order::Cycle,
    };
    health.paths = PathSpec {
        count: 5,
        template: "/api/health/{i}".into(),
        order: Order::Cycle,
        zipf: 0.0,
    };
    health.health = HealthSpec {
        enabled: true,
        interval_ms: 30_000.0,
        timeout_ms: 5_000.0,
        rise: 1,
        fall: 1,
        jitter: 0.0,
    };
    health.report.first_requests = 5;
    Preset {
        name: "tutorial-demo",
        summary: "the tutorial's own demo: 20 requests over its four servers (the playground sends them again, in the same order, for as long as it plays), then its health-check run; the tutorial ran it under five strategies, here it plays the one chosen (Compare runs the others beside it)",
        runs: vec![demo, health],
    }
}

/// The `slow-server` preset.
fn preset_slow_server() -> Preset {
    use StrategyKind as K;
    single(
        "slow-server",
        "server3 turns 10x slower at 5 s; who keeps sending it traffic?",
        "server3 turns 10x slower at 5 s: latency-aware strategies move traffic off it",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::LeastResponseTime,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 20_000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.3;
                s.capacity = 40;
            });
            s.arrivals.rate_per_s = 1000.0;
            s.health.interval_ms = 2000.0;
            s.health.timeout_ms = 1000.0;
            s.faults = vec![fault(5000.0, "server3", FaultAction::Slow)];
        },
    )
}

/// The `server-crash` preset.
fn preset_server_crash() -> Preset {
    use StrategyKind as K;
    single(
        "server-crash",
        "server2 crashes at 10 s; health checks every 2 s notice at 14 s, after 3 failures in a row, and its share falls to 0",
        "server2 crashes at 10 s; health checks (every 2 s, fall 3) take it out at 14 s, retries hide the gap",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::ConsistentHash,
                K::PowerOfTwoChoices,
            ]);
            s.requests = 20_000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.2;
            });
            s.arrivals.rate_per_s = 500.0;
            s.health.interval_ms = 2000.0;
            s.health.timeout_ms = 1000.0;
            s.proxy.retries = 1;
            s.faults = vec![fault(10_000.0, "server2", FaultAction::Crash)];
        },
    )
}

/// The `crash-mid-request` preset.
fn preset_crash_mid_request() -> Preset {
    use StrategyKind as K;
    single(
        "crash-mid-request",
        "a server dies with requests in flight; retries save the idempotent ones",
        "server1 dies halfway through a request at 5 s with long requests in flight: idempotent ones are retried elsewhere, POSTs fail",
        |s| {
            s.strategies = strategies(&[K::RoundRobin, K::LeastConnections, K::PowerOfTwoChoices]);
            s.requests = 4000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 500.0;
                s.jitter = 0.3;
            });
            s.arrivals.rate_per_s = 200.0;
            s.methods = vec![
                MethodShare {
                    method: Method::Get,
                    share: 0.8,
                },
                MethodShare {
                    method: Method::Post,
                    share: 0.2,
                },
            ];
            s.proxy.retries = 2;
            s.health.interval_ms = 1000.0;
            s.health.timeout_ms = 500.0;
            s.faults = vec![fault(5000.0, "server1", FaultAction::CrashAfterAccept)];
        },
    )
}

/// The `hot-key` preset.
fn preset_hot_key() -> Preset {
    use StrategyKind as K;
    single(
        "hot-key",
        "hot paths: hashing buys cache hits and a hot spot",
        "Zipf-popular paths (s = 1.1) and a 100-path cache per server: hashing on the path wins cache hits and puts the hot path on one server",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::Random,
                K::UrlHash,
                K::ConsistentHash,
                K::Maglev,
                K::BoundedLoadConsistentHash,
            ]);
            s.requests = 20_000;
            s.servers = servers(5, |_, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.2;
                s.cache_size = 100;
                s.cache_hit_factor = 0.1;
            });
            s.arrivals.rate_per_s = 2000.0;
            s.paths.zipf = 1.1;
            s.paths.count = 1000;
        },
    )
}

/// The `heterogeneous` preset.
fn preset_heterogeneous() -> Preset {
    use StrategyKind as K;
    single(
        "heterogeneous",
        "servers of capacity 40, 20 and 10, weighted 4, 2, 1: a strategy that ignores weights overloads the small one (Compare shows which)",
        "three servers of capacity 40, 20 and 10 with matching weights 4, 2, 1: ignoring weights overloads the small one",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::WeightedRoundRobin,
                K::LeastConnections,
                K::WeightedLeastConnections,
                K::WeightedRandom,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 20_000;
            s.servers = [(4u32, 40u32), (2, 20), (1, 10)]
                .iter()
                .enumerate()
                .map(|(i, &(w, c))| ServerSpec {
                    id: ["big", "medium", "small"][i].into(),
                    port: 8001 + i as u16,
                    weight: w,
                    capacity: c,
                    latency_ms: 20.0,
                    jitter: 0.3,
                    ..ServerSpec::default()
                })
                .collect();
            s.arrivals.rate_per_s = 2500.0;
        },
    )
}

/// The `flapping` preset.
fn preset_flapping() -> Preset {
    let mut seed_like = base_scenario(
        "flapping/rise=fall=1",
        "server2 is down 1.5 s, up 1.5 s, over and over; probes every second with the tutorial's rise = fall = 1 flip the pool each time",
    );
    seed_like.requests = 15_000;
    seed_like.servers = servers(4, |_, s| s.latency_ms = 20.0);
    seed_like.arrivals.rate_per_s = 500.0;
    seed_like.proxy.retries = 1;
    seed_like.health = HealthSpec {
        enabled: true,
        interval_ms: 1000.0,
        timeout_ms: 500.0,
        rise: 1,
        fall: 1,
        jitter: 0.0,
    };
    seed_like.faults = vec![FaultSpec {
        down_ms: 1500.0,
        up_ms: 1500.0,
        ..fault(2000.0, "server2", FaultAction::Flapping)
    }];
    let mut damped = seed_like.clone();
    damped.name = "flapping/rise=2,fall=3".into();
    damped.description =
        "the same flapping server with HAProxy's rise 2 / fall 3: the pool holds still".into();
    damped.health.rise = 2;
    damped.health.fall = 3;
    Preset {
        name: "flapping",
        summary: "a flapping server with and without rise/fall thresholds",
        runs: vec![seed_like, damped],
    }
}

/// The `scale-out` preset.
fn preset_scale_out() -> Preset {
    use StrategyKind as K;
    single(
        "scale-out",
        "servers join a busy pool",
        "three busy servers; server4 and server5 join at 10 s with a 5 s slow start",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::LeastConnections,
                K::ConsistentHash,
                K::Maglev,
                K::PowerOfTwoChoices,
            ]);
            s.requests = 30_000;
            s.servers = servers(5, |i, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.3;
                s.capacity = 20;
                s.weight = 4;
                if i >= 3 {
                    s.join_at_ms = Some(10_000.0);
                    s.slow_start_ms = 5000.0;
                }
            });
            s.arrivals.rate_per_s = 1500.0;
        },
    )
}

/// The `heavy-tail` preset: request costs that vary, where counting requests is not enough.
fn preset_heavy_tail() -> Preset {
    use StrategyKind as K;
    single(
        "heavy-tail",
        "a few huge requests: who queues behind them?",
        "Pareto request costs (spread 1) at 80% of capacity, 4 servers of 4 workers and a queue of 16: round robin and random queue behind huge requests and drop some; least connections and two choices drop none, with a lower p99; peak EWMA drops most",
        |s| {
            s.strategies = strategies(&[
                K::RoundRobin,
                K::Random,
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 40_000;
            s.servers = servers(4, |_, s| {
                s.latency_ms = 10.0;
                s.capacity = 4;
                s.queue_limit = Some(16);
            });
            s.cost = CostSpec {
                distribution: CostDistribution::Pareto,
                spread: 1.0,
            };
            // 4 servers × 4 workers ÷ 10 ms = 1,600 requests a second; 80 % of it.
            s.arrivals.rate_per_s = 1280.0;
            s.health.enabled = false;
            s.report.sample_interval_ms = 250.0;
        },
    )
}

/// The `fast-but-small` preset: servers of different power, one fast but with few workers.
fn preset_fast_but_small() -> Preset {
    use StrategyKind as K;
    single(
        "fast-but-small",
        "a fast server with few workers: who overloads it?",
        "server1 is 4x faster but has 2 workers and a queue of 4, server2-4 have 8 workers and a queue of 16: least response time and peak EWMA chase server1 and drop about a tenth of the requests, least connections and two choices a few in a hundred, round robin almost none",
        |s| {
            s.strategies = strategies(&[
                K::LeastResponseTime,
                K::RoundRobin,
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::PeakEwma,
            ]);
            s.requests = 30_000;
            s.servers = servers(4, |i, s| {
                s.latency_ms = 20.0;
                s.jitter = 0.3;
                if i == 0 {
                    s.speed = 4.0;
                    s.capacity = 2;
                    s.queue_limit = Some(4);
                } else {
                    s.capacity = 8;
                    s.queue_limit = Some(16);
                }
            });
            s.cost = CostSpec {
                distribution: CostDistribution::Lognormal,
                spread: 0.5,
            };
            s.arrivals.rate_per_s = 1100.0;
            s.health.enabled = false;
            s.report.sample_interval_ms = 250.0;
        },
    )
}

/// The `herding` preset.
fn preset_herding() -> Preset {
    use StrategyKind as K;
    single(
        "herding",
        "many balancers, one stale picture of load: who herds?",
        "10 balancers over 10 servers (16 requests at once each, then a queue) share load reports every 250 ms: between reports least connections sends everyone to the same least-loaded servers, which queue, and its p99 is more than twice power of two choices'; round robin, blind to load, herds least of all",
        |s| {
            s.strategies = strategies(&[
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::RoundRobin,
                K::Random,
            ]);
            s.balancers = 10;
            s.shared_load_ms = Some(250.0);
            s.requests = 30_000;
            // 2,000 requests a second of 50 ms keep 10 per server in service on average; a
            // capacity of 16 leaves room for chance but not for a herd, so herding costs latency.
            s.servers = servers(10, |_, s| {
                s.latency_ms = 50.0;
                s.jitter = 0.5;
                s.capacity = 16;
            });
            s.arrivals.rate_per_s = 2000.0;
            s.clients.count = 1000;
            s.report.sample_interval_ms = 100.0;
        },
    )
}

/// The `idle-servers` preset: Join-Idle-Queue among many balancers whose picture of load is stale.
fn preset_idle_servers() -> Preset {
    use StrategyKind as K;
    single(
        "idle-servers",
        "servers that say when they are idle, many balancers: who waits least?",
        "8 balancers over 10 servers that serve one request at a time (then queue), log-normal costs at 70% of capacity, load reports shared every 250 ms: least connections herds between reports and has the highest p99; Join-Idle-Queue sends each request to a server that said it is idle, reads no load, and has the lowest p50 and p99; two choices comes close, random's and round robin's p99 is over 1.5 times it; near capacity (850 requests a second) idle servers grow rare and two choices overtakes it",
        |s| {
            s.strategies = strategies(&[
                K::JoinIdleQueue,
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::Random,
                K::RoundRobin,
            ]);
            s.balancers = 8;
            s.shared_load_ms = Some(250.0);
            s.requests = 30_000;
            // 10 servers, one request at a time, 10 ms each (costs of mean 1): 1,000 requests a
            // second; 70 % of it.
            s.servers = servers(10, |_, s| {
                s.latency_ms = 10.0;
                s.jitter = 0.5;
                s.capacity = 1;
                s.overload = Overload::Queue;
            });
            s.cost = CostSpec {
                distribution: CostDistribution::Lognormal,
                spread: 1.0,
            };
            s.arrivals.rate_per_s = 700.0;
            s.clients.count = 1000;
            s.health.enabled = false;
        },
    )
}

/// The `mixed-speeds` preset: Prequal among servers of different speeds and a heavy tail.
fn preset_mixed_speeds() -> Preset {
    use StrategyKind as K;
    single(
        "mixed-speeds",
        "servers of three speeds and a heavy tail: who asks the servers?",
        "six servers at 2x, 1x and 0.5x speed (4 workers and a queue of 16 each), Pareto costs (spread 1) at 57% of capacity, 8 balancers that each see only their own requests: Prequal probes the servers for their requests in flight and latency and has the lowest p99; peak EWMA's is about 1.5 times it, least connections' and two choices' about twice; round robin gives the slow servers a full share and drops 8 requests in a hundred. Prequal's worst case is fast-but-small: the fast server with a short queue always looks cold, and Prequal drops a quarter of the requests there",
        |s| {
            s.strategies = strategies(&[
                K::Prequal,
                K::PeakEwma,
                K::LeastConnections,
                K::PowerOfTwoChoices,
                K::RoundRobin,
            ]);
            s.balancers = 8;
            s.requests = 40_000;
            // 4 workers ÷ 10 ms × (2 + 2 + 1 + 1 + ½ + ½) = 2,800 requests a second; 57 % of it.
            s.servers = [2.0, 2.0, 1.0, 1.0, 0.5, 0.5]
                .iter()
                .enumerate()
                .map(|(i, &speed)| ServerSpec {
                    id: format!("server{}", i + 1),
                    latency_ms: 10.0,
                    capacity: 4,
                    queue_limit: Some(16),
                    speed,
                    ..ServerSpec::default()
                })
                .collect();
            s.cost = CostSpec {
                distribution: CostDistribution::Pareto,
                spread: 1.0,
            };
            s.arrivals.rate_per_s = 1600.0;
            s.clients.count = 1000;
            s.health.enabled = false;
        },
    )
}

/// The `key-spread` preset: how evenly each hash shares equally popular keys out.
fn preset_key_spread() -> Preset {
    use StrategyKind as K;
    single(
        "key-spread",
        "equally popular keys: how evenly does each hash share them out?",
        "10 servers, 10,000 equally popular paths: multi-probe hashing (one point per server, 21 probes a key) shares them out almost as evenly as the ring's 160 points per server (the largest share about 11.5% against 11%; 10% is even); with 1 probe it is a ring of one point per server, and one server takes over a quarter while another gets 2%; rendezvous and Maglev stay within a point of 10%",
        |s| {
            s.strategies = strategies(&[
                K::MultiProbeHash,
                K::MultiProbeHash,
                K::ConsistentHash,
                K::RendezvousHash,
                K::Maglev,
            ]);
            s.strategies[1].k = 1;
            s.requests = 50_000;
            s.servers = servers(10, |_, s| s.latency_ms = 10.0);
            s.arrivals.rate_per_s = 1000.0;
            s.paths.count = 10_000;
            s.paths.zipf = 0.0;
            s.health.enabled = false;
        },
    )
}
