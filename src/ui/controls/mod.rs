//! The controls: strategy and its code, preset, seed, the sliders, and Play / Pause / Step /
//! Reset / Add server. Every control's visible label is its accessible name.

pub mod notes;
pub mod prequal;

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::{RingFlavor, StrategyKind, Variant};
use crate::playground::live::Command;
use crate::playground::settings::{
    ACTIVE_REQUEST_BIAS, CHOICES, COST_SPREAD, ERROR_RATE, HEALTH_INTERVAL_MS, LATENCY_MS, Ladder,
    MAX_SEED, PROBES, QUEUE_LIMITS, RATE, SPEED, Settings, VIRTUAL_NODES,
};
use crate::scenario::PRESETS;
use crate::share::glossary::Term;
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::{El, button, el, field, number_input, number_select};
use crate::ui::widgets::slider::{Slider, Unit};
use crate::ui::widgets::term::term;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub settings: Rc<Settings>,
    pub on: Callback<Command>,
    pub lang: Lang,
    /// What the page adds under "More settings".
    #[prop_or_default]
    pub more: Html,
    /// The Strategy picker is in the run bar (on a phone), not here.
    #[prop_or_default]
    pub strategy_in_bar: bool,
}

fn select_value(e: &Event) -> String {
    let s: HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

/// The pickers and the request rate in reach; the seed, the other sliders and Add server folded
/// under "More settings" (with `more`, what the page adds there), so a first look meets few
/// controls. Play and the other run buttons are [`RunBar`], which the page keeps in reach.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let summary = Text::preset_summary(props.settings.preset).map_or("", |t| t.get(lang));
    let (rate, knob, rest) = sliders(props);
    el("section")
        .attr("aria-label", Text::Controls.get(lang))
        .class("controls")
        // Reset, shown on a phone only, where the sticky run bar leaves it out (one row).
        .child(el("div").class("buttons phone-only").child(button(
            Text::Reset.get(lang),
            props.on.reform(|_: MouseEvent| Command::Reset),
            false,
        )))
        .child(
            pickers(props)
                .child(el("div").class("sliders rate").child(rate))
                // Absent, it keeps its place (an empty node), as the ring's picker does.
                .child(knob.map_or_else(Html::default, |k| {
                    el("div").class("sliders rate").child(k).done()
                })),
        )
        .child(prequal::knobs(&props.settings, &props.on, lang))
        .child(el("p").class("preset-summary").text(summary))
        // The preset's words name its servers: say when the pool is no longer those.
        .child(if props.settings.servers_are_own() {
            el("p")
                .class("preset-summary preset-own")
                .text(Text::PresetServersOwn.get(lang))
                .done()
        } else {
            Html::default()
        })
        .child(
            el("details")
                .class("more")
                .child(el("summary").text(Text::MoreSettings.get(lang)))
                .child(el("div").class("pickers").child(seed_field(props)))
                .child(el("div").class("sliders").children(rest))
                .child(el("div").class("pickers").child(queue_field(props)))
                .child(el("div").class("buttons").child(button(
                    Text::AddServer.get(lang),
                    props.on.reform(|_: MouseEvent| Command::AddServer),
                    false,
                )))
                .child(props.more.clone())
                .child(el("p").class("keys").text(Text::KeysLine.get(lang))),
        )
        .done()
}

#[derive(Properties, PartialEq)]
pub struct RunBarProps {
    pub playing: bool,
    /// Paused by play on arrival while the picture is off screen (it plays again in sight).
    #[prop_or_default]
    pub parked: bool,
    pub reduced: bool,
    pub on: Callback<Command>,
    pub lang: Lang,
    /// What the page adds at the bar's end (the Present button).
    #[prop_or_default]
    pub extra: Html,
}

/// Play, Pause, Step, Reset and whether the run is playing: the bar the page keeps in reach
/// (sticky while scrolling).
#[component]
pub fn RunBar(props: &RunBarProps) -> Html {
    // Stuck at the top, the bar is drawn as a band across the page (style.css).
    let node = use_node_ref();
    let stuck = crate::ui::hooks::use_stuck(node.clone());
    el("div")
        .class(if stuck { "runbar stuck" } else { "runbar" })
        .node_ref(node)
        .attr("id", "run")
        .child(run_buttons(props))
        .child(props.extra.clone())
        .done()
}

