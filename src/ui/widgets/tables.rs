//! The pieces every table view builds with: [`head`], [`term_col`], [`row_head`], [`cells`] and
//! [`scroll_table`] (a captioned table that scrolls sideways on a narrow screen).

use yew::prelude::*;
use yew::virtual_dom::AttrValue;

use crate::ui::widgets::dom::{El, el};

/// A column's header cell.
pub fn col(name: &'static str) -> Html {
    el("th").attr("scope", "col").text(name).done()
}

/// A column's header cell that is a term with its definition (`widgets::term`).
pub fn term_col(
    name: &'static str,
    glossary: crate::share::glossary::Term,
    lang: crate::share::i18n::Lang,
) -> Html {
    el("th")
        .attr("scope", "col")
        .child(crate::ui::widgets::term::term(name, glossary, lang))
        .done()
}

/// A table's head: one row of column headers (the row is returned open, for a last column).
pub fn head(names: &[&'static str]) -> El {
    let mut tr = el("tr");
    for &n in names {
        tr = tr.child(col(n));
    }
    tr
}

/// A row's header cell.
#[inline]
pub fn row_head(text: impl Into<AttrValue>) -> El {
    th_row(text.into())
}

fn th_row(text: AttrValue) -> El {
    el("th").attr("scope", "row").text(text)
}

/// Row `tr` with a data cell per text appended.
pub fn cells(mut tr: El, texts: &mut [String]) -> El {
    for t in texts {
        tr = tr.child(el("td").text(std::mem::take(t)));
    }
    tr
}

/// A table with its caption and head inside a `<div class="scroll">`; `table` is the table
/// element with its class and name, `body` its rows.
pub fn scroll_table(table: El, caption: Html, head: El, body: Vec<Html>) -> Html {
    el("div")
        .class("scroll")
        .child(
            table
                .child(el("caption").child(caption))
                .child(el("thead").child(head))
                .child(el("tbody").children(body)),
        )
        .done()
}
