//! The discrete state Yew renders from: settings, playing or not, the server being edited, notes,
//! compare and cost results, the link. The simulation itself lives outside the render cycle
//! ([`super::live::Live`]); after each command the app dispatches what changed here. What moves
//! (frames, the snapshot refreshed tick by tick, the live region's words) reaches the views on
//! [`super::bus`] instead, so a tick never renders the page's root.

#![warn(missing_docs)]

use std::rc::Rc;

use super::cost::CostTable;
use super::live::CompareResult;
use super::settings::{Notice, Settings};
use super::snapshot::{LastPick, Snapshot};
use crate::share::i18n::{Lang, Text};
use crate::share::permalink;

/// What the live region says: nothing picked yet, nothing picked since a change, or a pick.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Narration {
    /// No request picked yet.
    #[default]
    NoRequest,
    /// Nothing picked since the last change: the strategy and the simulated time.
    Idle {
        /// The strategy's label.
        strategy: String,
        /// Simulated seconds, one decimal.
        seconds: String,
    },
    /// The last pick.
    Pick(Rc<LastPick>),
}

impl Narration {
    /// What a snapshot says: its last pick, else the strategy and the simulated time. The
    /// caption under the picture says it after every snapshot; the live region speaks it at
    /// most every two seconds while playing ([`super::ticker`]).
    pub fn of(snapshot: &Snapshot) -> Self {
        match &snapshot.last {
            Some(l) => Narration::Pick(l.clone()),
            None => Narration::Idle {
                strategy: snapshot.strategy.clone(),
                seconds: format!("{:.1}", snapshot.t_ms / 1000.0),
            },
        }
    }

    /// What the live region says, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Narration::NoRequest => Text::NarrNoRequest.get(lang).into(),
            Narration::Idle { strategy, seconds } => Text::NarrIdle.fill(
                lang,
                &["strategy", "seconds"],
                &[&super::snapshot::strategy_words(strategy, lang), seconds],
            ),
            Narration::Pick(l) => l.narration(lang),
        }
    }
}

/// The page's discrete state: what Yew renders from.
#[derive(Clone, Debug)]
pub struct UiState {
    /// What the user has set (the model's copy, shared).
    pub settings: Rc<Settings>,
    /// Whether the simulation runs.
    pub playing: bool,
    /// Scenario position of the server whose editor is open.
    pub editing: Option<usize>,
    /// The notices shown beside the controls (replaced, never edited, so views compare the
    /// pointer).
    pub notes: Rc<Vec<Notice>>,
    /// Bumped to restart the animation loop after a change made while paused.
    pub kick: u32,
    /// The last comparison's results.
    pub compare: Option<Rc<CompareResult>>,
    /// Why the last comparison could not run.
    pub compare_error: Option<Rc<Notice>>,
    /// The last measured time per pick.
    pub cost: Option<Rc<CostTable>>,
    /// What the URL holds beside the settings: view, language, embed, lesson, key, compare list.
    pub link: Rc<permalink::Link>,
}

impl UiState {
    /// The state the page starts in: paused, nothing compared or measured.
    pub fn new(settings: Settings, link: permalink::Link, notes: Rc<Vec<Notice>>) -> Self {
        Self {
            settings: Rc::new(settings),
            playing: false,
            editing: None,
            notes,
            kick: 0,
            compare: None,
            compare_error: None,
            cost: None,
            link: Rc::new(link),
        }
    }
}

impl PartialEq for UiState {
    /// Its shared parts are replaced, never edited (the reducer makes a new `Rc` for a new
    /// value), so two states are equal when they share them: a view given the state re-renders
    /// after an action that changed something, without comparing results field by field.
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        Rc::ptr_eq(&self.settings, &other.settings)
            && self.playing == other.playing
            && self.editing == other.editing
            && Rc::ptr_eq(&self.notes, &other.notes)
            && self.kick == other.kick
            && same(&self.compare, &other.compare)
            && same(&self.compare_error, &other.compare_error)
            && same(&self.cost, &other.cost)
            && Rc::ptr_eq(&self.link, &other.link)
    }
}

/// A change of the page's discrete state (see [`UiState::apply`]).
pub enum Action {
    /// After a command: the settings and play state as they are now, and its notes.
    Synced {
        /// The settings now.
        settings: Settings,
        /// Whether the simulation runs.
        playing: bool,
        /// The command's notices (none keeps the shown ones unless the settings changed).
        notes: Vec<Notice>,
    },
    /// The server editor opens on this scenario position, or closes.
    Edit(Option<usize>),
    /// A comparison's results, or why it could not run.
    Compared(Result<CompareResult, Notice>),
    /// Time per pick measured in the browser.
    Measured(CostTable),
    /// The reader dismissed the notices.
    DismissNotes,
    /// The URL's other settings changed (view, language, lesson, compare list...).
    Link(permalink::Link),
    /// The lookup debugger's key or step (from 0) changed: the link follows.
    Lookup {
        /// The key looked up.
        key: String,
        /// The step shown, from 0.
        step: u32,
    },
    /// Compare ran these strategies: the link keeps the list unless it is the one compare
    /// starts with.
    CompareList(Vec<permalink::StrategyChoice>),
}

