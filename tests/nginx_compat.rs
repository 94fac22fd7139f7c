//! Cross-check against real nginx: for every URI, the upstream nginx picks with
//! `hash $request_uri consistent;` is the owner Fulcrum's nginx-compatible ring gives, with all
//! backends up, with one marked `down` (an ineligible server in Fulcrum's pool), and with a heavy
//! `down` backend that sends a third of the keys to nginx's round-robin fallback. Likewise
//! `ip_hash` (client addresses given through the realip module's `X-Real-IP`) against Fulcrum's
//! `ip_hash`, and `least_conn` against `weighted_least_connections`, request by request, with
//! requests held open on backends run by the test so that connection counts differ.
//!
//! One nginx (`/usr/sbin/nginx`, Debian package `nginx`) runs in the foreground as a single
//! process from a temporary directory, on loopback ports picked free by the OS: three front
//! servers proxy to three upstreams over the same backends, and the backends are server blocks of the same nginx answering with their own port. The test
//! fails when nginx is missing unless `FULCRUM_SKIP_NGINX=1`.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::ports::proxy_ports;

use fulcrum::engine::hashing::ring::HashRing;
use fulcrum::engine::model::{Pool, parse_servers};
use fulcrum::engine::{
    Balancer, Explain, Note, PickContext, PoolChange, Request, RingFlavor, Status, Step, Strategy,
    StrategyConfig, StrategyKind, seeded,
};

const NGINX: &str = "/usr/sbin/nginx";
/// Backend weights, in configuration order.
const WEIGHTS: [u32; 5] = [1, 2, 1, 3, 2];
/// The backend marked `down` in the second upstream.
const DOWN: usize = 1;
/// Weight of the down backend of the third upstream.
const HEAVY_DOWN_WEIGHT: u32 = 60;

/// Stops nginx and removes its directory when dropped, also when the test fails (the directory
/// is kept then, with nginx's error log, and its path printed).
struct NginxGuard {
    child: Child,
    dir: PathBuf,
}

impl Drop for NginxGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("nginx files kept in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// One upstream: (port, weight, down) per server, in configuration order.
type Upstream<'a> = (&'a str, Vec<(u16, u32, bool)>);

fn config(dir: &Path, fronts: &[u16], upstreams: &[Upstream<'_>], backends: &[u16]) -> String {
    config_with(
        dir,
        "hash $request_uri consistent",
        fronts,
        upstreams,
        backends,
    )
}

/// nginx's configuration: upstreams balanced by `method` behind one front server each, and
/// `backends` answering with their own port. The front servers take the client address from
/// `X-Real-IP` (the realip module), as `ip_hash` then sees it.
fn config_with(
    dir: &Path,
    method: &str,
    fronts: &[u16],
    upstreams: &[Upstream<'_>],
    backends: &[u16],
) -> String {
    let d = dir.display();
    let mut http = format!(
        "    access_log {d}/access.log;\n    client_body_temp_path {d}/body;\n    \
         proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    \
         uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n    \
         set_real_ip_from 127.0.0.1;\n    real_ip_header X-Real-IP;\n"
    );
    for ((name, servers), front) in upstreams.iter().zip(fronts) {
        // No method: nginx's default, smooth weighted round robin.
        let method = if method.is_empty() {
            String::new()
        } else {
            format!("        {method};\n")
        };
        http += &format!("    upstream {name} {{\n{method}");
        for (port, weight, down) in servers {
            let down = if *down { " down" } else { "" };
            http += &format!("        server 127.0.0.1:{port} weight={weight}{down};\n");
        }
        http += &format!(
            "    }}\n    server {{\n        listen 127.0.0.1:{front};\n        location / {{\n            \
             proxy_pass http://{name};\n            proxy_next_upstream off;\n        }}\n    }}\n"
        );
    }
    for port in backends {
        http += &format!(
            "    server {{\n        listen 127.0.0.1:{port};\n        \
             location / {{ return 200 \"$server_port\"; }}\n    }}\n"
        );
    }
    format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 256; }}\nhttp {{\n{http}}}\n"
    )
}

