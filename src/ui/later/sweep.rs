//! The load sweep's place on the page. The sweep's view and its model (`ui::views::sweep`,
//! `playground::sweep`, the simulator's sweep) are in the later module: the page keeps the
//! section, its `#sweep` id and its heading (`ui::sections::sweep`), and [`LazySweep`] inside it
//! says "Loading…" until the module, imported when the section nears the screen, mounts the
//! view in its place. A [`SweepStart`] goes in whenever the page's settings, the strategies to
//! sweep or the language change; nothing comes back (the sweep's figures stay in the view).

use std::any::Any;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::{Part, Shown, use_later, with_host};
use crate::engine::{StrategyKind, Variant};
use crate::playground::settings::Settings;
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::Link;
use crate::ui::views::sweep::SweepProps;
use crate::ui::widgets::dom::el;

/// Where the sweep starts, as data that crosses into the later module.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SweepStart {
    /// The page's settings as a link's query (`Settings::to_link`): the link already carries
    /// every setting there and back, so the settings need no serde of their own.
    pub settings: String,
    /// The strategies to sweep: Compare's first choices.
    pub strategies: Vec<(StrategyKind, Variant)>,
    /// The page's language.
    pub lang: Lang,
}

impl SweepStart {
    /// The start for the page's settings, strategies and language.
    pub fn new(settings: &Settings, strategies: &[(StrategyKind, Variant)], lang: Lang) -> Self {
        SweepStart {
            // Only the settings: the view, language or lookup key the page's link also holds
            // would make a start differ that the sweep does not follow.
            settings: settings.to_link(&Link::default()).to_query(),
            strategies: strategies.to_vec(),
            lang,
        }
    }

    /// The view's properties: the settings read back from the query (the module's side).
    pub fn props(self) -> SweepProps {
        SweepProps {
            settings: Rc::new(Settings::from_link(&Link::from_query(&self.settings).0)),
            strategies: Rc::new(self.strategies),
            lang: self.lang,
        }
    }
}

impl Part for SweepStart {
    const MOUNT: &'static str = "mount_sweep";
    /// Mounted, the sweep changes its section's height, and the import panel and the
    /// debugger's parts below it move.
    const MOVES: &'static [&'static [(&'static str, Text)]] =
        &[&super::import::PARTS, &super::lookup::PARTS];
}

/// The sweep's place in its section.
#[derive(Properties, PartialEq)]
pub struct LazySweepProps {
    /// The settings, strategies and language the sweep follows.
    pub start: SweepStart,
}

/// The sweep's view from the later module: "Loading…" until it is mounted.
#[component]
pub fn LazySweep(props: &LazySweepProps) -> Html {
    let place = use_node_ref();
    // The sweep sends nothing back: no callbacks to keep.
    let callbacks = use_memo((), |_| (Vec::new(), Box::new(()) as Box<dyn Any>));
    let later = use_later(
        place.clone(),
        false,
        &props.start,
        callbacks,
        Callback::noop(),
    );
    let lang = props.start.lang;
    let line = |text: String, role: &'static str| {
        el("p")
            .class("sweep-waiting")
            .attr("role", role)
            .node_ref(place.clone())
            .text(text)
            .done()
    };
    let placeholder = match &later.shown {
        Shown::Ready => Html::default(),
        Shown::Loading => line(Text::SweepLoading.get(lang).into(), "status"),
        Shown::Failed(why) => line(Text::SweepLoadFailed.fill(lang, &["why"], &[why]), "alert"),
    };
    with_host(placeholder, later.host, "sweep-module")
}
