//! The simulated clock beside the pool's heading: the one text every tick changes, so it is a
//! component of its own and the pool's cards are left be. Its text sits in a box of fixed size
//! (`.sim-clock > span`, contained), so a new time is laid out and painted there alone.

use std::rc::Rc;

use yew::prelude::*;

use crate::playground::snapshot::Snapshot;
use crate::share::i18n::{Lang, Text};
use crate::ui::hooks::{SnapshotBus, use_part};

#[derive(Properties, PartialEq)]
pub struct ClockProps {
    pub snapshots: Rc<SnapshotBus>,
    pub lang: Lang,
}

/// "simulated 12.3 s".
#[component]
pub fn SimClock(props: &ClockProps) -> Html {
    let seconds = use_part(&props.snapshots, (), |_, s: &Snapshot| {
        format!("{:.1}", s.t_ms / 1000.0)
    })
    .picked;
    let clock = Text::ClockSimulated.fill(props.lang, &["seconds"], &[&seconds]);
    html! { <span class="clock sim-clock"><span>{ clock }</span></span> }
}
