//! The lessons panel: `share::lessons` as guided tours. The texts come from `lessons.json` (the
//! same lessons, written by `share::lessons::lessons_json`), fetched when the panel first opens
//! (or a link names a lesson), so the page does not carry them. Starting a lesson loads its
//! settings (the app runs Compare when its view is the comparison) and brings the view it talks
//! about into sight; the lesson itself is a card (`.lesson-card`) docked in the page's flow just
//! above that view (a portal into a host moved before the view), so it covers nothing the reader is asked
//! to watch (a card fixed to the window hid the churn matrix at 1366×768): its introduction,
//! what to watch for, a switch to its follow-up settings, and its question, answered with
//! feedback and the explanation. "Show me" brings the view back into sight; the card folds to
//! its title and buttons by hand (never by itself: in the flow, folding moves the view under
//! the reader's pointer) and can be closed. Everything is rendered as text.

use gloo::events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use yew::prelude::*;
use yew::virtual_dom::{VNode, VPortal};

use crate::share::i18n::{Lang, Text};
use crate::share::permalink::{Link, View};
use crate::ui::hooks::playground::section_id;
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

/// Whether the page's address points at the lessons panel.
fn at_lessons() -> bool {
    gloo::utils::window()
        .location()
        .hash()
        .is_ok_and(|h| h == "#lessons")
}

