//! The moving parts, in real (wall-clock) milliseconds: a token per drawn request, a pulse per
//! health probe, a trail per hashed lookup. The simulator says what happened and when (in
//! simulated time, mapped to real time at the chosen speed); this module says where each thing
//! is on the screen at a given moment, and the shape each one is drawn with ([`shape`], traced
//! by a [`Pen`]).
//!
//! Travel between the client, the balancer and the server takes [`TRAVEL_MS`] of real time
//! whatever the speed: the network hops the simulator models take a millisecond, too short to
//! see, so the drawing gives them a fixed visible length. Time at the server is the simulated
//! service time at the chosen speed; a token shrinks as its expected work is done.

use std::collections::VecDeque;

use super::decimal::push_all;

/// Real ms per hop (client → balancer, balancer → server, server → client).
pub const TRAVEL_MS: f64 = 320.0;
/// Tokens drawn at most; beyond it one request in k is drawn.
pub const MAX_TOKENS: usize = 600;
/// How long a probe pulse lasts.
pub const PULSE_MS: f64 = 700.0;
/// How long a lookup trail lasts.
pub const TRAIL_MS: f64 = 2.0 * TRAVEL_MS + 400.0;
/// Lookup trails drawn at once; the oldest goes first.
pub const MAX_TRAILS: usize = 12;
const MAX_PULSES: usize = 256;
/// Refused attempts marked at once; the oldest goes first.
const MAX_REFUSALS: usize = 256;
/// With reduced motion a finished request stays in view this long, without moving.
const LINGER_MS: f64 = 1000.0;

/// How a drawn request is doing, which sets its colour, shape and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fate {
    /// Sent, not yet answered.
    Pending = 0,
    /// Answered successfully.
    Ok = 1,
    /// Ended in an error, a refusal, a reset or a seed fault.
    Failed = 2,
    /// No eligible server: 503.
    NoServer = 3,
    /// No answer within the timeout.
    Timeout = 4,
    /// An attempt failed and the request went to another server.
    Retried = 5,
}

impl Fate {
    /// Every fate, in legend order (also the index of [`Frame::tokens`]).
    pub const ALL: [Fate; 6] = [
        Fate::Pending,
        Fate::Ok,
        Fate::Failed,
        Fate::NoServer,
        Fate::Timeout,
        Fate::Retried,
    ];

    /// The CSS class and the legend's words.
    pub fn class(self) -> &'static str {
        match self {
            Fate::Pending => "pending",
            Fate::Ok => "ok",
            Fate::Failed => "failed",
            Fate::NoServer => "noserver",
            Fate::Timeout => "timeout",
            Fate::Retried => "retried",
        }
    }

    /// The legend's words for the fate in `lang`.
    pub fn label(self, lang: crate::share::i18n::Lang) -> &'static str {
        use crate::share::i18n::Text;
        match self {
            Fate::Pending => Text::FateInFlight,
            Fate::Ok => Text::FateSuccess,
            Fate::Failed => Text::FateFailed,
            Fate::NoServer => Text::FateNoServer,
            Fate::Timeout => Text::FateTimeout,
            Fate::Retried => Text::FateRetried,
        }
        .get(lang)
    }
}

/// One drawn request.
#[derive(Clone, Debug)]
pub struct Token {
    /// When it left the client; after a retry, so that it stands at the balancer at the retry.
    pub t0: f64,
    /// Scenario index of the server of the current attempt.
    pub server: Option<u32>,
    /// The balancer that took it (the first until it is known).
    pub balancer: u32,
    /// When the attempt started at the server, and the expected service time (real ms).
    pub started: f64,
    /// Expected service time of the attempt (real ms).
    pub expected: f64,
    /// When the request ended, and how.
    pub done: Option<f64>,
    /// Its state now.
    pub fate: Fate,
    /// Some attempt of it failed and was retried (drawn with a mark).
    pub retried: bool,
}

