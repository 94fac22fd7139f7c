//! The page's sections: each view in its `<section>` with its heading, legend and downloads,
//! built from the playground's state. The root lays them out one after another; an embed or a
//! presentation shows one alone ([`one`]).
//!
//! Each section that draws the snapshot is a component over [`PageProps`] (what changes only
//! with a command) that names the snapshot's parts it draws ([`use_part`]): a tick that
//! refreshes the distribution table re-renders that section and no other, and the page's root
//! not at all. Each drawing function reads [`Page`], the props and the snapshot, and nothing
//! else.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::churn::HashStrategy;
use crate::engine::{StrategyKind, Variant};
use crate::playground::import::wire::Imported;
use crate::playground::live::Command;
use crate::playground::motion::FlowLayout;
use crate::playground::settings::Settings;
use crate::playground::snapshot::{RingShape, Snapshot};
use crate::playground::state::UiState;
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::{Link, View};
use crate::ui::chrome::export::{Export, export_buttons};
use crate::ui::hooks::playground::Handlers;
use crate::ui::hooks::{FrameBus, SnapshotBus, use_part};
use crate::ui::later::import::{ImportStart, LazyImport, LazyImportProps};
use crate::ui::later::lookup::{LazyLookup, LazyLookupProps, LookupStart};
use crate::ui::later::sweep::{LazySweep, LazySweepProps, SweepStart};
use crate::ui::views::balancer::{BalancerView, SeenProps};
use crate::ui::views::charts::{Charts, ChartsProps};
use crate::ui::views::compare::{Compare, CompareProps};
use crate::ui::views::explain::formal_model::{FormalModel, ModelProps};
use crate::ui::views::explain::{ExplainProps, Explanation};
use crate::ui::views::feedback::{FeedbackProps, FeedbackView, listens};
use crate::ui::views::flow::legend::{FlowLegend, LegendProps};
use crate::ui::views::flow::tokens::{FlowTokens, TokensProps};
use crate::ui::views::flow::{FlowProps, FlowView};
use crate::ui::views::pool::clock::{ClockProps, SimClock};
use crate::ui::views::pool::editor::{EditorProps, ServerEditor};
use crate::ui::views::pool::{PoolProps, ServerPool};
use crate::ui::views::ring::legend::{RingLegend, RingLegendProps};
use crate::ui::views::ring::overlay::{OverlayProps, RingOverlay};
use crate::ui::views::ring::{RingProps, RingView};
use crate::ui::views::tables::distribution::{DistributionTable, TableProps};
use crate::ui::views::tables::latency::{LatencyProps, LatencyTable};
use crate::ui::views::tables::stats::{SeedStatsPanel, StatsProps};
use crate::ui::widgets::dom::{El, comp, el};

/// What the sections are drawn from, besides the snapshot: each changes only with a command
/// (or the window's width), so a section given them re-renders for a tick only when a part it
/// draws changed.
#[derive(Properties, PartialEq, Clone)]
pub struct PageProps {
    pub ui: UseReducerHandle<UiState>,
    pub lang: Lang,
    pub handlers: Rc<Handlers>,
    pub bus: Rc<FrameBus>,
    pub snapshots: Rc<SnapshotBus>,
    pub layout: FlowLayout,
    /// The pool's columns of cards.
    pub columns: usize,
    pub on_export: Callback<Export>,
    pub compare_defaults: Rc<Vec<(StrategyKind, Variant)>>,
    pub embed: bool,
    /// Presented to a room: the simulated clock sits in the run bar, not in the pool's heading.
    pub presented: bool,
}

/// A section's drawing: the page's props and the snapshot the section was told of.
pub struct Page<'a> {
    pub props: &'a PageProps,
    pub snap: &'a Snapshot,
}

impl Deref for Page<'_> {
    type Target = PageProps;
    fn deref(&self) -> &PageProps {
        self.props
    }
}

/// A section that draws the snapshot: which parts of it it draws, and its drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The pool: its rows and the recent events (the clock follows each tick on its own).
    Pool,
    /// The flow: the servers' labels, the run's totals for the legend.
    Flow,
    /// The ring (or the table) and its labels.
    Ring,
    /// What the first balancer sees, the last pick, the I-queues.
    Balancer,
    /// The two tables and the statistics.
    Tables,
    /// The charts over time.
    Charts,
    /// The formal model and the last pick explained.
    Explain,
}

/// A snapshot part's identity: its address. The snapshot keeps a part's `Rc` while its content
/// is the same, so a view compares addresses, never contents (and [`use_part`] holds the
/// snapshot it drew, so an address is not reused while compared).
fn at<T>(part: &Rc<T>) -> usize {
    Rc::as_ptr(part) as *const () as usize
}

