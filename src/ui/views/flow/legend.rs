//! The flow's legend: each outcome's shape, colour and words, with how many are drawn now (and,
//! in flight, how many the simulation has: the drawing trails it, and the caption says so).

use yew::prelude::*;

use crate::ui::widgets::dom::{El, el};

use crate::playground::motion::{Fate, Mark, shape};
use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// Drawn requests by outcome (refreshed with the snapshot, not every frame).
    pub counts: [u32; 6],
    /// One request in this many is drawn.
    pub sample_every: u64,
    /// Requests in flight in the simulation (the snapshot's count, not the drawing's).
    pub in_flight: u64,
    /// Balancers in front of the pool: more than one, the legend says what that means.
    #[prop_or(1)]
    pub balancers: u32,
    pub lang: Lang,
}

#[component]
pub fn FlowLegend(props: &LegendProps) -> Html {
    let counts = props.counts;
    let lang = props.lang;
    let glyph = |shape: El| {
        el("svg")
            .class("glyph")
            .attr("viewBox", "0 0 16 16")
            .attr("aria-hidden", "true")
            .child(shape)
    };
    let probe = |class: &'static str, label: &'static str| {
        el("li")
            .child(glyph(
                el("circle")
                    .class(class)
                    .attr("cx", "8")
                    .attr("cy", "8")
                    .attr("r", "5"),
            ))
            .text(label)
            .done()
    };
    el("div")
        .class("flow-legend")
        .child(
            el("ul")
                .class("legend")
                .children(Fate::ALL.iter().map(|&fate| {
                    let mut d = String::new();
                    shape(
                        &mut d,
                        fate,
                        Mark {
                            x: 8.0,
                            y: 8.0,
                            r: 5.0,
                        },
                    );
                    el("li")
                        .child(glyph(
                            el("path")
                                .class(format!("tok {}", fate.class()))
                                .attr("d", d),
                        ))
                        // The tokens drawn now; in flight, the simulation's own count beside them
                        // (the drawing trails it, as the caption below says: "6 drawn, 0 still
                        // being served" once a fast run has answered them).
                        .text(if fate == Fate::Pending {
                            Text::FlowInFlight.fill(
                                lang,
                                &["label", "count", "drawn"],
                                &[&fate.label(lang), &props.in_flight, &counts[0]],
                            )
                        } else {
                            Text::FlowLegendDrawn.fill(
                                lang,
                                &["label", "count"],
                                &[&fate.label(lang), &counts[fate as usize]],
                            )
                        })
                        .done()
                }))
                .child(probe("pulse pass", Text::ProbePassedLegend.get(lang)))
                .child(probe("pulse fail", Text::ProbeFailedLegend.get(lang))),
        )
        .child(
            el("p")
                .class("muted small")
                .text(Text::FlowTrails.get(lang))
                .text(if props.sample_every > 1 {
                    Text::FlowOneInDrawn.fill(lang, &["every"], &[&props.sample_every])
                } else {
                    String::new()
                })
                .text(Text::FlowShrinks.get(lang)),
        )
        .children((props.balancers > 1).then(|| {
            el("p")
                .class("muted small balancers-note")
                .text(Text::FlowBalancersNote.fill(lang, &["count"], &[&props.balancers]))
                .done()
        }))
        .done()
}
