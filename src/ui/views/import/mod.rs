//! The import panel: a textarea and a file picker for the load-balancing part of an nginx,
//! HAProxy or Envoy configuration, a select of its backends when it has several, the notes on
//! what was ignored or could not be taken (each with its line) beside the text, and a key check
//! that makes the proxy's own pick. Importing loads the page's pool and strategy from the paste
//! (`playground::import`) and puts the text in the link; the other views then work on it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::config::{ConfigError, KeySource};
use crate::playground::import::{self, Fidelity, Import, MAX_IMPORT_BYTES};
use crate::playground::live::Command;
use crate::playground::settings::Settings;
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::{DEFAULT_KEY, Link};
use crate::ui::widgets::dom::{El, button, el, field, frag};

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// The page's link: its `config` and `backend` are the import in force.
    pub link: Rc<Link>,
    /// Loads the page's settings.
    pub exec: Callback<Command>,
    /// Sets the page's link.
    pub on_link: Callback<Link>,
    pub lang: Lang,
}

/// What the last import attempt gave: an import, or why the text was refused.
type Outcome = Rc<Result<Import, ConfigError>>;

#[component]
pub fn ImportPanel(props: &ImportProps) -> Html {
    let lang = props.lang;
    let in_force = props.link.config.clone();
    let draft = use_state(|| in_force.clone().unwrap_or_default());
    // A refusal of the typed text (or of a file) stays beside it until the next import.
    let refused = use_state(|| None::<String>);
    {
        // A new import in force elsewhere (the link, "Forget") shows its text.
        let (draft, refused) = (draft.clone(), refused.clone());
        use_effect_with(in_force.clone(), move |text| {
            draft.set(text.clone().unwrap_or_default());
            refused.set(None);
        });
    }
    let shown: Option<Outcome> = {
        let backend = props.link.backend.clone();
        let outcome = use_memo((in_force.clone(), backend), |(text, backend)| {
            text.as_deref()
                .map(|t| Rc::new(import::import(t, backend.as_deref())))
        });
        (*outcome).clone()
    };
    let apply = apply_callback(props, &refused);
    let on_import = {
        let (draft, apply) = (draft.clone(), apply.clone());
        Callback::from(move |_| apply.emit(((*draft).clone(), None)))
    };
    let on_forget = {
        let (link, on_link) = (props.link.clone(), props.on_link.clone());
        Callback::from(move |_| {
            on_link.emit(Link {
                config: None,
                backend: None,
                ..(*link).clone()
            })
        })
    };
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            draft.set(area.value());
        })
    };
    let on_file = file_callback(&draft, &refused, &apply, lang);

    let mut text_field = field(
        "import-text",
        Text::ImportText.get(lang),
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
        Text::ImportFile.get(lang),
        el("input")
            .attr("id", "import-file")
            .attr("type", "file")
            .attr("accept", ".conf,.cfg,.yaml,.yml,.json,.txt,text/plain")
            .onchange(on_file),
    );
    let mut actions = el("div")
        .class("import-actions")
        .child(file_field)
        .child(button(
            Text::ImportApply.get(lang),
            on_import,
            draft.trim().is_empty(),
        ));
    if in_force.is_some() {
        actions = actions.child(button(Text::ImportClear.get(lang), on_forget, false));
    }
    let notes = notes_column(shown.as_deref(), refused.as_deref(), lang);
    let mut body = el("div")
        .class("import-body")
        .child(
            el("div")
                .class("import-input")
                .child(text_field)
                .child(actions),
        )
        .child(notes);
    if let (Some(Ok(i)), Some(text)) = (shown.as_deref(), in_force.as_deref()) {
        body = body.child(backend_select(i, text, &apply, lang));
    }
    let mut section = el("section")
        .attr("id", "import")
        .class("view span import")
        .attr("aria-labelledby", "import-h")
        .child(
            el("h2")
                .attr("id", "import-h")
                .text(Text::ImportTitle.get(lang)),
        )
        .child(
            el("p")
                .class("muted small")
                .text(Text::ImportHint.get(lang)),
        )
        .child(body);
    if let Some(Ok(i)) = shown.as_deref()
        && i.backend.key != KeySource::None
    {
        section = section.child(yew::html! { <KeyCheck import={Rc::new(i.clone())} {lang} /> });
    }
    section.done()
}

/// Import `(text, backend)`: on success the page loads the pool and strategy and the link takes
/// the text; a refusal is kept beside the text.
fn apply_callback(
    props: &ImportProps,
    refused: &UseStateHandle<Option<String>>,
) -> Callback<(String, Option<String>)> {
    let (link, exec, on_link, lang) = (
        props.link.clone(),
        props.exec.clone(),
        props.on_link.clone(),
        props.lang,
    );
    let refused = refused.clone();
    Callback::from(move |(text, backend): (String, Option<String>)| {
        match import::import(&text, backend.as_deref()) {
            Ok(i) => {
                let next = i.link(&link, &text);
                refused.set(None);
                exec.emit(Command::Load(Box::new(Settings::from_link(&next))));
                on_link.emit(next);
            }
            Err(e) => refused.set(Some(import::error_text(&e, lang))),
        }
    })
}

