//! The playground's root: it owns the running simulation (outside the render cycle), the
//! animation loop, the keyboard shortcuts, and lays out the views.
//!
//! Each animation frame advances the simulation by the real time elapsed × the chosen speed and
//! hands a new [`Frame`] of moving parts to the two leaf components that draw them (the flow's
//! tokens, the ring's lookups); everything else re-renders only when a snapshot (a few times a
//! second while playing, and after every command) changes what it shows. The loop runs only
//! while the page is visible and something moves; with reduced motion there is no loop at all:
//! Play steps one request a second.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::playground::cost;
use crate::ui::chrome::address::ShareProps;
use crate::ui::chrome::lessons::LessonsProps;
use crate::ui::chrome::masthead::MastheadProps;
use crate::ui::controls::Controls;
use crate::ui::controls::ControlsProps;
use crate::ui::controls::notes::NotesProps;
use crate::ui::views::balancer::SeenProps;
use crate::ui::views::charts::Charts;
use crate::ui::views::charts::ChartsProps;
use crate::ui::views::compare::Compare;
use crate::ui::views::compare::CompareProps;
use crate::ui::views::explain::ExplainProps;
use crate::ui::views::explain::formal_model::ModelProps;
use crate::ui::views::explain::narration::NarrationProps;
use crate::ui::views::flow::FlowProps;
use crate::ui::views::flow::legend::LegendProps;
use crate::ui::views::flow::tokens::TokensProps;
use crate::ui::views::pool::PoolProps;
use crate::ui::views::pool::editor::EditorProps;
use crate::ui::views::ring::RingProps;
use crate::ui::views::ring::legend::RingLegendProps;
use crate::ui::views::ring::overlay::OverlayProps;
use crate::ui::views::stats::StatsProps;
use crate::ui::widgets::dom::{El, comp, el};
use crate::ui::widgets::tables::TableProps;

use crate::engine::StrategyConfig;
use crate::playground::live::{Command, Live, SNAPSHOT_PARTS};
use crate::playground::motion::FlowLayout;
use crate::playground::settings::Settings;
use crate::playground::snapshot::RingShape;
use crate::playground::state::{Action, UiState};
use crate::share::i18n::{Lang, Text};
use crate::share::lessons;
use crate::share::permalink::{self as link, StrategyChoice, View};
use crate::ui::chrome::address::{self, ShareButton};
use crate::ui::chrome::embed::{use_on_screen, use_post_height};
use crate::ui::chrome::export::{self, Export, export_buttons};
use crate::ui::chrome::lessons::Lessons;
use crate::ui::chrome::masthead::Masthead;
use crate::ui::controls::notes::Notes;
use crate::ui::hooks::{
    FrameBus, now_ms, use_animation_loop, use_media_query, use_page_visible, use_viewport_width,
};
use crate::ui::views::balancer::BalancerView;
use crate::ui::views::explain::Explanation;
use crate::ui::views::explain::formal_model::FormalModel;
use crate::ui::views::explain::narration::Narration;
use crate::ui::views::flow::FlowView;
use crate::ui::views::flow::legend::FlowLegend;
use crate::ui::views::flow::tokens::FlowTokens;
use crate::ui::views::pool::ServerPool;
use crate::ui::views::pool::editor::ServerEditor;
use crate::ui::views::ring::RingView;
use crate::ui::views::ring::legend::RingLegend;
use crate::ui::views::ring::overlay::RingOverlay;
use crate::ui::views::stats::SeedStatsPanel;
use crate::ui::widgets::tables::DistributionTable;

/// The id of the section that shows a view.
fn section_id(view: View) -> &'static str {
    match view {
        View::Table => "tables",
        v => v.name(),
    }
}

/// Real ms between snapshot ticks while playing (each refreshes one of the snapshot's parts).
const SNAPSHOT_MS: f64 = 80.0;
/// Real ms between narrations while playing.
const NARRATE_MS: f64 = 2000.0;

#[derive(Default)]
struct Clock {
    last_ts: Option<f64>,
    last_snapshot: f64,
    last_narration: f64,
    /// Which part of the snapshot the next tick refreshes.
    part: usize,
    /// Whether motion is reduced (kept here for the callbacks, which outlive a render).
    reduced: bool,
}

