//! A `<canvas>` laid over a drawing and repainted on every animation frame without Yew: the
//! requests moving in the flow and the lookups walking the ring change every frame, and as SVG
//! elements they made the browser lay out and paint the whole picture each time. The canvas
//! keeps the drawing's own coordinates (a view box, fitted as SVG's `xMidYMid meet` or
//! stretched as `none`), draws at the screen's pixel density, and takes its colours from the
//! stylesheet's custom properties, so the light and dark themes still decide them.
//!
//! It is decoration: `aria-hidden`, as the SVG it replaces was; what it shows is also said in
//! words (the legend's counts, the narration). `data-drawn` holds how many things the last
//! frame drew, for tests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

use crate::playground::motion::Frame;
use crate::ui::hooks::{FrameBus, use_media_query};

/// Draws one frame in view-box units with the colours read from `palette` (in the order of
/// [`FrameCanvasProps::colours`]) and returns how many things it drew.
pub type Draw = Rc<dyn Fn(&CanvasRenderingContext2d, &[String], &Frame) -> u32>;

#[derive(Properties, Clone)]
pub struct FrameCanvasProps {
    pub bus: Rc<FrameBus>,
    /// The drawing's view box: its width and height in its own units.
    pub view: (f64, f64),
    /// Fit the view box inside the canvas keeping its shape (SVG's default), or stretch it.
    pub keep_aspect: bool,
    /// The custom properties (`--fg`, …) the drawing takes its colours from.
    pub colours: &'static [&'static str],
    pub draw: Draw,
}

impl PartialEq for FrameCanvasProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bus, &other.bus)
            && self.view == other.view
            && self.keep_aspect == other.keep_aspect
            && std::ptr::eq(self.colours, other.colours)
            && Rc::ptr_eq(&self.draw, &other.draw)
    }
}

/// The canvas, its context and what it knows of its size and colours.
struct Surface {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    props: FrameCanvasProps,
    /// CSS pixels, from the resize observer (reading them in a frame would force a layout).
    size: Cell<(f64, f64)>,
    palette: RefCell<Vec<String>>,
    drawn: Cell<Option<u32>>,
}

impl Surface {
    fn read_palette(&self) {
        let Ok(Some(style)) = gloo::utils::window().get_computed_style(&self.canvas) else {
            return;
        };
        *self.palette.borrow_mut() = self
            .props
            .colours
            .iter()
            .map(|name| {
                style
                    .get_property_value(name)
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default()
            })
            .collect();
    }

    fn paint(&self) {
        let (w, h) = self.size.get();
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let dpr = gloo::utils::window().device_pixel_ratio().max(1.0);
        let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
        if self.canvas.width() != pw || self.canvas.height() != ph {
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
        }
        let ctx = &self.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, f64::from(pw), f64::from(ph));
        let (vw, vh) = self.props.view;
        let (sx, sy, ox, oy) = if self.props.keep_aspect {
            let s = (w / vw).min(h / vh);
            (s, s, (w - vw * s) / 2.0, (h - vh * s) / 2.0)
        } else {
            (w / vw, h / vh, 0.0, 0.0)
        };
        let _ = ctx.set_transform(dpr * sx, 0.0, 0.0, dpr * sy, dpr * ox, dpr * oy);
        let drawn = (self.props.draw)(ctx, &self.palette.borrow(), &self.props.bus.current());
        if self.drawn.replace(Some(drawn)) != Some(drawn) {
            let _ = self.canvas.set_attribute("data-drawn", &drawn.to_string());
        }
    }
}

/// The canvas over a drawing, repainted from the frame bus.
#[component]
pub fn FrameCanvas(props: &FrameCanvasProps) -> Html {
    let node = use_node_ref();
    let dark = use_media_query("(prefers-color-scheme: dark)");
    {
        let node = node.clone();
        use_effect_with((props.clone(), dark), move |(props, _)| {
            let surface = node.cast::<HtmlCanvasElement>().and_then(|canvas| {
                let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
                Some(Rc::new(Surface {
                    canvas,
                    ctx,
                    props: props.clone(),
                    size: Cell::new((0.0, 0.0)),
                    palette: RefCell::default(),
                    drawn: Cell::new(None),
                }))
            });
            let watch = surface.map(|surface| {
                surface.read_palette();
                let on_resize = {
                    let surface = surface.clone();
                    Closure::<dyn FnMut()>::new(move || {
                        let c = &surface.canvas;
                        surface
                            .size
                            .set((f64::from(c.client_width()), f64::from(c.client_height())));
                        surface.paint();
                    })
                };
                let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
                if let Some(o) = &observer {
                    o.observe(&surface.canvas);
                }
                let repaint = surface.clone();
                let id = props.bus.subscribe(Rc::new(move || repaint.paint()));
                (props.bus.clone(), id, observer, on_resize)
            });
            move || {
                if let Some((bus, id, observer, _on_resize)) = watch {
                    bus.unsubscribe(id);
                    if let Some(o) = observer {
                        o.disconnect();
                    }
                }
            }
        });
    }
    html! { <canvas ref={node} class="overlay" aria-hidden="true" /> }
}
