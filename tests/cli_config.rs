//! `fulcrum route --config` and `fulcrum explain --config` end to end: one `host:port` per line
//! as the file writes it, notes and the moved-keys summary on stderr, and one-line errors that
//! name the file's line and what was expected.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fulcrum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .output()
        .expect("the fulcrum binary runs")
}

fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fulcrum-cli-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn ok(args: &[&str]) -> (Vec<String>, String) {
    let out = fulcrum(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "fulcrum {args:?}: {err}");
    (
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect(),
        err,
    )
}

const NGINX: &str = "http {\n  upstream app {\n    server 10.0.0.1:8080 weight=5;\n    server \
                     10.0.0.2:8080;\n    server 10.0.0.3:8080 max_fails=3;\n  }\n  upstream \
                     other { ip_hash; server a:1; server b:1; }\n}\n";

#[test]
fn nginx_round_robin_prints_addresses_in_nginx_order() {
    let conf = file("rr.conf", NGINX);
    let (lines, err) = ok(&[
        "route",
        "--config",
        conf.to_str().unwrap(),
        "--backend",
        "app",
        "--count",
        "7",
    ]);
    // nginx's smooth weighted round robin over 5, 1, 1: a a b a c a a.
    let a = "10.0.0.1:8080";
    let (b, c) = ("10.0.0.2:8080", "10.0.0.3:8080");
    assert_eq!(lines, vec![a, a, b, a, c, a, a]);
    assert!(err.contains("line 5") && err.contains("max_fails"), "{err}");
}

#[test]
fn several_backends_need_a_name_and_unknown_names_list_the_choices() {
    let conf = file("two.conf", NGINX);
    let out = fulcrum(&["route", "--config", conf.to_str().unwrap(), "--count", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("several backends") && err.contains("app, other"),
        "{err}"
    );
    let out = fulcrum(&[
        "route",
        "--config",
        conf.to_str().unwrap(),
        "--backend",
        "nope",
        "--count",
        "1",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no nginx backend named 'nope'"));
}

#[test]
fn bad_configs_name_the_line_and_what_was_expected() {
    let conf = file(
        "bad.cfg",
        "backend web\n  balance roundrobin\n  server a 10.0.0.1:80 weight -1\n",
    );
    let out = fulcrum(&["route", "--config", conf.to_str().unwrap(), "--count", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("fulcrum: error: ") && err.contains("line 3: expected a weight"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn haproxy_remove_renumbers_and_says_how_much_moved() {
    let conf = file(
        "h.cfg",
        "backend web\n  balance uri\n  hash-type consistent\n  server a 10.0.0.1:80\n  server b \
         10.0.0.2:80\n  server c 10.0.0.3:80\n  server d 10.0.0.4:80\n",
    );
    let keys = file(
        "keys.txt",
        &(0..2000).map(|i| format!("/p/{i}\n")).collect::<String>(),
    );
    let c = conf.to_str().unwrap();
    let k = keys.to_str().unwrap();
    let (before, _) = ok(&["route", "--config", c, "--keys", k]);
    let (after, err) = ok(&["route", "--config", c, "--keys", k, "--remove", "b"]);
    assert_eq!(before.len(), 2000);
    assert!(after.iter().all(|s| s != "10.0.0.2:80"));
    let moved = before.iter().zip(&after).filter(|(x, y)| x != y).count();
    let own = before.iter().filter(|s| *s == "10.0.0.2:80").count();
    // c and d are renumbered (ids 3, 4 → 2, 3): far more than b's own keys move.
    assert!(moved > own + 300, "moved {moved}, b's own {own}");
    assert!(
        err.contains(&format!("{moved} of 2000 requests moved")),
        "{err}"
    );
}

#[test]
fn explain_shows_the_lookup() {
    let conf = file(
        "hash.conf",
        "upstream u {\n  hash $request_uri;\n  server 10.0.0.1:80;\n  server 10.0.0.2:80 down;\n  \
         server 10.0.0.3:80;\n}\n",
    );
    let (lines, _) = ok(&["explain", "--config", conf.to_str().unwrap(), "--key", "/a"]);
    // The header words the policy as the page does, not as Rust's Debug would.
    assert_eq!(
        lines[0],
        "upstream 'u': nginx hash $request_uri, key = the request URI"
    );
    // The steps the lookup took: try 0 falls on the down server, try 1 hashes again.
    assert!(lines[1].starts_with("1. Try 0: crc32(“/a”)"), "{lines:?}");
    assert!(
        lines[1].ends_with("10.0.0.2:80, which is down: hash again"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("2. Try 1: crc32(“1” + “/a”)"),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().starts_with("→ 10.0.0."), "{lines:?}");
    assert_ne!(lines.last().unwrap(), "→ 10.0.0.2:80");
}

#[test]
fn envoy_clusters_print_address_and_port_value() {
    let conf = file(
        "envoy.yaml",
        "clusters:\n- name: web\n  lb_policy: MAGLEV\n  maglev_lb_config: {table_size: 7}\n  \
         load_assignment:\n    endpoints:\n    - lb_endpoints:\n      - endpoint: {address: \
         {socket_address: {address: 10.0.0.1, port_value: 8080}}}\n      - endpoint: {address: \
         {socket_address: {address: 10.0.0.2, port_value: 8080}}}\n",
    );
    let keys = file("users.txt", "alice\nbob\ncarol\n");
    let (lines, _) = ok(&[
        "route",
        "--config",
        conf.to_str().unwrap(),
        "--keys",
        keys.to_str().unwrap(),
    ]);
    assert_eq!(lines.len(), 3);
    assert!(
        lines
            .iter()
            .all(|l| l == "10.0.0.1:8080" || l == "10.0.0.2:8080"),
        "{lines:?}"
    );
    // A table size that is not prime is refused, as Envoy refuses it.
    let bad = file(
        "bad.yaml",
        &std::fs::read_to_string(&conf).unwrap().replace("7}", "8}"),
    );
    let out = fulcrum(&["route", "--config", bad.to_str().unwrap(), "--count", "1"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("table_size 8 is not prime"));
}

/// Text from the file reaches the terminal escaped, on stdout and stderr alike: an address or a
/// directive holding an escape sequence cannot retitle the terminal.
#[test]
fn text_from_the_config_is_printed_escaped() {
    let conf = file(
        "escape.conf",
        "upstream app {\n  server 10.0.0.1:80\u{1b}]0;pwned\u{7};\n  server 10.0.0.2:80;\n}\n",
    );
    let (lines, err) = ok(&["route", "--config", conf.to_str().unwrap(), "--count", "2"]);
    assert_eq!(lines, ["10.0.0.1:80\\u{1b}]0", "10.0.0.2:80"]);
    assert!(err.contains("pwned\\u{7}"), "{err}");
    assert!(!err.contains('\u{7}') && !err.contains('\u{1b}'), "{err}");
}

/// A keys file past the limit is refused with the limit named, never read in part.
#[test]
fn a_keys_file_past_its_limit_is_refused_not_cut_short() {
    let conf = file("limit.conf", NGINX);
    let keys = file("limit-keys.txt", &"k\n".repeat((64 << 20) / 2 + 1));
    let out = fulcrum(&[
        "route",
        "--config",
        conf.to_str().unwrap(),
        "--backend",
        "app",
        "--keys",
        keys.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more than 67108864 bytes"), "{err}");
    assert!(out.stdout.is_empty());
}
