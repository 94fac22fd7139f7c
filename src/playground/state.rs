//! The discrete state Yew renders from: settings, playing or not, the server being edited, notes,
//! the latest [`Snapshot`], compare and cost results. The simulation itself lives outside the
//! render cycle ([`super::live::Live`]); after each change the app dispatches what changed here,
//! and nothing else triggers a render except the animation frame.

#![warn(missing_docs)]

use std::rc::Rc;

use super::cost::CostTable;
use super::live::CompareResult;
use super::settings::{Notice, Settings};
use super::snapshot::{LastPick, Snapshot};
use crate::share::i18n::{Lang, Text};
use crate::share::permalink;

/// What the live region says: nothing picked yet, nothing picked since a change, or a pick.
#[derive(Clone, Debug, PartialEq)]
pub enum Narration {
    /// No request picked yet.
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
    /// What the views draw.
    pub snapshot: Rc<Snapshot>,
    /// Bumped to restart the animation loop after a change made while paused.
    pub kick: u32,
    /// The last comparison's results.
    pub compare: Option<Rc<CompareResult>>,
    /// Why the last comparison could not run.
    pub compare_error: Option<Rc<Notice>>,
    /// The last measured time per pick.
    pub cost: Option<Rc<CostTable>>,
    /// What the live region says (put in words when shown).
    pub narration: Narration,
    /// What the URL holds beside the settings: view, language, embed, lesson, key, compare list.
    pub link: Rc<permalink::Link>,
}

impl UiState {
    /// The state the page starts in: paused, nothing compared or measured.
    pub fn new(
        settings: Settings,
        snapshot: Rc<Snapshot>,
        link: permalink::Link,
        notes: Rc<Vec<Notice>>,
    ) -> Self {
        Self {
            settings: Rc::new(settings),
            playing: false,
            editing: None,
            notes,
            snapshot,
            kick: 0,
            compare: None,
            compare_error: None,
            cost: None,
            narration: Narration::NoRequest,
            link: Rc::new(link),
        }
    }

    /// What the snapshot says now: the caption under the picture follows every snapshot, while
    /// the live region ([`UiState::narration`]) speaks at most every two seconds while playing.
    pub fn caption(&self) -> Narration {
        match &self.snapshot.last {
            Some(l) => Narration::Pick(l.clone()),
            None => Narration::Idle {
                strategy: self.snapshot.strategy.clone(),
                seconds: format!("{:.1}", self.snapshot.t_ms / 1000.0),
            },
        }
    }

    fn narrate(&mut self) {
        self.narration = self.caption();
    }
}

/// A change of the page's discrete state (see [`UiState::apply`]).
pub enum Action {
    /// After a command: the settings, play state and snapshot as they are now, and its notes.
    Synced {
        /// The settings now.
        settings: Settings,
        /// Whether the simulation runs.
        playing: bool,
        /// The snapshot now.
        snapshot: Rc<Snapshot>,
        /// The command's notices (none keeps the shown ones unless the settings changed).
        notes: Vec<Notice>,
    },
    /// A periodic snapshot while playing; `narrate` also updates the live region.
    Snapshot {
        /// The new snapshot.
        snapshot: Rc<Snapshot>,
        /// Whether the live region speaks now.
        narrate: bool,
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
            Action::Snapshot { snapshot, narrate } => {
                if Rc::ptr_eq(&snapshot, &self.snapshot) {
                    return self;
                }
                let mut next = (*self).clone();
                next.snapshot = snapshot;
                if narrate {
                    next.narrate();
                }
                Rc::new(next)
            }
            Action::Synced {
                settings,
                playing,
                snapshot,
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
                next.snapshot = snapshot;
                // A command with notes shows them; one without keeps the shown notes unless it
                // changed the settings they were about (Play, Pause or Step never do), and an
                // unchanged list keeps its pointer, so the notes view is left be.
                if !notes.is_empty() || (changed && !next.notes.is_empty()) {
                    next.notes = Rc::new(notes);
                }
                next.kick = next.kick.wrapping_add(1);
                next.narrate();
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
            Rc::default(),
            permalink::Link::default(),
            Rc::new(vec![note]),
        ))
    }

    fn synced(settings: Settings, notes: Vec<Notice>) -> Action {
        Action::Synced {
            settings,
            playing: true,
            snapshot: Rc::default(),
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
    fn the_caption_follows_every_snapshot_while_the_live_region_waits_its_turn() {
        use crate::playground::live::{Command, Live};
        let mut live = Live::new(Settings::default());
        let mut state = state_with_note();
        for (i, narrate) in [true, false, false].into_iter().enumerate() {
            live.apply(Command::Step, 0.0);
            let snapshot = live.take_snapshot();
            state = state.apply(Action::Snapshot { snapshot, narrate });
            assert_eq!(
                state.caption().words(Lang::En).split(':').next(),
                Some(format!("request {i}").as_str())
            );
        }
        assert!(state.narration.words(Lang::En).starts_with("request 0:"));
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
            Rc::default(),
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
