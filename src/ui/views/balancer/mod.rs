//! "What the balancer sees": the strategy's own view of the world, live. The part specific to
//! the strategy (round robin's cursor, smooth WRR's current weights, the two candidates of power
//! of two choices and their scores, every rendezvous score...) comes from the engine's
//! explanation of the last pick; the per-server part (connections, peak EWMA, the response
//! window) from the balancer's pool.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::share::glossary::Term;
use crate::ui::widgets::dom::{El, el, frag, text};
use crate::ui::widgets::tables::{cells, col, head, row_head, scroll_table, term_col};

use crate::engine::{Step, StrategyKind};
use crate::playground::snapshot::{LastPick, SeenRow, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::share::steps;

#[derive(Properties, PartialEq)]
pub struct SeenProps {
    pub kind: StrategyKind,
    pub seen: Rc<Vec<SeenRow>>,
    pub last: Option<Rc<LastPick>>,
    pub balancers: u32,
    pub lang: Lang,
}

fn num(x: f64) -> String {
    if !x.is_finite() {
        "∞".into()
    } else if x == x.trunc() && x.abs() < 1e9 {
        crate::playground::decimal::fixed(x, 0)
    } else {
        exact(x, 3, "")
    }
}

fn chip(last: &LastPick, pool_index: usize, class: &'static str, text: String) -> Html {
    let mut classes = String::from("chip");
    if !class.is_empty() {
        classes.push(' ');
        classes.push_str(class);
    }
    let mut style = String::from("--c:");
    style.push_str(&server_colour(last.index(pool_index)));
    el("span")
        .class(classes)
        .attr("style", style)
        .text(text)
        .done()
}

/// A text paragraph of class `class` (none when empty).
fn para(class: &'static str, text: String) -> Html {
    el("p")
        .attr_opt("class", (!class.is_empty()).then_some(class))
        .text(text)
        .done()
}

/// "… owned by" and the owner's chip.
fn owned_by(last: &LastPick, mut text: String, owner: usize) -> Html {
    text.push(' ');
    el("p")
        .text(text)
        .child(chip(last, owner, "picked", last.name(owner)))
        .done()
}

/// A row over server `p`: its name as the header, ticked and of class "chosen" when it was
/// chosen.
fn server_tr(last: &LastPick, p: usize, chosen: Option<usize>) -> El {
    let picked = chosen == Some(p);
    el("tr")
        .attr_opt("class", picked.then_some("chosen"))
        .child(row_head(last.name(p)).text(if picked { " ✓" } else { "" }))
}

/// Bars for a list of (pool index, score); `lower_wins` marks the lowest, else the highest.
fn bars(last: &LastPick, scores: &[(usize, f64)], chosen: Option<usize>, caption: &str) -> Html {
    let max = scores
        .iter()
        .map(|s| s.1)
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max)
        .max(1e-12);
    let mut body = el("tbody");
    for &(p, score) in scores {
        let w = if score.is_finite() {
            (score / max).clamp(0.0, 1.0) * 100.0
        } else {
            100.0
        };
        let mut style = String::from("width:");
        crate::playground::decimal::push(&mut style, w, 1);
        style.push_str("%;background:");
        style.push_str(&server_colour(last.index(p)));
        body = body.child(
            server_tr(last, p, chosen)
                .child(el("td").class("bar").child(el("span").attr("style", style)))
                .child(el("td").text(num(score))),
        );
    }
    el("table")
        .class("bars")
        .child(el("caption").text(caption.to_string()))
        .child(body)
        .done()
}

