//! The drawing beside the debugger's steps: the ring with the key's hash, the binary search's
//! window and the point reached; or maglev's table filling turn by turn; each with its legend.
//! Drawn from the engine's own ring and table (through the lookup), never rebuilt here.

use yew::prelude::*;

use super::controls::{dispatch_on, swatch};
use super::{Computed, fill_click, input};
use crate::engine::{AnyStrategy, Step};
use crate::playground::decimal::exact;
use crate::playground::lookup::frames::FrameKind;
use crate::playground::lookup::settings::{FillAction, LookupAction, LookupSettings, marker};
use crate::share::i18n::{Lang, LaterText, Text};
use crate::share::steps::long::{degrees, ring_of};
use crate::ui::widgets::dom::{button, el, field};

/// Largest maglev table drawn cell by cell.
const MAX_DRAWN_SLOTS: usize = 1021;
/// Most ring points drawn as ticks (beyond it every k-th point is drawn).
const MAX_DRAWN_POINTS: usize = 720;

/// The drawing beside the steps: the ring, maglev's table, or nothing.
pub(super) fn visual(
    c: &Computed,
    pos: usize,
    ids: &[String],
    settings: &UseReducerHandle<LookupSettings>,
    lang: Lang,
) -> Html {
    let b = &c.lookup.balancer;
    if let Some(ring) = ring_of(b) {
        return ring_svg(c, pos, ids, ring, lang);
    }
    if matches!(b.strategy(), AnyStrategy::Maglev(_)) {
        return maglev_table(c, pos, ids, settings, lang);
    }
    Html::default()
}

/// Rotation about the ring's centre: points are drawn at the top and turned into place, so the
/// drawing needs no trigonometry.
fn rot(degrees: f64) -> String {
    format!("rotate({degrees:.3} 120 120)")
}

/// Upright text at radius `120 − y` on the ring at `degrees`.
fn upright(degrees: f64, y: f64) -> String {
    format!(
        "rotate({degrees:.3} 120 120) translate(120 {y}) rotate({:.3})",
        -degrees
    )
}

/// The ring: every point (or every k-th) as a tick coloured by owner, the key's hash, the probe
/// in progress and the point reached; below it, the search range drawn to scale.
fn ring_svg(
    c: &Computed,
    pos: usize,
    ids: &[String],
    ring: &crate::engine::hashing::ring::HashRing,
    lang: Lang,
) -> Html {
    let pool = c.lookup.balancer.pool();
    let bits = ring.hash_bits();
    let every = ring.len().div_ceil(MAX_DRAWN_POINTS).max(1);
    let RingProgress {
        key,
        probe,
        window,
        range,
        reached,
    } = ring_progress(c, pos);
    let name = |o: usize| {
        pool.servers()
            .get(o)
            .map_or(String::new(), |s| s.id.clone())
    };
    let drawn = if every > 1 {
        LaterText::RingCaptionSampled
    } else {
        LaterText::RingCaptionPoints
    }
    .fill(lang, &["points", "every"], &[&ring.len(), &every]);
    let angle = |at: u64| exact(degrees(at, bits), 1, "");
    // One fill for the three wordings (each names only what it has).
    let caption = match (key, reached) {
        (None, _) => LaterText::RingCaptionNoHash,
        (Some(_), None) => LaterText::RingCaptionHash,
        (Some(_), Some(_)) => LaterText::RingCaptionReached,
    }
    .fill(
        lang,
        &["ring", "angle", "point", "owner"],
        &[
            &drawn,
            &key.map(angle).unwrap_or_default(),
            &reached.map(|r| angle(r.1)).unwrap_or_default(),
            &reached.map(|r| name(r.2)).unwrap_or_default(),
        ],
    );
    let marker_of = |o: usize| owner_marker(ids, pool, o);
    let dot = |r: &'static str, at: u64, class: String| {
        el("circle")
            .attr("cx", "120")
            .attr("cy", "20")
            .attr("r", r)
            .attr("transform", rot(degrees(at, bits)))
            .class(class)
            .done()
    };
    let label = |at: u64, y: f64, class: &'static str, text: String| {
        el("text")
            .attr("transform", upright(degrees(at, bits), y))
            .attr("text-anchor", "middle")
            .attr("y", "4")
            .class(class)
            .text(text)
            .done()
    };
    let mut svg = el("svg")
        .attr("viewBox", "0 0 240 240")
        .attr("role", "img")
        .attr("aria-label", caption.clone())
        .child(
            el("circle")
                .attr("cx", "120")
                .attr("cy", "120")
                .attr("r", "100")
                .class("ring-circle"),
        )
        .children(ring.points().step_by(every).map(|(p, o)| {
            el("line")
                .attr("x1", "120")
                .attr("y1", "14")
                .attr("x2", "120")
                .attr("y2", "26")
                .attr("transform", rot(degrees(p, bits)))
                .class(format!("tick {}", marker_of(o).0))
                .done()
        }));
    if let Some(k) = key {
        svg = svg
            .child(
                el("g")
                    .attr("transform", rot(degrees(k, bits)))
                    .child(
                        el("line")
                            .attr("x1", "120")
                            .attr("y1", "120")
                            .attr("x2", "120")
                            .attr("y2", "20")
                            .class("key-ray"),
                    )
                    .child(
                        el("circle")
                            .attr("cx", "120")
                            .attr("cy", "20")
                            .attr("r", "5")
                            .class("key-dot"),
                    ),
            )
            .child(label(k, 40.0, "svg-label", "h".into()));
    }
    if let Some((_, p)) = probe {
        svg = svg.child(dot("6", p, "probe-dot".into()));
    }
    if let Some((_, p, o)) = reached {
        let (class, letter) = marker_of(o);
        svg = svg
            .child(dot("9", p, format!("reached-dot {class}")))
            .child(label(p, 20.0, "svg-letter", letter));
    }
    el("figure")
        .class("ring-figure")
        .child(svg)
        .child(search_strip(
            ring,
            range,
            window,
            reached.map(|r| r.0),
            ids,
            pool,
            lang,
        ))
        .child(
            el("figcaption")
                .text(caption)
                .child(legend(ids, pool, lang)),
        )
        .done()
}

