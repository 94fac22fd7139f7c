//! The running simulation, outside the page's render cycle (the front end's `use_playground`
//! keeps it in an `Rc<RefCell>`).
//!
//! [`Live`] owns a [`Simulation`] built from the user's [`Settings`] and a log of live actions
//! (crash, recover, drain, a weight or error-rate change: each a [`FaultSpec`] stamped with the
//! simulated time it was applied). Advancing it runs the simulator up to a simulated time and turns
//! the events it emits into moving parts ([`Motion`]); a [`Snapshot`] of everything else is taken
//! a few times a second and after every change.
//!
//! A setting that shapes the whole run (strategy, rate, latency, seed, a server added...) rebuilds
//! the simulation and replays it, with the same live actions at the same moments, up to the current
//! simulated time: the simulator is deterministic, so the picture is exactly what that run would
//! have been. Replays beyond [`REPLAY_BUDGET`] requests restart at 0 s instead, with a note.
//!
//! One concern a file: `inbox.rs` (where the simulator's events land), `commands.rs` (commands,
//! live actions, rebuild and replay), `events.rs` (time: events into moving parts), `ring.rs`
//! (the strategy's ring or strip as drawn), `snapshots.rs` (what the views draw, part by part)
//! and `compare.rs` (strategies side by side on the same requests).

#![warn(missing_docs)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::engine::{
    AnyStrategy, Method, Nanos, RingFlavor, Status, Step, StrategyConfig, StrategyKind, Variant,
};
use crate::scenario::{FaultAction, FaultSpec, ServerSpec};
use crate::share::permalink::{self as link, WEIGHT};
use crate::sim::events::SimEvent;
use crate::sim::stats::log_edges;
use crate::sim::{Outcome, Simulation, compare_runs};

use super::decimal::push_all;
use super::failure::Failure;
use super::host::{PickEvent, PickFeed, Stats};
use super::motion::{
    Fate, FlowLayout, Frame, MAX_TOKENS, Motion, Pulse, Refusal, TRAVEL_MS, Token, Trail,
};
use super::settings::{
    self, ERROR_RATE, Field, HEALTH_INTERVAL_MS, LATENCY_MS, MAX_SEED, Notice, RATE,
    SAMPLE_INTERVAL_MS, SPEED, Settings, VIRTUAL_NODES, parse_real, parse_whole,
};
use super::snapshot::{
    LastPick, LogEvent, LogLine, NoRing, RECENT_SAMPLES, RingKind, RingLabel, RingShape, SeenRow,
    Series, ServerLabel, ServerRow, Snapshot, Totals, keep_if_same,
};

mod commands;
mod compare;
mod events;
mod inbox;
mod ring;
mod snapshots;

pub use compare::{CompareResult, CompareRow};
use events::RawPick;
use inbox::{Inbox, build_sim, sink};
use ring::HashSpace;

/// Replays longer than this many requests restart the run instead.
pub const REPLAY_BUDGET: u64 = 300_000;
/// Ring ticks drawn at most (beyond it every k-th point is drawn).
pub const MAX_RING_TICKS: usize = 20_000;
/// Parts of a snapshot refreshed in turn while playing: a slice of the pool's rows on each even
/// part, one of [`part`]'s on each odd one.
pub const SNAPSHOT_PARTS: usize = 12;
/// Slices of the pool's rows, refreshed in turn on the even parts.
pub const POOL_SLICES: usize = SNAPSHOT_PARTS / 2;
/// A pool of at most this many servers is refreshed whole on every even part, so its cards are
/// of one moment and their shares add up: early in a run, four cards of four moments disagreed
/// by 20 points, and a sixth of a small pool saves little.
pub const WHOLE_POOL_SERVERS: usize = 8;

/// The odd parts of a snapshot: what each refreshes. (One view's refresh to a tick: two tables
/// in one tick made it one of the slowest frames.)
pub mod part {
    /// The totals and the time series.
    pub const TOTALS: usize = 1;
    /// The balancer's view of each server and the I-queues.
    pub const SEEN: usize = 3;
    /// The distribution table (every server's row, of that moment).
    pub const TABLE: usize = 5;
    /// get_stats()' server_details.
    pub const DETAILS: usize = 7;
    /// The last pick and the requests sent (the timeline's end).
    pub const LAST: usize = 9;
    /// The latency table (every server's row, of that moment).
    pub const LATENCY: usize = 11;
}
/// Columns of maglev's strip.
pub const MAGLEV_COLUMNS: usize = 720;
/// Requests a compare run simulates at most.
pub const COMPARE_REQUESTS: u64 = 20_000;
const LOG_LINES: usize = 8;

