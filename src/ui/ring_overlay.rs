//! The lookups moving over the hash ring: each hashed request's key appears at its position,
//! walks clockwise to the first point, and lights it in its owner's colour (for maglev, a marker
//! drops onto the key's slot). A leaf component: it re-renders every frame, the ring under it
//! does not.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::rc::Rc;

use yew::prelude::*;

use super::hooks::{FrameBus, use_frame};
use super::snapshot::server_colour;

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

#[component]
pub fn RingOverlay(props: &OverlayProps) -> Html {
    let frame = use_frame(&props.bus);
    let trails = &frame.trails;
    if props.maglev {
        let w = props.columns as f64;
        return html! {
            <svg class="overlay" aria-hidden="true" viewBox={format!("0 0 {w} 64")} preserveAspectRatio="none">
                { for trails.iter().filter(|t| t.5).map(|&(key, _, progress, fade, owner, _)| {
                    let x = key * w;
                    let y = 2.0 + 12.0 * progress;
                    html! {
                        <path class="marker" d={format!("M{:.1} {y:.1}l-6 -8h12z", x)} fill={server_colour(owner)} opacity={format!("{fade:.2}")} />
                    }
                }) }
            </svg>
        };
    }
    html! {
        <svg class="overlay" aria-hidden="true" viewBox="0 0 240 240">
            { for trails.iter().filter(|t| !t.5).map(|&(key, point, progress, fade, owner, _)| {
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
                html! {
                    <g opacity={format!("{fade:.2}")}>
                        <circle class="key" cx={format!("{kx:.1}")} cy={format!("{ky:.1}")} r="3.5" />
                        if walk * along > 0.0005 {
                            <path class="walk" d={format!("M{x0:.1} {y0:.1}A84 84 0 {large} 1 {x1:.1} {y1:.1}")} />
                        }
                        if out > 0.0 {
                            <line class="reach" x1={format!("{x1:.1}")} y1={format!("{y1:.1}")} x2={format!("{ox:.1}")} y2={format!("{oy:.1}")} stroke={colour.clone()} />
                        }
                        if progress >= 1.0 {
                            <circle class="hit" cx={format!("{px:.1}")} cy={format!("{py:.1}")} r="5.5" fill={colour} />
                        }
                    </g>
                }
            }) }
        </svg>
    }
}
