//! `fulcrum analyze`: for every strategy (corrected, the seed's variant where there is one,
//! nginx's ring for `consistent_hash`, and `multi_probe_hash` at several k) the time per pick at
//! several pool sizes, the load imbalance over many keys with equal and unequal weights, and the
//! keys moved by one removal and one addition. Imbalance and churn come from `engine::analyze` (no clock); the timing lives here,
//! because the engine never reads a clock.
//!
//! Timing: each cell builds one balancer over a generated pool of n servers (weight 1), then
//! times batches of picks over 4,096 prebuilt requests with `std::time::Instant`, growing the
//! batch until one batch takes at least the target time (20 ms; 0.2 ms with `--quick`), then
//! times two more batches of that size and reports the fastest of the three per pick. Slow cells
//! (the seed's O(n·v) ring scan) reach the target after a few picks, so the whole run stays
//! around a minute. "request" times one pick plus the load updates around it
//! (`request_started`, `request_finished`), the cost a proxy really pays with load-aware
//! strategies. Imbalance and churn run first, on every core (they need no clock); the timing
//! runs afterwards, alone, one cell after another.

use std::hint::black_box;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use fulcrum::engine::analyze::{
    Churn, Imbalance, Membership, Weights, analysis_ip, churn, generated_server, generated_servers,
    imbalance, keyed_request,
};
use fulcrum::engine::{
    Balancer, Request, RingFlavor, StrategyConfig, StrategyKind, Variant, seeded,
};
use serde::Serialize;

use crate::{CliError, with_stdout};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned plain-text tables.
    Table,
    /// One JSON document.
    Json,
    /// Markdown tables, as docs/ALGORITHMS.md shows them.
    Markdown,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Small sizes and short timings (seconds even in a debug build; for tests).
    #[arg(long)]
    quick: bool,
}

/// What was measured, and how; printed with the results so a table explains itself.
#[derive(Clone, Debug, Serialize)]
struct Parameters {
    quick: bool,
    /// Pool sizes the timing runs at.
    timing_sizes: Vec<usize>,
    /// Minimum duration of the timed batch, per cell, in microseconds.
    timing_target_us: u64,
    /// Distinct requests the timed picks cycle through.
    timing_requests: usize,
    imbalance_servers: usize,
    imbalance_keys: u64,
    equal_weights: &'static str,
    unequal_weights: &'static str,
    churn_servers: usize,
    churn_keys: u64,
    /// Position (in pool order) of the server removed.
    churn_removed_index: usize,
    churn_added: String,
    /// Requests kept in flight during the imbalance and churn runs (engine::analyze::Router).
    in_flight: usize,
    seed: u64,
}

impl Parameters {
    fn new(quick: bool) -> Self {
        let (imbalance_servers, churn_servers) = if quick { (10, 10) } else { (100, 100) };
        Self {
            quick,
            timing_sizes: if quick {
                vec![10, 100]
            } else {
                vec![10, 100, 1_000, 10_000]
            },
            timing_target_us: if quick { 200 } else { 20_000 },
            timing_requests: 4096,
            imbalance_servers,
            imbalance_keys: if quick { 2_000 } else { 1_000_000 },
            equal_weights: Weights::Equal.describe(),
            unequal_weights: Weights::Cycle1To4.describe(),
            churn_servers,
            churn_keys: if quick { 1_000 } else { 100_000 },
            churn_removed_index: churn_servers / 2,
            churn_added: generated_server(churn_servers, 1).id,
            in_flight: 4 * imbalance_servers,
            seed: 1,
        }
    }
}

/// The probes per key of the extra `multi_probe_hash` rows, beside its default 21: the curve of
/// max/mean against k (the paper's peak-to-average of 1 + ε with 1 + 1/ε probes).
const MULTI_PROBE_K: [u32; 3] = [1, 5, 41];

