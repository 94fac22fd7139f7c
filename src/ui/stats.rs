//! The statistics panel: the seed's `get_stats()` field for field (its `server_details` as a
//! table), then what the simulator measures beyond it, with the seed's three goals.

use std::rc::Rc;

use yew::prelude::*;

use super::pool::pct;
use super::snapshot::{DetailRow, Totals};

#[derive(Properties, PartialEq)]
pub struct StatsProps {
    pub totals: Rc<Totals>,
    pub details: Rc<Vec<DetailRow>>,
}

const OUTCOMES: [&str; 7] = [
    "ok",
    "error (500)",
    "refused (502)",
    "reset (502)",
    "timeout (504)",
    "no server (503)",
    "seed's code raised",
];

#[component]
pub fn SeedStatsPanel(props: &StatsProps) -> Html {
    let t = &props.totals;
    let field = |name: &'static str, value: String| {
        html! {
            <div class="kv"><dt><code>{ name }</code></dt><dd>{ value }</dd></div>
        }
    };
    html! {
        <>
            <h3>{ "The seed's get_stats()" }</h3>
            <dl class="stats" aria-label="get_stats">
                { field("total_requests", t.total_requests.to_string()) }
                { field("successful_requests", t.successful_requests.to_string()) }
                { field("failed_requests", t.failed_requests.to_string()) }
                { field("average_response_time", format!("{:.4} s", t.average_response_time)) }
                { field("total_servers", t.total_servers.to_string()) }
                { field("healthy_servers", t.healthy_servers.to_string()) }
            </dl>
            <div class="scroll"><table class="details" aria-label="server_details">
                <caption><code>{ "server_details" }</code></caption>
                <thead>
                    <tr>
                        <th scope="col">{ "id" }</th>
                        <th scope="col">{ "endpoint" }</th>
                        <th scope="col">{ "status" }</th>
                        <th scope="col">{ "current_connections" }</th>
                        <th scope="col">{ "average_response_time" }</th>
                        <th scope="col">{ "connection_utilization" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.details.iter().map(|d| html! {
                        <tr>
                            <th scope="row">{ &d.id }</th>
                            <td>{ &d.endpoint }</td>
                            <td>{ d.status.as_str() }</td>
                            <td>{ d.current_connections }</td>
                            <td>{ format!("{:.4} s", d.average_response_time) }</td>
                            <td>{ pct(d.connection_utilization) }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            <h3>{ "Beyond the seed" }</h3>
            <dl class="stats" aria-label="Run statistics">
                { field("simulated time", format!("{:.1} s", t.t_ms / 1000.0)) }
                { field("availability", pct(t.availability)) }
                { field("latency p50 / p95 / p99 / max", format!("{:.1} / {:.1} / {:.1} / {:.1} ms", t.p50, t.p95, t.p99, t.max)) }
                { field("in flight", t.in_flight.to_string()) }
                { field("attempts / retries", format!("{} / {}", t.attempts, t.retries)) }
                { field("Jain's fairness (by weight)", format!("{:.3}", t.jain)) }
                { field("request spread max − min", t.request_spread.to_string()) }
            </dl>
            <p class="muted small">
                { "Outcomes: " }
                { OUTCOMES.iter().zip(t.outcomes.iter()).filter(|(_, n)| **n > 0).map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(" · ") }
            </p>
            <p class="muted small">
                { "The seed's goals: spread |load(sᵢ) − load(sⱼ)| < ε (above, as max − min requests); minimise total response time (mean " }
                { format!("{:.1} ms", t.average_response_time * 1000.0) }
                { "); maximise availability (" }{ pct(t.availability) }{ ")." }
            </p>
        </>
    }
}
