//! Tests that run in headless Chromium (wasm-bindgen-test): the wasm build gives byte-for-byte
//! the fingerprints the native build gives (tests/golden/determinism.json for the engine,
//! tests/golden/sim_determinism.json for the simulator): same scenario and seed, same results;
//! and the playground's components, each mounted into a fresh element (`mod ui`).
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_engine_matches_native_golden() {
    let got = common::determinism::fingerprint();
    let want = include_str!("golden/determinism.json");
    assert!(
        got == want,
        "wasm engine differs from the native golden fingerprint"
    );
}

#[wasm_bindgen_test]
fn wasm_simulation_matches_native_golden() {
    let got = common::determinism::sim_fingerprint();
    let want = include_str!("golden/sim_determinism.json");
    assert!(
        got == want,
        "wasm simulator differs from the native golden fingerprint"
    );
}

/// A benchmark, not a test: simulate 1,000,000 requests of round_robin over 10 servers in the
/// browser and print the time the Performance API measured. `scripts/bench.sh` runs it with
/// `--include-ignored` and copies the figure into BENCHMARKS.md.
#[wasm_bindgen_test]
#[ignore = "a benchmark: run by scripts/bench.sh"]
fn bench_one_million_requests_in_the_browser() {
    use fulcrum::engine::{StrategyConfig, StrategyKind};
    use fulcrum::sim::Simulation;
    let performance = web_sys::window().unwrap().performance().unwrap();
    let scenario = common::speed::speed_scenario(1_000_000);
    let start = performance.now();
    let mut sim =
        Simulation::with_strategy(&scenario, &StrategyConfig::new(StrategyKind::RoundRobin), 1)
            .unwrap();
    let report = sim.run();
    let ms = performance.now() - start;
    assert_eq!(report.stats.total_requests, 1_000_000);
    wasm_bindgen_test::console_log!(
        "BENCH wasm_sim_1m_round_robin {ms:.1} ms ({:.2} M requests/s)",
        1_000.0 / ms
    );
}

/// Component tests: each view mounted into a fresh element, as the playground mounts it.
mod ui {
    use std::rc::Rc;
    use std::time::Duration;

    use fulcrum::engine::{Status, StrategyKind};
    use fulcrum::playground::live::{Command, Live};
    use fulcrum::playground::motion::{Fate, FlowLayout, Motion, Token};
    use fulcrum::playground::settings::{Settings, parse_decimal, parse_real, parse_whole};
    use fulcrum::playground::snapshot::{RingShape, ServerLabel, ServerRow};
    use fulcrum::ui::views::pool::{PoolProps, ServerPool};
    use fulcrum::ui::views::ring::{RingProps, RingView};
    use fulcrum::ui::views::tables::distribution::{DistributionTable, TableProps};
    use fulcrum::ui::widgets::slider::{Slider, SliderProps, Unit};
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::Element;
    use yew::{AttrValue, BaseComponent, Callback};

    /// The page's strings, as the site installs them from its catalog files.
    fn strings() {
        use fulcrum::share::i18n::{Lang, install};
        let _ = install(Lang::En, include_str!("../www/lang/en.txt").to_owned());
        let _ = install(Lang::Zh, include_str!("../www/lang/zh.txt").to_owned());
    }

    #[wasm_bindgen_test]
    fn strings_come_from_the_installed_catalogs() {
        use fulcrum::share::i18n::{Lang, Text, installed};
        strings();
        assert!(installed(Lang::En) && installed(Lang::Zh));
        assert_eq!(Text::VirtualNodes.get(Lang::En), "Virtual nodes");
        assert_eq!(Text::VirtualNodes.get(Lang::Zh), "虚拟节点");
        assert_eq!(
            Text::WeightValue.fill(Lang::Zh, &["weight"], &[&3]),
            "权重 3"
        );
    }

    /// Mount `C` with `props` into a new element and wait for it to render.
    async fn mount<C: BaseComponent>(props: C::Properties) -> Element {
        strings();
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
        yew::platform::time::sleep(Duration::from_millis(20)).await;
        root
    }

    fn count(root: &Element, needle: &str) -> usize {
        root.inner_html().matches(needle).count()
    }

