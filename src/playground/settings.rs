//! What a user can set, and the scenario it makes: the preset, the strategy and its code (the
//! seed's or the corrected one), the seed, the sliders and the edited server list.
//!
//! Every setting is checked here, once: a value out of range is clamped and a [`Notice`] says so,
//! so bad input can never reach the simulator (whose own checks would refuse it). Sliders move
//! along fixed ladders of sensible values ([`Ladder`]), which keeps them usable by keyboard.
//!
//! The URL holds the same settings as `share::permalink::Link`, whose reader owns the ranges
//! and clamps what a link says; [`Settings::from_link`] and [`Settings::to_link`] are the one
//! conversion between the two, so the ladders here and the editor's limits stay inside its ranges.

use crate::engine::load_aware::prequal::PrequalSettings;
use crate::engine::model::DEFAULT_MAX_CONNECTIONS;
use crate::engine::{RingFlavor, StrategyConfig, StrategyKind, Variant};
use crate::scenario::{CostDistribution, PRESETS, Scenario, ServerSpec, bounds, preset};
use crate::share::clamp::clamp;
use crate::share::i18n::{Lang, Text};
use crate::share::knobs::{PrequalKnob, clamp_prequal};
use crate::share::permalink::{self, ServerSetting};

/// The most servers the playground draws (a link's limit too).
pub use crate::share::permalink::MAX_SERVERS;
/// The largest seed a number input can hold exactly (JavaScript's safe integers).
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// How often the simulator samples its time series, in simulated ms.
pub const SAMPLE_INTERVAL_MS: f64 = 500.0;
/// The seed's HealthChecker checks every 30 s (presets without health checks get it).
const SEED_HEALTH_INTERVAL_MS: f64 = 30_000.0;
/// Samples kept (5 minutes of simulated time).
pub const MAX_SAMPLES: u32 = 600;

/// A slider's rungs: the values it can take, in order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ladder {
    /// The rungs, ascending.
    pub values: &'static [f64],
}

impl Ladder {
    /// The rung nearest `value` (by ratio for the geometric ladders, which is what the eye sees).
    pub fn position(&self, value: f64) -> usize {
        let mut best = 0;
        let mut best_d = f64::INFINITY;
        for (i, &v) in self.values.iter().enumerate() {
            let d = if v > 0.0 && value > 0.0 {
                (libm::log(v) - libm::log(value)).abs()
            } else {
                (v - value).abs()
            };
            if d < best_d {
                best = i;
                best_d = d;
            }
        }
        best
    }

    /// The value of rung `position` (the top rung past the end).
    pub fn value(&self, position: usize) -> f64 {
        self.values[position.min(self.values.len() - 1)]
    }

    /// Rungs.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// No rung (never, for the ladders here).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The lowest rung.
    pub fn min(&self) -> f64 {
        self.values[0]
    }

    /// The highest rung.
    pub fn max(&self) -> f64 {
        self.values[self.values.len() - 1]
    }
}

/// The "Rate" slider: requests per simulated second, 1 to 5000 in 1-2-5 steps.
pub const RATE: Ladder = Ladder {
    values: &[
        1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0,
    ],
};
/// The "Latency" slider: median service time in ms, 1 to 5000 in 1-2-5 steps.
pub const LATENCY_MS: Ladder = Ladder {
    values: &[
        1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0,
    ],
};
/// The "Error rate" slider: the probability of a 500, 0 to 1.
pub const ERROR_RATE: Ladder = Ladder {
    values: &[0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0],
};
/// The health-check interval in ms, 0.1 s to 1 minute.
pub const HEALTH_INTERVAL_MS: Ladder = Ladder {
    values: &[
        100.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0, 10_000.0, 30_000.0, 60_000.0,
    ],
};
/// Virtual nodes per unit of weight, 1 to 1000 (nginx's 160 and the seed's 150 among them).
pub const VIRTUAL_NODES: Ladder = Ladder {
    values: &[
        1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0, 100.0, 150.0, 160.0, 320.0, 640.0, 1000.0,
    ],
};
/// Multi-probe consistent hashing's probes per key, 1 to 1000 (the paper's 21 among them), within
/// the link's [`permalink::PROBES`].
pub const PROBES: Ladder = Ladder {
    values: &[
        1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 100.0, 250.0, 1000.0,
    ],
};
/// Power of d choices' d, 1 (random) to 64 (every server the page draws: least connections),
/// within the link's [`permalink::CHOICES`].
pub const CHOICES: Ladder = Ladder {
    values: &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 16.0, 32.0, 64.0],
};
/// Envoy least request's `active_request_bias`, 0 (weighted round robin) to 10, Envoy's 1 among
/// them, within the link's [`permalink::ACTIVE_REQUEST_BIAS`]; "unset" stands beside them.
pub const ACTIVE_REQUEST_BIAS: Ladder = Ladder {
    values: &[0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0],
};

