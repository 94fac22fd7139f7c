//! The hash lookup debugger (issue 5): type or pick a key, choose a hashing strategy, and step
//! through the engine's explanation of its lookup ("Next step" / "Previous step", → / ←, Home /
//! End, or "Play steps", one a second) beside the strategy's pseudocode with the current line
//! highlighted; the ring, maglev's table filling turn by turn, or nothing, drawn beside. Below it,
//! the churn view and the table of sample keys share its settings
//! (`playground::lookup::settings`); an embed shows the debugger alone, and its host page moves
//! it through a [`LookupRemote`]. The drawings are in `drawing.rs`.
//!
//! One source of truth: the lookup is `engine::churn::lookup` (the balancer's own explained pick)
//! and the drawings read the engine's accessors (`HashRing::points`, `Maglev::populate_with`);
//! nothing here computes an owner.

pub mod churn;
pub mod controls;
mod drawing;
pub mod keys;
pub mod remote;

pub use remote::{LookupRemote, Remote};

use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::AnyStrategy;
use crate::engine::churn::{HashStrategy, Lookup, lookup};
use crate::engine::hashing::maglev::PopulateTurn;
use crate::playground::lookup::frames::{Explained, FrameKind, explain};
use crate::playground::lookup::settings::{
    FillAction, LookupAction, LookupNote, LookupSettings, MAX_EARLIER, MAX_LOAD_FACTOR,
    MIN_LOAD_FACTOR, PoolDeps, SAMPLE_KEYS, TABLE_SIZES, error_text, strategy_label,
};
use crate::share::glossary::Term;
use crate::share::i18n::{Lang, LaterText, Text};
use crate::ui::lookup::churn::{measure_churn, use_churn_view};
use crate::ui::lookup::controls::{dispatch_click, dispatch_on};
use crate::ui::lookup::keys::{sample_owners, use_sample_keys};
use crate::ui::widgets::dom::{El, button, comp, el, field, field_labelled, frag, number_input};
use crate::ui::widgets::term::term_label;

/// Real ms between two steps while they play.
const WALK_MS: u32 = 1200;

/// Does the reader ask for less motion?
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// The lookup and its wording, or why it could not be made.
struct Computed {
    lookup: Lookup,
    explained: Explained,
    /// Maglev's fill, turn by turn (empty for other strategies).
    turns: Vec<PopulateTurn>,
}

/// What a lookup depends on: strategy, key, the pool (knobs, servers, edits) and requests in
/// flight.
type Deps = (HashStrategy, String, PoolDeps, usize);

fn compute(deps: &Deps, lang: Lang) -> Result<Computed, String> {
    let (strategy, key, pool, earlier) = deps;
    let (knobs, base, edits) = &**pool;
    let config = strategy.config(knobs);
    let earlier = if *strategy == HashStrategy::BoundedLoad {
        *earlier
    } else {
        0
    };
    let lookup = lookup(&config, base, edits, key, earlier).map_err(|e| error_text(&e, lang))?;
    let explained = explain(*strategy, &lookup, lang);
    let mut turns = Vec::new();
    if let AnyStrategy::Maglev(m) = lookup.balancer.strategy() {
        m.populate_with(|t| turns.push(t));
    }
    Ok(Computed {
        lookup,
        explained,
        turns,
    })
}

/// Where the debugger starts, and who hears of the reader's moves (the permalink's `key` and
/// `step`); all optional, so the debugger also stands alone.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct LookupProps {
    /// The key to look up first (already checked by `share::permalink::check_key`).
    #[prop_or_default]
    pub start_key: Option<AttrValue>,
    /// The step to show first, from 0; past the last step, the last is shown with a note.
    #[prop_or_default]
    pub start_step: u32,
    /// Told the key and the step (from 0) whenever either changes.
    #[prop_or_default]
    pub on_change: Option<Callback<(String, u32)>>,
    /// An imported proxy configuration and its backend (the link's `config`, `backend`): when it
    /// changes, the debugger takes its servers and hashing strategy (`playground::import`).
    #[prop_or_default]
    pub config: Option<AttrValue>,
    #[prop_or_default]
    pub backend: Option<AttrValue>,
    /// The playground's servers (`lookup::settings::pool_spec`): the pool starts from them and
    /// follows them until edited here. `None`: the debugger's own pool.
    #[prop_or_default]
    pub pool: Option<AttrValue>,
    /// The playground's strategy, when it hashes a key: the debugger starts from it and
    /// switches to it whenever it changes (the reader may still pick another here).
    #[prop_or_default]
    pub strategy: Option<HashStrategy>,
    /// The playground's multi-probe k (the link's `k`): the debugger's lookups follow it.
    /// `None`: the engine's default.
    #[prop_or_default]
    pub k: Option<u32>,
    /// The page's language.
    #[prop_or_default]
    pub lang: Lang,
    /// The debugger alone, without the churn view and the sample keys (an embed).
    #[prop_or_default]
    pub alone: bool,
    /// Filled in while mounted, so the page around it can play, pause and step it.
    #[prop_or_default]
    pub remote: Option<Rc<LookupRemote>>,
}

