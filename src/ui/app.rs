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

use super::charts::Charts;
use super::compare::Compare;
use super::controls::Controls;
use super::cost;
use super::explain::Explanation;
use super::flow::FlowView;
use super::flow_legend::FlowLegend;
use super::flow_tokens::FlowTokens;
use super::formal_model::FormalModel;
use super::hooks::{
    FrameBus, now_ms, use_animation_loop, use_media_query, use_page_visible, use_viewport_width,
};
use super::live::{Command, Live, SNAPSHOT_PARTS};
use super::masthead::Masthead;
use super::motion::FlowLayout;
use super::narration::Narration;
use super::notes::Notes;
use super::pool::ServerPool;
use super::ring::RingView;
use super::ring_legend::RingLegend;
use super::ring_overlay::RingOverlay;
use super::seen::BalancerView;
use super::server_editor::ServerEditor;
use super::settings::Settings;
use super::snapshot::RingShape;
use super::state::{Action, UiState};
use super::stats::SeedStatsPanel;
use super::tables::DistributionTable;
use crate::engine::StrategyConfig;

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
        _ => None,
    }
}

struct Handlers {
    exec: Callback<Command>,
    on_select: Callback<usize>,
    on_close: Callback<()>,
    on_dismiss: Callback<()>,
    on_compare: Callback<Vec<StrategyConfig>>,
    on_measure: Callback<()>,
}

