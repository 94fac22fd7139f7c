//! Every preset runs and shows its point, with the real strategies compared on the same stream.

use fulcrum::engine::{StrategyConfig, StrategyKind};
use fulcrum::scenario::{PRESETS, Scenario, preset};
use fulcrum::sim::stats::RunReport;
use fulcrum::sim::{OutputFormat, SimSource, Simulation, simulate_command};

fn run(scenario: &Scenario, kind: StrategyKind) -> RunReport {
    Simulation::with_strategy(scenario, &StrategyConfig::new(kind), scenario.seed)
        .unwrap()
        .run()
}

fn only(name: &str) -> Scenario {
    let mut runs = preset(name).unwrap().runs;
    assert_eq!(runs.len(), 1, "{name}");
    runs.remove(0)
}

fn share(r: &RunReport, id: &str) -> f64 {
    r.servers.iter().find(|s| s.id == id).unwrap().share
}

#[test]
fn every_preset_runs_every_strategy_with_consistent_accounting() {
    for name in PRESETS {
        let out = simulate_command(
            &SimSource::Preset(name.into()),
            &[],
            None,
            Some(2000),
            OutputFormat::Json,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for run in v["runs"].as_array().unwrap() {
            for r in run["results"].as_array().unwrap() {
                let total = r["stats"]["total_requests"].as_u64().unwrap();
                let ok = r["stats"]["successful_requests"].as_u64().unwrap();
                let failed = r["stats"]["failed_requests"].as_u64().unwrap();
                assert_eq!(ok + failed, total, "{name}");
                let a = r["availability"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&a), "{name}");
            }
        }
        let table = simulate_command(
            &SimSource::Preset(name.into()),
            &[],
            None,
            Some(500),
            OutputFormat::Table,
        )
        .unwrap();
        assert!(table.contains("availability"), "{name}");
    }
}

#[test]
fn whole_presets_are_deterministic_and_seeds_matter() {
    let json = |seed| {
        simulate_command(
            &SimSource::Preset("server-crash".into()),
            &["round_robin".into(), "random".into()],
            Some(seed),
            Some(8000),
            OutputFormat::Json,
        )
        .unwrap()
    };
    assert_eq!(json(5), json(5));
    assert_ne!(json(5), json(6));
}

#[test]
fn server_crash_the_crashed_servers_share_falls_to_zero_once_checks_notice() {
    let s = only("server-crash");
    let r = run(&s, StrategyKind::RoundRobin);
    // Crash at 10 s; probes every 2 s fail at 10, 12 and 14 s (fall = 3).
    let before: u64 = r
        .series
        .iter()
        .filter(|x| x.t_ms <= 10_000.0)
        .map(|x| x.requests[1])
        .sum();
    assert!(before > 1000, "{before}");
    for sample in r.series.iter().filter(|x| x.t_ms > 15_000.0) {
        assert_eq!(sample.requests[1], 0, "at {} ms", sample.t_ms);
        assert!(!sample.healthy[1]);
    }
    assert!(r.series.iter().filter(|x| x.t_ms > 15_000.0).count() > 20);
    assert!(r.outcomes.refused + r.retries > 0);
    assert!(r.retries > 0, "retries hide the refusals");
    assert!(share(&r, "server2") < 0.25);
    assert_eq!(r.stats.healthy_servers, 3);
}

#[test]
fn crash_mid_request_resets_what_was_in_flight_and_retries_the_idempotent() {
    let s = only("crash-mid-request");
    let r = run(&s, StrategyKind::RoundRobin);
    assert!(r.retries > 0);
    assert!(
        r.outcomes.reset > 0,
        "POSTs in flight are lost: {:?}",
        r.outcomes
    );
    assert!(
        r.availability < 1.0 && r.availability > 0.95,
        "{}",
        r.availability
    );
}

#[test]
fn flapping_flaps_with_the_seeds_thresholds_and_holds_still_with_rise_and_fall() {
    let runs = preset("flapping").unwrap().runs;
    let seed_like = run(&runs[0], StrategyKind::RoundRobin);
    let damped = run(&runs[1], StrategyKind::RoundRobin);
    assert!(
        seed_like.servers[1].status_changes >= 10,
        "{}",
        seed_like.servers[1].status_changes
    );
    assert_eq!(damped.servers[1].status_changes, 0);
    assert!(damped.servers.iter().all(|s| s.status_changes == 0));
}