#[component]
pub fn LookupDebugger(props: &LookupProps) -> Html {
    let lang = props.lang;
    let asked = props.start_step as usize + 1;
    let settings = {
        let key = props.start_key.clone();
        let pool = props.pool.clone();
        let strategy = props.strategy;
        let probes = props.k;
        use_reducer(move || {
            let mut s =
                pool.map_or_else(LookupSettings::default, |p| LookupSettings::following(&p));
            if let Some(k) = key {
                s.key = k.to_string();
            }
            if let Some(h) = strategy {
                s.strategy = h;
            }
            // From the start, so the link's step is a step of this k's lookup.
            if let Some(k) = probes {
                s.knobs.probes = k.clamp(1, crate::engine::strategy::MAX_K);
            }
            s.fill.step = asked;
            s
        })
    };
    // Key, servers, edits and knobs all matter; the sample keys and notes do not.
    let pool = settings.pool_deps();
    let ids = settings.known_ids();
    let deps = (
        settings.strategy,
        settings.key.clone(),
        pool.clone(),
        settings.earlier,
    );
    let computed = use_memo((deps, lang), |(deps, lang)| compute(deps, *lang));
    use_imported_pool(
        props.config.clone(),
        props.backend.clone(),
        lang,
        settings.dispatcher(),
    );
    let made = computed.as_ref().as_ref().ok();
    let frames_len = made.map_or(0, |c| c.explained.frames.len());
    let fill = settings.fill;
    let dispatcher = settings.dispatcher();
    let pos = fill.step.clamp(1, frames_len.max(1));
    {
        let on_change = props.on_change.clone();
        use_effect_with((settings.key.clone(), pos), move |(key, pos)| {
            if let Some(cb) = on_change {
                cb.emit((key.clone(), (*pos - 1) as u32));
            }
        });
    }
    let current_kind = made.and_then(|c| {
        c.explained
            .frames
            .get(pos - 1)
            .map(|f| (f.kind, c.turns.len()))
    });
    use_new_lookup(NewLookup {
        lookup_number: settings.lookup_number,
        asked,
        frames_len,
        current_kind,
        dispatcher: dispatcher.clone(),
    });
    use_fill_timer(fill.playing, dispatcher.clone());
    use_walk(
        fill.walking,
        frames_len,
        props.remote.clone(),
        dispatcher.clone(),
    );

    controls::use_playground_pool(props.pool.clone(), dispatcher.clone());
    {
        let (dispatcher, current) = (dispatcher.clone(), settings.strategy);
        use_effect_with(props.strategy, move |&strategy| {
            if let Some(h) = strategy.filter(|&h| h != current) {
                dispatcher.dispatch(LookupAction::SetStrategy(h));
            }
        });
    }
    controls::use_playground_k(props.k, dispatcher.clone());
    let on_keydown = step_keys(pos, frames_len, dispatcher);

    let s = &*settings;
    let body = match &*computed {
        Err(e) => el("p")
            .class("lookup-error")
            .attr("role", "alert")
            .text(LaterText::LookupNone.fill(lang, &["error"], &[e]))
            .done(),
        Ok(c) => lookup_body(c, pos, &ids, &settings, lang),
    };
    let owner = made.map(|c| &c.explained.owner);

    let controls = lookup_controls(&settings, lang);
    let section = el("section")
        .class("lookup")
        // `#lookup` is the section around it (`ui::sections::lookup`), which the link's
        // `view=lookup`, the navigation and the lessons bring into sight.
        .attr("id", "lookup-debugger")
        .attr("aria-labelledby", "lookup-title")
        .attr("tabindex", "0")
        .onkeydown(on_keydown)
        .child(
            el("h2")
                .attr("id", "lookup-title")
                .text(Text::LookupTitle.get(lang)),
        )
        .child(
            el("p")
                .class("lookup-hint")
                .text(LaterText::LookupHint.get(lang)),
        )
        .child(controls)
        .child(controls::pool_origin(&settings, lang));
    let section = section
        .slot((s.strategy == HashStrategy::BoundedLoad).then(|| {
            el("p")
                .class("lookup-hint")
                .text(LaterText::LookupBoundedHint.fill(
                    lang,
                    &["c", "earlier"],
                    &[&s.knobs.load_factor, &s.earlier],
                ))
        }))
        // A server list's note stands beside the Servers field (`lookup_controls`).
        .slot(s.note.as_ref().filter(|n| !n.is_servers()).map(|note| {
            el("p")
                .class("lookup-note")
                .attr("role", "status")
                .text(note.text(lang))
        }));
    let nav = step_nav(&settings, pos, frames_len, owner, lang);
    let debugger = section.child(nav).child(body).done();
    if props.alone {
        debugger
    } else {
        frag([
            debugger,
            comp::<Beside>(BesideProps {
                settings: settings.clone(),
                lang,
            }),
        ])
    }
}

