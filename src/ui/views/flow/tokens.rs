//! The requests in flight, one path per outcome (colour and shape both say which), and the
//! health probes as pulses, painted on a canvas over [`crate::ui::views::flow::FlowView`]
//! every frame (the shapes are `playground::motion`'s paths; see [`FrameCanvas`] for why a
//! canvas). Nothing else re-renders with the frames.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, Path2d};
use yew::prelude::*;

use crate::playground::motion::{Fate, FlowLayout, Frame};
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

/// Stroke `d` in `colour`.
fn stroke(ctx: &CanvasRenderingContext2d, d: &str, colour: &str) {
    if let (false, Ok(path)) = (d.is_empty(), Path2d::new_with_path_string(d)) {
        ctx.set_stroke_style_str(colour);
        ctx.stroke_with_path(&path);
    }
}

fn draw_tokens(ctx: &CanvasRenderingContext2d, palette: &[String], f: &Frame) -> u32 {
    let colour = |fate: Fate| palette.get(fate as usize).map_or("", String::as_str);
    ctx.set_line_width(1.6);
    stroke(ctx, &f.pulses_pass, colour(Fate::Ok));
    let dash = js_sys::Array::of2(&JsValue::from(3), &JsValue::from(2));
    let _ = ctx.set_line_dash(&dash);
    stroke(ctx, &f.pulses_fail, colour(Fate::Failed));
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    for fate in Fate::ALL {
        let d = &f.tokens[fate as usize];
        if fate == Fate::Failed {
            // An outline cross: the one outcome told by its shape as well as its colour.
            ctx.set_line_width(2.2);
            ctx.set_line_cap("round");
            stroke(ctx, d, colour(fate));
            ctx.set_line_cap("butt");
        } else if let (false, Ok(path)) = (d.is_empty(), Path2d::new_with_path_string(d)) {
            ctx.set_fill_style_str(colour(fate));
            ctx.fill_with_path_2d(&path);
        }
    }
    f.counts.iter().sum()
}
