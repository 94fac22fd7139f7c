//! The playground's model: everything the page shows, without the DOM. Plain Rust that builds
//! natively and for wasm, so `cargo test` covers it; the Yew views in `ui` only draw it.
//!
//! - [`settings`]: what a user sets, every value clamped with a note.
//! - [`live`]: the running simulation and its log of live actions, replayed to the same moment
//!   when a setting rebuilds the run.
//! - [`motion`]: tokens, probe pulses and lookup trails in real time.
//! - [`failure`]: a failing server as the balancers may not know it yet, and its latency over
//!   successes only.
//! - [`snapshot`]: what the views draw, each part replaced only when its content changes.
//! - [`state`]: the discrete state the page renders from, and its reducer.
//! - [`bus`]: the frames and snapshots published to the views that draw them, outside the
//!   render cycle; [`ticker`]: the animation loop's schedule of ticks and words.
//! - [`host`]: the message API between an embedded view and the page around it.
//! - [`import`]: a pasted proxy configuration set up as the page's pool and strategy.
//! - [`cost`]: time per pick, measured with a clock the caller passes in.
//! - [`lookup`]: the lookup debugger's settings and its step-by-step frames.
//! - [`decimal`]: numbers as text for drawings (fast) and for tables (exact).

#![warn(missing_docs)]

pub mod bus;
pub mod cost;
pub mod decimal;
pub mod failure;
pub mod feedback;
pub mod host;
pub mod import;
pub mod live;
pub mod lookup;
pub mod motion;
pub mod settings;
pub mod snapshot;
pub mod state;
pub mod sweep;
pub mod ticker;