/// How far the frames up to `pos` went on the ring: the key's hash, the binary search's last
/// probe and window, the range it started from, and the point reached with its owner.
#[derive(Default)]
struct RingProgress {
    key: Option<u64>,
    probe: Option<(usize, u64)>,
    window: Option<(usize, usize, usize)>,
    range: Option<(usize, usize)>,
    reached: Option<(usize, u64, usize)>,
}

fn ring_progress(c: &Computed, pos: usize) -> RingProgress {
    let mut p = RingProgress::default();
    for f in c.explained.frames.iter().take(pos) {
        if let FrameKind::Step(i) = f.kind {
            match c.lookup.steps.get(i) {
                Some(Step::Hash { value, .. }) => p.key = Some(*value),
                Some(Step::RingRange { lo, hi, .. }) => p.range = Some((*lo, *hi)),
                Some(Step::RingProbe {
                    lo, hi, mid, point, ..
                }) => {
                    p.probe = Some((*mid, *point));
                    p.window = Some((*lo, *hi, *mid));
                }
                Some(Step::RingPoint {
                    index,
                    point,
                    owner,
                    ..
                }) => {
                    p.reached = Some((*index, *point, *owner));
                    p.probe = None;
                    p.window = None;
                }
                _ => {}
            }
        }
    }
    p
}

/// Server `o`'s colour class and letter (`marker`), by its index in `pool`.
fn owner_marker(ids: &[String], pool: &crate::engine::Pool, o: usize) -> (String, String) {
    marker(ids, pool.servers().get(o).map_or("", |s| &s.id))
}

