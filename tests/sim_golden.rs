//! Golden output of the `tutorial-demo` preset: the tutorial's demo (five strategies on 20 requests
//! `GET /api/data/{i}` from `192.168.1.{i % 10}`, then the health-check run of 5 requests) as
//! `fulcrum simulate --preset tutorial-demo --format json` prints it, byte for byte.
//!
//! After an intended change, re-bless with `FULCRUM_BLESS=1 cargo test --test sim_golden`.

use std::path::PathBuf;

use fulcrum::sim::{OutputFormat, SimSource, simulate_command};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn check(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("FULCRUM_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with FULCRUM_BLESS=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |l| l);
        panic!(
            "{} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(re-bless with FULCRUM_BLESS=1 if the change is intended)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn seed_demo(format: OutputFormat) -> String {
    simulate_command(
        &SimSource::Preset("tutorial-demo".into()),
        &[],
        None,
        None,
        format,
    )
    .unwrap()
}

#[test]
fn seed_demo_json_matches_the_golden_file() {
    check("sim_seed_demo.json", &seed_demo(OutputFormat::Json));
}

#[test]
fn seed_demo_table_matches_the_golden_file() {
    check("sim_seed_demo.txt", &seed_demo(OutputFormat::Table));
}

#[test]
fn seed_demo_follows_the_seeds_demo() {
    let v: serde_json::Value = serde_json::from_str(&seed_demo(OutputFormat::Json)).unwrap();
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    let strategies: Vec<&str> = runs[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(
        strategies,
        [
            "round_robin",
            "weighted_round_robin",
            "least_connections",
            "random",
            "consistent_hash"
        ]
    );
    let rr = &runs[0]["results"][0];
    let log = rr["first_requests"].as_array().unwrap();
    assert_eq!(log.len(), 20);
    for (i, entry) in log.iter().enumerate() {
        assert_eq!(entry["path"], format!("/api/data/{i}"));
        assert_eq!(entry["client_ip"], format!("192.168.1.{}", i % 10));
        assert_eq!(entry["method"], "GET");
        assert_eq!(entry["server"], format!("localhost:{}", 8001 + i % 4));
    }
    let details = rr["stats"]["server_details"].as_array().unwrap();
    let ids: Vec<&str> = details.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["server1", "server2", "server3", "server4"]);
    // Smooth weighted round robin over weights 1, 2, 1, 3: shares 3, 6, 3, 8 of 20.
    let wrr: Vec<u64> = runs[0]["results"][1]["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["requests"].as_u64().unwrap())
        .collect();
    assert_eq!(wrr, [3, 6, 3, 8]);
    // The health-check run: 5 requests through a round-robin proxy, all answered 200.
    let health = &runs[1]["results"][0];
    assert_eq!(health["stats"]["total_requests"], 5);
    assert_eq!(health["stats"]["successful_requests"], 5);
    let statuses: Vec<u64> = health["first_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200; 5]);
}
