//! The import worker's messages: what the page asks ([`Request`]) and what the worker answers
//! ([`Answer`]), serde data sent as JSON text. The page's first load carries neither the
//! configuration readers nor deflate: a second wasm module (`src/import_worker.rs`, a web worker
//! started only when the import panel is used or the link carries `config=`) reads the text or
//! the link's packed value with [`Reader::answer`]. The answer is what the page needs and no more,
//! so that reading it costs the page little code: the page's settings for the import as a link
//! query (strategy, ring, servers: the page applies it through `Link` and `Settings`, as any
//! link), the lookup debugger's setup, and the words (summary, notes with their lines, refusal,
//! the key check's steps) already in the page's language. The worker and this module's tests run
//! the same code.

use serde::{Deserialize, Serialize};

use super::{Import, LookupSetup, Predictor, error_text, import, route};
use crate::config::change::{self, Change};
use crate::engine::Variant;
use crate::share::i18n::{Lang, LaterText};
use crate::share::packed::{self, MAX_UNPACKED_BYTES, Unpack};
use crate::share::permalink::{self, Link};

/// Where a configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// Typed in the panel or read from a file.
    Text(String),
    /// The link's `config` value (the text, or packed: `share::packed`).
    Link(String),
}

/// What the page asks the worker; `id` comes back in the answer, words come in `lang`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read a configuration and set up the backend named `backend` (the first when `None`).
    Read {
        /// Names the answer (the page drops an answer to a request it no longer waits for).
        id: u32,
        /// The configuration.
        source: Source,
        /// The backend to set up; the first in the file when `None`.
        backend: Option<String>,
        /// The language of the answer's words.
        lang: Lang,
    },
    /// Where the proxy sends a request with `key` (the panel's key check).
    Route {
        /// Names the answer.
        id: u32,
        /// The configuration.
        source: Source,
        /// The backend whose proxy routes the key; the first when `None`.
        backend: Option<String>,
        /// What the proxy hashes: a URI, a client address, a header's value.
        key: String,
        /// The language of the answer's words.
        lang: Lang,
    },
    /// What a change of the server list would move (the panel's "What moves").
    Change {
        /// Names the answer.
        id: u32,
        /// The configuration.
        source: Source,
        /// The backend changed; the first when `None`.
        backend: Option<String>,
        /// A server removed or added.
        change: Change,
        /// The key in the panel's key check: the answer says where it goes after the change.
        #[serde(default)]
        key: Option<String>,
        /// The language of the answer's words.
        lang: Lang,
    },
}

impl Request {
    /// The language the answer is worded in.
    pub fn lang(&self) -> Lang {
        match self {
            Request::Read { lang, .. }
            | Request::Route { lang, .. }
            | Request::Change { lang, .. } => *lang,
        }
    }
}

/// A configuration read: its text (when it could be unpacked), and the import or why not.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The configuration's text, when it could be read or unpacked.
    pub text: Option<String>,
    /// The import, when the text was read.
    pub imported: Option<Imported>,
    /// Why it was not imported: the line and what was expected, or what is wrong with the link.
    pub refused: Option<String>,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// A configuration read, answering [`Request::Read`].
    Read {
        /// The request's id.
        id: u32,
        /// What was read (boxed: the other answers are small).
        reading: Box<Reading>,
    },
    /// The key check: "nginx sends it to …" (or why there is no prediction) and the steps.
    Route {
        /// The request's id.
        id: u32,
        /// The prediction in words.
        said: String,
        /// The lookup step by step, in words.
        steps: Vec<String>,
    },
    /// What the change moves over the sample keys, in words, or why it cannot be made.
    Change {
        /// The request's id.
        id: u32,
        /// A sentence each: how many keys moved; how many did not need to; the servers
        /// HAProxy numbered again.
        said: Vec<String>,
    },
}

impl Answer {
    /// The id of the request answered.
    pub fn id(&self) -> u32 {
        match self {
            Answer::Read { id, .. } | Answer::Route { id, .. } | Answer::Change { id, .. } => *id,
        }
    }
}

