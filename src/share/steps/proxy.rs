//! A real proxy's lookup in words: [`ProxyStep`]s (nginx's plain `hash` and `random`, HAProxy's
//! map, tree, round robin, `first`, `leastconn` and `random`, Envoy's ring hash, Maglev, RANDOM
//! and ROUND_ROBIN), as `config::predict` records them, worded here and nowhere else, in either
//! language. `name` maps a server (an index into the configuration's server list) to the name
//! shown.

use std::fmt::Display;

use crate::engine::proxies::haproxy::HashFn;
use crate::engine::proxies::trace::ProxyStep;
use crate::share::i18n::{Lang, Text};

/// One step of a proxy's lookup in words.
pub fn proxy_step_text(step: &ProxyStep, name: &dyn Fn(usize) -> String, lang: Lang) -> String {
    let who = step
        .owner()
        .or(match *step {
            ProxyStep::NginxHashTry { server, .. } => Some(server),
            _ => None,
        })
        .map(name)
        .unwrap_or_default();
    // Numbers shown otherwise than as they are: the input of a hash, a deadline's places.
    let shown = match step {
        ProxyStep::NginxHashTry {
            attempt: 0, key, ..
        } => format!("“{key}”"),
        ProxyStep::NginxHashTry { attempt, key, .. } => format!("“{attempt}” + “{key}”"),
        ProxyStep::HaproxyHash {
            function: Some(f), ..
        } => hash_fn_name(*f).to_string(),
        ProxyStep::EnvoyEdf { deadline, .. } => format!("{deadline:.4}"),
        _ => String::new(),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match step {
        ProxyStep::NginxHashTry {
            attempt,
            bits,
            sum,
            total,
            point,
            down,
            ..
        } => {
            let words = Text::StepNginxHashTry.fill(
                lang,
                &[
                    "attempt", "input", "bits", "sum", "total", "point", "server",
                ],
                &[attempt, &shown, bits, sum, total, point, &who],
            );
            return if *down {
                Text::StepNginxHashTryDown.fill(lang, &["try"], &[&words])
            } else {
                words
            };
        }
        ProxyStep::NginxHashRoundRobin { tries: 0, .. } => {
            (Text::StepNginxHashRoundRobinOnly, &["server"], &[&who])
        }
        ProxyStep::NginxHashRoundRobin { tries, .. } => (
            Text::StepNginxHashRoundRobin,
            &["tries", "server"],
            &[tries, &who],
        ),
        ProxyStep::NginxRandomDraw { draws, total, .. } => (
            Text::StepNginxRandomDraw,
            &["draws", "total", "server"],
            &[draws, total, &who],
        ),
        ProxyStep::NginxRandomSecond { .. } => (Text::StepNginxRandomSecond, &["server"], &[&who]),
        ProxyStep::NginxRandomRoundRobin { tries, .. } => (
            Text::StepNginxRandomRoundRobin,
            &["tries", "server"],
            &[tries, &who],
        ),
        ProxyStep::HaproxyHash {
            input,
            function: None,
            value,
        } => (
            Text::StepHaproxySourceHash,
            &["input", "value"],
            &[input, value],
        ),
        ProxyStep::HaproxyHash { input, value, .. } => (
            Text::StepHaproxyHash,
            &["function", "input", "value"],
            &[&shown, input, value],
        ),
        ProxyStep::HaproxyAvalanche { value } => (Text::StepHaproxyAvalanche, &["value"], &[value]),
        ProxyStep::HaproxyMapSlot {
            slot,
            slots,
            rotation,
            ..
        } => (
            if *rotation {
                Text::StepHaproxyStaticRr
            } else {
                Text::StepHaproxyMapSlot
            },
            &["slot", "slots", "server"],
            &[slot, slots, &who],
        ),
        ProxyStep::HaproxyTreePoint {
            points, point, id, ..
        } => (
            Text::StepHaproxyTreePoint,
            &["points", "point", "id", "server"],
            &[points, point, id, &who],
        ),
        ProxyStep::HaproxyRandomKeys { draws, key } => (
            Text::StepHaproxyRandomKeys,
            &["draws", "key"],
            &[draws, key],
        ),
        ProxyStep::HaproxyRoundRobin { .. } => (Text::StepHaproxyRoundRobin, &["server"], &[&who]),
        ProxyStep::HaproxyFirst { id, .. } => {
            (Text::StepHaproxyFirst, &["id", "server"], &[id, &who])
        }
        ProxyStep::HaproxyLeastConnIdle { .. } => {
            (Text::StepHaproxyLeastConnIdle, &["server"], &[&who])
        }
        ProxyStep::EnvoyHash { input, value } => {
            (Text::StepEnvoyHash, &["input", "value"], &[input, value])
        }
        ProxyStep::EnvoyRingEntry {
            entries,
            index,
            point,
            ..
        } => (
            Text::StepEnvoyRingEntry,
            &["entries", "index", "point", "server"],
            &[entries, index, point, &who],
        ),
        ProxyStep::EnvoyMaglevSlot {
            hash, size, slot, ..
        } => (
            Text::StepEnvoyMaglevSlot,
            &["hash", "size", "slot", "server"],
            &[hash, size, slot, &who],
        ),
        ProxyStep::EnvoyRandom { n, .. } => (Text::StepEnvoyRandom, &["n", "server"], &[n, &who]),
        ProxyStep::EnvoyRotation { .. } => (Text::StepEnvoyRotation, &["server"], &[&who]),
        ProxyStep::EnvoyEdf { weight, .. } => (
            Text::StepEnvoyEdf,
            &["deadline", "server", "weight"],
            &[&shown, &who, weight],
        ),
    };
    text.fill(lang, names, values)
}

/// HAProxy's name for a hash function, as `hash-type` writes it.
fn hash_fn_name(f: HashFn) -> &'static str {
    match f {
        HashFn::Sdbm => "sdbm",
        HashFn::Djb2 => "djb2",
        HashFn::Wt6 => "wt6",
        HashFn::Crc32 => "crc32",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::i18n::placeholders;

    fn name(i: usize) -> String {
        format!("10.0.0.{i}:80")
    }

    /// One sample of every step, and of each branch its words take.
    fn samples() -> Vec<ProxyStep> {
        let mut steps = Vec::new();
        for (attempt, down) in [(0, false), (2, true)] {
            steps.push(ProxyStep::NginxHashTry {
                attempt,
                key: "/a".into(),
                bits: 123,
                sum: 456,
                total: 7,
                point: 1,
                server: 2,
                down,
            });
        }
        for tries in [0, 20] {
            steps.push(ProxyStep::NginxHashRoundRobin { tries, server: 1 });
        }
        for function in [
            None,
            Some(HashFn::Sdbm),
            Some(HashFn::Djb2),
            Some(HashFn::Wt6),
            Some(HashFn::Crc32),
        ] {
            steps.push(ProxyStep::HaproxyHash {
                input: "/x".into(),
                function,
                value: 99,
            });
        }
        for rotation in [false, true] {
            steps.push(ProxyStep::HaproxyMapSlot {
                slot: 3,
                slots: 7,
                rotation,
                server: 1,
            });
        }
        steps.extend([
            ProxyStep::NginxRandomDraw {
                draws: 2,
                total: 9,
                server: 0,
            },
            ProxyStep::NginxRandomSecond { server: 1 },
            ProxyStep::NginxRandomRoundRobin {
                tries: 21,
                server: 2,
            },
            ProxyStep::HaproxyAvalanche { value: 77 },
            ProxyStep::HaproxyTreePoint {
                points: 48,
                point: 1234,
                id: 2,
                server: 1,
            },
            ProxyStep::HaproxyRandomKeys { draws: 2, key: 555 },
            ProxyStep::HaproxyRoundRobin { server: 0 },
            ProxyStep::HaproxyFirst { id: 1, server: 0 },
            ProxyStep::HaproxyLeastConnIdle { server: 2 },
            ProxyStep::EnvoyHash {
                input: "alice".into(),
                value: 42,
            },
            ProxyStep::EnvoyRingEntry {
                entries: 1024,
                index: 5,
                point: 4242,
                server: 0,
            },
            ProxyStep::EnvoyMaglevSlot {
                hash: 42,
                size: 65537,
                slot: 42,
                server: 1,
            },
            ProxyStep::EnvoyRandom { n: 3, server: 2 },
            ProxyStep::EnvoyRotation { server: 1 },
            ProxyStep::EnvoyEdf {
                server: 0,
                deadline: 1.5,
                weight: 2.0,
            },
        ]);
        steps
    }

    /// Each variant's number: a new variant does not compile here until it has one (and a sample).
    fn variant(step: &ProxyStep) -> usize {
        match step {
            ProxyStep::NginxHashTry { .. } => 0,
            ProxyStep::NginxHashRoundRobin { .. } => 1,
            ProxyStep::NginxRandomDraw { .. } => 2,
            ProxyStep::NginxRandomSecond { .. } => 3,
            ProxyStep::NginxRandomRoundRobin { .. } => 4,
            ProxyStep::HaproxyHash { .. } => 5,
            ProxyStep::HaproxyAvalanche { .. } => 6,
            ProxyStep::HaproxyMapSlot { .. } => 7,
            ProxyStep::HaproxyTreePoint { .. } => 8,
            ProxyStep::HaproxyRandomKeys { .. } => 9,
            ProxyStep::HaproxyRoundRobin { .. } => 10,
            ProxyStep::HaproxyFirst { .. } => 11,
            ProxyStep::HaproxyLeastConnIdle { .. } => 12,
            ProxyStep::EnvoyHash { .. } => 13,
            ProxyStep::EnvoyRingEntry { .. } => 14,
            ProxyStep::EnvoyMaglevSlot { .. } => 15,
            ProxyStep::EnvoyRandom { .. } => 16,
            ProxyStep::EnvoyRotation { .. } => 17,
            ProxyStep::EnvoyEdf { .. } => 18,
        }
    }

    #[test]
    fn every_step_is_worded_in_both_languages_naming_its_server() {
        let mut seen: Vec<usize> = samples().iter().map(variant).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen,
            (0..19).collect::<Vec<_>>(),
            "a variant without a sample"
        );
        for step in samples() {
            let en = proxy_step_text(&step, &name, Lang::En);
            let zh = proxy_step_text(&step, &name, Lang::Zh);
            for words in [&en, &zh] {
                assert!(!words.trim().is_empty(), "{step:?}");
                assert!(placeholders(words).is_empty(), "{step:?}: {words}");
                assert!(!words.contains('{') && !words.contains('}'), "{words}");
            }
            assert_ne!(en, zh, "{step:?}");
            if let Some(s) = step.owner() {
                assert!(
                    en.contains(&name(s)) && zh.contains(&name(s)),
                    "{en} / {zh}"
                );
            }
        }
    }
}
