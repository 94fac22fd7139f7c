//! Pasted configurations against the real proxies: the very file a real nginx or HAProxy runs
//! (Debian's `/usr/sbin/nginx` and `/usr/sbin/haproxy`, started here on loopback ports) is read
//! by `fulcrum::config`, and every pick Fulcrum predicts for it is compared with the pick the
//! proxy made: nginx's plain `hash $request_uri` (the modulo with rehash) with a server down and
//! after a server is deleted; HAProxy's map-based and consistent `balance uri`, `static-rr`'s
//! sequence, `first` and `leastconn` one request at a time, and consistent hashing after a server
//! line is deleted (HAProxy renumbers the
//! servers after it, which moves far more than 1/n of the keys; with `id` set it does not).
//! Each proxy's backends are its own listeners answering with their port. Missing proxies fail
//! the test unless FULCRUM_SKIP_NGINX=1 / FULCRUM_SKIP_HAPROXY=1.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::ports::proxy_ports;

use fulcrum::config::{self, Backend, predict::Predictor};

struct Guard {
    child: Child,
    dir: PathBuf,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("proxy files kept in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn present(bin: &str, skip: &str) -> bool {
    if Path::new(bin).exists() {
        return true;
    }
    if std::env::var(skip).as_deref() == Ok("1") {
        eprintln!("skipped: {bin} is missing and {skip}=1");
        return false;
    }
    panic!("{bin} is missing: install its Debian package (scripts/test.sh does) or set {skip}=1");
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fulcrum-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn start(mut cmd: Command, dir: &Path, fronts: &[u16]) -> Guard {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr.log")).unwrap())
        .spawn()
        .expect("start the proxy");
    let mut g = Guard {
        child,
        dir: dir.to_path_buf(),
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(status)) = g.child.try_wait() {
            let log = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
            panic!("the proxy exited at start ({status}):\n{log}");
        }
        if fronts
            .iter()
            .all(|&p| TcpStream::connect((Ipv4Addr::LOCALHOST, p)).is_ok())
        {
            return g;
        }
        assert!(
            Instant::now() < deadline,
            "the proxy did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The port of the backend the proxy on `port` sent `uri` to.
fn backend_for(port: u16, uri: &str) -> u16 {
    backend_with(port, uri, "")
}

/// [`backend_for`] with extra header lines (each ending in CRLF).
fn backend_with(port: u16, uri: &str, headers: &str) -> u16 {
    let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // One write, no Nagle: a request split over writes waits out delayed ACKs.
    s.set_nodelay(true).unwrap();
    s.write_all(format!("GET {uri} HTTP/1.0\r\nHost: localhost\r\n{headers}\r\n").as_bytes())
        .unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    let (head, body) = r.split_once("\r\n\r\n").unwrap_or_else(|| panic!("{r:?}"));
    assert!(head.contains(" 200 "), "{uri}: {head}");
    body.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{uri}: body {body:?}"))
}

fn uris() -> Vec<String> {
    let mut u = vec!["/".to_string()];
    for i in 0..400 {
        u.push(format!("/api/data/{i}"));
        u.push(format!("/s/app.{i}.css?v={}", i * 31));
        u.push(format!("/u/{}/p?x={i}", 1000 + i * 17));
    }
    u
}

/// Fulcrum's predictions for `keys` through `backend`, as ports.
fn predicted(backend: &Backend, keys: &[String]) -> Vec<u16> {
    let mut p = Predictor::new(backend).unwrap();
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            let s = p.pick(i as u64, k).unwrap();
            let a = &p.backend().servers[s].address;
            a.rsplit_once(':').unwrap().1.parse().unwrap()
        })
        .collect()
}

fn assert_same(what: &str, proxy: &[u16], fulcrum: &[u16], keys: &[String]) {
    let diff: Vec<_> = (0..keys.len())
        .filter(|&i| proxy[i] != fulcrum[i])
        .collect();
    assert!(
        diff.is_empty(),
        "{what}: {} of {} picks differ, first: key {:?} proxy {} fulcrum {}",
        diff.len(),
        keys.len(),
        keys[diff[0]],
        proxy[diff[0]],
        fulcrum[diff[0]]
    );
}

fn moved(a: &[u16], b: &[u16]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

const HAPROXY: &str = "/usr/sbin/haproxy";

/// A real HAProxy running in `d` with `frontends` (its frontends and backends, fed from the
/// ports of `fronts`) and, on each port of `backs`, a frontend answering its own port. The
/// guard that stops it, and the configuration it runs.
fn start_haproxy(d: &Path, frontends: &str, fronts: &[u16], backs: &[u16]) -> (Guard, String) {
    let mut cfg = format!(
        "global\n    nbthread 1\ndefaults\n    mode http\n    timeout connect 5s\n    \
         timeout client 10s\n    timeout server 10s\n{frontends}"
    );
    for p in backs {
        cfg += &format!(
            "frontend port_{p}\n    bind 127.0.0.1:{p}\n    http-request return status 200 \
             content-type text/plain string \"{p}\"\n"
        );
    }
    std::fs::write(d.join("haproxy.cfg"), &cfg).unwrap();
    let mut cmd = Command::new(HAPROXY);
    cmd.arg("-db").arg("-f").arg(d.join("haproxy.cfg"));
    (start(cmd, d, fronts), cfg)
}

#[test]
fn haproxy_configs_agree_with_real_haproxy() {
    if !present(HAPROXY, "FULCRUM_SKIP_HAPROXY") {
        return;
    }
    let d = dir("haproxy");
    let ports = proxy_ports(14 + 4);
    let (fronts, backs) = ports.split_at(14);
    let weights = [1, 2, 1, 3];
    let servers = |skip: Option<usize>, ids: bool| -> String {
        (0..4)
            .filter(|&i| Some(i) != skip)
            .map(|i| {
                let id = if ids {
                    format!(" id {}", i + 1)
                } else {
                    String::new()
                };
                format!(
                    "    server s{i} 127.0.0.1:{} weight {}{id}\n",
                    backs[i], weights[i]
                )
            })
            .collect()
    };
    // Other weights for roundrobin: 5, 1, 1, 7 with a default-server weight of 1.
    let rr2: String = [5, 1, 1, 7]
        .iter()
        .enumerate()
        .map(|(i, w)| format!("    server r{i} 127.0.0.1:{} weight {w}\n", backs[i]))
        .collect();
    // `first` goes by id, not by line: ids 3, 1, 4, 2 send everything to the second line.
    let first_ids: String = [3, 1, 4, 2]
        .iter()
        .enumerate()
        .map(|(i, id)| format!("    server f{i} 127.0.0.1:{} id {id}\n", backs[i]))
        .collect();
    let sections: [(&str, String, String); 14] = [
        (
            "map",
            "balance uri\n    hash-type map-based\n".into(),
            servers(None, false),
        ),
        (
            "chash",
            "balance uri\n    hash-type consistent\n".into(),
            servers(None, false),
        ),
        (
            "chash_del",
            "balance uri\n    hash-type consistent\n".into(),
            servers(Some(1), false),
        ),
        (
            "chash_ids",
            "balance uri\n    hash-type consistent\n".into(),
            servers(None, true),
        ),
        (
            "chash_ids_del",
            "balance uri\n    hash-type consistent\n".into(),
            servers(Some(1), true),
        ),
        ("static", "balance static-rr\n".into(), servers(None, false)),
        // One request at a time: `first` sends all to the lowest id, `leastconn` rotates.
        ("first", "balance first\n".into(), first_ids),
        (
            "leastconn",
            "balance leastconn\n".into(),
            servers(None, false),
        ),
        ("rr", "balance roundrobin\n".into(), servers(None, false)),
        ("rr2", "balance roundrobin\n".into(), rr2),
        (
            "whole_djb2",
            "balance uri whole\n    hash-type map-based djb2 avalanche\n".into(),
            servers(None, false),
        ),
        (
            "hdr",
            "balance hdr(X-User)\n    hash-type consistent\n".into(),
            servers(None, false),
        ),
        ("src_map", "balance source\n".into(), servers(None, false)),
        (
            "src_chash",
            "balance source\n    hash-type consistent\n".into(),
            servers(None, false),
        ),
    ];
    let mut frontends = String::new();
    for ((name, balance, servers), front) in sections.iter().zip(fronts) {
        // `balance source` sees the address `set-src` gives (the client's, as a test can't
        // connect from many addresses).
        frontends += &format!(
            "frontend f_{name}\n    bind 127.0.0.1:{front}\n    http-request set-src \
             hdr(X-Client) if {{ req.hdr(X-Client) -m found }}\n    default_backend {name}\n\
             backend {name}\n    {balance}{servers}"
        );
    }
    let (_g, cfg) = start_haproxy(&d, &frontends, fronts, backs);
    let parsed = config::parse(&cfg, None).unwrap();
    let keys = uris();
    let users: Vec<String> = (0..600).map(|i| format!("user-{}", i * 7919)).collect();
    let clients: Vec<String> = (0..600)
        .map(|i| format!("{}.{}.{}.{}", 1 + i % 223, i % 256, (i * 7) % 256, i % 200))
        .collect();
    let mut real = std::collections::HashMap::new();
    for ((name, _, _), &front) in sections.iter().zip(fronts.iter()) {
        let b = parsed.backend(Some(name)).unwrap();
        let keys = match *name {
            "hdr" => &users,
            "src_map" | "src_chash" => &clients,
            _ => &keys,
        };
        let proxy: Vec<u16> = keys
            .iter()
            .map(|k| match *name {
                "hdr" => backend_with(front, "/", &format!("X-User: {k}\r\n")),
                "src_map" | "src_chash" => backend_with(front, "/", &format!("X-Client: {k}\r\n")),
                _ => backend_for(front, k),
            })
            .collect();
        assert_same(name, &proxy, &predicted(b, keys), keys);
        real.insert(*name, proxy);
    }
    // Deleting server line s1 from the text Fulcrum read predicts the backend HAProxy runs
    // without it: the same picks.
    let chash = parsed.backend(Some("chash")).unwrap();
    let without = Predictor::new(chash).unwrap().without("s1").unwrap();
    assert_same(
        "chash without s1",
        &real["chash_del"],
        &predicted(&without, &keys),
        &keys,
    );
    // The renumbering lesson: without ids, s2 and s3 become ids 2 and 3 and their points move;
    // with ids set, only s1's keys (its share, 2/7) move.
    let s1_share = real["chash"].iter().filter(|&&p| p == backs[1]).count();
    let moved_renumbered = moved(&real["chash"], &real["chash_del"]);
    let moved_ids = moved(&real["chash_ids"], &real["chash_ids_del"]);
    assert_eq!(
        moved_ids,
        real["chash_ids"].iter().filter(|&&p| p == backs[1]).count()
    );
    assert!(
        moved_renumbered > moved_ids + keys.len() / 10,
        "renumbered {moved_renumbered}, ids kept {moved_ids}, s1's share {s1_share}"
    );
    eprintln!(
        "HAProxy consistent, s1 deleted, {} keys: {moved_renumbered} moved with ids by position, \
         {moved_ids} with `id` set",
        keys.len()
    );
}

const NGINX: &str = "/usr/sbin/nginx";

/// A real nginx running in `d`: per `(name, method, server lines)` an upstream proxied from
/// the front port at the same place in `fronts` (the client address taken from `X-Real-IP`),
/// and on each port of `backs` a server answering its own port. The guard that stops it, and
/// the configuration it runs.
fn start_nginx(
    d: &Path,
    ups: &[(&str, &str, String)],
    fronts: &[u16],
    backs: &[u16],
) -> (Guard, String) {
    let dd = d.display();
    let mut http = format!(
        "    access_log off;\n    client_body_temp_path {dd}/b;\n    proxy_temp_path {dd}/p;\n    \
         fastcgi_temp_path {dd}/f;\n    uwsgi_temp_path {dd}/u;\n    scgi_temp_path {dd}/s;\n    \
         set_real_ip_from 127.0.0.1;\n    real_ip_header X-Real-IP;\n"
    );
    for ((name, method, servers), front) in ups.iter().zip(fronts) {
        let method = if method.is_empty() {
            String::new()
        } else {
            format!("{method};")
        };
        http += &format!(
            "    upstream {name} {{\n        {method}\n{servers}    }}\n    server {{\n        \
             listen 127.0.0.1:{front};\n        location / {{ proxy_pass http://{name}; \
             proxy_next_upstream off; }}\n    }}\n"
        );
    }
    for p in backs {
        http += &format!(
            "    server {{\n        listen 127.0.0.1:{p};\n        location / {{ return 200 \
             \"$server_port\"; }}\n    }}\n"
        );
    }
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {dd}/nginx.pid;\nerror_log {dd}/error.log;\n\
         events {{ worker_connections 64; }}\nhttp {{\n{http}}}\n"
    );
    std::fs::write(d.join("nginx.conf"), &conf).unwrap();
    let mut cmd = Command::new(NGINX);
    cmd.arg("-p")
        .arg(d)
        .arg("-c")
        .arg(d.join("nginx.conf"))
        .arg("-e")
        .arg(d.join("error.log"));
    (start(cmd, d, fronts), conf)
}

#[test]
fn nginx_configs_agree_with_real_nginx() {
    if !present(NGINX, "FULCRUM_SKIP_NGINX") {
        return;
    }
    let d = dir("nginx-config");
    let ports = proxy_ports(8 + 5);
    let (fronts, backs) = ports.split_at(8);
    let weights = [1, 2, 1, 3, 2];
    let server = |i: usize, down: bool| {
        format!(
            "        server 127.0.0.1:{} weight={}{};\n",
            backs[i],
            weights[i],
            if down { " down" } else { "" }
        )
    };
    let all: String = (0..5).map(|i| server(i, false)).collect();
    let down: String = (0..5).map(|i| server(i, i == 1)).collect();
    let deleted: String = (0..5)
        .filter(|&i| i != 1)
        .map(|i| server(i, false))
        .collect();
    let ups = [
        ("modulo", "hash $request_uri", all.clone()),
        ("modulo_down", "hash $request_uri", down),
        ("modulo_del", "hash $request_uri", deleted.clone()),
        ("ring_del", "hash $request_uri consistent", deleted),
        ("ring", "hash $request_uri consistent", all.clone()),
        ("wrr", "", all.clone()),
        ("lc", "least_conn", all.clone()),
        ("iph", "ip_hash", all),
    ];
    let (_g, conf) = start_nginx(&d, &ups, fronts, backs);
    let parsed = config::parse(&conf, None).unwrap();
    let keys = uris();
    let mut real = std::collections::HashMap::new();
    for ((name, _, _), &front) in ups.iter().zip(fronts.iter()) {
        let proxy: Vec<u16> = keys.iter().map(|k| backend_for(front, k)).collect();
        assert_same(
            name,
            &proxy,
            &predicted(parsed.backend(Some(name)).unwrap(), &keys),
            &keys,
        );
        real.insert(*name, proxy);
    }
    let modulo = parsed.backend(Some("modulo")).unwrap();
    let del = Predictor::new(modulo)
        .unwrap()
        .without(&format!("127.0.0.1:{}", backs[1]))
        .unwrap();
    assert_same(
        "modulo --remove",
        &real["modulo_del"],
        &predicted(&del, &keys),
        &keys,
    );
    let ring = parsed.backend(Some("ring")).unwrap();
    let del = Predictor::new(ring)
        .unwrap()
        .without(&format!("127.0.0.1:{}", backs[1]))
        .unwrap();
    assert_same(
        "ring --remove",
        &real["ring_del"],
        &predicted(&del, &keys),
        &keys,
    );
    // The ring moves only the deleted server's keys.
    let own = real["ring"].iter().filter(|&&p| p == backs[1]).count();
    assert_eq!(moved(&real["ring"], &real["ring_del"]), own);
    // The modulo's lesson: deleting a server moves most keys, marking it down only its own.
    let own = real["modulo"].iter().filter(|&&p| p == backs[1]).count();
    assert_eq!(moved(&real["modulo"], &real["modulo_down"]), own);
    assert!(moved(&real["modulo"], &real["modulo_del"]) > keys.len() / 2);
}

/// Fractions of `picks` per port of `backs`.
fn fractions(picks: &[u16], backs: &[u16]) -> Vec<f64> {
    backs
        .iter()
        .map(|b| picks.iter().filter(|&&p| p == *b).count() as f64 / picks.len() as f64)
        .collect()
}

/// The random policies: the proxy's generator decides the sequence, so Fulcrum matches the
/// distribution. Requests one at a time to a real nginx (`random`, `random two least_conn`) and
/// a real HAProxy (`random`, `random(3)`): each server's share is within 0.035 of the share
/// Fulcrum's rule gives (`Predictor::expected_shares`; 4000 requests: about four standard
/// deviations), and so is the share of Fulcrum's own picks.
#[test]
fn random_policies_match_the_real_proxies_in_distribution() {
    const N: usize = 4000;
    let check = |what: &str, real: &[f64], backend: &Backend, backs: &[u16]| {
        let p = Predictor::new(backend).unwrap();
        let want: Vec<f64> = {
            let by_server = p.expected_shares().unwrap();
            // Servers in the order of `backs` (their addresses end in the port).
            backs
                .iter()
                .map(|b| {
                    let i = p
                        .backend()
                        .servers
                        .iter()
                        .position(|s| s.address.ends_with(&format!(":{b}")))
                        .unwrap();
                    by_server[i]
                })
                .collect()
        };
        let keys: Vec<String> = (0..N).map(|i| format!("/r/{i}")).collect();
        let ours = fractions(&predicted(backend, &keys), backs);
        for (i, w) in want.iter().enumerate() {
            assert!(
                (real[i] - w).abs() < 0.035 && (ours[i] - w).abs() < 0.035,
                "{what}: server {i}: real {real:?}, Fulcrum's picks {ours:?}, Fulcrum's rule {want:?}"
            );
        }
        eprintln!("{what}: real {real:.3?}, rule {want:.3?}");
    };

    if present(HAPROXY, "FULCRUM_SKIP_HAPROXY") {
        let d = dir("haproxy-random");
        let ports = proxy_ports(2 + 4);
        let (fronts, backs) = ports.split_at(2);
        let servers: String = [1, 2, 1, 3]
            .iter()
            .enumerate()
            .map(|(i, w)| format!("    server s{i} 127.0.0.1:{} weight {w}\n", backs[i]))
            .collect();
        let mut frontends = String::new();
        for (name, front) in ["random", "random(3)"].iter().zip(fronts) {
            let id = name.replace(['(', ')'], "");
            frontends += &format!(
                "frontend f_{id}\n    bind 127.0.0.1:{front}\n    default_backend {id}\n\
                 backend {id}\n    balance {name}\n{servers}"
            );
        }
        let (_g, cfg) = start_haproxy(&d, &frontends, fronts, backs);
        let parsed = config::parse(&cfg, None).unwrap();
        for (id, &front) in ["random", "random3"].iter().zip(fronts) {
            let picks: Vec<u16> = (0..N)
                .map(|i| backend_for(front, &format!("/r/{i}")))
                .collect();
            let b = parsed.backend(Some(id)).unwrap();
            check(
                &format!("HAProxy {id}"),
                &fractions(&picks, backs),
                b,
                backs,
            );
        }
    }

    if present(NGINX, "FULCRUM_SKIP_NGINX") {
        let d = dir("nginx-random");
        let ports = proxy_ports(2 + 5);
        let (fronts, backs) = ports.split_at(2);
        let servers: String = [1, 2, 1, 3, 2]
            .iter()
            .enumerate()
            .map(|(i, w)| format!("        server 127.0.0.1:{} weight={w};\n", backs[i]))
            .collect();
        let ups = [
            ("rnd", "random", servers.clone()),
            ("rnd2", "random two least_conn", servers),
        ];
        let (_g, conf) = start_nginx(&d, &ups, fronts, backs);
        let parsed = config::parse(&conf, None).unwrap();
        for (name, &front) in ["rnd", "rnd2"].iter().zip(fronts) {
            let picks: Vec<u16> = (0..N)
                .map(|i| backend_for(front, &format!("/r/{i}")))
                .collect();
            let b = parsed.backend(Some(name)).unwrap();
            check(
                &format!("nginx {name}"),
                &fractions(&picks, backs),
                b,
                backs,
            );
        }
    }
}
