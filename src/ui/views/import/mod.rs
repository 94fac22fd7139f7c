//! The import panel: a textarea and a file picker for the load-balancing part of an nginx,
//! HAProxy or Envoy configuration, a select of its backends when it has several, the notes on
//! what was ignored or could not be taken (each with its line) beside the text, and a key check
//! that makes the proxy's own pick. It is compiled into the later module (`src/later.rs`), which
//! the page loads when the panel's place nears the screen (`ui::later::import`). The reading
//! itself happens in the import worker ([`worker`], loaded on first use): the panel sends the
//! text and hands the answer, a plain description of the pool and strategy
//! (`playground::import::wire::Imported`), to the page, which loads it and puts the (packed)
//! text in the link; the other views then work on it. While the worker reads, the panel says so.

pub mod worker;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use self::worker::{Shown, use_link_import};
use crate::config::change::Change;
use crate::playground::import::MAX_IMPORT_BYTES;
use crate::playground::import::wire::{Answer, Imported, Request, Source};
use crate::share::i18n::{Lang, LaterText, Text};
use crate::share::permalink::DEFAULT_KEY;
use crate::ui::hooks::refocus_if_lost;
use crate::ui::widgets::dom::{El, button, el, field, field_labelled, frag};

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// The import in force: the link's `config` value.
    pub config: Option<AttrValue>,
    /// Its backend (the link's `backend`).
    pub backend: Option<AttrValue>,
    /// An import read: the page loads its pool and strategy and puts it in the link.
    pub on_imported: Callback<Imported>,
    /// "Forget": the link drops its configuration.
    pub on_forget: Callback<()>,
    pub lang: Lang,
}

/// An import asked of the worker: (source, backend).
type Asked = (Source, Option<String>);

#[component]
pub fn ImportPanel(props: &ImportProps) -> Html {
    let lang = props.lang;
    let in_force = props.config.clone();
    let backend = props.backend.clone();
    let shown = use_link_import(in_force.clone(), backend.clone(), lang);
    let draft = use_state(String::new);
    // A refusal of the typed text (or of a file) stays beside it until the next import.
    let refused = use_state(|| None::<String>);
    // An import of the typed text is being read.
    let busy = use_state(|| false);
    // The key check's key: "What moves" says where it goes after a change.
    let key = use_state(|| AttrValue::from(DEFAULT_KEY));
    {
        // The import in force, once read (the link, "Forget"), shows its text.
        let (draft, refused) = (draft.clone(), refused.clone());
        let text = match &shown {
            Shown::Read(r) => r.text.clone(),
            Shown::Nothing => Some(String::new()),
            Shown::Reading | Shown::Failed => None,
        };
        use_effect_with(text, move |text| {
            if let Some(text) = text {
                draft.set(text.clone());
                refused.set(None);
            }
        });
    }
    let apply = apply_callback(props, &refused, &busy);
    let on_import = {
        let (draft, apply, busy) = (draft.clone(), apply.clone(), busy.clone());
        Callback::from(move |_| {
            if !*busy && !draft.trim().is_empty() {
                apply.emit((Source::Text((*draft).clone()), None));
            }
        })
    };
    let on_forget = props.on_forget.reform(|_: MouseEvent| ());
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            // Someone is about to import: the worker starts loading now.
            worker::warm();
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            draft.set(area.value());
        })
    };
    let on_file = file_callback(&draft, &refused, &apply, lang);

    let mut text_field = field(
        "import-text",
        LaterText::ImportText.get(lang),
        el("textarea")
            .attr("id", "import-text")
            .attr("rows", "8")
            .attr("spellcheck", "false")
            .attr("aria-describedby", "import-notes")
            .value((*draft).clone())
            .oninput(on_text),
    );
    text_field = text_field.class("field import-text");
    let file_field = field(
        "import-file",
        LaterText::ImportFile.get(lang),
        el("input")
            .attr("id", "import-file")
            .attr("type", "file")
            .attr("accept", ".conf,.cfg,.yaml,.yml,.json,.txt,text/plain")
            .onchange(on_file),
    );
    let actions = el("div")
        .class("import-actions")
        .child(file_field)
        // With nothing to read or while it reads, the button stays enabled (`aria-disabled`,
        // presses ignored): a disabled button drops the keyboard's focus to the page's start.
        .child(
            button(LaterText::ImportApply.get(lang), on_import, false)
                .attr("id", "import-apply")
                .attr(
                    "aria-disabled",
                    (draft.trim().is_empty() || *busy).to_string(),
                ),
        )
        .slot(
            in_force
                .is_some()
                .then(|| button(LaterText::ImportClear.get(lang), on_forget, false)),
        );
    let reading = *busy || shown == Shown::Reading;
    let notes = notes_column(&shown, refused.as_deref(), reading, lang);
    let read = match &shown {
        Shown::Read(r) => r.imported.as_ref(),
        _ => None,
    };
    let body = el("div")
        .class("import-body")
        .child(
            el("div")
                .class("import-input")
                .child(text_field)
                .child(actions),
        )
        .child(notes)
        .slot(read.map(|i| backend_select(i, &apply, lang)));
    let section = el("section")
        .attr("id", "import")
        .class("view span import")
        .attr("aria-labelledby", "import-h")
        .attr("aria-busy", if reading { "true" } else { "false" })
        .child(
            el("h2")
                .attr("id", "import-h")
                .text(Text::ImportTitle.get(lang)),
        )
        .child(
            el("p")
                .class("muted small")
                .text(LaterText::ImportHint.get(lang)),
        )
        .child(body);
    let checks = read.filter(|i| i.keyed).map(|i| {
        let value = AttrValue::from(i.value.clone());
        let label = AttrValue::from(if i.key_label.is_empty() {
            LaterText::ImportKey.get(lang).to_string()
        } else {
            i.key_label.clone()
        });
        let on_key = {
            let key = key.clone();
            Callback::from(move |k: AttrValue| key.set(k))
        };
        yew::html! {
            <>
                <KeyCheck value={value.clone()} backend={backend.clone()} {lang} {label}
                    typed={(*key).clone()} {on_key} />
                <ChangeCheck
                    {value}
                    backend={backend.clone()}
                    servers={Rc::new(i.servers.clone())}
                    typed={(*key).clone()}
                    {lang}
                />
            </>
        }
    });
    section.slot(checks).done()
}

