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
//!
//! Nothing holds the whole run: keys are streamed (see `input`), and with a change the owners
//! before it come from a twin of the starting balancer that routes each key again beside the
//! changed one, so the comparison runs in chunks at a cost of one more pick a key. Keys from
//! standard input are held for that second pass, up to `input::MAX_HELD_KEY_BYTES`. Ids, and
//! anything else from the user, are printed escaped where they hold control or bidi characters.

use std::io::Write;

use clap::{Args, ValueEnum};
use fulcrum::engine::analyze::{Membership, Router, compare_owners, demo_request, keyed_request};
use fulcrum::engine::model::parse_servers;
use fulcrum::engine::strategy::{MAX_D, MAX_K, MAX_MAGLEV_TABLE, MAX_POINTS_PER_WEIGHT};
use fulcrum::engine::{
    Balancer, ConfigError, EngineError, KeySource, PickError, Request, RingFlavor, Step,
    StrategyConfig, StrategyKind, Variant, seeded,
};
use fulcrum::scenario::text::{escaped, json_escaped};
use fulcrum::share::i18n::Lang;
use fulcrum::share::steps::defect_text;
use serde::Serialize;

use crate::input::{self, KeyLines, whole};
use crate::{CliError, fail};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VariantArg {
    /// Fulcrum's corrected code.
    Corrected,
    /// The tutorial's code, defects included (the tutorial's nine strategies only; `seed`, the
    /// older name, is still accepted).
    #[value(name = "tutorial", alias = "seed")]
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
#[command(group(clap::ArgGroup::new("server_list").required(true).args(["servers", "servers_file"])))]
pub struct RouteArgs {
    /// Strategy name (see `fulcrum strategies`).
    #[arg(long, value_name = "NAME")]
    strategy: String,
    /// Servers, comma-separated: host:port, host:port=N, host:port*N or host:port weight=N
    /// (nginx's); a server's id is its host:port.
    #[arg(long, value_name = "SPEC")]
    servers: Option<String>,
    /// Servers from a file (`-` for stdin): the same entries separated by commas or lines,
    /// `#` starting a comment; at most 100,000 servers and 64 MiB.
    #[arg(long, value_name = "FILE")]
    servers_file: Option<String>,
    /// Fulcrum's corrected code, or the code as the tutorial wrote it.
    #[arg(long, value_enum, default_value_t = VariantArg::Corrected)]
    variant: VariantArg,
    /// Which ring consistent_hash and bounded_load_consistent_hash build.
    #[arg(long, value_enum, default_value_t = RingArg::Fulcrum)]
    ring: RingArg,
    /// Seed of the random number generator (random strategies).
    #[arg(long, value_name = "N", default_value_t = 1, allow_negative_numbers = true,
          value_parser = whole::<u64>(0, u64::MAX))]
    seed: u64,
    /// Ring points per unit of weight (default 160).
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = input::whole_in::<u32>(1, MAX_POINTS_PER_WEIGHT.into()))]
    points: Option<u32>,
    /// The request attribute hashing strategies hash: client_ip, path, header:NAME or request_id
    /// (default: client_ip for ip_hash, path otherwise).
    #[arg(long, value_name = "SOURCE")]
    key: Option<String>,
    /// Bounded loads: the load factor c (default 1.25).
    #[arg(long, value_name = "C", allow_negative_numbers = true)]
    load_factor: Option<f64>,
    /// Maglev lookup table size, a prime (default 65537).
    #[arg(long, value_name = "M", allow_negative_numbers = true,
          value_parser = input::whole_in::<u32>(3, MAX_MAGLEV_TABLE.into()))]
    table_size: Option<u32>,
    /// Power of d choices: how many random servers a pick compares (default 2; more than the
    /// eligible servers compares them all). Envoy least request: its choice_count.
    #[arg(long = "d", value_name = "D", allow_negative_numbers = true,
          value_parser = input::whole_in::<u32>(1, MAX_D.into()))]
    choices: Option<u32>,
    /// Multi-probe consistent hashing: how many probes of each key (default 21, the paper's).
    #[arg(long = "k", value_name = "K", allow_negative_numbers = true,
          value_parser = input::whole_in::<u32>(1, MAX_K.into()))]
    probes: Option<u32>,
    /// Envoy least request: active_request_bias, a number ≥ 0 (unset: 1.0, and equal weights
    /// keep the random choices).
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    active_request_bias: Option<f64>,
    /// The PYTHONHASHSEED whose salt the tutorial's code emulates (default 1).
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = whole::<u32>(0, u32::MAX.into()))]
    python_hash_seed: Option<u32>,
    /// Route N requests shaped like the tutorial's demo: GET /api/data/{i} from 192.168.1.{i % 10}.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = whole::<u64>(0, MAX_COUNT))]
    count: Option<u64>,
    /// Route one request per line of FILE (`-` for stdin), the line being the key.
    #[arg(long, value_name = "FILE")]
    keys: Option<String>,
    /// Route, remove this server, route again: print the owners after the change.
    #[arg(long, value_name = "ID")]
    remove: Option<String>,
    /// Route, add this server (host:port, =N, *N or weight=N), route again: print the owners after.
    #[arg(long, value_name = "SPEC")]
    add: Option<String>,
    /// Print each pick's steps as one JSON line per request instead of the bare id.
    #[arg(long)]
    explain: bool,
    /// Keep the last N picked requests in flight while the next is picked (load-aware strategies
    /// see N earlier requests); 0: every request finishes at once.
    #[arg(long, value_name = "N", default_value_t = 0, allow_negative_numbers = true,
          value_parser = whole::<usize>(0, MAX_IN_FLIGHT as u64))]
    in_flight: usize,
}

