//! Embedding: a view in a documentation page's iframe (`?embed=1&view=…`). [`view`] lays it out:
//! a bar with Play/Pause and Step (the lookup view has its own, over its steps), the notes a bad
//! parameter gave, the one view (the lookup debugger alone). It plays only while it is on screen
//! (`hooks::use_on_screen`, an IntersectionObserver), tells the page around it its height
//! ([`use_post_height`]: `{type: "fulcrum:height", height}` when a ResizeObserver sees it grow or
//! the frame's width change; a smaller height only once the run is still or the settings
//! change, so a playing view's frame holds still), and answers the page's messages ([`use_host_api`]: the commands and events of
//! [`crate::playground::host`]). www/embed.html documents both for documentation writers.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, MessageEvent, ResizeObserver, Window};
use yew::prelude::*;

use crate::playground::host::{
    Feeds, HostCommand, HostEvent, Outbox, PickFeed, Ready, STATS_EVERY_MS,
};
use crate::playground::live::{Command, Live};
use crate::playground::settings::Settings;
use crate::share::i18n::Text;
use crate::share::permalink::{self, View};
use crate::ui::chrome::address;
use crate::ui::controls::notes::{Notes, NotesProps};
use crate::ui::hooks::now_ms;
use crate::ui::hooks::playground::Playground;
use crate::ui::later::lookup::{LazyLookup, LazyLookupProps};
use crate::ui::lookup::{LookupRemote, Remote};
use crate::ui::sections::{self, PageProps};
use crate::ui::widgets::dom::{button, comp, el};

/// One compact view: its bar (Play/Pause, Step, the way out to the full playground), its notes,
/// the view.
pub fn view(pg: &Playground, page: &PageProps) -> Html {
    let (ui, lang) = (&pg.ui, pg.lang);
    let one = match ui.link.view {
        // The debugger alone: no churn view, no sample keys; its own Play and steps.
        View::Lookup => comp::<LazyLookup>(LazyLookupProps {
            start: sections::lookup_start(ui, lang, true),
            on_change: pg.handlers.on_lookup.clone(),
            remote: Some(pg.remote.clone()),
            eager: true,
        }),
        view => sections::one(view, page),
    };
    let full = address::permalink_for(
        &ui.settings
            .to_link(&permalink::Link {
                embed: false,
                autoplay: true,
                ..(*ui.link).clone()
            })
            .to_query(),
    );
    let out = el("a")
        .class("small")
        .attr("href", full)
        .attr("target", "_blank")
        .attr("rel", "noopener")
        .text(Text::OpenInPlayground.get(lang));
    let mut bar = el("div")
        .class("embed-bar")
        .attr("role", "toolbar")
        .attr("aria-label", Text::ControlsRun.get(lang));
    if ui.link.view != View::Lookup {
        let exec = pg.handlers.exec.clone();
        let toggle = Callback::from(move |_: MouseEvent| exec.emit(Command::TogglePlay));
        let exec = pg.handlers.exec.clone();
        let step = Callback::from(move |_: MouseEvent| exec.emit(Command::Step));
        let play = if ui.playing { Text::Pause } else { Text::Play };
        bar = bar
            .child(button(play.get(lang), toggle, false).class("primary"))
            .child(button(Text::Step.get(lang), step, false));
    }
    el("main")
        .class("playground embed")
        .node_ref(pg.main_ref.clone())
        .child(bar.child(out))
        .child(comp::<Notes>(NotesProps {
            notes: ui.notes.clone(),
            on_dismiss: pg.handlers.on_dismiss.clone(),
            lang,
        }))
        .child(one)
        .done()
}

/// What posts the embed's height to the page around it.
struct HeightPoster {
    parent: Window,
    element: Element,
    /// The height last posted, and the width it was measured at.
    posted: Cell<f64>,
    width: Cell<f64>,
    /// While the run plays, the height only grows: a view whose lines come and go as its
    /// figures change (the ring's legend while a server flaps) made the frame jump on every tick.
    hold: Cell<bool>,
}

impl HeightPoster {
    fn post(&self, height: f64) {
        self.posted.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"fulcrum:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        // The height is no secret: any page may embed the playground.
        let _ = self.parent.post_message(&message, "*");
    }

    /// The element's size changed: post a new width's height, any growth, and, unless the run
    /// is playing, any shrinking.
    fn observed(&self) {
        let rect = self.element.get_bounding_client_rect();
        let (height, width) = (rect.height().ceil(), rect.width().round());
        let posted = self.posted.get();
        if width != self.width.get() {
            self.width.set(width);
            if height != posted {
                self.post(height);
            }
        } else if height > posted || (!self.hold.get() && height != posted) {
            self.post(height);
        }
    }

    /// A real change of layout (the run paused, the settings changed): post the height as it
    /// is, smaller or not, and hold it from now while `playing`.
    fn settle(&self, playing: bool) {
        self.hold.set(playing);
        let height = self.element.get_bounding_client_rect().height().ceil();
        if height != self.posted.get() {
            self.post(height);
        }
    }
}

