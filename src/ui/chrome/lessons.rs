//! The lessons panel: `share::lessons` as guided tours. The texts come from `lessons.json` (the
//! same lessons, written by `share::lessons::lessons_json`), fetched when the panel first opens
//! (or a link names a lesson), so the page does not carry them. Starting a lesson loads its
//! settings (the app runs Compare when its view is the comparison) and brings the view it talks
//! about into sight; the lesson itself stays beside that view in a card docked to the window
//! (`.lesson-card`): its introduction, what to watch for, a switch to its follow-up settings,
//! and its question, answered with feedback and the explanation. "Show me" brings the view back
//! into sight; the card can be closed. Once the reader starts working with the view (presses or
//! focuses something in it or in the run bar), the card folds to its title and buttons, so it
//! no longer covers part of that view; "Unfold" opens it again, and then it stays as the reader
//! leaves it. Everything is rendered as text.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::share::permalink::{Link, View};
use crate::ui::hooks::playground::section_id;
use crate::ui::hooks::use_media_query;
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

/// Where the page keeps a column for the lesson card (the style sheet's
/// `[data-lesson] .playground` rule holds the same width).
const DOCKED_WIDTH: &str = "(min-width: 1280px)";

/// Whether the page's address points at the lessons panel.
fn at_lessons() -> bool {
    gloo::utils::window()
        .location()
        .hash()
        .is_ok_and(|h| h == "#lessons")
}

