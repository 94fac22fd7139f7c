//! The engine's notes and the seed's defects in words, in either language: one renderer for the
//! browser's explanation and step-through views and for anything native (the CLI's errors).
//!
//! The engine records what happened as data ([`Note`], [`SeedDefect`], [`Unavailable`]) with
//! servers as pool indices; `name` maps an index to the name to show.

use std::fmt::Display;

use super::i18n::{Lang, Text};
use crate::engine::{Note, SeedDefect, Status, StrategyKind, Unavailable, trace::Retry};

/// Fulcrum's cost per pick of `kind` (English: `StrategyKind::info().pick_cost`); pure notation
/// ("O(1)") is the same in both languages.
pub fn pick_cost(kind: StrategyKind, lang: Lang) -> &'static str {
    use StrategyKind as K;
    let text = match kind {
        K::WeightedRoundRobin => Text::PickCostWeightedRoundRobin,
        K::LeastConnections => Text::PickCostLeast,
        K::WeightedLeastConnections => Text::PickCostNginxLeastConn,
        K::IpHash => Text::PickCostNginxIpHash,
        K::LeastResponseTime => Text::PickCostLeastResponseTime,
        K::ConsistentHash => Text::PickCostConsistentHash,
        K::BoundedLoadConsistentHash => Text::PickCostBoundedLoad,
        K::RendezvousHash => Text::PickCostRendezvous,
        K::RendezvousSkeleton => Text::PickCostRendezvousSkeleton,
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
    // The server a note names, if any, and a number shown otherwise than as it is.
    let who = match *note {
        Note::BucketOwner { server, .. }
        | Note::IpHashPoint { server, .. }
        | Note::SlotOwner { server, .. }
        | Note::JumpFallback { server, .. }
        | Note::RendezvousFallback { server, .. }
        | Note::DeadSlot {
            owner: Some(server),
            ..
        } => name(server),
        _ => String::new(),
    };
    let shown = match note {
        Note::ScoredAsMean { mean_ms } => format!("{mean_ms:.3}"),
        Note::JumpFallback { seed, .. } => format!("{seed:#x}"),
        _ => String::new(),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match note {
        Note::AllAtCapacity => (Text::NoteAllAtCapacity, &[], &[]),
        Note::TieByFairShare => (Text::NoteTieByFairShare, &[], &[]),
        Note::ScoredAsMean { .. } => (Text::NoteScoredAsMean, &["mean"], &[&shown]),
        Note::OneEligible => (Text::NoteOneEligible, &[], &[]),
        Note::WeightClassOfOne { weight } => (Text::NoteWeightClassOfOne, &["weight"], &[weight]),
        Note::NginxNoRing => (Text::NoteNginxNoRing, &[], &[]),
        Note::IpHashPoint {
            point, total, up, ..
        } => (
            if *up {
                Text::NoteIpHashPoint
            } else {
                Text::NoteIpHashPointDown
            },
            &["point", "total", "server"],
            &[point, total, &who],
        ),
        Note::NginxRoundRobin { tries } => (
            if *tries == 0 {
                Text::NoteNginxRoundRobinSingle
            } else {
                Text::NoteNginxRoundRobinTries
            },
            &["tries"],
            &[tries],
        ),
        Note::NginxFallback { points } => (Text::NoteNginxFallback, &["points"], &[points]),
        Note::BucketOwner {
            bucket, buckets, ..
        } => (
            Text::NoteBucketOwner,
            &["bucket", "buckets", "server"],
            &[bucket, buckets, &who],
        ),
        Note::SlotOwner { slot, .. } => (Text::NoteSlotOwner, &["slot", "server"], &[slot, &who]),
        Note::DeadSlot {
            retry,
            index,
            owner,
            why,
            seed,
        } => (
            match (retry, owner) {
                (Retry::JumpBucket, None) => Text::NoteDeadBucketLeft,
                (Retry::JumpBucket, Some(_)) => Text::NoteDeadBucket,
                (Retry::DescendSlot, None) => Text::NoteDeadSlotLeft,
                (Retry::DescendSlot, Some(_)) => Text::NoteDeadSlot,
            },
            &["index", "server", "why", "seed"],
            &[index, &who, &unavailable_text(*why, lang), seed],
        ),
        Note::JumpFallback {
            attempts, bucket, ..
        } => (
            Text::NoteJumpFallback,
            &["attempts", "seed", "bucket", "server"],
            &[attempts, &shown, bucket, &who],
        ),
        Note::SkeletonTree {
            slots,
            fanout,
            levels,
        } => (
            Text::NoteSkeletonTree,
            &["slots", "fanout", "levels"],
            &[slots, fanout, levels],
        ),
        Note::RendezvousFallback { attempts, .. } => (
            Text::NoteRendezvousFallback,
            &["attempts", "server"],
            &[attempts, &who],
        ),
        Note::AliasDraw {
            column,
            keep,
            total,
            drew,
            alias,
        } => (
            match alias {
                None => Text::NoteAliasSelf,
                Some(_) => Text::NoteAliasOther,
            },
            &["column", "keep", "total", "drew", "alias"],
            &[column, keep, total, drew, alias.as_ref().unwrap_or(&0)],
        ),
        Note::SeedCurrentWeight {
            before,
            after,
            weight,
        } => (
            Text::NoteSeedCurrentWeight,
            &["before", "after", "weight"],
            &[before, after, weight],
        ),
        Note::PythonHash {
            key_repr,
            hash,
            n,
            index,
        } => (
            Text::NotePythonHash,
            &["key", "hash", "n", "index"],
            &[key_repr, hash, n, index],
        ),
        Note::LinearScan {
            scanned,
            total,
            binary,
        } => (
            Text::NoteLinearScan,
            &["scanned", "total", "binary"],
            &[scanned, total, binary],
        ),
    };
    text.fill(lang, names, values)
}

/// A seed defect in words.
pub fn defect_text(defect: &SeedDefect, lang: Lang, name: &dyn Fn(usize) -> String) -> String {
    // The server a defect names, if any.
    let who = match *defect {
        SeedDefect::StaleRing { server, .. }
        | SeedDefect::IgnoresDraining { server }
        | SeedDefect::IgnoresWeightZero { server }
        | SeedDefect::InfiniteLoop { server, .. }
        | SeedDefect::Bursty { server, .. }
        | SeedDefect::ColdStart { server }
        | SeedDefect::UnrecordedFailures { server, .. } => name(server),
        _ => String::new(),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match defect {
        SeedDefect::StaleRing { status, .. } => (
            Text::DefectStaleRing,
            &["server", "status"],
            &[&who, &Text::status(*status).get(lang)],
        ),
        SeedDefect::IgnoresDraining { .. } => (Text::DefectIgnoresDraining, &["server"], &[&who]),
        SeedDefect::IgnoresWeightZero { .. } => {
            (Text::DefectIgnoresWeightZero, &["server"], &[&who])
        }
        SeedDefect::IndexError { cursor, healthy } => (
            if *healthy == 1 {
                Text::DefectIndexErrorOne
            } else {
                Text::DefectIndexError
            },
            &["cursor", "count"],
            &[cursor, healthy],
        ),
        SeedDefect::InfiniteLoop { cursor, .. } => (
            Text::DefectInfiniteLoop,
            &["server", "cursor"],
            &[&who, cursor],
        ),
        SeedDefect::Bursty { weight, pick, .. } => (
            Text::DefectBursty,
            &["server", "weight", "pick"],
            &[&who, weight, pick],
        ),
        SeedDefect::SaltedHash { hash_seed, n } => {
            (Text::DefectSaltedHash, &["hash_seed", "n"], &[hash_seed, n])
        }
        SeedDefect::ColdStart { .. } => (Text::DefectColdStart, &["server"], &[&who]),
        SeedDefect::UnrecordedFailures { failures, .. } => (
            Text::DefectUnrecordedFailures,
            &["failures", "server"],
            &[failures, &who],
        ),
        SeedDefect::NoAffinity { hash, hash_seed } => (
            Text::DefectNoAffinity,
            &["hash", "hash_seed"],
            &[hash, hash_seed],
        ),
        SeedDefect::EmptyRing => (Text::DefectEmptyRing, &[], &[]),
    };
    text.fill(lang, names, values)
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
            Note::WeightClassOfOne { weight: 3 },
            Note::NginxNoRing,
            Note::NginxFallback { points: 21 },
            Note::IpHashPoint {
                point: 5,
                total: 6,
                server: 2,
                up: true,
            },
            Note::IpHashPoint {
                point: 1,
                total: 6,
                server: 1,
                up: false,
            },
            Note::NginxRoundRobin { tries: 0 },
            Note::NginxRoundRobin { tries: 21 },
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