impl Token {
    /// A token that left the client at `t0` (real ms), pending, balancer 0 until known.
    pub fn new(t0: f64) -> Self {
        Self {
            t0,
            server: None,
            balancer: 0,
            started: t0,
            expected: 0.0,
            done: None,
            fate: Fate::Pending,
            retried: false,
        }
    }

    /// When it starts its way back (it never turns back before reaching where it was going).
    fn turn(&self, travel: f64) -> Option<f64> {
        let done = self.done?;
        let reach = if self.fate == Fate::NoServer {
            self.t0 + travel
        } else {
            self.t0 + 2.0 * travel
        };
        Some(done.max(reach))
    }

    /// When it leaves the picture.
    pub fn gone(&self, travel: f64) -> Option<f64> {
        let linger = if travel == 0.0 { LINGER_MS } else { 0.0 };
        self.turn(travel).map(|t| t + travel + linger)
    }
}

/// A health probe's answer, drawn as a pulse at the server.
#[derive(Clone, Copy, Debug)]
pub struct Pulse {
    /// When the answer came (real ms); the pulse fades from then.
    pub t: f64,
    /// Scenario index of the server probed.
    pub server: u32,
    /// Whether the probe passed.
    pub pass: bool,
}

/// An attempt a server failed, which the balancer sent on to another: a cross at that server.
#[derive(Clone, Copy, Debug)]
pub struct Refusal {
    /// When the attempt failed (real ms); the cross fades from then, as a pulse does.
    pub t: f64,
    /// Scenario index of the server that failed it.
    pub server: u32,
}

/// A hashed lookup: the key at its position, the walk clockwise to its point, the owner.
#[derive(Clone, Copy, Debug)]
pub struct Trail {
    /// When the lookup happened (real ms); the trail fades from then.
    pub t: f64,
    /// Positions as fractions of the circle (or of the maglev table).
    pub key: f64,
    /// The owning point's position, clockwise from the key.
    pub point: f64,
    /// Pool index of the owner.
    pub owner: usize,
    /// A Maglev table rather than a ring: drawn as slots, not an arc.
    pub maglev: bool,
}

/// Where the flow's fixed places are, in SVG units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlowLayout {
    /// Drawing width.
    pub width: f64,
    /// Drawing height: the taller of the server rows and the balancer boxes.
    pub height: f64,
    /// Server rows (at least 1).
    pub servers: usize,
    /// Height of one server row, 16 to 48 units.
    pub row: f64,
    /// The client's centre.
    pub client: (f64, f64),
    /// The first balancer's centre; the others stand below it, [`FlowLayout::balancer_at`].
    pub balancer: (f64, f64),
    /// How many balancers are drawn (one box each, up to [`MAX_DRAWN_BALANCERS`]).
    pub balancers: usize,
    /// How many balancers there are (the boxes beyond [`MAX_DRAWN_BALANCERS`] share the last).
    pub balancers_total: u32,
    /// The x of the servers' column.
    pub server_x: f64,
}

/// Balancers drawn as boxes of their own; beyond this many, the last box stands for the rest.
pub const MAX_DRAWN_BALANCERS: usize = 8;

impl FlowLayout {
    /// The layout for `servers` rows; `narrow` for a phone (a narrower drawing, so its text
    /// stays readable when scaled down).
    pub fn new(servers: usize, narrow: bool) -> Self {
        let n = servers.max(1);
        let row = (300.0 / n as f64).clamp(16.0, 48.0);
        let height = (n as f64 * row + 40.0).max(220.0);
        let width = if narrow { 430.0 } else { 640.0 };
        let k = width / 640.0;
        Self {
            width,
            height,
            servers: n,
            row,
            client: (50.0, height / 2.0),
            balancer: (50.0 + 180.0 * k, height / 2.0),
            balancers: 1,
            balancers_total: 1,
            server_x: 420.0 * k - if narrow { 20.0 } else { 0.0 },
        }
    }