#[derive(Properties, PartialEq)]
struct BesideProps {
    settings: UseReducerHandle<LookupSettings>,
    lang: Lang,
}

/// The churn view and the sample keys, over the debugger's settings (not in an embed, which
/// shows the debugger alone).
#[component]
fn Beside(props: &BesideProps) -> Html {
    let (settings, lang) = (&props.settings, props.lang);
    let pool = settings.pool_deps();
    let ids = settings.known_ids();
    // The last edit's churn follows the strategy and the pool; the sample keys' owners also the
    // keys and the language (their errors are worded).
    let churn = use_memo((settings.strategy, pool.clone()), |(strategy, pool)| {
        let (knobs, base, edits) = &**pool;
        measure_churn(&strategy.config(knobs), base, edits)
    });
    let owners = use_memo(
        (
            settings.strategy,
            pool.clone(),
            settings.samples.clone(),
            lang,
        ),
        |(strategy, pool, samples, lang)| {
            let (knobs, base, edits) = &**pool;
            sample_owners(&strategy.config(knobs), base, edits, samples, *lang)
        },
    );
    let churn = use_churn_view(settings, &pool, &ids, &churn, lang);
    let samples = use_sample_keys(settings, &ids, &owners, lang);
    frag([churn, samples])
}

/// While the steps walk, the next one every [`WALK_MS`]; and the remote, while mounted.
#[hook]
fn use_walk(
    walking: bool,
    frames_len: usize,
    remote: Option<Rc<LookupRemote>>,
    dispatcher: UseReducerDispatcher<LookupSettings>,
) {
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((walking, frames_len), move |&(walking, last)| {
            let interval = walking.then(|| {
                Interval::new(WALK_MS, move || {
                    dispatcher.dispatch(LookupAction::Fill(FillAction::Next(last)))
                })
            });
            move || drop(interval)
        });
    }
    use_effect_with((remote, frames_len), move |(remote, last)| {
        let last = *last;
        if let Some(r) = remote {
            r.answer(Callback::from(move |asked: Remote| {
                dispatcher.dispatch(LookupAction::Fill(match asked {
                    Remote::Play => FillAction::Walk { on: true, last },
                    Remote::Pause => FillAction::Walk { on: false, last },
                    Remote::Step => FillAction::Next(last),
                }))
            }));
        }
        let remote = remote.clone();
        move || {
            if let Some(r) = remote {
                r.hang_up();
            }
        }
    });
}