/// The most requests `--count` routes: 10¹² (hours of picks; nothing is held per request).
const MAX_COUNT: u64 = 1_000_000_000_000;
/// The most requests `--in-flight` keeps (8 bytes each).
const MAX_IN_FLIGHT: usize = 10_000_000;
/// Owners compared per chunk with `--remove`/`--add`.
const CHUNK: usize = 1 << 16;

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
        ConfigError::D(_) => "--d",
        ConfigError::K(_) => "--k",
        ConfigError::Prequal(_) => "prequal",
        ConfigError::ActiveRequestBias(_) => "--active-request-bias",
        ConfigError::SlowStart(_) => "slow_start",
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
    /// A keys file, read again for each pass.
    File(String),
    /// Standard input, read once.
    Stdin,
    /// Standard input held for two passes.
    Held(Vec<u8>),
}

/// Why routing stopped early.
enum Halt {
    /// Writing stdout failed (a reader that went away ends quietly).
    Output(std::io::Error),
    /// The keys could not be read.
    Input(CliError),
}

impl From<std::io::Error> for Halt {
    fn from(e: std::io::Error) -> Self {
        Halt::Output(e)
    }
}

impl Requests {
    /// How many requests, when known before reading them.
    fn count(&self) -> Option<u64> {
        match self {
            Requests::Demo(n) => Some(*n),
            _ => None,
        }
    }

    fn for_each(
        &self,
        header: Option<&str>,
        mut each: impl FnMut(u64, Request) -> Result<(), Halt>,
    ) -> Result<(), Halt> {
        let mut keys = match self {
            Requests::Demo(count) => {
                return (0..*count).try_for_each(|i| {
                    let mut request = demo_request(i);
                    if let Some(name) = header {
                        // The demo has no headers; give the named one the path so it has a key.
                        request
                            .headers
                            .push((name.to_string(), request.path.clone()));
                    }
                    each(i, request)
                });
            }
            Requests::File(path) => KeyLines::open(path).map_err(Halt::Input)?,
            Requests::Stdin => KeyLines::open("-").map_err(Halt::Input)?,
            Requests::Held(bytes) => KeyLines::from_reader(Box::new(&bytes[..]), "-"),
        };
        let mut i = 0;
        while let Some(line) = keys.next_key().map_err(Halt::Input)? {
            each(i, keyed_request(i, line, header))?;
            i += 1;
        }
        Ok(())
    }
}

