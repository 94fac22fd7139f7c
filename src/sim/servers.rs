//! The servers behind the balancers: how long a request takes, whether it succeeds, and what
//! faults do to them.
//!
//! Service time = median latency × log-normal jitter e^(σz) × slow-down factor × (cache-hit
//! factor on a hit) × the request's cost ([`super::cost`]) ÷ the server's speed. Beyond
//! `capacity` concurrent requests a server either queues them first come, first served over
//! `capacity` workers (an M/G/c queue: each request starts when the earliest worker frees up) or
//! slows every request by (in service + 1) / capacity (processor sharing). With a `queue_limit`,
//! a server already holding `capacity + queue_limit` requests turns the next away at once with a
//! 503 (an M/G/c/K queue; [`Accept::Full`]), as a server with a bounded accept queue or
//! worker pool does (nginx's `limit_conn`, a full thread pool's rejection). Each server has a small set-associative cache of paths with LRU replacement inside
//! each 4-way set, so hash affinity shows up as a hit rate. A server is one real machine shared by
//! every balancer: its queue, cache and faults are the same whichever balancer sent the request.
//!
//! Faults: crash (refuse connections; requests in flight are reset by the simulation), crash
//! after accepting the next request, hang (accept and never answer), slow (factor), flapping
//! (down and up in turn), recover. Draining, maintenance and weights belong to the balancers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::engine::Nanos;
use crate::scenario::{Overload, ServerSpec};

/// What happens to a request a server is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Accept {
    /// Connection refused (the server is down).
    Refused,
    /// Answered `service_ns` from now, successfully or with a 500.
    Serve {
        /// Time to serve it.
        service_ns: Nanos,
        /// Whether it succeeds (else a 500).
        ok: bool,
        /// Whether the path was in the server's cache (faster).
        cache_hit: bool,
    },
    /// Accepted and never answered.
    Hang,
    /// Turned away at once with a 503: every worker is busy and the queue is full.
    Full,
}

/// What a health probe sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbeAnswer {
    /// Whether the probe passes.
    pub pass: bool,
    /// When the answer (or the timeout) comes, from the probe's start.
    pub after_ns: Nanos,
}

/// A small set-associative cache of path numbers with LRU inside each set.
#[derive(Clone, Debug, Default)]
pub struct PathCache {
    ways: usize,
    sets: usize,
    /// Path number + 1 per slot (0: empty).
    tags: Vec<u32>,
    /// Last use per slot.
    used: Vec<u64>,
    clock: u64,
}

impl PathCache {
    /// A cache of `size` paths; 0 disables it.
    pub fn new(size: u32) -> Self {
        let size = size as usize;
        if size == 0 {
            return Self::default();
        }
        let ways = size.min(4);
        let sets = size.div_ceil(ways);
        Self {
            ways,
            sets,
            tags: vec![0; ways * sets],
            used: vec![0; ways * sets],
            clock: 0,
        }
    }

    /// Whether the cache holds anything at all (size above 0).
    pub fn is_enabled(&self) -> bool {
        self.sets > 0
    }

