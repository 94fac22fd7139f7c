//! The native `fulcrum` command line over the strategy engine.
//!
//! * `fulcrum strategies` lists every strategy, its cost per pick and whether the tutorial
//!   (the Chinese load-balancing tutorial Fulcrum grew from) has it.
//! * `fulcrum route` prints the server each request goes to (one id per line), optionally after
//!   one membership change, or each pick's explanation as a JSON line.
//! * `fulcrum analyze` measures time per pick, load imbalance and churn for every strategy.
//! * `fulcrum simulate` runs a scenario (preset or file) through the simulator.
//! * `fulcrum sweep` raises a scenario's offered load past its capacity and prints p99 latency
//!   and the drop rate per strategy at each load.
//!
//! Every decision comes from [`fulcrum::engine::Balancer`], the same code the simulator and the
//! browser use; this file only parses, prints and (for `analyze`) reads the clock. Bad input is a
//! one-line `fulcrum: error: ...` on stderr and exit status 1; clap's own usage errors keep clap's
//! format and exit status 2.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[path = "fulcrum/analyze.rs"]
mod analyze;
#[path = "fulcrum/config.rs"]
mod config;
#[path = "fulcrum/input.rs"]
mod input;
#[path = "fulcrum/route.rs"]
mod route;
#[path = "fulcrum/scenario_args.rs"]
mod scenario_args;
#[path = "fulcrum/simulate.rs"]
mod simulate;
#[path = "fulcrum/strategies.rs"]
mod strategies;
#[path = "fulcrum/sweep.rs"]
mod sweep;

/// A load-balancing playground: strategies, routing and their measurements.
#[derive(Debug, Parser)]
#[command(name = "fulcrum", version, about)]
#[command(
    after_help = "Your proxy's configuration (nginx, HAProxy, Envoy YAML), key for key:\n  \
    fulcrum route --config FILE [--backend NAME] (--count N | --keys FILE) [--remove S | --add H:P=W]\n  \
    fulcrum explain --config FILE [--backend NAME] --key KEY"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every strategy with a one-line description, its cost per pick and the cost of the
    /// tutorial's code (the Chinese load-balancing tutorial Fulcrum grew from), if it has one.
    Strategies,
    /// Print the server chosen for each request, one id per line.
    Route(Box<route::RouteArgs>),
    /// Measure every strategy: time per pick, load imbalance, keys moved on one change.
    Analyze(analyze::AnalyzeArgs),
    /// Run a scenario through the deterministic simulator and report the tutorial's statistics
    /// (get_stats) and more.
    Simulate(simulate::SimulateArgs),
    /// Raise the offered load from 10% to 110% of the pool's capacity and print p99 latency and
    /// the drop rate (503 queue full) per strategy at each load.
    Sweep(sweep::SweepArgs),
}

/// A problem with the user's input or environment, said in one line.
#[derive(Debug)]
pub struct CliError(pub String);

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

/// Shorthand for building a [`CliError`] from a format string.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => {
        return Err($crate::CliError(format!($($arg)*)))
    };
}

fn main() -> ExitCode {
    // A panic is a bug, but the user still gets one line, not a backtrace. The word "panic" stays
    // in it so tests notice.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "fulcrum: internal error (panic{place}): {}",
            fulcrum::scenario::text::escaped(&message.replace('\n', " "))
        );
    }));
    // `route --config` and `explain` read a proxy's configuration (fulcrum/config.rs).
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let result = if config::wants(&argv) {
        use clap::Parser as _;
        config::run(config::ConfigArgs::parse_from(std::env::args_os())).map(|()| None)
    } else {
        let cli = Cli::parse();
        match cli.command {
            Command::Strategies => strategies::run().map(|()| None),
            Command::Route(args) => route::run(*args).map(|()| None),
            Command::Analyze(args) => analyze::run(args).map(|()| None),
            Command::Simulate(args) => simulate::run(args),
            Command::Sweep(args) => sweep::run(args),
        }
    };
    match result {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(status)) => ExitCode::from(status),
        Err(CliError(message)) => {
            // Whatever the message quotes from the user is shown escaped, on one line.
            let message = message.replace('\n', " ");
            eprintln!(
                "fulcrum: error: {}",
                fulcrum::scenario::text::escaped(&message)
            );
            ExitCode::FAILURE
        }
    }
}

/// Write to stdout through a buffer; a reader that went away (`| head`) ends the command quietly.
pub fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError(format!("cannot write the output: {e}"))),
    }
}
