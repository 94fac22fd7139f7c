//! HAProxy's `backend NAME` and `listen NAME` sections, read line by line as HAProxy's
//! `cfgparse.c` does: a section keyword at the start of a line opens a section, each following
//! line is one keyword and its arguments (blanks separate words, `#` starts a comment, quotes and
//! backslashes escape). A `defaults` section's `balance`, `hash-type` and `default-server weight`
//! apply to the backends after it.
//!
//! Read: `server NAME ADDR [weight N] [id N] [disabled] [backup] ...`, `default-server weight N`,
//! `balance roundrobin | static-rr | leastconn | first | source | uri [whole] [len N] [depth N] |
//! url_param P | hdr(H) | random`, `hash-type map-based | consistent [FUNCTION [avalanche]]`
//! with HAProxy's defaults (`cfgparse-listen.c`, "hash-type"): sdbm, and the avalanche modifier
//! for `consistent` without a function. Every other keyword is a note.

use super::{
    Backend, Config, ConfigError, HaproxyBalance, HaproxyHashFunction, HaproxyHashType, KeySource,
    MAX_BACKENDS, MAX_SERVERS, Note, NoteKind, Policy, Proxy, ServerEntry, parse_weight,
};

/// HAProxy's largest server weight (`SRV_UWGHT_MAX`).
pub const MAX_HAPROXY_WEIGHT: u32 = 256;

/// The words of one line: blanks separate, `#` comments, quotes group, `\` escapes.
fn words(line: &str, n: usize) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                if let Some(e) = chars.next() {
                    cur.push(e);
                    has = true;
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                has = true;
            }
            (None, '#') => break,
            (None, c) if c.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (None, c) => {
                cur.push(c);
                has = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(ConfigError::new(n, format!("expected a closing {q}")));
    }
    if has {
        out.push(cur);
    }
    Ok(out)
}

const SECTIONS: &[&str] = &[
    "global",
    "defaults",
    "frontend",
    "backend",
    "listen",
    "resolvers",
    "peers",
    "userlist",
    "mailers",
    "program",
    "http-errors",
    "ring",
    "cache",
    "fcgi-app",
    "crt-store",
    "traces",
];

/// The balancing settings a `defaults` section hands on.
#[derive(Clone)]
struct Defaults {
    balance: Option<(HaproxyBalance, usize)>,
    hash: Option<(HaproxyHashType, HaproxyHashFunction, bool)>,
    weight: u32,
}

struct Section {
    name: String,
    line: usize,
    servers: Vec<ServerEntry>,
    notes: Vec<Note>,
    d: Defaults,
}

/// The section being read.
enum Open {
    /// Outside any section, or in one Fulcrum does not read.
    Skip,
    Defaults,
    Backend(Section),
}

/// Read every backend and listen section of a HAProxy configuration.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let mut backends = Vec::new();
    let mut defaults = Defaults {
        balance: None,
        hash: None,
        weight: 1,
    };
    let mut open = Open::Skip;
    let close = |open: Open, backends: &mut Vec<Backend>| -> Result<(), ConfigError> {
        if let Open::Backend(s) = open {
            backends.push(finish(s)?);
        }
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let w = words(raw, n)?;
        let Some(kw) = w.first().map(String::as_str) else {
            continue;
        };
        if SECTIONS.contains(&kw) {
            close(std::mem::replace(&mut open, Open::Skip), &mut backends)?;
            open = match kw {
                "defaults" => Open::Defaults,
                "backend" | "listen" => Open::Backend(open_backend(&w, n, &backends, &defaults)?),
                _ => Open::Skip,
            };
            continue;
        }
        match &mut open {
            Open::Skip => {}
            Open::Defaults => defaults.read(kw, &w, n)?,
            Open::Backend(s) => s.read(kw, &w, n)?,
        }
    }
    close(open, &mut backends)?;
    if backends.is_empty() {
        return Err(ConfigError::new(
            0,
            "expected a `backend NAME` (or `listen NAME`) section with `server` lines",
        ));
    }
    Ok(Config {
        proxy: Proxy::Haproxy,
        backends,
        notes: Vec::new(),
    })
}