/// The command a key press stands for, unless the user is typing or on a control that uses the
/// key itself.
fn key_command(e: &KeyboardEvent) -> Option<Command> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return None;
    }
    let target: Option<Element> = e.target().and_then(|t| t.dyn_into().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_uppercase())
        .unwrap_or_default();
    let editable = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<HtmlElement>())
        .is_some_and(|h| h.is_content_editable());
    if editable || matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "OPTION") {
        return None;
    }
    let activates = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
        || target
            .as_ref()
            .and_then(|t| t.get_attribute("role"))
            .is_some_and(|r| r == "button" || r == "tab");
    match e.key().as_str() {
        " " | "Spacebar" if !activates => Some(Command::TogglePlay),
        "ArrowRight" => Some(Command::Step),
        "ArrowLeft" => Some(Command::StepBack),
        _ => None,
    }
}

/// What the page starts from: the browser's language, and the URL's settings with their notes.
struct Start {
    browser: Lang,
    link: link::Settings,
    notes: Rc<Vec<crate::playground::settings::Note>>,
    /// The simulation, the frames' bus and the clock, made once with the rest (one hook for
    /// all, where each had its own).
    live: Rc<RefCell<Live>>,
    bus: Rc<FrameBus>,
    clock: Rc<RefCell<Clock>>,
    /// The callbacks handed to views, made on the first render (they need the reducer's
    /// dispatcher) and kept: a cell here rather than a memo hook of their own.
    handlers: std::cell::OnceCell<Handlers>,
}

struct Handlers {
    exec: Callback<Command>,
    on_select: Callback<usize>,
    on_close: Callback<()>,
    on_dismiss: Callback<()>,
    on_compare: Callback<Vec<StrategyConfig>>,
    on_measure: Callback<()>,
    /// The lookup debugger's key and step, for the link.
    on_lookup: Callback<(String, u32)>,
}

