//! The `fulcrum` binary end to end: listing strategies, routing (counts, key files, stdin,
//! explanations, one membership change), the one-line errors for bad input, and `analyze`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use fulcrum::engine::StrategyKind;

fn fulcrum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .output()
        .expect("the fulcrum binary runs")
}

fn fulcrum_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fulcrum binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Stdout of a successful run, as lines.
fn lines(args: &[&str]) -> Vec<String> {
    let out = fulcrum(args);
    assert!(
        out.status.success(),
        "fulcrum {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// A file under cargo's per-test temporary directory.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn strategies_lists_every_strategy_with_descriptions_seed_variants_and_key_mapping() {
    let out = lines(&["strategies"]);
    assert!(out[0].starts_with("STRATEGY"), "{}", out[0]);
    let body = &out[1..];
    let names: Vec<&str> = body
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let expected: Vec<&str> = StrategyKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(names, expected);
    for (line, kind) in body.iter().zip(StrategyKind::ALL) {
        assert!(line.ends_with(kind.info().summary), "{line}");
        assert!(line.contains(kind.info().pick_cost), "{line}");
        assert_eq!(
            line.contains("tutorial: "),
            kind.has_seed_variant(),
            "{line}"
        );
        let mapping = kind.info().mapping.map_or("-", |m| m.label());
        assert!(line.contains(&format!("  {mapping}  ")), "{line}");
        assert_eq!(kind.info().mapping.is_some(), kind.info().hashing, "{line}");
    }
}

#[test]
fn route_prints_one_id_per_request() {
    let out = lines(&[
        "route",
        "--strategy",
        "round_robin",
        "--servers",
        "a:1,b:2,c:3",
        "--count",
        "25",
    ]);
    assert_eq!(out.len(), 25);
    assert_eq!(&out[..4], ["a:1", "b:2", "c:3", "a:1"]);

    let keys = temp_file("route-keys.txt", b"/x\n/y\r\n/z\n\n/w\n");
    let out = lines(&[
        "route",
        "--strategy",
        "url_hash",
        "--servers",
        "a:1,b:2,c:3",
        "--keys",
        keys.to_str().unwrap(),
    ]);
    assert_eq!(out.len(), 5);
    assert!(
        out.iter()
            .all(|id| ["a:1", "b:2", "c:3"].contains(&id.as_str()))
    );

    let out = fulcrum_with_stdin(
        &[
            "route",
            "--strategy",
            "consistent_hash",
            "--servers",
            "a:1,b:2",
            "--keys",
            "-",
        ],
        "k1\nk2\nk3\n",
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn smooth_weighted_round_robin_through_the_cli() {
    let out = lines(&[
        "route",
        "--strategy",
        "weighted_round_robin",
        "--servers",
        "a:1=5,b:1,c:1",
        "--count",
        "7",
    ]);
    let hosts: Vec<&str> = out.iter().map(|id| &id[..1]).collect();
    assert_eq!(hosts.join(" "), "a a b a c a a");
    // The weight in every form a server list takes, nginx's included.
    for servers in ["a:1*5,b:1,c:1=1", "a:1 weight=5,b:1 weight=1,c:1"] {
        let again = lines(&[
            "route",
            "--strategy",
            "weighted_round_robin",
            "--servers",
            servers,
            "--count",
            "7",
        ]);
        assert_eq!(again, out, "{servers}");
    }
    assert_one_line_error(
        &[
            "route",
            "--strategy",
            "weighted_round_robin",
            "--servers",
            "a:1 max_fails=3",
            "--count",
            "1",
        ],
        "'max_fails=3' is not weight=N",
    );
}

fn random_route(strategy: &str, seed: &str) -> Vec<String> {
    lines(&[
        "route",
        "--strategy",
        strategy,
        "--servers",
        "a:1,b:1,c:1,d:1,e:1",
        "--seed",
        seed,
        "--count",
        "40",
    ])
}

#[test]
fn the_same_seed_gives_the_same_picks() {
    for strategy in ["random", "weighted_random", "power_of_two_choices"] {
        assert_eq!(random_route(strategy, "7"), random_route(strategy, "7"));
    }
}

#[test]
fn a_different_seed_gives_different_picks() {
    assert_ne!(random_route("random", "7"), random_route("random", "8"));
    assert_ne!(
        random_route("weighted_random", "7"),
        random_route("weighted_random", "8")
    );
}

#[test]
fn the_seeds_round_robin_reports_its_index_error_as_a_failed_pick() {
    // After d leaves, the seed's cursor (3) points past the 3 healthy servers: IndexError.
    let out = fulcrum(&[
        "route",
        "--strategy",
        "round_robin",
        "--variant",
        "seed",
        "--servers",
        "a:1,b:1,c:1,d:1",
        "--count",
        "3",
        "--remove",
        "d:1",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("error: ") && l.contains("IndexError")),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("3 picks failed after the change"),
        "{stderr}"
    );
    assert!(!stderr.contains("panic"));
}

#[test]
fn a_header_key_reaches_the_strategy_in_both_request_shapes() {
    let keys = temp_file("header-keys.txt", b"alice\nbob\nalice\n");
    let by_header = lines(&[
        "route",
        "--strategy",
        "url_hash",
        "--servers",
        "a:1,b:1,c:1,d:1,e:1",
        "--key",
        "header:X-User",
        "--keys",
        keys.to_str().unwrap(),
        "--explain",
    ]);
    for line in &by_header {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = &v["steps"][0];
        assert_eq!(key["step"], "key", "{line}");
        assert_eq!(key["source"]["from"], "header");
        assert!(key["key"] == "alice" || key["key"] == "bob", "{line}");
    }
    let demo = lines(&[
        "route",
        "--strategy",
        "url_hash",
        "--servers",
        "a:1,b:1",
        "--key",
        "header:X-User",
        "--count",
        "2",
        "--explain",
    ]);
    let v: serde_json::Value = serde_json::from_str(&demo[1]).unwrap();
    assert_eq!(v["steps"][0]["key"], "/api/data/1");
}

/// Parse "removed X: M of N keys moved (…)" from the summary.
fn moved_of(summary: &str) -> (u64, u64) {
    let words: Vec<&str> = summary.split_whitespace().collect();
    let of = words.iter().position(|w| *w == "of").expect("'M of N'");
    (
        words[of - 1].parse().unwrap(),
        words[of + 1].parse().unwrap(),
    )
}

#[test]
fn remove_and_add_print_owners_after_the_change_and_summarise_what_moved() {
    // Round robin over 4 then 3 servers: a b c d a b c d, then a c d a c d a c.
    let out = fulcrum(&[
        "route",
        "--strategy",
        "round_robin",
        "--servers",
        "a:1,b:1,c:1,d:1",
        "--count",
        "8",
        "--remove",
        "b:1",
    ]);
    assert!(out.status.success());
    let after = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        after.lines().collect::<Vec<_>>(),
        ["a:1", "c:1", "d:1", "a:1", "c:1", "d:1", "a:1", "c:1"]
    );
    let summary = String::from_utf8(out.stderr).unwrap();
    let mut summary_lines = summary.lines();
    let first = summary_lines.next().unwrap();
    assert!(
        first.starts_with("removed b:1: 7 of 8 keys moved (87.50%), ideal 1/n = 25.00% (n = 4)"),
        "{first}"
    );
    assert_eq!(
        summary_lines.next(),
        Some("absorbed by: a:1 2, c:1 3, d:1 2")
    );

    // Whatever the strategy does, the summary agrees with the printed owners.
    let keys: String = (0..300).map(|i| format!("user-{i}\n")).collect();
    let keys = temp_file("churn-keys.txt", keys.as_bytes());
    let keys = keys.to_str().unwrap();
    let servers = "a:1,b:1,c:1,d:1";
    for strategy in [
        "consistent_hash",
        "rendezvous_hash",
        "jump_hash",
        "url_hash",
    ] {
        let before = lines(&[
            "route",
            "--strategy",
            strategy,
            "--servers",
            servers,
            "--keys",
            keys,
        ]);
        for change in [["--remove", "c:1"], ["--add", "e:1"]] {
            let mut args = vec![
                "route",
                "--strategy",
                strategy,
                "--servers",
                servers,
                "--keys",
                keys,
            ];
            args.extend(change);
            let out = fulcrum(&args);
            assert!(out.status.success());
            let after: Vec<String> = String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(String::from)
                .collect();
            assert_eq!(after.len(), 300);
            if change[0] == "--remove" {
                assert!(!after.iter().any(|id| id == "c:1"), "{strategy}");
            }
            let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count() as u64;
            let stderr = String::from_utf8(out.stderr).unwrap();
            let summary: Vec<&str> = stderr.lines().collect();
            assert_eq!(summary.len(), 2, "{stderr}");
            let verb = if change[0] == "--remove" {
                "removed c:1: "
            } else {
                "added e:1: "
            };
            assert!(summary[0].starts_with(verb), "{}", summary[0]);
            let n = if change[0] == "--remove" { 4 } else { 5 };
            assert!(summary[0].contains(&format!("(n = {n})")), "{}", summary[0]);
            assert_eq!(moved_of(summary[0]), (moved, 300), "{strategy} {change:?}");
            let absorbed: u64 = summary[1]
                .trim_start_matches("absorbed by: ")
                .split(", ")
                .filter_map(|part| part.split(' ').nth(1))
                .map(|k| k.parse::<u64>().unwrap())
                .sum();
            assert_eq!(absorbed, moved, "{}", summary[1]);
        }
    }
}

#[test]
fn explain_prints_the_engines_steps_as_json_lines() {
    let args = [
        "route",
        "--strategy",
        "weighted_round_robin",
        "--servers",
        "a:1=5,b:1,c:1",
        "--count",
        "7",
    ];
    let plain = lines(&args);
    let mut explained_args = args.to_vec();
    explained_args.push("--explain");
    let explained = lines(&explained_args);
    assert_eq!(explained.len(), 7);
    for (i, (line, id)) in explained.iter().zip(&plain).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["request"], i as u64);
        assert_eq!(v["server"], id.as_str());
        let steps = v["steps"].as_array().unwrap();
        assert_eq!(steps[0]["step"], "smooth_weights");
        assert_eq!(steps.last().unwrap()["step"], "chosen");
    }
    let first: serde_json::Value = serde_json::from_str(&explained[0]).unwrap();
    assert_eq!(first["steps"][0]["after"], serde_json::json!([-2, 1, 1]));
}

