//! The lookup debugger's and churn view's shared settings: the servers, the history of pool
//! edits, the hashing strategy, the key, the knobs (and the debugger's step and fill animation).
//! Every setting is clamped here, with a visible note, so the views never see an out-of-range
//! value; every owner shown is computed by the engine (`engine::churn`) from these settings.
//!
//! One pool: on the page they start from the playground's servers ([`pool_spec`],
//! [`LookupAction::Playground`]) and follow them until the reader edits the pool here; from then
//! on [`LookupSettings::diverged`] says so, and [`LookupAction::ResetToPlayground`] goes back.

use std::rc::Rc;

use crate::engine::churn::{HashStrategy, Knobs, PoolEdit};
use crate::engine::model::{PoolError, SpecError, parse_servers, split_weight};
use crate::engine::{EngineError, PickError, Server};
use crate::share::clamp::clamp;
use crate::share::i18n::{AnyText, Lang, LaterText, Text};

/// The pool the debugger starts with: four servers, the last with weight 2.
pub const DEFAULT_SERVERS: &str = "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080,10.0.0.4:8080=2";

/// Sample keys: paths, client IPs and user ids.
pub const SAMPLE_KEYS: [&str; 12] = [
    "/api/data/7",
    "/img/logo.png",
    "/users/42/profile",
    "/cart?item=1234",
    "192.168.1.7",
    "10.20.30.40",
    "203.0.113.9",
    "user-1001",
    "user-2002",
    "user-3003",
    "session:9f86d081",
    "/search?q=consistent+hashing",
];

/// Choices of maglev's table size M in the debugger (primes): small enough to watch the fill,
/// and the real default.
pub const TABLE_SIZES: [u32; 5] = [13, 31, 101, 251, 65_537];

/// Virtual nodes (points per unit of weight) the slider steps through.
pub const POINT_STOPS: [u32; 12] = [1, 2, 5, 10, 20, 50, 100, 160, 200, 500, 1000, 2000];

/// Servers in the debugger's pool at most.
pub const MAX_SERVERS: usize = 32;
/// The pool's total weight: at 2000 points per weight this keeps a ring to 128,000 points, so
/// every view stays interactive.
pub const MAX_TOTAL_WEIGHT: u64 = 64;
/// A key's length at most, in characters (longer ones are cut).
pub const MAX_KEY_LEN: usize = 256;
/// Sample keys at most.
pub const MAX_SAMPLES: usize = 64;
/// Requests for the same key in flight before the lookup, at most.
pub const MAX_EARLIER: usize = 64;
/// Pool edits kept at most.
pub const MAX_EDITS: usize = 64;
/// Bounded loads' c at least: 1 is a perfectly even cap.
pub const MIN_LOAD_FACTOR: f64 = 1.0;
/// Bounded loads' c at most.
pub const MAX_LOAD_FACTOR: f64 = 4.0;

#[derive(Clone, Debug, PartialEq)]
/// Everything the lookup debugger and the churn view are set to, always in range.
pub struct LookupSettings {
    /// The server list as last applied.
    pub spec: String,
    /// The servers `spec` gives, before the edits.
    pub base: Vec<Server>,
    /// Changes made since, in order (the churn view shows the last one).
    pub edits: Vec<PoolEdit>,
    /// The hashing strategy looked up with.
    pub strategy: HashStrategy,
    /// The key looked up (at most [`MAX_KEY_LEN`] characters).
    pub key: String,
    /// Points per weight, bounded loads' c and the debugger's maglev M.
    pub knobs: Knobs,
    /// Requests for the same key already in flight when it is looked up (bounded loads).
    pub earlier: usize,
    /// The sample keys, one per line as typed (at most [`MAX_SAMPLES`]).
    pub samples: Vec<String>,
    /// Why the last input was refused or clamped.
    pub note: Option<LookupNote>,
    /// A server list that was refused, as typed, and why: the Servers field keeps showing it,
    /// with the reason beside it, until a list is accepted (never a silent revert).
    pub refused: Option<(String, LookupNote)>,
    /// Servers added so far (to name the next one).
    pub added: usize,
    /// What the sample keys' "Copy" did last (back to idle when the sample keys change).
    pub copy: CopyState,
    /// The churn view's own inputs.
    pub churn: ChurnInputs,
    /// The debugger's step and maglev's fill animation.
    pub fill: Fill,
    /// Counts the changes of the lookup itself (key, pool, knobs, strategy, requests in
    /// flight), each of which starts the debugger again at step 1; a view that must act on a
    /// new lookup watches this number. Nothing else moves it: not the language, the sample
    /// keys, the churn view's inputs, nor a recompute.
    pub lookup_number: u32,
    /// The playground's servers ([`pool_spec`]) when the debugger sits beside a playground.
    pub playground: Option<String>,
}

/// The playground's servers as the debugger's server list: `server1,server2=2,…` (ids and
/// weights; a named server is `localhost` on port 8001 + its position, as in the playground).
pub fn pool_spec<'a>(servers: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    let mut spec = String::new();
    for (i, (id, weight)) in servers.into_iter().enumerate() {
        if i > 0 {
            spec.push(',');
        }
        spec.push_str(id);
        if weight != 1 {
            spec.push('=');
            spec.push_str(&weight.to_string());
        }
    }
    spec
}

