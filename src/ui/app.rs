//! The playground's root: [`use_playground`] runs the model and its loop; the root lays out the
//! chrome and the [`sections`] (a first screen that teaches: one sentence, the run bar, the
//! moving picture, then the rest), or one view alone: embedded, or presented to a room.

use yew::prelude::*;

use crate::engine::StrategyConfig;
use crate::playground::live::Command;
use crate::playground::motion::FlowLayout;
use crate::playground::settings::Settings;
use crate::playground::state::{Action, UiState};
use crate::share::i18n::{Lang, Text};
use crate::share::lessons;
use crate::share::permalink::{self, View};
use crate::ui::chrome::embed;
use crate::ui::chrome::export::{self, Export};
use crate::ui::chrome::lessons::{Lessons, LessonsProps};
use crate::ui::chrome::masthead::{Masthead, MastheadProps};
use crate::ui::chrome::prefs::{self, use_autoplay};
use crate::ui::chrome::present::{present_tools, use_present_keys};
use crate::ui::chrome::toolbar::{Timeline, TimelineProps};
use crate::ui::chrome::tools::{PageTools, PageToolsProps};
use crate::ui::chrome::tour::{self, Tour, TourProps};
use crate::ui::controls::notes::{Notes, NotesProps};
use crate::ui::controls::{Controls, ControlsProps, RunBar, RunBarProps, strategy_field};
use crate::ui::hooks::playground::{Playground, use_playground};
use crate::ui::hooks::{use_after_first_paint, use_viewport_width};
use crate::ui::sections::{self, PageProps};
use crate::ui::views::explain::narration::{Caption, CaptionProps};
use crate::ui::views::pool::clock::{ClockProps, SimClock};
use crate::ui::widgets::dom::{comp, el, frag};

#[component]
pub fn App() -> Html {
    let pg = use_playground();
    let width = use_viewport_width();
    let (ui, lang) = (&pg.ui, pg.lang);
    let s = ui.settings.clone();
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
    // The downloads read the snapshot when clicked; the callback is made again only when the
    // link it writes changes, so the sections holding it are left be.
    let on_export = {
        let (live, snapshots) = (pg.live.clone(), pg.snapshots.clone());
        use_callback(
            (ui.settings.clone(), ui.link.clone()),
            move |item: Export, (settings, link)| {
                let link = settings.to_link(link);
                export::run(item, &link, &snapshots.current(), &live.borrow());
            },
        )
    };
    let narrow = width < 600.0;
    let layout = FlowLayout::new(s.servers.len(), narrow).with_balancers(s.balancers);
    if pg.live.borrow().layout != layout {
        pg.live.borrow_mut().set_narrow(narrow);
    }
    let chrome = use_chrome(&pg);
    let page = PageProps {
        ui: ui.clone(),
        lang,
        handlers: pg.handlers.clone(),
        bus: pg.bus.clone(),
        snapshots: pg.snapshots.clone(),
        layout,
        columns: pool_columns(width, s.servers.len()),
        on_export,
        compare_defaults,
        embed: ui.link.embed,
        presented: chrome.present.is_some(),
    };
    if ui.link.embed {
        embed::view(&pg, &page)
    } else if let Some(view) = *chrome.present {
        presenting(&pg, &page, &chrome, view)
    } else {
        full_page(&pg, &page, &chrome, narrow)
    }
}

/// The page's own state around the playground: presentation mode, the tour, play on arrival.
struct Chrome {
    /// The view presented, if any.
    present: UseStateHandle<Option<View>>,
    /// The view the next presentation shows (the last one chosen).
    last_presented: UseStateHandle<View>,
    /// The tour's step, while it is open.
    tour: UseStateHandle<Option<usize>>,
    /// The first screen's picture, watched for play on arrival.
    hero: NodeRef,
    autoplay: bool,
    on_autoplay: Callback<bool>,
    /// The first screen's picture is on screen (the tour's first steps fold away from it).
    picture_seen: bool,
    /// Play on arrival paused the run while the picture is off screen.
    parked: bool,
    /// Starting a lesson (made once per language, so the lessons panel is left alone).
    on_lesson: Callback<(String, String)>,
    /// Whether the views below the first screen are drawn yet.
    below: bool,
}

