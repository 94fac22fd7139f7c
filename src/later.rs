//! The later module: a third wasm module that holds what the page's first load leaves out: the
//! import panel (`ui::views::import`, with the import worker's client and the key check), the
//! hash lookup debugger, the churn view and the sample keys (`ui::lookup`, with the lookup's step
//! wording and the drawings of the ring and Maglev's table). Trunk builds it into `dist/later/`
//! (index.html's third `rust` link, an ES module); the page imports it when one of their places
//! nears the screen (`ui::later`) and mounts a part into an element it gives. Each mounted part
//! has a number; `update` gives it a new start (the page's pool, language or link changed),
//! `remote` moves a debugger's steps, `unmount` removes it. The parts' words need the page's
//! catalog: the module fetches `lang/<code>.txt` beside the page (the page fetched it already:
//! the browser's cache answers).

#[cfg(target_arch = "wasm32")]
mod module {
    use std::cell::RefCell;
    use std::rc::Rc;

    use fulcrum::playground::import::wire::Imported;
    use fulcrum::share::i18n::Lang;
    use fulcrum::ui::chrome::address::load_catalog;
    use fulcrum::ui::later::import::ImportStart;
    use fulcrum::ui::later::lookup::LookupStart;
    use fulcrum::ui::lookup::{LookupDebugger, LookupRemote, Remote};
    use fulcrum::ui::views::import::{ImportPanel, ImportProps};
    use serde::de::DeserializeOwned;
    use wasm_bindgen::prelude::*;
    use yew::{AppHandle, AttrValue, Callback, Renderer};

    /// A part on the page.
    enum Mounted {
        Lookup {
            app: AppHandle<LookupDebugger>,
            remote: Rc<LookupRemote>,
            on_change: Callback<(String, u32)>,
        },
        Import {
            app: AppHandle<ImportPanel>,
            on_imported: Callback<Imported>,
            on_forget: Callback<()>,
        },
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
        static MOUNTED: RefCell<Vec<Option<Mounted>>> = const { RefCell::new(Vec::new()) };
    }

    /// A start from the page, with its language's words loaded.
    async fn read<S: DeserializeOwned>(
        start: JsValue,
        lang: impl Fn(&S) -> Lang,
    ) -> Result<S, JsValue> {
        let start: S =
            serde_wasm_bindgen::from_value(start).map_err(|e| JsValue::from_str(&e.to_string()))?;
        load_catalog(lang(&start)).await.map_err(JsValue::from)?;
        Ok(start)
    }

    /// Keep `part`; its number.
    fn keep(part: Mounted) -> u32 {
        MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            m.push(Some(part));
            m.len() as u32 - 1
        })
    }

    fn import_props(
        start: ImportStart,
        on_imported: Callback<Imported>,
        on_forget: Callback<()>,
    ) -> ImportProps {
        ImportProps {
            config: start.config.map(AttrValue::from),
            backend: start.backend.map(AttrValue::from),
            on_imported,
            on_forget,
            lang: start.lang,
        }
    }

    /// Mount a lookup debugger into `root`, once the start's language is loaded; its number.
    /// `on_change(key, step)` hears the reader's moves.
    #[wasm_bindgen]
    pub async fn mount_lookup(
        root: web_sys::Element,
        start: JsValue,
        on_change: js_sys::Function,
    ) -> Result<u32, JsValue> {
        let start: LookupStart = read(start, |s: &LookupStart| s.lang).await?;
        let on_change = Callback::from(move |(key, step): (String, u32)| {
            let _ = on_change.call2(&JsValue::NULL, &key.into(), &step.into());
        });
        let remote = Rc::new(LookupRemote::default());
        skip_page_trees();
        let props = start.props(Some(on_change.clone()), Some(remote.clone()));
        let app = Renderer::<LookupDebugger>::with_root_and_props(root, props).render();
        Ok(keep(Mounted::Lookup {
            app,
            remote,
            on_change,
        }))
    }

    /// Mount an import panel into `root`, once the start's language is loaded; its number.
    /// `on_imported(imported)` hears an import read, `on_forget()` the reader's "Forget".
    #[wasm_bindgen]
    pub async fn mount_import(
        root: web_sys::Element,
        start: JsValue,
        on_imported: js_sys::Function,
        on_forget: js_sys::Function,
    ) -> Result<u32, JsValue> {
        let start: ImportStart = read(start, |s: &ImportStart| s.lang).await?;
        let on_imported = Callback::from(move |i: Imported| {
            if let Ok(value) = serde_wasm_bindgen::to_value(&i) {
                let _ = on_imported.call1(&JsValue::NULL, &value);
            }
        });
        let on_forget = Callback::from(move |()| {
            let _ = on_forget.call0(&JsValue::NULL);
        });
        skip_page_trees();
        let props = import_props(start, on_imported.clone(), on_forget.clone());
        let app = Renderer::<ImportPanel>::with_root_and_props(root, props).render();
        Ok(keep(Mounted::Import {
            app,
            on_imported,
            on_forget,
        }))
    }

    /// Give part `id` a new start (its language's words loaded first).
    #[wasm_bindgen]
    pub async fn update(id: u32, start: JsValue) -> Result<(), JsValue> {
        let is_lookup = MOUNTED.with(|m| {
            matches!(
                m.borrow().get(id as usize),
                Some(Some(Mounted::Lookup { .. }))
            )
        });
        if is_lookup {
            let start: LookupStart = read(start, |s: &LookupStart| s.lang).await?;
            MOUNTED.with(|m| {
                if let Some(Some(Mounted::Lookup {
                    app,
                    remote,
                    on_change,
                })) = m.borrow_mut().get_mut(id as usize)
                {
                    app.update(start.props(Some(on_change.clone()), Some(remote.clone())));
                }
            });
        } else {
            let start: ImportStart = read(start, |s: &ImportStart| s.lang).await?;
            MOUNTED.with(|m| {
                if let Some(Some(Mounted::Import {
                    app,
                    on_imported,
                    on_forget,
                })) = m.borrow_mut().get_mut(id as usize)
                {
                    app.update(import_props(start, on_imported.clone(), on_forget.clone()));
                }
            });
        }
        Ok(())
    }

    /// Ask debugger `id` to play, pause or step; false if there is no such debugger or command.
    #[wasm_bindgen]
    pub fn remote(id: u32, name: &str) -> bool {
        let remote = MOUNTED.with(|m| match m.borrow().get(id as usize) {
            Some(Some(Mounted::Lookup { remote, .. })) => Some(remote.clone()),
            _ => None,
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
        match gone {
            Some(Mounted::Lookup { app, .. }) => app.destroy(),
            Some(Mounted::Import { app, .. }) => app.destroy(),
            None => {}
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
