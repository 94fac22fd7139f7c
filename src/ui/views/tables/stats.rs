//! The statistics panel: the tutorial's `get_stats()` field for field (its `server_details` as
//! a table), then what the simulator measures beyond it, with the tutorial's three goals.

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::share::glossary::Term as GlossaryTerm;
use crate::ui::widgets::dom::{El, el, frag, text};
use crate::ui::widgets::term::term;

use crate::engine::ServerDetail;
use crate::playground::snapshot::Totals;
use crate::share::export::{SERVER_DETAIL_FIELDS, STATS_FIELDS};
use crate::share::i18n::{Lang, Text};
use crate::ui::views::pool::pct;
use crate::ui::widgets::tables::{cells, row_head, scroll_table};

#[derive(Properties, PartialEq)]
pub struct StatsProps {
    pub totals: Rc<Totals>,
    pub details: Rc<Vec<ServerDetail>>,
    #[prop_or_default]
    pub lang: Lang,
}

const OUTCOMES: [Text; 7] = [
    Text::OutcomeCountOk,
    Text::OutcomeCountError,
    Text::OutcomeCountRefused,
    Text::OutcomeCountReset,
    Text::OutcomeCountTimeout,
    Text::OutcomeCountNoServer,
    Text::OutcomeCountSeedFault,
];

/// `<div class="kv"><dt><code>name</code></dt><dd>value</dd></div>`.
fn field(name: &'static str, value: String) -> Html {
    el("div")
        .class("kv")
        .child(el("dt").child(el("code").text(name)))
        .child(el("dd").text(value))
        .done()
}

/// A `<dl class="stats">` named `label`, a field per (name, value).
fn stats(label: &'static str, names: &[&'static str], values: &mut [String]) -> Html {
    let mut dl = el("dl").class("stats").attr("aria-label", label);
    for (&name, value) in names.iter().zip(values) {
        dl = dl.child(field(name, std::mem::take(value)));
    }
    dl.done()
}

/// A `<dl class="stats">` named `label` whose names are words, each a term with its definition
/// where the glossary has one.
fn word_stats(
    label: &'static str,
    names: &[(Text, Option<GlossaryTerm>)],
    values: &mut [String],
    lang: Lang,
) -> Html {
    let mut dl = el("dl").class("stats").attr("aria-label", label);
    for (&(name, glossary), value) in names.iter().zip(values) {
        let name = match glossary {
            Some(g) => term(name.get(lang), g, lang),
            None => text(name.get(lang)),
        };
        dl = dl.child(
            el("div")
                .class("kv")
                .child(el("dt").child(name))
                .child(el("dd").text(std::mem::take(value))),
        );
    }
    dl.done()
}

/// A table's head whose column names are the seed's field names, shown as code.
fn code_head(names: &[&'static str]) -> El {
    let mut tr = el("tr");
    for &n in names {
        tr = tr.child(el("th").attr("scope", "col").child(el("code").text(n)));
    }
    tr
}

#[component]
pub fn SeedStatsPanel(props: &StatsProps) -> Html {
    let (t, lang) = (&props.totals, props.lang);
    let rows = props
        .details
        .iter()
        .map(|d| {
            cells(
                el("tr").child(row_head(d.id.clone())),
                &mut [
                    d.endpoint.clone(),
                    Text::status(d.status).get(lang).to_string(),
                    d.current_connections.to_string(),
                    exact(d.average_response_time, 4, " s"),
                    pct(d.connection_utilization),
                ],
            )
            .done()
        })
        .collect();
    let mut outcomes = String::new();
    for (k, n) in OUTCOMES.iter().zip(t.outcomes.iter()) {
        if *n > 0 {
            if !outcomes.is_empty() {
                outcomes.push_str(" · ");
            }
            let _ = write!(outcomes, "{} {n}", k.get(lang));
        }
    }
    frag([
        // The heading names the tutorial's function as code: "… as its function get_stats() …".
        {
            let (before, after) = Text::SeedStats
                .get(lang)
                .split_once("{code}")
                .unwrap_or((Text::SeedStats.get(lang), ""));
            el("h3")
                .text(before)
                .child(el("code").text("get_stats()"))
                .text(after)
                .done()
        },
        stats(
            "get_stats",
            &STATS_FIELDS,
            &mut [
                t.total_requests.to_string(),
                t.successful_requests.to_string(),
                t.failed_requests.to_string(),
                exact(t.average_response_time, 4, " s"),
                t.total_servers.to_string(),
                t.healthy_servers.to_string(),
            ],
        ),
        scroll_table(
            el("table")
                .class("details")
                .attr("aria-label", "server_details"),
            frag([
                el("code").text("server_details").done(),
                text(Text::ServerDetailsCaption.get(lang)),
            ]),
            code_head(&SERVER_DETAIL_FIELDS),
            rows,
        ),
        el("h3").text(Text::BeyondTheSeed.get(lang)).done(),
        word_stats(
            Text::RunStatistics.get(lang),
            &[
                (Text::SimulatedTime, None),
                (Text::Availability, None),
                (Text::LatencyOkP50To99, Some(GlossaryTerm::Percentiles)),
                (Text::InFlight, Some(GlossaryTerm::InFlight)),
                (Text::AttemptsRetries, None),
                (Text::JainFairness, Some(GlossaryTerm::Fairness)),
                (Text::RequestSpread, None),
            ],
            &mut [
                exact(t.t_ms / 1000.0, 1, " s"),
                pct(t.availability),
                Text::UnitMilliseconds.fill(
                    lang,
                    &["value"],
                    &[&format!(
                        "{:.1} / {:.1} / {:.1} / {:.1}",
                        t.p50, t.p95, t.p99, t.max
                    )],
                ),
                t.in_flight.to_string(),
                format!("{} / {}", t.attempts, t.retries),
                exact(t.jain, 3, ""),
                t.request_spread.to_string(),
            ],
            lang,
        ),
        el("p")
            .class("muted small")
            .text(Text::Outcomes.get(lang))
            .text(" ")
            .text(outcomes)
            .done(),
        el("p")
            .class("muted small")
            .text(Text::SeedGoals.fill(
                lang,
                &["mean", "availability"],
                &[
                    &Text::UnitMilliseconds.fill(
                        lang,
                        &["value"],
                        &[&exact(t.average_response_time * 1000.0, 1, "")],
                    ),
                    &pct(t.availability),
                ],
            ))
            .done(),
    ])
}
