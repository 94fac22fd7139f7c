//! The caption under the picture ("request 42: key /api/data/7 → 0x3a… → server2#17 →
//! server2"), which follows every snapshot, and the live region that says it to screen readers:
//! while playing, at most every two seconds (so the caption is hidden from them).

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::state::Narration;
use crate::share::i18n::Lang;
use crate::ui::hooks::{SnapshotBus, SpokenBus, use_part};

#[derive(Properties, PartialEq)]
pub struct CaptionProps {
    pub snapshots: Rc<SnapshotBus>,
    pub spoken: Rc<SpokenBus>,
    pub lang: Lang,
}

/// The caption and the live region.
#[component]
pub fn Caption(props: &CaptionProps) -> Html {
    let shown = use_part(&props.snapshots, (), |_, s| Narration::of(s)).picked;
    let spoken = use_part(&props.spoken, (), |_, n| n.clone()).picked;
    html! { <>
        <p id="narration" class="narration" aria-hidden="true">
            { shown.words(props.lang) }
        </p>
        <p class="narration-live" aria-live="polite" aria-atomic="true">
            { spoken.words(props.lang) }
        </p>
    </> }
}
