//! Reports: a run's results as a side-by-side table or as JSON, and [`simulate_command`], the
//! function behind `fulcrum simulate`.
//!
//! Both formats are pure functions of the results, and the results of the scenario and seed, so
//! the same inputs give byte-identical output (the golden test holds the seed demo's JSON).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;

use serde::Serialize;

use crate::engine::{StrategyConfig, StrategyKind, Variant};
use crate::scenario::{CostDistribution, PRESETS, Scenario, preset};

use super::stats::RunReport;
use super::{SimError, Simulation, strategy_label};

/// Where the scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimSource {
    /// A preset by name (see [`PRESETS`]).
    Preset(String),
    /// A JSON or TOML file (TOML unless it ends in `.json` or starts with `{`).
    File(PathBuf),
    /// Scenario text already read (JSON or TOML); `name` is used in messages.
    Text {
        /// The name messages use for it.
        name: String,
        /// The scenario.
        text: String,
    },
}

/// How to print results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    /// Aligned columns for a terminal; the default.
    Table,
    /// One JSON document.
    Json,
}

impl FromStr for OutputFormat {
    type Err = SimError;
    fn from_str(s: &str) -> Result<Self, SimError> {
        match s {
            "table" => Ok(Self::Table),
            "json" => Ok(Self::Json),
            other => Err(SimError::UnknownFormat(other.to_string())),
        }
    }
}

/// One run of a preset (or the one run of a file), every strategy side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSection {
    /// The scenario's name.
    pub scenario: String,
    /// What it shows, in a sentence.
    pub description: String,
    /// The seed it ran with.
    pub seed: u64,
    /// One report per strategy, in the scenario's order.
    pub results: Vec<RunReport>,
}

/// Everything `fulcrum simulate` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The preset run, if one was named.
    pub preset: Option<String>,
    /// Every run, in order.
    pub runs: Vec<RunSection>,
    /// Set when the runs did not all finish: the last result is what was simulated so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// What the scenarios would quietly not do ([`Scenario::warnings`]), for stderr; not part
    /// of the report's JSON.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Why and where a simulation stopped before its end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stopped {
    /// `interrupted` (the watcher said stop: Ctrl-C) or `event_ceiling`.
    pub reason: &'static str,
    /// The scenario that was running.
    pub scenario: String,
    /// The strategy that was running.
    pub strategy: String,
    /// Requests that had ended when it stopped, of the run's arrivals.
    pub finished_requests: u64,
    /// Requests that arrived in the run.
    pub arrivals: u64,
    /// Events handled before it stopped.
    pub events: u64,
}

impl Stopped {
    /// What stopped and how far it got, in a sentence for the terminal.
    pub fn sentence(&self) -> String {
        let why = match self.reason {
            "interrupted" => "Interrupted",
            _ => "Stopped at the event ceiling",
        };
        format!(
            "{why} during {} of {} after {} events, {} of {} requests ended: the last column holds the results so far; later strategies and runs did not run.",
            self.strategy, self.scenario, self.events, self.finished_requests, self.arrivals
        )
    }
}

/// Where a run stands, for a progress display; the watcher returns false to stop.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress<'a> {
    /// Run (of a preset's runs) and strategy, counting from 0, and how many there are.
    pub run: usize,
    /// Runs in all.
    pub runs: usize,
    /// The strategy running, counting from 0.
    pub strategy: usize,
    /// Strategies per run.
    pub strategies: usize,
    /// The strategy's label (`least_connections`, `round_robin (tutorial)`).
    pub label: &'a str,
    /// Requests ended so far.
    pub finished_requests: u64,
    /// Requests that arrived so far.
    pub arrivals: u64,
}

/// Events handled between two calls of the watcher.
const WATCH_EVERY: u32 = 1 << 14;

