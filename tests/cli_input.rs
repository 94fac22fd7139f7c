//! Hostile and careless input to the `fulcrum` binary (issue 20): every input is bounded where it
//! is read and refused with a message naming the flag or field, the value and the range; text from
//! the user reaches the terminal escaped; long runs stop cleanly on Ctrl-C.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fulcrum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .output()
        .expect("the fulcrum binary runs")
}

fn fulcrum_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fulcrum binary runs");
    let mut input = child.stdin.take().unwrap();
    // The child may stop reading early (a refused input); that is not this test's failure.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, contents: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Exit status 1, one line on stderr containing `names`, nothing raw, no panic, no stdout.
fn one_line_error(out: &Output, names: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("fulcrum: error: "), "{stderr}");
    assert!(stderr.contains(names), "'{stderr}' lacks '{names}'");
    assert!(!stderr.contains("panic"), "{stderr}");
    assert!(
        !stderr
            .trim_end()
            .chars()
            .any(fulcrum::scenario::text::is_unsafe),
        "raw control characters: {stderr:?}"
    );
    assert!(out.stdout.is_empty(), "printed to stdout");
    stderr
}

#[test]
fn negative_numbers_get_a_range_error() {
    let route = |flag: &str, value: &str| {
        let mut args = vec!["route", "--strategy", "random", "--servers", "a:1"];
        if flag != "--count" {
            args.extend(["--count", "3"]);
        }
        args.extend([flag, value]);
        fulcrum(&args)
    };
    for (flag, range) in [
        ("--count", "from 0 to 1000000000000"),
        ("--in-flight", "from 0 to 10000000"),
        ("--seed", "from 0 to 18446744073709551615"),
        ("--points", "from 1 to 10000"),
        ("--table-size", "from 3 to 1000003"),
        ("--python-hash-seed", "from 0 to 4294967295"),
    ] {
        let out = route(flag, "-1");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains(&format!("expected a whole number {range}, got -1")),
            "{flag}: {stderr}"
        );
    }
    let out = route("--load-factor", "-1");
    one_line_error(
        &out,
        "--load-factor: load_factor must be a number of at least 1, not -1",
    );
    let out = fulcrum(&["simulate", "--preset", "seed-demo", "--requests", "-5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("expected a whole number from 0 to 10000000000, got -5")
    );
}

#[test]
fn a_hundred_thousand_servers_come_from_a_file_or_stdin() {
    // One argument cannot hold them (128 KiB), a file can. Duplicates are found by a hash set:
    // the last line repeats the first, 100,000 servers in.
    let list: String = (0..100_000)
        .map(|i| format!("10.{}.{}.{}:80\n", i / 65536, (i / 256) % 256, i % 256))
        .collect();
    let path = temp_file("servers-100k.txt", list.as_bytes());
    let owners = ok(&fulcrum(&[
        "route",
        "--strategy",
        "rendezvous_hash",
        "--servers-file",
        &path,
        "--count",
        "5",
    ]));
    assert_eq!(owners.lines().count(), 5);
    assert!(
        owners
            .lines()
            .all(|l| l.starts_with("10.") && l.ends_with(":80")),
        "{owners}"
    );
    let from_stdin = fulcrum_with_stdin(
        &[
            "route",
            "--strategy",
            "rendezvous_hash",
            "--servers-file",
            "-",
            "--count",
            "5",
        ],
        list.as_bytes(),
    );
    assert_eq!(ok(&from_stdin), owners);
    // One more than the ceiling is refused before anything is parsed.
    let over = format!("{list}10.9.9.9:80\n");
    let path = temp_file("servers-over.txt", over.as_bytes());
    one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "random",
            "--servers-file",
            &path,
            "--count",
            "1",
        ]),
        "--servers-file: expected at most 100000 servers, got 100001",
    );
    // The last of the 100,000 repeats the first.
    let last = list.trim_end().rsplit_once('\n').unwrap().0;
    let duplicate = format!("{last}\n10.0.0.0:80\n");
    let path = temp_file("servers-dup.txt", duplicate.as_bytes());
    one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "random",
            "--servers-file",
            &path,
            "--count",
            "1",
        ]),
        "--servers-file: duplicate server id '10.0.0.0:80'",
    );
    // Commas or lines, comments and blank lines, a byte-order mark.
    let path = temp_file(
        "servers-commented.txt",
        "\u{FEFF}# the pool\na:1=2, b:2\n\n c:3  # the new one\n".as_bytes(),
    );
    let owners = ok(&fulcrum(&[
        "route",
        "--strategy",
        "round_robin",
        "--servers-file",
        &path,
        "--count",
        "3",
    ]));
    assert_eq!(owners, "a:1\nb:2\nc:3\n");
    one_line_error(
        &fulcrum_with_stdin(
            &[
                "route",
                "--strategy",
                "random",
                "--servers-file",
                "-",
                "--keys",
                "-",
            ],
            b"a:1\n",
        ),
        "only one of them can read standard input",
    );
    // Maglev with fewer table slots than servers would leave servers without traffic.
    let thousand: String = (0..1000).map(|i| format!("s{i}:80\n")).collect();
    let path = temp_file("servers-1000.txt", thousand.as_bytes());
    one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "maglev",
            "--servers-file",
            &path,
            "--table-size",
            "3",
            "--count",
            "1",
        ]),
        "--table-size: expected a table of at least 1000 slots, one per server (Maglev's paper uses more than 100 per server), got 3: 997 servers would own no slot",
    );
}

