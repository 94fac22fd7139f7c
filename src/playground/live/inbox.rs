//! Where the simulator's events land: the sink that counts picks, sends and latencies as they
//! come, and keeps the events for the moving parts while the page watches (not during a replay).

use super::*;

/// Latency percentiles per sample interval, from the requests that ended in it (the simulator's
/// own series counts requests but keeps no latencies).
#[derive(Debug, Default)]
pub(super) struct LatencySeries {
    pub(super) bucket: u64,
    pub(super) values: Vec<f64>,
    pub(super) points: VecDeque<(f64, f64, f64, f64)>,
}

impl LatencySeries {
    const MAX_VALUES: usize = 50_000;

    pub(super) fn record(&mut self, t_ns: Nanos, ms: f64) {
        let interval = (SAMPLE_INTERVAL_MS * 1e6) as Nanos;
        let b = t_ns / interval;
        if b != self.bucket {
            self.flush();
            self.bucket = b;
        }
        if self.values.len() < Self::MAX_VALUES {
            self.values.push(ms);
        }
    }

    pub(super) fn flush(&mut self) {
        if self.values.is_empty() {
            return;
        }
        self.values.sort_by(f64::total_cmp);
        let n = self.values.len();
        let at = |q: f64| self.values[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
        let t = (self.bucket + 1) as f64 * SAMPLE_INTERVAL_MS / 1000.0;
        if self.points.len() == settings::MAX_SAMPLES as usize {
            self.points.pop_front();
        }
        self.points.push_back((t, at(0.5), at(0.95), at(0.99)));
        self.values.clear();
    }
}

/// When each request in flight arrived, by request number (numbers arrive in order, and the
/// oldest requests end first often enough that the deque stays short).
#[derive(Debug, Default)]
pub(super) struct Arrivals {
    pub(super) first: u64,
    pub(super) at: VecDeque<Option<Nanos>>,
}

impl Arrivals {
    const MAX: usize = 1 << 17;

    pub(super) fn insert(&mut self, id: u64, t: Nanos) {
        if self.at.is_empty() {
            self.first = id;
        }
        if id < self.first {
            return;
        }
        while self.first + (self.at.len() as u64) < id {
            self.at.push_back(None);
        }
        if self.first + self.at.len() as u64 == id {
            self.at.push_back(Some(t));
        }
        // A request that never ends (the seed's code raised: no event says so) must not pin
        // the deque: beyond this many, the oldest are forgotten.
        while self.at.len() > Self::MAX {
            self.at.pop_front();
            self.first += 1;
        }
    }

    pub(super) fn remove(&mut self, id: u64) -> Option<Nanos> {
        let i = usize::try_from(id.checked_sub(self.first)?).ok()?;
        let t = self.at.get_mut(i)?.take();
        while self.at.front().is_some_and(Option::is_none) {
            self.at.pop_front();
            self.first += 1;
        }
        t
    }

    pub(super) fn clear(&mut self) {
        self.at.clear();
    }
}

/// Where the simulator's events land (its callback sink fills this).
#[derive(Debug, Default)]
pub(super) struct Inbox {
    pub(super) events: Vec<SimEvent>,
    /// Keep events (off during a replay: only latencies are kept then).
    pub(super) collect: bool,
    /// Picks and 503s seen (Step runs until this grows).
    pub(super) picks: u64,
    /// Requests sent so far (they are numbered from 0 in order).
    pub(super) sent: u64,
    /// The highest request number picked (or answered 503) so far.
    pub(super) last_picked: Option<u64>,
    pub(super) arrivals: Arrivals,
    pub(super) latency: LatencySeries,
}

pub(super) fn sink(inbox: &Rc<RefCell<Inbox>>) -> impl FnMut(SimEvent) + 'static {
    let inbox = inbox.clone();
    move |e| {
        let mut i = inbox.borrow_mut();
        match &e {
            SimEvent::RequestSent { t_ns, request, .. } => {
                i.arrivals.insert(*request, *t_ns);
                i.sent = i.sent.max(request + 1);
            }
            SimEvent::Finished {
                t_ns,
                request,
                last: true,
                outcome,
                ..
            } => {
                // The chart draws successes only: a failure that ends fast is no fast answer.
                if let Some(at) = i.arrivals.remove(*request)
                    && *outcome == Outcome::Ok
                {
                    i.latency.record(*t_ns, (t_ns - at) as f64 / 1e6);
                }
            }
            SimEvent::NoServer { request, .. } | SimEvent::SeedFault { request, .. } => {
                i.arrivals.remove(*request);
                i.picks += 1;
                i.last_picked = i.last_picked.max(Some(*request));
            }
            SimEvent::Picked { request, .. } => {
                i.picks += 1;
                i.last_picked = i.last_picked.max(Some(*request));
            }
            _ => {}
        }
        if i.collect {
            i.events.push(e);
        }
    }
}

pub(super) fn build_sim(
    settings: &Settings,
    actions: &[FaultSpec],
) -> Result<(Simulation, Rc<RefCell<Inbox>>), String> {
    let scenario = settings.scenario(actions);
    let mut sim = Simulation::new(&scenario, settings.seed).map_err(|e| e.to_string())?;
    let inbox = Rc::new(RefCell::new(Inbox::default()));
    sim.on_event(sink(&inbox), false);
    Ok((sim, inbox))
}
