//! Envoy is not packaged, so its ring hash and Maglev are held to the expectations its own unit
//! tests publish (`tests/envoy/vectors.json`, each case naming its file and test in
//! envoyproxy/envoy): the ring's every position and owner, lookups at and around them, and every
//! Maglev slot. A last test reads an Envoy cluster in YAML and checks that `fulcrum::config`
//! predicts through the same structures, a request's key hashed with xxHash64 (seed 0).

use fulcrum::config::{self, predict::Predictor};
use fulcrum::engine::proxies::envoy::{EnvoyMaglev, EnvoyRing, request_hash};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_str(include_str!("envoy/vectors.json")).unwrap()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect()
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_u64().unwrap() as u32)
        .collect()
}

#[test]
fn ring_hash_matches_envoys_published_rings() {
    let v = vectors();
    for case in v["ring_hash"].as_array().unwrap() {
        let src = case["source"].as_str().unwrap();
        let keys = strs(&case["keys"]);
        let ring = EnvoyRing::build(
            &keys,
            &u32s(&case["weights"]),
            case["minimum_ring_size"].as_u64().unwrap(),
            8 * 1024 * 1024,
            case["hash_function"] == "MURMUR_HASH_2",
        );
        let expected: Vec<(u64, usize)> = case["ring"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e[1].as_str().unwrap().parse().unwrap(),
                    e[0].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(ring.entries, expected, "{src}");
        for l in case["lookups"].as_array().unwrap() {
            let hash: u64 = l[0].as_str().unwrap().parse().unwrap();
            let host = ring.entries[ring.lookup(hash).unwrap()].1;
            assert_eq!(host as u64, l[1].as_u64().unwrap(), "{src}: hash {hash}");
        }
    }
}

#[test]
fn maglev_matches_envoys_published_tables() {
    let v = vectors();
    for case in v["maglev"].as_array().unwrap() {
        let src = case["source"].as_str().unwrap();
        let m = EnvoyMaglev::build(
            &strs(&case["keys"]),
            &u32s(&case["weights"]),
            case["table_size"].as_u64().unwrap(),
        );
        let expected: Vec<usize> = u32s(&case["table"]).iter().map(|&x| x as usize).collect();
        assert_eq!(m.table, expected, "{src}");
        // Envoy's tests look up hashes 0..3M: slot i mod M.
        for i in 0..3 * expected.len() as u64 {
            assert_eq!(
                m.lookup(i).unwrap().1,
                expected[i as usize % expected.len()],
                "{src}"
            );
        }
    }
}

#[test]
fn a_yaml_cluster_predicts_through_the_same_ring_and_table() {
    let endpoints: String = (90..96)
        .map(|p| {
            format!(
                "      - endpoint:\n          hostname: \"{p}\"\n          address:\n            \
                 socket_address: {{address: 127.0.0.1, port_value: {p}}}\n"
            )
        })
        .collect();
    for (policy, extra) in [
        (
            "RING_HASH",
            "  ring_hash_lb_config: {minimum_ring_size: 12}\n",
        ),
        ("MAGLEV", "  maglev_lb_config: {table_size: 7}\n"),
    ] {
        let yaml = format!(
            "name: web\nlb_policy: {policy}\n{}common_lb_config:\n  consistent_hashing_lb_config:\n    \
             use_hostname_for_hashing: true\nload_assignment:\n  cluster_name: web\n  endpoints:\n  \
             - lb_endpoints:\n{endpoints}",
            extra.trim_start()
        );
        let parsed = config::parse(&yaml, Some(config::Proxy::Envoy)).unwrap();
        let mut p = Predictor::new(parsed.backend(None).unwrap()).unwrap();
        let names: Vec<String> = (90..96).map(|p| p.to_string()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let ring = EnvoyRing::build(&names, &[1; 6], 12, 8 << 20, false);
        let table = EnvoyMaglev::build(&names, &[1; 6], 7);
        for i in 0..200 {
            let key = format!("user-{i}");
            let server = p.pick(i, &key).unwrap();
            let h = request_hash(key.as_bytes());
            let expected = if policy == "RING_HASH" {
                ring.entries[ring.lookup(h).unwrap()].1
            } else {
                table.lookup(h).unwrap().1
            };
            assert_eq!(server, expected, "{policy} {key}");
        }
    }
}