#[test]
fn endless_and_oversized_files_are_refused_where_they_are_read() {
    // /dev/zero has no line breaks and no end: each reader stops at its ceiling.
    one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "random",
            "--servers",
            "a:1",
            "--keys",
            "/dev/zero",
        ]),
        "line 1: expected a key of at most 65536 bytes, got a longer line",
    );
    one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "random",
            "--servers-file",
            "/dev/zero",
            "--count",
            "1",
        ]),
        "'/dev/zero' is larger than 67108864 bytes",
    );
    one_line_error(
        &fulcrum(&["simulate", "--scenario", "/dev/zero"]),
        "the file is larger than 67108864 bytes, the most a scenario may have",
    );
    one_line_error(
        &fulcrum_with_stdin(&["simulate", "--scenario", "-"], &[b'{'; 70 << 20]),
        "the file is larger than 67108864 bytes",
    );
}

#[test]
fn keys_are_streamed_and_a_change_compares_owners_from_stdin_as_from_a_file() {
    let keys: String = (0..3000).map(|i| format!("user-{i}\n")).collect();
    let path = temp_file("keys-3000.txt", keys.as_bytes());
    let args = |source: &str| {
        vec![
            "route".to_string(),
            "--strategy".into(),
            "consistent_hash".into(),
            "--servers".into(),
            "a:1,b:2,c:3,d:4".into(),
            "--keys".into(),
            source.into(),
            "--remove".into(),
            "b:2".into(),
        ]
    };
    fn as_str(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let from_file = fulcrum(&as_str(&args(&path)));
    let from_stdin = fulcrum_with_stdin(&as_str(&args("-")), keys.as_bytes());
    assert_eq!(ok(&from_file), ok(&from_stdin));
    assert_eq!(from_file.stderr, from_stdin.stderr);
    // A pipe cannot be read twice either: it is held like standard input.
    if std::path::Path::new("/bin/bash").exists() {
        let piped = Command::new("/bin/bash")
            .arg("-c")
            .arg(format!(
                "'{}' route --strategy consistent_hash --servers a:1,b:2,c:3,d:4 --keys <(cat '{path}') --remove b:2",
                env!("CARGO_BIN_EXE_fulcrum")
            ))
            .output()
            .unwrap();
        assert_eq!(ok(&piped), ok(&from_file));
        assert_eq!(piped.stderr, from_file.stderr);
    }
    let summary = String::from_utf8(from_file.stderr).unwrap();
    // Only b's keys move on a ring: about a quarter, none between servers that stayed.
    assert!(summary.contains("of 3000 keys moved"), "{summary}");
    assert!(
        summary.contains("; 0 moved between servers that both stayed"),
        "{summary}"
    );
    // A byte-order mark does not change the first key.
    let with_bom = temp_file("keys-bom.txt", format!("\u{FEFF}{keys}").as_bytes());
    let plain = ok(&fulcrum(&[
        "route",
        "--strategy",
        "url_hash",
        "--servers",
        "a:1,b:2,c:3",
        "--keys",
        &path,
    ]));
    let bom = ok(&fulcrum(&[
        "route",
        "--strategy",
        "url_hash",
        "--servers",
        "a:1,b:2,c:3",
        "--keys",
        &with_bom,
    ]));
    assert_eq!(plain, bom);
}

#[test]
fn text_from_the_user_reaches_the_terminal_escaped() {
    // Ids stay one token: no line breaks, spaces or control characters in a host.
    for servers in [
        "a\nb:1",
        "a b:1",
        "\u{1b}]0;owned\u{7}:1",
        "evil\u{202e}gpj:1",
    ] {
        one_line_error(
            &fulcrum(&[
                "route",
                "--strategy",
                "random",
                "--servers",
                servers,
                "--count",
                "1",
            ]),
            "--servers: server '",
        );
    }
    // An id quoted back in a message is escaped.
    let err = one_line_error(
        &fulcrum(&[
            "route",
            "--strategy",
            "random",
            "--servers",
            "a:1,b:2",
            "--count",
            "1",
            "--remove",
            "\u{1b}]0;owned\u{7}",
        ]),
        "--remove: no server with id '",
    );
    assert!(err.contains("\\u{1b}]0;owned\\u{7}"), "{err}");
    // A scenario's description may hold anything; it is printed escaped, in both formats.
    let path = temp_file(
        "escape.json",
        "{\"description\": \"x\\u001b]0;owned\\u0007 \\u202e y \\u009b2J\", \"requests\": 5, \"name\": \"n\\u202e\"}".as_bytes(),
    );
    let table = ok(&fulcrum(&["simulate", "--scenario", &path]));
    assert!(
        !table
            .chars()
            .any(|c| c != '\n' && fulcrum::scenario::text::is_unsafe(c)),
        "{table:?}"
    );
    assert!(
        table.contains("x\\u{1b}]0;owned\\u{7} \\u{202e} y \\u{9b}2J"),
        "{table}"
    );
    assert!(table.contains("== n\\u{202e} (seed 1) =="), "{table}");
    let json = ok(&fulcrum(&[
        "simulate",
        "--scenario",
        &path,
        "--format",
        "json",
    ]));
    assert!(
        !json
            .chars()
            .any(|c| c != '\n' && fulcrum::scenario::text::is_unsafe(c)),
        "{json:?}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["runs"][0]["description"],
        "x\u{1b}]0;owned\u{7} \u{202e} y \u{9b}2J"
    );
    // A scenario name is one line: a control character in it is refused (escaped in the message).
    let path = temp_file("title.json", b"{\"name\": \"\\u001b]0;owned\\u0007\"}");
    one_line_error(
        &fulcrum(&["simulate", "--scenario", &path]),
        "name: expected text without control characters, got '\\u{1b}]0;owned\\u{7}'",
    );
}

#[test]
fn scenarios_are_objects_and_runs_have_a_ceiling() {
    let cases: Vec<(&str, &[u8], &str)> = vec![
        (
            "array.json",
            b"[1, 2, 3]",
            "(scenario): expected an object of named fields, got an array",
        ),
        (
            "nested.json",
            b"{\"proxy\": [1000, 2]}",
            "proxy: expected an object of named fields",
        ),
        (
            "health.json",
            b"{\"health\": {\"interval_ms\": 1e-9}}",
            "health.interval_ms: expected a number from 0.001 to 10000000000, got 1e-9",
        ),
        (
            "flap.toml",
            b"[[faults]]\nserver = \"server1\"\naction = \"flapping\"\ndown_ms = 1e-9\n",
            "faults[0].down_ms: expected a number from 0.001",
        ),
        (
            "rate.json",
            b"{\"arrivals\": {\"rate_per_s\": 1e-300}}",
            "arrivals.rate_per_s: expected at least 0.001 per second, so that 10000 requests end within 10000000000 ms (or set duration_ms), got 1e-300",
        ),
        (
            "sample.json",
            b"{\"report\": {\"sample_interval_ms\": 1e-3}, \"requests\": 1000000}",
            "report.sample_interval_ms: expected at least 0.01031 ms",
        ),
        (
            "maglev.json",
            b"{\"strategies\": [{\"kind\": \"maglev\", \"maglev_table_size\": 3}]}",
            "strategies[0].maglev_table_size: expected a table of at least 4 slots",
        ),
    ];
    for (name, text, names) in cases {
        let path = temp_file(name, text);
        let err = one_line_error(&fulcrum(&["simulate", "--scenario", &path]), names);
        assert!(err.contains(&path), "names the file: {err}");
    }
    // A byte-order mark is skipped; the scenario runs.
    let path = temp_file(
        "bom.json",
        "\u{FEFF}{\"requests\": 5, \"name\": \"bom\"}".as_bytes(),
    );
    assert!(ok(&fulcrum(&["simulate", "--scenario", &path])).contains("== bom (seed 1) =="));
    // What a run would never do is said on stderr; the run goes on.
    let path = temp_file(
        "late-fault.toml",
        b"requests = 100\n[[faults]]\nat_ms = 1e6\nserver = \"server1\"\naction = \"crash\"\n",
    );
    let out = fulcrum(&["simulate", "--scenario", &path]);
    ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fulcrum: warning: faults[0].at_ms: 1000000 ms is after the run's expected end (about 30101 ms): the fault would never happen\n"
    );
    // --requests is held to the same ceiling as the file.
    one_line_error(
        &fulcrum(&[
            "simulate",
            "--preset",
            "seed-demo",
            "--requests",
            "10000000000",
        ]),
        "preset tutorial-demo: arrivals.rate_per_s: expected at least 1000 per second",
    );
}

/// Has process `pid` installed a SIGINT handler (bit 2 of SigCgt in /proc)?
fn catches_sigint(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << 1) != 0)
}

#[test]
fn ctrl_c_stops_a_long_run_and_prints_what_was_simulated() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return; // Linux only: the handler is found through /proc.
    }
    let child = Command::new(env!("CARGO_BIN_EXE_fulcrum"))
        .args([
            "simulate",
            "--preset",
            "slow-server",
            "--requests",
            "1000000000",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Wait (without a clock) until the handler is in place, so the signal cannot kill it.
    while !catches_sigint(pid) {
        std::thread::yield_now();
    }
    let sent = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.starts_with("fulcrum: Interrupted during round_robin of slow-server"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["stopped"]["reason"], "interrupted");
    let done = report["runs"][0]["results"][0]["stats"]["total_requests"]
        .as_u64()
        .unwrap();
    assert!(done < 1_000_000_000, "{done}");
}
