//! The message API between an embedded view and the page that frames it (`window.postMessage`),
//! as plain data: the commands a host page sends, read from a JSON-like value and checked here
//! (so a bad one gets an `error` reply that says why), and the events sent back, serde structs
//! that the browser side turns into plain objects with serde-wasm-bindgen. www/embed.html
//! documents it for documentation writers.
//!
//! Commands: `play`, `pause`, `step`, `reset`, `set` (`strategy`, `variant`, `preset`, named as
//! the CLI and the link name them), `subscribe` / `unsubscribe` (`events`: `pick`, `stats`).
//! Events: `ready` (once, on start), `stats` (on by default), `pick` (opt-in), `error`. The
//! [`Outbox`] rate-limits them: statistics at most every [`STATS_EVERY_MS`] and only when they
//! changed, picks at most [`PICKS_PER_TICK`] a tick, the ones left out counted.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

use super::live::Command;
use super::snapshot::{ServerRow, Totals};
use crate::engine::{StrategyKind, Variant};
use crate::share::permalink::{Link, View};

/// The protocol's version, in `ready`: a host can tell what it talks to.
pub const PROTOCOL: u32 = 1;
/// Real ms between two `stats` events at most (4 a second).
pub const STATS_EVERY_MS: f64 = 250.0;
/// Picks sent in one tick of the outbox at most.
pub const PICKS_PER_TICK: usize = 32;
/// Picks kept waiting for the next tick at most (older ones are counted as missed).
pub const PICKS_QUEUED: usize = 256;

/// The commands a host page may send, in the order `ready` lists them.
pub const COMMANDS: [&str; 7] = [
    "play",
    "pause",
    "step",
    "reset",
    "set",
    "subscribe",
    "unsubscribe",
];

/// A command from the page around the embed.
#[derive(Clone, Debug, PartialEq)]
pub enum HostCommand {
    /// Run the simulation.
    Play,
    /// Stop the clock.
    Pause,
    /// One request (in the lookup view: the lookup's next step).
    Step,
    /// The run from its start, live actions dropped.
    Reset,
    /// Change the preset, the strategy or its code.
    Set(SetCommand),
    /// Start sending these event streams.
    Subscribe(Vec<Feed>),
    /// Stop sending these event streams.
    Unsubscribe(Vec<Feed>),
}

/// `set`: any of a preset, a strategy and its code, applied in that order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetCommand {
    /// A preset's name, from [`crate::scenario::PRESETS`].
    pub preset: Option<&'static str>,
    /// A strategy by its snake_case name.
    pub strategy: Option<StrategyKind>,
    /// The corrected strategy or the tutorial's code.
    pub variant: Option<Variant>,
}

/// An event stream a host may subscribe to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Feed {
    /// `pick` events: each request's server, opt-in.
    Pick,
    /// `stats` events: the run's counts, on by default.
    Stats,
}

impl Feed {
    fn from_name(name: &str) -> Option<Feed> {
        match name {
            "pick" | "picks" => Some(Feed::Pick),
            "stats" => Some(Feed::Stats),
            _ => None,
        }
    }
}

/// Longest text of a host's command quoted back in an error.
const QUOTE_CHARS: usize = 40;

/// `text` shortened for an error message.
fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().count() > QUOTE_CHARS {
        out.push('…');
    }
    format!("\"{out}\"")
}

impl HostCommand {
    /// Read a command: `{type: "play"}`, … or the bare string `"play"`. The error is the
    /// `message` of the `error` reply.
    pub fn from_value(value: &Value) -> Result<HostCommand, String> {
        let (name, fields) = match value {
            Value::String(name) => (name.as_str(), None),
            Value::Object(map) => match map.get("type") {
                Some(Value::String(name)) => (name.as_str(), Some(map)),
                Some(_) => return Err("\"type\" must be a string".into()),
                None => return Err("a command needs a \"type\", e.g. {type: \"play\"}".into()),
            },
            _ => return Err("a command is an object such as {type: \"play\"}".into()),
        };
        let field = |key: &str| fields.and_then(|m| m.get(key));
        match name {
            "play" => Ok(HostCommand::Play),
            "pause" => Ok(HostCommand::Pause),
            "step" => Ok(HostCommand::Step),
            "reset" => Ok(HostCommand::Reset),
            "set" => read_set(&field).map(HostCommand::Set),
            "subscribe" => read_feeds(field("events")).map(HostCommand::Subscribe),
            "unsubscribe" => read_feeds(field("events")).map(HostCommand::Unsubscribe),
            other => Err(format!(
                "unknown command {}; the commands are {}",
                quote(other),
                COMMANDS.join(", ")
            )),
        }
    }