/// A server list of `host:port` entries, or of the playground's names (`server1`, any id of
/// `playground`'s list), or both: a name is `localhost` on port 8001 + its position. Other
/// words are refused with [`parse_servers`]'s errors.
pub fn parse_pool(spec: &str, playground: Option<&str>) -> Result<Vec<Server>, SpecError> {
    let error = match parse_servers(spec) {
        Ok(servers) => return Ok(servers),
        Err(e) => e,
    };
    let named = |(i, item): (usize, &str)| -> Option<Server> {
        let (name, weight) = split_weight(item).ok()?;
        let weight = weight.map_or(Some(1), |w| w.parse().ok())?;
        let numbered = name
            .strip_prefix("server")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let theirs = playground.is_some_and(|p| {
            p.split(',')
                .any(|item| split_weight(item.trim()).is_ok_and(|(id, _)| id == name))
        });
        let ok_name = (numbered || theirs)
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        match parse_servers(name) {
            Ok(one) if one.len() == 1 => {
                let mut server = one.into_iter().next()?;
                server.weight = weight;
                Some(server).filter(|_| weight <= crate::engine::model::MAX_WEIGHT)
            }
            _ if ok_name && weight <= crate::engine::model::MAX_WEIGHT => Some(Server::new(
                name,
                "localhost",
                u16::try_from(8001 + i).ok()?,
                weight,
            )),
            _ => None,
        }
    };
    let servers: Option<Vec<Server>> = spec
        .split(',')
        .map(str::trim)
        .enumerate()
        .map(named)
        .collect();
    match servers {
        Some(servers) if crate::engine::Pool::new(servers.clone()).is_ok() => Ok(servers),
        _ => Err(error),
    }
}

/// The churn view's own inputs: the server its buttons act on, the weight "Change weight" sets
/// and the hot keys' Zipf exponent.
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnInputs {
    /// Id of the server the churn view's actions apply to.
    pub selected: String,
    /// The weight its weight change sets.
    pub new_weight: u32,
    /// The hot keys' Zipf exponent.
    pub zipf: f64,
}

/// A change of one of the churn view's own inputs.
#[derive(Clone)]
pub enum ChurnInput {
    /// Select the server to change.
    Select(String),
    /// Set the weight to change it to.
    Weight(u32),
    /// Set the Zipf exponent.
    Zipf(f64),
}

/// The sample keys' "Copy": not pressed, done, or shown for the reader to copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyState {
    /// Not pressed.
    Idle,
    /// Copied to the clipboard.
    Copied,
    /// No clipboard here: the text is shown for the reader to copy.
    Fallback,
}

impl Default for LookupSettings {
    fn default() -> Self {
        let base = parse_servers(DEFAULT_SERVERS).unwrap_or_default();
        Self {
            spec: DEFAULT_SERVERS.to_string(),
            base,
            edits: Vec::new(),
            strategy: HashStrategy::Ring,
            key: SAMPLE_KEYS[0].to_string(),
            knobs: Knobs {
                maglev_table_size: 31,
                ..Knobs::default()
            },
            earlier: 7,
            samples: SAMPLE_KEYS.iter().map(|s| s.to_string()).collect(),
            note: None,
            refused: None,
            added: 0,
            copy: CopyState::Idle,
            churn: ChurnInputs {
                selected: String::new(),
                new_weight: 2,
                zipf: 1.0,
            },
            fill: Fill::default(),
            lookup_number: 0,
            playground: None,
        }
    }
}

/// The fill animation: how many turns are shown, and whether it is playing; and the step shown
/// (from 1). Kept in the debugger's settings: one reducer hook less.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Fill {
    /// Turns of the fill shown.
    pub turn: usize,
    /// Turns in the whole fill.
    pub total: usize,
    /// The fill is playing.
    pub playing: bool,
    /// The step shown, from 1 (0: none yet).
    pub step: usize,
    /// The steps play on their own, one a tick, until the last.
    pub walking: bool,
}

/// A move of the fill animation or of the step shown.
#[derive(Clone, Copy)]
pub enum FillAction {
    /// A new fill of `total` turns.
    Start {
        /// Turns in the fill.
        total: usize,
        /// Play it from the first turn (else show it whole).
        animate: bool,
    },
    /// Show step `.0` (from 1).
    Step(usize),
    /// One tick of play: about a 40th of the fill.
    Advance,
    /// Show this many turns, and pause.
    Set(usize),
    /// Play (from the start when at the end).
    Play,
    /// Pause.
    Pause,
    /// Show the whole fill at once.
    Skip,
    /// Play the steps from the one shown (from the first when at the last of `.0`), or stop.
    Walk {
        /// Start walking, or stop.
        on: bool,
        /// The last step.
        last: usize,
    },
    /// The next of `.0` steps; a walk stops at the last.
    Next(usize),
}

