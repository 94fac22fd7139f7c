//! What the views draw, taken from the simulation a few times a second and after every discrete
//! change (a [`Snapshot`]). Each part sits behind its own `Rc` and is replaced only when its
//! content changed ([`keep_if_same`]), so a view whose data did not change is not re-rendered.

use std::rc::Rc;

use crate::engine::{Method, ServerDetail, Status, Step, StrategyKind};
use crate::scenario::FaultAction;
use crate::share::i18n::{Lang, Text};

pub use super::failure::{Failure, ServerLatency};

/// `old` when it equals `new` (so `Rc::ptr_eq` holds and props compare equal at once), else `new`.
pub fn keep_if_same<T: PartialEq>(old: Option<&Rc<T>>, new: T) -> Rc<T> {
    match old {
        Some(o) if **o == new => o.clone(),
        _ => Rc::new(new),
    }
}

/// A colour per server (by scenario position): golden-angle hues, readable on light and dark.
pub fn server_colour(index: usize) -> String {
    let hue = (index as f64 * 137.508 + 210.0) % 360.0;
    let lightness = if index.is_multiple_of(2) { 48 } else { 56 };
    format!("hsl({hue:.0} 70% {lightness}%)")
}

/// One server as the pool, tables and flow draw it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerRow {
    /// Position in the scenario (events number servers this way).
    pub index: usize,
    /// The server's id.
    pub id: String,
    /// `host:port`.
    pub endpoint: String,
    /// In the pool yet (a server added live joins at a later time)?
    pub in_pool: bool,
    /// Its status as the engine reports it.
    pub status: Status,
    /// Draining: finishing its requests, taking no new ones.
    pub draining: bool,
    /// Eligible for new requests in every balancer's view.
    pub eligible: bool,
    /// Its weight now (slow start may hold it below the configured one).
    pub weight: u32,
    /// Requests in flight, summed over the balancers (the seed's current_connections).
    pub connections: u32,
    /// The seed's `max_connections`: a balancer marks it overloaded there.
    pub max_connections: u32,
    /// Concurrent requests served at full speed (0: unlimited).
    pub capacity: u32,
    /// Its recent latency over successes only, failures counted apart.
    pub latency: ServerLatency,
    /// Down or hung, and whether the balancers know yet.
    pub failure: Failure,
    /// Attempts sent to it, and how they ended.
    pub requests: u64,
    /// Of those, the successful.
    pub ok: u64,
    /// Of those, the failed.
    pub failed: u64,
    /// Its share of every attempt so far, its weight's share, and its share over the last
    /// [`RECENT_SAMPLES`] samples (None before any).
    pub share: f64,
    /// The share its strategy promises it: its weight's share of the total weight, or, when
    /// the strategy reads no weight ([`StrategyKind::shares_follow_weights`]), an equal share.
    pub expected_share: f64,
    /// Whether `expected_share` is the weight's share.
    pub by_weight: bool,
    /// Its share of recent attempts.
    pub recent_share: Option<f64>,
    /// What the editor shows.
    pub latency_ms: f64,
    /// How many times slower than its latency it serves now, rounded (1: not slowed).
    pub slower: u32,
    /// Its error rate, 0 to 1.
    pub error_rate: f64,
}

/// What the views that only name servers need: it changes when a status or weight does, not
/// with every request, so those views do not re-render with the counters.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerLabel {
    /// Position in the scenario.
    pub index: usize,
    /// The server's id.
    pub id: String,
    /// In the pool yet.
    pub in_pool: bool,
    /// Its status as the engine reports it.
    pub status: Status,
    /// Draining.
    pub draining: bool,
    /// Eligible for new requests in every balancer's view.
    pub eligible: bool,
    /// Its weight now.
    pub weight: u32,
    /// Its failure without the countdown (which changes with every refresh).
    pub failure: Failure,
    /// How many times slower it serves (1: not slowed).
    pub slower: u32,
}

