//! The request flow's fixed parts ("Request flow"): the clients, the balancer and one row per
//! server, greyed while the balancer may not pick it. The requests moving between them are drawn
//! over it by [`crate::ui::views::flow::tokens::FlowTokens`].

pub mod legend;
pub mod tokens;

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::fixed;
use crate::playground::motion::FlowLayout;
use crate::playground::snapshot::{ServerLabel, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::{El, el, frag};

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub layout: FlowLayout,
    pub servers: Rc<Vec<ServerLabel>>,
    pub strategy: AttrValue,
    pub lang: Lang,
}

/// Attributes `kx` and `ky`: a point, each coordinate with one decimal.
fn xy(e: El, kx: &'static str, x: f64, ky: &'static str, y: f64) -> El {
    e.attr(kx, fixed(x, 1)).attr(ky, fixed(y, 1))
}

/// A lane from (x1, y1) to (x2, y2).
fn lane(x1: f64, y1: f64, x2: f64, y2: f64) -> Html {
    xy(xy(el("line"), "x1", x1, "y1", y1), "x2", x2, "y2", y2).done()
}

#[component]
pub fn FlowView(props: &FlowProps) -> Html {
    let l = props.layout;
    let lang = props.lang;
    let (cx, cy) = l.client;
    let font = (l.row * 0.55).clamp(10.0, 15.0);
    el("svg")
        .attr("role", "img")
        .attr("aria-label", Text::RequestFlow.get(lang))
        .attr("aria-describedby", "flow-desc")
        .attr("viewBox", format!("0 0 {} {}", l.width, l.height))
        .class("flow-svg")
        .child(
            el("desc")
                .attr("id", "flow-desc")
                .text(Text::FlowDescription.get(lang)),
        )
        .child(
            el("g")
                .class("lanes")
                .children((0..l.balancers).map(|b| {
                    let (bx, by) = l.balancer_at(b);
                    lane(cx + 40.0, cy, bx - 52.0, by)
                }))
                .children((0..l.balancers).flat_map(|b| {
                    let (bx, by) = l.balancer_at(b);
                    props
                        .servers
                        .iter()
                        .map(move |s| lane(bx + 52.0, by, l.server_x - 12.0, l.server_y(s.index)))
                })),
        )
        .child(
            el("g")
                .class("node client")
                .child(
                    xy(el("rect"), "x", cx - 40.0, "y", cy - 22.0)
                        .attr("width", "80")
                        .attr("height", "44")
                        .attr("rx", "8"),
                )
                .child(middle(cx, cy - 28.0).text(Text::FlowClients.get(lang))),
        )
        .child(balancers(&l, &props.strategy, lang))
        // The rows as one keyed list of their own (as `html!`'s `for` made them).
        .child(frag(props.servers.iter().map(|s| {
            let y = l.server_y(s.index);
            let mut class = String::from("node srv");
            if !s.eligible {
                class.push_str(" ineligible");
            }
            class.push_str(" status-");
            class.push_str(s.status.as_str());
            if s.failure.is_undetected() {
                class.push_str(" undetected");
            }
            let (top, height) = (y - l.row * 0.4, l.row * 0.8);
            if s.slower >= 2 {
                class.push_str(" slow");
            }
            let status = match (s.failure.mark(), s.failure.status(lang)) {
                (Some(mark), Some(words)) => format!("{mark} {words}"),
                _ => crate::playground::snapshot::slowed(
                    crate::playground::snapshot::status_words(
                        s.in_pool, s.status, s.draining, s.weight, lang,
                    ),
                    s.slower,
                    lang,
                ),
            };
            let g = el("g")
                .class(class)
                .key(s.id.clone())
                .child(
                    xy(el("rect"), "x", l.server_x - 12.0, "y", top)
                        .attr("width", fixed(l.width - l.server_x + 4.0, 1))
                        .attr("height", fixed(height, 1))
                        .attr("rx", "4"),
                )
                .child(
                    xy(el("rect"), "x", l.server_x - 12.0, "y", top)
                        .attr("width", "5")
                        .attr("height", fixed(height, 1))
                        .attr("fill", server_colour(s.index)),
                );
            row_words(g, &l, y, font, &s.id, &status)
        })))
        .done()
}

