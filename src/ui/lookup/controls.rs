//! The lookup debugger's and churn view's controls glue: handlers that dispatch
//! [`LookupAction`]s to the shared [`LookupSettings`] reducer, and an owner's swatch.

use web_sys::{Event, EventTarget, MouseEvent};
use yew::{Callback, UseReducerHandle};

use crate::playground::lookup::settings::{LookupAction, LookupSettings};
use crate::ui::widgets::dom::{El, el};

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
