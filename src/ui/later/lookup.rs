//! The lookup debugger's place on the page. [`LazyLookup`] stands where the debugger goes (the
//! debugger, the churn view and the sample keys are in the later module): it mounts them when
//! their place nears the screen (at once in an embed of the lookup view, or for a link that
//! carries a key or step). A [`LookupStart`] goes in whenever the page's pool, strategy,
//! multi-probe k, language or link changes, the reader's key and step come out, and a
//! [`LookupRemote`]'s commands cross by name.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::{Mounted, Part, Shown, use_later, with_host};
use crate::engine::churn::HashStrategy;
use crate::share::i18n::{Lang, Text};
use crate::ui::lookup::{LookupProps, LookupRemote, Remote};
use crate::ui::widgets::dom::el;

/// The debugger's parts, by their headings' ids, and their names in the page's navigation. Until
/// the module is mounted its place holds an anchor for each, so a link to a part scrolls there
/// (which loads the module); once mounted, the part the address names is brought into view.
pub const PARTS: [(&str, Text); 5] = [
    ("#lookup-title", Text::Lookup),
    ("#churn-title", Text::NavChurn),
    ("#churn-spread-title", Text::VirtualNodes),
    ("#hot-keys-title", Text::NavHotKeys),
    ("#lookup-samples-title", Text::NavSampleKeys),
];

/// Where the debugger starts: [`LookupProps`] without its callbacks, as data that crosses into
/// the later module.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LookupStart {
    /// The key to look up first (already checked by `share::permalink::check_key`).
    pub key: Option<String>,
    /// The step to show first, from 0.
    pub step: u32,
    /// An imported proxy configuration (the link's `config`).
    pub config: Option<String>,
    /// The configuration's backend (the link's `backend`).
    pub backend: Option<String>,
    /// The playground's servers (`lookup::settings::pool_spec`).
    pub pool: Option<String>,
    /// The playground's strategy, when it hashes a key: the debugger starts from it and
    /// switches when it changes.
    pub strategy: Option<HashStrategy>,
    /// The playground's multi-probe k (the link's `k`).
    #[serde(default)]
    pub k: Option<u32>,
    /// The page's language.
    pub lang: Lang,
    /// The debugger alone, without the churn view and the sample keys (an embed).
    pub alone: bool,
}

impl LookupStart {
    /// What a mounted debugger follows: all but the key and the step it started at.
    pub fn follows(&self) -> LookupStart {
        LookupStart {
            key: None,
            step: 0,
            ..self.clone()
        }
    }

    /// The debugger's properties: this start, who hears of the reader's moves, the remote.
    pub fn props(
        self,
        on_change: Option<Callback<(String, u32)>>,
        remote: Option<Rc<LookupRemote>>,
    ) -> LookupProps {
        LookupProps {
            start_key: self.key.map(AttrValue::from),
            start_step: self.step,
            on_change,
            config: self.config.map(AttrValue::from),
            backend: self.backend.map(AttrValue::from),
            pool: self.pool.map(AttrValue::from),
            strategy: self.strategy,
            k: self.k,
            lang: self.lang,
            alone: self.alone,
            remote,
        }
    }
}

impl Part for LookupStart {
    const MOUNT: &'static str = "mount_lookup";
    /// Once the placeholder (whose anchors share the parts' ids) is gone: before, the
    /// address's part would resolve to its anchor, which then vanished under the debugger.
    const MOVES: &'static [&'static [(&'static str, Text)]] = &[&PARTS];

    /// What the debugger follows: all but the key and the step it started at. Those are the
    /// debugger's own once it is mounted, and the link's are only their echo.
    fn tell(given: &Self, next: &Self) -> bool {
        given.follows() != next.follows()
    }
}

/// The debugger's place on the page, and how it is to start.
#[derive(Properties, PartialEq)]
pub struct LazyLookupProps {
    /// Where the debugger starts, and what it follows (pool, language, link).
    pub start: LookupStart,
    /// Told the key and the step (from 0) whenever either changes.
    pub on_change: Callback<(String, u32)>,
    /// Filled in while mounted, so the page around it can play, pause and step it.
    #[prop_or_default]
    pub remote: Option<Rc<LookupRemote>>,
    /// Load at once (the lookup view alone), not when its place nears the screen.
    #[prop_or_default]
    pub eager: bool,
}

/// Commands to the mounted debugger, across the module boundary.
fn forward(mounted: &Rc<RefCell<Option<Mounted<LookupStart>>>>) -> Callback<Remote> {
    let mounted = mounted.clone();
    Callback::from(move |asked: Remote| {
        if let Some(m) = mounted.borrow().as_ref() {
            m.send("remote", &[asked.name().into()]);
        }
    })
}

/// The lookup debugger from the later module: a heading and "Loading…" until it is mounted.
#[component]
pub fn LazyLookup(props: &LazyLookupProps) -> Html {
    // The host has no box of its own (`display: contents`): the placeholder is what nears.
    let place = use_node_ref();
    // The latest callback: the module keeps the function it was given at mount.
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    let callbacks = use_memo((), move |_| {
        let change = Closure::<dyn Fn(String, u32)>::new(move |key: String, step: u32| {
            let callback = on_change.borrow().clone();
            callback.emit((key, step));
        });
        let function: JsValue = change.as_ref().clone();
        (vec![function], Box::new(change) as Box<dyn Any>)
    });
    // The remote is answered once the debugger is mounted; until then commands wait.
    let on_ready = {
        let remote = props.remote.clone();
        Callback::from(move |mounted| {
            if let Some(r) = &remote {
                r.answer(forward(&mounted));
            }
        })
    };
    let later = use_later(
        place.clone(),
        props.eager,
        &props.start,
        callbacks,
        on_ready,
    );
    {
        let mounted = later.mounted.clone();
        use_effect_with(props.remote.clone(), move |remote| {
            if let Some(r) = remote
                && mounted.borrow().is_some()
            {
                r.answer(forward(&mounted));
            }
            let remote = remote.clone();
            move || {
                if let Some(r) = remote {
                    r.hang_up();
                }
            }
        });
    }
    let lang = props.start.lang;
    let placeholder = match &later.shown {
        Shown::Ready => Html::default(),
        Shown::Loading => {
            waiting_section(place, lang, Text::LookupLoading.get(lang).into(), "status")
        }
        Shown::Failed(why) => waiting_section(
            place,
            lang,
            Text::LookupLoadFailed.fill(lang, &["why"], &[why]),
            "alert",
        ),
    };
    with_host(placeholder, later.host, "lookup-module")
}

/// The debugger's heading, a line saying where it is, and its parts' anchors.
fn waiting_section(place: NodeRef, lang: Lang, line: String, role: &'static str) -> Html {
    let anchors = PARTS[1..]
        .iter()
        .map(|(id, _)| el("span").attr("id", &id[1..]).done());
    el("section")
        .class("lookup-waiting")
        .node_ref(place)
        .attr("aria-labelledby", "lookup-title")
        .child(
            el("h2")
                .attr("id", "lookup-title")
                .text(Text::LookupTitle.get(lang)),
        )
        .child(el("p").attr("role", role).text(line))
        .children(anchors)
        .done()
}
