//! The lookup debugger's module: a third wasm module that holds what the page's first load
//! leaves out: the hash lookup debugger, the churn view and the sample keys (`ui::lookup`), with
//! the lookup's step wording and the drawings of the ring and Maglev's table. Trunk builds it
//! into `dist/lookup/` (index.html's third `rust` link, an ES module); the page imports it when
//! the debugger's place nears the screen (`ui::lookup::lazy`) and mounts a debugger into an
//! element it gives. Each mounted debugger has a number; `update` gives it a new start (the
//! page's pool, language or link changed), `remote` moves its steps, `unmount` removes it. The
//! debugger's words need the page's catalog: it fetches `lang/<code>.txt` beside the page (the
//! page fetched it already: the browser's cache answers).

#[cfg(target_arch = "wasm32")]
mod module {
    use std::cell::RefCell;
    use std::rc::Rc;

    use fulcrum::ui::chrome::address::load_catalog;
    use fulcrum::ui::lookup::lazy::LookupStart;
    use fulcrum::ui::lookup::{LookupDebugger, LookupRemote, Remote};
    use wasm_bindgen::prelude::*;
    use yew::{AppHandle, Callback, Renderer};

    struct Mounted {
        app: AppHandle<LookupDebugger>,
        remote: Rc<LookupRemote>,
        on_change: Callback<(String, u32)>,
    }

    /// Yew numbers the trees it renders (apps and portals) from 1 in each wasm module, and brands
    /// their elements with that number to know which tree an event belongs to. The page's app is
    /// tree 1 in its module, and this module's first debugger would be tree 1 in this one: the
    /// page's app would then take a click in the debugger for its own and run its own listener
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
        /// Mounted debuggers by number (a slot is emptied on unmount, never reused).
        static MOUNTED: RefCell<Vec<Option<Mounted>>> = const { RefCell::new(Vec::new()) };
    }

    fn read(start: JsValue) -> Result<LookupStart, JsValue> {
        serde_wasm_bindgen::from_value(start).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Mount a debugger into `root`, once the start's language is loaded; its number.
    #[wasm_bindgen]
    pub async fn mount(
        root: web_sys::Element,
        start: JsValue,
        on_change: js_sys::Function,
    ) -> Result<u32, JsValue> {
        let start = read(start)?;
        load_catalog(start.lang).await.map_err(JsValue::from)?;
        let on_change = Callback::from(move |(key, step): (String, u32)| {
            let _ = on_change.call2(&JsValue::NULL, &key.into(), &step.into());
        });
        let remote = Rc::new(LookupRemote::default());
        skip_page_trees();
        let props = start.props(Some(on_change.clone()), Some(remote.clone()));
        let app = Renderer::<LookupDebugger>::with_root_and_props(root, props).render();
        Ok(MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            m.push(Some(Mounted {
                app,
                remote,
                on_change,
            }));
            m.len() as u32 - 1
        }))
    }

    /// Give debugger `id` a new start (its language's words loaded first).
    #[wasm_bindgen]
    pub async fn update(id: u32, start: JsValue) -> Result<(), JsValue> {
        let start = read(start)?;
        load_catalog(start.lang).await.map_err(JsValue::from)?;
        MOUNTED.with(|m| {
            if let Some(Some(d)) = m.borrow_mut().get_mut(id as usize) {
                let props = start.props(Some(d.on_change.clone()), Some(d.remote.clone()));
                d.app.update(props);
            }
        });
        Ok(())
    }

    /// Ask debugger `id` to play, pause or step; false if there is no such debugger or command.
    #[wasm_bindgen]
    pub fn remote(id: u32, name: &str) -> bool {
        let remote = MOUNTED.with(|m| {
            m.borrow()
                .get(id as usize)
                .and_then(|d| d.as_ref().map(|d| d.remote.clone()))
        });
        match (remote, Remote::from_name(name)) {
            (Some(r), Some(asked)) => r.send(asked),
            _ => false,
        }
    }

    /// Remove debugger `id` from the page.
    #[wasm_bindgen]
    pub fn unmount(id: u32) {
        let gone = MOUNTED.with(|m| m.borrow_mut().get_mut(id as usize).and_then(Option::take));
        if let Some(d) = gone {
            d.app.destroy();
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
        "the lookup debugger's module runs in a browser, loaded by the playground; natively, `fulcrum explain` steps through the same lookups"
    );
    std::process::exit(2);
}
