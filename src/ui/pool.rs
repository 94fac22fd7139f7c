//! The server pool as SVG: each server with its weight, status (in words as well as colour),
//! connections and the requests it received.

use yew::prelude::*;

use super::state::Playground;
use crate::engine::Status;

#[derive(Properties, PartialEq)]
pub struct PoolProps {
    pub model: UseReducerHandle<Playground>,
    pub on_toggle: Callback<usize>,
}

#[component]
pub fn PoolView(props: &PoolProps) -> Html {
    let pool = props.model.balancer.pool();
    let chosen = props.model.last.as_ref().and_then(|l| l.server);
    let width = 140.0 * pool.len().max(1) as f64;
    html! {
        <section class="pool">
            <h2>{ "Server pool" }</h2>
            <svg role="img" aria-label="Server pool" viewBox={format!("0 0 {width} 110")}>
                { for pool.servers().iter().enumerate().map(|(i, s)| {
                    let x = 10.0 + 140.0 * i as f64;
                    let class = classes!("server", s.status.as_str(), (chosen == Some(i)).then_some("chosen"));
                    html! {
                        <g class={class} transform={format!("translate({x},10)")}>
                            <rect width="120" height="90" rx="8" />
                            <text x="60" y="22" text-anchor="middle" class="name">{ &s.id }</text>
                            <text x="60" y="42" text-anchor="middle">{ format!("weight {}", s.weight) }</text>
                            <text x="60" y="60" text-anchor="middle">{ s.status.as_str() }</text>
                            <text x="60" y="78" text-anchor="middle">{ format!("{} requests", props.model.received.get(i).copied().unwrap_or(0)) }</text>
                        </g>
                    }
                }) }
            </svg>
            <div class="server-buttons">
                { for pool.servers().iter().enumerate().map(|(i, s)| {
                    let on_toggle = props.on_toggle.clone();
                    let label = if s.status == Status::Healthy { format!("Crash {}", s.id) } else { format!("Recover {}", s.id) };
                    html! { <button onclick={Callback::from(move |_| on_toggle.emit(i))}>{ label }</button> }
                }) }
            </div>
        </section>
    }
}
