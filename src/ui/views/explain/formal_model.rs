//! The seed's formal model LB = (S, R, A, W, D), with live values: the servers, the requests so
//! far, the assignment (the strategy and its last decision), the weights and the health map.

use std::fmt::Write as _;
use std::rc::Rc;

use yew::prelude::*;

use crate::ui::widgets::dom::el;
use crate::ui::widgets::tables::row_head;

use crate::engine::{Status, Variant};
use crate::playground::settings::Settings;
use crate::playground::snapshot::{LastPick, ServerLabel};
use crate::share::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct ModelProps {
    pub settings: Rc<Settings>,
    pub servers: Rc<Vec<ServerLabel>>,
    pub requests: u64,
    pub last: Option<Rc<LastPick>>,
    pub lang: Lang,
}

/// A row: the set's letter, what it is, its live value.
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
    let lang = props.lang;
    let strategy = Text::strategy_name(s.kind).get(lang);
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
    set_s.push('}');
    let set_s = Text::ModelServersValue.fill(
        lang,
        &["set", "present", "healthy"],
        &[&set_s, &present, &healthy],
    );
    let a = match &props.last {
        Some(l) => if s.variant == Variant::Seed {
            Text::ModelAssignmentSeed
        } else {
            Text::ModelAssignmentCorrected
        }
        .fill(
            lang,
            &["strategy", "request", "server"],
            &[
                &strategy,
                &l.request,
                &l.server
                    .as_ref()
                    .map_or(Text::ModelNoServer.get(lang), |x| x.1.as_str()),
            ],
        ),
        None => Text::ModelNoAssignment.fill(lang, &["strategy"], &[&strategy]),
    };
    let count = props.requests.to_string();
    let r = match props.last.as_ref().filter(|l| !l.path.is_empty()) {
        Some(l) => Text::ModelRequestsLast.fill(
            lang,
            &["count", "method", "path", "ip"],
            &[&count, &l.method.as_str(), &l.path, &l.client_ip],
        ),
        None => Text::ModelRequestsValue.fill(lang, &["count"], &[&count]),
    };
    el("table")
        .class("model")
        .attr("aria-label", Text::ModelTableLabel.get(lang))
        .child(el("caption").text(Text::ModelCaption.get(lang)))
        .child(el("tbody").children([
            row("S", Text::ModelRowServers.get(lang), set_s),
            row("R", Text::ModelRowRequests.get(lang), r),
            row("A", Text::ModelRowAssignment.get(lang), a),
            row("W", Text::ModelRowWeights.get(lang), set_w),
            row("D", Text::ModelRowHealth.get(lang), set_d),
        ]))
        .done()
}