/// Prequal's sliders, within the link's ranges (`share::knobs`): the defaults (16, 0.84, 2, 3,
/// 1000 ms) are rungs, and r's rungs above the pool are clamped to it on the way to the engine.
pub fn prequal_ladder(knob: PrequalKnob) -> Ladder {
    let values: &'static [f64] = match knob {
        PrequalKnob::Pool => &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0],
        PrequalKnob::QRif => &[0.0, 0.25, 0.5, 0.6, 0.7, 0.8, 0.84, 0.9, 0.95, 0.99, 1.0],
        PrequalKnob::Probes => &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 16.0],
        PrequalKnob::Reuse => &[1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0],
        PrequalKnob::MaxAge => &[
            10.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0, 10_000.0, 60_000.0,
        ],
    };
    Ladder { values }
}
/// Simulated seconds per real second, ¼× to 16×.
pub const SPEED: Ladder = Ladder {
    values: &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0],
};
/// The request costs' spread (0: every request costs the same).
pub const COST_SPREAD: Ladder = Ladder {
    values: &[0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0],
};
/// The queue lengths the "Queue length" select offers (and "each server's own").
pub const QUEUE_LIMITS: [u32; 10] = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256];

/// A message shown beside the controls: a value was clamped, a run restarted, a limit was hit.
/// Kept as what happened, put in words (in the page's current language) when shown. Neither
/// compared nor cloned (views hold notes behind an `Rc` and compare the pointer).
#[derive(Debug)]
pub enum Notice {
    /// A link's parameter ignored or changed.
    Link(permalink::LinkNote),
    /// A typed number outside `min..=max`: `used` instead.
    OutOfRange {
        /// The field typed into.
        field: Field,
        /// The lowest value accepted.
        min: String,
        /// The highest.
        max: String,
        /// The value used.
        used: String,
    },
    /// A typed number that is not whole: `used` instead.
    NotWhole {
        /// The field typed into.
        field: Field,
        /// The lowest value accepted.
        min: String,
        /// The highest.
        max: String,
        /// The value used.
        used: String,
    },
    /// Typed text that is no number: the value `kept`.
    NotANumber {
        /// The field typed into.
        field: Field,
        /// The field takes whole numbers only.
        whole: bool,
        /// The lowest value accepted.
        min: String,
        /// The highest.
        max: String,
        /// The value kept.
        kept: String,
    },
    /// A server was not added: the playground draws at most `max`.
    TooManyServers {
        /// The most servers drawn.
        max: usize,
    },
    /// A step found no request left to simulate.
    NothingLeft,
    /// The tutorial's code was asked of a strategy the tutorial does not have.
    NoSeedCode {
        /// The strategy's name.
        strategy: String,
    },
    /// A command named a server number the pool does not have.
    NoSuchServer {
        /// The number, from 1.
        number: usize,
    },
    /// Replaying to the current time would take too long: the run restarted.
    ReplayRestarted {
        /// Requests the replay would have taken.
        requests: u64,
        /// Simulated seconds it would have replayed to, as written.
        seconds: String,
    },
    /// A replay to a request further than the page replays.
    ReplayTooFar {
        /// The request asked for.
        request: u64,
        /// The furthest request a replay reaches.
        max: u64,
    },
    /// The settings make no valid run (the simulator's reason).
    InvalidRun {
        /// The simulator's message.
        error: String,
    },
    /// Compare wants 2 to 4 strategies.
    CompareCount,
    /// The engine or simulator refused an action (its reason).
    Refused {
        /// The engine's or simulator's message.
        error: String,
    },
}

/// A field a user types into.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// The random seed.
    Seed,
    /// A server's weight (the server's id).
    Weight(String),
    /// A server's error rate (the server's id).
    ErrorRate(String),
    /// A server's latency (the server's id).
    Latency(String),
    /// A server's connection limit (the server's id).
    MaxConnections(String),
}

impl Field {
    fn words(&self, lang: Lang) -> String {
        let (text, server) = match self {
            Field::Seed => return Text::Seed.get(lang).into(),
            Field::Weight(s) => (Text::FieldWeight, s),
            Field::ErrorRate(s) => (Text::FieldErrorRate, s),
            Field::Latency(s) => (Text::FieldLatency, s),
            Field::MaxConnections(s) => (Text::FieldMaxConnections, s),
        };
        text.fill(lang, &["server"], &[server])
    }
}

impl Notice {
    /// The note in `lang`, as text.
    pub fn message(&self, lang: Lang) -> String {
        use std::fmt::Display;
        let (text, field, min, max, value): (Text, &Field, &str, &str, &str) = match self {
            Notice::Link(n) => return n.message(lang),
            Notice::OutOfRange {
                field,
                min,
                max,
                used,
            } => (Text::NoteOutOfRange, field, min, max, used),
            Notice::NotWhole {
                field,
                min,
                max,
                used,
            } => (Text::NoteNotWhole, field, min, max, used),
            Notice::NotANumber {
                field,
                whole,
                min,
                max,
                kept,
            } => {
                let text = if *whole {
                    Text::NoteNotWholeKept
                } else {
                    Text::NoteNotNumberKept
                };
                (text, field, min, max, kept)
            }
            _ => {
                let (text, names, values): (Text, &[&str], &[&dyn Display]) = match self {
                    Notice::TooManyServers { max } => (Text::NoteTooManyServers, &["max"], &[max]),
                    Notice::NothingLeft => (Text::NoteNothingLeft, &[], &[]),
                    Notice::NoSeedCode { strategy } => {
                        (Text::NoteNoSeedCode, &["strategy"], &[strategy])
                    }
                    Notice::NoSuchServer { number } => {
                        (Text::NoteNoSuchServer, &["number"], &[number])
                    }
                    Notice::ReplayRestarted { requests, seconds } => (
                        Text::NoteReplayRestarted,
                        &["requests", "seconds"],
                        &[requests, seconds],
                    ),
                    Notice::ReplayTooFar { request, max } => {
                        (Text::NoteReplayTooFar, &["request", "max"], &[request, max])
                    }
                    Notice::InvalidRun { error } => (Text::NoteInvalidRun, &["error"], &[error]),
                    Notice::CompareCount => (Text::NoteCompareCount, &[], &[]),
                    Notice::Refused { error } => (Text::NoteRefused, &["error"], &[error]),
                    _ => unreachable!(),
                };
                return text.fill(lang, names, values);
            }
        };
        // A typed value: the field, its range and the value used or kept ("kept" and "used" name
        // the same value in different notes).
        text.fill(
            lang,
            &["field", "min", "max", "used", "kept"],
            &[&field.words(lang), &min, &max, &value, &value],
        )
    }
}

