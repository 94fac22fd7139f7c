//! The import worker: a second wasm module, run as a web worker, that holds what the page's
//! first load leaves out: the nginx, HAProxy and Envoy readers (YAML included), deflate and the
//! proxies' own pickers. Trunk builds it into `dist/import/` (index.html's second `rust` link);
//! the page starts it only when the import panel is used or the link carries `config=`
//! (`ui::views::import::worker`). Each message is a `playground::import::wire::Request` as JSON
//! text; the answer goes back the same way. It says `ready` once it listens (a message sent
//! before would be lost). The answer's words (notes, refusals, the key check's steps) are in both
//! catalogs: the page's (`lang/<code>.txt`, the key check's steps) and the later module's
//! (`lang/later/<code>.txt`, the import's notes and refusals); the worker fetches both beside
//! the page (the page and the later module, which starts the worker, fetched them already: the
//! browser's cache answers), from the address the page gives it in `FULCRUM_BASE`.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::rc::Rc;

    use fulcrum::playground::import::wire::{Reader, Request};
    use fulcrum::share::i18n::{Lang, LaterText, Table, Text};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

    /// The page's address (the blob that starts the worker sets it).
    fn base() -> String {
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("FULCRUM_BASE"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// Install `lang`'s catalogs of both tables once.
    async fn catalogs(scope: &DedicatedWorkerGlobalScope, lang: Lang) {
        catalog::<Text>(scope, lang).await;
        catalog::<LaterText>(scope, lang).await;
    }

    /// Install `lang`'s catalog of table `T` once; without it the words are in the other
    /// language, or empty.
    async fn catalog<T: Table>(scope: &DedicatedWorkerGlobalScope, lang: Lang) {
        if T::installed(lang) {
            return;
        }
        let url = format!("{}{}", base(), T::catalog_path(lang));
        let Ok(response) = JsFuture::from(scope.fetch_with_str(&url)).await else {
            return;
        };
        let response: Response = response.unchecked_into();
        if !response.ok() {
            return;
        }
        let Ok(text) = response.text() else {
            return;
        };
        if let Ok(text) = JsFuture::from(text).await
            && let Some(text) = text.as_string()
        {
            let _ = T::install(lang, text);
        }
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reader = Rc::new(RefCell::new(Reader::default()));
        let listener = {
            let scope = scope.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let Some(request) = e
                    .data()
                    .as_string()
                    .and_then(|t| serde_json::from_str::<Request>(&t).ok())
                else {
                    return;
                };
                let (scope, reader) = (scope.clone(), reader.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    catalogs(&scope, request.lang()).await;
                    let answer = reader.borrow_mut().answer(request);
                    if let Ok(text) = serde_json::to_string(&answer) {
                        let _ = scope.post_message(&JsValue::from_str(&text));
                    }
                });
            })
        };
        scope.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        listener.forget();
        let _ = scope.post_message(&JsValue::from_str("ready"));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the import worker runs in a browser, started by the playground; natively, `fulcrum route --config FILE` reads the same configurations"
    );
    std::process::exit(2);
}