/// An imported configuration, once the import worker has read it, sets the debugger's strategy,
/// knobs and servers (its servers last, so a pool the debugger refuses keeps its note beside the
/// Servers field).
#[hook]
fn use_imported_pool(
    config: Option<AttrValue>,
    backend: Option<AttrValue>,
    lang: Lang,
    dispatcher: UseReducerDispatcher<LookupSettings>,
) {
    use crate::ui::views::import::worker::{Shown, use_link_import};
    // In the page's language: the panel asks the same, and the worker reads it once.
    let setup = match use_link_import(config, backend, lang) {
        Shown::Read(r) => r.imported.as_ref().and_then(|i| i.lookup.clone()),
        _ => None,
    };
    use_effect_with(setup, move |setup| {
        if let Some(setup) = setup {
            dispatcher.dispatch(LookupAction::SetStrategy(setup.strategy));
            if let Some(m) = setup.table_size {
                dispatcher.dispatch(LookupAction::SetTableSize(m));
            }
            dispatcher.dispatch(LookupAction::SetServers(setup.spec.clone()));
        }
    });
}

/// What [`use_new_lookup`] watches.
struct NewLookup {
    /// `LookupSettings::lookup_number`: moves for a new lookup only.
    lookup_number: u32,
    /// The step the debugger was asked to start at (from 1).
    asked: usize,
    frames_len: usize,
    /// The current frame's kind and maglev's number of fill turns.
    current_kind: Option<(FrameKind, usize)>,
    dispatcher: UseReducerDispatcher<LookupSettings>,
}

/// The first render keeps the step it was given, with a note when there is no such step (a new
/// lookup later starts at step 1 in the reducer, `LookupSettings::apply`). Entering the fill
/// frame, or a new lookup while on it, starts the animation (or shows the full table when the
/// reader prefers less motion).
#[hook]
fn use_new_lookup(w: NewLookup) {
    let NewLookup {
        lookup_number,
        asked,
        frames_len,
        current_kind,
        dispatcher,
    } = w;
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            if asked > frames_len.max(1) {
                dispatcher.dispatch(LookupAction::Note(LookupNote::StepPast {
                    asked,
                    last: frames_len,
                }));
            }
        });
    }
    let at_fill = matches!(current_kind, Some((FrameKind::MaglevFill, _)));
    let total = current_kind.map_or(0, |(_, t)| t);
    use_effect_with((at_fill, total, lookup_number), move |_| {
        if at_fill {
            dispatcher.dispatch(LookupAction::Fill(FillAction::Start {
                total,
                animate: !prefers_reduced_motion(),
            }));
        }
    });
}

/// While maglev's fill plays, one turn every 80 ms.
#[hook]
fn use_fill_timer(playing: bool, dispatcher: UseReducerDispatcher<LookupSettings>) {
    use_effect_with(playing, move |&playing| {
        let interval = playing.then(|| {
            Interval::new(80, move || {
                dispatcher.dispatch(LookupAction::Fill(FillAction::Advance))
            })
        });
        move || drop(interval)
    });
}

/// ←, →, Home and End move through the steps (unless the reader is typing).
fn step_keys(
    pos: usize,
    frames_len: usize,
    dispatcher: UseReducerDispatcher<LookupSettings>,
) -> Callback<KeyboardEvent> {
    let last = frames_len.max(1);
    Callback::from(move |e: KeyboardEvent| {
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || e.alt_key() || e.ctrl_key() || e.meta_key() {
            return;
        }
        let to = match e.key().as_str() {
            "ArrowRight" => pos + 1,
            "ArrowLeft" => pos.saturating_sub(1),
            "Home" => 1,
            "End" => frames_len,
            _ => return,
        };
        e.prevent_default();
        dispatcher.dispatch(LookupAction::Fill(FillAction::Step(to.clamp(1, last))));
    })
}

