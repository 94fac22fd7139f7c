//! The page's tools beside the heading: Start here (the tour), Present, Share and the language.
//! A component of its own so that the masthead is left alone while the run plays: its props
//! change only when one of these does.

use std::rc::Rc;

use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::share::permalink::{Link, View};
use crate::ui::chrome::address;
use crate::ui::chrome::present::present_tools;
use crate::ui::chrome::toolbar::share_bar;
use crate::ui::widgets::dom::el;

/// What the tools show and change.
#[derive(Properties, PartialEq)]
pub struct PageToolsProps {
    pub lang: Lang,
    /// The browser's language, for a link that names none.
    pub browser: Lang,
    /// The page's link (the language select changes its language).
    pub link: Rc<Link>,
    /// The link's query for the current settings (Share copies it).
    pub query: Rc<String>,
    /// The tour's step, while it is open.
    pub tour: UseStateHandle<Option<usize>>,
    /// The view presented, if any.
    pub present: UseStateHandle<Option<View>>,
    /// The view the next presentation shows.
    pub last_presented: UseStateHandle<View>,
    /// The page's link becomes this one.
    pub on_link: Callback<Link>,
}

#[component]
pub fn PageTools(props: &PageToolsProps) -> Html {
    let lang = props.lang;
    let href = address::permalink_for(&props.query);
    el("div")
        .class("page-tools")
        .child(tour_button(&props.tour, lang))
        .child(present_tools(
            &props.present,
            &props.last_presented,
            Html::default(),
            lang,
        ))
        .child(share_bar(href, lang, on_lang(props)))
        .done()
}

/// "Start here": opens the tour at its first step.
fn tour_button(tour: &UseStateHandle<Option<usize>>, lang: Lang) -> Html {
    let open = tour.is_some();
    let tour = tour.clone();
    el("button")
        .attr("type", "button")
        .class("start-here")
        .attr("aria-expanded", open.to_string())
        .onclick(Callback::from(move |_| tour.set(Some(0))))
        .text(Text::TourStart.get(lang))
        .done()
}

/// The language select: the page switches once the language's strings are in (where they
/// cannot be fetched, the strings stay in the language already loaded).
fn on_lang(props: &PageToolsProps) -> Callback<Event> {
    let (link, browser, on_link) = (props.link.clone(), props.browser, props.on_link.clone());
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let lang = Lang::from_tag(&select.value());
        let next = Link {
            lang,
            ..(*link).clone()
        };
        let on_link = on_link.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = address::load_catalog(lang.unwrap_or(browser)).await;
            on_link.emit(next);
        });
    })
}
