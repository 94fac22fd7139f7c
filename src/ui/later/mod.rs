//! What the page loads later. The import panel, the lookup debugger, the churn view, the
//! sample keys and the load sweep are a wasm module of their own (`src/later.rs`, built by Trunk
//! into `dist/later/`), so the page's first load leaves them out. Each has a stand-in here
//! ([`import::LazyImport`], [`lookup::LazyLookup`], [`sweep::LazySweep`]) that imports the
//! module when its place comes
//! within a screen of the viewport ([`use_later`]), then mounts the part into its element, which
//! the module's own Yew renderer owns from then on. The two sides talk in data: a start
//! (serde-wasm-bindgen) goes in whenever what the part follows changes, and the reader's moves
//! come back through the callbacks given at mount.

pub mod import;
pub mod lookup;
pub mod sweep;

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use yew::prelude::*;

use crate::share::i18n::Text;
use crate::ui::chrome::address;
use crate::ui::hooks::use_near_screen;

/// The module's glue and code, relative to the page (index.html's `data-target-path`).
const MODULE_JS: &str = "later/later.js";
const MODULE_WASM: &str = "later/later_bg.wasm";

#[wasm_bindgen]
extern "C" {
    /// A dynamic `import()`, which wasm-bindgen cannot call: index.html defines it. (Not as a
    /// wasm-bindgen `inline_js` snippet: each of the crate's three wasm builds writes its snippets
    /// to one shared file, and Trunk, building them side by side, once copied it empty.)
    #[wasm_bindgen(catch, js_name = fulcrumImport)]
    fn import_module(url: &str) -> Result<Promise, JsValue>;
}

