//! The lookup debugger, loaded when it is needed. The debugger, the churn view and the sample
//! keys are a module of their own (`src/lookup_debugger.rs`, built by Trunk into `dist/lookup/`),
//! so the page's first load leaves them out. [`LazyLookup`] stands where the debugger goes: it
//! fetches the module when its place comes within a screen of the viewport (at once in an embed
//! of the lookup view), then mounts the debugger into its element. From then on the two talk
//! across the module boundary: a [`LookupStart`] goes in (serde-wasm-bindgen) whenever the
//! page's pool, multi-probe k, language or link changes, the reader's key and step come out, and a
//! [`LookupRemote`]'s commands cross by name.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use yew::prelude::*;

use crate::engine::churn::HashStrategy;
use crate::share::i18n::{Lang, Text};
use crate::ui::chrome::address;
use crate::ui::hooks::use_near_screen;
use crate::ui::lookup::{LookupProps, LookupRemote, Remote};
use crate::ui::widgets::dom::{el, frag};

/// The module's glue and code, relative to the page (index.html's `data-target-path`).
const MODULE_JS: &str = "lookup/lookup_debugger.js";
const MODULE_WASM: &str = "lookup/lookup_debugger_bg.wasm";

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
/// the debugger's module.
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

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    /// A dynamic `import()`: wasm-bindgen has no other way to load an ES module later.
    #[wasm_bindgen(catch)]
    fn import_module(url: &str) -> Result<Promise, JsValue>;
}

thread_local! {
    /// The module once asked for: its namespace, initialised (every debugger on the page shares
    /// one; a failed load is forgotten so the next mount tries again).
    static MODULE: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// A full address beside the page (the snippet that imports resolves against its own address).
fn beside_page(path: &str) -> Result<String, JsValue> {
    address::beside_page(path).ok_or_else(|| JsValue::from_str("the page has no address"))
}

async fn load() -> Result<JsValue, JsValue> {
    let module = JsFuture::from(import_module(&beside_page(MODULE_JS)?)?).await?;
    let init: Function = Reflect::get(&module, &"default".into())?.dyn_into()?;
    let options = js_sys::Object::new();
    Reflect::set(
        &options,
        &"module_or_path".into(),
        &beside_page(MODULE_WASM)?.into(),
    )?;
    JsFuture::from(
        init.call1(&JsValue::NULL, &options)?
            .dyn_into::<Promise>()?,
    )
    .await?;
    Ok(module)
}

/// The module's namespace, loading it on first call.
async fn module() -> Result<JsValue, String> {
    let promise = MODULE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(load()))
            .clone()
    });
    JsFuture::from(promise).await.map_err(|e| {
        MODULE.with(|m| m.borrow_mut().take());
        describe(&e)
    })
}

/// A thrown value in a few words.
fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Call one of the module's functions.
fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(module, &name.into())?.dyn_into()?;
    f.apply(&JsValue::NULL, &args.iter().collect())
}

/// A debugger mounted in the module; unmounted when dropped.
struct Mounted {
    module: JsValue,
    id: u32,
    /// What the debugger was last given.
    start: LookupStart,
    /// The reader's moves, kept alive while mounted.
    _on_change: Closure<dyn Fn(String, u32)>,
}

impl Mounted {
    async fn new(
        host: Element,
        start: LookupStart,
        on_change: Rc<RefCell<Callback<(String, u32)>>>,
    ) -> Result<Mounted, String> {
        let module = module().await?;
        let on_change = Closure::<dyn Fn(String, u32)>::new(move |key: String, step: u32| {
            let callback = on_change.borrow().clone();
            callback.emit((key, step));
        });
        let mounting = (|| {
            let value = serde_wasm_bindgen::to_value(&start)?;
            let promise = call(
                &module,
                "mount",
                &[host.into(), value, on_change.as_ref().clone()],
            )?;
            Ok::<_, JsValue>(JsFuture::from(promise.dyn_into::<Promise>()?))
        })()
        .map_err(|e| describe(&e))?;
        let id = mounting.await.map_err(|e| describe(&e))?;
        Ok(Mounted {
            module,
            id: id.as_f64().unwrap_or_default() as u32,
            start,
            _on_change: on_change,
        })
    }