impl Fill {
    fn apply(&mut self, action: FillAction) {
        let f = self;
        match action {
            FillAction::Start { total, animate } => {
                f.turn = if animate { 0 } else { total };
                f.total = total;
                f.playing = animate && total > 0;
            }
            FillAction::Step(step) => f.step = step,
            FillAction::Advance => {
                // About 40 ticks whatever M is.
                f.turn = (f.turn + f.total.div_ceil(40).max(1)).min(f.total);
                f.playing = f.playing && f.turn < f.total;
            }
            FillAction::Set(t) => {
                f.turn = t.min(f.total);
                f.playing = false;
            }
            FillAction::Play => {
                if f.turn >= f.total {
                    f.turn = 0;
                }
                f.playing = f.total > 0;
            }
            FillAction::Pause => f.playing = false,
            FillAction::Walk { on, last } => {
                if on && f.step >= last {
                    f.step = 1;
                }
                f.walking = on && last > 1;
            }
            FillAction::Next(last) => {
                f.step = (f.step + 1).min(last.max(1));
                f.walking = f.walking && f.step < last;
            }
            FillAction::Skip => {
                f.turn = f.total;
                f.playing = false;
            }
        }
    }
}

#[derive(Clone)]
/// A change to [`LookupSettings`]; the reducer clamps it and notes why.
pub enum LookupAction {
    /// Apply a server list as typed.
    SetServers(String),
    /// Change the hashing strategy.
    SetStrategy(HashStrategy),
    /// Change the key.
    SetKey(String),
    /// Change the points per weight.
    SetPoints(u32),
    /// Change bounded loads' c.
    SetLoadFactor(f64),
    /// Change Maglev's table size M.
    SetTableSize(u32),
    /// Change multi-probe consistent hashing's k (the playground's "Probes per key (k)").
    SetProbes(u32),
    /// Change the requests already in flight for the key.
    SetEarlier(usize),
    /// Replace the sample keys (one per line).
    SetSamples(String),
    /// Apply one pool edit.
    Edit(PoolEdit),
    /// Add a new server of weight 1 (named after the pool's host pattern).
    AddServer,
    /// Drop the edits: back to the servers as applied.
    ResetPool,
    /// The playground's servers are now these ([`pool_spec`]): followed unless the pool was
    /// edited here.
    Playground(String),
    /// Back to the playground's servers, edits dropped.
    ResetToPlayground,
    /// Show why an input from elsewhere (the link) was clamped.
    Note(LookupNote),
    /// What the sample keys' "Copy" did (the note stays).
    Copy(CopyState),
    /// One of the churn view's own inputs changed (the note stays).
    Churn(ChurnInput),
    /// The step shown or the fill animation moved (the note stays).
    Fill(FillAction),
}

/// Why an input was refused or clamped: values, worded in the page's language by
/// [`LookupNote::text`].
#[derive(Clone, Debug, PartialEq)]
pub enum LookupNote {
    /// The server list named no server.
    ServersEmpty,
    /// More servers than [`MAX_SERVERS`] (how many were given).
    ServersTooMany(usize),
    /// A total weight above [`MAX_TOTAL_WEIGHT`].
    ServersWeight,
    /// Two servers with the same `host:port`.
    ServersDuplicate,
    /// The engine refused the server list.
    Servers(EngineError),
    /// The key was cut to [`MAX_KEY_LEN`] characters.
    KeyCut,
    /// A setting (named by its label) out of range: the value given and the one used.
    OutOfRange(AnyText, String, String),
    /// A table size not in [`TABLE_SIZES`].
    TableSize(u32),
    /// Only the first [`MAX_SAMPLES`] sample keys are used.
    SamplesCut,
    /// The edit would leave no server to take requests.
    NoServerLeft,
    /// The edit would take the total weight above [`MAX_TOTAL_WEIGHT`].
    TotalWeight,
    /// More edits than [`MAX_EDITS`].
    TooManyEdits,
    /// The engine refused the edit.
    Edit(EngineError),
    /// The link's step (from 1) is past the lookup's last.
    StepPast {
        /// The step asked for.
        asked: usize,
        /// The lookup's last step.
        last: usize,
    },
}

impl LookupNote {
    /// Whether this note is about the server list (shown beside the Servers field).
    pub fn is_servers(&self) -> bool {
        matches!(
            self,
            LookupNote::ServersEmpty
                | LookupNote::ServersTooMany(_)
                | LookupNote::ServersWeight
                | LookupNote::ServersDuplicate
                | LookupNote::Servers(_)
        )
    }

    /// The note as a sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            LookupNote::ServersEmpty => LaterText::NoteServersEmpty.get(lang).to_string(),
            LookupNote::ServersTooMany(count) => {
                LaterText::NoteServersTooMany.fill(lang, &["max", "count"], &[&MAX_SERVERS, count])
            }
            LookupNote::ServersWeight => {
                LaterText::NoteServersWeight.fill(lang, &["max"], &[&MAX_TOTAL_WEIGHT])
            }
            LookupNote::ServersDuplicate => LaterText::NoteServersDuplicate.get(lang).to_string(),
            LookupNote::Servers(e) => {
                LaterText::NoteServersError.fill(lang, &["error"], &[&error_text(e, lang)])
            }
            LookupNote::KeyCut => LaterText::NoteKeyCut.fill(lang, &["max"], &[&MAX_KEY_LEN]),
            LookupNote::OutOfRange(what, given, used) => LaterText::LookupNoteOutOfRange.fill(
                lang,
                &["what", "given", "used"],
                &[&what.get(lang), given, used],
            ),
            LookupNote::TableSize(m) => LaterText::NoteTableSize.fill(lang, &["size"], &[&m]),
            LookupNote::SamplesCut => {
                LaterText::NoteSamplesCut.fill(lang, &["max"], &[&MAX_SAMPLES])
            }
            LookupNote::NoServerLeft => LaterText::NoteNoServerLeft.get(lang).to_string(),
            LookupNote::TotalWeight => {
                LaterText::NoteTotalWeight.fill(lang, &["max"], &[&MAX_TOTAL_WEIGHT])
            }
            LookupNote::TooManyEdits => {
                LaterText::NoteTooManyEdits.fill(lang, &["max"], &[&MAX_EDITS])
            }
            LookupNote::Edit(e) => error_text(e, lang),
            LookupNote::StepPast { asked, last } => {
                LaterText::LookupStepPast.fill(lang, &["asked", "last"], &[asked, last])
            }
        }
    }
}

