//! Request cost that varies: how much work each request is, drawn once when it arrives.
//!
//! Real request costs are heavy-tailed: most requests are cheap and a few take a hundred times
//! longer (a search over a large account, a report, a cache miss on a big object). Measured web
//! and RPC service times fit a log-normal body (Downey, "Lognormal and Pareto distributions in
//! the Internet", 2005) or a Pareto tail (Crovella and Bestavros, "Self-similarity in World Wide
//! Web traffic", 1997; Harchol-Balter, "Performance Modeling and Design of Computer Systems",
//! 2013). Under such costs a strategy that counts requests (round robin, random) keeps
//! sending work to a server stuck behind one huge request, while one that looks at what is in
//! flight (least connections, two choices) steps around it.
//!
//! Both shapes are scaled to mean 1, so a spread changes how uneven the costs are, never the
//! offered load: a scenario's capacity stays the same when its spread moves. The draws use a
//! random stream of their own ([`super::stream`]), so costs are the same for every strategy and
//! switching them on changes no other draw; maths goes through `libm`, so native and wasm runs
//! draw the same bits.

use rand::RngExt;

use crate::engine::SimRng;
use crate::scenario::{CostDistribution, CostSpec};

/// A request cost sampler: mean 1, cut at [`CostSpec::MAX_COST`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CostModel {
    /// Every request costs 1 (no draw at all).
    Fixed,
    /// e^(σZ − σ²/2).
    Lognormal {
        /// σ, the spread.
        sigma: f64,
    },
    /// scale / U^(1/α), U uniform in (0, 1].
    Pareto {
        /// The tail index α (1 + 1/spread).
        alpha: f64,
        /// The scale, (α − 1)/α, which makes the mean 1.
        scale: f64,
    },
}

impl CostModel {
    /// The sampler a scenario's cost section describes.
    pub fn new(spec: &CostSpec) -> Self {
        if spec.is_fixed() {
            return Self::Fixed;
        }
        match spec.distribution {
            CostDistribution::Fixed => Self::Fixed,
            CostDistribution::Lognormal => Self::Lognormal { sigma: spec.spread },
            CostDistribution::Pareto => {
                let alpha = 1.0 + 1.0 / spec.spread;
                Self::Pareto {
                    alpha,
                    scale: (alpha - 1.0) / alpha,
                }
            }
        }
    }

    /// Does every request cost 1?
    pub fn is_fixed(&self) -> bool {
        *self == Self::Fixed
    }

    /// One request's cost.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        let cost = match *self {
            Self::Fixed => return 1.0,
            Self::Lognormal { sigma } => {
                libm::exp(sigma * standard_normal(rng) - sigma * sigma / 2.0)
            }
            Self::Pareto { alpha, scale } => {
                let u: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
                scale * libm::pow(u, -1.0 / alpha)
            }
        };
        cost.min(CostSpec::MAX_COST)
    }

    /// The probability that a cost exceeds `x` (before the cut), for tests and the docs.
    pub fn tail(&self, x: f64) -> f64 {
        match *self {
            Self::Fixed => f64::from(u8::from(x < 1.0)),
            Self::Lognormal { sigma } => {
                // P(σZ − σ²/2 > ln x) = ½ erfc((ln x + σ²/2) / (σ√2)).
                0.5 * libm::erfc((libm::log(x) + sigma * sigma / 2.0) / (sigma * 2f64.sqrt()))
            }
            Self::Pareto { alpha, scale } => {
                if x <= scale {
                    1.0
                } else {
                    libm::pow(scale / x, alpha)
                }
            }
        }
    }
}