/// The sorted points of the search range as an array, one cell per point (index and owner's
/// letter): the probe's current lo..hi shaded, the probed point outlined, and once the search
/// has ended the point reached. This is where the binary search happens, which the whole ring is
/// too small to show.
fn search_strip(
    ring: &crate::engine::hashing::ring::HashRing,
    range: Option<(usize, usize)>,
    probe: Option<(usize, usize, usize)>,
    reached: Option<usize>,
    ids: &[String],
    pool: &crate::engine::Pool,
    lang: Lang,
) -> Html {
    let Some((lo, hi)) = range else {
        return Html::default();
    };
    const MAX_CELLS: usize = 16;
    let shown = hi.saturating_sub(lo).min(MAX_CELLS);
    let width = (shown.max(1) * 36 + 8) as u32;
    let points = ring.points().enumerate().skip(lo).take(shown);
    let cells = points.enumerate().map(|(k, (i, (_, o)))| {
        let (class, letter) = owner_marker(ids, pool, o);
        let within = probe.map_or(reached.is_none(), |(plo, phi, _)| (plo..phi).contains(&i));
        let probed = probe.is_some_and(|(_, _, mid)| mid == i);
        let found = reached == Some(i);
        let mut classes = format!("cell {class}");
        for (on, name) in [(within, " within"), (probed, " probed"), (found, " found")] {
            if on {
                classes.push_str(name);
            }
        }
        let text = |y: &'static str, class: &'static str, text: String| {
            el("text")
                .attr("x", "17")
                .attr("y", y)
                .attr("text-anchor", "middle")
                .class(class)
                .text(text)
        };
        el("g")
            .attr("transform", format!("translate({} 4)", 4 + k * 36))
            .child(
                el("rect")
                    .attr("width", "34")
                    .attr("height", "26")
                    .attr("rx", "3")
                    .class(classes),
            )
            .child(text("17", "svg-letter", letter))
            .child(text("42", "svg-label", i.to_string()))
            .done()
    });
    el("svg")
        .attr("viewBox", format!("0 0 {width} 50"))
        .class("search-strip")
        .attr("role", "img")
        .attr(
            "aria-label",
            LaterText::SearchRange.fill(lang, &["lo", "hi"], &[&lo, &hi.saturating_sub(1)]),
        )
        .children(cells)
        .done()
}

/// Server letters and colours, in words.
fn legend(ids: &[String], pool: &crate::engine::Pool, lang: Lang) -> Html {
    el("ul")
        .class("legend")
        .children(pool.servers().iter().map(|s| {
            let (class, letter) = marker(ids, &s.id);
            let mut entry = String::from(" ");
            if s.is_eligible() {
                entry.push_str("= ");
                entry.push_str(&s.id);
            } else {
                let status = Text::status(s.status).get(lang);
                entry.push_str(&LaterText::LegendEntryStatus.fill(
                    lang,
                    &["server", "status"],
                    &[&s.id, &status],
                ));
            }
            el("li").child(swatch(class, letter)).text(entry).done()
        }))
        .done()
}