    /// What the command asks of the running simulation (`subscribe` and `unsubscribe` ask
    /// nothing of it).
    pub fn commands(&self) -> Vec<Command> {
        match self {
            HostCommand::Play => vec![Command::Play],
            HostCommand::Pause => vec![Command::Pause],
            HostCommand::Step => vec![Command::Step],
            HostCommand::Reset => vec![Command::Reset],
            HostCommand::Set(set) => {
                let mut out = Vec::new();
                out.extend(set.preset.map(|p| Command::Preset(p.to_string())));
                out.extend(
                    set.strategy
                        .map(|k| Command::Strategy(k.name().to_string())),
                );
                out.extend(set.variant.map(Command::Variant));
                // Then the run starts afresh: a page comparing strategies reads each one's
                // counters from 0, not the last one's carried over (the page's own controls
                // replay the run to the same moment instead).
                out.push(Command::Reset);
                out
            }
            HostCommand::Subscribe(_) | HostCommand::Unsubscribe(_) => Vec::new(),
        }
    }
}

/// `set`'s fields, read as the link reads them (the same names and aliases, the same checks).
fn read_set<'a>(field: &dyn Fn(&str) -> Option<&'a Value>) -> Result<SetCommand, String> {
    let mut query = Vec::new();
    for key in ["preset", "strategy", "variant"] {
        match field(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(v)) => query.push(format!(
                "{key}={}",
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )),
            Some(_) => return Err(format!("\"{key}\" must be a string")),
        }
    }
    if query.is_empty() {
        return Err("set needs a \"strategy\", a \"variant\" or a \"preset\"".into());
    }
    let (link, notes) = Link::from_query(&query.join("&"));
    if let Some(note) = notes.first() {
        return Err(format!(
            "{} {} is not one the playground knows",
            note.param,
            quote(&note.value)
        ));
    }
    let given = |key: &str| matches!(field(key), Some(Value::String(_)));
    Ok(SetCommand {
        preset: given("preset").then_some(link.preset),
        strategy: given("strategy").then_some(link.strategy),
        variant: given("variant").then_some(link.variant),
    })
}

/// `events`: one name or a list of them.
fn read_feeds(value: Option<&Value>) -> Result<Vec<Feed>, String> {
    let names: Vec<&Value> = match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::String(_)) => vec![one],
        _ => return Err("\"events\" must list \"pick\" and/or \"stats\"".into()),
    };
    names
        .into_iter()
        .map(|v| {
            v.as_str()
                .and_then(Feed::from_name)
                .ok_or_else(|| format!("unknown event {}; the events are pick, stats", v))
        })
        .collect()
}

/// An event sent to the host page; `type` names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum HostEvent {
    /// Sent once, when the embed listens.
    Ready(Ready),
    /// A request was given a server.
    Pick(PickEvent),
    /// The run's counts changed.
    Stats(Stats),
    /// A command could not be used.
    Error {
        /// Why, in English (a message for the host page's developer).
        message: String,
    },
}