/// A hashing strategy's name as the debugger and the churn view show it.
pub fn strategy_label(strategy: HashStrategy, lang: Lang) -> &'static str {
    match strategy {
        HashStrategy::UrlHash => LaterText::LabelUrlHash.get(lang),
        HashStrategy::IpHash => LaterText::LabelIpHash.get(lang),
        HashStrategy::Ring => LaterText::LabelRingFulcrum.get(lang),
        HashStrategy::NginxRing => LaterText::LabelRingNginx.get(lang),
        s => Text::strategy_name(s.kind()).get(lang),
    }
}

/// A server state as the engine names it ("unhealthy", "draining", …), in words.
pub fn status_text(state: &str, lang: Lang) -> &str {
    match state {
        "healthy" => Text::StatusHealthy.get(lang),
        "unhealthy" => Text::StatusUnhealthy.get(lang),
        "overloaded" => Text::StatusOverloaded.get(lang),
        "maintenance" => Text::StatusMaintenance.get(lang),
        "draining" => Text::StatusDraining.get(lang),
        "ejected" => LaterText::StatusEjected.get(lang),
        other => other,
    }
}

/// ", " or "，": between the items of a list.
pub fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::Zh => "，",
    }
}

/// Why the engine refused a pool or a setting, in words.
pub fn error_text(e: &EngineError, lang: Lang) -> String {
    let id = |t: LaterText, id: &str| t.fill(lang, &["id"], &[&id]);
    match e {
        EngineError::Spec(e) => match e {
            SpecError::Empty => LaterText::ErrorListEmpty.get(lang).to_string(),
            SpecError::Malformed(spec) => LaterText::ErrorMalformed.fill(lang, &["spec"], &[spec]),
            SpecError::BadPort { spec, port } => {
                LaterText::ErrorBadPort.fill(lang, &["spec", "port"], &[spec, port])
            }
            SpecError::BadWeight { spec, weight } => {
                LaterText::ErrorBadWeight.fill(lang, &["spec", "weight"], &[spec, weight])
            }
            SpecError::Parameter { spec, word } => {
                LaterText::ErrorParameter.fill(lang, &["spec", "word"], &[spec, word])
            }
            SpecError::Duplicate(s) => id(LaterText::ErrorDuplicate, s),
        },
        EngineError::Pool(e) => match e {
            PoolError::DuplicateId(s) => id(LaterText::ErrorDuplicate, s),
            PoolError::UnknownId(s) => id(LaterText::ErrorUnknownId, s),
            PoolError::BadIndex(i) => LaterText::ErrorBadIndex.fill(lang, &["index"], &[&i]),
        },
        // The views clamp every setting, so these are not expected; shown as the engine says.
        EngineError::Config(e) => e.to_string(),
    }
}

/// Why a pick found no server, in words.
pub fn pick_error_text(e: &PickError, lang: Lang, name: &dyn Fn(usize) -> String) -> String {
    match e {
        PickError::NoEligibleServer => LaterText::ErrorNoAvailable.get(lang).to_string(),
        PickError::SeedFault { defect } => Text::ErrorSeedFault.fill(
            lang,
            &["defect"],
            &[&crate::share::steps::defect_text(defect, lang, name)],
        ),
    }
}

/// The pool as the views' memos depend on it: the knobs, the servers as applied and the edits
/// since. Made once per render and shared (an `Rc` compares by value, so a memo still runs again
/// only when one of them changed), where each memo cloned the lists for itself.
pub type PoolDeps = Rc<(Knobs, Vec<Server>, Vec<PoolEdit>)>;

impl LookupSettings {
    /// The pool as the memos depend on it.
    pub fn pool_deps(&self) -> PoolDeps {
        Rc::new((self.knobs, self.base.clone(), self.edits.clone()))
    }