/// Bring what a lesson is about into sight, at the top of the window: the heading its steps
/// name in quotes (“Churn: what moves when servers change”), else the results of a comparison
/// it ran, else the view its settings open. Parts drawn later (the later module's, the compare
/// results) move or appear after the first look, so it looks again a few times over 1.5 s,
/// scrolling only when the place has left the top of the window.
fn show_view(query: &str, named: &[String]) {
    let view = Link::from_query(query).0.view;
    let named = named.to_vec();
    let look = move || {
        let document = gloo::utils::document();
        let heading = document.query_selector_all("h2, h3").ok().and_then(|all| {
            (0..all.length())
                .filter_map(|i| all.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
                .find(|h| {
                    h.text_content()
                        .is_some_and(|t| named.iter().any(|n| t.trim() == n))
                })
        });
        let results = (view == View::Compare)
            .then(|| document.query_selector("#compare .scroll").ok().flatten())
            .flatten();
        let Some(target) = heading
            .or(results)
            .or_else(|| document.get_element_by_id(section_id(view)))
        else {
            return;
        };
        // In place means just below the sticky run bar, at the top of the window.
        let bar = document
            .query_selector(".runbar")
            .ok()
            .flatten()
            .map_or(0.0, |b| b.get_bounding_client_rect().bottom().max(0.0));
        let top = target.get_bounding_client_rect().top();
        if (top - bar).abs() > 40.0 {
            // Aligned to the top of the window (`scrollIntoView()`'s default); the style
            // sheet's scroll margin keeps it below the bar.
            target.scroll_into_view();
        }
    };
    look();
    for ms in [300, 800, 1500] {
        let look = look.clone();
        gloo::timers::callback::Timeout::new(ms, look).forget();
    }
}

/// What the lesson's steps name in quotes (“Virtual nodes”, “虚拟节点”): the page's controls.
fn named(l: &JsValue, lang: Lang) -> Vec<String> {
    list(l, "watch_for")
        .iter()
        .flat_map(|w| {
            let step = string(w, lang.code());
            step.split('“')
                .skip(1)
                .filter_map(|q| q.split_once('”').map(|(name, _)| name.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Open "More settings" when a step names a control folded there: a lesson never asks for a
/// control the reader cannot see.
fn reveal(names: &[String]) {
    let Ok(Some(more)) = gloo::utils::document().query_selector(".controls details.more") else {
        return;
    };
    let Ok(labels) = more.query_selector_all("label, .term-word, button") else {
        return;
    };
    let folded_there = (0..labels.length())
        .filter_map(|i| labels.item(i)?.text_content())
        .any(|text| names.iter().any(|n| *n == text.trim()));
    if folded_there {
        let _ = more.set_attribute("open", "");
    }
}

#[component]
pub fn Lessons(props: &LessonsProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| props.active.is_some() || at_lessons());
    // A link to the panel (the section links' "Lessons") opens it.
    {
        let open = open.clone();
        use_effect_with((), move |_| {
            let on = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if at_lessons() {
                    open.set(true);
                }
            });
            move || drop(on)
        });
    }
    // None: not loaded yet; Some(None): could not be loaded.
    let lessons = use_state(|| None::<Option<Vec<JsValue>>>);
    // The choice picked for the open lesson's question.
    let answer = use_state(|| None::<usize>);
    // The lesson's card was closed (until another lesson starts).
    let closed = use_state(|| false);
    let folded = use_state(|| false);
    {
        let lessons = lessons.clone();
        let wanted = *open || props.active.is_some();
        use_effect_with(wanted, move |&wanted| {
            if wanted && lessons.is_none() {
                yew::platform::spawn_local(async move {
                    let loaded = load().await.ok().map(|v| list(&v, "lessons"));
                    lessons.set(Some(loaded));
                });
            }
        });
    }
    // Until the reader folds or unfolds it by hand, the card folds by itself once the reader
    // starts working with the view it brought into sight (or the run bar): read first, then
    // watch the view whole.
    let armed = use_state(|| true);
    {
        let (answer, closed) = (answer.clone(), closed.clone());
        let (folded, armed) = (folded.clone(), armed.clone());
        use_effect_with(props.active, move |_| {
            answer.set(None);
            closed.set(false);
            folded.set(false);
            armed.set(true);
        });
    }
    let current = match &*lessons {
        Some(Some(all)) => all
            .iter()
            .find(|l| props.active.is_some_and(|id| string(l, "id") == id))
            .cloned(),
        _ => None,
    };
    // Once a lesson starts (or a link opens one), its view comes into sight, after the page
    // has drawn the lesson's settings.
    {
        let query = current.as_ref().map(|l| string(l, "query"));
        let named = current.as_ref().map_or_else(Vec::new, |l| named(l, lang));
        use_effect_with((props.active, query.is_some()), move |_| {
            if let Some(query) = query {
                gloo::timers::callback::Timeout::new(0, move || {
                    reveal(&named);
                    show_view(&query, &named);
                })
                .forget();
            }
        });
    }
    // On a wide screen the page makes room for the card: a column of its own at the window's
    // right, beside the views rather than over them (the page's root carries `data-lesson`
    // while a card is shown; the style sheet does the rest). Nothing is covered, so the card
    // stays as the reader leaves it. On a narrower screen it floats at the corner and folds
    // once the reader works with its view.
    let wide = use_media_query(DOCKED_WIDTH);
    let shown = current.is_some() && !*closed;
    use_effect_with(shown, |&shown| {
        let root = shown
            .then(|| gloo::utils::document().document_element())
            .flatten();
        if let Some(root) = &root {
            let _ = root.set_attribute("data-lesson", "shown");
        }
        move || {
            if let Some(root) = root {
                let _ = root.remove_attribute("data-lesson");
            }
        }
    });
    {
        let view = current
            .as_ref()
            .map(|l| section_id(Link::from_query(&string(l, "query")).0.view));
        let watching = *armed && !*folded && !*closed && !wide;
        let (folded, armed) = (folded.clone(), armed.clone());
        use_effect_with((watching, view), move |&(watching, view)| {
            let listeners = view
                .filter(|_| watching)
                .map(|view| fold_on_use(view, folded, armed));
            move || drop(listeners)
        });
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
        let named = named(l, lang);
        Callback::from(move |_: MouseEvent| {
            on.emit((id.clone(), query.clone()));
            // A follow-up keeps the lesson, so no effect runs: bring the view back here.
            let (query, named) = (query.clone(), named.clone());
            gloo::timers::callback::Timeout::new(0, move || show_view(&query, &named)).forget();
        })
    };
    let panel = el("details")
        .attr("id", "lessons")
        .class("lessons")
        .flag("open", *open)
        .ontoggle(ontoggle)
        .child(el("summary").text(Text::Lessons.get(lang)));
    let Some(Some(all)) = &*lessons else {
        return panel
            .text(match &*lessons {
                Some(_) => Text::Error.get(lang),
                None => "…",
            })
            .done();
    };
    let list_of_lessons = panel
        .children(
            all.iter()
                .map(|l| button(words(l, "title", lang), start(l, l))),
        )
        .done();
    let card = match (&current, *closed) {
        (Some(l), false) => {
            let follow = get(l, "follow_up");
            let follow_up = follow
                .is_object()
                .then(|| button(words(&follow, "label", lang), start(l, &follow)));
            card(
                l,
                lang,
                &answer,
                (&closed, &folded, &armed),
                button,
                follow_up,
            )
        }
        _ => Html::default(),
    };
    crate::ui::widgets::dom::frag([list_of_lessons, card])
}

/// Listeners that fold the card (once) when the reader presses or focuses something in the
/// section `view` or the run bar: working with the view, the reader wants it whole, and the card
/// (docked at the window's corner) covered part of it at 1366×768.
fn fold_on_use(
    view: &'static str,
    folded: UseStateHandle<bool>,
    armed: UseStateHandle<bool>,
) -> [EventListener; 2] {
    let on = move |e: &Event| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else {
            return;
        };
        let document = gloo::utils::document();
        let within = |id: &str| {
            document
                .get_element_by_id(id)
                .is_some_and(|place| place.contains(Some(&target)))
        };
        if within(view) || within("run") {
            armed.set(false);
            folded.set(true);
        }
    };
    let document = gloo::utils::document();
    ["pointerdown", "focusin"].map(|kind| {
        EventListener::new_with_options(
            &document,
            kind,
            EventListenerOptions::run_in_capture_phase(),
            on.clone(),
        )
    })
}

/// The open lesson's card: its title with "Show me" and "Close", its introduction, what to
/// watch for, its follow-up, and its question.
fn card(
    l: &JsValue,
    lang: Lang,
    answer: &UseStateHandle<Option<usize>>,
    (closed, folded, armed): (
        &UseStateHandle<bool>,
        &UseStateHandle<bool>,
        &UseStateHandle<bool>,
    ),
    button: impl Fn(String, Callback<MouseEvent>) -> Html,
    follow_up: Option<Html>,
) -> Html {
    let question = get(l, "question");
    let right = get(&question, "answer").as_f64().map(|x| x as usize);
    let query = string(l, "query");
    let named = named(l, lang);
    let show = Callback::from(move |_: MouseEvent| show_view(&query, &named));
    let close = {
        let closed = closed.clone();
        Callback::from(move |_: MouseEvent| closed.set(true))
    };
    // Folded to its title and buttons, it covers little of the page the reader goes on with.
    // Folded or unfolded by hand, it stays as the reader left it.
    let fold = {
        let (folded, armed) = (folded.clone(), armed.clone());
        Callback::from(move |_: MouseEvent| {
            armed.set(false);
            folded.set(!*folded);
        })
    };
    // Texts in order: the title, the introduction, what to watch for, the question.
    let mut lines = vec![
        el("h3").text(words(l, "title", lang)).done(),
        el("div")
            .class("lesson-actions")
            .child(button(Text::LessonShowView.get(lang).into(), show))
            .child(button(
                if **folded {
                    Text::LessonUnfold
                } else {
                    Text::LessonFold
                }
                .get(lang)
                .into(),
                fold,
            ))
            .child(button(Text::ClosedLessonCard.get(lang).into(), close))
            .done(),
        el("p").text(words(l, "intro", lang)).done(),
        el("h4").text(Text::WatchFor.get(lang)).done(),
    ];
    lines.push(
        el("ol")
            .children(
                list(l, "watch_for")
                    .iter()
                    .map(|w| el("li").text(string(w, lang.code())).done()),
            )
            .done(),
    );
    lines.extend(follow_up);
    lines.push(el("h4").text(Text::Question.get(lang)).done());
    lines.push(el("p").text(words(&question, "prompt", lang)).done());
    lines.extend(list(&question, "choices").iter().enumerate().map(|(i, c)| {
        let answer = answer.clone();
        button(
            string(c, lang.code()),
            Callback::from(move |_: MouseEvent| answer.set(Some(i))),
        )
    }));
    // The verdict keeps its place (an empty node until an answer): the choices before it are
    // not rebuilt, and the one pressed keeps the keyboard's focus (`El::slot` says why).
    lines.push(if answer.is_none() {
        Html::default()
    } else {
        let verdict = if **answer == right {
            Text::AnswerCorrect
        } else {
            Text::AnswerWrong
        };
        el("p")
            .attr("role", "status")
            .text(format!(
                "{} {}",
                verdict.get(lang),
                words(&question, "explanation", lang)
            ))
            .done()
    });
    el("aside")
        .class(if **folded {
            "lesson lesson-card folded"
        } else {
            "lesson lesson-card"
        })
        .attr("aria-label", words(l, "title", lang))
        .children(lines)
        .done()
}
