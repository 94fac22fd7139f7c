//! What the user hands the command line, bounded where it is read.
//!
//! Numbers are parsed with their range in the message ("expected a whole number from 0 to
//! 1000000000, got -1"; negative numbers reach the parser instead of being taken for flags).
//! Server lists come from `--servers` or `--servers-file` (commas or lines, `#` comments) and hold
//! at most [`MAX_SERVERS`]; files are read up to a ceiling, so `/dev/zero` is an error after
//! [`MAX_LIST_BYTES`] rather than a process that eats memory. Keys are streamed line by line, each
//! line at most [`MAX_KEY_BYTES`], so a keys file of any length routes in constant memory.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use fulcrum::engine::Server;
use fulcrum::engine::model::parse_server_lines;
use fulcrum::scenario::text::escaped;

use crate::CliError;

/// The most servers `fulcrum route` takes: the engine keeps about 1 KB a server (its response
/// window), so 1,000,000 servers took 1.08 GB; 100,000 take about 110 MB.
pub const MAX_SERVERS: usize = 100_000;
/// The largest server list file (about 600 bytes a server at [`MAX_SERVERS`], comments included).
pub const MAX_LIST_BYTES: u64 = 64 << 20;
/// The longest key (one line of `--keys`), in bytes.
pub const MAX_KEY_BYTES: usize = 64 << 10;
/// Keys from standard input held for a second pass (`--remove`/`--add` route every key twice;
/// a file is simply read again).
pub const MAX_HELD_KEY_BYTES: usize = 256 << 20;

/// A clap parser for a whole number in `min..=max` whose message names the range.
pub fn whole<T: TryFrom<u64>>(
    min: u64,
    max: u64,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("expected a whole number from {min} to {max}, got {text}"))
    }
}

/// A clap parser for a finite number in `min..=max` (above `min` when `exclusive_min`) whose
/// message names the range.
pub fn real(
    min: f64,
    max: f64,
    exclusive_min: bool,
) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| {
                x.is_finite() && *x <= max && if exclusive_min { *x > min } else { *x >= min }
            })
            .ok_or_else(|| {
                if exclusive_min {
                    format!("expected a number above {min} and at most {max}, got {text}")
                } else {
                    format!("expected a number from {min} to {max}, got {text}")
                }
            })
    }
}

/// A clap parser for a whole number of type `T` whose message names `min..=max`, the range the
/// strategy's own check holds it to (that check names the setting; this one catches what is no
/// whole number at all, such as -1).
pub fn whole_in<T: TryFrom<u64>>(
    min: u64,
    max: u64,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        text.trim()
            .parse::<u64>()
            .ok()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("expected a whole number from {min} to {max}, got {text}"))
    }
}

