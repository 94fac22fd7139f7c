//! Tests that run in headless Chromium (wasm-bindgen-test): the wasm build gives byte-for-byte
//! the fingerprints the native build gives (tests/golden/determinism.json for the engine,
//! tests/golden/sim_determinism.json for the simulator): same scenario and seed, same results;
//! and the playground's components, each mounted into a fresh element (`mod ui`). The page's
//! model (`src/playground/`) is plain Rust and is tested natively, beside its code.
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

    use fulcrum::engine::Status;
    use fulcrum::playground::failure::{Failure, ServerLatency};
    use fulcrum::playground::snapshot::{RingShape, ServerLabel, ServerRow};
    use fulcrum::ui::views::pool::{PoolProps, ServerPool};
    use fulcrum::ui::views::ring::{RingProps, RingView};
    use fulcrum::ui::views::tables::distribution::{DistributionTable, TableProps};
    use fulcrum::ui::widgets::slider::{Slider, SliderProps, Unit};
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::Element;
    use yew::{AttrValue, BaseComponent, Callback};

    /// The page's strings and the later module's, as the site installs them from its catalog
    /// files.
    fn strings() {
        use fulcrum::share::i18n::{Lang, LaterText, Table, Text};
        let _ = Text::install(Lang::En, include_str!("../www/lang/en.txt").to_owned());
        let _ = Text::install(Lang::Zh, include_str!("../www/lang/zh.txt").to_owned());
        let _ = LaterText::install(
            Lang::En,
            include_str!("../www/lang/later/en.txt").to_owned(),
        );
        let _ = LaterText::install(
            Lang::Zh,
            include_str!("../www/lang/later/zh.txt").to_owned(),
        );
    }

    #[wasm_bindgen_test]
    fn strings_come_from_the_installed_catalogs() {
        use fulcrum::share::i18n::{Lang, LaterText, Table, Text};
        strings();
        assert!(Text::installed(Lang::En) && Text::installed(Lang::Zh));
        assert!(LaterText::installed(Lang::En) && LaterText::installed(Lang::Zh));
        assert_eq!(LaterText::Pseudocode.get(Lang::Zh), "伪代码");
        // One table's file is refused as the other's.
        assert!(
            Text::install(
                Lang::En,
                include_str!("../www/lang/later/en.txt").to_owned()
            )
            .is_err()
        );
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
            latency: ServerLatency {
                ok: Some([12.5, 12.0, 20.0, 22.0]),
                recent_failures: 0,
                recent_attempts: requests as usize,
            },
            failure: Failure::None,
            requests,
            ok: requests,
            failed: 0,
            share,
            expected_share: expected,
            by_weight: true,
            recent_share: Some(share),
            latency_ms: 10.0,
            slower: 1,
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
        let pool = root
            .query_selector("[aria-label='Server pool']")
            .unwrap()
            .unwrap();
        assert_eq!(pool.get_attribute("role").as_deref(), Some("group"));
        let second = pool
            .query_selector("[role='button'].status-unhealthy")
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
            "document.querySelector(\"[aria-label='Server pool'] .status-unhealthy\")\
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
                    failure: Failure::None,
                    slower: 1,
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
            term: None,
        })
        .await;
        let label = root.query_selector("label").unwrap().unwrap();
        assert_eq!(label.get_attribute("for").as_deref(), Some("speed"));
        assert_eq!(label.text_content().as_deref(), Some("Speed"));
        let input = root.query_selector("input#speed").unwrap().unwrap();
        assert_eq!(input.get_attribute("aria-valuetext").as_deref(), Some("4×"));
        assert_eq!(input.get_attribute("max").as_deref(), Some("6"));
    }

    /// Envoy least request shows its choice_count (the page's d) and its active_request_bias,
    /// labelled in either language, the link's bias selected; other strategies show neither.
    #[wasm_bindgen_test]
    async fn envoy_least_request_shows_its_choice_count_and_bias_and_no_other_strategy_does() {
        use fulcrum::engine::StrategyKind;
        use fulcrum::playground::settings::Settings;
        use fulcrum::share::i18n::{Lang, Text};
        use fulcrum::ui::controls::{Controls, ControlsProps};
        for lang in [Lang::En, Lang::Zh] {
            let settings = Settings {
                kind: StrategyKind::EnvoyLeastRequest,
                d: 3,
                active_request_bias: Some(0.5),
                ..Settings::default()
            };
            let root = mount::<Controls>(ControlsProps {
                settings: Rc::new(settings.clone()),
                on: Callback::noop(),
                lang,
                more: Default::default(),
                strategy_in_bar: false,
            })
            .await;
            let label = root
                .query_selector("label[for='active-request-bias']")
                .unwrap()
                .unwrap();
            assert_eq!(
                label.text_content().as_deref(),
                Some(Text::ActiveRequestBias.get(lang))
            );
            let select: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::dyn_into(
                root.query_selector("select#active-request-bias")
                    .unwrap()
                    .unwrap(),
            )
            .unwrap();
            assert_eq!(select.value(), "0.5");
            assert!(root.query_selector("input#choices").unwrap().is_some());
            let other = mount::<Controls>(ControlsProps {
                settings: Rc::new(Settings {
                    kind: StrategyKind::PowerOfDChoices,
                    ..settings
                }),
                on: Callback::noop(),
                lang,
                more: Default::default(),
                strategy_in_bar: false,
            })
            .await;
            assert!(
                other
                    .query_selector("#active-request-bias")
                    .unwrap()
                    .is_none()
            );
            assert!(other.query_selector("input#choices").unwrap().is_some());
        }
    }
}
