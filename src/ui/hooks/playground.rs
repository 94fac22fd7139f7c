//! `use_playground()`: the running simulation and everything that drives it, for the root
//! component. It makes the [`Live`] model once (from the page's link), keeps the page's
//! [`UiState`] in a reducer, runs the animation loop (or, with reduced motion, one request a
//! second), publishes what moves on buses, follows the keyboard, and keeps the URL and the
//! document's language in step with the settings.
//!
//! Each animation frame advances the simulation by the real time elapsed × the chosen speed and
//! hands a new frame to the leaf components that draw moving parts ([`FrameBus`]); on the
//! [`Ticker`]'s ticks one part of the snapshot is refreshed and published ([`SnapshotBus`]), and
//! only the views that draw that part re-render; every two seconds the live region speaks
//! ([`SpokenBus`]). The reducer, and so the root, changes only with a command. The loop runs only
//! while the page is visible and something moves.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::{
    FrameBus, SnapshotBus, SpokenBus, now_ms, use_animation_loop, use_media_query, use_page_visible,
};
use crate::engine::StrategyConfig;
use crate::playground::bus::Bus;
use crate::playground::cost;
use crate::playground::live::{Command, Live};
use crate::playground::settings::{Notice, Settings};
use crate::playground::state::{Action, Narration, UiState};
use crate::playground::ticker::Ticker;
use crate::share::i18n::Lang;
use crate::share::permalink::{self, StrategyChoice, View};
use crate::ui::chrome::address;
use crate::ui::chrome::embed::{HostApi, use_host_api, use_post_height};
use crate::ui::hooks::use_on_screen;
use crate::ui::lookup::LookupRemote;

/// What the root component gets from [`use_playground`].
pub struct Playground {
    /// The page's discrete state; dispatching to it re-renders the root.
    pub ui: UseReducerHandle<UiState>,
    pub live: Rc<RefCell<Live>>,
    pub bus: Rc<FrameBus>,
    /// The snapshot, refreshed part by part while playing.
    pub snapshots: Rc<SnapshotBus>,
    /// What the live region says.
    pub spoken: Rc<SpokenBus>,
    pub handlers: Rc<Handlers>,
    /// The page's language (the link's, else the browser's).
    pub lang: Lang,
    /// The browser's language, for a link that names none.
    pub browser: Lang,
    /// The link's query for the current settings.
    pub query: Rc<String>,
    pub reduced: bool,
    /// The element the page (or the embedded view) is mounted in, for the embed's observers.
    pub main_ref: NodeRef,
    /// An embedded lookup debugger's way in, for the host page's commands.
    pub remote: Rc<LookupRemote>,
}

/// The callbacks handed to views, made once: a new callback would re-render every view that
/// takes one. Every command goes through `exec`: the simulation changes, then what Yew draws.
pub struct Handlers {
    pub exec: Callback<Command>,
    pub on_select: Callback<usize>,
    pub on_close: Callback<()>,
    pub on_dismiss: Callback<()>,
    pub on_compare: Callback<Vec<StrategyConfig>>,
    pub on_measure: Callback<()>,
    /// The lookup debugger's key and step, for the link.
    pub on_lookup: Callback<(String, u32)>,
    /// A new link (an imported configuration's): the page's link becomes it.
    pub on_link: Callback<permalink::Link>,
}

impl PartialEq for Handlers {
    /// Made once per page: props holding them are equal when they hold the same ones.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// What the page starts from, made once.
struct Start {
    browser: Lang,
    link: permalink::Link,
    notes: Rc<Vec<Notice>>,
    live: Rc<RefCell<Live>>,
    bus: Rc<FrameBus>,
    snapshots: Rc<SnapshotBus>,
    spoken: Rc<SpokenBus>,
    ticker: Rc<RefCell<Ticker>>,
    /// Whether motion is reduced (kept here for the callbacks, which outlive a render).
    reduced: Rc<Cell<bool>>,
    handlers: OnceCell<Rc<Handlers>>,
    remote: Rc<LookupRemote>,
}

/// The id of the section that shows a view.
pub fn section_id(view: View) -> &'static str {
    match view {
        View::Table => "tables",
        v => v.name(),
    }
}

