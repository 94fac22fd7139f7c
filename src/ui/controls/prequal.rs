//! Prequal's five sliders (pool size, Q_RIF, r, b, maximum age), shown beside the rate only while
//! Prequal is the strategy: one list (`share::knobs::PrequalKnob::ALL`) gives their order, their
//! ladders (`playground::settings::prequal_ladder`) and what they set.

use yew::prelude::*;

use crate::engine::StrategyKind;
use crate::playground::live::Command;
use crate::playground::settings::{Settings, prequal_ladder};
use crate::share::i18n::{Lang, Text};
use crate::share::knobs::PrequalKnob;
use crate::ui::widgets::dom::el;
use crate::ui::widgets::slider::{Slider, Unit};

/// The sliders in a group named "Prequal's settings", or nothing for another strategy.
pub fn knobs(settings: &Settings, on: &Callback<Command>, lang: Lang) -> Html {
    if settings.kind != StrategyKind::Prequal {
        return Html::default();
    }
    let sliders = PrequalKnob::ALL.map(|knob| {
        let (id, label, hint, unit) = match knob {
            PrequalKnob::Pool => (
                "prequal-pool",
                Text::PrequalPool,
                Text::HintPrequalPool,
                Unit::Plain,
            ),
            PrequalKnob::QRif => (
                "prequal-q-rif",
                Text::PrequalQRif,
                Text::HintPrequalQRif,
                Unit::Plain,
            ),
            PrequalKnob::Probes => (
                "prequal-probes",
                Text::PrequalProbes,
                Text::HintPrequalProbes,
                Unit::Plain,
            ),
            PrequalKnob::Reuse => (
                "prequal-reuse",
                Text::PrequalReuse,
                Text::HintPrequalReuse,
                Unit::Plain,
            ),
            PrequalKnob::MaxAge => (
                "prequal-max-age",
                Text::PrequalMaxAge,
                Text::HintPrequalMaxAge,
                Unit::Millis,
            ),
        };
        let on = on.clone();
        html! {
            <Slider id={id} label={label.get(lang)} ladder={prequal_ladder(knob)} unit={unit}
                value={knob.get(&settings.prequal)}
                onchange={Callback::from(move |p: usize| on.emit(Command::Prequal(knob, p)))}
                hint={Some(AttrValue::Static(hint.get(lang)))} lang={lang} />
        }
    });
    el("fieldset")
        .class("sliders prequal-knobs")
        .child(el("legend").text(Text::PrequalKnobs.get(lang)))
        .children(sliders)
        .done()
}
