//! The engine's steps, notes and the seed's defects in words, in either language: the one place
//! that words them, for the browser's explanation, the lookup debugger and anything native (the
//! CLI's errors). Two forms read the same typed steps: [`step_text`], one line per step as the
//! explanation lists them, and [`long::Walkthrough`], the debugger's longer form, which carries
//! what it has said from one step to the next and falls back to [`step_text`] where it has
//! nothing to add. A new `Step` is worded here and nowhere else.
//!
//! The engine records what happened as data ([`Note`], [`SeedDefect`], [`Unavailable`]) with
//! servers as pool indices; `name` maps an index to the name to show. Nothing reads words back.

#![warn(missing_docs)]

pub mod long;
pub mod proxy;

use std::fmt::{Display, Write as _};

use super::i18n::{Lang, Text};
use crate::engine::hashing::HashFunction;
use crate::engine::trace::Direction;
use crate::engine::{
    KeySource, Note, SeedDefect, Status, Step, StrategyKind, Unavailable, trace::Retry,
};

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
        K::PowerOfDChoices => Text::PickCostDChoices,
        K::EnvoyLeastRequest => Text::PickCostEnvoyLeastRequest,
        K::MementoHash => Text::PickCostMemento,
        K::JumpBackHash => Text::PickCostJumpBack,
        K::AnchorHash => Text::PickCostAnchor,
        K::MultiProbeHash => Text::PickCostMultiProbe,
        K::JoinIdleQueue => Text::PickCostJiq,
        K::Prequal => Text::PickCostPrequal,
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
        | Note::IdleQueueHead { server, .. }
        | Note::IdleQueueDropped { server, .. }
        | Note::ColdProbeWins { server, .. }
        | Note::AllProbesHot { server, .. }
        | Note::DeadSlot {
            owner: Some(server),
            ..
        } => name(server),
        _ => String::new(),
    };
    let shown = match note {
        Note::ScoredAsMean { mean_ms } => format!("{mean_ms:.3}"),
        Note::ProbePool { quantile, .. } => format!("{quantile}"),
        Note::JumpFallback { seed, .. } => format!("{seed:#x}"),
        Note::MementoRehash { hash, .. } | Note::AnchorBucket { hash, .. } => {
            format!("{hash:#018x}")
        }
        _ => String::new(),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match note {
        Note::AllAtCapacity => (Text::NoteAllAtCapacity, &[], &[]),
        Note::TieByFairShare => (Text::NoteTieByFairShare, &[], &[]),
        Note::ScoredAsMean { .. } => (Text::NoteScoredAsMean, &["mean"], &[&shown]),
        Note::OneEligible => (Text::NoteOneEligible, &[], &[]),
        Note::Choices { d, of } => (Text::NoteChoices, &["d", "of"], &[d, of]),
        Note::IdleQueueHead { waiting, .. } => (
            Text::NoteIdleQueueHead,
            &["server", "waiting"],
            &[&who, waiting],
        ),
        Note::IdleQueueDropped { why, .. } => (
            Text::NoteIdleQueueDropped,
            &["server", "reason"],
            &[&who, &unavailable_text(*why, lang)],
        ),
        Note::IdleQueueEmpty => (Text::NoteIdleQueueEmpty, &[], &[]),
        Note::ProbesSent { count } => (Text::NoteProbesSent, &["count"], &[count]),
        Note::ProbePoolEmpty => (Text::NoteProbePoolEmpty, &[], &[]),
        Note::ProbePool {
            probes, threshold, ..
        } => (
            Text::NoteProbePool,
            &["probes", "threshold", "quantile"],
            &[probes, threshold, &shown],
        ),
        Note::ColdProbeWins { uses, reuse, .. } => (
            Text::NoteColdProbeWins,
            &["server", "uses", "reuse"],
            &[&who, uses, reuse],
        ),
        Note::AllProbesHot { uses, reuse, .. } => (
            Text::NoteAllProbesHot,
            &["server", "uses", "reuse"],
            &[&who, uses, reuse],
        ),
        Note::MementoRehash {
            bucket,
            working,
            seed,
            to,
            ..
        } => (
            Text::NoteMementoRehash,
            &["bucket", "working", "seed", "hash", "to"],
            &[bucket, working, seed, &shown, to],
        ),
        Note::AnchorBucket { anchor, bucket, .. } => (
            Text::NoteAnchorBucket,
            &["hash", "anchor", "bucket"],
            &[&shown, anchor, bucket],
        ),
        Note::MementoFollow { bucket, to } => {
            (Text::NoteMementoFollow, &["bucket", "to"], &[bucket, to])
        }
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

// ----- a pick's steps --------------------------------------------------------------------

/// One step of a pick in words, as the explanation lists them: `hash_bits` is the ring's hash
/// width (0 when the strategy has none, 32 for nginx's ring).
pub fn step_text(
    step: &Step,
    hash_bits: u32,
    name: &dyn Fn(usize) -> String,
    lang: Lang,
) -> String {
    let bits = if hash_bits == 0 { 64 } else { hash_bits };
    let named = |p: usize| name(p);
    // The server a step names first, and a value shown otherwise than as it is (a hash in hex,
    // a score to so many places).
    let who = match *step {
        Step::Score { server, .. }
        | Step::RingPoint { owner: server, .. }
        | Step::RingSkip { owner: server, .. }
        | Step::AtCapacity { server, .. }
        | Step::MaglevSlot { owner: server, .. }
        | Step::RendezvousScore { server, .. }
        | Step::MultiProbe { owner: server, .. }
        | Step::PrequalProbe { server, .. }
        | Step::LeastRequestChoice { server, .. }
        | Step::EdfPick { server, .. }
        | Step::SlowStart { server, .. }
        | Step::Chosen { server } => name(server),
        Step::Candidates { ref servers, .. } => name(servers[0]),
        _ => String::new(),
    };
    let shown = match *step {
        Step::RingProbe { point: v, .. }
        | Step::RingPoint { point: v, .. }
        | Step::MultiProbe { point: v, .. } => hex(v, bits),
        Step::Modulo { hash, .. } => hex(hash, 64),
        Step::Score { score, .. } => format!("{score:.3}"),
        Step::Candidates { ref scores, .. } => format!("{:.3}", scores[0]),
        Step::RendezvousScore { score, .. } => format!("{score:.6}"),
        Step::EdfPick { deadline, .. } => format!("{deadline:.4}"),
        _ => String::new(),
    };
    let places3 = match *step {
        Step::EdfPick { effective, .. }
        | Step::SlowStart {
            weight: effective, ..
        } => {
            format!("{effective:.3}")
        }
        _ => String::new(),
    };
    // Round robin's places in line are counted from 1, as a reader counts them.
    let places = match step {
        Step::Cursor { position, next, .. } => (position + 1, next + 1),
        _ => (0, 0),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match step {
        Step::Key { source, key } => (
            Text::StepKey,
            &["source", "key"],
            &[&key_source_text(source, lang), key],
        ),
        Step::Hash {
            function,
            input,
            value,
        } => {
            return hash_text(
                HashedBy::Function(*function),
                input,
                *value,
                hash_bits,
                lang,
            );
        }
        Step::SeededHash { input, seed, value } => {
            return hash_text(HashedBy::Seed(*seed), input, *value, hash_bits, lang);
        }
        Step::Modulo {
            n: count, index, ..
        } => (
            Text::StepModulo,
            &["hash", "n", "index"],
            &[&shown, count, index],
        ),
        Step::Cursor { of, .. } => (
            Text::StepCursor,
            &["position", "of", "next"],
            &[&places.0, of, &places.1],
        ),
        Step::SmoothWeights {
            servers,
            before,
            after,
            total,
            ..
        } => (
            Text::StepSmoothWeights,
            &["before", "total", "after"],
            &[
                &named_weights(name, servers, before),
                total,
                &named_weights(name, servers, after),
            ],
        ),
        Step::Random { range, index } => (Text::StepRandom, &["index", "range"], &[index, range]),
        Step::Score { .. } => (Text::StepScore, &["server", "score"], &[&who, &shown]),
        Step::Candidates { servers, scores } => (
            Text::StepCandidates,
            &["a", "a_score", "b", "b_score"],
            &[
                &who,
                &shown,
                &name(servers[1]),
                &format!("{:.3}", scores[1]),
            ],
        ),
        Step::RingRange { lo, hi, of } => (Text::StepRingRange, &["lo", "hi", "of"], &[lo, hi, of]),
        Step::RingProbe { mid, went, .. } => (
            match went {
                Direction::Right => Text::StepRingProbeRight,
                Direction::Left => Text::StepRingProbeLeft,
            },
            &["mid", "point"],
            &[mid, &shown],
        ),
        Step::RingPoint { index, wrapped, .. } => (
            if *wrapped {
                Text::StepRingPointWrapped
            } else {
                Text::StepRingPoint
            },
            &["index", "point", "server"],
            &[index, &shown, &who],
        ),
        Step::RingSkip { index, reason, .. } => (
            Text::StepRingSkip,
            &["index", "server", "reason"],
            &[index, &who, &unavailable_text(*reason, lang)],
        ),
        Step::AtCapacity { load, capacity, .. } => (
            Text::StepAtCapacity,
            &["server", "load", "capacity"],
            &[&who, load, capacity],
        ),
        Step::MaglevSlot {
            slot, table_size, ..
        } => (
            Text::StepMaglevSlot,
            &["table_size", "slot", "server"],
            &[table_size, slot, &who],
        ),
        Step::RendezvousScore { .. } => (
            Text::StepRendezvousScore,
            &["server", "score"],
            &[&who, &shown],
        ),
        Step::RendezvousNode { .. } => return tree_node_text(step, lang),
        Step::Jump { from, to } => (Text::StepJump, &["from", "to"], &[from, to]),
        Step::JumpBack { low: 0, .. } => (Text::StepJumpBackZero, &[], &[]),
        Step::JumpBack { low, candidate } => (
            Text::StepJumpBack,
            &["low", "high", "candidate"],
            &[low, &(2 * low - 1), candidate],
        ),
        Step::MultiProbe {
            probe,
            hash,
            index,
            distance,
            nearest,
            ..
        } => (
            if *nearest {
                Text::StepMultiProbeNearest
            } else {
                Text::StepMultiProbe
            },
            &["probe", "hash", "index", "point", "server", "distance"],
            &[
                probe,
                &hex(*hash, 64),
                index,
                &shown,
                &who,
                &circle_percent(*distance),
            ],
        ),
        Step::PrequalProbe {
            rif,
            latency_ms,
            age_ns,
            uses,
            hot,
            ..
        } => (
            if *hot {
                Text::StepProbeHot
            } else {
                Text::StepProbeCold
            },
            &["server", "rif", "latency", "age", "uses"],
            &[
                &who,
                rif,
                &format!("{latency_ms:.3}"),
                &format!("{:.3}", *age_ns as f64 / 1e6),
                uses,
            ],
        ),
        Step::LeastRequestChoice { active, kept, .. } => (
            if *kept {
                Text::StepLeastRequestChoiceKept
            } else {
                Text::StepLeastRequestChoice
            },
            &["server", "active"],
            &[&who, active],
        ),
        Step::EdfPick {
            weight,
            active,
            bias,
            ..
        } => (
            Text::StepEdfPick,
            &[
                "deadline",
                "server",
                "weight",
                "active",
                "bias",
                "effective",
            ],
            &[&shown, &who, weight, active, bias, &places3],
        ),
        Step::SlowStart {
            elapsed_ms,
            window_ms,
            factor,
            ..
        } => (
            Text::StepSlowStart,
            &["server", "elapsed", "window", "factor", "weight"],
            &[
                &who,
                elapsed_ms,
                window_ms,
                &format!("{factor:.3}"),
                &places3,
            ],
        ),
        Step::SeedDefect(defect) => (
            Text::StepSeedDefect,
            &["defect"],
            &[&defect_text(defect, lang, &named)],
        ),
        Step::Note(note) => return note_text(note, lang, &named),
        Step::Chosen { .. } => (Text::StepChosen, &["server"], &[&who]),
    };
    text.fill(lang, names, values)
}

/// How a key was hashed: by a named function, or by the seeded XXH3 with this seed.
enum HashedBy {
    Function(HashFunction),
    Seed(u64),
}

/// A hash of the key in words; on a ring (`hash_bits` not 0) with its angle.
fn hash_text(how: HashedBy, input: &str, value: u64, hash_bits: u32, lang: Lang) -> String {
    let ring = hash_bits != 0;
    let bits = if ring { hash_bits } else { 64 };
    let shown = hex(value, bits);
    let angle = angle(value, bits);
    match how {
        HashedBy::Function(function) => if ring {
            Text::StepHashRing
        } else {
            Text::StepHash
        }
        .fill(
            lang,
            &["function", "input", "value", "angle"],
            &[&function_text(function, lang), &input, &shown, &angle],
        ),
        HashedBy::Seed(seed) => if ring {
            Text::StepHashSeededInputRing
        } else {
            Text::StepHashSeededInput
        }
        .fill(
            lang,
            &["input", "seed", "value", "angle"],
            &[&input, &seed, &shown, &angle],
        ),
    }
}

/// One node of the rendezvous skeleton's tree: its children's weights and scores, and the winner.
fn tree_node_text(step: &Step, lang: Lang) -> String {
    let Step::RendezvousNode {
        attempt,
        level,
        node,
        first,
        weights,
        scores,
        chosen,
    } = step
    else {
        unreachable!("called for tree nodes only")
    };
    let node = if *attempt > 0 {
        Text::TreeNodeDescent.fill(lang, &["node", "descent"], &[node, &(attempt + 1)])
    } else {
        Text::TreeNode.fill(lang, &["node"], &[node])
    };
    let mut w = String::new();
    for (i, x) in weights.iter().enumerate() {
        if i > 0 {
            w.push_str(", ");
        }
        let _ = write!(w, "{x}");
    }
    let what = if *level == 1 {
        Text::TreeSlot
    } else {
        Text::TreeSubtree
    };
    let best = chosen
        .checked_sub(*first)
        .and_then(|i| scores.get(i))
        .map_or_else(|| "?".to_string(), |b| format!("{b:.6}"));
    Text::StepTreeNode.fill(
        lang,
        &[
            "level", "node", "children", "weights", "what", "chosen", "best",
        ],
        &[
            level,
            &node,
            &scores.len(),
            &w,
            &what.get(lang),
            chosen,
            &best,
        ],
    )
}

/// "s1 3, s2 -1, ...": each server's current weight.
fn named_weights(name: &dyn Fn(usize) -> String, servers: &[usize], weights: &[i64]) -> String {
    let mut out = String::new();
    for (i, (&p, w)) in servers.iter().zip(weights).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {w}", name(p));
    }
    out
}

/// Where a request's key came from, in words ("client IP", "header X-User").
fn key_source_text(source: &KeySource, lang: Lang) -> String {
    match source {
        KeySource::ClientIp => Text::KeySourceClientIp.get(lang).to_string(),
        KeySource::Path => Text::KeySourcePath.get(lang).to_string(),
        KeySource::Header(h) => Text::KeySourceHeader.fill(lang, &["header"], &[h]),
        KeySource::RequestId => Text::KeySourceRequestId.get(lang).to_string(),
    }
}

/// A hash function's name ("XXH3-64", "XXH3-64 (seeded)").
fn function_text(function: HashFunction, lang: Lang) -> &'static str {
    match function {
        HashFunction::Xxh3Seeded => Text::FunctionXxh3Seeded.get(lang),
        HashFunction::PythonSipHash13 => Text::FunctionPythonHash.get(lang),
        f => f.label(),
    }
}

fn hex(v: u64, bits: u32) -> String {
    if bits == 32 {
        format!("0x{:08x}", v & 0xffff_ffff)
    } else {
        format!("0x{v:016x}")
    }
}

/// A clockwise distance on the 64-bit circle as a percentage of the circle.
fn circle_percent(distance: u64) -> String {
    format!(
        "{:.4}%",
        distance as f64 / 18_446_744_073_709_551_616.0 * 100.0
    )
}

fn angle(v: u64, bits: u32) -> String {
    let frac = if bits == 32 {
        (v & 0xffff_ffff) as f64 / 4_294_967_296.0
    } else {
        v as f64 / 18_446_744_073_709_551_616.0
    };
    format!("{:.1}°", frac * 360.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_name(p: usize) -> String {
        format!("s{}", p + 1)
    }

    #[test]
    fn a_seeded_hash_is_worded_with_its_seed() {
        let step = Step::SeededHash {
            input: "/k/1".into(),
            seed: 2,
            value: 0xab,
        };
        let en = step_text(&step, 0, &server_name, Lang::En);
        assert!(
            en.contains("/k/1 (seed 2)") && en.contains("0x00000000000000ab"),
            "{en}"
        );
        let zh = step_text(&step, 0, &server_name, Lang::Zh);
        assert!(zh.contains("种子 2") && zh.contains("/k/1"), "{zh}");
        let ring = step_text(&step, 32, &server_name, Lang::En);
        assert!(ring.contains("0x000000ab") && ring.contains('°'), "{ring}");
    }

    /// Every step every strategy records (corrected and seed code) is put in words in both
    /// languages, naming the chosen server.
    #[test]
    fn every_recorded_step_is_worded() {
        use crate::engine::{Balancer, Request, Server, StrategyConfig, Variant, seeded};
        let servers: Vec<Server> = (0..5)
            .map(|i| Server::new(format!("s{}", i + 1), format!("10.0.0.{i}"), 80, 1 + i % 2))
            .collect();
        for kind in StrategyKind::ALL {
            for variant in [Variant::Corrected, Variant::Seed] {
                if variant == Variant::Seed && !kind.has_seed_variant() {
                    continue;
                }
                let config = StrategyConfig {
                    variant,
                    ..StrategyConfig::new(kind)
                };
                let mut b = Balancer::new(config, servers.clone()).unwrap();
                let mut rng = seeded(3);
                for i in 0..4 {
                    let r = Request::get(i, format!("/api/{i}"), format!("192.168.0.{i}"));
                    let (picked, steps) = b.pick_explained(&r, &mut rng, 0);
                    for lang in [Lang::En, Lang::Zh] {
                        for step in &steps {
                            let words = step_text(step, 0, &server_name, lang);
                            assert!(!words.trim().is_empty(), "{kind:?} {step:?}");
                            assert!(!words.contains('{'), "a placeholder left: {words}");
                        }
                    }
                    if let (Ok(p), Some(last)) = (picked, steps.last()) {
                        let words = step_text(last, 0, &server_name, Lang::En);
                        assert!(words.contains(&server_name(p)), "{kind:?}: {words}");
                    }
                }
            }
        }
    }
    use crate::share::i18n::placeholders;
    /// Envoy's least request: both forms of a random choice and the schedule's pick, named and
    /// filled in both languages (the strategies' run above records the schedule only, its
    /// weights being unequal).
    #[test]
    fn envoy_least_request_steps_are_worded() {
        let steps = [
            Step::LeastRequestChoice {
                server: 1,
                active: 3,
                kept: true,
            },
            Step::LeastRequestChoice {
                server: 2,
                active: 4,
                kept: false,
            },
            Step::EdfPick {
                server: 0,
                deadline: 2.5,
                weight: 3,
                active: 2,
                bias: 1.0,
                effective: 1.0,
            },
            Step::SlowStart {
                server: 0,
                elapsed_ms: 3000,
                window_ms: 30_000,
                factor: 0.1,
                weight: 0.1,
            },
        ];
        let mut seen = Vec::new();
        for step in &steps {
            let en = step_text(step, 0, &server_name, Lang::En);
            let zh = step_text(step, 0, &server_name, Lang::Zh);
            for w in [&en, &zh] {
                assert!(placeholders(w).is_empty() && !w.contains('{'), "{w}");
            }
            assert_ne!(en, zh);
            seen.push(en);
        }
        assert!(
            seen[0].contains("s2") && seen[0].contains("candidate now"),
            "{}",
            seen[0]
        );
        assert!(
            seen[1].contains("s3") && seen[1].contains("stays"),
            "{}",
            seen[1]
        );
        assert!(
            seen[2].contains("s1") && seen[2].contains("3 / (2 + 1)^1 = 1.000"),
            "{}",
            seen[2]
        );
    }

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
            Note::Choices { d: 3, of: 10 },
            Note::IdleQueueHead {
                server: 1,
                waiting: 2,
            },
            Note::IdleQueueDropped {
                server: 1,
                why: Unavailable::Draining,
            },
            Note::IdleQueueEmpty,
            Note::ProbesSent { count: 2 },
            Note::ProbePoolEmpty,
            Note::ProbePool {
                probes: 16,
                quantile: 0.84,
                threshold: 5,
            },
            Note::ColdProbeWins {
                server: 1,
                uses: 1,
                reuse: 3,
            },
            Note::AllProbesHot {
                server: 1,
                uses: 2,
                reuse: 3,
            },
            Note::MementoRehash {
                bucket: 4,
                working: 6,
                seed: 4,
                hash: 0xfeed,
                to: 5,
            },
            Note::MementoFollow { bucket: 5, to: 2 },
            Note::AnchorBucket {
                hash: 0xabc,
                anchor: 64,
                bucket: 60,
            },
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
            "IndexError: list index out of range (index 3, 3 healthy servers)"
        );
        let stale = SeedDefect::StaleRing {
            server: 0,
            status: Status::Unhealthy,
        };
        assert!(defect_text(&stale, Lang::Zh, &name).contains("server1 的状态为不健康"));
    }
}
