//! The playground's root component: controls, the server pool, the distribution table and the
//! explanation of the last pick.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::pool::PoolView;
use super::state::{Action, Playground};
use super::tables::DistributionTable;
use crate::engine::{StrategyKind, Variant};

#[component]
pub fn App() -> Html {
    let model = use_reducer(Playground::default);
    let kind = model.config.kind;

    let on_strategy = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(kind) = select.value().parse::<StrategyKind>() {
                model.dispatch(Action::SetStrategy(kind));
            }
        })
    };
    let on_variant = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let variant = if select.value() == "seed" {
                Variant::Seed
            } else {
                Variant::Corrected
            };
            model.dispatch(Action::SetVariant(variant));
        })
    };
    let on_step = {
        let model = model.clone();
        Callback::from(move |_| model.dispatch(Action::Step))
    };
    let on_reset = {
        let model = model.clone();
        Callback::from(move |_| model.dispatch(Action::Reset))
    };
    let on_toggle = {
        let model = model.clone();
        Callback::from(move |i: usize| model.dispatch(Action::ToggleHealth(i)))
    };

    let narration = model.last.as_ref().map(|last| match last.server {
        Some(s) => format!(
            "request {}: {} {} from {} → {}",
            last.request.id,
            last.request.method.as_str(),
            last.request.path,
            last.request.client_ip,
            model.balancer.pool().server(s).id
        ),
        None => format!(
            "request {}: {}",
            last.request.id,
            last.error.clone().unwrap_or_default()
        ),
    });

    html! {
        <main class="playground">
            <header>
                <h1>{ "Fulcrum" }</h1>
                <p class="tagline">{ "A load-balancing playground" }</p>
            </header>
            <section class="controls" aria-label="Controls">
                <label for="strategy">{ "Strategy" }</label>
                <select id="strategy" onchange={on_strategy}>
                    { for StrategyKind::ALL.iter().map(|k| html! {
                        <option value={k.name()} selected={*k == kind}>{ k.name() }</option>
                    }) }
                </select>
                <label for="variant">{ "Code" }</label>
                <select id="variant" onchange={on_variant} disabled={!kind.has_seed_variant()}>
                    <option value="corrected" selected={model.config.variant == Variant::Corrected}>{ "Corrected" }</option>
                    <option value="seed" selected={model.config.variant == Variant::Seed}>{ "The seed's code" }</option>
                </select>
                <button onclick={on_step}>{ "Step" }</button>
                <button onclick={on_reset}>{ "Reset" }</button>
            </section>
            <p class="summary">{ kind.info().summary }</p>
            <PoolView model={model.clone()} on_toggle={on_toggle} />
            <DistributionTable model={model.clone()} />
            <section aria-label="Explanation">
                <h2>{ "Last pick" }</h2>
                <p id="narration" aria-live="polite">{ narration.unwrap_or_else(|| "No request yet: press Step.".into()) }</p>
                if let Some(last) = &model.last {
                    <ol class="steps">
                        { for last.steps.iter().map(|s| html! {
                            <li><code>{ serde_json::to_string(s).unwrap_or_default() }</code></li>
                        }) }
                    </ol>
                }
            </section>
            <super::lookup::LookupDebugger />
        </main>
    }
}