fn start_nginx(dir: &Path, fronts: &[u16]) -> NginxGuard {
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg(dir.join("error.log"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx");
    let mut guard = NginxGuard {
        child,
        dir: dir.to_path_buf(),
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(status)) = guard.child.try_wait() {
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            panic!("nginx exited at start ({status}):\n{log}");
        }
        let up = fronts
            .iter()
            .all(|&p| TcpStream::connect((Ipv4Addr::LOCALHOST, p)).is_ok());
        if up {
            return guard;
        }
        assert!(Instant::now() < deadline, "nginx did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The port of the backend nginx sent `uri` to, through the front server on `port`.
fn backend_for(port: u16, uri: &str) -> u16 {
    backend_for_client(port, uri, "127.0.0.1")
}

/// [`backend_for`], the request coming from `client` (as `X-Real-IP`).
fn backend_for_client(port: u16, uri: &str, client: &str) -> u16 {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect to nginx");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {uri} HTTP/1.0\r\nHost: localhost\r\nX-Real-IP: {client}\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{uri}: malformed response {response:?}"));
    assert!(head.starts_with("HTTP/1.1 200"), "{uri}: {head}");
    body.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{uri}: body {body:?} is not a port"))
}

/// A few hundred request URIs of different shapes (the key is the URI exactly as sent).
fn uris() -> Vec<String> {
    let mut uris = vec!["/".to_string(), "/index.html".to_string()];
    for i in 0..60 {
        uris.push(format!("/api/data/{i}"));
        uris.push(format!("/static/app.{i}.css?v={}", i * 31));
        uris.push(format!("/users/{}/profile", 1000 + i * 17));
        uris.push(format!("/search?q=term{i}&page={}", i % 7));
        uris.push(format!("/%E4%B8%AD%E6%96%87/{i}"));
        uris.push(format!("/a/b/c/d/e/f/g/{}.jpg", i * i));
    }
    uris
}

/// Fulcrum's nginx ring over `servers`, those marked down being unhealthy.
fn nginx_ring(servers: &[(u16, u32, bool)]) -> (Pool, HashRing) {
    let spec: Vec<String> = servers
        .iter()
        .map(|(port, w, _)| format!("127.0.0.1:{port}={w}"))
        .collect();
    let mut pool = Pool::new(parse_servers(&spec.join(",")).unwrap()).unwrap();
    for (i, (_, _, down)) in servers.iter().enumerate() {
        if *down {
            pool.set_status(i, Status::Unhealthy).unwrap();
        }
    }
    let mut config = StrategyConfig::new(StrategyKind::ConsistentHash);
    config.ring = RingFlavor::Nginx;
    let ring = HashRing::build(&config, &pool);
    (pool, ring)
}

/// Whether to run: nginx is installed, or its absence is allowed by FULCRUM_SKIP_NGINX=1.
fn nginx_present() -> bool {
    if !Path::new(NGINX).exists() {
        if std::env::var("FULCRUM_SKIP_NGINX").as_deref() == Ok("1") {
            eprintln!("skipped: {NGINX} is missing and FULCRUM_SKIP_NGINX=1");
            return false;
        }
        panic!(
            "{NGINX} is missing: install the Debian package nginx (`apt-get install nginx`; \
             scripts/test.sh does) or set FULCRUM_SKIP_NGINX=1 to skip this cross-check"
        );
    }
    true
}

/// A fresh directory for one nginx, named after the test.
fn nginx_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fulcrum-nginx-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn nginx_ring_agrees_with_real_nginx() {
    if !nginx_present() {
        return;
    }
    let ports = proxy_ports(3 + WEIGHTS.len());
    let fronts = &ports[..3];
    let backends = &ports[3..];
    let weighted = |down: Option<usize>| -> Vec<(u16, u32, bool)> {
        backends
            .iter()
            .zip(WEIGHTS)
            .enumerate()
            .map(|(i, (&p, w))| (p, w, Some(i) == down))
            .collect()
    };
    // A heavy backend that is down: about a third of the keys meet 21 of its points in a row,
    // and nginx sends them round robin over the other two (weights 1 and 2).
    let fallback = vec![
        (backends[0], 1, false),
        (backends[1], 2, false),
        (backends[2], HEAVY_DOWN_WEIGHT, true),
    ];
    let upstreams = [
        ("all_up", weighted(None)),
        ("one_down", weighted(Some(DOWN))),
        ("fallback", fallback.clone()),
    ];
    let dir = nginx_dir("ring");
    let conf = config(&dir, fronts, &upstreams, backends);
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let _nginx = start_nginx(&dir, fronts);

    let (mut pool, mut ring) = nginx_ring(&weighted(None));
    let uris = uris();
    let owner_port = |ring: &HashRing, pool: &Pool, uri: &str| {
        let owner = ring
            .owner_of_key(uri)
            .unwrap_or_else(|| panic!("{uri}: the ring has no owner (nginx round robin)"));
        pool.server(owner).port
    };

    // All backends up.
    let mut per_backend = vec![0usize; backends.len()];
    let mut all_up = Vec::new();
    for uri in &uris {
        let expected = owner_port(&ring, &pool, uri);
        assert_eq!(backend_for(fronts[0], uri), expected, "all up: {uri}");
        per_backend[backends.iter().position(|&p| p == expected).unwrap()] += 1;
        all_up.push(expected);
    }
    assert!(per_backend.iter().all(|&n| n > 0), "{per_backend:?}");

    // One backend down: nginx keeps its points and walks past them; Fulcrum's pool marks it
    // unhealthy (ineligible) and the ring does the same walk.
    let change: PoolChange = pool.set_status(DOWN, Status::Unhealthy).unwrap();
    ring.rebuild(&pool, &change);
    let mut moved = 0;
    for (uri, before) in uris.iter().zip(&all_up) {
        let expected = owner_port(&ring, &pool, uri);
        assert_ne!(expected, backends[DOWN]);
        assert_eq!(backend_for(fronts[1], uri), expected, "one down: {uri}");
        if *before == backends[DOWN] {
            moved += 1;
        } else {
            assert_eq!(expected, *before, "{uri} moved though its server is up");
        }
    }
    assert_eq!(moved, per_backend[DOWN]);

    // 21 down points in a row: nginx's round robin, whose state lives in this one nginx process
    // and which Fulcrum's ring emulates, so the very same sequence of picks must come out.
    let (pool, mut ring) = nginx_ring(&fallback);
    let mut rng = seeded(1);
    let mut fell_back = 0;
    for (i, uri) in uris.iter().enumerate() {
        let request = Request::get(i as u64, uri.clone(), "127.0.0.1");
        let mut steps = Vec::new();
        let mut ctx = PickContext {
            request: &request,
            pool: &pool,
            rng: &mut rng,
            now: 0,
            explain: Explain::on(&mut steps),
        };
        let expected = pool.server(ring.pick(&mut ctx).unwrap()).port;
        fell_back += usize::from(steps.iter().any(|s| matches!(s, Step::Note { .. })));
        assert_eq!(backend_for(fronts[2], uri), expected, "fallback: {uri}");
    }
    assert!(fell_back > uris.len() / 10, "{fell_back}");
    eprintln!(
        "{} URIs agree with nginx (weights {WEIGHTS:?}; per backend {per_backend:?}); \
         with backend {DOWN} down, {moved} moved and agree too; with a heavy backend down, \
         {fell_back} went round robin and agree too",
        uris.len()
    );
}

/// A Fulcrum balancer over `servers` (port, weight, down) as nginx's upstream lists them.
fn fulcrum_balancer(kind: StrategyKind, servers: &[(u16, u32, bool)]) -> Balancer {
    let spec: Vec<String> = servers
        .iter()
        .map(|(port, w, _)| format!("127.0.0.1:{port}={w}"))
        .collect();
    let mut b = Balancer::new(
        StrategyConfig::new(kind),
        parse_servers(&spec.join(",")).unwrap(),
    )
    .unwrap();
    for (i, (_, _, down)) in servers.iter().enumerate() {
        if *down {
            b.set_status(i, Status::Unhealthy).unwrap();
        }
    }
    b
}

/// Client addresses of many /24s, a few sharing one, some IPv6.
fn clients() -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..150u32 {
        out.push(format!(
            "{}.{}.{}.{}",
            1 + i % 223,
            (i * 37) % 256,
            (i * 101) % 256,
            i % 7
        ));
    }
    for last in [1, 77, 254] {
        out.push(format!("192.168.1.{last}"));
    }
    for i in 0..40u32 {
        out.push(format!("2001:db8:{:x}::{:x}", i * 977, i + 1));
    }
    out
}

/// `ip_hash`: the backend of every client is Fulcrum's, with weights, with a server down (only
/// its clients move), and with a heavy server down, where 21 hashes miss for about half the
/// clients and nginx's round robin, whose state lives in this nginx, must give the same sequence.
#[test]
fn ip_hash_agrees_with_real_nginx() {
    if !nginx_present() {
        return;
    }
    let ports = proxy_ports(3 + WEIGHTS.len());
    let (fronts, backends) = ports.split_at(3);
    let weighted = |down: Option<usize>| -> Vec<(u16, u32, bool)> {
        backends
            .iter()
            .zip(WEIGHTS)
            .enumerate()
            .map(|(i, (&p, w))| (p, w, Some(i) == down))
            .collect()
    };
    let fallback = vec![
        (backends[0], 1, false),
        (backends[1], 2, false),
        (backends[2], HEAVY_DOWN_WEIGHT, true),
    ];
    let upstreams = [
        ("all_up", weighted(None)),
        ("one_down", weighted(Some(DOWN))),
        ("fallback", fallback.clone()),
    ];
    let dir = nginx_dir("ip-hash");
    let conf = config_with(&dir, "ip_hash", fronts, &upstreams, backends);
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let _nginx = start_nginx(&dir, fronts);

    let mut rng = seeded(1);
    let clients = clients();
    let mut route = |b: &mut Balancer, client: &str| -> (u16, bool) {
        let (got, steps) = b.pick_explained(&Request::get(0, "/", client), &mut rng, 0);
        let fell_back = steps
            .iter()
            .any(|s| matches!(s, Step::Note(Note::NginxRoundRobin { .. })));
        (b.pool().server(got.unwrap()).port, fell_back)
    };
    let mut all = fulcrum_balancer(StrategyKind::IpHash, &upstreams[0].1);
    let mut down = fulcrum_balancer(StrategyKind::IpHash, &upstreams[1].1);
    let mut per_backend = vec![0usize; backends.len()];
    let mut moved = 0;
    for client in &clients {
        let (expected, _) = route(&mut all, client);
        assert_eq!(
            backend_for_client(fronts[0], "/", client),
            expected,
            "all up: {client}"
        );
        per_backend[backends.iter().position(|&p| p == expected).unwrap()] += 1;
        let (after, _) = route(&mut down, client);
        assert_eq!(
            backend_for_client(fronts[1], "/", client),
            after,
            "one down: {client}"
        );
        if expected == backends[DOWN] {
            moved += 1;
        } else {
            assert_eq!(after, expected, "{client} moved though its server is up");
        }
    }
    assert!(per_backend.iter().all(|&n| n > 0), "{per_backend:?}");
    // A /24 is one server.
    let same: Vec<u16> = ["192.168.1.1", "192.168.1.77", "192.168.1.254"]
        .iter()
        .map(|c| backend_for_client(fronts[0], "/", c))
        .collect();
    assert!(same.iter().all(|&p| p == same[0]), "{same:?}");

    let mut heavy = fulcrum_balancer(StrategyKind::IpHash, &fallback);
    let mut fell_back = 0;
    for client in &clients {
        let (expected, fell) = route(&mut heavy, client);
        fell_back += usize::from(fell);
        assert_eq!(
            backend_for_client(fronts[2], "/", client),
            expected,
            "fallback: {client}"
        );
    }
    assert!(fell_back > clients.len() / 5, "{fell_back}");
    eprintln!(
        "{} clients agree with nginx's ip_hash (per backend {per_backend:?}); {moved} moved \
         with backend {DOWN} down; {fell_back} went round robin with a heavy server down",
        clients.len()
    );
}

/// Backends run by the test: each answers with its own port, except that a request for
/// `/hold/…` is answered only once `release` is set. Every request's arrival is reported on
/// `arrived` with the backend's port and path, so the test knows where nginx sent it.
struct Backends {
    release: Arc<AtomicBool>,
    arrived: mpsc::Receiver<(u16, String)>,
}

fn spawn_backends(listeners: Vec<TcpListener>) -> Backends {
    let release = Arc::new(AtomicBool::new(false));
    let (tx, arrived) = mpsc::channel();
    for listener in listeners {
        let port = listener.local_addr().unwrap().port();
        let (release, tx) = (release.clone(), tx.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let (release, tx) = (release.clone(), tx.clone());
                std::thread::spawn(move || {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        match stream.read(&mut byte) {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).to_string();
                    let path = head.split(' ').nth(1).unwrap_or("").to_string();
                    let _ = tx.send((port, path.clone()));
                    if path.starts_with("/hold") {
                        while !release.load(Ordering::SeqCst) {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                    }
                    let body = port.to_string();
                    let _ = write!(
                        stream,
                        "HTTP/1.0 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
    }
    Backends { release, arrived }
}

/// `least_conn` against `weighted_least_connections`, pick by pick: idle picks interleave ties
/// by nginx's smooth weighted round robin (weights 5, 1, 1 give `a a b a c a a`), and picks made
/// while earlier requests are held open on some backends weigh connections per weight and
/// break the remaining ties the same way.
#[test]
fn least_conn_agrees_with_real_nginx() {
    if !nginx_present() {
        return;
    }
    let listeners: Vec<TcpListener> = (0..4)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap())
        .collect();
    let backend_ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    let backends = spawn_backends(listeners);
    let fronts = proxy_ports(2);
    let idle = vec![
        (backend_ports[0], 5, false),
        (backend_ports[1], 1, false),
        (backend_ports[2], 1, false),
    ];
    let loaded = vec![
        (backend_ports[0], 3, false),
        (backend_ports[1], 1, false),
        (backend_ports[2], 2, false),
        (backend_ports[3], 2, true),
    ];
    let upstreams = [("idle", idle.clone()), ("loaded", loaded.clone())];
    let dir = nginx_dir("least-conn");
    // Only the front servers: the backends are the test's.
    let conf = config_with(&dir, "least_conn", &fronts, &upstreams, &[]);
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let _nginx = start_nginx(&dir, &fronts);
    let mut rng = seeded(1);
    let name = |port: u16| -> char {
        (b'a' + backend_ports.iter().position(|&p| p == port).unwrap() as u8) as char
    };

    // Idle: every request finishes before the next.
    let mut b = fulcrum_balancer(StrategyKind::WeightedLeastConnections, &idle);
    let mut got = String::new();
    let mut want = String::new();
    for i in 0..21 {
        let picked = b.pick(&Request::get(i, "/", "x"), &mut rng, 0).unwrap();
        want.push(name(b.pool().server(picked).port));
        got.push(name(backend_for(fronts[0], "/")));
        while backends.arrived.try_recv().is_ok() {}
    }
    assert_eq!(got, want);
    assert!(want.starts_with("aabacaa"), "{want}");

    // Loaded: requests held open one after another, each placed where Fulcrum says, with some
    // short requests in between (they see the held ones and finish).
    let mut b = fulcrum_balancer(StrategyKind::WeightedLeastConnections, &loaded);
    let mut held = Vec::new();
    let mut sequence = String::new();
    for i in 0..30u64 {
        let hold = i % 3 != 2;
        let path = if hold {
            format!("/hold/{i}")
        } else {
            format!("/now/{i}")
        };
        let picked = b
            .pick(&Request::get(i, path.clone(), "x"), &mut rng, 0)
            .unwrap();
        let expected = b.pool().server(picked).port;
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, fronts[1])).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
        let (port, seen) = backends
            .arrived
            .recv_timeout(Duration::from_secs(10))
            .expect("the request reaches a backend");
        assert_eq!(seen, path);
        assert_eq!(
            name(port),
            name(expected),
            "request {i} ({path}) after {sequence}"
        );
        sequence.push(name(port));
        if hold {
            let index = b.pool().index_of(&format!("127.0.0.1:{port}")).unwrap();
            b.request_started(index);
            held.push(stream);
        } else {
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            assert!(response.ends_with(&port.to_string()), "{response}");
        }
    }
    backends.release.store(true, Ordering::SeqCst);
    for mut stream in held {
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
    }
    assert!(sequence.contains('a') && sequence.contains('b') && sequence.contains('c'));
    assert!(!sequence.contains('d'), "{sequence}");
    eprintln!("least_conn agrees with nginx: idle {got}, loaded {sequence}");
}

/// nginx's default balancing, smooth weighted round robin, against `weighted_round_robin`: the
/// same sequence of backends from a fresh start, with weights 5, 1, 1 and with 1, 2, 1, 3, 2 and
/// one server `down`.
#[test]
fn weighted_round_robin_agrees_with_real_nginx() {
    if !nginx_present() {
        return;
    }
    let ports = proxy_ports(2 + WEIGHTS.len());
    let (fronts, backends) = ports.split_at(2);
    let five_one_one = vec![
        (backends[0], 5, false),
        (backends[1], 1, false),
        (backends[2], 1, false),
    ];
    let one_down: Vec<(u16, u32, bool)> = backends
        .iter()
        .zip(WEIGHTS)
        .enumerate()
        .map(|(i, (&p, w))| (p, w, i == DOWN))
        .collect();
    let upstreams = [("five_one_one", five_one_one), ("one_down", one_down)];
    let dir = nginx_dir("round-robin");
    let conf = config_with(&dir, "", fronts, &upstreams, backends);
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let _nginx = start_nginx(&dir, fronts);
    let mut rng = seeded(1);
    for ((name, servers), &front) in upstreams.iter().zip(fronts) {
        let mut b = fulcrum_balancer(StrategyKind::WeightedRoundRobin, servers);
        let total: u32 = servers.iter().filter(|s| !s.2).map(|s| s.1).sum();
        for i in 0..3 * u64::from(total) {
            let picked = b.pick(&Request::get(i, "/", "x"), &mut rng, 0).unwrap();
            let want = b.pool().server(picked).port;
            assert_eq!(backend_for(front, "/"), want, "{name}: pick {i}");
        }
    }
}
