//! A term with its definition: the word is focusable (Tab reaches it), and its definition from
//! the glossary (`share::glossary`) shows as a tooltip on hover and on keyboard focus, tied to
//! the word by `aria-describedby` so a screen reader reads it too. Esc closes the tooltip until
//! the pointer or the focus leaves.
//!
//! The tooltip is `aria-hidden` and never inside a `<label>`: a term that labels a control puts
//! only its word in the `<label for>` (`label_for`), so the control's name stays the word alone
//! while the definition is the word's description.

use std::sync::atomic::{AtomicUsize, Ordering};

use yew::prelude::*;

use crate::share::glossary::Term as GlossaryTerm;
use crate::share::i18n::Lang;
use crate::ui::widgets::dom::el;

#[derive(Properties, PartialEq)]
pub struct TermProps {
    /// The word as the page shows it ("p95", "Virtual nodes").
    pub word: AttrValue,
    pub term: GlossaryTerm,
    #[prop_or_default]
    pub lang: Lang,
    /// The id of the control the word labels: the word is then that control's `<label>`.
    #[prop_or_default]
    pub label_for: Option<AttrValue>,
}

/// Tooltip ids: one per widget, so a term shown twice has two.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn Term(props: &TermProps) -> Html {
    let id = use_state(|| {
        format!(
            "term-{}-{}",
            props.term.id(),
            NEXT_ID.fetch_add(1, Ordering::Relaxed)
        )
    });
    let closed = use_state(|| false);
    let on_key = {
        let closed = closed.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && !*closed {
                e.stop_propagation();
                closed.set(true);
            }
        })
    };
    let tip = use_node_ref();
    let shift = use_state(|| 0.0_f64);
    let place = {
        let (tip, shift) = (tip.clone(), shift.clone());
        Callback::from(move |()| {
            if let Some(t) = tip.cast::<web_sys::Element>() {
                let r = t.get_bounding_client_rect();
                let window = gloo::utils::window();
                let vw = window.inner_width().ok().and_then(|w| w.as_f64());
                let Some(vw) = vw.filter(|_| r.width() > 0.0) else {
                    return;
                };
                // Where the tip starts unshifted, then the shift that keeps both edges inside.
                let start = r.left() - *shift;
                let to = (vw - 8.0 - start - r.width()).min(0.0).max(8.0 - start);
                if (to - *shift).abs() > 0.5 {
                    shift.set(to);
                }
            }
        })
    };
    let class = if *closed { "term closed" } else { "term" };
    let word = el("span")
        .class("term-word")
        .attr("tabindex", "0")
        .attr("aria-describedby", (*id).clone())
        .onkeydown(on_key)
        .onfocusout(reopen(closed.clone()))
        .text(props.word.clone());
    let word = match &props.label_for {
        Some(control) => el("label").attr("for", control.clone()).child(word).done(),
        None => word.done(),
    };
    let tip = el("span")
        .class("term-tip")
        .node_ref(tip)
        .attr_opt(
            "style",
            (*shift != 0.0).then(|| format!("left:{:.0}px", *shift)),
        )
        .attr("role", "tooltip")
        .attr("id", (*id).clone())
        .attr("aria-hidden", "true")
        .text(props.term.definition().get(props.lang))
        .done();
    // (The element builder has no enter or focus-in listener; the macro does.)
    html! {
        <span class={class} onmouseleave={reopen(closed.clone())}
            onmouseenter={place.reform(|_: MouseEvent| ())} onfocusin={place.reform(|_: FocusEvent| ())}>
            {word}{tip}
        </span>
    }
}

/// A term that is the `<label for=id>` of a control, with its definition beside the label.
pub fn term_label(
    id: &'static str,
    word: &'static str,
    glossary: GlossaryTerm,
    lang: Lang,
) -> Html {
    crate::ui::widgets::dom::comp::<Term>(TermProps {
        word: word.into(),
        term: glossary,
        lang,
        label_for: Some(id.into()),
    })
}

/// A listener that opens the tooltip again once the pointer or the focus has left.
fn reopen<E>(closed: UseStateHandle<bool>) -> Callback<E> {
    Callback::from(move |_| {
        if *closed {
            closed.set(false);
        }
    })
}

/// A term as `Html`, for the element builders.
pub fn term(word: impl Into<AttrValue>, term: GlossaryTerm, lang: Lang) -> Html {
    crate::ui::widgets::dom::comp::<Term>(TermProps {
        word: word.into(),
        term,
        lang,
        label_for: None,
    })
}
