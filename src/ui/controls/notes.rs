//! Notes beside the controls: a value clamped, a run restarted, a limit reached. Visible, and
//! announced politely.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::widgets::dom::{button, el};

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
    let mut notes = el("div")
        .class("notes")
        .attr("role", "status")
        .attr("aria-live", "polite");
    if !props.notes.is_empty() {
        notes = notes
            .child(
                el("ul").children(
                    props
                        .notes
                        .iter()
                        .map(|n| el("li").class("note").text(n.message(props.lang)).done()),
                ),
            )
            .child(button(Text::Dismiss.get(props.lang), dismiss, false).class("small"));
    }
    notes.done()
}
