//! The flow's legend: each outcome's shape, colour and words, with how many are drawn now.

use yew::prelude::*;

use super::motion::{Fate, shape};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// Drawn requests by outcome (refreshed with the snapshot, not every frame).
    pub counts: [u32; 6],
    /// One request in this many is drawn.
    pub sample_every: u64,
    pub in_flight: u64,
}

#[component]
pub fn FlowLegend(props: &LegendProps) -> Html {
    let counts = props.counts;
    html! {
        <div class="flow-legend">
            <ul class="legend">
                { for Fate::ALL.iter().map(|&fate| {
                    let mut d = String::new();
                    shape(&mut d, fate, 8.0, 8.0, 5.0);
                    html! {
                        <li>
                            <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path class={classes!("tok", fate.class())} d={d} /></svg>
                            { format!("{} {}", fate.label(), counts[fate as usize]) }
                        </li>
                    }
                }) }
                <li><svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><circle class="pulse pass" cx="8" cy="8" r="5" /></svg>{ "probe passed" }</li>
                <li><svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><circle class="pulse fail" cx="8" cy="8" r="5" /></svg>{ "probe failed" }</li>
            </ul>
            <p class="muted small">
                { format!("{} requests in flight in the simulation", props.in_flight) }
                { if props.sample_every > 1 { format!("; one in {} drawn", props.sample_every) } else { String::new() } }
                { ". A request shrinks as its server works on it." }
            </p>
        </div>
    }
}
