//! The explanation: the strategy's description and cost (as the seed claims it, as the seed's
//! code really is, as Fulcrum does it, and as measured in this browser), and the last pick
//! explained step by step from the engine's own trace. The formal model with live values is
//! [`crate::ui::views::explain::formal_model::FormalModel`]; the narration, [`crate::ui::views::explain::narration::Narration`].

pub mod formal_model;
pub mod narration;

use std::fmt::{Display, Write as _};
use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::ui::widgets::dom::{button, el, frag};

use crate::engine::hashing::HashFunction;
use crate::engine::trace::Direction;
use crate::engine::{KeySource, Step, StrategyKind};
use crate::playground::cost::CostTable;
use crate::playground::settings::Settings;
use crate::playground::snapshot::LastPick;
use crate::share::i18n::{Lang, Text};
use crate::share::steps;
use crate::ui::widgets::tables::{cells, head, row_head};

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub settings: Rc<Settings>,
    pub last: Option<Rc<LastPick>>,
    pub cost: Option<Rc<CostTable>>,
    pub on_measure: Callback<()>,
    pub lang: Lang,
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
    exact(frac * 360.0, 1, "°")
}

/// Where a request's key came from, in words ("client IP", "header X-User").
fn key_source_text(source: &KeySource, lang: Lang) -> String {
    match source {
        KeySource::ClientIp => Text::KeySourceClientIp.get(lang).to_string(),
        KeySource::Path => Text::KeySourcePath.get(lang).to_string(),
        KeySource::Header(h) => Text::KeySourceHeader.fill(lang, &["header"], &[h]),
        KeySource::RequestId => Text::KeySourceRequestId.get(lang).to_string(),
    }
}

/// A hash function's name ("XXH3-64", "XXH3-64 (seeded)").
fn function_text(function: HashFunction, lang: Lang) -> &'static str {
    match function {
        HashFunction::Xxh3Seeded => Text::FunctionXxh3Seeded.get(lang),
        HashFunction::PythonSipHash13 => Text::FunctionPythonHash.get(lang),
        f => f.label(),
    }
}

