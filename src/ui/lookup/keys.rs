//! The table of sample keys and their owners under the debugger's strategy and pool, editable
//! ("Sample keys", one key per line) and copyable ("Copy": tab-separated text to the clipboard;
//! where the clipboard API is missing or refused, the text is shown selected for Ctrl+C instead).
//! Owners come from `engine::churn::owners` (the balancer's own picks).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::engine::churn::{PoolEdit, owners};
use crate::engine::{Server, StrategyConfig};
use crate::playground::lookup::settings::{
    CopyState, LookupAction, LookupSettings, error_text, marker, strategy_label,
};
use crate::share::i18n::{Lang, LaterText};
use crate::ui::lookup::controls::{dispatch_click, dispatch_on, swatch};
use crate::ui::widgets::dom::{button, el, field};
use crate::ui::widgets::tables::head;

/// Write `text` to the clipboard through `navigator.clipboard.writeText`, reporting success or
/// failure; every call is guarded, so a missing or throwing API reports failure, never a panic.
fn copy_to_clipboard(text: &str, done: Callback<bool>) {
    let navigator = gloo::utils::window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| c.is_object());
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(clipboard), Some(write)) = (clipboard, write) else {
        done.emit(false);
        return;
    };
    // The promise is used through plain `then`, so any thenable (or a refusal) is handled.
    let promise = write.call1(&clipboard, &JsValue::from_str(text)).ok();
    let then = promise.as_ref().and_then(|p| {
        js_sys::Reflect::get(p, &JsValue::from_str("then"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    match (promise, then) {
        (Some(promise), Some(then)) => {
            // One closure type for both outcomes.
            let report = |ok: bool| {
                let done = done.clone();
                Closure::<dyn FnMut(JsValue)>::once_into_js(move |_: JsValue| done.emit(ok))
            };
            if then.call2(&promise, &report(true), &report(false)).is_err() {
                done.emit(false);
            }
        }
        _ => done.emit(false),
    }
}

/// The sample keys' owners, or why there are none (in words).
pub type Owners = Result<Vec<Option<String>>, String>;

/// The sample keys' owners under `config`, or why there are none in `lang`.
pub fn sample_owners(
    config: &StrategyConfig,
    base: &[Server],
    edits: &[PoolEdit],
    samples: &[String],
    lang: Lang,
) -> Owners {
    owners(config, base, edits, samples).map_err(|e| error_text(&e, lang))
}

/// The table of sample keys over the debugger's `settings` and their `owners`, in `lang`; a row's "Look up" looks
/// its key up in the debugger. A hook of the debugger rather than a component of its own (one component
/// less in the wasm).
#[hook]
pub fn use_sample_keys(
    settings: &UseReducerHandle<LookupSettings>,
    ids: &[String],
    owners: &Owners,
    lang: Lang,
) -> Html {
    let s = &**settings;
    let none = LaterText::NoOwner.get(lang);
    // Kept in the settings (one hook less): reset when the sample keys change.
    let copy_state = s.copy;
    let fallback_ref = use_node_ref();
    let mut text = String::new();
    if let Ok(owners) = owners {
        text.push_str(LaterText::CopyHeader.get(lang));
        for (k, o) in s.samples.iter().zip(owners) {
            for part in ["\n", k, "\t", o.as_deref().unwrap_or(none)] {
                text.push_str(part);
            }
        }
    }
    use_select_fallback(fallback_ref.clone(), copy_state, text.clone());
    let on_copy = copy_handler(settings, &text);
    let on_samples = dispatch_on::<Event>(settings, |area| {
        let value = js_sys::Reflect::get(area, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        Some(LookupAction::SetSamples(value))
    });
    let rows = s.samples.len();
    let status = match copy_state {
        CopyState::Idle => String::new(),
        CopyState::Copied => LaterText::Copied.fill(lang, &["rows"], &[&rows]),
        CopyState::Fallback => LaterText::CopyFallback.get(lang).to_string(),
    };
    let table = el("div")
        .class("samples-table")
        .child(
            el("div")
                .class("copy-line")
                .child(button(
                    LaterText::CopyButton.get(lang),
                    on_copy,
                    text.is_empty(),
                ))
                .child(el("span").attr("role", "status").text(status)),
        )
        .slot((copy_state == CopyState::Fallback).then(|| {
            el("textarea")
                .node_ref(fallback_ref)
                .flag("readonly", true)
                .attr("rows", "6")
                .attr("aria-label", LaterText::SampleKeysAsText.get(lang))
                .class("copy-fallback")
                .value(text.clone())
        }));
    let owners = match owners {
        Err(e) => el("p").attr("role", "alert").text(e.clone()).done(),
        Ok(owners) => {
            let rows = s.samples.iter().zip(owners.iter()).map(|(k, o)| {
                let (class, letter) = o
                    .as_deref()
                    .map(|id| marker(ids, id))
                    .unwrap_or(("empty".into(), String::new()));
                let pick = dispatch_click(settings, LookupAction::SetKey(k.clone()));
                el("tr")
                    .child(
                        el("th")
                            .attr("scope", "row")
                            .child(el("code").text(k.clone())),
                    )
                    .child(
                        el("td")
                            .child(swatch(class, letter))
                            .text(format!(" {}", o.as_deref().unwrap_or(none))),
                    )
                    .child(
                        el("td").child(
                            button(LaterText::LookUp.get(lang), pick, false)
                                .class("small")
                                .attr(
                                    "aria-label",
                                    LaterText::LookUpKey.fill(lang, &["key"], &[k]),
                                ),
                        ),
                    )
                    .done()
            });
            el("div")
                .class("table-wrap")
                .child(
                    el("table")
                        .attr("aria-label", LaterText::SampleKeys.get(lang))
                        .child(el("caption").text(LaterText::OwnersUnder.fill(
                            lang,
                            &["strategy"],
                            &[&strategy_label(s.strategy, lang)],
                        )))
                        .child(el("thead").child(head(&[
                            LaterText::Key.get(lang),
                            LaterText::Owner.get(lang),
                            LaterText::Debug.get(lang),
                        ])))
                        .child(el("tbody").children(rows)),
                )
                .done()
        }
    };
    el("section")
        .class("sample-keys")
        .attr("aria-labelledby", "lookup-samples-title")
        .child(
            el("h2")
                .attr("id", "lookup-samples-title")
                .text(LaterText::SampleKeysTitle.get(lang)),
        )
        .child(
            el("div")
                .class("samples-layout")
                .child(
                    field(
                        "lookup-sample-keys",
                        LaterText::SampleKeysOnePerLine.get(lang),
                        el("textarea")
                            .attr("id", "lookup-sample-keys")
                            .attr("rows", "8")
                            .attr("spellcheck", "false")
                            .onchange(on_samples)
                            .value(s.samples.join("\n")),
                    )
                    .class("field samples-edit"),
                )
                .child(table.child(owners)),
        )
        .done()
}

/// Select the fallback text once it is shown, so Ctrl+C copies it.
#[hook]
fn use_select_fallback(fallback_ref: NodeRef, copy_state: CopyState, text: String) {
    use_effect_with((copy_state, text.clone()), move |(state, _)| {
        if *state == CopyState::Fallback
            && let Some(el) = fallback_ref.cast::<HtmlElement>()
        {
            let _ = el.focus();
            if let Ok(select) = js_sys::Reflect::get(&el, &JsValue::from_str("select"))
                && let Ok(select) = select.dyn_into::<js_sys::Function>()
            {
                let _ = select.call0(&el);
            }
        }
    });
}

/// "Copy": the text to the clipboard, or, where that is refused, shown selected instead.
fn copy_handler(settings: &UseReducerHandle<LookupSettings>, text: &str) -> Callback<MouseEvent> {
    let settings = settings.clone();
    let text = text.to_string();
    Callback::from(move |_| {
        let settings = settings.clone();
        copy_to_clipboard(
            &text,
            Callback::from(move |ok: bool| {
                settings.dispatch(LookupAction::Copy(if ok {
                    CopyState::Copied
                } else {
                    CopyState::Fallback
                }))
            }),
        );
    })
}
