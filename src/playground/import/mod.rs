//! The import panel's model: a pasted nginx, HAProxy or Envoy configuration turned into what the
//! page runs on. `config::parse` reads the text; one backend (the only one, or the one chosen)
//! gives the page's pool (its servers and weights), the page's strategy (the proxy's own rule
//! where the engine has it, else the closest strategy, said in a note), and the lookup
//! debugger's pool and hashing strategy. The key check beside the paste always makes the
//! proxy's exact pick (`config::predict`), whatever the page shows.
//!
//! Everything the reader ignored and everything the page could not take as it is (a backup or
//! `down` server, an address that is no server id, a weight above the page's range, a config too
//! large for a link) is an [`ImportNote`] with its line, worded in the page's language by
//! [`ImportNote::text`]; a file that cannot be read is a [`ConfigError`] with its line and what
//! was expected. Plain Rust, tested natively.

pub mod wire;

use serde::{Deserialize, Serialize};

use crate::config::predict::Predictor;
use crate::config::{
    self, Backend, ConfigError, EnvoyLbPolicy, HaproxyBalance, HaproxyHashType, NginxPolicy, Note,
    Policy, Proxy,
};
use crate::engine::churn::HashStrategy;
use crate::engine::proxies::envoy_least::SlowStart;
use crate::engine::{RingFlavor, StrategyConfig, StrategyKind};
use crate::share::i18n::{Lang, LaterText, Text};
use crate::share::packed::MAX_UNPACKED_BYTES;
use crate::share::permalink::{self, ServerSetting, WEIGHT, valid_server_id};

/// The most bytes the panel reads (a link carries no more either).
pub const MAX_IMPORT_BYTES: usize = MAX_UNPACKED_BYTES;

/// How closely the page's strategy follows the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fidelity {
    /// The engine runs the proxy's own rule on the same servers: the page's picks are the proxy's.
    Exact,
    /// The page shows the closest strategy; the key check is still the proxy's own pick.
    Closest,
}

/// What the lookup debugger is set to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupSetup {
    /// Its server list (`host:port=weight,…`).
    pub spec: String,
    /// The hashing strategy that gives the proxy's picks.
    #[serde(with = "wire::hash_strategy")]
    pub strategy: HashStrategy,
    /// Maglev's M (Envoy's `table_size`), when the policy is Maglev.
    pub table_size: Option<u32>,
}

/// Why a server of the configuration is not in the page's pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// A backup server: the proxy uses it only when the others are down.
    Backup,
    /// Marked `down`: the proxy keeps its place but sends it nothing.
    Down,
    /// Not usable as a page server id (1–64 of `A-Z a-z 0-9 . _ : -`).
    BadId,
    /// The same address twice.
    Duplicate,
    /// Past the page's most servers.
    TooMany,
}

/// Something the page could not take as the configuration says it, or the reader ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportNote {
    /// The reader's own note (what it does not model), in its words.
    Ignored(Note),
    /// A server left out of the page's pool.
    LeftOut {
        /// Its line in the file.
        line: usize,
        /// Its address as the file writes it.
        server: String,
        /// Why.
        why: LeftOut,
    },
    /// A weight above the page's range, lowered.
    Weight {
        /// Its line in the file.
        line: usize,
        /// Its address as the file writes it.
        server: String,
        /// The weight as written.
        weight: u32,
        /// The weight used: the page's largest.
        used: u32,
    },
    /// The page shows `strategy`, the closest to `policy`.
    Closest {
        /// The policy as the configuration writes it.
        policy: String,
        /// The page's strategy shown instead.
        strategy: StrategyKind,
        /// Whether the proxy hashes a key (the key check then makes the proxy's own pick).
        keyed: bool,
    },
    /// Even packed, the text is too long for a link: the link leaves it out.
    TooLargeForLink,
    /// An Envoy least request setting past the page's range (the link's `d=`, `bias=`,
    /// `slow_start=` or `aggression=`): the page's end is used.
    LeastRequestClamped {
        /// Which: `choice_count` or `active_request_bias`.
        setting: LeastRequestSetting,
        /// The value as configured, as a number in text.
        value: String,
        /// The value the page uses, as a number in text.
        used: String,
    },
}