    /// Every server id that has been in the pool, in order of appearance: a server keeps its
    /// colour and letter when others come and go.
    pub fn known_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.base.iter().map(|s| s.id.clone()).collect();
        for e in &self.edits {
            if let PoolEdit::Add(s) = e
                && !ids.contains(&s.id)
            {
                ids.push(s.id.clone());
            }
        }
        ids
    }

    /// Starting from the playground's servers (a [`pool_spec`]).
    pub fn following(spec: &str) -> Self {
        let s = Rc::new(Self::default()).apply(LookupAction::Playground(spec.to_string()));
        Rc::unwrap_or_clone(s)
    }

    /// The pool here differs from the playground's (edited here, or the playground's could not
    /// be taken): the page says so beside a button that goes back.
    pub fn diverged(&self) -> bool {
        self.playground
            .as_ref()
            .is_some_and(|p| !self.edits.is_empty() || !self.lists_base(p))
    }

    /// Whether `spec` lists this pool's servers, ids and weights in order, however it writes
    /// them: an import gives the debugger `host:port=1`, the playground's link `host:port`.
    fn lists_base(&self, spec: &str) -> bool {
        *spec == self.spec
            || parse_pool(spec.trim(), self.playground.as_deref()).is_ok_and(|servers| {
                servers.len() == self.base.len()
                    && servers
                        .iter()
                        .zip(&self.base)
                        .all(|(a, b)| a.id == b.id && a.weight == b.weight)
            })
    }

    fn next_server(&self) -> Server {
        // Ids in the pool now or ever (every server now came from the base list or an edit):
        // a new server takes none of them.
        let taken = self.known_ids();
        if !self.base.is_empty() && self.base.iter().all(|s| !s.id.contains(':')) {
            // Named servers (the playground's): the next name, on the next port.
            return (self.base.len() + 1..)
                .map(|i| {
                    Server::new(
                        format!("server{i}"),
                        "localhost",
                        (8000 + i % 50_000) as u16,
                        1,
                    )
                })
                .find(|s| !taken.contains(&s.id))
                .unwrap_or_else(|| Server::new("server-new", "localhost", 8000, 1));
        }
        (5 + self.added..)
            .map(|i| {
                let host = format!("10.0.0.{}", (i - 1) % 250 + 1);
                Server::new(format!("{host}:8080"), host, 8080, 1)
            })
            .find(|s| !taken.contains(&s.id))
            .unwrap_or_else(|| Server::new("10.0.1.1:8080", "10.0.1.1", 8080, 1))
    }
}

/// The servers over `base` after `edits`, as the engine sees them (an empty list if an edit
/// failed).
pub fn current_servers(knobs: &Knobs, base: &[Server], edits: &[PoolEdit]) -> Vec<Server> {
    let config = HashStrategy::Rendezvous.config(knobs);
    crate::engine::churn::replay(&config, base, edits)
        .map(|b| b.pool().servers().to_vec())
        .unwrap_or_default()
}

/// The servers' total weight.
fn total_weight(servers: &[Server]) -> u64 {
    servers.iter().map(|s| u64::from(s.weight)).sum()
}

fn clamp_note(
    what: impl Into<AnyText>,
    given: &dyn std::fmt::Display,
    used: &dyn std::fmt::Display,
) -> LookupNote {
    LookupNote::OutOfRange(what.into(), given.to_string(), used.to_string())
}

impl LookupSettings {
    /// The settings after `action`: the reducer the debugger's `use_reducer` runs.
    pub fn apply(self: Rc<Self>, action: LookupAction) -> Rc<Self> {
        let mut next = (*self).clone().reduce(action);
        // A new lookup starts at its first step, with the fill animation stopped; the step the
        // reader chose survives everything else.
        if !next.same_lookup(&self) {
            next.fill = Fill {
                step: 1,
                ..Fill::default()
            };
            next.lookup_number = self.lookup_number.wrapping_add(1);
        }
        Rc::new(next)
    }

    /// Do both settings make the same lookup (strategy, key, pool, knobs, requests in flight)?
    pub fn same_lookup(&self, other: &Self) -> bool {
        self.strategy == other.strategy
            && self.key == other.key
            && self.knobs == other.knobs
            && self.base == other.base
            && self.edits == other.edits
            && self.earlier == other.earlier
    }

