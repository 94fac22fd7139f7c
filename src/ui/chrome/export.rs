//! Export buttons and downloads: the distribution table and the seed's statistics as CSV and
//! JSON, the run's event trace as JSON (all written by `share::export`), and the hash ring as SVG
//! (the drawn element, serialized with its styles inlined) and PNG (that SVG drawn on a canvas).
//! Files are named by `share::export::file_name` and saved through a link with `download`.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement,
};
use yew::prelude::*;

use crate::playground::live::Live;
use crate::playground::snapshot::Snapshot;
use crate::share::export::{self as files, Distribution, DistributionRow, StatsView, TraceHeader};
use crate::share::i18n::{Lang, Text};
use crate::share::permalink::Link;
use crate::ui::widgets::dom::el;

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
    ChartsSvg,
    ChartsPng,
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
    /// The charts' pictures.
    pub const CHARTS: &'static [Export] = &[Export::ChartsSvg, Export::ChartsPng];

    pub fn label(self) -> Text {
        match self {
            Export::DistributionCsv => Text::ExportDistributionCsv,
            Export::DistributionJson => Text::ExportDistributionJson,
            Export::StatsCsv => Text::ExportStatsCsv,
            Export::StatsJson => Text::ExportStatsJson,
            Export::Trace => Text::ExportTrace,
            Export::RingSvg => Text::ExportSvg,
            Export::RingPng => Text::ExportPng,
            Export::ChartsSvg => Text::ExportChartsSvg,
            Export::ChartsPng => Text::ExportChartsPng,
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
            Export::ChartsSvg => ("charts", "svg"),
            Export::ChartsPng => ("charts", "png"),
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

/// Export `item` of the run `link` describes, as the snapshot shows it (the trace is replayed
/// from `live`), and save it under `share::export::file_name`.
pub fn run(item: Export, link: &Link, snap: &Snapshot, live: &Live) {
    let (what, ext) = item.file();
    let name = files::file_name(link, what, ext);
    let header = || TraceHeader::new(link);
    let text = match item {
        Export::DistributionCsv | Export::DistributionJson => {
            let header = header();
            let table = Distribution {
                scenario: header.scenario,
                strategy: header.strategy,
                seed: header.seed,
                requests: snap.table.iter().map(|r| r.requests).sum(),
                servers: snap
                    .table
                    .iter()
                    .map(|r| DistributionRow {
                        server: r.id.clone(),
                        endpoint: r.endpoint.clone(),
                        weight: r.weight,
                        requests: r.requests,
                        share: r.share,
                        expected_share: r.expected_share,
                        deviation: r.share - r.expected_share,
                    })
                    .collect(),
            };
            if ext == "csv" {
                table.to_csv()
            } else {
                table.to_json()
            }
        }
        Export::StatsCsv | Export::StatsJson => {
            let t = &snap.totals;
            let stats = StatsView {
                total_requests: t.total_requests,
                successful_requests: t.successful_requests,
                failed_requests: t.failed_requests,
                average_response_time: t.average_response_time,
                total_servers: t.total_servers,
                healthy_servers: t.healthy_servers,
                server_details: &snap.details,
            };
            if ext == "csv" {
                stats.to_csv()
            } else {
                stats.to_json()
            }
        }
        Export::Trace => {
            let (events, dropped) = live.trace(files::MAX_TRACE_EVENTS);
            files::trace_json(&header(), &events, dropped)
        }
        Export::RingSvg => return download_svg(Picture::Ring, &name),
        Export::RingPng => return download_png(Picture::Ring, &name),
        Export::ChartsSvg => return download_svg(Picture::Charts, &name),
        Export::ChartsPng => return download_png(Picture::Charts, &name),
    };
    let mime = if ext == "csv" {
        "text/csv"
    } else {
        "application/json"
    };
    download_text(&name, mime, &text);
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

/// A picture the playground draws, as a file can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    /// The hash ring, or maglev's strip.
    Ring,
    /// The charts over time, stacked, each with its title and a legend in words.
    Charts,
}

/// The styles the charts take from the page.
const CHART_STYLE: &str = "text{fill:#1b1d23;font:13px system-ui,sans-serif}.axis line{stroke:#d9dce3}\
.axis text{font-size:11px;fill:#5b6170}.line{fill:none;stroke-width:2}.line.ok{stroke:#1f8a4c}\
.line.failed{stroke:#c43d3d;stroke-dasharray:5 3}.line.p50{stroke:#2f6fde}\
.line.p95{stroke:#b86e00;stroke-dasharray:6 3}.line.p99{stroke:#c43d3d;stroke-dasharray:2 2}";

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// An SVG element with attributes.
fn svg_element(
    document: &web_sys::Document,
    name: &str,
    attrs: &[(&str, &str)],
) -> Option<Element> {
    let e = document.create_element_ns(Some(SVG_NS), name).ok()?;
    for (k, v) in attrs {
        let _ = e.set_attribute(k, v);
    }
    Some(e)
}

/// The width and height of `svg`'s viewBox.
fn view_box_size(svg: &Element) -> Option<(f64, f64)> {
    let sizes: Vec<f64> = svg
        .get_attribute("viewBox")?
        .split_whitespace()
        .filter_map(crate::share::permalink::parse_decimal)
        .collect();
    match sizes[..] {
        [_, _, w, h] => Some((w, h)),
        _ => None,
    }
}

/// `picture` as the page draws it now, as a standalone SVG document `scale` times its size in
/// pixels, with its width and height.
pub fn picture_svg(picture: Picture, scale: f64) -> Option<(String, u32, u32)> {
    let document = gloo::utils::document();
    let (svg, style, w, h) = match picture {
        Picture::Ring => {
            let drawn = document
                .query_selector("#ring svg.ring-svg, #ring svg.maglev-svg")
                .ok()??;
            let svg: Element = drawn.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
            let (w, h) = view_box_size(&svg)?;
            (svg, SVG_STYLE, w, h)
        }
        Picture::Charts => {
            let (svg, w, h) = stacked_charts(&document)?;
            (svg, CHART_STYLE, w, h)
        }
    };
    let (w, h) = ((w * scale).round() as u32, (h * scale).round() as u32);
    let _ = svg.set_attribute("xmlns", SVG_NS);
    let _ = svg.set_attribute("width", &w.to_string());
    let _ = svg.set_attribute("height", &h.to_string());
    let style_element = svg_element(&document, "style", &[])?;
    style_element.set_text_content(Some(style));
    let background = svg_element(
        &document,
        "rect",
        &[("width", "100%"), ("height", "100%"), ("fill", "#fff")],
    )?;
    let _ = svg.prepend_with_node_2(&style_element, &background);
    Some((svg.outer_html(), w, h))
}

/// The charts one above the other in one SVG: each chart's title, its drawing, and its legend
/// (a sample of each line, dashed as drawn, and the line's name). Returns the SVG and its size.
fn stacked_charts(document: &web_sys::Document) -> Option<(Element, f64, f64)> {
    let out = svg_element(document, "svg", &[])?;
    let (mut width, mut y) = (0.0f64, 0.0f64);
    for i in 1.. {
        let Ok(Some(figure)) =
            document.query_selector(&format!("#charts figure.chart:nth-of-type({i})"))
        else {
            break;
        };
        let drawn = figure.query_selector("svg").ok()??;
        let (w, h) = view_box_size(&drawn)?;
        let title = figure
            .query_selector("figcaption")
            .ok()
            .flatten()
            .and_then(|c| c.text_content())
            .unwrap_or_default();
        let heading = svg_element(
            document,
            "text",
            &[
                ("x", "8"),
                ("y", &(y + 18.0).to_string()),
                ("font-weight", "600"),
            ],
        )?;
        heading.set_text_content(Some(&title));
        let _ = out.append_child(&heading);
        y += 26.0;
        let chart: Element = drawn.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
        let _ = chart.set_attribute("y", &y.to_string());
        let _ = chart.set_attribute("width", &w.to_string());
        let _ = chart.set_attribute("height", &h.to_string());
        let _ = out.append_child(&chart);
        y += h + 6.0;
        let mut x = 8.0;
        for k in 1.. {
            let Ok(Some(item)) = figure.query_selector(&format!(".legend li:nth-child({k})"))
            else {
                break;
            };
            let class = item
                .query_selector(".line-key")
                .ok()
                .flatten()
                .and_then(|key| key.get_attribute("class"))
                .unwrap_or_default()
                .replace("line-key", "line");
            let name = item.text_content().unwrap_or_default();
            let (mid, x2) = ((y + 8.0).to_string(), (x + 24.0).to_string());
            let sample = svg_element(
                document,
                "line",
                &[
                    ("class", &class),
                    ("x1", &x.to_string()),
                    ("y1", &mid),
                    ("x2", &x2),
                    ("y2", &mid),
                ],
            )?;
            let label = svg_element(
                document,
                "text",
                &[
                    ("x", &(x + 30.0).to_string()),
                    ("y", &(y + 12.0).to_string()),
                ],
            )?;
            label.set_text_content(Some(&name));
            let _ = out.append_child(&sample);
            let _ = out.append_child(&label);
            x += 30.0 + 8.0 * name.chars().count() as f64 + 18.0;
        }
        y += 24.0;
        width = width.max(w).max(x);
    }
    if y == 0.0 {
        return None;
    }
    let _ = out.set_attribute("viewBox", &format!("0 0 {width} {y}"));
    Some((out, width, y))
}

/// Save `picture` as an SVG file.
pub fn download_svg(picture: Picture, name: &str) {
    if let Some((svg, _, _)) = picture_svg(picture, 1.0) {
        download_text(name, "image/svg+xml", &svg);
    }
}

/// Save `picture` as a PNG: its SVG drawn on a canvas at twice its size.
pub fn download_png(picture: Picture, name: &str) {
    let Some((svg, w, h)) = picture_svg(picture, 2.0) else {
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
