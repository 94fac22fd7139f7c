//! The later module: a third wasm module that holds what the page's first load leaves out: the
//! import panel (`ui::views::import`, with the import worker's client and the key check), the
//! hash lookup debugger, the churn view and the sample keys (`ui::lookup`, with the lookup's step
//! wording and the drawings of the ring and Maglev's table), and the load sweep
//! (`ui::views::sweep`, `playground::sweep`). Trunk builds it into `dist/later/` (index.html's
//! third `rust` link, an ES module); the page imports it when one of their places nears the
//! screen (`ui::later`) and mounts a part into an element it gives. Each mounted part has a
//! number; `update` gives it a new start (the page's pool, settings, language or link changed),
//! `remote` moves a debugger's steps, `unmount` removes it. The parts' words are in two
//! catalogs, and this module's memory is its own, so before it mounts or updates a part it
//! installs the start's language of both: the page's (`lang/<code>.txt`, which the page fetched
//! already: the browser's cache answers) and its own (`lang/later/<code>.txt`, `LaterText`,
//! fetched only now, so the page's first load does not carry it). A start in the other
//! language (the reader switched) fetches that language's pair the same way.

#[cfg(target_arch = "wasm32")]
mod module {
    use std::any::Any;
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::Pin;
    use std::rc::Rc;

    use fulcrum::playground::import::wire::Imported;
    use fulcrum::share::i18n::{Lang, LaterText, Text};
    use fulcrum::ui::chrome::address::load_table;
    use fulcrum::ui::later::import::ImportStart;
    use fulcrum::ui::later::lookup::LookupStart;
    use fulcrum::ui::later::sweep::SweepStart;
    use fulcrum::ui::lookup::{LookupDebugger, LookupRemote, Remote};
    use fulcrum::ui::views::import::{ImportPanel, ImportProps};
    use fulcrum::ui::views::sweep::SweepView;
    use serde::de::DeserializeOwned;
    use wasm_bindgen::prelude::*;
    use yew::{AppHandle, AttrValue, BaseComponent, Callback, Renderer};

