//! The permalink: every setting a user can set, as a URL query, and back.
//!
//! [`Link`] holds what the playground's controls set; [`Link::to_query`] writes it in a
//! stable order, percent-encoded, leaving out what is at its default (but always the preset, the
//! strategy and the seed, so a link means the same run even if defaults change);
//! [`Link::from_query`] reads it back. Because the simulation is deterministic, the same
//! query gives the same run and the same numbers.
//!
//! A URL is untrusted input. Reading one never panics and always yields valid settings: an
//! unknown name, a duplicate, a value that cannot be read (bad percent-encoding, invalid UTF-8,
//! NaN, markup), a value out of range (clamped to the range), too many servers or a value too
//! long is ignored or clamped, and each such decision becomes a [`LinkNote`] that names the
//! parameter and what was done, for the UI to show (as text: nothing from a URL is ever HTML).
//! The work is bounded whatever the input: at most [`MAX_PARAMS`] parameters are read, a value
//! longer than [`MAX_VALUE_BYTES`] is not decoded, at most [`MAX_NOTES`] notes are kept.
//!
//! The ranges of the sliders are defined here, once ([`REQUEST_RATE`], [`LATENCY`],
//! [`ERROR_RATE`], [`HEALTH_INTERVAL`], [`VIRTUAL_NODES`], [`LOAD_FACTOR`], [`PROBES`],
//! [`CHOICES`], [`SPEED`], and the per-server [`WEIGHT`] and [`MAX_CONNECTIONS`]); the UI draws
//! its sliders from them.
//!
//! ## Parameters
//!
//! | name | value | default |
//! |---|---|---|
//! | `preset` | a preset name (`scenario::PRESETS`; the older `seed-demo` still reads) | `tutorial-demo` |
//! | `run` | which run of a preset with several, from 0 | 0 |
//! | `strategy` | a strategy name (`round_robin`, …) | `round_robin` |
//! | `variant` | `corrected` or `tutorial` (the tutorial's code, mistakes included; `seed` still reads) | `corrected` |
//! | `ring` | `fulcrum` or `nginx` (ring strategies only) | `fulcrum` |
//! | `vnodes` | virtual nodes: ring points per unit of weight | 160 |
//! | `load_factor` | bounded loads' c | 1.25 |
//! | `k` | multi-probe consistent hashing's probes per key, 1–1000 | 21 |
//! | `d` | power of d choices' d: servers compared per pick, 1–64 (1 is random, 2 two choices, the pool's size least connections) | 2 |
//! | `prequal_pool`, `prequal_q_rif`, `prequal_probes`, `prequal_reuse`, `prequal_max_age` | Prequal's probe pool size (1–256), RIF quantile Q_RIF (0–1), probes per request r (0 to the pool's size), reuses per probe b (1–10⁶) and maximum age in ms (1–10¹⁰), `share::knobs` | 16, 0.84, 2, 3, 1000 |
//! | `compare` | 1–4 strategies, `NAME` or `tutorial:NAME` (`seed:NAME` still reads), comma-separated | the preset's |
//! | `servers` | the pool, see below | the preset's |
//! | `rate` | request rate, requests/s | the preset's |
//! | `latency` | every server's median service time, ms | the preset's |
//! | `error_rate` | every server's error rate, 0–1 | the preset's |
//! | `health_interval` | health-check interval, ms | the preset's |
//! | `spread` | request costs' spread, 0–2 (0: every request costs the same; a preset whose costs are equal gets log-normal ones) | the preset's |
//! | `queue` | requests each server with a capacity lets wait beyond it, 0–1000; one more is dropped with a 503 | each server's own |
//! | `balancers` | balancers in front of the pool, 1–16 | the preset's |
//! | `seed` | the random seed, 0 to 2⁶⁴ − 1 | 1 |
//! | `speed` | simulated time per real time, 0.25–16 | 1 |
//! | `view` | `pool`, `ring`, `table`, `compare`, `lookup`, `flow` or `sweep` | `pool` |
//! | `key`, `step` | the lookup debugger's key and step | `/api/data/7`, 0 |
//! | `lang` | `en` or `zh` | the browser's |
//! | `embed` | `1`: one compact view without the surrounding page | 0 |
//! | `autoplay` | `0`: an embed stays paused until the reader presses Play | 1 |
//! | `lesson` | the open lesson's id (`share::lessons`) | none |
//! | `config` | an imported proxy configuration, as typed or packed (`share::packed`) | none |
//! | `backend` | which of its backends (upstream, section, cluster) is shown | the first |
//!
//! `servers` is a comma-separated list of `ID[*WEIGHT][~lLATENCY_MS][~eERROR_RATE][~mMAX_CONNECTIONS]`,
//! e.g. `servers=server1,server2*2,server3~l200,server4*3~e0.1`; the weight may also be written
//! `=WEIGHT` or ` weight=WEIGHT` (as every server list takes it, `engine::model::split_weight`). An id is 1–64 characters of
//! `A-Z a-z 0-9 . _ : -`; an id of the form `host:port` gives the server that host and port (as
//! `fulcrum route` does), any other id is `localhost` on port 8001 + its position (as in the
//! tutorial's demo, so the list above is exactly the tutorial's pool).

use std::fmt;

use crate::engine::model::DEFAULT_MAX_CONNECTIONS;
use crate::engine::proxies::envoy_least::SlowStart;
use crate::engine::{RingFlavor, StrategyConfig, StrategyKind, Variant};
use crate::scenario::{CostDistribution, PRESETS, Scenario, ServerSpec, preset, preset_name};

use crate::engine::load_aware::prequal::PrequalSettings;

use super::i18n::{Lang, Text};
use super::knobs::{PrequalKnob, clamp_prequal};
use super::packed::{self, Unpack};

/// A slider's range: its URL parameter, bounds, step and unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slider {
    /// The URL parameter it sets (`latency`).
    pub param: &'static str,
    /// Lowest value accepted.
    pub min: f64,
    /// Highest value accepted.
    pub max: f64,
    /// The slider's step; the URL takes any value in range.
    pub step: f64,
    /// Unit in words, shown after the value.
    pub unit: &'static str,
}

impl Slider {
    /// `x` clamped to the range (`x` must be finite).
    pub fn clamp(&self, x: f64) -> f64 {
        super::clamp::clamp(x, self.min, self.max).used
    }

    /// Whether `x` is a finite value within the bounds (no clamping needed).
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite() && x >= self.min && x <= self.max
    }
}

/// Requests per second of the steady arrivals.
pub const REQUEST_RATE: Slider = Slider {
    param: "rate",
    min: 1.0,
    max: 10_000.0,
    step: 1.0,
    unit: "requests/s",
};
/// Median service time of every server (a server's own `~l` overrides it).
pub const LATENCY: Slider = Slider {
    param: "latency",
    min: 1.0,
    max: 5_000.0,
    step: 1.0,
    unit: "ms",
};
/// Probability that a request ends in a 500 (a server's own `~e` overrides it).
pub const ERROR_RATE: Slider = Slider {
    param: "error_rate",
    min: 0.0,
    max: 1.0,
    step: 0.01,
    unit: "fraction of requests",
};
/// Time between two health checks of a server.
pub const HEALTH_INTERVAL: Slider = Slider {
    param: "health_interval",
    min: 100.0,
    max: 60_000.0,
    step: 100.0,
    unit: "ms",
};
/// Virtual nodes: ring points per unit of weight (whole numbers).
pub const VIRTUAL_NODES: Slider = Slider {
    param: "vnodes",
    min: 1.0,
    max: 1_000.0,
    step: 1.0,
    unit: "points per unit of weight",
};
/// Bounded loads' c: no server takes more than ⌈c · m / n⌉ of m requests in flight.
pub const LOAD_FACTOR: Slider = Slider {
    param: "load_factor",
    min: 1.0,
    max: 4.0,
    step: 0.05,
    unit: "× the average load",
};
/// Multi-probe consistent hashing's k: probes per key (whole numbers; the engine's range).
pub const PROBES: Slider = Slider {
    param: "k",
    min: 1.0,
    max: crate::engine::strategy::MAX_K as f64,
    step: 1.0,
    unit: "probes per key",
};
/// Power of d choices' d: servers compared per pick (whole numbers). A pick compares min(d, n),
/// so more than the page's [`MAX_SERVERS`] would change nothing.
pub const CHOICES: Slider = Slider {
    param: "d",
    min: 1.0,
    max: MAX_SERVERS as f64,
    step: 1.0,
    unit: "servers compared",
};
/// Envoy's least request `active_request_bias` (`bias=`): the effective weight is
/// `weight / (active + 1)^bias`. Envoy takes any number ≥ 0; past 10 the division by the requests
/// in flight already dwarfs any weight the page sets (100 at most).
pub const ACTIVE_REQUEST_BIAS: Slider = Slider {
    param: "bias",
    min: 0.0,
    max: 10.0,
    step: 0.05,
    unit: "",
};
/// Envoy least request's `slow_start_window` (`slow_start=`), in ms: absent, no slow start.
pub const SLOW_START_WINDOW: Slider = Slider {
    param: "slow_start",
    min: 1.0,
    max: 3_600_000.0,
    step: 1.0,
    unit: "ms",
};
/// Envoy slow start's `aggression` (`aggression=`; 1 when absent).
pub const SLOW_START_AGGRESSION: Slider = Slider {
    param: "aggression",
    min: 0.0,
    max: 10.0,
    step: 0.05,
    unit: "",
};
/// Envoy slow start's `min_weight_percent` (`min_weight=`; 10 when absent).
pub const SLOW_START_MIN_WEIGHT: Slider = Slider {
    param: "min_weight",
    min: 0.0,
    max: 100.0,
    step: 1.0,
    unit: "%",
};
/// Simulated time per unit of real time.
pub const SPEED: Slider = Slider {
    param: "speed",
    min: 0.25,
    max: 16.0,
    step: 0.25,
    unit: "× real time",
};
/// The request costs' spread ([`crate::scenario::CostSpec`]): σ of the log-normal, 1 / (α − 1)
/// of the Pareto.
pub const COST_SPREAD: Slider = Slider {
    param: "spread",
    min: 0.0,
    max: 2.0,
    step: 0.05,
    unit: "spread",
};
/// Requests a server with a capacity lets wait beyond it (whole numbers).
pub const QUEUE_LIMIT: Slider = Slider {
    param: "queue",
    min: 0.0,
    max: 1000.0,
    step: 1.0,
    unit: "requests",
};
/// A server's weight (whole numbers; 0 takes no requests).
pub const WEIGHT: Slider = Slider {
    param: "servers",
    min: 0.0,
    max: 100.0,
    step: 1.0,
    unit: "",
};
/// A server's `max_connections` (whole numbers): a balancer marks it overloaded at this many.
pub const MAX_CONNECTIONS: Slider = Slider {
    param: "servers",
    min: 1.0,
    max: 100_000.0,
    step: 1.0,
    unit: "connections",
};

/// Servers in a pool.
pub const MAX_SERVERS: usize = 64;
/// Characters in a server id.
pub const MAX_SERVER_ID_CHARS: usize = 64;
/// Characters in a lookup key.
pub const MAX_KEY_CHARS: usize = 256;
/// Strategies side by side in the compare view.
pub const MAX_COMPARE: usize = 4;
/// Most balancers the page runs and draws.
pub const MAX_BALANCERS: u32 = 16;
/// Ring points (total weight × virtual nodes) a pool may ask for; `vnodes` is lowered to fit.
/// 64 servers of weight 100 at the default 160 points per weight fit.
pub const MAX_RING_POINTS: u64 = 1 << 20;
/// The lookup debugger's step.
pub const MAX_LOOKUP_STEP: u32 = 1_000_000;
/// Parameters read from one query; the rest are ignored with one note.
pub const MAX_PARAMS: usize = 64;
/// Bytes of one value as it stands in the URL (still encoded); longer values are not decoded.
pub const MAX_VALUE_BYTES: usize = 8_192;
/// Notes kept; the rest are counted in a last note.
pub const MAX_NOTES: usize = 16;

/// The default lookup key (the seed demo's eighth request).
pub const DEFAULT_KEY: &str = "/api/data/7";

