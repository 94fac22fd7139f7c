//! The About note: says once what "the tutorial" is, the Chinese tutorial on load balancing
//! Fulcrum grew from, and that Fulcrum shows its code as the tutorial wrote it next to a
//! corrected version. Folded, so it costs the first screen one line.

use yew::Html;

use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::el;

pub fn about(lang: Lang) -> Html {
    el("details")
        .class("about small")
        .attr("id", "about")
        .child(el("summary").text(Text::AboutTitle.get(lang)))
        .child(el("p").text(Text::AboutTutorial.get(lang)))
        .done()
}
