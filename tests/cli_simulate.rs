//! `fulcrum simulate` end to end: presets run and are deterministic per seed, strategies can be
//! compared on one stream, and bad scenarios get a one-line error that names the field.

use std::process::{Command, Output};

fn fulcrum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .output()
        .expect("the fulcrum binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = fulcrum(args);
    assert!(
        out.status.success(),
        "fulcrum {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One line on stderr, a failure status, no panic.
fn one_line_error(args: &[&str]) -> String {
    let out = fulcrum(args);
    assert!(!out.status.success(), "fulcrum {args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line, got: {err}");
    assert!(!err.contains("panic"), "{err}");
    err
}

#[test]
fn every_preset_runs() {
    for preset in fulcrum::scenario::PRESETS {
        let out = stdout(&["simulate", "--preset", preset, "--requests", "300"]);
        assert!(out.contains(preset), "{preset}: {out}");
    }
}

#[test]
fn same_seed_same_json_and_different_seed_differs() {
    let args = |seed: &str| {
        stdout(&[
            "simulate",
            "--preset",
            "slow-server",
            "--seed",
            seed,
            "--requests",
            "2000",
            "--format",
            "json",
        ])
    };
    let a = args("7");
    assert_eq!(a, args("7"));
    assert_ne!(a, args("8"));
    let v: serde_json::Value = serde_json::from_str(&a).expect("valid JSON");
    assert!(v.is_object());
}

#[test]
fn strategies_compare_on_one_stream() {
    let out = stdout(&[
        "simulate",
        "--preset",
        "herding",
        "--strategy",
        "least_connections",
        "--strategy",
        "power_of_two_choices",
        "--requests",
        "2000",
    ]);
    assert!(out.contains("least_connections") && out.contains("power_of_two_choices"));
}

#[test]
fn bad_input_is_one_line() {
    let err = one_line_error(&["simulate", "--preset", "no-such-preset"]);
    assert!(err.contains("no-such-preset"), "{err}");
    let err = one_line_error(&["simulate", "--scenario", "/no/such/file.toml"]);
    assert!(err.contains("/no/such/file.toml"), "{err}");
    let dir = std::env::temp_dir().join(format!("fulcrum-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"servers": [{"id": "a", "weight": -3}]}"#).unwrap();
    let err = one_line_error(&["simulate", "--scenario", bad.to_str().unwrap()]);
    assert!(err.contains("weight"), "names the field: {err}");
    let err = one_line_error(&["simulate", "--preset", "seed-demo", "--strategy", "fastest"]);
    assert!(err.contains("fastest"), "{err}");
}

/// The older names still work: `--preset seed-demo` runs `tutorial-demo`, and `seed:NAME` is
/// `tutorial:NAME`, so scripts written before the rename keep running, with the same output.
#[test]
fn older_names_are_aliases() {
    let run = |preset: &str, strategy: &str| {
        stdout(&[
            "simulate",
            "--preset",
            preset,
            "--strategy",
            strategy,
            "--format",
            "json",
        ])
    };
    let now = run("tutorial-demo", "tutorial:round_robin");
    assert!(now.contains("\"tutorial-demo\""), "{now}");
    assert!(now.contains("round_robin (tutorial)"), "{now}");
    assert_eq!(run("seed-demo", "seed:round_robin"), now);
}

#[test]
fn sweep_prints_p99_and_drops_per_strategy_and_is_deterministic() {
    let args = [
        "sweep",
        "--preset",
        "heavy-tail",
        "--steps",
        "3",
        "--from",
        "50",
        "--to",
        "150",
        "--requests",
        "2000",
        "--strategy",
        "round_robin",
        "--strategy",
        "least_connections",
    ];
    let table = stdout(&args);
    assert!(
        table.contains("load sweep, capacity 1600 requests/s"),
        "{table}"
    );
    assert!(table.contains("p99 latency") && table.contains("dropped (503 queue full)"));
    assert!(
        table.contains("150%") && table.contains("least_connections"),
        "{table}"
    );
    let csv = |extra: &[&str]| {
        let mut a = args.to_vec();
        a.extend_from_slice(&["--format", "csv"]);
        a.extend_from_slice(extra);
        stdout(&a)
    };
    let first = csv(&[]);
    assert_eq!(first, csv(&[]), "same seed, same bytes");
    assert_eq!(first.lines().count(), 1 + 3 * 2);
    assert_ne!(first, csv(&["--seed", "9"]));
    assert_ne!(first, csv(&["--cost", "lognormal", "--spread", "0.5"]));
    let mut json = args.to_vec();
    json.extend_from_slice(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["points"].as_array().unwrap().len(), 3);
    assert!(v["points"][2]["cells"][0]["drop_rate"].as_f64().unwrap() > 0.1);
}

#[test]
fn simulate_takes_a_cost_and_its_spread() {
    let base = ["simulate", "--preset", "slow-server", "--requests", "500"];
    let fixed = stdout(&base);
    let mut costly = base.to_vec();
    costly.extend_from_slice(&["--cost", "pareto", "--spread", "1.5"]);
    assert_ne!(stdout(&costly), fixed);
    let mut spread_alone = base.to_vec();
    spread_alone.extend_from_slice(&["--spread", "1"]);
    let err = one_line_error(&spread_alone);
    assert!(
        err.contains("--spread") && err.contains("--cost lognormal"),
        "{err}"
    );
}

#[test]
fn hostile_sweeps_are_refused_at_once() {
    // Past the ceilings: a clear line, and no time spent.
    let started = std::time::Instant::now();
    let err = one_line_error(&[
        "sweep",
        "--preset",
        "heavy-tail",
        "--steps",
        "100",
        "--requests",
        "1000000",
    ]);
    assert!(
        err.contains("expected at most 50000000 requests over the sweep"),
        "{err}"
    );
    let err = one_line_error(&["sweep", "--preset", "tutorial-demo"]);
    assert!(err.contains("capacity above 0 for a sweep"), "{err}");
    let err = one_line_error(&[
        "sweep",
        "--preset",
        "heavy-tail",
        "--from",
        "90",
        "--to",
        "20",
    ]);
    assert!(
        err.contains("to: expected a load at least the first"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 20);
    for bad in [
        ["--steps", "0"],
        ["--steps", "101"],
        ["--requests", "-5"],
        ["--from", "0"],
        ["--to", "inf"],
        ["--spread", "3"],
        ["--cost", "gamma"],
    ] {
        let mut a = vec!["sweep", "--preset", "heavy-tail"];
        a.extend_from_slice(&bad);
        let out = fulcrum(&a);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("expected") && !err.contains("panic"),
            "{bad:?}: {err}"
        );
    }
}

/// `simulate` and `sweep` read the scenario and its overrides in one place: a bad value of a
/// shared flag gets the same message from both.
#[test]
fn simulate_and_sweep_refuse_shared_flags_alike() {
    let err = |command: &str, bad: &[&str]| {
        let mut a = vec![command, "--preset", "heavy-tail"];
        a.extend_from_slice(bad);
        let out = fulcrum(&a);
        assert!(!out.status.success(), "{command} {bad:?}");
        let text = String::from_utf8(out.stderr).unwrap();
        // clap's usage line names the subcommand; the message itself is the first line.
        text.lines().next().unwrap_or_default().to_string()
    };
    for bad in [
        &["--seed", "-1"][..],
        &["--spread", "3"],
        &["--cost", "gamma"],
        &["--strategy", "fastest"],
        &["--strategy", "power_of_d_choices:d=0"],
        &["--cost", "fixed", "--spread", "1"],
    ] {
        let simulate = err("simulate", bad);
        assert!(simulate.contains("error"), "{bad:?}: {simulate}");
        assert_eq!(simulate, err("sweep", bad), "{bad:?}");
    }
}
