//! The lookups moving over the hash ring: each hashed request's key appears at its position,
//! walks clockwise to the first point, and lights it in its owner's colour (for maglev, a marker
//! drops onto the key's slot). A leaf component: it re-renders every frame, the ring under it
//! does not.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::rc::Rc;

use yew::prelude::*;

use crate::playground::decimal::{fixed, push_all};
use crate::playground::snapshot::server_colour;
use crate::ui::hooks::{FrameBus, use_frame};
use crate::ui::widgets::dom::{El, el};

#[derive(Properties, PartialEq)]
pub struct OverlayProps {
    pub bus: Rc<FrameBus>,
    pub maglev: bool,
    pub columns: usize,
}

fn at(frac: f64, r: f64) -> (f64, f64) {
    let a = frac * TAU - FRAC_PI_2;
    (120.0 + r * libm::cos(a), 120.0 + r * libm::sin(a))
}

/// The clockwise walk along the ring from (x0, y0) to (x1, y1).
fn walk_path(x0: f64, y0: f64, large: u8, x1: f64, y1: f64) -> String {
    let mut d = String::from("M");
    push_all(&mut d, &[x0, y0]);
    d.push_str(if large == 1 {
        "A84 84 0 1 1 "
    } else {
        "A84 84 0 0 1 "
    });
    push_all(&mut d, &[x1, y1]);
    d
}

/// A circle of class `class` and radius `r` at (x, y).
fn circle(class: &'static str, x: f64, y: f64, r: &'static str) -> El {
    el("circle")
        .attr("cx", fixed(x, 1))
        .attr("cy", fixed(y, 1))
        .attr("r", r)
        .class(class)
}

/// The overlay's `<svg>` over a drawing of `view_box`.
fn svg(view_box: String) -> El {
    el("svg")
        .attr("aria-hidden", "true")
        .attr("viewBox", view_box)
}

#[component]
pub fn RingOverlay(props: &OverlayProps) -> Html {
    let frame = use_frame(&props.bus);
    let trails = &frame.trails;
    if props.maglev {
        let w = props.columns as f64;
        return svg(format!("0 0 {w} 64"))
            .attr("preserveAspectRatio", "none")
            .class("overlay")
            .children(
                trails
                    .iter()
                    .filter(|t| t.5)
                    .map(|&(key, _, progress, fade, owner, _)| {
                        let x = key * w;
                        let y = 2.0 + 12.0 * progress;
                        el("path")
                            .attr("d", format!("M{} {}l-6 -8h12z", fixed(x, 1), fixed(y, 1)))
                            .attr("fill", server_colour(owner))
                            .attr("opacity", fixed(fade, 2))
                            .class("marker")
                            .done()
                    }),
            )
            .done();
    }
    svg("0 0 240 240".into())
        .class("overlay")
        .children(
            trails
                .iter()
                .filter(|t| !t.5)
                .map(|&(key, point, progress, fade, owner, _)| {
                    // First the walk clockwise from the key to its point (often tiny: points are
                    // dense), then out to the ring, where the point lights in its owner's colour.
                    let walk = (point - key).rem_euclid(1.0);
                    let along = (progress * 2.0).min(1.0);
                    let out = ((progress - 0.5) * 2.0).clamp(0.0, 1.0);
                    let end = key + walk * along;
                    let (x0, y0) = at(key, 84.0);
                    let (x1, y1) = at(end, 84.0);
                    let large = if walk * along > 0.5 { 1 } else { 0 };
                    let (kx, ky) = at(key, 74.0);
                    let (ox, oy) = at(point, 84.0 + 14.0 * out);
                    let (px, py) = at(point, 98.0);
                    let colour = server_colour(owner);
                    // Each part absent keeps its place (as `html!`'s `if` did).
                    let when = |on: bool, part: &dyn Fn() -> Html| {
                        if on { part() } else { Html::default() }
                    };
                    el("g")
                        .attr("opacity", fixed(fade, 2))
                        .child(circle("key", kx, ky, "3.5"))
                        .child(when(walk * along > 0.0005, &|| {
                            el("path")
                                .attr("d", walk_path(x0, y0, large, x1, y1))
                                .class("walk")
                                .done()
                        }))
                        .child(when(out > 0.0, &|| {
                            el("line")
                                .attr("x1", fixed(x1, 1))
                                .attr("y1", fixed(y1, 1))
                                .attr("x2", fixed(ox, 1))
                                .attr("y2", fixed(oy, 1))
                                .attr("stroke", colour.clone())
                                .class("reach")
                                .done()
                        }))
                        .child(when(progress >= 1.0, &|| {
                            circle("hit", px, py, "5.5")
                                .attr("fill", colour.clone())
                                .done()
                        }))
                        .done()
                }),
        )
        .done()
}
