//! Notes beside the controls: a value clamped, a run restarted, a limit reached. Visible, and
//! announced politely.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::settings::Notice;
use crate::share::i18n::{Lang, Text};

#[derive(Properties)]
pub struct NotesProps {
    pub notes: Rc<Vec<Notice>>,
    pub on_dismiss: Callback<()>,
    pub lang: Lang,
}

/// The same notes are the same `Rc` (the state replaces it only with new notes).
impl PartialEq for NotesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.notes, &other.notes)
            && self.on_dismiss == other.on_dismiss
            && self.lang == other.lang
    }
}

#[component]
pub fn Notes(props: &NotesProps) -> Html {
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let lang = props.lang;
    html! {
        <div class="notes" role="status" aria-live="polite">
            if !props.notes.is_empty() {
                <ul>
                    { for props.notes.iter().map(|n| html! { <li class="note">{ n.message(lang) }</li> }) }
                </ul>
                <button type="button" class="small" onclick={ dismiss }>{ Text::Dismiss.get(lang) }</button>
            }
        </div>
    }
}
