//! Notes beside the controls: a value clamped, a run restarted, a limit reached. Visible, and
//! announced politely.

use std::rc::Rc;

use yew::prelude::*;

use super::settings::Note;

#[derive(Properties, PartialEq)]
pub struct NotesProps {
    pub notes: Rc<Vec<Note>>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn Notes(props: &NotesProps) -> Html {
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="notes" role="status" aria-live="polite">
            if !props.notes.is_empty() {
                <ul>
                    { for props.notes.iter().map(|n| html! { <li class="note">{ n.text.clone() }</li> }) }
                </ul>
                <button type="button" class="small" onclick={dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
