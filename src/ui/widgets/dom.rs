//! An element builder: `el("tr").attr("scope", "row").child(...)`, the views' plain-Rust
//! alternative to `html!` where markup is assembled in loops and helpers (a table's rows, an
//! SVG's parts), which reads as ordinary method calls and needs no macro.
//!
//! What it builds is what `html!` would: boolean attributes present (with their own name as
//! value) or absent, optional attributes left out when `None`, `value` of an `input` set as its
//! property, listeners the same wrappers. The DOM, the accessible names and Yew's reconciliation
//! are the same either way.

use std::rc::Rc;

use yew::html::{onchange, onclick, onfocusout, oninput, onkeydown, onmouseleave, ontoggle};
use yew::virtual_dom::{AttrValue, Listener, VChild, VNode, VTag, VText};
use yew::{BaseComponent, Callback, Html, NodeRef};

/// An element being built; `.into()` (or [`El::done`]) makes it `Html`.
pub struct El(Box<VTag>);

/// Start an element named `tag`.
pub fn el(tag: &'static str) -> El {
    El(Box::new(VTag::new(AttrValue::Static(tag))))
}

/// Text as a node.
pub fn text(s: impl Into<AttrValue>) -> Html {
    VNode::VText(VText::new(s.into()))
}

/// Component `C` with `props`, as `html! { <C ..props /> }` makes it.
pub fn comp<C: BaseComponent>(props: C::Properties) -> Html {
    VChild::<C>::new(props, None).into()
}

/// Several nodes as one (a fragment).
pub fn frag(nodes: impl IntoIterator<Item = Html>) -> Html {
    nodes.into_iter().collect()
}

impl El {
    /// Set attribute `key` (a later call with the same key replaces it).
    #[inline]
    pub fn attr(self, key: &'static str, value: impl Into<AttrValue>) -> Self {
        self.set(key, value.into())
    }

    fn set(mut self, key: &'static str, value: AttrValue) -> Self {
        self.0.add_attribute(key, value);
        self
    }

    /// The `class` attribute.
    #[inline]
    pub fn class(self, value: impl Into<AttrValue>) -> Self {
        self.set("class", value.into())
    }

    /// Attribute `key` when `value` is `Some`, left out otherwise.
    #[inline]
    pub fn attr_opt<V: Into<AttrValue>>(self, key: &'static str, value: Option<V>) -> Self {
        self.set_opt(key, value.map(Into::into))
    }

