//! Hooks over the browser: a media query (reduced motion), page visibility, the viewport's
//! width, the clock, an animation-frame loop, a bus's latest value ([`use_part`]), and whether
//! an element is on or near the screen. Every
//! listener, observer and frame request is dropped with the component (or when its inputs change), never leaked. [`playground`] holds the
//! root's own hook, `use_playground()`.

pub mod playground;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{AnimationFrame, request_animation_frame};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

pub use crate::playground::bus::{Bus, FrameBus, SnapshotBus, SpokenBus};

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

/// Once the page has drawn (a task from now): if the keyboard's focus fell to the page's start
/// meanwhile (the element that had it was removed or rebuilt), give it to what `find` names.
pub fn refocus_if_lost(
    find: impl FnOnce(&web_sys::Document) -> Option<web_sys::Element> + 'static,
) {
    gloo::timers::callback::Timeout::new(0, move || {
        let document = gloo::utils::document();
        let lost = document
            .active_element()
            .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
        if lost
            && let Some(e) = find(&document).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    })
    .forget();
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

/// What a view drew from a bus: the value, and what its selector picked out of it.
pub struct Drawn<T, K> {
    pub value: Rc<T>,
    pub picked: Rc<K>,
}

/// The bus's latest value and what `select` picks out of it (given `with`, what the view
/// draws: which parts of the snapshot, say). The view re-renders when a newly published value
/// differs from the one it drew in what `select` picks, and only then, and draws with the pick.
#[hook]
pub fn use_part<T, D, K>(bus: &Rc<Bus<T>>, with: D, select: fn(&D, &T) -> K) -> Drawn<T, K>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    K: PartialEq + 'static,
{
    let update = use_force_update();
    // What was drawn, and the value it was drawn from: held, so that what `select` picks (an
    // address, say) stays that value's until the next render.
    let drawn = use_mut_ref(|| None::<(Rc<K>, Rc<T>)>);
    let current = bus.current();
    let picked = Rc::new(select(&with, &current));
    *drawn.borrow_mut() = Some((picked.clone(), current.clone()));
    {
        let bus = bus.clone();
        let deps = (Rc::as_ptr(&bus) as usize, with.clone(), select as usize);
        use_effect_with(deps, move |_| {
            let id = bus.subscribe(Rc::new({
                let bus = bus.clone();
                move || {
                    let now = select(&with, &bus.current());
                    if drawn.borrow().as_ref().is_none_or(|d| *d.0 != now) {
                        update.force_update();
                    }
                }
            }));
            move || bus.unsubscribe(id)
        });
    }
    Drawn {
        value: current,
        picked,
    }
}

/// False on the first render, true from a task after the first frame is painted: work below the
/// fold (the churn matrix, the hot keys) waits until the page has shown its picture.
#[hook]
pub fn use_after_first_paint() -> bool {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            // A frame, then a task: the first paint happens in between.
            let pending: Rc<RefCell<Option<gloo::timers::callback::Timeout>>> = Rc::default();
            let timer = pending.clone();
            let frame = request_animation_frame(move |_| {
                *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || {
                    ready.set(true)
                }));
            });
            move || drop((frame, pending))
        });
    }
    *ready
}

/// True once the element has come within about a screen of the viewport, and from then on (an
/// IntersectionObserver with a margin); at once where there is no observer. Parts below the fold
/// that load their own code start loading here, so they are usually ready when scrolled to.
#[hook]
pub fn use_near_screen(node: NodeRef) -> bool {
    let near = use_state(|| false);
    {
        let near = near.clone();
        use_effect_with((), move |_| {
            let setter = near.setter();
            let watch = Intersection::watch(&node, "100% 0px 100% 0px", move |close| {
                if close {
                    setter.set(true);
                }
                !close
            });
            if watch.is_none() {
                near.set(true);
            }
            move || drop(watch)
        });
    }
    *near
}

/// Is the element on screen? True until an observer says otherwise, and where there is none.
/// Watches only while `active`.
#[hook]
pub fn use_on_screen(node: NodeRef, active: bool) -> bool {
    let on = use_state(|| true);
    {
        let on = on.setter();
        use_effect_with(active, move |&active| {
            let watch = active
                .then(|| {
                    Intersection::watch(&node, "0px", move |visible| {
                        on.set(visible);
                        true
                    })
                })
                .flatten();
            move || drop(watch)
        });
    }
    *on
}

/// Is the sticky element stuck at the top of the screen? It is when its top edge sits on the
/// screen's (an observer whose root is the viewport less its top pixel sees less than all of
/// it); in its place in the page, or where there is no observer, it is not.
#[hook]
pub fn use_stuck(node: NodeRef) -> bool {
    let stuck = use_state(|| false);
    {
        let stuck = stuck.setter();
        use_effect_with((), move |_| {
            let watch = Intersection::watch_whole(&node, "-1px 0px 0px 0px", move |whole| {
                stuck.set(!whole);
                true
            });
            move || drop(watch)
        });
    }
    *stuck
}

/// An IntersectionObserver on one element, disconnected when dropped: the one way the hooks
/// above learn where an element is.
struct Intersection {
    observer: web_sys::IntersectionObserver,
    _seen: Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
}

impl Intersection {
    /// Watch `node` against the viewport grown by `margin` (CSS margin syntax); `seen` gets
    /// whether it intersects at each change and returns whether to keep watching. None where the
    /// node is not mounted or the browser has no observer.
    fn watch(
        node: &NodeRef,
        margin: &str,
        mut seen: impl FnMut(bool) -> bool + 'static,
    ) -> Option<Self> {
        Self::observe(node, margin, 0.0, move |entry| {
            seen(entry.is_intersecting())
        })
    }

    /// As [`Intersection::watch`], but `seen` gets whether the whole element is inside.
    fn watch_whole(
        node: &NodeRef,
        margin: &str,
        mut seen: impl FnMut(bool) -> bool + 'static,
    ) -> Option<Self> {
        Self::observe(node, margin, 1.0, move |entry| {
            seen(entry.intersection_ratio() >= 1.0)
        })
    }

    fn observe(
        node: &NodeRef,
        margin: &str,
        threshold: f64,
        mut seen: impl FnMut(&web_sys::IntersectionObserverEntry) -> bool + 'static,
    ) -> Option<Self> {
        let element: web_sys::Element = node.cast()?;
        let seen = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                let Some(last) = entries.iter().last() else {
                    return;
                };
                let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                if !seen(&entry) {
                    observer.disconnect();
                }
            },
        );
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        options.set_threshold(&wasm_bindgen::JsValue::from_f64(threshold));
        let observer = web_sys::IntersectionObserver::new_with_options(
            seen.as_ref().unchecked_ref(),
            &options,
        )
        .ok()?;
        observer.observe(&element);
        Some(Self {
            observer,
            _seen: seen,
        })
    }
}

impl Drop for Intersection {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
