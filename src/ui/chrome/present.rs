//! Presentation mode, for a lecture room: one view fills the screen in large type (the page
//! asks the browser for full screen too, where it may), with the run buttons and a choice of
//! view and of strategy above it. "Present" or F enters, Esc (or "Leave presentation", or
//! leaving full screen) leaves.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::share::permalink::View;
use crate::ui::widgets::dom::{El, el};

/// The views a presentation may show, in the order the select lists them.
pub const VIEWS: [View; 7] = [
    View::Flow,
    View::Ring,
    View::Pool,
    View::Table,
    View::Compare,
    View::Lookup,
    View::Sweep,
];

/// A view's name in the select.
fn view_name(view: View, lang: Lang) -> &'static str {
    match view {
        View::Flow => Text::NavFlow,
        View::Ring => Text::NavRing,
        View::Pool => Text::NavPool,
        View::Table => Text::NavTables,
        View::Compare => Text::Compare,
        View::Lookup => Text::Lookup,
        View::Sweep => Text::LoadSweep,
    }
    .get(lang)
}

/// Ask for full screen (a projector's whole screen); refused quietly where the browser will not.
pub fn enter_full_screen() {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Leave full screen if the page is in it.
pub fn leave_full_screen() {
    let document = gloo::utils::document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// F enters or leaves, Esc leaves (not while typing in a field); leaving the browser's full
/// screen (its own Esc) leaves too. `present` is the view shown, `last` the one F brings back.
#[hook]
pub fn use_present_keys(present: UseStateHandle<Option<View>>, last: View) {
    let current = use_mut_ref(|| (None, View::Flow));
    *current.borrow_mut() = (*present, last);
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let keys = {
            let (present, current) = (present.clone(), current.clone());
            EventListener::new_with_options(
                &document,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    // F is a letter a field may want; Esc leaves from a select too (the
                    // presentation's own view and strategy pickers), not from a text field.
                    let key = e.key();
                    if typing(e, key != "Escape") {
                        return;
                    }
                    let (now, last) = *current.borrow();
                    match (key.as_str(), now) {
                        ("f" | "F", None) => {
                            e.prevent_default();
                            enter_full_screen();
                            present.set(Some(last));
                        }
                        ("f" | "F", Some(_)) | ("Escape", Some(_)) => {
                            e.prevent_default();
                            leave_full_screen();
                            present.set(None);
                        }
                        _ => {}
                    }
                },
            )
        };
        // Full screen entered, then left by the browser's own Esc: the presentation ends too.
        let was_full = Rc::new(Cell::new(false));
        let screen = EventListener::new(&document, "fullscreenchange", move |_| {
            let full = gloo::utils::document().fullscreen_element().is_some();
            if was_full.replace(full) && !full {
                present.set(None);
            }
        });
        move || drop((keys, screen))
    });
}

/// Is the key meant for a field the reader is typing in (or, with `selects`, choosing in)?
fn typing(e: &KeyboardEvent, selects: bool) -> bool {
    let target: Option<Element> = e.target().and_then(|t| t.dyn_into().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_uppercase())
        .unwrap_or_default();
    let editable = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlElement>())
        .is_some_and(|h| h.is_content_editable());
    editable || matches!(tag.as_str(), "INPUT" | "TEXTAREA") || (selects && tag == "SELECT")
}

/// "Present" (outside a presentation) or, inside, the view select, `strategy` (the Strategy
/// picker: a teacher switches strategy without leaving the presentation) and "Leave
/// presentation".
pub fn present_tools(
    present: &UseStateHandle<Option<View>>,
    last: &UseStateHandle<View>,
    strategy: Html,
    lang: Lang,
) -> El {
    let Some(view) = **present else {
        let (present, last) = (present.clone(), **last);
        return el("button")
            .attr("type", "button")
            .class("present")
            .attr("aria-keyshortcuts", "F")
            .onclick(Callback::from(move |_| {
                enter_full_screen();
                present.set(Some(last));
            }))
            .text(Text::Present.get(lang));
    };
    let on_view = {
        let (present, last) = (present.clone(), last.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let view = View::from_name(&select.value()).unwrap_or(View::Flow);
            last.set(view);
            present.set(Some(view));
        })
    };
    let leave = {
        let present = present.clone();
        Callback::from(move |_| {
            leave_full_screen();
            present.set(None);
        })
    };
    el("div")
        .class("present-tools")
        .child(
            el("label")
                .attr("for", "present-view")
                .text(Text::PresentView.get(lang)),
        )
        .child(
            el("select")
                .attr("id", "present-view")
                .onchange(on_view)
                .children(VIEWS.iter().map(|&v| {
                    el("option")
                        .attr("value", v.name())
                        .flag("selected", v == view)
                        .text(view_name(v, lang))
                        .done()
                })),
        )
        .child(strategy)
        .child(
            el("button")
                .attr("type", "button")
                .attr("aria-keyshortcuts", "Escape")
                .onclick(leave)
                .text(Text::PresentLeave.get(lang)),
        )
        .child(
            el("span")
                .class("muted small")
                .text(Text::PresentKeys.get(lang)),
        )
}
