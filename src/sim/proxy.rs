//! The proxy: the seed's `LoadBalancerProxy.forward_request`, done right.
//!
//! For each request: pick a server through the balancer (none → 503 "No available servers"),
//! count a connection up, send it, count the connection down when it ends, and record the
//! response time whatever the outcome (the seed records successes only, so a server that fails
//! fast looks fast). An attempt ends in one of: ok, a 500 from the server, connection refused,
//! reset (the server crashed mid-request), or the per-attempt timeout (the seed's 30 s). A failed
//! idempotent request (RFC 9110 §9.2.2) may be retried on another server, at most `retries` times
//! and only while retries stay within the retry budget (a fraction of requests, as Finagle's
//! `RetryBudget`), so retries cannot multiply an overload. A balancer marks a server `overloaded`
//! when its own connections reach `max_connections` (the seed defines the status and never sets
//! it) and clears it below 90 % of that.
//!
//! Requests in flight live in a slab of fixed-size records reused after each request, so the hot
//! path does not allocate; every scheduled completion carries the record's generation, so an
//! event for an attempt that already ended (reset by a crash) is recognised and dropped.

use serde::Serialize;

use crate::engine::{Nanos, PickError};

use super::Ev;
use super::Simulation;
use super::clients::Attrs;
use super::events::SimEvent;
use super::servers::Accept;
use super::stats::RequestLog;

/// How an attempt, and finally a request, ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The server answered 200.
    Ok,
    /// The server answered 500.
    Error,
    /// Connection refused: the server is down.
    Refused,
    /// The server died while serving the request.
    Reset,
    /// No answer within the timeout.
    Timeout,
    /// No eligible server: 503 "No available servers".
    NoServer,
    /// The seed's code would have raised here (its variants only).
    SeedFault,
    /// The server's queue was full: it answered 503 at once ([`super::servers::Accept::Full`]).
    Dropped,
}

impl Outcome {
    /// Every outcome, success first, in the order tables show them.
    pub const ALL: [Outcome; 8] = [
        Outcome::Ok,
        Outcome::Error,
        Outcome::Refused,
        Outcome::Reset,
        Outcome::Timeout,
        Outcome::NoServer,
        Outcome::SeedFault,
        Outcome::Dropped,
    ];

    /// The status a client sees: the server's own 200 or 500, 502 when the connection failed,
    /// 504 on timeout, 503 without a server or from a full queue, 500 where the seed's code
    /// raises.
    pub fn status_code(self) -> u16 {
        match self {
            Outcome::Ok => 200,
            Outcome::Error | Outcome::SeedFault => 500,
            Outcome::Refused | Outcome::Reset => 502,
            Outcome::NoServer | Outcome::Dropped => 503,
            Outcome::Timeout => 504,
        }
    }

    /// The snake_case name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Error => "error",
            Outcome::Refused => "refused",
            Outcome::Reset => "reset",
            Outcome::Timeout => "timeout",
            Outcome::NoServer => "no_server",
            Outcome::SeedFault => "seed_fault",
            Outcome::Dropped => "dropped",
        }
    }

    /// May another server be tried after this? A 503 from a full queue is an answer from the
    /// server, retried as a 500 is (Envoy's `5xx` retry policy covers both).
    pub fn retryable(self, retry_on_error: bool) -> bool {
        match self {
            Outcome::Refused | Outcome::Reset | Outcome::Timeout => true,
            Outcome::Error | Outcome::Dropped => retry_on_error,
            Outcome::Ok | Outcome::NoServer | Outcome::SeedFault => false,
        }
    }
}

/// The proxy's settings, in nanoseconds.
#[derive(Clone, Debug)]
pub struct ProxySettings {
    /// Per-attempt timeout.
    pub timeout_ns: Nanos,
    /// How long a refused connection takes to fail.
    pub connect_ns: Nanos,
    /// Extra attempts on another server, for idempotent requests.
    pub retries: u32,
    /// Retries may be at most this fraction of requests, plus `retry_budget_min`.
    pub retry_budget: f64,
    /// Retries allowed on top of the fraction (so the first failures of a run may retry).
    pub retry_budget_min: u64,
    /// Retry a 500 as well as refused, reset and timed-out attempts.
    pub retry_on_error: bool,
}

