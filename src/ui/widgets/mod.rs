//! Small pieces the views share: the element builder, the labelled slider and the tables'
//! builders.

pub mod dom;
pub mod slider;
pub mod tables;