/// Play, Pause, Step, Reset, and whether the run is playing.
fn run_buttons(props: &RunBarProps) -> El {
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let click = |cmd: Command| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(cmd.clone()))
    };
    let run = |label: Text, cmd: Command| button(t(label), click(cmd), false);
    // On Play and Pause, Space plays and pauses as everywhere on the page (the tour says so),
    // rather than pressing the focused button again (`hooks::playground::key_command`).
    let toggles = |b: El| b.attr("data-space", "toggles");
    el("div")
        .attr("role", "toolbar")
        .attr("aria-label", t(Text::ControlsRun))
        .class("buttons")
        .child(toggles(
            run(Text::Play, Command::Play)
                .attr("aria-pressed", props.playing.to_string())
                .class("primary"),
        ))
        .child(toggles(run(Text::Pause, Command::Pause)))
        .child(run(Text::Step, Command::Step))
        // On a phone the sticky bar keeps one row (Play, Pause, Step, the Strategy picker):
        // Reset moves to the controls there ([`Controls`]' `.phone-only` copy, style.css).
        .child(run(Text::Reset, Command::Reset).class("reset"))
        .child(
            el("span")
                .attr("aria-live", "off")
                .class("state")
                .text(t(if props.playing {
                    Text::StatePlaying
                } else if props.parked {
                    Text::StateParked
                } else {
                    Text::StatePaused
                }))
                .text(if props.reduced { " · " } else { "" })
                .text(if props.reduced {
                    t(Text::StateReducedMotion)
                } else {
                    ""
                }),
        )
}

/// Strategy, its code, the ring's flavour (for a corrected ring), preset and seed.
fn pickers(props: &ControlsProps) -> El {
    let s = &props.settings;
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let on_variant = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            on.emit(Command::Variant(
                Variant::from_name(&select_value(&e)).unwrap_or_default(),
            ))
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
    let has_seed = s.kind.has_seed_variant();
    let ringed = matches!(
        s.kind,
        StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
    ) && s.variant == Variant::Corrected;
    // On a phone the strategy sits in the run bar, by the picture ([`strategy_field`]).
    let strategy = if props.strategy_in_bar {
        Html::default()
    } else {
        strategy_field(s.kind, &props.on, lang, true).done()
    };
    el("div")
        .class("pickers")
        .child(strategy)
        .child(field(
            "variant",
            t(Text::Code),
            el("select")
                .attr("id", "variant")
                .attr(
                    "title",
                    t(if has_seed {
                        Text::VariantHint
                    } else {
                        Text::VariantHintNoSeed
                    }),
                )
                .flag("disabled", !has_seed)
                .onchange(on_variant)
                .child(option(
                    "corrected",
                    s.variant == Variant::Corrected,
                    t(Text::CorrectedCode),
                ))
                .child(option(
                    Variant::Seed.name(),
                    s.variant == Variant::Seed,
                    t(Text::SeedCode),
                )),
        ))
        // An absent picker keeps its place (as `html!`'s `if` did).
        .child(if ringed {
            field(
                "ring-flavour",
                t(Text::Ring),
                el("select")
                    .attr("id", "ring-flavour")
                    .onchange(on_ring)
                    .child(option(
                        "fulcrum",
                        s.ring == RingFlavor::Fulcrum,
                        "Fulcrum (XXH3)",
                    ))
                    .child(option(
                        "nginx",
                        s.ring == RingFlavor::Nginx,
                        "nginx (ketama CRC-32)",
                    )),
            )
            // "ketama", defined on hover and focus.
            .child(
                el("small")
                    .class("strategy-id")
                    .child(term("ketama", Term::Ketama, lang)),
            )
            .done()
        } else {
            Html::default()
        })
        .child(field(
            "preset",
            t(Text::Preset),
            el("select")
                .attr("id", "preset")
                .onchange(on_preset)
                .children(PRESETS.iter().map(|p| {
                    let title = Text::preset_title(p).map_or(*p, |t| t.get(lang));
                    option(p, *p == s.preset, title)
                })),
        ))
}

