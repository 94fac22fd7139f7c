//! A value published outside Yew's render cycle to the views that draw it. The animation loop
//! publishes each frame's moving parts and each refreshed snapshot on a bus; only the views
//! subscribed to it re-render, so the page's root renders when its discrete state changes
//! (a setting, Play, a note), never on a tick. One bus per value per page: props holding a bus
//! compare by identity.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::motion::Frame;
use super::snapshot::Snapshot;
use super::state::Narration;

/// The moving parts of the current animation frame.
pub type FrameBus = Bus<Frame>;
/// What the views draw, refreshed a part per tick while playing.
pub type SnapshotBus = Bus<Snapshot>;
/// What the live region says: at most every two seconds while playing.
pub type SpokenBus = Bus<Narration>;

type Listener = (u32, Rc<dyn Fn()>);

/// The latest `T` and who listens for the next one.
pub struct Bus<T> {
    value: RefCell<Rc<T>>,
    listeners: RefCell<Vec<Listener>>,
    next_id: Cell<u32>,
}

impl<T: Default> Default for Bus<T> {
    fn default() -> Self {
        Self::new(Rc::default())
    }
}

impl<T> PartialEq for Bus<T> {
    /// Props holding a bus are equal when they hold the same one.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl<T> Bus<T> {
    /// A bus holding `value`, with no listener yet.
    pub fn new(value: Rc<T>) -> Self {
        Self {
            value: RefCell::new(value),
            listeners: RefCell::default(),
            next_id: Cell::new(0),
        }
    }

    /// The value last published.
    pub fn current(&self) -> Rc<T> {
        self.value.borrow().clone()
    }

    /// Keep `value` and tell every listener. A listener may subscribe or unsubscribe others
    /// (a view mounting or unmounting): the ones called are those listening when it was
    /// published.
    pub fn publish(&self, value: Rc<T>) {
        *self.value.borrow_mut() = value;
        let listeners: Vec<Rc<dyn Fn()>> = self
            .listeners
            .borrow()
            .iter()
            .map(|l| l.1.clone())
            .collect();
        for l in listeners {
            l();
        }
    }

    /// Call `f` on every value published from now on; the id unsubscribes it.
    pub fn subscribe(&self, f: Rc<dyn Fn()>) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, f));
        id
    }

    /// Stop calling the listener `id`.
    pub fn unsubscribe(&self, id: u32) {
        self.listeners.borrow_mut().retain(|l| l.0 != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_hear_each_value_until_they_leave() {
        let bus: Rc<Bus<u32>> = Rc::default();
        let heard = Rc::new(RefCell::new(Vec::new()));
        let id = {
            let (bus2, heard) = (bus.clone(), heard.clone());
            bus.subscribe(Rc::new(move || heard.borrow_mut().push(*bus2.current())))
        };
        bus.publish(Rc::new(1));
        bus.publish(Rc::new(2));
        bus.unsubscribe(id);
        bus.publish(Rc::new(3));
        assert_eq!(*heard.borrow(), [1, 2]);
        assert_eq!(*bus.current(), 3);
    }

    #[test]
    fn a_listener_may_subscribe_another_while_a_value_is_published() {
        let bus: Rc<Bus<u32>> = Rc::default();
        let calls = Rc::new(Cell::new(0));
        {
            let (bus2, calls) = (bus.clone(), calls.clone());
            bus.subscribe(Rc::new(move || {
                calls.set(calls.get() + 1);
                let calls = calls.clone();
                bus2.subscribe(Rc::new(move || calls.set(calls.get() + 100)));
            }));
        }
        bus.publish(Rc::new(1));
        assert_eq!(calls.get(), 1, "the new listener waits for the next value");
        bus.publish(Rc::new(2));
        assert_eq!(calls.get(), 102);
    }
}
