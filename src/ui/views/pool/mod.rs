//! The server pool ("Server pool"): a grid of cards, each a small SVG drawing of one server's
//! weight, status in words and a mark as well as colour (a crash the balancers have not found yet
//! says so, with the time to the next check), connections against max_connections with a load
//! bar, the average and p95 of its successful responses with its failures counted beside,
//! requests and share against the share its weight would give. A server is a button: activating
//! it opens its editor.
//!
//! Each card is an element of its own, contained in layout and paint (`.pool-cards > .server`),
//! rather than a group in one SVG for the whole pool: a tick that changes five cards' figures
//! then lays out and paints those five, not every card of the pool.

pub mod clock;
pub mod editor;

use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::{AttrValue, VChild};

use crate::engine::Status;
use crate::playground::decimal;
use crate::playground::snapshot::{ServerRow, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::{El, el, frag};

#[derive(Properties, PartialEq)]
pub struct PoolProps {
    pub servers: Rc<Vec<ServerRow>>,
    /// Cards per row.
    pub columns: usize,
    pub editing: Option<usize>,
    pub on_select: Callback<usize>,
    pub lang: Lang,
}

// The card's size (text ends at W - 10, the bar is W - 24 long from 12; the viewBox adds GAP / 2
// around the card). Wide enough for "⚠ crashed — not yet detected" on one line.
const W: f64 = 240.0;
const H: f64 = 164.0;
const GAP: f64 = 10.0;

/// The card's frame as attribute values: the drawing's viewBox ("-5 -5 250 174"), the same
/// proportions as a style (the drawing is contained in size, `.pool-cards svg`, so its box
/// cannot take them from its content), and the card's width and height.
#[derive(Clone)]
struct Frame {
    view_box: AttrValue,
    proportions: AttrValue,
    width: AttrValue,
    height: AttrValue,
}

thread_local! {
    // Written once: a card is drawn again at every refresh of its slice.
    static FRAME: Frame = {
        let (w, h) = (W + GAP, H + GAP);
        Frame {
            view_box: format!("{} {} {w} {h}", -GAP / 2.0, -GAP / 2.0).into(),
            proportions: format!("aspect-ratio: {w} / {h}").into(),
            width: W.to_string().into(),
            height: H.to_string().into(),
        }
    };
}

/// A server's state in words (see [`crate::playground::snapshot::status_words`]); a failure
/// speaks first ("crashed — not yet detected" while the balancers still call it healthy).
pub fn status_words(s: &ServerRow, lang: Lang) -> String {
    s.failure.status(lang).unwrap_or_else(|| {
        let words = crate::playground::snapshot::status_words(
            s.in_pool, s.status, s.draining, s.weight, lang,
        );
        crate::playground::snapshot::slowed(words, s.slower, lang)
    })
}

pub fn ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 100.0 => format!("{v:.0} ms"),
        Some(v) => format!("{v:.1} ms"),
        None => "–".into(),
    }
}

pub fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

#[component]
pub fn ServerPool(props: &PoolProps) -> Html {
    let n = props.servers.len().max(1);
    let cols = props.columns.clamp(1, n);
    let rows = n.div_ceil(cols);
    let width = cols as f64 * (W + GAP);
    let height = rows as f64 * (H + GAP);
    let scale = bar_scale(&props.servers);
    el("div")
        .attr("role", "group")
        .attr("aria-label", Text::ServerPool.get(props.lang))
        // The cards share the pool's width as they shared its SVG's; presented, the pool keeps
        // its proportions (`--ratio`) to fit the screen's height.
        .attr(
            "style",
            format!(
                "max-width:{}px;grid-template-columns:repeat({cols},1fr);--ratio:{}",
                (width * 1.15) as u32,
                decimal::fixed(width / height, 3)
            ),
        )
        .class("pool-cards")
        .child(frag(props.servers.iter().map(|s| {
            let card = CardProps {
                row: s.clone(),
                scale,
                editing: props.editing == Some(s.index),
                on_select: props.on_select.clone(),
                lang: props.lang,
            };
            VChild::<ServerCard>::new(card, Some(s.id.clone().into())).into()
        })))
        .done()
}

/// The load bar's full length: the next power of two at or above the largest of the capacities
/// and connections in view (at least 4), so the bars compare servers with each other, and the
/// scale, which every card draws with, changes only when the load doubles or halves: a card
/// whose own figures did not change is not drawn again.
fn bar_scale(servers: &[ServerRow]) -> u32 {
    servers
        .iter()
        .map(|s| s.connections.max(s.capacity))
        .max()
        .unwrap_or(1)
        .max(4)
        .next_power_of_two()
}

#[derive(Properties, PartialEq)]
struct CardProps {
    row: ServerRow,
    /// The load bar's full length, in connections.
    scale: u32,
    editing: bool,
    on_select: Callback<usize>,
    lang: Lang,
}

