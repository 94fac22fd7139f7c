//! Text packed for a URL: a pasted proxy configuration rides in the permalink's `config=`
//! parameter. Short text goes as it is (percent-encoded by the link); longer text is compressed
//! with raw deflate (miniz_oxide) and written in base64url without padding after the marker
//! `z.`, which is shorter in a URL than percent-encoded newlines and braces.
//!
//! Reading is bounded: a packed value inflates to at most [`MAX_UNPACKED_BYTES`] (the inflater
//! stops there, so a small value cannot expand into a large allocation) and must be UTF-8;
//! anything else is refused with what went wrong ([`Unpack`]), never a panic.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The marker of a packed value.
pub const PACKED_PREFIX: &str = "z.";
/// Text up to this many bytes is written as it is (unless it starts with the marker).
pub const PLAIN_MAX_BYTES: usize = 160;
/// The most bytes a packed value unpacks to (the import panel reads no more either).
pub const MAX_UNPACKED_BYTES: usize = 64 * 1024;

/// Why a value could not be unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unpack {
    /// Not base64url, not deflate, or not UTF-8.
    Malformed,
    /// It would unpack to more than [`MAX_UNPACKED_BYTES`].
    TooLarge,
}

/// `text` as the link writes it: itself when short, else `z.` + base64url(deflate(text)).
pub fn pack(text: &str) -> String {
    if text.len() <= PLAIN_MAX_BYTES && !text.starts_with(PACKED_PREFIX) {
        return text.to_string();
    }
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("{PACKED_PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Whether `value` can be a link's value without unpacking it (the page's check; the import
/// worker unpacks): a plain text at most [`MAX_UNPACKED_BYTES`], or the marker and base64url.
pub fn check(value: &str) -> Result<(), Unpack> {
    if value.len() > MAX_UNPACKED_BYTES {
        return Err(Unpack::TooLarge);
    }
    match value.strip_prefix(PACKED_PREFIX) {
        Some(encoded)
            if !encoded
                .trim_end_matches('=')
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Err(Unpack::Malformed)
        }
        _ => Ok(()),
    }
}

/// The text a value of the link stands for.
pub fn unpack(value: &str) -> Result<String, Unpack> {
    let Some(encoded) = value.strip_prefix(PACKED_PREFIX) else {
        return if value.len() > MAX_UNPACKED_BYTES {
            Err(Unpack::TooLarge)
        } else {
            Ok(value.to_string())
        };
    };
    let deflated = URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| Unpack::Malformed)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_UNPACKED_BYTES)
        .map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Unpack::TooLarge,
        _ => Unpack::Malformed,
    })?;
    String::from_utf8(bytes).map_err(|_| Unpack::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NGINX: &str = "upstream backend {\n    hash $request_uri consistent;\n    \
        server 10.0.0.1:8080;\n    server 10.0.0.2:8080 weight=2;\n    server 10.0.0.3:8080;\n    \
        server 10.0.0.4:8080 down;\n}\n";

    #[test]
    fn short_text_goes_as_it_is_and_long_text_is_packed_smaller() {
        assert_eq!(
            pack("upstream u { server a:1; }"),
            "upstream u { server a:1; }"
        );
        let packed = pack(NGINX);
        assert!(packed.starts_with(PACKED_PREFIX), "{packed}");
        assert!(
            packed.len() < NGINX.len(),
            "{} ≥ {}",
            packed.len(),
            NGINX.len()
        );
        assert!(
            packed[2..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(unpack(&packed).unwrap(), NGINX);
        // Text that happens to start with the marker is packed, so it reads back unchanged.
        assert_eq!(unpack(&pack("z.x")).unwrap(), "z.x");
    }

    #[test]
    fn a_bomb_is_refused_at_the_limit_and_garbage_is_malformed() {
        let big = "a".repeat(MAX_UNPACKED_BYTES + 1);
        let packed = pack(&big);
        assert!(packed.len() < 2_000, "{}", packed.len());
        assert_eq!(unpack(&packed), Err(Unpack::TooLarge));
        assert_eq!(unpack(&big), Err(Unpack::TooLarge));
        let fits = "a".repeat(MAX_UNPACKED_BYTES);
        assert_eq!(unpack(&pack(&fits)).unwrap(), fits);
        assert_eq!(unpack("z.!!!"), Err(Unpack::Malformed));
        assert_eq!(unpack("z.AAAA"), Err(Unpack::Malformed));
        let not_utf8 = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff], 9));
        assert_eq!(unpack(&format!("z.{not_utf8}")), Err(Unpack::Malformed));
    }

    proptest! {
        #[test]
        fn any_text_reads_back(text in "\\PC{0,400}") {
            prop_assert_eq!(unpack(&pack(&text)).unwrap(), text);
        }

        #[test]
        fn any_value_is_read_or_refused_without_a_panic(value in "(z\\.)?[A-Za-z0-9_=-]{0,300}") {
            let _ = unpack(&value);
        }
    }
}