/// The strategy-specific part, from the last pick's steps.
fn from_steps(kind: StrategyKind, last: &LastPick, seen: &[SeenRow], lang: Lang) -> Html {
    let chosen = last.steps.iter().find_map(|s| match s {
        Step::Chosen { server } => Some(*server),
        _ => None,
    });
    let mut parts: Vec<Html> = Vec::new();
    let mut scores: Vec<(usize, f64)> = Vec::new();
    // Beyond 16 servers a rendezvous pick may descend its tree more than once (each descent
    // starts with a Hash step): the bars show the servers of the last one.
    let mut rendezvous: Vec<(usize, f64)> = Vec::new();
    let mut tree = false;
    for step in &last.steps {
        match step {
            Step::Score { server, score } => scores.push((*server, *score)),
            Step::Hash { .. } | Step::SeededHash { .. } => rendezvous.clear(),
            Step::RendezvousScore { server, score } => rendezvous.push((*server, *score)),
            Step::RendezvousNode { .. } => tree = true,
            Step::Cursor { position, of, next } => {
                parts.push(cursor(last, seen, (*position, *of, *next), lang))
            }
            Step::SmoothWeights {
                servers,
                weights,
                before,
                after,
                total,
            } => parts.push(smooth_weights(
                last,
                chosen,
                servers,
                (weights, before, after),
                *total,
                lang,
            )),
            Step::Candidates { servers, scores } => parts.push(bars(
                last,
                &[(servers[0], scores[0]), (servers[1], scores[1])],
                chosen,
                if kind == StrategyKind::PeakEwma {
                    Text::SeenCandidatesEwma.get(lang)
                } else {
                    Text::SeenCandidatesLoad.get(lang)
                },
            )),
            Step::Random { range, index } => parts.push(para(
                "",
                Text::SeenRandom.fill(lang, &["index", "range"], &[index, range]),
            )),
            Step::Modulo {
                hash,
                n: count,
                index,
            } => parts.push(para(
                "",
                Text::SeenModulo.fill(
                    lang,
                    &["hash", "n", "index"],
                    &[&format!("0x{hash:x}"), count, index],
                ),
            )),
            Step::MaglevSlot {
                slot,
                table_size,
                owner,
            } => parts.push(owned_by(
                last,
                Text::SeenMaglev.fill(lang, &["slot", "table_size"], &[slot, table_size]),
                *owner,
            )),
            Step::RingPoint {
                index,
                owner,
                wrapped,
                ..
            } => parts.push(owned_by(
                last,
                if *wrapped {
                    Text::SeenRingPointWrapped
                } else {
                    Text::SeenRingPoint
                }
                .fill(lang, &["index"], &[index]),
                *owner,
            )),
            Step::AtCapacity {
                server,
                load,
                capacity,
            } => parts.push(para(
                "",
                Text::SeenAtCapacity.fill(
                    lang,
                    &["server", "load", "capacity"],
                    &[&last.name(*server), load, capacity],
                ),
            )),
            Step::RingSkip { owner, reason, .. } => parts.push(para(
                "",
                Text::SeenRingSkip.fill(
                    lang,
                    &["server", "reason"],
                    &[&last.name(*owner), &steps::unavailable_text(*reason, lang)],
                ),
            )),
            Step::Jump { from, to } => parts.push(para(
                "small",
                Text::SeenJump.fill(lang, &["from", "to"], &[from, to]),
            )),
            Step::SeedDefect(defect) => parts.push(
                el("p")
                    .class("defect")
                    .child(el("strong").text(Text::SeenDefect.get(lang)))
                    .text(format!(
                        " {}",
                        steps::defect_text(defect, lang, &|p| last.name(p))
                    ))
                    .done(),
            ),
            _ => {}
        }
    }
    if !scores.is_empty() {
        parts.push(bars(last, &scores, chosen, Text::SeenScores.get(lang)));
    }
    if !rendezvous.is_empty() {
        parts.push(bars(
            last,
            &rendezvous,
            chosen,
            if tree {
                Text::SeenRendezvousTree.get(lang)
            } else {
                Text::SeenRendezvous.get(lang)
            },
        ));
    }
    if parts.is_empty() {
        parts.push(para("muted", Text::SeenNothing.get(lang).into()));
    }
    frag(parts)
}

/// Round robin's cursor: the servers as chips, the one picked and the next marked.
fn cursor(last: &LastPick, seen: &[SeenRow], at: (usize, usize, usize), lang: Lang) -> Html {
    let (position, of, next) = at;
    let (position, of, next) = (&position, &of, &next);
    let (picked, to) = (*position % (*of).max(1), *next % (*of).max(1));
    let mut chips = el("div").class("chips");
    for (k, p) in seen
        .iter()
        .enumerate()
        .filter(|(_, r)| r.eligible)
        .map(|(p, _)| p)
        .enumerate()
    {
        let name = last.name(p);
        let (class, label) = if k == picked {
            (
                "picked",
                Text::SeenChipPicked.fill(lang, &["server"], &[&name]),
            )
        } else if k == to {
            ("next", Text::SeenChipNext.fill(lang, &["server"], &[&name]))
        } else {
            ("", name)
        };
        chips = chips.child(chip(last, p, class, label));
    }
    el("div")
        .class("cursor")
        .child(para(
            "",
            // Places in line are counted from 1, as a reader counts them.
            Text::SeenCursor.fill(
                lang,
                &["position", "of", "next"],
                &[&(picked + 1), of, &(to + 1)],
            ),
        ))
        .child(chips)
        .done()
}