/// An import as the page needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The link's `config` value: packed when long; the text itself when too long for a link
    /// even packed (the link then leaves it out, and a note says so).
    pub value: String,
    /// The page's strategy, ring, pool and strategy knobs (d, bias) for the import, as a link
    /// query.
    pub settings: String,
    /// Every backend's name, in file order (the panel's select when there are several).
    pub backends: Vec<String>,
    /// The backend's servers as the configuration names them (HAProxy's names, else
    /// addresses), in file order: what "What moves" may remove.
    #[serde(default)]
    pub servers: Vec<String>,
    /// The backend shown.
    pub backend: String,
    /// "nginx · api: nginx hash $request_uri consistent over 4 servers; the page runs …".
    pub summary: String,
    /// Whether the page's picks are the proxy's own ([`super::Fidelity::Exact`]).
    pub exact: bool,
    /// What was ignored or could not be taken, each with its line.
    pub notes: Vec<String>,
    /// The lookup debugger's setup, when the policy hashes keys.
    pub lookup: Option<LookupSetup>,
    /// Whether requests carry a key the proxy hashes (the key check is offered).
    pub keyed: bool,
    /// The key check's label: the key in plain words and as the configuration names it
    /// (`$request_uri`).
    #[serde(default)]
    pub key_label: String,
}

impl Imported {
    /// The description of `i`, read from `text`, worded in `lang`.
    pub fn new(i: &Import, text: &str, lang: Lang) -> Self {
        let settings = Link {
            strategy: i.strategy,
            variant: Variant::Corrected,
            ring: i.ring,
            servers: Some(i.servers.clone()),
            d: i.d,
            active_request_bias: i.active_request_bias,
            slow_start_ms: i.slow_start.map(|s| s.window_ms as f64),
            slow_start_aggression: i.slow_start.map(|s| s.aggression),
            slow_start_min_weight: i.slow_start.map(|s| s.min_weight_percent),
            ..Link::default()
        };
        Self {
            value: permalink::packed_config(text).unwrap_or_else(|| text.to_string()),
            settings: settings.to_query(),
            backends: i.backends.clone(),
            servers: i
                .backend
                .servers
                .iter()
                .map(|s| s.label().to_string())
                .collect(),
            backend: i.backend.name.clone(),
            summary: LaterText::ImportSummary.fill(
                lang,
                &["proxy", "backend", "policy", "count", "strategy"],
                &[
                    &i.proxy.name(),
                    &i.backend.name,
                    &i.policy,
                    &i.servers.len(),
                    &i.strategy.name(),
                ],
            ),
            exact: i.fidelity == super::Fidelity::Exact,
            notes: i.notes.iter().map(|n| n.text(lang)).collect(),
            lookup: i.lookup.clone(),
            keyed: i.backend.key != crate::config::KeySource::None,
            key_label: key_label(i, lang),
        }
    }

    /// The backend's name as the link writes it: only when the file has several.
    pub fn link_backend(&self) -> Option<String> {
        (self.backends.len() > 1).then(|| self.backend.clone())
    }

    /// `base` with this import's pool and strategy, and its value (and backend) for the link.
    pub fn link(&self, base: &Link) -> Link {
        let (settings, _) = Link::from_query(&self.settings);
        Link {
            strategy: settings.strategy,
            variant: settings.variant,
            ring: settings.ring,
            servers: settings.servers,
            d: settings.d,
            active_request_bias: settings.active_request_bias,
            slow_start_ms: settings.slow_start_ms,
            slow_start_aggression: settings.slow_start_aggression,
            slow_start_min_weight: settings.slow_start_min_weight,
            config: Some(self.value.clone()),
            backend: self.link_backend(),
            lesson: None,
            ..base.clone()
        }
    }
}

/// Why the link's value could not be unpacked, in `lang`.
fn unpack_text(e: Unpack, lang: Lang) -> String {
    match e {
        Unpack::Malformed => LaterText::ImportLinkMalformed.get(lang).to_string(),
        Unpack::TooLarge => {
            LaterText::ImportLinkTooLarge.fill(lang, &["max"], &[&MAX_UNPACKED_BYTES.to_string()])
        }
    }
}

/// A configuration asked for: where from, and the backend.
type Asked = (Source, Option<String>);
/// What reading it gave: the text and its import; or the text if it was unpacked, and why not.
type Read = Result<(String, Import), (Option<String>, Refusal)>;

/// Why a configuration was not imported.
#[derive(Clone, Debug, PartialEq)]
enum Refusal {
    Link(Unpack),
    Config(crate::config::ConfigError),
}

impl Refusal {
    fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::Link(e) => unpack_text(*e, lang),
            Refusal::Config(e) => error_text(e, lang),
        }
    }
}