/// Parameter names, in the order [`Link::to_query`] writes them.
pub const PARAMS: [&str; 38] = [
    "preset",
    "run",
    "strategy",
    "variant",
    "ring",
    "vnodes",
    "load_factor",
    "k",
    "d",
    "bias",
    "slow_start",
    "aggression",
    "min_weight",
    "prequal_pool",
    "prequal_q_rif",
    "prequal_probes",
    "prequal_reuse",
    "prequal_max_age",
    "compare",
    "servers",
    "rate",
    "latency",
    "error_rate",
    "health_interval",
    "spread",
    "queue",
    "balancers",
    "seed",
    "speed",
    "view",
    "key",
    "step",
    "lang",
    "embed",
    "autoplay",
    "lesson",
    "config",
    "backend",
];

/// The playground's views (`view=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    /// Servers with their weights, status and load; the default.
    Pool,
    /// The hash ring: points, owners and a key's path round it.
    Ring,
    /// How requests were distributed over the servers (`table`).
    Table,
    /// Strategies side by side on the same requests.
    Compare,
    /// The lookup debugger: one key's pick, step by step.
    Lookup,
    /// Requests flowing from clients through the balancer to servers.
    Flow,
    /// p99 latency and drops against the offered load, per strategy (run by a button).
    Sweep,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 7] = [
        View::Pool,
        View::Ring,
        View::Table,
        View::Compare,
        View::Lookup,
        View::Flow,
        View::Sweep,
    ];

    /// The name written in `view=`.
    pub fn name(self) -> &'static str {
        match self {
            View::Pool => "pool",
            View::Ring => "ring",
            View::Table => "table",
            View::Compare => "compare",
            View::Lookup => "lookup",
            View::Flow => "flow",
            View::Sweep => "sweep",
        }
    }

    /// The view a `view=` value names, if any.
    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The view's title, which is also its accessible name.
    pub fn title(self) -> Text {
        match self {
            View::Pool => Text::ServerPool,
            View::Ring => Text::HashRing,
            View::Table => Text::Distribution,
            View::Compare => Text::Compare,
            View::Lookup => Text::LookupSteps,
            View::Flow => Text::RequestFlow,
            View::Sweep => Text::LoadSweep,
        }
    }
}

/// A strategy in the compare list: `NAME` or `tutorial:NAME` (or the older `seed:NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StrategyChoice {
    /// Which strategy.
    pub kind: StrategyKind,
    /// Corrected, or the tutorial's code.
    pub variant: Variant,
}

impl StrategyChoice {
    /// Read `NAME`, `tutorial:NAME` or `seed:NAME`; `None` for an unknown strategy.
    pub fn parse(text: &str) -> Option<StrategyChoice> {
        let (variant, name) = Variant::split_prefix(text);
        let kind = name.parse().ok()?;
        Some(StrategyChoice { kind, variant })
    }

    fn write(self, out: &mut String) {
        if self.variant == Variant::Seed {
            out.push_str("tutorial:");
        }
        out.push_str(self.kind.name());
    }
}

/// One server of a pool given in the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerSetting {
    /// The server's id, `host:port`.
    pub id: String,
    /// Its weight, 0 to 100 ([`WEIGHT`]); 0 takes no requests.
    pub weight: u32,
    /// Overrides the `latency` slider for this server.
    pub latency_ms: Option<f64>,
    /// Overrides the `error_rate` slider for this server.
    pub error_rate: Option<f64>,
    /// Overrides the preset's connection limit for this server.
    pub max_connections: Option<u32>,
}

impl ServerSetting {
    /// A server with this weight and no overrides.
    pub fn new(id: impl Into<String>, weight: u32) -> Self {
        Self {
            id: id.into(),
            weight,
            latency_ms: None,
            error_rate: None,
            max_connections: None,
        }
    }

    /// The host and port an id of the form `host:port` names (port 1–65535).
    pub fn host_port(&self) -> Option<(&str, u16)> {
        let (host, port) = self.id.rsplit_once(':')?;
        let port: u16 = port.parse().ok().filter(|&p| p > 0)?;
        (!host.is_empty()).then_some((host, port))
    }
}

/// Is `id` usable as a server id in a URL (1–64 characters of `A-Z a-z 0-9 . _ : -`)?
pub fn valid_server_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_SERVER_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// Why a lookup key cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// More than [`MAX_KEY_CHARS`] characters.
    TooLong,
    /// Control characters, or `<` / `>` (markup has no business in a key).
    Forbidden,
}

/// Check a lookup key: at most [`MAX_KEY_CHARS`] characters, no control characters, no `<` `>`.
pub fn check_key(key: &str) -> Result<(), KeyProblem> {
    if key.chars().count() > MAX_KEY_CHARS {
        Err(KeyProblem::TooLong)
    } else if key.chars().any(|c| c.is_control() || c == '<' || c == '>') {
        Err(KeyProblem::Forbidden)
    } else {
        Ok(())
    }
}

/// What was done about a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// Not a parameter of the playground: ignored.
    UnknownParameter,
    /// Given again: the first value is used.
    Duplicate,
    /// Could not be read: ignored.
    Malformed,
    /// NaN or infinite: ignored.
    NotFinite,
    /// Out of range: `used` instead.
    Clamped {
        /// The lowest value accepted, as written in notes.
        min: String,
        /// The highest value accepted.
        max: String,
        /// The value used instead.
        used: String,
    },
    /// Not one of the values the parameter takes: ignored.
    UnknownValue,
    /// Broken percent-encoding or invalid UTF-8: ignored.
    BadEncoding,
    /// Longer than `max` characters: ignored.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// More than `max` entries: the first `max` are used.
    TooMany {
        /// The limit, in entries.
        max: usize,
    },
    /// One entry of a list could not be used: that entry is ignored.
    BadEntry,
    /// Valid but not possible with the other settings: `used` instead.
    NotAvailable {
        /// The value used instead.
        used: String,
    },
    /// A whole number written otherwise than in digits (`1e3`, `2.0`): read as `used`, with
    /// a note as a clamped value gets.
    NotDigits {
        /// The value it was read as.
        used: String,
    },
    /// `count` more notes were left out.
    More {
        /// Notes left out.
        count: usize,
    },
}

/// One parameter ignored or changed, for the UI to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkNote {
    /// The parameter, as given (shortened, control characters replaced).
    pub param: String,
    /// The value or entry in question (shortened likewise; may be empty).
    pub value: String,
    /// What was wrong and what was done about it.
    pub kind: NoteKind,
}

/// Characters of a parameter name or value quoted in a note.
const NOTE_QUOTE_CHARS: usize = 40;

/// `text` shortened for a note, control characters shown as U+FFFD.
fn quote(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(NOTE_QUOTE_CHARS)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().nth(NOTE_QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

impl LinkNote {
    fn new(param: &str, value: &str, kind: NoteKind) -> Self {
        Self {
            param: quote(param),
            value: quote(value),
            kind,
        }
    }

    /// The note in `lang`, as text.
    pub fn message(&self, lang: Lang) -> String {
        match &self.kind {
            NoteKind::UnknownParameter => {
                Text::NoteUnknownParameter.fill(lang, &["param"], &[&self.param])
            }
            NoteKind::Duplicate => Text::NoteDuplicate.fill(lang, &["param"], &[&self.param]),
            NoteKind::Malformed => {
                Text::NoteMalformed.fill(lang, &["param", "value"], &[&self.param, &self.value])
            }
            NoteKind::NotFinite => {
                Text::NoteNotFinite.fill(lang, &["param", "value"], &[&self.param, &self.value])
            }
            NoteKind::Clamped { min, max, used } => Text::NoteClamped.fill(
                lang,
                &["param", "value", "min", "max", "used"],
                &[&self.param, &self.value, min, max, used],
            ),
            NoteKind::UnknownValue => {
                Text::NoteUnknownValue.fill(lang, &["param", "value"], &[&self.param, &self.value])
            }
            NoteKind::BadEncoding => Text::NoteBadEncoding.fill(lang, &["param"], &[&self.param]),
            NoteKind::TooLong { max } => {
                Text::NoteTooLong.fill(lang, &["param", "max"], &[&self.param, &max.to_string()])
            }
            NoteKind::TooMany { max } => {
                Text::NoteTooMany.fill(lang, &["param", "max"], &[&self.param, &max.to_string()])
            }
            NoteKind::BadEntry => {
                Text::NoteBadEntry.fill(lang, &["param", "value"], &[&self.param, &self.value])
            }
            NoteKind::NotAvailable { used } => Text::NoteNotAvailable.fill(
                lang,
                &["param", "value", "used"],
                &[&self.param, &self.value, used],
            ),
            NoteKind::NotDigits { used } => Text::NoteNotDigits.fill(
                lang,
                &["param", "value", "used"],
                &[&self.param, &self.value, used],
            ),
            NoteKind::More { count } => {
                Text::NoteMore.fill(lang, &["count"], &[&count.to_string()])
            }
        }
    }
}

impl fmt::Display for LinkNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Notes, at most [`MAX_NOTES`] of them plus a count of the rest.
#[derive(Default)]
struct LinkNotes {
    list: Vec<LinkNote>,
    left_out: usize,
}

impl LinkNotes {
    fn add(&mut self, param: &str, value: &str, kind: NoteKind) {
        if self.list.len() < MAX_NOTES {
            self.list.push(LinkNote::new(param, value, kind));
        } else {
            self.left_out += 1;
        }
    }

    fn clamped(&mut self, param: &str, value: &str, range: &Slider, used: f64) {
        self.add(
            param,
            value,
            NoteKind::Clamped {
                min: fmt_real(range.min),
                max: fmt_real(range.max),
                used: fmt_real(used),
            },
        );
    }

    fn finish(mut self) -> Vec<LinkNote> {
        if self.left_out > 0 {
            self.list.push(LinkNote {
                param: String::new(),
                value: String::new(),
                kind: NoteKind::More {
                    count: self.left_out,
                },
            });
        }
        self.list
    }
}

/// Everything a user can set, with its defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// One of [`PRESETS`].
    pub preset: &'static str,
    /// Which of the preset's runs (seed-demo and flapping have two).
    pub run: usize,
    /// The strategy to run.
    pub strategy: StrategyKind,
    /// Corrected, or the tutorial's code.
    pub variant: Variant,
    /// This crate's ring or nginx's, for the ring strategies.
    pub ring: RingFlavor,
    /// Ring points per unit of weight ([`VIRTUAL_NODES`]).
    pub virtual_nodes: u32,
    /// Bounded loads' c ([`LOAD_FACTOR`]).
    pub load_factor: f64,
    /// Multi-probe consistent hashing's probes per key ([`PROBES`]).
    pub k: u32,
    /// Power of d choices' d, Envoy least request's `choice_count` ([`CHOICES`]).
    pub d: u32,
    /// Envoy least request's `active_request_bias` ([`ACTIVE_REQUEST_BIAS`]); `None`: not set
    /// (Envoy's 1, with equal weights keeping the random choices).
    pub active_request_bias: Option<f64>,
    /// Envoy least request's `slow_start_window` in ms ([`SLOW_START_WINDOW`]); `None`: off.
    pub slow_start_ms: Option<f64>,
    /// Its `aggression` ([`SLOW_START_AGGRESSION`]); `None`: Envoy's 1.
    pub slow_start_aggression: Option<f64>,
    /// Its `min_weight_percent` ([`SLOW_START_MIN_WEIGHT`]); `None`: Envoy's 10.
    pub slow_start_min_weight: Option<f64>,
    /// Prequal's pool, Q_RIF, r, b and maximum age (`share::knobs`).
    pub prequal: PrequalSettings,
    /// The compare view's strategies; empty means the preset's (at most [`MAX_COMPARE`]).
    pub compare: Vec<StrategyChoice>,
    /// The pool; `None` means the preset's.
    pub servers: Option<Vec<ServerSetting>>,
    /// `None` means the preset's value ([`REQUEST_RATE`]).
    pub request_rate: Option<f64>,
    /// `None` means each server's own ([`LATENCY`]).
    pub latency_ms: Option<f64>,
    /// `None` means each server's own ([`ERROR_RATE`]).
    pub error_rate: Option<f64>,
    /// `None` means the preset's ([`HEALTH_INTERVAL`]).
    pub health_interval_ms: Option<f64>,
    /// `None` means the preset's ([`COST_SPREAD`]).
    pub cost_spread: Option<f64>,
    /// `None` means each server's own ([`QUEUE_LIMIT`]; only servers with a capacity take it).
    pub queue_limit: Option<u32>,
    /// `None` means the preset's (1 to [`MAX_BALANCERS`]).
    pub balancers: Option<u32>,
    /// The simulation's random seed: the same seed replays the same run.
    pub seed: u64,
    /// [`SPEED`].
    pub speed: f64,
    /// The view shown (`view=`).
    pub view: View,
    /// The lookup debugger's key ([`check_key`]).
    pub key: String,
    /// The lookup debugger's step, from 0.
    pub step: u32,
    /// `None` means the browser's language ([`Lang::from_browser`]).
    pub lang: Option<Lang>,
    /// One compact view, no surrounding page.
    pub embed: bool,
    /// An embed plays on its own while on screen; `autoplay=0` keeps it paused until Play.
    pub autoplay: bool,
    /// The open lesson's id (one of `share::lessons::lessons()`).
    pub lesson: Option<&'static str>,
    /// An imported proxy configuration as the link carries it: the text itself when short,
    /// else packed ([`packed::pack`], `z.` + base64url of deflate), at most
    /// [`packed::MAX_UNPACKED_BYTES`]. The page never inflates it: the import worker reads it
    /// (`playground::import::wire`), which keeps deflate out of the page's first load.
    pub config: Option<String>,
    /// The backend of `config` shown (at most [`MAX_SERVER_ID_CHARS`] characters).
    pub backend: Option<String>,
}

impl Default for Link {
    fn default() -> Self {
        Self {
            preset: PRESETS[0],
            run: 0,
            strategy: StrategyKind::RoundRobin,
            variant: Variant::Corrected,
            ring: RingFlavor::Fulcrum,
            virtual_nodes: 160,
            load_factor: 1.25,
            k: StrategyConfig::default().k,
            d: StrategyConfig::default().d,
            active_request_bias: None,
            slow_start_ms: None,
            slow_start_aggression: None,
            slow_start_min_weight: None,
            prequal: PrequalSettings::default(),
            compare: Vec::new(),
            servers: None,
            request_rate: None,
            latency_ms: None,
            error_rate: None,
            health_interval_ms: None,
            cost_spread: None,
            queue_limit: None,
            balancers: None,
            seed: 1,
            speed: 1.0,
            view: View::Pool,
            key: DEFAULT_KEY.to_string(),
            step: 0,
            lang: None,
            embed: false,
            autoplay: true,
            lesson: None,
            config: None,
            backend: None,
        }
    }
}

/// A number as written in a URL.
enum Number {
    Finite(f64),
    NotFinite,
    Malformed,
}

fn parse_real(text: &str) -> Number {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return Number::Malformed;
    }
    match parse_decimal(text) {
        Some(x) if x.is_finite() => Number::Finite(x),
        // Too large for an f64 (1e400).
        Some(_) => Number::NotFinite,
        None => {
            // NaN and the infinities, as Rust's parser spells them.
            let word = text.strip_prefix(['+', '-']).unwrap_or(text);
            if ["nan", "inf", "infinity"]
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w))
            {
                Number::NotFinite
            } else {
                Number::Malformed
            }
        }
    }
}

