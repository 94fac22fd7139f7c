//! A load sweep: the same scenario at offered loads from light to past saturation, every
//! strategy at each, so a reader sees where each one breaks (`fulcrum sweep`, and the page's
//! sweep view).
//!
//! The offered load is a fraction of the pool's capacity ([`capacity_per_s`]): the requests per
//! second its workers finish when every one of them is busy, Σ capacity × speed ÷ mean service
//! time, where a server's mean service time is its median latency × e^(σ²/2) of its log-normal
//! jitter × the mean request cost (1). Cache hits and faults are left out: they change during a
//! run. Each point is a plain run of the simulator ([`super::Simulation`]) with the steady rate
//! set to that fraction of the capacity and its bursts removed; strategies at one point see the
//! very same arrivals and costs, and every point has the same seed, so a sweep is a pure function
//! of its scenario and settings. What a point reports: p50 and p99 of successful requests (a
//! dropped request is answered at once and must not look fast), the share dropped by full queues
//! and the share that failed in any way.
//!
//! The work is bounded before anything runs ([`SweepSpec::check`]): at most [`MAX_STEPS`]
//! points, [`MAX_POINT_REQUESTS`] requests a point and [`MAX_SWEEP_REQUESTS`] over the whole
//! sweep, each point held to the scenario's run-size check and event ceiling.

use serde::Serialize;

use crate::engine::StrategyConfig;
use crate::scenario::{Scenario, ScenarioError};

use super::report::{Stopped, run_watched};
use super::{SimError, Simulation, strategy_label};

/// Most load points in a sweep.
pub const MAX_STEPS: u32 = 100;
/// Most requests a point (each strategy's run) may have.
pub const MAX_POINT_REQUESTS: u64 = 1_000_000;
/// Most requests over the whole sweep (points × strategies × requests a point).
pub const MAX_SWEEP_REQUESTS: u64 = 50_000_000;
/// The highest load a sweep may reach, as a fraction of capacity.
pub const MAX_LOAD: f64 = 10.0;

/// What to sweep: loads from `from` to `to` (fractions of capacity) in `steps` points, with
/// `requests` steady requests at each.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SweepSpec {
    /// The lightest load, a fraction of capacity (0.1 is 10 %).
    pub from: f64,
    /// The heaviest load, a fraction of capacity.
    pub to: f64,
    /// Loads swept, evenly spaced from `from` to `to`.
    pub steps: u32,
    /// Steady requests at each load.
    pub requests: u64,
}

impl Default for SweepSpec {
    /// 10 % to 110 % in steps of 10 %, 20,000 requests a point.
    fn default() -> Self {
        Self {
            from: 0.1,
            to: 1.1,
            steps: 11,
            requests: 20_000,
        }
    }
}

impl SweepSpec {
    /// Check the settings against the ceilings for `strategies` strategies; the error names the
    /// setting and what was expected.
    pub fn check(&self, strategies: usize) -> Result<(), ScenarioError> {
        let load = |name: &'static str, x: f64| {
            if x.is_finite() && x > 0.0 && x <= MAX_LOAD {
                Ok(())
            } else {
                Err(ScenarioError::new(
                    name,
                    format!(
                        "expected a load above 0 and at most {MAX_LOAD} (a fraction of capacity: 1 is full), got {x}"
                    ),
                ))
            }
        };
        load("from", self.from)?;
        load("to", self.to)?;
        if self.to < self.from {
            return Err(ScenarioError::new(
                "to",
                format!(
                    "expected a load at least the first ({}), got {}",
                    self.from, self.to
                ),
            ));
        }
        if !(1..=MAX_STEPS).contains(&self.steps) {
            return Err(ScenarioError::new(
                "steps",
                format!(
                    "expected a whole number from 1 to {MAX_STEPS}, got {}",
                    self.steps
                ),
            ));
        }
        if !(1..=MAX_POINT_REQUESTS).contains(&self.requests) {
            return Err(ScenarioError::new(
                "requests",
                format!(
                    "expected a whole number from 1 to {MAX_POINT_REQUESTS} a point, got {}",
                    self.requests
                ),
            ));
        }
        let total = u64::from(self.steps)
            .saturating_mul(strategies as u64)
            .saturating_mul(self.requests);
        if total > MAX_SWEEP_REQUESTS {
            return Err(ScenarioError::new(
                "requests",
                format!(
                    "expected at most {MAX_SWEEP_REQUESTS} requests over the sweep (steps × strategies × requests), got {} × {strategies} × {} = {total}: fewer steps, strategies or requests",
                    self.steps, self.requests
                ),
            ));
        }
        Ok(())
    }

    /// The loads, evenly spaced from `from` to `to`.
    pub fn loads(&self) -> Vec<f64> {
        if self.steps <= 1 {
            return vec![self.from];
        }
        let gap = (self.to - self.from) / f64::from(self.steps - 1);
        (0..self.steps)
            .map(|k| self.from + gap * f64::from(k))
            .collect()
    }
}