/// Route through `route`, writing to a buffered stdout; a reader that went away ends quietly.
fn routed(route: impl FnOnce(&mut dyn Write) -> Result<(), Halt>) -> Result<bool, CliError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = route(&mut out).and_then(|()| out.flush().map_err(Halt::Output));
    match result {
        Ok(()) => Ok(true),
        Err(Halt::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(Halt::Output(e)) => Err(CliError(format!("cannot write the output: {e}"))),
        Err(Halt::Input(e)) => {
            let _ = out.flush();
            Err(e)
        }
    }
}

/// A progress bar on stderr while routing, when stderr is a terminal and stdout is not (the ids
/// go to a file or a pipe, so the bar cannot mix with them); `total` when the count is known.
fn progress(total: Option<u64>, pass: &'static str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || std::io::stdout().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(total, indicatif::ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{msg} [{bar:30}] {human_pos}/{human_len} requests, {elapsed} so far, about {eta} left"
    } else {
        "{msg} {human_pos} requests, {elapsed} so far"
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(pass);
    Some(bar)
}

/// Move the bar every 65,536 requests (a bar update costs more than a pick).
fn tick(bar: &Option<indicatif::ProgressBar>, i: u64) {
    if let Some(bar) = bar
        && i.is_multiple_of(1 << 16)
    {
        bar.set_position(i);
    }
}

/// Churn summed over chunks of owners.
struct ChurnSum {
    churn: Option<fulcrum::engine::analyze::Churn>,
    /// Keys absorbed per server of the pool after the change.
    absorbed: Vec<u64>,
    index: std::collections::HashMap<String, usize>,
}

impl ChurnSum {
    fn new(after: &fulcrum::engine::Pool) -> Self {
        Self {
            churn: None,
            absorbed: vec![0; after.len()],
            index: after
                .servers()
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
        }
    }

    fn add(&mut self, part: fulcrum::engine::analyze::Churn) {
        for a in &part.absorbed {
            if let Some(&i) = self.index.get(&a.server) {
                self.absorbed[i] += a.keys;
            }
        }
        match &mut self.churn {
            None => self.churn = Some(part),
            Some(c) => {
                c.keys += part.keys;
                c.moved += part.moved;
                c.needless += part.needless;
                c.failed_before += part.failed_before;
                c.failed_after += part.failed_after;
            }
        }
    }
}

pub fn run(args: RouteArgs) -> Result<(), CliError> {
    let (mut balancer, header) = balancer_from(&args)?;
    // Check the change before routing anything, so bad input prints nothing on stdout.
    let change = membership_change(&args, &balancer)?;
    let requests = requests_from(&args, change.is_some())?;
    let header = header.as_deref();
    match change {
        None => route_once(&args, &mut balancer, &requests, header),
        Some(change) => route_around(&args, balancer, &requests, header, &change),
    }
}

/// The balancer the flags describe, checked, and the request header its key comes from (if any).
fn balancer_from(args: &RouteArgs) -> Result<(Balancer, Option<String>), CliError> {
    let kind: StrategyKind = args.strategy.parse()?;
    let servers = match (&args.servers, &args.servers_file) {
        (Some(list), _) => input::servers_from("--servers", list)?,
        (None, Some(path)) => {
            if path == "-" && args.keys.as_deref() == Some("-") {
                fail!("--servers-file - and --keys -: only one of them can read standard input");
            }
            let text = input::read_text("--servers-file", path, input::MAX_LIST_BYTES)?;
            input::servers_from("--servers-file", &text)?
        }
        (None, None) => fail!("give --servers SPEC or --servers-file FILE"),
    };
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
    if let Some(d) = args.choices {
        config.d = d;
    }
    if let Some(k) = args.probes {
        config.k = k;
    }
    config.active_request_bias = args.active_request_bias;
    if let Some(s) = args.python_hash_seed {
        config.python_hash_seed = s;
    }
    let header = match config.key_source() {
        KeySource::Header(name) => Some(name),
        _ => None,
    };
    // A Maglev table with fewer slots than servers leaves some with no traffic at all.
    let pool_size = servers.len() + usize::from(args.add.is_some());
    if kind == StrategyKind::Maglev && (config.maglev_table_size as usize) < pool_size {
        fail!(
            "--table-size: {}",
            fulcrum::scenario::maglev_too_small(config.maglev_table_size, pool_size)
        );
    }
    if kind == StrategyKind::Maglev
        && let Some(warning) = fulcrum::scenario::maglev_thin(config.maglev_table_size, pool_size)
    {
        eprintln!("fulcrum: warning: --table-size: {warning}");
    }
    let balancer = Balancer::new(config, servers).map_err(engine_error)?;
    if balancer.pool().eligible().is_empty() {
        fail!("--servers: no eligible server: the total weight is 0");
    }
    Ok((balancer, header))
}

