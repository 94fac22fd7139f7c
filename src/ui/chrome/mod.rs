//! What surrounds the views: the masthead, the About note, the page's link (read on load, followed on every
//! change, shared), the share and timeline bars, embedding in an iframe, downloads and the
//! lessons panel.

pub mod about;
pub mod address;
pub mod embed;
pub mod export;
pub mod lessons;
pub mod masthead;
pub mod toolbar;
