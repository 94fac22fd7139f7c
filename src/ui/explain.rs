//! The explanation: the strategy's description and cost (as the seed claims it, as the seed's
//! code really is, as Fulcrum does it, and as measured in this browser), and the last pick
//! explained step by step from the engine's own trace. The formal model with live values is
//! [`super::formal_model::FormalModel`]; the narration, [`super::narration::Narration`].

use std::rc::Rc;

use yew::prelude::*;

use super::dom::{button, el, frag};

use super::cost::CostTable;
use super::settings::Settings;
use super::snapshot::LastPick;
use crate::engine::trace::Direction;
use crate::engine::{Step, StrategyKind};

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub settings: Rc<Settings>,
    pub last: Option<Rc<LastPick>>,
    pub cost: Option<Rc<CostTable>>,
    pub on_measure: Callback<()>,
}

/// What the seed's tutorial claims a pick costs (its section 4), where it says.
pub fn seed_claim(kind: StrategyKind) -> Option<&'static str> {
    match kind {
        StrategyKind::RoundRobin | StrategyKind::WeightedRoundRobin | StrategyKind::Random => {
            Some("O(1)")
        }
        StrategyKind::LeastConnections => Some("O(n)"),
        StrategyKind::ConsistentHash => Some("O(log n)"),
        _ => None,
    }
}

fn hex(v: u64, bits: u32) -> String {
    if bits == 32 {
        format!("0x{:08x}", v & 0xffff_ffff)
    } else {
        format!("0x{v:016x}")
    }
}

fn angle(v: u64, bits: u32) -> String {
    let frac = if bits == 32 {
        (v & 0xffff_ffff) as f64 / 4_294_967_296.0
    } else {
        v as f64 / 18_446_744_073_709_551_616.0
    };
    format!("{:.1}°", frac * 360.0)
}

