//! The lookup debugger's frames: one per step of the engine's explanation (`engine::trace::Step`),
//! plus frames that show what the engine's accessors say about the strategy's structure (the
//! ring's points, maglev's permutations and table fill, jump hash's buckets). Each frame names the
//! pseudocode line it illustrates. Nothing here decides an owner: every number comes from a step
//! or an accessor, and the steps' words are `share::steps::long`'s.

#![warn(missing_docs)]

use super::settings::{list_sep, pick_error_text};
use crate::engine::churn::{HashStrategy, Lookup};
use crate::engine::hashing::jump::Bucket;
use crate::engine::hashing::jump_back::JumpBackHash;
use crate::engine::hashing::ring::HashRing;
use crate::engine::{AnyStrategy, KeySource, Note, Step};
use crate::share::i18n::{Lang, LaterText, fill};
use crate::share::steps::long::{ServerId, Walkthrough, ring_of};

/// What a frame shows beside its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// The strategy's structure, from the engine's accessors.
    Setup,
    /// Maglev's table filling turn by turn (animated).
    MaglevFill,
    /// The engine's step `steps[i]`.
    Step(usize),
}

/// One frame of the debugger: a step (or the strategy's structure) in words, and the
/// pseudocode line it stands on.
#[derive(Clone, Debug, PartialEq)]
pub struct StepFrame {
    /// What happens, in the page's language.
    pub text: String,
    /// Index into [`Explained::pseudocode`].
    pub line: usize,
    /// What is drawn beside the text.
    pub kind: FrameKind,
}

/// A lookup put in words: its frames, the strategy's pseudocode and the owner.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    /// The setup frames, then one per engine step.
    pub frames: Vec<StepFrame>,
    /// The strategy's pseudocode, a line each.
    pub pseudocode: Vec<String>,
    /// The owner's id, or why there is none.
    pub owner: Result<String, String>,
}

/// The code that reads a key from a request (the pseudocode's `key ← …`).
fn source_name(source: &KeySource) -> &'static str {
    match source {
        KeySource::ClientIp => "request.client_ip",
        KeySource::Path => "request.uri",
        KeySource::Header(_) => "request.header",
        KeySource::RequestId => "request.id",
    }
}

/// The strategy's pseudocode in `lang`, one numbered line per line: `key_line` is the line
/// `key ← <the key's source>`, `points` the ring's points per weight, `k` multi-probe's probes.
fn pseudocode(
    strategy: HashStrategy,
    key_line: &str,
    (points, k): (u32, u32),
    lang: Lang,
) -> Vec<String> {
    let text = match strategy {
        HashStrategy::Ring => LaterText::PseudoRing.get(lang),
        HashStrategy::NginxRing => LaterText::PseudoNginxRing.get(lang),
        HashStrategy::BoundedLoad => LaterText::PseudoBoundedLoad.get(lang),
        HashStrategy::Maglev => LaterText::PseudoMaglev.get(lang),
        HashStrategy::Rendezvous => LaterText::PseudoRendezvous.get(lang),
        HashStrategy::RendezvousSkeleton => LaterText::PseudoRendezvousSkeleton.get(lang),
        HashStrategy::Jump => LaterText::PseudoJump.get(lang),
        HashStrategy::Memento => LaterText::PseudoMemento.get(lang),
        HashStrategy::JumpBack => LaterText::PseudoJumpBack.get(lang),
        HashStrategy::Anchor => LaterText::PseudoAnchor.get(lang),
        HashStrategy::MultiProbe => LaterText::PseudoMultiProbe.get(lang),
        HashStrategy::IpHash => LaterText::PseudoNginxIpHash.get(lang),
        HashStrategy::UrlHash => LaterText::PseudoModulo.get(lang),
    };
    fill(text, &["points", "key", "k"], &[&points, &key_line, &k])
        .lines()
        .enumerate()
        .map(|(i, line)| format!("{:>2}  {line}", i + 1))
        .collect()
}