    fn row(index: usize, status: Status, requests: u64, share: f64, expected: f64) -> ServerRow {
        ServerRow {
            index,
            id: format!("server{}", index + 1),
            endpoint: format!("localhost:{}", 8001 + index),
            in_pool: true,
            status,
            draining: false,
            eligible: status == Status::Healthy,
            weight: 1,
            connections: 3,
            max_connections: 1000,
            capacity: 0,
            avg_ms: Some(12.5),
            p95_ms: Some(20.0),
            requests,
            ok: requests,
            failed: 0,
            share,
            expected_share: expected,
            recent_share: Some(share),
            latency_ms: 10.0,
            error_rate: 0.0,
        }
    }

    #[wasm_bindgen_test]
    async fn the_distribution_table_shows_share_expected_share_and_deviation() {
        let servers = Rc::new(vec![
            row(0, Status::Healthy, 30, 0.75, 0.5),
            row(1, Status::Unhealthy, 10, 0.25, 0.5),
        ]);
        let root = mount::<DistributionTable>(TableProps {
            servers,
            lang: Default::default(),
        })
        .await;
        let table = root
            .query_selector("table[aria-label='Distribution']")
            .unwrap()
            .unwrap();
        let text = table.text_content().unwrap();
        assert!(
            text.contains("server1") && text.contains("30") && text.contains("75.0%"),
            "{text}"
        );
        assert!(
            text.contains("50.0%") && text.contains("+25.0 pts") && text.contains("-25.0 pts"),
            "{text}"
        );
        assert_eq!(
            count(&table, "<tr"),
            3,
            "a header row and one row per server"
        );
    }

    #[wasm_bindgen_test]
    async fn the_pool_names_each_server_and_its_status_in_words_and_colour() {
        let selected = Rc::new(std::cell::Cell::new(None));
        let seen = selected.clone();
        let servers = Rc::new(vec![
            row(0, Status::Healthy, 5, 0.5, 0.5),
            row(1, Status::Unhealthy, 5, 0.5, 0.5),
        ]);
        let root = mount::<ServerPool>(PoolProps {
            servers,
            columns: 2,
            editing: None,
            on_select: Callback::from(move |i| seen.set(Some(i))),
            lang: fulcrum::share::i18n::Lang::En,
        })
        .await;
        let svg = root
            .query_selector("svg[aria-label='Server pool']")
            .unwrap()
            .unwrap();
        assert_eq!(svg.get_attribute("role").as_deref(), Some("group"));
        let second = svg
            .query_selector("g[role='button'].status-unhealthy")
            .unwrap()
            .unwrap();
        let label = second.get_attribute("aria-label").unwrap();
        assert!(label.starts_with("server2: unhealthy"), "{label}");
        assert!(
            second.text_content().unwrap().contains("unhealthy"),
            "status written out, not only coloured"
        );
        assert!(
            second
                .get_attribute("class")
                .unwrap()
                .contains("ineligible")
        );
        // A click on a card (bubbling, as a user's does) selects that server.
        js_sys::eval(
            "document.querySelector(\"svg[aria-label='Server pool'] g.status-unhealthy\")\
             .dispatchEvent(new MouseEvent('click', { bubbles: true }))",
        )
        .unwrap();
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(selected.get(), Some(1));
    }

    #[wasm_bindgen_test]
    async fn the_ring_draws_one_path_per_owner() {
        let shape = Rc::new(RingShape::Ring {
            label: fulcrum::playground::snapshot::RingLabel {
                kind: fulcrum::playground::snapshot::RingKind::Fulcrum,
                points: 3,
                load_factor: None,
                every: 1,
            },
            points: 3,
            paths: vec![(0, "M1 1L2 2M3 3L4 4".into()), (1, "M5 5L6 6".into())],
            owned: vec![(0, 2, 6000), (1, 1, 4000)],
        });
        let servers = Rc::new(
            (0..2)
                .map(|i| ServerLabel {
                    index: i,
                    id: format!("server{}", i + 1),
                    in_pool: true,
                    status: Status::Healthy,
                    draining: false,
                    eligible: true,
                    weight: 1,
                })
                .collect::<Vec<_>>(),
        );
        let root = mount::<RingView>(RingProps {
            shape,
            servers,
            lang: fulcrum::share::i18n::Lang::En,
        })
        .await;
        let svg = root
            .query_selector("svg[aria-label='Hash ring']")
            .unwrap()
            .unwrap();
        assert_eq!(svg.get_attribute("data-points").as_deref(), Some("3"));
        assert_eq!(count(&svg, "<path"), 2);
        assert!(
            svg.query_selector("path[data-owner='server2']")
                .unwrap()
                .is_some()
        );
    }