/// The steps so far beside the pseudocode (the current line marked) and the drawing.
fn lookup_body(
    c: &Computed,
    pos: usize,
    ids: &[String],
    settings: &UseReducerHandle<LookupSettings>,
    lang: Lang,
) -> Html {
    let s = &**settings;

    let frames = &c.explained.frames;
    let current_line = frames.get(pos - 1).map(|f| f.line);
    let steps = frames.iter().take(pos).enumerate().map(|(i, f)| {
        let current = i + 1 == pos;
        el("li")
            .attr_opt("class", current.then_some("current"))
            .attr_opt("aria-current", current.then_some("step"))
            .text(f.text.clone())
            .done()
    });
    let code = c.explained.pseudocode.iter().enumerate().map(|(i, line)| {
        let current = current_line == Some(i);
        el("span")
            .class(if current {
                "code-line current"
            } else {
                "code-line"
            })
            .attr_opt("aria-current", current.then_some("true"))
            .text(if current { "▶ " } else { "  " })
            .text(line.clone())
            .text("\n")
            .done()
    });
    el("div")
        .class("lookup-body")
        .child(
            el("div")
                .class("lookup-steps")
                .attr("role", "log")
                .attr("aria-live", "polite")
                .attr("aria-label", Text::LookupSteps.get(lang))
                .child(el("ol").children(steps)),
        )
        .child(
            el("div")
                .class("lookup-code")
                .child(
                    el("h3")
                        .attr("id", "lookup-pseudocode-title")
                        .text(LaterText::Pseudocode.get(lang)),
                )
                .child(
                    el("p")
                        .class("lookup-hint")
                        .text(strategy_label(s.strategy, lang)),
                )
                .child(
                    el("pre")
                        .attr("aria-labelledby", "lookup-pseudocode-title")
                        .children(code),
                ),
        )
        .child(
            el("div")
                .class("lookup-visual")
                .child(drawing::visual(c, pos, ids, settings, lang)),
        )
        .done()
}

/// The debugger's inputs: servers, strategy, key, a sample key, and the strategy's own knobs.
fn lookup_controls(settings: &UseReducerHandle<LookupSettings>, lang: Lang) -> El {
    let s = &**settings;
    let on_servers = dispatch_on(settings, |t| {
        Some(LookupAction::SetServers(input(t).value()))
    });
    let on_strategy = dispatch_on(settings, |t| {
        HashStrategy::from_slug(&select(t).value()).map(LookupAction::SetStrategy)
    });
    let on_key = dispatch_on(settings, |t| Some(LookupAction::SetKey(input(t).value())));
    let on_sample = dispatch_on(settings, |t| {
        let select = select(t);
        let value = select.value();
        select.set_value("");
        (!value.is_empty()).then_some(LookupAction::SetKey(value))
    });
    let on_c = dispatch_on(settings, |t| {
        Some(LookupAction::SetLoadFactor(input(t).value_as_number()))
    });
    let on_earlier = dispatch_on(settings, |t| {
        let n = input(t).value_as_number();
        Some(LookupAction::SetEarlier(if n.is_finite() && n > 0.0 {
            n.min(1e6) as usize
        } else {
            0
        }))
    });
    let on_table = dispatch_on(settings, |t| {
        select(t)
            .value()
            .parse::<u32>()
            .ok()
            .map(LookupAction::SetTableSize)
    });
    let option = |value: &'static str, label: &'static str, selected: bool| {
        el("option")
            .attr("value", value)
            .flag("selected", selected)
            .text(label)
            .done()
    };
    let text_input = |id: &'static str, value: &String| {
        el("input")
            .attr("id", id)
            .attr("type", "text")
            .value(value.clone())
            .attr("spellcheck", "false")
            .attr("autocomplete", "off")
    };
    // A refused list stays as typed, its reason beside it and named by aria-describedby.
    let servers_input = match &s.refused {
        Some((typed, _)) => text_input("lookup-servers", typed)
            .attr("aria-invalid", "true")
            .attr("aria-describedby", "lookup-servers-why"),
        None => text_input("lookup-servers", &s.spec),
    };
    let servers_field = field(
        "lookup-servers",
        LaterText::LookupServers.get(lang),
        servers_input.onchange(on_servers),
    )
    .class("field wide");
    let servers_field = servers_field.slot(s.refused.as_ref().map(|(_, why)| {
        el("p")
            .attr("id", "lookup-servers-why")
            .class("field-error")
            .attr("role", "status")
            .text(why.text(lang))
    }));
    let controls = el("div")
        .class("lookup-controls")
        .child(servers_field)
        .child(field(
            "lookup-strategy",
            LaterText::LookupHashStrategy.get(lang),
            el("select")
                .attr("id", "lookup-strategy")
                .onchange(on_strategy)
                .children(
                    HashStrategy::ALL
                        .iter()
                        .map(|h| option(h.slug(), strategy_label(*h, lang), *h == s.strategy)),
                ),
        ))
        .child(
            field(
                "lookup-key",
                LaterText::Key.get(lang),
                text_input("lookup-key", &s.key).oninput(on_key),
            )
            .class("field wide"),
        )
        .child(field(
            "lookup-sample",
            LaterText::LookupSampleKey.get(lang),
            el("select")
                .attr("id", "lookup-sample")
                .onchange(on_sample)
                .child(option("", LaterText::LookupPickSampleKey.get(lang), true))
                .children(SAMPLE_KEYS.iter().map(|k| option(k, k, false))),
        ));
    // Each strategy's own fields keep their places (`El::slot`): a switch of strategy by
    // keyboard keeps the focus on the select.
    let bounded = (s.strategy == HashStrategy::BoundedLoad).then(|| {
        frag([
            field_labelled(
                term_label(
                    "lookup-c",
                    LaterText::LoadFactor.get(lang),
                    Term::LoadFactor,
                    lang,
                ),
                number_input(
                    "lookup-c",
                    MIN_LOAD_FACTOR.to_string().into(),
                    "0.05",
                    s.knobs.load_factor.to_string(),
                )
                .attr("max", MAX_LOAD_FACTOR.to_string())
                .onchange(on_c),
            )
            .done(),
            field(
                "lookup-earlier",
                LaterText::LookupRequestsInFlight.get(lang),
                number_input("lookup-earlier", "0".into(), "1", s.earlier.to_string())
                    .attr("max", MAX_EARLIER.to_string())
                    .onchange(on_earlier),
            )
            .done(),
        ])
    });
    let maglev = (s.strategy == HashStrategy::Maglev).then(|| {
        field(
            "lookup-m",
            LaterText::LookupTableSize.get(lang),
            el("select")
                .attr("id", "lookup-m")
                .onchange(on_table)
                .children(TABLE_SIZES.iter().map(|m| {
                    el("option")
                        .attr("value", m.to_string())
                        .flag("selected", *m == s.knobs.maglev_table_size)
                        .text(m.to_string())
                        .done()
                })),
        )
    });
    controls.slot(bounded).slot(maglev)
}

