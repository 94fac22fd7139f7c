//! Exports: the distribution table and the seed's statistics as CSV and JSON, and a run's event
//! trace as JSON, for the playground's "Export" menu.
//!
//! CSV follows RFC 4180: comma-separated, CRLF line ends, a field quoted (quotes doubled) when
//! it holds a comma, a quote, a line break or leading/trailing spaces. A text field that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet does
//! not run a server id as a formula (OWASP's advice on CSV injection); numbers are written as
//! they are. Numbers are the shortest decimal that reads back exactly, as serde_json writes them,
//! so CSV and JSON agree digit for digit; a non-finite number is an empty CSV field.
//!
//! The statistics use the seed's `get_stats()` field names (`total_requests`, …,
//! `server_details[].connection_utilization`), from the simulator's report
//! ([`crate::sim::stats::SeedStats`]) or a live balancer ([`Stats`]). The trace keeps at most
//! [`MAX_TRACE_EVENTS`] events (the newest) and says how many it left out.

#![warn(missing_docs)]

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::{Pool, ServerDetail, Stats};
use crate::sim::events::SimEvent;
use crate::sim::stats::{RunReport, SeedStats};

use super::permalink::Link;

/// Events a trace export holds at most (the newest are kept).
pub const MAX_TRACE_EVENTS: usize = 10_000;

/// One row of the distribution table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DistributionRow {
    /// The server's id.
    pub server: String,
    /// Its host:port.
    pub endpoint: String,
    /// Its weight.
    pub weight: u32,
    /// Requests it was sent (attempts, retries included).
    pub requests: u64,
    /// Fraction of all requests.
    pub share: f64,
    /// The server's weight over the total weight.
    pub expected_share: f64,
    /// `share − expected_share`.
    pub deviation: f64,
}

/// The distribution table: per server, requests, share, expected share by weight, deviation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distribution {
    /// The scenario's (or preset run's) name.
    pub scenario: String,
    /// The strategy's label.
    pub strategy: String,
    /// The run's seed.
    pub seed: u64,
    /// Requests over every server.
    pub requests: u64,
    /// One row per server.
    pub servers: Vec<DistributionRow>,
}

impl Distribution {
    /// The table of a finished simulation run (requests are attempts, as the report counts).
    pub fn from_report(report: &RunReport) -> Self {
        let servers = report
            .servers
            .iter()
            .map(|s| DistributionRow {
                server: s.id.clone(),
                endpoint: s.endpoint.clone(),
                weight: s.weight,
                requests: s.requests,
                share: s.share,
                expected_share: s.weight_share,
                deviation: s.share - s.weight_share,
            })
            .collect();
        Self {
            scenario: report.scenario.clone(),
            strategy: report.strategy.clone(),
            seed: report.seed,
            requests: report.servers.iter().map(|s| s.requests).sum(),
            servers,
        }
    }

    /// The table of a live pool and the requests each of its servers received (`counts[i]` for
    /// `pool.servers()[i]`; missing counts are 0).
    pub fn from_pool(
        scenario: &str,
        strategy: &str,
        seed: u64,
        pool: &Pool,
        counts: &[u64],
    ) -> Self {
        let total: u64 = pool
            .servers()
            .iter()
            .enumerate()
            .map(|(i, _)| counts.get(i).copied().unwrap_or(0))
            .sum();
        let total_weight: u64 = pool.servers().iter().map(|s| u64::from(s.weight)).sum();
        let servers = pool
            .servers()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let requests = counts.get(i).copied().unwrap_or(0);
                let share = ratio(requests, total);
                let expected_share = ratio(u64::from(s.weight), total_weight);
                DistributionRow {
                    server: s.id.clone(),
                    endpoint: s.endpoint(),
                    weight: s.weight,
                    requests,
                    share,
                    expected_share,
                    deviation: share - expected_share,
                }
            })
            .collect();
        Self {
            scenario: scenario.to_string(),
            strategy: strategy.to_string(),
            seed,
            requests: total,
            servers,
        }
    }

    /// One header line, one line per server.
    pub fn to_csv(&self) -> String {
        let mut csv = Csv::default();
        csv.text_row(&[
            "server",
            "endpoint",
            "weight",
            "requests",
            "share",
            "expected_share",
            "deviation",
        ]);
        for r in &self.servers {
            csv.text(&r.server);
            csv.text(&r.endpoint);
            csv.number(r.weight);
            csv.number(r.requests);
            csv.real(r.share);
            csv.real(r.expected_share);
            csv.real(r.deviation);
            csv.end_row();
        }
        csv.out
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        pretty(self)
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The seed's `get_stats()`, from the simulator's report or from a live balancer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StatsView<'a> {
    /// Requests answered so far.
    pub total_requests: u64,
    /// Of them, the successful.
    pub successful_requests: u64,
    /// Of them, the failed.
    pub failed_requests: u64,
    /// Seconds, over successful requests.
    pub average_response_time: f64,
    /// Servers in the pool.
    pub total_servers: usize,
    /// Of them, the healthy.
    pub healthy_servers: usize,
    /// Each server as the tutorial's `get_stats()` describes it.
    pub server_details: &'a [ServerDetail],
}

