//! The playground's root: [`use_playground`] runs the model and its loop; the root lays out the
//! chrome and the [`sections`], or, embedded, one section alone.

use yew::prelude::*;

use crate::playground::live::Command;
use crate::playground::motion::FlowLayout;
use crate::playground::settings::Settings;
use crate::share::i18n::{Lang, Text};
use crate::share::lessons;
use crate::share::permalink::{self, View};
use crate::ui::chrome::address;
use crate::ui::chrome::export::{self, Export};
use crate::ui::chrome::lessons::{Lessons, LessonsProps};
use crate::ui::chrome::masthead::{Masthead, MastheadProps};
use crate::ui::chrome::toolbar::{share_bar, timeline};
use crate::ui::controls::notes::{Notes, NotesProps};
use crate::ui::controls::{Controls, ControlsProps};
use crate::ui::hooks::playground::{Playground, section_id, use_playground};
use crate::ui::hooks::use_viewport_width;
use crate::ui::sections::{self, Page};
use crate::ui::views::explain::narration::{Narration, NarrationProps};
use crate::ui::widgets::dom::{comp, el};

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
    let on_export = {
        let (live, ui) = (pg.live.clone(), pg.ui.clone());
        Callback::from(move |item: Export| {
            let link = ui.settings.to_link(&ui.link);
            export::run(item, &link, &ui.snapshot, &live.borrow());
        })
    };
    let narrow = width < 600.0;
    let layout = FlowLayout::new(s.servers.len(), narrow);
    if pg.live.borrow().layout != layout {
        pg.live.borrow_mut().set_narrow(narrow);
    }
    let page = Page {
        ui,
        snap: &ui.snapshot,
        lang,
        handlers: &pg.handlers,
        bus: &pg.bus,
        layout,
        columns: pool_columns(width, s.servers.len()),
        on_export: &on_export,
        compare_defaults,
        embed: ui.link.embed,
    };
    if ui.link.embed {
        embedded(&pg, &page)
    } else {
        full_page(&pg, &page)
    }
}

/// How many columns of server cards fit: the pool shares a wide screen with the flow unless it
/// holds more than eight servers.
fn pool_columns(width: f64, servers: usize) -> usize {
    let wide = width >= 1100.0;
    let avail = if wide && servers <= 8 {
        width.min(1400.0) / 2.0 - 70.0
    } else {
        width.min(1400.0) - 60.0
    };
    if width < 480.0 {
        1
    } else {
        ((avail / 215.0).floor() as usize).max(2)
    }
}

/// The whole playground: masthead, controls, bars, notes, lessons, every view, the debugger.
fn full_page(pg: &Playground, page: &Page) -> Html {
    let (ui, lang) = (&pg.ui, pg.lang);
    let sent = pg.live.borrow().requests_sent();
    let at = ui.snapshot.last.as_ref().map_or(0, |l| l.request);
    let href = address::permalink_for(&pg.query);
    el("main")
        .class("playground")
        .node_ref(pg.main_ref.clone())
        .child(comp::<Masthead>(MastheadProps { lang }))
        .child(comp::<Controls>(ControlsProps {
            settings: ui.settings.clone(),
            playing: ui.playing,
            reduced: pg.reduced,
            on: pg.handlers.exec.clone(),
            lang,
        }))
        .child(share_bar(href, lang, on_lang(pg)))
        .child(timeline(at, sent, &pg.handlers.exec, lang))
        .child(comp::<Notes>(NotesProps {
            notes: ui.notes.clone(),
            on_dismiss: pg.handlers.on_dismiss.clone(),
            lang,
        }))
        .child(comp::<Lessons>(LessonsProps {
            lang,
            active: ui.link.lesson,
            on_start: on_lesson(pg),
        }))
        .child(comp::<Narration>(NarrationProps {
            text: AttrValue::from(ui.narration.words(lang)),
        }))
        .child(el("div").class("views").children([
            sections::pool(page),
            sections::flow(page),
            sections::ring(page),
            sections::balancer(page),
            sections::tables(page),
            sections::charts(page),
            sections::explain(page),
            sections::compare(page),
        ]))
        .child(sections::import(page))
        .child(sections::lookup(page))
        .child(
            el("footer")
                .class("muted small")
                .text(Text::Footer.get(lang)),
        )
        .done()
}

/// One compact view, nothing around it but its notes and a way out to the full playground.
fn embedded(pg: &Playground, page: &Page) -> Html {
    let (ui, lang) = (&pg.ui, pg.lang);
    let one = match ui.link.view {
        View::Pool => sections::pool(page),
        View::Ring => sections::ring(page),
        View::Table => sections::tables(page),
        View::Compare => sections::compare(page),
        View::Lookup => sections::lookup(page),
        View::Flow => sections::flow(page),
    };
    let full = address::permalink_for(
        &ui.settings
            .to_link(&permalink::Link {
                embed: false,
                ..(*ui.link).clone()
            })
            .to_query(),
    );
    el("main")
        .class("playground embed")
        .node_ref(pg.main_ref.clone())
        .child(comp::<Notes>(NotesProps {
            notes: ui.notes.clone(),
            on_dismiss: pg.handlers.on_dismiss.clone(),
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
        .done()
}

/// Starting a lesson loads its settings and opens its view.
fn on_lesson(pg: &Playground) -> Callback<(String, String)> {
    let (ui, exec) = (pg.ui.clone(), pg.handlers.exec.clone());
    Callback::from(move |(id, query): (String, String)| {
        let (mut next, _) = permalink::Link::from_query(&query);
        next.lesson = lessons::lesson_id(&id);
        next.lang = ui.link.lang;
        exec.emit(Command::Load(Box::new(Settings::from_link(&next))));
        let view = next.view;
        ui.dispatch(crate::playground::state::Action::Link(next));
        if let Some(e) = gloo::utils::document().get_element_by_id(section_id(view)) {
            e.scroll_into_view();
        }
    })
}

/// The language select: the page switches once the language's strings are in (where they
/// cannot be fetched, the strings stay in the language already loaded).
fn on_lang(pg: &Playground) -> Callback<Event> {
    let (ui, browser) = (pg.ui.clone(), pg.browser);
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let lang = Lang::from_tag(&select.value());
        let next = crate::playground::state::Action::Link(permalink::Link {
            lang,
            ..(*ui.link).clone()
        });
        let ui = ui.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = address::load_catalog(lang.unwrap_or(browser)).await;
            ui.dispatch(next);
        });
    })
}
