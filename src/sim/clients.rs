//! The clients: when requests arrive and what they ask for.
//!
//! Arrivals are a Poisson process (exponential gaps of mean 1 / λ, drawn by a ziggurat) or a fixed interval, plus
//! bursts. Each request takes a client (client IP) and a path from configurable pools, either in
//! turn (request n takes entry n mod count, as the seed's demo does) or at random; random paths
//! follow a Zipf law (popularity of path k ∝ 1 / (k + 1)^s; Zipf 1949, Breslau et al. 1999 for web
//! requests) sampled in O(1) by Walker's alias method. Methods come from weighted shares.
//!
//! Everything here draws only from the arrival stream, so the strategy under test cannot change
//! which requests arrive when. Requests are rendered into a reused buffer: no allocation per request.

use rand::RngExt;

use crate::engine::{Method, Nanos, SimRng};
use crate::scenario::{Order, Process, Scenario};

/// A string with `{i}` placeholders, split once so rendering is a few copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    parts: Vec<String>,
}

impl Template {
    /// Split `text` at each `{i}`.
    pub fn new(text: &str) -> Self {
        Self {
            parts: text.split("{i}").map(str::to_string).collect(),
        }
    }

    /// Append the template with `{i}` = `i` to `buf`.
    pub fn render_into(&self, i: u64, buf: &mut String) {
        let mut parts = self.parts.iter();
        if let Some(first) = parts.next() {
            buf.push_str(first);
        }
        for part in parts {
            push_decimal(buf, i);
            buf.push_str(part);
        }
    }
}

/// Append `n` in decimal without going through `fmt`.
pub fn push_decimal(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        buf.push(d as char);
    }
}

/// Strings rendered once, looked up by number: one buffer and the end of each entry.
#[derive(Clone, Debug, Default)]
struct Rendered {
    text: String,
    ends: Vec<u32>,
}

/// Pools up to this size are rendered once; larger ones are rendered per request.
const PRERENDER: u32 = 1 << 16;

impl Rendered {
    fn new(count: u32, render: impl Fn(u32, &mut String)) -> Option<Self> {
        if count > PRERENDER {
            return None;
        }
        let mut r = Rendered::default();
        let mut one = String::new();
        for i in 0..count {
            one.clear();
            render(i, &mut one);
            r.text.push_str(&one);
            r.ends.push(r.text.len() as u32);
        }
        Some(r)
    }