#[component]
pub fn App() -> Html {
    let live: Rc<RefCell<Live>> = use_mut_ref(|| Live::new(Settings::default()));
    let ui = {
        let live = live.clone();
        use_reducer(move || {
            let l = live.borrow();
            UiState::new(l.settings.clone(), l.snapshot())
        })
    };
    let bus: Rc<FrameBus> = use_memo((), |_| FrameBus::default());
    let reduced = use_media_query("(prefers-reduced-motion: reduce)");
    let visible = use_page_visible();
    let width = use_viewport_width();
    let clock = use_mut_ref(Clock::default);

    // Whether motion is reduced, as the callbacks below read it when called.
    let reduced_now = use_mut_ref(|| reduced);
    *reduced_now.borrow_mut() = reduced;

    // The callbacks handed to views, made once: a snapshot re-renders this component, and a new
    // callback would re-render every view that takes one. Every command goes through `exec`:
    // the simulation changes, then what Yew draws.
    let handlers = {
        let (live, dispatch, bus, clock) =
            (live.clone(), ui.dispatcher(), bus.clone(), clock.clone());
        use_memo((), move |_| {
            let exec = {
                let (live, dispatch) = (live.clone(), dispatch.clone());
                Callback::from(move |cmd: Command| {
                    let now = now_ms();
                    let reduced = *reduced_now.borrow();
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
                on_select: {
                    let dispatch = dispatch.clone();
                    Callback::from(move |i: usize| dispatch.dispatch(Action::Edit(Some(i))))
                },
                on_close: {
                    let dispatch = dispatch.clone();
                    Callback::from(move |()| dispatch.dispatch(Action::Edit(None)))
                },
                on_dismiss: {
                    let dispatch = dispatch.clone();
                    Callback::from(move |()| dispatch.dispatch(Action::DismissNotes))
                },
                on_compare: {
                    let (live, dispatch) = (live.clone(), dispatch.clone());
                    Callback::from(move |configs: Vec<StrategyConfig>| {
                        let result = live.borrow().compare(configs, now_ms);
                        dispatch.dispatch(Action::Compared(result));
                    })
                },
                on_measure: Callback::from(move |()| {
                    let kind = live.borrow().settings.kind;
                    dispatch.dispatch(Action::Measured(cost::measure(kind, &now_ms)));
                }),
            }
        })
    };
    let exec = handlers.exec.clone();

    // Keyboard: Space plays and pauses, → steps.
    {
        let exec = exec.clone();
        use_effect_with((), move |_| {
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

    let s = ui.settings.clone();
    let snap = ui.snapshot.clone();
    let compare_defaults = use_memo((s.preset, s.kind, s.variant), {
        let s = s.clone();
        move |_| s.compare_defaults()
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

    html! {
        <main class="playground">
            <Masthead />
            <Controls settings={s.clone()} playing={ui.playing} reduced={reduced} on={exec.clone()} />
            <Notes notes={ui.notes.clone()} on_dismiss={handlers.on_dismiss.clone()} />
            <Narration text={ui.narration.clone()} />
            <div class="views">
                <section id="pool" class={classes!("view", pool_full.then_some("span"))} aria-labelledby="pool-h">
                    <h2 id="pool-h">{ "Server pool" }<span class="clock">{ format!("{:.1} s simulated", snap.t_ms / 1000.0) }</span></h2>
                    <ServerPool servers={snap.servers.clone()} columns={columns} editing={ui.editing} on_select={handlers.on_select.clone()} />
                    if let Some(server) = editing {
                        <ServerEditor server={server} on={exec.clone()} on_close={handlers.on_close.clone()} />
                    } else {
                        <p class="muted small">{ "Select a server to edit it, crash it, drain it or put it in maintenance." }</p>
                    }
                    if !snap.log.is_empty() {
                        <ul class="log" aria-label="Recent events">
                            { for snap.log.iter().rev().map(|l| html! { <li>{ l.clone() }</li> }) }
                        </ul>
                    }
                </section>
                <section id="flow" class="view" aria-labelledby="flow-h">
                    <h2 id="flow-h">{ "Request flow" }</h2>
                    <div class="stage">
                        <FlowView layout={layout} servers={snap.labels.clone()} strategy={AttrValue::from(snap.strategy.clone())} />
                        <FlowTokens layout={layout} bus={bus.clone()} />
                    </div>
                    <FlowLegend counts={bus.current().counts} sample_every={snap.sample_every} in_flight={snap.totals.in_flight} />
                </section>
                <section id="ring" class="view" aria-labelledby="ring-h">
                    <h2 id="ring-h">{ "Hash ring" }</h2>
                    <div class={classes!("stage", if maglev { "strip-stage" } else { "ring-stage" })}>
                        <RingView shape={snap.ring.clone()} servers={snap.labels.clone()} />
                        <RingOverlay bus={bus.clone()} maglev={maglev} columns={strip_columns} />
                    </div>
                    <RingLegend shape={snap.ring.clone()} servers={snap.labels.clone()} />
                </section>
                <section id="seen" class="view" aria-labelledby="seen-h">
                    <h2 id="seen-h">{ "What the balancer sees" }</h2>
                    <BalancerView kind={s.kind} seen={snap.seen.clone()} last={snap.last.clone()} balancers={snap.totals.balancers} />
                </section>
                <section id="tables" class="view" aria-labelledby="tables-h">
                    <h2 id="tables-h">{ "Distribution and statistics" }</h2>
                    <DistributionTable servers={snap.table.clone()} />
                    <SeedStatsPanel totals={snap.totals.clone()} details={snap.details.clone()} />
                </section>
                <section id="charts" class="view" aria-labelledby="charts-h">
                    <h2 id="charts-h">{ "Over time" }</h2>
                    <Charts series={snap.series.clone()} />
                </section>
                <section id="explain" class="view span" aria-labelledby="explain-h">
                    <h2 id="explain-h">{ "Explanation" }</h2>
                    <FormalModel settings={s.clone()} servers={snap.labels.clone()} requests={snap.totals.total_requests} last={snap.last.clone()} />
                    <Explanation settings={s.clone()} last={snap.last.clone()} cost={ui.cost.clone()} on_measure={handlers.on_measure.clone()} />
                </section>
                <section id="compare" class="view span" aria-labelledby="compare-h">
                    <h2 id="compare-h">{ "Compare" }</h2>
                    <Compare defaults={compare_defaults} result={ui.compare.clone()} error={ui.compare_error.clone()} on_run={handlers.on_compare.clone()} />
                </section>
            </div>
            <super::lookup::LookupDebugger />
            <footer class="muted small">
                { "Fulcrum runs the engine and the simulator in your browser (WebAssembly); nothing is sent anywhere." }
            </footer>
        </main>
    }
}
