//! The lookup debugger's longer wording of a hash lookup's steps: where the explanation says
//! "hash = 0x…", the walkthrough also says where that lands on the ring, which probe of the
//! binary search this is, whether a score leads so far. It reads the same typed steps as
//! [`super::step_text`] and falls back to it for steps it has nothing more to say about, so a new
//! `Step` is worded in this folder only.

use super::{function_text, key_source_text, note_text, step_text, unavailable_text};
use crate::engine::churn::{HashStrategy, Lookup};
use crate::engine::hashing::HashFunction;
use crate::engine::hashing::ring::HashRing;
use crate::engine::trace::Direction;
use crate::engine::{AnyStrategy, Balancer, Step};
use crate::share::i18n::{Lang, LaterText, Text};

/// The ring a strategy looks keys up on, if it has one.
pub fn ring_of(balancer: &Balancer) -> Option<&HashRing> {
    match balancer.strategy() {
        AnyStrategy::HashRing(r) => Some(r),
        AnyStrategy::BoundedLoadHashRing(b) => Some(b.ring()),
        _ => None,
    }
}

/// A hash value in hex, as wide as the function's output.
pub fn hash_hex(function: HashFunction, value: u64) -> String {
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

/// `v` with `digits` decimals, as Rust rounds them.
fn decimals(v: f64, digits: usize, unit: &str) -> String {
    format!("{v:.digits$}{unit}")
}

/// The debugger's wording of a lookup's steps, and what it carries from one step to the next
/// (the probes so far, the key's hash, the best rendezvous score, whether a point was reached).
pub struct Walkthrough<'a> {
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

impl<'a> Walkthrough<'a> {
    /// Ready to word the steps of `lookup`, made with `strategy`, in order.
    pub fn new(strategy: HashStrategy, lookup: &'a Lookup, lang: Lang) -> Self {
        let ring = ring_of(&lookup.balancer);
        Walkthrough {
            strategy,
            lang,
            lookup,
            ring,
            bits: ring.map_or(64, HashRing::hash_bits),
            buckets: match lookup.balancer.strategy() {
                AnyStrategy::JumpHash(j) => j.bucket_count() as i64,
                AnyStrategy::JumpBackHash(j) => j.buckets().bucket_count() as i64,
                AnyStrategy::MementoHash(m) => m.memento().size() as i64,
                _ => 0,
            },
            probe: 0,
            hash: 0,
            best: None,
            first_point: true,
        }
    }

    /// The next step in words, in the debugger's longer form.
    pub fn step(&mut self, step: &Step) -> String {
        let lang = self.lang;
        let pool = self.lookup.balancer.pool();
        let id = |i: usize| ServerId(pool, i, lang).to_string();
        match step {
            Step::Key { source, key } => LaterText::LookupStepKey.fill(
                lang,
                &["source", "key"],
                &[&key_source_text(source, lang), key],
            ),
            Step::Hash {
                function,
                input,
                value,
            } => self.hash(
                LaterText::LookupStepHash,
                *function,
                input,
                String::new(),
                *value,
            ),
            Step::SeededHash { input, seed, value } => self.hash(
                LaterText::StepHashSeeded,
                HashFunction::Xxh3Seeded,
                input,
                seed.to_string(),
                *value,
            ),
            Step::RingRange { lo, hi, of } => {
                LaterText::LookupStepRingRange.fill(lang, &["lo", "hi", "of"], &[&lo, &hi, &of])
            }
            Step::RingProbe {
                lo,
                hi,
                mid,
                point,
                went,
            } => self.ring_probe(*lo, *hi, *mid, *point, *went),
            Step::RingPoint {
                index,
                point,
                owner,
                wrapped,
            } => self.ring_point(*index, *point, *owner, *wrapped),
            Step::RingSkip {
                index,
                owner,
                reason,
            } => LaterText::LookupStepRingSkip.fill(
                lang,
                &["server", "index", "reason"],
                &[
                    &ServerId(pool, *owner, lang),
                    &index,
                    &unavailable_text(*reason, lang),
                ],
            ),
            Step::AtCapacity {
                server,
                load,
                capacity,
            } => self.at_capacity(*server, *load, *capacity),
            Step::MaglevSlot {
                slot,
                table_size,
                owner,
            } => LaterText::LookupStepMaglevSlot.fill(
                lang,
                &["hash", "size", "slot", "owner"],
                &[
                    &self.hash,
                    &table_size,
                    &slot,
                    &ServerId(pool, *owner, lang),
                ],
            ),
            Step::RendezvousScore { server, score } => self.rendezvous_score(*server, *score),
            Step::JumpBack { low: 0, .. } => Text::StepJumpBackZero.get(lang).to_string() + ".",
            Step::JumpBack { low, candidate } => {
                let text = if *candidate >= self.buckets as u64 {
                    LaterText::LookupStepJumpBackOut
                } else {
                    LaterText::LookupStepJumpBackIn
                };
                text.fill(
                    lang,
                    &["low", "high", "candidate", "buckets"],
                    &[&low, &(2 * low - 1), &candidate, &self.buckets],
                )
            }
            Step::Jump { from, to } => {
                let text = if *to >= self.buckets {
                    LaterText::StepJumpEnds
                } else {
                    LaterText::StepJumpOn
                };
                text.fill(
                    lang,
                    &["from", "to", "buckets"],
                    &[&from, &to, &self.buckets],
                )
            }
            Step::Modulo { hash, n, index } => {
                let server = pool
                    .eligible()
                    .get(*index)
                    .map_or(String::new(), |&s| id(s));
                LaterText::LookupStepModulo.fill(
                    lang,
                    &["hash", "n", "index", "server"],
                    &[&hash, &n, &index, &server],
                )
            }
            Step::Note(note) => format!("{}.", note_text(note, lang, &id)),
            Step::Chosen { server } => if self.strategy == HashStrategy::Rendezvous {
                LaterText::StepHighestWins
            } else {
                LaterText::StepOwner
            }
            .fill(lang, &["server"], &[&ServerId(pool, *server, lang)]),
            // No longer form: the explanation's words (the skeleton's tree nodes; the other steps
            // come from strategies the debugger does not look up with).
            Step::RendezvousNode { .. }
            | Step::SeedDefect(_)
            | Step::Cursor { .. }
            | Step::SmoothWeights { .. }
            | Step::Random { .. }
            | Step::Score { .. }
            | Step::Candidates { .. }
            | Step::MultiProbe { .. }
            | Step::PrequalProbe { .. }
            | Step::LeastRequestChoice { .. }
            | Step::EdfPick { .. }
            | Step::SlowStart { .. } => {
                let short_bits = if self.ring.is_some() { self.bits } else { 0 };
                step_text(step, short_bits, &id, lang)
            }
        }
    }

    /// A position on the ring in degrees, to three places.
    fn angle(&self, v: u64) -> String {
        decimals(degrees(v, self.bits), 3, "")
    }

    /// The key's hash (remembered for the steps that use it), and where it lands on the ring.
    fn hash(
        &mut self,
        text: LaterText,
        function: HashFunction,
        input: &str,
        seed: String,
        value: u64,
    ) -> String {
        let lang = self.lang;
        self.hash = value;
        let hex = hash_hex(function, value);
        // One fill for both wordings (the seeded one names no {function}).
        let t = text.fill(
            lang,
            &["function", "input", "seed", "hex", "value"],
            &[&function_text(function, lang), &input, &seed, &hex, &value],
        );
        if self.ring.is_none() {
            return t;
        }
        LaterText::StepHashOnRing.fill(
            lang,
            &["hash", "angle", "fraction"],
            &[
                &t,
                &self.angle(value),
                &decimals(degrees(value, self.bits) / 360.0, 6, ""),
            ],
        )
    }

    /// One probe of the binary search over the ring's points, counted.
    fn ring_probe(
        &mut self,
        lo: usize,
        hi: usize,
        mid: usize,
        point: u64,
        went: Direction,
    ) -> String {
        self.probe += 1;
        let text = match went {
            Direction::Right => LaterText::StepProbeRight,
            Direction::Left => LaterText::StepProbeLeft,
        };
        text.fill(
            self.lang,
            &["probe", "lo", "hi", "mid", "point", "angle", "next"],
            &[
                &self.probe,
                &lo,
                &hi,
                &mid,
                &hex_bits(point, self.bits),
                &self.angle(point),
                &(mid + 1),
            ],
        )
    }

    /// The point reached (the first, or the next after a skip), whose replica of whom it is.
    fn ring_point(&mut self, index: usize, point: u64, owner: usize, wrapped: bool) -> String {
        let lang = self.lang;
        let pool = self.lookup.balancer.pool();
        let name = match self.ring.and_then(|r| r.replica(index)) {
            Some(j) => if self.strategy == HashStrategy::NginxRing {
                LaterText::StepPointOfNginx
            } else {
                LaterText::StepPointName
            }
            .fill(
                lang,
                &["replica", "server"],
                &[&j, &ServerId(pool, owner, lang)],
            ),
            None => String::new(),
        };
        let lead = if self.first_point {
            LaterText::StepFirstPoint
        } else {
            LaterText::StepNextPoint
        };
        self.first_point = false;
        let text = lead.fill(
            lang,
            &["index", "point", "angle", "name", "owner"],
            &[
                &index,
                &hex_bits(point, self.bits),
                &self.angle(point),
                &name,
                &ServerId(pool, owner, lang),
            ],
        );
        if wrapped {
            LaterText::StepWrapped.fill(lang, &["step"], &[&text])
        } else {
            text
        }
    }

    /// A server at its bounded load: the bound worked out from c, the requests and the weights.
    fn at_capacity(&self, server: usize, load: u64, capacity: u64) -> String {
        let lang = self.lang;
        let lookup = self.lookup;
        let pool = lookup.balancer.pool();
        let (c, w) = match lookup.balancer.strategy() {
            AnyStrategy::BoundedLoadHashRing(x) => (
                x.load_factor(),
                pool.servers().get(server).map_or(0, |s| s.weight),
            ),
            _ => (0.0, 0),
        };
        LaterText::LookupStepAtCapacity.fill(
            lang,
            &["server", "load", "c", "m", "w", "total", "capacity"],
            &[
                &ServerId(pool, server, lang),
                &load,
                &c,
                &(lookup.in_flight_before + 1),
                &w,
                &pool.eligible_weight(),
                &capacity,
            ],
        )
    }

    /// A server's rendezvous score, said to lead when it is the highest so far.
    fn rendezvous_score(&mut self, server: usize, score: f64) -> String {
        let lead = self.best.is_none_or(|b| score > b);
        if lead {
            self.best = Some(score);
        }
        let text = if lead {
            LaterText::StepScoreHighest
        } else {
            LaterText::LookupStepScore
        };
        let pool = self.lookup.balancer.pool();
        text.fill(
            self.lang,
            &["server", "score"],
            &[&ServerId(pool, server, self.lang), &decimals(score, 6, "")],
        )
    }
}

/// Server `.1` of a pool by its id ("server 7" when the pool has no such server), written
/// where it is used (no string made for each step's words).
pub struct ServerId<'a>(pub &'a crate::engine::Pool, pub usize, pub Lang);

impl std::fmt::Display for ServerId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.servers().get(self.1) {
            Some(s) => f.write_str(&s.id),
            None => f.write_str(&LaterText::ServerNumber.fill(self.2, &["index"], &[&self.1])),
        }
    }
}

fn hex_bits(value: u64, bits: u32) -> String {
    if bits == 32 {
        hash_hex(HashFunction::Crc32, value)
    } else {
        hash_hex(HashFunction::Xxh3, value)
    }
}
