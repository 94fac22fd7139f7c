//! What a run measured: the seed's `get_stats()` field for field, and what the seed's goals need
//! to be checked (latency percentiles, availability, the spread max − min of load that its
//! |load(sᵢ) − load(sⱼ)| < ε asks about, Jain's fairness index, shares against weight shares,
//! cache hit rate, retries, ejections), plus a time series for charts.
//!
//! Memory is bounded whatever the run length: latencies go into a log-linear histogram (64
//! sub-buckets per power of two, so a percentile is within 1.6 % of the true value; the idea of
//! HdrHistogram), samples into a ring of at most `max_samples`, the request log holds at most
//! `first_requests` entries.
//!
//! Accounting: every client request ends exactly once with one [`Outcome`]. `total_requests` =
//! `successful_requests` + `failed_requests`, where failed includes the 503s of "No available
//! servers" (also counted apart as `no_server`). Latency percentiles are over every request that
//! reached a server (end to end, retries included, failures included as the seed does not); 503s,
//! answered without any server, are left out. The seed's `average_response_time` is the mean over
//! successful requests, in seconds, as the seed computes it. What a page shows as latency is kept
//! apart, over successes only (`Collector::ok_latency`, `ServerCounters::ok_window`): a crashed
//! server refuses in a millisecond, and those refusals must not read as fast answers.

use std::collections::VecDeque;

use serde::Serialize;

use crate::engine::ServerDetail;
use crate::engine::model::ResponseWindow;

use super::proxy::Outcome;

/// Sub-buckets per power of two.
const SUB_BITS: u32 = 6;
const SUB: u64 = 1 << SUB_BITS;
/// Values below this have a bucket each.
const LINEAR: u64 = 2 * SUB;
const BUCKETS: usize = (LINEAR + (64 - SUB_BITS as u64 - 1) * SUB) as usize;

/// A log-linear histogram of nanosecond values.
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Vec<u64>,
    count: u64,
    sum: f64,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BUCKETS],
            count: 0,
            sum: 0.0,
            max: 0,
        }
    }
}

fn bucket_of(v: u64) -> usize {
    if v < LINEAR {
        return v as usize;
    }
    let exp = 63 - v.leading_zeros(); // ≥ SUB_BITS + 1
    let shift = exp - SUB_BITS;
    let sub = (v >> shift) - SUB; // 0..SUB
    (LINEAR + u64::from(exp - SUB_BITS - 1) * SUB + sub) as usize
}

/// The smallest and largest value of bucket `b`.
fn bucket_range(b: usize) -> (u64, u64) {
    let b = b as u64;
    if b < LINEAR {
        return (b, b);
    }
    let octave = (b - LINEAR) / SUB;
    let sub = (b - LINEAR) % SUB;
    let shift = octave + 1;
    let low = (SUB + sub) << shift;
    (low, low + ((1 << shift) - 1))
}

impl Histogram {
    #[inline]
    /// Count one value (nanoseconds) into its bucket.
    pub fn record(&mut self, v: u64) {
        self.counts[bucket_of(v)] += 1;
        self.count += 1;
        self.sum += v as f64;
        self.max = self.max.max(v);
    }

    /// Values recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The largest value recorded, exactly.
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The exact mean of the values recorded (0.0 when empty).
    pub fn mean(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum / self.count as f64
        }
    }

    /// Counts between `edges` (ascending, nanoseconds): entry i counts the values from
    /// `edges[i]` up to `edges[i + 1]`; values below the first edge go into the first bin and
    /// values from the last edge on into the last. Each bucket of the histogram goes whole to
    /// the bin holding its middle, so a bin is as exact as the buckets (1.6 %). Empty with fewer
    /// than two edges.
    pub fn bins(&self, edges: &[u64]) -> Vec<u64> {
        let n = edges.len().saturating_sub(1);
        let mut out = vec![0; n];
        if n == 0 {
            return out;
        }
        for (b, &c) in self.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let (lo, hi) = bucket_range(b);
            let mid = lo + (hi - lo) / 2;
            // The last edge at or below the middle.
            let at = edges.partition_point(|&e| e <= mid).saturating_sub(1);
            out[at.min(n - 1)] += c;
        }
        out
    }

    /// The value at quantile `q` (0..=1): the middle of the bucket holding the ⌈q·n⌉-th value,
    /// never above the true maximum.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (b, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, hi) = bucket_range(b);
                return (lo + (hi - lo) / 2).min(self.max);
            }
        }
        self.max
    }
}