/// Parse a strategy as the CLI takes it: `NAME` (Fulcrum's corrected code) or `tutorial:NAME`
/// (the tutorial's code, defects included; the older `seed:NAME` is still read);
/// `power_of_d_choices:d=N` sets its d, `envoy_least_request:d=N` its `choice_count` and
/// `multi_probe_hash:k=N` its probes per key, so one run can compare several.
pub fn parse_strategy(text: &str) -> Result<StrategyConfig, SimError> {
    use crate::engine::strategy::{MAX_D, MAX_K};
    let bad = |m: String| SimError::UnknownStrategy(format!("strategy '{text}': {m}"));
    // A setting is the last `:NAME=VALUE`; `tutorial:NAME` has no `=`.
    let (name, setting) = match text.rsplit_once(':') {
        Some((name, tail)) if tail.contains('=') => (name, tail.split_once('=')),
        _ => (text, None),
    };
    let (variant, name) = Variant::split_prefix(name);
    let kind: StrategyKind =
        name.parse()
            .map_err(|e: crate::engine::strategy::UnknownStrategy| {
                SimError::UnknownStrategy(e.to_string())
            })?;
    let mut config = StrategyConfig {
        variant,
        ..StrategyConfig::new(kind)
    };
    if let Some((key, value)) = setting {
        let (owners, max): (&[StrategyKind], u32) = match key {
            "d" => (
                &[
                    StrategyKind::PowerOfDChoices,
                    StrategyKind::EnvoyLeastRequest,
                ],
                MAX_D,
            ),
            "k" => (&[StrategyKind::MultiProbeHash], MAX_K),
            _ => return Err(bad(format!("unknown setting '{key}' (known: d, k)"))),
        };
        if !owners.contains(&kind) {
            let names: Vec<&str> = owners.iter().map(|o| o.name()).collect();
            return Err(bad(format!("only {} take :{key}=N", names.join(" and "))));
        }
        let n = value
            .parse::<u32>()
            .map_err(|_| bad(format!("{key} must be a whole number from 1 to {max}")))?;
        match key {
            "d" => config.d = n,
            _ => config.k = n,
        }
    }
    config.validate().map_err(|e| bad(e.to_string()))?;
    Ok(config)
}

/// The scenarios a source holds (a preset may hold several runs).
pub fn load(source: &SimSource) -> Result<(Option<String>, Vec<Scenario>), SimError> {
    match source {
        SimSource::Preset(name) => preset(name)
            .map(|p| (Some(p.name.to_string()), p.runs))
            .ok_or_else(|| SimError::UnknownPreset(name.clone())),
        SimSource::File(path) => {
            let text = read_scenario_file(path)?;
            let is_json = path.extension().is_some_and(|e| e == "json");
            let scenario = if is_json {
                Scenario::from_json(&text)
            } else {
                Scenario::parse(&text)
            }
            .map_err(|e| scenario_in(path.display().to_string(), e))?;
            Ok((None, vec![scenario]))
        }
        SimSource::Text { name, text } => {
            let scenario = Scenario::parse(text).map_err(|e| scenario_in(name.clone(), e))?;
            Ok((None, vec![scenario]))
        }
    }
}

/// Read a scenario file (`-`: standard input) of at most [`MAX_SCENARIO_BYTES`]: a larger one,
/// or an endless one such as `/dev/zero`, is refused after that many bytes instead of filling
/// memory.
pub fn read_scenario_file(path: &std::path::Path) -> Result<String, SimError> {
    use std::io::Read;
    let name = path.display().to_string();
    let io = |e: std::io::Error| SimError::Io {
        path: crate::scenario::text::escaped(&name).into_owned(),
        message: e.to_string(),
    };
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_SCENARIO_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_SCENARIO_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(io(std::io::Error::other(format!(
            "the file is larger than {MAX_SCENARIO_BYTES} bytes, the most a scenario may have"
        ))));
    }
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::other(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )))
    })
}

/// The largest scenario file: 64 MiB, room for the 100,000 servers a scenario may list.
pub const MAX_SCENARIO_BYTES: u64 = 64 << 20;

