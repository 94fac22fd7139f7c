//! Envoy clusters in YAML (`static_resources: clusters:`, `clusters:`, a list of clusters or one
//! cluster), read through serde_norway into values and then field by field, as Envoy's
//! `envoy.config.cluster.v3.Cluster` names them: `lb_policy`, `ring_hash_lb_config`
//! (`minimum_ring_size`, `maximum_ring_size`, `hash_function`), `maglev_lb_config.table_size`,
//! `common_lb_config.consistent_hashing_lb_config.use_hostname_for_hashing`,
//! `least_request_lb_config` (`choice_count`, `active_request_bias`, `slow_start_config`) and
//! `load_assignment`'s endpoints (`address.socket_address.{address, port_value}`, `hostname`,
//! `load_balancing_weight`). A route's `hash_policy` anywhere in the file names the key (a
//! header, or `connection_properties.source_ip`). Defaults are Envoy's (cluster.proto).
//!
//! YAML carries no line numbers once parsed into values, so an error names the field's path
//! (`clusters[0].lb_policy`) and the first line of the file that holds the field's key.

use serde_norway::Value;

use crate::engine::proxies::envoy_least::{MAX_SLOW_START_WINDOW_MS, SlowStart};

use super::{
    Backend, Config, ConfigError, EnvoyHashFunction, EnvoyLbPolicy, KeySource, MAX_BACKENDS,
    MAX_SERVERS, MAX_WEIGHT, Note, NoteKind, Policy, Proxy, ServerEntry,
};

/// Envoy's ring size bound (`ring_hash_lb_config.maximum_ring_size`'s limit, 8M).
pub const MAX_RING_SIZE: u64 = 8 * 1024 * 1024;
/// Fulcrum's bound on a Maglev table (Envoy allows up to 5,000,011).
pub const MAX_TABLE_SIZE: u64 = 5_000_011;

/// The first line (1-based) at or after `from` that holds `key:`, or `from`.
fn line_of(text: &str, key: &str, from: usize) -> usize {
    let pat = format!("{key}:");
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.starts_with(&pat) || t.starts_with(&format!("\"{key}\":"))
        })
        .map_or(from, |(i, _)| i + 1)
}

/// The document as values: YAML, or JSON with JSON's own error positions (the page reads it in the import worker, a
/// module of its own, so the YAML parser costs the page's first load nothing).
fn read_document(text: &str) -> Result<Value, ConfigError> {
    if looks_like_json(text) {
        return read_json(text);
    }
    serde_norway::from_str(text).map_err(|e| {
        let line = e.location().map_or(0, |l| l.line());
        ConfigError::new(line, format!("expected YAML: {e}"))
    })
}

/// Does the text start as a JSON document (an object or a list)?
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// A JSON document as the same values (serde_json): JSON's own error positions.
pub fn read_json(text: &str) -> Result<Value, ConfigError> {
    serde_json::from_str(text)
        .map_err(|e| ConfigError::new(e.line(), format!("expected JSON: {e}")))
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping()?.get(key)
}

/// Read every cluster of an Envoy YAML configuration.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let doc = read_document(text)?;
    let clusters: Vec<&Value> = if let Some(c) = get(&doc, "static_resources")
        .and_then(|s| get(s, "clusters"))
        .or_else(|| get(&doc, "clusters"))
    {
        c.as_sequence()
            .ok_or_else(|| {
                ConfigError::new(
                    line_of(text, "clusters", 1),
                    "expected `clusters:` to be a list",
                )
            })?
            .iter()
            .collect()
    } else if let Some(seq) = doc.as_sequence() {
        seq.iter().collect()
    } else if get(&doc, "name").is_some() {
        vec![&doc]
    } else {
        return Err(ConfigError::new(
            0,
            "expected an Envoy cluster: `clusters:` (or `static_resources: clusters:`) with \
             `name`, `lb_policy` and `load_assignment`",
        ));
    };
    if clusters.len() > MAX_BACKENDS {
        return Err(ConfigError::new(
            0,
            format!("more than {MAX_BACKENDS} clusters"),
        ));
    }
    let key = hash_policy_key(&doc);
    let mut backends: Vec<Backend> = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        let b = cluster(text, c, i, key.clone())?;
        if backends.iter().any(|x| x.name == b.name) {
            return Err(ConfigError::new(
                b.line,
                format!("cluster '{}' is defined twice", b.name),
            ));
        }
        backends.push(b);
    }
    Ok(Config {
        proxy: Proxy::Envoy,
        backends,
        notes: Vec::new(),
    })
}

