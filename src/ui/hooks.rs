//! Hooks over the browser: a media query (reduced motion), page visibility, the viewport's
//! width, the clock, and an animation-frame loop. Every listener and frame request is dropped
//! with the component (or when its inputs change), never leaked.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{AnimationFrame, request_animation_frame};
use yew::prelude::*;

/// `performance.now()` in ms (0 where there is no window).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Does the media query match? Follows changes.
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let matches = use_state(|| {
        web_sys::window()
            .and_then(|w| w.match_media(query).ok().flatten())
            .is_some_and(|m| m.matches())
    });
    {
        let matches = matches.clone();
        use_effect_with(query, move |query| {
            let list = web_sys::window().and_then(|w| w.match_media(query).ok().flatten());
            let listener = list.map(|list| {
                let target = list.clone();
                EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}

/// Is the page visible (not a background tab, not minimised)?
#[hook]
pub fn use_page_visible() -> bool {
    let visible = use_state(|| !gloo::utils::document().hidden());
    {
        let visible = visible.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener = EventListener::new(&document, "visibilitychange", move |_| {
                visible.set(!gloo::utils::document().hidden());
            });
            move || drop(listener)
        });
    }
    *visible
}

/// The viewport's width in CSS pixels, following resizes.
#[hook]
pub fn use_viewport_width() -> f64 {
    let read = || {
        web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(1024.0)
    };
    let width = use_state(read);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listener = EventListener::new(&window, "resize", move |_| {
                let w = read();
                if (w - *width).abs() >= 1.0 {
                    width.set(w);
                }
            });
            move || drop(listener)
        });
    }
    *width
}

type FrameFn = Rc<dyn Fn(f64) -> bool>;

/// Call `on_frame(timestamp)` on every animation frame while `active`, until it returns false.
/// The loop restarts whenever `active` or `kick` changes. The latest `on_frame` is always the
/// one called, so it may read the latest state.
#[hook]
pub fn use_animation_loop(active: bool, kick: u32, on_frame: impl Fn(f64) -> bool + 'static) {
    let latest: Rc<RefCell<Option<FrameFn>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(Rc::new(on_frame));
    use_effect_with((active, kick), move |&(active, _)| {
        let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if active {
            schedule(handle.clone(), latest);
        }
        move || {
            handle.borrow_mut().take();
        }
    });
}

fn schedule(handle: Rc<RefCell<Option<AnimationFrame>>>, latest: Rc<RefCell<Option<FrameFn>>>) {
    let next = handle.clone();
    let frame = request_animation_frame(move |ts| {
        let f = latest.borrow().clone();
        let go_on = f.is_some_and(|f| f(ts));
        if go_on {
            schedule(next, latest);
        } else {
            next.borrow_mut().take();
        }
    });
    *handle.borrow_mut() = Some(frame);
}