    /// Give the debugger what it follows (the pool, the language, the configuration), if that
    /// changed. Not for a new key or step: those are the debugger's own once it is mounted, and
    /// the link's are only its echo (updating the module's root re-inserts its elements, which
    /// would lose a click in progress).
    fn update(&mut self, start: &LookupStart) {
        if self.start.follows() == start.follows() {
            return;
        }
        self.start = start.clone();
        if let Ok(value) = serde_wasm_bindgen::to_value(start) {
            let _ = call(&self.module, "update", &[self.id.into(), value]);
        }
    }

    fn remote(&self, remote: Remote) {
        let _ = call(
            &self.module,
            "remote",
            &[self.id.into(), remote.name().into()],
        );
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = call(&self.module, "unmount", &[self.id.into()]);
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

/// Loading, loaded, or why not.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Ready,
    Failed(String),
}

/// Commands to the mounted debugger, across the module boundary.
fn forward(mounted: &Rc<RefCell<Option<Mounted>>>) -> Callback<Remote> {
    let mounted = mounted.clone();
    Callback::from(move |asked: Remote| {
        if let Some(m) = mounted.borrow().as_ref() {
            m.remote(asked);
        }
    })
}

/// The lookup debugger from its own module: a heading and "Loading…" until it is mounted.
#[component]
pub fn LazyLookup(props: &LazyLookupProps) -> Html {
    let host = use_node_ref();
    // The host has no box of its own (`display: contents`): the placeholder is what nears.
    let place = use_node_ref();
    let near = use_near_screen(place.clone());
    let shown = use_state(|| Shown::Loading);
    // Once asked for, it stays: a link that stops carrying a key does not unmount it.
    let asked = use_mut_ref(|| false);
    let wanted = {
        let mut asked = asked.borrow_mut();
        *asked |= props.eager || near;
        *asked
    };
    let mounted: Rc<RefCell<Option<Mounted>>> = use_mut_ref(|| None);
    // The latest start, callback and remote command: a load that ends later uses them.
    let latest = use_mut_ref(LookupStart::default);
    *latest.borrow_mut() = props.start.clone();
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    {
        let (host, shown, mounted) = (host.clone(), shown.clone(), mounted.clone());
        let (latest, remote) = (latest.clone(), props.remote.clone());
        use_effect_with(wanted, move |&wanted| {
            let alive = Rc::new(Cell::new(true));
            if let (true, Some(element)) = (wanted, host.cast::<Element>()) {
                let (alive, mounted) = (alive.clone(), mounted.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let start = latest.borrow().clone();
                    match Mounted::new(element, start, on_change).await {
                        // Gone before it loaded: dropping it unmounts it.
                        Ok(_) if !alive.get() => {}
                        Ok(mut m) => {
                            m.update(&latest.borrow());
                            *mounted.borrow_mut() = Some(m);
                            if let Some(r) = remote {
                                r.answer(forward(&mounted));
                            }
                            shown.set(Shown::Ready);
                        }
                        Err(why) => shown.set(Shown::Failed(why)),
                    }
                });
            }
            move || {
                alive.set(false);
                mounted.borrow_mut().take();
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(props.start.clone(), move |start| {
            if let Some(m) = mounted.borrow_mut().as_mut() {
                m.update(start);
            }
        });
    }
    {
        // The remote is answered once the debugger is mounted (above); until then commands wait.
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
    {
        // Once the placeholder (whose anchors share the parts' ids) is gone: before, the
        // address's part would resolve to its anchor, which then vanished under the debugger.
        let ready = *shown == Shown::Ready;
        use_effect_with(ready, move |&ready| {
            if ready {
                show_part_in_address();
            }
        });
    }
    let lang = props.start.lang;
    let placeholder = match &*shown {
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
    // Yew never puts children in the host: the module's own renderer owns what is inside.
    frag([
        placeholder,
        el("div").class("lookup-module").node_ref(host).done(),
    ])
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

/// If the page's address names one of the debugger's parts (a link followed before the module
/// was there), bring that part into view now that it is.
fn show_part_in_address() {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if PARTS.iter().any(|(id, _)| *id == hash)
        && let Some(part) = gloo::utils::document().get_element_by_id(&hash[1..])
    {
        part.scroll_into_view();
    }
}