/// The key a route's `hash_policy` hashes: the first header or source-IP policy in the file.
fn hash_policy_key(v: &Value) -> KeySource {
    fn walk(v: &Value, depth: usize) -> Option<KeySource> {
        if depth > 64 {
            return None;
        }
        match v {
            Value::Mapping(m) => {
                if let Some(Value::Sequence(ps)) = m.get("hash_policy") {
                    for p in ps {
                        if let Some(h) = get(p, "header")
                            .and_then(|h| get(h, "header_name"))
                            .and_then(Value::as_str)
                        {
                            return Some(KeySource::Header(h.to_string()));
                        }
                        if get(p, "connection_properties")
                            .and_then(|c| get(c, "source_ip"))
                            .and_then(Value::as_bool)
                            == Some(true)
                        {
                            return Some(KeySource::ClientAddress);
                        }
                    }
                }
                m.values().find_map(|x| walk(x, depth + 1))
            }
            Value::Sequence(s) => s.iter().find_map(|x| walk(x, depth + 1)),
            Value::Tagged(t) => walk(&t.value, depth + 1),
            _ => None,
        }
    }
    walk(v, 0).unwrap_or(KeySource::Expression("the route's hash policy".to_string()))
}

fn cluster(text: &str, c: &Value, index: usize, key: KeySource) -> Result<Backend, ConfigError> {
    let path = format!("clusters[{index}]");
    let name = get(c, "name")
        .and_then(Value::as_str)
        .ok_or_else(|| ConfigError::new(0, format!("{path}: expected `name: CLUSTER_NAME`")))?;
    // The cluster's first line: where its name is written.
    let start = text
        .lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.starts_with("name:") && t[5..].trim().trim_matches(['"', '\'']) == name
        })
        .map_or(1, |i| i + 1);
    let at = ClusterAt { text, path, start };
    let policy = lb_policy(c, &at)?;
    let mut notes = unmodelled_fields(c, &at);
    notes.extend(unmodelled_balancing(c, &at));
    let servers = endpoints(c, &at, &mut notes)?;
    if servers.is_empty() {
        return Err(at.err("lb_endpoints", "expected at least one endpoint".into()));
    }
    let Policy::Envoy {
        policy: lb,
        use_hostname_for_hashing,
        ..
    } = policy
    else {
        unreachable!("lb_policy makes an Envoy policy")
    };
    if use_hostname_for_hashing && servers.iter().any(|s| s.hostname.is_none()) {
        return Err(at.err(
            "use_hostname_for_hashing",
            "every endpoint needs `hostname` when use_hostname_for_hashing is true".into(),
        ));
    }
    let key = match lb {
        EnvoyLbPolicy::RingHash | EnvoyLbPolicy::Maglev => key,
        _ => KeySource::None,
    };
    Ok(Backend {
        proxy: Proxy::Envoy,
        name: name.to_string(),
        line: start,
        servers,
        policy,
        key,
        notes,
    })
}

/// Where a cluster is in the text, so an error names its field and line.
struct ClusterAt<'a> {
    text: &'a str,
    /// `clusters[i]`.
    path: String,
    /// The line of the cluster's name.
    start: usize,
}

impl ClusterAt<'_> {
    fn err(&self, field: &str, msg: String) -> ConfigError {
        ConfigError::new(
            line_of(self.text, field, self.start),
            format!("{}.{field}: {msg}", self.path),
        )
    }

    /// `parent.field`, a whole number from 1 to `max` (bare or wrapped as `{value: N}`), or
    /// `default` when it is absent.
    fn uint(
        &self,
        parent: Option<&Value>,
        field: &str,
        default: u64,
        max: u64,
    ) -> Result<u64, ConfigError> {
        match parent.and_then(|p| get(p, field)) {
            None => Ok(default),
            Some(v) => {
                let n = v
                    .as_u64()
                    .or_else(|| get(v, "value").and_then(Value::as_u64));
                n.filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                    self.err(field, format!("expected a whole number from 1 to {max}"))
                })
            }
        }
    }
}

