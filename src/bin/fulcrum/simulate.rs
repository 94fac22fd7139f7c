//! `fulcrum simulate`: run a scenario (a preset or a JSON/TOML file) through the simulator and
//! print its report as a table or JSON. The work is `fulcrum::sim::report::simulate_with`; this
//! file adds what only a terminal has: a progress bar on stderr (when stderr is a terminal) and
//! Ctrl-C, which stops the run at the next few thousand events and prints what was simulated so
//! far (exit status 130; a second Ctrl-C ends the process at once).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{ArgGroup, Args, ValueEnum};
use fulcrum::scenario::CostDistribution;
use fulcrum::scenario::bounds::REQUESTS;
use fulcrum::sim::report::{OutputFormat, Overrides, SimSource, render, simulate_overridden};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{real, whole};
use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["preset", "scenario"])))]
pub struct SimulateArgs {
    /// A built-in scenario: tutorial-demo (the tutorial's own demo; `seed-demo` still works),
    /// slow-server, server-crash, crash-mid-request, hot-key, heterogeneous, flapping,
    /// scale-out, herding, heavy-tail, fast-but-small.
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
    /// Number of requests to simulate (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = whole::<u64>(0, REQUESTS.max))]
    requests: Option<u64>,
    /// Request costs: fixed, lognormal or pareto, each of mean 1 (default: the scenario's).
    #[arg(long, value_parser = crate::sweep::cost)]
    cost: Option<CostDistribution>,
    /// Spread of the request costs, 0 to 2 (σ of the log-normal; 1/(α−1) of the Pareto).
    #[arg(long, allow_negative_numbers = true, value_parser = real(0.0, 2.0, false))]
    spread: Option<f64>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// The exit status of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: u8 = 130;

pub fn run(args: SimulateArgs) -> Result<Option<u8>, CliError> {
    let source = match (args.preset, args.scenario) {
        (Some(name), _) => SimSource::Preset(name),
        (None, Some(path)) => SimSource::File(path),
        (None, None) => unreachable!("clap requires --preset or --scenario"),
    };
    let format = match args.format {
        Format::Table => OutputFormat::Table,
        Format::Json => OutputFormat::Json,
    };
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
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {human_pos}/{human_len} requests, {elapsed} so far, about {eta} left (Ctrl-C stops)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    let mut watch = |p: &fulcrum::sim::report::Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.arrivals);
            bar.set_position(p.finished_requests);
            bar.set_message(format!(
                "run {}/{}, {} ({}/{})",
                p.run + 1,
                p.runs,
                p.label,
                p.strategy + 1,
                p.strategies
            ));
        }
        !stop.load(Ordering::SeqCst)
    };
    let overrides = Overrides {
        strategies: args.strategies,
        seed: args.seed,
        requests: args.requests,
        cost: args.cost,
        spread: args.spread,
    };
    let report = simulate_overridden(&source, &overrides, &mut watch);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    for warning in &report.warnings {
        eprintln!(
            "fulcrum: warning: {}",
            fulcrum::scenario::text::escaped(warning)
        );
    }
    let text = render(&report, format);
    with_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(match &report.stopped {
        Some(stopped) => {
            eprintln!("fulcrum: {}", stopped.sentence());
            Some(if stopped.reason == "interrupted" {
                INTERRUPTED
            } else {
                1
            })
        }
        None => None,
    })
}
