//! What the hash ring shows, in words, and who owns how much of it.

use std::rc::Rc;

use yew::prelude::*;

use super::dom::{el, frag};
use super::ring::id_of;
use super::snapshot::{RingShape, ServerLabel, server_colour};

#[derive(Properties, PartialEq)]
pub struct RingLegendProps {
    pub shape: Rc<RingShape>,
    pub servers: Rc<Vec<ServerLabel>>,
}

fn owners(servers: &[ServerLabel], owned: &[(usize, usize, u32)], unit: &str, of: &str) -> Html {
    el("ul")
        .class("legend owners")
        .children(owned.iter().map(|&(o, n, bp)| {
            el("li")
                .child(
                    el("span")
                        .attr("style", format!("background:{}", server_colour(o)))
                        .class("swatch"),
                )
                .text(format!(
                    "{}: {n} {unit}, {:.1}% {of}",
                    id_of(servers, o),
                    bp as f64 / 100.0
                ))
                .done()
        }))
        .done()
}

/// The paragraph the ring's drawing is described by.
#[inline(never)]
fn label(text: String) -> Html {
    el("p")
        .attr("id", "ring-label")
        .class("muted")
        .text(text)
        .done()
}

#[component]
pub fn RingLegend(props: &RingLegendProps) -> Html {
    match &*props.shape {
        RingShape::None { reason } => label(reason.clone()),
        RingShape::Ring {
            label: l, owned, ..
        } => frag([
            label(format!(
                "{l}. A key's owner is the first point clockwise of its hash."
            )),
            owners(&props.servers, owned, "points", "of the circle"),
        ]),
        RingShape::Maglev {
            table_size,
            columns,
            owned,
            ..
        } => frag([
            label(format!(
                "Maglev's lookup table: {table_size} slots, each owned by one server ({columns} evenly spaced slots drawn). A key's owner is the owner of slot hash mod {table_size}: one lookup."
            )),
            owners(&props.servers, owned, "slots", "of the table"),
        ]),
    }
}
