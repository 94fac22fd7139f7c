//! The hash ring ("Hash ring"): every point at its hash position, coloured by its owner, drawn
//! as one path of radial ticks per owner so thousands of points cost a handful of elements; for
//! maglev, the lookup table as a strip. Read from the engine's own ring and table, never rebuilt
//! here. The moving lookups are drawn over it by [`super::ring_overlay::RingOverlay`], the owners
//! listed under it by [`super::ring_legend::RingLegend`].

use std::rc::Rc;

use yew::prelude::*;

use super::decimal::fixed;
use super::snapshot::{RingShape, ServerLabel, server_colour};

#[derive(Properties, PartialEq)]
pub struct RingProps {
    pub shape: Rc<RingShape>,
    pub servers: Rc<Vec<ServerLabel>>,
}

pub fn id_of(servers: &[ServerLabel], i: usize) -> String {
    servers
        .get(i)
        .map_or_else(|| format!("#{i}"), |s| s.id.clone())
}

#[component]
pub fn RingView(props: &RingProps) -> Html {
    match &*props.shape {
        RingShape::None { .. } => html! {
            <svg class="ring-svg" role="img" aria-label="Hash ring" aria-describedby="ring-label" viewBox="0 0 240 240">
                <circle class="ring-guide" cx="120" cy="120" r="98" />
                <text x="120" y="124" text-anchor="middle" class="muted">{ "no ring" }</text>
            </svg>
        },
        RingShape::Ring { points, paths, .. } => {
            // Thin enough that neighbouring points of different owners both show.
            let tick = fixed((500.0 / (*points).max(1) as f64).clamp(0.3, 2.0), 2);
            html! {
            <svg class="ring-svg" role="img" viewBox="0 0 240 240" aria-label="Hash ring" aria-describedby="ring-label"
                data-points={points.to_string()}>
                <circle class="ring-guide" cx="120" cy="120" r="98" />
                { for paths.iter().map(|(o, d)| html! {
                    <path class="ticks" d={d.clone()} stroke={server_colour(*o)} stroke-width={tick.clone()} data-owner={id_of(&props.servers, *o)} />
                }) }
                <text x="120" y="118" text-anchor="middle" class="ring-count">{ points.to_string() }</text>
                <text x="120" y="134" text-anchor="middle" class="muted">{ "points" }</text>
                <text x="120" y="12" text-anchor="middle" class="muted small">{ "0" }</text>
            </svg>
            }
        }
        RingShape::Maglev { columns, paths, .. } => html! {
            <svg class="maglev-svg" role="img" viewBox={format!("0 0 {columns} 64")} preserveAspectRatio="none"
                aria-label="Hash ring" aria-describedby="ring-label">
                { for paths.iter().map(|(o, d)| html! {
                    <path class="strip" d={d.clone()} stroke={server_colour(*o)} transform="translate(0 18) scale(1 30)"
                        data-owner={id_of(&props.servers, *o)} />
                }) }
            </svg>
        },
    }
}
