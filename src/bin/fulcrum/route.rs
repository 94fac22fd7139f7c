//! `fulcrum route`: the server each request goes to, one id per line.
//!
//! Requests are either `--count N` requests shaped like the seed's demo (`GET /api/data/{i}` from
//! `192.168.1.{i % 10}`, request id i; with `--key header:NAME` that header carries the path), or one request per line of `--keys FILE` (`-` reads
//! stdin) whose key is the line: it is set as the path, the client IP and, with
//! `--key header:NAME`, that header, so every key source sees it; request ids count lines from 0.
//!
//! By default every request finishes the moment it is picked, so load-aware strategies see an
//! idle pool; `--in-flight N` keeps the last N requests in flight instead (see
//! `engine::analyze::Router`). With `--remove ID` or `--add SPEC` the requests are routed once
//! (not printed), the change is applied to the same balancer, and the requests are routed again:
//! the owners after the change are printed and a summary of what moved goes to stderr.

use std::io::{Read, Write};

use clap::{Args, ValueEnum};
use fulcrum::engine::analyze::{Membership, Router, compare_owners, demo_request, keyed_request};
use fulcrum::engine::model::parse_servers;
use fulcrum::engine::{
    Balancer, ConfigError, EngineError, KeySource, PickError, Request, RingFlavor, Step,
    StrategyConfig, StrategyKind, Variant, seeded,
};
use fulcrum::share::i18n::Lang;
use fulcrum::share::steps::defect_text;
use serde::Serialize;

use crate::{CliError, fail, with_stdout};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VariantArg {
    /// Fulcrum's corrected code.
    Corrected,
    /// The seed's code, defects included (the seed's nine strategies only).
    Seed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RingArg {
    /// Fulcrum's ring: XXH3-64 points, --points per unit of weight.
    Fulcrum,
    /// nginx's ketama ring for `hash $key consistent` (CRC-32, 160 points per unit of weight).
    Nginx,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("requests").required(true).args(["count", "keys"])))]
#[command(group(clap::ArgGroup::new("change").args(["remove", "add"])))]
pub struct RouteArgs {
    /// Strategy name (see `fulcrum strategies`).
    #[arg(long, value_name = "NAME")]
    strategy: String,
    /// Servers: comma-separated host:port[=weight]; a server's id is its host:port.
    #[arg(long, value_name = "SPEC")]
    servers: String,
    /// Fulcrum's corrected code or the seed's.
    #[arg(long, value_enum, default_value_t = VariantArg::Corrected)]
    variant: VariantArg,
    /// Which ring consistent_hash and bounded_load_consistent_hash build.
    #[arg(long, value_enum, default_value_t = RingArg::Fulcrum)]
    ring: RingArg,
    /// Seed of the random number generator (random strategies).
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
    /// Ring points per unit of weight (default 160).
    #[arg(long, value_name = "N")]
    points: Option<u32>,
    /// The request attribute hashing strategies hash: client_ip, path, header:NAME or request_id
    /// (default: client_ip for ip_hash, path otherwise).
    #[arg(long, value_name = "SOURCE")]
    key: Option<String>,
    /// Bounded loads: the load factor c (default 1.25).
    #[arg(long, value_name = "C")]
    load_factor: Option<f64>,
    /// Maglev lookup table size, a prime (default 65537).
    #[arg(long, value_name = "M")]
    table_size: Option<u32>,
    /// The PYTHONHASHSEED whose salt the seed's variants emulate (default 1).
    #[arg(long, value_name = "N")]
    python_hash_seed: Option<u32>,
    /// Route N requests shaped like the seed's demo: GET /api/data/{i} from 192.168.1.{i % 10}.
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// Route one request per line of FILE (`-` for stdin), the line being the key.
    #[arg(long, value_name = "FILE")]
    keys: Option<String>,
    /// Route, remove this server, route again: print the owners after the change.
    #[arg(long, value_name = "ID")]
    remove: Option<String>,
    /// Route, add this server (host:port[=weight]), route again: print the owners after.
    #[arg(long, value_name = "SPEC")]
    add: Option<String>,
    /// Print each pick's steps as one JSON line per request instead of the bare id.
    #[arg(long)]
    explain: bool,
    /// Keep the last N picked requests in flight while the next is picked (load-aware strategies
    /// see N earlier requests); 0: every request finishes at once.
    #[arg(long, value_name = "N", default_value_t = 0)]
    in_flight: usize,
}