impl From<&ServerRow> for ServerLabel {
    fn from(r: &ServerRow) -> Self {
        Self {
            index: r.index,
            id: r.id.clone(),
            in_pool: r.in_pool,
            status: r.status,
            draining: r.draining,
            eligible: r.eligible,
            weight: r.weight,
            failure: r.failure.coarse(),
            slower: r.slower,
        }
    }
}

/// A server's state in words: what a colour-blind reader and a screen reader get.
pub fn status_words(
    in_pool: bool,
    status: Status,
    draining: bool,
    weight: u32,
    lang: Lang,
) -> String {
    if !in_pool {
        return Text::WaitingToJoin.get(lang).into();
    }
    let mut w = Text::status(status).get(lang).to_string();
    if draining {
        w = Text::StatusAndDraining.fill(lang, &["status"], &[&w]);
    }
    if weight == 0 {
        w = Text::StatusAndWeightZero.fill(lang, &["status"], &[&w]);
    }
    w
}

/// `words` (a server's state), with how many times slower it serves when it is slowed: a
/// slow server is told by its words, in the pool and the flow alike, not by latency alone.
pub fn slowed(words: String, slower: u32, lang: Lang) -> String {
    if slower < 2 {
        return words;
    }
    Text::StatusSlower.fill(lang, &["status", "factor"], &[&words, &slower])
}

/// A line of the pool's recent events, put in words when shown.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// Simulated seconds.
    pub t_s: f64,
    /// What happened.
    pub event: LogEvent,
}

#[derive(Clone, Debug, PartialEq)]
/// What a [`LogLine`] reports.
pub enum LogEvent {
    /// A server was added live (its id).
    Added(String),
    /// A live action on a server (its weight or error rate for those).
    Action {
        /// The server's id.
        server: String,
        /// The action.
        action: FaultAction,
        /// Its weight after the action.
        weight: u32,
        /// Its error rate after the action.
        error_rate: f64,
    },
    /// A balancer changed a server's status.
    Status {
        /// The server's id.
        server: String,
        /// Status before.
        from: Status,
        /// Status after.
        to: Status,
        /// The simulator's reason ("health checks fail", "crash", ...).
        reason: &'static str,
    },
    /// Outlier detection ejected a server.
    Ejected {
        /// The server's id.
        server: String,
        /// Simulated seconds when the ejection ends.
        until_s: f64,
    },
    /// A server with a join time joined the pool (its id).
    Joined(String),
}

/// A fault action in words ("end maintenance").
pub fn action_words(action: FaultAction, lang: Lang) -> &'static str {
    use FaultAction as A;
    match action {
        A::Crash => Text::ActCrash,
        A::CrashAfterAccept => Text::ActCrashAfterAccept,
        A::Hang => Text::ActHang,
        A::Slow => Text::ActSlow,
        A::Flapping => Text::ActFlapping,
        A::Recover => Text::ActRecover,
        A::Maintenance => Text::ActMaintenance,
        A::EndMaintenance => Text::ActEndMaintenance,
        A::Drain => Text::ActDrain,
        A::Undrain => Text::ActUndrain,
        A::SetWeight => Text::ActSetWeight,
        A::SetErrorRate => Text::ActSetErrorRate,
    }
    .get(lang)
}

/// The simulator's reason for a status change, in words.
fn status_reason(reason: &str, lang: Lang) -> String {
    let text = match reason {
        "ejection over" => Text::ReasonEjectionOver,
        "max_connections reached" => Text::ReasonMaxConnectionsReached,
        "below max_connections" => Text::ReasonBelowMaxConnections,
        "joined" => Text::ReasonJoined,
        "health checks pass" => Text::ReasonChecksPass,
        "health checks fail" => Text::ReasonChecksFail,
        other => {
            use FaultAction as A;
            let actions = [
                A::Crash,
                A::CrashAfterAccept,
                A::Hang,
                A::Slow,
                A::Flapping,
                A::Recover,
                A::Maintenance,
                A::EndMaintenance,
                A::Drain,
                A::Undrain,
                A::SetWeight,
                A::SetErrorRate,
            ];
            return match actions.into_iter().find(|a| a.as_str() == other) {
                Some(a) => action_words(a, lang).into(),
                None => other.into(),
            };
        }
    };
    text.get(lang).into()
}