    /// Look `path` up; on a miss, insert it over the least recently used entry of its set.
    #[inline]
    pub fn access(&mut self, path: u32) -> bool {
        if self.sets == 0 {
            return false;
        }
        self.clock += 1;
        // Fibonacci hashing spreads consecutive path numbers over the sets.
        let set =
            ((u64::from(path).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize) % self.sets;
        let base = set * self.ways;
        let tag = path.wrapping_add(1);
        let mut victim = base;
        for slot in base..base + self.ways {
            if self.tags[slot] == tag {
                self.used[slot] = self.clock;
                return true;
            }
            if self.used[slot] < self.used[victim] {
                victim = slot;
            }
        }
        self.tags[victim] = tag;
        self.used[victim] = self.clock;
        false
    }

    /// Forget every path (a restart empties the cache).
    pub fn clear(&mut self) {
        self.tags.iter_mut().for_each(|t| *t = 0);
        self.used.iter_mut().for_each(|u| *u = 0);
    }
}

/// One simulated server.
#[derive(Clone, Debug)]
pub struct ServerSim {
    /// The server's id.
    pub id: String,
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The configured weight (slow start ramps towards it).
    pub weight: u32,
    /// Connection limit; a balancer marks the server overloaded at it.
    pub max_connections: u32,
    latency_ns: f64,
    jitter: f64,
    capacity: u32,
    overload: Overload,
    /// Most requests held at once (`capacity + queue_limit`); `u32::MAX` for no limit.
    max_held: u32,
    /// Service times are divided by this.
    speed: f64,
    /// Probability that a served request ends in a 500.
    pub error_rate: f64,
    cache: PathCache,
    cache_hit_factor: f64,
    /// Time over which the weight ramps up after recovering or joining (0: at once).
    pub slow_start_ns: Nanos,
    /// When the server joins the pool (scale-out); `None`: from the start.
    pub join_at_ns: Option<Nanos>,
    /// Fault state.
    pub slow_factor: f64,
    /// Down: refuses connections.
    pub crashed: bool,
    /// Hung: accepts connections and never answers.
    pub hung: bool,
    /// A `crash_after_accept` fault is pending: the next request accepted crashes it halfway.
    pub crash_armed: bool,
    /// When it last went down or hung (kept while it stays so; see [`Self::failing_since`]).
    pub failed_at_ns: Nanos,
    /// Flapping: (down, up) durations, and whether it is in a down phase.
    pub flapping: Option<(Nanos, Nanos)>,
    /// In a flapping down phase (down like `crashed`, until the phase ends).
    pub flap_down: bool,
    /// Bumped whenever flapping starts or stops, so stale toggles are ignored.
    pub flap_gen: u32,
    /// Requests accepted and not yet answered or abandoned (all balancers together).
    pub in_service: u32,
    /// The most requests it held in service at once.
    pub peak_in_service: u32,
    /// Queue mode: when each worker is next free.
    workers: BinaryHeap<Reverse<Nanos>>,
}

fn ms_to_ns(ms: f64) -> Nanos {
    (ms * 1e6).round() as Nanos
}

impl ServerSim {
    /// The simulated server for scenario server `position`, from its spec.
    pub fn new(spec: &ServerSpec, position: usize) -> Self {
        let workers = if spec.overload == Overload::Queue && spec.capacity > 0 {
            (0..spec.capacity).map(|_| Reverse(0)).collect()
        } else {
            BinaryHeap::new()
        };
        Self {
            id: spec.id_at(position),
            host: spec.host.clone(),
            port: spec.port_at(position),
            weight: spec.weight,
            max_connections: spec.max_connections,
            latency_ns: spec.latency_ms * 1e6,
            jitter: spec.jitter,
            capacity: spec.capacity,
            overload: spec.overload,
            max_held: spec
                .queue_limit
                .map_or(u32::MAX, |q| spec.capacity.saturating_add(q)),
            speed: spec.speed,
            error_rate: spec.error_rate,
            cache: PathCache::new(spec.cache_size),
            cache_hit_factor: spec.cache_hit_factor,
            slow_start_ns: ms_to_ns(spec.slow_start_ms),
            join_at_ns: spec.join_at_ms.map(ms_to_ns),
            slow_factor: 1.0,
            crashed: false,
            hung: false,
            crash_armed: false,
            failed_at_ns: 0,
            flapping: None,
            flap_down: false,
            flap_gen: 0,
            in_service: 0,
            peak_in_service: 0,
            workers,
        }
    }

    /// `host:port`.
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Down: refusing connections.
    pub fn is_down(&self) -> bool {
        self.crashed || self.flap_down
    }

    /// Whether service times vary around the latency.
    pub fn has_jitter(&self) -> bool {
        self.jitter > 0.0
    }

    /// Whether it caches paths.
    pub fn has_cache(&self) -> bool {
        self.cache.is_enabled()
    }

    /// The speed factor (service times are divided by it).
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Requests served at once (0: unlimited).
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Median service time of a request of cost 1, at full speed and without faults (ms).
    pub fn median_ms(&self) -> f64 {
        self.latency_ns / 1e6
    }

    /// The jitter's σ.
    pub fn jitter(&self) -> f64 {
        self.jitter
    }

