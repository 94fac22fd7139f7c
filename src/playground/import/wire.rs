//! The import worker's messages: what the page asks ([`Request`]) and what the worker answers
//! ([`Answer`]), plain serde data sent as JSON text. The page's first load carries neither the
//! configuration readers nor deflate: a second wasm module (`src/import_worker.rs`, a web worker
//! started only when the import panel is used or the link carries `config=`) reads the text or
//! the link's packed value with [`Reader::answer`], and the page applies the [`Imported`]
//! description (servers, weights, strategy, the debugger's setup, typed notes with their lines)
//! through its usual settings. The worker and this module's tests run the same code.

use serde::{Deserialize, Serialize};

use super::{Import, ImportNote, LookupSetup, Predictor, import, route};
use crate::config::ConfigError;
use crate::engine::{RingFlavor, StrategyKind, Variant};
use crate::share::i18n::Lang;
use crate::share::packed::{self, Unpack};
use crate::share::permalink::{self, Link, ServerSetting};

/// Where a configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// Typed in the panel or read from a file.
    Text(String),
    /// The link's `config` value (the text, or packed: `share::packed`).
    Link(String),
}

/// What the page asks the worker; `id` comes back in the answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read a configuration and set up the backend named `backend` (the first when `None`).
    Read {
        id: u32,
        source: Source,
        backend: Option<String>,
    },
    /// Where the proxy sends a request with `key` (the panel's key check), steps in `lang`.
    Route {
        id: u32,
        source: Source,
        backend: Option<String>,
        key: String,
        lang: Lang,
    },
}

impl Request {
    pub fn id(&self) -> u32 {
        match self {
            Request::Read { id, .. } | Request::Route { id, .. } => *id,
        }
    }
}

/// Why a configuration was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadError {
    /// The link's value could not be unpacked.
    Link(Unpack),
    /// The text was read and refused: its line and what was expected.
    Config(ConfigError),
}

/// A configuration read: the text (when it could be unpacked) and the import or why not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub text: Option<String>,
    pub result: Result<Imported, ReadError>,
}

/// The key check's answer: the server as the configuration writes it, and the steps in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routed {
    pub server: String,
    pub steps: Vec<String>,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Read {
        id: u32,
        reading: Box<Reading>,
    },
    Route {
        id: u32,
        routed: Result<Routed, String>,
    },
}

impl Answer {
    pub fn id(&self) -> u32 {
        match self {
            Answer::Read { id, .. } | Answer::Route { id, .. } => *id,
        }
    }
}

/// An import as the page needs it: what to load (servers, strategy, ring, the debugger's setup)
/// and what to say (the summary's words and the notes, typed, each with its line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The link's `config` value: packed when long; the text itself when too long for a link
    /// even packed (the link then leaves it out, and a note says so).
    pub value: String,
    /// The proxy's name (`nginx`, `HAProxy`, `Envoy`).
    pub proxy: String,
    /// Every backend's name, in file order.
    pub backends: Vec<String>,
    /// The backend shown.
    pub backend: String,
    /// The proxy's policy as the configuration writes it.
    pub policy: String,
    /// The page's pool: (server id, weight).
    pub servers: Vec<(String, u32)>,
    pub strategy: StrategyKind,
    pub ring: RingFlavor,
    /// Whether the page's picks are the proxy's own ([`super::Fidelity::Exact`]).
    pub exact: bool,
    pub lookup: Option<LookupSetup>,
    pub notes: Vec<ImportNote>,
    /// Whether requests carry a key the proxy hashes (the key check is offered).
    pub keyed: bool,
}

impl Imported {
    /// The description of `i`, read from `text`.
    pub fn new(i: &Import, text: &str) -> Self {
        Self {
            value: permalink::packed_config(text).unwrap_or_else(|| text.to_string()),
            proxy: i.proxy.name().to_string(),
            backends: i.backends.clone(),
            backend: i.backend.name.clone(),
            policy: i.policy.clone(),
            servers: i.servers.iter().map(|s| (s.id.clone(), s.weight)).collect(),
            strategy: i.strategy,
            ring: i.ring,
            exact: i.fidelity == super::Fidelity::Exact,
            lookup: i.lookup.clone(),
            notes: i.notes.clone(),
            keyed: i.backend.key != crate::config::KeySource::None,
        }
    }

    /// The backend's name as the link writes it: only when the file has several.
    pub fn link_backend(&self) -> Option<String> {
        (self.backends.len() > 1).then(|| self.backend.clone())
    }

    /// `base` with this import's pool and strategy, and its value (and backend) for the link.
    pub fn link(&self, base: &Link) -> Link {
        Link {
            strategy: self.strategy,
            variant: Variant::Corrected,
            ring: self.ring,
            servers: Some(
                self.servers
                    .iter()
                    .map(|(id, w)| ServerSetting::new(id.clone(), *w))
                    .collect(),
            ),
            config: Some(self.value.clone()),
            backend: self.link_backend(),
            lesson: None,
            ..base.clone()
        }
    }
}

