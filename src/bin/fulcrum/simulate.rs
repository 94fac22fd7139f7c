//! `fulcrum simulate`: run a scenario (a preset or a JSON/TOML file) through the simulator and
//! print its report as a table or JSON. All the work is `fulcrum::sim::report::simulate_command`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};
use fulcrum::sim::report::{OutputFormat, SimSource, simulate_command};

use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["preset", "scenario"])))]
pub struct SimulateArgs {
    /// A built-in scenario: seed-demo, slow-server, server-crash, crash-mid-request, hot-key,
    /// heterogeneous, flapping, scale-out, herding.
    #[arg(long)]
    preset: Option<String>,
    /// A scenario file (JSON, or TOML).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Strategies to run on the same arrivals (repeat to compare); default: the scenario's own.
    #[arg(long = "strategy")]
    strategies: Vec<String>,
    /// Random seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Number of requests to simulate (default: the scenario's).
    #[arg(long)]
    requests: Option<u64>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(args: SimulateArgs) -> Result<(), CliError> {
    let source = match (args.preset, args.scenario) {
        (Some(name), _) => SimSource::Preset(name),
        (None, Some(path)) => SimSource::File(path),
        (None, None) => unreachable!("clap requires --preset or --scenario"),
    };
    let format = match args.format {
        Format::Table => OutputFormat::Table,
        Format::Json => OutputFormat::Json,
    };
    let text = simulate_command(&source, &args.strategies, args.seed, args.requests, format)?;
    with_stdout(|out| out.write_all(text.as_bytes()))
}