/// Bad input: non-zero exit, exactly one line on stderr naming the problem, nothing on stdout,
/// no panic.
fn assert_one_line_error(args: &[&str], names: &str) {
    let out = fulcrum(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("fulcrum: error: "), "{stderr}");
    assert!(
        stderr.contains(names),
        "{args:?}: '{stderr}' lacks '{names}'"
    );
    assert!(!stderr.contains("panic"), "{stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
}

#[test]
fn bad_input_is_one_line_and_a_non_zero_exit() {
    fn route<'a>(strategy: &'a str, servers: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["route", "--strategy", strategy, "--servers", servers];
        args.extend(extra);
        if !extra.contains(&"--keys") {
            args.extend(["--count", "3"]);
        }
        args
    }
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-keys.txt");
    let missing = missing.to_str().unwrap().to_string();
    let not_utf8 = temp_file("not-utf8.txt", &[0x66, 0xff, 0xfe, 0x0a]);
    let not_utf8 = not_utf8.to_str().unwrap().to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            route("fastest", "a:1", &[]),
            "unknown strategy 'fastest' (known: round_robin,",
        ),
        (route("random", "a:1,b", &[]), "'b' is not host:port"),
        (route("random", "a:x", &[]), "port 'x'"),
        (route("random", "a:1=-2", &[]), "weight '-2'"),
        (
            route("random", "a:1,b:2,a:1", &[]),
            "duplicate server id 'a:1'",
        ),
        (route("random", "", &[]), "the server list is empty"),
        (route("random", "a:1=0,b:2=0", &[]), "total weight is 0"),
        (
            route("random", "a:1", &["--keys", &missing]),
            "cannot read keys file",
        ),
        (
            route("random", "a:1", &["--keys", &not_utf8]),
            "cannot read keys file",
        ),
        (
            route("random", "a:1,b:2", &["--remove", "c:3"]),
            "--remove: no server with id 'c:3'",
        ),
        (
            route("random", "a:1,b:2=0", &["--remove", "a:1"]),
            "no eligible server would be left",
        ),
        (
            route("random", "a:1", &["--add", "a:1"]),
            "--add: duplicate server id 'a:1'",
        ),
        (route("random", "a:1", &["--add", "nope"]), "--add: "),
        (
            route("random", "a:1", &["--add", "b:1,c:1"]),
            "one server at a time",
        ),
        (
            route("consistent_hash", "a:1", &["--points", "0"]),
            "--points: points_per_weight",
        ),
        (
            route("maglev", "a:1", &["--table-size", "100"]),
            "--table-size: ",
        ),
        (
            route(
                "bounded_load_consistent_hash",
                "a:1",
                &["--load-factor", "0.5"],
            ),
            "--load-factor: ",
        ),
        (
            route("maglev", "a:1", &["--variant", "tutorial"]),
            "has no tutorial variant",
        ),
        // `seed`, the older name, is still read.
        (
            route("maglev", "a:1", &["--variant", "seed"]),
            "has no tutorial variant",
        ),
        (route("maglev", "a:1", &["--ring", "nginx"]), "--ring: "),
        (route("url_hash", "a:1", &["--key", "cookie"]), "--key: "),
    ];
    for (args, names) in cases {
        assert_one_line_error(&args, names);
    }
}