/// Which pseudocode line a step illustrates.
fn line_of(strategy: HashStrategy, step: &Step, last_note: bool) -> usize {
    use HashStrategy as H;
    match (strategy, step) {
        (H::Ring | H::NginxRing | H::BoundedLoad, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } => 2,
            Step::RingRange { .. } => 3,
            Step::RingProbe { .. } => 5,
            Step::RingPoint { .. } => 6,
            Step::RingSkip { .. } => 7,
            Step::AtCapacity { .. } => 8,
            Step::Note { .. } if strategy == H::NginxRing => 9,
            Step::Chosen { .. } if strategy == H::BoundedLoad => 9,
            _ => 8,
        },
        (H::Maglev, s) => match s {
            Step::Key { .. } => 2,
            Step::Hash { .. } => 3,
            Step::MaglevSlot { .. } => 4,
            _ => 5,
        },
        (H::Rendezvous, s) => match s {
            Step::Key { .. } => 0,
            Step::Hash { .. } => 1,
            Step::RendezvousScore { .. } => 3,
            _ => 4,
        },
        (H::Jump, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } => 2,
            Step::Jump { .. } => 4,
            Step::Note { .. } if !last_note => 6,
            _ => 5,
        },
        (H::JumpBack, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } | Step::SeededHash { .. } => 2,
            Step::JumpBack { low: 0, .. } => 5,
            Step::JumpBack { .. } => 4,
            Step::Note { .. } if !last_note => 7,
            _ => 6,
        },
        (H::Anchor, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } => 2,
            Step::Note(Note::AnchorBucket { .. }) => 3,
            Step::Note(Note::MementoRehash { .. }) => 4,
            Step::Note(Note::MementoFollow { .. }) => 5,
            _ => 7,
        },
        (H::MultiProbe, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } | Step::SeededHash { .. } => 2,
            Step::MultiProbe { nearest: false, .. } => 4,
            Step::MultiProbe { nearest: true, .. } => 5,
            _ => 6,
        },
        (H::Memento, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } => 2,
            Step::Jump { .. } => 4,
            Step::Note(Note::MementoRehash { .. }) => 5,
            Step::Note(Note::MementoFollow { .. }) => 6,
            _ => 7,
        },
        (H::RendezvousSkeleton, s) => match s {
            Step::Key { .. } => 0,
            Step::Hash { .. } => 1,
            Step::RendezvousNode { .. } | Step::RendezvousScore { .. } => 2,
            Step::Note(Note::SlotOwner { .. } | Note::SkeletonTree { .. }) => 3,
            Step::Note(..) => 4,
            _ => 5,
        },
        (H::IpHash, s) => match s {
            Step::Key { .. } => 0,
            Step::Hash { .. } => 1,
            Step::Note(Note::IpHashPoint { up: true, .. }) => 3,
            Step::Note(Note::IpHashPoint { up: false, .. }) => 4,
            Step::Note(Note::NginxRoundRobin { .. }) => 5,
            _ => 6,
        },
        (H::UrlHash, s) => match s {
            Step::Key { .. } => 0,
            Step::Hash { .. } => 1,
            Step::Modulo { .. } => 2,
            _ => 3,
        },
    }
}