    fn reduce(self, action: LookupAction) -> Self {
        let mut next = self;
        // The playground's k again (its echo when the debugger mounts) changes nothing.
        let same_k = matches!(action, LookupAction::SetProbes(k) if k == next.knobs.probes);
        // What the reader did last clears the note, except the moves that leave it standing.
        if !same_k
            && !matches!(
                action,
                LookupAction::Copy(_)
                    | LookupAction::Fill(_)
                    | LookupAction::Churn(_)
                    | LookupAction::Playground(_)
            )
        {
            next.note = None;
        }
        match action {
            LookupAction::Playground(spec) => {
                // Read before `playground` changes: the note cleared above is not part of it.
                let follow = !next.diverged() && spec != next.spec;
                next.playground = Some(spec.clone());
                if follow {
                    return next.reduce(LookupAction::SetServers(spec));
                }
            }
            LookupAction::ResetToPlayground => {
                if let Some(spec) = next.playground.clone() {
                    next.edits.clear();
                    next.added = 0;
                    return next.reduce(LookupAction::SetServers(spec));
                }
            }
            LookupAction::SetServers(spec) => {
                let refused = match parse_pool(spec.trim(), next.playground.as_deref()) {
                    Ok(servers) if servers.is_empty() => Some(LookupNote::ServersEmpty),
                    Ok(servers) if servers.len() > MAX_SERVERS => {
                        Some(LookupNote::ServersTooMany(servers.len()))
                    }
                    Ok(servers) if total_weight(&servers) > MAX_TOTAL_WEIGHT => {
                        Some(LookupNote::ServersWeight)
                    }
                    Ok(servers) if crate::engine::Pool::new(servers.clone()).is_err() => {
                        Some(LookupNote::ServersDuplicate)
                    }
                    Ok(servers) => {
                        next.spec = spec.trim().to_string();
                        next.base = servers;
                        next.edits.clear();
                        next.added = 0;
                        None
                    }
                    Err(e) => Some(LookupNote::Servers(e.into())),
                };
                next.note = refused.clone();
                next.refused = refused.map(|why| (spec, why));
            }
            LookupAction::SetStrategy(s) => next.strategy = s,
            LookupAction::Note(text) => next.note = Some(text),
            LookupAction::Copy(c) => {
                next.copy = c;
            }
            LookupAction::Fill(action) => {
                next.fill.apply(action);
            }
            LookupAction::Churn(input) => {
                let inputs = &mut next.churn;
                match input {
                    ChurnInput::Select(id) => inputs.selected = id,
                    ChurnInput::Weight(w) => inputs.new_weight = w,
                    ChurnInput::Zipf(z) => inputs.zipf = z,
                }
            }
            LookupAction::SetKey(key) => {
                next.key = key.chars().take(MAX_KEY_LEN).collect();
                if next.key.len() < key.len() {
                    next.note = Some(LookupNote::KeyCut);
                }
            }
            LookupAction::SetPoints(p) => {
                let used = clamp(p, POINT_STOPS[0], POINT_STOPS[POINT_STOPS.len() - 1]).used;
                if used != p {
                    next.note = Some(clamp_note(Text::VirtualNodes, &p, &used));
                }
                next.knobs.points_per_weight = used;
            }
            LookupAction::SetLoadFactor(c) => {
                let used = if c.is_finite() {
                    clamp(c, MIN_LOAD_FACTOR, MAX_LOAD_FACTOR).used
                } else {
                    1.25
                };
                if used != c {
                    next.note = Some(clamp_note(LaterText::LoadFactor, &c, &used));
                }
                next.knobs.load_factor = used;
            }
            LookupAction::SetProbes(k) => {
                let max = crate::engine::strategy::MAX_K;
                let used = clamp(k, 1, max).used;
                if used != k {
                    next.note = Some(clamp_note(Text::Probes, &k, &used));
                }
                next.knobs.probes = used;
            }
            LookupAction::SetTableSize(m) => {
                if TABLE_SIZES.contains(&m) {
                    next.knobs.maglev_table_size = m;
                } else {
                    next.note = Some(LookupNote::TableSize(m));
                }
            }
            LookupAction::SetEarlier(n) => {
                let c = clamp(n, 0, MAX_EARLIER);
                next.earlier = c.used;
                if c.changed {
                    next.note = Some(clamp_note(
                        LaterText::LookupRequestsInFlight,
                        &n,
                        &MAX_EARLIER,
                    ));
                }
            }
            LookupAction::SetSamples(text) => {
                let mut keys = Vec::new();
                for line in text.lines().map(str::trim) {
                    if !line.is_empty() {
                        keys.push(line.chars().take(MAX_KEY_LEN).collect());
                    }
                }
                if keys.len() > MAX_SAMPLES {
                    next.note = Some(LookupNote::SamplesCut);
                }
                keys.truncate(MAX_SAMPLES);
                next.samples = keys;
                next.copy = CopyState::Idle;
            }
            LookupAction::AddServer => {
                let server = next.next_server();
                next.added += 1;
                return next.reduce(LookupAction::Edit(PoolEdit::Add(server)));
            }
            LookupAction::Edit(edit) => {
                let config = HashStrategy::Rendezvous.config(&next.knobs);
                let mut edits = next.edits.clone();
                edits.push(edit);
                match crate::engine::churn::replay(&config, &next.base, &edits) {
                    Ok(b) if b.pool().eligible().is_empty() => {
                        next.note = Some(LookupNote::NoServerLeft)
                    }
                    Ok(b) if total_weight(b.pool().servers()) > MAX_TOTAL_WEIGHT => {
                        next.note = Some(LookupNote::TotalWeight)
                    }
                    Ok(_) if edits.len() > MAX_EDITS => next.note = Some(LookupNote::TooManyEdits),
                    Ok(_) => next.edits = edits,
                    Err(e) => next.note = Some(LookupNote::Edit(e)),
                }
            }
            LookupAction::ResetPool => {
                next.edits.clear();
                next.added = 0;
            }
        }
        next
    }
}

