//! What the hash ring shows, in words, and who owns how much of it.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::snapshot::{RingShape, ServerLabel, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::ui::views::ring::id_of;
use crate::ui::widgets::dom::{el, frag};

#[derive(Properties, PartialEq)]
pub struct RingLegendProps {
    pub shape: Rc<RingShape>,
    pub servers: Rc<Vec<ServerLabel>>,
    pub lang: Lang,
}

fn owners(servers: &[ServerLabel], owned: &[(usize, usize, u32)], words: Text, lang: Lang) -> Html {
    el("ul")
        .class("legend owners")
        .children(owned.iter().map(|&(o, n, bp)| {
            el("li")
                .child(
                    el("span")
                        .attr("style", format!("background:{}", server_colour(o)))
                        .class("swatch"),
                )
                .text(
                    if n == 1 && words == Text::RingOwnerPoints {
                        Text::RingOwnerPoint
                    } else {
                        words
                    }
                    .fill(
                        lang,
                        &["server", "count", "percent"],
                        &[&id_of(servers, o), &n, &format!("{:.1}", bp as f64 / 100.0)],
                    ),
                )
                .done()
        }))
        .done()
}

/// The paragraph the ring's drawing is described by.
fn label(text: String) -> Html {
    el("p")
        .attr("id", "ring-label")
        .class("muted")
        .text(text)
        .done()
}

#[component]
pub fn RingLegend(props: &RingLegendProps) -> Html {
    let lang = props.lang;
    match &*props.shape {
        RingShape::None { reason } => label(reason.words(lang)),
        RingShape::Ring {
            label: l, owned, ..
        } => frag([
            label(Text::RingOwnerRule.fill(lang, &["label"], &[&l.words(lang)])),
            owners(&props.servers, owned, Text::RingOwnerPoints, lang),
            // (`owners` says "1 point", not "1 points", for a server with one point.)
        ]),
        RingShape::Maglev {
            table_size,
            columns,
            owned,
            ..
        } => frag([
            label(Text::MaglevLabel.fill(lang, &["size", "columns"], &[&table_size, &columns])),
            owners(&props.servers, owned, Text::RingOwnerSlots, lang),
        ]),
    }
}
