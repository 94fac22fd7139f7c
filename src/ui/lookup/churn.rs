//! The churn view (issue 5): change the pool ("Add server", "Remove server", a weight change, a
//! failure) and see which keys moved, old → new owner in colour and in letters; the fraction
//! moved against the ideal; who absorbed the orphaned keys; the same change under every hashing
//! strategy at once (the churn matrix); the "Virtual nodes" slider with the ring's spread; and
//! hot keys under Zipf traffic, with and without bounded loads.
//!
//! Every figure comes from `engine::churn` (which routes keys through the engine's balancers);
//! this file only lays them out.

use std::rc::Rc;
use wasm_bindgen::JsCast;

use web_sys::{EventTarget, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::playground::decimal::exact;
use crate::playground::decimal::fixed;
use crate::share::glossary::Term;
use crate::ui::widgets::dom::{El, button, el, field, number_input, slider_labelled};
use crate::ui::widgets::tables::{cells, head};
use crate::ui::widgets::term::term_label;

use crate::engine::churn::{
    EditChurn, HotKeys, Knobs, MatrixRow, PoolEdit, Spread, churn_matrix, edit_churn, hot_keys,
    ring_spread,
};
use crate::engine::{RingFlavor, Server, Status, StrategyConfig};
use crate::playground::lookup::settings::{
    ChurnInput as Input, LookupAction, LookupSettings, POINT_STOPS, PoolDeps, current_servers,
    error_text, list_sep, marker, strategy_label,
};
use crate::share::i18n::{Lang, LaterText, Text};
use crate::ui::hooks::use_after_first_paint;
use crate::ui::lookup::controls::{dispatch_click, dispatch_on, swatch};

/// Keys the churn figures are measured over: `/api/data/0` … (as `fulcrum analyze`).
const CHURN_KEYS: usize = 5_000;
/// Keys drawn in the grid of moved keys.
const GRID_KEYS: usize = 400;
/// The spread sweep's points per weight.
const SWEEP: [u32; 6] = [1, 10, 40, 160, 500, 2000];
/// Hot keys: distinct keys and requests.
const HOT_KEYS: usize = 200;
const HOT_REQUESTS: u64 = 20_000;

thread_local! {
    /// The churn keys, made once for the page.
    static CHURN_KEY_LIST: Rc<Vec<String>> =
        Rc::new((0..CHURN_KEYS).map(|i| format!("/api/data/{i}")).collect());
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn input(target: &EventTarget) -> &HtmlInputElement {
    target.unchecked_ref()
}

/// A change to the pool in words: "remove 10.0.0.2:8080".
pub fn edit_text(edit: &PoolEdit, lang: Lang) -> String {
    match edit {
        PoolEdit::Add(s) => {
            LaterText::EditAdd.fill(lang, &["server", "weight"], &[&s.id, &s.weight])
        }
        PoolEdit::Remove(id) => LaterText::EditRemove.fill(lang, &["server"], &[id]),
        PoolEdit::SetWeight { id, weight } => {
            LaterText::EditWeight.fill(lang, &["server", "weight"], &[id, &weight])
        }
        PoolEdit::Fail(id) => LaterText::EditFail.fill(lang, &["server"], &[id]),
        PoolEdit::Recover(id) => LaterText::EditRecover.fill(lang, &["server"], &[id]),
    }
}

/// What the last edit moved under `config` (`None` before any edit), over the churn keys.
pub type Churn = Result<Option<EditChurn>, crate::engine::EngineError>;

pub fn measure_churn(config: &StrategyConfig, base: &[Server], edits: &[PoolEdit]) -> Churn {
    CHURN_KEY_LIST.with(|keys| edit_churn(config, base, edits, keys, 0))
}

/// The churn view over the debugger's `settings` and the last edit's `churn`, in `lang`: a hook
/// of the debugger, whose settings it shares.
#[hook]
pub fn use_churn_view(
    settings: &UseReducerHandle<LookupSettings>,
    pool: &PoolDeps,
    ids: &[String],
    churn: &Churn,
    lang: Lang,
) -> Html {
    let s = &**settings;
    let keys = CHURN_KEY_LIST.with(Rc::clone);
    // The matrix, the spread and the hot keys take a while (every hashing strategy over the
    // churn keys): they wait until the page has painted its first screen.
    let ready = use_after_first_paint();
    let servers = use_memo(pool.clone(), |pool| {
        let (knobs, base, edits) = &**pool;
        Rc::new(current_servers(knobs, base, edits))
    });
    let servers: Rc<Vec<Server>> = (*servers).clone();
    // The churn matrix and the ring's spread depend on the pool alone: one memo for both (the
    // spread, cheap beside the matrix, is also made again when a knob it does not read changes).
    let pool_views = use_memo((pool.clone(), ready), {
        let servers = servers.clone();
        move |(pool, ready)| {
            if !*ready {
                return None;
            }
            let (knobs, base, edits) = &**pool;
            let mut sweep = Vec::new();
            for p in SWEEP {
                sweep.push((p, ring_spread(&servers, p, RingFlavor::Fulcrum).ok()));
            }
            let spread = (
                ring_spread(&servers, knobs.points_per_weight, RingFlavor::Fulcrum).ok(),
                ring_spread(&servers, 160, RingFlavor::Nginx).ok(),
                sweep,
            );
            let knobs = Knobs {
                maglev_table_size: Knobs::default().maglev_table_size,
                ..*knobs
            };
            let n = base.len().max(1);
            let matrix = churn_matrix(&knobs, base, edits, &keys, 4 * n);
            Some((matrix, spread))
        }
    });
    let inputs = &s.churn;
    let chosen_id = if servers.iter().any(|x| x.id == inputs.selected) {
        inputs.selected.clone()
    } else {
        servers.first().map(|x| x.id.clone()).unwrap_or_default()
    };

    // The servers come from the pool (knobs included), so the pool stands for both.
    let hot = use_memo((inputs.zipf, pool.clone(), ready), {
        let servers = servers.clone();
        move |(zipf, pool, ready)| {
            if !*ready {
                return None;
            }
            let n = servers.iter().filter(|s| s.is_eligible()).count().max(1);
            Some(hot_keys(&pool.0, &servers, HOT_KEYS, *zipf, HOT_REQUESTS, 8 * n, 1).ok())
        }
    });

    let last_edit = s.edits.last();

    el("section")
        .class("churn")
        .attr("aria-labelledby", "churn-title")
        .child(
            el("h2")
                .attr("id", "churn-title")
                .text(LaterText::ChurnTitle.get(lang)),
        )
        .child(pool_edits(settings, &servers, &chosen_id, ids, lang))
        .child(
            el("p")
                .class("pool-line")
                .text(LaterText::PoolLine.get(lang))
                .text(if lang == Lang::En { " " } else { "" })
                .children(servers.iter().map(|x| pool_chip(ids, x, lang))),
        )
        .child(summary(s, last_edit, churn, ids, lang))
        .child(match &*pool_views {
            Some((matrix, _)) => matrix_table(matrix, last_edit.is_some(), lang),
            None => measuring(lang),
        })
        .child(
            el("h3")
                .attr("id", "churn-spread-title")
                .text(LaterText::SpreadTitle.get(lang)),
        )
        .child(points_slider(settings, lang))
        .child(match &*pool_views {
            Some((_, spread)) => spread_view(
                &spread.0,
                &spread.1,
                &spread.2,
                s.knobs.points_per_weight,
                &servers,
                ids,
                lang,
            ),
            None => measuring(lang),
        })
        .child(
            el("h3")
                .attr("id", "hot-keys-title")
                .text(LaterText::HotTitle.get(lang)),
        )
        .child(zipf_slider(settings, lang))
        .child(match &*hot {
            Some(hot) => hot_view(hot.as_ref(), ids, lang),
            None => measuring(lang),
        })
        .done()
}

/// "Virtual nodes": the ring's points per unit of weight, along [`POINT_STOPS`].
fn points_slider(settings: &UseReducerHandle<LookupSettings>, lang: Lang) -> El {
    let points = settings.knobs.points_per_weight;
    let on_points = dispatch_on(settings, |t| {
        let i = input(t).value_as_number();
        let i = if i.is_finite() && i > 0.0 {
            i as usize
        } else {
            0
        };
        Some(LookupAction::SetPoints(
            POINT_STOPS[i.min(POINT_STOPS.len() - 1)],
        ))
    });
    let point_index = POINT_STOPS
        .iter()
        .position(|&p| p >= points)
        .unwrap_or(POINT_STOPS.len() - 1);
    let points_text = LaterText::UnitPointsPerWeight.fill(lang, &["value"], &[&points]);
    slider_labelled(
        term_label(
            "churn-virtual-nodes",
            Text::VirtualNodes.get(lang),
            Term::VirtualNodes,
            lang,
        ),
        el("input")
            .attr("id", "churn-virtual-nodes")
            .attr("type", "range")
            .attr("min", "0")
            .attr("max", (POINT_STOPS.len() - 1).to_string())
            .attr("step", "1")
            .value(point_index.to_string())
            .oninput(on_points)
            .attr("aria-valuetext", points_text.clone()),
        points_text,
    )
}

/// "Zipf exponent": how skewed the hot keys' popularity is, 0 to 2.
fn zipf_slider(settings: &UseReducerHandle<LookupSettings>, lang: Lang) -> El {
    let on_zipf = dispatch_on(settings, |t| {
        let z = input(t).value_as_number();
        Some(LookupAction::Churn(Input::Zipf(if z.is_finite() {
            z.clamp(0.0, 2.0)
        } else {
            1.0
        })))
    });
    let zipf = exact(settings.churn.zipf, 1, "");
    slider_labelled(
        term_label(
            "churn-zipf",
            LaterText::ZipfExponent.get(lang),
            Term::Zipf,
            lang,
        ),
        el("input")
            .attr("id", "churn-zipf")
            .attr("type", "range")
            .attr("min", "0")
            .attr("max", "2")
            .attr("step", "0.1")
            .value(zipf.clone())
            .oninput(on_zipf),
        format!("s = {zipf}"),
    )
}

/// The pool's edits: the server they act on, Add, Remove, Fail or Recover, a new weight, Reset.
fn pool_edits(
    settings: &UseReducerHandle<LookupSettings>,
    servers: &[Server],
    chosen_id: &str,
    ids: &[String],
    lang: Lang,
) -> El {
    let s = &**settings;
    let inputs = &s.churn;
    let chosen_id = chosen_id.to_string();
    let on_select = dispatch_on(settings, |t| {
        Some(LookupAction::Churn(Input::Select(
            t.unchecked_ref::<HtmlSelectElement>().value(),
        )))
    });
    let edit = |e: PoolEdit| dispatch_click(settings, LookupAction::Edit(e));
    let on_add = dispatch_click(settings, LookupAction::AddServer);
    let on_remove = edit(PoolEdit::Remove(chosen_id.clone()));
    let failed = servers
        .iter()
        .any(|x| x.id == chosen_id && x.status != Status::Healthy);
    let on_fail = edit(if failed {
        PoolEdit::Recover(chosen_id.clone())
    } else {
        PoolEdit::Fail(chosen_id.clone())
    });
    let on_weight = edit(PoolEdit::SetWeight {
        id: chosen_id.clone(),
        weight: inputs.new_weight,
    });
    let on_reset = dispatch_click(settings, LookupAction::ResetPool);
    let on_weight_input = dispatch_on(settings, |t| {
        let w = input(t).value_as_number();
        Some(LookupAction::Churn(Input::Weight(if w.is_finite() {
            w.clamp(0.0, 100.0) as u32
        } else {
            1
        })))
    });
    let option = |x: &Server| {
        let (_, letter) = marker(ids, &x.id);
        // One fill for both wordings (the healthy one has no {status}).
        let text = if x.status == Status::Healthy {
            LaterText::ChurnServerOption
        } else {
            LaterText::ChurnServerOptionStatus
        }
        .fill(
            lang,
            &["letter", "server", "weight", "status"],
            &[&letter, &x.id, &x.weight, &Text::status(x.status).get(lang)],
        );
        el("option")
            .attr("value", x.id.clone())
            .flag("selected", x.id == chosen_id)
            .text(text)
            .done()
    };
    el("div")
        .class("lookup-controls")
        .child(field(
            "churn-server",
            Text::Server.get(lang),
            el("select")
                .attr("id", "churn-server")
                .onchange(on_select)
                .children(servers.iter().map(option)),
        ))
        .child(button(Text::AddServer.get(lang), on_add, false))
        .child(button(
            LaterText::RemoveServer.get(lang),
            on_remove,
            servers.len() < 2,
        ))
        .child(button(
            if failed {
                LaterText::RecoverServerButton.get(lang)
            } else {
                LaterText::FailServer.get(lang)
            },
            on_fail,
            false,
        ))
        .child(field(
            "churn-weight",
            LaterText::NewWeight.get(lang),
            number_input(
                "churn-weight",
                "0".into(),
                "1",
                inputs.new_weight.to_string(),
            )
            .attr("max", "100")
            .onchange(on_weight_input),
        ))
        .child(button(LaterText::ChangeWeight.get(lang), on_weight, false))
        .child(button(
            LaterText::ResetPool.get(lang),
            on_reset,
            s.edits.is_empty(),
        ))
}

fn pool_chip(ids: &[String], s: &Server, lang: Lang) -> Html {
    let (class, letter) = marker(ids, &s.id);
    let text = if s.is_eligible() {
        LaterText::PoolChip
    } else {
        LaterText::PoolChipStatus
    }
    .fill(
        lang,
        &["server", "weight", "status"],
        &[&s.id, &s.weight, &Text::status(s.status).get(lang)],
    );
    el("span")
        .class("chip")
        .child(swatch(class, letter))
        .text(format!(" {text} "))
        .done()
}

fn owner_tag(ids: &[String], owner: &Option<String>, lang: Lang) -> Html {
    match owner {
        Some(id) => {
            let (class, letter) = marker(ids, id);
            el("span")
                .class("owner-tag")
                .child(swatch(class, letter))
                .text(format!(" {id}"))
                .done()
        }
        None => el("span").text(LaterText::NoOwner.get(lang)).done(),
    }
}

fn summary(
    s: &LookupSettings,
    last: Option<&PoolEdit>,
    churn: &Churn,
    ids: &[String],
    lang: Lang,
) -> Html {
    let Some(last) = last else {
        return status_line("churn-summary", LaterText::NoChangeYet.get(lang).into());
    };
    let c = match churn {
        Err(e) => {
            let text = LaterText::CannotMeasure.fill(lang, &["error"], &[&error_text(e, lang)]);
            return status_line("churn-summary", text.into());
        }
        Ok(None) => return Html::default(),
        Ok(Some(c)) => c,
    };
    let moved_keys: Vec<usize> = c
        .before
        .iter()
        .zip(&c.after)
        .take(GRID_KEYS)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i)
        .collect();
    el("div")
        .class("churn-result")
        .child(summary_line(s, last, c, ids, lang))
        .child(key_grid(c, ids, moved_keys.len(), lang))
        .child(moved_list(c, ids, &moved_keys, lang))
        .done()
}

/// The change's churn in one sentence: keys moved against the ideal, and who absorbed them.
fn summary_line(
    s: &LookupSettings,
    last: &PoolEdit,
    c: &EditChurn,
    ids: &[String],
    lang: Lang,
) -> El {
    let ch = &c.churn;
    let mut absorbed = String::new();
    for a in &ch.absorbed {
        if !absorbed.is_empty() {
            absorbed.push_str(list_sep(lang));
        }
        let (_, letter) = marker(ids, &a.server);
        absorbed.push_str(&LaterText::AbsorbedKeys.fill(
            lang,
            &["letter", "server", "keys"],
            &[&letter, &a.server, &a.keys],
        ));
    }
    if absorbed.is_empty() {
        absorbed.push_str(LaterText::NoServer.get(lang));
    }
    let by_weight = (c.ideal - ch.ideal).abs() > 1e-9;
    el("p").class("churn-summary").attr("role", "status").text(
        if by_weight {
            LaterText::ChurnSummaryWeighted
        } else {
            LaterText::ChurnSummary
        }
        .fill(
            lang,
            &[
                "change", "strategy", "moved", "keys", "percent", "ideal", "share", "needless",
                "absorbed",
            ],
            &[
                &edit_text(last, lang),
                &strategy_label(s.strategy, lang),
                &ch.moved,
                &ch.keys,
                &pct(ch.moved_fraction),
                &pct(ch.ideal),
                &pct(c.ideal),
                &ch.needless,
                &absorbed,
            ],
        ),
    )
}

/// The first `GRID_KEYS` keys as a grid of cells, each halved: the owner before the change on
/// the left, after it on the right, and a cross on each key that moved.
fn key_grid(c: &EditChurn, ids: &[String], moved: usize, lang: Lang) -> El {
    let none = LaterText::NoOwner.get(lang);
    let cols = 25usize;
    let grid = c
        .after
        .iter()
        .take(GRID_KEYS)
        .enumerate()
        .map(|(i, owner)| {
            let old = c.before.get(i).and_then(Option::as_deref);
            let new = owner.as_deref();
            let moved = old != new;
            let class_of =
                |o: Option<&str>| o.map_or_else(|| "empty".into(), |id| marker(ids, id).0);
            let (x, y) = ((i % cols) * 12, (i / cols) * 12);
            let title = format!(
                "/api/data/{i}: {} → {}",
                old.unwrap_or(none),
                new.unwrap_or(none)
            );
            // Left half: the owner before; right half: the owner after.
            let half = |x: usize, o: Option<&str>| {
                el("rect")
                    .attr("x", x.to_string())
                    .attr("y", y.to_string())
                    .attr("width", "6")
                    .attr("height", "11")
                    .class(format!("cell {}", class_of(o)))
            };
            let mut g = el("g")
                .class(if moved { "moved" } else { "stayed" })
                .child(el("title").text(title))
                .child(half(x, old))
                .child(half(x + 5, new));
            if moved {
                g = g.child(
                    el("path")
                        .attr("d", format!("M{} {}l11 11M{} {}l-11 11", x, y, x + 11, y))
                        .class("moved-mark"),
                );
            }
            g.done()
        });
    el("figure")
        .class("key-grid")
        .child(
            el("svg")
                .attr(
                    "viewBox",
                    format!("0 0 {} {}", cols * 12, GRID_KEYS.div_ceil(cols) * 12),
                )
                .attr("role", "img")
                .attr(
                    "aria-label",
                    LaterText::KeyGridLabel.fill(lang, &["keys", "moved"], &[&GRID_KEYS, &moved]),
                )
                .children(grid),
        )
        .child(el("figcaption").text(LaterText::KeyGridCaption.fill(
            lang,
            &["last", "moved"],
            &[&(GRID_KEYS - 1), &moved],
        )))
}

/// The keys that moved (the first 60), each with its owners before and after, folded away.
fn moved_list(c: &EditChurn, ids: &[String], moved_keys: &[usize], lang: Lang) -> El {
    el("details")
        .child(el("summary").text(LaterText::MovedKeysList.fill(lang, &["keys"], &[&GRID_KEYS])))
        .child(
            el("ul")
                .class("moved-list")
                .children(moved_keys.iter().take(60).map(|&i| {
                    el("li")
                        .text(format!("/api/data/{i}: "))
                        .child(owner_tag(ids, &c.before[i], lang))
                        .text(" → ")
                        .child(owner_tag(ids, &c.after[i], lang))
                        .done()
                })),
        )
}

/// A status paragraph (`role="status"`) of class `class`.
fn status_line(class: &'static str, text: AttrValue) -> Html {
    el("p")
        .class(class)
        .attr("role", "status")
        .text(text)
        .done()
}

/// One row of a plain data table: a header cell (with an owner's swatch when given), text
/// cells, and whether to highlight it.
struct Row {
    head: String,
    swatch: Option<(String, String)>,
    cells: Vec<String>,
    current: bool,
}

/// A table of text cells; every data table of this view goes through here.
fn data_table(
    label: &'static str,
    caption: &'static str,
    columns: &[&'static str],
    rows: Vec<Row>,
) -> Html {
    el("div")
        .class("table-wrap")
        .child(
            el("table")
                .attr("aria-label", label)
                .child(el("caption").text(caption))
                .child(el("thead").child(head(columns)))
                .child(el("tbody").children(rows.into_iter().map(|mut r| {
                    let mut head = el("th").attr("scope", "row");
                    if let Some((class, letter)) = r.swatch {
                        head = head.child(swatch(class, letter)).text(" ");
                    }
                    let tr = el("tr")
                        .attr_opt("class", r.current.then_some("current"))
                        .child(head.text(r.head));
                    cells(tr, &mut r.cells).done()
                }))),
        )
        .done()
}

fn matrix_table(rows: &[MatrixRow], has_change: bool, lang: Lang) -> Html {
    let mut table = Vec::new();
    for r in rows {
        let order = match &r.order {
            Ok(o) => [pct(o.reordered), pct(o.history)],
            Err(e) => [error_text(e, lang), String::new()],
        };
        table.push(Row {
            head: strategy_label(r.strategy, lang).to_string(),
            swatch: None,
            cells: match &r.churn {
                Ok(Some(c)) => vec![
                    pct(c.moved_fraction),
                    pct(if c.keys > 0 {
                        c.needless as f64 / c.keys as f64
                    } else {
                        0.0
                    }),
                    pct(c.weight_share),
                    pct(c.ideal),
                    order[0].clone(),
                    order[1].clone(),
                ],
                Ok(None) => vec![
                    if has_change {
                        "–"
                    } else {
                        LaterText::NoChangeYetShort.get(lang)
                    }
                    .to_string(),
                    "–".to_string(),
                    "–".to_string(),
                    "–".to_string(),
                    order[0].clone(),
                    order[1].clone(),
                ],
                Err(e) => vec![error_text(e, lang)],
            },
            current: false,
        });
    }
    data_table(
        LaterText::ChurnMatrixLabel.get(lang),
        LaterText::ChurnMatrixCaption.get(lang),
        &[
            Text::Strategy.get(lang),
            LaterText::KeysRemapped.get(lang),
            LaterText::Needlessly.get(lang),
            // The yardstick first: the weight share that changed hands is the least that must
            // move; 1/n is that least only when the weights are equal.
            LaterText::ByWeight.get(lang),
            LaterText::IdealOneOverN.get(lang),
            LaterText::AnotherOrder.get(lang),
            LaterText::FreshList.get(lang),
        ],
        table,
    )
}

fn spread_line(s: &Spread, lang: Lang) -> String {
    LaterText::SpreadLine.fill(
        lang,
        &["points", "max", "min", "deviation"],
        &[
            &s.points,
            &exact(s.max_over_mean, 3, ""),
            &exact(s.min_over_mean, 3, ""),
            &exact(100.0 * s.std_dev, 1, ""),
        ],
    )
}

fn spread_view(
    current: &Option<Spread>,
    nginx: &Option<Spread>,
    sweep: &[(u32, Option<Spread>)],
    points: u32,
    servers: &[Server],
    ids: &[String],
    lang: Lang,
) -> Html {
    let Some(cur) = current else {
        return el("p").text(LaterText::NoRing.get(lang)).done();
    };
    let line = |head: String, s: &Spread, current: bool| Row {
        head,
        swatch: None,
        cells: vec![
            s.points.to_string(),
            exact(s.max_over_mean, 3, ""),
            pct(s.std_dev),
        ],
        current,
    };
    let mut rows = Vec::new();
    for (p, s) in sweep {
        if let Some(s) = s {
            rows.push(line(p.to_string(), s, *p == points));
        }
    }
    if let Some(n) = nginx {
        rows.push(line(LaterText::NginxRingRow.get(lang).into(), n, false));
    }
    let mut max_share = 0.0f64;
    for &x in cur.shares.iter().chain(&cur.fair) {
        max_share = max_share.max(x);
    }
    let max_share = max_share.max(1e-9);
    let bars = servers.iter().enumerate().map(|(i, s)| {
        let (class, letter) = marker(ids, &s.id);
        let share = cur.shares.get(i).copied().unwrap_or(0.0);
        let fair = cur.fair.get(i).copied().unwrap_or(0.0);
        let y = i * 22 + 2;
        let w = 200.0 * share / max_share;
        let fx = fixed(30.0 + 200.0 * fair / max_share, 1);
        el("g")
            .child(
                el("text")
                    .attr("x", "0")
                    .attr("y", (y + 14).to_string())
                    .class("svg-letter")
                    .text(letter),
            )
            .child(
                el("rect")
                    .attr("x", "30")
                    .attr("y", y.to_string())
                    .attr("width", fixed(w, 1))
                    .attr("height", "18")
                    .class(format!("bar {class}")),
            )
            .child(
                el("line")
                    .attr("x1", fx.clone())
                    .attr("x2", fx)
                    .attr("y1", y.to_string())
                    .attr("y2", (y + 18).to_string())
                    .class("fair-line"),
            )
            .child(
                el("text")
                    .attr("x", "236")
                    .attr("y", (y + 14).to_string())
                    .class("svg-label")
                    .text(format!("{} / {}", pct(share), pct(fair))),
            )
            .done()
    });
    el("div")
        .class("spread")
        .child(
            el("p")
                .attr("id", "churn-spread-now")
                .attr("role", "status")
                .text(LaterText::SpreadNow.fill(
                    lang,
                    &["points", "spread"],
                    &[&points, &spread_line(cur, lang)],
                )),
        )
        .child(
            el("svg")
                // Room after the bars for "100.0% / 100.0%" at x = 236 (10 px type).
                .attr("viewBox", format!("0 0 330 {}", servers.len() * 22 + 4))
                .attr("role", "img")
                .attr("aria-label", LaterText::SpreadBarsLabel.get(lang))
                .children(bars),
        )
        .child(
            el("p")
                .class("lookup-hint")
                .text(LaterText::SpreadBarsHint.get(lang)),
        )
        .child(data_table(
            LaterText::SpreadTableLabel.get(lang),
            LaterText::SpreadTableCaption.get(lang),
            &[
                LaterText::PointsPerWeight.get(lang),
                LaterText::Points.get(lang),
                LaterText::MaxOverMeanShort.get(lang),
                LaterText::StdDev.get(lang),
            ],
            rows,
        ))
        .done()
}

/// Said where a figure is still being measured (for a moment after the page opens).
fn measuring(lang: Lang) -> Html {
    el("p")
        .class("muted small")
        .attr("aria-busy", "true")
        .text(LaterText::ChurnMeasuring.get(lang))
        .done()
}

fn hot_view(hot: Option<&HotKeys>, ids: &[String], lang: Lang) -> Html {
    let Some(h) = hot else {
        return el("p").text(LaterText::NoEligibleServer.get(lang)).done();
    };
    let total = h.requests.max(1) as f64;
    let keys = h.keys.len().max(1) as f64;
    let hot_line = h.hot_server.map(|i| {
        let id = &h.servers[i];
        LaterText::HotLine.fill(
            lang,
            &[
                "key",
                "share",
                "server",
                "owned",
                "taken",
                "peak",
                "c",
                "capacity",
                "bounded_peak",
            ],
            &[
                &h.keys[0],
                &pct(h.key_requests[0] as f64 / total),
                id,
                &pct(h.keys_owned[i] as f64 / keys),
                &pct(h.ring_requests[i] as f64 / total),
                &h.ring_peak[i],
                &h.load_factor,
                &h.capacity[i],
                &h.bounded_peak[i],
            ],
        )
    });
    let mut rows = Vec::new();
    for (i, id) in h.servers.iter().enumerate() {
        let hot = h.hot_server == Some(i);
        rows.push(Row {
            head: if hot {
                LaterText::HotServer.fill(lang, &["server"], &[id])
            } else {
                id.clone()
            },
            swatch: Some(marker(ids, id)),
            cells: vec![
                pct(h.keys_owned[i] as f64 / keys),
                pct(h.ring_requests[i] as f64 / total),
                h.ring_peak[i].to_string(),
                pct(h.bounded_requests[i] as f64 / total),
                h.bounded_peak[i].to_string(),
                h.capacity[i].to_string(),
            ],
            current: hot,
        });
    }
    el("div")
        .class("hot")
        .child(
            el("p")
                .attr("role", "status")
                .text(LaterText::HotIntro.fill(
                    lang,
                    &["requests", "keys", "in_flight"],
                    &[&h.requests, &h.keys.len(), &h.in_flight],
                ))
                .text(match (lang, hot_line) {
                    (_, None) => String::new(),
                    (Lang::En, Some(line)) => format!(" {line}"),
                    (Lang::Zh, Some(line)) => line,
                }),
        )
        .child(data_table(
            LaterText::HotKeys.get(lang),
            LaterText::HotTableCaption.get(lang),
            &[
                Text::Server.get(lang),
                LaterText::KeysColumn.get(lang),
                LaterText::RequestsRing.get(lang),
                LaterText::PeakRing.get(lang),
                LaterText::RequestsBounded.get(lang),
                LaterText::PeakBounded.get(lang),
                LaterText::Capacity.get(lang),
            ],
            rows,
        ))
        .done()
}