/// The requests per second the scenario's servers finish with every worker busy. Every server
/// needs a capacity (a bounded number of workers) and a latency above 0, or the pool has no
/// capacity to be a fraction of; the error names the first that has none.
pub fn capacity_per_s(scenario: &Scenario) -> Result<f64, ScenarioError> {
    let mut total = 0.0;
    for (i, s) in scenario.servers.iter().enumerate() {
        if s.capacity == 0 {
            return Err(ScenarioError::new(
                format!("servers[{i}].capacity"),
                "expected a capacity above 0 for a sweep (loads are fractions of what the workers can serve), got 0 (unlimited)",
            ));
        }
        if s.latency_ms <= 0.0 {
            return Err(ScenarioError::new(
                format!("servers[{i}].latency_ms"),
                "expected a latency above 0 for a sweep (a server that takes no time has no capacity to fill), got 0",
            ));
        }
        let mean_ms = s.latency_ms * libm::exp(s.jitter * s.jitter / 2.0);
        total += f64::from(s.capacity) * s.speed * 1000.0 / mean_ms;
    }
    Ok(total)
}

/// One strategy at one load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepCell {
    /// The strategy's label.
    pub strategy: String,
    /// Requests sent.
    pub requests: u64,
    /// Latency of successful requests (ms).
    pub p50_ms: f64,
    /// The 99th percentile of the same.
    pub p99_ms: f64,
    /// Requests dropped by a full queue, and those that failed in any way (drops included), as
    /// shares of all requests.
    pub drop_rate: f64,
    /// Failed requests (drops included), as a share of all.
    pub failure_rate: f64,
}

/// One load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// Offered load as a fraction of capacity.
    pub load: f64,
    /// The arrival rate that load is, in requests per second.
    pub rate_per_s: f64,
    /// One cell per strategy, in the scenario's order.
    pub cells: Vec<SweepCell>,
}

/// A whole sweep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepReport {
    /// The scenario swept (its name or file).
    pub scenario: String,
    /// The random seed.
    pub seed: u64,
    /// The servers' capacity in requests per second (100 % load).
    pub capacity_per_s: f64,
    /// Steady requests at each load.
    pub requests_per_point: u64,
    /// The strategies' labels, in column order.
    pub strategies: Vec<String>,
    /// One point per load, lightest first.
    pub points: Vec<SweepPoint>,
    /// Set when the sweep stopped early (Ctrl-C or an event ceiling): the points so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
}

/// Where a sweep stands, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepProgress {
    /// Runs done and runs in all (points × strategies).
    pub done: u64,
    /// Runs in all.
    pub total: u64,
}

/// The scenario as it runs at `load`: steady arrivals at that fraction of capacity, no bursts.
pub fn at_load(scenario: &Scenario, capacity: f64, load: f64, requests: u64) -> Scenario {
    let mut s = scenario.clone();
    s.arrivals.rate_per_s = capacity * load;
    s.arrivals.bursts.clear();
    s.requests = requests;
    s.duration_ms = None;
    s
}

