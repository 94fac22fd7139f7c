//! The distribution table: per server, requests received, share, the share its weight would
//! give, and the deviation between the two.

use yew::prelude::*;

use super::state::Playground;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub model: UseReducerHandle<Playground>,
}

#[component]
pub fn DistributionTable(props: &TableProps) -> Html {
    let pool = props.model.balancer.pool();
    let total: u64 = props.model.received.iter().sum();
    let weight_total: u64 = pool.servers().iter().map(|s| u64::from(s.weight)).sum();
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    html! {
        <table aria-label="Distribution">
            <caption>{ "Distribution" }</caption>
            <thead>
                <tr><th scope="col">{ "Server" }</th><th scope="col">{ "Requests" }</th><th scope="col">{ "Share" }</th><th scope="col">{ "Expected share" }</th><th scope="col">{ "Deviation" }</th></tr>
            </thead>
            <tbody>
                { for pool.servers().iter().enumerate().map(|(i, s)| {
                    let got = props.model.received.get(i).copied().unwrap_or(0);
                    let share = if total > 0 { got as f64 / total as f64 } else { 0.0 };
                    let expected = if weight_total > 0 { f64::from(s.weight) / weight_total as f64 } else { 0.0 };
                    html! {
                        <tr>
                            <th scope="row">{ &s.id }</th>
                            <td>{ got }</td>
                            <td>{ pct(share) }</td>
                            <td>{ pct(expected) }</td>
                            <td>{ if total > 0 { format!("{:+.1} pts", 100.0 * (share - expected)) } else { "–".into() } }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