impl Part {
    /// The parts of the snapshot this section draws (what else it draws changes only with the
    /// settings, which re-render it anyway).
    fn drawn(self, s: &Snapshot) -> [usize; 4] {
        let last = s.last.as_ref().map_or(0, at);
        match self {
            Part::Pool => [at(&s.servers), at(&s.log), 0, 0],
            Part::Flow => [at(&s.labels), at(&s.totals), 0, 0],
            Part::Ring => [at(&s.ring), at(&s.labels), 0, 0],
            // The last pick as of the view's own refresh: with its rows, not a tick later.
            Part::Balancer => [at(&s.seen), at(&s.idle), 0, 0],
            Part::Tables => [
                at(&s.table),
                at(&s.latency_table),
                at(&s.totals),
                at(&s.details),
            ],
            Part::Charts => [at(&s.series), 0, 0, 0],
            Part::Explain => [at(&s.labels), at(&s.totals), last, 0],
        }
    }

    fn draw(self, p: &Page) -> Html {
        match self {
            Part::Pool => pool(p),
            Part::Flow => flow(p),
            Part::Ring => ring(p),
            Part::Balancer => balancer(p),
            Part::Tables => tables(p),
            Part::Charts => charts(p),
            Part::Explain => explain(p),
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    pub part: Part,
    pub page: PageProps,
}

/// One section: it re-renders when the page's props change or a tick changes a part it draws.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let part = props.part;
    // The hook compares the addresses of the parts the section draws.
    let snap = use_part(&props.page.snapshots, part, |part, s| part.drawn(s)).value;
    part.draw(&Page {
        props: &props.page,
        snap: &snap,
    })
}

/// `part`'s section of the page.
pub fn section(part: Part, page: &PageProps) -> Html {
    comp::<Section>(SectionProps {
        part,
        page: page.clone(),
    })
}

/// One view alone, for an embed or a presentation (the lookup view's debugger is the caller's).
pub fn one(view: View, props: &PageProps) -> Html {
    match view {
        View::Pool => section(Part::Pool, props),
        View::Flow => section(Part::Flow, props),
        View::Ring => section(Part::Ring, props),
        View::Table => section(Part::Tables, props),
        View::Compare => compare(props),
        View::Sweep => sweep(props),
        View::Lookup => lookup(props),
    }
}

/// The first screen's picture: the flow and the pool, and beside them the ring (or maglev's
/// table) when the strategy has one, else what the balancer sees (round robin's turn order,
/// the loads, the scores) above the ring's one line saying why there is none to draw. (Whether
/// there is a ring changes with the settings, so the root, which renders on every change of
/// settings, decides.)
pub fn hero(p: &PageProps, node: NodeRef) -> Html {
    let side = if has_ring(&p.snapshots.current()) {
        vec![section(Part::Ring, p)]
    } else {
        vec![section(Part::Balancer, p), section(Part::Ring, p)]
    };
    el("div")
        .class("hero")
        .node_ref(node)
        .child(section(Part::Flow, p))
        .child(section(Part::Pool, p))
        .child(el("div").class("hero-side").children(side))
        .done()
}

/// The views below the first screen (the balancer's view is among them when the ring took its
/// place beside the flow).
pub fn below(p: &PageProps) -> Html {
    el("div")
        .class("views")
        .children(has_ring(&p.snapshots.current()).then(|| section(Part::Balancer, p)))
        .children([
            section(Part::Tables, p),
            section(Part::Charts, p),
            section(Part::Explain, p),
            compare(p),
            sweep(p),
        ])
        .done()
}

/// A view's frame: `<section id class="view [span]" aria-labelledby="{id}-h">` holding its
/// `<h2 id="{id}-h">`.
fn view_section(id: &'static str, span: bool, heading: El) -> El {
    el("section")
        .attr("id", id)
        .class(if span { "view span" } else { "view" })
        .attr("aria-labelledby", AttrValue::from(format!("{id}-h")))
        .child(heading)
}

/// A view's `<h2 id>`.
fn heading(id: &'static str, text: &'static str) -> El {
    el("h2").attr("id", id).text(text)
}

/// "Server pool": the cards, the open server's editor and the recent events.
fn pool(p: &Page) -> Html {
    let (snap, lang) = (p.snap, p.lang);
    let title = heading("pool-h", Text::ServerPool.get(lang)).children((!p.presented).then(|| {
        comp::<SimClock>(ClockProps {
            snapshots: p.snapshots.clone(),
            lang,
        })
    }));
    let editing = p.ui.editing.and_then(|i| snap.servers.get(i).cloned());
    view_section("pool", p.ui.settings.servers.len() > 8, title)
        .child(comp::<ServerPool>(PoolProps {
            servers: snap.servers.clone(),
            columns: p.columns,
            editing: p.ui.editing,
            on_select: p.handlers.on_select.clone(),
            lang,
        }))
        .child(match editing {
            Some(server) => comp::<ServerEditor>(EditorProps {
                server,
                on: p.handlers.exec.clone(),
                on_close: p.handlers.on_close.clone(),
                lang,
            }),
            // What the cards' figures are, p95 a term with its definition.
            None => el("p")
                .class("muted small")
                .text(Text::SelectServerHint.get(lang))
                .text(" ")
                .text(Text::PoolLatencyKey.get(lang))
                .text(" ")
                .child(crate::ui::widgets::term::term(
                    "p95",
                    crate::share::glossary::Term::P95,
                    lang,
                ))
                .text(Text::PoolLatencyKeyEnd.get(lang))
                .done(),
        })
        // Absent, the log keeps its place (an empty node): Yew matches unkeyed children from the
        // end, so a log appended at the first event drew the heading, the cards and the open
        // editor anew, and the keyboard's focus on the editor's Crash fell to the page.
        .child(if snap.log.is_empty() {
            Html::default()
        } else {
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
        })
        .done()
}

/// "Request flow": the clients, the balancer and the servers, the requests moving over them.
fn flow(p: &Page) -> Html {
    let (snap, lang) = (p.snap, p.lang);
    let stage = el("div")
        .class("stage")
        .child(comp::<FlowView>(FlowProps {
            layout: p.layout,
            servers: snap.labels.clone(),
            strategy: AttrValue::from(snap.strategy.clone()),
            lang,
        }))
        .child(comp::<FlowTokens>(TokensProps {
            layout: p.layout,
            bus: p.bus.clone(),
        }));
    view_section(
        "flow",
        false,
        heading("flow-h", Text::RequestFlow.get(lang)),
    )
    .child(stage)
    .child(comp::<FlowLegend>(LegendProps {
        counts: p.bus.current().counts,
        sample_every: snap.sample_every,
        in_flight: snap.totals.in_flight,
        balancers: p.ui.settings.balancers,
        lang,
    }))
    .done()
}

/// Does the strategy have a ring or table to draw?
fn has_ring(snap: &Snapshot) -> bool {
    !matches!(*snap.ring, RingShape::None { .. })
}

/// "Hash ring": the ring (or maglev's table), the lookups moving over it, its legend; without a
/// ring, only the legend's line saying why (never an empty circle).
fn ring(p: &Page) -> Html {
    let (snap, lang) = (p.snap, p.lang);
    if !has_ring(snap) {
        return view_section("ring", false, heading("ring-h", Text::HashRing.get(lang)))
            .class("view no-ring")
            .child(comp::<RingLegend>(RingLegendProps {
                shape: snap.ring.clone(),
                servers: snap.labels.clone(),
                lang,
            }))
            .done();
    }
    let (maglev, columns) = match &*snap.ring {
        RingShape::Maglev { columns, .. } => (true, *columns),
        _ => (false, 0),
    };
    let stage = el("div")
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
            bus: p.bus.clone(),
            maglev,
            columns,
        }));
    view_section("ring", false, heading("ring-h", Text::HashRing.get(lang)))
        .child(stage)
        .child(comp::<RingLegend>(RingLegendProps {
            shape: snap.ring.clone(),
            servers: snap.labels.clone(),
            lang,
        }))
        .child(export_buttons(Export::RING, lang, &p.on_export))
        .done()
}