/// A standard normal draw by Box–Muller.
pub(super) fn standard_normal(rng: &mut SimRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * std::f64::consts::PI * u2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::seeded;
    use proptest::prelude::*;

    fn model(distribution: CostDistribution, spread: f64) -> CostModel {
        CostModel::new(&CostSpec {
            distribution,
            spread,
        })
    }

    fn draws(m: CostModel, seed: u64, n: usize) -> Vec<f64> {
        let mut rng = seeded(seed);
        (0..n).map(|_| m.sample(&mut rng)).collect()
    }

    #[test]
    fn fixed_costs_and_zero_spread_draw_nothing() {
        assert!(model(CostDistribution::Fixed, 2.0).is_fixed());
        assert!(model(CostDistribution::Pareto, 0.0).is_fixed());
        assert!(model(CostDistribution::Lognormal, 0.0).is_fixed());
        let mut rng = seeded(1);
        let before = rng.clone().random::<u64>();
        assert_eq!(CostModel::Fixed.sample(&mut rng), 1.0);
        assert_eq!(rng.random::<u64>(), before, "no random word was used");
    }

    #[test]
    fn a_lognormal_cost_has_mean_one_and_its_median_and_tail() {
        let m = model(CostDistribution::Lognormal, 1.0);
        let mut xs = draws(m, 3, 200_000);
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 1.0).abs() < 0.03, "{mean}");
        xs.sort_by(f64::total_cmp);
        // Median e^(−½) ≈ 0.607.
        let median = xs[xs.len() / 2];
        assert!((median - (-0.5f64).exp()).abs() < 0.01, "{median}");
        // P(cost > 5) = P(Z > ln 5 + ½) ≈ 0.0175.
        let above = xs.iter().filter(|&&x| x > 5.0).count() as f64 / xs.len() as f64;
        assert!(
            (above - m.tail(5.0)).abs() < 0.002,
            "{above} {}",
            m.tail(5.0)
        );
        assert!((m.tail(5.0) - 0.0175).abs() < 0.0005);
    }

    #[test]
    fn a_pareto_cost_has_mean_one_and_a_power_law_tail() {
        // spread 0.5: α = 3, scale 2/3, finite variance 1/3.
        let m = model(CostDistribution::Pareto, 0.5);
        assert_eq!(
            m,
            CostModel::Pareto {
                alpha: 3.0,
                scale: 2.0 / 3.0
            }
        );
        let xs = draws(m, 5, 200_000);
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        assert!(xs.iter().all(|&x| x >= 2.0 / 3.0));
        for x in [2.0, 4.0, 8.0] {
            let above = xs.iter().filter(|&&c| c > x).count() as f64 / xs.len() as f64;
            let want = m.tail(x);
            assert!(
                (above - want).abs() < 0.1 * want + 0.0005,
                "{x}: {above} {want}"
            );
        }
        // Doubling x divides the tail by 2^α = 8.
        assert!((m.tail(4.0) / m.tail(8.0) - 8.0).abs() < 1e-9);
    }

    #[test]
    fn the_widest_spread_is_cut_at_the_ceiling_and_keeps_its_mean_near_one() {
        for d in [CostDistribution::Lognormal, CostDistribution::Pareto] {
            let xs = draws(model(d, 2.0), 7, 400_000);
            assert!(xs.iter().all(|&x| x > 0.0 && x <= CostSpec::MAX_COST));
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            // Heavy tails converge slowly: a loose band, but far from the 1000 of the cut.
            assert!((0.7..1.3).contains(&mean), "{d:?}: {mean}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn costs_are_positive_bounded_and_have_mean_near_one(
            pareto in any::<bool>(),
            spread in 0.05f64..0.6,
            seed in any::<u64>(),
        ) {
            // Finite-variance spreads (α > 2.6 for Pareto, σ < 0.6), where 20,000 draws pin
            // the mean within a few percent.
            let d = if pareto { CostDistribution::Pareto } else { CostDistribution::Lognormal };
            let xs = draws(model(d, spread), seed, 20_000);
            prop_assert!(xs.iter().all(|&x| x > 0.0 && x <= CostSpec::MAX_COST && x.is_finite()));
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            prop_assert!((mean - 1.0).abs() < 0.06, "{:?} {} mean {}", d, spread, mean);
            // The same seed draws the same costs.
            prop_assert_eq!(xs, draws(model(d, spread), seed, 20_000));
        }

        #[test]
        fn a_wider_spread_has_a_heavier_tail(pareto in any::<bool>(), a in 0.1f64..1.9) {
            let d = if pareto { CostDistribution::Pareto } else { CostDistribution::Lognormal };
            let (narrow, wide) = (model(d, a), model(d, a + 0.1));
            prop_assert!(wide.tail(10.0) > narrow.tail(10.0));
        }
    }
}
