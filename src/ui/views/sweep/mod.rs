//! The sweep view: the playground's run at offered loads from 10 % to 110 % of its servers'
//! capacity, for the strategies Compare starts with, drawn as p99 latency and the share of
//! requests dropped by full queues against the load, a line per strategy. It is computed on
//! demand (a button: about 90,000 simulated requests, `playground::sweep`), never per frame,
//! and forgotten when the settings change. Lines differ in colour and dash pattern, the legend
//! names them, and a table under the charts gives every figure.

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::{StrategyKind, Variant};
use crate::playground::decimal::{exact, push_all};
use crate::playground::settings::Settings;
use crate::playground::snapshot::strategy_words;
use crate::playground::sweep::{PAGE_REQUESTS, SweepProblem, SweepResult, run};
use crate::share::i18n::{Lang, LaterText};
use crate::sim::sweep::SweepReport;
use crate::ui::widgets::dom::{button, el, frag, text};
use crate::ui::widgets::tables::{cells, row_head, scroll_table};

#[derive(Properties, PartialEq)]
pub struct SweepProps {
    pub settings: Rc<Settings>,
    /// The strategies to sweep: Compare's first choices.
    pub strategies: Rc<Vec<(StrategyKind, Variant)>>,
    pub lang: Lang,
}

#[component]
pub fn SweepView(props: &SweepProps) -> Html {
    let result = use_state(|| None::<Rc<Result<SweepResult, SweepProblem>>>);
    {
        // Figures of other settings would mislead: forget them.
        let result = result.clone();
        use_effect_with(
            (props.settings.clone(), props.strategies.clone()),
            move |_| {
                result.set(None);
            },
        );
    }
    let lang = props.lang;
    let onclick = {
        let result = result.clone();
        let settings = props.settings.clone();
        let strategies = props.strategies.clone();
        Callback::from(move |_: MouseEvent| {
            let r = run(&settings, &strategies, js_sys::Date::now);
            result.set(Some(Rc::new(r)));
        })
    };
    let view = el("div")
        .class("sweep")
        .child(el("p").class("muted").text(LaterText::SweepIntro.fill(
            lang,
            &["requests"],
            &[&PAGE_REQUESTS],
        )))
        .child(
            el("div")
                .class("buttons")
                .child(button(LaterText::RunSweep.get(lang), onclick, false).class("primary")),
        );
    // The result keeps its place after "Run the sweep" (`El::slot`), so the button keeps the
    // keyboard's focus when a result comes.
    let shown = result.as_deref().map(|result| match result {
        Err(problem) => el("p")
            .class("note")
            .attr("role", "status")
            .text(problem.message(lang))
            .done(),
        Ok(r) => frag([
            el("p")
                .attr("role", "status")
                .text(LaterText::SweepCaption.fill(
                    lang,
                    &["capacity", "elapsed"],
                    &[
                        &exact(r.report.capacity_per_s, 0, ""),
                        &exact(r.elapsed_ms, 0, ""),
                    ],
                ))
                .done(),
            chart(&r.report, Chart::P99, lang),
            chart(&r.report, Chart::Dropped, lang),
            legend(&r.report, lang),
            table(&r.report, lang),
        ]),
    });
    view.slot(shown).done()
}

#[derive(Clone, Copy, PartialEq)]
enum Chart {
    P99,
    Dropped,
}

const W: f64 = 600.0;
const H: f64 = 170.0;
const LEFT: f64 = 52.0;
const BOTTOM: f64 = 22.0;