/// Envoy least request's settings the page carries (`d=`, `bias=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeastRequestSetting {
    /// `choice_count`: the page's d.
    ChoiceCount,
    /// `active_request_bias`.
    ActiveRequestBias,
    /// `slow_start_config.slow_start_window`, in ms.
    SlowStartWindow,
    /// `slow_start_config.aggression`.
    SlowStartAggression,
}

impl ImportNote {
    /// The line the note is about (0: the file as a whole).
    pub fn line(&self) -> usize {
        match self {
            ImportNote::Ignored(n) => n.line,
            ImportNote::LeftOut { line, .. } | ImportNote::Weight { line, .. } => *line,
            ImportNote::Closest { .. }
            | ImportNote::TooLargeForLink
            | ImportNote::LeastRequestClamped { .. } => 0,
        }
    }

    /// The note as a sentence in `lang`, with its line when it has one.
    pub fn text(&self, lang: Lang) -> String {
        let body = match self {
            ImportNote::Ignored(n) => LaterText::ImportIgnored.fill(
                lang,
                &["what"],
                &[&crate::share::config_notes::note_text(&n.kind, lang)],
            ),
            ImportNote::LeftOut { server, why, .. } => {
                let why = match why {
                    LeftOut::Backup => LaterText::ImportLeftOutBackup,
                    LeftOut::Down => LaterText::ImportLeftOutDown,
                    LeftOut::BadId => LaterText::ImportLeftOutBadId,
                    LeftOut::Duplicate => LaterText::ImportLeftOutDuplicate,
                    LeftOut::TooMany => LaterText::ImportLeftOutTooMany,
                };
                why.fill(
                    lang,
                    &["server", "max"],
                    &[server, &permalink::MAX_SERVERS.to_string()],
                )
            }
            ImportNote::Weight {
                server,
                weight,
                used,
                ..
            } => LaterText::ImportWeight.fill(
                lang,
                &["server", "weight", "used"],
                &[server, &weight.to_string(), &used.to_string()],
            ),
            ImportNote::Closest {
                policy,
                strategy,
                keyed,
            } => {
                let name = format!(
                    "{} ({})",
                    Text::strategy_name(*strategy).get(lang),
                    strategy.name()
                );
                if *keyed {
                    LaterText::ImportClosestKeyed
                } else {
                    LaterText::ImportClosest
                }
                .fill(lang, &["policy", "strategy"], &[policy, &name])
            }
            ImportNote::TooLargeForLink => LaterText::ImportTooLargeForLink.fill(
                lang,
                &["max"],
                &[&permalink::MAX_VALUE_BYTES.to_string()],
            ),
            ImportNote::LeastRequestClamped {
                setting,
                value,
                used,
            } => match setting {
                LeastRequestSetting::ChoiceCount => LaterText::ImportChoicesClamped,
                LeastRequestSetting::ActiveRequestBias => LaterText::ImportBiasClamped,
                LeastRequestSetting::SlowStartWindow => LaterText::ImportSlowStartWindowClamped,
                LeastRequestSetting::SlowStartAggression => LaterText::ImportAggressionClamped,
            }
            .fill(lang, &["value", "used"], &[value, used]),
        };
        line_prefixed(self.line(), &body, lang)
    }
}

/// `body` after "line N: " (nothing for line 0).
fn line_prefixed(line: usize, body: &str, lang: Lang) -> String {
    if line == 0 {
        body.to_string()
    } else {
        LaterText::ImportAtLine.fill(lang, &["line", "text"], &[&line.to_string(), &body])
    }
}

/// A configuration that cannot be read, in the page's language: its line and what was expected
/// (the reader's own words).
pub fn error_text(e: &ConfigError, lang: Lang) -> String {
    line_prefixed(
        e.line,
        &LaterText::ImportRefused.fill(lang, &["why"], &[&e.message]),
        lang,
    )
}

/// A read configuration, set up for the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// Which proxy wrote the configuration.
    pub proxy: Proxy,
    /// Every backend's name, in file order (the panel's select when there are several).
    pub backends: Vec<String>,
    /// The backend shown.
    pub backend: Backend,
    /// The proxy's policy as the configuration writes it (`hash $request_uri consistent`).
    pub policy: String,
    /// The backend's servers, as the page's pool.
    pub servers: Vec<ServerSetting>,
    /// The page's strategy for the policy.
    pub strategy: StrategyKind,
    /// The ring it builds with (nginx's for nginx's consistent hash).
    pub ring: RingFlavor,
    /// The page's d: Envoy least request's `choice_count` (else the page's default).
    pub d: u32,
    /// Envoy least request's `active_request_bias` (`None`: not set, or not Envoy's).
    pub active_request_bias: Option<f64>,
    /// Envoy least request's `slow_start_config`, within the page's ranges (`None`: not set).
    pub slow_start: Option<SlowStart>,
    /// Whether the page's picks are the proxy's own or the closest it has.
    pub fidelity: Fidelity,
    /// `None` when the policy does not hash (the debugger keeps its own settings).
    pub lookup: Option<LookupSetup>,
    /// What the import changed or left out, for the panel.
    pub notes: Vec<ImportNote>,
}

