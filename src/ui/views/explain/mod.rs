//! The explanation: the strategy's description and cost (as the seed claims it, as the seed's
//! code really is, as Fulcrum does it, and as measured in this browser), and the last pick
//! explained step by step from the engine's own trace. The formal model with live values is
//! [`crate::ui::views::explain::formal_model::FormalModel`]; the narration, [`crate::ui::views::explain::narration::Caption`].

pub mod formal_model;
pub mod narration;

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::ui::widgets::dom::{button, el, frag};

use crate::engine::{Step, StrategyKind};
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
                .text(steps::step_text(st, l.hash_bits, &|p| l.name(p), lang)),
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
    let mut about = el("p").text(Text::strategy_summary(kind).get(lang));
    if let Some(mapping) = info.mapping {
        about = about.text(" ").text(Text::key_mapping(mapping).get(lang));
    }
    frag([
        el("h3").text(Text::strategy_name(kind).get(lang)).done(),
        about.done(),
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
