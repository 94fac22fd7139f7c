//! The event stream the UI draws: every request sent, picked (with the engine's own explanation
//! steps when asked), started, finished, retried; every health probe and status change; every
//! fault.
//!
//! Events are built only when a sink wants them, so a run without a sink pays nothing for them.
//! The ring sink keeps the newest `capacity` events and counts what it dropped, so memory stays
//! flat however long the run; the callback sink hands each event on and keeps nothing.

use std::collections::VecDeque;

use serde::Serialize;

use crate::engine::{Method, Nanos, Status, Step};
use crate::scenario::FaultAction;

use super::proxy::Outcome;

/// One thing that happened, at simulated time `t_ns`. Servers are numbered by their position in
/// the scenario (`server`); explanation steps number them by pool position (`pool_index`), which
/// differs only once servers have joined out of order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum SimEvent {
    /// A client sent a request to balancer `balancer`.
    RequestSent {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Which balancer, in scenario order.
        balancer: u32,
        /// HTTP method.
        method: Method,
        /// Path and query, rendered.
        path: String,
        /// Client address, rendered.
        client_ip: String,
    },
    /// The balancer's strategy chose a server (steps only when explaining).
    Picked {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Attempt number, 0 for the first.
        attempt: u32,
        /// Which balancer, in scenario order.
        balancer: u32,
        /// Scenario position of the chosen server.
        server: u32,
        /// Its index in this balancer's pool.
        pool_index: u32,
        // The browser records its traces without explanations (an export has no steps), so its
        // build leaves their serialization out.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(target_arch = "wasm32", serde(skip))]
        /// The strategy's explanation, when explaining.
        steps: Vec<Step>,
    },
    /// No eligible server: the proxy answers 503 "No available servers".
    NoServer {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Which balancer, in scenario order.
        balancer: u32,
    },
    /// The seed's code raised while picking (its variants only, e.g. round robin's `IndexError`
    /// after a server left): the proxy answers 500, as the seed's uncaught exception would.
    SeedFault {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Which balancer, in scenario order.
        balancer: u32,
        /// The defect, in words.
        defect: String,
        // As for `Picked`: the browser's traces carry no explanations.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(target_arch = "wasm32", serde(skip))]
        /// The strategy's explanation, when explaining.
        steps: Vec<Step>,
    },
    /// The connection to the server was opened (connections + 1).
    Started {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Attempt number, 0 for the first.
        attempt: u32,
        /// Scenario position of the server.
        server: u32,
    },
    /// One attempt ended. `last` is true when this ends the request.
    Finished {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Attempt number, 0 for the first.
        attempt: u32,
        /// Scenario position of the server.
        server: u32,
        /// How the attempt ended.
        outcome: Outcome,
        /// Time from the attempt's start to its end, in milliseconds.
        latency_ms: f64,
        /// This ends the request (no retry follows).
        last: bool,
    },
    /// A failed idempotent request goes to another server.
    Retried {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// The request's id.
        request: u64,
        /// Attempt number, 0 for the first.
        attempt: u32,
        /// Scenario position of the server that failed.
        from_server: u32,
    },
    /// An active health check answered (or timed out).
    Probe {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
        /// Whether the check passed.
        pass: bool,
        /// Time to the answer or the timeout, in milliseconds.
        latency_ms: f64,
    },
    /// A balancer's view of a server changed status.
    StatusChange {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
        /// Which balancer, in scenario order.
        balancer: u32,
        /// Status before.
        from: Status,
        /// Status after.
        to: Status,
        /// Why, in words ("max_connections reached").
        reason: &'static str,
    },
    /// Outlier detection ejected a server until `until_ns`.
    Ejected {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
        /// When the ejection ends.
        until_ns: Nanos,
    },
    /// A fault was applied to a server (scheduled or live), or a server joined.
    Fault {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
        /// The fault.
        action: FaultAction,
    },
    /// A server with `join_at_ms` joined the pool (scale-out).
    Joined {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
    },
    /// Slow start moved a server's weight.
    WeightChanged {
        /// Simulated time of the event.
        t_ns: Nanos,
        /// Scenario position of the server.
        server: u32,
        /// Its weight now.
        weight: u32,
    },
}

