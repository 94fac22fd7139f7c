//! `fulcrum route --config FILE` and `fulcrum explain --config FILE`: a pasted nginx, HAProxy or
//! Envoy configuration read by `fulcrum::config`, and each request's server as that proxy picks
//! it (`host:port` as the file writes it, one per line). Notes about what the reader ignored go
//! to stderr. `--remove NAME` / `--add HOST:PORT[=W]` route once, edit the server list as a
//! reload would, route again and print the owners after, with a summary on stderr.

use std::io::Read;

use clap::Parser;
use fulcrum::config::change::{self, Change};
use fulcrum::config::{self, Backend, Proxy, predict::Predictor};
use fulcrum::scenario::text::escaped;
use fulcrum::share::i18n::Lang;

use crate::{CliError, fail, with_stdout};

/// `fulcrum route --config …` / `fulcrum explain --config …`.
#[derive(Debug, Parser)]
#[command(name = "fulcrum")]
#[command(group(clap::ArgGroup::new("requests").args(["count", "keys", "key"])))]
#[command(group(clap::ArgGroup::new("change").args(["remove", "add"])))]
pub struct ConfigArgs {
    /// route or explain.
    #[arg(value_parser = ["route", "explain"])]
    command: String,
    /// The proxy configuration (nginx, HAProxy or Envoy YAML; `-` for stdin).
    #[arg(long, value_name = "FILE")]
    config: String,
    /// The file's proxy, when it cannot be told from the text.
    #[arg(long, value_parser = ["nginx", "haproxy", "envoy"])]
    proxy: Option<String>,
    /// The nginx upstream, HAProxy backend or Envoy cluster (optional when the file has one).
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Send N requests one at a time: GET /api/data/{i} from 192.168.1.{i % 10}.
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// One request per line of FILE (`-` for stdin): the line is what the proxy hashes.
    #[arg(long, value_name = "FILE")]
    keys: Option<String>,
    /// explain: the key to look up.
    #[arg(long, value_name = "KEY")]
    key: Option<String>,
    /// Route, remove this server (HAProxy name or address as written), route again.
    #[arg(long, value_name = "SERVER")]
    remove: Option<String>,
    /// Route, add this server (host:port, =N, *N or weight=N), route again.
    #[arg(long, value_name = "SPEC")]
    add: Option<String>,
}

/// Whether the command line is one of ours: `route … --config …` or `explain …`.
pub fn wants(args: &[String]) -> bool {
    match args.get(1).map(String::as_str) {
        Some("explain") => true,
        Some("route") => args
            .iter()
            .any(|a| a == "--config" || a.starts_with("--config=")),
        _ => false,
    }
}

/// The most bytes a keys file holds here: the keys are held for the second pass of
/// `--remove`/`--add`.
const MAX_KEYS_BYTES: usize = 64 << 20;

/// Read at most `max` bytes of `path` (`-`: stdin); a longer input is refused, never cut short.
fn read(path: &str, what: &str, max: usize) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let limit = max as u64 + 1;
    let result = if path == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| CliError(format!("{what} {path}: {e}")))?;
    if bytes.len() > max {
        fail!("{what} {path}: more than {max} bytes");
    }
    String::from_utf8(bytes).map_err(|_| CliError(format!("{what} {path}: not UTF-8 text")))
}