/// Smooth weighted round robin's current weights before and after the pick.
fn smooth_weights(
    last: &LastPick,
    chosen: Option<usize>,
    servers: &[usize],
    (weights, before, after): (&[i64], &[i64], &[i64]),
    total: i64,
    lang: Lang,
) -> Html {
    let total = &total;
    scroll_table(
        el("table").class("smooth"),
        text(Text::SeenSmoothCaption.fill(lang, &["total"], &[total])),
        head(&[
            Text::SeenServer.get(lang),
            Text::SeenWeight.get(lang),
            Text::SeenCurrentBefore.get(lang),
            Text::SeenAfter.get(lang),
        ]),
        servers
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let at = |v: &[i64]| v.get(k).copied().unwrap_or(0).to_string();
                cells(
                    server_tr(last, p, chosen),
                    &mut [
                        weights.get(k).copied().unwrap_or(0).to_string(),
                        at(before),
                        at(after),
                    ],
                )
                .done()
            })
            .collect(),
    )
}

#[component]
pub fn BalancerView(props: &SeenProps) -> Html {
    let lang = props.lang;
    let tau_note = matches!(
        props.kind,
        StrategyKind::PeakEwma | StrategyKind::LeastResponseTime
    );
    let state = match &props.last {
        // Prequal's pool and JIQ's I-queues are drawn above (`views::feedback`): their steps
        // hold no other state to show here.
        Some(_) if crate::ui::views::feedback::listens(props.kind) => Html::default(),
        Some(last) if last.server.is_some() => frag([
            para(
                "muted small",
                Text::SeenAtLastPick.fill(lang, &["request"], &[&last.request]),
            ),
            from_steps(props.kind, last, &props.seen, lang),
        ]),
        Some(_) => para("", Text::SeenLast503.get(lang).into()),
        None => para("muted", Text::SeenNoPick.get(lang).into()),
    };
    let rows = props
        .seen
        .iter()
        .map(|r| {
            // The mean, and on a line of its own below it how many samples it is of: the
            // column stays narrow beside the picture.
            let window = el("td");
            let window = match r.window_ms {
                None => window.text("–"),
                Some(v) => {
                    let count = r.window_len.to_string();
                    let of = if r.failures > 0 {
                        Text::SeenWindowFailed.fill(
                            lang,
                            &["count", "failures"],
                            &[&count, &r.failures],
                        )
                    } else {
                        Text::SeenWindow.fill(lang, &["count"], &[&count])
                    };
                    window
                        .text(exact(v, 1, " ms"))
                        .child(el("span").class("of").text(of))
                }
            };
            let mut swatch = String::from("background:");
            swatch.push_str(&server_colour(r.index));
            cells(
                el("tr")
                    .attr_opt("class", (!r.eligible).then_some("ineligible"))
                    .child(
                        el("th")
                            .attr("scope", "row")
                            .child(el("span").class("swatch").attr("style", swatch))
                            .text(r.id.clone()),
                    ),
                &mut [
                    r.weight.to_string(),
                    (if r.eligible {
                        Text::SeenYes
                    } else {
                        Text::SeenNo
                    })
                    .get(lang)
                    .to_string(),
                    r.connections.to_string(),
                    r.ewma_ms.map_or("–".into(), |v| exact(v, 1, " ms")),
                ],
            )
            .child(window.done())
            .done()
        })
        .collect();
    let mut parts = Vec::new();
    if props.balancers > 1 {
        parts.push(para(
            "muted",
            Text::SeenBalancerOf.fill(lang, &["count"], &[&props.balancers]),
        ));
    }
    parts.push(
        el("div")
            .class("strategy-state")
            .attr("aria-label", Text::SeenStateLabel.get(lang))
            .child(state)
            .done(),
    );
    parts.push(scroll_table(
        el("table").class("seen"),
        text(Text::SeenViewCaption.get(lang)),
        head(&[
            Text::SeenServer.get(lang),
            Text::SeenWeight.get(lang),
            Text::SeenMayPick.get(lang),
        ])
        .child(term_col(Text::SeenInFlight.get(lang), Term::InFlight, lang))
        .child(term_col(Text::SeenPeakEwma.get(lang), Term::Ewma, lang))
        .child(col(Text::SeenRecentMean.get(lang))),
        rows,
    ));
    if tau_note {
        parts.push(para("muted small", Text::SeenTau.get(lang).into()));
    }
    frag(parts)
}