/// The file picker: a file's text goes into the textarea and is imported; a file too large is
/// refused with its size.
fn file_callback(
    draft: &UseStateHandle<String>,
    refused: &UseStateHandle<Option<String>>,
    apply: &Callback<(String, Option<String>)>,
    lang: Lang,
) -> Callback<Event> {
    let (draft, refused, apply) = (draft.clone(), refused.clone(), apply.clone());
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > MAX_IMPORT_BYTES as f64 {
            refused.set(Some(Text::ImportFileTooLarge.fill(
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
        let (draft, apply) = (draft.clone(), apply.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
                .map(String::from)
                .unwrap_or_default();
            draft.set(text.clone());
            apply.emit((text, None));
        });
    })
}

/// Beside the text: the refusal, else the import's summary and its notes, each with its line.
fn notes_column(
    shown: Option<&Result<Import, ConfigError>>,
    refused: Option<&str>,
    lang: Lang,
) -> Html {
    let column = el("div")
        .class("import-notes")
        .attr("id", "import-notes")
        .attr("aria-live", "polite");
    let column = match (refused, shown) {
        (Some(why), _) => column.child(
            el("p")
                .class("import-error")
                .attr("role", "alert")
                .text(why.to_string()),
        ),
        (None, Some(Err(e))) => column.child(
            el("p")
                .class("import-error")
                .attr("role", "alert")
                .text(import::error_text(e, lang)),
        ),
        (None, Some(Ok(i))) => summary(column, i, lang),
        (None, None) => column,
    };
    column.done()
}

fn summary(column: El, i: &Import, lang: Lang) -> El {
    let line = Text::ImportSummary.fill(
        lang,
        &["proxy", "backend", "policy", "count", "strategy"],
        &[
            &i.proxy.name(),
            &i.backend.name,
            &i.policy,
            &i.servers.len(),
            &i.strategy.name(),
        ],
    );
    let mut column = column.child(el("p").class("import-summary").text(line));
    if i.fidelity == Fidelity::Exact {
        column = column.child(
            el("p")
                .class("import-exact")
                .text(Text::ImportExact.get(lang)),
        );
    }
    if i.notes.is_empty() {
        return column;
    }
    column.child(
        el("ul")
            .class("import-note-list")
            .attr("aria-label", Text::ImportNotes.get(lang))
            .children(i.notes.iter().map(|n| el("li").text(n.text(lang)).done())),
    )
}

/// The backends of a file with several, as a select; choosing one imports it.
fn backend_select(
    i: &Import,
    text: &str,
    apply: &Callback<(String, Option<String>)>,
    lang: Lang,
) -> Html {
    if i.backends.len() < 2 {
        return frag([]);
    }
    let onchange = {
        let (apply, text) = (apply.clone(), text.to_string());
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            apply.emit((text.clone(), Some(s.value())));
        })
    };
    let select = el("select")
        .attr("id", "import-backend")
        .onchange(onchange)
        .children(i.backends.iter().map(|name| {
            el("option")
                .attr("value", name.clone())
                .flag("selected", *name == i.backend.name)
                .text(name.clone())
                .done()
        }));
    field("import-backend", Text::ImportBackend.get(lang), select).done()
}

#[derive(Properties, PartialEq)]
struct KeyCheckProps {
    import: Rc<Import>,
    lang: Lang,
}

/// A key, and where the proxy itself sends it (its own picker, steps included).
#[component]
fn KeyCheck(props: &KeyCheckProps) -> Html {
    let lang = props.lang;
    let key = use_state(|| DEFAULT_KEY.to_string());
    let routed = use_memo(
        ((*key).clone(), props.import.clone(), lang),
        |(key, i, lang)| {
            i.predictor()
                .map_err(|e| e.message)
                .and_then(|mut p| import::route(&mut p, key, *lang))
        },
    );
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            key.set(input.value());
        })
    };
    let answer = match &*routed {
        Ok((server, steps)) => frag([
            el("p")
                .class("import-route")
                .attr("role", "status")
                .text(Text::ImportRoute.fill(
                    lang,
                    &["proxy", "server"],
                    &[&props.import.proxy.name(), server],
                ))
                .done(),
            el("ol")
                .class("import-steps small")
                .children(steps.iter().map(|s| el("li").text(s.clone()).done()))
                .done(),
        ]),
        Err(why) => el("p")
            .class("import-route")
            .attr("role", "status")
            .text(Text::ImportNoRoute.fill(lang, &["why"], &[why]))
            .done(),
    };
    el("div")
        .class("import-key")
        .child(field(
            "import-key",
            Text::ImportKey.get(lang),
            el("input")
                .attr("id", "import-key")
                .attr("type", "text")
                .attr("aria-describedby", "import-key-hint")
                .value((*key).clone())
                .onchange(on_key),
        ))
        .child(
            el("p")
                .attr("id", "import-key-hint")
                .class("muted small")
                .text(Text::ImportKeyHint.get(lang)),
        )
        .child(answer)
        .done()
}
