//! The page's heading, tagline and links to each view (a component without props, so the app's
//! re-renders never rebuild it).

use yew::prelude::*;

#[component]
pub fn Masthead() -> Html {
    // Static markup of our own: one string, not a tree built element by element.
    Html::from_html_unchecked(AttrValue::Static(concat!(
        r#"<header class="top"><h1>Fulcrum</h1>"#,
        r#"<p class="tagline">A load-balancing playground: the seed's nine strategies, done right and as the seed wrote them, and seven more, on a simulated pool.</p>"#,
        r#"<nav aria-label="Views">"#,
        r##"<a href="#pool">Pool</a><a href="#flow">Flow</a><a href="#ring">Ring</a>"##,
        r##"<a href="#seen">Balancer's view</a><a href="#tables">Tables</a><a href="#charts">Charts</a>"##,
        r##"<a href="#explain">Explanation</a><a href="#compare">Compare</a><a href="#lookup">Lookup</a>"##,
        r#"</nav></header>"#,
    )))
}