/// One row of the tables: a strategy in one variant (and, for `multi_probe_hash`, one k).
#[derive(Clone, Debug)]
struct Row {
    kind: StrategyKind,
    variant: Variant,
    ring: RingFlavor,
    /// `multi_probe_hash`'s probes per key, when not the default.
    k: Option<u32>,
}

impl Row {
    fn all() -> Vec<Row> {
        let mut rows = Vec::new();
        for kind in StrategyKind::ALL {
            let row = |variant, ring| Row {
                kind,
                variant,
                ring,
                k: None,
            };
            rows.push(row(Variant::Corrected, RingFlavor::Fulcrum));
            if kind == StrategyKind::ConsistentHash {
                rows.push(row(Variant::Corrected, RingFlavor::Nginx));
            }
            if kind.has_seed_variant() {
                rows.push(row(Variant::Seed, RingFlavor::Fulcrum));
            }
            if kind == StrategyKind::MultiProbeHash {
                rows.extend(MULTI_PROBE_K.map(|k| Row {
                    k: Some(k),
                    ..row(Variant::Corrected, RingFlavor::Fulcrum)
                }));
            }
        }
        rows
    }

    fn config(&self) -> StrategyConfig {
        let mut config = StrategyConfig::new(self.kind);
        config.variant = self.variant;
        config.ring = self.ring;
        if let Some(k) = self.k {
            config.k = k;
        }
        config
    }