/// Sweep the scenario's strategies over `spec`'s loads. `watch` hears of each run as it ends and
/// every few thousand events (false stops the sweep, with the points so far).
pub fn sweep(
    scenario: &Scenario,
    spec: &SweepSpec,
    watch: &mut dyn FnMut(SweepProgress) -> bool,
) -> Result<SweepReport, SimError> {
    scenario.validate()?;
    spec.check(scenario.strategies.len())?;
    let capacity = capacity_per_s(scenario)?;
    let loads = spec.loads();
    let total = loads.len() as u64 * scenario.strategies.len() as u64;
    // Check each point's size before the first runs, so a bad one costs no time.
    let runs = loads
        .iter()
        .map(|&load| {
            let s = at_load(scenario, capacity, load, spec.requests);
            s.check_run_size().map(|size| (load, s, size))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut points = Vec::with_capacity(runs.len());
    let mut stopped = None;
    let mut done = 0;
    for (load, s, size) in &runs {
        let mut cells = Vec::with_capacity(s.strategies.len());
        for config in &s.strategies {
            let mut sim = Simulation::with_strategy(s, config, s.seed)?;
            let label = strategy_label(config);
            let ceiling = size
                .event_ceiling()
                .saturating_add(crate::sim::feedback::probe_events(config, size));
            let (mut reason, events) = run_watched(&mut sim, ceiling, &mut |_| {
                watch(SweepProgress { done, total })
            });
            done += 1;
            if reason.is_none() {
                cells.push(cell(&sim, label.clone()));
                if !watch(SweepProgress { done, total }) {
                    reason = Some("interrupted");
                }
            }
            if let Some(reason) = reason {
                stopped = Some(Stopped {
                    reason,
                    scenario: format!("{} at {:.0}% load", s.name, load * 100.0),
                    strategy: label,
                    finished_requests: sim.finished_requests(),
                    arrivals: size.arrivals,
                    events,
                });
                break;
            }
        }
        if !cells.is_empty() {
            points.push(SweepPoint {
                load: *load,
                rate_per_s: s.arrivals.rate_per_s,
                cells,
            });
        }
        if stopped.is_some() {
            break;
        }
    }
    Ok(SweepReport {
        scenario: scenario.name.clone(),
        seed: scenario.seed,
        capacity_per_s: capacity,
        requests_per_point: spec.requests,
        strategies: scenario.strategies.iter().map(strategy_label).collect(),
        points,
        stopped,
    })
}

/// How `fulcrum sweep` prints a sweep.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SweepFormat {
    /// Two aligned tables: p99 latency, then the drop rate, a column per strategy.
    #[default]
    Table,
    /// One line per load and strategy (RFC 4180, CRLF).
    Csv,
    /// The [`SweepReport`], pretty.
    Json,
}

/// The sweep in a format. Text from the scenario is escaped ([`crate::scenario::text`]).
pub fn render(report: &SweepReport, format: SweepFormat) -> String {
    match format {
        SweepFormat::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            crate::scenario::text::json_escaped(s)
        }
        SweepFormat::Csv => to_csv(report),
        SweepFormat::Table => to_table(report),
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_text(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn to_csv(report: &SweepReport) -> String {
    let mut out =
        String::from("load,rate_per_s,strategy,requests,p50_ms,p99_ms,drop_rate,failure_rate\r\n");
    let num = |x: f64| serde_json::to_string(&(x + 0.0)).unwrap_or_default();
    for p in &report.points {
        for c in &p.cells {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\r\n",
                num(p.load),
                num(p.rate_per_s),
                csv_text(&crate::scenario::text::escaped(&c.strategy)),
                c.requests,
                num(c.p50_ms),
                num(c.p99_ms),
                num(c.drop_rate),
                num(c.failure_rate)
            ));
        }
    }
    out
}

/// How a table writes one cell.
type CellText = dyn Fn(&SweepCell) -> String;

fn to_table(report: &SweepReport) -> String {
    let mut out = format!(
        "== {} (seed {}): load sweep, capacity {:.0} requests/s, {} requests a point ==\n",
        report.scenario, report.seed, report.capacity_per_s, report.requests_per_point
    );
    let blocks: [(&str, &CellText); 2] = [
        ("p99 latency of successful requests (ms)", &|c| {
            if c.requests == 0 || c.failure_rate >= 1.0 {
                "-".into()
            } else {
                format!("{:.1}", c.p99_ms)
            }
        }),
        ("dropped (503 queue full)", &|c| {
            format!("{:.1}%", c.drop_rate * 100.0)
        }),
    ];
    for (title, cell) in blocks {
        out.push_str(&format!("\n{title}\n"));
        let mut rows: Vec<Vec<String>> = vec![
            ["load", "rate/s"]
                .into_iter()
                .map(String::from)
                .chain(report.strategies.iter().cloned())
                .collect(),
        ];
        for p in &report.points {
            let mut row = vec![
                format!("{:.0}%", p.load * 100.0),
                format!("{:.0}", p.rate_per_s),
            ];
            row.extend(p.cells.iter().map(cell));
            rows.push(row);
        }
        let columns = rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|x| x.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &rows {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(x, &w)| format!("{x:>w$}"))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
    }
    if let Some(stop) = &report.stopped {
        out.push_str(&format!("\n{}\n", stop.sentence()));
    }
    out.split('\n')
        .map(crate::scenario::text::escaped)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a finished run says at its load.
fn cell(sim: &Simulation, strategy: String) -> SweepCell {
    let report = sim.report();
    let ok = sim.success_latency();
    let total = report.outcomes.total();
    SweepCell {
        strategy,
        requests: total,
        p50_ms: ok.p50,
        p99_ms: ok.p99,
        drop_rate: report.outcomes.drop_rate(),
        failure_rate: if total == 0 {
            0.0
        } else {
            (total - report.outcomes.ok) as f64 / total as f64
        },
    }
}

/// The strategies a sweep compares: `chosen` if any, else the scenario's own.
pub fn with_strategies(mut scenario: Scenario, chosen: &[StrategyConfig]) -> Scenario {
    if !chosen.is_empty() {
        scenario.strategies = chosen.to_vec();
    }
    scenario
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::StrategyKind;
    use crate::scenario::{CostDistribution, ServerSpec};

    /// Four servers of 4 workers, 10 ms each, a queue of 8: 1,600 requests/s in all.
    fn pool() -> Scenario {
        let mut s = Scenario {
            name: "pool".into(),
            servers: (0..4)
                .map(|_| ServerSpec {
                    latency_ms: 10.0,
                    capacity: 4,
                    queue_limit: Some(8),
                    ..ServerSpec::default()
                })
                .collect(),
            strategies: vec![
                StrategyConfig::new(StrategyKind::RoundRobin),
                StrategyConfig::new(StrategyKind::LeastConnections),
            ],
            ..Scenario::default()
        };
        s.health.enabled = false;
        s.cost.distribution = CostDistribution::Lognormal;
        s.cost.spread = 1.0;
        s
    }

    fn small() -> SweepSpec {
        SweepSpec {
            from: 0.2,
            to: 1.4,
            steps: 4,
            requests: 3000,
        }
    }

    #[test]
    fn capacity_adds_workers_times_speed_over_the_mean_service_time() {
        let mut s = pool();
        assert!((capacity_per_s(&s).unwrap() - 1600.0).abs() < 1e-9);
        s.servers[0].speed = 3.0;
        s.servers[1].jitter = 0.5;
        let want = 400.0 * 3.0 + 400.0 / (0.125f64).exp() + 800.0;
        assert!((capacity_per_s(&s).unwrap() - want).abs() < 1e-9);
        s.servers[2].capacity = 0;
        let e = capacity_per_s(&s).unwrap_err();
        assert_eq!(e.path, "servers[2].capacity");
    }

    #[test]
    fn a_sweep_is_deterministic_and_breaks_past_capacity() {
        let s = pool();
        let a = sweep(&s, &small(), &mut |_| true).unwrap();
        let b = sweep(&s, &small(), &mut |_| true).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        assert_eq!(a.points.len(), 4);
        let light = &a.points[0];
        let over = &a.points[3];
        assert!((light.rate_per_s - 320.0).abs() < 1e-9);
        for (l, o) in light.cells.iter().zip(&over.cells) {
            assert_eq!(l.drop_rate, 0.0, "{}: nothing dropped at 20 %", l.strategy);
            assert!(o.drop_rate > 0.05, "{}: 140 % must drop: {o:?}", o.strategy);
            assert!(o.p99_ms > l.p99_ms);
            assert_eq!(l.requests, 3000);
        }
        // Another seed is another sweep.
        let mut other = s.clone();
        other.seed = 2;
        assert_ne!(
            sweep(&other, &small(), &mut |_| true).unwrap().points,
            a.points
        );
    }

    #[test]
    fn hostile_settings_are_refused_before_anything_runs() {
        let s = pool();
        let bad = [
            (
                SweepSpec {
                    steps: 0,
                    ..small()
                },
                "steps",
            ),
            (
                SweepSpec {
                    steps: 101,
                    ..small()
                },
                "steps",
            ),
            (
                SweepSpec {
                    from: 0.0,
                    ..small()
                },
                "from",
            ),
            (
                SweepSpec {
                    to: f64::NAN,
                    ..small()
                },
                "to",
            ),
            (SweepSpec { to: 0.1, ..small() }, "to"),
            (
                SweepSpec {
                    requests: 0,
                    ..small()
                },
                "requests",
            ),
            (
                SweepSpec {
                    steps: 100,
                    requests: 1_000_000,
                    ..small()
                },
                "requests",
            ),
        ];
        for (spec, path) in bad {
            let mut runs = 0;
            let e = sweep(&s, &spec, &mut |_| {
                runs += 1;
                true
            })
            .unwrap_err();
            assert_eq!(runs, 0);
            match e {
                SimError::Scenario(e) => assert_eq!(e.path, path, "{spec:?}: {e}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn the_three_formats_say_the_same() {
        let r = sweep(&pool(), &small(), &mut |_| true).unwrap();
        let table = render(&r, SweepFormat::Table);
        assert!(
            table.starts_with("== pool (seed 1): load sweep, capacity 1600 requests/s"),
            "{table}"
        );
        assert!(
            table.contains("p99 latency") && table.contains("140%"),
            "{table}"
        );
        assert!(table.contains("least_connections"));
        let csv = render(&r, SweepFormat::Csv);
        assert_eq!(csv.lines().count(), 1 + 4 * 2);
        assert!(csv.starts_with("load,rate_per_s,strategy,"));
        assert!(csv.contains("\r\n0.2,320.0,round_robin,3000,"), "{csv}");
        let json: serde_json::Value = serde_json::from_str(&render(&r, SweepFormat::Json)).unwrap();
        assert_eq!(
            json["points"][3]["cells"][1]["strategy"],
            "least_connections"
        );
        assert_eq!(json["points"][0]["rate_per_s"], 320.0);
        assert_eq!(csv_text("a,b"), "\"a,b\"");
    }

    #[test]
    fn a_watcher_stops_the_sweep_with_the_points_so_far() {
        let r = sweep(&pool(), &small(), &mut |p| p.done < 3).unwrap();
        let stopped = r.stopped.unwrap();
        assert_eq!(stopped.reason, "interrupted");
        assert_eq!(r.points.len(), 2);
        assert_eq!(r.points[1].cells.len(), 1);
    }
}
