//! A read configuration's notes (`config::Note`: what a reader does not model, as typed data)
//! worded in either language, for the import panel and the CLI alike. The readers say what they
//! met; this is the one place it is put in words.

use crate::config::{Note, NoteKind};
use crate::share::i18n::{Lang, LaterText};

/// What the note says, in `lang`, without its line.
pub fn note_text(kind: &NoteKind, lang: Lang) -> String {
    use NoteKind as K;
    let fill = |text: LaterText, name: &str, value: &str| text.fill(lang, &[name], &[&value]);
    match kind {
        K::NotModelled { what } => fill(LaterText::ConfigNoteNotModelled, "what", what),
        K::ArgumentsAfterName { keyword } => {
            fill(LaterText::ConfigNoteArgumentsAfterName, "keyword", keyword)
        }
        K::HealthChecks { parameter } => {
            fill(LaterText::ConfigNoteHealthChecks, "parameter", parameter)
        }
        K::OfServer { server, note } => LaterText::ConfigNoteOfServer.fill(
            lang,
            &["server", "note"],
            &[server, &note_text(note, lang)],
        ),
        K::NoPickChange { directive } => {
            fill(LaterText::ConfigNoteNoPickChange, "directive", directive)
        }
        K::Block { words } => fill(LaterText::ConfigNoteBlock, "words", words),
        K::MethodRedefined { earlier } => fill(
            LaterText::ConfigNoteMethodRedefined,
            "earlier",
            &earlier.to_string(),
        ),
        K::LeastTimeAsLeastConn { method } => {
            fill(LaterText::ConfigNoteLeastTime, "method", method)
        }
        K::FailureOnlyParameter { server, parameter } => LaterText::ConfigNoteFailureOnly.fill(
            lang,
            &["server", "parameter"],
            &[server, parameter],
        ),
        K::NginxBackupRefused => LaterText::ConfigNoteNginxBackupRefused
            .get(lang)
            .to_string(),
        K::NginxBackupLeftOut => LaterText::ConfigNoteNginxBackupLeftOut
            .get(lang)
            .to_string(),
        K::HaproxyBackupLeftOut => LaterText::ConfigNoteHaproxyBackupLeftOut
            .get(lang)
            .to_string(),
        K::EnvoySlowStart => LaterText::ConfigNoteEnvoySlowStart.get(lang).to_string(),
        K::EnvoyFullScan => LaterText::ConfigNoteEnvoyFullScan.get(lang).to_string(),
        K::EnvoyLocalityWeighted => LaterText::ConfigNoteEnvoyLocalityWeighted
            .get(lang)
            .to_string(),
        K::EnvoyLocalityWeightsIgnored => LaterText::ConfigNoteEnvoyLocalityWeightsIgnored
            .get(lang)
            .to_string(),
        K::EnvoyPriorityLeftOut => LaterText::ConfigNoteEnvoyPriorityLeftOut
            .get(lang)
            .to_string(),
    }
}

/// The note as the CLI prints it: `note: line N: …` (`note: …` about the whole file), in English.
pub fn cli_line(note: &Note) -> String {
    let text = note_text(&note.kind, Lang::En);
    if note.line == 0 {
        format!("note: {text}")
    } else {
        format!("note: line {}: {text}", note.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    /// Every note a reader writes, from files that make each reader write most of its notes.
    fn all_notes() -> Vec<Note> {
        let nginx = "upstream u {\n  hash $request_uri;\n  random two least_time=header;\n  \
            keepalive 8;\n  server a:80 max_fails=3;\n  server b:80 backup;\n  \
            match m { }\n}\n";
        let haproxy = "backend web extra\n  mode http\n  balance roundrobin\n  \
            server s1 10.0.0.1:80 check inter 2s\n  server s2 10.0.0.2:80 backup\n";
        let envoy = "clusters:\n- name: svc\n  connect_timeout: 1s\n  lb_policy: LEAST_REQUEST\n  \
            least_request_lb_config:\n    selection_method: FULL_SCAN\n    \
            slow_start_config: {slow_start_window: 10s}\n  round_robin_lb_config:\n    \
            slow_start_config: {slow_start_window: 10s}\n  common_lb_config:\n    \
            locality_weighted_lb_config: {}\n  load_assignment:\n    cluster_name: svc\n    \
            endpoints:\n    - load_balancing_weight: 2\n      lb_endpoints:\n      \
            - endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 80}}}\n    \
            - priority: 1\n      lb_endpoints:\n      \
            - endpoint: {address: {socket_address: {address: 10.0.0.2, port_value: 80}}}\n";
        let mut notes = Vec::new();
        for text in [nginx, haproxy, envoy] {
            let c = config::parse(text, None).unwrap();
            notes.extend(c.notes.iter().cloned());
            for b in &c.backends {
                notes.extend(b.notes.iter().cloned());
            }
        }
        notes
    }

    /// The readers' notes are worded in both languages, every placeholder filled; the Chinese
    /// differs from the English (it is not the English passed through).
    #[test]
    fn every_note_is_worded_in_both_languages() {
        let notes = all_notes();
        assert!(notes.len() >= 12, "{notes:?}");
        for n in &notes {
            let (en, zh) = (note_text(&n.kind, Lang::En), note_text(&n.kind, Lang::Zh));
            assert!(!en.contains('{') || en.contains("{ }"), "{en}");
            assert!(!zh.contains("{what}") && !zh.contains("{note}"), "{zh}");
            assert_ne!(en, zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        let en: Vec<String> = notes.iter().map(cli_line).collect();
        let has = |what: &str| en.iter().any(|t| t.contains(what));
        assert!(has("note: line 4: `keepalive` changes no pick"), "{en:?}");
        assert!(
            has("server s1: `check`: health checks are not modelled"),
            "{en:?}"
        );
        assert!(has("server s1: `inter` is not modelled"), "{en:?}");
        assert!(
            has("`least_time=header` (nginx Plus) is read as least_conn"),
            "{en:?}"
        );
        assert!(has("Envoy ramps a new endpoint's weight up"), "{en:?}");
    }
}