/// Clamp `value` into `min..=max` (`share::clamp`); NaN becomes `min`. Returns the value and
/// whether it changed.
pub fn clamp_f64(value: f64, min: f64, max: f64) -> (f64, bool) {
    let c = clamp(value, min, max);
    (c.used, c.changed)
}

/// A decimal number as Rust writes one (`share::permalink` reads links with it too).
pub use crate::share::permalink::parse_decimal;

/// Parse a whole number typed by a user and clamp it into `min..=max`, with a note naming the
/// field when the text was not such a number. Empty or unreadable text gives `fallback`.
pub fn parse_whole(
    field: Field,
    text: &str,
    min: u64,
    max: u64,
    fallback: u64,
) -> (u64, Option<Notice>) {
    let t = text.trim();
    match t.parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => (v, None),
        Ok(v) => {
            let c = clamp(v, min, max).used;
            (
                c,
                Some(Notice::OutOfRange {
                    field,
                    min: min.to_string(),
                    max: max.to_string(),
                    used: c.to_string(),
                }),
            )
        }
        Err(_) => match parse_decimal(t) {
            Some(f) if f.is_finite() => {
                let c = if f <= min as f64 {
                    min
                } else if f >= max as f64 {
                    max
                } else {
                    f.round() as u64
                };
                (
                    c,
                    Some(Notice::NotWhole {
                        field,
                        min: min.to_string(),
                        max: max.to_string(),
                        used: c.to_string(),
                    }),
                )
            }
            _ => (
                fallback,
                Some(Notice::NotANumber {
                    field,
                    whole: true,
                    min: min.to_string(),
                    max: max.to_string(),
                    kept: fallback.to_string(),
                }),
            ),
        },
    }
}

/// Parse a number typed by a user and clamp it into `min..=max` (see [`parse_whole`]).
pub fn parse_real(
    field: Field,
    text: &str,
    min: f64,
    max: f64,
    fallback: f64,
) -> (f64, Option<Notice>) {
    match parse_decimal(text.trim()) {
        Some(v) if v.is_finite() => {
            let (c, changed) = clamp_f64(v, min, max);
            (
                c,
                changed.then(|| Notice::OutOfRange {
                    field,
                    min: min.to_string(),
                    max: max.to_string(),
                    used: c.to_string(),
                }),
            )
        }
        _ => (
            fallback,
            Some(Notice::NotANumber {
                field,
                whole: false,
                min: min.to_string(),
                max: max.to_string(),
                kept: fallback.to_string(),
            }),
        ),
    }
}

/// Everything a user has set.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// One of [`crate::scenario::PRESETS`].
    pub preset: &'static str,
    /// Which of the preset's runs (seed-demo and flapping have two).
    pub run: usize,
    /// The strategy.
    pub kind: StrategyKind,
    /// Corrected or the tutorial's code (only for the tutorial's nine).
    pub variant: Variant,
    /// This crate's ring or nginx's, for the ring strategies.
    pub ring: RingFlavor,
    /// The random seed: the same seed replays the same run.
    pub seed: u64,
    /// Requests per simulated second.
    pub rate: f64,
    /// The "Latency" slider: every server's median latency, in ms.
    pub latency_ms: f64,
    /// The "Error rate" slider, 0..=1.
    pub error_rate: f64,
    /// Time between two health checks of a server, in ms.
    pub health_interval_ms: f64,
    /// Ring points per unit of weight.
    pub virtual_nodes: u32,
    /// Bounded loads' c.
    pub load_factor: f64,
    /// Multi-probe consistent hashing's probes per key (the "Probes per key (k)" slider).
    pub k: u32,
    /// Power of d choices' d, Envoy least request's `choice_count` (the "Servers compared (d)"
    /// slider).
    pub d: u32,
    /// Envoy least request's `active_request_bias` (its select); `None`: not set.
    pub active_request_bias: Option<f64>,
    /// Envoy least request's slow start window, aggression and minimum weight, as the link
    /// carries them (`permalink::Link::slow_start`); an import sets them.
    pub slow_start: [Option<f64>; 3],
    /// Prequal's five settings (its sliders, shown when Prequal is chosen).
    pub prequal: PrequalSettings,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Balancers in front of the pool, each with its own view of the load (1 to
    /// [`permalink::MAX_BALANCERS`]).
    pub balancers: u32,
    /// The pool: the preset's servers with their ids and ports filled in, as edited.
    pub servers: Vec<ServerSpec>,
    /// The "Cost spread" slider: the request costs' spread, 0 to 2 (0: all alike).
    pub cost_spread: f64,
    /// The "Queue length" select: requests every server with a capacity lets wait beyond it;
    /// `None` keeps each server's own.
    pub queue_limit: Option<u32>,
}

