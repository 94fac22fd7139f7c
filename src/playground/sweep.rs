//! The sweep view's model: the playground's run (its settings, without live actions) swept from
//! 10 % to 110 % of its servers' capacity for the strategies Compare starts with, through the
//! simulator's own sweep (`sim::sweep`), so the page and `fulcrum sweep` show the same figures
//! for the same settings. It runs on demand (a button), not per frame: 11 loads × up to 4
//! strategies × [`PAGE_REQUESTS`] requests, about 90,000 requests in all.

use crate::engine::{StrategyConfig, Variant};
use crate::scenario::{PRESETS, preset};
use crate::share::i18n::{Lang, LaterText};
use crate::sim::SimError;
use crate::sim::sweep::{SweepReport, SweepSpec, sweep};

use super::settings::Settings;

/// Requests at each load for each strategy in the page (the CLI's default is 20,000).
pub const PAGE_REQUESTS: u64 = 2_000;

/// The page's sweep: 10 % to 110 % in steps of 10 %.
pub const PAGE_SWEEP: SweepSpec = SweepSpec {
    from: 0.1,
    to: 1.1,
    steps: 11,
    requests: PAGE_REQUESTS,
};

/// Why the page could not sweep.
#[derive(Clone, Debug, PartialEq)]
pub enum SweepProblem {
    /// A server serves any number of requests at once, so the pool has no capacity to load.
    NoCapacity,
    /// The simulator refused the run (its message, in English as the simulator words it).
    Refused(String),
}

impl SweepProblem {
    /// The problem in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SweepProblem::NoCapacity => {
                let sep = match lang {
                    Lang::En => ", ",
                    Lang::Zh => "、",
                };
                LaterText::SweepNeedsCapacity.fill(
                    lang,
                    &["presets"],
                    &[&sweepable_presets().join(sep)],
                )
            }
            SweepProblem::Refused(e) => LaterText::SweepRefused.fill(lang, &["error"], &[e]),
        }
    }
}

/// The presets whose first run the page can sweep (every server has a capacity), in the
/// picker's order: what the "no capacity" hint suggests, derived from the presets themselves.
pub fn sweepable_presets() -> Vec<&'static str> {
    PRESETS
        .iter()
        .copied()
        .filter(|&name| {
            preset(name)
                .and_then(|p| p.runs.into_iter().next())
                .is_some_and(|run| run.servers.iter().all(|s| s.capacity > 0))
        })
        .collect()
}

/// A sweep and the real time it took (from the clock the caller passes in).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepResult {
    /// The sweep.
    pub report: SweepReport,
    /// Real milliseconds it took.
    pub elapsed_ms: f64,
}

/// Sweep the settings' run for `strategies` (the tutorial's code where asked and it exists).
pub fn run(
    settings: &Settings,
    strategies: &[(crate::engine::StrategyKind, Variant)],
    clock: impl Fn() -> f64,
) -> Result<SweepResult, SweepProblem> {
    let mut scenario = settings.scenario(&[]);
    scenario.strategies = strategies
        .iter()
        .map(|&(kind, variant)| {
            let mut c = StrategyConfig::new(kind);
            if kind.has_seed_variant() {
                c.variant = variant;
            }
            settings.set_knobs(&mut c);
            c
        })
        .collect();
    if scenario.servers.iter().any(|s| s.capacity == 0) {
        return Err(SweepProblem::NoCapacity);
    }
    let t0 = clock();
    let report = sweep(&scenario, &PAGE_SWEEP, &mut |_| true).map_err(|e| match e {
        SimError::Scenario(e) => SweepProblem::Refused(e.to_string()),
        other => SweepProblem::Refused(other.to_string()),
    })?;
    Ok(SweepResult {
        report,
        elapsed_ms: clock() - t0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::StrategyKind;

    #[test]
    fn the_page_sweeps_its_settings_and_says_when_it_cannot() {
        let s = Settings::for_preset(
            "heavy-tail",
            StrategyKind::RoundRobin,
            Variant::Corrected,
            1,
        );
        let strategies = s.compare_defaults();
        let r = run(&s, &strategies, || 0.0).unwrap();
        assert_eq!(r.report.points.len(), 11);
        assert_eq!(r.report.strategies.len(), strategies.len());
        assert!((r.report.capacity_per_s - 1600.0).abs() < 1e-9);
        // The same settings, the same figures.
        assert_eq!(run(&s, &strategies, || 0.0).unwrap(), r);
        let last = r.report.points.last().unwrap();
        assert!(last.cells.iter().all(|c| c.drop_rate > 0.0), "{last:?}");
        let plain = Settings::default();
        let e = run(&plain, &plain.compare_defaults(), || 0.0).unwrap_err();
        assert_eq!(e, SweepProblem::NoCapacity);
        for lang in Lang::ALL {
            assert!(!e.message(lang).is_empty());
        }
    }

    #[test]
    fn the_no_capacity_hint_names_every_preset_the_page_can_sweep_and_only_those() {
        let sweepable = sweepable_presets();
        for &name in &PRESETS {
            let first = Settings::for_preset(name, StrategyKind::RoundRobin, Variant::Corrected, 1);
            let can = run(
                &first,
                &[(StrategyKind::RoundRobin, Variant::Corrected)],
                || 0.0,
            )
            .map_or_else(|e| e != SweepProblem::NoCapacity, |_| true);
            assert_eq!(sweepable.contains(&name), can, "{name}");
            for lang in Lang::ALL {
                let said = SweepProblem::NoCapacity.message(lang);
                // A name inside another (none today) would still be found by the longer one.
                assert_eq!(said.contains(name), can, "{name} in {said}");
            }
        }
        assert!(sweepable.contains(&"mixed-speeds"), "{sweepable:?}");
    }
}