    /// The same layout with `n` balancers stacked around the middle (at most
    /// [`MAX_DRAWN_BALANCERS`] boxes; the taller of its boxes and its server rows sets the
    /// height).
    pub fn with_balancers(mut self, n: u32) -> Self {
        let drawn = (n as usize).clamp(1, MAX_DRAWN_BALANCERS);
        self.balancers = drawn;
        self.balancers_total = n.max(1);
        if drawn > 1 {
            let needed = drawn as f64 * self.balancer_pitch() + 40.0;
            if needed > self.height {
                self.height = needed;
                self.client.1 = needed / 2.0;
                self.balancer.1 = needed / 2.0;
            }
        }
        self
    }

    /// The box height of each balancer and the distance between their centres.
    pub fn balancer_box(&self) -> f64 {
        if self.balancers == 1 { 52.0 } else { 34.0 }
    }

    fn balancer_pitch(&self) -> f64 {
        if self.balancers == 1 { 0.0 } else { 42.0 }
    }

    /// The centre of balancer `b` (those beyond the drawn boxes share the last one).
    pub fn balancer_at(&self, b: usize) -> (f64, f64) {
        let b = b.min(self.balancers - 1);
        let pitch = self.balancer_pitch();
        let top = self.balancer.1 - pitch * (self.balancers as f64 - 1.0) / 2.0;
        (self.balancer.0, top + pitch * b as f64)
    }

    /// The y of the centre of server row `i`.
    pub fn server_y(&self, i: usize) -> f64 {
        let top = (self.height - self.servers as f64 * self.row) / 2.0;
        top + self.row * (i as f64 + 0.5)
    }

    /// Token radius.
    pub fn radius(&self) -> f64 {
        (self.row / 4.0).clamp(3.0, 7.0)
    }
}

/// Characters (a wide one counts two) of the balancer's label that fit a line, and its lines at
/// most: the box is 104 units wide and the label 11 units tall.
pub const LABEL_LINE: usize = 16;
/// Lines of the balancer's label at most.
pub const LABEL_LINES: usize = 3;

/// The width of `text` in characters, a wide (CJK) one counting two.
pub fn label_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum()
}

/// The balancer's label (a strategy's name, maybe with "(seed)") in lines: broken at spaces and
/// before a bracket, never inside a name (`round_robin` stays whole, as code); at most
/// [`LABEL_LINES`], the last with an ellipsis when more were needed. A line wider than
/// [`LABEL_LINE`] is a single long name, which the view squeezes into the box.
pub fn label_lines(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for part in text.split(' ').filter(|p| !p.is_empty()) {
        // "name（教程代码）" and "name(seed)": the bracket starts a word of its own.
        let mut rest = part;
        while let Some(at) = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c == '(' || c == '（')
        {
            words.push(rest[..at.0].to_string());
            rest = &rest[at.0..];
        }
        words.push(rest.to_string());
    }
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if label_width(line) + 1 + label_width(&word) <= LABEL_LINE => {
                line.push(' ');
                line.push_str(&word);
            }
            _ => lines.push(word),
        }
    }
    if lines.len() > LABEL_LINES {
        lines.truncate(LABEL_LINES);
        lines[LABEL_LINES - 1].push('…');
    }
    lines
}

fn lerp(a: (f64, f64), b: (f64, f64), f: f64) -> (f64, f64) {
    let f = f.clamp(0.0, 1.0);
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

/// Ease in and out, so hops start and stop softly.
fn ease(f: f64) -> f64 {
    let f = f.clamp(0.0, 1.0);
    f * f * (3.0 - 2.0 * f)
}

/// Where a token or a pulse is drawn: its centre and radius.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// Its centre, in the drawing's units.
    pub x: f64,
    /// Its centre, in the drawing's units.
    pub y: f64,
    /// Its radius.
    pub r: f64,
}