/// The spread a scenario's costs have (0 when every request costs the same).
fn spread_of(s: &Scenario) -> f64 {
    if s.cost.is_fixed() {
        0.0
    } else {
        s.cost.spread
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self::for_preset(PRESETS[0], StrategyKind::RoundRobin, Variant::Corrected, 1)
    }
}

/// The preset's first run (the seed demo's strategy run, flapping's seed-like run).
pub fn preset_scenario(name: &str) -> Scenario {
    preset_run(name, 0)
}

/// The preset's run number `run` (its last one if there are fewer).
pub fn preset_run(name: &str, run: usize) -> Scenario {
    preset(name)
        .or_else(|| preset(PRESETS[0]))
        .and_then(|p| {
            let last = p.runs.len().checked_sub(1)?;
            p.runs.into_iter().nth(run.min(last))
        })
        .unwrap_or_default()
}

/// The servers of a scenario with their ids and ports filled in.
fn numbered(servers: &[ServerSpec]) -> Vec<ServerSpec> {
    servers
        .iter()
        .enumerate()
        .map(|(i, spec)| ServerSpec {
            id: spec.id_at(i),
            port: spec.port_at(i),
            ..spec.clone()
        })
        .collect()
}

/// The name as the `&'static str` of [`PRESETS`] (seed-demo when unknown).
pub fn preset_name(name: &str) -> &'static str {
    crate::scenario::preset_name(name).unwrap_or(PRESETS[0])
}

/// The strategy a preset is about: the first its runs compare (round robin if it names none).
pub fn preset_strategy(name: &str) -> StrategyKind {
    preset_scenario(preset_name(name))
        .strategies
        .first()
        .map_or(StrategyKind::RoundRobin, |c| c.kind)
}

impl Settings {
    /// Do `self` and `other` describe the same run, whatever the speed it is watched at?
    pub fn same_run(&self, other: &Settings) -> bool {
        Settings {
            speed: other.speed,
            ..self.clone()
        } == *other
    }

    /// Whether the pool is no longer the preset's (servers added, removed, renamed or
    /// re-weighted, or imported): the preset's description then speaks of other servers.
    pub fn servers_are_own(&self) -> bool {
        let preset = numbered(&preset_run(self.preset, self.run).servers);
        preset.len() != self.servers.len()
            || preset
                .iter()
                .zip(&self.servers)
                .any(|(a, b)| a.id != b.id || a.weight != b.weight)
    }

    /// The settings a preset starts with; the strategy is kept from the user's choice.
    pub fn for_preset(name: &str, kind: StrategyKind, variant: Variant, seed: u64) -> Self {
        let name = preset_name(name);
        let s = preset_scenario(name);
        let servers = numbered(&s.servers);
        let latency_ms = servers.first().map_or(20.0, |s| s.latency_ms);
        let error_rate = servers.first().map_or(0.0, |s| s.error_rate);
        let health_interval_ms = if s.health.enabled {
            s.health.interval_ms
        } else {
            SEED_HEALTH_INTERVAL_MS
        };
        let variant = if kind.has_seed_variant() {
            variant
        } else {
            Variant::Corrected
        };
        Self {
            preset: name,
            run: 0,
            kind,
            variant,
            ring: RingFlavor::Fulcrum,
            seed: seed.min(MAX_SEED),
            rate: s.arrivals.rate_per_s,
            latency_ms,
            error_rate,
            health_interval_ms,
            virtual_nodes: StrategyConfig::default().points_per_weight,
            load_factor: StrategyConfig::default().load_factor,
            k: StrategyConfig::default().k,
            d: StrategyConfig::default().d,
            active_request_bias: None,
            slow_start: [None; 3],
            prequal: PrequalSettings::default(),
            speed: 1.0,
            balancers: s.balancers.clamp(1, permalink::MAX_BALANCERS),
            servers,
            cost_spread: spread_of(&s),
            queue_limit: None,
        }
    }

