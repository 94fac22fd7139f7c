//! nginx's `upstream NAME { ... }` blocks, read as nginx's own configuration parser tokenizes
//! them (`src/core/ngx_conf_file.c`, `ngx_conf_read_token`): words separated by blanks,
//! directives ended by `;`, blocks in braces, `#` comments, single or double quotes with
//! backslash escapes. Blocks may sit at any depth (normally inside `http { }` or `stream { }`);
//! everything outside upstream blocks is skipped.
//!
//! Inside a block: `server ADDR [weight=N] [down] [backup] [max_fails=N] [fail_timeout=T]
//! [max_conns=N] ...` (the parameters of `ngx_http_upstream_server`), and the balancing
//! directives `hash KEY [consistent]`, `ip_hash`, `least_conn`, `random [two [least_conn]]`; no
//! directive is nginx's smooth weighted round robin. Parameters that change no pick of a healthy
//! upstream (`max_fails`, `fail_timeout`, `keepalive`, `zone`...) are kept as notes.

use super::{
    Backend, Config, ConfigError, KeySource, MAX_BACKENDS, MAX_SERVERS, MAX_WEIGHT, NginxPolicy,
    Note, NoteKind, Policy, Proxy, ServerEntry, parse_weight,
};

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    Semi,
    Open,
    Close,
}

/// The tokens of `text` with their 1-based lines.
fn tokenize(text: &str) -> Result<Vec<(Tok, usize)>, ConfigError> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    let mut word = String::new();
    let mut word_line = 1;
    let flush = |word: &mut String, out: &mut Vec<(Tok, usize)>, l: usize| {
        if !word.is_empty() {
            out.push((Tok::Word(std::mem::take(word)), l));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                flush(&mut word, &mut out, word_line);
                line += 1;
            }
            c if c.is_whitespace() => flush(&mut word, &mut out, word_line),
            '#' if word.is_empty() => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            ';' | '{' | '}' => {
                flush(&mut word, &mut out, word_line);
                out.push((
                    match c {
                        ';' => Tok::Semi,
                        '{' => Tok::Open,
                        _ => Tok::Close,
                    },
                    line,
                ));
            }
            '"' | '\'' if word.is_empty() => {
                let start = line;
                let mut closed = false;
                let mut s = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                if e == '\n' {
                                    line += 1;
                                }
                                s.push(e);
                            }
                        }
                        d if d == c => {
                            closed = true;
                            break;
                        }
                        '\n' => {
                            line += 1;
                            s.push('\n');
                        }
                        d => s.push(d),
                    }
                }
                if !closed {
                    return Err(ConfigError::new(
                        start,
                        format!("expected a closing {c} for the quoted string opened here"),
                    ));
                }
                out.push((Tok::Word(s), start));
            }
            c => {
                if word.is_empty() {
                    word_line = line;
                }
                word.push(c);
            }
        }
    }
    flush(&mut word, &mut out, word_line);
    Ok(out)
}

