//! The lookup debugger's model: its [`settings`] (the pool, its edits, the strategy, the key and
//! the knobs, every one clamped with a note) and its [`frames`] (one frame per engine step of a
//! lookup, worded in the page's language).

pub mod frames;
pub mod settings;