    /// A request for `path` and of cost `cost` arrives at `now`; `z` is its standard-normal
    /// jitter draw and `u` its uniform error draw (drawn per request, not per server, so every
    /// strategy sees the same).
    #[inline]
    pub fn accept(&mut self, now: Nanos, path: u32, z: f64, u: f64, cost: f64) -> Accept {
        if self.is_down() {
            return Accept::Refused;
        }
        if self.in_service >= self.max_held {
            return Accept::Full;
        }
        self.in_service += 1;
        self.peak_in_service = self.peak_in_service.max(self.in_service);
        if self.hung {
            return Accept::Hang;
        }
        let cache_hit = self.cache.access(path);
        let mut t = self.latency_ns * self.slow_factor;
        if self.jitter > 0.0 {
            t *= libm::exp(self.jitter * z);
        }
        if cache_hit {
            t *= self.cache_hit_factor;
        }
        // Both are exactly 1 unless set, so runs without them keep their bits.
        t = t * cost / self.speed;
        let service_ns = if self.capacity == 0 {
            (t + 0.5) as Nanos
        } else {
            match self.overload {
                Overload::SlowDown => {
                    let load = f64::from(self.in_service) / f64::from(self.capacity);
                    (t * load.max(1.0) + 0.5) as Nanos
                }
                // The worker free first takes the request, in place (one sift down). A queueing
                // server always has `capacity` workers.
                Overload::Queue => match self.workers.peek_mut() {
                    Some(mut worker) => {
                        let done = worker.0.max(now) + (t + 0.5) as Nanos;
                        worker.0 = done;
                        done - now
                    }
                    None => (t + 0.5) as Nanos,
                },
            }
        };
        Accept::Serve {
            service_ns,
            ok: u >= self.error_rate,
            cache_hit,
        }
    }

    /// A request left the server (answered, timed out or reset).
    #[inline]
    pub fn release(&mut self) {
        self.in_service = self.in_service.saturating_sub(1);
    }

    /// Since when it has been down or hung, if it is.
    pub fn failing_since(&self) -> Option<Nanos> {
        (self.is_down() || self.hung).then_some(self.failed_at_ns)
    }

    /// Note the moment it starts failing (a second fault while failing keeps the first).
    pub fn mark_failing(&mut self, now: Nanos) {
        if !(self.is_down() || self.hung) {
            self.failed_at_ns = now;
        }
    }

    /// Crash: the queue and the cache are lost.
    pub fn crash(&mut self, now: Nanos) {
        self.mark_failing(now);
        self.crashed = true;
        self.crash_armed = false;
        self.reset_state(now);
    }

    /// Lost work and a cold cache, as after any restart.
    pub fn reset_state(&mut self, now: Nanos) {
        let mut workers = std::mem::take(&mut self.workers).into_vec();
        workers.fill(Reverse(now));
        self.workers = workers.into();
        self.cache.clear();
    }

    /// Back to normal.
    pub fn recover(&mut self) {
        self.crashed = false;
        self.hung = false;
        self.crash_armed = false;
        self.slow_factor = 1.0;
        self.flapping = None;
        self.flap_down = false;
        self.flap_gen = self.flap_gen.wrapping_add(1);
    }

