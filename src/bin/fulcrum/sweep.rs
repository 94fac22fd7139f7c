//! `fulcrum sweep`: raise the offered load on a scenario (a preset or a file) from light to past
//! its capacity and print, per strategy, p99 latency and the share of requests dropped by full
//! queues at each load. The work is `fulcrum::sim::sweep::sweep` (plain simulator runs, bounded
//! before they start); this file reads the flags and adds a progress bar and Ctrl-C, which stops
//! at the next few thousand events and prints the loads done so far (exit status 130).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{ArgGroup, Args, ValueEnum};
use fulcrum::scenario::CostDistribution;
use fulcrum::sim::SimError;
use fulcrum::sim::report::{Overrides, SimSource, load};
use fulcrum::sim::sweep::{
    MAX_LOAD, MAX_POINT_REQUESTS, MAX_STEPS, SweepFormat, SweepSpec, render, sweep,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{real, whole};
use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["preset", "scenario"])))]
pub struct SweepArgs {
    /// A built-in scenario (its first run); every server needs a capacity: heavy-tail,
    /// fast-but-small, slow-server, heterogeneous and herding have one.
    #[arg(long)]
    preset: Option<String>,
    /// A scenario file (JSON, or TOML; `-` for stdin).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Strategies to compare (repeat); default: the scenario's own.
    #[arg(long = "strategy")]
    strategies: Vec<String>,
    /// Random seed (default: the scenario's); every load uses it.
    #[arg(long, allow_negative_numbers = true, value_parser = whole::<u64>(0, u64::MAX))]
    seed: Option<u64>,
    /// Requests at each load, for each strategy.
    #[arg(long, default_value_t = 20_000, allow_negative_numbers = true,
          value_parser = whole::<u64>(1, MAX_POINT_REQUESTS))]
    requests: u64,
    /// The first offered load, in percent of the pool's capacity.
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true,
          value_parser = real(0.0, MAX_LOAD * 100.0, true))]
    from: f64,
    /// The last offered load, in percent of the pool's capacity.
    #[arg(long, default_value_t = 110.0, allow_negative_numbers = true,
          value_parser = real(0.0, MAX_LOAD * 100.0, true))]
    to: f64,
    /// Loads from --from to --to, evenly spaced.
    #[arg(long, default_value_t = 11, allow_negative_numbers = true,
          value_parser = whole::<u32>(1, u64::from(MAX_STEPS)))]
    steps: u32,
    /// Request costs: fixed, lognormal or pareto (default: the scenario's).
    #[arg(long, value_parser = cost)]
    cost: Option<CostDistribution>,
    /// Spread of the request costs, 0 to 2 (σ of the log-normal; 1/(α−1) of the Pareto).
    #[arg(long, allow_negative_numbers = true, value_parser = real(0.0, 2.0, false))]
    spread: Option<f64>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// A clap parser for a cost distribution.
pub fn cost(text: &str) -> Result<CostDistribution, String> {
    text.parse()
}

/// The exit status of a sweep stopped by Ctrl-C.
const INTERRUPTED: u8 = 130;

pub fn run(args: SweepArgs) -> Result<Option<u8>, CliError> {
    let source = match (args.preset, args.scenario) {
        (Some(name), _) => SimSource::Preset(name),
        (None, Some(path)) => SimSource::File(path),
        (None, None) => unreachable!("clap requires --preset or --scenario"),
    };
    let (_, runs) = load(&source)?;
    let Some(mut scenario) = runs.into_iter().next() else {
        return Err(CliError("the scenario has no run".into()));
    };
    let overrides = Overrides {
        strategies: args.strategies,
        seed: args.seed,
        cost: args.cost,
        spread: args.spread,
        ..Overrides::default()
    };
    let chosen = overrides.chosen()?;
    overrides.apply(&mut scenario, &chosen)?;
    let spec = SweepSpec {
        from: args.from / 100.0,
        to: args.to / 100.0,
        steps: args.steps,
        requests: args.requests,
    };
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(INTERRUPTED));
            }
        });
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "sweep [{bar:30}] {pos}/{len} runs, {elapsed} so far, about {eta} left (Ctrl-C stops)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    let report = sweep(&scenario, &spec, &mut |p| {
        if let Some(bar) = &bar {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
        !stop.load(Ordering::SeqCst)
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report.map_err(|e| match (&source, e) {
        (SimSource::Preset(name), SimError::Scenario(e)) => CliError(format!("preset {name}: {e}")),
        (SimSource::File(path), SimError::Scenario(e)) => {
            CliError(format!("{}: {e}", path.display()))
        }
        (_, e) => CliError(e.to_string()),
    })?;
    let format = match args.format {
        Format::Table => SweepFormat::Table,
        Format::Csv => SweepFormat::Csv,
        Format::Json => SweepFormat::Json,
    };
    let text = render(&report, format);
    with_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(report.stopped.map(|stopped| {
        eprintln!("fulcrum: {}", stopped.sentence());
        if stopped.reason == "interrupted" {
            INTERRUPTED
        } else {
            1
        }
    }))
}