/// A decimal number as Rust writes one (`-1.5`, `.5`, `2.`, `1e-3`), or `None` for anything
/// else: the grammar is checked first because `str::parse` also accepts `inf` and `NaN`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse().ok()
}

/// A whole number as written in a URL, saturated to i128 (digits of any length are fine).
enum Whole {
    Value(i128),
    /// Written otherwise than in digits (`1e3`, `2.0`): the value is used, with a note.
    NotDigits(i128),
    NotFinite,
    Malformed,
}

fn parse_whole(text: &str) -> Whole {
    let t = text.trim();
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let magnitude = digits.bytes().fold(0i128, |acc, b| {
            acc.saturating_mul(10).saturating_add(i128::from(b - b'0'))
        });
        return Whole::Value(if negative { -magnitude } else { magnitude });
    }
    // "1e3" and "2.0" are whole numbers too, said with a note; "2.5" is not.
    match parse_real(t) {
        Number::Finite(x) if x.fract() == 0.0 => Whole::NotDigits(x as i128),
        Number::Finite(_) | Number::Malformed => Whole::Malformed,
        Number::NotFinite => Whole::NotFinite,
    }
}

/// `config` as the link writes it, or `None` when even packed it is longer than a link value
/// may be ([`MAX_VALUE_BYTES`]): the import panel says so rather than make a link that fails.
/// (Called by the import worker: deflate stays out of the page.)
pub fn packed_config(config: &str) -> Option<String> {
    let packed = packed::pack(config);
    fits_a_link(&packed).then_some(packed)
}

/// Whether a `config` value, percent-encoded, fits in a link ([`MAX_VALUE_BYTES`]).
fn fits_a_link(value: &str) -> bool {
    let mut encoded = String::new();
    percent_encode(value, &mut encoded);
    encoded.len() <= MAX_VALUE_BYTES && value.len() <= packed::MAX_UNPACKED_BYTES
}

/// The shortest text that reads back as exactly `x` (no exponent, `-0` written as `0`).
fn fmt_real(x: f64) -> String {
    format!("{}", x + 0.0)
}

/// Decode one query component: `+` for a space, `%XX` escapes, then UTF-8. A `%` not followed
/// by two hex digits makes the component unreadable (`percent-encoding` alone would keep it).
fn percent_decode(raw: &str) -> Option<String> {
    let escapes_ok = raw.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return None;
    }
    let spaced = raw.replace('+', " ");
    let decoded = percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()?;
    Some(decoded.into_owned())
}

/// What [`percent_encode`] escapes: everything but letters, digits and `-._~:,*/` (so `&`,
/// `=`, `+`, `#`, `%`, quotes and `<>` become `%XX`).
const QUERY_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b',')
    .remove(b'*')
    .remove(b'/');

/// Percent-encode `text` into `out`.
fn percent_encode(text: &str, out: &mut String) {
    out.extend(percent_encoding::utf8_percent_encode(text, QUERY_ESCAPED));
}