fn scenario_in(file: String, e: crate::scenario::ScenarioError) -> SimError {
    SimError::Scenario(crate::scenario::ScenarioError {
        path: format!("{file}: {}", e.path),
        message: e.message,
    })
}

/// Run a source with the CLI's overrides: every run, every strategy on the same arrivals.
pub fn simulate(
    source: &SimSource,
    strategies: &[String],
    seed: Option<u64>,
    requests: Option<u64>,
) -> Result<SimulationReport, SimError> {
    simulate_with(source, strategies, seed, requests, &mut |_| true)
}

/// [`simulate`], telling `watch` where it stands every few thousand events; when `watch`
/// returns false, or a run handles more events than its ceiling
/// ([`crate::scenario::RunSize::event_ceiling`]), the report so far comes back with
/// [`SimulationReport::stopped`] set. Each run is held to [`Scenario::check_run_size`] first.
pub fn simulate_with(
    source: &SimSource,
    strategies: &[String],
    seed: Option<u64>,
    requests: Option<u64>,
    watch: &mut dyn FnMut(&Progress) -> bool,
) -> Result<SimulationReport, SimError> {
    let overrides = Overrides {
        strategies: strategies.to_vec(),
        seed,
        requests,
        ..Overrides::default()
    };
    simulate_overridden(source, &overrides, watch)
}

/// What the command line sets over a scenario's own values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// Strategies as [`parse_strategy`] reads them (none: the scenario's).
    pub strategies: Vec<String>,
    /// The random seed (none: the scenario's).
    pub seed: Option<u64>,
    /// Requests per run (none: the scenario's).
    pub requests: Option<u64>,
    /// The request cost distribution and its spread ([`crate::scenario::CostSpec`]).
    pub cost: Option<CostDistribution>,
    /// The cost's spread, 0 to 2 (none: the scenario's).
    pub spread: Option<f64>,
}

impl Overrides {
    /// Set them over `run` (strategies already parsed as `chosen`). A spread without a
    /// heavy-tailed distribution would change nothing, so it is an error that says what to add.
    pub fn apply(&self, run: &mut Scenario, chosen: &[StrategyConfig]) -> Result<(), SimError> {
        if !chosen.is_empty() {
            run.strategies = chosen.to_vec();
        }
        if let Some(seed) = self.seed {
            run.seed = seed;
        }
        if let Some(n) = self.requests {
            run.requests = n;
        }
        if let Some(d) = self.cost {
            run.cost.distribution = d;
        }
        if let Some(x) = self.spread {
            if run.cost.distribution == CostDistribution::Fixed {
                return Err(SimError::Scenario(crate::scenario::ScenarioError::new(
                    "--spread",
                    format!(
                        "expected --cost lognormal or --cost pareto with a spread ({} has every request cost the same), got --spread {x} alone",
                        crate::scenario::text::escaped(&run.name)
                    ),
                )));
            }
            run.cost.spread = x;
        }
        Ok(())
    }

    /// The strategies, parsed.
    pub fn chosen(&self) -> Result<Vec<StrategyConfig>, SimError> {
        self.strategies.iter().map(|s| parse_strategy(s)).collect()
    }
}