/// `--remove` or `--add`, tried on a copy of the pool so it is refused before anything routes.
fn membership_change(
    args: &RouteArgs,
    balancer: &Balancer,
) -> Result<Option<Membership>, CliError> {
    let change = match (&args.remove, &args.add) {
        (Some(id), _) => Membership::Remove(id.clone()),
        (_, Some(spec)) => {
            let mut added = parse_servers(spec)
                .map_err(|e| CliError(format!("--add: {}", escaped(&e.to_string()))))?;
            if added.len() != 1 {
                fail!("--add: one server at a time, not {}", added.len());
            }
            Membership::Add(added.remove(0))
        }
        _ => return Ok(None),
    };
    let mut trial = balancer.pool().clone();
    let (flag, applied) = match &change {
        Membership::Remove(id) => ("--remove", trial.remove(id)),
        Membership::Add(server) => ("--add", trial.add(server.clone())),
    };
    if let Err(e) = applied {
        fail!("{flag}: {}", escaped(&e.to_string()));
    }
    if trial.eligible().is_empty() {
        fail!("{flag}: no eligible server would be left");
    }
    Ok(Some(change))
}

/// Where the requests come from; `two_passes` when a change routes them twice.
fn requests_from(args: &RouteArgs, two_passes: bool) -> Result<Requests, CliError> {
    Ok(match (args.count, &args.keys) {
        (Some(n), _) => Requests::Demo(n),
        // A second pass needs a file it can read again; a pipe or stdin is held instead.
        (_, Some(path)) if two_passes && !input::is_rereadable(path) => {
            Requests::Held(input::hold_keys(path)?)
        }
        (_, Some(path)) if input::is_stdin(path) => Requests::Stdin,
        (_, Some(path)) => Requests::File(path.clone()),
        _ => fail!("give --count N or --keys FILE"),
    })
}

