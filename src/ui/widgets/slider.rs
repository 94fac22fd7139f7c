//! A labelled slider over a [`Ladder`] of values: its visible label is its accessible name, its
//! value is spoken as words (`aria-valuetext`) and shown beside it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::widgets::dom::{comp, el};

use crate::playground::settings::Ladder;
use crate::share::glossary::Term as GlossaryTerm;
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::term::{Term, TermProps};

/// How a slider's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    PerSecond,
    Millis,
    Percent,
    Seconds,
    Count,
    Times,
    /// A bare number (the cost spread).
    Plain,
}

impl Unit {
    pub fn format(self, v: f64, lang: Lang) -> String {
        let (text, v) = match self {
            Unit::PerSecond => (Text::UnitRequestsPerSecond, v),
            Unit::Millis => (Text::UnitMilliseconds, v),
            Unit::Percent => (Text::UnitPercent, v * 100.0),
            Unit::Seconds => (Text::UnitSeconds, v / 1000.0),
            Unit::Count => (Text::UnitPerWeight, v),
            Unit::Times => (Text::UnitTimes, v),
            Unit::Plain => (Text::UnitPlain, v),
        };
        text.fill(lang, &["value"], &[&trim(v)])
    }
}

/// A number without trailing zeros ("0.25", "2", "1500").
pub fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[derive(Properties, PartialEq)]
pub struct SliderProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub ladder: Ladder,
    pub unit: Unit,
    /// The value in force (it may lie between rungs, as a preset's rate can).
    pub value: f64,
    /// The new rung's position.
    pub onchange: Callback<usize>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub lang: Lang,
    /// The glossary term the label is, if any: its definition shows on hover and focus.
    #[prop_or_default]
    pub term: Option<GlossaryTerm>,
}

#[component]
pub fn Slider(props: &SliderProps) -> Html {
    let position = props.ladder.position(props.value);
    let text = props.unit.format(props.value, props.lang);
    let onchange = {
        let cb = props.onchange.clone();
        let len = props.ladder.len();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // A value outside the slider (edited by hand) is clamped onto the ladder.
            let p = input.value_as_number();
            let p = if p.is_finite() {
                p.round().clamp(0.0, (len - 1) as f64)
            } else {
                0.0
            };
            cb.emit(p as usize);
        })
    };
    let hint_id = format!("{}-hint", props.id);
    let slider = el("div")
        .class("slider")
        .child(match props.term {
            Some(g) => comp::<Term>(TermProps {
                word: props.label.clone(),
                term: g,
                lang: props.lang,
                label_for: Some(props.id.clone()),
            }),
            None => el("label")
                .attr("for", props.id.clone())
                .text(props.label.clone())
                .done(),
        })
        .child(
            el("input")
                .attr("type", "range")
                .attr("id", props.id.clone())
                .attr("min", "0")
                .attr("max", (props.ladder.len() - 1).to_string())
                .attr("step", "1")
                .value(position.to_string())
                .attr("aria-valuetext", text.clone())
                .attr_opt(
                    "aria-describedby",
                    props.hint.as_ref().map(|_| hint_id.clone()),
                )
                .flag("disabled", props.disabled)
                .onchange(onchange),
        )
        .child(el("output").attr("for", props.id.clone()).text(text));
    slider
        .slot(props.hint.as_ref().map(|h| {
            el("small")
                .attr("id", hint_id)
                .class("hint")
                .text(h.clone())
        }))
        .done()
}