/// "Previous step", "Next step", "Step i of n" and, at the last step, the owner.
fn step_nav(
    settings: &UseReducerHandle<LookupSettings>,
    pos: usize,
    frames_len: usize,
    owner: Option<&Result<String, String>>,
    lang: Lang,
) -> El {
    let last = frames_len.max(1);
    let on_next = fill_click(settings, FillAction::Step((pos + 1).min(last)));
    let on_prev = fill_click(settings, FillAction::Step(pos.saturating_sub(1).max(1)));
    let finished = pos == frames_len && frames_len > 0;
    let walking = settings.fill.walking;
    let on_walk = fill_click(
        settings,
        FillAction::Walk {
            on: !walking,
            last: frames_len,
        },
    );
    let mut nav = el("div")
        .class("lookup-nav")
        .child(button(LaterText::PreviousStep.get(lang), on_prev, pos <= 1))
        .child(
            button(
                if walking {
                    LaterText::PauseSteps.get(lang)
                } else {
                    LaterText::PlaySteps.get(lang)
                },
                on_walk,
                frames_len < 2,
            )
            .class("walk"),
        )
        .child(button(
            LaterText::NextStep.get(lang),
            on_next,
            pos >= frames_len,
        ))
        .child(
            el("span")
                .class("lookup-count")
                .text(LaterText::StepOf.fill(lang, &["step", "steps"], &[&pos, &frames_len])),
        );
    if finished && let Some(owner) = owner {
        nav = nav.child(
            el("span")
                .class("lookup-owner")
                .text(LaterText::LookupOwnerLabel.get(lang))
                .text(if lang == Lang::En { " " } else { "" })
                .child(
                    el("output")
                        .attr("aria-label", LaterText::Owner.get(lang))
                        .text(match owner {
                            Ok(text) | Err(text) => text.clone(),
                        }),
                ),
        );
    }
    nav
}

/// The control an event came from, as an input or a select.
fn input(target: &web_sys::EventTarget) -> &HtmlInputElement {
    target.unchecked_ref()
}

fn select(target: &web_sys::EventTarget) -> &HtmlSelectElement {
    target.unchecked_ref()
}

/// "Previous step" / "Next step" / "Play fill" / "Pause fill" / "Skip fill": dispatch `action`
/// when clicked.
fn fill_click(
    settings: &UseReducerHandle<LookupSettings>,
    action: FillAction,
) -> Callback<MouseEvent> {
    dispatch_click(settings, LookupAction::Fill(action))
}