#[hook]
fn use_chrome(pg: &Playground) -> Chrome {
    let embed = pg.ui.link.embed;
    let present = use_state(|| None::<View>);
    let last_presented = use_state(|| View::Flow);
    use_present_keys(present.clone(), *last_presented);
    let tour = use_state(move || {
        (!embed && prefs::stored(prefs::TOUR_KEY).as_deref() != Some("done")).then_some(0)
    });
    let hero = use_node_ref();
    let (autoplay, on_autoplay, picture_seen, parked) = use_autoplay(
        hero.clone(),
        pg.handlers.exec.clone(),
        pg.ui.playing,
        pg.reduced,
        !embed && present.is_none(),
        !pg.ui.notes.is_empty(),
    );
    let on_lesson = {
        let (dispatch, exec) = (pg.ui.dispatcher(), pg.handlers.exec.clone());
        let on_compare = pg.handlers.on_compare.clone();
        use_memo(pg.ui.link.lang, move |&lang| {
            on_lesson(dispatch, exec, on_compare, lang)
        })
    };
    // The views below the first screen wait for its first paint (issue 15: building them
    // delayed the first render); a link to one of them, or to a place in the page, shows them
    // at once.
    let below = use_after_first_paint() || below_at_once(&pg.ui.link);
    Chrome {
        on_lesson: (*on_lesson).clone(),
        below,
        present,
        last_presented,
        tour,
        hero,
        autoplay,
        on_autoplay,
        picture_seen,
        parked,
    }
}

/// `part()` once `ready`, else nothing.
fn later(ready: bool, part: impl FnOnce() -> Html) -> Html {
    if ready { part() } else { Html::default() }
}

/// Does the page open at a view below the first screen (the link's view, a lookup it carries,
/// or a fragment)?
fn below_at_once(link: &permalink::Link) -> bool {
    matches!(
        link.view,
        View::Table | View::Compare | View::Sweep | View::Lookup
    ) || link.key != permalink::DEFAULT_KEY
        || link.step > 0
        || gloo::utils::window()
            .location()
            .hash()
            .is_ok_and(|h| h.len() > 1)
}

/// How many columns of server cards fit: on a wide screen the pool stands between the flow and
/// the ring, two cards wide (three for a large pool); narrower, under the flow, up to four
/// cards a row where they stay readable.
fn pool_columns(width: f64, servers: usize) -> usize {
    if width >= 1100.0 {
        return if servers <= 8 { 2 } else { 3 };
    }
    let fit = (((width.min(1400.0) - 40.0) / 180.0).floor() as usize).max(2);
    if width < 340.0 {
        1
    } else {
        servers.clamp(2, 4).min(fit)
    }
}

/// The run buttons, kept in reach (sticky); `extra` closes the bar.
fn run_bar(pg: &Playground, parked: bool, extra: Html) -> Html {
    comp::<RunBar>(RunBarProps {
        playing: pg.ui.playing,
        parked,
        reduced: pg.reduced,
        on: pg.handlers.exec.clone(),
        lang: pg.lang,
        extra,
    })
}

/// The whole playground: the masthead with the page's tools and the links to every section;
/// the run bar (on a phone, with the Strategy picker) and the controls; the first screen's picture; the narration, the timeline, the
/// notes and the lessons; every other view; the lookup debugger.
fn full_page(pg: &Playground, page: &PageProps, chrome: &Chrome, narrow: bool) -> Html {
    let (ui, lang) = (&pg.ui, pg.lang);
    let tools = comp::<PageTools>(PageToolsProps {
        lang,
        browser: pg.browser,
        link: ui.link.clone(),
        query: pg.query.clone(),
        tour: chrome.tour.clone(),
        present: chrome.present.clone(),
        last_presented: chrome.last_presented.clone(),
        on_link: pg.handlers.on_link.clone(),
    });
    let tour_at = *chrome.tour;
    el("main")
        .class("playground")
        .attr_opt(
            "data-tour",
            tour_at.and_then(|i| tour::STEPS.get(i)).map(|s| s.0),
        )
        .node_ref(pg.main_ref.clone())
        .child(comp::<Masthead>(MastheadProps { lang, tools }))
        // Before the run bar, so the run bar and the controls share one row on a wide screen.
        .child(crate::ui::chrome::about::about(lang))
        // The tour hangs from the run bar: on a wide screen it sits under the bar, in the room
        // left of the controls, and follows the bar when it sticks (style.css).
        .child(run_bar(
            pg,
            chrome.parked,
            crate::ui::widgets::dom::frag([
                // On a phone the Strategy picker rides in the run bar, in reach of the picture
                // wherever the reader has scrolled; elsewhere it is the controls' first.
                if narrow {
                    strategy_field(ui.settings.kind, &pg.handlers.exec, lang, false).done()
                } else {
                    Html::default()
                },
                tour_at.map_or_else(Html::default, |step| {
                    tour_panel(chrome, step, ui.playing, lang)
                }),
            ]),
        ))
        .child(comp::<Controls>(ControlsProps {
            settings: ui.settings.clone(),
            on: pg.handlers.exec.clone(),
            strategy_in_bar: narrow,
            lang,
            more: comp::<prefs::AutoplayBox>(prefs::AutoplayBoxProps {
                on: chrome.autoplay,
                on_toggle: chrome.on_autoplay.clone(),
                lang,
            }),
        }))
        .child(comp::<Notes>(NotesProps {
            notes: ui.notes.clone(),
            on_dismiss: pg.handlers.on_dismiss.clone(),
            lang,
        }))
        .child(sections::hero(page, chrome.hero.clone()))
        .child(comp::<Caption>(CaptionProps {
            snapshots: pg.snapshots.clone(),
            spoken: pg.spoken.clone(),
            lang,
        }))
        .child(comp::<Timeline>(TimelineProps {
            snapshots: pg.snapshots.clone(),
            exec: pg.handlers.exec.clone(),
            lang,
        }))
        .child(comp::<Lessons>(LessonsProps {
            lang,
            active: ui.link.lesson,
            on_start: chrome.on_lesson.clone(),
        }))
        // The import panel and the lookup debugger's place wait with them: in a page without
        // the views above it, the debugger's place would be near the screen and load its
        // module on arrival. (Empty until then, each in its place, so nothing moves.)
        .child(later(chrome.below, || sections::below(page)))
        .child(later(chrome.below, || sections::import(page)))
        .child(later(chrome.below, || sections::lookup(page)))
        .child(
            el("footer")
                .class("muted small")
                .child(el("p").text(Text::MastheadTagline.get(lang)))
                .child(el("p").text(Text::Footer.get(lang))),
        )
        .done()
}

