//! The engine's notes and the seed's defects in words, in either language: one renderer for the
//! browser's explanation and step-through views and for anything native (the CLI's errors).
//!
//! The engine records what happened as data ([`Note`], [`SeedDefect`], [`Unavailable`]) with
//! servers as pool indices; `name` maps an index to the name to show.

use super::i18n::{Lang, Text};
use crate::engine::{Note, SeedDefect, Status, StrategyKind, Unavailable, trace::Retry};

/// Fulcrum's cost per pick of `kind` (English: `StrategyKind::info().pick_cost`); pure notation
/// ("O(1)") is the same in both languages.
pub fn pick_cost(kind: StrategyKind, lang: Lang) -> &'static str {
    use StrategyKind as K;
    let text = match kind {
        K::WeightedRoundRobin => Text::PickCostWeightedRoundRobin,
        K::LeastConnections | K::WeightedLeastConnections => Text::PickCostLeast,
        K::LeastResponseTime => Text::PickCostLeastResponseTime,
        K::ConsistentHash => Text::PickCostConsistentHash,
        K::BoundedLoadConsistentHash => Text::PickCostBoundedLoad,
        K::RendezvousHash => Text::PickCostRendezvous,
        K::JumpHash => Text::PickCostJump,
        _ => return kind.info().pick_cost,
    };
    text.get(lang)
}

/// Why a server may not take a request, as a phrase after "which is" ("unhealthy", "at weight 0").
pub fn unavailable_text(why: Unavailable, lang: Lang) -> &'static str {
    match why {
        Unavailable::Left => Text::WhyLeft,
        Unavailable::Unhealthy => Text::status(Status::Unhealthy),
        Unavailable::Overloaded => Text::status(Status::Overloaded),
        Unavailable::Maintenance => Text::status(Status::Maintenance),
        Unavailable::Draining => Text::StatusDraining,
        Unavailable::WeightZero => Text::WhyWeightZero,
        Unavailable::NotEligible => Text::WhyNotEligible,
    }
    .get(lang)
}

/// A note in words.
pub fn note_text(note: &Note, lang: Lang, name: &dyn Fn(usize) -> String) -> String {
    let n = |v: &dyn ToString| v.to_string();
    match note {
        Note::AllAtCapacity => Text::NoteAllAtCapacity.get(lang).to_string(),
        Note::TieByFairShare => Text::NoteTieByFairShare.get(lang).to_string(),
        Note::ScoredAsMean { mean_ms } => {
            Text::NoteScoredAsMean.fill(lang, &[("mean", &format!("{mean_ms:.3}"))])
        }
        Note::OneEligible => Text::NoteOneEligible.get(lang).to_string(),
        Note::NginxNoRing => Text::NoteNginxNoRing.get(lang).to_string(),
        Note::NginxFallback { points } => {
            Text::NoteNginxFallback.fill(lang, &[("points", &n(points))])
        }
        Note::BucketOwner {
            bucket,
            buckets,
            server,
        } => Text::NoteBucketOwner.fill(
            lang,
            &[
                ("bucket", &n(bucket)),
                ("buckets", &n(buckets)),
                ("server", &name(*server)),
            ],
        ),
        Note::SlotOwner { slot, server } => {
            Text::NoteSlotOwner.fill(lang, &[("slot", &n(slot)), ("server", &name(*server))])
        }
        Note::DeadSlot {
            retry,
            index,
            owner,
            why,
            seed,
        } => {
            let text = match (retry, owner) {
                (Retry::JumpBucket, None) => Text::NoteDeadBucketLeft,
                (Retry::JumpBucket, Some(_)) => Text::NoteDeadBucket,
                (Retry::DescendSlot, None) => Text::NoteDeadSlotLeft,
                (Retry::DescendSlot, Some(_)) => Text::NoteDeadSlot,
            };
            text.fill(
                lang,
                &[
                    ("index", &n(index)),
                    ("server", &owner.map(name).unwrap_or_default()),
                    ("why", &unavailable_text(*why, lang)),
                    ("seed", &n(seed)),
                ],
            )
        }
        Note::JumpFallback {
            attempts,
            seed,
            bucket,
            server,
        } => Text::NoteJumpFallback.fill(
            lang,
            &[
                ("attempts", &n(attempts)),
                ("seed", &format!("{seed:#x}")),
                ("bucket", &n(bucket)),
                ("server", &name(*server)),
            ],
        ),
        Note::SkeletonTree {
            slots,
            fanout,
            levels,
        } => Text::NoteSkeletonTree.fill(
            lang,
            &[
                ("slots", &n(slots)),
                ("fanout", &n(fanout)),
                ("levels", &n(levels)),
            ],
        ),
        Note::RendezvousFallback { attempts, server } => Text::NoteRendezvousFallback.fill(
            lang,
            &[("attempts", &n(attempts)), ("server", &name(*server))],
        ),
        Note::AliasDraw {
            column,
            keep,
            total,
            drew,
            alias,
        } => {
            let args = [
                ("column", n(column)),
                ("keep", n(keep)),
                ("total", n(total)),
                ("drew", n(drew)),
                ("alias", alias.map(|a| a.to_string()).unwrap_or_default()),
            ];
            let args: Vec<(&str, &dyn std::fmt::Display)> = args
                .iter()
                .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
                .collect();
            match alias {
                None => Text::NoteAliasSelf,
                Some(_) => Text::NoteAliasOther,
            }
            .fill(lang, &args)
        }
        Note::SeedCurrentWeight {
            before,
            after,
            weight,
        } => Text::NoteSeedCurrentWeight.fill(
            lang,
            &[
                ("before", &n(before)),
                ("after", &n(after)),
                ("weight", &n(weight)),
            ],
        ),
        Note::PythonHash {
            key_repr,
            hash,
            n: count,
            index,
        } => Text::NotePythonHash.fill(
            lang,
            &[
                ("key", key_repr),
                ("hash", &n(hash)),
                ("n", &n(count)),
                ("index", &n(index)),
            ],
        ),
        Note::LinearScan {
            scanned,
            total,
            binary,
        } => Text::NoteLinearScan.fill(
            lang,
            &[
                ("scanned", &n(scanned)),
                ("total", &n(total)),
                ("binary", &n(binary)),
            ],
        ),
    }
}

