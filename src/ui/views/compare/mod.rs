//! The compare view: two to four strategies run on the very same requests (the simulator's
//! compare mode: same arrivals, same server behaviour, same live actions at the same moments),
//! side by side, with each strategy's latency histogram beside the percentiles
//! (`histogram.rs`).

mod histogram;

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::ui::widgets::dom::{button, el, field, frag, number_select};

use crate::engine::{StrategyConfig, StrategyKind, Variant};
use crate::playground::live::{Command, CompareResult};
use crate::playground::settings::Notice;
use crate::playground::snapshot::server_colour;
use crate::share::glossary::Term as GlossaryTerm;
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::MAX_BALANCERS;
use crate::sim::report::parse_strategy;
use crate::ui::views::pool::pct;
use crate::ui::widgets::tables::{cells, col, head, row_head, scroll_table, term_col};

#[derive(Properties)]
pub struct CompareProps {
    /// The strategies chosen at first: the user's, then the preset's.
    pub defaults: Rc<Vec<(StrategyKind, Variant)>>,
    pub result: Option<Rc<CompareResult>>,
    pub error: Option<Rc<Notice>>,
    pub on_run: Callback<Vec<StrategyConfig>>,
    /// Balancers in front of the pool, and where a change of their number goes.
    pub balancers: u32,
    pub exec: Callback<Command>,
    /// Run as soon as the strategies are known (an embedded compare view).
    #[prop_or_default]
    pub auto: bool,
    pub lang: Lang,
}

/// The error note compared by pointer (notes are not compared).
impl PartialEq for CompareProps {
    fn eq(&self, o: &Self) -> bool {
        self.defaults == o.defaults
            && self.result == o.result
            && match (&self.error, &o.error) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.on_run == o.on_run
            && self.balancers == o.balancers
            && self.exec == o.exec
            && self.auto == o.auto
            && self.lang == o.lang
    }
}

/// The configurations for the chosen strategy codes (empty choices left out).
fn configs(choices: &[String]) -> Vec<StrategyConfig> {
    choices
        .iter()
        .filter(|c| !c.is_empty())
        .filter_map(|c| parse_strategy(c).ok())
        .collect()
}

fn code(kind: StrategyKind, variant: Variant) -> String {
    match variant {
        Variant::Corrected => kind.name().to_string(),
        Variant::Seed => format!("{}:{}", Variant::Seed.name(), kind.name()),
    }
}

/// The codes of `defaults`, padded with empty choices to four.
fn codes(defaults: &[(StrategyKind, Variant)]) -> Vec<String> {
    let mut v: Vec<String> = defaults.iter().map(|&(k, var)| code(k, var)).collect();
    v.resize(4, String::new());
    v
}

/// What a picker offers: (code, label), every strategy by its name, then those with the
/// tutorial's code.
fn options(lang: Lang) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for k in StrategyKind::ALL {
        v.push((
            code(k, Variant::Corrected),
            Text::strategy_name(k).get(lang).into(),
        ));
    }
    for k in StrategyKind::ALL {
        if k.has_seed_variant() {
            let name = Text::strategy_name(k).get(lang);
            let label = Text::StrategySeedCode.fill(lang, &["strategy"], &[&name]);
            v.push((code(k, Variant::Seed), label));
        }
    }
    v
}

const PICKER_IDS: [&str; 4] = ["compare-1", "compare-2", "compare-3", "compare-4"];
const PICKER_LABELS: [Text; 4] = [
    Text::StrategyA,
    Text::StrategyB,
    Text::StrategyC,
    Text::StrategyD,
];

/// Picker `i`: a labelled select of the strategies.
fn picker(
    i: usize,
    choices: &UseStateHandle<Vec<String>>,
    options: &[(String, String)],
    lang: Lang,
) -> Html {
    let onchange = {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let mut v = (*choices).clone();
            v[i] = s.value();
            choices.set(v);
        })
    };
    let chosen = &choices[i];
    let mut select = el("select")
        .attr("id", PICKER_IDS[i])
        .onchange(onchange)
        .child(
            el("option")
                .attr("value", "")
                .flag("selected", chosen.is_empty())
                .text(Text::NoChoice.get(lang)),
        );
    for (v, l) in options {
        select = select.child(
            el("option")
                .attr("value", v.clone())
                .flag("selected", chosen == v)
                .text(l.clone()),
        );
    }
    el("div")
        .class("field")
        .child(
            el("label")
                .attr("for", PICKER_IDS[i])
                .text(PICKER_LABELS[i].get(lang)),
        )
        .child(select)
        .done()
}