    /// The settings a link describes (already checked and clamped by `permalink`). The seed is
    /// kept whole, even beyond what the seed field can type, so the link's run is the same run.
    pub fn from_link(link: &permalink::Link) -> Self {
        let scenario = link.scenario();
        let mut s = Self::for_preset(link.preset, link.strategy, link.variant, 0);
        s.run = link.run;
        s.seed = link.seed;
        s.ring = link.ring;
        s.virtual_nodes = link.virtual_nodes;
        s.load_factor = link.load_factor;
        s.k = link.k;
        s.d = link.d;
        s.active_request_bias = link.active_request_bias;
        s.slow_start = [
            link.slow_start_ms,
            link.slow_start_aggression,
            link.slow_start_min_weight,
        ];
        s.prequal = link.prequal.clone();
        s.speed = link.speed;
        s.rate = scenario.arrivals.rate_per_s;
        // The sliders show the link's values, else the preset run's first server's (not the
        // link's first server's: its own values are its own).
        let base = preset_run(link.preset, link.run);
        let first = base.servers.first();
        s.latency_ms = link
            .latency_ms
            .unwrap_or(first.map_or(s.latency_ms, |x| x.latency_ms));
        s.error_rate = link
            .error_rate
            .unwrap_or(first.map_or(s.error_rate, |x| x.error_rate));
        s.health_interval_ms = if scenario.health.enabled || link.health_interval_ms.is_some() {
            scenario.health.interval_ms
        } else {
            SEED_HEALTH_INTERVAL_MS
        };
        s.balancers = scenario.balancers.clamp(1, permalink::MAX_BALANCERS);
        s.servers = numbered(&scenario.servers);
        s.cost_spread = spread_of(&scenario);
        s.queue_limit = link.queue_limit;
        s
    }

    /// The link for these settings: `extra` gives what the playground keeps beside them (view,
    /// language, lesson, lookup key, compare list). Slider values and servers are written only
    /// where they differ from what the preset gives, which keeps links short.
    pub fn to_link(&self, extra: &permalink::Link) -> permalink::Link {
        let mut link = permalink::Link {
            preset: self.preset,
            run: self.run,
            strategy: self.kind,
            variant: self.variant,
            ring: self.ring,
            virtual_nodes: self.virtual_nodes,
            load_factor: self.load_factor,
            k: self.k,
            d: self.d,
            active_request_bias: self.active_request_bias,
            slow_start_ms: self.slow_start[0],
            slow_start_aggression: self.slow_start[1],
            slow_start_min_weight: self.slow_start[2],
            prequal: self.prequal.clone(),
            servers: None,
            request_rate: None,
            latency_ms: None,
            error_rate: None,
            health_interval_ms: None,
            cost_spread: None,
            queue_limit: self.queue_limit,
            balancers: None,
            seed: self.seed,
            speed: self.speed,
            ..extra.clone()
        };
        let plain = Self::from_link(&link);
        let differs = |a: f64, b: f64| (a != b).then_some(a);
        link.request_rate = differs(self.rate, plain.rate);
        link.latency_ms = differs(self.latency_ms, plain.latency_ms);
        link.error_rate = differs(self.error_rate, plain.error_rate);
        link.health_interval_ms = differs(self.health_interval_ms, plain.health_interval_ms);
        link.cost_spread = differs(self.cost_spread, plain.cost_spread);
        link.balancers = (self.balancers != plain.balancers).then_some(self.balancers);
        if Self::from_link(&link).servers != self.servers {
            let mut list: Vec<ServerSetting> = self
                .servers
                .iter()
                .map(|x| ServerSetting::new(x.id.clone(), x.weight))
                .collect();
            link.servers = Some(list.clone());
            // A server's own latency, error rate and limit only where the rest does not give it.
            let without = Self::from_link(&link).servers;
            for ((setting, want), got) in list.iter_mut().zip(&self.servers).zip(&without) {
                setting.latency_ms = differs(want.latency_ms, got.latency_ms);
                setting.error_rate = differs(want.error_rate, got.error_rate);
                setting.max_connections = (want.max_connections != DEFAULT_MAX_CONNECTIONS)
                    .then_some(want.max_connections);
            }
            link.servers = Some(list);
        }
        link
    }

    /// The engine's configuration for these settings, parameters clamped to the engine's bounds.
    pub fn strategy_config(&self) -> StrategyConfig {
        let mut c = StrategyConfig::new(self.kind);
        c.variant = if self.kind.has_seed_variant() {
            self.variant
        } else {
            Variant::Corrected
        };
        c.points_per_weight = self
            .virtual_nodes
            .clamp(1, crate::engine::strategy::MAX_POINTS_PER_WEIGHT);
        c.load_factor = self.load_factor;
        self.set_knobs(&mut c);
        if matches!(
            self.kind,
            StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
        ) && c.variant == Variant::Corrected
        {
            c.ring = self.ring;
        }
        c
    }

    /// Give `config` the strategies' own knobs as set here (multi-probe's k, power of d choices'
    /// d, Envoy least request's bias and slow start, Prequal's five), clamped to the link's
    /// ranges: the live run, Compare and the sweep run the same knobs.
    pub fn set_knobs(&self, config: &mut StrategyConfig) {
        config.k = permalink::PROBES.clamp(f64::from(self.k)) as u32;
        config.d = permalink::CHOICES.clamp(f64::from(self.d)) as u32;
        config.active_request_bias = self
            .active_request_bias
            .filter(|b| !b.is_nan())
            .map(|b| permalink::ACTIVE_REQUEST_BIAS.clamp(b));
        let [window, aggression, min_weight] = self.slow_start;
        config.slow_start = permalink::Link {
            slow_start_ms: window,
            slow_start_aggression: aggression,
            slow_start_min_weight: min_weight,
            ..permalink::Link::default()
        }
        .slow_start();
        let mut prequal = self.prequal.clone();
        clamp_prequal(&mut prequal);
        config.prequal = prequal;
    }