    #[wasm_bindgen_test]
    async fn a_slider_is_named_by_its_label_and_speaks_its_value() {
        let root = mount::<Slider>(SliderProps {
            id: AttrValue::from("speed"),
            label: AttrValue::from("Speed"),
            ladder: fulcrum::playground::settings::SPEED,
            unit: Unit::Times,
            value: 4.0,
            onchange: Callback::noop(),
            disabled: false,
            hint: None,
            lang: fulcrum::share::i18n::Lang::En,
        })
        .await;
        let label = root.query_selector("label").unwrap().unwrap();
        assert_eq!(label.get_attribute("for").as_deref(), Some("speed"));
        assert_eq!(label.text_content().as_deref(), Some("Speed"));
        let input = root.query_selector("input#speed").unwrap().unwrap();
        assert_eq!(input.get_attribute("aria-valuetext").as_deref(), Some("4×"));
        assert_eq!(input.get_attribute("max").as_deref(), Some("6"));
    }

    #[wasm_bindgen_test]
    fn typed_values_are_clamped_with_a_note() {
        strings();
        use fulcrum::playground::settings::Field;
        let (v, note) = parse_whole(Field::Seed, "-5", 0, 100, 7);
        assert_eq!(v, 0);
        assert!(
            note.unwrap()
                .message(fulcrum::share::i18n::Lang::En)
                .contains("Seed must be a whole number from 0 to 100")
        );
        let (v, note) = parse_whole(Field::Seed, "abc", 0, 100, 7);
        assert_eq!(v, 7, "unreadable text keeps the old value");
        assert!(note.is_some());
        let (v, note) = parse_whole(Field::Seed, " 42 ", 0, 100, 7);
        assert!(v == 42 && note.is_none());
        let (v, note) = parse_real(Field::ErrorRate("server1".into()), "250", 0.0, 100.0, 1.0);
        assert_eq!(v, 100.0);
        assert!(note.is_some());
        let (v, _) = parse_real(Field::Latency("server1".into()), "NaN", 0.0, 10.0, 3.0);
        assert_eq!(v, 3.0);
    }

    #[wasm_bindgen_test]
    fn settings_go_into_a_link_and_back_unchanged() {
        use fulcrum::scenario::PRESETS;
        use fulcrum::share::permalink;
        let extra = permalink::Link::default();
        for preset in PRESETS {
            for kind in [StrategyKind::ConsistentHash, StrategyKind::LeastConnections] {
                let mut s = Settings::for_preset(preset, kind, fulcrum::engine::Variant::Seed, 42);
                let query = s.to_link(&extra).to_query();
                let (back, notes) = permalink::Link::from_query(&query);
                assert!(notes.is_empty(), "{query}: {notes:?}");
                assert_eq!(Settings::from_link(&back), s, "{query}");
                // Edited: sliders between rungs, a server's own latency, error rate and limit.
                s.rate = 333.0;
                s.set_latency(45.0);
                s.virtual_nodes = 20;
                s.speed = 4.0;
                s.health_interval_ms = 750.0;
                s.servers[0].latency_ms = 7.0;
                s.servers[0].error_rate = 0.25;
                s.servers[0].max_connections = 9;
                s.add_server(0.0).unwrap();
                let query = s.to_link(&extra).to_query();
                let (back, notes) = permalink::Link::from_query(&query);
                assert!(notes.is_empty(), "{query}: {notes:?}");
                assert_eq!(Settings::from_link(&back), s, "{query}");
            }
        }
        // The preset's own values are left out of the link.
        let plain = Settings::default().to_link(&extra).to_query();
        assert_eq!(plain, "preset=seed-demo&strategy=round_robin&seed=1");
    }

