//! The requests in flight, drawn as one path per outcome (colour and shape both say which), and
//! the health probes as pulses. A leaf component over [`crate::ui::views::flow::FlowView`]: it re-renders
//! every frame and nothing else does.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::motion::{Fate, FlowLayout};
use crate::ui::hooks::{FrameBus, use_frame};

#[derive(Properties, PartialEq)]
pub struct TokensProps {
    pub layout: FlowLayout,
    pub bus: Rc<FrameBus>,
}

#[component]
pub fn FlowTokens(props: &TokensProps) -> Html {
    let l = props.layout;
    let f = use_frame(&props.bus);
    html! {
        <svg class="overlay" aria-hidden="true" viewBox={format!("0 0 {} {}", l.width, l.height)}>
            <path class="pulse pass" d={f.pulses_pass.clone()} />
            <path class="pulse fail" d={f.pulses_fail.clone()} />
            { for Fate::ALL.iter().map(|&fate| html! {
                <path class={classes!("tok", fate.class())} d={f.tokens[fate as usize].clone()}
                    data-count={f.counts[fate as usize].to_string()} />
            }) }
        </svg>
    }
}