/// A `backend NAME` or `listen NAME` line (words `w`, line `n`) opens a section that starts
/// from the defaults so far.
fn open_backend(
    w: &[String],
    n: usize,
    backends: &[Backend],
    defaults: &Defaults,
) -> Result<Section, ConfigError> {
    let kw = &w[0];
    let Some(name) = w.get(1) else {
        return Err(ConfigError::new(n, format!("expected `{kw} NAME`")));
    };
    if backends.len() >= MAX_BACKENDS {
        return Err(ConfigError::new(
            n,
            format!("more than {MAX_BACKENDS} backends"),
        ));
    }
    if backends.iter().any(|b| &b.name == name) {
        return Err(ConfigError::new(
            n,
            format!("backend '{name}' is defined twice"),
        ));
    }
    let mut notes = Vec::new();
    if w.len() > 2 {
        notes.push(Note::new(
            n,
            NoteKind::ArgumentsAfterName {
                keyword: kw.clone(),
            },
        ));
    }
    Ok(Section {
        name: name.clone(),
        line: n,
        servers: Vec::new(),
        notes,
        d: defaults.clone(),
    })
}

impl Defaults {
    /// One line of a `defaults` section: keyword `kw`, words `w`, line `n`.
    fn read(&mut self, kw: &str, w: &[String], n: usize) -> Result<(), ConfigError> {
        match kw {
            "balance" => self.balance = Some((balance(w, n)?, n)),
            "hash-type" => self.hash = Some(hash_type(w, n)?),
            "default-server" => {
                let mut ignored = Vec::new();
                self.weight = server_params(&w[1..], n, self.weight, &mut ignored)?.weight;
            }
            _ => {}
        }
        Ok(())
    }
}

impl Section {
    /// One line of a backend: keyword `kw`, words `w`, line `n`; what is not modelled gets a note.
    fn read(&mut self, kw: &str, w: &[String], n: usize) -> Result<(), ConfigError> {
        match kw {
            "balance" => self.d.balance = Some((balance(w, n)?, n)),
            "hash-type" => self.d.hash = Some(hash_type(w, n)?),
            "default-server" => {
                let mut notes = Vec::new();
                self.d.weight = server_params(&w[1..], n, self.d.weight, &mut notes)?.weight;
                self.notes.extend(notes);
            }
            "server" => self.server(w, n)?,
            // mode, option, timeout, retries, http-request, stick, acl, use-server...
            _ => self
                .notes
                .push(Note::new(n, NoteKind::NotModelled { what: kw.into() })),
        }
        Ok(())
    }

    /// `server NAME ADDRESS[:PORT] [params]`.
    fn server(&mut self, w: &[String], n: usize) -> Result<(), ConfigError> {
        if self.servers.len() >= MAX_SERVERS {
            return Err(ConfigError::new(
                n,
                format!("more than {MAX_SERVERS} servers in backend '{}'", self.name),
            ));
        }
        let (Some(name), Some(addr)) = (w.get(1), w.get(2)) else {
            return Err(ConfigError::new(
                n,
                "expected `server NAME ADDRESS[:PORT] [weight N] [id N] ...`",
            ));
        };
        if self.servers.iter().any(|x| x.name.as_ref() == Some(name)) {
            return Err(ConfigError::new(
                n,
                format!(
                    "server name '{name}' is used twice in backend '{}'",
                    self.name
                ),
            ));
        }
        let mut notes = Vec::new();
        let p = server_params(&w[3..], n, self.d.weight, &mut notes)?;
        self.notes.extend(notes.into_iter().map(|t| {
            Note::new(
                n,
                NoteKind::OfServer {
                    server: name.clone(),
                    note: Box::new(t.kind),
                },
            )
        }));
        if let Some(id) = p.id
            && let Some(other) = self.servers.iter().find(|x| x.id == Some(id))
        {
            return Err(ConfigError::new(
                n,
                format!(
                    "server {name}: id {id} is already server {}'s (HAProxy refuses it too)",
                    other.label()
                ),
            ));
        }
        self.servers.push(ServerEntry {
            name: Some(name.clone()),
            address: addr.clone(),
            weight: p.weight,
            id: p.id,
            down: p.disabled,
            backup: p.backup,
            hostname: None,
            line: n,
        });
        Ok(())
    }
}

