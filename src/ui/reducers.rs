//! Yew's [`Reducible`] for the playground's two reducers, whose logic is plain Rust in
//! [`crate::playground`] (`UiState::apply`, `LookupSettings::apply`).

use std::rc::Rc;

use yew::Reducible;

use crate::playground::lookup::settings::{LookupAction, LookupSettings};
use crate::playground::state::{Action, UiState};

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

impl Reducible for LookupSettings {
    type Action = LookupAction;

    fn reduce(self: Rc<Self>, action: LookupAction) -> Rc<Self> {
        self.apply(action)
    }
}