/// Read every upstream block of an nginx configuration.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let toks = tokenize(text)?;
    let mut backends: Vec<Backend> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // Words of the directive being read outside upstream blocks.
    let mut outer: Vec<&str> = Vec::new();
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Word(w) => outer.push(w),
            Tok::Semi => outer.clear(),
            Tok::Close => {
                if depth == 0 {
                    return Err(ConfigError::new(
                        toks[i].1,
                        "unexpected '}': no block is open here",
                    ));
                }
                depth -= 1;
                outer.clear();
            }
            Tok::Open => {
                if outer.first() == Some(&"upstream") {
                    let line = toks[i].1;
                    let name = match outer.as_slice() {
                        [_, name] => name.to_string(),
                        _ => {
                            return Err(ConfigError::new(
                                line,
                                "expected `upstream NAME {`: one name before the brace",
                            ));
                        }
                    };
                    if backends.len() >= MAX_BACKENDS {
                        return Err(ConfigError::new(
                            line,
                            format!("more than {MAX_BACKENDS} upstream blocks"),
                        ));
                    }
                    if backends.iter().any(|b| b.name == name) {
                        return Err(ConfigError::new(
                            line,
                            format!("upstream '{name}' is defined twice (nginx refuses it too)"),
                        ));
                    }
                    let (backend, next) = upstream(&toks, i + 1, name, line)?;
                    backends.push(backend);
                    i = next;
                    outer.clear();
                    continue;
                }
                depth += 1;
                outer.clear();
            }
        }
        i += 1;
    }
    if depth > 0 {
        return Err(ConfigError::new(
            toks.last().map_or(0, |t| t.1),
            "expected '}': a block is still open at the end of the file",
        ));
    }
    if backends.is_empty() {
        return Err(ConfigError::new(
            0,
            "expected an `upstream NAME { server ADDR; ... }` block",
        ));
    }
    Ok(Config {
        proxy: Proxy::Nginx,
        backends,
        notes: Vec::new(),
    })
}

/// The key source of a `hash` expression.
fn key_source(key: &str) -> KeySource {
    match key {
        "$request_uri" => KeySource::Uri,
        "$remote_addr" => KeySource::ClientAddress,
        _ => match key.strip_prefix("$http_") {
            Some(h) if h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                KeySource::Header(h.replace('_', "-"))
            }
            _ => KeySource::Expression(key.to_string()),
        },
    }
}

/// One upstream block from the token after its `{`; returns the block and the index after `}`.
fn upstream(
    toks: &[(Tok, usize)],
    mut i: usize,
    name: String,
    line: usize,
) -> Result<(Backend, usize), ConfigError> {
    let mut servers: Vec<ServerEntry> = Vec::new();
    let mut notes = Vec::new();
    let mut policy: Option<(NginxPolicy, usize)> = None;
    loop {
        // One directive: words up to `;`.
        let Some((first, dline)) = toks.get(i) else {
            return Err(ConfigError::new(
                line,
                format!("expected '}}' to close upstream '{name}' opened here"),
            ));
        };
        let dline = *dline;
        match first {
            Tok::Close => {
                i += 1;
                break;
            }
            Tok::Semi => {
                i += 1;
                continue;
            }
            Tok::Open => {
                return Err(ConfigError::new(
                    dline,
                    "expected a directive inside the upstream block, found '{'",
                ));
            }
            Tok::Word(_) => {}
        }
        let words;
        (words, i) = directive_words(toks, i, dline, &mut notes)?;
        let Some((&directive, args)) = words.split_first() else {
            continue;
        };
        match directive {
            "server" => {
                if servers.len() >= MAX_SERVERS {
                    return Err(ConfigError::new(
                        dline,
                        format!("more than {MAX_SERVERS} servers in upstream '{name}'"),
                    ));
                }
                servers.push(server(args, dline, &mut notes)?);
            }
            "hash" | "ip_hash" | "least_conn" | "random" => {
                let p = method(directive, args, dline, &mut notes)?;
                if let Some((_, at)) = &policy {
                    notes.push(Note::new(dline, NoteKind::MethodRedefined { earlier: *at }));
                }
                policy = Some((p, dline));
            }
            other => notes.push(Note::new(
                dline,
                NoteKind::NoPickChange {
                    directive: other.into(),
                },
            )),
        }
    }
    let policy = policy.map_or(NginxPolicy::RoundRobin, |(p, _)| p);
    let key = match &policy {
        NginxPolicy::Hash { key, .. } => key_source(key),
        NginxPolicy::IpHash => KeySource::ClientAddress,
        _ => KeySource::None,
    };
    if servers.is_empty() {
        return Err(ConfigError::new(
            line,
            format!("expected at least one `server ADDR;` in upstream '{name}'"),
        ));
    }
    // At the first backup server's line: the note is about that line, not the block.
    if let Some(backup) = servers.iter().find(|s| s.backup) {
        notes.push(backup_note(&policy, backup.line));
    }
    Ok((
        Backend {
            proxy: Proxy::Nginx,
            name,
            line,
            servers,
            policy: Policy::Nginx(policy),
            key,
            notes,
        },
        i,
    ))
}