    /// The live run's scenario: the preset's first run with these settings, traffic that goes on
    /// as long as the user plays, health checks always on (the seed has a checker), and the
    /// preset's scheduled faults followed by the user's live actions.
    pub fn scenario(&self, actions: &[crate::scenario::FaultSpec]) -> Scenario {
        let base = preset_run(self.preset, self.run);
        let mut s = base.clone();
        s.requests = bounds::REQUESTS.max;
        s.duration_ms = None;
        s.seed = self.seed;
        s.strategies = vec![self.strategy_config()];
        s.servers = self.servers.clone();
        s.cost.spread = self.cost_spread;
        if self.cost_spread > 0.0 && s.cost.distribution == CostDistribution::Fixed {
            s.cost.distribution = CostDistribution::Lognormal;
        }
        s.arrivals.rate_per_s = self.rate;
        if !base.health.enabled {
            // The seed's checker: no thresholds.
            s.health.rise = 1;
            s.health.fall = 1;
        }
        s.health.enabled = true;
        s.health.interval_ms = self.health_interval_ms;
        s.balancers = self.balancers;
        s.report.sample_interval_ms = SAMPLE_INTERVAL_MS;
        s.report.max_samples = MAX_SAMPLES;
        s.report.first_requests = 0;
        s.faults.extend(actions.iter().cloned());
        s
    }

    /// The strategies compare starts with: the user's, then the preset's, at most four.
    pub fn compare_defaults(&self) -> Vec<(StrategyKind, Variant)> {
        let mut out = vec![(self.kind, self.variant)];
        for c in preset_run(self.preset, self.run).strategies {
            if out.len() == 4 {
                break;
            }
            if !out.contains(&(c.kind, c.variant)) {
                out.push((c.kind, c.variant));
            }
        }
        if out.len() < 2 {
            out.push((StrategyKind::PowerOfTwoChoices, Variant::Corrected));
        }
        out
    }

    /// Set every server's median latency.
    pub fn set_latency(&mut self, ms: f64) {
        let (ms, _) = clamp_f64(ms, LATENCY_MS.min(), LATENCY_MS.max());
        self.latency_ms = ms;
        for s in &mut self.servers {
            s.latency_ms = ms;
        }
    }

    /// Every server with a capacity lets `limit` requests wait beyond it (`None`: each server's
    /// own, as the preset gives it).
    pub fn set_queue_limit(&mut self, limit: Option<u32>) {
        self.queue_limit = limit;
        let preset = numbered(&preset_run(self.preset, self.run).servers);
        for s in self.servers.iter_mut().filter(|s| s.capacity > 0) {
            s.queue_limit = match limit {
                Some(q) => Some(q),
                None => preset
                    .iter()
                    .find(|p| p.id == s.id)
                    .and_then(|p| p.queue_limit),
            };
        }
    }

