//! What surrounds the views: the masthead, the About note, the page's link (read on load,
//! followed on every change, shared), the share and timeline bars, embedding in an iframe,
//! downloads, the lessons panel, presentation mode, the "Start here" tour and what the page
//! remembers (play on arrival).

pub mod about;
pub mod address;
pub mod embed;
pub mod export;
pub mod lessons;
pub mod masthead;
pub mod prefs;
pub mod present;
pub mod toolbar;
pub mod tools;
pub mod tour;