#[test]
fn usage_errors_stay_clap_errors_without_panics() {
    for args in [
        vec!["route", "--strategy", "random", "--servers", "a:1"],
        vec![
            "route",
            "--strategy",
            "random",
            "--servers",
            "a:1",
            "--count",
            "x",
        ],
        vec![
            "route",
            "--strategy",
            "random",
            "--servers",
            "a:1",
            "--count",
            "1",
            "--remove",
            "a:1",
            "--add",
            "b:1",
        ],
        vec!["analyze", "--format", "yaml"],
    ] {
        let out = fulcrum(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panic"));
    }
}

#[test]
fn analyze_quick_reports_every_strategy_in_json_and_markdown() {
    let out = fulcrum(&["analyze", "--quick", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = report["strategies"].as_array().unwrap();
    for kind in StrategyKind::ALL {
        let variants: Vec<&str> = rows
            .iter()
            .filter(|r| r["strategy"] == kind.name())
            .map(|r| r["variant"].as_str().unwrap())
            .collect();
        assert!(variants.contains(&"corrected"), "{}", kind.name());
        assert_eq!(
            variants.contains(&"tutorial"),
            kind.has_seed_variant(),
            "{}",
            kind.name()
        );
    }
    assert!(
        rows.iter()
            .any(|r| r["strategy"] == "consistent_hash" && r["variant"] == "nginx")
    );
    let keys = report["parameters"]["imbalance_keys"].as_u64().unwrap();
    for row in rows {
        let timing = row["timing"].as_array().unwrap();
        assert_eq!(timing.len(), 2, "{row}");
        assert!(timing.iter().all(|t| t["pick_ns"].as_f64().unwrap() > 0.0));
        for imbalance in ["imbalance_equal", "imbalance_unequal"] {
            assert_eq!(row[imbalance]["keys"].as_u64(), Some(keys));
            assert!(row[imbalance]["max_over_mean"].as_f64().unwrap() >= 1.0);
        }
        for churn in ["churn_remove", "churn_add"] {
            let moved = row[churn]["moved_fraction"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&moved));
        }
    }
    // Round robin is landed: perfectly even with equal weights, blind to unequal ones.
    let rr = rows
        .iter()
        .find(|r| r["strategy"] == "round_robin" && r["variant"] == "corrected")
        .unwrap();
    assert_eq!(rr["imbalance_equal"]["max_over_mean"], 1.0);
    assert!(rr["imbalance_unequal"]["max_over_mean"].as_f64().unwrap() > 2.0);

    // Everything but the timing is a pure function of the parameters: a second run agrees.
    let again = fulcrum(&["analyze", "--quick", "--format", "json"]);
    let mut again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    let mut first = report.clone();
    for report in [&mut first, &mut again] {
        for row in report["strategies"].as_array_mut().unwrap() {
            row.as_object_mut().unwrap().remove("timing");
        }
    }
    assert_eq!(first, again);

    let markdown =
        String::from_utf8(fulcrum(&["analyze", "--quick", "--format", "markdown"]).stdout).unwrap();
    assert!(markdown.contains("#### Time per pick (ns)"));
    assert!(markdown.contains("| `jump_hash` "));
    assert!(markdown.contains("| `consistent_hash` (nginx ring) "));
}
