//! The seed's formal model LB = (S, R, A, W, D), with live values: the servers, the requests so
//! far, the assignment (the strategy and its last decision), the weights and the health map.

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use super::dom::el;
use super::tables::row_head;

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

/// A row: the set's letter, what it is, its live value.
#[inline(never)]
fn row(name: &'static str, what: &'static str, value: String) -> Html {
    el("tr")
        .child(row_head(name))
        .child(el("td").text(what))
        .child(el("td").text(value))
        .done()
}

#[component]
pub fn FormalModel(props: &ModelProps) -> Html {
    let s = &props.settings;
    let kind = s.kind;
    let mut set_s = String::from("{");
    let (mut set_w, mut set_d) = (String::new(), String::new());
    let (mut present, mut healthy) = (0, 0);
    for r in props.servers.iter().filter(|r| r.in_pool) {
        if present > 0 {
            set_s.push_str(", ");
            set_w.push_str(", ");
            set_d.push_str(", ");
        }
        present += 1;
        let up = r.status == Status::Healthy;
        healthy += usize::from(up);
        set_s.push_str(&r.id);
        let _ = write!(set_w, "{} ↦ {}", r.id, r.weight);
        let _ = write!(set_d, "{} ↦ {}", r.id, up && r.eligible);
    }
    let _ = write!(set_s, "}}: {present} servers, {healthy} healthy");
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
            l.server.as_ref().map_or("none (503)", |x| x.1.as_str())
        ),
        None => format!("{kind}: no request assigned yet"),
    };
    let mut r = format!("{} requests so far", props.requests);
    if let Some(l) = props.last.as_ref().filter(|l| !l.path.is_empty()) {
        let _ = write!(
            r,
            "; the last: {} {} from {}",
            l.method.as_str(),
            l.path,
            l.client_ip
        );
    }
    el("table")
        .class("model")
        .attr("aria-label", "Formal model")
        .child(el("caption").text("The seed's formal model: LB = (S, R, A, W, D), live"))
        .child(el("tbody").children([
            row("S", "servers", set_s),
            row("R", "requests", r),
            row("A", "assignment R → S", a),
            row("W", "weights S → ℝ⁺", set_w),
            row("D", "health S → {true, false}", set_d),
        ]))
        .done()
}