/// One step in words.
pub fn step_text(step: &Step, last: &LastPick) -> String {
    let bits = if last.hash_bits == 0 {
        64
    } else {
        last.hash_bits
    };
    let ring = last.hash_bits != 0;
    match step {
        Step::Key { source, key } => format!("Key: the request's {} = “{key}”", source.describe()),
        Step::Hash {
            function,
            input,
            value,
        } => {
            let mut s = format!(
                "Hash: {}(“{input}”) = {}",
                function.label(),
                hex(*value, bits)
            );
            if ring {
                s.push_str(&format!(", {} round the ring", angle(*value, bits)));
            }
            s
        }
        Step::Modulo { hash, n, index } => {
            format!(
                "{} mod {n} eligible servers = {index}: take position {index} of the eligible list",
                hex(*hash, 64)
            )
        }
        Step::Cursor { position, of, next } => {
            format!("Cursor at {position} of {of}: take that server, move the cursor to {next}")
        }
        Step::SmoothWeights {
            servers,
            before,
            after,
            total,
            ..
        } => {
            format!(
                "Current weights (each already raised by its weight): {}; the largest wins and gives back the total {total}: {}",
                named_weights(last, servers, before),
                named_weights(last, servers, after)
            )
        }
        Step::Random { range, index } => format!("Random draw: {index} of 0..{range}"),
        Step::Score { server, score } => format!("{}: score {score:.3}", last.name(*server)),
        Step::Candidates { servers, scores } => format!(
            "Two random candidates: {} (score {:.3}) and {} (score {:.3}); the lower wins",
            last.name(servers[0]),
            scores[0],
            last.name(servers[1]),
            scores[1]
        ),
        Step::RingRange { lo, hi, of } => {
            format!(
                "Narrow the search to sorted points {lo}..{hi} of {of} (an index over the hash's top bits)"
            )
        }
        Step::RingProbe {
            mid, point, went, ..
        } => match went {
            Direction::Right => format!(
                "Probe point {mid} at {}: below the key, search right of it",
                hex(*point, bits)
            ),
            Direction::Left => format!(
                "Probe point {mid} at {}: at or above the key, a candidate; search left of it",
                hex(*point, bits)
            ),
        },
        Step::RingPoint {
            index,
            point,
            owner,
            wrapped,
        } => format!(
            "The first point clockwise: point {index} at {}{}, owned by {}",
            hex(*point, bits),
            if *wrapped {
                " (past the top: wrapped to the first point)"
            } else {
                ""
            },
            last.name(*owner)
        ),
        Step::RingSkip {
            index,
            owner,
            reason,
        } => format!(
            "Point {index} belongs to {}, which is {reason}: walk on clockwise",
            last.name(*owner)
        ),
        Step::AtCapacity {
            server,
            load,
            capacity,
        } => format!(
            "{} is at capacity ({load} in flight, cap {capacity}): walk on",
            last.name(*server)
        ),
        Step::MaglevSlot {
            slot,
            table_size,
            owner,
        } => format!(
            "Slot hash mod {table_size} = {slot}, owned by {}",
            last.name(*owner)
        ),
        Step::RendezvousScore { server, score } => {
            format!("{} scores {score:.6} for this key", last.name(*server))
        }
        Step::RendezvousNode {
            attempt,
            level,
            node,
            first,
            weights,
            scores,
            chosen,
        } => {
            let what = if *level == 1 { "slot" } else { "subtree" };
            let best = chosen
                .checked_sub(*first)
                .and_then(|i| scores.get(i))
                .map_or_else(|| "?".to_string(), |s| format!("{s:.6}"));
            let retry = if *attempt > 0 {
                format!(" (descent {})", attempt + 1)
            } else {
                String::new()
            };
            format!(
                "Tree level {level}, node {node}{retry}: {} children (weights {}) scored; {what} {chosen} wins with {best}",
                scores.len(),
                weights
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Step::Jump { from, to } => format!("Jump: from bucket {from} to candidate {to}"),
        Step::SeedDefect { defect } => format!("The seed's defect: {defect}"),
        Step::Note { text } => text.clone(),
        Step::Chosen { server } => format!("Chosen: {}", last.name(*server)),
    }
}

/// "s1 3, s2 -1, ...": each server's current weight.
fn named_weights(last: &LastPick, servers: &[usize], weights: &[i64]) -> String {
    servers
        .iter()
        .zip(weights)
        .map(|(&p, w)| format!("{} {w}", last.name(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ns(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 1000.0 => format!("{:.1} µs", v / 1000.0),
        Some(v) => format!("{v:.0} ns"),
        None => "–".into(),
    }
}

#[component]
pub fn Explanation(props: &ExplainProps) -> Html {
    let s = &props.settings;
    let kind = s.kind;
    let info = kind.info();
    let measure = {
        let cb = props.on_measure.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let cost = props.cost.as_ref().filter(|c| c.strategy == kind);
    let row = |head: &'static str, value: &'static str| {
        el("tr")
            .child(el("th").attr("scope", "row").text(head))
            .child(el("td").text(value))
            .done()
    };
    let mut measured =
        el("div")
            .class("measure")
            .child(button("Measure in this browser", measure, false));
    if let Some(c) = cost {
        measured = measured.child(
            el("table")
                .attr("aria-label", "Measured cost per pick")
                .child(el("caption").text(
                    "Measured here, time per pick (performance.now(), thousands of picks each)",
                ))
                .child(
                    el("thead").child(
                        el("tr").children(
                            ["n", "corrected", "the seed's code"]
                                .map(|c| el("th").attr("scope", "col").text(c).done()),
                        ),
                    ),
                )
                .child(el("tbody").children(c.rows.iter().map(|row| {
                    el("tr")
                        .child(el("th").attr("scope", "row").text(row.servers.to_string()))
                        .child(el("td").text(ns(row.corrected_ns)))
                        .child(el("td").text(ns(row.seed_ns)))
                        .done()
                }))),
        );
    }
    let last = match &props.last {
        Some(l) => {
            let mut steps = el("ol").class("steps").children(l.steps.iter().map(|st| {
                el("li")
                    .attr_opt(
                        "class",
                        matches!(st, Step::SeedDefect { .. }).then_some("defect"),
                    )
                    .text(step_text(st, l))
                    .done()
            }));
            if let Some(defect) = &l.fault {
                steps = steps.child(el("li").class("defect").text(format!(
                    "The seed's code raised: {defect}. The proxy answers 500."
                )));
            } else if l.server.is_none() {
                steps = steps.child(
                    el("li")
                        .text("No eligible server: the proxy answers 503 “No available servers”."),
                );
            }
            frag([
                el("p")
                    .class("muted small")
                    .text(format!(
                        "Request {} at {:.3} s, from the engine's own trace of the pick:",
                        l.request,
                        l.t_ms / 1000.0
                    ))
                    .done(),
                steps.done(),
            ])
        }
        None => el("p")
            .class("muted")
            .text("No request yet: press Step.")
            .done(),
    };
    frag([
        el("h3").text(kind.name()).done(),
        el("p").text(info.summary).done(),
        el("table")
            .class("complexity")
            .attr("aria-label", "Cost per pick")
            .child(el("caption").text("Cost per pick over n servers"))
            .child(
                el("tbody")
                    .child(row(
                        "as the seed claims it",
                        seed_claim(kind).unwrap_or(if info.in_seed {
                            "no claim"
                        } else {
                            "not in the seed"
                        }),
                    ))
                    .child(row("the seed's code", info.seed_pick_cost.unwrap_or("–")))
                    .child(row("Fulcrum's code", info.pick_cost)),
            )
            .done(),
        measured.done(),
        el("h3").text("The last pick, step by step").done(),
        last,
    ])
}
