//! `fulcrum strategies`: every strategy, one line each.
//!
//! Columns: the name, the cost per pick of Fulcrum's version, the seed variant (its cost, or `-`
//! when the seed does not have the strategy), what a hashing strategy's owners depend on besides
//! the key (`set`: the set of servers alone; `order`: also the order they are listed in; `order +
//! history`: also the order they joined in and who left; `set + load`: also the load of the
//! moment; `-` for strategies without keys) and the one-line description from
//! `StrategyKind::info`.

use fulcrum::engine::StrategyKind;

use crate::{CliError, with_stdout};

pub fn run() -> Result<(), CliError> {
    let rows: Vec<[String; 5]> = StrategyKind::ALL
        .iter()
        .map(|kind| {
            let info = kind.info();
            [
                info.name.to_string(),
                info.pick_cost.to_string(),
                info.seed_pick_cost
                    .map_or_else(|| "-".to_string(), |cost| format!("tutorial: {cost}")),
                info.mapping.map_or("-", |m| m.label()).to_string(),
                info.summary.to_string(),
            ]
        })
        .collect();
    let header = [
        "STRATEGY",
        "PICK COST",
        "SEED VARIANT",
        "KEYS DEPEND ON",
        "DESCRIPTION",
    ];
    let width = |column: usize| {
        rows.iter()
            .map(|r| r[column].chars().count())
            .chain([header[column].len()])
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    with_stdout(|out| {
        for row in std::iter::once(header.map(String::from)).chain(rows.iter().cloned()) {
            writeln!(
                out,
                "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
            )?;
        }
        Ok(())
    })
}