/// Import `(source, backend)` through the worker: on success the page hears of it (it loads the
/// pool and strategy, and the link takes the (packed) text); a refusal is kept beside the text.
fn apply_callback(
    props: &ImportProps,
    refused: &UseStateHandle<Option<String>>,
    busy: &UseStateHandle<bool>,
) -> Callback<Asked> {
    let (on_imported, lang) = (props.on_imported.clone(), props.lang);
    let (refused, busy) = (refused.clone(), busy.clone());
    Callback::from(move |(source, backend): Asked| {
        busy.set(true);
        // Where the keyboard was (Import, the backend select): it is there again after the page
        // takes the import, which draws the panel anew.
        let focused = gloo::utils::document()
            .active_element()
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        let (on_imported, refused, busy) = (on_imported.clone(), refused.clone(), busy.clone());
        let reply = Callback::from(move |answer: Option<Answer>| {
            busy.set(false);
            let reading = match answer {
                Some(Answer::Read { reading, .. }) => Rc::new(*reading),
                _ => {
                    refused.set(Some(LaterText::ImportWorkerFailed.get(lang).to_string()));
                    return;
                }
            };
            match (&reading.imported, &reading.refused) {
                (Some(i), _) => {
                    worker::keep(&i.value, i.link_backend().as_deref(), lang, reading.clone());
                    refused.set(None);
                    on_imported.emit(i.clone());
                    if let Some(id) = focused.clone() {
                        refocus_if_lost(move |document| document.get_element_by_id(&id));
                    }
                }
                (None, why) => refused.set(why.clone()),
            }
        });
        worker::ask(
            |id| Request::Read {
                id,
                source,
                backend,
                lang,
            },
            reply,
        );
    })
}

/// The file picker: a file's text goes into the textarea and is imported; a file too large is
/// refused with its size.
fn file_callback(
    draft: &UseStateHandle<String>,
    refused: &UseStateHandle<Option<String>>,
    apply: &Callback<Asked>,
    lang: Lang,
) -> Callback<Event> {
    let (draft, refused, apply) = (draft.clone(), refused.clone(), apply.clone());
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > MAX_IMPORT_BYTES as f64 {
            refused.set(Some(LaterText::ImportFileTooLarge.fill(
                lang,
                &["file", "bytes", "max"],
                &[
                    &file.name(),
                    &file.size().to_string(),
                    &MAX_IMPORT_BYTES.to_string(),
                ],
            )));
            return;
        }
        worker::warm();
        let (draft, apply) = (draft.clone(), apply.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
                .map(String::from)
                .unwrap_or_default();
            draft.set(text.clone());
            apply.emit((Source::Text(text), None));
        });
    })
}

/// An alert beside the text.
fn alert(column: El, why: String) -> El {
    column.child(
        el("p")
            .class("import-error")
            .attr("role", "alert")
            .text(why),
    )
}