/// Maglev's table: empty before the fill frame, filling turn by turn during it, full after it
/// with the key's slot marked.
fn maglev_table(
    c: &Computed,
    pos: usize,
    ids: &[String],
    settings: &UseReducerHandle<LookupSettings>,
    lang: Lang,
) -> Html {
    let pool = c.lookup.balancer.pool();
    let fill = &settings.fill;
    let frames = &c.explained.frames;
    let fill_frame = frames.iter().position(|f| f.kind == FrameKind::MaglevFill);
    let here = pos - 1;
    let at_fill = fill_frame == Some(here);
    let shown = match fill_frame {
        Some(i) if here < i => 0,
        Some(i) if here == i => fill.turn.min(c.turns.len()),
        _ => c.turns.len(),
    };
    let slot = frames.iter().take(pos).find_map(|f| match f.kind {
        FrameKind::Step(i) => match c.lookup.steps.get(i) {
            Some(Step::MaglevSlot { slot, .. }) => Some(*slot),
            _ => None,
        },
        _ => None,
    });
    let size = c.turns.len();
    let mut owners: Vec<Option<usize>> = vec![None; size];
    for t in &c.turns[..shown] {
        if let Some(o) = owners.get_mut(t.slot) {
            *o = Some(t.server);
        }
    }
    let name = |o: usize| {
        pool.servers()
            .get(o)
            .map_or(String::new(), |s| s.id.clone())
    };
    let last = shown.checked_sub(1).and_then(|i| c.turns.get(i));
    // One fill for the four wordings (each names only what it has).
    let text = match last {
        Some(t) if shown < size || at_fill => {
            if t.skipped > 0 {
                LaterText::MaglevTurnSkipped
            } else {
                LaterText::MaglevTurn
            }
        }
        _ if shown == 0 => LaterText::MaglevTableEmpty,
        _ => LaterText::MaglevTableFull,
    };
    let (turn, server, at, preference, skipped) = last.map_or_else(Default::default, |t| {
        (t.turn + 1, name(t.server), t.slot, t.preference, t.skipped)
    });
    let turn_text = text.fill(
        lang,
        &[
            "turn",
            "turns",
            "server",
            "slot",
            "preference",
            "skipped",
            "slots",
        ],
        &[&turn, &size, &server, &at, &preference, &skipped, &size],
    );
    let mut counts = vec![0usize; pool.len()];
    for o in owners.iter().flatten() {
        if let Some(c) = counts.get_mut(*o) {
            *c += 1;
        }
    }
    let cols = 16usize;
    let controls = if at_fill {
        fill_controls(settings, shown, size, lang)
    } else {
        Html::default()
    };
    let mut figure = el("figure").class("maglev-figure").child(controls);
    if size <= MAX_DRAWN_SLOTS {
        let slots = owners.iter().enumerate().map(|(i, o)| {
            let (x, y) = ((i % cols) * 15, (i / cols) * 15);
            let (class, letter) = o
                .map(|o| owner_marker(ids, pool, o))
                .unwrap_or(("empty".into(), String::new()));
            let mut classes = format!("slot {class}");
            if slot == Some(i) {
                classes.push_str(" key-slot");
            }
            if at_fill && last.is_some_and(|t| t.slot == i) {
                classes.push_str(" turn-slot");
            }
            el("g")
                .child(
                    el("rect")
                        .attr("x", x.to_string())
                        .attr("y", y.to_string())
                        .attr("width", "14")
                        .attr("height", "14")
                        .class(classes),
                )
                .child(
                    el("text")
                        .attr("x", (x + 7).to_string())
                        .attr("y", (y + 10).to_string())
                        .attr("text-anchor", "middle")
                        .class("svg-letter small")
                        .text(letter),
                )
                .done()
        });
        figure = figure.child(
            el("svg")
                .attr(
                    "viewBox",
                    format!("0 0 {} {}", cols * 15, size.div_ceil(cols) * 15),
                )
                .attr("role", "img")
                .attr(
                    "aria-label",
                    LaterText::MaglevTableLabel.fill(lang, &["filled", "slots"], &[&shown, &size]),
                )
                .children(slots),
        );
    }
    let mut caption = el("figcaption")
        .child(el("p").attr("aria-live", "off").text(turn_text))
        .child(el("p").text(LaterText::SlotsOwned.get(lang)))
        .child(
            el("ul")
                .class("legend")
                .children(pool.servers().iter().enumerate().map(|(i, s)| {
                    let (class, letter) = marker(ids, &s.id);
                    el("li")
                        .child(swatch(class, letter))
                        .text(format!(" {} {}", s.id, counts[i]))
                        .done()
                })),
        );
    if let Some(slot) = slot {
        caption = caption.child(el("p").text(LaterText::KeysSlot.fill(lang, &["slot"], &[&slot])));
    }
    figure.child(caption).done()
}

/// Maglev's fill controls: play or pause, skip to the full table, and a slider over the turns.
fn fill_controls(
    settings: &UseReducerHandle<LookupSettings>,
    shown: usize,
    size: usize,
    lang: Lang,
) -> Html {
    let fill = &settings.fill;
    let play = fill_click(
        settings,
        if fill.playing {
            FillAction::Pause
        } else {
            FillAction::Play
        },
    );
    let skip = fill_click(settings, FillAction::Skip);
    let scrub = dispatch_on::<InputEvent>(settings, |t| {
        let t = input(t).value_as_number();
        Some(LookupAction::Fill(FillAction::Set(
            if t.is_finite() && t > 0.0 {
                t as usize
            } else {
                0
            },
        )))
    });
    el("div")
        .class("fill-controls")
        .child(button(
            if fill.playing {
                LaterText::PauseFill.get(lang)
            } else {
                LaterText::PlayFill.get(lang)
            },
            play,
            false,
        ))
        .child(button(LaterText::SkipFill.get(lang), skip, shown >= size))
        .child(field(
            "lookup-fill-turn",
            LaterText::FillTurn.get(lang),
            el("input")
                .attr("id", "lookup-fill-turn")
                .attr("type", "range")
                .attr("min", "0")
                .attr("max", size.to_string())
                .value(shown.to_string())
                .oninput(scrub)
                .attr(
                    "aria-valuetext",
                    LaterText::FillTurnOf.fill(lang, &["turn", "turns"], &[&shown, &size]),
                ),
        ))
        .done()
}
