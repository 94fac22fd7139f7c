//! The live region that narrates decisions for screen readers ("request 42: key /api/data/7 →
//! 0x3a… → server2#17 → server2"). While playing it speaks at most every two seconds.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub text: AttrValue,
}

#[component]
pub fn Narration(props: &NarrationProps) -> Html {
    html! {
        <p id="narration" class="narration" aria-live="polite" aria-atomic="true">{ props.text.clone() }</p>
    }
}