/// What the user asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Run in real time.
    Play,
    /// Stop the clock.
    Pause,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// Pause and run until the next request is picked.
    Step,
    /// Start the run again from 0 s, without the live actions.
    Reset,
    /// Load a preset by name (its settings replace the current ones).
    Preset(String),
    /// Choose a strategy by name (or "seed:NAME" for the tutorial's code).
    Strategy(String),
    /// The tutorial's code or Fulcrum's corrected one.
    Variant(Variant),
    /// Fulcrum's ring or nginx's.
    Ring(RingFlavor),
    /// The seed, as typed (checked and clamped with a note).
    Seed(String),
    /// Requests a second: a slider position on its ladder (as the next five).
    Rate(usize),
    /// Every server's mean latency.
    Latency(usize),
    /// Every server's error rate.
    ErrorRate(usize),
    /// The health checks' interval.
    HealthInterval(usize),
    /// The ring's points per unit of weight.
    VirtualNodes(usize),
    /// Multi-probe consistent hashing's probes per key: a position on [`settings::PROBES`].
    Probes(usize),
    /// Power of d choices' d: a position on [`settings::CHOICES`].
    Choices(usize),
    /// Envoy least request's `active_request_bias` (clamped to the link's range; `None` or not a
    /// number: unset).
    ActiveRequestBias(Option<f64>),
    /// One of Prequal's settings: a position on its [`settings::prequal_ladder`] (r follows the
    /// pool down, so the slider shows the r the engine runs).
    Prequal(crate::share::knobs::PrequalKnob, usize),
    /// Simulated time per real second.
    Speed(usize),
    /// The request costs' spread: a position on [`settings::COST_SPREAD`].
    CostSpread(usize),
    /// Requests each server with a capacity lets wait beyond it (`None`: each server's own).
    QueueLimit(Option<u32>),
    /// How many balancers share the pool (clamped to 1..=[`link::MAX_BALANCERS`]).
    Balancers(u32),
    /// Add a server like the last one.
    AddServer,
    /// Start again from these settings (a lesson's).
    Load(Box<Settings>),
    /// The run as it was when this request was picked (replayed from the start).
    ReplayTo(u64),
    /// The run as it was one request earlier.
    StepBack,
    /// An edit of the server at this scenario position.
    Server(usize, ServerEdit),
}

/// A change to one server, from its card.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerEdit {
    /// A live action (crash, recover, drain...), stamped with the simulated time.
    Action(FaultAction),
    /// Each of the next, as typed: checked and clamped with a note.
    Weight(String),
    /// The server's mean latency, ms.
    Latency(String),
    /// The share of its answers that fail, %.
    ErrorRate(String),
    /// Requests it serves at once.
    MaxConnections(String),
}

/// The running simulation and everything drawn from it.
pub struct Live {
    /// What the user set (the run is built from it and the live actions).
    pub settings: Settings,
    actions: Vec<FaultSpec>,
    sim: Simulation,
    inbox: Rc<RefCell<Inbox>>,
    /// What moves now: tokens, probe pulses, lookup trails.
    pub motion: Motion,
    /// The clock runs.
    pub playing: bool,
    /// Where the flow's parts stand (narrow or wide).
    pub layout: FlowLayout,
    last: Option<RawPick>,
    /// Picks seen so far, over every run: the serial number of the next one.
    picks: u64,
    recent: VecDeque<(u64, Method, String, String)>,
    log: VecDeque<LogLine>,
    sample_every: u64,
    sampled_at: f64,
    ring_dirty: bool,
    snapshot: Rc<Snapshot>,
    spare: Vec<SimEvent>,
    /// Picks for the page around an embed (`host::PickFeed`), kept only while it listens.
    pub pick_feed: Option<PickFeed>,
}

impl Live {
    /// The run `settings` describe, at 0 s (the defaults' when they make no valid run).
    pub fn new(settings: Settings) -> Self {
        let (sim, inbox, settings) = match build_sim(&settings, &[]) {
            Ok((s, i)) => (s, i, settings),
            Err(_) => {
                let d = Settings::default();
                let (s, i) = build_sim(&d, &[]).expect("the default settings make a valid run");
                (s, i, d)
            }
        };
        let mut live = Self {
            layout: FlowLayout::new(settings.servers.len(), false)
                .with_balancers(settings.balancers),
            settings,
            actions: Vec::new(),
            sim,
            inbox,
            motion: Motion::default(),
            playing: false,
            last: None,
            picks: 0,
            recent: VecDeque::new(),
            log: VecDeque::new(),
            sample_every: 1,
            sampled_at: 0.0,
            ring_dirty: true,
            snapshot: Rc::new(Snapshot::default()),
            spare: Vec::new(),
            pick_feed: None,
        };
        live.start_collecting();
        live.update_sampling();
        live.take_snapshot();
        live
    }