/// `n` bins' edges spaced evenly on a log scale from `lo` to `hi` nanoseconds (at least 1 ns
/// apart), so a heavy tail and the body both show.
pub fn log_edges(lo: u64, hi: u64, n: usize) -> Vec<u64> {
    let lo = lo.max(1) as f64;
    let hi = (hi as f64).max(lo * 1.01);
    let mut edges: Vec<u64> = (0..=n)
        .map(|i| (lo * libm::pow(hi / lo, i as f64 / n as f64)).round() as u64)
        .collect();
    for i in 1..edges.len() {
        edges[i] = edges[i].max(edges[i - 1] + 1);
    }
    edges
}

/// Latency summary in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Percentiles {
    /// Requests summarised.
    pub count: u64,
    /// Exact mean.
    pub mean: f64,
    /// Median (from the histogram, within its bucket precision).
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// The largest, exactly.
    pub max: f64,
}

impl Percentiles {
    /// The summary of a histogram of nanoseconds, in milliseconds.
    pub fn of(h: &Histogram) -> Self {
        let ms = |ns: u64| ns as f64 / 1e6;
        Self {
            count: h.count(),
            mean: h.mean() / 1e6,
            p50: ms(h.quantile(0.50)),
            p95: ms(h.quantile(0.95)),
            p99: ms(h.quantile(0.99)),
            max: ms(h.max()),
        }
    }
}

/// Requests by final outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    /// Answered 200.
    pub ok: u64,
    /// Answered 500.
    pub error: u64,
    /// Connection refused on the last attempt.
    pub refused: u64,
    /// The server died during the last attempt.
    pub reset: u64,
    /// No answer within the timeout.
    pub timeout: u64,
    /// No eligible server: 503.
    pub no_server: u64,
    /// The seed's code raised (its variants only).
    pub seed_fault: u64,
    /// 503s from a server whose queue was full (left out of the JSON when there were none, so
    /// reports of runs without queue limits keep their bytes).
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl OutcomeCounts {
    /// Count one request that ended so.
    pub fn add(&mut self, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Ok => &mut self.ok,
            Outcome::Error => &mut self.error,
            Outcome::Refused => &mut self.refused,
            Outcome::Reset => &mut self.reset,
            Outcome::Timeout => &mut self.timeout,
            Outcome::NoServer => &mut self.no_server,
            Outcome::SeedFault => &mut self.seed_fault,
            Outcome::Dropped => &mut self.dropped,
        };
        *slot += 1;
    }

    /// Requests counted, whatever their outcome.
    pub fn total(&self) -> u64 {
        self.ok
            + self.error
            + self.refused
            + self.reset
            + self.timeout
            + self.no_server
            + self.seed_fault
            + self.dropped
    }

    /// The share of requests that ended dropped by a full queue (0 when there were none).
    pub fn drop_rate(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            0.0
        } else {
            self.dropped as f64 / total as f64
        }
    }
}

