//! The lookups moving over the hash ring: each hashed request's key appears at its position,
//! walks clockwise to the first point, and lights it in its owner's colour (for maglev, a marker
//! drops onto the key's slot). Painted on a canvas every frame ([`FrameCanvas`] says why); the
//! ring under it does not re-render.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

use crate::playground::motion::Frame;
use crate::playground::snapshot::server_colour;
use crate::ui::hooks::FrameBus;
use crate::ui::widgets::canvas::{Draw, FrameCanvas};

/// The ring's centre in its 240 × 240 drawing, and the radius its points sit on.
const CENTRE: f64 = 120.0;
const RADIUS: f64 = 84.0;

#[derive(Properties, PartialEq)]
pub struct OverlayProps {
    pub bus: Rc<FrameBus>,
    pub maglev: bool,
    pub columns: usize,
}

#[component]
pub fn RingOverlay(props: &OverlayProps) -> Html {
    let columns = props.columns.max(1) as f64;
    let draw = use_memo((props.maglev, props.columns), move |&(maglev, _)| {
        if maglev {
            Rc::new(
                move |ctx: &CanvasRenderingContext2d, palette: &[String], f: &Frame| {
                    draw_markers(ctx, palette, f, columns)
                },
            ) as Draw
        } else {
            Rc::new(draw_lookups) as Draw
        }
    });
    let view = if props.maglev {
        (columns, 64.0)
    } else {
        (240.0, 240.0)
    };
    html! {
        <FrameCanvas bus={props.bus.clone()} {view} keep_aspect={!props.maglev}
            colours={&["--fg"][..]} draw={(*draw).clone()} />
    }
}

/// The angle of a ring position (0 at the top, clockwise).
fn angle(frac: f64) -> f64 {
    frac * TAU - FRAC_PI_2
}

fn at(frac: f64, r: f64) -> (f64, f64) {
    let a = angle(frac);
    (CENTRE + r * libm::cos(a), CENTRE + r * libm::sin(a))
}

fn dot(ctx: &CanvasRenderingContext2d, (x, y): (f64, f64), r: f64) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, r, 0.0, TAU);
}

/// Maglev: a marker drops onto the key's slot in the table strip (view box: columns × 64).
fn draw_markers(
    ctx: &CanvasRenderingContext2d,
    palette: &[String],
    f: &Frame,
    columns: f64,
) -> u32 {
    let fg = palette.first().map_or("", String::as_str);
    let mut drawn = 0;
    ctx.set_line_width(0.8);
    ctx.set_stroke_style_str(fg);
    for &(key, _, progress, fade, owner, _) in f.trails.iter().filter(|t| t.5) {
        let x = key * columns;
        let y = 2.0 + 12.0 * progress;
        ctx.set_global_alpha(fade);
        ctx.begin_path();
        ctx.move_to(x, y);
        ctx.line_to(x - 6.0, y - 8.0);
        ctx.line_to(x + 6.0, y - 8.0);
        ctx.close_path();
        ctx.set_fill_style_str(&server_colour(owner));
        ctx.fill();
        ctx.stroke();
        drawn += 1;
    }
    ctx.set_global_alpha(1.0);
    drawn
}

/// The ring: the key, its walk clockwise to the point, the reach out, the point lit.
fn draw_lookups(ctx: &CanvasRenderingContext2d, palette: &[String], f: &Frame) -> u32 {
    let fg = palette.first().map_or("", String::as_str);
    let mut drawn = 0;
    let dash = js_sys::Array::of2(&JsValue::from(3), &JsValue::from(2));
    let solid = js_sys::Array::new();
    for &(key, point, progress, fade, owner, _) in f.trails.iter().filter(|t| !t.5) {
        // First the walk clockwise from the key to its point (often tiny: points are dense),
        // then out to the ring, where the point lights in its owner's colour.
        let walk = (point - key).rem_euclid(1.0);
        let along = (progress * 2.0).min(1.0);
        let out = ((progress - 0.5) * 2.0).clamp(0.0, 1.0);
        let end = key + walk * along;
        let colour = server_colour(owner);
        ctx.set_global_alpha(fade);
        ctx.set_fill_style_str(fg);
        dot(ctx, at(key, RADIUS - 10.0), 3.5);
        ctx.fill();
        ctx.set_stroke_style_str(fg);
        if walk * along > 0.0005 {
            ctx.set_line_width(2.0);
            let _ = ctx.set_line_dash(&dash);
            ctx.begin_path();
            let _ = ctx.arc(CENTRE, CENTRE, RADIUS, angle(key), angle(end));
            ctx.stroke();
            let _ = ctx.set_line_dash(&solid);
        }
        if out > 0.0 {
            let (x1, y1) = at(end, RADIUS);
            let (ox, oy) = at(point, RADIUS + 14.0 * out);
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.set_stroke_style_str(&colour);
            ctx.begin_path();
            ctx.move_to(x1, y1);
            ctx.line_to(ox, oy);
            ctx.stroke();
            ctx.set_line_cap("butt");
        }
        if progress >= 1.0 {
            ctx.set_line_width(1.5);
            ctx.set_stroke_style_str(fg);
            ctx.set_fill_style_str(&colour);
            dot(ctx, at(point, RADIUS + 14.0), 5.5);
            ctx.fill();
            ctx.stroke();
        }
        drawn += 1;
    }
    ctx.set_global_alpha(1.0);
    drawn
}