/// One step in words.
pub fn step_text(step: &Step, last: &LastPick, lang: Lang) -> String {
    let bits = if last.hash_bits == 0 {
        64
    } else {
        last.hash_bits
    };
    let ring = last.hash_bits != 0;
    let named = |p: usize| last.name(p);
    // The server a step names first, and a value shown otherwise than as it is (a hash in hex,
    // a score to so many places).
    let who = match *step {
        Step::Score { server, .. }
        | Step::RingPoint { owner: server, .. }
        | Step::RingSkip { owner: server, .. }
        | Step::AtCapacity { server, .. }
        | Step::MaglevSlot { owner: server, .. }
        | Step::RendezvousScore { server, .. }
        | Step::Chosen { server } => last.name(server),
        Step::Candidates { ref servers, .. } => last.name(servers[0]),
        _ => String::new(),
    };
    let shown = match *step {
        Step::Hash { value: v, .. }
        | Step::SeededHash { value: v, .. }
        | Step::RingProbe { point: v, .. }
        | Step::RingPoint { point: v, .. } => hex(v, bits),
        Step::Modulo { hash, .. } => hex(hash, 64),
        Step::Score { score, .. } => format!("{score:.3}"),
        Step::Candidates { ref scores, .. } => format!("{:.3}", scores[0]),
        Step::RendezvousScore { score, .. } => format!("{score:.6}"),
        _ => String::new(),
    };
    let (text, names, values): (Text, &[&str], &[&dyn Display]) = match step {
        Step::Key { source, key } => (
            Text::StepKey,
            &["source", "key"],
            &[&key_source_text(source, lang), key],
        ),
        Step::Hash {
            function,
            input,
            value,
        } => {
            let text = if ring {
                Text::StepHashRing
            } else {
                Text::StepHash
            };
            return text.fill(
                lang,
                &["function", "input", "value", "angle"],
                &[
                    &function_text(*function, lang),
                    input,
                    &shown,
                    &angle(*value, bits),
                ],
            );
        }
        Step::SeededHash { input, seed, value } => {
            let text = if ring {
                Text::StepHashSeededInputRing
            } else {
                Text::StepHashSeededInput
            };
            return text.fill(
                lang,
                &["input", "seed", "value", "angle"],
                &[input, seed, &shown, &angle(*value, bits)],
            );
        }
        Step::Modulo {
            n: count, index, ..
        } => (
            Text::StepModulo,
            &["hash", "n", "index"],
            &[&shown, count, index],
        ),
        Step::Cursor { position, of, next } => (
            Text::StepCursor,
            &["position", "of", "next"],
            &[position, of, next],
        ),
        Step::SmoothWeights {
            servers,
            before,
            after,
            total,
            ..
        } => (
            Text::StepSmoothWeights,
            &["before", "total", "after"],
            &[
                &named_weights(last, servers, before),
                total,
                &named_weights(last, servers, after),
            ],
        ),
        Step::Random { range, index } => (Text::StepRandom, &["index", "range"], &[index, range]),
        Step::Score { .. } => (Text::StepScore, &["server", "score"], &[&who, &shown]),
        Step::Candidates { servers, scores } => (
            Text::StepCandidates,
            &["a", "a_score", "b", "b_score"],
            &[
                &who,
                &shown,
                &last.name(servers[1]),
                &format!("{:.3}", scores[1]),
            ],
        ),
        Step::RingRange { lo, hi, of } => (Text::StepRingRange, &["lo", "hi", "of"], &[lo, hi, of]),
        Step::RingProbe { mid, went, .. } => (
            match went {
                Direction::Right => Text::StepRingProbeRight,
                Direction::Left => Text::StepRingProbeLeft,
            },
            &["mid", "point"],
            &[mid, &shown],
        ),
        Step::RingPoint { index, wrapped, .. } => (
            if *wrapped {
                Text::StepRingPointWrapped
            } else {
                Text::StepRingPoint
            },
            &["index", "point", "server"],
            &[index, &shown, &who],
        ),
        Step::RingSkip { index, reason, .. } => (
            Text::StepRingSkip,
            &["index", "server", "reason"],
            &[index, &who, &steps::unavailable_text(*reason, lang)],
        ),
        Step::AtCapacity { load, capacity, .. } => (
            Text::StepAtCapacity,
            &["server", "load", "capacity"],
            &[&who, load, capacity],
        ),
        Step::MaglevSlot {
            slot, table_size, ..
        } => (
            Text::StepMaglevSlot,
            &["table_size", "slot", "server"],
            &[table_size, slot, &who],
        ),
        Step::RendezvousScore { .. } => (
            Text::StepRendezvousScore,
            &["server", "score"],
            &[&who, &shown],
        ),
        Step::RendezvousNode {
            attempt,
            level,
            node,
            first,
            weights,
            scores,
            chosen,
        } => {
            let node = if *attempt > 0 {
                Text::TreeNodeDescent.fill(lang, &["node", "descent"], &[node, &(attempt + 1)])
            } else {
                Text::TreeNode.fill(lang, &["node"], &[node])
            };
            let mut w = String::new();
            for (i, x) in weights.iter().enumerate() {
                if i > 0 {
                    w.push_str(", ");
                }
                let _ = write!(w, "{x}");
            }
            let what = if *level == 1 {
                Text::TreeSlot
            } else {
                Text::TreeSubtree
            };
            let best = chosen
                .checked_sub(*first)
                .and_then(|i| scores.get(i))
                .map_or_else(|| "?".to_string(), |b| format!("{b:.6}"));
            return Text::StepTreeNode.fill(
                lang,
                &[
                    "level", "node", "children", "weights", "what", "chosen", "best",
                ],
                &[
                    level,
                    &node,
                    &scores.len(),
                    &w,
                    &what.get(lang),
                    chosen,
                    &best,
                ],
            );
        }
        Step::Jump { from, to } => (Text::StepJump, &["from", "to"], &[from, to]),
        Step::SeedDefect(defect) => (
            Text::StepSeedDefect,
            &["defect"],
            &[&steps::defect_text(defect, lang, &named)],
        ),
        Step::Note(note) => return steps::note_text(note, lang, &named),
        Step::Chosen { .. } => (Text::StepChosen, &["server"], &[&who]),
    };
    text.fill(lang, names, values)
}