/// A configuration asked for: where from, and the backend.
type Asked = (Source, Option<String>);
/// What reading it gave: the text and its import, or why not.
type Read = Result<(String, Import), ReadError>;

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
            } => {
                let reading = match self.read(source, backend) {
                    Ok((text, i)) => Reading {
                        result: Ok(Imported::new(i, text)),
                        text: Some(text.clone()),
                    },
                    Err((text, e)) => Reading {
                        text,
                        result: Err(e),
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
                        .map(|(server, steps)| Routed { server, steps }),
                    Err((_, ReadError::Config(e))) => Err(e.message),
                    Err((_, ReadError::Link(_))) => Err("the link's configuration".into()),
                };
                Answer::Route { id, routed }
            }
        }
    }

    /// The import of `source`, read again only when it changed.
    fn read(
        &mut self,
        source: Source,
        backend: Option<String>,
    ) -> Result<(&String, &Import), (Option<String>, ReadError)> {
        let asked = (source, backend);
        if self.last.as_ref().is_none_or(|(k, _)| *k != asked) {
            let text = match &asked.0 {
                Source::Text(t) => Ok(t.clone()),
                Source::Link(v) => packed::unpack(v).map_err(ReadError::Link),
            };
            let result = text.and_then(|t| match import(&t, asked.1.as_deref()) {
                Ok(i) => Ok((t, i)),
                Err(e) => Err(ReadError::Config(e)),
            });
            self.last = Some((asked, result));
        }
        let (key, result) = self.last.as_ref().expect("just read");
        match result {
            Ok((t, i)) => Ok((t, i)),
            Err(e) => {
                let text = match &key.0 {
                    Source::Text(t) => Some(t.clone()),
                    Source::Link(v) => packed::unpack(v).ok(),
                };
                Err((text, e.clone()))
            }
        }
    }
}

/// The lookup debugger's hashing strategy by its slug (`consistent_hash_nginx`).
pub mod hash_strategy {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::engine::churn::HashStrategy;

    pub fn serialize<S: Serializer>(s: &HashStrategy, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(s.slug())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<HashStrategy, D::Error> {
        let slug = String::deserialize(d)?;
        HashStrategy::from_slug(&slug)
            .ok_or_else(|| D::Error::custom(format!("no hashing strategy {slug}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn read(reader: &mut Reader, source: Source) -> Reading {
        match ask(
            reader,
            Request::Read {
                id: 7,
                source,
                backend: None,
            },
        ) {
            Answer::Read { id: 7, reading } => *reading,
            other => panic!("{other:?}"),
        }
    }

    /// The typed text and the link's packed value give the same import, which loads the same
    /// page as the import read in place (`import`), through the link.
    #[test]
    fn the_text_and_the_link_s_value_import_the_same() {
        let mut reader = Reader::default();
        let typed = read(&mut reader, Source::Text(NGINX.into()));
        let imported = typed.result.clone().unwrap();
        assert_eq!(typed.text.as_deref(), Some(NGINX));
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
        assert_eq!(imported.notes, direct.notes);
        assert_eq!(imported.lookup, direct.lookup);
    }

    #[test]
    fn a_bad_link_value_and_a_bad_line_are_refused_with_what_went_wrong() {
        let mut reader = Reader::default();
        let r = read(&mut reader, Source::Link("z.AAAA".into()));
        assert_eq!(
            (r.text, r.result),
            (None, Err(ReadError::Link(Unpack::Malformed)))
        );
        let bomb = packed::pack(&"x".repeat(packed::MAX_UNPACKED_BYTES + 1));
        let r = read(&mut reader, Source::Link(bomb));
        assert_eq!(r.result, Err(ReadError::Link(Unpack::TooLarge)));
        let bad = NGINX.replace("weight=2", "weight=x");
        let r = read(&mut reader, Source::Text(bad.clone()));
        assert_eq!(r.text.as_deref(), Some(bad.as_str()));
        match r.result {
            Err(ReadError::Config(e)) => assert_eq!(e.line, 4),
            other => panic!("{other:?}"),
        }
    }

    /// The key check through the worker is the proxy's own pick (`route`), in either language.
    #[test]
    fn the_key_check_is_the_proxy_s_pick() {
        let mut reader = Reader::default();
        let value = read(&mut reader, Source::Text(NGINX.into()))
            .result
            .unwrap()
            .value;
        let direct = import(NGINX, None).unwrap();
        for key in ["/api/item/42", "/img/logo.png", "/users/7/profile"] {
            let mut p = direct.predictor().unwrap();
            let want = route(&mut p, key, Lang::En).unwrap();
            let answer = ask(
                &mut reader,
                Request::Route {
                    id: 3,
                    source: Source::Link(value.clone()),
                    backend: None,
                    key: key.into(),
                    lang: Lang::En,
                },
            );
            assert_eq!(
                answer,
                Answer::Route {
                    id: 3,
                    routed: Ok(Routed {
                        server: want.0,
                        steps: want.1
                    })
                }
            );
        }
        // A policy without a prediction says why.
        let rr = "upstream u {\n  random;\n  server a:80;\n}\n";
        let answer = ask(
            &mut reader,
            Request::Route {
                id: 4,
                source: Source::Text(rr.into()),
                backend: None,
                key: "k".into(),
                lang: Lang::Zh,
            },
        );
        assert!(
            matches!(
                answer,
                Answer::Route {
                    id: 4,
                    routed: Err(_)
                }
            ),
            "{answer:?}"
        );
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
            .result
            .unwrap();
        assert_eq!(i.value, text);
        assert!(i.notes.contains(&ImportNote::TooLargeForLink));
        assert!(!i.link(&Link::default()).to_query().contains("config="));
    }
}