    #[inline]
    fn get(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
}

/// Walker's alias method (Vose's construction): O(1) sampling from a discrete distribution,
/// one uniform draw per sample.
#[derive(Clone, Debug, Default)]
pub struct AliasTable {
    /// Probability of keeping column i (else take `alias[i]`).
    keep: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// A table for weights `w` (not all zero).
    pub fn new(w: &[f64]) -> Self {
        let n = w.len();
        let total: f64 = w.iter().sum();
        let mut scaled: Vec<f64> = w.iter().map(|x| x * n as f64 / total).collect();
        let mut keep = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            keep[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left keeps itself (probability 1), absorbing rounding error.
        Self { keep, alias }
    }

    #[inline]
    /// Draw an index with probability proportional to its weight: O(1).
    pub fn sample(&self, rng: &mut SimRng) -> u32 {
        let n = self.keep.len();
        let x: f64 = rng.random::<f64>() * n as f64;
        let column = (x as usize).min(n - 1);
        if x - (column as f64) < self.keep[column] {
            column as u32
        } else {
            self.alias[column]
        }
    }

    /// The probability the table gives to entry `i` (for tests).
    pub fn probability(&self, i: usize) -> f64 {
        let n = self.keep.len() as f64;
        let own = self.keep[i] / n;
        let borrowed: f64 = (0..self.keep.len())
            .filter(|&j| self.alias[j] as usize == i && j != i)
            .map(|j| (1.0 - self.keep[j]) / n)
            .sum();
        own + borrowed
    }
}

/// Marsaglia and Tsang's ziggurat for the standard exponential distribution ("The Ziggurat
/// Method for Generating Random Variables", 2000), 256 layers: about 99 % of draws cost one
/// random word and a compare, where inversion costs a logarithm. Tables are built with libm, so
/// draws are identical natively and in wasm.
#[derive(Clone, Debug)]
pub struct ExpZiggurat {
    /// Layer edges, x[0] = v / f(r) > x[1] = r > ... > x[256] = 0.
    x: Vec<f64>,
    /// f(x[i]) = e^(−x[i]).
    f: Vec<f64>,
}

impl Default for ExpZiggurat {
    fn default() -> Self {
        const R: f64 = 7.697_117_470_131_05;
        const V: f64 = 0.003_949_659_822_581_557;
        let mut x = vec![0.0; 257];
        x[0] = V / libm::exp(-R);
        x[1] = R;
        for i in 2..256 {
            x[i] = -libm::log(libm::exp(-x[i - 1]) + V / x[i - 1]);
        }
        x[256] = 0.0;
        let f = x.iter().map(|&v| libm::exp(-v)).collect();
        Self { x, f }
    }
}

impl ExpZiggurat {
    /// One draw of Exp(1).
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        loop {
            let bits: u64 = rng.random();
            let i = (bits & 0xff) as usize;
            // The top 53 bits as a uniform in [0, 1).
            let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            let x = u * self.x[i];
            if x < self.x[i + 1] {
                return x;
            }
            if i == 0 {
                // The tail beyond r: the exponential is memoryless.
                let v: f64 = rng.random();
                return self.x[1] - libm::log1p(-v);
            }
            let y: f64 = rng.random();
            if self.f[i + 1] + (self.f[i] - self.f[i + 1]) * y < libm::exp(-x) {
                return x;
            }
        }
    }
}

/// What one request asks for, as numbers (rendered on demand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attrs {
    /// Client number (rendered as an IP address).
    pub client: u32,
    /// Path number, 0 the most popular (rendered through the path template).
    pub path: u32,
    /// HTTP method.
    pub method: Method,
}

/// The traffic model of a scenario.
#[derive(Clone, Debug)]
pub struct Traffic {
    process: Process,
    exponential: ExpZiggurat,
    mean_gap_ns: f64,
    /// Time of the next steady arrival, kept fractional so fixed gaps do not drift.
    next_at: f64,
    clients: u32,
    client_order: Order,
    ip_template: Option<Template>,
    ips: Option<Rendered>,
    paths: u32,
    path_order: Order,
    path_template: Template,
    rendered_paths: Option<Rendered>,
    /// Zipf popularity of the paths; `None` for uniform.
    zipf: Option<AliasTable>,
    /// Cumulative method shares.
    methods: Vec<(Method, f64)>,
}

fn render_ip_into(template: Option<&Template>, client: u32, buf: &mut String) {
    match template {
        Some(t) => t.render_into(u64::from(client), buf),
        None => {
            buf.push_str("10.");
            push_decimal(buf, u64::from((client >> 16) & 255));
            buf.push('.');
            push_decimal(buf, u64::from((client >> 8) & 255));
            buf.push('.');
            push_decimal(buf, u64::from(client & 255));
        }
    }
}

impl Traffic {
    /// Arrivals, clients, paths and methods as the scenario's traffic describes them.
    pub fn new(scenario: &Scenario) -> Self {
        let paths = scenario.paths.count.max(1);
        let zipf =
            (scenario.paths.zipf > 0.0 && scenario.paths.order == Order::Random).then(|| {
                let weights: Vec<f64> = (0..paths)
                    .map(|k| libm::pow(f64::from(k) + 1.0, -scenario.paths.zipf))
                    .collect();
                AliasTable::new(&weights)
            });
        let mut total = 0.0;
        let methods = scenario
            .methods
            .iter()
            .map(|m| {
                total += m.share;
                (m.method, total)
            })
            .collect();
        let clients = scenario.clients.count.max(1);
        let ip_template = (!scenario.clients.ip_template.is_empty())
            .then(|| Template::new(&scenario.clients.ip_template));
        let path_template = Template::new(&scenario.paths.template);
        Self {
            process: scenario.arrivals.process,
            exponential: ExpZiggurat::default(),
            mean_gap_ns: 1e9 / scenario.arrivals.rate_per_s,
            next_at: 0.0,
            clients,
            client_order: scenario.clients.order,
            ips: Rendered::new(clients, |i, buf| {
                render_ip_into(ip_template.as_ref(), i, buf)
            }),
            ip_template,
            paths,
            path_order: scenario.paths.order,
            rendered_paths: Rendered::new(paths, |i, buf| {
                path_template.render_into(u64::from(i), buf)
            }),
            path_template,
            zipf,
            methods,
        }
    }