/// Per-server counters kept during a run.
#[derive(Clone, Debug, Default)]
pub struct ServerCounters {
    /// Attempts sent to the server.
    pub requests: u64,
    /// Attempts that succeeded.
    pub ok: u64,
    /// Attempts that failed (errors, refusals, resets, timeouts).
    pub failed: u64,
    /// Attempts whose path was in the server's cache.
    pub cache_hits: u64,
    /// Attempts whose path was not.
    pub cache_misses: u64,
    /// Attempts it turned away with a full queue.
    pub dropped: u64,
    /// Attempts for the most popular path.
    pub hot_path: u64,
    /// The seed's window: the last 100 response times at this server (ms), failures included
    /// (and marked, for the recent error rate).
    pub window: ResponseWindow,
    /// The last 100 successful response times (ms): what a page calls the server's latency, so
    /// fast failures (a crashed server refuses at once) never make it look fast.
    pub ok_window: ResponseWindow,
    /// Times a balancer changed this server's status.
    pub status_changes: u64,
    /// Attempts started since the last sample.
    pub interval_requests: u64,
}

/// A server's recent latency, successes and failures apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecentLatency {
    /// Mean, p50, p95 and p99 of the last successful responses (ms); `None` before any.
    pub ok: Option<[f64; 4]>,
    /// Failures among the last attempts, and how many attempts that is.
    pub failures: usize,
    /// Attempts in the window.
    pub attempts: usize,
}

impl ServerCounters {
    /// Record the end of an attempt that took `ms`.
    pub fn attempt_ended(&mut self, ms: f64, ok: bool) {
        if ok {
            self.ok += 1;
            self.ok_window.push(ms);
        } else {
            self.failed += 1;
        }
        self.window.push_outcome(ms, ok);
    }

    /// Recent latency over successes only, with the recent failures counted beside.
    pub fn recent_latency(&self) -> RecentLatency {
        let mut ok: Vec<f64> = self.ok_window.iter().collect();
        ok.sort_by(f64::total_cmp);
        let n = ok.len();
        let at = |q: f64| ok[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
        RecentLatency {
            ok: (n > 0).then(|| {
                [
                    ok.iter().sum::<f64>() / n as f64,
                    at(0.5),
                    at(0.95),
                    at(0.99),
                ]
            }),
            failures: self.window.failures(),
            attempts: self.window.len(),
        }
    }
}

/// One point of the time series.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sample {
    /// Simulated time of the sample, in milliseconds.
    pub t_ms: f64,
    /// Requests that ended in the interval, and how.
    pub finished: u64,
    /// Of those, the successful.
    pub ok: u64,
    /// Of those, the failed.
    pub failed: u64,
    /// Retries sent in the interval.
    pub retries: u64,
    /// Requests in flight at the sample.
    pub in_flight: u64,
    /// Per server (scenario order): requests in service, attempts started in the interval, and
    /// whether every balancer may pick it.
    pub connections: Vec<u32>,
    /// Per server: attempts started in the interval.
    pub requests: Vec<u64>,
    /// Per server: whether every balancer may pick it.
    pub healthy: Vec<bool>,
}

/// A bounded ring of samples.
#[derive(Clone, Debug, Default)]
pub struct Series {
    capacity: usize,
    samples: VecDeque<Sample>,
    /// Samples dropped from the front to stay within capacity.
    pub dropped: u64,
}

impl Series {
    /// A series keeping at most `capacity` samples, the newest.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            samples: VecDeque::with_capacity(capacity.min(1024)),
            dropped: 0,
        }
    }

    /// A sample to fill: the oldest one recycled when full (its vectors reused).
    pub fn slot(&mut self) -> Option<&mut Sample> {
        if self.capacity == 0 {
            return None;
        }
        let sample = if self.samples.len() == self.capacity {
            self.dropped += 1;
            self.samples.pop_front().unwrap_or_default()
        } else {
            Sample::default()
        };
        self.samples.push_back(sample);
        self.samples.back_mut()
    }

    /// Samples held, oldest first.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter()
    }

    /// Samples held.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// No sample yet.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

