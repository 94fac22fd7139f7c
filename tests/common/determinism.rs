//! A fingerprint of the engine's behaviour, computed the same way natively and in wasm: every
//! strategy (corrected and seed) routes a scripted run with load changes and pool changes, and
//! the picks and first explanations are written out as JSON. `tests/determinism.rs` checks it
//! natively against `tests/golden/determinism.json`; `tests/wasm.rs` checks the wasm build in
//! headless Chromium against the same file, so native and wasm must agree byte for byte.

use std::collections::VecDeque;
use std::fmt::Write;

use fulcrum::engine::{
    Balancer, RingFlavor, Server, Status, StrategyConfig, StrategyKind, Variant, seeded,
};
use rand::RngExt;

/// Every configuration the fingerprint covers, with a label and its pool size.
fn configs() -> Vec<(String, StrategyConfig, usize)> {
    let mut out = Vec::new();
    for kind in StrategyKind::ALL {
        out.push((kind.name().to_string(), StrategyConfig::new(kind), 7));
        if kind.has_seed_variant() {
            let mut c = StrategyConfig::new(kind);
            c.variant = Variant::Seed;
            out.push((format!("{}/seed", kind.name()), c, 7));
        }
    }
    let mut nginx = StrategyConfig::new(StrategyKind::ConsistentHash);
    nginx.ring = RingFlavor::Nginx;
    out.push(("consistent_hash/nginx".into(), nginx, 7));
    // Rendezvous over many servers (f64 scores, libm logarithms); beyond 16 servers the
    // skeleton descends its tree.
    out.push((
        "rendezvous_hash/40 servers".into(),
        StrategyConfig::new(StrategyKind::RendezvousHash),
        40,
    ));
    out.push((
        "rendezvous_skeleton/40 servers".into(),
        StrategyConfig::new(StrategyKind::RendezvousSkeleton),
        40,
    ));
    out
}

fn servers(n: usize) -> Vec<Server> {
    (0..n)
        .map(|i| {
            let host = format!("10.0.0.{}", i + 1);
            Server::new(format!("{host}:80"), host, 80, [1, 2, 1, 3, 1, 5, 2][i % 7])
        })
        .collect()
}

/// The fingerprint as pretty JSON.
pub fn fingerprint() -> String {
    let mut entries = Vec::new();
    for (label, config, n) in configs() {
        let mut b = Balancer::new(config, servers(n)).expect("fingerprint pool builds");
        let mut rng = seeded(2024);
        let mut load_rng = seeded(99);
        let mut in_flight = VecDeque::new();
        let mut picks = String::new();
        let mut explained = Vec::new();
        for i in 0..3000u64 {
            match i {
                1000 => b.set_status(2, Status::Unhealthy).unwrap(),
                1500 => b.set_weight(3, 1).unwrap(),
                2000 => b.set_status(2, Status::Healthy).unwrap(),
                2500 => b.remove_server("10.0.0.5:80").unwrap(),
                _ => {}
            }
            let request = fulcrum::engine::Request {
                id: i,
                method: fulcrum::engine::Method::Get,
                path: format!("/api/data/{}", load_rng.random_range(0..500u32)),
                headers: vec![("x-user".into(), format!("u{}", i % 37))],
                client_ip: format!("192.168.1.{}", i % 50),
                timestamp_ns: i * 1_000_000,
            };
            let now = request.timestamp_ns;
            let result = if i < 3 {
                let (r, steps) = b.pick_explained(&request, &mut rng, now);
                explained.push(serde_json::to_value(&steps).unwrap());
                r
            } else {
                b.pick(&request, &mut rng, now)
            };
            match result {
                Ok(s) => {
                    let _ = write!(picks, "{s:x}");
                    b.request_started(s);
                    in_flight.push_back(b.pool().server(s).id.clone());
                }
                Err(_) => picks.push('!'),
            }
            // Finish some requests, oldest first, with varied latency and outcome.
            while in_flight.len() > 5 || (!in_flight.is_empty() && load_rng.random_bool(0.4)) {
                let id = in_flight.pop_front().unwrap();
                if let Some(s) = b.pool().index_of(&id) {
                    let latency = load_rng.random_range(1.0..200.0f64);
                    b.request_finished(s, latency, load_rng.random_bool(0.9), now);
                }
            }
        }
        entries.push(serde_json::json!({
            "strategy": label,
            "digest": format!("{:016x}", xxhash_rust::xxh3::xxh3_64(picks.as_bytes())),
            "first_picks": &picks[..120],
            "first_explanations": explained,
            "stats": b.stats(),
        }));
    }
    serde_json::to_string_pretty(&entries).unwrap() + "\n"
}

/// The simulator's fingerprint: every preset's full JSON report (seed 5, at most 4,000 requests)
/// reduced to a digest, with a few headline figures kept readable.
pub fn sim_fingerprint() -> String {
    use fulcrum::scenario::PRESETS;
    use fulcrum::sim::report::{SimSource, simulate, to_json};
    let mut entries = Vec::new();
    for preset in PRESETS {
        let report = simulate(&SimSource::Preset(preset.into()), &[], Some(5), Some(4_000))
            .expect("every preset simulates");
        let json = to_json(&report);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        entries.push(serde_json::json!({
            "preset": preset,
            "digest": format!("{:016x}", xxhash_rust::xxh3::xxh3_64(json.as_bytes())),
            "bytes": json.len(),
            "headline": headline(&value),
        }));
    }
    serde_json::to_string_pretty(&entries).unwrap() + "\n"
}

/// The first number-valued fields of the first run, so a diff says what moved.
fn headline(report: &serde_json::Value) -> serde_json::Value {
    fn numbers(v: &serde_json::Value, out: &mut serde_json::Map<String, serde_json::Value>) {
        if let serde_json::Value::Object(map) = v {
            for (k, x) in map {
                if out.len() >= 12 {
                    return;
                }
                if x.is_number() {
                    out.insert(k.clone(), x.clone());
                } else if x.is_object() {
                    numbers(x, out);
                } else if let Some(first) = x.as_array().and_then(|a| a.first()) {
                    numbers(first, out);
                }
            }
        }
    }
    let mut out = serde_json::Map::new();
    numbers(report, &mut out);
    serde_json::Value::Object(out)
}
