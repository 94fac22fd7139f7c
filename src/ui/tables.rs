//! The distribution table ("Distribution"): per server, the requests it was sent, its share, the
//! share its weight would give, the deviation between them, and its share over the last two
//! seconds of simulated time (which falls to 0 once a crashed server is taken out).

use std::rc::Rc;

use yew::prelude::*;

use super::pool::pct;
use super::settings::SAMPLE_INTERVAL_MS;
use super::snapshot::{RECENT_SAMPLES, ServerRow};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub servers: Rc<Vec<ServerRow>>,
}

#[component]
pub fn DistributionTable(props: &TableProps) -> Html {
    let total: u64 = props.servers.iter().map(|s| s.requests).sum();
    let recent_s = RECENT_SAMPLES as f64 * SAMPLE_INTERVAL_MS / 1000.0;
    html! {
        <div class="scroll"><table class="distribution" aria-label="Distribution">
            <caption>{ "Distribution" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Server" }</th>
                    <th scope="col">{ "Requests" }</th>
                    <th scope="col">{ "Share" }</th>
                    <th scope="col">{ "Expected share" }</th>
                    <th scope="col">{ "Deviation" }</th>
                    <th scope="col">{ format!("Recent share (last {recent_s:.0} s)") }</th>
                </tr>
            </thead>
            <tbody>
                { for props.servers.iter().map(|s| html! {
                    <tr key={s.id.clone()}>
                        <th scope="row">{ &s.id }</th>
                        <td>{ s.requests }</td>
                        <td>{ pct(s.share) }</td>
                        <td>{ pct(s.expected_share) }</td>
                        <td>{ if total > 0 { format!("{:+.1} pts", 100.0 * (s.share - s.expected_share)) } else { "–".into() } }</td>
                        <td>{ s.recent_share.map_or("–".into(), pct) }</td>
                    </tr>
                }) }
            </tbody>
        </table></div>
    }
}