#[component]
pub fn App() -> Html {
    // The browser's language and the URL's settings, read once: the simulation starts from them.
    let start = use_memo((), |_| {
        let browser = address::browser_lang();
        let (link, notes) = address::read_link();
        let live = Rc::new(RefCell::new(Live::new(Settings::from_link(&link))));
        Start {
            browser,
            link,
            notes: Rc::new(notes),
            live,
            bus: Rc::default(),
            clock: Rc::default(),
            handlers: std::cell::OnceCell::new(),
        }
    });
    let browser = start.browser;
    let live = start.live.clone();
    let bus = start.bus.clone();
    let clock = start.clock.clone();
    let ui = {
        let (live, start) = (live.clone(), start.clone());
        use_reducer(move || {
            let l = live.borrow();
            UiState::new(
                l.settings.clone(),
                l.snapshot(),
                start.link.clone(),
                start.notes.clone(),
            )
        })
    };
    let lang = ui.link.lang.unwrap_or(browser);
    // The URL follows the settings, and the document's language the page's (both idempotent:
    // one effect for the two).
    let query = use_memo((ui.settings.clone(), ui.link.clone()), |(s, link)| {
        s.to_link(link).to_query()
    });
    use_effect_with((lang, query.clone()), |(lang, q)| {
        address::set_document_lang(*lang);
        address::replace_url(q);
    });
    let reduced = use_media_query("(prefers-reduced-motion: reduce)");
    // An embedded view plays only while it is on screen (and the page is visible).
    let main_ref = use_node_ref();
    let embed = ui.link.embed;
    let on_screen = use_on_screen(main_ref.clone(), embed);
    use_post_height(main_ref.clone(), embed);
    let visible = use_page_visible() && on_screen;
    let width = use_viewport_width();
    // Whether motion is reduced, as the callbacks below read it when called.
    clock.borrow_mut().reduced = reduced;

    // The callbacks handed to views, made once: a snapshot re-renders this component, and a new
    // callback would re-render every view that takes one. Every command goes through `exec`:
    // the simulation changes, then what Yew draws.
    let handlers = {
        let (live, dispatch, bus, clock) =
            (live.clone(), ui.dispatcher(), bus.clone(), clock.clone());
        start.handlers.get_or_init(move || {
            let exec = {
                let (live, dispatch) = (live.clone(), dispatch.clone());
                Callback::from(move |cmd: Command| {
                    let now = now_ms();
                    let reduced = clock.borrow().reduced;
                    let (notes, settings, playing, snapshot, f) = {
                        let mut l = live.borrow_mut();
                        let notes = l.apply(cmd, now);
                        let f = l.frame(now, reduced);
                        (notes, l.settings.clone(), l.playing, l.snapshot(), f)
                    };
                    {
                        let mut c = clock.borrow_mut();
                        c.last_ts = None;
                        c.last_narration = now;
                    }
                    bus.publish(Rc::new(f));
                    dispatch.dispatch(Action::Synced {
                        settings,
                        playing,
                        snapshot,
                        notes,
                    });
                })
            };
            Handlers {
                exec,
                on_select: dispatch_with(&dispatch, |i| Action::Edit(Some(i))),
                on_close: dispatch_with(&dispatch, |()| Action::Edit(None)),
                on_dismiss: dispatch_with(&dispatch, |()| Action::DismissNotes),
                on_compare: {
                    let (live, dispatch) = (live.clone(), dispatch.clone());
                    Callback::from(move |configs: Vec<StrategyConfig>| {
                        let chosen = configs
                            .iter()
                            .map(|c| StrategyChoice {
                                kind: c.kind,
                                variant: c.variant,
                            })
                            .collect();
                        dispatch.dispatch(Action::CompareList(chosen));
                        let result = live.borrow().compare(configs, now_ms);
                        dispatch.dispatch(Action::Compared(result));
                    })
                },
                on_lookup: dispatch_with(&dispatch, |(key, step)| Action::Lookup { key, step }),
                on_measure: Callback::from(move |()| {
                    let kind = live.borrow().settings.kind;
                    dispatch.dispatch(Action::Measured(cost::measure(kind, &now_ms)));
                }),
            }
        })
    };
    let exec = handlers.exec.clone();

    // Once, on mounting: open at the view the link names (an embedded view must not scroll the
    // page around it, and plays from the start while on screen); then the keyboard: Space plays
    // and pauses, → steps.
    {
        let exec = exec.clone();
        let view = ui.link.view;
        use_effect_with((), move |_| {
            if embed {
                exec.emit(Command::Play);
            } else if view != View::Pool
                && let Some(e) = gloo::utils::document().get_element_by_id(section_id(view))
            {
                e.scroll_into_view();
            }
            let document = gloo::utils::document();
            let listener = EventListener::new_with_options(
                &document,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if let Some(cmd) = key_command(e) {
                        e.prevent_default();
                        exec.emit(cmd);
                    }
                },
            );
            move || drop(listener)
        });
    }

    // A hidden page pauses the clock; coming back does not jump ahead.
    {
        let clock = clock.clone();
        use_effect_with(visible, move |_| {
            clock.borrow_mut().last_ts = None;
        });
    }

    // The animation loop.
    let on_frame = {
        let (live, ui, bus, clock) = (live.clone(), ui.clone(), bus.clone(), clock.clone());
        move |ts: f64| -> bool {
            let (f, snapshot, narrate, go_on) = {
                let mut c = clock.borrow_mut();
                let dt = c.last_ts.map_or(0.0, |last| ts - last);
                c.last_ts = Some(ts);
                let mut l = live.borrow_mut();
                if l.playing {
                    l.advance(ts, dt);
                }
                let f = l.frame(ts, false);
                let mut snapshot = None;
                let mut narrate = false;
                if l.playing && ts - c.last_snapshot >= SNAPSHOT_MS {
                    c.last_snapshot = ts;
                    c.part = (c.part + 1) % SNAPSHOT_PARTS;
                    snapshot = Some(l.take_snapshot_part(Some(c.part)));
                    if ts - c.last_narration >= NARRATE_MS {
                        c.last_narration = ts;
                        narrate = true;
                    }
                }
                let go_on = l.playing || f.moving;
                (f, snapshot, narrate, go_on)
            };
            bus.publish(Rc::new(f));
            if let Some(snapshot) = snapshot {
                ui.dispatch(Action::Snapshot { snapshot, narrate });
            }
            go_on
        }
    };
    use_animation_loop(visible && !reduced, ui.kick, on_frame);

    // Reduced motion: Play steps one request a second, nothing slides.
    {
        let (live, ui, bus) = (live.clone(), ui.clone(), bus.clone());
        use_effect_with(reduced && ui.playing && visible, move |&on| {
            let interval = on.then(|| {
                Interval::new(1000, move || {
                    let now = now_ms();
                    let (f, snapshot) = {
                        let mut l = live.borrow_mut();
                        l.step_request(now);
                        let f = l.frame(now, true);
                        (f, l.take_snapshot())
                    };
                    bus.publish(Rc::new(f));
                    ui.dispatch(Action::Snapshot {
                        snapshot,
                        narrate: true,
                    });
                })
            });
            move || drop(interval)
        });
    }

    let on_export = {
        let (live, ui) = (live.clone(), ui.clone());
        Callback::from(move |item: Export| {
            let link = ui.settings.to_link(&ui.link);
            export::run(item, &link, &ui.snapshot, &live.borrow());
        })
    };
    let on_lesson = {
        let (ui, exec) = (ui.clone(), exec.clone());
        Callback::from(move |(id, query): (String, String)| {
            let (mut next, _) = link::Settings::from_query(&query);
            next.lesson = lessons::lesson_id(&id);
            next.lang = ui.link.lang;
            exec.emit(Command::Load(Box::new(Settings::from_link(&next))));
            let view = next.view;
            ui.dispatch(Action::Link(next));
            if let Some(e) = gloo::utils::document().get_element_by_id(section_id(view)) {
                e.scroll_into_view();
            }
        })
    };
    let on_lang = {
        let ui = ui.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let lang = Lang::from_tag(&select.value());
            let next = Action::Link(link::Settings {
                lang,
                ..(*ui.link).clone()
            });
            let ui = ui.clone();
            // The page switches once the language's strings are in (where they cannot be
            // fetched, the strings stay in the language already loaded).
            wasm_bindgen_futures::spawn_local(async move {
                let _ = address::load_catalog(lang.unwrap_or(browser)).await;
                ui.dispatch(next);
            });
        })
    };

    let s = ui.settings.clone();
    let snap = ui.snapshot.clone();
    let compare_defaults = use_memo((s.preset, s.kind, s.variant, ui.link.compare.clone()), {
        let s = s.clone();
        move |(_, _, _, list)| {
            if list.is_empty() {
                s.compare_defaults()
            } else {
                list.iter().map(|c| (c.kind, c.variant)).collect()
            }
        }
    });
    let narrow = width < 600.0;
    let layout = FlowLayout::new(s.servers.len(), narrow);
    if live.borrow().layout != layout {
        live.borrow_mut().set_narrow(narrow);
    }
    let wide = width >= 1100.0;
    let pool_full = s.servers.len() > 8;
    let avail = if wide && !pool_full {
        width.min(1400.0) / 2.0 - 70.0
    } else {
        width.min(1400.0) - 60.0
    };
    let columns = if width < 480.0 {
        1
    } else {
        ((avail / 215.0).floor() as usize).max(2)
    };
    let editing = ui.editing.and_then(|i| snap.servers.get(i).cloned());
    let (maglev, strip_columns) = match &*snap.ring {
        RingShape::Maglev { columns, .. } => (true, *columns),
        _ => (false, 0),
    };

    let pool_heading =
        heading("pool-h", Text::ServerPool.get(lang)).child(el("span").class("clock").text(
            Text::ClockSimulated.fill(lang, &["seconds"], &[&format!("{:.1}", snap.t_ms / 1000.0)]),
        ));
    let pool_view = view_section("pool", pool_full, pool_heading)
        .child(comp::<ServerPool>(PoolProps {
            servers: snap.servers.clone(),
            columns,
            editing: ui.editing,
            on_select: handlers.on_select.clone(),
            lang,
        }))
        .child(match editing {
            Some(server) => comp::<ServerEditor>(EditorProps {
                server,
                on: exec.clone(),
                on_close: handlers.on_close.clone(),
                lang,
            }),
            None => el("p")
                .class("muted small")
                .text(Text::SelectServerHint.get(lang))
                .done(),
        })
        .children((!snap.log.is_empty()).then(|| {
            el("ul")
                .class("log")
                .attr("aria-label", Text::RecentEvents.get(lang))
                .children(
                    snap.log
                        .iter()
                        .rev()
                        .map(|l| el("li").text(l.words(lang)).done()),
                )
                .done()
        }))
        .done();
    let flow_view = view_section(
        "flow",
        false,
        heading("flow-h", Text::RequestFlow.get(lang)),
    )
    .child(
        el("div")
            .class("stage")
            .child(comp::<FlowView>(FlowProps {
                layout,
                servers: snap.labels.clone(),
                strategy: AttrValue::from(snap.strategy.clone()),
                lang,
            }))
            .child(comp::<FlowTokens>(TokensProps {
                layout,
                bus: bus.clone(),
            })),
    )
    .child(comp::<FlowLegend>(LegendProps {
        counts: bus.current().counts,
        sample_every: snap.sample_every,
        in_flight: snap.totals.in_flight,
        lang,
    }))
    .done();
    let ring_view = view_section("ring", false, heading("ring-h", Text::HashRing.get(lang)))
        .child(
            el("div")
                .class(if maglev {
                    "stage strip-stage"
                } else {
                    "stage ring-stage"
                })
                .child(comp::<RingView>(RingProps {
                    shape: snap.ring.clone(),
                    servers: snap.labels.clone(),
                    lang,
                }))
                .child(comp::<RingOverlay>(OverlayProps {
                    bus: bus.clone(),
                    maglev,
                    columns: strip_columns,
                })),
        )
        .child(comp::<RingLegend>(RingLegendProps {
            shape: snap.ring.clone(),
            servers: snap.labels.clone(),
            lang,
        }))
        .child(export_buttons(Export::RING, lang, &on_export))
        .done();
    let seen_view = view_section(
        "seen",
        false,
        heading("seen-h", Text::BalancerView.get(lang)),
    )
    .child(comp::<BalancerView>(SeenProps {
        kind: s.kind,
        seen: snap.seen.clone(),
        last: snap.last.clone(),
        balancers: snap.totals.balancers,
        lang,
    }))
    .done();
    let tables_view = view_section(
        "tables",
        false,
        heading("tables-h", Text::DistributionAndStatistics.get(lang)),
    )
    .child(comp::<DistributionTable>(TableProps {
        servers: snap.table.clone(),
        lang,
    }))
    .child(comp::<SeedStatsPanel>(StatsProps {
        totals: snap.totals.clone(),
        details: snap.details.clone(),
        lang,
    }))
    .child(export_buttons(Export::TABLES, lang, &on_export))
    .done();
    let charts_view = view_section(
        "charts",
        false,
        heading("charts-h", Text::OverTime.get(lang)),
    )
    .child(comp::<Charts>(ChartsProps {
        series: snap.series.clone(),
        lang,
    }))
    .child(export_buttons(Export::CHARTS, lang, &on_export))
    .done();
    let explain_view = view_section(
        "explain",
        true,
        heading("explain-h", Text::Explanation.get(lang)),
    )
    .child(comp::<FormalModel>(ModelProps {
        settings: s.clone(),
        servers: snap.labels.clone(),
        requests: snap.totals.total_requests,
        last: snap.last.clone(),
        lang,
    }))
    .child(comp::<Explanation>(ExplainProps {
        settings: s.clone(),
        last: snap.last.clone(),
        cost: ui.cost.clone(),
        on_measure: handlers.on_measure.clone(),
        lang,
    }))
    .done();
    let compare_view = view_section(
        "compare",
        true,
        heading("compare-h", Text::Compare.get(lang)),
    )
    .child(comp::<Compare>(CompareProps {
        defaults: compare_defaults,
        result: ui.compare.clone(),
        error: ui.compare_error.clone(),
        on_run: handlers.on_compare.clone(),
        auto: embed,
        lang,
    }))
    .done();
    // The lookup debugger starts from the link's key and step, and the link follows the reader.
    let lookup_view = comp::<crate::ui::lookup::LookupDebugger>(crate::ui::lookup::LookupProps {
        start_key: Some(AttrValue::from(ui.link.key.clone())),
        start_step: ui.link.step,
        on_change: Some(handlers.on_lookup.clone()),
        lang,
    });
    // The timeline: any request so far, replayed (the simulation is deterministic).
    let sent = live.borrow().requests_sent();
    let at = snap.last.as_ref().map_or(0, |l| l.request);
    let on_jump = {
        let exec = exec.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(request) = input.value().parse::<u64>() {
                exec.emit(Command::ReplayTo(request));
            }
        })
    };
    let back = {
        let exec = exec.clone();
        Callback::from(move |_: MouseEvent| exec.emit(Command::StepBack))
    };
    let timeline = el("div")
        .class("share-tools")
        .attr("role", "group")
        .attr("aria-label", Text::Timeline.get(lang))
        .child(
            el("button")
                .attr("type", "button")
                .flag("disabled", at == 0)
                .onclick(back)
                .text(Text::StepBack.get(lang)),
        )
        .child(
            el("label")
                .attr("for", "timeline")
                .text(Text::JumpToRequest.get(lang)),
        )
        .child(
            el("input")
                .attr("id", "timeline")
                .attr("type", "range")
                .attr("min", "0")
                .attr("max", sent.saturating_sub(1).to_string())
                .attr("step", "1")
                .flag("disabled", sent == 0)
                .value(at.to_string())
                .onchange(on_jump),
        )
        .child(
            el("output")
                .attr("for", "timeline")
                .text(Text::AtRequest.fill(lang, &["request", "requests"], &[&at, &sent])),
        )
        .done();
    let share_bar = el("div")
        .class("share-tools")
        .child(comp::<ShareButton>(ShareProps {
            href: AttrValue::from(address::permalink_for(&query)),
            lang,
        }))
        .child(
            el("label")
                .attr("for", "language")
                .text(Text::Language.get(lang)),
        )
        .child(
            el("select")
                .attr("id", "language")
                .onchange(on_lang)
                .children(Lang::ALL.iter().map(|&l| {
                    el("option")
                        .attr("value", l.code())
                        .flag("selected", l == lang)
                        .text(l.native_name())
                        .done()
                })),
        )
        .done();
    if embed {
        // One compact view, nothing around it but its notes and a way out.
        let one = match ui.link.view {
            View::Pool => pool_view,
            View::Ring => ring_view,
            View::Table => tables_view,
            View::Compare => compare_view,
            View::Lookup => lookup_view,
            View::Flow => flow_view,
        };
        let full = address::permalink_for(
            &s.to_link(&link::Settings {
                embed: false,
                ..(*ui.link).clone()
            })
            .to_query(),
        );
        return el("main")
            .class("playground embed")
            .node_ref(main_ref)
            .child(comp::<Notes>(NotesProps {
                notes: ui.notes.clone(),
                on_dismiss: handlers.on_dismiss.clone(),
                lang,
            }))
            .child(one)
            .child(
                el("p").class("small").child(
                    el("a")
                        .attr("href", full)
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .text(Text::OpenInPlayground.get(lang)),
                ),
            )
            .done();
    }
    el("main")
        .class("playground")
        .node_ref(main_ref)
        .child(comp::<Masthead>(MastheadProps { lang }))
        .child(comp::<Controls>(ControlsProps {
            settings: s.clone(),
            playing: ui.playing,
            reduced,
            on: exec.clone(),
            lang,
        }))
        .child(share_bar)
        .child(timeline)
        .child(comp::<Notes>(NotesProps {
            notes: ui.notes.clone(),
            on_dismiss: handlers.on_dismiss.clone(),
            lang,
        }))
        .child(comp::<Lessons>(LessonsProps {
            lang,
            active: ui.link.lesson,
            on_start: on_lesson,
        }))
        .child(comp::<Narration>(NarrationProps {
            text: AttrValue::from(ui.narration.words(lang)),
        }))
        .child(el("div").class("views").children([
            pool_view,
            flow_view,
            ring_view,
            seen_view,
            tables_view,
            charts_view,
            explain_view,
            compare_view,
        ]))
        .child(lookup_view)
        .child(
            el("footer")
                .class("muted small")
                .text(Text::Footer.get(lang)),
        )
        .done()
}

/// A callback that dispatches `action(x)` for each `x`: one closure type per argument type for
/// the handlers that only report what happened.
fn dispatch_with<T: 'static>(
    dispatch: &UseReducerDispatcher<UiState>,
    action: fn(T) -> Action,
) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |x: T| dispatch.dispatch(action(x)))
}

/// A view's frame: `<section id class="view [span]" aria-labelledby="{id}-h">` holding its
/// [`heading`], built out of line (see `ui::dom`).
#[inline(never)]
fn view_section(id: &'static str, span: bool, heading: El) -> El {
    let labelled_by = AttrValue::from(format!("{id}-h"));
    el("section")
        .attr("id", id)
        .class(if span { "view span" } else { "view" })
        .attr("aria-labelledby", labelled_by)
        .child(heading)
}

/// A view's `<h2 id>`.
#[inline(never)]
fn heading(id: &'static str, text: &'static str) -> El {
    el("h2").attr("id", id).text(text)
}