/// Read `text` and set up the backend named `backend` (the first when `None` or unknown).
pub fn import(text: &str, backend: Option<&str>) -> Result<Import, ConfigError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ConfigError::new(
            0,
            format!(
                "the configuration is {} bytes; the page reads at most {MAX_IMPORT_BYTES}",
                text.len()
            ),
        ));
    }
    let config = config::parse(text, None)?;
    let chosen = backend
        .and_then(|name| config.backends.iter().find(|b| b.name == name))
        .or(config.backends.first())
        .ok_or_else(|| {
            ConfigError::new(
                0,
                format!("the file has no {} backend", config.proxy.name()),
            )
        })?
        .clone();
    let mut notes: Vec<ImportNote> = config
        .notes
        .iter()
        .chain(&chosen.notes)
        .cloned()
        .map(ImportNote::Ignored)
        .collect();
    let servers = page_servers(&chosen, &mut notes);
    if servers.is_empty() {
        return Err(ConfigError::new(
            chosen.line,
            "expected at least one server the page can run (not backup, not down)",
        ));
    }
    let (strategy, ring, exact_rule, hashing) = page_strategy(&chosen.policy);
    let (d, active_request_bias, slow_start) = least_request_knobs(&chosen.policy, &mut notes);
    let policy = chosen.policy_words();
    let fidelity = if exact_rule && notes.iter().all(|n| matches!(n, ImportNote::Ignored(_))) {
        Fidelity::Exact
    } else {
        if !exact_rule {
            notes.push(ImportNote::Closest {
                policy: policy.clone(),
                strategy,
                keyed: hashing.is_some(),
            });
        }
        Fidelity::Closest
    };
    if permalink::packed_config(text).is_none() {
        notes.push(ImportNote::TooLargeForLink);
    }
    let lookup = hashing.map(|strategy| LookupSetup {
        spec: servers
            .iter()
            .map(|s| format!("{}={}", s.id, s.weight))
            .collect::<Vec<_>>()
            .join(","),
        strategy,
        table_size: match chosen.policy {
            Policy::Envoy { table_size, .. } if strategy == HashStrategy::Maglev => {
                u32::try_from(table_size).ok()
            }
            _ => None,
        },
    });
    Ok(Import {
        proxy: config.proxy,
        backends: config.backends.iter().map(|b| b.name.clone()).collect(),
        backend: chosen,
        policy,
        servers,
        strategy,
        ring,
        d,
        active_request_bias,
        slow_start,
        fidelity,
        lookup,
        notes,
    })
}

/// The page's d, active request bias and slow start: an Envoy least request cluster's
/// `choice_count`, `active_request_bias` and `slow_start_config`, each clamped to the link's
/// range with a note; else the page's default d, no bias, no slow start.
fn least_request_knobs(
    policy: &Policy,
    notes: &mut Vec<ImportNote>,
) -> (u32, Option<f64>, Option<SlowStart>) {
    let Policy::Envoy {
        policy: EnvoyLbPolicy::LeastRequest,
        choice_count,
        active_request_bias,
        slow_start,
        ..
    } = *policy
    else {
        return (StrategyConfig::default().d, None, None);
    };
    let mut clamped = |setting, range: &permalink::Slider, value: f64| {
        let used = range.clamp(value);
        if used != value {
            notes.push(ImportNote::LeastRequestClamped {
                setting,
                value: value.to_string(),
                used: used.to_string(),
            });
        }
        used
    };
    let d = clamped(
        LeastRequestSetting::ChoiceCount,
        &permalink::CHOICES,
        f64::from(choice_count),
    ) as u32;
    let bias = active_request_bias.map(|b| {
        clamped(
            LeastRequestSetting::ActiveRequestBias,
            &permalink::ACTIVE_REQUEST_BIAS,
            b,
        )
    });
    let slow_start = slow_start.map(|s| SlowStart {
        window_ms: clamped(
            LeastRequestSetting::SlowStartWindow,
            &permalink::SLOW_START_WINDOW,
            s.window_ms as f64,
        ) as u64,
        aggression: clamped(
            LeastRequestSetting::SlowStartAggression,
            &permalink::SLOW_START_AGGRESSION,
            s.aggression,
        ),
        min_weight_percent: s.min_weight_percent,
    });
    (d, bias, slow_start)
}

