//! Run `fulcrum simulate` without the CLI: `cargo run --example simulate -- PRESET|FILE
//! [--strategy NAME]... [--seed N] [--requests N] [--format table|json]`.
use fulcrum::sim::{OutputFormat, SimSource, simulate_command};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut source = None;
    let (mut strategies, mut seed, mut requests, mut format) =
        (Vec::new(), None, None, OutputFormat::Table);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--strategy" => strategies.push(value()),
            "--seed" => seed = value().parse().ok(),
            "--requests" => requests = value().parse().ok(),
            "--format" => format = value().parse().unwrap_or_default(),
            other if std::path::Path::new(other).exists() => {
                source = Some(SimSource::File(other.into()))
            }
            other => source = Some(SimSource::Preset(other.into())),
        }
    }
    let source = source.unwrap_or(SimSource::Preset("seed-demo".into()));
    match simulate_command(&source, &strategies, seed, requests, format) {
        Ok(out) => print!("{out}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
