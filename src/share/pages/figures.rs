//! The worked example's figures, held to the engine. Every number the page states, in either
//! language, sits in an element marked `data-figure="NAME"`; this test computes each NAME with the
//! engine, from the very links the page's frames open (so text, frames and engine agree), and
//! fails if the page says otherwise. A digit anywhere else in the page's visible text (outside
//! code, the citations' `<cite>` and the figures) fails too: a number cannot be added by hand.

use std::collections::BTreeMap;

use super::{Page, attributes, body_text, marked, read, source};
use crate::engine::analyze::{Membership, churn, imbalance};
use crate::engine::churn::ring_spread;
use crate::engine::hashing::ring::NGINX_POINTS_PER_WEIGHT;
use crate::engine::seed::SEED_VIRTUAL_NODES;
use crate::engine::{
    AnyStrategy, Balancer, Note, Request, RingFlavor, Step, StrategyConfig, StrategyKind, Variant,
    seeded,
};
use crate::share::i18n::Lang;
use crate::share::lessons::tests::pool;
use crate::share::permalink::{Link, View};

/// The keys the figures route: `/api/data/0` … `/api/data/9999`, as `engine::analyze` names them.
const KEYS: u64 = 10_000;

/// A figure in each language, English first.
type Figures = BTreeMap<&'static str, [String; 2]>;

fn same(text: String) -> [String; 2] {
    [text.clone(), text]
}