/// The frames drawn from the engine's accessors before the lookup itself: maglev's permutations
/// and table, jump hash's buckets, the ring's points per server.
fn setup_frames(lookup: &Lookup, ring: Option<&HashRing>, lang: Lang) -> Vec<StepFrame> {
    let b = &lookup.balancer;
    let pool = b.pool();
    let sep = list_sep(lang);
    let mut frames = Vec::new();
    match b.strategy() {
        AnyStrategy::Maglev(m) => {
            let size = m.table_size() as u32;
            let mut servers = Vec::new();
            for s in m.servers() {
                let mut slots = String::new();
                for j in 0..4.min(size) {
                    slots.push_str(&s.preference(j, size).to_string());
                    slots.push_str(sep);
                }
                servers.push(LaterText::MaglevPermutation.fill(
                    lang,
                    &["server", "weight", "offset", "skip", "slots"],
                    &[
                        &ServerId(pool, s.server, lang),
                        &s.weight,
                        &s.offset,
                        &s.skip,
                        &slots,
                    ],
                ));
            }
            let semicolon = match lang {
                Lang::En => "; ",
                Lang::Zh => "；",
            };
            frames.push(StepFrame {
                text: LaterText::MaglevPermutations.fill(
                    lang,
                    &["size", "servers"],
                    &[&size, &servers.join(semicolon)],
                ),
                line: 0,
                kind: FrameKind::Setup,
            });
            frames.push(StepFrame {
                text: LaterText::MaglevFills.fill(lang, &["size"], &[&size]),
                line: 1,
                kind: FrameKind::MaglevFill,
            });
        }
        AnyStrategy::JumpHash(j) | AnyStrategy::JumpBackHash(JumpBackHash { buckets: j }) => {
            let n = j.bucket_count();
            let mut list = Vec::new();
            for bucket in 0..n.min(24) {
                list.push(match j.bucket(bucket) {
                    Bucket::Tombstone => {
                        LaterText::JumpTombstone.fill(lang, &["bucket"], &[&bucket])
                    }
                    Bucket::Live(s) => format!("{bucket} → {}", ServerId(pool, s, lang)),
                    Bucket::Unavailable(s) => LaterText::JumpBucketDown.fill(
                        lang,
                        &["bucket", "server"],
                        &[&bucket, &ServerId(pool, s, lang)],
                    ),
                });
            }
            if n > 24 {
                list.push("…".to_string());
            }
            frames.push(StepFrame {
                text: LaterText::JumpBuckets.fill(
                    lang,
                    &["count", "buckets"],
                    &[&n, &list.join(sep)],
                ),
                line: 0,
                kind: FrameKind::Setup,
            });
        }
        _ => {}
    }
    if let Some(r) = ring {
        let servers: Vec<String> = pool
            .servers()
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} {}", s.id, r.points_of(i)))
            .collect();
        let mut text = LaterText::RingSetup.fill(
            lang,
            &["points", "bits", "servers"],
            &[&r.len(), &r.hash_bits(), &servers.join(sep)],
        );
        if let AnyStrategy::BoundedLoadHashRing(bounded) = b.strategy() {
            text = LaterText::RingSetupBounded.fill(
                lang,
                &["ring", "c", "m", "weight"],
                &[
                    &text,
                    &bounded.load_factor(),
                    &lookup.in_flight_before,
                    &pool.eligible_weight(),
                ],
            );
        }
        frames.push(StepFrame {
            text,
            line: 0,
            kind: FrameKind::Setup,
        });
    }

    frames
}

