//! The page's side of the import worker (`src/import_worker.rs`): started on first need (the
//! panel focused or used, a link with `config=`), from `import/` beside the page, so it loads
//! from a sub-path and from wherever the page itself was loaded. Requests wait until the worker
//! says `ready`; each answer goes to the callback of its request. If the worker cannot start
//! or fails, every waiting request is answered `None` and the panel says so.
//!
//! The readings of the link's `config` value are kept (a few), so the panel, its key check and
//! the lookup debugger share one read; [`use_link_import`] is the hook they use.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};
use yew::prelude::*;

use crate::playground::import::wire::{Answer, Reading, Request, Source};
use crate::share::i18n::Lang;
use crate::ui::chrome::address::beside_page;

/// The worker's glue and module, relative to the page (index.html's `data-target-path`).
const WORKER_JS: &str = "import/import_worker.js";
const WORKER_WASM: &str = "import/import_worker_bg.wasm";
/// Readings of link values kept.
const KEPT: usize = 8;

type Reply = Callback<Option<Answer>>;
/// The worker's message and error listeners, kept alive with it.
type Listeners = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(Event)>);

struct Client {
    /// `None` once it failed (or could not start): every request is answered `None`.
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<String>,
    next_id: u32,
    /// Requests sent and not answered yet (a few at most: a short list).
    waiting: Vec<(u32, Reply)>,
    _listeners: Option<Listeners>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Readings of (link value, backend, language), and the replies waiting for one in flight.
    static READINGS: RefCell<Vec<(Key, Kept)>> = const { RefCell::new(Vec::new()) };
}

/// A link value, its backend, the language of the words.
type Key = (String, Option<String>, Lang);

enum Kept {
    Read(Rc<Reading>),
    InFlight(Vec<Callback<Option<Rc<Reading>>>>),
}

/// A classic worker from a blob that loads the glue and the module by their full addresses.
fn spawn() -> Option<Worker> {
    // The page's folder: its address may carry a query (the link), which `lang/` must not.
    let base = beside_page("./")?;
    let js = beside_page(WORKER_JS)?;
    let wasm = beside_page(WORKER_WASM)?;
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let script = format!(
        "self.FULCRUM_BASE={};importScripts({});wasm_bindgen({{module_or_path:{}}});",
        quote(&base),
        quote(&js),
        quote(&wasm)
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    Worker::new(&url).ok()
}

fn start() -> Client {
    let Some(worker) = spawn() else {
        return Client::failed();
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        if text == "ready" {
            with_client(|c| {
                c.ready = true;
                if let Some(w) = &c.worker {
                    for m in c.queue.drain(..) {
                        let _ = w.post_message(&JsValue::from_str(&m));
                    }
                }
            });
            return;
        }
        let Ok(answer) = serde_json::from_str::<Answer>(&text) else {
            return;
        };
        let id = answer.id();
        let reply = with_client(|c| {
            let at = c.waiting.iter().position(|w| w.0 == id)?;
            Some(c.waiting.swap_remove(at).1)
        });
        if let Some(reply) = reply.flatten() {
            reply.emit(Some(answer));
        }
    });
    // A script that does not load (offline, a missing file) or a panic in the worker.
    let on_error = Closure::<dyn FnMut(Event)>::new(|_: Event| {
        let replies = with_client(|c| {
            if let Some(w) = c.worker.take() {
                w.terminate();
            }
            c.waiting.drain(..).map(|(_, r)| r).collect::<Vec<_>>()
        })
        .unwrap_or_default();
        for r in replies {
            r.emit(None);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Client {
        worker: Some(worker),
        ready: false,
        queue: Vec::new(),
        next_id: 1,
        waiting: Vec::new(),
        _listeners: Some((on_message, on_error)),
    }
}

impl Client {
    fn failed() -> Self {
        Client {
            worker: None,
            ready: false,
            queue: Vec::new(),
            next_id: 1,
            waiting: Vec::new(),
            _listeners: None,
        }
    }
}

/// `f` on the client, once it exists (`None` when it does not).
fn with_client<T>(f: impl FnOnce(&mut Client) -> T) -> Option<T> {
    CLIENT.with(|c| c.borrow_mut().as_mut().map(f))
}

/// Start the worker now, so the first import does not wait for it to load.
pub fn warm() {
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = Some(start());
        }
    });
}

