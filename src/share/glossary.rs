//! The glossary: a short definition of every technical term the page shows (p95, EWMA, Jain's
//! fairness index, ketama, the Zipf exponent…), so a first-time visitor can read the page.
//!
//! One plain table, [`GLOSSARY`]: each [`Term`] with its id (for the DOM) and its definition, a
//! [`Text`] row, so it is in both languages like every other string. The views show a term
//! with the `ui::widgets::term` widget, which reveals the definition on hover and on keyboard
//! focus. Tests here check that every term has a definition in both languages.

use crate::engine::StrategyKind;
use crate::share::i18n::Text;

/// A technical term the page defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// p50 / p95 / p99 together, where a label shows them side by side.
    Percentiles,
    /// Median: half the requests took less.
    P50,
    /// The time 95% of requests stay under.
    P95,
    /// The time 99% of requests stay under: the slow tail.
    P99,
    /// Exponentially weighted moving average (Peak EWMA's latency estimate).
    Ewma,
    /// Jain's fairness index: 1 when every server gets its fair share.
    Fairness,
    /// nginx's consistent-hash ring (the ketama layout of points).
    Ketama,
    /// The Zipf exponent: how much more popular the hottest keys are.
    Zipf,
    /// Points per server on a hash ring.
    VirtualNodes,
    /// Bounded loads' `c`: no server holds more than c times its fair share in flight.
    LoadFactor,
    /// Requests sent and not yet answered.
    InFlight,
    /// The proxy's periodic probe that marks servers up or down.
    HealthCheck,
    /// Hashing where a membership change moves only about 1/n of the keys.
    ConsistentHashing,
    /// Two random servers, the less loaded wins.
    PowerOfTwoChoices,
    /// Google's lookup-table consistent hash.
    Maglev,
}

/// A term of the glossary: what it is, its id (DOM ids and tests) and its definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The term.
    pub term: Term,
    /// Stable id for DOM ids and tests (`p95`).
    pub id: &'static str,
    /// The definition, in both languages.
    pub definition: Text,
}

const fn entry(term: Term, id: &'static str, definition: Text) -> Entry {
    Entry {
        term,
        id,
        definition,
    }
}

/// Every term, with its definition.
pub const GLOSSARY: [Entry; 15] = [
    entry(Term::Percentiles, "percentiles", Text::TermPercentiles),
    entry(Term::P50, "p50", Text::TermP50),
    entry(Term::P95, "p95", Text::TermP95),
    entry(Term::P99, "p99", Text::TermP99),
    entry(Term::Ewma, "ewma", Text::TermEwma),
    entry(Term::Fairness, "fairness", Text::TermFairness),
    entry(Term::Ketama, "ketama", Text::TermKetama),
    entry(Term::Zipf, "zipf", Text::TermZipf),
    entry(Term::VirtualNodes, "virtual-nodes", Text::TermVirtualNodes),
    entry(Term::LoadFactor, "load-factor", Text::TermLoadFactor),
    entry(Term::InFlight, "in-flight", Text::TermInFlight),
    entry(Term::HealthCheck, "health-check", Text::TermHealthCheck),
    entry(
        Term::ConsistentHashing,
        "consistent-hashing",
        Text::TermConsistentHashing,
    ),
    entry(Term::PowerOfTwoChoices, "p2c", Text::TermPowerOfTwoChoices),
    entry(Term::Maglev, "maglev", Text::TermMaglev),
];

impl Term {
    /// The term's entry in [`GLOSSARY`].
    pub fn entry(self) -> &'static Entry {
        GLOSSARY
            .iter()
            .find(|e| e.term == self)
            .unwrap_or(&GLOSSARY[0])
    }

    /// Its definition.
    pub fn definition(self) -> Text {
        self.entry().definition
    }

    /// Its id, for DOM ids ("p95", "load-factor").
    pub fn id(self) -> &'static str {
        self.entry().id
    }

    /// The term a strategy's name is, where the glossary defines it (consistent hashing, power
    /// of two choices, peak EWMA, Maglev).
    pub fn for_strategy(kind: StrategyKind) -> Option<Term> {
        use StrategyKind as K;
        match kind {
            K::ConsistentHash | K::BoundedLoadConsistentHash => Some(Term::ConsistentHashing),
            K::PowerOfTwoChoices => Some(Term::PowerOfTwoChoices),
            K::PeakEwma => Some(Term::Ewma),
            K::Maglev => Some(Term::Maglev),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::i18n::Lang;
    use std::collections::BTreeSet;

    #[test]
    fn every_term_has_one_entry_and_a_definition_in_both_languages() {
        let terms: BTreeSet<Term> = GLOSSARY.iter().map(|e| e.term).collect();
        assert_eq!(terms.len(), GLOSSARY.len(), "a term listed twice");
        let ids: BTreeSet<&str> = GLOSSARY.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), GLOSSARY.len(), "an id used twice");
        let definitions: BTreeSet<Text> = GLOSSARY.iter().map(|e| e.definition).collect();
        assert_eq!(definitions.len(), GLOSSARY.len(), "a definition shared");
        for e in GLOSSARY {
            assert_eq!(e.term.entry(), &e);
            assert!(
                e.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                e.id
            );
            let en = e.definition.get(Lang::En);
            let zh = e.definition.get(Lang::Zh);
            // A definition says something: a sentence, not a word.
            assert!(en.split_whitespace().count() >= 8, "{:?}: {en}", e.term);
            assert!(zh.chars().count() >= 15, "{:?}: {zh}", e.term);
            assert_ne!(en, zh, "{:?} is not translated", e.term);
            // The Chinese definition is Chinese: no English word of three letters or more
            // other than the names the Chinese page keeps (zh-page.test.js's list).
            let kept = [
                "EWMA", "Jain", "ketama", "nginx", "CRC", "Zipf", "Maglev", "Google",
            ];
            for word in zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3)
            {
                assert!(
                    kept.contains(&word),
                    "{:?}: English “{word}” in {zh}",
                    e.term
                );
            }
        }
    }

    #[test]
    fn strategies_named_by_a_term_are_defined() {
        let named: Vec<StrategyKind> = StrategyKind::ALL
            .into_iter()
            .filter(|&k| Term::for_strategy(k).is_some())
            .collect();
        assert_eq!(named.len(), 5, "{named:?}");
        assert_eq!(
            Term::for_strategy(StrategyKind::Maglev).map(Term::id),
            Some("maglev")
        );
    }
}
