//! The compare view: two to four strategies run on the very same requests (the simulator's
//! compare mode: same arrivals, same server behaviour, same live actions at the same moments),
//! side by side.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::live::CompareResult;
use super::pool::pct;
use super::settings::Note;
use super::snapshot::server_colour;
use crate::engine::{StrategyConfig, StrategyKind, Variant};
use crate::sim::report::parse_strategy;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The strategies chosen at first: the user's, then the preset's.
    pub defaults: Rc<Vec<(StrategyKind, Variant)>>,
    pub result: Option<Rc<CompareResult>>,
    pub error: Option<Note>,
    pub on_run: Callback<Vec<StrategyConfig>>,
    /// Run as soon as the strategies are known (an embedded compare view).
    #[prop_or_default]
    pub auto: bool,
}

/// The configurations for the chosen strategy codes (empty choices left out).
fn configs(choices: &[String]) -> Vec<StrategyConfig> {
    choices
        .iter()
        .filter(|c| !c.is_empty())
        .filter_map(|c| parse_strategy(c).ok())
        .collect()
}

fn code(kind: StrategyKind, variant: Variant) -> String {
    match variant {
        Variant::Corrected => kind.name().to_string(),
        Variant::Seed => format!("seed:{}", kind.name()),
    }
}

#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let initial = || {
        let mut v: Vec<String> = props
            .defaults
            .iter()
            .map(|&(k, var)| code(k, var))
            .collect();
        v.resize(4, String::new());
        v
    };
    let choices = use_state(initial);
    {
        let choices = choices.clone();
        let defaults = props.defaults.clone();
        let run = props.auto.then(|| props.on_run.clone());
        use_effect_with(defaults, move |d| {
            let mut v: Vec<String> = d.iter().map(|&(k, var)| code(k, var)).collect();
            v.resize(4, String::new());
            if let Some(run) = run {
                run.emit(configs(&v));
            }
            choices.set(v);
        });
    }
    let run = {
        let choices = choices.clone();
        let cb = props.on_run.clone();
        Callback::from(move |_: MouseEvent| cb.emit(configs(&choices)))
    };
    let options: Vec<(String, String)> = StrategyKind::ALL
        .iter()
        .map(|k| (code(*k, Variant::Corrected), k.name().to_string()))
        .chain(
            StrategyKind::ALL
                .iter()
                .filter(|k| k.has_seed_variant())
                .map(|k| {
                    (
                        code(*k, Variant::Seed),
                        format!("{} (the seed's code)", k.name()),
                    )
                }),
        )
        .collect();
    html! {
        <>
            <p class="muted">{ "Run strategies on the very same requests: the current preset and settings, with the servers' behaviour and your live actions at the same moments." }</p>
            <div class="compare-pickers">
                { for (0..4).map(|i| {
                    let onchange = {
                        let choices = choices.clone();
                        Callback::from(move |e: Event| {
                            let s: HtmlSelectElement = e.target_unchecked_into();
                            let mut v = (*choices).clone();
                            v[i] = s.value();
                            choices.set(v);
                        })
                    };
                    let id = format!("compare-{}", i + 1);
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ format!("Strategy {}", (b'A' + i as u8) as char) }</label>
                            <select id={id} {onchange}>
                                <option value="" selected={choices[i].is_empty()}>{ "(none)" }</option>
                                { for options.iter().map(|(v, l)| html! {
                                    <option value={v.clone()} selected={choices[i] == *v}>{ l.clone() }</option>
                                }) }
                            </select>
                        </div>
                    }
                }) }
                <button type="button" class="primary" onclick={run}>{ "Run compare" }</button>
            </div>
            if let Some(e) = &props.error {
                <p class="note" role="status">{ e.text.clone() }</p>
            }
            if let Some(r) = &props.result {
                <div class="scroll"><table class="compare" aria-label="Compare results">
                    <caption>{ format!("{} requests each, simulated in {:.0} ms", r.requests, r.elapsed_ms) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "strategy" }</th>
                            <th scope="col">{ "availability" }</th>
                            <th scope="col">{ "p50" }</th>
                            <th scope="col">{ "p95" }</th>
                            <th scope="col">{ "p99" }</th>
                            <th scope="col">{ "Jain" }</th>
                            <th scope="col">{ "retries" }</th>
                            <th scope="col">{ "peak in flight" }</th>
                            <th scope="col">{ "cache hits" }</th>
                            <th scope="col">{ "share by server" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for r.rows.iter().map(|row| html! {
                            <tr>
                                <th scope="row">{ &row.strategy }</th>
                                <td>{ pct(row.availability) }</td>
                                <td>{ format!("{:.1} ms", row.p50) }</td>
                                <td>{ format!("{:.1} ms", row.p95) }</td>
                                <td>{ format!("{:.1} ms", row.p99) }</td>
                                <td>{ format!("{:.3}", row.jain) }</td>
                                <td>{ row.retries }</td>
                                <td>{ row.peak_connections }</td>
                                <td>{ row.cache_hit_rate.map_or("–".into(), pct) }</td>
                                <td class="shares">
                                    <span class="sharebar" role="img" aria-label={
                                        r.servers.iter().zip(&row.shares).map(|(id, s)| format!("{id} {}", pct(s.0))).collect::<Vec<_>>().join(", ")
                                    }>
                                        { for row.shares.iter().enumerate().map(|(i, s)| html! {
                                            <span style={format!("width:{:.2}%;background:{}", 100.0 * s.0, server_colour(i))}></span>
                                        }) }
                                    </span>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
            }
        </>
    }
}
