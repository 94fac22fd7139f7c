//! Cross-check against real nginx: for every URI, the upstream nginx picks with
//! `hash $request_uri consistent;` is the owner Fulcrum's nginx-compatible ring gives, with all
//! backends up, with one marked `down` (an ineligible server in Fulcrum's pool), and with a heavy
//! `down` backend that sends a third of the keys to nginx's round-robin fallback.
//!
//! One nginx (`/usr/sbin/nginx`, Debian package `nginx`) runs in the foreground as a single
//! process from a temporary directory, on loopback ports picked free by the OS: three front
//! servers proxy to three upstreams over the same backends, and the backends are server blocks of the same nginx answering with their own port. The test
//! fails when nginx is missing unless `FULCRUM_SKIP_NGINX=1`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fulcrum::engine::model::{Pool, parse_servers};
use fulcrum::engine::ring::HashRing;
use fulcrum::engine::{
    Explain, PickContext, PoolChange, Request, RingFlavor, Status, Step, Strategy, StrategyConfig,
    StrategyKind, seeded,
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

/// Ports the OS considers free right now (released at once, for nginx to bind).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a loopback port"))
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// One upstream: (port, weight, down) per server, in configuration order.
type Upstream<'a> = (&'a str, Vec<(u16, u32, bool)>);

fn config(dir: &Path, fronts: &[u16], upstreams: &[Upstream<'_>], backends: &[u16]) -> String {
    let d = dir.display();
    let mut http = format!(
        "    access_log {d}/access.log;\n    client_body_temp_path {d}/body;\n    \
         proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    \
         uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n"
    );
    for ((name, servers), front) in upstreams.iter().zip(fronts) {
        http += &format!("    upstream {name} {{\n        hash $request_uri consistent;\n");
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
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect to nginx");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {uri} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
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

#[test]
fn nginx_ring_agrees_with_real_nginx() {
    if !Path::new(NGINX).exists() {
        if std::env::var("FULCRUM_SKIP_NGINX").as_deref() == Ok("1") {
            eprintln!("skipped: {NGINX} is missing and FULCRUM_SKIP_NGINX=1");
            return;
        }
        panic!(
            "{NGINX} is missing: install the Debian package nginx (`apt-get install nginx`; \
             scripts/test.sh does) or set FULCRUM_SKIP_NGINX=1 to skip this cross-check"
        );
    }
    let ports = free_ports(3 + WEIGHTS.len());
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
    let dir = std::env::temp_dir().join(format!("fulcrum-nginx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
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