#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let choices = use_state(|| codes(&props.defaults));
    {
        let choices = choices.clone();
        let defaults = props.defaults.clone();
        let run = props.auto.then(|| props.on_run.clone());
        use_effect_with(defaults, move |d| {
            let v = codes(d);
            if let Some(run) = run {
                run.emit(configs(&v));
            }
            choices.set(v);
        });
    }
    let run = {
        let choices = choices.clone();
        let cb = props.on_run.clone();
        Callback::from(move |_: MouseEvent| cb.emit(configs(&choices)))
    };
    let lang = props.lang;
    let options = options(lang);
    let pickers = (0..4).map(|i| picker(i, &choices, &options, lang));
    // Each part after the pickers keeps its place, present or not (`El::slot` says why): a
    // result arriving does not rebuild "Run compare" under the keyboard's focus.
    let parts = vec![
        el("p")
            .class("muted")
            .text(Text::CompareIntro.get(lang))
            .text(" ")
            .child(
                el("span")
                    .attr("id", "compare-balancers-help")
                    .text(Text::BalancerCountHelp.get(lang)),
            )
            .done(),
        el("div")
            .class("compare-pickers")
            .children(pickers)
            .child(balancer_count(props))
            .child(button(Text::RunCompare.get(lang), run, false).class("primary"))
            .done(),
        props.error.as_ref().map_or_else(Html::default, |e| {
            el("p")
                .class("note")
                .attr("role", "status")
                .text(e.message(lang))
                .done()
        }),
        props.result.as_ref().map_or_else(Html::default, |r| {
            frag([
                results(r, lang),
                if r.latency_alike() {
                    too_light(props, &choices)
                } else {
                    Html::default()
                },
                histogram::histograms(r, lang),
                shares(r, lang),
            ])
        }),
    ];
    frag(parts)
}

/// Said under results whose latency is the same for every strategy: the load is too light to
/// tell them apart; one button moves to the herding preset and runs the same choices there.
fn too_light(props: &CompareProps, choices: &[String]) -> Html {
    let lang = props.lang;
    let (exec, run, configs) = (props.exec.clone(), props.on_run.clone(), configs(choices));
    let try_busier = Callback::from(move |_: MouseEvent| {
        exec.emit(Command::Preset(HERDING.into()));
        run.emit(configs.clone());
    });
    el("p")
        .class("note compare-alike")
        .attr("role", "status")
        .text(Text::CompareAlike.get(lang))
        .text(" ")
        .child(button(Text::CompareTryBusier.get(lang), try_busier, false))
        .done()
}

/// The preset under which the usual strategies part (a test in `playground::live` holds it).
const HERDING: &str = "herding";

/// The number of balancers: a select of the usual counts (and the current one), which reruns
/// the playground with that many balancers; the flow draws them.
fn balancer_count(props: &CompareProps) -> Html {
    let lang = props.lang;
    let exec = props.exec.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        if let Ok(n) = s.value().parse::<u32>() {
            exec.emit(Command::Balancers(n));
        }
    });
    let select = number_select(
        "compare-balancers",
        &[1, 2, 3, 4, 5, 8, 10, MAX_BALANCERS],
        Some(props.balancers),
        None,
        onchange,
    )
    .attr("aria-describedby", "compare-balancers-help");
    field("compare-balancers", Text::BalancerCount.get(lang), select).done()
}

/// A result row's share bar: a segment per server, named by every server's share.
fn share_bar(servers: &[String], shares: &[(f64, f64)]) -> Html {
    let mut label = String::new();
    for (i, (id, s)) in servers.iter().zip(shares).enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        label.push_str(id);
        label.push(' ');
        label.push_str(&pct(s.0));
    }
    let mut bar = el("span")
        .class("sharebar")
        .attr("role", "img")
        .attr("aria-label", label);
    for (i, s) in shares.iter().enumerate() {
        let mut style = String::from("width:");
        crate::playground::decimal::push(&mut style, 100.0 * s.0, 2);
        style.push_str("%;background:");
        style.push_str(&server_colour(i));
        bar = bar.child(el("span").attr("style", style));
    }
    el("td").class("shares").child(bar).done()
}