/// One request in flight.
#[derive(Clone, Copy, Debug)]
pub struct Flight {
    /// Bumped whenever an attempt ends or the record is freed.
    pub generation: u32,
    /// The request's id, unique in the run.
    pub id: u64,
    /// The balancer the client goes through.
    pub balancer: u32,
    /// What it asks for.
    pub attrs: Attrs,
    /// When it arrived.
    pub arrived: Nanos,
    /// The current attempt: number (0 first), server (scenario position and pool index), start.
    pub attempt: u32,
    /// Scenario position of the attempt's server.
    pub server: u32,
    /// Its index in the balancer's pool.
    pub pool: u32,
    /// When the attempt started.
    pub started: Nanos,
    /// An attempt is under way (false between attempts).
    pub in_attempt: bool,
    /// The server counts this attempt as in service (it was not refused).
    pub holding: bool,
    /// How the attempt ends when its completion event fires.
    pub planned: Outcome,
    /// Per-request random draws: jitter (standard normal) and error (uniform).
    pub z: f64,
    /// Uniform draw in [0, 1) that decides an error.
    pub u: f64,
    /// The request's cost ([`super::cost`]): its service time on any server is multiplied by it.
    pub cost: f64,
}

/// Flights, reused.
#[derive(Clone, Debug, Default)]
pub struct Slab {
    flights: Vec<Flight>,
    free: Vec<u32>,
    live: u64,
}

impl Slab {
    /// Store a flight and return its slot, reusing a freed one first.
    pub fn alloc(&mut self, mut flight: Flight) -> u32 {
        self.live += 1;
        match self.free.pop() {
            Some(slot) => {
                flight.generation = self.flights[slot as usize].generation;
                self.flights[slot as usize] = flight;
                slot
            }
            None => {
                self.flights.push(flight);
                (self.flights.len() - 1) as u32
            }
        }
    }

    /// Free a slot; its generation moves on so late events for it are ignored.
    pub fn release(&mut self, slot: u32) {
        let f = &mut self.flights[slot as usize];
        f.generation = f.generation.wrapping_add(1);
        f.in_attempt = false;
        self.free.push(slot);
        self.live -= 1;
    }

    #[inline]
    /// The flight in `slot`.
    pub fn get(&self, slot: u32) -> &Flight {
        &self.flights[slot as usize]
    }

    #[inline]
    /// The flight in `slot`, to change.
    pub fn get_mut(&mut self, slot: u32) -> &mut Flight {
        &mut self.flights[slot as usize]
    }

    /// The flight in `slot` if `generation` is still current.
    #[inline]
    pub fn current(&self, slot: u32, generation: u32) -> bool {
        self.flights
            .get(slot as usize)
            .is_some_and(|f| f.generation == generation && f.in_attempt)
    }

    /// The record in `slot`, live or free (None past the end).
    pub fn slot(&self, slot: u32) -> Option<&Flight> {
        self.flights.get(slot as usize)
    }

    /// Requests in flight.
    pub fn live(&self) -> u64 {
        self.live
    }

    /// Slots with an attempt in progress on scenario server `server`, into `out`.
    pub fn attempts_on(&self, server: u32, out: &mut Vec<u32>) {
        out.clear();
        out.extend(
            self.flights
                .iter()
                .enumerate()
                .filter(|(_, f)| f.in_attempt && f.holding && f.server == server)
                .map(|(i, _)| i as u32),
        );
    }