impl Link {
    /// Read settings from a URL query (`location.search`, with or without the leading `?`).
    /// Never panics; the settings are always valid; every parameter ignored or changed gets a
    /// note.
    pub fn from_query(query: &str) -> (Link, Vec<LinkNote>) {
        let mut notes = LinkNotes::default();
        let mut settings = Link::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        let mut seen = [false; PARAMS.len()];
        let mut read = 0usize;
        let mut skipped = 0usize;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            if read == MAX_PARAMS {
                skipped += 1;
                continue;
            }
            read += 1;
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(name) = percent_decode(raw_name) else {
                notes.add(raw_name, "", NoteKind::BadEncoding);
                continue;
            };
            let Some(index) = PARAMS.iter().position(|p| *p == name) else {
                notes.add(&name, "", NoteKind::UnknownParameter);
                continue;
            };
            if std::mem::replace(&mut seen[index], true) {
                notes.add(&name, "", NoteKind::Duplicate);
                continue;
            }
            if raw_value.len() > MAX_VALUE_BYTES {
                notes.add(
                    &name,
                    "",
                    NoteKind::TooLong {
                        max: MAX_VALUE_BYTES,
                    },
                );
                continue;
            }
            let Some(value) = percent_decode(raw_value) else {
                notes.add(&name, "", NoteKind::BadEncoding);
                continue;
            };
            settings.read_param(PARAMS[index], &value, &mut notes);
        }
        if skipped > 0 {
            notes.add("", "", NoteKind::TooMany { max: MAX_PARAMS });
        }
        settings.sanitize_into(&mut notes);
        (settings, notes.finish())
    }

    /// Set one parameter from its decoded value.
    fn read_param(&mut self, name: &'static str, value: &str, notes: &mut LinkNotes) {
        let unknown = |notes: &mut LinkNotes| notes.add(name, value, NoteKind::UnknownValue);
        match name {
            "preset" => match preset_name(value) {
                Some(p) => self.preset = p,
                None => unknown(notes),
            },
            "run" => {
                if let Some(run) = read_whole(name, value, 0, 1_000, notes) {
                    self.run = run as usize;
                }
            }
            "strategy" => match value.parse() {
                Ok(kind) => self.strategy = kind,
                Err(_) => unknown(notes),
            },
            "variant" => match Variant::from_name(value) {
                Some(variant) => self.variant = variant,
                None => unknown(notes),
            },
            "ring" => match value {
                "fulcrum" => self.ring = RingFlavor::Fulcrum,
                "nginx" => self.ring = RingFlavor::Nginx,
                _ => unknown(notes),
            },
            "vnodes" => {
                if let Some(v) = read_slider_whole(&VIRTUAL_NODES, value, notes) {
                    self.virtual_nodes = v as u32;
                }
            }
            "load_factor" => {
                if let Some(x) = read_slider(&LOAD_FACTOR, name, value, notes) {
                    self.load_factor = x;
                }
            }
            "k" | "d" => {
                let (range, field) = match name {
                    "k" => (&PROBES, &mut self.k),
                    _ => (&CHOICES, &mut self.d),
                };
                if let Some(n) = read_slider_whole(range, value, notes) {
                    *field = n as u32;
                }
            }
            "bias" => {
                self.active_request_bias = read_slider(&ACTIVE_REQUEST_BIAS, name, value, notes);
            }
            "slow_start" => {
                self.slow_start_ms =
                    read_slider_whole(&SLOW_START_WINDOW, value, notes).map(|ms| ms as f64);
            }
            "aggression" => {
                self.slow_start_aggression =
                    read_slider(&SLOW_START_AGGRESSION, name, value, notes);
            }
            "min_weight" => {
                self.slow_start_min_weight =
                    read_slider(&SLOW_START_MIN_WEIGHT, name, value, notes);
            }
            _ if PrequalKnob::from_param(name).is_some() => {
                let knob = PrequalKnob::from_param(name).expect("matched");
                let range = knob.slider();
                let x = if knob.whole() {
                    read_slider_whole(range, value, notes).map(|n| n as f64)
                } else {
                    read_slider(range, name, value, notes)
                };
                if let Some(x) = x {
                    knob.set(&mut self.prequal, x);
                }
            }
            "compare" => self.compare = read_compare(value, notes),
            "servers" => self.servers = read_servers(value, notes),
            "rate" => self.request_rate = read_slider(&REQUEST_RATE, name, value, notes),
            "latency" => self.latency_ms = read_slider(&LATENCY, name, value, notes),
            "error_rate" => self.error_rate = read_slider(&ERROR_RATE, name, value, notes),
            "health_interval" => {
                self.health_interval_ms = read_slider(&HEALTH_INTERVAL, name, value, notes);
            }
            "spread" => self.cost_spread = read_slider(&COST_SPREAD, name, value, notes),
            "queue" => {
                self.queue_limit = read_slider_whole(&QUEUE_LIMIT, value, notes).map(|q| q as u32);
            }
            "balancers" => {
                let max = u64::from(MAX_BALANCERS);
                self.balancers = read_whole(name, value, 1, max, notes).map(|b| b as u32);
            }
            "seed" => {
                if let Some(seed) = read_whole(name, value, 0, u64::MAX, notes) {
                    self.seed = seed;
                }
            }
            "speed" => {
                if let Some(x) = read_slider(&SPEED, name, value, notes) {
                    self.speed = x;
                }
            }
            "view" => match View::from_name(value) {
                Some(view) => self.view = view,
                None => unknown(notes),
            },
            "key" => match check_key(value) {
                Ok(()) => self.key = value.to_string(),
                Err(KeyProblem::TooLong) => {
                    notes.add(name, value, NoteKind::TooLong { max: MAX_KEY_CHARS })
                }
                Err(KeyProblem::Forbidden) => notes.add(name, value, NoteKind::Malformed),
            },
            "step" => {
                if let Some(step) = read_whole(name, value, 0, u64::from(MAX_LOOKUP_STEP), notes) {
                    self.step = step as u32;
                }
            }
            "lang" => match Lang::from_tag(value) {
                Some(lang) if !value.is_empty() => self.lang = Some(lang),
                _ => unknown(notes),
            },
            "embed" => match value {
                "1" | "true" | "" => self.embed = true,
                "0" | "false" => self.embed = false,
                _ => unknown(notes),
            },
            "autoplay" => match value {
                "1" | "true" | "" => self.autoplay = true,
                "0" | "false" => self.autoplay = false,
                _ => unknown(notes),
            },
            "lesson" => match super::lessons::lesson_id(value) {
                Some(id) => self.lesson = Some(id),
                None => unknown(notes),
            },
            // Kept as written: the import worker unpacks it and says beside the panel what
            // went wrong (a value that inflates too far, or is not deflate).
            "config" => match packed::check(value) {
                Ok(()) => self.config = (!value.trim().is_empty()).then(|| value.to_string()),
                Err(Unpack::TooLarge) => notes.add(
                    name,
                    "",
                    NoteKind::TooLong {
                        max: packed::MAX_UNPACKED_BYTES,
                    },
                ),
                Err(Unpack::Malformed) => notes.add(name, "", NoteKind::Malformed),
            },
            "backend" => {
                if value.chars().count() > MAX_SERVER_ID_CHARS {
                    notes.add(
                        name,
                        value,
                        NoteKind::TooLong {
                            max: MAX_SERVER_ID_CHARS,
                        },
                    );
                } else if value.is_empty() || value.chars().any(char::is_control) {
                    notes.add(name, value, NoteKind::Malformed);
                } else {
                    self.backend = Some(value.to_string());
                }
            }
            _ => notes.add(name, value, NoteKind::UnknownParameter),
        }
    }

    /// Bring every field into range and every combination into agreement, with a note for each
    /// change. The UI calls it after the user edits settings; settings that come back without
    /// notes are valid.
    pub fn sanitize(&mut self) -> Vec<LinkNote> {
        let mut notes = LinkNotes::default();
        self.sanitize_into(&mut notes);
        notes.finish()
    }

    /// Are the settings valid (in range and consistent)?
    pub fn is_valid(&self) -> bool {
        self.clone().sanitize().is_empty()
    }

    fn sanitize_into(&mut self, notes: &mut LinkNotes) {
        if !PRESETS.contains(&self.preset) {
            notes.add(
                "preset",
                self.preset,
                NoteKind::NotAvailable {
                    used: PRESETS[0].into(),
                },
            );
            self.preset = PRESETS[0];
        }
        let runs = preset(self.preset).map_or(1, |p| p.runs.len()).max(1);
        if self.run >= runs {
            notes.add(
                "run",
                &self.run.to_string(),
                NoteKind::Clamped {
                    min: "0".into(),
                    max: (runs - 1).to_string(),
                    used: (runs - 1).to_string(),
                },
            );
            self.run = runs - 1;
        }
        if self.variant == Variant::Seed && !self.strategy.has_seed_variant() {
            notes.add(
                "variant",
                Variant::Seed.name(),
                NoteKind::NotAvailable {
                    used: "corrected".into(),
                },
            );
            self.variant = Variant::Corrected;
        }
        if self.ring == RingFlavor::Nginx && !ring_strategy(self.strategy) {
            notes.add(
                "ring",
                "nginx",
                NoteKind::NotAvailable {
                    used: "fulcrum".into(),
                },
            );
            self.ring = RingFlavor::Fulcrum;
        }
        sanitize_real(&mut self.load_factor, &LOAD_FACTOR, 1.25, notes);
        sanitize_real(&mut self.speed, &SPEED, 1.0, notes);
        for (value, range) in [
            (&mut self.request_rate, &REQUEST_RATE),
            (&mut self.latency_ms, &LATENCY),
            (&mut self.error_rate, &ERROR_RATE),
            (&mut self.health_interval_ms, &HEALTH_INTERVAL),
            (&mut self.cost_spread, &COST_SPREAD),
            (&mut self.active_request_bias, &ACTIVE_REQUEST_BIAS),
            (&mut self.slow_start_ms, &SLOW_START_WINDOW),
            (&mut self.slow_start_aggression, &SLOW_START_AGGRESSION),
            (&mut self.slow_start_min_weight, &SLOW_START_MIN_WEIGHT),
        ] {
            if let Some(x) = value {
                if x.is_finite() {
                    let clamped = range.clamp(*x);
                    if clamped != *x {
                        notes.clamped(range.param, &fmt_real(*x), range, clamped);
                    }
                    *x = clamped;
                } else {
                    notes.add(range.param, &fmt_real(*x), NoteKind::NotFinite);
                    *value = None;
                }
            }
        }
        if let Some(q) = &mut self.queue_limit {
            sanitize_whole(q, &QUEUE_LIMIT, notes);
        }
        sanitize_whole(&mut self.k, &PROBES, notes);
        sanitize_whole(&mut self.d, &CHOICES, notes);
        // Each was clamped as read; what is left is r above the pool's size.
        for (knob, was, used, max) in clamp_prequal(&mut self.prequal) {
            notes.add(
                knob.slider().param,
                &fmt_real(was),
                NoteKind::Clamped {
                    min: fmt_real(knob.slider().min),
                    max: fmt_real(max),
                    used: fmt_real(used),
                },
            );
        }
        let mut seen = Vec::new();
        self.compare.retain(|c| {
            let ok =
                (c.variant == Variant::Corrected || c.kind.has_seed_variant()) && !seen.contains(c);
            if !ok {
                let mut text = String::new();
                c.write(&mut text);
                notes.add("compare", &text, NoteKind::BadEntry);
            }
            seen.push(*c);
            ok
        });
        if self.compare.len() > MAX_COMPARE {
            notes.add("compare", "", NoteKind::TooMany { max: MAX_COMPARE });
            self.compare.truncate(MAX_COMPARE);
        }
        if let Some(servers) = &mut self.servers {
            sanitize_servers(servers, notes);
            if servers.is_empty() {
                self.servers = None;
            }
        }
        let vnodes_max = (VIRTUAL_NODES.max as u32).min(self.virtual_nodes_budget());
        if !(VIRTUAL_NODES.min as u32..=vnodes_max).contains(&self.virtual_nodes) {
            let used = self
                .virtual_nodes
                .clamp(VIRTUAL_NODES.min as u32, vnodes_max);
            notes.add(
                "vnodes",
                &self.virtual_nodes.to_string(),
                NoteKind::Clamped {
                    min: fmt_real(VIRTUAL_NODES.min),
                    max: vnodes_max.to_string(),
                    used: used.to_string(),
                },
            );
            self.virtual_nodes = used;
        }
        if check_key(&self.key).is_err() {
            notes.add(
                "key",
                &self.key,
                NoteKind::NotAvailable {
                    used: DEFAULT_KEY.into(),
                },
            );
            self.key = DEFAULT_KEY.to_string();
        }
        if let Some(id) = self.lesson
            && super::lessons::lesson_id(id).is_none()
        {
            notes.add("lesson", id, NoteKind::UnknownValue);
            self.lesson = None;
        }
        if self.step > MAX_LOOKUP_STEP {
            notes.add(
                "step",
                &self.step.to_string(),
                NoteKind::Clamped {
                    min: "0".into(),
                    max: MAX_LOOKUP_STEP.to_string(),
                    used: MAX_LOOKUP_STEP.to_string(),
                },
            );
            self.step = MAX_LOOKUP_STEP;
        }
    }

    /// The most virtual nodes the pool's total weight allows under [`MAX_RING_POINTS`].
    pub fn virtual_nodes_budget(&self) -> u32 {
        let total_weight: u64 = match &self.servers {
            Some(servers) => servers.iter().map(|s| u64::from(s.weight)).sum(),
            None => self
                .preset_run()
                .map_or(0, |r| r.servers.iter().map(|s| u64::from(s.weight)).sum()),
        };
        (MAX_RING_POINTS / total_weight.max(1)).clamp(1, u64::from(u32::MAX)) as u32
    }

    /// Write the settings as a query (without the `?`): parameters in [`PARAMS`] order, those at
    /// their default left out except `preset`, `strategy` and `seed`.
    pub fn to_query(&self) -> String {
        let d = Link::default();
        let mut out = String::new();
        let mut put = |name: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            percent_encode(value, &mut out);
        };
        put("preset", self.preset);
        if self.run != d.run {
            put("run", &self.run.to_string());
        }
        put("strategy", self.strategy.name());
        if self.variant == Variant::Seed {
            put("variant", Variant::Seed.name());
        }
        if self.ring == RingFlavor::Nginx {
            put("ring", "nginx");
        }
        if self.virtual_nodes != d.virtual_nodes {
            put("vnodes", &self.virtual_nodes.to_string());
        }
        if self.load_factor != d.load_factor {
            put("load_factor", &fmt_real(self.load_factor));
        }
        for (value, default, range) in [(self.k, d.k, &PROBES), (self.d, d.d, &CHOICES)] {
            if value != default {
                put(range.param, &value.to_string());
            }
        }
        for (value, range) in [
            (self.active_request_bias, &ACTIVE_REQUEST_BIAS),
            (self.slow_start_ms, &SLOW_START_WINDOW),
            (self.slow_start_aggression, &SLOW_START_AGGRESSION),
            (self.slow_start_min_weight, &SLOW_START_MIN_WEIGHT),
        ] {
            if let Some(x) = value {
                put(range.param, &fmt_real(x));
            }
        }
        for knob in PrequalKnob::ALL {
            let value = knob.get(&self.prequal);
            if value != knob.get(&d.prequal) {
                put(knob.slider().param, &fmt_real(value));
            }
        }
        if !self.compare.is_empty() {
            let mut list = String::new();
            for (i, c) in self.compare.iter().enumerate() {
                if i > 0 {
                    list.push(',');
                }
                c.write(&mut list);
            }
            put("compare", &list);
        }
        if let Some(servers) = &self.servers {
            put("servers", &write_servers(servers));
        }
        for (value, range) in [
            (self.request_rate, &REQUEST_RATE),
            (self.latency_ms, &LATENCY),
            (self.error_rate, &ERROR_RATE),
            (self.health_interval_ms, &HEALTH_INTERVAL),
            (self.cost_spread, &COST_SPREAD),
        ] {
            if let Some(x) = value {
                put(range.param, &fmt_real(x));
            }
        }
        if let Some(q) = self.queue_limit {
            put(QUEUE_LIMIT.param, &q.to_string());
        }
        if let Some(b) = self.balancers {
            put("balancers", &b.to_string());
        }
        put("seed", &self.seed.to_string());
        if self.speed != d.speed {
            put("speed", &fmt_real(self.speed));
        }
        if self.view != d.view {
            put("view", self.view.name());
        }
        if self.key != d.key {
            put("key", &self.key);
        }
        if self.step != d.step {
            put("step", &self.step.to_string());
        }
        if let Some(lang) = self.lang {
            put("lang", lang.code());
        }
        if self.embed {
            put("embed", "1");
        }
        if !self.autoplay {
            put("autoplay", "0");
        }
        if let Some(id) = self.lesson {
            put("lesson", id);
        }
        if let Some(value) = self.config.as_deref().filter(|v| fits_a_link(v)) {
            put("config", value);
        }
        if let Some(b) = &self.backend {
            put("backend", b);
        }
        out
    }

    /// `base` (a page, e.g. `index.html` or the current URL without its query) with the query.
    pub fn permalink(&self, base: &str) -> String {
        let base = base.split(['?', '#']).next().unwrap_or("");
        format!("{base}?{}", self.to_query())
    }

    /// The preset run the settings start from.
    pub fn preset_run(&self) -> Option<Scenario> {
        let mut runs = preset(self.preset)?.runs;
        let run = self.run.min(runs.len().checked_sub(1)?);
        Some(runs.swap_remove(run))
    }

    /// The strategy to run, configured by the settings.
    pub fn strategy_config(&self) -> StrategyConfig {
        self.configure(StrategyChoice {
            kind: self.strategy,
            variant: self.variant,
        })
    }

    /// The compare view's strategies: the compare list, or the preset's first
    /// [`MAX_COMPARE`], configured by the settings (ring flavour only where it applies).
    pub fn compare_configs(&self) -> Vec<StrategyConfig> {
        if self.compare.is_empty() {
            self.preset_run()
                .map(|r| r.strategies)
                .unwrap_or_default()
                .iter()
                .take(MAX_COMPARE)
                .map(|c| {
                    self.configure(StrategyChoice {
                        kind: c.kind,
                        variant: c.variant,
                    })
                })
                .collect()
        } else {
            self.compare.iter().map(|&c| self.configure(c)).collect()
        }
    }

    fn configure(&self, choice: StrategyChoice) -> StrategyConfig {
        let mut config = StrategyConfig::new(choice.kind);
        if choice.kind.has_seed_variant() {
            config.variant = choice.variant;
        }
        if ring_strategy(choice.kind) {
            config.ring = self.ring;
        }
        config.points_per_weight = self.virtual_nodes.max(1);
        config.load_factor = self.load_factor;
        config.k = self.k;
        config.d = self.d;
        config.active_request_bias = self.active_request_bias;
        config.slow_start = self.slow_start();
        config.prequal = self.prequal.clone();
        config
    }

    /// Envoy least request's slow start as the link sets it: a window, with the aggression and
    /// minimum weight given or Envoy's defaults.
    pub fn slow_start(&self) -> Option<SlowStart> {
        let window = self.slow_start_ms.filter(|w| w.is_finite())?;
        let d = SlowStart::default();
        Some(SlowStart {
            window_ms: SLOW_START_WINDOW.clamp(window.round()) as u64,
            aggression: self
                .slow_start_aggression
                .filter(|a| a.is_finite())
                .map_or(d.aggression, |a| SLOW_START_AGGRESSION.clamp(a)),
            min_weight_percent: self
                .slow_start_min_weight
                .filter(|m| m.is_finite())
                .map_or(d.min_weight_percent, |m| SLOW_START_MIN_WEIGHT.clamp(m)),
        })
    }

    /// The scenario to simulate: the preset's run with the settings applied (seed, strategy,
    /// servers, rate, latency, error rate, health-check interval). Scheduled faults on servers
    /// no longer in the pool are dropped. Valid whenever the settings are.
    pub fn scenario(&self) -> Scenario {
        let mut s = self.preset_run().unwrap_or_default();
        s.seed = self.seed;
        s.strategies = vec![self.strategy_config()];
        if let Some(servers) = &self.servers {
            let template = s.servers.first().cloned().unwrap_or_default();
            let old = std::mem::take(&mut s.servers);
            s.servers = servers
                .iter()
                .map(|setting| {
                    let mut spec = old
                        .iter()
                        .enumerate()
                        .find(|(i, o)| o.id_at(*i) == setting.id)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_else(|| ServerSpec {
                            join_at_ms: None,
                            slow_start_ms: 0.0,
                            ..template.clone()
                        });
                    spec.id = setting.id.clone();
                    match setting.host_port() {
                        Some((host, port)) => {
                            spec.host = host.to_string();
                            spec.port = port;
                        }
                        None => {
                            spec.host = "localhost".into();
                            spec.port = 0;
                        }
                    }
                    spec.weight = setting.weight;
                    spec.max_connections =
                        setting.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS);
                    spec
                })
                .collect();
            let ids: Vec<&str> = servers.iter().map(|x| x.id.as_str()).collect();
            s.faults.retain(|f| ids.contains(&f.server.as_str()));
        }
        for (i, spec) in s.servers.iter_mut().enumerate() {
            let own = self.servers.as_ref().and_then(|list| list.get(i));
            if let Some(latency) = own.and_then(|o| o.latency_ms).or(self.latency_ms) {
                spec.latency_ms = latency;
            }
            if let Some(rate) = own.and_then(|o| o.error_rate).or(self.error_rate) {
                spec.error_rate = rate;
            }
        }
        if let Some(rate) = self.request_rate {
            s.arrivals.rate_per_s = rate;
        }
        if let Some(interval) = self.health_interval_ms {
            s.health.interval_ms = interval;
        }
        if let Some(spread) = self.cost_spread {
            s.cost.spread = spread;
            if s.cost.distribution == CostDistribution::Fixed {
                s.cost.distribution = CostDistribution::Lognormal;
            }
        }
        if let Some(q) = self.queue_limit {
            // A queue is what waits beyond the workers: servers without a capacity have none.
            for spec in s.servers.iter_mut().filter(|x| x.capacity > 0) {
                spec.queue_limit = Some(q);
            }
        }
        if let Some(b) = self.balancers {
            s.balancers = b;
        }
        s
    }
}

