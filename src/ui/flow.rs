//! The request flow's fixed parts ("Request flow"): the clients, the balancer and one row per
//! server, greyed while the balancer may not pick it. The requests moving between them are drawn
//! over it by [`super::flow_tokens::FlowTokens`].

use std::rc::Rc;

use yew::prelude::*;

use super::decimal::fixed;
use super::motion::FlowLayout;
use super::snapshot::{ServerLabel, server_colour};

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub layout: FlowLayout,
    pub servers: Rc<Vec<ServerLabel>>,
    pub strategy: AttrValue,
}

#[component]
pub fn FlowView(props: &FlowProps) -> Html {
    let l = props.layout;
    let (cx, cy) = l.client;
    let (bx, by) = l.balancer;
    let font = (l.row * 0.55).clamp(10.0, 15.0);
    html! {
        <svg class="flow-svg" role="img" aria-label="Request flow" aria-describedby="flow-desc"
            viewBox={format!("0 0 {} {}", l.width, l.height)}>
            <desc id="flow-desc">{ "Requests travel from the clients to the balancer, on to the server it picks, and back; probes pulse at the servers." }</desc>
            <g class="lanes">
                <line x1={fixed(cx + 40.0, 1)} y1={fixed(cy, 1)} x2={fixed(bx - 52.0, 1)} y2={fixed(by, 1)} />
                { for props.servers.iter().map(|s| {
                    let y = l.server_y(s.index);
                    html! { <line x1={fixed(bx + 52.0, 1)} y1={fixed(by, 1)} x2={fixed(l.server_x - 12.0, 1)} y2={fixed(y, 1)} /> }
                }) }
            </g>
            <g class="node client">
                <rect x={fixed(cx - 40.0, 1)} y={fixed(cy - 22.0, 1)} width="80" height="44" rx="8" />
                <text x={fixed(cx, 1)} y={fixed(cy - 28.0, 1)} text-anchor="middle">{ "Clients" }</text>
            </g>
            <g class="node balancer">
                <rect x={fixed(bx - 52.0, 1)} y={fixed(by - 26.0, 1)} width="104" height="52" rx="8" />
                <text x={fixed(bx, 1)} y={fixed(by - 32.0, 1)} text-anchor="middle">{ "Balancer" }</text>
                <text x={fixed(bx, 1)} y={fixed(by + 4.0, 1)} text-anchor="middle" class="muted small">{ props.strategy.clone() }</text>
            </g>
            { for props.servers.iter().map(|s| {
                let y = l.server_y(s.index);
                let class = classes!("node", "srv", (!s.eligible).then_some("ineligible"), format!("status-{}", s.status.as_str()));
                html! {
                    <g class={class} key={s.id.clone()}>
                        <rect x={fixed(l.server_x - 12.0, 1)} y={fixed(y - l.row * 0.4, 1)} width={fixed(l.width - l.server_x + 4.0, 1)} height={fixed(l.row * 0.8, 1)} rx="4" />
                        <rect x={fixed(l.server_x - 12.0, 1)} y={fixed(y - l.row * 0.4, 1)} width="5" height={fixed(l.row * 0.8, 1)} fill={server_colour(s.index)} />
                        <text x={fixed(l.server_x + 18.0, 1)} y={fixed(y + font * 0.35, 1)} style={format!("font-size:{font:.0}px")}>{ &s.id }</text>
                        <text x={fixed(l.width - 14.0, 1)} y={fixed(y + font * 0.35, 1)} text-anchor="end" class="muted" style={format!("font-size:{:.0}px", font * 0.85)}>{ super::snapshot::status_words(s.in_pool, s.status, s.draining, s.weight) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}
