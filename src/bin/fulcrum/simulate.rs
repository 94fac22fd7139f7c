//! `fulcrum simulate`: run a scenario (a preset or a JSON/TOML file) through the simulator and
//! print its report as a table or JSON. The work is `fulcrum::sim::report::simulate_overridden`;
//! the scenario, its overrides, the progress bar and Ctrl-C are `scenario_args`' (shared with
//! `fulcrum sweep`).

use clap::{Args, ValueEnum};
use fulcrum::scenario::bounds::REQUESTS;
use fulcrum::sim::report::{OutputFormat, render, simulate_overridden};

use crate::input::whole;
use crate::scenario_args::{ScenarioArgs, Watch, exit_status};
use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of requests to simulate (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = whole::<u64>(0, REQUESTS.max))]
    requests: Option<u64>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(args: SimulateArgs) -> Result<Option<u8>, CliError> {
    let (source, overrides) = args.scenario.into_parts(args.requests);
    let format = match args.format {
        Format::Table => OutputFormat::Table,
        Format::Json => OutputFormat::Json,
    };
    let watch = Watch::start(
        "{msg} [{bar:30}] {human_pos}/{human_len} requests, {elapsed} so far, about {eta} left",
    );
    let report = simulate_overridden(&source, &overrides, &mut |p| {
        if let Some(bar) = watch.bar() {
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
        watch.go_on()
    });
    watch.finish();
    let report = report?;
    for warning in &report.warnings {
        eprintln!(
            "fulcrum: warning: {}",
            fulcrum::scenario::text::escaped(warning)
        );
    }
    let text = render(&report, format);
    with_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(exit_status(report.stopped.as_ref()))
}
