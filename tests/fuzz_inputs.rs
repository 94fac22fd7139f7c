//! Fuzzing every parser of user input with proptest, for a bounded number of cases so that CI's
//! `cargo test --all-targets` runs it in seconds: scenario files (arbitrary bytes as JSON, TOML
//! or either; and JSON built from the scenario's own field names with hostile values), and server
//! lists. None may panic; what they accept must hold: scenarios validate, runs that pass
//! `check_run_size` advance simulated time and stay under their event ceiling, server ids stay
//! one printable token.

use fulcrum::engine::model::{parse_server_lines, parse_servers};
use fulcrum::scenario::Scenario;
use fulcrum::scenario::text::{escaped, is_unsafe};
use fulcrum::sim::Simulation;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every field name a scenario has, and some it does not.
const FIELDS: &[&str] = &[
    "name",
    "description",
    "seed",
    "requests",
    "duration_ms",
    "strategies",
    "balancers",
    "shared_load_ms",
    "servers",
    "arrivals",
    "clients",
    "paths",
    "methods",
    "proxy",
    "health",
    "outlier",
    "faults",
    "report",
    "id",
    "host",
    "port",
    "weight",
    "max_connections",
    "latency_ms",
    "jitter",
    "capacity",
    "overload",
    "error_rate",
    "cache_size",
    "cache_hit_factor",
    "slow_start_ms",
    "join_at_ms",
    "process",
    "rate_per_s",
    "bursts",
    "at_ms",
    "over_ms",
    "count",
    "ip_template",
    "order",
    "template",
    "zipf",
    "method",
    "share",
    "timeout_ms",
    "retries",
    "retry_budget",
    "retry_budget_min",
    "retry_on_error",
    "connect_ms",
    "enabled",
    "interval_ms",
    "rise",
    "fall",
    "consecutive_failures",
    "base_ejection_ms",
    "max_ejection_ms",
    "max_ejection_percent",
    "server",
    "action",
    "factor",
    "down_ms",
    "up_ms",
    "sample_interval_ms",
    "max_samples",
    "first_requests",
    "kind",
    "variant",
    "key",
    "points_per_weight",
    "ring",
    "load_factor",
    "maglev_table_size",
    "ewma_tau_ns",
    "python_hash_seed",
    "bogus",
];

