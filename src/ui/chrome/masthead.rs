//! The page's heading, the one sentence saying what the playground is, the page's tools (Start
//! here, Present, Share, language) and links to every section: the playground's views, the
//! lookup debugger's parts, the worked example and the embedding guide (in the page's language).
//! Every in-page link lands on an element with that id (an e2e test checks each); on a phone
//! they fold behind a "Sections" button. Before them all, a link seen only when focused skips to
//! the run bar, so Play is the second Tab stop, not the twenty-first.

use yew::prelude::*;

use crate::share::i18n::{Lang, Text};
use crate::share::pages::Page;
use crate::ui::widgets::dom::el;

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    #[prop_or_default]
    pub lang: Lang,
    /// The page's tools, beside the heading.
    #[prop_or_default]
    pub tools: Html,
}

/// The playground's views, by section id.
const VIEWS: [(&str, Text); 11] = [
    ("#pool", Text::NavPool),
    ("#flow", Text::NavFlow),
    ("#ring", Text::NavRing),
    ("#seen", Text::NavBalancer),
    ("#tables", Text::NavTables),
    ("#charts", Text::NavCharts),
    ("#explain", Text::Explanation),
    ("#compare", Text::Compare),
    ("#sweep", Text::LoadSweep),
    // The import panel's anchor (`ui::later::import::PARTS`), there before the panel loads.
    ("#import", Text::ImportTitle),
    // The lessons panel (`chrome::lessons`), which a link here also opens.
    ("#lessons", Text::Lessons),
];

/// The pages beside the playground (`share::pages`), each in the page's own language: the
/// Chinese playground links to the Chinese pages.
fn learn(lang: Lang) -> Html {
    el("li")
        .child(
            el("span")
                .class("nav-group")
                .text(Text::NavGroupLearn.get(lang)),
        )
        .children(Page::ALL.iter().map(|&page| {
            el("a")
                .attr("href", page.href(lang))
                .attr("hreflang", lang.html_tag())
                .text(page.title().get(lang))
                .done()
        }))
        .done()
}

#[component]
pub fn Masthead(props: &MastheadProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let group = |title: Text, links: &[(&'static str, Text)]| {
        el("li")
            .child(el("span").class("nav-group").text(title.get(lang)))
            .children(
                links
                    .iter()
                    .map(|&(href, label)| el("a").attr("href", href).text(label.get(lang)).done()),
            )
            .done()
    };
    el("header")
        .class("top")
        // The first Tab stop: past the page's tools and links, straight to the run bar.
        .child(
            el("a")
                .class("skip")
                .attr("href", "#run")
                .text(Text::SkipToRun.get(lang)),
        )
        .child(
            el("div")
                .class("masthead")
                .child(el("h1").text("Fulcrum"))
                .child(el("p").class("tagline").text(Text::Intro.get(lang)))
                .child(props.tools.clone()),
        )
        .child(
            el("nav")
                .attr("aria-label", Text::NavTitle.get(lang))
                .class(if *open { "open" } else { "folded" })
                // On a phone the links fold behind this button (style.css hides it, and shows
                // the links, on a wider screen): a row of eighteen links wrapped to five lines
                // and pushed the picture down.
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("nav-toggle")
                        .attr("aria-expanded", open.to_string())
                        .attr("aria-controls", "nav-links")
                        .onclick(toggle)
                        .text(Text::NavSections.get(lang)),
                )
                .child(
                    el("ul")
                        .attr("id", "nav-links")
                        .child(group(Text::NavGroupPlayground, &VIEWS))
                        .child(group(
                            Text::NavGroupLookup,
                            &crate::ui::later::lookup::PARTS,
                        ))
                        .child(learn(lang)),
                ),
        )
        .done()
}
