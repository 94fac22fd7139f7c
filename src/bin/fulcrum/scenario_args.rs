//! What `fulcrum simulate` and `fulcrum sweep` share: the scenario they run (a preset or a
//! file) and what the command line sets over it (strategies, seed, request costs and their
//! spread), read and checked here once so both commands take the same flags with the same
//! messages; and how a long run behaves in a terminal (a progress bar on stderr when stderr is a
//! terminal, Ctrl-C stopping at the next few thousand events with the results so far, exit status
//! 130, and a second Ctrl-C ending the process at once).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{ArgGroup, Args};
use fulcrum::scenario::CostDistribution;
use fulcrum::sim::report::{Overrides, SimSource, Stopped};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{real, whole};

/// The scenario and the overrides both commands take.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["preset", "scenario"])))]
pub struct ScenarioArgs {
    /// A built-in scenario: tutorial-demo (the tutorial's own demo; `seed-demo` still works),
    /// slow-server, server-crash, crash-mid-request, hot-key, heterogeneous, flapping,
    /// scale-out, herding, heavy-tail, fast-but-small, idle-servers, mixed-speeds, key-spread.
    /// `sweep` takes its first run and needs every server to have a capacity (heavy-tail,
    /// fast-but-small, mixed-speeds, idle-servers, slow-server, heterogeneous and herding have
    /// one).
    #[arg(long)]
    preset: Option<String>,
    /// A scenario file (JSON, or TOML; `-` for stdin), at most 64 MiB.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Strategies to run on the same arrivals (repeat to compare): NAME, or tutorial:NAME for
    /// the tutorial's code of NAME; `power_of_d_choices:d=N` sets d, `multi_probe_hash:k=N` k;
    /// default: the scenario's own.
    #[arg(long = "strategy")]
    strategies: Vec<String>,
    /// Random seed (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = whole::<u64>(0, u64::MAX))]
    seed: Option<u64>,
    /// Request costs: fixed, lognormal or pareto, each of mean 1 (default: the scenario's).
    #[arg(long, value_parser = cost)]
    cost: Option<CostDistribution>,
    /// Spread of the request costs, 0 to 2 (σ of the log-normal; 1/(α−1) of the Pareto).
    #[arg(long, allow_negative_numbers = true, value_parser = real(0.0, 2.0, false))]
    spread: Option<f64>,
}

/// A clap parser for a cost distribution.
fn cost(text: &str) -> Result<CostDistribution, String> {
    text.parse()
}

impl ScenarioArgs {
    /// Where the scenario comes from, and what to set over it (`requests` is each command's own:
    /// a run's length for `simulate`, none for `sweep`, which sets its own per load).
    pub fn into_parts(self, requests: Option<u64>) -> (SimSource, Overrides) {
        let source = match (self.preset, self.scenario) {
            (Some(name), _) => SimSource::Preset(name),
            (None, Some(path)) => SimSource::File(path),
            (None, None) => unreachable!("clap requires --preset or --scenario"),
        };
        let overrides = Overrides {
            strategies: self.strategies,
            seed: self.seed,
            requests,
            cost: self.cost,
            spread: self.spread,
        };
        (source, overrides)
    }
}

/// The exit status of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: u8 = 130;

/// A long run's terminal side: the Ctrl-C flag and the progress bar (none when stderr is not a
/// terminal).
pub struct Watch {
    stop: Arc<AtomicBool>,
    bar: Option<ProgressBar>,
}

impl Watch {
    /// Take Ctrl-C and draw a bar with `template` (indicatif's; "(Ctrl-C stops)" is added).
    pub fn start(template: &str) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        {
            let stop = stop.clone();
            // Without a handler (another one is set) Ctrl-C simply ends the process, as before.
            let _ = ctrlc::set_handler(move || {
                if stop.swap(true, Ordering::SeqCst) {
                    std::process::exit(i32::from(INTERRUPTED));
                }
            });
        }
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(&format!("{template} (Ctrl-C stops)"))
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        Self { stop, bar }
    }

    /// The bar, if one is drawn.
    pub fn bar(&self) -> Option<&ProgressBar> {
        self.bar.as_ref()
    }

    /// Should the run go on (no Ctrl-C yet)?
    pub fn go_on(&self) -> bool {
        !self.stop.load(Ordering::SeqCst)
    }

    /// Clear the bar before the results are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The exit status of a run that stopped early, after saying why on stderr: 130 for Ctrl-C, 1
/// for an event ceiling; none for a run that ended.
pub fn exit_status(stopped: Option<&Stopped>) -> Option<u8> {
    stopped.map(|stopped| {
        eprintln!("fulcrum: {}", stopped.sentence());
        if stopped.reason == "interrupted" {
            INTERRUPTED
        } else {
            1
        }
    })
}
