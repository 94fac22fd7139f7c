//! The distribution table ("Distribution"): per server, the requests it was sent, its share, the
//! share its strategy promises (its weight's, or an equal one when the strategy reads no weights),
//! the deviation between them, and its share over the last two
//! seconds of simulated time (which falls to 0 once a crashed server is taken out).

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::playground::settings::SAMPLE_INTERVAL_MS;
use crate::playground::snapshot::{RECENT_SAMPLES, ServerRow};
use crate::share::i18n::{Lang, Text};
use crate::ui::views::pool::pct;
use crate::ui::widgets::dom::el;
use crate::ui::widgets::tables::{cells, head, row_head, scroll_table};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub servers: Rc<Vec<ServerRow>>,
    #[prop_or_default]
    pub lang: Lang,
}

#[component]
pub fn DistributionTable(props: &TableProps) -> Html {
    let lang = props.lang;
    let total: u64 = props.servers.iter().map(|s| s.requests).sum();
    let recent_s = RECENT_SAMPLES as f64 * SAMPLE_INTERVAL_MS / 1000.0;
    let no_value = || -> String { Text::NoValue.get(lang).into() };
    let rows = props
        .servers
        .iter()
        .map(|s| {
            cells(
                el("tr").key(s.id.clone()).child(row_head(s.id.clone())),
                &mut [
                    s.requests.to_string(),
                    pct(s.share),
                    pct(s.expected_share),
                    if total > 0 {
                        let points = format!("{:+.1}", 100.0 * (s.share - s.expected_share));
                        Text::DeviationPoints.fill(lang, &["points"], &[&points])
                    } else {
                        no_value()
                    },
                    s.recent_share.map_or_else(no_value, pct),
                ],
            )
            .done()
        })
        .collect();
    let table = scroll_table(
        el("table")
            .class("distribution")
            .attr("aria-label", Text::Distribution.get(lang)),
        crate::ui::widgets::dom::text(Text::Distribution.get(lang)),
        head(&[
            Text::Server.get(lang),
            Text::Requests.get(lang),
            Text::Share.get(lang),
            Text::ExpectedShare.get(lang),
            Text::Deviation.get(lang),
        ])
        .child(el("th").attr("scope", "col").text(Text::RecentShare.fill(
            lang,
            &["seconds"],
            &[&exact(recent_s, 0, "")],
        ))),
        rows,
    );
    // Under a strategy that reads no weights the expected share is an equal one: say why.
    if props.servers.first().is_some_and(|s| !s.by_weight) {
        crate::ui::widgets::dom::frag([
            table,
            el("p")
                .class("muted small")
                .text(Text::ExpectedEqualNote.get(lang))
                .done(),
        ])
    } else {
        table
    }
}
