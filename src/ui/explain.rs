//! The explanation: the strategy's description and cost (as the seed claims it, as the seed's
//! code really is, as Fulcrum does it, and as measured in this browser), and the last pick
//! explained step by step from the engine's own trace. The formal model with live values is
//! [`super::formal_model::FormalModel`]; the narration, [`super::narration::Narration`].

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use super::dom::{button, el, frag};

use super::cost::CostTable;
use super::settings::Settings;
use super::snapshot::LastPick;
use super::tables::{cells, fixed, head, row_head};
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
    fixed(frac * 360.0, 1, "°")
}

/// One step in words.
pub fn step_text(step: &Step, last: &LastPick) -> String {
    let bits = if last.hash_bits == 0 {
        64
    } else {
        last.hash_bits
    };
    let ring = last.hash_bits != 0;
    let name = |p: &usize| last.name(*p);
    let mut s = String::new();
    let _ = match step {
        Step::Key { source, key } => {
            write!(s, "Key: the request's {} = “{key}”", source.describe())
        }
        Step::Hash {
            function,
            input,
            value,
        } => {
            let _ = write!(
                s,
                "Hash: {}(“{input}”) = {}",
                function.label(),
                hex(*value, bits)
            );
            if ring {
                let _ = write!(s, ", {} round the ring", angle(*value, bits));
            }
            Ok(())
        }
        Step::Modulo { hash, n, index } => write!(
            s,
            "{} mod {n} eligible servers = {index}: take position {index} of the eligible list",
            hex(*hash, 64)
        ),
        Step::Cursor { position, of, next } => write!(
            s,
            "Cursor at {position} of {of}: take that server, move the cursor to {next}"
        ),
        Step::SmoothWeights {
            servers,
            before,
            after,
            total,
            ..
        } => {
            s.push_str("Current weights (each already raised by its weight): ");
            named_weights(&mut s, last, servers, before);
            let _ = write!(s, "; the largest wins and gives back the total {total}: ");
            named_weights(&mut s, last, servers, after);
            Ok(())
        }
        Step::Random { range, index } => write!(s, "Random draw: {index} of 0..{range}"),
        Step::Score { server, score } => write!(s, "{}: score {score:.3}", name(server)),
        Step::Candidates { servers, scores } => write!(
            s,
            "Two random candidates: {} (score {:.3}) and {} (score {:.3}); the lower wins",
            name(&servers[0]),
            scores[0],
            name(&servers[1]),
            scores[1]
        ),
        Step::RingRange { lo, hi, of } => write!(
            s,
            "Narrow the search to sorted points {lo}..{hi} of {of} (an index over the hash's top bits)"
        ),
        Step::RingProbe {
            mid, point, went, ..
        } => write!(
            s,
            "Probe point {mid} at {}: {}",
            hex(*point, bits),
            match went {
                Direction::Right => "below the key, search right of it",
                Direction::Left => "at or above the key, a candidate; search left of it",
            }
        ),
        Step::RingPoint {
            index,
            point,
            owner,
            wrapped,
        } => write!(
            s,
            "The first point clockwise: point {index} at {}{}, owned by {}",
            hex(*point, bits),
            if *wrapped {
                " (past the top: wrapped to the first point)"
            } else {
                ""
            },
            name(owner)
        ),
        Step::RingSkip {
            index,
            owner,
            reason,
        } => write!(
            s,
            "Point {index} belongs to {}, which is {reason}: walk on clockwise",
            name(owner)
        ),
        Step::AtCapacity {
            server,
            load,
            capacity,
        } => write!(
            s,
            "{} is at capacity ({load} in flight, cap {capacity}): walk on",
            name(server)
        ),
        Step::MaglevSlot {
            slot,
            table_size,
            owner,
        } => write!(
            s,
            "Slot hash mod {table_size} = {slot}, owned by {}",
            name(owner)
        ),
        Step::RendezvousScore { server, score } => {
            write!(s, "{} scores {score:.6} for this key", name(server))
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
            let _ = write!(s, "Tree level {level}, node {node}");
            if *attempt > 0 {
                let _ = write!(s, " (descent {})", attempt + 1);
            }
            let _ = write!(s, ": {} children (weights ", scores.len());
            for (i, w) in weights.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                let _ = write!(s, "{w}");
            }
            let what = if *level == 1 { "slot" } else { "subtree" };
            let _ = write!(s, ") scored; {what} {chosen} wins with ");
            match chosen.checked_sub(*first).and_then(|i| scores.get(i)) {
                Some(best) => write!(s, "{best:.6}"),
                None => {
                    s.push('?');
                    Ok(())
                }
            }
        }
        Step::Jump { from, to } => write!(s, "Jump: from bucket {from} to candidate {to}"),
        Step::SeedDefect { defect } => write!(s, "The seed's defect: {defect}"),
        Step::Note { text } => {
            s.push_str(text);
            Ok(())
        }
        Step::Chosen { server } => write!(s, "Chosen: {}", name(server)),
    };
    s
}