/// Route every request once, printing each owner.
fn route_once(
    args: &RouteArgs,
    balancer: &mut Balancer,
    requests: &Requests,
    header: Option<&str>,
) -> Result<(), CliError> {
    let mut rng = seeded(args.seed);
    let mut router = Router::new(args.in_flight);
    let bar = progress(requests.count(), "routing");
    let routed = routed(|out| {
        requests.for_each(header, |i, request| {
            tick(&bar, i);
            print_pick(
                out,
                balancer,
                &mut router,
                &mut rng,
                i,
                &request,
                args.explain,
            )?;
            Ok(())
        })
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    routed?;
    Ok(())
}

/// Route every request, apply `change`, route them again printing each owner, and summarise
/// on stderr what moved.
fn route_around(
    args: &RouteArgs,
    mut balancer: Balancer,
    requests: &Requests,
    header: Option<&str>,
    change: &Membership,
) -> Result<(), CliError> {
    let mut rng = seeded(args.seed);
    let mut router = Router::new(args.in_flight);
    // The starting balancer's twin replays the first pass beside the second: it gives each
    // key's owner before the change when it is needed, so no owner is held for the whole run.
    let mut twin = balancer.clone();
    let mut twin_router = Router::new(args.in_flight);
    let mut twin_rng = seeded(args.seed);
    let mut first_keys: u64 = 0;
    let bar = progress(requests.count(), "before the change");
    let first = requests.for_each(header, |i, request| {
        tick(&bar, i);
        let _ = router.route(&mut balancer, &request, &mut rng);
        first_keys += 1;
        Ok(())
    });
    match first {
        Ok(()) => {}
        Err(Halt::Input(e)) => return Err(e),
        Err(Halt::Output(e)) => return Err(CliError(format!("cannot route: {e}"))),
    }
    router.finish_all(&mut balancer);
    let before = balancer.pool().clone();
    change.apply(&mut balancer).map_err(engine_error)?;
    let mut sum = ChurnSum::new(balancer.pool());
    let mut owners_before: Vec<Option<usize>> = Vec::with_capacity(CHUNK);
    let mut owners_after: Vec<Option<usize>> = Vec::with_capacity(CHUNK);
    if let Some(bar) = &bar {
        bar.set_message("after the change");
        bar.set_position(0);
    }
    let complete = routed(|out| {
        requests.for_each(header, |i, request| {
            tick(&bar, i);
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
            owners_before.push(twin_router.route(&mut twin, &request, &mut twin_rng).ok());
            if owners_after.len() == CHUNK {
                sum.add(compare_owners(
                    &before,
                    &owners_before,
                    balancer.pool(),
                    &owners_after,
                    change,
                ));
                owners_before.clear();
                owners_after.clear();
            }
            Ok(())
        })
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !complete {
        // stdout went away early; there is nothing complete to summarise.
        return Ok(());
    }
    let last = compare_owners(
        &before,
        &owners_before,
        balancer.pool(),
        &owners_after,
        change,
    );
    sum.add(last);
    let Some(churn) = sum.churn.take() else {
        return Ok(());
    };
    if churn.keys != first_keys {
        fail!(
            "--keys: the file changed between the two passes ({first_keys} keys, then {}): nothing to compare",
            churn.keys
        );
    }
    print_churn(churn, &sum.absorbed, balancer.pool(), change);
    Ok(())
}

/// What moved, on stderr: the churn against the ideal, and who absorbed the moved keys.
fn print_churn(
    mut churn: fulcrum::engine::analyze::Churn,
    absorbed: &[u64],
    after: &fulcrum::engine::Pool,
    change: &Membership,
) {
    churn.moved_fraction = if churn.keys > 0 {
        churn.moved as f64 / churn.keys as f64
    } else {
        0.0
    };
    let verb = match change {
        Membership::Remove(_) => "removed",
        Membership::Add(_) => "added",
    };
    let mut summary = format!(
        "{verb} {}: {} of {} keys moved ({:.2}%), ideal 1/n = {:.2}% (n = {})",
        escaped(change.id()),
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
    let absorbed: Vec<String> = after
        .servers()
        .iter()
        .zip(absorbed)
        .filter(|(_, keys)| **keys > 0)
        .map(|(server, keys)| format!("{} {keys}", escaped(&server.id)))
        .collect();
    let absorbed = if absorbed.is_empty() {
        "nobody".to_string()
    } else {
        absorbed.join(", ")
    };
    eprintln!("{summary}");
    eprintln!("absorbed by: {absorbed}");
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
        writeln!(out, "{}", json_escaped(line))?;
        Ok(picked.ok())
    } else {
        let picked = router.route(balancer, request, rng);
        match &picked {
            Ok(s) => writeln!(out, "{}", escaped(&balancer.pool().server(*s).id))?,
            Err(e) => writeln!(out, "error: {}", escaped(&describe(balancer, e)))?,
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

/// A failed pick in words: a fault of the tutorial's code in the explanation's own English,
/// naming its servers.
fn describe(balancer: &Balancer, e: &PickError) -> String {
    match e {
        PickError::SeedFault { defect } => {
            let name = |i: usize| balancer.pool().server(i).id.clone();
            format!(
                "the tutorial's code fails here: {}",
                defect_text(defect, Lang::En, &name)
            )
        }
        _ => e.to_string().replace('\n', " "),
    }
}