/// The page's pool: the backend's servers that are neither backup nor down, with ids the page
/// takes, weights in its range, at most its number of servers; a note for each left out.
fn page_servers(b: &Backend, notes: &mut Vec<ImportNote>) -> Vec<ServerSetting> {
    let mut servers: Vec<ServerSetting> = Vec::new();
    let max_weight = WEIGHT.max as u32;
    for s in &b.servers {
        let left_out = |why| ImportNote::LeftOut {
            line: s.line,
            server: s.address.clone(),
            why,
        };
        let why = if s.backup {
            Some(LeftOut::Backup)
        } else if s.down {
            Some(LeftOut::Down)
        } else if !valid_server_id(&s.address) {
            Some(LeftOut::BadId)
        } else if servers.iter().any(|x| x.id == s.address) {
            Some(LeftOut::Duplicate)
        } else if servers.len() == permalink::MAX_SERVERS {
            Some(LeftOut::TooMany)
        } else {
            None
        };
        if let Some(why) = why {
            notes.push(left_out(why));
            continue;
        }
        let weight = s.weight.min(max_weight);
        if weight != s.weight {
            notes.push(ImportNote::Weight {
                line: s.line,
                server: s.address.clone(),
                weight: s.weight,
                used: weight,
            });
        }
        servers.push(ServerSetting::new(s.address.clone(), weight));
    }
    servers
}

/// The page's strategy for a policy: (strategy, ring flavour, whether it is the proxy's own
/// rule, the debugger's hashing strategy when the policy hashes).
fn page_strategy(policy: &Policy) -> (StrategyKind, RingFlavor, bool, Option<HashStrategy>) {
    use StrategyKind as K;
    let fulcrum = RingFlavor::Fulcrum;
    match policy {
        Policy::Nginx(p) => match p {
            NginxPolicy::RoundRobin => (K::WeightedRoundRobin, fulcrum, true, None),
            NginxPolicy::Hash {
                consistent: true, ..
            } => (
                K::ConsistentHash,
                RingFlavor::Nginx,
                true,
                Some(HashStrategy::NginxRing),
            ),
            NginxPolicy::Hash {
                consistent: false, ..
            } => (K::UrlHash, fulcrum, false, Some(HashStrategy::UrlHash)),
            NginxPolicy::IpHash => (K::IpHash, fulcrum, true, Some(HashStrategy::IpHash)),
            NginxPolicy::LeastConn => (K::WeightedLeastConnections, fulcrum, true, None),
            NginxPolicy::Random { two: false, .. } => (K::WeightedRandom, fulcrum, false, None),
            NginxPolicy::Random { two: true, .. } => (K::PowerOfTwoChoices, fulcrum, false, None),
        },
        Policy::Haproxy {
            balance, hash_type, ..
        } => match balance {
            HaproxyBalance::RoundRobin | HaproxyBalance::StaticRr => {
                (K::WeightedRoundRobin, fulcrum, false, None)
            }
            HaproxyBalance::LeastConn | HaproxyBalance::First => {
                (K::WeightedLeastConnections, fulcrum, false, None)
            }
            HaproxyBalance::Random(_) => (K::WeightedRandom, fulcrum, false, None),
            HaproxyBalance::Source
            | HaproxyBalance::Uri { .. }
            | HaproxyBalance::UrlParam(_)
            | HaproxyBalance::Header(_) => match hash_type {
                HaproxyHashType::Consistent => {
                    (K::ConsistentHash, fulcrum, false, Some(HashStrategy::Ring))
                }
                HaproxyHashType::MapBased => {
                    (K::UrlHash, fulcrum, false, Some(HashStrategy::UrlHash))
                }
            },
        },
        Policy::Envoy { policy, .. } => match policy {
            EnvoyLbPolicy::RoundRobin => (K::WeightedRoundRobin, fulcrum, false, None),
            EnvoyLbPolicy::LeastRequest => (K::EnvoyLeastRequest, fulcrum, true, None),
            EnvoyLbPolicy::Random => (K::WeightedRandom, fulcrum, false, None),
            EnvoyLbPolicy::RingHash => {
                (K::ConsistentHash, fulcrum, false, Some(HashStrategy::Ring))
            }
            EnvoyLbPolicy::Maglev => (K::Maglev, fulcrum, false, Some(HashStrategy::Maglev)),
        },
    }
}