/// Strategies that build a hash ring (and so may take nginx's).
fn ring_strategy(kind: StrategyKind) -> bool {
    matches!(
        kind,
        StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
    )
}

fn sanitize_real(x: &mut f64, range: &Slider, default: f64, notes: &mut LinkNotes) {
    if !x.is_finite() {
        notes.add(range.param, &fmt_real(*x), NoteKind::NotFinite);
        *x = default;
    } else {
        let used = range.clamp(*x);
        if used != *x {
            notes.clamped(range.param, &fmt_real(*x), range, used);
        }
        *x = used;
    }
}

/// A whole number held to `range`, clamped with a note (one set in code rather than read).
fn sanitize_whole(x: &mut u32, range: &Slider, notes: &mut LinkNotes) {
    let used = range.clamp(f64::from(*x)) as u32;
    if used != *x {
        notes.clamped(range.param, &x.to_string(), range, f64::from(used));
        *x = used;
    }
}

/// A finite number for `range`, clamped with a note; `None` (with a note) if unreadable.
fn read_slider(range: &Slider, name: &str, value: &str, notes: &mut LinkNotes) -> Option<f64> {
    match parse_real(value) {
        Number::Finite(x) => {
            let used = range.clamp(x);
            if used != x {
                notes.clamped(name, value, range, used);
            }
            Some(used)
        }
        Number::NotFinite => {
            notes.add(name, value, NoteKind::NotFinite);
            None
        }
        Number::Malformed => {
            notes.add(name, value, NoteKind::Malformed);
            None
        }
    }
}

fn read_slider_whole(range: &Slider, value: &str, notes: &mut LinkNotes) -> Option<u64> {
    read_whole(
        range.param,
        value,
        range.min as u64,
        range.max as u64,
        notes,
    )
}

/// A whole number in `min..=max`, clamped with a note; `None` (with a note) if unreadable.
fn read_whole(name: &str, value: &str, min: u64, max: u64, notes: &mut LinkNotes) -> Option<u64> {
    match parse_whole(value) {
        whole @ (Whole::Value(v) | Whole::NotDigits(v)) => {
            let c = super::clamp::clamp(v, i128::from(min), i128::from(max));
            let used = c.used as u64;
            if !c.changed && matches!(whole, Whole::NotDigits(_)) {
                notes.add(
                    name,
                    value,
                    NoteKind::NotDigits {
                        used: used.to_string(),
                    },
                );
            } else if c.changed {
                notes.add(
                    name,
                    value,
                    NoteKind::Clamped {
                        min: min.to_string(),
                        max: max.to_string(),
                        used: used.to_string(),
                    },
                );
            }
            Some(used)
        }
        Whole::NotFinite => {
            notes.add(name, value, NoteKind::NotFinite);
            None
        }
        Whole::Malformed => {
            notes.add(name, value, NoteKind::Malformed);
            None
        }
    }
}

fn read_compare(value: &str, notes: &mut LinkNotes) -> Vec<StrategyChoice> {
    let mut list = Vec::new();
    for item in value.split(',').filter(|i| !i.is_empty()) {
        match StrategyChoice::parse(item) {
            Some(choice) if list.len() < MAX_COMPARE * 2 => list.push(choice),
            Some(_) => {}
            None => notes.add("compare", item, NoteKind::BadEntry),
        }
    }
    // Availability, duplicates and the count are checked by sanitize.
    list
}

/// Parse the `servers` list; entries that cannot be used are left out with a note.
fn read_servers(value: &str, notes: &mut LinkNotes) -> Option<Vec<ServerSetting>> {
    let mut servers: Vec<ServerSetting> = Vec::new();
    let mut extra = 0usize;
    for item in value.split(',') {
        if servers.len() == MAX_SERVERS {
            extra += 1;
            continue;
        }
        match read_server(item, notes) {
            Some(server) => servers.push(server),
            None => notes.add("servers", item, NoteKind::BadEntry),
        }
    }
    if extra > 0 {
        notes.add("servers", "", NoteKind::TooMany { max: MAX_SERVERS });
    }
    // Duplicates are checked by sanitize; an empty list means the preset's servers.
    (!servers.is_empty()).then_some(servers)
}

/// One `ID[*WEIGHT][~lLATENCY][~eERROR][~mMAXCONN]` entry; numbers out of range are clamped
/// with a note, anything unreadable rejects the entry.
fn read_server(item: &str, notes: &mut LinkNotes) -> Option<ServerSetting> {
    let mut parts = item.split('~');
    let head = parts.next().unwrap_or("");
    // The weight in any form a server list takes (`*N`, `=N`, ` weight=N`): one parser.
    let (id, weight) = crate::engine::model::split_weight(head).ok()?;
    if !valid_server_id(id) {
        return None;
    }
    let mut server = ServerSetting::new(id, 1);
    let whole = |text: &str, range: &Slider, notes: &mut LinkNotes| match parse_whole(text) {
        whole @ (Whole::Value(v) | Whole::NotDigits(v)) => {
            let c = super::clamp::clamp(v, range.min as i128, range.max as i128);
            if c.changed {
                notes.clamped("servers", item, range, c.used as f64);
            } else if matches!(whole, Whole::NotDigits(_)) {
                notes.add(
                    "servers",
                    item,
                    NoteKind::NotDigits {
                        used: c.used.to_string(),
                    },
                );
            }
            Some(c.used as u32)
        }
        _ => None,
    };
    let real = |text: &str, range: &Slider, notes: &mut LinkNotes| match parse_real(text) {
        Number::Finite(x) => {
            let used = range.clamp(x);
            if used != x {
                notes.clamped("servers", item, range, used);
            }
            Some(used)
        }
        _ => None,
    };
    if let Some(w) = weight {
        server.weight = whole(w, &WEIGHT, notes)?;
    }
    for attribute in parts {
        let tag = attribute.chars().next();
        let text = &attribute[tag.map_or(0, char::len_utf8)..];
        match tag.map_or("", |_| &attribute[..attribute.len() - text.len()]) {
            "l" => server.latency_ms = Some(real(text, &LATENCY, notes)?),
            "e" => server.error_rate = Some(real(text, &ERROR_RATE, notes)?),
            "m" => server.max_connections = Some(whole(text, &MAX_CONNECTIONS, notes)?),
            _ => return None,
        }
    }
    Some(server)
}

fn sanitize_servers(servers: &mut Vec<ServerSetting>, notes: &mut LinkNotes) {
    if servers.len() > MAX_SERVERS {
        notes.add("servers", "", NoteKind::TooMany { max: MAX_SERVERS });
        servers.truncate(MAX_SERVERS);
    }
    let mut ids: Vec<String> = Vec::with_capacity(servers.len());
    servers.retain_mut(|s| {
        if !valid_server_id(&s.id) || ids.contains(&s.id) {
            notes.add("servers", &s.id, NoteKind::BadEntry);
            return false;
        }
        ids.push(s.id.clone());
        if !WEIGHT.contains(f64::from(s.weight)) {
            let used = WEIGHT.clamp(f64::from(s.weight));
            notes.clamped("servers", &s.id, &WEIGHT, used);
            s.weight = used as u32;
        }
        if let Some(m) = s.max_connections
            && !MAX_CONNECTIONS.contains(f64::from(m))
        {
            let used = MAX_CONNECTIONS.clamp(f64::from(m));
            notes.clamped("servers", &s.id, &MAX_CONNECTIONS, used);
            s.max_connections = Some(used as u32);
        }
        for (value, range) in [
            (&mut s.latency_ms, &LATENCY),
            (&mut s.error_rate, &ERROR_RATE),
        ] {
            if let Some(x) = value {
                if !x.is_finite() {
                    notes.add("servers", &s.id, NoteKind::NotFinite);
                    *value = None;
                } else {
                    let used = range.clamp(*x);
                    if used != *x {
                        notes.clamped("servers", &s.id, range, used);
                    }
                    *x = used;
                }
            }
        }
        true
    });
}

