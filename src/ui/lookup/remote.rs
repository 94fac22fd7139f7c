//! The way in from outside the debugger: an embed's host page (play, pause, step) reaches the
//! mounted debugger through a [`LookupRemote`]. The debugger runs in its own lazily loaded module
//! (`lazy`), so a command crosses into it by name ([`Remote::name`], [`Remote::from_name`]).

use std::cell::RefCell;

use yew::Callback;

/// What the page around the debugger may ask of it (an embed's host page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remote {
    /// Walk the steps, one a beat.
    Play,
    /// Stop walking.
    Pause,
    /// One step on.
    Step,
}

impl Remote {
    /// The command's name across the module boundary.
    pub fn name(self) -> &'static str {
        match self {
            Remote::Play => "play",
            Remote::Pause => "pause",
            Remote::Step => "step",
        }
    }

    /// The command a name stands for.
    pub fn from_name(name: &str) -> Option<Remote> {
        [Remote::Play, Remote::Pause, Remote::Step]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// A way in from outside: whoever answers for the debugger (the debugger itself, or the page's
/// side of its module) puts its callback here while it is mounted. A command sent before anyone
/// answers (a host page is quick, a module takes a moment to load) waits, the latest one only.
#[derive(Default)]
pub struct LookupRemote {
    answering: RefCell<Option<Callback<Remote>>>,
    waiting: RefCell<Option<Remote>>,
}

impl LookupRemote {
    /// Ask the mounted debugger; false when none answers yet (the command waits for it).
    pub fn send(&self, remote: Remote) -> bool {
        let callback = self.answering.borrow().clone();
        match callback {
            Some(cb) => {
                cb.emit(remote);
                true
            }
            None => {
                *self.waiting.borrow_mut() = Some(remote);
                false
            }
        }
    }

    /// Answer this remote's commands from now on, starting with the one waiting.
    pub fn answer(&self, callback: Callback<Remote>) {
        let waiting = self.waiting.borrow_mut().take();
        if let Some(remote) = waiting {
            callback.emit(remote);
        }
        *self.answering.borrow_mut() = Some(callback);
    }

    /// Stop answering (unmounted).
    pub fn hang_up(&self) {
        self.answering.borrow_mut().take();
    }
}

/// The same slot is the same remote.
impl PartialEq for LookupRemote {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
