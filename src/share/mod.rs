//! Sharing and teaching, independent of the UI: the permalink (every setting in the URL, hostile
//! input clamped with a note), the string table in English and Chinese, the guided lessons, and
//! exports of a run's tables, statistics and event trace.
//!
//! Everything here is pure Rust over the engine and the simulator, tested natively and built
//! for wasm32; the Yew views call it and render its strings as text, never as HTML.

#![warn(missing_docs)]

pub mod clamp;
pub mod config_notes;
pub mod export;
pub mod glossary;
pub mod i18n;
pub mod knobs;
pub mod lessons;
pub mod packed;
pub mod permalink;
pub mod steps;

/// The static pages (www/embed.html, docs/consistent-hashing.html) link into the playground with
/// queries that must read back without a note, and fetch nothing from outside the site.
#[cfg(test)]
mod pages {
    use super::permalink::{Link, View};

    const EMBED: &str = include_str!("../../www/embed.html");
    const WORKED_EXAMPLE: &str = include_str!("../../docs/consistent-hashing.html");

    /// Every value of attribute `attr` (`src="…"`), HTML-unescaped.
    fn attributes(page: &str, attr: &str) -> Vec<String> {
        let open = format!("{attr}=\"");
        page.match_indices(&open)
            .filter_map(|(at, _)| {
                let rest = &page[at + open.len()..];
                rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
            })
            .collect()
    }

    fn read(query: &str) -> Link {
        let (settings, notes) = Link::from_query(query);
        assert!(notes.is_empty(), "{query}: {notes:?}");
        settings
    }

    #[test]
    fn every_playground_link_reads_back_without_a_note() {
        let mut embeds = Vec::new();
        let mut frames = 0;
        for page in [EMBED, WORKED_EXAMPLE] {
            for link in attributes(page, "src")
                .into_iter()
                .chain(attributes(page, "href"))
            {
                assert!(!link.contains("//"), "an outside address: {link}");
                if let Some(query) = link.strip_prefix("index.html?") {
                    let s = read(query);
                    if s.embed {
                        frames += usize::from(page == WORKED_EXAMPLE);
                        embeds.push(s);
                    }
                }
            }
        }
        for query in attributes(EMBED, "data-query") {
            let s = read(&query);
            assert!(s.embed && query.contains("view="), "{query}");
            embeds.push(s);
        }
        assert_eq!(frames, 3, "the worked example has three embeds");
        let views: Vec<View> = embeds.iter().map(|s| s.view).collect();
        for view in [
            View::Ring,
            View::Pool,
            View::Table,
            View::Compare,
            View::Lookup,
            View::Flow,
            View::Sweep,
        ] {
            assert!(views.contains(&view), "no snippet for {view:?}");
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
    fn embed_html_offers_every_strategy_preset_and_view_the_engine_has() {
        use crate::engine::StrategyKind;
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let strategies: Vec<&str> = StrategyKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(options(EMBED, "b-strategy"), names(&strategies));
        assert_eq!(options(EMBED, "b-preset"), names(&crate::scenario::PRESETS));
        let mut views: Vec<String> = View::ALL.iter().map(|v| v.name().to_string()).collect();
        let mut offered = options(EMBED, "b-view");
        views.sort();
        offered.sort();
        assert_eq!(offered, views);
    }

    #[test]
    fn the_static_pages_have_an_icon_so_no_browser_asks_for_favicon_ico() {
        for page in [EMBED, WORKED_EXAMPLE] {
            assert!(page.contains("<link rel=\"icon\""), "{}", &page[..200]);
        }
    }

    #[test]
    fn the_worked_example_quotes_the_figures_the_lessons_check() {
        // share::lessons' tests measure these (modulo-churn, uniformity, complexity).
        for figure in [
            "81%",
            "22%",
            "2.6×",
            "1.09×",
            "1,120 points",
            "about\n        300 of its 600",
        ] {
            assert!(WORKED_EXAMPLE.contains(figure), "{figure}");
        }
        for page in [EMBED, WORKED_EXAMPLE] {
            assert!(page.contains("fulcrum:height"));
            assert!(page.contains("Content-Security-Policy"));
        }
    }

    /// Without JavaScript the page can say only what index.html says: the table's `NoScript`
    /// in both languages.
    #[test]
    fn the_page_without_javascript_says_so_in_both_languages() {
        use super::i18n::{Lang, Text};
        let index = include_str!("../../index.html");
        let noscript =
            &index[index.find("<noscript>").unwrap()..index.find("</noscript>").unwrap()];
        for lang in Lang::ALL {
            let line = format!(
                "<p lang=\"{}\">{}</p>",
                lang.html_tag(),
                Text::NoScript.get(lang)
            );
            assert!(noscript.contains(&line), "{line}");
        }
    }
}
