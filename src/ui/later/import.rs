//! The import panel's place on the page. [`LazyImport`] stands where "Import config" goes (the
//! panel, the import worker's client and the key check are in the later module): it mounts the
//! panel when its place nears the screen. An [`ImportStart`] (the import the link carries, the
//! language) goes in, at once when the link carries an import; an import read comes back as the worker described it
//! ([`Imported`]), and the page loads its pool and strategy and puts it in the link; "Forget"
//! comes back as a call without a value.

use std::any::Any;

use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::{Part, Shown, relay, use_later, with_host};
use crate::playground::import::wire::Imported;
use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::el;

/// The panel's anchor: the navigation's link and a link's `#import` land on it before the panel
/// is there, and on the panel's section after.
pub const PARTS: [(&str, Text); 1] = [("#import", Text::ImportTitle)];

/// Where the panel starts, as data that crosses into the later module.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportStart {
    /// The import in force: the link's `config` value.
    pub config: Option<String>,
    /// Its backend (the link's `backend`).
    pub backend: Option<String>,
    /// The page's language.
    pub lang: Lang,
}

impl Part for ImportStart {
    const MOUNT: &'static str = "mount_import";
    const MOVES: &'static [&'static [(&'static str, Text)]] = &[&PARTS];
}

/// The panel's place on the page, and who hears of an import.
#[derive(Properties, PartialEq)]
pub struct LazyImportProps {
    /// The import in force and the language.
    pub start: ImportStart,
    /// An import read: the page loads its pool and strategy and puts it in the link.
    pub on_imported: Callback<Imported>,
    /// "Forget": the link drops its configuration.
    pub on_forget: Callback<()>,
    /// Load at once (the link carries an import, whose notes the panel shows), not when its
    /// place nears the screen.
    #[prop_or_default]
    pub eager: bool,
}

/// The import panel from the later module: its heading and "Loading…" until it is mounted.
#[component]
pub fn LazyImport(props: &LazyImportProps) -> Html {
    let place = use_node_ref();
    let on_imported = use_mut_ref(|| props.on_imported.clone());
    *on_imported.borrow_mut() = props.on_imported.clone();
    let on_forget = use_mut_ref(|| props.on_forget.clone());
    *on_forget.borrow_mut() = props.on_forget.clone();
    let callbacks = use_memo((), move |_| {
        let imported = relay(&on_imported, |v| serde_wasm_bindgen::from_value(v).ok());
        let forget = relay(&on_forget, |_| Some(()));
        let functions = vec![imported.as_ref().clone(), forget.as_ref().clone()];
        (functions, Box::new((imported, forget)) as Box<dyn Any>)
    });
    let later = use_later(
        place.clone(),
        props.eager,
        &props.start,
        callbacks,
        Callback::noop(),
    );
    let lang = props.start.lang;
    let line = |text: String, role: &'static str| el("p").attr("role", role).text(text);
    let placeholder = match &later.shown {
        Shown::Ready => return with_host(Html::default(), later.host, "import-module"),
        Shown::Loading => line(Text::ImportLoading.get(lang).into(), "status"),
        Shown::Failed(why) => line(Text::ImportLoadFailed.fill(lang, &["why"], &[why]), "alert"),
    };
    // The anchor is a span, not the section: the panel's own section takes the id once mounted.
    let waiting = el("section")
        .class("view span import import-waiting")
        .node_ref(place)
        .attr("aria-labelledby", "import-waiting-h")
        .child(el("span").attr("id", "import"))
        .child(
            el("h2")
                .attr("id", "import-waiting-h")
                .text(Text::ImportTitle.get(lang)),
        )
        .child(placeholder)
        .done();
    with_host(waiting, later.host, "import-module")
}