/// Beside the text: the refusal, else the import's summary and its notes, each with its line;
/// "reading" while the worker reads.
fn notes_column(shown: &Shown, refused: Option<&str>, reading: bool, lang: Lang) -> Html {
    let mut column = el("div")
        .class("import-notes")
        .attr("id", "import-notes")
        .attr("aria-live", "polite");
    if reading {
        column = column.child(
            el("p")
                .class("import-reading")
                .attr("role", "status")
                .text(LaterText::ImportReading.get(lang)),
        );
    }
    let column = match (refused, shown) {
        (Some(why), _) => alert(column, why.to_string()),
        (None, Shown::Failed) => alert(column, LaterText::ImportWorkerFailed.get(lang).to_string()),
        (None, Shown::Read(r)) => match (&r.imported, &r.refused) {
            (Some(i), _) => summary(column, i, lang),
            (None, why) => alert(column, why.clone().unwrap_or_default()),
        },
        (None, Shown::Nothing | Shown::Reading) => column,
    };
    column.done()
}

fn summary(column: El, i: &Imported, lang: Lang) -> El {
    let line = i.summary.clone();
    let mut column = column.child(el("p").class("import-summary").text(line));
    if i.exact {
        column = column.child(
            el("p")
                .class("import-exact")
                .text(LaterText::ImportExact.get(lang)),
        );
    }
    if i.notes.is_empty() {
        return column;
    }
    column.child(
        el("ul")
            .class("import-note-list")
            .attr("aria-label", LaterText::ImportNotes.get(lang))
            .children(i.notes.iter().map(|n| el("li").text(n.clone()).done())),
    )
}

/// The backends of a file with several, as a select; choosing one imports it.
fn backend_select(i: &Imported, apply: &Callback<Asked>, lang: Lang) -> Html {
    if i.backends.len() < 2 {
        return frag([]);
    }
    let onchange = {
        let (apply, value) = (apply.clone(), i.value.clone());
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            apply.emit((Source::Link(value.clone()), Some(s.value())));
        })
    };
    let select = el("select")
        .attr("id", "import-backend")
        .onchange(onchange)
        .children(i.backends.iter().map(|name| {
            el("option")
                .attr("value", name.clone())
                .flag("selected", *name == i.backend)
                .text(name.clone())
                .done()
        }));
    field("import-backend", LaterText::ImportBackend.get(lang), select).done()
}

#[derive(Properties, PartialEq)]
struct KeyCheckProps {
    /// The link's `config` value and backend of the import in force.
    value: AttrValue,
    backend: Option<AttrValue>,
    lang: Lang,
    /// The field's label: the key in plain words and as the configuration names it.
    label: AttrValue,
    /// The key, kept by the panel ("What moves" says where it goes), and its change.
    typed: AttrValue,
    on_key: Callback<AttrValue>,
}

/// A key, and where the proxy itself sends it (its own picker, steps included, in the worker).
#[component]
fn KeyCheck(props: &KeyCheckProps) -> Html {
    let lang = props.lang;
    let key = props.typed.clone();
    // `None` while the worker answers; else where the proxy sends it (or why not), the steps.
    let routed = use_state(|| None::<(String, Vec<String>)>);
    let asked = use_mut_ref(|| 0u32);
    {
        let routed = routed.clone();
        let watched = (
            key.to_string(),
            props.value.clone(),
            props.backend.clone(),
            lang,
        );
        use_effect_with(watched, move |(key, value, backend, lang)| {
            routed.set(None);
            *asked.borrow_mut() += 1;
            let mine = *asked.borrow();
            let lang = *lang;
            let reply = Callback::from(move |answer: Option<Answer>| {
                // Only the answer for the key now in the field.
                if *asked.borrow() != mine {
                    return;
                }
                routed.set(Some(match answer {
                    Some(Answer::Route { said, steps, .. }) => (said, steps),
                    _ => (
                        LaterText::ImportWorkerFailed.get(lang).to_string(),
                        Vec::new(),
                    ),
                }));
            });
            let (key, value, backend) = (
                key.clone(),
                value.to_string(),
                backend.as_deref().map(str::to_string),
            );
            worker::ask(
                move |id| Request::Route {
                    id,
                    source: Source::Link(value),
                    backend,
                    key,
                    lang,
                },
                reply,
            );
        });
    }
    // It answers as the key is typed (the worker answers in order, so the last key's answer
    // is the one left).
    let on_key = props.on_key.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        AttrValue::from(input.value())
    });
    let status = |text: String| {
        el("p")
            .class("import-route")
            .attr("role", "status")
            .text(text)
            .done()
    };
    let answer = match &*routed {
        None => status(LaterText::ImportReading.get(lang).to_string()),
        Some((said, steps)) => frag([
            status(said.clone()),
            el("ol")
                .class("import-steps small")
                .children(steps.iter().map(|s| el("li").text(s.clone()).done()))
                .done(),
        ]),
    };
    el("div")
        .class("import-key")
        .child(field_labelled(
            el("label")
                .attr("for", "import-key")
                .text(props.label.clone()),
            el("input")
                .attr("id", "import-key")
                .attr("type", "text")
                .attr("aria-describedby", "import-key-hint")
                .value(key.to_string())
                .oninput(on_key),
        ))
        .child(
            el("p")
                .attr("id", "import-key-hint")
                .class("muted small")
                .text(LaterText::ImportKeyHint.get(lang)),
        )
        .child(answer)
        .done()
}