/// Parse `--key`.
fn parse_key(source: &str) -> Result<KeySource, CliError> {
    Ok(match source {
        "client_ip" => KeySource::ClientIp,
        "path" => KeySource::Path,
        "request_id" => KeySource::RequestId,
        _ => match source.strip_prefix("header:") {
            Some(name) if !name.trim().is_empty() => KeySource::Header(name.trim().to_string()),
            _ => {
                fail!("--key: expected client_ip, path, header:NAME or request_id, not '{source}'")
            }
        },
    })
}

/// Name the flag behind a configuration error.
fn config_error(e: ConfigError) -> CliError {
    let flag = match e {
        ConfigError::NoSeedVariant(_) => "--variant",
        ConfigError::PointsPerWeight(_) => "--points",
        ConfigError::LoadFactor(_) => "--load-factor",
        ConfigError::MaglevTableSize(_) => "--table-size",
        ConfigError::EwmaTau => "the EWMA time constant",
        ConfigError::NginxRing => "--ring",
    };
    CliError(format!("{flag}: {e}"))
}

fn engine_error(e: EngineError) -> CliError {
    match e {
        EngineError::Config(c) => config_error(c),
        EngineError::Spec(s) => CliError(format!("--servers: {s}")),
        EngineError::Pool(p) => CliError(format!("--servers: {p}")),
    }
}

/// The requests to route.
enum Requests {
    Demo(u64),
    Keys(String),
}

impl Requests {
    fn read(path: &str) -> Result<Self, CliError> {
        let mut text = String::new();
        let read = if path == "-" {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::read_to_string(path).map(|t| text = t)
        };
        match read {
            Ok(()) => Ok(Requests::Keys(text)),
            Err(e) => fail!("cannot read keys file '{path}': {e}"),
        }
    }

    fn for_each(
        &self,
        header: Option<&str>,
        mut each: impl FnMut(u64, Request) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match self {
            Requests::Demo(count) => (0..*count).try_for_each(|i| {
                let mut request = demo_request(i);
                if let Some(name) = header {
                    // The demo has no headers; give the named one the path so it has a key.
                    request
                        .headers
                        .push((name.to_string(), request.path.clone()));
                }
                each(i, request)
            }),
            Requests::Keys(text) => text
                .lines()
                .zip(0..)
                .try_for_each(|(line, i)| each(i, keyed_request(i, line, header))),
        }
    }
}

