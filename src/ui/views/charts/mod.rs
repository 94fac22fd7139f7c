//! Charts over simulated time: throughput (successful and failed requests per second, from the
//! simulator's series) and latency percentiles (p50, p95, p99 of the requests that ended
//! successfully in each interval: failures are in the throughput chart, never in these lines).

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact as fixed;
use crate::playground::decimal::push_all;
use crate::ui::widgets::dom::el;

use crate::playground::snapshot::Series;
use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub series: Rc<Series>,
    pub lang: Lang,
}

const W: f64 = 600.0;
const H: f64 = 160.0;
const PAD_L: f64 = 28.0;
const PAD_B: f64 = 22.0;

/// A "nice" axis maximum at or above `v`.
fn nice(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = libm::pow(10.0, libm::floor(libm::log10(v)));
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

/// One chart: lines of (x, y) points with a class and a label each.
/// A line: CSS class, label, points.
type Line = (&'static str, &'static str, Vec<(f64, f64)>);

// The axes' coordinates as text: PAD_L, H − PAD_B, W − 8, PAD_L ± 4 (32, 24), H − 6.
const X_AXIS: &str = "28";
const Y_BASE: &str = "138";
const X_END: &str = "592";
const Y_LABEL: &str = "154";
const _: () = assert!(
    PAD_L == 28.0
        && H - PAD_B == 138.0
        && W - 8.0 == 592.0
        && H - 6.0 == 154.0
        && W == 600.0
        && H == 160.0
);

/// A label at (x, y), anchored at its end when `end`.
fn label(x: &'static str, y: &'static str, end: bool, t: String) -> Html {
    el("text")
        .attr("x", x)
        .attr("y", y)
        .attr_opt("text-anchor", end.then_some("end"))
        .text(t)
        .done()
}

/// An axis line.
fn axis_line(x1: &'static str, y1: &'static str, x2: &'static str) -> Html {
    el("line")
        .attr("x1", x1)
        .attr("y1", y1)
        .attr("x2", x2)
        .attr("y2", Y_BASE)
        .done()
}

/// `prefix` then `class`: "line ok", "line-key p95".
fn classes(prefix: &str, class: &str) -> String {
    let mut s = String::from(prefix);
    s.push_str(class);
    s
}

fn chart(title: &str, unit: &str, lines: &[Line], lang: Lang) -> Html {
    let xs = lines.iter().flat_map(|l| l.2.iter().map(|p| p.0));
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let ymax = nice(
        lines
            .iter()
            .flat_map(|l| l.2.iter().map(|p| p.1))
            .filter(|y| y.is_finite())
            .fold(0.0, f64::max),
    );
    let empty = !x0.is_finite();
    let span = if empty { 1.0 } else { (x1 - x0).max(1e-9) };
    let sx = |x: f64| PAD_L + (x - x0) / span * (W - PAD_L - 8.0);
    let sy = |y: f64| 8.0 + (1.0 - (y / ymax).clamp(0.0, 1.0)) * (H - PAD_B - 8.0);
    let name = if empty {
        Text::ChartNoData.fill(lang, &["title"], &[&title])
    } else {
        let mut latest = String::new();
        for l in lines {
            if let Some(p) = l.2.last() {
                if !latest.is_empty() {
                    latest.push_str(", ");
                }
                let _ = write!(latest, "{} {:.1} {unit}", l.1, p.1);
            }
        }
        Text::ChartSummary.fill(
            lang,
            &["title", "from", "to", "latest"],
            &[&title, &fixed(x0, 0, " s"), &fixed(x1, 0, " s"), &latest],
        )
    };
    let mut axis = el("g")
        .class("axis")
        .child(axis_line(X_AXIS, "8", X_AXIS))
        .child(axis_line(X_AXIS, Y_BASE, X_END))
        .child(label(
            "32",
            "16",
            false,
            format!("{} {unit}", crate::ui::widgets::slider::trim(ymax)),
        ))
        .child(label("24", Y_BASE, true, "0".into()));
    if !empty {
        axis = axis
            .child(label(X_AXIS, Y_LABEL, false, fixed(x0, 0, " s")))
            .child(label(X_END, Y_LABEL, true, fixed(x1, 0, " s")));
    }
    let mut svg = el("svg")
        .attr("role", "img")
        .attr("aria-label", name)
        .attr("viewBox", "0 0 600 160")
        .child(axis);
    let mut legend = el("ul").class("legend");
    for (class, name, pts) in lines {
        let mut d = String::new();
        for (i, &(x, y)) in pts.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_all(&mut d, &[sx(x), sy(y)]);
        }
        svg = svg.child(el("path").class(classes("line ", class)).attr("d", d));
        legend = legend.child(
            el("li")
                .child(el("span").class(classes("line-key ", class)))
                .text(*name),
        );
    }
    el("figure")
        .class("chart")
        .child(el("figcaption").text(title.to_string()))
        .child(svg)
        .child(legend)
        .done()
}

#[component]
pub fn Charts(props: &ChartsProps) -> Html {
    let s = &props.series;
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let ok: Vec<(f64, f64)> = s.throughput.iter().map(|p| (p.0, p.1)).collect();
    let failed: Vec<(f64, f64)> = s.throughput.iter().map(|p| (p.0, p.2)).collect();
    let p50: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.1)).collect();
    let p95: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.2)).collect();
    let p99: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.3)).collect();
    el("div")
        .class("charts")
        .child(chart(
            t(Text::ChartThroughput),
            t(Text::ChartUnitRequestsPerSecond),
            &[
                ("ok", t(Text::ChartSuccessful), ok),
                ("failed", t(Text::ChartFailed), failed),
            ],
            lang,
        ))
        .child(chart(
            t(Text::LatencyOfSuccesses),
            t(Text::ChartUnitMilliseconds),
            &[
                ("p50", "p50", p50),
                ("p95", "p95", p95),
                ("p99", "p99", p99),
            ],
            lang,
        ))
        .child(
            el("p")
                .class("muted small chart-note")
                .text(t(Text::LatencyChartNote)),
        )
        .done()
}