/// The results table: a row per strategy.
fn results(r: &CompareResult, lang: Lang) -> Html {
    let t = |text: Text| text.get(lang);
    let rows = r
        .rows
        .iter()
        .map(|row| {
            cells(
                el("tr").child(row_head(crate::playground::snapshot::strategy_words(
                    &row.strategy,
                    lang,
                ))),
                &mut [
                    pct(row.availability),
                    exact(row.p50, 1, " ms"),
                    exact(row.p95, 1, " ms"),
                    exact(row.p99, 1, " ms"),
                    exact(row.jain, 3, ""),
                    row.retries.to_string(),
                    row.peak_connections.to_string(),
                    row.cache_hit_rate.map_or("–".into(), pct),
                    pct(row.dropped),
                ],
            )
            .child(share_bar(&r.servers, &row.shares))
            .done()
        })
        .collect();
    scroll_table(
        el("table")
            .class("compare")
            .attr("aria-label", t(Text::CompareResults)),
        crate::ui::widgets::dom::text(Text::CompareCaption.fill(
            lang,
            &["requests", "elapsed"],
            &[
                &r.requests,
                &Text::UnitMilliseconds.fill(lang, &["value"], &[&exact(r.elapsed_ms, 0, "")]),
            ],
        )),
        // Jain's index is a term: its definition says it measures shares, not latency.
        head(&[
            t(Text::ColStrategy),
            t(Text::ColAvailability),
            "p50",
            "p95",
            "p99",
        ])
        .child(term_col("Jain", GlossaryTerm::Fairness, lang))
        .children(
            [
                Text::ColRetries,
                Text::ColPeakInFlight,
                Text::ColCacheHits,
                Text::ColDropped,
                Text::ColShareByServer,
            ]
            .map(|c| col(t(c))),
        ),
        rows,
    )
}

/// Each strategy's shares drawn: a column per strategy, a labelled bar per server with its share
/// in figures and a tick at the share the strategy promises (its weight's, or an equal one for a
/// strategy that reads no weights). Bars share one scale (the largest
/// share shown), so a strategy that piles onto a few servers stands out.
fn shares(r: &CompareResult, lang: Lang) -> Html {
    let top = r
        .rows
        .iter()
        .flat_map(|row| row.shares.iter().map(|s| s.0.max(s.1)))
        .fold(0.0, f64::max)
        .max(1e-9);
    let width = |v: f64| {
        let mut w = String::new();
        crate::playground::decimal::push(&mut w, 100.0 * v / top, 2);
        w.push('%');
        w
    };
    let columns = r.rows.iter().map(|row| {
        let bars = r
            .servers
            .iter()
            .zip(&row.shares)
            .enumerate()
            .map(|(i, (id, s))| {
                let fill = format!("width:{};background:{}", width(s.0), server_colour(i));
                el("li")
                    .child(el("span").class("share-server").text(id.clone()))
                    .child(
                        el("span")
                            .class("share-track")
                            .attr("aria-hidden", "true")
                            .child(el("span").class("share-fill").attr("style", fill))
                            .child(
                                el("span")
                                    .class("share-tick")
                                    .attr("style", format!("left:{}", width(s.1))),
                            ),
                    )
                    .child(el("span").class("share-value").text(pct(s.0)))
                    .done()
            });
        let name = crate::playground::snapshot::strategy_words(&row.strategy, lang);
        el("div")
            .class("share-column")
            .attr("role", "group")
            .attr(
                "aria-label",
                Text::CompareSharesOf.fill(lang, &["strategy"], &[&name]),
            )
            .child(el("h4").text(name))
            .child(el("ul").children(bars))
            .done()
    });
    el("figure")
        .class("compare-shares")
        .child(el("figcaption").text(Text::CompareSharesTitle.get(lang)))
        .child(el("div").class("share-columns").children(columns))
        .done()
}