impl UiState {
    /// The state after `action`: the reducer the app's `use_reducer` runs.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Synced {
                settings,
                playing,
                notes,
            } => {
                let mut next = (*self).clone();
                let changed = *next.settings != settings;
                // Compare's figures are of the settings it ran under, and its pickers start again
                // from the new settings' defaults (the strategy chosen first): results of other
                // settings under them would be a leftover. The speed shapes no run.
                if changed && !next.settings.same_run(&settings) {
                    next.compare = None;
                    next.compare_error = None;
                }
                if changed {
                    next.settings = Rc::new(settings);
                }
                next.playing = playing;
                // A command with notes shows them; one without keeps the shown notes unless it
                // changed the settings they were about (Play, Pause or Step never do), and an
                // unchanged list keeps its pointer, so the notes view is left be.
                if !notes.is_empty() || (changed && !next.notes.is_empty()) {
                    next.notes = Rc::new(notes);
                }
                next.kick = next.kick.wrapping_add(1);
                if next
                    .editing
                    .is_some_and(|i| i >= next.settings.servers.len())
                {
                    next.editing = None;
                }
                Rc::new(next)
            }
            Action::Edit(i) => {
                if self.editing == i {
                    return self;
                }
                let mut next = (*self).clone();
                next.editing = i;
                Rc::new(next)
            }
            Action::Compared(r) => {
                let mut next = (*self).clone();
                match r {
                    Ok(c) => {
                        next.compare = Some(Rc::new(c));
                        next.compare_error = None;
                    }
                    Err(n) => next.compare_error = Some(Rc::new(n)),
                }
                Rc::new(next)
            }
            Action::Measured(c) => {
                let mut next = (*self).clone();
                next.cost = Some(Rc::new(c));
                Rc::new(next)
            }
            Action::Link(link) => {
                if *self.link == link {
                    return self;
                }
                let mut next = (*self).clone();
                next.link = Rc::new(link);
                Rc::new(next)
            }
            Action::Lookup { key, step } => {
                let link = permalink::Link {
                    key,
                    step,
                    ..(*self.link).clone()
                };
                self.apply(Action::Link(link))
            }
            Action::CompareList(chosen) => {
                let defaults = self.settings.compare_defaults();
                let is_default = chosen
                    .iter()
                    .map(|c| (c.kind, c.variant))
                    .eq(defaults.iter().copied());
                let link = permalink::Link {
                    compare: if is_default { Vec::new() } else { chosen },
                    ..(*self.link).clone()
                };
                self.apply(Action::Link(link))
            }
            Action::DismissNotes => {
                if self.notes.is_empty() {
                    return self;
                }
                let mut next = (*self).clone();
                next.notes = Rc::default();
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::settings::Notice;

    fn state_with_note() -> Rc<UiState> {
        let note = Notice::NothingLeft;
        Rc::new(UiState::new(
            Settings::default(),
            permalink::Link::default(),
            Rc::new(vec![note]),
        ))
    }

    fn synced(settings: Settings, notes: Vec<Notice>) -> Action {
        Action::Synced {
            settings,
            playing: true,
            notes,
        }
    }

    #[test]
    fn play_keeps_the_notes_a_link_gave() {
        let start = state_with_note();
        let shown = start.notes.clone();
        let next = start.apply(synced(Settings::default(), Vec::new()));
        assert!(next.playing);
        assert!(Rc::ptr_eq(&next.notes, &shown), "the same notes, untouched");
    }

    #[test]
    fn a_change_of_settings_replaces_the_notes_and_new_notes_show() {
        let start = state_with_note();
        let changed = Settings {
            seed: Settings::default().seed + 1,
            ..Settings::default()
        };
        let next = start.clone().apply(synced(changed, Vec::new()));
        assert!(next.notes.is_empty());
        let next = start.apply(synced(
            Settings::default(),
            vec![Notice::NoSuchServer { number: 9 }],
        ));
        assert!(matches!(
            next.notes.as_slice(),
            [Notice::NoSuchServer { number: 9 }]
        ));
    }

    #[test]
    fn the_caption_says_the_last_pick_else_the_strategy_and_the_time() {
        use crate::playground::live::{Command, Live};
        let mut live = Live::new(Settings::default());
        let idle = Narration::of(&live.take_snapshot());
        assert!(matches!(idle, Narration::Idle { ref seconds, .. } if seconds == "0.0"));
        for i in 0..3 {
            live.apply(Command::Step, 0.0);
            let words = Narration::of(&live.take_snapshot()).words(Lang::En);
            assert_eq!(
                words.split(':').next(),
                Some(format!("request {i}").as_str())
            );
        }
    }

    #[test]
    fn states_are_equal_until_an_action_changes_them() {
        let start = state_with_note();
        let same = start.clone().apply(Action::Edit(None));
        assert!(Rc::ptr_eq(&start, &same) && *start == *same);
        let copy = (*start).clone();
        assert!(copy == *start, "a copy shares every part");
        let edited = start.clone().apply(Action::Edit(Some(1)));
        assert!(*edited != *start);
        let played = start.clone().apply(synced(Settings::default(), Vec::new()));
        assert!(*played != *start, "playing and the kick changed");
    }

    #[test]
    fn a_change_of_strategy_forgets_the_compare_results_and_a_change_of_speed_keeps_them() {
        let result = CompareResult {
            requests: 20,
            elapsed_ms: 1.0,
            servers: Vec::new(),
            rows: Vec::new(),
            bin_edges_ms: Vec::new(),
        };
        let start = Rc::new(UiState::new(
            Settings::default(),
            permalink::Link::default(),
            Rc::default(),
        ))
        .apply(Action::Compared(Ok(result)));
        assert!(start.compare.is_some());
        let mut faster = Settings::default();
        faster.speed *= 2.0;
        let kept = start.clone().apply(synced(faster, Vec::new()));
        assert!(kept.compare.is_some(), "the speed shapes no run");
        let other = Settings {
            kind: crate::engine::StrategyKind::Maglev,
            ..Settings::default()
        };
        let next = start.apply(synced(other, Vec::new()));
        assert!(next.compare.is_none() && next.compare_error.is_none());
    }

    #[test]
    fn dismissing_clears_the_notes() {
        let next = state_with_note().apply(Action::DismissNotes);
        assert!(next.notes.is_empty());
    }
}
