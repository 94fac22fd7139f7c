//! What the servers told the strategies that listen, drawn beside "What the balancer sees":
//! Prequal's probe pool as the last pick read it (each probe a bar of its latency, in its
//! server's colour, striped when hot, with its words: RIF, latency, age, uses, hot or cold; the
//! winner marked and the rule that chose it), and Join-Idle-Queue's I-queue at each balancer
//! (the idle servers it holds, head first). The figures are the engine's
//! (`playground::feedback`); every mark is also in words, so colour and stripes only repeat them.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::{Step, StrategyKind};
use crate::playground::feedback::{ProbePool, idle_queue_notes};
use crate::playground::snapshot::{LastPick, server_colour};
use crate::share::i18n::{Lang, Text};
use crate::share::steps::step_text;
use crate::ui::widgets::dom::{El, el, frag};

#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    pub kind: StrategyKind,
    pub last: Option<Rc<LastPick>>,
    /// Join-Idle-Queue's I-queue at each balancer, head first.
    pub idle: Rc<Vec<Vec<(usize, String)>>>,
    pub lang: Lang,
}

/// Whether the strategy has something of this kind to draw.
pub fn listens(kind: StrategyKind) -> bool {
    matches!(kind, StrategyKind::Prequal | StrategyKind::JoinIdleQueue)
}

#[component]
pub fn FeedbackView(props: &FeedbackProps) -> Html {
    let lang = props.lang;
    let body = match props.kind {
        StrategyKind::Prequal => probe_pool(props.last.as_deref(), lang),
        StrategyKind::JoinIdleQueue => idle_queues(&props.idle, props.last.as_deref(), lang),
        _ => return Html::default(),
    };
    el("figure").class("feedback").child(body).done()
}

/// A step of the last pick in words.
fn words(last: &LastPick, step: &Step, lang: Lang) -> String {
    step_text(step, last.hash_bits, &|p| last.name(p), lang)
}

/// The probe pool at the last pick: the rule's reading, a bar per probe, the outcome.
fn probe_pool(last: Option<&LastPick>, lang: Lang) -> Html {
    let pool = last.and_then(|l| ProbePool::from_steps(&l.steps).map(|p| (l, p)));
    let Some((last, pool)) = pool else {
        return caption(Text::SeenNoPick.get(lang).into());
    };
    let longest = pool.longest_ms();
    let probes = pool.rows.iter().map(|r| {
        let mut style = String::from("--c:");
        style.push_str(&server_colour(last.index(r.server)));
        // Whole percents: the page formats no fractions for this.
        let width = (4.0 + 96.0 * r.latency_ms / longest) as u32;
        style.push_str(";width:");
        style.push_str(&width.to_string());
        style.push('%');
        let mut text = words(last, &last.steps[r.step], lang);
        if r.picked {
            text = Text::SeenChipPicked.fill(lang, &["server"], &[&text]);
        }
        el("li")
            .class(match (r.hot, r.picked) {
                (true, true) => "probe hot picked",
                (true, false) => "probe hot",
                (false, true) => "probe cold picked",
                (false, false) => "probe cold",
            })
            .child(el("span").class("probe-bar").attr("style", style))
            .child(el("span").text(text))
            .done()
    });
    let steps =
        |s: &Option<usize>| s.map(|i| el("p").text(words(last, &last.steps[i], lang)).done());
    frag([
        caption(Text::ProbePoolTitle.fill(lang, &["request"], &[&last.request])),
        frag(steps(&pool.pool)),
        el("ol").class("probes").children(probes).done(),
        frag(steps(&pool.why).map(|p| el("div").class("why").child(p).done())),
    ])
}

/// Each balancer's I-queue, head first, and what the last pick took from one.
fn idle_queues(idle: &[Vec<(usize, String)>], last: Option<&LastPick>, lang: Lang) -> Html {
    let queues = idle.iter().enumerate().map(|(i, queue)| {
        let list: El = if queue.is_empty() {
            el("span")
                .class("muted")
                .text(Text::IdleQueueEmptyNow.get(lang))
        } else {
            el("ol")
                .class("chips")
                .children(queue.iter().map(|(index, id)| {
                    let mut style = String::from("--c:");
                    style.push_str(&server_colour(*index));
                    el("li")
                        .class("chip")
                        .attr("style", style)
                        .text(id.clone())
                        .done()
                }))
        };
        el("li")
            .child(el("strong").text(Text::BalancerNumber.fill(lang, &["n"], &[&(i + 1)])))
            .text(" ")
            .child(list)
            .done()
    });
    let notes = last.map(|l| {
        idle_queue_notes(&l.steps)
            .map(|s| el("p").text(words(l, s, lang)).done())
            .collect::<Vec<_>>()
    });
    frag([
        caption(Text::IdleQueuesTitle.get(lang).into()),
        el("p")
            .class("muted small")
            .text(Text::IdleQueuesHow.get(lang))
            .done(),
        el("ul").class("idle-queues").children(queues).done(),
        el("div")
            .class("why")
            .children(notes.unwrap_or_default())
            .done(),
    ])
}

fn caption(text: String) -> Html {
    el("figcaption").text(text).done()
}
