//! The lookup debugger's frames: one per step of the engine's explanation (`engine::trace::Step`),
//! plus frames that show what the engine's accessors say about the strategy's structure (the
//! ring's points, maglev's permutations and table fill, jump hash's buckets). Each frame names the
//! pseudocode line it illustrates. Nothing here decides an owner: every number comes from a step
//! or an accessor; this file only words them.

#![warn(missing_docs)]

use super::settings::{list_sep, pick_error_text};
use crate::engine::churn::{HashStrategy, Lookup};
use crate::engine::hashing::HashFunction;
use crate::engine::jump::Bucket;
use crate::engine::jump_back::JumpBackHash;
use crate::engine::ring::HashRing;
use crate::engine::trace::Direction;
use crate::engine::{AnyStrategy, Balancer, KeySource, Note, Step};
use crate::playground::decimal::exact as fixed;
use crate::share::i18n::{Lang, Text, fill};

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

/// The ring a strategy looks keys up on, if it has one.
pub fn ring_of(balancer: &Balancer) -> Option<&HashRing> {
    match balancer.strategy() {
        AnyStrategy::HashRing(r) => Some(r),
        AnyStrategy::BoundedLoadHashRing(b) => Some(b.ring()),
        _ => None,
    }
}

/// A hash value in hex, as wide as the function's output.
pub fn hex(function: HashFunction, value: u64) -> String {
    match function {
        HashFunction::Crc32 => format!("0x{value:08x}"),
        // Below 6271: shown as it is computed, in decimal.
        HashFunction::NginxIpHash => value.to_string(),
        _ => format!("0x{value:016x}"),
    }
}

/// A position on a ring of `bits`-bit hashes, in degrees.
pub fn degrees(value: u64, bits: u32) -> f64 {
    value as f64 / (1u128 << bits) as f64 * 360.0
}

/// The code that reads a key from a request (the pseudocode's `key ← …`).
fn source_name(source: &KeySource) -> &'static str {
    match source {
        KeySource::ClientIp => "request.client_ip",
        KeySource::Path => "request.path",
        KeySource::Header(_) => "request.header",
        KeySource::RequestId => "request.id",
    }
}

