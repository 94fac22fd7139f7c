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
    for preset in [
        "tutorial-demo",
        "slow-server",
        "server-crash",
        "crash-mid-request",
        "hot-key",
        "heterogeneous",
        "flapping",
        "scale-out",
        "herding",
    ] {
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