/// What traces the marks' shapes: the canvas in the page, an SVG path's text in tests. The
/// frame hands over numbers, not path text, because the canvas would parse the text again on
/// every frame (for ~500 tokens that parsing was the flow's largest cost).
pub trait Pen {
    /// Start a subpath at (x, y).
    fn move_to(&mut self, x: f64, y: f64);
    /// A line to (x, y).
    fn line_to(&mut self, x: f64, y: f64);
    /// A whole circle centred at (x, y), as a subpath of its own.
    fn circle(&mut self, x: f64, y: f64, r: f64);
    /// Close the current subpath.
    fn close(&mut self);
}

/// Trace the shape of a token in state `fate` at `m`: a circle while pending or answered, a
/// cross for a failure, a square for a 503, a triangle for a timeout, a diamond for a retry (the
/// shape tells the outcome as well as the colour).
pub fn shape(pen: &mut impl Pen, fate: Fate, m: Mark) {
    let Mark { x, y, r } = m;
    match fate {
        Fate::Pending | Fate::Ok => pen.circle(x, y, r),
        Fate::Failed => {
            pen.move_to(x - r, y - r);
            pen.line_to(x + r, y + r);
            pen.move_to(x + r, y - r);
            pen.line_to(x - r, y + r);
        }
        Fate::NoServer => {
            pen.move_to(x - r, y - r);
            pen.line_to(x + r, y - r);
            pen.line_to(x + r, y + r);
            pen.line_to(x - r, y + r);
            pen.close();
        }
        Fate::Timeout => {
            pen.move_to(x, y - r * 1.1);
            pen.line_to(x + r, y + r * 0.8);
            pen.line_to(x - r, y + r * 0.8);
            pen.close();
        }
        Fate::Retried => {
            pen.move_to(x, y - r * 1.2);
            pen.line_to(x + r, y - r * 0.2);
            pen.line_to(x, y + r * 0.8);
            pen.line_to(x - r, y - r * 0.2);
            pen.close();
        }
    }
}

/// An SVG path's text, one decimal per number: what the marks' shapes look like as SVG.
impl Pen for String {
    fn move_to(&mut self, x: f64, y: f64) {
        self.push('M');
        push_all(self, &[x, y]);
    }

    fn line_to(&mut self, x: f64, y: f64) {
        self.push('L');
        push_all(self, &[x, y]);
    }

    fn circle(&mut self, x: f64, y: f64, r: f64) {
        // Two arcs from the leftmost point.
        self.move_to(x - r, y);
        self.push('a');
        push_all(self, &[r, r]);
        self.push_str(" 0 1 0 ");
        push_all(self, &[2.0 * r]);
        self.push_str(" 0a");
        push_all(self, &[r, r]);
        self.push_str(" 0 1 0 ");
        push_all(self, &[-2.0 * r]);
        self.push_str(" 0");
    }

    fn close(&mut self) {
        self.push('z');
    }
}

/// One frame of the flow and the ring's overlay, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// Per [`Fate`], every token in that state (drawn with [`shape`]).
    pub tokens: [Vec<Mark>; 6],
    /// Tokens per [`Fate`], for the legend's counts.
    pub counts: [u32; 6],
    /// Passing probe pulses (circles).
    pub pulses_pass: Vec<Mark>,
    /// Failing probe pulses (circles).
    pub pulses_fail: Vec<Mark>,
    /// Attempts a server failed and the balancer retried elsewhere: a cross at that server
    /// (its token goes back to the balancer and on, so without it the picture would show no
    /// request reaching a crashed server the balancer has not found out yet).
    pub refused: Vec<Mark>,
    /// Lookup trails: (key fraction, point fraction, walk progress 0..1, opacity, owner, maglev).
    pub trails: Vec<(f64, f64, f64, f64, usize, bool)>,
    /// Moving or fading right now (the loop keeps running while this is true).
    pub moving: bool,
}