/// A seed defect in words.
pub fn defect_text(defect: &SeedDefect, lang: Lang, name: &dyn Fn(usize) -> String) -> String {
    let n = |v: &dyn ToString| v.to_string();
    match defect {
        SeedDefect::StaleRing { server, status } => Text::DefectStaleRing.fill(
            lang,
            &[
                ("server", &name(*server)),
                ("status", &Text::status(*status).get(lang)),
            ],
        ),
        SeedDefect::IgnoresDraining { server } => {
            Text::DefectIgnoresDraining.fill(lang, &[("server", &name(*server))])
        }
        SeedDefect::IgnoresWeightZero { server } => {
            Text::DefectIgnoresWeightZero.fill(lang, &[("server", &name(*server))])
        }
        SeedDefect::IndexError { cursor, healthy } => if *healthy == 1 {
            Text::DefectIndexErrorOne
        } else {
            Text::DefectIndexError
        }
        .fill(lang, &[("cursor", &n(cursor)), ("count", &n(healthy))]),
        SeedDefect::InfiniteLoop { server, cursor } => Text::DefectInfiniteLoop
            .fill(lang, &[("server", &name(*server)), ("cursor", &n(cursor))]),
        SeedDefect::Bursty {
            server,
            weight,
            pick,
        } => Text::DefectBursty.fill(
            lang,
            &[
                ("server", &name(*server)),
                ("weight", &n(weight)),
                ("pick", &n(pick)),
            ],
        ),
        SeedDefect::SaltedHash {
            hash_seed,
            n: count,
        } => Text::DefectSaltedHash.fill(lang, &[("hash_seed", &n(hash_seed)), ("n", &n(count))]),
        SeedDefect::ColdStart { server } => {
            Text::DefectColdStart.fill(lang, &[("server", &name(*server))])
        }
        SeedDefect::UnrecordedFailures { failures, server } => Text::DefectUnrecordedFailures.fill(
            lang,
            &[("failures", &n(failures)), ("server", &name(*server))],
        ),
        SeedDefect::NoAffinity { hash, hash_seed } => {
            Text::DefectNoAffinity.fill(lang, &[("hash", &n(hash)), ("hash_seed", &n(hash_seed))])
        }
        SeedDefect::EmptyRing => Text::DefectEmptyRing.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::i18n::placeholders;

    fn name(i: usize) -> String {
        format!("server{}", i + 1)
    }

    /// One sample of every note (and of each branch a note's words take).
    fn notes() -> Vec<Note> {
        let mut notes = vec![
            Note::AllAtCapacity,
            Note::TieByFairShare,
            Note::ScoredAsMean { mean_ms: 12.5 },
            Note::OneEligible,
            Note::NginxNoRing,
            Note::NginxFallback { points: 21 },
            Note::BucketOwner {
                bucket: 3,
                buckets: 8,
                server: 2,
            },
            Note::SlotOwner { slot: 7, server: 0 },
            Note::JumpFallback {
                attempts: 64,
                seed: 0xdead_beef,
                bucket: 5,
                server: 1,
            },
            Note::SkeletonTree {
                slots: 1000,
                fanout: 16,
                levels: 3,
            },
            Note::RendezvousFallback {
                attempts: 64,
                server: 3,
            },
            Note::SeedCurrentWeight {
                before: 2,
                after: 1,
                weight: 3,
            },
            Note::PythonHash {
                key_repr: "'192.168.1.1'".into(),
                hash: -42,
                n: 4,
                index: 2,
            },
            Note::LinearScan {
                scanned: 300,
                total: 600,
                binary: 10,
            },
        ];
        for alias in [None, Some(4)] {
            notes.push(Note::AliasDraw {
                column: 1,
                keep: 3,
                total: 7,
                drew: 5,
                alias,
            });
        }
        for retry in [Retry::JumpBucket, Retry::DescendSlot] {
            notes.push(Note::DeadSlot {
                retry,
                index: 3,
                owner: None,
                why: Unavailable::Left,
                seed: 1,
            });
            for why in [
                Unavailable::Unhealthy,
                Unavailable::Overloaded,
                Unavailable::Maintenance,
                Unavailable::Draining,
                Unavailable::WeightZero,
                Unavailable::NotEligible,
            ] {
                notes.push(Note::DeadSlot {
                    retry,
                    index: 3,
                    owner: Some(2),
                    why,
                    seed: 2,
                });
            }
        }
        notes
    }

    fn defects() -> Vec<SeedDefect> {
        let mut defects: Vec<SeedDefect> = Status::ALL
            .iter()
            .map(|&status| SeedDefect::StaleRing { server: 1, status })
            .collect();
        defects.extend([
            SeedDefect::IgnoresDraining { server: 0 },
            SeedDefect::IgnoresWeightZero { server: 0 },
            SeedDefect::IndexError {
                cursor: 3,
                healthy: 1,
            },
            SeedDefect::IndexError {
                cursor: 3,
                healthy: 3,
            },
            SeedDefect::InfiniteLoop {
                server: 2,
                cursor: 1,
            },
            SeedDefect::Bursty {
                server: 1,
                weight: 3,
                pick: 2,
            },
            SeedDefect::SaltedHash {
                hash_seed: 42,
                n: 4,
            },
            SeedDefect::ColdStart { server: 3 },
            SeedDefect::UnrecordedFailures {
                failures: 5,
                server: 1,
            },
            SeedDefect::NoAffinity {
                hash: -7,
                hash_seed: 0,
            },
            SeedDefect::EmptyRing,
        ]);
        defects
    }

    fn assert_filled(text: &str, what: &str) {
        assert!(!text.trim().is_empty(), "{what}: empty");
        assert!(placeholders(text).is_empty(), "{what}: unfilled in {text}");
        assert!(!text.contains('{') && !text.contains('}'), "{what}: {text}");
    }

    #[test]
    fn every_note_and_defect_renders_in_both_languages() {
        for note in notes() {
            let (en, zh) = (
                note_text(&note, Lang::En, &name),
                note_text(&note, Lang::Zh, &name),
            );
            assert_filled(&en, &format!("{note:?} en"));
            assert_filled(&zh, &format!("{note:?} zh"));
            assert_ne!(en, zh, "{note:?}");
        }
        for defect in defects() {
            let (en, zh) = (
                defect_text(&defect, Lang::En, &name),
                defect_text(&defect, Lang::Zh, &name),
            );
            assert_filled(&en, &format!("{defect:?} en"));
            assert_filled(&zh, &format!("{defect:?} zh"));
            assert_ne!(en, zh, "{defect:?}");
        }
    }

    #[test]
    fn pick_costs_are_the_engines_in_english_and_notation_or_chinese_otherwise() {
        for kind in StrategyKind::ALL {
            let cost = kind.info().pick_cost;
            assert_eq!(pick_cost(kind, Lang::En), cost, "{kind:?}");
            let zh = pick_cost(kind, Lang::Zh);
            let words = cost
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() > 2);
            assert_eq!(zh != cost, words, "{kind:?}: {zh}");
        }
    }

    #[test]
    fn notes_name_servers_and_values() {
        let dead = Note::DeadSlot {
            retry: Retry::JumpBucket,
            index: 3,
            owner: None,
            why: Unavailable::Left,
            seed: 1,
        };
        assert_eq!(
            note_text(&dead, Lang::En, &name),
            "bucket 3 is a tombstone (its server left): jump again with seed 1"
        );
        let owned = Note::BucketOwner {
            bucket: 3,
            buckets: 8,
            server: 2,
        };
        assert_eq!(
            note_text(&owned, Lang::En, &name),
            "bucket 3 of 8 belongs to server3"
        );
        assert_eq!(
            note_text(&owned, Lang::Zh, &name),
            "8 个桶中的桶 3 属于 server3"
        );
        let error = SeedDefect::IndexError {
            cursor: 3,
            healthy: 3,
        };
        assert_eq!(
            defect_text(&error, Lang::En, &name),
            "IndexError: list index out of range (cursor 3, 3 healthy servers)"
        );
        let stale = SeedDefect::StaleRing {
            server: 0,
            status: Status::Unhealthy,
        };
        assert!(defect_text(&stale, Lang::Zh, &name).contains("server1 的状态为不健康"));
    }
}
