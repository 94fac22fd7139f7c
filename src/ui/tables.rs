//! The distribution table ("Distribution"): per server, the requests it was sent, its share, the
//! share its weight would give, the deviation between them, and its share over the last two
//! seconds of simulated time (which falls to 0 once a crashed server is taken out).

use std::rc::Rc;

use yew::prelude::*;

use super::dom::el;
use crate::share::i18n::{Lang, Text};

use super::pool::pct;
use super::settings::SAMPLE_INTERVAL_MS;
use super::snapshot::{RECENT_SAMPLES, ServerRow};

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
    let rows = props.servers.iter().map(|s| {
        el("tr")
            .key(s.id.clone())
            .child(el("th").attr("scope", "row").text(s.id.clone()))
            .children(
                [
                    s.requests.to_string(),
                    pct(s.share),
                    pct(s.expected_share),
                    if total > 0 {
                        let points = format!("{:+.1}", 100.0 * (s.share - s.expected_share));
                        Text::DeviationPoints.fill(lang, &[("points", &points)])
                    } else {
                        Text::NoValue.get(lang).into()
                    },
                    s.recent_share
                        .map_or_else(|| Text::NoValue.get(lang).into(), pct),
                ]
                .map(|t| el("td").text(t).done()),
            )
            .done()
    });
    el("div")
        .class("scroll")
        .child(
            el("table")
                .class("distribution")
                .attr("aria-label", Text::Distribution.get(lang))
                .child(el("caption").text(Text::Distribution.get(lang)))
                .child(
                    el("thead").child(
                        el("tr")
                            .children(
                                [
                                    Text::Server.get(lang),
                                    Text::Requests.get(lang),
                                    Text::Share.get(lang),
                                    Text::ExpectedShare.get(lang),
                                    Text::Deviation.get(lang),
                                ]
                                .map(|c| el("th").attr("scope", "col").text(c).done()),
                            )
                            .child(
                                el("th").attr("scope", "col").text(
                                    Text::RecentShare
                                        .fill(lang, &[("seconds", &format!("{recent_s:.0}"))]),
                                ),
                            ),
                    ),
                )
                .child(el("tbody").children(rows)),
        )
        .done()
}