/// "s1 3, s2 -1, ...": each server's current weight.
fn named_weights(last: &LastPick, servers: &[usize], weights: &[i64]) -> String {
    let mut out = String::new();
    for (i, (&p, w)) in servers.iter().zip(weights).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {w}", last.name(p));
    }
    out
}

fn ns(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 1000.0 => exact(v / 1000.0, 1, " µs"),
        Some(v) => exact(v, 0, " ns"),
        None => "–".into(),
    }
}

/// The measured cost per pick, a row per pool size.
fn measured(c: &CostTable, lang: Lang) -> Html {
    let mut body = el("tbody");
    for row in &c.rows {
        body = body.child(cells(
            el("tr").child(row_head(row.servers.to_string())),
            &mut [ns(row.corrected_ns), ns(row.seed_ns)],
        ));
    }
    el("table")
        .attr("aria-label", Text::MeasuredCost.get(lang))
        .child(el("caption").text(Text::MeasuredCaption.get(lang)))
        .child(el("thead").child(head(&[
            "n",
            Text::CostCorrected.get(lang),
            Text::CostSeedCode.get(lang),
        ])))
        .child(body)
        .done()
}

/// The last pick's steps, in words.
fn last_steps(l: &LastPick, lang: Lang) -> Html {
    let mut steps = el("ol").class("steps");
    for st in &l.steps {
        steps = steps.child(
            el("li")
                .attr_opt(
                    "class",
                    matches!(st, Step::SeedDefect(_)).then_some("defect"),
                )
                .text(step_text(st, l, lang)),
        );
    }
    if l.fault.is_some() {
        // The fault's own words are the last SeedDefect step's (the simulator's copy is English).
        let raised = l.steps.iter().rev().find_map(|st| match st {
            Step::SeedDefect(d) => Some(steps::defect_text(d, lang, &|p| l.name(p))),
            _ => None,
        });
        let raised = raised.unwrap_or_else(|| Text::OutcomeSeedFault.get(lang).to_string());
        steps = steps.child(el("li").class("defect").text(Text::StepSeedRaised.fill(
            lang,
            &["defect"],
            &[&raised],
        )));
    } else if l.server.is_none() {
        steps = steps.child(el("li").text(Text::StepNoEligible.get(lang)));
    }
    frag([
        el("p")
            .class("muted small")
            .text(Text::StepsIntro.fill(
                lang,
                &["request", "time"],
                &[&l.request, &exact(l.t_ms / 1000.0, 3, " s")],
            ))
            .done(),
        steps.done(),
    ])
}

#[component]
pub fn Explanation(props: &ExplainProps) -> Html {
    let s = &props.settings;
    let lang = props.lang;
    let kind = s.kind;
    let info = kind.info();
    let measure = {
        let cb = props.on_measure.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let mut measure =
        el("div")
            .class("measure")
            .child(button(Text::MeasureInBrowser.get(lang), measure, false));
    if let Some(c) = props.cost.as_ref().filter(|c| c.strategy == kind) {
        measure = measure.child(measured(c, lang));
    }
    let mut complexity = el("tbody");
    for (head, value) in [
        (
            Text::CostSeedClaims.get(lang),
            seed_claim(kind).unwrap_or(if info.in_seed {
                Text::CostNoClaim.get(lang)
            } else {
                Text::CostNotInSeed.get(lang)
            }),
        ),
        (
            Text::CostSeedCode.get(lang),
            info.seed_pick_cost.unwrap_or("–"),
        ),
        (Text::CostFulcrum.get(lang), steps::pick_cost(kind, lang)),
    ] {
        complexity = complexity.child(el("tr").child(row_head(head)).child(el("td").text(value)));
    }
    frag([
        el("h3").text(Text::strategy_name(kind).get(lang)).done(),
        el("p").text(Text::strategy_summary(kind).get(lang)).done(),
        el("table")
            .class("complexity")
            .attr("aria-label", Text::CostPerPick.get(lang))
            .child(el("caption").text(Text::CostCaption.get(lang)))
            .child(complexity)
            .done(),
        measure.done(),
        el("h3").text(Text::LastPickHeading.get(lang)).done(),
        match &props.last {
            Some(l) => last_steps(l, lang),
            None => el("p")
                .class("muted")
                .text(Text::NoRequestYet.get(lang))
                .done(),
        },
    ])
}
