//! Export buttons and downloads: the distribution table and the seed's statistics as CSV and
//! JSON, the run's event trace as JSON (all written by `share::export`), and the hash ring as SVG
//! (the drawn element, serialized with its styles inlined) and PNG (that SVG drawn on a canvas).
//! Files are named by `share::export::file_name` and saved through a link with `download`.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use super::dom::el;
use crate::share::i18n::{Lang, Text};

/// What can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    DistributionCsv,
    DistributionJson,
    StatsCsv,
    StatsJson,
    Trace,
    RingSvg,
    RingPng,
}

impl Export {
    /// The tables' exports (the run's numbers and its trace).
    pub const TABLES: &'static [Export] = &[
        Export::DistributionCsv,
        Export::DistributionJson,
        Export::StatsCsv,
        Export::StatsJson,
        Export::Trace,
    ];
    /// The ring's pictures.
    pub const RING: &'static [Export] = &[Export::RingSvg, Export::RingPng];

    pub fn label(self) -> Text {
        match self {
            Export::DistributionCsv => Text::ExportDistributionCsv,
            Export::DistributionJson => Text::ExportDistributionJson,
            Export::StatsCsv => Text::ExportStatsCsv,
            Export::StatsJson => Text::ExportStatsJson,
            Export::Trace => Text::ExportTrace,
            Export::RingSvg => Text::ExportSvg,
            Export::RingPng => Text::ExportPng,
        }
    }

    /// What the file holds and its extension, for `share::export::file_name`.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            Export::DistributionCsv => ("distribution", "csv"),
            Export::DistributionJson => ("distribution", "json"),
            Export::StatsCsv => ("stats", "csv"),
            Export::StatsJson => ("stats", "json"),
            Export::Trace => ("trace", "json"),
            Export::RingSvg => ("ring", "svg"),
            Export::RingPng => ("ring", "png"),
        }
    }
}

/// A row of export buttons under a visible "Export" label.
pub fn export_buttons(items: &'static [Export], lang: Lang, on: &Callback<Export>) -> Html {
    el("div")
        .class("export")
        .attr("role", "group")
        .attr("aria-label", Text::Export.get(lang))
        .child(
            el("span")
                .class("small muted")
                .attr("aria-hidden", "true")
                .text(Text::Export.get(lang)),
        )
        .children(items.iter().map(|&item| {
            let on = on.clone();
            el("button")
                .attr("type", "button")
                .class("small")
                .onclick(Callback::from(move |_: MouseEvent| on.emit(item)))
                .text(item.label().get(lang))
                .done()
        }))
        .done()
}

/// Save `url` as a file called `name`.
fn save(url: &str, name: &str) {
    let document = gloo::utils::document();
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", url);
        let _ = link.set_attribute("download", name);
        if let Some(link) = link.dyn_ref::<HtmlElement>() {
            link.click();
        }
    }
}

/// Save `text` as a file called `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&text.into());
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        save(&url, name);
        // The download has its own copy once started.
        let _ = gloo::timers::callback::Timeout::new(60_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
    }
}

/// The styles the ring's SVG takes from the page, inlined so the file stands alone.
const SVG_STYLE: &str = "text{fill:#1b1d23;font:13px system-ui,sans-serif}text.muted{fill:#5b6170}\
text.small{font-size:10px}.ring-guide{fill:none;stroke:#c9ccd4}.ticks,.strip{fill:none}";

/// The drawn hash ring (or maglev's strip) as a standalone SVG document, `scale` times its
/// viewBox in pixels, with its width and height.
pub fn ring_svg(scale: f64) -> Option<(String, u32, u32)> {
    let document = gloo::utils::document();
    let drawn = document
        .query_selector("#ring svg.ring-svg, #ring svg.maglev-svg")
        .ok()??;
    let svg: web_sys::Element = drawn.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let view_box = svg.get_attribute("viewBox")?;
    let sizes: Vec<f64> = view_box
        .split_whitespace()
        .filter_map(crate::share::permalink::parse_decimal)
        .collect();
    let (w, h) = match sizes[..] {
        [_, _, w, h] => ((w * scale).round() as u32, (h * scale).round() as u32),
        _ => return None,
    };
    let _ = svg.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = svg.set_attribute("width", &w.to_string());
    let _ = svg.set_attribute("height", &h.to_string());
    let style = document.create_element("style").ok()?;
    style.set_text_content(Some(SVG_STYLE));
    let background = document.create_element("rect").ok()?;
    for (k, v) in [("width", "100%"), ("height", "100%"), ("fill", "#fff")] {
        let _ = background.set_attribute(k, v);
    }
    let _ = svg.prepend_with_node_2(&style, &background);
    Some((svg.outer_html(), w, h))
}

/// Save the ring as an SVG file.
pub fn download_ring_svg(name: &str) {
    if let Some((svg, _, _)) = ring_svg(1.0) {
        download_text(name, "image/svg+xml", &svg);
    }
}

/// Save the ring as a PNG: its SVG drawn on a canvas at twice its size.
pub fn download_ring_png(name: &str) {
    let Some((svg, w, h)) = ring_svg(2.0) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let name = name.to_string();
    let drawn = image.clone();
    EventListener::once(&image, "load", move |_| {
        let canvas: Option<HtmlCanvasElement> = gloo::utils::document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into().ok());
        let Some(canvas) = canvas else { return };
        canvas.set_width(w);
        canvas.set_height(h);
        let context: Option<CanvasRenderingContext2d> = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok());
        if let Some(context) = context {
            let _ = context.draw_image_with_html_image_element(&drawn, 0.0, 0.0);
            if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                save(&url, &name);
            }
        }
    })
    .forget();
    let encoded: String = js_sys::encode_uri_component(&svg).into();
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
}