    #[wasm_bindgen_test]
    fn typed_decimals_read_as_rust_reads_them() {
        // The browser reads the value; the grammar is Rust's, so what parseFloat would accept
        // beyond it ("12abc", "0x10", "Infinity", "") is refused.
        for text in [
            "0",
            "-1.5",
            "+2",
            ".5",
            "2.",
            "1e3",
            "1E-3",
            "2.5e+2",
            "0.1",
            "123456789.123456789",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in [
            "", ".", "-", "e5", "1e", "1e+", "12abc", "0x10", "Infinity", "inf", "NaN", " 1", "1 ",
            "1..2",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    #[wasm_bindgen_test]
    fn the_live_model_steps_one_request_and_explains_it() {
        strings();
        let mut live = Live::new(Settings::default());
        live.apply(Command::Step, 0.0);
        let snap = live.take_snapshot();
        let last = snap.last.clone().expect("a pick");
        assert_eq!(last.request, 0);
        assert_eq!(
            last.narration(fulcrum::share::i18n::Lang::En),
            "request 0: GET /api/data/0 from 192.168.1.0 → cursor 0 of 4 → server1"
        );
        // The same settings give the same run: a second model picks the same servers.
        let mut other = Live::new(Settings::default());
        other.apply(Command::Step, 0.0);
        for _ in 0..5 {
            live.apply(Command::Step, 0.0);
            other.apply(Command::Step, 0.0);
        }
        assert_eq!(
            live.take_snapshot()
                .last
                .as_ref()
                .unwrap()
                .narration(fulcrum::share::i18n::Lang::En),
            other
                .take_snapshot()
                .last
                .as_ref()
                .unwrap()
                .narration(fulcrum::share::i18n::Lang::En)
        );
        // Out-of-range strategy names are refused with a note, never a panic.
        let notes = live.apply(Command::Strategy("fastest".into()), 0.0);
        assert!(
            notes[0]
                .message(fulcrum::share::i18n::Lang::En)
                .contains("unknown strategy 'fastest'")
        );
        let notes = live.apply(Command::Strategy(StrategyKind::Maglev.name().into()), 0.0);
        assert!(notes.is_empty());
        assert!(matches!(
            *live.take_snapshot().ring,
            RingShape::Maglev { .. }
        ));
    }

    #[wasm_bindgen_test]
    fn tokens_show_their_outcome_only_on_the_way_back() {
        let layout = FlowLayout::new(4, false);
        let mut motion = Motion::default();
        let mut t = Token::new(0.0);
        t.server = Some(1);
        t.done = Some(10.0);
        t.fate = Fate::Ok;
        motion.tokens.insert(7, t);
        let going = motion.frame(100.0, 320.0, &layout);
        assert_eq!(
            going.counts[Fate::Pending as usize],
            1,
            "still in flight on the way out"
        );
        let back = motion.frame(700.0, 320.0, &layout);
        assert_eq!(
            back.counts[Fate::Ok as usize],
            1,
            "a success on the way back"
        );
        let gone = motion.frame(2000.0, 320.0, &layout);
        assert_eq!(gone.counts.iter().sum::<u32>(), 0);
        assert!(motion.tokens.is_empty());
    }

    #[wasm_bindgen_test]
    fn fixed_point_text_matches_the_exact_formatter_away_from_ties() {
        use fulcrum::playground::decimal::{fixed, push_all};
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 4000.0;
            for digits in 0..=3 {
                let scaled = v * [1.0, 10.0, 100.0, 1000.0][digits];
                let frac = (scaled - scaled.trunc()).abs();
                if (0.499..0.501).contains(&frac) {
                    continue;
                }
                let want = format!("{v:.digits$}");
                // A rounded zero has no sign here.
                let want = if want.trim_start_matches(['-', '0', '.']).is_empty() {
                    want.trim_start_matches('-').to_string()
                } else {
                    want
                };
                assert_eq!(fixed(v, digits), want, "{v}");
            }
        }
        assert_eq!(fixed(0.0, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.26, 1), "-2.3");
        assert_eq!(fixed(0.05, 2), "0.05");
        assert_eq!(fixed(123.0, 0), "123");
        assert_eq!(fixed(9.96, 1), "10.0");
        assert_eq!(fixed(f64::INFINITY, 1), "inf");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        let mut s = String::from("M");
        push_all(&mut s, &[1.25, -3.0]);
        assert_eq!(s, "M1.3 -3.0");
    }
}