/// Values a careless or hostile file holds.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            0.0, -1.0, 1e-300, 1e-9, 0.0004, 0.001, 1.0, 3.0, 20.0, 1000.0, 65537.0, 1e9, 1e10,
            1e300, 2.5,
        ])
        .prop_map(|x| serde_json::json!(x)),
        prop::sample::select(vec![0u64, 1, 2, 7, 100, 1_000_000, u64::MAX])
            .prop_map(|x| serde_json::json!(x)),
        prop::sample::select(vec![
            "",
            "server1",
            "server2",
            "round_robin",
            "maglev",
            "consistent_hash",
            "flapping",
            "crash",
            "GET",
            "POST",
            "poisson",
            "fixed",
            "cycle",
            "seed",
            "nginx",
            "a\nb",
            "\u{1b}]0;x\u{7}",
            "evil\u{202e}",
            "{i}",
            "x,y",
            "slow_down",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..6).prop_map(|fields| {
                Value::Object(
                    fields
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Fields of a working scenario ([`base`]) as JSON pointers, for [`mutated`] to spoil.
const PATHS: &[&str] = &[
    "/requests",
    "/duration_ms",
    "/balancers",
    "/shared_load_ms",
    "/seed",
    "/name",
    "/servers/0/id",
    "/servers/1/id",
    "/servers/0/host",
    "/servers/0/weight",
    "/servers/0/latency_ms",
    "/servers/0/capacity",
    "/servers/0/join_at_ms",
    "/servers/0/slow_start_ms",
    "/arrivals/rate_per_s",
    "/arrivals/process",
    "/arrivals/bursts/0/over_ms",
    "/arrivals/bursts/0/requests",
    "/clients/count",
    "/paths/count",
    "/paths/template",
    "/paths/zipf",
    "/proxy/timeout_ms",
    "/proxy/retries",
    "/health/interval_ms",
    "/health/timeout_ms",
    "/health/jitter",
    "/health/enabled",
    "/report/sample_interval_ms",
    "/report/max_samples",
    "/faults/0/down_ms",
    "/faults/0/up_ms",
    "/faults/0/server",
    "/faults/0/action",
    "/faults/0/at_ms",
    "/strategies/0/kind",
    "/strategies/0/maglev_table_size",
    "/strategies/0/points_per_weight",
    "/methods/0/share",
    "/outlier/enabled",
    "/outlier/base_ejection_ms",
];

/// A small scenario that runs: 200 requests, a burst and a flapping server.
fn base() -> Value {
    let mut s = Scenario {
        requests: 200,
        ..Scenario::default()
    };
    s.arrivals.bursts.push(fulcrum::scenario::Burst::default());
    s.faults.push(fulcrum::scenario::FaultSpec {
        server: "server1".into(),
        action: fulcrum::scenario::FaultAction::Flapping,
        ..fulcrum::scenario::FaultSpec::default()
    });
    serde_json::to_value(&s).unwrap()
}

/// [`base`] with up to four fields replaced by hostile values.
fn mutated() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(PATHS), leaf()), 0..5).prop_map(|changes| {
        let mut value = base();
        for (path, leaf) in changes {
            if let Some(slot) = value.pointer_mut(path) {
                *slot = leaf;
            } else if let Some((parent, name)) = path.rsplit_once('/')
                && let Some(Value::Object(fields)) = value.pointer_mut(parent)
            {
                fields.insert(name.to_string(), leaf);
            }
        }
        value
    })
}

/// What an accepted scenario must do: validate again, and (if it passes the run-size check)
/// move simulated time forward, never back, for a few thousand events.
fn accepted(scenario: &Scenario) {
    scenario.validate().expect("an accepted scenario validates");
    let Ok(size) = scenario.check_run_size() else {
        return;
    };
    assert!(size.event_ceiling() >= 1_000_000);
    for config in &scenario.strategies {
        let mut sim = Simulation::with_strategy(scenario, config, scenario.seed).unwrap();
        let mut last = 0;
        for _ in 0..2000 {
            if !sim.step() {
                break;
            }
            assert!(sim.now() >= last);
            last = sim.now();
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn scenario_readers_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        for read in [Scenario::parse, Scenario::from_json, Scenario::from_toml] {
            match read(&text) {
                Ok(s) => accepted(&s),
                Err(e) => prop_assert!(!e.path.is_empty()),
            }
        }
    }

    #[test]
    fn server_lists_take_any_text(text in "[a-z0-9:=,. \\-\\[\\]%\n\u{1b}\u{202e}#]{0,80}") {
        for servers in [parse_servers(&text), parse_server_lines(&text)].into_iter().flatten() {
            let mut ids: Vec<&str> = servers.iter().map(|s| s.id.as_str()).collect();
            for id in &ids {
                prop_assert!(!id.chars().any(|c| is_unsafe(c) || c.is_whitespace() || c == ','), "{:?}", id);
            }
            ids.sort_unstable();
            let before = ids.len();
            ids.dedup();
            prop_assert_eq!(before, ids.len());
        }
    }
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn scenario_shaped_json_is_refused_by_name_or_runs(value in arb_json()) {
        let text = value.to_string();
        match Scenario::from_json(&text) {
            Ok(s) => accepted(&s),
            Err(e) => prop_assert!(!e.path.is_empty()),
        }
        // The same document as TOML, where it is one (a top-level table).
        if let Ok(toml) = toml::to_string(&value) {
            match Scenario::from_toml(&toml) {
                Ok(s) => accepted(&s),
                Err(e) => prop_assert!(!e.path.is_empty()),
            }
        }
    }

    #[test]
    fn spoiled_scenarios_are_refused_by_name_or_run(value in mutated()) {
        match Scenario::from_json(&value.to_string()) {
            Ok(s) => accepted(&s),
            Err(e) => prop_assert!(!e.path.is_empty()),
        }
    }

    #[test]
    fn escaped_text_holds_nothing_unsafe_and_json_escaping_keeps_the_value(s in "\\PC{0,20}|[\u{0}-\u{a0}\u{200b}-\u{206f}\u{feff}]{0,20}") {
        prop_assert!(!escaped(&s).chars().any(is_unsafe));
        let json = fulcrum::scenario::text::json_escaped(serde_json::to_string(&s).unwrap());
        prop_assert!(!json.chars().any(is_unsafe));
        let back: String = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, s);
    }
}

/// The spoiled scenarios are not all refused: the fuzzing above reaches the simulator.
#[test]
fn many_spoiled_scenarios_still_run() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = mutated();
    let mut ran = 0;
    for _ in 0..200 {
        let value = strategy.new_tree(&mut runner).unwrap().current();
        if Scenario::from_json(&value.to_string()).is_ok_and(|s| s.check_run_size().is_ok()) {
            ran += 1;
        }
    }
    assert!(ran >= 40, "only {ran} of 200 ran");
}