#[test]
fn heterogeneous_weights_keep_the_small_server_out_of_its_queue() {
    let s = only("heterogeneous");
    let rr = run(&s, StrategyKind::RoundRobin);
    let wrr = run(&s, StrategyKind::WeightedRoundRobin);
    assert!(
        rr.latency_ms.p99 > 10.0 * wrr.latency_ms.p99,
        "{} vs {}",
        rr.latency_ms.p99,
        wrr.latency_ms.p99
    );
    assert!((share(&wrr, "big") - 4.0 / 7.0).abs() < 0.01);
    // Round robin fills the small server's queue up to max_connections (1000), where the
    // balancer marks it overloaded and skips it: a third of the traffic is more than it can take.
    assert_eq!(rr.balance.peak_connections, 1000);
    assert!(share(&rr, "small") > 0.2 && share(&rr, "small") < 1.0 / 3.0);
    // Jain's index against what each promises: weighted round robin keeps its weights' shares;
    // round robin promises each a third and breaks it when it skips the overloaded small server.
    assert!(
        wrr.balance.jain_fairness > 0.99 && rr.balance.jain_fairness < 0.97,
        "{} vs {}",
        wrr.balance.jain_fairness,
        rr.balance.jain_fairness
    );
    // Every strategy that weighs servers keeps the small one out of its queue; least
    // connections, which ignores weights, does worse than its weighted namesake.
    for kind in [
        StrategyKind::WeightedLeastConnections,
        StrategyKind::WeightedRandom,
        StrategyKind::PowerOfTwoChoices,
        StrategyKind::PeakEwma,
    ] {
        let r = run(&s, kind);
        assert!(
            r.latency_ms.p99 < 1.1 * wrr.latency_ms.p99,
            "{kind}: {}",
            r.latency_ms.p99
        );
        assert!((share(&r, "small") - 1.0 / 7.0).abs() < 0.01, "{kind}");
    }
    let lc = run(&s, StrategyKind::LeastConnections);
    let wlc = run(&s, StrategyKind::WeightedLeastConnections);
    assert!(
        lc.latency_ms.p99 > wlc.latency_ms.p99,
        "{} vs {}",
        lc.latency_ms.p99,
        wlc.latency_ms.p99
    );
}

#[test]
fn scale_out_new_servers_take_traffic_after_joining() {
    let s = only("scale-out");
    let r = run(&s, StrategyKind::RoundRobin);
    for sample in &r.series {
        if sample.t_ms <= 10_000.0 {
            assert_eq!(sample.requests[3] + sample.requests[4], 0);
        }
    }
    let late = r.series.last().unwrap();
    assert!(late.requests[3] > 0 && late.requests[4] > 0);
    assert_eq!(r.stats.total_servers, 5);
}

#[test]
fn hot_key_round_robin_spreads_the_hot_path() {
    let s = only("hot-key");
    let rr = run(&s, StrategyKind::RoundRobin);
    let hot = rr.hot_path.unwrap();
    assert_eq!(hot.path, "/item/0");
    assert!(hot.top_share < 0.3, "{}", hot.top_share);
    assert!(rr.cache_hit_rate.unwrap() > 0.0);
}

#[test]
fn slow_server_round_robin_keeps_feeding_the_slow_one() {
    let s = only("slow-server");
    let r = run(&s, StrategyKind::RoundRobin);
    assert!((share(&r, "server3") - 0.25).abs() < 0.01);
    assert!(r.latency_ms.p99 > 150.0, "{}", r.latency_ms.p99);
}

#[test]
fn hot_key_hashing_puts_the_hot_path_on_one_server_and_wins_cache_hits() {
    let s = only("hot-key");
    let rr = run(&s, StrategyKind::RoundRobin);
    for kind in [
        StrategyKind::UrlHash,
        StrategyKind::ConsistentHash,
        StrategyKind::Maglev,
    ] {
        let r = run(&s, kind);
        assert_eq!(r.hot_path.as_ref().unwrap().top_share, 1.0, "{kind}");
        assert!(
            r.cache_hit_rate.unwrap() > rr.cache_hit_rate.unwrap() + 0.1,
            "{kind}"
        );
    }
    let bounded = run(&s, StrategyKind::BoundedLoadConsistentHash);
    assert!(bounded.hot_path.unwrap().top_share < 1.0);
}