/// The cluster's `lb_policy` and the settings of each policy Fulcrum models.
fn lb_policy(c: &Value, at: &ClusterAt) -> Result<Policy, ConfigError> {
    let policy = match get(c, "lb_policy").map(|v| v.as_str()) {
        None => EnvoyLbPolicy::RoundRobin,
        Some(Some("ROUND_ROBIN")) => EnvoyLbPolicy::RoundRobin,
        Some(Some("LEAST_REQUEST")) => EnvoyLbPolicy::LeastRequest,
        Some(Some("RANDOM")) => EnvoyLbPolicy::Random,
        Some(Some("RING_HASH")) => EnvoyLbPolicy::RingHash,
        Some(Some("MAGLEV")) => EnvoyLbPolicy::Maglev,
        Some(other) => {
            return Err(at.err(
                "lb_policy",
                format!(
                    "expected ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH or MAGLEV, found {}",
                    other.unwrap_or("a non-string")
                ),
            ));
        }
    };
    let rh = get(c, "ring_hash_lb_config");
    let min_ring_size = at.uint(rh, "minimum_ring_size", 1024, MAX_RING_SIZE)?;
    let max_ring_size = at.uint(rh, "maximum_ring_size", MAX_RING_SIZE, MAX_RING_SIZE)?;
    if min_ring_size > max_ring_size {
        return Err(at.err(
            "minimum_ring_size",
            format!("expected at most maximum_ring_size ({max_ring_size}), found {min_ring_size}"),
        ));
    }
    let hash_function = match rh.and_then(|r| get(r, "hash_function")).map(Value::as_str) {
        None | Some(Some("XX_HASH")) => EnvoyHashFunction::XxHash,
        Some(Some("MURMUR_HASH_2")) => EnvoyHashFunction::MurmurHash2,
        Some(_) => {
            return Err(at.err("hash_function", "expected XX_HASH or MURMUR_HASH_2".into()));
        }
    };
    let table_size = at.uint(
        get(c, "maglev_lb_config"),
        "table_size",
        65_537,
        MAX_TABLE_SIZE,
    )?;
    let use_hostname_for_hashing = match get(c, "common_lb_config")
        .and_then(|x| get(x, "consistent_hashing_lb_config"))
        .and_then(|x| get(x, "use_hostname_for_hashing"))
    {
        None => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| at.err("use_hostname_for_hashing", "expected true or false".into()))?,
    };
    let lr = get(c, "least_request_lb_config");
    let choice_count = at.uint(lr, "choice_count", 2, 100)? as u32;
    let active_request_bias = match lr.and_then(|l| get(l, "active_request_bias")) {
        None => None,
        Some(v) => Some(
            v.as_f64()
                .or_else(|| get(v, "default_value").and_then(Value::as_f64))
                .filter(|b| b.is_finite() && *b >= 0.0)
                .ok_or_else(|| {
                    at.err(
                        "active_request_bias",
                        "expected a number ≥ 0 (or {default_value: N})".into(),
                    )
                })?,
        ),
    };
    let slow_start = slow_start(lr.and_then(|l| get(l, "slow_start_config")), at)?;
    Ok(Policy::Envoy {
        policy,
        slow_start,
        min_ring_size,
        max_ring_size,
        hash_function,
        table_size,
        use_hostname_for_hashing,
        choice_count,
        active_request_bias,
    })
}