/// The worker's state: the last configuration read, so a key check does not read it again.
#[derive(Default)]
pub struct Reader {
    last: Option<(Asked, Read)>,
}

impl Reader {
    /// The answer to `request`.
    pub fn answer(&mut self, request: Request) -> Answer {
        match request {
            Request::Read {
                id,
                source,
                backend,
                lang,
            } => {
                let reading = match self.read(source, backend) {
                    Ok((text, i)) => Reading {
                        imported: Some(Imported::new(i, text, lang)),
                        text: Some(text.clone()),
                        refused: None,
                    },
                    Err((text, why)) => Reading {
                        text: text.clone(),
                        imported: None,
                        refused: Some(why.text(lang)),
                    },
                };
                Answer::Read {
                    id,
                    reading: Box::new(reading),
                }
            }
            Request::Route {
                id,
                source,
                backend,
                key,
                lang,
            } => {
                let routed = match self.read(source, backend) {
                    Ok((_, i)) => Predictor::new(&i.backend)
                        .map_err(|e| e.message)
                        .and_then(|mut p| route(&mut p, &key, lang))
                        .map(|(server, steps)| {
                            let said = LaterText::ImportRoute.fill(
                                lang,
                                &["proxy", "server"],
                                &[&i.proxy.name(), &server],
                            );
                            (said, steps)
                        }),
                    Err((_, why)) => Err(why.text(lang)),
                };
                let (said, steps) = routed.unwrap_or_else(|why| {
                    (
                        LaterText::ImportNoRoute.fill(lang, &["why"], &[&why]),
                        Vec::new(),
                    )
                });
                Answer::Route { id, said, steps }
            }
            Request::Change {
                id,
                source,
                backend,
                change,
                key,
                lang,
            } => {
                let said = match self.read(source, backend) {
                    Ok((_, i)) => change_words(i, &change, key.as_deref(), lang),
                    Err((_, why)) => vec![why.text(lang)],
                };
                Answer::Change { id, said }
            }
        }
    }

    /// The import of `source`, read again only when it changed.
    fn read(
        &mut self,
        source: Source,
        backend: Option<String>,
    ) -> Result<(&String, &Import), &(Option<String>, Refusal)> {
        let asked = (source, backend);
        if self.last.as_ref().is_none_or(|(k, _)| *k != asked) {
            let text = match &asked.0 {
                Source::Text(t) => Ok(t.clone()),
                Source::Link(v) => packed::unpack(v).map_err(|e| (None, Refusal::Link(e))),
            };
            let read = text.and_then(|t| match import(&t, asked.1.as_deref()) {
                Ok(i) => Ok((t, i)),
                Err(e) => Err((Some(t), Refusal::Config(e))),
            });
            self.last = Some((asked, read));
        }
        match &self.last.as_ref().expect("just read").1 {
            Ok((t, i)) => Ok((t, i)),
            Err(e) => Err(e),
        }
    }
}

/// Keys "What moves" routes before and after a change.
pub const CHANGE_KEYS: usize = 1000;

/// The key check's label: "Where does this key go? (the request URI: $request_uri)", the key
/// named as the proxy's configuration names it.
fn key_label(i: &Import, lang: Lang) -> String {
    use crate::config::{KeySource as K, Proxy as P};
    let (what, named) = match (&i.backend.key, i.proxy) {
        (K::Uri, P::Nginx) => (LaterText::KeyUri, "$request_uri".to_string()),
        (K::Uri, P::Haproxy) => (LaterText::KeyUri, "balance uri".to_string()),
        (K::Uri, P::Envoy) => (LaterText::KeyUri, ":path".to_string()),
        (K::ClientAddress, P::Nginx) => (LaterText::KeyClient, "$remote_addr".to_string()),
        (K::ClientAddress, P::Haproxy) => (LaterText::KeyClient, "balance source".to_string()),
        (K::ClientAddress, P::Envoy) => (LaterText::KeyClient, "source_ip".to_string()),
        (K::Header(h), _) => (LaterText::KeyHeader, h.clone()),
        (K::UrlParam(p), _) => (LaterText::KeyParam, p.clone()),
        (K::Expression(e), _) => (LaterText::KeyValue, e.clone()),
        (K::None, _) => return LaterText::ImportKey.get(lang).to_string(),
    };
    LaterText::ImportKeyNamed.fill(lang, &["what", "named"], &[&what.get(lang), &named])
}