/// The tour's panel at `step`; closing it is remembered.
fn tour_panel(chrome: &Chrome, step: usize, playing: bool, lang: Lang) -> Html {
    let on_step = {
        let tour = chrome.tour.clone();
        Callback::from(move |to: usize| {
            tour::show_step(to);
            tour.set(Some(to));
        })
    };
    let on_close = {
        let tour = chrome.tour.clone();
        Callback::from(move |()| {
            prefs::store(prefs::TOUR_KEY, "done");
            tour.set(None);
        })
    };
    comp::<Tour>(TourProps {
        step,
        playing,
        // Its first three steps are about the picture: away from it, only the title line stays.
        folded: step < 3 && !chrome.picture_seen,
        on_step,
        on_close,
        lang,
    })
}

/// Presentation mode: the run bar with the view select and the way out, then the one view,
/// filling the screen in large type.
fn presenting(pg: &Playground, page: &PageProps, chrome: &Chrome, view: View) -> Html {
    let one = sections::one(view, page);
    let strategy = strategy_field(pg.ui.settings.kind, &pg.handlers.exec, pg.lang, false).done();
    let clock = comp::<SimClock>(ClockProps {
        snapshots: pg.snapshots.clone(),
        lang: pg.lang,
    });
    let tools = present_tools(&chrome.present, &chrome.last_presented, strategy, pg.lang).done();
    el("main")
        .class(format!("playground presenting present-{}", view.name()))
        .node_ref(pg.main_ref.clone())
        // The simulated clock beside the run's state, above whichever view is shown: a teacher
        // waits for "server2 crashes at 10 s" in the flow as well as in the pool.
        .child(run_bar(pg, false, frag([clock, tools])))
        // The preset's sentence ("server2 crashes at 10 s; …"): what the room is about to see.
        .children(
            Text::preset_summary(pg.ui.settings.preset)
                .map(|t| el("p").class("preset-summary").text(t.get(pg.lang)).done()),
        )
        .child(one)
        .done()
}

/// Starting a lesson loads its settings and, when the lesson is about the comparison, runs it
/// (the lessons panel then brings the lesson's view into sight).
fn on_lesson(
    dispatch: UseReducerDispatcher<UiState>,
    exec: Callback<Command>,
    on_compare: Callback<Vec<StrategyConfig>>,
    lang: Option<Lang>,
) -> Callback<(String, String)> {
    Callback::from(move |(id, query): (String, String)| {
        let (mut next, _) = permalink::Link::from_query(&query);
        next.lesson = lessons::lesson_id(&id);
        next.lang = lang;
        exec.emit(Command::Load(Box::new(Settings::from_link(&next))));
        let compare = (next.view == View::Compare).then(|| next.compare_configs());
        dispatch.dispatch(Action::Link(next));
        if let Some(configs) = compare {
            on_compare.emit(configs);
        }
    })
}
