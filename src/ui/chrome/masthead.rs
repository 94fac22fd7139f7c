//! The page's heading, tagline and links to each view, in the page's language (its one prop, so
//! the app's re-renders rebuild it only when the language changes).

use yew::prelude::*;

use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    #[prop_or_default]
    pub lang: Lang,
}

#[component]
pub fn Masthead(props: &MastheadProps) -> Html {
    let lang = props.lang;
    let links = [
        ("#pool", Text::NavPool.get(lang)),
        ("#flow", Text::NavFlow.get(lang)),
        ("#ring", Text::NavRing.get(lang)),
        ("#seen", Text::NavBalancer.get(lang)),
        ("#tables", Text::NavTables.get(lang)),
        ("#charts", Text::NavCharts.get(lang)),
        ("#explain", Text::Explanation.get(lang)),
        ("#compare", Text::Compare.get(lang)),
        ("#lookup", Text::Lookup.get(lang)),
    ];
    html! {
        <header class="top">
            <h1>{ "Fulcrum" }</h1>
            <p class="tagline">{ Text::MastheadTagline.get(lang) }</p>
            <nav aria-label={ Text::NavTitle.get(lang) }>
                { for links.map(|(href, label)| html! { <a href={ href }>{ label }</a> }) }
            </nav>
        </header>
    }
}