/// What `change` moves among [`CHANGE_KEYS`] sample keys, by `i`'s proxy, in words: how many
/// moved, which servers took them, and where the panel's `key` goes now.
fn change_words(i: &Import, change: &Change, key: Option<&str>, lang: Lang) -> Vec<String> {
    let keys = change::sample_keys(&i.backend.key, CHANGE_KEYS);
    let m = match change::moves(&i.backend, change, &keys) {
        Ok(m) => m,
        Err(why) => return vec![LaterText::ImportNoChange.fill(lang, &["why"], &[&why])],
    };
    let percent = format!("{:.1}%", 100.0 * m.moved as f64 / CHANGE_KEYS as f64);
    let mut said = vec![LaterText::ImportMoves.fill(
        lang,
        &["proxy", "moved", "keys", "percent"],
        &[&i.proxy.name(), &m.moved, &CHANGE_KEYS, &percent],
    )];
    if let Change::Remove(server) = change {
        said.push(LaterText::ImportMovesOwn.fill(lang, &["own", "server"], &[&m.own, server]));
    }
    if m.between > 0 {
        said.push(LaterText::ImportMovesBetween.fill(lang, &["between"], &[&m.between]));
    }
    if m.moved > 0 {
        said.push(LaterText::ImportMovesTo.fill(lang, &["servers"], &[&takers(&m)]));
    }
    // The reader's own key, routed before and after the same change.
    if let Some(key) = key.filter(|k| !k.is_empty())
        && let Ok(k) = change::moves(&i.backend, change, &[key.to_string()])
    {
        let (was, now) = (&k.before[0], &k.after[0]);
        said.push(if was == now {
            LaterText::ImportKeyStays.fill(lang, &["key", "server"], &[&key, now])
        } else {
            LaterText::ImportKeyMoves.fill(lang, &["key", "was", "now"], &[&key, was, now])
        });
    }
    if !m.renumbered.is_empty() {
        let list = m
            .renumbered
            .iter()
            .map(|(label, was, now)| format!("{label} {was} → {now}"))
            .collect::<Vec<_>>()
            .join(", ");
        said.push(LaterText::ImportRenumbered.fill(lang, &["servers"], &[&list]));
    }
    said
}