/// Post the element's height to the parent window (only inside a frame): at once, whenever its
/// width changes or it grows, and when it shrinks only while the run is still (`playing` false)
/// or once `settings` change, so the frame around a playing view never shrinks and grows back on
/// a tick.
#[hook]
pub fn use_post_height(node: NodeRef, active: bool, playing: bool, settings: Rc<Settings>) {
    let poster = use_mut_ref(|| None::<Rc<HeightPoster>>);
    {
        let poster = poster.clone();
        use_effect_with(active, move |&active| {
            let watch = active
                .then(|| {
                    let element: Element = node.cast()?;
                    let p = Rc::new(HeightPoster {
                        parent: parent_window()?,
                        element: element.clone(),
                        posted: Cell::new(-1.0),
                        width: Cell::new(-1.0),
                        hold: Cell::new(false),
                    });
                    *poster.borrow_mut() = Some(p.clone());
                    let resized = Closure::<dyn FnMut()>::new(move || p.observed());
                    let observer = ResizeObserver::new(resized.as_ref().unchecked_ref()).ok()?;
                    observer.observe(&element);
                    Some((observer, resized))
                })
                .flatten();
            move || {
                if let Some((observer, _)) = watch {
                    observer.disconnect();
                }
                poster.borrow_mut().take();
            }
        });
    }
    use_effect_with((playing, settings), move |(playing, _)| {
        if let Some(p) = poster.borrow().as_ref() {
            p.settle(*playing);
        }
    });
}

/// The page around the embed, if there is one (not the embed's own window).
fn parent_window() -> Option<Window> {
    let window = gloo::utils::window();
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Post an event to the page around the embed as a plain object.
fn post(parent: &Window, event: &HostEvent) {
    // json_compatible: null for a missing value, plain objects, numbers (never BigInt), so the
    // host reads the event as it would JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(message) = event.serialize(&serializer) {
        // "*": any page may embed the playground, and an embed cannot learn its parent's origin
        // reliably. Nothing posted is a secret: the events say what the view shows (its picks
        // and counts), which the page could also see by loading the same link.
        let _ = parent.post_message(&message, "*");
    }
}

/// What [`use_host_api`] works with.
pub struct HostApi {
    pub live: Rc<RefCell<Live>>,
    pub exec: Callback<Command>,
    pub view: View,
    pub remote: Rc<LookupRemote>,
}

/// The message API with the page around an embed (see [`crate::playground::host`]): commands
/// are taken only from the parent window; `ready` is posted once, then, every
/// [`STATS_EVERY_MS`], the events the page subscribed to.
#[hook]
pub fn use_host_api(api: HostApi, active: bool) {
    use_effect_with(active, move |&active| {
        let watch = active.then(parent_window).flatten().map(|parent| {
            let HostApi {
                live,
                exec,
                view,
                remote,
            } = api;
            // The lookup view has no run to report: its streams start off.
            let mut outbox = Outbox::default();
            if view == View::Lookup {
                outbox.feeds = Feeds {
                    picks: false,
                    stats: false,
                };
            }
            let outbox = Rc::new(RefCell::new(outbox));
            let listener = {
                let (parent, live, outbox) = (parent.clone(), live.clone(), outbox.clone());
                EventListener::new(&gloo::utils::window(), "message", move |e| {
                    let Some(e) = e.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    // Only the page around the embed may drive it (not another frame, not a
                    // window it opened).
                    if !e.source().is_some_and(|s| js_sys::Object::is(&s, &parent)) {
                        return;
                    }
                    let value = serde_wasm_bindgen::from_value::<serde_json::Value>(e.data())
                        .unwrap_or(serde_json::Value::Null);
                    let reply = HostCommand::from_value(&value).and_then(|cmd| {
                        obey(&cmd, view, &live, &exec, &remote, &mut outbox.borrow_mut())
                    });
                    if let Err(message) = reply {
                        post(&parent, &HostEvent::Error { message });
                    }
                })
            };
            {
                let s = &live.borrow().settings;
                let mut ready = Ready::new(view, s.preset, s.kind, s.variant);
                ready.subscribed = outbox.borrow().feeds.list();
                post(&parent, &HostEvent::Ready(ready));
            }
            let ticks = Interval::new(STATS_EVERY_MS as u32, move || {
                let mut l = live.borrow_mut();
                let mut none = PickFeed::default();
                let mut picks = l.pick_feed.take();
                let events = outbox.borrow_mut().tick(
                    now_ms(),
                    || l.host_stats(),
                    picks.as_mut().unwrap_or(&mut none),
                );
                l.pick_feed = picks;
                drop(l);
                for event in &events {
                    post(&parent, event);
                }
            });
            (listener, ticks)
        });
        move || drop(watch)
    });
}

/// Carry out a host's command: the lookup view's Play, Pause and Step move its steps; the
/// others go to the simulation; subscriptions change what the outbox sends.
fn obey(
    cmd: &HostCommand,
    view: View,
    live: &Rc<RefCell<Live>>,
    exec: &Callback<Command>,
    remote: &LookupRemote,
    outbox: &mut Outbox,
) -> Result<(), String> {
    let lookup = view == View::Lookup;
    match cmd {
        HostCommand::Subscribe(feeds) | HostCommand::Unsubscribe(feeds) => {
            outbox.subscribe(feeds, matches!(cmd, HostCommand::Subscribe(_)));
            let mut l = live.borrow_mut();
            match (outbox.feeds.picks, l.pick_feed.is_some()) {
                (true, false) => l.pick_feed = Some(PickFeed::default()),
                (false, true) => l.pick_feed = None,
                _ => {}
            }
        }
        HostCommand::Play | HostCommand::Pause | HostCommand::Step if lookup => {
            remote.send(match cmd {
                HostCommand::Play => Remote::Play,
                HostCommand::Pause => Remote::Pause,
                _ => Remote::Step,
            });
        }
        HostCommand::Set(_) | HostCommand::Reset if lookup => {
            return Err(
                "the lookup view takes play, pause and step; its strategy is its own".into(),
            );
        }
        _ => {
            for c in cmd.commands() {
                exec.emit(c);
            }
        }
    }
    Ok(())
}
