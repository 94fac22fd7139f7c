//! The compare view: two to four strategies run on the very same requests (the simulator's
//! compare mode: same arrivals, same server behaviour, same live actions at the same moments),
//! side by side.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dom::{button, el, frag};

use super::live::CompareResult;
use super::pool::pct;
use super::settings::Note;
use super::snapshot::server_colour;
use super::tables::{cells, fixed, head, row_head, scroll_table};
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

/// The codes of `defaults`, padded with empty choices to four.
fn codes(defaults: &[(StrategyKind, Variant)]) -> Vec<String> {
    let mut v: Vec<String> = defaults.iter().map(|&(k, var)| code(k, var)).collect();
    v.resize(4, String::new());
    v
}

/// What a picker offers: (code, label), every strategy, then those with the seed's code.
fn options() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for k in StrategyKind::ALL {
        v.push((code(k, Variant::Corrected), k.name().to_string()));
    }
    for k in StrategyKind::ALL {
        if k.has_seed_variant() {
            let mut label = k.name().to_string();
            label.push_str(" (the seed's code)");
            v.push((code(k, Variant::Seed), label));
        }
    }
    v
}

const PICKER_IDS: [&str; 4] = ["compare-1", "compare-2", "compare-3", "compare-4"];
const PICKER_LABELS: [&str; 4] = ["Strategy A", "Strategy B", "Strategy C", "Strategy D"];

/// Picker `i`: a labelled select of the strategies.
#[inline(never)]
fn picker(i: usize, choices: &UseStateHandle<Vec<String>>, options: &[(String, String)]) -> Html {
    let onchange = {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let mut v = (*choices).clone();
            v[i] = s.value();
            choices.set(v);
        })
    };
    let chosen = &choices[i];
    let mut select = el("select")
        .attr("id", PICKER_IDS[i])
        .onchange(onchange)
        .child(
            el("option")
                .attr("value", "")
                .flag("selected", chosen.is_empty())
                .text("(none)"),
        );
    for (v, l) in options {
        select = select.child(
            el("option")
                .attr("value", v.clone())
                .flag("selected", chosen == v)
                .text(l.clone()),
        );
    }
    el("div")
        .class("field")
        .child(
            el("label")
                .attr("for", PICKER_IDS[i])
                .text(PICKER_LABELS[i]),
        )
        .child(select)
        .done()
}

#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let choices = use_state(|| codes(&props.defaults));
    {
        let choices = choices.clone();
        let defaults = props.defaults.clone();
        let run = props.auto.then(|| props.on_run.clone());
        use_effect_with(defaults, move |d| {
            let v = codes(d);
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
    let options = options();
    let pickers = (0..4).map(|i| picker(i, &choices, &options));
    let mut parts = vec![
        el("p").class("muted").text("Run strategies on the very same requests: the current preset and settings, with the servers' behaviour and your live actions at the same moments.").done(),
        el("div")
            .class("compare-pickers")
            .children(pickers)
            .child(button("Run compare", run, false).class("primary"))
            .done(),
    ];
    if let Some(e) = &props.error {
        parts.push(
            el("p")
                .class("note")
                .attr("role", "status")
                .text(e.text.clone())
                .done(),
        );
    }
    if let Some(r) = &props.result {
        parts.push(results(r));
    }
    frag(parts)
}

/// A result row's share bar: a segment per server, named by every server's share.
#[inline(never)]
fn share_bar(servers: &[String], shares: &[(f64, f64)]) -> Html {
    let mut label = String::new();
    for (i, (id, s)) in servers.iter().zip(shares).enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        label.push_str(id);
        label.push(' ');
        label.push_str(&pct(s.0));
    }
    let mut bar = el("span")
        .class("sharebar")
        .attr("role", "img")
        .attr("aria-label", label);
    for (i, s) in shares.iter().enumerate() {
        let mut style = String::from("width:");
        super::decimal::push(&mut style, 100.0 * s.0, 2);
        style.push_str("%;background:");
        style.push_str(&server_colour(i));
        bar = bar.child(el("span").attr("style", style));
    }
    el("td").class("shares").child(bar).done()
}

/// The results table: a row per strategy.
#[inline(never)]
fn results(r: &CompareResult) -> Html {
    let rows = r
        .rows
        .iter()
        .map(|row| {
            cells(
                el("tr").child(row_head(row.strategy.clone())),
                &mut [
                    pct(row.availability),
                    fixed(row.p50, 1, " ms"),
                    fixed(row.p95, 1, " ms"),
                    fixed(row.p99, 1, " ms"),
                    fixed(row.jain, 3, ""),
                    row.retries.to_string(),
                    row.peak_connections.to_string(),
                    row.cache_hit_rate.map_or("–".into(), pct),
                ],
            )
            .child(share_bar(&r.servers, &row.shares))
            .done()
        })
        .collect();
    scroll_table(
        el("table")
            .class("compare")
            .attr("aria-label", "Compare results"),
        super::dom::text(format!(
            "{} requests each, simulated in {}",
            r.requests,
            fixed(r.elapsed_ms, 0, " ms")
        )),
        head(&[
            "strategy",
            "availability",
            "p50",
            "p95",
            "p99",
            "Jain",
            "retries",
            "peak in flight",
            "cache hits",
            "share by server",
        ]),
        rows,
    )
}