/// `ready`: the embed listens; what it shows and what it understands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ready {
    /// [`PROTOCOL`].
    pub protocol: u32,
    /// The view shown (`view=` names).
    pub view: &'static str,
    /// The preset running.
    pub preset: &'static str,
    /// The strategy's snake_case name.
    pub strategy: &'static str,
    /// Corrected or the tutorial's code.
    pub variant: Variant,
    /// The commands understood ([`COMMANDS`]).
    pub commands: [&'static str; 7],
    /// The event streams a host may subscribe to.
    pub events: [&'static str; 2],
    /// The streams on from the start.
    pub subscribed: Vec<Feed>,
}

impl Ready {
    /// The `ready` event for what the embed shows.
    pub fn new(view: View, preset: &'static str, strategy: StrategyKind, variant: Variant) -> Self {
        Self {
            protocol: PROTOCOL,
            view: view.name(),
            preset,
            strategy: strategy.name(),
            variant,
            commands: COMMANDS,
            events: ["pick", "stats"],
            subscribed: Feeds::default().list(),
        }
    }
}

/// `pick`: a request given a server (or none: `server` null, the balancer answered itself).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PickEvent {
    /// The request's number in the run, from 0.
    pub request: u64,
    /// 0 for the first try, then each retry.
    pub attempt: u32,
    /// The chosen server's id; null when no server was eligible (503).
    pub server: Option<String>,
    /// The strategy's label ("round_robin", "consistent_hash (seed)").
    pub strategy: String,
    /// Simulated time, ms.
    pub t_ms: f64,
    /// Picks left out just before this one (the rate limit).
    pub missed: u64,
}

/// `stats`: the run so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Simulated time, ms.
    pub t_ms: f64,
    /// The strategy's label.
    pub strategy: String,
    /// Requests ended so far.
    pub requests: u64,
    /// Of those, the successful.
    pub ok: u64,
    /// Of those, the failed.
    pub failed: u64,
    /// Requests sent and not yet ended.
    pub in_flight: u64,
    /// Over the whole run, ms.
    pub latency_ms: Percentiles,
    /// Per server, in scenario order.
    pub servers: Vec<ServerStats>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
/// End-to-end latency percentiles of successful requests, in ms.
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// The slowest.
    pub max: f64,
}

/// One server's counts and its latest latencies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerStats {
    /// The server's id.
    pub id: String,
    /// Its weight now.
    pub weight: u32,
    /// Its status (`healthy`, `unhealthy`, `overloaded`, `maintenance`).
    pub status: &'static str,
    /// Attempts sent to it.
    pub requests: u64,
    /// Of those, the successful.
    pub ok: u64,
    /// Of those, the failed.
    pub failed: u64,
    /// Its part of all requests, 0..=1.
    pub share: f64,
    /// Requests in flight to it, over every balancer.
    pub connections: u32,
    /// Mean and p95 of its last successful responses, ms (null before its first): failures
    /// are counted apart, so failing fast never looks fast.
    pub avg_ms: Option<f64>,
    /// See `avg_ms`.
    pub p95_ms: Option<f64>,
}

impl Stats {
    /// The statistics of a run at simulated `t_ms`: its totals and each server's row, taken at
    /// the same moment (`Live::host_stats`).
    pub fn new(t_ms: f64, strategy: String, t: &Totals, servers: &[ServerRow]) -> Self {
        Self {
            t_ms,
            strategy,
            requests: t.total_requests,
            ok: t.successful_requests,
            failed: t.failed_requests,
            in_flight: t.in_flight,
            latency_ms: Percentiles {
                p50: t.p50,
                p95: t.p95,
                p99: t.p99,
                max: t.max,
            },
            servers: servers.iter().map(ServerStats::of).collect(),
        }
    }

    /// The same counts (the clock aside): nothing new to tell.
    fn same_counts(&self, other: &Stats) -> bool {
        Stats {
            t_ms: other.t_ms,
            ..self.clone()
        } == *other
    }
}

impl ServerStats {
    fn of(row: &ServerRow) -> Self {
        Self {
            id: row.id.clone(),
            weight: row.weight,
            status: row.status.as_str(),
            requests: row.requests,
            ok: row.ok,
            failed: row.failed,
            share: row.share,
            connections: row.connections,
            avg_ms: row.latency.ok.map(|l| l[0]),
            p95_ms: row.latency.ok.map(|l| l[2]),
        }
    }
}

/// Which streams the host receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Feeds {
    /// Send `pick` events.
    pub picks: bool,
    /// Send `stats` events.
    pub stats: bool,
}

impl Default for Feeds {
    /// Statistics on (at most four a second), picks opt-in.
    fn default() -> Self {
        Self {
            picks: false,
            stats: true,
        }
    }
}