/// "What the balancer sees".
fn balancer(p: &Page) -> Html {
    let (snap, lang) = (p.snap, p.lang);
    view_section(
        "seen",
        false,
        heading("seen-h", Text::BalancerView.get(lang)),
    )
    // Prequal's probe pool or JIQ's I-queues first: what those strategies pick from.
    .children(listens(p.ui.settings.kind).then(|| {
        comp::<FeedbackView>(FeedbackProps {
            kind: p.ui.settings.kind,
            last: snap.last.clone(),
            idle: snap.idle.clone(),
            lang,
        })
    }))
    .child(comp::<BalancerView>(SeenProps {
        kind: p.ui.settings.kind,
        seen: snap.seen.clone(),
        last: snap.last.clone(),
        balancers: snap.totals.balancers,
        lang,
    }))
    .done()
}

/// The distribution table and the seed's statistics.
fn tables(p: &Page) -> Html {
    let (snap, lang) = (p.snap, p.lang);
    let title = heading("tables-h", Text::DistributionAndStatistics.get(lang));
    view_section("tables", false, title)
        .child(comp::<DistributionTable>(TableProps {
            servers: snap.table.clone(),
            lang,
        }))
        // Embedded, the view stays compact: the distribution and the statistics, as the
        // embedding guide describes it; the latency by server is on the full page.
        .children((!p.embed).then(|| {
            comp::<LatencyTable>(LatencyProps {
                servers: snap.latency_table.clone(),
                lang,
            })
        }))
        .child(comp::<SeedStatsPanel>(StatsProps {
            totals: snap.totals.clone(),
            details: snap.details.clone(),
            lang,
        }))
        .child(export_buttons(Export::TABLES, lang, &p.on_export))
        .done()
}