/// Drawn requests by request number. Requests arrive in number order, so a sorted deque is a
/// map: insert at the back, find by binary search.
#[derive(Clone, Debug, Default)]
pub struct Tokens(VecDeque<(u64, Token)>);

impl Tokens {
    /// Add request `id` (numbers only grow; an older number is ignored).
    pub fn insert(&mut self, id: u64, token: Token) {
        if self.0.back().is_none_or(|b| b.0 < id) {
            self.0.push_back((id, token));
        }
    }

    /// The token of request `id`, if it is drawn.
    pub fn get_mut(&mut self, id: u64) -> Option<&mut Token> {
        let i = self.0.binary_search_by_key(&id, |e| e.0).ok()?;
        self.0.get_mut(i).map(|e| &mut e.1)
    }

    /// Keep only the tokens for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(&Token) -> bool) {
        self.0.retain(|e| keep(&e.1));
    }

    /// Every token, oldest request first.
    pub fn values(&self) -> impl Iterator<Item = &Token> {
        self.0.iter().map(|e| &e.1)
    }

    /// Every token, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Token> {
        self.0.iter_mut().map(|e| &mut e.1)
    }

    /// Tokens drawn.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No token.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Drop every token.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Every moving part.
#[derive(Clone, Debug, Default)]
pub struct Motion {
    /// Drawn requests.
    pub tokens: Tokens,
    /// Probe pulses, at most one per server.
    pub pulses: VecDeque<Pulse>,
    /// Retried attempts, at the server that failed them (at most 256, the newest).
    pub refusals: VecDeque<Refusal>,
    /// Lookup trails, at most [`MAX_TRAILS`].
    pub trails: VecDeque<Trail>,
}

