//! The statistics panel: the seed's `get_stats()` field for field (its `server_details` as a
//! table), then what the simulator measures beyond it, with the seed's three goals.

use std::rc::Rc;

use yew::prelude::*;

use super::dom::{el, frag};

use super::pool::pct;
use super::snapshot::{DetailRow, Totals};
use crate::share::export::{SERVER_DETAIL_FIELDS, STATS_FIELDS};
use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct StatsProps {
    pub totals: Rc<Totals>,
    pub details: Rc<Vec<DetailRow>>,
    #[prop_or_default]
    pub lang: Lang,
}

const OUTCOMES: [&str; 7] = [
    "ok",
    "error (500)",
    "refused (502)",
    "reset (502)",
    "timeout (504)",
    "no server (503)",
    "seed's code raised",
];

#[component]
pub fn SeedStatsPanel(props: &StatsProps) -> Html {
    let (t, lang) = (&props.totals, props.lang);
    let field = |name: &'static str, value: String| {
        el("div")
            .class("kv")
            .child(el("dt").child(el("code").text(name)))
            .child(el("dd").text(value))
            .done()
    };
    let rows = props.details.iter().map(|d| {
        el("tr")
            .child(el("th").attr("scope", "row").text(d.id.clone()))
            .children(
                [
                    d.endpoint.clone(),
                    d.status.as_str().to_string(),
                    d.current_connections.to_string(),
                    format!("{:.4} s", d.average_response_time),
                    pct(d.connection_utilization),
                ]
                .map(|t| el("td").text(t).done()),
            )
            .done()
    });
    frag([
        el("h3").text(Text::SeedStats.get(lang)).done(),
        el("dl")
            .class("stats")
            .attr("aria-label", "get_stats")
            .children(STATS_FIELDS.into_iter().zip([
                t.total_requests.to_string(),
                t.successful_requests.to_string(),
                t.failed_requests.to_string(),
                format!("{:.4} s", t.average_response_time),
                t.total_servers.to_string(),
                t.healthy_servers.to_string(),
            ]).map(|(name, value)| field(name, value)))
            .done(),
        el("div")
            .class("scroll")
            .child(
                el("table")
                    .class("details")
                    .attr("aria-label", "server_details")
                    .child(el("caption").child(el("code").text("server_details")))
                    .child(el("thead").child(el("tr").children(
                        SERVER_DETAIL_FIELDS.map(|c| el("th").attr("scope", "col").text(c).done()),
                    )))
                    .child(el("tbody").children(rows)),
            )
            .done(),
        el("h3").text(Text::BeyondTheSeed.get(lang)).done(),
        el("dl")
            .class("stats")
            .attr("aria-label", Text::RunStatistics.get(lang))
            .children([
                field(
                    Text::SimulatedTime.get(lang),
                    format!("{:.1} s", t.t_ms / 1000.0),
                ),
                field(Text::Availability.get(lang), pct(t.availability)),
                field(
                    Text::LatencyP50To99.get(lang),
                    format!(
                        "{:.1} / {:.1} / {:.1} / {:.1} ms",
                        t.p50, t.p95, t.p99, t.max
                    ),
                ),
                field(Text::InFlight.get(lang), t.in_flight.to_string()),
                field(
                    Text::AttemptsRetries.get(lang),
                    format!("{} / {}", t.attempts, t.retries),
                ),
                field(Text::JainFairness.get(lang), format!("{:.3}", t.jain)),
                field(
                    Text::RequestSpread.get(lang),
                    t.request_spread.to_string(),
                ),
            ])
            .done(),
        el("p")
            .class("muted small")
            .text(Text::Outcomes.get(lang))
            .text(" ")
            .text(
                OUTCOMES
                    .iter()
                    .zip(t.outcomes.iter())
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(" · "),
            )
            .done(),
        el("p")
            .class("muted small")
            .text("The seed's goals: spread |load(sᵢ) − load(sⱼ)| < ε (above, as max − min requests); minimise total response time (mean ")
            .text(format!("{:.1} ms", t.average_response_time * 1000.0))
            .text("); maximise availability (")
            .text(pct(t.availability))
            .text(").")
            .done(),
    ])
}