impl<'a> From<&'a SeedStats> for StatsView<'a> {
    fn from(s: &'a SeedStats) -> Self {
        Self {
            total_requests: s.total_requests,
            successful_requests: s.successful_requests,
            failed_requests: s.failed_requests,
            average_response_time: s.average_response_time,
            total_servers: s.total_servers,
            healthy_servers: s.healthy_servers,
            server_details: &s.server_details,
        }
    }
}

impl<'a> From<&'a Stats> for StatsView<'a> {
    fn from(s: &'a Stats) -> Self {
        Self {
            total_requests: s.total_requests,
            successful_requests: s.successful_requests,
            failed_requests: s.failed_requests,
            average_response_time: s.average_response_time,
            total_servers: s.total_servers,
            healthy_servers: s.healthy_servers,
            server_details: &s.server_details,
        }
    }
}

/// The seed's `get_stats()` totals, by name, in its order (the statistics panel and the CSV).
pub const STATS_FIELDS: [&str; 6] = [
    "total_requests",
    "successful_requests",
    "failed_requests",
    "average_response_time",
    "total_servers",
    "healthy_servers",
];

/// The seed's `server_details` entries' fields, in its order.
pub const SERVER_DETAIL_FIELDS: [&str; 6] = [
    "id",
    "endpoint",
    "status",
    "current_connections",
    "average_response_time",
    "connection_utilization",
];

impl StatsView<'_> {
    /// Two tables separated by an empty line, as `get_stats()` nests `server_details`: the
    /// totals (one header line, one line of values), then one line per server.
    pub fn to_csv(&self) -> String {
        let mut csv = Csv::default();
        csv.text_row(&STATS_FIELDS);
        csv.number(self.total_requests);
        csv.number(self.successful_requests);
        csv.number(self.failed_requests);
        csv.real(self.average_response_time);
        csv.number(self.total_servers);
        csv.number(self.healthy_servers);
        csv.end_row();
        csv.out.push_str("\r\n");
        csv.out.push_str(&self.server_details_csv());
        csv.out
    }

    /// `server_details` alone: one header line, one line per server.
    pub fn server_details_csv(&self) -> String {
        let mut csv = Csv::default();
        csv.text_row(&SERVER_DETAIL_FIELDS);
        for d in self.server_details {
            csv.text(&d.id);
            csv.text(&d.endpoint);
            csv.text(d.status.as_str());
            csv.number(d.current_connections);
            csv.real(d.average_response_time);
            csv.real(d.connection_utilization);
            csv.end_row();
        }
        csv.out
    }

    /// Pretty JSON with a final newline, field for field as `get_stats()` returns it.
    pub fn to_json(&self) -> String {
        pretty(self)
    }
}

/// What a trace export says about the run it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceHeader {
    /// The scenario's (or preset run's) name.
    pub scenario: String,
    /// The strategy's label.
    pub strategy: String,
    /// The run's seed.
    pub seed: u64,
    /// The permalink query that reproduces the run.
    pub settings: String,
}

