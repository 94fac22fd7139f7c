//! Embedding: a view in a documentation page's iframe (`?embed=1&view=…`) plays only while it is
//! on screen (an IntersectionObserver) and tells the page around it its height
//! (`{type: "fulcrum:height", height}` by postMessage, on every change a ResizeObserver sees), so
//! the frame can fit it. www/embed.html has the listener pages paste.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, ResizeObserver};
use yew::prelude::*;

/// Is the element on screen? True until an observer says otherwise, and where there is none.
#[hook]
pub fn use_on_screen(node: NodeRef, active: bool) -> bool {
    let on = use_state(|| true);
    {
        let on = on.clone();
        use_effect_with(active, move |&active| {
            let watch = active
                .then(|| {
                    let element: Element = node.cast()?;
                    let seen =
                        Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                            if let Some(entry) = entries.iter().last() {
                                let entry: IntersectionObserverEntry = entry.unchecked_into();
                                on.set(entry.is_intersecting());
                            }
                        });
                    let observer = IntersectionObserver::new(seen.as_ref().unchecked_ref()).ok()?;
                    observer.observe(&element);
                    Some((observer, seen))
                })
                .flatten();
            move || {
                if let Some((observer, _)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    *on
}

/// Post the element's height to the parent window whenever it changes (only inside a frame).
#[hook]
pub fn use_post_height(node: NodeRef, active: bool) {
    use_effect_with(active, move |&active| {
        let watch = active
            .then(|| {
                let window = gloo::utils::window();
                let parent = window.parent().ok()??;
                if js_sys::Object::is(&parent, &window) {
                    return None;
                }
                let element: Element = node.cast()?;
                let last = Rc::new(Cell::new(-1.0));
                let target = element.clone();
                let resized = Closure::<dyn FnMut()>::new(move || {
                    let height = target.get_bounding_client_rect().height().ceil();
                    if height == last.get() {
                        return;
                    }
                    last.set(height);
                    let message = js_sys::Object::new();
                    let _ =
                        js_sys::Reflect::set(&message, &"type".into(), &"fulcrum:height".into());
                    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                    // The height is no secret: any page may embed the playground.
                    let _ = parent.post_message(&message, "*");
                });
                let observer = ResizeObserver::new(resized.as_ref().unchecked_ref()).ok()?;
                observer.observe(&element);
                Some((observer, resized))
            })
            .flatten();
        move || {
            if let Some((observer, _)) = watch {
                observer.disconnect();
            }
        }
    });
}