/// `slow_start_config` (`SlowStartConfig`): `slow_start_window` (a protobuf duration, `"30s"` or
/// `{seconds, nanos}`, taken in whole milliseconds as Envoy's `durationToMilliseconds` takes it),
/// `aggression` (a `RuntimeDouble`, its `default_value`; 1 when absent) and `min_weight_percent`
/// (a `Percent`, `{value: N}`; 10 when absent). `None` without a window, or a window of 0 (Envoy's
/// slow start is then off).
fn slow_start(ss: Option<&Value>, at: &ClusterAt) -> Result<Option<SlowStart>, ConfigError> {
    let Some(ss) = ss else {
        return Ok(None);
    };
    let window_ms = match get(ss, "slow_start_window") {
        None => 0,
        Some(w) => duration_ms(w)
            .filter(|&ms| ms <= MAX_SLOW_START_WINDOW_MS)
            .ok_or_else(|| {
                at.err(
                    "slow_start_window",
                    "expected a duration such as \"30s\" (at most a day)".into(),
                )
            })?,
    };
    let number =
        |field: &str, inner: &str, default: f64, ok: &dyn Fn(f64) -> bool, expected| match get(
            ss, field,
        ) {
            None => Ok(default),
            Some(v) => v
                .as_f64()
                .or_else(|| get(v, inner).and_then(Value::as_f64))
                .filter(|x| ok(*x))
                .ok_or_else(|| at.err(field, String::from(expected))),
        };
    let aggression = number(
        "aggression",
        "default_value",
        1.0,
        &|x: f64| x.is_finite(),
        "expected a number (or {default_value: N})",
    )?;
    let min_weight_percent = number(
        "min_weight_percent",
        "value",
        10.0,
        &|x: f64| (0.0..=100.0).contains(&x),
        "expected a percentage from 0 to 100 (or {value: N})",
    )?;
    Ok((window_ms > 0).then_some(SlowStart {
        window_ms,
        aggression,
        min_weight_percent,
    }))
}

/// A protobuf duration in whole milliseconds: `"1.5s"` (JSON's form) or `{seconds, nanos}`.
fn duration_ms(v: &Value) -> Option<u64> {
    if let Some(s) = v.as_str() {
        let secs: f64 = s.strip_suffix('s')?.parse().ok()?;
        // Whole milliseconds, truncated as durationToMilliseconds truncates.
        return (0.0..1e12)
            .contains(&secs)
            .then_some((secs * 1000.0) as u64);
    }
    let seconds = get(v, "seconds").map_or(Some(0), Value::as_u64)?;
    let nanos = get(v, "nanos").map_or(Some(0), Value::as_u64)?;
    seconds.checked_mul(1000)?.checked_add(nanos / 1_000_000)
}

/// A note for each field of the cluster that Fulcrum does not model.
fn unmodelled_fields(c: &Value, at: &ClusterAt) -> Vec<Note> {
    let mut notes = Vec::new();
    for (field, _) in c.as_mapping().into_iter().flatten() {
        if let Some(f) = field.as_str()
            && !matches!(
                f,
                "name"
                    | "lb_policy"
                    | "ring_hash_lb_config"
                    | "maglev_lb_config"
                    | "common_lb_config"
                    | "least_request_lb_config"
                    | "round_robin_lb_config"
                    | "load_assignment"
            )
        {
            notes.push(Note::new(
                line_of(at.text, f, at.start),
                NoteKind::NotModelled { what: f.into() },
            ));
        }
    }
    notes
}

/// A note for each balancing setting Fulcrum reads but does not model, saying what it would
/// change: slow start, least request's full scan, and locality-weighted balancing.
fn unmodelled_balancing(c: &Value, at: &ClusterAt) -> Vec<Note> {
    let mut notes = Vec::new();
    let note = |field: &str, kind| Note::new(line_of(at.text, field, at.start), kind);
    let lr = get(c, "least_request_lb_config");
    let rr = get(c, "round_robin_lb_config");
    // Least request's slow start is modelled (the engine's envoy_least_request); round robin's
    // is not: the page runs the closest strategy there, without Envoy's schedule.
    let least_request = get(c, "lb_policy").and_then(Value::as_str) == Some("LEAST_REQUEST");
    let unmodelled = if least_request { None } else { lr };
    if [unmodelled, rr]
        .into_iter()
        .flatten()
        .any(|x| get(x, "slow_start_config").is_some())
    {
        notes.push(note("slow_start_config", NoteKind::EnvoySlowStart));
    }
    if lr
        .and_then(|l| get(l, "selection_method"))
        .and_then(Value::as_str)
        == Some("FULL_SCAN")
    {
        notes.push(note("selection_method", NoteKind::EnvoyFullScan));
    }
    let localities: Vec<&Value> = get(c, "load_assignment")
        .and_then(|la| get(la, "endpoints"))
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter(|l| get(l, "priority").and_then(Value::as_u64).unwrap_or(0) == 0)
        .collect();
    let weighted = localities
        .iter()
        .any(|l| get(l, "load_balancing_weight").is_some());
    let locality_lb = get(c, "common_lb_config")
        .and_then(|x| get(x, "locality_weighted_lb_config"))
        .is_some();
    if locality_lb {
        notes.push(note(
            "locality_weighted_lb_config",
            NoteKind::EnvoyLocalityWeighted,
        ));
    } else if weighted {
        notes.push(note(
            "load_balancing_weight",
            NoteKind::EnvoyLocalityWeightsIgnored,
        ));
    }
    notes
}