/// Throughput and latency over simulated time.
fn charts(p: &Page) -> Html {
    let lang = p.lang;
    view_section(
        "charts",
        false,
        heading("charts-h", Text::OverTime.get(lang)),
    )
    .child(comp::<Charts>(ChartsProps {
        series: p.snap.series.clone(),
        lang,
    }))
    .child(export_buttons(Export::CHARTS, lang, &p.on_export))
    .done()
}

/// The formal model with live values, and the explanation of the last pick.
fn explain(p: &Page) -> Html {
    let (snap, lang, s) = (p.snap, p.lang, &p.ui.settings);
    view_section(
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
        cost: p.ui.cost.clone(),
        on_measure: p.handlers.on_measure.clone(),
        lang,
    }))
    .done()
}

/// Strategies side by side on the same requests.
pub fn compare(p: &PageProps) -> Html {
    let lang = p.lang;
    view_section(
        "compare",
        true,
        heading("compare-h", Text::Compare.get(lang)),
    )
    .child(comp::<Compare>(CompareProps {
        defaults: p.compare_defaults.clone(),
        result: p.ui.compare.clone(),
        error: p.ui.compare_error.clone(),
        on_run: p.handlers.on_compare.clone(),
        balancers: p.ui.settings.balancers,
        exec: p.handlers.exec.clone(),
        auto: p.embed,
        lang,
    }))
    .done()
}

/// The load sweep: p99 and drops against the load, on demand. The section and its heading are
/// the page's, so links to `#sweep` land before the view (in the later module) is there.
pub fn sweep(p: &PageProps) -> Html {
    let lang = p.lang;
    view_section("sweep", true, heading("sweep-h", Text::LoadSweep.get(lang)))
        .child(comp::<LazySweep>(LazySweepProps {
            start: SweepStart::new(&p.ui.settings, &p.compare_defaults, lang),
        }))
        .done()
}

/// The lookup debugger, from the link's key and step; the link follows the reader. Its parts
/// (the debugger, churn, sample keys) stand together under `#lookup`, where links to the
/// view land. An imported configuration sets its pool and strategy.
pub fn lookup(p: &PageProps) -> Html {
    el("div")
        .attr("id", "lookup")
        .class("lookup-parts")
        .child(comp::<LazyLookup>(LazyLookupProps {
            start: lookup_start(&p.ui, p.lang, false),
            on_change: p.handlers.on_lookup.clone(),
            remote: None,
            // A link that carries a lookup (its key or step) shows it at once.
            eager: p.ui.link.key != crate::share::permalink::DEFAULT_KEY || p.ui.link.step > 0,
        }))
        .done()
}

/// Where the lookup debugger starts: the link's key, step and configuration, the playground's
/// servers, the page's language.
pub fn lookup_start(ui: &UiState, lang: Lang, alone: bool) -> LookupStart {
    LookupStart {
        key: Some(ui.link.key.clone()),
        step: ui.link.step,
        config: ui.link.config.clone(),
        backend: ui.link.backend.clone(),
        pool: Some(crate::playground::lookup::settings::pool_spec(
            ui.settings
                .servers
                .iter()
                .map(|s| (s.id.as_str(), s.weight)),
        )),
        strategy: (ui.settings.variant == Variant::Corrected)
            .then(|| HashStrategy::of(ui.settings.kind, ui.settings.ring))
            .flatten(),
        k: Some(ui.settings.k),
        lang,
        alone,
    }
}

/// "Import config": a pasted proxy configuration sets the pool and the strategy (the panel is in
/// the later module, the reading in the import worker, both loaded on first use).
pub fn import(p: &PageProps) -> Html {
    let link = p.ui.link.clone();
    let on_imported = {
        let (link, exec, on_link) = (
            link.clone(),
            p.handlers.exec.clone(),
            p.handlers.on_link.clone(),
        );
        Callback::from(move |i: Imported| {
            let next = i.link(&link);
            exec.emit(Command::Load(Box::new(Settings::from_link(&next))));
            on_link.emit(next);
        })
    };
    let on_forget = {
        let (link, on_link) = (link.clone(), p.handlers.on_link.clone());
        Callback::from(move |()| {
            on_link.emit(Link {
                config: None,
                backend: None,
                ..(*link).clone()
            })
        })
    };
    comp::<LazyImport>(LazyImportProps {
        eager: link.config.is_some(),
        start: ImportStart {
            config: link.config.clone(),
            backend: link.backend.clone(),
            lang: p.lang,
        },
        on_imported,
        on_forget,
    })
}