#[derive(Properties, PartialEq)]
struct ChangeCheckProps {
    /// The link's `config` value and backend of the import in force.
    value: AttrValue,
    backend: Option<AttrValue>,
    /// The servers it may remove, as the configuration names them.
    servers: Rc<Vec<String>>,
    /// The key check's key: the answer says where it goes after the change.
    typed: AttrValue,
    lang: Lang,
}

/// The select's value for adding a server (a server's name is never empty).
const ADD: &str = "";

/// "What moves": a server removed or added, and what the proxy itself would move over the
/// same sample keys (the worker routes them before and after, as the proxy's reload would).
#[component]
fn ChangeCheck(props: &ChangeCheckProps) -> Html {
    let lang = props.lang;
    // The select's value: a server's name to remove, or ADD.
    let chosen = use_state(|| props.servers.first().cloned().unwrap_or_default());
    let added = use_state(String::new);
    // `None` while the worker answers; else its sentences.
    let said = use_state(|| Some(Vec::<String>::new()));
    let asked = use_mut_ref(|| 0u32);
    let on_chosen = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(s.value());
        })
    };
    let on_added = {
        let added = added.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            added.set(input.value());
        })
    };
    let on_ask = {
        let (chosen, added, said) = (chosen.clone(), added.clone(), said.clone());
        let (value, backend, key) = (
            props.value.to_string(),
            props.backend.as_deref().map(str::to_string),
            props.typed.to_string(),
        );
        Callback::from(move |_: MouseEvent| {
            // While the worker answers, the button keeps the focus but does nothing.
            if said.is_none() {
                return;
            }
            let change = if *chosen == ADD {
                Change::Add(added.trim().to_string())
            } else {
                Change::Remove((*chosen).clone())
            };
            said.set(None);
            *asked.borrow_mut() += 1;
            let (mine, asked, said) = (*asked.borrow(), asked.clone(), said.clone());
            let reply = Callback::from(move |answer: Option<Answer>| {
                if *asked.borrow() != mine {
                    return;
                }
                said.set(Some(match answer {
                    Some(Answer::Change { said, .. }) => said,
                    _ => vec![LaterText::ImportWorkerFailed.get(lang).to_string()],
                }));
            });
            let (value, backend, key) = (value.clone(), backend.clone(), key.clone());
            worker::ask(
                move |id| Request::Change {
                    id,
                    source: Source::Link(value),
                    backend,
                    change,
                    key: Some(key),
                    lang,
                },
                reply,
            );
        })
    };
    let adding = *chosen == ADD;
    let answer = match &*said {
        None => {
            html! { <p class="import-moves" role="status">{ LaterText::ImportReading.get(lang) }</p> }
        }
        Some(lines) => html! {
            <div class="import-moves" role="status">
                { for lines.iter().map(|line| html! { <p>{ line }</p> }) }
            </div>
        },
    };
    html! {
        <div class="import-change">
            <div class="import-actions">
                <div class="field">
                    <label for="import-change">{ LaterText::ImportChange.get(lang) }</label>
                    <select id="import-change" onchange={on_chosen}>
                        { for props.servers.iter().map(|name| html! {
                            <option value={name.clone()} selected={*name == *chosen}>
                                { LaterText::ImportChangeRemove.fill(lang, &["server"], &[name]) }
                            </option>
                        }) }
                        <option value={ADD} selected={adding}>{ LaterText::ImportChangeAdd.get(lang) }</option>
                    </select>
                </div>
                if adding {
                    <div class="field">
                        <label for="import-new">{ LaterText::ImportNewServer.get(lang) }</label>
                        <input id="import-new" type="text" value={(*added).clone()} oninput={on_added} />
                    </div>
                }
                <button type="button" onclick={on_ask} disabled={adding && added.trim().is_empty()}
                    aria-disabled={said.is_none().to_string()}>
                    { LaterText::ImportWhatMoves.get(lang) }
                </button>
            </div>
            <p class="muted small">{ LaterText::ImportWhatMovesHint.get(lang) }</p>
            { answer }
        </div>
    }
}