fn finish(s: Section) -> Result<Backend, ConfigError> {
    let Section {
        name,
        line,
        servers,
        mut notes,
        d,
    } = s;
    if servers.is_empty() {
        return Err(ConfigError::new(
            line,
            format!("expected at least one `server` line in backend '{name}'"),
        ));
    }
    // HAProxy's default balance is roundrobin, its default hash-type map-based with sdbm.
    let balance = d.balance.map_or(HaproxyBalance::RoundRobin, |b| b.0);
    let (hash_type, function, avalanche) =
        d.hash
            .unwrap_or((HaproxyHashType::MapBased, HaproxyHashFunction::Sdbm, false));
    let key = match &balance {
        HaproxyBalance::Source => KeySource::ClientAddress,
        HaproxyBalance::Uri { .. } => KeySource::Uri,
        HaproxyBalance::UrlParam(p) => KeySource::UrlParam(p.clone()),
        HaproxyBalance::Header(h) => KeySource::Header(h.clone()),
        _ => KeySource::None,
    };
    // At the first backup server's line: the note is about that line, not the section.
    if let Some(backup) = servers.iter().find(|s| s.backup) {
        notes.push(Note::new(backup.line, NoteKind::HaproxyBackupLeftOut));
    }
    Ok(Backend {
        proxy: Proxy::Haproxy,
        name,
        line,
        servers,
        policy: Policy::Haproxy {
            balance,
            hash_type,
            function,
            avalanche,
        },
        key,
        notes,
    })
}

/// The most draws `balance random(N)` takes (HAProxy's own limit is an int; each draw costs
/// Fulcrum a tree lookup).
const MAX_RANDOM_DRAWS: u32 = 1000;

fn balance(w: &[String], n: usize) -> Result<HaproxyBalance, ConfigError> {
    let args: Vec<&str> = w[1..].iter().map(String::as_str).collect();
    let expected = "expected `balance roundrobin | static-rr | leastconn | first | source | uri \
                    [whole] [len N] [depth N] | url_param NAME | hdr(NAME) | random[(N)]`";
    let Some((&algo, rest)) = args.split_first() else {
        return Err(ConfigError::new(n, expected));
    };
    let plain = |b: HaproxyBalance| {
        if rest.is_empty() {
            Ok(b)
        } else {
            Err(ConfigError::new(
                n,
                format!(
                    "expected nothing after `balance {algo}`, found '{}'",
                    rest[0]
                ),
            ))
        }
    };
    match algo {
        "roundrobin" => plain(HaproxyBalance::RoundRobin),
        "static-rr" => plain(HaproxyBalance::StaticRr),
        "leastconn" => plain(HaproxyBalance::LeastConn),
        "first" => plain(HaproxyBalance::First),
        "source" => plain(HaproxyBalance::Source),
        "random" => plain(HaproxyBalance::Random(2)),
        // `random(N)`: N draws (backend_parse_balance: at least 1).
        a if a.starts_with("random(") && a.ends_with(')') => {
            match a["random(".len()..a.len() - 1].parse::<u32>() {
                Ok(n) if (1..=MAX_RANDOM_DRAWS).contains(&n) => plain(HaproxyBalance::Random(n)),
                _ => Err(ConfigError::new(
                    n,
                    format!(
                        "expected `random(N)` with N draws from 1 to {MAX_RANDOM_DRAWS}, found `{a}`"
                    ),
                )),
            }
        }
        "uri" => {
            let (mut whole, mut len, mut depth) = (false, 0, 0);
            let mut it = rest.iter();
            while let Some(&a) = it.next() {
                match a {
                    "whole" => whole = true,
                    "len" | "depth" => {
                        let v = it
                            .next()
                            .and_then(|v| v.parse::<u32>().ok())
                            .filter(|v| *v > 0)
                            .ok_or_else(|| {
                                ConfigError::new(
                                    n,
                                    format!("expected a positive number after `{a}`"),
                                )
                            })?;
                        if a == "len" {
                            len = v;
                        } else {
                            depth = v;
                        }
                    }
                    "path-only" => {
                        return Err(ConfigError::new(
                            n,
                            "`balance uri path-only` is not modelled: expected whole, len N or \
                             depth N",
                        ));
                    }
                    other => {
                        return Err(ConfigError::new(
                            n,
                            format!(
                                "expected whole, len N or depth N after `balance uri`, found '{other}'"
                            ),
                        ));
                    }
                }
            }
            Ok(HaproxyBalance::Uri { whole, len, depth })
        }
        "url_param" => match rest {
            [p] => Ok(HaproxyBalance::UrlParam(p.to_string())),
            _ => Err(ConfigError::new(
                n,
                "expected `balance url_param NAME` (check_post is not modelled)",
            )),
        },
        a if a.starts_with("hdr(") && a.ends_with(')') && a.len() > 5 => {
            if !rest.is_empty() {
                return Err(ConfigError::new(
                    n,
                    "expected nothing after `balance hdr(NAME)` (use_domain_only is not modelled)",
                ));
            }
            Ok(HaproxyBalance::Header(a[4..a.len() - 1].to_string()))
        }
        _ => Err(ConfigError::new(n, format!("{expected}, found '{algo}'"))),
    }
}