impl Import {
    /// The proxy's own picker for this backend, or why it has none.
    pub fn predictor(&self) -> Result<Predictor, ConfigError> {
        Predictor::new(&self.backend)
    }
}

/// Where the proxy sends a request with `key`: the server's address as the configuration writes
/// it, and the steps in words (the engine's in `lang`).
pub fn route(p: &mut Predictor, key: &str, lang: Lang) -> Result<(String, Vec<String>), String> {
    let lookup = p.explain(0, key)?;
    Ok((
        p.backend().servers[lookup.server].address.clone(),
        p.words(&lookup.steps, lang),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::churn::{Knobs, lookup as churn_lookup};
    use crate::engine::model::parse_servers;
    use crate::share::packed;
    use crate::share::permalink::Link;

    const NGINX: &str = "upstream api {\n    hash $request_uri consistent;\n    \
        server 10.0.0.1:8080;\n    server 10.0.0.2:8080 weight=2;\n    server 10.0.0.3:8080;\n    \
        keepalive 16;\n}\n";

    #[test]
    fn an_nginx_consistent_upstream_sets_nginx_s_ring_exactly() {
        let i = import(NGINX, None).unwrap();
        assert_eq!(i.proxy, Proxy::Nginx);
        assert_eq!(
            (i.strategy, i.ring, i.fidelity),
            (
                StrategyKind::ConsistentHash,
                RingFlavor::Nginx,
                Fidelity::Exact
            )
        );
        assert_eq!(
            i.servers,
            [
                ServerSetting::new("10.0.0.1:8080", 1),
                ServerSetting::new("10.0.0.2:8080", 2),
                ServerSetting::new("10.0.0.3:8080", 1),
            ]
        );
        // keepalive is not modelled: a note at its line.
        assert_eq!(i.notes.len(), 1, "{:?}", i.notes);
        assert_eq!(i.notes[0].line(), 6);
        assert!(
            i.notes[0].text(Lang::En).starts_with("line 6: "),
            "{}",
            i.notes[0].text(Lang::En)
        );
        // The reader's note is worded in the page's language, Chinese included.
        assert_eq!(
            i.notes[0].text(Lang::Zh),
            "第 6 行：已忽略：`keepalive` 不改变健康 upstream 的任何选择：未建模"
        );
        let lookup = i.lookup.clone().unwrap();
        assert_eq!(lookup.strategy, HashStrategy::NginxRing);
        assert_eq!(
            lookup.spec,
            "10.0.0.1:8080=1,10.0.0.2:8080=2,10.0.0.3:8080=1"
        );
    }

    /// The debugger, set up from the import, finds the server the proxy's own picker finds
    /// (which `tests/config_compat.rs` checks against a real nginx), key for key.
    #[test]
    fn the_debugger_s_owner_is_the_proxy_s_pick() {
        for text in [
            NGINX.to_string(),
            NGINX.replace("hash $request_uri consistent", "ip_hash"),
        ] {
            let i = import(&text, None).unwrap();
            let lookup = i.lookup.clone().unwrap();
            let base = parse_servers(&lookup.spec).unwrap();
            let config = lookup.strategy.config(&Knobs::default());
            let mut p = i.predictor().unwrap();
            for k in 0..300 {
                let key = if text.contains("ip_hash") {
                    format!("10.1.{}.{}", k / 7, k % 250)
                } else {
                    format!("/api/item/{k}")
                };
                let (addr, steps) = route(&mut p, &key, Lang::En).unwrap();
                assert!(steps.iter().all(|s| !s.contains(" {")), "{steps:?}");
                let owner = churn_lookup(&config, &base, &[], &key, 0)
                    .unwrap()
                    .owner
                    .unwrap();
                assert_eq!(base[owner].id, addr, "{key}");
            }
        }
    }

    #[test]
    fn what_the_page_cannot_take_is_left_out_with_a_note_at_its_line() {
        let text = "upstream u {\n  server a.example:80 backup;\n  server b:80 down;\n  \
            server unix:/tmp/s.sock;\n  server c:80 weight=500;\n  server d:80;\n}\n";
        let i = import(text, None).unwrap();
        assert_eq!(i.fidelity, Fidelity::Closest);
        assert_eq!(
            i.servers,
            [
                ServerSetting::new("c:80", 100),
                ServerSetting::new("d:80", 1)
            ]
        );
        let lines: Vec<(usize, String)> = i
            .notes
            .iter()
            .map(|n| (n.line(), n.text(Lang::En)))
            .collect();
        assert_eq!(
            lines.iter().map(|l| l.0).collect::<Vec<_>>(),
            // The backup note is at the backup server's line, as its own note is.
            [2, 2, 3, 4, 5],
            "{lines:?}"
        );
        for (_, t) in &lines {
            assert!(!t.contains('{'), "an unfilled placeholder: {t}");
        }
        for n in &i.notes {
            assert!(!n.text(Lang::Zh).is_empty());
        }
    }

    #[test]
    fn a_bad_line_is_refused_with_its_line_and_what_was_expected() {
        let e = import("upstream u {\n  server a:80 weight=x;\n}\n", None).unwrap_err();
        assert_eq!(e.line, 2);
        let t = error_text(&e, Lang::En);
        assert!(t.starts_with("line 2: ") && t.contains("weight"), "{t}");
        assert!(import("hello", None).is_err());
        assert!(import(&"#".repeat(MAX_IMPORT_BYTES + 1), None).is_err());
        let e = import("upstream u {\n  server a:80 backup;\n}\n", None).unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn a_file_with_several_backends_shows_the_one_chosen_and_the_link_names_it() {
        let text = "backend one\n  balance uri\n  hash-type consistent\n  server s1 10.0.0.1:80\n\
            \nbackend two\n  balance roundrobin\n  server s2 10.0.0.2:80 weight 3\n";
        let i = import(text, Some("two")).unwrap();
        assert_eq!(i.backends, ["one", "two"]);
        assert_eq!(i.servers, [ServerSetting::new("10.0.0.2:80", 3)]);
        assert_eq!(i.strategy, StrategyKind::WeightedRoundRobin);
        assert!(matches!(i.notes.last(), Some(ImportNote::Closest { .. })));
        // Round robin hashes nothing: its words name no hash-type and no key check.
        let said = i.notes.last().unwrap().text(Lang::En);
        assert_eq!(
            said,
            "HAProxy balance roundrobin is not one of the page's strategies: the page runs \
             Weighted round robin (weighted_round_robin), the closest"
        );
        let link = wire::Imported::new(&i, text, Lang::En).link(&Link::default());
        let (back, notes) = Link::from_query(&link.to_query());
        assert_eq!(notes, []);
        assert_eq!(back.backend.as_deref(), Some("two"));
        let text_back = packed::unpack(back.config.as_deref().unwrap()).unwrap();
        let again = import(&text_back, back.backend.as_deref()).unwrap();
        assert_eq!(again, i);
        // An unknown name shows the first backend.
        assert_eq!(import(text, Some("zzz")).unwrap().backend.name, "one");
        let first = import(text, None).unwrap();
        assert_eq!(first.lookup.unwrap().strategy, HashStrategy::Ring);
    }

    /// An Envoy least request cluster runs as Envoy's own rule on the page with the cluster's
    /// `choice_count` (the link's `d=`) and `active_request_bias` (`bias=`); a value past the
    /// page's range is clamped with a note in both languages; what Fulcrum does not model is a
    /// note at its line.
    #[test]
    fn an_envoy_least_request_cluster_runs_envoy_s_rule_with_its_settings() {
        let text = |lr: &str| {
            format!(
                "clusters:\n- name: svc\n  lb_policy: LEAST_REQUEST\n{lr}  load_assignment:\n    \
                 cluster_name: svc\n    endpoints:\n    - lb_endpoints:\n      \
                 - endpoint: {{address: {{socket_address: {{address: 10.0.0.1, port_value: 80}}}}}}\n"
            )
        };
        let plain = import(&text(""), None).unwrap();
        assert_eq!(plain.strategy, StrategyKind::EnvoyLeastRequest);
        assert_eq!((plain.d, plain.active_request_bias), (2, None));
        assert_eq!(plain.fidelity, Fidelity::Exact);
        let lr = |choices: u32, bias: &str| {
            format!(
                "  least_request_lb_config:\n    choice_count: {choices}\n    \
                 active_request_bias: {bias}\n"
            )
        };
        let set = import(&text(&lr(3, "0.5")), None).unwrap();
        assert_eq!((set.d, set.active_request_bias), (3, Some(0.5)));
        assert_eq!(set.fidelity, Fidelity::Exact, "{:?}", set.notes);
        // The link the page follows carries them to the engine.
        let link = wire::Imported::new(&set, &text(&lr(3, "0.5")), Lang::En).link(&Link::default());
        let (back, notes) = Link::from_query(&link.to_query());
        assert_eq!(notes, []);
        let config = back.strategy_config();
        assert_eq!(
            (config.kind, config.d, config.active_request_bias),
            (StrategyKind::EnvoyLeastRequest, 3, Some(0.5))
        );
        // Past the page's ranges: its ends, each said.
        let wide = import(&text(&lr(100, "{default_value: 20}")), None).unwrap();
        assert_eq!((wide.d, wide.active_request_bias), (64, Some(10.0)));
        assert_eq!(wide.fidelity, Fidelity::Closest);
        let words = |lang| wide.notes.iter().map(|n| n.text(lang)).collect::<Vec<_>>();
        let (en, zh) = (words(Lang::En), words(Lang::Zh));
        assert_eq!(en.len(), 2, "{en:?}");
        assert!(
            en[0].starts_with("choice_count 100: ") && en[0].contains("64 used"),
            "{en:?}"
        );
        assert!(
            en[1].starts_with("active_request_bias 20: ") && en[1].contains("10 used"),
            "{en:?}"
        );
        assert!(
            zh[0].contains("使用 64") && zh[1].contains("使用 10"),
            "{zh:?}"
        );
        // Slow start reaches the page's strategy through the link; a window past the page's
        // hour is its hour, said.
        let slow = |window: &str| {
            text(&format!(
                "  least_request_lb_config:\n    slow_start_config:\n      \
                 slow_start_window: {window}\n      aggression: {{default_value: 2}}\n"
            ))
        };
        let ramped = import(&slow("30s"), None).unwrap();
        assert_eq!(ramped.fidelity, Fidelity::Exact, "{:?}", ramped.notes);
        let link = wire::Imported::new(&ramped, &slow("30s"), Lang::En).link(&Link::default());
        let (back, notes) = Link::from_query(&link.to_query());
        assert_eq!(notes, []);
        assert_eq!(
            back.strategy_config().slow_start,
            Some(SlowStart {
                window_ms: 30_000,
                aggression: 2.0,
                min_weight_percent: 10.0
            })
        );
        let long = import(&slow("7200s"), None).unwrap();
        assert_eq!(long.slow_start.map(|s| s.window_ms), Some(3_600_000));
        assert_eq!(long.fidelity, Fidelity::Closest);
        assert!(
            long.notes[0]
                .text(Lang::En)
                .starts_with("slow_start_window 7200000 ms: ")
                && long.notes[0].text(Lang::Zh).contains("使用 3600000"),
            "{:?}",
            long.notes
        );
        // Other proxies leave the page's d alone at its default, and set no bias.
        let nginx = import(NGINX, None).unwrap();
        assert_eq!(
            (nginx.d, nginx.active_request_bias, nginx.slow_start),
            (2, None, None)
        );
    }

    #[test]
    fn an_envoy_maglev_cluster_sets_the_debugger_s_table_size() {
        let text = "clusters:\n- name: svc\n  lb_policy: MAGLEV\n  maglev_lb_config:\n    \
            table_size: 251\n  load_assignment:\n    cluster_name: svc\n    endpoints:\n    \
            - lb_endpoints:\n      - endpoint:\n          address:\n            socket_address:\n              \
            address: 10.0.0.1\n              port_value: 80\n      - endpoint:\n          address:\n            \
            socket_address:\n              address: 10.0.0.2\n              port_value: 80\n";
        let i = import(text, None).unwrap();
        assert_eq!(i.proxy, Proxy::Envoy);
        assert_eq!(i.strategy, StrategyKind::Maglev);
        let lookup = i.lookup.unwrap();
        assert_eq!(
            (lookup.strategy, lookup.table_size),
            (HashStrategy::Maglev, Some(251))
        );
        assert_eq!(i.servers.len(), 2);
    }
}