/// One of the first requests, as the seed's demo prints them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestLog {
    /// The request's id.
    pub request: u64,
    /// HTTP method.
    pub method: &'static str,
    /// Path and query.
    pub path: String,
    /// Client address.
    pub client_ip: String,
    /// Endpoint of the server that answered last (none for a 503).
    pub server: Option<String>,
    /// HTTP status the client saw (200, 500, 503).
    pub status: u16,
    /// How it ended.
    pub outcome: Outcome,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// End-to-end time, in milliseconds.
    pub latency_ms: f64,
}

/// Everything counted during a run.
#[derive(Clone, Debug, Default)]
pub struct Collector {
    /// Requests by final outcome.
    pub outcomes: OutcomeCounts,
    /// End-to-end latencies of every request a server was tried for (503s left out).
    pub latency: Histogram,
    /// End-to-end latencies of successful requests only.
    pub ok_latency: Histogram,
    /// Sum of successful end-to-end latencies in nanoseconds (for the seed's average).
    pub ok_ns: u128,
    /// Attempts sent, first tries and retries.
    pub attempts: u64,
    /// Retries sent.
    pub retries: u64,
    /// Per server, in scenario order.
    pub servers: Vec<ServerCounters>,
    /// The time series.
    pub series: Series,
    /// The first requests, for the seed-style log.
    pub first_requests: Vec<RequestLog>,
    /// Since the last sample.
    pub interval: OutcomeCounts,
    /// Retries since the last sample.
    pub interval_retries: u64,
    /// Connection spread (max − min over servers in the pool) summed over samples.
    pub spread_sum: f64,
    /// Samples summed into `spread_sum`.
    pub spread_samples: u64,
    /// The largest connection spread of any sample.
    pub spread_max: u32,
}

impl Collector {
    /// Counters for `servers` servers and a series of at most `max_samples` samples.
    pub fn new(servers: usize, max_samples: usize) -> Self {
        let mut collector = Self {
            series: Series::new(max_samples),
            ..Self::default()
        };
        collector
            .servers
            .resize_with(servers, ServerCounters::default);
        collector
    }

    /// A request ended.
    #[inline]
    pub fn finish(&mut self, outcome: Outcome, latency_ns: u64) {
        self.outcomes.add(outcome);
        self.interval.add(outcome);
        if outcome != Outcome::NoServer {
            self.latency.record(latency_ns);
        }
        if outcome == Outcome::Ok {
            self.ok_latency.record(latency_ns);
            self.ok_ns += u128::from(latency_ns);
        }
    }
}

/// A server's line of the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerReport {
    /// The server's id.
    pub id: String,
    /// `host:port`.
    pub endpoint: String,
    /// Its configured weight.
    pub weight: u32,
    /// Attempts it was sent.
    pub requests: u64,
    /// Of those, the successful.
    pub ok: u64,
    /// Of those, the failed.
    pub failed: u64,
    /// Its share of all attempts, and its weight's share of the total weight.
    pub share: f64,
    /// Its weight's share of the total weight.
    pub weight_share: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Cache hits / attempts, when it has a cache.
    pub cache_hit_rate: Option<f64>,
    /// Most requests it had in service at once.
    pub peak_connections: u32,
    /// Times outlier detection ejected it.
    pub ejections: u64,
    /// Times a balancer changed its status.
    pub status_changes: u64,
    /// Attempts it turned away because its queue was full (left out when 0).
    #[serde(skip_serializing_if = "is_zero")]
    pub dropped: u64,
}

/// How evenly load was spread.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Balance {
    /// max − min attempts over the servers with weight > 0.
    pub request_spread: u64,
    /// max − min requests in service over the servers, averaged over samples, and its maximum.
    pub connection_spread_mean: f64,
    /// The largest spread of any sample.
    pub connection_spread_max: u32,
    /// Most requests any one server had in service at once.
    pub peak_connections: u32,
    /// Jain's fairness index of attempts relative to the share the strategy promises each server
    /// with a weight: per unit of weight where its shares follow weights
    /// ([`crate::engine::StrategyKind::shares_follow_weights`]), raw attempts otherwise (an equal
    /// share). 1 is the promise kept exactly, 1/n everything on one server (Jain, Chiu and Hawe
    /// 1984).
    pub jain_fairness: f64,
}

