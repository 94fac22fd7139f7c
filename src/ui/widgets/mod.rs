//! Small pieces the views share: the element builder, the labelled slider, the tables'
//! builders and a term with its definition.

pub mod dom;
pub mod slider;
pub mod tables;
pub mod term;