fn hash_type(
    w: &[String],
    n: usize,
) -> Result<(HaproxyHashType, HaproxyHashFunction, bool), ConfigError> {
    let args: Vec<&str> = w[1..].iter().map(String::as_str).collect();
    let t = match args.first() {
        Some(&"map-based") => HaproxyHashType::MapBased,
        Some(&"consistent") => HaproxyHashType::Consistent,
        _ => {
            return Err(ConfigError::new(
                n,
                "expected `hash-type map-based` or `hash-type consistent` [FUNCTION [avalanche]]",
            ));
        }
    };
    // cfgparse-listen.c: no function means sdbm, plus avalanche for consistent.
    let Some(f) = args.get(1) else {
        return Ok((
            t,
            HaproxyHashFunction::Sdbm,
            t == HaproxyHashType::Consistent,
        ));
    };
    let f = match *f {
        "sdbm" => HaproxyHashFunction::Sdbm,
        "djb2" => HaproxyHashFunction::Djb2,
        "wt6" => HaproxyHashFunction::Wt6,
        "crc32" => HaproxyHashFunction::Crc32,
        other => {
            return Err(ConfigError::new(
                n,
                format!("expected a hash function sdbm, djb2, wt6 or crc32, found '{other}'"),
            ));
        }
    };
    match &args[2..] {
        [] => Ok((t, f, false)),
        ["avalanche"] => Ok((t, f, true)),
        [other, ..] => Err(ConfigError::new(
            n,
            format!("expected `avalanche` or nothing after the hash function, found '{other}'"),
        )),
    }
}

struct Params {
    weight: u32,
    id: Option<u32>,
    disabled: bool,
    backup: bool,
}

/// Server keywords that take one argument (HAProxy's `srv_kws` list, the common ones).
const WITH_ARG: &[&str] = &[
    "addr",
    "agent-addr",
    "agent-inter",
    "agent-port",
    "agent-send",
    "alpn",
    "ca-file",
    "check-alpn",
    "check-proto",
    "check-sni",
    "ciphers",
    "ciphersuites",
    "cookie",
    "crl-file",
    "crt",
    "downinter",
    "error-limit",
    "fall",
    "fastinter",
    "init-addr",
    "inter",
    "log-proto",
    "maxconn",
    "maxqueue",
    "minconn",
    "namespace",
    "observe",
    "on-error",
    "on-marked-down",
    "on-marked-up",
    "pool-low-conn",
    "pool-max-conn",
    "pool-purge-delay",
    "port",
    "proto",
    "redir",
    "resolve-net",
    "resolve-prefer",
    "resolvers",
    "rise",
    "sni",
    "slowstart",
    "source",
    "ssl-max-ver",
    "ssl-min-ver",
    "tcp-ut",
    "track",
    "verify",
    "verifyhost",
    "max-reuse",
    "hash-key",
    "set-proxy-v2-tlv-fmt",
    "log-bufsize",
    "guid",
    "init-state",
];