pub fn run(args: RouteArgs) -> Result<(), CliError> {
    let kind: StrategyKind = args.strategy.parse()?;
    let servers = parse_servers(&args.servers).map_err(|e| CliError(format!("--servers: {e}")))?;
    let mut config = StrategyConfig::new(kind);
    config.variant = match args.variant {
        VariantArg::Corrected => Variant::Corrected,
        VariantArg::Seed => Variant::Seed,
    };
    config.ring = match args.ring {
        RingArg::Fulcrum => RingFlavor::Fulcrum,
        RingArg::Nginx => RingFlavor::Nginx,
    };
    config.key = args.key.as_deref().map(parse_key).transpose()?;
    if let Some(points) = args.points {
        config.points_per_weight = points;
    }
    if let Some(c) = args.load_factor {
        config.load_factor = c;
    }
    if let Some(m) = args.table_size {
        config.maglev_table_size = m;
    }
    if let Some(s) = args.python_hash_seed {
        config.python_hash_seed = s;
    }
    let header = match config.key_source() {
        KeySource::Header(name) => Some(name),
        _ => None,
    };
    let mut balancer = Balancer::new(config, servers).map_err(engine_error)?;
    if balancer.pool().eligible().is_empty() {
        fail!("--servers: no eligible server: the total weight is 0");
    }

    // Check the change before routing anything, so bad input prints nothing on stdout.
    let change = match (&args.remove, &args.add) {
        (Some(id), _) => Some(Membership::Remove(id.clone())),
        (_, Some(spec)) => {
            let mut added = parse_servers(spec).map_err(|e| CliError(format!("--add: {e}")))?;
            if added.len() != 1 {
                fail!("--add: one server at a time, not {}", added.len());
            }
            Some(Membership::Add(added.remove(0)))
        }
        _ => None,
    };
    if let Some(change) = &change {
        let mut trial = balancer.pool().clone();
        let flag = match change {
            Membership::Remove(_) => "--remove",
            Membership::Add(_) => "--add",
        };
        let applied = match change {
            Membership::Remove(id) => trial.remove(id),
            Membership::Add(server) => trial.add(server.clone()),
        };
        if let Err(e) = applied {
            fail!("{flag}: {e}");
        }
        if trial.eligible().is_empty() {
            fail!("{flag}: no eligible server would be left");
        }
    }

    let requests = match (args.count, &args.keys) {
        (Some(n), _) => Requests::Demo(n),
        (_, Some(path)) => Requests::read(path)?,
        _ => fail!("give --count N or --keys FILE"),
    };

    let mut rng = seeded(args.seed);
    let mut router = Router::new(args.in_flight);
    let header = header.as_deref();

    let Some(change) = change else {
        return with_stdout(|out| {
            requests.for_each(header, |i, request| {
                print_pick(
                    out,
                    &mut balancer,
                    &mut router,
                    &mut rng,
                    i,
                    &request,
                    args.explain,
                )
                .map(|_| ())
            })
        });
    };

    let mut owners_before = Vec::new();
    let _ = requests.for_each(header, |_, request| {
        owners_before.push(router.route(&mut balancer, &request, &mut rng).ok());
        Ok(())
    });
    router.finish_all(&mut balancer);
    let before = balancer.pool().clone();
    change.apply(&mut balancer).map_err(engine_error)?;
    let mut owners_after = Vec::with_capacity(owners_before.len());
    with_stdout(|out| {
        requests.for_each(header, |i, request| {
            let owner = print_pick(
                out,
                &mut balancer,
                &mut router,
                &mut rng,
                i,
                &request,
                args.explain,
            )?;
            owners_after.push(owner);
            Ok(())
        })
    })?;
    if owners_after.len() < owners_before.len() {
        // stdout went away early; there is nothing complete to summarise.
        return Ok(());
    }
    let churn = compare_owners(
        &before,
        &owners_before,
        balancer.pool(),
        &owners_after,
        &change,
    );
    let verb = match change {
        Membership::Remove(_) => "removed",
        Membership::Add(_) => "added",
    };
    let mut summary = format!(
        "{verb} {}: {} of {} keys moved ({:.2}%), ideal 1/n = {:.2}% (n = {})",
        change.id(),
        churn.moved,
        churn.keys,
        100.0 * churn.moved_fraction,
        100.0 * churn.ideal,
        churn.n,
    );
    if (churn.weight_share - churn.ideal).abs() > 1e-12 {
        summary += &format!(", by weight {:.2}%", 100.0 * churn.weight_share);
    }
    summary += &format!(
        "; {} moved between servers that both stayed",
        churn.needless
    );
    if churn.failed_after > 0 {
        summary += &format!("; {} picks failed after the change", churn.failed_after);
    }
    let absorbed = if churn.absorbed.is_empty() {
        "nobody".to_string()
    } else {
        churn
            .absorbed
            .iter()
            .map(|a| format!("{} {}", a.server, a.keys))
            .collect::<Vec<_>>()
            .join(", ")
    };
    eprintln!("{summary}");
    eprintln!("absorbed by: {absorbed}");
    Ok(())
}

/// Route one request and print its owner (or its explanation); returns the owner's index.
fn print_pick(
    out: &mut dyn Write,
    balancer: &mut Balancer,
    router: &mut Router,
    rng: &mut fulcrum::engine::SimRng,
    i: u64,
    request: &Request,
    explain: bool,
) -> std::io::Result<Option<usize>> {
    if explain {
        let (picked, steps) = router.route_explained(balancer, request, rng);
        let line = ExplainLine {
            request: i,
            server: picked
                .as_ref()
                .ok()
                .map(|&s| balancer.pool().server(s).id.as_str()),
            error: picked.as_ref().err().map(|e| describe(balancer, e)),
            steps: &steps,
        };
        let line = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        writeln!(out, "{line}")?;
        Ok(picked.ok())
    } else {
        let picked = router.route(balancer, request, rng);
        match &picked {
            Ok(s) => writeln!(out, "{}", balancer.pool().server(*s).id)?,
            Err(e) => writeln!(out, "error: {}", describe(balancer, e))?,
        }
        Ok(picked.ok())
    }
}

/// One line of `--explain`: the request's number, the server chosen (or the error) and the
/// engine's steps, in the order the pick took them.
#[derive(Serialize)]
struct ExplainLine<'a> {
    request: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    steps: &'a [Step],
}

/// A failed pick in words: a seed fault in the explanation's own English, naming its servers.
fn describe(balancer: &Balancer, e: &PickError) -> String {
    match e {
        PickError::SeedFault { defect } => {
            let name = |i: usize| balancer.pool().server(i).id.clone();
            format!(
                "the seed's code fails here: {}",
                defect_text(defect, Lang::En, &name)
            )
        }
        _ => e.to_string().replace('\n', " "),
    }
}
