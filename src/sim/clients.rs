//! The clients: when requests arrive and what they ask for.
//!
//! Arrivals are a Poisson process (exponential gaps, −ln(1 − u) / λ) or a fixed interval, plus
//! bursts. Each request takes a client (client IP) and a path from configurable pools, either in
//! turn (request n takes entry n mod count, as the seed's demo does) or at random; random paths
//! follow a Zipf law (popularity of path k ∝ 1 / (k + 1)^s; Zipf 1949, Breslau et al. 1999 for web
//! requests) sampled by binary search over a precomputed CDF. Methods come from weighted shares.
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

/// What one request asks for, as numbers (rendered on demand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attrs {
    pub client: u32,
    pub path: u32,
    pub method: Method,
}

/// The traffic model of a scenario.
#[derive(Clone, Debug)]
pub struct Traffic {
    process: Process,
    mean_gap_ns: f64,
    /// Time of the next steady arrival, kept fractional so fixed gaps do not drift.
    next_at: f64,
    clients: u32,
    client_order: Order,
    ip_template: Option<Template>,
    paths: u32,
    path_order: Order,
    path_template: Template,
    /// Zipf CDF over paths; empty for uniform.
    zipf_cdf: Vec<f64>,
    /// Cumulative method shares.
    methods: Vec<(Method, f64)>,
}

impl Traffic {
    pub fn new(scenario: &Scenario) -> Self {
        let paths = scenario.paths.count.max(1);
        let zipf_cdf = if scenario.paths.zipf > 0.0 && scenario.paths.order == Order::Random {
            let mut cdf = Vec::with_capacity(paths as usize);
            let mut sum = 0.0;
            for k in 0..paths {
                sum += libm::pow(f64::from(k) + 1.0, -scenario.paths.zipf);
                cdf.push(sum);
            }
            for c in &mut cdf {
                *c /= sum;
            }
            cdf
        } else {
            Vec::new()
        };
        let mut total = 0.0;
        let methods = scenario
            .methods
            .iter()
            .map(|m| {
                total += m.share;
                (m.method, total)
            })
            .collect();
        Self {
            process: scenario.arrivals.process,
            mean_gap_ns: 1e9 / scenario.arrivals.rate_per_s,
            next_at: 0.0,
            clients: scenario.clients.count.max(1),
            client_order: scenario.clients.order,
            ip_template: (!scenario.clients.ip_template.is_empty())
                .then(|| Template::new(&scenario.clients.ip_template)),
            paths,
            path_order: scenario.paths.order,
            path_template: Template::new(&scenario.paths.template),
            zipf_cdf,
            methods,
        }
    }

    /// When the next steady arrival comes (the first at time 0), advancing the process.
    pub fn next_arrival(&mut self, rng: &mut SimRng) -> Nanos {
        let at = self.next_at;
        let gap = match self.process {
            Process::Fixed => self.mean_gap_ns,
            Process::Poisson => {
                let u: f64 = rng.random();
                -libm::log1p(-u) * self.mean_gap_ns
            }
        };
        self.next_at += gap;
        at.round() as Nanos
    }

    /// Draw the attributes of request number `index` (counting every arrival).
    #[inline]
    pub fn draw(&self, index: u64, rng: &mut SimRng) -> Attrs {
        let client = match self.client_order {
            Order::Cycle => (index % u64::from(self.clients)) as u32,
            Order::Random => rng.random_range(0..self.clients),
        };
        let path = match self.path_order {
            Order::Cycle => (index % u64::from(self.paths)) as u32,
            Order::Random if self.zipf_cdf.is_empty() => rng.random_range(0..self.paths),
            Order::Random => {
                let u: f64 = rng.random();
                (self.zipf_cdf.partition_point(|&c| c <= u) as u32).min(self.paths - 1)
            }
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
        match &self.ip_template {
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

    /// Write path `path` into `buf` (cleared first).
    #[inline]
    pub fn render_path(&self, path: u32, buf: &mut String) {
        buf.clear();
        self.path_template.render_into(u64::from(path), buf);
    }

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