/// A server row's id and status, never over each other: on a row tall enough for two lines,
/// the status sits under the id; on a short row it ends at the row's right edge. Either way a
/// status wider than the room left (a long failure, Chinese) is narrowed to fit
/// (`textLength`), so it never runs into the id or out of the row.
fn row_words(g: El, l: &FlowLayout, y: f64, font: f64, id: &str, status: &str) -> Html {
    use crate::playground::motion::label_width;
    // Text widths as the page's sans-serif draws them, a wide (CJK) character counting two.
    let wide = |text: &str, size: f64| label_width(text) as f64 * size * 0.56;
    let (left, right) = (l.server_x + 18.0, l.width - 14.0);
    let height = l.row * 0.8;
    let two_lines = height >= 24.0;
    let (id_size, status_size) = if two_lines {
        let id_size = font.min(height * 0.44);
        (id_size, (id_size * 0.85).min(height * 0.34))
    } else {
        (font, font * 0.85)
    };
    // A line's box is about 1.17 of its size (ascent 0.93, descent 0.24): the two boxes are
    // stacked with a gap of 2, not just their baselines.
    let (id_y, status_y, status_x, room) = if two_lines {
        let top = y - ((id_size + status_size) * 1.17 + 2.0) / 2.0;
        (
            top + id_size * 0.93,
            top + id_size * 1.17 + 2.0 + status_size * 0.93,
            left,
            right - left,
        )
    } else {
        let id_end = left + wide(id, id_size);
        (
            y + font * 0.35,
            y + font * 0.35,
            right,
            right - id_end - 10.0,
        )
    };
    let mut words = xy(el("text"), "x", status_x, "y", status_y)
        .attr("style", format!("font-size:{status_size:.0}px"))
        .class("muted status");
    if !two_lines {
        words = words.attr("text-anchor", "end");
    }
    if wide(status, status_size) > room {
        words = words
            .attr("textLength", fixed(room.max(20.0), 1))
            .attr("lengthAdjust", "spacingAndGlyphs");
    }
    g.child(
        xy(el("text"), "x", left, "y", id_y)
            .attr("style", format!("font-size:{id_size:.0}px"))
            .class("id")
            .text(id.to_string()),
    )
    .child(words.text(status.to_string()))
    .done()
}

/// The strategy's name inside the balancer's box, in as many lines as it needs
/// (`motion::label_lines`), centred on the box; a name too long for a line is squeezed to the
/// box's width rather than spill over it.
fn balancer_label(x: f64, y: f64, words: &str) -> Html {
    use crate::playground::motion::{LABEL_LINE, label_lines, label_width};
    let lines = label_lines(words);
    let first = y + 4.0 - (lines.len() as f64 - 1.0) * 6.0;
    middle(x, first)
        .class("muted small")
        .children(lines.into_iter().enumerate().map(|(i, line)| {
            let squeeze = label_width(&line) > LABEL_LINE;
            let mut span = el("tspan")
                .attr("x", fixed(x, 1))
                .attr("dy", if i == 0 { "0" } else { "12" });
            if squeeze {
                span = span
                    .attr("textLength", "96")
                    .attr("lengthAdjust", "spacingAndGlyphs");
            }
            span.text(line).done()
        }))
        .done()
}

/// The balancer boxes: one named with its strategy, or a stack of numbered boxes (the last
/// standing for the rest when there are more than fit) under a heading that counts them.
fn balancers(l: &FlowLayout, strategy: &str, lang: Lang) -> Html {
    let words = crate::playground::snapshot::strategy_words(strategy, lang);
    let (bx, by) = l.balancer;
    let h = l.balancer_box();
    let rect = |y: f64| {
        xy(el("rect"), "x", bx - 52.0, "y", y - h / 2.0)
            .attr("width", "104")
            .attr("height", fixed(h, 1))
            .attr("rx", "8")
    };
    let g = el("g").class("node balancer");
    if l.balancers == 1 {
        return g
            .child(rect(by))
            .child(middle(bx, by - 32.0).text(Text::FlowBalancer.get(lang)))
            .child(balancer_label(bx, by, &words))
            .done();
    }
    let total = l.balancers_total as usize;
    let (_, top) = l.balancer_at(0);
    let (_, bottom) = l.balancer_at(l.balancers - 1);
    g.child(
        middle(bx, top - h / 2.0 - 6.0).text(Text::FlowBalancers.fill(lang, &["count"], &[&total])),
    )
    .children((0..l.balancers).map(|b| {
        let (_, y) = l.balancer_at(b);
        let name = if b + 1 == l.balancers && total > l.balancers {
            format!("#{}–{}", b + 1, total)
        } else {
            format!("#{}", b + 1)
        };
        frag([
            rect(y).done(),
            middle(bx, y + 4.0).class("small").text(name).done(),
        ])
    }))
    .child(
        middle(bx, bottom + h / 2.0 + 14.0)
            .class("muted small")
            .text(words),
    )
    .done()
}

/// A `<text>` centred on (x, y).
fn middle(x: f64, y: f64) -> El {
    xy(el("text"), "x", x, "y", y).attr("text-anchor", "middle")
}