/// [`simulate_with`] with every override the command line has.
pub fn simulate_overridden(
    source: &SimSource,
    overrides: &Overrides,
    watch: &mut dyn FnMut(&Progress) -> bool,
) -> Result<SimulationReport, SimError> {
    let (preset_name, mut runs) = load(source)?;
    let chosen = overrides.chosen()?;
    let mut sections = Vec::with_capacity(runs.len());
    for run in &mut runs {
        overrides.apply(run, &chosen)?;
    }
    // Check every run before the first starts, so a bad one costs no time.
    let sizes = runs
        .iter()
        .map(|run| {
            run.check_run_size().map_err(|e| match source {
                SimSource::File(path) => scenario_in(path.display().to_string(), e),
                SimSource::Text { name, .. } => scenario_in(name.clone(), e),
                SimSource::Preset(_) => scenario_in(format!("preset {}", run.name), e),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let warnings = runs
        .iter()
        .flat_map(|run| {
            run.warnings().into_iter().map(move |w| {
                if runs_named(source) {
                    format!("{}: {w}", run.name)
                } else {
                    w.to_string()
                }
            })
        })
        .collect();
    let count = runs.len();
    let mut stopped = None;
    for (r, (run, size)) in runs.iter().zip(&sizes).enumerate() {
        let mut results = Vec::with_capacity(run.strategies.len());
        for (k, config) in run.strategies.iter().enumerate() {
            let mut sim = Simulation::with_strategy(run, config, run.seed)?;
            let label = strategy_label(config);
            let ceiling = size
                .event_ceiling()
                .saturating_add(super::feedback::probe_events(config, size));
            let (reason, events) = run_watched(&mut sim, ceiling, &mut |finished| {
                let progress = Progress {
                    run: r,
                    runs: count,
                    strategy: k,
                    strategies: run.strategies.len(),
                    label: &label,
                    finished_requests: finished,
                    arrivals: size.arrivals,
                };
                watch(&progress)
            });
            results.push(sim.report());
            if let Some(reason) = reason {
                stopped = Some(Stopped {
                    reason,
                    scenario: run.name.clone(),
                    strategy: label,
                    finished_requests: sim.finished_requests(),
                    arrivals: size.arrivals,
                    events,
                });
                break;
            }
        }
        sections.push(RunSection {
            scenario: run.name.clone(),
            description: run.description.clone(),
            seed: run.seed,
            results,
        });
        if stopped.is_some() {
            break;
        }
    }
    Ok(SimulationReport {
        preset: preset_name,
        runs: sections,
        stopped,
        warnings,
    })
}

/// Run `sim` to its end in chunks of a few thousand events, asking `watch` (told the requests
/// ended so far) whether to go on after each; stop at `ceiling` events. Returns why it stopped
/// early (`interrupted` or `event_ceiling`), if it did, and the events handled (in whole chunks).
/// `simulate` and `sweep` share it.
pub fn run_watched(
    sim: &mut Simulation,
    ceiling: u64,
    watch: &mut dyn FnMut(u64) -> bool,
) -> (Option<&'static str>, u64) {
    let mut events: u64 = 0;
    let reason = 'run: loop {
        for _ in 0..WATCH_EVERY {
            if !sim.step() {
                break 'run None;
            }
        }
        events += u64::from(WATCH_EVERY);
        if events > ceiling {
            break 'run Some("event_ceiling");
        }
        if !watch(sim.finished_requests()) {
            break 'run Some("interrupted");
        }
    };
    (reason, events)
}

/// Does a warning need the run's name (a preset has several runs; a file has one)?
fn runs_named(source: &SimSource) -> bool {
    matches!(source, SimSource::Preset(_))
}

/// `fulcrum simulate (--preset NAME | --scenario FILE) [--strategy NAME ...] [--seed N]
/// [--requests N] [--format table|json]`: the text to print, or an error whose message names
/// what was wrong.
pub fn simulate_command(
    source: &SimSource,
    strategies: &[String],
    seed: Option<u64>,
    requests: Option<u64>,
    format: OutputFormat,
) -> Result<String, SimError> {
    let report = simulate(source, strategies, seed, requests)?;
    Ok(render(&report, format))
}

/// The report in a format.
pub fn render(report: &SimulationReport, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => to_json(report),
        OutputFormat::Table => to_table(report),
    }
}

/// Pretty JSON with a final newline.
/// Text from the scenario (its name, description, ids, paths) is escaped where it holds control
/// or bidi characters ([`crate::scenario::text`]).
pub fn to_json(report: &SimulationReport) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    crate::scenario::text::json_escaped(s)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn ms(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A table with a label column and one column per strategy.
struct Table {
    header: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

impl Table {
    fn row(&mut self, label: impl Into<String>, cells: impl IntoIterator<Item = String>) {
        self.rows.push((label.into(), cells.into_iter().collect()));
    }

    fn render(&self, out: &mut String) {
        let label_w = self
            .rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.1.get(c))
                    .chain(std::iter::once(&self.header[c]))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let _ = write!(out, "{:label_w$}", "");
        for (h, w) in self.header.iter().zip(&widths) {
            let _ = write!(out, "  {h:>w$}");
        }
        out.push('\n');
        for (label, cells) in &self.rows {
            let _ = write!(out, "{label:label_w$}");
            for (cell, w) in cells.iter().zip(&widths) {
                let _ = write!(out, "  {cell:>w$}");
            }
            out.push('\n');
        }
    }
}

/// The side-by-side table of every run. Control and bidi characters from the scenario are
/// escaped ([`crate::scenario::text`]); only the table's own line breaks stay.
pub fn to_table(report: &SimulationReport) -> String {
    let mut out = String::new();
    for (i, run) in report.runs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        section_table(run, &mut out);
    }
    if let Some(stop) = &report.stopped {
        let _ = writeln!(out, "\n{}", stop.sentence());
    }
    out.split('\n')
        .map(crate::scenario::text::escaped)
        .collect::<Vec<_>>()
        .join("\n")
}

fn section_table(run: &RunSection, out: &mut String) {
    let _ = writeln!(out, "== {} (seed {}) ==", run.scenario, run.seed);
    if !run.description.is_empty() {
        let _ = writeln!(out, "{}", run.description);
    }
    out.push('\n');
    let results = &run.results;
    let mut t = Table {
        header: results.iter().map(|r| r.strategy.clone()).collect(),
        rows: Vec::new(),
    };
    let col = |f: &dyn Fn(&RunReport) -> String| results.iter().map(f).collect::<Vec<_>>();
    t.row("requests", col(&|r| r.stats.total_requests.to_string()));
    t.row(
        "successful",
        col(&|r| r.stats.successful_requests.to_string()),
    );
    t.row("failed", col(&|r| r.stats.failed_requests.to_string()));
    let o = |name: &str, f: &dyn Fn(&RunReport) -> u64| {
        results
            .iter()
            .any(|r| f(r) > 0)
            .then(|| (name.to_string(), col(&|r| f(r).to_string())))
    };
    for (label, cells) in [
        o("  5xx from server", &|r| r.outcomes.error),
        o("  refused", &|r| r.outcomes.refused),
        o("  reset mid-request", &|r| r.outcomes.reset),
        o("  timed out", &|r| r.outcomes.timeout),
        o("  503 no server", &|r| r.outcomes.no_server),
        o("  503 queue full (dropped)", &|r| r.outcomes.dropped),
        o("  seed code raised", &|r| r.outcomes.seed_fault),
    ]
    .into_iter()
    .flatten()
    {
        t.row(label, cells);
    }
    t.row(
        "availability",
        col(&|r| format!("{:.2}%", r.availability * 100.0)),
    );
    t.row(
        "avg response (s, ok)",
        col(&|r| format!("{:.4}", r.stats.average_response_time)),
    );
    t.row("latency p50 (ms)", col(&|r| ms(r.latency_ms.p50)));
    t.row("latency p95 (ms)", col(&|r| ms(r.latency_ms.p95)));
    t.row("latency p99 (ms)", col(&|r| ms(r.latency_ms.p99)));
    t.row("latency max (ms)", col(&|r| ms(r.latency_ms.max)));
    if results.iter().any(|r| r.retries > 0) {
        t.row("retries", col(&|r| r.retries.to_string()));
    }
    if results.iter().any(|r| r.ejections > 0) {
        t.row("ejections", col(&|r| r.ejections.to_string()));
    }
    if results.iter().any(|r| r.status_changes > 0) {
        t.row("status changes", col(&|r| r.status_changes.to_string()));
    }
    t.row(
        "request spread (max-min)",
        col(&|r| r.balance.request_spread.to_string()),
    );
    t.row(
        "jain vs promised share",
        col(&|r| format!("{:.4}", r.balance.jain_fairness)),
    );
    t.row(
        "in-service spread (mean)",
        col(&|r| format!("{:.2}", r.balance.connection_spread_mean)),
    );
    t.row(
        "peak in service",
        col(&|r| r.balance.peak_connections.to_string()),
    );
    if results.iter().any(|r| r.cache_hit_rate.is_some()) {
        t.row(
            "cache hit rate",
            col(&|r| r.cache_hit_rate.map_or("-".into(), pct)),
        );
    }
    if let Some(hot) = results.first().and_then(|r| r.hot_path.as_ref())
        && results.iter().any(|r| r.cache_hit_rate.is_some())
    {
        t.row(
            format!("hot path {} on top server", hot.path),
            col(&|r| r.hot_path.as_ref().map_or("-".into(), |h| pct(h.top_share))),
        );
    }
    if let Some(first) = results.first() {
        for (s, server) in first.servers.iter().enumerate() {
            t.row(
                format!("share {} (weight {})", server.id, pct(server.weight_share)),
                col(&|r| r.servers.get(s).map_or("-".into(), |x| pct(x.share))),
            );
        }
    }
    t.render(out);
    for r in results.iter().filter(|r| !r.first_requests.is_empty()) {
        let _ = writeln!(out, "\n--- {} ---", r.strategy);
        for q in &r.first_requests {
            match &q.server {
                Some(server) => {
                    let _ = writeln!(
                        out,
                        "Request {} -> {server}: status {}",
                        q.request, q.status
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "Request {}: status {} (No available servers)",
                        q.request, q.status
                    );
                }
            }
        }
        let _ = writeln!(out, "Request distribution:");
        for s in r.servers.iter().filter(|s| s.requests > 0) {
            let _ = writeln!(out, "  {}: {} requests", s.endpoint, s.requests);
        }
        let st = &r.stats;
        let _ = writeln!(out, "Total requests: {}", st.total_requests);
        let _ = writeln!(out, "Successful requests: {}", st.successful_requests);
        let _ = writeln!(out, "Failed requests: {}", st.failed_requests);
        let _ = writeln!(
            out,
            "Average response time: {:.3}s",
            st.average_response_time
        );
        for d in &st.server_details {
            let _ = writeln!(
                out,
                "  {}: {} connections, {}",
                d.endpoint, d.current_connections, d.status
            );
        }
    }
}

/// The preset names and summaries, for `--help` and error messages.
pub fn preset_list() -> Vec<(&'static str, &'static str)> {
    PRESETS
        .iter()
        .filter_map(|n| preset(n).map(|p| (p.name, p.summary)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watcher_stops_the_run_with_the_results_so_far() {
        let source = SimSource::Preset("slow-server".into());
        let mut calls = 0;
        let report = simulate_with(&source, &[], None, None, &mut |p| {
            assert!(p.finished_requests <= p.arrivals);
            assert_eq!(
                (p.run, p.runs, p.strategy, p.label),
                (0, 1, 0, "round_robin")
            );
            calls += 1;
            calls < 2
        })
        .unwrap();
        let stopped = report.stopped.clone().unwrap();
        assert_eq!(stopped.reason, "interrupted");
        assert_eq!(stopped.events, 2 * u64::from(WATCH_EVERY));
        // Only the strategy that was running, with what it had done.
        assert_eq!(report.runs.len(), 1);
        let results = &report.runs[0].results;
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].stats.total_requests, stopped.finished_requests);
        assert!(stopped.finished_requests < 20_000);
        assert!(to_table(&report).contains("Interrupted during round_robin of slow-server"));
        assert!(to_json(&report).contains("\"reason\": \"interrupted\""));
        // Left alone, the same run finishes every strategy and says nothing of stopping.
        let full = simulate(&source, &[], None, None).unwrap();
        assert!(full.stopped.is_none());
        assert_eq!(full.runs[0].results.len(), 5);
        assert!(!to_json(&full).contains("stopped"));
    }

    #[test]
    fn strategies_parse_with_an_optional_seed_prefix() {
        assert_eq!(
            parse_strategy("round_robin").unwrap().kind,
            StrategyKind::RoundRobin
        );
        assert_eq!(
            parse_strategy("seed:random").unwrap().variant,
            Variant::Seed
        );
        assert!(matches!(
            parse_strategy("fastest"),
            Err(SimError::UnknownStrategy(m)) if m.contains("fastest") && m.contains("round_robin")
        ));
        assert!(
            parse_strategy("seed:maglev").is_err(),
            "the seed has no maglev"
        );
        assert_eq!(parse_strategy("power_of_d_choices:d=5").unwrap().d, 5);
        assert_eq!(parse_strategy("multi_probe_hash:k=7").unwrap().k, 7);
        let envoy = parse_strategy("envoy_least_request:d=3").unwrap();
        assert_eq!((envoy.kind, envoy.d), (StrategyKind::EnvoyLeastRequest, 3));
        assert_eq!(
            crate::sim::strategy_label(&envoy),
            "envoy_least_request (d=3)"
        );
        // Each error names what is wrong with the setting.
        for (bad, says) in [
            ("power_of_d_choices:d=0", "d must be from 1"),
            ("power_of_d_choices:d=x", "d must be a whole number"),
            (
                "random:d=3",
                "only power_of_d_choices and envoy_least_request take :d=N",
            ),
            ("multi_probe_hash:k=0", "k (probes per key) must be from 1"),
            (
                "multi_probe_hash:d=3",
                "only power_of_d_choices and envoy_least_request take :d=N",
            ),
            ("multi_probe_hash:z=3", "unknown setting 'z'"),
            ("round_robin:k=3", "only multi_probe_hash take :k=N"),
        ] {
            assert!(
                matches!(parse_strategy(bad), Err(SimError::UnknownStrategy(m)) if m.contains(says)),
                "{bad}: {:?}",
                parse_strategy(bad)
            );
        }
        assert_eq!("json".parse::<OutputFormat>(), Ok(OutputFormat::Json));
        assert!("xml".parse::<OutputFormat>().is_err());
    }

    #[test]
    fn bad_sources_are_errors_that_say_what_is_wrong() {
        let e = simulate_command(
            &SimSource::Preset("nope".into()),
            &[],
            None,
            None,
            OutputFormat::Table,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("unknown preset 'nope'") && e.contains("tutorial-demo"),
            "{e}"
        );
        let e = simulate_command(
            &SimSource::Text {
                name: "bad.json".into(),
                text: r#"{"servers": [{}, {}, {"weight": -3}]}"#.into(),
            },
            &[],
            None,
            None,
            OutputFormat::Table,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "bad.json: servers[2].weight: expected a whole number from 0 to 1000000, got -3"
            ),
            "{e}"
        );
        let e = simulate_command(
            &SimSource::File("/nonexistent/scenario.toml".into()),
            &[],
            None,
            None,
            OutputFormat::Table,
        )
        .unwrap_err();
        assert!(matches!(e, SimError::Io { .. }));
        assert_eq!(preset_list().len(), PRESETS.len());
    }

    #[test]
    fn a_small_run_prints_a_table_and_json() {
        let source = SimSource::Text {
            name: "small".into(),
            text: "name = \"small\"\nrequests = 50\nstrategies = [{ kind = \"round_robin\" }, { kind = \"random\" }]\n".into(),
        };
        let table = simulate_command(&source, &[], Some(3), None, OutputFormat::Table).unwrap();
        assert!(table.starts_with("== small (seed 3) =="), "{table}");
        assert!(table.contains("round_robin") && table.contains("random"));
        assert!(table.contains("share server4 (weight 42.9%)"), "{table}");
        let json = simulate_command(
            &source,
            &["least_connections".into()],
            None,
            Some(10),
            OutputFormat::Json,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["runs"][0]["results"][0]["strategy"], "least_connections");
        assert_eq!(v["runs"][0]["results"][0]["stats"]["total_requests"], 10);
    }
}