    fn variant_name(&self) -> &'static str {
        match (self.variant, self.ring) {
            (Variant::Seed, _) => Variant::Seed.name(),
            (Variant::Corrected, RingFlavor::Nginx) => "nginx",
            (Variant::Corrected, RingFlavor::Fulcrum) => "corrected",
        }
    }

    fn label(&self) -> String {
        match self.variant_name() {
            "corrected" => match self.k {
                Some(k) => format!("{} (k={k})", self.kind.name()),
                None => self.kind.name().to_string(),
            },
            "nginx" => format!("{} (nginx ring)", self.kind.name()),
            other => format!("{} ({other})", self.kind.name()),
        }
    }

    fn pick_cost(&self) -> &'static str {
        let info = self.kind.info();
        match self.variant {
            Variant::Seed => info.seed_pick_cost.unwrap_or(info.pick_cost),
            Variant::Corrected => info.pick_cost,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
struct Timing {
    n: usize,
    /// Nanoseconds per pick.
    pick_ns: f64,
    /// Nanoseconds per pick + request_started + request_finished.
    request_ns: f64,
    /// Picks in the batch that was timed.
    picks: u64,
}

/// Churn without the per-server list (that is `fulcrum route --remove`'s job).
#[derive(Clone, Debug, Serialize)]
struct ChurnSummary {
    keys: u64,
    moved_fraction: f64,
    /// Fraction of all keys that moved between two servers that both stayed.
    needless_fraction: f64,
    ideal: f64,
    failed_after: u64,
}

impl From<Churn> for ChurnSummary {
    fn from(c: Churn) -> Self {
        Self {
            keys: c.keys,
            moved_fraction: c.moved_fraction,
            needless_fraction: if c.keys > 0 {
                c.needless as f64 / c.keys as f64
            } else {
                0.0
            },
            ideal: c.ideal,
            failed_after: c.failed_after,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
struct Measured {
    strategy: &'static str,
    /// `corrected`, `tutorial`, or `nginx` (consistent_hash on nginx's ring).
    variant: &'static str,
    label: String,
    /// `multi_probe_hash`'s probes per key, on its rows with another k than the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<u32>,
    /// The cost per pick the strategy claims (`StrategyKind::info`).
    pick_cost: &'static str,
    timing: Vec<Timing>,
    imbalance_equal: Imbalance,
    imbalance_unequal: Imbalance,
    churn_remove: ChurnSummary,
    churn_add: ChurnSummary,
}

#[derive(Clone, Debug, Serialize)]
struct Report {
    parameters: Parameters,
    strategies: Vec<Measured>,
}

pub fn run(args: AnalyzeArgs) -> Result<(), CliError> {
    let parameters = Parameters::new(args.quick);
    let progress = std::io::stderr().is_terminal();
    let rows = Row::all();
    if progress {
        eprint!("\ranalyzing: imbalance and churn of {} rows", rows.len());
    }
    let spread = spread_and_churn(&rows, &parameters)?;
    let mut strategies = Vec::with_capacity(rows.len());
    for (i, (row, (imbalance, churn))) in rows.iter().zip(spread).enumerate() {
        if progress {
            eprint!(
                "\ranalyzing: timing {:>2}/{}: {:<48}",
                i + 1,
                rows.len(),
                row.label()
            );
        }
        let [imbalance_equal, imbalance_unequal] = imbalance;
        let [churn_remove, churn_add] = churn;
        strategies.push(Measured {
            strategy: row.kind.name(),
            variant: row.variant_name(),
            label: row.label(),
            k: row.k,
            pick_cost: row.pick_cost(),
            timing: timing(row, &parameters)?,
            imbalance_equal,
            imbalance_unequal,
            churn_remove,
            churn_add,
        });
    }
    if progress {
        eprint!("\r{:<80}\r", "");
    }
    let report = Report {
        parameters,
        strategies,
    };
    with_stdout(|out| match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(out, "{json}")
        }
        Format::Table => write_tables(out, &report, Style::Text),
        Format::Markdown => write_tables(out, &report, Style::Markdown),
    })
}

fn analysis_error(row: &Row, what: &str, e: impl std::fmt::Display) -> CliError {
    CliError(format!("analyzing {} ({what}): {e}", row.label()))
}

/// One clock-free measurement of one row.
#[derive(Clone, Copy)]
enum Task {
    Imbalance(Weights),
    Churn(bool),
}

enum Outcome {
    Imbalance(Imbalance),
    Churn(ChurnSummary),
}

type Spread = ([Imbalance; 2], [ChurnSummary; 2]);

/// Imbalance (equal and unequal weights) and churn (remove, add) of every row. These need no
/// clock and are independent, so they run on every core; each result depends only on its row
/// and the parameters, never on the order the threads take them in.
fn spread_and_churn(rows: &[Row], p: &Parameters) -> Result<Vec<Spread>, CliError> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const TASKS: [Task; 4] = [
        Task::Imbalance(Weights::Equal),
        Task::Imbalance(Weights::Cycle1To4),
        Task::Churn(true),
        Task::Churn(false),
    ];
    let run = |row: &Row, task: Task| -> Result<Outcome, CliError> {
        let config = row.config();
        match task {
            Task::Imbalance(weights) => imbalance(
                &config,
                generated_servers(p.imbalance_servers, weights),
                p.imbalance_keys,
                p.in_flight,
                p.seed,
            )
            .map(Outcome::Imbalance)
            .map_err(|e| analysis_error(row, "imbalance", e)),
            Task::Churn(remove) => {
                let servers = generated_servers(p.churn_servers, Weights::Equal);
                let change = if remove {
                    Membership::Remove(servers[p.churn_removed_index].id.clone())
                } else {
                    Membership::Add(generated_server(p.churn_servers, 1))
                };
                churn(&config, servers, &change, p.churn_keys, p.in_flight, p.seed)
                    .map(|c| Outcome::Churn(ChurnSummary::from(c)))
                    .map_err(|e| analysis_error(row, "churn", e))
            }
        }
    };
    let jobs: Vec<(usize, usize)> = (0..rows.len())
        .flat_map(|r| (0..TASKS.len()).map(move |t| (r, t)))
        .collect();
    let results: Mutex<Vec<Option<Result<Outcome, CliError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len()) {
            scope.spawn(|| {
                loop {
                    let j = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(r, t)) = jobs.get(j) else { break };
                    let outcome = run(&rows[r], TASKS[t]);
                    if let Ok(mut results) = results.lock() {
                        results[j] = Some(outcome);
                    }
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .map_err(|_| CliError("a measurement thread failed".into()))?
        .into_iter();
    let mut spread = Vec::with_capacity(rows.len());
    for _ in rows {
        let mut take = || {
            results
                .next()
                .flatten()
                .unwrap_or_else(|| Err(CliError("a measurement is missing".into())))
        };
        let (a, b, c, d) = (take()?, take()?, take()?, take()?);
        match (a, b, c, d) {
            (
                Outcome::Imbalance(equal),
                Outcome::Imbalance(unequal),
                Outcome::Churn(remove),
                Outcome::Churn(add),
            ) => spread.push(([equal, unequal], [remove, add])),
            _ => return Err(CliError("measurements came back out of order".into())),
        }
    }
    Ok(spread)
}

/// Time per pick and per request of one row at every size, one size after another.
fn timing(row: &Row, p: &Parameters) -> Result<Vec<Timing>, CliError> {
    let requests: Vec<Request> = (0..p.timing_requests as u64)
        .map(|i| {
            let mut r = keyed_request(i, &format!("/api/data/{i}"), None);
            r.client_ip.clear();
            analysis_ip(&mut r.client_ip, i);
            r
        })
        .collect();
    let target = Duration::from_micros(p.timing_target_us);
    let mut timing = Vec::with_capacity(p.timing_sizes.len());
    for &n in &p.timing_sizes {
        let mut balancer = Balancer::new(row.config(), generated_servers(n, Weights::Equal))
            .map_err(|e| analysis_error(row, "timing", e))?;
        let (pick_ns, picks) =
            time_per_op(target, |batch| pick_batch(&mut balancer, &requests, batch));
        let (request_ns, _) = time_per_op(target, |batch| {
            request_batch(&mut balancer, &requests, batch)
        });
        timing.push(Timing {
            n,
            pick_ns,
            request_ns,
            picks,
        });
    }
    Ok(timing)
}

/// Run `batch(k)` (which performs k operations) with k growing from 16 until one run takes at
/// least `target`, then twice more at that k; returns the fastest of the three runs in
/// nanoseconds per operation (the least disturbed by other processes), and k.
fn time_per_op(target: Duration, mut batch: impl FnMut(u64)) -> (f64, u64) {
    let mut timed = |k: u64| {
        let start = Instant::now();
        batch(k);
        start.elapsed()
    };
    timed(16); // warm up caches and lazily built state
    let mut k: u64 = 16;
    loop {
        let elapsed = timed(k);
        if elapsed >= target || k >= 1 << 34 {
            let best = [elapsed, timed(k), timed(k)]
                .into_iter()
                .min()
                .unwrap_or(elapsed);
            return (best.as_nanos() as f64 / k as f64, k);
        }
        // Jump close to the target at once when the batch was far too short, else double.
        let scale = if elapsed.is_zero() {
            16.0
        } else {
            (target.as_nanos() as f64 / elapsed.as_nanos() as f64 * 1.1).clamp(2.0, 16.0)
        };
        k = (k as f64 * scale) as u64;
    }
}

fn pick_batch(balancer: &mut Balancer, requests: &[Request], k: u64) {
    let mut rng = seeded(1);
    let mask = requests.len() - 1;
    for j in 0..k {
        let request = &requests[j as usize & mask];
        let _ = black_box(balancer.pick(black_box(request), &mut rng, 0));
    }
}

fn request_batch(balancer: &mut Balancer, requests: &[Request], k: u64) {
    let mut rng = seeded(1);
    let mask = requests.len() - 1;
    for j in 0..k {
        let request = &requests[j as usize & mask];
        let now = j * 1_000_000;
        if let Ok(server) = balancer.pick(black_box(request), &mut rng, now) {
            balancer.request_started(server);
            balancer.request_finished(server, 1.0, true, now + 1_000_000);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

/// Write one table: a header row and body rows; the first column left-aligned, the rest right.
fn write_table(
    out: &mut dyn Write,
    style: Style,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - cell.chars().count());
                if c == 0 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        match style {
            Style::Text => padded.join("  ").trim_end().to_string(),
            Style::Markdown => format!("| {} |", padded.join(" | ")),
        }
    };
    writeln!(out, "{}", line(header))?;
    match style {
        Style::Text => {
            let total = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            writeln!(out, "{}", "-".repeat(total))?;
        }
        Style::Markdown => {
            let rule: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, &w)| {
                    if c == 0 {
                        "-".repeat(w.max(3))
                    } else {
                        format!("{}:", "-".repeat(w.max(3) - 1))
                    }
                })
                .collect();
            writeln!(out, "| {} |", rule.join(" | "))?;
        }
    }
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ns(v: f64) -> String {
    if v < 100.0 {
        format!("{v:.1}")
    } else {
        thousands(v.round() as u64)
    }
}

fn percent(v: f64) -> String {
    format!("{:.2}%", 100.0 * v)
}

fn write_tables(out: &mut dyn Write, report: &Report, style: Style) -> std::io::Result<()> {
    write_timing(out, report, style)?;
    write_imbalance(out, report, style)?;
    write_churn(out, report, style)
}

fn heading(out: &mut dyn Write, style: Style, title: &str) -> std::io::Result<()> {
    match style {
        Style::Text => writeln!(out, "{title}\n"),
        Style::Markdown => writeln!(out, "#### {title}\n"),
    }
}

/// A strategy's label, its name as code in Markdown.
fn label(m: &Measured, style: Style) -> String {
    match style {
        Style::Text => m.label.clone(),
        Style::Markdown => format!("`{}`{}", m.strategy, &m.label[m.strategy.len()..]),
    }
}

/// The paragraph under a table.
fn note(out: &mut dyn Write, style: Style, text: &str) -> std::io::Result<()> {
    match style {
        Style::Text => writeln!(out, "{text}\n"),
        Style::Markdown => writeln!(out, "*{text}*\n"),
    }
}

/// The two timing tables: a pick alone, and a whole request.
fn write_timing(out: &mut dyn Write, report: &Report, style: Style) -> std::io::Result<()> {
    let p = &report.parameters;
    heading(out, style, "Time per pick (ns)")?;
    // One column per pool size timed.
    let size_columns = || {
        p.timing_sizes
            .iter()
            .map(|&n| format!("n = {}", thousands(n as u64)))
    };
    let mut header = vec!["strategy".to_string(), "claimed".to_string()];
    header.extend(size_columns());
    let rows: Vec<Vec<String>> = report
        .strategies
        .iter()
        .map(|m| {
            let mut r = vec![label(m, style), m.pick_cost.to_string()];
            r.extend(m.timing.iter().map(|t| ns(t.pick_ns)));
            r
        })
        .collect();
    write_table(out, style, &header, &rows)?;
    writeln!(out)?;
    note(
        out,
        style,
        &format!(
            "Balancer::pick alone, over {} requests with distinct keys, servers of weight 1; each \
             figure is the fastest of three batches of at least {} µs.",
            p.timing_requests, p.timing_target_us
        ),
    )?;

    heading(out, style, "Time per request: pick + start + finish (ns)")?;
    let mut header = vec!["strategy".to_string()];
    header.extend(size_columns());
    let rows: Vec<Vec<String>> = report
        .strategies
        .iter()
        .map(|m| {
            let mut r = vec![label(m, style)];
            r.extend(m.timing.iter().map(|t| ns(t.request_ns)));
            r
        })
        .collect();
    write_table(out, style, &header, &rows)?;
    writeln!(out)?;
    note(
        out,
        style,
        "Balancer::pick, request_started and request_finished (1 ms, success): what a proxy pays \
         per request with a load-aware strategy.",
    )
}

/// Each strategy's spread of keys, with equal and unequal weights.
fn write_imbalance(out: &mut dyn Write, report: &Report, style: Style) -> std::io::Result<()> {
    let p = &report.parameters;
    heading(
        out,
        style,
        &format!(
            "Load imbalance: {} keys over n = {} servers",
            thousands(p.imbalance_keys),
            p.imbalance_servers
        ),
    )?;
    let header: Vec<String> = [
        "strategy",
        "equal: max/mean",
        "equal: CV",
        "unequal: max/fair",
        "unequal: CV",
    ]
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<String>> = report
        .strategies
        .iter()
        .map(|m| {
            vec![
                label(m, style),
                format!("{:.3}", m.imbalance_equal.max_over_mean),
                format!("{:.3}", m.imbalance_equal.cv),
                format!("{:.3}", m.imbalance_unequal.max_over_mean),
                format!("{:.3}", m.imbalance_unequal.cv),
            ]
        })
        .collect();
    write_table(out, style, &header, &rows)?;
    writeln!(out)?;
    note(
        out,
        style,
        &format!(
            "Keys /api/data/0, /api/data/1, … as the path, client i from its own /24 \
             (1.0.0.1, 2.0.0.1, …; nginx's ip_hash reads three octets). Equal weights: {}; unequal: \
             {}, where each server's fair share is its weight's share and max/fair is the worst \
             server's load over its fair share. CV: root mean square of (load / fair share − 1). \
             {} requests stay in flight (1 ms each), so load-aware strategies see load.",
            p.equal_weights, p.unequal_weights, p.in_flight
        ),
    )
}

/// The keys each strategy moves when a server leaves or joins, against the ideal 1/n.
fn write_churn(out: &mut dyn Write, report: &Report, style: Style) -> std::io::Result<()> {
    let p = &report.parameters;
    let ideal_remove = 1.0 / p.churn_servers as f64;
    let ideal_add = 1.0 / (p.churn_servers + 1) as f64;
    heading(
        out,
        style,
        &format!(
            "Keys moved by one change: {} keys, n = {} servers",
            thousands(p.churn_keys),
            p.churn_servers
        ),
    )?;
    let header: Vec<String> = [
        "strategy",
        "remove: moved",
        "remove: needless",
        "add: moved",
        "add: needless",
    ]
    .map(String::from)
    .to_vec();
    let failed = |c: &ChurnSummary| {
        if c.failed_after > 0 {
            format!(" ({} failed)", thousands(c.failed_after))
        } else {
            String::new()
        }
    };
    let mut rows: Vec<Vec<String>> = report
        .strategies
        .iter()
        .map(|m| {
            vec![
                label(m, style),
                format!(
                    "{}{}",
                    percent(m.churn_remove.moved_fraction),
                    failed(&m.churn_remove)
                ),
                percent(m.churn_remove.needless_fraction),
                format!(
                    "{}{}",
                    percent(m.churn_add.moved_fraction),
                    failed(&m.churn_add)
                ),
                percent(m.churn_add.needless_fraction),
            ]
        })
        .collect();
    rows.push(vec![
        "ideal (1/n)".to_string(),
        percent(ideal_remove),
        percent(0.0),
        percent(ideal_add),
        percent(0.0),
    ]);
    write_table(out, style, &header, &rows)?;
    writeln!(out)?;
    note(
        out,
        style,
        &format!(
            "The same balancer routes the keys, loses the server at position {} (or gains {}), \
             and routes them again. Needless: keys that moved between two servers that both \
             stayed. Strategies without keys (round robin, random, least loaded) keep no \
             affinity, so most of their keys move.",
            p.churn_removed_index, p.churn_added
        ),
    )
}
