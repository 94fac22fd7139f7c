//! The static pages against the playground: links, languages, frames, the guide's lists.

use super::{Page, attributes, path, read, source};
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::View;

/// Every page in every language: (page, language, HTML).
fn all() -> Vec<(Page, Lang, String)> {
    Page::ALL
        .iter()
        .flat_map(|&p| Lang::ALL.map(|l| (p, l, source(p, l))))
        .collect()
}

#[test]
fn every_playground_link_reads_back_without_a_note_in_the_pages_language() {
    let mut embeds = Vec::new();
    for (page, lang, html) in all() {
        let mut frames = 0;
        for link in attributes(&html, "src")
            .into_iter()
            .chain(attributes(&html, "href"))
        {
            assert!(!link.contains("//"), "an outside address: {link}");
            let Some(query) = link.split('#').next().unwrap().strip_prefix("index.html?") else {
                continue;
            };
            let s = read(query);
            // The reader of a page in one language meets the playground in that language.
            assert_eq!(s.lang, Some(lang), "{}: {link}", path(page, lang));
            if s.embed {
                frames += 1;
                embeds.push(s);
            }
        }
        if page == Page::WorkedExample {
            assert_eq!(frames, 3, "{lang:?}: the worked example has three embeds");
        }
        // The guide's snippets: in the Chinese guide for Chinese readers; in the English one, in
        // the reader's own language (what a documentation writer most often wants to copy).
        for query in attributes(&html, "data-query") {
            let s = read(&query);
            assert!(s.embed && query.contains("view="), "{query}");
            assert_eq!(s.lang, (lang == Lang::Zh).then_some(Lang::Zh), "{query}");
            embeds.push(s);
        }
    }
    let views: Vec<View> = embeds.iter().map(|s| s.view).collect();
    for view in View::ALL {
        assert!(views.contains(&view), "no snippet for {view:?}");
    }
}

#[test]
fn each_page_is_copied_in_each_language_and_links_to_its_own_language() {
    let index = include_str!("../../../index.html");
    for (page, lang, html) in all() {
        let copied = format!(
            "<link data-trunk rel=\"copy-file\" href=\"{}\" />",
            path(page, lang)
        );
        assert!(index.contains(&copied), "{copied}");
        assert!(
            html.contains(&format!("<html lang=\"{}\">", lang.html_tag())),
            "{}",
            path(page, lang)
        );
        // Links to the pages beside it stay in its language; the one switch leads to the other.
        let other = Lang::ALL.into_iter().find(|&l| l != lang).unwrap();
        let switch: Vec<String> = attributes(&html, "hreflang");
        assert_eq!(
            switch,
            [other.html_tag()],
            "{}: one language switch",
            path(page, lang)
        );
        for link in attributes(&html, "href") {
            let file = link.split(['?', '#']).next().unwrap();
            let Some(target) = Page::ALL
                .iter()
                .flat_map(|&p| Lang::ALL.map(|l| (p, l)))
                .find(|&(p, l)| p.file(l) == file)
            else {
                continue;
            };
            if target.1 == other {
                assert_eq!(
                    target.0, page,
                    "{link}: only the switch leaves the language"
                );
                assert_eq!(link, page.href(other), "the switch says lang=en in English");
            }
        }
    }
}

/// The Chinese pages are the English ones, translated: the same parts (ids), the same frames and
/// links into the playground (but for `lang`), the same Content-Security-Policy.
#[test]
fn the_two_languages_have_the_same_parts_frames_and_policy() {
    let strip_lang = |links: Vec<String>| -> Vec<String> {
        links
            .into_iter()
            .filter(|l| l.starts_with("index.html") || l.starts_with('#'))
            .map(|l| {
                l.replace("&lang=en", "")
                    .replace("&lang=zh", "")
                    .replace("?lang=en", "")
                    .replace("?lang=zh", "")
            })
            .collect()
    };
    let policy = |html: &str| {
        let at = html.find("Content-Security-Policy").expect("a policy");
        attributes(&html[at..], "content").remove(0)
    };
    for page in Page::ALL {
        let [en, zh] = Lang::ALL.map(|l| source(page, l));
        assert_eq!(
            attributes(&en, "id"),
            attributes(&zh, "id"),
            "{page:?}: ids"
        );
        for attr in ["src", "href", "data-query"] {
            assert_eq!(
                strip_lang(attributes(&en, attr)),
                strip_lang(attributes(&zh, attr)),
                "{page:?}: {attr}"
            );
        }
        assert_eq!(policy(&en), policy(&zh), "{page:?}");
        assert!(policy(&en).starts_with("default-src 'self';"));
        for html in [&en, &zh] {
            assert!(html.contains("fulcrum:height"));
            // An icon of its own: no browser asks for the favicon.ico the site does not have.
            assert!(html.contains("<link rel=\"icon\""), "{}", &html[..200]);
            // Nothing from elsewhere: scripts are inline or the site's own.
            for src in attributes(html, "src") {
                assert!(!src.contains(':'), "{src}");
            }
        }
    }
}

/// The options of `<select id="{id}">` in `page` (their values, else their text).
fn options(page: &str, id: &str) -> Vec<String> {
    let open = format!("<select id=\"{id}\">");
    let start = page.find(&open).unwrap_or_else(|| panic!("no select {id}")) + open.len();
    let body = &page[start..start + page[start..].find("</select>").unwrap()];
    body.split("<option")
        .skip(1)
        .map(|o| {
            let text = &o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()];
            attributes(o, "value")
                .pop()
                .unwrap_or_else(|| text.to_string())
        })
        .collect()
}

#[test]
fn the_guide_offers_every_strategy_preset_and_view_the_engine_has() {
    use crate::engine::StrategyKind;
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let strategies: Vec<&str> = StrategyKind::ALL.iter().map(|k| k.name()).collect();
    for lang in Lang::ALL {
        let guide = source(Page::Embed, lang);
        assert_eq!(options(&guide, "b-strategy"), names(&strategies));
        assert_eq!(
            options(&guide, "b-preset"),
            names(&crate::scenario::PRESETS)
        );
        let mut views: Vec<String> = View::ALL.iter().map(|v| v.name().to_string()).collect();
        let mut offered = options(&guide, "b-view");
        views.sort();
        offered.sort();
        assert_eq!(offered, views);
    }
}

#[test]
fn the_playground_links_each_page_in_its_language() {
    assert_eq!(
        Page::WorkedExample.href(Lang::En),
        "consistent-hashing.html?lang=en"
    );
    assert_eq!(Page::Embed.href(Lang::Zh), "embed.zh.html");
    assert_eq!(Page::Embed.title(), Text::NavEmbed);
}

/// Without JavaScript the page can say only what index.html says: the table's `NoScript`
/// in both languages.
#[test]
fn the_page_without_javascript_says_so_in_both_languages() {
    let index = include_str!("../../../index.html");
    let noscript = &index[index.find("<noscript>").unwrap()..index.find("</noscript>").unwrap()];
    for lang in Lang::ALL {
        let line = format!(
            "<p lang=\"{}\">{}</p>",
            lang.html_tag(),
            Text::NoScript.get(lang)
        );
        assert!(noscript.contains(&line), "{line}");
    }
}