/// The words of one directive from token `i` up to its `;`, and the index after the `;`; a
/// block inside the upstream is skipped whole, with a note.
fn directive_words<'t>(
    toks: &'t [(Tok, usize)],
    mut i: usize,
    dline: usize,
    notes: &mut Vec<Note>,
) -> Result<(Vec<&'t str>, usize), ConfigError> {
    let mut words: Vec<&str> = Vec::new();
    loop {
        match toks.get(i) {
            Some((Tok::Word(w), _)) => words.push(w),
            Some((Tok::Semi, _)) => break,
            Some((Tok::Open, l)) => {
                // A block inside an upstream (nginx has none we model): skip it whole.
                let mut d = 0usize;
                let l = *l;
                loop {
                    match toks.get(i) {
                        Some((Tok::Open, _)) => d += 1,
                        Some((Tok::Close, _)) => {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        None => {
                            return Err(ConfigError::new(l, "expected '}' to close this block"));
                        }
                        _ => {}
                    }
                    i += 1;
                }
                notes.push(Note::new(
                    l,
                    NoteKind::Block {
                        words: words.join(" "),
                    },
                ));
                words.clear();
                break;
            }
            Some((Tok::Close, l)) => {
                return Err(ConfigError::new(
                    *l,
                    format!("expected ';' after `{}`", words.join(" ")),
                ));
            }
            None => {
                return Err(ConfigError::new(
                    dline,
                    format!("expected ';' after `{}`", words.join(" ")),
                ));
            }
        }
        i += 1;
    }
    Ok((words, i + 1))
}

/// A load-balancing method directive (`hash`, `ip_hash`, `least_conn`, `random`) and its
/// arguments.
fn method(
    directive: &str,
    args: &[&str],
    dline: usize,
    notes: &mut Vec<Note>,
) -> Result<NginxPolicy, ConfigError> {
    let random = |two: bool| NginxPolicy::Random {
        two,
        least_conn: two,
    };
    Ok(match (directive, args) {
        ("hash", [key]) => NginxPolicy::Hash {
            key: key.to_string(),
            consistent: false,
        },
        ("hash", [key, "consistent"]) => NginxPolicy::Hash {
            key: key.to_string(),
            consistent: true,
        },
        ("hash", _) => {
            return Err(ConfigError::new(
                dline,
                "expected `hash KEY;` or `hash KEY consistent;`",
            ));
        }
        ("ip_hash", []) => NginxPolicy::IpHash,
        ("least_conn", []) => NginxPolicy::LeastConn,
        ("ip_hash" | "least_conn", _) => {
            return Err(ConfigError::new(
                dline,
                format!("expected `{directive};` with no arguments"),
            ));
        }
        ("random", []) => random(false),
        ("random", ["two"] | ["two", "least_conn"]) => random(true),
        ("random", ["two", m]) if *m == "least_time=header" || *m == "least_time=last_byte" => {
            notes.push(Note::new(
                dline,
                NoteKind::LeastTimeAsLeastConn {
                    method: (*m).into(),
                },
            ));
            random(true)
        }
        _ => {
            return Err(ConfigError::new(
                dline,
                "expected `random;`, `random two;` or `random two least_conn;`",
            ));
        }
    })
}

/// Why the backup servers are left out.
fn backup_note(policy: &NginxPolicy, line: usize) -> Note {
    let hashing = matches!(
        policy,
        NginxPolicy::Hash { .. } | NginxPolicy::IpHash | NginxPolicy::Random { .. }
    );
    Note {
        line,
        kind: if hashing {
            NoteKind::NginxBackupRefused
        } else {
            NoteKind::NginxBackupLeftOut
        },
    }
}

/// `server ADDR [params]`, as `ngx_http_upstream_server` reads it.
fn server(args: &[&str], line: usize, notes: &mut Vec<Note>) -> Result<ServerEntry, ConfigError> {
    let Some((&addr, params)) = args.split_first() else {
        return Err(ConfigError::new(
            line,
            "expected `server ADDRESS [weight=N] ...;`",
        ));
    };
    if addr.starts_with('$') || addr.contains(char::is_whitespace) {
        return Err(ConfigError::new(
            line,
            format!("expected an address (host, host:port or unix:/path), found '{addr}'"),
        ));
    }
    let mut entry = ServerEntry::new(addr, 1, line);
    for p in params {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        match (k, v) {
            ("weight", w) => entry.weight = parse_weight(w, MAX_WEIGHT, line)?,
            ("down", "") => entry.down = true,
            ("backup", "") => entry.backup = true,
            (
                "max_fails" | "fail_timeout" | "max_conns" | "slow_start" | "route" | "service",
                _,
            )
            | ("resolve" | "drain", "") => notes.push(Note::new(
                line,
                NoteKind::FailureOnlyParameter {
                    server: addr.into(),
                    parameter: (*p).into(),
                },
            )),
            _ => {
                return Err(ConfigError::new(
                    line,
                    format!(
                        "server {addr}: expected weight=N, down, backup, max_fails=N, \
                         fail_timeout=T, max_conns=N, slow_start=T, resolve, route=S or \
                         service=S, found '{p}'"
                    ),
                ));
            }
        }
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_upstream_inside_http() {
        let c = parse(
            "http {\n  upstream app {\n    hash $request_uri consistent;\n    server 10.0.0.1:80 \
             weight=3;\n    server 10.0.0.2:80 down;  # gone\n    server b.example backup;\n    \
             keepalive 8;\n  }\n  server { listen 80; }\n}\n",
        )
        .unwrap();
        let b = c.backend(None).unwrap();
        assert_eq!(b.name, "app");
        assert_eq!(
            b.policy,
            Policy::Nginx(NginxPolicy::Hash {
                key: "$request_uri".into(),
                consistent: true
            })
        );
        assert_eq!(b.key, KeySource::Uri);
        assert_eq!(b.servers.len(), 3);
        assert_eq!((b.servers[0].weight, b.servers[0].line), (3, 4));
        assert!(b.servers[1].down && b.servers[2].backup);
        // The backup note is at the backup server's line, not the block's.
        assert!(
            b.notes
                .iter()
                .any(|n| n.line == 6 && n.kind == NoteKind::NginxBackupRefused),
            "{:?}",
            b.notes
        );
        assert!(b.notes.iter().any(|n| n.line == 7
            && n.kind
                == NoteKind::NoPickChange {
                    directive: "keepalive".into()
                }));
    }

    #[test]
    fn errors_name_the_line_and_what_was_expected() {
        let e = parse("upstream a {\n server 1.2.3.4:80 weight=x;\n}\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("expected a weight"), "{e}");
        let e = parse("upstream a {\n server 1.2.3.4:80\n}\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("expected ';'"), "{e}");
        let e = parse("upstream a {\n hash;\n}\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("upstream a {\n server x:1;\n").unwrap_err();
        assert!(e.message.contains("expected '}'"), "{e}");
        let e = parse("upstream a {\n}\n").unwrap_err();
        assert!(e.message.contains("at least one"), "{e}");
    }

    #[test]
    fn the_last_balancing_method_wins_with_a_note() {
        let c = parse("upstream a { least_conn; ip_hash; server x:1; }").unwrap();
        let b = &c.backends[0];
        assert_eq!(b.policy, Policy::Nginx(NginxPolicy::IpHash));
        assert_eq!(b.key, KeySource::ClientAddress);
        assert!(
            b.notes
                .iter()
                .any(|n| n.kind == NoteKind::MethodRedefined { earlier: 1 })
        );
    }
}
