//! The pages beside the playground, the "Learn" links of its navigation: the worked example
//! (docs/consistent-hashing.html) and the embedding guide (www/embed.html), each in English and
//! in Chinese (a `.zh.html` file beside it; index.html has Trunk copy all four to the site root).
//! Each page links to its other language, and the English file moves to the Chinese one when the
//! link says `lang=zh`, or says nothing and the browser prefers Chinese, as the playground picks
//! its language; the app links to the page in its own language.
//!
//! The tests hold the static pages to the playground: their links read back without a note and
//! stay on the site, the two languages have the same parts and frames, and the worked example's
//! figures are the engine's (`figures.rs`).

use super::i18n::{Lang, Text};

#[cfg(test)]
mod figures;

/// A page beside the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Consistent hashing, worked through, with three embedded views.
    WorkedExample,
    /// How to embed a view in a documentation page, and drive it.
    Embed,
}

impl Page {
    /// Both pages, in the order the navigation lists them.
    pub const ALL: [Page; 2] = [Page::WorkedExample, Page::Embed];

    /// The link's words in the navigation.
    pub fn title(self) -> Text {
        match self {
            Page::WorkedExample => Text::NavWorkedExample,
            Page::Embed => Text::NavEmbed,
        }
    }

    /// The page's file in the site's root, in `lang`.
    pub fn file(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Page::WorkedExample, Lang::En) => "consistent-hashing.html",
            (Page::WorkedExample, Lang::Zh) => "consistent-hashing.zh.html",
            (Page::Embed, Lang::En) => "embed.html",
            (Page::Embed, Lang::Zh) => "embed.zh.html",
        }
    }

    /// The address the playground links to in `lang`. The English one says `lang=en`, so a
    /// reader whose browser prefers Chinese and who chose English in the playground stays in
    /// English (the English file follows the browser only when the link names no language).
    pub fn href(self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("{}?lang=en", self.file(lang)),
            Lang::Zh => self.file(lang).to_string(),
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
use test_support::*;

/// Reading the static pages' HTML in tests: their files, attributes and visible text.
#[cfg(test)]
mod test_support {
    use super::Page;
    use crate::share::i18n::Lang;
    use crate::share::permalink::Link;

    /// The page's source file, as index.html's `copy-file` names it.
    pub fn path(page: Page, lang: Lang) -> &'static str {
        match (page, lang) {
            (Page::WorkedExample, Lang::En) => "docs/consistent-hashing.html",
            (Page::WorkedExample, Lang::Zh) => "docs/consistent-hashing.zh.html",
            (Page::Embed, Lang::En) => "www/embed.html",
            (Page::Embed, Lang::Zh) => "www/embed.zh.html",
        }
    }

    /// The page's HTML.
    pub fn source(page: Page, lang: Lang) -> String {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path(page, lang));
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }

    /// Every value of attribute `attr` (`src="…"`), HTML-unescaped.
    pub fn attributes(page: &str, attr: &str) -> Vec<String> {
        let open = format!(" {attr}=\"");
        page.replace('\n', " ")
            .match_indices(&open)
            .filter_map(|(at, _)| {
                let rest = &page[at + open.len()..];
                rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
            })
            .collect()
    }

    /// A playground query, read as the playground reads it: without a note.
    pub fn read(query: &str) -> Link {
        let (settings, notes) = Link::from_query(query);
        assert!(notes.is_empty(), "{query}: {notes:?}");
        settings
    }

    /// One tag of the page: its name (lower case, without `/`), whether it closes, its text.
    struct Tag<'a> {
        name: String,
        closing: bool,
        text: &'a str,
    }

    /// The page split into text and tags (comments dropped).
    fn tokens(html: &str) -> Vec<Result<Tag<'_>, &str>> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            out.push(Err(&rest[..at]));
            rest = &rest[at..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = &comment[comment.find("-->").map_or(comment.len(), |e| e + 3)..];
                continue;
            }
            let end = rest.find('>').expect("a tag ends") + 1;
            let text = &rest[..end];
            let closing = text.starts_with("</");
            let name: String = text[if closing { 2 } else { 1 }..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            out.push(Ok(Tag {
                name,
                closing,
                text,
            }));
            rest = &rest[end..];
        }
        out.push(Err(rest));
        out
    }

    /// Every element marked `data-figure="NAME"`: its name and its content, as written.
    pub fn marked(page: &str) -> Vec<(String, String)> {
        let tokens = tokens(page);
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let Ok(tag) = token else { continue };
            let Some(name) = attributes(tag.text, "data-figure").pop() else {
                continue;
            };
            let mut content = String::new();
            for inner in &tokens[i + 1..] {
                match inner {
                    Ok(t) if t.closing && t.name == tag.name => break,
                    Ok(t) => content.push_str(t.text),
                    Err(text) => content.push_str(text),
                }
            }
            out.push((
                name,
                content.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
        out
    }

    /// The text of the page's body as a reader sees it, a line per source line: without scripts,
    /// styles, the elements marked as figures, and those named in `skip` (with their content).
    pub fn body_text(page: &str, skip: &[&str]) -> String {
        let body = &page[page.find("<body").expect("a body")..];
        let mut out = String::new();
        let mut skipping: Option<(String, usize)> = None;
        for token in tokens(body) {
            match (token, &mut skipping) {
                (Ok(tag), Some((name, depth))) if tag.name == *name => {
                    if tag.closing {
                        *depth -= 1;
                    } else {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                (_, Some(_)) => {}
                (Ok(tag), None) => {
                    let hidden = ["script", "style"].contains(&tag.name.as_str())
                        || skip.contains(&tag.name.as_str())
                        || tag.text.contains(" data-figure=\"");
                    if hidden && !tag.closing {
                        skipping = Some((tag.name, 1));
                    }
                }
                (Err(text), None) => out.push_str(text),
            }
        }
        out
    }
}