#[test]
fn herding_least_connections_herds_and_two_choices_does_not() {
    let s = only("herding");
    let lc = run(&s, StrategyKind::LeastConnections);
    let p2c = run(&s, StrategyKind::PowerOfTwoChoices);
    let rr = run(&s, StrategyKind::RoundRobin);
    assert!(
        lc.balance.peak_connections > p2c.balance.peak_connections,
        "{} vs {}",
        lc.balance.peak_connections,
        p2c.balance.peak_connections
    );
    assert!(lc.balance.connection_spread_mean > p2c.balance.connection_spread_mean);
    // The claim the description makes, in the figures it names: herding costs latency.
    assert!(
        lc.latency_ms.p99 > 2.0 * p2c.latency_ms.p99,
        "p99 {} vs {}",
        lc.latency_ms.p99,
        p2c.latency_ms.p99
    );
    assert!(lc.latency_ms.p50 > p2c.latency_ms.p50);
    assert!(rr.balance.peak_connections < p2c.balance.peak_connections);
    assert!(rr.latency_ms.p99 <= p2c.latency_ms.p99);
}

#[test]
fn slow_server_latency_aware_strategies_move_off_it() {
    let s = only("slow-server");
    let rr = run(&s, StrategyKind::RoundRobin);
    for kind in [
        StrategyKind::LeastConnections,
        StrategyKind::LeastResponseTime,
        StrategyKind::PowerOfTwoChoices,
        StrategyKind::PeakEwma,
    ] {
        let r = run(&s, kind);
        assert!(
            share(&r, "server3") < share(&rr, "server3") - 0.05,
            "{kind}"
        );
        assert!(r.latency_ms.p99 < rr.latency_ms.p99, "{kind}");
    }
}

#[test]
fn the_example_scenario_files_load_and_run() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let out = simulate_command(
            &SimSource::File(file.clone()),
            &[],
            None,
            Some(3000),
            OutputFormat::Table,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(out.contains("availability"));
    }
}

#[test]
fn heavy_tail_counting_requests_queues_behind_the_huge_ones() {
    let s = only("heavy-tail");
    let rr = run(&s, StrategyKind::RoundRobin);
    let random = run(&s, StrategyKind::Random);
    let lc = run(&s, StrategyKind::LeastConnections);
    let p2c = run(&s, StrategyKind::PowerOfTwoChoices);
    let ewma = run(&s, StrategyKind::PeakEwma);
    // The claims of the description, in its words.
    assert!(rr.outcomes.dropped > 0 && random.outcomes.dropped > 0);
    assert_eq!((lc.outcomes.dropped, p2c.outcomes.dropped), (0, 0));
    for r in [&lc, &p2c] {
        assert!(
            r.latency_ms.p99 < 0.9 * rr.latency_ms.p99,
            "{}: {} vs {}",
            r.strategy,
            r.latency_ms.p99,
            rr.latency_ms.p99
        );
    }
    assert!(ewma.outcomes.dropped > random.outcomes.dropped);
    // Every strategy saw the same costs: the largest request took the same time everywhere.
    assert_eq!(rr.latency_ms.max, lc.latency_ms.max);
}

#[test]
fn fast_but_small_chasing_speed_fills_the_small_fast_queue() {
    let s = only("fast-but-small");
    let lrt = run(&s, StrategyKind::LeastResponseTime);
    let ewma = run(&s, StrategyKind::PeakEwma);
    let rr = run(&s, StrategyKind::RoundRobin);
    let lc = run(&s, StrategyKind::LeastConnections);
    let p2c = run(&s, StrategyKind::PowerOfTwoChoices);
    let rate = |r: &RunReport| r.outcomes.drop_rate();
    for r in [&lrt, &ewma] {
        assert!(rate(r) > 0.07, "{}: {}", r.strategy, rate(r));
        assert!(share(r, "server1") > 0.4, "{}", r.strategy);
        // Only server1 drops.
        assert!(
            r.servers[1..].iter().all(|x| x.dropped == 0),
            "{}",
            r.strategy
        );
    }
    for r in [&lc, &p2c] {
        assert!(
            (0.01..0.05).contains(&rate(r)),
            "{}: {}",
            r.strategy,
            rate(r)
        );
    }
    assert!(rate(&rr) < 0.005, "{}", rate(&rr));
}