impl LogLine {
    /// The line in `lang`, time first.
    pub fn words(&self, lang: Lang) -> String {
        let status = |s: Status| Text::status(s).get(lang);
        let event = match &self.event {
            LogEvent::Added(id) => Text::LogAdded.fill(lang, &["server"], &[id]),
            LogEvent::Joined(id) => Text::LogJoined.fill(lang, &["server"], &[id]),
            LogEvent::Action {
                server,
                action,
                weight,
                error_rate,
            } => {
                let what = match action {
                    FaultAction::SetWeight => Text::WeightValue.fill(lang, &["weight"], &[&weight]),
                    FaultAction::SetErrorRate => Text::LogErrorRate.fill(
                        lang,
                        &["percent"],
                        &[&format!("{:.0}", 100.0 * error_rate)],
                    ),
                    a => action_words(*a, lang).into(),
                };
                Text::LogAction.fill(lang, &["server", "action"], &[server, &what])
            }
            LogEvent::Status {
                server,
                from,
                to,
                reason,
            } => Text::LogStatus.fill(
                lang,
                &["server", "from", "to", "reason"],
                &[
                    server,
                    &status(*from),
                    &status(*to),
                    &status_reason(reason, lang),
                ],
            ),
            LogEvent::Ejected { server, until_s } => Text::LogEjected.fill(
                lang,
                &["server", "until"],
                &[server, &format!("{until_s:.1}")],
            ),
        };
        Text::LogLine.fill(
            lang,
            &["time", "event"],
            &[&format!("{:.1}", self.t_s), &event],
        )
    }
}

/// A strategy's label as the simulator writes it ("weighted_round_robin (tutorial)") in words
/// of `lang`: its human name ("Weighted round robin (as the tutorial wrote it)").
pub fn strategy_words(label: &str, lang: Lang) -> String {
    let (name, tutorial) = match label
        .strip_suffix(" (tutorial)")
        .or_else(|| label.strip_suffix(" (seed)"))
    {
        Some(name) => (name, true),
        None => (label, false),
    };
    let name = match name.parse::<StrategyKind>() {
        Ok(kind) => Text::strategy_name(kind).get(lang),
        Err(_) => name,
    };
    if tutorial {
        Text::StrategySeedVariant.fill(lang, &["strategy"], &[&name])
    } else {
        name.to_string()
    }
}

/// Samples (of [`super::settings::SAMPLE_INTERVAL_MS`]) that "recent share" covers.
pub const RECENT_SAMPLES: usize = 4;

/// Run-wide numbers: the seed's get_stats() and what the simulator adds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Simulated time, ms.
    pub t_ms: f64,
    /// Requests ended (the seed's count).
    pub total_requests: u64,
    /// Of those, the successful.
    pub successful_requests: u64,
    /// Of those, the failed.
    pub failed_requests: u64,
    /// Seconds, over successful requests (the seed's field).
    pub average_response_time: f64,
    /// Servers in the pool.
    pub total_servers: usize,
    /// Of those, the healthy.
    pub healthy_servers: usize,
    /// Successful / ended requests (1 before any).
    pub availability: f64,
    /// Requests by outcome, in [`crate::sim::proxy::Outcome::ALL`] order.
    pub outcomes: [u64; 7],
    /// End-to-end latency of successful requests (ms).
    pub p50: f64,
    /// 95th percentile, ms.
    pub p95: f64,
    /// 99th percentile, ms.
    pub p99: f64,
    /// The slowest, ms.
    pub max: f64,
    /// Attempts, first tries and retries.
    pub attempts: u64,
    /// Retries.
    pub retries: u64,
    /// Requests sent and not yet ended.
    pub in_flight: u64,
    /// Jain's fairness index of attempts against the share the strategy promises (1 is the
    /// promise kept; see `sim::stats::Balance::jain_fairness`).
    pub jain: f64,
    /// max − min attempts over servers with weight.
    pub request_spread: u64,
    /// Balancers in front of the pool.
    pub balancers: u32,
}

