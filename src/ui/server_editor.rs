//! The editor of one server, opened from the pool: weight, latency, error rate and max
//! connections, and the faults an operator (or fate) applies: crash, recover, drain, maintenance.
//! Weight, error rate and the faults apply now; latency and max connections replay the run.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::live::{Command, ServerEdit};
use super::pool::status_words;
use super::snapshot::ServerRow;
use crate::engine::Status;
use crate::scenario::FaultAction;
use crate::share::permalink::{LATENCY, MAX_CONNECTIONS, WEIGHT};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub server: ServerRow,
    pub on: Callback<Command>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ServerEditor(props: &EditorProps) -> Html {
    let s = &props.server;
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
    let id = |name: &str| format!("edit-{name}");
    html! {
        <section class="editor" aria-label={format!("Edit {}", s.id)} onkeydown={escape}>
            <header>
                <h3>{ format!("{} ({})", s.id, s.endpoint) }</h3>
                <p class="status-line">{ format!("Status: {}", status_words(s)) }</p>
                <button type="button" class="close" onclick={close} aria-label="Close the editor">{ "Close" }</button>
            </header>
            <div class="fields">
                <div class="field">
                    <label for={id("weight")}>{ "Weight" }</label>
                    <input id={id("weight")} type="number" min="0" max={WEIGHT.max.to_string()} step="1" value={s.weight.to_string()}
                        onchange={field(ServerEdit::Weight)} />
                </div>
                <div class="field">
                    <label for={id("latency")}>{ "Latency (ms)" }</label>
                    <input id={id("latency")} type="number" min={LATENCY.min.to_string()} max={LATENCY.max.to_string()} step="any" value={format!("{}", s.latency_ms)}
                        onchange={field(ServerEdit::Latency)} />
                </div>
                <div class="field">
                    <label for={id("error")}>{ "Error rate (%)" }</label>
                    <input id={id("error")} type="number" min="0" max="100" step="any" value={format!("{}", s.error_rate * 100.0)}
                        onchange={field(ServerEdit::ErrorRate)} />
                </div>
                <div class="field">
                    <label for={id("max")}>{ "Max connections" }</label>
                    <input id={id("max")} type="number" min="1" max={MAX_CONNECTIONS.max.to_string()} step="1" value={s.max_connections.to_string()}
                        onchange={field(ServerEdit::MaxConnections)} />
                </div>
            </div>
            <div class="buttons">
                <button type="button" class="danger" onclick={act(FaultAction::Crash)}>{ "Crash" }</button>
                <button type="button" onclick={act(FaultAction::Recover)}>{ "Recover" }</button>
                if s.draining {
                    <button type="button" onclick={act(FaultAction::Undrain)}>{ "Undrain" }</button>
                } else {
                    <button type="button" onclick={act(FaultAction::Drain)}>{ "Drain" }</button>
                }
                if s.status == Status::Maintenance {
                    <button type="button" onclick={act(FaultAction::EndMaintenance)}>{ "End maintenance" }</button>
                } else {
                    <button type="button" onclick={act(FaultAction::Maintenance)}>{ "Maintenance" }</button>
                }
            </div>
            <p class="hint">{ "Weight, error rate and the buttons act now; latency and max connections replay the run with the new value." }</p>
        </section>
    }
}
