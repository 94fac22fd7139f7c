//! The requests in flight, one path per outcome (colour and shape both say which), and the
//! health probes as pulses, painted on a canvas over [`crate::ui::views::flow::FlowView`]
//! every frame (the shapes are `playground::motion`'s paths; see [`FrameCanvas`] for why a
//! canvas). Nothing else re-renders with the frames.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

use crate::playground::motion::{Fate, FlowLayout, Frame, Mark, Pen, shape};
use crate::ui::hooks::FrameBus;
use crate::ui::widgets::canvas::{Draw, FrameCanvas};

/// The stylesheet's colours of the outcomes, in [`Fate::ALL`]'s order.
const COLOURS: &[&str] = &[
    "--accent",
    "--healthy",
    "--unhealthy",
    "--overloaded",
    "--timeout",
    "--retry",
];

#[derive(Properties, PartialEq)]
pub struct TokensProps {
    pub layout: FlowLayout,
    pub bus: Rc<FrameBus>,
}

#[component]
pub fn FlowTokens(props: &TokensProps) -> Html {
    let draw = use_memo((), |_| Rc::new(draw_tokens) as Draw);
    html! {
        <FrameCanvas bus={props.bus.clone()} view={(props.layout.width, props.layout.height)}
            keep_aspect=true colours={COLOURS} draw={(*draw).clone()} />
    }
}

/// The canvas as a [`Pen`]: each mark's shape goes into the current path.
struct Canvas<'a>(&'a CanvasRenderingContext2d);

impl Pen for Canvas<'_> {
    fn move_to(&mut self, x: f64, y: f64) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f64, y: f64) {
        self.0.line_to(x, y);
    }

    fn circle(&mut self, x: f64, y: f64, r: f64) {
        self.0.move_to(x + r, y);
        let _ = self.0.arc(x, y, r, 0.0, std::f64::consts::TAU);
    }

    fn close(&mut self) {
        self.0.close_path();
    }
}

/// Trace every mark in one path, each in the shape of `fate`.
fn trace(ctx: &CanvasRenderingContext2d, fate: Fate, marks: &[Mark]) {
    ctx.begin_path();
    let mut pen = Canvas(ctx);
    for &m in marks {
        shape(&mut pen, fate, m);
    }
}

/// Stroke the marks' circles in `colour`.
fn stroke_circles(ctx: &CanvasRenderingContext2d, marks: &[Mark], colour: &str) {
    if !marks.is_empty() {
        trace(ctx, Fate::Ok, marks);
        ctx.set_stroke_style_str(colour);
        ctx.stroke();
    }
}

fn draw_tokens(ctx: &CanvasRenderingContext2d, palette: &[String], f: &Frame) -> u32 {
    let colour = |fate: Fate| palette.get(fate as usize).map_or("", String::as_str);
    ctx.set_line_width(1.6);
    stroke_circles(ctx, &f.pulses_pass, colour(Fate::Ok));
    let dash = js_sys::Array::of2(&JsValue::from(3), &JsValue::from(2));
    let _ = ctx.set_line_dash(&dash);
    stroke_circles(ctx, &f.pulses_fail, colour(Fate::Failed));
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    if !f.refused.is_empty() {
        trace(ctx, Fate::Failed, &f.refused);
        ctx.set_line_width(2.2);
        ctx.set_stroke_style_str(colour(Fate::Failed));
        ctx.stroke();
        ctx.set_line_width(1.6);
    }
    for fate in Fate::ALL {
        let marks = &f.tokens[fate as usize];
        if marks.is_empty() {
            continue;
        }
        trace(ctx, fate, marks);
        if fate == Fate::Failed {
            // An outline cross: the one outcome told by its shape as well as its colour.
            ctx.set_line_width(2.2);
            ctx.set_line_cap("round");
            ctx.set_stroke_style_str(colour(fate));
            ctx.stroke();
            ctx.set_line_cap("butt");
        } else {
            ctx.set_fill_style_str(colour(fate));
            ctx.fill();
        }
    }
    f.counts.iter().sum()
}