/// The newest `capacity` events.
#[derive(Clone, Debug, Default)]
pub struct RingSink {
    capacity: usize,
    events: VecDeque<SimEvent>,
    dropped: u64,
}

impl RingSink {
    /// A sink that keeps at most `capacity` events, dropping the oldest.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            events: VecDeque::with_capacity(capacity.min(4096)),
            dropped: 0,
        }
    }

    fn push(&mut self, event: SimEvent) {
        if self.capacity == 0 {
            self.dropped += 1;
            return;
        }
        if self.events.len() == self.capacity {
            self.events.pop_front();
            self.dropped += 1;
        }
        self.events.push_back(event);
    }

    /// Take the buffered events, oldest first.
    pub fn drain(&mut self) -> Vec<SimEvent> {
        std::mem::take(&mut self.events).into()
    }

    /// Events held.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// No event held.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Events dropped because the buffer was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

/// Where events go.
#[derive(Default)]
pub enum Sink {
    /// Nowhere: events are never built.
    #[default]
    Off,
    /// Into a bounded buffer (the CLI's trace, tests).
    Ring {
        /// The buffer.
        ring: RingSink,
        /// Record the strategies' explanation steps too.
        explain: bool,
    },
    /// To a function, one event at a time (the browser's recorder).
    Callback {
        /// The function.
        callback: Box<dyn FnMut(SimEvent)>,
        /// Record the strategies' explanation steps too.
        explain: bool,
    },
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sink::Off => f.write_str("Sink::Off"),
            Sink::Ring { ring, explain } => f
                .debug_struct("Sink::Ring")
                .field("len", &ring.len())
                .field("explain", explain)
                .finish(),
            Sink::Callback { explain, .. } => f
                .debug_struct("Sink::Callback")
                .field("explain", explain)
                .finish(),
        }
    }
}

impl Sink {
    #[inline]
    /// Whether events are wanted at all (so the simulator can skip building them).
    pub fn is_on(&self) -> bool {
        !matches!(self, Sink::Off)
    }

    /// Should picks record the engine's explanation steps?
    #[inline]
    pub fn explain(&self) -> bool {
        match self {
            Sink::Off => false,
            Sink::Ring { explain, .. } | Sink::Callback { explain, .. } => *explain,
        }
    }

    /// Emit the event `make` builds; `make` runs only when the sink is on.
    #[inline]
    pub fn emit(&mut self, make: impl FnOnce() -> SimEvent) {
        if self.is_on() {
            self.send(make());
        }
    }

    /// Where [`Self::emit`] sends: apart, so each emitting site builds its event once, not once
    /// per kind of sink.
    fn send(&mut self, event: SimEvent) {
        match self {
            Sink::Off => {}
            Sink::Ring { ring, .. } => ring.push(event),
            Sink::Callback { callback, .. } => callback(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: Nanos) -> SimEvent {
        SimEvent::NoServer {
            t_ns: t,
            request: t,
            balancer: 0,
        }
    }

    #[test]
    fn the_ring_keeps_the_newest_and_counts_the_dropped() {
        let mut sink = Sink::Ring {
            ring: RingSink::new(3),
            explain: false,
        };
        for t in 0..5 {
            sink.emit(|| ev(t));
        }
        let Sink::Ring { ring, .. } = &mut sink else {
            unreachable!()
        };
        assert_eq!(ring.dropped(), 2);
        assert_eq!(ring.drain(), vec![ev(2), ev(3), ev(4)]);
        assert!(ring.is_empty());
    }

    #[test]
    fn an_off_sink_never_builds_events() {
        let mut sink = Sink::Off;
        sink.emit(|| panic!("built an event nobody wants"));
        assert!(!sink.is_on() && !sink.explain());
        let seen = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = seen.clone();
        let mut sink = Sink::Callback {
            callback: Box::new(move |_| counter.set(counter.get() + 1)),
            explain: true,
        };
        sink.emit(|| ev(1));
        sink.emit(|| ev(2));
        assert_eq!(seen.get(), 2);
        assert!(sink.explain());
    }

    #[test]
    fn events_serialize_with_a_tag() {
        let json = serde_json::to_string(&ev(7)).unwrap();
        assert_eq!(
            json,
            r#"{"event":"no_server","t_ns":7,"request":7,"balancer":0}"#
        );
    }
}