/// Word every step of `lookup` (made with `strategy`) in `lang` and add the accessor frames.
pub fn explain(strategy: HashStrategy, lookup: &Lookup, lang: Lang) -> Explained {
    let b = &lookup.balancer;
    let pool = b.pool();
    let id = |i: usize| ServerId(pool, i, lang).to_string();
    let ring = ring_of(b);
    let key_source = match lookup.steps.first() {
        Some(Step::Key { source, .. }) => source_name(source),
        _ => "request.uri",
    };
    let knobs = (b.config().points_per_weight, b.config().k);
    let pseudocode = pseudocode(strategy, &format!("key ← {key_source}"), knobs, lang);
    // Frames from the accessors, before the lookup itself.
    let mut frames = setup_frames(lookup, ring, lang);

    let last_note = lookup
        .steps
        .iter()
        .rposition(|s| matches!(s, Step::Note { .. }));
    let mut words = Walkthrough::new(strategy, lookup, lang);
    for (i, step) in lookup.steps.iter().enumerate() {
        let text = words.step(step);
        frames.push(StepFrame {
            text,
            line: line_of(strategy, step, last_note == Some(i)),
            kind: FrameKind::Step(i),
        });
    }
    let owner = match &lookup.owner {
        Ok(s) => Ok(id(*s)),
        Err(e) => Err(pick_error_text(e, lang, &id)),
    };
    if let Err(e) = &owner {
        frames.push(StepFrame {
            text: LaterText::StepNoOwner.fill(lang, &["error"], &[e]),
            line: pseudocode.len() - 1,
            kind: FrameKind::Setup,
        });
    }
    Explained {
        frames,
        pseudocode,
        owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::churn::{Knobs, lookup};
    use crate::playground::lookup::settings::{LookupAction, LookupSettings};
    use std::rc::Rc;

    /// Every strategy's explanation: one frame per engine step, in order, each on a line of
    /// the pseudocode, and the owner the engine picked.
    #[test]
    fn each_engine_step_gets_one_frame_in_order() {
        let s = LookupSettings::default();
        for strategy in HashStrategy::ALL {
            for key in ["user-42", "/api/data/7", ""] {
                let config = strategy.config(&s.knobs);
                let found = lookup(&config, &s.base, &[], key, 2).unwrap();
                for lang in [Lang::En, Lang::Zh] {
                    let explained = explain(strategy, &found, lang);
                    let steps: Vec<usize> = explained
                        .frames
                        .iter()
                        .filter_map(|f| match f.kind {
                            FrameKind::Step(i) => Some(i),
                            _ => None,
                        })
                        .collect();
                    assert_eq!(
                        steps,
                        (0..found.steps.len()).collect::<Vec<_>>(),
                        "{strategy:?}"
                    );
                    for f in &explained.frames {
                        assert!(f.line < explained.pseudocode.len(), "{strategy:?} {f:?}");
                        assert!(!f.text.is_empty());
                        assert!(!f.text.contains(['{', '}']), "unfilled: {}", f.text);
                    }
                    let owner = found
                        .owner
                        .as_ref()
                        .map(|&i| found.balancer.pool().servers()[i].id.clone());
                    assert_eq!(
                        explained.owner.as_ref().ok(),
                        owner.as_ref().ok(),
                        "{strategy:?}"
                    );
                }
            }
        }
        let _ = Knobs::default();
    }

    /// The debugger takes the playground's k: the lookup makes k probes and its pseudocode says
    /// that k; a k out of range is clamped with a note.
    #[test]
    fn multi_probes_lookup_follows_k() {
        let s = Rc::new(LookupSettings::default());
        for (asked, used) in [
            (5, 5),
            (1, 1),
            (0, 1),
            (5_000, crate::engine::strategy::MAX_K),
        ] {
            let next = s.clone().apply(LookupAction::SetProbes(asked));
            assert_eq!(next.knobs.probes, used);
            assert_eq!(next.note.is_some(), asked != used, "{asked}");
            let config = HashStrategy::MultiProbe.config(&next.knobs);
            let found = lookup(&config, &next.base, &[], "user-42", 0).unwrap();
            let probes = found
                .steps
                .iter()
                .filter(|s| matches!(s, Step::MultiProbe { .. }))
                .count();
            assert_eq!(probes, used as usize);
            for lang in Lang::ALL {
                let explained = explain(HashStrategy::MultiProbe, &found, lang);
                let line = format!("k = {used}");
                assert!(
                    explained.pseudocode.iter().any(|l| l.contains(&line)),
                    "{:?}",
                    explained.pseudocode
                );
            }
        }
        // The same k again is the same lookup: the reader's step survives.
        let five = s.clone().apply(LookupAction::SetProbes(5));
        assert!(
            five.clone()
                .apply(LookupAction::SetProbes(5))
                .same_lookup(&five)
        );
        assert!(!five.same_lookup(&s));
        // The note beside it survives the same k again (the playground says its k again when
        // the debugger mounts), not another k.
        let noted = five.clone().apply(LookupAction::SetProbes(0));
        assert!(noted.note.is_some());
        assert!(
            noted
                .clone()
                .apply(LookupAction::SetProbes(1))
                .note
                .is_some()
        );
        assert!(noted.apply(LookupAction::SetProbes(2)).note.is_none());
    }

    /// The skeleton's tree nodes have no longer form: the debugger words them as the
    /// explanation does, from the same step.
    #[test]
    fn a_step_without_a_longer_form_is_worded_as_the_explanation_words_it() {
        // More servers than one node's fanout, so the tree has levels.
        let spec: Vec<String> = (1..=20).map(|i| format!("10.0.0.{i}:80")).collect();
        let base = crate::engine::model::parse_servers(&spec.join(",")).unwrap();
        let config = HashStrategy::RendezvousSkeleton.config(&Knobs::default());
        let found = lookup(&config, &base, &[], "user-42", 0).unwrap();
        let explained = explain(HashStrategy::RendezvousSkeleton, &found, Lang::En);
        let pool = found.balancer.pool();
        let name = |i: usize| pool.servers()[i].id.clone();
        let mut nodes = 0;
        for f in &explained.frames {
            if let FrameKind::Step(i) = f.kind
                && let step @ Step::RendezvousNode { .. } = &found.steps[i]
            {
                nodes += 1;
                let short = crate::share::steps::step_text(step, 0, &name, Lang::En);
                assert_eq!(f.text, short);
            }
        }
        assert!(
            nodes > 0,
            "the skeleton records its tree nodes: {:?}",
            found.steps
        );
    }
}
