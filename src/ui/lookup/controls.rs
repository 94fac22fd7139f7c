//! The lookup debugger's and churn view's controls glue: handlers that dispatch
//! [`LookupAction`]s to the shared [`LookupSettings`] reducer, an owner's swatch, and the one
//! pool: following the playground's servers, and saying so when the pool here differs.

use web_sys::{Event, EventTarget, MouseEvent};
use yew::{
    AttrValue, Callback, Html, UseReducerDispatcher, UseReducerHandle, hook, use_effect_with,
};

use crate::playground::lookup::settings::{LookupAction, LookupSettings};
use crate::share::i18n::{Lang, LaterText};
use crate::ui::widgets::dom::{El, button, el};

/// Tell the settings the playground's servers whenever they change (they follow them unless
/// the pool was edited here).
#[hook]
pub fn use_playground_pool(
    pool: Option<AttrValue>,
    dispatcher: UseReducerDispatcher<LookupSettings>,
) {
    use_effect_with(pool, move |pool| {
        if let Some(p) = pool {
            dispatcher.dispatch(LookupAction::Playground(p.to_string()));
        }
    });
}

/// Tell the settings the playground's multi-probe k whenever it changes.
#[hook]
pub fn use_playground_k(k: Option<u32>, dispatcher: UseReducerDispatcher<LookupSettings>) {
    use_effect_with(k, move |k| {
        if let Some(k) = *k {
            dispatcher.dispatch(LookupAction::SetProbes(k));
        }
    });
}

/// Where the pool comes from: the playground's servers, or (edited here) a note that it differs
/// with a button back to them. Nothing when the debugger stands alone.
pub fn pool_origin(settings: &UseReducerHandle<LookupSettings>, lang: Lang) -> Html {
    if settings.playground.is_none() {
        return Html::default();
    }
    if settings.diverged() {
        // Say what happened here: the edits (the last three), else that the list was edited.
        let edits = &settings.edits;
        let said = if edits.is_empty() {
            LaterText::LookupPoolDiverged.get(lang).to_string()
        } else {
            let mut words: Vec<String> = edits
                .iter()
                .skip(edits.len().saturating_sub(3))
                .map(|e| super::churn::edit_text(e, lang))
                .collect();
            if edits.len() > 3 {
                words.insert(0, "…".into());
            }
            LaterText::LookupPoolChanged.fill(lang, &["edits"], &[&words.join("; ")])
        };
        el("p")
            .class("lookup-origin diverged")
            .attr("role", "status")
            .text(said)
            .text(" ")
            .child(
                button(
                    LaterText::LookupResetToPlayground.get(lang),
                    dispatch_click(settings, LookupAction::ResetToPlayground),
                    false,
                )
                .class("small"),
            )
            .done()
    } else {
        el("p")
            .class("lookup-origin")
            .attr("role", "status")
            .text(LaterText::LookupPoolFollows.get(lang))
            .done()
    }
}

/// An owner's swatch: its letter on its colour (`marker`'s class and letter).
pub fn swatch(class: String, letter: String) -> El {
    el("span").class(format!("swatch {class}")).text(letter)
}

/// A control's handler: `action` reads the event's target (the control) and says what to
/// dispatch, if anything. One closure for every control of the debugger and the churn view.
pub fn dispatch_on<E: AsRef<Event> + 'static>(
    settings: &UseReducerHandle<LookupSettings>,
    action: fn(&EventTarget) -> Option<LookupAction>,
) -> Callback<E> {
    let settings = settings.clone();
    Callback::from(move |e: E| {
        if let Some(a) = e.as_ref().target().as_ref().and_then(action) {
            settings.dispatch(a);
        }
    })
}

/// A button's handler: dispatch `action` when clicked.
pub fn dispatch_click(
    settings: &UseReducerHandle<LookupSettings>,
    action: LookupAction,
) -> Callback<MouseEvent> {
    let settings = settings.clone();
    Callback::from(move |_| settings.dispatch(action.clone()))
}