pub fn run(args: ConfigArgs) -> Result<(), CliError> {
    let text = read(&args.config, "--config", config::MAX_CONFIG_BYTES)?;
    let proxy = args.proxy.as_deref().map(|p| match p {
        "nginx" => Proxy::Nginx,
        "haproxy" => Proxy::Haproxy,
        _ => Proxy::Envoy,
    });
    let parsed =
        config::parse(&text, proxy).map_err(|e| CliError(format!("{}: {e}", args.config)))?;
    let backend = parsed
        .backend(args.backend.as_deref())
        .map_err(|e| CliError(format!("{}: {e}", args.config)))?;
    for note in parsed.notes.iter().chain(&backend.notes) {
        let note = fulcrum::share::config_notes::cli_line(note);
        eprintln!("fulcrum: {}", escaped(&format!("{}: {note}", args.config)));
    }
    let fail_cfg = |e: config::ConfigError| CliError(format!("{}: {e}", args.config));
    // A random policy: the proxy's own generator decides its sequence.
    if let Some(shares) = Predictor::new(backend)
        .ok()
        .and_then(|p| p.expected_shares())
    {
        let shares: Vec<String> = backend
            .servers
            .iter()
            .zip(&shares)
            .map(|(s, f)| format!("{} {:.3}", s.address, f))
            .collect();
        eprintln!(
            "fulcrum: {}",
            escaped(&format!(
                "{}: the picks follow the proxy's rule with Fulcrum's seeded generator, not the proxy's: the same distribution (one request at a time: {}), not the same sequence",
                args.config,
                shares.join(", ")
            ))
        );
    }
    if args.command == "explain" {
        let Some(key) = args.key.as_deref() else {
            fail!("explain: expected --key KEY");
        };
        let mut p = Predictor::new(backend).map_err(fail_cfg)?;
        let lookup = p.explain(0, key).map_err(CliError)?;
        let (server, steps) = (lookup.server, p.words(&lookup.steps, Lang::En));
        let b = p.backend();
        return with_stdout(|out| {
            // The policy in the words the import panel uses, which name the proxy.
            let head = format!(
                "{} '{}': {}, key = {}",
                kind(b),
                b.name,
                b.policy_words(),
                b.key
            );
            writeln!(out, "{}", escaped(&head))?;
            for (i, s) in steps.iter().enumerate() {
                writeln!(out, "{}. {}", i + 1, escaped(&s.to_string()))?;
            }
            writeln!(out, "→ {}", escaped(&b.servers[server].address))
        });
    }
    let keys: Vec<String> = match (&args.keys, args.count) {
        (Some(path), None) => read(path, "--keys", MAX_KEYS_BYTES)?
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect(),
        (None, Some(n)) => {
            if n > 10_000_000 {
                fail!("--count: at most 10000000 requests");
            }
            (0..n)
                .map(|i| {
                    if matches!(backend.key, config::KeySource::ClientAddress) {
                        format!("192.168.1.{}", i % 10)
                    } else {
                        format!("/api/data/{i}")
                    }
                })
                .collect()
        }
        _ => fail!("route --config: expected --count N or --keys FILE"),
    };
    // A backend with no server to route to is the file's fault: named with the file.
    Predictor::new(backend).map_err(fail_cfg)?;
    let change = match (&args.remove, &args.add) {
        (Some(r), _) => Some((Change::Remove(r.clone()), "--remove")),
        (_, Some(a)) => Some((Change::Add(a.clone()), "--add")),
        _ => None,
    };
    let owners = match change {
        Some((change, flag)) => {
            let m = change::moves(backend, &change, &keys).map_err(|e| {
                // A routing error names its request; a change that cannot be made, its flag.
                if e.starts_with("request ") {
                    CliError(e)
                } else {
                    CliError(format!("{flag}: {e}"))
                }
            })?;
            let renumbered = m
                .renumbered
                .iter()
                .map(|(label, was, now)| format!("{label} {was} → {now}"))
                .collect::<Vec<_>>();
            eprintln!(
                "fulcrum: {} of {} requests moved ({:.1}%){}",
                m.moved,
                m.after.len(),
                100.0 * m.moved as f64 / m.after.len().max(1) as f64,
                if renumbered.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; HAProxy numbered servers again ({}): set `id` on each server line to keep its keys",
                        renumbered.join(", ")
                    )
                }
            );
            m.after
        }
        None => change::route(backend, &keys).map_err(CliError)?,
    };
    with_stdout(|out| {
        for o in &owners {
            writeln!(out, "{}", escaped(o))?;
        }
        Ok(())
    })
}

fn kind(b: &Backend) -> &'static str {
    match b.proxy {
        Proxy::Nginx => "upstream",
        Proxy::Haproxy => "backend",
        Proxy::Envoy => "cluster",
    }
}
