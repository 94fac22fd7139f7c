//! Reading the strategy: how its hashes map onto a circle, and the ring or maglev strip the
//! views draw, with the paths whose keys land on it.

use super::*;

/// How hash values map onto the circle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum HashSpace {
    Bits64,
    Bits32,
    /// The seed's ring of signed Python hashes.
    Signed64,
}

impl HashSpace {
    pub(super) fn fraction(self, v: u64) -> f64 {
        match self {
            HashSpace::Bits64 => v as f64 / 18_446_744_073_709_551_616.0,
            HashSpace::Bits32 => (v & 0xffff_ffff) as f64 / 4_294_967_296.0,
            HashSpace::Signed64 => (v ^ (1 << 63)) as f64 / 18_446_744_073_709_551_616.0,
        }
    }

    pub(super) fn bits(self) -> u32 {
        match self {
            HashSpace::Bits32 => 32,
            _ => 64,
        }
    }
}

impl Live {
    pub(super) fn strategy(&self) -> &AnyStrategy {
        self.sim.balancers()[0].strategy()
    }

    pub(super) fn hash_space(&self) -> Option<HashSpace> {
        match self.strategy() {
            AnyStrategy::HashRing(r) => Some(bits_space(r.hash_bits())),
            AnyStrategy::BoundedLoadHashRing(b) => Some(bits_space(b.ring().hash_bits())),
            AnyStrategy::SeedConsistentHash(_) => Some(HashSpace::Signed64),
            AnyStrategy::Maglev(_) => Some(HashSpace::Bits64),
            _ => None,
        }
    }

    /// Pool position → (scenario position, id).
    pub(super) fn pool_map(&self) -> Vec<(usize, String)> {
        let pool = self.sim.balancers()[0].pool();
        pool.servers()
            .iter()
            .map(|s| {
                let i = self
                    .settings
                    .servers
                    .iter()
                    .position(|x| x.id == s.id)
                    .unwrap_or(0);
                (i, s.id.clone())
            })
            .collect()
    }