impl TraceHeader {
    /// The header of a trace of the run `settings` describe.
    pub fn new(settings: &Link) -> Self {
        Self {
            scenario: settings
                .preset_run()
                .map_or_else(|| settings.preset.to_string(), |r| r.name),
            strategy: crate::sim::strategy_label(&settings.strategy_config()),
            seed: settings.seed,
            settings: settings.to_query(),
        }
    }
}

/// A run's event trace as JSON: the header, how many events there were (`events_total`,
/// counting `dropped_before`, those the caller's buffer had already dropped) and how many are
/// left out, then the newest [`MAX_TRACE_EVENTS`] events, one per line, oldest first.
pub fn trace_json(header: &TraceHeader, events: &[SimEvent], dropped_before: u64) -> String {
    let kept = &events[events.len().saturating_sub(MAX_TRACE_EVENTS)..];
    let omitted = dropped_before.saturating_add((events.len() - kept.len()) as u64);
    let mut out = String::from("{\n  \"format\": \"fulcrum-trace\",\n  \"version\": 1,\n");
    let _ = writeln!(out, "  \"scenario\": {},", compact(&header.scenario));
    let _ = writeln!(out, "  \"strategy\": {},", compact(&header.strategy));
    let _ = writeln!(out, "  \"seed\": {},", header.seed);
    let _ = writeln!(out, "  \"settings\": {},", compact(&header.settings));
    let _ = writeln!(
        out,
        "  \"events_total\": {},",
        omitted.saturating_add(kept.len() as u64)
    );
    let _ = writeln!(out, "  \"events_omitted\": {omitted},");
    out.push_str("  \"events\": [");
    for (i, event) in kept.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&compact(event));
    }
    out.push_str(if kept.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

/// Compact JSON (`null` for what serde cannot write, which none of the exports hold).
fn compact<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// A file name for an export: `fulcrum-{preset}-{strategy}[-tutorial]-seed{n}-{what}.{ext}`
/// (`-tutorial` for the code as the tutorial wrote it, `seed{n}` the random seed), of letters,
/// digits, `-`, `_` and `.` only.
pub fn file_name(settings: &Link, what: &str, ext: &str) -> String {
    let variant = if settings.strategy_config().variant == crate::engine::Variant::Seed {
        "-tutorial"
    } else {
        ""
    };
    let raw = format!(
        "fulcrum-{}-{}{variant}-seed{}-{what}.{ext}",
        settings.preset,
        settings.strategy.name(),
        settings.seed
    );
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn pretty(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

/// An RFC 4180 writer.
#[derive(Default)]
struct Csv {
    out: String,
    /// A field was written on the current line.
    open: bool,
}

impl Csv {
    fn separate(&mut self) {
        if self.open {
            self.out.push(',');
        }
        self.open = true;
    }

    fn text(&mut self, field: &str) {
        self.separate();
        let guarded;
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        let quote = field.contains([',', '"', '\r', '\n'])
            || field.starts_with(' ')
            || field.ends_with(' ');
        if quote {
            self.out.push('"');
            self.out.push_str(&field.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(field);
        }
    }

    fn number(&mut self, n: impl std::fmt::Display) {
        self.separate();
        let _ = write!(self.out, "{n}");
    }

    /// The shortest decimal that reads back exactly (in serde_json's form), empty when
    /// not finite.
    fn real(&mut self, x: f64) {
        self.separate();
        if x.is_finite() {
            // JSON's form of the number, so both files agree digit for digit.
            self.out
                .push_str(&serde_json::to_string(&(x + 0.0)).unwrap_or_default());
        }
    }

    fn text_row(&mut self, fields: &[&str]) {
        for f in fields {
            self.text(f);
        }
        self.end_row();
    }

    fn end_row(&mut self) {
        self.out.push_str("\r\n");
        self.open = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Server, Status};
    use crate::sim::Simulation;

    fn seed_demo_round_robin() -> (Link, RunReport) {
        let (settings, notes) = Link::from_query("preset=seed-demo&strategy=round_robin");
        assert!(notes.is_empty());
        let report = Simulation::with_strategy(
            &settings.scenario(),
            &settings.strategy_config(),
            settings.seed,
        )
        .unwrap()
        .run();
        (settings, report)
    }

    #[test]
    fn the_distribution_of_the_seed_demo_as_csv_and_json() {
        let (_, report) = seed_demo_round_robin();
        let d = Distribution::from_report(&report);
        assert_eq!(
            d.to_csv(),
            "server,endpoint,weight,requests,share,expected_share,deviation\r\n\
             server1,localhost:8001,1,5,0.25,0.14285714285714285,0.10714285714285715\r\n\
             server2,localhost:8002,2,5,0.25,0.2857142857142857,-0.0357142857142857\r\n\
             server3,localhost:8003,1,5,0.25,0.14285714285714285,0.10714285714285715\r\n\
             server4,localhost:8004,3,5,0.25,0.42857142857142855,-0.17857142857142855\r\n"
        );
        let json = d.to_json();
        assert!(json.starts_with(
            "{\n  \"scenario\": \"tutorial-demo\",\n  \"strategy\": \"round_robin\",\n  \"seed\": 1,\n  \"requests\": 20,\n  \"servers\": [\n    {\n      \"server\": \"server1\",\n      \"endpoint\": \"localhost:8001\",\n      \"weight\": 1,\n      \"requests\": 5,\n      \"share\": 0.25,\n      \"expected_share\": 0.14285714285714285,\n      \"deviation\": 0.10714285714285715\n    },\n"
        ), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["servers"][3]["deviation"], -0.17857142857142855);
    }

    #[test]
    fn the_seeds_stats_as_csv_and_json_with_its_field_names() {
        let (_, report) = seed_demo_round_robin();
        let view = StatsView::from(&report.stats);
        let csv = view.to_csv();
        assert_eq!(
            csv,
            "total_requests,successful_requests,failed_requests,average_response_time,total_servers,healthy_servers\r\n\
             20,20,0,0.01,4,4\r\n\
             \r\n\
             id,endpoint,status,current_connections,average_response_time,connection_utilization\r\n\
             server1,localhost:8001,healthy,0,0.01,0.0\r\n\
             server2,localhost:8002,healthy,0,0.01,0.0\r\n\
             server3,localhost:8003,healthy,0,0.01,0.0\r\n\
             server4,localhost:8004,healthy,0,0.01,0.0\r\n"
        );
        let json: serde_json::Value = serde_json::from_str(&view.to_json()).unwrap();
        let fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            fields,
            [
                "average_response_time",
                "failed_requests",
                "healthy_servers",
                "server_details",
                "successful_requests",
                "total_requests",
                "total_servers"
            ]
        );
        assert_eq!(
            json["server_details"][0],
            serde_json::json!({"id": "server1", "endpoint": "localhost:8001", "status": "healthy",
                "current_connections": 0, "average_response_time": 0.01, "connection_utilization": 0.0})
        );
        // The simulator's and a live balancer's stats export the same way.
        assert_eq!(
            serde_json::to_value(&report.stats).unwrap(),
            serde_json::to_value(view).unwrap()
        );
    }

    #[test]
    fn a_live_pool_and_balancer_export_too() {
        let servers = vec![
            Server::new("=cmd|' /C calc'!A0", "a,b", 80, 1),
            Server::new("say \"hi\"", "h", 81, 3),
            Server::new(" padded", "p", 82, 0),
        ];
        let mut balancer = crate::engine::Balancer::new(
            crate::engine::StrategyConfig::new(crate::engine::StrategyKind::RoundRobin),
            servers,
        )
        .unwrap();
        balancer.set_status(2, Status::Maintenance).unwrap();
        let d = Distribution::from_pool("live", "round_robin", 7, balancer.pool(), &[3, 1]);
        assert_eq!(
            d.to_csv(),
            "server,endpoint,weight,requests,share,expected_share,deviation\r\n\
             '=cmd|' /C calc'!A0,\"a,b:80\",1,3,0.75,0.25,0.5\r\n\
             \"say \"\"hi\"\"\",h:81,3,1,0.25,0.75,-0.5\r\n\
             \" padded\",p:82,0,0,0.0,0.0,0.0\r\n"
        );
        let stats = balancer.stats();
        let csv = StatsView::from(&stats).server_details_csv();
        assert!(
            csv.ends_with("\" padded\",p:82,maintenance,0,0.0,0.0\r\n"),
            "{csv}"
        );
        let empty = Distribution::from_pool("live", "x", 0, balancer.pool(), &[]);
        assert!(
            empty
                .servers
                .iter()
                .all(|r| r.share == 0.0 && r.requests == 0)
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_guarded() {
        let mut csv = Csv::default();
        for f in [
            "plain",
            "a,b",
            "line\nbreak",
            "cr\r",
            "q\"uote",
            "-1",
            "+x",
            "@sum",
            "\tx",
            "",
            "=1,2",
        ] {
            csv.text(f);
        }
        csv.real(f64::NAN);
        csv.real(-0.0);
        csv.real(1e21);
        csv.real(1e-7);
        csv.end_row();
        assert_eq!(
            csv.out,
            "plain,\"a,b\",\"line\nbreak\",\"cr\r\",\"q\"\"uote\",'-1,'+x,'@sum,'\tx,,\"'=1,2\",,0.0,1e+21,1e-7\r\n"
        );
    }

    #[test]
    fn an_event_trace_is_bounded_json() {
        let (settings, _) = seed_demo_round_robin();
        let mut sim = Simulation::with_strategy(
            &settings.scenario(),
            &settings.strategy_config(),
            settings.seed,
        )
        .unwrap();
        sim.record_events(1000, true);
        sim.run_requests(2);
        let events = sim.take_events();
        let header = TraceHeader::new(&settings);
        let json = trace_json(&header, &events[..3], 0);
        assert_eq!(
            json,
            "{\n  \"format\": \"fulcrum-trace\",\n  \"version\": 1,\n  \"scenario\": \"tutorial-demo\",\n  \"strategy\": \"round_robin\",\n  \"seed\": 1,\n  \"settings\": \"preset=tutorial-demo&strategy=round_robin&seed=1\",\n  \"events_total\": 3,\n  \"events_omitted\": 0,\n  \"events\": [\n    {\"event\":\"request_sent\",\"t_ns\":0,\"request\":0,\"balancer\":0,\"method\":\"GET\",\"path\":\"/api/data/0\",\"client_ip\":\"192.168.1.0\"},\n    {\"event\":\"picked\",\"t_ns\":0,\"request\":0,\"attempt\":0,\"balancer\":0,\"server\":0,\"pool_index\":0,\"steps\":[{\"step\":\"cursor\",\"position\":0,\"of\":4,\"next\":1},{\"step\":\"chosen\",\"server\":0}]},\n    {\"event\":\"started\",\"t_ns\":0,\"request\":0,\"attempt\":0,\"server\":0}\n  ]\n}\n"
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["events"].as_array().unwrap().len(), 3);
        // Bounded: the newest MAX_TRACE_EVENTS are kept, the rest counted.
        let many: Vec<SimEvent> = (0..MAX_TRACE_EVENTS as u64 + 5)
            .map(|t| SimEvent::NoServer {
                t_ns: t,
                request: t,
                balancer: 0,
            })
            .collect();
        let v: serde_json::Value = serde_json::from_str(&trace_json(&header, &many, 100)).unwrap();
        assert_eq!(v["events"].as_array().unwrap().len(), MAX_TRACE_EVENTS);
        assert_eq!(v["events"][0]["t_ns"], 5);
        assert_eq!(v["events_omitted"], 105);
        assert_eq!(v["events_total"], MAX_TRACE_EVENTS as u64 + 105);
        assert_eq!(trace_json(&header, &[], 0).lines().last(), Some("}"));
        assert!(serde_json::from_str::<serde_json::Value>(&trace_json(&header, &[], 0)).is_ok());
    }

    #[test]
    fn file_names_are_safe() {
        let (s, _) = Link::from_query("preset=hot-key&strategy=url_hash&variant=seed&seed=42");
        assert_eq!(
            file_name(&s, "distribution", "csv"),
            "fulcrum-hot-key-url_hash-tutorial-seed42-distribution.csv"
        );
        assert_eq!(
            file_name(&Link::default(), "a/b c", "json"),
            "fulcrum-tutorial-demo-round_robin-seed1-a_b_c.json"
        );
    }
}
