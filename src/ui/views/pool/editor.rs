//! The editor of one server, opened from the pool: weight, latency, error rate and max
//! connections, and the faults an operator (or fate) applies: crash, recover, drain, maintenance.
//! Weight, error rate and the faults apply now; latency and max connections replay the run.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::widgets::dom::{button, el, number_input};

use crate::engine::Status;
use crate::playground::live::{Command, ServerEdit};
use crate::playground::snapshot::ServerRow;
use crate::scenario::FaultAction;
use crate::share::i18n::{Lang, Text};
use crate::ui::views::pool::status_words;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub server: ServerRow,
    pub on: Callback<Command>,
    pub on_close: Callback<()>,
    pub lang: Lang,
}

#[component]
pub fn ServerEditor(props: &EditorProps) -> Html {
    let s = &props.server;
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let i = s.index;
    let field = |make: fn(String) -> ServerEdit| {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Command::Server(i, make(input.value())));
        })
    };
    let act = |a: FaultAction| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(Command::Server(i, ServerEdit::Action(a))))
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let escape = {
        let cb = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cb.emit(());
            }
        })
    };
    let number = |id: &'static str,
                  label: &'static str,
                  min: &'static str,
                  max: Option<&'static str>,
                  step: &'static str,
                  value: String,
                  make: fn(String) -> ServerEdit| {
        el("div")
            .class("field")
            .child(el("label").attr("for", id).text(label))
            .child(
                number_input(id, min.into(), step, value)
                    .attr_opt("max", max)
                    .onchange(field(make)),
            )
            .done()
    };
    let (drain, drain_label) = if s.draining {
        (FaultAction::Undrain, t(Text::Undrain))
    } else {
        (FaultAction::Drain, t(Text::Drain))
    };
    let (maintenance, maintenance_label) = if s.status == Status::Maintenance {
        (FaultAction::EndMaintenance, t(Text::EndMaintenanceButton))
    } else {
        (FaultAction::Maintenance, t(Text::Maintenance))
    };
    el("section")
        .class("editor")
        .attr(
            "aria-label",
            Text::EditServer.fill(lang, &["server"], &[&s.id]),
        )
        .onkeydown(escape)
        .child(
            el("header")
                .child(el("h3").text(format!("{} ({})", s.id, s.endpoint)))
                .child(el("p").class("status-line").text(Text::EditorStatus.fill(
                    lang,
                    &["status"],
                    &[&status_words(s, lang)],
                )))
                .child(
                    button(t(Text::Close), close, false)
                        .class("close")
                        .attr("aria-label", t(Text::CloseEditor)),
                ),
        )
        .child(el("div").class("fields").children([
            // The limits are share::permalink's WEIGHT, LATENCY and MAX_CONNECTIONS (the editor
            // clamps to them in ui::live), so every edit fits in a link.
            number(
                "edit-weight",
                t(Text::Weight),
                "0",
                Some("100"),
                "1",
                s.weight.to_string(),
                ServerEdit::Weight,
            ),
            number(
                "edit-latency",
                t(Text::EditorLatency),
                "1",
                Some("5000"),
                "any",
                format!("{}", s.latency_ms),
                ServerEdit::Latency,
            ),
            number(
                "edit-error",
                t(Text::EditorErrorRate),
                "0",
                Some("100"),
                "any",
                format!("{}", s.error_rate * 100.0),
                ServerEdit::ErrorRate,
            ),
            number(
                "edit-max",
                t(Text::MaxConnections),
                "1",
                Some("100000"),
                "1",
                s.max_connections.to_string(),
                ServerEdit::MaxConnections,
            ),
        ]))
        .child(
            el("div")
                .class("buttons")
                .child(button(t(Text::Crash), act(FaultAction::Crash), false).class("danger"))
                .child(button(t(Text::Recover), act(FaultAction::Recover), false))
                .child(button(drain_label, act(drain), false))
                .child(button(maintenance_label, act(maintenance), false)),
        )
        .child(el("p").class("hint").text(t(Text::EditorHint)))
        .done()
}
