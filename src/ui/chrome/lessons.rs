//! The lessons panel: `share::lessons` as guided tours. The texts come from `lessons.json` (the
//! same lessons, written by `share::lessons::lessons_json`), fetched when the panel first opens,
//! so the page does not carry them. Starting a lesson loads its settings; the panel then shows
//! its introduction, what to watch for, a switch to its follow-up settings, and its question,
//! answered with feedback and the explanation. Everything is rendered as text.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::ui::widgets::dom::el;

/// `value[key]` (undefined when missing).
fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A string field.
fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// A `{en, zh}` field in `lang`.
fn words(value: &JsValue, key: &str, lang: Lang) -> String {
    string(&get(value, key), lang.code())
}

/// An array field's elements (none when it is not an array).
fn list(value: &JsValue, key: &str) -> Vec<JsValue> {
    get(value, key)
        .dyn_into::<js_sys::Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

async fn load() -> Result<JsValue, JsValue> {
    let response: Response = JsFuture::from(gloo::utils::window().fetch_with_str("lessons.json"))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(JsValue::NULL);
    }
    JsFuture::from(response.json()?).await
}

#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    pub lang: Lang,
    /// The open lesson's id.
    pub active: Option<&'static str>,
    /// Load these settings (a permalink query) for this lesson.
    pub on_start: Callback<(String, String)>,
}

#[component]
pub fn Lessons(props: &LessonsProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| props.active.is_some());
    // None: not loaded yet; Some(None): could not be loaded.
    let lessons = use_state(|| None::<Option<Vec<JsValue>>>);
    // The choice picked for the open lesson's question.
    let answer = use_state(|| None::<usize>);
    {
        let lessons = lessons.clone();
        use_effect_with(*open, move |&open| {
            if open && lessons.is_none() {
                yew::platform::spawn_local(async move {
                    let loaded = load().await.ok().map(|v| list(&v, "lessons"));
                    lessons.set(Some(loaded));
                });
            }
        });
    }
    {
        let answer = answer.clone();
        use_effect_with(props.active, move |_| answer.set(None));
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    // Every button of the panel: a lesson's title or follow-up starts settings, a choice answers.
    let button = |label: String, on: Callback<MouseEvent>| {
        el("button")
            .attr("type", "button")
            .class("small")
            .onclick(on)
            .text(label)
            .done()
    };
    let start = |l: &JsValue, settings: &JsValue| {
        let on = props.on_start.clone();
        let (id, query) = (string(l, "id"), string(settings, "query"));
        Callback::from(move |_: MouseEvent| on.emit((id.clone(), query.clone())))
    };
    let panel = el("details")
        .class("lessons")
        .flag("open", *open)
        .ontoggle(ontoggle)
        .child(el("summary").text(Text::Lessons.get(lang)));
    let Some(Some(all)) = &*lessons else {
        return panel
            .text(if lessons.is_some() {
                Text::Error.get(lang)
            } else {
                "…"
            })
            .done();
    };
    let current = all
        .iter()
        .find(|l| props.active.is_some_and(|id| string(l, "id") == id));
    let mut parts: Vec<Html> = all
        .iter()
        .map(|l| button(words(l, "title", lang), start(l, l)))
        .collect();
    if let Some(l) = current {
        let question = get(l, "question");
        let right = get(&question, "answer").as_f64().map(|x| x as usize);
        let follow = get(l, "follow_up");
        // Texts in order: the title, the introduction, what to watch for, the question.
        let mut lines = vec![
            el("h3").text(words(l, "title", lang)).done(),
            el("p").text(words(l, "intro", lang)).done(),
            el("h4").text(Text::WatchFor.get(lang)).done(),
        ];
        lines.extend(
            list(l, "watch_for")
                .iter()
                .map(|w| el("p").text(string(w, lang.code())).done()),
        );
        if follow.is_object() {
            lines.push(button(words(&follow, "label", lang), start(l, &follow)));
        }
        lines.push(el("h4").text(Text::Question.get(lang)).done());
        lines.push(el("p").text(words(&question, "prompt", lang)).done());
        lines.extend(list(&question, "choices").iter().enumerate().map(|(i, c)| {
            let answer = answer.clone();
            button(
                string(c, lang.code()),
                Callback::from(move |_: MouseEvent| answer.set(Some(i))),
            )
        }));
        if answer.is_some() {
            let verdict = if *answer == right {
                Text::AnswerCorrect
            } else {
                Text::AnswerWrong
            };
            lines.push(
                el("p")
                    .attr("role", "status")
                    .text(format!(
                        "{} {}",
                        verdict.get(lang),
                        words(&question, "explanation", lang)
                    ))
                    .done(),
            );
        }
        parts.push(
            el("article")
                .class("lesson")
                .attr("aria-label", words(l, "title", lang))
                .children(lines)
                .done(),
        );
    }
    panel.children(parts).done()
}
