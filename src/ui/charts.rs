//! Charts over simulated time: throughput (successful and failed requests per second, from the
//! simulator's series) and latency percentiles (p50, p95, p99 of the requests that ended in each
//! interval).

use std::rc::Rc;

use yew::prelude::*;

use super::decimal::push_all;
use super::dom::el;

use super::snapshot::Series;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub series: Rc<Series>,
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

fn chart(title: &str, unit: &str, lines: &[Line]) -> Html {
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
    let latest: Vec<String> = lines
        .iter()
        .filter_map(|l| l.2.last().map(|p| format!("{} {:.1} {unit}", l.1, p.1)))
        .collect();
    let label = if empty {
        format!("{title}: no data yet")
    } else {
        format!(
            "{title}, {:.0} s to {:.0} s; latest: {}",
            x0,
            x1,
            latest.join(", ")
        )
    };
    let text = |x: String, y: String, end: bool, t: String| {
        el("text")
            .attr("x", x)
            .attr("y", y)
            .attr_opt("text-anchor", end.then_some("end"))
            .text(t)
            .done()
    };
    let line = |x1: String, y1: String, x2: String, y2: String| {
        el("line")
            .attr("x1", x1)
            .attr("y1", y1)
            .attr("x2", x2)
            .attr("y2", y2)
            .done()
    };
    let mut axis = el("g")
        .class("axis")
        .child(line(
            PAD_L.to_string(),
            "8".into(),
            PAD_L.to_string(),
            (H - PAD_B).to_string(),
        ))
        .child(line(
            PAD_L.to_string(),
            (H - PAD_B).to_string(),
            (W - 8.0).to_string(),
            (H - PAD_B).to_string(),
        ))
        .child(text(
            (PAD_L + 4.0).to_string(),
            "16".into(),
            false,
            format!("{} {unit}", super::slider::trim(ymax)),
        ))
        .child(text(
            (PAD_L - 4.0).to_string(),
            (H - PAD_B).to_string(),
            true,
            "0".into(),
        ));
    if !empty {
        axis = axis
            .child(text(
                PAD_L.to_string(),
                (H - 6.0).to_string(),
                false,
                format!("{x0:.0} s"),
            ))
            .child(text(
                (W - 8.0).to_string(),
                (H - 6.0).to_string(),
                true,
                format!("{x1:.0} s"),
            ));
    }
    el("figure")
        .class("chart")
        .child(el("figcaption").text(title.to_string()))
        .child(
            el("svg")
                .attr("role", "img")
                .attr("aria-label", label)
                .attr("viewBox", format!("0 0 {W} {H}"))
                .child(axis)
                .children(lines.iter().map(|(class, _, pts)| {
                    let mut d = String::new();
                    for (i, &(x, y)) in pts.iter().enumerate() {
                        d.push(if i == 0 { 'M' } else { 'L' });
                        push_all(&mut d, &[sx(x), sy(y)]);
                    }
                    el("path")
                        .class(format!("line {class}"))
                        .attr("d", d)
                        .done()
                })),
        )
        .child(
            el("ul")
                .class("legend")
                .children(lines.iter().map(|(class, name, _)| {
                    el("li")
                        .child(el("span").class(format!("line-key {class}")))
                        .text(*name)
                        .done()
                })),
        )
        .done()
}

#[component]
pub fn Charts(props: &ChartsProps) -> Html {
    let s = &props.series;
    let ok: Vec<(f64, f64)> = s.throughput.iter().map(|p| (p.0, p.1)).collect();
    let failed: Vec<(f64, f64)> = s.throughput.iter().map(|p| (p.0, p.2)).collect();
    let p50: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.1)).collect();
    let p95: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.2)).collect();
    let p99: Vec<(f64, f64)> = s.latency.iter().map(|p| (p.0, p.3)).collect();
    html! {
        <div class="charts">
            { chart("Throughput", "req/s", &[("ok", "successful", ok), ("failed", "failed", failed)]) }
            { chart("Latency percentiles", "ms", &[("p50", "p50", p50), ("p95", "p95", p95), ("p99", "p99", p99)]) }
        </div>
    }
}
