//! Compare: several strategies on the very same requests, side by side.

use super::*;

/// Results of one compare run.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareResult {
    /// Requests each strategy was given (the same ones).
    pub requests: u64,
    /// Real time the runs took, ms (from the clock the caller passed in).
    pub elapsed_ms: f64,
    /// The servers' ids, in the order of each row's shares.
    pub servers: Vec<String>,
    /// One row per strategy, in the order asked.
    pub rows: Vec<CompareRow>,
    /// The latency histograms' bin edges, ms (one more than each row's `histogram`), spaced
    /// evenly on a log scale over every row's successful latencies, so the rows compare.
    pub bin_edges_ms: Vec<f64>,
}

/// Bins of each latency histogram in a compare run.
pub const HISTOGRAM_BINS: usize = 12;

/// One strategy's figures in a compare run.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    /// The strategy's label.
    pub strategy: String,
    /// Share of requests that succeeded.
    pub availability: f64,
    /// Latency percentiles, ms.
    pub p50: f64,
    /// 95th percentile, ms.
    pub p95: f64,
    /// 99th percentile, ms.
    pub p99: f64,
    /// Jain's fairness of requests against the share the strategy promises (1 is the promise
    /// kept; see `sim::stats::Balance::jain_fairness`).
    pub jain: f64,
    /// Attempts beyond each request's first.
    pub retries: u64,
    /// Most requests any server held at once.
    pub peak_connections: u32,
    /// Cache hits over lookups, when the servers cache.
    pub cache_hit_rate: Option<f64>,
    /// Per server: share of attempts and the share the strategy promises it (its weight's, or an
    /// equal one for a strategy that reads no weights).
    pub shares: Vec<(f64, f64)>,
    /// Requests dropped by a full queue (503), as a share of all.
    pub dropped: f64,
    /// Successful requests per latency bin (`CompareResult::bin_edges_ms`).
    pub histogram: Vec<u64>,
}

impl CompareResult {
    /// Every strategy shows the same availability and latency, to the precision the table
    /// prints (0.1 % and 0.1 ms): the load left every server room, so the strategies differ
    /// only in their shares. The page then says so and offers a preset under which they part.
    pub fn latency_alike(&self) -> bool {
        let shown = |r: &CompareRow| {
            [
                (r.availability * 1000.0).round(),
                (r.p50 * 10.0).round(),
                (r.p95 * 10.0).round(),
                (r.p99 * 10.0).round(),
            ]
        };
        self.rows.len() > 1 && self.rows.windows(2).all(|w| shown(&w[0]) == shown(&w[1]))
    }
}

impl Live {
    /// Run `strategies` on the very same requests (the current settings and live actions, the
    /// preset's length capped at [`COMPARE_REQUESTS`]).
    pub fn compare(
        &self,
        strategies: Vec<StrategyConfig>,
        clock: impl Fn() -> f64,
    ) -> Result<CompareResult, Notice> {
        if !(2..=4).contains(&strategies.len()) {
            return Err(Notice::CompareCount);
        }
        let mut s = self.settings.scenario(&self.actions);
        let preset_requests = settings::preset_scenario(self.settings.preset).requests;
        s.requests = preset_requests.clamp(20, COMPARE_REQUESTS);
        s.strategies = strategies;
        for c in &mut s.strategies {
            self.settings.set_knobs(c);
        }
        let t0 = clock();
        let runs = compare_runs(&s, self.settings.seed).map_err(|e| Notice::Refused {
            error: e.to_string(),
        })?;
        let elapsed_ms = clock() - t0;
        // One scale for every row: from the fastest 0.1 % to the slowest success of any.
        let with_data = || runs.iter().filter(|r| r.ok_latency.count() > 0);
        let lo = with_data().map(|r| r.ok_latency.quantile(0.001)).min();
        let hi = with_data().map(|r| r.ok_latency.max()).max();
        let edges = match (lo, hi) {
            (Some(lo), Some(hi)) => log_edges(lo, hi, HISTOGRAM_BINS),
            _ => Vec::new(),
        };
        Ok(CompareResult {
            requests: s.requests,
            elapsed_ms,
            servers: self.settings.servers.iter().map(|x| x.id.clone()).collect(),
            bin_edges_ms: edges.iter().map(|&e| e as f64 / 1e6).collect(),
            rows: runs
                .iter()
                .zip(&s.strategies)
                .map(|(run, config)| (&run.report, config, run.ok_latency.bins(&edges)))
                .map(|(r, config, histogram)| CompareRow {
                    strategy: r.strategy.clone(),
                    availability: r.availability,
                    p50: r.latency_ms.p50,
                    p95: r.latency_ms.p95,
                    p99: r.latency_ms.p99,
                    jain: r.balance.jain_fairness,
                    retries: r.retries,
                    peak_connections: r.balance.peak_connections,
                    cache_hit_rate: r.cache_hit_rate,
                    shares: r
                        .servers
                        .iter()
                        .map(|x| x.share)
                        .zip(crate::sim::stats::promised_shares(
                            config.kind.shares_follow_weights(config.variant),
                            &r.servers,
                        ))
                        .collect(),
                    dropped: r.outcomes.drop_rate(),
                    histogram,
                })
                .collect(),
        })
    }
}