    pub(super) fn ring_shape(&self) -> RingShape {
        let map = self.pool_map();
        let owner = |p: usize| map.get(p).map_or(p, |x| x.0);
        let n = self.settings.servers.len().max(map.len()) + 1;
        let ticks = |points: &mut dyn Iterator<Item = (f64, usize)>, len: usize| {
            let every = len.div_ceil(MAX_RING_TICKS).max(1);
            let mut paths: Vec<String> = vec![String::new(); n];
            // Per owner: points, and the arc (as a fraction of the circle) its points close.
            let mut owned: Vec<(usize, f64)> = vec![(0, 0.0); n];
            let mut first: Option<(f64, usize)> = None;
            let mut prev = 0.0;
            for (k, (frac, o)) in points.enumerate() {
                let o = owner(o).min(n - 1);
                let e = &mut owned[o];
                e.0 += 1;
                if first.is_none() {
                    first = Some((frac, o));
                } else {
                    e.1 += frac - prev;
                }
                prev = frac;
                if k % every != 0 {
                    continue;
                }
                let a = frac * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
                let (s, c) = (libm::sin(a), libm::cos(a));
                let d = &mut paths[o];
                d.push('M');
                push_all(d, &[120.0 + 92.0 * c, 120.0 + 92.0 * s]);
                d.push('L');
                push_all(d, &[120.0 + 104.0 * c, 120.0 + 104.0 * s]);
            }
            // The first point closes the arc that wraps around from the last.
            if let Some((f, o)) = first {
                owned[o].1 += 1.0 - prev + f;
            }
            let owned = owned
                .into_iter()
                .enumerate()
                .filter(|(_, (n, _))| *n > 0)
                .map(|(o, (n, arc))| (o, n, (arc * 10_000.0).round() as u32))
                .collect();
            (drawn(paths), owned, every)
        };
        match self.strategy() {
            AnyStrategy::HashRing(_)
            | AnyStrategy::BoundedLoadHashRing(_)
            | AnyStrategy::SeedConsistentHash(_) => {
                let (mut label, len, mut points): (
                    RingLabel,
                    usize,
                    Box<dyn Iterator<Item = (f64, usize)>>,
                ) = match self.strategy() {
                    AnyStrategy::HashRing(r) => (ring_label(r), r.len(), ring_points(r)),
                    AnyStrategy::BoundedLoadHashRing(b) => {
                        let mut label = ring_label(b.ring());
                        label.load_factor = Some(b.load_factor().to_string());
                        (label, b.ring().len(), ring_points(b.ring()))
                    }
                    AnyStrategy::SeedConsistentHash(s) => {
                        let len = s.ring().count();
                        (
                            RingLabel {
                                kind: RingKind::Seed,
                                points: len,
                                load_factor: None,
                                every: 1,
                            },
                            len,
                            Box::new(
                                s.ring()
                                    .map(|(p, o)| (HashSpace::Signed64.fraction(p as u64), o)),
                            ),
                        )
                    }
                    _ => unreachable!(),
                };
                let (paths, owned, every) = ticks(&mut points, len);
                label.every = every;
                RingShape::Ring {
                    label,
                    points: len,
                    paths,
                    owned,
                }
            }
            AnyStrategy::Maglev(m) => {
                let table = m.table();
                let size = table.len();
                let mut paths: Vec<String> = vec![String::new(); n];
                let mut counts: Vec<usize> = vec![0; n];
                for &o in table {
                    counts[owner(o as usize).min(n - 1)] += 1;
                }
                let owned = counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, c)| *c > 0)
                    .map(|(o, c)| {
                        (
                            o,
                            c,
                            (c as f64 * 10_000.0 / size.max(1) as f64).round() as u32,
                        )
                    })
                    .collect();
                if size > 0 {
                    for c in 0..MAGLEV_COLUMNS {
                        let slot = c * size / MAGLEV_COLUMNS;
                        let o = owner(table[slot] as usize).min(n - 1);
                        let _ = write!(paths[o], "M{}.5 0v1", c);
                    }
                }
                RingShape::Maglev {
                    table_size: m.table_size(),
                    columns: MAGLEV_COLUMNS,
                    paths: drawn(paths),
                    owned,
                }
            }
            _ => {
                let kind = self.settings.kind;
                let reason = match kind {
                    StrategyKind::RendezvousHash | StrategyKind::RendezvousSkeleton => {
                        NoRing::Rendezvous
                    }
                    StrategyKind::JumpHash => NoRing::Jump,
                    StrategyKind::JumpBackHash
                    | StrategyKind::MementoHash
                    | StrategyKind::AnchorHash => NoRing::Buckets(kind),
                    StrategyKind::IpHash | StrategyKind::UrlHash => NoRing::Modulo(kind),
                    StrategyKind::MultiProbeHash => NoRing::MultiProbe,
                    _ => NoRing::NotHashing(kind),
                };
                RingShape::None { reason }
            }
        }
    }
}

/// The paths with something drawn, with their owner.
pub(super) fn drawn(paths: Vec<String>) -> Vec<(usize, String)> {
    paths
        .into_iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .collect()
}

pub(super) fn bits_space(bits: u32) -> HashSpace {
    if bits == 32 {
        HashSpace::Bits32
    } else {
        HashSpace::Bits64
    }
}

pub(super) fn ring_label(r: &crate::engine::hashing::ring::HashRing) -> RingLabel {
    RingLabel {
        kind: match r.flavor() {
            RingFlavor::Fulcrum => RingKind::Fulcrum,
            RingFlavor::Nginx => RingKind::Nginx,
        },
        points: r.len(),
        load_factor: None,
        every: 1,
    }
}

pub(super) fn ring_points(
    r: &crate::engine::hashing::ring::HashRing,
) -> Box<dyn Iterator<Item = (f64, usize)> + '_> {
    Box::new(r.points().map(move |(p, o)| (r.fraction(p), o)))
}