/// The playground's model and loop for the root component.
#[hook]
pub fn use_playground() -> Playground {
    // The browser's language and the URL's settings, read once: the simulation starts from them.
    let start = use_memo((), |_| {
        let (link, notes) = address::read_link();
        let mut live = Live::new(Settings::from_link(&link));
        let snapshot = live.take_snapshot();
        Start {
            browser: address::browser_lang(),
            live: Rc::new(RefCell::new(live)),
            link,
            notes: Rc::new(notes),
            bus: Rc::default(),
            spoken: Rc::new(Bus::new(Rc::new(Narration::of(&snapshot)))),
            snapshots: Rc::new(Bus::new(snapshot)),
            ticker: Rc::default(),
            reduced: Rc::default(),
            handlers: OnceCell::new(),
            remote: Rc::default(),
        }
    });
    let ui = {
        let start = start.clone();
        use_reducer(move || {
            let settings = start.live.borrow().settings.clone();
            UiState::new(settings, start.link.clone(), start.notes.clone())
        })
    };
    let lang = ui.link.lang.unwrap_or(start.browser);
    // The URL follows the settings, and the document's language the page's.
    let query = use_memo((ui.settings.clone(), ui.link.clone()), |(s, link)| {
        s.to_link(link).to_query()
    });
    use_effect_with((lang, query.clone()), |(lang, q)| {
        address::set_document_lang(*lang);
        address::replace_url(q);
    });
    let reduced = use_media_query("(prefers-reduced-motion: reduce)");
    // An embedded view plays only while it is on screen (and the page is visible).
    let main_ref = use_node_ref();
    let embed = ui.link.embed;
    let on_screen = use_on_screen(main_ref.clone(), embed);
    use_post_height(main_ref.clone(), embed, ui.playing, ui.settings.clone());
    let visible = use_page_visible() && on_screen;
    start.reduced.set(reduced);
    let handlers = start
        .handlers
        .get_or_init(|| Rc::new(make_handlers(&start, ui.dispatcher())))
        .clone();
    use_open_and_keys(
        &handlers.exec,
        ui.link.view,
        embed && ui.link.autoplay,
        embed,
    );
    use_host_api(
        HostApi {
            live: start.live.clone(),
            exec: handlers.exec.clone(),
            view: ui.link.view,
            remote: start.remote.clone(),
        },
        embed,
    );
    {
        // A hidden page pauses the clock; coming back does not jump ahead.
        let ticker = start.ticker.clone();
        use_effect_with(visible, move |_| ticker.borrow_mut().resume());
    }
    use_animation_loop(visible && !reduced, ui.kick, on_frame(&start));
    use_reduced_steps(&start, reduced && ui.playing && visible);
    Playground {
        live: start.live.clone(),
        bus: start.bus.clone(),
        snapshots: start.snapshots.clone(),
        spoken: start.spoken.clone(),
        browser: start.browser,
        ui,
        handlers,
        lang,
        query,
        reduced,
        main_ref,
        remote: start.remote.clone(),
    }
}

fn make_handlers(start: &Start, dispatch: UseReducerDispatcher<UiState>) -> Handlers {
    let exec = {
        let (live, dispatch) = (start.live.clone(), dispatch.clone());
        let (bus, snapshots, spoken) = (
            start.bus.clone(),
            start.snapshots.clone(),
            start.spoken.clone(),
        );
        let (ticker, reduced) = (start.ticker.clone(), start.reduced.clone());
        Callback::from(move |cmd: Command| {
            let now = now_ms();
            let reduced = reduced.get();
            let (notes, settings, playing, snapshot, f) = {
                let mut l = live.borrow_mut();
                let notes = l.apply(cmd, now);
                let f = l.frame(now, reduced);
                (notes, l.settings.clone(), l.playing, l.snapshot(), f)
            };
            ticker.borrow_mut().commanded(now);
            bus.publish(Rc::new(f));
            spoken.publish(Rc::new(Narration::of(&snapshot)));
            snapshots.publish(snapshot);
            dispatch.dispatch(Action::Synced {
                settings,
                playing,
                notes,
            });
        })
    };
    let on_compare = {
        let (live, dispatch) = (start.live.clone(), dispatch.clone());
        Callback::from(move |configs: Vec<StrategyConfig>| {
            let chosen = configs
                .iter()
                .map(|c| StrategyChoice {
                    kind: c.kind,
                    variant: c.variant,
                })
                .collect();
            dispatch.dispatch(Action::CompareList(chosen));
            let result = live.borrow().compare(configs, now_ms);
            dispatch.dispatch(Action::Compared(result));
        })
    };
    let on_measure = {
        let (live, dispatch) = (start.live.clone(), dispatch.clone());
        Callback::from(move |()| {
            let kind = live.borrow().settings.kind;
            dispatch.dispatch(Action::Measured(cost::measure(kind, &now_ms)));
        })
    };
    Handlers {
        exec,
        on_select: dispatch_with(&dispatch, |i| Action::Edit(Some(i))),
        on_close: dispatch_with(&dispatch, |()| Action::Edit(None)),
        on_dismiss: dispatch_with(&dispatch, |()| Action::DismissNotes),
        on_compare,
        on_measure,
        on_lookup: dispatch_with(&dispatch, |(key, step)| Action::Lookup { key, step }),
        on_link: dispatch_with(&dispatch, Action::Link),
    }
}

