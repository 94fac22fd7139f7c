//! "Start here": a short tour of four steps, each pointing at what is on screen (Play, the pool,
//! the ring or the balancer's view, the lookup debugger). It never blocks the page: a small
//! panel at the edge of the screen, its buttons reachable by keyboard, Esc closes it. It opens
//! by itself on a first visit; once closed it stays closed (remembered) until "Start here".

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::ui::hooks::refocus_if_lost;
use crate::ui::widgets::dom::el;

/// Each step: what it points at (the page's `data-tour` value, which the style sheet outlines;
/// the element scrolled into view) and its words.
pub const STEPS: [(&str, &str, Text); 4] = [
    ("play", ".runbar", Text::TourPlay),
    ("pool", "#pool", Text::TourPool),
    ("side", ".hero-side", Text::TourRing),
    ("lookup", "#lookup", Text::TourLookup),
];

#[derive(Properties, PartialEq)]
pub struct TourProps {
    /// The step shown.
    pub step: usize,
    /// Whether the run plays: the first step says Pause rather than "Press Play" then.
    pub playing: bool,
    /// Only the title line and the close button, while the reader is away from what the step
    /// is about (it covered headings there).
    #[prop_or_default]
    pub folded: bool,
    /// Go to a step.
    pub on_step: Callback<usize>,
    pub on_close: Callback<()>,
    pub lang: Lang,
}

#[component]
pub fn Tour(props: &TourProps) -> Html {
    let (lang, step) = (props.lang, props.step.min(STEPS.len() - 1));
    let last = step + 1 == STEPS.len();
    let go = |to: usize| props.on_step.reform(move |_: MouseEvent| to);
    let close = props.on_close.reform(|_: MouseEvent| {
        keep_focus_on_page();
    });
    // Esc closes it wherever the focus is (a control that uses Esc itself, the pool's editor or
    // a term's definition, stops the key before it reaches the document).
    {
        let on_close = props.on_close.clone();
        use_effect_with((), move |_| {
            let keys =
                gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                    if let Some(e) = e.dyn_ref::<KeyboardEvent>()
                        && e.key() == "Escape"
                        && !e.default_prevented()
                    {
                        on_close.emit(());
                        keep_focus_on_page();
                    }
                });
            move || drop(keys)
        });
    }
    // Opened, the tour takes the keyboard's focus if nobody holds it (a first visit, where it
    // opens by itself) or "Start here" does: the next Tab reaches its buttons, a screen reader
    // reads its title, and Space still plays and pauses (the panel is not a button).
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let idle = document.active_element().is_none_or(|e| {
                e.tag_name().eq_ignore_ascii_case("body")
                    || e.matches(".start-here").unwrap_or(false)
            });
            if idle && let Some(panel) = panel.cast::<web_sys::HtmlElement>() {
                let _ = panel.focus();
            }
        });
    }
    let words = match STEPS[step].2 {
        Text::TourPlay if props.playing => Text::TourPlaying,
        text => text,
    };
    // "(or Space)" only where there is a keyboard: a fine pointer that hovers, not a phone.
    let keyboard = crate::ui::hooks::use_media_query("(hover: hover) and (pointer: fine)");
    // (English sets the aside off with a space; Chinese full-width brackets need none.)
    let space = match (keyboard, lang) {
        (false, _) => String::new(),
        (true, Lang::En) => format!(" {}", Text::TourSpaceKey.get(lang)),
        (true, _) => Text::TourSpaceKey.get(lang).to_string(),
    };
    let counter = Text::TourStep.fill(lang, &["n", "total"], &[&(step + 1), &STEPS.len()]);
    el("aside")
        .class(if props.folded { "tour folded" } else { "tour" })
        .node_ref(panel)
        .attr("tabindex", "-1")
        .attr("aria-labelledby", "tour-title")
        .child(
            el("h2")
                .attr("id", "tour-title")
                .text(Text::TourLabel.get(lang))
                .child(el("span").class("clock").text(counter)),
        )
        .child(
            el("p")
                .attr("aria-live", "polite")
                .text(words.fill(lang, &["space"], &[&space])),
        )
        .child(
            el("div")
                .class("buttons")
                .child(
                    el("button")
                        .attr("type", "button")
                        .flag("disabled", step == 0)
                        .onclick(go(step.saturating_sub(1)))
                        .text(Text::TourBack.get(lang)),
                )
                .child(if last {
                    el("button")
                        .attr("type", "button")
                        .class("primary")
                        .onclick(close.clone())
                        .text(Text::TourDone.get(lang))
                } else {
                    el("button")
                        .attr("type", "button")
                        .class("primary")
                        .onclick(go(step + 1))
                        .text(Text::TourNext.get(lang))
                })
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("close")
                        .attr("aria-label", Text::TourClose.get(lang))
                        .onclick(close)
                        .text("×"),
                ),
        )
        .done()
}

/// Bring a step's target into view (below the sticky bar, which the style sheet leaves room
/// for), unless its top is already in the upper part of the screen: the first screen's parts
/// are in sight as they are, and scrolling them up would put the tour over the picture. The
/// parts above a target far down may still be drawn (the later module), pushing it down behind
/// the tour on a phone: the check runs again a few times over 1.5 s.
pub fn show_step(step: usize) {
    bring(step);
    for ms in [300, 800, 1500] {
        gloo::timers::callback::Timeout::new(ms, move || bring(step)).forget();
    }
}

/// `show_step`'s one look.
fn bring(step: usize) {
    let document = gloo::utils::document();
    if let Some((_, selector, _)) = STEPS.get(step)
        && let Ok(Some(target)) = document.query_selector(selector)
    {
        let top = target.get_bounding_client_rect().top();
        let screen = gloo::utils::window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        // In sight means below the run bar (and the tour, its second line on a wide screen):
        // a target that slid up behind them as the parts above it were drawn is brought down.
        let clear = document
            .query_selector(".runbar")
            .ok()
            .flatten()
            .filter(|bar| !bar.is_same_node(Some(&target)))
            .map_or(0.0, |bar| bar.get_bounding_client_rect().bottom().max(0.0));
        if !(clear..=screen * 0.6).contains(&top) {
            target.scroll_into_view();
        }
    }
}

/// Once the tour is gone: if the keyboard's focus went with it (it was on "Done" or "Close"),
/// it goes to Play, where the tour began, not to the page's start.
fn keep_focus_on_page() {
    refocus_if_lost(|document| document.query_selector("[data-space]").ok().flatten());
}