    /// What a health probe sees: a down server refuses at once, a hung one times out, a slow one
    /// may exceed the timeout.
    pub fn probe(&self, connect_ns: Nanos, timeout_ns: Nanos) -> ProbeAnswer {
        if self.is_down() {
            return ProbeAnswer {
                pass: false,
                after_ns: connect_ns.min(timeout_ns),
            };
        }
        if self.hung {
            return ProbeAnswer {
                pass: false,
                after_ns: timeout_ns,
            };
        }
        let t = (self.latency_ns * self.slow_factor / self.speed).round() as Nanos;
        if t > timeout_ns {
            ProbeAnswer {
                pass: false,
                after_ns: timeout_ns,
            }
        } else {
            ProbeAnswer {
                pass: true,
                after_ns: t,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(f: impl FnOnce(&mut ServerSpec)) -> ServerSim {
        let mut s = ServerSpec::default();
        f(&mut s);
        ServerSim::new(&s, 0)
    }

    fn service(a: Accept) -> Nanos {
        match a {
            Accept::Serve { service_ns, .. } => service_ns,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn latency_is_the_median_times_jitter_and_slow_down() {
        let mut s = spec(|s| {
            s.latency_ms = 10.0;
            s.jitter = 0.5;
        });
        assert_eq!(service(s.accept(0, 0, 0.0, 0.5, 1.0)), 10_000_000);
        assert_eq!(
            service(s.accept(0, 0, 1.0, 0.5, 1.0)),
            (10e6 * libm::exp(0.5)).round() as Nanos
        );
        s.slow_factor = 10.0;
        assert_eq!(service(s.accept(0, 0, 0.0, 0.5, 1.0)), 100_000_000);
        assert_eq!(s.in_service, 3);
        s.release();
        assert_eq!((s.in_service, s.peak_in_service), (2, 3));
    }

    #[test]
    fn a_full_queue_makes_requests_wait_for_the_earliest_worker() {
        let mut s = spec(|s| {
            s.latency_ms = 10.0;
            s.capacity = 2;
        });
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        // Both workers busy until 10 ms: the third waits 10 ms, then takes 10 ms.
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 20_000_000);
        assert_eq!(service(s.accept(15_000_000, 0, 0.0, 1.0, 1.0)), 10_000_000);
        let mut p = spec(|s| {
            s.latency_ms = 10.0;
            s.capacity = 2;
            s.overload = Overload::SlowDown;
        });
        assert_eq!(service(p.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        assert_eq!(service(p.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        assert_eq!(service(p.accept(0, 0, 0.0, 1.0, 1.0)), 15_000_000);
    }

    #[test]
    fn a_full_queue_turns_requests_away_until_one_leaves() {
        let mut s = spec(|s| {
            s.latency_ms = 10.0;
            s.capacity = 2;
            s.queue_limit = Some(1);
        });
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 10_000_000);
        // The third waits for a worker; the fourth finds the queue full.
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 20_000_000);
        assert_eq!(s.accept(0, 0, 0.0, 1.0, 1.0), Accept::Full);
        assert_eq!(s.in_service, 3, "a dropped request holds nothing");
        s.release();
        assert!(matches!(
            s.accept(0, 0, 0.0, 1.0, 1.0),
            Accept::Serve { .. }
        ));
        // No waiting at all: capacity requests, then 503s.
        let mut none = spec(|s| {
            s.capacity = 1;
            s.queue_limit = Some(0);
            s.overload = Overload::SlowDown;
        });
        assert!(matches!(
            none.accept(0, 0, 0.0, 1.0, 1.0),
            Accept::Serve { .. }
        ));
        assert_eq!(none.accept(0, 0, 0.0, 1.0, 1.0), Accept::Full);
        // A server that is down refuses before it counts its queue.
        none.crash(0);
        assert_eq!(none.accept(0, 0, 0.0, 1.0, 1.0), Accept::Refused);
    }

    #[test]
    fn speed_divides_and_cost_multiplies_the_service_time() {
        let mut s = spec(|s| {
            s.latency_ms = 10.0;
            s.speed = 4.0;
        });
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 1.0)), 2_500_000);
        assert_eq!(service(s.accept(0, 0, 0.0, 1.0, 6.0)), 15_000_000);
        assert_eq!(
            s.probe(1, 5_000_000_000),
            ProbeAnswer {
                pass: true,
                after_ns: 2_500_000
            }
        );
    }

    #[test]
    fn errors_follow_the_uniform_draw() {
        let mut s = spec(|s| s.error_rate = 0.25);
        assert!(matches!(
            s.accept(0, 0, 0.0, 0.1, 1.0),
            Accept::Serve { ok: false, .. }
        ));
        assert!(matches!(
            s.accept(0, 0, 0.0, 0.3, 1.0),
            Accept::Serve { ok: true, .. }
        ));
    }

    #[test]
    fn the_cache_hits_repeated_paths_and_evicts_the_least_recent() {
        let mut c = PathCache::new(4);
        assert!(!c.access(1) && c.access(1));
        for p in 2..=4 {
            assert!(!c.access(p));
        }
        assert!(c.access(1));
        assert!(!c.access(5)); // evicts 2, the least recently used
        assert!(c.access(1) && !c.access(2));
        c.clear();
        assert!(!c.access(1));
        let mut none = PathCache::new(0);
        assert!(!none.access(1) && !none.access(1));
        let mut s = spec(|s| {
            s.cache_size = 10;
            s.cache_hit_factor = 0.5;
            s.latency_ms = 10.0;
        });
        assert!(matches!(
            s.accept(0, 7, 0.0, 1.0, 1.0),
            Accept::Serve {
                cache_hit: false,
                ..
            }
        ));
        assert_eq!(service(s.accept(0, 7, 0.0, 1.0, 1.0)), 5_000_000);
    }

    #[test]
    fn faults_refuse_hang_and_fail_probes() {
        let mut s = spec(|s| s.latency_ms = 10.0);
        assert!(s.probe(1, 5_000_000_000).pass);
        s.hung = true;
        assert_eq!(s.accept(0, 0, 0.0, 1.0, 1.0), Accept::Hang);
        assert_eq!(
            s.probe(1, 5_000),
            ProbeAnswer {
                pass: false,
                after_ns: 5_000
            }
        );
        s.crash(0);
        assert_eq!(s.accept(0, 0, 0.0, 1.0, 1.0), Accept::Refused);
        assert!(!s.probe(1_000, 5_000).pass);
        s.recover();
        s.slow_factor = 1000.0;
        assert!(!s.probe(1_000, 5_000_000_000).pass, "10 s > 5 s timeout");
        s.recover();
        assert!(s.probe(1_000, 5_000_000_000).pass);
    }
}
