//! Numbers as text: [`fixed`] and [`push`] for drawings, [`exact`] for tables and prose.
//!
//! Hand-written for speed (measured): the flow redraws hundreds of tokens every frame, each a few
//! SVG coordinates, and `{:.1}` formats exactly with big-number arithmetic, which cost more than
//! the rest of a frame's script. [`push`] rounds v × 10ⁿ half away from zero and writes the
//! integer, so it differs from `{:.n}` only on exact ties and in the sign of a rounded zero:
//! invisible in a drawing. [`exact`] is `format!` itself, for text a reader compares.

#![warn(missing_docs)]

/// Append `v` with `digits` decimals (at most 3) to `out`.
pub fn push(out: &mut String, v: f64, digits: usize) {
    let digits = digits.min(3);
    if !v.is_finite() {
        out.push_str(if v.is_nan() {
            "NaN"
        } else if v > 0.0 {
            "inf"
        } else {
            "-inf"
        });
        return;
    }
    // Beyond ±9e18 (never a coordinate) the digits saturate.
    let scaled = (v * [1.0, 10.0, 100.0, 1000.0][digits])
        .round()
        .clamp(-9e18, 9e18);
    if scaled < 0.0 {
        out.push('-');
    }
    let mut n = scaled.abs() as u64;
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let mut written = 0;
    while n > 0 || written <= digits {
        if written == digits && digits > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// Append each of `values` with one decimal, separated by spaces.
pub fn push_all(out: &mut String, values: &[f64]) {
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push(out, v, 1);
    }
}

/// `v` with `digits` decimals.
pub fn fixed(v: f64, digits: usize) -> String {
    let mut s = String::new();
    push(&mut s, v, digits);
    s
}

/// `v` with `digits` decimals then `unit`, exactly as `format!("{v:.1} ms")` writes it: for
/// tables and text, where ties must round as Rust rounds them.
pub fn exact(v: f64, digits: usize, unit: &str) -> String {
    format!("{v:.digits$}{unit}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What `format!("{v:.digits$}")` writes, with a rounded zero unsigned.
    fn reference(v: f64, digits: usize) -> String {
        let want = format!("{v:.digits$}");
        if want.trim_start_matches(['-', '0', '.']).is_empty() {
            want.trim_start_matches('-').to_string()
        } else {
            want
        }
    }

    fn is_tie(v: f64, digits: usize) -> bool {
        let scaled = v * [1.0, 10.0, 100.0, 1000.0][digits];
        (0.499..0.501).contains(&(scaled - scaled.trunc()).abs())
    }

    #[test]
    fn fixed_point_text_matches_the_exact_formatter_on_known_values() {
        assert_eq!(fixed(0.0, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.26, 1), "-2.3");
        assert_eq!(fixed(0.05, 2), "0.05");
        assert_eq!(fixed(123.0, 0), "123");
        assert_eq!(fixed(9.96, 1), "10.0");
        assert_eq!(fixed(f64::INFINITY, 1), "inf");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        let mut s = String::from("M");
        push_all(&mut s, &[1.25, -3.0]);
        assert_eq!(s, "M1.3 -3.0");
        assert_eq!(
            exact(2.25, 1, " ms"),
            "2.2 ms",
            "ties to even, as Rust writes them"
        );
    }

    proptest! {
        #[test]
        fn fixed_point_text_matches_the_exact_formatter_away_from_ties(
            v in -2000.0f64..2000.0,
            digits in 0usize..=3,
        ) {
            prop_assume!(!is_tie(v, digits));
            prop_assert_eq!(fixed(v, digits), reference(v, digits));
        }
    }
}
