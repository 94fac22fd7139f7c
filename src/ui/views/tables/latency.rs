//! The latency table ("Latency by server"): per server, the average and p50 / p95 / p99 of its
//! last successful responses, and beside them its failures among the last attempts. Failures are
//! never in the percentiles, so a crashed server that refuses in a millisecond keeps the latency
//! it had while it answered.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::snapshot::ServerRow;
use crate::share::glossary::Term;
use crate::share::i18n::{Lang, Text};
use crate::ui::views::pool::{ms, pct};
use crate::ui::widgets::dom::el;
use crate::ui::widgets::tables::{cells, col, head, row_head, scroll_table, term_col};

#[derive(Properties, PartialEq)]
pub struct LatencyProps {
    pub servers: Rc<Vec<ServerRow>>,
    #[prop_or_default]
    pub lang: Lang,
}

#[component]
pub fn LatencyTable(props: &LatencyProps) -> Html {
    let lang = props.lang;
    let rows = props
        .servers
        .iter()
        .map(|s| {
            let l = &s.latency;
            cells(
                el("tr").key(s.id.clone()).child(row_head(s.id.clone())),
                &mut [
                    ms(l.mean()),
                    ms(l.p50()),
                    ms(l.p95()),
                    ms(l.p99()),
                    Text::RecentFailures.fill(
                        lang,
                        &["failed", "n", "rate"],
                        &[&l.recent_failures, &l.recent_attempts, &pct(l.error_rate())],
                    ),
                ],
            )
            .done()
        })
        .collect();
    scroll_table(
        el("table")
            .class("latency-by-server")
            .attr("aria-label", Text::LatencyByServer.get(lang)),
        crate::ui::widgets::dom::text(Text::LatencyByServer.get(lang)),
        // The percentiles are terms: their definitions on hover and focus.
        head(&[Text::Server.get(lang), Text::ColumnMean.get(lang)])
            .child(term_col("p50", Term::P50, lang))
            .child(term_col("p95", Term::P95, lang))
            .child(term_col("p99", Term::P99, lang))
            .child(col(Text::ColumnRecentFailures.get(lang))),
        rows,
    )
}
