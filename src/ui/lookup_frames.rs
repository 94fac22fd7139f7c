//! The lookup debugger's frames: one per step of the engine's explanation (`engine::trace::Step`),
//! plus frames that show what the engine's accessors say about the strategy's structure (the
//! ring's points, maglev's permutations and table fill, jump hash's buckets). Each frame names the
//! pseudocode line it illustrates. Nothing here decides an owner: every number comes from a step
//! or an accessor; this file only words them.

use std::fmt::Write;

use crate::engine::churn::{HashStrategy, Lookup};
use crate::engine::hashing::HashFunction;
use crate::engine::jump::Bucket;
use crate::engine::ring::HashRing;
use crate::engine::trace::Direction;
use crate::engine::{AnyStrategy, Balancer, KeySource, Step};

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

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub text: String,
    /// Index into [`Explained::pseudocode`].
    pub line: usize,
    pub kind: FrameKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub frames: Vec<Frame>,
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
        _ => format!("0x{value:016x}"),
    }
}

/// A position on a ring of `bits`-bit hashes, in degrees.
pub fn degrees(value: u64, bits: u32) -> f64 {
    value as f64 / (1u128 << bits) as f64 * 360.0
}

fn source_name(source: &KeySource) -> &'static str {
    match source {
        KeySource::ClientIp => "request.client_ip",
        KeySource::Path => "request.path",
        KeySource::Header(_) => "request.header",
        KeySource::RequestId => "request.id",
    }
}

/// Stands for the line `key ← <the key's source>` in the tables below.
const KEY: &str = "";

fn pseudocode(strategy: HashStrategy, key_line: &str, points: u32) -> Vec<String> {
    // The lines as static tables: the two lines that depend on settings are made apart.
    let (first, lines): (Option<String>, &[&str]) = match strategy {
        HashStrategy::Ring => (
            Some(format!(
                "build: each eligible server s owns w(s) · {points} points at XXH3-64(\"id#j\"), sorted"
            )),
            &[
                KEY,
                "h ← XXH3-64(key)",
                "lo, hi ← index[top bits of h]        // a bucket of ~4 points",
                "while lo < hi:",
                "    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid",
                "i ← lo; if i = len(points): i ← 0   // wrap around",
                "while owner(points[i]) may not take requests: i ← i + 1",
                "return owner(points[i])",
            ],
        ),
        HashStrategy::NginxRing => (
            None,
            &[
                "build: each server s owns 160 · w(s) points: CRC-32(host ‖ 0 ‖ port ‖ prev), sorted",
                KEY,
                "h ← CRC-32(key)",
                "lo, hi ← index[top bits of h]        // a bucket of ~4 points",
                "while lo < hi:",
                "    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid",
                "i ← lo mod len(points)               // wrap around",
                "while owner(points[i]) is down and tries < 21: i ← i + 1",
                "return owner(points[i])",
                "otherwise (empty key, one server, 21 tries): weighted round robin",
            ],
        ),
        HashStrategy::BoundedLoad => (
            Some(format!(
                "build: the ring of consistent_hash ({points} points per weight); m ← requests in flight"
            )),
            &[
                KEY,
                "h ← XXH3-64(key)",
                "lo, hi ← index[top bits of h]",
                "while lo < hi:",
                "    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid",
                "i ← lo (wrap to 0); s ← owner(points[i])",
                "if s may not take requests: i ← i + 1, next point",
                "if load(s) ≥ ⌈c · (m + 1) · w(s) / W⌉: i ← i + 1, next point",
                "return s",
            ],
        ),
        HashStrategy::Maglev => (
            None,
            &[
                "for each server s: offset ← XXH3-64(id, 1) mod M; skip ← XXH3-64(id, 2) mod (M − 1) + 1",
                "fill: by turns (weighted), s takes the next empty slot of (offset + j · skip) mod M",
                KEY,
                "h ← XXH3-64(key)",
                "slot ← h mod M",
                "return table[slot]",
            ],
        ),
        HashStrategy::Rendezvous => (
            None,
            &[
                KEY,
                "for each eligible server s:",
                "    score(s) ← −w(s) / ln(u(XXH3-64(key, seed = XXH3-64(id))))",
                "return the server with the highest score",
            ],
        ),
        HashStrategy::Jump => (
            None,
            &[
                "B ← buckets (w buckets per server; a leaver's buckets stay as tombstones)",
                KEY,
                "for attempt a = 0, 1, …: h ← XXH3-64(key, seed a)",
                "    b ← −1; j ← 0",
                "    while j < B: b ← j; h ← h · 2862933555777941757 + 1; j ← ⌊(b + 1) · 2³¹ / ((h ≫ 33) + 1)⌋",
                "    if bucket b's server is up: return it",
                "    else: jump again with the next seed",
            ],
        ),
        HashStrategy::IpHash | HashStrategy::UrlHash => (
            None,
            &[
                KEY,
                "h ← XXH3-64(key)",
                "i ← h mod n                          // n = eligible servers",
                "return eligible[i]",
            ],
        ),
    };
    let mut code = Vec::new();
    let mut push = |line: &str| code.push(format!("{:>2}  {line}", code.len() + 1));
    if let Some(first) = &first {
        push(first);
    }
    for &line in lines {
        push(if line == KEY { key_line } else { line });
    }
    code
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
            Step::RendezvousScore { .. } => 2,
            _ => 3,
        },
        (H::Jump, s) => match s {
            Step::Key { .. } => 1,
            Step::Hash { .. } => 2,
            Step::Jump { .. } => 4,
            Step::Note { .. } if !last_note => 6,
            _ => 5,
        },
        (H::IpHash | H::UrlHash, s) => match s {
            Step::Key { .. } => 0,
            Step::Hash { .. } => 1,
            Step::Modulo { .. } => 2,
            _ => 3,
        },
    }
}

