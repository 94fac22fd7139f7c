//! The seed's formal model LB = (S, R, A, W, D), with live values: the servers, the requests so
//! far, the assignment (the strategy and its last decision), the weights and the health map.

use std::rc::Rc;

use yew::prelude::*;

use super::dom::el;

use super::settings::Settings;
use super::snapshot::{LastPick, ServerLabel};
use crate::engine::{Status, Variant};

#[derive(Properties, PartialEq)]
pub struct ModelProps {
    pub settings: Rc<Settings>,
    pub servers: Rc<Vec<ServerLabel>>,
    pub requests: u64,
    pub last: Option<Rc<LastPick>>,
}

#[component]
pub fn FormalModel(props: &ModelProps) -> Html {
    let s = &props.settings;
    let kind = s.kind;
    let present: Vec<&ServerLabel> = props.servers.iter().filter(|r| r.in_pool).collect();
    let healthy = present
        .iter()
        .filter(|r| r.status == Status::Healthy)
        .count();
    let set_s = present
        .iter()
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let set_w = present
        .iter()
        .map(|r| format!("{} ↦ {}", r.id, r.weight))
        .collect::<Vec<_>>()
        .join(", ");
    let set_d = present
        .iter()
        .map(|r| format!("{} ↦ {}", r.id, r.status == Status::Healthy && r.eligible))
        .collect::<Vec<_>>()
        .join(", ");
    let a = match &props.last {
        Some(l) => format!(
            "{} (the {} code); last: request {} ↦ {}",
            kind,
            if s.variant == Variant::Seed {
                "seed's"
            } else {
                "corrected"
            },
            l.request,
            l.server
                .as_ref()
                .map_or("none (503)".to_string(), |x| x.1.clone())
        ),
        None => format!("{kind}: no request assigned yet"),
    };
    let r = match &props.last {
        Some(l) if !l.path.is_empty() => format!(
            "{} requests so far; the last: {} {} from {}",
            props.requests,
            l.method.as_str(),
            l.path,
            l.client_ip
        ),
        _ => format!("{} requests so far", props.requests),
    };
    let row = |name: &'static str, what: &'static str, value: String| {
        el("tr")
            .child(el("th").attr("scope", "row").text(name))
            .child(el("td").text(what))
            .child(el("td").text(value))
            .done()
    };
    el("table")
        .class("model")
        .attr("aria-label", "Formal model")
        .child(el("caption").text("The seed's formal model: LB = (S, R, A, W, D), live"))
        .child(el("tbody").children([
            row(
                "S",
                "servers",
                format!("{{{set_s}}}: {} servers, {healthy} healthy", present.len()),
            ),
            row("R", "requests", r),
            row("A", "assignment R → S", a),
            row("W", "weights S → ℝ⁺", set_w),
            row("D", "health S → {true, false}", set_d),
        ]))
        .done()
}