impl Motion {
    /// Drop every moving part (a reset or a new run).
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.pulses.clear();
        self.refusals.clear();
        self.trails.clear();
    }

    /// An attempt failed at a server and goes to another: a cross there, fading like a pulse.
    pub fn refused(&mut self, p: Refusal) {
        if self.refusals.len() == MAX_REFUSALS {
            self.refusals.pop_front();
        }
        self.refusals.push_back(p);
    }

    /// A probe answered: its pulse replaces the server's previous one (at high speeds probes
    /// come faster than a pulse fades).
    pub fn pulse(&mut self, p: Pulse) {
        self.pulses.retain(|q| q.server != p.server);
        if self.pulses.len() == MAX_PULSES {
            self.pulses.pop_front();
        }
        self.pulses.push_back(p);
    }

    /// Add a lookup trail, dropping the oldest when there are [`MAX_TRAILS`].
    pub fn trail(&mut self, t: Trail) {
        if self.trails.len() == MAX_TRAILS {
            self.trails.pop_front();
        }
        self.trails.push_back(t);
    }

    /// Where everything is at real time `now`; drops what has left the picture. `travel` is
    /// [`TRAVEL_MS`], or 0 with reduced motion (things jump to where they are going).
    pub fn frame(&mut self, now: f64, travel: f64, layout: &FlowLayout) -> Frame {
        let mut f = Frame::default();
        self.tokens
            .retain(|t| t.gone(travel).is_none_or(|g| g > now));
        self.pulses.retain(|p| p.t + PULSE_MS > now);
        self.refusals.retain(|p| p.t + PULSE_MS > now);
        self.trails.retain(|t| t.t + TRAIL_MS > now);
        let r = layout.radius();
        let client_out = (layout.client.0 + 40.0, layout.client.1);
        let balancer_in = |b: u32| {
            let (x, y) = layout.balancer_at(b as usize);
            (x - 52.0, y)
        };
        let balancer_out = |b: u32| {
            let (x, y) = layout.balancer_at(b as usize);
            (x + 52.0, y)
        };
        let low = |p: (f64, f64)| (p.0, p.1 + 2.4 * r);
        // The way back: to the balancer, then through it to the client, on a lane below.
        let back = |from: (f64, f64), b: u32, k: f64| {
            if k < 0.5 {
                lerp(low(from), low(balancer_out(b)), k * 2.0)
            } else {
                lerp(low(balancer_in(b)), low(client_out), (k - 0.5) * 2.0)
            }
        };
        let hop = |since: f64| {
            if travel == 0.0 {
                1.0
            } else {
                ease((now - since) / travel)
            }
        };
        for t in self.tokens.values() {
            let server = t
                .server
                .map(|s| (layout.server_x + 2.0, layout.server_y(s as usize)));
            let turn = t.turn(travel);
            let returning = turn.is_some_and(|turn| now >= turn);
            let (pos, size, moving) = match (turn, server) {
                (Some(turn), Some(at)) if returning => {
                    let k = hop(turn);
                    (back(at, t.balancer, k), 0.6, k < 1.0)
                }
                // A 503, or the seed's code raising: back from the balancer.
                (Some(turn), None) if returning => {
                    let k = hop(turn);
                    (
                        back(balancer_in(t.balancer), t.balancer, 0.5 + k / 2.0),
                        1.0,
                        k < 1.0,
                    )
                }
                _ if travel > 0.0 && now < t.t0 + travel => {
                    let k = ease((now - t.t0) / travel);
                    (lerp(client_out, balancer_in(t.balancer), k), 1.0, true)
                }
                (_, Some(at)) if travel > 0.0 && now < t.t0 + 2.0 * travel => {
                    let k = ease((now - t.t0 - travel) / travel);
                    (lerp(balancer_out(t.balancer), at, k), 1.0, true)
                }
                (_, Some(at)) => {
                    // At the server: it shrinks as the expected work gets done.
                    let left = if t.expected > 0.0 {
                        1.0 - ((now - t.started) / t.expected).clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    (at, 0.45 + 0.55 * left, left > 0.0)
                }
                (_, None) => (balancer_in(t.balancer), 1.0, false),
            };
            // The outcome shows once the answer is on its way back.
            let fate = match (returning, t.retried) {
                (true, _) => t.fate,
                (false, true) => Fate::Retried,
                (false, false) => Fate::Pending,
            };
            f.moving |= moving;
            f.tokens[fate as usize].push(Mark {
                x: pos.0,
                y: pos.1,
                r: r * size,
            });
            f.counts[fate as usize] += 1;
        }
        for p in &self.pulses {
            let k = ((now - p.t) / PULSE_MS).clamp(0.0, 1.0);
            let y = layout.server_y(p.server as usize);
            let rr = r + k * layout.row * 0.45;
            let d = if p.pass {
                &mut f.pulses_pass
            } else {
                &mut f.pulses_fail
            };
            d.push(Mark {
                x: layout.server_x - 14.0,
                y,
                r: rr,
            });
            f.moving = true;
        }
        for p in &self.refusals {
            // Just left of the server's box, where a token arrives; it shrinks as it fades.
            let k = ((now - p.t) / PULSE_MS).clamp(0.0, 1.0);
            f.refused.push(Mark {
                x: layout.server_x - 14.0,
                y: layout.server_y(p.server as usize),
                r: r * (1.2 - 0.5 * k),
            });
            f.moving = true;
        }
        for t in &self.trails {
            let age = now - t.t;
            let progress = if travel == 0.0 {
                1.0
            } else {
                ease(age / (2.0 * TRAVEL_MS))
            };
            let fade = if travel == 0.0 {
                1.0
            } else {
                (1.0 - (age - 2.0 * TRAVEL_MS) / (TRAIL_MS - 2.0 * TRAVEL_MS)).clamp(0.15, 1.0)
            };
            f.trails
                .push((t.key, t.point, progress, fade, t.owner, t.maglev));
            f.moving = true;
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balancers_label_breaks_between_words_never_inside_a_name() {
        assert_eq!(label_lines("round_robin"), ["round_robin"]);
        // Too long for a line, but a name: one line, which the view squeezes.
        assert_eq!(
            label_lines("weighted_least_connections"),
            ["weighted_least_connections"]
        );
        assert_eq!(
            label_lines("bounded_load_consistent_hash (seed)"),
            ["bounded_load_consistent_hash", "(seed)"]
        );
        assert_eq!(label_lines("random (seed)"), ["random (seed)"]);
        assert_eq!(
            label_lines("weighted_round_robin（教程代码）"),
            ["weighted_round_robin", "（教程代码）"]
        );
        assert_eq!(label_width("（教程代码）"), 12);
        let many = label_lines("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd");
        assert_eq!(many.len(), LABEL_LINES);
        assert!(many[LABEL_LINES - 1].ends_with('…'));
    }

    #[test]
    fn each_outcome_has_its_own_shape() {
        let m = Mark {
            x: 10.0,
            y: 20.0,
            r: 5.0,
        };
        let traced = |fate| {
            let mut d = String::new();
            shape(&mut d, fate, m);
            d
        };
        // Two arcs from the leftmost point: a circle of radius 5 around (10, 20).
        assert_eq!(
            traced(Fate::Ok),
            "M5.0 20.0a5.0 5.0 0 1 0 10.0 0a5.0 5.0 0 1 0 -10.0 0"
        );
        assert_eq!(traced(Fate::Pending), traced(Fate::Ok));
        // A cross: two strokes through the centre, corner to corner.
        assert_eq!(
            traced(Fate::Failed),
            "M5.0 15.0L15.0 25.0M15.0 15.0L5.0 25.0"
        );
        // A 503 is a closed square, a timeout a triangle, a retry a diamond.
        assert_eq!(
            traced(Fate::NoServer),
            "M5.0 15.0L15.0 15.0L15.0 25.0L5.0 25.0z"
        );
        assert_eq!(traced(Fate::Timeout), "M10.0 14.5L15.0 24.0L5.0 24.0z");
        assert_eq!(
            traced(Fate::Retried),
            "M10.0 14.0L15.0 19.0L10.0 24.0L5.0 19.0z"
        );
        let all: std::collections::BTreeSet<String> =
            Fate::ALL[1..].iter().map(|&f| traced(f)).collect();
        assert_eq!(all.len(), 5, "the shapes after Pending are all different");
    }

    #[test]
    fn tokens_show_their_outcome_only_on_the_way_back() {
        let layout = FlowLayout::new(4, false);
        let mut motion = Motion::default();
        let mut t = Token::new(0.0);
        t.server = Some(1);
        t.done = Some(10.0);
        t.fate = Fate::Ok;
        motion.tokens.insert(7, t);
        let going = motion.frame(100.0, 320.0, &layout);
        assert_eq!(
            going.counts[Fate::Pending as usize],
            1,
            "in flight on the way out"
        );
        let back = motion.frame(700.0, 320.0, &layout);
        assert_eq!(
            back.counts[Fate::Ok as usize],
            1,
            "a success on the way back"
        );
        let gone = motion.frame(2000.0, 320.0, &layout);
        assert_eq!(gone.counts.iter().sum::<u32>(), 0);
        assert!(motion.tokens.is_empty());
    }

    #[test]
    fn a_refused_attempt_is_marked_at_its_server_until_it_fades() {
        let layout = FlowLayout::new(4, false);
        let mut motion = Motion::default();
        motion.refused(Refusal {
            t: 100.0,
            server: 2,
        });
        let f = motion.frame(150.0, 320.0, &layout);
        assert_eq!(f.refused.len(), 1);
        assert_eq!(f.refused[0].y, layout.server_y(2));
        assert!(f.moving);
        assert!(
            motion
                .frame(100.0 + PULSE_MS, 320.0, &layout)
                .refused
                .is_empty()
        );
        assert!(motion.refusals.is_empty(), "dropped once faded");
    }
}