thread_local! {
    /// The module once asked for: its namespace, initialised (every part on the page shares
    /// one; a failed load is forgotten so the next mount tries again).
    static MODULE: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// A full address beside the page (a relative one would resolve against the importing script).
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

/// A part of the later module: where it starts, as data that crosses the boundary.
pub trait Part: Serialize + Clone + PartialEq + Default + 'static {
    /// The module's function that mounts it: `(root, start, ...callbacks) -> Promise<id>`.
    const MOUNT: &'static str;

    /// The anchors an address may name that this part, once mounted, puts in place or moves
    /// (its own parts, which its placeholder only stood in for, and those below it, pushed down
    /// by its height). A link followed before it was there is brought to its part again.
    const MOVES: &'static [&'static [(&'static str, Text)]];

    /// Whether a part mounted with `given` is to be told `next`. By default when they differ;
    /// the debugger follows only some of its start (its key and step are its own once mounted).
    fn tell(given: &Self, next: &Self) -> bool {
        given != next
    }
}

/// A part mounted in the module; unmounted when dropped.
pub struct Mounted<P> {
    module: JsValue,
    id: u32,
    /// What the part was last given.
    start: P,
}

impl<P: Part> Mounted<P> {
    async fn new(host: Element, start: P, callbacks: &[JsValue]) -> Result<Self, String> {
        let module = module().await?;
        let mounting = (|| {
            let mut args = vec![host.into(), serde_wasm_bindgen::to_value(&start)?];
            args.extend_from_slice(callbacks);
            let promise = call(&module, P::MOUNT, &args)?;
            Ok::<_, JsValue>(JsFuture::from(promise.dyn_into::<Promise>()?))
        })()
        .map_err(|e| describe(&e))?;
        let id = mounting.await.map_err(|e| describe(&e))?;
        Ok(Mounted {
            module,
            id: id.as_f64().unwrap_or_default() as u32,
            start,
        })
    }

    /// Give the part a new start, if it is to be told (`Part::tell`): updating the module's root
    /// re-inserts its elements, which would lose a click in progress.
    fn update(&mut self, start: &P) {
        if !P::tell(&self.start, start) {
            return;
        }
        self.start = start.clone();
        if let Ok(value) = serde_wasm_bindgen::to_value(start) {
            let _ = call(&self.module, "update", &[self.id.into(), value]);
        }
    }

    /// Call one of the module's functions about this part: `name(id, ...args)`.
    fn send(&self, name: &str, args: &[JsValue]) {
        let mut all = vec![JsValue::from(self.id)];
        all.extend_from_slice(args);
        let _ = call(&self.module, name, &all);
    }
}

impl<P> Drop for Mounted<P> {
    fn drop(&mut self) {
        let _ = call(&self.module, "unmount", &[self.id.into()]);
    }
}

/// Loading, loaded, or why not.
#[derive(Clone, PartialEq)]
pub enum Shown {
    /// Waiting for the module (or for the place to near the screen).
    Loading,
    /// Mounted: the placeholder goes.
    Ready,
    /// The module could not be loaded or the part not mounted, and why.
    Failed(String),
}

/// A part's place on the page, as [`use_later`] keeps it.
pub struct Later<P> {
    /// The element the module renders into (given no children by Yew).
    pub host: NodeRef,
    /// Whether it is mounted.
    pub shown: Shown,
    /// The mounted part, once it is.
    pub mounted: Rc<RefCell<Option<Mounted<P>>>>,
}

/// Mount `start`'s part into `host` once `place` (the placeholder) comes within a screen of the
/// viewport, or at once when `eager`; from then on give it every new start. `callbacks` are the
/// JavaScript functions passed to the module's mount function after the start (kept alive by
/// `keep` for as long as the place is on the page); `on_ready` runs once mounted.
#[hook]
pub fn use_later<P: Part>(
    place: NodeRef,
    eager: bool,
    start: &P,
    callbacks: Rc<(Vec<JsValue>, Box<dyn Any>)>,
    on_ready: Callback<Rc<RefCell<Option<Mounted<P>>>>>,
) -> Later<P> {
    let host = use_node_ref();
    let near = use_near_screen(place);
    let shown = use_state(|| Shown::Loading);
    // Once asked for, it stays.
    let asked = use_mut_ref(|| false);
    let wanted = {
        let mut asked = asked.borrow_mut();
        *asked |= eager || near;
        *asked
    };
    let mounted: Rc<RefCell<Option<Mounted<P>>>> = use_mut_ref(|| None);
    // The latest start: a load that ends later uses it.
    let latest = use_mut_ref(P::default);
    *latest.borrow_mut() = start.clone();
    {
        let (host, shown, mounted) = (host.clone(), shown.clone(), mounted.clone());
        use_effect_with(wanted, move |&wanted| {
            let alive = Rc::new(Cell::new(true));
            if let (true, Some(element)) = (wanted, host.cast::<Element>()) {
                let (alive, mounted) = (alive.clone(), mounted.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let start = latest.borrow().clone();
                    match Mounted::new(element, start, &callbacks.0).await {
                        // Gone before it loaded: dropping it unmounts it.
                        Ok(_) if !alive.get() => {}
                        Ok(mut m) => {
                            m.update(&latest.borrow());
                            *mounted.borrow_mut() = Some(m);
                            on_ready.emit(mounted.clone());
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
        let ready = *shown == Shown::Ready;
        use_effect_with(ready, |&ready| {
            if ready {
                P::MOVES
                    .iter()
                    .for_each(|parts| show_part_in_address(parts));
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(start.clone(), move |start| {
            if let Some(m) = mounted.borrow_mut().as_mut() {
                m.update(start);
            }
        });
    }
    Later {
        host,
        shown: (*shown).clone(),
        mounted,
    }
}

/// A closure that hands what the module sends to the latest of the page's callbacks (the page
/// gives a new one each render; the module keeps the first function it was given).
fn relay<T: 'static>(
    latest: &Rc<RefCell<Callback<T>>>,
    read: impl Fn(JsValue) -> Option<T> + 'static,
) -> Closure<dyn Fn(JsValue)> {
    let latest = latest.clone();
    Closure::new(move |value: JsValue| {
        if let Some(value) = read(value) {
            let callback = latest.borrow().clone();
            callback.emit(value);
        }
    })
}

/// The placeholder's host and the module's: Yew never puts children in the host, whose content
/// is the module's renderer's.
fn with_host(placeholder: Html, host: NodeRef, class: &'static str) -> Html {
    crate::ui::widgets::dom::frag([
        placeholder,
        crate::ui::widgets::dom::el("div")
            .class(class)
            .node_ref(host)
            .done(),
    ])
}

/// If the page's address names one of `parts` (a link followed before the module was there),
/// bring that part into view now that it is.
fn show_part_in_address(parts: &[(&str, Text)]) {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if parts.iter().any(|(id, _)| *id == hash)
        && let Some(part) = gloo::utils::document().get_element_by_id(&hash[1..])
    {
        part.scroll_into_view();
    }
}