/// The strategy's pseudocode in `lang`, one numbered line per line: `key_line` is the line
/// `key ← <the key's source>`, `points` the ring's points per weight.
fn pseudocode(strategy: HashStrategy, key_line: &str, points: u32, lang: Lang) -> Vec<String> {
    let text = match strategy {
        HashStrategy::Ring => Text::PseudoRing.get(lang),
        HashStrategy::NginxRing => Text::PseudoNginxRing.get(lang),
        HashStrategy::BoundedLoad => Text::PseudoBoundedLoad.get(lang),
        HashStrategy::Maglev => Text::PseudoMaglev.get(lang),
        HashStrategy::Rendezvous => Text::PseudoRendezvous.get(lang),
        HashStrategy::RendezvousSkeleton => Text::PseudoRendezvousSkeleton.get(lang),
        HashStrategy::Jump => Text::PseudoJump.get(lang),
        HashStrategy::Memento => Text::PseudoMemento.get(lang),
        HashStrategy::JumpBack => Text::PseudoJumpBack.get(lang),
        HashStrategy::Anchor => Text::PseudoAnchor.get(lang),
        HashStrategy::IpHash => Text::PseudoNginxIpHash.get(lang),
        HashStrategy::UrlHash => Text::PseudoModulo.get(lang),
    };
    let points = points.to_string();
    fill(text, &["points", "key"], &[&points, &key_line])
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

/// The key's source in words ("the path", "the client IP").
fn source_words(source: &KeySource, lang: Lang) -> String {
    match source {
        KeySource::ClientIp => Text::SourceClientIp.get(lang).to_string(),
        KeySource::Path => Text::SourcePath.get(lang).to_string(),
        KeySource::Header(h) => Text::SourceHeader.fill(lang, &["header"], &[h]),
        KeySource::RequestId => Text::SourceRequestId.get(lang).to_string(),
    }
}

/// A hash function's name as a person reads it.
pub fn hash_label(function: HashFunction, lang: Lang) -> &'static str {
    match function {
        HashFunction::Xxh3Seeded => Text::HashXxh3Seeded.get(lang),
        HashFunction::PythonSipHash13 => Text::HashPython.get(lang),
        f => f.label(),
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
                servers.push(Text::MaglevPermutation.fill(
                    lang,
                    &["server", "weight", "offset", "skip", "slots"],
                    &[
                        &Id(pool, s.server, lang),
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
                text: Text::MaglevPermutations.fill(
                    lang,
                    &["size", "servers"],
                    &[&size, &servers.join(semicolon)],
                ),
                line: 0,
                kind: FrameKind::Setup,
            });
            frames.push(StepFrame {
                text: Text::MaglevFills.fill(lang, &["size"], &[&size]),
                line: 1,
                kind: FrameKind::MaglevFill,
            });
        }
        AnyStrategy::JumpHash(j) | AnyStrategy::JumpBackHash(JumpBackHash { buckets: j }) => {
            let n = j.bucket_count();
            let mut list = Vec::new();
            for bucket in 0..n.min(24) {
                list.push(match j.bucket(bucket) {
                    Bucket::Tombstone => Text::JumpTombstone.fill(lang, &["bucket"], &[&bucket]),
                    Bucket::Live(s) => format!("{bucket} → {}", Id(pool, s, lang)),
                    Bucket::Unavailable(s) => Text::JumpBucketDown.fill(
                        lang,
                        &["bucket", "server"],
                        &[&bucket, &Id(pool, s, lang)],
                    ),
                });
            }
            if n > 24 {
                list.push("…".to_string());
            }
            frames.push(StepFrame {
                text: Text::JumpBuckets.fill(lang, &["count", "buckets"], &[&n, &list.join(sep)]),
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
        let mut text = Text::RingSetup.fill(
            lang,
            &["points", "bits", "servers"],
            &[&r.len(), &r.hash_bits(), &servers.join(sep)],
        );
        if let AnyStrategy::BoundedLoadHashRing(bounded) = b.strategy() {
            text = Text::RingSetupBounded.fill(
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
    let id = |i: usize| Id(pool, i, lang).to_string();
    let ring = ring_of(b);
    let key_source = match lookup.steps.first() {
        Some(Step::Key { source, .. }) => source_name(source),
        _ => "request.path",
    };
    let points = b.config().points_per_weight;
    let pseudocode = pseudocode(strategy, &format!("key ← {key_source}"), points, lang);
    // Frames from the accessors, before the lookup itself.
    let mut frames = setup_frames(lookup, ring, lang);

    let bits = ring.map_or(64, HashRing::hash_bits);
    let last_note = lookup
        .steps
        .iter()
        .rposition(|s| matches!(s, Step::Note { .. }));
    let mut words = Wording {
        strategy,
        lang,
        lookup,
        ring,
        bits,
        buckets: match b.strategy() {
            AnyStrategy::JumpHash(j) => j.bucket_count() as i64,
            AnyStrategy::JumpBackHash(j) => j.buckets().bucket_count() as i64,
            AnyStrategy::MementoHash(m) => m.memento().size() as i64,
            _ => 0,
        },
        probe: 0,
        hash: 0,
        best: None,
        first_point: true,
    };
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
            text: Text::StepNoOwner.fill(lang, &["error"], &[e]),
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

/// The debugger's wording of a lookup's steps, and what it carries from one step to the next
/// (the probes so far, the key's hash, the best rendezvous score, whether a point was reached).
struct Wording<'a> {
    strategy: HashStrategy,
    lang: Lang,
    lookup: &'a Lookup,
    ring: Option<&'a HashRing>,
    bits: u32,
    /// Jump hash's bucket count (0 for other strategies).
    buckets: i64,
    probe: usize,
    hash: u64,
    best: Option<f64>,
    first_point: bool,
}

impl Wording<'_> {
    /// One step in words, in the debugger's longer form.
    fn step(&mut self, step: &Step) -> String {
        let (strategy, lang, lookup, ring, bits, buckets) = (
            self.strategy,
            self.lang,
            self.lookup,
            self.ring,
            self.bits,
            self.buckets,
        );
        let b = &lookup.balancer;
        let pool = b.pool();
        let id = |i: usize| Id(pool, i, lang).to_string();
        let angle = |v: u64| fixed(degrees(v, bits), 3, "");
        match step {
            Step::Key { source, key } => Text::LookupStepKey.fill(
                lang,
                &["source", "key"],
                &[&source_words(source, lang), key],
            ),
            Step::Hash { .. } | Step::SeededHash { .. } => {
                let (text, function, input, seed, value) = match step {
                    Step::SeededHash { input, seed, value } => (
                        Text::StepHashSeeded,
                        HashFunction::Xxh3Seeded,
                        input,
                        seed.to_string(),
                        value,
                    ),
                    Step::Hash {
                        function,
                        input,
                        value,
                    } => (Text::LookupStepHash, *function, input, String::new(), value),
                    _ => unreachable!("matched above"),
                };
                self.hash = *value;
                let hex = hex(function, *value);
                // One fill for both wordings (the seeded one names no {function}).
                let mut t = text.fill(
                    lang,
                    &["function", "input", "seed", "hex", "value"],
                    &[&hash_label(function, lang), input, &seed, &hex, value],
                );
                if ring.is_some() {
                    t = Text::StepHashOnRing.fill(
                        lang,
                        &["hash", "angle", "fraction"],
                        &[
                            &t,
                            &angle(self.hash),
                            &fixed(degrees(self.hash, bits) / 360.0, 6, ""),
                        ],
                    );
                }
                t
            }
            Step::RingRange { lo, hi, of } => {
                Text::LookupStepRingRange.fill(lang, &["lo", "hi", "of"], &[&lo, &hi, &of])
            }
            Step::RingProbe {
                lo,
                hi,
                mid,
                point,
                went,
            } => {
                self.probe += 1;
                let text = match went {
                    Direction::Right => Text::StepProbeRight,
                    Direction::Left => Text::StepProbeLeft,
                };
                text.fill(
                    lang,
                    &["probe", "lo", "hi", "mid", "point", "angle", "next"],
                    &[
                        &self.probe,
                        &lo,
                        &hi,
                        &mid,
                        &hex_bits(*point, bits),
                        &angle(*point),
                        &(mid + 1),
                    ],
                )
            }
            Step::RingPoint {
                index,
                point,
                owner,
                wrapped,
            } => {
                let replica = ring.and_then(|r| r.replica(*index));
                let name = match replica {
                    Some(j) => if strategy == HashStrategy::NginxRing {
                        Text::StepPointOfNginx
                    } else {
                        Text::StepPointName
                    }
                    .fill(
                        lang,
                        &["replica", "server"],
                        &[&j, &Id(pool, *owner, lang)],
                    ),
                    None => String::new(),
                };
                let lead = if self.first_point {
                    Text::StepFirstPoint
                } else {
                    Text::StepNextPoint
                };
                self.first_point = false;
                let text = lead.fill(
                    lang,
                    &["index", "point", "angle", "name", "owner"],
                    &[
                        &index,
                        &hex_bits(*point, bits),
                        &angle(*point),
                        &name,
                        &Id(pool, *owner, lang),
                    ],
                );
                if *wrapped {
                    Text::StepWrapped.fill(lang, &["step"], &[&text])
                } else {
                    text
                }
            }
            Step::RingSkip {
                index,
                owner,
                reason,
            } => Text::LookupStepRingSkip.fill(
                lang,
                &["server", "index", "reason"],
                &[
                    &Id(pool, *owner, lang),
                    &index,
                    &crate::share::steps::unavailable_text(*reason, lang),
                ],
            ),
            Step::AtCapacity {
                server,
                load,
                capacity,
            } => {
                let (c, w) = match b.strategy() {
                    AnyStrategy::BoundedLoadHashRing(x) => (
                        x.load_factor(),
                        pool.servers().get(*server).map_or(0, |s| s.weight),
                    ),
                    _ => (0.0, 0),
                };
                Text::LookupStepAtCapacity.fill(
                    lang,
                    &["server", "load", "c", "m", "w", "total", "capacity"],
                    &[
                        &Id(pool, *server, lang),
                        &load,
                        &c,
                        &(lookup.in_flight_before + 1),
                        &w,
                        &pool.eligible_weight(),
                        &capacity,
                    ],
                )
            }
            Step::MaglevSlot {
                slot,
                table_size,
                owner,
            } => Text::LookupStepMaglevSlot.fill(
                lang,
                &["hash", "size", "slot", "owner"],
                &[&self.hash, &table_size, &slot, &Id(pool, *owner, lang)],
            ),
            Step::RendezvousScore { server, score } => {
                let lead = self.best.is_none_or(|b| *score > b);
                if lead {
                    self.best = Some(*score);
                }
                let text = if lead {
                    Text::StepScoreHighest
                } else {
                    Text::LookupStepScore
                };
                text.fill(
                    lang,
                    &["server", "score"],
                    &[&Id(pool, *server, lang), &fixed(*score, 6, "")],
                )
            }
            Step::JumpBack { low: 0, .. } => Text::StepJumpBackZero.get(lang).to_string() + ".",
            Step::JumpBack { low, candidate } => {
                let text = if *candidate >= buckets as u64 {
                    Text::LookupStepJumpBackOut
                } else {
                    Text::LookupStepJumpBackIn
                };
                text.fill(
                    lang,
                    &["low", "high", "candidate", "buckets"],
                    &[&low, &(2 * low - 1), &candidate, &buckets],
                )
            }
            Step::Jump { from, to } => {
                let text = if *to >= buckets {
                    Text::StepJumpEnds
                } else {
                    Text::StepJumpOn
                };
                text.fill(lang, &["from", "to", "buckets"], &[&from, &to, &buckets])
            }
            Step::Modulo { hash, n, index } => {
                let server = pool
                    .eligible()
                    .get(*index)
                    .map_or(String::new(), |&s| id(s));
                Text::LookupStepModulo.fill(
                    lang,
                    &["hash", "n", "index", "server"],
                    &[&hash, &n, &index, &server],
                )
            }
            // The notes' words come from the shared renderer.
            Step::Note(note) => format!("{}.", crate::share::steps::note_text(note, lang, &id)),
            Step::Chosen { server } => if strategy == HashStrategy::Rendezvous {
                Text::StepHighestWins
            } else {
                Text::StepOwner
            }
            .fill(lang, &["server"], &[&Id(pool, *server, lang)]),
            // Steps of the load-aware and round-robin strategies never come from a hash lookup.
            _ => Text::StepNotDrawn.get(lang).to_string(),
        }
    }
}

/// Server `.1` of a pool by its id ("server 7" when the pool has no such server), written
/// where it is used (no string made for each step's words).
struct Id<'a>(&'a crate::engine::Pool, usize, Lang);

impl std::fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.servers().get(self.1) {
            Some(s) => f.write_str(&s.id),
            None => f.write_str(&Text::ServerNumber.fill(self.2, &["index"], &[&self.1])),
        }
    }
}

fn hex_bits(value: u64, bits: u32) -> String {
    if bits == 32 {
        hex(HashFunction::Crc32, value)
    } else {
        hex(HashFunction::Xxh3, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::churn::{Knobs, lookup};
    use crate::playground::lookup::settings::LookupSettings;

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
}