/// "s1 3, s2 -1, ...": each server's current weight, appended to `out`.
fn named_weights(out: &mut String, last: &LastPick, servers: &[usize], weights: &[i64]) {
    for (i, (&p, w)) in servers.iter().zip(weights).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {w}", last.name(p));
    }
}

fn ns(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 1000.0 => fixed(v / 1000.0, 1, " µs"),
        Some(v) => fixed(v, 0, " ns"),
        None => "–".into(),
    }
}

/// The measured cost per pick, a row per pool size.
#[inline(never)]
fn measured(c: &CostTable) -> Html {
    let mut body = el("tbody");
    for row in &c.rows {
        body = body.child(cells(
            el("tr").child(row_head(row.servers.to_string())),
            &mut [ns(row.corrected_ns), ns(row.seed_ns)],
        ));
    }
    el("table")
        .attr("aria-label", "Measured cost per pick")
        .child(
            el("caption")
                .text("Measured here, time per pick (performance.now(), thousands of picks each)"),
        )
        .child(el("thead").child(head(&["n", "corrected", "the seed's code"])))
        .child(body)
        .done()
}

/// The last pick's steps, in words.
#[inline(never)]
fn last_steps(l: &LastPick) -> Html {
    let mut steps = el("ol").class("steps");
    for st in &l.steps {
        steps = steps.child(
            el("li")
                .attr_opt(
                    "class",
                    matches!(st, Step::SeedDefect { .. }).then_some("defect"),
                )
                .text(step_text(st, l)),
        );
    }
    if let Some(defect) = &l.fault {
        steps = steps.child(el("li").class("defect").text(format!(
            "The seed's code raised: {defect}. The proxy answers 500."
        )));
    } else if l.server.is_none() {
        steps = steps.child(
            el("li").text("No eligible server: the proxy answers 503 “No available servers”."),
        );
    }
    frag([
        el("p")
            .class("muted small")
            .text(format!(
                "Request {} at {}, from the engine's own trace of the pick:",
                l.request,
                fixed(l.t_ms / 1000.0, 3, " s")
            ))
            .done(),
        steps.done(),
    ])
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
    let mut measure =
        el("div")
            .class("measure")
            .child(button("Measure in this browser", measure, false));
    if let Some(c) = props.cost.as_ref().filter(|c| c.strategy == kind) {
        measure = measure.child(measured(c));
    }
    let mut complexity = el("tbody");
    for (head, value) in [
        (
            "as the seed claims it",
            seed_claim(kind).unwrap_or(if info.in_seed {
                "no claim"
            } else {
                "not in the seed"
            }),
        ),
        ("the seed's code", info.seed_pick_cost.unwrap_or("–")),
        ("Fulcrum's code", info.pick_cost),
    ] {
        complexity = complexity.child(el("tr").child(row_head(head)).child(el("td").text(value)));
    }
    frag([
        el("h3").text(kind.name()).done(),
        el("p").text(info.summary).done(),
        el("table")
            .class("complexity")
            .attr("aria-label", "Cost per pick")
            .child(el("caption").text("Cost per pick over n servers"))
            .child(complexity)
            .done(),
        measure.done(),
        el("h3").text("The last pick, step by step").done(),
        match &props.last {
            Some(l) => last_steps(l),
            None => el("p")
                .class("muted")
                .text("No request yet: press Step.")
                .done(),
        },
    ])
}
