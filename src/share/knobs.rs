//! Prequal's five knobs as the link and the page's sliders set them: the probe pool's size, the
//! RIF quantile Q_RIF, the probes sent per request r, the reuse budget b and the maximum age.
//!
//! One list ([`PrequalKnob::ALL`]) gives each knob its URL parameter and range ([`Slider`]), and
//! reads and writes it in the engine's [`PrequalSettings`], so the link's reader, its writer, the
//! playground's settings and the controls walk the same five and cannot drift apart. The ranges
//! are the engine's own (`PrequalSettings::problem`), except the age, which starts at 1 ms
//! rather than just above 0; r is further held to the pool's size ([`PrequalKnob::limit`]).

use crate::engine::load_aware::prequal::{MAX_POOL, PrequalSettings};

use super::permalink::Slider;

/// One of Prequal's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrequalKnob {
    /// The most probes the pool holds.
    Pool,
    /// Q_RIF: the quantile of recent RIFs above which a probe is hot.
    QRif,
    /// r: probes sent per request.
    Probes,
    /// b: picks one probe may serve.
    Reuse,
    /// The age past which a probe is dropped, in ms.
    MaxAge,
}

/// The pool's size: 1 to the engine's [`MAX_POOL`].
pub const PREQUAL_POOL: Slider = Slider {
    param: "prequal_pool",
    min: 1.0,
    max: MAX_POOL as f64,
    step: 1.0,
    unit: "probes",
};
/// Q_RIF, 0 to 1.
pub const PREQUAL_Q_RIF: Slider = Slider {
    param: "prequal_q_rif",
    min: 0.0,
    max: 1.0,
    step: 0.01,
    unit: "quantile",
};
/// r, 0 to [`MAX_POOL`] (and at most the pool's size).
pub const PREQUAL_PROBES: Slider = Slider {
    param: "prequal_probes",
    min: 0.0,
    max: MAX_POOL as f64,
    step: 1.0,
    unit: "probes per request",
};
/// b, 1 to 1,000,000 (the engine's range).
pub const PREQUAL_REUSE: Slider = Slider {
    param: "prequal_reuse",
    min: 1.0,
    max: 1_000_000.0,
    step: 1.0,
    unit: "picks per probe",
};
/// The maximum age, 1 ms to 10¹⁰ ms (the engine's ceiling).
pub const PREQUAL_MAX_AGE: Slider = Slider {
    param: "prequal_max_age",
    min: 1.0,
    max: 1e10,
    step: 1.0,
    unit: "ms",
};

impl PrequalKnob {
    /// The five, in the order the link writes them and the controls show them.
    pub const ALL: [PrequalKnob; 5] = [
        PrequalKnob::Pool,
        PrequalKnob::QRif,
        PrequalKnob::Probes,
        PrequalKnob::Reuse,
        PrequalKnob::MaxAge,
    ];

    /// Its URL parameter and range.
    pub fn slider(self) -> &'static Slider {
        match self {
            PrequalKnob::Pool => &PREQUAL_POOL,
            PrequalKnob::QRif => &PREQUAL_Q_RIF,
            PrequalKnob::Probes => &PREQUAL_PROBES,
            PrequalKnob::Reuse => &PREQUAL_REUSE,
            PrequalKnob::MaxAge => &PREQUAL_MAX_AGE,
        }
    }

    /// The knob whose URL parameter is `param`.
    pub fn from_param(param: &str) -> Option<PrequalKnob> {
        Self::ALL.into_iter().find(|k| k.slider().param == param)
    }

    /// Whole numbers only (all but Q_RIF and the age).
    pub fn whole(self) -> bool {
        !matches!(self, PrequalKnob::QRif | PrequalKnob::MaxAge)
    }

    /// Its value in `s`.
    pub fn get(self, s: &PrequalSettings) -> f64 {
        match self {
            PrequalKnob::Pool => f64::from(s.pool),
            PrequalKnob::QRif => s.q_rif,
            PrequalKnob::Probes => f64::from(s.probes_per_request),
            PrequalKnob::Reuse => f64::from(s.reuse),
            PrequalKnob::MaxAge => s.max_age_ms,
        }
    }

    /// Set it in `s` to `x` (already within [`PrequalKnob::slider`]'s range).
    pub fn set(self, s: &mut PrequalSettings, x: f64) {
        match self {
            PrequalKnob::Pool => s.pool = x as u32,
            PrequalKnob::QRif => s.q_rif = x,
            PrequalKnob::Probes => s.probes_per_request = x as u32,
            PrequalKnob::Reuse => s.reuse = x as u32,
            PrequalKnob::MaxAge => s.max_age_ms = x,
        }
    }

    /// The highest value `s`'s other knobs allow: r is at most the pool's size.
    pub fn limit(self, s: &PrequalSettings) -> f64 {
        match self {
            PrequalKnob::Probes => f64::from(s.pool).min(self.slider().max),
            _ => self.slider().max,
        }
    }
}

/// `s` held to every knob's range and r to the pool, each change said as (knob, value as it
/// was, value used, highest allowed); a NaN goes back to the default. What the link's reader
/// notes and what the settings send the engine, so the engine never refuses them.
pub fn clamp_prequal(s: &mut PrequalSettings) -> Vec<(PrequalKnob, f64, f64, f64)> {
    let default = PrequalSettings::default();
    let mut changed = Vec::new();
    for knob in PrequalKnob::ALL {
        let was = knob.get(s);
        let max = knob.limit(s);
        let used = if was.is_finite() {
            let x = if knob.whole() { was.round() } else { was };
            x.clamp(knob.slider().min, max)
        } else {
            knob.get(&default).min(max)
        };
        if used != was || !was.is_finite() {
            knob.set(s, used);
            changed.push((knob, was, used, max));
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_in_range_and_clamping_them_changes_nothing() {
        let mut s = PrequalSettings::default();
        assert!(clamp_prequal(&mut s).is_empty());
        for knob in PrequalKnob::ALL {
            assert_eq!(PrequalKnob::from_param(knob.slider().param), Some(knob));
            assert!(knob.slider().contains(knob.get(&s)));
        }
    }

    #[test]
    fn out_of_range_values_are_clamped_and_said_and_the_engine_takes_the_result() {
        let mut s = PrequalSettings {
            pool: 0,
            q_rif: f64::NAN,
            probes_per_request: 40,
            reuse: 0,
            max_age_ms: -5.0,
        };
        let changed = clamp_prequal(&mut s);
        assert_eq!(s.problem(), None, "{s:?}");
        assert_eq!((s.pool, s.probes_per_request, s.reuse), (1, 1, 1));
        assert_eq!(s.q_rif, PrequalSettings::default().q_rif);
        assert_eq!(s.max_age_ms, 1.0);
        let knobs: Vec<PrequalKnob> = changed.iter().map(|c| c.0).collect();
        assert_eq!(knobs, PrequalKnob::ALL);
        // r above the pool is clamped to the pool, and says the pool is its ceiling.
        assert_eq!(changed[2], (PrequalKnob::Probes, 40.0, 1.0, 1.0));
    }
}