/// The servers that took the moved keys, most first: "10.0.0.3:80 (120), 10.0.0.1:80 (80)".
fn takers(m: &change::Moves) -> String {
    let mut took: Vec<(&String, usize)> = Vec::new();
    for (was, now) in m.before.iter().zip(&m.after) {
        if was != now {
            match took.iter_mut().find(|(s, _)| *s == now) {
                Some((_, n)) => *n += 1,
                None => took.push((now, 1)),
            }
        }
    }
    took.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    took.iter()
        .map(|(s, n)| format!("{s} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lookup debugger's hashing strategy by its slug (`consistent_hash_nginx`).
pub mod hash_strategy {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::engine::churn::HashStrategy;

    /// Write the strategy as its slug.
    pub fn serialize<S: Serializer>(s: &HashStrategy, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(s.slug())
    }

    /// Read a strategy from its slug.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<HashStrategy, D::Error> {
        let slug = String::deserialize(d)?;
        HashStrategy::from_slug(&slug)
            .ok_or_else(|| D::Error::custom(format!("no hashing strategy {slug}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::import::ImportNote;

    const NGINX: &str = "upstream api {\n    hash $request_uri consistent;\n    \
        server 10.0.0.1:8080;\n    server 10.0.0.2:8080 weight=2;\n    server 10.0.0.3:8080;\n    \
        server 10.0.0.4:8080;\n    keepalive 16;\n}\n";

    /// A request and its answer as they cross to and from the worker: JSON text.
    fn ask(reader: &mut Reader, request: Request) -> Answer {
        let sent: Request =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let answer = reader.answer(sent);
        serde_json::from_str(&serde_json::to_string(&answer).unwrap()).unwrap()
    }

    fn read_in(reader: &mut Reader, source: Source, lang: Lang) -> Reading {
        match ask(
            reader,
            Request::Read {
                id: 7,
                source,
                backend: None,
                lang,
            },
        ) {
            Answer::Read { id: 7, reading } => *reading,
            other => panic!("{other:?}"),
        }
    }

    fn read(reader: &mut Reader, source: Source) -> Reading {
        read_in(reader, source, Lang::En)
    }

    /// The typed text and the link's packed value give the same import, which loads the same
    /// page as the import read in place (`import`), through the link.
    #[test]
    fn the_text_and_the_link_s_value_import_the_same() {
        let mut reader = Reader::default();
        let typed = read(&mut reader, Source::Text(NGINX.into()));
        let imported = typed.imported.clone().unwrap();
        assert_eq!(
            (typed.text.as_deref(), &typed.refused),
            (Some(NGINX), &None)
        );
        assert!(imported.value.starts_with(packed::PACKED_PREFIX));
        let linked = read(&mut reader, Source::Link(imported.value.clone()));
        assert_eq!(linked, typed);

        let link = imported.link(&Link::default());
        let (back, notes) = Link::from_query(&link.to_query());
        assert_eq!((&back, notes), (&link, vec![]));
        let direct = import(NGINX, None).unwrap();
        assert_eq!(
            link.servers.unwrap(),
            direct.servers,
            "the page's pool is the import's"
        );
        assert_eq!((link.strategy, link.ring), (direct.strategy, direct.ring));
        assert!(imported.exact && imported.keyed);
        let words: Vec<String> = direct.notes.iter().map(|n| n.text(Lang::En)).collect();
        assert_eq!(imported.notes, words);
        assert!(
            imported.notes[0].starts_with("line 7: ignored: "),
            "{words:?}"
        );
        assert_eq!(
            imported.summary,
            "nginx · api: nginx hash $request_uri consistent over 4 servers; the page runs \
             consistent_hash."
        );
        assert_eq!(imported.lookup, direct.lookup);
        // In Chinese, the words change and nothing else.
        let zh = read_in(&mut reader, Source::Link(imported.value.clone()), Lang::Zh);
        let zh = zh.imported.unwrap();
        assert_ne!(zh.notes, imported.notes);
        assert_eq!(
            (zh.settings, zh.lookup, zh.value),
            (imported.settings, imported.lookup, imported.value)
        );
    }

    #[test]
    fn a_bad_link_value_and_a_bad_line_are_refused_with_what_went_wrong() {
        let mut reader = Reader::default();
        let r = read(&mut reader, Source::Link("z.AAAA".into()));
        assert_eq!((r.text, r.imported), (None, None));
        assert_eq!(
            r.refused.as_deref(),
            Some(LaterText::ImportLinkMalformed.get(Lang::En))
        );
        let bomb = packed::pack(&"x".repeat(packed::MAX_UNPACKED_BYTES + 1));
        let r = read(&mut reader, Source::Link(bomb));
        assert!(r.refused.unwrap().contains("65536 bytes"));
        let bad = NGINX.replace("weight=2", "weight=x");
        let r = read(&mut reader, Source::Text(bad.clone()));
        assert_eq!(r.text.as_deref(), Some(bad.as_str()));
        let why = r.refused.unwrap();
        assert!(
            why.starts_with("line 4: cannot be read: ") && why.contains("weight"),
            "{why}"
        );
    }

    /// The key check through the worker is the proxy's own pick (`route`), in either language.
    #[test]
    fn the_key_check_is_the_proxy_s_pick() {
        let mut reader = Reader::default();
        let value = read(&mut reader, Source::Text(NGINX.into()))
            .imported
            .unwrap()
            .value;
        let direct = import(NGINX, None).unwrap();
        for lang in Lang::ALL {
            for key in ["/api/item/42", "/img/logo.png", "/users/7/profile"] {
                let mut p = direct.predictor().unwrap();
                let (server, steps) = route(&mut p, key, lang).unwrap();
                let answer = ask(
                    &mut reader,
                    Request::Route {
                        id: 3,
                        source: Source::Link(value.clone()),
                        backend: None,
                        key: key.into(),
                        lang,
                    },
                );
                let said =
                    LaterText::ImportRoute.fill(lang, &["proxy", "server"], &[&"nginx", &server]);
                assert_eq!(answer, Answer::Route { id: 3, said, steps });
            }
        }
        // A key the policy cannot take says why.
        let source = "backend b\n  balance source\n  server s1 10.0.0.1:80\n";
        let answer = ask(
            &mut reader,
            Request::Route {
                id: 4,
                source: Source::Text(source.into()),
                backend: None,
                key: "not an address".into(),
                lang: Lang::En,
            },
        );
        match answer {
            Answer::Route { id: 4, said, steps } => {
                assert!(
                    said.starts_with("no prediction: ") && said.contains("client IP"),
                    "{said}"
                );
                assert!(steps.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_config_too_long_for_a_link_stays_as_text_and_the_link_leaves_it_out() {
        let mut state = 1u64;
        let mut name = || -> String {
            (0..16)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(b'a' + (state >> 59) as u8 % 26)
                })
                .collect()
        };
        let servers: String = (0..1000)
            .map(|_| format!("  server {}:80;\n", name()))
            .collect();
        let text = format!("upstream u {{\n{servers}}}\n");
        let mut reader = Reader::default();
        let i = read(&mut reader, Source::Text(text.clone()))
            .imported
            .unwrap();
        assert_eq!(i.value, text);
        let too_large = ImportNote::TooLargeForLink.text(Lang::En);
        assert!(i.notes.contains(&too_large), "{:?}", i.notes.last());
        assert!(!i.link(&Link::default()).to_query().contains("config="));
    }

    /// "What moves" over a HAProxy backend: the proxy's own count, and its renumbering named,
    /// in either language; the servers it may remove are the configuration's names.
    #[test]
    fn what_moves_is_the_proxy_s_count_and_names_haproxy_s_renumbering() {
        let text = "backend web\n  balance uri\n  hash-type consistent\n  server a 10.0.0.1:80\n  \
            server b 10.0.0.2:80\n  server c 10.0.0.3:80\n";
        let mut reader = Reader::default();
        let i = read(&mut reader, Source::Text(text.into()))
            .imported
            .unwrap();
        assert_eq!(i.servers, ["a", "b", "c"]);
        let ask_change = |reader: &mut Reader, change: Change, lang: Lang| match ask(
            reader,
            Request::Change {
                id: 3,
                source: Source::Link(i.value.clone()),
                backend: None,
                change,
                key: Some("/api/data/7".into()),
                lang,
            },
        ) {
            Answer::Change { id: 3, said } => said,
            other => panic!("{other:?}"),
        };
        let said = ask_change(&mut reader, Change::Remove("b".into()), Lang::En);
        let keys = change::sample_keys(&crate::config::KeySource::Uri, CHANGE_KEYS);
        let backend = crate::config::parse(text, None).unwrap().backends.remove(0);
        let m = change::moves(&backend, &Change::Remove("b".into()), &keys).unwrap();
        assert!(
            said[0].starts_with(&format!(
                "HAProxy would move {} of 1000 sample keys",
                m.moved
            )),
            "{said:?}"
        );
        assert_eq!(
            said[1],
            format!("{} of them were b's own: those must move.", m.own)
        );
        assert!(said.last().unwrap().contains("(c 3 → 2)"), "{said:?}");
        // Which servers took the moved keys, with their counts adding up to what moved; and
        // where the reader's key goes now, by the same rule.
        let took = said
            .iter()
            .find_map(|l| l.strip_prefix("The moved keys went to "))
            .unwrap_or_else(|| panic!("{said:?}"));
        let counts: usize = took
            .split(", ")
            .map(|t| t.rsplit_once(" (").unwrap().1.trim_end_matches([')', '.']))
            .map(|n| n.parse::<usize>().unwrap())
            .sum();
        assert_eq!(counts, m.moved, "{took}");
        assert!(!took.contains("10.0.0.2:80"), "b took nothing: {took}");
        let k = change::moves(
            &backend,
            &Change::Remove("b".into()),
            &["/api/data/7".into()],
        )
        .unwrap();
        let yours = said.iter().find(|l| l.starts_with("Your key /api/data/7"));
        let want = if k.before[0] == k.after[0] {
            format!("Your key /api/data/7 stays on {}.", k.after[0])
        } else {
            format!(
                "Your key /api/data/7 moves: {} → {}.",
                k.before[0], k.after[0]
            )
        };
        assert_eq!(yours, Some(&want), "{said:?}");
        let zh = ask_change(&mut reader, Change::Remove("b".into()), Lang::Zh);
        assert_eq!(zh.len(), said.len());
        assert!(zh[0].contains("个样本键中的"), "{zh:?}");
        let refused = ask_change(&mut reader, Change::Add("10.0.0.1:80".into()), Lang::En);
        assert_eq!(refused.len(), 1);
        assert!(
            refused[0].starts_with("cannot make this change: expected a new host:port"),
            "{refused:?}"
        );
    }
}
