//! Small pieces the views share: the element builder, the labelled slider, the tables'
//! builders, a term with its definition, and a canvas repainted every frame.

pub mod canvas;
pub mod dom;
pub mod slider;
pub mod tables;
pub mod term;
