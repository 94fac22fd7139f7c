//! The hash ring ("Hash ring"): every point at its hash position, coloured by its owner, drawn
//! as one path of radial ticks per owner so thousands of points cost a handful of elements; for
//! maglev, the lookup table as a strip. Read from the engine's own ring and table, never rebuilt
//! here. The moving lookups are drawn over it by [`crate::ui::views::ring::overlay::RingOverlay`], the owners
//! listed under it by [`crate::ui::views::ring::legend::RingLegend`].

pub mod legend;
pub mod overlay;

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::fixed;
use crate::playground::snapshot::{RingShape, ServerLabel, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::{El, el, frag};

#[derive(Properties, PartialEq)]
pub struct RingProps {
    pub shape: Rc<RingShape>,
    pub servers: Rc<Vec<ServerLabel>>,
    pub lang: Lang,
}

pub fn id_of(servers: &[ServerLabel], i: usize) -> String {
    servers
        .get(i)
        .map_or_else(|| format!("#{i}"), |s| s.id.clone())
}

/// The drawing's `<svg>`, named "Hash ring" and described by the legend's label.
fn svg(class: &'static str, view_box: String, lang: Lang) -> El {
    el("svg")
        .attr("role", "img")
        .attr("viewBox", view_box)
        .attr("aria-label", Text::HashRing.get(lang))
        .attr("aria-describedby", "ring-label")
        .class(class)
}

/// Centred text at (120, `y`).
fn centred(y: &'static str, class: &'static str, text: String) -> Html {
    el("text")
        .attr("x", "120")
        .attr("y", y)
        .attr("text-anchor", "middle")
        .class(class)
        .text(text)
        .done()
}

/// The circle the points sit on.
fn guide() -> Html {
    el("circle")
        .attr("cx", "120")
        .attr("cy", "120")
        .attr("r", "98")
        .class("ring-guide")
        .done()
}

/// One owner's path.
fn owner_path(class: &'static str, servers: &[ServerLabel], o: usize, d: &str) -> El {
    el("path")
        .attr("d", d.to_string())
        .attr("stroke", server_colour(o))
        .attr("data-owner", id_of(servers, o))
        .class(class)
}

#[component]
pub fn RingView(props: &RingProps) -> Html {
    let lang = props.lang;
    match &*props.shape {
        RingShape::None { .. } => svg("ring-svg", "0 0 240 240".into(), lang)
            .child(guide())
            .child(centred("124", "muted", Text::NoRingWord.get(lang).into()))
            .done(),
        RingShape::Ring { points, paths, .. } => {
            // Thin enough that neighbouring points of different owners both show.
            let tick = fixed((500.0 / (*points).max(1) as f64).clamp(0.3, 2.0), 2);
            svg("ring-svg", "0 0 240 240".into(), lang)
                .attr("data-points", points.to_string())
                .child(guide())
                .child(frag(paths.iter().map(|(o, d)| {
                    owner_path("ticks", &props.servers, *o, d)
                        .attr("stroke-width", tick.clone())
                        .done()
                })))
                .child(centred("118", "ring-count", points.to_string()))
                .child(centred(
                    "134",
                    "muted",
                    if *points == 1 {
                        Text::RingPointWord
                    } else {
                        Text::RingPointsWord
                    }
                    .get(lang)
                    .into(),
                ))
                .child(centred("12", "muted small", "0".into()))
                .done()
        }
        RingShape::Maglev { columns, paths, .. } => {
            svg("maglev-svg", format!("0 0 {columns} 64"), lang)
                .attr("preserveAspectRatio", "none")
                .children(paths.iter().map(|(o, d)| {
                    owner_path("strip", &props.servers, *o, d)
                        .attr("transform", "translate(0 18) scale(1 30)")
                        .done()
                }))
                .done()
        }
    }
}