    /// A new server like the first one (as a link's new servers are), with the next free id and
    /// port, joining at `at_ms`.
    pub fn add_server(&mut self, at_ms: f64) -> Result<String, Notice> {
        if self.servers.len() >= MAX_SERVERS {
            return Err(Notice::TooManyServers { max: MAX_SERVERS });
        }
        let mut n = self.servers.len() + 1;
        let taken = |id: &str, servers: &[ServerSpec]| servers.iter().any(|s| s.id == id);
        while taken(&format!("server{n}"), &self.servers) {
            n += 1;
        }
        let id = format!("server{n}");
        let port = self
            .servers
            .iter()
            .map(|s| s.port)
            .max()
            .unwrap_or(8000)
            .saturating_add(1);
        let template = self.servers.first().cloned().unwrap_or_default();
        self.servers.push(ServerSpec {
            id: id.clone(),
            port,
            weight: 1,
            latency_ms: self.latency_ms,
            join_at_ms: (at_ms > 0.0).then_some(at_ms),
            slow_start_ms: 0.0,
            ..template
        });
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::share::i18n::Lang;

    /// Every preset starts with its own servers; adding one, re-weighting one or an import's
    /// pool makes them the reader's own, and the latency slider does not.
    #[test]
    fn servers_are_own_once_the_pool_differs_from_the_preset_s() {
        for name in crate::scenario::PRESETS {
            let s = Settings::for_preset(name, StrategyKind::RoundRobin, Variant::Corrected, 1);
            assert!(!s.servers_are_own(), "{name}");
            let mut slower = s.clone();
            for server in &mut slower.servers {
                server.latency_ms *= 2.0;
            }
            assert!(!slower.servers_are_own(), "{name}: latency is not the pool");
            let mut added = s.clone();
            added.add_server(0.0).unwrap();
            assert!(added.servers_are_own(), "{name}");
            let mut weighted = s.clone();
            weighted.servers[0].weight += 1;
            assert!(weighted.servers_are_own(), "{name}");
        }
    }

    #[test]
    fn typed_values_are_clamped_with_a_note() {
        let (v, note) = parse_whole(Field::Seed, "-5", 0, 100, 7);
        assert_eq!(v, 0);
        assert!(
            note.unwrap()
                .message(Lang::En)
                .contains("Random seed must be a whole number from 0 to 100")
        );
        let (v, note) = parse_whole(Field::Seed, "abc", 0, 100, 7);
        assert_eq!(v, 7, "unreadable text keeps the old value");
        assert!(note.is_some());
        let (v, note) = parse_whole(Field::Seed, " 42 ", 0, 100, 7);
        assert!(v == 42 && note.is_none());
        let (v, note) = parse_real(Field::ErrorRate("server1".into()), "250", 0.0, 100.0, 1.0);
        assert_eq!(v, 100.0);
        assert!(note.is_some());
        let (v, _) = parse_real(Field::Latency("server1".into()), "NaN", 0.0, 10.0, 3.0);
        assert_eq!(v, 3.0);
    }

    #[test]
    fn settings_go_into_a_link_and_back_unchanged() {
        let extra = permalink::Link::default();
        for preset in PRESETS {
            for kind in [StrategyKind::ConsistentHash, StrategyKind::LeastConnections] {
                let mut s = Settings::for_preset(preset, kind, Variant::Seed, 42);
                let query = s.to_link(&extra).to_query();
                let (back, notes) = permalink::Link::from_query(&query);
                assert!(notes.is_empty(), "{query}: {notes:?}");
                assert_eq!(Settings::from_link(&back), s, "{query}");
                s.rate = 333.0;
                s.set_latency(45.0);
                s.virtual_nodes = 20;
                s.k = 8;
                s.d = 4;
                s.speed = 4.0;
                s.health_interval_ms = 750.0;
                s.servers[0].latency_ms = 7.0;
                s.servers[0].error_rate = 0.25;
                s.servers[0].max_connections = 9;
                s.cost_spread = 1.25;
                s.set_queue_limit(Some(4));
                s.add_server(0.0).unwrap();
                let query = s.to_link(&extra).to_query();
                let (back, notes) = permalink::Link::from_query(&query);
                assert!(notes.is_empty(), "{query}: {notes:?}");
                assert_eq!(Settings::from_link(&back), s, "{query}");
            }
        }
        let plain = Settings::default().to_link(&extra).to_query();
        assert_eq!(plain, "preset=tutorial-demo&strategy=round_robin&seed=1");
    }

    #[test]
    fn the_queue_length_applies_to_servers_with_a_capacity_and_comes_back() {
        let mut s = Settings::for_preset(
            "fast-but-small",
            StrategyKind::RoundRobin,
            Variant::Corrected,
            1,
        );
        assert_eq!(s.cost_spread, 0.5);
        let own: Vec<Option<u32>> = s.servers.iter().map(|x| x.queue_limit).collect();
        assert_eq!(own, [Some(4), Some(16), Some(16), Some(16)]);
        s.set_queue_limit(Some(0));
        assert!(s.servers.iter().all(|x| x.queue_limit == Some(0)));
        s.cost_spread = 0.0;
        let run = s.scenario(&[]);
        assert!(run.cost.is_fixed() && run.validate().is_ok());
        s.set_queue_limit(None);
        let back: Vec<Option<u32>> = s.servers.iter().map(|x| x.queue_limit).collect();
        assert_eq!(back, own);
        // A preset of equal costs gets log-normal ones from a spread.
        let mut plain = Settings::default();
        assert_eq!(plain.cost_spread, 0.0);
        plain.cost_spread = 1.0;
        let run = plain.scenario(&[]);
        assert_eq!(run.cost.distribution, CostDistribution::Lognormal);
        assert!(plain.servers.iter().all(|x| x.capacity == 0));
        plain.set_queue_limit(Some(8));
        assert!(
            plain.servers.iter().all(|x| x.queue_limit.is_none()),
            "no capacity, no queue"
        );
    }

    #[test]
    fn every_ladder_position_gives_a_rung_that_maps_back_to_it() {
        for ladder in [
            RATE,
            LATENCY_MS,
            ERROR_RATE,
            HEALTH_INTERVAL_MS,
            VIRTUAL_NODES,
            SPEED,
            COST_SPREAD,
            PROBES,
            CHOICES,
            ACTIVE_REQUEST_BIAS,
        ] {
            for p in 0..ladder.len() {
                assert_eq!(ladder.position(ladder.value(p)), p);
            }
            assert!(ladder.min() <= ladder.max());
        }
        // The sliders move within what a link holds, so every rung survives a link.
        for (ladder, range) in [
            (PROBES, permalink::PROBES),
            (CHOICES, permalink::CHOICES),
            (ACTIVE_REQUEST_BIAS, permalink::ACTIVE_REQUEST_BIAS),
        ] {
            assert!(range.contains(ladder.min()) && range.contains(ladder.max()));
        }
    }

    #[test]
    fn prequals_settings_come_from_the_link_clamped_with_a_note_and_reach_the_engine() {
        let (link, notes) = permalink::Link::from_query(
            "strategy=prequal&prequal_pool=4&prequal_q_rif=1.5&prequal_probes=9\
             &prequal_reuse=7&prequal_max_age=NaN",
        );
        let said: Vec<String> = notes
            .into_iter()
            .map(|n| Notice::Link(n).message(Lang::En))
            .collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("prequal_q_rif: 1.5"), "{said:?}");
        assert!(said[1].starts_with("prequal_max_age: “NaN”"), "{said:?}");
        // r above the pool's 4 is held to it, and the note names that ceiling.
        assert!(
            said[2].starts_with("prequal_probes: 9") && said[2].contains("0–4; 4 is used"),
            "{said:?}"
        );
        let s = Settings::from_link(&link);
        let want = crate::engine::load_aware::prequal::PrequalSettings {
            pool: 4,
            q_rif: 1.0,
            probes_per_request: 4,
            reuse: 7,
            max_age_ms: 1000.0,
        };
        assert_eq!(s.prequal, want);
        let config = s.strategy_config();
        assert_eq!(config.prequal, want);
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(s.scenario(&[]).strategies[0].prequal, want);
        // Back to a link and read again: the same settings, no note.
        let again = s.to_link(&permalink::Link::default());
        let query = again.to_query();
        assert!(
            query.contains("prequal_pool=4&prequal_q_rif=1&prequal_probes=4&prequal_reuse=7&"),
            "{query}"
        );
        assert!(!query.contains("prequal_max_age"), "{query}");
        assert_eq!(permalink::Link::from_query(&query), (again, vec![]));
        // Defaults stay out of the link.
        assert!(!permalink::Link::default().to_query().contains("prequal"));
        // Every rung of every slider survives a link, and the engine takes it (r clamped to
        // the pool on the way).
        for knob in PrequalKnob::ALL {
            let ladder = prequal_ladder(knob);
            for p in 0..ladder.len() {
                assert_eq!(ladder.position(ladder.value(p)), p, "{knob:?}");
                assert!(knob.slider().contains(ladder.value(p)), "{knob:?}");
                let mut s = Settings::default();
                knob.set(&mut s.prequal, ladder.value(p));
                assert_eq!(s.strategy_config().prequal.problem(), None, "{knob:?} {p}");
            }
        }
    }

