//! Sharing and teaching, independent of the UI: the permalink (every setting in the URL, hostile
//! input clamped with a note), the string table in English and Chinese, the guided lessons, and
//! exports of a run's tables, statistics and event trace.
//!
//! Everything here is pure Rust over the engine and the simulator, tested natively and built
//! for wasm32; the Yew views call it and render its strings as text, never as HTML.

#![warn(missing_docs)]

pub mod clamp;
pub mod config_notes;
pub mod export;
pub mod glossary;
pub mod i18n;
pub mod knobs;
pub mod lessons;
pub mod packed;
pub mod pages;
pub mod permalink;
pub mod steps;