/// The Strategy picker, labelled: in the controls, in the run bar on a phone and in presentation
/// mode, one at a time (so one element is `#strategy`, named "Strategy"), each a view of the
/// same setting and each sending the same command. `id_line`: the strategy's identifier and
/// term under it (where there is room for a second line).
pub fn strategy_field(kind: StrategyKind, on: &Callback<Command>, lang: Lang, id_line: bool) -> El {
    let on = on.clone();
    let on_strategy = Callback::from(move |e: Event| on.emit(Command::Strategy(select_value(&e))));
    let select = el("select")
        .attr("id", "strategy")
        .onchange(on_strategy)
        .children(
            StrategyKind::ALL
                .iter()
                .map(|k| option(k.name(), *k == kind, Text::strategy_name(*k).get(lang))),
        );
    if id_line {
        field(
            "strategy",
            Text::Strategy.get(lang),
            select.attr("aria-describedby", "strategy-id"),
        )
        .child(strategy_id(kind, lang))
    } else {
        field("strategy", Text::Strategy.get(lang), select).class("field bar-strategy")
    }
}

/// The seed, typed or drawn afresh.
fn seed_field(props: &ControlsProps) -> El {
    let (s, lang) = (&props.settings, props.lang);
    let t = |text: Text| text.get(lang);
    let on_seed = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Command::Seed(input.value()));
        })
    };
    let on_new_seed = {
        let on = props.on.clone();
        Callback::from(move |_| on.emit(Command::Seed(random_seed().to_string())))
    };
    field(
        "seed",
        t(Text::Seed),
        number_input("seed", "0".into(), "1", s.seed.to_string())
            .attr("inputmode", "numeric")
            .attr("max", MAX_SEED.to_string())
            .onchange(on_seed),
    )
    .child(button(t(Text::NewSeed), on_new_seed, false))
}

/// A seed from the browser's entropy (`crypto.getRandomValues`; `Math.random` where there is
/// no `crypto`), 0 to [`MAX_SEED`]: set like a typed one, so it goes into the link and the run
/// stays reproducible from it.
fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let drawn = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if drawn {
        u64::from_le_bytes(bytes) & MAX_SEED
    } else {
        (js_sys::Math::random() * (MAX_SEED as f64 + 1.0)) as u64 & MAX_SEED
    }
}

/// The queue length every server with a capacity takes: a select of the usual lengths (and the
/// one in force), or each server's own.
fn queue_field(props: &ControlsProps) -> El {
    let lang = props.lang;
    let on = props.on.clone();
    let onchange = Callback::from(move |e: Event| {
        on.emit(Command::QueueLimit(select_value(&e).parse::<u32>().ok()));
    });
    let select = number_select(
        "queue-length",
        &QUEUE_LIMITS,
        props.settings.queue_limit,
        Some(Text::QueueOwn.get(lang)),
        onchange,
    )
    .attr("aria-describedby", "queue-length-hint");
    field("queue-length", Text::QueueLength.get(lang), select).child(
        el("small")
            .attr("id", "queue-length-hint")
            .class("hint")
            .text(Text::HintQueueLength.get(lang)),
    )
}

/// Envoy least request's `active_request_bias`: unset (Envoy's default), or a rung of its ladder
/// (and the link's value where it is none of them).
fn bias_select(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let current = props.settings.active_request_bias;
    let on = props.on.clone();
    let onchange = Callback::from(move |e: Event| {
        on.emit(Command::ActiveRequestBias(select_value(&e).parse().ok()));
    });
    let mut values = ACTIVE_REQUEST_BIAS.values.to_vec();
    if let Some(c) = current.filter(|c| !values.contains(c)) {
        values.push(c);
        values.sort_by(f64::total_cmp);
    }
    let option = |value: String, on: bool, text: String| {
        el("option")
            .attr("value", value)
            .flag("selected", on)
            .text(text)
            .done()
    };
    let select = el("select")
        .attr("id", "active-request-bias")
        .attr("aria-describedby", "active-request-bias-hint")
        .onchange(onchange)
        .child(option(
            String::new(),
            current.is_none(),
            Text::ActiveRequestBiasUnset.get(lang).to_string(),
        ))
        .children(
            values
                .iter()
                .map(|&v| option(v.to_string(), current == Some(v), v.to_string())),
        );
    field(
        "active-request-bias",
        Text::ActiveRequestBias.get(lang),
        select,
    )
    .child(
        el("small")
            .attr("id", "active-request-bias-hint")
            .class("hint")
            .text(Text::HintActiveRequestBias.get(lang)),
    )
    .done()
}