fn write_servers(servers: &[ServerSetting]) -> String {
    let mut out = String::new();
    for (i, s) in servers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&s.id);
        if s.weight != 1 {
            out.push('*');
            out.push_str(&s.weight.to_string());
        }
        if let Some(l) = s.latency_ms {
            out.push_str("~l");
            out.push_str(&fmt_real(l));
        }
        if let Some(e) = s.error_rate {
            out.push_str("~e");
            out.push_str(&fmt_real(e));
        }
        if let Some(m) = s.max_connections {
            out.push_str("~m");
            out.push_str(&m.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn notes_of(query: &str) -> Vec<LinkNote> {
        Link::from_query(query).1
    }

    fn only_note(query: &str) -> LinkNote {
        let notes = notes_of(query);
        assert_eq!(notes.len(), 1, "{query}: {notes:?}");
        notes.into_iter().next().unwrap()
    }

    /// An imported configuration rides in the link, packed when long; one too large for a link
    /// is left out (the import panel says so), and a hostile value gets a note.
    #[test]
    fn an_imported_config_reads_back_packed_and_a_bad_one_gets_a_note() {
        let text: String = (1..=40)
            .map(|i| format!("    server 10.0.0.{i}:8080 weight={};\n", i % 3 + 1))
            .collect();
        let config = format!("upstream api {{\n    hash $request_uri consistent;\n{text}}}\n");
        let link = Link {
            config: packed_config(&config),
            backend: Some("api".into()),
            ..Link::default()
        };
        let q = link.to_query();
        assert!(q.contains("&config=z."), "{q}");
        assert!(q.len() < config.len(), "{} ≥ {}", q.len(), config.len());
        assert_eq!(Link::from_query(&q), (link.clone(), vec![]));
        let value = link.config.as_deref().unwrap();
        assert_eq!(packed::unpack(value).unwrap(), config);

        let mut state = 1u64;
        let noise: String = (0..40_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(b'a' + (state >> 59) as u8 % 26)
            })
            .collect();
        let huge = Link {
            config: Some(noise),
            ..Link::default()
        };
        assert!(packed_config(huge.config.as_deref().unwrap()).is_none());
        // Too long for a link even as it is: the page keeps it, the link leaves it out.
        assert!(!huge.to_query().contains("config="));

        let (read, notes) = Link::from_query("config=z.!!!&backend=%01");
        assert_eq!((read.config, read.backend), (None, None));
        assert_eq!(
            notes
                .iter()
                .map(|n| (n.param.as_str(), &n.kind))
                .collect::<Vec<_>>(),
            [
                ("config", &NoteKind::Malformed),
                ("backend", &NoteKind::Malformed)
            ]
        );
        // A bomb is short in the link: it is kept as written, and the import worker refuses
        // it (`packed::unpack`), beside the panel.
        let bomb = packed::pack(&"x".repeat(packed::MAX_UNPACKED_BYTES + 1));
        let (read, notes) = Link::from_query(&format!("config={bomb}"));
        assert_eq!(
            (read.config.as_deref(), notes),
            (Some(bomb.as_str()), vec![])
        );
        let long = "x".repeat(packed::MAX_UNPACKED_BYTES + 1);
        let (read, notes) = Link::from_query(&format!("config={long}"));
        assert_eq!(read.config, None);
        assert!(
            matches!(notes[0].kind, NoteKind::TooLong { .. }),
            "{notes:?}"
        );
    }

    #[test]
    fn defaults_write_a_short_query_and_read_back() {
        let d = Link::default();
        assert!(d.is_valid());
        assert_eq!(
            d.to_query(),
            "preset=tutorial-demo&strategy=round_robin&seed=1"
        );
        assert_eq!(Link::from_query(""), (d.clone(), vec![]));
        assert_eq!(Link::from_query("?"), (d.clone(), vec![]));
        assert_eq!(Link::from_query(&d.to_query()), (d, vec![]));
    }

    #[test]
    fn every_setting_round_trips() {
        let s = Link {
            preset: "flapping",
            run: 1,
            strategy: StrategyKind::ConsistentHash,
            variant: Variant::Seed,
            ring: RingFlavor::Nginx,
            virtual_nodes: 40,
            load_factor: 1.5,
            k: 5,
            d: 3,
            active_request_bias: Some(0.25),
            slow_start_ms: Some(30_000.0),
            slow_start_aggression: Some(1.5),
            slow_start_min_weight: Some(5.0),
            prequal: PrequalSettings {
                pool: 8,
                q_rif: 0.9,
                probes_per_request: 3,
                reuse: 5,
                max_age_ms: 250.5,
            },
            compare: vec![
                StrategyChoice::parse("seed:weighted_round_robin").unwrap(),
                StrategyChoice::parse("maglev").unwrap(),
            ],
            servers: Some(vec![
                ServerSetting::new("server1", 1),
                ServerSetting {
                    latency_ms: Some(200.5),
                    error_rate: Some(0.1),
                    max_connections: Some(50),
                    ..ServerSetting::new("10.0.0.2:80", 3)
                },
                ServerSetting::new("b", 0),
            ]),
            request_rate: Some(123.25),
            latency_ms: Some(0.1 + 0.2 + 20.0),
            error_rate: Some(0.05),
            health_interval_ms: Some(2_000.0),
            cost_spread: Some(0.5),
            queue_limit: Some(8),
            balancers: Some(3),
            seed: u64::MAX,
            speed: 0.25,
            view: View::Lookup,
            key: "/café?q=1&x=a+b #5%".into(),
            step: 7,
            lang: Some(Lang::Zh),
            embed: true,
            autoplay: false,
            lesson: Some("herding"),
            config: Some("upstream u { server a:1; }".into()),
            backend: Some("u".into()),
        };
        assert!(s.is_valid(), "{:?}", s.clone().sanitize());
        let q = s.to_query();
        assert_eq!(
            q,
            "preset=flapping&run=1&strategy=consistent_hash&variant=tutorial&ring=nginx&vnodes=40\
             &load_factor=1.5&k=5&d=3&bias=0.25&slow_start=30000&aggression=1.5&min_weight=5\
             &prequal_pool=8&prequal_q_rif=0.9&prequal_probes=3\
             &prequal_reuse=5&prequal_max_age=250.5&compare=tutorial:weighted_round_robin,maglev\
             &servers=server1,10.0.0.2:80*3~l200.5~e0.1~m50,b*0&rate=123.25\
             &latency=20.3&error_rate=0.05&health_interval=2000&spread=0.5&queue=8&balancers=3\
             &seed=18446744073709551615\
             &speed=0.25&view=lookup&key=/caf%C3%A9%3Fq%3D1%26x%3Da%2Bb%20%235%25&step=7&lang=zh\
             &embed=1&autoplay=0&lesson=herding&config=upstream%20u%20%7B%20server%20a:1%3B%20%7D&backend=u"
        );
        assert_eq!(Link::from_query(&q), (s.clone(), vec![]));
        assert_eq!(
            s.permalink("https://example.org/fulcrum/index.html?old=1#x"),
            format!("https://example.org/fulcrum/index.html?{q}")
        );
    }

    #[test]
    fn the_balancer_count_is_read_back_and_bad_counts_are_noted() {
        let (l, notes) = Link::from_query("preset=herding&balancers=4&compare=random,maglev");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(l.balancers, Some(4));
        assert_eq!(l.scenario().balancers, 4);
        assert_eq!(l.compare.len(), 2);
        assert!(l.to_query().contains("&balancers=4&"));
        for (bad, used) in [("0", Some(1)), ("99", Some(MAX_BALANCERS)), ("two", None)] {
            let (l, notes) = Link::from_query(&format!("balancers={bad}"));
            assert_eq!(l.balancers, used, "{bad}");
            assert_eq!(notes.len(), 1, "{bad}: {notes:?}");
        }
        // No count: the preset's.
        assert_eq!(
            Link::from_query("preset=herding").0.scenario().balancers,
            10
        );
    }

    #[test]
    fn hostile_numbers_are_clamped_or_ignored_with_a_note() {
        let (s, notes) = Link::from_query(
            "rate=1e308&latency=-5&speed=99&vnodes=1000000000000000000000000000000000000000000000&seed=-1",
        );
        assert_eq!(s.request_rate, Some(REQUEST_RATE.max));
        assert_eq!(s.latency_ms, Some(LATENCY.min));
        assert_eq!(s.speed, SPEED.max);
        assert_eq!(s.virtual_nodes, 1000);
        assert_eq!(s.seed, 0);
        assert_eq!(notes.len(), 5, "{notes:?}");
        assert!(
            notes
                .iter()
                .all(|n| matches!(n.kind, NoteKind::Clamped { .. }))
        );
        assert_eq!(
            notes[0].to_string(),
            "rate: 1e308 is outside 1–10000; 10000 is used"
        );
        assert_eq!(
            notes[1].message(Lang::Zh),
            "latency：-5 超出范围 1–5000，改用 1"
        );
        for bad in ["NaN", "inf", "-infinity", "1e999"] {
            let (s, notes) = Link::from_query(&format!("error_rate={bad}&speed={bad}"));
            assert_eq!((s.error_rate, s.speed), (None, 1.0));
            assert_eq!(notes.len(), 2);
            assert!(notes.iter().all(|n| n.kind == NoteKind::NotFinite), "{bad}");
        }
        for bad in ["", "fast", "1,5", "0x10", "2.5.1"] {
            assert_eq!(
                only_note(&format!("rate={bad}")).kind,
                NoteKind::Malformed,
                "{bad}"
            );
        }
        assert_eq!(only_note("vnodes=2.5").kind, NoteKind::Malformed);
        assert_eq!(Link::from_query("vnodes=1e2").0.virtual_nodes, 100);
        // A whole number in another form is read, never silently: the note names the number used.
        let n = only_note("vnodes=1e2");
        assert_eq!(n.kind, NoteKind::NotDigits { used: "100".into() });
        assert_eq!(
            n.to_string(),
            "vnodes: “1e2” is read as the whole number 100"
        );
        assert!(n.message(Lang::Zh).contains("整数 100"));
        assert!(matches!(
            only_note("seed=7.0").kind,
            NoteKind::NotDigits { .. }
        ));
        let (s, notes) = Link::from_query("servers=a*2e0,b");
        assert_eq!(s.servers.map(|v| v[0].weight), Some(2));
        assert!(
            matches!(&notes[..], [LinkNote { kind: NoteKind::NotDigits { used }, .. }] if used == "2")
        );
        // Out of range, the clamp's note says it all (one note, not two).
        assert!(matches!(
            only_note("seed=1e30").kind,
            NoteKind::Clamped { .. }
        ));
        // Plain digits get no note.
        assert_eq!(Link::from_query("vnodes=100").1, []);
        assert_eq!(Link::from_query("step=99999999").0.step, MAX_LOOKUP_STEP);
        assert_eq!(Link::from_query("speed=-0").0.speed, SPEED.min);
    }

    #[test]
    fn markup_unknown_names_duplicates_and_bad_encodings_are_noted() {
        let n = only_note("view=%3Cscript%3Ealert(1)%3C/script%3E");
        assert_eq!(n.kind, NoteKind::UnknownValue);
        assert_eq!(n.param, "view");
        assert_eq!(n.value, "<script>alert(1)</script>");
        let (s, notes) = Link::from_query("key=%3Cimg%20src=x%20onerror=alert(1)%3E");
        assert_eq!(s.key, DEFAULT_KEY);
        assert_eq!(notes[0].kind, NoteKind::Malformed);
        assert_eq!(only_note("strategy=<b>").kind, NoteKind::UnknownValue);
        let n = only_note("%3Cscript%3E=1");
        assert_eq!(
            (n.param.as_str(), &n.kind),
            ("<script>", &NoteKind::UnknownParameter)
        );
        let (s, notes) = Link::from_query("strategy=maglev&strategy=random");
        assert_eq!(s.strategy, StrategyKind::Maglev);
        assert_eq!(notes, [LinkNote::new("strategy", "", NoteKind::Duplicate)]);
        for bad in ["%FF", "%C3%28", "%E4%BD", "%zz", "%4", "abc%"] {
            let n = only_note(&format!("key={bad}"));
            assert_eq!((n.param.as_str(), &n.kind), ("key", &NoteKind::BadEncoding));
            assert_eq!(only_note(&format!("{bad}=1")).kind, NoteKind::BadEncoding);
        }
        // Control characters in a key or a quoted name never reach the page raw.
        let (s, notes) = Link::from_query("key=a%0Ab&x%00y=1");
        assert_eq!(s.key, DEFAULT_KEY);
        assert_eq!(notes[1].param, "x\u{FFFD}y");
        assert_eq!(only_note("lang=fr").kind, NoteKind::UnknownValue);
        assert_eq!(Link::from_query("lang=zh-CN").0.lang, Some(Lang::Zh));
        assert!(Link::from_query("embed").0.embed);
        assert!(!Link::from_query("embed=1&autoplay=0").0.autoplay);
        assert!(Link::from_query("embed=1").0.autoplay);
        assert_eq!(only_note("autoplay=no").kind, NoteKind::UnknownValue);
        assert_eq!(
            only_note("lesson=%3Cscript%3E").kind,
            NoteKind::UnknownValue
        );
        assert_eq!(Link::from_query("lesson=herding").0.lesson, Some("herding"));
        assert_eq!(only_note("embed=yes").kind, NoteKind::UnknownValue);
    }

    #[test]
    fn very_long_and_very_many_things_are_bounded() {
        let long_key = "k".repeat(MAX_KEY_CHARS + 1);
        assert_eq!(
            only_note(&format!("key={long_key}")).kind,
            NoteKind::TooLong { max: MAX_KEY_CHARS }
        );
        let n = only_note(&format!("key={}", "x".repeat(MAX_VALUE_BYTES + 1)));
        assert_eq!(
            n.kind,
            NoteKind::TooLong {
                max: MAX_VALUE_BYTES
            }
        );
        // 100,000 servers: too long to read at all.
        let many: Vec<String> = (0..100_000).map(|i| format!("s{i}:80*3")).collect();
        let (s, notes) = Link::from_query(&format!("servers={}", many.join(",")));
        assert_eq!(s.servers, None);
        assert!(matches!(notes[0].kind, NoteKind::TooLong { .. }));
        // 100 short ones fit in a value: the first 64 are used.
        let (s, notes) = Link::from_query(&format!("servers={}", many[..100].join(",")));
        assert_eq!(s.servers.as_ref().map(Vec::len), Some(MAX_SERVERS));
        assert_eq!(
            notes,
            [LinkNote::new(
                "servers",
                "",
                NoteKind::TooMany { max: MAX_SERVERS }
            )]
        );
        // 64 servers of weight 100 leave room for 163 points per weight.
        let heavy: Vec<String> = (0..64).map(|i| format!("s{i}*100")).collect();
        let (s, notes) = Link::from_query(&format!("servers={}&vnodes=1000", heavy.join(",")));
        assert_eq!(s.virtual_nodes, 163);
        assert!(matches!(&notes[0].kind, NoteKind::Clamped { used, .. } if used == "163"));
        // Thousands of unknown parameters: a bounded number of notes, nothing read past the cap.
        let junk: Vec<String> = (0..10_000).map(|i| format!("junk{i}=1")).collect();
        let (s, notes) = Link::from_query(&format!("{}&seed=9", junk.join("&")));
        assert_eq!(s.seed, 1);
        assert_eq!(notes.len(), MAX_NOTES + 1);
        assert_eq!(
            notes[MAX_NOTES].kind,
            NoteKind::More {
                count: MAX_PARAMS - MAX_NOTES + 1
            }
        );
        assert_eq!(
            notes[MAX_NOTES].message(Lang::En),
            format!("… and {} more", MAX_PARAMS - MAX_NOTES + 1)
        );
    }

    #[test]
    fn server_lists_are_checked_entry_by_entry() {
        let (s, notes) = Link::from_query(
            "servers=server1,server2*2,server3,server4*3,,bad%20id,a*x,b~q1,server1,c*500~l0~e2~m0,d~lNaN",
        );
        let servers = s.servers.unwrap();
        let ids: Vec<&str> = servers.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["server1", "server2", "server3", "server4", "c"]);
        assert_eq!(servers[4].weight, 100);
        assert_eq!(servers[4].latency_ms, Some(1.0));
        assert_eq!(servers[4].error_rate, Some(1.0));
        assert_eq!(servers[4].max_connections, Some(1));
        let entries: Vec<&str> = notes
            .iter()
            .filter(|n| n.kind == NoteKind::BadEntry)
            .map(|n| n.value.as_str())
            .collect();
        assert_eq!(entries, ["", "bad id", "a*x", "b~q1", "d~lNaN", "server1"]);
        assert_eq!(
            notes
                .iter()
                .filter(|n| matches!(n.kind, NoteKind::Clamped { .. }))
                .count(),
            4
        );
        // A weight in any form a server list takes, as the engine's parser reads it.
        let weights = |query: &str| {
            let (s, notes) = Link::from_query(query);
            assert!(notes.is_empty(), "{query}: {notes:?}");
            let servers = s.servers.unwrap();
            servers
                .iter()
                .map(|s| (s.id.clone(), s.weight))
                .collect::<Vec<_>>()
        };
        let starred = weights("servers=10.0.0.1:80*3,10.0.0.2:80*2,10.0.0.3:80");
        assert_eq!(starred[0], ("10.0.0.1:80".to_string(), 3));
        assert_eq!(
            weights("servers=10.0.0.1:80=3,10.0.0.2:80%20weight=2,10.0.0.3:80"),
            starred
        );
        assert_eq!(
            weights("servers=10.0.0.1:80+weight=3,10.0.0.2:80%3D2,10.0.0.3:80*1"),
            starred
        );
        // The seed's pool, written compactly, is the seed demo's pool.
        let (s, notes) =
            Link::from_query("servers=server1,server2*2,server3,server4*3&preset=herding");
        assert!(notes.is_empty());
        let scenario = s.scenario();
        scenario.validate().unwrap();
        assert_eq!(
            scenario
                .servers
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.clone(), x.host.clone(), x.port_at(i), x.weight))
                .collect::<Vec<_>>(),
            crate::scenario::seed_servers()
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.clone(), x.host.clone(), x.port_at(i), x.weight))
                .collect::<Vec<_>>()
        );
        // herding's servers had 50 ms latency and jitter; new ones copy the first one.
        assert!(scenario.servers.iter().all(|x| x.latency_ms == 50.0));
        let (s, _) = Link::from_query("servers=10.0.0.1:8080*2,cache.local:11211");
        let servers = s.scenario().servers;
        assert_eq!(
            (servers[0].host.as_str(), servers[0].port),
            ("10.0.0.1", 8080)
        );
        assert_eq!(
            (servers[1].host.as_str(), servers[1].port),
            ("cache.local", 11211)
        );
        assert_eq!(s.strategy_config().points_per_weight, 160);
    }

    #[test]
    fn links_written_with_the_older_names_open_the_same_page() {
        let (old, notes) = Link::from_query(
            "preset=seed-demo&strategy=round_robin&variant=seed&compare=seed:round_robin,random",
        );
        assert!(notes.is_empty(), "{notes:?}");
        let (now, _) = Link::from_query(
            "preset=tutorial-demo&strategy=round_robin&variant=tutorial&compare=tutorial:round_robin,random",
        );
        assert_eq!(old, now);
        assert_eq!(old.variant, Variant::Seed);
        assert_eq!(old.preset, "tutorial-demo");
        assert_eq!(old.compare[0].variant, Variant::Seed);
        // A link is written with today's names.
        let (link, _) = Link::from_query(
            "preset=seed-demo&strategy=round_robin&variant=seed&compare=seed:round_robin,random",
        );
        let query = link.to_query();
        assert!(query.contains("preset=tutorial-demo"), "{query}");
        assert!(query.contains("variant=tutorial"), "{query}");
        assert!(
            query.contains("compare=tutorial:round_robin,random"),
            "{query}"
        );
        assert!(
            !query.contains("seed-demo") && !query.contains("seed:"),
            "{query}"
        );
    }

    #[test]
    fn combinations_that_cannot_run_are_corrected() {
        let (s, notes) = Link::from_query("strategy=maglev&variant=seed&ring=nginx");
        assert_eq!(
            (s.variant, s.ring),
            (Variant::Corrected, RingFlavor::Fulcrum)
        );
        assert_eq!(notes.len(), 2);
        assert_eq!(
            notes[0].to_string(),
            "variant: “tutorial” is not available here; corrected is used"
        );
        let (s, notes) = Link::from_query("preset=seed-demo&run=5");
        assert_eq!(s.run, 1);
        assert_eq!(notes.len(), 1);
        let (s, notes) = Link::from_query(
            "compare=random,seed:maglev,random,nope,round_robin,ip_hash,seed:url_hash,jump_hash",
        );
        assert_eq!(
            s.compare,
            ["random", "round_robin", "ip_hash", "seed:url_hash"]
                .map(|c| StrategyChoice::parse(c).unwrap())
        );
        assert_eq!(notes.len(), 4, "{notes:?}");
        // With no list, the preset's strategies, ring flavour only where it applies.
        let (s, _) = Link::from_query("preset=hot-key&strategy=consistent_hash&ring=nginx");
        let configs = s.compare_configs();
        assert_eq!(configs.len(), 4);
        assert!(configs.iter().all(|c| c.validate().is_ok()));
        assert_eq!(configs[3].ring, RingFlavor::Nginx);
        assert_eq!(configs[0].ring, RingFlavor::Fulcrum);
    }

    #[test]
    fn settings_changed_by_the_ui_are_sanitized_too() {
        let mut s = Link {
            preset: "no-such-preset",
            speed: f64::NAN,
            load_factor: 0.5,
            request_rate: Some(f64::INFINITY),
            key: "x".repeat(1000),
            step: u32::MAX,
            servers: Some(vec![ServerSetting::new("<b>", 1)]),
            lesson: Some("no-such-lesson"),
            ..Link::default()
        };
        let notes = s.sanitize();
        assert_eq!(notes.len(), 8, "{notes:?}");
        assert!(s.is_valid());
        assert_eq!(s.preset, "tutorial-demo");
        assert_eq!(s.servers, None);
    }

    #[test]
    fn scenarios_from_settings_validate_and_apply_every_override() {
        let (s, notes) = Link::from_query(
            "preset=server-crash&strategy=power_of_two_choices&servers=server1,server3*2,x~l7\
             &rate=50&latency=30&error_rate=0.25&health_interval=500&seed=42",
        );
        assert!(notes.is_empty(), "{notes:?}");
        let sc = s.scenario();
        sc.validate().unwrap();
        assert_eq!(sc.seed, 42);
        assert_eq!(sc.strategies, [s.strategy_config()]);
        assert_eq!(sc.arrivals.rate_per_s, 50.0);
        assert_eq!(sc.health.interval_ms, 500.0);
        assert_eq!(
            sc.servers
                .iter()
                .map(|x| (x.id.as_str(), x.weight, x.latency_ms, x.error_rate))
                .collect::<Vec<_>>(),
            [
                ("server1", 1, 30.0, 0.25),
                ("server3", 2, 30.0, 0.25),
                ("x", 1, 7.0, 0.25)
            ]
        );
        // server2's crash went with server2.
        assert!(sc.faults.is_empty());
        let sc = Link::default().scenario();
        assert_eq!(sc, {
            let mut run = preset("tutorial-demo").unwrap().runs.remove(0);
            run.strategies = vec![StrategyConfig::new(StrategyKind::RoundRobin)];
            run
        });
    }

    fn arbitrary_settings() -> impl Strategy<Value = Link> {
        let server = (
            "[A-Za-z0-9._:-]{1,12}",
            0u32..=150,
            proptest::option::of(-10.0f64..6000.0),
            proptest::option::of(-0.5f64..1.5),
            proptest::option::of(0u32..200_000),
        )
            .prop_map(|(id, weight, latency_ms, error_rate, max_connections)| {
                ServerSetting {
                    id,
                    weight,
                    latency_ms,
                    error_rate,
                    max_connections,
                }
            });
        let choice =
            (0..StrategyKind::ALL.len(), any::<bool>()).prop_map(|(k, seed)| StrategyChoice {
                kind: StrategyKind::ALL[k],
                variant: if seed {
                    Variant::Seed
                } else {
                    Variant::Corrected
                },
            });
        (
            (
                0..PRESETS.len(),
                0usize..3,
                choice.clone(),
                any::<bool>(),
                0u32..1200,
                0.5f64..5.0,
                proptest::collection::vec(choice, 0..6),
                proptest::option::of(proptest::collection::vec(server, 0..70)),
            ),
            (
                proptest::option::of(any::<f64>()),
                proptest::option::of(0.0f64..7000.0),
                proptest::option::of(-1.0f64..2.0),
                proptest::option::of(0.0f64..100_000.0),
                any::<u64>(),
                0.0f64..20.0,
                0..View::ALL.len(),
                "\\PC{0,30}",
                any::<u32>(),
                proptest::option::of(any::<bool>()),
                any::<bool>(),
                proptest::option::of(0..super::super::lessons::lessons().len()),
            ),
        )
            .prop_map(
                |(
                    (preset, run, strategy, nginx, virtual_nodes, load_factor, compare, servers),
                    (
                        rate,
                        latency,
                        errors,
                        health,
                        seed,
                        speed,
                        view,
                        key,
                        step,
                        lang,
                        embed,
                        lesson,
                    ),
                )| Link {
                    preset: PRESETS[preset],
                    run,
                    strategy: strategy.kind,
                    variant: strategy.variant,
                    ring: if nginx {
                        RingFlavor::Nginx
                    } else {
                        RingFlavor::Fulcrum
                    },
                    virtual_nodes,
                    load_factor,
                    // Derived (the tuples are full), out of range at times.
                    k: 1 + (seed % 1200) as u32,
                    d: step % 80,
                    // Derived: none, or 0 to 12.5 (past the end at times).
                    active_request_bias: (seed % 3 != 0).then_some((seed % 51) as f64 / 4.0),
                    // Derived: none, or in and past the ranges at times.
                    slow_start_ms: (step % 5 == 1).then_some(f64::from(step % 4_000_000)),
                    slow_start_aggression: (step % 7 == 1).then_some(f64::from(step % 13)),
                    slow_start_min_weight: (step % 11 == 1).then_some(f64::from(step % 130)),
                    prequal: PrequalSettings {
                        pool: (seed >> 8) as u32 % 300,
                        q_rif: ((seed >> 16) % 130) as f64 / 100.0,
                        probes_per_request: (seed >> 24) as u32 % 300,
                        reuse: (seed >> 32) as u32 % 5,
                        max_age_ms: ((seed >> 40) % 100_000) as f64 / 10.0,
                    },
                    compare,
                    servers,
                    request_rate: rate,
                    latency_ms: latency,
                    error_rate: errors,
                    health_interval_ms: health,
                    // Derived too: out of range at times, for sanitize to clamp.
                    cost_spread: (seed % 5 == 0).then_some((seed % 300) as f64 / 100.0),
                    queue_limit: (step % 4 == 0).then_some(step % 1500),
                    // Derived (the tuples are full): none, or 1 to the most.
                    balancers: (step % 3 != 0).then_some(1 + step % MAX_BALANCERS),
                    seed,
                    speed,
                    view: View::ALL[view],
                    key,
                    step,
                    lang: lang.map(|zh| if zh { Lang::Zh } else { Lang::En }),
                    embed,
                    // Derived (the tuples are full).
                    autoplay: seed % 7 != 3,
                    lesson: lesson.map(|i| super::super::lessons::lessons()[i].id),
                    config: None,
                    backend: None,
                },
            )
    }

    /// Queries built from the parameter names and nasty values, plus arbitrary text.
    fn hostile_query() -> impl Strategy<Value = String> {
        let name = prop_oneof![
            (0..PARAMS.len()).prop_map(|i| PARAMS[i].to_string()),
            "\\PC{0,12}",
            Just("%FF".to_string()),
        ];
        let value = prop_oneof![
            Just("NaN".to_string()),
            Just("-1e400".to_string()),
            Just("99999999999999999999999999".to_string()),
            Just("-3".to_string()),
            Just("%3Cscript%3E".to_string()),
            Just("%C3%28".to_string()),
            Just("%".to_string()),
            Just("seed:maglev,round_robin".to_string()),
            Just("a*7~l5~e0.5~m3,a,b*-1,c*1e3".to_string()),
            "[a-z0-9:_*~.,+%-]{0,40}",
            "\\PC{0,40}",
        ];
        prop_oneof![
            proptest::collection::vec((name, value), 0..30).prop_map(|pairs| {
                pairs
                    .iter()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect::<Vec<_>>()
                    .join("&")
            }),
            ".{0,300}",
        ]
    }

    proptest! {
        #[test]
        fn sanitized_settings_round_trip_exactly(mut s in arbitrary_settings()) {
            let first = s.sanitize();
            prop_assert!(first.len() <= MAX_NOTES + 1);
            prop_assert!(s.sanitize().is_empty(), "sanitize is not idempotent");
            prop_assert!(s.is_valid());
            let (back, notes) = Link::from_query(&s.to_query());
            prop_assert!(notes.is_empty(), "{:?}", notes);
            prop_assert_eq!(&back, &s);
            prop_assert!(s.scenario().validate().is_ok());
            prop_assert!(s.strategy_config().validate().is_ok());
            prop_assert!(s.compare_configs().iter().all(|c| c.validate().is_ok()));
        }

        #[test]
        fn any_query_gives_valid_settings_in_range(query in hostile_query()) {
            let (s, notes) = Link::from_query(&query);
            prop_assert!(notes.len() <= MAX_NOTES + 1);
            prop_assert!(s.is_valid(), "{:?}", s.clone().sanitize());
            for (value, range) in [
                (s.request_rate, &REQUEST_RATE),
                (s.latency_ms, &LATENCY),
                (s.error_rate, &ERROR_RATE),
                (s.health_interval_ms, &HEALTH_INTERVAL),
                (Some(s.speed), &SPEED),
                (Some(s.load_factor), &LOAD_FACTOR),
                (Some(f64::from(s.virtual_nodes)), &VIRTUAL_NODES),
                (s.cost_spread, &COST_SPREAD),
                (s.queue_limit.map(f64::from), &QUEUE_LIMIT),
                (Some(f64::from(s.k)), &PROBES),
                (Some(f64::from(s.d)), &CHOICES),
                (s.active_request_bias, &ACTIVE_REQUEST_BIAS),
                (s.slow_start_ms, &SLOW_START_WINDOW),
                (s.slow_start_aggression, &SLOW_START_AGGRESSION),
                (s.slow_start_min_weight, &SLOW_START_MIN_WEIGHT),
            ] {
                prop_assert!(value.is_none_or(|x| range.contains(x)), "{} {:?}", range.param, value);
            }
            for server in s.servers.iter().flatten() {
                prop_assert!(WEIGHT.contains(f64::from(server.weight)));
                prop_assert!(server.latency_ms.is_none_or(|x| LATENCY.contains(x)));
                prop_assert!(server.error_rate.is_none_or(|x| ERROR_RATE.contains(x)));
            }
            prop_assert!(s.servers.as_ref().is_none_or(|v| !v.is_empty() && v.len() <= MAX_SERVERS));
            prop_assert!(s.compare.len() <= MAX_COMPARE);
            prop_assert!(check_key(&s.key).is_ok());
            for note in &notes {
                prop_assert!(note.param.chars().count() <= NOTE_QUOTE_CHARS + 1);
                prop_assert!(!note.message(Lang::Zh).is_empty());
            }
            let (back, again) = Link::from_query(&s.to_query());
            prop_assert!(again.is_empty(), "{:?}", again);
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn k_and_d_read_clamped_with_a_note_and_reach_the_strategies() {
        let (l, notes) =
            Link::from_query("strategy=multi_probe_hash&k=8&d=5&compare=power_of_d_choices,maglev");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((l.k, l.d), (8, 5));
        assert_eq!(l.strategy_config().k, 8);
        assert_eq!(l.scenario().strategies[0].k, 8);
        assert_eq!(l.compare_configs()[0].d, 5);
        assert!(l.to_query().contains("&k=8&d=5&"));
        // Past the ends: the nearest end, said in a note.
        let (l, notes) = Link::from_query("k=5000&d=0");
        assert_eq!((l.k, l.d), (1000, 1));
        let said: Vec<String> = notes.iter().map(|n| n.message(Lang::En)).collect();
        assert_eq!(
            said,
            [
                "k: 5000 is outside 1–1000; 1000 is used",
                "d: 0 is outside 1–64; 1 is used"
            ]
        );
        // Unreadable: the default, with a note.
        let (l, notes) = Link::from_query("k=many&d=2.5");
        assert_eq!((l.k, l.d), (21, 2));
        assert_eq!(notes.len(), 2, "{notes:?}");
        // Set out of range in code: sanitize clamps it with the same note.
        let mut l = Link {
            d: 99,
            ..Link::default()
        };
        let notes = l.sanitize();
        assert_eq!(l.d, 64);
        assert_eq!(notes[0].to_string(), "d: 99 is outside 1–64; 64 is used");
        // At the defaults the link leaves them out.
        assert!(!Link::default().to_query().contains("k="));
    }

    /// Envoy least request's `active_request_bias` travels as `bias=`, clamped with a note like
    /// every number, and reaches the strategy; absent, it stays unset (not Envoy's 1: unset,
    /// equal weights keep the random choices).
    #[test]
    fn the_active_request_bias_reads_clamped_with_a_note_and_reaches_the_strategy() {
        let (l, notes) = Link::from_query("strategy=envoy_least_request&d=3&bias=0.5");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((l.d, l.active_request_bias), (3, Some(0.5)));
        let config = l.strategy_config();
        assert_eq!((config.d, config.active_request_bias), (3, Some(0.5)));
        assert_eq!(l.scenario().strategies[0].active_request_bias, Some(0.5));
        assert!(l.to_query().contains("&d=3&bias=0.5&"), "{}", l.to_query());
        assert_eq!(Link::default().strategy_config().active_request_bias, None);
        assert!(!Link::default().to_query().contains("bias="));
        let (l, notes) = Link::from_query("bias=12");
        assert_eq!(l.active_request_bias, Some(10.0));
        assert_eq!(notes[0].to_string(), "bias: 12 is outside 0–10; 10 is used");
        let (l, notes) = Link::from_query("bias=-1");
        assert_eq!(l.active_request_bias, Some(0.0));
        assert_eq!(notes.len(), 1);
        let (l, notes) = Link::from_query("bias=NaN");
        assert_eq!((l.active_request_bias, notes.len()), (None, 1));
        let mut l = Link {
            active_request_bias: Some(f64::INFINITY),
            ..Link::default()
        };
        assert_eq!(l.sanitize().len(), 1);
        assert!(l.is_valid());
    }

    /// Envoy slow start travels as `slow_start=` (ms), `aggression=` and `min_weight=`, each
    /// clamped with a note, and reaches the strategy with Envoy's defaults for what is absent;
    /// without a window there is none.
    #[test]
    fn slow_start_reads_clamped_with_a_note_and_reaches_the_strategy() {
        let (l, notes) = Link::from_query("strategy=envoy_least_request&slow_start=30000");
        assert_eq!(notes, []);
        assert_eq!(
            l.strategy_config().slow_start,
            Some(SlowStart {
                window_ms: 30_000,
                aggression: 1.0,
                min_weight_percent: 10.0
            })
        );
        let (l, notes) = Link::from_query("slow_start=9000000&aggression=20&min_weight=150");
        let said: Vec<String> = notes.iter().map(|n| n.message(Lang::En)).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(
            l.slow_start(),
            Some(SlowStart {
                window_ms: 3_600_000,
                aggression: 10.0,
                min_weight_percent: 100.0
            })
        );
        let (l, _) = Link::from_query("aggression=2&min_weight=5");
        assert_eq!(l.strategy_config().slow_start, None);
        assert_eq!(l.strategy_config().validate(), Ok(()));
    }

    #[test]
    fn the_cost_spread_and_the_queue_length_read_clamped_and_apply() {
        let (l, notes) = Link::from_query("preset=hot-key&spread=3&queue=5000");
        assert_eq!((l.cost_spread, l.queue_limit), (Some(2.0), Some(1000)));
        let said: Vec<String> = notes.iter().map(|n| n.message(Lang::En)).collect();
        assert_eq!(notes.len(), 2, "{said:?}");
        assert!(
            said.iter().all(|m| m.contains("1000") || m.contains('2')),
            "{said:?}"
        );
        let (bad, notes) = Link::from_query("spread=NaN&queue=-1");
        assert_eq!((bad.cost_spread, bad.queue_limit), (None, Some(0)));
        assert_eq!(notes.len(), 2);
        // hot-key's costs are equal: a spread makes them log-normal. Its servers have no
        // capacity, so a queue length changes none of them.
        let s = l.scenario();
        assert_eq!(s.cost.distribution, CostDistribution::Lognormal);
        assert_eq!(s.cost.spread, 2.0);
        assert!(s.servers.iter().all(|x| x.queue_limit.is_none()));
        let (l, _) = Link::from_query("preset=fast-but-small&spread=0&queue=3");
        let s = l.scenario();
        assert!(s.cost.is_fixed());
        assert!(s.servers.iter().all(|x| x.queue_limit == Some(3)));
        assert!(s.validate().is_ok());
    }

    #[test]
    fn typed_decimals_read_as_rust_reads_them() {
        // Rust's decimal grammar, and nothing beyond it: what parseFloat or `str::parse` would
        // also accept ("12abc", "0x10", "Infinity", "inf", "") is refused.
        for text in [
            "0",
            "-1.5",
            "+2",
            ".5",
            "2.",
            "1e3",
            "1E-3",
            "2.5e+2",
            "0.1",
            "123456789.123456789",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in [
            "", ".", "-", "e5", "1e", "1e+", "12abc", "0x10", "Infinity", "inf", "NaN", " 1", "1 ",
            "1..2",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }
}