    /// When the next steady arrival comes (the first at time 0), advancing the process.
    #[inline]
    pub fn next_arrival(&mut self, rng: &mut SimRng) -> Nanos {
        let at = self.next_at;
        let gap = match self.process {
            Process::Fixed => self.mean_gap_ns,
            Process::Poisson => self.exponential.sample(rng) * self.mean_gap_ns,
        };
        self.next_at += gap;
        // Half up by a cast (the value is never negative): cheaper than f64::round.
        (at + 0.5) as Nanos
    }

    /// Draw the attributes of request number `index` (counting every arrival).
    #[inline]
    pub fn draw(&self, index: u64, rng: &mut SimRng) -> Attrs {
        let client = match self.client_order {
            Order::Cycle => (index % u64::from(self.clients)) as u32,
            Order::Random => rng.random_range(0..self.clients),
        };
        let path = match (&self.zipf, self.path_order) {
            (_, Order::Cycle) => (index % u64::from(self.paths)) as u32,
            (Some(table), Order::Random) => table.sample(rng),
            (None, Order::Random) => rng.random_range(0..self.paths),
        };
        let method = if self.methods.len() == 1 {
            self.methods[0].0
        } else {
            let total = self.methods.last().map_or(1.0, |m| m.1);
            let x = rng.random::<f64>() * total;
            self.methods
                .iter()
                .find(|m| m.1 > x)
                .or(self.methods.last())
                .map_or(Method::Get, |m| m.0)
        };
        Attrs {
            client,
            path,
            method,
        }
    }

    /// Write client `client`'s IP into `buf` (cleared first).
    #[inline]
    pub fn render_ip(&self, client: u32, buf: &mut String) {
        buf.clear();
        match self.ips.as_ref().and_then(|r| r.get(client)) {
            Some(ip) => buf.push_str(ip),
            None => render_ip_into(self.ip_template.as_ref(), client, buf),
        }
    }

    /// Write path `path` into `buf` (cleared first).
    #[inline]
    pub fn render_path(&self, path: u32, buf: &mut String) {
        buf.clear();
        match self.rendered_paths.as_ref().and_then(|r| r.get(path)) {
            Some(p) => buf.push_str(p),
            None => self.path_template.render_into(u64::from(path), buf),
        }
    }

