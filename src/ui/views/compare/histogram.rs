//! Each strategy's latency histogram beside the percentiles: successful requests per latency
//! bin, the bins spaced on a log scale shared by every strategy (so a heavy tail and the body
//! both show, and columns compare). Bars are drawn from the simulator's histogram
//! (`sim::stats::Histogram::bins`, through `playground::live::CompareResult`); each column says
//! its bins in words to a screen reader, and a table under it gives the same counts.

use crate::playground::decimal::exact;
use crate::playground::live::CompareResult;
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::{el, text};
use crate::ui::widgets::tables::{cells, row_head, scroll_table};
use yew::Html;

/// A bin's range in words ("1.2–2.5 ms").
fn range(edges: &[f64], i: usize) -> String {
    let digits = |x: f64| {
        if x < 10.0 {
            2
        } else if x < 100.0 {
            1
        } else {
            0
        }
    };
    let (lo, hi) = (edges[i], edges[i + 1]);
    format!(
        "{}–{}",
        exact(lo, digits(lo), ""),
        exact(hi, digits(hi), " ms")
    )
}

/// The histograms (nothing when no request succeeded).
pub fn histograms(r: &CompareResult, lang: Lang) -> Html {
    let edges = &r.bin_edges_ms;
    if edges.len() < 2 {
        return Html::default();
    }
    let top = r
        .rows
        .iter()
        .flat_map(|row| row.histogram.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let columns = r.rows.iter().map(|row| {
        let name = crate::playground::snapshot::strategy_words(&row.strategy, lang);
        let mut words = Text::CompareHistogramOf.fill(lang, &["strategy"], &[&name]);
        for (i, n) in row.histogram.iter().enumerate() {
            words.push_str(if i == 0 { ": " } else { "; " });
            words.push_str(&range(edges, i));
            words.push(' ');
            words.push_str(&n.to_string());
        }
        let bars = row.histogram.iter().map(|&n| {
            let mut style = String::from("height:");
            crate::playground::decimal::push(&mut style, 100.0 * n as f64 / top as f64, 2);
            style.push('%');
            el("span")
                .class("histogram-bar")
                .attr("style", style)
                .done()
        });
        el("div")
            .class("histogram-column")
            .child(el("h4").text(name))
            .child(
                el("div")
                    .class("histogram-bars")
                    .attr("role", "img")
                    .attr("aria-label", words)
                    .children(bars),
            )
            .child(
                el("div")
                    .class("histogram-axis")
                    .attr("aria-hidden", "true")
                    .child(el("span").text(exact(edges[0], 2, " ms")))
                    .child(el("span").text(exact(edges[edges.len() - 1], 0, " ms"))),
            )
            .done()
    });
    let rows = (0..edges.len() - 1)
        .map(|i| {
            let mut counts: Vec<String> = r
                .rows
                .iter()
                .map(|row| row.histogram[i].to_string())
                .collect();
            cells(el("tr").child(row_head(range(edges, i))), &mut counts).done()
        })
        .collect();
    let column = |name: String| el("th").attr("scope", "col").text(name).done();
    let header = el("tr")
        .child(column(Text::ColLatencyRange.get(lang).to_string()))
        .children(r.rows.iter().map(|row| {
            column(crate::playground::snapshot::strategy_words(
                &row.strategy,
                lang,
            ))
        }));
    let table = scroll_table(
        el("table")
            .class("compare-histogram-table")
            .attr("aria-label", Text::CompareHistogramTable.get(lang)),
        text(Text::CompareHistogramTable.get(lang)),
        header,
        rows,
    );
    el("figure")
        .class("compare-histograms")
        .child(el("figcaption").text(Text::CompareHistogramTitle.get(lang)))
        .child(el("div").class("histogram-columns").children(columns))
        .child(
            el("details")
                .child(el("summary").text(Text::CompareHistogramTable.get(lang)))
                .child(table),
        )
        .done()
}
