//! `fulcrum sweep`: raise the offered load on a scenario (a preset or a file) from light to past
//! its capacity and print, per strategy, p99 latency and the share of requests dropped by full
//! queues at each load. The work is `fulcrum::sim::sweep::sweep` (plain simulator runs, bounded
//! before they start); the scenario, its overrides, the progress bar and Ctrl-C are
//! `scenario_args`' (shared with `fulcrum simulate`).

use clap::{Args, ValueEnum};
use fulcrum::sim::SimError;
use fulcrum::sim::report::{SimSource, load};
use fulcrum::sim::sweep::{
    MAX_LOAD, MAX_POINT_REQUESTS, MAX_STEPS, SweepFormat, SweepSpec, render, sweep,
};

use crate::input::{real, whole};
use crate::scenario_args::{ScenarioArgs, Watch, exit_status};
use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
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
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(args: SweepArgs) -> Result<Option<u8>, CliError> {
    // The sweep sets each load's length itself (--requests), so no run length is overridden.
    let (source, overrides) = args.scenario.into_parts(None);
    let (_, runs) = load(&source)?;
    let Some(mut scenario) = runs.into_iter().next() else {
        return Err(CliError("the scenario has no run".into()));
    };
    overrides.apply(&mut scenario, &overrides.chosen()?)?;
    let spec = SweepSpec {
        from: args.from / 100.0,
        to: args.to / 100.0,
        steps: args.steps,
        requests: args.requests,
    };
    let watch =
        Watch::start("sweep [{bar:30}] {pos}/{len} runs, {elapsed} so far, about {eta} left");
    let report = sweep(&scenario, &spec, &mut |p| {
        if let Some(bar) = watch.bar() {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
        watch.go_on()
    });
    watch.finish();
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
    Ok(exit_status(report.stopped.as_ref()))
}