/// A server's parameters; `weight` starts from the default-server's.
fn server_params(
    args: &[String],
    n: usize,
    weight: u32,
    notes: &mut Vec<Note>,
) -> Result<Params, ConfigError> {
    let mut p = Params {
        weight,
        id: None,
        disabled: false,
        backup: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| ConfigError::new(n, format!("expected {what} after `{a}`")))
        };
        match a.as_str() {
            "weight" => {
                let v = value("a weight")?;
                // HAProxy accepts 0 (no traffic) to 256.
                p.weight = if v == "0" {
                    0
                } else {
                    parse_weight(&v, MAX_HAPROXY_WEIGHT, n)?
                };
            }
            "id" => {
                let v = value("a number")?;
                p.id = Some(
                    v.parse::<u32>()
                        .ok()
                        .filter(|v| (1..=i32::MAX as u32).contains(v))
                        .ok_or_else(|| {
                            ConfigError::new(
                                n,
                                format!("expected a positive server id, found '{v}'"),
                            )
                        })?,
                );
            }
            "disabled" => p.disabled = true,
            "enabled" => p.disabled = false,
            "backup" => p.backup = true,
            "check" | "no-check" => notes.push(Note::new(
                n,
                NoteKind::HealthChecks {
                    parameter: a.clone(),
                },
            )),
            k if WITH_ARG.contains(&k) => {
                let _ = value("a value")?;
                notes.push(Note::new(n, NoteKind::NotModelled { what: k.into() }));
            }
            k => notes.push(Note::new(n, NoteKind::NotModelled { what: k.into() })),
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_backend_with_defaults() {
        let c = parse(
            "global\n  daemon\ndefaults\n  mode http\n  balance uri whole\n  hash-type \
             consistent\nbackend web\n  server s1 10.0.0.1:80 weight 3 check\n  server s2 \
             10.0.0.2:80 id 7 disabled\n  server s3 10.0.0.3:80 backup # spare\n",
        )
        .unwrap();
        let b = c.backend(Some("web")).unwrap();
        assert_eq!(
            b.policy,
            Policy::Haproxy {
                balance: HaproxyBalance::Uri {
                    whole: true,
                    len: 0,
                    depth: 0
                },
                hash_type: HaproxyHashType::Consistent,
                function: HaproxyHashFunction::Sdbm,
                avalanche: true,
            }
        );
        assert_eq!(b.servers[0].weight, 3);
        assert_eq!(b.servers[1].id, Some(7));
        assert!(b.servers[1].down && b.servers[2].backup);
        // The backup note is at the backup server's line, not the section's.
        assert!(
            b.notes
                .iter()
                .any(|n| n.line == 10 && n.kind == NoteKind::HaproxyBackupLeftOut),
            "{:?}",
            b.notes
        );
        assert!(b.notes.iter().any(|n| n.line == 8
            && matches!(&n.kind, NoteKind::OfServer { note, .. }
                    if matches!(**note, NoteKind::HealthChecks { .. }))));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("backend b\n  balance sticky\n  server a 1.1.1.1:1\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("expected `balance"), "{e}");
        let e = parse("backend b\n  server a 1.1.1.1:1 weight 300\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("backend b\n  server a\n").unwrap_err();
        assert!(e.message.contains("expected `server NAME ADDRESS"), "{e}");
        let e = parse("backend b\n  server a 1:1 id 2\n  server b 1:2 id 2\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("backend b\n  hash-type consistent md5\n  server a 1:1\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
