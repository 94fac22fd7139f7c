//! The two bars above the views: sharing (the Share button and the page's language) and the
//! timeline (step back, or jump to any request so far: the run is replayed, the simulation
//! being deterministic).

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::live::Command;
use crate::playground::snapshot::Snapshot;
use crate::share::i18n::{Lang, Text};
use crate::ui::chrome::address::{ShareButton, ShareProps};
use crate::ui::hooks::{SnapshotBus, use_part};
use crate::ui::widgets::dom::{comp, el};

/// The Share button (copying `href`) and the language select.
pub fn share_bar(href: String, lang: Lang, on_lang: Callback<Event>) -> Html {
    let options = Lang::ALL.iter().map(|&l| {
        el("option")
            .attr("value", l.code())
            .flag("selected", l == lang)
            .text(l.native_name())
            .done()
    });
    el("div")
        .class("share-tools")
        .child(comp::<ShareButton>(ShareProps {
            href: AttrValue::from(href),
            lang,
        }))
        .child(
            el("label")
                .attr("for", "language")
                .text(Text::Language.get(lang)),
        )
        .child(
            el("select")
                .attr("id", "language")
                .onchange(on_lang)
                .children(options),
        )
        .done()
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub snapshots: Rc<SnapshotBus>,
    pub exec: Callback<Command>,
    pub lang: Lang,
}

/// "Step back" and the slider over the requests sent so far, at the last one picked; it follows
/// the snapshot's last pick.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let (at, sent) = *use_part(&props.snapshots, (), |_, s: &Snapshot| {
        (s.last.as_ref().map_or(0, |l| l.request), s.sent)
    })
    .picked;
    let (exec, lang) = (&props.exec, props.lang);
    let on_jump = {
        let exec = exec.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(request) = input.value().parse::<u64>() {
                exec.emit(Command::ReplayTo(request));
            }
        })
    };
    let back = exec.reform(|_: MouseEvent| Command::StepBack);
    el("div")
        .class("share-tools")
        .attr("role", "group")
        .attr("aria-label", Text::Timeline.get(lang))
        .child(
            el("button")
                .attr("type", "button")
                .flag("disabled", at == 0)
                .onclick(back)
                .text(Text::StepBack.get(lang)),
        )
        .child(
            el("label")
                .attr("for", "timeline")
                .text(Text::JumpToRequest.get(lang)),
        )
        .child(
            el("input")
                .attr("id", "timeline")
                .attr("type", "range")
                .attr("min", "0")
                .attr("max", sent.saturating_sub(1).to_string())
                .attr("step", "1")
                .flag("disabled", sent == 0)
                .value(at.to_string())
                .onchange(on_jump),
        )
        .child(
            el("output")
                .attr("for", "timeline")
                .text(Text::AtRequest.fill(lang, &["request", "requests"], &[&at, &sent])),
        )
        .done()
}