/// Read a whole file (`-`: standard input) of at most `max` bytes as UTF-8 text, without a
/// leading byte-order mark; `flag` names the option in messages.
pub fn read_text(flag: &str, path: &str, max: u64) -> Result<String, CliError> {
    let shown = escaped(path);
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return Err(CliError(format!("{flag}: cannot read '{shown}': {e}")));
    }
    if bytes.len() as u64 > max {
        return Err(CliError(format!(
            "{flag}: '{shown}' is larger than {max} bytes, the most it may hold"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError(format!(
            "{flag}: '{shown}' is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Servers from `--servers` text or a `--servers-file`: entries separated by commas or line
/// breaks, blank lines and `#` comments skipped, at most [`MAX_SERVERS`].
pub fn servers_from(flag: &str, text: &str) -> Result<Vec<Server>, CliError> {
    // Count the entries before parsing any: a list past the ceiling is refused at once.
    let count = text
        .split([',', '\n'])
        .filter(|e| !e.trim().is_empty())
        .count();
    if count > MAX_SERVERS {
        return Err(CliError(format!(
            "{flag}: expected at most {MAX_SERVERS} servers, got {count}"
        )));
    }
    parse_server_lines(text).map_err(|e| CliError(format!("{flag}: {}", escaped(&e.to_string()))))
}

/// Keys, one a line, streamed from a file or standard input.
pub struct KeyLines<'a> {
    reader: Box<dyn BufRead + 'a>,
    /// The name in messages (`-` is standard input).
    name: String,
    buf: Vec<u8>,
    line: u64,
}

impl<'a> KeyLines<'a> {
    pub fn open(path: &str) -> Result<Self, CliError> {
        let reader: Box<dyn BufRead + 'a> = if path == "-" {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| CliError(format!("cannot read keys file '{}': {e}", escaped(path))))?;
            Box::new(BufReader::new(file))
        };
        Ok(Self::from_reader(reader, path))
    }

    pub fn from_reader(reader: Box<dyn BufRead + 'a>, name: &str) -> Self {
        Self {
            reader,
            name: escaped(name).into_owned(),
            buf: Vec::new(),
            line: 0,
        }
    }

    /// The next key (its line without the line break), or None at the end.
    pub fn next_key(&mut self) -> Result<Option<&str>, CliError> {
        self.buf.clear();
        let limit = MAX_KEY_BYTES as u64 + 2; // the key, then "\r\n"
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| CliError(format!("cannot read keys file '{}': {e}", self.name)))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
        }
        if self.buf.len() > MAX_KEY_BYTES {
            return Err(CliError(format!(
                "cannot read keys file '{}': line {}: expected a key of at most {MAX_KEY_BYTES} bytes, got a longer line",
                self.name, self.line
            )));
        }
        let line = self.line;
        let text = std::str::from_utf8(&self.buf).map_err(|e| {
            CliError(format!(
                "cannot read keys file '{}': line {line} is not UTF-8 text (invalid byte at offset {})",
                self.name,
                e.valid_up_to()
            ))
        })?;
        Ok(Some(if line == 1 {
            text.strip_prefix('\u{FEFF}').unwrap_or(text)
        } else {
            text
        }))
    }
}

/// Every line of standard input or of a pipe, held for a second pass, at most
/// [`MAX_HELD_KEY_BYTES`].
pub fn hold_keys(path: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let shown = escaped(path);
    let read = if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(MAX_HELD_KEY_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| {
            f.take(MAX_HELD_KEY_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
        })
    };
    read.map_err(|e| CliError(format!("cannot read keys file '{shown}': {e}")))?;
    if bytes.len() > MAX_HELD_KEY_BYTES {
        return Err(CliError(format!(
            "--keys {shown}: with --remove or --add every key is routed twice, so keys from standard input or a pipe are held, at most {MAX_HELD_KEY_BYTES} bytes; give a longer list as a file"
        )));
    }
    Ok(bytes)
}

/// Can `path` be read twice: a regular file, not standard input or a pipe?
pub fn is_rereadable(path: &str) -> bool {
    !is_stdin(path) && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Is `path` standard input?
pub fn is_stdin(path: &str) -> bool {
    path == "-" || Path::new(path) == Path::new("/dev/stdin")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every key of `bytes`, or the first error.
    fn keys(bytes: &[u8]) -> Result<Vec<String>, String> {
        let mut lines = KeyLines::from_reader(Box::new(bytes), "test");
        let mut out = Vec::new();
        while let Some(key) = lines.next_key().map_err(|e| e.0)? {
            out.push(key.to_string());
        }
        Ok(out)
    }

    #[test]
    fn keys_are_lines_without_their_breaks_and_long_lines_are_refused() {
        assert_eq!(keys(b"a\r\nb\n\nc").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            keys("\u{FEFF}a\n\u{FEFF}b".as_bytes()).unwrap(),
            ["a", "\u{FEFF}b"]
        );
        let long = vec![b'x'; MAX_KEY_BYTES + 1];
        let e = keys(&long).unwrap_err();
        assert!(
            e.ends_with("line 1: expected a key of at most 65536 bytes, got a longer line"),
            "{e}"
        );
        let mut exact = vec![b'x'; MAX_KEY_BYTES];
        exact.extend(b"\r\nnext");
        assert_eq!(keys(&exact).unwrap().len(), 2);
        assert!(
            keys(b"ok\n\xff\n")
                .unwrap_err()
                .contains("line 2 is not UTF-8")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_bytes_read_as_the_lines_of_their_text(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            match std::str::from_utf8(&bytes) {
                Ok(text) => {
                    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                    let expected: Vec<&str> = text.lines().collect();
                    prop_assert_eq!(keys(&bytes).unwrap(), expected);
                }
                Err(_) => prop_assert!(keys(&bytes).is_err()),
            }
        }

        #[test]
        fn server_list_files_take_any_text(text in "[a-z0-9:=,#. \\-\r\n\u{1b}]{0,120}") {
            if let Ok(servers) = servers_from("--servers-file", &text) {
                prop_assert!(!servers.is_empty());
                for s in &servers {
                    prop_assert!(!s.id.chars().any(|c| c.is_whitespace() || c == ',' || c == '#' || c.is_control()));
                }
            }
        }
    }
}