/// Time series for the charts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// (simulated s, successful per s, failed per s)
    pub throughput: Vec<(f64, f64, f64)>,
    /// (simulated s, p50, p95, p99) of the requests that ended successfully in that interval, ms
    /// (an interval without one has no point: failures never pull the lines down).
    pub latency: Vec<(f64, f64, f64, f64)>,
}

/// Why there is no ring to draw (put in words by the ring's legend).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoRing {
    /// Nothing drawn yet.
    Empty,
    /// Rendezvous hashing: every server scores the key, no ring.
    Rendezvous,
    /// Jump hash: jumps over bucket numbers, no ring.
    Jump,
    /// A strategy mapping keys to bucket numbers with removals rehashed.
    Buckets(StrategyKind),
    /// A strategy hashing modulo the eligible servers.
    Modulo(StrategyKind),
    /// Multi-probe hashing: one point per unit of weight, k probes per key.
    MultiProbe,
    /// A strategy that does not hash.
    NotHashing(StrategyKind),
}

/// Which ring is drawn: its kind, its points, bounded loads' c, and how many points per tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingLabel {
    /// Whose ring.
    pub kind: RingKind,
    /// Points on it.
    pub points: usize,
    /// Bounded loads' c, as written.
    pub load_factor: Option<String>,
    /// One point in this many is drawn.
    pub every: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// Whose ring is drawn.
pub enum RingKind {
    /// This crate's ring (XXH3 points).
    Fulcrum,
    /// nginx's ketama ring (CRC-32 points).
    Nginx,
    /// The tutorial's ring (Python `hash()`, 150 points per server).
    Seed,
}

impl RingLabel {
    /// The legend's words in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        let points = self.points.to_string();
        let mut label = match self.kind {
            RingKind::Fulcrum => Text::RingLabelFulcrum.fill(lang, &["points"], &[&points]),
            RingKind::Nginx => Text::RingLabelNginx.fill(lang, &["points"], &[&points]),
            RingKind::Seed => Text::RingLabelSeed.get(lang).to_string(),
        };
        if let Some(c) = &self.load_factor {
            label = Text::RingLabelBounded.fill(lang, &["label", "c"], &[&label, c]);
        }
        if self.every > 1 {
            label = Text::RingLabelEvery.fill(lang, &["label", "every"], &[&label, &self.every]);
        }
        label
    }
}

impl NoRing {
    /// Why there is no ring, in `lang` (empty when nothing is drawn yet).
    pub fn words(&self, lang: Lang) -> String {
        match self {
            NoRing::Empty => String::new(),
            NoRing::Rendezvous => Text::NoRingRendezvous.get(lang).into(),
            NoRing::Jump => Text::NoRingJump.get(lang).into(),
            NoRing::MultiProbe => Text::NoRingMultiProbe.get(lang).into(),
            NoRing::Buckets(kind) => Text::NoRingBuckets.fill(
                lang,
                &["strategy"],
                &[&Text::strategy_name(*kind).get(lang)],
            ),
            NoRing::Modulo(kind) => Text::NoRingModulo.fill(
                lang,
                &["strategy"],
                &[&Text::strategy_name(*kind).get(lang)],
            ),
            NoRing::NotHashing(kind) => Text::NoRingNotHashing.fill(
                lang,
                &["strategy"],
                &[&Text::strategy_name(*kind).get(lang)],
            ),
        }
    }
}