    fn start_collecting(&mut self) {
        self.inbox.borrow_mut().collect = true;
        self.sim.on_event(sink(&self.inbox), true);
    }

    /// Simulated time now, ms.
    pub fn now_ms(&self) -> f64 {
        self.sim.now() as f64 / 1e6
    }

    /// The last snapshot taken (cheap: parts are shared).
    pub fn snapshot(&self) -> Rc<Snapshot> {
        self.snapshot.clone()
    }

    /// Draw one request in `sample_every` so the flow never holds much more than
    /// [`MAX_TOKENS`].
    fn update_sampling(&mut self) {
        let s = &self.settings;
        let latency = s.servers.iter().map(|x| x.latency_ms).fold(0.0, f64::max);
        let visible = s.rate * (3.0 * TRAVEL_MS * s.speed + latency) / 1000.0;
        self.sample_every = (visible / MAX_TOKENS as f64).ceil().max(1.0) as u64;
    }

    /// Follow what is really drawn (latencies and caches make the estimate above rough): at
    /// most once a second, move the sampling towards [`MAX_TOKENS`] drawn.
    fn adapt_sampling(&mut self, now: f64) {
        if now - self.sampled_at < 1000.0 {
            return;
        }
        self.sampled_at = now;
        let all = self.motion.tokens.len() as f64 * self.sample_every as f64;
        let want = (all / MAX_TOKENS as f64).ceil().max(1.0) as u64;
        self.sample_every = want.clamp(self.sample_every.div_ceil(2).max(1), self.sample_every * 2);
    }

    fn drawn(&self, request: u64) -> bool {
        drawn(request, self.sample_every)
    }
}