/// The sliders, each along its ladder: the rate, the strategy's own knob where it has one the
/// page sets (multi-probe's k, power of d choices' d, Envoy least request's d and bias; shown only
/// then), and the six folded ones.
fn sliders(props: &ControlsProps) -> (Html, Option<Html>, [Html; 6]) {
    let s = &props.settings;
    let lang = props.lang;
    let uses_points = matches!(
        s.kind,
        StrategyKind::ConsistentHash | StrategyKind::BoundedLoadConsistentHash
    );
    let vnodes_off = !uses_points || s.variant == Variant::Seed || s.ring == RingFlavor::Nginx;
    let one = |id: &'static str,
               label: Text,
               ladder: Ladder,
               unit: Unit,
               value: f64,
               make: fn(usize) -> Command,
               hint: Option<Text>| {
        let on = props.on.clone();
        // The sliders whose names are technical terms show their definition on hover and focus.
        let term = match id {
            "health" => Some(Term::HealthCheck),
            "vnodes" => Some(Term::VirtualNodes),
            _ => None,
        };
        html! {
            <Slider id={id} label={label.get(lang)} ladder={ladder} unit={unit} value={value}
                onchange={Callback::from(move |p: usize| on.emit(make(p)))}
                disabled={id == "vnodes" && vnodes_off}
                hint={hint.map(|h| AttrValue::Static(h.get(lang)))} lang={lang} term={term} />
        }
    };
    let knob = match s.kind {
        StrategyKind::MultiProbeHash => {
            let k = f64::from(s.k);
            Some(one(
                "probes",
                Text::Probes,
                PROBES,
                Unit::Plain,
                k,
                Command::Probes,
                Some(Text::HintProbes),
            ))
        }
        StrategyKind::PowerOfDChoices => {
            let d = f64::from(s.d);
            Some(one(
                "choices",
                Text::Choices,
                CHOICES,
                Unit::Plain,
                d,
                Command::Choices,
                Some(Text::HintChoices),
            ))
        }
        // Envoy's choice_count is the page's d; its active_request_bias has its own select.
        StrategyKind::EnvoyLeastRequest => {
            let d = f64::from(s.d);
            let choices = one(
                "choices",
                Text::Choices,
                CHOICES,
                Unit::Plain,
                d,
                Command::Choices,
                None,
            );
            Some(html! { <>{choices}{bias_select(props)}</> })
        }
        _ => None,
    };
    let vnodes = f64::from(s.virtual_nodes);
    (
        one(
            "rate",
            Text::RequestRate,
            RATE,
            Unit::PerSecond,
            s.rate,
            Command::Rate,
            None,
        ),
        knob,
        [
            one(
                "latency",
                Text::Latency,
                LATENCY_MS,
                Unit::Millis,
                s.latency_ms,
                Command::Latency,
                Some(Text::HintLatency),
            ),
            one(
                "error-rate",
                Text::ErrorRate,
                ERROR_RATE,
                Unit::Percent,
                s.error_rate,
                Command::ErrorRate,
                Some(Text::HintErrorRate),
            ),
            one(
                "health",
                Text::HealthCheckInterval,
                HEALTH_INTERVAL_MS,
                Unit::Seconds,
                s.health_interval_ms,
                Command::HealthInterval,
                Some(Text::HintHealthInterval),
            ),
            one(
                "vnodes",
                Text::VirtualNodes,
                VIRTUAL_NODES,
                Unit::Count,
                vnodes,
                Command::VirtualNodes,
                Some(Text::HintVirtualNodes),
            ),
            one(
                "speed",
                Text::Speed,
                SPEED,
                Unit::Times,
                s.speed,
                Command::Speed,
                Some(Text::HintSpeed),
            ),
            one(
                "cost-spread",
                Text::CostSpread,
                COST_SPREAD,
                Unit::Plain,
                s.cost_spread,
                Command::CostSpread,
                Some(Text::HintCostSpread),
            ),
        ],
    )
}

/// Beside the strategy picker: the strategy's identifier, as links and the CLI write it, and
/// its name as a term with its definition where the glossary has one.
fn strategy_id(kind: StrategyKind, lang: Lang) -> Html {
    let mut line = el("small").attr("id", "strategy-id").class("strategy-id");
    if let Some(g) = Term::for_strategy(kind) {
        line = line
            .child(term(Text::strategy_name(kind).get(lang), g, lang))
            .text(" ");
    }
    line.child(el("code").text(kind.name())).done()
}

/// An `<option>` of a picker.
fn option(value: &'static str, selected: bool, label: &'static str) -> Html {
    el("option")
        .attr("value", value)
        .flag("selected", selected)
        .text(label)
        .done()
}