    /// A part's start, as the page sends it: which component it mounts, what the part keeps
    /// beside it (the page's callbacks, the debugger's remote), and the component's properties.
    trait Start: DeserializeOwned + 'static {
        type View: BaseComponent;
        type Kept: 'static;
        fn lang(&self) -> Lang;
        fn props(self, kept: &Self::Kept) -> <Self::View as BaseComponent>::Properties;
    }

    /// The debugger keeps who hears the reader's moves and the remote the page steps it with.
    impl Start for LookupStart {
        type View = LookupDebugger;
        type Kept = (Callback<(String, u32)>, Rc<LookupRemote>);
        fn lang(&self) -> Lang {
            self.lang
        }
        fn props(self, (on_change, remote): &Self::Kept) -> fulcrum::ui::lookup::LookupProps {
            LookupStart::props(self, Some(on_change.clone()), Some(remote.clone()))
        }
    }

    /// The panel keeps who hears of an import read and of "Forget".
    impl Start for ImportStart {
        type View = ImportPanel;
        type Kept = (Callback<Imported>, Callback<()>);
        fn lang(&self) -> Lang {
            self.lang
        }
        fn props(self, (on_imported, on_forget): &Self::Kept) -> ImportProps {
            ImportProps {
                config: self.config.map(AttrValue::from),
                backend: self.backend.map(AttrValue::from),
                on_imported: on_imported.clone(),
                on_forget: on_forget.clone(),
                lang: self.lang,
            }
        }
    }

    /// The sweep sends nothing back.
    impl Start for SweepStart {
        type View = SweepView;
        type Kept = ();
        fn lang(&self) -> Lang {
            self.lang
        }
        fn props(self, (): &()) -> fulcrum::ui::views::sweep::SweepProps {
            SweepStart::props(self)
        }
    }

    /// A part on the page: its renderer and what it keeps.
    struct Held<S: Start> {
        app: AppHandle<S::View>,
        kept: S::Kept,
    }

    /// A new start for a part, read and given (`update`'s work for one kind of part).
    type Updater = fn(u32, JsValue) -> Pin<Box<dyn Future<Output = Result<(), JsValue>>>>;

    /// Any part, as the module keeps it.
    trait Slot {
        fn as_any(&self) -> &dyn Any;
        fn as_any_mut(&mut self) -> &mut dyn Any;
        /// How a new start reaches it.
        fn updater(&self) -> Updater;
        fn destroy(self: Box<Self>);
    }

    impl<S: Start> Slot for Held<S> {
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
        fn updater(&self) -> Updater {
            |id, start| Box::pin(update_as::<S>(id, start))
        }
        fn destroy(self: Box<Self>) {
            self.app.destroy();
        }
    }

    /// Yew numbers the trees it renders (apps and portals) from 1 in each wasm module, and brands
    /// their elements with that number to know which tree an event belongs to. The page's app is
    /// tree 1 in its module, and this module's first part would be tree 1 in this one: the
    /// page's app would then take a click in the part for its own and run its own listener
    /// of the same number (a click on "Next step" entered the presentation). So this module
    /// skips the numbers the page uses (its one app; it makes no portals) before mounting.
    const PAGE_TREES: usize = 1;

    #[yew::component]
    fn Unused() -> yew::Html {
        yew::Html::default()
    }

    /// Take the page's tree numbers, once.
    fn skip_page_trees() {
        thread_local! {
            static SKIPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if SKIPPED.with(|s| s.replace(true)) {
            return;
        }
        let Ok(detached) = gloo::utils::document().create_element("div") else {
            return;
        };
        for _ in 0..PAGE_TREES {
            Renderer::<Unused>::with_root(detached.clone())
                .render()
                .destroy();
        }
    }

    thread_local! {
        /// Mounted parts by number (a slot is emptied on unmount, never reused).
        static MOUNTED: RefCell<Vec<Option<Box<dyn Slot>>>> = const { RefCell::new(Vec::new()) };
    }

    /// A start from the page, with its language's words loaded: the page's strings and this
    /// module's own (a part shows both).
    async fn read<S: Start>(start: JsValue) -> Result<S, JsValue> {
        let start: S =
            serde_wasm_bindgen::from_value(start).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let lang = start.lang();
        // One after the other: the page's is in the browser's cache (the page fetched it).
        load_table::<Text>(lang).await.map_err(JsValue::from)?;
        load_table::<LaterText>(lang).await.map_err(JsValue::from)?;
        Ok(start)
    }

    /// Mount `start`'s part into `root`, once its language is loaded; its number.
    async fn mount<S: Start>(
        root: web_sys::Element,
        start: JsValue,
        kept: S::Kept,
    ) -> Result<u32, JsValue> {
        let start: S = read(start).await?;
        skip_page_trees();
        let props = start.props(&kept);
        let app = Renderer::<S::View>::with_root_and_props(root, props).render();
        Ok(MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            m.push(Some(Box::new(Held::<S> { app, kept })));
            m.len() as u32 - 1
        }))
    }

    /// Give part `id`, an `S`, a new start.
    async fn update_as<S: Start>(id: u32, start: JsValue) -> Result<(), JsValue> {
        let start: S = read(start).await?;
        MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            // Unmounted while its words loaded: nothing to give.
            let held = m.get_mut(id as usize).and_then(Option::as_mut);
            if let Some(held) = held.and_then(|h| h.as_any_mut().downcast_mut::<Held<S>>()) {
                held.app.update(start.props(&held.kept));
            }
        });
        Ok(())
    }

    /// Mount a lookup debugger into `root`; its number. `on_change(key, step)` hears the
    /// reader's moves.
    #[wasm_bindgen]
    pub async fn mount_lookup(
        root: web_sys::Element,
        start: JsValue,
        on_change: js_sys::Function,
    ) -> Result<u32, JsValue> {
        let on_change = Callback::from(move |(key, step): (String, u32)| {
            let _ = on_change.call2(&JsValue::NULL, &key.into(), &step.into());
        });
        let remote = Rc::new(LookupRemote::default());
        mount::<LookupStart>(root, start, (on_change, remote)).await
    }

    /// Mount an import panel into `root`; its number. `on_imported(imported)` hears an import
    /// read, `on_forget()` the reader's "Forget".
    #[wasm_bindgen]
    pub async fn mount_import(
        root: web_sys::Element,
        start: JsValue,
        on_imported: js_sys::Function,
        on_forget: js_sys::Function,
    ) -> Result<u32, JsValue> {
        let on_imported = Callback::from(move |i: Imported| {
            if let Ok(value) = serde_wasm_bindgen::to_value(&i) {
                let _ = on_imported.call1(&JsValue::NULL, &value);
            }
        });
        let on_forget = Callback::from(move |()| {
            let _ = on_forget.call0(&JsValue::NULL);
        });
        mount::<ImportStart>(root, start, (on_imported, on_forget)).await
    }

    /// Mount a load sweep into `root`; its number.
    #[wasm_bindgen]
    pub async fn mount_sweep(root: web_sys::Element, start: JsValue) -> Result<u32, JsValue> {
        mount::<SweepStart>(root, start, ()).await
    }

    /// Give part `id` a new start (its language's words loaded first).
    #[wasm_bindgen]
    pub async fn update(id: u32, start: JsValue) -> Result<(), JsValue> {
        let updater = MOUNTED.with(|m| {
            m.borrow()
                .get(id as usize)
                .and_then(Option::as_ref)
                .map(|held| held.updater())
        });
        match updater {
            Some(update) => update(id, start).await,
            None => Ok(()),
        }
    }

    /// Ask debugger `id` to play, pause or step; false if there is no such debugger or command.
    #[wasm_bindgen]
    pub fn remote(id: u32, name: &str) -> bool {
        let remote = MOUNTED.with(|m| {
            let m = m.borrow();
            let held = m.get(id as usize).and_then(Option::as_ref)?;
            let lookup = held.as_any().downcast_ref::<Held<LookupStart>>()?;
            Some(lookup.kept.1.clone())
        });
        match (remote, Remote::from_name(name)) {
            (Some(r), Some(asked)) => r.send(asked),
            _ => false,
        }
    }

    /// Remove part `id` from the page.
    #[wasm_bindgen]
    pub fn unmount(id: u32) {
        let gone = MOUNTED.with(|m| m.borrow_mut().get_mut(id as usize).and_then(Option::take));
        if let Some(held) = gone {
            held.destroy();
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    fulcrum::ui::show_errors();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the later module runs in a browser, loaded by the playground; natively, `fulcrum explain` steps through the same lookups and `fulcrum route --config` reads a configuration"
    );
    std::process::exit(2);
}