/// A small count in words, as the pages write it ("five servers", "五台服务器").
fn words(n: usize) -> [String; 2] {
    const EN: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    const ZH: [&str; 11] = [
        "零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    [EN[n].to_string(), ZH[n].to_string()]
}

fn percent(fraction: f64) -> [String; 2] {
    same(format!("{:.0}%", fraction * 100.0))
}

/// A multiple of the fair share: "2.6×", "2.6 倍".
fn times(x: f64, decimals: usize) -> [String; 2] {
    [format!("{x:.decimals$}×"), format!("{x:.decimals$} 倍")]
}

/// A whole number with thousands separators, as both pages write it: "10,000".
fn thousands(n: usize) -> [String; 2] {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    same(out)
}

/// The page's frame showing `view`, read as the playground reads it.
fn frame(page: &str, view: View) -> Link {
    let found: Vec<Link> = attributes(page, "src")
        .iter()
        .filter_map(|src| src.strip_prefix("index.html?"))
        .map(read)
        .filter(|s| s.embed && s.view == view)
        .collect();
    assert_eq!(found.len(), 1, "one {view:?} frame");
    found.into_iter().next().unwrap()
}

/// The ring section: five servers, one point each (the ring frame), then 160 each, and what
/// removing the third server moves under modulo hashing and under the ring.
fn ring_figures(ring: &Link, out: &mut Figures) {
    let servers = pool(ring);
    let n = servers.len();
    out.insert("servers", words(n));
    out.insert("n", same(n.to_string()));
    out.insert("n-after", same((n - 1).to_string()));
    out.insert("keys", thousands(KEYS as usize));
    out.insert("last-key", same((KEYS - 1).to_string()));

    let removed = servers[2].id.clone();
    out.insert("removed", same(removed.clone()));
    let remove = Membership::Remove(removed);
    let modulo_config = StrategyConfig::new(StrategyKind::UrlHash);
    let modulo = churn(&modulo_config, servers.clone(), &remove, KEYS, 0, 1).unwrap();
    let ring_config = StrategyConfig::new(StrategyKind::ConsistentHash);
    let moved = churn(&ring_config, servers.clone(), &remove, KEYS, 0, 1).unwrap();
    // "Not one key moves between two servers that both stayed", and the removed server "owned a
    // little more than its fair share".
    assert_eq!(
        moved.needless, 0,
        "the ring moves only the removed server's keys"
    );
    assert!((moved.ideal..moved.ideal + 0.05).contains(&moved.moved_fraction));
    assert_eq!(moved.n, n);
    out.insert("modulo-moved", percent(modulo.moved_fraction));
    out.insert("ring-moved", percent(moved.moved_fraction));
    out.insert("ideal", percent(moved.ideal));
    let of_n = |fraction: f64| words((fraction * n as f64).round() as usize);
    out.insert("modulo-in-n", of_n(modulo.moved_fraction));
    out.insert("ideal-in-n", of_n(moved.ideal));

    let points = ring_config.points_per_weight;
    assert!(servers.iter().all(|s| s.weight == 1), "points per server");
    out.insert("points", same(points.to_string()));
    out.insert("nginx-points", same(NGINX_POINTS_PER_WEIGHT.to_string()));
    out.insert("tutorial-points", same(SEED_VIRTUAL_NODES.to_string()));
    let balancer = Balancer::new(ring_config.clone(), servers.clone()).unwrap();
    let AnyStrategy::HashRing(hash_ring) = balancer.strategy() else {
        unreachable!("consistent_hash builds a ring")
    };
    out.insert(
        "hash-space",
        same(format!("2<sup>{}</sup>", hash_ring.hash_bits())),
    );

    // The frame: one point per server. Its arcs, as the ring view's legend shows them.
    let one = ring.strategy_config();
    assert_eq!(one.points_per_weight, 1);
    out.insert("one-point", words(1));
    let spread = ring_spread(&servers, 1, RingFlavor::Fulcrum).unwrap();
    let by_share = |pick: fn(f64, f64) -> bool| {
        let mut best = 0;
        for (i, &share) in spread.shares.iter().enumerate() {
            if pick(share, spread.shares[best]) {
                best = i;
            }
        }
        (servers[best].id.clone(), spread.shares[best])
    };
    let (longest, long_share) = by_share(|a, b| a > b);
    let (shortest, short_share) = by_share(|a, b| a < b);
    out.insert("longest-arc-owner", same(longest));
    out.insert("longest-arc", percent(long_share));
    out.insert("shortest-arc-owner", same(shortest));
    out.insert("shortest-arc", percent(short_share));

    let uneven = imbalance(&one, servers.clone(), KEYS, 0, 1).unwrap();
    out.insert("one-point-max", times(uneven.max_over_mean, 1));
    let even = imbalance(&ring_config, servers, KEYS, 0, 1).unwrap();
    out.insert("many-max", times(even.max_over_mean, 2));
}

/// The lookup section: the tutorial demo's pool in the lookup frame, its ring's size, the
/// tutorial's linear scan and the corrected ring's binary search.
fn lookup_figures(lookup: &Link, out: &mut Figures) {
    let servers = pool(lookup);
    let ids: Vec<&str> = servers.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["server1", "server2", "server3", "server4"],
        "written server1–4"
    );
    out.insert("demo-servers", words(servers.len()));
    out.insert("demo-ids", same("server1–4".to_string()));
    let weights: Vec<String> = servers.iter().map(|s| s.weight.to_string()).collect();
    out.insert("demo-weights", [weights.join(", "), weights.join("、")]);
    let total: u32 = servers.iter().map(|s| s.weight).sum();
    out.insert("demo-weight", same(total.to_string()));
    out.insert("lookup-key", same(lookup.key.clone()));

    // The tutorial's ring: the same key looked up many times, as the lookup view steps it.
    let mut config = lookup.strategy_config();
    config.variant = Variant::Seed;
    let mut balancer = Balancer::new(config.clone(), servers.clone()).unwrap();
    let mut rng = seeded(lookup.seed);
    let (mut scanned, mut ring_size, picks) = (0usize, 0usize, 1000u64);
    for i in 0..picks {
        let request = Request::get(i, lookup.key.clone(), "192.168.1.7");
        let (_, trace) = balancer.pick_explained(&request, &mut rng, 0);
        let (seen, total) = trace
            .iter()
            .find_map(|st| match st {
                Step::Note(Note::LinearScan { scanned, total, .. }) => Some((*scanned, *total)),
                _ => None,
            })
            .expect("the tutorial's ring notes its scan");
        scanned += seen;
        ring_size = total;
    }
    assert_eq!(ring_size, servers.len() * SEED_VIRTUAL_NODES as usize);
    out.insert("tutorial-ring", same(ring_size.to_string()));
    // "About N": the mean, to the nearest 10.
    let mean = scanned as f64 / picks as f64;
    out.insert(
        "tutorial-scan",
        same(((mean / 10.0).round() * 10.0).to_string()),
    );

    // The corrected ring of the frame: its points and the most probes any key needs.
    config.variant = Variant::Corrected;
    let mut balancer = Balancer::new(config, servers).unwrap();
    let (mut points, mut most) = (0, 0);
    for i in 0..KEYS {
        let request = Request::get(i, format!("/api/data/{i}"), "192.168.1.7");
        let (_, trace) = balancer.pick_explained(&request, &mut rng, 0);
        most = most.max(
            trace
                .iter()
                .filter(|st| matches!(st, Step::RingProbe { .. }))
                .count(),
        );
        if let Some(Step::RingRange { of, .. }) =
            trace.iter().find(|st| matches!(st, Step::RingRange { .. }))
        {
            points = *of;
        }
    }
    assert_eq!(
        points,
        (total * lookup.strategy_config().points_per_weight) as usize
    );
    out.insert("demo-points", thousands(points));
    out.insert("max-probes", same(most.to_string()));
}

