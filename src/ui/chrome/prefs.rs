//! What the page remembers for a returning visitor (localStorage: whether the picture plays on
//! arrival, whether the tour was dismissed), and play on arrival itself: the first screen's
//! picture starts moving once it is on screen, pauses while scrolled away, and never moves under
//! prefers-reduced-motion or after the visitor took Play or Pause into their own hands.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::playground::live::Command;
use crate::share::i18n::{Lang, Text};
use crate::ui::hooks::use_on_screen;
use crate::ui::widgets::dom::el;

/// The key under which "play on arrival" is kept ("off" when unticked).
pub const AUTOPLAY_KEY: &str = "fulcrum.autoplay";
/// The key under which a dismissed tour is kept ("done").
pub const TOUR_KEY: &str = "fulcrum.tour";

/// A remembered value (none where storage is unavailable, e.g. blocked cookies).
pub fn stored(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Remember a value, where storage is available (otherwise the page simply forgets).
pub fn store(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// Where play on arrival stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auto {
    /// Not started yet (reduced motion keeps it here).
    Waiting,
    /// Playing because the picture is on screen.
    Running,
    /// Paused because the picture was scrolled away.
    Parked,
    /// The visitor pressed Play or Pause, or turned play on arrival off: hands off.
    Off,
}

/// Play on arrival, watching `picture`; `playing` is the run's state. It waits while `noted`
/// (notes about the link are shown: the reader reads them first; playing would replace them).
/// Returns whether it is on, the callback the "Play as soon as the page opens" box calls,
/// whether the picture is on screen (the tour folds away from it), and whether it paused the
/// run because the picture left the screen (the run bar says so: a bare "paused" read as "my
/// Play did not work").
#[hook]
pub fn use_autoplay(
    picture: NodeRef,
    exec: Callback<Command>,
    playing: bool,
    reduced: bool,
    active: bool,
    noted: bool,
) -> (bool, Callback<bool>, bool, bool) {
    let enabled = use_state(|| stored(AUTOPLAY_KEY).as_deref() != Some("off"));
    let state = use_mut_ref(|| Rc::new(Cell::new(Auto::Waiting)));
    let state = state.borrow().clone();
    let parked = state.get() == Auto::Parked;
    let on_screen = use_on_screen(picture, active);
    {
        let state = state.clone();
        use_effect_with(
            (on_screen, playing, reduced, *enabled && active, noted),
            move |&(on_screen, playing, reduced, enabled, noted)| {
                let (next, command) = match state.get() {
                    Auto::Waiting if enabled && !reduced && on_screen && !playing && !noted => {
                        (Auto::Running, Some(Command::Play))
                    }
                    Auto::Waiting if playing => (Auto::Off, None),
                    Auto::Running if !playing => (Auto::Off, None),
                    Auto::Running if !on_screen => (Auto::Parked, Some(Command::Pause)),
                    Auto::Parked if playing => (Auto::Off, None),
                    Auto::Parked if on_screen => (Auto::Running, Some(Command::Play)),
                    s => (s, None),
                };
                // The state first: the render the command causes reads it ("paused while off
                // screen").
                state.set(next);
                if let Some(command) = command {
                    exec.emit(command);
                }
            },
        );
    }
    // Made once (the setter and the cell outlive renders), so the box's props stay equal.
    let on_toggle = {
        let enabled = enabled.setter();
        use_memo((), move |_| {
            Callback::from(move |on: bool| {
                store(AUTOPLAY_KEY, if on { "on" } else { "off" });
                if !on {
                    state.set(Auto::Off);
                }
                enabled.set(on);
            })
        })
    };
    (*enabled, (*on_toggle).clone(), on_screen, parked)
}

/// What the "Play as soon as the page opens" box shows and calls.
#[derive(Properties, PartialEq)]
pub struct AutoplayBoxProps {
    /// Whether play on arrival is on.
    pub on: bool,
    /// Called with the box's new state.
    pub on_toggle: Callback<bool>,
    pub lang: Lang,
}

/// The "Play as soon as the page opens" box, under More settings: a component, so that the
/// controls around it are left alone while the run plays.
#[component]
pub fn AutoplayBox(props: &AutoplayBoxProps) -> Html {
    autoplay_box(props.on, &props.on_toggle, props.lang)
}

/// The "Play as soon as the page opens" box's elements.
fn autoplay_box(on: bool, on_toggle: &Callback<bool>, lang: Lang) -> Html {
    let on_change = on_toggle.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    el("p")
        .class("check")
        .child(
            el("input")
                .attr("type", "checkbox")
                .attr("id", "autoplay")
                .flag("checked", on)
                .onchange(on_change),
        )
        .child(
            el("label")
                .attr("for", "autoplay")
                .text(Text::PlayOnArrival.get(lang)),
        )
        .done()
}