/// Send the request `make(id)`; `reply` gets its answer, or `None` if the worker failed.
pub fn ask(make: impl FnOnce(u32) -> Request, reply: Reply) {
    warm();
    let failed = with_client(|c| {
        if c.worker.is_none() {
            return true;
        }
        let id = c.next_id;
        c.next_id = c.next_id.wrapping_add(1);
        let Ok(text) = serde_json::to_string(&make(id)) else {
            return true;
        };
        c.waiting.push((id, reply.clone()));
        if c.ready {
            if let Some(w) = &c.worker {
                let _ = w.post_message(&JsValue::from_str(&text));
            }
        } else {
            c.queue.push(text);
        }
        false
    })
    .unwrap_or(true);
    if failed {
        reply.emit(None);
    }
}

/// Keep `reading` as the reading of the link value `value` with `backend` in `lang` (the
/// panel's own import, so the link that follows it is not read again).
pub fn keep(value: &str, backend: Option<&str>, lang: Lang, reading: Rc<Reading>) {
    READINGS.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= KEPT {
            r.retain(|(_, k)| matches!(k, Kept::InFlight(_)));
        }
        let key = (value.to_string(), backend.map(str::to_string), lang);
        r.retain(|(k, _)| *k != key);
        r.push((key, Kept::Read(reading)));
    });
}

/// The reading of a link value, from those kept or from the worker; `None` if the worker failed.
fn read_link(key: Key, reply: Callback<Option<Rc<Reading>>>) {
    let asked = READINGS.with(|r| {
        let mut r = r.borrow_mut();
        match r.iter_mut().find(|(k, _)| *k == key).map(|(_, kept)| kept) {
            Some(Kept::Read(reading)) => Some(Some(reading.clone())),
            Some(Kept::InFlight(waiting)) => {
                waiting.push(reply.clone());
                Some(None)
            }
            None => {
                r.push((key.clone(), Kept::InFlight(vec![reply.clone()])));
                None
            }
        }
    });
    match asked {
        Some(Some(reading)) => reply.emit(Some(reading)),
        Some(None) => {}
        None => {
            let (value, backend, lang) = key.clone();
            ask(
                |id| Request::Read {
                    id,
                    source: Source::Link(value),
                    backend,
                    lang,
                },
                Callback::from(move |answer: Option<Answer>| {
                    let reading = match answer {
                        Some(Answer::Read { reading, .. }) => Some(Rc::new(*reading)),
                        _ => None,
                    };
                    let waiting = READINGS.with(|r| {
                        let mut r = r.borrow_mut();
                        let at = r.iter().position(|(k, _)| *k == key);
                        let waiting = match at.map(|at| r.swap_remove(at).1) {
                            Some(Kept::InFlight(w)) => w,
                            _ => Vec::new(),
                        };
                        if let Some(reading) = &reading {
                            r.push((key.clone(), Kept::Read(reading.clone())));
                        }
                        waiting
                    });
                    for w in waiting {
                        w.emit(reading.clone());
                    }
                }),
            )
        }
    }
}

/// The import in force, as the page knows it while the worker reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// No configuration in the link.
    Nothing,
    /// The worker is reading it.
    Reading,
    Read(Rc<Reading>),
    /// The worker could not be loaded or failed.
    Failed,
}

/// The reading of the link's `config` value with `backend`, worded in `lang`, kept up to date.
#[hook]
pub fn use_link_import(value: Option<AttrValue>, backend: Option<AttrValue>, lang: Lang) -> Shown {
    let shown = use_state(|| Shown::Nothing);
    let asked = use_mut_ref(|| None::<Key>);
    {
        let shown = shown.clone();
        use_effect_with((value, backend, lang), move |(value, backend, lang)| {
            let Some(v) = value.clone() else {
                *asked.borrow_mut() = None;
                shown.set(Shown::Nothing);
                return;
            };
            let key: Key = (v.to_string(), backend.as_deref().map(str::to_string), *lang);
            *asked.borrow_mut() = Some(key.clone());
            shown.set(Shown::Reading);
            let reply = {
                let (shown, key) = (shown.clone(), key.clone());
                Callback::from(move |reading: Option<Rc<Reading>>| {
                    // An answer for a value no longer in force is dropped.
                    if asked.borrow().as_ref() == Some(&key) {
                        shown.set(reading.map_or(Shown::Failed, Shown::Read));
                    }
                })
            };
            read_link(key, reply);
        });
    }
    (*shown).clone()
}