/// Where the most popular path went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HotPath {
    /// The path, rendered.
    pub path: String,
    /// Requests for it.
    pub requests: u64,
    /// Endpoint of the server that took most of them, and its share of them.
    pub top_server: String,
    /// That server's share of them.
    pub top_share: f64,
}

/// The seed's `get_stats()`, field for field (the servers in the pool at the end).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedStats {
    /// Requests that ended, whatever their outcome.
    pub total_requests: u64,
    /// Requests that succeeded.
    pub successful_requests: u64,
    /// Requests that did not succeed.
    pub failed_requests: u64,
    /// Seconds, over successful requests.
    pub average_response_time: f64,
    /// Servers in the pool at the end.
    pub total_servers: usize,
    /// Of those, the healthy.
    pub healthy_servers: usize,
    /// One entry per server in the pool.
    pub server_details: Vec<ServerDetail>,
}

/// Everything one run reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunReport {
    /// The scenario's name.
    pub scenario: String,
    /// The strategy's label.
    pub strategy: String,
    /// The seed it ran with.
    pub seed: u64,
    /// Balancers in front of the servers.
    pub balancers: u32,
    /// Simulated time when the last request ended.
    pub simulated_ms: f64,
    /// The seed's `get_stats()`.
    pub stats: SeedStats,
    /// Requests by final outcome.
    pub outcomes: OutcomeCounts,
    /// successful / total (1 when there were no requests).
    pub availability: f64,
    /// End-to-end latency of every request a server was tried for (503s left out).
    pub latency_ms: Percentiles,
    /// Attempts, first tries and retries.
    pub attempts: u64,
    /// Retries.
    pub retries: u64,
    /// Outlier ejections over all servers.
    pub ejections: u64,
    /// Status changes over all servers and balancers.
    pub status_changes: u64,
    /// How evenly load was spread.
    pub balance: Balance,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Cache hits / attempts over servers with a cache.
    pub cache_hit_rate: Option<f64>,
    /// Where the most popular path went (`None` when no request asked for it).
    pub hot_path: Option<HotPath>,
    /// Per server, in scenario order.
    pub servers: Vec<ServerReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The first requests, as the seed's demo prints them.
    pub first_requests: Vec<RequestLog>,
    /// The time series.
    pub series: Vec<Sample>,
}

/// The share of attempts a strategy promises each of `servers`: its weight's share where the
/// strategy's shares follow weights (`by_weight`), else an equal share of the servers with a
/// weight (0 for a server without one). Compare's ticks and the distribution's "expected" column
/// show it; [`Balance::jain_fairness`] measures against it.
pub fn promised_shares(by_weight: bool, servers: &[ServerReport]) -> Vec<f64> {
    let weighted = servers.iter().filter(|s| s.weight_share > 0.0).count();
    servers
        .iter()
        .map(|s| match (by_weight, s.weight_share > 0.0) {
            (true, _) => s.weight_share,
            (false, true) => 1.0 / weighted as f64,
            (false, false) => 0.0,
        })
        .collect()
}