/// Word every step of `lookup` (made with `strategy`) and add the accessor frames.
pub fn explain(strategy: HashStrategy, lookup: &Lookup) -> Explained {
    let b = &lookup.balancer;
    let pool = b.pool();
    let id = |i: usize| {
        pool.servers()
            .get(i)
            .map_or_else(|| format!("server #{i}"), |s| s.id.clone())
    };
    let ring = ring_of(b);
    let key_source = match lookup.steps.first() {
        Some(Step::Key { source, .. }) => source_name(source),
        _ => "request.path",
    };
    let points = b.config().points_per_weight;
    let pseudocode = pseudocode(strategy, &format!("key ← {key_source}"), points);
    let mut frames = Vec::new();

    // Frames from the accessors, before the lookup itself.
    match b.strategy() {
        AnyStrategy::Maglev(m) => {
            let size = m.table_size() as u32;
            let mut text = format!("Each server's permutation of the M = {size} table slots: ");
            for (k, s) in m.servers().iter().enumerate() {
                if k > 0 {
                    text.push_str("; ");
                }
                let _ = write!(
                    text,
                    "{} (weight {}): offset {}, skip {} → slots ",
                    id(s.server),
                    s.weight,
                    s.offset,
                    s.skip
                );
                for j in 0..4.min(size) {
                    let _ = write!(text, "{}, ", s.preference(j, size));
                }
                text.push('…');
            }
            text.push('.');
            frames.push(Frame {
                text,
                line: 0,
                kind: FrameKind::Setup,
            });
            frames.push(Frame {
                text: format!(
                    "The table fills by turns: at its turn a server takes the next slot of its \
                     permutation that is still empty, until all {size} slots are owned."
                ),
                line: 1,
                kind: FrameKind::MaglevFill,
            });
        }
        AnyStrategy::JumpHash(j) => {
            let n = j.bucket_count();
            let mut text = format!("B = {n} buckets: ");
            for bucket in 0..n.min(24) {
                if bucket > 0 {
                    text.push_str(", ");
                }
                let _ = match j.bucket(bucket) {
                    Bucket::Tombstone => write!(text, "{bucket} tombstone"),
                    Bucket::Live(s) => write!(text, "{bucket} → {}", id(s)),
                    Bucket::Unavailable(s) => write!(text, "{bucket} → {} (down)", id(s)),
                };
            }
            text.push_str(if n > 24 { ", …." } else { "." });
            frames.push(Frame {
                text,
                line: 0,
                kind: FrameKind::Setup,
            });
        }
        _ => {}
    }
    if let Some(r) = ring {
        let mut text = format!(
            "The ring: {} points on a circle of 2^{} hashes (",
            r.len(),
            r.hash_bits()
        );
        for (i, s) in pool.servers().iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            let _ = write!(text, "{} {}", s.id, r.points_of(i));
        }
        text.push_str(").");
        if let AnyStrategy::BoundedLoadHashRing(bounded) = b.strategy() {
            text += &format!(
                " Bounded loads: c = {}, m = {} requests in flight before this one, W = {}.",
                bounded.load_factor(),
                lookup.in_flight_before,
                pool.eligible_weight()
            );
        }
        frames.push(Frame {
            text,
            line: 0,
            kind: FrameKind::Setup,
        });
    }

    let bits = ring.map_or(64, HashRing::hash_bits);
    let last_note = lookup
        .steps
        .iter()
        .rposition(|s| matches!(s, Step::Note { .. }));
    let mut probe = 0;
    let mut hash = 0u64;
    let mut best: Option<f64> = None;
    let mut first_point = true;
    let buckets = match b.strategy() {
        AnyStrategy::JumpHash(j) => j.bucket_count() as i64,
        _ => 0,
    };
    for (i, step) in lookup.steps.iter().enumerate() {
        let text = match step {
            Step::Key { source, key } => format!("Key: the {} \"{key}\".", source.describe()),
            Step::Hash {
                function,
                input,
                value,
            } => {
                hash = *value;
                let mut t = format!(
                    "{}(\"{input}\") = {} ({value}).",
                    function.label(),
                    hex(*function, *value)
                );
                if ring.is_some() {
                    t += &format!(
                        " On the ring: {:.3}° (a fraction {:.6} of the circle).",
                        degrees(*value, bits),
                        degrees(*value, bits) / 360.0
                    );
                }
                t
            }
            Step::RingRange { lo, hi, of } => format!(
                "The index over the hash's top bits narrows the search to points {lo}..{hi} of {of}."
            ),
            Step::RingProbe {
                lo,
                hi,
                mid,
                point,
                went,
            } => {
                probe += 1;
                let p = hex_bits(*point, bits);
                match went {
                    Direction::Right => format!(
                        "Probe {probe} (lo {lo}, hi {hi}): points[{mid}] = {p} ({:.3}°) < h: search right, lo ← {}.",
                        degrees(*point, bits),
                        mid + 1
                    ),
                    Direction::Left => format!(
                        "Probe {probe} (lo {lo}, hi {hi}): points[{mid}] = {p} ({:.3}°) ≥ h: a candidate, search left, hi ← {mid}.",
                        degrees(*point, bits)
                    ),
                }
            }
            Step::RingPoint {
                index,
                point,
                owner,
                wrapped,
            } => {
                let name = match (ring, strategy) {
                    (Some(r), HashStrategy::NginxRing) => r
                        .replica(*index)
                        .map_or(String::new(), |j| format!(", point {j} of {}", id(*owner))),
                    (Some(r), _) => r
                        .replica(*index)
                        .map_or(String::new(), |j| format!(", \"{}#{j}\"", id(*owner))),
                    _ => String::new(),
                };
                let lead = if first_point {
                    "First point at or after h"
                } else {
                    "Next point clockwise"
                };
                first_point = false;
                let wrap = if *wrapped {
                    " No point lies at or after h before the top of the circle: the walk wraps around to the lowest point."
                } else {
                    ""
                };
                format!(
                    "{lead}: #{index} at {} ({:.3}°{name}), owned by {}.{wrap}",
                    hex_bits(*point, bits),
                    degrees(*point, bits),
                    id(*owner)
                )
            }
            Step::RingSkip {
                index,
                owner,
                reason,
            } => format!(
                "{} (point #{index}) is {}: it may not take requests, walk on clockwise.",
                id(*owner),
                crate::share::steps::unavailable_text(*reason, crate::share::i18n::Lang::En)
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
                format!(
                    "{} holds {load} requests, at its capacity ⌈c · (m + 1) · w / W⌉ = ⌈{c} · {} · {w} / {}⌉ = {capacity}: walk on.",
                    id(*server),
                    lookup.in_flight_before + 1,
                    pool.eligible_weight()
                )
            }
            Step::MaglevSlot {
                slot,
                table_size,
                owner,
            } => format!(
                "slot = h mod M = {hash} mod {table_size} = {slot}; table[{slot}] = {}: one lookup, O(1).",
                id(*owner)
            ),
            Step::RendezvousScore { server, score } => {
                let lead = best.is_none_or(|b| *score > b);
                if lead {
                    best = Some(*score);
                }
                format!(
                    "{} scores {score:.6}{}.",
                    id(*server),
                    if lead { " (highest so far)" } else { "" }
                )
            }
            Step::Jump { from, to } => {
                if *to >= buckets {
                    format!("b = {from}, j = {to} ≥ B = {buckets}: the loop ends at bucket {from}.")
                } else {
                    format!("b = {from}, j = {to} < B = {buckets}: jump on to bucket {to}.")
                }
            }
            Step::Modulo { hash, n, index } => {
                let server = pool
                    .eligible()
                    .get(*index)
                    .map_or(String::new(), |&s| id(s));
                format!(
                    "i = h mod n = {hash} mod {n} = {index}: eligible server #{index} is {server}."
                )
            }
            // The other steps' words are English here for now (this view's translation passes a
            // language in); the notes come from the shared renderer.
            Step::Note(note) => format!(
                "{}.",
                crate::share::steps::note_text(note, crate::share::i18n::Lang::En, &id)
            ),
            Step::Chosen { server } => match strategy {
                HashStrategy::Rendezvous => {
                    format!("The highest score wins. Owner: {}.", id(*server))
                }
                _ => format!("Owner: {}.", id(*server)),
            },
            // Steps of the load-aware and round-robin strategies never come from a hash lookup.
            _ => "A step this view does not draw.".to_string(),
        };
        frames.push(Frame {
            text,
            line: line_of(strategy, step, last_note == Some(i)),
            kind: FrameKind::Step(i),
        });
    }
    let owner = match &lookup.owner {
        Ok(s) => Ok(id(*s)),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = &owner {
        frames.push(Frame {
            text: format!("No owner: {e}."),
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

fn hex_bits(value: u64, bits: u32) -> String {
    if bits == 32 {
        hex(HashFunction::Crc32, value)
    } else {
        hex(HashFunction::Xxh3, value)
    }
}