/// The strategy's hash space as drawn: a ring, maglev's table, or nothing to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RingShape {
    /// Not a hashing strategy with a ring or table (the reason is shown).
    None {
        /// Why.
        reason: NoRing,
    },
    /// A ring of points.
    Ring {
        /// Which ring, in words when drawn.
        label: RingLabel,
        /// Points on it.
        points: usize,
        /// One path of radial ticks per owner: (server index, path data).
        paths: Vec<(usize, String)>,
        /// Per owner: points owned, and the share of the circle they own in basis points.
        owned: Vec<(usize, usize, u32)>,
    },
    /// Maglev's lookup table, drawn as a strip.
    Maglev {
        /// Slots in the table.
        table_size: usize,
        /// The strip: one path per owner of 1-unit columns, sampled evenly over the table.
        columns: usize,
        /// One path per owner: (server index, path data).
        paths: Vec<(usize, String)>,
        /// Per owner: slots owned, and their share of the table in basis points.
        owned: Vec<(usize, usize, u32)>,
    },
}

/// The view of the balancer (the first one when there are several): per pool server.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenRow {
    /// Pool index.
    pub index: usize,
    /// The server's id.
    pub id: String,
    /// Its weight in this balancer's pool.
    pub weight: u32,
    /// Whether this balancer may pick it.
    pub eligible: bool,
    /// Requests in flight through this balancer.
    pub connections: u32,
    /// Peak EWMA latency now (ms), and the mean of the response window.
    pub ewma_ms: Option<f64>,
    /// See `ewma_ms`.
    pub window_ms: Option<f64>,
    /// Samples in the response window.
    pub window_len: usize,
    /// Failures among them.
    pub failures: usize,
}

/// The most recent pick (or 503) and the engine's own explanation of it.
#[derive(Clone, Debug)]
pub struct LastPick {
    /// Which pick this is (numbered over every run): the same number, the same pick and steps.
    pub serial: u64,
    /// The request's id.
    pub request: u64,
    /// Attempt number, 0 for the first.
    pub attempt: u32,
    /// Simulated time of the pick, ms.
    pub t_ms: f64,
    /// HTTP method.
    pub method: Method,
    /// Path and query.
    pub path: String,
    /// Client address.
    pub client_ip: String,
    /// The chosen server (scenario index, id), none for a 503.
    pub server: Option<(usize, String)>,
    /// Steps, numbered by pool position; `pool` maps a pool position to (scenario index, id).
    pub steps: Vec<Step>,
    /// What the seed's code raised instead of picking, when it did.
    pub fault: Option<String>,
    /// Pool position to (scenario index, id), as the balancer's pool stood at the pick.
    pub pool: Vec<(usize, String)>,
    /// Bits of the hash space (64 or 32) for angles; 0 when not hashing onto a ring.
    pub hash_bits: u32,
    /// (ring point index, replica number) of the ring points the steps name, where the ring
    /// keeps replica numbers (the narration's "server2#17").
    pub replicas: Vec<(usize, u32)>,
}

/// The same pick (by its serial number), shown the same way: what is read from the run when a
/// snapshot is taken (the request's line, names, replicas) compared as well, the steps not.
impl PartialEq for LastPick {
    fn eq(&self, o: &Self) -> bool {
        self.serial == o.serial
            && self.path == o.path
            && self.client_ip == o.client_ip
            && self.server == o.server
            && self.pool == o.pool
            && self.hash_bits == o.hash_bits
            && self.replicas == o.replicas
    }
}

