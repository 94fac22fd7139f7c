//! placeholder
use crate::CliError;
use clap::Args;
#[derive(Debug, Args)]
pub struct AnalyzeArgs {}
pub fn run(_args: AnalyzeArgs) -> Result<(), CliError> {
    Ok(())
}