/// One chart: the value against the load, a line per strategy.
fn chart(r: &SweepReport, which: Chart, lang: Lang) -> Html {
    let value = |c: &crate::sim::sweep::SweepCell| match which {
        Chart::P99 => c.p99_ms,
        Chart::Dropped => 100.0 * c.drop_rate,
    };
    let (title, unit) = match which {
        Chart::P99 => (LaterText::SweepP99Title.get(lang), "ms"),
        Chart::Dropped => (LaterText::SweepDroppedTitle.get(lang), "%"),
    };
    let top = r
        .points
        .iter()
        .flat_map(|p| p.cells.iter().map(value))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let top = if top <= 0.0 { 1.0 } else { top * 1.1 };
    let (x0, x1) = match (r.points.first(), r.points.last()) {
        (Some(a), Some(b)) if b.load > a.load => (a.load, b.load),
        (Some(a), _) => (a.load - 0.05, a.load + 0.05),
        _ => (0.0, 1.0),
    };
    let sx = |x: f64| LEFT + (x - x0) / (x1 - x0) * (W - LEFT - 12.0);
    let sy = |y: f64| 8.0 + (1.0 - (y / top).clamp(0.0, 1.0)) * (H - BOTTOM - 8.0);
    let mut summary = String::from(title);
    for (k, name) in r.strategies.iter().enumerate() {
        let _ = write!(summary, "; {}:", strategy_words(name, lang));
        for p in &r.points {
            if let Some(c) = p.cells.get(k) {
                let _ = write!(summary, " {:.0}% {:.1} {unit},", p.load * 100.0, value(c));
            }
        }
        summary.pop();
    }
    let label = |x: f64, y: f64, anchor: &'static str, t: String| {
        let mut svg_text = el("text").class("axis-label").attr("text-anchor", anchor);
        svg_text = svg_text
            .attr("x", format!("{x:.0}"))
            .attr("y", format!("{y:.0}"));
        svg_text.text(t).done()
    };
    let mut svg = el("svg")
        .attr("role", "img")
        .attr("aria-label", summary)
        .attr("viewBox", format!("0 0 {W} {H}"))
        .child(
            el("g")
                .class("axis")
                .child(
                    el("path")
                        .attr("d", format!("M{LEFT} 8V{}H{}", H - BOTTOM, W - 12.0))
                        .attr("fill", "none"),
                )
                // The top value inside the plot, in the headroom above the lines (the top is
                // 10% over the highest value): beside the axis, a long one ("1250 ms") was cut.
                .child(label(
                    LEFT + 4.0,
                    16.0,
                    "start",
                    format!("{} {unit}", trim(top)),
                ))
                .child(label(LEFT - 4.0, H - BOTTOM, "end", "0".into()))
                .child(label(sx(x0), H - 4.0, "start", pct(x0)))
                .child(label(sx(x1), H - 4.0, "end", pct(x1)))
                .child(label(
                    (LEFT + W) / 2.0,
                    H - 4.0,
                    "middle",
                    LaterText::SweepLoadAxis.get(lang).into(),
                )),
        );
    for k in 0..r.strategies.len() {
        let mut d = String::new();
        for (i, p) in r.points.iter().enumerate() {
            let Some(c) = p.cells.get(k) else { continue };
            d.push(if i == 0 { 'M' } else { 'L' });
            push_all(&mut d, &[sx(p.load), sy(value(c))]);
        }
        svg = svg.child(
            el("path")
                .class(format!("line sweep-line s{}", k % 4))
                .attr("d", d),
        );
    }
    el("figure")
        .class("chart sweep-chart")
        .child(el("figcaption").text(title))
        .child(svg)
        .done()
}

/// The legend: each strategy's line and name.
fn legend(r: &SweepReport, lang: Lang) -> Html {
    el("ul")
        .class("legend")
        .children(r.strategies.iter().enumerate().map(|(k, name)| {
            el("li")
                .child(el("span").class(format!("line-key sweep-key s{}", k % 4)))
                .text(" ")
                .text(strategy_words(name, lang))
                .done()
        }))
        .done()
}

/// Every figure as a table: a row per load, p99 and dropped per strategy.
fn table(r: &SweepReport, lang: Lang) -> Html {
    let column = |name: String| el("th").attr("scope", "col").text(name).done();
    let mut header = el("tr")
        .child(column(LaterText::SweepColLoad.get(lang).into()))
        .child(column(LaterText::SweepColRate.get(lang).into()));
    for name in &r.strategies {
        let name = strategy_words(name, lang);
        header = header
            .child(column(LaterText::SweepColP99.fill(
                lang,
                &["strategy"],
                &[&name],
            )))
            .child(column(LaterText::SweepColDropped.fill(
                lang,
                &["strategy"],
                &[&name],
            )));
    }
    let rows = r
        .points
        .iter()
        .map(|p| {
            let mut figures: Vec<String> = vec![exact(p.rate_per_s, 0, "")];
            for c in &p.cells {
                figures.push(exact(c.p99_ms, 1, " ms"));
                figures.push(exact(100.0 * c.drop_rate, 1, "%"));
            }
            cells(el("tr").child(row_head(pct(p.load))), &mut figures).done()
        })
        .collect();
    el("details")
        .child(el("summary").text(LaterText::SweepTable.get(lang)))
        .child(scroll_table(
            el("table")
                .class("sweep-table")
                .attr("aria-label", LaterText::SweepTable.get(lang)),
            text(LaterText::SweepTable.get(lang)),
            header,
            rows,
        ))
        .done()
}

fn pct(load: f64) -> String {
    format!("{:.0}%", load * 100.0)
}

fn trim(x: f64) -> String {
    crate::ui::widgets::slider::trim(x)
}