impl Feeds {
    /// Turn `feeds` on or off.
    pub fn set(&mut self, feeds: &[Feed], on: bool) {
        for feed in feeds {
            match feed {
                Feed::Pick => self.picks = on,
                Feed::Stats => self.stats = on,
            }
        }
    }

    /// The streams on, in [`Feed`] order (for `ready`).
    pub fn list(&self) -> Vec<Feed> {
        let mut out = Vec::new();
        if self.picks {
            out.push(Feed::Pick);
        }
        if self.stats {
            out.push(Feed::Stats);
        }
        out
    }
}

/// Picks waiting to be sent: at most [`PICKS_QUEUED`], older ones counted as missed.
#[derive(Debug, Default)]
pub struct PickFeed {
    queue: VecDeque<PickEvent>,
    missed: u64,
}

impl PickFeed {
    /// Queue a pick, dropping the oldest (counted as missed) when [`PICKS_QUEUED`] wait.
    pub fn push(&mut self, pick: PickEvent) {
        if self.queue.len() == PICKS_QUEUED {
            self.queue.pop_front();
            self.missed += 1;
        }
        self.queue.push_back(pick);
    }

    /// Up to `max` picks, oldest first; the first says how many were missed before it.
    pub fn take(&mut self, max: usize) -> Vec<PickEvent> {
        let n = max.min(self.queue.len());
        let mut out: Vec<PickEvent> = self.queue.drain(..n).collect();
        if let Some(first) = out.first_mut() {
            first.missed = std::mem::take(&mut self.missed);
        }
        out
    }

    /// Drop what waits, counting it as missed (a tick sends the newest picks, not a backlog).
    pub fn skip_backlog(&mut self) {
        self.missed += self.queue.len() as u64;
        self.queue.clear();
    }
}

/// What goes to the host page each tick, rate-limited: statistics when they changed and at
/// most every [`STATS_EVERY_MS`], picks only when subscribed, at most [`PICKS_PER_TICK`].
#[derive(Debug, Default)]
pub struct Outbox {
    /// The streams the host subscribed to.
    pub feeds: Feeds,
    last_stats: Option<(f64, Stats)>,
}

impl Outbox {
    /// Apply `subscribe` or `unsubscribe`; a new `stats` subscriber hears the current numbers.
    pub fn subscribe(&mut self, feeds: &[Feed], on: bool) {
        self.feeds.set(feeds, on);
        if on && feeds.contains(&Feed::Stats) {
            self.last_stats = None;
        }
    }