#[test]
fn the_new_presets_sweep_and_break_past_capacity() {
    use fulcrum::sim::sweep::{SweepSpec, sweep};
    for name in ["heavy-tail", "fast-but-small", "mixed-speeds"] {
        let spec = SweepSpec {
            from: 0.5,
            to: 1.5,
            steps: 3,
            requests: 4000,
        };
        let r = sweep(&only(name), &spec, &mut |_| true).unwrap();
        assert_eq!(r.points.len(), 3);
        let (light, over) = (&r.points[0], &r.points[2]);
        for (l, o) in light.cells.iter().zip(&over.cells) {
            assert!(o.drop_rate > l.drop_rate, "{name} {}", l.strategy);
        }
        assert!(over.cells.iter().all(|c| c.drop_rate > 0.1), "{name}");
    }
}

#[test]
fn idle_servers_join_idle_queue_waits_least_until_idle_servers_grow_rare() {
    use StrategyKind as K;
    let s = only("idle-servers");
    let jiq = run(&s, K::JoinIdleQueue);
    let lc = run(&s, K::LeastConnections);
    let p2c = run(&s, K::PowerOfTwoChoices);
    let random = run(&s, K::Random);
    let rr = run(&s, K::RoundRobin);
    // The claims of the description, in its words.
    for r in [&lc, &p2c, &random, &rr] {
        assert!(jiq.latency_ms.p50 < r.latency_ms.p50, "{}", r.strategy);
        assert!(jiq.latency_ms.p99 < r.latency_ms.p99, "{}", r.strategy);
        assert!(lc.latency_ms.p99 >= r.latency_ms.p99, "{}", r.strategy);
    }
    assert!(p2c.latency_ms.p99 < 1.25 * jiq.latency_ms.p99);
    for r in [&random, &rr] {
        assert!(
            r.latency_ms.p99 > 1.5 * jiq.latency_ms.p99,
            "{}",
            r.strategy
        );
    }
    let mut near = s;
    near.arrivals.rate_per_s = 850.0;
    assert!(
        run(&near, K::PowerOfTwoChoices).latency_ms.p99
            < run(&near, K::JoinIdleQueue).latency_ms.p99
    );
}

#[test]
fn mixed_speeds_prequal_asks_the_servers_and_fast_but_small_is_its_worst_case() {
    use StrategyKind as K;
    let s = only("mixed-speeds");
    let prequal = run(&s, K::Prequal);
    let ewma = run(&s, K::PeakEwma);
    let lc = run(&s, K::LeastConnections);
    let p2c = run(&s, K::PowerOfTwoChoices);
    let rr = run(&s, K::RoundRobin);
    let p99 = |r: &RunReport| r.latency_ms.p99 / prequal.latency_ms.p99;
    assert_eq!(prequal.outcomes.dropped, 0);
    assert!((1.3..1.8).contains(&p99(&ewma)), "{}", p99(&ewma));
    for r in [&lc, &p2c] {
        assert!((1.6..2.4).contains(&p99(r)), "{}: {}", r.strategy, p99(r));
    }
    assert!((0.06..0.10).contains(&rr.outcomes.drop_rate()));
    let worst = run(&only("fast-but-small"), K::Prequal);
    assert!((0.2..0.3).contains(&worst.outcomes.drop_rate()));
}

#[test]
fn key_spread_multi_probe_nears_the_ring_with_one_point_a_server() {
    let s = only("key-spread");
    let shares = |config: &StrategyConfig| -> Vec<f64> {
        let r = Simulation::with_strategy(&s, config, s.seed).unwrap().run();
        r.servers.iter().map(|x| x.share).collect()
    };
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let min = |v: &[f64]| v.iter().copied().fold(1.0, f64::min);
    // The preset compares k = 21 (the default) and k = 1.
    assert_eq!((s.strategies[0].k, s.strategies[1].k), (21, 1));
    let probes = shares(&s.strategies[0]);
    let one = shares(&s.strategies[1]);
    let ring = shares(&StrategyConfig::new(StrategyKind::ConsistentHash));
    assert!(
        max(&probes) < 0.12 && max(&ring) < 0.115,
        "{probes:?} {ring:?}"
    );
    assert!(max(&one) > 0.25 && min(&one) < 0.025, "{one:?}");
    for kind in [StrategyKind::RendezvousHash, StrategyKind::Maglev] {
        let v = shares(&StrategyConfig::new(kind));
        assert!(min(&v) > 0.09 && max(&v) < 0.11, "{kind}: {v:?}");
    }
}
