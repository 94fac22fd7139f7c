//! The one random number generator the engine and simulator use.
//!
//! PCG-64 MCG (`rand_pcg::Pcg64Mcg`) is a named, portable algorithm: seeded with the same
//! number it yields the same stream on every platform, natively and in wasm. Nothing in Fulcrum
//! draws from the OS or from a thread-local generator.

use rand::SeedableRng;

/// The generator behind every random choice.
pub type SimRng = rand_pcg::Pcg64Mcg;

/// A generator seeded with `seed`.
pub fn seeded(seed: u64) -> SimRng {
    SimRng::seed_from_u64(seed)
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = super::seeded(7);
                move |_| r.random()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = super::seeded(7);
                move |_| r.random()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut r = super::seeded(8);
                move |_| r.random()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
