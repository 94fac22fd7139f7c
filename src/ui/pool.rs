//! The server pool as SVG ("Server pool"): each server's weight, status in words as well as
//! colour, connections against max_connections with a load bar, average and p95 response time,
//! requests and share against the share its weight would give. A server is a button: activating
//! it opens its editor.

use std::rc::Rc;

use yew::prelude::*;

use super::decimal;
use super::snapshot::{ServerRow, server_colour};
use crate::engine::Status;

#[derive(Properties, PartialEq)]
pub struct PoolProps {
    pub servers: Rc<Vec<ServerRow>>,
    /// Cards per row.
    pub columns: usize,
    pub editing: Option<usize>,
    pub on_select: Callback<usize>,
}

// The card's size (its markup spells these out: 210 wide, 138 high, text ending at W - 10, the
// bar W - 24 long from 12).
const W: f64 = 210.0;
const H: f64 = 138.0;
const GAP: f64 = 10.0;

/// A server's state in words (see [`super::snapshot::status_words`]).
pub fn status_words(s: &ServerRow) -> String {
    super::snapshot::status_words(s.in_pool, s.status, s.draining, s.weight)
}

pub fn ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 100.0 => format!("{v:.0} ms"),
        Some(v) => format!("{v:.1} ms"),
        None => "–".into(),
    }
}

pub fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

#[component]
pub fn ServerPool(props: &PoolProps) -> Html {
    let n = props.servers.len().max(1);
    let cols = props.columns.clamp(1, n);
    let rows = n.div_ceil(cols);
    let width = cols as f64 * (W + GAP) + GAP;
    let height = rows as f64 * (H + GAP) + GAP;
    // The load bar's full length: the largest of the capacities and connections in view, so the
    // bars compare servers with each other.
    let scale = props
        .servers
        .iter()
        .map(|s| s.connections.max(s.capacity))
        .max()
        .unwrap_or(1)
        .max(4) as f64;
    html! {
        <svg class="pool-svg" role="group" aria-label="Server pool" viewBox={format!("0 0 {width} {height}")}
            style={format!("max-width:{}px", (width * 1.15) as u32)}>
            { for props.servers.iter().map(|s| {
                let col = s.index % cols;
                let row = s.index / cols;
                let x = GAP + col as f64 * (W + GAP);
                let y = GAP + row as f64 * (H + GAP);
                let words = status_words(s);
                let grey = !s.eligible;
                let class = classes!(
                    "server",
                    format!("status-{}", s.status.as_str()),
                    grey.then_some("ineligible"),
                    s.draining.then_some("draining"),
                    (props.editing == Some(s.index)).then_some("editing"),
                );
                let label = format!(
                    "{}: {words}, weight {}, {} of {} connections, {} requests, share {} (expected {}). Edit",
                    s.id, s.weight, s.connections, s.max_connections, s.requests, pct(s.share), pct(s.expected_share)
                );
                let select = {
                    let cb = props.on_select.clone();
                    let i = s.index;
                    Callback::from(move |_: MouseEvent| cb.emit(i))
                };
                let key = {
                    let cb = props.on_select.clone();
                    let i = s.index;
                    Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Enter" || e.key() == " " {
                            e.prevent_default();
                            cb.emit(i);
                        }
                    })
                };
                let fill = (f64::from(s.connections) / scale).min(1.0) * (W - 24.0);
                let cap = (s.capacity > 0).then(|| (f64::from(s.capacity) / scale).min(1.0) * (W - 24.0));
                let status_mark = match (s.in_pool, s.status) {
                    (false, _) => "◌",
                    (_, Status::Healthy) if s.draining => "◐",
                    (_, Status::Healthy) => "●",
                    (_, Status::Unhealthy) => "✕",
                    (_, Status::Overloaded) => "▲",
                    (_, Status::Maintenance) => "■",
                };
                html! {
                    <g key={s.id.clone()} class={class} transform={format!("translate({x},{y})")}
                        role="button" tabindex="0" aria-label={label} onclick={select} onkeydown={key}>
                        <rect class="card" width="210" height="138" rx="8" />
                        <rect x="0" y="0" width="6" height="138" rx="3" fill={server_colour(s.index)} />
                        <text x="16" y="21" class="name">{ &s.id }</text>
                        <text x="200" y="21" text-anchor="end" class="weight">{ format!("weight {}", s.weight) }</text>
                        <text x="16" y="41" class="status">{ format!("{status_mark} {words}") }</text>
                        <text x="16" y="61">{ format!("conn {} / {}", s.connections, s.max_connections) }</text>
                        <rect class="bar-track" x="12" y="67" width="186" height="7" rx="3" />
                        <rect class="bar-fill" x="12" y="67" width={decimal::fixed(fill, 1)} height="7" rx="3" />
                        if let Some(c) = cap {
                            <line class="bar-cap" x1={decimal::fixed(12.0 + c, 1)} x2={decimal::fixed(12.0 + c, 1)} y1="64" y2="77" />
                        }
                        <text x="16" y="93">{ format!("avg {} · p95 {}", ms(s.avg_ms), ms(s.p95_ms)) }</text>
                        <text x="16" y="112">{ format!("{} requests · {}", s.requests, pct(s.share)) }</text>
                        <text x="16" y="129" class="muted">{ format!("expected {} by weight", pct(s.expected_share)) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
