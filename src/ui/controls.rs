//! The controls: strategy and its code, preset, seed, the sliders, and Play / Pause / Step /
//! Reset / Add server. Every control's visible label is its accessible name.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::live::Command;
use super::settings::{
    ERROR_RATE, HEALTH_INTERVAL_MS, LATENCY_MS, MAX_SEED, RATE, SPEED, Settings, VIRTUAL_NODES,
};
use super::slider::{Slider, Unit};
use crate::engine::{RingFlavor, StrategyKind, Variant};
use crate::scenario::{PRESETS, preset};
use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub settings: Rc<Settings>,
    pub playing: bool,
    pub reduced: bool,
    pub on: Callback<Command>,
    pub lang: Lang,
}

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let s = &props.settings;
    let on = props.on.clone();
    let send = move |make: fn(usize) -> Command| {
        let on = on.clone();
        Callback::from(move |p: usize| on.emit(make(p)))
    };
    let click = |cmd: Command| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(cmd.clone()))
    };
    let on_strategy = {
        let on = props.on.clone();
        Callback::from(move |e: Event| on.emit(Command::Strategy(select_value(&e))))
    };
    let on_variant = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            on.emit(Command::Variant(if select_value(&e) == "seed" {
                Variant::Seed
            } else {
                Variant::Corrected
            }))
        })
    };
    let on_ring = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            on.emit(Command::Ring(if select_value(&e) == "nginx" {
                RingFlavor::Nginx
            } else {
                RingFlavor::Fulcrum
            }))
        })
    };
    let on_preset = {
        let on = props.on.clone();
        Callback::from(move |e: Event| on.emit(Command::Preset(select_value(&e))))
    };
    let on_seed = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Command::Seed(input.value()));
        })
    };
    let has_seed = s.kind.has_seed_variant();
    let ringed = matches!(
        s.kind,
        StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
    ) && s.variant == Variant::Corrected;
    let uses_points = matches!(
        s.kind,
        StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
    );
    let summary = preset(s.preset).map(|p| p.summary).unwrap_or_default();
    let t = |text: Text| text.get(props.lang);
    html! {
        <section class="controls" aria-label="Controls">
            <div class="buttons" role="toolbar" aria-label="Run">
                <button type="button" class="primary" aria-pressed={props.playing.to_string()} onclick={click(Command::Play)}>{ t(Text::Play) }</button>
                <button type="button" onclick={click(Command::Pause)}>{ t(Text::Pause) }</button>
                <button type="button" onclick={click(Command::Step)}>{ t(Text::Step) }</button>
                <button type="button" onclick={click(Command::Reset)}>{ t(Text::Reset) }</button>
                <button type="button" onclick={click(Command::AddServer)}>{ t(Text::AddServer) }</button>
                <span class="state" aria-live="off">
                    { if props.playing { "playing" } else { "paused" } }
                    { if props.reduced { " · reduced motion: steps, no animation" } else { "" } }
                </span>
            </div>
            <div class="pickers">
                <div class="field">
                    <label for="strategy">{ t(Text::Strategy) }</label>
                    <select id="strategy" onchange={on_strategy}>
                        { for StrategyKind::ALL.iter().map(|k| html! {
                            <option value={k.name()} selected={*k == s.kind}>{ k.name() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="variant">{ t(Text::Code) }</label>
                    <select id="variant" onchange={on_variant} disabled={!has_seed}
                        title={if has_seed { "the seed's code, defects included, or Fulcrum's corrected version" } else { "not one of the seed's nine: corrected code only" }}>
                        <option value="corrected" selected={s.variant == Variant::Corrected}>{ t(Text::CorrectedCode) }</option>
                        <option value="seed" selected={s.variant == Variant::Seed}>{ t(Text::SeedCode) }</option>
                    </select>
                </div>
                if ringed {
                    <div class="field">
                        <label for="ring-flavour">{ t(Text::Ring) }</label>
                        <select id="ring-flavour" onchange={on_ring}>
                            <option value="fulcrum" selected={s.ring == RingFlavor::Fulcrum}>{ "Fulcrum (XXH3)" }</option>
                            <option value="nginx" selected={s.ring == RingFlavor::Nginx}>{ "nginx (ketama CRC-32)" }</option>
                        </select>
                    </div>
                }
                <div class="field">
                    <label for="preset">{ t(Text::Preset) }</label>
                    <select id="preset" onchange={on_preset}>
                        { for PRESETS.iter().map(|p| html! {
                            <option value={*p} selected={*p == s.preset}>{ *p }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="seed">{ t(Text::Seed) }</label>
                    <input id="seed" type="number" inputmode="numeric" min="0" max={MAX_SEED.to_string()} step="1"
                        value={s.seed.to_string()} onchange={on_seed} />
                </div>
            </div>
            <p class="preset-summary">{ summary }</p>
            <div class="sliders">
                <Slider id="rate" label={t(Text::RequestRate)} ladder={RATE} unit={Unit::PerSecond} value={s.rate} onchange={send(Command::Rate)} />
                <Slider id="latency" label={t(Text::Latency)} ladder={LATENCY_MS} unit={Unit::Millis} value={s.latency_ms} onchange={send(Command::Latency)}
                    hint="every server's median service time" />
                <Slider id="error-rate" label={t(Text::ErrorRate)} ladder={ERROR_RATE} unit={Unit::Percent} value={s.error_rate} onchange={send(Command::ErrorRate)}
                    hint="every server, from now on" />
                <Slider id="health" label={t(Text::HealthCheckInterval)} ladder={HEALTH_INTERVAL_MS} unit={Unit::Seconds} value={s.health_interval_ms} onchange={send(Command::HealthInterval)} />
                <Slider id="vnodes" label={t(Text::VirtualNodes)} ladder={VIRTUAL_NODES} unit={Unit::Count} value={f64::from(s.virtual_nodes)} onchange={send(Command::VirtualNodes)}
                    disabled={!uses_points || s.variant == Variant::Seed || s.ring == RingFlavor::Nginx}
                    hint="ring points per unit of weight (consistent_hash, bounded loads)" />
                <Slider id="speed" label={t(Text::Speed)} ladder={SPEED} unit={Unit::Times} value={s.speed} onchange={send(Command::Speed)}
                    hint="simulated seconds per second" />
            </div>
            <p class="keys">{ "Keys: Space plays and pauses, → steps one request." }</p>
        </section>
    }
}