/// A server's colour class and letter: `owner-k` (k < 10) and "A", "B", …
pub fn marker(ids: &[String], id: &str) -> (String, String) {
    let i = ids.iter().position(|x| x == id).unwrap_or(ids.len());
    let letter = char::from(b'A' + (i % 26) as u8);
    let letter = if i >= 26 {
        format!("{letter}{}", i / 26)
    } else {
        letter.to_string()
    };
    (format!("owner-{}", i % 10), letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: impl IntoIterator<Item = LookupAction>) -> Rc<LookupSettings> {
        actions
            .into_iter()
            .fold(Rc::new(LookupSettings::default()), LookupSettings::apply)
    }

    #[test]
    fn a_walk_plays_the_steps_to_the_last_and_stops_there() {
        let fill = |a| LookupAction::Fill(a);
        let s = after([
            fill(FillAction::Step(1)),
            fill(FillAction::Walk { on: true, last: 3 }),
            fill(FillAction::Next(3)),
        ]);
        assert_eq!((s.fill.step, s.fill.walking), (2, true));
        let s = LookupSettings::apply(s, fill(FillAction::Next(3)));
        assert_eq!(
            (s.fill.step, s.fill.walking),
            (3, false),
            "stopped at the last"
        );
        let s = LookupSettings::apply(s, fill(FillAction::Next(3)));
        assert_eq!(s.fill.step, 3, "no step past the last");
        // Play at the last step starts again from the first; Pause stops.
        let s = LookupSettings::apply(s, fill(FillAction::Walk { on: true, last: 3 }));
        assert_eq!((s.fill.step, s.fill.walking), (1, true));
        let s = LookupSettings::apply(s, fill(FillAction::Walk { on: false, last: 3 }));
        assert!(!s.fill.walking);
    }

    #[test]
    fn the_debugger_starts_from_the_playgrounds_servers_and_diverges_only_visibly() {
        use crate::playground::settings::Settings;
        let playground = Settings::default();
        let spec = pool_spec(playground.servers.iter().map(|s| (s.id.as_str(), s.weight)));
        assert_eq!(spec, "server1,server2=2,server3,server4=3");
        let s = LookupSettings::following(&spec);
        let pool: Vec<(&str, &str, u16, u32)> = s
            .base
            .iter()
            .map(|x| (x.id.as_str(), x.host.as_str(), x.port, x.weight))
            .collect();
        let want: Vec<(&str, &str, u16, u32)> = playground
            .servers
            .iter()
            .map(|x| (x.id.as_str(), x.host.as_str(), x.port, x.weight))
            .collect();
        assert_eq!(pool, want, "the same ids, endpoints and weights");
        assert!(!s.diverged() && s.note.is_none());
        // The playground changes: followed while nothing was edited here.
        let s = Rc::new(s).apply(LookupAction::Playground("server1,server2=5".into()));
        assert_eq!(s.base.len(), 2);
        assert_eq!(s.base[1].weight, 5);
        // An edit here: the pool diverges, visibly, and stays when the playground changes.
        let s = s.apply(LookupAction::AddServer);
        assert_eq!(s.known_ids(), ["server1", "server2", "server3"]);
        assert!(s.diverged());
        let s = s.apply(LookupAction::Playground("server1,server2,server3=2".into()));
        assert!(s.diverged());
        assert_eq!(s.base.len(), 2, "kept");
        // Back to the playground's.
        let s = s.apply(LookupAction::ResetToPlayground);
        assert!(!s.diverged());
        assert_eq!(s.spec, "server1,server2,server3=2");
        // The same servers written another way (an import's `=1`) are not an edit.
        let s = s.apply(LookupAction::SetServers(
            "server1=1,server2=1,server3=2".into(),
        ));
        assert!(!s.diverged(), "the same pool, written with its weights");
        let s = s.apply(LookupAction::SetServers("server1,server2,server3=3".into()));
        assert!(s.diverged(), "another weight");
        assert!(s.edits.is_empty());
        // A typed list of host:port entries is a divergence too.
        let s = s.apply(LookupAction::SetServers(DEFAULT_SERVERS.into()));
        assert!(s.diverged());
        // Alone (no playground), the debugger has its own pool and never diverges.
        assert!(!LookupSettings::default().diverged());
    }

    #[test]
    fn a_pool_may_name_servers_or_give_their_endpoints() {
        let p = parse_pool("server1, web=3 ,10.0.0.9:80*2", Some("server1,web")).unwrap();
        let got: Vec<(&str, u16, u32)> = p
            .iter()
            .map(|s| (s.id.as_str(), s.port, s.weight))
            .collect();
        assert_eq!(
            got,
            [
                ("server1", 8001, 1),
                ("web", 8002, 3),
                ("10.0.0.9:80", 80, 2)
            ]
        );
        assert!(parse_pool("server1,server1", None).is_err(), "duplicates");
        assert!(
            parse_pool("nonsense", Some("server1")).is_err(),
            "not a name of theirs"
        );
        assert!(parse_pool("bad name", None).is_err());
        assert!(parse_pool("", None).is_err());
    }

    #[test]
    fn out_of_range_knobs_are_clamped_with_a_note() {
        let s = after([LookupAction::SetPoints(1_000_000)]);
        assert_eq!(
            s.knobs.points_per_weight,
            POINT_STOPS[POINT_STOPS.len() - 1]
        );
        assert!(matches!(
            s.note,
            Some(LookupNote::OutOfRange(
                AnyText::Page(Text::VirtualNodes),
                ..
            ))
        ));
        let s = after([LookupAction::SetLoadFactor(f64::NAN)]);
        assert_eq!(s.knobs.load_factor, 1.25);
        assert!(s.note.is_some());
        let s = after([LookupAction::SetLoadFactor(2.0)]);
        assert!(s.knobs.load_factor == 2.0 && s.note.is_none());
        let s = after([LookupAction::SetTableSize(12)]);
        assert!(matches!(s.note, Some(LookupNote::TableSize(12))));
        assert_eq!(
            s.knobs.maglev_table_size,
            LookupSettings::default().knobs.maglev_table_size
        );
        let s = after([LookupAction::SetEarlier(MAX_EARLIER + 5)]);
        assert_eq!(s.earlier, MAX_EARLIER);
        let s = after([LookupAction::SetKey("k".repeat(MAX_KEY_LEN + 1))]);
        assert!(s.key.chars().count() == MAX_KEY_LEN && s.note == Some(LookupNote::KeyCut));
    }

    #[test]
    fn a_refused_pool_leaves_the_pool_as_it_was_and_the_next_move_clears_the_note() {
        let s = after([LookupAction::SetServers("".into())]);
        assert!(
            matches!(s.note, Some(LookupNote::Servers(_))),
            "{:?}",
            s.note
        );
        assert_eq!(s.spec, DEFAULT_SERVERS);
        let s = after([LookupAction::SetServers("a:1,a:1".into())]);
        assert!(
            matches!(s.note, Some(LookupNote::Servers(_))),
            "{:?}",
            s.note
        );
        assert_eq!(s.base, LookupSettings::default().base);
        let s = s.apply(LookupAction::SetKey("x".into()));
        assert_eq!(s.note, None);
    }

    #[test]
    fn a_refused_list_stays_as_typed_with_its_reason_until_one_is_accepted() {
        let s = after([LookupAction::SetServers(":80*2".into())]);
        let (typed, why) = s.refused.clone().unwrap();
        assert_eq!(typed, ":80*2");
        assert!(why.is_servers());
        assert!(
            why.text(Lang::En).contains("':80*2' is not host:port"),
            "{}",
            why.text(Lang::En)
        );
        assert!(
            why.text(Lang::Zh).contains("“:80*2”不是"),
            "{}",
            why.text(Lang::Zh)
        );
        assert_eq!(s.spec, DEFAULT_SERVERS);
        // Another move clears the general note, not the field's own.
        let s = s.apply(LookupAction::SetKey("x".into()));
        assert_eq!(s.note, None);
        assert_eq!(s.refused.as_ref().map(|r| &r.0[..]), Some(":80*2"));
        // Each accepted form is taken as typed, the same servers.
        for spec in [
            "10.0.0.1:80 weight=2, b:81",
            "10.0.0.1:80*2,b:81",
            "10.0.0.1:80=2,b:81=1",
        ] {
            let s = s.clone().apply(LookupAction::SetServers(spec.into()));
            assert_eq!(s.refused, None, "{spec}");
            assert_eq!(s.spec, spec);
            let got: Vec<(&str, u32)> = s.base.iter().map(|x| (&x.id[..], x.weight)).collect();
            assert_eq!(got, [("10.0.0.1:80", 2), ("b:81", 1)], "{spec}");
        }
    }

    #[test]
    fn the_step_the_reader_chose_survives_everything_but_a_new_lookup() {
        let at_step_4 = after([LookupAction::Fill(FillAction::Step(4))]);
        let number = at_step_4.lookup_number;
        // Moves that leave the lookup as it was, including setting a value to what it already is.
        for same in [
            LookupAction::SetSamples("a\nb".into()),
            LookupAction::Copy(CopyState::Copied),
            LookupAction::Churn(ChurnInput::Zipf(1.5)),
            LookupAction::Note(LookupNote::KeyCut),
            LookupAction::SetKey(at_step_4.key.clone()),
            LookupAction::SetStrategy(at_step_4.strategy),
            LookupAction::SetEarlier(at_step_4.earlier),
            LookupAction::SetServers("".into()),
            LookupAction::Fill(FillAction::Start {
                total: 31,
                animate: true,
            }),
        ] {
            let s = at_step_4.clone().apply(same);
            assert_eq!((s.fill.step, s.lookup_number), (4, number));
        }
        // Each move that makes a new lookup starts it at step 1, the fill stopped.
        for new in [
            LookupAction::SetKey("user-1001".into()),
            LookupAction::SetStrategy(HashStrategy::Maglev),
            LookupAction::SetEarlier(3),
            LookupAction::SetPoints(at_step_4.knobs.points_per_weight + 1),
            LookupAction::SetServers("a:1,b:2".into()),
            LookupAction::AddServer,
            LookupAction::Edit(PoolEdit::Remove("10.0.0.1:8080".into())),
        ] {
            let playing = at_step_4
                .clone()
                .apply(LookupAction::Fill(FillAction::Start {
                    total: 31,
                    animate: true,
                }));
            let s = playing.apply(new);
            assert_eq!(
                s.fill,
                Fill {
                    step: 1,
                    ..Fill::default()
                }
            );
            assert_eq!(s.lookup_number, number + 1);
        }
    }

    #[test]
    fn the_last_server_cannot_be_removed() {
        let mut s = Rc::new(LookupSettings::default());
        for server in s.base.clone() {
            s = s.apply(LookupAction::Edit(PoolEdit::Remove(server.id.clone())));
        }
        assert_eq!(s.note, Some(LookupNote::NoServerLeft));
        assert_eq!(s.edits.len(), s.base.len() - 1);
    }
}