/// Every figure of the worked example, from the frames of `page` (either language).
fn figures(page: &str) -> Figures {
    let mut out = Figures::new();
    let frames = attributes(page, "src")
        .iter()
        .filter(|src| src.starts_with("index.html?"))
        .count();
    out.insert("frames", words(frames));
    ring_figures(&frame(page, View::Ring), &mut out);
    lookup_figures(&frame(page, View::Lookup), &mut out);
    let compare = frame(page, View::Compare);
    let caches: Vec<u32> = compare
        .scenario()
        .servers
        .iter()
        .map(|s| s.cache_size)
        .collect();
    assert!(caches.windows(2).all(|w| w[0] == w[1]), "{caches:?}");
    out.insert("compare-servers", words(caches.len()));
    out.insert("cache", same(caches[0].to_string()));
    out
}

/// English words may start a sentence: "Four keys in five".
fn matches(shown: &str, want: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => {
            let mut a = shown.chars();
            let mut b = want.chars();
            a.next().map(|c| c.to_ascii_lowercase()) == b.next() && a.as_str() == b.as_str()
        }
        Lang::Zh => shown == want,
    }
}

#[test]
fn every_figure_of_the_worked_example_is_the_engines() {
    for lang in Lang::ALL {
        let page = source(Page::WorkedExample, lang);
        let want = figures(&page);
        let shown = marked(&page);
        let mut wrong = Vec::new();
        for (name, text) in &shown {
            let Some(expected) = want.get(name.as_str()) else {
                panic!("{lang:?}: no computation for data-figure=\"{name}\"");
            };
            let expected = &expected[lang as usize];
            if !matches(text, expected, lang) {
                wrong.push(format!(
                    "{name}: the page says {text:?}, the engine {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{lang:?}:\n{}", wrong.join("\n"));
        // Every computed figure is stated, in each language.
        for name in want.keys() {
            assert!(
                shown.iter().any(|(n, _)| n == name),
                "{lang:?}: the page no longer states {name}"
            );
        }
        // And no other number.
        let text = body_text(&page, &["code", "pre", "cite"]);
        let stray: Vec<&str> = text
            .lines()
            .filter(|l| l.chars().any(|c| c.is_ascii_digit()))
            .collect();
        assert!(
            stray.is_empty(),
            "{lang:?}: numbers not held to the engine: {stray:?}"
        );
    }
}
