//! The caption under the picture ("request 42: key /api/data/7 → 0x3a… → server2#17 →
//! server2"), which follows every snapshot, and the live region that says it to screen readers:
//! while playing, at most every two seconds (so the caption is hidden from them).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// The last pick now.
    pub text: AttrValue,
    /// What the live region says (it trails the caption while playing).
    pub live: AttrValue,
}

#[component]
pub fn Narration(props: &NarrationProps) -> Html {
    html! { <>
        <p id="narration" class="narration" aria-hidden="true">{ props.text.clone() }</p>
        <p class="narration-live" aria-live="polite" aria-atomic="true">{ props.live.clone() }</p>
    </> }
}