/// Jain's index (Σx)² / (n·Σx²) of `xs` (1 for an empty or all-zero list).
pub fn jain(xs: &[f64]) -> f64 {
    let sum: f64 = xs.iter().sum();
    let squares: f64 = xs.iter().map(|x| x * x).sum();
    if xs.is_empty() || squares == 0.0 {
        1.0
    } else {
        sum * sum / (xs.len() as f64 * squares)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn buckets_tile_the_line() {
        let mut expected_low = 0u64;
        for b in 0..BUCKETS {
            let (lo, hi) = bucket_range(b);
            assert_eq!(lo, expected_low, "bucket {b}");
            assert_eq!(bucket_of(lo), b);
            assert_eq!(bucket_of(hi), b);
            if hi == u64::MAX {
                assert_eq!(b, BUCKETS - 1);
                return;
            }
            expected_low = hi + 1;
        }
        panic!("buckets end before u64::MAX");
    }

    #[test]
    fn quantiles_of_a_known_sample() {
        let mut h = Histogram::default();
        assert_eq!(h.quantile(0.5), 0);
        for v in 1..=100u64 {
            h.record(v * 1_000_000);
        }
        let p = Percentiles::of(&h);
        assert_eq!(p.count, 100);
        assert!((p.p50 - 50.0).abs() / 50.0 < 0.016, "{p:?}");
        assert!((p.p99 - 99.0).abs() / 99.0 < 0.016, "{p:?}");
        assert_eq!(p.max, 100.0);
        assert_eq!(p.mean, 50.5);
    }

    #[test]
    fn failures_are_counted_apart_from_the_success_latency() {
        let mut c = ServerCounters::default();
        for _ in 0..50 {
            c.attempt_ended(10.0, true);
        }
        // A crashed server refuses at once: a hundred 0.1 ms failures.
        for _ in 0..100 {
            c.attempt_ended(0.1, false);
        }
        let r = c.recent_latency();
        assert_eq!(
            r.ok,
            Some([10.0, 10.0, 10.0, 10.0]),
            "failures lower nothing"
        );
        assert_eq!((r.failures, r.attempts), (100, 100));
        assert_eq!((c.ok, c.failed), (50, 100));
        // The seed's window, failures included, is what would have dropped.
        assert!(c.window.mean().unwrap() < 1.0);
        assert_eq!(ServerCounters::default().recent_latency().ok, None);
    }

    #[test]
    fn bins_count_every_value_once_between_log_spaced_edges() {
        let mut h = Histogram::default();
        for v in [1u64, 5, 10, 50, 100, 500, 1000, 5000] {
            h.record(v * 1_000_000);
        }
        let edges = log_edges(1_000_000, 5_000_000_000, 4);
        assert_eq!(edges.len(), 5);
        assert_eq!((edges[0], edges[4]), (1_000_000, 5_000_000_000));
        assert!(edges.windows(2).all(|w| w[0] < w[1]));
        let bins = h.bins(&edges);
        assert_eq!(bins.iter().sum::<u64>(), 8);
        assert_eq!(bins, [2, 2, 2, 2], "{edges:?}");
        assert!(h.bins(&edges[..1]).is_empty());
        // Degenerate ranges still give increasing edges.
        assert!(log_edges(0, 0, 3).windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn jain_index_is_one_when_even_and_one_over_n_when_all_on_one() {
        assert_eq!(jain(&[5.0, 5.0, 5.0, 5.0]), 1.0);
        assert_eq!(jain(&[8.0, 0.0, 0.0, 0.0]), 0.25);
        assert_eq!(jain(&[]), 1.0);
    }

    #[test]
    fn the_series_keeps_the_newest_samples() {
        let mut s = Series::new(2);
        for t in 0..5 {
            s.slot().unwrap().t_ms = f64::from(t);
        }
        assert_eq!(s.samples().map(|x| x.t_ms).collect::<Vec<_>>(), [3.0, 4.0]);
        assert_eq!(s.dropped, 3);
        assert!(Series::new(0).slot().is_none());
    }

    proptest! {
        #[test]
        fn a_quantile_is_within_the_bucket_error(values in prop::collection::vec(1u64..10_000_000_000, 1..200), q in 0.0f64..=1.0) {
            let mut h = Histogram::default();
            for &v in &values {
                h.record(v);
            }
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let rank = ((q * values.len() as f64).ceil() as usize).max(1);
            let truth = sorted[rank - 1] as f64;
            let got = h.quantile(q) as f64;
            prop_assert!((got - truth).abs() <= truth / 64.0 + 1.0, "q {} truth {} got {}", q, truth, got);
        }
    }
}