/// A callback that dispatches `action(x)` for each `x`.
fn dispatch_with<T: 'static>(
    dispatch: &UseReducerDispatcher<UiState>,
    action: fn(T) -> Action,
) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |x: T| dispatch.dispatch(action(x)))
}

/// Once, on mounting: open at the view the link names (an embedded view must not scroll the
/// page around it, and plays from the start while on screen); then the keyboard: Space plays
/// and pauses, → steps, ← steps back.
#[hook]
fn use_open_and_keys(exec: &Callback<Command>, view: View, play: bool, embed: bool) {
    let exec = exec.clone();
    use_effect_with((), move |_| {
        // (The lookup view has no run: its own Play walks its steps; `autoplay=0` waits for
        // the reader's Play.)
        if embed {
            if play && view != View::Lookup {
                exec.emit(Command::Play);
            }
        } else if view != View::Pool
            && let Some(e) = gloo::utils::document().get_element_by_id(section_id(view))
        {
            e.scroll_into_view();
        }
        let document = gloo::utils::document();
        let listener = EventListener::new_with_options(
            &document,
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(cmd) = key_command(e) {
                    e.prevent_default();
                    exec.emit(cmd);
                }
            },
        );
        move || drop(listener)
    });
}

/// The command a key press stands for, unless the user is typing or on a control that uses the
/// key itself.
fn key_command(e: &KeyboardEvent) -> Option<Command> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return None;
    }
    let target: Option<Element> = e.target().and_then(|t| t.dyn_into().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_uppercase())
        .unwrap_or_default();
    let editable = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlElement>())
        .is_some_and(|h| h.is_content_editable());
    if editable || matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "OPTION") {
        return None;
    }
    let attribute = |name: &str| target.as_ref().and_then(|t| t.get_attribute(name));
    let activates = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
        || attribute("role").is_some_and(|r| r == "button" || r == "tab");
    // Play and Pause hand Space to the page: it plays and pauses from them too.
    let toggles = attribute("data-space").is_some();
    match e.key().as_str() {
        " " | "Spacebar" if !activates || toggles => Some(Command::TogglePlay),
        "ArrowRight" => Some(Command::Step),
        "ArrowLeft" => Some(Command::StepBack),
        _ => None,
    }
}

/// One animation frame: advance the simulation, publish what moves, and on the ticker's ticks
/// refresh and publish one part of the snapshot (and every two seconds the live region's words).
/// Returns whether to keep going.
fn on_frame(start: &Start) -> impl Fn(f64) -> bool + 'static {
    let (live, bus, ticker) = (start.live.clone(), start.bus.clone(), start.ticker.clone());
    let (snapshots, spoken) = (start.snapshots.clone(), start.spoken.clone());
    move |ts: f64| -> bool {
        let (f, snapshot, narrate, go_on) = {
            let mut l = live.borrow_mut();
            let tick = ticker.borrow_mut().frame(ts, l.playing);
            if l.playing {
                l.advance(ts, tick.dt);
            }
            let f = l.frame(ts, false);
            let snapshot = tick.part.map(|part| {
                // A User Timing mark per tick: e2e/bench/frames.js tells each part's frames apart.
                if let Some(perf) = gloo::utils::window().performance() {
                    let _ = perf.mark(&format!("snapshot part {part}"));
                }
                l.take_snapshot_part(Some(part))
            });
            let go_on = l.playing || f.moving;
            (f, snapshot, tick.narrate, go_on)
        };
        bus.publish(Rc::new(f));
        if let Some(snapshot) = snapshot {
            if narrate {
                spoken.publish(Rc::new(Narration::of(&snapshot)));
            }
            snapshots.publish(snapshot);
        }
        go_on
    }
}

/// Reduced motion: Play steps one request a second, nothing slides.
#[hook]
fn use_reduced_steps(start: &Start, on: bool) {
    let (live, bus) = (start.live.clone(), start.bus.clone());
    let (snapshots, spoken) = (start.snapshots.clone(), start.spoken.clone());
    use_effect_with(on, move |&on| {
        let interval = on.then(|| {
            Interval::new(1000, move || {
                let now = now_ms();
                let (f, snapshot) = {
                    let mut l = live.borrow_mut();
                    l.step_request(now);
                    let f = l.frame(now, true);
                    (f, l.take_snapshot())
                };
                bus.publish(Rc::new(f));
                spoken.publish(Rc::new(Narration::of(&snapshot)));
                snapshots.publish(snapshot);
            })
        });
        move || drop(interval)
    });
}