impl LastPick {
    /// What the live region says of this pick, in `lang`: "request 7 (retry 1): GET /a from
    /// 10.0.0.1 → mod 3 = 1 → s2", the head, then the links of the chain.
    pub fn narration(&self, lang: Lang) -> String {
        let short = |text: &str| {
            let mut s = String::new();
            push_short(&mut s, text, 40);
            s
        };
        let mut head = Text::NarrRequest.fill(lang, &["request"], &[&self.request]);
        if self.attempt > 0 {
            head = Text::NarrRetry.fill(lang, &["head", "attempt"], &[&head, &self.attempt]);
        }
        let mut n = Chain(head, 0, lang);
        let keyed = self.steps.iter().any(|s| matches!(s, Step::Key { .. }));
        if !keyed && !self.path.is_empty() {
            let link = Text::NarrFrom.fill(
                lang,
                &["method", "path", "client"],
                &[&self.method.as_str(), &short(&self.path), &self.client_ip],
            );
            n.link().push_str(&link);
        }
        for step in &self.steps {
            let link = match step {
                Step::Key { key, .. } => Text::NarrKey.fill(lang, &["key"], &[&short(key)]),
                Step::Hash { value, .. } | Step::SeededHash { value, .. } => {
                    let mut s = String::new();
                    push_hex(&mut s, *value, self.hash_bits);
                    s
                }
                Step::Modulo { n: of, index, .. } => format!("mod {of} = {index}"),
                Step::Cursor { position, of, .. } => {
                    Text::NarrCursor.fill(lang, &["position", "of"], &[&(position + 1), &of])
                }
                Step::RingPoint { index, owner, .. } => {
                    match self.replicas.iter().find(|r| r.0 == *index) {
                        Some((_, j)) => format!("{}#{j}", self.name(*owner)),
                        None => Text::NarrPointOf.fill(
                            lang,
                            &["index", "server"],
                            &[&index, &self.name(*owner)],
                        ),
                    }
                }
                Step::MaglevSlot { slot, .. } => Text::NarrSlot.fill(lang, &["slot"], &[&slot]),
                Step::Candidates { servers, scores } => {
                    let scored = |k: usize| {
                        let mut s = self.name(servers[k]);
                        s.push_str(" (");
                        push_num(&mut s, scores[k]);
                        s.push(')');
                        s
                    };
                    Text::NarrVersus.fill(lang, &["a", "b"], &[&scored(0), &scored(1)])
                }
                Step::Random { range, index } => {
                    Text::NarrRandom.fill(lang, &["index", "range"], &[&index, &range])
                }
                Step::AtCapacity { server, .. } => {
                    Text::NarrFull.fill(lang, &["server"], &[&self.name(*server)])
                }
                Step::RingSkip { owner, reason, .. } => Text::NarrSkip.fill(
                    lang,
                    &["server", "reason"],
                    &[
                        &self.name(*owner),
                        &crate::share::steps::unavailable_text(*reason, lang),
                    ],
                ),
                Step::SeedDefect { .. } => Text::NarrSeedDefect.get(lang).into(),
                _ => continue,
            };
            n.link().push_str(&link);
        }
        let out = n.link();
        match (&self.server, &self.fault) {
            (Some((_, id)), _) => out.push_str(id),
            (None, Some(fault)) => {
                // What the seed's code raised: the Python exception, or its `while True` that
                // never returns (the simulator's English words only when no step says which).
                let defect = self.steps.iter().rev().find_map(|st| match st {
                    Step::SeedDefect(d) => Some(d),
                    _ => None,
                });
                match defect {
                    Some(d) => out.push_str(
                        &Text::ErrorSeedFault.fill(
                            lang,
                            &["defect"],
                            &[&d.python_exception()
                                .unwrap_or(Text::NarrNeverReturns.get(lang))],
                        ),
                    ),
                    None => out.push_str(fault),
                }
                out.push_str(": 500");
            }
            (None, None) => out.push_str(Text::NarrNoServer.get(lang)),
        }
        n.0
    }

    /// A pool position as the server's id.
    pub fn name(&self, pool_index: usize) -> String {
        self.pool
            .get(pool_index)
            .map_or_else(|| format!("#{pool_index}"), |(_, id)| id.clone())
    }

    /// A pool position as the scenario index (for colours).
    pub fn index(&self, pool_index: usize) -> usize {
        self.pool.get(pool_index).map_or(pool_index, |(i, _)| *i)
    }
}

