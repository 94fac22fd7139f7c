//! The playground's address bar: the settings are read from the URL once, on load
//! (`share::permalink` checks and clamps them, and its notes are shown as text), and the URL
//! follows every change after (`history.replaceState`, so Back still leaves the page). The
//! "Share" button copies that URL; where the clipboard is refused, it shows the link in a
//! selected text field to copy by hand. The page's strings come from the language's catalog
//! file (`lang/<code>.txt`, see `share::i18n`), fetched here before the page first renders and
//! when the language changes; the later module fetches its own (`lang/later/<code>.txt`) with
//! the same function, [`load_table`].

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::playground::settings::Notice;
use crate::share::i18n::{Lang, Table, Text};
use crate::share::permalink;
use crate::ui::widgets::dom::el;

/// The language the page starts in: the link's, or else the browser's.
pub fn start_lang() -> Lang {
    let query = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    permalink::Link::from_query(&query)
        .0
        .lang
        .unwrap_or_else(browser_lang)
}

/// Fetch and install `lang`'s catalog of the page's strings (`lang/<code>.txt`), unless it is
/// installed already.
pub async fn load_catalog(lang: Lang) -> Result<(), String> {
    load_table::<Text>(lang).await
}

/// Fetch and install `lang`'s catalog of table `T` (`T::catalog_path`, relative to the page, so
/// the site works from any sub-path), unless it is installed already. The page loads only
/// [`Text`]'s; the later module loads [`LaterText`](crate::share::i18n::LaterText)'s too.
pub async fn load_table<T: Table>(lang: Lang) -> Result<(), String> {
    if T::installed(lang) {
        return Ok(());
    }
    let url = T::catalog_path(lang);
    let fail = |why: &str| format!("Could not load the texts ({url}): {why}");
    let response: web_sys::Response =
        match JsFuture::from(gloo::utils::window().fetch_with_str(&url)).await {
            Ok(r) => r.unchecked_into(),
            Err(_) => return Err(fail("the request failed")),
        };
    if !response.ok() {
        return Err(fail(&format!("HTTP {}", response.status())));
    }
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let text = text.ok_or_else(|| fail("the response could not be read"))?;
    T::install(lang, text).map_err(fail)
}

/// The settings in the page's URL, with a note for everything ignored or changed (put in words
/// in the page's language when shown).
pub fn read_link() -> (permalink::Link, Vec<Notice>) {
    let query = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    let (link, notes) = permalink::Link::from_query(&query);
    let notes = notes.into_iter().map(Notice::Link).collect();
    (link, notes)
}

/// The browser's preferred language among those the playground speaks.
pub fn browser_lang() -> Lang {
    let navigator = gloo::utils::window().navigator();
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    let list = if list.is_empty() {
        navigator.language().unwrap_or_default()
    } else {
        list.join(",")
    };
    Lang::from_browser(&list)
}

/// The page's address without query or fragment.
fn page_base() -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The full link for a query.
pub fn permalink_for(query: &str) -> String {
    format!("{}?{query}", page_base())
}

/// Put the query in the address bar, keeping the fragment, without a history entry.
pub fn replace_url(query: &str) {
    let window = gloo::utils::window();
    let hash = window.location().hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}{hash}")));
    }
}

/// Set `<html lang>` and the document's title (index.html's is English).
pub fn set_document_lang(lang: Lang) {
    let document = gloo::utils::document();
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.html_tag());
    }
    document.set_title(Text::DocumentTitle.get(lang));
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    /// The clipboard refused: show the link to copy by hand.
    ByHand,
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub href: AttrValue,
    pub lang: Lang,
}

/// The "Share" button and what it says after.
#[component]
pub fn ShareButton(props: &ShareProps) -> Html {
    let copied = use_state(|| Copied::Not);
    {
        // A new link is not copied yet.
        let copied = copied.clone();
        use_effect_with(props.href.clone(), move |_| copied.set(Copied::Not));
    }
    let onclick = {
        let copied = copied.clone();
        let href = props.href.clone();
        Callback::from(move |_: MouseEvent| {
            let navigator = gloo::utils::window().navigator();
            // No clipboard at all (an insecure page, an old browser): copy by hand.
            let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
                .is_ok_and(|c| !c.is_undefined() && !c.is_null());
            if !has_clipboard {
                copied.set(Copied::ByHand);
                return;
            }
            let promise = navigator.clipboard().write_text(&href);
            let copied = copied.clone();
            yew::platform::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(if ok { Copied::Yes } else { Copied::ByHand });
            });
        })
    };
    let lang = props.lang;
    let said = match *copied {
        Copied::Yes => el("span").text(Text::LinkCopied.get(lang)),
        Copied::ByHand => el("label")
            .class("copy-by-hand")
            .text(Text::CopyThisLink.get(lang))
            .child(
                el("input")
                    .attr("type", "text")
                    .flag("readonly", true)
                    .flag("autofocus", true)
                    .value(props.href.to_string()),
            ),
        Copied::Not => el("span"),
    };
    el("span")
        .class("share")
        .child(
            el("button")
                .attr("type", "button")
                .onclick(onclick)
                .text(Text::ShareLink.get(lang)),
        )
        .child(el("span").attr("role", "status").class("small").child(said))
        .done()
}

/// The full address of `path` (`"./"`, `"lookup/…"`) beside the page: relative to the page's
/// folder, without the page's query (the link). The lazily loaded modules are fetched from
/// there, so the site works from any sub-path.
pub fn beside_page(path: &str) -> Option<String> {
    let page = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    Some(web_sys::Url::new_with_base(path, &page).ok()?.href())
}
