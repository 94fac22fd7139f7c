//! "What the balancer sees": the strategy's own view of the world, live. The part specific to
//! the strategy (round robin's cursor, smooth WRR's current weights, the two candidates of power
//! of two choices and their scores, every rendezvous score...) comes from the engine's
//! explanation of the last pick; the per-server part (connections, peak EWMA, the response
//! window) from the balancer's pool.

use std::rc::Rc;

use yew::prelude::*;

use super::snapshot::{LastPick, SeenRow, server_colour};
use crate::engine::{Step, StrategyKind};

#[derive(Properties, PartialEq)]
pub struct SeenProps {
    pub kind: StrategyKind,
    pub seen: Rc<Vec<SeenRow>>,
    pub last: Option<Rc<LastPick>>,
    pub balancers: u32,
}

fn num(x: f64) -> String {
    if !x.is_finite() {
        "∞".into()
    } else if x == x.trunc() && x.abs() < 1e9 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

fn chip(last: &LastPick, pool_index: usize, class: &'static str, text: String) -> Html {
    html! {
        <span class={classes!("chip", class)} style={format!("--c:{}", server_colour(last.index(pool_index)))}>{ text }</span>
    }
}

/// Bars for a list of (pool index, score); `lower_wins` marks the lowest, else the highest.
fn bars(last: &LastPick, scores: &[(usize, f64)], chosen: Option<usize>, caption: &str) -> Html {
    let max = scores
        .iter()
        .map(|s| s.1)
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max)
        .max(1e-12);
    html! {
        <table class="bars">
            <caption>{ caption.to_string() }</caption>
            <tbody>
                { for scores.iter().map(|&(p, score)| {
                    let w = if score.is_finite() { (score / max).clamp(0.0, 1.0) * 100.0 } else { 100.0 };
                    html! {
                        <tr class={classes!((chosen == Some(p)).then_some("chosen"))}>
                            <th scope="row">{ last.name(p) }{ if chosen == Some(p) { " ✓" } else { "" } }</th>
                            <td class="bar"><span style={format!("width:{w:.1}%;background:{}", server_colour(last.index(p)))}></span></td>
                            <td>{ num(score) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// The strategy-specific part, from the last pick's steps.
fn from_steps(kind: StrategyKind, last: &LastPick, seen: &[SeenRow]) -> Html {
    let chosen = last.steps.iter().find_map(|s| match s {
        Step::Chosen { server } => Some(*server),
        _ => None,
    });
    let mut parts: Vec<Html> = Vec::new();
    let eligible: Vec<usize> = seen
        .iter()
        .enumerate()
        .filter(|(_, r)| r.eligible)
        .map(|(p, _)| p)
        .collect();
    let scores: Vec<(usize, f64)> = last
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Score { server, score } => Some((*server, *score)),
            _ => None,
        })
        .collect();
    // Beyond 16 servers a rendezvous pick may descend its tree more than once (each descent
    // starts with a Hash step): the bars show the servers of the last one.
    let mut rendezvous: Vec<(usize, f64)> = Vec::new();
    for step in &last.steps {
        match step {
            Step::Hash { .. } => rendezvous.clear(),
            Step::RendezvousScore { server, score } => rendezvous.push((*server, *score)),
            _ => {}
        }
    }
    for step in &last.steps {
        match step {
            Step::Cursor { position, of, next } => parts.push(html! {
                <div class="cursor">
                    <p>{ format!("The cursor stood at {position} of {of} and moves to {next}.") }</p>
                    <div class="chips">
                        { for eligible.iter().enumerate().map(|(k, &p)| {
                            let class = if k == *position % (*of).max(1) { "picked" } else if k == *next % (*of).max(1) { "next" } else { "" };
                            let label = match class { "picked" => format!("{} ← picked", last.name(p)), "next" => format!("{} ← next", last.name(p)), _ => last.name(p) };
                            chip(last, p, class, label)
                        }) }
                    </div>
                </div>
            }),
            Step::SmoothWeights {
                servers,
                weights,
                before,
                after,
                total,
            } => parts.push(html! {
                <div class="scroll"><table class="smooth">
                    <caption>{ format!("Smooth WRR: each adds its weight; the largest current weight is picked and gives back the total ({total})") }</caption>
                    <thead><tr><th scope="col">{ "server" }</th><th scope="col">{ "weight" }</th><th scope="col">{ "current before" }</th><th scope="col">{ "after" }</th></tr></thead>
                    <tbody>
                        { for servers.iter().enumerate().map(|(k, &p)| html! {
                            <tr class={classes!((chosen == Some(p)).then_some("chosen"))}>
                                <th scope="row">{ last.name(p) }{ if chosen == Some(p) { " ✓" } else { "" } }</th>
                                <td>{ weights.get(k).copied().unwrap_or(0) }</td>
                                <td>{ before.get(k).copied().unwrap_or(0) }</td>
                                <td>{ after.get(k).copied().unwrap_or(0) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
            }),
            Step::Candidates { servers, scores } => parts.push(bars(
                last,
                &[(servers[0], scores[0]), (servers[1], scores[1])],
                chosen,
                if kind == StrategyKind::PeakEwma {
                    "Two random candidates, scored peak EWMA × (in flight + 1); the lower wins"
                } else {
                    "Two random candidates, scored by load; the lower wins"
                },
            )),
            Step::Random { range, index } => parts.push(html! {
                <p>{ format!("A random draw: {index} out of 0..{range}.") }</p>
            }),
            Step::Modulo { hash, n, index } => parts.push(html! {
                <p>{ format!("hash 0x{hash:x} mod {n} eligible servers = {index}: position {index} of the eligible list.") }</p>
            }),
            Step::MaglevSlot {
                slot,
                table_size,
                owner,
            } => parts.push(html! {
                <p>{ format!("The key's slot: {slot} of {table_size}, owned by ") }{ chip(last, *owner, "picked", last.name(*owner)) }</p>
            }),
            Step::RingPoint {
                index,
                owner,
                wrapped,
                ..
            } => parts.push(html! {
                <p>
                    { format!("The first point clockwise of the key: #{index}{}, owned by ", if *wrapped { " (wrapped past the top)" } else { "" }) }
                    { chip(last, *owner, "picked", last.name(*owner)) }
                </p>
            }),
            Step::AtCapacity {
                server,
                load,
                capacity,
            } => parts.push(html! {
                <p>{ format!("{} is full ({load} of {capacity} in flight): the walk goes on.", last.name(*server)) }</p>
            }),
            Step::RingSkip { owner, reason, .. } => parts.push(html! {
                <p>{ format!("{} is {reason}: the walk goes past it.", last.name(*owner)) }</p>
            }),
            Step::Jump { from, to } => parts.push(html! {
                <p class="small">{ format!("jump: bucket {from} → candidate {to}") }</p>
            }),
            Step::SeedDefect { defect } => parts.push(html! {
                <p class="defect"><strong>{ "The seed's defect: " }</strong>{ defect.clone() }</p>
            }),
            _ => {}
        }
    }
    if !scores.is_empty() {
        parts.push(bars(
            last,
            &scores,
            chosen,
            "Scores considered (lower wins)",
        ));
    }
    if !rendezvous.is_empty() {
        let tree = last
            .steps
            .iter()
            .any(|s| matches!(s, Step::RendezvousNode { .. }));
        parts.push(bars(
            last,
            &rendezvous,
            chosen,
            if tree {
                "Beyond 16 servers the key descends a virtual tree: the servers of the slot group it reached, scored for this key (the highest wins)"
            } else {
                "Every server's score for this key (the highest wins)"
            },
        ));
    }
    if parts.is_empty() {
        parts.push(
            html! { <p class="muted">{ "The last pick recorded no state worth showing." }</p> },
        );
    }
    html! { <>{ for parts }</> }
}

#[component]
pub fn BalancerView(props: &SeenProps) -> Html {
    let tau_note = matches!(
        props.kind,
        StrategyKind::PeakEwma | StrategyKind::LeastResponseTime
    );
    html! {
        <>
            if props.balancers > 1 {
                <p class="muted">{ format!("Balancer 1 of {}: each keeps its own view of connections and latency.", props.balancers) }</p>
            }
            <div class="strategy-state" aria-label="The strategy's state at the last pick">
                { match &props.last {
                    Some(last) if last.server.is_some() => html! {
                        <>
                            <p class="muted small">{ format!("At the last pick (request {}):", last.request) }</p>
                            { from_steps(props.kind, last, &props.seen) }
                        </>
                    },
                    Some(_) => html! { <p>{ "Last request: no eligible server (503)." }</p> },
                    None => html! { <p class="muted">{ "No pick yet: press Play or Step." }</p> },
                } }
            </div>
            <div class="scroll"><table class="seen">
                <caption>{ "Its view of each server" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "server" }</th>
                        <th scope="col">{ "weight" }</th>
                        <th scope="col">{ "may pick" }</th>
                        <th scope="col">{ "in flight" }</th>
                        <th scope="col">{ "peak EWMA" }</th>
                        <th scope="col">{ "recent mean" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.seen.iter().map(|r| html! {
                        <tr class={classes!((!r.eligible).then_some("ineligible"))}>
                            <th scope="row"><span class="swatch" style={format!("background:{}", server_colour(r.index))}></span>{ &r.id }</th>
                            <td>{ r.weight }</td>
                            <td>{ if r.eligible { "yes" } else { "no" } }</td>
                            <td>{ r.connections }</td>
                            <td>{ r.ewma_ms.map_or("–".into(), |v| format!("{v:.1} ms")) }</td>
                            <td>{ r.window_ms.map_or("–".into(), |v| format!("{v:.1} ms ({} of {}{})", r.window_len, 100, if r.failures > 0 { format!(", {} failed", r.failures) } else { String::new() })) }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            if tau_note {
                <p class="muted small">{ "Peak EWMA jumps up to a slow response at once and decays over τ = 10 s; the recent mean is the seed's window of the last 100 responses." }</p>
            }
        </>
    }
}