/// Whether request `request` is drawn when one in `every` is: chosen by a hash of its number,
/// not by the number itself, because strategies pick by the number too (round robin sends
/// only). The hash is SplitMix64's first output seeded with the number (the engine's
/// [`SplitMix64`](crate::engine::hashing::jump_back::SplitMix64)), so runs stay the same
/// everywhere; the engine's lighter `mix64` leaves its low bits too regular for this.
fn drawn(request: u64, every: u64) -> bool {
    crate::engine::hashing::jump_back::SplitMix64::new(request)
        .next_u64()
        .is_multiple_of(every.max(1))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::share::i18n::Lang;

    /// A model played for `steps` frames of `dt` ms each, from real time 0.
    fn play(live: &mut Live, now: &mut f64, steps: usize, dt: f64) {
        for _ in 0..steps {
            *now += dt;
            live.advance(*now, dt);
        }
    }

    /// The drawings of the strategies that listen come from the engine: JIQ's I-queues from each
    /// balancer's own queue, Prequal's pool from the last pick's steps.
    #[test]
    fn the_snapshot_carries_each_balancers_idle_queue_and_prequals_pool() {
        let settings = Settings::for_preset(
            "idle-servers",
            StrategyKind::JoinIdleQueue,
            Variant::Corrected,
            1,
        );
        let balancers = settings.balancers as usize;
        assert!(balancers > 1);
        let mut live = Live::new(settings);
        let mut now = 0.0;
        let snap = live.take_snapshot();
        // At the start every server is idle and has told one balancer.
        assert_eq!(snap.idle.len(), balancers);
        let listed: usize = snap.idle.iter().map(Vec::len).sum();
        assert_eq!(listed, live.settings.servers.len(), "{:?}", snap.idle);
        play(&mut live, &mut now, 30, 16.0);
        let snap = live.take_snapshot();
        let balancers_now = live.sim.balancers();
        for (queue, b) in snap.idle.iter().zip(balancers_now) {
            let AnyStrategy::JoinIdleQueue(j) = b.strategy() else {
                panic!("not JIQ");
            };
            let ids: Vec<&str> = queue.iter().map(|(_, id)| id.as_str()).collect();
            let engine: Vec<&str> = j.queue().map(|p| b.pool().server(p).id.as_str()).collect();
            assert_eq!(ids, engine);
        }
        let last = snap.last.clone().expect("a pick");
        assert!(
            crate::playground::feedback::idle_queue_notes(&last.steps)
                .next()
                .is_some()
        );
        // Another strategy has none; Prequal's pool is in its last pick's steps.
        live.apply(Command::Strategy(StrategyKind::Prequal.name().into()), now);
        play(&mut live, &mut now, 30, 16.0);
        let snap = live.take_snapshot();
        assert!(snap.idle.is_empty());
        let last = snap.last.clone().expect("a pick");
        let pool = crate::playground::feedback::ProbePool::from_steps(&last.steps).unwrap();
        assert!(!pool.rows.is_empty() && pool.why.is_some(), "{pool:?}");
    }

    #[test]
    fn the_live_model_steps_one_request_and_explains_it() {
        let mut live = Live::new(Settings::default());
        live.apply(Command::Step, 0.0);
        let snap = live.take_snapshot();
        let last = snap.last.clone().expect("a pick");
        assert_eq!(last.request, 0);
        assert_eq!(
            last.narration(Lang::En),
            "request 0: GET /api/data/0 from 192.168.1.0 → place 1 of 4 in line → server1"
        );
        let mut other = Live::new(Settings::default());
        other.apply(Command::Step, 0.0);
        for _ in 0..5 {
            live.apply(Command::Step, 0.0);
            other.apply(Command::Step, 0.0);
        }
        let words = |l: &mut Live| l.take_snapshot().last.as_ref().unwrap().narration(Lang::En);
        assert_eq!(words(&mut live), words(&mut other));
        let notes = live.apply(Command::Strategy("fastest".into()), 0.0);
        assert!(
            notes[0]
                .message(Lang::En)
                .contains("unknown strategy 'fastest'")
        );
        let notes = live.apply(Command::Strategy(StrategyKind::Maglev.name().into()), 0.0);
        assert!(notes.is_empty());
        assert!(matches!(
            *live.take_snapshot().ring,
            RingShape::Maglev { .. }
        ));
    }

    /// A round-robin cycle and the drawing's sampling never line up: one in `every` drawn,
    /// every server of a rotation gets its share of the drawn requests.
    #[test]
    fn the_drawn_requests_spread_over_a_rotation() {
        for every in 2..=8u64 {
            for servers in 2..=8u64 {
                let mut per = vec![0u32; servers as usize];
                for n in 0..40_000u64 {
                    if drawn(n, every) {
                        per[(n % servers) as usize] += 1;
                    }
                }
                let mean = 40_000.0 / (every * servers) as f64;
                assert!(
                    per.iter()
                        .all(|&c| (f64::from(c) - mean).abs() < 0.15 * mean),
                    "one in {every} over {servers} servers: {per:?}"
                );
            }
        }
        assert!(
            (0..10).all(|n| drawn(n, 1)),
            "with no sampling every request is drawn"
        );
    }

    #[test]
    fn a_snapshot_keeps_every_part_that_did_not_change() {
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 20, 16.0);
        let a = live.take_snapshot();
        let b = live.take_snapshot();
        assert!(Rc::ptr_eq(&a.servers, &b.servers));
        assert!(Rc::ptr_eq(&a.totals, &b.totals));
        assert!(Rc::ptr_eq(&a.series, &b.series));
        assert!(Rc::ptr_eq(&a.ring, &b.ring));
        assert!(Rc::ptr_eq(&a.labels, &b.labels));
        assert!(Rc::ptr_eq(&a.details, &b.details));
        assert!(Rc::ptr_eq(&a.log, &b.log));
        assert!(Rc::ptr_eq(&a.latency_table, &b.latency_table));
        // Time moves on: the totals change, the ring (same pool) does not.
        play(&mut live, &mut now, 20, 16.0);
        let c = live.take_snapshot();
        assert!(!Rc::ptr_eq(&b.totals, &c.totals));
        assert_ne!(*b.totals, *c.totals);
        assert!(Rc::ptr_eq(&b.ring, &c.ring));
        // One part refreshed at a time: the others keep their pointers.
        play(&mut live, &mut now, 20, 16.0);
        let d = live.take_snapshot_part(Some(part::TOTALS));
        assert!(!Rc::ptr_eq(&c.totals, &d.totals));
        assert!(Rc::ptr_eq(&c.servers, &d.servers));
        assert!(Rc::ptr_eq(&c.series, &d.series));
        // The two tables take the pool's rows on ticks of their own.
        play(&mut live, &mut now, 20, 16.0);
        let e = live.take_snapshot_part(Some(0));
        assert!(!Rc::ptr_eq(&d.servers, &e.servers));
        assert!(Rc::ptr_eq(&d.table, &e.table) && Rc::ptr_eq(&d.latency_table, &e.latency_table));
        // The table's part takes every row as it is now and leaves the cards; the latency
        // table's part, later, likewise.
        let f = live.take_snapshot_part(Some(part::TABLE));
        assert!(Rc::ptr_eq(&f.servers, &e.servers));
        assert!(Rc::ptr_eq(&f.latency_table, &d.latency_table));
        let g = live.take_snapshot_part(Some(part::LATENCY));
        assert!(Rc::ptr_eq(&g.table, &f.table) && Rc::ptr_eq(&g.servers, &f.servers));
        let whole = live.take_snapshot();
        assert_eq!(*f.table, *whole.servers, "the rows of that moment");
        assert_eq!(*g.latency_table, *whole.servers);
    }

    #[test]
    fn the_tables_shares_add_up_at_every_tick_while_the_cards_are_refreshed_in_slices() {
        let mut live = Live::new(Settings::default());
        let tables = shares_add_up(&mut live, 4 * SNAPSHOT_PARTS, |tick, s| {
            (tick % SNAPSHOT_PARTS == part::TABLE).then_some(&s.table)
        });
        assert!(tables >= 3);
    }

    /// Plays `ticks` snapshot ticks; at each tick where `rows` gives rows (and requests were
    /// sent), checks that their shares add to 1. Returns how many ticks it checked.
    fn shares_add_up(
        live: &mut Live,
        ticks: usize,
        rows: impl Fn(usize, &Snapshot) -> Option<&Rc<Vec<ServerRow>>>,
    ) -> usize {
        let (mut now, mut checked) = (0.0, 0);
        for tick in 0..ticks {
            play(live, &mut now, 5, 16.0);
            let s = live.take_snapshot_part(Some(tick));
            if let Some(rows) = rows(tick, &s).filter(|_| s.totals.total_requests > 0) {
                checked += 1;
                let sum: f64 = rows.iter().map(|r| r.share).sum();
                assert!((sum - 1.0).abs() < 1e-9, "tick {tick}: shares add to {sum}");
            }
        }
        checked
    }

    #[test]
    fn a_small_pools_cards_are_of_one_moment_and_their_shares_add_up() {
        let mut live = Live::new(Settings::default());
        assert!(live.settings.servers.len() <= WHOLE_POOL_SERVERS);
        let pools = shares_add_up(&mut live, 2 * SNAPSHOT_PARTS, |tick, s| {
            (tick % 2 == 0).then_some(&s.servers)
        });
        assert!(pools >= 6);
    }

    #[test]
    fn a_large_pools_rows_are_refreshed_a_slice_at_a_time() {
        let mut live = Live::new(Settings::default());
        while live.settings.servers.len() <= WHOLE_POOL_SERVERS {
            live.apply(Command::AddServer, 0.0);
        }
        let mut now = 0.0;
        play(&mut live, &mut now, 20, 16.0);
        let a = live.take_snapshot();
        play(&mut live, &mut now, 40, 16.0);
        // Part 2 takes the second slice (servers 1, 5, 9…) and leaves the other rows as they were.
        let b = live.take_snapshot_part(Some(2));
        assert_eq!(a.servers.len(), b.servers.len());
        for (i, (old, new)) in a.servers.iter().zip(b.servers.iter()).enumerate() {
            assert_eq!(
                old == new,
                i % POOL_SLICES != 1,
                "server {i}: {old:?} {new:?}"
            );
        }
        // An odd part leaves the rows alone.
        let c = live.take_snapshot_part(Some(3));
        assert!(Rc::ptr_eq(&b.servers, &c.servers));
        // Once every slice has had its part, the rows are a full snapshot's.
        for p in (4..SNAPSHOT_PARTS).step_by(2) {
            live.take_snapshot_part(Some(p));
        }
        let d = live.take_snapshot_part(Some(0));
        let e = live.take_snapshot();
        assert!(Rc::ptr_eq(&d.servers, &e.servers));
        assert!(d.servers.iter().zip(a.servers.iter()).all(|(d, a)| d != a));
    }

    #[test]
    fn the_presets_words_say_when_things_happen_in_the_live_run() {
        use crate::playground::failure::Failure;
        use crate::share::i18n::Text;
        // server-crash: server2 crashes at 10 s and the checks find it at 14 s.
        let summary = Text::PresetServerCrash.get(Lang::En);
        assert!(summary.contains("crashes at 10 s") && summary.contains("notice at 14 s"));
        let mut live = Live::new(Settings::for_preset(
            "server-crash",
            StrategyKind::RoundRobin,
            Variant::Corrected,
            1,
        ));
        let mut now = 0.0;
        let at = |live: &mut Live, now: &mut f64, ms: f64| {
            while live.now_ms() < ms {
                play(live, now, 1, 50.0);
            }
            live.take_snapshot().servers[1].failure
        };
        assert_eq!(at(&mut live, &mut now, 9_900.0), Failure::None);
        let crashed = at(&mut live, &mut now, 10_100.0);
        assert!(matches!(crashed, Failure::Undetected { .. }), "{crashed:?}");
        let found = at(&mut live, &mut now, 14_100.0);
        assert_eq!(
            found.status(Lang::En).as_deref(),
            Some("down (detected at 14.0 s)")
        );
        // tutorial-demo: its 20 requests, sent again for as long as the playground plays.
        assert!(Text::PresetSeedDemo.get(Lang::En).contains(
            "20 requests over its four servers (the playground sends them again, in the same order, for as long as it plays)"
        ));
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 100, 50.0);
        assert!(live.requests_sent() > 40);
        let last = live.take_snapshot().last.clone().expect("a pick");
        assert!(last.path.starts_with("/api/data/"), "{}", last.path);
    }

    #[test]
    fn the_expected_share_is_the_one_the_strategy_promises() {
        // The tutorial's servers weigh 1, 2, 1, 3: round robin reads no weight.
        let mut live = Live::new(Settings::default());
        live.apply(Command::Step, 0.0);
        let snap = live.take_snapshot();
        assert!(
            snap.servers
                .iter()
                .all(|s| !s.by_weight && s.expected_share == 0.25),
            "{:?}",
            snap.servers
        );
        let mut live = Live::new(Settings::for_preset(
            "tutorial-demo",
            StrategyKind::WeightedRoundRobin,
            Variant::Corrected,
            1,
        ));
        live.apply(Command::Step, 0.0);
        let snap = live.take_snapshot();
        let shares: Vec<f64> = snap.servers.iter().map(|s| s.expected_share).collect();
        assert_eq!(shares, [1.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0, 3.0 / 7.0]);
        assert!(snap.servers.iter().all(|s| s.by_weight));
    }

    #[test]
    fn a_crash_is_undetected_until_a_check_fails_and_its_latency_does_not_fall() {
        use crate::playground::failure::Failure;
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 40, 50.0);
        let before = live.take_snapshot().servers[1].clone();
        let ok_before = before.latency.ok.expect("server2 answered");
        assert_eq!(before.failure, Failure::None);
        live.apply(
            Command::Server(1, ServerEdit::Action(FaultAction::Crash)),
            now,
        );
        let crashed_at = live.now_ms() / 1000.0;
        play(&mut live, &mut now, 4, 50.0);
        let snap = live.take_snapshot();
        let row = &snap.servers[1];
        assert!(
            matches!(
                row.failure,
                Failure::Undetected {
                    next_check_in_s: Some(_),
                    hung: false,
                    ..
                }
            ),
            "{:?}",
            row.failure
        );
        // The balancers still call it healthy; the page does not.
        assert_eq!(row.status, Status::Healthy);
        assert_eq!(
            row.failure.status(Lang::En).unwrap(),
            "crashed — not yet detected"
        );
        assert!(
            row.failure
                .countdown(Lang::En)
                .unwrap()
                .starts_with("next check in ")
        );
        // Play on until a check finds it: undetected all along, then down, detected after the
        // crash; its successes' latency never fell, while its failures were counted.
        let mut detected = None;
        for _ in 0..2000 {
            play(&mut live, &mut now, 1, 100.0);
            let row = live.take_snapshot().servers[1].clone();
            match row.failure {
                Failure::Undetected { .. } => assert_eq!(row.status, Status::Healthy),
                Failure::Detected { at_s, .. } => {
                    detected = Some((at_s, row));
                    break;
                }
                Failure::None => panic!("the crash was forgotten"),
                Failure::Recovered { .. } => panic!("recovered before it was brought back"),
            }
        }
        let (at_s, row) = detected.expect("a check found it");
        assert!(at_s > crashed_at, "{at_s} after {crashed_at}");
        assert_eq!(row.status, Status::Unhealthy);
        assert_eq!(
            row.latency.ok,
            Some(ok_before),
            "fast failures lower nothing"
        );
        assert!(row.latency.recent_failures > 0, "{:?}", row.latency);
        // Brought back: the balancers still keep it out, and the page says so with the count of
        // passing checks, until enough of them pass.
        live.apply(
            Command::Server(1, ServerEdit::Action(FaultAction::Recover)),
            now,
        );
        play(&mut live, &mut now, 1, 10.0);
        let row = live.take_snapshot().servers[1].clone();
        assert!(
            matches!(
                row.failure,
                Failure::Recovered {
                    next_check_in_s: Some(_),
                    ..
                }
            ),
            "{:?}",
            row.failure
        );
        assert_eq!(row.status, Status::Unhealthy);
        assert!(!row.failure.is_failing() && row.failure.is_undetected());
        assert_eq!(
            row.failure.status(Lang::En).unwrap(),
            "recovered — not yet detected"
        );
        assert!(
            row.failure
                .countdown(Lang::En)
                .unwrap()
                .starts_with("next check in ")
        );
        let mut back = false;
        for _ in 0..2000 {
            play(&mut live, &mut now, 1, 100.0);
            let row = live.take_snapshot().servers[1].clone();
            match row.failure {
                Failure::Recovered { .. } => assert_eq!(row.status, Status::Unhealthy),
                Failure::None => {
                    assert_eq!(row.status, Status::Healthy);
                    back = true;
                    break;
                }
                other => panic!("{other:?} after recovering"),
            }
        }
        assert!(back, "passing checks brought it back");
    }

    /// In the server-crash preset server2 refuses connections from 10 s; the proxy retries
    /// them elsewhere until the checks take it out at 14 s. The flow marks each refusal at
    /// server2 (its token goes back to the balancer and on, never showing it went there).
    #[test]
    fn the_flow_marks_the_attempts_a_crashed_server_refuses_until_it_is_taken_out() {
        let mut live = Live::new(Settings::for_preset(
            "server-crash",
            StrategyKind::RoundRobin,
            Variant::Corrected,
            1,
        ));
        let mut now = 0.0;
        let y = live.layout.server_y(1);
        let (mut before, mut between) = (0, 0);
        while live.now_ms() < 13_500.0 {
            play(&mut live, &mut now, 1, 50.0);
            let f = live.frame(now, false);
            assert!(f.refused.iter().all(|m| m.y == y), "only at server2");
            if live.now_ms() < 10_000.0 {
                before += f.refused.len();
            } else {
                between += f.refused.len();
            }
        }
        assert_eq!(before, 0, "nothing refused before the crash");
        assert!(between > 0, "the flow shows the attempts server2 refused");
    }

    /// Under the default preset the load is light: every strategy keeps up, Compare's latency
    /// columns are the same, and the result says so (the page then offers a busier preset);
    /// under the herding preset they are not.
    #[test]
    fn compare_says_when_the_load_is_too_light_to_tell_strategies_apart() {
        let kinds = [
            StrategyKind::RoundRobin,
            StrategyKind::LeastConnections,
            StrategyKind::PowerOfTwoChoices,
        ];
        let configs = || kinds.iter().map(|&k| StrategyConfig::new(k)).collect();
        let light = Live::new(Settings::default())
            .compare(configs(), || 0.0)
            .unwrap();
        assert!(light.latency_alike(), "{light:?}");
        let (link, _) = crate::share::permalink::Link::from_query("preset=herding");
        let busy = Live::new(Settings::from_link(&link))
            .compare(configs(), || 0.0)
            .unwrap();
        assert!(!busy.latency_alike(), "{busy:?}");
    }

    /// What the page's Compare shows for the herding preset opened from a link: strategies that
    /// herd differently show different percentiles (the simulator's own test checks the
    /// preset's run; this checks the page's path to it: link, settings, live scenario, compare).
    #[test]
    fn compare_in_the_herding_preset_tells_the_strategies_apart() {
        let (link, notes) = crate::share::permalink::Link::from_query("preset=herding");
        assert!(notes.is_empty());
        let live = Live::new(Settings::from_link(&link));
        let kinds = [
            StrategyKind::LeastConnections,
            StrategyKind::PowerOfTwoChoices,
            StrategyKind::RoundRobin,
        ];
        let r = live
            .compare(
                kinds.iter().map(|&k| StrategyConfig::new(k)).collect(),
                || 0.0,
            )
            .unwrap();
        let [lc, p2c, rr] = [&r.rows[0], &r.rows[1], &r.rows[2]];
        for (a, b) in [(lc, p2c), (p2c, rr), (lc, rr)] {
            assert!(
                a.p50 != b.p50 && a.p95 != b.p95 && a.p99 != b.p99,
                "{a:?} vs {b:?}"
            );
        }
        // The order the preset teaches: least connections herds most, round robin least.
        assert!(lc.p99 > 2.0 * p2c.p99 && p2c.p99 > rr.p99, "{r:?}");
        assert!(lc.peak_connections > p2c.peak_connections);
    }

    /// Compare runs every strategy with the k and d the page set, as the live run does.
    #[test]
    fn compare_runs_the_strategies_with_the_settings_k_and_d() {
        let compare = |query: &str| {
            let (link, notes) = crate::share::permalink::Link::from_query(query);
            assert!(notes.is_empty());
            let kinds = [StrategyKind::MultiProbeHash, StrategyKind::ConsistentHash];
            Live::new(Settings::from_link(&link))
                .compare(
                    kinds.iter().map(|&k| StrategyConfig::new(k)).collect(),
                    || 0.0,
                )
                .unwrap()
        };
        let one = compare("preset=key-spread&k=1");
        let many = compare("preset=key-spread");
        let top = |r: &CompareResult| r.rows[0].shares.iter().map(|x| x.0).fold(0.0, f64::max);
        assert!(
            top(&one) > 0.2 && top(&many) < 0.13,
            "{} {}",
            top(&one),
            top(&many)
        );
        assert_eq!(
            one.rows[1].shares, many.rows[1].shares,
            "the ring takes no k"
        );
    }

    #[test]
    fn the_balancer_count_reruns_with_that_many_and_the_flow_draws_them() {
        let mut live = Live::new(Settings::default());
        assert_eq!(live.sim.balancers().len(), 1);
        live.apply(Command::Balancers(3), 0.0);
        assert_eq!(live.settings.balancers, 3);
        assert_eq!(live.sim.balancers().len(), 3);
        let ys: Vec<f64> = (0..3).map(|b| live.layout.balancer_at(b).1).collect();
        assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
        // The link keeps it, and reading the link gives it back.
        let link = live.settings.to_link(&Default::default());
        assert_eq!(link.balancers, Some(3));
        assert_eq!(Settings::from_link(&link).balancers, 3);
        // Out of range: the most the page draws; beyond the drawn boxes the last stands for all.
        live.apply(Command::Balancers(1000), 0.0);
        assert_eq!(live.settings.balancers, link::MAX_BALANCERS);
        assert_eq!(
            live.layout.balancers,
            crate::playground::motion::MAX_DRAWN_BALANCERS
        );
        assert_eq!(live.layout.balancers_total, link::MAX_BALANCERS);
    }

    #[test]
    fn a_live_action_is_kept_by_a_rebuild() {
        let mut live = Live::new(Settings::default());
        let mut now = 0.0;
        play(&mut live, &mut now, 30, 16.0);
        let notes = live.apply(
            Command::Server(1, ServerEdit::Action(FaultAction::Maintenance)),
            now,
        );
        assert!(notes.is_empty());
        play(&mut live, &mut now, 30, 16.0);
        let before = live.take_snapshot();
        assert_eq!(before.servers[1].status, Status::Maintenance);
        assert!(!before.log.is_empty(), "the action is logged");
        let t = live.now_ms();
        live.apply(Command::Seed("1".into()), now);
        live.apply(Command::Ring(RingFlavor::Nginx), now);
        assert_eq!(live.now_ms(), t, "a rebuild replays to the same moment");
        let after = live.take_snapshot();
        assert_eq!(after.servers[1].status, Status::Maintenance);
        assert_eq!(after.log, before.log, "the log is kept");
    }

    /// A switch of strategy replays the run and keeps a last pick, the new strategy's own, so
    /// the views never say "No pick yet" of a run that has picked (they did until the next
    /// request).
    #[test]
    fn a_switch_of_strategy_keeps_a_last_pick() {
        let mut live = Live::new(Settings::default());
        for _ in 0..5 {
            live.step_request(0.0);
        }
        let before = live.take_snapshot().last.clone().expect("a pick");
        live.apply(Command::Strategy("consistent_hash".into()), 0.0);
        let after = live
            .take_snapshot()
            .last
            .clone()
            .expect("a pick after the switch");
        assert_eq!(after.request, before.request);
        assert_eq!(after.path, before.path);
        assert!(!after.steps.is_empty(), "explained by the new strategy");
        assert_ne!(after.steps, before.steps, "the new strategy's steps");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// A rebuilt run is replayed from its settings and live actions to the same simulated
        /// moment; changing a setting and changing it back gives the same figures as changing
        /// it back straight away (a replay depends on the settings and actions only).
        ///
        /// (A run that was never rebuilt can differ from its replay by the order of events at
        /// the action's exact moment: the live action lands after the events already run at
        /// that time, the replayed fault before them.)
        #[test]
        fn a_setting_changed_and_back_replays_to_the_same_moment(
            before in 1usize..40,
            after in 0usize..40,
            server in 0usize..4,
            action in prop_oneof![
                Just(FaultAction::Crash),
                Just(FaultAction::Hang),
                Just(FaultAction::Maintenance),
            ],
            strategy in prop_oneof![
                Just(StrategyKind::LeastConnections),
                Just(StrategyKind::ConsistentHash),
                Just(StrategyKind::Maglev),
            ],
        ) {
            let run = |toggle: bool| {
                let mut live = Live::new(Settings::default());
                let mut now = 0.0;
                play(&mut live, &mut now, before, 20.0);
                live.apply(Command::Server(server, ServerEdit::Action(action)), now);
                play(&mut live, &mut now, after, 20.0);
                let t = live.now_ms();
                if toggle {
                    live.apply(Command::Strategy(strategy.name().into()), now);
                    assert_eq!(live.now_ms(), t);
                }
                live.apply(Command::Strategy(StrategyKind::RoundRobin.name().into()), now);
                assert_eq!(live.now_ms(), t);
                let snap = live.take_snapshot();
                (live.now_ms(), (*snap.servers).clone(), (*snap.totals).clone())
            };
            let (t0, servers0, totals0) = run(false);
            let (t1, servers1, totals1) = run(true);
            prop_assert_eq!(t0, t1);
            prop_assert_eq!(servers0, servers1);
            prop_assert_eq!(totals0, totals1);
        }
    }
}
