//! What the hash ring shows, in words, and who owns how much of it.

use std::rc::Rc;

use yew::prelude::*;

use super::ring::id_of;
use super::snapshot::{RingShape, ServerLabel, server_colour};

#[derive(Properties, PartialEq)]
pub struct RingLegendProps {
    pub shape: Rc<RingShape>,
    pub servers: Rc<Vec<ServerLabel>>,
}

fn owners(servers: &[ServerLabel], owned: &[(usize, usize, u32)], unit: &str, of: &str) -> Html {
    html! {
        <ul class="legend owners">
            { for owned.iter().map(|&(o, n, bp)| html! {
                <li>
                    <span class="swatch" style={format!("background:{}", server_colour(o))}></span>
                    { format!("{}: {n} {unit}, {:.1}% {of}", id_of(servers, o), bp as f64 / 100.0) }
                </li>
            }) }
        </ul>
    }
}

#[component]
pub fn RingLegend(props: &RingLegendProps) -> Html {
    match &*props.shape {
        RingShape::None { reason } => {
            html! { <p id="ring-label" class="muted">{ reason.clone() }</p> }
        }
        RingShape::Ring { label, owned, .. } => html! {
            <>
                <p id="ring-label" class="muted">{ format!("{label}. A key's owner is the first point clockwise of its hash.") }</p>
                { owners(&props.servers, owned, "points", "of the circle") }
            </>
        },
        RingShape::Maglev {
            table_size,
            columns,
            owned,
            ..
        } => html! {
            <>
                <p id="ring-label" class="muted">
                    { format!("Maglev's lookup table: {table_size} slots, each owned by one server ({columns} evenly spaced slots drawn). A key's owner is the owner of slot hash mod {table_size}: one lookup.") }
                </p>
                { owners(&props.servers, owned, "slots", "of the table") }
            </>
        },
    }
}
