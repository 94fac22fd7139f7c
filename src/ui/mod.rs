//! The browser front end (wasm only): Yew components that draw the playground's model
//! ([`crate::playground`]) and explain the engine's traces. Nothing here decides a pick or
//! holds state that is not also in the model.
//!
//! - [`app`]: the root, over [`hooks::playground::use_playground`] (the model, the reducer, the
//!   animation loop and the bus that hands each frame to the components that move).
//! - [`sections`]: each view in its section; the root shows them all, an embed one.
//! - [`views`]: one folder per view (pool, flow, ring, balancer, stats, charts, explain,
//!   compare), each a component over parts of the snapshot.
//! - [`lookup`]: the hash lookup debugger, the churn view and the sample keys.
//! - [`controls`]: the strategy, preset, seed and sliders, and the notes beside them.
//! - [`chrome`]: masthead, the page's address, share and timeline bars, embedding, downloads,
//!   lessons.
//! - [`widgets`]: the element builder, the labelled slider, table pieces.
//! - [`hooks`]: the browser as hooks (media queries, visibility, width, animation frames).
//!
//! [`start`] installs a panic hook that replaces a dead page with an error panel, fetches the
//! page's language's strings, then mounts [`app::App`] into the element with id `fulcrum` (or
//! the body), so the same app can be embedded.

pub mod app;
pub mod chrome;
pub mod controls;
pub mod hooks;
pub mod later;
pub mod lookup;
mod reducers;
pub mod sections;
pub mod views;
pub mod widgets;

use wasm_bindgen::JsCast;

use crate::share::i18n::Lang;

/// Mount the playground.
pub fn start() {
    show_errors();
    // The page renders once its language's strings are in; if they cannot be fetched, it
    // falls back to English, and failing that says why.
    let lang = chrome::address::start_lang();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match chrome::address::load_catalog(lang).await {
            Err(_) if lang != Lang::En => chrome::address::load_catalog(Lang::En).await,
            loaded => loaded,
        };
        if let Err(message) = loaded {
            show_error_panel(&message);
            return;
        }
        let document = gloo::utils::document();
        let root = document
            .get_element_by_id("fulcrum")
            .unwrap_or_else(|| document.body().expect("a page has a body").into());
        yew::Renderer::<app::App>::with_root(root).render();
    });
}

/// From now on, a panic (or the trap a panic becomes in the site's build) shows the error panel
/// in place of a dead page; the later module installs it too.
pub fn show_errors() {
    std::panic::set_hook(Box::new(|info| {
        show_error_panel(&info.to_string());
    }));
    // The site's build aborts on a panic without running the hook: the wasm traps, and the
    // browser reports a `WebAssembly.RuntimeError`, which shows the same panel.
    let window = gloo::utils::window();
    gloo::events::EventListener::new(&window, "error", |e| {
        if let Some(e) = e.dyn_ref::<web_sys::ErrorEvent>()
            && e.error()
                .is_instance_of::<js_sys::WebAssembly::RuntimeError>()
        {
            show_error_panel(&e.message());
        }
    })
    .forget();
}

/// Replace the page's content with the panic message, as text (never as HTML).
fn show_error_panel(message: &str) {
    let document = gloo::utils::document();
    if document.get_element_by_id("error-panel").is_some() {
        return;
    }
    let Ok(panel) = document.create_element("section") else {
        return;
    };
    panel.set_id("error-panel");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("aria-label", "Error");
    let heading = document.create_element("h2").ok();
    if let Some(h) = &heading {
        h.set_text_content(Some("The playground stopped"));
        let _ = panel.append_child(h);
    }
    if let Ok(pre) = document.create_element("pre") {
        pre.set_text_content(Some(message));
        let _ = panel.append_child(&pre);
    }
    if let Ok(p) = document.create_element("p") {
        p.set_text_content(Some(
            "Reload the page to start again. Please report this message.",
        ));
        let _ = panel.append_child(&p);
    }
    if let Some(body) = document.body() {
        let _ = body
            .dyn_ref::<web_sys::HtmlElement>()
            .map(|b| b.prepend_with_node_1(&panel));
    }
}