/// The endpoints of priority 0 as servers, with a note for what is left out.
fn endpoints(
    c: &Value,
    at: &ClusterAt,
    notes: &mut Vec<Note>,
) -> Result<Vec<ServerEntry>, ConfigError> {
    let mut servers = Vec::new();
    let la = get(c, "load_assignment").ok_or_else(|| {
        at.err(
            "load_assignment",
            "expected `load_assignment: endpoints: - lb_endpoints: ...`".into(),
        )
    })?;
    let localities = get(la, "endpoints")
        .and_then(Value::as_sequence)
        .ok_or_else(|| {
            at.err(
                "endpoints",
                "expected a list of localities with `lb_endpoints`".into(),
            )
        })?;
    for loc in localities {
        if get(loc, "priority").and_then(Value::as_u64).unwrap_or(0) > 0 {
            notes.push(Note::new(
                line_of(at.text, "priority", at.start),
                NoteKind::EnvoyPriorityLeftOut,
            ));
            continue;
        }
        let eps = get(loc, "lb_endpoints")
            .and_then(Value::as_sequence)
            .ok_or_else(|| {
                at.err(
                    "lb_endpoints",
                    "expected a list of `- endpoint: address: ...`".into(),
                )
            })?;
        for ep in eps {
            if servers.len() >= MAX_SERVERS {
                return Err(at.err("lb_endpoints", format!("more than {MAX_SERVERS} endpoints")));
            }
            let e = get(ep, "endpoint")
                .ok_or_else(|| at.err("lb_endpoints", "expected `- endpoint:`".into()))?;
            let sa = get(e, "address").and_then(|a| get(a, "socket_address"));
            let addr = sa.and_then(|s| get(s, "address")).and_then(Value::as_str);
            let port = sa
                .and_then(|s| get(s, "port_value"))
                .and_then(Value::as_u64);
            let (Some(addr), Some(port)) = (addr, port.filter(|p| (1..=65535).contains(p))) else {
                return Err(at.err(
                    "socket_address",
                    "expected `address: socket_address: {address: HOST, port_value: 1..65535}`"
                        .into(),
                ));
            };
            let weight = match get(ep, "load_balancing_weight") {
                None => 1,
                Some(w) => w
                    .as_u64()
                    .or_else(|| get(w, "value").and_then(Value::as_u64))
                    .filter(|w| (1..=u64::from(MAX_WEIGHT)).contains(w))
                    .ok_or_else(|| {
                        at.err(
                            "load_balancing_weight",
                            format!("expected a whole number from 1 to {MAX_WEIGHT}"),
                        )
                    })? as u32,
            };
            let line = at
                .text
                .lines()
                .enumerate()
                .skip(at.start - 1)
                .find(|(_, l)| l.contains(addr))
                .map_or(at.start, |(i, _)| i + 1);
            let mut s = ServerEntry::new(format!("{addr}:{port}"), weight, line);
            s.hostname = get(e, "hostname")
                .and_then(Value::as_str)
                .map(str::to_string);
            if servers.iter().any(|x: &ServerEntry| x.address == s.address) {
                return Err(ConfigError::new(
                    line,
                    format!("{}: endpoint {} is listed twice", at.path, s.address),
                ));
            }
            servers.push(s);
        }
    }
    Ok(servers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUSTER: &str = "static_resources:\n  clusters:\n  - name: web\n    lb_policy: \
        RING_HASH\n    connect_timeout: 1s\n    ring_hash_lb_config:\n      minimum_ring_size: \
        64\n      hash_function: MURMUR_HASH_2\n    load_assignment:\n      cluster_name: web\n      \
        endpoints:\n      - lb_endpoints:\n        - endpoint:\n            address:\n              \
        socket_address: {address: 10.0.0.1, port_value: 80}\n            hostname: a\n          \
        load_balancing_weight: 2\n        - endpoint:\n            address:\n              \
        socket_address: {address: 10.0.0.2, port_value: 80}\n";

    #[test]
    fn reads_a_ring_hash_cluster() {
        let c = parse(CLUSTER).unwrap();
        let b = c.backend(None).unwrap();
        assert_eq!(b.name, "web");
        assert_eq!(b.servers.len(), 2);
        assert_eq!(b.servers[0].address, "10.0.0.1:80");
        assert_eq!(b.servers[0].weight, 2);
        assert_eq!(b.servers[0].hostname.as_deref(), Some("a"));
        assert_eq!(b.servers[0].line, 15);
        let Policy::Envoy {
            policy,
            min_ring_size,
            hash_function,
            ..
        } = b.policy
        else {
            panic!()
        };
        assert_eq!(policy, EnvoyLbPolicy::RingHash);
        assert_eq!(min_ring_size, 64);
        assert_eq!(hash_function, EnvoyHashFunction::MurmurHash2);
        assert!(
            b.notes
                .iter()
                .any(|n| n.line == 5 && n.kind == not_modelled("connect_timeout"))
        );
    }

    /// `slow_start_config` as Envoy's protobuf reads it: the window a duration (`"2.5s"` or
    /// `{seconds, nanos}`, whole milliseconds), aggression a `RuntimeDouble`, the minimum a
    /// `Percent`; Envoy's defaults (1, 10 %) when absent; a bad value names its field and line.
    #[test]
    fn least_request_slow_start_is_read_as_envoy_s_protobuf_reads_it() {
        let with = |ss: &str| {
            CLUSTER.replace(
                "    lb_policy: RING_HASH\n",
                &format!(
                    "    lb_policy: LEAST_REQUEST\n    least_request_lb_config:\n      \
                     slow_start_config:\n{ss}"
                ),
            )
        };
        let read = |ss: &str| match parse(&with(ss)).map(|c| c.backends[0].policy.clone()) {
            Ok(Policy::Envoy { slow_start, .. }) => Ok(slow_start),
            Ok(_) => panic!(),
            Err(e) => Err(e),
        };
        assert_eq!(
            read(
                "        slow_start_window: 2.5s\n        aggression: {default_value: 2, \
                  runtime_key: k}\n        min_weight_percent: {value: 5}\n"
            ),
            Ok(Some(SlowStart {
                window_ms: 2_500,
                aggression: 2.0,
                min_weight_percent: 5.0
            }))
        );
        assert_eq!(
            read("        slow_start_window: {seconds: 60, nanos: 250000000}\n"),
            Ok(Some(SlowStart {
                window_ms: 60_250,
                ..SlowStart::default()
            }))
        );
        // No window (or 0 s): Envoy's slow start is off.
        assert_eq!(read("        aggression: {default_value: 2}\n"), Ok(None));
        assert_eq!(read("        slow_start_window: 0s\n"), Ok(None));
        let e = read("        slow_start_window: soon\n").unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.message.contains("slow_start_window"), "{e}");
        let e = read("        slow_start_window: 1s\n        min_weight_percent: {value: 140}\n")
            .unwrap_err();
        assert!(e.message.contains("min_weight_percent"), "{e}");
    }

    fn not_modelled(what: &str) -> NoteKind {
        NoteKind::NotModelled { what: what.into() }
    }

    #[test]
    fn errors_name_the_field_and_its_line() {
        let e = parse(&CLUSTER.replace("RING_HASH", "STICKY")).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("lb_policy: expected ROUND_ROBIN"), "{e}");
        let e = parse(&CLUSTER.replace(
            "port_value: 80}\n            hostname",
            "port_value: 0}\n            hostname",
        ))
        .unwrap_err();
        assert!(e.message.contains("port_value"), "{e}");
        let e = parse("clusters: [\n").unwrap_err();
        assert!(e.message.starts_with("expected YAML"), "{e}");
    }

    /// Full scan, round robin's slow start and locality weights are read and said in a note
    /// that says what ignoring them changes, at their line; least request's slow start is read
    /// into the policy (the engine ramps by it), without a note.
    #[test]
    fn unmodelled_balancing_settings_are_notes_saying_what_they_change() {
        let lr = CLUSTER.replace(
            "    lb_policy: RING_HASH\n",
            "    lb_policy: LEAST_REQUEST\n    least_request_lb_config:\n      choice_count: 3\n      \
             selection_method: FULL_SCAN\n      slow_start_config:\n        slow_start_window: \
             30s\n",
        );
        let b = parse(&lr).unwrap().backends[0].clone();
        let find = |kind: NoteKind| b.notes.iter().find(|n| n.kind == kind).map(|n| n.line);
        assert_eq!(find(NoteKind::EnvoySlowStart), None);
        assert_eq!(find(NoteKind::EnvoyFullScan), Some(7));
        let Policy::Envoy { slow_start, .. } = b.policy else {
            panic!()
        };
        assert_eq!(slow_start.map(|s| s.window_ms), Some(30_000));
        let rr = CLUSTER.replace(
            "    lb_policy: RING_HASH\n",
            "    lb_policy: ROUND_ROBIN\n    round_robin_lb_config:\n      slow_start_config: {}\n",
        );
        let b = parse(&rr).unwrap().backends[0].clone();
        assert!(b.notes.iter().any(|n| n.kind == NoteKind::EnvoySlowStart));
        assert!(
            !b.notes
                .iter()
                .any(|n| n.kind == not_modelled("round_robin_lb_config"))
        );

        // Two localities, weights 1 and 3 on the localities.
        let two = "clusters:\n- name: svc\n  lb_policy: ROUND_ROBIN\n  load_assignment:\n    \
            cluster_name: svc\n    endpoints:\n    - load_balancing_weight: 1\n      lb_endpoints:\n      \
            - endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 80}}}\n    \
            - load_balancing_weight: 3\n      lb_endpoints:\n      \
            - endpoint: {address: {socket_address: {address: 10.0.0.2, port_value: 80}}}\n";
        let b = parse(two).unwrap().backends[0].clone();
        assert_eq!(b.servers.len(), 2);
        assert_eq!(
            b.notes,
            [Note::new(7, NoteKind::EnvoyLocalityWeightsIgnored)]
        );
        let weighted = two.replace(
            "  load_assignment:",
            "  common_lb_config:\n    locality_weighted_lb_config: {}\n  load_assignment:",
        );
        let b = parse(&weighted).unwrap().backends[0].clone();
        assert_eq!(b.notes, [Note::new(5, NoteKind::EnvoyLocalityWeighted)]);
    }

    /// The browser reads JSON only (`read_json`): the same cluster written in JSON gives the
    /// same values as its YAML, and broken JSON names its line.
    #[test]
    fn the_browser_s_json_reader_gives_the_yaml_reader_s_values() {
        let yaml: Value = serde_norway::from_str(CLUSTER).unwrap();
        let json = serde_json::to_string_pretty(&yaml).unwrap();
        assert!(looks_like_json(&json) && !looks_like_json(CLUSTER));
        assert_eq!(read_json(&json).unwrap(), yaml);
        assert_eq!(super::super::detect(&json), Some(Proxy::Envoy));
        let (from_json, from_yaml) = (parse(&json).unwrap(), parse(CLUSTER).unwrap());
        let (j, y) = (
            from_json.backend(None).unwrap(),
            from_yaml.backend(None).unwrap(),
        );
        assert_eq!((&j.name, &j.policy, &j.key), (&y.name, &y.policy, &y.key));
        let servers = |b: &Backend| {
            b.servers
                .iter()
                .map(|s| (s.address.clone(), s.weight, s.hostname.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(servers(j), servers(y));
        let e = read_json("{\n  \"clusters\": [\n    {\"name\": }\n  ]\n}").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with("expected JSON"), "{e}");
    }
}