    fn set_opt(self, key: &'static str, value: Option<AttrValue>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// A boolean attribute (`disabled`, `selected`, ...): present with its own name, or absent.
    pub fn flag(self, key: &'static str, on: bool) -> Self {
        self.set_opt(key, on.then_some(AttrValue::Static(key)))
    }

    /// The key Yew reconciles a list's items by.
    pub fn key(mut self, key: String) -> Self {
        self.0.key = Some(key.into());
        self
    }

    /// An `input`'s value (set as the property, as `html!` does).
    pub fn value(mut self, value: String) -> Self {
        self.0.set_value(AttrValue::from(value));
        self
    }

    /// A reference to the element once it is mounted.
    pub fn node_ref(mut self, node_ref: NodeRef) -> Self {
        self.0.node_ref = node_ref;
        self
    }

    fn listen(mut self, listener: Rc<dyn Listener>) -> Self {
        self.0.add_listener(listener);
        self
    }

    pub fn onclick(self, cb: Callback<web_sys::MouseEvent>) -> Self {
        self.listen(Rc::new(onclick::Wrapper::new(cb)))
    }

    pub fn onchange(self, cb: Callback<web_sys::Event>) -> Self {
        self.listen(Rc::new(onchange::Wrapper::new(cb)))
    }

    pub fn oninput(self, cb: Callback<web_sys::InputEvent>) -> Self {
        self.listen(Rc::new(oninput::Wrapper::new(cb)))
    }

    pub fn onkeydown(self, cb: Callback<web_sys::KeyboardEvent>) -> Self {
        self.listen(Rc::new(onkeydown::Wrapper::new(cb)))
    }

    pub fn ontoggle(self, cb: Callback<web_sys::Event>) -> Self {
        self.listen(Rc::new(ontoggle::Wrapper::new(cb)))
    }

    pub fn onfocusout(self, cb: Callback<web_sys::FocusEvent>) -> Self {
        self.listen(Rc::new(onfocusout::Wrapper::new(cb)))
    }

    pub fn onmouseleave(self, cb: Callback<web_sys::MouseEvent>) -> Self {
        self.listen(Rc::new(onmouseleave::Wrapper::new(cb)))
    }

    /// Append a child.
    #[inline]
    pub fn child(self, node: impl Into<Html>) -> Self {
        self.push(node.into())
    }

    /// Append a child that may be absent: when it is, an empty node keeps its place. Yew matches
    /// an element's children (unkeyed) from the last one back, so a child appended only
    /// sometimes shifts every match before it, and Yew then rebuilds those siblings from
    /// scratch: a focused button or field among them loses the keyboard's focus.
    pub fn slot<H: Into<Html>>(self, node: Option<H>) -> Self {
        self.push(node.map_or_else(Html::default, Into::into))
    }

    fn push(mut self, node: Html) -> Self {
        self.0.add_child(node);
        self
    }

    /// Append a text child.
    #[inline]
    pub fn text(self, s: impl Into<AttrValue>) -> Self {
        self.push(text(s))
    }

    /// Append children. A child that comes and goes keeps its place with an empty node instead
    /// (`.child(Html::default())` when absent): Yew matches unkeyed children from the end, so a
    /// child appended or dropped anywhere but first draws every sibling before it anew (and
    /// loses the keyboard's focus inside them).
    pub fn children(mut self, nodes: impl IntoIterator<Item = Html>) -> Self {
        for node in nodes {
            self = self.push(node);
        }
        self
    }

    /// The element as `Html`.
    pub fn done(self) -> Html {
        VNode::VTag(Rc::new(*self.0))
    }
}

impl From<El> for Html {
    #[inline]
    fn from(e: El) -> Html {
        e.done()
    }
}

/// A labelled control: `<div class="field"><label for=id>label</label>control</div>`.
pub fn field(id: &'static str, label: &'static str, control: El) -> El {
    field_labelled(el("label").attr("for", id).text(label), control)
}

/// A control with its own `<label>` (one whose text is a term, `widgets::term::term_label`).
pub fn field_labelled(label: impl Into<Html>, control: El) -> El {
    el("div").class("field").child(label).child(control)
}

/// A labelled slider with its value written beside it (`<output>`).
pub fn slider(id: &'static str, label: &'static str, input: El, shown: String) -> El {
    slider_labelled(el("label").attr("for", id).text(label), input, shown)
}

/// A slider with its own `<label>` and its value written beside it.
pub fn slider_labelled(label: impl Into<Html>, input: El, shown: String) -> El {
    el("div")
        .class("field slider")
        .child(label)
        .child(input)
        .child(el("output").text(shown))
}

/// A number field, `<input id type="number" min step value>` (its `max`, where it has one, and
/// its listener are added by the caller).
pub fn number_input(id: &'static str, min: AttrValue, step: &'static str, value: String) -> El {
    el("input")
        .attr("id", id)
        .attr("type", "number")
        .attr("min", min)
        .attr("step", step)
        .value(value)
}

/// A `<select id>` of whole numbers: `values` in order (with `current` where it is not among
/// them), and first, when `none` names it, an option of no number (empty value) for `None`. The
/// current choice is selected; the listener reads the value (`""` for none).
pub fn number_select(
    id: &'static str,
    values: &[u32],
    current: Option<u32>,
    none: Option<&'static str>,
    onchange: Callback<web_sys::Event>,
) -> El {
    let mut values = values.to_vec();
    if let Some(c) = current.filter(|c| !values.contains(c)) {
        values.push(c);
        values.sort_unstable();
    }
    let select = el("select").attr("id", id).onchange(onchange);
    let select = match none {
        Some(label) => select.child(
            el("option")
                .attr("value", "")
                .flag("selected", current.is_none())
                .text(label),
        ),
        None => select,
    };
    select.children(values.into_iter().map(|n| {
        el("option")
            .attr("value", n.to_string())
            .flag("selected", current == Some(n))
            .text(n.to_string())
            .done()
    }))
}

/// A button (`type="button"`) named by its text.
pub fn button(label: &'static str, onclick: Callback<web_sys::MouseEvent>, disabled: bool) -> El {
    el("button")
        .attr("type", "button")
        .onclick(onclick)
        .flag("disabled", disabled)
        .text(label)
}
