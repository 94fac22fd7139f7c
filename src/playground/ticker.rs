//! The animation loop's schedule: how much real time each frame advances the run, when a frame
//! also refreshes a part of the snapshot (and which), and when the live region speaks.
//! `ui::hooks::playground` asks it on every animation frame; it holds no timer of its own, so
//! `cargo test` drives it with made-up timestamps.
//!
//! A tick refreshes one of the snapshot's [`SNAPSHOT_PARTS`] in turn every [`SNAPSHOT_MS`]: a
//! frame redraws at most one part's views, and each part is refreshed every 12 × 70 ms.

use super::live::SNAPSHOT_PARTS;

/// Real ms between snapshot ticks while playing (each refreshes one of the snapshot's parts, so
/// each part is refreshed every [`SNAPSHOT_PARTS`] × 70 = 840 ms).
pub const SNAPSHOT_MS: f64 = 70.0;
/// Real ms between the live region's words while playing: a screen reader needs time to say
/// one pick before the next.
pub const NARRATE_MS: f64 = 2000.0;

/// What one animation frame does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// Real ms since the previous frame (0 on the first frame after a pause or a command).
    pub dt: f64,
    /// The snapshot part this frame refreshes, if any.
    pub part: Option<usize>,
    /// Whether the live region says the latest pick now.
    pub narrate: bool,
}

/// The loop's clock.
#[derive(Clone, Debug, Default)]
pub struct Ticker {
    last_ts: Option<f64>,
    last_snapshot: f64,
    last_narration: f64,
    /// The part the last tick refreshed.
    part: usize,
}

impl Ticker {
    /// An animation frame at `ts` (real ms): the time since the last frame, and while `playing`
    /// the part it refreshes every [`SNAPSHOT_MS`] and whether the live region speaks (every
    /// [`NARRATE_MS`], on a tick).
    pub fn frame(&mut self, ts: f64, playing: bool) -> Tick {
        let dt = self.last_ts.map_or(0.0, |last| ts - last);
        self.last_ts = Some(ts);
        let mut tick = Tick {
            dt,
            part: None,
            narrate: false,
        };
        if playing && ts - self.last_snapshot >= SNAPSHOT_MS {
            self.last_snapshot = ts;
            self.part = (self.part + 1) % SNAPSHOT_PARTS;
            tick.part = Some(self.part);
            if ts - self.last_narration >= NARRATE_MS {
                self.last_narration = ts;
                tick.narrate = true;
            }
        }
        tick
    }

    /// A command ran at `now` (its snapshot is whole and the live region has said it): the next
    /// frame starts the clock again rather than catching up.
    pub fn commanded(&mut self, now: f64) {
        self.last_ts = None;
        self.last_narration = now;
    }

    /// The page was hidden or shown: the next frame does not jump ahead by the time away.
    pub fn resume(&mut self) {
        self.last_ts = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 60 frames a second for `seconds`, from `from` ms.
    fn frames(t: &mut Ticker, from: f64, seconds: f64, playing: bool) -> Vec<(f64, Tick)> {
        let n = (seconds * 60.0) as usize;
        (0..n)
            .map(|i| {
                let ts = from + i as f64 * 1000.0 / 60.0;
                (ts, t.frame(ts, playing))
            })
            .collect()
    }

    #[test]
    fn ticks_refresh_the_parts_in_turn_about_every_70_ms() {
        let mut t = Ticker::default();
        let ticks: Vec<(f64, usize)> = frames(&mut t, 1000.0, 3.0, true)
            .into_iter()
            .filter_map(|(ts, k)| k.part.map(|p| (ts, p)))
            .collect();
        // At 60 Hz a tick waits for the first frame 70 ms on: every fifth frame, 83 ms.
        assert!((34..=37).contains(&ticks.len()), "{} ticks", ticks.len());
        for w in ticks.windows(2) {
            assert_eq!(w[1].1, (w[0].1 + 1) % SNAPSHOT_PARTS, "parts in turn");
            assert!(w[1].0 - w[0].0 >= SNAPSHOT_MS);
        }
    }

    #[test]
    fn the_live_region_speaks_at_most_every_two_seconds_and_waits_after_a_command() {
        let mut t = Ticker::default();
        t.commanded(1000.0);
        let spoken: Vec<f64> = frames(&mut t, 1000.0, 7.0, true)
            .into_iter()
            .filter(|(_, k)| k.narrate)
            .map(|(ts, _)| ts)
            .collect();
        assert_eq!(spoken.len(), 3, "{spoken:?}");
        assert!(spoken[0] >= 1000.0 + NARRATE_MS);
        assert!(spoken.windows(2).all(|w| w[1] - w[0] >= NARRATE_MS));
    }

    #[test]
    fn paused_frames_refresh_nothing_and_a_resumed_clock_does_not_jump() {
        let mut t = Ticker::default();
        assert!(
            frames(&mut t, 0.0, 1.0, false)
                .iter()
                .all(|(_, k)| k.part.is_none() && !k.narrate)
        );
        t.resume();
        let k = t.frame(60_000.0, true);
        assert_eq!(k.dt, 0.0, "the minute away is not played at once");
        assert!((t.frame(60_016.0, true).dt - 16.0).abs() < 1e-9);
    }
}