/// One server's card: a component of its own, so a refresh draws only the cards whose figures
/// changed.
#[component]
fn ServerCard(props: &CardProps) -> Html {
    let s = &props.row;
    let scale = f64::from(props.scale);
    let lang = props.lang;
    let words = status_words(s, lang);
    let mut class = String::from("server status-");
    class.push_str(s.status.as_str());
    for (on, name) in [
        (s.failure.is_undetected(), " undetected"),
        (!s.eligible, " ineligible"),
        (s.draining, " draining"),
        (props.editing, " editing"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let label = Text::PoolCardLabel.fill(
        lang,
        &[
            "server", "status", "weight", "current", "max", "requests", "share", "expected",
        ],
        &[
            &s.id,
            &words,
            &s.weight,
            &s.connections,
            &s.max_connections,
            &s.requests,
            &pct(s.share),
            &pct(s.expected_share),
        ],
    );
    // The card's lines a sighted reader gets beyond the summary: the countdown, the latency.
    let label = [
        label,
        s.failure.countdown(lang).unwrap_or_default(),
        latency_title(s, lang),
    ]
    .join(" ");
    let select = {
        let cb = props.on_select.clone();
        let i = s.index;
        Callback::from(move |_: MouseEvent| cb.emit(i))
    };
    let key = {
        let cb = props.on_select.clone();
        let i = s.index;
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                cb.emit(i);
            }
        })
    };
    let fill = (f64::from(s.connections) / scale).min(1.0) * (W - 24.0);
    let cap = (s.capacity > 0).then(|| (f64::from(s.capacity) / scale).min(1.0) * (W - 24.0));
    let status_mark = s.failure.mark().unwrap_or(match (s.in_pool, s.status) {
        (false, _) => "◌",
        (_, Status::Healthy) if s.draining => "◐",
        (_, Status::Healthy) => "●",
        (_, Status::Unhealthy) => "✕",
        (_, Status::Overloaded) => "▲",
        (_, Status::Maintenance) => "■",
    });
    let countdown = s.failure.countdown(lang).unwrap_or_default();
    let frame = FRAME.with(Frame::clone);
    let drawing = el("svg")
        .attr("viewBox", frame.view_box)
        .attr("style", frame.proportions)
        .attr("aria-hidden", "true")
        .child(
            el("rect")
                .attr("width", frame.width)
                .attr("height", frame.height.clone())
                .attr("rx", "8")
                .class("card"),
        )
        .child(
            el("rect")
                .attr("x", "0")
                .attr("y", "0")
                .attr("width", "6")
                .attr("height", frame.height)
                .attr("rx", "3")
                .attr("fill", server_colour(s.index)),
        )
        .child(line("21", s.id.clone()).class("name"))
        .child(
            el("text")
                .attr("x", "230")
                .attr("y", "21")
                .attr("text-anchor", "end")
                .class("weight")
                .text(Text::WeightValue.fill(lang, &["weight"], &[&s.weight])),
        )
        .child(
            line("40", format!("{status_mark} {words}")).class(if s.failure.is_failing() {
                "status failing"
            } else {
                "status"
            }),
        )
        .child(line("55", countdown).class("countdown"))
        .child(line(
            "73",
            Text::PoolConnections.fill(
                lang,
                &["current", "max"],
                &[&s.connections, &s.max_connections],
            ),
        ))
        .child(bar("bar-track", "216".into()))
        .child(bar("bar-fill", decimal::fixed(fill, 1)))
        // An absent cap keeps its place (as `html!`'s `if` did).
        .child(cap.map_or_else(Html::default, |c| {
            let at = decimal::fixed(12.0 + c, 1);
            el("line")
                .attr("x1", at.clone())
                .attr("x2", at)
                .attr("y1", "75")
                .attr("y2", "88")
                .class("bar-cap")
                .done()
        }))
        .child(latency_line(s, lang))
        .child(failures_line(s, lang))
        .child(line(
            "137",
            if s.requests == 1 {
                Text::PoolOneRequest
            } else {
                Text::PoolRequests
            }
            .fill(lang, &["count", "share"], &[&s.requests, &pct(s.share)]),
        ))
        .child(
            line(
                "154",
                if s.by_weight {
                    Text::PoolExpected
                } else {
                    Text::PoolExpectedEqual
                }
                .fill(lang, &["share"], &[&pct(s.expected_share)]),
            )
            .class("muted"),
        );
    // The label says all the drawing does, so the drawing is hidden from assistive technology.
    el("div")
        .attr("role", "button")
        .attr("tabindex", "0")
        .attr("aria-label", label)
        .class(class)
        .onclick(select)
        .onkeydown(key)
        .child(drawing.done())
        .done()
}

/// The average and p95 of its successful responses, the full figures on hover.
fn latency_line(s: &ServerRow, lang: Lang) -> Html {
    let l = &s.latency;
    line(
        "103",
        Text::PoolOkLatency.fill(lang, &["avg", "p95"], &[&ms(l.mean()), &ms(l.p95())]),
    )
    .class("latency")
    .child(el("title").text(latency_title(s, lang)))
    .done()
}

/// Its successful responses' average and percentiles, in a sentence.
fn latency_title(s: &ServerRow, lang: Lang) -> String {
    let l = &s.latency;
    Text::PoolLatencyTitle.fill(
        lang,
        &["avg", "p50", "p95", "p99"],
        &[&ms(l.mean()), &ms(l.p50()), &ms(l.p95()), &ms(l.p99())],
    )
}

/// Its failures among the recent attempts, apart from the latency.
fn failures_line(s: &ServerRow, lang: Lang) -> Html {
    let l = &s.latency;
    let text = if l.recent_failures == 0 {
        Text::PoolNoFailures.get(lang).to_string()
    } else {
        Text::PoolFailures.fill(
            lang,
            &["failed", "rate", "n"],
            &[&l.recent_failures, &pct(l.error_rate()), &l.recent_attempts],
        )
    };
    line("120", text)
        .class(if l.recent_failures == 0 {
            "failures none"
        } else {
            "failures"
        })
        .done()
}

/// A line of the card's text, at `y`.
fn line(y: &'static str, text: String) -> El {
    el("text").attr("x", "16").attr("y", y).text(text)
}

/// The load bar's track or fill.
fn bar(class: &'static str, width: String) -> Html {
    el("rect")
        .attr("x", "12")
        .attr("y", "78")
        .attr("width", width)
        .attr("height", "7")
        .attr("rx", "3")
        .class(class)
        .done()
}