    /// Attempts in progress per scenario server.
    pub fn attempts_per_server(&self, servers: usize) -> Vec<u32> {
        let mut counts = vec![0u32; servers];
        for f in self.flights.iter().filter(|f| f.in_attempt) {
            if let Some(c) = counts.get_mut(f.server as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// Capacity reserved (for the memory check).
    pub fn capacity(&self) -> usize {
        self.flights.capacity()
    }
}

/// A standard normal draw by Box–Muller (libm, so identical natively and in wasm).
fn normal(rng: &mut crate::engine::SimRng) -> f64 {
    super::cost::standard_normal(rng)
}

impl Simulation {
    /// A client request arrives.
    pub(super) fn arrive(&mut self) {
        let index = self.arrivals;
        self.arrivals += 1;
        let attrs = self.traffic.draw(index, &mut self.arrival_rng);
        let z = if self.jitter_draws {
            normal(&mut self.behaviour_rng)
        } else {
            0.0
        };
        let u = if self.error_draws {
            use rand::RngExt;
            self.behaviour_rng.random::<f64>()
        } else {
            1.0
        };
        let cost = self.cost.sample(&mut self.cost_rng);
        let balancer = attrs.client % self.balancer_count;
        let slot = self.flights.alloc(Flight {
            generation: 0,
            id: index,
            balancer,
            attrs,
            arrived: self.now,
            attempt: 0,
            server: 0,
            pool: 0,
            started: self.now,
            in_attempt: false,
            holding: false,
            planned: Outcome::Ok,
            z,
            u,
            cost,
        });
        self.render_request(slot);
        let (now, request) = (self.now, &self.request);
        self.sink.emit(|| SimEvent::RequestSent {
            t_ns: now,
            request: index,
            balancer,
            method: attrs.method,
            path: request.path.clone(),
            client_ip: request.client_ip.clone(),
        });
        self.dispatch(slot, None);
    }

    /// Write the flight's request into the reused request buffer. Its strings (client IP and
    /// path) are written only when something reads them: a strategy that hashes a request
    /// attribute, or an event sink.
    #[inline]
    fn render_request(&mut self, slot: u32) {
        let f = self.flights.get(slot);
        self.request.id = f.id;
        self.request.method = f.attrs.method;
        self.request.timestamp_ns = self.now;
        if !self.reads_request && !self.sink.is_on() {
            return;
        }
        self.traffic
            .render_ip(f.attrs.client, &mut self.request.client_ip);
        self.traffic
            .render_path(f.attrs.path, &mut self.request.path);
    }

    /// Pick a server for the flight's next attempt (`previous`: the pool index that just failed).
    fn dispatch(&mut self, slot: u32, previous: Option<u32>) {
        if previous.is_some() {
            self.render_request(slot);
        }
        let (b, id) = {
            let f = self.flights.get(slot);
            (f.balancer as usize, f.id)
        };
        let now = self.now;
        let mut steps = Vec::new();
        let mut pick = if self.sink.explain() {
            let (r, s) =
                self.balancers[b].pick_explained(&self.request, &mut self.pick_rngs[b], now);
            steps = s;
            r
        } else {
            self.balancers[b].pick(&self.request, &mut self.pick_rngs[b], now)
        };
        if let Some(prev) = previous.map(|p| p as usize) {
            // A retry goes to another server: ask the strategy twice more (random strategies
            // will usually move), then take the next eligible server after the failed one (what
            // nginx's proxy_next_upstream does for hashing upstreams).
            for _ in 0..2 {
                if pick != Ok(prev) {
                    break;
                }
                pick = self.balancers[b].pick(&self.request, &mut self.pick_rngs[b], now);
            }
            if pick == Ok(prev) {
                let eligible = self.balancers[b].pool().eligible();
                if eligible.len() > 1
                    && let Some(at) = eligible.iter().position(|&i| i == prev)
                {
                    pick = Ok(eligible[(at + 1) % eligible.len()]);
                }
            }
        }
        self.send_probes(b);
        let pool = match pick {
            Ok(p) if p < self.pool_to_spec.len() => p,
            Ok(_) | Err(PickError::SeedFault { .. }) => {
                self.sink.emit(|| SimEvent::SeedFault {
                    t_ns: now,
                    request: id,
                    balancer: b as u32,
                    defect: match &pick {
                        Err(e) => e.to_string(),
                        Ok(p) => format!("the seed's code picked server {p}, outside the pool"),
                    },
                    steps,
                });
                self.finish_request(slot, Outcome::SeedFault, None);
                return;
            }
            Err(PickError::NoEligibleServer) => {
                self.sink.emit(|| SimEvent::NoServer {
                    t_ns: now,
                    request: id,
                    balancer: b as u32,
                });
                self.finish_request(slot, Outcome::NoServer, None);
                return;
            }
        };
        self.start_attempt(slot, pool, steps);
    }

    /// Send the flight's attempt to pool server `pool`.
    fn start_attempt(&mut self, slot: u32, pool: usize, steps: Vec<crate::engine::Step>) {
        let now = self.now;
        let s = self.pool_to_spec[pool] as usize;
        let (b, path, z, u, cost, id, attempt) = {
            let f = self.flights.get(slot);
            let (z, u, cost) = (f.z, f.u, f.cost);
            (
                f.balancer as usize,
                f.attrs.path,
                z,
                u,
                cost,
                f.id,
                f.attempt,
            )
        };
        self.balancers[b].request_started(pool);
        self.check_overload(b, s);
        self.share_started(b, s);
        self.stats.attempts += 1;
        let counters = &mut self.stats.servers[s];
        counters.requests += 1;
        counters.interval_requests += 1;
        if path == 0 {
            counters.hot_path += 1;
        }
        let accept = self.servers[s].accept(now, path, z, u, cost);
        let timeout = self.proxy.timeout_ns;
        let (planned, at, holding) = match accept {
            Accept::Refused => (Outcome::Refused, now + self.proxy.connect_ns, false),
            Accept::Full => {
                self.stats.servers[s].dropped += 1;
                (Outcome::Dropped, now + self.proxy.connect_ns, false)
            }
            Accept::Hang => (Outcome::Timeout, now + timeout, true),
            Accept::Serve {
                service_ns,
                ok,
                cache_hit,
            } => {
                // Prequal's probes answered since the last request cost this one their work.
                let service_ns = service_ns + self.feedback.probe_cost(s);
                if self.servers[s].has_cache() {
                    if cache_hit {
                        self.stats.servers[s].cache_hits += 1;
                    } else {
                        self.stats.servers[s].cache_misses += 1;
                    }
                }
                if self.servers[s].crash_armed {
                    // Crash after accepting: the server dies halfway through this request.
                    self.servers[s].crash_armed = false;
                    self.schedule(
                        now + (service_ns / 2).max(1),
                        Ev::Crash { server: s as u32 },
                    );
                }
                if service_ns > timeout {
                    (Outcome::Timeout, now + timeout, true)
                } else if ok {
                    (Outcome::Ok, now + service_ns, true)
                } else {
                    (Outcome::Error, now + service_ns, true)
                }
            }
        };
        let flight = self.flights.get_mut(slot);
        flight.server = s as u32;
        flight.pool = pool as u32;
        flight.started = now;
        flight.in_attempt = true;
        flight.holding = holding;
        flight.planned = planned;
        let generation = flight.generation;
        self.schedule(at, Ev::AttemptEnd { slot, generation });
        self.sink.emit(|| SimEvent::Picked {
            t_ns: now,
            request: id,
            attempt,
            balancer: b as u32,
            server: s as u32,
            pool_index: pool as u32,
            steps,
        });
        self.sink.emit(|| SimEvent::Started {
            t_ns: now,
            request: id,
            attempt,
            server: s as u32,
        });
    }

    /// The attempt in `slot` ended with `outcome` (its completion fired, or it was reset).
    pub(super) fn end_attempt(&mut self, slot: u32, outcome: Outcome) {
        let now = self.now;
        let f = *self.flights.get(slot);
        let (s, b, pool) = (f.server as usize, f.balancer as usize, f.pool as usize);
        let latency = now.saturating_sub(f.started);
        let ms = latency as f64 / 1e6;
        let ok = outcome == Outcome::Ok;
        self.balancers[b].request_finished(pool, ms, ok, now);
        self.check_overload(b, s);
        self.share_finished(b, s, ms, ok);
        if f.holding {
            self.servers[s].release();
        }
        self.feedback_attempt_ended(s, ms);
        self.stats.servers[s].attempt_ended(ms, ok);
        {
            let flight = self.flights.get_mut(slot);
            flight.in_attempt = false;
            flight.holding = false;
            flight.generation = flight.generation.wrapping_add(1);
        }
        if let Some(duration) = self.outlier.record(s, ok, self.pool_to_spec.len()) {
            let until = now + duration;
            self.sink.emit(|| SimEvent::Ejected {
                t_ns: now,
                server: s as u32,
                until_ns: until,
            });
            let generation = self.outlier.generation[s];
            self.schedule(
                until,
                Ev::Uneject {
                    server: s as u32,
                    generation,
                },
            );
            self.apply_status(s, "outlier ejected");
        }
        let retry = !ok
            && outcome.retryable(self.proxy.retry_on_error)
            && f.attrs.method.is_idempotent()
            && f.attempt < self.proxy.retries
            && (self.stats.retries as f64)
                < self.proxy.retry_budget * self.arrivals as f64
                    + self.proxy.retry_budget_min as f64;
        let (id, attempt) = (f.id, f.attempt);
        self.sink.emit(|| SimEvent::Finished {
            t_ns: now,
            request: id,
            attempt,
            server: s as u32,
            outcome,
            latency_ms: ms,
            last: !retry,
        });
        if retry {
            self.stats.retries += 1;
            self.stats.interval_retries += 1;
            self.flights.get_mut(slot).attempt += 1;
            self.sink.emit(|| SimEvent::Retried {
                t_ns: now,
                request: id,
                attempt: attempt + 1,
                from_server: s as u32,
            });
            self.dispatch(slot, Some(pool as u32));
        } else {
            self.finish_request(slot, outcome, Some(s));
        }
    }

    /// The request in `slot` ends with `outcome`, last served by scenario server `server`.
    fn finish_request(&mut self, slot: u32, outcome: Outcome, server: Option<usize>) {
        let f = *self.flights.get(slot);
        let latency = self.now.saturating_sub(f.arrived);
        self.stats.finish(outcome, latency);
        self.finished += 1;
        self.end_ns = self.now;
        if f.id < u64::from(self.first_requests) {
            let mut client_ip = String::new();
            let mut path = String::new();
            self.traffic.render_ip(f.attrs.client, &mut client_ip);
            self.traffic.render_path(f.attrs.path, &mut path);
            self.stats.first_requests.push(RequestLog {
                request: f.id,
                method: f.attrs.method.as_str(),
                path,
                client_ip,
                server: server.map(|s| self.servers[s].endpoint()),
                status: outcome.status_code(),
                outcome,
                attempts: f.attempt + u32::from(server.is_some()),
                latency_ms: latency as f64 / 1e6,
            });
        }
        self.flights.release(slot);
    }

    /// Server `server` went down: every attempt in progress on it is reset.
    pub(super) fn reset_attempts_on(&mut self, server: usize) {
        let mut slots = std::mem::take(&mut self.scratch);
        self.flights.attempts_on(server as u32, &mut slots);
        for &slot in &slots {
            self.end_attempt(slot, Outcome::Reset);
        }
        self.scratch = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_statuses_and_retry_rules() {
        assert_eq!(
            Outcome::ALL.map(Outcome::status_code),
            [200, 500, 502, 502, 504, 503, 500, 503]
        );
        assert!(Outcome::Timeout.retryable(false));
        assert!(!Outcome::Error.retryable(false) && Outcome::Error.retryable(true));
        assert!(!Outcome::NoServer.retryable(true) && !Outcome::Ok.retryable(true));
    }

    #[test]
    fn the_slab_reuses_slots_and_invalidates_old_generations() {
        let flight = Flight {
            generation: 0,
            id: 1,
            balancer: 0,
            attrs: Attrs {
                client: 0,
                path: 0,
                method: crate::engine::Method::Get,
            },
            arrived: 0,
            attempt: 0,
            server: 3,
            pool: 3,
            started: 0,
            in_attempt: true,
            holding: true,
            planned: Outcome::Ok,
            z: 0.0,
            u: 1.0,
            cost: 1.0,
        };
        let mut slab = Slab::default();
        let a = slab.alloc(flight);
        let g = slab.get(a).generation;
        assert!(slab.current(a, g));
        let mut out = Vec::new();
        slab.attempts_on(3, &mut out);
        assert_eq!(out, [a]);
        slab.release(a);
        assert!(!slab.current(a, g));
        let b = slab.alloc(flight);
        assert_eq!(a, b, "slot reused");
        assert!(!slab.current(b, g), "the old generation stays stale");
        assert_eq!(slab.live(), 1);
    }

    #[test]
    fn box_muller_gives_a_standard_normal() {
        let mut rng = crate::engine::seeded(9);
        let n = 50_000;
        let xs: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
    }
}