    /// The events due at real time `now_ms`: the picks waiting (if subscribed) and the
    /// statistics `stats` makes (if subscribed, due and changed; made only when due).
    pub fn tick(
        &mut self,
        now_ms: f64,
        stats: impl FnOnce() -> Stats,
        picks: &mut PickFeed,
    ) -> Vec<HostEvent> {
        let mut out: Vec<HostEvent> = Vec::new();
        if self.feeds.picks {
            if picks.queue.len() > PICKS_PER_TICK {
                // Keep the newest: a reader wants what happens now.
                let excess = picks.queue.len() - PICKS_PER_TICK;
                picks.missed += excess as u64;
                picks.queue.drain(..excess);
            }
            out.extend(picks.take(PICKS_PER_TICK).into_iter().map(HostEvent::Pick));
        } else {
            picks.skip_backlog();
            picks.missed = 0;
        }
        let due = self
            .last_stats
            .as_ref()
            .is_none_or(|(at, _)| now_ms - at >= STATS_EVERY_MS);
        if self.feeds.stats && due {
            let stats = stats();
            let changed = self
                .last_stats
                .as_ref()
                .is_none_or(|(_, last)| !last.same_counts(&stats));
            if changed {
                self.last_stats = Some((now_ms, stats.clone()));
                out.push(HostEvent::Stats(stats));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_each_command_as_an_object_or_a_bare_name() {
        for (value, want) in [
            (json!({"type": "play"}), HostCommand::Play),
            (json!("pause"), HostCommand::Pause),
            (json!({"type": "step"}), HostCommand::Step),
            (json!({"type": "reset", "extra": 1}), HostCommand::Reset),
            (
                json!({"type": "subscribe", "events": ["pick", "stats"]}),
                HostCommand::Subscribe(vec![Feed::Pick, Feed::Stats]),
            ),
            (
                json!({"type": "unsubscribe", "events": "stats"}),
                HostCommand::Unsubscribe(vec![Feed::Stats]),
            ),
        ] {
            assert_eq!(HostCommand::from_value(&value), Ok(want), "{value}");
        }
    }

    #[test]
    fn set_reads_the_names_the_link_and_cli_use() {
        let cmd = HostCommand::from_value(
            &json!({"type": "set", "strategy": "weighted_round_robin", "variant": "seed", "preset": "hot-key"}),
        )
        .unwrap();
        assert_eq!(
            cmd,
            HostCommand::Set(SetCommand {
                preset: Some("hot-key"),
                strategy: Some(StrategyKind::WeightedRoundRobin),
                variant: Some(Variant::Seed),
            })
        );
        // Preset first (it sets its own strategy, which a strategy given with it replaces), then
        // the strategy, then its code.
        assert_eq!(
            cmd.commands(),
            vec![
                Command::Preset("hot-key".into()),
                Command::Strategy("weighted_round_robin".into()),
                Command::Variant(Variant::Seed),
                Command::Reset,
            ]
        );
        let only = HostCommand::from_value(&json!({"type": "set", "strategy": "maglev"})).unwrap();
        assert_eq!(
            only.commands(),
            vec![Command::Strategy("maglev".into()), Command::Reset]
        );
        // The counters start from 0 under the new strategy.
        let mut live = crate::playground::live::Live::new(Default::default());
        let mut now = 0.0;
        for _ in 0..40 {
            now += 50.0;
            live.advance(now, 50.0);
        }
        assert!(live.take_snapshot().totals.total_requests > 5);
        for c in only.commands() {
            live.apply(c, now);
        }
        let snap = live.take_snapshot();
        assert_eq!(snap.totals.total_requests, 0);
        assert_eq!(snap.strategy, "maglev");
    }

    #[test]
    fn rejects_what_it_cannot_do_and_says_why() {
        for (value, says) in [
            (json!({"type": "jump"}), "unknown command \"jump\""),
            (json!({"type": 3}), "\"type\" must be a string"),
            (json!({"play": true}), "needs a \"type\""),
            (json!(42), "an object"),
            (json!({"type": "set"}), "set needs"),
            (
                json!({"type": "set", "strategy": "nope"}),
                "strategy \"nope\" is not one",
            ),
            (
                json!({"type": "set", "preset": "x<script>"}),
                "preset \"x<script>\"",
            ),
            (json!({"type": "set", "strategy": 7}), "must be a string"),
            (
                json!({"type": "subscribe", "events": ["picks", "bogus"]}),
                "unknown event \"bogus\"",
            ),
            (json!({"type": "subscribe"}), "\"events\" must list"),
        ] {
            let err = HostCommand::from_value(&value).unwrap_err();
            assert!(err.contains(says), "{value}: {err}");
        }
        // A long name is quoted short.
        let long = "x".repeat(500);
        let err = HostCommand::from_value(&json!({ "type": long })).unwrap_err();
        assert!(err.len() < 200, "{err}");
        assert!(err.contains("play, pause, step, reset, set, subscribe, unsubscribe"));
    }

    #[test]
    fn events_serialize_as_plain_objects_with_a_type() {
        let e = HostEvent::Error {
            message: "no".into(),
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"type": "error", "message": "no"})
        );
        let ready = HostEvent::Ready(Ready::new(
            View::Ring,
            "hot-key",
            StrategyKind::ConsistentHash,
            Variant::Corrected,
        ));
        let v = serde_json::to_value(&ready).unwrap();
        assert_eq!(v["type"], "ready");
        assert_eq!(v["view"], "ring");
        assert_eq!(v["strategy"], "consistent_hash");
        assert_eq!(v["variant"], "corrected");
        assert_eq!(v["subscribed"], json!(["stats"]));
        assert_eq!(v["commands"].as_array().unwrap().len(), COMMANDS.len());
    }

    fn pick(request: u64) -> PickEvent {
        PickEvent {
            request,
            attempt: 0,
            server: Some("server1".into()),
            strategy: "round_robin".into(),
            t_ms: request as f64,
            missed: 0,
        }
    }

    fn stats(requests: u64) -> impl FnOnce() -> Stats {
        move || {
            let totals = Totals {
                total_requests: requests,
                ..Default::default()
            };
            Stats::new(requests as f64 * 10.0, "round_robin".into(), &totals, &[])
        }
    }

    #[test]
    fn stats_come_at_most_four_a_second_and_only_when_changed() {
        let mut out = Outbox::default();
        let mut picks = PickFeed::default();
        let mut sent = 0;
        // 60 ticks of 50 ms (3 s) with a new request each tick.
        for i in 0..60u64 {
            sent += out.tick(i as f64 * 50.0, stats(i), &mut picks).len();
        }
        assert!((11..=13).contains(&sent), "{sent} stats in 3 s");
        // Then quiet: the last numbers once (they were held back), then nothing, however long.
        let quiet: usize = (0..40)
            .map(|i| {
                out.tick(10_000.0 + i as f64 * 300.0, stats(59), &mut picks)
                    .len()
            })
            .sum();
        assert_eq!(quiet, 1);
        // Unsubscribed: none at all; subscribing again sends the numbers at once.
        out.subscribe(&[Feed::Stats], false);
        assert!(out.tick(30_000.0, stats(60), &mut picks).is_empty());
        out.subscribe(&[Feed::Stats], true);
        assert_eq!(out.tick(30_001.0, stats(60), &mut picks).len(), 1);
    }

    #[test]
    fn picks_are_opt_in_capped_and_count_what_was_left_out() {
        let mut out = Outbox::default();
        out.subscribe(&[Feed::Stats], false);
        let mut picks = PickFeed::default();
        picks.push(pick(0));
        assert!(
            out.tick(0.0, stats(0), &mut picks).is_empty(),
            "not subscribed"
        );
        out.subscribe(&[Feed::Pick], true);
        for r in 1..=100 {
            picks.push(pick(r));
        }
        let events = out.tick(1.0, stats(0), &mut picks);
        assert_eq!(events.len(), PICKS_PER_TICK);
        let HostEvent::Pick(first) = &events[0] else {
            panic!("a pick")
        };
        // The newest are sent; the first says how many were left out before it.
        assert_eq!(first.request, 100 - PICKS_PER_TICK as u64 + 1);
        assert_eq!(first.missed, 100 - PICKS_PER_TICK as u64);
        let HostEvent::Pick(second) = &events[1] else {
            panic!("a pick")
        };
        assert_eq!(second.missed, 0);
        assert!(out.tick(2.0, stats(0), &mut picks).is_empty());
        // The queue itself is bounded.
        for r in 0..(PICKS_QUEUED as u64 + 10) {
            picks.push(pick(r));
        }
        assert_eq!(picks.queue.len(), PICKS_QUEUED);
        assert_eq!(picks.missed, 10);
    }

    #[test]
    fn the_live_run_feeds_its_picks_only_while_a_host_listens() {
        use crate::playground::live::Live;
        use crate::playground::settings::Settings;
        let mut live = Live::new(Settings::default());
        live.apply(Command::Step, 0.0);
        assert!(live.pick_feed.is_none());
        live.pick_feed = Some(PickFeed::default());
        for _ in 0..3 {
            live.apply(Command::Step, 0.0);
        }
        let picks = live.pick_feed.as_mut().unwrap().take(10);
        assert_eq!(picks.len(), 3);
        assert!(picks.windows(2).all(|w| w[0].request < w[1].request));
        assert!(
            picks
                .iter()
                .all(|p| p.server.as_deref().is_some_and(|s| s.starts_with("server")))
        );
        assert_eq!(picks[0].strategy, "round_robin");
        // The statistics count the requests answered, server by server, at one moment.
        let stats = live.host_stats();
        assert!(stats.requests >= 3, "{stats:?}");
        assert_eq!(
            stats.servers.iter().map(|s| s.ok + s.failed).sum::<u64>(),
            stats.ok + stats.failed
        );
    }
}