    /// Distinct clients requests come from.
    pub fn clients(&self) -> u32 {
        self.clients
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::seeded;
    use crate::scenario::{ArrivalSpec, MethodShare};

    #[test]
    fn templates_and_default_ips_render() {
        let mut buf = String::new();
        Template::new("/api/data/{i}").render_into(17, &mut buf);
        assert_eq!(buf, "/api/data/17");
        buf.clear();
        Template::new("{i}-{i}").render_into(0, &mut buf);
        assert_eq!(buf, "0-0");
        let t = Traffic::new(&Scenario::default());
        t.render_ip(65_536 + 258, &mut buf);
        assert_eq!(buf, "10.1.1.2");
        let mut s = String::new();
        push_decimal(&mut s, u64::MAX);
        assert_eq!(s, u64::MAX.to_string());
    }

    #[test]
    fn the_seed_demo_cycles_clients_and_paths() {
        let mut s = Scenario::default();
        s.clients.order = Order::Cycle;
        s.clients.count = 10;
        s.clients.ip_template = "192.168.1.{i}".into();
        s.paths.order = Order::Cycle;
        s.paths.count = 20;
        s.paths.template = "/api/data/{i}".into();
        let t = Traffic::new(&s);
        let mut rng = seeded(1);
        let mut buf = String::new();
        for i in 0..20 {
            let a = t.draw(i, &mut rng);
            t.render_ip(a.client, &mut buf);
            assert_eq!(buf, format!("192.168.1.{}", i % 10));
            t.render_path(a.path, &mut buf);
            assert_eq!(buf, format!("/api/data/{i}"));
        }
    }

    #[test]
    fn poisson_gaps_average_one_over_the_rate_and_fixed_gaps_are_exact() {
        let mut s = Scenario {
            arrivals: ArrivalSpec {
                process: Process::Poisson,
                rate_per_s: 1000.0,
                bursts: Vec::new(),
            },
            ..Scenario::default()
        };
        let mut t = Traffic::new(&s);
        let mut rng = seeded(3);
        let n = 100_000;
        let mut last = 0;
        for _ in 0..=n {
            last = t.next_arrival(&mut rng);
        }
        let mean_ms = last as f64 / n as f64 / 1e6;
        assert!((mean_ms - 1.0).abs() < 0.02, "{mean_ms}");
        s.arrivals.process = Process::Fixed;
        s.arrivals.rate_per_s = 3.0;
        let mut t = Traffic::new(&s);
        let times: Vec<Nanos> = (0..4).map(|_| t.next_arrival(&mut rng)).collect();
        assert_eq!(times, [0, 333_333_333, 666_666_667, 1_000_000_000]);
    }

    #[test]
    fn the_ziggurat_draws_a_standard_exponential() {
        let z = ExpZiggurat::default();
        assert!((z.x[0] - 8.697_117_470_131_05).abs() < 1e-9, "{}", z.x[0]);
        assert!(z.x.windows(2).all(|w| w[0] > w[1]));
        let mut rng = seeded(11);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| z.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            (mean - 1.0).abs() < 0.01 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
        // P(X > 1) = 1/e, P(X > 3) = e^-3.
        let above = |t: f64| xs.iter().filter(|&&x| x > t).count() as f64 / n as f64;
        assert!((above(1.0) - (-1.0f64).exp()).abs() < 0.005);
        assert!((above(3.0) - (-3.0f64).exp()).abs() < 0.002);
        assert!(xs.iter().all(|&x| x >= 0.0 && x.is_finite()));
    }

    #[test]
    fn the_alias_table_reproduces_its_weights() {
        let w = [5.0, 1.0, 0.0, 2.0, 0.5];
        let t = AliasTable::new(&w);
        let total: f64 = w.iter().sum();
        for (i, x) in w.iter().enumerate() {
            assert!((t.probability(i) - x / total).abs() < 1e-12, "{i}");
        }
        let mut rng = seeded(2);
        let mut counts = [0u32; 5];
        for _ in 0..85_000 {
            counts[t.sample(&mut rng) as usize] += 1;
        }
        assert_eq!(counts[2], 0);
        assert!((f64::from(counts[0]) / 85_000.0 - 5.0 / 8.5).abs() < 0.01);
        let big = Traffic::new(&Scenario {
            paths: crate::scenario::PathSpec {
                count: 100_000,
                ..Default::default()
            },
            ..Scenario::default()
        });
        let mut buf = String::new();
        big.render_path(99_999, &mut buf);
        assert_eq!(
            buf, "/item/99999",
            "rendered per request beyond the pre-rendered size"
        );
    }

    #[test]
    fn zipf_makes_path_zero_the_hottest_and_methods_follow_shares() {
        let mut s = Scenario::default();
        s.paths.count = 100;
        s.paths.zipf = 1.0;
        s.methods = vec![
            MethodShare {
                method: Method::Get,
                share: 3.0,
            },
            MethodShare {
                method: Method::Post,
                share: 1.0,
            },
        ];
        let t = Traffic::new(&s);
        let mut rng = seeded(5);
        let mut counts = [0u32; 100];
        let mut posts = 0;
        let n = 100_000;
        for i in 0..n {
            let a = t.draw(i, &mut rng);
            counts[a.path as usize] += 1;
            posts += u32::from(a.method == Method::Post);
        }
        // H(100) ≈ 5.187: path 0 takes ≈ 19.3 %, path 1 half of that.
        let p0 = f64::from(counts[0]) / n as f64;
        assert!((p0 - 0.193).abs() < 0.01, "{p0}");
        assert!(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[99]);
        let post_share = f64::from(posts) / n as f64;
        assert!((post_share - 0.25).abs() < 0.01, "{post_share}");
    }
}