/// Everything the non-animated views draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Simulated time, ms.
    pub t_ms: f64,
    /// The strategy's label.
    pub strategy: String,
    /// Per server, in scenario order, for the pool view.
    pub servers: Rc<Vec<ServerRow>>,
    /// The rows for the distribution table: all of one moment, its own tick's (a large pool's
    /// cards are refreshed a slice at a time, so their shares need not add up; the table's do).
    pub table: Rc<Vec<ServerRow>>,
    /// The rows for the latency table, all of its own tick's moment (the two tables' 2 × 32
    /// rows in one frame made it one of the slowest).
    pub latency_table: Rc<Vec<ServerRow>>,
    /// What changes only with the pool, for views that need no counters.
    pub labels: Rc<Vec<ServerLabel>>,
    /// Run-wide numbers.
    pub totals: Rc<Totals>,
    /// The seed's `server_details`, as the engine reports them.
    pub details: Rc<Vec<ServerDetail>>,
    /// Time series for the charts.
    pub series: Rc<Series>,
    /// The ring or table drawn.
    pub ring: Rc<RingShape>,
    /// The first balancer's view, per pool server.
    pub seen: Rc<Vec<SeenRow>>,
    /// The last pick explained, if any.
    pub last: Option<Rc<LastPick>>,
    /// Recent status changes and faults, newest last.
    pub log: Rc<Vec<LogLine>>,
    /// Join-Idle-Queue's I-queue at each balancer, head first, as (scenario index, id); empty
    /// for the other strategies (`Live::idle_queues`, taken with the balancer's view).
    pub idle: Rc<Vec<Vec<(usize, String)>>>,
    /// Requests drawn in the flow: one in `sample_every`.
    pub sample_every: u64,
    /// Requests sent so far: the timeline reaches that far (refreshed with the last pick).
    pub sent: u64,
}

impl Default for Snapshot {
    fn default() -> Self {
        Self {
            t_ms: 0.0,
            strategy: String::new(),
            servers: Rc::default(),
            table: Rc::default(),
            latency_table: Rc::default(),
            labels: Rc::default(),
            totals: Rc::default(),
            details: Rc::default(),
            series: Rc::default(),
            ring: Rc::new(RingShape::None {
                reason: NoRing::Empty,
            }),
            seen: Rc::default(),
            last: None,
            log: Rc::default(),
            idle: Rc::default(),
            sample_every: 1,
            sent: 0,
        }
    }
}

/// A narration being written: its text, how many links of the chain it has, its language.
struct Chain(String, usize, Lang);

impl Chain {
    /// The text, ready for the next link (after ": " for the first, " → " for the others).
    fn link(&mut self) -> &mut String {
        self.0.push_str(match (self.1, self.2) {
            (0, Lang::Zh) => "：",
            (0, Lang::En) => ": ",
            _ => " → ",
        });
        self.1 += 1;
        &mut self.0
    }
}

/// `s`, cut to `max` characters with an ellipsis when longer.
fn push_short(out: &mut String, s: &str, max: usize) {
    if s.chars().count() <= max {
        out.push_str(s);
    } else {
        out.extend(s.chars().take(max - 1));
        out.push('…');
    }
}

/// A hash value as the narration shows it: the first hex digits and an ellipsis.
fn push_hex(out: &mut String, v: u64, bits: u32) {
    use std::fmt::Write as _;
    let _ = if bits == 32 {
        write!(out, "0x{:08x}", v & 0xffff_ffff)
    } else {
        write!(out, "0x{:08x}…", v >> 32)
    };
}

fn push_num(out: &mut String, x: f64) {
    use std::fmt::Write as _;
    if x.is_finite() && x == x.trunc() && x.abs() < 1e9 {
        super::decimal::push(out, x, 0);
    } else if x.is_finite() {
        let _ = write!(out, "{x:.2}");
    } else {
        out.push('∞');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_colours_are_golden_angle_hues() {
        assert_eq!(server_colour(0), "hsl(210 70% 48%)");
        assert_eq!(server_colour(1), "hsl(348 70% 56%)");
        assert_eq!(server_colour(2), "hsl(125 70% 48%)");
    }

    #[test]
    fn a_part_is_kept_while_its_content_is_the_same() {
        let old = Rc::new(vec![1, 2, 3]);
        assert!(Rc::ptr_eq(&keep_if_same(Some(&old), vec![1, 2, 3]), &old));
        assert!(!Rc::ptr_eq(&keep_if_same(Some(&old), vec![1, 2]), &old));
        assert_eq!(*keep_if_same(None, vec![4]), vec![4]);
    }
}
