//! Keeping a number in its range, the one way every reader of numbers does it: the link's reader
//! (`permalink`), the playground's controls (`playground::settings`) and the lookup debugger
//! (`playground::lookup::settings`). Each then says what happened in its own words (a
//! `LinkNote`, a `Notice`, a `LookupNote`), but the value used is always [`clamp`]'s.

#![warn(missing_docs)]

/// A value kept within `min..=max`: the one used, and whether it differs from the one given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clamped<T> {
    /// The value to use.
    pub used: T,
    /// The given value was outside the range (or not a number).
    pub changed: bool,
}

/// `given` kept within `min..=max` (`min` wins if the range is empty); for reals, NaN becomes
/// `min` and -0 becomes 0.
pub fn clamp<T: Bound>(given: T, min: T, max: T) -> Clamped<T> {
    let used = if given.is_nan() || given < min {
        min
    } else if given > max {
        max.max_of(min)
    } else {
        given
    };
    Clamped {
        used: used.normalized(),
        changed: used != given,
    }
}

/// What [`clamp`] needs of a number.
pub trait Bound: PartialOrd + Copy {
    /// Not a number (reals only).
    fn is_nan(self) -> bool {
        false
    }
    /// The larger of the two.
    fn max_of(self, other: Self) -> Self {
        if self < other { other } else { self }
    }
    /// The same value in its one written form (-0 as 0).
    fn normalized(self) -> Self {
        self
    }
}

impl Bound for f64 {
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn normalized(self) -> Self {
        self + 0.0
    }
}

impl Bound for u32 {}
impl Bound for u64 {}
impl Bound for usize {}
impl Bound for i128 {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn values_outside_are_moved_to_the_nearest_end() {
        assert_eq!(
            clamp(5u64, 1, 10),
            Clamped {
                used: 5,
                changed: false
            }
        );
        assert_eq!(
            clamp(0u64, 1, 10),
            Clamped {
                used: 1,
                changed: true
            }
        );
        assert_eq!(
            clamp(11u64, 1, 10),
            Clamped {
                used: 10,
                changed: true
            }
        );
        assert_eq!(
            clamp(f64::NAN, 1.0, 2.0),
            Clamped {
                used: 1.0,
                changed: true
            }
        );
        assert!(!clamp(-0.0, -1.0, 1.0).used.is_sign_negative());
        assert_eq!(clamp(3u32, 5, 4).used, 5, "an empty range gives its min");
    }

    proptest! {
        #[test]
        fn a_clamped_real_is_in_range_and_changed_only_when_it_was_outside(
            given in prop_oneof![any::<f64>(), -1e3f64..1e3],
            min in -100.0f64..100.0,
            span in 0.0f64..100.0,
        ) {
            let max = min + span;
            let c = clamp(given, min, max);
            prop_assert!((min..=max).contains(&c.used));
            prop_assert_eq!(c.changed, !(min..=max).contains(&given));
        }
    }
}
