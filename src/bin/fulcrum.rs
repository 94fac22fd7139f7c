//! The native `fulcrum` command line (stub until the CLI lands).
fn main() {
    for k in fulcrum::engine::StrategyKind::ALL {
        println!("{:<30} {}", k.name(), k.info().summary);
    }
}