    #[test]
    fn k_and_d_come_from_the_link_clamped_with_a_note_and_reach_the_engine() {
        let (link, notes) = permalink::Link::from_query("strategy=power_of_d_choices&k=0&d=500");
        let s = Settings::from_link(&link);
        assert_eq!((s.k, s.d), (1, 64));
        let said: Vec<String> = notes
            .into_iter()
            .map(|n| Notice::Link(n).message(Lang::En))
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].starts_with("k: 0") && said[1].starts_with("d: 500"),
            "{said:?}"
        );
        let config = s.strategy_config();
        assert_eq!((config.k, config.d), (1, 64));
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(s.scenario(&[]).strategies[0].d, 64);
        // Set past the ends in code, the engine still gets a value it takes.
        let wild = Settings {
            k: 0,
            d: u32::MAX,
            ..Settings::default()
        };
        let config = wild.strategy_config();
        assert_eq!((config.k, config.d), (1, 64));
    }

    /// Envoy least request's choice_count (`d=`) and active_request_bias (`bias=`) come from the
    /// link, survive the round trip back to it and reach the engine clamped.
    #[test]
    fn the_active_request_bias_comes_from_the_link_and_reaches_the_engine() {
        let (link, notes) =
            permalink::Link::from_query("strategy=envoy_least_request&d=3&bias=0.5");
        assert_eq!(notes, []);
        let s = Settings::from_link(&link);
        assert_eq!((s.d, s.active_request_bias), (3, Some(0.5)));
        let config = s.scenario(&[]).strategies[0].clone();
        assert_eq!((config.d, config.active_request_bias), (3, Some(0.5)));
        assert_eq!(s.to_link(&link), link);
        let wild = Settings {
            active_request_bias: Some(f64::INFINITY),
            ..Settings::default()
        };
        let config = wild.strategy_config();
        assert_eq!(config.active_request_bias, Some(10.0));
        assert_eq!(config.validate(), Ok(()));
        let nan = Settings {
            active_request_bias: Some(f64::NAN),
            ..Settings::default()
        };
        assert_eq!(nan.strategy_config().active_request_bias, None);
    }

    proptest! {
        /// A whole number is always in range, and a note says so exactly when the text was not
        /// already such a number.
        #[test]
        fn whole_numbers_land_in_range_with_a_note_when_changed(
            text in prop_oneof![
                any::<i64>().prop_map(|v| v.to_string()),
                any::<f64>().prop_map(|v| v.to_string()),
                "[ 0-9a-z.+-]{0,8}",
            ],
            min in 0u64..1000,
            span in 0u64..1000,
            fallback in 0u64..2000,
        ) {
            let max = min + span;
            let (v, note) = parse_whole(Field::Seed, &text, min, max, fallback);
            match text.trim().parse::<u64>() {
                Ok(t) if (min..=max).contains(&t) => prop_assert!(v == t && note.is_none()),
                Ok(_) => prop_assert!((min..=max).contains(&v) && note.is_some()),
                Err(_) => {
                    prop_assert!(note.is_some());
                    prop_assert!((min..=max).contains(&v) || v == fallback);
                }
            }
        }

        #[test]
        fn real_numbers_land_in_range_or_keep_the_old_value(
            v in prop_oneof![any::<f64>(), -1e6f64..1e6],
            min in -100.0f64..100.0,
            span in 0.0f64..100.0,
        ) {
            let max = min + span;
            let (got, note) = parse_real(Field::Seed, &v.to_string(), min, max, min);
            prop_assert!((min..=max).contains(&got));
            prop_assert_eq!(note.is_none(), v.is_finite() && (min..=max).contains(&v));
            if note.is_none() {
                prop_assert_eq!(got, v);
            }
        }
    }
}