/// Bring the view a lesson's settings open into sight, at the top of the window.
fn show_view(query: &str) {
    let view = Link::from_query(query).0.view;
    if let Some(e) = gloo::utils::document().get_element_by_id(section_id(view)) {
        // Aligned to the top of the window (`scrollIntoView()`'s default).
        e.scroll_into_view();
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
    // The element the card is docked before (found once the lesson's view is drawn).
    let dock = use_state(|| None::<web_sys::Element>);
    {
        let (answer, closed) = (answer.clone(), closed.clone());
        let (folded, dock) = (folded.clone(), dock.clone());
        use_effect_with(props.active, move |_| {
            answer.set(None);
            closed.set(false);
            folded.set(false);
            dock.set(None);
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
    // has drawn the lesson's settings; the card docks above the view once it is drawn (the
    // lookup's churn view comes with the later module), and comes into sight with it.
    {
        let query = current.as_ref().map(|l| string(l, "query"));
        let named = current.as_ref().map_or_else(Vec::new, |l| named(l, lang));
        let dock = dock.clone();
        use_effect_with((props.active, query.is_some()), move |_| {
            if let Some(query) = query {
                gloo::timers::callback::Timeout::new(0, move || {
                    reveal(&named);
                    show_view(&query);
                    find_dock(Link::from_query(&query).0.view, dock, 0);
                })
                .forget();
            }
        });
    }
    {
        let docked = dock.is_some();
        use_effect_with((props.active, docked), move |&(_, docked)| {
            if docked {
                gloo::timers::callback::Timeout::new(0, show_card).forget();
            }
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
        Callback::from(move |_: MouseEvent| {
            on.emit((id.clone(), query.clone()));
            // A follow-up keeps the lesson, so no effect runs: bring the view back here.
            let query = query.clone();
            gloo::timers::callback::Timeout::new(0, move || show_view(&query)).forget();
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
    let card = match (&current, *closed, dock.is_some()) {
        (Some(l), false, true) => {
            let follow = get(l, "follow_up");
            let follow_up = follow
                .is_object()
                .then(|| button(words(&follow, "label", lang), start(l, &follow)));
            card(l, lang, &answer, (&closed, &folded), button, follow_up)
        }
        _ => Html::default(),
    };
    // One portal into one host for the page's life: Yew gives each portal host a tree of its
    // own, and the card's buttons stopped answering once a second host replaced the first.
    let card = VNode::VPortal(VPortal::new(card, dock_host()).into());
    crate::ui::widgets::dom::frag([list_of_lessons, card])
}

/// Where a lesson's card docks: before the first screen's picture for a view in it, before
/// the churn view for the lookup (every lookup lesson is about churn), before the view's
/// section otherwise.
fn dock_target(view: View, last_try: bool) -> Option<web_sys::Element> {
    let document = gloo::utils::document();
    let found = |selector: &str| document.query_selector(selector).ok().flatten();
    match view {
        View::Flow | View::Pool | View::Ring => found(".playground > .hero"),
        View::Lookup => found("#lookup section.churn").or_else(|| {
            // The later module may not load: then the card docks above the lookup's place.
            last_try.then(|| found("#lookup")).flatten()
        }),
        v => document.get_element_by_id(section_id(v)),
    }
}

/// The card's host: an element of the page's own (no component renders it), moved before the
/// lesson's view as a lesson starts; empty, it takes no room (style.css).
fn dock_host() -> web_sys::Element {
    thread_local! {
        static HOST: web_sys::Element = {
            let host = gloo::utils::document().create_element("div").expect("a div");
            host.set_class_name("lesson-dock");
            host
        };
    }
    HOST.with(Clone::clone)
}

/// Look for the card's place every 150 ms (for up to 30 s: the later module may come slowly)
/// until the view is drawn.
fn find_dock(view: View, dock: UseStateHandle<Option<web_sys::Element>>, tries: u32) {
    const TRIES: u32 = 200;
    match dock_target(view, tries + 1 >= TRIES) {
        Some(at) => {
            if let Some(parent) = at.parent_node() {
                let _ = parent.insert_before(&dock_host(), Some(&at));
            }
            dock.set(Some(at));
        }
        None if tries + 1 < TRIES => {
            gloo::timers::callback::Timeout::new(150, move || find_dock(view, dock, tries + 1))
                .forget();
        }
        None => {}
    }
}

/// Bring the docked card to the top of the window (below the run bar): the view follows it.
/// The views above may still be growing as they are drawn (the later module, sections drawn
/// as they near the screen), which pushes the card down: it is brought back, when it moved, a
/// few times over 2 s, until the reader scrolls, presses or types.
fn show_card() {
    use std::cell::Cell;
    use std::rc::Rc;
    fn again(tries: u32, stop: Rc<Cell<bool>>, listeners: Rc<[gloo::events::EventListener; 3]>) {
        let Ok(Some(card)) = gloo::utils::document().query_selector("aside.lesson-card") else {
            return;
        };
        if tries == 0 || stop.get() {
            return;
        }
        // Where `scrollIntoView` puts it: its scroll margin (4.5rem) below the window's top.
        let top = card.get_bounding_client_rect().top();
        if !(60.0..=84.0).contains(&top) {
            card.scroll_into_view();
        }
        gloo::timers::callback::Timeout::new(250, move || again(tries - 1, stop, listeners))
            .forget();
    }
    let stop = Rc::new(Cell::new(false));
    let window = gloo::utils::window();
    let listeners = ["wheel", "pointerdown", "keydown"].map(|kind| {
        let stop = stop.clone();
        gloo::events::EventListener::new(&window, kind, move |_| stop.set(true))
    });
    again(9, stop, Rc::new(listeners));
}

/// The open lesson's card: its title with "Show me" and "Close", its introduction, what to
/// watch for, its follow-up, and its question.
fn card(
    l: &JsValue,
    lang: Lang,
    answer: &UseStateHandle<Option<usize>>,
    (closed, folded): (&UseStateHandle<bool>, &UseStateHandle<bool>),
    button: impl Fn(String, Callback<MouseEvent>) -> Html,
    follow_up: Option<Html>,
) -> Html {
    let question = get(l, "question");
    let right = get(&question, "answer").as_f64().map(|x| x as usize);
    let query = string(l, "query");
    let show = Callback::from(move |_: MouseEvent| show_view(&query));
    let close = {
        let closed = closed.clone();
        Callback::from(move |_: MouseEvent| closed.set(true))
    };
    // Folded to its title and buttons, it takes little room above the view.
    let fold = {
        let folded = folded.clone();
        Callback::from(move |_: MouseEvent| folded.set(!*folded))
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
    if answer.is_some() {
        let verdict = if **answer == right {
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
